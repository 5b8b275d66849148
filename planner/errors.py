"""The exception tree for input that cannot be used.

    PlannerError            anything the shells (CLI, dashboard) catch and show in one line
     +-- InvalidInput       a plan or members file that cannot be read at all
     +-- ConfigError        school.toml: unknown key, bad date or value
     +-- StorageError       the team store (later)

Rule violations are never exceptions: they are findings. A bad row inside a readable file is an
ImportProblem, not an exception, so that the good rows still load.
"""

from __future__ import annotations

from planner.i18n import PLACES, Msg


class PlannerError(Exception):
    """Base of every error the user can fix; its message names file, row, column and value.

    `message` is a `Msg` (rendered in the language of the report) or plain text.
    """

    place = "column"  # what `column` is called in the message

    def __init__(
        self,
        message: str | Msg,
        *,
        source: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.message = message
        self.source = source
        self.row = row
        self.column = column
        self.value = value
        self.lang = "en"
        super().__init__(self.one_line())

    def __reduce__(self) -> tuple[object, ...]:
        # Errors travel from a reader's worker process (importers.worker) with their message
        # and place intact; the default would rebuild them from the rendered text.
        where = (self.source, self.row, self.column, self.value, self.lang)
        return _rebuild, (type(self), self.message, where)

    def one_line(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        where = []
        if self.source:
            where.append(str(self.source))
        if self.row is not None:
            where.append(f"{PLACES('row', lang)} {self.row}")
        if self.column:
            where.append(f"{PLACES(self.place, lang)} {self.column!r}")
        if self.value is not None:
            where.append(f"{PLACES('value', lang)} {self.value!r}")
        text = self.message.render(lang) if isinstance(self.message, Msg) else self.message
        prefix = ", ".join(where)
        return f"{prefix}: {text}" if prefix else text

    def __str__(self) -> str:
        return self.one_line()


class InvalidInput(PlannerError):
    """A plan or members file that cannot be used at all (missing, unreadable, no columns)."""


class ConfigError(PlannerError):
    """school.toml is invalid; `column` holds the dotted key (`rules.tests-per-day.max`)."""

    place = "key"


class StorageError(PlannerError):
    """The team store cannot be opened or written."""


def _rebuild(
    cls: type[PlannerError], message: str | Msg, where: tuple[object, ...]
) -> PlannerError:
    source, row, column, value, lang = where
    error = cls(message, source=source, row=row, column=column, value=value)  # type: ignore[arg-type]
    error.lang = str(lang)
    return error
