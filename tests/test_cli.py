"""The `tiltak` command end to end: a real process, a real database file, real documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared import seed_path


def tiltak(*args: str, database: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tiltak.cli", *args, "--database", database],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'catalog.sqlite3'}"


def test_import_list_show_and_export_on_a_new_database(database, seeds_dir, tmp_path):
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


def test_reimporting_an_export_into_a_fresh_database_round_trips(database, seeds_dir, tmp_path):
    tiltak("import", str(seeds_dir), database=database)
    first = tmp_path / "first.json"
    tiltak("export", "--out", str(first), database=database)

    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    result = tiltak("import", str(first), database=other)
    assert result.returncode == 0, result.stdout + result.stderr
    second = tmp_path / "second.json"
    tiltak("export", "--out", str(second), database=other)

    def stable(path: Path) -> list[dict]:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        return [
            {k: v for k, v in e.items() if k not in ("id", "version", "source")}
            | {"file": e["source"]["file"]}
            for e in entries
        ]

    assert stable(second) == stable(first)


def test_show_unknown_entry_says_so_without_a_traceback(database):
    result = tiltak("show", "no-such-entry", database=database)
    assert result.returncode != 0
    assert "No entry with id or slug 'no-such-entry'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_named_in_the_error(tmp_path):
    result = tiltak("list", database="postgres://postgres@127.0.0.1:1/nowhere")
    assert result.returncode != 0
    assert "cannot use the" in result.stderr and "nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_reports_a_bad_file_and_goes_on(database, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "good.txt").write_bytes(seed_path(3).read_bytes())
    result = tiltak("import", str(folder), database=database)
    assert result.returncode == 1
    assert "empty.txt" in result.stdout
    assert "1 created" in result.stdout and "1 failed" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_new_postgresql_database_is_created_on_first_use():
    import uuid

    import psycopg

    name = f"tiltak_cli_{uuid.uuid4().hex[:10]}"
    try:
        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    try:
        result = tiltak("list", database=f"postgres://postgres@127.0.0.1:5432/{name}")
        assert result.returncode == 0, result.stderr
        assert "0 entries" in result.stdout
    finally:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
