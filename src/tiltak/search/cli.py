"""`tiltak search "QUERY" [--filter KEY=VALUE …] [--limit N] [--format text|json]` and `tiltak reindex`.

The same search as the web page and the API: the filters are the search page's URL parameters, the result
is the one the presenter gives every surface (its JSON is the page's JSON)."""

from __future__ import annotations

import argparse
import json
import sys

FILTER_HELP = (
    "narrow the hits, with the search page's parameters: LIST=CONCEPT (activities=host_scheme, "
    "target_groups=…, selling_points=…, partners=…, subject_areas=…), county=NUMBER or NAME, "
    "municipality=NUMBER or NAME, place=NAME (a today's municipality or county), decade=2000, "
    "language=nb|nn, status=published|archived. Repeat the option to add more; values of one key are "
    "alternatives."
)
ALIASES = {"partner_kinds": "partners"}
MAX_LIMIT = 500


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("search", help="search the catalog (both written forms, compounds, typos)")
    p.add_argument("query", help='what to look for, e.g. "bustad for tilflyttarar"')
    p.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE", help=FILTER_HELP)
    p.add_argument(
        "--limit", type=int, default=20, help=f"at most this many hits (default 20, at most {MAX_LIMIT})"
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--include-archived",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include archived entries (marked as such); --no-include-archived leaves them out",
    )
    p.add_argument("--no-archived", dest="include_archived", action="store_false", help=argparse.SUPPRESS)
    p.add_argument("--drafts", action="store_true", help="search drafts too (what an editor sees)")
    p.set_defaults(handler=search)

    p = subparsers.add_parser("reindex", help="rebuild the search index for every entry")
    p.set_defaults(handler=reindex)


def search(args: argparse.Namespace) -> int:
    from tiltak.catalog.visibility import Scope
    from tiltak.errors import InvalidInput
    from tiltak.presenter.search import search_page

    if not 1 <= args.limit <= MAX_LIMIT:
        raise InvalidInput(f"--limit must be between 1 and {MAX_LIMIT} (got {args.limit}).")
    query = search_query(args.query, args.filter, include_archived=args.include_archived)
    page = search_page(query, scope=Scope.EDITOR if args.drafts else Scope.PUBLIC, page_size=args.limit)
    if args.format == "json":
        json.dump({"query": args.query, **page.to_dict()}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not page.hits:
        print(f"No entries match '{args.query}'.")
        return 0
    sources = _source_files([hit.entry.pk for hit in page.hits])
    for hit in page.hits:
        entry = hit.entry
        mark = f" [{entry.status}]" if entry.status != "published" else ""
        where = f"  ({sources[entry.pk]})" if entry.pk in sources else ""
        score = f"{hit.score:7.3f}" if hit.score is not None else "      -"
        print(f"{score}  {entry.pk:>5}  {entry.title}{mark}{where}")
    print(f"{len(page.hits)} of {page.total} entries")
    return 0


def search_query(text: str, raw_filters: list[str], *, include_archived: bool = True):
    """The search state of a command line, checked as strictly as the API checks its parameters."""
    from tiltak.errors import InvalidInput
    from tiltak.search.facets import FACET_BY_KEY
    from tiltak.search.query import parse_query

    data: dict[str, list[str]] = {"q": [text]}
    for raw in raw_filters:
        key, sep, value = raw.partition("=")
        key, value = ALIASES.get(key.strip(), key.strip()), value.strip()
        if not sep or not key or not value:
            raise InvalidInput(f"Filter '{raw}' is not KEY=VALUE (for example activities=host_scheme).")
        if key == "place" and not value.isdigit():
            key, value = _place_code(key, value)
        if key not in FACET_BY_KEY:
            known = ", ".join([*FACET_BY_KEY, "place", *ALIASES])
            raise InvalidInput(f"Unknown filter key '{key}' in '{raw}': use one of {known}.")
        data.setdefault(key, []).append(value)
    if not include_archived and "status" not in data:
        data["status"] = ["published"]
    return parse_query(data, strict=True)


def _place_code(key: str, name: str) -> tuple[str, str]:
    """The filter a place name is: a municipality's if one of any era is called so, else a county's."""
    from tiltak.errors import InvalidInput
    from tiltak.places.services import todays_areas

    for kind in ("municipality", "county"):
        if todays_areas(kind, name) is not None:
            return kind, name
    raise InvalidInput(f"No municipality or county of any era is called '{name}'.")


def _source_files(ids: list[int]) -> dict[int, str]:
    from tiltak.catalog.models import Source

    out: dict[int, str] = {}
    for entry_id, name in (
        Source.objects.filter(entry_id__in=ids)
        .order_by("imported_at", "id")
        .values_list("entry_id", "file_name")
    ):
        out[entry_id] = name  # the newest source wins
    return out


def reindex(args: argparse.Namespace) -> int:
    from tiltak.search.index import rebuild_index

    count = rebuild_index()
    print(f"Indexed {count} entries.")
    return 0
