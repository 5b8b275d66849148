"""Alembic environment: migrations run on the connection planner.storage hands over."""

from __future__ import annotations

from alembic import context

# Alembic runs this file with `context` set up; merely imported (tests/test_i18n.py imports
# every module of planner/), it does nothing.
if hasattr(context, "config"):
    connection = context.config.attributes["connection"]
    # render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table.
    context.configure(connection=connection, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
