"""`tiltak search "QUERY" [--filter scheme=code …] [--limit N] [--format text|json]` and `tiltak reindex`."""

from __future__ import annotations

import argparse
import json
import sys

FILTER_HELP = (
    "narrow the hits: LIST=CONCEPT (activities=host_scheme, target_groups=families_with_children, "
    "selling_points=…, partners=…, subject_areas=…), county=NUMBER, place=NAME, language=nb|nn, "
    "status=draft|published|archived. Repeat the option to add more; values of one key are alternatives."
)


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="search the catalog (both written forms, compounds, typos)")
    p.add_argument("query", help='what to look for, e.g. "bustad for tilflyttarar"')
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE", help=FILTER_HELP)
    p.add_argument("--limit", type=int, default=20, help="at most this many hits (default 20)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--include-archived",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include archived entries (marked as such); --no-include-archived leaves them out",
    )
    p.add_argument("--no-archived", dest="include_archived", action="store_false", help=argparse.SUPPRESS)
    p.set_defaults(handler=search)

    p = subparsers.add_parser("reindex", help="rebuild the search index for every entry")
    p.set_defaults(handler=reindex)


def search(args: argparse.Namespace) -> int:
    from tiltak.search.filters import parse_filters

    if args.limit < 1:
        from tiltak.errors import InvalidInput

        raise InvalidInput(f"--limit must be 1 or more (got {args.limit}).")
    filters = parse_filters(args.filter)
    hits = run_search(args.query, filters, include_archived=args.include_archived, limit=args.limit)
    if args.format == "json":
        json.dump({"query": args.query, "hits": hits}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not hits:
        print(f"No entries match '{args.query}'.")
        return 0
    for hit in hits:
        mark = " [archived]" if hit["status"] == "archived" else ""
        where = f"  ({hit['source']['file']})" if hit["source"]["file"] else ""
        print(f"{hit['score']:7.3f}  {hit['id']:>5}  {hit['title']}{mark}{where}")
    return 0


def run_search(
    query: str, filters: dict[str, list[str]], *, include_archived: bool, limit: int
) -> list[dict]:
    """Ranked hits as dicts (the JSON shape), after filters and the archived switch."""
    from tiltak.catalog.models import Entry
    from tiltak.search.filters import filtered_ids
    from tiltak.search.index import match

    ranked = match(query)
    allowed = filtered_ids([pk for pk, _ in ranked], filters, include_archived=include_archived)
    chosen = [(pk, score) for pk, score in ranked if pk in allowed][:limit]
    entries = Entry.objects.prefetch_related("sources").in_bulk([pk for pk, _ in chosen])
    hits = []
    for pk, score in chosen:
        entry = entries[pk]
        sources = sorted(entry.sources.all(), key=lambda s: (s.imported_at, s.pk), reverse=True)
        source = sources[0] if sources else None
        hits.append(
            {
                "id": pk,
                "slug": entry.slug,
                "title": entry.title,
                "score": round(score, 4),
                "status": entry.status,
                "source": {
                    "file": source.file_name if source else None,
                    "url": (source.source_url or None) if source else None,
                },
            }
        )
    return hits


def reindex(args: argparse.Namespace) -> int:
    from tiltak.search.index import rebuild_index

    count = rebuild_index()
    print(f"Indexed {count} entries.")
    return 0
