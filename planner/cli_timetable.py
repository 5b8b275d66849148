"""`planner timetable`: a test-week timetable. With --toronto, an instance of the Toronto
examination timetabling benchmark: reads NAME.crs, NAME.stu and NAME.periods, writes one
`exam_id period` line per exam, and prints the clashes and the proximity cost."""

from __future__ import annotations

import json
from pathlib import Path

import click

from planner.errors import PlannerError
from planner.i18n import Lang, Msg, check_lang
from planner.timetable import read_toronto, solve, write_solution

_W: dict[str, dict[Lang, str]] = {
    "result": {
        "nl": "{name}: {exams} examens, {periods} tijdvakken; botsingen {clashes}, kosten "
        "{cost:.4f} (start {start:.4f}; {moves} zetten in {seconds:.1f} s)",
        "en": "{name}: {exams} exams, {periods} periods; clashes {clashes}, cost {cost:.4f} "
        "(start {start:.4f}; {moves} moves in {seconds:.1f} s)",
    },
    "written": {"nl": "geschreven: {file}", "en": "written: {file}"},
}


@click.command("timetable")
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
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl")
def timetable_command(
    toronto: Path | None,
    seconds: float,
    seed: int,
    steps: int | None,
    output: Path | None,
    fmt: str,
    lang: str,
) -> None:
    """Make a clash-free timetable with the tests spread out (exit 1 if it has clashes)."""
    language = check_lang(lang)
    try:
        if toronto is None:
            raise PlannerError(Msg("timetable_source"))
        instance = read_toronto(toronto)
        done = solve(instance, seconds=seconds, seed=seed, steps=steps)
        if output is not None:
            try:
                write_solution(output, instance, done.slot)
            except OSError as exc:
                raise PlannerError(
                    Msg("cannot_write", reason=exc.strerror), source=str(output)
                ) from None
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
        click.echo(_W["result"][language].format(**figures))
        if output is not None:
            click.echo(_W["written"][language].format(file=output))
    raise SystemExit(1 if done.clashes else 0)
