"""The team store: uploads merged per source, edits with history and undo, decisions, copies.

Every test runs on SQLite and on a real PostgreSQL server (tests/pgserver.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import make_config, make_plan

from planner.decisions import Dropped
from planner.errors import ConfigError, StorageError
from planner.model import ImportProblem
from planner.services import check_stored
from planner.storage import HEAD, MIGRATIONS, Edit, Store, metadata

SCHOOL = """
[school]
name = "Testschool"
region = "midden"
[calendar]
start = 2025-09-01
end = 2026-07-17
"""
PLAN = "2025-2026"
TUESDAY = "2026-03-10"  # week 11, no holidays


class Clock:
    """A clock the test moves forward, so moments in history are known."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 8, 0)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url, clock=Clock()) as s:
        s.create_plan(PLAN, person="Anna", config_toml=SCHOOL)
        yield s


def table(rows: list[tuple[str, str, str, str]], **columns: object) -> pd.DataFrame:
    """Canonical rows; ids derived from their content unless given."""
    columns.setdefault("id", "")
    return make_plan(rows, make_config(), **columns).assessments  # type: ignore[arg-type]


WISKUNDE = [
    (TUESDAY, "2A", "wiskunde", "PW"),
    ("2026-03-11", "2A", "wiskunde", "SO"),
]
ENGELS = [(TUESDAY, "2A", "Engels", "PW"), ("2026-03-12", "2B", "Engels", "PW")]


def live(store: Store, at: int | dt.datetime | None = None) -> pd.DataFrame:
    return store.load(PLAN, at).plan.assessments


def test_upload_round_trip_keeps_every_value_and_dtype(store: Store) -> None:
    rows = table(
        WISKUNDE,
        id=["w1", "w2"],
        title=["H3 – breuken", "=1+1"],
        teacher="JNS",
        minutes=["", "45"],
        period=["3", ""],
        announced=["2026-02-20", ""],
        locked=["ja", "nee"],
    )
    store.upload(PLAN, rows, file_name="test.csv", person="Anna", content=b"x")
    back = live(store)
    pd.testing.assert_frame_equal(back, rows)


def test_reupload_of_a_file_replaces_only_that_files_rows(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, teacher="JNS"), file_name="wis.csv", person="Jan")
    store.upload(PLAN, table(ENGELS, teacher="PRK"), file_name="eng.csv", person="Piet")
    again = table([("2026-03-16", "2A", "wiskunde", "PW")], teacher="JNS")
    change = store.upload(PLAN, again, file_name="wis.csv", person="Jan")
    assert change.detail["removed"] == 2 and change.detail["added"] == 1
    now = live(store)
    assert sorted(now["subject"]) == ["Engels", "Engels", "wiskunde"]
    assert now.loc[now["subject"] == "wiskunde", "date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-03-16"
    ]


def test_reupload_by_teacher_replaces_that_teachers_subject_in_any_file(store: Store) -> None:
    first = table(WISKUNDE + ENGELS, teacher=["JNS", "JNS", "PRK", "PRK"])
    store.upload(PLAN, first, file_name="sectie.csv", person="Coordinator")
    mine = table([("2026-03-17", "2A", "Wiskunde", "PW")], teacher="jns")
    change = store.upload(PLAN, mine, file_name="jns.csv", person="Jan", replace="teacher")
    assert change.detail["removed"] == 2
    now = live(store)
    assert sorted(zip(now["teacher"], now["subject"], strict=True)) == [
        ("PRK", "Engels"),
        ("PRK", "Engels"),
        ("jns", "Wiskunde"),
    ]


def test_a_failing_upload_stores_nothing(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE), file_name="wis.csv", person="Jan")
    before = store.history(PLAN)
    broken = table(ENGELS)
    broken.loc[1, "date"] = pd.NaT  # NOT NULL in the database: the second row is refused
    with pytest.raises(StorageError, match="nothing was changed"):
        store.upload(PLAN, broken, file_name="wis.csv", person="Jan")
    assert store.history(PLAN) == before
    assert len(live(store)) == 2


