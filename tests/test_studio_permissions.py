"""The authorisation matrix: every URL of the product and every method it answers, for each member of
the cast (tests/cast.py), with the expected answer.

A URL missing from the matrix fails ``test_every_url_is_in_the_matrix``, so a new page cannot be added
without saying who may use it; and every studio view must pass through the one gate (``staff_view``).
Answers: 200 a page, 302 a redirect (for anonymous readers of staff pages: to the sign-in page), 403
refused, 405 a method the URL does not take.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.builder import entry, web_concepts
from tests.cast import ALICE, ROLES, make_user, sign_in
from tiltak.catalog.draft import DraftPlace
from tiltak.catalog.services import publish_entry

OPEN = dict.fromkeys(ROLES, 200)
STAFF = {"anonymous": 302, "outsider": 200, "contributor": 200, "editor": 200, "admin": 200}
EDITORS = {"anonymous": 302, "outsider": 403, "contributor": 403, "editor": 200, "admin": 200}
ADMINS = {"anonymous": 302, "outsider": 403, "contributor": 403, "editor": 403, "admin": 200}
# Entries in Vinje: carol contributes there, oskar (Tokke) does not.
OWN_PLACES = {"anonymous": 302, "outsider": 403, "contributor": 200, "editor": 200, "admin": 200}
TOKKE = {**OWN_PLACES, "outsider": 200, "contributor": 403}
EDITORS_REDIRECT = {**EDITORS, "editor": 302, "admin": 302}
OWN_PLACES_REDIRECT = {**OWN_PLACES, "contributor": 302, "editor": 302, "admin": 302}
ADMINS_REDIRECT = {**ADMINS, "admin": 302}
# A POST-only URL: signed-in users get 405 once past the role check, which comes first.
NOT_GET = {**EDITORS, "editor": 405, "admin": 405}
EDIT_FORM = {
    "version": 1,
    "title": "Prøvebustad i Vinje",
    "language": "nn",
    "reason": "matrix",
}


def urls_of(world: dict[str, Any]) -> dict[str, list[tuple[str, str, dict[str, Any], dict[str, int]]]]:
    """Per URL name: (method, path, POST data, expected status per role)."""
    slug = world["entry"].slug
    return {
        # Public pages: open to everyone, read-only.
        "web:home": [("get", reverse("web:home"), {}, OPEN)],
        "web:search": [("get", reverse("web:search"), {}, OPEN)],
        "web:entry": [("get", reverse("web:entry", args=[slug]), {}, OPEN)],
        "web:entry_json": [("get", reverse("web:entry_json", args=[slug]), {}, OPEN)],
        "web:compare": [("get", reverse("web:compare"), {}, OPEN)],
        "web:search_download": [("get", reverse("web:search_download", args=["csv"]), {}, OPEN)],
        "web:compare_basket": [
            ("get", reverse("web:compare_basket"), {}, dict.fromkeys(ROLES, 405)),
            ("post", reverse("web:compare_basket"), {"e": slug}, dict.fromkeys(ROLES, 302)),
        ],
        "web:statistics": [("get", reverse("web:statistics"), {}, OPEN)],
        "web:statistics_csv": [("get", reverse("web:statistics_csv", args=["activities"]), {}, OPEN)],
        "web:set_language": [
            ("get", reverse("web:set_language", args=["nn"]), {}, dict.fromkeys(ROLES, 302))
        ],
        # The API reads for everyone; writes come with a token (tests/test_api_write.py).
        "api:index": [("get", reverse("api:index"), {}, OPEN)],
        "api:search": [("get", reverse("api:search"), {}, OPEN)],
        "api:entry": [
            ("get", reverse("api:entry", args=[slug]), {}, OPEN),
            ("post", reverse("api:entry", args=[slug]), {}, dict.fromkeys(ROLES, 405)),
            # Writing needs a token (tests/test_api_write.py has each role's token); a session is not one.
            ("patch", reverse("api:entry", args=[slug]), "", dict.fromkeys(ROLES, 401)),
        ],
        "api:vocabularies": [("get", reverse("api:vocabularies"), {}, OPEN)],
        "api:vocabulary": [("get", reverse("api:vocabulary", args=["activities"]), {}, OPEN)],
        "api:statistics": [("get", reverse("api:statistics"), {}, OPEN)],
        "api:export": [("get", reverse("api:export", args=["json"]), {}, OPEN)],
        "api:openapi": [("get", reverse("api:openapi"), {}, OPEN)],
        "api:docs": [("get", reverse("api:docs"), {}, OPEN)],
        "api:not-found": [("get", "/api/v1/nothing-here", {}, dict.fromkeys(ROLES, 404))],
        # Signing in and passwords: open pages (the forms do their own checks).
        "accounts:login": [("get", reverse("accounts:login"), {}, OPEN)],
        "accounts:logout": [
            ("get", reverse("accounts:logout"), {}, dict.fromkeys(ROLES, 405)),
            ("post", reverse("accounts:logout"), {}, dict.fromkeys(ROLES, 302)),
        ],
        "accounts:password_change": [("get", reverse("accounts:password_change"), {}, STAFF)],
        "accounts:password_change_done": [("get", reverse("accounts:password_change_done"), {}, STAFF)],
        "accounts:password_reset": [("get", reverse("accounts:password_reset"), {}, OPEN)],
        "accounts:password_reset_done": [("get", reverse("accounts:password_reset_done"), {}, OPEN)],
        "accounts:password_reset_confirm": [
            ("get", reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]), {}, OPEN)
        ],
        "accounts:password_reset_complete": [("get", reverse("accounts:password_reset_complete"), {}, OPEN)],
        # The staff area.
        "studio:home": [("get", reverse("studio:home"), {}, STAFF)],
        "studio:entries": [("get", reverse("studio:entries"), {}, EDITORS)],
        "studio:entry": [
            ("get", reverse("studio:entry", args=[slug]), {}, OWN_PLACES),
            ("get", reverse("studio:entry", args=[world["elsewhere"].slug]), {}, TOKKE),
        ],
        "studio:edit": [
            ("get", reverse("studio:edit", args=[slug]), {}, EDITORS),
            (
                "post",
                lambda: reverse("studio:edit", args=[world["fresh"]().slug]),
                EDIT_FORM,
                EDITORS_REDIRECT,
            ),
        ],
        "studio:change_status": [
            ("get", reverse("studio:change_status", args=[slug, "publish"]), {}, NOT_GET),
            (
                "post",
                lambda: reverse("studio:change_status", args=[world["fresh"]().slug, "publish"]),
                {},
                EDITORS_REDIRECT,
            ),
        ],
        "studio:restore": [
            (
                "post",
                lambda: reverse("studio:restore", args=[world["edited"]().slug, 1]),
                {},
                EDITORS_REDIRECT,
            ),
        ],
        "studio:delete": [
            ("get", reverse("studio:delete", args=[slug]), {}, ADMINS),
            ("post", lambda: reverse("studio:delete", args=[world["fresh"]().slug]), {}, ADMINS_REDIRECT),
        ],
        "studio:propose": [
            ("get", reverse("studio:propose", args=[slug]), {}, OWN_PLACES),
            ("post", reverse("studio:propose", args=[slug]), EDIT_FORM, OWN_PLACES_REDIRECT),
        ],
        "studio:my_submissions": [("get", reverse("studio:my_submissions"), {}, STAFF)],
        "studio:contribute": [
            ("get", reverse("studio:contribute"), {}, STAFF),
            (
                "post",
                reverse("studio:contribute"),
                {},
                {**STAFF, "outsider": 400, "contributor": 400, "editor": 400, "admin": 400},
            ),
        ],
        "studio:queue": [("get", reverse("studio:queue"), {}, EDITORS)],
        # Carol's submission: hers to see, and the editors'.
        "studio:submission": [
            ("get", lambda: reverse("studio:submission", args=[world["sent"]().pk]), {}, OWN_PLACES)
        ],
        "studio:decide": [
            ("get", lambda: reverse("studio:decide", args=[world["sent"]().pk, "publish"]), {}, NOT_GET),
            (
                "post",
                lambda: reverse("studio:decide", args=[world["sent"]().pk, "publish"]),
                {},
                EDITORS_REDIRECT,
            ),
        ],
        "studio:audit": [("get", reverse("studio:audit"), {}, ADMINS)],
        "studio:audit_csv": [("get", reverse("studio:audit_csv"), {}, ADMINS)],
        "studio:mapping": [("get", reverse("studio:mapping"), {}, EDITORS)],
        "studio:map": [
            ("get", reverse("studio:map"), {}, NOT_GET),
            ("post", reverse("studio:map"), {"item": "0"}, EDITORS_REDIRECT),
        ],
        "studio:compare": [
            ("get", reverse("studio:compare", args=[world["edited"]().slug, 1, 2]), {}, OWN_PLACES),
        ],
    }


@pytest.fixture
def world(db) -> dict[str, Any]:
    web_concepts()
    vinje = [DraftPlace(name="Vinje", kind="municipality", code="4036")]
    in_vinje = entry("Prøvebustad i Vinje", places=vinje)
    elsewhere = entry("Tokke-tiltaket", places=[DraftPlace(name="Tokke", kind="municipality", code="4034")])

    def fresh() -> Any:
        """A new draft entry in Vinje, for a call that changes or deletes it."""
        return entry("Prøvebustad i Vinje", places=vinje, status="draft")

    def edited() -> Any:
        """An entry in Vinje at version 2 (version 1 can be restored and compared)."""
        return publish_entry(fresh(), actor=ALICE.cli())

    def sent() -> Any:
        """A new initiative carol sent for review."""
        from tiltak.catalog.draft import EntryDraft
        from tiltak.studio.submissions import submit_new

        return submit_new(
            EntryDraft(title="Nytt tiltak i Vinje", places=vinje), user=make_user("contributor")
        )

    return {"entry": in_vinje, "elsewhere": elsewhere, "fresh": fresh, "edited": edited, "sent": sent}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_in_the_matrix(world):
    assert sorted(all_url_names() - set(urls_of(world))) == [], "add these URLs to the matrix"


def test_every_studio_view_goes_through_the_gate():
    from tiltak.studio import urls

    ungated = [p.name for p in urls.urlpatterns if not hasattr(p.callback, "staff_action")]
    assert ungated == []


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_each_role_as_the_matrix_says(client, world, role):
    sign_in(client, role)
    wrong = []
    for name, calls in urls_of(world).items():
        for method, path, data, expected in calls:
            call: Callable[..., Any] = getattr(client, method)
            status = call(path() if callable(path) else path, data).status_code
            if status != expected[role]:
                wrong.append(f"{method.upper()} {path} ({name}): {status}, expected {expected[role]}")
            if method == "post" and name == "accounts:logout":
                sign_in(client, role)  # signing out was the point; carry on signed in
    assert wrong == []


def test_anonymous_readers_of_staff_pages_are_sent_to_sign_in(client, world):
    response = client.get(reverse("studio:home"))
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('studio:home')}"
