"""The `Store` API: open a database, and read and write plans, each write one change."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.config import SchoolConfig
from planner.decisions import Status
from planner.decisions import fingerprint as decision_fingerprint
from planner.edits import Edit, Refused, apply_fields, brief, edit_action, new_row
from planner.errors import StorageError
from planner.i18n import Msg
from planner.importers import drop_repeats_across_files
from planner.model import ImportProblem, Plan, unify_groups
from planner.storage.engine import known_revisions, make_engine, normalise_url, reason
from planner.storage.feeds import FeedMethods
from planner.storage.plans import (
    check_new_plan,
    make_plan,
    new_plan_name,
    plan_for_write,
    refuse_fewer_rows,
)
from planner.storage.records import Change, PlanInfo, StoredPlan, Upload
from planner.storage.rows import (
    chunks,
    copies_of,
    insert_assessments,
    live_config,
    live_decisions,
    live_groups,
    live_lessons,
    live_members,
    live_table,
    owner,
    parse_toml,
    problems_at,
    problems_from_json,
    record_upload,
    rows_by_id,
)
from planner.storage.schema import (
    HEAD,
    MIGRATIONS,
    assessments_t,
    changes_t,
    configs_t,
    decisions_t,
    lessons_t,
    memberships_t,
    plans_t,
    uploads_t,
)
from planner.storage.versions import (
    Write,
    close_rows,
    plan_id_of,
    record_change,
    resolve,
    undo_change,
)

Replace = Literal["file", "teacher"]
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store(FeedMethods):
    """One database: open it with a URL (`sqlite:///file.db`, `postgresql+psycopg://...`)."""

    def __init__(self, url: str | None = None, *, clock: Clock = utc_now) -> None:
        self.url = normalise_url(url)
        self.clock = clock
        self.engine = make_engine(self.url)
        self._check_schema()

    # -- schema ----------------------------------------------------------------------------

    def _check_schema(self) -> None:
        """Create or upgrade the schema; refuse a database written by a newer Toetsplanner."""
        try:
            current = self.revision()
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_open", reason=reason(exc)), source=self.display) from None
        if current == HEAD:
            return
        if current is not None and current not in known_revisions():
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
            raise StorageError(Msg("db_open", reason=reason(exc)), source=self.display) from None

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
            raise StorageError(Msg("db_read", reason=reason(exc)), source=self.display) from None

    @contextlib.contextmanager
    def _change(
        self, plan: str, person: str, action: str, create: str | None = None
    ) -> Iterator[Write]:
        """One write transaction on one plan, recorded as one change. With `create` (its
        school.toml) a plan that does not exist yet is made in the same transaction."""
        if create is not None:
            plan = check_new_plan(plan, create)
        try:
            with self._write_connection() as conn:
                at = self.clock()
                plan_id, created = plan_for_write(conn, plan, person=person, at=at, create=create)
                change_id = record_change(conn, plan_id, person, action, {}, at)
                yield Write(conn, plan_id, change_id, at, person.strip(), action, created)
        except Refused as refused:  # an edit of this change: nothing of it is written
            raise _refusal(refused) from None
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_write", reason=reason(exc)), source=self.display) from None

    # -- plans -----------------------------------------------------------------------------

    def create_plan(
        self,
        name: str,
        *,
        person: str,
        config_toml: str = "",
        copy_of: str | None = None,
        exist_ok: bool = False,
    ) -> bool:
        """A new plan with its school configuration (validated), or a what-if copy of another
        plan's current config, tests, memberships and decisions. A plan of that name is
        refused, or with `exist_ok` left as it is: whether this call made the plan."""
        name = new_plan_name(name) if copy_of else check_new_plan(name, config_toml)
        try:
            with self._write_connection() as conn:
                source = (
                    None if copy_of is None else (plan_id_of(conn, copy_of, lock=True), copy_of)
                )
                made = make_plan(
                    conn, name, person=person, at=self.clock(), config_toml=config_toml,
                    copy_of=source,
                )  # fmt: skip
                if made is None and not exist_ok:
                    raise StorageError(Msg("plan_exists", plan=name))
                return made is not None
        except sa.exc.SQLAlchemyError as exc:
            raise StorageError(Msg("db_write", reason=reason(exc)), source=self.display) from None

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
        parse_toml(config_toml, plan)
        with self._change(plan, person, "config") as w:
            close_rows(w, configs_t, configs_t.c.valid_to.is_(None))
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
        create: str | None = None,
        replace_anyway: bool = False,
    ) -> Change:
        """Store an uploaded plan file's rows, all or none.

        `replace="file"`: the rows of earlier uploads of this file name are replaced.
        `replace="teacher"`: for each (teacher, subject) in the upload, that teacher's rows of
        that subject are replaced, whichever file they came from. Other rows stay.
        An upload of under half the rows it replaces is refused (`FewerRows`) unless
        `replace_anyway`. With `create` (a school.toml) a new plan is made with this upload.
        """
        if replace not in ("file", "teacher"):
            raise ValueError(f"replace must be 'file' or 'teacher', not {replace!r}")
        table = table.assign(source=file_name) if not table.empty else table
        owners = owner(table["teacher"], table["subject"]).unique().tolist()
        with self._change(plan, person, "upload", create) as w:
            current = assessments_t.c.valid_to.is_(None)
            if replace == "file":
                mine = current & (assessments_t.c.source == file_name)
                removed = close_rows(w, assessments_t, mine)
            else:
                removed = 0
                for chunk in chunks(owners):
                    theirs = current & assessments_t.c.owner.in_(chunk)
                    removed += close_rows(w, assessments_t, theirs)
            refuse_fewer_rows(file_name, removed, len(table), replace_anyway)
            known = live_groups(w)
            if not table.empty:
                table = table.assign(group=unify_groups(table["group"], known))
            insert_assessments(w, table)
            record_upload(w, "plan", file_name, content, replace, len(table), problems)
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
        create: str | None = None,
        replace_anyway: bool = False,
    ) -> Change:
        """Replace the plan's memberships (pupil, group) with those of a members file (see
        `upload` for `create` and `replace_anyway`)."""
        rows = [
            {"pupil": p, "group_name": g}
            for p, g in zip(
                members["pupil"].astype("str"), members["group"].astype("str"), strict=True
            )
        ]
        return self._replace_all(
            plan, memberships_t, "members", rows, file_name, person, content, problems,
            create, replace_anyway,
        )  # fmt: skip

    def set_lessons(
        self,
        plan: str,
        lessons: pd.DataFrame,
        *,
        file_name: str,
        person: str,
        content: bytes = b"",
        problems: Sequence[ImportProblem] = (),
        create: str | None = None,
        replace_anyway: bool = False,
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
            plan, lessons_t, "timetable", rows, file_name, person, content, problems,
            create, replace_anyway,
        )  # fmt: skip

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
        create: str | None,
        replace_anyway: bool,
    ) -> Change:
        """One file's rows replace all of a versioned table's live rows, as one change and
        one upload (what = the change's action)."""
        with self._change(plan, person, what, create) as w:
            removed = close_rows(w, table, table.c.valid_to.is_(None))
            refuse_fewer_rows(file_name, removed, len(rows), replace_anyway)
            records = [{"plan_id": w.plan_id, "valid_from": w.change, **r} for r in rows]
            if records:
                w.conn.execute(table.insert(), records)
            record_upload(w, what, file_name, content, "file", len(records), problems)
            detail = {
                "file": file_name,
                "added": len(records),
                "removed": removed,
                "problems": len(problems),
            }
            return w.finish(detail)

    def lessons(self, plan: str, at: int | dt.datetime | None = None) -> pd.DataFrame:
        """The plan's lesson timetable (group, subject, weekday 0-6, period); empty if none."""
        with self._read() as conn:
            plan_id = plan_id_of(conn, plan)
            change = resolve(conn, plan_id, plan, at)
            return live_lessons(conn, plan_id, change)

    def uploads(self, plan: str) -> list[Upload]:
        with self._read() as conn:
            plan_id = plan_id_of(conn, plan)
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
                problems=problems_from_json(r["problems"]),
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
        action = edit_action(edits)
        with self._change(plan, person, action) as w:
            config = parse_toml(live_config(w.conn, w.plan_id, None), plan)
            ids = [e.id for e in edits if e.id is not None]
            current = rows_by_id(w, ids)
            copies = copies_of(w, current)
            done: set[int] = set()  # versions edited, once each
            new_rows: list[dict[str, Any]] = []
            items = []
            for e in edits:
                if e.id is None:
                    key = f"e{w.change}-{len(new_rows) + 1}"
                    row, _ = new_row(e.fields, config, person, key)
                    new_rows.append(row)
                    items.append({"id": row["id"], "before": None, "after": brief(row)})
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
                    after = None if e.delete else apply_fields(before, e.fields, config)
                    if after is not None:
                        new_rows.append(after)
                    if n == 0:
                        item.update(before=brief(before), after=after and brief(after))
                item["copies"] = len(rows) - 1
                items.append(item)
            for chunk in chunks(sorted(done)):
                close_rows(w, assessments_t, assessments_t.c.version.in_(chunk))
            if new_rows:
                frame = pd.DataFrame(new_rows)
                frame["group"] = unify_groups(frame["group"].astype("str"), live_groups(w))
                insert_assessments(w, frame)
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
        with self._change(plan, person, "undo") as w:
            return undo_change(w, change_id, plan)

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
            table = live_table(w.conn, w.plan_id, None, ids=list(assessments))
            same = (
                (decisions_t.c.valid_to.is_(None))
                & (decisions_t.c.rule == rule)
                & (decisions_t.c.group_name == group)
                & (decisions_t.c.pupil == (pupil or ""))
                & (decisions_t.c.start == start)
                & (decisions_t.c.end == end)
            )
            close_rows(w, decisions_t, same)
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
            plan_id = plan_id_of(conn, plan)
            change = resolve(conn, plan_id, plan, at)
            rows = live_table(conn, plan_id, change, versions=True)
            members = live_members(conn, plan_id, change)
            return self._stored(conn, plan, plan_id, change, rows, members)

    def latest_change(self, plan: str) -> int:
        """The id of the plan's newest change: what a cache of the plan is keyed on."""
        with self._read() as conn:
            plan_id = plan_id_of(conn, plan)
            return resolve(conn, plan_id, plan, None)

    def config_of(self, plan: str) -> tuple[str, SchoolConfig]:
        """The plan's school.toml now, as text and validated, without reading its tests."""
        with self._read() as conn:
            toml = live_config(conn, plan_id_of(conn, plan), None)
        return toml, parse_toml(toml, plan)

    def refresh(self, previous: StoredPlan) -> StoredPlan:
        """The plan now, from an earlier `load` of it: only the rows written or replaced since
        are read (a dashboard that shows the shared plan stays current cheaply). Equal to
        `load(previous.name)`."""
        with self._read() as conn:
            plan_id = plan_id_of(conn, previous.name)
            change = resolve(conn, plan_id, previous.name, None)
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
                    live_table(conn, plan_id, None, versions=True, since=since),
                ],
                ignore_index=True,
            )
            touched = sa.select(sa.func.count()).where(
                (memberships_t.c.plan_id == plan_id)
                & ((memberships_t.c.valid_from > since) | (memberships_t.c.valid_to > since))
            )
            members = (
                live_members(conn, plan_id, change)
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
        toml = live_config(conn, plan_id, change)
        config = parse_toml(toml, plan)
        decisions = live_decisions(conn, plan_id, change)
        problems = problems_at(conn, plan_id, change)
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
            plan_id = plan_id_of(conn, plan)
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


def _refusal(refused: Refused) -> StorageError:
    """The store's one-line message for an edit the edit model refuses."""
    if refused.reason == "unknown":
        return StorageError(Msg("edit_field", fields=", ".join(refused.fields)))
    if refused.reason == "missing":
        return StorageError(Msg("edit_missing", fields=", ".join(refused.fields)))
    return StorageError(Msg("edit_value", field=refused.field, value=refused.shown))
