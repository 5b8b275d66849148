"""`planner suggest`: better dates for the tests behind the plan's errors and warnings, from
plan files or from the team's store; the moves can be written as a new plan CSV or applied in
the store (to the plan itself or to a what-if copy, recorded in the history)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
import pandas as pd

from planner.cli_inputs import read_inputs, school_config
from planner.cli_options import by_option, store_option
from planner.errors import PlannerError
from planner.exporters.to_csv import plan_csv
from planner.i18n import Lang, Msg, catalogue, check_lang, fmt_num
from planner.importers import read_lessons
from planner.lessons import Lessons
from planner.output import EXIT_ERRORS, EXIT_OK, write, write_file
from planner.services import open_store, save_moves
from planner.storage import Store
from planner.suggest import Options, Repair, repair

_W = catalogue(
    __name__,
    {
        "head": {
            "nl": "{n} toetsen te verplaatsen (seed {seed}, {seconds} s)",
            "en": "{n} tests to move (seed {seed}, {seconds} s)",
        },
        "tally": {
            "nl": "voor: {e0} fouten, {w0} waarschuwingen; na: {e1} fouten, {w1} waarschuwingen",
            "en": "before: {e0} errors, {w0} warnings; after: {e1} errors, {w1} warnings",
        },
        "left": {"nl": "Niet opgelost:", "en": "Not repaired:"},
        "problems": {"nl": "{n} regels niet ingelezen", "en": "{n} rows not read"},
        "written": {
            "nl": "plan met de verplaatsingen: {file}",
            "en": "plan with the moves: {file}",
        },
        "applied": {
            "nl": "{n} verplaatsingen in plan '{plan}' (wijziging #{change})",
            "en": "{n} moves in plan '{plan}' (change #{change})",
        },
        "copied": {"nl": "wat-als-kopie '{plan}' gemaakt", "en": "what-if copy '{plan}' made"},
        "none": {"nl": "niets te verplaatsen", "en": "nothing to move"},
    },
)


def _w(key: str, lang: Lang, **values: object) -> str:
    return _W(key, lang, **values)


@click.command("suggest")
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option("--school", type=click.Path(path_type=Path), help="school.toml with the rule set.")
@click.option("--members", type=click.Path(path_type=Path), help="members.csv: pupil,group.")
@click.option(
    "--lessons",
    # --timetable: the option's first name, kept so that older scripts still work
    "--timetable",
    "lessons_file",
    type=click.Path(path_type=Path),
    help="Lesson timetable (CSV/Excel: group,subject,weekday[,period]); else the plan's in the "
    "store; without one a test only moves to weekdays on which its group already has that "
    "subject in the plan.",
)
@store_option
@click.option("--plan", "plan_name", help="Suggest for this plan in the store instead of files.")
@click.option("--seconds", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--steps",
    type=click.IntRange(1),
    help="Stop after this many tries: the same seed then gives the same moves on any machine.",
)
@click.option(
    "--weeks-before",
    type=click.IntRange(0, 10),
    default=1,
    show_default=True,
    help="How many school weeks before its own week a test may move to.",
)
@click.option(
    "--weeks-after",
    # --weeks: the option's first name, kept so that older scripts still work
    "--weeks",
    "weeks_after",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="How many school weeks after its own week a test may move to.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Never move a test before this day (YYYY-MM-DD); tests before it stay where they are.",
)
@click.option(
    "--homework",
    is_flag=True,
    help="Move homework too (to a lesson day of its subject), for the homework limits.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@click.option("--apply", "apply_csv", type=click.Path(path_type=Path), help="Write the moved plan.")
@click.option(
    "--apply-to",
    help="With --plan: apply the moves in the store, to this plan (its own name: straight "
    "into it) or to a what-if copy of that name (made when it does not exist).",
)
@by_option
@click.option("--lang", type=click.Choice(["nl", "en"]), help="Language of the messages.")
def suggest_command(
    plans: tuple[Path, ...],
    school: Path | None,
    members: Path | None,
    lessons_file: Path | None,
    db_url: str,
    plan_name: str | None,
    seconds: float,
    seed: int,
    steps: int | None,
    weeks_before: int,
    weeks_after: int,
    today: dt.datetime | None,
    homework: bool,
    fmt: str,
    output: Path | None,
    apply_csv: Path | None,
    apply_to: str | None,
    person: str,
    lang: str | None,
) -> None:
    """Suggest moves that repair the plan's errors and warnings; exit 1 when errors are left."""
    language = check_lang(lang or "nl")
    try:
        if bool(plans) == bool(plan_name):
            raise PlannerError(Msg("report_source"))
        if apply_to and not plan_name:
            raise PlannerError(Msg("suggest_apply_to"))
        stored_lessons = pd.DataFrame()
        if plans:
            config = school_config(school, lang)
            language = check_lang(config.language)
            plan, member_frame = read_inputs(plans, config, members)
        else:
            assert plan_name is not None
            with open_store(db_url, language) as store:
                stored = store.load(plan_name)
                stored_lessons = store.lessons(plan_name)
            plan, config, member_frame = stored.plan, stored.config, stored.members
            config = config.in_language(lang)
        language = check_lang(config.language)
        lessons: Lessons | None = None
        if plan_name and not stored_lessons.empty:
            lessons = Lessons.from_frame(stored_lessons)
        if lessons_file is not None:
            lessons, _, problems = read_lessons(lessons_file, config, language)
            plan.problems.extend(problems)
        options = Options(
            weeks_before=weeks_before,
            weeks_after=weeks_after,
            today=today.date() if today else None,
            homework=homework,
        )
        done = repair(
            plan, config, members=member_frame, lessons=lessons, options=options,
            seconds=seconds, seed=seed, lang=language, steps=steps,
        )  # fmt: skip
        text = _json(done) if fmt == "json" else _text(done, language)
        write(text, output)
        if apply_csv is not None:
            write_file(apply_csv, plan_csv(done.plan.assessments).encode("utf-8-sig"))
            click.echo(_w("written", language, file=apply_csv), err=fmt == "json")
        if apply_to and done.moves:
            assert plan_name is not None
            with open_store(db_url, language) as store:
                _apply_in_store(store, plan_name, apply_to, done, person, language, fmt)
    except PlannerError as exc:
        exc.lang = language
        raise
    sys.exit(EXIT_ERRORS if done.after.summary["errors"] else EXIT_OK)


