"""The template parser on the five seeds (golden, every field), the real corpus and generated pages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared import corpus, seed_path
from tiltak.errors import ImportFailed
from tiltak.ingest.parser import heading_kind, parse_text


def parse_seed(number: int):
    path = seed_path(number)
    return parse_text(path.read_text(encoding="utf-8"), source=path.name)


def items(draft, name: str) -> list[str]:
    return [item.text for item in draft.lists[name]]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


# --- golden: seed 000, a nynorsk template page with bokmål headings and footer ------------------------


def test_seed_000_every_field():
    draft = parse_seed(0)
    assert draft.title == "Vi snur vinden – fleire folk til Vest-Telemark"
    assert draft.lead == "Prosjektet som skal auke attraksjonskrafta til Vest-Telemark."
    assert items(draft, "subject_areas") == ["Tilflytting"]
    assert draft.language == "nn"
    body = paragraphs(draft.body)
    assert len(body) == 3
    assert body[0].startswith("Prosjektet hadde som mål")
    assert body[-1].endswith("Nettside: www.vest-telemark.no.")
    assert draft.main_goal == "Auke attraksjonskrafta til Vest-Telemark."
    activities = items(draft, "activities")
    assert len(activities) == 9
    assert activities[:3] == [
        "Arrangement utanfor kommunen for å rekruttere folk",
        "Arrangement i kommunen for å stimulere bortebuarar til å flytte heim",
        "Brev til potensielle tilflyttarar",
    ]
    assert activities[4] == "Eigen nettstad"
    assert activities[-1].startswith("Kampanje for å synliggjere regionen som busetjing og samarbeid")
    assert items(draft, "selling_points") == ["Livskvalitet", "Godt oppvekstmiljø", "Gode tenestetilbod"]
    assert items(draft, "partners") == [
        "Grende-/bygdelag",
        "Telemark Fylkeskommune",
        "Fylkesmannen i Telemark",
        "Regionrådet for Vest- Telemark, Vest- Telemarkrådet",
        "Næringslivet",
    ]
    assert items(draft, "target_groups") == [
        "Frivillige lag og organisasjonar",
        "Barnefamiliar",
        "Potensielle tilbakeflyttarar",
        "Flyttarar frå storbyar",
        "Hyttefolk",
    ]
    assert draft.sections == []
    assert (draft.period_start, draft.period_end) == (None, None)
    assert draft.web_addresses == ["www.vest-telemark.no"]
    assert draft.status == "published"
    assert draft.archive_notice == ""
    assert draft.footer.startswith("Vi snur vinden – fleire folk til Vest-Telemark er presentert med")
    assert "Distriktssenteret" not in draft.body


def test_seed_001_every_field():
    draft = parse_seed(1)
    assert draft.title == "Småsamfunnsprosjekt og bulyst i Tokke"
    assert draft.lead == "Engasjere lokalsamfunnet og eldsjeler for å styrke vekstkrafta."
    assert items(draft, "subject_areas") == ["Tilflytting"]
    assert draft.language == "nn"
    body = paragraphs(draft.body)
    assert len(body) == 2
    assert body[0].startswith("Småsamfunnsprosjektet Lårdal Liv Laga")
    assert body[-1].endswith("eiga stilling for denne type arbeid.")
    assert draft.main_goal.startswith("Engasjere lokalsamfunnet og eldsjeler til å drive")
    activities = items(draft, "activities")
    assert len(activities) == 10
    assert activities[7:] == [
        "Vertskapsordning",
        "Tilrettelegging av bustad for tilflyttande",
        "Integreringstiltak for tilflyttende",
    ]
    assert items(draft, "selling_points") == ["Livskvalitet", "Bydemiljø/sosialt miljø", "Arbeidsplassar"]
    assert items(draft, "partners") == [
        "Grende- og bygdelag",
        "Telemark fylkeskommune",
        "Næringslivet",
        "Frivillege lag og organisasjonar",
        "Regionrådet for Vest-Telemark, Vest-Telemarkrådet",
    ]
    assert items(draft, "target_groups") == ["Alle typer innflyttarar"]
    assert draft.sections == []
    assert (draft.period_start, draft.period_end) == (2012, 2014)
    assert draft.web_addresses == []
    assert draft.status == "published" and draft.archive_notice == ""
    assert "grunnleggjande informasjon utan vurdering" in draft.footer


def test_seed_002_every_field_with_lists_in_another_order_and_two_sections():
    draft = parse_seed(2)
    assert draft.title == "Blest i Havlandet"
    assert draft.lead.startswith("Skape engasjement, fornyet vekst")
    assert draft.language == "nb"
    assert draft.body == ""
    assert draft.main_goal == ""
    assert [s.heading for s in draft.sections] == ["Arbeidsområder", "Organisering"]
    work_areas = draft.sections[0]
    assert len(work_areas.items) == 11
    assert work_areas.items[0] == "Kartlegge viktige ressurser, definere sentrale kriterier"
    assert work_areas.items[-1] == "Rekruttering og mottaksapparat"
    assert work_areas.text == ""
    assert draft.sections[1].text.startswith("Til hver aktivitet er det en arbeidsgruppe")
    assert draft.sections[1].items == []
    assert items(draft, "partners")[-1] == "Sametinget"
    assert len(items(draft, "target_groups")) == 10
    assert items(draft, "target_groups")[-1] == "Flyttere fra Nederland"
    activities = items(draft, "activities")
    assert len(activities) == 11
    assert activities.count("Deltatt på utstillinger/stand") == 2  # typed twice; the mapper marks the repeat
    assert items(draft, "selling_points")[-1] == "Gode tjenestemiljø"
    assert (draft.period_start, draft.period_end) == (None, None)
    assert draft.web_addresses == []
    assert draft.status == "published"
    assert draft.footer.startswith("Blest i Havlandet er presentert")


def test_seed_003_every_field():
    draft = parse_seed(3)
    assert draft.title == "Flytt til Hardanger"
    assert draft.lead.startswith("Hordaland fylkeskommune starta i lag med hardangerkommunane")
    assert draft.language == "nn"
    body = paragraphs(draft.body)
    assert len(body) == 3
    assert body[0].startswith("Hovudmålet var å marknadsføra")
    assert body[-1].endswith("grunnskulegruppa og fylkesgruppa.")
    assert draft.main_goal.startswith("Hovudmålet var å marknadsføra regionen")
    assert len(items(draft, "activities")) == 9
    assert items(draft, "activities")[-1] == "Eigne nettsider"
    assert items(draft, "selling_points") == ["Livskvalitet", "Godt oppvekstmiljø"]
    assert items(draft, "partners") == ["Kommunane", "Hordaland fylkeskommune", "Placement"]
    assert items(draft, "target_groups") == [
        "Alle typer innflyttarar",
        "Tilbakeflyttarar",
        "Småbarnsfamiliar",
        "Livsstilsflyttarar frå utlandet",
    ]
    assert draft.sections == []
    assert (draft.period_start, draft.period_end) == (2009, 2009)
    assert draft.web_addresses == ["flyttilhardanger.no"]
    assert draft.status == "published"
    assert "grunnleggjande informasjon" in draft.footer


def test_seed_004_archived_article_keeps_its_subheadings_in_the_body():
    draft = parse_seed(4)
    assert draft.title == "Folketallet øker i Fjellregionen"
    assert draft.status == "archived"
    assert draft.archive_notice == "Denne artikkelen er arkivert. Enkelte opplysninger kan være utdaterte."
    assert draft.lead.startswith("”Vår jobb er ikke bare å få folk til regionen.")
    assert draft.language == "nb"
    body = paragraphs(draft.body)
    assert len(body) == 11
    assert body[0].startswith("«Flytt hit» er et prosjekt eid av regionrådet")
    assert "Flere flytter til" in body and "Felles profilering på nett" in body
    assert any(p.startswith("1. april 2009 hadde kommunene") for p in body)  # a date, not a numbered list
    assert body[-1].endswith("som skal rette seg mot etablerere.")
    assert all(
        not items(draft, name) for name in ("activities", "selling_points", "partners", "target_groups")
    )
    assert items(draft, "subject_areas") == ["Tilflytting"]
    assert draft.main_goal == "" and draft.sections == [] and draft.footer == ""
    assert (draft.period_start, draft.period_end) == (2008, 2010)
    assert draft.web_addresses == ["www.fjellregionen.no"]


# --- the real corpus ------------------------------------------------------------------------------------

CORPUS_FILES = sorted(corpus().glob("*.txt"))  # fails collection, naming the folder, if it is missing
STRUCTURE_HEADINGS = {"activities", "selling_points", "partners", "target_groups", "main_goal", "footer"}
_SOURCE_BULLET = re.compile(r"^\s*(?:•|\d{1,2}\.)\s*(.+?)\s*$")


def all_text(draft) -> str:
    parts = [draft.title, draft.lead, draft.body, draft.main_goal, draft.footer, draft.archive_notice]
    parts += [i.text for items in draft.lists.values() for i in items]
    parts += [s.heading + "\n" + s.text + "\n" + "\n".join(s.items) for s in draft.sections]
    return "\n".join(parts)


def test_the_corpus_is_there():
    assert len(CORPUS_FILES) == 61


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_page_parses_and_keeps_every_bullet_and_paragraph(path):
    text = path.read_text(encoding="utf-8")
    draft = parse_text(text, source=path.name)
    assert draft.title
    kept = all_text(draft)
    for line in text.splitlines():
        bullet = _SOURCE_BULLET.match(line)
        if bullet:
            assert bullet.group(1) in kept, f"lost bullet: {line!r}"
        elif line.strip() not in ("", "•") and not line.lower().startswith("fagområde"):
            if heading_kind(line) in STRUCTURE_HEADINGS:
                continue  # a template heading: it became the list or field it names
            words = " ".join(line.split()).rstrip(":")
            assert words in " ".join(kept.split()), f"lost line: {line!r}"


def test_plain_sentence_under_target_groups_is_one_item():
    draft = parse_text("Tittel\n\nIngress.\n\nMålgrupper\n\nAlle typer innflyttere.\n")
    assert items(draft, "target_groups") == ["Alle typer innflyttere."]


def test_stray_paragraphs_in_a_list_become_a_section_and_bullets_stay_items():
    text = "Tittel\n\nIngress.\n\nMålgruppe\n\nDisse er:\n\n • Ungdom\n • Kvinner\n\nOgså andre.\n"
    draft = parse_text(text)
    assert items(draft, "target_groups") == ["Ungdom", "Kvinner"]
    assert draft.sections[0].heading == "Målgruppe"
    assert draft.sections[0].text == "Disse er:\n\nOgså andre."


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Aktiviteter", "activities"),
        ("Aktivitetar", "activities"),
        ("Viktigaste salsargument", "selling_points"),
        ("Viktige salgsargument", "selling_points"),
        ("Samarbeidsparntere", "partners"),
        ("Samarbeidspartarar", "partners"),
        ("MÅLGRUPPE:", "target_groups"),
        ("Hovudmål", "main_goal"),
        ("Tilflyttingsarbeid i norske distriktskommunar", "footer"),
        ("Eierskap, organisering og formell forankring", "section"),
        ("Stikkord:", "section"),
        ("Målgruppe er alle typer tilflyttere.", None),
        ("Flere flytter til", None),
    ],
)
def test_heading_variants_are_recognised(heading, kind):
    assert heading_kind(heading) == kind


def test_page_without_text_has_no_title():
    with pytest.raises(ImportFailed, match="no title"):
        parse_text("Fagområde: Tilflytting\n\n   \n", source="tom.txt")


def test_page_starting_with_a_list_has_no_title():
    with pytest.raises(ImportFailed, match="tom.txt: no title"):
        parse_text(" • Ungdom\n • Kvinner\n", source="tom.txt")


# --- properties -----------------------------------------------------------------------------------------


@given(st.text(max_size=400))
def test_any_text_parses_or_fails_with_a_clear_message(text):
    try:
        draft = parse_text(text, source="random.txt")
    except ImportFailed as error:
        assert str(error).startswith("random.txt: no title")
    else:
        assert draft.title.strip()


_words = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ-/", min_size=1, max_size=12
)
_item = st.lists(_words, min_size=1, max_size=6).map(" ".join)
LIST_HEADING = {
    "activities": ["Aktiviteter", "Aktivitetar"],
    "selling_points": ["Viktigste salgsargumenter", "Viktigaste salsargument"],
    "partners": ["Samarbeidspartnere", "Samarbeidspartnarar"],
    "target_groups": ["Målgrupper", "Målgruppe"],
}


@given(
    title=_item,
    lists=st.dictionaries(st.sampled_from(sorted(LIST_HEADING)), st.lists(_item, min_size=1, max_size=8)),
    nynorsk=st.booleans(),
    numbered=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_every_item_of_a_generated_template_page_survives(title, lists, nynorsk, numbered, order):
    names = list(lists)
    order.shuffle(names)
    chunks = ["Fagområde: Tilflytting", title, "Ein kort ingress."]
    for name in names:
        chunks.append(LIST_HEADING[name][int(nynorsk)])
        marks = [f"{n}." for n in range(1, len(lists[name]) + 1)] if numbered else ["•"] * len(lists[name])
        chunks.append("\n".join(f" {m} {text}" for m, text in zip(marks, lists[name], strict=True)))
    draft = parse_text("\n\n".join(chunks))
    assert draft.title == title
    for name, expected in lists.items():
        assert items(draft, name) == expected
