"""Accounts: `tiltak users`, roles bound to places, Argon2 passwords, sign-in with throttling, API tokens,
the secret key and the HTTPS settings."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

import tiltak.settings as product_settings
from tests.builder import entry
from tests.cast import PASSWORD, make_user
from tiltak.accounts import services
from tiltak.accounts.models import ApiToken, Membership
from tiltak.accounts.permissions import Action, may, role_of
from tiltak.accounts.secret import secret_key
from tiltak.catalog.draft import DraftPlace
from tiltak.cli import build_parser
from tiltak.errors import InvalidInput, NotFound


def users(*args: str, stdin: str = "") -> str:
    """Run `tiltak users ...` in this process (the test database), returning what it printed."""
    parsed = build_parser().parse_args(["users", *args])
    out, old_in, old_out = io.StringIO(), sys.stdin, sys.stdout
    sys.stdin, sys.stdout = io.StringIO(stdin), out
    try:
        assert parsed.handler(parsed) == 0
    finally:
        sys.stdin, sys.stdout = old_in, old_out
    return out.getvalue()


# --- tiltak users ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_users_add_binds_a_contributor_to_a_municipality_by_name_or_number():
    printed = users(
        "add", "Carol@Vinje.kommune.no", "--role", "contributor", "--place", "Vinje", "--place", "4034"
    )
    assert printed.startswith("carol@vinje.kommune.no: contributor for ")
    user = get_user_model().objects.get(username="carol@vinje.kommune.no")
    assert sorted(m.place.name for m in Membership.objects.filter(user=user)) == ["Tokke", "Vinje"]
    assert "carol@vinje.kommune.no\tcontributor\t" in users("list")


@pytest.mark.django_db
def test_users_add_without_a_password_prints_a_link_that_sets_it_once(client):
    printed = users("add", "alice@tiltak.no", "--role", "editor")
    link = printed.split("(the link works once): ")[1].strip()
    path = link.removeprefix("http://127.0.0.1:8000")
    user = get_user_model().objects.get(username="alice@tiltak.no")
    assert not user.has_usable_password()

    # Django's reset view moves the token into the session and redirects to the form.
    form = client.get(path, follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    again = client.get(path, follow=True)
    assert b"new_password1" not in again.content  # used once, the link no longer works


@pytest.mark.django_db
def test_users_add_reads_the_password_from_stdin_and_updates_an_existing_user():
    users("add", "alice@tiltak.no", "--role", "contributor", "--place", "Vinje")
    printed = users("add", "alice@tiltak.no", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
    assert "link" not in printed
    user = get_user_model().objects.get(username="alice@tiltak.no")
    assert user.check_password(PASSWORD)
    assert role_of(user) == "editor"
    assert list(Membership.objects.filter(user=user).values_list("role", "place")) == [("editor", None)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--role", "editor"], "'nobody' is not an e-mail address"),
        (["c@x.no", "--role", "contributor"], "give --place NAME"),
        (["c@x.no", "--role", "editor", "--place", "Vinje"], "--place is only for contributors"),
        (
            ["c@x.no", "--role", "contributor", "--place", "Atlantis"],
            "No municipality, region or county called 'Atlantis'",
        ),
    ],
)
def test_users_add_refuses_bad_input_with_a_message_and_stores_nothing(args, message):
    with pytest.raises(InvalidInput, match=message):
        users("add", *args)
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused_and_nothing_is_stored():
    with pytest.raises(InvalidInput, match="The password was refused"):
        users("add", "alice@tiltak.no", "--role", "editor", "--password-stdin", stdin="12345678\n")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_users_remove_keeps_nothing_of_the_account_and_names_an_unknown_user():
    make_user("editor")
    users("remove", "alice@tiltak.no")
    assert not get_user_model().objects.exists()
    with pytest.raises(NotFound, match="No user 'alice@tiltak.no'"):
        users("remove", "alice@tiltak.no")


@pytest.mark.django_db
def test_a_new_token_replaces_the_old_one_and_only_its_digest_is_stored():
    user = make_user("editor")
    first = users("token", "alice@tiltak.no").strip()
    assert services.user_for_token(first) == user
    second = users("token", "alice@tiltak.no").strip()
    assert services.user_for_token(second) == user
    assert services.user_for_token(first) is None
    stored = ApiToken.objects.get(user=user).digest
    assert second not in stored and len(stored) == 64
    user.is_active = False
    user.save()
    assert services.user_for_token(second) is None


def test_the_users_command_runs_end_to_end_on_a_new_database(tmp_path):
    database = f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    env = {**os.environ, "TILTAK_DATA_DIR": str(tmp_path)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tiltak.cli",
            "users",
            "add",
            "ada@tiltak.no",
            "--role",
            "admin",
            "--password-stdin",
            "--database",
            database,
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "tiltak.cli", "users", "list", "--database", database],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "ada@tiltak.no\tadmin" in listed.stdout
    unknown = subprocess.run(
        [sys.executable, "-m", "tiltak.cli", "users", "token", "nobody@tiltak.no", "--database", database],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert unknown.returncode == 2 and "No user 'nobody@tiltak.no'" in unknown.stderr


# --- roles and places ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_contributor_may_propose_changes_only_to_entries_in_their_places():
    in_vinje = entry(
        "Prøvebustad i Vinje", places=[DraftPlace(name="Vinje", kind="municipality", code="4036")]
    )
    in_tokke = entry("Tokke-tiltaket", places=[DraftPlace(name="Tokke", kind="municipality", code="4034")])
    carol = make_user("contributor")
    assert may(carol, Action.PROPOSE, in_vinje)
    assert not may(carol, Action.PROPOSE, in_tokke)
    assert not may(carol, Action.EDIT, in_vinje)  # contributors propose; editors change
    editor = make_user("editor")
    assert may(editor, Action.EDIT, in_tokke) and not may(editor, Action.DELETE, in_tokke)
    assert may(make_user("admin"), Action.DELETE, in_tokke)


@pytest.mark.django_db
def test_a_region_contributor_speaks_for_its_member_municipalities():
    from tiltak.places.models import Place

    region = Place.objects.filter(kind="region", members__code="4036").first()
    assert region is not None, "the shipped places have a region with Vinje as a member"
    in_vinje = entry(
        "Prøvebustad i Vinje", places=[DraftPlace(name="Vinje", kind="municipality", code="4036")]
    )
    user = services.add_user("r@region.no", role="contributor", places=[region.name])
    assert may(user, Action.PROPOSE, in_vinje)


@pytest.mark.django_db
def test_an_inactive_user_has_no_role():
    user = make_user("admin")
    user.is_active = False
    assert role_of(user) is None and not may(user, Action.STUDIO)


# --- passwords and signing in ----------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2_in_the_product():
    with override_settings(PASSWORD_HASHERS=product_settings.PASSWORD_HASHERS):
        assert make_password(PASSWORD).startswith("argon2$")


@pytest.mark.django_db
def test_signing_in_and_out_through_the_form(client):
    make_user("editor", password=PASSWORD)
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    signed_in = client.post(reverse("accounts:login"), {"username": "alice@tiltak.no", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("studio:home")
    home = client.get(reverse("studio:home"))
    assert b"alice@tiltak.no" in home.content
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("studio:home")).status_code == 302


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_user_name_even_with_the_right_password(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    make_user("editor", password=PASSWORD)
    for _ in range(12):
        client.post(reverse("accounts:login"), {"username": "alice@tiltak.no", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "alice@tiltak.no", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert client.get(reverse("studio:home")).status_code == 302  # not signed in


@pytest.mark.django_db
def test_a_password_reset_mail_carries_a_working_link(client, mailoutbox):
    make_user("editor", password=PASSWORD)
    client.post(reverse("accounts:password_reset"), {"email": "alice@tiltak.no"})
    client.post(reverse("accounts:password_reset"), {"email": "nobody@tiltak.no"})
    assert [m.to for m in mailoutbox] == [["alice@tiltak.no"]]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/redaksjon/nytt-passord/" in line)
    form = client.get(link.removeprefix("http://testserver"), follow=True)
    assert b"new_password1" in form.content


# --- secret key and HTTPS ------------------------------------------------------------------------------


def test_the_secret_key_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TILTAK_SECRET_KEY", "from-the-environment")
    assert secret_key(tmp_path) == "from-the-environment"
    monkeypatch.delenv("TILTAK_SECRET_KEY")
    generated = secret_key(tmp_path / "new")
    path = tmp_path / "new" / "secret_key"
    assert len(generated) >= 50 and path.read_text().strip() == generated
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key(tmp_path / "new") == generated  # generated once


def test_https_mode_turns_on_secure_cookies_and_hsts(tmp_path):
    code = (
        "import tiltak.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    env = {**os.environ, "TILTAK_HTTPS": "1", "TILTAK_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert run.stdout.split() == ["True", "True", "True", "True"], run.stderr
    assert (Path(tmp_path) / "secret_key").exists()


def test_tiltak_check_deploy_passes_with_production_settings_and_names_the_fallback_key(tmp_path):
    env = {
        **os.environ,
        "TILTAK_DATA_DIR": str(tmp_path / "data"),
        "TILTAK_HTTPS": "1",
        "TILTAK_ALLOWED_HOSTS": "tiltak.example.no",
    }
    env.pop("TILTAK_SECRET_KEY", None)
    # The browser tests set this for Playwright in the same worker; a deployment never has it (async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    passed = subprocess.run(
        [sys.executable, "-m", "tiltak.cli", "check", "--deploy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert passed.returncode == 0, passed.stderr + passed.stdout
    # A data directory that cannot be written leaves only the fallback key: refused, and serve will not start.
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a directory")
    env["TILTAK_DATA_DIR"] = str(blocked)
    refused = subprocess.run(
        [sys.executable, "-m", "tiltak.cli", "check", "--deploy"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (
        refused.returncode == 1 and "tiltak.E001" in refused.stderr and "TILTAK_SECRET_KEY" in refused.stderr
    )
    serve = subprocess.run(
        [sys.executable, "-m", "tiltak.cli", "serve", "--database", f"sqlite:///{tmp_path / 'db.sqlite3'}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert serve.returncode == 2 and "Not serving in production mode" in serve.stderr
