"""`planner db ...`: the team store from the command line, for scripts and nightly exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from planner.check import CheckResult
from planner.cli_options import (
    at_moment,
    at_option,
    by_option,
    db_option,
    lang_option,
    plan_option,
)
from planner.decisions import Decision, Review, Status
from planner.errors import StorageError
from planner.exporters.cells import safe_cell
from planner.exporters.to_csv import members_csv, plan_csv
from planner.history import describe, fmt_moment
from planner.i18n import Lang, catalogue, check_lang, fmt_date
from planner.importers.sources import describe_source
from planner.importers.upload import read_path
from planner.model import ImportProblem
from planner.output import EXIT_ERRORS, EXIT_OK, EXIT_UNUSABLE, RENDERERS, write
from planner.services import (
    Replace,
    decide,
    deliver,
    open_checked,
    open_plan,
    open_store,
    school_toml,
)
from planner.storage import HEAD

_W = catalogue(
    __name__,
    {
        "schema": {"nl": "schema {rev} (bijgewerkt)", "en": "schema {rev} (up to date)"},
        "created": {"nl": "plan '{plan}' aangemaakt", "en": "plan '{plan}' created"},
        "config": {
            "nl": "schoolinstellingen van '{plan}' vervangen",
            "en": "settings of '{plan}' replaced",
        },
        "stored": {
            "nl": "{file}: {added} rijen opgeslagen, {removed} vervangen (wijziging #{change})",
            "en": "{file}: {added} rows stored, {removed} replaced (change #{change})",
        },
        "skipped": {"nl": "{file}: niet opgeslagen", "en": "{file}: not stored"},
        "anyway": {
            "nl": "{file}: vervang de opgeslagen rijen toch met --replace-anyway",
            "en": "{file}: to replace the stored rows all the same, use --replace-anyway",
        },
        "problems": {"nl": "rijen die niet zijn ingelezen", "en": "rows that could not be read"},
        "no_plans": {"nl": "Nog geen plannen.", "en": "No plans yet."},
        "plans_head": {
            "nl": "plan|toetsen|leerlingen|uploads|wijzigingen|laatst gewijzigd",
            "en": "plan|tests|pupils|uploads|changes|last changed",
        },
        "uploads_head": {
            "nl": "#|wanneer|wie|bestand|soort|rijen|problemen|vervangt per",
            "en": "#|when|who|file|what|rows|problems|replaces by",
        },
        "undone": {"nl": "ongedaan gemaakt door #{by}", "en": "undone by #{by}"},
        "accepted": {"nl": "GEACCEPTEERD", "en": "ACCEPTED"},
        "todo": {"nl": "TE DOEN", "en": "TO DO"},
        "dropped": {"nl": "Vervallen besluiten", "en": "Decisions that lapsed"},
        "resolved": {"nl": "de bevinding is verdwenen", "en": "the finding is gone"},
        "changed": {"nl": "de toetsen zijn veranderd", "en": "the tests have changed"},
        "decided": {
            "nl": "besluit vastgelegd (wijziging #{change})",
            "en": "decision recorded (change #{change})",
        },
        "no_finding": {
            "nl": "geen bevinding {rule} voor {who} op {start} in plan '{plan}'",
            "en": "no finding {rule} for {who} on {start} in plan '{plan}'",
        },
        "moved": {"nl": "verplaatst (wijziging #{change})", "en": "moved (change #{change})"},
        "undid": {
            "nl": "wijziging #{target} ongedaan gemaakt (wijziging #{change})",
            "en": "undid change #{target} (change #{change})",
        },
        "copied": {
            "nl": "plan '{plan}' gekopieerd naar '{to}'",
            "en": "plan '{plan}' copied to '{to}'",
        },
        "open_errors": {
            "nl": "{n} fouten zonder besluit 'geaccepteerd'",
            "en": "{n} errors not accepted by the team",
        },
    },
)


def words(key: str, lang: Lang, **values: object) -> str:
    return _W(key, lang, **values)


def _table(rows: list[list[str]], head: str) -> str:
    """A plain text table, columns padded to their widest cell."""
    header = head.split("|")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row in rows:
        cells = (str(c).ljust(w) for c, w in zip(row, widths, strict=True))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@click.group("db")
def db() -> None:
    """The team's shared store: plans, uploads, history, decisions."""


