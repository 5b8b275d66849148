"""Every word a user reads exists in Dutch and English, with the same placeholders."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

from planner.errors import ConfigError, InvalidInput
from planner.i18n import (
    CATALOGUES,
    LANGUAGES,
    MESSAGES,
    Catalogue,
    Msg,
    fmt_date,
    fmt_num,
    fmt_week,
    placeholders,
)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == {"nl", "en"}
    assert texts["nl"] != texts["en"] or key in {"period"}
    assert placeholders(texts["nl"]) == placeholders(texts["en"])


def test_dates_and_numbers_the_dutch_way() -> None:
    day = dt.date(2026, 3, 10)
    assert fmt_date(day, "nl") == "di 10 mrt"
    assert fmt_date(day, "en", year=True) == "Tue 10 Mar 2026"
    assert fmt_week(day, "nl") == "week 11 (9-13 mrt)"
    assert fmt_week(dt.date(2026, 3, 31), "en") == "week 14 (30 Mar - 3 Apr)"
    assert (fmt_num(2.5, "nl"), fmt_num(2.5, "en"), fmt_num(3.0, "nl")) == ("2,5", "2.5", "3")


def test_errors_render_in_the_language_asked() -> None:
    error = InvalidInput(Msg("file_not_found"), source="plan.csv")
    assert error.one_line("nl") == "plan.csv: bestand niet gevonden"
    assert error.one_line("en") == "plan.csv: file not found"
    config = ConfigError(Msg("a_number"), source="school.toml", column="rules.x.max", value="y")
    assert config.one_line("nl") == (
        "school.toml, sleutel 'rules.x.max', waarde 'y': moet een getal zijn"
    )
    with pytest.raises(KeyError):
        Msg("no-such-message")


# -- one mechanism: every text a user reads sits in a registered catalogue -----------------------

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    [
        *(ROOT / "planner").rglob("*.py"),
        *(ROOT / "app_pages").glob("*.py"),
        ROOT / "streamlit_app.py",
    ]
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_bilingual(node: ast.AST) -> bool:
    """A dict literal keyed by the languages: `{"nl": ..., "en": ...}`."""
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value in LANGUAGES for k in node.keys
    )


def _catalogue_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name | ast.Attribute)
        and (n.func.id if isinstance(n.func, ast.Name) else n.func.attr) == "catalogue"
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_words_outside_a_catalogue(path: Path) -> None:
    """Dutch/English pairs live in `catalogue(owner, {...})` calls, nowhere else, so that the
    registry (and this file's checks) sees every one of them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(n) for call in _catalogue_calls(tree) for n in ast.walk(call)}
    stray = [n.lineno for n in ast.walk(tree) if _is_bilingual(n) and id(n) not in inside]
    assert not stray, f"{path.name}: Dutch/English words outside a catalogue on lines {stray}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogues_are_owned_and_complete(path: Path) -> None:
    """Each catalogue is named after the module that owns it, and (read without running the
    module: pages run Streamlit when imported) has both languages with the same placeholders."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    for call in _catalogue_calls(tree):
        owner = call.args[0]
        if isinstance(owner, ast.Name) and owner.id == "__name__":
            assert module.startswith("planner"), f"{path.name}: a page names its owner"
        else:
            assert isinstance(owner, ast.Constant), f"{path.name}:{call.lineno}: owner"
            assert owner.value == module or owner.value.startswith(module + "."), (
                f"{path.name}:{call.lineno}: catalogue {owner.value!r} is not owned by {module}"
            )
        entries = ast.literal_eval(call.args[1]) if isinstance(call.args[1], ast.Dict) else None
        if entries is not None:
            Catalogue(f"{module}:{call.lineno}", entries)  # raises for a bad entry


def test_every_engine_catalogue_is_registered_and_complete() -> None:
    """Importing the engine registers every catalogue; each has both languages with the same
    placeholders (Catalogue refuses anything else), and owners are modules that exist."""
    import planner

    for info in pkgutil.walk_packages(planner.__path__, "planner."):
        importlib.import_module(info.name)
    engine = {o: c for o, c in CATALOGUES.items() if o.startswith("planner")}
    assert "planner.i18n.messages" in engine
    assert len(engine) >= 10
    for owner, found in engine.items():
        module = owner
        while module not in sys.modules:
            module = module.rpartition(".")[0]
        assert module.startswith("planner"), owner
        for key, texts in found.items():
            assert placeholders(texts["nl"]) == placeholders(texts["en"]), (owner, key)


def test_a_catalogue_refuses_a_missing_language_or_placeholder() -> None:
    with pytest.raises(ValueError, match="languages"):
        Catalogue("x", {"k": {"nl": "alleen Nederlands"}})
    with pytest.raises(ValueError, match="placeholders"):
        Catalogue("x", {"k": {"nl": "{n} toetsen", "en": "{count} tests"}})
    words = Catalogue("x", {"k": {"nl": "{n} toetsen", "en": "{n} tests"}})
    assert (words("k", "nl", n=3), words("k", "en", n=3), words["k"]["nl"]) == (
        "3 toetsen",
        "3 tests",
        "{n} toetsen",
    )


def _language_test(node: ast.AST) -> bool:
    return isinstance(node, ast.Compare) and any(
        isinstance(c, ast.Constant) and c.value in LANGUAGES for c in node.comparators
    )


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value not in LANGUAGES
    )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_sentences_chosen_by_language_in_code(path: Path) -> None:
    """No `if lang == "nl": return "..."` or `"..." if lang == "nl" else "..."`: sentences
    belong in catalogues (choosing a language, `"en" if x == "en" else "nl"`, is fine)."""
    if path.parent.name == "i18n" and path.parent.parent.name == "planner":
        return  # the mechanism itself: dates, counts, the pupil's pseudonym
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.IfExp) and _language_test(node.test):
            if _is_text(node.body) or _is_text(node.orelse):
                found.append(node.lineno)
        elif isinstance(node, ast.If) and _language_test(node.test):
            found.append(node.lineno)
    assert not found, f"{path.name}: text chosen by language in code on lines {found}"