def _apply_in_store(
    store: Store, plan: str, target: str, done: Repair, person: str, lang: Lang, fmt: str
) -> None:
    saved = save_moves(store, plan, done.moves, person=person, to=target)
    if saved.copied:
        click.echo(_w("copied", lang, plan=target), err=fmt == "json")
    assert saved.change is not None  # there are moves
    n = len(done.moves)
    click.echo(_w("applied", lang, n=n, plan=target, change=saved.change.id), err=fmt == "json")


def _json(done: Repair) -> str:
    return json.dumps(done.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"


def _text(done: Repair, lang: Lang) -> str:
    b, a = done.before.summary, done.after.summary
    seconds = fmt_num(round(done.seconds, 1), lang)
    head = _w("head", lang, n=len(done.moves), seed=done.seed, seconds=seconds)
    lines = [head if done.moves else _w("none", lang)]
    lines += [f"  {m.id}: {m.reason}" for m in done.moves]
    lines.append(
        _w("tally", lang, e0=b["errors"], w0=b["warnings"], e1=a["errors"], w1=a["warnings"])
    )
    if done.unrepaired:
        lines.append(_w("left", lang))
        frame = done.after.frame
        for row, why in done.unrepaired:
            lines.append(f"  {frame.loc[row, 'message']!s} — {why}")
    if done.before.problems:
        lines.append(_w("problems", lang, n=len(done.before.problems)))
    return "\n".join(lines) + "\n"
