"""Generate the Voorbeeldcollege sample data from school.toml (deterministic, no network).

Run from the repository root:

    .venv/bin/python sample_data/generate.py [OUTPUT_DIR]

It writes, next to this file (or into OUTPUT_DIR):

- `members.csv`: about 600 pseudonymous pupils (ids such as 250001, no names), each in one class
  and, in the upper years, in the cluster groups of their profile (NT, NG, EM, CM);
- `plan.csv`: the whole school year's tests (PW, SO, PO, mondeling) and planned homework;
- `plan-4havo.xlsx`: 4 havo's tests as a teacher keeps them in Excel (one sheet per period,
  title rows above a Dutch header, real Excel dates);
- `plan-2a.ics`: class 2A's tests as a calendar (all-day events).

How the plan is made: first a handful of deliberate problems (`SCENARIOS`, one or more per rule
of the catalogue, so that the first run of the dashboard shows every kind of finding); then the
regular programme of every course, placed by a small scheduler that keeps to the school's
reglement per group *and* per cluster combination of pupils (with a margin), so that most weeks
stay clean. A fixed seed and fixed file timestamps make every run write the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import icalendar
import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(HERE.parent))

from planner.config import SchoolConfig, load_config  # noqa: E402
from planner.school_calendar import SchoolCalendar  # noqa: E402

SEED = 20250901
FIXED_TIME = dt.datetime(2025, 8, 25, 8, 0, 0)  # "exported on": keeps the files byte-identical

# --- the school ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Cohort:
    """One year of one stream: its classes (name, pupils), class subjects and cluster groups."""

    key: str
    classes: tuple[tuple[str, int], ...]
    subjects: tuple[str, ...]
    clusters: tuple[str, ...] = ()
    exam: bool = False  # exam year: central exams from May, no tests in period 4

    @property
    def upper(self) -> bool:
        return bool(self.clusters)


LOWER_1 = (
    "Nederlands",
    "Engels",
    "Frans",
    "wiskunde",
    "biologie",
    "geschiedenis",
    "aardrijkskunde",
    "nask",
    "beeldende vorming",
)
LOWER_2 = (*LOWER_1[:3], "Duits", *LOWER_1[3:])
LOWER_3 = (
    "Nederlands",
    "Engels",
    "Frans",
    "Duits",
    "wiskunde",
    "biologie",
    "geschiedenis",
    "aardrijkskunde",
    "natuurkunde",
    "scheikunde",
    "economie",
)
CLUSTERS = ("wisA", "wisB", "nat", "sk", "bio", "eco")
CLUSTER_SUBJECT = {
    "wisA": "wiskunde A",
    "wisB": "wiskunde B",
    "nat": "natuurkunde",
    "sk": "scheikunde",
    "bio": "biologie",
    "eco": "economie",
}

COHORTS = (
    Cohort("1", (("1A", 29), ("1B", 29), ("1C", 29), ("1D", 29)), LOWER_1),
    Cohort("2", (("2A", 30), ("2B", 30), ("2C", 30)), LOWER_2),
    Cohort("3h", (("3H1", 28), ("3H2", 28)), LOWER_3),
    Cohort("3v", (("3V1", 29), ("3V2", 29)), LOWER_3),
    Cohort(
        "4h",
        (("4H1", 30), ("4H2", 29)),
        ("Nederlands", "Engels", "maatschappijleer", "CKV"),
        CLUSTERS,
    ),
    Cohort("5h", (("5H1", 28), ("5H2", 27)), ("Nederlands", "Engels"), CLUSTERS, exam=True),
    Cohort(
        "4v",
        (("4V1", 28), ("4V2", 28)),
        ("Nederlands", "Engels", "Frans", "maatschappijleer", "CKV"),
        CLUSTERS,
    ),
    Cohort("5v", (("5V1", 27), ("5V2", 26)), ("Nederlands", "Engels", "Frans"), CLUSTERS),
    Cohort(
        "6v", (("6V1", 25), ("6V2", 25)), ("Nederlands", "Engels", "Frans"), CLUSTERS, exam=True
    ),
)

# Upper-year profiles: (name, share of pupils, clusters everyone takes, optional clusters).
# "wisA|wisB" is a choice between the two.
PROFILES: tuple[tuple[str, float, tuple[str, ...], tuple[tuple[str, float], ...]], ...] = (
    ("NT", 0.20, ("wisB", "nat", "sk"), (("bio", 0.4),)),
    ("NG", 0.25, ("wisA|wisB", "bio", "sk"), (("nat", 0.25),)),
    ("EM", 0.35, ("wisA", "eco"), (("bio", 0.15),)),
    ("CM", 0.20, (), (("wisA", 0.6), ("eco", 0.4))),
)

# Teacher codes per subject (three letters, as in every Dutch timetable).
TEACHERS = {
    "Nederlands": ("JNS", "BKR", "VDM", "HLS", "TRP"),
    "Engels": ("SMT", "DKS", "WLM", "OBR"),
    "Frans": ("LFV", "MRT", "DCL"),
    "Duits": ("KRS", "BCH"),
    "wiskunde": ("DJG", "PTR", "VLN"),
    "wiskunde A": ("BRG", "PTR"),
    "wiskunde B": ("VLN", "HRM"),
    "biologie": ("GRN", "VKL", "MSS"),
    "geschiedenis": ("HND", "SCH"),
    "aardrijkskunde": ("BOS", "KMP"),
    "nask": ("WTR", "LNG"),
    "natuurkunde": ("LNG", "FRS"),
    "scheikunde": ("WTR", "ZWN"),
    "economie": ("RDR", "GLD"),
    "maatschappijleer": ("SCH",),
    "CKV": ("ART",),
    "beeldende vorming": ("ART", "KNS"),
}

# Chapters per subject, in the order of the year: the titles of tests and homework.
TOPICS = {
    "Nederlands": (
        "Spelling werkwoorden",
        "Woordsoorten",
        "Leesvaardigheid",
        "Zinsontleding",
        "Schrijven: de zakelijke brief",
        "Argumentatie",
        "Fictie: het leesdossier",
        "Samenvatten",
    ),
    "Engels": (
        "Unit 1 Getting started",
        "Unit 2 Around town",
        "Unit 3 Food and drinks",
        "Unit 4 Sports",
        "Unit 5 Holidays",
        "Unit 6 Media",
        "Unit 7 Music",
        "Unit 8 Work",
    ),
    "Frans": (
        "Unité 1 Bonjour",
        "Unité 2 En famille",
        "Unité 3 Au collège",
        "Unité 4 En ville",
        "Le passé composé",
        "Unité 5 Les vacances",
        "Unité 6 Au restaurant",
        "Les verbes irréguliers",
    ),
    "Duits": (
        "Kapitel 1 Hallo!",
        "Kapitel 2 Familie",
        "Kapitel 3 Schule",
        "Die Fälle",
        "Kapitel 4 Freizeit",
        "Kapitel 5 Essen",
        "Das Perfekt",
        "Kapitel 6 Reisen",
    ),
    "wiskunde": (
        "H1 Getallen",
        "H2 Verhoudingen",
        "H3 Breuken",
        "H4 Vergelijkingen",
        "H5 Meetkunde",
        "H6 Lineaire verbanden",
        "H7 Kwadratische verbanden",
        "H8 Statistiek",
    ),
    "wiskunde A": (
        "H1 Data en statistiek",
        "H2 Telproblemen",
        "H3 Formules en grafieken",
        "H4 Kansrekening",
        "H5 Exponentiële verbanden",
        "H6 Matrices",
        "H7 Normale verdeling",
        "H8 Toetsen van hypothesen",
    ),
    "wiskunde B": (
        "H1 Functies en grafieken",
        "H2 Vergelijkingen en ongelijkheden",
        "H3 Meetkunde",
        "H4 Goniometrie",
        "H5 Exponenten en logaritmen",
        "H6 Afgeleide functies",
        "H7 Differentiëren",
        "H8 Integreren",
    ),
    "biologie": (
        "H1 Organen en cellen",
        "H2 Planten",
        "H3 Ordening",
        "H4 Ecologie",
        "H5 Voeding en vertering",
        "H6 Erfelijkheid",
        "H7 Evolutie",
        "H8 Gedrag",
    ),
    "geschiedenis": (
        "H1 Jagers en boeren",
        "H2 Grieken en Romeinen",
        "H3 Monniken en ridders",
        "H4 Steden en staten",
        "H5 Ontdekkers en hervormers",
        "H6 Regenten en vorsten",
        "H7 Pruiken en revoluties",
        "H8 Burgers en stoommachines",
    ),
    "aardrijkskunde": (
        "H1 Kaartvaardigheden",
        "H2 Klimaat",
        "H3 Bevolking",
        "H4 Water",
        "H5 Landschappen",
        "H6 Ontwikkeling",
        "H7 Energie",
        "H8 Europa",
    ),
    "nask": (
        "H1 Stoffen",
        "H2 Licht",
        "H3 Elektriciteit",
        "H4 Krachten",
        "H5 Geluid",
        "H6 Warmte",
        "H7 Materialen",
        "H8 Energie",
    ),
    "natuurkunde": (
        "H1 Beweging",
        "H2 Krachten",
        "H3 Energie",
        "H4 Elektriciteit",
        "H5 Elektrische schakelingen",
        "H6 Trillingen en golven",
        "H7 Straling",
        "H8 Materialen",
    ),
    "scheikunde": (
        "H1 Stoffen en reacties",
        "H2 Atoombouw",
        "H3 Zouten",
        "H4 Rekenen aan reacties",
        "H5 Zuren en basen",
        "H6 Koolstofchemie",
        "H7 Redox",
        "H8 Evenwichten",
    ),
    "economie": (
        "H1 Vraag en aanbod",
        "H2 Markten",
        "H3 Geld en banken",
        "H4 Overheid",
        "H5 Arbeid",
        "H6 Internationale handel",
        "H7 Conjunctuur",
        "H8 Risico en informatie",
    ),
    "maatschappijleer": (
        "Rechtsstaat",
        "Parlementaire democratie",
        "Verzorgingsstaat",
        "Pluriforme samenleving",
        "Media",
        "Criminaliteit",
        "Politieke partijen",
        "Grondrechten",
    ),
    "CKV": (
        "Kunstdossier",
        "Culturele activiteit",
        "Verslag voorstelling",
        "Eigen kunstwerk",
        "Museumbezoek",
        "Filmanalyse",
        "Recensie",
        "Eindpresentatie",
    ),
    "beeldende vorming": (
        "Perspectieftekening",
        "Collage",
        "Portret",
        "Ruimtelijk werk",
        "Stilleven",
        "Grafisch ontwerp",
        "Fotografie",
        "Eindwerkstuk",
    ),
}
LANGUAGES = {"Nederlands", "Engels", "Frans", "Duits"}

# --- the programme -------------------------------------------------------------------------

PERIODS = (
    (1, dt.date(2025, 9, 1), dt.date(2025, 11, 14)),
    (2, dt.date(2025, 11, 17), dt.date(2026, 1, 30)),
    (3, dt.date(2026, 2, 2), dt.date(2026, 4, 2)),
    (4, dt.date(2026, 4, 3), dt.date(2026, 7, 17)),
)
KIND_WEIGHT = {"PW": 1.0, "SO": 0.5, "PO": 0.5, "mondeling": 0.5, "huiswerk": 0.0}
KIND_ORDER = {"SO": 0, "mondeling": 1, "PO": 2, "PW": 3}  # within a period: PW closes a chapter

# Lower years: the tests of each subject per period.
LOWER_PROGRAMME: dict[str, dict[int, tuple[str, ...]]] = {
    "Nederlands": {1: ("PW", "SO"), 2: ("PW", "PO"), 3: ("PW",), 4: ("PW", "SO", "mondeling")},
    "Engels": {1: ("PW", "SO"), 2: ("PW", "SO"), 3: ("PW",), 4: ("PW", "SO", "mondeling")},
    "Frans": {1: ("PW", "SO"), 2: ("PW", "SO"), 3: ("PW", "SO"), 4: ("PW", "mondeling")},
    "Duits": {1: ("SO",), 2: ("PW",), 3: ("PW", "SO"), 4: ("PW", "SO", "mondeling")},
    "wiskunde": {1: ("PW", "SO"), 2: ("PW", "SO"), 3: ("PW",), 4: ("PW", "SO", "PW")},
    "biologie": {1: ("PW",), 2: ("PW", "PO"), 3: ("PW",), 4: ("PW",)},
    "geschiedenis": {1: ("PW",), 2: ("PW",), 3: ("PO",), 4: ("PW",)},
    "aardrijkskunde": {1: ("PW",), 2: ("PW",), 3: ("PW",), 4: ("PW", "PO")},
    "nask": {1: ("PW", "PO"), 2: ("PW",), 3: ("PW",), 4: ("PW",)},
    "natuurkunde": {1: ("PW",), 2: ("PW", "SO"), 3: ("SO",), 4: ("PW", "SO")},
    "scheikunde": {1: ("PW",), 2: ("PW",), 3: ("PW",), 4: ("PW", "SO")},
    "economie": {1: ("PW",), 2: ("PW",), 3: ("PO",), 4: ("PW", "PO")},
    "beeldende vorming": {2: ("PO",), 4: ("PO",)},
}

# Upper years: besides the proefwerk (in the test week where the period has one), one smaller
# assessment per period.
UPPER_SMALL: dict[str, dict[int, str]] = {
    "Nederlands": {1: "PO", 2: "SO", 3: "mondeling", 4: "PO"},
    "Engels": {1: "SO", 2: "SO", 3: "mondeling", 4: "SO"},
    "Frans": {1: "SO", 2: "SO", 3: "mondeling", 4: "SO"},
    "biologie": {1: "SO", 2: "PO", 3: "SO", 4: "PO"},
    "economie": {1: "SO", 2: "SO", 3: "PO", 4: "SO"},
}

# Planned homework: subject -> (minutes, every n weeks).
HOMEWORK = {
    "wiskunde": (30, 2),
    "wiskunde A": (40, 2),
    "wiskunde B": (45, 2),
    "Engels": (20, 2),
    "Frans": (20, 3),
    "Duits": (20, 3),
    "natuurkunde": (30, 3),
    "scheikunde": (30, 3),
    "economie": (30, 3),
    "Nederlands": (30, 4),
    "biologie": (20, 4),
}

# Announcements of the test-week timetables.
TEST_WEEK_ANNOUNCED = {"Toetsweek 1": dt.date(2025, 12, 12), "Toetsweek 2": dt.date(2026, 3, 13)}
TEST_WEEK_SLOTS = (("08:30", "10:00"), ("10:45", "12:15"), ("13:00", "14:30"))

# The scheduler's limits (day load, week load in the lower/upper years, heavy days in a row,
# homework minutes per day and week), tried in this order: EVEN keeps weeks level, STRICT leaves
# a margin, RELAXED is the reglement itself (school.toml), never more.
EVEN = {"day": 1.5, "week_lower": 1.5, "week_upper": 1.5, "run": 2, "hw_day": 45, "hw_week": 180}
STRICT = {"day": 1.5, "week_lower": 2.5, "week_upper": 3.0, "run": 2, "hw_day": 45, "hw_week": 180}
RELAXED = {"day": 2.0, "week_lower": 3.0, "week_upper": 4.0, "run": 3, "hw_day": 60, "hw_week": 300}


@dataclasses.dataclass(frozen=True, slots=True)
class Fixed:
    """A deliberate row: the problem it shows is in the comment above it in SCENARIOS."""

    date: str
    group: str
    subject: str
    kind: str
    title: str
    announced: str = ""
    minutes: int = 0
    period: int = 0  # lesuur
    slot: int = -1  # test-week session (start/end time)


SCENARIOS: tuple[Fixed, ...] = (
    # tests-per-day: 2A has three tests on one Tuesday, two of them proefwerken.
    Fixed("2026-03-10", "2A", "wiskunde", "PW", "H6 Lineaire verbanden", period=2),
    Fixed("2026-03-10", "2A", "Engels", "SO", "Woordjes Unit 5 Holidays", period=4),
    Fixed("2026-03-10", "2A", "biologie", "PW", "H5 Voeding en vertering", period=6),
    # tests-per-day per pupil: no group has more than one test on this Thursday, but 4 havo
    # pupils with wiskunde B and natuurkunde have two proefwerken (and 4H1 pupils an SO too).
    Fixed("2026-03-12", "4h.wisB", "wiskunde B", "PW", "H7 Differentiëren", period=1),
    Fixed("2026-03-12", "4h.nat", "natuurkunde", "PW", "H5 Elektrische schakelingen", period=3),
    Fixed("2026-03-12", "4H1", "Engels", "SO", "Reading: Unit 6 Media", period=6),
    # tests-per-week (and peak-week): 1B has a test every day of week 45, load 4 (max 3).
    Fixed("2025-11-03", "1B", "wiskunde", "PW", "H2 Verhoudingen", period=1),
    Fixed("2025-11-04", "1B", "Engels", "SO", "Woordjes Unit 3 Food and drinks", period=3),
    Fixed("2025-11-05", "1B", "biologie", "PW", "H2 Planten", period=2),
    Fixed("2025-11-06", "1B", "Frans", "SO", "Woordjes Unité 2 En famille", period=5),
    Fixed("2025-11-07", "1B", "geschiedenis", "PW", "H2 Grieken en Romeinen", period=4),
    # tests-per-week per pupil: each group has at most two tests in week 48, but 5 vwo pupils
    # with wiskunde B, natuurkunde, scheikunde and biologie have load 4,5 (max 4).
    Fixed("2025-11-24", "5v.wisB", "wiskunde B", "PW", "H3 Meetkunde", period=2),
    Fixed("2025-11-25", "5V1", "Engels", "SO", "Woordjes Unit 3 Food and drinks", period=5),
    Fixed("2025-11-26", "5v.nat", "natuurkunde", "PW", "H3 Energie", period=1),
    Fixed("2025-11-27", "5v.sk", "scheikunde", "PW", "H3 Zouten", period=3),
    Fixed("2025-11-28", "5v.bio", "biologie", "SO", "H3 Ordening §1-§3", period=2),
    Fixed("2025-11-28", "5V1", "Frans", "SO", "Woordjes Unité 3 Au collège", period=6),
    # homework-per-day per pupil: 45 + 30 minutes for 4 vwo pupils with wiskunde B and natuurkunde.
    Fixed("2025-10-07", "4v.wisB", "wiskunde B", "huiswerk", "Opgaven H2 §2.3-§2.5", minutes=45),
    Fixed("2025-10-07", "4v.nat", "natuurkunde", "huiswerk", "Practicumverslag", minutes=30),
    # non-school-day: an SO on the studiedag of 11 November.
    Fixed("2025-11-11", "3V2", "geschiedenis", "SO", "H3 Monniken en ridders §1-§3", period=3),
    # after-holiday: a proefwerk on the first Monday after the Christmas holiday.
    Fixed("2026-01-05", "1C", "aardrijkskunde", "PW", "H3 Bevolking", period=2),
    # before-test-week: an SO in the quiet days before Toetsweek 1.
    Fixed("2026-01-22", "5h.eco", "economie", "SO", "H4 Overheid §1-§3", period=5),
    # test-week-load: 4V1 has three tests on the Wednesday of Toetsweek 1.
    Fixed("2026-01-28", "4V1", "Nederlands", "PW", "Argumentatie (toetsweek)", slot=0),
    Fixed("2026-01-28", "4V1", "Engels", "PW", "Unit 5 Holidays (toetsweek)", slot=1),
    Fixed("2026-01-28", "4V1", "Frans", "PW", "Le passé composé (toetsweek)", slot=2),
    # after-test-week: a proefwerk on the second day after Toetsweek 1.
    Fixed("2026-02-03", "4v.bio", "biologie", "PW", "H5 Voeding en vertering", period=4),
    # homework-per-day: 2B has 75 minutes of homework on one Wednesday.
    Fixed("2026-02-04", "2B", "Engels", "huiswerk", "Woordjes Unit 5 leren", minutes=40),
    Fixed("2026-02-04", "2B", "wiskunde", "huiswerk", "Opgaven H5 §5.1-§5.4", minutes=35),
    # consecutive-test-days: 3H1 has a proefwerk on four school days in a row (Thu to Tue).
    Fixed("2026-03-05", "3H1", "aardrijkskunde", "PW", "H5 Landschappen", period=1),
    Fixed("2026-03-06", "3H1", "geschiedenis", "PW", "H5 Ontdekkers en hervormers", period=3),
    Fixed("2026-03-09", "3H1", "wiskunde", "PW", "H5 Meetkunde", period=2),
    Fixed("2026-03-10", "3H1", "Nederlands", "PW", "Argumentatie", period=5),
    # homework-per-week (and homework-per-day on Monday): 3V1 gets 310 minutes in week 11.
    Fixed("2026-03-09", "3V1", "wiskunde", "huiswerk", "Oefentoets H6", minutes=70),
    Fixed("2026-03-10", "3V1", "Engels", "huiswerk", "Essay: My hero", minutes=60),
    Fixed("2026-03-11", "3V1", "Frans", "huiswerk", "Lezen: Le petit prince, ch. 1-3", minutes=60),
    Fixed("2026-03-12", "3V1", "Nederlands", "huiswerk", "Leesdossier: boek uitlezen", minutes=60),
    Fixed("2026-03-13", "3V1", "biologie", "huiswerk", "Samenvatting H6", minutes=60),
    # notice-period: an SO announced two days before.
    Fixed("2026-05-20", "2C", "Duits", "SO", "Kapitel 6 Reisen", announced="2026-05-18", period=3),
    # duplicate: the same SO entered twice (copied from two planners).
    Fixed("2025-10-08", "3H2", "Engels", "SO", "Woordjes Unit 2 Around town", period=4),
    Fixed("2025-10-08", "3H2", "Engels", "SO", "Woordjes Unit 2 Around town", period=4),
    # makeup-room: a test in the last ten school days leaves no time to make it up.
    Fixed("2026-07-08", "1A", "Engels", "SO", "Woordjes Unit 8 Work", period=3),
)


@dataclasses.dataclass(slots=True)
class Item:
    """One assessment (or piece of homework) of the programme, before or after it has a date."""

    groups: list[str]
    subject: str
    kind: str
    period: int
    test_week: bool = False
    minutes: int = 0
    week: int = 0  # homework: index of the target week
    day: dt.date | None = None
    lesuur: int = 0
    slot: int = -1
    title: str = ""
    announced: dt.date | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class School:
    cohorts: tuple[Cohort, ...]
    cohort_of: dict[str, Cohort]  # group -> cohort
    members: list[tuple[str, str]]  # (pupil, group)
    teacher: dict[tuple[str, str], str]  # (group, subject) -> teacher code
    subject_of: dict[str, str]  # cluster group -> subject

    def courses(self) -> list[tuple[str, str]]:
        """(group, subject) of every course, classes before clusters, in a fixed order."""
        out = []
        for cohort in self.cohorts:
            for name, _ in cohort.classes:
                out += [(name, s) for s in cohort.subjects]
            out += [(f"{cohort.key}.{c}", CLUSTER_SUBJECT[c]) for c in cohort.clusters]
        return out


def cluster_name(cohort: Cohort, code: str) -> str:
    return f"{cohort.key}.{code}"


def build_school(rng: random.Random) -> School:
    """Classes, cluster groups, teachers and pupils."""
    cohort_of: dict[str, Cohort] = {}
    size = sum(n for c in COHORTS for _, n in c.classes)
    ids = [str(250001 + i) for i in range(size)]
    rng.shuffle(ids)
    members: list[tuple[str, str]] = []
    for cohort in COHORTS:
        for name, n in cohort.classes:
            cohort_of[name] = cohort
            for _ in range(n):
                pupil = ids.pop()
                members.append((pupil, name))
                for code in choose_clusters(cohort, rng):
                    members.append((pupil, cluster_name(cohort, code)))
        for code in cohort.clusters:
            cohort_of[cluster_name(cohort, code)] = cohort
    school = School(COHORTS, cohort_of, members, {}, {})
    counters: dict[str, int] = defaultdict(int)
    for group, subject in school.courses():
        pool = TEACHERS[subject]
        school.teacher[(group, subject)] = pool[counters[subject] % len(pool)]
        counters[subject] += 1
        if "." in group:
            school.subject_of[group] = subject
    return school


def choose_clusters(cohort: Cohort, rng: random.Random) -> list[str]:
    if not cohort.clusters:
        return []
    shares = [p[1] for p in PROFILES]
    _, _, required, optional = rng.choices(PROFILES, weights=shares)[0]
    chosen = [rng.choice(r.split("|")) for r in required]
    chosen += [code for code, p in optional if rng.random() < p and code not in chosen]
    return sorted(chosen)


# --- calendar ------------------------------------------------------------------------------


class Days:
    """The school days of the year and which of them a group may have tests or homework on."""

    def __init__(self, config: SchoolConfig, school: School) -> None:
        self.calendar = calendar = SchoolCalendar(config)
        self.days: list[dt.date] = [d.date() for d in calendar.school_days]
        self.index = {d: i for i, d in enumerate(self.days)}
        breaks = calendar.holiday_breaks(7)
        first = calendar.index_on_or_after(breaks["end"] + pd.Timedelta(days=1))
        self.after_break = {i + k for i in first.tolist() for k in range(2)}
        self.groups = sorted(school.cohort_of)
        tw = calendar.test_week_days(self.groups)
        self.test_week: dict[tuple[str, dt.date], str] = {
            (g, d.date()): w
            for g, d, w in zip(tw["group"], tw["date"], tw["test_week"], strict=True)
        }
        spans = calendar.test_week_spans(self.groups)
        self.quiet: dict[str, set[int]] = defaultdict(set)  # before and after the test weeks
        for g, lo, hi in zip(spans["group"], spans["first"], spans["last"], strict=True):
            self.quiet[g] |= set(range(lo - 5, lo)) | set(range(hi + 1, hi + 4))
        makeup = calendar.makeup_days(self.groups)
        self.makeup: dict[str, list[int]] = defaultdict(list)
        for g, d in zip(makeup["group"], makeup["date"], strict=True):
            self.makeup[g].append(self.index[d.date()])

    def period_of(self, day: dt.date) -> int:
        return next(p for p, lo, hi in PERIODS if lo <= day <= hi)

    def test_days(self, group: str, period: int, test_week: bool) -> list[dt.date]:
        """Days of a period on which the reglement lets `group` have a (test-week) test."""
        lo, hi = PERIODS[period - 1][1:]
        out = []
        for i, day in enumerate(self.days):
            if not lo <= day <= hi:
                continue
            in_week = (group, day) in self.test_week
            if test_week:
                if in_week:
                    out.append(day)
                continue
            if in_week or i in self.after_break or i in self.quiet[group]:
                continue
            if i >= len(self.days) - 10:
                continue
            makeup = self.makeup.get(group)
            if makeup and not any(0 < m - i <= 10 for m in makeup):
                continue
            out.append(day)
        return out

    def homework_weeks(self) -> list[list[int]]:
        """School-day indexes per ISO week, weeks in order."""
        weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, day in enumerate(self.days):
            iso = day.isocalendar()
            weeks[(iso.year, iso.week)].append(i)
        return [weeks[k] for k in sorted(weeks)]


# --- the scheduler -------------------------------------------------------------------------


class Load:
    """Running load per entity: each group, and each cluster combination of two or more groups."""

    def __init__(self, school: School, days: Days) -> None:
        self.days = days
        combos: dict[frozenset[str], str] = {}
        per_pupil: dict[str, set[str]] = defaultdict(set)
        for pupil, group in school.members:
            per_pupil[pupil].add(group)
        for groups in per_pupil.values():
            if len(groups) > 1:
                combos.setdefault(frozenset(groups), f"combo{len(combos)}")
        self.entities: dict[str, list[str]] = {g: [g] for g in school.cohort_of}
        for combo, name in sorted(combos.items(), key=lambda kv: kv[1]):
            for g in sorted(combo):
                self.entities[g].append(name)
        self.upper = {g for g, c in school.cohort_of.items() if c.upper}
        self.upper |= set(combos.values())
        self.day_load: dict[tuple[str, int], float] = defaultdict(float)
        self.day_count: dict[tuple[str, int], int] = defaultdict(int)
        self.heavy: dict[tuple[str, int], int] = defaultdict(int)
        self.week_load: dict[tuple[str, tuple[int, int]], float] = defaultdict(float)
        self.tw_slots: dict[tuple[str, int], set[int]] = defaultdict(set)
        self.hw_day: dict[tuple[str, int], int] = defaultdict(int)
        self.hw_week: dict[tuple[str, tuple[int, int]], int] = defaultdict(int)
        self.lesuur: dict[tuple[str, int], set[int]] = defaultdict(set)

    def of(self, groups: Iterable[str]) -> list[str]:
        return sorted({e for g in groups for e in self.entities[g]})

    @staticmethod
    def week(day: dt.date) -> tuple[int, int]:
        iso = day.isocalendar()
        return (iso.year, iso.week)

    def run_length(self, entity: str, i: int) -> int:
        """Heavy test days in a row through school day `i` if it got a heavy test too."""
        length = 1
        j = i - 1
        while self.heavy.get((entity, j), 0):
            length, j = length + 1, j - 1
        j = i + 1
        while self.heavy.get((entity, j), 0):
            length, j = length + 1, j + 1
        return length

    def fits(self, item: Item, day: dt.date, limits: dict[str, float]) -> float | None:
        """None if `item` on `day` breaks a limit, else a score (lower is a better spread)."""
        i = self.days.index[day]
        week = self.week(day)
        entities = self.of(item.groups)
        if item.kind == "huiswerk":
            worst = 0.0
            for e in entities:
                if self.hw_day[(e, i)] + item.minutes > limits["hw_day"]:
                    return None
                if self.hw_week[(e, week)] + item.minutes > limits["hw_week"]:
                    return None
                worst = max(worst, self.hw_week[(e, week)] / limits["hw_week"])
            return worst
        if item.test_week:
            free = {0, 1}
            worst = 0.0
            for e in entities:
                free -= self.tw_slots[(e, i)]
                worst = max(worst, len(self.tw_slots[(e, i)]))
            return worst if free else None
        weight = KIND_WEIGHT[item.kind]
        heavy = item.kind == "PW"
        total = 0.0
        for e in entities:
            cap = limits["week_upper"] if e in self.upper else limits["week_lower"]
            if self.day_load[(e, i)] + weight > limits["day"] or self.day_count[(e, i)] >= 2:
                return None
            if heavy and (self.heavy[(e, i)] or self.run_length(e, i) > limits["run"]):
                return None
            if self.week_load[(e, week)] + weight > cap:
                return None
            # Prefer the emptiest week (then day) of the entities involved: level weeks.
            total += self.week_load[(e, week)] + 0.5 * self.day_load[(e, i)]
        return total / len(entities)

    def add(self, item: Item, day: dt.date) -> None:
        i = self.days.index.get(day, -1)  # a deliberate row on a day off
        week = self.week(day)
        item.day = day
        for e in self.of(item.groups):
            if item.kind == "huiswerk":
                self.hw_day[(e, i)] += item.minutes
                self.hw_week[(e, week)] += item.minutes
            elif item.test_week:
                slot = item.slot if item.slot >= 0 else 0
                self.tw_slots[(e, i)].add(slot)
            else:
                self.day_load[(e, i)] += KIND_WEIGHT[item.kind]
                self.day_count[(e, i)] += 1
                self.week_load[(e, week)] += KIND_WEIGHT[item.kind]
                if item.kind == "PW":
                    self.heavy[(e, i)] += 1
                if item.lesuur:
                    self.lesuur[(e, i)].add(item.lesuur)

    def free_slot(self, item: Item, day: dt.date) -> int:
        i = self.days.index[day]
        used = set().union(*(self.tw_slots[(e, i)] for e in self.of(item.groups)))
        return min({0, 1} - used)

    def free_lesuur(self, item: Item, day: dt.date, rng: random.Random) -> int:
        i = self.days.index[day]
        used = set().union(*(self.lesuur[(e, i)] for e in self.of(item.groups)))
        choices = [h for h in range(1, 9) if h not in used] or list(range(1, 9))
        return rng.choice(choices)


def place(
    item: Item, choices: Sequence[Sequence[dt.date]], load: Load, rng: random.Random
) -> dt.date | None:
    """The best day under the tightest limits that leave one: in the first of `choices`
    (the preferred days) where possible, else in the next."""
    for limits in (EVEN, STRICT, RELAXED):
        for candidates in choices:
            scored = []
            for day in candidates:
                score = load.fits(item, day, limits)
                if score is not None:
                    scored.append((score + rng.random() * 0.05, day))
            if scored:
                return min(scored)[1]
    return None


# --- programme -----------------------------------------------------------------------------


def programme(school: School, days: Days) -> list[Item]:
    """Every course's tests per period (test-week tests of one subject share a timetable)."""
    items: list[Item] = []
    for group, subject in school.courses():
        cohort = school.cohort_of[group]
        for period, _, _ in PERIODS:
            in_test_week, regular = course_period(cohort, subject, period, days, group)
            items += [Item([group], subject, "PW", period, test_week=True) for _ in in_test_week]
            items += [Item([group], subject, k, period) for k in regular]
    return items


