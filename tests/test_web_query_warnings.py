"""A search address the page cannot follow in full is said on the page, not silently ignored."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.builder import web_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    return web_catalog()


def page(client, url, lang="nb") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(url).content.decode()


def test_unknown_activity_code_is_named_as_unknown(client, catalog):
    html = page(client, "/sok/?activities=flying_cars")
    assert "Ingen aktivitet har koden «flying_cars», så ingen tiltak kan passe." in html
    en = page(client, "/sok/?activities=flying_cars", "en")
    assert "No activity has the code &#x27;flying_cars&#x27;, so no entry can match it." in en


def test_unknown_county_number_and_malformed_value(client, catalog):
    html = page(client, "/sok/?county=99&county=Telemark", "nn")
    assert "Ingen fylke har koden «99»" in html
    assert "«Telemark» er ikkje ein gyldig verdi for Fylke" in html


def test_unknown_parameter_sort_and_page_are_said(client, catalog):
    html = page(client, "/sok/?fylke=40&sort=popular&page=x", "en")
    assert "parameter &#x27;fylke&#x27; that the catalog does not know" in html
    assert "Unknown sort &#x27;popular&#x27;" in html
    assert "Page &#x27;x&#x27; is not a number" in html
    assert "There is no page 7 of this search; page 1 is shown." in page(client, "/sok/?page=7", "en")


def test_a_clean_search_has_no_warnings(client, catalog):
    assert "query-warnings" not in page(client, "/sok/?activities=host_scheme&county=40&sort=title&page=1")


def test_statistics_page_warns_too(client, catalog):
    assert "Ingen aktivitet har koden «nope»" in page(client, "/statistikk/?activities=nope")
