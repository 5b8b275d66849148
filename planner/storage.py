"""The team store: plans, uploads merged per source, edits with history and undo, decisions.

SQLite by default (one file, WAL, foreign keys, `BEGIN IMMEDIATE` for writes, a busy timeout),
PostgreSQL when given a `postgresql+psycopg://` URL. The schema is versioned with Alembic
(`planner/migrations`): an older database is upgraded in place when opened, a newer one is
refused.

Every write is one transaction that first locks its plan (`BEGIN IMMEDIATE` on SQLite, `SELECT
... FOR UPDATE` on PostgreSQL) and records one row in `changes`. Plan rows (config, assessments,
memberships, decisions) are versioned: a row is written by change `valid_from` and replaced or
removed by change `valid_to`. So the plan at any earlier change is a query, and undo is a new
change that closes what the undone change wrote and writes back what it closed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from planner.check import CheckResult, check
from planner.config import SchoolConfig, parse_config
from planner.decisions import Decision, Review, Status, review
from planner.decisions import fingerprint as decision_fingerprint
from planner.errors import ConfigError, StorageError
from planner.i18n import Msg, check_lang
from planner.importers import drop_repeats_across_files, repeat_keys
from planner.model import COLUMNS, ImportProblem, Plan, empty_table, unify_groups

DEFAULT_URL = "sqlite:///toetsplanner.db"
HEAD = "0003"  # the newest migration in planner/migrations/versions (a test keeps them equal)
MIGRATIONS = Path(__file__).with_name("migrations")
Replace = Literal["file", "teacher"]
Clock = Callable[[], dt.datetime]

metadata = sa.MetaData()


def _versioned(name: str, *columns: sa.Column[Any]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("valid_from", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
        sa.Column("valid_to", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
        *columns,
    )


# The current schema, as the migrations build it (tests compare the two).
plans_t = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("copied_from", sa.Integer, sa.ForeignKey("plans.id", ondelete="SET NULL")),
)
changes_t = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("person", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("undoes", sa.Integer, sa.ForeignKey("changes.id"), nullable=True),
)
uploads_t = sa.Table(
    "uploads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("change_id", sa.Integer, sa.ForeignKey("changes.id"), nullable=False),
    sa.Column("what", sa.String(10), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("replace", sa.String(10), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("problems", sa.Text, nullable=False),
)
configs_t = _versioned("configs", sa.Column("toml", sa.Text, nullable=False))
assessments_t = _versioned(
    "assessments",
    sa.Column("assessment_id", sa.Text, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("start_time", sa.Text, nullable=False),
    sa.Column("end_time", sa.Text, nullable=False),
    sa.Column("period", sa.Integer, nullable=True),
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("weight", sa.Float, nullable=False),
    sa.Column("minutes", sa.Float, nullable=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("teacher", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("announced", sa.Date, nullable=True),
    sa.Column("locked", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_row", sa.Integer, nullable=False),
    sa.Column("owner", sa.Text, nullable=False),
)
memberships_t = _versioned(
    "memberships",
    sa.Column("pupil", sa.Text, nullable=False),
    sa.Column("group_name", sa.Text, nullable=False),
)
decisions_t = _versioned(
    "decisions",
    sa.Column("rule", sa.String(50), nullable=False),
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("pupil", sa.Text, nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("assessments", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
)
lessons_t = _versioned(
    "lessons",
    sa.Column("group_name", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("weekday", sa.Integer, nullable=False),
    sa.Column("period", sa.Text, nullable=False, server_default=""),
)
VERSIONED = (configs_t, assessments_t, memberships_t, decisions_t, lessons_t)
# The indexes the migrations create: what the live-row, per-source and history queries use.
sa.Index("ix_changes_plan_at", changes_t.c.plan_id, changes_t.c.at)
sa.Index("ix_uploads_plan", uploads_t.c.plan_id, uploads_t.c.file_name)
for _table in VERSIONED:
    sa.Index(f"ix_{_table.name}_live", _table.c.plan_id, _table.c.valid_to)
    if _table is not configs_t:
        sa.Index(f"ix_{_table.name}_from", _table.c.plan_id, _table.c.valid_from)
sa.Index("ix_assessments_source", *(assessments_t.c[n] for n in ("plan_id", "valid_to", "source")))
sa.Index("ix_assessments_owner", *(assessments_t.c[n] for n in ("plan_id", "valid_to", "owner")))
sa.Index("ix_assessments_id", assessments_t.c.plan_id, assessments_t.c.assessment_id)

# Canonical column -> database column, for the assessment table.
_DB_NAMES = {
    "id": "assessment_id",
    "start": "start_time",
    "end": "end_time",
    "group": "group_name",
    "row": "source_row",
}
_TEXT = ("id", "start", "end", "group", "subject", "kind", "title", "teacher", "notes", "source")
_CHUNK = 500  # ids per IN (...) list: well under SQLite's parameter limit


@dataclasses.dataclass(frozen=True, slots=True)
class PlanInfo:
    name: str
    created_at: dt.datetime
    created_by: str
    copied_from: str | None
    assessments: int
    pupils: int
    uploads: int
    changes: int
    last_change: dt.datetime


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """One recorded write: an upload, an edit, an undo, a decision, a new config."""

    id: int
    at: dt.datetime
    person: str
    action: str
    detail: dict[str, Any]
    undoes: int | None
    undone_by: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Upload:
    id: int
    change: int
    at: dt.datetime
    person: str
    what: str
    file_name: str
    sha256: str
    replace: str
    rows: int
    problems: tuple[ImportProblem, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class StoredPlan:
    """A plan as the store holds it at one change: everything `check` needs."""

    name: str
    change: int
    config: SchoolConfig
    config_toml: str
    plan: Plan
    members: pd.DataFrame | None
    decisions: tuple[Decision, ...]
    # The stored rows with their versions, before repeats across uploads are dropped: what
    # `Store.refresh` updates instead of reading the whole plan again.
    rows: pd.DataFrame = dataclasses.field(repr=False, default_factory=pd.DataFrame)

    def check(self, lang: str | None = None) -> tuple[CheckResult, Review]:
        """The check of this plan, and the team's decisions on its findings."""
        language = check_lang(lang or self.config.language)
        config = dataclasses.replace(self.config, language=language)
        result = check(self.plan, config, members=self.members, lang=language)
        return result, review(result.frame, self.decisions, self.plan.assessments)


