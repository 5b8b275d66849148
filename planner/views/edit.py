"""Editing the plan by hand: a user's table edits (what st.data_editor reports) applied to a
draft plan, row by row validated; the store edits that save exactly that draft; and what the
change does to the findings (which disappear, which appear).

A test can be in the store twice: once from each of two uploaded files (a teacher's calendar
and the school's list). The plan counts it once and hides the later copy (see
`drop_repeats_across_files`). Moving or deleting only the visible row would bring the hidden
copy back on the old day, so every edit is applied to the hidden copies as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner.check import pupils_of, touched
from planner.config import SchoolConfig
from planner.diff import unmatched_findings
from planner.edits import Edit, Refused, copies_in_other_files, is_blank, new_row, validated
from planner.i18n import Lang, catalogue, fmt_date
from planner.importers import drop_repeats_across_files
from planner.importers.common import parse_dates
from planner.model import COLUMNS, Plan, unify_groups, worst_first

# The columns a user may change in the table, in the order the table shows them.
EDITABLE: tuple[str, ...] = (
    "date",
    "group",
    "subject",
    "kind",
    "title",
    "weight",
    "minutes",
    "locked",
)
# What the editor table shows: the editable columns, and beside them (read-only) the id, the
# day as a Dutch school writes it, the teacher and the file the row came from.
EDITOR_COLUMNS: tuple[str, ...] = ("id", "day", *EDITABLE, "teacher", "source")

COLUMN_NAMES = catalogue(
    __name__,
    {
        "id": {"nl": "id", "en": "id"},
        "day": {"nl": "dag", "en": "day"},
        "date": {"nl": "datum", "en": "date"},
        "group": {"nl": "groep", "en": "group"},
        "subject": {"nl": "vak", "en": "subject"},
        "kind": {"nl": "soort", "en": "kind"},
        "title": {"nl": "titel", "en": "title"},
        "weight": {"nl": "weging", "en": "weight"},
        "minutes": {"nl": "minuten", "en": "minutes"},
        "locked": {"nl": "vast", "en": "locked"},
        "teacher": {"nl": "docent", "en": "teacher"},
        "source": {"nl": "bron", "en": "source"},
    },
)

TEXT = catalogue(
    "planner.views.edit.text",
    {
        "row": {"nl": "{subject} {group} {day} ({id})", "en": "{subject} {group} {day} ({id})"},
        "new_row": {"nl": "nieuwe rij {n}", "en": "new row {n}"},
        "not_applied": {"nl": "niet toegepast", "en": "not applied"},
        "empty": {"nl": "{column} is leeg", "en": "{column} is empty"},
        "date": {
            "nl": "'{value}' is geen datum (kies een dag of schrijf 10-03-2026)",
            "en": "'{value}' is not a date (pick a day or write 2026-03-10)",
        },
        "kind": {
            "nl": "onbekende soort '{value}' (bekend: {known})",
            "en": "unknown kind '{value}' (known: {known})",
        },
        "number": {
            "nl": "{column} '{value}' is geen getal van 0 of meer",
            "en": "{column} '{value}' is not a number of 0 or more",
        },
        "bool": {
            "nl": "{column} '{value}': gebruik ja/nee",
            "en": "{column} '{value}': use yes/no",
        },
        "gone": {
            "nl": "staat niet meer in het plan (door iemand anders gewijzigd of verwijderd?)",
            "en": "is no longer in the plan (changed or deleted by someone else?)",
        },
        "twice": {
            "nl": "dit id staat meer dan eens in het plan; wijzig deze toets in het bronbestand",
            "en": "this id occurs more than once in the plan; change this test in its source file",
        },
    },
)


def _text(key: str, lang: Lang, **values: Any) -> str:
    return TEXT(key, lang, **values)


def new_row_id() -> str:
    """An id for a test added by hand: unique in every plan, so it never lands on another."""
    return f"h{uuid.uuid4().hex[:11]}"


# -- the user's edits --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TableEdits:
    """What a user changed in the table, by test id (not by position, which shifts with every
    filter): raw values as the table gave them, validated only when applied."""

    changed: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    added: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    deleted: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.changed or self.added or self.deleted)

    def __len__(self) -> int:
        """How many rows the user touched."""
        return len(set(self.changed) | set(self.added) | self.deleted)


def merge_editor_state(
    edits: TableEdits,
    ids: Sequence[str],
    editor: Mapping[str, Any] | None,
    *,
    new_id: Callable[[], str] = new_row_id,
) -> TableEdits:
    """`edits` with what st.data_editor reports on top: `edited_rows` ({position: {column:
    value}}), `added_rows` ([{column: value}]) and `deleted_rows` ([position]), where a position
    is a row of the table shown, whose ids are `ids`. Later values of a cell replace earlier
    ones; columns that cannot be edited are ignored."""
    if not editor:
        return edits
    changed = {k: dict(v) for k, v in edits.changed.items()}
    added = {k: dict(v) for k, v in edits.added.items()}
    deleted = set(edits.deleted)
    for position, cells in (editor.get("edited_rows") or {}).items():
        at = int(position)
        if not 0 <= at < len(ids):
            continue
        fields = {c: v for c, v in dict(cells).items() if c in EDITABLE}
        row_id = ids[at]
        target = added if row_id in added else changed
        target.setdefault(row_id, {}).update(fields)
    for cells in editor.get("added_rows") or ():
        added[new_id()] = {c: v for c, v in dict(cells).items() if c in EDITABLE}
    for position in editor.get("deleted_rows") or ():
        at = int(position)
        if not 0 <= at < len(ids):
            continue
        row_id = ids[at]
        if row_id in added:
            del added[row_id]
        else:
            changed.pop(row_id, None)
            deleted.add(row_id)
    changed = {k: v for k, v in changed.items() if v}
    return TableEdits(changed, added, frozenset(deleted))


# -- validation ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class RowProblem:
    """A row of the user's edits that was not applied, and why (in the language asked for)."""

    id: str
    column: str
    value: str
    message: str


