"""Tables with a very wide header (up to Excel's 16384 columns): only the columns the planner
reads are built, the plan reads as it does without the other columns, a school's own mapping
still reaches a column far to the right, and the mapping step lists a bounded number of labels.
How fast: bench/bench_hostile.py (cases xlsx-wide-header, csv-wide-header)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planner import load_config, read_plan
from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers import read_file
from planner.importers.common import LISTED_LABELS, finalize, read_positions
from planner.importers.excel_book import read_book
from planner.importers.from_csv import read_csv_cells, read_csv_header
from planner.importers.from_excel import find_header, sheet_cells
from planner.importers.upload import MAPPING_COLUMNS, file_columns, read_upload
from planner.model import ImportProblem
from tests import hostile

CONFIG = load_config(None)
OURS = ("Datum", "Klas", "Vak", "Soort")
UNKNOWN = tuple(f"kolom {c}" for c in range(1, hostile.WIDE + 1))
EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def read_both(
    tmp_path: Path, name: str, wide: bytes, narrow: bytes, config: SchoolConfig = CONFIG
) -> tuple[tuple[pd.DataFrame, list[ImportProblem]], tuple[pd.DataFrame, list[ImportProblem]]]:
    """The same file name read once with the wide content, once with the narrow one."""
    results = []
    for folder, content in (("wide", wide), ("narrow", narrow)):
        path = tmp_path / folder / name
        path.parent.mkdir()
        path.write_bytes(content)
        results.append(read_file(path, config))
    return results[0], results[1]


def test_a_workbook_with_16384_header_labels_reads_as_its_own_four_columns(
    tmp_path: Path,
) -> None:
    (table, problems), (narrow, narrow_problems) = read_both(
        tmp_path, "plan.xlsx", hostile.wide_header(), hostile.wide_header(OURS)
    )
    assert len(table) == hostile.WIDE_ROWS and problems == []
    pd.testing.assert_frame_equal(table, narrow)
    assert problems == narrow_problems
    assert set(table["subject"]) == {"wiskunde"}
    assert table["row"].tolist() == list(range(2, hostile.WIDE_ROWS + 2))


def test_a_csv_with_16384_header_labels_reads_as_its_own_four_columns(tmp_path: Path) -> None:
    (table, problems), (narrow, narrow_problems) = read_both(
        tmp_path, "plan.csv", hostile.wide_csv().encode(), hostile.wide_csv(OURS).encode()
    )
    assert len(table) == hostile.WIDE_ROWS and problems == []
    pd.testing.assert_frame_equal(table, narrow)
    assert problems == narrow_problems


def test_a_sheet_builds_only_the_columns_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(hostile.wide_header())
    (sheet,) = read_book(path, CONFIG).sheets
    assert len(sheet.rows[0]) == hostile.WIDE
    header = find_header(sheet.rows, {})
    assert header == 0
    cells, numbers, labels = sheet_cells(sheet.rows, header, {})
    assert list(cells.columns) == list(OURS)
    assert cells.iloc[0].tolist() == ["2026-03-09", "2A", "wiskunde", "PW"]
    assert labels == list(hostile.WIDE_LABELS)  # the file's own header, for messages
    assert numbers[:2] == [2, 3]


def test_a_csv_builds_the_columns_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(hostile.wide_csv(rows=2), encoding="utf-8")
    cells, rows, problems = read_csv_cells(path, columns=lambda names: [2, 0])
    assert list(cells.columns) == ["Vak", "Datum"]
    assert cells.values.tolist() == [["wiskunde", "10-03-2026"]] * 2
    assert rows == [2, 3] and problems == []
    assert read_csv_header(path) == list(hostile.WIDE_LABELS)
    assert read_csv_cells(path)[0].shape == (2, hostile.WIDE)  # by default every column


def test_the_columns_read_are_ours_the_schools_and_a_cancelled_mark() -> None:
    labels = ["Datum", "eigen", "Toetsmoment", "Vervallen", "klas", "Type", "column 7", "x"]
    assert read_positions(labels) == [0, 3, 4, 5]
    assert read_positions(labels, {"toetsmoment": "date", "column 7": "notes"}) == [
        0,
        2,
        3,
        4,
        5,
        6,
    ]


def test_a_column_the_school_maps_far_to_the_right_is_read(tmp_path: Path) -> None:
    far = hostile.WIDE_LABELS[9000]
    lines = hostile.wide_csv(rows=2).splitlines()
    lines[1] += ";" * (9000 - 3) + "H3 Vergelijkingen"
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = parse_config({"import": {"columns": {far: "title"}}}, "school.toml")
    table, problems = read_file(path, config)
    assert problems == []
    assert table["title"].tolist() == ["H3 Vergelijkingen", ""]


def test_an_unknown_wide_csv_names_some_labels_and_offers_the_first_to_map() -> None:
    text = "\n".join([";".join(UNKNOWN), *["10-03-2026;2A;wiskunde;PW"] * 20]) + "\n"
    read = read_upload("toetsen.csv", text.encode(), CONFIG, lang="en")
    assert not read.ok and isinstance(read.error, InvalidInput)
    shown = ", ".join(UNKNOWN[:LISTED_LABELS])
    more = hostile.WIDE - LISTED_LABELS
    assert read.error.one_line("en") == (
        "toetsen.csv: missing required column(s) date, group, subject, kind "
        f"(found: {shown} and {more} more)"
    )
    assert read.error.one_line("nl").endswith(f"(gevonden: {shown} en nog {more})")
    assert read.columns == UNKNOWN[:MAPPING_COLUMNS]
    mapping = dict(zip(UNKNOWN[:4], ("date", "group", "subject", "kind"), strict=True))
    mapped = read_upload("toetsen.csv", text.encode(), CONFIG, mapping=mapping)
    assert mapped.ok and mapped.rows == 20 and mapped.problems == ()


def test_an_unknown_wide_workbook_offers_the_first_labels_to_map(tmp_path: Path) -> None:
    path = tmp_path / "toetsen.xlsx"
    path.write_bytes(hostile.wide_header(UNKNOWN, rows=5))
    assert file_columns(path, CONFIG) == UNKNOWN[:MAPPING_COLUMNS]
    read = read_upload("toetsen.xlsx", path.read_bytes(), CONFIG, lang="en")
    assert not read.ok and read.columns == UNKNOWN[:MAPPING_COLUMNS]


def test_a_short_list_of_labels_is_named_whole() -> None:
    raw = pd.DataFrame({"Datum": ["10-03-2026"], "Vak": ["wiskunde"]})
    with pytest.raises(InvalidInput) as caught:
        finalize(raw, "plan.csv", CONFIG)
    assert isinstance(caught.value.message, Msg)
    assert caught.value.message.values["found"] == "Datum, Vak"


@pytest.mark.parametrize(
    "name", ["magister-afspraken.csv", "somtoday-studiewijzer.csv", "zermelo-afspraken.csv"]
)
def test_a_school_system_export_with_thousands_of_other_columns_reads_the_same(
    tmp_path: Path, name: str
) -> None:
    """The export is told by its own column names and its cancelled appointments are left out
    the same, with 5000 columns of other fields beside them."""
    text = (EXPORTS / name).read_text(encoding="utf-8")
    delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,").delimiter
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*records[0], *(f"veld {i}" for i in range(5000))])
    writer.writerows([*record, *[""] * 5000] for record in records[1:])
    wide = tmp_path / "wide" / name
    wide.parent.mkdir()
    wide.write_text(out.getvalue(), encoding="utf-8")
    narrow = read_plan([EXPORTS / name], CONFIG)
    plan = read_plan([wide], CONFIG)
    pd.testing.assert_frame_equal(plan.assessments, narrow.assessments)
    assert plan.problems == narrow.problems
    assert len(plan.assessments) >= 3


def test_a_grid_with_three_hundred_group_columns_still_reads(tmp_path: Path) -> None:
    groups = [f"{1 + i // 60}H{1 + i % 60}" for i in range(300)]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", *groups])
    sheet.append(["2026-03-09", *[f"wiskunde PW H{1 + i % 9}" for i in range(300)]])
    sheet.append(["2026-03-10", *["" for _ in groups[:-1]], "Engels SO unit 4"])
    path = tmp_path / "grid.xlsx"
    book.save(path)
    table, problems = read_file(path, CONFIG)
    assert problems == []
    assert len(table) == 301
    assert table["group"].tolist()[:2] == ["1H1", "1H2"]
    assert table.iloc[-1][["group", "subject", "kind"]].tolist() == ["5H60", "Engels", "so"]
