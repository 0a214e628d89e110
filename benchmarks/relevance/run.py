"""Search relevance benchmark (v2, issue #13): our search vs plain baselines on real pages, nDCG@10 and recall@10.

    python benchmarks/relevance/run.py [--set dev|heldout|old|all ...] [--without NAME[,NAME]] [--ablate]
                                       [--postgres URL | --postgres ''] [--out FILE]

What is judged (see README.md beside this file):

- **Pages**: the five seeds (``../shared/seeds``) and the 61 pages of ``../shared/corpus/dev``, nothing else.
  The sample catalog is the team's own writing and is not part of the judged catalog.
- **Queries**: ``queries-dev.json`` (the dev part) and ``queries-heldout.json`` (the held-out part, about 40 %
  of the queries, split by kind before any search was run; queries that share one information need were
  kept in the same part). **Nobody tunes the search on the held-out part**: look at its per-part and
  per-kind figures only; this runner never prints its per-query scores unless asked with
  ``--show-heldout-queries``, which is for the final report, not for tuning.
- **Judgments**: ``judgments-dev.json`` and ``judgments-heldout.json`` grade every one of the 66 pages for
  every query, by reading the page: 2 = the page is about it, 1 = only partly (a template checkbox or list
  item, a passing mention, the right place but another topic), 0 = not about it.
- ``--set old`` runs the v1 benchmark kept in ``v1/`` (vocabulary-label queries, sample catalog included,
  its own recall definition) so its figure can be compared with the one it reported.

Metrics: nDCG@10 with gain 2^grade - 1 and the ideal ranking over all judged pages; recall@10 is the
standard one: relevant pages (grade >= 1) in the top 10 divided by all relevant pages (so a need with 20
relevant pages cannot score above 0.5).

Each store gets a fresh catalog in a child process per (catalog, variant): SQLite in a temporary
directory and, unless ``--postgres ''``, a temporary PostgreSQL database created next to the one in
``--postgres`` (and dropped afterwards). Baselines run over the same entry texts in the same run: SQLite
FTS5 (unicode61) with the query words ANDed and ORed, PostgreSQL ``norwegian`` with ``plainto_tsquery``
(AND) and with the words ORed.

Mechanism switches: ``--without NAME`` sets ``TILTAK_SEARCH_WITHOUT=NAME,...`` in the child processes (the
search reads it); names are checked against ``tiltak.search.mechanisms`` when that module exists.
``--ablate`` runs every known mechanism switched off in turn and adds a table of the differences.
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
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SHARED = Path(os.environ.get("TILTAK_SHARED_DIR", REPO.parent / "shared"))
WITHOUT_ENV = "TILTAK_SEARCH_WITHOUT"

# part name -> (queries file, judgments file, catalog); "real" = seeds + corpus/dev, "v1" adds the sample.
PARTS = {
    "dev": (HERE / "queries-dev.json", HERE / "judgments-dev.json", "real"),
    "heldout": (HERE / "queries-heldout.json", HERE / "judgments-heldout.json", "real"),
    "old": (HERE / "v1" / "queries.json", HERE / "v1" / "judgments.json", "v1"),
}
TITLES = {"dev": "Dev part", "heldout": "Held-out part (nobody tunes on it)", "old": "Old set (v1)"}
KINDS = ["compounds", "concepts", "forms", "typos", "places", "topics", "paraphrase", "english"]


# --- child: import a catalog, rank every query ----------------------------------------------------------


def child(database_url: str, catalog: str, queries_file: Path, out: Path) -> None:
    """Import ``catalog`` into ``database_url``; write entry texts and our full rankings to ``out``."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from tiltak.catalog.actor import Actor
    from tiltak.catalog.models import Entry
    from tiltak.ingest.importer import import_paths
    from tiltak.search.index import match

    paths = [SHARED / "seeds", SHARED / "corpus" / "dev"]
    if catalog == "v1":
        paths.append(REPO / "src" / "tiltak" / "sample" / "entries.json")
    report = import_paths(paths, actor=Actor.importer("benchmark"))
    keys: dict[int, str] = {}
    texts: dict[str, str] = {}
    for entry in Entry.objects.prefetch_related("sources", "items", "sections"):
        files = [s.file_name for s in entry.sources.all() if s.file_name.endswith(".txt")]
        # Pages are judged by file name; sample entries (v1 only) carry a synthetic "sample/…" source.
        key = Path(files[0]).name if files and not files[0].startswith("sample/") else entry.slug
        keys[entry.pk] = key
        parts = [entry.title, entry.lead, entry.body, entry.main_goal, entry.archive_notice]
        parts += [i.text for i in entry.items.all()]
        for s in entry.sections.all():
            parts += [s.heading, s.text, *map(str, s.items)]
        texts[key] = "\n".join(p for p in parts if p)
    queries = sorted({q["query"] for q in json.loads(queries_file.read_text())})
    rankings = {q: [keys[pk] for pk, _ in match(q)] for q in queries}
    out.write_text(json.dumps({"texts": texts, "rankings": rankings, "import": report.summary()}))


