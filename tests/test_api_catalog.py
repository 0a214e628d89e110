"""A small catalog the API tests share (imported by the other tests/test_api_*.py files).

Concept codes start with ``api_`` so they never collide with the shipped vocabularies. The cast:
- "Flytt til fjellet": nynorsk, published, Tokke (Telemark), host scheme + trial homes, families, 2009;
- a hostile title (script tag, right-to-left override, zero-width joiner), bokmål, host scheme, young adults,
  Gildeskål, 2015;
- "Gammalt prosjekt": archived, trial homes, old county Telemark (08), 1998;
- "Hemmeleg utkast": a draft, which the public API never shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftItem, DraftPlace, EntryDraft
from tiltak.catalog.models import Entry
from tiltak.catalog.services import create_entry
from tiltak.vocabulary.models import Concept, ConceptScheme, Variant

HOSTILE = '<script>alert("x")</script> Bulyst \u202eevil\u202c & "sitat" \u200d'

CONCEPTS = {
    "subject_areas": [("api_tilflytting", "Tilflytting", "Tilflytting", "In-migration")],
    "activities": [
        ("api_host", "Vertskapsordning", "Vertskapsordning", "Host scheme"),
        ("api_trial_home", "Prøvebolig", "Prøvebustad", "Trial home"),
        ("api_unused", "Ubrukt aktivitet", "Ubrukt aktivitet", "Unused activity"),
    ],
    "target_groups": [
        ("api_families", "Barnefamilier", "Barnefamiliar", "Families with children"),
        ("api_young", "Unge voksne", "Unge vaksne", "Young adults"),
    ],
    "selling_points": [("api_nature", "Natur", "Natur", "Nature")],
    "partner_kinds": [("api_county", "Fylkeskommune", "Fylkeskommune", "County authority")],
}


@dataclass
class Cast:
    fjellet: Entry
    hostile: Entry
    archived: Entry
    draft: Entry


def make_vocabulary() -> None:
    for position, (scheme_code, concepts) in enumerate(CONCEPTS.items()):
        scheme, _ = ConceptScheme.objects.get_or_create(
            code=scheme_code,
            defaults={
                "label_nb": scheme_code,
                "label_nn": scheme_code,
                "label_en": scheme_code,
                "position": position,
            },
        )
        for index, (code, nb, nn, en) in enumerate(concepts):
            concept, _ = Concept.objects.get_or_create(
                scheme=scheme,
                code=code,
                defaults={"label_nb": nb, "label_nn": nn, "label_en": en, "position": 900 + index},
            )
            Variant.objects.get_or_create(concept=concept, text=nb)


def _items(*pairs: tuple[str, str]) -> list[DraftItem]:
    return [DraftItem(text=text, concept=code, match="exact") for text, code in pairs]


def make_entry(title: str, **fields) -> Entry:
    lists = fields.pop("lists", {})
    draft = EntryDraft(title=title, **fields)
    for name, items in lists.items():
        draft.lists[name] = items
    return create_entry(draft, actor=Actor.cli("api"))


def make_cast() -> Cast:
    """Build the cast. Each test file has a ``cast`` fixture calling this (importing fixtures trips ruff)."""
    make_vocabulary()
    fjellet = make_entry(
        "Flytt til fjellet",
        lead="Eit prosjekt for å få fleire til å busetje seg i bygda.",
        body="Prosjektet tilbyr prøvebustad og vertskap.",
        language="nn",
        period_start=2009,
        period_end=2012,
        places=[DraftPlace(name="Tokke", kind="municipality", code="4034")],
        lists={
            "subject_areas": _items(("Tilflytting", "api_tilflytting")),
            "activities": _items(("Vertskapsordning", "api_host"), ("Prøvebustad", "api_trial_home")),
            "target_groups": _items(("Barnefamiliar", "api_families")),
            "selling_points": _items(("Natur", "api_nature")),
            "partners": [
                DraftItem(
                    text="Telemark fylkeskommune",
                    concept="api_county",
                    match="organisation",
                    organisation="Telemark fylkeskommune",
                )
            ],
        },
    )
    hostile = make_entry(
        HOSTILE,
        lead=HOSTILE,
        body="Tekst med <b>tagger</b> og \x07 kontrolltegn.",
        language="nb",
        period_start=2015,
        places=[DraftPlace(name="Gildeskål", kind="municipality", code="1838")],
        lists={
            "activities": _items((HOSTILE, "api_host")),
            "target_groups": _items(("Unge voksne", "api_young"), ("Unge voksne", "api_young")),
        },
    )
    hostile.items.filter(list_name="target_groups", position=1).update(repeat=True)
    archived = make_entry(
        "Gammalt prosjekt",
        lead="Avslutta.",
        language="nn",
        status="archived",
        archive_notice="Denne artikkelen er arkivert.",
        period_start=1998,
        places=[DraftPlace(name="Telemark", kind="county", code="08")],
        lists={"activities": _items(("Prøvebustad", "api_trial_home"))},
    )
    draft = make_entry(
        "Hemmeleg utkast", status="draft", lists={"activities": _items(("Vertskap", "api_host"))}
    )
    return Cast(fjellet, hostile, archived, draft)


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


def test_the_cast_is_built_with_one_entry_per_status(cast):
    assert set(Entry.objects.values_list("status", flat=True)) == {"published", "archived", "draft"}
    assert cast.hostile.title == HOSTILE.strip()
