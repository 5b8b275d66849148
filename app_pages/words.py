"""What several pages show the same way: a severity as icon and word (never colour alone), a
decision's icon, a rule's title, and text from plans and users shown literally in Markdown."""

from __future__ import annotations

import re
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


# A zero-width space: invisible on screen, but a link shape no longer matches across it.
_ZERO_WIDTH = "\u200b"
# Characters that start Markdown (emphasis, code, links and images, HTML, headings, quotes,
# tables, maths, strike-through, entities): each gets a backslash.
_MARKUP = re.compile(r"([\\`*_\[\]<>#|$~&])")
# What makes the start of a line a list item or a heading underline: `- `, `+ `, `=`, `1. `.
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)])(?=\s|$))")
# Shapes Markdown turns into live links or icons without any markup: `http://`, `www.`, an
# e-mail address (`a@b.nl`, also `mailto:`), and Streamlit's `:material/home:` and `:smile:`.
_LINK_SHAPES = (
    (re.compile(r":(?=//)"), ":" + _ZERO_WIDTH),
    (re.compile(r"(?i)(www)(?=\.)"), r"\1" + _ZERO_WIDTH),
    (re.compile(r"@"), "@" + _ZERO_WIDTH),
    (re.compile(r":(?=[\w/+-]+:)"), ":" + _ZERO_WIDTH),
)


def md_escape(text: object) -> str:
    """Text from plans, files and users shown literally in Markdown: every Markdown and HTML
    character escaped, no bare link or e-mail address made live, no Streamlit icon or emoji
    code, and its line breaks (and runs of spaces) one space, so it never starts a block."""
    out = " ".join(str(text).split())
    for shape, broken in _LINK_SHAPES:
        out = shape.sub(broken, out)
    out = _MARKUP.sub(r"\\\1", out)
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", out)


def records(frame: pd.DataFrame) -> list[Any]:
    """Rows as objects with attributes (`row.rule`), typed loosely for the page code."""
    from types import SimpleNamespace

    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]
