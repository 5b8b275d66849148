"""Test week: make the timetable of a test week (every test a session, no pupil two at once,
spread over the week), inspect it per session and per pupil, keep sessions that are right and
make the rest again, keep tests off days or sessions, then save it in the plan (one change in its
history) or download it."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import md_escape
from planner.errors import PlannerError
from planner.exporters.to_csv import table_csv
from planner.exporters.to_excel import week_excel_bytes
from planner.exporters.to_ical import ical_bytes
from planner.i18n import catalogue, fmt_date, fmt_num
from planner.services import save_edits, week_edits
from planner.testweek import (
    Solution,
    WeekProblem,
    pupil_schedules,
    pupil_statistics,
    solve,
    week_plan,
    week_problem,
    week_timetable,
    with_placements,
    year_timetable,
)

PAGE = "testweek"

L = catalogue(
    "app_pages.testweek",
    {
        "title": {"nl": "Toetsweekrooster", "en": "Test-week timetable"},
        "intro": {
            "nl": "Toetsplanner zet elke toets van de toetsweek in een zitting: geen leerling twee "
            "toetsen tegelijk, hoogstens zoveel per dag als de regel test-week-load toestaat, en "
            "de toetsen van elke leerling zo ver mogelijk uit elkaar. Parallelklassen maken hun "
            "toets tegelijk. Zet zittingen die goed zijn vast en maak de rest opnieuw.",
            "en": "Toetsplanner puts every test of the test week in a session: no pupil has two "
            "tests at once, at most as many a day as the rule test-week-load allows, and each "
            "pupil's tests as far apart as possible. Parallel classes sit their test together. "
            "Lock sessions that are right and make the rest again.",
        },
        "no_weeks": {
            "nl": "Dit plan heeft geen toetsweken: zet ze op de pagina Regels.",
            "en": "This plan has no test weeks: add them on the Rules page.",
        },
        "week": {"nl": "Toetsweek", "en": "Test week"},
        "seconds": {"nl": "Zoektijd (seconden)", "en": "Search time (seconds)"},
        "go": {"nl": "Rooster maken", "en": "Make the timetable"},
        "again": {
            "nl": "Opnieuw, met de vaste zittingen",
            "en": "Again, keeping the locked sessions",
        },
        "empty": {
            "nl": "Het plan heeft geen toetsen in deze toetsweek.",
            "en": "The plan has no tests in this test week.",
        },
        "tests": {"nl": "Toetsen", "en": "Tests"},
        "sessions": {"nl": "Zittingen", "en": "Sessions"},
        "pupils_n": {"nl": "Leerlingen", "en": "Pupils"},
        "clashes": {"nl": "Botsingen", "en": "Clashes"},
        "max_day": {"nl": "Meeste per dag", "en": "Most in a day"},
        "over": {
            "nl": "{over} toetsen staan boven het maximum per dag van een leerling (regel "
            "test-week-load). Geef de week meer zittingen per dag of meer dagen.",
            "en": "{over} tests are above a pupil's most per day (rule test-week-load). Give the "
            "week more sessions a day or more days.",
        },
        "cost": {"nl": "Spreiding (kosten)", "en": "Spread (cost)"},
        "cost_help": {
            "nl": "Per leerling: 16 voor twee toetsen achter elkaar, 8 voor twee op een dag, 2 "
            "voor de volgende dag, 1 voor twee dagen later. Lager is beter; tussen haakjes de "
            "start.",
            "en": "Per pupil: 16 for two tests in a row, 8 for two on a day, 2 for the next day, 1 "
            "for two days later. Lower is better; the start in brackets.",
        },
        "by_session": {"nl": "Per zitting (vastzetten)", "en": "Per session (lock)"},
        "by_year": {"nl": "Per jaarlaag", "en": "Per year level"},
        "lock": {"nl": "Vast", "en": "Locked"},
        "day": {"nl": "Dag", "en": "Day"},
        "session": {"nl": "Zitting", "en": "Session"},
        "test": {"nl": "Toets", "en": "Test"},
        "groups": {"nl": "Groepen", "en": "Groups"},
        "pupils": {"nl": "Leerlingen", "en": "Pupils"},
        "per_pupil": {"nl": "Per leerling", "en": "Per pupil"},
        "stats": {
            "nl": "{busy} van {n} leerlingen hebben een dag met twee toetsen; {row} keer twee "
            "achter elkaar.",
            "en": "{busy} of {n} pupils have a day with two tests; {row} times two in a row.",
        },
        "pupil": {"nl": "Leerling (nummer)", "en": "Pupil (number)"},
        "save": {"nl": "In het plan opslaan", "en": "Save in the plan"},
        "saved": {
            "nl": "Opgeslagen: {n} toetsen op hun dag en zitting (wijziging #{change}).",
            "en": "Saved: {n} tests on their day and session (change #{change}).",
        },
        "need_person": {
            "nl": "Vul links uw naam in om op te slaan.",
            "en": "Enter your name on the left to save.",
        },
        "ics": {"nl": "Toetsweek als agenda (iCal)", "en": "Test week as a calendar (iCal)"},
        "excel": {"nl": "Rooster (Excel)", "en": "Timetable (Excel)"},
        "csv": {"nl": "Rooster per leerling (CSV)", "en": "Timetable per pupil (CSV)"},
        "others": {
            "nl": "{n} toetsen in deze week krijgen geen zitting ({kinds}; zie Regels, "
            "toetsweken): ze houden hun dag.",
            "en": "{n} tests in this week get no session ({kinds}; see Rules, test weeks): they "
            "keep their day.",
        },
        "avoid_title": {"nl": "Toetsen niet op bepaalde dagen", "en": "Tests kept off days"},
        "avoid_intro": {
            "nl": "Een regel per toets en dag: de toets komt niet op die dag, of niet in die "
            "zitting (leeg = de hele dag). Geldt voor het volgende rooster.",
            "en": "A row per test and day: the test does not go on that day, or not in that "
            "session (empty = the whole day). Applies to the next timetable.",
        },
        "avoid_day": {"nl": "Niet op", "en": "Not on"},
        "avoid_session": {"nl": "Zitting (leeg = hele dag)", "en": "Session (empty = whole day)"},
        "avoid_outside": {
            "nl": "{day} hoort niet bij {week} ({first} tot {last}): die regel telt niet.",
            "en": "{day} is not a day of {week} ({first} to {last}): that row does not count.",
        },
        "avoid_changed": {
            "nl": "De uitgesloten dagen zijn veranderd sinds dit rooster: maak het opnieuw.",
            "en": "The days kept off changed since this timetable: make it again.",
        },
        "stale": {
            "nl": "Het plan is veranderd sinds dit rooster: maak het opnieuw.",
            "en": "The plan changed since this timetable: make it again.",
        },
    },
)

RESULT = state.key(PAGE, "result")  # (made from, WeekProblem, Solution, kept off)
BASE = state.key(PAGE, "base")  # (made from, WeekProblem without locks or days kept off)
NOTE = state.key(PAGE, "note")


def key(name: str) -> str:
    return state.key(PAGE, name)


def page() -> None:
    st.title(state.t(L, "title"))
    note = st.session_state.pop(NOTE, None)
    if note is not None:
        (st.success if note[0] == "success" else st.error)(md_escape(note[1]))
    current = state.current_or_say()
    if current is None:
        return
    st.caption(state.t(L, "intro"))
    config = current.stored.config
    weeks = [w.name for w in config.test_weeks]
    if not weeks:
        st.info(state.t(L, "no_weeks"))
        return
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    week = c1.selectbox(state.t(L, "week"), weeks, key=key("week"))
    c2.number_input(state.t(L, "seconds"), 1, 120, 5, key=key("seconds"))
    made_from = (current.name, current.stored.change, week)
    base = _base(current, week, made_from)
    shown = st.session_state.get(RESULT)
    locked = _locked(shown, made_from)
    if not base.others.empty:
        n = fmt_num(len(base.others), state.lang())
        st.caption(state.t(L, "others", n=n, kinds=md_escape(base.other_kinds())))
    avoid = _avoid(base)
    label = "again" if locked else "go"
    if c3.button(state.t(L, label), type="primary", key=key("go")):
        _make(base, locked, avoid, made_from)
        shown = st.session_state.get(RESULT)
    if shown is None or shown[0][0] != current.name or shown[0][2] != week:
        return
    if shown[0] != made_from:
        st.caption(state.t(L, "stale"))
        return
    if shown[3] != avoid:
        st.info(state.t(L, "avoid_changed"))
    _show(current, shown[1], shown[2])


def _base(current: state.Current, week: str, made_from: tuple[object, ...]) -> WeekProblem:
    """The week's problem as the plan has it, made once per version of the plan."""
    kept = st.session_state.get(BASE)
    if kept is not None and kept[0] == made_from:
        return kept[1]  # type: ignore[no-any-return]
    stored = current.stored
    problem = week_problem(stored.plan, stored.config, week, stored.members)
    st.session_state[BASE] = (made_from, problem)
    return problem


