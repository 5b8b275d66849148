"""The suggestions in words: why a move is made, and why an error was left as it is."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from planner.diff import unmatched_findings
from planner.i18n import Lang, catalogue, fmt_date
from planner.model import SEVERITY_RANKS
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
            "nl": "geen vrije dag voor {what} in de week ervan en de volgende",
            "en": "no free day for {what} in its week and the next",
        },
        "no_better": {
            "nl": "elke mogelijke verschuiving geeft een nieuwe fout",
            "en": "every possible move makes a new error",
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


def explain(model: Model, after: pd.DataFrame, lang: Lang) -> list[tuple[int, str]]:
    """Why each error left over was not repaired."""
    index = {test: i for i, test in enumerate(model.ids)}
    out = []
    errors = after[after["severity"] == "error"]
    for row, tests in zip(errors.index, errors["assessments"], strict=True):
        mine = [index[t] for t in tests if t in index]
        if not mine:
            out.append((int(row), _t("not_a_move", lang)))
        elif all(model.locked[i] for i in mine):
            out.append((int(row), _t("locked", lang)))
        elif all(len(model.candidates[i]) == 0 for i in mine):
            i = mine[0]
            what = f"{model.subject[i]} {model.groups[int(model.group[i])]}"
            out.append((int(row), _t("no_day", lang, what=what)))
        else:
            out.append((int(row), _t("no_better", lang)))
    return out
