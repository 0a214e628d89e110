"""Precision and recall of the figure reader (``tiltak.evidence.reader``) on real catalog pages.

    python benchmarks/figures/run.py [--shared ../shared] [--set dev|heldout|all] [--show-errors]

Judgments (``judgments-dev.json``, ``judgments-heldout.json``) were written by reading each page: every
number that counts something, at the offset of its first character, with the value, unit, kind, hedge and
year a reader of the page would give it. A page of the split with no entry in its file has no figures.
A found figure is right when its span covers a judged figure's offset with the same value (and maximum);
unit, kind, hedge and year are then scored among the right ones. ``--show-errors`` is for the dev part
only: nobody looks at the held-out part's errors to change the rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from tiltak.evidence.reader import read_figures  # noqa: E402

HELDOUT_PAGES = HERE / "heldout-pages.txt"


def split_pages(shared: Path) -> dict[str, list[str]]:
    """Dev: the five seeds and the corpus pages not held out; held out: the pages listed in
    ``heldout-pages.txt`` (drawn once by a hash of the file name, before any rule was written)."""
    held = {line.strip() for line in HELDOUT_PAGES.read_text(encoding="utf-8").splitlines() if line.strip()}
    corpus = sorted(p.name for p in (shared / "corpus" / "dev").glob("*.txt"))
    seeds = sorted(f"seeds/{p.name}" for p in (shared / "seeds").glob("*.txt"))
    return {
        "dev": seeds + [f"corpus/dev/{name}" for name in corpus if name not in held],
        "heldout": [f"corpus/dev/{name}" for name in corpus if name in held],
    }


def score(
    shared: Path, pages: list[str], judged: dict[str, list[dict]], show_errors: bool
) -> dict[str, float]:
    found_total = judged_total = right = 0
    attributes = {"unit": 0, "kind": 0, "hedge": 0, "year": 0}
    for page in pages:
        text = (shared / page).read_text(encoding="utf-8")
        figures = read_figures(text)
        gold = judged.get(page, [])
        found_total += len(figures)
        judged_total += len(gold)
        used: set[int] = set()
        for want in gold:
            match = next(
                (
                    i
                    for i, f in enumerate(figures)
                    if i not in used
                    and f.start <= want["at"] < f.end
                    and f.value == want["value"]
                    and (f.value_max or None) == want["value_max"]
                ),
                None,
            )
            if match is None:
                if show_errors:
                    print(f"  missed  {page}@{want['at']}: {want}")
                continue
            used.add(match)
            right += 1
            got = figures[match].as_dict()
            for key in attributes:
                if got[key] == want[key]:
                    attributes[key] += 1
                elif show_errors:
                    print(f"  {key:7} {page}@{want['at']} {got['text']!r}: {got[key]} (judged {want[key]})")
        if show_errors:
            for i, f in enumerate(figures):
                if i not in used:
                    print(f"  extra   {page}@{f.start}: {f.text!r} {f.unit} {f.kind}")
    precision = right / found_total if found_total else 1.0
    recall = right / judged_total if judged_total else 1.0
    result = {
        "pages": len(pages),
        "judged": judged_total,
        "found": found_total,
        "right": right,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }
    for key, count in attributes.items():
        result[f"{key}_accuracy"] = count / right if right else 0.0
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=HERE.parents[2] / "shared")
    parser.add_argument("--set", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--show-errors", action="store_true", help="list the dev part's errors")
    args = parser.parse_args()
    shared = args.shared if args.shared.exists() else Path("/work/shared")
    splits = split_pages(shared)
    parts = ["dev", "heldout"] if args.set == "all" else [args.set]
    print("| part | pages | judged | found | right | precision | recall | F1 | unit | kind | hedge | year |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for part in parts:
        judged = json.loads((HERE / f"judgments-{part}.json").read_text(encoding="utf-8"))
        missing = set(judged) - set(splits[part])
        if missing:
            raise SystemExit(f"judgments-{part}.json names pages outside the {part} part: {sorted(missing)}")
        r = score(shared, splits[part], judged, args.show_errors and part == "dev")
        print(
            f"| {part} | {r['pages']} | {r['judged']} | {r['found']} | {r['right']} | {r['precision']:.3f} "
            f"| {r['recall']:.3f} | {r['f1']:.3f} | {r['unit_accuracy']:.3f} | {r['kind_accuracy']:.3f} "
            f"| {r['hedge_accuracy']:.3f} | {r['year_accuracy']:.3f} |"
        )


if __name__ == "__main__":
    main()
