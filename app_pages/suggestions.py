"""The Edit page's suggestions: better dates for the whole plan (planner.suggest.repair) or for
one finding (planner.suggest.candidates), taken into the user's draft with one click, so the
page's own difference, Save and what-if copy apply to them; and the lesson timetable that says
on which days a group has a subject (upload a file, or edit it as a table).

Not a page of its own: app_pages/edit.py calls `section` and gives it the draft to change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import md_escape
from planner.exporters.to_csv import plan_csv
from planner.i18n import catalogue, fmt_num
from planner.importers.upload import FileRead, read_upload
from planner.lessons import Lessons
from planner.model import Plan
from planner.services import deliver
from planner.suggest import Options, Repair, candidates, repair
from planner.views.suggest import (
    DAY_NAMES,
    candidates_frame,
    dashboard_options,
    lessons_from_table,
    lessons_table,
    moves_frame,
)

PAGE = "edit"

L = catalogue(
    "app_pages.suggestions",
    {
        "title": {"nl": "Betere data voorstellen", "en": "Suggest better dates"},
        "intro": {
            "nl": "Toetsplanner zoekt verplaatsingen die zoveel mogelijk fouten en waarschuwingen "
            "oplossen met zo min mogelijk en zo klein mogelijk verplaatsen: alleen naar een "
            "lesdag van dat vak (uit het lesrooster, of uit het plan als dat genoeg laat zien), "
            "nooit in een vakantie, toetsweek of rustperiode, nooit een vastgezette toets, en "
            "nooit meer fouten voor een groep of leerling. U kiest welke u overneemt; die komen "
            "in uw wijzigingen hierboven en worden pas bij Opslaan bewaard.",
            "en": "Toetsplanner looks for moves that solve as many errors and warnings as "
            "possible while moving as few tests, as little, as it can: only to a lesson day of "
            "that subject (from the timetable, or from the plan when it shows enough), never "
            "into a holiday, test week or quiet period, never a locked test, and never more "
            "errors for any group or pupil. You choose which to take; they join your changes "
            "above and are kept only when you save.",
        },
        "seconds": {"nl": "Zoektijd (seconden)", "en": "Search time (seconds)"},
        "weeks_before": {"nl": "Weken eerder toegestaan", "en": "Weeks earlier allowed"},
        "weeks_after": {"nl": "Weken later toegestaan", "en": "Weeks later allowed"},
        "weeks_help": {
            "nl": "Schoolweken rond de eigen week van de toets (0: alleen de eigen week). Nooit "
            "voor vandaag, nooit over een rapportdeadline heen; een toets in een toetsweek blijft "
            "in die toetsweek.",
            "en": "School weeks around the test's own week (0: only its own week). Never before "
            "today, never across a report deadline; a test in a test week stays in that week.",
        },
        "homework": {"nl": "Ook huiswerk verplaatsen", "en": "Move homework too"},
        "homework_help": {
            "nl": "Huiswerk mag dan ook naar een andere lesdag van het vak, voor de "
            "huiswerkgrenzen.",
            "en": "Homework may then move too, to another lesson day of its subject, for the "
            "homework limits.",
        },
        "go": {"nl": "Voorstellen maken", "en": "Make suggestions"},
        "none": {
            "nl": "Geen verplaatsing helpt: wat over is, is hieronder uitgelegd.",
            "en": "No move helps: what is left is explained below.",
        },
        "result": {
            "nl": "{n} verplaatsing(en) in {seconds} s. Fouten {e0} → {e1}, waarschuwingen "
            "{w0} → {w1}.",
            "en": "{n} move(s) in {seconds} s. Errors {e0} → {e1}, warnings {w0} → {w1}.",
        },
        "take": {"nl": "Overnemen", "en": "Take"},
        "id": {"nl": "Id", "en": "Id"},
        "test": {"nl": "Toets", "en": "Test"},
        "from": {"nl": "Van", "en": "From"},
        "to": {"nl": "Naar", "en": "To"},
        "reason": {"nl": "Waarom", "en": "Why"},
        "errors_left": {"nl": "Fouten daarna", "en": "Errors after"},
        "load": {"nl": "Belasting die dag", "en": "Load that day"},
        "apply": {"nl": "Gekozen verplaatsingen overnemen", "en": "Take the chosen moves"},
        "taken": {
            "nl": "{n} verplaatsing(en) overgenomen in uw wijzigingen; sla ze op in het plan of "
            "als wat-als-kopie.",
            "en": "{n} move(s) taken into your changes; save them in the plan or as a what-if "
            "copy.",
        },
        "download": {
            "nl": "Plan met alle voorstellen (CSV)",
            "en": "Plan with every suggestion (CSV)",
        },
        "download_file": {"nl": "plan-met-voorstellen.csv", "en": "plan-with-suggestions.csv"},
        "left": {"nl": "Niet opgelost", "en": "Not solved"},
        "left_help": {
            "nl": "De zoektocht vond hiervoor geen verplaatsing; langer zoeken, een ruimer "
            "venster of zelf schuiven kan nog helpen.",
            "en": "The search found no move for these; a longer search, a wider window or "
            "moving by hand may still help.",
        },
        "unrepairable": {
            "nl": "Niet op te lossen door te verplaatsen",
            "en": "Cannot be repaired by moving",
        },
        "unrepairable_help": {
            "nl": "Bewezen: geen toets van deze fout heeft een dag in zijn venster zonder nieuwe "
            "fout. Dit vraagt een besluit van het team (toets schrappen, samenvoegen, "
            "vrijstelling), geen verplaatsing.",
            "en": "Proven: no test of these errors has a day in its window without a new error. "
            "They need a decision by the team (drop, merge or exempt a test), not a move.",
        },
        "stale": {
            "nl": "Het plan of uw wijzigingen zijn veranderd sinds deze voorstellen: maak ze "
            "opnieuw.",
            "en": "The plan or your changes changed since these suggestions: make them again.",
        },
        "one": {"nl": "Voor één bevinding", "en": "For one finding"},
        "finding": {"nl": "Bevinding", "en": "Finding"},
        "where": {"nl": "Waar kan het heen?", "en": "Where could it go?"},
        "no_candidates": {
            "nl": "Geen dag in het venster lost dit op zonder nieuwe fout.",
            "en": "No day in the window solves this without a new error.",
        },
        "take_one": {"nl": "Deze overnemen", "en": "Take this one"},
        "choose": {"nl": "Voorstel", "en": "Suggestion"},
        "timetable": {"nl": "Lesrooster", "en": "Timetable"},
        "timetable_intro": {
            "nl": "Op welke dagen een groep les heeft in een vak: een toets gaat alleen naar zo'n "
            "dag. Zonder lesrooster telt de dag waarop het plan al iets van dat vak voor die groep "
            "heeft. Lever een bestand aan (klas, vak, dag, lesuur) of wijzig de tabel.",
            "en": "On which days a group has a lesson of a subject: a test only moves to such a "
            "day. Without a timetable, the days on which the plan already has something of that "
            "subject for that group count. Upload a file (group, subject, day, period) or edit the "
            "table.",
        },
        "lessons": {"nl": "{n} lessen in het lesrooster.", "en": "{n} lessons in the timetable."},
        "no_timetable": {
            "nl": "Nog geen lesrooster: de dagen komen uit het plan.",
            "en": "No timetable yet: the days come from the plan.",
        },
        "upload": {"nl": "Lesrooster (CSV of Excel)", "en": "Timetable (CSV or Excel)"},
        "save_timetable": {"nl": "Lesrooster opslaan", "en": "Save the timetable"},
        "saved": {
            "nl": "Lesrooster opgeslagen: {n} lessen (wijziging #{change}).",
            "en": "Timetable saved: {n} lessons (change #{change}).",
        },
        "bad_rows": {"nl": "Niet ingelezen ({n}):", "en": "Not read ({n}):"},
        "group": {"nl": "Groep", "en": "Group"},
        "subject": {"nl": "Vak", "en": "Subject"},
        "weekday": {"nl": "Dag", "en": "Day"},
        "period": {"nl": "Lesuur", "en": "Period"},
    },
)


def key(name: str) -> str:
    return state.key(PAGE, f"suggest.{name}")


RESULT = key("result")  # (made from, Repair)
FOUND = key("found")  # (made from, finding key, candidates)
NOTE = key("note")  # (kind, text) shown once


def section(
    current: state.Current,
    plan: Plan,
    made_from: tuple[object, ...],
    put_moves: Callable[[Mapping[str, dt.date]], None],
    findings: pd.DataFrame,
) -> None:
    """The suggestions for `plan` (the draft, or the stored plan without edits); `made_from`
    says what it is (a result made from something else is stale); `put_moves` adds moves to
    the user's draft."""
    st.subheader(state.t(L, "title"))
    st.caption(state.t(L, "intro"))
    note = st.session_state.pop(NOTE, None)
    if note is not None:
        {"success": st.success, "error": st.error}.get(note[0], st.info)(note[1])
    rows = state.store().lessons(current.name)
    lessons = Lessons.from_frame(rows) if not rows.empty else None
    c1, c2, c3, c4 = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    c1.number_input(state.t(L, "seconds"), 1, 120, 5, key=key("seconds"))
    c2.number_input(
        state.t(L, "weeks_before"), 0, 6, 1, key=key("weeks_before"), help=state.t(L, "weeks_help")
    )
    c3.number_input(
        state.t(L, "weeks_after"), 0, 6, 2, key=key("weeks_after"), help=state.t(L, "weeks_help")
    )
    c4.checkbox(state.t(L, "homework"), key=key("homework"), help=state.t(L, "homework_help"))
    if c4.button(state.t(L, "go"), type="primary", key=key("go")):
        with st.spinner(state.t(L, "go")):
            done = repair(
                plan,
                current.stored.config,
                members=current.stored.members,
                lessons=lessons,
                options=_options(current, plan),
                seconds=float(st.session_state.get(key("seconds"), 5)),
                seed=0,
                lang=state.lang(),
            )
        st.session_state[RESULT] = (made_from, done)
    shown = st.session_state.get(RESULT)
    if shown is not None:
        if shown[0] == made_from:
            _show_repair(shown[1], put_moves)
        elif shown[0][:1] == made_from[:1]:
            st.caption(state.t(L, "stale"))
    _one_finding(current, plan, made_from, put_moves, findings, lessons)
    _lessons(current, rows)


