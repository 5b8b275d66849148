"""The cells of the CSV files the planner writes (`planner check --format csv` and the
exports): the columns of a finding, and text from users made inert for spreadsheets (OWASP CSV
injection: a cell starting with = + - @ gets a quote)."""

from __future__ import annotations

import dataclasses

from planner.importers.common import FORMULA_START
from planner.model import Finding

# The columns of a finding, in the order of `Finding`.
CSV_FIELDS = [f.name for f in dataclasses.fields(Finding)]
# The cells of a finding that hold text a user typed or a file brought in.
FINDING_TEXT_FIELDS = ("group", "pupil", "message", "reference")


def safe_cell(text: str) -> str:
    """Text from users, made inert for Excel: a leading formula character gets a quote
    (which planner.importers.common.unprotect_cells takes off when the file is read back)."""
    return "'" + text if text.startswith(FORMULA_START) else text
