"""The findings as a team reads them: filtered, with the tests behind each one, the worst weeks,
what is still open per group, and the decisions taken (for the findings and meeting pages).

Every function takes the findings frame of a `Review` (the findings plus the decision columns
`decision`, `note`, `decided_by`, `decided_at`) and returns a new frame; nothing here knows
about Streamlit or the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

import pandas as pd

from planner.decisions import Review
from planner.model import SEVERITIES, worst_first
from planner.rules import REGISTRY

# What the decision filter can ask for: no decision yet, or one of the two statuses.
DECISION_FILTERS = ("open", "todo", "accepted")
# The columns of the tests of a finding, as the findings page shows them.
TEST_COLUMNS = ("id", "date", "group", "subject", "kind", "title", "teacher")


@dataclasses.dataclass(frozen=True, slots=True)
class Filters:
    """What the findings page narrows to; "" (or None) means any."""

    rule: str = ""
    severity: str = ""
    group: str = ""  # a group a finding is about (a pupil's finding names several)
    week: dt.date | None = None  # a Monday: findings that touch that ISO week
    decision: str = ""  # "", or one of DECISION_FILTERS
    pupils: bool = False  # also the findings of single pupils


def monday_of(day: dt.date | pd.Timestamp) -> dt.date:
    """The Monday of the ISO week of `day`."""
    if isinstance(day, pd.Timestamp):
        day = day.date()
    return day - dt.timedelta(days=day.weekday())


def groups_of(group: str) -> list[str]:
    """The groups of a finding: one for a group, those the pupil shares for a pupil ("4v.nat,
    4v.wisB"); group names never hold a comma, since the importers split "2A, 2B" into rows."""
    return [g.strip() for g in str(group).split(",") if g.strip()]


def is_pupil(frame: pd.DataFrame) -> pd.Series:
    return frame["pupil"].notna() & (frame["pupil"].astype("object") != "")


def finding_key(rule: str, group: str, pupil: str | None, start: object, end: object) -> str:
    """A short stable key of one finding (the key decisions use), for widget keys."""
    days = "|".join(pd.Timestamp(v).date().isoformat() for v in (start, end))  # type: ignore[arg-type]
    text = f"{rule}|{group}|{pupil or ''}|{days}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def sort_findings(frame: pd.DataFrame) -> pd.DataFrame:
    """Group findings before pupils', then errors before warnings before infos, then by day
    and group: the order a team reads them in."""
    order = pd.DataFrame(
        {
            "pupil_": is_pupil(frame).astype("int64"),
            "rank_": worst_first(frame["severity"]),
            "start_": frame["start"],
            "group_": frame["group"],
            "who_": frame["pupil"].astype("object").where(is_pupil(frame), "").astype("str"),
        },
        index=frame.index,
    )
    ranked = order.sort_values(["pupil_", "rank_", "start_", "group_", "who_"], kind="stable")
    return frame.loc[ranked.index]


def _touches(frame: pd.DataFrame, monday: dt.date) -> pd.Series:
    first = pd.Timestamp(monday)
    last = first + pd.Timedelta(days=6)
    return (pd.to_datetime(frame["start"]) <= last) & (pd.to_datetime(frame["end"]) >= first)


def _has_group(frame: pd.DataFrame, group: str) -> pd.Series:
    return pd.Series(
        [group in groups_of(g) for g in frame["group"]], index=frame.index, dtype="bool"
    )


def filter_findings(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The findings that pass `filters`, in `sort_findings` order."""
    keep = pd.Series(True, index=frame.index)
    if not filters.pupils:
        keep &= ~is_pupil(frame)
    if filters.rule:
        keep &= frame["rule"] == filters.rule
    if filters.severity:
        keep &= frame["severity"] == filters.severity
    if filters.group:
        keep &= _has_group(frame, filters.group)
    if filters.week is not None:
        keep &= _touches(frame, filters.week)
    if filters.decision == "open":
        keep &= frame["decision"] == ""
    elif filters.decision:
        keep &= frame["decision"] == filters.decision
    return sort_findings(frame[keep])


def mondays_touched(frame: pd.DataFrame) -> list[dt.date]:
    """Every Monday of a week some finding touches, in order."""
    out: set[dt.date] = set()
    spans = zip(pd.to_datetime(frame["start"]), pd.to_datetime(frame["end"]), strict=True)
    for start, end in {(s.date(), e.date()) for s, e in spans}:
        monday = monday_of(start)
        while monday <= end:
            out.add(monday)
            monday += dt.timedelta(days=7)
    return sorted(out)


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """The choices of each filter: only values some finding has."""

    rules: list[str]
    severities: list[str]
    groups: list[str]
    weeks: list[dt.date]


def filter_options(frame: pd.DataFrame, pupils: bool = False) -> Options:
    """The rules, severities, groups and weeks of the findings (with pupils' or without)."""
    shown = frame if pupils else frame[~is_pupil(frame)]
    groups = sorted({g for text in shown["group"] for g in groups_of(text)})
    present = set(shown["rule"])
    # the catalogue's order, then any rule it does not know
    rules = [r for r in REGISTRY if r in present] + sorted(present - set(REGISTRY))
    return Options(
        rules=rules,
        severities=[s for s in SEVERITIES if s in set(shown["severity"])],
        groups=groups,
        weeks=mondays_touched(shown),
    )


def counts(frame: pd.DataFrame) -> dict[str, int]:
    """How many findings: in all, per severity, about groups and pupils, per decision."""
    pupil = is_pupil(frame)
    severity = frame["severity"].value_counts()
    decision = frame["decision"].value_counts()
    return {
        "findings": len(frame),
        "errors": int(severity.get("error", 0)),
        "warnings": int(severity.get("warning", 0)),
        "infos": int(severity.get("info", 0)),
        "groups": int((~pupil).sum()),
        "pupils": int(pupil.sum()),
        "open": int(decision.get("", 0)),
        "accepted": int(decision.get("accepted", 0)),
        "todo": int(decision.get("todo", 0)),
    }


def tests_involved(ids: Iterable[str], table: pd.DataFrame) -> pd.DataFrame:
    """The tests of a finding from the plan's assessment table: id, date (a `datetime.date`),
    group, subject, kind, title, teacher; by date, group and subject. An id that is no longer in
    the plan is left out."""
    wanted = [str(i) for i in ids]
    rows = table[table["id"].isin(wanted)]
    out = pd.DataFrame(
        {
            "id": rows["id"].astype("str"),
            "date": [pd.Timestamp(d).date() for d in rows["date"]],
            "group": rows["group"].astype("str"),
            "subject": rows["subject"].astype("str"),
            "kind": rows["kind"].astype("str"),
            "title": rows["title"].fillna("").astype("str"),
            "teacher": rows["teacher"].fillna("").astype("str"),
        },
        columns=list(TEST_COLUMNS),
    )
    return out.sort_values(["date", "group", "subject", "id"], ignore_index=True)


def worst_weeks(frame: pd.DataFrame, top: int | None = 5, pupils: bool = False) -> pd.DataFrame:
    """Weeks ranked by their number of error findings, then warnings (then the earlier week):
    monday, errors, warnings, infos, findings and the groups involved (a sorted tuple of those
    with an error or warning that week). A finding counts in the week it starts in; pupils'
    findings only when asked, since one crowded day of a cluster repeats for each of its
    pupils. Weeks with only infos are left out: a peak week alone is nothing to discuss."""
    shown = frame if pupils else frame[~is_pupil(frame)]
    columns = ["monday", "errors", "warnings", "infos", "findings", "groups"]
    if shown.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    data = pd.DataFrame(
        {
            "monday": [monday_of(s) for s in pd.to_datetime(shown["start"])],
            "errors": (shown["severity"] == "error").astype("int64").to_numpy(),
            "warnings": (shown["severity"] == "warning").astype("int64").to_numpy(),
            "infos": (shown["severity"] == "info").astype("int64").to_numpy(),
            "group": shown["group"].to_numpy(),
        }
    )
    # The groups to talk about: those with an error or warning that week.
    data["involved"] = data["group"].where(data["errors"] + data["warnings"] > 0, "")
    weeks = data.groupby("monday", as_index=False).agg(
        errors=("errors", "sum"),
        warnings=("warnings", "sum"),
        infos=("infos", "sum"),
        findings=("group", "size"),
        groups=("involved", lambda s: tuple(sorted({g for text in s for g in groups_of(text)}))),
    )
    weeks = weeks[(weeks["errors"] + weeks["warnings"]) > 0]
    weeks = weeks.sort_values(
        ["errors", "warnings", "monday"], ascending=[False, False, True], ignore_index=True
    )
    return weeks.head(top) if top is not None else weeks


def open_per_group(frame: pd.DataFrame, pupils: bool = False) -> pd.DataFrame:
    """Findings the team has not accepted (undecided or to do), per group: group, errors,
    warnings, infos, total and `messages` (a tuple, worst first); groups with the most errors,
    then warnings, first. A pupil's finding counts for each group it names, when asked."""
    shown = frame if pupils else frame[~is_pupil(frame)]
    shown = sort_findings(shown[shown["decision"] != "accepted"])
    rows: dict[str, dict[str, object]] = {}
    for group_text, severity, message in zip(
        shown["group"], shown["severity"], shown["message"], strict=True
    ):
        for group in groups_of(group_text):
            row = rows.setdefault(
                group, {"group": group, "errors": 0, "warnings": 0, "infos": 0, "messages": []}
            )
            key = {"error": "errors", "warning": "warnings", "info": "infos"}.get(severity)
            if key is not None:
                row[key] = int(row[key]) + 1  # type: ignore[call-overload]
            row["messages"].append(str(message))  # type: ignore[attr-defined]
    columns = ["group", "errors", "warnings", "infos", "total", "messages"]
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    out = pd.DataFrame(list(rows.values()))
    out["total"] = out["messages"].map(len).astype("int64")
    out["messages"] = out["messages"].map(tuple)
    out = out.sort_values(
        ["errors", "warnings", "total", "group"],
        ascending=[False, False, False, True],
        ignore_index=True,
    )
    return out[columns]


DECISION_TABLE = (
    "status",
    "rule",
    "group",
    "pupil",
    "start",
    "end",
    "message",
    "note",
    "decided_by",
    "decided_at",
    "lapsed",
)


def decisions_taken(review: Review, pupils: bool = True) -> pd.DataFrame:
    """Every decision: those that still hold (with the finding's message; `lapsed` "") and
    those that lapsed (`lapsed` "resolved": the finding is gone, or "changed": its tests
    changed; no message, the finding they were about is no longer there). Holding ones first,
    by status (to do first, it asks for work), then day."""
    frame = review.frame
    held = frame[frame["decision"] != ""]
    if not pupils:
        held = held[~is_pupil(held)]
    holding = pd.DataFrame(
        {
            "status": held["decision"].astype("str"),
            "rule": held["rule"].astype("str"),
            "group": held["group"].astype("str"),
            "pupil": held["pupil"].astype("object").where(is_pupil(held), None),
            "start": [pd.Timestamp(v).date() for v in held["start"]],
            "end": [pd.Timestamp(v).date() for v in held["end"]],
            "message": held["message"].astype("str"),
            "note": held["note"].astype("str"),
            "decided_by": held["decided_by"].astype("str"),
            "decided_at": [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime()
                           for v in held["decided_at"]],
            "lapsed": "",
        },
        columns=list(DECISION_TABLE),
    )  # fmt: skip
    dropped = [(d, why) for d, why in review.dropped if pupils or not d.pupil]
    lapsed = pd.DataFrame(
        [
            {
                "status": str(d.status),
                "rule": d.rule,
                "group": d.group,
                "pupil": d.pupil or None,
                "start": d.start,
                "end": d.end,
                "message": "",
                "note": d.note,
                "decided_by": d.person,
                "decided_at": d.at,
                "lapsed": str(why),
            }
            for d, why in dropped
        ],
        columns=list(DECISION_TABLE),
    )
    order = {"todo": 0, "accepted": 1}
    holding = holding.assign(rank_=holding["status"].map(order).fillna(2))
    holding = holding.sort_values(["rank_", "start", "group"], kind="stable").drop(columns="rank_")
    lapsed = lapsed.sort_values(["start", "group"], kind="stable")
    parts = [p for p in (holding, lapsed) if not p.empty]
    if not parts:
        return holding.iloc[0:0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True)


def page_of(frame: pd.DataFrame, page: int, size: int) -> pd.DataFrame:
    """Rows of page `page` (from 1) of `size` rows each."""
    first = (max(page, 1) - 1) * size
    return frame.iloc[first : first + size]


def pages(n: int, size: int) -> int:
    """How many pages `n` rows fill (at least one)."""
    return max(1, -(-n // size))


def assessment_ids(value: object) -> list[str]:
    """The `assessments` cell of a finding as a list of ids."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [str(v) for v in value]
    return []
