"""No pupil name is ever stored: the number column wins over the name column, a pupil column of
names is refused (export numbers), and an import problem never quotes a name."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import InvalidInput
from planner.importers.members import looks_like_name, read_members
from planner.storage import Store

NAMES = ("Pieter de Vries", "Anna Jansen", "Kees Bakker", "Sara Bos", "d'Arcy")


def write(tmp_path: Path, text: str, name: str = "members.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def db_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    """`planner db import --plan p --members members.csv` in tmp_path: its exit status."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOETSPLANNER_USER", "Anna")
    monkeypatch.delenv("TOETSPLANNER_DB", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["db", "import", "--plan", "p", "--members", "members.csv", *extra])
        raise SystemExit(0)
    return int(exit_info.value.code or 0)


def no_name_in(*texts: object) -> None:
    joined = "\n".join(map(str, texts))
    for name in NAMES:
        assert name not in joined


@pytest.mark.parametrize(
    "text",
    [
        "leerlingnummer,leerling,klas\n1001,Pieter de Vries,2A\n1002,Anna Jansen,2A\n",
        "Stamnr;Leerling;Klas\n1001;Pieter de Vries;2A\n1002;Anna Jansen;2A\n",
        "leerling;id;klas\nPieter de Vries;1001;2A\nAnna Jansen;1002;2A\n",
        "naam,studentnummer,groep\nPieter de Vries,1001,2A\nAnna Jansen,1002,2A\n",
    ],
)
def test_the_number_column_is_the_pupil_never_the_name(tmp_path: Path, text: str) -> None:
    members, problems = read_members(write(tmp_path, text))
    assert members.to_dict("records") == [
        {"pupil": "1001", "group": "2A"},
        {"pupil": "1002", "group": "2A"},
    ]
    assert problems == []
    no_name_in(members.to_csv())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_pupil_column_of_names_is_refused(tmp_path: Path, lang: str) -> None:
    path = write(tmp_path, "leerling,klas\nPieter de Vries,2A\nAnna Jansen,2B\nL0012,2A\n")
    with pytest.raises(InvalidInput) as caught:
        read_members(path, lang=lang)
    line = caught.value.one_line(lang)
    assert line.startswith("members.csv, ")
    assert "'leerling'" in line
    if lang == "nl":
        assert "exporteer leerlingnummers" in line
    else:
        assert "export pupil numbers" in line
    no_name_in(line)


def test_pseudonymous_codes_are_not_names(tmp_path: Path) -> None:
    for code in ("250001", "L0012", "s123456", "ab-12"):
        assert not looks_like_name(code)
    for name in NAMES:
        assert looks_like_name(name)
    members, problems = read_members(write(tmp_path, "pupil,group\nL0012,2A\ns123456,2B\n"))
    assert members["pupil"].tolist() == ["L0012", "s123456"]
    assert problems == []


def test_a_name_among_numbers_and_name_like_extra_cells_are_left_out_unquoted(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "stamnr,klas\n1001,2A\nPieter de Vries,2A\n1002,2A,Kees Bakker\n1003,2B,4711\n1004,2B\n",
    )
    members, problems = read_members(path, lang="en")
    assert members["pupil"].tolist() == ["1001", "1004"]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (3, "stamnr", None),
        (4, None, None),
        (5, None, "4711"),  # not a name: quoted, so the teacher can find it
    ]
    assert "looks like a name" in problems[0].message
    no_name_in(*(p.one_line("en") for p in problems), members.to_csv())


def test_a_stored_members_upload_holds_no_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path,
        "Stamnr;Leerling;Klas\n1001;Pieter de Vries;2A\n1002;Anna Jansen;2A;Kees Bakker\n"
        "Sara Bos;1003;2B\n1004;d'Arcy;\n",
    )
    assert db_import(tmp_path, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "members.csv" in out
    with Store(str(tmp_path / "toetsplanner.db")) as store:
        (upload,) = store.uploads("p")
        stored = store.load("p").members
    assert upload.what == "members" and upload.rows == 1
    assert [(p.row, p.value) for p in upload.problems] == [(3, None), (4, None), (5, "")]
    assert stored["pupil"].tolist() == ["1001"]
    no_name_in(out, *(p.to_dict() for p in upload.problems), stored.to_csv())


def test_a_refused_members_file_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "naam,klas\nPieter de Vries,2A\nAnna Jansen,2A\n")
    assert db_import(tmp_path, monkeypatch, "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "members.csv, column 'naam'" in err and "export pupil numbers" in err
    no_name_in(err)
    with Store(str(tmp_path / "toetsplanner.db")) as store:
        # Nothing was stored, so the plan was not made either (it is made with its first file).
        assert not store.has_plan("p")
