"""school.toml -> SchoolConfig: validated, typed, with sensible Dutch defaults."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli

from planner.config_reader import ALL_GROUPS as ALL_GROUPS  # `groups` left out: every group
from planner.config_reader import ITEMS_LIMIT, Reader, as_date
from planner.errors import ConfigError
from planner.i18n import LANGUAGES, Lang, Msg, check_lang
from planner.model import SCENARIO_MARK, Severity
from planner.patterns import PatternError, compile_pattern

REGIONS = ("noord", "midden", "zuid")
# The defaults of school.toml are written once, here: as these constants or as the defaults of
# the dataclasses' fields (the parser and the rules form read them from there). A rule's
# parameters' defaults are the rule's own (`Param.default` in planner/rules).
HOLIDAY_NAME = "vakantie"
TEST_WEEK_NAME = "Toetsweek"
TEST_WEEK_SESSIONS = 2  # test sessions (slots) per day, for the test-week timetable
# Bounds on what school.toml may say (with the texts', lists' and dates' bounds in
# planner/config_reader.py), so that a hostile or mistyped file gets a clear error rather than
# a hang or a huge allocation: every number within its key's range, every period at most so
# many days long.
MAX_CALENDAR_DAYS = 5 * 366  # a calendar of a few school years (a PTA runs over three)
MAX_HOLIDAY_DAYS = 366
MAX_TEST_WEEK_DAYS = 62
MAX_SESSIONS = 12  # test sessions a day
MAX_WEIGHT = 100  # a kind's load on a pupil's day (a proefwerk is 1)
MAX_FILE_BYTES = 1_000_000_000  # [import] max_bytes
MAX_FILE_ROWS = 5_000_000  # [import] max_rows


@dataclasses.dataclass(frozen=True, slots=True)
class Kind:
    name: str
    aliases: tuple[str, ...]
    weight: float
    test: bool
    heavy: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Holiday:
    name: str
    start: dt.date
    end: dt.date


@dataclasses.dataclass(frozen=True, slots=True)
class TestWeek:
    name: str
    start: dt.date
    end: dt.date
    groups: tuple[str, ...] = ALL_GROUPS
    sessions: int = TEST_WEEK_SESSIONS
    # the kinds of test that get a session in the timetable (a PO handed in or an oral test
    # in the week keeps its own day); empty: every test kind
    session_kinds: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class MakeupDay:
    date: dt.date
    groups: tuple[str, ...] = ALL_GROUPS


@dataclasses.dataclass(frozen=True, slots=True)
class ReportDeadline:
    """The day marks for a report are due: a suggested move keeps a test on its side."""

    date: dt.date
    groups: tuple[str, ...] = ALL_GROUPS


@dataclasses.dataclass(frozen=True, slots=True)
class RuleOverride:
    """Different settings for the groups matching `groups` (the last matching override wins)."""

    groups: tuple[str, ...]
    settings: Mapping[str, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class Param:
    """A rule's parameter in school.toml (`[rules.<id>] <name> = ...`), its default and the
    largest value it may have (the smallest is 0)."""

    name: str
    default: float | int
    integer: bool = False
    high: float = 1000


@dataclasses.dataclass(frozen=True, slots=True)
class RuleSchema:
    """What school.toml may say about a rule: its default severity and its parameters."""

    severity: Severity
    params: tuple[Param, ...] = ()


# The rules' part of school.toml (a contract: see docs/architecture.md), in the
# catalogue's order: the one place their defaults are written. Each rule in planner/rules
# takes its severity and parameters from here (tests/test_rules_registry.py holds the two
# equal), so the config reads and validates `[rules.*]` without importing the rules.
RULE_SCHEMA: dict[str, RuleSchema] = {
    "non-school-day": RuleSchema(Severity.ERROR),
    "tests-per-day": RuleSchema(
        Severity.ERROR,
        (Param("max", 2.0, high=20), Param("max_heavy", 1, integer=True, high=20)),
    ),
    "tests-per-week": RuleSchema(Severity.ERROR, (Param("max", 4.0, high=100),)),
    "after-holiday": RuleSchema(
        Severity.WARNING,
        (
            Param("days", 2, integer=True, high=MAX_HOLIDAY_DAYS),
            Param("min_length", 7, integer=True, high=MAX_HOLIDAY_DAYS),
        ),
    ),
    "after-test-week": RuleSchema(
        Severity.ERROR, (Param("days", 3, integer=True, high=MAX_HOLIDAY_DAYS),)
    ),
    "before-test-week": RuleSchema(
        Severity.WARNING, (Param("days", 5, integer=True, high=MAX_HOLIDAY_DAYS),)
    ),
    "test-week-load": RuleSchema(Severity.ERROR, (Param("max", 2, integer=True, high=20),)),
    "makeup-room": RuleSchema(
        Severity.WARNING, (Param("days", 10, integer=True, high=MAX_HOLIDAY_DAYS),)
    ),
    # homework in minutes: a day has 1440, a week 10080
    "homework-per-day": RuleSchema(Severity.WARNING, (Param("max", 60, integer=True, high=1440),)),
    "homework-per-week": RuleSchema(
        Severity.WARNING, (Param("max", 300, integer=True, high=7 * 1440),)
    ),
    "consecutive-test-days": RuleSchema(
        Severity.WARNING, (Param("max", 3, integer=True, high=MAX_HOLIDAY_DAYS),)
    ),
    "notice-period": RuleSchema(
        Severity.WARNING, (Param("days", 7, integer=True, high=MAX_HOLIDAY_DAYS),)
    ),
    "duplicate": RuleSchema(Severity.WARNING),
    "peak-week": RuleSchema(Severity.INFO, (Param("factor", 1.5, high=100),)),
}


@dataclasses.dataclass(frozen=True, slots=True)
class RuleConfig:
    id: str
    enabled: bool
    severity: Severity
    reference: str
    groups: tuple[str, ...]
    params: Mapping[str, float | int]
    overrides: tuple[RuleOverride, ...] = ()

    def settings_for(self, group: str) -> dict[str, Any] | None:
        """Effective settings for one group, or None where the rule does not apply to it."""
        if not matches_any(group, self.groups):
            return None
        settings: dict[str, Any] = {
            "enabled": self.enabled,
            "severity": self.severity,
            "reference": self.reference,
            **self.params,
        }
        for override in self.overrides:
            if matches_any(group, override.groups):
                settings.update(override.settings)
        return settings if settings["enabled"] else None


@dataclasses.dataclass(frozen=True, slots=True)
class IcalImport:
    """How calendar events are read (`[import.ical]`); None means the built-in way."""

    group_pattern: str | None = None  # regex; its first group (or the match) is a group name
    subject_pattern: str | None = None  # regex on SUMMARY; its first group is the subject
    kind_words: Mapping[str, str] = dataclasses.field(default_factory=dict)  # word -> kind
    group_from_calendar_name: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class ImportSettings:
    """How files are read (`[import]` in school.toml)."""

    columns: Mapping[str, str] = dataclasses.field(default_factory=dict)  # file name -> ours
    sheet: str | None = None  # Excel: only this sheet (default: every sheet holding a plan)
    layout: str = "auto"  # auto | long | grid (Excel: one row per test, or a planner grid)
    day_first: bool = True  # 03-04-2026 is 3 April unless a file or the school year says not
    max_bytes: int = 50_000_000
    max_rows: int = 200_000
    # A reader runs in a worker process that may grow this much and run this long (a damaged
    # or hostile file then ends in one message instead of taking the dashboard down).
    max_memory_mb: int = 1024
    max_seconds: float = 20.0
    ical: IcalImport = dataclasses.field(default_factory=IcalImport)


@dataclasses.dataclass(frozen=True, slots=True)
class SchoolConfig:
    name: str = "School"
    region: str = "midden"
    language: str = "nl"
    start: dt.date | None = None
    end: dt.date | None = None
    days_off: tuple[dt.date, ...] = ()
    holidays: tuple[Holiday, ...] = ()
    test_weeks: tuple[TestWeek, ...] = ()
    makeup_days: tuple[MakeupDay, ...] = ()
    report_deadlines: tuple[ReportDeadline, ...] = ()
    kinds: Mapping[str, Kind] = dataclasses.field(default_factory=dict)
    rules: Mapping[str, RuleConfig] = dataclasses.field(default_factory=dict)
    imports: ImportSettings = dataclasses.field(default_factory=ImportSettings)
    # [access] editors: e-mail patterns of who may change the plan when the dashboard has a
    # login; empty means every logged-in user may.
    editors: tuple[str, ...] = ()
    # [feeds] base_url: the public address of the calendar feeds (`planner serve`), as pupils
    # reach it behind the school's proxy; empty: $TOETSPLANNER_FEEDS_URL or this machine's.
    feeds_url: str = ""
    source: str = "<defaults>"

    def kind_lookup(self) -> dict[str, str]:
        """Every alias (and name), case-folded, mapped to its kind's name."""
        lookup: dict[str, str] = {}
        for kind in self.kinds.values():
            for alias in (kind.name, *kind.aliases):
                lookup[alias.strip().casefold()] = kind.name
        return lookup

    @property
    def lang(self) -> Lang:
        return check_lang(self.language)

    def in_language(self, lang: str | None) -> SchoolConfig:
        """This config speaking `lang` (its own language when None): every message, holiday
        name and report made with it is in that language."""
        return dataclasses.replace(self, language=check_lang(lang or self.language))

    def with_period(self, first: dt.date, last: dt.date) -> SchoolConfig:
        """Fill in a missing start/end with the school year(s) holding `first`..`last`."""
        if self.start is not None and self.end is not None:
            return self
        start = self.start or dt.date(first.year if first.month >= 8 else first.year - 1, 8, 1)
        end = self.end or dt.date(last.year + 1 if last.month >= 8 else last.year, 7, 31)
        return dataclasses.replace(self, start=start, end=end)


