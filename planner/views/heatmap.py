"""The load heatmap: weighted test load per group (rows) per week (columns), the same chart on
the dashboard and on paper (rendered to PNG with vl-convert for the PDF report)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from planner.i18n import Lang, catalogue, fmt_num, fmt_week
from planner.style import HEAT_SCHEME, HEAT_TEXT_DARK_ABOVE, HOLIDAY

LABELS = catalogue(
    __name__,
    {
        "group": {"nl": "Groep", "en": "Group"},
        "week": {"nl": "Week", "en": "Week"},
        "load": {"nl": "Belasting", "en": "Load"},
        "findings": {"nl": "Bevindingen", "en": "Findings"},
    },
)


def heatmap(
    grid: pd.DataFrame, lang: Lang, *, interactive: bool = True, cell_size: int = 20
) -> alt.LayerChart:
    """The grid of `planner.views.overview.week_grid` as a layered chart: cells coloured by
    load (ColorBrewer Blues: readable for colour-blind eyes and in grey), holidays grey, the
    number in every cell (`T` in a test week), weeks with an error outlined thick and with a
    warning dashed. `interactive` adds the click selection `cell` (group, monday)."""

    def t(key: str) -> str:
        return LABELS[key][lang]

    data = grid.assign(
        label=[
            ("" if load == 0 else fmt_num(load, lang)) + (" T" if tw else "")
            for load, tw in zip(grid["load"], grid["test_week"] != "", strict=True)
        ],
        column=[f"{w % 100:02d}" for w in grid["week"]],
        when=[fmt_week(m.date(), lang) for m in grid["monday"]],
        holiday=grid["school_days"] == 0,
        broken=grid["severity"].isin(["error", "warning"]),
    )
    order = data.drop_duplicates("week").sort_values("monday")["column"].tolist()
    # Only what the marks and tooltips read goes into the chart: its data is inline.
    shown = ["group", "column", "monday", "when", "load", "findings", "severity", "holiday"]
    data = data[[*shown, "broken", "label"]]
    x = alt.X("column:O", sort=order, title=t("week"), axis=alt.Axis(labelAngle=0, orient="top"))
    y = alt.Y(
        "group:N",
        title=t("group"),
        sort=sorted(data["group"].unique()),
        axis=alt.Axis(labelOverlap=False),
    )
    base = alt.Chart(data).encode(x=x, y=y)
    tooltip = [
        alt.Tooltip("group:N", title=t("group")),
        alt.Tooltip("when:N", title=t("week")),
        alt.Tooltip("load:Q", title=t("load"), format=".1f"),
        alt.Tooltip("findings:Q", title=t("findings")),
    ]
    rect = base.mark_rect().encode(
        color=alt.condition(
            "datum.holiday",
            alt.value(HOLIDAY),
            alt.Color("load:Q", scale=alt.Scale(scheme=HEAT_SCHEME, domainMin=0), legend=None),
        ),
        stroke=alt.condition("datum.broken", alt.value("black"), alt.value("white")),
        strokeWidth=alt.condition("datum.severity == 'error'", alt.value(3), alt.value(1)),
        strokeDash=alt.condition(
            "datum.severity == 'warning'", alt.value([2, 2]), alt.value([1, 0])
        ),
        tooltip=tooltip,
    )
    if interactive:
        rect = rect.add_params(
            alt.selection_point(fields=["group", "monday"], name="cell", on="click")
        )
    # an empty cell has no number: fewer marks to draw
    text = (
        base.mark_text(fontSize=10)
        .transform_filter("datum.label != ''")
        .encode(
            text="label:N",
            color=alt.condition(
                f"datum.load > {HEAT_TEXT_DARK_ABOVE:g}", alt.value("white"), alt.value("black")
            ),
            tooltip=tooltip,
        )
    )
    height = max(200, cell_size * data["group"].nunique())
    chart = alt.LayerChart(layer=[rect, text])
    return chart.properties(height=height)
