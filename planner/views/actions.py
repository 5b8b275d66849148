"""Who acts after the meeting: the tests behind each open finding, and each teacher's own tests
in open findings, for the conflict workbook, the PDF and the Meeting page. A finding the team
accepted asks nothing of anyone; every other one lists its tests with title and teacher."""

from __future__ import annotations

import pandas as pd

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


def finding_tests(findings: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """A row per test per open finding, in the findings' order: `finding` (its position),
    severity, message, and the test's id, date, group, subject, kind, title and teacher."""
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
    return out.sort_values(["finding", "date", "group", "id"], ignore_index=True)


def per_teacher(tests: pd.DataFrame) -> pd.DataFrame:
    """Each teacher's tests in open errors and warnings (an info asks no one to act; a test of
    two teachers is on both lists; one without a teacher under ''): teacher, id, date, group,
    subject, kind, title, the number of findings, the worst severity and their sentences; by
    teacher, then date."""
    columns = ["teacher", "id", "date", "group", "subject", "kind", "title"]
    tests = tests[tests["severity"].isin(["error", "warning"])]
    if tests.empty:
        return pd.DataFrame(columns=[*columns, "findings", "severity", "messages"])
    codes = tests["teacher"].map(lambda t: teacher_codes(t) or [""])
    rows = tests.assign(teacher=codes).explode("teacher")[columns].drop_duplicates()
    out = rows.merge(per_test(tests), left_on="id", right_index=True)
    return out.sort_values(["teacher", "date", "group", "id"], ignore_index=True)
