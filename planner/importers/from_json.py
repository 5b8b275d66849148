"""JSON from the school systems' APIs and admin exports, recognised by content.

The shapes, as the systems' public API documentation and public clients record them (sources
in docs/research/school-systems.md and tests/fixtures/json/README.md):

- Zermelo API v3 `appointments`: `{"response": {"data": [appointment, ...]}}` or the bare list;
  `liveschedule`: `response.data[]` per week, each with its `appointments`;
- Magister agenda items: `{"Items": [item, ...]}` or the bare list;
- Somtoday study guide assignments (`studiewijzeritem...toekenningen`): `{"items": [...]}`;
- WebUntis exams: `{"data": {"exams": [...]}}` (the web API), a JSON-RPC `{"result": [...]}`
  (`getExams`), or the bare list.

The records are flattened the way pandas' `json_normalize` writes them (`lesgroep.vak.naam`),
with lists as the names in them (`['4a', '4b']` and `[{"Naam": "wiskunde"}]` -> `4a, 4b`,
`wiskunde`), so a raw export and the CSV an administrator flattens it to are one table to
`finalize` (planner.importers.exports knows each system's columns and codes). Every record is a
row, numbered from 1 in the order of the file.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers.common import READ_COLUMNS, column_of, finalize, read_bytes, windows_1252
from planner.importers.exports import list_text
from planner.importers.sources import Tally
from planner.model import ImportProblem, empty_table

# Where the list of records sits, in the order the envelopes are tried: Zermelo's `response`
# and `data`, WebUntis' `data.exams` and JSON-RPC `result`, Magister's `Items`, Somtoday's
# `items`, an OData `value`.
ENVELOPES = ("response", "data", "result", "exams", "Items", "items", "value")
# A record that holds a week's appointments (Zermelo liveschedule) is opened up.
NESTED_RECORDS = "appointments"
# Parts of a record that are never read: links, attachments, the pupils an item is for (names
# stay out of the planner) and the actions an app may take.
SKIPPED = frozenset(
    {
        "links",
        "additionalobjects",
        "permissions",
        "bijlagen",
        "assignedstudents",
        "students",
        "leerlingen",
        "actions",
        "status",  # Zermelo's status objects; Magister's Status is a number and is kept
    }
)
# A JSON file has at most this many objects and arrays per row allowed (`[import] max_rows`);
# the count is taken on the bytes before the file is parsed, so a file of millions of tiny
# objects is refused before it fills the memory.
NODES_PER_ROW = 40


def looks_like_json(head: bytes) -> bool:
    """Whether a file's first bytes are a JSON object or array (after a byte order mark and
    white space): `{"` or `{}`, `[{`, `[[`, `["`, `[]` or a number in a list."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] not in (b"{", b"["):
        return False
    rest = text[1:].lstrip(b" \t\r\n")
    if text[:1] == b"{":
        return rest[:1] in (b'"', b"}")
    return rest[:1] in (b"{", b"[", b'"', b"]") or rest[:1].isdigit()


def read_json_plan(
    path: str | Path, config: SchoolConfig, tally: Tally | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Every record of the file's list as a row; records that are not a test or homework, and
    withdrawn ones, are left out and counted (planner.importers.exports)."""
    path = Path(path)
    tally = tally or Tally("json")
    with _without_collector():
        return _read(path, config, tally)


@contextlib.contextmanager
def _without_collector() -> Iterator[None]:
    """Parsed JSON holds no reference cycles, but its hundreds of thousands of new objects set
    off the cycle collector again and again (half the parse time); the worker's memory cap
    still bounds the read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(
    path: Path, config: SchoolConfig, tally: Tally
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    records = _records(_load(path, config), path.name)
    limit = config.imports.max_rows
    if len(records) > limit:
        too_many = Msg("too_many_rows", rows=len(records), limit=limit)
        raise InvalidInput(too_many, source=path.name)
    if not records:
        return empty_table(), []
    mapping = config.imports.columns
    read: dict[str, bool] = {}  # per name: does finalize read it (a record may hold hundreds)

    def wanted(name: str) -> bool:
        known = read.get(name)
        if known is None:
            known = read[name] = column_of(name, mapping) in READ_COLUMNS
        return known

    columns = _by_column(records, wanted)
    if columns is None:  # keys that differ from record to record: one record at a time
        columns = _by_record(records, wanted)
    labels = list(dict.fromkeys(key for record in records[:50] for key in _labels(record, "")))
    labels += [key for key in columns if key not in labels]
    cells = pd.DataFrame({key: columns[key] for key in labels if key in columns}, dtype="str")
    if cells.empty:
        cells = pd.DataFrame(index=range(len(records)))
    rows = list(range(1, len(records) + 1))
    return finalize(cells, path.name, config, rows=rows, labels=labels, tally=tally)


# The column-wise flattening builds a list per name with one value per record; it is used while
# that stays within this many values per record (an export's records share their keys), else
# the records are flattened one by one, in time linear in the file.
VALUES_PER_RECORD = 400


def _by_column(
    records: list[dict[str, Any]], wanted: Callable[[str], bool]
) -> dict[str, list[str]] | None:
    """The flattened columns `wanted` keeps, built a name at a time over all records (a list
    comprehension per name is several times faster than walking each record); None when the
    records' keys differ too much for that."""
    columns: dict[str, list[str]] = {}
    budget = VALUES_PER_RECORD * len(records)
    levels: list[tuple[str, list[Any]]] = [("", records)]
    while levels:
        prefix, values = levels.pop()
        keys = dict.fromkeys(
            itertools.chain.from_iterable(v.keys() for v in values if type(v) is dict)
        )
        budget -= len(keys) * len(values)  # a list per name, as long as the file
        if budget < 0:
            return None
        for key in keys:
            name = f"{prefix}{key}"
            column = (
                [v.get(key) for v in values]
                if values is records
                else [v.get(key) if type(v) is dict else None for v in values]
            )
            types = set(map(type, column))
            skipped = str(key).casefold() in SKIPPED
            if dict in types and not skipped:
                levels.append((f"{name}.", column))
            cells = types - {dict, list} if skipped else types - {dict}
            if cells and wanted(name):
                columns[name] = _cells(column, types, skipped)
    return columns


def _cells(column: list[Any], types: set[type], skipped: bool) -> list[str]:
    """A column's values as text (see _text), the common kinds of column the quick way."""
    if types <= {str}:
        return column
    if types <= {str, type(None)}:
        return ["" if v is None else v for v in column]
    if types <= {str, int, type(None)}:
        return ["" if v is None else str(v) for v in column]
    if types <= {list, type(None)} and not skipped:
        return [list_text(v) if v else "" for v in column]
    return [v if type(v) is str else _text(v, skipped) for v in column]


def _by_record(
    records: list[dict[str, Any]], wanted: Callable[[str], bool]
) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    for n, record in enumerate(records):
        for key, value in _flatten(record, ""):
            if not wanted(key):
                continue
            column = columns.get(key)
            if column is None:
                column = columns[key] = [""] * len(records)
            column[n] = value
    return columns


def _text(value: Any, skipped: bool = False) -> str:
    """A value as its cell: null (or a part the columns hold elsewhere) empty, a list as the
    names in it, true/false as written."""
    if value is None or isinstance(value, dict) or (skipped and isinstance(value, list)):
        return ""
    if isinstance(value, list):
        return list_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _load(path: Path, config: SchoolConfig) -> Any:
    import json

    data = read_bytes(path, config.imports)
    nodes = data.count(b"{") + data.count(b"[")
    most = config.imports.max_rows * NODES_PER_ROW
    if nodes > most:
        raise InvalidInput(Msg("json_too_many_nodes", nodes=nodes, limit=most), source=path.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = windows_1252(data)  # not JSON's encoding, but what an old Windows tool writes
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = Msg("json_invalid", line=exc.lineno, column=exc.colno, reason=exc.msg)
        raise InvalidInput(where, source=path.name) from None
    except RecursionError:
        raise InvalidInput(Msg("json_too_deep"), source=path.name) from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise InvalidInput(
            Msg("json_invalid_value", reason=str(exc)[:80]), source=path.name
        ) from None


def _records(data: Any, source: str) -> list[dict[str, Any]]:
    """The list of records inside the envelopes (ENVELOPES), each week's appointments of a
    Zermelo liveschedule opened up; an object that holds no list is not a plan."""
    for _ in range(len(ENVELOPES) + 1):
        if not isinstance(data, dict):
            break
        inner = next((data[k] for k in ENVELOPES if k in data), None)
        if inner is None:
            break
        data = inner
    if isinstance(data, dict) and _is_record(data):
        data = [data]  # one item on its own (`afspraken/{id}`)
    if not isinstance(data, list):
        raise InvalidInput(Msg("json_no_list", envelopes=", ".join(ENVELOPES)), source=source)
    records = [item for item in data if isinstance(item, dict)]
    if records and all(isinstance(r.get(NESTED_RECORDS), list) for r in records):
        records = [a for r in records for a in r[NESTED_RECORDS] if isinstance(a, dict)]
    if len(records) < len(data) - data.count(None):
        raise InvalidInput(Msg("json_not_records"), source=source)
    return records


def _is_record(data: dict[str, Any]) -> bool:
    return any(not isinstance(v, (dict, list)) for v in data.values())


def _flatten(record: dict[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    """`(dotted name, text)` for each value, as json_normalize names them; lists as the names
    in them; null as empty."""
    for key, value in record.items():
        name = f"{prefix}{key}"
        skipped = str(key).casefold() in SKIPPED
        if isinstance(value, dict):
            if not skipped:
                yield from _flatten(value, f"{name}.")
        elif not (skipped and isinstance(value, list)):
            yield name, _text(value)


def _labels(record: dict[str, Any], prefix: str) -> Iterator[str]:
    """The flattened names of a record (what tells which system made it)."""
    for key, value in record.items():
        if isinstance(value, dict) and str(key).casefold() not in SKIPPED:
            yield from _labels(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"
