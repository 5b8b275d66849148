"""The meeting page: worst weeks, open findings per group, decisions, and the CSV downloads
(their bytes are caught from AppTest's in-memory media store)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
import pytest
from conftest import SAMPLE_PLAN
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from planner.exporters.to_csv import FINDINGS_CSV_FIELDS
from planner.model import COLUMNS
from planner.services import check_stored
from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/meeting.py"


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


def meeting_page(lang: str = "nl") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_meeting_on_the_sample_school(sample_db: Path) -> None:
    at = meeting_page()
    assert [h.value for h in at.header] == [
        "Zwaarste weken", "Open bevindingen per groep", "Per docent", "Besluiten", "Voor en na",
        "Exporteren",
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
    assert at.header[4].value == "Before and after"


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
    frames = [t.value for t in at.dataframe if "waarom" not in t.value.columns]  # not per teacher
    assert len(frames) == 2  # the moved test and the resolved finding; nothing else changed
    moved = next(f for f in frames if "naar" in f.columns)
    assert len(moved) == 1
    assert moved.iloc[0, [0, 1, 2, 4, 5]].tolist() == [
        "2A", "biologie", "proefwerk", "di 10 mrt", "do 12 mrt",
    ]  # fmt: skip
    resolved = next(f for f in frames if "bevinding" in f.columns)
    assert resolved.iloc[0, 2].startswith("2A heeft op di 10 mrt 3 toetsen")
    assert any("vergelijking met: na wijziging" in c.value for c in at.caption)
