"""The staff area (/redaksjon/): what contributors, editors and admins see once signed in. Views are thin:
every change is a catalog service (``tiltak.catalog.services``) with ``Actor.web(user)``; who may do what
is ``tiltak.accounts.permissions``."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tiltak.accounts.models import Membership
from tiltak.accounts.permissions import Action, may, own_place_ids, require, role_of
from tiltak.catalog import services
from tiltak.catalog.actor import Actor
from tiltak.catalog.models import Entry, EntryVersion
from tiltak.catalog.versions import diff_versions
from tiltak.errors import StaleVersion, TiltakError
from tiltak.studio.access import staff_view
from tiltak.studio.editing import EntryForm, draft_from_form, initial_for


@staff_view(Action.STUDIO)
def home(request: HttpRequest) -> HttpResponse:
    from tiltak.places.models import Place

    user = request.user
    places = Place.objects.filter(memberships__in=Membership.objects.filter(user=cast(Any, user))).order_by(
        "name"
    )
    return render(
        request,
        "studio/home.html",
        {
            "role": role_of(user),
            "places": places,
            "own_place_count": len(own_place_ids(user)),
            "can": {action.name.lower(): may(user, action) for action in Action},
        },
    )


@staff_view(Action.EDIT)
def entries(request: HttpRequest) -> HttpResponse:
    """Every entry, drafts too, newest change first; filter by status."""
    rows = Entry.objects.order_by("-updated_at", "-id")
    status = request.GET.get("status", "")
    if status in Entry.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows.only("slug", "title", "status", "version", "updated_at"), 50).get_page(
        request.GET.get("side")
    )
    return render(
        request, "studio/entries.html", {"page": page, "status": status, "statuses": Entry.Status.choices}
    )


@staff_view(Action.STUDIO)
def entry(request: HttpRequest, slug: str) -> HttpResponse:
    found = _entry(slug)
    require(request.user, Action.HISTORY, found)
    return render(request, "studio/entry.html", _entry_context(request, found))


@staff_view(Action.EDIT)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = _entry(slug)
    if request.method != "POST":
        form = EntryForm(initial=initial_for(found))
        return render(request, "studio/edit.html", {"entry": found, "form": form})
    form = EntryForm(request.POST)
    if not form.is_valid():
        return render(request, "studio/edit.html", {"entry": found, "form": form}, status=400)
    data = form.cleaned_data
    try:
        updated = services.update_entry(
            found,
            draft_from_form(found, data),
            base_version=data["version"],
            actor=Actor.web(request.user),
            reason=data["reason"] or "edited on the web",
        )
    except StaleVersion as stale:
        # Someone saved first: show what they changed, keep what this editor typed, save nothing.
        theirs = _changes_between(found, stale.base_version, stale.current_version)
        context = {"entry": found, "form": form, "stale": stale, "theirs": theirs}
        return render(request, "studio/edit.html", context, status=409)
    except TiltakError as error:
        form.add_error(None, str(error))
        return render(request, "studio/edit.html", {"entry": found, "form": form}, status=400)
    messages.success(request, _("Saved as version %(number)s.") % {"number": updated.version})
    return HttpResponseRedirect(reverse("studio:entry", args=[updated.slug]))


VERBS = {
    "publish": (services.publish_entry, Action.PUBLISH),
    "archive": (services.archive_entry, Action.PUBLISH),
    "unarchive": (services.unarchive_entry, Action.PUBLISH),
}


@staff_view(Action.PUBLISH)
@require_POST
def change_status(request: HttpRequest, slug: str, verb: str) -> HttpResponse:
    if verb not in VERBS:
        raise Http404(f"No action '{verb}'.")
    found = _entry(slug)
    service, action = VERBS[verb]
    require(request.user, action, found)
    extra = {"notice": request.POST.get("notice", "")} if verb == "archive" else {}
    return _run(
        request,
        found,
        lambda: service(found, actor=Actor.web(request.user), base_version=_version(request), **extra),
        _("Done: %(title)s is now %(status)s."),
    )


@staff_view(Action.PUBLISH)
@require_POST
def restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    found = _entry(slug)
    return _run(
        request,
        found,
        lambda: services.restore_version(
            found, number, base_version=_version(request) or found.version, actor=Actor.web(request.user)
        ),
        _("Restored: %(title)s has the old content as a new version."),
    )


@staff_view(Action.DELETE)
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    found = _entry(slug)
    if request.method != "POST":
        return render(request, "studio/delete.html", {"entry": found})
    try:
        services.delete_entry(found, actor=Actor.web(request.user), base_version=_version(request))
    except TiltakError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("studio:entry", args=[found.slug]))
    messages.success(request, _("Deleted: %(title)s. The audit log keeps a record.") % {"title": found.title})
    return HttpResponseRedirect(reverse("studio:entries"))


@staff_view(Action.STUDIO)
def compare(request: HttpRequest, slug: str, old: int, new: int) -> HttpResponse:
    found = _entry(slug)
    require(request.user, Action.HISTORY, found)
    versions = {v.number: v for v in EntryVersion.objects.filter(entry=found, number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404(
            _("Entry %(title)s has no version %(number)s.")
            % {"title": found.title, "number": old if old not in versions else new}
        )
    changes = diff_versions(versions[old], versions[new])
    return render(
        request,
        "studio/compare.html",
        {"entry": found, "old": versions[old], "new": versions[new], "changes": _readable(changes)},
    )


# --- helpers -------------------------------------------------------------------------------------------


def _entry(slug: str) -> Entry:
    found = Entry.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(_("No entry with the address %(slug)s.") % {"slug": slug})
    return found


def _version(request: HttpRequest) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else None


def _run(request: HttpRequest, found: Entry, work: Any, success: str) -> HttpResponse:
    try:
        changed = work()
    except TiltakError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"title": changed.title, "status": changed.get_status_display()})
    return HttpResponseRedirect(reverse("studio:entry", args=[found.slug]))


def _entry_context(request: HttpRequest, found: Entry) -> dict[str, Any]:
    versions = list(EntryVersion.objects.filter(entry=found).order_by("-number").defer("data"))
    user = request.user
    return {
        "entry": found,
        "versions": versions,
        "can_edit": may(user, Action.EDIT, found),
        "can_publish": may(user, Action.PUBLISH, found),
        "can_delete": may(user, Action.DELETE, found),
    }


def _changes_between(found: Entry, old: int, new: int) -> list[dict[str, Any]]:
    versions = {v.number: v for v in EntryVersion.objects.filter(entry=found, number__in=[old, new])}
    if old not in versions or new not in versions:
        return []
    return _readable(diff_versions(versions[old], versions[new]))


def _readable(changes: dict[str, tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Each changed field as before/after text; a list as items removed and added (by wording and concept)."""
    rows = []
    for path, (before, after) in changes.items():
        if isinstance(before, list) or isinstance(after, list):
            old_items = [_item_text(i) for i in before or []]
            new_items = [_item_text(i) for i in after or []]
            rows.append(
                {
                    "field": path,
                    "removed": [i for i in old_items if i not in new_items],
                    "added": [i for i in new_items if i not in old_items],
                    "is_list": True,
                }
            )
        else:
            rows.append({"field": path, "before": before, "after": after, "is_list": False})
    return rows


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        text = str(item.get("text") or item.get("name") or "")
        concept = item.get("concept")
        return f"{text} → {concept}" if concept else text
    return str(item)
