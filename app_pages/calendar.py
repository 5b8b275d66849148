"""Calendar: one group's or one pupil's weeks day by day, with what is planned, the days off and
test weeks in words, and the findings on the days where they occur."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.feed_panel import feed_panel
from app_pages.words import md_escape, severity_label
from planner.i18n import Lang, catalogue, fmt_date, fmt_num, fmt_week, plural
from planner.rules import REGISTRY
from planner.views.calendar import (
    OFF,
    OUTSIDE,
    WEEKEND,
    CalendarView,
    as_date,
    calendar_view,
    default_monday,
    monday_of,
    pupil_ids,
    school_mondays,
)

PAGE = "calendar"
L = catalogue(
    "app_pages.calendar",
    {
        "title": {"nl": "Kalender", "en": "Calendar"},
        "show": {"nl": "Kalender van", "en": "Calendar of"},
        "mode_group": {"nl": "een groep", "en": "a group"},
        "mode_pupil": {"nl": "een leerling", "en": "a pupil"},
        "group": {"nl": "Groep", "en": "Group"},
        "pupil": {"nl": "Leerling (nummer)", "en": "Pupil (number)"},
        "pupil_help": {
            "nl": "Leerlingen staan er met hun nummer uit members.csv, nooit met hun naam.",
            "en": "Pupils are listed by their number from members.csv, never by name.",
        },
        "no_members": {
            "nl": "Per leerling kijken kan met een ledenlijst (members.csv, op de pagina "
            "Aanleveren).",
            "en": "Looking per pupil needs a members list (members.csv, on the Upload page).",
        },
        "week": {"nl": "Eerste week", "en": "First week"},
        "weeks": {"nl": "Aantal weken", "en": "Number of weeks"},
        "previous": {"nl": "Vorige week", "en": "Previous week"},
        "plan_test": {"nl": "Toets inplannen", "en": "Plan a test"},
        "next": {"nl": "Volgende week", "en": "Next week"},
        "pupil_groups": {
            "nl": "Leerling {pupil} zit in: {groups}",
            "en": "Pupil {pupil} is in: {groups}",
        },
        "no_groups": {
            "nl": "Leerling {pupil} staat in geen enkele groep van dit plan.",
            "en": "Pupil {pupil} is in none of this plan's groups.",
        },
        "totals": {"nl": "In deze weken: {parts}.", "en": "In these weeks: {parts}."},
        # one|many
        "n_tests": {"nl": "toets|toetsen", "en": "test|tests"},
        "n_homework": {"nl": "keer huiswerk|keer huiswerk", "en": "homework item|homework items"},
        "n_errors": {"nl": "fout|fouten", "en": "error|errors"},
        "n_warnings": {"nl": "waarschuwing|waarschuwingen", "en": "warning|warnings"},
        "legend": {
            "nl": "Grijs = geen les (de reden staat erbij); blauw = toetsweek. Per dag: wat er "
            "gepland is en de bevindingen, met ⛔ fout, ⚠️ waarschuwing of ℹ️ info.",
            "en": "Grey = no lessons (the reason is given); blue = test week. Per day: what is "
            "planned and the findings, with ⛔ error, ⚠️ warning or ℹ️ info.",
        },
        "week_col": {"nl": "Week", "en": "Week"},
        "off": {"nl": "Geen les: {name}", "en": "No lessons: {name}"},
        "weekend": {"nl": "Weekend", "en": "Weekend"},
        "outside": {"nl": "Buiten het schooljaar", "en": "Outside the school year"},
        "test_week": {"nl": "Toetsweek: {name}", "en": "Test week: {name}"},
        "test": {"nl": "toets", "en": "test"},
        "heavy": {"nl": "zware toets", "en": "heavy test"},
        "homework": {"nl": "huiswerk", "en": "homework"},
        "load": {"nl": "belasting {value}", "en": "load {value}"},
        "minutes": {"nl": "{value} min", "en": "{value} min"},
        "see": {"nl": "zie {day}", "en": "see {day}"},
        "accepted": {"nl": "geaccepteerd", "en": "accepted"},
        "todo": {"nl": "wordt opgelost", "en": "to be fixed"},
    },
)
WEEK_CHOICES = [1, 2, 3, 4, 6, 8]
Record = Mapping[Hashable, Any]  # a row of a view frame

# Shading that reads on a light and a dark theme; the words beside it carry the meaning.
_GREY = "rgba(128, 128, 128, 0.22)"
_BLUE = "rgba(31, 119, 180, 0.20)"
_CELL = "border: 1px solid rgba(128, 128, 128, 0.45); padding: 4px 6px; vertical-align: top;"


def k(name: str) -> str:
    return state.key(PAGE, name)


def apply_focus(groups: list[str], pupils: list[str], mondays: list[dt.date]) -> None:
    """Open on what another page asked for (`state.focus`), once: afterwards the choices on
    this page are the user's."""
    ss = st.session_state
    group, pupil = ss.get(state.FOCUS_GROUP), ss.get(state.FOCUS_PUPIL)
    week = as_date(ss.get(state.FOCUS_WEEK))
    if group is None and pupil is None and week is None:
        return
    if pupil is not None and str(pupil) in pupils:
        ss[k("mode")] = "pupil"
        ss[k("pupil")] = str(pupil)
    elif group is not None and str(group) in groups:
        ss[k("mode")] = "group"
        ss[k("group")] = str(group)
    if week is not None:
        ss[k("week")] = nearest(monday_of(week), mondays)
    ss[state.FOCUS_GROUP] = ss[state.FOCUS_PUPIL] = ss[state.FOCUS_WEEK] = None


