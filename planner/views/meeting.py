"""What the meeting page hands out: the findings with the team's decisions as CSV."""

from __future__ import annotations

import csv
import io

import pandas as pd

from planner.output import CSV_FIELDS, safe_cell
from planner.views.findings import assessment_ids, is_pupil, sort_findings

DECISION_FIELDS = ("decision", "note", "decided_by", "decided_at")
FINDINGS_CSV_FIELDS = (*CSV_FIELDS, *DECISION_FIELDS)
# Cells that hold text a user typed or a file brought in: made inert for spreadsheets.
_TEXT_FIELDS = ("group", "pupil", "message", "reference", "note", "decided_by")


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
