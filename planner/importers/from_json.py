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

from collections.abc import Iterator
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
    records = _records(_load(path, config), path.name)
    limit = config.imports.max_rows
    if len(records) > limit:
        too_many = Msg("too_many_rows", rows=len(records), limit=limit)
        raise InvalidInput(too_many, source=path.name)
    if not records:
        return empty_table(), []
    mapping = config.imports.columns
    columns: dict[str, list[str]] = {}
    read: dict[str, bool] = {}  # per name: does finalize read it (a record may hold hundreds)
    for n, record in enumerate(records):
        for key, value in _flatten(record, ""):
            wanted = read.get(key)
            if wanted is None:
                wanted = read[key] = column_of(key, mapping) in READ_COLUMNS
            if not wanted:
                continue
            column = columns.get(key)
            if column is None:
                column = columns[key] = [""] * len(records)
            column[n] = value
    labels = list(dict.fromkeys(key for record in records[:50] for key in _labels(record, "")))
    labels += [key for key in columns if key not in labels]
    cells = pd.DataFrame(columns, dtype="str")
    if cells.empty:
        cells = pd.DataFrame(index=range(len(records)))
    rows = list(range(1, len(records) + 1))
    return finalize(cells, path.name, config, rows=rows, labels=labels, tally=tally)


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
    if len(records) < sum(1 for item in data if item is not None):
        raise InvalidInput(Msg("json_not_records"), source=source)
    return records


def _is_record(data: dict[str, Any]) -> bool:
    return any(not isinstance(v, (dict, list)) for v in data.values())


def _flatten(record: dict[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    """`(dotted name, text)` for each value, as json_normalize names them; lists as the names
    in them; null as empty."""
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if str(key).casefold() not in SKIPPED:
                yield from _flatten(value, f"{name}.")
        elif isinstance(value, list):
            if str(key).casefold() not in SKIPPED:
                yield name, list_text(value)
        elif value is None:
            yield name, ""
        elif isinstance(value, bool):
            yield name, "true" if value else "false"
        else:
            yield name, str(value)


def _labels(record: dict[str, Any], prefix: str) -> Iterator[str]:
    """The flattened names of a record (what tells which system made it)."""
    for key, value in record.items():
        if isinstance(value, dict) and str(key).casefold() not in SKIPPED:
            yield from _labels(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"
