"""The review workflow's verbs: send, publish, return, reject. Each checks its preconditions, writes in one
transaction and e-mails the contributor. Publishing goes through the catalog services, so the entry's
version, snapshot and audit row are written the usual way (a change started from an older version is
refused like any stale save)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import EntryDraft
from tiltak.catalog.models import Entry
from tiltak.catalog.serialize import draft_from_content
from tiltak.catalog.services import create_entry, update_entry
from tiltak.errors import InvalidInput
from tiltak.studio.models import Submission


def content_from_draft(draft: EntryDraft) -> dict[str, Any]:
    """The draft as content (the shape ``serialize.entry_content`` gives and ``draft_from_content`` reads)."""

    def item(i: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"text": i.text, "concept": i.concept, "match": i.match}
        for key in ("bullet", "organisation", "note"):
            if getattr(i, key):
                data[key] = getattr(i, key)
        if i.repeat:
            data["repeat"] = True
        return data

    return {
        "title": draft.title,
        "lead": draft.lead,
        "subject_areas": [item(i) for i in draft.lists.get("subject_areas", [])],
        "language": draft.language,
        "body": draft.body,
        "main_goal": draft.main_goal,
        "status": draft.status,
        "archive_notice": draft.archive_notice,
        "footer": draft.footer,
        "period": {"start": draft.period_start, "end": draft.period_end},
        "web_addresses": list(draft.web_addresses),
        "places": [
            {"name": p.name, "kind": p.kind, "code": p.code or None, "mention": p.mention}
            for p in draft.places
        ],
        "lists": {
            name: [item(i) for i in items] for name, items in draft.lists.items() if name != "subject_areas"
        },
        "sections": [{"heading": s.heading, "text": s.text, "items": list(s.items)} for s in draft.sections],
    }


def submit_new(draft: EntryDraft, *, user: Any) -> Submission:
    draft.status = Entry.Status.PUBLISHED
    return Submission.objects.create(
        kind=Submission.Kind.NEW,
        content=content_from_draft(draft),
        title=draft.title[:500],
        submitted_by=user,
    )


def propose_change(entry: Entry, draft: EntryDraft, *, base_version: int, user: Any) -> Submission:
    draft.status, draft.archive_notice = entry.status, entry.archive_notice
    return Submission.objects.create(
        kind=Submission.Kind.CHANGE,
        entry=entry,
        base_version=base_version,
        content=content_from_draft(draft),
        title=draft.title[:500],
        submitted_by=user,
    )


def publish_submission(submission: Submission, *, actor: Actor) -> Entry:
    """Make the submission's content the catalog's: a new published entry, or a new version of the entry."""
    with transaction.atomic():
        current = _open(submission)
        draft = draft_from_content(current.content, where=f"submission {current.pk}")
        who = current.submitted_by.get_username() if current.submitted_by else "?"
        if current.kind == Submission.Kind.NEW:
            entry = create_entry(draft, actor=actor, reason=f"submitted by {who}"[:200])
        else:
            if current.entry is None:
                raise InvalidInput(
                    f"The entry submission {current.pk} proposed a change to has been deleted."
                )
            entry = update_entry(
                current.entry,
                draft,
                base_version=current.base_version or current.entry.version,
                actor=actor,
                reason=f"change proposed by {who}"[:200],
            )
        _decide(current, Submission.State.PUBLISHED, actor, comment="", entry=entry)
    _tell(current)
    return entry


def return_submission(submission: Submission, *, actor: Actor, comment: str) -> Submission:
    if not comment.strip():
        raise InvalidInput(_("Say what the contributor should change: the comment is empty."))
    with transaction.atomic():
        current = _open(submission)
        _decide(current, Submission.State.RETURNED, actor, comment=comment.strip())
    _tell(current)
    return current


def reject_submission(submission: Submission, *, actor: Actor, reason: str) -> Submission:
    if not reason.strip():
        raise InvalidInput(_("Give the reason for rejecting: it is sent to the contributor."))
    with transaction.atomic():
        current = _open(submission)
        _decide(current, Submission.State.REJECTED, actor, comment=reason.strip())
    _tell(current)
    return current


def _open(submission: Submission) -> Submission:
    current = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("entry", "submitted_by")
        .get(pk=submission.pk)
    )
    if current.state not in (Submission.State.SENT, Submission.State.RETURNED):
        raise InvalidInput(
            _("Submission %(id)s is already %(state)s: decide on it only once.")
            % {"id": current.pk, "state": current.get_state_display()}
        )
    return current


def _decide(
    submission: Submission, state: str, actor: Actor, *, comment: str, entry: Entry | None = None
) -> None:
    submission.state = state
    submission.comment = comment
    submission.decided_by = actor.user
    if entry is not None:
        submission.entry = entry
    submission.save()


def _tell(submission: Submission) -> None:
    """E-mail the contributor the decision (plain text: nothing in it is read as HTML)."""
    user = submission.submitted_by
    if user is None or not user.email:
        return
    subject = _("Tiltakskatalogen: your submission “%(title)s” is %(state)s") % {
        "title": submission.title[:80],
        "state": submission.get_state_display(),
    }
    lines = [subject, ""]
    if submission.comment:
        lines += [_("The editor wrote:"), submission.comment, ""]
    lines.append(settings.TILTAK_BASE_URL.rstrip("/") + f"/redaksjon/bidrag/{submission.pk}/")
    send_mail(subject, "\n".join(lines), None, [user.email])