def matches_any(group: str, patterns: Iterable[str]) -> bool:
    """Glob patterns on group names, case-insensitive (`4*` matches `4H1` and `4h.wisB`); a
    scenario's tag (planner.model.SCENARIO_MARK) is not part of the name."""
    name = group.partition(SCENARIO_MARK)[0].casefold()
    return any(fnmatch.fnmatchcase(name, p.casefold()) for p in patterns)


DEFAULT_KINDS: dict[str, Kind] = {
    "proefwerk": Kind(
        "proefwerk",
        (
            "PW",
            "proefwerk",
            "toets",
            "test",
            "repetitie",
            "examen",
            "exam",
            "tentamen",
            "schoolexamen",
            "grote toets",
            "klausur",  # German: Untis' exams, the upper school's written test
            "klassenarbeit",
            "schularbeit",
        ),
        1.0,
        True,
        True,
    ),
    "so": Kind(
        "so",
        ("SO", "schriftelijke overhoring", "overhoring", "quiz", "MO", "mondeling", "oral"),
        0.5,
        True,
        False,
    ),
    "po": Kind(
        "po",
        (
            "PO",
            "praktische opdracht",
            "inleveropdracht",
            "werkstuk",
            "project",
            "deadline",
            "referat",
        ),
        0.5,
        True,
        False,
    ),
    "huiswerk": Kind("huiswerk", ("HW", "huiswerk", "homework", "leerwerk"), 0.0, False, False),
}


