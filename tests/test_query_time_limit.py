"""Every statement of a web request has a time limit (tiltak.limits): a statement that runs past it is
stopped in the database and the reader gets a 503 that says what happened, on both stores."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.test import override_settings
from django.urls import path

from tiltak.urls import urlpatterns as site_urls

# A statement that would run for minutes: SQLite counts a billion rows, PostgreSQL sleeps.
SLOW = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
    "SELECT count(*) FROM (SELECT x FROM c LIMIT 1000000000)",
    "postgresql": "SELECT pg_sleep(60)",
}


def slow(request):
    with connection.cursor() as cursor:
        cursor.execute(SLOW[connection.vendor])
    return HttpResponse("finished")


def quick(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return JsonResponse({"answer": cursor.fetchone()[0]})


# The site's own addresses as well: the error page links to them.
urlpatterns = [path("slow/", slow), path("api/v1/slow", slow), path("quick/", quick), *site_urls]


@pytest.fixture
def limited():
    with override_settings(ROOT_URLCONF=__name__, QUERY_TIME_LIMIT=0.2):
        yield
    if connection.vendor == "postgresql":  # the test connection serves later tests: give it back unlimited
        connection.ensure_connection()
        connection.connection.execute("SET statement_timeout = 0")
        connection.__dict__.pop("_tiltak_statement_timeout", None)


@pytest.mark.django_db(transaction=True)
def test_a_statement_past_the_limit_is_stopped_and_the_reader_told_why(client, limited):
    page = client.get("/slow/")
    assert page.status_code == 503 and page["Retry-After"]
    assert "stoppet etter 0.2 sekunder" in page.content.decode()  # in the reader's language (bokmål)
    api = client.get("/api/v1/slow")
    assert api.status_code == 503
    assert api.json()["error"]["status"] == 503 and "0.2" in api.json()["error"]["message"]
    assert client.get("/quick/").json() == {"answer": 1}  # the same connection answers the next request


@pytest.mark.django_db
def test_without_a_limit_nothing_is_wrapped(client):
    with override_settings(ROOT_URLCONF=__name__, QUERY_TIME_LIMIT=0):
        assert client.get("/quick/").json() == {"answer": 1}
