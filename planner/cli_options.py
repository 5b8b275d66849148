"""The options the `planner` commands share: the store (--db), the plan (--plan), who does
it (--by), the language (--lang) and a moment of a plan (--at)."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

import click

from planner.history import parse_moment
from planner.settings import DEFAULT_DB_URL, ENV_DB, ENV_USER


def db_option(
    func: Any = None,
    *,
    help: str = f"Database: a SQLite file or a URL (postgresql+psycopg://...); also ${ENV_DB}.",
) -> Any:
    """--db, the store's URL (also from $TOETSPLANNER_DB); `db_option(help=...)` words it
    for a command that reads files unless it is given --plan."""
    option = click.option(
        "--db", "db_url", envvar=ENV_DB, default=DEFAULT_DB_URL, show_default=True, help=help
    )
    return option if func is None else option(func)


def plan_option(func: Any) -> Any:
    return click.option("--plan", "plan_name", required=True, help="Name of the plan.")(func)


def by_option(func: Any) -> Any:
    return click.option(
        "--by",
        "person",
        envvar=ENV_USER,
        default=lambda: getpass.getuser(),
        help=f"Who does this (recorded in the history); also ${ENV_USER}.",
    )(func)


def lang_option(func: Any) -> Any:
    return click.option("--lang", type=click.Choice(["nl", "en"]), default="nl")(func)


def at_option(func: Any) -> Any:
    return click.option(
        "--at",
        "at_text",
        help="The plan as it was: a change number (42), a day (2026-03-01) or a moment "
        "('2026-03-01 14:30').",
    )(func)


def at_moment(text: str | None) -> int | dt.datetime | None:
    """--at's value: a change number, a day or a moment (None: as the plan is now)."""
    if text is None:
        return None
    try:
        return parse_moment(text)
    except ValueError:
        raise click.BadParameter(f"not a change number, day or moment: {text!r}") from None


def store_option(func: Any) -> Any:
    """--db for a command that reads files, or with --plan a plan from the store."""
    return db_option(func, help=f"With --plan: the store (a SQLite file or a URL); also ${ENV_DB}.")