@db.command("init")
@db_option
@lang_option
def init_command(db_url: str, lang: str) -> None:
    """Create the database, or upgrade it to this version's schema."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        click.echo(f"{store.display}: {words('schema', language, rev=store.revision() or HEAD)}")


@db.command("import")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@db_option
@plan_option
@click.option("--school", type=click.Path(path_type=Path), help="school.toml for the plan.")
@click.option("--members", type=click.Path(path_type=Path), help="members.csv: pupil,group.")
@click.option(
    "--lessons",
    # --timetable: the option's first name, kept so that older scripts still work
    "--timetable",
    "lessons_file",
    type=click.Path(path_type=Path),
    help="Lesson timetable (CSV/Excel: group,subject,weekday[,period]) for suggestions.",
)
@click.option(
    "--replace",
    type=click.Choice(["file", "teacher"]),
    default="file",
    show_default=True,
    help="What a re-upload replaces: the rows of the same file name, or the same teacher's "
    "rows of the same subject.",
)
@click.option(
    "--replace-anyway",
    is_flag=True,
    help="Store a file even when it holds under half the rows it replaces (say, every row "
    "unreadable); without it such a file is refused and nothing is changed.",
)
@by_option
@lang_option
def import_command(
    files: tuple[Path, ...],
    db_url: str,
    plan_name: str,
    school: Path | None,
    members: Path | None,
    lessons_file: Path | None,
    replace: str,
    replace_anyway: bool,
    person: str,
    lang: str,
) -> None:
    """Upload plan FILES (and members, lesson timetable, school.toml) into a plan; creates the plan
    if new.

    Each file is one upload, all its rows or none; a file that cannot be read, or that holds
    under half the rows it would replace, is reported and the others are still stored (exit
    status 2)."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        toml = school_toml(school) if school is not None else None
        opened = open_plan(store, plan_name, person=person, toml=toml)
        if opened.config_replaced:
            click.echo(words("config", language, plan=plan_name))
        config = opened.config.in_language(language)
        # Members and lessons first, and one of them unreadable stops the import: the plan
        # files are then not stored either. An unreadable plan file is skipped (exit 2).
        tables = [read_path(p, config, "members") for p in (members,) if p is not None]
        tables += [read_path(p, config, "lessons") for p in (lessons_file,) if p is not None]
        for read in tables:
            if read.error is not None:
                raise read.error
        # one plan file in memory at a time: each is read as it is delivered
        reads = itertools.chain(tables, (read_path(path, config) for path in files))
        how: Replace = "teacher" if replace == "teacher" else "file"
        delivery = deliver(
            store, plan_name, reads, person=person, replace=how, create=opened.create,
            replace_anyway=replace_anyway,
        )  # fmt: skip
    if delivery.created:
        click.echo(words("created", language, plan=plan_name))
    failed = False
    for done in delivery.files:
        if done.change is None:
            assert done.error is not None
            if done.too_few_rows:
                _report_problems(done.read.problems, language, err=True)
            click.echo(f"planner: {done.error.one_line(language)}", err=True)
            key = "anyway" if done.too_few_rows else "skipped"
            click.echo(words(key, language, file=done.read.name), err=True)
            failed = True
        else:
            _report_upload(
                done.read.name, done.change.detail, done.change.id, done.read.problems, language
            )
            if done.read.source is not None:
                click.echo(f"  {describe_source(done.read.source, language)}")
    if failed:
        sys.exit(EXIT_UNUSABLE)


def _report_upload(
    name: str, detail: dict[str, Any], change: int, problems: Sequence[ImportProblem], lang: Lang
) -> None:
    click.echo(
        words(
            "stored",
            lang,
            file=name,
            added=detail["added"],
            removed=detail["removed"],
            change=change,
        )
    )
    _report_problems(problems, lang)


def _report_problems(problems: Sequence[ImportProblem], lang: Lang, *, err: bool = False) -> None:
    if problems:
        click.echo(f"  {words('problems', lang)} ({len(problems)}):", err=err)
        for p in problems:
            click.echo(f"    {p.one_line(lang)}", err=err)


