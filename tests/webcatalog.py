"""A small catalog for the web page tests, built through the catalog service like any import.

Concepts are created (or relabelled) here so the tests do not depend on the shipped vocabulary's codes.
Places are the shipped ones (loaded on migrate).
"""

from __future__ import annotations

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftItem, DraftPlace, DraftSection, EntryDraft
from tiltak.catalog.services import create_entry
from tiltak.vocabulary.models import Concept, ConceptScheme

CONCEPTS = {
    "subject_areas": [("in_migration", "Tilflytting", "Tilflytting", "In-migration")],
    "activities": [
        ("trial_housing", "Prøveboliger", "Prøvebustader", "Trial housing"),
        ("host_scheme", "Vertskapsordning", "Vertskapsordning", "Host scheme"),
        ("fairs", "Deltakelse på messer", "Deltaking på messer", "Attending fairs"),
        ("web_portal", "Nettportal", "Nettportal", "Web portal"),
    ],
    "target_groups": [
        ("young_adults", "Unge voksne", "Unge vaksne", "Young adults"),
        ("families", "Barnefamilier", "Barnefamiliar", "Families with children"),
    ],
    "selling_points": [("nature", "Natur og friluftsliv", "Natur og friluftsliv", "Nature and outdoor life")],
    "partner_kinds": [("county_authority", "Fylkeskommune", "Fylkeskommune", "County authority")],
}
SCHEMES = {
    "subject_areas": ("Fagområde", "Fagområde", "Subject area"),
    "activities": ("Aktiviteter", "Aktivitetar", "Activities"),
    "target_groups": ("Målgrupper", "Målgrupper", "Target groups"),
    "selling_points": ("Salgsargumenter", "Salsargument", "Selling points"),
    "partner_kinds": ("Partnertyper", "Partnartypar", "Partner kinds"),
}


def ensure_concepts() -> None:
    for position, (code, (nb, nn, en)) in enumerate(SCHEMES.items()):
        scheme, _ = ConceptScheme.objects.get_or_create(
            code=code, defaults={"label_nb": nb, "label_nn": nn, "label_en": en, "position": position}
        )
        for pos, (ccode, cnb, cnn, cen) in enumerate(CONCEPTS[code]):
            Concept.objects.update_or_create(
                scheme=scheme,
                code=ccode,
                defaults={"label_nb": cnb, "label_nn": cnn, "label_en": cen, "position": pos},
            )


def item(text: str, concept: str | None = None, **extra) -> DraftItem:
    return DraftItem(text=text, concept=concept, match="exact" if concept else "unmapped", **extra)


def save(title: str, **fields):
    lists = {name: fields.pop(name, []) for name in ("subject_areas", "activities", "selling_points")}
    lists["partners"] = fields.pop("partners", [])
    lists["target_groups"] = fields.pop("target_groups", [])
    draft = EntryDraft(title=title, lists=lists, **fields)
    return create_entry(draft, actor=Actor.cli("web-tests"))


def build_catalog() -> dict[str, object]:
    """Five public entries (one archived) and one draft; returns them by short name."""
    ensure_concepts()
    entries = {}
    entries["telemark"] = save(
        "Prøvebustader i Vest-Telemark",
        lead="Unge vaksne fekk prøvebu i regionen før dei flytta.",
        body="Kommunane bygde opp eit tilbod om prøvebustader for tilflyttarar.",
        main_goal="Fleire unge vaksne skal busetje seg i Vest-Telemark.",
        language="nn",
        period_start=2010,
        period_end=2013,
        web_addresses=["https://www.example.no/prove"],
        footer="Tiltaket er presentert utan vurdering.",
        subject_areas=[item("Tilflytting", "in_migration")],
        activities=[item("Prøvebustader", "trial_housing"), item("Vertskapsordning", "host_scheme")],
        target_groups=[item("Unge vaksne", "young_adults"), item("Barnefamiliar", "families")],
        selling_points=[item("Natur og friluftsliv", "nature")],
        partners=[item("Telemark fylkeskommune", "county_authority", organisation="Telemark fylkeskommune")],
        sections=[DraftSection("Organisering", "Eit regionråd leia arbeidet.")],
        places=[
            DraftPlace("Vest-Telemark", "region"),
            DraftPlace("Tokke", "municipality", "4034"),
            DraftPlace("Telemark", "county", "08"),
        ],
    )
    entries["hardanger"] = save(
        "Flytt til Hardanger",
        lead="Kampanje for å få barnefamilier til å flytte til Hardanger.",
        body="Prosjektet deltok på messer og drev en nettportal for tilflyttere.",
        language="nb",
        period_start=2008,
        subject_areas=[item("Tilflytting", "in_migration")],
        activities=[item("Messer", "fairs"), item("Nettportal", "web_portal")],
        target_groups=[item("Barnefamilier", "families")],
        places=[DraftPlace("Kvam", "municipality", "4622"), DraftPlace("Hordaland", "county", "12")],
    )
    entries["tynset"] = save(
        "Bu i Tynset",
        lead="Vertskap og nettportal for unge voksne som vil flytte til fjellet.",
        body="Tynset kommune tilbyr vertskapsordning for nye innbyggere.",
        language="nb",
        period_start=2015,
        period_end=2018,
        subject_areas=[item("Tilflytting", "in_migration")],
        activities=[item("Vertskapsordning", "host_scheme"), item("Nettportal", "web_portal")],
        target_groups=[item("Unge voksne", "young_adults")],
        selling_points=[item("Natur", "nature")],
        places=[DraftPlace("Tynset", "municipality", "3427")],
    )
    entries["archived"] = save(
        "Gammel rekrutteringskampanje",
        lead="En kampanje fra nittitallet.",
        language="nb",
        status="archived",
        archive_notice="Denne artikkelen er arkivert.",
        period_start=1998,
        activities=[item("Messer", "fairs")],
        target_groups=[item("Barnefamilier", "families")],
        places=[DraftPlace("Tokke", "municipality", "4034")],
    )
    entries["unmapped"] = save(
        "Kontorfellesskap i Dalen",
        lead="Et kontorfellesskap for fjernarbeidere.",
        language="nb",
        period_start=2021,
        activities=[item("Kontorfellesskap for fjernarbeidere")],
        places=[DraftPlace("Dalen", "village")],
    )
    entries["draft"] = save("Hemmelig utkast", lead="Ikke publisert.", status="draft")
    return entries
