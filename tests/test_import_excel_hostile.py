"""Hostile workbooks: small files that would make calamine allocate gigabytes (and abort the
process) or run for minutes are refused before it sees them, in one line naming the file.
Each is made here with zipfile, a few kilobytes; ordinary workbooks still read in full."""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner import load_config
from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.importers import read_file

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = '<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{label}</t></is></c>'
    for col, label in zip("ABCD", ("Datum", "Klas", "Vak", "Soort"), strict=True)
)
HEADER += "</row>"
SECONDS = 10  # generous: each of these takes well under a second


def plan_row(n: int, *, address: bool = True) -> str:
    """Spreadsheet row n: 9 March 2026, 2A, wiskunde, PW."""
    cells = [("A", "<v>46090</v>", ""), ("B", "<is><t>2A</t></is>", ' t="inlineStr"')]
    cells += [("C", "<is><t>wiskunde</t></is>", ' t="inlineStr"')]
    cells += [("D", "<is><t>PW</t></is>", ' t="inlineStr"')]
    row = f' r="{n}"' if address else ""
    return (
        f"<row{row}>"
        + "".join(
            f"<c{f' r={chr(34)}{col}{n}{chr(34)}' if address else ''}{kind}>{value}</c>"
            for col, value, kind in cells
        )
        + "</row>"
    )


def workbook(
    path: Path,
    rows: str,
    *,
    after: str = "",
    shared: str | None = None,
    stored: bool = False,
) -> Path:
    """A one-sheet workbook ("Planning") with `rows` in its sheetData, `after` behind it
    (merged cells), and a shared-strings part when given."""
    strings = (
        '<Relationship Id="rId2" Type="' + DOC + '/sharedStrings" Target="sharedStrings.xml"/>'
        if shared is not None
        else ""
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC}"><sheets>'
            '<sheet name="Planning" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/worksheet" '
            f'Target="worksheets/sheet1.xml"/>{strings}</Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData>{after}</worksheet>'
        ),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def school(max_rows: int | None = None) -> SchoolConfig:
    """The defaults (planner.load_config()), or with `[import] max_rows`."""
    if max_rows is None:
        return load_config()
    return parse_config({"import": {"max_rows": max_rows}}, "test.toml")


def refused(path: Path, config: SchoolConfig | None = None) -> str:
    """The one line (in English) with which reading `path` is refused, within SECONDS."""
    start = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        read_file(path, config or school())
    assert time.perf_counter() - start < SECONDS
    line = caught.value.one_line("en")
    assert "\n" not in line and line.startswith(f"{path.name}: ")
    return line


# --- 1. shared strings declaring a billion ---------------------------------------------------


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_a_billion_shared_strings_end_the_check_in_one_line_under_a_gigabyte(
    tmp_path: Path,
) -> None:
    """calamine reserves room for uniqueCount strings first: 96 GB, and the process aborted."""
    counts = 'count="4000000000" uniqueCount="4000000000"'
    shared = f'<sst xmlns="{MAIN}" {counts}><si><t>Datum</t></si></sst>'
    path = workbook(tmp_path / "strings.xlsx", HEADER, shared=shared)
    assert path.stat().st_size < 3000
    planner = Path(sys.executable).with_name("planner")
    start = time.perf_counter()
    done = subprocess.run(
        [str(planner), "check", "--lang", "en", str(path)],
        capture_output=True,
        text=True,
        preexec_fn=_cap_memory,
        timeout=60,
        env={**os.environ, "RUST_BACKTRACE": "0"},
    )
    assert time.perf_counter() - start < SECONDS + 5  # a cold interpreter starts too
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        "planner: strings.xlsx: part xl/sharedStrings.xml declares 4000000000 strings, more "
        "than 10000000 (the cells its sheets may hold): not an ordinary workbook\n"
    )


@pytest.mark.parametrize(
    ("shared", "declared"),
    [
        (f'<sst xmlns="{MAIN}" uniqueCount="1000001"/>', 1000001),
        (f"<x:sst xmlns:x='{MAIN}' count='1000001' uniqueCount='1'/>", 1000001),
        (f'<sst xmlns="{MAIN}" count = " 999999999999" uniqueCount="1"/>', 999999999999),
    ],
)
def test_declared_counts_beyond_the_sheets_are_refused(
    tmp_path: Path, shared: str, declared: int
) -> None:
    path = workbook(tmp_path / "strings.xlsx", HEADER, shared=shared)
    assert refused(path, school(max_rows=1000)) == (
        f"strings.xlsx: part xl/sharedStrings.xml declares {declared} strings, more than "
        "1000000 (the cells its sheets may hold): not an ordinary workbook"
    )


