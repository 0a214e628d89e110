"""Import throughput: generate a few thousand template pages, import them into a fresh database.

    python benchmarks/import_throughput.py [--count 3000] [--database URL] [--profile]

Pages are synthetic: a title, a lead and a random body, the four template lists drawn from survey-menu
phrases in both written forms (with the odd typo and a named organisation), a main goal and the footer.
The default database is a new SQLite file in a temporary folder; ``--database`` takes a PostgreSQL URL
(use an empty database: the run creates its entries there). Prints documents per second, peak memory
(maximum resident set size of the process) and a Markdown snippet for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

MENU = {
    "activities": (
        [
            "Arrangement utenfor kommunen for å rekruttere folk",
            "Arrangement utanfor kommunen for å rekruttere folk",
        ],
        [
            "Arrangement i kommunen for å stimulere borteboere til å flytte hjem",
            "Arrangement i kommunen for å stimulere bortebuarar til å flytte heim",
        ],
        ["Brev til potensielle tilflyttere", "Brev til potensielle tilflyttarar"],
        ["Annonsering i media", "Annonsering i media"],
        ["Eget nettsted", "Eigen nettstad"],
        ["Brosjyrer og lignende", "Brosjyrar og liknande"],
        ["Besøk på skoler og studiesteder", "Besøk på skular og studiestader"],
        ["Deltatt på utstillinger/stand", "Delteke på utstillingar/stand"],
        ["Tilrettelagt boliger for tilflyttere", "Tilrettelagt bustadar for tilflyttarar"],
        ["Kampanje for å synliggjøre regionen som bosted", "Kampanje for å synleggjere regionen som bustad"],
        ["Vertskapsordning", "Vertsskapsordning"],
        ["Integreringstiltak for tilflyttede", "Integreringstiltak for tilflyttande"],
    ),
    "selling_points": (
        ["Livskvalitet", "Livskvalitet"],
        ["Godt oppvekstmiljø", "Godt oppvekstmiljø"],
        ["Gode tjenestetilbud", "Gode tenestetilbod"],
        ["Bygdemiljø/sosialt miljø", "Bygdemiljø/sosialt miljø"],
        ["Sentral beliggenhet", "Sentral plassering"],
        ["Friluftsliv", "Friluftsliv"],
        ["Arbeidsplasser", "Arbeidsplassar"],
        ["Vakker natur", "Vakker natur"],
    ),
    "partners": (
        ["Grende-/bygdelag", "Grende- og bygdelag"],
        ["Næringslivet", "Næringslivet"],
        ["Frivillige lag og organisasjoner", "Frivillige lag og organisasjonar"],
        ["Nordland fylkeskommune", "Vestland fylkeskommune"],
        ["Fylkesmannen i Troms", "Statsforvaltaren i Vestland"],
        ["Regionrådet for Fjellregionen", "Regionrådet i Hallingdal"],
        ["Husbanken", "NAV"],
    ),
    "target_groups": (
        ["Alle typer innflyttere", "Alle typar innflyttarar"],
        ["Barnefamilier", "Barnefamiliar"],
        ["Ungdom", "Ungdom"],
        ["Kvinner", "Kvinner"],
        ["Potensielle tilbakeflyttere", "Potensielle tilbakeflyttarar"],
        [
            "Høyt utdannet arbeidskraft/arbeidskraft med spesifikk kompetanse",
            "Høgt utdanna arbeidskraft/arbeidskraft med spesifikk kompetanse",
        ],
        ["Hyttefolk", "Hyttefolk"],
    ),
}
HEADINGS = {
    "activities": ("Aktiviteter", "Aktivitetar"),
    "selling_points": ("Viktigste salgsargumenter", "Viktigaste salsargument"),
    "partners": ("Samarbeidspartnere", "Samarbeidspartnarar"),
    "target_groups": ("Målgrupper", "Målgrupper"),
}
WORDS = (
    (
        "prosjektet",
        "kommunen",
        "har",
        "arbeidet",
        "med",
        "å",
        "få",
        "flere",
        "innbyggere",
        "til",
        "bygda",
        "gjennom",
        "tiltak",
        "for",
        "ungdom",
        "og",
        "familier",
        "som",
        "ønsker",
        "bolig",
        "arbeid",
        "det",
        "er",
        "ikke",
        "bare",
        "hvordan",
        "regionen",
        "kan",
        "bli",
        "mer",
        "attraktiv",
        "i",
        "2012",
        "Tynset",
    ),
    (
        "prosjektet",
        "kommunen",
        "har",
        "arbeidd",
        "med",
        "å",
        "få",
        "fleire",
        "innbyggjarar",
        "til",
        "bygda",
        "gjennom",
        "tiltak",
        "for",
        "ungdom",
        "og",
        "familiar",
        "som",
        "ønskjer",
        "bustad",
        "arbeid",
        "det",
        "er",
        "ikkje",
        "berre",
        "korleis",
        "regionen",
        "kan",
        "bli",
        "meir",
        "attraktiv",
        "i",
        "2014",
        "Voss",
    ),
)


def sentence(rng: random.Random, form: int, words: int) -> str:
    text = " ".join(rng.choice(WORDS[form]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def page(number: int, rng: random.Random) -> str:
    form = rng.randrange(2)
    title = f"{sentence(rng, form, rng.randint(2, 5))[:-1]} {number}"
    chunks = ["Fagområde: Tilflytting", title, sentence(rng, form, 12)]
    chunks += [
        " ".join(sentence(rng, form, rng.randint(8, 20)) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(1, 4))
    ]
    names = list(MENU)
    rng.shuffle(names)
    for name in names:
        chosen = rng.sample(MENU[name], rng.randint(1, min(6, len(MENU[name]))))
        chunks.append(HEADINGS[name][form])
        chunks.append("\n".join(f" • {variants[form]}" for variants in chosen))
    chunks += ["Hovedmål" if form == 0 else "Hovudmål", sentence(rng, form, 6)]
    chunks += [
        "Tilflyttingsarbeid i norske distriktskommuner",
        f"{title} er presentert med grunnleggende informasjon uten vurdering fra Distriktssenteret.",
    ]
    return "\n\n".join(chunks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--database", help="database URL (default: a new SQLite file in a temp folder)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--profile", action="store_true", help="profile with pyinstrument (if installed)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tiltak-bench-"))
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("TILTAK_DATA_DIR", str(workdir))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from tiltak.cli import _setup_django, ensure_database  # noqa: E402

    _setup_django(None)
    ensure_database()

    pages = workdir / "pages"
    pages.mkdir()
    rng = random.Random(args.seed)
    for number in range(args.count):
        (pages / f"page-{number:05d}.txt").write_text(page(number, rng), encoding="utf-8")

    from django.db import connection

    from tiltak.catalog.actor import Actor
    from tiltak.ingest.importer import import_paths

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started = time.perf_counter()
    report = import_paths([pages], actor=Actor.importer("benchmark"))
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)

    again_started = time.perf_counter()
    again = import_paths([pages], actor=Actor.importer("benchmark"))
    again_elapsed = time.perf_counter() - again_started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failed = report.count("failed")
    store = connection.vendor
    print(f"{report.summary()}")
    for result in [r for r in report.results if r.status == "failed"][:5]:
        print(f"  failed: {result.path.name}: {result.message}")
    print(f"import:    {args.count / elapsed:7.1f} documents/s ({elapsed:.1f} s)")
    print(f"re-import: {args.count / again_elapsed:7.1f} documents/s ({again.count('unchanged')} unchanged)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print()
    print("| store | documents | import docs/s | re-import docs/s | peak RSS | machine |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {store} | {args.count} | {args.count / elapsed:.0f} | {args.count / again_elapsed:.0f} | "
        f"{peak_mb:.0f} MB | {os.cpu_count()} CPU, Python {platform.python_version()} |"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
