"""Overview: the weighted test load of every group in every week, the weeks that break a
rule outlined, and the key figures. Selecting a cell opens that group's week."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from planner.i18n import catalogue, fmt_date, fmt_num, fmt_week
from planner.views.heatmap import heatmap
from planner.views.overview import key_figures, week_grid

L = catalogue(
    "app_pages.overview",
    {
        "title": {"nl": "Overzicht", "en": "Overview"},
        "tests": {"nl": "Toetsen", "en": "Tests"},
        "homework": {"nl": "Huiswerk", "en": "Homework"},
        "groups": {"nl": "Groepen", "en": "Groups"},
        "pupils": {"nl": "Leerlingen", "en": "Pupils"},
        "errors": {"nl": "Fouten", "en": "Errors"},
        "warnings": {"nl": "Waarschuwingen", "en": "Warnings"},
        "worst": {"nl": "Zwaarste week", "en": "Heaviest week"},
        "worst_help": {
            "nl": "De week met de meeste groepen met een fout, daarna de hoogste belasting.",
            "en": "The week with the most groups with an error, then the highest load.",
        },
        "heatmap": {
            "nl": "Toetsbelasting per groep per week",
            "en": "Test load per group per week",
        },
        "legend": {
            "nl": "Getal = gewogen toetsbelasting. Dikke zwarte rand: fout; gestippelde rand: "
            "waarschuwing. T = toetsweek; grijs = vakantie. Klik op een vak om die week te openen.",
            "en": "Number = weighted test load. Thick black border: error; dotted border: warning. "
            "T = test week; grey = holiday. Click a cell to open that week.",
        },
        "group": {"nl": "Groep", "en": "Group"},
        "week": {"nl": "Week", "en": "Week"},
        "load": {"nl": "Belasting", "en": "Load"},
        "findings": {"nl": "Bevindingen", "en": "Findings"},
        "open": {"nl": "Week openen", "en": "Open a week"},
        "open_button": {"nl": "Open in kalender", "en": "Open in calendar"},
        "holiday": {"nl": "vakantie", "en": "holiday"},
    },
)


@st.cache_data(show_spinner=False, max_entries=16)
def grid_and_figures(
    _current: state.Current, url: str, plan: str, change: int
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The load grid and key figures of a plan at one change in its history: that never
    changes, so every visit and every session shares them (the arguments after `_current`
    are the key)."""
    stored = _current.stored
    grid = week_grid(stored.plan, stored.config, _current.review.frame)
    return grid, key_figures(stored.plan, _current.result, grid)


def main() -> None:
    st.title(state.t(L, "title"))
    current = state.current_or_say()
    if current is None:
        return
    lang = state.lang()
    if not state.has_tests_or_say(current):
        return
    grid, figures = grid_and_figures(current, state.db_url(), current.name, current.stored.change)
    cols = st.columns(7)
    for col, name in zip(
        cols, ("tests", "homework", "groups", "pupils", "errors", "warnings"), strict=False
    ):
        col.metric(state.t(L, name), fmt_num(figures[name], lang))
    worst = figures["worst_week"]
    if worst is not None:
        cols[6].metric(
            state.t(L, "worst"),
            f"week {worst['week'] % 100}",
            help=f"{fmt_week(worst['monday'], lang)}. {state.t(L, 'worst_help')}",
        )
    st.subheader(state.t(L, "heatmap"))
    st.caption(state.t(L, "legend"))
    event = st.altair_chart(
        heatmap(grid, lang),
        on_select="rerun",
        key=state.key("overview", "chart"),
        width="stretch",
        theme=None,  # our colour scale, not the theme's
    )
    selection: Any = getattr(event, "selection", None) or {}
    picked = selection.get("cell") or []
    if picked:
        monday = pd.Timestamp(picked[0]["monday"], unit="ms").date()
        state.focus(group=picked[0]["group"], monday=monday)
    # The same without a mouse: choose a group and week.
    with st.expander(state.t(L, "open")):
        groups = sorted(grid["group"].unique())
        mondays = grid.drop_duplicates("monday")["monday"].dt.date.tolist()
        c1, c2, c3 = st.columns([2, 3, 2])
        group = c1.selectbox(state.t(L, "group"), groups, key=state.key("overview", "group"))
        monday = c2.selectbox(
            state.t(L, "week"),
            mondays,
            format_func=lambda d: f"{fmt_week(d, lang)} – {fmt_date(d, lang)}",
            key=state.key("overview", "week"),
        )
        if c3.button(state.t(L, "open_button"), key=state.key("overview", "open")):
            state.focus(group=group, monday=monday)


main()
