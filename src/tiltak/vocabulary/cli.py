"""Vocabulary subcommands.

- ``tiltak vocab``: the concept schemes with their concept counts;
- ``tiltak vocab SCHEME``: the concepts of one scheme, with codes and labels;
- ``tiltak vocab map "TEXT" [--scheme S]``: what a phrase maps to, and why (every scheme when no --scheme);
- ``tiltak review``: the unmapped items, grouped by scheme and wording, with counts and entries.

Each takes ``--format json``. Tables use rich on a terminal and plain text otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "vocab",
        help="list vocabularies and concepts; `vocab map TEXT` shows what a phrase maps to and why",
        description='tiltak vocab | tiltak vocab SCHEME | tiltak vocab map "TEXT" [--scheme SCHEME]',
    )
    p.add_argument("words", nargs="*", metavar="SCHEME | map TEXT", help="a scheme code, or map and a phrase")
    p.add_argument("--scheme", help="for `vocab map`: the scheme (or list name) to map in; default: all")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=vocab)

    p = subparsers.add_parser("review", help="list the list items no concept was found for, for an editor")
    p.add_argument("--scheme", help="only this scheme (or list name)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=review)


def vocab(args: argparse.Namespace) -> int:
    from tiltak.errors import InvalidInput

    words = list(args.words)
    if not words:
        return _list_schemes(args.format)
    if words[0] == "map":
        if len(words) < 2:
            raise InvalidInput(
                'Give the phrase to map: tiltak vocab map "Eigen nettstad" --scheme activities'
            )
        return _map(" ".join(words[1:]), args.scheme, args.format)
    if len(words) > 1:
        raise InvalidInput(
            f"Unexpected words after the scheme: {' '.join(words[1:])}. Did you mean `vocab map`?"
        )
    return _list_concepts(words[0], args.format)


def _list_schemes(fmt: str) -> int:
    from django.db.models import Count

    from tiltak.vocabulary.models import ConceptScheme

    schemes = ConceptScheme.objects.annotate(n=Count("concepts")).order_by("position", "code")
    rows = [{"code": s.code, "label_nb": s.label_nb, "label_nn": s.label_nn, "label_en": s.label_en,
             "concepts": s.n} for s in schemes]  # fmt: skip
    if fmt == "json":
        return _json({"schemes": rows})
    _table(["scheme", "concepts", "bokmål", "nynorsk", "English"],
           [[r["code"], r["concepts"], r["label_nb"], r["label_nn"], r["label_en"]] for r in rows])  # fmt: skip
    return 0


def _list_concepts(code: str, fmt: str) -> int:
    from django.db.models import Count, Q

    from tiltak.vocabulary.models import Concept

    scheme = _scheme(code)
    concepts = (
        Concept.objects.filter(scheme=scheme)
        .annotate(n=Count("variants"), editor=Count("variants", filter=Q(variants__origin="editor")))
        .order_by("position", "code")
    )
    rows = [{"code": c.code, "label_nb": c.label_nb, "label_nn": c.label_nn, "label_en": c.label_en,
             "variants": c.n, "editor_variants": c.editor} for c in concepts]  # fmt: skip
    if fmt == "json":
        return _json({"scheme": scheme.code, "concepts": rows})
    _table(["code", "bokmål", "nynorsk", "English", "variants"],
           [[r["code"], r["label_nb"], r["label_nn"], r["label_en"], r["variants"]] for r in rows])  # fmt: skip
    return 0


def _scheme(code: str):
    from tiltak.catalog.models import SCHEME_FOR_LIST
    from tiltak.errors import InvalidInput
    from tiltak.vocabulary.models import ConceptScheme

    code = SCHEME_FOR_LIST.get(code, code)
    scheme = ConceptScheme.objects.filter(code=code).first()
    if scheme is None:
        known = ", ".join(ConceptScheme.objects.values_list("code", flat=True)) or "none"
        raise InvalidInput(f"No vocabulary '{code}'. Known vocabularies: {known}.")
    return scheme


def _map(text: str, scheme: str | None, fmt: str) -> int:
    from tiltak.vocabulary.mapper import Mapper

    mapper = Mapper.from_database()
    schemes = [_scheme(scheme).code] if scheme else list(mapper.schemes)
    results = {code: [asdict(e) for e in mapper.explain(code, text)] for code in schemes}
    if fmt == "json":
        return _json({"text": text, "results": results})
    rows = []
    for code, explanations in results.items():
        if not scheme and all(e["concept"] is None for e in explanations):
            continue  # across all schemes, show only where it maps
        for e in explanations:
            why = e["method"] + (f" on '{e['matched']}'" if e["matched"] else "")
            if e["concept"] is None and e["candidates"]:
                closest = ", ".join(f"{c} '{v}' {s:.2f}" for c, v, s in e["candidates"])
                why += f" (closest: {closest}; not close enough)"
            extra = "; ".join(f"{k}: {e[k]}" for k in ("organisation", "note", "bullet") if e[k])
            rows.append([code, e["text"], e["concept"] or "-", e["label"], f"{e['score']:.2f}", why, extra])
    if not rows:
        print(f"'{text}' maps to no concept in any vocabulary.")
        return 0
    _table(["scheme", "text", "concept", "label", "score", "why", "also"], rows)
    return 0


def review(args: argparse.Namespace) -> int:
    from tiltak.catalog.models import SCHEME_FOR_LIST
    from tiltak.vocabulary.services import unmapped_items

    items = unmapped_items()
    if args.scheme:
        scheme = _scheme(args.scheme).code
        items = items.filter(list_name__in=[k for k, v in SCHEME_FOR_LIST.items() if v == scheme])
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        scheme = SCHEME_FOR_LIST.get(item.list_name, item.list_name)
        key = (scheme, " ".join(item.text.split()).casefold())
        group = groups.setdefault(key, {"scheme": scheme, "text": item.text, "count": 0, "entries": []})
        group["count"] += 1
        ref = {"id": item.entry_id, "title": item.entry.title}
        if ref not in group["entries"]:
            group["entries"].append(ref)
    rows = sorted(groups.values(), key=lambda g: (g["scheme"], -g["count"], g["text"].casefold()))
    if args.format == "json":
        return _json({"unmapped": rows, "items": sum(g["count"] for g in rows)})
    if not rows:
        print("Nothing to review: every list item has a concept.")
        return 0
    _table(["scheme", "text", "count", "entries"],
           [[g["scheme"], g["text"], g["count"], ", ".join(f"{e['id']} {e['title']}" for e in g["entries"])]
            for g in rows])  # fmt: skip
    print(f"{sum(g['count'] for g in rows)} unmapped items in {len(rows)} wordings.")
    return 0


def _json(data: Any) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers)
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        Console().print(table)
        return
    print("\t".join(headers))
    for row in rows:
        print("\t".join(str(cell) for cell in row))
