"""Opening a workbook safely, and its sheets as grids of raw cells.

Before any spreadsheet library sees the file, it is checked: its size against `[import]
max_bytes`; its first bytes (an OLE2 file is an encrypted workbook or an old .xls, a text file
is a CSV with the wrong extension); and the zip directory, so that a zip bomb is refused before
it is unpacked (declared sizes over 20 x max_bytes in all, or a large part that unpacks to more
than `MAX_RATIO` times its packed size; a directory that lies about its sizes is left to the
readers); the cells of every sheet, so that a sheet spanning more rows than `[import]
max_rows`, more columns than Excel has, or more cells than 50 times max_rows, is refused before
calamine builds it (it holds a sheet as one dense block and aborts the process when that does
not fit), and so are merged ranges that overlap over and over; and the counts the shared
strings declare (calamine reserves room for them first). A sheet over the limits is refused
whole rather than read in part: a plan cut off at some row would look complete. Sheets are
read with python-calamine, and with openpyxl when calamine cannot read a file that openpyxl can.

A sheet becomes a rectangular grid (row i is spreadsheet row i + 1, column j is column j + 1;
empty cells are ""), with merged cells filled in: a merged range's value stands in every cell
of the range (a date merged over three rows is the date of each), except a title or banner
("Kerstvakantie") merged across from the sheet's first column, which stays in its first cell.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers.common import MAX_COLUMNS

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2/CFB: encrypted .xlsx and old .xls
ZIP_MAGIC = b"PK"
# Together the parts of a workbook may unpack to at most this many times [import] max_bytes.
MAX_UNPACKED_FACTOR = 20
# A part bigger than RATIO_FLOOR bytes unpacked may be at most MAX_RATIO times its packed size:
# real sheets are 5-20 times, zip bombs about a thousand (Apache POI refuses above 100 too).
MAX_RATIO = 100
RATIO_FLOOR = 1_000_000

Cell = Any  # str | int | float | bool | date | datetime | time | timedelta; "" when empty
Range = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col))


@dataclasses.dataclass(slots=True)
class Sheet:
    """One worksheet: its name and its cells, merged ranges filled in."""

    name: str
    rows: list[list[Cell]]

    @property
    def empty(self) -> bool:
        return not any(not is_blank(v) for row in self.rows for v in row)


@dataclasses.dataclass(slots=True)
class Book:
    """The names of every sheet in the workbook, and the sheets that were read."""

    names: list[str]
    sheets: list[Sheet]


def read_book(path: Path, config: SchoolConfig) -> Book:
    """The sheets to look for a plan in: `[import] sheet`, else every visible worksheet."""
    check_file(path, config)
    try:
        return _read_calamine(path, config)
    except InvalidInput:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine's errors, and a panic in its Rust code
        failure: BaseException = exc
    try:
        return _read_openpyxl(path, config)
    except InvalidInput:
        raise
    except Exception:  # openpyxl raises many kinds; calamine's reason is the one to show
        reason = str(failure).strip().splitlines()[0] if str(failure).strip() else ""
        raise InvalidInput(
            Msg("bad_excel", reason=reason or type(failure).__name__), source=path.name
        ) from None


def check_file(path: Path, config: SchoolConfig) -> None:
    """Refuse what is not an ordinary workbook before any library unpacks it."""
    source = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise InvalidInput(Msg("file_not_found"), source=source) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidInput(Msg("unreadable", reason=reason), source=source) from None
    limit = config.imports.max_bytes
    if size > limit:
        raise InvalidInput(Msg("excel_too_big", size=size, limit=limit), source=source)
    if size == 0:
        raise InvalidInput(Msg("empty_file"), source=source)
    if head.startswith(OLE_MAGIC):
        raise InvalidInput(Msg("excel_encrypted"), source=source)
    if not head.startswith(ZIP_MAGIC):
        key = "excel_text" if _looks_like_text(head) else "excel_not_workbook"
        raise InvalidInput(Msg(key), source=source)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(archive.infolist(), limit, source)
            sheets = _check_extents(archive, config, source)
            _check_shared_strings(archive, config, source, sheets)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        zlib.error,
        NotImplementedError,
    ):  # an unknown zip version or compression method
        raise InvalidInput(Msg("excel_not_workbook"), source=source) from None


def _check_shared_strings(
    archive: zipfile.ZipFile, config: SchoolConfig, source: str, sheets: int
) -> None:
    """The counts a shared-strings part declares: calamine reserves room for `uniqueCount`
    strings before reading one (a billion is 96 GB and aborts the process). A workbook's
    strings are the text of its cells: no more than one sheet may hold may be distinct, and no
    more than all its sheets may hold in all."""
    limit = cell_limit(config)
    for part in archive.infolist():
        if not part.filename.replace("\\", "/").lower().endswith("sharedstrings.xml"):
            continue
        for buffer in _tags(archive, part):
            found = _SST.search(buffer)
            if found is None:
                continue
            for name, value in _DECLARED.findall(found.group(1)):
                most = limit if name == b"uniqueCount" else limit * max(sheets, 1)
                if int(value) > most:
                    raise InvalidInput(
                        Msg(
                            "excel_shared_strings", part=part.filename, count=int(value), limit=most
                        ),
                        source=source,
                    )
            break


def _check_parts(parts: Sequence[zipfile.ZipInfo], limit: int, source: str) -> None:
    """The zip directory: a workbook's parts, of sizes an ordinary workbook has."""
    if not any(part.filename.startswith("xl/") for part in parts):
        raise InvalidInput(Msg("excel_not_workbook"), source=source)  # a .docx, a .zip
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_FACTOR * limit:
        raise InvalidInput(
            Msg("excel_zip_bomb", size=total, limit=MAX_UNPACKED_FACTOR * limit), source=source
        )
    for part in parts:
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * part.compress_size:
            ratio = part.file_size // max(part.compress_size, 1)
            raise InvalidInput(
                Msg("excel_zip_ratio", part=part.filename, ratio=ratio, limit=MAX_RATIO),
                source=source,
            )


