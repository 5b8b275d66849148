"""The canonical CSV reader: delimiters, encodings, Dutch column names, bad rows reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.config import load_config
from planner.errors import InvalidInput
from planner.importers import read_members, read_plan
from planner.importers.common import parse_dates

CONFIG = load_config(None)


def plan_from(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "plan.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_plan([path], CONFIG)


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_delimiters(tmp_path: Path, sep: str) -> None:
    text = sep.join(["datum", "klas", "vak", "soort"]) + "\n"
    text += sep.join(["10-03-2026", "2A", "wiskunde", "PW"]) + "\n"
    plan = plan_from(tmp_path, text)
    assert plan.assessments["group"].tolist() == ["2A"]
    assert not plan.problems


def test_windows_encoding_and_bom(tmp_path: Path) -> None:
    text = "datum;klas;vak;soort;omschrijving\n10-03-2026;2A;Frans;PW;Leçon 3 – révision\n"
    cp = plan_from(tmp_path, text, "cp1252", "cp.csv")
    bom = plan_from(tmp_path, "\ufeff" + text, "utf-8", "bom.csv")
    assert cp.assessments["title"].tolist() == ["Leçon 3 – révision"]
    assert bom.assessments["title"].tolist() == ["Leçon 3 – révision"]


def test_dutch_columns_kinds_and_numbers(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "Datum;Klas;Vak;Soort;Weging;Minuten;Docent;Aangekondigd\n"
        "10-03-2026;2A;wiskunde;toets;1,5;;JNS;2026-03-01\n"
        "11-03-2026;2A;Engels;huiswerk;;45;PRK;\n"
        "12-03-2026;2A;biologie;SO;;;;\n",
    )
    table = plan.assessments
    assert table["kind"].tolist() == ["proefwerk", "huiswerk", "so"]
    assert table["weight"].tolist() == [1.5, 0.0, 0.5]  # given, then the kind's weight
    assert table["minutes"].fillna(-1).tolist() == [-1, 45, -1]
    assert table["teacher"].tolist() == ["JNS", "PRK", ""]
    assert table["announced"].iloc[0] == pd.Timestamp("2026-03-01")
    assert table["row"].tolist() == [2, 3, 4]


def test_bad_rows_are_reported_and_good_rows_load(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "datum,klas,vak,soort,minuten\n"
        "10-03-2026,2A,wiskunde,PW,\n"
        "not a date,2A,Engels,PW,\n"
        "11-03-2026,,Engels,PW,\n"
        "11-03-2026,2A,Engels,tentamen,\n"
        "12-03-2026,2A,Engels,HW,veel\n"
        "13-03-2026,2A,Frans,SO,\n",
    )
    assert plan.assessments["subject"].tolist() == ["wiskunde", "Frans"]
    found = [(p.row, p.column, p.value) for p in plan.problems]
    assert found == [
        (3, "date", "not a date"),
        (4, "group", ""),
        (5, "kind", "tentamen"),
        (6, "minutes", "veel"),
    ]
    assert all(p.source == "plan.csv" for p in plan.problems)
    assert "onbekende soort" in plan.problems[2].message


def test_several_groups_in_one_cell(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "datum;klas;vak;soort;id\n"
        "10-03-2026;2A, 2B;wiskunde;PW;\n"
        "11-03-2026;3 h1/3H2;Engels;PW;t7\n",
    )
    table = plan.assessments
    assert table["group"].tolist() == ["2A", "2B", "3h1", "3H2"]
    assert table["id"].iloc[2:].tolist() == ["t7-3h1", "t7-3H2"]
    assert table["id"].is_unique


def test_ids_are_stable_and_unique(tmp_path: Path) -> None:
    text = "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n10-03-2026;2A;wiskunde;PW\n"
    first = plan_from(tmp_path, text).assessments["id"].tolist()
    again = plan_from(tmp_path, text).assessments["id"].tolist()
    assert first == again
    assert first[1] == first[0] + "-2"


def test_dates_in_every_accepted_spelling() -> None:
    values = pd.Series(
        ["2026-03-10", "10-03-2026", "10/3/2026", "10.03.2026", "di 10 maart 2026",
         "10 mrt 2026", "Tuesday 10 March 2026", "2026-03-10T09:00:00", "10-3-2026 08:30",
         "", "31-02-2026", "maart"],
    )  # fmt: skip
    parsed = parse_dates(values)
    assert (parsed.iloc[:9] == pd.Timestamp("2026-03-10")).all()
    assert parsed.iloc[9:].isna().all()


def test_unusable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="empty"):
        read_plan([empty], CONFIG)
    with pytest.raises(InvalidInput, match="missing required column"):
        plan_from(tmp_path, "datum;klas\n10-03-2026;2A\n")


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    plan = plan_from(tmp_path, "datum;klas;vak;soort\n\n10-03-2026;2A;wiskunde;PW\n;;;\n")
    assert len(plan.assessments) == 1
    assert not plan.problems


def test_members_drop_names_and_expand_groups(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "Leerlingnummer;Naam;Klas\n250001;Anna de Vries;4H1, 4h.wisB\n250002;Bram;4H1\n;x;4H2\n",
        encoding="utf-8",
    )
    members, problems = read_members(path)
    assert list(members.columns) == ["pupil", "group"]
    assert members.values.tolist() == [
        ["250001", "4H1"],
        ["250001", "4h.wisB"],
        ["250002", "4H1"],
    ]
    assert [(p.row, p.column) for p in problems] == [(4, "Leerlingnummer")]
    assert "Anna" not in members.to_csv()
