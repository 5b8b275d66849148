"""Hostile CSV and iCal files end fast in a one-line InvalidInput naming the file (and line or
row), or are read correctly: the readers stay linear and bounded on their own.

Each file is made here, of the shape of a reported attack, at a size where the reader before
these bounds took more than the time bound (quadratic regexes, a quadratic END search, the
icalendar library given the same time zone with every series) but small enough that this file
runs in seconds.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from planner import load_config
from planner.config import ImportSettings
from planner.errors import InvalidInput
from planner.importers import from_csv, read_file
from planner.importers.common import read_bytes
from planner.importers.from_csv import MAX_COLUMNS, MAX_RECORD_CHARS
from planner.importers.ical.expand import MAX_SERIES_DATES, MAX_SERIES_EVENTS
from planner.importers.ical.lines import MAX_DEPTH, MAX_TIMEZONE_LINES, MAX_TIMEZONES
from planner.model import ImportProblem

CONFIG = load_config()
SECONDS = 10.0  # generous: each case here takes well under a second


def timed_read(path: Path) -> tuple[pd.DataFrame, list[ImportProblem], float]:
    start = time.perf_counter()
    table, problems = read_file(path, CONFIG)
    return table, list(problems), time.perf_counter() - start


def timed_refusal(path: Path) -> tuple[str, float]:
    """The English one-line message of the InvalidInput that reading `path` ends in."""
    start = time.perf_counter()
    with pytest.raises(InvalidInput) as caught:
        read_file(path, CONFIG)
    elapsed = time.perf_counter() - start
    line = caught.value.one_line("en")
    assert line.startswith(path.name + ", ") or line.startswith(path.name + ": ")
    assert "\n" not in line
    return line, elapsed


def calendar(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR"]) + "\r\n"


def event(uid: str, *lines: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", *lines, "END:VEVENT"]


# CSV


def test_a_file_shaped_against_delimiter_sniffing_reads_correctly_and_fast(
    tmp_path: Path,
) -> None:
    # `,"a` over and over: csv.Sniffer's quote regexes backtracked over it for minutes.
    hostile = ',"a' * 20_000
    path = tmp_path / "sniff.csv"
    path.write_text(
        "datum;klas;vak;soort;omschrijving\n"
        f"10-03-2026;2A;wiskunde;PW;{hostile}\n"
        "11-03-2026;2B;Engels;SO;unit 4\n",
        encoding="utf-8",
    )
    table, problems, elapsed = timed_read(path)
    assert elapsed < SECONDS
    assert not problems
    assert table["subject"].tolist() == ["wiskunde", "Engels"]
    assert table["title"].iloc[0] == hostile


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1;2,5;3\n4;5;6\n", ";"),
        ('a,b,c\n1,"2,5",3\n4,"x;y",6\n', ","),
        ("Toetsplanning 2A\n\na\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ("a;b\n1;2\n", ";"),  # ties go to the Dutch one
        ("alleen tekst\nzonder scheiding\n", ";"),
    ],
)
def test_the_delimiter_is_the_one_that_splits_records_consistently(
    text: str, expected: str
) -> None:
    from planner.importers.from_csv import sniff_delimiter

    assert sniff_delimiter(text) == expected


def test_lines_are_cut_as_open_with_newline_empty_cuts_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small pieces, so that texts of a few dozen characters take both ways of cutting: a
    # piece up to a newline (io.StringIO) and a stretch without one (the expression).
    monkeypatch.setattr(from_csv, "_PIECE", 5)
    rng = random.Random(7)
    parts = ["a", ";", '"', "\r", "\n", "\r\n", "bb", "\x0c", "\u2028"]
    for _ in range(2000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 60)))
        expected = list(io.StringIO(text, newline=""))
        for limit in (10**9, 12):
            lines = from_csv._Lines(text, "x.csv", limit)
            found = []
            try:
                for line in lines:
                    found.append(line)
                    lines.next_record()  # one line, one record: only a line's length counts
            except InvalidInput:
                assert max(len(line) for line in expected) > limit
                assert found == expected[: len(found)]
                continue
            assert found == expected


def test_a_long_mixed_line_is_reported_and_the_good_rows_load(tmp_path: Path) -> None:
    # One line of every delimiter, quote and space mixed: 180 kB took 100 s to sniff.
    mixed = 'a;b,c\t"d|' * 20_000
    path = tmp_path / "mixed.csv"
    path.write_text(f"datum;klas;vak;soort\n{mixed}\n10-03-2026;2A;wiskunde;PW\n", encoding="utf-8")
    table, problems, elapsed = timed_read(path)
    assert elapsed < SECONDS
    assert table["subject"].tolist() == ["wiskunde"]
    assert [(p.row, p.column, p.value) for p in problems] == [(2, None, 'b,c\t"d|a')]


def test_a_record_longer_than_the_limit_is_refused_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "lang.csv"
    path.write_text(
        "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n" + "a;" * (MAX_RECORD_CHARS // 2 + 1),
        encoding="utf-8",
    )
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert line.startswith("lang.csv, row 3: a row of more than 1000000 characters")


def test_a_record_of_many_lines_inside_quotes_is_bounded_too(tmp_path: Path) -> None:
    # Quoted newlines join physical lines into one record: its length is what counts.
    piece = "x;" * 1000 + '"\n"'
    path = tmp_path / "quotes.csv"
    path.write_text("datum;klas;vak;soort\n" + piece * 600, encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert "quotes.csv, row 2: a row of more than" in line


def test_a_header_wider_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "breed.csv"
    header = ";".join(["datum", "klas", "vak", "soort"] + [f"k{i}" for i in range(MAX_COLUMNS)])
    path.write_text(header + "\n10-03-2026;2A;wiskunde;PW\n", encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert f"breed.csv, row 1: the header has {MAX_COLUMNS + 4} columns" in line


def test_the_row_limit_stops_reading_at_the_row_after_it(tmp_path: Path) -> None:
    limit = CONFIG.imports.max_rows
    # After the limit, a cell the csv module refuses (larger than its field limit): had the
    # reader read on, the file would be refused for that instead.
    path = tmp_path / "rijen.csv"
    path.write_text(
        "datum;klas;vak;soort\n"
        + "10-03-2026;2A;wi;PW\n" * (limit + 1)
        + '10-03-2026;2A;"'
        + "x" * 200_000
        + '";PW\n',
        encoding="utf-8",
    )
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert line == (
        f"rijen.csv: too many rows: {limit + 1} or more (at most {limit}; see [import] max_rows)"
    )


def test_windows_1252_keeps_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "cp.csv"
    # 0x80 is the euro sign; 0x81 is undefined in Windows-1252 and read as Latin-1 does.
    path.write_bytes(b"datum;klas;vak;soort;omschrijving\n10-03-2026;2A;wi;PW;\x80 \x81 \xe9\n")
    table, problems, _ = timed_read(path)
    assert not problems
    assert table["title"].tolist() == ["\u20ac \x81 \u00e9"]


def test_no_more_than_max_bytes_is_read_whatever_the_size_says() -> None:
    # A device reports size 0 and never ends: reading it whole would fill memory.
    with pytest.raises(InvalidInput, match="too large"):
        read_bytes(Path("/dev/zero"), ImportSettings(max_bytes=1000))


# iCal


def test_nested_begin_without_end_is_refused_at_its_line(tmp_path: Path) -> None:
    # 40,000 BEGIN: lines without END, then as many END: lines of another name: the search of
    # the open components for each END took a minute.
    path = tmp_path / "diep.ics"
    body = ["BEGIN:X"] * 40_000 + ["END:Y"] * 40_000
    path.write_text(calendar(*body), encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    deep = MAX_DEPTH + 2  # the VCALENDAR and VERSION lines come first
    assert line.startswith(f"diep.ics: line {deep}: BEGIN:X is more than {MAX_DEPTH} components")


def test_time_zones_nested_in_time_zones_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "zones.ics"
    body = ["BEGIN:VTIMEZONE", "TZID:Z"] * 5000 + ["END:VTIMEZONE"] * 5000
    body += event("u1", "DTSTART;TZID=Z:20260310T090000", "SUMMARY:2A wiskunde PW")
    path.write_text(calendar(*body), encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert "BEGIN:VTIMEZONE is more than 8 components deep" in line


def zone(tzid: str, offset: str = "+0300", parts: int = 1) -> list[str]:
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]
    for i in range(parts):
        lines += [
            "BEGIN:STANDARD",
            f"DTSTART:{1900 + i}0101T000000",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            "END:STANDARD",
        ]
    return [*lines, "END:VTIMEZONE"]


def test_more_time_zones_than_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "veel-zones.ics"
    body = [line for i in range(2000) for line in zone(f"Zone {i}")]
    body += [
        line
        for i in range(2000)
        for line in event(f"u{i}", f"DTSTART;TZID=Zone {i}:20260310T090000", "SUMMARY:2A wi PW")
    ]
    path.write_text(calendar(*body), encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    first_line_of_the_one_too_many = 2 + MAX_TIMEZONES * 8 + 1  # 8 lines a zone
    assert line == (
        f"veel-zones.ics: line {first_line_of_the_one_too_many}: more than {MAX_TIMEZONES} "
        "time zones (VTIMEZONE); no calendar has that many"
    )


def test_a_time_zone_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    # One VTIMEZONE of 12,000 lines used by 50 series: the library read it 51 times (30 s).
    path = tmp_path / "lange-zone.ics"
    body = zone("Eigen zone", parts=2000)
    for i in range(50):
        body += event(
            f"u{i}",
            "DTSTART;TZID=Eigen zone:20260310T090000",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            "SUMMARY:2A wiskunde PW",
        )
    path.write_text(calendar(*body), encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert line == (
        f"lange-zone.ics: line 3: time zone Eigen zone (VTIMEZONE) is longer than "
        f"{MAX_TIMEZONE_LINES} lines; no time zone is that long"
    )


def test_series_sharing_a_time_zone_of_the_file_all_read_in_that_zone(tmp_path: Path) -> None:
    # The VTIMEZONE goes to the library with the first series only; the others still count in
    # it: 09:00 at UTC+3 is 07:00 in Amsterdam (UTC+1 in March).
    tzid = "Toetsplanner test UTC+3"
    body = zone(tzid, "+0300", parts=3)
    for i, subject in enumerate(("wiskunde", "Engels", "Frans")):
        body += event(
            f"serie-{i}",
            f"DTSTART;TZID={tzid}:2026031{i}T090000",
            f"DTEND;TZID={tzid}:2026031{i}T100000",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            f"SUMMARY:2A {subject} PW",
        )
    path = tmp_path / "eigen-zone.ics"
    path.write_text(calendar(*body), encoding="utf-8")
    table, problems, elapsed = timed_read(path)
    assert elapsed < SECONDS
    assert not problems
    assert len(table) == 6
    assert set(table["start"]) == {"07:00"}
    assert set(table["end"]) == {"08:00"}


def test_more_repeating_events_than_the_library_is_given_are_refused(tmp_path: Path) -> None:
    body = [
        line
        for i in range(MAX_SERIES_EVENTS + 1)
        for line in event(f"u{i}", "DTSTART:20260310T090000", "RRULE:FREQ=WEEKLY;COUNT=2")
    ]
    path = tmp_path / "series.ics"
    path.write_text(calendar(*body), encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert line.startswith(
        f"series.ics: too many repeating events (RRULE, RDATE, RECURRENCE-ID) to expand: "
        f"{MAX_SERIES_EVENTS + 1} events"
    )


def test_a_series_with_more_extra_dates_than_the_limit_is_refused(tmp_path: Path) -> None:
    dates = ",".join(f"2026{m:02d}{d:02d}T090000" for m in range(1, 13) for d in range(1, 29))
    body = event("u", "DTSTART:20260105T090000", *[f"RDATE:{dates}"] * 20, "SUMMARY:2A wi PW")
    path = tmp_path / "rdate.ics"
    path.write_text(calendar(*body), encoding="utf-8")
    line, elapsed = timed_refusal(path)
    assert elapsed < SECONDS
    assert f"{20 * 12 * 28} dates in RDATE and EXDATE" in line
    assert f"{MAX_SERIES_DATES} dates)" in line


def test_a_long_line_of_quoted_parameters_is_read_in_one_pass(tmp_path: Path) -> None:
    # Each quote skips to its closing quote; the colon after them starts the value.
    params = ";X-P=" + '"a:b"' * 200_000
    body = event("u", "DTSTART:20260310T090000", f"SUMMARY{params}:2A wiskunde PW")
    path = tmp_path / "quotes.ics"
    path.write_text(calendar(*body), encoding="utf-8")
    table, problems, elapsed = timed_read(path)
    assert elapsed < SECONDS
    assert not problems
    assert table["subject"].tolist() == ["wiskunde"]


def test_planner_check_says_it_in_one_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "diep.ics"
    path.write_text(calendar(*["BEGIN:VEVENT"] * 100_000), encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "planner", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert time.perf_counter() - start < 3 * SECONDS  # the interpreter starts too
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"planner: diep.ics: regel {MAX_DEPTH + 2}: BEGIN:VEVENT ligt meer dan {MAX_DEPTH} "
        "onderdelen diep (BEGIN: zonder END:); zo is geen agenda opgebouwd"
    ]
    assert "Traceback" not in result.stderr + result.stdout
