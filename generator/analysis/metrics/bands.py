"""The normal band of a figure: the same weekday's history and its robust spread, floored by
the noise of counting. Shared by the judgement of every period (:mod:`.judge`) and the
anomaly detectors (:mod:`.anomalies`, :mod:`.entities`). Pure functions."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pandas as pd


def same_weekday_history(series: pd.Series, day: dt.date, weeks: int) -> list[float]:
    """The values of the same weekday in the ``weeks`` weeks before ``day`` (present ones)."""
    out = []
    for k in range(1, weeks + 1):
        v = series.get(day - dt.timedelta(days=7 * k))
        if v is not None and not pd.isna(v):
            out.append(float(v))
    return out


def same_weekday_histories(series: pd.Series, weeks: int) -> list[list[float]] | None:
    """:func:`same_weekday_history` of every day of ``series`` at once (the same values in the
    same order), when its index is every calendar day in order; else None."""
    days = list(series.index)
    if not days or not all(isinstance(d, dt.date) for d in days):
        return None
    if any((b - a).days != 1 for a, b in itertools.pairwise(days)):
        return None
    values = series.to_numpy(dtype="float64", na_value=np.nan)
    n = len(values)
    out: list[list[float]] = [[] for _ in range(n)]
    for k in range(1, weeks + 1):
        lag = 7 * k
        for i in range(lag, n):
            v = values[i - lag]
            if not math.isnan(v):
                out[i].append(float(v))
    return out


MIN_BAND_POINTS = 4  # same-weekday values a band needs


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    h = n // 2
    return s[h] if n % 2 else (s[h - 1] + s[h]) / 2


def robust_band(
    history: list[float], k: float, count: bool, trials: float | None = None
) -> tuple[float, float, float] | None:
    """(median, low, high) of the band, or None with too little history (under 4 points).

    The spread is the scaled MAD, but never below the noise of counting: √median for a count
    (Poisson), √(p(1−p)/n) for a rate over ``trials`` (binomial) — small numbers swing by chance."""
    if len(history) < MIN_BAND_POINTS:
        return None
    # a handful of values: plain Python (numpy's median costs more than the sort here), the
    # same arithmetic as np.median: the middle value, or the mean of the two middle ones
    values = [float(v) for v in history]
    median = _median(values)
    sigma = 1.4826 * _median([abs(v - median) for v in values])
    if count:
        floor = math.sqrt(max(median, 1.0))
    elif trials:
        floor = math.sqrt(max(median * (1 - median), 0.0) / trials)
    else:
        floor = 0.02 * abs(median)
    sigma = max(sigma, floor, 1e-9)
    return median, median - k * sigma, median + k * sigma
