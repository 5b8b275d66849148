"""planner.views.edit: a user's table edits applied to a draft plan (validated per row), the
store edits that save exactly that draft, and the difference of the findings before and after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_PLAN, make_config, make_members, make_plan

from planner.check import check, recheck
from planner.services import check_stored
from planner.storage import Edit, Store
from planner.views.edit import (
    TableEdits,
    apply_edits,
    editor_table,
    finding_diff,
    hidden_copies,
    merge_editor_state,
)

# ma 9 .. vr 13 mrt 2026: no holidays. 2A has three tests on di 10 mrt (tests-per-day: max 2,
# max 1 heavy), and a homework task on wo 11 mrt.
ROWS = [
    ("2026-03-10", "2A", "wiskunde", "PW"),
    ("2026-03-10", "2A", "biologie", "PW"),
    ("2026-03-10", "2A", "Engels", "SO"),
    ("2026-03-11", "2A", "Engels", "HW"),
    ("2026-03-12", "2B", "wiskunde", "PW"),
]


def plan_and_config() -> tuple[pd.DataFrame, object]:
    config = make_config()
    return make_plan(ROWS, config, title=["H1", "H2", "U5", "woordjes", "H1"]), config


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# -- applying edits --------------------------------------------------------------------------


def test_a_move_changes_only_that_row_and_is_one_store_edit() -> None:
    plan, config = plan_and_config()
    draft = apply_edits(plan, TableEdits(changed={"a2": {"date": "2026-03-12"}}), config)
    table = draft.plan.assessments.set_index("id")
    assert table.loc["a2", "date"] == day("2026-03-12")
    assert table.loc["a1", "date"] == day("2026-03-10")
    assert list(draft.edits) == [Edit("a2", {"date": day("2026-03-12")})]
    assert draft.problems == () and draft.applied == 1
    # the original plan is left alone
    assert plan.assessments.set_index("id").loc["a2", "date"] == day("2026-03-10")


def test_dates_are_read_as_a_teacher_writes_them() -> None:
    plan, config = plan_and_config()
    for value in ("12-03-2026", "2026-03-12T00:00:00.000", dt.date(2026, 3, 12), "do 12 mrt 2026"):
        draft = apply_edits(plan, TableEdits(changed={"a2": {"date": value}}), config)
        assert draft.plan.assessments.set_index("id").loc["a2", "date"] == day("2026-03-12")


def test_a_bad_date_or_unknown_kind_refuses_that_row_with_a_message() -> None:
    plan, config = plan_and_config()
    edits = TableEdits(
        changed={
            "a1": {"date": "32-03-2026"},
            "a2": {"kind": "excursie", "date": "2026-03-13"},
            "a3": {"date": "2026-03-09"},
        }
    )
    draft = apply_edits(plan, edits, config, lang="nl")
    table = draft.plan.assessments.set_index("id")
    # the bad rows are not applied at all (a2's good date neither), the good one is
    assert table.loc["a1", "date"] == day("2026-03-10")
    assert table.loc["a2", "date"] == day("2026-03-10")
    assert table.loc["a3", "date"] == day("2026-03-09")
    assert [e.id for e in draft.edits] == ["a3"]
    by_id = {p.id: p for p in draft.problems}
    assert set(by_id) == {"a1", "a2"}
    assert by_id["a1"].column == "date"
    assert by_id["a1"].message == (
        "wiskunde 2A di 10 mrt (a1): '32-03-2026' is geen datum "
        "(kies een dag of schrijf 10-03-2026); niet toegepast"
    )
    assert by_id["a2"].column == "kind"
    assert "onbekende soort 'excursie'" in by_id["a2"].message
    assert "proefwerk" in by_id["a2"].message  # the school's kinds are named
    english = apply_edits(plan, edits, config, lang="en")
    messages = [p.message for p in english.problems]
    assert any("'32-03-2026' is not a date" in m and "Tue 10 Mar" in m for m in messages)
    assert any("unknown kind 'excursie'" in m and m.endswith("not applied") for m in messages)


@pytest.mark.parametrize(
    ("fields", "column", "words"),
    [
        ({"group": "  "}, "group", "groep is leeg"),
        ({"subject": None}, "subject", "vak is leeg"),
        ({"date": None}, "date", "datum is leeg"),
        ({"weight": -1}, "weight", "weging '-1' is geen getal van 0 of meer"),
        ({"minutes": "veel"}, "minutes", "minuten 'veel' is geen getal"),
        ({"locked": "misschien"}, "locked", "gebruik ja/nee"),
    ],
)
def test_empty_or_bad_cells_are_refused(fields: dict[str, object], column: str, words: str) -> None:
    plan, config = plan_and_config()
    draft = apply_edits(plan, TableEdits(changed={"a1": fields}), config)
    assert draft.edits == ()
    assert [p.column for p in draft.problems] == [column]
    assert words in draft.problems[0].message


def test_a_new_kind_brings_its_weight_unless_one_is_given() -> None:
    plan, config = plan_and_config()
    draft = apply_edits(plan, TableEdits(changed={"a1": {"kind": "so"}}), config)
    row = draft.plan.assessments.set_index("id").loc["a1"]
    assert (row["kind"], row["weight"]) == ("so", config.kinds["so"].weight)
    assert draft.edits == (Edit("a1", {"kind": "so", "weight": config.kinds["so"].weight}),)
    draft = apply_edits(plan, TableEdits(changed={"a1": {"kind": "SO", "weight": "0,75"}}), config)
    assert draft.plan.assessments.set_index("id").loc["a1", "weight"] == 0.75


def test_an_edit_that_changes_nothing_is_no_store_edit() -> None:
    plan, config = plan_and_config()
    same = {"date": "10-03-2026", "group": "2a", "kind": "proefwerk", "title": " H1 "}
    draft = apply_edits(plan, TableEdits(changed={"a1": same}), config)
    assert draft.edits == () and draft.problems == () and draft.applied == 0


def test_an_added_row_gets_its_id_and_the_kinds_weight_and_a_deleted_one_goes() -> None:
    plan, config = plan_and_config()
    new = {"date": "2026-03-13", "group": "2a", "subject": "Frans", "kind": "SO", "title": "V1"}
    edits = TableEdits(added={"h1": new}, deleted=frozenset({"a4"}))
    draft = apply_edits(plan, edits, config, person="Anna")
    table = draft.plan.assessments.set_index("id")
    assert "a4" not in table.index
    row = table.loc["h1"]
    assert (row["group"], row["kind"], row["weight"]) == ("2A", "so", config.kinds["so"].weight)
    assert (row["source"], row["row"], row["locked"]) == ("(Anna)", 0, False)
    assert draft.edits == (
        Edit("a4", delete=True),
        Edit(
            None,
            {
                "id": "h1",
                "date": day("2026-03-13"),
                "group": "2a",
                "subject": "Frans",
                "kind": "so",
                "title": "V1",
            },
        ),
    )


def test_an_added_row_that_misses_something_stays_pending() -> None:
    plan, config = plan_and_config()
    edits = TableEdits(added={"h1": {"date": "2026-03-13", "group": "2A", "subject": "Frans"}})
    draft = apply_edits(plan, edits, config, lang="en")
    assert draft.edits == () and "h1" in draft.pending
    assert draft.problems[0].message == "new row 1: kind is empty; not applied"
    shown, _ = editor_table(draft, "en")
    assert shown["id"].iloc[-1] == "h1" and shown["day"].iloc[-1] == "Fri 13 Mar"


def test_an_edit_of_a_test_that_is_gone_is_refused() -> None:
    plan, config = plan_and_config()
    draft = apply_edits(plan, TableEdits(changed={"zz": {"date": "2026-03-12"}}), config)
    assert draft.edits == ()
    assert draft.problems[0].message.startswith("zz: staat niet meer in het plan")


def test_a_test_in_two_files_is_moved_with_its_hidden_copy() -> None:
    """The second file's copy is hidden from the plan; moving only the visible row would bring
    it back on the old day (the store drops repeats across files again on every load)."""
    config = make_config()
    school = make_plan(ROWS[:3], config, id=["s1", "s2", "s3"]).assessments
    calendar = make_plan(ROWS[:1], config, id=["c1"]).assessments.assign(source="2a.ics")
    rows = pd.concat([school, calendar], ignore_index=True)
    plan = make_plan(ROWS[:3], config, id=["s1", "s2", "s3"])
    assert hidden_copies(rows) == {"s1": [3]}
    draft = apply_edits(plan, TableEdits(changed={"s1": {"date": "2026-03-12"}}), config, rows=rows)
    assert [e.id for e in draft.edits] == ["s1", "c1"]
    assert draft.copies == 1
    table = draft.plan.assessments
    assert len(table) == 3 and set(table["id"]) == {"s1", "s2", "s3"}
    assert (table["date"] == day("2026-03-10")).sum() == 2
    deleted = apply_edits(plan, TableEdits(deleted=frozenset({"s1"})), config, rows=rows)
    assert deleted.edits == (Edit("s1", delete=True), Edit("c1", delete=True))
    assert "c1" not in set(deleted.plan.assessments["id"])


# -- the table -------------------------------------------------------------------------------


def test_editor_state_is_taken_in_by_id() -> None:
    ids = ["a1", "a2", "a3"]
    state = {
        "edited_rows": {"1": {"date": "2026-03-12", "day": "ignored"}},
        "added_rows": [{"date": "2026-03-13", "group": "2A"}],
        "deleted_rows": [2],
    }
    edits = merge_editor_state(TableEdits(), ids, state, new_id=lambda: "h1")
    assert edits.changed == {"a2": {"date": "2026-03-12"}}
    assert edits.added == {"h1": {"date": "2026-03-13", "group": "2A"}}
    assert edits.deleted == {"a3"}
    # the new row shown at the end is completed, a later edit of a2 replaces the earlier one
    later = {"edited_rows": {0: {"date": "2026-03-11"}, 3: {"kind": "SO"}}, "deleted_rows": []}
    edits = merge_editor_state(edits, ["a2", "a1", "x", "h1"], later)
    assert edits.changed == {"a2": {"date": "2026-03-11"}}
    assert edits.added == {"h1": {"date": "2026-03-13", "group": "2A", "kind": "SO"}}
    edits = merge_editor_state(edits, ["h1", "a2"], {"deleted_rows": [0, 1]})
    assert edits.added == {} and edits.changed == {} and edits.deleted == {"a2", "a3"}
    assert len(edits) == 2


def test_editor_table_filters_by_group_subject_and_weeks() -> None:
    plan, _ = plan_and_config()
    table, matching = editor_table(plan, "nl", groups=["2A"], subjects=["Engels"])
    assert table["id"].tolist() == ["a3", "a4"] and matching == 2
    assert table["day"].tolist() == ["di 10 mrt", "wo 11 mrt"]
    assert table["date"].tolist() == [dt.date(2026, 3, 10), dt.date(2026, 3, 11)]
    week, _ = editor_table(plan, "nl", first=dt.date(2026, 3, 11), last=dt.date(2026, 3, 15))
    assert week["id"].tolist() == ["a4", "a5"]
    first, matching = editor_table(plan, "nl", limit=2)
    assert first["id"].tolist() == ["a3", "a2"] and matching == len(plan.assessments)


# -- the difference of the findings ----------------------------------------------------------


def test_moving_a_heavy_test_resolves_the_days_finding() -> None:
    plan, config = plan_and_config()
    before = check(plan, config)
    draft = apply_edits(plan, TableEdits(changed={"a2": {"date": "2026-03-12"}}), config)
    diff = finding_diff(before.frame, check(draft.plan, config).frame)
    assert diff.resolved["group"].tolist() == ["2A"]
    assert "2A heeft op di 10 mrt 3 toetsen" in diff.resolved["message"].iloc[0]
    assert list(diff.resolved.columns) == ["severity", "group", "message"]
    assert diff.new.empty
    assert (diff.errors_before, diff.errors_after) == (1, 0)


def test_pupils_findings_are_counted_and_listed_when_asked() -> None:
    config = make_config()
    rows = [
        ("2026-03-10", "4h.wisB", "wiskunde", "PW"),
        ("2026-03-10", "4h.nat", "natuurkunde", "PW"),
    ]
    plan = make_plan(rows, config)
    members = make_members([("p1", "4h.wisB"), ("p1", "4h.nat"), ("p2", "4h.nat")])
    before = check(plan, config, members=members)
    moved = apply_edits(plan, TableEdits(changed={"a2": {"date": "2026-03-12"}}), config)
    after = recheck(before, plan, moved.plan, config, members=members)
    diff = finding_diff(before.frame, after.frame)
    assert diff.resolved.empty and diff.new.empty
    assert (diff.pupils_resolved, diff.pupils_new) == (1, 0)
    listed = finding_diff(before.frame, after.frame, pupils=True)
    assert listed.resolved["pupil"].tolist() == ["p1"]
    assert listed.pupils_changed == 1
    # scoped to the edited group: p1 is in it, so the pupil's finding is still seen
    scoped = finding_diff(
        before.frame, after.frame, pupils=True, within=moved.groups, members=members
    )
    assert moved.groups == {"4h.nat"} and scoped.resolved["pupil"].tolist() == ["p1"]


def test_a_draft_knows_the_groups_its_edits_touch() -> None:
    plan, config = plan_and_config()
    edits = TableEdits(
        changed={"a1": {"group": "2b"}, "a4": {"title": "same group"}},
        added={"h1": {"date": "2026-03-13", "group": "3C", "subject": "Frans", "kind": "SO"}},
        deleted=frozenset({"a5"}),
    )
    draft = apply_edits(plan, edits, config)
    assert draft.groups == {"2a", "2b", "3c"}
    refused = apply_edits(plan, TableEdits(changed={"a1": {"date": "nooit"}}), config)
    assert refused.groups == frozenset()


# -- on the sample school --------------------------------------------------------------------


def test_sample_moving_one_of_2a_s_three_tests_resolves_that_finding_only(
    sample_db: Path,
) -> None:
    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
    before = check_stored(stored, "nl").result
    frame = before.frame
    finding = frame[
        (frame["rule"] == "tests-per-day") & (frame["group"] == "2A") & frame["pupil"].isna()
    ]
    assert len(finding) == 1
    assert finding["message"].iloc[0].startswith("2A heeft op di 10 mrt 3 toetsen")
    table = stored.plan.assessments
    biology = table[
        (table["group"] == "2A")
        & (table["date"] == day("2026-03-10"))
        & (table["subject"] == "biologie")
        & (table["kind"] == "proefwerk")
    ]["id"].item()
    # do 12 mrt: a school day in the same week without any test for 2A
    assert not ((table["group"] == "2A") & (table["date"] == day("2026-03-12"))).any()
    edits = TableEdits(changed={biology: {"date": dt.date(2026, 3, 12)}})
    draft = apply_edits(stored.plan, edits, stored.config, rows=stored.rows, lang="nl")
    assert draft.problems == ()
    assert draft.copies == 1  # the same test in plan-2a.ics moves along
    after = recheck(
        before, stored.plan, draft.plan, stored.config, members=stored.members, lang="nl"
    )
    diff = finding_diff(before.frame, after.frame)
    assert diff.resolved["message"].tolist() == finding["message"].tolist()
    assert diff.new.empty
    assert draft.groups == {"2a"}
    # comparing only the edited groups and their pupils gives the same difference
    scoped = finding_diff(before.frame, after.frame, within=draft.groups, members=stored.members)
    pd.testing.assert_frame_equal(scoped.resolved, diff.resolved)
    assert scoped.new.empty and scoped.errors_after == diff.errors_after
    assert (diff.pupils_resolved, diff.pupils_new) == (0, 0)
    assert (diff.errors_before, diff.errors_after) == (24, 23)


def test_sample_the_store_edits_give_the_draft(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
        table = stored.plan.assessments
        in_2a = table[(table["group"] == "2A") & (table["date"] == day("2026-03-10"))]
        ids = in_2a["id"].tolist()
        edits = TableEdits(
            changed={
                ids[0]: {"date": "2026-03-12", "title": "Verplaatst"},
                ids[1]: {"kind": "so", "minutes": 30, "locked": True},
                table["id"].iloc[0]: {"group": "1b", "date": "32-13-2026"},  # refused
            },
            added={
                "h-test-1": {
                    "date": dt.date(2026, 3, 13),
                    "group": "2a",
                    "subject": "Frans",
                    "kind": "SO",
                    "title": "Vocabulaire",
                    "minutes": 20,
                }
            },
            deleted=frozenset({ids[2]}),
        )
        draft = apply_edits(
            stored.plan, edits, stored.config, rows=stored.rows, person="Test", lang="nl"
        )
        assert len(draft.problems) == 1
        history = len(store.history(SAMPLE_PLAN))
        store.edit(SAMPLE_PLAN, list(draft.edits), person="Test")
        saved = store.load(SAMPLE_PLAN)
        changes = store.history(SAMPLE_PLAN)
    assert len(changes) == history + 1 and changes[0].person == "Test"
    pd.testing.assert_frame_equal(
        saved.plan.assessments.reset_index(drop=True),
        draft.plan.assessments.reset_index(drop=True),
    )
    assert "h-test-1" in set(saved.plan.assessments["id"])
    result = check_stored(saved, "nl").result
    assert (
        result.summary
        == recheck(
            check_stored(stored, "nl").result,
            stored.plan,
            draft.plan,
            stored.config,
            members=stored.members,
            lang="nl",
        ).summary
    )
