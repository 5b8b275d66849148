"""`planner fit` and `planner db fit`: on which days a new test fits, from plan files or from
the team's store (planner.fit)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from planner.cli_inputs import read_inputs, school_config
from planner.cli_options import db_option, plan_option
from planner.config import SchoolConfig
from planner.errors import PlannerError
from planner.fit import DayFit, Proposal, best_first, fit, next_monday, resolve, school_week_days
from planner.i18n import Lang, catalogue, check_lang, count, fmt_date
from planner.model import Plan
from planner.output import write
from planner.services import open_store
from planner.style import VERDICT_MARKS

_W = catalogue(
    __name__,
    {
        "head": {
            "nl": "{subject} ({kind}) voor {groups}: {weeks} vanaf {first}",
            "en": "{subject} ({kind}) for {groups}: {weeks} from {first}",
        },
        "best": {"nl": "Beste dagen:", "en": "Best days:"},
        "none": {"nl": "geen dag zonder fout", "en": "no day without an error"},
        "week": {"nl": "week", "en": "week"},
        "days": {"nl": "ma di wo do vr", "en": "Mo Tu We Th Fr"},
        "legend": {
            "nl": "✓ past  ! waarschuwing  ✗ fout  · geen schooldag",
            "en": "✓ fits  ! warning  ✗ error  · no school day",
        },
        "ok": {"nl": "past", "en": "fits"},
        "warning": {"nl": "waarschuwing", "en": "warning"},
        "error": {"nl": "fout", "en": "error"},
        "closed": {"nl": "geen schooldag", "en": "no school day"},
        "why": {"nl": "Waarom:", "en": "Why:"},
    },
)
# How many of the best days the text names.
BEST_DAYS = 5


def fit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options of the proposed test and the days to try, shared by both commands."""
    options = [
        click.option(
            "--group",
            "groups",
            multiple=True,
            required=True,
            help="Group or cluster; repeat for a parallel test.",
        ),
        click.option("--subject", required=True, help="Subject of the test."),
        click.option("--kind", required=True, help="Kind of test (PW, SO, ... as in school.toml)."),
        click.option(
            "--weight",
            type=click.FloatRange(0, 100),
            help="Load of the test (default: its kind's).",
        ),
        click.option("--minutes", type=click.FloatRange(0, 1440), help="Minutes (homework)."),
        click.option("--teacher", default="", help="Teacher's code."),
        click.option(
            "--from",
            "first",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="First day (its week from Monday); default: next Monday.",
        ),
        click.option("--weeks", type=click.IntRange(1, 52), default=6, show_default=True),
        click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text"),
        click.option(
            "--output", type=click.Path(path_type=Path), help="Write here instead of stdout."
        ),
        click.option("--lang", type=click.Choice(["nl", "en"]), help="Language of the messages."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command("fit")
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--school", type=click.Path(path_type=Path), help="school.toml with the rule set.")
@click.option("--members", type=click.Path(path_type=Path), help="members.csv: pupil,group.")
@fit_options
def fit_command(
    plans: tuple[Path, ...], school: Path | None, members: Path | None, **given: Any
) -> None:
    """On which days a new test fits: each school day's verdict with the test added (exit 0)."""
    language = check_lang(given["lang"] or "nl")
    try:
        config = school_config(school, given["lang"])
        language = check_lang(config.language)
        plan, member_frame = read_inputs(plans, config, members)
        _answer(plan, config, member_frame, language, **given)
    except PlannerError as exc:
        exc.lang = language
        raise


@click.command("fit")
@db_option
@plan_option
@fit_options
def db_fit_command(db_url: str, plan_name: str, **given: Any) -> None:
    """On which days a new test fits in a stored plan (nothing is saved)."""
    language = check_lang(given["lang"] or "nl")
    try:
        with open_store(db_url, language) as store:
            stored = store.load(plan_name)
        config = stored.config.in_language(given["lang"])
        language = check_lang(config.language)
        _answer(stored.plan, config, stored.members, language, **given)
    except PlannerError as exc:
        exc.lang = language
        raise


def _answer(
    plan: Plan,
    config: SchoolConfig,
    members: pd.DataFrame | None,
    language: Lang,
    *,
    groups: Sequence[str],
    subject: str,
    kind: str,
    weight: float | None,
    minutes: float | None,
    teacher: str,
    first: dt.datetime | None,
    weeks: int,
    fmt: str,
    output: Path | None,
    **_: Any,
) -> None:
    proposal = Proposal(tuple(groups), subject.strip(), kind, weight, minutes, teacher.strip())
    proposal = resolve(proposal, plan, config, members)
    # The command's clock gives the default; the engine never reads it.
    start = first.date() if first is not None else next_monday(dt.date.today())
    days = school_week_days(start, weeks)
    result = fit(plan, config, proposal, days, members=members, lang=language)
    text = _json(proposal, result) if fmt == "json" else _text(proposal, result, config, language)
    write(text, output)


def _json(proposal: Proposal, days: list[DayFit]) -> str:
    data = {"test": proposal.to_dict(), "days": [d.to_dict() for d in days]}
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def _text(proposal: Proposal, days: list[DayFit], config: SchoolConfig, lang: Lang) -> str:
    w = functools.partial(_W, lang=lang)
    first = days[0].date
    kind = config.kinds[proposal.kind].name if proposal.kind in config.kinds else proposal.kind
    lines = [
        w(
            "head",
            subject=proposal.subject,
            kind=kind,
            groups=", ".join(proposal.groups),
            weeks=count(len(days) // 5, "week", lang),
            first=fmt_date(first, lang, year=True),
        ),
        "",
    ]
    good = [d for d in best_first(days) if d.verdict in ("ok", "warning")][:BEST_DAYS]
    lines.append(w("best"))
    if not good:
        lines.append(f"  {w('none')}")
    for day in good:
        lines.append(
            f"  {VERDICT_MARKS[day.verdict]} {fmt_date(day.date, lang)}: {_summary(day, lang)}"
        )
    lines += ["", f"{w('week'):>5}  {w('days')}"]
    for start in range(0, len(days), 5):
        week = days[start : start + 5]
        marks = "  ".join(f"{VERDICT_MARKS[d.verdict]:<1}" for d in week)
        lines.append(f"{week[0].date.isocalendar()[1]:>5}  {marks}")
    lines += [f"       {w('legend')}", "", w("why")]
    for day in days:
        if day.reasons:
            lines.append(f"  {fmt_date(day.date, lang)}: {_summary(day, lang)}")
            lines += [f"    - {reason}" for reason in day.reasons]
    return "\n".join(lines) + "\n"


def _summary(day: DayFit, lang: Lang) -> str:
    text = _W(day.verdict, lang)
    if day.pupils and day.verdict != "closed":
        text += f", {count(day.pupils, 'pupil', lang)}"
    return text
