"""The first schema: plans, their changes, uploads, and versioned configs, assessments, members.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Versioned rows carry `valid_from` (the change that wrote them) and `valid_to` (the change that
replaced or removed them, NULL while current): the plan at any earlier change is a query, and an
undo writes a new change instead of rewriting the past.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column[int]]:
    return [
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("valid_from", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("valid_to", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("copied_from", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL")),
    )
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default="{}"),
        sa.Column("undoes", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
    )
    op.create_index("ix_changes_plan_at", "changes", ["plan_id", "at"])
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("what", sa.String(10), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("replace", sa.String(10), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("problems", sa.Text, nullable=False, server_default="[]"),
    )
    op.create_index("ix_uploads_plan", "uploads", ["plan_id", "file_name"])
    op.create_table("configs", *_versioned(), sa.Column("toml", sa.Text, nullable=False))
    op.create_index("ix_configs_live", "configs", ["plan_id", "valid_to"])
    op.create_table(
        "assessments",
        *_versioned(),
        sa.Column("assessment_id", sa.Text, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("start_time", sa.Text, nullable=False, server_default=""),
        sa.Column("end_time", sa.Text, nullable=False, server_default=""),
        sa.Column("period", sa.Integer, nullable=True),
        sa.Column("group_name", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("weight", sa.Float, nullable=False),
        sa.Column("minutes", sa.Float, nullable=True),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("teacher", sa.Text, nullable=False, server_default=""),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("announced", sa.Date, nullable=True),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_row", sa.Integer, nullable=False),
        # casefolded teacher and subject: what a teacher's re-upload replaces
        sa.Column("owner", sa.Text, nullable=False),
    )
    op.create_index("ix_assessments_live", "assessments", ["plan_id", "valid_to"])
    op.create_index("ix_assessments_source", "assessments", ["plan_id", "valid_to", "source"])
    op.create_index("ix_assessments_owner", "assessments", ["plan_id", "valid_to", "owner"])
    op.create_index("ix_assessments_from", "assessments", ["plan_id", "valid_from"])
    op.create_index("ix_assessments_id", "assessments", ["plan_id", "assessment_id"])
    op.create_table(
        "memberships",
        *_versioned(),
        sa.Column("pupil", sa.Text, nullable=False),
        sa.Column("group_name", sa.Text, nullable=False),
    )
    op.create_index("ix_memberships_live", "memberships", ["plan_id", "valid_to"])
    op.create_index("ix_memberships_from", "memberships", ["plan_id", "valid_from"])