def _options(current: state.Current, plan: Plan) -> Options:
    return dashboard_options(
        plan,
        current.stored.config,
        dt.date.today(),
        int(st.session_state.get(key("weeks_before"), 1)),
        int(st.session_state.get(key("weeks_after"), 2)),
        homework=bool(st.session_state.get(key("homework"), False)),
    )


def _show_repair(done: Repair, put_moves: Callable[[Mapping[str, dt.date]], None]) -> None:
    lang = state.lang()
    b, a = done.before.summary, done.after.summary
    if not done.moves:
        st.info(state.t(L, "none"))
    else:
        st.success(
            state.t(
                L, "result", n=len(done.moves), seconds=fmt_num(round(done.seconds, 1), lang),
                e0=b["errors"], e1=a["errors"], w0=b["warnings"], w1=a["warnings"],
            )
        )  # fmt: skip
        table = moves_frame(done.moves, lang)
        config = {c: state.t(L, c) for c in table.columns}
        chosen = st.data_editor(
            table,
            key=key("moves"),
            hide_index=True,
            width="stretch",
            column_config=config,
            disabled=[c for c in table.columns if c != "take"],
        )
        wanted = set(chosen.loc[chosen["take"].astype(bool), "id"])
        moves = {m.id: m.after for m in done.moves if m.id in wanted}
        c1, c2 = st.columns([1, 1])
        c1.button(
            state.t(L, "apply"),
            key=key("apply"),
            disabled=not moves,
            on_click=_take,
            args=(put_moves, moves),
        )
        c2.download_button(
            state.t(L, "download"),
            data=lambda: plan_csv(done.plan.assessments).encode("utf-8-sig"),
            file_name=L("download_file", lang),
            mime="text/csv",
            key=key("download"),
            on_click="ignore",
        )
    frame = done.after.frame
    for title, rows in (("unrepairable", done.unrepairable), ("left", done.left)):
        if rows:
            st.markdown(f"**{state.t(L, title)}**")
            st.caption(state.t(L, f"{title}_help"))
            st.markdown(
                "\n".join(
                    f"- {md_escape(frame.loc[row, 'message'])} — {md_escape(why)}"
                    for row, why in rows
                )
            )


