"""Calendar feeds: a secret address per group or pupil that a calendar app subscribes to
(`planner serve`). Only the token's SHA-256 is kept; who made and revoked a feed is in the
plan's history (the changes they were made in).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("target_kind", sa.String(10), nullable=False),  # group | pupil
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("tests_only", sa.Boolean, nullable=False),
        sa.Column("made_in", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("revoked_in", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
        sa.Column("last_fetched", sa.DateTime, nullable=True),
    )
    op.create_index("ix_feeds_plan", "feeds", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_feeds_plan", "feeds")
    op.drop_table("feeds")
