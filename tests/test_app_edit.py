"""The edit / what-if page: it renders (sample school, empty store, Dutch and English), checks
the draft again after an edit in the table and shows what it resolves, saves the draft as one
change with the person, discards it, and saves it as a what-if copy that is then chosen.

AppTest cannot type into st.data_editor (`set_value` raises), but it can seed the editor's
edit state ({edited_rows, added_rows, deleted_rows}) through session state before a run,
which is exactly what the browser sends after an edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest import SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/edit.py"
BIOLOGY = "33aab15ec0"  # 2A biologie proefwerk, di 10 mrt: one of 2A's three tests that day


def app(person: str = "Test", lang: str = "nl", page: str = PAGE, timeout: int = 60) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.session_state["person"] = person
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def edit_table(at: AppTest, **state: Any) -> None:
    """What the browser sends after an edit in the table; positions are rows of the table."""
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": state.get("edited_rows", {}),
        "added_rows": state.get("added_rows", []),
        "deleted_rows": state.get("deleted_rows", []),
    }
    at.run()
    assert not at.exception


def position(at: AppTest, test_id: str) -> int:
    ids = at.data_editor[0].value["id"].tolist()
    return ids.index(test_id)


def move_biology(at: AppTest) -> None:
    at.multiselect(key="page.edit.groups").set_value(["2A"]).run()
    edit_table(at, edited_rows={position(at, BIOLOGY): {"date": "2026-03-12"}})


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(d.value.to_dict("records")) for d in at.dataframe if d.type == "dataframe"]
    return "\n".join(parts)


def test_the_page_on_the_sample_school(sample_db: Path) -> None:
    at = app()
    assert at.title[0].value == "Wijzigen en wat-als"
    table = at.data_editor[0]
    assert table.editing_mode == "dynamic"
    assert len(table.value) == 2000  # of 2911: the first MAX_ROWS, and a line that says so
    assert any("de eerste 2000 van 2911" in i.value for i in at.info)
    assert table.value["day"].iloc[0] == "wo 3 sep"
    assert "Nog geen wijzigingen" in texts(at)
    assert at.button(key="page.edit.save").disabled
    assert at.text_input(key="page.edit.copy_name").value == f"{SAMPLE_PLAN} (wat-als)"
    # narrowed to 2A in week 11
    at.multiselect(key="page.edit.groups").set_value(["2A"])
    week = dt.date(2026, 3, 9)
    at.select_slider[0].set_value((week, week)).run()
    table = at.data_editor[0].value
    assert set(table["group"]) == {"2A"}
    assert table["day"].tolist()[:3] == ["di 10 mrt", "di 10 mrt", "di 10 mrt"]
    assert all(dt.date(2026, 3, 9) <= d <= dt.date(2026, 3, 13) for d in table["date"])


def test_the_page_in_english(sample_db: Path) -> None:
    at = app(lang="en")
    assert at.title[0].value == "Edit and what-if"
    labels = {b.label for b in at.button}
    assert {"Save in the plan", "Discard", "Save as a what-if copy"} <= labels
    assert at.text_input(key="page.edit.copy_name").value == f"{SAMPLE_PLAN} (what-if)"
    move_biology(at)
    assert "✓ Resolved (1)" in texts(at)
    assert "2A has 3 tests on Tue 10 Mar" in texts(at)


def test_the_page_on_an_empty_store(empty_db: Path) -> None:
    at = app()
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)
    assert not at.data_editor


def test_an_edit_is_checked_at_once_and_shows_what_it_resolves(sample_db: Path) -> None:
    at = app()
    move_biology(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fouten"] == "24 → 23"
    shown = texts(at)
    assert "✓ Opgelost (1)" in shown and "⚠ Nieuw (0)" in shown
    assert "2A heeft op di 10 mrt 3 toetsen" in shown
    assert "ook in een ander aangeleverd bestand" in shown  # the copy in plan-2a.ics
    # the table is drawn again from the draft: the test is on its new day
    table = at.data_editor[0].value.set_index("id")
    assert table.loc[BIOLOGY, "day"] == "do 12 mrt"
    # the draft survives a change of filter
    at.multiselect(key="page.edit.groups").set_value([]).run()
    assert {m.label: m.value for m in at.metric}["Fouten"] == "24 → 23"
    with Store(str(sample_db)) as store:  # nothing saved yet
        assert (
            store.load(SAMPLE_PLAN).plan.assessments.set_index("id").loc[BIOLOGY, "date"].day == 10
        )


def test_a_bad_row_is_refused_with_a_message(sample_db: Path) -> None:
    at = app()
    at.multiselect(key="page.edit.groups").set_value(["2A"]).run()
    edit_table(at, edited_rows={position(at, BIOLOGY): {"kind": "excursie"}})
    assert any("onbekende soort 'excursie'" in w.value for w in at.warning)
    assert at.button(key="page.edit.save").disabled


def test_save_writes_one_change_with_the_person(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        before = len(store.history(SAMPLE_PLAN))
    at = app(person="Test")
    move_biology(at)
    save = at.button(key="page.edit.save")
    assert not save.disabled
    save.click().run()
    assert not at.exception
    assert any("Opgeslagen in het plan als één wijziging" in s.value for s in at.success)
    assert "Nog geen wijzigingen" in texts(at)
    with Store(str(sample_db)) as store:
        changes = store.history(SAMPLE_PLAN)
        table = store.load(SAMPLE_PLAN).plan.assessments.set_index("id")
    assert len(changes) == before + 1
    assert changes[0].person == "Test"
    assert table.loc[BIOLOGY, "date"].day == 12
    # the page shows the saved plan: one error fewer than the sample's 24
    at.switch_page("app_pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["Fouten"] == "23"


def test_without_a_name_nothing_can_be_saved(sample_db: Path) -> None:
    at = app(person="")
    move_biology(at)
    assert at.button(key="page.edit.save").disabled
    assert at.button(key="page.edit.copy").disabled
    assert any("Vul links uw naam in" in i.value for i in at.info)


def test_discard_drops_the_draft(sample_db: Path) -> None:
    at = app()
    move_biology(at)
    at.button(key="page.edit.discard").click().run()
    assert "Nog geen wijzigingen" in texts(at)
    assert at.data_editor[0].value.set_index("id").loc[BIOLOGY, "day"] == "di 10 mrt"


def test_save_as_a_what_if_copy_and_switch_to_it(sample_db: Path) -> None:
    at = app()
    move_biology(at)
    at.button(key="page.edit.copy").click().run()
    assert not at.exception
    copy = f"{SAMPLE_PLAN} (wat-als)"
    assert at.session_state["plan"] == copy
    assert at.selectbox(key="plan").value == copy
    assert "Nog geen wijzigingen" in texts(at)
    with Store(str(sample_db)) as store:
        moved = store.load(copy).plan.assessments.set_index("id")
        kept = store.load(SAMPLE_PLAN).plan.assessments.set_index("id")
        info = {p.name: p for p in store.plans()}
    assert moved.loc[BIOLOGY, "date"].day == 12
    assert kept.loc[BIOLOGY, "date"].day == 10
    assert info[copy].copied_from == SAMPLE_PLAN
    # the copy's own copy would be "... (wat-als) (wat-als)"; a name in use is refused with a
    # message, not a traceback
    assert at.text_input(key="page.edit.copy_name").value == f"{copy} (wat-als)"
    at.text_input(key="page.edit.copy_name").set_value(SAMPLE_PLAN)
    at.button(key="page.edit.copy").click().run()
    assert not at.exception
    assert any(f"plan '{SAMPLE_PLAN}' bestaat al" in e.value for e in at.error)
    assert at.session_state["plan"] == copy


def test_a_test_moved_with_the_keyboard_form_is_checked_at_once(sample_db: Path) -> None:
    at = app()
    at.multiselect(key="page.edit.groups").set_value(["2A"]).run()
    at.selectbox(key="page.edit.move.test").set_value(BIOLOGY)
    at.date_input(key="page.edit.move.day").set_value(dt.date(2026, 3, 12)).run()
    at.button(key="page.edit.move.go").click()
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Fouten"] == "24 → 23"
