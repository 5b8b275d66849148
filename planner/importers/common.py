"""From raw text cells to the canonical assessment table: shared by every importer.

An importer only finds the rows and the header; this module maps column names, parses dates and
numbers, expands "2A, 2B", resolves kinds through the school's aliases, derives ids, and turns
every cell it cannot read into an ImportProblem while the good rows load.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from planner.config import ImportSettings, SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Lang, Msg, problem
from planner.importers import exports
from planner.importers.sources import UNREADABLE, Tally
from planner.importers.unique import by_unique
from planner.model import (
    COLUMNS,
    REQUIRED,
    ImportProblem,
    canonical_column,
    derive_ids,
    empty_table,
)
from planner.vocabulary import (
    DAY_NAMES,
    GROUP_SEPARATOR,
    MONTH_NAMES,
    month_number,
    weekday_of_name,
)

_NAMED_DATE = re.compile(r"^(?:[a-z]+\.?,?\s+)?(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$")
_NAMED_DATE_MONTH_FIRST = re.compile(r"^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_ISO_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")
_DAY_FIRST = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
_MONTH_FIRST = ("%m-%d-%Y", "%m/%d/%Y", "%m.%d.%Y")
_TIME_PART = r"[T ]\d{1,2}:\d{2}(:\d{2})?.*$"
_NUMERIC_DATE = r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"
# yyyymmdd as one number (`20260303`, `20260303.0` from a number cell): eight digits from 1900
# on, never an Excel serial (five digits) nor a day-month-year without separators.
_COMPACT_DATE = r"^((?:19|20|21)\d{6})(?:\.0+)?$"
# A word before a date, the weekday if it is one: `di 10-3-2026`, `Tue, 3/10/2026`.
_LEADING_WORD = r"^([^\W\d_]+)\.?,?\s+(\S.*)$"
# A clock time: `8:30`, `08:30:00`, `8.30`; or hmm/hhmm (`830`, `0830`; `830.0` from a number).
_CLOCK = r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$|^(\d{1,2})(\d{2})(?:\.0+)?$"
# Excel stores a date as days since 30 December 1899; 20000-80000 is 1954-2119.
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_SERIAL = r"^\d{5}(\.\d+)?$"
# No table is wider: Excel's last column is XFD. A wider CSV header is a broken or hostile file.
MAX_COLUMNS = 16_384
# How a teacher writes yes and no in a cell (`locked`); an edited value is read the same way.
TRUE_WORDS = frozenset({"1", "true", "ja", "yes", "y", "j", "x", "waar"})
FALSE_WORDS = frozenset({"", "0", "false", "nee", "no", "n", "onwaar"})
# What makes a spreadsheet read a cell as a formula (OWASP CSV injection): the CSV files the
# planner writes put a quote before such a cell (planner.exporters.cells.safe_cell).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROTECTED_QUOTE = re.compile("'[" + re.escape("".join(FORMULA_START)) + "]")


def parse_dates(values: pd.Series, day_first: bool = True) -> pd.Series:
    """Dates as written by teachers (ISO, 10-03-2026, 10/3/2026, 20260310, di 10 maart 2026,
    an Excel serial number); NaT if not. `day_first` says how to read 03-04-2026 (see
    date_order). A date with a weekday before it that it does not fall on (`di 11-3-2026`) is
    NaT: one of the two is wrong (see weekday_conflicts)."""
    return by_unique(values.fillna("").astype("str"), lambda v: _parse_dates(v, day_first))


def _parse_dates(values: pd.Series, day_first: bool) -> pd.Series:
    weekday, text = _stated_weekday(_without_time(values))
    result = _read_dates(text, day_first)
    result[weekday.notna() & (result.dt.day_of_week != weekday)] = pd.NaT
    return result


def _without_time(values: pd.Series) -> pd.Series:
    # A date-time from a calendar or export: keep the day.
    return values.str.strip().str.replace(_TIME_PART, "", regex=True)


def _stated_weekday(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The weekday written before a date (0 for Monday, NaN if none) and the date without it:
    `di 10-3-2026` -> 1, `10-3-2026`. A leading word that is no weekday stays."""
    parts = text.str.extract(_LEADING_WORD)
    weekday = parts[0].map(weekday_of_name, na_action="ignore").astype("float64")
    return weekday, text.where(weekday.isna(), parts[1])


