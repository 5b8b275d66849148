"""Plan a test: for a new test (groups or clusters, subject, kind, teacher), every school day of
the coming weeks coloured by what it would do to the group and to each of its pupils across
their clusters, before anything is saved; a day's reasons in the school's words; one button
puts the test on the chosen day into the plan (planner.fit, planner.views.fit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import md_escape, severity_label
from planner.errors import PlannerError
from planner.fit import Proposal, fit, school_week_days
from planner.i18n import catalogue, fmt_date
from planner.lessons import Lessons, lesson_days
from planner.services import add_test
from planner.style import VERDICT_COLOURS
from planner.views.calendar import default_monday, monday_of
from planner.views.fit import (
    FitCalendar,
    day_label,
    draft_with_test,
    fit_calendar,
    headline,
    teacher_tests,
)

PAGE = "plan_test"
L = catalogue(
    "app_pages.plan_test",
    {
        "title": {"nl": "Toets inplannen", "en": "Plan a test"},
        "intro": {
            "nl": "Kies de groep(en), het vak en de soort: elke schooldag van de komende weken "
            "krijgt de kleur van wat de toets daar zou doen, voor de groep en voor elke "
            "leerling over alle clusters heen. Er wordt niets opgeslagen tot u op de knop drukt.",
            "en": "Choose the group(s), subject and kind: every school day of the coming weeks "
            "gets the colour of what the test would do there, for the group and for every pupil "
            "across their clusters. Nothing is saved until you press the button.",
        },
        "groups": {"nl": "Groepen of clusters", "en": "Groups or clusters"},
        "subject": {"nl": "Vak", "en": "Subject"},
        "kind": {"nl": "Soort", "en": "Kind"},
        "teacher": {"nl": "Docent (afkorting)", "en": "Teacher (code)"},
        "title_field": {"nl": "Omschrijving", "en": "Title"},
        "first": {"nl": "Vanaf de week van", "en": "From the week of"},
        "weeks": {"nl": "Aantal weken", "en": "Number of weeks"},
        "choose": {
            "nl": "Kies minstens één groep en een vak.",
            "en": "Choose at least one group and a subject.",
        },
        "legend": {
            "nl": "✓ groen: past · ! oranje: waarschuwing · ✗ rood: fout · grijs: geen "
            "schooldag. Het getal is het aantal leerlingen in de bevindingen. Klik op een dag "
            "om te lezen waarom.",
            "en": "✓ green: fits · ! orange: warning · ✗ red: error · grey: no school day. The "
            "number is the pupils in the findings. Click a day to read why.",
        },
        "best": {"nl": "Beste dagen eerst", "en": "Best days first"},
        "day": {"nl": "Dag", "en": "Day"},
        "no_reasons": {
            "nl": "Geen bevindingen: de toets past op deze dag.",
            "en": "No findings: the test fits on this day.",
        },
        "add": {
            "nl": "Zet de toets op {day} in het plan",
            "en": "Put the test on {day} in the plan",
        },
        "to_draft": {
            "nl": "In het concept op Wijzigen zetten",
            "en": "Put it in the Edit page's draft",
        },
        "added": {
            "nl": "Toets op {day} in het plan gezet (wijziging #{change}).",
            "en": "Test on {day} put in the plan (change #{change}).",
        },
        "read_only": {
            "nl": "U ziet de oordelen, maar u mag dit plan niet wijzigen.",
            "en": "You see the verdicts, but you may not change this plan.",
        },
        "mine": {"nl": "Mijn toetsen ({teacher})", "en": "My tests ({teacher})"},
        "mine_none": {
            "nl": "Geen toetsen of huiswerk met docent {teacher} in dit plan.",
            "en": "No tests or homework with teacher {teacher} in this plan.",
        },
        "col_date": {"nl": "Datum", "en": "Date"},
        "col_group": {"nl": "Groep", "en": "Group"},
        "col_subject": {"nl": "Vak", "en": "Subject"},
        "col_kind": {"nl": "Soort", "en": "Kind"},
        "col_title": {"nl": "Omschrijving", "en": "Title"},
        "col_findings": {"nl": "Bevindingen", "en": "Findings"},
        "col_messages": {"nl": "Wat er speelt", "en": "What is the matter"},
        "need_person": {
            "nl": "Vul links uw naam in om de toets in het plan te zetten.",
            "en": "Enter your name on the left to put the test in the plan.",
        },
    },
)
FLASH = state.key(PAGE, "flash")


def k(name: str) -> str:
    return state.key(PAGE, name)


def apply_focus(groups: list[str], kinds: list[str]) -> None:
    """Open on what another page asked for (`state.plan_test`), once."""
    asked = st.session_state.pop(state.FOCUS_TEST, None)
    if not asked:
        return
    ss = st.session_state
    ss[k("groups")] = [g for g in asked["groups"] if g in groups]
    if asked["subject"]:
        ss[k("subject")] = asked["subject"]
    if asked["kind"] in kinds:
        ss[k("kind")] = asked["kind"]
    if asked["monday"] is not None:
        ss[k("first")] = asked["monday"]
    ss.pop(k("day"), None)


def choose(current: state.Current) -> tuple[Proposal | None, list[dt.date]]:
    """The proposed test and the days to try, from the widgets."""
    stored = current.stored
    plan, config = stored.plan, stored.config
    table = plan.assessments
    groups = sorted(set(table["group"].astype("str")), key=str.casefold)
    apply_focus(groups, list(config.kinds))
    c1, c2, c3 = st.columns([2, 1, 1])
    chosen = c1.multiselect(state.t(L, "groups"), groups, key=k("groups"))
    mine = table[table["group"].isin(chosen)] if chosen else table
    subjects = sorted(set(mine["subject"].astype("str")), key=str.casefold)
    subject = c2.selectbox(
        state.t(L, "subject"), subjects, index=None, key=k("subject"), accept_new_options=True
    )
    kinds = list(config.kinds)
    kind = c3.selectbox(state.t(L, "kind"), kinds, key=k("kind"))
    c4, c5, c6, c7 = st.columns([1, 2, 1, 1])
    teacher = c4.text_input(state.t(L, "teacher"), key=k("teacher"))
    title = c5.text_input(state.t(L, "title_field"), key=k("title"))
    start = default_monday(plan, config, dt.date.today())
    first = c6.date_input(state.t(L, "first"), value=start, key=k("first"), format="DD-MM-YYYY")
    weeks = int(c7.number_input(state.t(L, "weeks"), 1, 12, 6, key=k("weeks")))
    if not chosen or not subject:
        return None, []
    proposal = Proposal(tuple(chosen), str(subject), str(kind), None, None, teacher, title)
    return proposal, school_week_days(monday_of(first), weeks)


def verdicts(current: state.Current, proposal: Proposal, days: list[dt.date]) -> FitCalendar:
    """The calendar for the proposal, kept for the session while plan and choices stay."""
    stored = current.stored
    memo_key = (current.name, stored.change, state.lang(), proposal, tuple(days))
    memo = st.session_state.get(k("memo"))
    if memo is not None and memo[0] == memo_key:
        result: FitCalendar = memo[1]
        return result
    found = fit(
        stored.plan, stored.config, proposal, days, members=stored.members, lang=state.lang()
    )
    rows = state.store().lessons(current.name)
    lessons = Lessons.from_frame(rows) if not rows.empty else None
    view = fit_calendar(
        found, stored.config, proposal.groups, proposal.subject, state.lang(),
        lesson_days(stored.plan, lessons),
    )  # fmt: skip
    st.session_state[k("memo")] = (memo_key, view)
    return view


def coloured(view: FitCalendar) -> pd.io.formats.style.Styler:
    colours = view.verdicts.map(
        lambda v: f"background-color: {VERDICT_COLOURS[v]}33" if v in VERDICT_COLOURS else ""
    )
    return view.cells.style.apply(lambda _: colours, axis=None)


def chosen_day(view: FitCalendar, event: object) -> dt.date | None:
    """The day clicked in the calendar, else the one chosen in the list."""
    cells = getattr(getattr(event, "selection", None), "cells", None) or []
    for row, column in cells:
        day = view.dates.iloc[int(row)][str(column)]
        if isinstance(day, dt.date):
            return day
    options = [d.date for d in view.best] + [d.date for d in view.days if d not in view.best]
    lang = state.lang()
    labels = {d.date: day_label(d, lang) for d in view.days}
    picked = st.selectbox(
        state.t(L, "best"), options, format_func=lambda d: labels[d], key=k("day")
    )
    return picked


def reasons(view: FitCalendar, day: dt.date) -> None:
    found = view.day(day)
    if found is None:
        return
    lang = state.lang()
    st.subheader(fmt_date(day, lang, year=True))
    st.markdown(md_escape(headline(found, lang)))
    if not found.reasons:
        st.success(state.t(L, "no_reasons"))
    for reason in found.reasons:
        st.markdown(f"- {md_escape(reason)}")


def add_button(current: state.Current, proposal: Proposal, day: dt.date) -> None:
    person = state.person()
    lang = state.lang()
    if not state.editable():
        st.info(state.t(L, "read_only"))
    elif not person:
        st.info(state.t(L, "need_person"))
    label = state.t(L, "add", day=fmt_date(day, lang))
    c1, c2 = st.columns([1, 1])
    if c2.button(state.t(L, "to_draft"), key=k("draft"), icon=":material/edit_calendar:"):
        # a draft is for trying: a reader may make one too (saving it is the Edit page's)
        edits = state.draft_edits(current.name)
        state.set_draft_edits(current.name, draft_with_test(edits, proposal, day))
        st.switch_page("app_pages/edit.py")
    if c1.button(label, type="primary", disabled=not (state.editable() and person), key=k("add")):
        try:
            change = add_test(state.store(), current.name, proposal, day, person=person)
        except PlannerError as exc:
            st.error(md_escape(exc.one_line(lang)))
            return
        st.session_state[FLASH] = state.t(L, "added", day=fmt_date(day, lang), change=change.id)
        st.rerun()


def my_tests(current: state.Current, teacher: str) -> None:
    """The teacher's own tests with the findings each is in: their part of the plan."""
    lang = state.lang()
    st.subheader(state.t(L, "mine", teacher=md_escape(teacher)))
    mine = teacher_tests(current.plan.assessments, current.result.frame, teacher)
    if mine.empty:
        st.caption(state.t(L, "mine_none", teacher=md_escape(teacher)))
        return
    shown = pd.DataFrame(
        {
            state.t(L, "col_date"): [fmt_date(d.date(), lang) for d in mine["date"]],
            state.t(L, "col_group"): mine["group"],
            state.t(L, "col_subject"): mine["subject"],
            state.t(L, "col_kind"): mine["kind"],
            state.t(L, "col_title"): mine["title"],
            state.t(L, "col_findings"): [
                f"{severity_label(s, lang)} {n}" if n else ""
                for s, n in zip(mine["severity"], mine["findings"], strict=True)
            ],
            state.t(L, "col_messages"): ["; ".join(m) for m in mine["messages"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key=k("mine"))


def main() -> None:
    st.title(state.t(L, "title"))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    current = state.current_or_say()
    if current is None or not state.has_tests_or_say(current):
        return
    st.caption(state.t(L, "intro"))
    proposal, days = choose(current)
    teacher = str(st.session_state.get(k("teacher")) or "").strip()
    if proposal is None:
        st.info(state.t(L, "choose"))
        if teacher:
            my_tests(current, teacher)
        return
    try:
        view = verdicts(current, proposal, days)
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(state.lang())))
        return
    st.caption(state.t(L, "legend"))
    event = st.dataframe(
        coloured(view),
        key=k("grid"),
        on_select="rerun",
        selection_mode="single-cell",
        width="stretch",
    )
    day = chosen_day(view, event)
    if day is None:
        return
    reasons(view, day)
    add_button(current, proposal, day)
    if teacher:
        my_tests(current, teacher)


main()
