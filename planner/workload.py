"""Load per group and per pupil per day and per week: the numbers behind every heatmap.

Pupils with the same set of groups (the same cluster combination) have the same load, so the
per-pupil figures are computed once per combination and then handed to its pupils.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd


@dataclasses.dataclass(slots=True)
class Members:
    """Which pupil is in which group, folded into cluster combinations."""

    pupils: pd.DataFrame  # pupil, combo
    combo_groups: pd.DataFrame  # combo, group
    _by_combo: dict[int, list[str]] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Members:
        """Fold (pupil, group) rows into combinations, numbered in order of their first pupil.

        A pupil's set of groups is fingerprinted by two sums of random integers per group
        (exact in float64, so equal sets always match; unequal ones collide with a chance
        of about 2**-60), which keeps this a few array operations for thousands of pupils.
        """
        pairs = frame[["pupil", "group"]].astype("str").drop_duplicates()
        p_codes, pupil_ids = pd.factorize(pairs["pupil"], sort=True)
        g_codes, group_names = pd.factorize(pairs["group"], sort=True)
        rng = np.random.default_rng(20250901)
        fingerprints = [
            np.bincount(
                p_codes,
                weights=rng.integers(1, 2**31, len(group_names)).astype("float64")[g_codes],
                minlength=len(pupil_ids),
            )
            for _ in range(2)
        ]
        combo_of_pupil, _ = pd.factorize(pd.MultiIndex.from_arrays(fingerprints))
        pupils = pd.DataFrame({"pupil": pd.Index(pupil_ids).astype("str"), "combo": combo_of_pupil})
        # Each combination's groups are those of its first pupil.
        first = np.unique(combo_of_pupil, return_index=True)[1]
        representative = np.full(len(pupil_ids), -1)
        representative[first] = np.arange(len(first))
        combo = representative[p_codes]
        keep = combo >= 0
        combo_groups = (
            pd.DataFrame({"combo": combo[keep], "group": np.asarray(group_names)[g_codes[keep]]})
            .astype({"combo": "int64", "group": "str"})
            .sort_values(["combo", "group"], ignore_index=True)
        )
        return cls(pupils=pupils, combo_groups=combo_groups)

    def layout(self, groups: pd.Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Combinations holding any of `groups`: their ids, and for each the positions of its
        groups in `groups` (`members`, consecutive per combination, starting at `starts`)."""
        pairs = self.combo_groups[self.combo_groups["group"].isin(groups)]
        pairs = pairs.sort_values("combo", kind="stable")
        combo = pairs["combo"].to_numpy()
        starts = np.flatnonzero(np.r_[True, combo[1:] != combo[:-1]]) if len(combo) else combo
        members = groups.get_indexer(pd.Index(pairs["group"]))
        return combo[starts], members, starts

    def pupils_of_combo(self) -> dict[int, list[str]]:
        """Each combination's pupils, in id order."""
        if not self._by_combo:
            ordered = self.pupils.sort_values(["combo", "pupil"])
            combos, pupils = ordered["combo"].to_numpy(), ordered["pupil"].tolist()
            bounds = np.flatnonzero(np.diff(combos)) + 1
            starts = [0, *bounds.tolist()]
            ends = [*bounds.tolist(), len(pupils)]
            self._by_combo.update(
                {int(combos[a]): pupils[a:b] for a, b in zip(starts, ends, strict=True)}
            )
        return self._by_combo

    @property
    def count(self) -> int:
        return len(self.pupils)

    def combos(self) -> pd.DataFrame:
        """Each combination with its groups and number of pupils (for the Pupils page)."""
        sizes = self.pupils.groupby("combo").size().rename("pupils")
        groups = self.combo_groups.groupby("combo")["group"].agg(", ".join)
        return pd.concat([groups, sizes], axis=1).reset_index()


@dataclasses.dataclass(slots=True)
class GroupSums:
    """Column sums per group (rows) and key value (columns, a day or a week) as dense arrays.

    A pupil's load is the sum over the pupil's groups, so the load of every cluster combination
    is one matrix product: (combination x group) @ (group x day).
    """

    groups: pd.Index
    keys: pd.Index
    sums: dict[str, np.ndarray]
    present: np.ndarray  # 1.0 where the group has any row on that key

    @classmethod
    def of(cls, rows: pd.DataFrame, key: str, columns: list[str]) -> GroupSums:
        g_codes, groups = pd.factorize(rows["group"])
        k_codes, keys = pd.factorize(rows[key])
        flat = g_codes * len(keys) + k_codes
        shape = (len(groups), len(keys))
        size = shape[0] * shape[1]

        def total(weights: np.ndarray | None) -> np.ndarray:
            return np.bincount(flat, weights=weights, minlength=size).reshape(shape)

        sums = {c: total(rows[c].to_numpy(dtype="float64")) for c in columns}
        return cls(pd.Index(groups), pd.Index(keys), sums, (total(None) > 0).astype("float64"))


