"""Pupils: how many pupils go over a limit in each week, how the weekly test load of pupils is
spread, and which cluster combinations cause the peaks; a combination opens in the calendar.
Pupils appear only as numbers (pseudonymous ids) and counts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import state
from app_pages.words import rule_title, severity_label
from planner.i18n import Lang, catalogue, fmt_num, fmt_week
from planner.style import EMPTY_CELL, OVER, WITHIN
from planner.views.pupils import (
    PUPIL_RULES,
    load_histogram,
    over_limit_per_week,
    peak_combinations,
    pupils_over,
    weekly_load,
)

PAGE = "pupils"
L = catalogue(
    "app_pages.pupils",
    {
        "title": {"nl": "Leerlingen", "en": "Pupils"},
        "no_members": {
            "nl": "De controle per leerling heeft een ledenlijst nodig: lever members.csv aan op "
            "de pagina Aanleveren (per regel een leerlingnummer en een klas of cluster, geen "
            "namen).",
            "en": "The per-pupil check needs a members list: upload members.csv on the Upload page "
            "(a pupil number and a class or cluster per line, no names).",
        },
        "pupils": {"nl": "Leerlingen", "en": "Pupils"},
        "over_any": {"nl": "Leerlingen boven een grens", "en": "Pupils over a limit"},
        "over_any_help": {
            "nl": "Leerlingen die in minstens één week boven een grens per leerling komen.",
            "en": "Pupils who go over a per-pupil limit in at least one week.",
        },
        "combos": {"nl": "Combinaties met bevindingen", "en": "Combinations with findings"},
        "combos_help": {
            "nl": "Clustercombinaties (leerlingen met precies dezelfde groepen) waarvan de "
            "leerlingen samen over een grens gaan.",
            "en": "Cluster combinations (pupils with exactly the same groups) whose pupils go over "
            "a limit together.",
        },
        "heatmap": {
            "nl": "Aantal leerlingen boven een grens, per week",
            "en": "Number of pupils over a limit, per week",
        },
        "heatmap_caption": {
            "nl": "Getal = aantal verschillende leerlingen boven die grens in die week: door hun "
            "combinatie van groepen, of omdat hun klas of cluster er zelf al overheen gaat. "
            "Donkerder = meer leerlingen; leeg vak = niemand.",
            "en": "Number = distinct pupils over that limit in that week: through their "
            "combination of groups, or because their class or cluster is over it by itself. "
            "Darker = more pupils; empty cell = nobody.",
        },
        "rule": {"nl": "Grens", "en": "Limit"},
        "week": {"nl": "Week", "en": "Week"},
        "count": {"nl": "Leerlingen", "en": "Pupils"},
        "own": {"nl": "door hun combinatie", "en": "through their combination"},
        "histogram": {
            "nl": "Toetsbelasting per leerling per week",
            "en": "Test load per pupil per week",
        },
        "histogram_caption": {
            "nl": "Hoe vaak een leerling een week met deze gewogen toetsbelasting heeft (dagen in "
            "de toetsweek niet meegeteld; daarvoor geldt een eigen grens). Donker met een dikke "
            "gestippelde rand = boven de weekgrens van de leerling. Het getal boven een staaf is "
            "het aantal; de schaal loopt niet gelijkmatig, zodat ook kleine aantallen te zien "
            "zijn.",
            "en": "How often a pupil has a week with this weighted test load (test-week days left "
            "out; they have their own limit). Dark with a thick dashed outline = over the pupil's "
            "week limit. The number above a bar is the count; the scale is compressed so that "
            "small counts stay visible.",
        },
        "which_week": {"nl": "Welke weken", "en": "Which weeks"},
        "all_weeks": {"nl": "Alle schoolweken", "en": "All school weeks"},
        "load": {"nl": "Toetsbelasting in de week", "en": "Test load in the week"},
        "pupil_weeks": {"nl": "Leerling-weken", "en": "Pupil-weeks"},
        "within": {"nl": "binnen de grens", "en": "within the limit"},
        "over": {"nl": "boven de grens", "en": "over the limit"},
        "status": {"nl": "Ten opzichte van de grens", "en": "Against the limit"},
        "peaks": {
            "nl": "Clustercombinaties die de pieken veroorzaken",
            "en": "Cluster combinations that cause the peaks",
        },
        "peaks_caption": {
            "nl": "Leerlingen met precies dezelfde groepen hebben dezelfde toetsen, dus dezelfde "
            "bevindingen. De zwaarste bevinding per combinatie staat erbij.",
            "en": "Pupils with exactly the same groups have the same tests, so the same findings. "
            "The worst finding of each combination is given.",
        },
        "no_peaks": {
            "nl": "Geen enkele combinatie van groepen brengt leerlingen over een grens.",
            "en": "No combination of groups takes pupils over a limit.",
        },
        "groups": {"nl": "Groepen", "en": "Groups"},
        "findings": {"nl": "Bevindingen", "en": "Findings"},
        "severity": {"nl": "Ernst", "en": "Severity"},
        "worst": {"nl": "Zwaarste", "en": "Worst"},
        "example": {"nl": "Melding (voorbeeld)", "en": "Message (example)"},
        "open": {"nl": "In de kalender bekijken", "en": "See in the calendar"},
        "combo": {"nl": "Combinatie", "en": "Combination"},
        "pupil": {"nl": "Leerling (nummer)", "en": "Pupil (number)"},
        "open_button": {"nl": "Open in kalender", "en": "Open in calendar"},
    },
)


def k(name: str) -> str:
    return state.key(PAGE, name)


def heatmap(grid: pd.DataFrame, lang: Lang) -> alt.LayerChart | alt.FacetChart:
    """Weeks across, the per-pupil limits down, the number of pupils in the cells."""
    data = grid.assign(
        column=[f"{w % 100:02d}" for w in grid["week"]],
        when=[fmt_week(m.date(), lang) for m in grid["monday"]],
        limit=[rule_title(r, lang) for r in grid["rule"]],
        label=[str(n) if n else "" for n in grid["pupils"]],
    )
    order = data.drop_duplicates("week").sort_values("monday")["column"].tolist()
    rules = [rule_title(r, lang) for r in PUPIL_RULES]
    x = alt.X("column:O", sort=order, title=state.t(L, "week"), axis=alt.Axis(labelAngle=0))
    y = alt.Y("limit:N", sort=rules, title=state.t(L, "rule"), axis=alt.Axis(labelLimit=400))
    tooltip = [
        alt.Tooltip("limit:N", title=state.t(L, "rule")),
        alt.Tooltip("when:N", title=state.t(L, "week")),
        alt.Tooltip("pupils:Q", title=state.t(L, "count")),
        alt.Tooltip("own:Q", title=state.t(L, "own")),
    ]
    base = alt.Chart(data).encode(x=x, y=y, tooltip=tooltip)
    # Viridis reads in colour-blind eyes and in grey; the numbers are in the cells anyway.
    rect = base.mark_rect(stroke="white").encode(
        color=alt.condition(
            "datum.pupils == 0",
            alt.value(EMPTY_CELL),
            alt.Color("pupils:Q", scale=alt.Scale(scheme="viridis", reverse=True), legend=None),
        )
    )
    top = max(1, int(grid["pupils"].max()))
    text = base.mark_text(fontSize=10).encode(
        text="label:N",
        color=alt.condition(f"datum.pupils > {top / 2}", alt.value("white"), alt.value("black")),
    )
    return alt.layer(rect, text).properties(height=40 * len(PUPIL_RULES))


def histogram(counts: pd.DataFrame, lang: Lang) -> alt.LayerChart | alt.FacetChart:
    """Pupil-weeks per load, within and over the limit side by side, each bar with its count.
    The count axis is symmetric-log: the few weeks over a limit stay visible next to the
    thousands of quiet ones."""
    data = counts.assign(
        bar=[fmt_num(v, lang) for v in counts["load"]],
        status=[state.t(L, "over" if o else "within") for o in counts["over"]],
    )
    order = data.drop_duplicates("load").sort_values("load")["bar"].tolist()
    statuses = [state.t(L, "within"), state.t(L, "over")]
    over = f"datum.status == '{state.t(L, 'over')}'"
    top = int(data["count"].max()) if not data.empty else 1
    ticks = [0] + [10**i for i in range(len(str(max(top, 1))) + 1)]
    base = alt.Chart(data).encode(
        x=alt.X("bar:O", sort=order, title=state.t(L, "load"), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("status:N", sort=statuses),
        y=alt.Y(
            "count:Q",
            scale=alt.Scale(type="symlog"),
            axis=alt.Axis(values=ticks),
            title=state.t(L, "pupil_weeks"),
        ),
        tooltip=[
            alt.Tooltip("bar:N", title=state.t(L, "load")),
            alt.Tooltip("status:N", title=state.t(L, "status")),
            alt.Tooltip("count:Q", title=state.t(L, "pupil_weeks")),
        ],
    )
    bars = base.mark_bar(stroke="black").encode(
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=statuses, range=[WITHIN, OVER]),
            title=state.t(L, "status"),
            legend=alt.Legend(orient="top"),
        ),
        # Not by colour alone: bars over the limit also have a thick dashed outline.
        strokeDash=alt.condition(over, alt.value([4, 2]), alt.value([1, 0])),
        strokeWidth=alt.condition(over, alt.value(2), alt.value(0.5)),
    )
    labels = base.mark_text(dy=-6, fontSize=10).encode(text="count:Q")
    return alt.layer(bars, labels).properties(height=260)


def show_weeks(grid: pd.DataFrame, lang: Lang) -> None:
    st.subheader(state.t(L, "heatmap"))
    st.caption(state.t(L, "heatmap_caption"))
    st.altair_chart(heatmap(grid, lang), key=k("heatmap"), width="stretch")


def show_load(weekly: pd.DataFrame, lang: Lang) -> None:
    st.subheader(state.t(L, "histogram"))
    st.caption(state.t(L, "histogram_caption"))
    weeks = weekly.drop_duplicates("week").sort_values("week")
    options: list[int | None] = [None, *(int(w) for w in weeks["week"])]
    mondays = dict(zip(weeks["week"].astype("int64"), weeks["monday"], strict=True))
    week = st.selectbox(
        state.t(L, "which_week"),
        options,
        format_func=lambda w: (
            state.t(L, "all_weeks") if w is None else fmt_week(mondays[w].date(), lang)
        ),
        key=k("week"),
    )
    st.altair_chart(histogram(load_histogram(weekly, week), lang), width="stretch")


def show_combinations(combos: pd.DataFrame, lang: Lang) -> None:
    st.subheader(state.t(L, "peaks"))
    if combos.empty:
        st.success(state.t(L, "no_peaks"))
        return
    st.caption(state.t(L, "peaks_caption"))
    table = pd.DataFrame(
        {
            state.t(L, "groups"): combos["groups"],
            state.t(L, "pupils"): combos["pupils"],
            state.t(L, "findings"): combos["findings"],
            state.t(L, "severity"): [severity_label(s, lang) for s in combos["severity"]],
            state.t(L, "worst"): combos["worst"],
            state.t(L, "example"): combos["message"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown(f"**{state.t(L, 'open')}**")
    labels = combos["summary"].tolist()
    # The table changes when the plan does: a kept choice must still be one of the options.
    if st.session_state.get(k("combo")) not in range(len(labels)):
        st.session_state[k("combo")] = 0
    c1, c2, c3 = st.columns([4, 2, 2])
    choice = c1.selectbox(
        state.t(L, "combo"), range(len(labels)), format_func=lambda i: labels[i], key=k("combo")
    )
    row = combos.iloc[int(choice)]
    if st.session_state.get(k("pupil")) not in row["pupil_ids"]:
        st.session_state[k("pupil")] = row["pupil_ids"][0]
    pupil = c2.selectbox(state.t(L, "pupil"), row["pupil_ids"], key=k("pupil"))
    if c3.button(state.t(L, "open_button"), key=k("open"), icon=":material/calendar_month:"):
        state.focus(pupil=str(pupil), monday=row["monday"])


def main() -> None:
    st.title(state.t(L, "title"))
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    stored = current.stored
    plan, config, members = stored.plan, stored.config, stored.members
    if members is None or members.empty:
        st.info(state.t(L, "no_members"))
        return
    if not state.has_tests_or_say(current):
        return
    findings = current.review.frame
    grid = over_limit_per_week(plan, config, findings, members)
    weekly = weekly_load(plan, config, members)
    combos = peak_combinations(plan, config, findings, members, lang)
    over_pupils = pupils_over(plan, findings, members)["pupil"].nunique()
    c1, c2, c3 = st.columns(3)
    c1.metric(state.t(L, "pupils"), fmt_num(members["pupil"].nunique(), lang))
    c2.metric(state.t(L, "over_any"), fmt_num(over_pupils, lang), help=state.t(L, "over_any_help"))
    c3.metric(state.t(L, "combos"), fmt_num(len(combos), lang), help=state.t(L, "combos_help"))
    show_weeks(grid, lang)
    if not weekly.empty:
        show_load(weekly, lang)
    show_combinations(combos, lang)


main()
