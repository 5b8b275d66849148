"""Untrusted files are read in a worker process with a memory cap and a time limit.

A damaged or hostile file can make a parser allocate without end (python-calamine aborts the
whole process when an allocation fails) or run for minutes. Read in the dashboard's own process,
that takes every colleague's session down. So every reader entry point (`read_file`,
`read_members`, `read_lessons`, an upload as a whole) runs its parse here: in a worker process
whose address space may grow at most `[import] max_memory_mb` during the read and which is
killed after `[import] max_seconds`. A worker that aborts, is killed or runs out of time becomes
one `InvalidInput` naming the file and the caps; the caller's process is never touched.

Workers are kept and reused (the import benchmarks pay a fork once, not per file). A process
with one thread forks its workers directly (cheap: the readers are already imported); a process
with threads (the Streamlit server, a pytest-xdist worker) forks them from a forkserver, because
forking a threaded process can copy a lock that some other thread holds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import faulthandler
import multiprocessing
import multiprocessing.connection
import os
import pickle
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from planner import settings
from planner.config import ImportSettings
from planner.errors import InvalidInput
from planner.i18n import Msg

T = TypeVar("T")

# At most this many reads at once (further uploads wait their turn): a flood of uploads must
# not fork a process each, each allowed max_memory_mb.
MAX_WORKERS = 4
# A worker is replaced after this many reads, or when it holds more than this much memory
# after a read (a reader's leftovers must not shrink the next file's allowance).
_JOBS_PER_WORKER = 200
_RESTING_GROWTH = 256 * 2**20
# What a new worker says when it is up, and how long it may take to get there.
_READY = "ready"
_START_SECONDS = 120.0
# What a worker process imports before it serves (forkserver preload).
_PRELOAD = ["planner.importers", "planner.importers.upload"]
# The format words of the message ("... not a normal workbook").
FORMATS = ("excel", "csv", "ical", "json", "file")

_in_worker = False  # True inside a worker: a nested entry point reads in place


@dataclasses.dataclass(frozen=True)
class Stats:
    """The last read of this thread: its time in the worker and its peak resident memory."""

    seconds: float = 0.0
    peak_bytes: int = 0


_last = threading.local()


def last_stats() -> Stats:
    """The worker's figures for this thread's last read (for bench/bench_hostile.py)."""
    stats: Stats = getattr(_last, "stats", Stats())
    return stats


def run(read: Callable[[], T], source: str, fmt: str, settings: ImportSettings) -> T:
    """`read()` in a worker process, within the caps of `settings`; its result or its
    exception as if it ran here. A read that breaks a cap raises InvalidInput for `source`."""
    if _in_worker:
        return read()
    with _slots:
        worker = _take()
        healthy = False
        try:
            reply = worker.call(read, settings)
            healthy = reply[0] != "broken"
        finally:
            _give_back(worker, healthy)
    status, value, stats = reply
    _last.stats = stats
    if status == "ok":
        result: T = value
        return result
    if status == "raise":
        raise value
    raise bounded_error(source, fmt, settings)


def bounded_error(source: str, fmt: str, settings: ImportSettings) -> InvalidInput:
    """The one message for a read that broke a cap (killed, aborted or out of time)."""
    return InvalidInput(
        Msg(
            "read_bounded",
            seconds=f"{settings.max_seconds:g}",
            memory=_megabytes(settings.max_memory_mb),
            what=Msg(f"format_{fmt if fmt in FORMATS else 'file'}"),
        ),
        source=source,
    )


def _megabytes(mb: int) -> str:
    return f"{mb / 1024:g} GB" if mb >= 1024 and mb % 256 == 0 else f"{mb} MB"


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self) -> None:
        # Any: typeshed's BaseContext lacks Process; fork and forkserver contexts have it.
        context: Any = multiprocessing.get_context(_start_method())
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()
        self.conn: multiprocessing.connection.Connection = ours
        self.jobs = 0
        self.started = self.resting = 0  # resident bytes after the first read, after the last
        self.ready = False  # it has said it is up (its start does not count as a read's time)

    def call(self, read: Callable[[], Any], settings: ImportSettings) -> tuple[str, Any, Stats]:
        """("ok", result, stats), ("raise", exception, stats) or ("broken", None, stats)."""
        self.jobs += 1
        try:
            if not self.ready:
                # A new worker (the first of a forkserver imports the readers) may take a while
                # on a cold or busy machine: that is not the file's time.
                if not self.conn.poll(_START_SECONDS) or self.conn.recv() != _READY:
                    return "broken", None, Stats()
                self.ready = True
            self.conn.send((read, settings.max_memory_mb * 2**20))
            if not self.conn.poll(settings.max_seconds):
                return "broken", None, Stats(settings.max_seconds, 0)
            status, value, seconds, peak, resting = self.conn.recv()
        except (EOFError, OSError):  # it died: aborted, or killed by its cap
            return "broken", None, Stats()
        self.resting = resting
        if self.jobs == 1:
            self.started = resting
        if status == "raise":
            value = pickle.loads(value)
        return status, value, Stats(seconds, peak)

    def worn(self) -> bool:
        return self.jobs >= _JOBS_PER_WORKER or self.resting > self.started + _RESTING_GROWTH

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


_slots = threading.BoundedSemaphore(MAX_WORKERS)
_lock = threading.Lock()
_idle: list[_Worker] = []


def _take() -> _Worker:
    with _lock:
        while _idle:
            worker = _idle.pop()
            if worker.process.is_alive():
                return worker
            worker.stop()
    worker = _Worker()
    return worker


def _give_back(worker: _Worker, healthy: bool) -> None:
    if not healthy or worker.worn():
        worker.stop()
        return
    with _lock:
        _idle.append(worker)


def shutdown() -> None:
    """Stop the idle workers (a test or a benchmark that wants fresh ones)."""
    with _lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.stop()


def _start_method() -> str:
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return "forkserver"


# --- inside the worker -------------------------------------------------------------------


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """Read jobs until the parent hangs up; each under an address-space cap."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _quiet()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    conn.send(_READY)
    while True:
        try:
            read, allowance = conn.recv()
        except (EOFError, OSError):
            return
        _reset_peak()
        start = time.perf_counter()
        resource.setrlimit(resource.RLIMIT_AS, (_cap(_vm_bytes() + allowance, hard), hard))
        try:
            status, value = "ok", read()
        except MemoryError:
            status, value = "broken", None
        except BaseException as exc:  # every error goes back to the caller
            status, value = "raise", _pickled(exc)
        finally:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        conn.send((status, value, time.perf_counter() - start, _peak_bytes(), _rss_bytes()))
        if status == "broken":
            return  # a MemoryError may have left things half-built: a fresh worker reads next


def _quiet() -> None:
    """A parser that aborts writes its own panic (a Rust backtrace, a fault dump) to stderr:
    the caller shows one message instead, so the worker's stderr goes nowhere unless
    TOETSPLANNER_DEBUG asks for traces."""
    faulthandler.disable()
    if settings.debug():
        return
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 2)


def _cap(limit: int, hard: int) -> int:
    return limit if hard == resource.RLIM_INFINITY else min(limit, hard)


def _pickled(exc: BaseException) -> bytes:
    """The exception as the caller will raise it; one that cannot travel becomes a
    RuntimeError with the worker's traceback (a bug, shown as such)."""
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:  # any pickling failure
        text = "".join(traceback.format_exception(exc))
        return pickle.dumps(RuntimeError(f"in the reader's worker process:\n{text}"))


def _status_bytes(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def _vm_bytes() -> int:
    return _status_bytes("VmSize:")


def _rss_bytes() -> int:
    return _status_bytes("VmRSS:")


def _peak_bytes() -> int:
    return _status_bytes("VmHWM:")


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets the peak resident size (Linux 4.0+), so VmHWM is this
    # read's peak, not the worker's lifetime peak.
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
