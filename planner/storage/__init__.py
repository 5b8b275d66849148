"""The team store: plans, uploads merged per source, edits with history and undo, decisions.

SQLite by default (one file, WAL, foreign keys, `BEGIN IMMEDIATE` for writes, a busy timeout),
PostgreSQL when given a `postgresql+psycopg://` URL. The schema is versioned with Alembic
(`planner/migrations`): an older database is upgraded in place when opened, a newer one is
refused.

Every write is one transaction that first locks its plan (`BEGIN IMMEDIATE` on SQLite, `SELECT
... FOR UPDATE` on PostgreSQL) and records one row in `changes`. Plan rows (config, assessments,
memberships, decisions) are versioned: a row is written by change `valid_from` and replaced or
removed by change `valid_to`. So the plan at any earlier change is a query, and undo is a new
change that closes what the undone change wrote and writes back what it closed.

The package: `schema` (the tables), `engine` (opening a database), `versions` (versioned rows,
undo), `plans` (making a plan; refusing a delivery that would wipe good rows), `rows` (plan
rows between pandas and SQL), `records` (what the store hands out) and `store` (the `Store`
API). Only this package talks to the database (ruff TID251).
"""

from __future__ import annotations

from planner.edits import Edit
from planner.storage.engine import DEFAULT_URL, normalise_url, sqlite_url
from planner.storage.feeds import Feed, Target, token_hash
from planner.storage.plans import FewerRows
from planner.storage.records import Change, PlanInfo, StoredPlan, Upload
from planner.storage.schema import HEAD, MIGRATIONS, metadata
from planner.storage.store import Clock, Replace, Store, utc_now

__all__ = [
    "DEFAULT_URL",
    "HEAD",
    "MIGRATIONS",
    "Change",
    "Clock",
    "Edit",
    "Feed",
    "FewerRows",
    "PlanInfo",
    "Replace",
    "Store",
    "StoredPlan",
    "Target",
    "Upload",
    "metadata",
    "normalise_url",
    "sqlite_url",
    "token_hash",
    "utc_now",
]
