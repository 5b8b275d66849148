"""Hostile and damaged files (tests/hostile.py, generated here): each ends in seconds, within
1 GB, in one clear line naming the file, or loads. The readers remove the causes themselves:
none of these cases may need the worker's caps (planner.importers.worker) to end."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from planner import load_config
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers import read_file, worker
from tests import hostile

GIGABYTE = 2**30
PLANNER = Path(sys.executable).with_name("planner")


@pytest.mark.parametrize("case", hostile.CASES, ids=lambda c: c.name)
def test_a_hostile_file_ends_quickly_in_one_line_or_loads(
    case: hostile.Case, tmp_path: Path
) -> None:
    path, school = hostile.write(case, tmp_path)
    config = load_config(school)
    start = time.perf_counter()
    try:
        table, _ = read_file(path, config)
        outcome = "read"
    except InvalidInput as error:
        outcome = "refused"
        for lang in ("nl", "en"):
            line = error.one_line(lang)
            assert line.startswith(case.file) and "\n" not in line and "Traceback" not in line
        assert isinstance(error.message, Msg) and error.message.key != "read_bounded", line
    seconds = time.perf_counter() - start
    assert outcome == case.expect
    if outcome == "read":
        assert len(table) >= 1
    assert seconds < 10
    assert worker.last_stats().peak_bytes < GIGABYTE


# One per format through the command line: exit 2, one line on stderr, the whole process tree
# (the command and its reader worker) under 1 GB.
@pytest.mark.parametrize(
    "name",
    ["xlsx-shared-strings-count", "csv-against-the-sniffer", "ics-nested-begins", "json-nested"],
)
def test_the_command_line_ends_in_one_line(name: str, tmp_path: Path) -> None:
    (case,) = [c for c in hostile.CASES if c.name == name]
    path, _ = hostile.write(case, tmp_path)
    start = time.perf_counter()
    # Output to files, not pipes: a long report would fill a pipe while we wait for the exit.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [str(PLANNER), "check", str(path), "--lang", "en"], stdout=out, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        errors.seek(0)
        err = errors.read().decode()
    if case.expect == "refused":
        assert os.waitstatus_to_exitcode(status) == 2
        assert len(err.strip().splitlines()) == 1 and case.file in err
    else:
        assert os.waitstatus_to_exitcode(status) in (0, 1) and err == ""
    assert "Traceback" not in err and "panicked" not in err
    assert usage.ru_maxrss * 1024 < GIGABYTE
    assert seconds < 30  # the command's own start (pandas, the rules) included
