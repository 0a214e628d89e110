"""`tiltak users`: the accounts, from the command line (the first editor is made here).

- ``tiltak users add EMAIL --role contributor|editor|admin [--place NAME]... [--password-stdin]`` creates or
  updates a user; without ``--password-stdin`` it prints a one-time link where the user sets a password;
- ``tiltak users list``; ``tiltak users remove EMAIL``;
- ``tiltak users token EMAIL`` prints a new API token (the old one stops working).
"""

from __future__ import annotations

import argparse
import sys


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("users", help="add, list and remove users; issue API tokens")
    users = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    add = users.add_parser("add", help="create or update a user with a role (and places, for a contributor)")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=["contributor", "editor", "admin"])
    add.add_argument(
        "--place",
        action="append",
        default=[],
        metavar="NAME",
        help="a municipality, region or county the contributor speaks for (name or number; repeatable)",
    )
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input (one line)"
    )
    add.set_defaults(handler=add_user)

    users.add_parser("list", help="the users, their roles and places").set_defaults(handler=list_users)

    remove = users.add_parser("remove", help="delete a user (their changes stay in the history)")
    remove.add_argument("email")
    remove.set_defaults(handler=remove_user)

    check = subparsers.add_parser(
        "check",
        help="Django's system checks; --deploy adds the deployment checks (run with production settings)",
    )
    check.add_argument("--deploy", action="store_true", help="also the checks for a production deployment")
    check.set_defaults(handler=run_checks, needs_database=False)

    token = users.add_parser("token", help="print a new API token for the user (the old one stops working)")
    token.add_argument("email")
    token.set_defaults(handler=token_for)


def add_user(args: argparse.Namespace) -> int:
    from tiltak.accounts import services
    from tiltak.errors import InvalidInput

    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InvalidInput("--password-stdin was given but standard input held no password.")
    user = services.add_user(args.email, role=args.role, places=args.place, password=password)
    places = ", ".join(m.place.name for m in user.memberships.select_related("place") if m.place)
    print(f"{user.username}: {args.role}" + (f" for {places}" if places else ""))
    if password is None:
        print(f"Set the password here (the link works once): {services.set_password_link(user)}")
    return 0


def list_users(args: argparse.Namespace) -> int:
    from tiltak.accounts import services

    rows = services.list_users()
    if not rows:
        print("No users yet. `tiltak users add EMAIL --role editor` makes the first editor.")
    for user, memberships in rows:
        roles = sorted({m.role for m in memberships}) or ["(no role)"]
        places = ", ".join(m.place.name for m in memberships if m.place)
        state = "" if user.is_active else " (inactive)"
        print(f"{user.username}\t{'/'.join(roles)}\t{places}{state}")
    return 0


def remove_user(args: argparse.Namespace) -> int:
    from tiltak.accounts import services

    services.remove_user(args.email)
    print(f"Removed {args.email.strip()}.")
    return 0


def token_for(args: argparse.Namespace) -> int:
    from tiltak.accounts import services

    print(services.new_token(services.get_user(args.email)))
    return 0


def run_checks(args: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="WARNING")
    except SystemCheckError as error:
        print(str(error).strip(), file=sys.stderr)
        return 1
    return 0
