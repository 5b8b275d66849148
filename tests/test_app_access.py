"""The dashboard records the logged-in e-mail with a login, the typed name without one
(Streamlit's AppTest runs the real st.user and st.secrets)."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_DIR, SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.storage import Store


def script() -> None:
    import streamlit as st

    from app_pages.access import current_actor, may_edit

    who = current_actor(typed_name="Anna (lokaal)")
    if who is None:
        st.write("log in")
    else:
        st.write(f"{who.person}|{may_edit(who, ['*@wiskunde.school.nl'])}")


def test_local_mode_without_login_uses_the_typed_name() -> None:
    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.markdown[0].value == "Anna (lokaal)|True"


def test_with_login_the_email_is_the_person_and_editors_apply() -> None:
    at = AppTest.from_function(script)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = {"is_logged_in": True, "email": "j.jansen@wiskunde.school.nl", "name": "Jan"}
    at.run()
    assert at.markdown[0].value == "j.jansen@wiskunde.school.nl|True"
    at.user = {"is_logged_in": True, "email": "p.pieters@school.nl", "name": "Piet"}
    at.run()
    assert at.markdown[0].value == "p.pieters@school.nl|False"


def editable_script() -> None:
    import streamlit as st

    from app_pages import state

    st.write(f"editable: {state.editable()}")


def test_without_the_sidebar_a_page_may_write_only_without_a_login() -> None:
    at = AppTest.from_function(editable_script).run()
    assert at.markdown[0].value == "editable: True"  # local single-user mode
    at = AppTest.from_function(editable_script)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = READER
    at.run()
    assert at.markdown[0].value == "editable: False"  # nobody checked who this is


def test_with_login_but_not_logged_in_asks_to_log_in() -> None:
    at = AppTest.from_function(script)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = {"is_logged_in": False}
    at.run()
    assert at.markdown[0].value == "log in"


# --- a reader (logged in, not among `[access] editors`) changes nothing, on any page ----------

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
READER = {"is_logged_in": True, "email": "p.pieters@school.nl", "name": "Piet"}
EDITORS = '\n[access]\neditors = ["*@wiskunde.school.nl"]\n'
BIOLOGY = "33aab15ec0"  # 2A biologie proefwerk, di 10 mrt (tests/test_app_edit.py)


def as_reader(db: Path, page: str) -> AppTest:
    """The sample plan with `[access] editors`, opened by someone who is not an editor."""
    with Store(str(db)) as store:
        store.set_config(SAMPLE_PLAN, store.config_of(SAMPLE_PLAN)[0] + EDITORS, person="Anna")
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = READER
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert "U kunt dit plan bekijken, niet wijzigen." in [w.value for w in at.sidebar.warning]
    return at


def footprint(db: Path) -> tuple[object, ...]:
    """What any write would change: the plan's changes and history, the plans, the decisions,
    the lessons, the uploads."""
    with Store(str(db)) as store:
        stored = store.load(SAMPLE_PLAN)
        return (
            store.latest_change(SAMPLE_PLAN),
            len(store.history(SAMPLE_PLAN)),
            store.plan_names(),
            len(stored.decisions),
            len(store.lessons(SAMPLE_PLAN)),
            len(store.uploads(SAMPLE_PLAN)),
            stored.config_toml,
        )


def press(at: AppTest, key: str) -> None:
    """Press a button a reader may press (a disabled one cannot be pressed: AppTest refuses,
    and Streamlit's server drops a forged change of a disabled widget)."""
    at.button(key=key).click().run()
    assert not at.exception


def test_a_reader_cannot_save_or_copy_edits(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/edit.py")
    before = footprint(sample_db)
    at.multiselect(key="page.edit.groups").set_value(["2A"]).run()
    editor = at.data_editor[0]
    row = editor.value["id"].tolist().index(BIOLOGY)
    at.session_state[editor.key] = {
        "edited_rows": {row: {"date": "2026-03-12"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert any("maar niet opslaan" in i.value for i in at.info)
    assert not at.button(key="page.edit.discard").disabled  # the draft holds the move
    assert at.button(key="page.edit.save").disabled
    assert at.button(key="page.edit.copy").disabled
    press(at, "page.edit.discard")  # a reader may try things and throw them away
    assert footprint(sample_db) == before


def test_a_reader_cannot_save_a_lesson_timetable(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/edit.py")
    before = footprint(sample_db)
    prefix = "page.edit.suggest."
    assert at.data_editor(key=prefix + "lessons").proto.disabled
    assert not [b for b in at.button if b.key == prefix + "save_table"]
    uploader = next(u for u in at.file_uploader if u.key == prefix + "upload")
    assert uploader.proto.disabled
    assert not [b for b in at.button if b.key == prefix + "save_file"]
    assert footprint(sample_db) == before


def test_a_reader_cannot_upload(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/upload.py")
    before = footprint(sample_db)
    uploader = next(u for u in at.file_uploader if u.key and ".files." in u.key)
    plan = (SAMPLE_DIR / "plan-2a.ics").read_bytes()
    uploader.set_value([("plan-2a.ics", plan, "text/calendar")]).run()  # type: ignore[attr-defined]
    assert any("U kunt in dit plan niet aanleveren" in w.value for w in at.warning)
    assert at.button(key="page.upload.save").disabled
    assert footprint(sample_db) == before


def test_a_reader_cannot_change_the_rules(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/rules.py")
    before = footprint(sample_db)
    assert "U kunt de regels van dit plan bekijken, niet wijzigen." in [w.value for w in at.warning]
    inputs = [*at.text_input, *at.number_input, *at.toggle, *at.selectbox, *at.data_editor]
    inputs = [i for i in inputs if i.key and i.key.startswith("page.rules.")]
    assert inputs and all(i.proto.disabled for i in inputs)
    assert not [u for u in at.file_uploader if u.key and u.key.endswith(".upload")]
    assert not [b for b in at.button if b.key and b.key.endswith((".save", ".replace"))]
    assert footprint(sample_db) == before


def test_a_reader_cannot_save_a_test_week_timetable(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/testweek.py")
    before = footprint(sample_db)
    at.number_input(key="page.testweek.seconds").set_value(1)
    press(at, "page.testweek.go")  # making a timetable is reading: it stays on the screen
    assert at.metric  # the timetable is shown
    assert at.button(key="page.testweek.save").disabled
    assert footprint(sample_db) == before


def test_a_reader_cannot_decide_on_findings(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/findings.py")
    before = footprint(sample_db)
    radios = [r for r in at.radio if r.key and r.key.startswith("page.findings.status.")]
    assert radios and all(r.disabled for r in radios)
    fk = radios[0].key.removeprefix("page.findings.status.")
    assert any("besluiten vastleggen kan niet" in c.value for c in at.caption)
    assert at.button(key=f"page.findings.save.{fk}").disabled
    assert at.text_area(key=f"page.findings.note.{fk}").disabled
    assert footprint(sample_db) == before


def test_a_reader_of_the_meeting_page_only_downloads_and_compares(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/meeting.py")
    before = footprint(sample_db)
    # downloads (st.download_button) and the suggested moves, which a reader cannot accept
    assert [b.key for b in at.main.button] == ["page.meeting.accept"]
    assert at.button(key="page.meeting.accept").disabled
    change = before[0]
    assert at.data_editor(key=f"page.meeting.moves.{SAMPLE_PLAN}.{change}").proto.disabled
    assert "U ziet de voorstellen, maar u mag dit plan niet wijzigen." in [i.value for i in at.info]
    compare = at.selectbox(key=f"page.meeting.compare.{SAMPLE_PLAN}")
    compare.set_value(compare.options[1]).run()  # the plan before the last change
    assert not at.exception
    assert footprint(sample_db) == before


def test_a_reader_sees_where_a_test_fits_but_cannot_add_it(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/plan_test.py")
    before = footprint(sample_db)
    at.multiselect(key="page.plan_test.groups").set_value(["4v.bio"]).run()
    at.selectbox(key="page.plan_test.subject").set_value("biologie").run()
    assert not at.exception
    assert at.dataframe(key="page.plan_test.grid").value.shape[1] == 5  # the verdicts
    assert at.button(key="page.plan_test.add").disabled
    assert "U ziet de oordelen, maar u mag dit plan niet wijzigen." in [i.value for i in at.info]
    assert footprint(sample_db) == before


def test_a_reader_sees_the_calendar_feeds_but_cannot_make_or_revoke_them(sample_db: Path) -> None:
    at = as_reader(sample_db, "app_pages/calendar.py")
    group = at.selectbox(key="page.calendar.group").value
    with Store(str(sample_db)) as store:
        store.add_feed(SAMPLE_PLAN, "group", group, person="Anna")
    at.run()
    before = footprint(sample_db)
    assert at.button(key="page.feeds.make").disabled
    revoke = [b for b in at.button if b.key and b.key.startswith("page.feeds.revoke.")]
    assert revoke and all(b.disabled for b in revoke)
    assert footprint(sample_db) == before
