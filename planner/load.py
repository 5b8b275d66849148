"""Load per group and per pupil per day and per week: the numbers behind every heatmap.

Pupils with the same set of groups (the same cluster combination) have the same load, so the
per-pupil figures are computed once per combination and then handed to its pupils.
"""

from __future__ import annotations

import dataclasses

import pandas as pd


@dataclasses.dataclass(slots=True)
class Members:
    """Which pupil is in which group, folded into cluster combinations."""

    pupils: pd.DataFrame  # pupil, combo
    combo_groups: pd.DataFrame  # combo, group
    _by_combo: dict[int, list[str]] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Members:
        pairs = frame[["pupil", "group"]].astype("str").drop_duplicates()
        signature = (
            pairs.sort_values(["pupil", "group"])
            .groupby("pupil", sort=True)["group"]
            .agg("\x1f".join)
        )
        codes, uniques = pd.factorize(signature, sort=True)
        pupils = pd.DataFrame({"pupil": signature.index.astype("str"), "combo": codes})
        combo_groups = pd.DataFrame(
            [(i, g) for i, sig in enumerate(uniques) for g in sig.split("\x1f")],
            columns=["combo", "group"],
        ).astype({"combo": "int64", "group": "str"})
        return cls(pupils=pupils, combo_groups=combo_groups)

    def pupils_of_combo(self) -> dict[int, list[str]]:
        """Each combination's pupils, in id order."""
        if not self._by_combo:
            grouped = self.pupils.sort_values("pupil").groupby("combo")["pupil"]
            self._by_combo.update({int(c): list(p) for c, p in grouped})
        return self._by_combo

    @property
    def count(self) -> int:
        return len(self.pupils)

    def combos(self) -> pd.DataFrame:
        """Each combination with its groups and number of pupils (for the Pupils page)."""
        sizes = self.pupils.groupby("combo").size().rename("pupils")
        groups = self.combo_groups.groupby("combo")["group"].agg(", ".join)
        return pd.concat([groups, sizes], axis=1).reset_index()


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
