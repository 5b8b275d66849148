"""`planner timetable`: the command that timetables a test week (or a Toronto instance).

A test-week timetable for the tests a plan has in a test week of school.toml (every pupil at
most one test per session, spread over the week), written back into the plan, as each pupil's
schedule, and as a calendar. With --toronto, an instance of the Toronto examination timetabling
benchmark: reads NAME.crs, NAME.stu and NAME.periods, writes one `exam_id period` line per
exam, and prints the clashes and the proximity cost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from planner.cli_inputs import read_inputs, school_config
from planner.errors import PlannerError
from planner.exporters.to_csv import plan_csv, table_csv
from planner.exporters.to_excel import week_excel_bytes
from planner.exporters.to_ical import ical_bytes
from planner.i18n import Msg, catalogue, check_lang, fmt_date
from planner.output import write_file
from planner.testweek import (
    WeekProblem,
    apply_timetable,
    pupil_schedules,
    pupil_statistics,
    read_toronto,
    solution_text,
    solve,
    week_plan,
    week_problem,
    week_slots,
    week_timetable,
    with_placements,
)

_W = catalogue(
    __name__,
    {
        "result": {
            "nl": "{name}: {exams} examens, {periods} tijdvakken; botsingen {clashes}, kosten "
            "{cost:.4f} (start {start:.4f}; {moves} zetten in {seconds:.1f} s)",
            "en": "{name}: {exams} exams, {periods} periods; clashes {clashes}, cost {cost:.4f} "
            "(start {start:.4f}; {moves} moves in {seconds:.1f} s)",
        },
        "written": {"nl": "geschreven: {file}", "en": "written: {file}"},
    },
)


@click.command("timetable")
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option("--school", type=click.Path(path_type=Path), help="school.toml with the test weeks.")
@click.option("--members", type=click.Path(path_type=Path), help="members.csv: pupil,group.")
@click.option("--week", help="The test week (its name in school.toml).")
@click.option("--apply", "apply_csv", type=click.Path(path_type=Path), help="The plan, timetabled.")
@click.option("--pupils", type=click.Path(path_type=Path), help="Each pupil's tests (CSV).")
@click.option("--ics", type=click.Path(path_type=Path), help="The test week as a calendar.")
@click.option(
    "--excel",
    type=click.Path(path_type=Path),
    help="The timetable as .xlsx: per year level, per session and per pupil.",
)
@click.option(
    "--fix",
    multiple=True,
    help="TEST=YYYY-MM-DD[/SESSION]: the test on that day (and session), e.g. "
    "'Engels proefwerk 4h=2026-01-27/1'. Repeatable.",
)
@click.option(
    "--avoid",
    multiple=True,
    help="TEST=YYYY-MM-DD[/SESSION]: never on that day (or session). Repeatable.",
)
@click.option(
    "--toronto",
    type=click.Path(path_type=Path),
    help="A Toronto benchmark instance: the path of NAME (NAME.crs, NAME.stu, NAME.periods).",
)
@click.option("--seconds", type=click.FloatRange(0.1, 36000), default=60.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--steps",
    type=click.IntRange(1),
    help="Stop after this many moves: the same seed then gives the same timetable anywhere.",
)
@click.option("--output", type=click.Path(path_type=Path), help="Solution file to write.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--by",
    type=click.Choice(["session", "year"]),
    default="session",
    show_default=True,
    help="The text timetable per session, or per year level (each year's tests in order).",
)
@click.option("--lang", type=click.Choice(["nl", "en"]), help="Language of the output.")
def timetable_command(
    plans: tuple[Path, ...],
    school: Path | None,
    members: Path | None,
    week: str | None,
    apply_csv: Path | None,
    pupils: Path | None,
    ics: Path | None,
    excel: Path | None,
    fix: tuple[str, ...],
    avoid: tuple[str, ...],
    toronto: Path | None,
    seconds: float,
    seed: int,
    steps: int | None,
    output: Path | None,
    fmt: str,
    by: str,
    lang: str | None,
) -> None:
    """Make a clash-free timetable with the tests spread out (exit 1 if it has clashes)."""
    language = check_lang(lang or "nl")
    if plans:
        _school_week(plans, school, members, week, seconds, seed, steps, apply_csv, pupils, ics,
                     fmt, lang, fix, avoid, by, excel)  # fmt: skip
        return
    try:
        if toronto is None:
            raise PlannerError(Msg("timetable_source"))
        instance = read_toronto(toronto)
        done = solve(instance, seconds=seconds, seed=seed, steps=steps)
        if output is not None:
            write_file(output, solution_text(instance, done.slot).encode())
    except PlannerError as exc:
        exc.lang = language
        raise
    figures = {
        "name": Path(toronto).name,
        "exams": len(instance.exams),
        "periods": instance.periods,
        "clashes": done.clashes,
        "cost": done.cost,
        "start": done.start_cost,
        "moves": done.steps,
        "seconds": done.seconds,
    }
    if fmt == "json":
        click.echo(json.dumps({**figures, "seed": seed, "output": str(output or "")}))
    else:
        click.echo(_W("result", language, **figures))
        if output is not None:
            click.echo(_W("written", language, file=output))
    raise SystemExit(1 if done.clashes else 0)


_S = catalogue(
    "planner.cli_testweek.week",
    {
        "week": {
            "nl": "{week}: {exams} toetsen (samen {tests} groepstoetsen) in {slots} zittingen, "
            "{pupils} leerlingen; botsingen {clashes}, kosten {start:.2f} -> {cost:.2f} per "
            "leerling",
            "en": "{week}: {exams} exams ({tests} group tests) in {slots} sessions, {pupils} "
            "pupils; clashes {clashes}, cost {start:.2f} -> {cost:.2f} per pupil",
        },
        "stats": {
            "nl": "per leerling: hoogstens {max_day} per dag, {row} keer twee achter elkaar, "
            "{busy} leerlingen met een dag met twee",
            "en": "per pupil: at most {max_day} a day, {row} times two in a row, {busy} pupils "
            "with a day of two",
        },
        "session": {"nl": "{day}, zitting {n}", "en": "{day}, session {n}"},
        "others": {
            "nl": "{n} toetsen in de week krijgen geen zitting ({kinds}; session_kinds): ze houden "
            "hun dag",
            "en": "{n} tests in the week get no session ({kinds}; session_kinds): they keep their "
            "day",
        },
        "over": {
            "nl": "{over} toetsen boven het maximum per dag van een leerling (test-week-load): de "
            "week heeft meer zittingen of dagen nodig",
            "en": "{over} tests above a pupil's most per day (test-week-load): the week needs more "
            "sessions or days",
        },
    },
)


def _placements(
    problem: WeekProblem, fix: tuple[str, ...], avoid: tuple[str, ...]
) -> tuple[dict[str, int], dict[str, set[int]]]:
    """--fix and --avoid as fixed slots and slots to avoid: a test fixed to a whole day
    avoids the week's other slots."""
    everything = set(range(len(problem.days) * problem.sessions))
    fixed: dict[str, int] = {}
    avoided: dict[str, set[int]] = {}
    for text in fix:
        name, slots = week_slots(problem, text)
        if len(slots) == 1:
            fixed[name] = slots[0]
        else:
            avoided.setdefault(name, set()).update(everything - set(slots))
    for text in avoid:
        name, slots = week_slots(problem, text)
        avoided.setdefault(name, set()).update(slots)
    return fixed, avoided


