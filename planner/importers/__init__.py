"""Importers: every file format becomes the canonical assessment table plus import problems."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from planner.config import ImportSettings, SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import PLACES, Msg, problem
from planner.importers import lessons as _lessons
from planner.importers import members as _members
from planner.importers import worker
from planner.importers.from_csv import read_csv_plan
from planner.importers.from_json import looks_like_json
from planner.importers.sources import Tally, with_repeats
from planner.lessons import Lessons
from planner.model import ImportProblem, Plan, Source, empty_table, unify_groups

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".ics", ".json")


ZIP_MAGIC = b"PK\x03\x04"  # .xlsx and .xlsm are zip files
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # old .xls, and password-protected workbooks


def detect_format(path: Path) -> str:
    """csv, excel, ical or json: by the file's first bytes, else by its extension.

    A teacher's `plan.csv` that is really a workbook, a calendar saved as `.txt` or an API's
    JSON saved as `.txt`, is read as what it is; only a file that is none of them is refused.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise InvalidInput(Msg("file_not_found"), source=path.name) from None
    except OSError as exc:
        raise InvalidInput(Msg("unreadable", reason=exc.strerror), source=path.name) from None
    if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return "excel"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:15].upper() == b"BEGIN:VCALENDAR":
        return "ical"
    if looks_like_json(text):
        return "json"
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "excel"
    if suffix == ".ics":
        return "ical"
    if suffix == ".json":
        return "json"
    raise InvalidInput(
        Msg("file_type", suffix=suffix or "(-)", known=", ".join(SUFFIXES)), source=path.name
    )


class SourceRead(NamedTuple):
    """One plan file as read: its table, its problems, and how it was read."""

    table: pd.DataFrame
    problems: list[ImportProblem]
    source: Source


def read_source(path: str | Path, config: SchoolConfig) -> SourceRead:
    """One plan file, by what it holds, with the reader that recognised it and the rows it left
    out; read in a bounded worker process (importers.worker)."""
    path = Path(path).absolute()  # a reused worker keeps the folder it started in
    fmt = detect_format(path)
    return worker.run(
        functools.partial(_read_file, path, fmt, config), path.name, fmt, config.imports
    )


def read_file(path: str | Path, config: SchoolConfig) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """One plan file's table and problems (read_source without the source)."""
    table, problems, _ = read_source(path, config)
    return table, problems


def read_members(
    path: str | Path, lang: str = "nl", settings: ImportSettings | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """A members file (pupil, group), read in a bounded worker process (importers.members)."""
    path, settings = Path(path).absolute(), settings or ImportSettings()
    read = functools.partial(_members.read_members, path, lang, settings)
    return worker.run(read, path.name, "csv", settings)


def read_lessons(
    path: str | Path, config: SchoolConfig, lang: str = "nl"
) -> tuple[Lessons, pd.DataFrame, list[ImportProblem]]:
    """The lessons timetable file, read in a bounded worker process (importers.lessons)."""
    path = Path(path).absolute()
    read = functools.partial(_lessons.read_lessons, path, config, lang)
    return worker.run(read, path.name, _lessons.file_format(path), config.imports)


def _read_file(path: Path, fmt: str, config: SchoolConfig) -> SourceRead:
    tally = Tally(fmt)
    if fmt == "excel":
        from planner.importers.from_excel import read_excel_plan

        table, problems = read_excel_plan(path, config, tally)
    elif fmt == "ical":
        from planner.importers.ical import read_ical_plan

        table, problems = read_ical_plan(path, config, tally)
    elif fmt == "json":
        from planner.importers.from_json import read_json_plan

        table, problems = read_json_plan(path, config, tally)
    else:
        table, problems = read_csv_plan(path, config, tally)
    return SourceRead(table, problems, tally.source(path.name, table, problems))


def read_plan(paths: Iterable[str | Path], config: SchoolConfig) -> Plan:
    """Several plan files combined into one plan; bad rows become problems.

    Group names get one spelling across files (`2a` and `2A` are one class), and a test that
    two files both hold (two teachers, two exports) is kept once and reported.
    """
    tables, problems, sources = [], [], []
    for path in paths:
        table, found, source = read_source(path, config)
        tables.append(table)
        problems.extend(found)
        sources.append(source)
    tables = [t for t in tables if not t.empty]
    if not tables:
        return Plan(assessments=empty_table(), problems=problems, sources=sources)
    table = pd.concat(tables, ignore_index=True)
    table["group"] = unify_groups(table["group"])
    table, repeated = drop_repeats_across_files(table, config.language)
    sources = with_repeats(sources, repeated)
    return Plan(assessments=table, problems=problems + repeated, sources=sources)


def repeat_keys(table: pd.DataFrame) -> pd.DataFrame:
    """What makes rows of two files the same test: group, subject, kind and date (case and
    spaces aside). Also how an edit finds a test's copies in other files (planner.edits)."""
    return pd.DataFrame(
        {
            "group": table["group"].str.casefold(),
            "subject": table["subject"].str.strip().str.casefold(),
            "kind": table["kind"],
            "date": table["date"],
        },
        index=table.index,
    )


def drop_repeats_across_files(
    table: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Rows that another file already holds, by id or by group, subject, kind and date.

    Only across files: twice in one file is the `duplicate` rule's finding, where the team
    sees it. The first file's row stays; the later one is reported.
    """
    if table["source"].nunique() < 2:
        return table, []
    table = table.reset_index(drop=True)
    content = dict(repeat_keys(table).items())
    sources = table["source"].to_numpy()
    rows, ids = table["row"].tolist(), table["id"].tolist()
    positions = pd.Series(np.arange(len(table)))
    drop = np.zeros(len(table), dtype=bool)
    problems = []
    word = PLACES("row", "nl" if lang == "nl" else "en")  # English for any other language
    for key in ({"id": table["id"]}, content):
        # Vectorised: the position of each row's first occurrence of its key.
        codes = pd.DataFrame(key).groupby(list(key), sort=False, dropna=False).ngroup()
        first = positions.groupby(codes.to_numpy()).transform("first").to_numpy()
        repeat = (first != positions.to_numpy()) & (sources[first] != sources) & ~drop
        for i in np.flatnonzero(repeat):
            j = int(first[i])
            problems.append(
                ImportProblem(
                    str(sources[i]),
                    int(rows[i]),
                    "id",
                    str(ids[i]),
                    problem(
                        "repeat_across_files",
                        lang,
                        where=f"{sources[j]}, {word} {rows[j]}",
                    ),
                )
            )
        drop |= repeat
    return table[~drop].reset_index(drop=True), problems


__all__ = [
    "SUFFIXES",
    "SourceRead",
    "read_file",
    "read_lessons",
    "read_members",
    "read_plan",
    "read_source",
    "repeat_keys",
]
