"""planner.diff: two versions of a plan compared: tests moved, changed, added and removed, and
findings resolved and new, exactly."""

from __future__ import annotations

import pandas as pd
from conftest import make_config, make_plan

from planner.check import check
from planner.diff import compare, compare_tests

# ma 9 .. vr 13 mrt 2026. Before: 2A has three tests on di 10 mrt (tests-per-day: max 2).
BEFORE = [
    ("2026-03-10", "2A", "wiskunde", "PW"),
    ("2026-03-10", "2A", "biologie", "PW"),
    ("2026-03-10", "2A", "Engels", "SO"),
    ("2026-03-11", "2B", "Frans", "SO"),
    ("2026-03-12", "2B", "wiskunde", "PW"),
]
TITLES = ["H1", "H2", "U5", "V1", "H1"]


def test_two_known_plans_give_exactly_the_moves_and_findings() -> None:
    config = make_config()
    before = make_plan(BEFORE, config, title=TITLES)
    # After: biology moves to do 12 mrt, English becomes a PW (same day), Frans is deleted,
    # 2B's wiskunde moves onto wo 11 mrt and a 2B test is added on do 12 mrt.
    after_rows = [
        ("2026-03-10", "2A", "wiskunde", "PW"),
        ("2026-03-12", "2A", "biologie", "PW"),
        ("2026-03-10", "2A", "Engels", "PW"),
        ("2026-03-11", "2B", "wiskunde", "PW"),
        ("2026-03-12", "2B", "geschiedenis", "SO"),
    ]
    after = make_plan(
        after_rows, config, title=["H1", "H2", "U5", "H1", "T1"], id=["a1", "a2", "a3", "a5", "n1"]
    )
    result_before, result_after = check(before, config), check(after, config)
    c = compare(before, result_before, after, result_after, before_label="voor", after_label="na")
    assert c.moved[["id", "date_before", "date_after"]].values.tolist() == [
        ["a2", pd.Timestamp("2026-03-10"), pd.Timestamp("2026-03-12")],
        ["a5", pd.Timestamp("2026-03-12"), pd.Timestamp("2026-03-11")],
    ]
    assert c.changed["id"].tolist() == ["a3"] and c.changed["fields"].tolist() == ["kind, weight"]
    assert c.added["id"].tolist() == ["n1"]
    assert c.removed["id"].tolist() == ["a4"]
    # 2A's day: three tests (two heavy) before; after, English as a PW makes two heavy ones
    assert c.resolved[["rule", "group"]].values.tolist() == [["tests-per-day", "2A"]]
    assert "3 toetsen" in c.resolved["message"].item()
    assert c.new[["rule", "group"]].values.tolist() == [["tests-per-day", "2A"]]
    assert c.new["message"].item().startswith("2A heeft op di 10 mrt 2 zware toetsen (max 1)")
    assert (c.summary_before["errors"], c.summary_after["errors"]) == (1, 1)
    assert not c.empty


def test_a_test_back_under_a_new_id_counts_as_moved() -> None:
    """A teacher's file re-exported after a move: the derived id changes with the date."""
    config = make_config()
    before = make_plan(BEFORE[:2], config, title=TITLES[:2], id=["x1", "x2"]).assessments
    after = make_plan(
        [BEFORE[0], ("2026-03-13", "2A", "Biologie", "PW")],
        config,
        title=["H1", "h2"],
        id=["x1", "y9"],
    ).assessments
    moved, changed, added, removed = compare_tests(before, after)
    assert moved[["id", "id_after"]].values.tolist() == [["x2", "y9"]]
    assert moved["fields"].tolist() == ["subject, title"]  # the spelling, reported
    assert changed.empty and added.empty and removed.empty


def test_identical_plans_compare_empty() -> None:
    config = make_config()
    plan = make_plan(BEFORE, config, title=TITLES)
    result = check(plan, config)
    shuffled = type(plan)(plan.assessments.sample(frac=1, random_state=3))
    c = compare(plan, result, shuffled, check(shuffled, config), before_label="a", after_label="b")
    assert c.empty
