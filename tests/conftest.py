"""Build plans, configs and memberships in code, and run one rule over them.

Every config here has an explicit calendar (region midden, 2025-09-01 .. 2026-07-17), so the
2025-2026 holidays of region midden apply (checked in test_rules_registry.py against the
`holidays` package):

- herfstvakantie  za 18 okt - zo 26 okt 2025
- kerstvakantie   za 20 dec 2025 - zo 4 jan 2026
- voorjaarsvakantie za 14 feb - zo 22 feb 2026
- Goede Vrijdag vr 3 apr, Pasen zo 5 / ma 6 apr 2026
- meivakantie     za 25 apr - zo 3 mei 2026 (Koningsdag ma 27 apr inside it)
- Hemelvaart do 14 mei, Pinksteren zo 24 / ma 25 mei 2026
- zomervakantie   from za 18 jul 2026

The reference week for most tests is ISO week 11 of 2026: ma 9 mrt .. vr 13 mrt, no holidays.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd
import pytest

from planner.check import check, prepare
from planner.config import SchoolConfig, parse_config
from planner.importers.common import finalize
from planner.model import Finding, Plan

BASE_TOML = """
[school]
name = "Testschool"
region = "midden"
language = "nl"

[calendar]
start = 2025-09-01
end = 2026-07-17
{calendar}
"""

Row = tuple[str, str, str, str]


def make_config(toml: str = "", *, calendar: str = "") -> SchoolConfig:
    """A school config with the 2025-2026 calendar; `calendar` adds keys to [calendar]."""
    text = BASE_TOML.format(calendar=calendar) + "\n" + toml
    return parse_config(tomllib.loads(text), "test.toml")


def make_plan(
    rows: Sequence[Row],
    config: SchoolConfig | None = None,
    **columns: Any,
) -> Plan:
    """A plan from (date, group, subject, kind) rows, through the importers' `finalize`.

    Extra columns are given by name: a list (one value per row) or one value for every row.
    Ids default to `a1`, `a2`, ... in row order, so findings can be checked by id.
    """
    config = config or make_config()
    raw = pd.DataFrame(list(rows), columns=["date", "group", "subject", "kind"], dtype="str")
    if "id" not in columns:
        columns["id"] = [f"a{i}" for i in range(1, len(raw) + 1)]
    for name, values in columns.items():
        if isinstance(values, list | tuple):
            assert len(values) == len(raw), f"column {name}: {len(values)} values"
            raw[name] = ["" if v is None else str(v) for v in values]
        else:
            raw[name] = "" if values is None else str(values)
    table, problems = finalize(raw, "test.csv", config)
    assert not problems, problems
    return Plan(table, problems)


def make_members(pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """members.csv rows: (pupil, group)."""
    return pd.DataFrame(list(pairs), columns=["pupil", "group"], dtype="str")


def run(
    plan: Plan,
    config: SchoolConfig,
    rule: str,
    *,
    members: pd.DataFrame | None = None,
    lang: str = "nl",
) -> list[Finding]:
    """The findings of one rule (checked alone, as `planner check` would report them)."""
    result = check(plan, config, members=members, lang=lang, rules=[rule])
    assert all(f.rule == rule for f in result.findings)
    return result.findings


def run_both(
    plan: Plan,
    config: SchoolConfig,
    rule: str,
    *,
    members: pd.DataFrame | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """The findings in Dutch and in English (the same findings, other messages)."""
    nl = run(plan, config, rule, members=members, lang="nl")
    en = run(plan, config, rule, members=members, lang="en")
    assert [dataclass_key(f) for f in nl] == [dataclass_key(f) for f in en]
    return nl, en


def dataclass_key(f: Finding) -> tuple[Any, ...]:
    return (f.rule, f.severity, f.group, f.pupil, f.start, f.end, f.assessments, f.value, f.limit)


def group_findings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.pupil is None]


def pupil_findings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.pupil is not None]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def enriched(plan: Plan, config: SchoolConfig) -> pd.DataFrame:
    """The enriched rows the rules and load functions work on."""
    return prepare(plan, config)[0]


@pytest.fixture
def config() -> SchoolConfig:
    return make_config()


# --- random plans, for comparing the vectorised rules with a plain reference ------------------

RANDOM_CLASSES = ("4H1", "4H2")
RANDOM_CLUSTERS = ("4h.wisA", "4h.wisB", "4h.nat", "4h.lat")
RANDOM_DAYS = tuple(
    (dt.date(2026, 3, 9) + dt.timedelta(days=i)).isoformat()
    for i in range(19)
    if (dt.date(2026, 3, 9) + dt.timedelta(days=i)).weekday() < 5
)  # ma 9 - vr 27 mrt 2026: weeks 11-13, all school days
RANDOM_TEST_WEEK = """
[[calendar.test_weeks]]
name = "Toetsweek"
start = 2026-03-25
end = 2026-03-27
groups = ["4H1", "4h.wis*"]
"""


def random_plan(seed: int, n_rows: int = 60, n_pupils: int = 25) -> tuple[Plan, pd.DataFrame]:
    """A random plan over 3 weeks for two classes and four clusters, and random memberships.

    Pupils are in one class and any of the clusters; 4H1 and the wiskunde clusters have a test
    week on the last three days.
    """
    import random

    rnd = random.Random(seed)
    groups = RANDOM_CLASSES + RANDOM_CLUSTERS
    kinds = ("PW", "PW", "SO", "SO", "PO", "HW")
    rows = [
        (rnd.choice(RANDOM_DAYS), rnd.choice(groups), rnd.choice(("wi", "en", "fa", "bi")), k)
        for k in (rnd.choice(kinds) for _ in range(n_rows))
    ]
    minutes = [rnd.choice((None, 10, 20, 30, 45)) for _ in rows]
    config = make_config(calendar=RANDOM_TEST_WEEK)
    plan = make_plan(rows, config, minutes=minutes)
    pairs = []
    for i in range(n_pupils):
        pupil = f"p{i:02d}"
        pairs.append((pupil, rnd.choice(RANDOM_CLASSES)))
        pairs += [(pupil, c) for c in RANDOM_CLUSTERS if rnd.random() < 0.5]
    return plan, make_members(pairs)


def random_config() -> SchoolConfig:
    return make_config(calendar=RANDOM_TEST_WEEK)


def finding_keys(findings: Iterable[Finding]) -> set[tuple[Any, ...]]:
    """What a reference implementation can predict of a finding."""
    return {
        (f.group, f.pupil, f.start, f.end, round(f.value, 6), f.limit, frozenset(f.assessments))
        for f in findings
    }


Measure = tuple[Callable[[dict[str, Any]], float], float]  # (value of a row, limit)


def reference_per_key(
    rows: pd.DataFrame,
    members: pd.DataFrame,
    key: str,
    measures: Sequence[Measure],
) -> set[tuple[Any, ...]]:
    """Plain-Python load rule: per group, and per pupil over the pupil's groups (reported only
    where two or more groups add to the load), each measure summed per `key` value; broken when
    any sum is above its limit, and reported with the first broken measure's sum and limit.

    `rows` are enriched rows already filtered to what the rule counts.
    """
    out: set[tuple[Any, ...]] = set()
    records = rows.to_dict("records")
    groups_of: dict[str, set[str]] = {}
    for pupil, group in zip(members["pupil"], members["group"], strict=True):
        groups_of.setdefault(pupil, set()).add(group)
    entities: list[tuple[str, str | None, set[str]]] = [
        (g, None, {g}) for g in sorted({r["group"] for r in records})
    ]
    entities += [("", p, gs) for p, gs in groups_of.items()]
    for group, pupil, gs in entities:
        by_key: dict[Any, list[dict[str, Any]]] = {}
        for r in records:
            if r["group"] in gs:
                by_key.setdefault(r[key], []).append(r)
        for part in by_key.values():
            involved = {r["group"] for r in part}
            if pupil is not None and len(involved) < 2:
                continue
            sums = [(sum(fn(r) for r in part), limit) for fn, limit in measures]
            broken = [(total, limit) for total, limit in sums if total > limit + 1e-9]
            if not broken:
                continue
            total, limit = broken[0]
            days = [r["day"].date() for r in part]
            name = group if pupil is None else ", ".join(sorted(involved))
            ids = frozenset(r["id"] for r in part)
            out.add((name, pupil, min(days), max(days), round(total, 6), limit, ids))
    return out


# --- the whole school year, for comparing the date rules with a plain reference -----------------


def school_like_days(
    first: dt.date, last: dt.date, days_off: Iterable[dt.date] = ()
) -> list[dt.date]:
    """Weekdays that are no public or school holiday of region midden (nor a day off), straight
    from the `holidays` package: the reference the date rules are compared with."""
    import holidays

    free = holidays.Netherlands(
        subdiv="Midden",
        categories=(holidays.PUBLIC, holidays.SCHOOL),
        years=range(first.year, last.year + 1),
    )
    off = set(days_off)
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5 and day not in free and day not in off]


YEAR_START, YEAR_END = dt.date(2025, 9, 1), dt.date(2026, 7, 17)


def every_school_day(groups: Sequence[str], kind: str = "PW") -> list[Row]:
    """A test on every school day of the test calendar, for each group."""
    days = school_like_days(YEAR_START, YEAR_END)
    return [(day.isoformat(), g, "wiskunde", kind) for g in groups for day in days]


# --- three test weeks (4* twice, everyone in June), for the test-week date rules ---------------

THREE_TEST_WEEKS = """
[[calendar.test_weeks]]
name = "Toetsweek 1"
start = 2025-11-10
end = 2025-11-14
groups = ["4*"]
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-01-26
end = 2026-01-30
groups = ["4*"]
[[calendar.test_weeks]]
name = "Toetsweek 3"
start = 2026-06-22
end = 2026-06-26
"""


def indices_of_test_weeks(group: str) -> tuple[list[dt.date], list[list[int]]]:
    """The school days and, per test week of `group`, the indices of its days among them."""
    school = school_like_days(YEAR_START, YEAR_END)
    spans = [("2026-06-22", "2026-06-26")]
    if group.startswith("4"):
        spans = [("2025-11-10", "2025-11-14"), ("2026-01-26", "2026-01-30"), *spans]
    return school, [
        [
            i
            for i, day in enumerate(school)
            if dt.date.fromisoformat(first) <= day <= dt.date.fromisoformat(last)
        ]
        for first, last in spans
    ]


# --- a real PostgreSQL server for the store's tests (tests/pgserver.py) -------------------------

from collections.abc import Iterator  # noqa: E402  (kept with the fixtures that use them)

import pgserver  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pgserver.Server]:
    """One PostgreSQL server for the whole test run, stopped at its end; the tests that use it
    are skipped, with the reason, where it cannot be installed or started."""
    reason = pgserver.unavailable_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL not available: {reason}")
    try:
        server = pgserver.start(tmp_path_factory.mktemp("postgres"))
    except pgserver.ServerError as exc:
        pytest.skip(f"PostgreSQL not available: the server did not start: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: pgserver.Server) -> str:
    """The SQLAlchemy URL (postgresql+psycopg://...) of a database shared by the whole run."""
    return postgres_server.url


@pytest.fixture
def postgres_db_url(postgres_server: pgserver.Server) -> Iterator[str]:
    """A new, empty database for one test (so tests don't see each other's tables); dropped
    afterwards, ending connections the test left open."""
    url = postgres_server.create_database()
    yield url
    postgres_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store for one test, once on each backend: a SQLite file, then a database
    on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_db_url"))


# --- the dashboard: a store holding the sample school ------------------------------------------

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

SAMPLE_DIR = Path(__file__).parent.parent / "sample_data"
SAMPLE_PLAN = "Voorbeeldcollege 2025-2026"


def fill_sample_store(url: str) -> None:
    """The sample school as a team would upload it: three teachers' files and the members."""
    from planner.importers import read_file, read_members
    from planner.storage import Store

    with Store(url) as store:
        toml = (SAMPLE_DIR / "school.toml").read_text(encoding="utf-8")
        store.create_plan(SAMPLE_PLAN, person="Voorbeeld", config_toml=toml)
        config = store.config_of(SAMPLE_PLAN)[1]
        members, problems = read_members(SAMPLE_DIR / "members.csv")
        store.upload_members(
            SAMPLE_PLAN, members, file_name="members.csv", person="Voorbeeld", problems=problems
        )
        for name in ("plan.csv", "plan-4havo.xlsx", "plan-2a.ics"):
            table, found = read_file(SAMPLE_DIR / name, config)
            store.upload(SAMPLE_PLAN, table, file_name=name, person="Voorbeeld", problems=found)


@pytest.fixture(scope="session")
def sample_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample-store") / "toetsplanner.db"
    fill_sample_store(str(path))
    return path


@pytest.fixture
def sample_db(sample_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample school's store for one test; the dashboard opens it."""
    path = tmp_path / "toetsplanner.db"
    shutil.copy(sample_store_file, path)
    monkeypatch.setenv("TOETSPLANNER_DB", str(path))
    return path


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with no plans; the dashboard opens it."""
    path = tmp_path / "empty.db"
    monkeypatch.setenv("TOETSPLANNER_DB", str(path))
    return path
