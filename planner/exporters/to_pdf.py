"""The PDF meeting report: a cover with the key figures, the load heatmap, the worst weeks, the
open findings per group with their references, the decisions taken, before/after, and on request
one page per group. Made with fpdf2 and DejaVu fonts embedded (Dutch accents, dashes, arrows
render anywhere); the heatmap is the dashboard's Altair chart rendered by vl-convert, so no
browser is needed."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import vl_convert
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image

from planner.exporters.report import Report, decision_word, severity_word, word
from planner.i18n import Lang, catalogue, count, fmt_date, fmt_num, fmt_week
from planner.model import SEVERITIES
from planner.style import (
    FOOTER,
    HEADER,
    QUIET,
    SEVERITY_COLOURS,
    SMALL_PRINT,
    TEXT_COLOUR,
    rgb,
)
from planner.views.heatmap import heatmap

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
# Groups per heatmap image: more rows would not fit a page at a readable size.
GROUPS_PER_IMAGE = 40
MARGIN = 15  # mm
# Warnings listed per group; every error is listed, and the Excel report has them all.
WARNINGS_PER_GROUP = 5

TEXT = catalogue(
    __name__,
    {
        "subtitle": {"nl": "Vergaderrapport toetsbelasting", "en": "Test load meeting report"},
        "page": {"nl": "pagina {n} van {{nb}}", "en": "page {n} of {{nb}}"},
        "legend": {
            "nl": "Getal = gewogen toetsbelasting in die week. Dikke zwarte rand: fout; "
            "gestippelde rand: waarschuwing. T = toetsweek; grijs = vakantie.",
            "en": "Number = weighted test load in that week. Thick black border: error; dotted "
            "border: warning. T = test week; grey = holiday.",
        },
        "pupils_line": {
            "nl": "Daarnaast {n} bevindingen over leerlingen (per leerling in het Excel-rapport).",
            "en": "Besides, {n} findings about pupils (per pupil in the Excel report).",
        },
        "no_open": {"nl": "Niets open.", "en": "Nothing open."},
        "more": {
            "nl": "en nog {n} (waarschuwingen en info: zie het Excel-rapport)",
            "en": "and {n} more (warnings and infos: see the Excel report)",
        },
        "week": {"nl": "Week", "en": "Week"},
        "groups": {"nl": "Groepen", "en": "Groups"},
        "errors": {"nl": "Fouten", "en": "Errors"},
        "warnings": {"nl": "Waarsch.", "en": "Warnings"},
        "decision": {"nl": "Besluit", "en": "Decision"},
        "who": {"nl": "Wie", "en": "Who"},
        "about": {"nl": "Over", "en": "About"},
        "note": {"nl": "Toelichting", "en": "Note"},
        "before_after": {"nl": "{before} → {after}", "en": "{before} → {after}"},
        "before": {"nl": "Voor: {label}", "en": "Before: {label}"},
        "after": {"nl": "Na: {label}", "en": "After: {label}"},
        "test": {"nl": "Toets", "en": "Test"},
        "from": {"nl": "Van", "en": "From"},
        "to": {"nl": "Naar", "en": "To"},
        "date": {"nl": "Datum", "en": "Date"},
        "group_page": {"nl": "Groep {group}", "en": "Group {group}"},
        "tests_of": {"nl": "Toetsen", "en": "Tests"},
        "findings_of": {"nl": "Bevindingen", "en": "Findings"},
        "homework_count": {
            "nl": "Daarnaast {n} keer huiswerk (in de iCal-export en het plan).",
            "en": "Besides, {n} homework items (in the iCal export and the plan).",
        },
        "title_col": {"nl": "Titel", "en": "Title"},
        "kind": {"nl": "Soort", "en": "Kind"},
        "subject": {"nl": "Vak", "en": "Subject"},
        "suggested": {"nl": "Voorgestelde datum: {day}", "en": "Suggested date: {day}"},
    },
)


def _t(key: str, lang: Lang, **values: Any) -> str:
    return TEXT(key, lang, **values)


class _Pdf(FPDF):
    """A4 pages with the report's title and date in the footer."""

    def __init__(self, footer: str, lang: Lang) -> None:
        super().__init__(format="A4")
        self.footer_text = footer
        self.lang: Lang = lang
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*rgb(FOOTER))
        page = _t("page", self.lang, n=self.page_no())
        self.cell(0, 5, f"{self.footer_text} · {page}", align="C")
        self.set_text_color(*rgb(TEXT_COLOUR))

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(1.5)
        self.set_font(FONT, size=10)

    def line_of_text(self, text: str, size: float = 10, colour: str = TEXT_COLOUR) -> None:
        self.set_font(FONT, size=size)
        self.set_text_color(*rgb(colour))
        left = self.get_x()  # every line starts here (an indented reference stays indented)
        for line in self._wrap(text, self.w - self.r_margin - left - 2 * self.c_margin):
            self.set_x(left)
            self.cell(0, size * 0.45, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.set_text_color(*rgb(TEXT_COLOUR))

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap measuring each word once: multi_cell's line breaking re-measures
        the line for every character, and a report has thousands of these lines."""
        lines: list[str] = []
        space = self.get_string_width(" ")
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for part in paragraph.split(" "):
                size = self.get_string_width(part)
                if line and used + space + size > width:
                    lines.append(line)
                    line, used = "", 0.0
                while size > width:  # a word wider than the line: cut it
                    cut = max(1, int(len(part) * width / size))
                    lines.append(part[:cut])
                    part = part[cut:]
                    size = self.get_string_width(part)
                line, used = (f"{line} {part}", used + space + size) if line else (part, size)
            lines.append(line)
        return lines

    def grid(
        self, heads: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A table with a header row repeated on every page (none when every head is empty)."""
        self.set_font(FONT, size=9)
        headed = any(heads)
        with self.table(
            col_widths=tuple(widths),
            text_align="LEFT",
            line_height=4.6,
            headings_style=_HEAD,
            first_row_as_headings=headed,
            repeat_headings=1,
        ) as table:
            if headed:
                table.row(list(heads))
            for row in rows:
                table.row([str(c) for c in row])
        self.set_font(FONT, size=10)
        self.ln(3)

    def rows(
        self, heads: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        """A long table of one-line rows, text cut to its column: drawn with cells, which is
        ~10x faster than fpdf2's table (that wraps every cell) for a group's year of tests."""
        height = 4.6
        self.set_font(FONT, size=9)

        def head_row() -> None:
            self.set_font(FONT, "B", 9)
            self.set_fill_color(*rgb(HEADER))
            for width, head in zip(widths, heads, strict=True):
                self.cell(width, height, head, border=1, fill=True)
            self.ln(height)
            self.set_font(FONT, size=9)

        head_row()
        for row in rows:
            if self.will_page_break(height):
                self.add_page()
                head_row()
            for width, text in zip(widths, row, strict=True):
                self.cell(width, height, self._fit(str(text), width - 2), border=1)
            self.ln(height)
        self.ln(3)

    def _fit(self, text: str, width: float) -> str:
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"


_HEAD = FontFace(family=FONT, emphasis="BOLD", fill_color=rgb(HEADER))


def pdf_bytes(report: Report, *, per_group: bool = False, per_teacher: bool = False) -> bytes:
    """The meeting report as PDF bytes; `per_group` adds a page per group, `per_teacher` each
    teacher's list of tests in open errors and warnings."""
    lang = report.lang
    made = report.made.strftime("%d-%m-%Y %H:%M")
    pdf = _Pdf(f"{report.title} · {word('made', lang, when=made)}", lang)
    pdf.set_title(report.title)
    pdf.set_author("Toetsplanner")
    pdf.set_creation_date(report.made)
    _cover(pdf, report)
    _heatmaps(pdf, report)
    _worst_weeks(pdf, report)
    _open_findings(pdf, report)
    _decisions(pdf, report)
    if report.comparison is not None:
        _comparison(pdf, report)
    if per_group:
        _group_pages(pdf, report)
    if per_teacher:
        _teacher_pages(pdf, report)
    return bytes(pdf.output())


def _cover(pdf: _Pdf, report: Report) -> None:
    lang = report.lang
    pdf.add_page()
    pdf.ln(20)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(0, 11, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_font(FONT, size=14)
    pdf.multi_cell(0, 8, _t("subtitle", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.line_of_text(word("made", lang, when=report.made.strftime("%d-%m-%Y %H:%M")), 10,
                     SMALL_PRINT)  # fmt: skip
    pdf.ln(10)
    pdf.heading(word("key_figures", lang))
    figures = report.figures
    names = ["assessments", "tests", "homework", "groups", "pupils", "errors", "warnings"]
    names += ["infos", "open_errors", "accepted"]
    rows = [[word(n, lang), fmt_num(figures[n], lang)] for n in names]
    worst = figures.get("worst_week")
    if worst is not None:
        rows.append([word("worst_week", lang), fmt_week(worst["monday"], lang)])
    pdf.grid(["", ""], rows, (110, 60))


def _heatmaps(pdf: _Pdf, report: Report) -> None:
    lang = report.lang
    grid = report.grid
    groups = sorted(grid["group"].unique())
    chunks = [groups[i : i + GROUPS_PER_IMAGE] for i in range(0, len(groups), GROUPS_PER_IMAGE)]
    for n, chunk in enumerate(chunks):
        pdf.add_page(orientation="L")
        title = word("heatmap", lang) + (f" ({n + 1}/{len(chunks)})" if len(chunks) > 1 else "")
        pdf.heading(title)
        pdf.line_of_text(_t("legend", lang), 8, SMALL_PRINT)
        chart = heatmap(grid[grid["group"].isin(chunk)], lang, interactive=False, cell_size=14)
        png = vl_convert.vegalite_to_png(chart.properties(width=1100).to_json(), scale=1.5)
        available = pdf.eph - (pdf.get_y() - pdf.t_margin)
        _image_fitting(pdf, png, pdf.epw, available)


def _image_fitting(pdf: _Pdf, png: bytes, width: float, height: float) -> None:
    """The image as large as fits the box, its aspect kept."""
    with Image.open(io.BytesIO(png)) as image:
        pixels_w, pixels_h = image.size
    scale = min(width / pixels_w, height / pixels_h)
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pixels_w * scale, h=pixels_h * scale)


def _worst_weeks(pdf: _Pdf, report: Report) -> None:
    lang = report.lang
    pdf.add_page()
    pdf.heading(word("worst_weeks", lang))
    weeks = report.worst_weeks
    if weeks.empty:
        pdf.line_of_text(word("none", lang))
        return
    rows = [
        [fmt_week(m, lang), str(e), str(w), ", ".join(g)]
        for m, e, w, g in zip(weeks["monday"], weeks["errors"], weeks["warnings"],
                              weeks["groups"], strict=True)
    ]  # fmt: skip
    heads = [_t(k, lang) for k in ("week", "errors", "warnings", "groups")]
    pdf.grid(heads, rows, (45, 20, 22, 93))


def _open_findings(pdf: _Pdf, report: Report) -> None:
    """Per group: every open error, the first warnings, and how many more there are (the Excel
    report lists them all); a reference is printed once for the findings that share it."""
    lang = report.lang
    pdf.heading(word("open_per_group", lang))
    frame = report.findings
    open_ = frame[(frame["decision"] != "accepted") & frame["pupil"].isna()]
    if open_.empty:
        pdf.line_of_text(_t("no_open", lang))
    by_group = {str(g): f for g, f in open_.groupby("group", sort=False)}
    pdf.set_font(FONT, "B", 9)  # the severity column fits its longest word ("waarschuwing")
    label = 3 + max(pdf.get_string_width(severity_word(s, lang)) for s in SEVERITY_COLOURS)
    for row in report.open_per_group.to_dict("records"):
        mine = by_group.get(str(row["group"]), open_.iloc[:0])
        pdf.set_font(FONT, "B", 11)
        tally = ", ".join(count(row[f"{k}s"], k, lang) for k in SEVERITIES if row[f"{k}s"])
        heading = f"{row['group']}  ·  {tally}"
        pdf.multi_cell(0, 5.5, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        shown = pd.concat(
            [
                mine[mine["severity"] == "error"],
                mine[mine["severity"] == "warning"].head(WARNINGS_PER_GROUP),
            ]
        )
        last_reference = ""
        for severity, message, reference in zip(
            shown["severity"], shown["message"], shown["reference"], strict=True
        ):
            pdf.set_font(FONT, "B", 9)
            pdf.set_text_color(*rgb(SEVERITY_COLOURS.get(severity, TEXT_COLOUR)))
            pdf.cell(label, 4.6, severity_word(severity, lang))
            pdf.set_text_color(*rgb(TEXT_COLOUR))
            pdf.line_of_text(message, 9)
            if reference and reference != last_reference:
                pdf.set_x(pdf.l_margin + label)
                pdf.line_of_text(reference, 7.5, SMALL_PRINT)
            last_reference = reference
        more = len(mine) - len(shown)
        if more:
            pdf.set_x(pdf.l_margin + label)
            pdf.line_of_text(_t("more", lang, n=fmt_num(more, lang)), 8, SMALL_PRINT)
        pdf.ln(2)
    pupils = int(((frame["decision"] != "accepted") & frame["pupil"].notna()).sum())
    if pupils:
        pdf.line_of_text(_t("pupils_line", lang, n=fmt_num(pupils, lang)), 9, QUIET)


def _decisions(pdf: _Pdf, report: Report) -> None:
    lang = report.lang
    pdf.ln(3)
    pdf.heading(word("decisions", lang))
    decided = report.decisions
    if decided.empty:
        pdf.line_of_text(word("none", lang))
        return
    rows = []
    for row in decided.to_dict("records"):
        pupil = row["pupil"]
        about = str(row["group"]) + (f" / {pupil}" if isinstance(pupil, str) and pupil else "")
        start = row["start"]
        when = fmt_date(pd.Timestamp(start).date(), lang) if start is not None else ""
        rows.append([decision_word(str(row["status"]), lang), f"{about}, {when}: {row['message']}",
                     str(row["note"] or ""), str(row["decided_by"] or "")])  # fmt: skip
    heads = [_t(k, lang) for k in ("decision", "about", "note", "who")]
    pdf.grid(heads, rows, (25, 90, 45, 20))


def _comparison(pdf: _Pdf, report: Report) -> None:
    lang = report.lang
    c = report.comparison
    assert c is not None
    pdf.add_page()
    pdf.heading(word("comparison", lang))
    pdf.line_of_text(_t("before", lang, label=c.before_label))
    pdf.line_of_text(_t("after", lang, label=c.after_label))
    pdf.ln(2)
    rows = [
        [word(k, lang), _t("before_after", lang, before=c.summary_before[k],
                           after=c.summary_after[k])]
        for k in ("errors", "warnings", "infos")
    ]  # fmt: skip
    pdf.grid(["", ""], rows, (60, 60))
    pdf.heading(f"{word('moved', lang)} ({len(c.moved)})", 12)
    if c.moved.empty:
        pdf.line_of_text(word("none", lang))
    else:
        rows = [
            [_test(r), _day(r["date_before"], lang), _day(r["date_after"], lang)]
            for r in c.moved.to_dict("records")
        ]
        heads = [_t(k, lang) for k in ("test", "from", "to")]
        pdf.grid(heads, rows, (120, 30, 30))
    for key, frame in (("added", c.added), ("removed", c.removed), ("changed", c.changed)):
        pdf.heading(f"{word(key, lang)} ({len(frame)})", 12)
        if frame.empty:
            pdf.line_of_text(word("none", lang))
            continue
        rows = [[_test(r), _day(r["date"], lang)] for r in frame.to_dict("records")]
        pdf.grid([_t("test", lang), _t("date", lang)], rows, (150, 30))
    for key, frame in (("resolved", c.resolved), ("new", c.new)):
        groups = frame[frame["pupil"].isna()]
        pdf.heading(f"{word(key, lang)} ({len(frame)})", 12)
        if groups.empty:
            pdf.line_of_text(word("none", lang))
            continue
        for severity, message in zip(groups["severity"], groups["message"], strict=True):
            pdf.line_of_text(f"{severity_word(severity, lang)}: {message}", 9)
        pdf.ln(2)


def _group_pages(pdf: _Pdf, report: Report) -> None:
    """Per group its tests (homework counted, not listed: a year of it is pages) and findings."""
    lang = report.lang
    table = report.plan.assessments.sort_values(["date", "subject", "id"])
    kinds = report.config.kinds
    is_test = table["kind"].map({k: v.test for k, v in kinds.items()}).eq(True)
    frame = report.findings
    heads = [_t(k, lang) for k in ("date", "subject", "kind", "title_col")]
    for group in sorted(table["group"].unique()):
        pdf.add_page()
        pdf.heading(_t("group_page", lang, group=group))
        in_group = table["group"] == group
        mine = table[in_group & is_test]
        pdf.heading(_t("tests_of", lang), 11)
        rows = [
            [fmt_date(d.date(), lang), s, k, t]
            for d, s, k, t in zip(mine["date"], mine["subject"], mine["kind"], mine["title"],
                                  strict=True)
        ]  # fmt: skip
        pdf.rows(heads, rows, (28, 40, 30, 82))
        homework = int((in_group & ~is_test).sum())
        if homework:
            pdf.line_of_text(_t("homework_count", lang, n=fmt_num(homework, lang)), 9)
            pdf.ln(2)
        found = frame[(frame["group"] == group) & frame["pupil"].isna()]
        pdf.heading(_t("findings_of", lang), 11)
        if found.empty:
            pdf.line_of_text(word("none", lang))
        for severity, message in zip(found["severity"], found["message"], strict=True):
            pdf.line_of_text(f"{severity_word(severity, lang)}: {message}", 9)


def _teacher_pages(pdf: _Pdf, report: Report) -> None:
    """Who acts: per teacher their tests in open errors and warnings, each with why and the
    date a repair suggests where it has one."""
    lang = report.lang
    mine = report.per_teacher
    pdf.add_page()
    pdf.heading(word("per_teacher", lang))
    if mine.empty:
        pdf.line_of_text(word("none", lang))
    for teacher, rows in mine.groupby("teacher", sort=True):
        pdf.heading(str(teacher) or "-", 11)
        for row in rows.to_dict("records"):
            pdf.line_of_text(f"{fmt_date(row['date'].date(), lang)}  {_test(row)}", 9)
            if not pd.isna(row["suggested"]):
                day = fmt_date(row["suggested"].date(), lang)
                pdf.line_of_text(f"    → {_t('suggested', lang, day=day)}", 8)
            for message in row["messages"]:
                pdf.line_of_text(f"    {severity_word(row['severity'], lang)}: {message}", 8)
        pdf.ln(1.5)


def _test(row: dict[Any, Any]) -> str:
    """`biologie proefwerk 2A: H3`."""
    title = f": {row['title']}" if row["title"] else ""
    return f"{row['subject']} {row['kind']} {row['group']}{title}"


def _day(value: Any, lang: Lang) -> str:
    return fmt_date(pd.Timestamp(value).date(), lang)
