"""iCalendar occurrences as assessment cells: kind, groups, subject and title from their text.

Never guessed; first match wins (the `[import.ical]` settings of school.toml adapt it):

- kind: a CATEGORIES value that is a kind alias (`PW`, `SO`, ...) or one of `kind_words`; a
  `Soort:` line in DESCRIPTION; such a word as a whole word in SUMMARY (`wiskunde proefwerk`);
  a DESCRIPTION line labelled with it (`Proefwerk: hoofdstuk 3`, `Toets:`), whose text is the
  title when SUMMARY has none after a separator.
- group: a `Klas:`/`Groep:` line in DESCRIPTION; group names in SUMMARY (its part before the
  first `:`, ` - `, `(` or `|`, else the rest), LOCATION or DESCRIPTION; the calendar's name
  (X-WR-CALNAME `Toetsen 2A`) unless `group_from_calendar_name = false`. A group name is one
  of `planner.vocabulary` (`2A`, `1E`, `4H1`, `4havo`, `4h.wisB`, `5v.n&t2`, `H5a`), or what
  `group_pattern` matches (school.toml's patterns run on RE2: planner/patterns.py).
- subject: a `Vak:`/`Subject:` line in DESCRIPTION; the first group of `subject_pattern` on
  SUMMARY; else the leading words of SUMMARY without its groups, up to the kind word, a
  separator (`:`, ` - `, `(`, ...) or a word with a digit (`wiskunde B PW: H3` -> wiskunde B).
  A kind word after nothing but brackets or punctuation comes first (`[SO] H4a wisA: H3` ->
  wisA, `(PW) 2A wiskunde: H3` -> wiskunde), and a separator counts only after a letter or
  digit; brackets around words and punctuation around the subject are not part of it. A
  subject without a letter is none.
- title: the SUMMARY (without its groups) after its first separator, else the whole SUMMARY.
- other `Key: value` lines in DESCRIPTION with a column name (Docent, Lesuur, Minuten,
  Aangekondigd, ... or a name from `[import] columns`) fill that column; other lines are notes.

An event without a kind, group or subject is reported as an ImportProblem.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

from planner.config import SchoolConfig
from planner.i18n import problem
from planner.importers.ical.expand import Occurrence
from planner.model import canonical_column
from planner.patterns import Match, compile_pattern
from planner.vocabulary import GROUP_SEPARATOR, group_names_in, whole_words

# Where the subject part of a SUMMARY ends and the title begins.
_SEPARATOR = re.compile(r"\s*(?::|\s[-–—]\s|\(|\||;|,)\s*")
# Where the part of a SUMMARY that names its groups ends (`2A, 2B wiskunde PW: H3`).
_GROUP_PART_END = re.compile(r":|\s[-–—]\s|\(|\|")
_KEY_LINE = re.compile(r"^\s*([^:\n]{1,30}?)\s*:\s*(.*?)\s*$")
# Columns an event's DESCRIPTION may fill with a `Key: value` line (dates and times come from
# the event itself), in the order of the cells `Classifier.classify` gives.
DESCRIPTION_COLUMNS = (
    "group",
    "subject",
    "kind",
    "title",
    "teacher",
    "notes",
    "period",
    "weight",
    "minutes",
    "announced",
    "locked",
)


class Classifier:
    """Turns an occurrence's text into raw cells, or names the column it cannot fill."""

    def __init__(self, config: SchoolConfig, calendar_name: str) -> None:
        settings = config.imports.ical
        self.lookup = config.kind_lookup()
        for word, kind in settings.kind_words.items():
            if word.strip():
                self.lookup[word.strip().casefold()] = kind
        self.kind_word = whole_words(self.lookup)
        # the school's own patterns run on RE2: no pattern can make an import backtrack
        self.group_pattern = (
            compile_pattern(settings.group_pattern) if settings.group_pattern else None
        )
        self.subject_pattern = (
            compile_pattern(settings.subject_pattern) if settings.subject_pattern else None
        )
        self.use_calendar_name = settings.group_from_calendar_name
        self.calendar_groups = (
            [name for name, _ in self.groups_in(calendar_name)] if self.use_calendar_name else []
        )
        self.columns: Mapping[str, str] = config.imports.columns
        self.cache: dict[tuple[str, str, str, tuple[str, ...]], tuple[str, ...] | str] = {}

    def classify(self, occurrence: Occurrence) -> tuple[str, ...] | str:
        """The cells of `DESCRIPTION_COLUMNS`, or the column that cannot be filled."""
        key = (
            occurrence.summary,
            occurrence.description,
            occurrence.location,
            occurrence.categories,
        )
        found = self.cache.get(key)
        if found is None:
            found = self._classify(*key)
            self.cache[key] = found
        return found

    def _classify(
        self, summary: str, description: str, location: str, categories: tuple[str, ...]
    ) -> tuple[str, ...] | str:
        keyed, other_lines = self.key_lines(description)
        kind = self.kind_of(categories, keyed, summary)
        line = labelled = ""
        if kind is None:
            # `Proefwerk: hoofdstuk 3`: a school system's or a teacher's own label line
            kind, line, labelled = self.kind_label(other_lines)
            if kind is None:
                return "kind"
        groups, spans = self.groups_of(keyed, summary, location, description)
        if not groups:
            return "group"
        rest = _without(summary, spans)
        subject, title = self.subject_and_title(rest)
        if self.subject_pattern is not None:
            match = self.subject_pattern.search(summary)
            subject = _first_group(match).strip() if match else ""
        # `Vak: -` or a SUMMARY of only a kind and groups (`[SO] 2A :`) names no subject.
        subject = next((s for s in (keyed.get("subject", ""), subject) if _has_letter(s)), "")
        if not subject:
            return "subject"
        title = keyed.get("title") or title
        if labelled and not title:  # the label line's text is the title, not a note as well
            title = labelled
            other_lines.remove(line)
        notes = [keyed["notes"]] if keyed.get("notes") else []
        cells = {
            **keyed,
            "group": ", ".join(groups),
            "subject": subject,
            "kind": kind,
            "title": title or summary,
            "notes": "; ".join(notes + other_lines),
        }
        return tuple(cells.get(column, "") for column in DESCRIPTION_COLUMNS)

    def missing_message(self, column: str, lang: str) -> str:
        if column == "group" and self.group_pattern is not None:
            return problem("ical_no_group_pattern", lang, pattern=self.group_pattern.pattern)
        if column == "group" and not self.use_calendar_name:
            return problem("ical_no_group_in_event", lang)
        if column == "subject" and self.subject_pattern is not None:
            return problem("ical_no_subject_pattern", lang, pattern=self.subject_pattern.pattern)
        return problem(_MISSING[column], lang)

    def kind_of(
        self, categories: tuple[str, ...], keyed: dict[str, str], summary: str
    ) -> str | None:
        for category in categories:
            kind = self.lookup.get(category.casefold())
            if kind is not None:
                return kind
        kind = self.lookup.get(keyed.get("kind", "").strip().casefold())
        if kind is not None:
            return kind
        match = self.kind_word.search(summary)
        return self.lookup[match.group(0).casefold()] if match else None

    def kind_label(self, lines: list[str]) -> tuple[str | None, str, str]:
        """The kind of the first `Kind: text` line whose label is a kind, the line, its text."""
        for line in lines:
            match = _KEY_LINE.match(line)
            if match is not None and match.group(1).casefold() in self.lookup:
                return self.lookup[match.group(1).casefold()], line, match.group(2)
        return None, "", ""

    def groups_of(
        self, keyed: dict[str, str], summary: str, location: str, description: str
    ) -> tuple[list[str], list[tuple[int, int]]]:
        """The groups, and where SUMMARY names them (to leave them out of subject and title)."""
        if keyed.get("group"):
            return [g for g in GROUP_SEPARATOR.split(keyed["group"].strip()) if g], []
        # Groups named before the first separator of SUMMARY, else after it: a title such as
        # `H3 §2a, 3b` after the colon names no groups when the part before it does.
        cut, _ = _first_separator(_GROUP_PART_END, summary)
        for offset, text in ((0, summary[:cut]), (cut, summary[cut:])):
            found = self.groups_in(text)
            if found:
                names = [name for name, _ in found]
                return names, [(a + offset, b + offset) for _, (a, b) in found]
        for text in (location, description):
            found = self.groups_in(text)
            if found:
                return [name for name, _ in found], []
        return list(self.calendar_groups), []

    def groups_in(self, text: str) -> list[tuple[str, tuple[int, int]]]:
        """Group names in a text, each once, with where they stand."""
        if not text:
            return []
        if self.group_pattern is None:
            return group_names_in(text)
        groups: list[tuple[str, tuple[int, int]]] = []
        names: set[str] = set()
        for match in self.group_pattern.finditer(text):
            index = 1 if match.re.groups else 0
            name = (match.group(index) or "").strip()
            if name and name not in names:
                names.add(name)
                groups.append((name, match.span(index)))
        return groups

    def subject_and_title(self, summary: str) -> tuple[str, str]:
        """The leading words of SUMMARY, and what follows its first separator."""
        start, end = _first_separator(_SEPARATOR, summary)
        head, tail = summary[:start], summary[end:]
        subject = self.leading_words(head)
        if not subject and tail and self.kind_word.fullmatch(_strip(head, _is_punctuation)):
            # `PW: wiskunde H3`, `[PW]: wiskunde H3`: the kind comes first, the subject after
            # the separator.
            subject = self.leading_words(tail[: _first_separator(_SEPARATOR, tail)[0]])
        return subject, tail

    def leading_words(self, text: str) -> str:
        match = self.kind_word.search(text)
        if match is not None:
            # After nothing but brackets or punctuation (`[SO] wisA`), the kind comes first.
            before = text[: match.start()]
            text = before if _has_word(before) else text[match.end() :]
            again = self.kind_word.search(text)
            if again is not None:
                text = text[: again.start()]
        words = []
        for word in text.split():
            if any(ch.isdigit() for ch in word):
                break
            words.append(_strip(word, _is_bracket))
        return _strip(" ".join(words), _is_punctuation)

    def key_lines(self, description: str) -> tuple[dict[str, str], list[str]]:
        """`Vak: wiskunde`-style lines mapped to columns, and the other lines (the notes)."""
        keyed: dict[str, str] = {}
        notes: list[str] = []
        if not description:
            return keyed, notes
        for line in description.splitlines():
            if not line.strip():
                continue
            match = _KEY_LINE.match(line)
            column = ""
            if match:
                label = match.group(1)
                column = self.columns.get(label.casefold()) or canonical_column(label)
            if match and column in DESCRIPTION_COLUMNS and column not in keyed:
                keyed[column] = match.group(2)
            else:
                notes.append(line.strip())
        return keyed, notes