def nearest(monday: dt.date, mondays: list[dt.date]) -> dt.date:
    return min(mondays, key=lambda m: abs((m - monday).days))


def shift_week(mondays: list[dt.date], step: int) -> None:
    current = st.session_state.get(k("week"), mondays[0])
    i = mondays.index(current) if current in mondays else 0
    st.session_state[k("week")] = mondays[max(0, min(len(mondays) - 1, i + step))]


def choose(
    groups: list[str], pupils: list[str], mondays: list[dt.date], start: dt.date, lang: Lang
) -> tuple[str | None, str | None, dt.date, int]:
    """The group or pupil, the first week and the number of weeks, from the widgets."""
    ss = st.session_state
    modes = ["group", "pupil"] if pupils else ["group"]
    if ss.get(k("mode")) not in modes:
        ss[k("mode")] = "group"
    if ss.get(k("group")) not in groups:
        ss[k("group")] = groups[0]
    if pupils and ss.get(k("pupil")) not in pupils:
        ss[k("pupil")] = pupils[0]
    if ss.get(k("week")) not in mondays:
        ss[k("week")] = nearest(start, mondays)
    if ss.get(k("weeks")) not in WEEK_CHOICES:
        ss[k("weeks")] = 4
    c1, c2, c3, c4 = st.columns([2, 2, 3, 1])
    mode = c1.radio(
        state.t(L, "show"),
        modes,
        format_func=lambda m: state.t(L, f"mode_{m}"),
        key=k("mode"),
        horizontal=True,
    )
    group: str | None = None
    pupil: str | None = None
    if mode == "pupil":
        pupil = c2.selectbox(
            state.t(L, "pupil"), pupils, key=k("pupil"), help=state.t(L, "pupil_help")
        )
    else:
        group = c2.selectbox(state.t(L, "group"), groups, key=k("group"))
    first = c3.selectbox(
        state.t(L, "week"),
        mondays,
        format_func=lambda d: f"{fmt_week(d, lang)}",
        key=k("week"),
    )
    weeks = c4.selectbox(state.t(L, "weeks"), WEEK_CHOICES, key=k("weeks"))
    b1, b2, b3, _ = st.columns([1, 1, 1, 3])
    b1.button(
        state.t(L, "previous"),
        icon=":material/chevron_left:",
        key=k("previous"),
        on_click=shift_week,
        args=(mondays, -1),
        disabled=first == mondays[0],
    )
    b2.button(
        state.t(L, "next"),
        icon=":material/chevron_right:",
        key=k("next"),
        on_click=shift_week,
        args=(mondays, 1),
        disabled=first == mondays[-1],
    )
    if group is not None and b3.button(
        state.t(L, "plan_test"), icon=":material/event_available:", key=k("plan_test")
    ):
        state.plan_test([group], monday=first)
    if not pupils:
        st.caption(state.t(L, "no_members"))
    return group, pupil, first, int(weeks)


