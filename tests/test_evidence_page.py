"""The entry page's figures and population trend (issue #11), as a reader of the page sees them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftPlace, EntryDraft
from tiltak.catalog.services import create_entry
from tiltak.evidence import population

pytestmark = pytest.mark.django_db

EDITOR = Actor.cli("editor")


def an_entry(period: tuple[int | None, int | None] = (2010, 2012), places=("Vinje",)):
    draft = EntryDraft(
        title="Flytt til Vinje",
        body="Prosjektet hadde som mål å få 40 nye familiar. Om lag 20 familiar har flytta hit gjennom prosjektet.",
        language="nn",
        period_start=period[0],
        period_end=period[1],
        places=[DraftPlace(name=name, kind="municipality") for name in places],
    )
    return create_entry(draft, actor=EDITOR)


def page(client, entry, lang="en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(f"/tiltak/{entry.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_fact_box_lists_the_figures_and_holds_the_result_against_the_goal(client):
    html = page(client, an_entry())
    assert "Figures in the text" in html
    assert "Goal: 40 families. Moved: about 20, 50 % of the goal." in html
    assert '<q lang="nn">Om lag 20 familiar</q>' in html


def test_population_chart_and_table_around_the_period(client):
    entry = an_entry()
    html = page(client, entry)
    vinje = population.areas()[("municipality", "4036")]
    # Three years either side of 2010-2012, indexed to 2010; Vinje, Telemark and the country.
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="population-title population-desc"', html)
    assert html.count("<polyline") == 3 and "<rect" in html  # the period is shaded
    rows = re.findall(r'<th scope="row">(\d{4})', html)
    assert rows == [str(y) for y in range(2007, 2016)]
    assert f"{vinje.population[2010]:,}".replace(",", "\u00a0") + " (100.0)" in html
    assert "Vinje" in html and "Telemark" in html and "Norge" in html
    assert "not what the initiative caused" in html
    assert "Statistisk sentralbyrå (SSB)" in html


def test_unknown_period_shows_the_whole_series_unshaded(client):
    html = page(client, an_entry(period=(None, None)))
    rows = re.findall(r'<th scope="row">(\d{4})', html)
    first, last = population.first_and_last_year()
    assert rows[0] == str(first) and rows[-1] == str(last)
    assert "<rect" not in html
    assert "The initiative's period is not known." in html


def test_no_known_place_no_chart(client):
    html = page(client, an_entry(places=()))
    assert "Population around the initiative" not in html


@pytest.mark.parametrize(
    ("lang", "heading", "sentence"),
    [
        ("nb", "Tall i teksten", "Befolkning rundt tiltaket"),
        ("nn", "Tal i teksten", "Folketal rundt tiltaket"),
        ("en", "Figures in the text", "Population around the initiative"),
    ],
)
def test_in_all_three_languages(client, lang, heading, sentence):
    html = page(client, an_entry(), lang)
    assert heading in html and sentence in html


def test_trend_of_several_municipalities_sums_them_and_indexes_to_the_start():
    t = population.trend(["4036", "4034"], 2012, 2012)
    assert t is not None and t.base_year == 2012 and t.years == tuple(range(2009, 2016))
    place = t.series[0]
    both = (
        population.areas()[("municipality", "4036")].population[2012]
        + population.areas()[("municipality", "4034")].population[2012]
    )
    assert place.values[t.years.index(2012)] == both and place.indexed[t.years.index(2012)] == 100.0
    assert population.trend(["9999"], 2012, 2012) is None
