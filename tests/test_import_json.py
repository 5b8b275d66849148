"""The raw JSON of Zermelo, Magister, Somtoday and WebUntis, and the same data flattened to CSV
and Excel, load without a mapping step: the right tests and homework, withdrawn and moved items
counted once, and each file says how it was read."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import check, load_config, read_plan
from planner.cli import main
from planner.errors import InvalidInput
from planner.importers import detect_format, from_json, read_file, read_source
from planner.model import Source

FIXTURES = Path(__file__).parent / "fixtures"
JSON = FIXTURES / "json"
FLAT = FIXTURES / "flattened"
SCHOOL = FIXTURES / "school.toml"
CONFIG = load_config(SCHOOL)


def table_of(path: Path) -> pd.DataFrame:
    table, _ = read_file(path, CONFIG)
    return table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))


def source_of(path: Path) -> Source:
    return read_source(path, CONFIG).source


def test_zermelo_appointments_count_a_moved_test_once() -> None:
    table = table_of(JSON / "zermelo-appointments.json")
    rows = table[["date", "start", "period", "group", "subject", "kind", "teacher"]]
    assert rows.values.tolist() == [
        ["2026-03-10", "08:30", 1, "5v.wisB1", "wisb", "proefwerk", "jns"],
        ["2026-03-10", "08:30", 1, "5v.wisB2", "wisb", "proefwerk", "jns"],
        # the valid version of instance 502 only; its old slot on the 10th is not counted
        ["2026-03-12", "10:40", 3, "5v.nat1", "nat", "proefwerk", "vrs"],
        ["2026-03-13", "13:00", 6, "5v.bi2", "bi", "proefwerk", "1042"],
    ]
    # the instance is the id: a test that moves keeps it from one export to the next
    assert table["id"].tolist() == ["501-5v.wisB1", "501-5v.wisB2", "502", "505"]
    assert table["notes"].tolist()[0] == "PW differentiaalrekening"
    source = source_of(JSON / "zermelo-appointments.json")
    assert source == Source(
        "zermelo-appointments.json",
        "zermelo-appointments",
        "json",
        4,
        {"withdrawn": 2, "no-assessment": 2},
        "Zermelo appointments (API v3)",
    )


def test_zermelo_without_envelope_and_with_few_fields() -> None:
    table = table_of(JSON / "zermelo-appointments-bare.json")
    assert table[["date", "group", "subject"]].values.tolist() == [
        ["2026-03-10", "5v.wisB1", "wisb"],
        ["2026-03-10", "5v.wisB2", "wisb"],
        ["2026-03-12", "5v.nat1", "nat"],
    ]
    assert source_of(JSON / "zermelo-appointments-bare.json").left_out == {"withdrawn": 1}


def test_zermelo_liveschedule_takes_the_year_from_the_remark() -> None:
    table = table_of(JSON / "zermelo-liveschedule.json")
    assert table[["date", "period", "group", "subject", "kind"]].values.tolist() == [
        ["2026-03-10", 3, "v5", "wisb", "proefwerk"],  # groups [], "Toets: v5 wiskunde B H7"
        ["2026-03-11", 2, "4h.fa2", "fa", "proefwerk"],
    ]
    source = source_of(JSON / "zermelo-liveschedule.json")
    assert (source.reader, source.left_out) == (
        "zermelo-liveschedule",
        {"withdrawn": 1, "no-assessment": 1},
    )


def test_magister_agenda_items() -> None:
    table = table_of(JSON / "magister-agenda.json")
    rows = table[["date", "start", "group", "subject", "kind", "teacher", "notes"]]
    assert rows.values.tolist() == [
        # 07:30Z with seven decimals is 08:30 in Amsterdam; the class is in Omschrijving
        ["2026-03-10", "08:30", "4H1", "wiskunde A", "proefwerk", "JNS",
         "Proefwerk H5 kansrekening Neem je GR mee"],
        ["2026-03-10", "10:40", "4H1", "Nederlands", "so", "PRK", "SO spelling"],  # InfoType 4
        # Status 9 on the 12th is the old slot of the item moved to the 17th (Status 10)
        ["2026-03-17", "09:20", "4H1", "Engels", "so", "PRK", "Mondeling"],  # 5: mondeling
        ["2026-03-13", "", "4H1", "Engels", "huiswerk", "PRK", "Lees chapter 3 – résumé"],
        ["2026-03-16", "08:30", "4H1", "aardrijkskunde", "proefwerk", "JNS", "Tentamen H2"],
    ]  # fmt: skip
    assert table["id"].tolist() == ["8800002", "8800003", "8800006", "8800007", "8800008"]
    plan = read_plan([JSON / "magister-agenda.json"], CONFIG.in_language("en"))
    assert [p.message for p in plan.problems] == [
        "withdrawn or moved items left out: 2",  # Status 4, and the old slot (9)
        "appointments without a test or homework (lessons, notes) left out: 2",
    ]
    assert plan.sources[0].left_out == {"withdrawn": 2, "no-assessment": 2}


def test_magister_status_9_without_its_moved_copy_stays(tmp_path: Path) -> None:
    items = json.loads((JSON / "magister-agenda.json").read_text("utf-8"))["Items"]
    moved = [i for i in items if i["Status"] == 9]  # only the item marked "verplaatst"
    path = tmp_path / "agenda.json"
    path.write_text(json.dumps({"Items": moved}), "utf-8")
    assert table_of(path)[["date", "subject"]].values.tolist() == [["2026-03-12", "Engels"]]


def test_somtoday_lesson_and_day_assignments() -> None:
    lessons = table_of(JSON / "somtoday-afspraaktoekenningen.json")
    assert lessons[["date", "start", "group", "subject", "kind", "title"]].values.tolist() == [
        ["2026-03-09", "10:15", "2V2", "Frans", "huiswerk", "Leer woordjes H3"],
        ["2026-03-10", "08:30", "2V2", "Frans", "so", "SO woordjes H3"],  # TOETS
        ["2026-03-11", "11:30", "2V2", "Duits", "proefwerk", "PW H1-3"],  # GROTE_TOETS
    ]
    days = table_of(JSON / "somtoday-dagtoekenningen.json")
    assert days[["date", "start", "kind"]].values.tolist() == [
        ["2026-03-12", "", "huiswerk"],  # midnight with its offset: a day, no clock time
        ["2026-03-13", "", "so"],
    ]


def test_somtoday_week_assignments_are_reported_never_placed() -> None:
    plan = read_plan([JSON / "somtoday-weektoekenningen.json"], CONFIG.in_language("en"))
    assert plan.assessments.empty
    assert [(p.row, p.column, p.value) for p in plan.problems] == [
        (1, "date", "week 6"),
        (2, "date", "week 11"),
    ]
    assert plan.problems[0].message.startswith("week 6: no day given")
    assert plan.sources == [
        Source(
            "somtoday-weektoekenningen.json",
            "somtoday-studiewijzer",
            "json",
            0,
            {"no-day": 2},
            "Somtoday study guide (assignments)",
        )
    ]


def test_webuntis_exams_with_number_dates_and_hmm_times() -> None:
    table = table_of(JSON / "webuntis-exams.json")
    # examDate 20260310 and startTime 830 / endTime 920; one test for two classes is a row each
    assert table[
        ["date", "start", "end", "group", "subject", "kind", "teacher"]
    ].values.tolist() == [
        ["2026-03-10", "08:30", "09:20", "4H1", "WI", "proefwerk", "JNS"],
        ["2026-03-10", "10:40", "11:30", "4H1", "NE", "so", "PRK"],
        ["2026-03-10", "10:40", "11:30", "4H2", "NE", "so", "PRK"],
        ["2026-03-12", "08:00", "09:50", "4H2", "EN", "so", "PRK, VRS"],
    ]
    plan = read_plan([JSON / "webuntis-exams.json"], CONFIG.in_language("en"))
    # an exam type the school's kinds do not know: one problem naming the alias to add
    assert [p.message for p in plan.problems] == [
        "Praktijktoets: add it to the aliases of a kind in school.toml (rows 4, 5)"
    ]
    assert plan.sources[0].left_out == {"unreadable": 2}


FLATTENED = [
    ("zermelo-appointments.json", "zermelo-appointments.csv"),
    ("magister-agenda.json", "magister-agenda.csv"),
    ("magister-agenda.json", "magister-agenda.xlsx"),
]


@pytest.mark.parametrize(("raw", "flat"), FLATTENED, ids=[f for _, f in FLATTENED])
def test_the_flattened_export_reads_as_the_raw_one(raw: str, flat: str) -> None:
    columns = ["date", "start", "period", "group", "subject", "kind", "teacher", "notes", "id"]
    want, got = table_of(JSON / raw)[columns], table_of(FLAT / flat)[columns]
    pd.testing.assert_frame_equal(got, want)
    raw_source, flat_source = source_of(JSON / raw), source_of(FLAT / flat)
    assert flat_source.reader == raw_source.reader
    assert (flat_source.rows, flat_source.left_out) == (raw_source.rows, raw_source.left_out)


def test_flattened_somtoday_holds_both_levels() -> None:
    table = table_of(FLAT / "somtoday-toekenningen.csv")  # `;`, Windows-1252, dotted names
    assert table[["date", "subject", "kind"]].values.tolist() == [
        ["2026-03-09", "Frans", "huiswerk"],
        ["2026-03-10", "Frans", "so"],
        ["2026-03-11", "Duits", "proefwerk"],
        ["2026-03-12", "Duits", "huiswerk"],
        ["2026-03-13", "Duits", "so"],
    ]


def test_json_is_recognised_by_content_whatever_the_name(tmp_path: Path) -> None:
    saved = tmp_path / "rooster-export.txt"
    shutil.copy(JSON / "zermelo-appointments.json", saved)
    assert detect_format(saved) == "json"
    assert len(table_of(saved)) == 4
    # and a CSV that begins with a bracket is still a CSV
    csv = tmp_path / "plan.csv"
    csv.write_text("[datum];klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n", "utf-8")
    assert detect_format(csv) == "csv"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"response": {"data": [{"start": 1773127800', "not valid JSON (line 1, column 44"),
        ('{"school": {"naam": "x"}}', "no list of appointments or tests found"),
        ('{"school": "x", "jaar": 2026}', "missing required column(s) date, group, subject"),
        ("[1, 2, 3]", "does not hold objects with fields"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        ('[{"start": ' + "9" * 5000 + "}]", "not valid JSON"),
        ('[{"datum": "10-03-2026"}]', "missing required column(s) group, subject, kind"),
    ],
    ids=["truncated", "no-list", "one-object", "numbers", "deep", "long-number", "no-columns"],
)
def test_unusable_json_is_one_clear_message(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, "utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_file(path, CONFIG.in_language("en"))
    line = caught.value.one_line("en")
    assert line.startswith("export.json") and words in line, line


def test_sources_in_check_json_and_text(tmp_path: Path) -> None:
    files = [JSON / "zermelo-appointments.json", FLAT / "zermelo-appointments.csv"]
    run = subprocess.run(
        [sys.executable, "-m", "planner", "check", *map(str, files), "--school", str(SCHOOL),
         "--format", "json", "--lang", "en"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    sources = json.loads(run.stdout)["sources"]
    assert sources == [
        {"name": "zermelo-appointments.json", "format": "Zermelo appointments (API v3)",
         "reader": "zermelo-appointments", "container": "json", "rows": 4,
         "left_out": {"withdrawn": 2, "no-assessment": 2}},
        # the same appointments again: already in the first file
        {"name": "zermelo-appointments.csv", "format": "Zermelo appointments (API v3)",
         "reader": "zermelo-appointments", "container": "csv", "rows": 0,
         "left_out": {"withdrawn": 2, "no-assessment": 2, "repeated": 4}},
    ]  # fmt: skip
    text = subprocess.run(
        [sys.executable, "-m", "planner", "check", str(files[0]), "--school", str(SCHOOL),
         "--lang", "nl"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    assert (
        "zermelo-appointments.json: gelezen als Zermelo-afspraken (API v3), JSON-lijst: 4 rijen;"
        " weggelaten: 2 vervallen of verplaatst, 2 geen toets of huiswerk" in text
    )


# Every format this issue added: the raw JSON (but the week-level items, which hold no day),
# their flattened copies, Untis' exam file and list, the week grid with `Week 11` in its corner
# and the calendars of school systems and sync tools.
NEW_FORMATS = sorted(
    [p for p in JSON.glob("*.json") if "week" not in p.name and ".expected" not in p.name]
    + [p for p in FLAT.iterdir() if p.suffix in (".csv", ".xlsx")]
    + [p for p in (FIXTURES / "untis").iterdir() if p.suffix in (".TXT", ".csv", ".xlsx")]
    + [FIXTURES / "excel" / "grid_week_corner.xlsx"]
    + [FIXTURES / "ical" / n for n in ("omschrijving_labels.ics", "utc_tijden.ics")]
)


@pytest.mark.parametrize("path", NEW_FORMATS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_round_trip_through_the_store(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imported into the store, exported and checked again: the same findings."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOETSPLANNER_USER", "Anna")
    monkeypatch.delenv("TOETSPLANNER_DB", raising=False)
    name = path.name
    shutil.copy(path, tmp_path / name)
    strict = SCHOOL.read_text("utf-8") + "\n[rules.tests-per-day]\nmax = 1\n"
    (tmp_path / "school.toml").write_text(strict, "utf-8")
    config = load_config(tmp_path / "school.toml")
    for args in (
        ["db", "import", name, "--plan", "p", "--school", "school.toml"],
        ["db", "export", "--plan", "p", "--output", "out.csv"],
    ):
        with pytest.raises(SystemExit) as done:
            main(args)
            raise SystemExit(0)
        assert done.value.code in (0, None), capsys.readouterr()
    direct = check(read_plan([tmp_path / name], config), config)
    again = check(read_plan([tmp_path / "out.csv"], config), config)
    assert direct.summary["assessments"] == again.summary["assessments"] > 0
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in direct.findings]


# Records as the systems write them: a few shared keys (some nested, some lists, some null or
# missing), so both ways of flattening meet every shape.
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["", " 4a ", "wisB", "x,y"])
)
_KEYS = st.sampled_from(["a", "b", "Status", "links", "vak", "lesgroep", "naam"])
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(_KEYS, _VALUES, max_size=5), min_size=1, max_size=6))
def test_flattening_by_column_gives_what_flattening_each_record_gives(
    records: list[dict[str, object]],
) -> None:
    by_column = from_json._by_column(records, lambda name: True)
    by_record = from_json._by_record(records, lambda name: True)
    assert by_column is not None
    empty = [""] * len(records)
    for name in set(by_column) | set(by_record):
        assert by_column.get(name, empty) == by_record.get(name, empty), name


def test_records_whose_keys_all_differ_are_flattened_one_by_one() -> None:
    # every record its own key: a column per key over all records would be quadratic
    records = [{f"k{n}": n, "datum": "2026-03-10"} for n in range(2_000)]
    assert from_json._by_column(records, lambda name: True) is None
    columns = from_json._by_record(records, lambda name: name == "datum")
    assert list(columns) == ["datum"] and columns["datum"][-1] == "2026-03-10"
