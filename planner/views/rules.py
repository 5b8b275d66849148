"""The rules page without Streamlit: a SchoolConfig as school.toml text and as editable tables
(rules, group overrides, calendar), and those tables back to validated school.toml text.

`parse_config(tomllib.loads(to_toml(config)))` gives the config back; so does a form made with
`to_form` and read back with `form_to_toml` when nothing was edited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import tomli_w

from planner.config import (
    ALL_GROUPS,
    HOLIDAY_NAME,
    TEST_WEEK_NAME,
    TEST_WEEK_SESSIONS,
    IcalImport,
    ImportSettings,
    RuleConfig,
    SchoolConfig,
    config_from_text,
)
from planner.errors import ConfigError
from planner.i18n import LANGUAGES, Lang, Msg, catalogue
from planner.model import Severity
from planner.rules import REGISTRY

# Every rule parameter, in catalogue order: one column each in the rule table.
PARAMS: tuple[str, ...] = tuple(
    dict.fromkeys(p.name for rule in REGISTRY.values() for p in rule.params)
)
_INTEGER = {(rule.id, p.name): p.integer for rule in REGISTRY.values() for p in rule.params}
# An override may switch a rule on or off for its groups, or leave that as it is ("").
_T = catalogue(__name__, {"on": {"nl": "aan", "en": "on"}, "off": {"nl": "uit", "en": "off"}})
ON_OFF: Mapping[Lang, tuple[str, str, str]] = {
    lang: ("", _T["on"][lang], _T["off"][lang]) for lang in LANGUAGES
}
_ON = {"aan", "on", "true", "ja", "yes"}
_OFF = {"uit", "off", "false", "nee", "no"}

# The limits come first: they are what a team changes most; the long reference comes last.
RULE_COLUMNS = ("rule", "title", "enabled", *PARAMS, "severity", "groups", "reference")
OVERRIDE_COLUMNS = ("rule", "groups", *PARAMS, "enabled", "severity", "reference")
TEST_WEEK_COLUMNS = ("name", "start", "end", "groups", "sessions", "session_kinds")
HOLIDAY_COLUMNS = ("name", "start", "end")
DAY_OFF_COLUMNS = ("date",)
MAKEUP_COLUMNS = ("date", "groups")


# --- school.toml text -------------------------------------------------------------------------


def to_document(config: SchoolConfig) -> dict[str, Any]:
    """The config as a TOML document (plain dicts, lists, dates and numbers)."""
    doc: dict[str, Any] = {
        "school": {"name": config.name, "region": config.region, "language": config.language}
    }
    calendar: dict[str, Any] = {}
    if config.start is not None:
        calendar["start"] = config.start
    if config.end is not None:
        calendar["end"] = config.end
    if config.days_off:
        calendar["days_off"] = list(config.days_off)
    if config.holidays:
        calendar["holidays"] = [
            {"name": h.name, "start": h.start, "end": h.end} for h in config.holidays
        ]
    if config.test_weeks:
        calendar["test_weeks"] = [
            {
                "name": w.name,
                "start": w.start,
                "end": w.end,
                "groups": list(w.groups),
                "sessions": w.sessions,
                **({"session_kinds": list(w.session_kinds)} if w.session_kinds else {}),
            }
            for w in config.test_weeks
        ]
    for name, days in (
        ("makeup_days", config.makeup_days),
        ("report_deadlines", config.report_deadlines),
    ):
        if days:
            calendar[name] = [{"date": d.date, "groups": list(d.groups)} for d in days]
    doc["calendar"] = calendar
    doc["kinds"] = {
        name: {
            "aliases": list(kind.aliases),
            "weight": float(kind.weight),
            "test": kind.test,
            "heavy": kind.heavy,
        }
        for name, kind in config.kinds.items()
    }
    doc["rules"] = {
        rule_id: _rule_document(config.rules[rule_id])
        for rule_id in REGISTRY
        if rule_id in config.rules
    }
    imports = _import_document(config.imports)
    if imports:
        doc["import"] = imports
    if config.editors:
        doc["access"] = {"editors": list(config.editors)}
    if config.feeds_url:
        doc["feeds"] = {"base_url": config.feeds_url}
    return doc


def _rule_document(rule: RuleConfig) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not rule.enabled:
        out["enabled"] = False
    out.update({name: _number(rule.id, name, value) for name, value in rule.params.items()})
    out["severity"] = str(rule.severity)
    if rule.reference:
        out["reference"] = rule.reference
    if tuple(rule.groups) != ALL_GROUPS:
        out["groups"] = list(rule.groups)
    if rule.overrides:
        out["overrides"] = [
            {
                "groups": list(o.groups),
                **{
                    k: str(v) if isinstance(v, Severity) else _number(rule.id, k, v)
                    for k, v in o.settings.items()
                },
            }
            for o in rule.overrides
        ]
    return out


def _number(rule_id: str, name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value  # enabled, reference
    return int(value) if _INTEGER.get((rule_id, name)) else float(value)


def _import_document(imports: ImportSettings) -> dict[str, Any]:
    default, out = ImportSettings(), dict[str, Any]()
    if imports.columns:
        out["columns"] = dict(imports.columns)
    if imports.sheet is not None:
        out["sheet"] = imports.sheet
    for name in (
        "layout",
        "day_first",
        "max_bytes",
        "max_rows",
        "max_memory_mb",
        "max_seconds",
    ):
        if getattr(imports, name) != getattr(default, name):
            out[name] = getattr(imports, name)
    ical: dict[str, Any] = {}
    if imports.ical.group_pattern is not None:
        ical["group_pattern"] = imports.ical.group_pattern
    if imports.ical.subject_pattern is not None:
        ical["subject_pattern"] = imports.ical.subject_pattern
    if imports.ical.kind_words:
        ical["kind_words"] = dict(imports.ical.kind_words)
    if imports.ical.group_from_calendar_name != IcalImport().group_from_calendar_name:
        ical["group_from_calendar_name"] = imports.ical.group_from_calendar_name
    if ical:
        out["ical"] = ical
    return out


def to_toml(config: SchoolConfig) -> str:
    """school.toml text for the config (comments of an earlier file are not kept)."""
    return tomli_w.dumps(to_document(config), multiline_strings=False)


def parse_toml(text: str, source: str) -> SchoolConfig:
    """school.toml text validated; a syntax error is a ConfigError like any other."""
    return config_from_text(text, source)


def decode_toml(content: bytes, source: str) -> str:
    """An uploaded school.toml as text (UTF-8, with or without BOM)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(Msg("not_utf8"), source=source) from None


