"""Plan rows between pandas and SQL: the assessment table, members, decisions, config, lessons."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.config import SchoolConfig, config_from_text
from planner.decisions import Decision, Status
from planner.edits import copies_in_other_files
from planner.model import COLUMNS, ImportProblem, empty_table
from planner.storage.schema import (
    DB_NAMES,
    TEXT_COLUMNS,
    assessments_t,
    changes_t,
    configs_t,
    decisions_t,
    lessons_t,
    memberships_t,
    uploads_t,
)
from planner.storage.versions import Write, live

CHUNK = 500  # ids per IN (...) list: well under SQLite's parameter limit


def owner(teacher: pd.Series, subject: pd.Series) -> pd.Series:
    """The key of a teacher's re-upload: their name and the subject, case-folded."""
    parts = [s.fillna("").astype("str").str.strip().str.casefold() for s in (teacher, subject)]
    return parts[0] + "\x1f" + parts[1]


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def parse_toml(text: str, plan: str) -> SchoolConfig:
    return config_from_text(text, f"school.toml ({plan})")


def live_config(conn: Connection, plan_id: int, change: int | None) -> str:
    query = sa.select(configs_t.c.toml).where(live(configs_t, plan_id, change))
    return str(conn.execute(query.order_by(configs_t.c.version.desc())).scalar() or "")


def live_groups(w: Write) -> pd.Series:
    query = (
        sa.select(assessments_t.c.group_name).where(live(assessments_t, w.plan_id, None)).distinct()
    )
    return pd.Series(w.conn.execute(query).scalars().all(), dtype="str")


# Dates and flags come back as the driver gives them (ISO text and 0/1 on SQLite, date and
# bool on PostgreSQL) and are converted a column at a time in to_table, not a value at a time.
_RAW = {"date": sa.String, "announced": sa.String, "locked": sa.Integer}
_SELECT_COLUMNS = [assessments_t.c.version] + [
    sa.type_coerce(assessments_t.c[DB_NAMES.get(c, c)], _RAW[c]).label(c)
    if c in _RAW
    else assessments_t.c[DB_NAMES.get(c, c)].label(c)
    for c in COLUMNS
]


