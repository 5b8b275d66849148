"""Reading uploaded bytes (planner/views/upload.py): the sample files, members detection, the
column-mapping step, bad files and bad rows, and the tables the upload page shows."""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE_DIR

from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.importers import read_file, read_members
from planner.importers.upload import FileRead, read_upload, safe_name, with_mapping
from planner.storage import Store
from planner.views.upload import (
    check_mapping,
    guess_mapping,
    mapping_toml,
    preview,
    problems_frame,
    stored_message,
    uploads_frame,
)

OWN_COLUMNS = (
    b"Toetsmoment;Lesgroep;Vak;Toetsvorm;Wat\n"
    b"10-03-2026;2A;wiskunde;PW;H3 Vergelijkingen\n"
    b"11-03-2026;2B;Engels;SO;Words unit 4\n"
)
MAPPING = {
    "Toetsmoment": "date",
    "Lesgroep": "group",
    "Vak": "subject",
    "Toetsvorm": "kind",
    "Wat": "title",
}


@pytest.fixture(scope="module")
def sample_config() -> SchoolConfig:
    text = (SAMPLE_DIR / "school.toml").read_text(encoding="utf-8")
    return parse_config(tomllib.loads(text), "school.toml")


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the sample files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("plan.csv", "plan"),
        ("plan-4havo.xlsx", "plan"),
        ("plan-2a.ics", "plan"),
        ("members.csv", "members"),
    ],
)
def test_each_sample_file_reads_as_planner_check_reads_it(
    name: str, what: str, sample_config: SchoolConfig
) -> None:
    path = SAMPLE_DIR / name
    read = read_upload(name, path.read_bytes(), sample_config)
    assert read.ok and read.recognised and read.error is None
    assert read.what == what
    assert read.problems == ()
    if what == "members":
        expected, _ = read_members(path)
    else:
        expected, _ = read_file(path, sample_config)
    assert read.table is not None
    pd.testing.assert_frame_equal(read.table, expected)


def test_the_file_type_follows_the_content_not_the_name(sample_config: SchoolConfig) -> None:
    content = (SAMPLE_DIR / "plan-4havo.xlsx").read_bytes()
    read = read_upload("plan-4havo.csv", content, sample_config)
    assert read.ok and read.rows == 101


def test_a_browser_path_keeps_only_the_file_name() -> None:
    assert safe_name("C:\\Users\\docent\\plan.csv") == "plan.csv"
    assert safe_name("/tmp/x/plan.csv") == "plan.csv"
    assert safe_name("..") == "upload"
    assert safe_name("") == "upload"


# --- members ----------------------------------------------------------------------------------


def test_members_are_detected_by_pupil_and_group_columns_and_names_dropped() -> None:
    content = b"leerling;klas;naam\n1001;2A;Piet Jansen\n1002;2A, wisB;Jan de Vries\n"
    read = read_upload("groepen.csv", content, parse_config({}))
    assert read.what == "members" and read.ok
    assert read.table is not None
    assert list(read.table.columns) == ["pupil", "group"]
    assert read.table.to_dict("records") == [
        {"pupil": "1001", "group": "2A"},
        {"pupil": "1002", "group": "2A"},
        {"pupil": "1002", "group": "wisB"},
    ]


def test_a_plan_with_an_id_and_a_group_is_no_members_file() -> None:
    content = b"id,date,group,subject,kind\nx1,2026-03-10,2A,wiskunde,PW\n"
    read = read_upload("plan.csv", content, parse_config({}))
    assert read.what == "plan" and read.rows == 1


def test_a_members_file_with_empty_cells_reports_them() -> None:
    content = b"pupil,group\n1001,2A\n1002,\n"
    read = read_upload("members.csv", content, parse_config({}), lang="en")
    assert read.what == "members" and read.rows == 1
    assert [(p.row, p.column) for p in read.problems] == [(3, "group")]


