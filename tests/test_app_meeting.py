"""The meeting page: worst weeks, open findings per group, decisions, and the CSV downloads
(their bytes are caught from AppTest's in-memory media store)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest
from conftest import SAMPLE_PLAN
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from planner.exporters.to_csv import FINDINGS_CSV_FIELDS
from planner.i18n import fmt_date
from planner.model import COLUMNS
from planner.services import check_stored
from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/meeting.py"
REPAIR = "page.meeting.repair"  # ((plan, change, lang), Repair)


class RecordingStorage(MemoryMediaFileStorage):
    """AppTest's media store, remembered after the run (AppTest drops its runtime)."""

    files: ClassVar[dict[str, bytes]] = {}

    def load_and_get_id(
        self, path_or_data: Any, mimetype: str, kind: Any, filename: Any = None
    ) -> str:
        file_id = super().load_and_get_id(path_or_data, mimetype, kind, filename)
        RecordingStorage.files[self.get_url(file_id)] = self.get_file(file_id).content
        return file_id


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    RecordingStorage.files = {}
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", RecordingStorage)
    yield RecordingStorage.files


def meeting_page(lang: str = "nl", person: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["person"] = person
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_meeting_on_the_sample_school(sample_db: Path) -> None:
    at = meeting_page()
    assert [h.value for h in at.header] == [
        "Zwaarste weken", "Open bevindingen per groep", "Per docent",
        "Voorgestelde verplaatsingen", "Besluiten", "Voor en na", "Exporteren",
    ]  # fmt: skip
    weeks = [t for t in texts(at) if t.startswith("#### ") and ". week " in t]
    assert len(weeks) == 5
    assert weeks[0].startswith("#### 1. week 11 (9-13 mrt)")
    assert "⛔ 1 fout" in weeks[0] and "2A" in weeks[0]
    groups = [t for t in texts(at) if t.startswith("#### ") and ". week " not in t]
    assert groups and groups[0].startswith("#### 1B")  # most errors first, then by name
    assert any("- 2A heeft op di 10 mrt 3 toetsen" in t for t in groups)
    assert any(i.value == "Nog geen besluiten genomen." for i in at.info)
    assert [b.proto.label for b in at.get("download_button")] == [
        "Lijst van deze docent (CSV)",
        "Conflictrapport (Excel)",
        "Vergaderrapport (PDF)",
        "Agenda (iCal)",
        "Bevindingen (CSV)",
        "Toetsplan (CSV)",
    ]


def test_meeting_in_english(sample_db: Path) -> None:
    at = meeting_page("en")
    assert at.header[0].value == "Worst weeks"
    assert any(t.startswith("#### 1. week 11 (9-13 Mar)") and "1 error" in t for t in texts(at))
    assert [b.proto.label for b in at.get("download_button")] == [
        "This teacher's list (CSV)",
        "Conflict report (Excel)",
        "Meeting report (PDF)",
        "Calendar (iCal)",
        "Findings (CSV)",
        "Test plan (CSV)",
    ]
    assert at.header[3].value == "Suggested moves"
    assert at.header[5].value == "Before and after"


def test_each_teacher_gets_their_list(sample_db: Path) -> None:
    at = meeting_page("en")
    picker = at.selectbox(key="page.meeting.teacher")
    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
    frame = check_stored(stored).review.frame
    acting = frame[frame["severity"].isin(["error", "warning"])]
    table = stored.plan.assessments.set_index("id")
    ids = {i for a in acting["assessments"] for i in a}
    teachers = {str(table.loc[i, "teacher"]) for i in ids}
    assert {str(o).split(" (")[0] for o in picker.options} == teachers
    teacher = picker.value  # the first, by name
    assert teacher == sorted(teachers, key=lambda t: (t == "", t.casefold()))[0]
    shown = next(t.value for t in at.dataframe if "why" in t.value.columns)
    mine = {i for i in ids if table.loc[i, "teacher"] == teacher}
    assert len(shown) == len(mine) and list(shown.columns)[-1] == "why"
    assert all(shown["why"].str.len() > 0)
    # kinds as the school names them; the date the repair suggests where it moves the test
    assert set(shown["kind"]) <= {"PW", "SO", "PO", "MO", "HW"}
    repair = at.session_state[REPAIR][1]
    new_day = {m.id: fmt_date(m.after, "en") for m in repair.moves}
    assert set(new_day) & ids  # the sample's repair moves tests in open findings
    rows = mine_rows(table, ids, teacher)
    assert shown["suggested date"].tolist() == [new_day.get(i, "") for i in rows]


def mine_rows(table: pd.DataFrame, ids: set[str], teacher: str) -> list[str]:
    """The teacher's test ids in the order the list shows them: by date, group, id."""
    mine = table.loc[sorted(i for i in ids if table.loc[i, "teacher"] == teacher)]
    return mine.reset_index().sort_values(["date", "group", "id"])["id"].tolist()


def test_meeting_of_an_empty_store(empty_db: Path) -> None:
    at = meeting_page()
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)
    assert not at.get("download_button")