def _avoid(base: WeekProblem) -> dict[str, list[int]]:
    """The table of tests kept off days or sessions, as exam -> slots (the CLI's --avoid)."""
    lang = state.lang()
    cc = st.column_config
    sessions = [str(s + 1) for s in range(base.sessions)]
    if not base.days or base.exams.empty:
        return {}
    first, last = base.days[0], base.days[-1]
    with st.expander(state.t(L, "avoid_title")):
        st.caption(state.t(L, "avoid_intro"))
        empty = pd.DataFrame(
            {
                "test": pd.Series(dtype="object"),
                "day": pd.Series(dtype="object"),
                "session": pd.Series(dtype="object"),
            }
        )
        edited = st.data_editor(
            empty,
            key=key(f"avoid.{base.name}"),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "test": cc.SelectboxColumn(
                    state.t(L, "test"), options=list(base.instance.exams), required=True
                ),
                "day": cc.DateColumn(
                    state.t(L, "avoid_day"), min_value=first, max_value=last, required=True
                ),
                "session": cc.SelectboxColumn(state.t(L, "avoid_session"), options=sessions),
            },
        )
        avoid: dict[str, list[int]] = {}
        for test, day, session in edited.itertuples(index=False):
            if test not in base.instance.exams or pd.isna(day):
                continue
            day = pd.Timestamp(day).date()
            try:
                slots = base.day_slots(day, int(session) if session in sessions else None)
            except ValueError:
                st.warning(
                    state.t(
                        L, "avoid_outside", day=fmt_date(day, lang), week=md_escape(base.name),
                        first=fmt_date(first, lang), last=fmt_date(last, lang),
                    )
                )  # fmt: skip
                continue
            avoid.setdefault(str(test), []).extend(slots)
    return avoid


