"""planner.exporters.to_pdf: the meeting report as text (pdftotext) and as a picture of page 1
(pdftoppm, kept in tests/artifacts/), in Dutch and English, with accents, and before/after."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import make_config, make_plan

from planner import check, load_config, read_members, read_plan
from planner.diff import compare
from planner.exporters import Report, make_report
from planner.exporters.to_pdf import pdf_bytes
from planner.model import Plan
from planner.views.actions import kind_names
from planner.views.heatmap import heatmap

SAMPLE = Path(__file__).parent.parent / "sample_data"
ARTIFACTS = Path(__file__).parent / "artifacts"
MADE = dt.datetime(2026, 3, 2, 9, 0)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing"
)


@pytest.fixture(scope="module")
def sample() -> Report:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    return make_report(plan, config, title="Voorbeeldcollege", made=MADE, members=members)


def text_of(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def pages(text: str) -> int:
    return text.count("\f")


def test_the_meeting_report_in_dutch(sample: Report, tmp_path: Path) -> None:
    data = pdf_bytes(sample)
    assert data.startswith(b"%PDF")
    text = text_of(data, tmp_path)
    assert "Voorbeeldcollege" in text and "Vergaderrapport toetsbelasting" in text
    assert "Gemaakt op 02-03-2026 09:00" in text
    assert "Kerncijfers" in text and "Zwaarste weken" in text
    flat = " ".join(text.split())
    assert "Fouten 24" in flat and "Leerlingen 593" in flat
    assert "2A heeft op di 10 mrt 3 toetsen" in flat
    assert "art. 3.2" in flat  # the finding's reference
    assert "Open bevindingen per groep" in text and "Genomen besluiten" in text
    # page 1 as a picture, kept to look at
    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path / "report.pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path),
         str(ARTIFACTS / "report-page-1")], check=True,
    )  # fmt: skip
    png = ARTIFACTS / "report-page-1.png"
    assert png.stat().st_size > 5_000  # a page with text on it, not a blank one


def test_english_and_one_page_per_group(sample: Report, tmp_path: Path) -> None:
    english = make_report(
        sample.plan, sample.config, title="Sample", made=MADE, members=sample.members, lang="en"
    )
    text = text_of(pdf_bytes(english), tmp_path)
    assert "Test load meeting report" in text and "Key figures" in text
    assert "Open findings per group" in text and "Heaviest weeks" in text
    per_group = text_of(pdf_bytes(english, per_group=True), tmp_path)
    groups = sample.plan.assessments["group"].nunique()
    assert pages(per_group) >= pages(text) + groups
    assert "Group 2A" in per_group


def test_accents_and_dashes_render(tmp_path: Path) -> None:
    config = make_config()
    plan = make_plan(
        [("2026-03-10", "2A", "wiskunde", "PW"), ("2026-03-10", "2A", "Frans", "PW")],
        config,
        title=["Proefwerk één – hoofdstuk ë", "Leçon ï"],
    )
    report = make_report(plan, config, title="Één école – ë", made=MADE)
    text = text_of(pdf_bytes(report, per_group=True), tmp_path)
    assert "Één école – ë" in text
    assert "Proefwerk één – hoofdstuk ë" in text and "Leçon ï" in text


def test_before_and_after(sample: Report, tmp_path: Path) -> None:
    table = sample.plan.assessments
    crowded = (table["group"] == "2A") & (table["date"] == pd.Timestamp("2026-03-10"))
    biology = table.index[crowded & (table["subject"] == "biologie")][0]
    dates = table["date"].where(table.index != biology, pd.Timestamp("2026-03-12"))
    moved = Plan(table.assign(date=dates))
    after = check(moved, sample.config, members=sample.members)
    comparison = compare(
        sample.plan, sample.result, moved, after, before_label="plan van maandag",
        after_label="na de vergadering",
    )  # fmt: skip
    report = make_report(
        moved, sample.config, title="na", made=MADE, members=sample.members, result=after,
        comparison=comparison,
    )  # fmt: skip
    flat = " ".join(text_of(pdf_bytes(report), tmp_path).split())
    assert "Voor en na" in flat and "Voor: plan van maandag" in flat
    assert "Verplaatste toetsen (1)" in flat
    assert "biologie proefwerk 2A" in flat and "di 10 mrt do 12 mrt" in flat
    assert "Fouten 24 → 23" in flat


def test_one_heatmap_for_screen_and_paper(sample: Report) -> None:
    spec = heatmap(sample.grid, "nl", interactive=False).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rect", "text"]
    rect = spec["layer"][0]["encoding"]
    assert rect["color"]["condition"]["value"] == "#cfcfcf"  # holidays
    assert rect["color"]["scale"]["scheme"] == "blues"
    assert "params" not in spec  # paper has nothing to click
    clickable = heatmap(sample.grid, "nl").to_dict()
    assert [p["name"] for p in clickable["params"]] == ["cell"]


def test_a_group_page_lists_its_tests_and_counts_its_homework(tmp_path: Path) -> None:
    long_title = "Samenvatting " + "hoofdstuk " * 20 + "slot"
    plan = make_plan(
        [("2026-03-10", "2A", "wiskunde", "PW"), ("2026-03-11", "2A", "Frans", "HW"),
         ("2026-03-12", "2A", "Frans", "HW"), ("2026-03-12", "2B", "biologie", "SO")],
        make_config(),
        title=["Breuken", "Woordjes blz 40", "Woordjes blz 41", long_title],
    )  # fmt: skip
    report = make_report(plan, make_config(), title="Groepen", made=MADE)
    text = text_of(pdf_bytes(report, per_group=True), tmp_path)
    group_2a = text.split("Groep 2A")[-1].split("Groep 2B")[0]
    assert "Breuken" in group_2a and "wiskunde" in group_2a
    assert "Woordjes" not in group_2a  # homework is counted, not listed
    assert "Daarnaast 2 keer huiswerk" in " ".join(group_2a.split())
    group_2b = text.split("Groep 2B")[-1]
    # a title wider than its column is cut with an ellipsis, on one line
    assert "Samenvatting hoofdstuk" in group_2b and "…" in group_2b and "slot" not in group_2b


def test_each_teachers_tests_in_open_findings(sample: Report, tmp_path: Path) -> None:
    """Each teacher's tests with subject, kind (as the school names it: `PW`, not the key
    `proefwerk`) and group, and the date a repair suggests under the test it moves."""
    moved = sample.per_teacher["id"].iloc[0]
    report = make_report(
        sample.plan, sample.config, title="Voorbeeldcollege", made=MADE, members=sample.members,
        result=sample.result, suggested={moved: dt.date(2026, 3, 12)},
    )  # fmt: skip
    text = text_of(pdf_bytes(report, per_teacher=True), tmp_path)
    flat = " ".join(text.split())
    assert "Per docent" in text
    acting = sample.findings[sample.findings["severity"].isin(["error", "warning"])]
    table = sample.plan.assessments.set_index("id")
    ids = {i for a in acting["assessments"] for i in a}
    for teacher in {str(table.loc[i, "teacher"]) for i in ids}:
        assert teacher in text
    school = kind_names(sample.config.kinds)
    for i in ids:  # each test with its subject, kind and group
        row = table.loc[i]
        assert f"{row['subject']} {school[row['kind']]} {row['group']}" in flat, i
    assert "biologie PW 2A" in flat and "biologie proefwerk" not in flat
    row = table.loc[moved]
    line = f"{row['subject']} {school[row['kind']]} {row['group']}"
    lines = [t.strip() for t in text.splitlines()]
    at = next(n for n, t in enumerate(lines) if line in t)
    assert lines[at + 1] == "→ Voorgestelde datum: do 12 mrt"
    assert flat.count("Voorgestelde datum") == 1
