"""`import_paths`: files and folders -> catalog entries, one file per transaction, a result per file.

For each file: check it (exists, not empty, not too large, a supported type), skip it fast when the same
bytes were imported before, read it (``readers``), parse the page (``parser``), map the list items to
concepts (the vocabulary mapper), recognise places, and save it (``saving``: created, updated as a new
version, or unchanged). A failure in one file is reported for that file and the run goes on.

A ``.json`` file in the export format is read with ``drafts_from_export`` so an export round-trips.
Folders are walked recursively in name order; hidden files and folders, ``SOURCES.tsv`` and README files
are skipped. A ``SOURCES.tsv`` (columns ``file`` and ``source_url``) in a folder gives the source address
of the files in that folder; the address then identifies the document on re-import.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from tiltak.catalog.actor import Actor
from tiltak.catalog.draft import LIST_NAMES, DraftItem, DraftPlace, EntryDraft, SourceInfo
from tiltak.errors import ImportFailed, InvalidInput, TiltakError
from tiltak.ingest.parser import parse_text
from tiltak.ingest.readers import FORMATS, format_for, read_document

STATUSES = ("created", "updated", "unchanged", "failed")
METADATA_NAMES = {"sources.tsv"}
_MAX_SUBJECT_WORDS = 8


@dataclass
class FileResult:
    path: Path
    status: str  # created | updated | unchanged | failed
    entry_id: int | None = None
    message: str = ""  # the reason when failed; a short note otherwise
    title: str = ""


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> bool:
        return any(r.status == "failed" for r in self.results)

    def summary(self) -> str:
        """'66 files: 60 created, 3 updated, 2 unchanged, 1 failed' (statuses with zero left out)."""
        total = len(self.results)
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        noun = "file" if total == 1 else "files"
        return f"{total} {noun}: {', '.join(parts)}" if parts else "0 files"


Progress = Callable[[int, int, FileResult], None]


def import_paths(
    paths: list[Path],
    *,
    actor: Actor,
    progress: Progress | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Import files and folders. Never raises for a bad file: each gets a ``FileResult``, handed to
    ``on_result`` as soon as it is known (so a report can be written as the run goes)."""
    report = ImportReport()
    files, missing = collect_files([Path(p) for p in paths])
    for result in missing:
        report.results.append(result)
        if on_result is not None:
            on_result(result)
    importer = DocumentImporter(actor=actor)
    for done, (path, name, source_url) in enumerate(files, start=1):
        result = importer.import_file(path, name=name, source_url=source_url)
        report.results.append(result)
        if on_result is not None:
            on_result(result)
        if progress is not None:
            progress(done, len(files), result)
    return report


def display_path(path: Path | str) -> str:
    """A path as text a person (and the database) can take. A name the file system stores in another
    encoding than UTF-8 (Latin-1 from an old Windows share) is read as Windows-1252, not left as the
    undecodable surrogates Python keeps for it."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def collect_files(paths: list[Path]) -> tuple[list[tuple[Path, str, str]], list[FileResult]]:
    """The files to import as (path, name, source address), and a failed result for each path that does
    not exist, each broken or looping symbolic link and each folder that cannot be read. The name
    identifies the document on re-import when no SOURCES.tsv gives its address: its path inside the
    folder that was named, starting with that folder's own name (``site-a/index.html``); a file named on
    its own is named with its folder the same way. Never the bare file name, so two index.html files in
    two folders stay two entries, whether imported in one run or two."""
    files: list[tuple[Path, str, str]] = []
    missing: list[FileResult] = []
    addresses: dict[Path, dict[str, str]] = {}
    seen: set[Path] = set()

    def add(path: Path, name: str) -> None:
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        folder = path.parent
        if folder not in addresses:
            addresses[folder] = read_sources_tsv(folder / "SOURCES.tsv")
        files.append((path, name, addresses[folder].get(path.name, "")))

    for path in paths:
        problem = _link_problem(path)
        if problem:
            missing.append(FileResult(path, "failed", message=problem))
        elif path.is_dir():
            for child, problem in _walk(path):
                if problem:
                    missing.append(FileResult(child, "failed", message=problem))
                elif not _metadata(child):
                    add(child, display_path(f"{_folder_name(path)}/{child.relative_to(path).as_posix()}"))
        elif path.is_file():
            add(path, display_path(f"{_folder_name(path.parent)}/{path.name}"))
        else:
            missing.append(FileResult(path, "failed", message="no such file or folder"))
    return files, missing


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Every file under ``root`` in name order as (path, ""), and (path, problem) for what cannot be
    walked: an unreadable folder, a broken or looping link. Hidden names are skipped; linked folders are
    followed once, and a link back into its own ancestors is a loop, not an endless walk."""
    found: list[tuple[Path, str]] = []
    walked: set[Path] = set()

    def visit(folder: Path, real: Path) -> None:
        walked.add(real)
        try:
            with os.scandir(folder) as listing:
                children = sorted(listing, key=lambda child: child.name)
        except OSError as error:
            found.append((folder, f"cannot read the folder ({error.strerror or error})"))
            return
        for child in children:
            path = Path(child.path)
            if child.name.startswith("."):
                continue
            problem = _link_problem(path)
            if problem:
                found.append((path, problem))
            elif child.is_dir():
                target = path.resolve()
                if target == real or target in real.parents:
                    found.append((path, f"symbolic link loop: it points back to {display_path(target)}"))
                elif target not in walked:
                    visit(path, target)
            elif child.is_file():
                found.append((path, ""))

    visit(root, root.resolve())
    return found


