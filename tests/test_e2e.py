"""The dashboard in a real browser: `streamlit run` and Debian's chromium driven by Playwright.

One walk through the product as a test coordinator would take it; a full-page screenshot of
every page is kept in tests/artifacts/ (ignored by git) to look at."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser
import openpyxl
import pytest

from tests import hostile

ARTIFACTS = Path(__file__).parent / "artifacts"
CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
BIOLOGY_2A = "33aab15ec0"  # 2A biologie proefwerk, di 10 mrt (tests/test_app_edit.py)
PAGES = [
    "findings",
    "calendar",
    "pupils",
    "plan_test",
    "edit",
    "testweek",
    "meeting",
    "upload",
    "rules",
]


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    reason = browser.unavailable_reason()
    if reason is not None:
        pytest.skip(f"no browser for the end-to-end tests: {reason}")
    with browser.browser() as chrome:
        yield chrome


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def nav(page: Any, title: str) -> None:
    """Go to a page through the sidebar, as a user does (the session, with the name typed in
    and the draft, stays; a new URL would start a new session)."""
    page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
    page.wait_for_selector(f"h1:has-text('{title}')", timeout=60_000)
    browser.settled(page)


@contextlib.contextmanager
def evidence(page: Any, name: str, log: Path) -> Iterator[None]:
    """On a failure, keep what the browser showed and what the server said."""
    try:
        yield
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"failed-{name}.png"), full_page=True)
        with contextlib.suppress(OSError):
            shutil.copy(log, ARTIFACTS / f"failed-{name}.log")
        raise


def no_exception(page: Any) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def test_overview_every_page_and_english(
    chrome: Any, sample_store_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "toetsplanner.db"
    shutil.copy(sample_store_file, db)
    log = tmp_path / "streamlit.log"
    with browser.dashboard(db, log) as url:
        page = chrome.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(90_000)  # a loaded 2-core machine, not a slow page
        with evidence(page, "every-page", log):
            walk_every_page(page, url)


def downloads(page: Any) -> None:
    """The meeting page's reports, made when clicked, arrive as real files."""
    ARTIFACTS.mkdir(exist_ok=True)
    with page.expect_download(timeout=90_000) as excel:
        page.get_by_role("button", name="Conflictrapport (Excel)").click()
    path = ARTIFACTS / "conflictrapport.xlsx"
    excel.value.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert "Bevindingen" in book.sheetnames
    with page.expect_download(timeout=90_000) as pdf:
        page.get_by_role("button", name="Vergaderrapport (PDF)").click()
    pdf.value.save_as(ARTIFACTS / "vergaderrapport.pdf")
    assert (ARTIFACTS / "vergaderrapport.pdf").read_bytes().startswith(b"%PDF")
    browser.settled(page)
    no_exception(page)


def make_test_week(page: Any) -> None:
    """The test-week page makes Toetsweek 1's timetable and gives it as a calendar and as a
    workbook."""
    page.get_by_role("button", name="Rooster maken").click()
    page.wait_for_selector("[data-testid='stMetric']:has-text('Botsingen')", timeout=90_000)
    browser.settled(page)
    no_exception(page)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(m.startswith("Botsingen") and m.endswith("0") for m in metrics), metrics
    with page.expect_download(timeout=90_000) as ics:
        page.get_by_role("button", name="Toetsweek als agenda (iCal)").click()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "toetsweek.ics"
    ics.value.save_as(path)
    assert path.read_text(encoding="utf-8").count("BEGIN:VEVENT") == 60
    with page.expect_download(timeout=90_000) as excel:
        page.get_by_role("button", name="Rooster (Excel)").click()
    excel.value.save_as(ARTIFACTS / "toetsweek.xlsx")
    book = openpyxl.load_workbook(ARTIFACTS / "toetsweek.xlsx", read_only=True)
    assert book.sheetnames == ["Per jaarlaag", "Per zitting", "Leerlingen"]


