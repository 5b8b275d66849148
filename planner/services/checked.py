"""A stored plan with its check and the team's decisions: made in full, kept current cheaply
(refresh the rows that changed, re-check the groups that changed), and a draft's check."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection

import pandas as pd

from planner.check import CheckResult, check, recheck
from planner.decisions import Review, review
from planner.i18n import Lang
from planner.model import Plan
from planner.storage import Store, StoredPlan


@dataclasses.dataclass(frozen=True)
class Checked:
    """A plan as stored at one change, its check in one language, and the team's decisions on
    its findings. Immutable: sessions that open the same plan at the same change share one."""

    stored: StoredPlan
    result: CheckResult
    review: Review
    lang: Lang

    @property
    def name(self) -> str:
        return self.stored.name

    @property
    def plan(self) -> Plan:
        return self.stored.plan

    def finding(self, rule: str, group: str, pupil: str | None, start: dt.date) -> pd.Series | None:
        """The finding of `rule` for the group (or pupil) starting on `start`, if there is one."""
        frame = self.result.frame
        pupils = frame["pupil"].where(frame["pupil"].notna(), "")
        match = frame[
            (frame["rule"] == rule)
            & (frame["group"] == group)
            & (pupils == (pupil or ""))
            & (frame["start"] == pd.Timestamp(start))
        ]
        return None if match.empty else match.iloc[0]


def check_stored(stored: StoredPlan, lang: str | None = None) -> Checked:
    """The full check of a stored plan, in `lang` (else the plan's own language), with the
    team's decisions on its findings."""
    config = stored.config.in_language(lang)
    result = check(stored.plan, config, members=stored.members, lang=config.lang)
    return _with_review(stored, result, config.lang)


def open_checked(
    store: Store, plan: str, change: int | dt.datetime | None, lang: str | None
) -> Checked:
    """A plan as it was at a change or moment (None: as it is now), checked in full."""
    return check_stored(store.load(plan, at=change), lang)


# How a front door opens a plan in full: `open_checked`, or a cached version of it.
Opener = Callable[[str, int, Lang], Checked]


def follow(
    store: Store, plan: str, previous: Checked | None, lang: Lang, opened: Opener
) -> Checked:
    """The plan as it is now, from what was shown last (`previous`, None the first time).

    Reads only the rows that changed since `previous` and re-checks only the groups they touch
    (the result equals a full check); a new config, new memberships or another language check
    again in full. A plan not shown before is opened with `opened(plan, change, lang)`, which
    may share one check among sessions."""
    if previous is None or previous.name != plan:
        return opened(plan, store.latest_change(plan), lang)
    stored = store.refresh(previous.stored)
    if previous.lang != lang:
        return check_stored(stored, lang)
    if stored is previous.stored:
        return previous
    if stored.config_toml != previous.stored.config_toml or (
        stored.members is not previous.stored.members
    ):
        return check_stored(stored, lang)
    result = recheck(
        previous.result,
        previous.stored.plan,
        stored.plan,
        stored.config,
        members=stored.members,
        lang=lang,
    )
    return _with_review(stored, result, lang)


def check_draft(
    current: Checked,
    draft: Plan,
    within: Collection[str],
    *,
    base: tuple[Plan, CheckResult] | None = None,
) -> CheckResult:
    """The check of a draft of `current` (the stored plan with a user's edits not saved yet).

    `within` are the groups where the draft differs from `base` (by default the stored plan
    and its check; an earlier draft of it and that draft's check, so that only the groups of
    the latest edit are checked again)."""
    base_plan, base_result = base or (current.stored.plan, current.result)
    return recheck(
        base_result,
        base_plan,
        draft,
        current.stored.config,
        members=current.stored.members,
        lang=current.lang,
        within=within,
    )


def _with_review(stored: StoredPlan, result: CheckResult, lang: Lang) -> Checked:
    return Checked(
        stored, result, review(result.frame, stored.decisions, stored.plan.assessments), lang
    )
