"""A real dashboard in a real browser: `streamlit run` on a free port on 127.0.0.1, and Debian's
chromium driven by Playwright. Used by tests/test_e2e.py and bench/bench_dashboard.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
CHROMIUM = "/usr/bin/chromium"
# No sandbox as root; no background traffic (this machine's network is closed).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def unavailable_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (Debian package chromium; make test installs it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def dashboard(db: Path, log: Path) -> Iterator[str]:
    """`streamlit run streamlit_app.py` on the store `db`; yields its URL."""
    port = free_port()
    env = {**os.environ, "TOETSPLANNER_DB": str(db)}
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                streamlit,
                "run",
                str(ROOT / "streamlit_app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(url: str, proc: subprocess.Popen[Any], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer within 60 s: {log.read_text()[-2000:]}")


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless chromium (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chrome
        finally:
            chrome.close()


def choose(page: Any, label: str, text: str, attempts: int = 3) -> None:
    """Pick the option holding `text` in the select box `label`: type to filter, wait until
    every option left holds the text (Enter right after typing can catch the list before it is
    filtered), then Enter; and check the box shows it, else try again (with thousands of
    options the list re-renders under the keyboard now and then). Clicking the option itself
    can miss for the same reason."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts):
        page.get_by_label(label, exact=True).click()
        page.keyboard.type(text, delay=30)
        try:
            page.wait_for_function(
                """text => {
                    const options = [...document.querySelectorAll("[role='option']")];
                    return options.length > 0 && options.every(o => o.textContent.includes(text));
                }""",
                arg=text,
                timeout=30_000,
            )
        except PlaywrightTimeout:  # the typing went astray on a busy machine: again
            page.keyboard.press("Escape")
            settled(page)
            continue
        page.keyboard.press("Enter")
        settled(page)
        if shows(page, label, text):
            return
        page.keyboard.press("Escape")
    raise AssertionError(f"select box {label!r} would not take {text!r}")


def type_date(page: Any, label: str, day: dt.date, delay: int = 50) -> None:
    """Type `day` into the date field `label` (segments day, month, year) and close its
    calendar popover; the field commits when the focus leaves it (the caller clicks on)."""
    field = page.get_by_role("group", name=label, exact=True)
    field.locator("[role='spinbutton']").first.click()
    for part in (f"{day.day:02d}", f"{day.month:02d}", f"{day.year}"):
        page.keyboard.type(part, delay=delay)
    page.keyboard.press("Escape")


def shows(page: Any, label: str, text: str) -> bool:
    """Whether the select box `label` shows an option holding `text`."""
    shown = page.get_by_label(label, exact=True).evaluate(
        """el => {
            const box = el.closest("[data-testid='stSelectbox']");
            return (box ? box.textContent : "") + " " + (el.value || "");
        }"""
    )
    return text in str(shown)


def settled(page: Any, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script. A click starts a rerun a moment
    later, so first give it that moment, then wait for the app's script state to be idle."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_timeout(250)
    page.wait_for_function(
        """() => {
            const app = document.querySelector("[data-testid='stApp']");
            const state = app && app.getAttribute('data-test-script-state');
            return state === 'notRunning'
                && !document.querySelector("[data-testid='stStatusWidget']");
        }""",
        timeout=timeout,
    )