# --- the form ---------------------------------------------------------------------------------


@dataclasses.dataclass
class RulesForm:
    """What the rules page edits: school inputs and one table per list."""

    name: str
    region: str
    language: str
    start: dt.date | None
    end: dt.date | None
    rules: pd.DataFrame
    overrides: pd.DataFrame
    test_weeks: pd.DataFrame
    holidays: pd.DataFrame
    days_off: pd.DataFrame
    makeup_days: pd.DataFrame
    report_deadlines: pd.DataFrame = dataclasses.field(
        default_factory=lambda: pd.DataFrame(columns=list(MAKEUP_COLUMNS))
    )


def to_form(config: SchoolConfig, lang: Lang) -> RulesForm:
    rules = []
    overrides = []
    off_on = ON_OFF[lang]
    for rule_id, rule in REGISTRY.items():
        rc = config.rules.get(rule_id)
        if rc is None:
            continue
        row: dict[str, Any] = {
            "rule": rule_id,
            "title": rule.title.get(lang, rule_id),
            "enabled": bool(rc.enabled),
            "severity": str(rc.severity),
            "reference": rc.reference,
            "groups": _join(rc.groups),
        }
        row.update({p: float(rc.params[p]) if p in rc.params else math.nan for p in PARAMS})
        rules.append(row)
        for o in rc.overrides:
            s = o.settings
            enabled = "" if "enabled" not in s else off_on[1] if s["enabled"] else off_on[2]
            orow: dict[str, Any] = {
                "rule": rule_id,
                "groups": _join(o.groups),
                "enabled": enabled,
                "severity": str(s.get("severity", "")),
                "reference": str(s.get("reference", "")),
            }
            orow.update({p: float(s[p]) if p in s else math.nan for p in PARAMS})
            overrides.append(orow)
    return RulesForm(
        name=config.name,
        region=config.region,
        language=config.language,
        start=config.start,
        end=config.end,
        rules=_frame(rules, RULE_COLUMNS, PARAMS),
        overrides=_frame(overrides, OVERRIDE_COLUMNS, PARAMS),
        test_weeks=_frame(
            [
                {
                    "name": w.name,
                    "start": w.start,
                    "end": w.end,
                    "groups": _join(w.groups),
                    "sessions": w.sessions,
                    "session_kinds": _join(w.session_kinds),
                }
                for w in config.test_weeks
            ],
            TEST_WEEK_COLUMNS,
        ),
        holidays=_frame(
            [{"name": h.name, "start": h.start, "end": h.end} for h in config.holidays],
            HOLIDAY_COLUMNS,
        ),
        days_off=_frame([{"date": d} for d in config.days_off], DAY_OFF_COLUMNS),
        makeup_days=_frame(
            [{"date": m.date, "groups": _join(m.groups)} for m in config.makeup_days],
            MAKEUP_COLUMNS,
        ),
        report_deadlines=_frame(
            [{"date": d.date, "groups": _join(d.groups)} for d in config.report_deadlines],
            MAKEUP_COLUMNS,
        ),
    )


