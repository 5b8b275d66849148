"""The exception tree for input that cannot be used.

    PlannerError            anything the shells (CLI, dashboard) catch and show in one line
     +-- InvalidInput       a plan or members file that cannot be read at all
     +-- ConfigError        school.toml: unknown key, bad date or value
     +-- StorageError       the team store (later)

Rule violations are never exceptions: they are findings. A bad row inside a readable file is an
ImportProblem, not an exception, so that the good rows still load.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base of every error the user can fix; its message names file, row, column and value."""

    def __init__(
        self,
        message: str,
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
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = []
        if self.source:
            where.append(str(self.source))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InvalidInput(PlannerError):
    """A plan or members file that cannot be used at all (missing, unreadable, no columns)."""


class ConfigError(PlannerError):
    """school.toml is invalid; `column` holds the dotted key (`rules.tests-per-day.max`)."""

    def one_line(self) -> str:
        where = [str(self.source)] if self.source else []
        if self.column:
            where.append(f"key {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class StorageError(PlannerError):
    """The team store cannot be opened or written."""