def test_long_text_and_odd_characters_are_stored_on_every_database(store: Store) -> None:
    rows = table(WISKUNDE, teacher="T" * 300, title=["bad\x00byte", "ok"], group="2A" * 120)
    store.upload(PLAN, rows, file_name="f" * 400 + ".csv", person="Jan")
    back = live(store)
    assert back["teacher"].tolist() == ["T" * 300] * 2
    assert back["title"].tolist() == ["badbyte", "ok"]
    assert back["group"].str.len().tolist() == [240, 240]


def test_upload_records_who_when_file_hash_and_problems(store: Store) -> None:
    problem = ImportProblem("wis.csv", 7, "date", "31-02-2026", "not a date")
    store.upload(
        PLAN, table(WISKUNDE), file_name="wis.csv", person="Jan", content=b"abc", problems=[problem]
    )
    (upload,) = store.uploads(PLAN)
    assert (upload.person, upload.file_name, upload.rows, upload.what) == (
        "Jan",
        "wis.csv",
        2,
        "plan",
    )
    assert upload.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert upload.problems == (problem,)
    assert store.load(PLAN).plan.problems == [problem]


def test_a_test_two_uploads_hold_counts_once_and_is_reported(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, id=["x1", "x2"]), file_name="a.csv", person="Jan")
    store.upload(PLAN, table(WISKUNDE[:1], id=["y1"]), file_name="b.csv", person="Piet")
    stored = store.load(PLAN)
    assert stored.plan.assessments["id"].tolist() == ["x1", "x2"]
    assert [(p.source, p.value) for p in stored.plan.problems] == [("b.csv", "y1")]


def test_move_add_delete_are_history_with_before_and_after(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="wis.csv", person="Jan")
    moved = store.move(PLAN, "w1", dt.date(2026, 3, 13), person="Piet")
    added = store.add(
        PLAN, {"date": "2026-03-18", "group": "2B", "subject": "Frans", "kind": "SO"}, person="Els"
    )
    deleted = store.delete(PLAN, "w2", person="Els")
    history = store.history(PLAN)
    assert [c.action for c in history] == ["delete", "add", "move", "upload", "create"]
    assert [c.person for c in history[:3]] == ["Els", "Els", "Piet"]
    (edit,) = moved.detail["edits"]
    assert edit["before"]["date"] == TUESDAY and edit["after"]["date"] == "2026-03-13"
    new_id = added.detail["edits"][0]["id"]
    now = live(store).set_index("id")
    assert sorted(now.index) == sorted(["w1", new_id])
    assert now.loc[new_id, "kind"] == "so" and now.loc[new_id, "weight"] == 0.5
    assert deleted.detail["edits"][0]["after"] is None
    # The plan as it was after the upload (a change id) and just before the move (a moment).
    assert sorted(live(store, at=history[3].id)["id"]) == ["w1", "w2"]
    just_before = moved.at - dt.timedelta(seconds=1)
    assert live(store, at=just_before).set_index("id").loc["w1", "date"] == pd.Timestamp(TUESDAY)


def test_edit_of_unknown_or_bad_values_is_refused_and_changes_nothing(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="wis.csv", person="Jan")
    before = store.history(PLAN)
    with pytest.raises(StorageError, match="nope"):
        store.move(PLAN, "nope", dt.date(2026, 3, 13), person="Piet")
    with pytest.raises(StorageError, match="kind"):
        store.edit(PLAN, [Edit("w1", {"kind": "werkstukje"})], person="Piet")
    with pytest.raises(StorageError, match="date"):
        store.edit(PLAN, [Edit("w1", {"date": "morgen"})], person="Piet")
    # Several edits are one change: the good first edit is not kept when the second fails.
    with pytest.raises(StorageError):
        store.edit(
            PLAN, [Edit("w1", {"date": "2026-03-13"}), Edit("w9", {"date": "x"})], person="P"
        )
    assert store.history(PLAN) == before