def _link_problem(path: Path) -> str:
    """Why a symbolic link cannot be followed, or "" (for a link that works, and for anything else)."""
    if not path.is_symlink():
        return ""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop: the link points (through other links) to itself"
        if error.errno == errno.ENOENT:
            return (
                f"broken symbolic link: it points to {display_path(os.readlink(path))}, which does not exist"
            )
        return f"cannot follow the symbolic link ({error.strerror or error})"
    return ""


def _folder_name(folder: Path) -> str:
    return folder.resolve().name or "root"


def _short(text: str) -> str:
    """A title for a message: at most 60 characters, control characters and surrogates shown escaped."""
    shown = text[:60].encode("utf-8", "backslashreplace").decode("utf-8")
    return repr(shown) if any(c < " " for c in shown) else f"'{shown}'"


def _metadata(path: Path) -> bool:
    return path.name.lower() in METADATA_NAMES or path.stem.lower() in ("readme", "license")


def read_sources_tsv(path: Path) -> dict[str, str]:
    """file name -> source address, from a tab-separated file with ``file`` and ``source_url`` columns."""
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            return {
                (row.get("file") or "").strip(): (row.get("source_url") or "").strip()
                for row in rows
                if row.get("file")
            }
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}  # a broken metadata file must not stop the import; files fall back to their names


