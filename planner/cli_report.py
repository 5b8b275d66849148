"""`planner report`: the conflict report (Excel, PDF), the plan for calendars (iCal) and CSV
exports, from plan files or from the team's store, optionally compared with an earlier plan and
with the dates a repair suggests in each teacher's list (`--suggest`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from planner.check import CheckResult, check
from planner.cli_inputs import members_of, school_config
from planner.cli_options import at_moment, at_option, store_option
from planner.config import SchoolConfig
from planner.diff import compare
from planner.errors import PlannerError
from planner.exporters.overview import overview_pdf
from planner.exporters.report import Report, make_report, report_title
from planner.exporters.to_csv import findings_csv, plan_csv
from planner.exporters.to_excel import excel_bytes
from planner.exporters.to_ical import ical_bytes
from planner.exporters.to_pdf import pdf_bytes
from planner.fit import next_monday
from planner.i18n import Lang, Msg, catalogue, check_lang
from planner.importers import read_lessons, read_plan
from planner.model import ImportProblem, Plan
from planner.output import EXIT_ERRORS, EXIT_OK, write_file
from planner.services import Search, open_store, stored_report, suggest
from planner.views.actions import suggested_dates

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_W = catalogue(
    __name__,
    {
        "written": {"nl": "geschreven: {file} ({size})", "en": "written: {file} ({size})"},
    },
)


@click.command("report")
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option("--school", type=click.Path(path_type=Path), help="school.toml with the rule set.")
@click.option("--members", type=click.Path(path_type=Path), help="members.csv: pupil,group.")
@store_option
@click.option("--plan", "plan_name", help="Report on this plan in the store instead of files.")
@at_option
@click.option("--xlsx", type=click.Path(path_type=Path), help="Excel conflict report.")
@click.option("--pdf", type=click.Path(path_type=Path), help="PDF meeting report.")
@click.option("--ics", type=click.Path(path_type=Path), help="The plan as an iCal calendar.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), help="Findings as CSV.")
@click.option("--plan-csv", type=click.Path(path_type=Path), help="The plan as CSV.")
@click.option(
    "--compare",
    "compare_with",
    multiple=True,
    help="Compare with an earlier plan: its files (repeat for several), or with --plan another "
    "plan's name or a moment of this plan (42, 2026-03-01).",
)
@click.option("--per-group", is_flag=True, help="PDF: one page per group as well.")
@click.option(
    "--per-teacher", is_flag=True, help="PDF: each teacher's tests in open findings as well."
)
@click.option(
    "--suggest",
    "suggesting",
    is_flag=True,
    help="Run the repair (as `planner suggest`) and show each test's suggested new date in the "
    "per-teacher lists of the workbook and the PDF.",
)
@click.option(
    "--lessons",
    "lessons_file",
    type=click.Path(path_type=Path),
    help="With --suggest: the lesson timetable (CSV/Excel: group,subject,weekday[,period]); "
    "else the plan's in the store; rows it cannot read are among the import problems.",
)
@click.option(
    "--seconds",
    type=click.FloatRange(0.1, 3600),
    default=Search.seconds,
    show_default=True,
    help="With --suggest: the most the repair may take.",
)
@click.option(
    "--steps",
    type=click.IntRange(1),
    default=Search.steps,
    show_default=True,
    help="With --suggest: the repair's tries (the same dates on any machine).",
)
@click.option("--group", "groups", multiple=True, help="iCal: only this group (repeatable).")
@click.option("--pupil", help="iCal: only this (pseudonymous) pupil's tests; needs members.")
@click.option(
    "--overview",
    is_flag=True,
    help="PDF: the printable overview of --group/--pupil (a page each: weeks by school days, "
    "every test and homework item) instead of the meeting report.",
)
@click.option(
    "--from",
    "first",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Overview: the first week (default: next Monday).",
)
@click.option("--weeks", type=click.IntRange(1, 12), default=6, show_default=True)
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    help="Overview: a calendar feed's address to print as a QR code (NAME=URL, or URL alone "
    "for a single group or pupil); from `planner db feed add`.",
)
@click.option("--title", help="Title of the report (default: the school's name and the plan's).")
@click.option("--lang", type=click.Choice(["nl", "en"]), help="Language of the report.")
@click.option(
    "--made",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]),
    help="Date (and time, Dutch time) the report says it was made; default now. For reports "
    "that come out the same on every run.",
)
def report_command(
    plans: tuple[Path, ...],
    school: Path | None,
    members: Path | None,
    db_url: str,
    plan_name: str | None,
    at_text: str | None,
    xlsx: Path | None,
    pdf: Path | None,
    ics: Path | None,
    csv_path: Path | None,
    plan_csv: Path | None,
    compare_with: tuple[str, ...],
    per_group: bool,
    per_teacher: bool,
    suggesting: bool,
    lessons_file: Path | None,
    seconds: float,
    steps: int,
    groups: tuple[str, ...],
    pupil: str | None,
    overview: bool,
    first: dt.datetime | None,
    weeks: int,
    feeds: tuple[str, ...],
    title: str | None,
    lang: str | None,
    made: dt.datetime | None,
) -> None:
    """Write reports of PLAN files (or of --plan in the store): --xlsx, --pdf, --ics, --csv,
    --plan-csv. Exit 1 when the plan has errors (in the store: errors the team did not accept),
    as `planner check` does."""
    language = check_lang(lang or "nl")
    outputs = {"xlsx": xlsx, "pdf": pdf, "ics": ics, "csv": csv_path, "plan_csv": plan_csv}
    try:
        if not any(outputs.values()):
            raise PlannerError(Msg("report_no_output"))
        if bool(plans) == bool(plan_name):
            raise PlannerError(Msg("report_source"))
        when = made.replace(tzinfo=AMSTERDAM) if made else dt.datetime.now(AMSTERDAM)
        search: Search | None = None
        problems: list[ImportProblem] = []  # the lesson timetable file's
        if suggesting:
            lessons = None
            if lessons_file is not None:
                config = (
                    school_config(school, lang)
                    if plans
                    else _stored_config(db_url, plan_name, language)
                )
                lessons, _, problems = read_lessons(lessons_file, config, config.lang)
            search = Search(seconds, steps, lessons)
        if plans:
            report = _from_files(plans, school, members, lang, compare_with, title, when, search)
        else:
            assert plan_name is not None
            report = _from_store(
                db_url, plan_name, at_text, lang, compare_with, title, when, search
            )
        report = _noting(report, problems)
        language = report.lang  # the language the checks were made in
        if overview:
            if pdf is None or not (groups or pupil):
                raise PlannerError(Msg("overview_needs"))
            start = first.date() if first else next_monday(when.date())
            pages = [*groups, *([pupil] if pupil else [])]
            addresses = _feeds(feeds, pages)
            data = overview_pdf(
                report.plan, report.config, groups=groups, pupils=[pupil] if pupil else [],
                members=report.members, first=start, weeks=weeks, lang=report.lang,
                feeds=addresses, made=when.date(),
            )  # fmt: skip
            outputs = {**outputs, "pdf": None}
            write_file(pdf, data)
            click.echo(_W("written", report.lang, file=pdf, size=_size(data)))
        _write_all(report, outputs, (per_group, per_teacher), groups, pupil)
    except PlannerError as exc:
        exc.lang = language
        raise
    errors = report.review.open_errors if plan_name else report.result.summary["errors"]
    sys.exit(EXIT_ERRORS if errors else EXIT_OK)


def _from_files(
    plans: tuple[Path, ...],
    school: Path | None,
    members: Path | None,
    lang: str | None,
    compare_with: tuple[str, ...],
    title: str | None,
    made: dt.datetime,
    search: Search | None,
) -> Report:
    config = school_config(school, lang)
    member_frame, member_problems = members_of(members, config)

    def checked(files: tuple[Path, ...]) -> tuple[str, Plan, CheckResult]:
        plan = read_plan(files, config)
        plan.problems.extend(member_problems)
        result = check(plan, config, members=member_frame, lang=config.lang)
        return ", ".join(f.name for f in files), plan, result

    label, plan, result = checked(plans)
    dates = None
    if search is not None:
        done = suggest(
            plan, config, members=member_frame, lessons=search.lessons, lang=config.lang,
            search=search,
        )  # fmt: skip
        dates = suggested_dates(done.moves)
    comparison = None
    if compare_with:
        before_label, before, before_result = checked(tuple(Path(p) for p in compare_with))
        comparison = compare(
            before, before_result, plan, result, before_label=before_label, after_label=label
        )
    return make_report(
        plan,
        config,
        title=title or report_title(config, None, files=label),
        made=made,
        members=member_frame,
        lang=config.lang,
        result=result,
        comparison=comparison,
        suggested=dates,
    )


def _from_store(
    db_url: str,
    plan_name: str,
    at_text: str | None,
    lang: str | None,
    compare_with: tuple[str, ...],
    title: str | None,
    made: dt.datetime,
    search: Search | None,
) -> Report:
    if len(compare_with) > 1:
        raise PlannerError(Msg("report_compare_one"))
    with open_store(db_url, check_lang(lang or "nl")) as store:
        # another plan by its name, else a moment of this plan (or the usage error saying so)
        other: str | int | dt.datetime | None = None
        if compare_with:
            name = compare_with[0]
            other = name if store.has_plan(name) else at_moment(name)
        return stored_report(
            store,
            plan_name,
            at=at_moment(at_text),
            lang=check_lang(lang) if lang else None,
            title=title,
            made=made,
            compare_with=other,
            suggest=search,
        )


def _stored_config(db_url: str, plan_name: str | None, lang: Lang) -> SchoolConfig:
    """The stored plan's school.toml (to read a lesson timetable file as the plan reads it)."""
    assert plan_name is not None
    with open_store(db_url, lang) as store:
        return store.config_of(plan_name)[1]


