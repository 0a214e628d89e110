"""The in-memory shape of an entry before it is saved.

Every way into the catalog produces an ``EntryDraft``: the document importer (``tiltak.ingest``) after
parsing and mapping, and the JSON reader for the export format (so an export round-trips). The catalog
services (``create_entry``, ``update_entry``; import goes through ``tiltak.ingest.saving``) are the only
way a draft becomes database rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tiltak.catalog.template import LIST_NAMES  # noqa: F401 - the lists a draft holds, declared once


@dataclass
class DraftItem:
    text: str
    concept: str | None = None  # concept code in the list's scheme
    match: str = "unmapped"  # see ListItem.Match
    score: float = 0.0
    bullet: str = ""  # the whole bullet, when it held several items
    organisation: str = ""
    note: str = ""
    repeat: bool = False


@dataclass
class DraftSection:
    heading: str
    text: str = ""
    items: list[str] = field(default_factory=list)


@dataclass
class DraftPlace:
    name: str
    kind: str  # municipality | county | region | village
    code: str = ""
    mention: str = ""


@dataclass
class SourceInfo:
    file_name: str
    checksum: str
    format: str
    source_url: str = ""
    encoding: str = ""
    size: int = 0

    @property
    def identity(self) -> str:
        return self.source_url or self.file_name


@dataclass
class EntryDraft:
    title: str
    lead: str = ""
    body: str = ""
    main_goal: str = ""
    language: str = "nb"
    status: str = "published"
    archive_notice: str = ""
    footer: str = ""
    period_start: int | None = None
    period_end: int | None = None
    web_addresses: list[str] = field(default_factory=list)
    lists: dict[str, list[DraftItem]] = field(default_factory=lambda: {name: [] for name in LIST_NAMES})
    sections: list[DraftSection] = field(default_factory=list)
    places: list[DraftPlace] = field(default_factory=list)
    slug: str = ""  # kept from an export so addresses survive a round trip
