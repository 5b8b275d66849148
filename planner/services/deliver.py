"""Deliver files to a plan: its rules replaced when asked, then every read file stored as its
own upload, all its rows or none; a new plan is made with its first file. A file of far fewer
rows than it would replace is refused unless asked. The Upload page and `planner db import`
both deliver this way."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from planner.config import SchoolConfig, load_config
from planner.errors import PlannerError
from planner.importers.upload import FileRead
from planner.storage import Change, FewerRows, Store
from planner.views.rules import parse_toml

Replace = Literal["file", "teacher"]


@dataclasses.dataclass(frozen=True)
class Delivered:
    """What became of one file: stored as `change`, or not stored because of `error` (a file
    that could not be read, or a store that refused it)."""

    read: FileRead
    change: Change | None = None
    error: PlannerError | None = None

    @property
    def too_few_rows(self) -> bool:
        """Refused because it holds under half the rows it would replace (a file whose rows
        could not be read): nothing was changed; `replace_anyway` stores it all the same."""
        return isinstance(self.error, FewerRows)


@dataclasses.dataclass(frozen=True)
class Delivery:
    """What became of every file, and whether this delivery made the plan."""

    files: list[Delivered]
    created: bool


@dataclasses.dataclass(frozen=True)
class Opened:
    """The plan files are delivered to: the rules they are read with; for a plan that does not
    exist yet, `create` (its school.toml): the plan is made with its first delivery."""

    config: SchoolConfig
    create: str | None = None
    config_replaced: bool = False


def school_toml(path: Path) -> str:
    """A school.toml's text for the store, validated first (the message names file and key)."""
    load_config(path)
    return path.read_bytes().decode("utf-8-sig")


def open_plan(store: Store, plan: str, *, person: str, toml: str | None) -> Opened:
    """The plan's rules, replaced by `toml` when given and different (a change of its own).
    Nothing is written for a plan that does not exist yet: `deliver` makes it with its first
    file, in the same transaction, so a failed delivery leaves no empty plan behind."""
    if not store.has_plan(plan):
        text = toml or ""
        return Opened(parse_toml(text, "school.toml"), create=text)
    current, config = store.config_of(plan)
    if toml is None or toml == current:
        return Opened(config)
    store.set_config(plan, toml, person=person)
    return Opened(store.config_of(plan)[1], config_replaced=True)


def deliver(
    store: Store,
    plan: str,
    reads: Iterable[FileRead],
    *,
    person: str,
    replace: Replace = "file",
    create: str | None = None,
    replace_anyway: bool = False,
) -> Delivery:
    """Store every readable file as its own upload: plan rows (a re-upload replaces the rows
    of the same file name, or with `replace="teacher"` the same teacher's rows of a subject),
    memberships or lessons (both replace the plan's whole table). An unreadable file is
    skipped and the others are still stored; so is a file of under half the rows it would
    replace, unless `replace_anyway`.

    With `create` (a school.toml) a plan that does not exist yet is made with the first file
    stored, in its transaction (by one of several deliveries at the same moment; the others
    store into it); with no file at all, it is made on its own."""
    out = []
    for read in reads:
        if read.table is None:
            out.append(Delivered(read, error=read.error))
            continue
        try:
            change = _store(store, plan, read, person, replace, create, replace_anyway)
            out.append(Delivered(read, change))
        except PlannerError as exc:
            out.append(Delivered(read, error=exc))
    if not out and create is not None:
        return Delivery(
            out, store.create_plan(plan, person=person, config_toml=create, exist_ok=True)
        )
    return Delivery(out, any(d.change is not None and d.change.creates_plan for d in out))


def _store(
    store: Store,
    plan: str,
    read: FileRead,
    person: str,
    replace: Replace,
    create: str | None,
    replace_anyway: bool,
) -> Change:
    table, name, content, problems = read.table, read.name, read.content, read.problems
    assert table is not None
    common: dict[str, Any] = {
        "file_name": name, "person": person, "content": content, "problems": problems,
        "create": create, "replace_anyway": replace_anyway,
    }  # fmt: skip
    if read.what == "members":
        return store.upload_members(plan, table, **common)
    if read.what == "lessons":
        return store.set_lessons(plan, table, **common)
    return store.upload(plan, table, replace=replace, **common)
