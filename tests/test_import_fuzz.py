"""Whatever bytes a teacher uploads, an importer answers with a table and problems, or with an
InvalidInput naming the file: never another exception."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import load_config
from planner.errors import InvalidInput
from planner.importers import read_file, read_members
from planner.model import COLUMNS

CONFIG = load_config(Path(__file__).parent.parent / "sample_data" / "school.toml")
SAMPLES = Path(__file__).parent.parent / "sample_data"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def outcome(data: bytes, suffix: str) -> tuple[pd.DataFrame, list[object]] | None:
    """Read `data` as a file with `suffix`: the table and problems, or None for InvalidInput."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            table, problems = read_file(path, CONFIG)
        except InvalidInput as exc:
            assert "upload" in exc.one_line("nl")  # the message names the file
            return None
    assert list(table.columns) == list(COLUMNS)
    assert table["id"].is_unique
    assert table["date"].notna().all()
    return table, list(problems)


@FUZZ
@given(
    data=st.binary(max_size=2000),
    suffix=st.sampled_from([".csv", ".xlsx", ".ics", ".txt", ".json"]),
)
def test_any_bytes(data: bytes, suffix: str) -> None:
    outcome(data, suffix)


CELL = st.one_of(
    st.sampled_from(
        ["10-03-2026", "31-02-2026", "2026-03-10", "03/13/2026", "di 10 maart 2026", "46091",
         "2A", "2A, 2B", "4h.wisB/4h.nat", "", " ", "PW", "SO", "huiswerk", "onbekend", "45",
         "veel", "-3", "1,5", "ja", "=1+1", '"', ";", "\n", "\x00", "é", "–"]
    ),
    st.text(max_size=12),
)  # fmt: skip
HEADER = st.lists(
    st.sampled_from(
        ["datum", "klas", "vak", "soort", "minuten", "weging", "aangekondigd", "id", "Start",
         "InfoType", "groups", "subjects", "type", "cancelled", "lesuur", "vast", "x", ""]
    ),
    min_size=1,
    max_size=9,
)  # fmt: skip


@FUZZ
@given(
    header=HEADER,
    rows=st.lists(st.lists(CELL, max_size=10), max_size=15),
    sep=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_csv_shaped_text(header: list[str], rows: list[list[str]], sep: str, encoding: str) -> None:
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    text = "\n".join(lines)
    result = outcome(text.encode(encoding, errors="replace"), ".csv")
    if result is not None:
        table, problems = result
        # every row that loaded or was reported points at a line of the file (rows are the file's
        # line numbers, and a cell may hold a line break, so count the text's lines)
        last = len(text.splitlines()) + 1
        assert table["row"].between(1, last).all()
        assert all(p.row is None or 1 <= p.row <= last for p in problems)


def flip(data: bytes, positions: list[int], values: list[int]) -> bytes:
    mutable = bytearray(data)
    for pos, value in zip(positions, values, strict=False):
        if mutable:
            mutable[pos % len(mutable)] = value
    return bytes(mutable)


@FUZZ
@given(
    name=st.sampled_from(["plan.csv", "plan-4havo.xlsx", "plan-2a.ics"]),
    positions=st.lists(st.integers(min_value=0, max_value=10**7), max_size=8),
    values=st.lists(st.integers(min_value=0, max_value=255), max_size=8),
    cut=st.integers(min_value=0, max_value=10**7),
)
def test_damaged_real_files(name: str, positions: list[int], values: list[int], cut: int) -> None:
    data = (SAMPLES / name).read_bytes()
    damaged = flip(data, positions, values)
    if cut % 3 == 0:
        damaged = damaged[: cut % max(1, len(damaged))]
    outcome(damaged, Path(name).suffix)


# JSON as the school systems write it: their field names, with any values, in any envelope.
FIELDS = st.sampled_from(
    ["start", "end", "subjects", "groups", "teachers", "type", "cancelled", "valid", "remark",
     "appointmentType", "startTimeSlotName", "Start", "Einde", "InfoType", "Status", "Vakken",
     "Docenten", "Groepen", "Omschrijving", "Inhoud", "DuurtHeleDag", "datumTijd",
     "huiswerkType", "lesgroep", "vak", "naam", "Naam", "weeknummerVanaf", "examDate",
     "startTime", "studentClass", "examType", "subject", "x"]
)  # fmt: skip
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False),
    st.sampled_from([1773127800, 20260310, 830, "2026-03-10T07:30:00.0000000Z", "u3", "exam",
                     "TOETS", "2", "4", "9", "4H1", "<p>x</p>", "Toets: v5 H3"]),
    st.text(max_size=10),
)  # fmt: skip
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(FIELDS, inner, max_size=6)
    ),
    max_leaves=30,
)
RECORDS = st.lists(st.dictionaries(FIELDS, JSON_VALUE, max_size=10), max_size=8)


@FUZZ
@given(
    records=RECORDS,
    envelope=st.sampled_from(["bare", "response", "Items", "items", "data.exams", "week"]),
    cut=st.integers(min_value=0, max_value=10**6),
)
def test_json_shaped_text(records: list[dict[str, object]], envelope: str, cut: int) -> None:
    wrapped: object = records
    if envelope == "response":
        wrapped = {"response": {"data": records}}
    elif envelope == "week":
        wrapped = {"response": {"data": [{"week": "202611", "appointments": records}]}}
    elif envelope == "data.exams":
        wrapped = {"data": {"exams": records}}
    elif envelope != "bare":
        wrapped = {envelope: records}
    text = json.dumps(wrapped)
    if cut % 4 == 0:  # truncated in transfer
        text = text[: cut % max(1, len(text))]
    result = outcome(text.encode("utf-8"), ".json")
    if result is not None:
        table, problems = result
        assert table["row"].between(1, max(1, len(records))).all()
        assert all(p.row is None or 1 <= p.row <= len(records) for p in problems)


@FUZZ
@given(data=st.binary(max_size=600))
def test_members_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "members.csv"
        path.write_bytes(data)
        try:
            members, problems = read_members(path)
        except InvalidInput:
            return
    assert list(members.columns) == ["pupil", "group"]
    assert all(p.row is not None and p.row >= 1 for p in problems)
