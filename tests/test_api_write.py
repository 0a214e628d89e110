"""`PATCH /api/v1/entries/{key}`: a token, the entry's ETag in If-Match, fields in the export format."""

from __future__ import annotations

import json

import pytest

from tests import builder
from tests.cast import make_user
from tiltak.accounts.services import new_token
from tiltak.catalog.draft import DraftPlace
from tiltak.catalog.models import AuditCode, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    builder.web_concepts()
    return builder.entry(
        "Prøvebustad i Vinje",
        language="nn",
        activities=[builder.item("Vertskapsordning", "host_scheme")],
        places=[DraftPlace(name="Vinje", kind="municipality", code="4036")],
    )


def token_of(who: str) -> str:
    return new_token(make_user(who))


def patch(client, entry, body, *, token: str | None = None, etag: str | None = None, raw: str | None = None):
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if etag is not None:
        headers["If-Match"] = etag
    data = raw if raw is not None else json.dumps(body)
    return client.patch(
        f"/api/v1/entries/{entry.slug}", data, content_type="application/json", headers=headers
    )


def etag_of(client, entry) -> str:
    return client.get(f"/api/v1/entries/{entry.slug}")["ETag"]


def test_an_editor_changes_a_field_and_gets_the_entry_with_its_new_etag(client, entry):
    token, etag = token_of("editor"), etag_of(client, entry)
    response = patch(
        client, entry, {"lead": "Ny ingress.", "reason": "lead rewritten"}, token=token, etag=etag
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["lead"], body["version"]) == ("Ny ingress.", 2)
    assert body["lists"]["activities"][0]["concept"] == "host_scheme"  # untouched fields stay
    assert response["ETag"] != etag and response["ETag"].startswith(f'"entry-{entry.pk}-v2')
    assert client.get(f"/api/v1/entries/{entry.slug}").json()["lead"] == "Ny ingress."
    event = AuditEvent.objects.filter(entry=entry).latest("id")
    assert (event.action, event.via, event.actor) == (AuditCode.ENTRY_UPDATED, "api", "alice@tiltak.no")
    assert entry.versions.get(number=2).reason == "lead rewritten"
    # The ETag GET gives now is the new one, and works for the next change.
    again = patch(client, entry, {"period": {"start": 2015}}, token=token, etag=etag_of(client, entry))
    assert again.status_code == 200 and again.json()["period"] == {"start": 2015, "end": None}


def test_a_stale_etag_gets_412_and_nothing_is_written(client, entry):
    token, etag = token_of("editor"), etag_of(client, entry)
    assert patch(client, entry, {"lead": "Først."}, token=token, etag=etag).status_code == 200
    stale = patch(client, entry, {"lead": "Etterpå."}, token=token, etag=etag)
    assert stale.status_code == 412
    assert "version 2" in stale.json()["error"]["message"]
    entry.refresh_from_db()
    assert (entry.lead, entry.version) == ("Først.", 2)


@pytest.mark.parametrize(
    ("who", "status"), [(None, 401), ("bad", 401), ("outsider", 403), ("contributor", 403), ("admin", 200)]
)
def test_who_may_patch(client, entry, who, status):
    token = None if who is None else "tiltak_not-a-token" if who == "bad" else token_of(who)
    response = patch(client, entry, {"lead": "x"}, token=token, etag=etag_of(client, entry))
    assert response.status_code == status
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")
    entry.refresh_from_db()
    assert entry.version == (2 if status == 200 else 1)


def test_a_session_cookie_is_not_a_token(client, entry):
    client.force_login(make_user("editor"), backend="django.contrib.auth.backends.ModelBackend")
    assert patch(client, entry, {"lead": "x"}, etag=etag_of(client, entry)).status_code == 401


@pytest.mark.parametrize(
    ("body", "raw", "status", "names"),
    [
        ({"lead": "x"}, None, 428, "If-Match"),  # sent without If-Match below
        (None, "{not json", 400, "not valid JSON"),
        ({}, None, 400, "JSON object with the fields"),
        ({"colour": "red"}, None, 400, "Unknown field(s) colour"),
        ({"status": "draft"}, None, 400, "status changes by publishing"),
        ({"slug": "new-address"}, None, 400, "'slug' cannot be changed"),
        ({"title": ""}, None, 400, "no title"),
        ({"period": {"start": "soon"}}, None, 400, "period"),
        ({"lists": {"activities": [{"text": "Noko", "concept": "no_such_code"}]}}, None, 400, "no_such_code"),
    ],
)
def test_bad_requests_are_refused_naming_the_problem_and_nothing_is_written(
    client, entry, body, raw, status, names
):
    token = token_of("editor")
    etag = None if status == 428 else etag_of(client, entry)
    response = patch(client, entry, body, token=token, etag=etag, raw=raw)
    assert response.status_code == status, response.content
    assert names in response.json()["error"]["message"]
    entry.refresh_from_db()
    assert entry.version == 1


def test_a_get_still_revalidates_with_the_entry_etag(client, entry):
    etag = etag_of(client, entry)
    assert client.get(f"/api/v1/entries/{entry.slug}", headers={"If-None-Match": etag}).status_code == 304