def _show(value: Any) -> str:
    return "" if is_blank(value) else str(value)


def _editable(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The user's raw values of the columns the table edits: validated by the same rules as
    every edit the store takes (`planner.edits`), so the draft is what the store saves."""
    return {c: raw[c] for c in EDITABLE if c in raw}


def _reason(refused: Refused, config: SchoolConfig, lang: Lang) -> str:
    """Why a cell was refused, naming its column in the user's language."""
    name = COLUMN_NAMES[refused.field][lang]
    if refused.reason in ("empty", "missing"):
        return _text("empty", lang, column=name)
    if refused.reason == "date":
        return _text("date", lang, value=refused.shown)
    if refused.reason == "kind":
        return _text("kind", lang, value=refused.value, known=", ".join(config.kinds))
    if refused.reason == "number":
        return _text("number", lang, column=name, value=refused.shown)
    return _text("bool", lang, column=name, value=refused.shown)


# -- the draft --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Draft:
    """The plan with the user's edits applied.

    `edits` are the store edits that turn the stored plan into exactly this plan (in one
    `Store.edit`); `problems` the rows that were refused; `pending` the added rows among them,
    so the table can show them again for the user to complete."""

    plan: Plan
    edits: tuple[Edit, ...]
    problems: tuple[RowProblem, ...]
    pending: Mapping[str, Mapping[str, Any]]
    applied: int  # rows of the user's edits that were applied
    copies: int = 0  # hidden copies from other files edited along with them
    # the groups (case-folded) of every row the edits changed, before and after: the plan
    # differs from the stored plan only there
    groups: frozenset[str] = frozenset()


def _same(a: Any, b: Any) -> bool:
    if is_blank(a) and is_blank(b):
        return True
    if is_blank(a) or is_blank(b):
        return False
    if isinstance(a, float | int) and isinstance(b, float | int):
        return math.isclose(float(a), float(b), abs_tol=1e-9)
    return bool(a == b)


def _where(row: Mapping[str, Any], lang: Lang) -> str:
    day: Any = row.get("date")
    when = "?" if is_blank(day) else fmt_date(pd.Timestamp(day).date(), lang)
    return _text(
        "row", lang, subject=row.get("subject"), group=row.get("group"), day=when, id=row["id"]
    )


def _problem(
    row_id: str, where: str, refused: Refused, config: SchoolConfig, lang: Lang
) -> RowProblem:
    message = f"{where}: {_reason(refused, config, lang)}; {_text('not_applied', lang)}"
    return RowProblem(row_id, refused.field, refused.shown, message)


def hidden_copies(rows: pd.DataFrame) -> dict[str, list[int]]:
    """For each test the plan shows, the positions in `rows` of its copies from other files
    that the plan hides (`drop_repeats_across_files`): the same id, or the same group, subject,
    kind and date. The store edits the same copies along (`planner.edits`)."""
    if rows.empty or rows["source"].nunique() < 2:
        return {}
    marked = rows.reset_index(drop=True).assign(_pos=np.arange(len(rows)))
    kept, _ = drop_repeats_across_files(marked, "en")
    hidden = marked[~marked["_pos"].isin(kept["_pos"])]
    positions, ids = hidden["_pos"].to_numpy(), kept["id"].to_numpy()
    out: dict[str, list[int]] = {}
    taken: set[int] = set()
    # A copy belongs to one test only (the first the plan shows), so it is edited once.
    for at, copies in sorted(copies_in_other_files(kept, hidden).items()):
        mine = [int(positions[c]) for c in copies if c not in taken]
        taken.update(copies)
        if mine:
            out.setdefault(str(ids[at]), []).extend(mine)
    return out


def apply_edits(
    plan: Plan,
    edits: TableEdits,
    config: SchoolConfig,
    *,
    rows: pd.DataFrame | None = None,
    person: str = "",
    lang: Lang = "nl",
) -> Draft:
    """The plan after the user's edits, as the store will hold it once `Draft.edits` are saved.

    `rows` are the stored rows the plan was made from, with the copies across files that the
    plan hides (`StoredPlan.rows`); without them the plan's own table. A row with a bad date,
    an unknown kind, an empty group or subject, or a bad number is not applied and gets a
    message; so is an edit of a test that is no longer in the plan."""
    base = (plan.assessments if rows is None else rows).reset_index(drop=True)
    base = base[list(COLUMNS)]
    copies = hidden_copies(base) if rows is not None else {}
    counts = base["id"].value_counts()
    position = {str(i): n for n, i in enumerate(base["id"].tolist())}
    problems: list[RowProblem] = []
    store_edits: list[Edit] = []
    closed: list[int] = []
    new_rows: list[dict[str, Any]] = []
    edited_groups: set[str] = set()
    applied = copied = 0

    def target(row_id: str) -> int | None:
        """The row's position, or None (with a problem) when it cannot be edited."""
        count = int(counts.get(row_id, 0))
        if count == 1:
            return position[row_id]
        reason = _text("gone" if count == 0 else "twice", lang)
        problems.append(RowProblem(row_id, "id", row_id, f"{row_id}: {reason}"))
        return None

    def record(pos: int) -> dict[str, Any]:
        """One stored row as a dict (made for the edited rows only: a plan has thousands)."""
        return {str(k): v for k, v in base.iloc[pos].items()}

    groups = base["group"].drop_duplicates()
    spelling = dict(zip(groups.str.casefold(), unify_groups(groups, base["group"]), strict=True))

    def rows_of(row_id: str, at: int) -> list[int]:
        """The row and its hidden copies, each edited once."""
        nonlocal copied
        mine = [p for p in (at, *copies.get(row_id, ())) if p not in closed]
        closed.extend(mine)
        copied += max(0, len(mine) - 1)
        return mine

    for row_id, raw in edits.changed.items():
        if row_id in edits.deleted:
            continue
        at = target(row_id)
        if at is None:
            continue
        before = record(at)
        try:
            fields = validated(_editable(raw), config, str(before["kind"]))
        except Refused as refused:
            problems.append(_problem(row_id, _where(before, lang), refused, config, lang))
            continue
        if "group" in fields:  # `2a` is the plan's `2A`, as the store will write it
            fields["group"] = spelling.get(fields["group"].casefold(), fields["group"])
        fields = {c: v for c, v in fields.items() if not _same(v, before[c])}
        if "kind" in fields:  # the store gives a new kind its own weight unless told
            fields.setdefault("weight", config.kinds[fields["kind"]].weight)
        if not fields:
            continue
        applied += 1
        edited_groups.update(str(g).casefold() for g in (before["group"], fields.get("group")) if g)
        for pos in rows_of(row_id, at):
            row = record(pos)
            store_edits.append(Edit(str(row["id"]), dict(fields)))
            new_rows.append({**row, **fields})
    for row_id in sorted(edits.deleted):
        at = target(row_id)
        if at is None:
            continue
        applied += 1
        edited_groups.add(str(base.at[at, "group"]).casefold())
        for pos in rows_of(row_id, at):
            store_edits.append(Edit(str(base.at[pos, "id"]), delete=True))
    pending: dict[str, Mapping[str, Any]] = {}
    for n, (row_id, raw) in enumerate(edits.added.items(), start=1):
        where = _text("new_row", lang, n=n)
        try:
            row, fields = new_row(_editable(raw), config, person, row_id)
        except Refused as refused:
            problems.append(_problem(row_id, where, refused, config, lang))
            pending[row_id] = raw
            continue
        applied += 1
        edited_groups.add(str(fields["group"]).casefold())
        store_edits.append(Edit(None, {"id": row_id, **fields}))
        new_rows.append(row)
    table = _draft_table(base, closed, new_rows)
    table, repeated = drop_repeats_across_files(table, config.language)
    _, repeated_before = drop_repeats_across_files(base, config.language)
    old = set(repeated_before)
    kept_problems = [p for p in plan.problems if p not in old]
    return Draft(
        plan=Plan(table, [*kept_problems, *repeated]),
        edits=tuple(store_edits),
        problems=tuple(problems),
        pending=pending,
        applied=applied,
        copies=copied,
        groups=frozenset(edited_groups),
    )


def _draft_table(
    base: pd.DataFrame, closed: Iterable[int], new_rows: Sequence[Mapping[str, Any]]
) -> pd.DataFrame:
    """The stored rows without the closed ones, the new versions after them (the store's order,
    which decides which copy across files stays), the new groups spelled as the plan does."""
    keep = np.ones(len(base), dtype=bool)
    keep[list(closed)] = False
    table = base[keep]
    if not new_rows:
        return table.reset_index(drop=True)
    added = pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in new_rows])
    added["group"] = unify_groups(added["group"].astype("str"), base["group"])
    added["minutes"] = pd.to_numeric(added["minutes"]).astype("float64")
    added["period"] = pd.array(
        [None if is_blank(v) else int(v) for v in added["period"]], dtype="Int64"
    )
    for column in ("date", "announced"):
        added[column] = pd.to_datetime(added[column]).astype("datetime64[us]")
    added = added.astype(base.dtypes.to_dict())
    return pd.concat([table, added], ignore_index=True)