def test_undo_an_edit_an_upload_and_an_undo(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="wis.csv", person="Jan")
    original = live(store)
    moved = store.move(PLAN, "w1", dt.date(2026, 3, 13), person="Piet")
    undo = store.undo(PLAN, moved.id, person="Anna")
    pd.testing.assert_frame_equal(
        live(store).sort_values("id", ignore_index=True),
        original.sort_values("id", ignore_index=True),
    )
    redo = store.undo(PLAN, undo.id, person="Anna")
    assert live(store).set_index("id").loc["w1", "date"] == pd.Timestamp("2026-03-13")
    assert store.history(PLAN)[1].undone_by == redo.id  # the undo was undone
    # Undo of a re-upload brings back the file's earlier rows.
    store.upload(PLAN, table(ENGELS), file_name="wis.csv", person="Jan")
    reupload = store.history(PLAN)[0]
    assert set(live(store)["subject"]) == {"Engels"}
    store.undo(PLAN, reupload.id, person="Jan")
    assert sorted(live(store)["id"]) == ["w1", "w2"]


def test_undo_is_refused_when_a_later_change_replaced_its_rows(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="wis.csv", person="Jan")
    first = store.move(PLAN, "w1", dt.date(2026, 3, 13), person="Piet")
    second = store.move(PLAN, "w1", dt.date(2026, 3, 16), person="Els")
    with pytest.raises(StorageError, match=f"#?{second.id}"):
        store.undo(PLAN, first.id, person="Anna")
    with pytest.raises(StorageError):
        store.undo(PLAN, 1, person="Anna")  # the creation of the plan
    with pytest.raises(StorageError):
        store.undo(PLAN, 999, person="Anna")


def test_decision_sticks_while_the_tests_are_the_same_and_lapses_when_they_change(
    store: Store,
) -> None:
    rows = [(TUESDAY, "2A", s, "PW") for s in ("wiskunde", "Engels", "biologie")]
    store.upload(PLAN, table(rows, id=["p1", "p2", "p3"]), file_name="2a.csv", person="Jan")

    def reviewed() -> tuple[pd.DataFrame, list[tuple[object, Dropped]]]:
        r = check_stored(store.load(PLAN), "en").review
        frame = r.frame[r.frame["rule"] == "tests-per-day"].reset_index(drop=True)
        return frame, r.dropped  # type: ignore[return-value]

    frame, _ = reviewed()
    (finding,) = frame.itertuples()
    store.decide(
        PLAN,
        rule="tests-per-day",
        group="2A",
        pupil=None,
        start=dt.date(2026, 3, 10),
        end=dt.date(2026, 3, 10),
        assessments=list(finding.assessments),
        status="accepted",
        note="Mock exam day",
        person="Team 2",
    )
    frame, dropped = reviewed()
    assert frame["decision"].tolist() == ["accepted"] and not dropped
    assert frame["decided_by"].tolist() == ["Team 2"]
    # Another test on the same day for another group: the finding's tests are unchanged.
    store.add(PLAN, {"date": TUESDAY, "group": "2B", "subject": "Frans", "kind": "PW"}, person="E")
    assert reviewed()[0]["decision"].tolist() == ["accepted"]
    # One of its tests changes kind (weight): the same finding, other tests -> lapsed.
    changed = store.edit(PLAN, [Edit("p3", {"kind": "SO"})], person="Els")
    frame, dropped = reviewed()
    assert frame["decision"].tolist() == [""]
    assert [why for _, why in dropped] == [Dropped.CHANGED]
    store.undo(PLAN, changed.id, person="Els")
    assert reviewed()[0]["decision"].tolist() == ["accepted"]
    # One test moves away: still two heavy tests that day, but other ones -> lapsed.
    store.move(PLAN, "p3", dt.date(2026, 3, 12), person="Els")
    frame, dropped = reviewed()
    assert frame["decision"].tolist() == [""]
    assert [why for _, why in dropped] == [Dropped.CHANGED]
    # Another moves too: the finding is gone, so is the decision.
    store.move(PLAN, "p2", dt.date(2026, 3, 13), person="Els")
    frame, dropped = reviewed()
    assert frame.empty and [why for _, why in dropped] == [Dropped.RESOLVED]


