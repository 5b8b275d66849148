"""The suggestions in words: why a move is made, and why an error was left as it is."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import pandas as pd

from planner.diff import unmatched_findings
from planner.i18n import Lang, catalogue, fmt_date, fmt_num
from planner.model import SEVERITY_RANKS
from planner.rules import REGISTRY
from planner.suggest.closed import Cause, breaks_alone, causes, fixed, span
from planner.suggest.model import Model
from planner.suggest.moves import Move

_TEXT = catalogue(
    __name__,
    {
        "moves": {
            "nl": "verplaatst {what} van {before} naar {after}",
            "en": "moves {what} from {before} to {after}",
        },
        "removes": {"nl": "haalt weg: {found}", "en": "removes: {found}"},
        "more": {"nl": " (en nog {n})", "en": " (and {n} more)"},
        "no_new": {"nl": "geen nieuwe bevinding", "en": "no new finding"},
        "new": {"nl": "nieuw: {found}", "en": "new: {found}"},
        "locked": {"nl": "de toetsen zijn vastgezet", "en": "the tests are locked"},
        "no_day": {
            "nl": "geen lesdag voor {what} in {span} buiten vakanties, toetsweken en rustperiodes",
            "en": "no lesson day for {what} in {span} outside holidays, test weeks and quiet "
            "periods",
        },
        "past": {
            "nl": "{what} is al geweest of is vandaag",
            "en": "{what} is today or already past",
        },
        "closed": {
            "nl": "geen schooldag voor {what} in {span} {where}",
            "en": "no school day for {what} in {span} {where}",
        },
        "day_load": {
            "nl": "waar {who} binnen een toetslast van {limit} per dag blijft",
            "en": "where {who} stays within a test load of {limit} a day",
        },
        "day_heavy": {
            "nl": "waar {who} binnen {limit} zware toets(en) per dag blijft",
            "en": "where {who} stays within {limit} heavy test(s) a day",
        },
        "week_load": {
            "nl": "waar {who} binnen een toetslast van {limit} per week blijft",
            "en": "where {who} stays within a test load of {limit} a week",
        },
        "tw_load": {
            "nl": "waar {who} binnen {limit} toetsen per toetsweekdag blijft",
            "en": "where {who} stays within {limit} tests a test-week day",
        },
        "same_week": {"nl": "buiten de eigen week", "en": "outside its own week"},
        "subject": {
            "nl": "zonder een tweede toets {limit} op die dag",
            "en": "without a second {limit} test that day",
        },
        "rule": {"nl": "zonder fout voor '{limit}'", "en": "without an error for '{limit}'"},
        "stuck": {
            "nl": "de toetsen die niet kunnen verschuiven zijn samen al te veel: {tests}",
            "en": "the tests that cannot move are too many by themselves: {tests}",
        },
        "pupils_in": {"nl": "leerlingen in {groups}", "en": "pupils in {groups}"},
        "as_is": {
            "nl": " (met de rest van het plan zoals het nu is)",
            "en": " (with the rest of the plan as it is now)",
        },
        "no_better": {
            "nl": "de zoektocht vond geen verplaatsing die per saldo helpt: elke dag in het "
            "venster geeft een nieuwe fout of meer waarschuwingen (voor leerlingen) dan ze "
            "oplost",
            "en": "the search found no move that helps on balance: every day in the window adds "
            "an error, or more warnings (for pupils) than it solves",
        },
        "not_a_move": {
            "nl": "niet op te lossen door een toets te verplaatsen",
            "en": "cannot be solved by moving a test",
        },
    },
)


def _t(key: str, lang: Lang, **values: Any) -> str:
    return _TEXT(key, lang, **values)


def _what(move: Move) -> str:
    return f"{move.subject} {move.group}"


def with_reasons(
    moves: list[Move], before: pd.DataFrame, after: pd.DataFrame, lang: Lang
) -> list[Move]:
    gone, came = unmatched_findings(before, after)
    resolved, new = _by_test(before[gone]), _by_test(after[came])
    out = []
    for move in moves:
        parts = [
            _t(
                "moves", lang, what=_what(move), before=fmt_date(move.before, lang),
                after=fmt_date(move.after, lang),
            )
        ]  # fmt: skip
        if move.id in resolved:
            parts.append(_t("removes", lang, found=_first(resolved[move.id], lang)))
        if move.id in new:
            parts.append(_t("new", lang, found=_first(new[move.id], lang)))
        else:
            parts.append(_t("no_new", lang))
        out.append(dataclasses.replace(move, reason="; ".join(parts)))
    return out


def _by_test(found: pd.DataFrame) -> dict[str, list[tuple[int, bool, str]]]:
    """Per test id the findings it is in: (severity rank, about a pupil, message)."""
    out: dict[str, list[tuple[int, bool, str]]] = {}
    for severity, pupil, message, tests in zip(
        found["severity"], found["pupil"], found["message"], found["assessments"], strict=True
    ):
        item = (-SEVERITY_RANKS.get(str(severity), -1), isinstance(pupil, str), str(message))
        for test in tests:
            out.setdefault(str(test), []).append(item)
    return out


def _first(found: list[tuple[int, bool, str]], lang: Lang) -> str:
    """The most serious finding's message (a group's before a pupil's), and how many more."""
    text = min(found)[2]
    more = len(found) - 1
    return text + (_t("more", lang, n=more) if more else "")


