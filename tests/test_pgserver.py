"""The PostgreSQL server the tests start themselves (tests/pgserver.py, fixtures in conftest.py).

Skipped, with the reason, where no server can be installed or started."""

from __future__ import annotations

import pgserver
import pytest
import sqlalchemy as sa

from planner.storage import HEAD, Store


def tables(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_server_answers_through_sqlalchemy_and_psycopg(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    engine = sa.create_engine(postgres_url)
    try:
        assert engine.dialect.driver == "psycopg"
        with engine.connect() as conn:
            version = conn.execute(sa.text("SELECT version()")).scalar_one()
            encoding = conn.execute(sa.text("SHOW server_encoding")).scalar_one()
    finally:
        engine.dispose()
    assert version.startswith("PostgreSQL ")
    assert encoding == "UTF8"


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_empty_database(postgres_db_url: str, run: int) -> None:
    """Both runs create the same table: each would fail if it saw the other's database."""
    assert tables(postgres_db_url) == []
    engine = sa.create_engine(postgres_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE marker (run integer)"))
            conn.execute(sa.text("INSERT INTO marker VALUES (:run)"), {"run": run})
    finally:
        engine.dispose()
    assert tables(postgres_db_url) == ["marker"]


def test_databases_are_separate(
    postgres_server: pgserver.Server, postgres_url: str, postgres_db_url: str
) -> None:
    other = postgres_server.create_database()
    assert len({postgres_url, postgres_db_url, other}) == 3
    engine = sa.create_engine(postgres_db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE only_here (x integer)"))
    finally:
        engine.dispose()
    assert tables(postgres_db_url) == ["only_here"]
    assert tables(other) == []
    assert "only_here" not in tables(postgres_url)


def test_store_on_postgres(postgres_db_url: str) -> None:
    with Store(postgres_db_url) as store:
        assert store.engine.dialect.name == "postgresql"
        assert store.revision() == HEAD
        store.create_plan("p", person="Anna", config_toml="")
        [info] = store.plans()
        assert (info.name, info.created_by, info.changes, info.assessments) == ("p", "Anna", 1, 0)
    with Store(postgres_db_url) as again:  # the schema is at head: opened without migrating
        assert again.revision() == HEAD
        assert [p.name for p in again.plans()] == ["p"]
        assert again.has_plan("p")


def test_start_failure_reports_the_server_log(
    postgres_server: pgserver.Server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A second server on a cluster that already runs fails, and says why (its log's tail)."""
    folder = tmp_path_factory.mktemp("second")
    second = pgserver.Server(postgres_server.binaries, postgres_server.folder, port=0)
    with pytest.raises(pgserver.ServerError, match="pg_ctl start failed") as raised:
        pgserver._start(second, folder, attempts=1)
    assert "server log" in str(raised.value)
    assert "postmaster.pid" in str(raised.value)  # from the log: another server holds the folder


def test_reason_when_postgresql_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pgserver, "find_binaries", lambda: None)
    reason = pgserver.unavailable_reason()
    assert reason is not None
    assert "initdb" in reason
    assert "postgresql" in reason
