"""The overview page: key figures and the load heatmap of the sample school; an empty store."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from planner.services import check_stored
from planner.views.overview import week_grid

APP = str(Path(__file__).parent.parent / "streamlit_app.py")


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def test_overview_of_the_sample_school(sample_db: Path) -> None:
    at = app().run()
    assert not at.exception
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fouten"] == "24"
    assert metrics["Leerlingen"] == "593"
    assert metrics["Zwaarste week"] == "week 5"  # the test week of the upper years
    assert len(at.get("vega_lite_chart")) == 1


def test_overview_in_english(sample_db: Path) -> None:
    at = app()
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert {m.label for m in at.metric} >= {"Errors", "Pupils", "Heaviest week"}


def test_overview_of_an_empty_store(empty_db: Path) -> None:
    at = app().run()
    assert not at.exception
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)


def test_week_grid_marks_the_weeks_with_errors(sample_db: Path) -> None:
    from planner.storage import Store

    with Store(str(sample_db)) as store:
        stored = store.load("Voorbeeldcollege 2025-2026")
    checked = check_stored(stored, "nl")
    result, reviewed = checked.result, checked.review
    grid = week_grid(stored.plan, stored.config, reviewed.frame)
    errors = result.frame[(result.frame["severity"] == "error") & result.frame["pupil"].isna()]
    marked = grid[grid["severity"] == "error"]
    assert set(marked["group"]) == set(errors["group"])
    holidays = grid[grid["school_days"] == 0]
    assert holidays["load"].sum() == 0
    assert (grid.groupby("group").size() == grid["week"].nunique()).all()
