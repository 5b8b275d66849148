"""planner.suggest: where a test may go (the window back and forward, today, test weeks, the
lesson days the plan shows) and what cannot be repaired, on the cases seen on plans no one here
wrote: a lone Saturday quiz, three tests on one test-week day, a test in the last make-up
window. Dates: see conftest (2025-2026, region midden)."""

from __future__ import annotations

import datetime as dt

from conftest import make_config, make_members, make_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_suggest import errors_per_entity

from planner.lessons import lesson_days
from planner.school_calendar import SchoolCalendar
from planner.suggest import Options, repair

D = dt.date
ENOUGH, STEPS = 60, 3000
TEST_WEEK = """
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-03-30
end = 2026-04-02
groups = ["4*"]
"""
MAKEUP_ERROR = '[rules.makeup-room]\ndays = 10\nseverity = "error"\n'


def test_a_lone_saturday_quiz_goes_to_a_school_day() -> None:
    """One quiz of nederlands for 2B, on a Saturday: that one date says nothing about when
    the lessons are, so any school day near it will do."""
    config = make_config()
    plan = make_plan(
        [("2026-03-14", "2B", "nederlands", "SO"), ("2026-03-10", "2B", "Engels", "PW")], config
    )
    done = repair(plan, config, seconds=ENOUGH, seed=0, steps=STEPS, lang="en")
    assert done.before.summary["errors"] == 1 and done.after.summary["errors"] == 0
    (move,) = done.moves
    assert (move.id, move.after) == ("a1", D(2026, 3, 16))  # the next school day
    assert done.unrepairable == done.left == []


def test_three_tests_on_one_test_week_day_spread_over_the_test_week() -> None:
    """The subjects' homework is all on Tuesdays: the old rule took that for their only lesson
    day and found no day in the test week; a test week has its own sessions."""
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-03-31", "4H", s, "PW") for s in ("wiskunde", "Engels", "biologie")]
    rows += [(d, "4H", s, "HW") for d in ("2026-03-10", "2026-03-17") for s in ("wiskunde",)]
    rows += [("2026-03-03", "4H", s, "HW") for s in ("wiskunde", "Engels", "biologie")]
    plan = make_plan(rows, config)
    done = repair(plan, config, seconds=ENOUGH, seed=0, steps=STEPS)
    assert done.before.summary["errors"] == 1 and done.after.summary["errors"] == 0
    (move,) = done.moves
    assert D(2026, 3, 30) <= move.after <= D(2026, 4, 2)  # within Toetsweek 2
    assert move.after != D(2026, 3, 31)


def test_a_test_in_the_last_make_up_window_moves_back() -> None:
    """Wed 8 Jul is in the last ten school days (6-17 Jul): no time to make it up. Forward
    there is no room; the week before has."""
    config = make_config(MAKEUP_ERROR)
    plan = make_plan([("2026-07-08", "3C", "geschiedenis", "PW")], config)
    done = repair(plan, config, seconds=ENOUGH, seed=0, steps=STEPS)
    assert done.before.summary["errors"] == 1 and done.after.summary["errors"] == 0
    (move,) = done.moves
    assert move.after == D(2026, 7, 3)  # the last day before the last ten
    # without looking back it could not be done, and the repair proves it
    forward = repair(
        plan, config, options=Options(weeks_before=0), seconds=ENOUGH, seed=0, steps=STEPS,
        lang="en",
    )  # fmt: skip
    assert forward.moves == [] and forward.left == []
    ((_, why),) = forward.unrepairable
    assert why == (
        "no school day for geschiedenis 3C in Mon 6 Jul – Fri 17 Jul without an error for "
        "'Room to make up a test'"
    )


def test_no_test_moves_before_today() -> None:
    config = make_config(MAKEUP_ERROR)
    plan = make_plan([("2026-07-08", "3C", "geschiedenis", "PW")], config)
    today = Options(today=D(2026, 7, 6))
    done = repair(plan, config, options=today, seconds=ENOUGH, seed=0, steps=STEPS, lang="en")
    assert done.moves == [] and len(done.unrepairable) == 1
    past = Options(today=D(2026, 7, 9))  # the test was yesterday: it stays
    done = repair(plan, config, options=past, seconds=ENOUGH, seed=0, steps=STEPS, lang="en")
    assert done.moves == []
    assert done.unrepairable[0][1] == "geschiedenis 3C is today or already past"


def test_unrepairable_is_proven_by_the_tests_that_cannot_move() -> None:
    """2A has three proefwerken on Tue 10 Mar, two of them movable; every other school day of
    the week already has a locked proefwerk (one heavy test a day is the limit). With the window
    at its own week no day is legal: unrepairable, not merely left. The week's error (7 tests,
    max 4) is unrepairable too: the five locked tests alone are too many."""
    config = make_config()
    rows = [("2026-03-10", "2A", s, "PW") for s in ("wiskunde", "Engels", "biologie")]
    rows += [(f"2026-03-{d:02}", "2A", f"vak{d}", "PW") for d in (9, 11, 12, 13)]
    plan = make_plan(rows, config, locked=["ja", "", "", "ja", "ja", "ja", "ja"])
    own_week = Options(weeks_before=0, weeks_after=0)
    done = repair(plan, config, options=own_week, seconds=ENOUGH, seed=0, steps=STEPS, lang="en")
    assert done.moves == [] and done.left == []
    why = {done.after.frame.loc[row, "rule"]: w for row, w in done.unrepairable}
    assert sorted(why) == ["tests-per-day", "tests-per-week"]
    assert why["tests-per-day"] == (
        "no school day for Engels 2A in Mon 9 Mar – Fri 13 Mar where 2A stays within 1 "
        "heavy test(s) a day"
    )
    assert why["tests-per-week"] == (
        "the tests that cannot move are too many by themselves: vak9 2A, wiskunde 2A, "
        "vak11 2A, vak12 2A, vak13 2A"
    )
    # a week later has room: the day's error is repaired
    done = repair(plan, config, seconds=ENOUGH, seed=0, steps=STEPS)
    assert set(done.after.frame.query("severity == 'error'")["rule"]) == {"tests-per-week"}
    assert len(done.moves) == 2