def walk_every_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    page.wait_for_selector(CHART, timeout=60_000)
    browser.settled(page)
    no_exception(page)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(m.startswith("Fouten") and m.endswith("24") for m in metrics), metrics
    shoot(page, "overview")
    for name in PAGES:
        page.goto(f"{url}/{name}")
        browser.settled(page)
        page.wait_for_selector("h1", timeout=60_000)
        no_exception(page)
        shoot(page, name)
        if name == "meeting":
            downloads(page)
        if name == "testweek":
            make_test_week(page)
            shoot(page, "testweek-made")
    # English: every label follows.
    page.goto(url)
    browser.settled(page)
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    browser.settled(page)
    page.wait_for_selector("h1:has-text('Overview')", timeout=60_000)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(m.startswith("Errors") for m in metrics), metrics
    shoot(page, "overview-en")


def test_a_coordinator_uploads_reads_a_finding_and_moves_a_test(
    chrome: Any, tmp_path: Path
) -> None:
    """From an empty store: upload the sample school, see the heatmap and the findings, open a
    finding in the calendar, move one of its tests in the editor and see it disappear."""
    log = tmp_path / "streamlit.log"
    with browser.dashboard(tmp_path / "toetsplanner.db", log) as url:
        page = chrome.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        with evidence(page, "coordinator", log):
            coordinate(page, url)


def coordinate(page: Any, url: str) -> None:
    """The coordinator's walk (see the test above)."""
    sample = browser.ROOT / "sample_data"
    page.goto(f"{url}/upload")
    browser.settled(page)
    name = page.get_by_role("textbox", name="Uw naam")
    name.fill("Anna de Vries")
    name.press("Enter")
    browser.settled(page)
    plan = page.get_by_role("textbox", name="Naam van het nieuwe plan")
    plan.fill("Voorbeeldcollege")
    plan.press("Enter")
    browser.settled(page)

    def upload(label: str, *files: str) -> None:
        box = page.locator("[data-testid='stFileUploader']").filter(has_text=label)
        box.locator("input[type='file']").set_input_files([str(sample / f) for f in files])
        browser.settled(page)

    upload("school.toml", "school.toml")
    page.wait_for_selector("text=Regels van Voorbeeldcollege", timeout=60_000)
    upload("Planningen", "plan.csv", "plan-4havo.xlsx", "plan-2a.ics")
    page.wait_for_selector("text=61 rijen gelezen", timeout=60_000)  # plan-2a.ics
    upload("members.csv", "members.csv")
    page.wait_for_selector("text=593 leerlingen", timeout=60_000)
    no_exception(page)
    shoot(page, "upload-preview")
    page.get_by_role("button", name="Opslaan in het plan").click()
    page.wait_for_selector("text=2911 rijen opgeslagen", timeout=60_000)
    browser.settled(page)
    no_exception(page)
    shoot(page, "upload-saved")

    nav(page, "Overzicht")
    shoot(page, "overview-after-upload")
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    page.wait_for_selector(CHART, timeout=60_000)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(m.startswith("Fouten") and m.endswith("24") for m in metrics), metrics

    nav(page, "Bevindingen")
    finding = page.locator("[data-testid='stExpander']").filter(
        has_text="2A heeft op di 10 mrt 3 toetsen"
    )
    finding.get_by_text("2A heeft op di 10 mrt 3 toetsen").click()
    finding.get_by_role("button", name="Open in kalender").click()
    page.wait_for_selector("h1:has-text('Kalender')", timeout=60_000)
    browser.settled(page)
    no_exception(page)
    assert page.get_by_text("biologie").count() > 0
    shoot(page, "calendar-from-finding")

    nav(page, "Wijzigen")
    page.get_by_text("Een toets verplaatsen").click()
    browser.choose(page, "Toets", "33aab15ec0")
    browser.type_date(page, "Naar", dt.date(2026, 3, 12))
    page.get_by_text("Hetzelfde als een datum").click()
    browser.settled(page)
    move = page.get_by_role("button", name="Verplaatsen", exact=True)
    page.wait_for_function("b => !b.disabled", arg=move.element_handle(), timeout=30_000)
    assert browser.shows(page, "Toets", "33aab15ec0"), "the test to move is still chosen"
    move.click()
    browser.settled(page)
    shoot(page, "edit-moved")
    page.wait_for_selector("text=24 → 23", timeout=60_000)
    browser.settled(page)
    no_exception(page)
    shoot(page, "edit-moved")
    page.get_by_role("button", name="Opslaan in het plan").click()
    browser.settled(page)
    nav(page, "Bevindingen")
    assert page.get_by_text("2A heeft op di 10 mrt 3 toetsen").count() == 0
    nav(page, "Overzicht")
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(m.startswith("Fouten") and m.endswith("23") for m in metrics), metrics
    suggest(page)
    plan_a_test(page)


