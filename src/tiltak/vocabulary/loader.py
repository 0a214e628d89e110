"""Loads the shipped vocabularies (data/vocabularies.yaml) into the database.

``load_vocabularies`` is idempotent and runs after every migrate: schemes and concepts are matched on their
codes (stable: exports and URLs use them), created when missing and relabelled when the file changed.
Variants from the file (``origin=data``) are added, and removed when the file no longer lists them;
variants an editor added are never touched. Concepts the file no longer lists are kept, since list items
may point at them. It does a fixed handful of queries whatever the size of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from tiltak import stamp

DATA_FILE = Path(__file__).resolve().parent / "data" / "vocabularies.yaml"
LANGUAGES = ("nb", "nn", "en")


class VocabularyDataError(ValueError):
    """The vocabulary data file is inconsistent (a missing label, a duplicate code)."""


@dataclass(frozen=True)
class ConceptSpec:
    code: str
    labels: dict[str, str]
    variants: tuple[str, ...] = ()
    organisation_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchemeSpec:
    code: str
    labels: dict[str, str]
    concepts: tuple[ConceptSpec, ...] = field(default_factory=tuple)


@lru_cache(maxsize=4)
def read_vocabularies(path: Path = DATA_FILE) -> tuple[SchemeSpec, ...]:
    """The schemes of the data file, in file order, checked for missing labels and duplicate codes."""
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh) or {}
    schemes = []
    for raw in data.get("schemes", []):
        code = raw["code"]
        concepts, seen = [], set()
        for c in raw.get("concepts", []):
            if c["code"] in seen:
                raise VocabularyDataError(f"{path.name}: concept code '{c['code']}' twice in scheme '{code}'")
            seen.add(c["code"])
            concepts.append(
                ConceptSpec(
                    code=c["code"],
                    labels=_labels(c, f"{code}:{c['code']}", path),
                    variants=tuple(str(v).strip() for v in c.get("variants") or () if str(v).strip()),
                    organisation_patterns=tuple(c.get("organisation_patterns") or ()),
                )
            )
        schemes.append(SchemeSpec(code, _labels(raw, code, path), tuple(concepts)))
    if len({s.code for s in schemes}) != len(schemes):
        raise VocabularyDataError(f"{path.name}: a scheme code is used twice")
    return tuple(schemes)


def _labels(raw: dict[str, Any], where: str, path: Path) -> dict[str, str]:
    labels = raw.get("labels") or {}
    unknown = sorted(str(key) for key in labels if key not in LANGUAGES)
    if unknown:  # usually an unquoted comma in a YAML flow mapping
        raise VocabularyDataError(
            f"{path.name}: '{where}' has labels in unknown languages {unknown}: quote labels with commas"
        )
    missing = [lang for lang in LANGUAGES if not str(labels.get(lang) or "").strip()]
    if missing:
        raise VocabularyDataError(f"{path.name}: '{where}' has no label in {', '.join(missing)}")
    return {lang: str(labels[lang]).strip() for lang in LANGUAGES}


def load_vocabularies(using: str = "default", path: Path = DATA_FILE) -> dict[str, int]:
    """Sync the data file into the database; returns counts of what was created/updated/removed."""
    from tiltak.vocabulary.models import Concept, ConceptScheme, Variant

    specs = read_vocabularies(path)
    counts = {"schemes": 0, "concepts": 0, "relabelled": 0, "variants_added": 0, "variants_removed": 0}
    with transaction.atomic(using=using):
        schemes = {s.code: s for s in ConceptScheme.objects.using(using).all()}
        for position, spec in enumerate(specs):
            row = schemes.get(spec.code)
            wanted: dict[str, Any] = {
                "label_nb": spec.labels["nb"],
                "label_nn": spec.labels["nn"],
                "label_en": spec.labels["en"],
            }
            if row is None:
                row = ConceptScheme(code=spec.code, position=position, **wanted)
                row.save(using=using)
                schemes[spec.code] = row
                counts["schemes"] += 1
            elif _differs(row, {**wanted, "position": position}):
                _assign(row, {**wanted, "position": position})
                row.save(using=using)
                counts["relabelled"] += 1

        concepts = {
            (c.scheme_id, c.code): c for c in Concept.objects.using(using).filter(scheme__in=schemes.values())
        }
        new: list[Concept] = []
        changed: list[Concept] = []
        for spec in specs:
            scheme = schemes[spec.code]
            for position, cspec in enumerate(spec.concepts):
                cwanted: dict[str, Any] = {f"label_{lang}": cspec.labels[lang] for lang in LANGUAGES}
                cwanted["position"] = position
                concept = concepts.get((scheme.pk, cspec.code))
                if concept is None:
                    new.append(Concept(scheme=scheme, code=cspec.code, **cwanted))
                elif _differs(concept, cwanted):
                    _assign(concept, cwanted)
                    changed.append(concept)
        Concept.objects.using(using).bulk_create(new)
        Concept.objects.using(using).bulk_update(changed, ["label_nb", "label_nn", "label_en", "position"])
        counts["concepts"], counts["relabelled"] = len(new), counts["relabelled"] + len(changed)
        if new:  # bulk_create does not set primary keys on every backend: read them back
            concepts = {
                (c.scheme_id, c.code): c
                for c in Concept.objects.using(using).filter(scheme__in=schemes.values())
            }

        wanted_variants = {
            (concepts[(schemes[s.code].pk, c.code)].pk, text)
            for s in specs
            for c in s.concepts
            for text in c.variants
        }
        existing = {
            (v.concept_id, v.text): v
            for v in Variant.objects.using(using).filter(concept__in=[c.pk for c in concepts.values()])
        }
        stale = [
            v.pk
            for key, v in existing.items()
            if v.origin == Variant.Origin.DATA and key not in wanted_variants
        ]
        Variant.objects.using(using).filter(pk__in=stale).delete()
        missing = [
            Variant(concept_id=cid, text=text, origin=Variant.Origin.DATA)
            for cid, text in sorted(wanted_variants - existing.keys())
        ]
        Variant.objects.using(using).bulk_create(missing)
        counts["variants_added"], counts["variants_removed"] = len(missing), len(stale)
        if any(counts.values()):
            stamp.bump(using)
    return counts


def _differs(row: Any, wanted: dict[str, Any]) -> bool:
    return any(getattr(row, key) != value for key, value in wanted.items())


def _assign(row: Any, wanted: dict[str, Any]) -> None:
    for key, value in wanted.items():
        setattr(row, key, value)


def organisation_patterns(path: Path = DATA_FILE) -> dict[str, dict[str, tuple[str, ...]]]:
    """scheme code -> concept code -> the regular expressions recognising a named organisation of it."""
    return {
        s.code: {c.code: c.organisation_patterns for c in s.concepts if c.organisation_patterns}
        for s in read_vocabularies(path)
    }


def sync_after_migrate(**kwargs: Any) -> None:
    """post_migrate receiver: keep the database's vocabularies in step with the shipped file."""
    load_vocabularies(using=kwargs.get("using") or "default")
