"""Reports of a stored plan: the plan as it is (or was at a moment) with its check and the
team's decisions, optionally compared with another plan or an earlier moment of it, and with
the dates a repair suggests. The Meeting page and `planner report --plan` both report this
way; the title is the school's name and the plan's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from planner.diff import Comparison, compare
from planner.exporters.report import Report, make_report, report_title
from planner.history import fmt_moment
from planner.i18n import Lang, catalogue
from planner.services.checked import Checked, check_stored
from planner.services.suggested import Search, suggest_stored
from planner.storage import Store
from planner.views.actions import suggested_dates

_T = catalogue(__name__, {"plan_at": {"nl": "{plan} op {when}", "en": "{plan} at {when}"}})


def comparison(before: Checked, now: Checked, *, before_label: str, now_label: str) -> Comparison:
    """What changed between two checked plans: tests moved, findings gone and new."""
    return compare(
        before.plan,
        before.result,
        now.plan,
        now.result,
        before_label=before_label,
        after_label=now_label,
    )


def report_of(
    checked: Checked,
    *,
    title: str,
    made: dt.datetime,
    compared: Comparison | None = None,
    suggested: Mapping[str, dt.date] | None = None,
) -> Report:
    """The report (conflict workbook, meeting PDF) of a checked plan, in its language;
    `suggested`: test id -> the date a repair suggests."""
    stored = checked.stored
    return make_report(
        stored.plan,
        stored.config,
        title=title,
        made=made,
        members=stored.members,
        decisions=stored.decisions,
        lang=checked.lang,
        result=checked.result,
        comparison=compared,
        suggested=suggested,
    )


def moment_label(plan: str, moment: int | dt.datetime, lang: Lang) -> str:
    """`Plan op #42` / `Plan at 1 Mar 2026 14:30`: a plan as it was."""
    when = f"#{moment}" if isinstance(moment, int) else fmt_moment(moment, lang)
    return _T("plan_at", lang, plan=plan, when=when)


def stored_report(
    store: Store,
    plan: str,
    *,
    at: int | dt.datetime | None,
    lang: Lang | None,
    title: str | None,
    made: dt.datetime,
    compare_with: str | int | dt.datetime | None = None,
    suggest: Search | None = None,
) -> Report:
    """The report of a stored plan, as it is or was `at` a change or moment, compared with
    another plan of the store (`compare_with` its name) or with this plan at a change or
    moment (`compare_with` a number or a moment); with `suggest`, the dates a repair of it
    suggests. Titled `title`, else the school's name and the plan's (planner.exporters.report
    .report_title)."""
    now = check_stored(store.load(plan, at), lang)
    now_label = plan if at is None else moment_label(plan, at, now.lang)
    compared = None
    if compare_with is not None:
        if isinstance(compare_with, str):
            before, before_label = store.load(compare_with), compare_with
        else:
            before = store.load(plan, compare_with)
            before_label = moment_label(plan, compare_with, now.lang)
        compared = comparison(
            check_stored(before, now.lang), now, before_label=before_label, now_label=now_label
        )
    dates = suggested_dates(suggest_stored(store, now, suggest).moves) if suggest else None
    return report_of(
        now,
        title=title or report_title(now.stored.config, now_label),
        made=made,
        compared=compared,
        suggested=dates,
    )