# --- how far a sheet reaches ----------------------------------------------------------------
#
# calamine holds a sheet as one dense block from its first to its last cell, and aborts the
# whole process (no exception) when that block does not fit in memory: a 2 kB file with cells in
# A1 and XFD1048576 is enough, and so is a stray value far to the right of a real plan. So every
# part holding a <sheetData> (wherever the workbook's relationships put it) is read first,
# without trusting its <dimension>. One pass finds every address outside A1:Z99999 (a long plan
# has none), counts the cells and the merged ranges, and notices rows and cells without an
# address: calamine places those itself (the next row, the next column), so a sheet with them is
# read once more, counting positions as calamine does (a row of 300000 cells without addresses
# is 300000 columns wide). Only a sheet wider than Z whose rows are still unknown then is read
# again for its rows. Something else that looks like an address can only make the check
# stricter. Merged ranges together may cover no more cells than the sheet spans: ranges that
# overlap over and over would have every covered cell filled in over and over.

CHUNK = 1 << 20
_NARROW, _SHALLOW = 26, 99_999  # the most columns and rows of a sheet with no unusual address
# The fast pass looks for literal text (fast in `re`); whatever is not written as Excel writes
# it (`<c r="B2"`, `<row r="2"`: no prefix, the address first, in double quotes) is a "bare"
# row or cell, and the sheet is read again with `_POSITION`, which reads any well-formed tag.
_ATTRS = rb"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_SHEET_DATA = re.compile(rb"sheetData(?<=[<:]sheetData)(?=[\s/>])")
_UNUSUAL = re.compile(rb'r="(?![A-Z]?\d{1,5}")([A-Za-z]*)(\d*)"')
_BARE = (  # each begins with literal text, which `re` finds fastest
    re.compile(rb'<c(?![\w.:-])(?! r=")'),
    re.compile(rb'<row(?![\w.:-])(?! r=")'),
    re.compile(rb":(?:c|row)(?![\w.:-])"),
)
_MERGE = re.compile(rb"""mergeCell(?<=[<:]mergeCell)(?=[\s/>])[^>]*?\sref\s*=\s*["']([^"']*)["']""")
_POSITION = re.compile(rb"<(/?)(?:[\w.-]+:)?(c|row)(?=[\s/>])(" + _ATTRS + rb")\s*(/?)>")
_ADDRESS = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d+)["']""")
_SST = re.compile(rb"<(?:[\w.-]+:)?sst(?=[\s/>])(" + _ATTRS + rb")")
_DECLARED = re.compile(rb"""(?<![\w:.-])(count|uniqueCount)\s*=\s*["']\s*\+?(\d+)""")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (from 1)


