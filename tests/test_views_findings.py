"""The findings views: filters, the tests of a finding, worst weeks, open findings per group,
decisions taken and the findings CSV; on small frames built here and on the sample school."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import SAMPLE_PLAN, make_plan

from planner.decisions import Decision, Dropped, Review, Status, fingerprint, review
from planner.exporters.to_csv import FINDINGS_CSV_FIELDS, findings_csv
from planner.services import check_stored
from planner.storage import Store, StoredPlan
from planner.views.findings import (
    Filters,
    counts,
    decisions_taken,
    filter_findings,
    filter_options,
    finding_key,
    groups_of,
    mondays_touched,
    open_per_group,
    page_of,
    pages,
    worst_weeks,
)
from planner.views.findings import tests_involved as involved  # (a test* name is collected)

FINDING_COLUMNS = (
    "rule", "severity", "group", "pupil", "start", "end", "assessments", "value", "limit",
    "message", "reference",
)  # fmt: skip


def finding(
    rule: str,
    severity: str,
    group: str,
    start: str,
    end: str | None = None,
    *,
    pupil: str | None = None,
    ids: tuple[str, ...] = ("a1",),
    decision: str = "",
    note: str = "",
    by: str = "",
) -> dict[str, Any]:
    return {
        "rule": rule,
        "severity": severity,
        "group": group,
        "pupil": pupil,
        "start": pd.Timestamp(start),
        "end": pd.Timestamp(end or start),
        "assessments": ids,
        "value": 3.0,
        "limit": 2.0,
        "message": f"{pupil or group}: {rule} op {start}",
        "reference": "art. 3",
        "decision": decision,
        "note": note,
        "decided_by": by,
        "decided_at": pd.Timestamp("2026-03-01 09:30") if decision else pd.NaT,
    }


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=[*FINDING_COLUMNS, "decision", "note", "decided_by",
                                            "decided_at"])  # fmt: skip
    out["pupil"] = out["pupil"].astype("object")
    for col in ("start", "end", "decided_at"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[us]")
    return out


# Week 11 of 2026: ma 9 - vr 13 mrt; week 12: ma 16 - vr 20 mrt.
FINDINGS = frame(
    finding("tests-per-day", "error", "2A", "2026-03-10", ids=("a1", "a2", "a3")),
    finding("peak-week", "info", "2A", "2026-03-09", "2026-03-13"),
    finding("homework-per-day", "warning", "2B", "2026-03-17", decision="accepted", by="Jan"),
    finding("consecutive-test-days", "warning", "3H1", "2026-03-12", "2026-03-17"),
    finding("tests-per-week", "error", "2A, 2B", "2026-03-16", "2026-03-20", pupil="p7"),
    finding("duplicate", "warning", "2B", "2026-03-19", decision="todo", note="Piet kijkt"),
)


def rules_of(out: pd.DataFrame) -> list[str]:
    return out["rule"].tolist()


# --- filters -----------------------------------------------------------------------------------


def test_group_findings_only_unless_pupils_are_asked_for() -> None:
    assert "p7" not in filter_findings(FINDINGS, Filters())["pupil"].tolist()
    both = filter_findings(FINDINGS, Filters(pupils=True))
    assert len(both) == len(FINDINGS)
    assert both["pupil"].tolist()[-1] == "p7"  # pupils' findings come after the groups'


def test_errors_first_then_warnings_then_infos_by_day() -> None:
    out = filter_findings(FINDINGS, Filters())
    assert rules_of(out) == [
        "tests-per-day",
        "consecutive-test-days",
        "homework-per-day",
        "duplicate",
        "peak-week",
    ]


def test_filter_by_rule_and_severity() -> None:
    assert rules_of(filter_findings(FINDINGS, Filters(rule="duplicate"))) == ["duplicate"]
    warnings = filter_findings(FINDINGS, Filters(severity="warning"))
    assert set(warnings["severity"]) == {"warning"}
    assert len(warnings) == 3


def test_a_group_filter_finds_the_pupils_who_share_that_group() -> None:
    out = filter_findings(FINDINGS, Filters(group="2B", pupils=True))
    assert rules_of(out) == ["homework-per-day", "duplicate", "tests-per-week"]
    assert groups_of("2A, 2B") == ["2A", "2B"]
    # "2" is no group: no partial matches
    assert filter_findings(FINDINGS, Filters(group="2")).empty


def test_a_week_filter_finds_what_touches_the_week() -> None:
    week12 = filter_findings(FINDINGS, Filters(week=dt.date(2026, 3, 16)))
    # the run of heavy tests from do 12 to di 17 mrt lies in both weeks
    assert set(rules_of(week12)) == {"consecutive-test-days", "homework-per-day", "duplicate"}
    week11 = filter_findings(FINDINGS, Filters(week=dt.date(2026, 3, 9)))
    assert set(rules_of(week11)) == {"tests-per-day", "peak-week", "consecutive-test-days"}


def test_filter_by_decision() -> None:
    opened = filter_findings(FINDINGS, Filters(decision="open"))
    assert set(opened["decision"]) == {""}
    assert rules_of(filter_findings(FINDINGS, Filters(decision="accepted"))) == ["homework-per-day"]
    assert rules_of(filter_findings(FINDINGS, Filters(decision="todo"))) == ["duplicate"]


def test_filter_options_hold_only_what_the_findings_have() -> None:
    options = filter_options(FINDINGS)
    assert options.rules == [
        "tests-per-day",
        "homework-per-day",
        "consecutive-test-days",
        "duplicate",
        "peak-week",
    ]  # the catalogue's order
    assert options.severities == ["error", "warning", "info"]
    assert options.groups == ["2A", "2B", "3H1"]
    assert options.weeks == [dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
    with_pupils = filter_options(FINDINGS, pupils=True)
    assert "tests-per-week" in with_pupils.rules


def test_mondays_touched_spans_several_weeks() -> None:
    long = frame(finding("makeup-room", "warning", "1A", "2026-03-13", "2026-03-30"))
    assert mondays_touched(long) == [
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
        dt.date(2026, 3, 23),
        dt.date(2026, 3, 30),
    ]


def test_counts() -> None:
    c = counts(FINDINGS)
    assert c == {
        "findings": 6,
        "errors": 2,
        "warnings": 3,
        "infos": 1,
        "groups": 5,
        "pupils": 1,
        "open": 4,
        "accepted": 1,
        "todo": 1,
    }


def test_pages() -> None:
    assert pages(0, 25) == 1
    assert pages(25, 25) == 1
    assert pages(26, 25) == 2
    rows = pd.DataFrame({"n": range(54)})
    assert page_of(rows, 3, 25)["n"].tolist() == [50, 51, 52, 53]


def test_finding_key_is_stable_and_tells_findings_apart() -> None:
    a = finding_key("tests-per-day", "2A", None, pd.Timestamp("2026-03-10"), "2026-03-10")
    assert a == finding_key("tests-per-day", "2A", None, dt.date(2026, 3, 10), "2026-03-10")
    assert a != finding_key("tests-per-day", "2A", "p1", "2026-03-10", "2026-03-10")


# --- the tests of a finding ---------------------------------------------------------------------


def test_tests_involved_from_the_plan() -> None:
    plan = make_plan(
        [
            ("2026-03-10", "2A", "wiskunde", "PW"),
            ("2026-03-09", "2A", "Engels", "SO"),
            ("2026-03-10", "2A", "biologie", "PW"),
        ],
        title=["H6", "Unit 5", "H5"],
        teacher=["PTR", "SMT", ""],
    )
    out = involved(["a1", "a2", "a3", "gone"], plan.assessments)
    assert list(out.columns) == ["id", "date", "group", "subject", "kind", "title", "teacher"]
    assert out["id"].tolist() == ["a2", "a3", "a1"]  # by date, then subject
    assert out["date"].tolist()[0] == dt.date(2026, 3, 9)
    assert out["kind"].tolist() == ["so", "proefwerk", "proefwerk"]
    assert out["teacher"].tolist() == ["SMT", "", "PTR"]
    assert involved(["gone"], plan.assessments).empty


# --- the meeting: worst weeks, open per group, decisions ------------------------------------------


def test_worst_weeks_rank_by_errors_then_warnings() -> None:
    findings = frame(
        finding("homework-per-day", "warning", "1A", "2026-03-02"),
        finding("homework-per-day", "warning", "1B", "2026-03-03"),
        finding("tests-per-day", "error", "2A", "2026-03-10"),
        finding("peak-week", "info", "2C", "2026-03-09"),
        finding("tests-per-day", "error", "3A", "2026-03-17"),
        finding("duplicate", "warning", "3B", "2026-03-18"),
        finding("peak-week", "info", "4A", "2026-03-23"),  # infos only: not a week to discuss
        finding("tests-per-day", "error", "2, 3", "2026-03-02", pupil="p1"),
    )
    weeks = worst_weeks(findings)
    assert weeks["monday"].tolist() == [
        dt.date(2026, 3, 16),  # 1 error, 1 warning
        dt.date(2026, 3, 9),  # 1 error
        dt.date(2026, 3, 2),  # 2 warnings (the pupil's error is not counted)
    ]
    assert weeks["groups"].tolist() == [("3A", "3B"), ("2A",), ("1A", "1B")]  # not 2C's info
    assert weeks[["errors", "warnings", "infos"]].values.tolist() == [[1, 1, 0], [1, 0, 1],
                                                                       [0, 2, 0]]  # fmt: skip
    assert worst_weeks(findings, top=1)["monday"].tolist() == [dt.date(2026, 3, 16)]
    with_pupils = worst_weeks(findings, pupils=True)
    assert with_pupils["monday"].tolist()[0] == dt.date(2026, 3, 2)
    assert with_pupils["groups"].tolist()[0] == ("1A", "1B", "2", "3")
    assert worst_weeks(findings.iloc[0:0]).empty


def test_open_per_group_leaves_out_what_the_team_accepted() -> None:
    out = open_per_group(FINDINGS)
    assert out["group"].tolist() == ["2A", "2B", "3H1"]  # errors, warnings, then by name
    first = out.iloc[0]
    assert (first["errors"], first["warnings"], first["infos"], first["total"]) == (1, 0, 1, 2)
    assert first["messages"][0].startswith("2A: tests-per-day")  # the error before the info
    two_b = out[out["group"] == "2B"].iloc[0]
    assert two_b["messages"] == ("2B: duplicate op 2026-03-19",)  # to do: still open
    with_pupils = open_per_group(FINDINGS, pupils=True)
    assert with_pupils[with_pupils["group"] == "2B"].iloc[0]["errors"] == 1
    all_accepted = FINDINGS.assign(decision="accepted")
    assert open_per_group(all_accepted).empty


def test_decisions_taken_with_the_lapsed_ones_and_why() -> None:
    plan = make_plan(
        [
            ("2026-03-10", "2A", "wiskunde", "PW"),
            ("2026-03-10", "2A", "Engels", "PW"),
            ("2026-03-11", "2B", "Frans", "SO"),
        ]
    )
    table = plan.assessments
    findings = frame(
        finding("tests-per-day", "error", "2A", "2026-03-10", ids=("a1", "a2")),
        finding("duplicate", "warning", "2B", "2026-03-11", ids=("a3",)),
    ).drop(columns=["decision", "note", "decided_by", "decided_at"])

    def decision(rule: str, group: str, day: str, ids: tuple[str, ...], **kw: Any) -> Decision:
        return Decision(
            rule=rule,
            group=group,
            pupil=None,
            start=dt.date.fromisoformat(day),
            end=dt.date.fromisoformat(day),
            status=kw.get("status", Status.ACCEPTED),
            note=kw.get("note", ""),
            assessments=ids,
            fingerprint=kw.get("fp", fingerprint(ids, table)),
            person="Jan",
            at=dt.datetime(2026, 3, 1, 9, 30),
        )

    decisions = [
        decision("tests-per-day", "2A", "2026-03-10", ("a1", "a2"), note="oefentoets"),
        decision("duplicate", "2B", "2026-03-11", ("a3",), status=Status.TODO, fp="old"),
        decision("peak-week", "1A", "2026-01-05", ("x",)),
    ]
    reviewed = review(findings, decisions, table)
    out = decisions_taken(reviewed)
    # what holds first; then the lapsed ones by day
    assert out["rule"].tolist() == ["tests-per-day", "peak-week", "duplicate"]
    held = out.iloc[0]
    assert (held["status"], held["note"], held["decided_by"]) == ("accepted", "oefentoets", "Jan")
    assert held["message"].startswith("2A: tests-per-day")
    lapsed = dict(zip(out["rule"], out["lapsed"], strict=True))
    assert lapsed == {"tests-per-day": "", "duplicate": "changed", "peak-week": "resolved"}
    assert out.iloc[2]["message"] == ""  # the finding it was about changed: its words are gone
    assert decisions_taken(Review(FINDINGS.iloc[0:0], [])).empty


def test_decisions_taken_puts_to_do_before_accepted() -> None:
    out = decisions_taken(Review(FINDINGS, []))
    assert out["status"].tolist() == ["todo", "accepted"]
    assert out["lapsed"].tolist() == ["", ""]
    assert out["decided_at"].tolist()[0] == dt.datetime(2026, 3, 1, 9, 30)
    dropped = [
        (
            Decision(
                "tests-per-day", "2A", "p1", dt.date(2026, 3, 10), dt.date(2026, 3, 10),
                Status.TODO, "", ("a1",), "fp", "Jan", None,
            ),
            Dropped.RESOLVED,
        )
    ]  # fmt: skip
    assert len(decisions_taken(Review(FINDINGS, dropped))) == 3
    assert len(decisions_taken(Review(FINDINGS, dropped), pupils=False)) == 2


# --- the findings CSV ---------------------------------------------------------------------------


def test_findings_csv_has_the_decisions_and_inert_text() -> None:
    findings = FINDINGS.copy()
    findings.loc[5, "note"] = '=HYPERLINK("http://x")'
    findings.loc[2, "decided_by"] = "@jan"
    rows = list(csv.DictReader(io.StringIO(findings_csv(findings))))
    assert tuple(rows[0]) == FINDINGS_CSV_FIELDS
    assert tuple(FINDINGS_CSV_FIELDS[-4:]) == ("decision", "note", "decided_by", "decided_at")
    assert len(rows) == len(findings)
    by_rule = {r["rule"]: r for r in rows}
    assert by_rule["duplicate"]["decision"] == "todo"
    assert by_rule["duplicate"]["note"] == '\'=HYPERLINK("http://x")'
    assert by_rule["homework-per-day"]["decided_by"] == "'@jan"
    assert by_rule["homework-per-day"]["decided_at"] == "2026-03-01T09:30:00"
    assert by_rule["tests-per-day"]["assessments"] == "a1 a2 a3"
    assert by_rule["tests-per-day"]["pupil"] == ""
    assert by_rule["tests-per-day"]["start"] == "2026-03-10"
    assert by_rule["tests-per-week"]["pupil"] == "p7"
    assert rows[-1]["rule"] == "tests-per-week"  # the pupils' findings last, as on the page


# --- the sample school ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_store_file: Path) -> Iterator[tuple[StoredPlan, Review, dict[str, int]]]:
    with Store(str(sample_store_file)) as store:
        stored = store.load(SAMPLE_PLAN)
    checked = check_stored(stored, "nl")
    result, reviewed = checked.result, checked.review
    yield stored, reviewed, result.summary


def test_sample_counts_agree_with_the_check(
    sample: tuple[StoredPlan, Review, dict[str, int]],
) -> None:
    _, reviewed, summary = sample
    c = counts(reviewed.frame)
    assert (c["errors"], c["warnings"], c["infos"]) == (
        summary["errors"],
        summary["warnings"],
        summary["infos"],
    )
    assert c["groups"] + c["pupils"] == c["findings"] == len(reviewed.frame)
    assert c["pupils"] > 0


def test_sample_findings_of_2a_and_their_tests(
    sample: tuple[StoredPlan, Review, dict[str, int]],
) -> None:
    stored, reviewed, _ = sample
    out = filter_findings(reviewed.frame, Filters(group="2A", rule="tests-per-day"))
    assert len(out) == 1
    row = out.iloc[0]
    tests = involved(row["assessments"], stored.plan.assessments)
    assert len(tests) == len(row["assessments"]) == 3
    assert set(tests["date"]) == {dt.date(2026, 3, 10)}
    assert set(tests["group"]) == {"2A"}
    assert set(tests["kind"]) <= {"proefwerk", "so"}


def test_sample_worst_weeks_and_open_groups(
    sample: tuple[StoredPlan, Review, dict[str, int]],
) -> None:
    _, reviewed, _ = sample
    weeks = worst_weeks(reviewed.frame)
    assert len(weeks) == 5
    assert weeks["monday"].iloc[0] == dt.date(2026, 3, 9)  # week 11: 2A's crowded Tuesday
    assert "2A" in weeks["groups"].iloc[0]
    errors = weeks["errors"].tolist()
    assert errors == sorted(errors, reverse=True)
    groups = open_per_group(reviewed.frame)
    group_findings = reviewed.frame[reviewed.frame["pupil"].isna()]
    assert groups["total"].sum() == len(group_findings)  # nothing decided yet


def test_sample_findings_csv(sample: tuple[StoredPlan, Review, dict[str, int]]) -> None:
    _, reviewed, _ = sample
    rows = list(csv.reader(io.StringIO(findings_csv(reviewed.frame))))
    assert len(rows) == len(reviewed.frame) + 1
    assert {len(r) for r in rows} == {len(FINDINGS_CSV_FIELDS)}
    assert rows[1][0] and rows[-1][3]  # group findings first, pupils' last
