"""`PATCH /api/v1/entries/{key}`: change an entry through the API (issue #9). The only API call that
writes; everything else stays open and read-only.

- ``Authorization: Bearer TOKEN`` (``tiltak users token EMAIL``): missing or unknown, 401. Only the token
  counts, never a session cookie, so the call needs no CSRF token.
- The token's user must be allowed to edit the entry (``permissions.Action.EDIT``), else 403.
- ``If-Match`` carries the entry's ETag (from GET): missing, 428; stale (the entry changed since), 412.
- The body is a JSON object of fields in the export format (``docs/export-format.md``): the fields given
  replace the entry's; ``lists`` and ``period`` are merged by key. Status changes are verbs of their own
  (the staff pages); ``id``, ``slug``, ``version`` and ``source`` may be sent back as they are.
- Success: 200 with the entry as GET gives it, and its new ETag.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import quote_etag
from django.views.decorators.csrf import csrf_exempt

from tiltak.accounts.permissions import Action, may
from tiltak.accounts.services import user_for_token
from tiltak.catalog.actor import Actor
from tiltak.catalog.models import Entry
from tiltak.catalog.serialize import draft_from_content, entry_content, entry_to_dict, with_export_relations
from tiltak.catalog.services import update_entry
from tiltak.errors import StaleVersion, TiltakError

READ_ONLY = ("id", "slug", "version", "figures", "source", "links")
MERGED = ("lists", "period")


def entry_etag(entry: Entry) -> str:
    """The entry's ETag for writing: its id and version. GET /entries/{key} sends it; PATCH checks it."""
    return quote_etag(f"entry-{entry.pk}-v{entry.version}")


def version_from_etag(header: str, entry: Entry) -> int | None:
    """The version an If-Match header names for this entry, or None if it names none of its versions."""
    for tag in header.split(","):
        # GET sends "entry-ID-vN.STAMP" (the stamp part is for revalidation); the bare "entry-ID-vN" works too.
        text = tag.strip().removeprefix("W/").strip('"').split(".", 1)[0]
        prefix = f"entry-{entry.pk}-v"
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            return int(text[len(prefix) :])
    return None


class WriteError(Exception):
    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter


@csrf_exempt
def patch_entry(request: HttpRequest, key: str) -> HttpResponse:
    try:
        return _patch(request, key)
    except WriteError as error:
        response = _json(
            {"error": {"status": error.status, "parameter": error.parameter, "message": error.message}},
            error.status,
        )
        if error.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="tiltakskatalogen"'
        return response


def _patch(request: HttpRequest, key: str) -> HttpResponse:
    auth = request.headers.get("Authorization", "")
    token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    user = user_for_token(token)
    if user is None:
        problem = "is unknown or revoked" if token else "is missing"
        raise WriteError(
            401,
            f"The API token {problem}: send 'Authorization: Bearer TOKEN' (`tiltak users token EMAIL`).",
            "Authorization",
        )
    entry = _find(key)
    if entry is None:
        raise WriteError(404, f"No entry with id or slug '{key}'.", "key")
    if not may(user, Action.EDIT, entry):
        raise WriteError(403, f"{user.get_username()} may not change entries: that needs the editor role.")
    if_match = request.headers.get("If-Match", "")
    if not if_match:
        raise WriteError(
            428,
            "Send the entry's ETag (from GET) as If-Match, so a change made meanwhile is not overwritten.",
            "If-Match",
        )
    base_version = version_from_etag(if_match, entry)
    if base_version is None or base_version != entry.version:
        raise WriteError(
            412,
            f"The entry has changed since that ETag (it is now at version {entry.version}): GET it again, "
            "reapply your change and send the new ETag.",
            "If-Match",
        )
    changes = _body(request)
    content = _merged(entry, changes)
    try:
        draft = draft_from_content(content, where="the request body")
        updated = update_entry(
            entry,
            draft,
            base_version=base_version,
            actor=Actor.api(user),
            reason=str(changes.get("reason", ""))[:200] or "changed through the API",
        )
    except StaleVersion as stale:
        raise WriteError(412, str(stale), "If-Match") from None
    except TiltakError as error:
        raise WriteError(400, str(error), "body") from None
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise WriteError(
            400, f"A field does not have the export format's shape ({type(error).__name__}: {error}).", "body"
        ) from None
    from tiltak.api import results

    found = with_export_relations(Entry.objects.filter(pk=updated.pk)).get()
    data = results.with_labels(entry_to_dict(found), "nb")
    data["links"] = results.entry_links(request, found)
    response = _json(data, 200)
    response["ETag"] = entry_etag(found)
    return response


def _find(key: str) -> Entry | None:
    if key.isascii() and key.isdigit() and len(key) < 18:
        found = Entry.objects.filter(pk=int(key)).first()
        if found is not None:
            return found
    return Entry.objects.filter(slug=key).first()


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type not in ("application/json", "application/merge-patch+json"):
        raise WriteError(
            415,
            f"Send the fields as JSON (Content-Type: application/json), not '{request.content_type}'.",
            "Content-Type",
        )
    try:
        body = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WriteError(400, f"The body is not valid JSON: {error}.", "body") from None
    if not isinstance(body, dict) or not body:
        raise WriteError(
            400, 'The body must be a JSON object with the fields to change, e.g. {"lead": "..."}.', "body"
        )
    return body


def _merged(entry: Entry, changes: dict[str, Any]) -> dict[str, Any]:
    loaded = with_export_relations(Entry.objects.filter(pk=entry.pk)).get()
    content = entry_content(loaded)
    current = entry_to_dict(loaded)
    unknown = sorted(set(changes) - set(content) - set(READ_ONLY) - {"reason"})
    if unknown:
        raise WriteError(
            400, f"Unknown field(s) {', '.join(unknown)}: the fields are {', '.join(content)}.", unknown[0]
        )
    for name in READ_ONLY:
        if name in changes and name != "links" and changes[name] != current.get(name):
            raise WriteError(400, f"'{name}' cannot be changed through the API.", name)
    if "status" in changes and changes["status"] != content["status"]:
        raise WriteError(
            400, "The status changes by publishing or archiving on the staff pages, not by PATCH.", "status"
        )
    for name, value in changes.items():
        if name in READ_ONLY or name == "reason":
            continue
        if name in MERGED:
            if not isinstance(value, dict):
                raise WriteError(400, f"'{name}' must be an object.", name)
            content[name] = {**content[name], **value}
        else:
            content[name] = value
    return content


def _json(data: Any, status: int) -> HttpResponse:
    from django.http import JsonResponse

    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


def entry_resource(request: HttpRequest, key: str) -> HttpResponse:
    """/api/v1/entries/{key}: GET reads (open), PATCH writes (token)."""
    from tiltak.api import views

    if request.method == "PATCH":
        return patch_entry(request, key)
    return views.entry(request, key)


entry_resource.csrf_exempt = True  # type: ignore[attr-defined]