# --- parsing -------------------------------------------------------------------------------


def _severity(reader: Reader, default: Severity) -> Severity:
    value = reader.get("severity", str(default))
    try:
        return Severity(value)
    except ValueError:
        raise reader.error("severity", Msg("severity"), value) from None


def _parse_kinds(reader: Reader) -> dict[str, Kind]:
    if not reader.table:
        return dict(DEFAULT_KINDS)
    kinds: dict[str, Kind] = {}
    seen: dict[str, str] = {}
    for name in list(reader.table):
        kr = reader.sub(name)
        aliases = kr.texts("aliases", kr.get("aliases", []))
        if aliases is None:
            raise kr.error("aliases", Msg("aliases"), kr.get("aliases"))
        kind = Kind(
            name=name,
            aliases=tuple(aliases),
            weight=float(kr.number("weight", 1.0, high=MAX_WEIGHT)),
            test=kr.boolean("test", True),
            heavy=kr.boolean("heavy", False),
        )
        kr.finish()
        for alias in (name, *kind.aliases):
            folded = alias.strip().casefold()
            if seen.get(folded, name) != name:
                raise kr.error("aliases", Msg("alias_taken", kind=seen[folded]), alias)
            seen[folded] = name
        kinds[name] = kind
    return kinds


def _parse_rules(reader: Reader) -> dict[str, RuleConfig]:
    unknown = sorted(set(reader.table) - set(RULE_SCHEMA))
    if unknown:
        known = ", ".join(sorted(RULE_SCHEMA))
        raise reader.error(unknown[0], Msg("unknown_rule", known=known))
    rules: dict[str, RuleConfig] = {}
    for rule_id, rule in RULE_SCHEMA.items():
        rr = reader.sub(rule_id)
        params = {
            p.name: rr.number(p.name, p.default, integer=p.integer, high=p.high)
            for p in rule.params
        }
        overrides = []
        for orr in rr.tables("overrides"):
            settings: dict[str, Any] = {}
            groups = orr.patterns("groups") if "groups" in orr.table else None
            if groups is None:
                raise orr.error("groups", Msg("override_groups"))
            for p in rule.params:
                if p.name in orr.table:
                    settings[p.name] = orr.number(p.name, p.default, integer=p.integer, high=p.high)
            if "enabled" in orr.table:
                settings["enabled"] = orr.boolean("enabled", True)
            if "severity" in orr.table:
                settings["severity"] = _severity(orr, rule.severity)
            if "reference" in orr.table:
                settings["reference"] = orr.string("reference", "")
            orr.finish()
            overrides.append(RuleOverride(groups, settings))
        rules[rule_id] = RuleConfig(
            id=rule_id,
            enabled=rr.boolean("enabled", True),
            severity=_severity(rr, rule.severity),
            reference=rr.string("reference", ""),
            groups=rr.patterns("groups"),
            params=params,
            overrides=tuple(overrides),
        )
        rr.finish()
    return rules


