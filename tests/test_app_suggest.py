"""The Edit page's suggestions: for the whole plan (taken into the draft, then saved), for one
finding, in Dutch and English, and the lesson timetable edited as a table and saved."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_PLAN
from streamlit.testing.v1 import AppTest
from test_app_edit import app

from planner.services import check_stored
from planner.storage import Store

PREFIX = "page.edit.suggest."


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_suggestions_for_the_whole_plan_into_the_draft_and_saved(sample_db: Path) -> None:
    at = app()
    at.button(key=PREFIX + "go").click().run()
    assert not at.exception
    (done,) = [s.value for s in at.success]
    assert "Fouten 24 → 0" in done
    moves = at.data_editor(key=PREFIX + "moves").value
    assert len(moves) >= 9 and moves["take"].all()
    assert moves["reason"].str.startswith("verplaatst").all()
    at.button(key=PREFIX + "apply").click().run()
    assert not at.exception
    assert metrics(at)["Fouten"] == "24 → 0"
    assert any("overgenomen in uw wijzigingen" in s.value for s in at.success)
    at.button(key="page.edit.save").click().run()
    with Store(str(sample_db)) as store:
        saved = store.load(SAMPLE_PLAN)
        result = check_stored(saved).result
        history = store.history(SAMPLE_PLAN, limit=1)
    assert result.summary["errors"] == 0
    assert history[0].person == "Test" and len(history[0].detail["edits"]) == len(moves)


def test_only_the_chosen_moves_are_taken(sample_db: Path) -> None:
    at = app()
    at.button(key=PREFIX + "go").click().run()
    editor = at.data_editor(key=PREFIX + "moves")
    reasons = editor.value["reason"].tolist()
    keep = next(i for i, r in enumerate(reasons) if "2A heeft op di 10 mrt 3 toetsen" in r)
    # untick every move but 2A's, as the browser would report it
    at.session_state[editor.key] = {
        "edited_rows": {i: {"take": False} for i in range(len(reasons)) if i != keep},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key=PREFIX + "apply").click().run()
    assert not at.exception
    assert any("1 verplaatsing(en) overgenomen" in s.value for s in at.success)
    assert metrics(at)["Fouten"] == "24 → 23"


def test_where_could_one_findings_test_go(sample_db: Path) -> None:
    at = app(lang="en")
    box = at.selectbox(key=PREFIX + "finding")
    label = next(o for o in box.options if "2A has 3 tests on Tue 10 Mar" in o)
    box.select(label).run()
    at.button(key=PREFIX + "where").click().run()
    assert not at.exception
    table = next(d for d in at.dataframe if "errors_left" in d.value.columns).value
    assert len(table) >= 1 and (table["errors_left"] == 23).any()
    assert table["reason"].str.startswith("moves").all()
    at.button(key=PREFIX + "take_one").click().run()
    assert not at.exception
    assert metrics(at)["Errors"] == "24 → 23"


def test_the_timetable_edited_as_a_table_and_saved(sample_db: Path) -> None:
    at = app()
    assert any("Nog geen lesrooster" in c.value for c in at.caption)
    editor = at.data_editor(key=PREFIX + "lessons")
    at.session_state[editor.key] = {
        "edited_rows": {},
        "added_rows": [
            {"group": "2A", "subject": "biologie", "weekday": "do", "period": "3"},
            {"group": "2A", "subject": "biologie", "weekday": "zz", "period": ""},
        ],
        "deleted_rows": [],
    }
    at.run()
    at.button(key=PREFIX + "save_table").click().run()
    assert not at.exception
    saved = [s.value for s in at.success if "Lesrooster opgeslagen" in s.value]
    assert saved and "1 lessen" in saved[0] and "'zz'" in saved[0]
    with Store(str(sample_db)) as store:
        lessons = store.lessons(SAMPLE_PLAN)
    assert lessons.to_dict("records") == [
        {"group": "2A", "subject": "biologie", "weekday": 3, "period": "3"}
    ]
    assert any("1 lessen in het lesrooster" in c.value for c in at.caption)


def test_with_no_room_in_the_window_the_errors_left_are_proven_unrepairable(
    sample_db: Path,
) -> None:
    """Only the test's own week: a week's overload cannot leave its week, and the page says so
    apart from what the search merely did not solve."""
    at = app()
    at.session_state[PREFIX + "weeks_before"] = 0
    at.session_state[PREFIX + "weeks_after"] = 0
    at.button(key=PREFIX + "go").click().run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**Niet op te lossen door te verplaatsen**" in text
    assert "**Niet opgelost**" not in text
    assert "buiten de eigen week" in text
    assert any("Bewezen: geen toets" in c.value for c in at.caption)