def suggest(page: Any) -> None:
    """The rest of the errors: suggestions for the whole plan, taken and saved."""
    nav(page, "Wijzigen")
    page.get_by_role("button", name="Voorstellen maken").click()
    page.wait_for_selector("text=Fouten 23 → 0", timeout=90_000)
    browser.settled(page)
    no_exception(page)
    page.get_by_role("button", name="Gekozen verplaatsingen overnemen").click()
    browser.settled(page)
    page.wait_for_selector("text=23 → 0", timeout=60_000)
    no_exception(page)
    shoot(page, "edit-suggested")
    page.get_by_role("button", name="Opslaan in het plan").click()
    browser.settled(page)
    nav(page, "Overzicht")
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any(m.startswith("Fouten") and m.endswith("0") for m in metrics), metrics


def plan_a_test(page: Any) -> None:
    """A teacher plans a biology test for 4v.bio: the weeks from 2 Feb coloured, the Monday
    (recovery after Toetsweek 1) read and taken anyway; the Overview then counts its error."""
    nav(page, "Inplannen")
    groups = page.get_by_label("Groepen of clusters", exact=True)
    groups.click()
    page.keyboard.type("4v.bio", delay=30)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    browser.settled(page)
    browser.choose(page, "Vak", "biologie")
    # the kind stays the school's first, proefwerk
    browser.type_date(page, "Vanaf de week van", dt.date(2026, 2, 2))
    page.get_by_text("Toets inplannen", exact=True).first.click()  # leave the field: it commits
    browser.settled(page)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)
    no_exception(page)
    shoot(page, "plan-a-test")
    page.get_by_label("Beste dagen eerst", exact=True).click()
    page.keyboard.type("ma 2 feb", delay=30)
    page.get_by_role("option").filter(has_text="ma 2 feb").first.click()
    browser.settled(page)
    page.wait_for_selector("h3:has-text('ma 2 feb 2026')", timeout=60_000)
    assert page.get_by_text("herstel").count() + page.get_by_text("Toetsweek 1").count() > 0
    page.get_by_role("button", name="Zet de toets op ma 2 feb in het plan").click()
    page.wait_for_selector("text=in het plan gezet", timeout=60_000)
    no_exception(page)
    nav(page, "Overzicht")
    page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    errors = next(m for m in metrics if m.startswith("Fouten"))
    assert int(errors.split()[-1]) > 0, metrics  # 0 after the suggestions; the new test's error