def test_members_upload_replaces_the_memberships(store: Store) -> None:
    first = pd.DataFrame({"pupil": ["1001", "1002"], "group": ["2A", "2A"]}, dtype="str")
    store.upload_members(PLAN, first, file_name="members.csv", person="Anna")
    second = pd.DataFrame({"pupil": ["1003"], "group": ["2B"]}, dtype="str")
    store.upload_members(PLAN, second, file_name="members.csv", person="Anna")
    members = store.load(PLAN).members
    assert members is not None
    assert members.to_dict("records") == [{"pupil": "1003", "group": "2B"}]
    assert store.plans()[0].pupils == 1


def test_config_is_validated_versioned_and_read_at_a_moment(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown key"):
        store.set_config(PLAN, SCHOOL + "\n[rules.tests-per-day]\nmaxx = 3\n", person="Anna")
    change = store.set_config(PLAN, SCHOOL.replace("Testschool", "Nieuwe naam"), person="Anna")
    assert store.load(PLAN).config.name == "Nieuwe naam"
    assert store.load(PLAN, at=change - 1).config.name == "Testschool"


def test_a_what_if_copy_is_independent(store: Store) -> None:
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="wis.csv", person="Jan")
    store.create_plan("wat-als", person="Els", copy_of=PLAN)
    store.move("wat-als", "w1", dt.date(2026, 3, 16), person="Els")
    assert live(store).set_index("id").loc["w1", "date"] == pd.Timestamp(TUESDAY)
    moved = store.load("wat-als").plan.assessments.set_index("id").loc["w1", "date"]
    assert moved == pd.Timestamp("2026-03-16")
    info = {p.name: p for p in store.plans()}
    assert info["wat-als"].copied_from == PLAN and info["wat-als"].assessments == 2


def test_plan_names_and_people_are_required(store: Store) -> None:
    with pytest.raises(StorageError, match="already exists"):
        store.create_plan(PLAN, person="Anna")
    with pytest.raises(StorageError, match="nope"):
        store.load("nope")
    with pytest.raises(StorageError, match="--by"):
        store.upload(PLAN, table(WISKUNDE), file_name="w.csv", person="  ")


def test_schema_of_the_code_is_what_the_migrations_build(store_url: str) -> None:
    with Store(store_url) as store, store.engine.connect() as conn:
        assert store.revision() == HEAD
        context = MigrationContext.configure(conn)
        assert compare_metadata(context, metadata) == []
    script = ScriptDirectory(str(MIGRATIONS))
    assert script.get_current_head() == HEAD


def test_unusable_addresses_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        Store(str(tmp_path / "no" / "such" / "folder.db"))
    with pytest.raises(StorageError, match="not a database address"):
        Store("mysql://somewhere/db")


def test_sqlite_settings(tmp_path: Path) -> None:
    with Store(str(tmp_path / "s.db")) as store, store.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 60000}


def test_in_memory_store_works_for_scripts() -> None:
    with Store("sqlite://") as store:
        store.create_plan("p", person="Anna")
        store.upload("p", table(WISKUNDE), file_name="w.csv", person="Anna")
        assert len(store.load("p").plan.assessments) == 2


