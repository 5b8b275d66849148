"""Findings: every broken rule in plain words, with the article of the reglement, the tests
involved and the team's decision; filters narrow the list, a button opens the calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import md_escape, records, rule_title, severity_label
from planner.decisions import Status
from planner.errors import PlannerError
from planner.history import fmt_moment
from planner.i18n import Lang, catalogue, fmt_date, fmt_week
from planner.services import decide
from planner.style import DECISION_ICONS
from planner.views.findings import (
    DECISION_FILTERS,
    Filters,
    assessment_ids,
    counts,
    decisions_taken,
    filter_findings,
    filter_options,
    finding_key,
    groups_of,
    monday_of,
    page_of,
    pages,
    tests_involved,
)

PAGE = "findings"
PAGE_SIZE = 25  # findings on screen at once: each brings a table and a form

L = catalogue(
    "app_pages.findings",
    {
        "title": {"nl": "Bevindingen", "en": "Findings"},
        "none": {
            "nl": "Geen bevindingen: dit plan houdt zich aan het toetsreglement.",
            "en": "No findings: this plan keeps to the test regulations.",
        },
        "nothing_shown": {
            "nl": "Geen bevindingen die bij deze keuze passen.",
            "en": "No findings match this choice.",
        },
        "rule": {"nl": "Regel", "en": "Rule"},
        "severity": {"nl": "Ernst", "en": "Severity"},
        "group": {"nl": "Groep", "en": "Group"},
        "week": {"nl": "Week", "en": "Week"},
        "decision": {"nl": "Besluit", "en": "Decision"},
        "pupils": {"nl": "Ook leerlingen", "en": "Also pupils"},
        "pupils_help": {
            "nl": "Toon ook de bevindingen per leerling (clusters die samen te zwaar worden).",
            "en": "Also show the findings per pupil (clusters that add up to too much).",
        },
        "all": {"nl": "Alle", "en": "All"},
        "error": {"nl": "Fout", "en": "Error"},
        "warning": {"nl": "Waarschuwing", "en": "Warning"},
        "info": {"nl": "Info", "en": "Info"},
        "open": {"nl": "Nog geen besluit", "en": "No decision yet"},
        "accepted": {"nl": "Geaccepteerd", "en": "Accepted"},
        "todo": {"nl": "Te doen", "en": "To do"},
        "summary": {
            "nl": "{groups} bevindingen over groepen, {pupils} over leerlingen: {errors} fouten, "
            "{warnings} waarschuwingen, {infos} info. Besloten: {accepted} geaccepteerd, "
            "{todo} te doen.",
            "en": "{groups} findings about groups, {pupils} about pupils: {errors} errors, "
            "{warnings} warnings, {infos} info. Decided: {accepted} accepted, {todo} to do.",
        },
        "shown": {
            "nl": "Getoond: {first}–{last} van {n} bevindingen die bij de keuze passen.",
            "en": "Showing {first}–{last} of {n} findings that match the choice.",
        },
        "page": {"nl": "Pagina", "en": "Page"},
        "pupil": {"nl": "leerling {pupil}", "en": "pupil {pupil}"},
        "reference": {"nl": "Toetsreglement", "en": "Regulations"},
        "tests": {"nl": "Toetsen", "en": "Tests"},
        "no_tests": {
            "nl": "De toetsen van deze bevinding staan niet meer in het plan.",
            "en": "The tests of this finding are no longer in the plan.",
        },
        "col_id": {"nl": "id", "en": "id"},
        "col_date": {"nl": "datum", "en": "date"},
        "col_group": {"nl": "groep", "en": "group"},
        "col_subject": {"nl": "vak", "en": "subject"},
        "col_kind": {"nl": "soort", "en": "kind"},
        "col_title": {"nl": "omschrijving", "en": "title"},
        "col_teacher": {"nl": "docent", "en": "teacher"},
        "open_calendar": {"nl": "Open in kalender", "en": "Open in calendar"},
        "plan_other": {"nl": "Andere datum zoeken", "en": "Plan another date"},
        "no_calendar": {
            "nl": "De kalenderpagina is er nog niet.",
            "en": "The calendar page is not there yet.",
        },
        "decided": {
            "nl": "Besluit: {status}, door {by} op {at}.",
            "en": "Decision: {status}, by {by} on {at}.",
        },
        "status": {"nl": "Besluit van het team", "en": "The team's decision"},
        "note": {"nl": "Toelichting", "en": "Note"},
        "note_help": {
            "nl": "Waarom geaccepteerd, of wie het oplost en wanneer.",
            "en": "Why it is accepted, or who fixes it and when.",
        },
        "save": {"nl": "Besluit opslaan", "en": "Save decision"},
        "choose_status": {
            "nl": "Kies eerst: geaccepteerd of te doen.",
            "en": "Choose first: accepted or to do.",
        },
        "saved": {"nl": "Besluit opgeslagen: {what}", "en": "Decision saved: {what}"},
        "need_name": {
            "nl": "Vul links uw naam in om een besluit vast te leggen.",
            "en": "Enter your name on the left to record a decision.",
        },
        "read_only": {
            "nl": "U kunt dit plan bekijken, niet wijzigen: besluiten vastleggen kan niet.",
            "en": "You can view this plan, not change it: you cannot record decisions.",
        },
        "lapsed": {"nl": "Vervallen besluiten", "en": "Decisions that lapsed"},
        "lapsed_help": {
            "nl": "Een besluit vervalt als de bevinding verdwijnt of als de toetsen ervan "
            "veranderen; neem dan opnieuw een besluit als dat nodig is.",
            "en": "A decision lapses when its finding is gone or its tests have changed; decide "
            "again where needed.",
        },
        "resolved": {"nl": "de bevinding is verdwenen", "en": "the finding is gone"},
        "changed": {"nl": "de toetsen zijn veranderd", "en": "the tests have changed"},
    },
)

TEST_HEADERS = ("id", "date", "group", "subject", "kind", "title", "teacher")


def k(name: str) -> str:
    return state.key(PAGE, name)


def who_text(group: str, pupil: Any) -> str:
    if isinstance(pupil, str) and pupil:
        return f"{state.t(L, 'pupil', pupil=pupil)} ({group})"
    return str(group)


def _reset_page() -> None:
    st.session_state[k("page")] = 1


def _keep_valid(name: str, options: list[str]) -> None:
    """A filter whose value vanished from the choices (another plan, pupils off) goes to all."""
    if st.session_state.get(k(name), "") not in options:
        st.session_state[k(name)] = ""


def _choice(col: Any, name: str, options: list[str], label: Callable[[str], str]) -> str:
    """One filter: a select box whose first choice "" means all."""
    _keep_valid(name, options)
    all_label = state.t(L, "all")

    def show(value: str) -> str:
        return all_label if value == "" else label(value)

    value = col.selectbox(
        state.t(L, name), options, format_func=show, key=k(name), on_change=_reset_page
    )
    return str(value or "")


def filter_row(frame: pd.DataFrame, lang: Lang) -> Filters:
    cols = st.columns([3, 2, 2, 3, 2, 2.6], vertical_alignment="bottom")
    pupils = cols[5].toggle(
        state.t(L, "pupils"), key=k("pupils"), help=state.t(L, "pupils_help"), on_change=_reset_page
    )
    options = filter_options(frame, pupils=pupils)
    weeks = {d.isoformat(): d for d in options.weeks}
    choices: dict[str, tuple[list[str], Callable[[str], str]]] = {
        "rule": (options.rules, lambda v: rule_title(v, lang)),
        "severity": (options.severities, lambda v: severity_label(v, lang)),
        "group": (options.groups, str),
        "week": (list(weeks), lambda v: f"{fmt_week(weeks[v], lang)}"),
        "decision": (list(DECISION_FILTERS), lambda v: state.t(L, v)),
    }
    values = {
        name: _choice(col, name, ["", *values_of], label)
        for col, (name, (values_of, label)) in zip(cols, choices.items(), strict=False)
    }
    return Filters(
        rule=values["rule"],
        severity=values["severity"],
        group=values["group"],
        week=weeks.get(values["week"]),
        decision=values["decision"],
        pupils=pupils,
    )


def write_block_reason() -> str | None:
    """Why decisions cannot be written now, or None when they can."""
    if not state.editable():
        return state.t(L, "read_only")
    if not state.person():
        return state.t(L, "need_name")
    return None


def tests_table(ids: list[str], table: pd.DataFrame, lang: Lang) -> None:
    tests = tests_involved(ids, table)
    if tests.empty:
        st.caption(state.t(L, "no_tests"))
        return
    tests["date"] = [fmt_date(d, lang) for d in tests["date"]]
    tests.columns = [state.t(L, f"col_{c}") for c in TEST_HEADERS]
    st.dataframe(tests, hide_index=True, width="stretch")


def decision_form(row: Any, fk: str, plan: str, blocked: str | None, lang: Lang) -> None:
    """Status and note of one finding; saving records it in the store, for the whole team."""
    statuses = [str(s) for s in Status]
    current = row.decision if row.decision in statuses else None
    with st.form(k(f"form.{fk}"), border=False):
        c1, c2 = st.columns([2, 5])
        status = c1.radio(
            state.t(L, "status"),
            statuses,
            index=None if current is None else statuses.index(current),
            format_func=lambda v: f"{DECISION_ICONS[v]} {state.t(L, v)}",
            key=k(f"status.{fk}"),
            disabled=blocked is not None,
        )
        note = c2.text_area(
            state.t(L, "note"),
            value=row.note,
            key=k(f"note.{fk}"),
            help=state.t(L, "note_help"),
            height=80,
            disabled=blocked is not None,
        )
        saved = st.form_submit_button(
            state.t(L, "save"), key=k(f"save.{fk}"), disabled=blocked is not None
        )
    if blocked is not None:
        st.caption(blocked)
        return
    if not saved:
        return
    if status is None:
        st.warning(state.t(L, "choose_status"))
        return
    try:
        decide(
            state.store(),
            plan,
            vars(row),
            status=status,
            note=str(note or ""),
            person=state.person(),
        )
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(lang)))
        return
    rule = rule_title(row.rule, state.lang())
    what = f"{state.t(L, status)} – {who_text(row.group, row.pupil)}, {rule}"
    st.session_state[k("flash")] = state.t(L, "saved", what=what)
    st.session_state[k("last")] = fk  # keep it open: the team sees what it just decided
    st.rerun()


def finding_block(row: Any, plan: str, table: pd.DataFrame, calendar: bool, lang: Lang) -> None:
    fk = finding_key(row.rule, row.group, row.pupil, row.start, row.end)
    start = pd.Timestamp(row.start).date()
    decided = (
        f"  ·  {DECISION_ICONS[row.decision]} {state.t(L, row.decision)}" if row.decision else ""
    )
    label = f"{severity_label(row.severity, state.lang())}  ·  {md_escape(row.message)}{decided}"
    with st.expander(label, expanded=st.session_state.get(k("last")) == fk):
        st.markdown(
            f"**{md_escape(rule_title(row.rule, lang))}** · "
            f"{md_escape(who_text(row.group, row.pupil))} · {fmt_date(start, lang)}"
        )
        if row.reference:
            st.caption(f"{state.t(L, 'reference')}: {md_escape(row.reference)}")
        tests_table(assessment_ids(row.assessments), table, lang)
        groups = groups_of(row.group)
        if st.button(
            state.t(L, "open_calendar"),
            key=k(f"open.{fk}"),
            icon=":material/calendar_month:",
            disabled=not calendar,
            help=None if calendar else state.t(L, "no_calendar"),
        ):
            state.focus(
                group=groups[0] if groups else row.group,
                pupil=row.pupil if isinstance(row.pupil, str) and row.pupil else None,
                monday=monday_of(start),
            )
        tests = tests_involved(assessment_ids(row.assessments), table)
        if not tests.empty and st.button(
            state.t(L, "plan_other"), key=k(f"fit.{fk}"), icon=":material/event_available:"
        ):
            first = tests.iloc[-1]  # the latest test of the finding is the one to move
            state.plan_test(
                [str(first["group"])], str(first["subject"]), str(first["kind"]), monday_of(start)
            )
        if row.decision:
            at = row.decided_at
            when = "" if pd.isna(at) else fmt_moment(pd.Timestamp(at).to_pydatetime(), lang)
            st.markdown(
                f"{DECISION_ICONS[row.decision]} "
                + md_escape(
                    state.t(
                        L, "decided", status=state.t(L, row.decision), by=row.decided_by, at=when
                    )
                )
                + (f"  \n{state.t(L, 'note')}: {md_escape(row.note)}" if row.note else "")
            )
        decision_form(row, fk, plan, write_block_reason(), lang)


def lapsed_list(frame: pd.DataFrame, lang: Lang) -> None:
    lapsed = frame[frame["lapsed"] != ""]
    if lapsed.empty:
        return
    st.subheader(f"{state.t(L, 'lapsed')} ({len(lapsed)})")
    st.caption(state.t(L, "lapsed_help"))
    for row in records(lapsed):
        day: dt.date = row.start
        by = f", {md_escape(row.decided_by)}" if row.decided_by else ""
        note = f": {md_escape(row.note)}" if row.note else ""
        st.markdown(
            f"- **{md_escape(rule_title(row.rule, lang))}** · "
            f"{md_escape(who_text(row.group, row.pupil))} · "
            f"{fmt_date(day, lang)} — {state.t(L, row.status)}{note}{by}. "
            f"*{state.t(L, row.lapsed)}*"
        )


def main() -> None:
    st.title(state.t(L, "title"))
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    flash = st.session_state.pop(k("flash"), None)
    if flash:
        st.success(md_escape(flash))  # names the finding's group and pupil
    frame = current.review.frame
    decisions = decisions_taken(current.review)
    if frame.empty:
        st.success(state.t(L, "none"))
        lapsed_list(decisions, lang)
        return
    filters = filter_row(frame, lang)
    c = counts(frame)
    st.markdown(state.t(L, "summary", **c))
    shown = filter_findings(frame, filters)
    if shown.empty:
        st.info(state.t(L, "nothing_shown"))
    else:
        n_pages = pages(len(shown), PAGE_SIZE)
        if st.session_state.get(k("page"), 1) > n_pages:
            st.session_state[k("page")] = 1
        page = 1
        if n_pages > 1:
            page = int(
                st.number_input(
                    state.t(L, "page"), min_value=1, max_value=n_pages, step=1, key=k("page")
                )
            )
        part = page_of(shown, page, PAGE_SIZE)
        first = (page - 1) * PAGE_SIZE + 1
        st.caption(state.t(L, "shown", first=first, last=first + len(part) - 1, n=len(shown)))
        calendar = (Path(__file__).parent / "calendar.py").exists()
        table = current.stored.plan.assessments
        for row in records(part):
            finding_block(row, current.name, table, calendar, lang)
    lapsed_list(decisions, lang)


main()