# -- the table the user edits ----------------------------------------------------------------


def editor_table(
    draft: Draft | Plan,
    lang: Lang,
    *,
    groups: Sequence[str] = (),
    subjects: Sequence[str] = (),
    first: dt.date | None = None,
    last: dt.date | None = None,
    limit: int | None = None,
) -> tuple[pd.DataFrame, int]:
    """The rows to edit and how many tests match: the draft plan's tests of those groups and
    subjects between `first` and `last` (any, when not given), by date, at most `limit` of
    them; then the added rows that still need something (whatever the filter, so the user can
    complete them). Dates are `datetime.date`; `day` says it the Dutch way (`di 10 mrt`)."""
    plan = draft.plan if isinstance(draft, Draft) else draft
    table = plan.assessments
    keep = pd.Series(True, index=table.index)
    if groups:
        keep &= table["group"].isin(list(groups))
    if subjects:
        keep &= table["subject"].isin(list(subjects))
    if first is not None:
        keep &= table["date"] >= pd.Timestamp(first)
    if last is not None:
        keep &= table["date"] <= pd.Timestamp(last)
    rows = table[keep]
    matching = len(rows)
    if limit is not None and matching > limit:
        # only the first `limit` days' rows are sorted and formatted: a whole school's plan
        # has tens of thousands
        dates = rows["date"].to_numpy("datetime64[us]")
        rows = rows[dates <= np.partition(dates, limit - 1)[limit - 1]]
    rows = rows.sort_values(["date", "group", "subject", "id"], kind="stable")
    rows = rows.head(limit) if limit is not None else rows
    out = pd.DataFrame(
        {
            "id": rows["id"].astype("str"),
            "day": [fmt_date(d.date(), lang) for d in rows["date"]],
            "date": [d.date() for d in rows["date"]],
            "group": rows["group"].astype("str"),
            "subject": rows["subject"].astype("str"),
            "kind": rows["kind"].astype("str"),
            "title": rows["title"].astype("str"),
            "weight": rows["weight"].astype("float64"),
            "minutes": rows["minutes"].astype("float64"),
            "locked": rows["locked"].astype("bool"),
            "teacher": rows["teacher"].astype("str"),
            "source": rows["source"].astype("str"),
        }
    )
    pending = draft.pending if isinstance(draft, Draft) else {}
    if pending:
        extra = pd.DataFrame([_pending_row(i, raw, lang) for i, raw in pending.items()])
        out = pd.concat([out, extra.astype(out.dtypes.to_dict())], ignore_index=True)
    out["date"] = out["date"].astype("object")
    return out[list(EDITOR_COLUMNS)].reset_index(drop=True), matching


