"""Loads the shipped places (data/places.yaml) into the database.

``load_places`` is idempotent: rows are matched on their identity (kind, name, code, valid_from), created
when missing and updated when the file changed; successor and member links are made to match the file.
Rows the file does not know (a region an import added) are left alone. It runs after every migrate, so
it does a fixed handful of queries whatever the number of places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import connections, transaction

from tiltak import stamp

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.yaml"

Key = tuple[str, str, str, int | None]


class PlacesDataError(ValueError):
    """The places data file is inconsistent (a dangling or duplicate reference)."""


@dataclass
class PlaceSpec:
    kind: str
    name: str
    code: str = ""
    valid_from: int | None = None
    valid_until: int | None = None
    aliases: list[str] = field(default_factory=list)
    ref: str = ""  # how other specs refer to this one: a number, or "region:Name" / "village:Name"
    parent_ref: str = ""
    successor_refs: list[str] = field(default_factory=list)
    member_refs: list[str] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.kind, self.name, self.code, self.valid_from)


@lru_cache(maxsize=1)
def read_places_file(path: Path = DATA_FILE) -> tuple[list[PlaceSpec], frozenset[str]]:
    """The specs in file order, and the guarded names (see the data file)."""
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    specs: list[PlaceSpec] = []
    for c in data["counties"]:
        specs.append(
            PlaceSpec(
                "county",
                c["name"],
                c["code"],
                c.get("from"),
                c.get("until"),
                list(c.get("aliases", [])),
                ref=c["code"],
                successor_refs=list(c.get("successors", [])),
            )
        )
    for county, lines in data["municipalities"].items():
        for line in lines:
            code, rest = line.split(" ", 1)
            name, *aliases = [part.strip() for part in rest.split(" / ")]
            specs.append(
                PlaceSpec("municipality", name, code, None, None, aliases, ref=code, parent_ref=county)
            )
    for m in data["former_municipalities"]:
        specs.append(
            PlaceSpec(
                "municipality",
                m["name"],
                m["code"],
                m.get("from"),
                m["until"],
                ref=m["code"],
                successor_refs=list(m["successors"]),
            )
        )
    for r in data["regions"]:
        specs.append(
            PlaceSpec(
                "region",
                r["name"],
                aliases=list(r.get("aliases", [])),
                ref=f"region:{r['name']}",
                parent_ref=r.get("county", ""),
                member_refs=list(r.get("members", [])),
            )
        )
    for v in data["villages"]:
        specs.append(
            PlaceSpec(
                "village",
                v["name"],
                aliases=list(v.get("aliases", [])),
                ref=f"village:{v['name']}",
                parent_ref=v["municipality"],
            )
        )
    by_ref: dict[str, PlaceSpec] = {}
    for spec in specs:
        if spec.ref in by_ref:
            raise PlacesDataError(
                f"{path}: '{spec.ref}' is used by two places ({spec.name}, {by_ref[spec.ref].name})"
            )
        by_ref[spec.ref] = spec
    for spec in specs:
        for ref in [spec.parent_ref, *spec.successor_refs, *spec.member_refs]:
            if ref and ref not in by_ref:
                raise PlacesDataError(
                    f"{path}: {spec.name} refers to '{ref}', which no place in the file has"
                )
    # A former municipality's county is its (first) successor's county.
    for spec in specs:
        if spec.kind == "municipality" and not spec.parent_ref and spec.successor_refs:
            spec.parent_ref = by_ref[spec.successor_refs[0]].parent_ref
    return specs, frozenset(data.get("guarded_names", []))


def load_places(using: str = "default", *, model: Any = None) -> dict[str, int]:
    """Sync the data file into Place rows; returns counts of created and updated rows."""
    if model is None:
        from tiltak.places.models import Place as model
    specs, _ = read_places_file()
    manager = model.objects.db_manager(using)
    has_members = any(f.name == "members" for f in model._meta.get_fields())
    with transaction.atomic(using=using):
        existing = {(p.kind, p.name, p.code, p.valid_from): p for p in manager.all()}
        new = [
            model(
                kind=s.kind,
                name=s.name,
                code=s.code,
                valid_from=s.valid_from,
                valid_until=s.valid_until,
                aliases=s.aliases,
            )
            for s in specs
            if s.key not in existing
        ]
        manager.bulk_create(new)
        new_keys = {s.key for s in specs if s.key not in existing}
        if new:
            existing = {(p.kind, p.name, p.code, p.valid_from): p for p in manager.all()}
        rows = {s.ref: existing[s.key] for s in specs}

        changed = []
        for s in specs:
            row = rows[s.ref]
            parent_id = rows[s.parent_ref].pk if s.parent_ref else None
            if (row.valid_until, row.aliases, row.parent_id) != (s.valid_until, s.aliases, parent_id):
                row.valid_until, row.aliases, row.parent_id = s.valid_until, s.aliases, parent_id
                changed.append(row)
        manager.bulk_update(changed, ["valid_until", "aliases", "parent"])

        file_ids = [rows[s.ref].pk for s in specs]
        _sync_links(
            model.successors.through,
            using,
            file_ids,
            "from_place_id",
            "to_place_id",
            {(rows[s.ref].pk, rows[r].pk) for s in specs for r in s.successor_refs},
        )
        if has_members:
            _sync_links(
                model.members.through,
                using,
                file_ids,
                "from_place_id",
                "to_place_id",
                {(rows[s.ref].pk, rows[r].pk) for s in specs for r in s.member_refs},
            )
    updated = [row for row in changed if (row.kind, row.name, row.code, row.valid_from) not in new_keys]
    if new or updated:
        stamp.bump(using)
    return {"created": len(new), "updated": len(updated)}


def _sync_links(
    through: Any, using: str, owner_ids: list[int], src: str, dst: str, wanted: set[tuple[int, int]]
) -> None:
    """Make the link table rows owned by the file's places equal ``wanted``."""
    links = through.objects.db_manager(using)
    have = {(a, b): pk for pk, a, b in links.filter(**{f"{src}__in": owner_ids}).values_list("pk", src, dst)}
    stale = [pk for pair, pk in have.items() if pair not in wanted]
    if stale:
        links.filter(pk__in=stale).delete()
    links.bulk_create([through(**{src: a, dst: b}) for a, b in sorted(wanted - have.keys())])


def sync_after_migrate(using: str = "default", apps: Any = None, **kwargs: Any) -> None:
    """post_migrate hook: keep the shipped places in every database that has the table."""
    from tiltak.places.models import Place

    model: Any = Place
    if apps is not None:
        try:
            model = apps.get_model("places", "Place")
        except LookupError:  # migrated back to before the places app existed
            return
    if model._meta.db_table not in connections[using].introspection.table_names():
        return
    load_places(using, model=model)