def item_html(item: Record, show_group: bool, lang: Lang) -> str:
    """One planned item: kind and subject first, then title, group, time and load."""
    esc = html.escape
    if item["is_test"]:
        what = state.t(L, "heavy" if item["is_heavy"] else "test")
        amount = state.t(L, "load", value=fmt_num(float(item["weight"]), lang))
    else:
        what = state.t(L, "homework")
        minutes = float(item["minutes"])
        amount = state.t(L, "minutes", value=fmt_num(minutes, lang)) if minutes else ""
    meta = [str(item["when"])] if item["when"] else []
    if show_group:
        meta.append(str(item["group"]))
    meta += [what, amount] if amount else [what]
    title = f" – {esc(str(item['title']))}" if item["title"] else ""
    weight = "600" if item["is_test"] else "400"
    return (
        f'<li style="margin: 2px 0;" title="id {esc(str(item["id"]))}">'
        f'<span style="font-weight: {weight};">'
        f"{esc(str(item['kind']))} {esc(str(item['subject']))}</span>{title}"
        f'<br><span style="opacity: 0.75; font-size: 0.85em;">{esc(" · ".join(meta))}</span></li>'
    )


def finding_html(finding: Record, lang: Lang) -> str:
    """A finding in full on its first day in view, briefly (rule and where to read it) on the
    other days it touches."""
    esc = html.escape
    label = severity_label(str(finding["severity"]), lang)
    if finding["first"]:
        text = str(finding["message"])
    else:
        rule = str(finding["rule"])
        title = REGISTRY[rule].title[lang] if rule in REGISTRY else rule
        start = pd.Timestamp(finding["start"]).date()
        text = f"{title} ({state.t(L, 'see', day=fmt_date(start, lang))})"
    decision = str(finding.get("decision") or "")
    if decision in ("accepted", "todo"):
        text += f" ({state.t(L, decision)})"
    border = {"error": "3px solid", "warning": "3px dashed"}.get(
        str(finding["severity"]), "1px dotted"
    )
    return (
        f'<div style="border-left: {border} currentColor; padding-left: 4px; margin-top: 3px; '
        f'font-size: 0.85em;"><b>{esc(label)}:</b> {esc(text)}</div>'
    )


def day_html(view: CalendarView, day: Record, lang: Lang) -> str:
    esc = html.escape
    stamp = pd.Timestamp(day["day"])
    items, findings = view.on(stamp.date())
    tags = []
    background = ""
    status = str(day["status"])
    if status == OFF:
        tags.append(state.t(L, "off", name=str(day["off"])))
        background = _GREY
    elif status == WEEKEND:
        tags.append(state.t(L, "weekend"))
        background = _GREY
    elif status == OUTSIDE:
        tags.append(state.t(L, "outside"))
        background = _GREY
    if day["test_week"]:
        tags.append(state.t(L, "test_week", name=str(day["test_week"])))
        background = background or _BLUE
    parts = [f"<div><b>{esc(fmt_date(stamp.date(), lang))}</b></div>"]
    parts += [f'<div style="font-style: italic;">{esc(tag)}</div>' for tag in tags]
    if not items.empty:
        show_group = view.pupil is not None
        lines = "".join(item_html(i, show_group, lang) for i in items.to_dict("records"))
        parts.append(f'<ul style="margin: 2px 0; padding-left: 1.1em;">{lines}</ul>')
    parts += [finding_html(f, lang) for f in findings.to_dict("records")]
    style = _CELL + (f" background: {background};" if background else "")
    return f'<td style="{style}">{"".join(parts)}</td>'


