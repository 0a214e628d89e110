"""Hostile documents (issue 15, finding 6): each gives one clear line naming the file and the problem, never
Python exception text, and nothing half-written. The hostile files are made here, not committed."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.cast import ALICE
from tests.shared import seed_path
from tiltak.catalog.models import Entry, ListItem, Source
from tiltak.ingest.cli import add_parsers, format_result
from tiltak.ingest.importer import FileResult, import_paths

pytestmark = pytest.mark.django_db

# What a raw Python exception looks like in a message: "ValueError: ...", "RecursionError", a traceback.
RAW_EXCEPTION = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|Traceback")


def run_import(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tiltak")
    add_parsers(parser.add_subparsers())
    args = parser.parse_args(["import", *argv])
    return args.handler(args)


def import_one(path: Path) -> FileResult:
    report = import_paths([path], actor=ALICE.importer())
    assert len(report.results) == 1, report.results
    return report.results[0]


def assert_refused(result: FileResult, *words: str) -> None:
    assert result.status == "failed", (result.status, result.message)
    assert not RAW_EXCEPTION.search(result.message), result.message
    assert "\n" not in result.message
    for word in words:
        assert word in result.message, result.message


def export_file(tmp_path: Path, *entries: dict, name: str = "export.json", **top) -> Path:
    path = tmp_path / name
    path.write_text(
        json.dumps({"format": "tiltakskatalogen-export", "version": 1, **top, "entries": list(entries)})
    )
    return path


# --- .docx decompression bomb ---------------------------------------------------------------------------

_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
    'main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, paragraphs: int, words_per_paragraph: int) -> Path:
    """A valid .docx whose body is ``paragraphs`` identical paragraphs, streamed into the zip so the test
    never holds the unpacked document: the compressed file stays small, the unpacked one is not."""
    paragraph = f"<w:p><w:r><w:t>{' '.join(['tilflytting'] * words_per_paragraph)}</w:t></w:r></w:p>".encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0"?><w:document xmlns:w="{_W}"><w:body>'.encode())
            part.write(b"<w:p><w:r><w:t>Bomba</w:t></w:r></w:p>")
            for _ in range(paragraphs):
                part.write(paragraph)
            part.write(b"</w:body></w:document>")
    return path


def test_a_docx_decompression_bomb_is_refused_before_it_is_read(tmp_path):
    bomb = write_docx(tmp_path / "bomb.docx", paragraphs=6_000, words_per_paragraph=400)  # 29 MB unpacked
    assert bomb.stat().st_size < 1_000_000
    result = import_one(bomb)
    assert_refused(result, "unpacks to more than", "MB")
    assert Entry.objects.count() == 0


def test_a_docx_with_more_text_than_a_page_holds_is_refused(tmp_path):
    big = write_docx(tmp_path / "long.docx", paragraphs=400, words_per_paragraph=400)  # 2 million characters
    result = import_one(big)
    assert_refused(result, "characters", "the limit is")
    assert Entry.objects.count() == 0


def test_a_plain_docx_still_imports(tmp_path):
    small = write_docx(tmp_path / "small.docx", paragraphs=3, words_per_paragraph=5)
    result = import_one(small)
    assert result.status == "created", result.message


# --- HTML nested deeper than Python recurses ------------------------------------------------------------


def test_deeply_nested_html_is_refused_with_a_reason(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 20_000 + "<h1>Dypt</h1><p>Tekst</p>" + "</div>" * 20_000)
    result = import_one(page)
    assert_refused(result, "nested")
    assert Entry.objects.count() == 0


# --- numbers and text a database cannot hold ------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, words",
    [
        ({"title": "Uendelig", "period": {"start": 1e400}}, ["period", "start"]),
        ({"title": "Sifre", "period": {"start": "HUGE"}}, ["number"]),
        ({"title": "Kort", "period": {"start": 70000}}, ["period"]),
        ({"title": "x" * 600}, ["title", "600", "500"]),
        ({"title": "Nul\x00tegn"}, ["title", "NUL"]),
        ({"title": "Fint", "lead": "a\x00b"}, ["lead", "NUL"]),
        ({"title": "Fint", "lists": {"activities": [{"text": "Kurs", "note": "n" * 501}]}}, ["note", "500"]),
        ({"title": "Fint", "sections": [{"heading": "h" * 301}]}, ["heading", "300"]),
        ({"title": "Fint", "web_addresses": ["www.a.no\x00"]}, ["web_addresses", "NUL"]),
        ({"title": "Fint", "source": {"file": "mappe/" * 100 + "side.txt"}}, ["file name", "500"]),
        ({"title": "Halv \ud800 surrogat"}, ["title", "character"]),
    ],
)
def test_what_a_database_refuses_is_refused_on_both_with_the_field_named(tmp_path, entry, words):
    path = tmp_path / "export.json"
    if entry.get("period", {}).get("start") == "HUGE":  # more digits than Python converts by default
        path.write_text('{"entries": [{"title": "Sifre", "period": {"start": ' + "9" * 5000 + "}}]}")
    else:
        path.write_text(json.dumps({"entries": [entry]}))
    result = import_one(path)
    assert_refused(result, *words)
    assert Entry.objects.count() == 0 and Source.objects.count() == 0


def test_an_unreadable_version_number_is_refused(tmp_path):
    result = import_one(export_file(tmp_path, {"title": "A"}, version="ny"))
    assert_refused(result, "version")


# --- an export whose lists are strings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, field",
    [
        ({"title": "A", "lists": {"activities": "Kurs og samlingar"}}, "activities"),
        ({"title": "A", "subject_areas": "Tilflytting"}, "subject_areas"),
        ({"title": "A", "web_addresses": "www.a.no"}, "web_addresses"),
        ({"title": "A", "sections": "Om prosjektet"}, "sections"),
        ({"title": "A", "sections": [{"heading": "Om", "items": "abc"}]}, "items"),
        ({"title": "A", "places": "Tokke"}, "places"),
        ({"title": "A", "period": "2019-2021"}, "period"),
    ],
)
def test_an_export_whose_lists_are_strings_is_refused(tmp_path, entry, field):
    result = import_one(export_file(tmp_path, entry))
    assert_refused(result, field, "list" if field != "period" else "object")
    assert ListItem.objects.count() == 0 and Entry.objects.count() == 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
_KEYS = st.sampled_from(
    ["title", "lead", "language", "status", "period", "web_addresses", "lists", "subject_areas", "sections",
     "places", "slug", "source"]
)  # fmt: skip


@hypothesis_settings(max_examples=80)
@given(fields=st.dictionaries(_KEYS, _JSON, max_size=4), title=st.text(min_size=1, max_size=20))
def test_wrongly_typed_export_json_imports_or_is_refused_cleanly(tmp_path_factory, fields, title):
    folder = tmp_path_factory.mktemp("typed")
    before = Entry.objects.count()
    path = folder / "export.json"
    path.write_text(json.dumps({"entries": [{"title": title, **fields}]}))
    result = import_one(path)
    if result.status == "failed":
        assert not RAW_EXCEPTION.search(result.message), result.message
        assert Entry.objects.count() == before
    else:
        assert result.status in ("created", "updated", "unchanged")


# --- file names and terminals ---------------------------------------------------------------------------


def test_a_latin1_file_name_imports_and_the_report_survives_a_strict_terminal(tmp_path, monkeypatch):
    folder = tmp_path / "gamle"
    folder.mkdir()
    latin1 = os.fsdecode(os.fsencode(folder) + b"/S\xf8ndre.txt")  # 'Søndre.txt' written in Latin-1
    shutil.copy(seed_path(1), latin1)
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="ascii", errors="strict"))
    status = run_import(str(folder))
    sys.stdout.flush()
    text = out.getvalue().decode("ascii")
    assert status == 0, text
    assert text.startswith("created") and "ndre.txt" in text
    source = Source.objects.get()
    assert source.file_name == "gamle/Søndre.txt"


# --- folders: links and permissions ---------------------------------------------------------------------


def test_symlink_loops_dangling_links_and_unreadable_folders_are_reported(tmp_path, monkeypatch, capsys):
    shutil.copy(seed_path(1), tmp_path / "tokke.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):  # the test runs as root in CI, where chmod 000 locks nothing
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("tiltak.ingest.importer.os.scandir", scandir)
    status = run_import(str(tmp_path))
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    failed = {line.split(":")[0].split()[-1]: line for line in lines if line.startswith("failed")}
    assert "symbolic link loop" in failed[str(tmp_path / "loop.txt")]
    assert "broken symbolic link" in failed[str(tmp_path / "gone.txt")]
    assert "loop" in failed[str(tmp_path / "sub" / "up")]
    assert "cannot read the folder" in failed[str(locked)]
    assert Entry.objects.count() == 1
    assert lines[-1] == "5 files: 1 created, 4 failed"


# --- the report -----------------------------------------------------------------------------------------


def test_unchanged_is_not_glued_to_the_path():
    line = format_result(FileResult(Path("/a/b.txt"), "unchanged", 3, title="T"))
    assert line.startswith("unchanged ") and "unchanged/a" not in line


def test_the_report_is_printed_as_the_import_goes(tmp_path, capsys, monkeypatch):
    shutil.copy(seed_path(1), tmp_path / "a.txt")
    shutil.copy(seed_path(3), tmp_path / "b.txt")
    from tiltak.ingest.importer import DocumentImporter

    real = DocumentImporter.import_file
    seen_before_second: list[str] = []

    def import_file(self, path, **kwargs):
        if path.name == "b.txt":
            seen_before_second.append(capsys.readouterr().out)
        return real(self, path, **kwargs)

    monkeypatch.setattr(DocumentImporter, "import_file", import_file)
    assert run_import(str(tmp_path)) == 0
    assert seen_before_second[0].startswith("created") and "a.txt" in seen_before_second[0]