def test_honest_shared_strings_within_the_limits_are_read(tmp_path: Path) -> None:
    shared = (
        f'<sst xmlns="{MAIN}" count="8" uniqueCount="4"><si><t>Datum</t></si><si><t>2A</t></si>'
        "<si><t>wiskunde</t></si><si><t>PW</t></si></sst>"
    )
    cells = '<row r="2"><c r="A2"><v>46090</v></c>' + "".join(
        f'<c r="{col}2" t="s"><v>{n}</v></c>' for n, col in enumerate("BCD", start=1)
    )
    path = workbook(tmp_path / "ok.xlsx", HEADER + cells + "</row>", shared=shared)
    table, problems = read_file(path, school(max_rows=1000))
    assert problems == []
    assert table[["group", "subject", "kind"]].values.tolist() == [["2A", "wiskunde", "proefwerk"]]


# --- 2 and 3. cells without an address: calamine counts their positions ---------------------


def test_a_row_without_addresses_past_excels_last_column(tmp_path: Path) -> None:
    """No <dimension>, no `r`: calamine put these cells in columns 1..300000 (78 GB)."""
    wide = "<row>" + "".join(f"<c><v>{n % 997}</v></c>" for n in range(300_000)) + "</row>"
    path = workbook(tmp_path / "wide.xlsx", wide + plan_row(600))
    assert path.stat().st_size < 100_000
    line = refused(path)
    assert line.startswith("wide.xlsx: sheet 'Planning' reaches column ")
    assert line.endswith(", past Excel's last column (16384, XFD): not an ordinary workbook")
    assert int(line.split("reaches column ")[1].split(",")[0]) > 16384


def test_one_wide_row_without_addresses_over_a_long_plan(tmp_path: Path) -> None:
    """16384 columns by 25000 rows: 13 GB in calamine and a minute and a half before."""
    wide = '<row r="1">' + "<c><v>1</v></c>" * 16384 + "</row>"
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 25_001))
    path = workbook(tmp_path / "wide.xlsx", wide + body)
    assert path.stat().st_size < 250_000
    assert refused(path) == (
        "wide.xlsx: sheet 'Planning' spans 25000 rows by 16384 columns, more than 10000000 "
        "cells: is there something far to the right of or below the table? Remove it or split "
        "the file"
    )


def test_rows_without_addresses_count_down(tmp_path: Path) -> None:
    rows = "<row><c><v>1</v></c></row>" * 1001 + "<row/>" * 5
    path = workbook(tmp_path / "long.xlsx", rows)
    assert refused(path, school(max_rows=1000)) == (
        "long.xlsx: sheet 'Planning' has 1001 rows, more than [import] max_rows = 1000: split "
        "the file or raise max_rows"
    )


@pytest.mark.parametrize(
    "far",
    [
        "<c r='XFD1048576'><v>1</v></c>",  # single quotes
        '<c r = "XFD1048576"><v>1</v></c>',  # spaces around =
        '<c s="0" r="XFD1048576"><v>1</v></c>',  # the address not first
        '<x:c xmlns:x="' + MAIN + '" r="XFD1048576"><x:v>1</x:v></x:c>',  # a prefix
    ],
)
def test_a_far_cell_written_another_way_is_still_seen(tmp_path: Path, far: str) -> None:
    path = workbook(tmp_path / "far.xlsx", HEADER + f'<row r="1048576">{far}</row>')
    assert refused(path) == (
        "far.xlsx: sheet 'Planning' has 1048576 rows, more than [import] max_rows = 200000: "
        "split the file or raise max_rows"
    )


def test_a_sheet_stored_elsewhere_is_checked_too(tmp_path: Path) -> None:
    path = workbook(tmp_path / "elders.xlsx", HEADER + '<row r="900000"><c r="A900000"/></row>')
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/elders/blad.xml"] = parts.pop("xl/worksheets/sheet1.xml")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"worksheets/sheet1.xml", b"elders/blad.xml"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "has 900000 rows, more than [import] max_rows = 200000" in refused(path)