def calendar_html(view: CalendarView, lang: Lang) -> str:
    """The weeks as a table: a row per week, a column per weekday (a weekend day only when
    something is planned on it)."""
    days = view.days.assign(weekday=view.days["day"].dt.day_of_week)
    weekdays = sorted(set(days["weekday"]))
    names = [
        fmt_date(dt.date(2024, 1, 1) + dt.timedelta(days=d), lang).split()[0] for d in weekdays
    ]
    head = "".join(f'<th scope="col" style="{_CELL}">{html.escape(n)}</th>' for n in names)
    rows = []
    for monday in view.mondays():
        week = days[days["monday"] == pd.Timestamp(monday)]
        by_day = {int(r["weekday"]): r for r in week.to_dict("records")}
        cells = []
        for weekday in weekdays:
            if weekday in by_day:
                cells.append(day_html(view, by_day[weekday], lang))
            else:  # a weekend column shown for another week
                text = html.escape(state.t(L, "weekend"))
                cells.append(f'<td style="{_CELL} background: {_GREY};"><i>{text}</i></td>')
        label = html.escape(fmt_week(monday, lang))
        rows.append(f'<tr><th scope="row" style="{_CELL}">{label}</th>{"".join(cells)}</tr>')
    return (
        '<table style="border-collapse: collapse; width: 100%; table-layout: fixed;">'
        f'<thead><tr><th scope="col" style="{_CELL} width: 7em;">'
        f"{html.escape(state.t(L, 'week_col'))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def main() -> None:
    st.title(state.t(L, "title"))
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    stored = current.stored
    plan, config = stored.plan, stored.config
    if not state.has_tests_or_say(current):
        return
    groups = sorted(plan.assessments["group"].unique().tolist(), key=str.casefold)
    pupils = pupil_ids(stored.members)
    mondays = school_mondays(plan, config)
    apply_focus(groups, pupils, mondays)
    start = default_monday(plan, config, dt.date.today())
    group, pupil, first, weeks = choose(groups, pupils, mondays, start, lang)
    view = calendar_view(
        plan,
        config,
        current.review.frame,
        first=first,
        weeks=weeks,
        group=group,
        pupil=pupil,
        members=stored.members,
        lang=lang,
    )
    if pupil is not None:
        if view.groups:
            listed = ", ".join(md_escape(g) for g in view.groups)
            st.caption(state.t(L, "pupil_groups", pupil=md_escape(pupil), groups=listed))
        else:
            st.warning(state.t(L, "no_groups", pupil=md_escape(pupil)))
    firsts = view.findings[view.findings["first"].astype("bool")]
    counts = {
        "n_tests": int(view.items["is_test"].sum()),
        "n_homework": int((~view.items["is_test"].astype("bool")).sum()),
        "n_errors": int((firsts["severity"] == "error").sum()),
        "n_warnings": int((firsts["severity"] == "warning").sum()),
    }
    parts = []
    for name, n in counts.items():
        one, many = state.t(L, name).split("|")
        parts.append(plural(n, one, many, lang))
    st.caption(state.t(L, "totals", parts=", ".join(parts)))
    st.caption(state.t(L, "legend"))
    st.html(calendar_html(view, lang))
    if pupil is not None:
        feed_panel(current, "pupil", pupil, first, weeks)
    elif group is not None:
        feed_panel(current, "group", group, first, weeks)


main()
