"""Column work done once per distinct value."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def by_unique(values: pd.Series, fn: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a column function once per distinct value: a plan has thousands of rows but a few
    hundred dates, groups and numbers, so parsing the distinct ones is much cheaper."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = fn(pd.Series(uniques, dtype=values.dtype if values.dtype != object else "str"))
    return pd.Series(done.to_numpy()[codes], index=values.index, dtype=done.dtype)
