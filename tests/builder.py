"""The one builder for test catalogs: concepts, drafts and entries, saved through the catalog's services
like any import or edit, and the two small catalogs the page and API tests share.

Lists are given by name as keywords (``activities=[...]``); each item may be a ``DraftItem``, a
``(text, concept_code)`` pair or plain text (unmapped). Entries are made by alice (``tests.cast``) unless a
test names another actor. Concepts are created or relabelled here, so tests do not depend on the shipped
vocabulary's codes; places are the shipped ones (loaded on migrate).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from tests.cast import ALICE
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import DraftItem, DraftPlace, DraftSection, EntryDraft, SourceInfo
from tiltak.catalog.models import Entry
from tiltak.catalog.services import create_entry
from tiltak.catalog.template import LIST_NAMES
from tiltak.ingest.saving import import_draft
from tiltak.vocabulary.models import Concept, ConceptScheme, Variant

ListValue = DraftItem | tuple[str, str | None] | str


# --- vocabulary -----------------------------------------------------------------------------------------


def concept(
    scheme: str, code: str, nb: str, nn: str = "", *variants: str, en: str = "", position: int | None = None
) -> Concept:
    """The concept ``code`` in ``scheme`` with these labels (created, or relabelled if it exists) and these
    extra variants. A scheme that does not exist yet is created with its code as label."""
    scheme_row, _ = ConceptScheme.objects.get_or_create(
        code=scheme, defaults={"label_nb": scheme, "label_nn": scheme, "label_en": scheme}
    )
    values: dict[str, Any] = {"label_nb": nb, "label_nn": nn or nb, "label_en": en or code}
    if position is not None:
        values["position"] = position
    row, _ = Concept.objects.update_or_create(scheme=scheme_row, code=code, defaults=values)
    for text in variants:
        Variant.objects.get_or_create(concept=row, text=text)
    return row


def concepts(table: dict[str, list[tuple[str, str, str, str]]], *, first_position: int = 0) -> None:
    """Every concept in ``{scheme: [(code, nb, nn, en), ...]}``, positioned in the order given."""
    for scheme, rows in table.items():
        for index, (code, nb, nn, en) in enumerate(rows):
            concept(scheme, code, nb, nn, en=en, position=first_position + index)


# --- drafts and entries ---------------------------------------------------------------------------------


def item(text: str, concept: str | None = None, **extra: Any) -> DraftItem:
    """A list item; mapped exactly when a concept code is given, else unmapped."""
    extra.setdefault("match", "exact" if concept else "unmapped")
    return DraftItem(text=text, concept=concept, **extra)


def _as_item(value: ListValue) -> DraftItem:
    if isinstance(value, DraftItem):
        return value
    if isinstance(value, str):
        return item(value)
    return item(*value)


def draft(title: str, **fields: Any) -> EntryDraft:
    """An ``EntryDraft``; list names among the keywords become its lists."""
    lists = {name: [_as_item(v) for v in fields.pop(name)] for name in LIST_NAMES if name in fields}
    result = EntryDraft(title=title, **fields)
    result.lists.update(lists)
    return result


def entry(title: str, *, actor: Actor | None = None, **fields: Any) -> Entry:
    """A new entry, created as an editor creates one (published unless ``status`` says otherwise)."""
    return create_entry(draft(title, **fields), actor=actor or ALICE.cli())


def source(file_name: str, checksum: str = "", **fields: Any) -> SourceInfo:
    """A source document's description; the checksum defaults to one derived from the file name."""
    checksum = checksum or hashlib.sha256(file_name.encode()).hexdigest()
    return SourceInfo(file_name=file_name, checksum=checksum, format=fields.pop("format", "txt"), **fields)


def imported(title: str, *, source_info: SourceInfo | None = None, actor: Actor | None = None, **fields):
    """An entry saved as the importer saves one (with a source document); returns the ``Entry``."""
    info = source_info or source(f"{slugify(title) or 'page'}.txt")
    return import_draft(draft(title, **fields), info, actor=actor or ALICE.importer()).entry


# --- the page tests' catalog ----------------------------------------------------------------------------

