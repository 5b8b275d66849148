"""The findings page: every finding of the sample school with its words, article and tests; the
filters; a decision saved through the page lands in the store and shows; lapsed decisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from conftest import SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.services import check_stored
from planner.storage import Edit, Store
from planner.views.findings import finding_key

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/findings.py"
CALENDAR = Path(__file__).parent.parent / "app_pages" / "calendar.py"


def key(name: str) -> str:
    return f"page.findings.{name}"


def findings_page(*, lang: str = "nl", person: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if person:
        at.session_state["person"] = person
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def sample_findings(db: Path) -> pd.DataFrame:
    with Store(str(db)) as store:
        stored = store.load(SAMPLE_PLAN)
    return check_stored(stored, "nl").review.frame


def crowded_tuesday(frame: pd.DataFrame) -> pd.Series:
    """2A's three tests on di 10 mrt 2026: the sample's showcase error."""
    match = frame[(frame["rule"] == "tests-per-day") & (frame["group"] == "2A")]
    assert len(match) == 1
    return match.iloc[0]


def key_of(row: pd.Series) -> str:
    return finding_key(row["rule"], row["group"], row["pupil"], row["start"], row["end"])


def test_findings_of_the_sample_school(sample_db: Path) -> None:
    at = findings_page()
    labels = [e.label for e in at.expander]
    frame = sample_findings(sample_db)
    assert len(labels) == int(frame["pupil"].isna().sum())  # group findings; pupils behind a toggle
    assert labels[0].startswith("⛔ Fout")  # an icon and a word, never colour alone
    assert any(label.startswith("⚠️ Waarschuwing") for label in labels)
    assert any("2A heeft op di 10 mrt 3 toetsen" in label for label in labels)
    assert {s.label for s in at.selectbox} >= {"Regel", "Ernst", "Groep", "Week", "Besluit"}
    assert at.toggle(key=key("pupils")).label == "Ook leerlingen"
    summary = at.markdown[0].value
    assert "bevindingen over groepen" in summary and "24 fouten" in summary
    assert any(
        c.value.startswith("Toetsreglement: Toetsreglement Voorbeeldcollege") for c in at.caption
    )
    # the tests of 2A's crowded Tuesday, dates the Dutch way
    tables = [d.value for d in at.dataframe]
    crowded = [t for t in tables if set(t["datum"]) == {"di 10 mrt"} and set(t["groep"]) == {"2A"}]
    assert crowded and len(crowded[0]) == 3
    assert list(crowded[0].columns) == [
        "id", "datum", "groep", "vak", "soort", "omschrijving", "docent",
    ]  # fmt: skip


def test_findings_in_english(sample_db: Path) -> None:
    at = findings_page(lang="en")
    assert {s.label for s in at.selectbox} >= {"Rule", "Severity", "Group", "Week", "Decision"}
    assert at.expander[0].label.startswith("⛔ Error")
    assert any("2A has 3 tests on Tue 10 Mar" in e.label for e in at.expander)
    assert any(b.label == "Open in calendar" for b in at.button)


def test_findings_of_an_empty_store(empty_db: Path) -> None:
    at = findings_page()
    assert any("Kies of maak eerst een plan" in i.value for i in at.info)
    at = findings_page(lang="en")
    assert any("Choose or create a plan first" in i.value for i in at.info)


def test_filters_and_pupils_with_paging(sample_db: Path) -> None:
    at = findings_page()
    at.selectbox(key=key("group")).set_value("2A").run()
    assert not at.exception
    assert at.expander and all("2A" in e.label for e in at.expander)
    at.selectbox(key=key("severity")).set_value("error").run()
    assert [e.label.split("  ·  ")[0] for e in at.expander] == ["⛔ Fout"]
    # all groups again, with the pupils: more findings than fit on one page
    at.selectbox(key=key("group")).set_value("").run()
    at.selectbox(key=key("severity")).set_value("").run()
    at.toggle(key=key("pupils")).set_value(True).run()
    assert not at.exception
    total = len(sample_findings(sample_db))
    assert f"van {total} bevindingen" in at.caption[0].value
    assert len(at.expander) == 25
    last = -(-total // 25)
    at.number_input(key=key("page")).set_value(last).run()
    assert not at.exception
    assert len(at.expander) == total - 25 * (last - 1)
    assert any("leerling" in e.label for e in at.expander)  # pupils' findings come last


def test_a_decision_saved_on_the_page_is_in_the_store(sample_db: Path) -> None:
    row = crowded_tuesday(sample_findings(sample_db))
    fk = key_of(row)
    at = findings_page(person="Jan de Vries")
    at.radio(key=key(f"status.{fk}")).set_value("accepted")
    at.text_area(key=key(f"note.{fk}")).input("Oefentoets, met de sectie afgesproken")
    at.button(key=key(f"save.{fk}")).click().run()
    assert not at.exception
    assert not at.error
    with Store(str(sample_db)) as store:
        decisions = store.load(SAMPLE_PLAN).decisions
    assert len(decisions) == 1
    d = decisions[0]
    assert (d.rule, d.group, d.pupil, d.start) == (
        "tests-per-day",
        "2A",
        None,
        dt.date(2026, 3, 10),
    )
    assert (str(d.status), d.note, d.person) == (
        "accepted",
        "Oefentoets, met de sectie afgesproken",
        "Jan de Vries",
    )
    assert set(d.assessments) == set(row["assessments"])
    # the page says so, and shows who decided
    assert any(s.value.startswith("Besluit opgeslagen: Geaccepteerd") for s in at.success)
    assert any("door Jan de Vries op" in m.value for m in at.markdown)
    saved = next(e for e in at.expander if "2A heeft op di 10 mrt" in e.label)
    label = saved.label
    assert label.endswith("✅ Geaccepteerd")
    assert saved.proto.expanded  # still open after the save
    assert "0 geaccepteerd" not in at.markdown[0].value
    # and the decision filter finds it
    at.selectbox(key=key("decision")).set_value("accepted").run()
    assert [e.label for e in at.expander] == [label]


def test_without_a_name_no_decision_can_be_saved(sample_db: Path) -> None:
    row = crowded_tuesday(sample_findings(sample_db))
    at = findings_page()
    assert any(c.value == "Vul links uw naam in om een besluit vast te leggen." for c in at.caption)
    assert at.button(key=key(f"save.{key_of(row)}")).disabled
    assert at.radio(key=key(f"status.{key_of(row)}")).disabled


def test_lapsed_decisions_say_why(sample_db: Path) -> None:
    row = crowded_tuesday(sample_findings(sample_db))
    ids = list(row["assessments"])
    with Store(str(sample_db)) as store:
        store.decide(
            SAMPLE_PLAN, rule="tests-per-day", group="2A", pupil=None,
            start=dt.date(2026, 3, 10), end=dt.date(2026, 3, 10), assessments=ids,
            status="accepted", note="kan", person="Jan",
        )  # fmt: skip
        store.decide(
            SAMPLE_PLAN, rule="duplicate", group="1A", pupil=None,
            start=dt.date(2026, 2, 2), end=dt.date(2026, 2, 2), assessments=["nothere"],
            status="todo", note="", person="Piet",
        )  # fmt: skip
        # one of 2A's three tests changes: the same finding, but not what was decided on
        store.edit(SAMPLE_PLAN, [Edit(ids[0], {"minutes": 15})], person="Jan")
    at = findings_page()
    assert [h.value for h in at.subheader] == ["Vervallen besluiten (2)"]
    lapsed = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert len(lapsed) == 2
    gone = next(t for t in lapsed if "Dubbel ingevoerd" in t)
    assert "1A" in gone and "ma 2 feb" in gone and gone.endswith("*de bevinding is verdwenen*")
    changed = next(t for t in lapsed if "Toetsen per dag" in t)
    assert "Geaccepteerd: kan, Jan" in changed
    assert changed.endswith("*de toetsen zijn veranderd*")
    # the finding itself is open again
    label = next(e.label for e in at.expander if "2A heeft op di 10 mrt" in e.label)
    assert "Geaccepteerd" not in label
    at.session_state["lang"] = "en"
    at.run()
    assert any(m.value.endswith("*the finding is gone*") for m in at.markdown)
    assert any(m.value.endswith("*the tests have changed*") for m in at.markdown)


def test_open_in_calendar(sample_db: Path) -> None:
    row = crowded_tuesday(sample_findings(sample_db))
    at = findings_page()
    button = at.button(key=key(f"open.{key_of(row)}"))
    assert button.label == "Open in kalender"
    if not CALENDAR.exists():  # the calendar page lands in its own issue
        assert button.disabled
        return
    button.click().run()
    assert not at.exception
    # the calendar opened on 2A's week (it takes the focus over into its own choices)
    assert at.session_state["page.calendar.group"] == "2A"
    assert at.session_state["page.calendar.week"] == dt.date(2026, 3, 9)
