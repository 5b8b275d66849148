"""planner.edits: one set of rules for an edited value, for the store and the dashboard's editor.

Pins the two disagreements there were: the editor took the weight `2,5` (a Dutch decimal comma)
where the store refused it, and the editor turned the group ` 2 A ` into `2A` (as the importers
write a group) where the store kept `2 A`. Now the command line (`planner db`, whose edits go
through `Store.edit`), the store and the editor all store 2.5 and `2A`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import BASE_TOML, make_config, make_plan

from planner.cli import cli
from planner.edits import Refused, copies_in_other_files, validated
from planner.errors import StorageError
from planner.storage import Edit, Store
from planner.views.edit import TableEdits, apply_edits

SCHOOL = BASE_TOML.format(calendar="")  # the school make_config() gives
PLAN = "p"
ROWS = [("2026-03-10", "2A", "wiskunde", "PW"), ("2026-03-12", "2B", "Engels", "SO")]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(str(tmp_path / "store.db")) as s:
        s.create_plan(PLAN, person="Anna", config_toml=SCHOOL)
        s.upload(PLAN, make_plan(ROWS).assessments, file_name="plan.csv", person="Jan")
        yield s


def stored(store: Store, row_id: str) -> pd.Series:
    return store.load(PLAN).plan.assessments.set_index("id").loc[row_id]


# -- the rules -------------------------------------------------------------------------------


def test_a_decimal_comma_and_spaces_in_a_group_are_read_as_the_importers_read_them() -> None:
    config = make_config()
    assert validated({"weight": "2,5", "group": " 2 A "}, config) == {"group": "2A", "weight": 2.5}
    assert validated({"minutes": " 45,0 ", "group": "4h.wis B"}, config) == {
        "group": "4h.wisB",
        "minutes": 45.0,
    }


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"weight": "veel"}, "weight", "number"),
        ({"weight": "-1"}, "weight", "number"),
        ({"minutes": "nan"}, "minutes", "number"),
        ({"group": "   "}, "group", "empty"),
        ({"kind": "excursie"}, "kind", "kind"),
        ({"date": "32-03-2026"}, "date", "date"),
        ({"locked": "misschien"}, "locked", "flag"),
        ({"source": "x.csv", "row": 3}, "row", "unknown"),
    ],
)
def test_a_bad_value_is_refused_with_its_field_and_reason(
    fields: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(Refused) as refused:
        validated(fields, make_config())
    assert (refused.value.field, refused.value.reason) == (field, reason)


def test_copies_in_other_files_are_the_same_id_or_the_same_test() -> None:
    config = make_config()
    mine = make_plan(ROWS, config, id=["s1", "s2"]).assessments.assign(source="plan.csv")
    moved = [("2026-03-13", "2B", "Engels", "SO")]
    theirs = pd.concat(
        [
            make_plan(ROWS[:1], config, id=["c1"]).assessments.assign(source="a.ics"),  # s1
            make_plan(moved, config, id=["s2"]).assessments.assign(source="a.ics"),  # its id
            make_plan(ROWS[:1], config, id=["s1"]).assessments.assign(source="plan.csv"),
        ],
        ignore_index=True,
    )
    assert copies_in_other_files(mine, theirs) == {0: [0], 1: [1]}  # not in the row's own file


# -- the command line, the store and the editor agree ----------------------------------------


def test_the_command_line_stores_2_5_and_2A(tmp_path: Path) -> None:
    """`planner db import` reads a file as the importers do; an edit of its test through the
    store (what `planner db move` saves through) takes the same values; `planner db export`
    and `planner db history` show them."""
    (tmp_path / "school.toml").write_text(SCHOOL, encoding="utf-8")
    (tmp_path / "plan.csv").write_text(
        "id;datum;klas;vak;soort;weging\nw1;10-03-2026; 2 A ;wiskunde;PW;2,5\n", encoding="utf-8"
    )
    db = str(tmp_path / "team.db")
    runner = CliRunner()
    env = {"TOETSPLANNER_USER": "Anna"}

    def planner(*args: str) -> str:
        result = runner.invoke(cli, ["db", *args, "--db", db], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    school = str(tmp_path / "school.toml")
    planner("import", str(tmp_path / "plan.csv"), "--plan", PLAN, "--school", school)

    def exported() -> dict[str, str]:
        (row,) = csv.DictReader(io.StringIO(planner("export", "--plan", PLAN)))
        return row

    assert (exported()["group"], float(exported()["weight"])) == ("2A", 2.5)
    with Store(db) as store:
        store.edit(PLAN, [Edit("w1", {"weight": "3,5", "group": " 3 C "})], person="Piet")
    assert (exported()["group"], float(exported()["weight"])) == ("3C", 3.5)
    (change, *_) = json.loads(planner("history", "--plan", PLAN, "--format", "json"))
    assert change["detail"]["edits"][0]["after"]["group"] == "3C"


def test_the_store_stores_2_5_and_2A(store: Store) -> None:
    store.edit(PLAN, [Edit("a1", {"weight": "2,5", "group": " 3 C "})], person="Piet")
    row = stored(store, "a1")
    assert (row["weight"], row["group"]) == (2.5, "3C")
    # The plan's own spelling of a group it has, as before: ` 2 b ` is 2B.
    store.edit(PLAN, [Edit("a1", {"group": " 2 b "})], person="Piet")
    assert stored(store, "a1")["group"] == "2B"
    added = store.add(
        PLAN,
        {"date": "2026-03-13", "group": " 4 D ", "subject": "Frans", "kind": "SO", "weight": "0,5"},
        person="Els",
    )
    new = stored(store, added.detail["edits"][0]["id"])
    assert (new["weight"], new["group"]) == (0.5, "4D")


def test_the_store_refuses_what_the_editor_refuses_naming_the_field(store: Store) -> None:
    with pytest.raises(StorageError, match="weight: 'veel'"):
        store.edit(PLAN, [Edit("a1", {"weight": "veel"})], person="Piet")
    with pytest.raises(StorageError, match="locked: 'misschien'"):
        store.edit(PLAN, [Edit("a1", {"locked": "misschien"})], person="Piet")
    with pytest.raises(StorageError, match="kind"):
        store.add(PLAN, {"date": "2026-03-13", "group": "2A", "subject": "Frans"}, person="Els")


def test_the_editor_stores_2_5_and_2A_and_its_draft_is_what_the_store_saves(
    store: Store,
) -> None:
    before = store.load(PLAN)
    edits = TableEdits(
        changed={"a1": {"weight": "2,5", "group": " 3 C "}},
        added={"h1": {"date": "2026-03-13", "group": " 4 D ", "subject": "Frans", "kind": "SO"}},
    )
    draft = apply_edits(before.plan, edits, before.config, rows=before.rows, person="Els")
    assert draft.problems == ()
    assert draft.edits[0] == Edit("a1", {"group": "3C", "weight": 2.5})
    shown = draft.plan.assessments.set_index("id")
    assert (shown.loc["a1", "weight"], shown.loc["a1", "group"]) == (2.5, "3C")
    assert shown.loc["h1", "group"] == "4D"
    store.edit(PLAN, list(draft.edits), person="Els")
    pd.testing.assert_frame_equal(
        store.load(PLAN).plan.assessments.reset_index(drop=True),
        draft.plan.assessments.reset_index(drop=True),
    )


@pytest.mark.parametrize(
    ("fields", "kept"),
    [
        ({"weight": "2,5"}, {"weight": 2.5}),
        ({"weight": " 2.5 "}, {"weight": 2.5}),
        ({"weight": ""}, {"weight": 1.0}),  # emptied: the weight of the row's kind
        ({"weight": "-1"}, None),
        ({"minutes": "nan"}, None),
        ({"group": " 3 c "}, {"group": "3c"}),  # a new group keeps the spelling given
        ({"group": " 2 b "}, {"group": "2B"}),  # a group of the plan is spelled as the plan does
        ({"group": ""}, None),
        ({"date": "12-03-2026"}, {"date": pd.Timestamp("2026-03-12")}),  # the day first
        ({"locked": "ja"}, {"locked": True}),
        ({"locked": "nee"}, {"locked": False}),
        ({"locked": "misschien"}, None),
        ({"kind": "so"}, {"kind": "so", "weight": 0.5}),  # a new kind brings its weight
    ],
)
def test_the_editor_and_the_store_agree_on_every_value(
    store: Store, fields: dict[str, Any], kept: dict[str, Any] | None
) -> None:
    """The same value gives the same stored row through either, or is refused by both."""
    before = store.load(PLAN)
    draft = apply_edits(before.plan, TableEdits(changed={"a1": fields}), before.config)
    if kept is None:
        assert draft.edits == () and [p.column for p in draft.problems] == list(fields)
        with pytest.raises(StorageError, match=next(iter(fields))):
            store.edit(PLAN, [Edit("a1", fields)], person="Piet")
        return
    drafted = draft.plan.assessments.set_index("id").loc["a1"]
    store.edit(PLAN, [Edit("a1", fields)], person="Piet")
    saved = stored(store, "a1")
    for column, value in kept.items():
        assert drafted[column] == value, column
        assert saved[column] == value, column
