"""What counts as a missing value, once: None, NaN, NaT and pandas' NA (a cell the export left
empty), for pages, downloads and the privacy masks alike."""

from __future__ import annotations

from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or other container: not one missing cell
        return False