def _locked(shown: Any, made_from: tuple[object, ...]) -> dict[str, int]:
    """The exams ticked 'locked' in the table of the timetable on screen, with their slots."""
    if shown is None or shown[0] != made_from:
        return {}
    editor = st.session_state.get(key("table"))
    table = week_timetable(shown[1], shown[2].slot)
    edited = (editor or {}).get("edited_rows", {})
    ticked = {int(row) for row, v in edited.items() if v.get("lock")}
    tests, slots = table["test"].tolist(), table["slot"].tolist()
    return {str(tests[row]): int(slots[row]) for row in sorted(ticked) if row < len(tests)}


def _make(
    base: WeekProblem,
    locked: dict[str, int],
    avoid: dict[str, list[int]],
    made_from: tuple[object, ...],
) -> None:
    if base.exams.empty:
        st.info(state.t(L, "empty"))
        return
    try:
        problem = with_placements(base, locked, avoid)
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(state.lang())))
        return
    with st.spinner(state.t(L, "go")):
        seconds = float(st.session_state.get(key("seconds"), 5))
        done = solve(problem.instance, seconds=seconds, seed=0)
    st.session_state[RESULT] = (made_from, problem, done, avoid)
    st.session_state.pop(key("table"), None)


def _show(current: state.Current, problem: WeekProblem, done: Solution) -> None:
    lang = state.lang()
    stats = pupil_statistics(problem, done.slot)
    cols = st.columns(6)
    figures = [
        ("tests", fmt_num(len(problem.exams), lang), None),
        ("sessions", f"{len(problem.days)} x {problem.sessions}", None),
        ("pupils_n", fmt_num(int(problem.takes["pupil"].nunique()), lang), None),
        ("clashes", fmt_num(done.clashes, lang), None),
        ("max_day", fmt_num(int(stats["max_per_day"].max()) if len(stats) else 0, lang), None),
        (
            "cost",
            f"{fmt_num(round(done.cost, 2), lang)} ({fmt_num(round(done.start_cost, 2), lang)})",
            state.t(L, "cost_help"),
        ),
    ]
    for col, (label, value, help_text) in zip(cols, figures, strict=True):
        col.metric(state.t(L, label), value, help=help_text)
    if done.over:
        st.warning(state.t(L, "over", over=fmt_num(done.over, lang)))
    table = week_timetable(problem, done.slot)
    shown = pd.DataFrame(
        {
            "lock": False,
            "day": [fmt_date(d, lang) for d in table["day"]],
            "session": table["session"],
            "test": table["test"],
            "groups": table["groups"],
            "pupils": table["pupils"],
        }
    )
    config = {c: state.t(L, c) for c in shown.columns}
    by_session, by_year = st.tabs([state.t(L, "by_session"), state.t(L, "by_year")])
    by_session.data_editor(
        shown,
        key=key("table"),
        hide_index=True,
        width="stretch",
        column_config=config,
        disabled=[c for c in shown.columns if c != "lock"],
    )
    grid = year_timetable(problem, done.slot)
    grid["day"] = [fmt_date(d, lang) for d in grid["day"]]
    by_year.dataframe(
        grid.rename(columns={"day": state.t(L, "day"), "session": state.t(L, "session")}),
        hide_index=True,
        width="stretch",
    )
    st.subheader(state.t(L, "per_pupil"))
    st.caption(
        state.t(
            L, "stats", busy=int((stats["busy_days"] > 0).sum()), n=len(stats),
            row=int(stats["in_row"].sum()),
        )
    )  # fmt: skip
    schedules = pupil_schedules(problem, done.slot)
    pupil = st.selectbox(state.t(L, "pupil"), sorted(stats["pupil"]), key=key("pupil"))
    if pupil is not None:
        mine = schedules[schedules["pupil"] == pupil]
        st.dataframe(
            pd.DataFrame(
                {
                    state.t(L, "day"): [fmt_date(d, lang) for d in mine["day"]],
                    state.t(L, "session"): mine["session"].to_numpy(),
                    state.t(L, "test"): mine["exam"].to_numpy(),
                }
            ),
            hide_index=True,
        )
    _outputs(current, problem, done, schedules)


