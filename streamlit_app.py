"""Toetsplanner's dashboard: `streamlit run streamlit_app.py` (or `make run`).

The sidebar chooses the language, the plan and who is working; the pages in app_pages/ show and
change the plan through planner/ (the store, the check, the views)."""

from __future__ import annotations

import streamlit as st

from app_pages import state
from app_pages.access import current_actor, login_configured, may_edit
from app_pages.words import md_escape
from planner.i18n import catalogue

LABELS = catalogue(
    "streamlit_app",
    {
        "language": {"nl": "Taal", "en": "Language"},
        # each language by its own name (the choice of language reads it in that language)
        "own_name": {"nl": "Nederlands", "en": "English"},
        "plan": {"nl": "Plan", "en": "Plan"},
        "no_plan": {
            "nl": "Nog geen plan. Lever een planning aan op de pagina Aanleveren.",
            "en": "No plan yet. Upload a schedule on the Upload page.",
        },
        "name": {"nl": "Uw naam", "en": "Your name"},
        "name_help": {
            "nl": "Komt in de geschiedenis bij wat u wijzigt.",
            "en": "Recorded in the history with what you change.",
        },
        "login": {"nl": "Inloggen", "en": "Log in"},
        "logout": {"nl": "Uitloggen", "en": "Log out"},
        "must_login": {
            "nl": "Log in om het toetsplan te zien.",
            "en": "Log in to see the test plan.",
        },
        "read_only": {
            "nl": "U kunt dit plan bekijken, niet wijzigen.",
            "en": "You can view this plan, not change it.",
        },
        "upload": {"nl": "Aanleveren", "en": "Upload"},
        "overview": {"nl": "Overzicht", "en": "Overview"},
        "calendar": {"nl": "Kalender", "en": "Calendar"},
        "findings": {"nl": "Bevindingen", "en": "Findings"},
        "pupils": {"nl": "Leerlingen", "en": "Pupils"},
        "edit": {"nl": "Wijzigen", "en": "Edit"},
        "plan_test": {"nl": "Inplannen", "en": "Plan a test"},
        "testweek": {"nl": "Toetsweek", "en": "Test week"},
        "rules": {"nl": "Regels", "en": "Rules"},
        "meeting": {"nl": "Vergadering", "en": "Meeting"},
    },
)
PAGES = [
    ("overview", "app_pages/overview.py", ":material/grid_on:"),
    ("findings", "app_pages/findings.py", ":material/report:"),
    ("calendar", "app_pages/calendar.py", ":material/calendar_month:"),
    ("pupils", "app_pages/pupils.py", ":material/groups:"),
    ("plan_test", "app_pages/plan_test.py", ":material/event_available:"),
    ("edit", "app_pages/edit.py", ":material/edit_calendar:"),
    ("testweek", "app_pages/testweek.py", ":material/event_note:"),
    ("meeting", "app_pages/meeting.py", ":material/co_present:"),
    ("upload", "app_pages/upload.py", ":material/upload_file:"),
    ("rules", "app_pages/rules.py", ":material/gavel:"),
]


def sidebar() -> bool:
    """Language, person and plan; False when nothing can be shown yet (not logged in)."""
    with st.sidebar:
        st.segmented_control(
            state.t(LABELS, "language"),
            options=["nl", "en"],
            format_func=lambda v: LABELS("own_name", v),
            key=state.LANG,
            default="nl",
        )
        if login_configured():
            if not st.user.is_logged_in:
                st.info(state.t(LABELS, "must_login"))
                st.button(state.t(LABELS, "login"), on_click=st.login)
                return False
            st.caption(md_escape(st.user.get("email") or ""))  # no mailto link
            st.button(state.t(LABELS, "logout"), on_click=st.logout)
        else:
            st.text_input(
                state.t(LABELS, "name"), key=state.PERSON, help=state.t(LABELS, "name_help")
            )
        names = state.plan_names()
        if names:
            if st.session_state.get(state.PLAN) not in names:
                st.session_state[state.PLAN] = names[0]
            st.selectbox(state.t(LABELS, "plan"), names, key=state.PLAN)
        else:
            st.session_state[state.PLAN] = None
            st.info(state.t(LABELS, "no_plan"))
        current = state.current()
        who = current_actor(st.session_state.get(state.PERSON, ""))
        editor = who is not None and (
            current is None or may_edit(who, current.stored.config.editors)
        )
        st.session_state[state.ACTOR] = who
        st.session_state[state.EDITOR] = editor
        if current is not None and not editor:
            st.warning(state.t(LABELS, "read_only"))
    return True


def main() -> None:
    st.set_page_config(page_title="Toetsplanner", page_icon=":material/event_note:", layout="wide")
    ready = sidebar()
    pages = [
        st.Page(path, title=state.t(LABELS, name), icon=icon, url_path=name)
        for name, path, icon in PAGES
    ]
    if not ready:
        st.stop()
    st.navigation(pages).run()


main()
