"""One judgement per metric per period (issue 15; PLAYBOOK *How findings are judged*).

Every KPI of a day, week or month gets one judgement, which the cards, the headline,
「先看这里」 and (for a day) the anomaly list all read:

- the **baseline**: a day against the median of the same weekday over the ``anomaly_weeks``
  weeks before (B2B traffic dips at weekends: a Saturday is compared with Saturdays); a week
  against the weeks before; a month against the months before, each scaled per day to this
  month's length (like with like: a 28-day February is no drop from a 31-day January);
- the **band**: baseline ± k · the robust spread, never narrower than the noise of counting
  (Poisson for a count, binomial for a rate): 1 → 3 inquiries lies inside it;
- the **verdict**: ``short`` (too little history: how many periods there are and how many
  are needed, never "normal"), ``normal`` (inside the band, whatever the percentage), or
  ``up`` / ``down`` when the value leaves the band *and* moves by more than
  ``anomaly_min_change``, sized by the change bands (``size``: small / clear / large).

For a day this is the anomaly detector's own test (``anomalies.detect``: the same
``same_weekday_history``, ``robust_band`` and minimum change), so a store metric is an
anomaly exactly when its judgement is up or down. Pure functions of frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...foundation.periods import month_start
from .bands import MIN_BAND_POINTS, robust_band, same_weekday_histories, same_weekday_history
from .products import change_band, previous_periods
from .registry import COUNTS, KPIS, METRICS

VERDICTS = ("none", "short", "normal", "up", "down")
# what the judgement adds to a totals frame, per metric: <m>_<field>
FIELDS = ("base", "change", "low", "high", "verdict", "size", "have", "need")


@dataclass(frozen=True)
class Rules:
    """The thresholds of a judgement (settings: anomaly_k, anomaly_min_change, change_*)."""

    k: float
    min_change: float
    small: float
    clear: float
    large: float


@dataclass(frozen=True)
class Judgement:
    value: float | None
    base: float | None
    low: float | None
    high: float | None
    change: float | None
    verdict: str  # none | short | normal | up | down
    size: str  # "" unless up / down: small | clear | large
    have: int  # periods of history there are …
    need: int  # … and how many a band needs

    def as_row(self) -> dict[str, object]:
        nan = np.nan
        return {
            "base": nan if self.base is None else self.base,
            "change": nan if self.change is None else self.change,
            "low": nan if self.low is None else self.low,
            "high": nan if self.high is None else self.high,
            "verdict": self.verdict,
            "size": self.size,
            "have": self.have,
            "need": self.need,
        }


def judge(
    value: float | None,
    history: list[float],
    *,
    count: bool,
    trials: float | None,
    rules: Rules,
    need: int = MIN_BAND_POINTS,
) -> Judgement:
    """One value against its history (present values only). ``need``: the fewest points of
    history a band takes (a day: 4 same weekdays, as the anomaly detector)."""
    if value is None or pd.isna(value):
        return Judgement(None, None, None, None, None, "none", "", len(history), need)
    value = float(value)
    if len(history) < need:
        return Judgement(value, None, None, None, None, "short", "", len(history), need)
    # robust_band takes 4 points or more; a week's or month's shorter history (2–3 periods)
    # is doubled, which leaves its median and its MAD as they are
    points = history if len(history) >= MIN_BAND_POINTS else history * MIN_BAND_POINTS
    band = robust_band(points, rules.k, count, trials)
    if band is None:  # pragma: no cover - points always has enough values
        return Judgement(value, None, None, None, None, "short", "", len(history), need)
    median, low, high = band
    low = max(low, 0.0)  # a count or a rate is never negative
    if median <= 0:
        # nothing to compare with (a rate of 0 on most days): no change, and no anomaly
        return Judgement(value, median, low, high, None, "normal", "", len(history), need)
    change = value / median - 1
    outside = (value < low or value > high) and abs(change) > rules.min_change
    if not outside:
        return Judgement(value, median, low, high, change, "normal", "", len(history), need)
    size = change_band(change, rules.small, rules.clear, rules.large)
    return Judgement(
        value,
        median,
        low,
        high,
        change,
        "up" if change > 0 else "down",
        size if size in ("clear", "large") else "small",
        len(history),
        need,
    )


def _present(values: list[object]) -> list[float]:
    return [float(v) for v in values if v is not None and not pd.isna(v)]  # type: ignore[arg-type]


def _length(end: dt.date) -> int:
    return (end - month_start(end)).days + 1


def history_of(
    frame: pd.DataFrame, metric: str, end: dt.date, step: str, window: int
) -> list[float]:
    """The present values a period is judged against: a day's same weekdays, a week's weeks
    before, a month's months before (counts per day × this month's length)."""
    series = frame[metric]
    if step == "day":
        return same_weekday_history(series, end, window)
    ends = [p for p in previous_periods(end, window, step) if p in frame.index]
    if step == "week":
        return _present([series.get(p) for p in ends])
    out = []
    for p in ends:
        v = series.get(p)
        if v is None or pd.isna(v):
            continue
        if metric in COUNTS:
            days = frame.at[p, "days"] if "days" in frame else np.nan
            days = _length(p) if days is None or pd.isna(days) else float(days)
            v = float(v) / days * _length(end)
        out.append(float(v))
    return out


def judge_totals(frame: pd.DataFrame, step: str, window: int, rules: Rules) -> pd.DataFrame:
    """The totals of every period (index: its end) with each KPI's judgement as columns
    ``<m>_base``, ``<m>_change``, ``<m>_low``, ``<m>_high``, ``<m>_verdict``, ``<m>_size``,
    ``<m>_have`` and ``<m>_need``. ``window``: a day's weeks of the same weekday
    (anomaly_weeks), a week's weeks, a month's months (the band needs 4 same weekdays, or
    half of a week's or month's window)."""
    out = frame.copy()
    need = MIN_BAND_POINTS if step == "day" else max(2, (window + 1) // 2)
    for m in KPIS:
        rows = []
        weekdays = same_weekday_histories(out[m], window) if step == "day" and m in out else None
        # the values and their denominators as columns, read once (not a cell at a time)
        values = out[m].tolist() if m in out else [np.nan] * len(out)
        den = METRICS[m].denominator
        trials = out[den].tolist() if den and den in out else [None] * len(out)
        for i, end in enumerate(out.index):
            if weekdays is not None:
                history = weekdays[i]
            else:
                history = history_of(out, m, end, step, window) if m in out else []
            t = trials[i]
            j = judge(
                values[i],
                history,
                count=m in COUNTS,
                trials=None if t is None or pd.isna(t) else float(t),
                rules=rules,
                need=need,
            )
            rows.append(j.as_row())
        table = pd.DataFrame(rows, index=out.index, columns=list(FIELDS))
        for f in FIELDS:
            out[f"{m}_{f}"] = (
                table[f].astype("float64") if f not in ("verdict", "size") else table[f]
            )
        if out.empty:
            out[f"{m}_verdict"] = pd.Series(dtype=object)
            out[f"{m}_size"] = pd.Series(dtype=object)
    return out


def verdict_key(verdict: object, size: object) -> str:
    """The i18n key of a judgement's word: verdict_up_large, verdict_normal, verdict_short …"""
    v = verdict if isinstance(verdict, str) and verdict in VERDICTS else "none"
    if v in ("up", "down"):
        return f"verdict_{v}_{size if size in ('small', 'clear', 'large') else 'small'}"
    return f"verdict_{v}"