def _pending_row(row_id: str, raw: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """An added row that could not be applied yet, with what can be shown of it."""
    day: dt.date | None = None
    value = raw.get("date")
    if not is_blank(value):
        parsed = parse_dates(pd.Series([str(value)], dtype="str")).iloc[0]
        day = None if pd.isna(parsed) else pd.Timestamp(parsed).date()

    def number(column: str) -> float:
        try:
            return float(str(raw.get(column)).replace(",", "."))
        except ValueError:
            return math.nan

    return {
        "id": row_id,
        "day": fmt_date(day, lang) if day else "",
        "date": day,
        **{c: _show(raw.get(c)) for c in ("group", "subject", "kind", "title")},
        "weight": number("weight"),
        "minutes": number("minutes"),
        "locked": bool(raw.get("locked")) if not is_blank(raw.get("locked")) else False,
        "teacher": "",
        "source": "",
    }


# -- what the change does to the findings ----------------------------------------------------

DIFF_COLUMNS = ("severity", "group", "message")


@dataclasses.dataclass(frozen=True)
class FindingDiff:
    """Findings that disappear (`resolved`) and that appear (`new`) with a change: frames with
    severity, group and message (and pupil, when pupils' findings are asked for); how many
    pupils' findings disappear and appear; and the errors before and after."""

    resolved: pd.DataFrame
    new: pd.DataFrame
    pupils_resolved: int
    pupils_new: int
    errors_before: int
    errors_after: int

    @property
    def empty(self) -> bool:
        return self.resolved.empty and self.new.empty and not self.pupils_changed

    @property
    def pupils_changed(self) -> int:
        return self.pupils_resolved + self.pupils_new


def finding_diff(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    pupils: bool = False,
    within: Collection[str] | None = None,
    members: pd.DataFrame | None = None,
) -> FindingDiff:
    """The findings (check result frames) that `after` lacks and that it adds (see
    `_unmatched`). By default only groups' findings are listed and pupils' findings counted.

    `within`: the groups (case-folded) outside which the two plans are the same, in the same
    period (`Draft.groups`): findings of other groups, and of pupils not in these groups, are
    then the same on both sides and are not compared."""
    errors_before = int((before["severity"] == "error").sum())
    errors_after = int((after["severity"] == "error").sum())
    if within is not None:
        in_groups = pupils_of(within, members)
        before = before[touched(before, within, in_groups)]
        after = after[touched(after, within, in_groups)]
    gone, came = unmatched_findings(before, after)
    resolved, new = before[gone], after[came]
    is_pupil_resolved, is_pupil_new = resolved["pupil"].notna(), new["pupil"].notna()
    columns = [*DIFF_COLUMNS[:2], "pupil", DIFF_COLUMNS[2]] if pupils else list(DIFF_COLUMNS)

    def small(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.assign(
            severity=frame["severity"].astype("str"),
            _rank=worst_first(frame["severity"].astype("str")),
            pupil=frame["pupil"].astype("object").where(frame["pupil"].notna(), None),
        )
        frame = frame.sort_values(["_rank", "group", "start", "message"], kind="stable")
        return frame[columns].reset_index(drop=True)

    return FindingDiff(
        resolved=small(resolved if pupils else resolved[~is_pupil_resolved]),
        new=small(new if pupils else new[~is_pupil_new]),
        pupils_resolved=int(is_pupil_resolved.sum()),
        pupils_new=int(is_pupil_new.sum()),
        errors_before=errors_before,
        errors_after=errors_after,
    )


__all__ = [
    "COLUMN_NAMES",
    "EDITABLE",
    "EDITOR_COLUMNS",
    "Draft",
    "FindingDiff",
    "RowProblem",
    "TableEdits",
    "apply_edits",
    "editor_table",
    "finding_diff",
    "hidden_copies",
    "merge_editor_state",
    "new_row_id",
]