def _school_week(
    plans: tuple[Path, ...],
    school: Path | None,
    members: Path | None,
    week: str | None,
    seconds: float,
    seed: int,
    steps: int | None,
    apply_csv: Path | None,
    pupils: Path | None,
    ics: Path | None,
    fmt: str,
    lang: str | None,
    fix: tuple[str, ...] = (),
    avoid: tuple[str, ...] = (),
    by: str = "session",
    excel: Path | None = None,
) -> None:
    """The test week `week` of the plan files: solved, printed and written."""
    config = school_config(school, lang)
    language = check_lang(config.language)
    try:
        plan, member_frame = read_inputs(plans, config, members)
        if week is None:
            names = ", ".join(w.name for w in config.test_weeks) or "-"
            raise PlannerError(Msg("no_test_week", week="", names=names))
        problem = week_problem(plan, config, week, member_frame)
        if fix or avoid:
            problem = with_placements(problem, *_placements(problem, fix, avoid))
        done = solve(problem.instance, seconds=seconds, seed=seed, steps=steps)
        moved = apply_timetable(plan, problem, done.slot)
        stats = pupil_statistics(problem, done.slot)
        outputs: list[tuple[Path | None, bytes]] = [
            (apply_csv, plan_csv(moved.assessments).encode("utf-8-sig") if apply_csv else b""),
            (pupils, table_csv(pupil_schedules(problem, done.slot)).encode("utf-8")
             if pupils else b""),
            (ics, ical_bytes(week_plan(plan, problem, done.slot), config, name=week, lang=language)
             if ics else b""),
            (excel, week_excel_bytes(problem, done.slot, language) if excel else b""),
        ]  # fmt: skip
        for path, data in outputs:
            if path is not None:
                write_file(path, data)
    except PlannerError as exc:
        exc.lang = language
        raise
    table = week_timetable(problem, done.slot)
    rows = table.assign(day=table["day"].map(dt.date.isoformat)).to_dict("records")
    figures = {
        "week": week,
        "exams": len(problem.exams),
        "tests": sum(len(t) for t in problem.exams["tests"]),
        "slots": len(problem.days) * problem.sessions,
        "pupils": int(problem.takes["pupil"].nunique()),
        "clashes": done.clashes,
        "over": done.over,
        "others": len(problem.others),
        "start": done.start_cost,
        "cost": done.cost,
    }
    summary = {
        "max_day": int(stats["max_per_day"].max()) if len(stats) else 0,
        "row": int(stats["in_row"].sum()),
        "busy": int((stats["busy_days"] > 0).sum()),
    }
    if fmt == "json":
        click.echo(json.dumps({**figures, **summary, "timetable": rows}, ensure_ascii=False))
    else:
        click.echo(_S("week", language, **figures))
        # per year level: a heading per year, its tests in slot order (the table's order)
        years = sorted(table["year"].unique()) if by == "year" else [None]
        for year in years:
            if year is not None:
                click.echo(f"{year}:")
            part = table if year is None else table[table["year"] == year]
            for day, session, test, groups, count in zip(
                part["day"], part["session"], part["test"], part["groups"], part["pupils"],
                strict=True,
            ):  # fmt: skip
                when = _S("session", language, day=fmt_date(day, language), n=session)
                click.echo(f"  {when}: {test} ({groups}; {count})")
        click.echo(_S("stats", language, **summary))
        if len(problem.others):
            kinds = problem.other_kinds()
            click.echo(_S("others", language, n=len(problem.others), kinds=kinds))
        if done.over:
            click.echo(_S("over", language, over=done.over))
    raise SystemExit(1 if done.clashes or done.over else 0)
