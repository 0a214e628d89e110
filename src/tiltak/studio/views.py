"""The staff area (/redaksjon/): what contributors, editors and admins see once signed in. Views are thin:
every change is a catalog service (``tiltak.catalog.services``) with ``Actor.web(user)``; who may do what
is ``tiltak.accounts.permissions``."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
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
from tiltak.studio import submissions
from tiltak.studio.access import staff_view
from tiltak.studio.editing import ContributionForm, EntryForm, draft_from_form, initial_for
from tiltak.studio.models import Submission


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


# --- submissions -----------------------------------------------------------------------------------------


def _own_places(user: Any) -> list[Any]:
    from tiltak.places.models import Place

    return list(Place.objects.filter(pk__in=own_place_ids(user)).exclude(kind="village").order_by("name"))


@staff_view(Action.SUBMIT)
@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest) -> HttpResponse:
    from tiltak.places.models import Place

    places = (
        _own_places(request.user)
        if role_of(request.user) == "contributor"
        else list(Place.objects.filter(kind="municipality", valid_until=None).order_by("name"))
    )
    form = ContributionForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        chosen = [form.place_rows[pk] for pk in form.cleaned_data["places"]]
        try:
            draft = draft_from_form(None, form.cleaned_data, chosen)
            sent = submissions.submit_new(draft, user=request.user)
        except TiltakError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sent for review. You get an e-mail when an editor has decided."))
            return HttpResponseRedirect(reverse("studio:submission", args=[sent.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "studio/contribute.html", {"form": form}, status=status)


@staff_view(Action.STUDIO)
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    found = _entry(slug)
    require(request.user, Action.PROPOSE, found)
    form = EntryForm(request.POST or None, initial=None if request.method == "POST" else initial_for(found))
    if request.method == "POST" and form.is_valid():
        try:
            draft = draft_from_form(found, form.cleaned_data)
            sent = submissions.propose_change(
                found, draft, base_version=form.cleaned_data["version"], user=request.user
            )
        except TiltakError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your proposal is sent for review."))
            return HttpResponseRedirect(reverse("studio:submission", args=[sent.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "studio/edit.html", {"entry": found, "form": form, "proposing": True}, status=status
    )


@staff_view(Action.STUDIO)
def my_submissions(request: HttpRequest) -> HttpResponse:
    rows = Submission.objects.filter(submitted_by=cast(Any, request.user)).select_related("entry")
    return render(
        request,
        "studio/submissions.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("side")), "mine": True},
    )


@staff_view(Action.REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for an editor (or in the state asked for), with counts per state and kind."""
    from django.db.models import Count

    from tiltak.vocabulary.services import unmapped_items

    state = request.GET.get("state", Submission.State.SENT)
    kind = request.GET.get("kind", "")
    rows = Submission.objects.select_related("entry", "submitted_by")
    if state in Submission.State.values:
        rows = rows.filter(state=state)
    if kind in Submission.Kind.values:
        rows = rows.filter(kind=kind)
    counts = dict(Submission.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return render(
        request,
        "studio/submissions.html",
        {
            "page": Paginator(rows, 50).get_page(request.GET.get("side")),
            "state": state,
            "kind": kind,
            "states": [(value, label, counts.get(value, 0)) for value, label in Submission.State.choices],
            "kinds": Submission.Kind.choices,
            "unmapped": unmapped_items().count(),
        },
    )


@staff_view(Action.STUDIO)
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    found = _submission(request, pk)
    changes: list[dict[str, Any]] = []
    if found.kind == Submission.Kind.CHANGE and found.entry is not None:
        from tiltak.catalog.serialize import entry_content, with_content_relations
        from tiltak.catalog.versions import diff_content

        number = found.base_version or found.entry.version
        base = EntryVersion.objects.filter(entry=found.entry, number=number).first()
        before = (
            base.data
            if base
            else entry_content(with_content_relations(Entry.objects.filter(pk=found.entry.pk)).get())
        )
        changes = _readable(diff_content(before, found.content))
    return render(
        request,
        "studio/submission.html",
        {
            "submission": found,
            "changes": changes,
            "content": found.content,
            "can_review": may(request.user, Action.REVIEW),
            "is_open": found.state in (Submission.State.SENT, Submission.State.RETURNED),
        },
    )


DECISIONS = ("publish", "return", "reject")


@staff_view(Action.REVIEW)
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404(f"No decision '{decision}'.")
    found = _submission(request, pk)
    actor = Actor.web(request.user)
    comment = request.POST.get("comment", "")
    try:
        if decision == "publish":
            entry = submissions.publish_submission(found, actor=actor)
            messages.success(request, _("Published: %(title)s.") % {"title": entry.title})
        elif decision == "return":
            submissions.return_submission(found, actor=actor, comment=comment)
            messages.success(request, _("Returned to the contributor with your comment."))
        else:
            submissions.reject_submission(found, actor=actor, reason=comment)
            messages.success(request, _("Rejected; the contributor is told why."))
    except TiltakError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(reverse("studio:submission", args=[found.pk]))


def _submission(request: HttpRequest, pk: int) -> Submission:
    found = Submission.objects.select_related("entry", "submitted_by").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No submission %(id)s.") % {"id": pk})
    if found.submitted_by_id != request.user.pk and not may(request.user, Action.REVIEW):
        raise PermissionDenied(_("This submission is someone else's."))
    return found
