"""The environment variables Toetsplanner reads: one prefix, one place.

TOETSPLANNER_DB     the store: a SQLite file or a URL (default: toetsplanner.db here)
TOETSPLANNER_USER   who the command line records in the history (default: the login name)
TOETSPLANNER_DEBUG  1: the command line shows a traceback for an unexpected error
TOETSPLANNER_FEEDS_URL  the public base address of the calendar feeds (`planner serve`), as
                    pupils reach it (e.g. https://toetsen.school.nl behind the school's proxy)
"""

from __future__ import annotations

import os

PREFIX = "TOETSPLANNER_"
ENV_DB = PREFIX + "DB"
ENV_USER = PREFIX + "USER"
ENV_DEBUG = PREFIX + "DEBUG"
ENV_FEEDS_URL = PREFIX + "FEEDS_URL"
DEFAULT_FEEDS_URL = "http://localhost:8502"
# The name before the prefix was settled; still read so that old cron jobs keep their traces.
_OLD_DEBUG = "PLANNER_DEBUG"

DEFAULT_DB_URL = "sqlite:///toetsplanner.db"


def db_url() -> str:
    """The store's URL from the environment, or the SQLite file in the working directory."""
    return os.environ.get(ENV_DB) or DEFAULT_DB_URL


def debug() -> bool:
    return bool(os.environ.get(ENV_DEBUG) or os.environ.get(_OLD_DEBUG))


def feeds_url() -> str:
    """The feeds' public base address (default: the feed server of `make run` on this machine)."""
    return os.environ.get(ENV_FEEDS_URL) or DEFAULT_FEEDS_URL
