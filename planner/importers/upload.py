"""An uploaded file's bytes read as a plan, members or lessons file, by content, with the plan's
config and the user's column mapping; the file's own column names for the mapping step. The
Upload page and `planner db import` read files this way before they are delivered to a plan."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput, PlannerError
from planner.i18n import Lang, Msg
from planner.importers import detect_format, read_lessons, read_members, read_source, worker
from planner.importers.common import column_of, read_bytes
from planner.importers.excel_book import cell_text, is_blank, read_book
from planner.importers.from_csv import read_csv_header
from planner.importers.members import GROUP_ALIASES, PUPIL_ALIASES
from planner.model import COLUMNS, REQUIRED, ImportProblem, Source

# What a file holds: plan rows, memberships (pupil, group) or the lessons timetable.
What = Literal["plan", "members", "lessons"]
Want = Literal["auto", "plan", "members", "lessons"]  # auto: a plan, or members by its columns

# The canonical columns a file's column may be mapped to (`source` and `row` are ours).
MAPPABLE: tuple[str, ...] = tuple(c for c in COLUMNS if c not in ("source", "row"))

# Errors that mean "a table, but its columns are not ours": the mapping step can help.
_MAPPING_HELPS = frozenset({"missing_columns", "no_sheet", "excel_no_plan"})
_HEADER_SEARCH = 30  # rows from the top of a sheet where a header is looked for
# The most of a file's column names the mapping step lists, from the left (a header may hold
# 16384); a column further to the right can still be named in school.toml's `[import] columns`.
MAPPING_COLUMNS = 200


@dataclasses.dataclass(frozen=True)
class FileRead:
    """One uploaded file as read: a plan table or members, or the reason it cannot be used.

    `columns` holds the file's own column names when its columns were not recognised (the
    mapping step); `mapping` is the user's mapping it was read with (file column -> ours).
    """

    name: str
    content: bytes = dataclasses.field(repr=False)
    what: What = "plan"
    table: pd.DataFrame | None = dataclasses.field(default=None, repr=False)
    problems: tuple[ImportProblem, ...] = ()
    error: PlannerError | None = None
    columns: tuple[str, ...] = ()
    mapping: Mapping[str, str] = dataclasses.field(default_factory=dict)
    source: Source | None = None  # a plan file: how it was read (planner.importers.sources)

    @property
    def ok(self) -> bool:
        """Readable: it can be stored (its bad rows are problems, the good rows load)."""
        return self.table is not None

    @property
    def recognised(self) -> bool:
        """Whether the file's columns were recognised (without asking for a mapping)."""
        return not self.columns

    @property
    def rows(self) -> int:
        return 0 if self.table is None else len(self.table)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def safe_name(name: str) -> str:
    """The upload's own file name without any folder (a browser may send `C:\\x\\plan.csv`)."""
    base = re.split(r"[\\/]", name.strip())[-1].strip()
    return base if base not in ("", ".", "..") else "upload"


def with_mapping(config: SchoolConfig, mapping: Mapping[str, str]) -> SchoolConfig:
    """A copy of the config whose `[import] columns` also maps the file's headers to ours."""
    own = {
        str(label).strip().casefold(): target
        for label, target in mapping.items()
        if target and str(label).strip()
    }
    bad = [t for t in own.values() if t not in MAPPABLE]
    if bad:
        raise ValueError(f"not a column: {bad[0]!r}")
    columns = {**config.imports.columns, **own}
    return dataclasses.replace(config, imports=dataclasses.replace(config.imports, columns=columns))


