"""What a report holds: one checked plan with the team's decisions (and the dates a repair
suggests), and what every export shows of it (key figures, the load grid, worst weeks, open
findings per group and their tests, each teacher's tests, decisions, the load per pupil),
computed once and laid out by the Excel, PDF, iCal and CSV exporters; and its title."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from planner.check import CheckResult, check
from planner.config import SchoolConfig
from planner.decisions import Decision, Review, review
from planner.diff import Comparison
from planner.i18n import Lang, catalogue, check_lang
from planner.model import ImportProblem, Plan, worst_first
from planner.views.actions import finding_tests, kind_names, per_teacher
from planner.views.findings import decisions_taken, open_per_group, worst_weeks
from planner.views.overview import key_figures, week_grid
from planner.views.pupils import weekly_load

DEFAULT_SCHOOL = SchoolConfig().name  # `[school] name` left out: no name to show

# Words every exporter shares (sheet names, headings): one catalogue, Dutch and English.
WORDS = catalogue(
    __name__,
    {
        "report": {"nl": "Toetsplanner: conflictrapport", "en": "Toetsplanner: conflict report"},
        "made": {"nl": "Gemaakt op {when}", "en": "Made on {when}"},
        "summary": {"nl": "Samenvatting", "en": "Summary"},
        "week_title": {"nl": "Toetsweekrooster: {week}", "en": "Test-week timetable: {week}"},
        "by_year": {"nl": "Per jaarlaag", "en": "Per year level"},
        "by_session": {"nl": "Per zitting", "en": "Per session"},
        "findings": {"nl": "Bevindingen", "en": "Findings"},
        "finding_tests": {"nl": "Toetsen per bevinding", "en": "Tests per finding"},
        "per_teacher": {"nl": "Per docent", "en": "Per teacher"},
        "load": {"nl": "Belasting", "en": "Load"},
        "pupils": {"nl": "Leerlingen", "en": "Pupils"},
        "problems": {"nl": "Inleesproblemen", "en": "Import problems"},
        "comparison": {"nl": "Voor en na", "en": "Before and after"},
        "plan": {"nl": "Plan", "en": "Plan"},
        "key_figures": {"nl": "Kerncijfers", "en": "Key figures"},
        "worst_weeks": {"nl": "Zwaarste weken", "en": "Heaviest weeks"},
        "open_per_rule": {"nl": "Open bevindingen per regel", "en": "Open findings per rule"},
        "open_per_group": {"nl": "Open bevindingen per groep", "en": "Open findings per group"},
        "decisions": {"nl": "Genomen besluiten", "en": "Decisions taken"},
        "heatmap": {
            "nl": "Toetsbelasting per groep per week",
            "en": "Test load per group per week",
        },
        "moved": {"nl": "Verplaatste toetsen", "en": "Tests moved"},
        "changed": {"nl": "Gewijzigde toetsen", "en": "Tests changed"},
        "added": {"nl": "Toegevoegde toetsen", "en": "Tests added"},
        "removed": {"nl": "Verwijderde toetsen", "en": "Tests removed"},
        "resolved": {"nl": "Opgeloste bevindingen", "en": "Findings resolved"},
        "new": {"nl": "Nieuwe bevindingen", "en": "New findings"},
        "none": {"nl": "Geen.", "en": "None."},
        # key figures
        "assessments": {"nl": "Toetsen en huiswerk", "en": "Tests and homework"},
        "tests": {"nl": "Toetsen", "en": "Tests"},
        "homework": {"nl": "Huiswerk", "en": "Homework"},
        "groups": {"nl": "Groepen", "en": "Groups"},
        "errors": {"nl": "Fouten", "en": "Errors"},
        "warnings": {"nl": "Waarschuwingen", "en": "Warnings"},
        "infos": {"nl": "Info", "en": "Info"},
        "open_errors": {"nl": "Open fouten", "en": "Open errors"},
        "accepted": {"nl": "Geaccepteerd", "en": "Accepted"},
        "worst_week": {"nl": "Zwaarste week", "en": "Heaviest week"},
        # severities and decisions
        "error": {"nl": "fout", "en": "error"},
        "warning": {"nl": "waarschuwing", "en": "warning"},
        "info": {"nl": "info", "en": "info"},
        "todo": {"nl": "te doen", "en": "to do"},
    },
)


def word(key: str, lang: Lang, **values: Any) -> str:
    return WORDS(key, lang, **values)


@dataclasses.dataclass(frozen=True)
class Report:
    """One checked plan, ready to export. `made` is when the report was made (a parameter:
    the core never reads the clock); `comparison` is set for a before/after report;
    `suggested` holds the new date a repair suggests per test id (planner.suggest), if any."""

    title: str
    plan: Plan
    config: SchoolConfig
    members: pd.DataFrame | None
    result: CheckResult
    review: Review
    lang: Lang
    made: dt.datetime
    comparison: Comparison | None = None
    suggested: Mapping[str, dt.date] = dataclasses.field(default_factory=dict)

    @property
    def findings(self) -> pd.DataFrame:
        """The findings with the team's decisions (`decision`, `note`, `decided_by`,
        `decided_at`), in the check's order."""
        return self.review.frame

    @property
    def problems(self) -> list[ImportProblem]:
        return list(self.result.problems)

    @functools.cached_property
    def grid(self) -> pd.DataFrame:
        """Load per group per week (see planner.views.overview.week_grid)."""
        return week_grid(self.plan, self.config, self.findings)

    @functools.cached_property
    def figures(self) -> dict[str, Any]:
        """Key figures: assessments, tests, homework, groups, pupils, errors, warnings, infos,
        worst_week, plus open_errors and accepted (the team's decisions)."""
        figures = key_figures(self.plan, self.result, self.grid)
        return {**figures, "open_errors": self.review.open_errors, "accepted": self.review.accepted}

    @functools.cached_property
    def worst_weeks(self) -> pd.DataFrame:
        """The ten weeks with the most errors, then warnings, groups' findings only."""
        return worst_weeks(self.findings, top=10)

    @functools.cached_property
    def open_per_group(self) -> pd.DataFrame:
        """Findings not accepted, per group (groups' findings only)."""
        return open_per_group(self.findings)

    @functools.cached_property
    def open_per_rule(self) -> pd.DataFrame:
        """Findings not accepted, per rule and severity: rule, severity, findings."""
        frame = self.findings
        open_ = frame[frame["decision"] != "accepted"]
        counts = open_.groupby(["rule", "severity"], as_index=False).size()
        counts = counts.rename(columns={"size": "findings"})
        return (
            counts.assign(_rank=worst_first(counts["severity"]))
            .sort_values(["_rank", "rule"])
            .drop(columns="_rank")
            .reset_index(drop=True)
        )

    @functools.cached_property
    def finding_tests(self) -> pd.DataFrame:
        """Each open finding's tests (planner.views.actions.finding_tests), kinds as the school
        names them."""
        kinds = kind_names(self.config.kinds)
        return finding_tests(self.findings, self.plan.assessments, kinds)

    @functools.cached_property
    def per_teacher(self) -> pd.DataFrame:
        """Each teacher's tests in open errors and warnings, with the suggested date."""
        return per_teacher(self.finding_tests, self.suggested)

    @functools.cached_property
    def decisions(self) -> pd.DataFrame:
        """Decisions taken, also those that lapsed (see planner.views.findings)."""
        return decisions_taken(self.review)

    @functools.cached_property
    def pupil_weeks(self) -> pd.DataFrame | None:
        """Load per pseudonymous pupil per week (pupil, week, monday, load, tests, limit, over),
        or None without memberships."""
        if self.members is None:
            return None
        return weekly_load(self.plan, self.config, self.members)

    @functools.cached_property
    def pupil_summary(self) -> pd.DataFrame | None:
        """One row per pseudonymous pupil: groups, tests, limit, mean and heaviest weekly load
        (`peak`, in week `peak_monday`), weeks over the limit, and the errors and warnings
        about the pupil; heaviest first. None without memberships."""
        weekly = self.pupil_weeks
        if weekly is None or self.members is None:
            return None
        weekly = weekly.astype({"pupil": "str"})
        ordered = weekly.sort_values(["pupil", "load", "monday"], ascending=[True, False, True])
        peaks = ordered.drop_duplicates("pupil").set_index("pupil")
        per = weekly.groupby("pupil").agg(
            tests=("tests", "sum"), mean=("load", "mean"), weeks_over=("over", "sum")
        )
        groups = (
            self.members.astype({"pupil": "str", "group": "str"})
            .sort_values("group")
            .groupby("pupil")["group"]
            .agg(", ".join)
        )
        found = self.findings[self.findings["pupil"].notna()]
        counts = (
            found.assign(pupil=found["pupil"].astype("str"))
            .pivot_table(index="pupil", columns="severity", values="rule", aggfunc="size")
            .reindex(columns=["error", "warning"])
            .fillna(0)
            .astype("int64")
        )
        out = per.join(
            peaks[["load", "monday", "limit"]].rename(
                columns={"load": "peak", "monday": "peak_monday"}
            )
        )
        out = out.join(groups.rename("groups")).join(
            counts.rename(columns={"error": "errors", "warning": "warnings"})
        )
        out[["errors", "warnings"]] = out[["errors", "warnings"]].fillna(0).astype("int64")
        out = out.reset_index().sort_values(
            ["weeks_over", "peak", "pupil"], ascending=[False, False, True], kind="stable"
        )
        columns = ["pupil", "groups", "tests", "limit", "mean", "peak", "peak_monday"]
        return out[[*columns, "weeks_over", "errors", "warnings"]].reset_index(drop=True)