Why = tuple[int, str]  # (row of the findings after the repair, why it is still there)


def explain(model: Model, after: pd.DataFrame, lang: Lang) -> tuple[list[Why], list[Why]]:
    """The errors left: those no move can repair (proven: every test of the error is locked,
    has no day to go to, or only days closed by what can never move) and those the search did
    not solve, each with its cause."""
    index = {test: i for i, test in enumerate(model.ids)}
    alone: list[Model] = []  # fixed(model), made when first needed
    proofs: dict[int, list[Cause | None]] = {}
    now: dict[int, list[Cause | None]] = {}
    unrepairable: list[Why] = []
    left: list[Why] = []
    errors = after[after["severity"] == "error"]
    g_index = {g: n for n, g in enumerate(model.groups)}
    for row, rule, group, pupil, tests in zip(
        errors.index, errors["rule"], errors["group"], errors["pupil"], errors["assessments"],
        strict=True,
    ):  # fmt: skip
        mine = [index[t] for t in tests if t in index]
        movable = [i for i in mine if model.movable[i]]
        stuck = [i for i in mine if not model.movable[i]]
        g = g_index.get(str(group), -1) if not isinstance(pupil, str) else -1
        at = int(model.position[stuck[0]]) if stuck else -1
        if not mine:
            unrepairable.append((int(row), _t("not_a_move", lang)))
            continue
        if all(model.locked[i] for i in mine):
            unrepairable.append((int(row), _t("locked", lang)))
            continue
        if not movable:
            i = next(i for i in mine if not model.locked[i])
            unrepairable.append((int(row), _nowhere(model, i, lang)))
            continue
        if not alone:
            alone.append(fixed(model))
        if at >= 0 and g >= 0 and breaks_alone(alone[0], str(rule), g, at):
            names = ", ".join(_what_test(model, i) for i in stuck)
            unrepairable.append((int(row), _t("stuck", lang, tests=names)))
            continue
        closed = _closed_days(model, alone[0], proofs, movable, str(rule))
        if all(c is not None for c in closed):
            unrepairable.append((int(row), _closed(model, movable[0], closed, lang)))
            continue
        closed = _closed_days(model, model, now, movable, str(rule))
        if all(c is not None for c in closed):
            why = _closed(model, movable[0], closed, lang) + _t("as_is", lang)
        else:
            why = _t("no_better", lang)
        left.append((int(row), why))
    return unrepairable, left


def _for_rule(model: Model, i: int, found: list[Cause | None], rule: str) -> list[Cause | None]:
    """The causes of test i's candidate days for an error of `rule`: a week's error does not
    go away by a move within the week."""
    if rule != "tests-per-week" or model.position[i] < 0:
        return found
    week = model.week_of[int(model.position[i])]
    same = model.week_of[model.candidates[i]] == week
    g = int(model.group[i])
    return [("same_week", g, "") if s else c for c, s in zip(found, same.tolist(), strict=True)]


def _closed_days(
    model: Model,
    state: Model,
    cache: dict[int, list[Cause | None]],
    movable: list[int],
    rule: str,
) -> list[Cause | None]:
    """Why each candidate day of the movable tests of an error of `rule` is closed in `state`
    (the model as it is, or only what can never move), None for an open day; per test once."""
    for i in movable:
        if i not in cache:
            cache[i] = causes(state, i)
    return [c for i in movable for c in _for_rule(model, i, cache[i], rule)]


def _what_test(model: Model, i: int) -> str:
    return f"{model.subject_name[i]} {model.groups[int(model.group[i])]}"


def _span(model: Model, i: int, lang: Lang) -> str:
    found = span(model, i)
    if found is None:
        return ""
    first, last = (fmt_date(d.date(), lang) for d in found)
    return first if first == last else f"{first} – {last}"


def _nowhere(model: Model, i: int, lang: Lang) -> str:
    """Why test i has no day at all to go to."""
    if span(model, i) is None:
        return _t("past", lang, what=_what_test(model, i))
    return _t("no_day", lang, what=_what_test(model, i), span=_span(model, i, lang))


def _closed(model: Model, i: int, causes: list[Cause | None], lang: Lang) -> str:
    """`no school day for X in <span> where <the most common cause>`."""
    (what, entity, limit), _ = Counter(c for c in causes if c is not None).most_common(1)[0]
    if entity < len(model.groups):
        who = model.groups[entity]
    else:
        groups = model.combos[entity - len(model.groups)]
        who = _t("pupils_in", lang, groups=" + ".join(model.groups[g] for g in groups))
    if what == "rule":
        limit = str(REGISTRY[limit].title[lang]) if limit in REGISTRY else limit
    elif what not in ("subject", "same_week"):
        limit = fmt_num(float(limit), lang)
    where = _t(what, lang, who=who, limit=limit)
    return _t("closed", lang, what=_what_test(model, i), span=_span(model, i, lang), where=where)
