"""Catalog subcommands: list, show, export, serve."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    from tiltak.catalog.export import FORMATS
    from tiltak.catalog.models import Entry

    p = subparsers.add_parser("list", help="list the entries")
    p.add_argument("--status", choices=Entry.Status.values)
    p.add_argument("--language", choices=Entry.Language.values)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=list_entries)

    p = subparsers.add_parser("show", help="show one entry (by id or slug)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=show_entry)

    p = subparsers.add_parser("export", help="export the catalog as JSON, CSV or XLSX")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output; xlsx needs --out)")
    p.add_argument("--status", choices=Entry.Status.values)
    p.set_defaults(handler=export_entries)

    p = subparsers.add_parser(
        "serve", help="serve the web catalog (loads the sample catalog into an empty database)"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--no-sample", action="store_true", help="do not load the sample catalog into an empty database"
    )
    p.set_defaults(handler=serve)


def list_entries(args: argparse.Namespace) -> int:
    from tiltak.catalog.models import Entry

    entries = Entry.objects.order_by("id")
    if args.status:
        entries = entries.filter(status=args.status)
    if args.language:
        entries = entries.filter(language=args.language)
    rows = list(entries.values("id", "slug", "title", "language", "status", "period_start", "period_end"))
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        period = "-".join(str(y) for y in (row["period_start"], row["period_end"]) if y) or "—"
        print(f"{row['id']:>5}  {row['language']}  {row['status']:<9}  {period:<9}  {row['title']}")
    print(f"{len(rows)} entries")
    return 0


def show_entry(args: argparse.Namespace) -> int:
    from tiltak.catalog.models import Entry
    from tiltak.catalog.serialize import entry_to_dict, with_export_relations
    from tiltak.catalog.services import get_entry

    entry = with_export_relations(Entry.objects.filter(pk=get_entry(args.id).pk)).get()
    data = entry_to_dict(entry)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(render_entry_text(data))
    return 0


def render_entry_text(d: dict) -> str:
    lines = [d["title"], "=" * min(len(d["title"]), 80)]
    meta = [f"id {d['id']}", d["slug"], d["language"], d["status"]]
    if d["period"]["start"] or d["period"]["end"]:
        meta.append("-".join(str(y) for y in (d["period"]["start"], d["period"]["end"]) if y))
    lines.append(" · ".join(meta))
    if d["archive_notice"]:
        lines.append(f"[{d['archive_notice']}]")
    if d["subject_areas"]:
        lines.append("Subject areas: " + ", ".join(_item_text(i) for i in d["subject_areas"]))
    if d["places"]:
        lines.append("Places: " + ", ".join(f"{p['name']} ({p['kind']})" for p in d["places"]))
    for part in (d["lead"], d["body"]):
        if part:
            lines += ["", part]
    for name, items in d["lists"].items():
        if items:
            lines += ["", name.replace("_", " ").capitalize() + ":"]
            lines += [f"  • {_item_text(i)}" for i in items]
    if d["main_goal"]:
        lines += ["", "Main goal:", "  " + d["main_goal"]]
    for section in d["sections"]:
        lines += ["", section["heading"] + ":"]
        if section["text"]:
            lines.append("  " + section["text"])
        lines += [f"  • {x}" for x in section["items"]]
    if d["web_addresses"]:
        lines += ["", "Web: " + ", ".join(d["web_addresses"])]
    if d["source"]["file"]:
        lines += [
            "",
            f"Source: {d['source']['file']}" + (f" <{d['source']['url']}>" if d["source"]["url"] else ""),
        ]
    return "\n".join(lines)


def _item_text(item: dict) -> str:
    concept = item["concept"] or "unmapped"
    return f"{item['text']}  [{concept}]" + (f" ({item['organisation']})" if item.get("organisation") else "")


def export_entries(args: argparse.Namespace) -> int:
    from tiltak.catalog.export import write_export
    from tiltak.catalog.visibility import Scope, visible_entries
    from tiltak.errors import InvalidInput

    entries = visible_entries(Scope.EDITOR)  # the command line is the catalog's keeper: drafts included
    if args.status:
        entries = entries.filter(status=args.status)
    if args.out:
        target = Path(args.out)
        if not target.parent.is_dir():
            raise InvalidInput(f"Cannot write {target}: the folder {target.parent} does not exist.")
        tmp = target.with_name(target.name + ".part")
        with tmp.open("wb") as stream:
            count = write_export(entries, args.format, stream)
        tmp.replace(target)  # never leave a half-written export behind
        print(f"Exported {count} entries to {target} ({args.format}).", file=sys.stderr)
    else:
        if args.format == "xlsx" and sys.stdout.isatty():
            raise InvalidInput("XLSX is a binary format: give --out FILE.xlsx (or redirect standard output).")
        count = write_export(entries, args.format, sys.stdout.buffer)
        sys.stdout.flush()
    return 0


def serve(args: argparse.Namespace) -> int:
    from tiltak.accounts.checks import key_problem, production_mode
    from tiltak.catalog.models import Entry
    from tiltak.errors import TiltakError

    if production_mode() and key_problem():
        raise TiltakError(f"Not serving in production mode: {key_problem()}")

    if not args.no_sample and not Entry.objects.exists():
        load_sample_catalog()
    from gunicorn.app.base import BaseApplication

    from tiltak.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", max(1, args.workers))
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")

        def load(self):  # noqa: ANN201
            return application

    print(f"Tiltakskatalogen on http://{args.host}:{args.port}/ (Ctrl+C stops)", file=sys.stderr)
    Server().run()
    return 0


def load_sample_catalog() -> None:
    from tiltak.catalog.actor import Actor
    from tiltak.catalog.models import Entry
    from tiltak.ingest.importer import import_paths
    from tiltak.sample import SAMPLE_PATH

    report = import_paths([SAMPLE_PATH], actor=Actor.importer("sample-catalog"))
    if report.count("failed"):
        failure = next(r for r in report.results if r.status == "failed")
        print(f"The sample catalog could not be loaded: {failure.message}", file=sys.stderr)
    else:
        print(f"Loaded the sample catalog: {Entry.objects.count()} entries.", file=sys.stderr)