def _frame(
    rows: list[dict[str, Any]], columns: tuple[str, ...], numbers: tuple[str, ...] = ()
) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in columns:
        if column in numbers:
            frame[column] = frame[column].astype("float64")
        elif column == "enabled" and all(isinstance(v, bool) for v in frame[column]):
            frame[column] = frame[column].astype("bool")
        else:
            frame[column] = frame[column].astype("object")
    return frame


def _join(patterns: tuple[str, ...] | list[str]) -> str:
    return ", ".join(patterns)


def form_document(form: RulesForm, base: SchoolConfig) -> dict[str, Any]:
    """The form as a TOML document; kinds, `[import]` and `[access]` come from `base`.

    A cell that is no date raises a ConfigError naming its key; everything else is checked by
    `parse_config` (in `form_to_toml`), which names the key too."""
    source = base.source
    doc = to_document(base)
    doc["school"] = {"name": form.name, "region": form.region, "language": form.language}
    calendar: dict[str, Any] = {}
    if form.start is not None:
        calendar["start"] = _date(form.start, source, "calendar.start")
    if form.end is not None:
        calendar["end"] = _date(form.end, source, "calendar.end")
    days_off = [
        _date(r["date"], source, f"calendar.days_off[{i}]")
        for i, r in enumerate(_records(form.days_off))
    ]
    if days_off:
        calendar["days_off"] = days_off
    holidays = []
    for i, r in enumerate(_records(form.holidays)):
        key = f"calendar.holidays[{i}]"
        entry: dict[str, Any] = {"name": _text(r.get("name")) or HOLIDAY_NAME}
        entry.update(_dates(r, ("start", "end"), source, key))
        holidays.append(entry)
    if holidays:
        calendar["holidays"] = holidays
    weeks = []
    for i, r in enumerate(_records(form.test_weeks)):
        key = f"calendar.test_weeks[{i}]"
        entry = {"name": _text(r.get("name")) or TEST_WEEK_NAME}
        entry.update(_dates(r, ("start", "end"), source, key))
        entry["groups"] = _patterns(r.get("groups")) or list(ALL_GROUPS)
        sessions = r.get("sessions")
        entry["sessions"] = (
            TEST_WEEK_SESSIONS if sessions in (None, "") or pd.isna(sessions) else int(sessions)
        )
        session_kinds = _patterns(r.get("session_kinds"))
        if session_kinds:
            entry["session_kinds"] = session_kinds
        weeks.append(entry)
    if weeks:
        calendar["test_weeks"] = weeks
    for name, frame in (
        ("makeup_days", form.makeup_days),
        ("report_deadlines", form.report_deadlines),
    ):
        days = []  # a date with the groups it is for
        for i, r in enumerate(_records(frame)):
            entry = _dates(r, ("date",), source, f"calendar.{name}[{i}]")
            entry["groups"] = _patterns(r.get("groups")) or list(ALL_GROUPS)
            days.append(entry)
        if days:
            calendar[name] = days
    doc["calendar"] = calendar

    rules: dict[str, dict[str, Any]] = {}
    for r in _records(form.rules):
        rule_id = _text(r.get("rule"))
        entry = {}
        if not _truthy(r.get("enabled"), True):
            entry["enabled"] = False
        entry.update(_params(rule_id, r))
        default = REGISTRY[rule_id].severity if rule_id in REGISTRY else Severity.ERROR
        entry["severity"] = _text(r.get("severity")) or str(default)
        reference = _text(r.get("reference"))
        if reference:
            entry["reference"] = reference
        groups = _patterns(r.get("groups"))
        if groups and groups != list(ALL_GROUPS):
            entry["groups"] = groups
        rules[rule_id] = entry
    for r in _records(form.overrides):
        rule_id = _text(r.get("rule"))
        override: dict[str, Any] = {}
        groups = _patterns(r.get("groups"))
        if groups:
            override["groups"] = groups
        enabled = _text(r.get("enabled")).casefold()
        if enabled:
            override["enabled"] = True if enabled in _ON else False if enabled in _OFF else enabled
        if _text(r.get("severity")):
            override["severity"] = _text(r.get("severity"))
        if _text(r.get("reference")):
            override["reference"] = _text(r.get("reference"))
        override.update(_params(rule_id, r))
        # An unknown rule id is parse_config's error, naming it.
        rules.setdefault(rule_id, {}).setdefault("overrides", []).append(override)
    doc["rules"] = rules
    return doc


