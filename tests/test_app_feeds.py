"""The Calendar page's feed panel: make a feed for the group shown, its link and QR code, revoke
it; and the QR code read back by a real QR reader."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import zxingcpp
from conftest import SAMPLE_PLAN
from PIL import Image
from streamlit.testing.v1 import AppTest

from planner.exporters.qr import qr_png
from planner.services.feeds import webcal_address
from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
P = "page.feeds."


def calendar(group: str, person: str = "Anna") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = "nl"
    at.session_state["person"] = person
    at.session_state["focus.group"] = group
    at.session_state["focus.week"] = dt.date(2026, 3, 9)
    at.run()
    at.switch_page("app_pages/calendar.py").run()
    assert not at.exception
    return at


def test_make_a_feed_show_its_link_and_revoke_it(sample_db: Path) -> None:
    at = calendar("2A")
    at.checkbox(key=P + "tests_only").check().run()
    at.button(key=P + "make").click().run()
    assert not at.exception
    address = at.code[0].value
    assert address.startswith("http://localhost:8502/feeds/") and address.endswith(".ics")
    token = address.rsplit("/", 1)[-1].removesuffix(".ics")
    assert len(at.image) == 1  # the QR code
    assert at.get("download_button")  # the printable overview, with that QR code
    with Store(str(sample_db)) as store:
        feed = store.feed_for_token(token)
        history = store.history(SAMPLE_PLAN, limit=1)[0]
    assert feed is not None and (feed.target_kind, feed.target, feed.tests_only) == (
        "group",
        "2A",
        True,
    )
    assert (history.action, history.person) == ("feed_add", "Anna")
    # the feed is listed; revoking it stops it
    assert any(f"#{feed.id} (alleen toetsen), gemaakt door Anna" in m.value for m in at.markdown)
    at.button(key=P + f"revoke.{feed.id}").click().run()
    assert not at.exception
    with Store(str(sample_db)) as store:
        assert store.feed_for_token(token) is None
    assert not any(f"#{feed.id} (" in m.value for m in at.markdown)


def test_without_a_name_no_feed_can_be_made(sample_db: Path) -> None:
    at = calendar("2A", person="")
    assert at.button(key=P + "make").disabled


def test_the_qr_code_reads_back_as_the_address() -> None:
    address = "https://toetsen.school.nl/feeds/" + "Ab-_9" * 8 + "xyz.ics"
    image = Image.open(io.BytesIO(qr_png(address)))
    found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == [address]
    assert webcal_address(address) == "webcal://toetsen.school.nl/feeds/" + "Ab-_9" * 8 + "xyz.ics"
