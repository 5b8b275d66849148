"""The printable overview a mentor hands a class: one A4 (landscape) per class or pupil, a row
per week and a column per school day with every test and homework item (kind, subject, title),
holidays, test weeks and make-up days named, and at the bottom the QR code of the class's
calendar feed when one is given."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from planner.config import SchoolConfig
from planner.exporters.qr import qr_png
from planner.exporters.to_pdf import FONT, FONTS, MARGIN
from planner.i18n import DAY_ABBREVIATIONS, Lang, catalogue, fmt_date, fmt_week
from planner.model import Plan
from planner.school_calendar import SchoolCalendar
from planner.views.calendar import pupil_groups

_T = catalogue(
    __name__,
    {
        "group": {"nl": "Toetsen en huiswerk {name}", "en": "Tests and homework {name}"},
        "pupil": {
            "nl": "Toetsen en huiswerk leerling {name}",
            "en": "Tests and homework pupil {name}",
        },
        "span": {"nl": "{first} t/m {last}", "en": "{first} to {last}"},
        "groups": {"nl": "Groepen: {names}", "en": "Groups: {names}"},
        "week": {"nl": "Week", "en": "Week"},
        "makeup": {"nl": "inhaalmoment", "en": "make-up"},
        "feed": {
            "nl": "Scan de code om dit overzicht in je agenda te zetten (het blijft bijgewerkt).",
            "en": "Scan the code to add this overview to your calendar (it stays up to date).",
        },
        "made": {"nl": "Gemaakt op {day}", "en": "Made on {day}"},
    },
)


def overview_pdf(
    plan: Plan,
    config: SchoolConfig,
    *,
    groups: Sequence[str] = (),
    pupils: Sequence[str] = (),
    members: pd.DataFrame | None = None,
    first: dt.date,
    weeks: int,
    lang: Lang,
    feeds: dict[str, str] | None = None,
    made: dt.date | None = None,
) -> bytes:
    """A page per group (then per pupil): the weeks from `first`'s Monday. `feeds` maps a group
    or pupil to its feed address, printed as a QR code on its page."""
    calendar = SchoolCalendar(config.in_language(lang))
    monday = first - dt.timedelta(days=first.weekday())
    days = [monday + dt.timedelta(weeks=w, days=d) for w in range(weeks) for d in range(5)]
    table = plan.assessments
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pages = [("group", g, [g]) for g in groups]
    pages += [("pupil", p, pupil_groups(plan, members, p)) for p in pupils]
    for kind, name, its_groups in pages:
        folded = {g.casefold() for g in its_groups}
        rows = table[table["group"].str.casefold().isin(folded)]
        pdf.add_page()
        pdf.set_font(FONT, "B", 16)
        pdf.cell(0, 8, _T(kind, lang, name=name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 10)
        span = _T("span", lang, first=fmt_date(days[0], lang, year=True),
                  last=fmt_date(days[-1], lang, year=True))  # fmt: skip
        line = f"{config.name} · {span}"
        if kind == "pupil":
            line += " · " + _T("groups", lang, names=", ".join(its_groups))
        pdf.cell(0, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        _grid(pdf, calendar, rows, its_groups, days, lang)
        address = (feeds or {}).get(name)
        if address:
            png = qr_png(address, scale=4)
            size = 32.0
            y = pdf.h - MARGIN - size
            pdf.image(io.BytesIO(png), x=MARGIN, y=y, w=size, h=size)
            pdf.set_xy(MARGIN + size + 4, y + size / 2 - 5)
            pdf.set_font(FONT, "", 9)
            pdf.multi_cell(180, 4.5, f"{_T('feed', lang)}\n{address}", align="L")
        if made is not None:
            pdf.set_xy(pdf.w - MARGIN - 60, pdf.h - MARGIN - 4)
            pdf.set_font(FONT, "", 8)
            pdf.cell(60, 4, _T("made", lang, day=fmt_date(made, lang, year=True)), align="R")
    return bytes(pdf.output())


def _grid(
    pdf: FPDF,
    calendar: SchoolCalendar,
    rows: pd.DataFrame,
    groups: Sequence[str],
    days: list[dt.date],
    lang: Lang,
) -> None:
    """The weeks as rows, Monday to Friday as columns; each cell its day's items and names."""
    test_weeks = calendar.test_week_days(groups)
    week_of: dict[dt.date, str] = {}
    for day, name in zip(test_weeks.get("date", []), test_weeks.get("test_week", []), strict=True):
        week_of[pd.Timestamp(day).date()] = str(name)
    makeup = set(pd.to_datetime(calendar.makeup_days(groups)["date"]).dt.date)
    by_day: dict[dt.date, list[str]] = {}
    for row in rows.sort_values(["date", "start", "subject"]).to_dict("records"):
        title = f": {row['title']}" if row["title"] else ""
        by_day.setdefault(row["date"].date(), []).append(f"{row['kind']} {row['subject']}{title}")
    weeks = len(days) // 5
    width = (pdf.w - 2 * MARGIN - 26) / 5
    height = min(24.0, (pdf.h - pdf.get_y() - MARGIN - 40) / max(weeks, 1))
    pdf.set_font(FONT, "B", 9)
    pdf.cell(26, 6, _T("week", lang), border=1)
    for name in DAY_ABBREVIATIONS[lang][:5]:
        pdf.cell(width, 6, name, border=1, align="C")
    pdf.ln()
    for w in range(weeks):
        top = pdf.get_y()
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(26, 4, fmt_week(days[w * 5], lang), border=0, align="L")
        pdf.rect(MARGIN, top, 26, height)
        for d in range(5):
            day = days[w * 5 + d]
            x = MARGIN + 26 + d * width
            lines = [f"{day.day}"]
            holiday = calendar.holiday_name(day)
            if holiday:
                lines.append(holiday)
            if day in week_of:
                lines.append(week_of[day])
            if day in makeup:
                lines.append(_T("makeup", lang))
            items = by_day.get(day, [])
            room = max(1, int((height - 2) / 3.2) - len(lines))
            if len(items) > room:  # a full day says how many more there are
                items = [*items[: room - 1], f"+{len(items) - room + 1}"]
            lines += items
            if holiday:
                pdf.set_fill_color(225, 225, 225)
                pdf.rect(x, top, width, height, style="F")
            pdf.rect(x, top, width, height)
            pdf.set_xy(x + 1, top + 1)
            pdf.set_font(FONT, "", 7)
            text = "\n".join(lines)
            pdf.multi_cell(width - 2, 3.2, text, border=0, align="L")
        pdf.set_xy(MARGIN, top + height)
