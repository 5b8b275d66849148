"""Alembic migrations of the team store's schema (run by planner.storage, never by hand)."""
