"""The school's own search patterns (`[import.ical] group_pattern`, `subject_pattern`), run on
RE2 (google-re2): time linear in the text, whatever the pattern, so a pattern such as `(a+)+$`
cannot hang an import the way it hangs Python's backtracking `re`.

RE2 has no backreferences (`\\1`) and no lookaround (`(?=...)`, `(?<=...)`); such a pattern is
refused when school.toml is read. Its `\\w`, `\\d` and `\\b` are ASCII (`\\p{L}` is any letter);
`(?i)`, groups and named groups (`(?P<name>...)`) work as in `re`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, cast

import re2


class Match(Protocol):
    """What a match gives (as `re.Match`)."""

    @property
    def re(self) -> Pattern: ...

    def group(self, index: int | str = 0, /) -> str | None: ...

    def span(self, index: int | str = 0, /) -> tuple[int, int]: ...


class Pattern(Protocol):
    """A compiled pattern (as `re.Pattern`: `pattern`, `groups`, `search`, `finditer`)."""

    @property
    def pattern(self) -> str: ...

    @property
    def groups(self) -> int: ...

    def search(self, text: str) -> Match | None: ...

    def finditer(self, text: str) -> Iterator[Match]: ...


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why (in RE2's words)."""


def compile_pattern(pattern: str) -> Pattern:
    """The pattern compiled by RE2, or PatternError (never a log line on stderr)."""
    options = re2.Options()
    options.log_errors = False
    try:
        return cast(Pattern, re2.compile(pattern, options))
    except re2.error as exc:
        reason = exc.args[0] if exc.args else ""
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", errors="replace")
        raise PatternError(str(reason)) from None