def test_decisions_and_the_downloads(sample_db: Path, downloads: dict[str, bytes]) -> None:
    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
        frame = check_stored(stored, "nl").review.frame
        crowded = frame[(frame["rule"] == "tests-per-day") & (frame["group"] == "2A")].iloc[0]
        store.decide(
            SAMPLE_PLAN, rule="tests-per-day", group="2A", pupil=None,
            start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 10),
            assessments=list(crowded["assessments"]), status="accepted",
            note="=oefentoets, afgesproken", person="Jan",
        )  # fmt: skip
        store.decide(
            SAMPLE_PLAN, rule="peak-week", group="1Z", pupil=None,
            start=dt.date(2026, 2, 2), end=dt.date(2026, 2, 6), assessments=["x"],
            status="todo", note="", person="Piet",
        )  # fmt: skip
    at = meeting_page()
    decided = [t for t in texts(at) if t.startswith(("✅", "📌"))]
    assert len(decided) == 2
    accepted = next(t for t in decided if t.startswith("✅"))
    assert "**Geaccepteerd** · 2A · di 10 mrt: 2A heeft op di 10 mrt 3 toetsen" in accepted
    assert "*Jan, " in accepted and "=oefentoets, afgesproken" in accepted
    lapsed = next(t for t in decided if t.startswith("📌"))
    assert "Piekweek" in lapsed and "*vervallen: de bevinding is verdwenen*" in lapsed
    # 2A's error is accepted: no longer open for 2A
    assert not any(
        "- 2A heeft op di 10 mrt 3 toetsen" in t for t in texts(at) if t.startswith("#### 2A")
    )

    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    findings = downloads[buttons["Bevindingen (CSV)"].url]
    assert findings.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(findings.decode("utf-8-sig"))))
    assert tuple(rows[0]) == FINDINGS_CSV_FIELDS
    assert len(rows) == len(frame)
    row = next(r for r in rows if r["rule"] == "tests-per-day" and r["group"] == "2A")
    assert (row["decision"], row["decided_by"]) == ("accepted", "Jan")
    assert row["note"] == "'=oefentoets, afgesproken"  # inert in a spreadsheet
    assert row["decided_at"].startswith("20")
    assert sum(1 for r in rows if r["decision"]) == 1

    plan = downloads[buttons["Toetsplan (CSV)"].url].decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(plan)))
    assert tuple(lines[0]) == COLUMNS
    assert len(lines) == len(stored.plan.assessments) + 1
    assert buttons["Toetsplan (CSV)"].url.endswith(".csv")


def test_before_and_after_a_move(sample_db: Path) -> None:
    """Compared with the plan before 2A's biology test moved: the move and the resolved
    finding are listed, errors 24 -> 23."""
    with Store(str(sample_db)) as store:
        table = store.load(SAMPLE_PLAN).plan.assessments
        biology = table[
            (table["group"] == "2A")
            & (table["date"] == pd.Timestamp("2026-03-10"))
            & (table["subject"] == "biologie")
            & (table["kind"] == "proefwerk")
        ]["id"].item()
        before = store.latest_change(SAMPLE_PLAN)
        store.move(SAMPLE_PLAN, biology, dt.date(2026, 3, 12), person="Anna")
    at = meeting_page()
    choice = at.selectbox(key=f"page.meeting.compare.{SAMPLE_PLAN}")
    option = next(o for o in choice.options if o.startswith(f"na wijziging #{before} "))
    choice.select(option).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Fouten"] == "24 → 23" and metrics["Verplaatst"] == "1"
    frames = [  # not per teacher, not the suggested moves
        t.value for t in at.dataframe if not {"waarom", "take"} & set(t.value.columns)
    ]
    assert len(frames) == 2  # the moved test and the resolved finding; nothing else changed
    moved = next(f for f in frames if "naar" in f.columns)
    assert len(moved) == 1
    assert moved.iloc[0, [0, 1, 2, 4, 5]].tolist() == [
        "2A", "biologie", "proefwerk", "di 10 mrt", "do 12 mrt",
    ]  # fmt: skip
    resolved = next(f for f in frames if "bevinding" in f.columns)
    assert resolved.iloc[0, 2].startswith("2A heeft op di 10 mrt 3 toetsen")
    assert any("vergelijking met: na wijziging" in c.value for c in at.caption)


