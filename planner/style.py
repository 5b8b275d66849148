"""How the plan looks, the same on the dashboard and on paper: colours, and the icons of a
severity and of a decision. Views, exporters and pages take them from here; this module
imports nothing of the planner."""

from __future__ import annotations

from typing import Final

# The heatmap's colours (Vega's "blues" scheme, light to dark, readable for colour-blind eyes
# and in grey), so a report looks like the screen the team saw.
HEAT_SCHEME: Final = "blues"
HEAT_LOW = "#f7fbff"  # no load
HEAT_MID = "#6baed6"
HEAT_HIGH = "#08306b"  # the heaviest cell
HEAT_TEXT_DARK_ABOVE = 2.0  # load above which a cell's number is written in white
HOLIDAY = "#cfcfcf"  # a week without school days

SEVERITY_COLOURS = {"error": "#b2182b", "warning": "#e08214", "info": "#4d4d4d"}
TEXT_COLOUR = "#000000"  # text that has no colour of its own
HEADER = "#deebf7"  # the background of a table's header row (the palest blue but one)
NOTE = "#555555"  # a note below a table (Excel)
# Greys of the PDF report: a page's footer, small print (when it was made, the legend, a
# rule's reference) and a line that stands back a little.
FOOTER = "#6e6e6e"
SMALL_PRINT = "#5a5a5a"
QUIET = "#3c3c3c"

# A severity and a decision are shown as icon and word, never by colour alone.
SEVERITY_ICONS = {"error": "⛔", "warning": "⚠️", "info": "ℹ️"}
DECISION_ICONS = {"accepted": "✅", "todo": "📌"}
# A day's verdict for a new test (planner.fit): a mark for text, a colour for the calendar.
VERDICT_MARKS = {"ok": "✓", "warning": "!", "error": "✗", "closed": "·"}
VERDICT_COLOURS = {"ok": "#1a9850", "warning": "#e08214", "error": "#b2182b", "closed": "#cfcfcf"}


def rgb(colour: str) -> tuple[int, int, int]:
    """`#rrggbb` as red, green and blue (0-255), for the PDF."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


# The pupils page: an empty cell, and weeks within and over a limit (viridis' ends).
EMPTY_CELL = "#f2f2f2"
WITHIN = "#7ad151"
OVER = "#440154"
