"""`tiltak import PATH...`: one line per file, a summary line, exit status 1 when any file failed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

PROGRESS_THRESHOLD = 20  # files; fewer finish before a bar would be worth drawing


def add_parsers(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "import",
        help="import documents (txt, md, html, docx, pdf, or a JSON export) into the catalog",
        description=(
            "Import files and folders (recursively) into the catalog. Each file is created, updated "
            "(a new version), unchanged (imported before) or failed with the reason; the other files go on."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="file or folder to import")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    parser.add_argument("--by", default="", help="who is importing, for the audit log (default: your login)")
    parser.set_defaults(handler=handle_import)


def handle_import(args: argparse.Namespace) -> int:
    from tiltak.catalog.actor import Actor
    from tiltak.ingest.importer import FileResult, display_path, import_paths

    actor = Actor.importer(args.by)
    bar: Any = None
    progress_cb = None
    if sys.stderr.isatty() and _count_hint(args.paths) > PROGRESS_THRESHOLD:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=True,
        )
        task = bar.add_task("import", total=None)

        def progress_cb(done: int, total: int, result: FileResult) -> None:
            bar.update(task, completed=done, total=total)

        bar.start()
    if hasattr(sys.stdout, "reconfigure"):  # a strict (ASCII) terminal shows odd names escaped, not a crash
        sys.stdout.reconfigure(errors="backslashreplace")

    def print_now(result: FileResult) -> None:  # a killed run still leaves a record of what was done
        print(format_result(result), flush=True)

    try:
        report = import_paths(
            args.paths,
            actor=actor,
            progress=progress_cb,
            on_result=print_now if args.format == "text" else None,
        )
    finally:
        if bar is not None:
            bar.stop()

    if args.format == "json":
        document = {
            "files": [
                {
                    "path": display_path(r.path),
                    "status": r.status,
                    "entry": r.entry_id,
                    "title": r.title,
                    "message": r.message,
                }
                for r in report.results
            ],
            "summary": {s: report.count(s) for s in ("created", "updated", "unchanged", "failed")},
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(report.summary())
    return 1 if report.failed else 0


def format_result(result: Any) -> str:
    """'created   path  -> entry 12 'Title'' or 'failed    path: reason' (the status column is one
    wider than its longest word, so 'unchanged' stays apart from the path)."""
    from tiltak.ingest.importer import display_path

    status = f"{result.status:<10}"
    path = display_path(result.path)
    if result.status == "failed":
        return f"{status}{path}: {result.message}"
    line = f"{status}{path}  -> entry {result.entry_id} '{result.title}'"
    return f"{line} ({result.message})" if result.message else line


def _count_hint(paths: list[Path]) -> int:
    """A cheap estimate of the number of files, to decide whether to draw a progress bar."""
    count = 0
    for path in paths:
        if path.is_dir():
            for _ in path.rglob("*"):
                count += 1
                if count > PROGRESS_THRESHOLD:
                    return count
        else:
            count += 1
    return count
