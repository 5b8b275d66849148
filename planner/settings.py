"""The environment variables Toetsplanner reads: one prefix, one place.

TOETSPLANNER_DB     the store: a SQLite file or a URL (default: toetsplanner.db here)
TOETSPLANNER_USER   who the command line records in the history (default: the login name)
TOETSPLANNER_DEBUG  1: the command line shows a traceback for an unexpected error
"""

from __future__ import annotations

import os

PREFIX = "TOETSPLANNER_"
ENV_DB = PREFIX + "DB"
ENV_USER = PREFIX + "USER"
ENV_DEBUG = PREFIX + "DEBUG"
# The name before the prefix was settled; still read so that old cron jobs keep their traces.
_OLD_DEBUG = "PLANNER_DEBUG"

DEFAULT_DB_URL = "sqlite:///toetsplanner.db"


def db_url() -> str:
    """The store's URL from the environment, or the SQLite file in the working directory."""
    return os.environ.get(ENV_DB) or DEFAULT_DB_URL


def debug() -> bool:
    return bool(os.environ.get(ENV_DEBUG) or os.environ.get(_OLD_DEBUG))