WEB_SCHEMES = {
    "subject_areas": ("Fagområde", "Fagområde", "Subject area"),
    "activities": ("Aktiviteter", "Aktivitetar", "Activities"),
    "target_groups": ("Målgrupper", "Målgrupper", "Target groups"),
    "selling_points": ("Salgsargumenter", "Salsargument", "Selling points"),
    "partner_kinds": ("Partnertyper", "Partnartypar", "Partner kinds"),
}
WEB_CONCEPTS = {
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


def web_concepts() -> None:
    """The concepts the page tests' catalog uses (plain codes such as ``host_scheme``)."""
    for position, (code, labels) in enumerate(WEB_SCHEMES.items()):
        nb, nn, en = labels
        ConceptScheme.objects.get_or_create(
            code=code, defaults={"label_nb": nb, "label_nn": nn, "label_en": en, "position": position}
        )
    concepts(WEB_CONCEPTS)


def web_catalog() -> dict[str, Entry]:
    """Five public entries (one archived) and one draft, by short name: telemark (nynorsk, Tokke and
    Vest-Telemark, 2010-2013), hardanger (Kvam, 2008-), tynset (2015-2018), archived (Tokke, 1998),
    unmapped (an unmapped activity, Dalen), draft."""
    web_concepts()
    entries = {}
    entries["telemark"] = entry(
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
    entries["hardanger"] = entry(
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
    entries["tynset"] = entry(
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
    entries["archived"] = entry(
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
    entries["unmapped"] = entry(
        "Kontorfellesskap i Dalen",
        lead="Et kontorfellesskap for fjernarbeidere.",
        language="nb",
        period_start=2021,
        activities=[item("Kontorfellesskap for fjernarbeidere")],
        places=[DraftPlace("Dalen", "village")],
    )
    entries["draft"] = entry("Hemmelig utkast", lead="Ikke publisert.", status="draft")
    return entries


# --- the API tests' catalog -----------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> Bulyst \u202eevil\u202c & "sitat" \u200d'

# Codes start with ``api_`` so they never collide with the shipped vocabularies.
API_CONCEPTS = {
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
class ApiCatalog:
    fjellet: Entry
    hostile: Entry
    archived: Entry
    draft: Entry


def api_concepts() -> None:
    """The ``api_`` concepts, after the shipped ones, each with its bokmål label as a variant."""
    for scheme, rows in API_CONCEPTS.items():
        for index, (code, nb, nn, en) in enumerate(rows):
            concept(scheme, code, nb, nn, nb, en=en, position=900 + index)


def api_catalog() -> ApiCatalog:
    """Four entries, one per status and one hostile:
    - fjellet, "Flytt til fjellet": nynorsk, published, Tokke (Telemark), host scheme + trial homes,
      families, 2009-2012;
    - hostile: a hostile title (script tag, right-to-left override, zero-width joiner), bokmål, host scheme,
      young adults (twice, the second a repeat), Gildeskål, 2015;
    - archived, "Gammalt prosjekt": trial homes, old county Telemark (08), 1998;
    - draft, "Hemmeleg utkast", which the public API never shows.
    """
    api_concepts()
    fjellet = entry(
        "Flytt til fjellet",
        lead="Eit prosjekt for å få fleire til å busetje seg i bygda.",
        body="Prosjektet tilbyr prøvebustad og vertskap.",
        language="nn",
        period_start=2009,
        period_end=2012,
        places=[DraftPlace(name="Tokke", kind="municipality", code="4034")],
        subject_areas=[("Tilflytting", "api_tilflytting")],
        activities=[("Vertskapsordning", "api_host"), ("Prøvebustad", "api_trial_home")],
        target_groups=[("Barnefamiliar", "api_families")],
        selling_points=[("Natur", "api_nature")],
        partners=[
            item(
                "Telemark fylkeskommune",
                "api_county",
                match="organisation",
                organisation="Telemark fylkeskommune",
            )
        ],
    )
    hostile = entry(
        HOSTILE,
        lead=HOSTILE,
        body="Tekst med <b>tagger</b> og \x07 kontrolltegn.",
        language="nb",
        period_start=2015,
        places=[DraftPlace(name="Gildeskål", kind="municipality", code="1838")],
        activities=[(HOSTILE, "api_host")],
        target_groups=[("Unge voksne", "api_young"), ("Unge voksne", "api_young")],
    )
    hostile.items.filter(list_name="target_groups", position=1).update(repeat=True)
    archived = entry(
        "Gammalt prosjekt",
        lead="Avslutta.",
        language="nn",
        status="archived",
        archive_notice="Denne artikkelen er arkivert.",
        period_start=1998,
        places=[DraftPlace(name="Telemark", kind="county", code="08")],
        activities=[("Prøvebustad", "api_trial_home")],
    )
    draft_entry = entry("Hemmeleg utkast", status="draft", activities=[("Vertskap", "api_host")])
    return ApiCatalog(fjellet, hostile, archived, draft_entry)