@dataclasses.dataclass(slots=True)
class _Reach:
    """What one pass over a sheet part found."""

    letters: set[bytes] = dataclasses.field(default_factory=set)
    numbers: set[bytes] = dataclasses.field(default_factory=set)
    cells: int = 0
    bare: bool = False  # rows or cells without an address
    merges: list[Merge] = dataclasses.field(default_factory=list)


def cell_limit(config: SchoolConfig) -> int:
    """The most cells a sheet's used range may span: 50 columns of [import] max_rows rows."""
    return max(50 * config.imports.max_rows, 1_000_000)


def _check_extents(archive: zipfile.ZipFile, config: SchoolConfig, source: str) -> int:
    """Refuse a sheet that reaches too far; the number of sheet parts."""
    names = _sheet_names(archive)
    limit, max_rows = cell_limit(config), config.imports.max_rows
    sheets = 0
    for part in archive.infolist():
        name = part.filename
        if not name.lower().endswith(".xml"):
            continue
        sheet = names.get(name, name)
        reach = _scan(archive, part, config)
        if reach is None:
            continue
        sheets += 1
        if reach.cells > limit:
            raise InvalidInput(
                Msg("excel_cell_count", sheet=sheet, cells=reach.cells, limit=limit),
                source=source,
            )
        if len(reach.merges) > max_rows:
            raise InvalidInput(
                Msg("excel_too_many_merged", sheet=sheet, count=len(reach.merges), limit=max_rows),
                source=source,
            )
        width = max([_NARROW, *(column_number(c) for c in reach.letters if c)])
        deepest = max([0, *(int(n) for n in reach.numbers if n)])
        if reach.bare:
            counted = _counted(archive, part, config)
            width, deepest = max(width, counted[1]), max(deepest, counted[0])
        if width > MAX_COLUMNS:
            raise InvalidInput(
                Msg("excel_too_many_columns", sheet=sheet, columns=width, limit=MAX_COLUMNS),
                source=source,
            )
        if deepest > max_rows:
            _check_rows(sheet, deepest, config, source)
        height = deepest if deepest > _SHALLOW else _SHALLOW  # exact, or at most
        if width * height > limit and height == _SHALLOW:  # wide: how far down does it go?
            digits = len(str(limit // width))
            deep = re.compile(rb"""(?<![\w:.-])r\s*=\s*["'][A-Za-z]*(\d{%d,})""" % digits)
            height = max([0, *(int(n) for b in _tags(archive, part) for n in deep.findall(b))])
        if width * height > limit:
            raise InvalidInput(
                Msg("excel_too_many_cells", sheet=sheet, rows=height, columns=width, limit=limit),
                source=source,
            )
        covered = sum(_area(merge, height, width) for merge in reach.merges)
        if covered > height * width:
            raise InvalidInput(
                Msg("excel_merged_overlap", sheet=sheet, cells=covered), source=source
            )
    return sheets


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, config: SchoolConfig) -> _Reach | None:
    """The unusual addresses, bare rows and cells, cells and merged ranges of a sheet part;
    None when the part holds no <sheetData>. Cells are counted only in a part big enough to
    hold too many (`<c/>` is 4 bytes); merged ranges up to one more than [import] max_rows."""
    reach, started = _Reach(), False
    count_cells = part.file_size > 4 * cell_limit(config)
    for chunk in _tags(archive, part):
        buffer = chunk
        if not started:
            found = _SHEET_DATA.search(buffer)
            if found is None:
                continue
            started, buffer = True, buffer[found.start() :]
        for letters, number in _UNUSUAL.findall(buffer):
            reach.letters.add(letters)
            reach.numbers.add(number)
        if count_cells:  # `<col` and text with `:c` count too: only stricter
            reach.cells += buffer.count(b"<c") + buffer.count(b":c")
        if not reach.bare:
            reach.bare = any(pattern.search(buffer) for pattern in _BARE)
        for ref in _MERGE.findall(buffer):
            if len(reach.merges) > config.imports.max_rows:
                break
            merge = _merge(ref)
            if merge is not None:
                reach.merges.append(merge)
    return reach if started else None


def _counted(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo, config: SchoolConfig
) -> tuple[int, int]:
    """(rows, columns) a sheet with rows or cells without an address spans, counted as calamine
    counts: a row without `r` follows the one before, a cell without `r` the cell before it.
    Stops as soon as the sheet is too big."""
    limit, max_rows = cell_limit(config), config.imports.max_rows
    row = column = 0  # where the next row and cell go (from 0)
    bottom = right = 0  # the sheet's extent so far (from 1)
    for buffer in _tags(archive, part):
        for closing, name, attrs, empty in _POSITION.findall(buffer):
            address = None if closing else _ADDRESS.search(attrs)
            if name == b"row":
                if address is not None:
                    row = int(address.group(2)) - 1
                if closing or empty:  # calamine reads <row/> as <row></row>
                    row, column = row + 1, 0
                continue
            if closing:
                continue
            at = row
            if address is not None and address.group(1):
                at, column = int(address.group(2)) - 1, column_number(address.group(1)) - 1
            bottom, right = max(bottom, at + 1), max(right, column + 1)
            column += 1
        if right > MAX_COLUMNS or bottom > max_rows or bottom * right > limit:
            break
    return bottom, right


def _merge(ref: bytes) -> Merge | None:
    found = _REF.fullmatch(ref.strip())
    if found is None:
        return None  # calamine and openpyxl refuse it, or leave it out
    c0, r0, c1, r1 = found.groups()
    first = (int(r0), column_number(c0))
    last = (int(r1), column_number(c1)) if c1 and r1 else first
    return (*first, *last)


def _area(merge: Merge, height: int, width: int) -> int:
    """The cells of a merged range within the sheet's first `height` rows and `width` columns."""
    r0, c0, r1, c1 = merge
    return max(0, min(r1, height) - r0 + 1) * max(0, min(c1, width) - c0 + 1)


def _tags(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes in pieces of about a megabyte, each cut before a `<`: a tag is whole."""
    carry = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut <= 0:
                if len(buffer) > 4 * CHUNK:
                    raise ValueError("a tag of megabytes")
                carry = buffer
                continue
            carry = buffer[cut:]
            yield buffer[:cut]
    if carry:
        yield carry


def column_number(letters: bytes | str) -> int:
    """`A` -> 1, `AB` -> 28, `XFD` -> 16384."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    number = 0
    for letter in text.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet part's name as the teacher sees it (`xl/worksheets/sheet2.xml` -> `Periode
    2`), from xl/workbook.xml and its relationships; empty when they cannot be read."""
    try:
        parts = [archive.getinfo(n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
        if any(part.file_size > 10_000_000 for part in parts):
            return {}
        book, rels = (ElementTree.fromstring(archive.read(part)) for part in parts)
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = target
    names = {}
    for element in book.iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), "")
        if rid in targets:
            names[targets[rid]] = element.get("name", "")
    return names


def _looks_like_text(head: bytes) -> bool:
    """A text file (a CSV saved under an .xlsx name): UTF-16 with its mark, or no NUL bytes
    and hardly any control characters."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\r\n\f")
    return controls <= len(head) // 100


def select_sheets(
    names: Sequence[str], visible: Sequence[bool], config: SchoolConfig, source: str
) -> list[str]:
    """`[import] sheet` (exact, else ignoring case and spaces), or every visible sheet."""
    wanted = config.imports.sheet
    if wanted is None:
        return [name for name, shown in zip(names, visible, strict=True) if shown]
    if wanted in names:
        return [wanted]
    folded = [name for name in names if name.strip().casefold() == wanted.strip().casefold()]
    if folded:
        return folded[:1]
    raise InvalidInput(
        Msg("excel_no_such_sheet", sheet=wanted, sheets=", ".join(names)), source=source
    )


def _check_rows(name: str, rows: int, config: SchoolConfig, source: str) -> None:
    limit = config.imports.max_rows
    if rows > limit:
        raise InvalidInput(
            Msg("excel_too_many_rows", sheet=name, rows=rows, limit=limit), source=source
        )


def _read_calamine(path: Path, config: SchoolConfig) -> Book:
    book = python_calamine.CalamineWorkbook.from_path(path)
    try:
        meta = book.sheets_metadata
        names = [m.name for m in meta]
        visible = [
            m.typ == python_calamine.SheetTypeEnum.WorkSheet
            and m.visible == python_calamine.SheetVisibleEnum.Visible
            for m in meta
        ]
        sheets = []
        for name in select_sheets(names, visible, config, path.name):
            sheet = book.get_sheet_by_name(name)
            end = sheet.end
            _check_rows(name, 0 if end is None else end[0] + 1, config, path.name)
            rows = sheet.to_python(skip_empty_area=False) if end is not None else []
            sheets.append(Sheet(name, fill_merged(rows, sheet.merged_cell_ranges or [])))
        return Book(names, sheets)
    finally:
        book.close()


def _read_openpyxl(path: Path, config: SchoolConfig) -> Book:
    import openpyxl

    book = openpyxl.load_workbook(path, data_only=True)  # not read-only: merged ranges
    try:
        names = list(book.sheetnames)
        worksheets = {ws.title: ws for ws in book.worksheets}
        visible = [
            name in worksheets and worksheets[name].sheet_state == "visible" for name in names
        ]
        sheets = []
        for name in select_sheets(names, visible, config, path.name):
            ws = worksheets.get(name)
            if ws is None:  # a chart sheet holds no cells
                sheets.append(Sheet(name, []))
                continue
            _check_rows(name, ws.max_row, config, path.name)
            rows = [
                ["" if v is None else v for v in row]
                for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)
            ]
            ranges: list[Range] = [
                ((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1))
                for r in ws.merged_cells.ranges
            ]
            if not any(not is_blank(v) for row in rows for v in row):
                rows = []
            sheets.append(Sheet(name, fill_merged(rows, ranges)))
        return Book(names, sheets)
    finally:
        book.close()


def fill_merged(rows: list[list[Cell]], ranges: Sequence[Range]) -> list[list[Cell]]:
    """Every cell of a merged range holds the range's value; not so a range merged across
    from the sheet's first used column (a title or a banner such as "Kerstvakantie"). A range
    reaching past the sheet's cells is cut off there: it holds no more cells of the plan. The
    ranges together cover no more cells than the sheet has (`check_file` refused the rest)."""
    if not ranges or not rows:
        return rows
    width = len(rows[0])
    first_col = width
    for row in rows:
        first_col = next((j for j in range(first_col) if not is_blank(row[j])), first_col)
        if first_col == 0:
            break
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        if is_blank(value) or (c0 <= first_col and c1 > c0):
            continue
        end = min(c1, width - 1) + 1
        filled = [value] * (end - c0)
        for row in rows[r0 : r1 + 1]:
            row[c0:end] = filled
    return rows


# --- cells ------------------------------------------------------------------------------------

# Excel's day 0: serial numbers in a date column that was not formatted as a date.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(20_000, 80_000)  # 1954 .. 2119: anything else is not a plausible date
DATE_COLUMNS = ("date", "announced")
TIME_COLUMNS = ("start", "end")


def is_blank(value: Cell) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def serial_date(value: Cell) -> dt.date | None:
    """An Excel date serial number (46091, 46091.0 or the text "46091") as a date."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            return None
        value = int(text)
    if isinstance(value, int | float) and float(value).is_integer() and int(value) in SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


def cell_text(value: Cell, column: str = "") -> str:
    """A cell as the text `finalize` understands: ISO dates, HH:MM times, plain numbers."""
    kind = value.__class__
    if kind is str:
        if column in DATE_COLUMNS:
            day = serial_date(value)
            if day is not None:
                return day.isoformat()
        return str(value)
    if kind is dt.date:
        return str(value.isoformat())
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if column in TIME_COLUMNS:
            return f"{value:%H:%M}"
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, dt.timedelta):  # a duration cell: the time of day it stands for
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return ""
        if column in DATE_COLUMNS:
            day = serial_date(value)
            if day is not None:
                return day.isoformat()
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value).strip()


def column_texts(values: Sequence[Cell], column: str) -> list[str]:
    """A whole column as text. Each distinct value is converted once: a plan has thousands of
    rows but a few hundred dates and numbers."""
    classes = {v.__class__ for v in values}
    if classes <= {str} and column not in DATE_COLUMNS:
        return list(values)
    if bool in classes:  # True == 1 as a key: convert one by one
        return [cell_text(v, column) for v in values]
    texts = {v: cell_text(v, column) for v in set(values)}
    return [texts[v] for v in values]
