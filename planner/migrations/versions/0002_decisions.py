"""Decisions on findings: accepted or to do, with a note; versioned like the plan's rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("valid_from", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("valid_to", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
        sa.Column("rule", sa.String(50), nullable=False),
        sa.Column("group_name", sa.Text, nullable=False),
        sa.Column("pupil", sa.Text, nullable=False, server_default=""),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        # what the finding was about when the team decided: its tests and their dates
        sa.Column("assessments", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
    )
    op.create_index("ix_decisions_live", "decisions", ["plan_id", "valid_to"])
    op.create_index("ix_decisions_from", "decisions", ["plan_id", "valid_from"])
