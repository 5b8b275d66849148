"""Untis' exams load without hand mapping: the exam file GPU017 (no header, recognised by its
first record) and the exam list ("Klausuren", German or Dutch headers) as CSV or Excel. The
pupils' names in GPU017 never reach the table, a problem or the command line's output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planner import load_config, read_plan
from planner.config import DEFAULT_KINDS
from planner.errors import InvalidInput
from planner.importers import read_file, read_source
from planner.importers.exports import course_subject, system_of
from planner.importers.untis import iso_dates, looks_like_gpu017
from planner.model import canonical_column

UNTIS = Path(__file__).parent / "fixtures" / "untis"
SCHOOL = Path(__file__).parent / "fixtures" / "school.toml"
SAMPLE_SCHOOL = Path(__file__).parents[1] / "sample_data" / "school.toml"
CONFIG = load_config(SCHOOL)
# Every part of the pupils' field in the fixture (names and birth dates).
PUPILS = ("Beispiel", "Lena", "Probe", "Jonas", "Muster", "Tim", "20080314", "20071122", "2008")
# One exam of two courses, as Untis writes it (the pupils' field is the ninth).
RECORD = (
    '"LK1_1";17;"LK Schiene 1 - 1. Quartal";20260310;3;5;"D-LK1~E-GK2";"543~544";'
    '"Beispiel_Lena_20080314~Probe_Jonas_20071122";"ABC~DEF - GHI";"R101 - R102";'
)


def write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def texts(table: pd.DataFrame) -> str:
    return "\n".join(str(value) for value in table.to_numpy().ravel())


def test_gpu017_is_read_as_untis_exams() -> None:
    table, problems, source = read_source(UNTIS / "GPU017.TXT", CONFIG)
    assert (source.reader, source.container, source.rows) == ("untis-gpu017", "csv", 7)
    assert source.left_out == {"unreadable": 2}  # the bad date, the line cut short
    first = table.iloc[0]
    assert first["date"] == pd.Timestamp("2026-03-10")
    assert (first["group"], first["subject"], first["kind"]) == ("D-LK1", "D", "proefwerk")
    assert (first["period"], first["title"], first["id"]) == (3, "LK1_1", "101-D-LK1")
    assert first["teacher"] == "ABC, DEF, GHI"  # per period ` - `, within one `~`
    assert first["notes"] == "LK Schiene 1 - 1. Quartal"
    assert "Übungsklausur Analysis" in table["notes"].tolist()  # Windows-1252
    # An exam of two courses is a test for each.
    two = table[table["title"] == "GK2_1"]
    assert two["group"].tolist() == ["KU-GK1", "KU-GK2"]
    assert two["subject"].tolist() == ["KU", "KU"]
    assert two["row"].tolist() == [2, 2]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (4, "date", "20261345"),
        (5, None, None),
    ]


def test_a_line_cut_short_is_a_problem_naming_its_row(tmp_path: Path) -> None:
    cut = '"GK4_1";105;"Physik";20260319;3;4;"PH-GK1";"548";"Beispiel_Lena_20080314"'
    path = write(tmp_path, "export.txt", [RECORD, cut, RECORD.replace("20260310", "20260312")])
    table, problems, source = read_source(path, CONFIG)
    assert source.reader == "untis-gpu017"
    assert table["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-10"] * 2 + ["2026-03-12"] * 2
    (problem,) = problems
    assert (problem.row, problem.column, problem.value) == (2, None, None)
    assert "9" in problem.message and "GPU017" in problem.message
    assert not any(name in problem.message for name in PUPILS)


def test_gpu017_pupils_never_appear(tmp_path: Path) -> None:
    cut = '"X";1;"Y";20260319;3;4;"PH-GK1";"1";"Muster_Tim_20080505"'
    extra = RECORD + ';"Probe_Jonas_20071122"'  # a thirteenth field, filled
    path = write(tmp_path, "GPU017.TXT", [RECORD, cut, extra], encoding="cp1252")
    fixture = UNTIS / "GPU017.TXT"
    for file in (fixture, path):
        plan = read_plan([file], CONFIG)
        shown = texts(plan.assessments) + "\n".join(p.one_line("en") for p in plan.problems)
        assert not any(name in shown for name in PUPILS), shown
        for lang in ("en", "nl"):
            run = subprocess.run(
                [sys.executable, "-m", "planner", "check", str(file), "--school", str(SCHOOL),
                 "--format", "json", "--lang", lang],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert run.returncode in (0, 1), run.stderr
            assert not any(name in run.stdout + run.stderr for name in PUPILS)
    problems = read_plan([path], CONFIG).problems
    assert [(p.row, p.column, p.value) for p in problems] == [(2, None, None), (3, None, None)]


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(";", "utf-8"), (",", "utf-8"), ("\t", "cp1252")]
)
def test_gpu017_by_content_whatever_the_delimiter(
    tmp_path: Path, delimiter: str, encoding: str
) -> None:
    record = RECORD.replace(";", delimiter).replace("LK Schiene 1 - 1. Quartal", "Prüfung")
    path = write(tmp_path, "klausuren-export.csv", [record], encoding)
    table, problems, source = read_source(path, CONFIG)
    assert source.reader == "untis-gpu017"
    assert table[["group", "subject"]].values.tolist() == [["D-LK1", "D"], ["E-GK2", "E"]]
    assert table["notes"].tolist() == ["Prüfung"] * 2
    assert problems == []


def test_the_file_name_is_a_hint_not_a_need() -> None:
    fields = RECORD.split(";")
    assert looks_like_gpu017(fields, "export.txt")
    assert looks_like_gpu017(fields[:11], "plan.csv")  # without the empty last field
    # The first exam with a bad date: its pupils' field still says what the file is.
    assert looks_like_gpu017([*fields[:3], "2026-03", *fields[4:]], "export.txt")
    # Cut short: only the name says it.
    assert not looks_like_gpu017(fields[:7], "export.txt")
    assert looks_like_gpu017(fields[:7], "GPU017.TXT")
    assert looks_like_gpu017(fields[:7], "gpu017 (2).txt")
    # A plan's header is no exam.
    header = ["datum", "klas", "vak", "soort", "titel", "1", "2", "3", "4", "5", "6"]
    assert not looks_like_gpu017(header, "plan.csv")


def test_a_bad_date_of_two_courses_is_one_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "GPU017.TXT", [RECORD.replace("20260310", "20261345")])
    table, problems = read_file(path, CONFIG)
    assert table.empty
    assert [(p.row, p.column, p.value) for p in problems] == [(1, "date", "20261345")]


def test_courses_that_make_too_many_rows_are_refused(tmp_path: Path) -> None:
    school = tmp_path / "school.toml"
    school.write_text(SCHOOL.read_text() + "\n[import]\nmax_rows = 10\n", encoding="utf-8")
    courses = "~".join(f"D-GK{n}" for n in range(11))
    path = write(tmp_path, "GPU017.TXT", [RECORD.replace("D-LK1~E-GK2", courses)])
    with pytest.raises(InvalidInput, match="max_rows"):
        read_file(path, load_config(school))


def test_an_untis_kind_the_school_does_not_know_names_the_alias(tmp_path: Path) -> None:
    school = tmp_path / "school.toml"
    kinds = '\n[kinds.proefwerk]\naliases = ["PW"]\nweight = 1.0\ntest = true\n'
    school.write_text(SCHOOL.read_text() + kinds, encoding="utf-8")
    path = write(tmp_path, "GPU017.TXT", [RECORD])
    table, problems = read_file(path, load_config(school))
    assert table.empty
    (problem,) = problems
    assert (problem.column, problem.value) == ("kind", "klausur")
    assert "aliases" in problem.message


def test_untis_dates_and_courses() -> None:
    values = pd.Series(["20240312", "20261345", " 20260101 ", "", "2026-03-10"])
    assert iso_dates(values).tolist() == [
        "2024-03-12",
        "20261345",
        "2026-01-01",
        "",
        "2026-03-10",
    ]
    assert [course_subject(c) for c in ("D-LK1", "KU-GK2", "SP", "M-LK-2")] == [
        "D",
        "KU",
        "SP",
        "M",
    ]


@pytest.mark.parametrize(
    ("name", "container"), [("klausuren.csv", "csv"), ("klausuren.xlsx", "excel")]
)
def test_the_exam_list_is_read_as_untis_klausuren(name: str, container: str) -> None:
    table, problems, source = read_source(UNTIS / name, CONFIG)
    assert (source.reader, source.container, source.rows) == ("untis-klausuren", container, 6)
    assert source.left_out == {"unreadable": 1}
    assert [(p.row, p.column, p.value) for p in problems] == [(6, "date", "31.02.2026")]
    first = table.iloc[0]
    assert (first["group"], first["subject"], first["kind"]) == ("Q1", "D", "proefwerk")
    assert (first["period"], first["title"], first["notes"]) == (3, "LK1_1", "1. Quartal")
    assert (first["start"], first["end"], first["teacher"]) == ("", "", "ABC, DEF")
    # Two classes: a row each; no class: the course is the group.
    assert table.loc[table["title"] == "LK2_1", "group"].tolist() == ["Q1", "Q2"]
    assert table.loc[table["title"] == "GK4_1", "group"].tolist() == ["PH-GK1"]


def test_a_dutch_untis_exam_list(tmp_path: Path) -> None:
    lines = [
        "Datum;Van;Tot;Klassen;Cursus;Docent;Lokalen;Naam;Tekst",
        "10-03-2026;3;5;5V;NE-LK1;ABC;R101;LK1_1;Betoog",
        "12-03-2026;2;2;5V, 6V;WI-B1;DEF - GHI;R102;WB_1;Integralen",
    ]
    path = write(tmp_path, "toetsen.csv", lines)
    table, problems, source = read_source(path, CONFIG)
    assert source.reader == "untis-klausuren"
    assert problems == []
    shown = table[["group", "subject", "period", "start", "end", "title", "notes", "teacher"]]
    assert shown.values.tolist() == [
        ["5V", "NE", 3, "", "", "LK1_1", "Betoog", "ABC"],
        ["5V", "WI", 2, "", "", "WB_1", "Integralen", "DEF, GHI"],
        ["6V", "WI", 2, "", "", "WB_1", "Integralen", "DEF, GHI"],
    ]
    assert table["kind"].unique().tolist() == ["proefwerk"]


def test_the_exam_list_headers() -> None:
    assert [canonical_column(h) for h in ("Von", "Kurs", "Lehrer", "Name", "Text")] == [
        "period",
        "subject",
        "teacher",
        "title",
        "notes",
    ]
    assert canonical_column("Bis") == "bis"  # the last period: not read
    assert canonical_column("Räume") == "räume"  # not read
    assert [canonical_column(h) for h in ("Van", "Tot", "Cursus", "Naam", "Tekst")] == [
        "start",  # a teacher's own `van` stays a clock time
        "end",
        "subject",
        "title",
        "notes",
    ]
    assert system_of(["Datum", "Van", "Tot", "Klassen", "Cursus", "Lokalen"]) == "untis-klausuren"
    assert system_of(["Datum", "Klas", "Cursus", "Soort"]) is None  # a teacher's own plan


@pytest.mark.parametrize("school", [None, SAMPLE_SCHOOL], ids=["default", "sample"])
def test_german_and_system_kind_words_are_known(school: Path | None) -> None:
    lookup = load_config(school).kind_lookup()
    heavy = ("Klausur", "Klassenarbeit", "Schularbeit", "Test", "tentamen", "toets", "grote toets")
    assert {lookup[w.casefold()] for w in heavy} == {"proefwerk"}
    assert lookup["referat"] == "po"
    assert lookup["schriftelijke overhoring"] == "so"
    oral = "mondeling" if school else "so"  # the sample school has its own kind for orals
    assert lookup["mondeling"] == oral
    assert set(DEFAULT_KINDS) <= set(load_config(None).kinds)