def test_asked_for_members_a_plan_file_says_which_columns_it_needs() -> None:
    content = (SAMPLE_DIR / "plan.csv").read_bytes()
    read = read_upload("plan.csv", content, parse_config({}), lang="en", want="members")
    assert not read.ok and read.error is not None
    assert "needs a pupil column" in read.error.one_line("en")


# --- the column-mapping step ------------------------------------------------------------------


def test_unrecognised_columns_come_back_for_mapping() -> None:
    read = read_upload("toetsen.csv", OWN_COLUMNS, parse_config({}), lang="en")
    assert not read.ok and not read.recognised
    assert isinstance(read.error, InvalidInput)
    assert "missing required column(s) date" in read.error.one_line("en")
    assert read.columns == tuple(MAPPING)
    assert guess_mapping(read.columns) == {
        "Toetsmoment": "",
        "Lesgroep": "group",
        "Vak": "subject",
        "Toetsvorm": "kind",
        "Wat": "",
    }


def test_reading_again_with_a_mapping_loads_the_rows() -> None:
    config = parse_config({})
    read = read_upload("toetsen.csv", OWN_COLUMNS, config, mapping=MAPPING)
    assert read.ok and read.rows == 2 and read.problems == ()
    assert read.mapping == MAPPING
    assert read.table is not None
    assert read.table["title"].tolist() == ["H3 Vergelijkingen", "Words unit 4"]
    assert config.imports.columns == {}  # the plan's own config is untouched


def test_the_mapping_as_school_toml_reads_the_file_without_asking() -> None:
    snippet = mapping_toml(MAPPING)
    config = parse_config(tomllib.loads(snippet), "school.toml")
    read = read_upload("toetsen.csv", OWN_COLUMNS, config)
    assert read.ok and read.rows == 2


def test_an_excel_sheet_with_own_column_names_can_be_mapped() -> None:
    content = xlsx(
        [
            ["Planning wiskunde"],
            ["Toetsmoment", "Lesgroep", "Vak", "Toetsvorm"],
            ["2026-03-10", "4H1", "wiskunde", "PW"],
        ]
    )
    read = read_upload("wiskunde.xlsx", content, parse_config({}))
    assert not read.ok and read.columns == ("Toetsmoment", "Lesgroep", "Vak", "Toetsvorm")
    mapped = read_upload(
        "wiskunde.xlsx", content, parse_config({}), mapping={"Toetsmoment": "date"}
    )
    assert mapped.ok and mapped.rows == 1


def test_check_mapping_names_a_column_chosen_twice_or_missing() -> None:
    assert check_mapping(MAPPING, "en") is None
    twice = check_mapping({**MAPPING, "Wat": "date"}, "nl")
    assert twice is not None and "datum" in twice and "Toetsmoment, Wat" in twice
    missing = check_mapping({**MAPPING, "Toetsmoment": ""}, "en")
    assert missing == "also choose a column for: date"


def test_with_mapping_refuses_a_column_that_is_not_ours() -> None:
    with pytest.raises(ValueError, match="not a column"):
        with_mapping(parse_config({}), {"x": "lokaal"})


# --- bad files and bad rows -------------------------------------------------------------------


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("plan.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n" + bytes(range(256)), "CSV"),
        ("plan.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "CSV"),
        ("plan.csv", b"", "leeg"),
        ("plan.xlsx", xlsx([["Notities"], ["geen planning"]]), "werkblad"),
        ("plan.xlsx", _docx(), "Excel"),
        ("plan.tsv", b"just one line of text\n", "kolom"),
    ],
    ids=["pdf-as-csv", "png-as-csv", "empty", "xlsx-without-plan", "docx-as-xlsx", "one-column"],
)
def test_a_file_that_is_no_plan_comes_back_with_its_message(
    name: str, content: bytes, says: str
) -> None:
    read = read_upload(name, content, parse_config({}))
    assert not read.ok and read.error is not None
    text = read.error.one_line("nl")
    assert text.startswith(name) and says in text
    assert preview(read, "nl").empty


