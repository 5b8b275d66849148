"""Meeting: one calm screen for the projector in a team meeting: the worst weeks, what is still
open per group, the decisions taken, and the exports to hand round afterwards."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import DECISION_ICONS, ICONS, plain, records, rule_title
from planner.exporters.to_csv import findings_csv, plan_csv
from planner.history import fmt_moment
from planner.i18n import Lang, fmt_date, fmt_week
from planner.views.findings import decisions_taken, open_per_group, worst_weeks

PAGE = "meeting"
TOP_WEEKS = 5

L = {
    "title": {"nl": "Vergadering", "en": "Meeting"},
    "weeks": {"nl": "Zwaarste weken", "en": "Worst weeks"},
    "weeks_help": {
        "nl": "De weken met de meeste fouten, daarna waarschuwingen (bevindingen over groepen).",
        "en": "The weeks with the most errors, then warnings (findings about groups).",
    },
    "no_weeks": {
        "nl": "Geen week met een fout of waarschuwing.",
        "en": "No week with an error or a warning.",
    },
    "open": {"nl": "Open bevindingen per groep", "en": "Open findings per group"},
    "open_help": {
        "nl": "Bevindingen over groepen die het team (nog) niet heeft geaccepteerd.",
        "en": "Findings about groups the team has not (yet) accepted.",
    },
    "no_open": {
        "nl": "Niets open: elke bevinding over een groep is geaccepteerd.",
        "en": "Nothing open: every finding about a group is accepted.",
    },
    "decisions": {"nl": "Besluiten", "en": "Decisions"},
    "no_decisions": {"nl": "Nog geen besluiten genomen.", "en": "No decisions taken yet."},
    "export": {"nl": "Exporteren", "en": "Export"},
    "findings_csv": {"nl": "Bevindingen (CSV)", "en": "Findings (CSV)"},
    "findings_csv_help": {
        "nl": "Alle bevindingen, ook per leerling, met het besluit, de toelichting en wie.",
        "en": "Every finding, also per pupil, with the decision, the note and who.",
    },
    "plan_csv": {"nl": "Toetsplan (CSV)", "en": "Test plan (CSV)"},
    "plan_csv_help": {
        "nl": "Het plan zoals het nu is, in de kolommen die Aanleveren weer inleest.",
        "en": "The plan as it is now, in the columns the Upload page reads back.",
    },
    "later": {
        "nl": "Excel en PDF volgen later.",
        "en": "Excel and PDF are coming later.",
    },
    "error": {"nl": "fout", "en": "error"},
    "errors": {"nl": "fouten", "en": "errors"},
    "warning": {"nl": "waarschuwing", "en": "warning"},
    "warnings": {"nl": "waarschuwingen", "en": "warnings"},
    "info": {"nl": "info", "en": "info"},
    "infos": {"nl": "info", "en": "infos"},
    "accepted": {"nl": "Geaccepteerd", "en": "Accepted"},
    "todo": {"nl": "Te doen", "en": "To do"},
    "pupil": {"nl": "leerling {pupil}", "en": "pupil {pupil}"},
    "by": {"nl": "{by}, {at}", "en": "{by}, {at}"},
    "resolved": {"nl": "de bevinding is verdwenen", "en": "the finding is gone"},
    "changed": {"nl": "de toetsen zijn veranderd", "en": "the tests have changed"},
    "lapsed": {"nl": "vervallen", "en": "lapsed"},
    "findings_file": {"nl": "bevindingen", "en": "findings"},
    "plan_file": {"nl": "toetsplan", "en": "test-plan"},
}


def tally(errors: int, warnings: int, infos: int) -> str:
    """`⛔ 2 fouten · ⚠️ 1 waarschuwing`: icons and words, zero counts left out."""
    parts = []
    for n, one, many, icon in (
        (errors, "error", "errors", ICONS["error"]),
        (warnings, "warning", "warnings", ICONS["warning"]),
        (infos, "info", "infos", ICONS["info"]),
    ):
        if n:
            parts.append(f"{icon} {n} {state.t(L, one if n == 1 else many)}")
    return " · ".join(parts)


def file_name(plan: str, what: str) -> str:
    """`voorbeeldcollege-2025-2026-bevindingen.csv`: safe on every system."""
    stem = re.sub(r"[^0-9A-Za-z]+", "-", plan).strip("-").lower() or "plan"
    return f"{stem}-{state.t(L, what)}.csv"


def weeks_section(frame: pd.DataFrame, lang: Lang) -> None:
    st.header(state.t(L, "weeks"))
    st.caption(state.t(L, "weeks_help"))
    weeks = worst_weeks(frame, top=TOP_WEEKS)
    if weeks.empty:
        st.success(state.t(L, "no_weeks"))
        return
    for i, row in enumerate(records(weeks), start=1):
        groups = ", ".join(plain(g) for g in row.groups)
        st.markdown(
            f"#### {i}. {fmt_week(row.monday, lang)}\n"
            f"{tally(row.errors, row.warnings, row.infos)} — **{groups}**"
        )


def open_section(frame: pd.DataFrame) -> None:
    st.header(state.t(L, "open"))
    st.caption(state.t(L, "open_help"))
    groups = open_per_group(frame)
    if groups.empty:
        st.success(state.t(L, "no_open"))
        return
    cols = st.columns(2)
    for i, row in enumerate(records(groups)):
        with cols[i % 2].container(border=True):
            st.markdown(
                f"#### {plain(row.group)}\n{tally(row.errors, row.warnings, row.infos)}\n\n"
                + "\n".join(f"- {plain(m)}" for m in row.messages)
            )


def decisions_section(decisions: pd.DataFrame, lang: Lang) -> None:
    st.header(state.t(L, "decisions"))
    if decisions.empty:
        st.info(state.t(L, "no_decisions"))
        return
    for row in records(decisions):
        who = (
            state.t(L, "pupil", pupil=row.pupil) + f" ({row.group})"
            if isinstance(row.pupil, str) and row.pupil
            else row.group
        )
        what = plain(row.message) if row.message else plain(rule_title(row.rule, state.lang()))
        when = fmt_moment(row.decided_at, lang) if row.decided_at is not None else ""
        by = state.t(L, "by", by=plain(row.decided_by), at=when) if row.decided_by else when
        note = f"  \n> {plain(row.note)}" if row.note else ""
        lapsed = f" — *{state.t(L, 'lapsed')}: {state.t(L, row.lapsed)}*" if row.lapsed else ""
        st.markdown(
            f"{DECISION_ICONS.get(row.status, '')} **{state.t(L, row.status)}** · "
            f"{plain(who)} · {fmt_date(row.start, lang)}: {what}{lapsed}  \n"
            f"*{by}*{note}"
        )


def export_section(current: state.Current) -> None:
    st.header(state.t(L, "export"))
    c1, c2 = st.columns(2)
    # With a byte order mark, so Excel opens the accents of a Dutch CSV right.
    c1.download_button(
        state.t(L, "findings_csv"),
        data=findings_csv(current.review.frame).encode("utf-8-sig"),
        file_name=file_name(current.name, "findings_file"),
        mime="text/csv",
        key=state.key(PAGE, "findings_csv"),
        help=state.t(L, "findings_csv_help"),
        icon=":material/download:",
        on_click="ignore",
    )
    c2.download_button(
        state.t(L, "plan_csv"),
        data=plan_csv(current.stored.plan.assessments).encode("utf-8-sig"),
        file_name=file_name(current.name, "plan_file"),
        mime="text/csv",
        key=state.key(PAGE, "plan_csv"),
        help=state.t(L, "plan_csv_help"),
        icon=":material/download:",
        on_click="ignore",
    )
    st.caption(state.t(L, "later"))


def main() -> None:
    st.title(state.t(L, "title"))
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    st.subheader(plain(current.name))
    frame = current.review.frame
    weeks_section(frame, lang)
    open_section(frame)
    decisions_section(decisions_taken(current.review), lang)
    export_section(current)


main()