def test_a_hostile_upload_leaves_the_dashboard_serving(
    chrome: Any, sample_store_file: Path, tmp_path: Path
) -> None:
    """The workbook that made python-calamine abort its whole process (a shared-strings count
    of a billion) uploaded on the Upload page: one error box naming the file, and the server
    still answers every session."""
    db = tmp_path / "toetsplanner.db"
    shutil.copy(sample_store_file, db)
    (case,) = [c for c in hostile.CASES if c.name == "xlsx-shared-strings-count"]
    bad, _ = hostile.write(case, tmp_path / "hostile")
    log = tmp_path / "streamlit.log"
    with browser.dashboard(db, log) as url:
        page = chrome.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(90_000)
        with evidence(page, "hostile-upload", log):
            page.goto(f"{url}/upload")
            browser.settled(page)
            box = page.locator("[data-testid='stFileUploader']").filter(has_text="Planningen")
            box.locator("input[type='file']").set_input_files([str(bad)])
            browser.settled(page)
            alert = page.locator("[data-testid='stAlert']").filter(has_text="plan.xlsx")
            alert.first.wait_for(timeout=60_000)
            assert "plan.xlsx" in alert.first.inner_text()
            no_exception(page)
            shoot(page, "upload-hostile")
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as health:
                assert health.status == 200
            other = chrome.new_page(viewport={"width": 1400, "height": 900})
            other.set_default_timeout(90_000)
            other.goto(url)
            other.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
            metrics = other.locator("[data-testid='stMetric']").all_inner_texts()
            assert any(m.startswith("Fouten") and m.endswith("24") for m in metrics), metrics
            no_exception(other)


def test_a_mentor_makes_a_class_feed_and_a_calendar_app_fetches_it(
    chrome: Any, tmp_path: Path, sample_store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the Calendar page: a feed for 2A made, its link read off the page and fetched as a
    calendar app would, from the feed server on the same store."""
    db = tmp_path / "toetsplanner.db"
    shutil.copy(sample_store_file, db)
    port = browser.free_port()
    monkeypatch.setenv("TOETSPLANNER_FEEDS_URL", f"http://127.0.0.1:{port}")
    serve = [sys.executable, "-m", "planner", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = tmp_path / "streamlit.log"
    try:
        with browser.dashboard(db, log) as url:
            page = chrome.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            with evidence(page, "feed", log):
                page.goto(f"{url}/calendar")
                browser.settled(page)
                name = page.get_by_role("textbox", name="Uw naam")
                name.fill("Anna de Vries")
                name.press("Enter")
                browser.settled(page)
                page.get_by_label("Groep", exact=True).click()
                page.keyboard.type("2A", delay=30)
                page.get_by_role("option").filter(has_text="2A").first.click()
                browser.settled(page)
                page.get_by_role("button", name="Koppeling maken").click()
                page.wait_for_selector("text=Koppeling gemaakt", timeout=60_000)
                no_exception(page)
                shoot(page, "calendar-feed")
                address = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
                assert address.startswith(f"http://127.0.0.1:{port}/feeds/"), address
                with urllib.request.urlopen(address, timeout=30) as answer:
                    body, etag = answer.read(), answer.headers["ETag"]
                assert b"X-WR-CALNAME:Toetsen 2A" in body and body.count(b"BEGIN:VEVENT") > 10
                # a 2A test moved on the Edit page is moved in the next fetch
                nav(page, "Wijzigen")
                page.get_by_text("Een toets verplaatsen").click()
                browser.choose(page, "Toets", BIOLOGY_2A)
                browser.type_date(page, "Naar", dt.date(2026, 3, 12))
                page.get_by_text("Hetzelfde als een datum").click()
                browser.settled(page)
                move = page.get_by_role("button", name="Verplaatsen", exact=True)
                page.wait_for_function("b => !b.disabled", arg=move.element_handle())
                move.click()
                browser.settled(page)
                page.get_by_role("button", name="Opslaan in het plan").click()
                browser.settled(page)
                no_exception(page)
        request = urllib.request.Request(address, headers={"If-None-Match": etag})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200  # changed: not 304
            body = answer.read()
        event = body.split(f"UID:{BIOLOGY_2A}".encode(), 1)[1].split(b"END:VEVENT", 1)[0]
        assert b"DTSTART" in event and b"20260312" in event
    finally:
        server.terminate()
        server.wait(10)
