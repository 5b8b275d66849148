"""Deliver files to a plan: the plan made (or its rules replaced) when asked, then every read
file stored as its own upload, all its rows or none. The Upload page and `planner db import`
both deliver this way."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from planner.config import load_config
from planner.errors import PlannerError
from planner.importers.upload import FileRead
from planner.storage import Change, Store

Replace = Literal["file", "teacher"]


@dataclasses.dataclass(frozen=True)
class Delivered:
    """What became of one file: stored as `change`, or not stored because of `error` (a file
    that could not be read, or a store that refused it)."""

    read: FileRead
    change: Change | None = None
    error: PlannerError | None = None


def school_toml(path: Path) -> str:
    """A school.toml's text for the store, validated first (the message names file and key)."""
    load_config(path)
    return path.read_bytes().decode("utf-8-sig")


def open_plan(store: Store, plan: str, *, person: str, toml: str | None) -> str | None:
    """Make sure the plan exists, with `toml` as its rules when given: 'created' for a new
    plan, 'config' when its rules were replaced, None when nothing changed."""
    if not store.has_plan(plan):
        store.create_plan(plan, person=person, config_toml=toml or "")
        return "created"
    if toml is not None and toml != store.config_of(plan)[0]:
        store.set_config(plan, toml, person=person)
        return "config"
    return None


def deliver(
    store: Store,
    plan: str,
    reads: Iterable[FileRead],
    *,
    person: str,
    replace: Replace = "file",
) -> list[Delivered]:
    """Store every readable file as its own upload: plan rows (a re-upload replaces the rows
    of the same file name, or with `replace="teacher"` the same teacher's rows of a subject),
    memberships or lessons (both replace the plan's whole table). An unreadable file is
    skipped and the others are still stored."""
    out = []
    for read in reads:
        if read.table is None:
            out.append(Delivered(read, error=read.error))
            continue
        try:
            out.append(Delivered(read, _store(store, plan, read, person, replace)))
        except PlannerError as exc:
            out.append(Delivered(read, error=exc))
    return out


def _store(store: Store, plan: str, read: FileRead, person: str, replace: Replace) -> Change:
    table, name, content, problems = read.table, read.name, read.content, read.problems
    assert table is not None
    if read.what == "members":
        return store.upload_members(
            plan, table, file_name=name, person=person, content=content, problems=problems
        )
    if read.what == "lessons":
        return store.set_lessons(
            plan, table, file_name=name, person=person, content=content, problems=problems
        )
    return store.upload(
        plan, table, file_name=name, person=person, content=content, replace=replace,
        problems=problems,
    )  # fmt: skip
