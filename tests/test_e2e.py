"""The dashboard in a real browser: `streamlit run` and Debian's chromium driven by Playwright.

One walk through the product as a test coordinator would take it; a full-page screenshot of
every page is kept in tests/artifacts/ (ignored by git) to look at."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser
import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGES = ["findings", "calendar", "pupils", "edit", "meeting", "upload", "rules"]


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


def no_exception(page: Any) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def test_overview_every_page_and_english(
    chrome: Any, sample_store_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "toetsplanner.db"
    shutil.copy(sample_store_file, db)
    with browser.dashboard(db, tmp_path / "streamlit.log") as url:
        page = chrome.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.wait_for_selector("[data-testid='stMetric']", timeout=60_000)
        page.wait_for_selector("[data-testid='stVegaLiteChart'] canvas, svg", timeout=60_000)
        browser.settled(page)
        no_exception(page)
        metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
        assert any(m.startswith("Fouten") and m.endswith("24") for m in metrics), metrics
        shoot(page, "overview")
        here = [p for p in PAGES if (browser.ROOT / "app_pages" / f"{p}.py").exists()]
        for name in here:
            page.goto(f"{url}/{name}")
            browser.settled(page)
            page.wait_for_selector("h1", timeout=60_000)
            no_exception(page)
            shoot(page, name)
        # English: every label follows.
        page.goto(url)
        browser.settled(page)
        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
        browser.settled(page)
        page.wait_for_selector("h1:has-text('Overview')", timeout=60_000)
        metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
        assert any(m.startswith("Errors") for m in metrics), metrics
        shoot(page, "overview-en")