def live_table(
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
    where = live(assessments_t, plan_id, change)
    if ids is not None:
        where = where & assessments_t.c.assessment_id.in_(list(ids))
    if since is not None:
        where = where & (assessments_t.c.valid_from > since)
    query = sa.select(*_SELECT_COLUMNS).where(where).order_by(assessments_t.c.version)
    table = to_table(conn.execute(query).all(), ["version", *COLUMNS])
    return table if versions else table.drop(columns="version")


def rows_by_id(w: Write, ids: Sequence[str]) -> pd.DataFrame:
    frames = []
    for chunk in chunks(list(dict.fromkeys(ids))):
        where = live(assessments_t, w.plan_id, None) & assessments_t.c.assessment_id.in_(chunk)
        rows = w.conn.execute(sa.select(*_SELECT_COLUMNS).where(where)).all()
        frames.append(to_table(rows, ["version", *COLUMNS]))
    if not frames:
        return to_table([], ["version", *COLUMNS])
    return pd.concat(frames, ignore_index=True)


def copies_of(w: Write, rows: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """For each row (by version), the live rows of other files that hold the same test: the
    same id, or the same group, subject, kind and date (as `drop_repeats_across_files`)."""
    if rows.empty:
        return {}
    days = sorted({d.date() for d in rows["date"]})
    ids = rows["id"].unique().tolist()
    current = live(assessments_t, w.plan_id, None)
    found = []
    for chunk in chunks(days):
        query = sa.select(*_SELECT_COLUMNS).where(current & assessments_t.c.date.in_(chunk))
        found.append(to_table(w.conn.execute(query).all(), ["version", *COLUMNS]))
    for chunk in chunks(ids):
        query = sa.select(*_SELECT_COLUMNS).where(
            current & assessments_t.c.assessment_id.in_(chunk)
        )
        found.append(to_table(w.conn.execute(query).all(), ["version", *COLUMNS]))
    candidates = pd.concat(found, ignore_index=True).drop_duplicates("version")
    found_copies = copies_in_other_files(rows, candidates)
    versions = rows["version"].to_numpy()
    return {int(versions[i]): candidates.iloc[found_copies[i]] for i in found_copies}


def to_table(rows: Sequence[Any], names: list[str]) -> pd.DataFrame:
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


def insert_assessments(w: Write, table: pd.DataFrame) -> None:
    if table.empty:
        return
    table = table.reset_index(drop=True)
    records: dict[str, list[Any]] = {
        "plan_id": [w.plan_id] * len(table),
        "valid_from": [w.change] * len(table),
    }
    for col in TEXT_COLUMNS:
        # PostgreSQL text cannot hold NUL; no plan needs one.
        text = table[col].fillna("").astype("str").str.replace("\x00", "", regex=False)
        records[DB_NAMES.get(col, col)] = text.tolist()
    # A missing date reaches the database as NULL, which refuses it (and the whole upload).
    records["date"] = [None if pd.isna(d) else d.date() for d in pd.to_datetime(table["date"])]
    announced = pd.to_datetime(table["announced"])
    records["announced"] = [None if pd.isna(d) else d.date() for d in announced]
    records["period"] = [None if pd.isna(v) else int(v) for v in table["period"]]
    records["weight"] = table["weight"].astype("float64").tolist()
    records["minutes"] = [None if pd.isna(v) else float(v) for v in table["minutes"]]
    records["locked"] = table["locked"].astype("bool").tolist()
    records["source_row"] = table["row"].astype("int64").tolist()
    records["owner"] = owner(table["teacher"], table["subject"]).tolist()
    keys = list(records)
    rows = [dict(zip(keys, values, strict=True)) for values in zip(*records.values(), strict=True)]
    w.conn.execute(assessments_t.insert(), rows)


def live_members(conn: Connection, plan_id: int, change: int | None) -> pd.DataFrame | None:
    query = (
        sa.select(memberships_t.c.pupil, memberships_t.c.group_name)
        .where(live(memberships_t, plan_id, change))
        .order_by(memberships_t.c.version)
    )
    rows = conn.execute(query).all()
    if not rows:
        return None
    pupils, groups = zip(*rows, strict=True)
    return pd.DataFrame(
        {"pupil": pd.Series(pupils, dtype="str"), "group": pd.Series(groups, dtype="str")}
    )


def live_decisions(conn: Connection, plan_id: int, change: int | None) -> tuple[Decision, ...]:
    query = (
        sa.select(decisions_t, changes_t.c.person, changes_t.c.at)
        .join(changes_t, changes_t.c.id == decisions_t.c.valid_from)
        .where(live(decisions_t, plan_id, change))
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


def record_upload(
    w: Write,
    what: str,
    file_name: str,
    content: bytes,
    replace: str,
    rows: int,
    problems: Iterable[ImportProblem],
) -> None:
    """The upload's row: which file (and its hash), what it replaced, what could not be read."""
    w.conn.execute(
        uploads_t.insert().values(
            plan_id=w.plan_id,
            change_id=w.change,
            what=what,
            file_name=file_name,
            sha256=hashlib.sha256(content).hexdigest(),
            replace=replace,
            rows=rows,
            problems=json.dumps([p.to_dict() for p in problems], ensure_ascii=False),
        )
    )


def problems_from_json(text: str) -> tuple[ImportProblem, ...]:
    return tuple(ImportProblem(**p) for p in json.loads(text))


def problems_at(conn: Connection, plan_id: int, change: int) -> list[ImportProblem]:
    """The import problems of the last upload of each file up to `change`."""
    latest = (
        sa.select(sa.func.max(uploads_t.c.id))
        .where((uploads_t.c.plan_id == plan_id) & (uploads_t.c.change_id <= change))
        .group_by(uploads_t.c.what, uploads_t.c.file_name)
    )
    query = sa.select(uploads_t.c.problems).where(uploads_t.c.id.in_(latest))
    query = query.order_by(uploads_t.c.id)
    return [p for text in conn.execute(query).scalars() for p in problems_from_json(text)]


def live_lessons(conn: Connection, plan_id: int, change: int | None) -> pd.DataFrame:
    """The lesson timetable (group, subject, weekday 0-6, period) at `change`."""
    query = (
        sa.select(
            lessons_t.c.group_name, lessons_t.c.subject, lessons_t.c.weekday, lessons_t.c.period
        )
        .where(live(lessons_t, plan_id, change))
        .order_by(lessons_t.c.version)
    )
    rows = conn.execute(query).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows], columns=["group", "subject", "weekday", "period"]
    )
    return frame.astype({"group": "str", "subject": "str", "weekday": "int64", "period": "str"})
