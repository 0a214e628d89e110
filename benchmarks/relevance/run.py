"""Search relevance benchmark: our search vs two plain baselines, nDCG@10 and recall@10.

    python benchmarks/relevance/run.py [--postgres postgres://postgres@127.0.0.1:5432/postgres] [--out FILE]

Builds a fresh catalog (seeds, ../shared/corpus/dev and the sample catalog, imported with
``tiltak.ingest.importer.import_paths``) in a child process per store, runs every query in
``queries.json`` through ``tiltak.search.index.match``, and runs the same queries over the same entry
texts through two baselines: SQLite FTS5 with its default tokenizer (unicode61) and PostgreSQL's
``norwegian`` configuration (``plainto_tsquery``). Both baselines AND the query words, as their plain
query functions do. Relevance judgments (``judgments.json``) are per information need, graded by reading
each entry: 2 = clearly about the need, 1 = partly (e.g. only a list item or a passing mention). An entry
is identified by its source file name (seeds, corpus) or its slug (sample catalog).

nDCG@10 uses the gain 2^grade - 1. recall@10 is the share of relevant entries (any grade) in the top 10
out of min(10, number relevant), so a perfect top 10 scores 1.0 even for needs with more than ten.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED = Path(os.environ.get("TILTAK_SHARED_DIR", REPO.parent / "shared"))


def child(database_url: str, out: Path) -> None:
    """Import the catalog into ``database_url`` and write entry texts and our rankings to ``out``."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    notes = _stand_in_for_missing_mapper()
    from tiltak.catalog.actor import Actor
    from tiltak.catalog.models import Entry
    from tiltak.ingest.importer import import_paths
    from tiltak.search.index import match

    paths = [SHARED / "seeds", SHARED / "corpus" / "dev", REPO / "src" / "tiltak" / "sample" / "entries.json"]
    report = import_paths(paths, actor=Actor.importer("benchmark"))
    keys: dict[int, str] = {}
    texts: dict[str, str] = {}
    for entry in Entry.objects.prefetch_related("sources", "items", "sections"):
        files = [s.file_name for s in entry.sources.all() if s.file_name.endswith(".txt")]
        # Sample-catalog entries carry a synthetic "sample/…" source; they are judged by slug.
        key = Path(files[0]).name if files and not files[0].startswith("sample/") else entry.slug
        keys[entry.pk] = key
        parts = [entry.title, entry.lead, entry.body, entry.main_goal, entry.archive_notice]
        parts += [i.text for i in entry.items.all()]
        for s in entry.sections.all():
            parts += [s.heading, s.text, *map(str, s.items)]
        texts[key] = "\n".join(p for p in parts if p)
    queries = json.loads((HERE / "queries.json").read_text())
    rankings = {q["query"]: [keys[pk] for pk, _ in match(q["query"])[:10]] for q in queries}
    out.write_text(
        json.dumps({"texts": texts, "rankings": rankings, "import": report.summary(), "notes": notes})
    )


def _stand_in_for_missing_mapper() -> list[str]:
    """While the vocabulary mapper is not there yet, import with every list item unmapped (and say so)."""
    import importlib.util
    import types

    if importlib.util.find_spec("tiltak.vocabulary.mapper") is not None:
        return []
    from tiltak.catalog.draft import DraftItem

    class UnmappedMapper:
        @classmethod
        def from_database(cls):
            return cls()

        def map_list(self, name, texts):
            return [DraftItem(text=t) for t in texts if t and t.strip()]

    module = types.ModuleType("tiltak.vocabulary.mapper")
    module.Mapper = UnmappedMapper
    sys.modules["tiltak.vocabulary.mapper"] = module
    return ["tiltak.vocabulary.mapper is missing: every list item was imported unmapped (no concept terms)."]


JUDGMENTS_NOTE = (
    "Judgments (`judgments.json`) were made by reading every entry: per need, grade 2 = the entry is "
    "clearly about it (its text says so, or a list item names exactly the thing asked for, e.g. "
    '"Eget nettsted"), grade 1 = partly (a target-group checkbox, a passing mention). nDCG uses the gain '
    "2^grade - 1; recall counts both grades."
)


def fts5_baseline(texts: dict[str, str], queries: list[str]) -> dict[str, list[str]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, text)")
    db.executemany("INSERT INTO docs VALUES (?, ?)", list(texts.items()))
    results = {}
    for query in queries:
        words = ['"' + w.replace('"', "") + '"' for w in query.split() if w.strip('"')]
        rows = db.execute(
            "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", [" ".join(words)]
        ).fetchall()
        results[query] = [r[0] for r in rows]
    return results


