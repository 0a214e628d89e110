"""The one change stamp: every change moves it, every cache follows it, a request reads it once."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from tests.builder import entry, web_catalog
from tests.cast import ALICE
from tiltak import stamp
from tiltak.catalog.services import archive_entry, delete_entry, publish_entry
from tiltak.presenter.search import search_page
from tiltak.search.query import parse_query
from tiltak.vocabulary.loader import load_vocabularies

pytestmark = pytest.mark.django_db


def test_every_change_to_the_catalog_moves_the_stamp():
    web_catalog()
    new = entry("Eit nytt tiltak", status="draft")
    seen = {stamp.current().token}
    for change in (
        lambda: publish_entry(new, actor=ALICE.cli()),
        lambda: archive_entry(new, actor=ALICE.cli()),
        lambda: delete_entry(new, actor=ALICE.cli()),
    ):
        change()
        token = stamp.current().token
        assert token not in seen
        seen.add(token)


def test_a_rolled_back_change_leaves_the_stamp_as_it_was():
    web_catalog()
    before = stamp.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        entry("Halvferdig")
        raise RuntimeError("abort")
    assert stamp.current() == before


def test_reloading_unchanged_vocabularies_keeps_the_stamp():
    load_vocabularies()
    before = stamp.current().token
    load_vocabularies()
    assert stamp.current().token == before


def test_the_facet_index_follows_the_stamp():
    web_catalog()
    assert search_page(parse_query({"q": "fjordtun"})).total == 0
    entry("Fjordtun bygdelag", lead="Fjordtun ønskjer nye innbyggjarar.")
    assert search_page(parse_query({"q": "fjordtun"})).total == 1


def test_api_etag_changes_with_the_catalog(client):
    web_catalog()
    first = client.get("/api/v1/search")["ETag"]
    assert client.get("/api/v1/search")["ETag"] == first
    entry("Enda eit tiltak")
    assert client.get("/api/v1/search")["ETag"] != first


def test_a_request_reads_the_stamp_once(client):
    web_catalog()
    client.get("/api/v1/search")  # warm the facet index
    with CaptureQueriesContext(connection) as queries:
        client.get("/sok/", {"q": "nettportal"})
    assert sum("stamp_changestamp" in q["sql"] for q in queries.captured_queries) == 1


def test_a_request_memo_lives_for_one_request_and_a_change_in_it_empties_it(rf):
    seen = []

    def view(request):
        stamp.request_memo()["checked"] = True
        seen.append(dict(stamp.request_memo()))
        stamp.bump()  # the request changed the catalog: what it remembered may be stale
        seen.append(dict(stamp.request_memo()))
        return HttpResponse("ok")

    stamp.StampMiddleware(view)(rf.get("/"))
    assert seen == [{"checked": True}, {}]
    assert stamp.request_memo() is None  # outside a request nothing is remembered
