"""Meeting: one calm screen for the projector in a team meeting: the worst weeks, what is still
open per group, each teacher's tests with the dates a repair suggests, the suggested moves to
accept (app_pages/meeting_moves.py), the decisions taken, and the exports to hand round
afterwards."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from app_pages import meeting_moves, state
from app_pages.words import md_escape, records, rule_title
from planner.diff import Comparison
from planner.exporters.report import Report, report_title
from planner.exporters.to_csv import findings_csv, plan_csv, table_csv
from planner.exporters.to_excel import excel_bytes
from planner.exporters.to_ical import ical_bytes
from planner.exporters.to_pdf import pdf_bytes
from planner.history import describe, fmt_moment
from planner.i18n import Lang, catalogue, fmt_date, fmt_week
from planner.services import comparison, report_of
from planner.style import DECISION_ICONS, SEVERITY_ICONS
from planner.suggest import Repair
from planner.views.actions import finding_tests, kind_names, per_teacher, suggested_dates
from planner.views.findings import decisions_taken, open_per_group, worst_weeks

PAGE = "meeting"
TOP_WEEKS = 5
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

L = catalogue(
    "app_pages.meeting",
    {
        "title": {"nl": "Vergadering", "en": "Meeting"},
        "weeks": {"nl": "Zwaarste weken", "en": "Worst weeks"},
        "weeks_help": {
            "nl": "De weken met de meeste fouten, daarna waarschuwingen (bevindingen over "
            "groepen).",
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
        "teachers": {"nl": "Per docent", "en": "Per teacher"},
        "teachers_help": {
            "nl": "Wie wat moet doen: de toetsen van elke docent in open fouten en "
            "waarschuwingen, met waarom en de datum die de voorgestelde verplaatsingen geven.",
            "en": "Who does what: each teacher's tests in open errors and warnings, with why and "
            "the date the suggested moves give.",
        },
        "teacher": {"nl": "Docent", "en": "Teacher"},
        "no_teacher": {"nl": "(zonder docent)", "en": "(no teacher)"},
        "nobody": {
            "nl": "Geen toetsen in open fouten of waarschuwingen.",
            "en": "No tests in open errors or warnings.",
        },
        "teacher_file": {"nl": "docent-{teacher}", "en": "teacher-{teacher}"},
        "teacher_csv": {"nl": "Lijst van deze docent (CSV)", "en": "This teacher's list (CSV)"},
        "col_why": {"nl": "waarom", "en": "why"},
        "col_suggested": {"nl": "voorgestelde datum", "en": "suggested date"},
        "no_open": {
            "nl": "Niets open: elke bevinding over een groep is geaccepteerd.",
            "en": "Nothing open: every finding about a group is accepted.",
        },
        "decisions": {"nl": "Besluiten", "en": "Decisions"},
        "no_decisions": {"nl": "Nog geen besluiten genomen.", "en": "No decisions taken yet."},
        "export": {"nl": "Exporteren", "en": "Export"},
        "excel": {"nl": "Conflictrapport (Excel)", "en": "Conflict report (Excel)"},
        "excel_help": {
            "nl": "Samenvatting, alle bevindingen met besluiten en hun toetsen, per docent met de "
            "voorgestelde data, de belasting per groep en week, per leerling, de inleesproblemen "
            "(en voor/na als hierboven gekozen).",
            "en": "Summary, every finding with decisions and its tests, per teacher with the "
            "suggested dates, the load per group and week, per pupil, the import problems (and "
            "before/after when chosen above).",
        },
        "pdf": {"nl": "Vergaderrapport (PDF)", "en": "Meeting report (PDF)"},
        "pdf_help": {
            "nl": "Kerncijfers, de heatmap, de zwaarste weken, open bevindingen per groep, de "
            "besluiten en per docent de toetsen met de voorgestelde data, om uit te delen.",
            "en": "Key figures, the heatmap, the worst weeks, open findings per group, the "
            "decisions and per teacher their tests with the suggested dates, to hand round.",
        },
        "ical": {"nl": "Agenda (iCal)", "en": "Calendar (iCal)"},
        "ical_help": {
            "nl": "Het plan voor elke agenda (Outlook, Google, Apple); opnieuw importeren werkt "
            "de toetsen bij in plaats van ze te verdubbelen.",
            "en": "The plan for any calendar (Outlook, Google, Apple); importing it again updates "
            "the tests instead of doubling them.",
        },
        "findings": {"nl": "Bevindingen (CSV)", "en": "Findings (CSV)"},
        "findings_help": {
            "nl": "Alle bevindingen, ook per leerling, met het besluit, de toelichting en wie.",
            "en": "Every finding, also per pupil, with the decision, the note and who.",
        },
        "plan": {"nl": "Toetsplan (CSV)", "en": "Test plan (CSV)"},
        "plan_help": {
            "nl": "Het plan zoals het nu is, in de kolommen die Aanleveren weer inleest.",
            "en": "The plan as it is now, in the columns the Upload page reads back.",
        },
        "with_comparison": {
            "nl": "Excel en PDF bevatten de vergelijking met: {before}.",
            "en": "Excel and PDF include the comparison with: {before}.",
        },
        "compare": {"nl": "Voor en na", "en": "Before and after"},
        "compare_help": {
            "nl": "Vergelijk het plan met een eerder moment (na een wijziging uit de geschiedenis) "
            "of met een ander plan, zoals een wat-als-kopie: welke toetsen verschoven en welke "
            "bevindingen verdwenen of erbij kwamen.",
            "en": "Compare the plan with an earlier moment (after a change in its history) or "
            "with another plan, such as a what-if copy: which tests moved and which findings "
            "disappeared or appeared.",
        },
        "compare_with": {"nl": "Vergelijken met", "en": "Compare with"},
        "nothing": {"nl": "(niets)", "en": "(nothing)"},
        "after_change": {
            "nl": "na wijziging #{n} ({when}, {who}): {what}",
            "en": "after change #{n} ({when}, {who}): {what}",
        },
        "other_plan": {"nl": "plan '{plan}'", "en": "plan '{plan}'"},
        "same": {"nl": "Geen verschil.", "en": "No difference."},
        "moved": {"nl": "Verplaatst", "en": "Moved"},
        "added": {"nl": "Toegevoegd", "en": "Added"},
        "removed": {"nl": "Verwijderd", "en": "Removed"},
        "changed_tests": {"nl": "Gewijzigd", "en": "Changed"},
        "new": {"nl": "Nieuwe bevindingen", "en": "New findings"},
        "resolved_findings": {"nl": "Opgeloste bevindingen", "en": "Findings resolved"},
        "none": {"nl": "Geen.", "en": "None."},
        "pupil_changes": {
            "nl": "Bevindingen van leerlingen: {resolved} opgelost, {new} nieuw.",
            "en": "Pupils' findings: {resolved} resolved, {new} new.",
        },
        "col_group": {"nl": "groep", "en": "group"},
        "col_subject": {"nl": "vak", "en": "subject"},
        "col_kind": {"nl": "soort", "en": "kind"},
        "col_title": {"nl": "titel", "en": "title"},
        "col_date": {"nl": "datum", "en": "date"},
        "col_date_before": {"nl": "van", "en": "from"},
        "col_date_after": {"nl": "naar", "en": "to"},
        "col_severity": {"nl": "ernst", "en": "severity"},
        "col_message": {"nl": "bevinding", "en": "finding"},
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
        "excel_file": {"nl": "conflictrapport", "en": "conflict-report"},
        "pdf_file": {"nl": "vergaderrapport", "en": "meeting-report"},
        "ical_file": {"nl": "agenda", "en": "calendar"},
    },
)


def tally(errors: int, warnings: int, infos: int) -> str:
    """`⛔ 2 fouten · ⚠️ 1 waarschuwing`: icons and words, zero counts left out."""
    parts = []
    for n, one, many, icon in (
        (errors, "error", "errors", SEVERITY_ICONS["error"]),
        (warnings, "warning", "warnings", SEVERITY_ICONS["warning"]),
        (infos, "info", "infos", SEVERITY_ICONS["info"]),
    ):
        if n:
            parts.append(f"{icon} {n} {state.t(L, one if n == 1 else many)}")
    return " · ".join(parts)


def file_name(plan: str, what: str, suffix: str = "csv", **values: object) -> str:
    """`voorbeeldcollege-2025-2026-bevindingen.csv`: safe on every system."""
    stem = re.sub(r"[^0-9A-Za-z]+", "-", plan).strip("-").lower() or "plan"
    words = re.sub(r"[^0-9A-Za-z-]+", "-", state.t(L, what, **values)).strip("-")
    return f"{stem}-{words}.{suffix}"


def weeks_section(frame: pd.DataFrame, lang: Lang) -> None:
    st.header(state.t(L, "weeks"))
    st.caption(state.t(L, "weeks_help"))
    weeks = worst_weeks(frame, top=TOP_WEEKS)
    if weeks.empty:
        st.success(state.t(L, "no_weeks"))
        return
    for i, row in enumerate(records(weeks), start=1):
        groups = ", ".join(md_escape(g) for g in row.groups)
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
                f"#### {md_escape(row.group)}\n{tally(row.errors, row.warnings, row.infos)}\n\n"
                + "\n".join(f"- {md_escape(m)}" for m in row.messages)
            )


def teachers_section(current: state.Current, lang: Lang, done: Repair | None) -> None:
    """Each teacher's list of what to move or look at: their tests in open findings, with the
    date the repair suggests."""
    st.header(state.t(L, "teachers"))
    st.caption(state.t(L, "teachers_help"))
    kinds = kind_names(current.stored.config.kinds)
    tests = finding_tests(current.review.frame, current.plan.assessments, kinds)
    mine = per_teacher(tests, suggested_dates(done.moves) if done else None)
    if mine.empty:
        st.success(state.t(L, "nobody"))
        return
    counts = mine["teacher"].value_counts()
    teachers = sorted(counts.index, key=lambda t: (t == "", t.casefold()))

    def label(teacher: str) -> str:
        return f"{teacher or state.t(L, 'no_teacher')} ({counts[teacher]})"

    teacher = st.selectbox(
        state.t(L, "teacher"), teachers, format_func=label, key=state.key(PAGE, "teacher")
    )
    rows = mine[mine["teacher"] == teacher]
    shown = pd.DataFrame(
        {
            state.t(L, "col_date"): [fmt_date(d.date(), lang) for d in rows["date"]],
            state.t(L, "col_suggested"): [
                "" if pd.isna(d) else fmt_date(d.date(), lang) for d in rows["suggested"]
            ],
            state.t(L, "col_group"): rows["group"],
            state.t(L, "col_subject"): rows["subject"],
            state.t(L, "col_kind"): rows["kind"],
            state.t(L, "col_title"): rows["title"],
            state.t(L, "col_why"): ["; ".join(m) for m in rows["messages"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(
        state.t(L, "teacher_csv"),
        data=table_csv(shown).encode("utf-8-sig"),
        file_name=file_name(current.name, "teacher_file", "csv", teacher=teacher or "-"),
        mime=CSV,
        key=state.key(PAGE, "teacher_csv"),
        icon=":material/download:",
        on_click="ignore",
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
        what = md_escape(row.message or rule_title(row.rule, state.lang()))
        when = fmt_moment(row.decided_at, lang) if row.decided_at is not None else ""
        by = state.t(L, "by", by=md_escape(row.decided_by), at=when) if row.decided_by else when
        note = f"  \n> {md_escape(row.note)}" if row.note else ""
        lapsed = f" — *{state.t(L, 'lapsed')}: {state.t(L, row.lapsed)}*" if row.lapsed else ""
        st.markdown(
            f"{DECISION_ICONS.get(row.status, '')} **{state.t(L, row.status)}** · "
            f"{md_escape(who)} · {fmt_date(row.start, lang)}: {what}{lapsed}  \n"
            f"*{by}*{note}"
        )


def export_section(
    current: state.Current, compared: Comparison | None, done: Repair | None
) -> None:
    st.header(state.t(L, "export"))
    lang = state.lang()

    def report() -> Report:
        made = dt.datetime.now(AMSTERDAM)
        title = report_title(current.stored.config, current.name)
        dates = suggested_dates(done.moves) if done else None
        return report_of(current, title=title, made=made, compared=compared, suggested=dates)

    def button(column: Any, what: str, data: Any, suffix: str, mime: str) -> None:
        column.download_button(
            state.t(L, what),
            data=data,
            file_name=file_name(current.name, f"{what}_file", suffix),
            mime=mime,
            key=state.key(PAGE, what),
            help=state.t(L, f"{what}_help"),
            icon=":material/download:",
            on_click="ignore",
        )

    c1, c2, c3 = st.columns(3)
    # Excel, PDF and iCal are made when clicked (a callable): a big school's report takes
    # seconds, which every other click on this page should not wait for.
    button(c1, "excel", lambda: excel_bytes(report()), "xlsx", XLSX)
    button(c2, "pdf", lambda: pdf_bytes(report(), per_teacher=True), "pdf", "application/pdf")
    button(c3, "ical", lambda: ical_of(current, lang), "ics", "text/calendar")
    c1, c2, _ = st.columns(3)
    # With a byte order mark, so Excel opens the accents of a Dutch CSV right.
    button(c1, "findings", findings_csv(current.review.frame).encode("utf-8-sig"), "csv", CSV)
    button(c2, "plan", plan_csv(current.stored.plan.assessments).encode("utf-8-sig"), "csv", CSV)
    if compared is not None:
        st.caption(state.t(L, "with_comparison", before=md_escape(compared.before_label)))


def ical_of(current: state.Current, lang: Lang) -> bytes:
    stored = current.stored
    return ical_bytes(stored.plan, stored.config, name=current.name, lang=lang)


def compare_section(current: state.Current, lang: Lang) -> Comparison | None:
    """Before and after: this plan against an earlier moment of it, or against another plan."""
    st.header(state.t(L, "compare"))
    st.caption(state.t(L, "compare_help"))
    store = state.store()
    options: dict[str, tuple[str, int | None]] = {"": ("", None)}
    for entry in store.history(current.name, limit=30)[1:]:  # [0] is the plan as it is
        label = state.t(
            L,
            "after_change",
            n=entry.id,
            when=fmt_moment(entry.at, lang),
            who=entry.person,
            what=describe(entry.action, entry.detail, lang),
        )
        options[label] = (current.name, entry.id)
    for name in state.plan_names():
        if name != current.name:
            options[state.t(L, "other_plan", plan=name)] = (name, None)
    chosen = st.selectbox(
        state.t(L, "compare_with"),
        list(options),
        format_func=lambda o: o or state.t(L, "nothing"),
        key=state.key(PAGE, f"compare.{current.name}"),
    )
    plan, change = options[chosen]
    if not plan:
        return None
    if change is None:
        change = store.latest_change(plan)
    before = state.opened(plan, change, lang)
    compared = comparison(before, current, before_label=chosen, now_label=current.name)
    show_comparison(compared, lang)
    return compared


def show_comparison(c: Comparison, lang: Lang) -> None:
    before, after = c.summary_before, c.summary_after
    m1, m2, m3 = st.columns(3)
    for col, key in ((m1, "errors"), (m2, "warnings")):
        col.metric(
            state.t(L, key).capitalize(),
            f"{before[key]} → {after[key]}",
            delta=after[key] - before[key],
            delta_color="inverse",
        )
    m3.metric(state.t(L, "moved"), len(c.moved))
    if c.empty:
        st.info(state.t(L, "same"))
        return

    def tests(frame: pd.DataFrame, dates: tuple[str, ...]) -> pd.DataFrame:
        out = pd.DataFrame(
            {
                state.t(L, "col_group"): frame["group"],
                state.t(L, "col_subject"): frame["subject"],
                state.t(L, "col_kind"): frame["kind"],
                state.t(L, "col_title"): frame["title"],
            }
        )
        for column in dates:
            out[state.t(L, f"col_{column}")] = [fmt_date(d.date(), lang) for d in frame[column]]
        return out

    def findings(frame: pd.DataFrame) -> pd.DataFrame:
        groups = frame[frame["pupil"].isna()]
        return pd.DataFrame(
            {
                state.t(L, "col_severity"): [state.t(L, s) for s in groups["severity"]],
                state.t(L, "col_group"): groups["group"],
                state.t(L, "col_message"): groups["message"],
            }
        )

    left, right = st.columns(2)
    parts = (
        (left, "moved", tests(c.moved, ("date_before", "date_after"))),
        (right, "added", tests(c.added, ("date",))),
        (left, "removed", tests(c.removed, ("date",))),
        (right, "changed_tests", tests(c.changed, ("date",))),
        (left, "resolved_findings", findings(c.resolved)),
        (right, "new", findings(c.new)),
    )
    for col, key, table in parts:
        with col:
            st.markdown(f"**{state.t(L, key)} ({len(table)})**")
            if table.empty:
                st.caption(state.t(L, "none"))
            else:
                st.dataframe(table, hide_index=True, width="stretch", key=state.key(PAGE, key))
    pupils = int(c.resolved["pupil"].notna().sum()), int(c.new["pupil"].notna().sum())
    st.caption(state.t(L, "pupil_changes", resolved=pupils[0], new=pupils[1]))


def main() -> None:
    st.title(state.t(L, "title"))
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    st.subheader(md_escape(current.name))
    frame = current.review.frame
    weeks_section(frame, lang)
    open_section(frame)
    done = meeting_moves.repaired(current)
    teachers_section(current, lang, done)
    meeting_moves.section(current, done)
    decisions_section(decisions_taken(current.review), lang)
    export_section(current, compare_section(current, lang), done)


main()