def _take(put_moves: Callable[[Mapping[str, dt.date]], None], moves: Mapping[str, dt.date]) -> None:
    put_moves(moves)
    st.session_state[NOTE] = ("success", state.t(L, "taken", n=len(moves)))


def _one_finding(
    current: state.Current,
    plan: Plan,
    made_from: tuple[object, ...],
    put_moves: Callable[[Mapping[str, dt.date]], None],
    findings: pd.DataFrame,
    lessons: Lessons | None,
) -> None:
    """Candidates for one finding of a group (a pupil's come from its groups' tests)."""
    frame = findings[findings["pupil"].isna() & findings["severity"].isin(["error", "warning"])]
    frame = frame[frame["assessments"].map(len) > 0]
    if frame.empty:
        return
    with st.expander(state.t(L, "one")):
        # a select box shows its options as text (no Markdown): the messages as they are
        labels = {int(i): str(m) for i, m in zip(frame.index, frame["message"], strict=True)}
        row = st.selectbox(
            state.t(L, "finding"), list(labels), format_func=labels.__getitem__, key=key("finding")
        )
        if row is None:
            return
        tests_of = dict(zip(frame.index, frame["assessments"], strict=True))
        tests = tuple(str(t) for t in tests_of[row])
        asked = (made_from, tests)
        if st.button(state.t(L, "where"), key=key("where")):
            with st.spinner(state.t(L, "where")):
                found = candidates(
                    plan,
                    current.stored.config,
                    tests,
                    members=current.stored.members,
                    lessons=lessons,
                    options=_options(current, plan),
                    lang=state.lang(),
                    limit=5,
                )
            st.session_state[FOUND] = (asked, found)
        stored = st.session_state.get(FOUND)
        if stored is None or stored[0] != asked:
            return
        found = stored[1]
        if not found:
            st.info(state.t(L, "no_candidates"))
            return
        table = candidates_frame(found, state.lang())
        config = {c: state.t(L, c) for c in table.columns}
        st.dataframe(table, hide_index=True, width="stretch", column_config=config)
        options = list(range(len(found)))
        choice = st.selectbox(
            state.t(L, "choose"),
            options,
            format_func=lambda i: f"{table.loc[i, 'test']} → {table.loc[i, 'to']}",
            key=key("candidate"),
        )
        if choice is not None:
            chosen = found[int(choice)]
            st.button(
                state.t(L, "take_one"),
                key=key("take_one"),
                on_click=_take,
                args=(put_moves, {chosen.id: chosen.day}),
            )


