"""The compare basket: kept in a signed cookie across pages and searches, changed by CSRF-checked POST forms
that work without JavaScript, at most four entries, and every refusal said on the next page."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from tests.builder import web_catalog

pytestmark = pytest.mark.django_db

SLUGS = [
    "bu-i-tynset",
    "provebustader-i-vest-telemark",
    "flytt-til-hardanger",
    "gammel-rekrutteringskampanje",
]


@pytest.fixture
def catalog():
    return web_catalog()


def reader(lang="nb") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def add(client, slug, next_url="/sok/"):
    return client.post("/sammenlign/kurv/", {"action": "add", "e": slug, "next": next_url})


def test_added_entries_survive_a_new_search_and_show_side_by_side(catalog):
    client = reader()
    response = add(client, "bu-i-tynset", "/sok/?activities=host_scheme")
    assert response.status_code == 302 and response["Location"] == "/sok/?activities=host_scheme"
    html = client.get("/sok/?activities=host_scheme").content.decode()
    assert "«Bu i Tynset» ble lagt i sammenligningskurven." in html
    assert "Sammenligningskurv: 1 tiltak" in html
    # The note is said once; the basket stays.
    add(client, "provebustader-i-vest-telemark", "/sok/?q=messer")
    html = client.get("/sok/?q=messer&page=1").content.decode()
    assert "Sammenligningskurv: 2 tiltak" in html
    assert 'data-count="2"' in html  # the header's count
    compare = client.get("/sammenlign/").content.decode()
    assert compare.count('scope="col"') == 2
    assert "Bu i Tynset" in compare and "Prøvebustader i Vest-Telemark" in compare


def test_an_entry_in_the_basket_offers_remove_instead_of_add(catalog):
    client = reader("en")
    add(client, "bu-i-tynset")
    html = client.get("/tiltak/bu-i-tynset/").content.decode()
    assert "Remove from compare" in html and "Add to compare" not in html
    client.post("/sammenlign/kurv/", {"action": "remove", "e": "bu-i-tynset", "next": "/tiltak/bu-i-tynset/"})
    html = client.get("/tiltak/bu-i-tynset/").content.decode()
    assert "“Bu i Tynset” was taken out of the compare basket." in html
    assert "Add to compare" in html


def test_a_fifth_entry_is_refused_with_a_message_naming_it(catalog):
    client = reader("nn")
    for slug in SLUGS:
        add(client, slug)
    add(client, "gammel-rekrutteringskampanje")  # already there: said, not doubled
    assert "er allereie i samanlikningskorga" in client.get("/sok/").content.decode()
    extra = build_extra_entry()
    add(client, extra)
    html = client.get("/sok/").content.decode()
    assert "Samanlikningskorga har plass til høgst 4 tiltak; «Femte tiltak» vart ikkje lagt til." in html
    assert client.get("/sammenlign/").content.decode().count('scope="col"') == 4


def build_extra_entry() -> str:
    from tests.builder import entry

    return entry("Femte tiltak", lead="Eit femte tiltak.", language="nn").slug


def test_unknown_and_draft_entries_are_not_added(catalog):
    client = reader()
    add(client, "finst-ikkje")
    html = client.get("/sok/").content.decode()
    assert "Ingen tiltak har adressen «finst-ikkje»; ingenting ble lagt til." in html
    add(client, "hemmelig-utkast")  # a draft is not public
    assert "«hemmelig-utkast»" in client.get("/sok/").content.decode()
    assert "Sammenligningskurv" not in client.get("/sok/").content.decode()


def test_basket_changes_need_post_and_a_csrf_token(catalog):
    client = Client(enforce_csrf_checks=True)
    assert client.get("/sammenlign/kurv/?action=add&e=bu-i-tynset").status_code == 405
    response = client.post("/sammenlign/kurv/", {"action": "add", "e": "bu-i-tynset"})
    assert response.status_code == 403
    assert 'class="site-header"' in response.content.decode()  # the catalog's own 403 page
    assert "tiltak_compare" not in response.cookies
    # With the token from the page's own form it works.
    page = client.get("/tiltak/bu-i-tynset/")
    token = page.context["csrf_token"]
    response = client.post(
        "/sammenlign/kurv/", {"action": "add", "e": "bu-i-tynset", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302


def test_a_tampered_basket_cookie_is_ignored(catalog):
    client = reader()
    client.cookies["tiltak_compare"] = json.dumps(SLUGS)  # unsigned
    assert "Sammenligningskurv" not in client.get("/sok/").content.decode()


def test_redirect_goes_back_only_to_this_site(catalog):
    client = reader()
    response = add(client, "bu-i-tynset", "https://evil.example/")
    assert response["Location"] == "/sammenlign/"


def test_a_shared_link_names_what_it_leaves_out(catalog):
    extra = build_extra_entry()
    url = "/sammenlign/?" + "&".join(f"e={s}" for s in [*SLUGS, extra, "finst-ikkje"])
    html = reader("en").get(url).content.decode()
    assert html.count('scope="col"') == 4
    assert "At most 4 entries can be compared; 2 more were left out:" in html
    assert extra in html and "finst-ikkje" in html
    two = reader("en").get("/sammenlign/?e=bu-i-tynset&e=nope").content.decode()
    assert "No entry has these addresses, so they are not shown: nope" in two


def test_compare_page_gives_its_data_as_json(catalog):
    client = reader("en")
    add(client, "bu-i-tynset")
    add(client, "provebustader-i-vest-telemark")
    data = client.get("/sammenlign/?format=json").json()
    assert [e["slug"] for e in data["entries"]] == ["bu-i-tynset", "provebustader-i-vest-telemark"]
    activities = next(r for r in data["rows"] if r["heading"] == "Activities")
    assert any(i["shared"] and i["label"] == "Host scheme" for i in activities["cells"][0]["items"])
    assert data["left_out"] == {"unknown": [], "beyond_limit": []}
