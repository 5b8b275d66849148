"""Edit / what-if: change tests in a table and see at once which findings disappear and which
appear; then save the changes in the plan (one change in its history), save them as a what-if
copy of the plan, or discard them.

The user's edits live in the session as a draft (by test id, see planner.views.edit), not in
the table widget: the table is drawn again from the draft after every edit, under a new key,
so filters can change between edits and rows never shift under an edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state, suggestions
from app_pages.words import md_escape
from planner.check import CheckResult, effective_config, same_period
from planner.edits import Edit
from planner.errors import PlannerError
from planner.i18n import Lang, catalogue, fmt_date, fmt_num, fmt_week
from planner.services import check_draft, save_edits
from planner.views.edit import (
    COLUMN_NAMES,
    Draft,
    FindingDiff,
    TableEdits,
    apply_edits,
    editor_table,
    finding_diff,
    merge_editor_state,
)
from planner.views.suggest import with_moves

PAGE = "edit"
MAX_ROWS = 2000

L = catalogue(
    "app_pages.edit",
    {
        "title": {"nl": "Wijzigen en wat-als", "en": "Edit and what-if"},
        "intro": {
            "nl": "Verplaats, wijzig, voeg toe of verwijder toetsen in de tabel. Het plan wordt "
            "na elke wijziging opnieuw gecontroleerd; hieronder ziet u welke bevindingen "
            "verdwijnen en welke erbij komen. Niets is opgeslagen tot u op Opslaan klikt.",
            "en": "Move, change, add or delete tests in the table. The plan is checked again after "
            "every edit; below you see which findings disappear and which appear. Nothing is saved "
            "until you click Save.",
        },
        "filters": {"nl": "Tabel beperken", "en": "Narrow the table"},
        "capped": {
            "nl": "De tabel toont de eerste {shown} van {n} toetsen; beperk hem met de filters.",
            "en": "The table shows the first {shown} of {n} tests; narrow it with the filters.",
        },
        "move": {"nl": "Een toets verplaatsen", "en": "Move a test"},
        "move_help": {
            "nl": "Hetzelfde als een datum in de tabel kiezen, met toetsenbord of schermlezer.",
            "en": "The same as picking a date in the table, by keyboard or screen reader.",
        },
        "move_test": {"nl": "Toets", "en": "Test"},
        "move_to": {"nl": "Naar", "en": "To"},
        "move_button": {"nl": "Verplaatsen", "en": "Move"},
        "groups": {"nl": "Groepen", "en": "Groups"},
        "subjects": {"nl": "Vakken", "en": "Subjects"},
        "weeks": {"nl": "Weken", "en": "Weeks"},
        "all": {"nl": "alle", "en": "all"},
        "rows": {
            "nl": "{shown} van {total} toetsen in de tabel.",
            "en": "{shown} of {total} tests in the table.",
        },
        "help_table": {
            "nl": "Kies een datum in de kalender van een cel; een nieuwe rij voegt u onderaan toe, "
            "verwijderen doet u door rijen links aan te vinken en op de prullenbak te klikken.",
            "en": "Pick a date in a cell's calendar; add a row at the bottom; delete by ticking "
            "rows on the left and clicking the bin.",
        },
        "problems": {
            "nl": "Niet toegepast ({n}): verbeter deze rijen in de tabel.",
            "en": "Not applied ({n}): correct these rows in the table.",
        },
        "effect": {"nl": "Gevolgen", "en": "Effect"},
        "no_edits": {
            "nl": "Nog geen wijzigingen: het plan is zoals het is opgeslagen.",
            "en": "No changes yet: the plan is as it is stored.",
        },
        "edited": {
            "nl": "{n} toets(en) gewijzigd, toegevoegd of verwijderd (nog niet opgeslagen).",
            "en": "{n} test(s) changed, added or deleted (not saved yet).",
        },
        "errors": {"nl": "Fouten", "en": "Errors"},
        "errors_help": {
            "nl": "Fouten voor de wijzigingen → erna (groepen en leerlingen).",
            "en": "Errors before the changes → after (groups and pupils).",
        },
        "resolved": {"nl": "✓ Opgelost ({n})", "en": "✓ Resolved ({n})"},
        "new": {"nl": "⚠ Nieuw ({n})", "en": "⚠ New ({n})"},
        "nothing_resolved": {"nl": "Geen bevinding verdwijnt.", "en": "No finding disappears."},
        "nothing_new": {"nl": "Geen nieuwe bevindingen.", "en": "No new findings."},
        "pupil_count": {
            "nl": "Bevindingen van leerlingen: {resolved} opgelost, {new} nieuw.",
            "en": "Pupils' findings: {resolved} resolved, {new} new.",
        },
        "show_pupils": {
            "nl": "Ook bevindingen van leerlingen tonen",
            "en": "Also show pupils' findings",
        },
        "severity": {"nl": "Ernst", "en": "Severity"},
        "group": {"nl": "Groep", "en": "Group"},
        "pupil": {"nl": "Leerling", "en": "Pupil"},
        "message": {"nl": "Bevinding", "en": "Finding"},
        "error": {"nl": "fout", "en": "error"},
        "warning": {"nl": "waarschuwing", "en": "warning"},
        "info": {"nl": "info", "en": "info"},
        "save": {"nl": "Opslaan in het plan", "en": "Save in the plan"},
        "discard": {"nl": "Verwerpen", "en": "Discard"},
        "copy": {"nl": "Als wat-als-kopie opslaan", "en": "Save as a what-if copy"},
        "copy_name": {"nl": "Naam van de kopie", "en": "Name of the copy"},
        "copy_suffix": {"nl": "{plan} (wat-als)", "en": "{plan} (what-if)"},
        "copy_help": {
            "nl": "Een nieuw plan met alle toetsen, leerlingen en besluiten van dit plan, en uw "
            "wijzigingen erin. Het gedeelde plan blijft zoals het is.",
            "en": "A new plan with every test, pupil and decision of this plan, and your changes "
            "in it. The shared plan stays as it is.",
        },
        "need_person": {
            "nl": "Vul links uw naam in om op te slaan.",
            "en": "Enter your name on the left to save.",
        },
        "read_only": {
            "nl": "U kunt wijzigingen uitproberen, maar niet opslaan: u mag dit plan niet "
            "wijzigen.",
            "en": "You can try changes but not save them: you may not change this plan.",
        },
        "saved": {
            "nl": "Opgeslagen in het plan als één wijziging ({n} toets(en)).",
            "en": "Saved in the plan as one change ({n} test(s)).",
        },
        "copies": {
            "nl": "{n} van deze toetsen staan ook in een ander aangeleverd bestand; die kopieën "
            "gaan mee, anders kwamen ze op de oude plek terug.",
            "en": "{n} of these tests are also in another uploaded file; those copies go along, "
            "otherwise they would come back in the old place.",
        },
        "copied": {
            "nl": "Wat-als-kopie '{plan}' gemaakt; die is nu gekozen.",
            "en": "What-if copy '{plan}' created; it is now chosen.",
        },
        "copy_without_edits": {
            "nl": "Kopie '{plan}' gemaakt, maar de wijzigingen niet: {reason}",
            "en": "Copy '{plan}' created, but not the changes: {reason}",
        },
        "discarded": {"nl": "Wijzigingen verworpen.", "en": "Changes discarded."},
    },
)


def key(name: str) -> str:
    return state.key(PAGE, name)


DRAFT = state.EDIT_DRAFT  # {"plan": name, "edits": TableEdits}
VERSION = key("version")  # the table's key ends in this; it changes when its edits are taken in
SHOWN = key("shown")  # (plan, table key, ids of the rows the table shows)
CACHE = key("cache")  # (what the draft was made from, Draft, CheckResult)
FLASH = key("flash")  # (kind, text): a message shown once, after a button's callback
COPY_NAME = key("copy_name")
COPY_FOR = key("copy_for")  # the plan the default copy name was made for
PUPILS = key("pupils")
FILTER_FOR = key("filter_for")  # the plan the filters were chosen for


def table_key() -> str:
    return key(f"table.{st.session_state.get(VERSION, 0)}")


def discard() -> None:
    st.session_state.pop(DRAFT, None)
    st.session_state.pop(CACHE, None)
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def flash(kind: str, text: str) -> None:
    st.session_state[FLASH] = (kind, text)


def take_in_table_edits(plan: str, edits: TableEdits) -> TableEdits:
    """What the user did in the table on the last run, added to the draft; the table then gets
    a new key, so it is drawn afresh from the draft."""
    shown = st.session_state.get(SHOWN)
    editor = st.session_state.get(table_key())
    if not shown or shown[:2] != (plan, table_key()) or not editor:
        return edits
    if not any(editor.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
        return edits
    edits = merge_editor_state(edits, shown[2], editor)
    state.set_draft_edits(plan, edits)
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    return edits


def draft_and_check(
    current: state.Current, edits: TableEdits, lang: Lang
) -> tuple[Draft | None, CheckResult]:
    """The draft plan and its check: re-checks only the groups the edits touch (recheck), and
    only when the edits or the stored plan changed since the last run."""
    if edits.empty:
        return None, current.result
    stored = current.stored
    made_from = (stored.name, stored.change, lang, edits, state.person())
    cached = st.session_state.get(CACHE)
    if cached is not None and cached[0] == made_from:
        return cached[1], cached[2]
    draft = apply_edits(
        stored.plan, edits, stored.config, rows=stored.rows, person=state.person(), lang=lang
    )
    # From the last draft of the same stored plan when there is one: then only the groups of
    # the latest edit are checked again, not every group the draft has touched so far.
    base, within = None, set(draft.groups)  # the stored plan and the draft differ only there
    if cached is not None and cached[0][:3] == made_from[:3] and cached[1] is not None:
        base = (cached[1].plan, cached[2])
        within |= cached[1].groups
    after = check_draft(current, draft.plan, within, base=base)
    st.session_state[CACHE] = (made_from, draft, after)
    return draft, after


def filters(current: state.Current, draft: Draft | None) -> dict[str, Any]:
    """Group, subject and week range to narrow the table (the sample school has ~3,000 rows).
    The filters belong to a plan: choosing another plan clears them."""
    lang = state.lang()
    if st.session_state.get(FILTER_FOR) != current.name:
        for name in ("groups", "subjects"):
            st.session_state.pop(key(name), None)
        st.session_state[FILTER_FOR] = current.name
    plan = current.stored.plan if draft is None else draft.plan
    table = pd.concat([current.stored.plan.assessments, plan.assessments])
    mondays = weeks_of(current, table)
    with st.expander(state.t(L, "filters"), expanded=True):
        c1, c2, c3 = st.columns([2, 2, 3])
        groups = c1.multiselect(
            state.t(L, "groups"),
            sorted(table["group"].unique().tolist()),
            key=key("groups"),
            placeholder=state.t(L, "all"),
        )
        subjects = c2.multiselect(
            state.t(L, "subjects"),
            sorted(table["subject"].unique().tolist()),
            key=key("subjects"),
            placeholder=state.t(L, "all"),
        )
        first, last = mondays[0], mondays[-1]
        if len(mondays) > 1:
            first, last = c3.select_slider(
                state.t(L, "weeks"),
                options=mondays,
                value=(mondays[0], mondays[-1]),
                format_func=lambda d: fmt_week(d, lang),
                key=key(f"weeks.{current.name}.{mondays[0]}.{mondays[-1]}"),
            )
    every_week = (first, last) == (mondays[0], mondays[-1])
    return {
        "groups": groups,
        "subjects": subjects,
        "first": None if every_week else first,
        "last": None if every_week else last + dt.timedelta(days=6),
    }


def weeks_of(current: state.Current, table: pd.DataFrame) -> list[dt.date]:
    """The Mondays of the school year, and of any week outside it that holds a test."""
    config = effective_config(current.stored.plan, current.stored.config)
    assert config.start is not None and config.end is not None
    start, end = config.start, config.end
    if not table.empty:
        start = min(start, table["date"].min().date())
        end = max(end, table["date"].max().date())
    monday = start - dt.timedelta(days=start.weekday())
    return [monday + dt.timedelta(weeks=n) for n in range((end - monday).days // 7 + 1)]


def column_config(current: state.Current, chosen: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """The table's columns: dates in a calendar, the school's kinds to choose from, the id and
    the origin read-only. A new row starts in the chosen group, subject and first week."""
    kinds = list(current.stored.config.kinds)
    tests = [k for k, v in current.stored.config.kinds.items() if v.test] or kinds

    def name(column: str) -> str:
        return COLUMN_NAMES[column][lang].capitalize()

    def one(values: Sequence[str]) -> str | None:
        return values[0] if len(values) == 1 else None

    cc = st.column_config
    return {
        "id": cc.TextColumn(name("id"), disabled=True),
        "day": cc.TextColumn(name("day"), disabled=True),
        "date": cc.DateColumn(
            name("date"), format="DD-MM-YYYY", required=True, default=chosen["first"]
        ),
        "group": cc.TextColumn(name("group"), required=True, default=one(chosen["groups"])),
        "subject": cc.TextColumn(name("subject"), required=True, default=one(chosen["subjects"])),
        "kind": cc.SelectboxColumn(
            name("kind"), options=kinds, required=True, default=tests[0] if tests else None
        ),
        "title": cc.TextColumn(name("title")),
        # numbers as the teacher's browser writes them (1,5 in a Dutch browser)
        "weight": cc.NumberColumn(name("weight"), min_value=0.0, step=0.5, format="localized"),
        "minutes": cc.NumberColumn(name("minutes"), min_value=0, step=5, format="localized"),
        "locked": cc.CheckboxColumn(name("locked")),
        "teacher": cc.TextColumn(name("teacher"), disabled=True),
        "source": cc.TextColumn(name("source"), disabled=True),
    }


def show_diff(
    current: state.Current, draft: Draft | None, after: CheckResult, edits: TableEdits
) -> None:
    st.subheader(state.t(L, "effect"))
    if edits.empty:
        st.caption(state.t(L, "no_edits"))
        return
    lang = state.lang()
    st.caption(state.t(L, "edited", n=len(edits)))
    if draft is not None and draft.copies:
        st.caption(state.t(L, "copies", n=draft.copies))
    pupils = bool(st.session_state.get(PUPILS, False))
    stored = current.stored
    # Only the edited groups and their pupils can differ: tens of thousands of findings on a
    # whole school, most of them untouched.
    same = draft is not None and same_period(stored.plan, draft.plan, stored.config)
    diff = finding_diff(
        current.result.frame,
        after.frame,
        pupils=pupils,
        within=draft.groups if same and draft is not None else None,
        members=stored.members,
    )
    st.metric(
        state.t(L, "errors"),
        f"{fmt_num(diff.errors_before, lang)} → {fmt_num(diff.errors_after, lang)}",
        delta=diff.errors_after - diff.errors_before,
        delta_color="inverse",
        help=state.t(L, "errors_help"),
    )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{state.t(L, 'resolved', n=len(diff.resolved))}**")
        findings_table(diff.resolved, "nothing_resolved", key("resolved"))
    with right:
        st.markdown(f"**{state.t(L, 'new', n=len(diff.new))}**")
        findings_table(diff.new, "nothing_new", key("new"))
    pupil_line(diff)


def pupil_line(diff: FindingDiff) -> None:
    st.caption(state.t(L, "pupil_count", resolved=diff.pupils_resolved, new=diff.pupils_new))
    st.toggle(state.t(L, "show_pupils"), key=PUPILS)


def findings_table(frame: pd.DataFrame, empty: str, widget_key: str) -> None:
    if frame.empty:
        st.caption(state.t(L, empty))
        return
    shown = frame.assign(severity=[state.t(L, s) for s in frame["severity"]])
    config = {c: state.t(L, c) for c in shown.columns}
    st.dataframe(shown, hide_index=True, column_config=config, key=widget_key, width="stretch")


def save(plan: str, edits: tuple[Edit, ...], tests: int, person: str) -> None:
    """Button callback: the draft into the plan as one change."""
    try:
        save_edits(state.store(), plan, edits, person=person)
    except PlannerError as exc:
        flash("error", exc.one_line(state.lang()))
        return
    discard()
    flash("success", state.t(L, "saved", n=tests))


def save_copy(plan: str, edits: tuple[Edit, ...], person: str) -> None:
    """Button callback: a what-if copy of the plan with the draft in it, then chosen in the
    sidebar (a callback runs before the sidebar's select box, so it may set its value)."""
    name = str(st.session_state.get(COPY_NAME) or "").strip()
    store = state.store()
    try:
        store.create_plan(name, person=person, copy_of=plan)
    except PlannerError as exc:
        flash("error", exc.one_line(state.lang()))
        return
    if edits:
        try:
            save_edits(store, name, edits, person=person)
        except PlannerError as exc:
            reason = exc.one_line(state.lang())
            flash("error", state.t(L, "copy_without_edits", plan=name, reason=reason))
            return
    discard()
    st.session_state[state.PLAN] = name
    flash("success", state.t(L, "copied", plan=name))


def buttons(current: state.Current, draft: Draft | None, edits: TableEdits) -> None:
    person = state.person()
    may_save = state.editable() and bool(person)
    store_edits = draft.edits if draft is not None else ()
    if not state.editable():
        st.info(state.t(L, "read_only"))
    elif not person:
        st.info(state.t(L, "need_person"))
    c1, c2 = st.columns([1, 1])
    c1.button(
        state.t(L, "save"),
        type="primary",
        disabled=not (may_save and store_edits),
        on_click=save,
        args=(current.name, store_edits, draft.applied if draft else 0, person),
        key=key("save"),
    )
    c2.button(
        state.t(L, "discard"),
        disabled=edits.empty,
        on_click=discard_clicked,
        key=key("discard"),
    )
    # a widget's value is dropped when another page ran in between: then the default again
    if st.session_state.get(COPY_FOR) != current.name or not st.session_state.get(COPY_NAME):
        st.session_state[COPY_NAME] = state.t(L, "copy_suffix", plan=current.name)
        st.session_state[COPY_FOR] = current.name
    with st.container(border=True):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.text_input(state.t(L, "copy_name"), key=COPY_NAME, help=state.t(L, "copy_help"))
        c2.button(
            state.t(L, "copy"),
            disabled=not may_save,
            on_click=save_copy,
            args=(current.name, store_edits, person),
            key=key("copy"),
        )


def discard_clicked() -> None:
    discard()
    flash("info", state.t(L, "discarded"))


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message is None:
        return
    kind, text = message  # names plans, and says why the store refused: the user's text
    {"success": st.success, "error": st.error}.get(kind, st.info)(md_escape(text))


def page() -> None:
    st.title(state.t(L, "title"))
    show_flash()
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    st.caption(state.t(L, "intro"))
    edits = take_in_table_edits(current.name, state.draft_edits(current.name))
    draft, after = draft_and_check(current, edits, lang)
    chosen = filters(current, draft)
    # A whole school's plan is tens of thousands of rows: the browser gets the first MAX_ROWS
    # (the filters narrow it), which keeps every rerun of this page quick.
    table, matching = editor_table(
        draft if draft is not None else current.stored.plan,
        lang,
        groups=chosen["groups"],
        subjects=chosen["subjects"],
        first=chosen["first"],
        last=chosen["last"],
        limit=MAX_ROWS,
    )
    total = len((draft.plan if draft is not None else current.stored.plan).assessments)
    st.caption(
        state.t(L, "rows", shown=fmt_num(len(table), lang), total=fmt_num(total, lang))
        + " "
        + state.t(L, "help_table")
    )
    if matching > len(table):
        st.info(state.t(L, "capped", shown=fmt_num(len(table), lang), n=fmt_num(matching, lang)))
    st.session_state[SHOWN] = (current.name, table_key(), table["id"].tolist())
    st.data_editor(
        table,
        key=table_key(),
        num_rows="dynamic",
        hide_index=True,
        column_config=column_config(current, chosen, lang),
        width="stretch",
    )
    move_form(current.name, table, lang)
    if draft is not None and draft.problems:
        st.warning(
            state.t(L, "problems", n=len(draft.problems))
            + "\n\n"
            + "\n".join(f"- {md_escape(p.message)}" for p in draft.problems)
        )
    show_diff(current, draft, after, edits)
    buttons(current, draft, edits)
    plan = draft.plan if draft is not None else current.stored.plan
    made_from = (current.name, current.stored.change, edits, lang)
    suggestions.section(current, plan, made_from, lambda m: put_moves(current.name, m), after.frame)


def put_moves(plan: str, moves: Mapping[str, dt.date]) -> None:
    """Suggested moves into the draft, as if the user had picked those dates in the table."""
    state.set_draft_edits(plan, with_moves(state.draft_edits(plan), moves))
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def move_form(plan: str, table: pd.DataFrame, lang: Lang) -> None:
    """Move one test without the table (a canvas a screen reader cannot read): the move joins
    the draft as a table edit would."""
    if table.empty:
        return
    with st.expander(state.t(L, "move")):
        st.caption(state.t(L, "move_help"))
        days = [fmt_date(d, lang) for d in table["date"]]
        labels = dict(
            zip(
                table["id"].astype("str"),
                pd.Series(days, index=table.index)
                + " · "
                + table["group"]
                + " · "
                + table["subject"]
                + " ("
                + table["kind"]
                + ") · "
                + table["id"],
                strict=True,
            )
        )
        c1, c2, c3 = st.columns([4, 2, 1], vertical_alignment="bottom")
        c1.selectbox(
            state.t(L, "move_test"),
            list(labels),
            format_func=labels.__getitem__,
            key=key("move.test"),
        )
        day = c2.date_input(
            state.t(L, "move_to"), format="DD-MM-YYYY", key=key("move.day"), value=None
        )
        # A callback: the move is in the draft before the page runs, so one run shows it.
        c3.button(
            state.t(L, "move_button"),
            key=key("move.go"),
            disabled=day is None,
            on_click=move_clicked,
            args=(plan,),
        )


def move_clicked(plan: str) -> None:
    """The chosen test to the chosen day, read from the widgets at the moment of the click."""
    test = st.session_state.get(key("move.test"))
    day = st.session_state.get(key("move.day"))
    if not isinstance(day, dt.date) or not test:
        return
    put_moves(plan, {str(test): day})


def main() -> None:
    try:
        page()
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(state.lang())))


main()
