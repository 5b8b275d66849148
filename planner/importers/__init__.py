"""Importers: every file format becomes the canonical assessment table plus import problems."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers.from_csv import read_csv_plan
from planner.importers.members import read_members
from planner.model import ImportProblem, Plan, empty_table

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".ics")


def read_file(path: str | Path, config: SchoolConfig) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """One plan file, by its extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv_plan(path, config)
    if suffix in (".xlsx", ".xlsm"):
        from planner.importers.from_excel import read_excel_plan

        return read_excel_plan(path, config)
    if suffix == ".ics":
        from planner.importers.from_ical import read_ical_plan

        return read_ical_plan(path, config)
    raise InvalidInput(
        Msg("file_type", suffix=suffix or "(-)", known=", ".join(SUFFIXES)), source=str(path)
    )


def read_plan(paths: Iterable[str | Path], config: SchoolConfig) -> Plan:
    """Several plan files combined into one plan; bad rows become problems."""
    tables, problems = [], []
    for path in paths:
        table, found = read_file(path, config)
        tables.append(table)
        problems.extend(found)
    tables = [t for t in tables if not t.empty]
    table = pd.concat(tables, ignore_index=True) if tables else empty_table()
    return Plan(assessments=table, problems=problems)


__all__ = ["SUFFIXES", "read_file", "read_members", "read_plan"]