_MISSING = {"kind": "event_no_kind", "group": "event_no_group", "subject": "event_no_subject"}


def _first_separator(separator: re.Pattern[str], text: str) -> tuple[int, int]:
    """Where the first `separator` after a letter or digit of `text` starts and ends, else
    (len, len): the `(` of `(PW) 2A wiskunde: H3` is a bracket, not a separator."""
    for match in separator.finditer(text):
        if _has_word(text[: match.start()]):
            return match.span()
    return len(text), len(text)


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_bracket(ch: str) -> bool:
    return unicodedata.category(ch) in ("Ps", "Pe")


def _strip(text: str, around: Callable[[str], bool]) -> str:
    """`text` without the characters `around` it (`] wisA` -> `wisA` for punctuation)."""
    start, end = 0, len(text)
    while start < end and around(text[start]):
        start += 1
    while end > start and around(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_punctuation(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _first_group(match: Match) -> str:
    return (match.group(1) if match.re.groups else match.group(0)) or ""


def _without(summary: str, spans: list[tuple[int, int]]) -> str:
    """SUMMARY with the group names at `spans` left out."""
    if not spans:
        return summary
    parts = []
    last = 0
    for start, end in sorted(spans):
        gap = summary[last:start]
        # `wiskunde 2A, 2B en 2C PW`: what stands between two groups goes with them.
        parts.append("" if last and _BETWEEN_GROUPS.fullmatch(gap) else gap)
        last = end
    parts.append(summary[last:])
    text = re.sub(r"\s+", " ", " ".join(parts)).strip()
    text = re.sub(r"^[\s,;/&]+", "", text)
    return text.lstrip(" -–—:;,.|")


_BETWEEN_GROUPS = re.compile(r"[\s,;/&+]*(?:(?:en|and|\+)[\s,;/&]*)?", re.IGNORECASE)