def make_report(
    plan: Plan,
    config: SchoolConfig,
    *,
    title: str,
    made: dt.datetime,
    members: pd.DataFrame | None = None,
    decisions: Sequence[Decision] = (),
    lang: Lang | None = None,
    result: CheckResult | None = None,
    comparison: Comparison | None = None,
    suggested: Mapping[str, dt.date] | None = None,
) -> Report:
    """Check the plan (unless its `result` in this language is given) and gather the report;
    `suggested`: test id -> the date a repair suggests (the per-teacher lists show it)."""
    language = check_lang(lang or config.language)
    config = config.in_language(language)
    if result is None:
        result = check(plan, config, members=members, lang=language)
    reviewed = review(result.frame, list(decisions), plan.assessments)
    return Report(
        title=title,
        plan=plan,
        config=config,
        members=members,
        result=result,
        review=reviewed,
        lang=language,
        made=made,
        comparison=comparison,
        suggested=dict(suggested or {}),
    )


def report_title(config: SchoolConfig, plan: str | None, *, files: str = "") -> str:
    """`Voorbeeldcollege · 2025-2026`: the school's name and the plan's. A plan whose name holds
    the school's already is named alone; without a plan name (a report of files) the school
    alone; without a school name (no school.toml) the plan's, else the files' names."""
    school = config.name.strip()
    if school == DEFAULT_SCHOOL:
        school = ""
    plan = (plan or "").strip()
    if school and plan and school.casefold() not in plan.casefold():
        return f"{school} · {plan}"
    return plan or school or files or word("report", config.lang)


def severity_word(severity: str, lang: Lang) -> str:
    return word(severity, lang) if severity in WORDS else severity


def decision_word(decision: str, lang: Lang) -> str:
    """`accepted` / `todo` / '' in the report's language."""
    words: Mapping[str, str] = {
        "accepted": word("accepted", lang).lower(),
        "todo": word("todo", lang),
    }
    return words.get(decision, decision)