# --- baselines ----------------------------------------------------------------------------------------


def fts5_baseline(texts: dict[str, str], queries: Iterable[str], op: str) -> dict[str, list[str]]:
    """SQLite FTS5, default tokenizer, the query words joined with ``op`` (AND / OR), ranked by bm25."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, text)")
    db.executemany("INSERT INTO docs VALUES (?, ?)", list(texts.items()))
    results = {}
    for query in queries:
        words = ['"' + w.replace('"', "") + '"' for w in query.split() if w.strip('"')]
        rows = db.execute(
            "SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs), key LIMIT 10",
            [f" {op} ".join(words)],
        ).fetchall()
        results[query] = [r[0] for r in rows]
    return results


def postgres_baseline(
    url: str, texts: dict[str, str], queries: Iterable[str], op: str
) -> dict[str, list[str]]:
    """PostgreSQL ``norwegian``: plainto_tsquery (AND) or the words' plainto_tsquery ORed, by ts_rank_cd."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("CREATE TEMP TABLE bench_docs (key text, v tsvector)")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO bench_docs VALUES (%s, to_tsvector('norwegian', %s))", list(texts.items())
            )
        results = {}
        for query in queries:
            if op == "AND":
                tsquery, params = "plainto_tsquery('norwegian', %s)", [query]
            else:
                words = query.split()
                tsquery = "(" + " || ".join(["plainto_tsquery('norwegian', %s)"] * len(words)) + ")"
                params = words
            rows = conn.execute(
                f"SELECT key FROM bench_docs, (SELECT {tsquery} AS q) s WHERE v @@ q "
                "ORDER BY ts_rank_cd(v, q) DESC, key LIMIT 10",
                params,
            ).fetchall()
            results[query] = [r[0] for r in rows]
        return results


# --- metrics ------------------------------------------------------------------------------------------


def ndcg10(ranking: list[str], grades: dict[str, int]) -> float:
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranking[:10]))
    best = sorted(grades.values(), reverse=True)[:10]
    ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(best))
    return dcg / ideal if ideal else 0.0


def recall10(ranking: list[str], grades: dict[str, int]) -> float:
    """Standard recall@10: relevant pages in the top 10 out of all relevant pages."""
    relevant = {k for k, g in grades.items() if g > 0}
    return len(set(ranking[:10]) & relevant) / len(relevant) if relevant else 0.0


def recall10_v1(ranking: list[str], grades: dict[str, int]) -> float:
    """The v1 benchmark's recall (divides by min(10, relevant)); reported only beside the old set."""
    relevant = {k for k, g in grades.items() if g > 0}
    return len(set(ranking[:10]) & relevant) / min(10, len(relevant)) if relevant else 0.0


def load_part(part: str) -> tuple[list[dict], dict[str, dict[str, int]]]:
    queries_file, judgments_file, _ = PARTS[part]
    queries = json.loads(queries_file.read_text())
    raw = json.loads(judgments_file.read_text())
    if part == "old":  # v1 judges needs, not queries
        return queries, {q["query"]: raw[q["need"]]["relevant"] for q in queries}
    return queries, raw


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def std_error(values: list[float]) -> float:
    """Standard error of the mean over queries: how far a part's figure moves with the choice of queries."""
    if len(values) < 2:
        return float("nan")
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1) / len(values))


