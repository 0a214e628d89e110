"""Hostile text in any field is shown as text on every page, never run or able to break the markup."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.builder import DraftPlace, DraftSection, entry, item, web_concepts

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
RTL = "evil\u202egnp.exe"  # right-to-left override
LONG = "a" * 5000
ZALGO = "Z\u0351\u0308\u0300a\u0346l\u0352g\u0357o\u200b"


@pytest.fixture
def hostile():
    web_concepts()
    return entry(
        f"{SCRIPT} Hostile {RTL}",
        lead=f'"><img src=x onerror=alert(1)> {ZALGO}',
        body=f"{LONG}\n\n{SCRIPT}",
        main_goal="</p><iframe src=javascript:alert(1)>",
        language="nb",
        archive_notice=SCRIPT,
        footer=SCRIPT,
        web_addresses=["javascript:alert(1)", "www.example.no/<b>"],
        activities=[item(SCRIPT, "host_scheme"), item(f"<b>{RTL}</b>")],
        sections=[DraftSection(f"<h1>{SCRIPT}</h1>", SCRIPT, [SCRIPT])],
        places=[DraftPlace("Tokke", "municipality", "4034", mention=SCRIPT)],
    )


def pages(slug):
    return [
        "/",
        "/sok/",
        "/sok/?q=hostile",
        f"/sok/?q={SCRIPT}",
        f"/tiltak/{slug}/",
        f"/sammenlign/?e={slug}&e={slug}x",
        "/statistikk/",
    ]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_script_tags_and_markup_are_escaped_on_every_page(client, hostile, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    for url in pages(hostile.slug):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and "<iframe" not in html and "<b>" not in html, url
        assert 'href="javascript:' not in html, url


def test_hostile_text_is_still_visible_as_text(client, hostile):
    html = client.get(f"/tiltak/{hostile.slug}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "evil\u202egnp.exe" in html  # shown, but inside escaped text (bidi isolated by the heading)
    assert LONG in html  # very long words wrap via CSS rather than being cut


def test_hostile_query_is_escaped_in_search_box_and_chips(client, hostile):
    html = client.get("/sok/", {"q": '"><svg onload=alert(1)>'}).content.decode()
    assert "<svg onload" not in html
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in html


def test_hostile_labels_in_csv_cannot_start_a_formula(client, hostile):
    from tiltak.vocabulary.models import Concept

    Concept.objects.filter(code="host_scheme").update(label_nb='=HYPERLINK("http://evil")')
    rows = client.get("/statistikk/activities.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in rows
