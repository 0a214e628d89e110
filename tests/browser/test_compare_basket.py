"""The compare basket in a real browser: filled across two result pages and a new search, without and with
JavaScript, and read on a phone with the row labels kept in view."""

from __future__ import annotations

import re

import pytest

from tests.builder import entry, web_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def many_entries() -> None:
    web_catalog()
    # Enough entries for two result pages (20 a page).
    for n in range(1, 19):
        entry(f"Tilflyttingstiltak nummer {n:02d}", lead=f"Eit lite tiltak, nummer {n}.", language="nn")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_basket_keeps_entries_from_two_result_pages_and_a_new_search(
    live_server, browser, artifacts, javascript
):
    many_entries()
    context = browser.new_context(
        locale="nb-NO", java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/sok/")
    assert page.locator("ol.hits > li").count() == 20
    page.get_by_role("button", name="Legg til sammenligning: Bu i Tynset").click()
    page.wait_for_load_state()
    assert "«Bu i Tynset» ble lagt i sammenligningskurven." in page.locator("#compare-panel").inner_text()
    page.get_by_role("link", name="Side 2").click()
    page.wait_for_url(re.compile(r"page=2"))
    page.get_by_role("button", name="Legg til sammenligning: Tilflyttingstiltak nummer 18").click()
    page.wait_for_url(re.compile(r"page=2"))  # back on the page it was sent from
    assert page.get_by_role(
        "button", name="Fjern fra sammenligning: Tilflyttingstiltak nummer 18"
    ).is_visible()
    # A new search: the basket is still there, with its count in the header.
    page.get_by_label("Ord å søke etter").fill("messer")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.wait_for_url(re.compile(r"q=messer"))
    assert page.locator(".site-nav .count").inner_text() == "(2)"
    page.get_by_role("link", name=re.compile("Sammenligningskurv: 2 tiltak")).click()
    page.wait_for_url(re.compile(r"/sammenlign/$"))
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert [h.splitlines()[0] for h in headers] == ["Bu i Tynset", "Tilflyttingstiltak nummer 18"]
    page.screenshot(
        path=str(artifacts / f"compare-basket-{'js' if javascript else 'no-js'}.png"), full_page=True
    )
    context.close()


def test_on_a_phone_the_compare_row_labels_stay_in_view(live_server, browser, artifacts):
    web_catalog()
    context = browser.new_context(
        locale="nb-NO", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    slugs = ["bu-i-tynset", "provebustader-i-vest-telemark", "flytt-til-hardanger"]
    page.goto(f"{live_server.url}/sammenlign/?" + "&".join(f"e={s}" for s in slugs))
    label = page.locator("table.compare tbody th").first
    before = label.bounding_box()
    page.locator(".table-scroll").evaluate("el => el.scrollLeft = 400")
    after = label.bounding_box()
    assert before is not None and after is not None
    assert after["x"] == pytest.approx(before["x"], abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "compare-phone-scrolled.png"))
    context.close()
