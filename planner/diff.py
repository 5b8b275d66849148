"""What changed between two versions of a plan: which tests moved, were added, removed or
changed, and which findings were resolved and which are new.

Used by the editor (a draft against the stored plan), the reports (two plans, or two moments of
one plan in the store) and the dashboard. Pure: no Streamlit, no database.
"""

from __future__ import annotations

import collections
import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from planner.check import CheckResult
from planner.model import Plan

# -- findings --------------------------------------------------------------------------------


def _keys(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """What makes a finding the same finding before and after: rule, group, pupil, start, end
    and the tests involved (in any order)."""
    pupils = [p if isinstance(p, str) else "" for p in frame["pupil"].tolist()]
    # days as integers and ids as sorted tuples: tens of thousands of findings per edit
    days = [
        pd.to_datetime(frame[c]).to_numpy("datetime64[D]").astype("int64").tolist()
        for c in ("start", "end")
    ]
    ids = [tuple(sorted(a)) for a in frame["assessments"].tolist()]
    columns = [frame[c].tolist() for c in ("rule", "group")]
    return list(zip(*columns, pupils, *days, ids, strict=True))


def _wording(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    pupils = [p if isinstance(p, str) else "" for p in frame["pupil"].tolist()]
    columns = [frame[c].tolist() for c in ("rule", "group")]
    return list(zip(*columns, pupils, frame["message"].tolist(), strict=True))


def unmatched_findings(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Which findings before have no match after, and which after have none before.

    A finding matches when its rule, group, pupil, start, end and tests are the same. What is
    left is then paired when it reads the same (rule, group, pupil and message): a week's peak
    whose first or last test moved within that week is still the same peak to a reader."""
    # Most findings are untouched by an edit: rows identical in every field are matched at
    # once (hashed per column), and only the rest are compared below.
    hashed_before, hashed_after = _hashes(before), _hashes(after)
    same_before = np.isin(hashed_before, hashed_after)
    same_after = np.isin(hashed_after, hashed_before)
    if same_before.all() and same_after.all():
        return (
            pd.Series(False, index=before.index, dtype=bool),
            pd.Series(False, index=after.index, dtype=bool),
        )
    rest_gone, rest_came = _unmatched_rest(before[~same_before], after[~same_after])
    gone = pd.Series(False, index=before.index, dtype=bool)
    came = pd.Series(False, index=after.index, dtype=bool)
    gone[rest_gone.index] = rest_gone
    came[rest_came.index] = rest_came
    return gone, came


def _hashes(frame: pd.DataFrame) -> np.ndarray:
    """One number per finding from all its fields (tests in any order)."""
    if frame.empty:
        return np.zeros(0, dtype="uint64")
    fields = pd.DataFrame(
        {
            "rule": frame["rule"].astype("str"),
            "group": frame["group"].astype("str"),
            "pupil": frame["pupil"].where(frame["pupil"].notna(), "").astype("str"),
            "start": pd.to_datetime(frame["start"]),
            "end": pd.to_datetime(frame["end"]),
            "tests": [" ".join(sorted(a)) for a in frame["assessments"].tolist()],
            "message": frame["message"].astype("str"),
        },
        index=frame.index,
    )
    hashed: np.ndarray = pd.util.hash_pandas_object(fields, index=False).to_numpy()
    return hashed


def _unmatched_rest(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    keys_before, keys_after = _keys(before), _keys(after)
    set_before, set_after = set(keys_before), set(keys_after)
    gone = [k not in set_after for k in keys_before]
    came = [k not in set_before for k in keys_after]
    words_before, words_after = _wording(before), _wording(after)
    left = collections.Counter(w for w, c in zip(words_after, came, strict=True) if c)
    paired: collections.Counter[tuple[Any, ...]] = collections.Counter()
    for i, word in enumerate(words_before):
        if gone[i] and left[word] > 0:
            left[word] -= 1
            paired[word] += 1
            gone[i] = False
    for i, word in enumerate(words_after):
        if came[i] and paired[word] > 0:
            paired[word] -= 1
            came[i] = False
    return (
        pd.Series(gone, index=before.index, dtype=bool),
        pd.Series(came, index=after.index, dtype=bool),
    )


# -- tests -----------------------------------------------------------------------------------

# What a test is apart from its day: a test re-exported from a teacher's file after a move gets
# a new derived id (the id is derived from the date too), and is still this test.
_IDENTITY = ("group", "subject", "kind", "title")
# Fields whose change is reported besides a move.
CHANGED_FIELDS = ("group", "subject", "kind", "title", "weight", "minutes", "locked", "teacher")
TEST_COLUMNS = ("id", "group", "subject", "kind", "title", "teacher", "date")


@dataclasses.dataclass(frozen=True)
class Comparison:
    """Two versions of a plan side by side.

    `moved`: tests on another day (`date_before`, `date_after`; `id_after` differs from `id`
    when the test came back under a new id); `changed`: tests on the same day with other
    fields (`fields`: their names, comma-separated); `added` and `removed`: the rest;
    `resolved` and `new`: findings (the check frames' columns) that disappear and appear."""

    before_label: str
    after_label: str
    moved: pd.DataFrame
    changed: pd.DataFrame
    added: pd.DataFrame
    removed: pd.DataFrame
    resolved: pd.DataFrame
    new: pd.DataFrame
    summary_before: dict[str, int]
    summary_after: dict[str, int]

    @property
    def empty(self) -> bool:
        frames = (self.moved, self.changed, self.added, self.removed, self.resolved, self.new)
        return all(f.empty for f in frames)


def compare(
    before: Plan,
    before_result: CheckResult,
    after: Plan,
    after_result: CheckResult,
    *,
    before_label: str,
    after_label: str,
) -> Comparison:
    """The tests and findings that differ between two checked versions of a plan."""
    moved, changed, added, removed = compare_tests(before.assessments, after.assessments)
    gone, came = unmatched_findings(before_result.frame, after_result.frame)
    return Comparison(
        before_label=before_label,
        after_label=after_label,
        moved=moved,
        changed=changed,
        added=added,
        removed=removed,
        resolved=before_result.frame[gone].reset_index(drop=True),
        new=after_result.frame[came].reset_index(drop=True),
        summary_before=dict(before_result.summary),
        summary_after=dict(after_result.summary),
    )


def compare_tests(
    before: pd.DataFrame, after: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(moved, changed, added, removed) between two assessment tables; see `Comparison`.

    Tests are matched by id; what is left on each side is then paired by group, subject, kind
    and title (case aside), in date order, so a moved test from a re-exported file with a new
    id counts as moved, not as one removed and one added."""
    # indexed by id, the index unnamed so that "id" stays a column only
    old = before.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)
    new = after.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)
    both = old.index.intersection(new.index)
    pairs = pd.DataFrame({"id": both, "id_after": both})
    only_old, only_new = old.loc[old.index.difference(both)], new.loc[new.index.difference(both)]
    paired = _pair_by_identity(only_old, only_new)
    pairs = pd.concat([pairs, paired], ignore_index=True)
    left = old.loc[pairs["id"]].reset_index(drop=True)
    right = new.loc[pairs["id_after"]].reset_index(drop=True)
    differ = {c: ~_same_values(left[c], right[c]) for c in CHANGED_FIELDS if c in left}
    # the names of the other fields that changed, comma-separated ("kind, weight")
    fields = [", ".join(c for c, mask in differ.items() if mask.iat[i]) for i in range(len(pairs))]
    on_other_day = (left["date"] != right["date"]).to_numpy()
    base = left[list(TEST_COLUMNS)].assign(id_after=pairs["id_after"].to_numpy(), fields=fields)
    moved = base[on_other_day].rename(columns={"date": "date_before"})
    moved = moved.assign(date_after=right.loc[on_other_day, "date"].to_numpy())
    changed = base[~on_other_day & (base["fields"] != "").to_numpy()]
    added = new.loc[new.index.difference(pd.Index(pairs["id_after"])), list(TEST_COLUMNS)]
    removed = old.loc[old.index.difference(pd.Index(pairs["id"])), list(TEST_COLUMNS)]

    def tidy(frame: pd.DataFrame, by: str) -> pd.DataFrame:
        return frame.sort_values([by, "group", "subject", "id"], kind="stable").reset_index(
            drop=True
        )

    return (
        tidy(moved, "date_before"),
        tidy(changed, "date"),
        tidy(added, "date"),
        tidy(removed, "date"),
    )


def _identity(frame: pd.DataFrame) -> pd.Series:
    parts = [frame[c].astype("str").str.strip().str.casefold() for c in _IDENTITY]
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _pair_by_identity(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Ids before and after of tests with the same identity, paired in date order."""
    if old.empty or new.empty:
        return pd.DataFrame(
            {"id": pd.Series([], dtype="str"), "id_after": pd.Series([], dtype="str")}
        )

    def ranked(frame: pd.DataFrame) -> pd.DataFrame:
        out = pd.DataFrame({"key": _identity(frame).to_numpy(), "id": frame["id"].to_numpy()})
        out["date"] = frame["date"].to_numpy()
        out = out.sort_values(["key", "date", "id"], kind="stable")
        out["n"] = out.groupby("key").cumcount()
        return out

    pairs = ranked(old).merge(ranked(new), on=["key", "n"], suffixes=("", "_after"))
    return pairs[["id", "id_after"]].reset_index(drop=True)


def _same_values(a: pd.Series, b: pd.Series) -> pd.Series:
    """Equal, with two missing values equal too."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    return (a == b).fillna(False).astype(bool) | (a.isna() & b.isna())


__all__ = ["CHANGED_FIELDS", "Comparison", "compare", "compare_tests", "unmatched_findings"]