@db.command("list")
@db_option
@click.option("--plan", "plan_name", help="List this plan's uploads instead of the plans.")
@lang_option
def list_command(db_url: str, plan_name: str | None, lang: str) -> None:
    """The plans in the store, or one plan's uploads."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        if plan_name is None:
            plans = store.plans()
            if not plans:
                click.echo(words("no_plans", language))
                return
            rows = [
                [
                    p.name + (f" (<- {p.copied_from})" if p.copied_from else ""),
                    str(p.assessments),
                    str(p.pupils),
                    str(p.uploads),
                    str(p.changes),
                    fmt_moment(p.last_change, language),
                ]
                for p in plans
            ]
            click.echo(_table(rows, words("plans_head", language)))
            return
        rows = [
            [
                f"#{u.change}",
                fmt_moment(u.at, language),
                u.person,
                u.file_name,
                u.what,
                str(u.rows),
                str(len(u.problems)),
                u.replace,
            ]
            for u in store.uploads(plan_name)
        ]
        click.echo(_table(rows, words("uploads_head", language)))


@db.command("check")
@db_option
@plan_option
@at_option
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text")
@click.option("--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option("--lang", type=click.Choice(["nl", "en"]), help="Language of the messages.")
def check_command(
    db_url: str,
    plan_name: str,
    at_text: str | None,
    fmt: str,
    output: Path | None,
    lang: str | None,
) -> None:
    """Check a plan in the store, with the team's decisions; exit 1 when errors are found
    that the team has not accepted."""
    with open_store(db_url, check_lang(lang or "nl")) as store:
        checked = open_checked(store, plan_name, at_moment(at_text), lang)
    language, result, reviewed = checked.lang, checked.result, checked.review
    renderers = {"text": _render_text, "json": _render_json, "csv": _render_csv}
    write(renderers[fmt](result, reviewed, language), output)
    sys.exit(EXIT_ERRORS if reviewed.open_errors else EXIT_OK)


def _render_text(result: CheckResult, reviewed: Review, lang: Lang) -> str:
    lines = RENDERERS["text"](result, lang).splitlines()
    # The first lines are the findings, in the order of the frame: mark the decided ones.
    decided = zip(reviewed.frame["decision"].tolist(), reviewed.frame["note"].tolist(), strict=True)
    for i, (status, note) in enumerate(decided):
        if status:
            lines[i] += f"  <{words(status, lang)}{': ' + note if note else ''}>"
    out = "\n".join(lines) + "\n"
    if reviewed.dropped:
        out += f"\n{words('dropped', lang)} ({len(reviewed.dropped)}):\n"
        for decision, why in reviewed.dropped:
            out += f"  {_decision_line(decision, lang)}: {words(str(why), lang)}\n"
    out += words("open_errors", lang, n=reviewed.open_errors) + "\n"
    return out


def _decision_line(d: Decision, lang: Lang) -> str:
    who = d.pupil or d.group
    return f"{d.rule} {who} {fmt_date(d.start, lang)} [{words(str(d.status), lang)}] {d.note}"


def _decision_dict(row: pd.Series) -> dict[str, Any] | None:
    if not row["decision"]:
        return None
    at = row["decided_at"]
    return {
        "status": row["decision"],
        "note": row["note"],
        "person": row["decided_by"],
        "at": None if pd.isna(at) else pd.Timestamp(at).isoformat(),
    }


def _render_json(result: CheckResult, reviewed: Review, lang: Lang) -> str:
    data = result.to_dict()
    for finding, (_, row) in zip(data["findings"], reviewed.frame.iterrows(), strict=True):
        finding["decision"] = _decision_dict(row)
    data["dropped_decisions"] = [
        {
            "rule": d.rule,
            "group": d.group,
            "pupil": d.pupil,
            "start": d.start.isoformat(),
            "end": d.end.isoformat(),
            "status": str(d.status),
            "note": d.note,
            "person": d.person,
            "why": str(why),
        }
        for d, why in reviewed.dropped
    ]
    data["summary"]["open_errors"] = reviewed.open_errors
    data["summary"]["accepted"] = reviewed.accepted
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _render_csv(result: CheckResult, reviewed: Review, lang: Lang) -> str:
    base = RENDERERS["csv"](result, lang).splitlines()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows = list(csv.reader(base))
    writer.writerow([*rows[0], "decision", "note", "decided_by"])
    for row, status, note, by in zip(
        rows[1:],
        reviewed.frame["decision"].tolist(),
        reviewed.frame["note"].tolist(),
        reviewed.frame["decided_by"].tolist(),
        strict=True,
    ):
        writer.writerow([*row, status, safe_cell(note), safe_cell(by)])
    return out.getvalue()


@db.command("export")
@db_option
@plan_option
@at_option
@click.option("--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option("--members", "members_only", is_flag=True, help="Export the memberships instead.")
@lang_option
def export_command(
    db_url: str,
    plan_name: str,
    at_text: str | None,
    output: Path | None,
    members_only: bool,
    lang: str,
) -> None:
    """Export a plan (or its memberships) as CSV, as it is now or was at --at."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        stored = store.load(plan_name, at_moment(at_text))
    text = members_csv(stored.members) if members_only else plan_csv(stored.plan.assessments)
    write(text, output)


