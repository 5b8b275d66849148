"""Who acts after the meeting: the tests behind each open finding, and each teacher's own tests
in open findings with the date a repair suggests, for the conflict workbook, the PDF and the
Meeting page; and the repair's moves as a table to accept. A finding the team accepted asks
nothing of anyone; every other one lists its tests with title and teacher. Kinds are shown as
the school names them (`PW`, not the internal key `proefwerk`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from planner.config import Kind
from planner.i18n import Lang, fmt_date
from planner.suggest import Move
from planner.views.findings import assessment_ids

_RANK = {"error": 0, "warning": 1, "info": 2}


def rank(severity: str) -> int:
    """Worst first: error 0, warning 1, info 2, none 3."""
    return _RANK.get(severity, 3)


def teacher_codes(text: str) -> list[str]:
    """The teachers of a row (`PRK, VRS`), each once."""
    return list(dict.fromkeys(c.strip() for c in str(text).split(",") if c.strip()))


def per_test(tests: pd.DataFrame) -> pd.DataFrame:
    """Per test id of `finding_tests`: the number of findings, the worst severity and their
    sentences."""
    return tests.groupby("id").agg(
        findings=("finding", "nunique"),
        severity=("severity", lambda s: min(s, key=rank)),
        messages=("message", lambda m: list(dict.fromkeys(m))),
    )


TEST_FIELDS = ("id", "date", "group", "subject", "kind", "title", "teacher")


def kind_names(kinds: Mapping[str, Kind]) -> dict[str, str]:
    """Each kind's name as the school writes it: its first alias in school.toml (`PW` for
    `[kinds.proefwerk] aliases = ["PW", ...]`), else its key. The table keeps only the key (the
    importer maps every alias to it), so the first alias is the school's own word for it."""
    names = {key: (kind.aliases[0].strip() if kind.aliases else "") for key, kind in kinds.items()}
    return {key: name or key for key, name in names.items()}


def finding_tests(
    findings: pd.DataFrame, table: pd.DataFrame, kinds: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A row per test per open finding, in the findings' order: `finding` (its position),
    severity, message, and the test's id, date, group, subject, kind, title and teacher; the
    kind by its name in `kinds` (see kind_names) when given."""
    decision = findings["decision"] if "decision" in findings else pd.Series("", findings.index)
    open_ = findings[decision.fillna("").astype("str") != "accepted"]
    pairs = [
        (n, str(severity), str(message), test)
        for n, (severity, message, ids) in enumerate(
            zip(open_["severity"], open_["message"], open_["assessments"], strict=True)
        )
        for test in assessment_ids(ids)
    ]
    out = pd.DataFrame(pairs, columns=["finding", "severity", "message", "id"])
    tests = table[list(TEST_FIELDS)].astype({"id": "str"})
    out = out.merge(tests, on="id", how="inner")  # a test no longer in the plan is left out
    out["title"] = out["title"].fillna("").astype("str")
    out["teacher"] = out["teacher"].fillna("").astype("str")
    if kinds:
        out["kind"] = out["kind"].map(lambda k: kinds.get(k, k)).astype("str")
    return out.sort_values(["finding", "date", "group", "id"], ignore_index=True)


def per_teacher(
    tests: pd.DataFrame, suggested: Mapping[str, dt.date] | None = None
) -> pd.DataFrame:
    """Each teacher's tests in open errors and warnings (an info asks no one to act; a test of
    two teachers is on both lists; one without a teacher under ''): teacher, id, date, group,
    subject, kind, title, the number of findings, the worst severity, their sentences and the
    `suggested` new date (from `suggested`, test id -> day, a repair's moves; NaT where it has
    none); by teacher, then date."""
    columns = ["teacher", "id", "date", "group", "subject", "kind", "title"]
    tests = tests[tests["severity"].isin(["error", "warning"])]
    if tests.empty:
        out = pd.DataFrame(columns=[*columns, "findings", "severity", "messages"])
        return out.assign(suggested=pd.Series([], dtype="datetime64[us]"))
    codes = tests["teacher"].map(lambda t: teacher_codes(t) or [""])
    rows = tests.assign(teacher=codes).explode("teacher")[columns].drop_duplicates()
    out = rows.merge(per_test(tests), left_on="id", right_index=True)
    days = {test: pd.Timestamp(day) for test, day in (suggested or {}).items()}
    out["suggested"] = out["id"].map(days).astype("datetime64[us]")
    return out.sort_values(["teacher", "date", "group", "id"], ignore_index=True)


def suggested_dates(moves: Iterable[Move]) -> dict[str, dt.date]:
    """Test id -> the day a repair moves it to."""
    return {move.id: move.after for move in moves}


MOVE_COLUMNS = ("take", "id", "title", "group", "subject", "kind", "from", "to", "reason")


def moves_table(moves: Sequence[Move], kinds: Mapping[str, str], lang: Lang) -> pd.DataFrame:
    """A repair's moves to choose from, all chosen: take, id, title, group, subject, kind (as
    the school names it), from, to (dates in words) and reason."""
    return pd.DataFrame(
        {
            "take": [True] * len(moves),
            "id": [m.id for m in moves],
            "title": [m.title for m in moves],
            "group": [m.group for m in moves],
            "subject": [m.subject for m in moves],
            "kind": [kinds.get(m.kind, m.kind) for m in moves],
            "from": [fmt_date(m.before, lang) for m in moves],
            "to": [fmt_date(m.after, lang) for m in moves],
            "reason": [m.reason for m in moves],
        },
        columns=list(MOVE_COLUMNS),
    )