def test_refresh_reads_only_what_changed_and_equals_a_full_load(store: Store) -> None:
    members = pd.DataFrame({"pupil": ["1001", "1002"], "group": ["2A", "2B"]}, dtype="str")
    store.upload_members(PLAN, members, file_name="members.csv", person="Anna")
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="wis.csv", person="Jan")
    seen = store.load(PLAN)
    assert store.refresh(seen) is seen  # nothing new: nothing read

    def same(a: object, b: object) -> None:
        for field in ("change", "config_toml", "decisions"):
            assert getattr(a, field) == getattr(b, field)
        pd.testing.assert_frame_equal(a.plan.assessments, b.plan.assessments)  # type: ignore[attr-defined]
        assert a.plan.problems == b.plan.problems  # type: ignore[attr-defined]
        pd.testing.assert_frame_equal(a.members, b.members)  # type: ignore[attr-defined]

    steps = [
        lambda: store.upload(PLAN, table(ENGELS), file_name="eng.csv", person="Piet"),
        lambda: store.move(PLAN, "w1", dt.date(2026, 3, 16), person="Els"),
        lambda: store.upload(PLAN, table(WISKUNDE[:1], id=["w9"]), file_name="wis.csv", person="J"),
        lambda: store.upload_members(PLAN, members.iloc[:1], file_name="m.csv", person="Anna"),
        lambda: store.undo(PLAN, store.history(PLAN)[1].id, person="Anna"),
        lambda: store.set_config(PLAN, SCHOOL.replace("Testschool", "X"), person="Anna"),
    ]
    for step in steps:
        step()
        seen = store.refresh(seen)
        same(seen, store.load(PLAN))


def test_an_edit_moves_the_copies_other_files_hold_of_the_same_test(store: Store) -> None:
    # The teacher's own file and the school's export both hold 2A's wiskunde test.
    store.upload(PLAN, table(WISKUNDE, id=["w1", "w2"]), file_name="docent.csv", person="Jan")
    store.upload(PLAN, table(WISKUNDE[:1], id=["x1"]), file_name="export.ics", person="Els")
    assert live(store)["id"].tolist() == ["w1", "w2"]  # the copy counts once
    change = store.move(PLAN, "w1", dt.date(2026, 3, 16), person="Piet")
    assert change.detail["edits"][0]["copies"] == 1
    now = live(store).set_index("id")
    assert now.loc["w1", "date"] == pd.Timestamp("2026-03-16")
    assert "x1" not in now.index  # moved along, so still counted once (not back on 10 mrt)
    rows = store.load(PLAN).rows.set_index("id")
    assert rows.loc["x1", "date"] == pd.Timestamp("2026-03-16")
    # Naming the copy too (as the dashboard's editor may) edits each row once.
    store.edit(
        PLAN, [Edit("w1", {"date": "2026-03-17"}), Edit("x1", {"date": "2026-03-17"})], person="P"
    )
    assert len(store.load(PLAN).rows) == 3
    store.delete(PLAN, "w1", person="Piet")
    assert store.load(PLAN).rows["id"].tolist() == ["w2"]


def test_plan_names_are_sorted_without_case(store: Store) -> None:
    store.create_plan("bovenbouw", person="Anna")
    store.create_plan("Archief", person="Anna")
    assert store.plan_names() == ["2025-2026", "Archief", "bovenbouw"]
    assert [p.name for p in store.plans()] == store.plan_names()


def test_the_timetable_is_versioned_copied_and_undone(store: Store) -> None:
    lessons = pd.DataFrame(
        {"group": ["2A", "2A"], "subject": ["biologie", "biologie"], "weekday": [1, 3],
         "period": ["3", ""]}
    )  # fmt: skip
    first = store.set_lessons(PLAN, lessons, file_name="rooster.csv", person="Anna")
    assert first.action == "timetable" and first.detail["added"] == 2
    got = store.lessons(PLAN)
    assert got.to_dict("records") == [
        {"group": "2A", "subject": "biologie", "weekday": 1, "period": "3"},
        {"group": "2A", "subject": "biologie", "weekday": 3, "period": ""},
    ]
    second = store.set_lessons(PLAN, lessons.iloc[:1], file_name="rooster.csv", person="Bo")
    assert second.detail["removed"] == 2 and len(store.lessons(PLAN)) == 1
    assert len(store.lessons(PLAN, at=first.id)) == 2  # as it was
    store.create_plan("Kopie", person="Anna", copy_of=PLAN)
    assert len(store.lessons("Kopie")) == 1
    store.undo(PLAN, second.id, person="Anna")
    assert len(store.lessons(PLAN)) == 2
    assert store.lessons("Kopie").shape == (1, 4)  # the copy has its own
