"""The `tiltak` command. Each domain registers its own subcommands (``add_parsers``); handlers call the
same service functions as the web pages.

``--database URL`` is accepted by every subcommand and must be read before Django starts, so it is
picked out of argv first.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

DATABASE_HELP = "database URL: sqlite:////abs/path/file.db or postgres://user@host:5432/name (default: the embedded SQLite file)"


def _preparse_database(argv: Sequence[str]) -> str | None:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--database")
    known, _ = pre.parse_known_args(list(argv))
    return known.database


def _setup_django(database: str | None) -> None:
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    from tiltak.accounts import cli as accounts_cli
    from tiltak.catalog import cli as catalog_cli
    from tiltak.ingest import cli as ingest_cli
    from tiltak.search import cli as search_cli
    from tiltak.vocabulary import cli as vocabulary_cli

    parser = argparse.ArgumentParser(
        prog="tiltak", description="Tiltakskatalogen: the catalog of rural in-migration work."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (ingest_cli, catalog_cli, vocabulary_cli, search_cli, accounts_cli):
        module.add_parsers(subparsers)
    _add_database_option(parser)
    return parser


def _add_database_option(parser: argparse.ArgumentParser) -> None:
    """Every (sub)command takes --database, so `tiltak list --database URL` and `tiltak --database URL list` both work."""
    if not any("--database" in action.option_strings for action in parser._actions):
        parser.add_argument("--database", metavar="URL", help=DATABASE_HELP)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _add_database_option(sub)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup_django(_preparse_database(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2

    from tiltak.errors import TiltakError

    try:
        if getattr(args, "needs_database", True):
            ensure_database()
        return int(handler(args) or 0)
    except TiltakError as error:
        print(f"tiltak: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tiltak: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`tiltak export | head`): not an error worth a traceback. Point stdout at
        # devnull so Python's own flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def ensure_database() -> None:
    """Create the data directory and bring the schema up to date, with a clear error if the store is unreachable."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from tiltak.errors import TiltakError

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        from pathlib import Path

        Path(str(db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    try:
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            if db["ENGINE"].endswith("postgresql") and "does not exist" in str(error):
                _create_postgres_database(db)
                connection.ensure_connection()
            else:
                raise
        call_command("migrate", verbosity=0, interactive=False)
    except DatabaseError as error:
        where = f"{db['ENGINE'].rsplit('.', 1)[-1]} database '{db.get('NAME')}'"
        if db.get("HOST"):
            where += f" at {db['HOST']}:{db.get('PORT') or 5432}"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise TiltakError(f"cannot use the {where}: {first_line}") from error


def _create_postgres_database(db: Mapping[str, Any]) -> None:
    """A PostgreSQL URL may name a database that does not exist yet: create it, as SQLite creates its file."""
    import psycopg
    from psycopg import sql

    params = {
        k: v
        for k, v in {
            "host": db.get("HOST"),
            "port": db.get("PORT"),
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
        }.items()
        if v
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(str(db["NAME"]))))


if __name__ == "__main__":
    sys.exit(main())
