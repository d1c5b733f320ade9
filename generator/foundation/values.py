"""What counts as a missing value, once: None, NaN, NaT and pandas' NA (a cell the export left
empty), for pages, downloads and the privacy masks alike."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pandas.core.dtypes.cast import maybe_box_native


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or other container: not one missing cell
        return False


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``: the same dicts of the same Python values, five times as
    fast on the small frames pages are made of (pandas builds a Series for each column to walk
    it, most of the time of a page's tables and charts)."""
    columns = frame.columns.tolist()
    if not frame.columns.is_unique:
        return frame.to_dict("records")  # pandas' warning, and its choice of the repeated column
    return [
        dict(zip(columns, map(maybe_box_native, row), strict=True))
        for row in frame.to_numpy(dtype=object).tolist()
    ]
