"""What counts as a missing value, once: None, NaN, NaT and pandas' NA (a cell the export left
empty), for pages, downloads and the privacy masks alike."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or other container: not one missing cell
        return False


def fmt_change(value: Any) -> str:
    """A relative change as the site prints it: +12.3%, −4.0%, ±0.0%, or — when unknown."""
    if is_missing(value) or math.isinf(float(value)):
        return "—"
    v = float(value) * 100
    if round(v, 1) == 0:
        return "±0.0%"
    return f"+{v:.1f}%" if v > 0 else f"−{abs(v):.1f}%"