@dataclasses.dataclass(slots=True)
class ComboLoad:
    """Sums per cluster combination (rows) and key (columns): the sum of its groups' rows.

    Done as a gather and a segmented sum (np.add.reduceat) rather than a matrix product: the
    arrays are small, and BLAS threads only wait on each other on a busy 2-core machine.
    """

    combos: np.ndarray  # the combination ids, one per row of every result
    members: np.ndarray  # positions in sums.groups of each combination's groups
    starts: np.ndarray  # where each combination's groups begin in `members`
    sums: GroupSums

    @classmethod
    def of(cls, members: Members, rows: pd.DataFrame, key: str, columns: list[str]) -> ComboLoad:
        sums = GroupSums.of(rows, key, columns)
        combos, positions, starts = members.layout(sums.groups)
        return cls(combos, positions, starts, sums)

    def combine(self, per_group: np.ndarray) -> np.ndarray:
        """(group x key) -> (combination x key): each combination sums its groups' rows."""
        if len(self.combos) == 0:
            return np.zeros((0, per_group.shape[1]))
        return np.add.reduceat(per_group[self.members], self.starts, axis=0)

    def total(self, column: str) -> np.ndarray:
        return self.combine(self.sums.sums[column])

    def groups_with_rows(self) -> np.ndarray:
        """How many of a combination's groups have rows on each key."""
        return self.combine(self.sums.present)

    def signatures(self, ci: np.ndarray, ki: np.ndarray) -> dict[str, np.ndarray]:
        """Two fingerprints of the set of groups with rows, for the cells (ci, ki).

        Sums of random integers below 2**31 over at most a few hundred groups are exact in
        float64 in any order of addition, so equal sets give equal fingerprints.
        """
        rng = np.random.default_rng(20260310)
        out = {}
        for name in ("sig1", "sig2"):
            weights = rng.integers(1, 2**31, len(self.sums.groups)).astype("float64")
            out[name] = self.combine(self.sums.present * weights[:, None])[ci, ki]
        return out


def entity_rows(rows: pd.DataFrame, members: Members | None, kind: str) -> pd.DataFrame:
    """The rows seen by each entity: a group sees its own rows, a combination its groups' rows."""
    if kind == "group":
        return rows.assign(entity=rows["group"])
    if members is None:
        raise ValueError("pupil load needs memberships")
    return rows.merge(members.combo_groups, on="group").rename(columns={"combo": "entity"})


_MEASURES = {
    "load": ("test_weight", "sum"),
    "tests": ("is_test", "sum"),
    "heavy": ("is_heavy", "sum"),
    "homework_minutes": ("hw_minutes", "sum"),
    "assessments": ("id", "count"),
}


def _load(rows: pd.DataFrame, members: Members | None, key: str) -> pd.DataFrame:
    parts = []
    for kind in ("group", "combo"):
        if kind == "combo" and members is None:
            continue
        expanded = entity_rows(rows, members, kind)
        agg = expanded.groupby(["entity", key], as_index=False).agg(**_MEASURES)
        if kind == "group":
            agg = agg.rename(columns={"entity": "group"}).assign(pupil=None)
        else:
            assert members is not None
            agg = agg.merge(members.pupils, left_on="entity", right_on="combo").drop(
                columns=["entity", "combo"]
            )
            agg["group"] = None
        parts.append(agg)
    out = pd.concat(parts, ignore_index=True)
    cols = ["group", "pupil", key, *_MEASURES]
    return out[cols].sort_values(["group", "pupil", key], na_position="last", ignore_index=True)


def load_per_day(rows: pd.DataFrame, members: Members | None = None) -> pd.DataFrame:
    """Weighted test load, tests, heavy tests and homework minutes per group/pupil per day.

    `rows` is the enriched table from `planner.check.prepare`. Rows for groups have `pupil`
    None; rows for pupils have `group` None.
    """
    return _load(rows, members, "day")


def load_per_week(rows: pd.DataFrame, members: Members | None = None) -> pd.DataFrame:
    """The same per ISO week (`week` as 202611 for week 11 of 2026); test-week days included."""
    return _load(rows, members, "week")
