"""A sheet's rows in date order, to hand a period only the rows near it.

The weekly analysis cuts every sheet to each week and month (by a date, by a report's span, or
to the latest snapshot on or before a day). Cutting the whole sheet each time costs in
proportion to the history; the sheets come from the store in date order, so a period's rows
are one run of them, found by a binary search. A :class:`DatedRows` hands out that run — a
superset of what the metric then cuts itself, the same rows in the same order — or, when the
rows are not in order, the whole sheet (the metric's own cut is then the only one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class DatedRows:
    """``frame``'s rows and their ``column`` dates (None: not all dated, or not in order)."""

    frame: pd.DataFrame
    dates: np.ndarray | None  # datetime64[ns], ascending
    days: np.ndarray | None  # the dates' days (datetime64[D])

    @classmethod
    def of(cls, frame: pd.DataFrame, column: str, spans: bool = False) -> DatedRows:
        """``frame`` by ``column``; with ``spans``, by its reports' ends (``period_end``),
        used only when every report starts on or before it ends."""
        if frame.empty or column not in frame:
            return cls(frame, None, None)
        dates = _dates(frame[column])
        if dates is None or np.isnat(dates).any() or (dates[1:] < dates[:-1]).any():
            return cls(frame, None, None)
        if spans:
            first = _dates(frame["period_start"]) if "period_start" in frame else None
            if first is None or np.isnat(first).any() or (first > dates).any():
                return cls(frame, None, None)
        return cls(frame, dates, dates.astype("datetime64[D]"))

    def between(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        """The rows dated (at any time of day) from ``start`` to ``end``; a report ending
        then, for the reports that lie within those days."""
        if self.dates is None:
            return self.frame
        lo = np.searchsorted(self.dates, np.datetime64(start, "D"), side="left")
        hi = np.searchsorted(self.dates, np.datetime64(end, "D") + DAY, side="left")
        return self._cut(int(lo), int(hi))

    def latest(self, day: dt.date, snapshots: int = 1) -> pd.DataFrame:
        """The rows of the last ``snapshots`` days with rows, on or before ``day``."""
        if self.days is None:
            return self.frame
        hi = lo = int(np.searchsorted(self.days, np.datetime64(day, "D"), side="right"))
        for _ in range(snapshots):
            if lo:
                lo = int(np.searchsorted(self.days, self.days[lo - 1], side="left"))
        return self._cut(lo, hi)

    def _cut(self, lo: int, hi: int) -> pd.DataFrame:
        """Rows ``lo`` to ``hi``; none: the whole frame (a metric given no rows at all may
        answer otherwise than one whose cut finds none, so it makes its own)."""
        return self.frame.iloc[lo:hi] if hi > lo else self.frame


def _dates(values: pd.Series) -> np.ndarray | None:
    """A column of dates without time zone as datetime64[ns] (None: anything else)."""
    if not pd.api.types.is_datetime64_dtype(values.dtype):
        return None
    return values.to_numpy(dtype="datetime64[ns]")