def test_homework_moves_when_asked_to_a_lesson_day_of_its_subject() -> None:
    """1A has 90 minutes of homework on Tue 10 Mar (max 60): Frans (lessons on Tuesday and
    Thursday, as the plan shows), Engels and biologie. Homework stays put unless asked."""
    config = make_config()
    rows = [
        ("2026-03-10", "1A", "Frans", "HW"),
        ("2026-03-10", "1A", "Engels", "HW"),
        ("2026-03-10", "1A", "biologie", "HW"),
        ("2026-03-05", "1A", "Frans", "HW"),
        ("2026-03-03", "1A", "Frans", "HW"),
    ]
    plan = make_plan(rows, config, minutes=[30, 30, 30, 10, 10], locked=["", "ja", "ja", "", ""])
    done = repair(plan, config, seconds=ENOUGH, seed=0, steps=STEPS)
    assert done.before.summary["warnings"] == 1 and done.moves == []
    asked = Options(homework=True)
    done = repair(plan, config, options=asked, seconds=ENOUGH, seed=0, steps=STEPS)
    assert done.after.summary["warnings"] == 0
    (move,) = done.moves
    assert move.id == "a1" and move.after == D(2026, 3, 12)  # Frans: the next Thursday


# --- properties on random plans, with windows, today, a test week and homework -----------

DAYS = [D(2026, 3, 23) + dt.timedelta(days=n) for n in range(19)]  # ma 23 mrt - do 9 apr
TW = """
[[calendar.test_weeks]]
name = "TW"
start = 2026-03-30
end = 2026-04-02
groups = ["4B"]
"""


@st.composite
def random_plans(
    draw: st.DrawFn,
) -> tuple[list[tuple[str, str, str, str]], list[str], list[str]]:
    n = draw(st.integers(3, 14))
    rows, locked, minutes = [], [], []
    for _ in range(n):
        rows.append(
            (
                draw(st.sampled_from(DAYS)).isoformat(),
                draw(st.sampled_from(["4A", "4B", "4A.fa"])),
                draw(st.sampled_from(["wiskunde", "Frans", "biologie", "Engels"])),
                draw(st.sampled_from(["PW", "SO", "PO", "HW"])),
            )
        )
        locked.append(draw(st.sampled_from(["", "", "ja"])))
        minutes.append(draw(st.sampled_from(["", "20", "45"])))
    return rows, locked, minutes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    random_plans(),
    st.integers(0, 2),
    st.integers(0, 2),
    st.sampled_from([None, D(2026, 3, 26), D(2026, 4, 1)]),
    st.booleans(),
)
def test_moves_stay_in_the_window_and_the_test_week(
    drawn: tuple[list[tuple[str, str, str, str]], list[str], list[str]],
    before: int,
    after: int,
    today: dt.date | None,
    homework: bool,
) -> None:
    rows, locked, minutes = drawn
    config = make_config(calendar=TW)
    plan = make_plan(rows, config, locked=locked, minutes=minutes)
    members = make_members([("p1", "4A"), ("p1", "4A.fa"), ("p2", "4B"), ("p2", "4A.fa")])
    options = Options(weeks_before=before, weeks_after=after, today=today, homework=homework)
    done = repair(plan, config, members=members, options=options, seconds=2, seed=0, steps=300)
    calendar = SchoolCalendar(config)
    school_days = {d.date() for d in calendar.school_days}
    test_week = {D(2026, 3, 30) + dt.timedelta(days=n) for n in range(4)}
    mondays = sorted({monday(d) for d in school_days})
    table = plan.assessments.set_index("id")
    days = lesson_days(plan)
    for move in done.moves:
        assert move.after in school_days
        assert table.loc[move.id, "locked"] is not True
        if move.kind == "huiswerk":  # only when asked, and to a lesson day of its subject
            assert homework
            known = days.get((move.group.casefold(), move.subject.casefold()))
            assert known is None or move.after.weekday() in known
        assert today is None or (move.after >= today and move.before >= today)
        if move.group == "4B":  # in the test week it stays there; outside, it stays out
            assert (move.before in test_week) == (move.after in test_week)
        anchor = next(d for d in sorted(school_days) if d >= move.before)
        apart = mondays.index(monday(move.after)) - mondays.index(monday(anchor))
        assert -before <= apart <= after  # in school weeks
    errors_before = errors_per_entity(done.before.frame)
    errors_after = errors_per_entity(done.after.frame)
    assert all(n <= errors_before.get(key, 0) for key, n in errors_after.items())
    assert len(done.unrepairable) + len(done.left) == done.after.summary["errors"]


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
