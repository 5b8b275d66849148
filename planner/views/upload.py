"""The upload page without Streamlit: the column-mapping step for files whose columns are not
recognised, and the tables the page shows (rows as understood, import problems, earlier
uploads). Reading the uploaded bytes is planner.importers.upload's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import pandas as pd

from planner.history import fmt_moment
from planner.i18n import Lang, catalogue, fmt_date, fmt_num
from planner.importers.upload import MAPPABLE, FileRead, What
from planner.model import REQUIRED, ImportProblem, canonical_column

COLUMN_LABELS = catalogue(
    __name__,
    {
        "id": {"nl": "id (vaste sleutel)", "en": "id (stable key)"},
        "date": {"nl": "datum", "en": "date"},
        "start": {"nl": "begintijd", "en": "start time"},
        "end": {"nl": "eindtijd", "en": "end time"},
        "period": {"nl": "lesuur", "en": "lesson period"},
        "group": {"nl": "klas of groep", "en": "class or group"},
        "subject": {"nl": "vak", "en": "subject"},
        "kind": {"nl": "soort (PW, SO, ...)", "en": "kind (PW, SO, ...)"},
        "weight": {"nl": "weging (belasting)", "en": "weight (load)"},
        "minutes": {"nl": "minuten huiswerk", "en": "homework minutes"},
        "title": {"nl": "omschrijving", "en": "title"},
        "teacher": {"nl": "docent", "en": "teacher"},
        "notes": {"nl": "opmerkingen", "en": "notes"},
        "announced": {"nl": "aangekondigd op", "en": "announced on"},
        "locked": {"nl": "vast (niet verschuiven)", "en": "locked (do not move)"},
    },
)

_HEADERS = catalogue(
    "planner.views.upload.headers",
    {
        "row": {"nl": "rij", "en": "row"},
        "date": {"nl": "datum", "en": "date"},
        "group": {"nl": "groep", "en": "group"},
        "subject": {"nl": "vak", "en": "subject"},
        "kind": {"nl": "soort", "en": "kind"},
        "weight": {"nl": "weging", "en": "weight"},
        "minutes": {"nl": "minuten", "en": "minutes"},
        "title": {"nl": "omschrijving", "en": "title"},
        "teacher": {"nl": "docent", "en": "teacher"},
        "announced": {"nl": "aangekondigd", "en": "announced"},
        "source": {"nl": "bestand", "en": "file"},
        "pupil": {"nl": "leerling", "en": "pupil"},
        "column": {"nl": "kolom", "en": "column"},
        "value": {"nl": "waarde", "en": "value"},
        "message": {"nl": "melding", "en": "message"},
        "change": {"nl": "wijziging", "en": "change"},
        "when": {"nl": "wanneer", "en": "when"},
        "who": {"nl": "wie", "en": "who"},
        "what": {"nl": "soort", "en": "what"},
        "rows": {"nl": "rijen", "en": "rows"},
        "problems": {"nl": "problemen", "en": "problems"},
        "replace": {"nl": "vervangt per", "en": "replaces by"},
    },
)
_WORDS = catalogue(
    "planner.views.upload.words",
    {
        "plan": {"nl": "planning", "en": "plan"},
        "members": {"nl": "leerlingen", "en": "members"},
        "lessons": {"nl": "lesrooster", "en": "lessons"},
        "file": {"nl": "bestand", "en": "file"},
        "teacher": {"nl": "docent en vak", "en": "teacher and subject"},
        "stored_plan": {
            "nl": "{file}: {added} rijen opgeslagen, {removed} vervangen",
            "en": "{file}: {added} rows stored, {removed} replaced",
        },
        "stored_members": {
            "nl": "{file}: {added} lidmaatschappen opgeslagen, {removed} vervangen",
            "en": "{file}: {added} memberships stored, {removed} replaced",
        },
        "twice": {
            "nl": "{target} is gekozen voor meer dan één kolom: {columns}",
            "en": "{target} is chosen for more than one column: {columns}",
        },
        "missing": {
            "nl": "kies ook een kolom voor: {missing}",
            "en": "also choose a column for: {missing}",
        },
    },
)


def guess_mapping(columns: Iterable[str]) -> dict[str, str]:
    """What each file column would map to by our own names ('' for not used)."""
    out = {}
    for label in columns:
        name = canonical_column(label)
        out[label] = name if name in MAPPABLE else ""
    return out


def check_mapping(mapping: Mapping[str, str], lang: Lang) -> str | None:
    """Why a mapping cannot work (a column chosen twice, a required one missing), or None."""
    chosen: dict[str, list[str]] = {}
    for label, target in mapping.items():
        if target:
            chosen.setdefault(target, []).append(label)
    for target, labels in chosen.items():
        if len(labels) > 1:
            return _WORDS["twice"][lang].format(
                target=column_label(target, lang), columns=", ".join(labels)
            )
    missing = [column_label(c, lang) for c in REQUIRED if c not in chosen]
    if missing:
        return _WORDS["missing"][lang].format(missing=", ".join(missing))
    return None


def mapping_toml(mapping: Mapping[str, str]) -> str:
    """The `[import] columns` lines for school.toml that make this mapping permanent."""
    import tomli_w

    columns = {label: target for label, target in mapping.items() if target}
    return tomli_w.dumps({"import": {"columns": columns}})


def column_label(column: str, lang: Lang) -> str:
    return COLUMN_LABELS.get(column, {}).get(lang, column) if column else "-"


def header(column: str, lang: Lang) -> str:
    return _HEADERS[column][lang]


# --- tables the page shows --------------------------------------------------------------------


def preview(read: FileRead, lang: Lang, limit: int | None = None) -> pd.DataFrame:
    """The rows as understood: dates the Dutch way (`di 10 mrt 2026`), kinds resolved, one row
    per group; members as pupil and group."""
    table = read.table
    if table is None:
        return pd.DataFrame()
    table = table if limit is None else table.head(limit)
    if read.what == "members":
        return pd.DataFrame(
            {header("pupil", lang): table["pupil"], header("group", lang): table["group"]}
        ).reset_index(drop=True)
    out = pd.DataFrame(
        {
            "row": table["row"],
            "date": [_day(d, lang) for d in table["date"]],
            "group": table["group"],
            "subject": table["subject"],
            "kind": table["kind"],
            "weight": [fmt_num(w, lang) for w in table["weight"]],
            "minutes": [_minutes(m, lang) for m in table["minutes"]],
            "title": table["title"],
            "teacher": table["teacher"],
            "announced": [_day(d, lang) for d in table["announced"]],
        }
    )
    if len({str(s) for s in table["source"]}) > 1:  # sheets of one workbook
        out.insert(0, "source", table["source"].to_numpy())
    out.columns = pd.Index([header(str(c), lang) for c in out.columns])
    return out.reset_index(drop=True)


def _day(value: Any, lang: Lang) -> str:
    if value is None or pd.isna(value):
        return ""
    return fmt_date(pd.Timestamp(value).date(), lang, year=True)


def _minutes(value: Any, lang: Lang) -> str:
    return "" if value is None or pd.isna(value) else fmt_num(float(value), lang)


def problems_frame(problems: Sequence[ImportProblem], lang: Lang) -> pd.DataFrame:
    """Import problems as a table: file, row, column, value, message."""
    names = ("source", "row", "column", "value", "message")
    frame = pd.DataFrame(
        {
            "source": [p.source for p in problems],
            "row": pd.array([p.row for p in problems], dtype="Int64"),
            "column": [p.column or "" for p in problems],
            "value": [p.value or "" for p in problems],
            "message": [p.message for p in problems],
        },
        columns=list(names),
    )
    frame.columns = pd.Index([header(n, lang) for n in names])
    return frame


class UploadLike(Protocol):
    """What the uploads table needs of planner.storage.Upload (the view stays database-free)."""

    @property
    def change(self) -> int: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def person(self) -> str: ...
    @property
    def what(self) -> str: ...
    @property
    def file_name(self) -> str: ...
    @property
    def replace(self) -> str: ...
    @property
    def rows(self) -> int: ...
    @property
    def problems(self) -> tuple[ImportProblem, ...]: ...


def uploads_frame(uploads: Sequence[UploadLike], lang: Lang) -> pd.DataFrame:
    """Earlier uploads of a plan (planner.storage.Upload), newest first."""
    names = ("change", "when", "who", "source", "what", "rows", "problems", "replace")
    ordered = sorted(uploads, key=lambda u: u.change, reverse=True)
    frame = pd.DataFrame(
        {
            "change": [f"#{u.change}" for u in ordered],
            "when": [fmt_moment(u.at, lang) for u in ordered],
            "who": [u.person for u in ordered],
            "source": [u.file_name for u in ordered],
            "what": [_WORDS.get(u.what, {}).get(lang, u.what) for u in ordered],
            "rows": pd.array([u.rows for u in ordered], dtype="Int64"),
            "problems": pd.array([len(u.problems) for u in ordered], dtype="Int64"),
            "replace": [
                "" if u.what == "members" else _WORDS.get(u.replace, {}).get(lang, u.replace)
                for u in ordered
            ],
        },
        columns=list(names),
    )
    frame.columns = pd.Index([header(n, lang) for n in names])
    return frame


def stored_message(read: FileRead, detail: Mapping[str, Any], lang: Lang) -> str:
    """`plan.csv: 2911 rijen opgeslagen, 0 vervangen`."""
    key = "stored_members" if read.what == "members" else "stored_plan"
    return _WORDS[key][lang].format(
        file=read.name, added=detail.get("added", 0), removed=detail.get("removed", 0)
    )


def what_label(what: What, lang: Lang) -> str:
    return _WORDS[what][lang]
