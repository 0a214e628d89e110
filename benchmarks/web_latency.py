"""Search and page latency of the web catalog on generated catalogs, and a loopback load test.

    for n in 1000 10000 100000; do python benchmarks/web_latency.py --size $n [--text uniform]; done
    python benchmarks/web_latency.py --size 10000 --database postgres://... [--load-seconds 60 --clients 20]

One size per run (Django is configured once per process). A fresh database (a new SQLite file, or the
PostgreSQL URL given, which must be empty) gets a catalog bulk-inserted directly (no importer): concepts drawn with a Zipf-like spread (a few very common
activities, a long tail), one to three places per entry from the shipped places with big municipalities
more likely, old county names on some entries, periods from 1995 to 2025, both written forms, a few
archived. Entry text is drawn from a generated vocabulary of 6,000 words (inflected forms and compounds of
our own stem list) with a Zipf spread, as natural text has: the commonest words are in nearly every entry,
the 500th in about one in fifty; queries use one or two of the 500 commonest. ``--text uniform`` is the
stress case instead: 31 words, each in nearly every entry, so every query finds almost the whole catalog.
Then the full-text index is rebuilt, and:

- search with every facet counted and the page presented (``search_page``: snippets, labels) over a fixed, seeded mix of search states: p50/p95;
- the search page rendered through Django's test client (the same states): p50/p95;
- with ``--load-seconds``: gunicorn (what `tiltak serve` runs) on loopback, ``--clients`` threads fetching
  search pages for that long; reports requests, errors and latency.

Prints a Markdown snippet for docs/benchmarks.md. Not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SCHEME_SIZES = {
    "subject_areas": 6,
    "activities": 24,
    "target_groups": 10,
    "selling_points": 14,
    "partner_kinds": 8,
}
LIST_FOR_SCHEME = {"partner_kinds": "partners"}
WORDS = [
    "tilflytting",
    "bustad",
    "bolig",
    "prøvebu",
    "vertskap",
    "kampanje",
    "nettportal",
    "messe",
    "ungdom",
    "barnefamilie",
    "arbeid",
    "jobb",
    "kommune",
    "region",
    "fjellet",
    "kysten",
    "bygd",
    "skule",
    "barnehage",
    "næringsliv",
    "rekruttering",
    "innbyggjarar",
    "innbyggere",
    "tilflyttere",
    "tilflyttarar",
    "heimflytting",
    "pendling",
    "fjernarbeid",
    "kontorfellesskap",
    "integrering",
    "omdømme",
]
# Stems and endings the realistic vocabulary is built from (our own list): plain words, their inflected
# forms and two-part compounds, as Norwegian text has them.
STEMS = (
    WORDS
    + """
    hus heim gard tun dal fjord øy vik nes strand skog myr hei vidde elv sjø hamn båt fisk fiskar bonde
    lærar lege sjukepleiar butikk kafé hotell camping hytte reiseliv turist kultur idrett lag forening
    festival konsert kino bibliotek kyrkje kirke skole elev student lærling bedrift industri verkstad
    gründer næring handel tenester helse omsorg eldre pensjonist familie barn born foreldre ungdom
    kvinne mann innvandrar flyktning arbeidsinnvandrar pendlar hyttefolk sommar vinter haust vår veg
    ferje buss tog flyplass breiband mobil nett digital plan strategi prosjekt satsing program ordning
    tilskot støtte midlar fond søknad rapport evaluering resultat mål tal statistikk undersøking
    samarbeid partnar nabokommune fylke stat direktorat departement universitet høgskule forsking
    marknad reklame annonse film video avis radio sosiale medium nettside portal messe stand brosjyre
    velkomst møte treff middag fest vertskap vert los kontaktperson koordinator rådgjevar tilsett
    stilling jobbsøkar arbeidsgjevar lønn karriere kompetanse utdanning kurs opplæring praksis
    tomt bustadfelt utleige leilegheit einebustad rekkjehus kjøp sal pris lån bank eigedom
    """.split()  # noqa: SIM905 - a word list reads better as text
)
ENDINGS = ["", "", "", "en", "et", "ar", "er", "ane", "ene", "a", "ing", "ane", "ja"]
VOCABULARY_SIZE = 6000


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """A fixed vocabulary with Zipf weights (s = 1, as in natural text): a handful of words in almost
    every entry, a long tail in very few."""
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < VOCABULARY_SIZE:
        if rng.random() < 0.35:
            word = rng.choice(STEMS) + rng.choice(STEMS)
        else:
            word = rng.choice(STEMS) + rng.choice(ENDINGS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    import django

    django.setup()
    from tiltak.cli import ensure_database

    ensure_database()  # migrates, and creates a PostgreSQL database that does not exist yet


def zipf_choice(rng: random.Random, items: list, s: float = 1.1):
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def ensure_concepts() -> dict[str, list]:
    from tiltak.vocabulary.models import Concept, ConceptScheme

    out = {}
    for position, (code, size) in enumerate(SCHEME_SIZES.items()):
        scheme, _ = ConceptScheme.objects.get_or_create(
            code=code, defaults={"label_nb": code, "label_nn": code, "label_en": code, "position": position}
        )
        have = list(scheme.concepts.all())
        for i in range(len(have), size):
            have.append(
                Concept.objects.create(
                    scheme=scheme,
                    code=f"{code}_{i}",
                    label_nb=f"{code} {i}",
                    label_nn=f"{code} {i} nn",
                    label_en=f"{code} {i} en",
                    position=i,
                )
            )
        out[code] = have
    return out


def generate(count: int, seed: int = 7, text: str = "zipf") -> None:
    from django.db import transaction

    from tiltak.catalog.models import Entry, EntryPlace, ListItem
    from tiltak.places.models import Place

    rng = random.Random(seed)
    concepts = ensure_concepts()
    if text == "uniform":  # stress: 31 words, nearly every one in every entry

        def words(k: int) -> str:
            return " ".join(rng.choices(WORDS, k=k))

    else:
        vocab, weights = vocabulary(random.Random(seed))
        cumulative = list(itertools.accumulate(weights))

        def words(k: int) -> str:
            return " ".join(rng.choices(vocab, cum_weights=cumulative, k=k))

    municipalities = list(
        Place.objects.filter(kind="municipality", valid_until__isnull=True).order_by("code")
    )
    rng.shuffle(municipalities)
    others = list(Place.objects.exclude(kind="municipality").order_by("pk"))
    batch = 2000
    for start in range(0, count, batch):
        n = min(batch, count - start)
        with transaction.atomic():
            entries = []
            for i in range(start, start + n):
                year = rng.randint(1995, 2025)
                entries.append(
                    Entry(
                        slug=f"tiltak-{i}",
                        title=words(rng.randint(2, 6)).capitalize() + f" {i}",
                        lead=words(14),
                        body=words(rng.randint(40, 160)),
                        main_goal=words(10),
                        language="nn" if rng.random() < 0.35 else "nb",
                        status="archived" if rng.random() < 0.1 else "published",
                        period_start=year if rng.random() < 0.9 else None,
                        period_end=year + rng.randint(0, 4) if rng.random() < 0.6 else None,
                    )
                )
            Entry.objects.bulk_create(entries, batch_size=500)
            entries = list(Entry.objects.filter(slug__in=[e.slug for e in entries]))
            items, places = [], []
            for entry in entries:
                for scheme, (low, high) in {
                    "subject_areas": (1, 1),
                    "activities": (2, 8),
                    "target_groups": (1, 4),
                    "selling_points": (1, 5),
                    "partner_kinds": (1, 4),
                }.items():
                    chosen = {
                        zipf_choice(rng, concepts[scheme]).pk: None for _ in range(rng.randint(low, high))
                    }
                    for pos, concept_id in enumerate(chosen):
                        items.append(
                            ListItem(
                                entry=entry,
                                list_name=LIST_FOR_SCHEME.get(scheme, scheme),
                                position=pos,
                                text=f"item {concept_id}",
                                concept_id=concept_id,
                                match="exact",
                            )
                        )
                    if rng.random() < 0.15:
                        items.append(
                            ListItem(
                                entry=entry,
                                list_name=LIST_FOR_SCHEME.get(scheme, scheme),
                                position=len(chosen),
                                text="unmapped item",
                            )
                        )
                picked = {zipf_choice(rng, municipalities, 0.8).pk for _ in range(rng.randint(1, 3))}
                if rng.random() < 0.3 and others:
                    picked.add(rng.choice(others).pk)
                places += [EntryPlace(entry=entry, place_id=pk, mention="") for pk in picked]
            ListItem.objects.bulk_create(items, batch_size=2000)
            EntryPlace.objects.bulk_create(places, batch_size=2000)


def search_states(rng: random.Random, text: str = "zipf", seed: int = 7) -> list[dict]:
    from tiltak.vocabulary.models import Concept

    codes = {
        s: list(Concept.objects.filter(scheme__code=s).values_list("code", flat=True)) for s in SCHEME_SIZES
    }
    # Users search for topics: words from the 500 most frequent of the vocabulary (the most common are in
    # most entries, the 500th in about one in fifty).
    query_words = WORDS if text == "uniform" else vocabulary(random.Random(seed))[0][:500]
    counties = ["03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"]
    states: list[dict] = [{}]
    for _ in range(59):
        state: dict[str, list[str]] = {}
        if rng.random() < 0.5:
            state["q"] = [" ".join(rng.sample(query_words, rng.randint(1, 2)))]
        for key, scheme in (
            ("activities", "activities"),
            ("target_groups", "target_groups"),
            ("partners", "partner_kinds"),
        ):
            if rng.random() < 0.4:
                state[key] = rng.sample(codes[scheme], rng.randint(1, 2))
        if rng.random() < 0.4:
            state["county"] = [rng.choice(counties)]
        if rng.random() < 0.2:
            state["decade"] = [rng.choice(["2000", "2010"])]
        if rng.random() < 0.2:
            state["language"] = ["nn"]
        states.append(state)
    return states


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(states: list[dict], repeat: int) -> dict[str, tuple[float, float]]:
    from urllib.parse import urlencode

    from django.test import Client

    from tiltak.presenter.search import search_page as run_search
    from tiltak.search.query import parse_query

    # Warm the process as a running server is warm: place lookup, facet index, concept names, lexicon.
    run_search(parse_query({}))
    run_search(parse_query({"q": "tilflytting"}))
    search, render, filters_only, text_only = [], [], [], []
    client = Client()
    for _ in range(repeat):
        for state in states:
            t0 = time.perf_counter()
            run_search(parse_query(state))
            search.append(time.perf_counter() - t0)
            (text_only if "q" in state else filters_only).append(search[-1])
            t0 = time.perf_counter()
            response = client.get("/sok/?" + urlencode(state, doseq=True))
            render.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
    return {
        "search": percentiles(search),
        "filters_only": percentiles(filters_only),
        "text_only": percentiles(text_only),
        "render": percentiles(render),
    }


def load_test(database_url: str, seconds: int, clients: int, states: list[dict]) -> dict:
    from urllib.parse import urlencode

    port = 8765
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tiltak.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # wait for the server (bounded)
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        deadline = time.monotonic() + seconds
        lock = threading.Lock()
        latencies: list[float] = []
        errors: list[str] = []

        def worker(n: int) -> None:
            rng = random.Random(n)
            while time.monotonic() < deadline:
                url = base + "/sok/?" + urlencode(rng.choice(states), doseq=True)
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:
                        response.read()
                        ok = response.status == 200
                except Exception as exc:  # noqa: BLE001 - every failure counts as an error
                    ok, reason = False, repr(exc)
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    if not ok:
                        errors.append(reason if "reason" in locals() else "status")

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        p50, p95 = percentiles(latencies) if latencies else (0.0, 0.0)
        return {
            "requests": len(latencies),
            "errors": len(errors),
            "p50": p50,
            "p95": p95,
            "first_error": errors[0] if errors else "",
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--database", help="an EMPTY PostgreSQL database URL (default: a new SQLite file)")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the 60 search states")
    parser.add_argument("--load-seconds", type=int, default=0, help="also run the loopback load test")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--text",
        choices=["zipf", "uniform"],
        default="zipf",
        help="entry text: words with a natural (Zipf) spread, or the stress case of 31 words in nearly every entry",
    )
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='tiltak-bench-')}/db.sqlite3"
    setup_django(url)
    t0 = time.perf_counter()
    generate(args.size, text=args.text)
    generated = time.perf_counter() - t0
    t0 = time.perf_counter()
    try:
        from tiltak.search.index import rebuild_index

        rebuild_index()
    except ImportError:
        pass
    indexed = time.perf_counter() - t0
    states = search_states(random.Random(11), text=args.text)
    search, filters_only, text_only, render = measure(states, args.repeat).values()
    db = url.split(":")[0]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Generated {args.size:,} entries in {generated:.1f} s, indexed in {indexed:.1f} s")
    print(
        "| entries | text | database | search, all facets p50 / p95 (ms) | with a text query | "
        "filters only | search page p50 / p95 (ms) |"
    )
    print(
        f"| {args.size:,} | {args.text} | {db} | {search[0]:.0f} / {search[1]:.0f} | "
        f"{text_only[0]:.0f} / {text_only[1]:.0f} | {filters_only[0]:.0f} / {filters_only[1]:.0f} | "
        f"{render[0]:.0f} / {render[1]:.0f} |"
    )
    if args.load_seconds:
        load = load_test(url, args.load_seconds, args.clients, states)
        print(
            f"Load: {args.clients} clients for {args.load_seconds} s against gunicorn on loopback "
            f"({args.size:,} entries, {db}): {load['requests']} requests, {load['errors']} errors, "
            f"p50 {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms. {load['first_error']}"
        )


if __name__ == "__main__":
    main()
