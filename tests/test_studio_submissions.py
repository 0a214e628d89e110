"""Contributions: a municipality sends an initiative or proposes a change, an editor publishes, returns
it with a comment or rejects it; the contributor sees the state and gets an e-mail at each decision."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import builder
from tests.cast import make_user, sign_in
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftPlace
from tiltak.catalog.models import Entry
from tiltak.catalog.services import update_entry
from tiltak.places.models import Place
from tiltak.studio.editing import current_draft
from tiltak.studio.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client() -> Client:
    client = Client()
    sign_in(client, "editor")
    return client


def contribution(**extra) -> dict:
    vinje = Place.objects.get(kind="municipality", code="4036", valid_until=None)
    data = {
        "title": "Velkomstpakke i Vinje",
        "lead": "Nye innbyggjarar får ein pakke.",
        "language": "nn",
        "places": [str(vinje.pk)],
        "list_activities": "Vertskapsordning\nEigen velkomstfest",
    }
    data.update(extra)
    return data


def test_a_contributor_sends_an_initiative_and_an_editor_publishes_it(client, editor_client, mailoutbox):
    builder.web_concepts()
    sign_in(client, "contributor")
    sent = client.post(reverse("studio:contribute"), contribution())
    assert sent.status_code == 302
    submission = Submission.objects.get()
    assert (submission.kind, submission.state, submission.title) == ("new", "sent", "Velkomstpakke i Vinje")
    activities = submission.content["lists"]["activities"]
    assert [(i["text"], i["concept"]) for i in activities] == [
        ("Vertskapsordning", "host_scheme"),
        ("Eigen velkomstfest", None),  # "other": kept as written, for the editor to map
    ]
    assert not Entry.objects.exists()  # nothing public before an editor decides

    queue = editor_client.get(reverse("studio:queue")).content.decode()
    assert "Velkomstpakke i Vinje" in queue and "carol@vinje.kommune.no" in queue
    editor_client.post(reverse("studio:decide", args=[submission.pk, "publish"]))
    entry = Entry.objects.get()
    assert (entry.title, entry.status) == ("Velkomstpakke i Vinje", "published")
    assert entry.entry_places.get().place.code == "4036"
    assert entry.versions.get().via == "web"
    assert client.get(reverse("web:entry", args=[entry.slug])).status_code == 200

    mine = client.get(reverse("studio:my_submissions")).content.decode()
    assert "Velkomstpakke i Vinje" in mine and str(Submission.State.PUBLISHED.label) in mine
    assert [m.to for m in mailoutbox] == [["carol@vinje.kommune.no"]]
    assert "published" in mailoutbox[0].subject or "publisert" in mailoutbox[0].subject


def test_a_contributor_may_only_send_for_their_own_places(client):
    sign_in(client, "outsider")  # Tokke
    refused = client.post(reverse("studio:contribute"), contribution())
    assert refused.status_code == 400 and "places" in refused.context["form"].errors
    assert not Submission.objects.exists()


def test_returning_needs_a_comment_and_sends_it(client, editor_client, mailoutbox):
    sign_in(client, "contributor")
    client.post(reverse("studio:contribute"), contribution())
    submission = Submission.objects.get()
    page = editor_client.post(
        reverse("studio:decide", args=[submission.pk, "return"]), {"comment": " "}, follow=True
    )
    assert "the comment is empty" in page.content.decode()
    editor_client.post(
        reverse("studio:decide", args=[submission.pk, "return"]), {"comment": "Kva år starta det?"}
    )
    submission.refresh_from_db()
    assert (submission.state, submission.comment) == ("returned", "Kva år starta det?")
    assert "Kva år starta det?" in mailoutbox[-1].body
    assert (
        "Kva år starta det?"
        in client.get(reverse("studio:submission", args=[submission.pk])).content.decode()
    )
    editor_client.post(
        reverse("studio:decide", args=[submission.pk, "reject"]), {"comment": "Ikkje eit tiltak."}
    )
    submission.refresh_from_db()
    assert submission.state == "rejected"
    again = editor_client.post(reverse("studio:decide", args=[submission.pk, "publish"]), follow=True)
    assert "decide on it only once" in again.content.decode()
    assert not Entry.objects.exists()


def test_a_proposed_change_shows_as_a_diff_and_is_refused_if_the_entry_moved_on(client, editor_client):
    builder.web_concepts()
    entry = builder.entry(
        "Prøvebustad i Vinje",
        lead="Gammal ingress.",
        activities=[builder.item("Vertskapsordning", "host_scheme")],
        places=[DraftPlace(name="Vinje", kind="municipality", code="4036")],
    )
    sign_in(client, "contributor")
    form = client.get(reverse("studio:propose", args=[entry.slug])).context["form"].initial
    data = {k: "" if v is None else v for k, v in form.items()}
    data["lead"] = "Ny ingress frå kommunen."
    assert client.post(reverse("studio:propose", args=[entry.slug]), data).status_code == 302
    proposal = Submission.objects.get()
    shown = editor_client.get(reverse("studio:submission", args=[proposal.pk])).content.decode()
    assert "Gammal ingress." in shown and "Ny ingress frå kommunen." in shown

    # An editor changes the entry meanwhile: publishing the proposal would overwrite it, so it is refused.
    draft = current_draft(entry)
    draft.title = "Prøvebustader i Vinje"
    update_entry(entry, draft, base_version=1, actor=Actor.cli("bob"))
    page = editor_client.post(reverse("studio:decide", args=[proposal.pk, "publish"]), follow=True)
    assert "changed by someone else" in page.content.decode()
    entry.refresh_from_db()
    assert (entry.title, entry.lead, entry.version) == ("Prøvebustader i Vinje", "Gammal ingress.", 2)
    proposal.refresh_from_db()
    assert proposal.state == "sent"


def test_someone_elses_submission_is_not_shown(client):
    sign_in(client, "contributor")
    client.post(reverse("studio:contribute"), contribution())
    other = Client()
    make_user("contributor")
    sign_in(other, "outsider")
    assert other.get(reverse("studio:submission", args=[Submission.objects.get().pk])).status_code == 403


def test_hostile_text_in_a_submission_stays_text(client, editor_client, mailoutbox):
    sign_in(client, "contributor")
    client.post(
        reverse("studio:contribute"), contribution(title='<img src=x onerror="alert(1)">', lead="<b>fet</b>")
    )
    submission = Submission.objects.get()
    for page in (reverse("studio:queue"), reverse("studio:submission", args=[submission.pk])):
        content = editor_client.get(page).content.decode()
        assert "<img src=x" not in content and "<b>fet</b>" not in content
    editor_client.post(
        reverse("studio:decide", args=[submission.pk, "return"]), {"comment": "<script>x</script>"}
    )
    assert "<script>x</script>" in mailoutbox[-1].body  # plain-text e-mail: shown as typed, never run
