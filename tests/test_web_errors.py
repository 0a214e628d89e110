"""The catalog's own error pages: the site's header, the reader's language, a search box and a way back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings
from django.urls import include, path

from tests.builder import web_catalog

LANGUAGES = ["nb", "nn", "en"]
NOT_FOUND = {"nb": "Fant ikke siden", "nn": "Fann ikkje sida", "en": "Page not found"}


def get(client, url, lang="nb"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_unknown_address_gives_the_catalogs_404_in_the_readers_language(client, lang):
    response = get(client, "/finst-ikkje/", lang)
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in html
    assert NOT_FOUND[lang] in html
    assert 'class="site-header"' in html  # the site's own header and menu
    assert 'role="search"' in html and 'action="/sok/"' in html
    assert 'href="/"' in html
    assert "The requested resource was not found" not in html  # not Django's bare page


@pytest.mark.django_db
def test_unknown_entry_404_names_the_address(client):
    web_catalog()
    html = get(client, "/tiltak/finst-ikkje/", "en").content.decode()
    assert "No entry has the address &#x27;finst-ikkje&#x27;." in html or "finst-ikkje" in html
    assert "Page not found" in html


def no_database(*args, **kwargs):
    raise AssertionError("the 500 page touched the database")


def broken(request):
    # The database goes away in the middle of the request: any query after this fails the test.
    connections["default"].cursor = no_database
    raise RuntimeError("the database went away")


def refused(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("broken/", broken),
    path("refused/", refused),
    path("bad/", bad),
    path("", include("tiltak.urls")),
]
handler400 = "tiltak.web.errors.bad_request"
handler403 = "tiltak.web.errors.permission_denied"
handler404 = "tiltak.web.errors.page_not_found"
handler500 = "tiltak.web.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.django_db
def test_500_page_is_the_catalogs_and_needs_no_database(lang):
    client = Client(raise_request_exception=False)
    try:
        response = get(client, "/broken/", lang)
    finally:
        vars(connections["default"]).pop("cursor", None)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}"' in html
    assert {"nb": "Noe gikk galt hos oss", "nn": "Noko gjekk gale hos oss", "en": "Something went wrong"}[
        lang
    ] in html
    assert 'role="search"' in html


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    "url, status, words",
    [("/refused/", 403, "Du kan ikke gjøre dette"), ("/bad/", 400, "Adressen kunne ikke leses")],
)
def test_403_and_400_pages_are_the_catalogs(url, status, words):
    client = Client(raise_request_exception=False)
    response = get(client, url)
    assert response.status_code == status
    html = response.content.decode()
    assert words in html and 'class="site-header"' in html


@pytest.mark.django_db
def test_favicon_is_served_and_linked(client):
    html = get(client, "/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content if response.streaming else [response.content])
