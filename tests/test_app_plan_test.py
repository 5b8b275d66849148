"""The Plan-a-test page: the calendar of verdicts for a new test, a day's reasons, and adding
the test on the chosen day as one change with the person's name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.fit import Proposal, fit, school_week_days
from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/plan_test.py"
P = "page.plan_test."
RECOVERY = dt.date(2026, 2, 2)  # Monday after Toetsweek 1: recovery days for 4v.bio


def app(person: str = "Test", lang: str = "nl") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = lang
    at.session_state["person"] = person
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def propose(at: AppTest, groups: list[str], subject: str, kind: str, weeks: int = 2) -> None:
    at.multiselect(key=P + "groups").set_value(groups).run()
    at.selectbox(key=P + "subject").set_value(subject).run()
    at.selectbox(key=P + "kind").set_value(kind).run()
    at.date_input(key=P + "first").set_value(RECOVERY).run()
    at.number_input(key=P + "weeks").set_value(weeks).run()
    assert not at.exception


def test_the_calendar_and_a_days_reasons_are_what_fit_says(sample_db: Path) -> None:
    at = app(lang="en")
    assert "Choose at least one group and a subject." in [i.value for i in at.info]
    propose(at, ["4v.bio"], "biologie", "proefwerk")
    grid = at.dataframe(key=P + "grid").value
    assert grid.shape == (2, 5)  # two weeks, Monday to Friday
    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
    days = school_week_days(RECOVERY, 2)
    expected = fit(stored.plan, stored.config, Proposal(("4v.bio",), "biologie", "proefwerk"),
                   days, members=stored.members, lang="en")  # fmt: skip
    marks = {"ok": "✓", "warning": "!", "error": "✗", "closed": "·"}
    cells = [str(c) for c in grid.to_numpy().ravel()]
    assert [c[0] for c in cells] == [marks[d.verdict] for d in expected]
    # the best day is offered first; choosing the Monday shows its reasons
    picker = at.selectbox(key=P + "day")
    best = min(expected, key=lambda d: ("ok", "warning", "error", "closed").index(d.verdict))
    assert picker.value == best.date
    monday = next(d for d in expected if d.date == RECOVERY)
    assert monday.verdict == "error" and monday.reasons
    picker.set_value(RECOVERY).run()
    shown = [m.value for m in at.markdown]
    for reason in monday.reasons:
        assert any(reason.split(":")[0] in line for line in shown), reason
    assert any("recovery after Toetsweek 1" in line for line in shown)


def test_adding_puts_the_test_in_the_plan_as_one_change(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        before = store.load(SAMPLE_PLAN)
    at = app(person="Anna")
    propose(at, ["4v.bio", "4h.bio"], "biologie", "proefwerk")
    day = at.selectbox(key=P + "day").value
    at.button(key=P + "add").click().run()
    assert not at.exception
    assert any("in het plan gezet" in s.value for s in at.success)
    with Store(str(sample_db)) as store:
        after = store.load(SAMPLE_PLAN)
        history = store.history(SAMPLE_PLAN)
    assert after.change == before.change + 1 and history[0].person == "Anna"
    table = after.plan.assessments
    added = table[~table["id"].isin(before.plan.assessments["id"])]
    assert sorted(added["group"]) == ["4h.bio", "4v.bio"]
    assert set(added["date"].dt.date) == {day} and set(added["kind"]) == {"proefwerk"}


def test_without_a_name_nothing_can_be_added(sample_db: Path) -> None:
    at = app(person="")
    propose(at, ["4v.bio"], "biologie", "proefwerk", weeks=1)
    assert at.button(key=P + "add").disabled
    assert "Vul links uw naam in om de toets in het plan te zetten." in [i.value for i in at.info]


def test_reached_from_the_calendar_and_from_a_finding(sample_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = "nl"
    at.session_state["focus.group"] = "4H1"
    at.session_state["focus.week"] = RECOVERY
    at.run()
    at.switch_page("app_pages/calendar.py").run()
    at.button(key="page.calendar.plan_test").click().run()
    assert not at.exception
    assert at.multiselect(key=P + "groups").value == ["4H1"]
    assert at.date_input(key=P + "first").value == RECOVERY
    # a finding's "plan another date" brings its test's group, subject and kind
    at.switch_page("app_pages/findings.py").run()
    button = next(b for b in at.button if b.key and b.key.startswith("page.findings.fit."))
    button.click().run()
    assert not at.exception
    groups = at.multiselect(key=P + "groups").value
    assert len(groups) == 1 and at.selectbox(key=P + "subject").value
    assert at.dataframe(key=P + "grid").value.shape[1] == 5  # the verdicts at once


def test_a_teacher_sees_their_own_tests_with_their_findings(sample_db: Path) -> None:
    at = app(lang="en")
    at.text_input(key=P + "teacher").input("VKL").run()
    assert not at.exception
    mine = at.dataframe[-1].value  # the last table on the page
    with Store(str(sample_db)) as store:
        table = store.load(SAMPLE_PLAN).plan.assessments
    assert len(mine) == (table["teacher"] == "VKL").sum() > 0
    assert list(mine.columns)[:3] == ["Date", "Group", "Subject"]


def test_the_test_can_go_into_the_edit_pages_draft_instead(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        before = store.latest_change(SAMPLE_PLAN)
    at = app(person="Anna")
    propose(at, ["4v.bio"], "biologie", "proefwerk", weeks=1)
    day = at.selectbox(key=P + "day").value
    at.button(key=P + "draft").click().run()
    assert not at.exception
    draft = at.session_state["page.edit.draft"]
    assert draft["plan"] == SAMPLE_PLAN
    added = list(draft["edits"].added.values())
    assert len(added) == 1 and added[0]["group"] == "4v.bio"
    assert added[0]["date"] == day.isoformat()
    # the Edit page shows the draft with the new row; nothing is saved yet
    table = at.data_editor[0].value
    new = table[table["id"].astype("str").isin(draft["edits"].added)]
    assert new["group"].tolist() == ["4v.bio"]
    with Store(str(sample_db)) as store:
        assert store.latest_change(SAMPLE_PLAN) == before