def summary_table(
    systems: dict[str, dict[str, list[str]]], queries: list[dict], grades: dict, part: str
) -> str:
    kinds = [k for k in KINDS if any(q["kind"] == k for q in queries)]
    kinds += [k for k in dict.fromkeys(q["kind"] for q in queries) if k not in kinds]
    forms = [f for f in ("nb", "nn", "en") if any(q["form"] == f for q in queries)]
    cols = ["all", *kinds, *forms]
    head = ["system", *(f"nDCG@10 {c}" for c in cols), "s.e. (all)", "recall@10"]
    if part == "old":
        head.append("recall@10 (v1 definition)")
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name, rankings in systems.items():
        cells = []
        for c in cols:
            chosen = [q for q in queries if c == "all" or q["kind"] == c or q["form"] == c]
            cells.append(f"{mean([ndcg10(rankings[q['query']], grades[q['query']]) for q in chosen]):.3f}")
        cells.append(f"{std_error([ndcg10(rankings[q['query']], grades[q['query']]) for q in queries]):.3f}")
        cells.append(f"{mean([recall10(rankings[q['query']], grades[q['query']]) for q in queries]):.3f}")
        if part == "old":
            cells.append(
                f"{mean([recall10_v1(rankings[q['query']], grades[q['query']]) for q in queries]):.3f}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    counts = ", ".join(f"{sum(q['kind'] == k for q in queries)} {k}" for k in kinds)
    return f"{len(queries)} queries ({counts}).\n\n" + "\n".join(lines)


def per_query_table(systems: dict[str, dict[str, list[str]]], queries: list[dict], grades: dict) -> str:
    names = list(systems)
    lines = [
        "| query | form | kind | relevant (2/1) | " + " | ".join(names) + " |",
        "|---|---|---|---|" + "---|" * len(names),
    ]
    for q in queries:
        g = grades[q["query"]]
        rel = f"{sum(v == 2 for v in g.values())}/{sum(v == 1 for v in g.values())}"
        cells = [f"{ndcg10(systems[n][q['query']], g):.2f}" for n in names]
        lines.append(f"| {q['query']} | {q['form']} | {q['kind']} | {rel} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- orchestration ------------------------------------------------------------------------------------


def mechanism_names() -> list[str] | None:
    """The switchable mechanisms the search code exposes (None when it exposes no registry yet)."""
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(REPO / 'src')!r})\n"
        "try:\n"
        "    import tiltak.search.mechanisms as m\n"
        "except ImportError:\n"
        "    print('null'); raise SystemExit\n"
        "names = None\n"
        "for attr in ('NAMES', 'MECHANISMS', 'REGISTRY', 'ALL'):\n"
        "    if hasattr(m, attr):\n"
        "        names = list(getattr(m, attr)); break\n"
        "if names is None and hasattr(m, 'names'):\n"
        "    names = list(m.names())\n"
        "print(json.dumps(names))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_ours(
    stores: list[tuple[str, str]], catalog: str, queries_file: Path, without: list[str], tmp: Path
) -> dict[str, dict]:
    """Our rankings per store for one catalog and one set of switched-off mechanisms."""
    env = {**os.environ, "TILTAK_DATA_DIR": str(tmp), WITHOUT_ENV: ",".join(without)}
    data = {}
    for name, url in stores:
        out = tmp / f"out-{len(list(tmp.iterdir()))}.json"
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            _recreate_database(url)
        subprocess.run(
            [sys.executable, __file__, "--child", url, catalog, str(queries_file), str(out)],
            check=True,
            env=env,
        )
        data[name] = json.loads(out.read_text())
    return data