def form_to_toml(form: RulesForm, base: SchoolConfig) -> tuple[str, SchoolConfig]:
    """The form as school.toml text and the config it gives (validated: a ConfigError names
    the key that is wrong)."""
    text = tomli_w.dumps(form_document(form, base), multiline_strings=False)
    return text, parse_toml(text, base.source)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows that hold anything (a row added and left empty is no row)."""
    out = []
    for record in frame.to_dict("records"):
        values = {str(k): v for k, v in record.items()}
        if any(not _blank(v) for k, v in values.items() if k != "title"):
            out.append(values)
    return out


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _truthy(value: Any, default: bool) -> bool:
    if _blank(value):
        return default
    if isinstance(value, str):
        return value.strip().casefold() not in _OFF
    return bool(value)


def _patterns(value: Any) -> list[str]:
    return [p for p in re.split(r"[,;\s]+", _text(value)) if p]


def _params(rule_id: str, row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in PARAMS:
        value = row.get(name)
        if _blank(value):
            continue
        number = float(value) if isinstance(value, numbers.Real) else value
        if isinstance(number, float) and _INTEGER.get((rule_id, name)) and number.is_integer():
            number = int(number)
        out[name] = number  # a parameter the rule does not have: parse_config names the key
    return out


def _dates(row: Mapping[str, Any], names: tuple[str, ...], source: str, key: str) -> dict[str, Any]:
    out = {}
    for name in names:
        value = row.get(name)
        if _blank(value):
            raise ConfigError(Msg("date_required"), source=source, column=f"{key}.{name}")
        out[name] = _date(value, source, f"{key}.{name}")
    return out


def _date(value: Any, source: str, key: str) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ConfigError(Msg("a_date"), source=source, column=key, value=str(value))