LAYOUTS = ("auto", "long", "grid")
_IMPORT = ImportSettings()  # the defaults of `[import]`
_SCHOOL = SchoolConfig()  # the defaults of `[school]`


def _parse_import(reader: Reader, kinds: Mapping[str, Kind]) -> ImportSettings:
    from planner.model import COLUMNS  # the canonical names a column may be mapped to

    columns = reader.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise reader.error("columns", Msg("column_map"), columns)
    reader.sub("columns")  # its names: bounded texts
    mappable = [c for c in COLUMNS if c not in ("source", "row")]
    for name, target in columns.items():
        if target not in mappable:
            known = ", ".join(mappable)
            raise reader.error(f"columns.{name}", Msg("column_target", known=known), target)
    sheet = reader.get("sheet")
    if sheet is not None:
        sheet = reader.string("sheet", "")
    layout = reader.string("layout", _IMPORT.layout)
    if layout not in LAYOUTS:
        raise reader.error("layout", Msg("layout"), layout)
    ical_reader = reader.sub("ical")
    patterns = {}
    for name in ("group_pattern", "subject_pattern"):
        value = ical_reader.get(name)
        if value is not None:
            value = ical_reader.string(name, "")
            try:
                compile_pattern(value)  # RE2: no pattern can make an import backtrack
            except PatternError as exc:
                raise ical_reader.error(name, Msg("regex", reason=str(exc)), value) from None
        patterns[name] = value
    words = ical_reader.get("kind_words", {})
    if not isinstance(words, dict):
        raise ical_reader.error("kind_words", Msg("column_map"), words)
    ical_reader.sub("kind_words")  # its words: bounded texts
    for word, kind in words.items():
        if kind not in kinds:
            raise ical_reader.error(
                f"kind_words.{word}", Msg("kind_target", known=", ".join(kinds)), kind
            )
    ical = IcalImport(
        group_pattern=patterns["group_pattern"],
        subject_pattern=patterns["subject_pattern"],
        kind_words=dict(words),
        group_from_calendar_name=ical_reader.boolean(
            "group_from_calendar_name", _IMPORT.ical.group_from_calendar_name
        ),
    )
    ical_reader.finish()
    settings = ImportSettings(
        columns={str(k).strip().casefold(): v for k, v in columns.items()},
        sheet=sheet,
        layout=layout,
        day_first=reader.boolean("day_first", _IMPORT.day_first),
        max_bytes=int(
            reader.number("max_bytes", _IMPORT.max_bytes, integer=True, low=1, high=MAX_FILE_BYTES)
        ),
        max_rows=int(
            reader.number("max_rows", _IMPORT.max_rows, integer=True, low=1, high=MAX_FILE_ROWS)
        ),
        max_memory_mb=int(
            reader.number("max_memory_mb", _IMPORT.max_memory_mb, integer=True, low=64, high=65536)
        ),
        max_seconds=float(reader.number("max_seconds", _IMPORT.max_seconds, low=1, high=3600)),
        ical=ical,
    )
    reader.finish()
    return settings