def _noting(report: Report, problems: list[ImportProblem]) -> Report:
    """The report with the lesson timetable file's unreadable rows among its import problems
    (never silently lost)."""
    if not problems:
        return report
    result = dataclasses.replace(report.result, problems=[*report.result.problems, *problems])
    return dataclasses.replace(report, result=result)


def _write_all(
    report: Report,
    outputs: dict[str, Path | None],
    pages: tuple[bool, bool],
    groups: tuple[str, ...],
    pupil: str | None,
) -> None:
    makers: dict[str, Callable[[], bytes]] = {
        "xlsx": lambda: excel_bytes(report),
        "pdf": lambda: pdf_bytes(report, per_group=pages[0], per_teacher=pages[1]),
        "ics": lambda: ical_bytes(
            report.plan,
            report.config,
            name=report.title,
            groups=list(groups) or None,
            pupil=pupil,
            members=report.members,
            lang=report.lang,
        ),
        # with a byte order mark, so that Excel opens a Dutch CSV's accents right
        "csv": lambda: findings_csv(report.findings).encode("utf-8-sig"),
        "plan_csv": lambda: plan_csv(report.plan.assessments).encode("utf-8-sig"),
    }
    for kind, path in outputs.items():
        if path is None:
            continue
        data = makers[kind]()
        write_file(path, data)
        click.echo(_W("written", report.lang, file=path, size=_size(data)))


def _size(data: bytes) -> str:
    return f"{len(data) / 1024:,.0f} kB".replace(",", ".")


def _feeds(given: tuple[str, ...], pages: list[str]) -> dict[str, str]:
    """--feed NAME=URL (or URL alone for a single page) as {page: address}."""
    out: dict[str, str] = {}
    for text in given:
        name, sign, address = text.partition("=")
        if sign and not name.startswith(("http://", "https://")):
            out[name.strip()] = address.strip()
        elif len(pages) == 1:
            out[pages[0]] = text.strip()
        else:
            raise PlannerError(Msg("overview_feed", value=text))
    return out
