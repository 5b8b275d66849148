"""Rules: the plan's rule set (school.toml) as a form: the school, the rules with their limits,
group overrides and the calendar. Every change is validated as school.toml before it can be
saved; the file itself can be downloaded, and replaced by an uploaded one."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import md_escape
from planner.config import REGIONS, SchoolConfig, parse_config
from planner.errors import PlannerError
from planner.i18n import LANGUAGES, Lang, catalogue
from planner.model import SEVERITIES
from planner.rules import REGISTRY
from planner.views.rules import (
    ON_OFF,
    PARAMS,
    RulesForm,
    decode_toml,
    form_to_toml,
    parse_toml,
    to_form,
    to_toml,
)

PAGE = "rules"
DATE_FORMAT = "DD-MM-YYYY"  # the Dutch way, in the date pickers

L = catalogue(
    "app_pages.rules",
    {
        "title": {"nl": "Regels", "en": "Rules"},
        "intro": {
            "nl": "Het toetsreglement van dit plan: welke regels gelden, met welke grenzen, voor "
            "welke groepen, en de kalender (toetsweken, vakanties, studiedagen, inhaalmomenten). "
            "Wijzigingen worden eerst gecontroleerd en daarna als school.toml opgeslagen.",
            "en": "The test regulations of this plan: which rules apply, with which limits, to "
            "which groups, and the calendar (test weeks, holidays, days off, make-up days). "
            "Changes are checked first and then saved as school.toml.",
        },
        "no_plan": {
            "nl": "Kies of maak eerst een plan. Hieronder de Nederlandse standaardregels als "
            "school.toml, om mee te beginnen.",
            "en": "Choose or create a plan first. Below, the Dutch default rules as school.toml, "
            "to start from.",
        },
        "school": {"nl": "School", "en": "School"},
        "name": {"nl": "Naam van de school", "en": "School name"},
        "region": {"nl": "Regio (schoolvakanties)", "en": "Region (school holidays)"},
        "language": {"nl": "Taal van de meldingen", "en": "Language of the messages"},
        # each language by its own name (the choice of language reads it in that language)
        "own_name": {"nl": "Nederlands", "en": "English"},
        "start": {"nl": "Eerste schooldag", "en": "First school day"},
        "end": {"nl": "Laatste schooldag", "en": "Last school day"},
        "rules": {"nl": "Regels en grenzen", "en": "Rules and limits"},
        "rules_help": {
            "nl": "Een leeg vak bij een grens betekent: deze regel heeft die grens niet. "
            "Groepen: patronen zoals 4*, 5H1 (leeg = alle groepen). De verwijzing komt bij elke "
            "bevinding te staan, zodat het team ziet welk artikel in het geding is.",
            "en": "An empty limit cell means: this rule has no such limit. Groups: patterns such "
            "as 4*, 5H1 (empty = every group). The reference is quoted with each finding, so the "
            "team sees which article is at stake.",
        },
        "overrides": {"nl": "Afwijkingen per groep", "en": "Different limits for some groups"},
        "overrides_help": {
            "nl": "Andere grenzen (of uit/aan, of een andere ernst) voor de groepen die op het "
            "patroon passen; de laatste passende regel wint. Lege vakken: zoals de regel zelf.",
            "en": "Other limits (or off/on, or another severity) for the groups matching the "
            "patterns; the last matching row wins. Empty cells: as the rule itself.",
        },
        "test_weeks": {"nl": "Toetsweken", "en": "Test weeks"},
        "holidays": {
            "nl": "Extra vakanties (naast de schoolvakanties van de regio)",
            "en": "Extra holidays (besides the region's school holidays)",
        },
        "days_off": {"nl": "Studiedagen en andere vrije dagen", "en": "Study days and days off"},
        "makeup_days": {"nl": "Inhaalmomenten", "en": "Make-up days"},
        "report_deadlines": {"nl": "Rapportdeadlines", "en": "Report deadlines"},
        "report_deadlines_help": {
            "nl": "Een voorgestelde verplaatsing houdt een toets aan dezelfde kant van zo'n dag.",
            "en": "A suggested move keeps a test on the same side of such a day.",
        },
        "col_rule": {"nl": "regel", "en": "rule"},
        "col_title": {"nl": "wat de regel controleert", "en": "what the rule checks"},
        "col_enabled": {"nl": "aan", "en": "on"},
        "col_severity": {"nl": "ernst", "en": "severity"},
        "col_reference": {"nl": "verwijzing (artikel)", "en": "reference (article)"},
        "col_groups": {"nl": "groepen", "en": "groups"},
        "col_sessions": {"nl": "zittingen per dag", "en": "sessions per day"},
        "col_session_kinds": {"nl": "soorten met een zitting", "en": "kinds with a session"},
        "col_session_kinds_help": {
            "nl": "De toetssoorten die in het toetsweekrooster een zitting krijgen, met komma's "
            "(leeg = alle toetsen). Andere toetsen in de week houden hun dag.",
            "en": "The test kinds that get a session in the test-week timetable, separated by "
            "commas (empty = every test). Other tests in the week keep their day.",
        },
        "col_name": {"nl": "naam", "en": "name"},
        "col_start": {"nl": "van", "en": "from"},
        "col_end": {"nl": "tot en met", "en": "to"},
        "col_date": {"nl": "datum", "en": "date"},
        "col_override_enabled": {"nl": "aan/uit", "en": "on/off"},
        "param_max": {"nl": "max", "en": "max"},
        "param_max_heavy": {"nl": "max zware toetsen", "en": "max heavy tests"},
        "param_days": {"nl": "dagen", "en": "days"},
        "param_min_length": {"nl": "min. vakantieduur", "en": "min. holiday length"},
        "param_factor": {"nl": "factor", "en": "factor"},
        "sev_error": {"nl": "fout", "en": "error"},
        "sev_warning": {"nl": "waarschuwing", "en": "warning"},
        "sev_info": {"nl": "info", "en": "info"},
        "changed": {
            "nl": "Er zijn wijzigingen die nog niet zijn opgeslagen.",
            "en": "There are changes that have not been saved yet.",
        },
        "unchanged": {"nl": "Geen wijzigingen.", "en": "No changes."},
        "save": {"nl": "Regels opslaan", "en": "Save the rules"},
        "saved": {
            "nl": "Regels opgeslagen (wijziging #{change}). Het plan wordt opnieuw gecontroleerd.",
            "en": "Rules saved (change #{change}). The plan is checked again.",
        },
        "no_person": {
            "nl": "Vul links uw naam in om wijzigingen op te slaan.",
            "en": "Fill in your name on the left to save changes.",
        },
        "read_only": {
            "nl": "U kunt de regels van dit plan bekijken, niet wijzigen.",
            "en": "You can view the rules of this plan, not change them.",
        },
        "comments": {
            "nl": "Opslaan vanuit dit formulier schrijft een nieuwe school.toml; toelichting "
            "(# ...) in het oude bestand gaat daarbij verloren. Wilt u die houden, pas dan het "
            "bestand zelf aan en lever het hieronder aan.",
            "en": "Saving from this form writes a new school.toml; comments (# ...) in the old "
            "file are not kept. To keep them, edit the file itself and upload it below.",
        },
        "file": {"nl": "school.toml", "en": "school.toml"},
        "download": {"nl": "school.toml downloaden", "en": "Download school.toml"},
        "upload": {
            "nl": "Andere school.toml aanleveren",
            "en": "Upload another school.toml",
        },
        "upload_ok": {
            "nl": "{file} is in orde: {name}, regio {region}, {weeks} toetsweken.",
            "en": "{file} is valid: {name}, region {region}, {weeks} test weeks.",
        },
        "replace": {
            "nl": "Regels van dit plan vervangen door {file}",
            "en": "Replace this plan's rules with {file}",
        },
        "replaced": {
            "nl": "Regels vervangen door {file} (wijziging #{change}).",
            "en": "Rules replaced with {file} (change #{change}).",
        },
    },
)


def t(label: str, /, **values: Any) -> str:
    return state.t(L, label, **values)


def school_inputs(form: RulesForm, key: Any, disabled: bool) -> dict[str, Any]:
    st.subheader(t("school"))
    default = SchoolConfig()  # school.toml's region and language where the form has none
    c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 2])
    name = c1.text_input(t("name"), form.name, key=key("name"), disabled=disabled)
    region = c2.selectbox(
        t("region"),
        REGIONS,
        index=REGIONS.index(form.region if form.region in REGIONS else default.region),
        key=key("region"),
        disabled=disabled,
    )
    language = c3.selectbox(
        t("language"),
        LANGUAGES,
        index=LANGUAGES.index(form.language if form.language in LANGUAGES else default.language),
        format_func=lambda v: L("own_name", v),
        key=key("language"),
        disabled=disabled,
    )
    start = c4.date_input(
        t("start"), form.start, key=key("start"), format=DATE_FORMAT, disabled=disabled
    )
    end = c5.date_input(t("end"), form.end, key=key("end"), format=DATE_FORMAT, disabled=disabled)
    return {"name": name, "region": region, "language": language, "start": start, "end": end}


def rule_columns(lang: Lang, *, override: bool) -> dict[str, Any]:
    cc = st.column_config
    config: dict[str, Any] = {
        "rule": cc.SelectboxColumn(
            t("col_rule"), options=list(REGISTRY), required=override, width="medium"
        ),
        "title": cc.TextColumn(t("col_title"), width="medium"),
        "severity": cc.SelectboxColumn(
            t("col_severity"), options=list(SEVERITIES), format_func=lambda v: t(f"sev_{v}")
        ),
        "reference": cc.TextColumn(t("col_reference"), width="large"),
        "groups": cc.TextColumn(t("col_groups")),
    }
    if override:
        config["enabled"] = cc.SelectboxColumn(
            t("col_override_enabled"), options=list(ON_OFF[lang][1:])
        )
    else:
        config["enabled"] = cc.CheckboxColumn(t("col_enabled"))
    for param in PARAMS:
        config[param] = cc.NumberColumn(t(f"param_{param}"), min_value=0, step=0.5)
    return config


def calendar_columns() -> dict[str, Any]:
    cc = st.column_config
    return {
        "name": cc.TextColumn(t("col_name")),
        "start": cc.DateColumn(t("col_start"), format=DATE_FORMAT),
        "end": cc.DateColumn(t("col_end"), format=DATE_FORMAT),
        "date": cc.DateColumn(t("col_date"), format=DATE_FORMAT),
        "groups": cc.TextColumn(t("col_groups")),
        "sessions": cc.NumberColumn(t("col_sessions"), min_value=1, max_value=8, step=1),
        "session_kinds": cc.TextColumn(t("col_session_kinds"), help=t("col_session_kinds_help")),
    }


def edit_table(
    frame: pd.DataFrame, key: str, columns: dict[str, Any], disabled: bool, **options: Any
) -> pd.DataFrame:
    fixed = options.pop("fixed", False)
    edited = st.data_editor(
        frame,
        key=key,
        column_config=columns,
        disabled=True if disabled else fixed,
        hide_index=True,
        num_rows=options.pop("num_rows", "dynamic"),
        placeholder="",  # an empty cell: not set (rather than the word None)
        **options,
    )
    return pd.DataFrame(edited)


def the_form(form: RulesForm, key: Any, lang: Lang, disabled: bool) -> RulesForm:
    school = school_inputs(form, key, disabled)
    st.subheader(t("rules"))
    st.caption(t("rules_help"))
    rules = edit_table(
        form.rules,
        key("rules"),
        rule_columns(lang, override=False),
        disabled,
        num_rows="fixed",
        fixed=["rule", "title"],
        height=36 * (len(form.rules) + 1) + 4,  # every rule at once, no scrolling
    )
    st.subheader(t("overrides"))
    st.caption(t("overrides_help"))
    overrides = edit_table(
        form.overrides, key("overrides"), rule_columns(lang, override=True), disabled
    )
    calendar = calendar_columns()
    st.subheader(t("test_weeks"))
    test_weeks = edit_table(form.test_weeks, key("test_weeks"), calendar, disabled)
    c1, c2 = st.columns(2)
    with c1:
        st.subheader(t("holidays"))
        holidays = edit_table(form.holidays, key("holidays"), calendar, disabled)
        st.subheader(t("days_off"))
        days_off = edit_table(form.days_off, key("days_off"), calendar, disabled)
    with c2:
        st.subheader(t("makeup_days"))
        makeup = edit_table(form.makeup_days, key("makeup_days"), calendar, disabled)
        st.subheader(t("report_deadlines"), help=t("report_deadlines_help"))
        deadlines = edit_table(form.report_deadlines, key("report_deadlines"), calendar, disabled)
    return RulesForm(
        **school,
        rules=rules,
        overrides=overrides,
        test_weeks=test_weeks,
        holidays=holidays,
        days_off=days_off,
        makeup_days=makeup,
        report_deadlines=deadlines,
    )


def flash(text: str) -> None:
    """A message for the next run (after st.rerun, which shows the saved rules)."""
    st.session_state[state.key(PAGE, "flash")] = text


def replace_with_file(plan: str, key: Any, can_save: bool) -> None:
    uploaded = st.file_uploader(t("upload"), type=["toml"], key=key("upload"))
    if uploaded is None:
        return
    lang = state.lang()
    try:
        text = decode_toml(uploaded.getvalue(), uploaded.name)
        new = parse_toml(text, uploaded.name)
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(lang)))
        return
    file = md_escape(uploaded.name)
    name, weeks = md_escape(new.name), len(new.test_weeks)
    st.success(t("upload_ok", file=file, name=name, region=new.region, weeks=weeks))
    if st.button(t("replace", file=file), key=key("replace"), disabled=not can_save):
        change = state.store().set_config(plan, text, person=state.person())
        flash(t("replaced", file=file, change=change))
        st.rerun()


def main() -> None:
    st.title(t("title"))
    st.caption(t("intro"))
    message = st.session_state.pop(state.key(PAGE, "flash"), None)
    if message:
        st.success(message)
    lang = state.lang()
    try:
        current = state.current()
        if current is None:
            st.info(t("no_plan"))
            defaults = to_toml(parse_config({}))
            st.download_button(
                t("download"),
                defaults,
                file_name="school.toml",
                mime="application/toml",
                on_click="ignore",
            )
            return
        stored = current.stored
        config, toml_text = stored.config, stored.config_toml
        # Widgets belong to this version of the rules: after a save they start afresh.
        version = hashlib.sha256(f"{stored.name}\n{toml_text}".encode()).hexdigest()[:12]

        def key(name: str) -> str:
            return state.key(PAGE, f"{version}.{name}")

        editable, person = state.editable(), state.person()
        if not editable:
            st.warning(t("read_only"))
        form = the_form(to_form(config, lang), key, lang, disabled=not editable)
        can_save = editable and bool(person)
        try:
            new_text, new_config = form_to_toml(form, config)
        except PlannerError as exc:
            st.error(md_escape(exc.one_line(lang)))
        else:
            if new_config != config:
                st.info(t("changed"))
                if editable and not person:
                    st.warning(t("no_person"))
                st.caption(t("comments"))
                if st.button(t("save"), type="primary", key=key("save"), disabled=not can_save):
                    change = state.store().set_config(stored.name, new_text, person=person)
                    flash(t("saved", change=change))
                    st.rerun()
            else:
                st.caption(t("unchanged"))
        st.subheader(t("file"))
        st.download_button(
            t("download"),
            toml_text if toml_text.strip() else to_toml(config),
            file_name="school.toml",
            mime="application/toml",
            key=key("download"),
            on_click="ignore",
        )
        if editable:
            replace_with_file(stored.name, key, can_save)
    except PlannerError as exc:
        st.error(md_escape(exc.one_line(lang)))


main()
