"""Download the hits: the search page's own search, every hit, labels in the page's language beside codes,
today's counties and municipalities beside the places as written, named after the search."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.conf import settings
from openpyxl import load_workbook

from tests.builder import entry as save
from tests.builder import web_catalog as build_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    return build_catalog()


def get(client, url, lang="nb"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(url)


def csv_rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_search_page_links_to_its_hits_in_three_formats(client, catalog):
    html = get(client, "/sok/?activities=host_scheme").content.decode()
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/sok/treff.{fmt}?activities=host_scheme"' in html
    assert "Last ned de 2 treffene" in html
    stats = get(client, "/statistikk/?activities=host_scheme").content.decode()
    assert 'href="/sok/treff.xlsx?activities=host_scheme"' in stats


@pytest.mark.parametrize(
    "lang, title, activities, county",
    [
        ("nb", "Tittel", "Aktiviteter", "Fylke (i dag)"),
        ("nn", "Tittel", "Aktivitetar", "Fylke (i dag)"),
        ("en", "Title", "Activities", "County (today)"),
    ],
)
def test_csv_has_the_pages_hits_with_labels_in_its_language(client, catalog, lang, title, activities, county):
    response = get(client, "/sok/treff.csv?activities=host_scheme", lang)
    assert response["Content-Type"].startswith("text/csv")
    name = {"nb": "vertskapsordning", "nn": "vertskapsordning", "en": "host-scheme"}[lang]
    assert f'filename="tiltak-{name}.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert sorted(r[title] for r in rows) == ["Bu i Tynset", "Prøvebustader i Vest-Telemark"]
    telemark = next(r for r in rows if r[title].startswith("Prøve"))
    label = {"nb": "Prøveboliger", "nn": "Prøvebustader", "en": "Trial housing"}[lang]
    assert label in telemark[activities]
    assert (
        "trial_housing"
        in telemark[f"{activities} ({ {'en': 'codes'}.get(lang, 'koder' if lang == 'nb' else 'kodar') })"]
    )
    assert telemark[county] == "Telemark"
    assert telemark[{"en": "County number"}.get(lang, "Fylkesnummer")] == "40"
    assert telemark["Adresse" if lang != "en" else "Address"].endswith(
        "/tiltak/provebustader-i-vest-telemark/"
    )


def test_download_follows_the_text_search_and_its_order_and_is_never_cut(client, catalog):
    for n in range(25):
        save(f"Messetiltak {n:02d}", lead="Deltakelse på messer for tilflyttere.", language="nb")
    page = get(client, "/sok/?q=messer&format=json").json()
    rows = csv_rows(get(client, "/sok/treff.csv?q=messer&page=2"))
    assert len(rows) == page["total"] > 20  # every hit, not one page
    assert [r["Tittel"] for r in rows[:20]] == [h["title"] for h in page["hits"]]


def test_places_as_written_sit_beside_todays_municipality(client, catalog):
    rows = csv_rows(get(client, "/sok/treff.csv?q=Hardanger", "en"))
    hardanger = next(r for r in rows if r["Title"] == "Flytt til Hardanger")
    assert hardanger["Municipality (today)"] == "Kvam"
    assert hardanger["Municipality number"]
    assert "Hordaland" in hardanger["Places as written"]


def test_excel_download_has_frozen_header_filters_and_widths(client, catalog):
    response = get(client, "/sok/treff.xlsx?target_groups=young_adults", "nn")
    assert 'filename="tiltak-unge-vaksne.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].value == "Tittel" and sheet["A1"].font.bold
    assert sorted(c.value for c in sheet["A"][1:]) == ["Bu i Tynset", "Prøvebustader i Vest-Telemark"]
    assert 8 <= sheet.column_dimensions["A"].width <= 62


def test_json_download_keeps_codes_and_labels(client, catalog):
    data = json.loads(get(client, "/sok/treff.json?county=40", "en").content)
    assert data["filters"] == {"county": ["40"]}
    page = get(client, "/sok/?county=40&format=json", "en").json()
    assert data["total"] == len(data["entries"]) == page["total"] == 3
    entry = next(e for e in data["entries"] if e["title"] == "Prøvebustader i Vest-Telemark")
    assert entry["language"] == {"code": "nn", "label": "nynorsk"}
    assert {"code": "40", "name": "Telemark"} in entry["county"]
    assert {"code": "trial_housing", "label": "Trial housing", "as_written": "Prøvebustader"} in entry[
        "activities"
    ]


def test_drafts_stay_out_of_downloads_and_formulas_are_defused(client, catalog):
    save('=HYPERLINK("https://evil.example")', lead="Formel", language="nb")
    rows = csv_rows(get(client, "/sok/treff.csv"))
    titles = [r["Tittel"] for r in rows]
    assert "Hemmelig utkast" not in titles
    assert '\'=HYPERLINK("https://evil.example")' in titles


def test_unknown_download_format_is_a_404_naming_it(client, catalog):
    response = get(client, "/sok/treff.pdf", "en")
    assert response.status_code == 404
    assert "There is no download as &#x27;pdf&#x27;" in response.content.decode()