class DocumentImporter:
    """Imports one file at a time; the mapper and the place recogniser are built once, on first use."""

    def __init__(self, *, actor: Actor):
        from tiltak.catalog.services import SaveContext

        self.actor = actor
        self.context = SaveContext()  # concepts and known places, looked up once a run
        self._mapper: Any = None
        self._recognizer: Any = None

    @property
    def mapper(self) -> Any:
        if self._mapper is None:
            from tiltak.vocabulary.mapper import Mapper

            self._mapper = Mapper.from_database()
        return self._mapper

    @property
    def recognizer(self) -> Any:
        if self._recognizer is None:
            from tiltak.places.recognizer import PlaceRecognizer

            self._recognizer = PlaceRecognizer.from_database()
        return self._recognizer

    def import_file(self, path: Path, *, name: str = "", source_url: str = "") -> FileResult:
        try:
            return self._import(path, name or path.name, source_url)
        except ImportFailed as error:
            return FileResult(path, "failed", message=error.problem)
        except TiltakError as error:
            return FileResult(path, "failed", message=str(error))
        except Exception as error:  # an unexpected bug in one file must not stop the run
            return FileResult(
                path,
                "failed",
                message=f"unexpected problem in the importer ({type(error).__name__}); nothing was saved "
                "for this file; please report it with the file",
            )

    def _import(self, path: Path, name: str, source_url: str) -> FileResult:
        from tiltak.ingest import saving

        format = format_for(path.suffix)
        if format is None:
            kinds = ", ".join(sorted(FORMATS))
            raise ImportFailed(name, f"unsupported file type '{path.suffix or '(none)'}': use one of {kinds}")
        try:
            size = path.stat().st_size
            limit = settings.TILTAK_MAX_IMPORT_BYTES
            if size > limit:
                raise ImportFailed(
                    name, f"the file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB"
                )
            data = path.read_bytes()
        except OSError as error:
            raise ImportFailed(name, f"cannot read the file ({error.strerror or error})") from error
        if not data.strip():
            raise ImportFailed(name, "empty file")
        if format == "json":
            return self._import_export(path, name, data)

        source = SourceInfo(
            file_name=name,
            checksum=hashlib.sha256(data).hexdigest(),
            format=format,
            source_url=source_url,
            size=len(data),
        )
        earlier = saving.earlier_source(source.identity) or saving.legacy_source(source)
        if earlier is not None and saving.is_unchanged(source, earlier):  # the fast path: same bytes
            return FileResult(path, "unchanged", earlier.entry.pk, title=earlier.entry.title)
        document = read_document(data, name=name, format=format)
        if not document.text.strip():
            raise ImportFailed(name, "empty file (no text in it)")
        source.encoding = document.encoding
        draft = parse_text(document.text, source=name)
        self.map_lists(draft)
        draft.places = self.find_places(draft)
        outcome = saving.save_imported(draft, source, earlier, actor=self.actor, context=self.context)
        return FileResult(path, outcome.status, outcome.entry.pk, title=outcome.entry.title)

    def _import_export(self, path: Path, name: str, data: bytes) -> FileResult:
        from tiltak.catalog.serialize import drafts_from_export
        from tiltak.ingest import saving
        from tiltak.ingest.readers import decode_text

        text, _ = decode_text(data, name)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFailed(name, f"not valid JSON (line {error.lineno}: {error.msg})") from error
        except ValueError:  # Python's guard against numbers with thousands of digits
            raise ImportFailed(
                name, "a number in the file has thousands of digits; no field takes that"
            ) from None
        pairs = drafts_from_export(document, file_name=name)
        if not pairs:
            raise ImportFailed(name, "the export holds no entries")
        statuses: list[str] = []
        first = None
        with transaction.atomic():  # the whole file or nothing
            for index, (draft, source) in enumerate(pairs, start=1):
                self.map_unmapped(draft)
                try:
                    outcome = saving.import_draft(draft, source, actor=self.actor, context=self.context)
                except InvalidInput as error:  # name the entry: an export holds many
                    raise ImportFailed(name, f"entry {index} ({_short(draft.title)}): {error}") from None
                statuses.append(outcome.status)
                first = first or outcome.entry
        status = next((s for s in ("created", "updated") if s in statuses), "unchanged")
        counts = ", ".join(
            f"{statuses.count(s)} {s}" for s in ("created", "updated", "unchanged") if s in statuses
        )
        message = f"{len(pairs)} entries ({counts})"
        return FileResult(
            path, status, first.pk if first else None, message=message, title=first.title if first else ""
        )

    # --- mapping -------------------------------------------------------------------------------------

    def map_lists(self, draft: EntryDraft) -> None:
        """Replace the raw list items of a parsed page by mapped ones; split the subject-area line."""
        for name in LIST_NAMES:
            texts = [item.text for item in draft.lists.get(name, [])]
            if not texts:
                continue
            if name == "subject_areas":
                draft.lists[name] = [item for text in texts for item in self.split_subject_areas(text)]
            else:
                draft.lists[name] = self.mapper.map_list(name, texts)

    def map_unmapped(self, draft: EntryDraft) -> None:
        """For an export file: map only the items that carry no concept (a hand-written file)."""
        for name, items in draft.lists.items():
            if not items or all(item.concept for item in items):
                continue
            mapped: list[DraftItem] = []
            for item in items:
                mapped.extend([item] if item.concept else self.mapper.map_list(name, [item.text]) or [item])
            draft.lists[name] = mapped

    def split_subject_areas(self, text: str) -> list[DraftItem]:
        """'Omdømme Tilflytting' -> two areas. The whole line is tried first, then the longest known
        phrases from left to right; words no area knows stay together as one unmapped item."""
        if self._all_mapped(text):
            return self.mapper.map_list("subject_areas", [text])
        words = text.split()
        if len(words) > _MAX_SUBJECT_WORDS:
            return self.mapper.map_list("subject_areas", [text])
        phrases: list[tuple[str, bool]] = []
        start = 0
        while start < len(words):
            for end in range(len(words), start, -1):
                phrase = " ".join(words[start:end])
                if self._all_mapped(phrase):
                    phrases.append((phrase, True))
                    start = end
                    break
            else:
                if phrases and not phrases[-1][1]:
                    phrases[-1] = (f"{phrases[-1][0]} {words[start]}", False)
                else:
                    phrases.append((words[start], False))
                start += 1
        return self.mapper.map_list("subject_areas", [phrase for phrase, _ in phrases])

    def _all_mapped(self, phrase: str) -> bool:
        items = self.mapper.map_list("subject_areas", [phrase])
        return bool(items) and all(item.concept for item in items)

    def find_places(self, draft: EntryDraft) -> list[DraftPlace]:
        """Places named anywhere in the entry but its footer, each once."""
        texts = [draft.title, draft.lead, draft.body, draft.main_goal]
        texts += [
            item.text for name, items in draft.lists.items() if name != "subject_areas" for item in items
        ]
        texts += [s.heading + "\n" + s.text + "\n" + "\n".join(s.items) for s in draft.sections]
        places: list[DraftPlace] = []
        seen: set[tuple[str, str]] = set()
        for place in self.recognizer.recognize("\n\n".join(t for t in texts if t)):
            key = (place.kind, place.code or place.name)
            if key not in seen:
                seen.add(key)
                places.append(place)
        return places
