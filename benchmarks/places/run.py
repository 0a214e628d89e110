"""Where each initiative lies: the catalog's ``location`` against hand-made judgments on real pages.

    python benchmarks/places/run.py [--shared ../shared] [--set dev|heldout|all] [--show-errors]

The 66 real pages (the seeds and ``corpus/dev``) are imported into a new SQLite catalog with the ordinary
import (``tiltak.ingest.importer.import_paths``), and each entry's ``location`` (``tiltak.places.services``)
is compared with the judgment of its page (README.md beside this file). Scored per (page, municipality) and
per (page, county): precision = right / found, recall = right / judged, micro-averaged over the pages; a
page judged national or without a place counts every place found as wrong. In the same run, a baseline
that lists every today's municipality whose name occurs in the page as a whole word (a plain gazetteer
scan) is scored the same way. ``--show-errors`` prints the dev part's differences only: nobody reads the
held-out part's errors to change the rules.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "src"))
PARTS = {"dev": HERE / "judgments-dev.json", "heldout": HERE / "judgments-heldout.json"}


def is_held_out(key: str) -> bool:
    """The split rule of README.md, checked against the files so a moved page cannot change sides."""
    return int(hashlib.sha256(("places:" + key).encode()).hexdigest(), 16) % 5 < 2


def catalog_locations(shared: Path, keys: list[str]) -> dict[str, dict]:
    """Import the pages into a new SQLite catalog; each page's location as the export gives it."""
    data_dir = tempfile.mkdtemp(prefix="tiltak-places-bench-")
    os.environ["TILTAK_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir}/catalog.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from tiltak.catalog.actor import Actor
    from tiltak.catalog.models import Entry
    from tiltak.ingest.importer import import_paths
    from tiltak.places.services import location, with_location_relations

    by_name = {Path(key).name: key for key in keys}
    import_paths([shared / key for key in keys], actor=Actor.importer("places-benchmark"))
    out: dict[str, dict] = {}
    for entry in with_location_relations(Entry.objects.prefetch_related("sources")):
        for source in entry.sources.all():
            key = by_name.get(Path(source.file_name).name)
            if key:
                out[key] = location(entry)
    return out


def gazetteer_locations(shared: Path, keys: list[str]) -> dict[str, dict]:
    """The baseline: every today's municipality whose name stands in the page as a whole word."""
    from tiltak.places import official

    names = {number: row["name"] for number, row in official.data().municipalities.items()}
    out: dict[str, dict] = {}
    for key in keys:
        text = (shared / key).read_text(encoding="utf-8")
        found = sorted(n for n, name in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text))
        counties = sorted({official.data().municipalities[n]["county"] for n in found})
        out[key] = {
            "municipalities": [{"code": n} for n in found],
            "counties": [{"code": c} for c in counties],
        }
    return out


def score(judged: dict[str, dict], found: dict[str, dict], show_errors: bool) -> dict[str, float]:
    result: dict[str, float] = {"pages": len(judged)}
    for field in ("municipalities", "counties"):
        right = got = want = 0
        for key, judgment in judged.items():
            expected = set(judgment[field])
            location = found.get(key, {"municipalities": [], "counties": []})
            given = {area["code"] for area in location[field]}
            right += len(expected & given)
            got += len(given)
            want += len(expected)
            if show_errors and expected != given:
                print(
                    f"  {field:14} {key}: missed {sorted(expected - given)}, extra {sorted(given - expected)}"
                )
        precision = right / got if got else 1.0
        recall = right / want if want else 1.0
        result[f"{field}_precision"] = precision
        result[f"{field}_recall"] = recall
        result[f"{field}_f1"] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(
        {a["code"] for a in found.get(k, {"municipalities": []})["municipalities"]}
        == set(j["municipalities"])
        for k, j in judged.items()
    )
    result["exact_pages"] = exact / len(judged) if judged else 0.0
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("TILTAK_SHARED_DIR", REPO.parent / "shared"))
    )
    parser.add_argument("--set", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--show-errors", action="store_true", help="print the dev part's differences")
    args = parser.parse_args()
    parts = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in PARTS.items()}
    for name, judged in parts.items():
        wrong_side = [key for key in judged if is_held_out(key) != (name == "heldout")]
        if wrong_side:
            raise SystemExit(f"{PARTS[name].name}: pages on the wrong side of the split: {wrong_side}")
    keys = sorted(key for judged in parts.values() for key in judged)
    ours = catalog_locations(args.shared, keys)
    baseline = gazetteer_locations(args.shared, keys)
    print(
        "| part | system | pages | municipalities P / R / F1 | counties P / R / F1 | exact municipality set |"
    )
    print("|---|---|---|---|---|---|")
    for name in ("dev", "heldout") if args.set == "all" else (args.set,):
        for system, found in (("tiltak location", ours), ("gazetteer scan", baseline)):
            show = args.show_errors and name == "dev" and system == "tiltak location"
            r = score(parts[name], found, show)
            print(
                f"| {name} | {system} | {r['pages']:.0f} "
                f"| {r['municipalities_precision']:.3f} / {r['municipalities_recall']:.3f} / {r['municipalities_f1']:.3f} "
                f"| {r['counties_precision']:.3f} / {r['counties_recall']:.3f} / {r['counties_f1']:.3f} "
                f"| {r['exact_pages']:.3f} |"
            )
    missing = [key for key in keys if key not in ours]
    if missing:
        print(f"\nPages without an entry after import (scored as no location): {len(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
