"""CSV plans and members files as Dutch schools have them.

Delimiters `;` (Dutch Excel), `,`, tab and `|`; UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode text"), else Windows-1252; quoted fields with newlines; title rows above the header;
empty trailing columns and rows. Rows are numbered as records (the row number Excel shows), so
a problem points at the row a teacher sees.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd

from planner.config import ImportSettings, SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.common import (
    canonical_names,
    finalize,
    read_bytes,
    read_positions,
    unprotect_cells,
)
from planner.model import REQUIRED, ImportProblem

_DELIMITERS = ";,\t|"
HEADER_SEARCH_RECORDS = 30  # a header is looked for in this many records from the top


def decode(data: bytes, source: str) -> str:
    """Text from bytes: a BOM decides; else UTF-8; else Windows-1252 (never loses a byte)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise InvalidInput(Msg("not_text"), source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps those too, so nothing is lost.
        return "".join(
            chunk.decode("cp1252", errors="strict") if ok else chunk.decode("latin-1")
            for chunk, ok in _cp1252_chunks(data)
        )


def _cp1252_chunks(data: bytes) -> Iterable[tuple[bytes, bool]]:
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    start = 0
    for i, byte in enumerate(data):
        if byte in undefined:
            if start < i:
                yield data[start:i], True
            yield data[i : i + 1], False
            start = i + 1
    if start < len(data):
        yield data[start:], True


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_RECORDS])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        lines = [line for line in sample.splitlines() if line.strip()]
        return max(_DELIMITERS, key=lambda d: sum(line.count(d) for line in lines[:5]))


def _header_index(records: list[list[str]], mapping: dict[str, str]) -> int:
    """The first record that names at least two required columns (else the first record)."""
    for i, record in enumerate(records[:HEADER_SEARCH_RECORDS]):
        if len(set(REQUIRED) & set(canonical_names(record, mapping))) >= 2:
            return i
    return 0


def read_csv_cells(
    path: Path,
    settings: ImportSettings | None = None,
    lang: str = "nl",
    columns: Callable[[list[str]], Sequence[int]] | None = None,
) -> tuple[pd.DataFrame, list[int], list[ImportProblem]]:
    """Every cell as text under the detected header, the records' row numbers, and rows that
    have more filled cells than the header has columns. `columns` picks, from the header's
    names, the positions of the columns to build (default: all); a header may hold 16384."""
    settings = settings or ImportSettings()
    text = decode(read_bytes(path, settings), path.name)
    if not text.strip():
        raise InvalidInput(Msg("empty_file"), source=path.name)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error as exc:
        raise InvalidInput(Msg("bad_csv", reason=str(exc)), source=path.name) from None
    start = _header_index(records, dict(settings.columns))
    if len(records) - start - 1 > settings.max_rows:
        too_many = Msg("too_many_rows", rows=len(records) - start - 1, limit=settings.max_rows)
        raise InvalidInput(too_many, source=path.name)
    header = [cell.strip() for cell in records[start]]
    # Empty trailing header cells are spreadsheet leftovers, not columns.
    while header and not header[-1]:
        header.pop()
    width = len(header)
    names = [name or f"column {i + 1}" for i, name in enumerate(header)]
    keep = list(range(width)) if columns is None else list(columns(names))
    pick = None if keep == list(range(width)) else keep
    body, rows, problems = [], [], []
    for number, record in enumerate(records[start + 1 :], start=start + 2):
        if len(record) != width:
            extra = [cell for cell in record[width:] if cell.strip()]
            if extra:
                message = problem("extra_cells", lang)
                problems.append(ImportProblem(path.name, number, None, extra[0], message))
                continue
            record = (record + [""] * width)[:width]
        body.append(record if pick is None else [record[n] for n in pick])
        rows.append(number)
    cells = pd.DataFrame(body, columns=[names[n] for n in keep], dtype="str")
    return unprotect_cells(cells), rows, problems  # our own export's protective quotes off


def read_csv_header(path: Path, settings: ImportSettings | None = None) -> list[str]:
    """The names of the columns under the detected header (an empty one as `column 3`),
    without building a column of cells."""
    names: list[str] = []

    def note(found: list[str]) -> list[int]:
        names.extend(found)
        return []

    read_csv_cells(path, settings, columns=note)
    return names


def read_csv_plan(
    path: str | Path, config: SchoolConfig
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    path = Path(path)
    labels: list[str] = []

    def read(names: list[str]) -> list[int]:  # only the columns finalize reads are built
        labels.extend(names)
        return read_positions(names, config.imports.columns)

    cells, rows, problems = read_csv_cells(path, config.imports, config.language, read)
    table, found = finalize(cells, path.name, config, rows=rows, labels=labels)
    return table, sorted(problems + found, key=lambda p: (p.row or 0, p.column or ""))