def parse_config(data: Mapping[str, Any], source: str = _SCHOOL.source) -> SchoolConfig:
    """Validate a school.toml document already parsed into a dict."""
    top = Reader(source, data, "")
    school = top.sub("school")
    name = school.string("name", _SCHOOL.name)
    region = school.string("region", _SCHOOL.region).strip().lower()
    if region not in REGIONS:
        raise school.error("region", Msg("region"), region)
    language = school.string("language", _SCHOOL.language)
    if language not in LANGUAGES:
        raise school.error("language", Msg("language"), language)
    school.finish()

    # the kinds before the calendar: a test week names the kinds that get a session
    kinds = _parse_kinds(top.sub("kinds"))
    cal = top.sub("calendar")
    start = cal.date("start")
    end = cal.date("end")
    if start and end:
        cal.period("end", start, end, MAX_CALENDAR_DAYS, "calendar.start")
    days_off_raw = cal.get("days_off", [])
    if not isinstance(days_off_raw, list):
        raise cal.error("days_off", Msg("dates"), days_off_raw)
    if len(days_off_raw) > ITEMS_LIMIT:
        raise cal.error("days_off", Msg("too_many", limit=ITEMS_LIMIT))
    days_off = tuple(
        cal.in_range("days_off", as_date(v, lambda v=v: cal.error("days_off", Msg("dates"), v)))
        for v in days_off_raw
    )
    holidays = []
    for hr in cal.tables("holidays"):
        h_start = hr.date("start", required=True)
        h_end = hr.date("end", h_start)
        hr.period("end", h_start, h_end, MAX_HOLIDAY_DAYS, "start")
        holidays.append(Holiday(hr.string("name", HOLIDAY_NAME), h_start, h_end))
        hr.finish()
    test_weeks = []
    for tr in cal.tables("test_weeks"):
        t_start = tr.date("start", required=True)
        t_end = tr.date("end", required=True)
        tr.period("end", t_start, t_end, MAX_TEST_WEEK_DAYS, "start")
        sessions = int(
            tr.number("sessions", TEST_WEEK_SESSIONS, integer=True, low=1, high=MAX_SESSIONS)
        )
        test_weeks.append(
            TestWeek(
                tr.string("name", TEST_WEEK_NAME), t_start, t_end, tr.patterns("groups"), sessions,
                _session_kinds(tr, kinds),
            )
        )  # fmt: skip
        tr.finish()
    makeup_days = []
    for mr in cal.tables("makeup_days"):
        makeup_days.append(MakeupDay(mr.date("date", required=True), mr.patterns("groups")))
        mr.finish()
    deadlines = []
    for dr in cal.tables("report_deadlines"):
        deadlines.append(ReportDeadline(dr.date("date", required=True), dr.patterns("groups")))
        dr.finish()
    cal.finish()

    rules = _parse_rules(top.sub("rules"))
    imports = _parse_import(top.sub("import"), kinds)
    access = top.sub("access")
    editors = access.patterns("editors") if "editors" in access.table else ()
    access.finish()
    feeds = top.sub("feeds")
    feeds_url = feeds.string("base_url", "").strip()
    if feeds_url and not feeds_url.startswith(("https://", "http://")):
        raise feeds.error("base_url", Msg("feeds_url"), feeds_url)
    feeds.finish()
    top.finish()
    return SchoolConfig(
        name=name,
        region=region,
        language=language,
        start=start,
        end=end,
        days_off=days_off,
        holidays=tuple(holidays),
        test_weeks=tuple(test_weeks),
        makeup_days=tuple(makeup_days),
        report_deadlines=tuple(deadlines),
        kinds=kinds,
        rules=rules,
        imports=imports,
        editors=tuple(e.strip().casefold() for e in editors),
        feeds_url=feeds_url,
        source=source,
    )


def _session_kinds(reader: Reader, kinds: Mapping[str, Kind]) -> tuple[str, ...]:
    """A test week's `session_kinds`: names of test kinds (any case), as the kinds' names."""
    tests = {name.casefold(): name for name, kind in kinds.items() if kind.test}
    raw = reader.get("session_kinds", [])
    value = reader.texts("session_kinds", [raw] if isinstance(raw, str) else raw)
    known = ", ".join(tests.values())
    if value is None:
        raise reader.error("session_kinds", Msg("test_kinds", known=known), raw)
    for v in value:
        if v.strip().casefold() not in tests:
            raise reader.error("session_kinds", Msg("test_kinds", known=known), v)
    return tuple(dict.fromkeys(tests[v.strip().casefold()] for v in value))


def load_config(path: str | Path | None = None) -> SchoolConfig:
    """Read and validate school.toml; with no path, the Dutch defaults."""
    if path is None:
        return parse_config({})
    source = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(Msg("file_not_found"), source=source) from None
    except UnicodeDecodeError:
        raise ConfigError(Msg("not_utf8"), source=source) from None
    except OSError as exc:
        raise ConfigError(Msg("unreadable", reason=exc.strerror), source=source) from None
    return config_from_text(text, source)


def config_from_text(text: str, source: str) -> SchoolConfig:
    """school.toml text validated (a file, an upload on the Rules page, a stored version); a
    syntax error is a ConfigError like any other."""
    try:
        data = tomli.loads(text)
    except (ValueError, RecursionError) as exc:
        # a TOMLDecodeError (a ValueError), nesting past tomli's limit, an integer of thousands
        # of digits
        raise ConfigError(Msg("bad_toml", reason=str(exc)), source=source) from None
    return parse_config(data, source)
