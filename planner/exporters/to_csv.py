"""CSV exports: the findings with the team's decisions, the plan in the canonical columns (which
`planner check` reads back), the memberships and any other table (the test week's timetable per
pupil). Text from users is made inert for spreadsheets (OWASP CSV injection: a cell starting
with = + - @ gets a quote, which our importers take off again)."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd

from planner.exporters.cells import CSV_FIELDS, FINDING_TEXT_FIELDS, safe_cell
from planner.model import COLUMNS
from planner.views.findings import assessment_ids, is_pupil, sort_findings

DECISION_FIELDS = ("decision", "note", "decided_by", "decided_at")
FINDINGS_CSV_FIELDS = (*CSV_FIELDS, *DECISION_FIELDS)
# Cells that hold text a user typed or a file brought in: made inert for spreadsheets.
_TEXT_FIELDS = (*FINDING_TEXT_FIELDS, "note", "decided_by")


def findings_csv(frame: pd.DataFrame) -> str:
    """The findings of a review frame as CSV: the columns of `planner check --format csv`
    (same order of findings as the findings page) plus decision, note, decided_by and
    decided_at (ISO, UTC); dates ISO, ids space-separated."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FINDINGS_CSV_FIELDS), lineterminator="\n")
    writer.writeheader()
    frame = sort_findings(frame)
    pupil = is_pupil(frame)
    for (_, row), has_pupil in zip(frame.iterrows(), pupil, strict=True):
        limit = row["limit"]
        at = row["decided_at"]
        cells: dict[str, object] = {
            "rule": row["rule"],
            "severity": row["severity"],
            "group": row["group"],
            "pupil": row["pupil"] if has_pupil else "",
            "start": pd.Timestamp(row["start"]).date().isoformat(),
            "end": pd.Timestamp(row["end"]).date().isoformat(),
            "assessments": " ".join(assessment_ids(row["assessments"])),
            "value": row["value"],
            "limit": "" if pd.isna(limit) else limit,
            "message": row["message"],
            "reference": row["reference"],
            "decision": row["decision"],
            "note": row["note"],
            "decided_by": row["decided_by"],
            "decided_at": "" if pd.isna(at) else pd.Timestamp(at).isoformat(timespec="seconds"),
        }
        for key in _TEXT_FIELDS:
            cells[key] = safe_cell(str(cells[key]))
        writer.writerow(cells)
    return out.getvalue()


def table_csv(frame: pd.DataFrame) -> str:
    """A table as CSV, its header and every text cell made inert for spreadsheets (numbers as
    they are, a missing value empty): the writer of the plan CSV and the test week's CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(str(c)) for c in frame.columns])
    columns = [[_cell(v) for v in frame[c].tolist()] for c in frame.columns]
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str):
        return safe_cell(value)
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def plan_csv(table: pd.DataFrame) -> str:
    """An assessment table in the canonical columns, as `planner check` reads it back; text
    from users made inert for spreadsheets."""
    cells = {
        "date": table["date"].dt.strftime("%Y-%m-%d").tolist(),
        "announced": table["announced"].dt.strftime("%Y-%m-%d").fillna("").tolist(),
        "period": ["" if pd.isna(v) else str(int(v)) for v in table["period"]],
        "weight": table["weight"].tolist(),
        "minutes": ["" if pd.isna(v) else f"{v:g}" for v in table["minutes"]],
        "locked": ["ja" if v else "" for v in table["locked"]],
        "row": table["row"].tolist(),
    }
    for col in COLUMNS:
        if col not in cells:
            cells[col] = [str(v) for v in table[col].tolist()]
    return table_csv(pd.DataFrame({c: cells[c] for c in COLUMNS}, columns=COLUMNS))


def members_csv(members: pd.DataFrame | None) -> str:
    """Memberships as `pupil,group` (pseudonymous ids only)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["pupil", "group"])
    if members is not None:
        rows = members[["pupil", "group"]].itertuples(index=False)
        writer.writerows([safe_cell(str(p)), safe_cell(str(g))] for p, g in rows)
    return out.getvalue()
