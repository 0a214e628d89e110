"""/api/v1/entries/{key} and /api/v1/vocabularies: entry detail in the export format, labels in three languages."""

from __future__ import annotations

import pytest

from tests.builder import HOSTILE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "label"), [("nb", "Prøvebolig"), ("nn", "Prøvebustad"), ("en", "Trial home")]
)
def test_entry_detail_gives_every_item_as_written_with_its_label(client, api_catalog, lang, label):
    response = client.get(f"/api/v1/entries/{api_catalog.fjellet.slug}", {"lang": lang})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["title"] == "Flytt til fjellet" and data["language"] == "nn"
    trial = data["lists"]["activities"][1]
    assert (trial["text"], trial["concept"], trial["label"]) == ("Prøvebustad", "api_trial_home", label)
    assert data["places"][0]["code"] == "4034"
    assert data["period"] == {"start": 2009, "end": 2012}
    assert data["links"]["self"] == f"http://testserver/api/v1/entries/{api_catalog.fjellet.slug}"
    assert data["links"]["html"] == f"http://testserver/tiltak/{api_catalog.fjellet.slug}/"


def test_entry_is_found_by_id_as_well_as_slug(client, api_catalog):
    data = client.get(f"/api/v1/entries/{api_catalog.archived.pk}").json()
    assert data["status"] == "archived" and data["archive_notice"] == "Denne artikkelen er arkivert."


def test_draft_and_missing_entries_are_json_404s(client, api_catalog):
    for key in (api_catalog.draft.slug, str(api_catalog.draft.pk), "no-such-entry", "9" * 30):
        response = client.get(f"/api/v1/entries/{key}")
        assert response.status_code == 404, key
        assert "No published entry" in response.json()["error"]["message"]


def test_hostile_entry_fields_come_back_unchanged(client, api_catalog):
    response = client.get(f"/api/v1/entries/{api_catalog.hostile.pk}")
    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert data["lead"] == HOSTILE
    assert data["lists"]["activities"][0]["text"] == HOSTILE
    assert data["body"] == "Tekst med <b>tagger</b> og \x07 kontrolltegn."


@pytest.mark.parametrize(
    ("lang", "label"), [("nb", "Barnefamilier"), ("nn", "Barnefamiliar"), ("en", "Families with children")]
)
def test_vocabulary_lists_concepts_with_labels_variants_and_entry_counts(client, api_catalog, lang, label):
    response = client.get("/api/v1/vocabularies/target_groups", {"lang": lang})
    assert response.status_code == 200
    concepts = {c["code"]: c for c in response.json()["concepts"]}
    families = concepts["api_families"]
    assert families["label"] == label
    assert families["labels"] == {
        "nb": "Barnefamilier",
        "nn": "Barnefamiliar",
        "en": "Families with children",
    }
    assert families["variants"] == ["Barnefamilier"]
    assert families["entry_count"] == 1
    assert concepts["api_young"]["entry_count"] == 1  # typed twice in one entry: still one entry


def test_vocabulary_index_lists_every_scheme_with_a_link(client, api_catalog):
    schemes = {s["code"]: s for s in client.get("/api/v1/vocabularies", {"lang": "en"}).json()["schemes"]}
    assert {"activities", "target_groups", "partner_kinds"} <= set(schemes)
    assert schemes["activities"]["links"]["self"] == "http://testserver/api/v1/vocabularies/activities"
    assert schemes["activities"]["concept_count"] >= 3


def test_unknown_vocabulary_is_a_404_naming_the_known_ones(client, api_catalog):
    response = client.get("/api/v1/vocabularies/colours")
    assert response.status_code == 404
    assert "No vocabulary 'colours'" in response.json()["error"]["message"]
    assert "activities" in response.json()["error"]["message"]


def test_head_request_gets_headers_and_no_body(client, api_catalog):
    response = client.head(f"/api/v1/entries/{api_catalog.fjellet.slug}")
    assert response.status_code == 200
    assert response["ETag"] and response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""
