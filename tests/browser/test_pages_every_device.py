"""Every page type in a real browser, on a desktop and on a 360 px phone: screenshots for the README and
reviewers, the phone layout (results in the first screen), and an axe-core accessibility check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.builder import web_catalog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
PAGES = {
    "home": "/",
    "search": "/sok/?activities=host_scheme&activities=fairs",
    "entry": "/tiltak/provebustader-i-vest-telemark/",
    "compare": "/sammenlign/?e=bu-i-tynset&e=provebustader-i-vest-telemark",
    "statistics": "/statistikk/",
    "not-found": "/finst-ikkje/",
    "api-docs": "/api/v1/docs/",
}


def axe_violations(page) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make install` (npm ci) first")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in violations
        ],
        indent=1,
        ensure_ascii=False,
    )


@pytest.mark.parametrize("device", DEVICES)
def test_every_page_type_reads_on_desktop_and_phone_without_serious_accessibility_faults(
    live_server, browser, artifacts, device
):
    web_catalog()
    context = browser.new_context(locale="nb-NO", **DEVICES[device])
    page = context.new_page()
    page.set_default_timeout(15000)
    found = {}
    for name, url in PAGES.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= DEVICES[device]["viewport"]["width"], f"{name} is {width} px wide on {device}"
        page.screenshot(path=str(artifacts / f"{name}-{device}.png"), full_page=True)
        found[name] = axe_violations(page)
    context.close()
    bad = {name: describe(v) for name, v in found.items() if v}
    assert not bad, f"serious or critical accessibility violations on {device}: {bad}"


def test_on_a_phone_the_results_come_first_and_filters_wait_behind_one_control(
    live_server, browser, artifacts
):
    web_catalog()
    context = browser.new_context(locale="nb-NO", **DEVICES["phone"])
    page = context.new_page()
    page.goto(f"{live_server.url}/sok/?activities=host_scheme&target_groups=young_adults")
    height = DEVICES["phone"]["viewport"]["height"]
    first_title = page.locator("ol.hits li h3").first.bounding_box()
    assert first_title is not None and first_title["y"] + first_title["height"] <= height, (
        "the first result's title is not in the first screen"
    )
    # The filters are folded away behind one control that says how many are chosen.
    control = page.locator("#filter-panel > summary")
    assert control.is_visible()
    assert "2 valgt" in control.inner_text()
    assert not page.locator("#f-activities-host_scheme").is_visible()
    page.screenshot(path=str(artifacts / "search-phone-first-screen.png"))
    control.click()
    assert page.locator("#f-activities-host_scheme").is_visible()
    page.locator("#f-activities-trial_housing").check()
    page.wait_for_url("**activities=trial_housing**")
    # The panel stays open while the reader goes on ticking.
    assert page.locator("#f-activities-trial_housing").is_checked()
    assert page.locator("#f-activities-trial_housing").is_visible()
    context.close()


def test_on_a_desktop_the_filters_show_without_a_control(live_server, page):
    web_catalog()
    page.goto(f"{live_server.url}/sok/")
    assert page.locator("#f-activities-host_scheme").is_visible()
    assert not page.locator("#filter-panel > summary").is_visible()
