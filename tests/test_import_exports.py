"""Exports of Magister, Somtoday and Zermelo load without hand mapping; plans from several files
get one spelling per group and keep a test that two files hold once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner import check, load_config, read_plan
from planner.importers.exports import system_of

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
CONFIG = load_config(None)


def rows_of(name: str) -> tuple[list[list[str]], list[str]]:
    plan = read_plan([EXPORTS / name], CONFIG)
    table = plan.assessments
    cols = ["date", "start", "group", "subject", "kind", "teacher"]
    shown = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))[cols]
    return shown.values.tolist(), [p.message for p in plan.problems]


def test_which_system_made_the_export() -> None:
    assert system_of(["Start", "Einde", "InfoType", "Vakken"]) == "magister-agenda"
    assert system_of(["datumTijd", "lesgroep", "huiswerkType"]) == "somtoday-studiewijzer"
    assert system_of(["datumTijd", "studiewijzerItem.huiswerkType"]) == "somtoday-studiewijzer"
    assert system_of(["start", "end", "subjects", "groups", "type"]) == "zermelo-appointments"
    assert system_of(["start", "appointmentType", "groups"]) == "zermelo-liveschedule"
    assert system_of(["examDate", "startTime", "studentClass"]) == "webuntis-exams"
    assert system_of(["Datum", "Von", "Bis", "Klassen", "Kurs"]) == "untis-klausuren"
    assert system_of(["Datum", "Klas", "Vak", "Soort"]) is None


def test_magister_appointments() -> None:
    rows, problems = rows_of("magister-afspraken.csv")
    assert rows == [
        ["2026-03-10", "08:30", "4H1", "wiskunde A", "proefwerk", "JNS"],  # InfoType 2
        ["2026-03-10", "10:40", "4H1", "Nederlands", "so", "PRK"],  # 4: schriftelijke overh.
        ["2026-03-11", "08:30", "4H1", "Engels", "huiswerk", "DKR"],  # 1
        ["2026-03-13", "00:30", "4H1", "biologie", "so", "VRS"],  # 5 at 23:30 UTC on 12 March
        ["2026-03-16", "08:30", "4H1", "aardrijkskunde", "proefwerk", "BRG"],  # 3: tentamen
    ]
    # The lesson (InfoType 0) and the excursion note (6) are no assessments.
    assert problems == ["afspraken zonder toets of huiswerk (lessen, informatie) overgeslagen: 2"]
    table = read_plan([EXPORTS / "magister-afspraken.csv"], CONFIG).assessments
    assert table["notes"].iloc[0] == "Proefwerk H5 kansrekening Neem je GR mee"  # HTML gone
    assert table["period"].tolist() == [1, 3, 1, 1, 1]


def test_somtoday_study_guide() -> None:
    rows, problems = rows_of("somtoday-studiewijzer.csv")
    assert rows == [
        ["2026-03-09", "", "2V2", "Frans", "huiswerk", ""],
        ["2026-03-10", "", "2V2", "Frans", "so", ""],  # TOETS
        ["2026-03-11", "", "2V2", "Duits", "proefwerk", ""],  # GROTE_TOETS
        ["2026-03-12", "", "2V2", "Engels", "so", ""],
    ]
    assert problems == ["afspraken zonder toets of huiswerk (lessen, informatie) overgeslagen: 1"]


def test_zermelo_appointments() -> None:
    rows, problems = rows_of("zermelo-afspraken.csv")
    assert rows == [
        ["2026-03-10", "08:30", "5v.wisB1", "wisb", "proefwerk", "jns"],  # Unix time, Amsterdam
        ["2026-03-10", "08:30", "5v.wisB2", "wisb", "proefwerk", "jns"],  # ['..', '..'] split
        ["2026-03-11", "08:30", "5v.eco1", "ec", "proefwerk", "hlm"],
    ]
    assert problems == [
        "vervallen of verplaatste items overgeslagen: 1",
        "afspraken zonder toets of huiswerk (lessen, informatie) overgeslagen: 1",
    ]
    ids = read_plan([EXPORTS / "zermelo-afspraken.csv"], CONFIG).assessments["id"].tolist()
    assert ids == ["901-5v.wisB1", "901-5v.wisB2", "904"]


def test_group_spelling_is_unified_across_files_and_members(tmp_path: Path) -> None:
    first = tmp_path / "wiskunde.csv"
    first.write_text(
        "datum;klas;vak;soort\n10-03-2026;4H1;wiskunde;PW\n11-03-2026;4H1;wiskunde;SO\n",
        encoding="utf-8",
    )
    second = tmp_path / "engels.csv"
    second.write_text("datum;klas;vak;soort\n10-03-2026;4h1;Engels;PW\n", encoding="utf-8")
    config = load_config(None)
    plan = read_plan([first, second], config)
    assert plan.assessments["group"].tolist() == ["4H1", "4H1", "4H1"]
    members = pd.DataFrame({"pupil": ["1", "2"], "group": ["4h1", "4H1"]})
    result = check(plan, config, members=members, rules=["tests-per-day"])
    assert result.summary["pupils"] == 2
    assert [f.group for f in result.findings] == ["4H1"]  # one class, not 4H1 and 4h1


def test_a_test_in_two_files_is_kept_once_and_reported(tmp_path: Path) -> None:
    mine = tmp_path / "sectie-wiskunde.csv"
    mine.write_text("datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n", encoding="utf-8")
    theirs = tmp_path / "mentor-2a.csv"
    theirs.write_text(
        "datum;klas;vak;soort\n11-03-2026;2A;Engels;PW\n10-03-2026;2a;Wiskunde;proefwerk\n",
        encoding="utf-8",
    )
    plan = read_plan([mine, theirs], load_config(None))
    assert plan.assessments["source"].tolist() == ["sectie-wiskunde.csv", "mentor-2a.csv"]
    ((source, row, column, message),) = [
        (p.source, p.row, p.column, p.message) for p in plan.problems
    ]
    assert (source, row, column) == ("mentor-2a.csv", 3, "id")
    assert message == "staat ook in sectie-wiskunde.csv, rij 2: één keer meegeteld"


def test_twice_in_one_file_is_left_to_the_duplicate_rule(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n10-03-2026;2A;wiskunde;PW\n",
        encoding="utf-8",
    )
    plan = read_plan([path], load_config(None))
    assert len(plan.assessments) == 2
    assert not plan.problems
