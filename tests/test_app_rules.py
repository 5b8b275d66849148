"""The rules page: the sample school's rule set as a form, a changed limit saved into the store,
edits refused with the key they concern, and school.toml downloaded and replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_DIR, SAMPLE_PLAN
from streamlit.testing.v1 import AppTest

from planner.rules import REGISTRY
from planner.storage import Store

APP = str(Path(__file__).parent.parent / "streamlit_app.py")
PAGE = "app_pages/rules.py"
RULE_ROW = {rule_id: i for i, rule_id in enumerate(REGISTRY)}


def open_page(person: str = "Tester", lang: str = "nl") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["person"] = person
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def editor(at: AppTest, name: str) -> Any:
    return next(e for e in at.data_editor if e.key and e.key.endswith(f".{name}"))


def edit(at: AppTest, name: str, **changes: Any) -> None:
    """Edit a table as the browser would: edited rows by position, added rows."""
    state = {
        "edited_rows": changes.get("edited", {}),
        "added_rows": changes.get("added", []),
        "deleted_rows": changes.get("deleted", []),
    }
    at.session_state[editor(at, name).key] = state
    at.run()
    assert not at.exception


def save_button(at: AppTest) -> Any:
    return next(b for b in at.button if b.key and b.key.endswith(".save"))


def texts(elements: Any) -> str:
    return "\n".join(str(e.value) for e in elements)


def stored_config(path: Path) -> Any:
    with Store(str(path)) as store:
        return store.config_of(SAMPLE_PLAN)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_renders_the_sample_school(sample_db: Path, lang: str) -> None:
    at = open_page(lang=lang)
    rules = editor(at, "rules").value
    assert rules["rule"].tolist() == list(REGISTRY)
    assert rules.set_index("rule").loc["tests-per-day", "max"] == 2.0
    assert len(editor(at, "test_weeks").value) == 2
    assert len(editor(at, "makeup_days").value) == 21
    name_key = editor(at, "rules").key.rsplit(".", 1)[0] + ".name"
    assert at.text_input(key=name_key).value == "Voorbeeldcollege"
    assert texts(at.caption).endswith("Geen wijzigingen." if lang == "nl" else "No changes.")
    assert len(at.get("download_button")) == 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_renders_on_an_empty_store(empty_db: Path, lang: str) -> None:
    at = open_page(lang=lang)
    first = "Kies of maak eerst een plan" if lang == "nl" else "Choose or create a plan first"
    assert texts(at.info).startswith(first)
    assert len(at.get("download_button")) == 1


def test_a_changed_limit_is_saved_into_the_store(sample_db: Path) -> None:
    at = open_page()
    edit(at, "rules", edited={RULE_ROW["tests-per-week"]: {"max": 3.5}})
    assert "nog niet zijn opgeslagen" in texts(at.info)
    save_button(at).click().run()
    assert not at.exception
    assert texts(at.success).startswith("Regels opgeslagen (wijziging #")
    toml, config = stored_config(sample_db)
    assert config.rules["tests-per-week"].params == {"max": 3.5}
    assert config.rules["tests-per-week"].overrides[0].settings["max"] == 3.0
    assert "max = 3.5" in toml
    # The page shows the saved rules, with nothing left to save.
    assert editor(at, "rules").value.set_index("rule").loc["tests-per-week", "max"] == 3.5
    assert "Geen wijzigingen." in texts(at.caption)


def test_an_added_test_week_and_override_are_saved(sample_db: Path) -> None:
    at = open_page(lang="en")
    week = {"name": "Toetsweek 3", "start": "2026-06-22", "end": "2026-06-26", "groups": "4*"}
    edit(at, "test_weeks", added=[week])
    edit(at, "overrides", added=[{"rule": "homework-per-day", "groups": "1*", "max": 40}])
    save_button(at).click().run()
    assert not at.exception
    _, config = stored_config(sample_db)
    assert config.test_weeks[-1].name == "Toetsweek 3"
    assert config.rules["homework-per-day"].settings_for("1A")["max"] == 40


def test_a_bad_limit_shows_the_key_and_cannot_be_saved(sample_db: Path) -> None:
    at = open_page(lang="en")
    edit(at, "rules", edited={RULE_ROW["tests-per-day"]: {"max_heavy": 1.5}})
    # the message is the user's text in Markdown: its underscore escaped, shown as it is
    assert "key 'rules.tests-per-day.max\\_heavy'" in texts(at.error)
    assert "must be a whole number" in texts(at.error)
    assert not any(b.key and b.key.endswith(".save") for b in at.button)
    assert stored_config(sample_db)[1].rules["tests-per-day"].params["max_heavy"] == 1


def test_without_a_name_the_rules_are_not_saved(sample_db: Path) -> None:
    at = open_page(person="")
    edit(at, "rules", edited={RULE_ROW["tests-per-week"]: {"max": 5.0}})
    assert "Vul links uw naam in" in texts(at.warning)
    assert save_button(at).disabled


def test_an_uploaded_school_toml_replaces_the_rules(sample_db: Path) -> None:
    at = open_page()
    text = (SAMPLE_DIR / "school.toml").read_text(encoding="utf-8")
    changed = text.replace('name = "Voorbeeldcollege"', 'name = "Ander College"')
    uploader = next(u for u in at.file_uploader if u.key and u.key.endswith(".upload"))
    uploader.set_value(("nieuw.toml", changed.encode(), "application/toml")).run()
    assert not at.exception
    assert "nieuw.toml is in orde: Ander College" in texts(at.success)
    next(b for b in at.button if b.key and b.key.endswith(".replace")).click().run()
    assert not at.exception
    assert "Regels vervangen door nieuw.toml" in texts(at.success)
    toml, config = stored_config(sample_db)
    assert config.name == "Ander College"
    assert toml == changed  # the file itself, with its comments


def test_a_bad_uploaded_school_toml_is_refused_with_its_key(sample_db: Path) -> None:
    at = open_page(lang="en")
    uploader = next(u for u in at.file_uploader if u.key and u.key.endswith(".upload"))
    bad = b'[calendar]\nstart = "volgende week"\n'
    uploader.set_value(("kapot.toml", bad, "application/toml")).run()
    assert not at.exception
    assert "kapot.toml, key 'calendar.start'" in texts(at.error)
    assert not any(b.key and b.key.endswith(".replace") for b in at.button)
    assert stored_config(sample_db)[1].name == "Voorbeeldcollege"


def test_someone_who_may_not_edit_sees_the_rules_read_only(sample_db: Path) -> None:
    with Store(str(sample_db)) as store:
        toml = store.config_of(SAMPLE_PLAN)[0] + '\n[access]\neditors = ["*@wiskunde.school.nl"]\n'
        store.set_config(SAMPLE_PLAN, toml, person="Voorbeeld")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.user = {"is_logged_in": True, "email": "p.pieters@school.nl", "name": "Piet"}
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "U kunt de regels van dit plan bekijken, niet wijzigen." in texts(at.warning)
    assert at.text_input(key=editor(at, "rules").key.rsplit(".", 1)[0] + ".name").disabled
    assert not [u for u in at.file_uploader if u.key and u.key.endswith(".upload")]