def _lessons(current: state.Current, lessons: pd.DataFrame) -> None:
    with st.expander(state.t(L, "timetable")):
        st.caption(state.t(L, "timetable_intro"))
        if lessons.empty:
            st.caption(state.t(L, "no_timetable"))
        else:
            st.caption(state.t(L, "lessons", n=fmt_num(len(lessons), state.lang())))
        may = state.editable() and bool(state.person())
        upload = st.file_uploader(
            state.t(L, "upload"), type=["csv", "xlsx"], key=key("upload"), disabled=not may
        )
        if upload is not None and st.button(state.t(L, "save_timetable"), key=key("save_file")):
            _save_file(current, upload.name, upload.getvalue())
        table = lessons_table(lessons, state.lang())
        config: dict[str, Any] = {c: state.t(L, c) for c in table.columns}
        config["weekday"] = st.column_config.SelectboxColumn(
            state.t(L, "weekday"), options=list(DAY_NAMES[state.lang()][:5])
        )
        edited = st.data_editor(
            table,
            key=key("lessons"),
            hide_index=True,
            num_rows="dynamic",
            width="stretch",
            column_config=config,
            disabled=not may,
        )
        if may and st.button(state.t(L, "save_timetable"), key=key("save_table")):
            rows, problems = lessons_from_table(edited, state.lang())
            # what the editor shows is what is saved: fewer rows than before is meant
            read = FileRead("dashboard", b"", "lessons", rows, tuple(problems))
            _save(current, read, replace_anyway=True)


def _save_file(current: state.Current, name: str, content: bytes) -> None:
    config = current.stored.config
    _save(current, read_upload(name, content, config, lang=state.lang(), want="lessons"))


def _save(current: state.Current, read: FileRead, *, replace_anyway: bool = False) -> None:
    person = state.person()
    delivered = deliver(
        state.store(), current.name, [read], person=person, replace_anyway=replace_anyway
    )
    done = delivered.files[0]
    if done.change is None:
        assert done.error is not None
        st.error(md_escape(done.error.one_line(state.lang())))
        return
    change, rows, problems = done.change, read.table, read.problems
    assert rows is not None
    text = state.t(L, "saved", n=len(rows), change=change.id)
    if problems:
        text += (
            "\n\n"
            + state.t(L, "bad_rows", n=len(problems))
            + "\n"
            + "\n".join(
                f"- {md_escape(f'{p.row}: {p.column} = {p.value!r}: {p.message}')}"
                for p in problems
            )
        )
    st.session_state[NOTE] = ("success", text)
    st.rerun()
