"""The mechanism: languages, and `Catalogue`s of words registered by the module that owns them."""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from typing import Any, Literal

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")


class Catalogue(Mapping[str, Mapping[Lang, str]]):
    """A module's words: per key the Dutch and the English text, with the same `{placeholders}`.
    `catalogue(key, lang, **values)` is the text, formatted; `catalogue[key][lang]` the raw text.
    """

    __slots__ = ("_entries", "owner")

    def __init__(self, owner: str, entries: Mapping[str, Mapping[Any, str]]) -> None:
        for key, texts in entries.items():
            problem = _entry_problem(texts)
            if problem:
                raise ValueError(f"catalogue {owner}, key {key!r}: {problem}")
        self.owner = owner
        self._entries: dict[str, Mapping[Lang, str]] = dict(entries)

    def __getitem__(self, key: str) -> Mapping[Lang, str]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __call__(self, key: str, lang: str, **values: object) -> str:
        text = self._entries[key]["en" if lang == "en" else "nl"]
        return text.format(**values) if values else text


# Every catalogue by its owner (a module's dotted name, or `module.part` for a second one).
CATALOGUES: dict[str, Catalogue] = {}


def catalogue(owner: str, entries: Mapping[str, Mapping[Any, str]]) -> Catalogue:
    """The owner's catalogue, registered. Made again under the same owner (a Streamlit page
    runs again on every rerun), it replaces the earlier one."""
    made = Catalogue(owner, entries)
    CATALOGUES[owner] = made
    return made


def placeholders(text: str) -> set[str]:
    """The `{names}` a text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _entry_problem(texts: Mapping[str, str]) -> str | None:
    if set(texts) != set(LANGUAGES):
        return f"languages {sorted(texts)}, not {list(LANGUAGES)}"
    if not all(isinstance(t, str) for t in texts.values()):
        return "a text that is not a string"
    if placeholders(texts["nl"]) != placeholders(texts["en"]):
        return f"placeholders differ: {texts['nl']!r} / {texts['en']!r}"
    return None


def word_lists(words: Catalogue, key: str) -> dict[Lang, tuple[str, ...]]:
    """An entry that lists words, separated by spaces, as a tuple of words per language."""
    return {lang: tuple(words[key][lang].split()) for lang in LANGUAGES}


def check_lang(lang: str) -> Lang:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang
