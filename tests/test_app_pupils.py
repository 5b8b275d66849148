"""The pupils page: pupils over a limit per week, the weekly load, the combinations that cause
the peaks and the way from a combination to the calendar; Dutch and English; without members."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_DIR, SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/pupils.py"


def app(lang: str = "nl") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def test_the_sample_school(sample_db: Path) -> None:
    at = app()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Leerlingen"] == "593"
    assert int(metrics["Leerlingen boven een grens"]) > 0
    assert int(metrics["Combinaties met bevindingen"]) > 0
    assert len(at.get("vega_lite_chart")) == 2  # the week x limit heatmap and the histogram
    table = at.dataframe[0].value
    assert list(table.columns[:4]) == ["Groepen", "Leerlingen", "Bevindingen", "Ernst"]
    assert table["Ernst"].iloc[0] == "⛔ Fout"
    # no pupil ids in the table, only groups and counts
    assert not table["Groepen"].str.contains(r"\b25\d{4}\b").any()


def test_one_week_of_the_histogram(sample_db: Path) -> None:
    at = app()
    weeks = at.selectbox(key="page.pupils.week")
    assert weeks.value is None  # all school weeks
    at.selectbox(key="page.pupils.week").set_value(202611).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 2


def test_a_combination_opens_in_the_calendar(sample_db: Path) -> None:
    at = app()
    assert "leerlingen" in at.selectbox(key="page.pupils.combo").options[0]
    first = at.selectbox(key="page.pupils.pupil").options
    # another combination: its own pupils to choose from
    at.selectbox(key="page.pupils.combo").set_value(1).run()
    assert not at.exception
    pupils = at.selectbox(key="page.pupils.pupil")
    assert pupils.options != first and pupils.value == pupils.options[0]
    pupil = pupils.value
    at.button(key="page.pupils.open").click().run()
    assert not at.exception
    assert at.title[0].value == "Kalender"
    assert at.radio(key="page.calendar.mode").value == "pupil"
    assert at.selectbox(key="page.calendar.pupil").value == pupil
    assert any(f"Leerling {pupil} zit in:" in c.value for c in at.caption)
    assert "⛔ Fout:" in at.html[0].value


def test_in_english(sample_db: Path) -> None:
    at = app("en")
    assert at.title[0].value == "Pupils"
    assert {m.label for m in at.metric} == {
        "Pupils",
        "Pupils over a limit",
        "Combinations with findings",
    }
    assert at.dataframe[0].value["Severity"].iloc[0] == "⛔ Error"


def test_an_empty_store(empty_db: Path) -> None:
    at = app()
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)


def test_a_plan_without_members(empty_db: Path) -> None:
    from planner.importers import read_file

    with Store(str(empty_db)) as store:
        toml = (SAMPLE_DIR / "school.toml").read_text(encoding="utf-8")
        store.create_plan(SAMPLE_PLAN, person="test", config_toml=toml)
        config = store.config_of(SAMPLE_PLAN)[1]
        table, problems = read_file(SAMPLE_DIR / "plan.csv", config)
        store.upload(SAMPLE_PLAN, table, file_name="plan.csv", person="test", problems=problems)
    at = app()
    assert any("members.csv" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")
    at = app("en")
    assert any("The per-pupil check needs a members list" in i.value for i in at.info)
