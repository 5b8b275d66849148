"""Decisions on findings: which finding a team's decision belongs to, and when it no longer does.

A decision sticks to a finding by its key (rule, group, pupil, first and last day) and to what
the finding was about: a fingerprint of its tests (id, date, group, kind, weight, minutes). When
the same key comes back with other tests, or the finding is gone, the decision is dropped and
said so, rather than silently carried over to a different situation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Sequence

import pandas as pd

KEY = ("rule", "group", "pupil", "start", "end")
# Columns a findings frame gets from `attach`.
DECISION_COLUMNS = ("decision", "note", "decided_by", "decided_at")
# What makes two versions of a test "the same test" for a decision.
_FINGERPRINT_FIELDS = ("id", "date", "group", "kind", "weight", "minutes")


class Status(enum.StrEnum):
    ACCEPTED = "accepted"  # the team accepts the finding ("the mock exam week may be heavy")
    TODO = "todo"  # somebody will fix it


class Dropped(enum.StrEnum):
    RESOLVED = "resolved"  # the finding is gone
    CHANGED = "changed"  # the same finding, but its tests moved or changed


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    rule: str
    group: str
    pupil: str | None
    start: dt.date
    end: dt.date
    status: Status
    note: str
    assessments: tuple[str, ...]
    fingerprint: str
    person: str = ""
    at: dt.datetime | None = None


def fingerprint(ids: Sequence[str], table: pd.DataFrame) -> str:
    """A digest of the tests `ids` as they are in the assessment table now."""
    rows = table[table["id"].isin(list(ids))]
    parts = sorted(
        "|".join(_cell(v) for v in values)
        for values in zip(*(rows[c].tolist() for c in _FINGERPRINT_FIELDS), strict=True)
    )
    missing = sorted(set(ids) - set(rows["id"]))
    text = "\n".join(parts + [f"{i}|-" for i in missing])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cell(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _keys(frame: pd.DataFrame) -> pd.Series:
    """One hashable key per row of a findings or decisions frame."""
    pupil = frame["pupil"].where(frame["pupil"].notna(), "").astype("str")
    start = pd.to_datetime(frame["start"]).dt.strftime("%Y-%m-%d")
    end = pd.to_datetime(frame["end"]).dt.strftime("%Y-%m-%d")
    return pd.Series(
        list(zip(frame["rule"], frame["group"], pupil, start, end, strict=True)),
        index=frame.index,
        dtype="object",
    )


def attach(
    findings: pd.DataFrame, decisions: Sequence[Decision], table: pd.DataFrame
) -> tuple[pd.DataFrame, list[tuple[Decision, Dropped]]]:
    """The findings with the decision that still holds for each (columns `DECISION_COLUMNS`,
    empty where none), and the decisions that were dropped, with why."""
    out = findings.assign(decision="", note="", decided_by="")
    out["decided_at"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[us]")
    if not decisions:
        return out, []
    keys = _keys(out) if not out.empty else pd.Series([], dtype="object")
    where = {key: i for i, key in zip(keys.index, keys, strict=True)}
    dropped: list[tuple[Decision, Dropped]] = []
    for d in decisions:
        key = (d.rule, d.group, d.pupil or "", d.start.isoformat(), d.end.isoformat())
        i = where.get(key)
        if i is None:
            dropped.append((d, Dropped.RESOLVED))
            continue
        ids = tuple(str(a) for a in out.at[i, "assessments"])  # type: ignore[union-attr]
        if set(ids) != set(d.assessments) or fingerprint(ids, table) != d.fingerprint:
            dropped.append((d, Dropped.CHANGED))
            continue
        out.at[i, "decision"] = str(d.status)
        out.at[i, "note"] = d.note
        out.at[i, "decided_by"] = d.person
        out.at[i, "decided_at"] = pd.Timestamp(d.at) if d.at is not None else pd.NaT
    return out, dropped


@dataclasses.dataclass(frozen=True, slots=True)
class Review:
    """Findings with the team's decisions: what is still open, what was decided, what lapsed."""

    frame: pd.DataFrame  # the findings frame plus DECISION_COLUMNS
    dropped: list[tuple[Decision, Dropped]]

    @property
    def open_errors(self) -> int:
        """Errors the team has not accepted: what a nightly check fails on."""
        frame = self.frame
        return int(((frame["severity"] == "error") & (frame["decision"] != "accepted")).sum())

    @property
    def accepted(self) -> int:
        return int((self.frame["decision"] == "accepted").sum())


def review(findings: pd.DataFrame, decisions: Sequence[Decision], table: pd.DataFrame) -> Review:
    frame, dropped = attach(findings, decisions, table)
    return Review(frame, dropped)