def postgres_baseline(url: str, texts: dict[str, str], queries: list[str]) -> dict[str, list[str]]:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("CREATE TEMP TABLE bench_docs (key text, text text)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO bench_docs VALUES (%s, %s)", list(texts.items()))
        conn.execute("ALTER TABLE bench_docs ADD COLUMN v tsvector")
        conn.execute("UPDATE bench_docs SET v = to_tsvector('norwegian', text)")
        results = {}
        for query in queries:
            rows = conn.execute(
                "SELECT key FROM bench_docs, plainto_tsquery('norwegian', %s) q WHERE v @@ q "
                "ORDER BY ts_rank_cd(v, q) DESC, key LIMIT 10",
                [query],
            ).fetchall()
            results[query] = [r[0] for r in rows]
        return results


def ndcg10(ranking: list[str], grades: dict[str, int]) -> float:
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranking[:10]))
    best = sorted(grades.values(), reverse=True)[:10]
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(best))
    return dcg / ideal if ideal else 0.0


def recall10(ranking: list[str], relevant: set[str]) -> float:
    return len(set(ranking[:10]) & relevant) / min(10, len(relevant)) if relevant else 0.0


def table(systems: dict[str, dict[str, list[str]]], queries: list[dict], judgments: dict) -> str:
    kinds = ["all", *dict.fromkeys(q["kind"] for q in queries), "nb", "nn"]
    lines = [
        "| system | " + " | ".join(f"nDCG@10 {k}" for k in kinds) + " | recall@10 all |",
        "|---|" + "---|" * (len(kinds) + 1),
    ]
    for name, rankings in systems.items():
        cells, recalls = [], []
        for kind in kinds:
            chosen = [q for q in queries if kind == "all" or q["kind"] == kind or q["form"] == kind]
            scores = [ndcg10(rankings[q["query"]], judgments[q["need"]]["relevant"]) for q in chosen]
            cells.append(f"{sum(scores) / len(scores):.3f}")
        recalls = [recall10(rankings[q["query"]], set(judgments[q["need"]]["relevant"])) for q in queries]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {sum(recalls) / len(recalls):.3f} |")
    return "\n".join(lines)


def per_query(systems: dict[str, dict[str, list[str]]], queries: list[dict], judgments: dict) -> str:
    names = list(systems)
    lines = ["| query | form | kind | " + " | ".join(names) + " |", "|---|---|---|" + "---|" * len(names)]
    for q in queries:
        relevant = judgments[q["need"]]["relevant"]
        cells = [f"{ndcg10(systems[n][q['query']], relevant):.2f}" for n in names]
        lines.append(f"| {q['query']} | {q['form']} | {q['kind']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server for the norwegian baseline and our search on PostgreSQL ('' to skip)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="where to write the markdown")
    parser.add_argument("--child", nargs=2, metavar=("DATABASE_URL", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0

    queries = json.loads((HERE / "queries.json").read_text())
    judgments = json.loads((HERE / "judgments.json").read_text())
    systems: dict[str, dict[str, list[str]]] = {}
    with tempfile.TemporaryDirectory(prefix="tiltak-relevance-") as tmp:
        env = {**os.environ, "TILTAK_DATA_DIR": tmp}
        stores = [("tiltak (SQLite)", f"sqlite:///{tmp}/bench.sqlite3")]
        pg_db = None
        if args.postgres:
            import psycopg

            pg_db = f"tiltak_relevance_{os.getpid()}"
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {pg_db}")
            stores.append(("tiltak (PostgreSQL)", args.postgres.rsplit("/", 1)[0] + "/" + pg_db))
        try:
            data = {}
            for name, url in stores:
                out = Path(tmp) / f"{len(data)}.json"
                subprocess.run([sys.executable, __file__, "--child", url, str(out)], check=True, env=env)
                data[name] = json.loads(out.read_text())
                systems[name] = data[name]["rankings"]
            texts = data[stores[0][0]]["texts"]
            plain = [q["query"] for q in queries]
            systems["SQLite FTS5 unicode61"] = fts5_baseline(texts, plain)
            if args.postgres:
                systems["PostgreSQL norwegian"] = postgres_baseline(args.postgres, texts, plain)
        finally:
            if pg_db:
                with psycopg.connect(args.postgres, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {pg_db}")
    missing = {k for j in judgments.values() for k in j["relevant"]} - set(texts)
    report = [
        "## Search relevance (issue #4)",
        "",
        f"{len(queries)} queries ({sum(q['form'] == 'nb' for q in queries)} bokmål, "
        f"{sum(q['form'] == 'nn' for q in queries)} nynorsk) over {len(texts)} entries "
        f"({data[stores[0][0]]['import']}). Produced by `python benchmarks/relevance/run.py`.",
        "",
        JUDGMENTS_NOTE,
        "",
        table(systems, queries, judgments),
        "",
        "<details><summary>nDCG@10 per query</summary>",
        "",
        per_query(systems, queries, judgments),
        "",
        "</details>",
    ]
    for note in data[stores[0][0]]["notes"]:
        report += ["", f"Note: {note}"]
    if missing:
        report += ["", f"Judged entries missing from the catalog: {', '.join(sorted(missing))}"]
    text = "\n".join(report) + "\n"
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
