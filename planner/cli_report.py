"""`planner report`: the conflict report (Excel, PDF), the plan for calendars (iCal) and CSV
exports, from plan files or from the team's store, optionally compared with an earlier plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pandas as pd

from planner.check import CheckResult, check
from planner.cli_db import _at, _open, at_option
from planner.cli_inputs import members_of, school_config, store_option
from planner.config import SchoolConfig
from planner.decisions import Decision
from planner.diff import compare
from planner.errors import PlannerError
from planner.exporters.report import Report, make_report
from planner.exporters.to_csv import findings_csv, plan_csv
from planner.exporters.to_excel import excel_bytes
from planner.exporters.to_ical import ical_bytes
from planner.exporters.to_pdf import pdf_bytes
from planner.history import fmt_moment
from planner.i18n import Lang, Msg, check_lang
from planner.importers import read_plan
from planner.model import Plan
from planner.output import EXIT_ERRORS, EXIT_OK, write_file
from planner.storage import StoredPlan

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_W: dict[str, dict[Lang, str]] = {
    "written": {"nl": "geschreven: {file} ({size})", "en": "written: {file} ({size})"},
    "plan_at": {"nl": "{plan} op {when}", "en": "{plan} at {when}"},
}


@dataclasses.dataclass(frozen=True)
class _Checked:
    """A plan with what a report needs of it."""

    label: str
    plan: Plan
    config: SchoolConfig
    members: pd.DataFrame | None
    result: CheckResult
    decisions: tuple[Decision, ...] = ()


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
@click.option("--group", "groups", multiple=True, help="iCal: only this group (repeatable).")
@click.option("--pupil", help="iCal: only this (pseudonymous) pupil's tests; needs members.")
@click.option("--title", help="Title of the report (default: the plan's name or files).")
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
    groups: tuple[str, ...],
    pupil: str | None,
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
        if plans:
            now, before = _from_files(plans, school, members, lang, compare_with)
        else:
            assert plan_name is not None
            now, before = _from_store(db_url, plan_name, at_text, lang, compare_with)
        language = check_lang(now.config.language)  # the language the checks were made in
        comparison = None
        if before is not None:
            comparison = compare(
                before.plan,
                before.result,
                now.plan,
                now.result,
                before_label=before.label,
                after_label=now.label,
            )
        report = make_report(
            now.plan,
            now.config,
            title=title or now.label,
            made=made.replace(tzinfo=AMSTERDAM) if made else dt.datetime.now(AMSTERDAM),
            members=now.members,
            decisions=now.decisions,
            lang=language,
            result=now.result,
            comparison=comparison,
        )
        _write_all(report, outputs, per_group, groups, pupil)
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
) -> tuple[_Checked, _Checked | None]:
    config = school_config(school, lang)
    language = check_lang(config.language)
    member_frame, member_problems = members_of(members, config)

    def checked(files: tuple[Path, ...]) -> _Checked:
        plan = read_plan(files, config)
        plan.problems.extend(member_problems)
        result = check(plan, config, members=member_frame, lang=language)
        return _Checked(", ".join(f.name for f in files), plan, config, member_frame, result)

    before = checked(tuple(Path(p) for p in compare_with)) if compare_with else None
    return checked(plans), before


def _from_store(
    db_url: str,
    plan_name: str,
    at_text: str | None,
    lang: str | None,
    compare_with: tuple[str, ...],
) -> tuple[_Checked, _Checked | None]:
    language = check_lang(lang or "nl")
    if len(compare_with) > 1:
        raise PlannerError(Msg("report_compare_one"))
    with _open(db_url, language) as store:
        at = _at(at_text)
        now = store.load(plan_name, at)
        before = None
        if compare_with:
            other = compare_with[0]
            if store.has_plan(other):
                before = store.load(other)
                before_label = other
            else:
                moment = _at(other)
                assert moment is not None  # `other` is text
                before = store.load(plan_name, moment)
                before_label = _label(plan_name, moment, language)
    now_label = plan_name if at is None else _label(plan_name, at, language)
    now_checked = _stored(now, now_label, lang)
    if before is None:
        return now_checked, None
    return now_checked, _stored(before, before_label, lang)


def _label(plan: str, moment: int | dt.datetime, lang: Lang) -> str:
    when = f"#{moment}" if isinstance(moment, int) else fmt_moment(moment, lang)
    return _W["plan_at"][lang].format(plan=plan, when=when)


def _stored(stored: StoredPlan, label: str, lang: str | None) -> _Checked:
    language = check_lang(lang or stored.config.language)
    config = dataclasses.replace(stored.config, language=language)
    result = check(stored.plan, config, members=stored.members, lang=language)
    return _Checked(label, stored.plan, config, stored.members, result, stored.decisions)


def _write_all(
    report: Report,
    outputs: dict[str, Path | None],
    per_group: bool,
    groups: tuple[str, ...],
    pupil: str | None,
) -> None:
    makers: dict[str, Callable[[], bytes]] = {
        "xlsx": lambda: excel_bytes(report),
        "pdf": lambda: pdf_bytes(report, per_group=per_group),
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
        size = f"{len(data) / 1024:,.0f} kB".replace(",", ".")
        click.echo(_W["written"][report.lang].format(file=path, size=size))
