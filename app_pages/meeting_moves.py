"""The Meeting page's suggested moves: the repair (planner.suggest) run once per change of the
plan, whose dates the per-teacher list shows, and "accept these moves": the chosen moves into
the plan as one change of its history, which one click undoes.

Not a page of its own: app_pages/meeting.py calls `repaired` and `section`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import streamlit as st

from app_pages import state
from app_pages.words import md_escape
from planner.errors import PlannerError
from planner.i18n import catalogue, fmt_num
from planner.services import Search, save_moves, suggest_stored
from planner.suggest import Repair
from planner.views.actions import MOVE_COLUMNS, kind_names, moves_table
from planner.views.suggest import dashboard_options

PAGE = "meeting"
# Bounded, and the same moves on every machine (the steps run out before the seconds); the
# repair of the sample school takes about a second.
SEARCH = Search(seconds=10.0, steps=20_000)

L = catalogue(
    "app_pages.meeting_moves",
    {
        "title": {"nl": "Voorgestelde verplaatsingen", "en": "Suggested moves"},
        "intro": {
            "nl": "Verplaatsingen die fouten en waarschuwingen oplossen zonder nieuwe fout voor "
            "een groep of leerling (dezelfde als op Wijzigen). Vink aan welke het team overneemt: "
            "samen één wijziging in de geschiedenis, die één klik ongedaan maakt.",
            "en": "Moves that solve errors and warnings without a new error for any group or "
            "pupil (the same as on the Edit page). Tick the ones the team takes: together one "
            "change in the history, which one click undoes.",
        },
        "searching": {"nl": "Betere data zoeken…", "en": "Looking for better dates…"},
        "failed": {"nl": "Geen voorstellen: {why}", "en": "No suggestions: {why}"},
        "none": {
            "nl": "Geen verplaatsing helpt: wat open is vraagt een besluit.",
            "en": "No move helps: what is open asks for a decision.",
        },
        "result": {
            "nl": "{n} verplaatsing(en): fouten {e0} → {e1}, waarschuwingen {w0} → {w1}.",
            "en": "{n} move(s): errors {e0} → {e1}, warnings {w0} → {w1}.",
        },
        "accept": {"nl": "Accepteer deze verplaatsingen", "en": "Accept these moves"},
        "accepted": {
            "nl": "{n} verplaatsing(en) in het plan gezet (wijziging #{change}).",
            "en": "{n} move(s) put in the plan (change #{change}).",
        },
        "undo": {"nl": "Maak deze verplaatsingen ongedaan", "en": "Undo these moves"},
        "undone": {
            "nl": "Wijziging #{change} ongedaan gemaakt (wijziging #{undo}).",
            "en": "Change #{change} undone (change #{undo}).",
        },
        "read_only": {
            "nl": "U ziet de voorstellen, maar u mag dit plan niet wijzigen.",
            "en": "You see the suggestions, but you may not change this plan.",
        },
        "need_person": {
            "nl": "Vul links uw naam in om verplaatsingen over te nemen.",
            "en": "Enter your name on the left to accept moves.",
        },
        "take": {"nl": "overnemen", "en": "take"},
        "id": {"nl": "id", "en": "id"},
        "title_col": {"nl": "toets", "en": "test"},
        "group": {"nl": "groep", "en": "group"},
        "subject": {"nl": "vak", "en": "subject"},
        "kind": {"nl": "soort", "en": "kind"},
        "from": {"nl": "van", "en": "from"},
        "to": {"nl": "naar", "en": "to"},
        "reason": {"nl": "waarom", "en": "why"},
    },
)

RESULT = state.key(PAGE, "repair")  # ((plan, change, lang), Repair): one plan at a time
APPLIED = state.key(PAGE, "applied")  # (plan, change): the moves accepted last, to undo
FLASH = state.key(PAGE, "moves.flash")  # said once after accepting or undoing


def repaired(current: state.Current) -> Repair | None:
    """The repair of the plan as it is on screen: made once per change of the plan (and
    language) and kept in the session; None for a plan without tests or one it cannot read."""
    if current.plan.assessments.empty:
        return None
    # the day is part of it: from it on, tests may not move before it
    made_from = (current.name, current.stored.change, current.lang, dt.date.today())
    kept = st.session_state.get(RESULT)
    if kept is not None and kept[0] == made_from:
        done: Repair | None = kept[1]
        return done
    try:
        with st.spinner(state.t(L, "searching")):
            stored = current.stored
            options = dashboard_options(stored.plan, stored.config, dt.date.today())
            search = dataclasses.replace(SEARCH, options=options)
            done = suggest_stored(state.store(), current, search)
    except PlannerError as exc:
        st.caption(state.t(L, "failed", why=md_escape(exc.one_line(state.lang()))))
        done = None
    st.session_state[RESULT] = (made_from, done)
    return done


def section(current: state.Current, done: Repair | None) -> None:
    """The moves to choose from, and the button that accepts the chosen ones."""
    st.header(state.t(L, "title"))
    st.caption(state.t(L, "intro"))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    _undo_button(current)
    if done is None:
        return
    if not done.moves:
        st.info(state.t(L, "none"))
        return
    lang = state.lang()
    b, a = done.before.summary, done.after.summary
    st.markdown(
        state.t(L, "result", n=fmt_num(len(done.moves), lang), e0=b["errors"], e1=a["errors"],
                w0=b["warnings"], w1=a["warnings"])
    )  # fmt: skip
    person = state.person()
    may = state.editable() and bool(person)
    if not state.editable():
        st.info(state.t(L, "read_only"))
    elif not person:
        st.info(state.t(L, "need_person"))
    table = moves_table(done.moves, kind_names(current.stored.config.kinds), lang)
    labels = {c: state.t(L, "title_col" if c == "title" else c) for c in MOVE_COLUMNS}
    config: dict[str, Any] = {**labels, "id": None}  # the id is for the program only
    config["take"] = st.column_config.CheckboxColumn(labels["take"])
    chosen = st.data_editor(
        table,
        key=state.key(PAGE, f"moves.{current.name}.{current.stored.change}"),
        hide_index=True,
        width="stretch",
        column_config=config,
        disabled=[c for c in MOVE_COLUMNS if c != "take"] if may else True,
    )
    wanted = set(chosen.loc[chosen["take"].astype(bool), "id"])
    moves = [m for m in done.moves if m.id in wanted]
    clicked = st.button(
        state.t(L, "accept"),
        type="primary",
        disabled=not (may and moves),
        key=state.key(PAGE, "accept"),
        icon=":material/done_all:",
    )
    if clicked and may and moves:
        try:
            saved = save_moves(state.store(), current.name, moves, person=person)
        except PlannerError as exc:
            st.error(md_escape(exc.one_line(lang)))
            return
        assert saved.change is not None  # there were moves
        st.session_state[APPLIED] = (current.name, saved.change.id)
        st.session_state[FLASH] = state.t(L, "accepted", n=len(moves), change=saved.change.id)
        st.rerun()


def _undo_button(current: state.Current) -> None:
    """Undo the moves this session accepted last in this plan: one change, one click."""
    applied = st.session_state.get(APPLIED)
    if applied is None or applied[0] != current.name:
        return
    person = state.person()
    may = state.editable() and bool(person)
    if st.button(
        state.t(L, "undo"), disabled=not may, key=state.key(PAGE, "undo"), icon=":material/undo:"
    ):
        try:
            undo = state.store().undo(current.name, applied[1], person=person)
        except PlannerError as exc:
            st.error(md_escape(exc.one_line(state.lang())))
            return
        del st.session_state[APPLIED]
        st.session_state[FLASH] = state.t(L, "undone", change=applied[1], undo=undo.id)
        st.rerun()
