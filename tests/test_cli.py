"""The `tiltak` command. Two tests start a real process on a new database (that is what a newcomer does and
what only a fresh process can show); the rest call ``main(argv)`` in-process on the test database."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tiltak.catalog.models import Entry
from tiltak.cli import main


def tiltak(*args: str, database: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tiltak.cli", *args, "--database", database],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_list_show_and_export_on_a_new_sqlite_file(seeds_dir, tmp_path):
    database = f"sqlite:///{tmp_path / 'new' / 'catalog.sqlite3'}"
    imported = tiltak("import", str(seeds_dir), database=database)
    assert imported.returncode == 0, imported.stderr + imported.stdout
    assert "5 created" in imported.stdout

    listed = tiltak("list", "--format", "json", database=database)
    titles = {row["title"] for row in json.loads(listed.stdout)}
    assert "Flytt til Hardanger" in titles
    assert len(titles) == 5  # import fills a new database with just what was imported

    shown = tiltak("show", "flytt-til-hardanger", database=database)
    assert shown.returncode == 0
    assert "Flytt til Hardanger" in shown.stdout
    assert "Vertsskapsordning" in shown.stdout  # the wording as written is shown

    out = tmp_path / "catalog.json"
    exported = tiltak("export", "--format", "json", "--out", str(out), database=database)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["entries"]) == 5


def test_a_postgresql_database_is_created_on_first_use_and_an_unreachable_one_is_named():
    psycopg = pytest.importorskip("psycopg")
    server = "postgresql://postgres@127.0.0.1:5432"
    try:
        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")

    unreachable = tiltak("list", database="postgres://postgres@127.0.0.1:1/nowhere")
    assert unreachable.returncode != 0
    assert "cannot use the" in unreachable.stderr and "nowhere" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr

    name = f"tiltak_cli_{uuid.uuid4().hex[:10]}"
    try:
        result = tiltak("list", database=f"{server}/{name}")
        assert result.returncode == 0, result.stderr
        assert "0 entries" in result.stdout
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db
def test_reimporting_an_export_into_an_emptied_catalog_round_trips(seeds_dir, tmp_path, capsys):
    assert main(["import", str(seeds_dir)]) == 0
    first = tmp_path / "first.json"
    assert main(["export", "--out", str(first)]) == 0
    Entry.objects.all().delete()

    assert main(["import", str(first)]) == 0
    assert "5 created" in capsys.readouterr().out
    second = tmp_path / "second.json"
    assert main(["export", "--out", str(second)]) == 0

    def stable(path: Path) -> list[dict]:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        return [
            {k: v for k, v in e.items() if k not in ("id", "version", "source")}
            | {"file": e["source"]["file"]}
            for e in entries
        ]

    assert len(stable(first)) == 5
    assert stable(second) == stable(first)


@pytest.mark.django_db
def test_show_unknown_entry_says_so_without_a_traceback(capsys):
    assert main(["show", "no-such-entry"]) == 2
    err = capsys.readouterr().err
    assert "No entry with id or slug 'no-such-entry'" in err
    assert "Traceback" not in err
