"""A document's identity (issue 15, finding 4): its source address when known, else its path inside the
imported folder starting with the folder's name, never the bare file name; and two imports of one identity
at the same time create it once (finding 3)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from django.db import connection

from tests.shared import seed_path
from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import SourceInfo
from tiltak.catalog.models import Entry, Source
from tiltak.ingest import saving
from tiltak.ingest.importer import import_paths


def two_sites(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "site-a", tmp_path / "site-b"
    for folder, seed in ((a, 1), (b, 3)):
        folder.mkdir()
        shutil.copy(seed_path(seed), folder / "index.txt")
    return a, b


@pytest.mark.django_db
def test_two_index_files_in_two_folders_imported_in_two_runs_are_two_entries(tmp_path):
    a, b = two_sites(tmp_path)
    first = import_paths([a], actor=Actor.importer("t")).results[0]
    second = import_paths([b], actor=Actor.importer("t")).results[0]
    assert (first.status, second.status) == ("created", "created"), second.message
    assert Entry.objects.count() == 2
    assert set(Source.objects.values_list("identity", flat=True)) == {"site-a/index.txt", "site-b/index.txt"}


@pytest.mark.django_db
def test_a_file_named_alone_and_through_its_folder_is_the_same_document(tmp_path):
    a, _ = two_sites(tmp_path)
    import_paths([a], actor=Actor.importer("t"))
    again = import_paths([a / "index.txt"], actor=Actor.importer("t")).results[0]
    assert again.status == "unchanged"
    assert Entry.objects.count() == 1


@pytest.mark.django_db
def test_a_document_imported_under_its_old_bare_name_is_still_recognised_when_unchanged(tmp_path):
    a, _ = two_sites(tmp_path)
    result = import_paths([a], actor=Actor.importer("t")).results[0]
    Source.objects.update(identity="index.txt", file_name="index.txt")  # as imports before this change
    again = import_paths([a], actor=Actor.importer("t")).results[0]
    assert (again.status, again.entry_id) == ("unchanged", result.entry_id)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time")
def test_two_concurrent_imports_of_one_document_create_it_once(tmp_path, monkeypatch):
    """Thread A holds its transaction open just before creating the entry until thread B has either
    looked for the earlier import (the race) or is waiting on the identity's lock (the fix)."""
    page = tmp_path / "site" / "index.txt"
    page.parent.mkdir()
    shutil.copy(seed_path(1), page)
    looked_up = threading.Event()
    real_earlier, real_create = saving.earlier_source, saving.create_entry

    def earlier_source(identity):
        found = real_earlier(identity)
        if threading.current_thread().name == "B":
            looked_up.set()
        return found

    def create_entry(*args, **kwargs):
        if threading.current_thread().name == "A":
            wait_for_b()
        return real_create(*args, **kwargs)

    def wait_for_b() -> None:
        from django.db import connections

        with connections["default"].cursor() as cursor:
            for _ in range(2000):  # bounded: B either looks up or waits on the lock within moments
                if looked_up.wait(0.01):
                    return
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    return

    monkeypatch.setattr(saving, "earlier_source", earlier_source)
    monkeypatch.setattr(saving, "create_entry", create_entry)
    results = {}
    a_started = threading.Event()

    def run(name: str) -> None:
        from django.db import connections

        if name == "B":
            a_started.wait(30)
        else:
            a_started.set()
        try:
            results[name] = import_paths([page.parent], actor=Actor.importer(name)).results[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,), name=n) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(r.status for r in results.values())
    assert statuses == ["created", "unchanged"], [r.message for r in results.values()]
    assert Entry.objects.count() == 1 and Source.objects.count() == 1


def test_the_identity_is_the_address_when_known():
    source = SourceInfo(file_name="site/index.txt", checksum="x", format="text", source_url="https://a.no/p")
    assert source.identity == "https://a.no/p"
