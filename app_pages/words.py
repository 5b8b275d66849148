"""What several pages show the same way: a severity as icon and word (never colour alone), a
decision's icon, a rule's title, and text from plans and users shown literally in Markdown."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import Lang, catalogue
from planner.rules import REGISTRY
from planner.style import SEVERITY_ICONS

SEVERITY_WORDS = catalogue(
    "app_pages.words",
    {
        "error": {"nl": "Fout", "en": "Error"},
        "warning": {"nl": "Waarschuwing", "en": "Warning"},
        "info": {"nl": "Info", "en": "Info"},
    },
)


def severity_label(severity: str, lang: Lang) -> str:
    words = SEVERITY_WORDS.get(severity)
    return f"{SEVERITY_ICONS.get(severity, '•')} {words[lang] if words else severity}"


def rule_title(rule: str, lang: Lang) -> str:
    found = REGISTRY.get(rule)
    return found.title[lang] if found is not None else rule


def plain(text: str) -> str:
    """Text from plans and users shown literally in Markdown (no links, emphasis or formulas)."""
    out = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>#|$~":
        out = out.replace(ch, "\\" + ch)
    return out


def records(frame: pd.DataFrame) -> list[Any]:
    """Rows as objects with attributes (`row.rule`), typed loosely for the page code."""
    from types import SimpleNamespace

    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]
