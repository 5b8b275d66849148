"""CSV plans and members files as Dutch schools have them.

Delimiters `;` (Dutch Excel), `,`, tab and `|`; UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode text"), else Windows-1252; quoted fields with newlines; title rows above the header;
empty trailing columns and rows. Rows are numbered as records (the row number Excel shows), so
a problem points at the row a teacher sees.

Reading is one pass and bounded, whatever the file: the delimiter is chosen on the first 64 kB;
a row longer than MAX_RECORD_CHARS, a header wider than MAX_COLUMNS, and more rows than
`[import] max_rows` make the file unusable (InvalidInput), refused where they are met, before
the rest is read.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from planner.config import ImportSettings, SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers import untis
from planner.importers.common import (
    MAX_COLUMNS,
    PROTECTED_QUOTE,
    canonical_names,
    finalize,
    read_bytes,
    read_positions,
    unprotect_cells,
    windows_1252,
)
from planner.importers.sources import Tally
from planner.model import REQUIRED, ImportProblem

_DELIMITERS = ";,\t|"  # in this order when two fit a file equally well
HEADER_SEARCH_RECORDS = 30  # a header is looked for in this many records from the top
# The delimiter is chosen on the file's first records, read from at most this much text.
SNIFF_CHARS = 64 * 1024
# No row of a plan is longer, nor a header wider: more is a broken or hostile file, refused
# before its cells fill memory.
MAX_RECORD_CHARS = 1_000_000
# A line as open(newline="") gives it to csv: ending in \r\n, \r or \n, kept.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_PIECE = 256 * 1024


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
        return windows_1252(data)


class _Lines:
    """The text's lines for `csv.reader` as open(newline="") gives them, refusing a record
    longer than MAX_RECORD_CHARS before its cells fill memory. Whoever reads the records calls
    `next_record` after each one, so that the length counted is that of one record.

    The text is cut into pieces of about _PIECE characters after a newline, each split into
    lines by io.StringIO (not one copy of the whole text); a stretch without a newline is split
    by a regular expression that cannot backtrack (a line too long, or lines ending in a bare
    carriage return)."""

    def __init__(self, text: str, source: str, limit: int = MAX_RECORD_CHARS) -> None:
        self.text = text
        self.source = source
        self.limit = limit
        self.record = 1  # the number of the record being read
        self.chars = 0  # its length so far

    def next_record(self) -> None:
        self.record += 1
        self.chars = 0

    def __iter__(self) -> Iterator[str]:
        text, start, end = self.text, 0, len(self.text)
        while start < end:
            cut = text.find("\n", start + _PIECE, start + _PIECE + self.limit)
            lines: Iterable[str]
            if cut < 0 and start + _PIECE + self.limit < end:
                cut = text.find("\n", start + _PIECE)
                cut = end if cut < 0 else cut + 1
                lines = (match.group() for match in _LINE.finditer(text, start, cut))
            else:
                cut = end if cut < 0 else cut + 1
                lines = io.StringIO(text[start:cut], newline="")
            for line in lines:
                self.chars += len(line)
                if self.chars > self.limit:
                    too_long = Msg("csv_record_too_long", limit=self.limit)
                    raise InvalidInput(too_long, source=self.source, row=self.record)
                if line:
                    yield line
            start = cut


def sniff_delimiter(text: str) -> str:
    """The delimiter (; , tab or |) that splits the first records (in the first SNIFF_CHARS of
    the text) into the same number of cells, more than one, most often.

    Each candidate splits the sample with `csv.reader` (quotes respected, one pass, no
    backtracking); its score is how many records have its most common width, then that width.
    Records of one cell (a title above the header, an empty line) count for none.
    """
    sample = text[:SNIFF_CHARS]
    wanted = 2 * HEADER_SEARCH_RECORDS
    best, best_score = _DELIMITERS[0], (0, 0)
    for delimiter in _DELIMITERS:
        reader = csv.reader(_Lines(sample, ""), delimiter=delimiter)
        try:
            widths = [len(record) for record in itertools.islice(reader, wanted + 1)]
        except csv.Error:
            continue
        if len(widths) > wanted:
            widths.pop()
        elif len(sample) < len(text) and len(widths) > 1:
            widths.pop()  # the sample ends inside it
        counts = Counter(width for width in widths if width > 1)
        if not counts:
            continue
        width, records = max(counts.items(), key=lambda item: (item[1], item[0]))
        if (records, width) > best_score:
            best, best_score = delimiter, (records, width)
    return best


def _header_index(records: list[list[str]], mapping: dict[str, str]) -> int:
    """The first record that names at least two required columns (else the first record)."""
    for i, record in enumerate(records[:HEADER_SEARCH_RECORDS]):
        if len(set(REQUIRED) & set(canonical_names(record[:MAX_COLUMNS], mapping))) >= 2:
            return i
    return 0


@dataclasses.dataclass
class _Table:
    """A CSV file opened up to its header: the header's names and the records after it, not
    read yet."""

    path: Path
    text: str
    names: list[str]
    start: int  # the header's index among the records
    top: list[list[str]]  # the first records (HEADER_SEARCH_RECORDS), read to find the header
    rest: Iterator[list[str]]  # the records after those, not read yet

    @property
    def first(self) -> list[str]:
        """The first record with a filled cell (a file without a header starts with data)."""
        return next((r for r in self.top if any(cell.strip() for cell in r)), [])

    def below(self) -> Iterator[list[str]]:
        """The records under the header."""
        return itertools.chain(self.top[self.start + 1 :], self.rest)

    def every(self) -> Iterator[list[str]]:
        """Every record, for a file without a header."""
        return itertools.chain(self.top, self.rest)


def numbered(
    records: Iterable[list[str]], first: int, settings: ImportSettings, source: str
) -> Iterator[tuple[int, list[str]]]:
    """Records with their row numbers from `first` on, refusing the one after `[import]
    max_rows` as soon as it is read."""
    limit = settings.max_rows
    for n, record in enumerate(records):
        if n >= limit:
            too_many = Msg("too_many_rows_at_least", rows=limit + 1, limit=limit)
            raise InvalidInput(too_many, source=source)
        yield first + n, record


@contextlib.contextmanager
def _readable(path: Path) -> Iterator[None]:
    try:
        yield
    except csv.Error as exc:
        raise InvalidInput(Msg("bad_csv", reason=str(exc)), source=path.name) from None


def _open_table(path: Path, settings: ImportSettings) -> _Table:
    """The file decoded, its delimiter chosen and its header found in the first records."""
    text = decode(read_bytes(path, settings), path.name)
    if not text.strip():
        raise InvalidInput(Msg("empty_file"), source=path.name)
    records = _records(_Lines(text, path.name), sniff_delimiter(text))
    with _readable(path):
        top = [record for _, record in zip(range(HEADER_SEARCH_RECORDS), records, strict=False)]
    start = _header_index(top, dict(settings.columns))
    header = [cell.strip() for cell in top[start]]
    # Empty trailing header cells are spreadsheet leftovers, not columns.
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        too_wide = Msg("csv_too_many_columns", columns=len(header), limit=MAX_COLUMNS)
        raise InvalidInput(too_wide, source=path.name, row=start + 1)
    names = [name or f"column {i + 1}" for i, name in enumerate(header)]
    return _Table(path, text, names, start, top, records)


def read_csv_cells(
    path: Path,
    settings: ImportSettings | None = None,
    lang: str = "nl",
    columns: Callable[[list[str]], Sequence[int]] | None = None,
) -> tuple[pd.DataFrame, list[int], list[ImportProblem]]:
    """Every cell as text under the detected header, the records' row numbers, and rows that
    have more filled cells than the header has columns. `columns` picks, from the header's
    names, the positions of the columns to build (default: all).

    The records are read one at a time: a file with more than `[import] max_rows` rows under
    its header is refused as soon as the row after the limit is read."""
    settings = settings or ImportSettings()
    return _cells(_open_table(path, settings), settings, lang, columns)


def _cells(
    table: _Table,
    settings: ImportSettings,
    lang: str,
    columns: Callable[[list[str]], Sequence[int]] | None,
) -> tuple[pd.DataFrame, list[int], list[ImportProblem]]:
    path = table.path
    names, start, width = table.names, table.start, len(table.names)
    keep = list(range(width)) if columns is None else list(columns(names))
    pick = None if keep == list(range(width)) else keep
    body, rows, problems = [], [], []
    with _readable(path):
        for number, record in numbered(table.below(), start + 2, settings, path.name):
            if len(record) != width:
                extra = next((cell for cell in record[width:] if cell.strip()), None)
                if extra is not None:
                    message = problem("extra_cells", lang)
                    problems.append(ImportProblem(path.name, number, None, extra, message))
                    continue
                if pick is None:
                    record = (record + [""] * width)[:width]
            if pick is not None:  # only the columns asked for: a header may be 16,384 wide
                size = len(record)
                record = [record[n] if n < size else "" for n in pick]
            body.append(record)
            rows.append(number)
    cells = pd.DataFrame(body, columns=[names[n] for n in keep], dtype="str")
    if PROTECTED_QUOTE.search(table.text):  # our own export's protective quotes off
        cells = unprotect_cells(cells)
    return cells, rows, problems


def _records(lines: _Lines, delimiter: str) -> Iterator[list[str]]:
    for record in csv.reader(lines, delimiter=delimiter):
        yield record
        lines.next_record()


def read_csv_header(path: Path, settings: ImportSettings | None = None) -> list[str]:
    """The names of the columns under the detected header (an empty one as `column 3`); the
    records after the header are not read."""
    return _open_table(path, settings or ImportSettings()).names


def read_csv_plan(
    path: str | Path, config: SchoolConfig, tally: Tally | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """A plan table under its header; or, without one, an Untis exam file (GPU017)."""
    path = Path(path)
    opened = _open_table(path, config.imports)
    if untis.looks_like_gpu017(opened.first, path.name):
        with _readable(path):
            records = numbered(opened.every(), 1, config.imports, path.name)
            return untis.read_gpu017(records, path.name, config, tally)
    labels: list[str] = []

    def read(names: list[str]) -> list[int]:  # only the columns finalize reads are built
        labels.extend(names)
        return read_positions(names, config.imports.columns)

    cells, rows, problems = _cells(opened, config.imports, config.language, read)
    table, found = finalize(cells, path.name, config, rows=rows, labels=labels, tally=tally)
    return table, sorted(problems + found, key=lambda p: (p.row or 0, p.column or ""))
