"""planner.suggest: constructed plans with a known best repair, the calendar and lesson timetable
limits, explanations, determinism, and properties on random plans (hypothesis).

Dates: ISO week 11 of 2026 (ma 9 - vr 13 mrt) and week 12 (ma 16 - vr 20 mrt), no holidays;
the voorjaarsvakantie ends zo 22 feb 2026, so ma 23 and di 24 feb are the first school days
after it (see conftest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import make_config, make_members, make_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import check, load_config, read_members, read_plan
from planner.importers.lessons import read_lessons
from planner.lessons import Lessons, lesson_days
from planner.school_calendar import SchoolCalendar
from planner.suggest import Options, apply_moves, candidates, repair

SAMPLE = Path(__file__).parent.parent / "sample_data"
D = dt.date
# Time enough for any machine under load; the searches end on their own (nothing left to
# repair, or long without progress) or after STEPS tries, so results do not depend on speed.
ENOUGH, STEPS = 60, 3000


def errors_per_entity(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    errors = frame[frame["severity"] == "error"]
    out: dict[tuple[str, str], int] = {}
    for group, pupil in zip(errors["group"], errors["pupil"], strict=True):
        key = ("p", pupil) if isinstance(pupil, str) else ("g", group)
        out[key] = out.get(key, 0) + 1
    return out


def three_on_tuesday() -> list[tuple[str, str, str, str]]:
    """2A: two proefwerken and an SO on di 10 mrt (load 2,5 > 2; 2 heavy > 1). With the
    homework the plan shows enough of each subject (three dates on two weekdays) to know its
    lesson days: biologie on Tuesday and Thursday, wiskunde on Tuesday and Friday, Engels on
    Monday and Tuesday."""
    return [
        ("2026-03-10", "2A", "wiskunde", "PW"),
        ("2026-03-10", "2A", "Engels", "SO"),
        ("2026-03-10", "2A", "biologie", "PW"),
        ("2026-03-12", "2A", "biologie", "HW"),
        ("2026-03-03", "2A", "Engels", "HW"),
        ("2026-03-03", "2A", "wiskunde", "HW"),
        ("2026-03-05", "2A", "biologie", "HW"),
        ("2026-03-06", "2A", "wiskunde", "HW"),
        ("2026-03-02", "2A", "Engels", "HW"),
    ]


def locks(*ids: str) -> list[str]:
    """The `locked` column of three_on_tuesday with these tests locked."""
    return ["ja" if f"a{n}" in ids else "" for n in range(1, len(three_on_tuesday()) + 1)]


def test_one_move_repairs_three_tests_on_a_day() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config)
    done = repair(plan, config, seconds=ENOUGH, seed=1, steps=STEPS)
    assert done.before.summary["errors"] == 1
    assert done.after.summary["errors"] == 0
    assert len(done.moves) == 1  # the fewest moves: one proefwerk away
    move = done.moves[0]
    assert move.kind == "proefwerk"
    # the nearest later lesson day: biologie on do 12 mrt, or wiskunde on vr 13 mrt
    assert (move.subject, move.after) in {
        ("biologie", D(2026, 3, 12)),
        ("wiskunde", D(2026, 3, 13)),
    }
    assert done.unrepaired == []


def test_a_locked_test_stays_and_the_other_one_moves() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config, locked=locks("a3"))
    done = repair(plan, config, seconds=ENOUGH, seed=1, steps=STEPS)
    assert [(m.id, m.subject, m.after) for m in done.moves] == [("a1", "wiskunde", D(2026, 3, 13))]
    assert done.after.summary["errors"] == 0
    assert "verplaatst wiskunde 2A van di 10 mrt naar vr 13 mrt" in done.moves[0].reason
    assert "2A heeft op di 10 mrt 3 toetsen" in done.moves[0].reason
    assert "geen nieuwe bevinding" in done.moves[0].reason


def test_the_timetable_decides_the_day() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config, locked=locks("a1", "a2"))
    timetable = Lessons.from_frame(
        pd.DataFrame(
            {"group": ["2A", "2A"], "subject": ["Biologie", "biologie"], "weekday": ["di", "vr"]}
        )
    )
    done = repair(plan, config, lessons=timetable, seconds=ENOUGH, seed=1, steps=STEPS)
    assert [(m.subject, m.after) for m in done.moves] == [("biologie", D(2026, 3, 13))]


def test_all_tests_locked_is_explained() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config, locked=locks("a1", "a2", "a3"))
    done = repair(plan, config, seconds=ENOUGH, seed=1, steps=STEPS, lang="en")
    assert done.moves == []
    assert len(done.unrepairable) == 1 and done.left == []
    row, why = done.unrepairable[0]
    assert done.after.frame.loc[row, "rule"] == "tests-per-day"
    assert why == "the tests are locked"


def test_no_lesson_day_in_the_window_is_explained() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday()[:3], config)
    every = ["wiskunde", "Engels", "biologie"]
    on_tuesday = Lessons.from_frame(
        pd.DataFrame({"group": "2A", "subject": every, "weekday": "di"})
    )  # the timetable: every subject only on Tuesday
    own_week = Options(weeks_before=0, weeks_after=0)
    done = repair(
        plan, config, lessons=on_tuesday, options=own_week, seconds=ENOUGH, seed=1, steps=STEPS
    )
    assert done.moves == [] and done.left == []
    ((_, why),) = done.unrepairable
    assert why.startswith("geen lesdag voor ")
    assert "ma 9 mrt – vr 13 mrt" in why
    data = done.to_dict()
    assert [f["rule"] for f in data["unrepairable"]] == ["tests-per-day"]
    assert data["left"] == []


def test_out_of_a_quiet_period_and_off_a_day_off() -> None:
    config = make_config(calendar="days_off = [2026-03-11]")
    plan = make_plan(
        [
            ("2026-02-23", "1A", "Frans", "PW"),  # first school day after the voorjaarsvakantie
            ("2026-03-11", "1B", "Frans", "SO"),  # a day off
            ("2026-02-26", "1A", "Frans", "HW"),
            ("2026-03-12", "1B", "Frans", "HW"),
        ],
        config,
    )
    done = repair(plan, config, seconds=ENOUGH, seed=3, steps=STEPS)
    assert done.before.summary["errors"] == 1  # the day off; after-holiday is a warning
    assert done.after.summary["errors"] == 0 and done.after.summary["warnings"] == 0
    moved = {m.id: m.after for m in done.moves}
    # the first day after the quiet days (too little in the plan to know the lesson days)
    assert moved == {"a1": D(2026, 2, 25), "a2": D(2026, 3, 12)}


def test_pupils_across_clusters() -> None:
    """Neither cluster breaks a limit; pupils in both get two proefwerken on a day."""
    config = make_config()
    plan = make_plan(
        [
            ("2026-03-10", "4h.wisB", "wiskunde B", "PW"),
            ("2026-03-10", "4h.nat", "natuurkunde", "PW"),
            ("2026-03-12", "4h.nat", "natuurkunde", "HW"),
            ("2026-03-12", "4h.wisB", "wiskunde B", "HW"),
        ],
        config,
    )
    members = make_members(
        [("p1", "4h.wisB"), ("p1", "4h.nat"), ("p2", "4h.wisB"), ("p2", "4h.nat"),
         ("p3", "4h.nat")]
    )  # fmt: skip
    done = repair(plan, config, members=members, seconds=ENOUGH, seed=1, steps=STEPS)
    assert done.before.summary["errors"] == 2  # p1 and p2
    assert done.after.summary["errors"] == 0
    # too little in the plan to know the lesson days: the nearest school day will do
    assert len(done.moves) == 1 and done.moves[0].after == D(2026, 3, 11)


def test_the_same_seed_gives_the_same_moves() -> None:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    before = check(plan, config, members=members)
    one = repair(plan, config, members=members, seconds=60, seed=7, steps=400, before=before)
    two = repair(plan, config, members=members, seconds=60, seed=7, steps=400, before=before)
    assert [m.to_dict() for m in one.moves] == [m.to_dict() for m in two.moves]


def test_the_sample_school_is_repaired_or_explained() -> None:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan(
        [SAMPLE / "plan.csv", SAMPLE / "plan-4havo.xlsx", SAMPLE / "plan-2a.ics"], config
    )
    members, _ = read_members(SAMPLE / "members.csv")
    done = repair(plan, config, members=members, seconds=ENOUGH, seed=0, steps=STEPS)
    assert done.before.summary["errors"] == 24
    # every error is repaired (what is left would be proven unrepairable, with its reason)
    assert done.after.summary["errors"] == len(done.unrepairable) + len(done.left)
    assert done.left == []
    assert done.after.summary["warnings"] < done.before.summary["warnings"]
    assert len(done.moves) <= 15
    calendar = SchoolCalendar(config)
    school_days = {d.date() for d in calendar.school_days}
    assert all(m.after in school_days for m in done.moves)
    # applying the moves gives exactly the plan and findings the repair reports
    again = check(apply_moves(plan, done.moves), config, members=members)
    assert again.summary == done.after.summary


def test_candidates_for_one_finding() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config)
    finding = check(plan, config).frame.iloc[0]
    found = candidates(plan, config, finding["assessments"], lang="en")
    assert found, "a day to move to"
    best = found[0]
    assert best.errors_left == 0
    assert (best.id, best.day) in {("a3", D(2026, 3, 12)), ("a1", D(2026, 3, 13))}
    assert "no new finding" in best.move.reason
    # ranked: no candidate leaves fewer findings than the first
    assert all(c.errors_left >= best.errors_left for c in found)


def test_lesson_days_come_from_the_plan_or_the_timetable() -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config)
    days = lesson_days(plan)
    assert days[("2a", "biologie")] == {1, 3}
    assert days[("2a", "wiskunde")] == {1, 4}
    # too little to go on: two dates, or three on one weekday, or a lone Saturday
    thin = make_plan(
        [("2026-03-10", "2A", "Frans", "PW"), ("2026-03-12", "2A", "Frans", "HW"),
         ("2026-03-03", "2A", "Duits", "HW"), ("2026-03-10", "2A", "Duits", "PW"),
         ("2026-03-17", "2A", "Duits", "HW"), ("2026-03-14", "2A", "nederlands", "SO")],
        config,
    )  # fmt: skip
    assert lesson_days(thin) == {}
    timetable = Lessons.from_frame(
        pd.DataFrame({"group": ["2a"], "subject": ["WISKUNDE"], "weekday": ["Friday"]})
    )
    assert lesson_days(plan, timetable)[("2a", "wiskunde")] == {4}


def test_timetable_file_lists_bad_rows_and_loads_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "rooster.csv"
    path.write_text(
        "klas;vak;dag;lesuur\n2A;biologie;wo;3\n2A;biologie;5;1\n2A;wiskunde;zz;2\n;Frans;ma;1\n"
    )
    timetable, rows, problems = read_lessons(path, lang="en")
    assert timetable.days_for("2a", "Biologie") == frozenset({2, 4})
    assert len(rows) == 2
    assert [(p.row, p.column, p.value) for p in problems] == [(4, "dag", "zz"), (5, "klas", "")]
    assert "not a weekday" in problems[0].message


# --- properties on random plans -----------------------------------------------------------

WEEK = [D(2026, 3, 9) + dt.timedelta(days=n) for n in range(12)]  # ma 9 - vr 20 mrt
KINDS = ["PW", "SO", "PO", "HW"]


@st.composite
def random_plans(
    draw: st.DrawFn,
) -> tuple[list[tuple[str, str, str, str]], list[str], list[tuple[str, str]]]:
    n = draw(st.integers(3, 14))
    rows, locked = [], []
    for _ in range(n):
        day = draw(st.sampled_from(WEEK))
        group = draw(st.sampled_from(["1A", "1B", "1A.fa"]))
        subject = draw(st.sampled_from(["wiskunde", "Frans", "biologie", "Engels"]))
        kind = draw(st.sampled_from(KINDS))
        rows.append((day.isoformat(), group, subject, kind))
        locked.append(draw(st.sampled_from(["", "", "ja"])))
    pupils = [("p1", "1A"), ("p1", "1A.fa"), ("p2", "1B"), ("p2", "1A.fa"), ("p3", "1A")]
    return rows, locked, pupils


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_plans())
def test_moves_respect_the_calendar_locks_and_never_add_errors(
    drawn: tuple[list[tuple[str, str, str, str]], list[str], list[tuple[str, str]]],
) -> None:
    rows, locked, pairs = drawn
    config = make_config(calendar="days_off = [2026-03-11]")
    plan = make_plan(rows, config, locked=locked)
    members = make_members(pairs)
    done = repair(plan, config, members=members, seconds=2, seed=0, steps=300)
    school_days = {d.date() for d in SchoolCalendar(config).school_days}
    locked_ids = {f"a{i + 1}" for i, flag in enumerate(locked) if flag}
    table = plan.assessments.set_index("id")
    for move in done.moves:
        assert move.after in school_days
        assert move.id not in locked_ids
        assert move.after != move.before
        assert move.kind in {"proefwerk", "so", "po"} or table.loc[move.id, "kind"] != "huiswerk"
    before = errors_per_entity(done.before.frame)
    after = errors_per_entity(done.after.frame)
    assert all(n <= before.get(key, 0) for key, n in after.items()), (before, after)
    assert done.after.summary["errors"] <= done.before.summary["errors"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_repair_as_json(lang: str) -> None:
    config = make_config()
    plan = make_plan(three_on_tuesday(), config, locked=locks("a3"))
    data = repair(plan, config, seconds=ENOUGH, seed=1, steps=STEPS, lang=lang).to_dict()
    (move,) = data["moves"]
    assert {k: move[k] for k in ("id", "from", "to")} == {
        "id": "a1",
        "from": "2026-03-10",
        "to": "2026-03-13",
    }
    assert data["unrepairable"] == data["left"] == data["unrepaired"] == []
    assert move["reason"].startswith("verplaatst" if lang == "nl" else "moves")
    assert data["before"]["summary"]["errors"] == 1 and data["after"]["summary"]["errors"] == 0
    assert data["before"]["findings"][0]["rule"] == "tests-per-day"
    assert data["after"]["findings"] == []


def test_a_test_stays_on_its_side_of_a_report_deadline() -> None:
    deadline = """
[[calendar.report_deadlines]]
date = 2026-03-11
groups = ["2*"]
"""
    config = make_config(calendar=deadline)
    assert [(d.date, d.groups) for d in config.report_deadlines] == [(D(2026, 3, 11), ("2*",))]
    plan = make_plan(three_on_tuesday(), config, locked=locks("a1", "a2"))
    later = Options(weeks_before=0)
    done = repair(plan, config, options=later, seconds=ENOUGH, seed=1, steps=STEPS)
    # biologie's lessons after di 10 mrt are on do 12 and di 17 mrt: past the deadline
    assert done.moves == []
    assert done.unrepairable and done.unrepairable[0][1].startswith("geen lesdag")
    # for another year the deadline does not hold
    other = make_config(calendar=deadline.replace('["2*"]', '["1*"]'))
    moved = repair(plan, other, options=later, seconds=ENOUGH, seed=1, steps=STEPS).moves
    assert [m.after for m in moved] == [D(2026, 3, 12)]
