"""The lesson timetable of a plan (on which weekdays a group has a subject), versioned like the
plan's rows: suggestions only move a test to a day with a lesson of its subject.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lessons",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("valid_from", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("valid_to", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
        sa.Column("group_name", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),  # 0 = Monday
        sa.Column("period", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_lessons_live", "lessons", ["plan_id", "valid_to"])
    op.create_index("ix_lessons_from", "lessons", ["plan_id", "valid_from"])


def downgrade() -> None:
    op.drop_index("ix_lessons_from", "lessons")
    op.drop_index("ix_lessons_live", "lessons")
    op.drop_table("lessons")