def course_period(
    cohort: Cohort, subject: str, period: int, days: Days, group: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(test-week kinds, other kinds) of one course in one period."""
    if not cohort.upper:
        return (), LOWER_PROGRAMME[subject].get(period, ())
    if cohort.exam and period == 4:
        return (), ()
    lo, hi = PERIODS[period - 1][1:]
    has_week = any(g == group and lo <= d <= hi for g, d in days.test_week)
    small = UPPER_SMALL.get(subject, {}).get(period, "SO")
    if subject == "CKV":
        return (), ("PO",)
    if subject == "maatschappijleer":
        return {1: ((), ("PW", "PO")), 2: (("PW",), ()), 3: ((), ("PO",)), 4: ((), ("PW",))}[period]
    if has_week:
        return ("PW",), (small,)
    return (), ("PW", small)


def consume(items: list[Item], fixed: Fixed, days: Days) -> None:
    """A deliberate row takes the place of the programme's matching test, where there is one."""
    day = dt.date.fromisoformat(fixed.date)
    period = days.period_of(day) if PERIODS[0][1] <= day <= PERIODS[-1][2] else 0
    in_week = (fixed.group, day) in days.test_week
    for n, item in enumerate(items):
        if (
            item.groups == [fixed.group]
            and item.subject == fixed.subject
            and item.kind == fixed.kind
            and item.period == period
            and item.test_week == in_week
        ):
            del items[n]
            return


def merge_test_week_classes(items: list[Item], school: School) -> list[Item]:
    """Parallel classes sit a test-week paper together: one row for `4H1, 4H2`."""
    merged: dict[tuple[str, str, int], Item] = {}
    out: list[Item] = []
    for item in items:
        group = item.groups[0]
        cohort = school.cohort_of[group]
        if item.test_week and "." not in group:
            key = (cohort.key, item.subject, item.period)
            if key in merged:
                merged[key].groups.append(group)
                continue
            merged[key] = item
        out.append(item)
    return out


def topic(subject: str, day: dt.date) -> tuple[int, str]:
    """The chapter a subject is at on `day` (eight chapters over the year)."""
    start, end = PERIODS[0][1], PERIODS[-1][2]
    n = min(7, (day - start).days * 8 // ((end - start).days + 1))
    return n + 1, TOPICS[subject][n]


def title_for(item: Item, rng: random.Random) -> str:
    assert item.day is not None
    n, name = topic(item.subject, item.day)
    language = item.subject in LANGUAGES
    if item.test_week:
        return f"{name} (toetsweek)"
    if item.kind == "PW":
        return name
    if item.kind == "SO":
        if item.subject == "Nederlands":
            return f"{name}: begrippen"
        return f"Woordjes {name}" if language else f"{name} §1-§3"
    if item.kind == "mondeling":
        return "Spreekvaardigheid" if item.subject != "Nederlands" else "Boekbespreking"
    if item.kind == "PO":
        return rng.choice(("Werkstuk", "Presentatie", "Inleveropdracht")) + f": {name}"
    if language:
        return f"Woordjes {name} leren" if item.subject != "Nederlands" else f"Opdrachten {name}"
    return f"Opgaven H{n} §{n}.{rng.randint(1, 5)}"


def announce(item: Item, days: Days, rng: random.Random) -> dt.date | None:
    """About a third of the tests say when they were announced (at least a week before)."""
    assert item.day is not None
    if item.test_week:
        week = days.test_week[(item.groups[0], item.day)]
        return TEST_WEEK_ANNOUNCED.get(week)
    if item.kind == "huiswerk" or rng.random() > 0.35:
        return None
    told = item.day - dt.timedelta(days=rng.randint(8, 28))
    return told if told >= PERIODS[0][1] else None


def schedule(school: School, days: Days, rng: random.Random) -> tuple[list[Item], list[Item]]:
    """Place the deliberate rows, then the programme and the homework. Returns (placed, lost)."""
    load = Load(school, days)
    placed: list[Item] = []
    items = programme(school, days)
    for fixed in SCENARIOS:
        consume(items, fixed, days)
        day = dt.date.fromisoformat(fixed.date)
        item = Item(
            [fixed.group],
            fixed.subject,
            fixed.kind,
            0,
            test_week=(fixed.group, day) in days.test_week,
            minutes=fixed.minutes,
            lesuur=fixed.period,
            slot=fixed.slot,
            title=fixed.title,
            announced=dt.date.fromisoformat(fixed.announced) if fixed.announced else None,
        )
        load.add(item, day)
        placed.append(item)
    fixed_items = list(placed)

    items = merge_test_week_classes(items, school)
    # Most constrained first: test weeks, then clusters (they meet several combinations).
    rng.shuffle(items)
    items.sort(key=lambda it: (not it.test_week, "." not in it.groups[0]))
    rank = window_ranks(items)
    lost: list[Item] = []
    for n, item in enumerate(items):
        candidates = days.test_days(item.groups[0], item.period, item.test_week)
        window = window_of(rank[n], candidates)
        when = place(item, (window, candidates), load, rng)
        if when is None:
            lost.append(item)
            continue
        if item.test_week:
            item.slot = load.free_slot(item, when)
        else:
            item.lesuur = load.free_lesuur(item, when, rng)
        load.add(item, when)
        placed.append(item)

    placed += schedule_homework(school, days, load, rng)
    for item in placed:
        if item not in fixed_items:
            item.title = title_for(item, rng)
            item.announced = announce(item, days, rng)
    return placed, lost


def window_ranks(items: list[Item]) -> list[tuple[int, int]]:
    """(k, n) per item: it is the k-th of n tests of its course in its period (SO before PW)."""
    courses: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        if not item.test_week:
            courses[(item.groups[0], item.subject, item.period)].append(n)
    rank = [(0, 1)] * len(items)
    for members in courses.values():
        members.sort(key=lambda n: (KIND_ORDER[items[n].kind], n))
        for k, n in enumerate(members):
            rank[n] = (k, len(members))
    return rank


def window_of(rank: tuple[int, int], candidates: list[dt.date]) -> list[dt.date]:
    """The part of the period where the k-th of n tests of a course belongs."""
    k, n = rank
    lo, hi = k * len(candidates) // n, (k + 1) * len(candidates) // n
    return candidates[lo:hi]


def schedule_homework(school: School, days: Days, load: Load, rng: random.Random) -> list[Item]:
    """Planned homework of the subjects that put it in the planner, week by week."""
    placed: list[Item] = []
    weeks = days.homework_weeks()
    for n, (group, subject) in enumerate(school.courses()):
        if subject not in HOMEWORK:
            continue
        minutes, every = HOMEWORK[subject]
        cohort = school.cohort_of[group]
        for w, week in enumerate(weeks):
            if (w + n) % every:
                continue
            allowed = [
                days.days[i]
                for i in week
                if (group, days.days[i]) not in days.test_week
                and i not in days.after_break
                and not (cohort.exam and days.days[i] >= PERIODS[3][1])
            ]
            if not allowed:
                continue
            item = Item([group], subject, "huiswerk", days.period_of(allowed[0]), minutes=minutes)
            day = place(item, (allowed,), load, rng)
            if day is not None:
                load.add(item, day)
                placed.append(item)
    return placed


# --- output --------------------------------------------------------------------------------

PLAN_COLUMNS = (
    "date",
    "group",
    "subject",
    "kind",
    "title",
    "teacher",
    "period",
    "start",
    "end",
    "minutes",
    "announced",
)


Row = dict[str, str]  # one line of plan.csv, by column


def plan_rows(placed: list[Item], school: School) -> list[Row]:
    """plan.csv's lines, sorted by date and group."""
    rows = []
    for item in placed:
        assert item.day is not None
        start, end = TEST_WEEK_SLOTS[item.slot] if item.test_week else ("", "")
        rows.append(
            {
                "date": item.day.isoformat(),
                "group": ", ".join(item.groups),
                "subject": item.subject,
                "kind": item.kind,
                "title": item.title,
                "teacher": school.teacher[(item.groups[0], item.subject)],
                "period": str(item.lesuur) if item.lesuur and not item.test_week else "",
                "start": start,
                "end": end,
                "minutes": str(item.minutes) if item.minutes else "",
                "announced": item.announced.isoformat() if item.announced else "",
            }
        )
    rows.sort(key=lambda r: (r["date"], r["group"], r["subject"], r["kind"], r["title"]))
    return rows


def write_members(school: School, path: Path) -> None:
    frame = pd.DataFrame(school.members, columns=["pupil", "group"], dtype="str")
    frame = frame.sort_values(["pupil", "group"], kind="stable")
    frame.to_csv(path, index=False, lineterminator="\n")


def write_plan(rows: list[Row], path: Path) -> None:
    frame = pd.DataFrame(rows, columns=list(PLAN_COLUMNS), dtype="str")
    frame.to_csv(path, index=False, lineterminator="\n")


WEEKDAY_NAMES = ("ma", "di", "wo", "do", "vr")


def write_lessons(rows: list[Row], path: Path) -> None:
    """lesrooster.csv: per group and subject the weekdays of its lessons (those on which the
    plan has its tests or homework) and the lesson hour its tests are usually in; what
    `planner suggest --lessons` reads."""
    lessons: dict[tuple[str, str, int], list[str]] = {}
    for row in rows:
        weekday = dt.date.fromisoformat(row["date"]).weekday()
        for group in row["group"].split(", "):
            periods = lessons.setdefault((group, row["subject"], weekday), [])
            if row["period"]:
                periods.append(row["period"])
    lines = [
        (group, subject, WEEKDAY_NAMES[weekday], max(set(p), key=p.count) if p else "")
        for (group, subject, weekday), p in sorted(lessons.items())
        if weekday < 5
    ]
    frame = pd.DataFrame(lines, columns=["klas", "vak", "dag", "lesuur"], dtype="str")
    frame.to_csv(path, index=False, lineterminator="\n")


def is_four_havo(row: Row) -> bool:
    groups = row["group"].split(", ")
    return any(g in ("4H1", "4H2") or g.startswith("4h.") for g in groups)


XLSX_HEADER = (
    "Datum",
    "Klas",
    "Vak",
    "Soort",
    "Omschrijving",
    "Docent",
    "Lesuur",
    "Begin",
    "Eind",
    "Aangekondigd",
)


def xlsx_cells(row: Row) -> list[object]:
    """One spreadsheet row: real dates and times, a whole number for the lesson."""

    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    def time(text: str) -> dt.time | None:
        return dt.time.fromisoformat(text) if text else None

    return [
        day(row["date"]),
        row["group"],
        row["subject"],
        row["kind"],
        row["title"],
        row["teacher"],
        int(row["period"]) if row["period"] else None,
        time(row["start"]),
        time(row["end"]),
        day(row["announced"]),
    ]


def write_xlsx(plan: list[Row], path: Path) -> None:
    """4 havo's tests, one sheet per period, as a teacher keeps them in Excel."""
    book = openpyxl.Workbook()
    info = book.active
    assert isinstance(info, Worksheet)
    info.title = "Toelichting"
    info["A1"] = "Toetsplanning 4 havo 2025-2026"
    info["A1"].font = Font(bold=True, size=14)
    info["A3"] = "Per periode een tabblad. Toetsweektoetsen staan op de hele klas (4H1, 4H2)."
    info["A4"] = "Soort: PW = proefwerk, SO = schriftelijke overhoring, PO = praktische opdracht."
    rows = [r for r in plan if is_four_havo(r) and r["kind"] != "huiswerk"]
    for period, lo, hi in PERIODS:
        sheet = book.create_sheet(f"Periode {period}")
        sheet["A1"] = f"Toetsplanning 4 havo - periode {period}"
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = f"Voorbeeldcollege, schooljaar 2025-2026 ({lo:%d-%m} t/m {hi:%d-%m})"
        sheet.append([])
        sheet.append(list(XLSX_HEADER))
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in rows:
            if lo.isoformat() <= row["date"] <= hi.isoformat():
                sheet.append(xlsx_cells(row))
        for cells in sheet.iter_rows(min_row=5):
            for n, fmt in ((0, "DD-MM-YYYY"), (7, "HH:MM"), (8, "HH:MM"), (9, "DD-MM-YYYY")):
                cells[n].number_format = fmt
        widths = (12, 12, 16, 11, 36, 8, 8, 8, 8, 14)
        for column, width in zip("ABCDEFGHIJ", widths, strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A5"
    book.properties.creator = "Voorbeeldcollege"
    book.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(reproducible_zip(buffer.getvalue()))


def reproducible_zip(data: bytes) -> bytes:
    """The same workbook with fixed timestamps (openpyxl stamps the time of saving)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, content)
    return out.getvalue()


def write_ics(plan: list[Row], path: Path) -> None:
    """Class 2A's tests as all-day events, as a school calendar exports them."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Voorbeeldcollege//Toetsplanner voorbeeld//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Toetsen 2A")
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    rows = [r for r in plan if r["group"] == "2A" and r["kind"] != "huiswerk"]
    for n, row in enumerate(rows, start=1):
        day = dt.date.fromisoformat(row["date"])
        event = icalendar.Event()
        event.add("uid", f"2a-{day:%Y%m%d}-{n:03d}@voorbeeldcollege.nl")
        event.add("dtstamp", FIXED_TIME.replace(tzinfo=dt.UTC))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{row['subject']} {row['kind']}: {row['title']}")
        event.add("categories", [row["kind"]])
        lines = [f"Docent: {row['teacher']}"]
        if row["period"]:
            lines.append(f"Lesuur: {row['period']}")
        if row["announced"]:
            lines.append(f"Aangekondigd: {row['announced']}")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    path.write_bytes(cal.to_ical())


def main(out: Path = HERE) -> None:
    """Write the sample files into `out` (by default next to this script)."""
    rng = random.Random(SEED)
    config = load_config(HERE / "school.toml")
    school = build_school(rng)
    days = Days(config, school)
    placed, lost = schedule(school, days, rng)
    plan = plan_rows(placed, school)
    out.mkdir(parents=True, exist_ok=True)
    write_members(school, out / "members.csv")
    write_plan(plan, out / "plan.csv")
    write_xlsx(plan, out / "plan-4havo.xlsx")
    write_ics(plan, out / "plan-2a.ics")
    write_lessons(plan, out / "lesrooster.csv")
    pupils = len({p for p, _ in school.members})
    tests = sum(r["kind"] != "huiswerk" for r in plan)
    print(
        f"{len(plan)} rows ({tests} tests, {len(plan) - tests} homework), "
        f"{len(school.cohort_of)} groups, {pupils} pupils"
    )
    if lost:
        print(f"{len(lost)} tests found no day within the limits and were left out:")
        for item in lost:
            print(f"  {', '.join(item.groups)} {item.subject} {item.kind} period {item.period}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
