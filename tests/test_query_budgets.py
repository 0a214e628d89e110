"""Query budgets for the hot paths (zulip's ``assert_database_query_count``): a page, an endpoint, an import
or a save that starts taking more queries than it does today fails here, with the queries it ran.

Each budget is today's count on each store, measured on the page tests' catalog in a process that has
served the same request (or made the same kind of write) before, as a running server has: the first request
after a change to the catalog (caches tied to the change stamp are rebuilt then) and the one after it. The
warm-up keeps the counts independent of which tests ran earlier in the same process. The same counts must hold with a dozen
more entries, so a query per entry (an N+1) cannot hide under the budget (the export takes one fewer then). There is no headroom: a change
that needs another query raises its budget here, in the same commit, and says why; the table is in
docs/benchmarks.md ("Query budgets").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builder import DraftPlace, draft, entry, item, web_catalog
from tests.cast import ALICE
from tests.shared import seed_path
from tiltak.catalog.services import update_entry
from tiltak.ingest.importer import import_paths

pytestmark = pytest.mark.django_db

# surface: {store: (first request after a change, the next one)}
PAGES: dict[str, dict[str, tuple[int, int]]] = {
    "front page": {"sqlite": (10, 6), "postgresql": (10, 6)},
    "search page": {"sqlite": (18, 12), "postgresql": (21, 15)},
    "entry page": {"sqlite": (14, 14), "postgresql": (14, 14)},
    "statistics page": {"sqlite": (8, 4), "postgresql": (8, 4)},
    "API search": {"sqlite": (17, 11), "postgresql": (20, 14)},
    "JSON export": {"sqlite": (20, 19), "postgresql": (20, 19)},
}
# one document import (a seed page, new to the catalog) and one save of an edited entry
WRITES: dict[str, dict[str, int]] = {
    "import": {"sqlite": 39, "postgresql": 41},
    "save": {"sqlite": 28, "postgresql": 28},
}

URLS: dict[str, Callable[[dict], tuple[str, dict[str, str]]]] = {
    "front page": lambda c: ("/", {}),
    "search page": lambda c: ("/sok/", {"q": "vertskapsordning", "activities": "host_scheme"}),
    "entry page": lambda c: (f"/tiltak/{c['telemark'].slug}/", {}),
    "statistics page": lambda c: ("/statistikk/", {}),
    "API search": lambda c: ("/api/v1/search", {"q": "vertskapsordning"}),
    "JSON export": lambda c: ("/api/v1/export.json", {"q": "tilflytting"}),
}


def more_entries(count: int) -> None:
    """Entries that show on every surface above: mapped lists, a place, the words searched for."""
    for n in range(count):
        entry(
            f"Vertskap og tilflytting {n}",
            lead="Vertskapsordning for tilflyttarar.",
            activities=[item("Vertskapsordning", "host_scheme"), item("Nettportal", "web_portal")],
            target_groups=[item("Unge vaksne", "young_adults")],
            subject_areas=[item("Tilflytting", "in_migration")],
            places=[DraftPlace("Tynset", "municipality", "3427")],
        )


def queries_of(action: Callable[[], object]) -> tuple[int, list[str], object]:
    with CaptureQueriesContext(connection) as context:
        result = action()
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries], result


def over_budget(name: str, used: int, budget: int, sql: list[str]) -> str:
    listing = "\n".join(f"  {n + 1}. {text[:200]}" for n, text in enumerate(sql))
    return f"{name} took {used} queries on {connection.vendor}, budget {budget}:\n{listing}"


@pytest.mark.parametrize("extra", [0, 12], ids=["web catalog", "a dozen more entries"])
@pytest.mark.parametrize("surface", sorted(PAGES))
def test_each_page_and_endpoint_stays_within_its_query_budget(client, surface, extra):
    catalog = web_catalog()
    more_entries(extra)
    url, params = URLS[surface](catalog)
    client.get(url, params)  # a server that has served this request before
    entry("Eit nytt tiltak", lead="Vertskapsordning.", activities=[item("Vertskapsordning", "host_scheme")])
    for budget, moment in zip(PAGES[surface][connection.vendor], ("first", "next"), strict=True):
        used, sql, response = queries_of(lambda: client.get(url, params))
        assert response.status_code == 200, f"{surface} ({url}) answered {response.status_code}"
        assert used <= budget, over_budget(f"The {moment} {surface} request", used, budget, sql)


def test_importing_one_document_stays_within_its_query_budget():
    web_catalog()
    import_paths([seed_path(1)], actor=ALICE.importer())  # an importer that has imported before
    used, sql, report = queries_of(lambda: import_paths([seed_path(3)], actor=ALICE.importer()))
    assert report.count("created") == 1
    budget = WRITES["import"][connection.vendor]
    assert used <= budget, over_budget("Importing one page", used, budget, sql)


def test_saving_an_edited_entry_stays_within_its_query_budget():
    catalog = web_catalog()
    hardanger, tynset = catalog["hardanger"], catalog["tynset"]
    update_entry(
        hardanger, draft(hardanger.title, lead="Endra."), base_version=hardanger.version, actor=ALICE.cli()
    )
    edited = draft(
        "Bu i Tynset",
        lead="Ny ingress.",
        activities=[item("Vertskapsordning", "host_scheme")],
        places=[DraftPlace("Tynset", "municipality", "3427")],
    )
    used, sql, saved = queries_of(
        lambda: update_entry(tynset, edited, base_version=tynset.version, actor=ALICE.cli())
    )
    assert saved.version == tynset.version + 1
    budget = WRITES["save"][connection.vendor]
    assert used <= budget, over_budget("Saving an edited entry", used, budget, sql)
