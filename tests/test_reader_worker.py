"""The bounded worker every reader runs in (planner.importers.worker): a read that aborts, runs
too long or allocates too much becomes one message naming the file; the caller lives on."""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
import time
from pathlib import Path

import pytest

from planner import load_config
from planner.config import ImportSettings
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers import read_file, worker

SETTINGS = dataclasses.replace(ImportSettings(), max_seconds=2.0, max_memory_mb=256)


# What a hostile file does to a parser, done on purpose (module level: the worker imports them).
def _abort() -> None:
    os.abort()  # what python-calamine does when an allocation fails


def _loop() -> None:
    while True:
        pass


def _allocate() -> int:
    block = bytearray(600 * 2**20)  # more than the 256 MB allowance
    return len(block)


def _pid() -> int:
    return os.getpid()


def _refuse() -> None:
    raise InvalidInput(Msg("date"), source="plan.csv", row=8, column="date", value="32-03")


def _nested() -> tuple[int, int]:
    return os.getpid(), worker.run(_pid, "inner.csv", "csv", SETTINGS)


def _bug() -> None:
    raise ValueError("a bug in a reader")


@pytest.fixture(autouse=True)
def fresh_workers() -> None:
    worker.shutdown()


def test_an_aborting_reader_is_one_message_naming_the_file() -> None:
    with pytest.raises(InvalidInput) as caught:
        worker.run(_abort, "plan.xlsx", "excel", SETTINGS)
    assert caught.value.message.key == "read_bounded"  # type: ignore[union-attr]
    assert caught.value.one_line("en") == (
        "plan.xlsx: could not be read within 2 s / 256 MB: the file is damaged or not a "
        "normal workbook (see [import] max_seconds and max_memory_mb)"
    )
    assert "werkmap" in caught.value.one_line("nl")
    assert "\n" not in caught.value.one_line("nl")


def test_a_reader_that_runs_too_long_is_stopped_at_the_time_cap() -> None:
    start = time.perf_counter()
    with pytest.raises(InvalidInput, match=r"plan\.csv: could not be read within 2 s"):
        worker.run(_loop, "plan.csv", "csv", SETTINGS)
    assert time.perf_counter() - start < 6


def test_a_reader_that_allocates_past_the_cap_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"rooster\.ics: could not be read within"):
        worker.run(_allocate, "rooster.ics", "ical", SETTINGS)
    roomy = dataclasses.replace(SETTINGS, max_memory_mb=2048, max_seconds=30)
    assert worker.run(_allocate, "rooster.ics", "ical", roomy) == 600 * 2**20


def test_after_a_broken_read_the_next_read_works_and_workers_are_reused() -> None:
    with pytest.raises(InvalidInput):
        worker.run(_abort, "a.xlsx", "excel", SETTINGS)
    first = worker.run(_pid, "b.csv", "csv", SETTINGS)
    assert first != os.getpid()  # it ran in another process
    assert worker.run(_pid, "c.csv", "csv", SETTINGS) == first  # the same, reused


def test_a_reader_error_arrives_whole() -> None:
    with pytest.raises(InvalidInput) as caught:
        worker.run(_refuse, "plan.csv", "csv", SETTINGS)
    error = caught.value
    assert (error.source, error.row, error.column, error.value) == ("plan.csv", 8, "date", "32-03")
    assert isinstance(error.message, Msg) and error.message.key == "date"
    assert error.one_line("nl").startswith("plan.csv, rij 8, kolom 'date'")
    with pytest.raises(ValueError, match="a bug in a reader"):
        worker.run(_bug, "plan.csv", "csv", SETTINGS)


def test_a_read_inside_a_worker_runs_in_place() -> None:
    outer, inner = worker.run(_nested, "outer.csv", "csv", SETTINGS)
    assert outer == inner != os.getpid()


def test_reads_from_several_threads_at_once() -> None:
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(worker.run(_pid, "x.csv", "csv", SETTINGS)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 6 and os.getpid() not in results
    assert len(set(results)) <= worker.MAX_WORKERS


def test_read_file_reads_in_a_worker_and_its_problems_come_back(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n32-03-2026;2B;Engels;SO\n",
        encoding="utf-8",
    )
    table, problems = read_file(plan, load_config(None))
    assert list(table["group"]) == ["2A"]
    assert [(p.row, p.column, p.value) for p in problems] == [(3, "date", "32-03-2026")]
    assert worker.last_stats().peak_bytes > 0


def test_the_caps_are_school_settings(tmp_path: Path) -> None:
    toml = tmp_path / "school.toml"
    toml.write_text("[import]\nmax_memory_mb = 512\nmax_seconds = 5\n", encoding="utf-8")
    imports = load_config(toml).imports
    assert (imports.max_memory_mb, imports.max_seconds) == (512, 5.0)
    assert (ImportSettings().max_memory_mb, ImportSettings().max_seconds) == (1024, 20.0)
    toml.write_text("[import]\nmax_seconds = 0\n", encoding="utf-8")
    with pytest.raises(Exception, match="max_seconds"):
        load_config(toml)


def test_a_partial_of_a_reader_travels() -> None:
    read = functools.partial(divmod, 7, 2)
    assert worker.run(read, "x.csv", "csv", SETTINGS) == (3, 1)


def test_a_slow_worker_start_does_not_count_as_the_reads_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A cold machine: the new worker takes 1.5 s to be up; the read itself is instant and
    # has 0.5 s. The start must not be taken for a file that does not finish.
    worker.shutdown()
    monkeypatch.setattr(worker, "_start_method", lambda: "fork")
    monkeypatch.setattr(worker, "_quiet", lambda: time.sleep(1.5))
    quick = dataclasses.replace(SETTINGS, max_seconds=0.5)
    try:
        assert worker.run(_pid, "x.csv", "csv", quick) != os.getpid()
    finally:
        worker.shutdown()  # the next test gets a worker that starts as usual
