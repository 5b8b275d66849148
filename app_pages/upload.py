"""Upload: teachers' plan files and a members file into a plan (an existing one or a new one).
Each file is its own upload, all its rows or none; before saving, the page shows the rows as
understood, the rows that could not be read, and asks for the columns it did not recognise."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from typing import Any

import streamlit as st

from app_pages import state
from app_pages.access import may_edit
from app_pages.words import md_escape
from planner.config import SchoolConfig, parse_config
from planner.errors import PlannerError
from planner.i18n import Lang, catalogue, fmt_num
from planner.importers import SUFFIXES
from planner.importers.sources import describe_source
from planner.importers.upload import MAPPABLE, FileRead, Want, read_upload, safe_name
from planner.services import Replace, deliver
from planner.views.rules import decode_toml, parse_toml
from planner.views.upload import (
    check_mapping,
    column_label,
    guess_mapping,
    mapping_toml,
    preview,
    problems_frame,
    stored_message,
    uploads_frame,
    what_label,
)

PAGE = "upload"
NEW = "\u2795"  # the "new plan" option of the plan choice (never a plan's name: names are text)
PLAN_TYPES = [suffix.lstrip(".") for suffix in SUFFIXES]  # what the importers read
MEMBER_TYPES = ["csv", "txt", "tsv"]
PREVIEW_ROWS = 500

L = catalogue(
    "app_pages.upload",
    {
        "title": {"nl": "Aanleveren", "en": "Upload"},
        "intro": {
            "nl": "Lever planningen aan als CSV, Excel (.xlsx) of agenda (.ics), en eventueel "
            "members.csv (leerling, klas). Elk bestand wordt één aanlevering: alle rijen of geen. "
            "Rijen die niet te lezen zijn, worden gemeld; de goede rijen laden wél.",
            "en": "Upload schedules as CSV, Excel (.xlsx) or calendar (.ics), and optionally "
            "members.csv (pupil, group). Each file is one upload: all its rows or none. Rows that "
            "cannot be read are reported; the good rows still load.",
        },
        "target": {"nl": "Aanleveren in plan", "en": "Upload into plan"},
        "new_plan": {"nl": "Nieuw plan ...", "en": "New plan ..."},
        "new_name": {"nl": "Naam van het nieuwe plan", "en": "Name of the new plan"},
        "new_name_help": {
            "nl": "Bijvoorbeeld 'Bovenbouw havo 2025-2026'.",
            "en": "For example 'Upper school havo 2025-2026'.",
        },
        "school": {"nl": "school.toml (toetsreglement)", "en": "school.toml (test regulations)"},
        "school_help": {
            "nl": "Zonder school.toml gelden de Nederlandse standaardregels; u kunt ze later "
            "aanpassen op de pagina Regels.",
            "en": "Without school.toml the Dutch default rules apply; you can change them later "
            "on the Rules page.",
        },
        "school_ok": {
            "nl": "Regels van {name} (regio {region}) gelezen.",
            "en": "Rules of {name} (region {region}) read.",
        },
        "defaults": {
            "nl": "Geen school.toml: de Nederlandse standaardregels gelden.",
            "en": "No school.toml: the Dutch default rules apply.",
        },
        "replace": {
            "nl": "Wat een nieuwe aanlevering vervangt",
            "en": "What a new upload replaces",
        },
        "replace_file": {"nl": "Per bestandsnaam", "en": "By file name"},
        "replace_file_help": {
            "nl": "De rijen van een eerdere aanlevering met dezelfde bestandsnaam worden "
            "vervangen; alle andere rijen blijven staan.",
            "en": "The rows of an earlier upload with the same file name are replaced; every other "
            "row stays.",
        },
        "replace_teacher": {"nl": "Per docent en vak", "en": "By teacher and subject"},
        "replace_teacher_help": {
            "nl": "Voor elke docent en elk vak in dit bestand worden hun eerdere rijen vervangen, "
            "uit welk bestand ze ook kwamen; andere docenten en vakken blijven staan.",
            "en": "For each teacher and subject in this file, their earlier rows are replaced, "
            "whichever file they came from; other teachers and subjects stay.",
        },
        "files": {"nl": "Planningen", "en": "Schedules"},
        "files_help": {
            "nl": "Meerdere bestanden tegelijk mag. Het soort bestand volgt de inhoud; een "
            "bestand met de kolommen leerling en klas wordt als leerlingenbestand gelezen.",
            "en": "Several files at once is fine. The kind of file follows its content; a file "
            "with the columns pupil and group is read as a members file.",
        },
        "members": {"nl": "Leerlingen (members.csv)", "en": "Pupils (members.csv)"},
        "members_help": {
            "nl": "leerling,klas: welke leerling in welke klas of cluster zit (leerlingnummers, "
            "geen namen; een naamkolom wordt weggegooid). Vervangt de vorige lijst.",
            "en": "pupil,group: which pupil is in which class or cluster (pupil numbers, no names; "
            "a name column is dropped). Replaces the previous list.",
        },
        "plan_summary": {
            "nl": "{what}: {rows} rijen gelezen, {problems} niet gelezen",
            "en": "{what}: {rows} rows read, {problems} not read",
        },
        "members_summary": {
            "nl": "{what}: {pupils} leerlingen in {rows} lidmaatschappen, {problems} rijen niet "
            "gelezen",
            "en": "{what}: {pupils} pupils in {rows} memberships, {problems} rows not read",
        },
        "unusable": {"nl": "niet te gebruiken", "en": "cannot be used"},
        "preview": {"nl": "Rijen zoals gelezen ({rows})", "en": "Rows as understood ({rows})"},
        "preview_cut": {
            "nl": "De eerste {shown} van {rows} rijen.",
            "en": "The first {shown} of {rows} rows.",
        },
        "problems": {
            "nl": "Rijen die niet zijn ingelezen ({n})",
            "en": "Rows that could not be read ({n})",
        },
        "not_recognised": {
            "nl": "De kolommen van dit bestand zijn niet herkend. Geef aan welke kolom wat is; "
            "datum, klas of groep, vak en soort zijn nodig.",
            "en": "The columns of this file were not recognised. Say which column is what; date, "
            "class or group, subject and kind are needed.",
        },
        "unused": {"nl": "(niet gebruiken)", "en": "(do not use)"},
        "apply": {"nl": "Opnieuw lezen met deze kolommen", "en": "Read again with these columns"},
        "mapped": {
            "nl": "Gelezen met uw kolomindeling. Zet dit in school.toml (pagina Regels) om het "
            "voortaan vanzelf te laten gaan:",
            "en": "Read with your column mapping. Put this in school.toml (Rules page) to make it "
            "automatic from now on:",
        },
        "forget": {"nl": "Kolomindeling vergeten", "en": "Forget the column mapping"},
        "save": {"nl": "Opslaan in het plan", "en": "Save into the plan"},
        "nothing": {
            "nl": "Kies hierboven een of meer bestanden.",
            "en": "Choose one or more files above.",
        },
        "no_person": {
            "nl": "Vul links uw naam in: die komt in de geschiedenis bij deze aanlevering. "
            "Zonder naam kan er niet worden opgeslagen.",
            "en": "Fill in your name on the left: it is recorded in the history with this upload. "
            "Without a name nothing can be saved.",
        },
        "read_only": {
            "nl": "U kunt in dit plan niet aanleveren (alleen bekijken).",
            "en": "You cannot upload into this plan (view only).",
        },
        "need_name": {"nl": "Geef het nieuwe plan een naam.", "en": "Give the new plan a name."},
        "not_stored": {
            "nl": "{file}: niet opgeslagen (niet te gebruiken)",
            "en": "{file}: not stored (cannot be used)",
        },
        "created": {"nl": "Plan '{plan}' aangemaakt.", "en": "Plan '{plan}' created."},
        "anyway_help": {
            "nl": "Kies 'Vervang toch' als dit bestand de opgeslagen rijen echt moet vervangen "
            "(bijvoorbeeld omdat die toetsen vervallen zijn). Anders blijft het plan zoals het "
            "was.",
            "en": "Choose 'Replace anyway' if this file really should replace the stored rows (for "
            "example because those tests were dropped). Otherwise the plan stays as it was.",
        },
        "anyway": {"nl": "Vervang toch", "en": "Replace anyway"},
        "keep": {"nl": "Laat het plan zo", "en": "Keep the plan as it is"},
        "change": {"nl": "wijziging #{change}", "en": "change #{change}"},
        "earlier": {"nl": "Eerdere aanleveringen", "en": "Earlier uploads"},
        "no_uploads": {
            "nl": "Nog niets aangeleverd in dit plan.",
            "en": "Nothing uploaded into this plan yet.",
        },
        "earlier_problems": {
            "nl": "Rijen die bij eerdere aanleveringen niet zijn ingelezen ({n})",
            "en": "Rows not read in earlier uploads ({n})",
        },
    },
)


def k(name: str) -> str:
    return state.key(PAGE, name)


@dataclasses.dataclass(frozen=True)
class Target:
    """Where the files go: an existing plan, or a new one with its school.toml text."""

    plan: str
    new: bool
    config: SchoolConfig | None  # None while a new plan's school.toml cannot be used
    toml: str = ""


def choose_target() -> Target:
    names = state.plan_names()
    options = [*names, NEW]
    if st.session_state.get(k("target")) not in options:
        current = st.session_state.get(state.PLAN)
        st.session_state[k("target")] = current if current in names else options[0]
    # Labels made now, not when a widget is redrawn: format_func must not read the session.
    shown = {v: state.t(L, "new_plan") if v == NEW else v for v in options}
    choice = st.selectbox(
        state.t(L, "target"), options, format_func=shown.__getitem__, key=k("target")
    )
    if choice != NEW:
        return Target(choice, False, state.store().config_of(choice)[1])
    name = st.text_input(
        state.t(L, "new_name"), key=k("new_name"), help=state.t(L, "new_name_help")
    )
    school = st.file_uploader(
        state.t(L, "school"), type=["toml"], key=k("school"), help=state.t(L, "school_help")
    )
    if school is None:
        st.caption(state.t(L, "defaults"))
        return Target(name.strip(), True, parse_config({}), "")
    try:
        text = decode_toml(school.getvalue(), school.name)
        config = parse_toml(text, school.name)
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(state.lang())))
        return Target(name.strip(), True, None)
    st.caption(state.t(L, "school_ok", name=md_escape(config.name), region=config.region))
    return Target(name.strip(), True, config, text)


def handle_upload(
    name: str,
    content: bytes,
    config: SchoolConfig,
    *,
    want: Want = "auto",
    cache: dict[tuple[Any, ...], FileRead] | None = None,
) -> FileRead:
    """One uploaded file read with the plan's config and the user's column mapping for it.
    With a cache (the session's), a rerun does not read the same bytes again."""
    lang = state.lang()
    mapping = dict(st.session_state.get(k("mappings"), {}).get(name, {}))
    config_id = hashlib.sha256(repr(config).encode()).hexdigest()
    digest = hashlib.sha256(content).hexdigest()
    key = (name, digest, config_id, lang, want, tuple(sorted(mapping.items())))
    if cache is None or key not in cache:
        read = read_upload(name, content, config, lang=lang, mapping=mapping, want=want)
        if cache is None:
            return read
        cache[key] = read
    return cache[key]


def read_all(uploaded: Sequence[tuple[str, bytes, Want]], config: SchoolConfig) -> list[FileRead]:
    """Every uploaded file read; the session keeps the reads of the files still on the page."""
    previous: dict[tuple[Any, ...], FileRead] = st.session_state.get(k("reads"), {})
    cache = dict(previous)
    reads = [handle_upload(n, c, config, want=w, cache=cache) for n, c, w in uploaded]
    used = {key: cache[key] for key in cache if any(cache[key] is r for r in reads)}
    st.session_state[k("reads")] = used
    return reads


def show_read(read: FileRead, lang: Lang, expanded: bool) -> None:
    with st.container(border=True):
        if read.error is not None:
            st.markdown(f"**{md_escape(read.name)}**: {state.t(L, 'unusable')}")
            st.error(md_escape(read.error.one_line(lang)))
        elif read.what == "members" and read.table is not None:
            pupils = read.table["pupil"].nunique()
            st.markdown(
                f"**{md_escape(read.name)}**  \n"
                + state.t(
                    L,
                    "members_summary",
                    what=what_label(read.what, lang),
                    pupils=fmt_num(pupils, lang),
                    rows=fmt_num(read.rows, lang),
                    problems=len(read.problems),
                )
            )
        else:
            st.markdown(
                f"**{md_escape(read.name)}**  \n"
                + state.t(
                    L,
                    "plan_summary",
                    what=what_label(read.what, lang),
                    rows=fmt_num(read.rows, lang),
                    problems=len(read.problems),
                )
            )
            if read.source is not None:  # which reader recognised it, what it left out
                st.caption(md_escape(describe_source(read.source, lang)))
        if not read.recognised:
            mapping_form(read, lang)
        if read.ok and read.mapping:
            st.caption(state.t(L, "mapped"))
            st.code(mapping_toml(read.mapping), language="toml")
            st.button(
                state.t(L, "forget"),
                key=k(f"forget.{read.name}"),
                on_click=set_mapping,
                args=(read.name, None),
            )
        if read.ok:
            with st.expander(state.t(L, "preview", rows=fmt_num(read.rows, lang)), expanded):
                st.dataframe(preview(read, lang, PREVIEW_ROWS), hide_index=True)
                if read.rows > PREVIEW_ROWS:
                    st.caption(state.t(L, "preview_cut", shown=PREVIEW_ROWS, rows=read.rows))
        if read.problems:
            st.markdown(state.t(L, "problems", n=len(read.problems)))
            st.dataframe(problems_frame(read.problems, lang), hide_index=True)


def set_mapping(name: str, mapping: dict[str, str] | None) -> None:
    mappings: dict[str, dict[str, str]] = st.session_state.setdefault(k("mappings"), {})
    if mapping is None:
        mappings.pop(name, None)
    else:
        mappings[name] = mapping


def mapping_form(read: FileRead, lang: Lang) -> None:
    """File column -> our column, for a file whose columns were not recognised."""
    st.warning(state.t(L, "not_recognised"))
    guess = {**guess_mapping(read.columns), **read.mapping}
    options = ["", *MAPPABLE]
    shown = {c: column_label(c, lang) if c else state.t(L, "unused") for c in options}
    with st.form(k(f"map.{read.name}")):
        chosen: dict[str, str] = {}
        cols = st.columns(min(4, len(read.columns)))
        for i, label in enumerate(read.columns):
            chosen[label] = cols[i % len(cols)].selectbox(
                md_escape(label),  # a widget's label is Markdown; the file's header is text
                options,
                index=options.index(guess.get(label, "")),
                format_func=shown.__getitem__,
                key=k(f"map.{read.name}.{i}"),
            )
        submitted = st.form_submit_button(state.t(L, "apply"))
    if submitted:
        problem = check_mapping(chosen, lang)
        if problem is not None:
            st.warning(md_escape(problem))
        else:
            set_mapping(read.name, chosen)
            st.rerun()


def may_upload(target: Target) -> bool:
    """Whether this person may write into the target plan: the sidebar's answer for its own
    plan; for another plan, that plan's `[access] editors`; anyone may start a new plan."""
    who = st.session_state.get(state.ACTOR)
    if target.plan == st.session_state.get(state.PLAN) or who is None:
        return state.editable()
    if target.new or target.config is None:
        return True
    return may_edit(who, target.config.editors)


@dataclasses.dataclass(frozen=True)
class Refused:
    """A file refused for holding under half the rows it would replace, kept until the person
    chooses: where it went, the file as read, the replace mode it was saved with, and why."""

    target: Target
    read: FileRead
    replace: str
    error: PlannerError


def save(target: Target, reads: Sequence[FileRead], replace: str, person: str) -> None:
    """Store every readable file as its own upload (a button callback: it runs before the
    page, so it may point the sidebar at a new plan)."""
    st.session_state[k("refused")] = store_files(target, reads, replace, person)
    # New uploaders: the stored files leave the page (their results stay above).
    st.session_state[k("nonce")] = st.session_state.get(k("nonce"), 0) + 1


def replace_anyway(index: int, person: str) -> None:
    """The person's choice for a refused file: store it all the same (a button callback)."""
    item = _take_refused(index)
    if item is not None:
        store_files(item.target, [item.read], item.replace, person, anyway=True)


def keep_plan(index: int) -> None:
    """The person's choice for a refused file: leave the plan as it is (a button callback)."""
    _take_refused(index)


def _take_refused(index: int) -> Refused | None:
    """The refused file the person chose for, off the list of those waiting."""
    pending: list[Refused] = list(st.session_state.get(k("refused"), []))
    if index >= len(pending):
        return None
    item = pending.pop(index)
    st.session_state[k("refused")] = pending
    return item


def store_files(
    target: Target, reads: Sequence[FileRead], replace: str, person: str, *, anyway: bool = False
) -> list[Refused]:
    """Deliver the files and say what became of each; the files refused for holding under
    half the rows they would replace, for the person to choose."""
    lang = state.lang()
    if not may_upload(target) or not person:
        return []  # the button is disabled then; this is the second lock
    done: list[tuple[str, str]] = []
    refused: list[Refused] = []
    how: Replace = "teacher" if replace == "teacher" else "file"
    try:
        delivery = deliver(
            state.store(), target.plan, reads, person=person, replace=how,
            create=target.toml if target.new else None, replace_anyway=anyway,
        )  # fmt: skip
        if delivery.created:
            done.append(("success", state.t(L, "created", plan=target.plan)))
        if target.new and any(result.change is not None for result in delivery.files):
            st.session_state[k("target")] = target.plan
            st.session_state[state.PLAN] = target.plan
            st.session_state[k("new_name")] = ""
        for result in delivery.files:
            if result.change is None and result.read.table is None:
                done.append(("warning", state.t(L, "not_stored", file=result.read.name)))
            elif result.too_few_rows:
                assert result.error is not None
                refused.append(Refused(target, result.read, replace, result.error))
            elif result.change is None:
                assert result.error is not None
                done.append(("error", result.error.one_line(lang)))
            else:
                text = stored_message(result.read, result.change.detail, lang)
                change = state.t(L, "change", change=result.change.id)
                done.append(("success", f"{text} ({change})"))
    except PlannerError as exc:
        done.append(("error", exc.one_line(lang)))
    st.session_state[k("done")] = done
    return refused


def show_done() -> None:
    # Plan and file names, and the reasons a file was refused, are the user's text.
    for level, text in st.session_state.pop(k("done"), []):
        {"success": st.success, "warning": st.warning, "error": st.error}[level](md_escape(text))


def show_refused(lang: Lang) -> None:
    """Each refused file: why (its rows against the stored ones), its unreadable rows, and the
    explicit choice to replace anyway or to keep the plan as it is."""
    pending: list[Refused] = st.session_state.get(k("refused"), [])
    person = state.person()
    for i, item in enumerate(pending):
        with st.container(border=True):
            st.error(md_escape(item.error.one_line(lang)))
            if item.read.problems:
                st.markdown(state.t(L, "problems", n=len(item.read.problems)))
                st.dataframe(problems_frame(item.read.problems, lang), hide_index=True)
            st.caption(state.t(L, "anyway_help"))
            left, right = st.columns(2)
            left.button(
                state.t(L, "anyway"), key=k(f"anyway.{i}"), on_click=replace_anyway,
                args=(i, person), disabled=not person,
            )  # fmt: skip
            right.button(state.t(L, "keep"), key=k(f"keep.{i}"), on_click=keep_plan, args=(i,))


def earlier_uploads(plan: str, lang: Lang) -> None:
    st.subheader(state.t(L, "earlier"))
    uploads = state.store().uploads(plan)
    if not uploads:
        st.caption(state.t(L, "no_uploads"))
        return
    st.dataframe(uploads_frame(uploads, lang), hide_index=True)
    problems = [p for u in reversed(uploads) for p in u.problems]
    if problems:
        with st.expander(state.t(L, "earlier_problems", n=len(problems))):
            st.dataframe(problems_frame(problems, lang), hide_index=True)


def main() -> None:
    st.title(state.t(L, "title"))
    st.caption(state.t(L, "intro"))
    show_done()
    lang = state.lang()
    show_refused(lang)
    try:
        target = choose_target()
        modes = {v: state.t(L, f"replace_{v}") for v in ("file", "teacher")}
        replace = st.radio(
            state.t(L, "replace"),
            list(modes),
            format_func=modes.__getitem__,
            captions=[state.t(L, "replace_file_help"), state.t(L, "replace_teacher_help")],
            key=k("replace"),
            horizontal=True,
        )
        nonce = st.session_state.get(k("nonce"), 0)
        files = st.file_uploader(
            state.t(L, "files"),
            type=PLAN_TYPES,
            accept_multiple_files=True,
            key=k(f"files.{nonce}"),
            help=state.t(L, "files_help"),
        )
        members = st.file_uploader(
            state.t(L, "members"),
            type=MEMBER_TYPES,
            key=k(f"members.{nonce}"),
            help=state.t(L, "members_help"),
        )
        reads: list[FileRead] = []
        if target.config is not None:
            uploaded: list[tuple[str, bytes, Want]] = [
                (safe_name(f.name), f.getvalue(), "auto") for f in files or []
            ]
            if members is not None:
                uploaded.append((safe_name(members.name), members.getvalue(), "members"))
            reads = read_all(uploaded, target.config)
        for read in reads:
            show_read(read, lang, expanded=len(reads) == 1)
        person = state.person()
        blocked = None
        if not may_upload(target):
            blocked = "read_only"
        elif not person:
            blocked = "no_person"
        elif target.new and not target.plan:
            blocked = "need_name"
        elif not reads:
            blocked = "nothing"
        if blocked in ("read_only", "no_person"):
            st.warning(state.t(L, blocked))
        elif blocked is not None:
            st.info(state.t(L, blocked))
        st.button(
            state.t(L, "save"),
            type="primary",
            key=k("save"),
            disabled=blocked is not None or not any(r.ok for r in reads),
            on_click=save,
            args=(target, reads, replace, person),
        )
        if not target.new:
            earlier_uploads(target.plan, lang)
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(lang)))


main()