@db.command("history")
@db_option
@plan_option
@click.option("--limit", type=click.IntRange(min=1), help="Only the newest N changes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@lang_option
def history_command(db_url: str, plan_name: str, limit: int | None, fmt: str, lang: str) -> None:
    """The plan's changes, newest first: who, when, what (before and after)."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        changes = store.history(plan_name, limit)
    if fmt == "json":
        data = [
            {
                "id": c.id,
                "at": c.at.replace(tzinfo=dt.UTC).isoformat(),
                "person": c.person,
                "action": c.action,
                "detail": c.detail,
                "undoes": c.undoes,
                "undone_by": c.undone_by,
                "text": describe(c.action, c.detail, language),
            }
            for c in changes
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for c in changes:
        line = f"#{c.id:<5} {fmt_moment(c.at, language)}  {c.person:<16} "
        line += describe(c.action, c.detail, language)
        if c.undone_by:
            line += f"  ({words('undone', language, by=c.undone_by)})"
        click.echo(line)


@db.command("undo")
@click.argument("change", type=click.IntRange(min=1))
@db_option
@plan_option
@by_option
@lang_option
def undo_command(change: int, db_url: str, plan_name: str, person: str, lang: str) -> None:
    """Undo CHANGE (a number from `planner db history`) with a new change."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        done = store.undo(plan_name, change, person=person)
    click.echo(words("undid", language, target=change, change=done.id))


@db.command("move")
@click.argument("assessment")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d", "%d-%m-%Y"]))
@db_option
@plan_option
@by_option
@lang_option
def move_command(
    assessment: str, day: dt.datetime, db_url: str, plan_name: str, person: str, lang: str
) -> None:
    """Move test ASSESSMENT (its id) to DAY."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        done = store.move(plan_name, assessment, day.date(), person=person)
    click.echo(words("moved", language, change=done.id))


@db.command("decide")
@db_option
@plan_option
@click.option("--rule", required=True, help="Rule id of the finding (tests-per-day, ...).")
@click.option("--group", required=True, help="Group of the finding.")
@click.option("--pupil", help="Pupil id, for a pupil's finding.")
@click.option(
    "--start",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day of the finding.",
)
@click.option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    required=True,
    help="accepted: the team accepts it; todo: somebody will fix it.",
)
@click.option("--note", default="", help="Why (shown with the finding).")
@by_option
@lang_option
def decide_command(
    db_url: str,
    plan_name: str,
    rule: str,
    group: str,
    pupil: str | None,
    start: dt.datetime,
    status: str,
    note: str,
    person: str,
    lang: str,
) -> None:
    """Record the team's decision on a current finding."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        checked = open_checked(store, plan_name, None, language)
        finding = checked.finding(rule, group, pupil, start.date())
        if finding is None:
            who = pupil or group
            text = words(
                "no_finding", language, rule=rule, who=who, start=start.date(), plan=plan_name
            )
            raise StorageError(text)
        done = decide(store, plan_name, finding, status=status, note=note, person=person)
    click.echo(words("decided", language, change=done.id))


@db.command("copy")
@db_option
@plan_option
@click.option("--to", "target", required=True, help="Name of the new (what-if) plan.")
@by_option
@lang_option
def copy_command(db_url: str, plan_name: str, target: str, person: str, lang: str) -> None:
    """Copy a plan into a new what-if plan (tests, members, settings, decisions)."""
    language = check_lang(lang)
    with open_store(db_url, language) as store:
        store.create_plan(target, person=person, copy_of=plan_name)
    click.echo(words("copied", language, plan=plan_name, to=target))


__all__ = ["db"]