def _outputs(
    current: state.Current, problem: WeekProblem, done: Solution, schedules: pd.DataFrame
) -> None:
    person = state.person()
    c1, c2, c3, c4 = st.columns(4)
    c1.button(
        state.t(L, "save"),
        key=key("save"),
        disabled=not (state.editable() and person) or done.clashes > 0,
        on_click=_save,
        args=(current.name, problem, done, person),
    )
    if not person:
        c1.caption(state.t(L, "need_person"))
    plan = current.stored.plan
    # No rerun on a download: a rerun at the click races the file made by the callable.
    c2.download_button(
        state.t(L, "ics"),
        data=lambda: ical_bytes(
            week_plan(plan, problem, done.slot), current.stored.config, name=problem.name,
            lang=state.lang(),
        ),
        file_name=f"{problem.name}.ics",
        mime="text/calendar",
        key=key("ics"),
        on_click="ignore",
    )  # fmt: skip
    c3.download_button(
        state.t(L, "excel"),
        data=lambda: week_excel_bytes(problem, done.slot, state.lang()),
        file_name=f"{problem.name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key("excel"),
        on_click="ignore",
    )
    c4.download_button(
        state.t(L, "csv"),
        data=table_csv(schedules).encode("utf-8"),  # a test's name from data stays text
        file_name=f"{problem.name}-leerlingen.csv",
        mime="text/csv",
        key=key("csv"),
        on_click="ignore",
    )


def _save(plan: str, problem: WeekProblem, done: Solution, person: str) -> None:
    edits = week_edits(problem, done.slot)
    try:
        change = save_edits(state.store(), plan, edits, person=person)
    except PlannerError as exc:
        st.session_state[NOTE] = ("error", exc.one_line(state.lang()))
        return
    st.session_state[NOTE] = ("success", state.t(L, "saved", n=len(edits), change=change.id))
    st.session_state.pop(RESULT, None)


def main() -> None:
    try:
        page()
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(state.lang())))


main()
