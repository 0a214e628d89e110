"""The audit log for admins: every change, filterable by user, entry, action and time, as a page or CSV.
Rows hold ids and version numbers, never an entry's text (``AuditEvent``)."""

from __future__ import annotations

import csv
import json
from datetime import datetime, time
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from tiltak.accounts.permissions import Action
from tiltak.catalog.models import AuditCode, AuditEvent
from tiltak.studio.access import staff_view

FILTERS = ("user", "entry", "action", "from", "to")


def filtered(request: HttpRequest) -> tuple[QuerySet[AuditEvent], dict[str, str], list[str]]:
    """The rows the query string asks for, the filters as given, and a message for each one not understood."""
    given = {name: request.GET.get(name, "").strip() for name in FILTERS}
    rows = AuditEvent.objects.select_related("entry").order_by("-at", "-id")
    problems = []
    if given["user"]:
        rows = rows.filter(actor__icontains=given["user"])
    if given["entry"]:
        if given["entry"].isdigit():
            rows = rows.filter(entry_id=int(given["entry"])) | rows.filter(details__entry=int(given["entry"]))
        else:
            problems.append(
                _("Entry: give the entry's number (id), not '%(value)s'.") % {"value": given["entry"]}
            )
    if given["action"]:
        if given["action"] in AuditCode.values:
            rows = rows.filter(action=given["action"])
        else:
            problems.append(_("Action: '%(value)s' is not an action code.") % {"value": given["action"]})
    for name, bound in (("from", time.min), ("to", time.max)):
        if given[name]:
            try:
                day = parse_date(given[name]) if len(given[name]) == 10 else None
            except ValueError:  # well formed, but no such day (2026-13-40)
                day = None
            if day is None:
                problems.append(
                    _("%(name)s: '%(value)s' is not a date (YYYY-MM-DD).")
                    % {"name": name, "value": given[name]}
                )
                continue
            moment = timezone.make_aware(datetime.combine(day, bound))
            rows = rows.filter(at__gte=moment) if name == "from" else rows.filter(at__lte=moment)
    return rows, given, problems


@staff_view(Action.AUDIT)
def log(request: HttpRequest) -> HttpResponse:
    rows, given, problems = filtered(request)
    page = Paginator(rows, 100).get_page(request.GET.get("side"))
    query = urlencode({k: v for k, v in given.items() if v})
    return render(
        request,
        "studio/audit.html",
        {"page": page, "given": given, "problems": problems, "actions": AuditCode.choices, "query": query},
        status=400 if problems else 200,
    )


@staff_view(Action.AUDIT)
def log_csv(request: HttpRequest) -> HttpResponse:
    rows, _given, problems = filtered(request)
    if problems:
        return HttpResponse("\n".join(problems), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tiltakskatalogen-audit.csv"'
    writer = csv.writer(response)
    writer.writerow(["at", "actor", "via", "action", "entry", "details"])
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                row.at.isoformat(),
                _safe(row.actor),
                row.via,
                row.action,
                row.entry_id or "",
                json.dumps(row.details, sort_keys=True),
            ]
        )
    return response


def _safe(text: str) -> str:
    # A cell starting with = + - @ is a formula in spreadsheet programs: keep it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