@dataclasses.dataclass(frozen=True, slots=True)
class Edit:
    """One edit of the plan: `fields` for an existing id (a move is `{"date": ...}`), a whole
    row for a new test (`id` None), or `delete`."""

    id: str | None
    fields: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    delete: bool = False


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path)}"


def normalise_url(url: str | None) -> str:
    """A URL, or a plain file path meaning a SQLite file."""
    if not url:
        return DEFAULT_URL
    return url if "://" in url else sqlite_url(url)


def _owner(teacher: pd.Series, subject: pd.Series) -> pd.Series:
    """The key of a teacher's re-upload: their name and the subject, case-folded."""
    parts = [s.fillna("").astype("str").str.strip().str.casefold() for s in (teacher, subject)]
    return parts[0] + "\x1f" + parts[1]


class Store:
    """One database: open it with a URL (`sqlite:///file.db`, `postgresql+psycopg://...`)."""

    def __init__(self, url: str | None = None, *, clock: Clock = utc_now) -> None:
        self.url = normalise_url(url)
        self.clock = clock
        self.engine = _make_engine(self.url)
        self._check_schema()

    # -- schema ----------------------------------------------------------------------------

    def _check_schema(self) -> None:
        """Create or upgrade the schema; refuse a database written by a newer Toetsplanner."""
        try:
            current = self.revision()
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_open", reason=_reason(exc)), source=self.display) from None
        if current == HEAD:
            return
        if current is not None and current not in _known_revisions():
            raise StorageError(Msg("db_newer", found=current, known=HEAD), source=self.display)
        self.upgrade()

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            row = conn.execute(sa.text("SELECT version_num FROM alembic_version")).first()
            return None if row is None else str(row[0])

    def upgrade(self, target: str = "head") -> None:
        """Run the migrations up to `target` inside one write transaction (one process at a
        time: two teachers opening a new database at once must not both create it)."""
        from alembic import command
        from alembic.config import Config
        from alembic.util.exc import CommandError

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self._write_connection() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
        except (sa.exc.SQLAlchemyError, CommandError) as exc:
            raise StorageError(Msg("db_open", reason=_reason(exc)), source=self.display) from None

    @property
    def display(self) -> str:
        """The URL without a password, for messages."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _write_connection(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        """A consistent snapshot for several queries (SQLite: one read transaction in WAL;
        PostgreSQL: REPEATABLE READ, as READ COMMITTED gives each query its own snapshot)."""
        try:
            with self.engine.connect() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_read", reason=_reason(exc)), source=self.display) from None

    @contextlib.contextmanager
    def _change(
        self, plan: str, person: str, action: str, detail: Mapping[str, Any] | None = None
    ) -> Iterator[_Write]:
        """One write transaction on one plan, recorded as one change."""
        try:
            with self._write_connection() as conn:
                plan_id = self._lock_plan(conn, plan)
                change_id, at = self._record(conn, plan_id, person, action, detail or {})
                yield _Write(conn, plan_id, change_id, at, person.strip(), action)
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_write", reason=_reason(exc)), source=self.display) from None

    def _lock_plan(self, conn: Connection, plan: str) -> int:
        query = sa.select(plans_t.c.id).where(plans_t.c.name == plan)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        plan_id = conn.execute(query).scalar()
        if plan_id is None:
            raise StorageError(Msg("no_plan", plan=plan, known=self._plan_names(conn)))
        return int(plan_id)

    def _record(
        self, conn: Connection, plan_id: int, person: str, action: str, detail: Mapping[str, Any]
    ) -> tuple[int, dt.datetime]:
        person = person.strip()
        if not person:
            raise StorageError(Msg("no_person"))
        at = self.clock()
        result = conn.execute(
            changes_t.insert().values(
                plan_id=plan_id,
                at=at,
                person=person[:200],
                action=action,
                detail=json.dumps(dict(detail), ensure_ascii=False),
                undoes=detail.get("undoes"),
            )
        )
        return int(result.inserted_primary_key[0]), at  # type: ignore[index]

    @staticmethod
    def _plan_names(conn: Connection) -> str:
        names = conn.execute(sa.select(plans_t.c.name).order_by(plans_t.c.name)).scalars()
        return ", ".join(names) or "-"

    # -- plans -----------------------------------------------------------------------------

    def create_plan(
        self, name: str, *, person: str, config_toml: str = "", copy_of: str | None = None
    ) -> None:
        """A new plan with its school configuration (validated), or a what-if copy of another
        plan's current config, tests, memberships and decisions."""
        name = name.strip()
        if not name or len(name) > 200:
            raise StorageError(Msg("plan_name"))
        if copy_of is None:
            _parse_toml(config_toml, name)
        try:
            with self._write_connection() as conn:
                exists = conn.execute(sa.select(plans_t.c.id).where(plans_t.c.name == name))
                if exists.first() is not None:
                    raise StorageError(Msg("plan_exists", plan=name))
                source_id = self._lock_plan(conn, copy_of) if copy_of is not None else None
                plan_id = conn.execute(
                    plans_t.insert().values(
                        name=name,
                        created_at=self.clock(),
                        created_by=person.strip()[:200] or "?",
                        copied_from=source_id,
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
                action, detail = ("copy", {"from": copy_of}) if copy_of else ("create", {})
                change, _ = self._record(conn, plan_id, person, action, detail)
                if source_id is None:
                    conn.execute(
                        configs_t.insert().values(
                            plan_id=plan_id, valid_from=change, toml=config_toml
                        )
                    )
                    return
                for table in VERSIONED:
                    _copy_live(conn, table, source_id, plan_id, change)
        except sa.exc.IntegrityError:
            raise StorageError(Msg("plan_exists", plan=name)) from None
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_write", reason=_reason(exc)), source=self.display) from None

    def plans(self) -> list[PlanInfo]:
        with self._read() as conn:
            rows = conn.execute(sa.select(plans_t)).mappings().all()
            rows = sorted(rows, key=lambda r: str(r["name"]).casefold())
            names = {r["id"]: r["name"] for r in rows}
            counts: dict[str, dict[int, int]] = {}
            for table, key in ((assessments_t, "a"), (memberships_t, "m")):
                column = table.c.version if key == "a" else sa.distinct(table.c.pupil)
                query = (
                    sa.select(table.c.plan_id, sa.func.count(column))
                    .where(table.c.valid_to.is_(None))
                    .group_by(table.c.plan_id)
                )
                counts[key] = dict(conn.execute(query).all())
            uploads: dict[int, int] = dict(
                conn.execute(
                    sa.select(uploads_t.c.plan_id, sa.func.count()).group_by(uploads_t.c.plan_id)
                ).all()
            )
            changes = {
                r[0]: (r[1], r[2])
                for r in conn.execute(
                    sa.select(
                        changes_t.c.plan_id, sa.func.count(), sa.func.max(changes_t.c.at)
                    ).group_by(changes_t.c.plan_id)
                )
            }
        return [
            PlanInfo(
                name=r["name"],
                created_at=r["created_at"],
                created_by=r["created_by"],
                copied_from=names.get(r["copied_from"]),
                assessments=int(counts["a"].get(r["id"], 0)),
                pupils=int(counts["m"].get(r["id"], 0)),
                uploads=int(uploads.get(r["id"], 0)),
                changes=int(changes[r["id"]][0]),
                last_change=changes[r["id"]][1],
            )
            for r in rows
        ]

    def plan_names(self) -> list[str]:
        """The plans' names, sorted: what a plan chooser needs, without counting their rows."""
        with self._read() as conn:
            names = conn.execute(sa.select(plans_t.c.name)).scalars().all()
        return sorted(names, key=str.casefold)

    def has_plan(self, name: str) -> bool:
        with self._read() as conn:
            query = sa.select(plans_t.c.id).where(plans_t.c.name == name)
            return conn.execute(query).first() is not None

    def set_config(self, plan: str, config_toml: str, *, person: str) -> int:
        """Replace the plan's school.toml (validated first; the old one stays in history)."""
        _parse_toml(config_toml, plan)
        with self._change(plan, person, "config") as w:
            _close(w, configs_t, configs_t.c.valid_to.is_(None))
            w.conn.execute(
                configs_t.insert().values(plan_id=w.plan_id, valid_from=w.change, toml=config_toml)
            )
            return w.change

    # -- uploads ---------------------------------------------------------------------------

    def upload(
        self,
        plan: str,
        table: pd.DataFrame,
        *,
        file_name: str,
        person: str,
        content: bytes = b"",
        replace: Replace = "file",
        problems: Sequence[ImportProblem] = (),
    ) -> Change:
        """Store an uploaded plan file's rows, all or none.

        `replace="file"`: the rows of earlier uploads of this file name are replaced.
        `replace="teacher"`: for each (teacher, subject) in the upload, that teacher's rows of
        that subject are replaced, whichever file they came from. Other rows stay.
        """
        if replace not in ("file", "teacher"):
            raise ValueError(f"replace must be 'file' or 'teacher', not {replace!r}")
        table = table.assign(source=file_name) if not table.empty else table
        owners = _owner(table["teacher"], table["subject"]).unique().tolist()
        with self._change(plan, person, "upload") as w:
            live = assessments_t.c.valid_to.is_(None)
            if replace == "file":
                removed = _close(w, assessments_t, live & (assessments_t.c.source == file_name))
            else:
                removed = 0
                for chunk in _chunks(owners):
                    removed += _close(w, assessments_t, live & assessments_t.c.owner.in_(chunk))
            known = _live_groups(w)
            if not table.empty:
                table = table.assign(group=unify_groups(table["group"], known))
            _insert_assessments(w, table)
            w.conn.execute(
                uploads_t.insert().values(
                    plan_id=w.plan_id,
                    change_id=w.change,
                    what="plan",
                    file_name=file_name,
                    sha256=hashlib.sha256(content).hexdigest(),
                    replace=replace,
                    rows=len(table),
                    problems=_problems_json(problems),
                )
            )
            detail = {
                "file": file_name,
                "replace": replace,
                "added": len(table),
                "removed": removed,
                "problems": len(problems),
            }
            return w.finish(detail)

    def upload_members(
        self,
        plan: str,
        members: pd.DataFrame,
        *,
        file_name: str,
        person: str,
        content: bytes = b"",
        problems: Sequence[ImportProblem] = (),
    ) -> Change:
        """Replace the plan's memberships (pupil, group) with those of a members file."""
        rows = [
            {"pupil": p, "group_name": g}
            for p, g in zip(
                members["pupil"].astype("str"), members["group"].astype("str"), strict=True
            )
        ]
        return self._replace_all(
            plan, memberships_t, "members", rows, file_name, person, content, problems
        )

    def set_timetable(
        self,
        plan: str,
        lessons: pd.DataFrame,
        *,
        file_name: str,
        person: str,
        content: bytes = b"",
        problems: Sequence[ImportProblem] = (),
    ) -> Change:
        """Replace the plan's lesson timetable (group, subject, weekday 0-6, period)."""
        periods = lessons["period"] if "period" in lessons else pd.Series("", index=lessons.index)
        rows = [
            {"group_name": g, "subject": s, "weekday": int(d), "period": str(p or "")}
            for g, s, d, p in zip(
                lessons["group"].astype("str"), lessons["subject"].astype("str"),
                lessons["weekday"], periods.fillna("").astype("str"), strict=True,
            )
        ]  # fmt: skip
        return self._replace_all(
            plan, lessons_t, "timetable", rows, file_name, person, content, problems
        )

    def _replace_all(
        self,
        plan: str,
        table: sa.Table,
        what: str,
        rows: list[dict[str, Any]],
        file_name: str,
        person: str,
        content: bytes,
        problems: Sequence[ImportProblem],
    ) -> Change:
        """One file's rows replace all of a versioned table's live rows, as one change and
        one upload (what = the change's action)."""
        with self._change(plan, person, what) as w:
            removed = _close(w, table, table.c.valid_to.is_(None))
            records = [{"plan_id": w.plan_id, "valid_from": w.change, **r} for r in rows]
            if records:
                w.conn.execute(table.insert(), records)
            w.conn.execute(
                uploads_t.insert().values(
                    plan_id=w.plan_id,
                    change_id=w.change,
                    what=what,
                    file_name=file_name,
                    sha256=hashlib.sha256(content).hexdigest(),
                    replace="file",
                    rows=len(records),
                    problems=_problems_json(problems),
                )
            )
            detail = {
                "file": file_name,
                "added": len(records),
                "removed": removed,
                "problems": len(problems),
            }
            return w.finish(detail)

    def timetable(self, plan: str, at: int | dt.datetime | None = None) -> pd.DataFrame:
        """The plan's lesson timetable (group, subject, weekday 0-6, period); empty if none."""
        with self._read() as conn:
            plan_id = self._plan_id(conn, plan)
            change = self._resolve(conn, plan_id, plan, at)
            query = (
                sa.select(
                    lessons_t.c.group_name, lessons_t.c.subject, lessons_t.c.weekday,
                    lessons_t.c.period,
                )
                .where(_live(lessons_t, plan_id, change))
                .order_by(lessons_t.c.version)
            )  # fmt: skip
            rows = conn.execute(query).all()
        frame = pd.DataFrame(
            [tuple(r) for r in rows], columns=["group", "subject", "weekday", "period"]
        )
        return frame.astype({"group": "str", "subject": "str", "weekday": "int64", "period": "str"})

    def uploads(self, plan: str) -> list[Upload]:
        with self._read() as conn:
            plan_id = self._plan_id(conn, plan)
            query = (
                sa.select(uploads_t, changes_t.c.at, changes_t.c.person)
                .join(changes_t, changes_t.c.id == uploads_t.c.change_id)
                .where(uploads_t.c.plan_id == plan_id)
                .order_by(uploads_t.c.id)
            )
            rows = conn.execute(query).mappings().all()
        return [
            Upload(
                id=r["id"],
                change=r["change_id"],
                at=r["at"],
                person=r["person"],
                what=r["what"],
                file_name=r["file_name"],
                sha256=r["sha256"],
                replace=r["replace"],
                rows=r["rows"],
                problems=tuple(ImportProblem(**p) for p in json.loads(r["problems"])),
            )
            for r in rows
        ]

    # -- edits -----------------------------------------------------------------------------

    def edit(self, plan: str, edits: Sequence[Edit], *, person: str) -> Change:
        """Apply edits as one change: all of them or none. An id that is not in the plan (or
        twice in one file) is refused, so an edit never lands on the wrong test.

        A test that other files hold too (the plan shows it once) is edited in every file:
        moving only the row on screen would bring the other file's copy back on the old day."""
        if not edits:
            raise StorageError(Msg("no_edits"))
        action = _edit_action(edits)
        with self._change(plan, person, action) as w:
            config = _parse_toml(_live_config(w.conn, w.plan_id, None), plan)
            ids = [e.id for e in edits if e.id is not None]
            current = _rows_by_id(w, ids)
            copies = _copies_of(w, current)
            done: set[int] = set()  # versions edited, once each
            new_rows: list[dict[str, Any]] = []
            items = []
            for e in edits:
                if e.id is None:
                    row = _new_row(e.fields, config, person, f"e{w.change}-{len(new_rows) + 1}")
                    new_rows.append(row)
                    items.append({"id": row["id"], "before": None, "after": _brief(row)})
                    continue
                matches = current[current["id"] == e.id]
                if matches.empty or matches["source"].duplicated().any():
                    word = "no_assessment" if matches.empty else "ambiguous_assessment"
                    raise StorageError(Msg(word, id=e.id, plan=plan))
                first = int(matches["version"].iloc[0])
                if first in done:
                    continue  # already edited as a copy of another row of these edits
                rows = pd.concat([matches, copies.get(first, matches.iloc[:0])])
                rows = rows.drop_duplicates("version")
                item: dict[str, Any] = {"id": e.id}
                for n, (_, same) in enumerate(rows.iterrows()):
                    if int(same["version"]) in done:
                        continue
                    done.add(int(same["version"]))
                    before = {str(k): v for k, v in same.items()}
                    after = None if e.delete else _apply_fields(before, e.fields, config)
                    if after is not None:
                        new_rows.append(after)
                    if n == 0:
                        item.update(before=_brief(before), after=after and _brief(after))
                item["copies"] = len(rows) - 1
                items.append(item)
            for chunk in _chunks(sorted(done)):
                _close(w, assessments_t, assessments_t.c.version.in_(chunk))
            if new_rows:
                frame = pd.DataFrame(new_rows)
                frame["group"] = unify_groups(frame["group"].astype("str"), _live_groups(w))
                _insert_assessments(w, frame)
            detail = {"edits": items}
            return w.finish(detail)

    def move(self, plan: str, assessment_id: str, day: dt.date, *, person: str) -> Change:
        return self.edit(plan, [Edit(assessment_id, {"date": day})], person=person)

    def add(self, plan: str, row: Mapping[str, Any], *, person: str) -> Change:
        return self.edit(plan, [Edit(None, row)], person=person)

    def delete(self, plan: str, assessment_id: str, *, person: str) -> Change:
        return self.edit(plan, [Edit(assessment_id, delete=True)], person=person)

    def undo(self, plan: str, change_id: int, *, person: str) -> Change:
        """Undo one change (an upload, an edit, a decision, a config, even an undo) by a new
        change. Refused when a later change already replaced what it wrote."""
        with self._change(plan, person, "undo", {"undoes": change_id}) as w:
            target = w.conn.execute(
                sa.select(changes_t.c.action).where(
                    (changes_t.c.id == change_id)
                    & (changes_t.c.plan_id == w.plan_id)
                    & (changes_t.c.id < w.change)
                )
            ).scalar()
            if target is None:
                raise StorageError(Msg("no_change", change=change_id, plan=plan))
            if target in ("create", "copy"):
                raise StorageError(Msg("undo_create", change=change_id))
            for table in VERSIONED:
                later = w.conn.execute(
                    sa.select(sa.func.min(table.c.valid_to)).where(
                        (table.c.plan_id == w.plan_id)
                        & (table.c.valid_from == change_id)
                        & table.c.valid_to.is_not(None)
                    )
                ).scalar()
                if later is not None:
                    raise StorageError(Msg("undo_conflict", change=change_id, later=later))
            counts = {}
            for table in VERSIONED:
                undone = _close(
                    w, table, (table.c.valid_from == change_id) & table.c.valid_to.is_(None)
                )
                restored = _copy_rows(w, table, table.c.valid_to == change_id)
                if undone or restored:
                    counts[table.name] = {"removed": undone, "restored": restored}
            detail = {"undoes": change_id, "action": target, "tables": counts}
            return w.finish(detail)

    # -- decisions -------------------------------------------------------------------------

    def decide(
        self,
        plan: str,
        *,
        rule: str,
        group: str,
        pupil: str | None,
        start: dt.date,
        end: dt.date,
        assessments: Sequence[str],
        status: Status | str,
        note: str = "",
        person: str,
    ) -> Change:
        """Record the team's decision on one finding; a new decision on the same finding
        replaces the earlier one (which stays in history)."""
        status = Status(status)
        with self._change(plan, person, "decide") as w:
            table = _live_table(w.conn, w.plan_id, None, ids=list(assessments))
            same = (
                (decisions_t.c.valid_to.is_(None))
                & (decisions_t.c.rule == rule)
                & (decisions_t.c.group_name == group)
                & (decisions_t.c.pupil == (pupil or ""))
                & (decisions_t.c.start == start)
                & (decisions_t.c.end == end)
            )
            _close(w, decisions_t, same)
            w.conn.execute(
                decisions_t.insert().values(
                    plan_id=w.plan_id,
                    valid_from=w.change,
                    rule=rule,
                    group_name=group,
                    pupil=pupil or "",
                    start=start,
                    end=end,
                    status=str(status),
                    note=note,
                    assessments=json.dumps(list(assessments)),
                    fingerprint=decision_fingerprint(list(assessments), table),
                )
            )
            detail = {
                "rule": rule,
                "group": group,
                "pupil": pupil,
                "start": start.isoformat(),
                "status": str(status),
                "note": note,
            }
            return w.finish(detail)

    # -- reading ---------------------------------------------------------------------------

    def load(self, plan: str, at: int | dt.datetime | None = None) -> StoredPlan:
        """The plan now, or as it was at change `at` (an id) or moment `at` (UTC)."""
        with self._read() as conn:
            plan_id = self._plan_id(conn, plan)
            change = self._resolve(conn, plan_id, plan, at)
            rows = _live_table(conn, plan_id, change, versions=True)
            members = _live_members(conn, plan_id, change)
            return self._stored(conn, plan, plan_id, change, rows, members)

    def latest_change(self, plan: str) -> int:
        """The id of the plan's newest change: what a cache of the plan is keyed on."""
        with self._read() as conn:
            plan_id = self._plan_id(conn, plan)
            return self._resolve(conn, plan_id, plan, None)

    def config_of(self, plan: str) -> tuple[str, SchoolConfig]:
        """The plan's school.toml now, as text and validated, without reading its tests."""
        with self._read() as conn:
            toml = _live_config(conn, self._plan_id(conn, plan), None)
        return toml, _parse_toml(toml, plan)

    def refresh(self, previous: StoredPlan) -> StoredPlan:
        """The plan now, from an earlier `load` of it: only the rows written or replaced since
        are read (a dashboard that shows the shared plan stays current cheaply). Equal to
        `load(previous.name)`."""
        with self._read() as conn:
            plan_id = self._plan_id(conn, previous.name)
            change = self._resolve(conn, plan_id, previous.name, None)
            if change == previous.change:
                return previous
            since = previous.change
            closed = sa.select(assessments_t.c.version).where(
                (assessments_t.c.plan_id == plan_id)
                & (assessments_t.c.valid_from <= since)
                & (assessments_t.c.valid_to > since)
            )
            gone = set(conn.execute(closed).scalars())
            old = previous.rows
            rows = pd.concat(
                [
                    old[~old["version"].isin(gone)],
                    _live_table(conn, plan_id, None, versions=True, since=since),
                ],
                ignore_index=True,
            )
            touched = sa.select(sa.func.count()).where(
                (memberships_t.c.plan_id == plan_id)
                & ((memberships_t.c.valid_from > since) | (memberships_t.c.valid_to > since))
            )
            members = (
                _live_members(conn, plan_id, change)
                if conn.execute(touched).scalar()
                else previous.members
            )
            return self._stored(conn, previous.name, plan_id, change, rows, members)

    def _stored(
        self,
        conn: Connection,
        plan: str,
        plan_id: int,
        change: int,
        rows: pd.DataFrame,
        members: pd.DataFrame | None,
    ) -> StoredPlan:
        toml = _live_config(conn, plan_id, change)
        config = _parse_toml(toml, plan)
        decisions = _live_decisions(conn, plan_id, change)
        problems = _problems_at(conn, plan_id, change)
        # As when the files are checked together: a test that two uploads hold counts once.
        table, repeated = drop_repeats_across_files(rows.drop(columns="version"), config.language)
        return StoredPlan(
            name=plan,
            change=change,
            config=config,
            config_toml=toml,
            plan=Plan(assessments=table, problems=problems + repeated),
            members=members,
            decisions=decisions,
            rows=rows,
        )

    def history(self, plan: str, limit: int | None = None) -> list[Change]:
        """The plan's changes, newest first."""
        with self._read() as conn:
            plan_id = self._plan_id(conn, plan)
            query = (
                sa.select(changes_t)
                .where(changes_t.c.plan_id == plan_id)
                .order_by(changes_t.c.id.desc())
                .limit(limit)
            )
            rows = conn.execute(query).mappings().all()
            undone = dict(
                conn.execute(
                    sa.select(changes_t.c.undoes, sa.func.max(changes_t.c.id))
                    .where((changes_t.c.plan_id == plan_id) & changes_t.c.undoes.is_not(None))
                    .group_by(changes_t.c.undoes)
                ).all()
            )
        return [
            Change(
                id=r["id"],
                at=r["at"],
                person=r["person"],
                action=r["action"],
                detail=json.loads(r["detail"]),
                undoes=r["undoes"],
                undone_by=undone.get(r["id"]),
            )
            for r in rows
        ]

    def _plan_id(self, conn: Connection, plan: str) -> int:
        plan_id = conn.execute(sa.select(plans_t.c.id).where(plans_t.c.name == plan)).scalar()
        if plan_id is None:
            raise StorageError(Msg("no_plan", plan=plan, known=self._plan_names(conn)))
        return int(plan_id)

    def _resolve(
        self, conn: Connection, plan_id: int, plan: str, at: int | dt.datetime | None
    ) -> int:
        """The change id the plan is read at: the newest, a given id, or the last before a
        moment."""
        where = changes_t.c.plan_id == plan_id
        if isinstance(at, dt.datetime):
            where = where & (changes_t.c.at <= at)
        elif at is not None:
            where = where & (changes_t.c.id <= at)
        change = conn.execute(sa.select(sa.func.max(changes_t.c.id)).where(where)).scalar()
        if change is None:
            raise StorageError(Msg("before_plan", plan=plan, at=str(at)))
        return int(change)


@dataclasses.dataclass(slots=True)
class _Write:
    """The open transaction of one change."""

    conn: Connection
    plan_id: int
    change: int
    at: dt.datetime
    person: str
    action: str

    def finish(self, detail: Mapping[str, Any]) -> Change:
        """Record what the change did (history shows it without reading the rows back)."""
        self.conn.execute(
            changes_t.update()
            .where(changes_t.c.id == self.change)
            .values(detail=json.dumps(dict(detail), ensure_ascii=False, default=str))
        )
        return Change(
            self.change, self.at, self.person, self.action, dict(detail), detail.get("undoes")
        )


# -- engine ---------------------------------------------------------------------------------


def _make_engine(url: str) -> Engine:
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


def _known_revisions() -> set[str]:
    return {p.stem.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__


# -- versioned rows -------------------------------------------------------------------------


def _close(w: _Write, table: sa.Table, where: sa.ColumnElement[bool]) -> int:
    """Mark rows as replaced or removed by this change; returns how many."""
    result = w.conn.execute(
        table.update().where((table.c.plan_id == w.plan_id) & where).values(valid_to=w.change)
    )
    return int(result.rowcount)


def _copy_rows(w: _Write, table: sa.Table, where: sa.ColumnElement[bool]) -> int:
    """Write rows again as current rows of this change (undo brings back what was closed)."""
    data = [c for c in table.c if c.name not in ("version", "plan_id", "valid_from", "valid_to")]
    select = sa.select(sa.literal(w.plan_id), sa.literal(w.change), *data).where(
        (table.c.plan_id == w.plan_id) & where
    )
    names = ["plan_id", "valid_from", *(c.name for c in data)]
    result = w.conn.execute(table.insert().from_select(names, select))
    return int(result.rowcount)


def _copy_live(conn: Connection, table: sa.Table, source: int, target: int, change: int) -> None:
    data = [c for c in table.c if c.name not in ("version", "plan_id", "valid_from", "valid_to")]
    select = sa.select(sa.literal(target), sa.literal(change), *data).where(
        (table.c.plan_id == source) & table.c.valid_to.is_(None)
    )
    names = ["plan_id", "valid_from", *(c.name for c in data)]
    conn.execute(table.insert().from_select(names, select))


def _live(table: sa.Table, plan_id: int, change: int | None) -> sa.ColumnElement[bool]:
    """Rows of the plan current at `change` (None: now)."""
    if change is None:
        return (table.c.plan_id == plan_id) & table.c.valid_to.is_(None)
    return (
        (table.c.plan_id == plan_id)
        & (table.c.valid_from <= change)
        & (table.c.valid_to.is_(None) | (table.c.valid_to > change))
    )


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _parse_toml(text: str, plan: str) -> SchoolConfig:
    source = f"school.toml ({plan})"
    try:
        return parse_config(tomllib.loads(text), source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Msg("bad_toml", reason=str(exc)), source=source) from None


def _live_config(conn: Connection, plan_id: int, change: int | None) -> str:
    query = sa.select(configs_t.c.toml).where(_live(configs_t, plan_id, change))
    return str(conn.execute(query.order_by(configs_t.c.version.desc())).scalar() or "")


def _live_groups(w: _Write) -> pd.Series:
    query = (
        sa.select(assessments_t.c.group_name)
        .where(_live(assessments_t, w.plan_id, None))
        .distinct()
    )
    return pd.Series(w.conn.execute(query).scalars().all(), dtype="str")


# Dates and flags come back as the driver gives them (ISO text and 0/1 on SQLite, date and
# bool on PostgreSQL) and are converted a column at a time in _to_table, not a value at a time.
_RAW = {"date": sa.String, "announced": sa.String, "locked": sa.Integer}
_SELECT_COLUMNS = [assessments_t.c.version] + [
    sa.type_coerce(assessments_t.c[_DB_NAMES.get(c, c)], _RAW[c]).label(c)
    if c in _RAW
    else assessments_t.c[_DB_NAMES.get(c, c)].label(c)
    for c in COLUMNS
]


def _live_table(
    conn: Connection,
    plan_id: int,
    change: int | None,
    ids: Sequence[str] | None = None,
    *,
    versions: bool = False,
    since: int | None = None,
) -> pd.DataFrame:
    """The canonical assessment table at `change`, in the order it was stored (`versions`:
    with the `version` column; `since`: only rows written after that change)."""
    where = _live(assessments_t, plan_id, change)
    if ids is not None:
        where = where & assessments_t.c.assessment_id.in_(list(ids))
    if since is not None:
        where = where & (assessments_t.c.valid_from > since)
    query = sa.select(*_SELECT_COLUMNS).where(where).order_by(assessments_t.c.version)
    table = _to_table(conn.execute(query).all(), ["version", *COLUMNS])
    return table if versions else table.drop(columns="version")


def _rows_by_id(w: _Write, ids: Sequence[str]) -> pd.DataFrame:
    frames = []
    for chunk in _chunks(list(dict.fromkeys(ids))):
        where = _live(assessments_t, w.plan_id, None) & assessments_t.c.assessment_id.in_(chunk)
        rows = w.conn.execute(sa.select(*_SELECT_COLUMNS).where(where)).all()
        frames.append(_to_table(rows, ["version", *COLUMNS]))
    if not frames:
        return _to_table([], ["version", *COLUMNS])
    return pd.concat(frames, ignore_index=True)


def _copies_of(w: _Write, rows: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """For each row (by version), the live rows of other files that hold the same test: the
    same id, or the same group, subject, kind and date (as `drop_repeats_across_files`)."""
    if rows.empty:
        return {}
    days = sorted({d.date() for d in rows["date"]})
    ids = rows["id"].unique().tolist()
    live = _live(assessments_t, w.plan_id, None)
    found = []
    for chunk in _chunks(days):
        query = sa.select(*_SELECT_COLUMNS).where(live & assessments_t.c.date.in_(chunk))
        found.append(_to_table(w.conn.execute(query).all(), ["version", *COLUMNS]))
    for chunk in _chunks(ids):
        query = sa.select(*_SELECT_COLUMNS).where(live & assessments_t.c.assessment_id.in_(chunk))
        found.append(_to_table(w.conn.execute(query).all(), ["version", *COLUMNS]))
    candidates = pd.concat(found, ignore_index=True).drop_duplicates("version")
    keys = repeat_keys(candidates).apply(tuple, axis=1)
    mine = repeat_keys(rows).apply(tuple, axis=1)
    out = {}
    for key, (_, row) in zip(mine, rows.iterrows(), strict=True):
        same = (keys == key) | (candidates["id"] == row["id"])
        other = same & (candidates["source"] != row["source"])
        if other.any():
            out[int(row["version"])] = candidates[other.to_numpy()]
    return out


def _to_table(rows: Sequence[Any], names: list[str]) -> pd.DataFrame:
    """Database rows -> the canonical table with its dtypes (see model.empty_table)."""
    if not rows:
        frame = empty_table()
        if "version" in names:
            frame.insert(0, "version", pd.Series([], dtype="int64"))
        return frame
    # Column-wise from the row tuples (DataFrame.from_records probes each Row object).
    columns = zip(*rows, strict=True)
    raw = {n: pd.Series(c, dtype="object") for n, c in zip(names, columns, strict=True)}
    frame = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    if "version" in names:
        frame["version"] = raw["version"].astype("int64")
    for name in COLUMNS:
        column = raw[name]
        if name in ("date", "announced"):
            frame[name] = pd.to_datetime(column.astype("str"), format="%Y-%m-%d", errors="coerce")
            frame[name] = frame[name].astype("datetime64[us]")
        elif name == "period":
            frame[name] = pd.array(column.tolist(), dtype="Int64")
        elif name in ("weight", "minutes"):
            frame[name] = column.astype("float64")
        elif name == "locked":
            frame[name] = column.astype("bool")
        elif name == "row":
            frame[name] = column.astype("int64")
        else:
            frame[name] = column.astype("str")
    return frame[names]


def _insert_assessments(w: _Write, table: pd.DataFrame) -> None:
    if table.empty:
        return
    table = table.reset_index(drop=True)
    records: dict[str, list[Any]] = {
        "plan_id": [w.plan_id] * len(table),
        "valid_from": [w.change] * len(table),
    }
    for col in _TEXT:
        # PostgreSQL text cannot hold NUL; no plan needs one.
        text = table[col].fillna("").astype("str").str.replace("\x00", "", regex=False)
        records[_DB_NAMES.get(col, col)] = text.tolist()
    # A missing date reaches the database as NULL, which refuses it (and the whole upload).
    records["date"] = [None if pd.isna(d) else d.date() for d in pd.to_datetime(table["date"])]
    announced = pd.to_datetime(table["announced"])
    records["announced"] = [None if pd.isna(d) else d.date() for d in announced]
    records["period"] = [None if pd.isna(v) else int(v) for v in table["period"]]
    records["weight"] = table["weight"].astype("float64").tolist()
    records["minutes"] = [None if pd.isna(v) else float(v) for v in table["minutes"]]
    records["locked"] = table["locked"].astype("bool").tolist()
    records["source_row"] = table["row"].astype("int64").tolist()
    records["owner"] = _owner(table["teacher"], table["subject"]).tolist()
    keys = list(records)
    rows = [dict(zip(keys, values, strict=True)) for values in zip(*records.values(), strict=True)]
    w.conn.execute(assessments_t.insert(), rows)


def _live_members(conn: Connection, plan_id: int, change: int | None) -> pd.DataFrame | None:
    query = (
        sa.select(memberships_t.c.pupil, memberships_t.c.group_name)
        .where(_live(memberships_t, plan_id, change))
        .order_by(memberships_t.c.version)
    )
    rows = conn.execute(query).all()
    if not rows:
        return None
    pupils, groups = zip(*rows, strict=True)
    return pd.DataFrame(
        {"pupil": pd.Series(pupils, dtype="str"), "group": pd.Series(groups, dtype="str")}
    )


def _live_decisions(conn: Connection, plan_id: int, change: int | None) -> tuple[Decision, ...]:
    query = (
        sa.select(decisions_t, changes_t.c.person, changes_t.c.at)
        .join(changes_t, changes_t.c.id == decisions_t.c.valid_from)
        .where(_live(decisions_t, plan_id, change))
        .order_by(decisions_t.c.version)
    )
    return tuple(
        Decision(
            rule=r["rule"],
            group=r["group_name"],
            pupil=r["pupil"] or None,
            start=r["start"],
            end=r["end"],
            status=Status(r["status"]),
            note=r["note"],
            assessments=tuple(json.loads(r["assessments"])),
            fingerprint=r["fingerprint"],
            person=r["person"],
            at=r["at"],
        )
        for r in conn.execute(query).mappings()
    )


def _problems_json(problems: Iterable[ImportProblem]) -> str:
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False)


def _problems_at(conn: Connection, plan_id: int, change: int) -> list[ImportProblem]:
    """The import problems of the last upload of each file up to `change`."""
    latest = (
        sa.select(sa.func.max(uploads_t.c.id))
        .where((uploads_t.c.plan_id == plan_id) & (uploads_t.c.change_id <= change))
        .group_by(uploads_t.c.what, uploads_t.c.file_name)
    )
    query = sa.select(uploads_t.c.problems).where(uploads_t.c.id.in_(latest))
    query = query.order_by(uploads_t.c.id)
    return [ImportProblem(**p) for text in conn.execute(query).scalars() for p in json.loads(text)]


# -- edits ----------------------------------------------------------------------------------


def _edit_action(edits: Sequence[Edit]) -> str:
    if len(edits) > 1:
        return "edit"
    e = edits[0]
    if e.delete:
        return "delete"
    if e.id is None:
        return "add"
    return "move" if set(e.fields) == {"date"} else "edit"


_EDITABLE = frozenset(COLUMNS) - {"id", "source", "row"}


def _apply_fields(
    before: Mapping[str, Any], fields: Mapping[str, Any], config: SchoolConfig
) -> dict[str, Any]:
    unknown = sorted(set(fields) - _EDITABLE)
    if unknown:
        raise StorageError(Msg("edit_field", fields=", ".join(unknown)))
    row = {c: before.get(c) for c in COLUMNS}
    for key, value in fields.items():
        row[key] = _edit_value(key, value, config)
    if "kind" in fields and "weight" not in fields and before.get("kind"):
        row["weight"] = config.kinds[str(row["kind"])].weight
    return row


def _edit_value(key: str, value: Any, config: SchoolConfig) -> Any:
    if key in ("date", "announced"):
        if value is None or value == "":
            if key == "date":
                raise StorageError(Msg("edit_value", field=key, value=str(value)))
            return pd.NaT
        try:
            return pd.Timestamp(value).normalize()
        except (ValueError, TypeError):
            raise StorageError(Msg("edit_value", field=key, value=str(value))) from None
    if key == "kind":
        kind = config.kind_lookup().get(str(value).strip().casefold())
        if kind is None:
            raise StorageError(Msg("edit_value", field=key, value=str(value)))
        return kind
    if key in ("weight", "minutes", "period"):
        try:
            number = None if value is None or value == "" else float(value)
        except (ValueError, TypeError):
            raise StorageError(Msg("edit_value", field=key, value=str(value))) from None
        if number is not None and number < 0:
            raise StorageError(Msg("edit_value", field=key, value=str(value)))
        if key == "weight" and number is None:
            raise StorageError(Msg("edit_value", field=key, value=str(value)))
        return number
    if key == "locked":
        return bool(value)
    text = "" if value is None else str(value).strip()
    if key in ("group", "subject") and not text:
        raise StorageError(Msg("edit_value", field=key, value=text))
    return text


def hand_added_row(
    row_id: str, person: str, fields: Mapping[str, Any], config: SchoolConfig
) -> dict[str, Any]:
    """A test added by hand, as the store keeps it: the (validated) fields over blanks, the
    person as its source, its kind's weight unless one is given. The editor's draft uses it
    too, so that a draft and the saved plan are the same."""
    row: dict[str, Any] = {
        "id": row_id,
        "start": "",
        "end": "",
        "period": None,
        "weight": None,
        "minutes": None,
        "title": "",
        "teacher": "",
        "notes": "",
        "announced": pd.NaT,
        "locked": False,
        "source": f"({person.strip()})",
        "row": 0,
    }
    row.update(fields)
    if row["weight"] is None:
        row["weight"] = config.kinds[str(row["kind"])].weight
    return row


def _new_row(
    fields: Mapping[str, Any], config: SchoolConfig, person: str, key: str
) -> dict[str, Any]:
    """A test added by hand; its id (when not given) is `key`, unique to this change."""
    missing = [c for c in ("date", "group", "subject", "kind") if c not in fields]
    if missing:
        raise StorageError(Msg("edit_missing", fields=", ".join(missing)))
    given = {k: v for k, v in fields.items() if k != "id"}
    validated = _apply_fields({}, given, config)
    row_id = str(fields.get("id") or "").strip() or key
    return hand_added_row(row_id, person, {k: validated[k] for k in given}, config)


def _brief(row: Mapping[str, Any]) -> dict[str, Any]:
    """What history shows of a test: enough to say 'wiskunde 2A from di 10 mrt to do 12 mrt'."""
    date = row.get("date")
    return {
        "date": pd.Timestamp(date).date().isoformat() if date is not None else None,
        "group": row.get("group"),
        "subject": row.get("subject"),
        "kind": row.get("kind"),
        "title": row.get("title") or "",
    }
