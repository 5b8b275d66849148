"""The data the engine works on: severities, findings, import problems and the assessment table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import PLACES


class Severity(enum.StrEnum):
    """How bad a finding is. The members stand worst first: that is the one order of
    severities, which `rank`, `SEVERITIES`, `SEVERITY_RANKS` and `worst_first` follow."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: error 2, warning 1, info 0."""
        return SEVERITY_RANKS[self.value]


# The severities' names, worst first.
SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
# Each severity's rank by its name (error 2, warning 1, info 0), to map a column of severities.
SEVERITY_RANKS: dict[str, int] = {
    name: len(SEVERITIES) - 1 - i for i, name in enumerate(SEVERITIES)
}


def worst_first(severities: pd.Series) -> pd.Series:
    """A sort key for a column of severities, worst first when ascending: errors 0, warnings 1,
    infos 2 and anything else (none, unknown) 3."""
    return (len(SEVERITIES) - 1 - severities.map(SEVERITY_RANKS)).fillna(len(SEVERITIES))


@dataclasses.dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule for one group or pupil over a span of days (a contract)."""

    rule: str
    severity: Severity
    group: str
    pupil: str | None
    start: dt.date
    end: dt.date
    assessments: tuple[str, ...]
    value: float
    limit: float | None
    message: str
    reference: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "group": self.group,
            "pupil": self.pupil,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "assessments": list(self.assessments),
            "value": self.value,
            "limit": self.limit,
            "message": self.message,
            "reference": self.reference,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class ImportProblem:
    """A row that could not be read: skipped, reported, never silently lost."""

    source: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def one_line(self, lang: str = "en") -> str:
        lang = "nl" if lang == "nl" else "en"  # English for any other language
        where = [self.source]
        if self.row is not None:
            where.append(f"{PLACES('row', lang)} {self.row}")
        if self.column:
            where.append(f"{PLACES('column', lang)} {self.column!r}")
        if self.value is not None:
            where.append(f"{PLACES('value', lang)} {self.value!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    """How one file was read: the reader that recognised it (`reader`, a stable id such as
    `zermelo-appointments`, and `format`, its English name such as "Zermelo appointments (API
    v3)"; planner.importers.sources has the words in both languages), what the bytes were
    (`container`: csv, excel, ical, json), the rows it gave and the rows left out, by reason
    (`withdrawn`, `no-assessment`, `no-day`, `unreadable`, `repeated`)."""

    name: str
    reader: str
    container: str
    rows: int
    left_out: dict[str, int] = dataclasses.field(default_factory=dict)
    format: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format or self.reader,
            "reader": self.reader,
            "container": self.container,
            "rows": self.rows,
            "left_out": dict(self.left_out),
        }


# A group name or pupil id may carry a scenario's tag after this mark (planner.fit checks many
# what-ifs in one plan): group patterns match the name before it.
SCENARIO_MARK = "\x1f"


# The canonical assessment table (a contract: docs/architecture.md). `source` and `row` keep
# each row's origin.
TEXT_COLUMNS = ("id", "group", "subject", "kind", "title", "teacher", "notes", "start", "end")
COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "start",
    "end",
    "period",
    "group",
    "subject",
    "kind",
    "weight",
    "minutes",
    "title",
    "teacher",
    "notes",
    "announced",
    "locked",
    "source",
    "row",
)
REQUIRED: tuple[str, ...] = ("date", "group", "subject", "kind")

# Column names teachers use, mapped to the canonical ones (Dutch and common English variants).
ALIASES: dict[str, str] = {
    # what teachers write in their own spreadsheets
    "datum": "date",
    "dag": "date",
    "day": "date",
    "toetsdatum": "date",
    "begin": "start",
    "starttijd": "start",
    "van": "start",
    "eind": "end",
    "einde": "end",
    "eindtijd": "end",
    "tot": "end",
    "lesuur": "period",
    "uur": "period",
    "klas": "group",
    "klassen": "group",
    "groep": "group",
    "groepen": "group",
    "lesgroep": "group",
    "lesgroepen": "group",
    "cluster": "group",
    "class": "group",
    "vak": "subject",
    "vakken": "subject",
    "soort": "kind",
    "type": "kind",
    "toetssoort": "kind",
    "toetsvorm": "kind",
    "weging": "weight",
    "gewicht": "weight",
    "minuten": "minutes",
    "studielast": "minutes",
    "studietijd": "minutes",
    "omschrijving": "title",
    "titel": "title",
    "onderwerp": "title",
    "description": "title",
    "docent": "teacher",
    "docenten": "teacher",
    "opmerking": "notes",
    "opmerkingen": "notes",
    "aantekening": "notes",
    "inhoud": "notes",
    "aangekondigd": "announced",
    "vast": "locked",
    "vergrendeld": "locked",
    # exports of the school systems (see planner/importers/exports.py)
    "infotype": "kind",  # Magister
    "lesuurvan": "period",
    "huiswerktype": "kind",  # Somtoday studiewijzer
    "datumtijd": "start",
    "begindatumtijd": "start",
    "einddatumtijd": "end",
    "beginlesuur": "period",
    "studiewijzeritem.huiswerktype": "kind",
    "studiewijzeritem.onderwerp": "title",
    "studiewijzeritem.omschrijving": "notes",
    "lesgroep.naam": "group",
    "lesgroep.vak.naam": "subject",
    "vak.naam": "subject",
    "subjects": "subject",  # Zermelo appointments
    "groups": "group",
    "teachers": "teacher",
    "starttimeslot": "period",
    "remark": "notes",
    # Zermelo: the instance stays when a test moves (`id` is the version's), so a moved test
    # keeps its id from one export to the next.
    "appointmentinstance": "id",
    "appointmenttype": "kind",  # Zermelo liveschedule
    "starttimeslotname": "period",
    "schedulerremark": "notes",
    "lesgroep.vak.afkorting": "subject",  # Somtoday (naam is preferred when both are there)
    "vak.afkorting": "subject",
    "examdate": "date",  # WebUntis exams
    "starttime": "start",
    "endtime": "end",
    "studentclass": "group",
    "examtype": "kind",
    "name": "title",
    "text": "notes",
    # Untis exam list (Klausuren): Datum, Von, Bis, Klassen, Kurs, Lehrer, Räume, Name, Text
    # (`datum`, `klassen`, `name`, `text` above; `Bis` and `Räume` are not read; the course's
    # subject: planner/importers/exports.py). A Dutch Untis: Datum, Van, Tot, Klassen,
    # Cursus, Docent, Lokalen, Naam, Tekst (`van`/`tot` stay clock times above).
    "von": "period",
    "kurs": "subject",
    "lehrer": "teacher",
    "cursus": "subject",
    "naam": "title",
    "tekst": "notes",
}


def canonical_column(name: str) -> str:
    key = str(name).strip().lower()
    return ALIASES.get(key, key)


def empty_table() -> pd.DataFrame:
    """A table with every canonical column and its dtype, for plans with no rows."""
    return pd.DataFrame(
        {
            "id": pd.Series([], dtype="str"),
            "date": pd.Series([], dtype="datetime64[us]"),
            "start": pd.Series([], dtype="str"),
            "end": pd.Series([], dtype="str"),
            "period": pd.Series([], dtype="Int64"),
            "group": pd.Series([], dtype="str"),
            "subject": pd.Series([], dtype="str"),
            "kind": pd.Series([], dtype="str"),
            "weight": pd.Series([], dtype="float64"),
            "minutes": pd.Series([], dtype="float64"),
            "title": pd.Series([], dtype="str"),
            "teacher": pd.Series([], dtype="str"),
            "notes": pd.Series([], dtype="str"),
            "announced": pd.Series([], dtype="datetime64[us]"),
            "locked": pd.Series([], dtype="bool"),
            "source": pd.Series([], dtype="str"),
            "row": pd.Series([], dtype="int64"),
        }
    )


def derive_ids(table: pd.DataFrame) -> pd.Series:
    """Stable ids from source, group, subject, date, kind and title; repeats get `-2`, `-3`."""
    # A plan has a few hundred days: each written once, not once per row.
    codes, uniques = pd.factorize(table["date"])
    names = np.asarray(pd.DatetimeIndex(uniques).strftime("%Y-%m-%d"), dtype=object)
    days = np.append(names, "")[codes].tolist()
    parts = [table[c].fillna("").astype("str").tolist() for c in ("source", "group", "subject")]
    tail = [table[c].fillna("").astype("str").tolist() for c in ("kind", "title")]
    sha1 = hashlib.sha1
    digests = pd.Series(
        [
            sha1("|".join(key).encode("utf-8")).hexdigest()[:10]
            for key in zip(*parts, days, *tail, strict=True)
        ],
        index=table.index,
        dtype="str",
    )
    if not digests.duplicated().any():
        return digests
    nth = digests.groupby(digests).cumcount()
    suffix = nth.map(lambda n: "" if n == 0 else f"-{n + 1}")
    return digests + suffix.astype("str")


def unify_groups(groups: pd.Series, known: pd.Series | None = None) -> pd.Series:
    """One spelling per group, case-insensitively: the spelling in `known` (the plan's, when
    aligning members to it), else the most used one (`2a` and `2A` become `2A`)."""
    spellings = pd.concat([known, groups]) if known is not None else groups
    counts = spellings.value_counts(sort=False)
    keys = counts.index.str.casefold()
    if known is not None:
        preferred = set(known.unique())
        weight = counts.to_numpy() + [10**9 if s in preferred else 0 for s in counts.index]
    else:
        weight = counts.to_numpy()
    order = pd.DataFrame({"spelling": counts.index, "key": keys, "weight": weight})
    best = order.sort_values(["weight", "spelling"], ascending=[False, True]).drop_duplicates("key")
    mapping = dict(zip(best["key"], best["spelling"], strict=True))
    return groups.str.casefold().map(mapping).astype("str")


@dataclasses.dataclass(slots=True)
class Plan:
    """Assessments in the canonical table, plus the rows that could not be read and, for a
    plan read from files, how each file was read."""

    assessments: pd.DataFrame
    problems: list[ImportProblem] = dataclasses.field(default_factory=list)
    sources: list[Source] = dataclasses.field(default_factory=list)

    @property
    def groups(self) -> list[str]:
        return sorted(self.assessments["group"].unique().tolist())
