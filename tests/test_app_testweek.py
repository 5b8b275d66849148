"""The test-week page: make the timetable of the sample school's Toetsweek 1, lock a session
and make the rest again, save it in the plan, on an empty store and in English."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SAMPLE_PLAN
from streamlit.testing.v1 import AppTest
from test_app_edit import app as edit_page_app

from planner.i18n import fmt_date
from planner.services import check_stored
from planner.storage import Store

PAGE = "app_pages/testweek.py"
PREFIX = "page.testweek."


def app(lang: str = "nl") -> AppTest:
    return edit_page_app(lang=lang, page=PAGE, timeout=90)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def make(at: AppTest) -> None:
    at.number_input(key=PREFIX + "seconds").set_value(2)
    at.button(key=PREFIX + "go").click().run()
    assert not at.exception


def test_make_lock_again_and_save(sample_db: Path) -> None:
    at = app()
    assert at.title[0].value == "Toetsweekrooster"
    assert at.selectbox(key=PREFIX + "week").options == ["Toetsweek 1", "Toetsweek 2"]
    make(at)
    shown = metrics(at)
    assert shown["Toetsen"] == "45" and shown["Botsingen"] == "0"
    assert int(shown["Meeste per dag"]) <= 2 and shown["Zittingen"] == "5 x 2"
    table = at.data_editor(key=PREFIX + "table").value
    assert len(table) == 45 and not table["lock"].any()
    # the same timetable per year level: a row per session, a column per year
    assert [t.label for t in at.tabs] == ["Per zitting (vastzetten)", "Per jaarlaag"]
    grid = at.tabs[1].dataframe[0].value
    assert list(grid.columns) == ["Dag", "Zitting", "4h", "4v", "5h", "5v", "6v"]
    assert len(grid) == 10 and grid.iloc[0, 0] == fmt_date(dt.date(2026, 1, 26), "nl")
    first = table.iloc[0]
    # lock the first session's first test and make the rest again
    at.session_state[PREFIX + "table"] = {
        "edited_rows": {0: {"lock": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    again = at.button(key=PREFIX + "go")
    assert again.label == "Opnieuw, met de vaste zittingen"
    again.click().run()
    assert not at.exception
    table = at.data_editor(key=PREFIX + "table").value
    row = table[table["test"] == first["test"]].iloc[0]
    assert (row["day"], row["session"]) == (first["day"], first["session"])
    # a pupil's own week
    box = at.selectbox(key=PREFIX + "pupil")
    assert box.value is not None and all(p.isdigit() for p in box.options)
    at.button(key=PREFIX + "save").click().run()
    assert not at.exception
    assert any("Opgeslagen: 60 toetsen" in s.value for s in at.success)
    with Store(str(sample_db)) as store:
        history = store.history(SAMPLE_PLAN, limit=1)
        result = check_stored(store.load(SAMPLE_PLAN)).result
    assert history[0].person == "Test" and len(history[0].detail["edits"]) == 60
    frame = result.frame
    week_one = frame[
        (frame["rule"] == "test-week-load") & frame["message"].str.contains("Toetsweek 1")
    ]
    assert week_one.empty


def test_the_page_in_english_and_on_an_empty_store(sample_db: Path) -> None:
    at = app(lang="en")
    assert at.title[0].value == "Test-week timetable"
    assert at.button(key=PREFIX + "go").label == "Make the timetable"


def test_an_empty_store(empty_db: Path) -> None:
    at = app()
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)


def test_a_week_too_short_for_the_daily_maximum(sample_db: Path) -> None:
    # one test a day in the test week: pupils with six tests in five days cannot get that
    with Store(str(sample_db)) as store:
        toml, _ = store.config_of(SAMPLE_PLAN)
        strict = toml.replace("[rules.test-week-load]\nmax = 2", "[rules.test-week-load]\nmax = 1")
        assert strict != toml
        store.set_config(SAMPLE_PLAN, strict, person="Test")
    at = app()
    make(at)
    assert metrics(at)["Botsingen"] == "0"
    warning = " ".join(w.value for w in at.warning)
    assert "boven het maximum per dag van een leerling" in warning
    assert "Opgeslagen" not in " ".join(s.value for s in at.success)


def test_tests_kept_off_days_and_sessions(sample_db: Path) -> None:
    at = app()
    avoid = PREFIX + "avoid.Toetsweek 1"
    at.session_state[avoid] = {
        "edited_rows": {},
        "added_rows": [
            {"test": "Frans proefwerk 5v", "day": "2026-01-26"},  # the whole Monday
            {"test": "Engels proefwerk 4h", "day": "2026-01-30", "session": "2"},
            {"test": "Engels proefwerk 4h", "day": "2026-02-02"},  # after the week
        ],
        "deleted_rows": [],
    }
    at.run()
    assert any("ma 2 feb" in w.value and "telt niet" in w.value for w in at.warning)
    make(at)
    table = at.data_editor(key=PREFIX + "table").value
    at_ = {t: (d, s) for t, d, s in zip(table["test"], table["day"], table["session"], strict=True)}
    monday, friday = fmt_date(dt.date(2026, 1, 26), "nl"), fmt_date(dt.date(2026, 1, 30), "nl")
    assert at_["Frans proefwerk 5v"][0] != monday
    assert at_["Engels proefwerk 4h"] != (friday, 2)
    assert metrics(at)["Botsingen"] == "0" and not at.info
    # keep Engels 4h off all five days: said by name, the timetable on screen stays
    days = [f"2026-01-{d}" for d in range(26, 31)]
    at.session_state[avoid] = {
        "edited_rows": {},
        "added_rows": [{"test": "Engels proefwerk 4h", "day": d} for d in days],
        "deleted_rows": [],
    }
    at.run()
    assert any("maak het opnieuw" in i.value for i in at.info)  # the list changed since
    at.button(key=PREFIX + "go").click().run()
    assert not at.exception
    assert any("Engels proefwerk 4h kan in Toetsweek 1 nergens heen" in e.value for e in at.error)
    assert len(at.data_editor(key=PREFIX + "table").value) == 45


def test_tests_of_kinds_without_a_session_keep_their_day(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        toml, _ = store.config_of(SAMPLE_PLAN)
        first = 'name = "Toetsweek 1"\n'
        assert first in toml
        store.set_config(
            SAMPLE_PLAN, toml.replace(first, first + 'session_kinds = ["so"]\n', 1), person="Test"
        )
    at = app()
    said = " ".join(c.value for c in at.caption)
    assert "60 toetsen in deze week krijgen geen zitting (proefwerk;" in said
    make(at)
    assert any("geen toetsen in deze toetsweek" in i.value for i in at.info)