def test_bad_rows_are_problems_while_the_good_rows_load() -> None:
    content = (
        b"datum;klas;vak;soort\n"
        b"10-03-2026;2A;wiskunde;PW\n"
        b"31-02-2026;2A;Engels;SO\n"
        b"12-03-2026;2A;Frans;tentamen2\n"
        b"13-03-2026;2A;biologie;SO\n"
    )
    read = read_upload("2a.csv", content, parse_config({}), lang="en")
    assert read.ok and read.rows == 2
    frame = problems_frame(read.problems, "en")
    assert list(frame.columns) == ["file", "row", "column", "value", "message"]
    assert frame[["row", "column", "value"]].values.tolist() == [
        [3, "date", "31-02-2026"],
        [4, "kind", "tentamen2"],
    ]
    assert frame["file"].unique().tolist() == ["2a.csv"]
    assert problems_frame(read.problems, "nl").columns.tolist() == [
        "bestand",
        "rij",
        "kolom",
        "waarde",
        "melding",
    ]


# --- what the page shows ----------------------------------------------------------------------


def test_the_preview_shows_the_rows_as_understood_with_dutch_dates() -> None:
    content = b'date,group,subject,kind,minutes\n2026-03-10,"2A, 2B",wiskunde,toets,\n'
    content += b"2026-03-11,2A,Engels,HW,20\n"
    read = read_upload("plan.csv", content, parse_config({}))
    nl = preview(read, "nl")
    assert nl.columns.tolist()[:5] == ["rij", "datum", "groep", "vak", "soort"]
    assert nl["datum"].tolist() == ["di 10 mrt 2026", "di 10 mrt 2026", "wo 11 mrt 2026"]
    assert nl["groep"].tolist() == ["2A", "2B", "2A"]
    assert nl["soort"].tolist() == ["proefwerk", "proefwerk", "huiswerk"]
    assert nl["minuten"].tolist() == ["", "", "20"]
    en = preview(read, "en", limit=1)
    assert en["date"].tolist() == ["Tue 10 Mar 2026"]


def test_the_preview_of_a_members_file() -> None:
    read = read_upload("m.csv", b"pupil,group\n7,2A\n", parse_config({}))
    assert preview(read, "en").to_dict("records") == [{"pupil": "7", "group": "2A"}]


def test_uploads_frame_and_stored_message(tmp_path: Path) -> None:
    config = parse_config({})
    read = read_upload("toetsen.csv", OWN_COLUMNS, config, mapping=MAPPING)
    members = read_upload("m.csv", b"pupil,group\n7,2A\n", config)
    assert read.table is not None and members.table is not None
    with Store(str(tmp_path / "s.db")) as store:
        store.create_plan("P", person="Anna")
        change = store.upload(
            "P", read.table, file_name=read.name, person="Anna", content=read.content
        )
        assert stored_message(read, change.detail, "nl") == (
            "toetsen.csv: 2 rijen opgeslagen, 0 vervangen"
        )
        change = store.upload(
            "P", read.table, file_name=read.name, person="Bert", replace="teacher"
        )
        assert stored_message(read, change.detail, "en") == (
            "toetsen.csv: 2 rows stored, 2 replaced"
        )
        change = store.upload_members("P", members.table, file_name="m.csv", person="Anna")
        assert stored_message(members, change.detail, "en") == (
            "m.csv: 1 memberships stored, 0 replaced"
        )
        frame = uploads_frame(store.uploads("P"), "nl")
    assert frame.columns.tolist() == [
        "wijziging",
        "wanneer",
        "wie",
        "bestand",
        "soort",
        "rijen",
        "problemen",
        "vervangt per",
    ]
    assert frame["wie"].tolist() == ["Anna", "Bert", "Anna"]  # newest first
    assert frame["soort"].tolist() == ["leerlingen", "planning", "planning"]
    assert frame["vervangt per"].tolist() == ["", "docent en vak", "bestand"]
    assert frame["rijen"].tolist() == [1, 2, 2]


def test_a_file_read_knows_its_hash_and_rows() -> None:
    read = FileRead("x.csv", b"abc")
    assert not read.ok and read.rows == 0 and read.recognised
    assert read.sha256.startswith("ba7816bf")
