"""The public pages, in bokmål, nynorsk and English, on a small catalog built through the catalog service."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings

from tests.builder import web_catalog

pytestmark = pytest.mark.django_db

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def catalog():
    return web_catalog()


def get(client, url, lang="nb", **headers):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(url, **headers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_front_page_shows_count_and_ways_in_in_each_language(client, catalog, lang):
    response = get(client, "/", lang)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert {"nb": "Vertskapsordning", "nn": "Vertskapsordning", "en": "Host scheme"}[lang] in html
    assert {"nb": "Barnefamilier", "nn": "Barnefamiliar", "en": "Families with children"}[lang] in html
    assert "Bu i Tynset" in html  # newest entries
    assert "Hemmelig utkast" not in html
    assert {"nb": "5 tiltak", "nn": "5 tiltak", "en": "5 initiatives"}[lang] in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_page_lists_hits_with_facet_counts(client, catalog, lang):
    html = get(client, "/sok/", lang).content.decode()
    assert "Prøvebustader i Vest-Telemark" in html and "Flytt til Hardanger" in html
    assert "Hemmelig utkast" not in html
    assert 'id="f-target_groups-families"' in html
    assert 'data-count="3"' in html  # families: telemark, hardanger, archived
    assert {"nb": "Unge voksne", "nn": "Unge vaksne", "en": "Young adults"}[lang] in html


def test_two_values_in_one_facet_combine_with_or_and_facets_with_and(client, catalog):
    both = get(client, "/sok/?activities=host_scheme&activities=fairs").content.decode()
    for title in (
        "Prøvebustader i Vest-Telemark",
        "Flytt til Hardanger",
        "Bu i Tynset",
        "Gammel rekrutteringskampanje",
    ):
        assert title in both
    narrowed = get(client, "/sok/?activities=host_scheme&activities=fairs&county=40").content.decode()
    assert "Prøvebustader i Vest-Telemark" in narrowed  # says "Telemark" (08): found under today's 40
    assert "Gammel rekrutteringskampanje" in narrowed  # Tokke lies in Telemark
    assert "Flytt til Hardanger" not in narrowed and "Bu i Tynset" not in narrowed


def test_old_county_is_found_under_todays_county(client, catalog):
    html = get(client, "/sok/?county=46").content.decode()
    assert "Flytt til Hardanger" in html  # Hordaland and Kvam -> Vestland
    assert "Bu i Tynset" not in html


def test_chips_remove_one_filter_and_clear_all(client, catalog):
    html = get(client, "/sok/?q=nettportal&target_groups=young_adults").content.decode()
    assert 'href="?q=nettportal"' in html  # removing the target group keeps the text
    assert 'href="?target_groups=young_adults"' in html  # removing the text keeps the filter
    assert "Bu i Tynset" in html and "<mark>" in html


def test_zero_results_suggest_which_filter_to_drop(client, catalog):
    html = get(client, "/sok/?q=nettportal&county=40").content.decode()
    assert "Ingen tiltak passer" in html or "No entries match" in html
    assert "gir 3 tiltak" in html  # without the text: three entries lie in Telemark (one via Dalen)
    assert "gir 2 tiltak" in html  # without the county: two mention a web portal


def test_sort_by_title_and_pagination_keep_the_state_in_the_url(client, catalog):
    html = get(client, "/sok/?sort=title&language=nb").content.decode()
    assert (
        html.index("Bu i Tynset") < html.index("Flytt til Hardanger") < html.index("Kontorfellesskap i Dalen")
    )
    assert "Prøvebustader i Vest-Telemark" not in html


def test_invalid_parameters_are_ignored_not_errors(client, catalog):
    response = get(client, "/sok/?page=abc&county=<script>&sort=evil&decade=12")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_page_shows_labels_wording_and_links(client, catalog, lang):
    html = get(client, "/tiltak/provebustader-i-vest-telemark/", lang).content.decode()
    assert "Prøvebustader i Vest-Telemark" in html
    label = {"nb": "Prøveboliger", "nn": "Prøvebustader", "en": "Trial housing"}[lang]
    assert label in html
    assert 'href="/sok/?activities=trial_housing"' in html
    assert "Eit regionråd leia arbeidet." in html  # section
    assert "Tiltaket er presentert utan vurdering." in html  # footer
    assert 'href="/sok/?municipality=4034"' in html  # Tokke
    assert "Bu i Tynset" in html  # related: shares host scheme, young adults, nature
    assert 'href="https://www.example.no/prove"' in html


def test_archived_entry_says_so(client, catalog):
    html = get(client, "/tiltak/gammel-rekrutteringskampanje/", "en").content.decode()
    assert "This entry is archived." in html and "Denne artikkelen er arkivert." in html


def test_draft_entry_is_not_public(client, catalog):
    assert get(client, "/tiltak/hemmelig-utkast/").status_code == 404
    assert get(client, "/tiltak/finst-ikkje/").status_code == 404


def test_entry_json_by_suffix_and_by_accept_header(client, catalog):
    by_suffix = json.loads(get(client, "/tiltak/bu-i-tynset.json").content)
    by_accept = json.loads(get(client, "/tiltak/bu-i-tynset/", HTTP_ACCEPT="application/json").content)
    assert by_suffix == by_accept
    assert by_suffix["title"] == "Bu i Tynset"
    assert [i["concept"] for i in by_suffix["lists"]["activities"]] == ["host_scheme", "web_portal"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compare_puts_entries_side_by_side_and_marks_shared_concepts(client, catalog, lang):
    html = get(client, "/sammenlign/?e=bu-i-tynset&e=provebustader-i-vest-telemark", lang).content.decode()
    assert html.count('scope="col"') == 2
    assert {"nb": "felles", "nn": "felles", "en": "shared"}[lang] in html
    assert "Eit regionråd leia arbeidet." in html


def test_compare_with_one_entry_explains_what_to_do(client, catalog):
    html = get(client, "/sammenlign/?e=bu-i-tynset", "en").content.decode()
    assert "Only “Bu i Tynset” is chosen." in html and "Add to compare" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics_count_for_the_current_filters(client, catalog, lang):
    html = get(client, "/statistikk/?language=nb", lang).content.decode()
    assert "<svg" in html and 'class="heat-cell"' in html
    assert "Bu i Tynset" not in html
    heading = {"nb": "Statistikk", "nn": "Statistikk", "en": "Statistics"}[lang]
    assert heading in html


def test_statistics_csv_has_counts_for_the_filtered_entries(client, catalog):
    response = get(client, "/statistikk/activities.csv?language=nb", "en")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    counts = {row[0]: row[2] for row in rows[1:]}
    assert {code: n for code, n in counts.items() if n != "0"} == {
        "fairs": "2",
        "web_portal": "2",
        "host_scheme": "1",
    }
    assert "trial_housing" in counts  # every concept is listed, zeros too: a download is never cut
    heat = list(csv.reader(io.StringIO(get(client, "/statistikk/heatmap.csv").content.decode("utf-8-sig"))))
    assert heat[0][0] == "" and len(heat) > 2


def test_language_switch_sets_cookie_and_returns_to_the_page(client, catalog):
    response = client.get("/sprak/nn/?next=/sok/%3Fcounty%3D40")
    assert response.status_code == 302 and response["Location"] == "/sok/?county=40"
    html = client.get("/sok/?county=40").content.decode()
    assert '<html lang="nn"' in html


def test_language_switch_refuses_foreign_redirects(client):
    response = client.get("/sprak/en/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert client.get("/sprak/xx/").status_code == 404
