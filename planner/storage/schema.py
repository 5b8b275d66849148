"""The store's tables as the migrations build them, the newest revision, and the DB names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

HEAD = "0004"  # the newest migration in planner/migrations/versions (a test keeps them equal)
MIGRATIONS = Path(__file__).parent.parent / "migrations"

metadata = sa.MetaData()


def _versioned(name: str, *columns: sa.Column[Any]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("valid_from", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("valid_to", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
        *columns,
    )


# The current schema, as the migrations build it (tests compare the two).
plans_t = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("copied_from", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL")),
)
changes_t = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("person", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("undoes", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
)
uploads_t = sa.Table(
    "uploads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
    sa.Column("what", sa.String(10), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("replace", sa.String(10), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("problems", sa.Text, nullable=False),
)
configs_t = _versioned("configs", sa.Column("toml", sa.Text, nullable=False))
assessments_t = _versioned(
    "assessments",
    sa.Column("assessment_id", sa.Text, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("start_time", sa.Text, nullable=False),
    sa.Column("end_time", sa.Text, nullable=False),
    sa.Column("period", sa.Integer, nullable=True),
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("weight", sa.Float, nullable=False),
    sa.Column("minutes", sa.Float, nullable=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("teacher", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("announced", sa.Date, nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
)
memberships_t = _versioned(
    "memberships",
    sa.Column("pupil", sa.Text, nullable=False),
    sa.Column("group_name", sa.Text, nullable=False),
)
decisions_t = _versioned(
    "decisions",
    sa.Column("rule", sa.String(50), nullable=False),
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("pupil", sa.Text, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("assessments", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
)
lessons_t = _versioned(
    "lessons",
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("weekday", sa.Integer, nullable=False),
    sa.Column("period", sa.Text, nullable=False, server_default=""),
)
feeds_t = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("target_kind", sa.String(10), nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("tests_only", sa.Boolean, nullable=False),
    sa.Column("made_in", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
    sa.Column("revoked_in", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
    sa.Column("last_fetched", sa.DateTime, nullable=True),
)
sa.Index("ix_feeds_plan", feeds_t.c.plan_id)
VERSIONED = (configs_t, assessments_t, memberships_t, decisions_t, lessons_t)
# The indexes the migrations create: what the live-row, per-source and history queries use.
sa.Index("ix_changes_plan_at", changes_t.c.plan_id, changes_t.c.at)
sa.Index("ix_uploads_plan", uploads_t.c.plan_id, uploads_t.c.file_name)
for _table in VERSIONED:
    sa.Index(f"ix_{_table.name}_live", _table.c.plan_id, _table.c.valid_to)
    if _table is not configs_t:
        sa.Index(f"ix_{_table.name}_from", _table.c.plan_id, _table.c.valid_from)
sa.Index("ix_assessments_source", *(assessments_t.c[n] for n in ("plan_id", "valid_to", "source")))
sa.Index("ix_assessments_owner", *(assessments_t.c[n] for n in ("plan_id", "valid_to", "owner")))
sa.Index("ix_assessments_id", assessments_t.c.plan_id, assessments_t.c.assessment_id)

# Canonical column -> database column, for the assessment table.
DB_NAMES = {
    "id": "assessment_id",
    "start": "start_time",
    "end": "end_time",
    "group": "group_name",
    "row": "source_row",
}
# The assessment columns stored as text.
TEXT_COLUMNS = (
    "id",
    "start",
    "end",
    "group",
    "subject",
    "kind",
    "title",
    "teacher",
    "notes",
    "source",
)