def _read_dates(text: pd.Series, day_first: bool) -> pd.Series:
    """Dates without a weekday or a time, in one order for numeric ones; NaT if not."""
    formats = (*_ISO_FORMATS, *(_DAY_FIRST if day_first else _MONTH_FIRST))
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    for fmt in formats:
        todo = result.isna() & (text != "")
        if not todo.any():
            break
        result[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    compact = text.str.extract(_COMPACT_DATE)[0]
    whole = result.isna() & compact.notna()
    if whole.any():  # an impossible one (20261345) is NaT, as any other non-date
        result[whole] = pd.to_datetime(compact[whole], format="%Y%m%d", errors="coerce")
    serial = result.isna() & text.str.fullmatch(_EXCEL_SERIAL)
    if serial.any():
        days = pd.to_numeric(text[serial]).astype("float64")
        days = days.where((days >= 20000) & (days <= 80000))
        result[serial] = _EXCEL_EPOCH + pd.to_timedelta(days.round(), unit="D")
    todo = result.isna() & (text != "")
    if todo.any():
        named = [_named_date(t) for t in text[todo].str.lower()]
        result[todo] = pd.to_datetime(pd.Series(named, index=text[todo].index, dtype="object"))
    normalized: pd.Series = result.dt.normalize()
    return normalized


def weekday_conflicts(values: pd.Series, day_first: bool, lang: Lang) -> pd.Series:
    """Per value, why `parse_dates` leaves it out for its weekday (`11 March 2026 is a
    Wednesday, not a Tuesday` for `di 11-3-2026`), or "" when it does not."""
    return by_unique(
        values.fillna("").astype("str"), lambda v: _weekday_conflicts(v, day_first, lang)
    )


def _weekday_conflicts(values: pd.Series, day_first: bool, lang: Lang) -> pd.Series:
    weekday, text = _stated_weekday(_without_time(values))
    out = pd.Series("", index=values.index, dtype="str")
    stated = weekday.notna()
    if not stated.any():
        return out
    read = _read_dates(text[stated], day_first)
    wrong = read.notna() & (read.dt.day_of_week != weekday[stated])
    for i in wrong[wrong].index:
        day = read[i]
        out[i] = problem(
            "weekday_mismatch",
            lang,
            date=f"{day.day} {MONTH_NAMES[lang][day.month - 1]} {day.year}",
            weekday=DAY_NAMES[lang][day.weekday()],
            written=DAY_NAMES[lang][int(weekday[i])],
        )
    return out


def parse_times(values: pd.Series) -> pd.Series:
    """Clock times as HH:MM: `8:30`, `08:30:00`, `8.30`, and `830`, `0830`, `1345` (a number
    cell: `830.0`); other text as written (`2e uur`, as before); None for a clock time that
    cannot be one (`2575`, `25:00`)."""
    return by_unique(values.fillna("").astype("str"), _parse_times)


def _parse_times(values: pd.Series) -> pd.Series:
    text = values.str.strip()
    parts = text.str.extract(_CLOCK)
    hours = parts[0].fillna(parts[2]).astype("float64")
    minutes = parts[1].fillna(parts[3]).astype("float64")
    clock = hours.notna()
    out = text.astype("object")
    out[clock] = [
        f"{int(h):02d}:{int(m):02d}" if h < 24 and m < 60 else None
        for h, m in zip(hours[clock], minutes[clock], strict=True)
    ]
    return out


def _named_date(text: str) -> pd.Timestamp | None:
    """`di 10 maart 2026`, `10 mrt. 2026`, `Tuesday 10 March 2026`, `March 10, 2026`."""
    match = _NAMED_DATE.match(text)
    if match:
        day, month, year = match.groups()
    else:
        match = _NAMED_DATE_MONTH_FIRST.match(text)
        if not match:
            return None
        month, day, year = match.groups()
    number = month_number(month)
    if number is None:
        return None
    try:
        return pd.Timestamp(int(year), number, int(day))
    except ValueError:
        return None


def date_order(values: pd.Series, config: SchoolConfig) -> tuple[bool, pd.Series]:
    """How to read numeric dates like 03-04-2026 in one column: day first or month first.

    The column decides when a value can only be read one way (13-04 or 04-13, or a weekday
    before it that only one reading has: `Tue 3/10/2026`). Otherwise the school year decides:
    the reading that puts more dates inside config.start..config.end. Otherwise `[import]
    day_first` (Dutch: yes). Returns the choice and the values that stay ambiguous: both
    readings valid, different and inside the school year, with nothing to tell them apart;
    those are reported instead of guessed.
    """
    text = values.fillna("").astype("str").str.strip()
    # The first two numbers of each distinct numeric date (`03-04-2026` -> 3, 4).
    codes, uniques = pd.factorize(text)
    weekday, bare = _stated_weekday(_without_time(pd.Series(uniques, dtype="str")))
    parts = bare.str.extract(_NUMERIC_DATE).astype("float64")
    # A weekday written before a date tells how the column is written (`Tue 3/10/2026`: 3
    # October is a Saturday): like a day above 12, for the order most such dates fit (a
    # reading outside the school year fits none). A date that fits its weekday in one reading
    # or none is never ambiguous: it is read, or reported, in the column's order.
    votes = 0  # rows whose weekday fits only day first, less those it fits only month first
    stated = weekday.notna() & parts[0].notna()
    if stated.any():
        fits = {}
        for order in (True, False):
            dates = _read_dates(bare.where(stated, ""), order)
            fits[order] = (dates.dt.day_of_week == weekday) & _in_school_year(dates, config)
        day_only = (stated & fits[True] & ~fits[False]).astype("int64")
        month_only = (stated & fits[False] & ~fits[True]).astype("int64")
        votes = int((day_only - month_only).to_numpy()[codes].sum())
        parts[stated & ~(fits[True] & fits[False])] = float("nan")
    first = pd.Series(parts[0].to_numpy()[codes], index=values.index)
    second = pd.Series(parts[1].to_numpy()[codes], index=values.index)
    only_day_first = bool((first > 12).any()) or votes > 0
    only_month_first = bool((second > 12).any()) or votes < 0
    undecided = (first <= 12) & (second <= 12) & (first != second)
    nothing = pd.Series(False, index=values.index)
    if only_day_first != only_month_first:
        return only_day_first, nothing
    default = config.imports.day_first
    if only_day_first and only_month_first:  # a file that mixes both ways
        return default, undecided
    if not undecided.any() or config.start is None or config.end is None:
        return default, nothing
    in_year = {}
    for day_first in (True, False):
        in_year[day_first] = _in_school_year(parse_dates(text[undecided], day_first), config)
    dmy, mdy = int(in_year[True].sum()), int(in_year[False].sum())
    if dmy != mdy:
        return dmy > mdy, nothing
    both = in_year[True] & in_year[False]
    return default, undecided & both.reindex(values.index, fill_value=False)


def _in_school_year(dates: pd.Series, config: SchoolConfig) -> pd.Series:
    if config.start is None or config.end is None:
        return dates.notna()
    return (dates >= pd.Timestamp(config.start)) & (dates <= pd.Timestamp(config.end))


def parse_numbers(values: pd.Series) -> pd.Series:
    """Numbers with a decimal point or a Dutch decimal comma; NaN for empty or not a number."""
    return by_unique(values.fillna("").astype("str"), _parse_numbers)


def _parse_numbers(values: pd.Series) -> pd.Series:
    text = values.str.strip().str.replace(",", ".", regex=False)
    return pd.to_numeric(text.where(text != "", None), errors="coerce").astype("float64")


def normalise_group(values: pd.Series) -> pd.Series:
    """One spelling per group: trimmed, inner spaces removed (`2 A` -> `2A`)."""
    return by_unique(
        values.astype("str"), lambda v: v.str.strip().str.replace(r"\s+", "", regex=True)
    )


# Labels that say more than another label for the same column: Magister has both `Type` (of
# appointment) and `InfoType` (of test); the second is the kind.
# Somtoday's subject has a code and a name (`lesgroep.vak.afkorting`, `.naam`): the name;
# Zermelo's appointment has a version id and an instance id: the instance.
PREFERRED = frozenset(
    {
        "infotype",
        "huiswerktype",
        "toetssoort",
        "datum",
        "lesgroep.vak.naam",
        "vak.naam",
        "appointmentinstance",
    }
)


# What `finalize` reads of a file: our columns, and the columns that mark an item as withdrawn
# or without a day in a school system's export. Every other column is never looked at.
READ_COLUMNS = frozenset(COLUMNS) | frozenset(exports.MARKER_COLUMNS)
# How many of a file's column names a message lists (a table may be 16384 columns wide).
LISTED_LABELS = 30


def column_of(label: object, mapping: Mapping[str, str] | None = None) -> str:
    """The canonical column a header label stands for: the school's own mapping (`[import]
    columns`, keys case-folded) first, then the built-in names; else the label itself."""
    text = str(label).strip()
    return (mapping or {}).get(text.casefold()) or canonical_column(text)


def read_positions(labels: Iterable[object], mapping: Mapping[str, str] | None = None) -> list[int]:
    """The positions of the columns `finalize` reads (see READ_COLUMNS), in order. An importer
    builds only these: a table with a header of thousands of labels is read as fast as one
    with just ours, and to the same result."""
    return [n for n, label in enumerate(labels) if column_of(label, mapping) in READ_COLUMNS]


def canonical_names(
    labels: Iterable[object], mapping: Mapping[str, str] | None = None
) -> list[str]:
    """Canonical column names: the school's own mapping (`[import] columns`, keys case-folded)
    first, then the built-in names. When several columns map to one name, a preferred label
    wins, else the first; the others keep a name no one reads (`kind__dup3`)."""
    mapping = mapping or {}
    texts = [str(col).strip() for col in labels]
    wanted = [column_of(t, mapping) for t in texts]
    order = sorted(
        range(len(texts)),
        key=lambda i: (
            texts[i].casefold() not in mapping and texts[i].casefold() not in PREFERRED,
            i,
        ),
    )
    names = [""] * len(texts)
    taken: set[str] = set()
    for i in order:
        name = wanted[i]
        names[i] = name if name not in taken else f"{name}__dup{i}"
        taken.add(name)
    return names


def unprotect_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Text cells with the planner's own protective quote taken off again (`'=A1` -> `=A1`,
    `'-5 punten` -> `-5 punten`), so a file the planner wrote reads back as it was; a cell
    whose apostrophe is its own (`'s middags`, `'t Gooi`) stays as it is."""
    out = cells.copy()
    for i in range(out.shape[1]):  # by position: a file may name two columns alike
        text = out.iloc[:, i].astype("str")
        quoted = by_unique(text, lambda v: v.str.match(PROTECTED_QUOTE))
        if quoted.any():
            out.isetitem(i, text.where(~quoted, text.str[1:]).to_numpy())
    return out


def rename_columns(frame: pd.DataFrame, mapping: Mapping[str, str] | None = None) -> pd.DataFrame:
    out = frame.copy()
    out.columns = pd.Index(canonical_names(frame.columns, mapping))
    return out


def read_bytes(path: Path, settings: ImportSettings | None = None) -> bytes:
    """The file's bytes, refusing a missing, unreadable or too large file."""
    limit = (settings or ImportSettings()).max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise InvalidInput(Msg("too_large", size=size, limit=limit), source=path.name)
        # No more than the limit is read, whatever the size said (a pipe, a device, a file that
        # grows while it is read).
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise InvalidInput(Msg("too_large", size=f"> {limit}", limit=limit), source=path.name)
        return data
    except FileNotFoundError:
        raise InvalidInput(Msg("file_not_found"), source=path.name) from None
    except IsADirectoryError:
        raise InvalidInput(Msg("unreadable", reason="directory"), source=path.name) from None
    except OSError as exc:
        raise InvalidInput(Msg("unreadable", reason=exc.strerror), source=path.name) from None


# Windows-1252 as a 256-character table, its five undefined bytes read as Latin-1 does, so that
# decoding never fails and loses no byte; `codecs.charmap_decode` reads it in one pass.
_WINDOWS_1252 = "".join(
    chr(i) if i in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([i]).decode("cp1252")
    for i in range(256)
)


def windows_1252(data: bytes) -> str:
    """Bytes that are not UTF-8 (an export from Excel or Outlook on Windows) as text."""
    return codecs.charmap_decode(data, "strict", _WINDOWS_1252)[0]


def finalize(
    raw: pd.DataFrame,
    source: str,
    config: SchoolConfig,
    rows: Sequence[int] | None = None,
    labels: Sequence[str] | None = None,
    tally: Tally | None = None,
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Validate raw cells (canonical or alias column names) into the assessment table.

    `rows` are the 1-based row numbers in the source file, used in problems and kept in `row`.
    `labels` are the file's own column names when `raw` holds only the columns read (see
    `read_positions`); they tell a school system's export and are named in messages. Columns
    that are not read are left out first, whoever made `raw`. `tally` hears which system's
    export it is and which rows were left out on purpose (planner.importers.sources).
    """
    labels = [str(c) for c in raw.columns] if labels is None else list(labels)
    mapping = config.imports.columns
    used = read_positions(raw.columns, mapping)
    if len(used) < raw.shape[1]:
        raw = raw.iloc[:, used]
    frame = rename_columns(raw, mapping).reset_index(drop=True)
    frame["row"] = list(rows) if rows is not None else list(range(2, len(frame) + 2))
    tally = tally or Tally("csv")
    frame, skipped = exports.prepare(frame, labels, source, config.language, tally)
    if frame.empty and skipped:  # every item left out on purpose (all withdrawn, all weekly)
        return empty_table(), skipped
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing and len(labels) == 1 and tally.container == "csv":  # a delimiter not found
        raise InvalidInput(Msg("one_column", found=labels[0]), source=source)
    if missing:
        raise InvalidInput(
            Msg("missing_columns", missing=", ".join(missing), found=listed(labels)),
            source=source,
        )
    cells = pd.DataFrame(index=frame.index)
    for col in COLUMNS:
        if col in ("source", "row"):
            continue
        if col in frame.columns:
            cells[col] = by_unique(frame[col].fillna("").astype("str"), lambda v: v.str.strip())
        else:
            cells[col] = ""
    # Rows with nothing in them (trailing rows of a spreadsheet) are no rows.
    empty = (cells == "").all(axis=1)
    frame, cells = frame[~empty], cells[~empty]
    problems: list[ImportProblem] = list(skipped)
    bad = pd.Series(False, index=frame.index)

    def report(mask: pd.Series, column: str, message: str) -> None:
        nonlocal bad
        mask = mask & ~bad
        for row, value in zip(frame.loc[mask, "row"], cells.loc[mask, column], strict=True):
            problems.append(ImportProblem(source, int(row), column, value, message))
        bad |= mask

    lang = config.language
    for col in REQUIRED:
        report(cells[col] == "", col, problem("empty", lang, column=col))
    # A test week's name for a date ("Toetsweek 1", as a PTA lists its tests): the week's first
    # day, where the test-week timetable gives the test its day and session.
    weeks = {" ".join(w.name.split()).casefold(): w.start.isoformat() for w in config.test_weeks}
    if weeks:
        named = by_unique(cells["date"], lambda v: v.str.split().str.join(" ").str.casefold())
        cells["date"] = named.map(weeks).fillna(cells["date"])
    day_first, unclear = date_order(cells["date"], config)
    report(unclear, "date", problem("ambiguous_date", lang))
    dates = parse_dates(cells["date"], day_first)
    conflicts = weekday_conflicts(cells["date"][dates.isna()], day_first, config.lang)
    for reason in conflicts[conflicts != ""].unique():
        report((conflicts == reason).reindex(cells.index, fill_value=False), "date", reason)
    if weeks:
        names = ", ".join(w.name for w in config.test_weeks)
        report(dates.isna(), "date", problem("date_or_week", lang, weeks=names))
    else:
        report(dates.isna(), "date", problem("date", lang))
    lookup = config.kind_lookup()
    kinds = cells["kind"].str.casefold().map(lookup)
    if tally.system is not None:
        # A system's code the school's kinds do not know: one problem per code, naming it.
        unknown = kinds.isna() & ~bad
        found = unknown_codes(cells["kind"][unknown], frame["row"][unknown], source, lang)
        problems.extend(found)
        # A problem counts as one unreadable row (Tally.source); the code's other rows here.
        tally.leave_out(UNREADABLE, int(unknown.sum()) - len(found))
        bad |= unknown
    known = ", ".join(sorted({a for k in config.kinds.values() for a in k.aliases}))
    report(kinds.isna(), "kind", problem("kind", lang, known=known))
    weights = parse_numbers(cells["weight"])
    report(weights.isna() & (cells["weight"] != ""), "weight", problem("number", lang))
    report(weights < 0, "weight", problem("negative", lang))
    minutes = parse_numbers(cells["minutes"])
    report(minutes.isna() & (cells["minutes"] != ""), "minutes", problem("number", lang))
    report(minutes < 0, "minutes", problem("negative", lang))
    period = parse_numbers(cells["period"])
    report(period.isna() & (cells["period"] != ""), "period", problem("period", lang))
    for col in ("start", "end"):
        clock = parse_times(cells[col])
        report(clock.isna(), col, problem("time", lang))
        cells[col] = clock.fillna("").astype("str")
    announced = parse_dates(cells["announced"], day_first)
    report(announced.isna() & (cells["announced"] != ""), "announced", problem("date", lang))
    locked_text = cells["locked"].str.casefold()
    report(~locked_text.isin(TRUE_WORDS | FALSE_WORDS), "locked", problem("bool", lang))

    ok = ~bad
    kind_weight = {name: k.weight for name, k in config.kinds.items()}
    table = pd.DataFrame(
        {
            "id": cells.loc[ok, "id"],
            "date": dates[ok].astype("datetime64[us]"),
            "start": cells.loc[ok, "start"],
            "end": cells.loc[ok, "end"],
            "period": period[ok].round().astype("Int64"),
            "group": cells.loc[ok, "group"],
            "subject": cells.loc[ok, "subject"],
            "kind": kinds[ok].astype("str"),
            "weight": weights[ok].fillna(kinds[ok].map(kind_weight)).astype("float64"),
            "minutes": minutes[ok],
            "title": cells.loc[ok, "title"],
            "teacher": cells.loc[ok, "teacher"],
            "notes": cells.loc[ok, "notes"],
            "announced": announced[ok].astype("datetime64[us]"),
            "locked": locked_text[ok].isin(TRUE_WORDS).astype("bool"),
            "source": source,
            "row": frame.loc[ok, "row"].astype("int64"),
        }
    )
    table = expand_groups(table)
    missing_id = table["id"] == ""
    if missing_id.any():
        table.loc[missing_id, "id"] = derive_ids(table[missing_id])
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return table[list(COLUMNS)].reset_index(drop=True), problems


# How many row numbers a problem about many rows lists.
LISTED_ROWS = 10


def unknown_codes(codes: pd.Series, rows: pd.Series, source: str, lang: str) -> list[ImportProblem]:
    """One problem per kind code that the school's kinds do not know, at its first row, naming
    the alias to add and the rows it holds back ("tentamen: add it to the aliases ...")."""
    out = []
    for code, where in rows.groupby(codes.to_numpy(), sort=False):
        numbers = [int(n) for n in where]
        shown = ", ".join(str(n) for n in numbers[:LISTED_ROWS])
        if len(numbers) > LISTED_ROWS:
            shown += f" (+{len(numbers) - LISTED_ROWS})"
        message = problem("kind_alias", lang, kind=code, rows=shown)
        out.append(ImportProblem(source, numbers[0], "kind", str(code), message))
    return out


def listed(labels: Sequence[str]) -> str | Msg:
    """A file's column names for a message: all of them, or the first LISTED_LABELS and how
    many more there are."""
    if len(labels) <= LISTED_LABELS:
        return ", ".join(labels) or "-"
    shown = ", ".join(labels[:LISTED_LABELS])
    return Msg("more_labels", shown=shown, more=len(labels) - LISTED_LABELS)


def expand_groups(table: pd.DataFrame) -> pd.DataFrame:
    """`2A, 2B` or `2A/2B` becomes one row per group; a given id gets the group appended."""
    multi = by_unique(table["group"], lambda g: g.str.contains(GROUP_SEPARATOR))
    if multi.any():
        parts = table["group"].where(~multi, table["group"].str.split(GROUP_SEPARATOR))
        table = table.assign(group=parts, _multi=multi)
        table = table.explode("group", ignore_index=True)
    else:
        table = table.assign(_multi=False)
    table["group"] = normalise_group(table["group"])
    table = table[table["group"] != ""].copy()
    given = (table["id"] != "") & table["_multi"].astype("bool")
    table.loc[given, "id"] = table.loc[given, "id"] + "-" + table.loc[given, "group"]
    return table.drop(columns="_multi")