def read_upload(
    name: str,
    content: bytes,
    config: SchoolConfig,
    *,
    lang: Lang = "nl",
    mapping: Mapping[str, str] | None = None,
    want: Want = "auto",
) -> FileRead:
    """Read uploaded bytes the way `planner check` reads a file: by content, with the plan's
    config (its kinds, its `[import]` settings) and the user's column mapping. A file that
    cannot be used comes back with its `error` (never raised); when a mapping could help, its
    column names come with it."""
    name = safe_name(name)
    with tempfile.TemporaryDirectory(prefix="toetsplanner-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return _read(path, name, content, config, lang, dict(mapping or {}), want)


def read_path(path: Path, config: SchoolConfig, want: Want = "plan") -> FileRead:
    """A file on disk read as an upload is (the command line's way to a FileRead), in the
    config's language; a file that cannot be opened, or is too large, comes back with its
    error."""
    try:
        content = read_bytes(path, config.imports)
    except InvalidInput as exc:
        return FileRead(path.name, b"", "plan" if want == "auto" else want, error=exc)
    return _read(path, path.name, content, config, config.lang, {}, want)


def _read(
    path: Path,
    name: str,
    content: bytes,
    config: SchoolConfig,
    lang: Lang,
    mapping: dict[str, str],
    want: Want,
) -> FileRead:
    """The file read in a bounded worker (importers.worker) as a whole: what it holds, its
    table, or the reason it cannot be used."""
    config = with_mapping(config, mapping).in_language(lang)
    what: What = "plan" if want == "auto" else want
    try:
        fmt = detect_format(path)
        parse = functools.partial(_parse, path.absolute(), config, lang, want)
        what, table, problems, error, columns, source = worker.run(parse, name, fmt, config.imports)
    except PlannerError as exc:
        table, problems, error, columns, source = None, (), exc, (), None
    keep = {} if what != "plan" and error is None else mapping
    return FileRead(name, content, what, table, problems, error, columns, keep, source)


# What the worker sends back: what the file holds, its table and problems or its error, its
# column names for the mapping step, and (a plan) how it was read.
_Parsed = tuple[
    What,
    pd.DataFrame | None,
    tuple[ImportProblem, ...],
    PlannerError | None,
    tuple[str, ...],
    Source | None,
]


def _parse(path: Path, config: SchoolConfig, lang: Lang, want: Want) -> _Parsed:
    """In the worker: what the file holds, its table and problems, or its error."""
    what: What = "plan" if want == "auto" else want
    try:
        if want == "auto" and looks_like_members(path, config):
            what = "members"
        if what == "members":
            members, problems = read_members(path, lang=lang, settings=config.imports)
            return what, members, tuple(problems), None, (), None
        if what == "lessons":
            _, lessons, problems = read_lessons(path, config, lang)
            return what, lessons, tuple(problems), None, (), None
        table, found, source = read_source(path, config)
        return what, table, tuple(found), None, (), source
    except InvalidInput as exc:
        columns: tuple[str, ...] = ()
        if what == "plan" and isinstance(exc.message, Msg) and exc.message.key in _MAPPING_HELPS:
            columns = file_columns(path, config)
        return what, None, (), exc, columns, None
    except PlannerError as exc:
        return what, None, (), exc, (), None


def looks_like_members(path: Path, config: SchoolConfig) -> bool:
    """A members file: a text table with a pupil column (leerlingnummer, pupil, ...) and a group
    column (klas, groep, ...), and no date, subject or kind (a plan may have `id` and `group`)."""
    if detect_format(path) != "csv":
        return False
    try:
        header = read_csv_header(path, config.imports)
    except InvalidInput:
        return False  # then reading it as a plan says what is wrong
    names = [str(c).strip().lower() for c in header]
    canonical = {column_of(label, config.imports.columns) for label in header}
    has_pupil = any(n in PUPIL_ALIASES for n in names)
    has_group = any(n in GROUP_ALIASES for n in names)
    return has_pupil and has_group and not canonical & {"date", "subject", "kind"}


def file_columns(path: Path, config: SchoolConfig) -> tuple[str, ...]:
    """The file's own column names, for the mapping step: the CSV header, or the Excel row (of
    the first rows of a sheet) with the most filled cells; the first MAPPING_COLUMNS of them.
    Empty when there is no table with at least as many columns as we need."""
    try:
        fmt = detect_format(path)
        if fmt == "csv":
            labels = read_csv_header(path, config.imports)
        elif fmt == "excel":
            labels = _excel_header(path, config)
        else:
            labels = []
    except InvalidInput:
        labels = []
    labels = [label.strip() for label in labels if label.strip()]
    unique = tuple(dict.fromkeys(labels))[:MAPPING_COLUMNS]
    return unique if len(unique) >= len(REQUIRED) else ()


def _excel_header(path: Path, config: SchoolConfig) -> list[str]:
    for sheet in read_book(path, config).sheets:
        best: list[str] = []
        for row in sheet.rows[:_HEADER_SEARCH]:
            filled = [cell_text(v).strip() for v in row if not is_blank(v)]
            if len(filled) > len(best):
                best = filled
        if len(best) >= len(REQUIRED):
            return best
    return []
