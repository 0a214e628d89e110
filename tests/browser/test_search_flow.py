"""A user's way through the catalog in a real browser: search, filter, open, compare, switch language."""

from __future__ import annotations

import re

import pytest

from tests.builder import web_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hits(page) -> list[str]:
    return page.locator("ol.hits h3").all_inner_texts()


def count_of(page, facet: str, value: str) -> str:
    return page.locator(f'label[for="f-{facet}-{value}"] .count').inner_text()


def test_search_filter_open_compare_and_switch_to_nynorsk(live_server, page, artifacts):
    web_catalog()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Søk i katalogen").fill("tilflyttere")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url(re.compile(r"/sok/\?q="))
    page.goto(f"{live_server.url}/sok/")
    assert len(hits(page)) == 5
    families_before = count_of(page, "target_groups", "families")

    # Two values in one facet (OR): the result list grows from the first tick to the second.
    page.locator("#f-activities-host_scheme").check()
    page.wait_for_url(re.compile(r"activities=host_scheme"))
    first = hits(page)
    assert sorted(first) == ["Bu i Tynset", "Prøvebustader i Vest-Telemark"]
    assert count_of(page, "target_groups", "families") != families_before
    page.locator("#f-activities-fairs").check()
    page.wait_for_url(re.compile(r"activities=fairs"))
    assert len(hits(page)) == 4

    # One value in another facet (AND): today's Telemark keeps the entry that says "Telemark" (2009).
    page.locator("#f-county-40").check()
    page.wait_for_url(re.compile(r"county=40"))
    assert sorted(hits(page)) == ["Gammel rekrutteringskampanje", "Prøvebustader i Vest-Telemark"]
    assert page.locator(".chips a.ds-chip").count() == 3
    page.screenshot(path=str(artifacts / "search-filtered.png"), full_page=True)

    # Open an entry.
    page.get_by_role("link", name="Prøvebustader i Vest-Telemark").click()
    page.wait_for_url(re.compile(r"/tiltak/provebustader-i-vest-telemark/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Prøvebustader i Vest-Telemark"
    assert page.get_by_role("link", name="Prøveboliger").is_visible()
    page.screenshot(path=str(artifacts / "entry.png"), full_page=True)

    # Compare two entries chosen from the results.
    page.goto(f"{live_server.url}/sok/?activities=host_scheme")
    page.get_by_role("button", name="Legg til sammenligning: Bu i Tynset").click()
    page.get_by_role("button", name="Legg til sammenligning: Prøvebustader i Vest-Telemark").click()
    page.get_by_role("link", name=re.compile("Sammenligningskurv: 2 tiltak")).click()
    page.wait_for_url(re.compile(r"/sammenlign/$"))
    assert page.locator("table.compare thead th").count() == 2
    assert page.locator("table.compare li.shared").count() >= 2
    page.screenshot(path=str(artifacts / "compare.png"), full_page=True)

    # Switch to nynorsk: same page, nynorsk interface and concept labels.
    page.get_by_role("link", name="Norsk nynorsk").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("heading", name="Samanlikn tiltak").is_visible()
    assert page.get_by_text("Prøvebustader", exact=True).first.is_visible()
    page.screenshot(path=str(artifacts / "compare-nn.png"), full_page=True)


def test_facets_work_without_javascript(live_server, browser, artifacts):
    web_catalog()
    # An English browser still gets bokmål: the language is the reader's choice, not the browser's.
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/sok/")
    page.locator("#f-target_groups-young_adults").check()
    page.get_by_role("button", name="Bruk filtrene").click()
    page.wait_for_url(re.compile(r"target_groups=young_adults"))
    assert sorted(hits(page)) == ["Bu i Tynset", "Prøvebustader i Vest-Telemark"]
    page.screenshot(path=str(artifacts / "search-no-js.png"), full_page=True)
    context.close()