def _admin_url(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    return base + "/postgres", name


def _recreate_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        choices=[*PARTS, "all"],
        help="which query set to run: dev (default), heldout, old (v1), or all; may be repeated",
    )
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/tiltak_relevance",
        help="PostgreSQL server and name prefix: a database NAME_bench_PID is created and dropped ('' to skip)",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a search mechanism off (repeatable)",
    )
    parser.add_argument(
        "--ablate", action="store_true", help="also run with each known mechanism switched off in turn"
    )
    parser.add_argument("--out", type=Path, help="write the markdown report here (default: print only)")
    parser.add_argument("--json", type=Path, help="write every ranking and score here, for comparison")
    parser.add_argument(
        "--show-heldout-queries",
        action="store_true",
        help="print per-query scores of the held-out part too (for the final report only; never tune on them)",
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]), Path(args.child[3]))
        return 0

    sets = args.sets or ["dev"]
    parts = list(PARTS) if "all" in sets else list(dict.fromkeys(sets))
    without = [n.strip() for w in args.without for n in w.split(",") if n.strip()]
    known = mechanism_names() or []
    has_registry = bool(known)
    unknown = [n for n in without if has_registry and n not in known]
    if unknown:
        parser.error(
            f"--without: unknown mechanism(s) {', '.join(unknown)}; the search knows: {', '.join(known)}"
        )
    if args.ablate and not has_registry:
        parser.error("--ablate: the search code exposes no mechanism registry (tiltak.search.mechanisms)")
    variants: list[list[str]] = [without]
    if args.ablate:
        variants += [[*without, n] for n in known if n not in without]

    catalogs = {PARTS[p][2] for p in parts}
    ours: dict[tuple[str, ...], dict[str, dict]] = {}  # (catalog, *without) -> store -> child data
    pg_url = None
    with tempfile.TemporaryDirectory(prefix="tiltak-relevance-") as tmp_name:
        tmp = Path(tmp_name)
        stores = [("tiltak (SQLite)", f"sqlite:///{tmp}/bench.sqlite3")]
        if args.postgres:
            pg_url = f"{args.postgres}_bench_{os.getpid()}"
            stores.append(("tiltak (PostgreSQL)", pg_url))
        try:
            for catalog in sorted(catalogs):
                # one queries file holding every query of the parts on this catalog
                qfile = tmp / f"queries-{catalog}.json"
                qs = [q for p in parts if PARTS[p][2] == catalog for q in load_part(p)[0]]
                qfile.write_text(json.dumps(qs))
                for variant in variants:
                    ours[(catalog, *variant)] = run_ours(stores, catalog, qfile, variant, tmp)
            baselines: dict[str, dict[str, dict[str, list[str]]]] = {}
            for catalog in catalogs:
                data = ours[(catalog, *without)]
                texts = data[stores[0][0]]["texts"]
                plain = [q["query"] for p in parts if PARTS[p][2] == catalog for q in load_part(p)[0]]
                b = {
                    "SQLite FTS5, OR": fts5_baseline(texts, plain, "OR"),
                    "SQLite FTS5, AND": fts5_baseline(texts, plain, "AND"),
                }
                if pg_url:
                    b["PostgreSQL norwegian, OR"] = postgres_baseline(pg_url, texts, plain, "OR")
                    b["PostgreSQL norwegian, plainto (AND)"] = postgres_baseline(pg_url, texts, plain, "AND")
                baselines[catalog] = b
        finally:
            if pg_url:
                _drop_database(pg_url)

    report = [
        "## Search relevance, rebuilt (issue #13)",
        "",
        "Produced by `python benchmarks/relevance/run.py "
        + " ".join(f"--set {p}" for p in parts)
        + "".join(f" --without {n}" for n in without)
        + (" --ablate" if args.ablate else "")
        + "`.",
    ]
    if without:
        report += ["", f"Mechanisms switched off in every row: {', '.join(without)}."]
    dump: dict = {"parts": {}}
    for part in parts:
        queries, grades = load_part(part)
        catalog = PARTS[part][2]
        data = ours[(catalog, *without)]
        systems = {name: d["rankings"] for name, d in data.items()} | baselines[catalog]
        first = data[stores[0][0]]
        missing = sorted({k for g in grades.values() for k in g} - set(first["texts"]))
        title = TITLES[part]
        report += ["", f"### {title}", "", f"Catalog: {len(first['texts'])} entries ({first['import']}).", ""]
        report.append(summary_table(systems, queries, grades, part))
        if len(stores) == 2:
            a, b = (data[s[0]]["rankings"] for s in stores)
            same = all(a[q["query"]] == b[q["query"]] for q in queries)
            report += [
                "",
                "SQLite and PostgreSQL rankings: "
                + ("**identical** (full ranking, every query)." if same else "**differ**: ")
                + ("" if same else ", ".join(q["query"] for q in queries if a[q["query"]] != b[q["query"]])),
            ]
        if missing:
            report += ["", f"Judged pages missing from the catalog: {', '.join(missing)}"]
        if len(variants) > 1:
            report += [
                "",
                "Each mechanism switched off in turn (nDCG@10 all / recall@10, SQLite; Δ nDCG):",
                "",
            ]
            base_rank = data[stores[0][0]]["rankings"]
            base = mean([ndcg10(base_rank[q["query"]], grades[q["query"]]) for q in queries])
            lines = ["| switched off | nDCG@10 | Δ | recall@10 | stores identical |", "|---|---|---|---|---|"]
            for variant in variants[1:]:
                vd = ours[(catalog, *variant)]
                r = vd[stores[0][0]]["rankings"]
                n = mean([ndcg10(r[q["query"]], grades[q["query"]]) for q in queries])
                rec = mean([recall10(r[q["query"]], grades[q["query"]]) for q in queries])
                identical = "—"
                if len(stores) == 2:
                    r2 = vd[stores[1][0]]["rankings"]
                    identical = "yes" if all(r[q["query"]] == r2[q["query"]] for q in queries) else "no"
                lines.append(f"| {variant[-1]} | {n:.3f} | {n - base:+.3f} | {rec:.3f} | {identical} |")
            report.append("\n".join(lines))
        if part != "heldout" or args.show_heldout_queries:
            report += [
                "",
                "<details><summary>nDCG@10 per query</summary>",
                "",
                per_query_table(systems, queries, grades),
                "",
                "</details>",
            ]
        if part == "heldout" and not args.show_heldout_queries:
            continue
        dump["parts"][part] = {
            "variants": {
                ",".join(v) or "-": {s: d["rankings"] for s, d in ours[(catalog, *v)].items()}
                for v in variants
            },
            "baselines": baselines[catalog],
        }
    text = "\n".join(report) + "\n"
    if args.out:
        args.out.write_text(text)
    if args.json:
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
