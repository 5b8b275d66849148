"""CSV plans and members files: delimiter and encoding detection, Dutch column names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers.common import finalize
from planner.model import ImportProblem

_DELIMITERS = ";,\t|"


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 as Dutch Excel writes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(Msg("file_not_found"), source=str(path)) from None
    except OSError as exc:
        raise InvalidInput(Msg("unreadable", reason=exc.strerror), source=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        return max(_DELIMITERS, key=header.count)


def read_csv_cells(path: Path) -> pd.DataFrame:
    """Every cell as text, header from the first line."""
    text = read_text(path)
    if not text.strip():
        raise InvalidInput(Msg("empty_file"), source=str(path))
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=sniff_delimiter(text),
            dtype="str",
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise InvalidInput(Msg("bad_csv", reason=str(exc)), source=str(path)) from None


def read_csv_plan(
    path: str | Path, config: SchoolConfig
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    path = Path(path)
    cells = read_csv_cells(path)
    return finalize(cells, path.name, config)
