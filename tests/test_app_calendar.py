"""The calendar page: opened from another page on a group (or pupil) and week, chosen by hand,
moved a week at a time; Dutch and English; an empty store and an empty plan."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pandas as pd
from conftest import SAMPLE_DIR, SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.services import check_stored
from planner.storage import Store, StoredPlan

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/calendar.py"
TEST_WEEK = dt.date(2026, 1, 26)  # Toetsweek 1 of 4*, 5*, 6*


def app(lang: str = "nl", **focus: object) -> AppTest:
    """The dashboard on the calendar page, opened as `state.focus(...)` would open it."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    for name in ("group", "pupil", "week"):
        at.session_state[f"focus.{name}"] = focus.get(name)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def sample(db: Path) -> StoredPlan:
    with Store(str(db)) as store:
        return store.load(SAMPLE_PLAN)


def items_of(stored: StoredPlan, groups: set[str], monday: dt.date, weeks: int = 1) -> pd.DataFrame:
    table = stored.plan.assessments
    start = pd.Timestamp(monday)
    end = start + pd.Timedelta(weeks=weeks)
    return table[table["group"].isin(groups) & (table["date"] >= start) & (table["date"] < end)]


def calendar_html(at: AppTest) -> str:
    assert len(at.html) == 1
    return str(at.html[0].value)


def test_opens_on_the_focus_group_and_week(sample_db: Path) -> None:
    at = app(group="4H1", week=TEST_WEEK)
    assert at.radio(key="page.calendar.mode").value == "group"
    assert at.selectbox(key="page.calendar.group").value == "4H1"
    assert at.selectbox(key="page.calendar.week").value == TEST_WEEK
    page = calendar_html(at)
    tests = items_of(sample(sample_db), {"4H1"}, TEST_WEEK)
    assert not tests.empty
    for row in tests.itertuples():
        assert html.escape(row.title) in page, row.title
    assert "Toetsweek: Toetsweek 1" in page
    assert "week 5 (26-30 jan)" in page
    # the focus is used once: the page's own choices count from now on
    assert at.session_state["focus.group"] is None


def test_previous_and_next_week(sample_db: Path) -> None:
    at = app(group="4H1", week=TEST_WEEK)
    at.button(key="page.calendar.next").click().run()
    assert not at.exception
    assert at.selectbox(key="page.calendar.week").value == TEST_WEEK + dt.timedelta(weeks=1)
    at.button(key="page.calendar.previous").click().run()
    at.button(key="page.calendar.previous").click().run()
    assert at.selectbox(key="page.calendar.week").value == TEST_WEEK - dt.timedelta(weeks=1)


def test_days_off_and_findings_in_words(sample_db: Path) -> None:
    stored = sample(sample_db)
    reviewed = check_stored(stored, "nl").review
    frame = reviewed.frame
    error = frame[(frame["severity"] == "error") & frame["pupil"].isna()].iloc[0]
    monday = error["start"].date() - dt.timedelta(days=error["start"].weekday())
    at = app(group=error["group"], week=monday)
    page = calendar_html(at)
    assert f"⛔ Fout:</b> {html.escape(error['message'])}" in page
    # kerstvakantie in the weeks of 22 dec and 29 dec 2025
    at.selectbox(key="page.calendar.week").set_value(dt.date(2025, 12, 22)).run()
    assert "Geen les: Kerstvakantie" in calendar_html(at)


def test_a_pupil_from_the_focus_sees_the_tests_of_their_clusters(sample_db: Path) -> None:
    stored = sample(sample_db)
    reviewed = check_stored(stored, "nl").review
    frame = reviewed.frame
    finding = frame[frame["pupil"].notna()].iloc[0]
    pupil = str(finding["pupil"])
    assert stored.members is not None
    groups = set(stored.members.loc[stored.members["pupil"] == pupil, "group"])
    monday = finding["start"].date() - dt.timedelta(days=finding["start"].weekday())
    at = app(pupil=pupil, week=monday)
    assert at.radio(key="page.calendar.mode").value == "pupil"
    assert at.selectbox(key="page.calendar.pupil").value == pupil
    assert any(f"Leerling {pupil} zit in:" in c.value for c in at.caption)
    page = calendar_html(at)
    clusters = {g for g in groups if "." in g}
    tests = items_of(stored, clusters, monday)
    assert not tests.empty
    for row in tests.itertuples():
        assert html.escape(row.title) in page, row.title
        assert row.group in page
    assert html.escape(finding["message"]) in page


def test_choosing_a_pupil_by_hand(sample_db: Path) -> None:
    stored = sample(sample_db)
    assert stored.members is not None
    members = stored.members
    pupil = str(members.loc[members["group"] == "4h.wisB", "pupil"].iloc[0])
    clusters = set(members.loc[members["pupil"] == pupil, "group"]) - {"4H1", "4H2"}
    monday = dt.date(2026, 3, 9)
    at = app(week=monday)
    at.radio(key="page.calendar.mode").set_value("pupil").run()
    at.selectbox(key="page.calendar.pupil").set_value(pupil).run()
    assert not at.exception
    page = calendar_html(at)
    tests = items_of(stored, clusters, monday, weeks=4)
    assert "4h.wisB" in set(tests["group"])
    for row in tests.itertuples():
        assert html.escape(row.title) in page, row.title


def test_in_english(sample_db: Path) -> None:
    at = app("en", group="4H1", week=TEST_WEEK)
    assert at.title[0].value == "Calendar"
    page = calendar_html(at)
    assert "Test week: Toetsweek 1" in page
    assert "Mon 26 Jan" in page
    assert "load 1" in page
    totals = next(c.value for c in at.caption if c.value.startswith("In these weeks: "))
    assert " 1 errors" not in totals and " 1 tests" not in totals


def test_an_empty_store(empty_db: Path) -> None:
    at = app()
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)


def test_a_plan_without_tests(empty_db: Path) -> None:
    with Store(str(empty_db)) as store:
        toml = (SAMPLE_DIR / "school.toml").read_text(encoding="utf-8")
        store.create_plan("Leeg", person="test", config_toml=toml)
    at = app("en")
    assert any("no tests yet" in i.value for i in at.info)
