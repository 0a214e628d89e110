"""`import_paths` and `tiltak import`: real files into the database, one transaction per file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cast import ALICE, BOB
from tests.shared import corpus, seed_path, seeds
from tiltak.catalog.models import AuditCode, AuditEvent, Entry, ListItem, Source
from tiltak.ingest.importer import import_paths

pytestmark = pytest.mark.django_db

LISTS = ("activities", "selling_points", "partners", "target_groups")


def snapshot() -> tuple[int, int, int, int]:
    return (
        Entry.objects.count(),
        ListItem.objects.count(),
        Source.objects.count(),
        AuditEvent.objects.count(),
    )


def only(report):
    assert len(report.results) == 1
    return report.results[0]


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in seeds().glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


# --- the seeds and the corpus ---------------------------------------------------------------------------


def test_seed_imports_with_mapped_lists_places_and_provenance():
    result = only(import_paths([seed_path(0)], actor=ALICE.importer()))
    assert result.status == "created", result.message
    entry = Entry.objects.get(pk=result.entry_id)
    assert entry.title == "Vi snur vinden – fleire folk til Vest-Telemark"
    assert entry.language == "nn" and entry.status == "published"
    activities = list(entry.items.filter(list_name="activities").order_by("position"))
    # nine bullets; the last holds two survey items (a campaign and a cooperation), split in two
    assert len(activities) == 10
    assert activities[8].bullet == activities[9].bullet != ""
    assert activities[4].text == "Eigen nettstad"
    assert activities[4].concept is not None
    areas = [i.text for i in entry.items.filter(list_name="subject_areas")]
    assert areas == ["Tilflytting"]
    names = {p.place.name for p in entry.entry_places.select_related("place")}
    assert "Vest-Telemark" in names
    source = entry.sources.get()
    assert (
        source.file_name == f"seeds/{seed_path(0).name}"
        and source.format == "text"
        and source.encoding == "utf-8"
    )
    assert AuditEvent.objects.filter(
        entry=entry, actor="alice", via="import", action=AuditCode.ENTRY_CREATED
    ).exists()


def test_archived_article_imports_with_places_and_no_lists():
    result = only(import_paths([seed_path(4)], actor=ALICE.importer()))
    entry = Entry.objects.get(pk=result.entry_id)
    assert entry.status == "archived"
    assert entry.archive_notice.startswith("Denne artikkelen er arkivert")
    assert not entry.items.exclude(list_name="subject_areas").exists()
    names = {p.place.name for p in entry.entry_places.select_related("place")}
    assert {"Tynset", "Fjellregionen"} <= names
    assert entry.web_addresses == ["www.fjellregionen.no"]
    assert (entry.period_start, entry.period_end) == (2008, 2010)


SEED_PLACES = {
    0: {"Vest-Telemark", "Telemark"},
    1: {"Tokke", "Vest-Telemark", "Lårdal", "Dalen"},
    2: {"Havlandet", "Troms"},
    3: {"Hardanger", "Hordaland"},
    4: {"Fjellregionen", "Tynset", "Røros", "Alvdal", "Rendalen", "Folldal", "Os", "Tolga"},
}


@pytest.mark.parametrize("number", sorted(SEED_PLACES))
def test_seed_places_are_recognised(number):
    entry = Entry.objects.get(pk=only(import_paths([seed_path(number)], actor=ALICE.importer())).entry_id)
    names = {link.place.name for link in entry.entry_places.select_related("place")}
    assert SEED_PLACES[number] <= names


def concept_of(number: int, list_name: str, text: str):
    item = ListItem.objects.get(
        entry__sources__file_name=f"seeds/{seed_path(number).name}", list_name=list_name, text=text
    )
    assert item.concept is not None, f"{text!r} was not mapped"
    return item.concept


def test_the_same_meaning_in_both_written_forms_lands_on_one_concept_across_the_seeds():
    import_paths(sorted(seeds().glob("*.txt")), actor=ALICE.importer())
    assert concept_of(0, "activities", "Eigen nettstad") == concept_of(2, "activities", "Eget nettsted")
    assert concept_of(0, "activities", "Eigen nettstad") == concept_of(3, "activities", "Eigne nettsider")
    housing = concept_of(0, "activities", "Tilrettelagt bustadar for tilflyttarar")
    assert housing == concept_of(1, "activities", "Tilrettelegging av bustad for tilflyttande")
    assert housing == concept_of(3, "activities", "Tilrettelagt bustader for tilflyttere")
    assert concept_of(1, "activities", "Vertskapsordning") == concept_of(3, "activities", "Vertsskapsordning")
    assert concept_of(0, "target_groups", "Barnefamiliar") == concept_of(2, "target_groups", "Barnefamilier")
    assert concept_of(0, "selling_points", "Gode tenestetilbod") == concept_of(
        2, "selling_points", "Gode tjenestemiljø"
    )
    county = concept_of(0, "partners", "Telemark Fylkeskommune")
    assert county == concept_of(3, "partners", "Hordaland fylkeskommune")
    repeated = ListItem.objects.filter(
        entry__sources__file_name=f"seeds/{seed_path(2).name}", text="Deltatt på utstillinger/stand"
    ).order_by("position")
    assert [item.repeat for item in repeated] == [False, True]
    merged = ListItem.objects.filter(
        entry__sources__file_name=f"seeds/{seed_path(0).name}",
        list_name="activities",
        bullet__startswith="Kampanje",
    )
    assert merged.count() == 2  # one bullet, two survey items


def test_subject_area_line_with_two_areas_becomes_two_items(tmp_path):
    page = tmp_path / "omdomme.txt"
    page.write_text("Fagområde: Omdømme Tilflytting\n\nTittel\n\nIngress.\n", encoding="utf-8")
    entry = Entry.objects.get(pk=only(import_paths([page], actor=ALICE.importer())).entry_id)
    areas = list(entry.items.filter(list_name="subject_areas").order_by("position"))
    assert [a.text for a in areas] == ["Omdømme", "Tilflytting"]
    assert all(a.concept is not None for a in areas)


def test_every_seed_and_corpus_file_imports_and_loses_no_bullet(seeds_copy):
    report = import_paths([seeds_copy, corpus()], actor=ALICE.importer())
    failures = [(r.path.name, r.message) for r in report.results if r.status == "failed"]
    assert failures == []
    assert report.count("created") == 66
    for result in report.results:
        entry = Entry.objects.get(pk=result.entry_id)
        kept = " ".join(
            [entry.title, entry.lead, entry.body, entry.main_goal, entry.footer]
            + [f"{i.text} {i.bullet}" for i in entry.items.all()]
            + [f"{s.heading} {s.text} {' '.join(s.items)}" for s in entry.sections.all()]
        )
        for line in result.path.read_text(encoding="utf-8").splitlines():
            text = line.strip().lstrip("•").strip()
            if line.strip().startswith("•") and text:
                words = text.split("(")[0].split()[:3]  # an editorial note in parentheses is kept apart
                assert " ".join(words) in kept, f"{result.path.name}: lost {line!r}"


def test_sources_tsv_gives_the_source_address(tmp_path):
    page = tmp_path / "page.txt"
    shutil.copy(seed_path(3), page)
    (tmp_path / "SOURCES.tsv").write_text("file\tsource_url\npage.txt\thttps://example.org/flytt/\n")
    report = import_paths([tmp_path], actor=ALICE.importer())
    assert [r.path.name for r in report.results] == ["page.txt"]  # the metadata file is not imported
    assert Source.objects.get().source_url == "https://example.org/flytt/"


# --- re-import --------------------------------------------------------------------------------------------


def test_reimporting_the_same_files_changes_nothing(seeds_copy):
    import_paths([seeds_copy], actor=ALICE.importer())
    before = snapshot()
    report = import_paths([seeds_copy], actor=ALICE.importer())
    assert [r.status for r in report.results] == ["unchanged"] * 5
    assert all(r.entry_id for r in report.results)
    assert snapshot() == before


def test_a_modified_file_updates_its_entry_to_version_2(seeds_copy):
    page = seeds_copy / seed_path(3).name
    first = only(import_paths([page], actor=ALICE.importer()))
    page.write_text(
        page.read_text(encoding="utf-8").replace("Flytt til Hardanger\n", "Flytt til Hardanger no\n", 1)
    )
    second = only(import_paths([page], actor=BOB.importer()))
    assert second.status == "updated" and second.entry_id == first.entry_id
    entry = Entry.objects.get(pk=first.entry_id)
    assert entry.version == 2 and entry.title == "Flytt til Hardanger no"
    assert entry.versions.count() == 2
    assert Entry.objects.count() == 1


# --- bad input --------------------------------------------------------------------------------------------

BAD = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t\n", "empty file"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "PNG image"),
    ("binary.txt", bytes(range(256)) * 8, "binary data"),
    ("page.html", b"<html><head><style>p{}</style></head><body></body></html>", "broken HTML"),
    ("notitle.html", b"<html><body><p>Berre tekst.</p></body></html>", "no title"),
    ("broken.docx", b"PK\x03\x04\x14\x00 truncated", "cannot read this .docx"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << >>\n", "PDF"),
    ("sheet.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
    ("nolist.txt", b" \xe2\x80\xa2 Ungdom\n \xe2\x80\xa2 Kvinner\n", "no title"),
    ("export.json", b'{"entries": [{"lead": "ingen tittel"}]}', "no title"),
    ("bad.json", b'{"entries": [', "not valid JSON"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_fails_with_one_line_naming_the_problem_and_writes_nothing(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot()
    result = only(import_paths([path], actor=ALICE.importer()))
    assert result.status == "failed"
    assert message in result.message
    assert "\n" not in result.message
    assert snapshot() == before


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    settings.TILTAK_MAX_IMPORT_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("Tittel\n\n" + "Ord. " * 400, encoding="utf-8")
    result = only(import_paths([path], actor=ALICE.importer()))
    assert result.status == "failed" and "limit is" in result.message
    assert Entry.objects.count() == 0


def test_a_missing_path_fails_and_the_other_files_go_on(tmp_path):
    report = import_paths([tmp_path / "nowhere.txt", seed_path(1)], actor=ALICE.importer())
    assert [r.status for r in report.results] == ["failed", "created"]
    assert report.results[0].message == "no such file or folder"
    assert report.summary() == "2 files: 1 created, 1 failed"


# --- the export round-trips --------------------------------------------------------------------------------


def test_importing_an_export_round_trips(tmp_path):
    from tiltak.catalog.models import Entry as EntryModel
    from tiltak.catalog.serialize import export_document

    import_paths([seed_path(0), seed_path(2)], actor=ALICE.importer())
    exported = export_document(EntryModel.objects.all())
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    result = only(import_paths([path], actor=ALICE.importer()))
    assert result.status in ("created", "unchanged", "updated"), result.message
    again = only(import_paths([path], actor=ALICE.importer()))
    assert again.status == "unchanged"


# --- properties -------------------------------------------------------------------------------------------


@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_any_text_imports_or_fails_with_a_message(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("random") / "random.txt"
    path.write_text(text, encoding="utf-8")
    result = only(import_paths([path], actor=ALICE.importer()))
    assert result.status in ("created", "updated", "unchanged", "failed")
    if result.status == "failed":
        assert result.message and "Error:" not in result.message  # a user message, not a crash
    else:
        assert Entry.objects.filter(pk=result.entry_id).exists()


@given(st.binary(min_size=1, max_size=400), st.sampled_from(["txt", "md", "html", "docx", "pdf", "json"]))
def test_any_bytes_import_or_fail_with_a_message(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("bytes") / f"random.{suffix}"
    path.write_bytes(data)
    result = only(import_paths([path], actor=ALICE.importer()))
    if result.status == "failed":
        assert result.message and "Error:" not in result.message


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=2, max_size=10)
_phrase = st.lists(_word, min_size=1, max_size=5).map(" ".join).map(str.capitalize)
_HEADINGS = {
    "activities": "Aktivitetar",
    "selling_points": "Viktigste salgsargumenter",
    "partners": "Samarbeidspartnarar",
    "target_groups": "Målgrupper",
}


@given(
    title=_phrase, lists=st.dictionaries(st.sampled_from(LISTS), st.lists(_phrase, min_size=1, max_size=6))
)
def test_every_item_of_a_generated_page_survives_mapping_and_saving(tmp_path_factory, title, lists):
    chunks = ["Fagområde: Tilflytting", title, "Ein ingress."]
    for name, texts in lists.items():
        chunks += [_HEADINGS[name], "\n".join(f" • {text}" for text in texts)]
    path = tmp_path_factory.mktemp("generated") / "page.txt"
    path.write_text("\n\n".join(chunks), encoding="utf-8")
    result = only(import_paths([path], actor=ALICE.importer()))
    assert result.status in ("created", "updated", "unchanged"), result.message
    entry = Entry.objects.get(pk=result.entry_id)
    for name, texts in lists.items():
        kept = " ".join(f"{i.text} {i.bullet} {i.note}" for i in entry.items.filter(list_name=name))
        for text in texts:
            assert all(word in kept for word in text.split()), (name, text)
