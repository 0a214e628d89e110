"""One search for every surface: `tiltak search`, the search page's JSON and `/api/v1/search` agree, and
none of them shows a draft to a public reader."""

from __future__ import annotations

import json

import pytest

from tests.builder import entry, web_catalog
from tiltak.catalog.models import Entry
from tiltak.cli import main

pytestmark = pytest.mark.django_db

STATES = [
    ({"q": "vertskapsordning"}, []),
    ({"q": "nettportal tilflyttere"}, []),
    ({"q": "utkast"}, []),  # only the draft has the word: nobody public sees it
    ({"q": "prøvebustad", "county": "40"}, ["county=40"]),
    ({"q": "flytte", "activities": "host_scheme"}, ["activities=host_scheme"]),
]


def _cli(capsys, q: str, filters: list[str]) -> dict:
    argv = ["search", q, "--format", "json"]
    for f in filters:
        argv += ["--filter", f]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("params", "filters"), STATES)
def test_command_line_page_json_and_api_return_the_same_hits(client, capsys, params, filters):
    web_catalog()
    entry("Hemmelig utkast om vertskapsordning og nettportal", body="Flytte hit.", status="draft")
    page = client.get("/sok/", {**params, "format": "json"}).json()
    api = client.get("/api/v1/search", params).json()
    cli = _cli(capsys, params["q"], filters)
    ids = [h["id"] for h in page["hits"]]
    assert ids == [h["id"] for h in api["hits"]] == [h["id"] for h in cli["hits"]]
    assert page["total"] == api["total"] == cli["total"] == len(ids)
    drafts = set(Entry.objects.filter(status="draft").values_list("pk", flat=True))
    assert len(drafts) == 2 and not drafts & set(ids)


def test_the_search_page_gives_its_json_on_accept_header_too(client):
    web_catalog()
    response = client.get("/sok/", {"q": "nettportal"}, HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["total"] == len(data["hits"]) > 0
    assert data["links"]["self"].endswith("format=json")


def test_editors_see_drafts_on_the_command_line_only_when_asked(capsys):
    web_catalog()
    assert _cli(capsys, "utkast", [])["total"] == 0
    assert main(["search", "utkast", "--drafts", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def test_the_statistics_page_json_is_the_apis(client):
    web_catalog()
    page = client.get("/statistikk/", {"activities": "host_scheme", "format": "json"}).json()
    api = client.get("/api/v1/statistics", {"activities": "host_scheme"}).json()
    api.pop("filters")
    assert page == api