def test_more_cells_than_a_sheet_may_hold(tmp_path: Path) -> None:
    """Cells at one address are one cell to Excel, but calamine keeps each of them."""
    path = workbook(tmp_path / "cells.xlsx", "<c/>" * 1_000_001, stored=True)
    assert refused(path, school(max_rows=1000)) == (
        "cells.xlsx: sheet 'Planning' holds 1000001 cells, more than 1000000: split the file"
    )


# --- 4. merged ranges -------------------------------------------------------------------------


def test_two_thousand_overlapping_merged_ranges(tmp_path: Path) -> None:
    """Every range filled in cell by cell took 80 seconds."""
    rows = HEADER + plan_row(2) + '<row r="5000"><c r="Z5000"><v>1</v></c></row>'
    merges = "".join(f'<mergeCell ref="B2:Z{2 + 2 * k}"/>' for k in range(2000))
    path = workbook(tmp_path / "merged.xlsx", rows, after=f"<mergeCells>{merges}</mergeCells>")
    assert path.stat().st_size < 10_000
    assert refused(path) == (
        "merged.xlsx: sheet 'Planning': merged ranges overlap (together 100000000 cells, more "
        "than the sheet has): open the file in Excel and save it again"
    )


def test_more_merged_ranges_than_max_rows(tmp_path: Path) -> None:
    merges = "".join(f'<mergeCell ref="A{n}:B{n}"/>' for n in range(1, 1100))
    path = workbook(tmp_path / "merged.xlsx", HEADER, after=f"<mergeCells>{merges}</mergeCells>")
    assert refused(path, school(max_rows=1000)) == (
        "merged.xlsx: sheet 'Planning' has 1001 or more merged ranges, more than [import] "
        "max_rows = 1000: unmerge them or split the file"
    )


# --- what already held ------------------------------------------------------------------------

LAUGHS = "<!DOCTYPE l [<!ENTITY a0 'ha'>" + "".join(
    f"<!ENTITY a{n} '{f'&a{n - 1};' * 10}'>" for n in range(1, 10)
)
LAUGHS += "]>"


@pytest.mark.parametrize(
    ("doctype", "entity"),
    [(LAUGHS, "&a9;"), ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;")],
)
def test_entities_are_never_expanded(tmp_path: Path, doctype: str, entity: str) -> None:
    path = workbook(tmp_path / "entity.xlsx", HEADER + plan_row(2).replace("2A", entity))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = doctype.encode() + parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    line = refused(path)
    assert "root:" not in line and "haha" not in line


# --- ordinary workbooks -----------------------------------------------------------------------


def test_an_ordinary_large_workbook_with_merged_cells_reads_in_full(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Planning"
    sheet.append(["Toetsplanning 2025-2026"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Datum", "Klas", "Vak", "Soort", "Omschrijving", "Docent"])
    first = dt.date(2025, 9, 1)
    for n in range(3000):
        day = first + dt.timedelta(days=n // 20)
        sheet.append([day, f"{1 + n % 3}A", "wiskunde", "PW", f"H{n % 9}", "ABC"])
    for start in range(3, 3003, 20):  # each day's date merged over its 20 rows
        sheet.merge_cells(start_row=start, start_column=1, end_row=start + 19, end_column=1)
    path = tmp_path / "groot.xlsx"
    book.save(path)
    start = time.perf_counter()
    table, problems = read_file(path, school())
    assert time.perf_counter() - start < SECONDS
    assert problems == []
    assert len(table) == 3000
    assert table["date"].dt.date.tolist()[::20] == [
        first + dt.timedelta(days=n) for n in range(150)
    ]


def test_a_plan_written_without_addresses_reads_like_any_other(tmp_path: Path) -> None:
    rows = HEADER.replace(' r="1"', "").replace(' r="A1"', "").replace(' r="B1"', "")
    rows = rows.replace(' r="C1"', "").replace(' r="D1"', "")
    rows += "".join(plan_row(n, address=False) for n in range(2, 502))
    path = workbook(tmp_path / "kaal.xlsx", rows)
    table, problems = read_file(path, school(max_rows=1000))
    assert problems == []
    assert len(table) == 500 and table["row"].tolist() == list(range(2, 502))
