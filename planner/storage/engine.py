"""Opening a database: URLs, the engine, SQLite's pragmas and write locks, and error reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from planner.errors import StorageError
from planner.i18n import Msg
from planner.storage.schema import MIGRATIONS

DEFAULT_URL = "sqlite:///toetsplanner.db"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def normalise_url(url: str | None) -> str:
    """A URL, or a plain file path meaning a SQLite file."""
    if not url:
        return DEFAULT_URL
    return url if "://" in url else sqlite_url(url)


def make_engine(url: str) -> Engine:
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise StorageError(Msg("db_url"), value=url) from None
    if parsed.get_backend_name() == "sqlite":
        memory = parsed.database in (None, "", ":memory:")
        if not memory:
            folder = Path(str(parsed.database)).expanduser().resolve().parent
            if not folder.is_dir():
                raise StorageError(Msg("db_folder", folder=str(folder)), value=url)
        engine = sa.create_engine(
            url,
            # pysqlite's timeout is SQLite's busy timeout: a writer waits for another's commit.
            connect_args={"timeout": 60, "check_same_thread": False},
            poolclass=StaticPool if memory else None,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            return sa.create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError:
            raise StorageError(Msg("db_driver", extra="postgres")) from None
    raise StorageError(Msg("db_url"), value=url)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # We issue BEGIN ourselves (see _sqlite_begin): pysqlite's implicit transactions would
    # start a deferred one, which can fail halfway on a lock instead of waiting at the start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write takes the write lock at its start, so it either waits its turn (busy timeout) or
    # runs; reads start a snapshot and never block the writer (WAL).
    write = conn.get_execution_options().get("write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def known_revisions() -> set[str]:
    return {p.stem.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__
