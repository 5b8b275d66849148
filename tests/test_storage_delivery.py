"""Delivering into the store safely: a new plan made in the transaction of its first file (so a
failed or killed first delivery leaves no empty plan), a delivery of under half the rows it
would replace refused unless asked, and change numbers that are not the plan's refused in one
line. Every test runs on SQLite and on a real PostgreSQL server (tests/pgserver.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import make_members, make_plan

from planner.cli import main
from planner.errors import StorageError
from planner.importers.upload import FileRead
from planner.services import deliver
from planner.storage import FewerRows, Store

SCHOOL = '[school]\nname = "Testschool"\n'
NEW = "nieuw"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as s:
        yield s


def assessments(n: int, teacher: str = "JNS", subject: str = "wiskunde") -> pd.DataFrame:
    rows = [(f"2026-03-{10 + i:02d}", "2A", subject, "PW") for i in range(n)]
    ids = [f"{teacher}-{subject}-{i}" for i in range(n)]
    return make_plan(rows, teacher=teacher, id=ids).assessments


def plan_read(name: str, table: pd.DataFrame) -> FileRead:
    return FileRead(name, name.encode(), "plan", table)


# -- a new plan is made with its first delivery ---------------------------------------------


def test_a_new_plan_is_made_in_the_transaction_of_its_first_upload(store: Store) -> None:
    first = store.upload(NEW, assessments(2), file_name="a.csv", person="Jan", create=SCHOOL)
    assert first.creates_plan
    assert [c.action for c in store.history(NEW)] == ["upload", "create"]
    assert store.load(NEW).config.name == "Testschool"
    again = store.upload(NEW, assessments(1, "PRK"), file_name="b.csv", person="Jan", create="")
    assert not again.creates_plan  # the plan is there: its rules stay
    assert store.load(NEW).config.name == "Testschool"
    members = make_members([("1001", "2A")])
    change = store.upload_members("ander", members, file_name="m.csv", person="Jan", create="")
    assert change.creates_plan
    assert store.plan_names() == ["ander", NEW]
    with pytest.raises(StorageError, match="there is no plan 'derde'"):
        store.upload("derde", assessments(1), file_name="a.csv", person="Jan")


def test_creating_a_plan_that_exists_is_refused_or_left_alone(store: Store) -> None:
    assert store.create_plan(NEW, person="Anna", config_toml=SCHOOL)
    with pytest.raises(StorageError, match=f"plan '{NEW}' already exists"):
        store.create_plan(NEW, person="Bert")
    assert not store.create_plan(NEW, person="Bert", exist_ok=True)
    assert [c.person for c in store.history(NEW)] == ["Anna"]
    assert store.load(NEW).config.name == "Testschool"


def test_a_first_upload_that_fails_leaves_no_plan_behind(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed")  # after the plan and the rows were written, uncommitted

    monkeypatch.setattr("planner.storage.store.record_upload", killed)
    with pytest.raises(RuntimeError, match="killed"):
        store.upload(NEW, assessments(2), file_name="a.csv", person="Jan", create=SCHOOL)
    assert store.plan_names() == []

    def refused(*args: object, **kwargs: object) -> None:
        raise sa.exc.OperationalError("INSERT INTO uploads", None, Exception("disk full"))

    monkeypatch.setattr("planner.storage.store.record_upload", refused)
    delivery = deliver(
        store, NEW, [plan_read("a.csv", assessments(2))], person="Jan", create=SCHOOL
    )
    assert not delivery.created
    (failed,) = delivery.files
    assert failed.change is None and failed.error is not None
    assert failed.error.one_line("en").endswith("not saved, nothing was changed: disk full")
    assert store.plan_names() == []
    assert store.plans() == []


def test_a_nul_byte_that_postgresql_refuses_leaves_no_plan_behind(
    postgres_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The NUL byte comes after the first 4 KiB, where the CSV reader looks for binary files.
    padding = "".join(f"2026-03-10;2A;vak {i};PW;JNS\n" for i in range(200))
    plan = tmp_path / "plan.csv"
    plan.write_bytes(
        f"datum;klas;vak;soort;docent\n{padding}2026-03-11;2A;wis\x00kunde;PW;JNS\n".encode()
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["db", "import", str(plan), "--plan", NEW, "--db", postgres_db_url, "--by", "Jan"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == ""
    first, second = err.splitlines()
    assert first.startswith("planner: ") and "niet opgeslagen, er is niets veranderd" in first
    assert "NUL" in first
    assert second == "plan.csv: niet opgeslagen"
    with Store(postgres_db_url) as store:
        assert store.plan_names() == []


# -- a delivery never wipes good rows --------------------------------------------------------


def test_an_upload_of_under_half_the_rows_it_replaces_is_refused(store: Store) -> None:
    store.upload(NEW, assessments(4), file_name="a.csv", person="Jan", create="")
    half = store.upload(NEW, assessments(2), file_name="a.csv", person="Jan")  # half: stored
    assert (half.detail["added"], half.detail["removed"]) == (2, 4)
    history = store.history(NEW)
    with pytest.raises(FewerRows) as refused:
        store.upload(NEW, assessments(0), file_name="a.csv", person="Jan")
    assert (refused.value.stored, refused.value.new) == (2, 0)
    assert refused.value.one_line("nl") == (
        "a.csv: niet opgeslagen, er is niets veranderd: opgeslagen zijn 2 rijen die dit bestand "
        "zou vervangen, het bestand heeft er maar 0 die te lezen zijn (minder dan de helft)"
    )
    assert store.history(NEW) == history  # nothing written, not even the change
    assert len(store.load(NEW).plan.assessments) == 2
    empty = store.upload(NEW, assessments(0), file_name="b.csv", person="Jan")  # replaces nothing
    assert (empty.detail["added"], empty.detail["removed"]) == (0, 0)
    forced = store.upload(NEW, assessments(0), file_name="a.csv", person="Jan", replace_anyway=True)
    assert (forced.detail["added"], forced.detail["removed"]) == (0, 2)
    assert store.load(NEW).plan.assessments.empty


def test_the_guard_counts_what_each_kind_of_delivery_replaces(store: Store) -> None:
    store.upload(NEW, assessments(3, "JNS"), file_name="jns.csv", person="Jan", create="")
    store.upload(NEW, assessments(3, "PRK"), file_name="prk.csv", person="Jan")
    # by teacher and subject: JNS's 3 rows would go for 1
    with pytest.raises(FewerRows) as refused:
        store.upload(NEW, assessments(1, "JNS"), file_name="x.csv", person="Jan", replace="teacher")
    assert (refused.value.stored, refused.value.new) == (3, 1)
    mine = assessments(2, "JNS")
    done = store.upload(NEW, mine, file_name="x.csv", person="Jan", replace="teacher")
    assert done.detail["removed"] == 3
    # memberships and lessons replace the whole table
    store.upload_members(
        NEW, make_members([(str(p), "2A") for p in range(5)]), file_name="m.csv", person="Jan"
    )
    with pytest.raises(FewerRows) as refused:
        store.upload_members(NEW, make_members([("1", "2A")]), file_name="m.csv", person="Jan")
    assert (refused.value.stored, refused.value.new) == (5, 1)
    lessons = pd.DataFrame({"group": ["2A"] * 3, "subject": ["wiskunde"] * 3, "weekday": [0, 1, 2]})
    store.set_lessons(NEW, lessons, file_name="l.csv", person="Jan")
    with pytest.raises(FewerRows):
        store.set_lessons(NEW, lessons.iloc[:1], file_name="l.csv", person="Jan")
    store.set_lessons(NEW, lessons.iloc[:1], file_name="l.csv", person="Jan", replace_anyway=True)
    assert len(store.lessons(NEW)) == 1
    assert store.load(NEW).members is not None
    assert len(store.load(NEW).members) == 5  # type: ignore[arg-type]


def test_deliver_reports_a_refused_file_and_stores_the_others(store: Store) -> None:
    store.upload(NEW, assessments(2), file_name="a.csv", person="Jan", create="")
    reads = [plan_read("a.csv", assessments(0)), plan_read("b.csv", assessments(1, "PRK"))]
    delivery = deliver(store, NEW, reads, person="Jan")
    refused, stored = delivery.files
    assert refused.too_few_rows and refused.change is None
    assert not stored.too_few_rows and stored.change is not None
    again = deliver(store, NEW, reads[:1], person="Jan", replace_anyway=True)
    assert again.files[0].change is not None
    assert again.files[0].change.detail["removed"] == 2


# -- change numbers that are not the plan's --------------------------------------------------


def test_undo_and_reading_at_a_change_that_is_not_the_plans(store: Store) -> None:
    store.upload(NEW, assessments(2), file_name="a.csv", person="Jan", create="")
    other = store.upload("ander", assessments(1), file_name="a.csv", person="Jan", create="")
    history = store.history(NEW)
    for change in (9999, other.id):
        with pytest.raises(StorageError) as refused:
            store.undo(NEW, change, person="Jan")
        assert refused.value.one_line("en") == f"plan '{NEW}' has no change {change}"
        with pytest.raises(StorageError, match=f"plan '{NEW}' has no change {change}"):
            store.load(NEW, at=change)
    assert store.history(NEW) == history
    assert len(store.load(NEW, at=history[0].id).plan.assessments) == 2
