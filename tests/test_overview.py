"""The printable overview (`planner report --overview`): every item of the weeks on the page,
holidays named, and the feed's QR code read back by a real QR reader."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from planner import load_config, read_plan
from planner.cli import main

SAMPLE = Path(__file__).parent.parent / "sample_data"
FEED = "https://toetsen.school.nl/feeds/" + "k" * 43 + ".ics"


def text_of(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_the_overview_of_a_class_holds_every_item_and_its_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "2a.pdf"
    args = ["report", str(SAMPLE / "plan.csv"), "--school", str(SAMPLE / "school.toml"),
            "--overview", "--group", "2A", "--from", "2026-02-11", "--weeks", "4",
            "--pdf", str(out), "--feed", FEED, "--made", "2026-02-01"]  # fmt: skip
    with pytest.raises(SystemExit):
        main(args)
    capsys.readouterr()
    text = text_of(out)
    assert text.startswith("Toetsen en huiswerk 2A")
    assert "Voorjaarsvakantie" in text and "studiedag" in text  # the holiday and the day off
    config = load_config(SAMPLE / "school.toml")
    table = read_plan([SAMPLE / "plan.csv"], config).assessments
    shown = table[(table["group"] == "2A") & table["date"].between("2026-02-09", "2026-03-06")]
    assert len(shown) > 5
    for row in shown.itertuples():
        assert f"{row.kind} {row.subject}" in text, row
    # the QR code in the corner is the feed's address
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    assert FEED in [r.text for r in zxingcpp.read_barcodes(image)]
    assert FEED in text


def test_an_overview_needs_a_pdf_and_a_group_or_pupil(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", str(SAMPLE / "plan.csv"), "--overview", "--ics", "x.ics"]
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 2
    assert "--overview" in capsys.readouterr().err