def dates(db: Path, ids: list[str]) -> dict[str, dt.date]:
    with Store(str(db)) as store:
        table = store.load(SAMPLE_PLAN).plan.assessments.set_index("id")
    return {i: table.loc[i, "date"].date() for i in ids}


def test_accepting_the_chosen_moves_is_one_change_that_undo_takes_back(sample_db: Path) -> None:
    """The suggested moves with a box each; the chosen ones go into the plan as one change
    with the person's name, the page then shows the plan with them, and one click undoes it."""
    with Store(str(sample_db)) as store:
        before = store.latest_change(SAMPLE_PLAN)
    at = meeting_page(person="Anna")
    repair = at.session_state[REPAIR][1]
    assert len(repair.moves) >= 2
    editor = at.data_editor(key=f"page.meeting.moves.{SAMPLE_PLAN}.{before}")
    assert editor.value["id"].tolist() == [m.id for m in repair.moves]
    assert set(editor.value["kind"]) <= {"PW", "SO", "PO", "MO", "HW"}
    skipped = repair.moves[-1]  # the team leaves the last one
    at.session_state[editor.key] = {
        "edited_rows": {len(repair.moves) - 1: {"take": False}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    ids = [m.id for m in repair.moves]
    old = dates(sample_db, ids)
    at.button(key="page.meeting.accept").click().run()
    assert not at.exception
    with Store(str(sample_db)) as store:
        history = store.history(SAMPLE_PLAN, limit=2)
        assert store.latest_change(SAMPLE_PLAN) == before + 1  # one change
    assert history[0].person == "Anna" and history[0].action == "edit"
    moved = dates(sample_db, ids)
    assert moved == {m.id: m.after for m in repair.moves[:-1]} | {skipped.id: old[skipped.id]}
    n = len(repair.moves) - 1
    assert f"{n} verplaatsing(en) in het plan gezet (wijziging #{before + 1})." in [
        s.value for s in at.success
    ]
    assert at.session_state[REPAIR][0][:3] == (SAMPLE_PLAN, before + 1, "nl")  # the new plan shown
    at.button(key="page.meeting.undo").click().run()
    assert not at.exception
    assert dates(sample_db, ids) == old
    with Store(str(sample_db)) as store:
        undo = store.history(SAMPLE_PLAN, limit=1)[0]
    assert (undo.action, undo.undoes, undo.person) == ("undo", before + 1, "Anna")
    assert f"Wijziging #{before + 1} ongedaan gemaakt (wijziging #{before + 2})." in [
        s.value for s in at.success
    ]
    assert not [b for b in at.button if b.key == "page.meeting.undo"]


def test_without_a_name_no_moves_are_accepted(sample_db: Path) -> None:
    at = meeting_page(person="")
    assert at.button(key="page.meeting.accept").disabled
    assert "Vul links uw naam in om verplaatsingen over te nemen." in [i.value for i in at.info]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing")
def test_the_meeting_pdf_has_each_teachers_list(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The PDF download (made when clicked) is titled by the plan and ends with each teacher's
    tests and the dates the repair suggests."""
    made: dict[str, Any] = {}
    original = MediaFileManager.add_deferred

    def remember(self: MediaFileManager, data: Any, mimetype: Any, *args: Any, **kw: Any) -> str:
        made[str(kw.get("file_name"))] = data
        return original(self, data, mimetype, *args, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    meeting_page()
    name = "voorbeeldcollege-2025-2026-vergaderrapport.pdf"
    assert name in made
    pdf = tmp_path / name
    pdf.write_bytes(made[name]())
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.lstrip().startswith(SAMPLE_PLAN)
    teachers = text[text.index("Per docent") :]  # the last pages
    assert "Genomen besluiten" not in teachers
    assert "→ Voorgestelde datum: " in teachers and "biologie PW 2A" in " ".join(teachers.split())
