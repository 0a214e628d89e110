"""`tiltak import`: the lines a person reads, the summary and the exit status."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest

from tests.shared import seed_path
from tiltak.catalog.models import Entry
from tiltak.ingest.cli import add_parsers

pytestmark = pytest.mark.django_db


def run_import(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tiltak")
    add_parsers(parser.add_subparsers())
    args = parser.parse_args(["import", *argv])
    return args.handler(args)


def test_import_prints_one_line_per_file_and_a_summary(tmp_path, capsys):
    shutil.copy(seed_path(3), tmp_path / "hardanger.txt")
    shutil.copy(seed_path(1), tmp_path / "tokke.txt")
    status = run_import(str(tmp_path), "--by", "alice")
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    entry = Entry.objects.get(title="Flytt til Hardanger")
    assert lines[0] == f"created   {tmp_path / 'hardanger.txt'}  -> entry {entry.pk} 'Flytt til Hardanger'"
    assert lines[1].startswith(f"created   {tmp_path / 'tokke.txt'}  -> entry ")
    assert lines[-1] == "2 files: 2 created"


def test_a_failed_file_gives_a_reason_and_exit_status_1_while_others_import(tmp_path, capsys):
    shutil.copy(seed_path(3), tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    status = run_import(str(tmp_path))
    out = capsys.readouterr().out.splitlines()
    assert status == 1
    assert out[1] == f"failed    {tmp_path / 'b.txt'}: empty file"
    assert out[-1] == "2 files: 1 created, 1 failed"
    assert Entry.objects.count() == 1


def test_reimport_reports_unchanged(tmp_path, capsys):
    page = tmp_path / "a.txt"
    shutil.copy(seed_path(0), page)
    run_import(str(page))
    capsys.readouterr()
    assert run_import(str(page)) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("unchanged")
    assert out[-1] == "1 file: 1 unchanged"


def test_json_report(tmp_path, capsys):
    page = tmp_path / "a.txt"
    shutil.copy(seed_path(2), page)
    run_import(str(page), str(tmp_path / "missing.txt"), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == {"created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert report["files"][0]["message"] == "no such file or folder"
    assert report["files"][1]["title"] == "Blest i Havlandet"
