"""Periods compared like with like (issue 15): a week or month against the one before it, and a
month against the same month a year before.

Two complete periods compare their totals. Where either has fewer days of data than its
length (the store's first month began on the 13th, a file is missing), the totals of
different lengths say nothing: the counts are compared per day instead, and the change is
labelled so ("per_day"; a rate is a ratio of two counts, so it compares the same either way).
With fewer than :data:`MIN_DAYS` days on either side, no comparison is made ("short"): a few
days carry the weekday mix of the week (B2B traffic dips at weekends), not the period's.

A period on a page is complete (an export of a whole period, or every one of its days); the
one it is compared with may be summed from the days there are. Pure functions of frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...foundation.periods import month_end, month_start, week_end, week_start
from ...foundation.values import is_missing
from .registry import COUNTS, KPIS, METRICS, RATES

MIN_DAYS = 7  # fewest days of data a per-day comparison takes on either side

BASES = ("total", "per_day", "short")


@dataclass(frozen=True)
class PeriodSum:
    """A period's totals and how many of its days they hold."""

    start: dt.date  # the calendar period's first day
    end: dt.date  # … and last
    days: int  # days of data summed
    values: dict[str, float]  # KPI → total (counts) or rate
    summed: bool = False  # summed from days (a period export counts each visitor once)

    @property
    def length(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def complete(self) -> bool:
        return self.days >= self.length


def basis(now: PeriodSum, before: PeriodSum) -> str:
    """How two periods compare: 'total' (both complete), 'per_day' (either incomplete, both
    with at least MIN_DAYS days) or 'short' (not comparable)."""
    if now.complete and before.complete:
        return "total"
    if min(now.days, before.days) < MIN_DAYS:
        return "short"
    return "per_day"


def additive(metric: str) -> bool:
    """Is ``metric`` (or both counts of a rate) the same summed from days as exported for the
    period? Visitors are not: a buyer who comes back on three days counts three times."""
    m = METRICS[metric]
    if m.unit == "rate":
        return additive(m.numerator) and additive(m.denominator)
    return m.additive


def mixed(now: PeriodSum, before: PeriodSum, metric: str) -> bool:
    """One period exported, the other summed from days, and ``metric`` not additive: the
    two figures count different things."""
    return now.summed != before.summed and not additive(metric)


def change(now: PeriodSum, before: PeriodSum, metric: str) -> float | None:
    """``metric``'s change from ``before`` to ``now`` on their :func:`basis` (None: missing,
    a zero before, or not comparable)."""
    how = basis(now, before)
    a, b = now.values.get(metric), before.values.get(metric)
    if how == "short" or mixed(now, before, metric) or is_missing(a) or is_missing(b) or not b:
        return None
    if how == "per_day" and METRICS[metric].unit == "count":
        a, b = float(a) / now.days, float(b) / before.days  # type: ignore[arg-type]
    return float(a) / float(b) - 1  # type: ignore[arg-type]


def _bounds(end: dt.date, step: str) -> tuple[dt.date, dt.date]:
    return (
        (week_start(end), week_end(end)) if step == "week" else (month_start(end), month_end(end))
    )


def period_sum(
    totals: pd.DataFrame, daily: pd.DataFrame, end: dt.date, step: str
) -> PeriodSum | None:
    """The week or month ending ``end``: its row of ``totals`` (complete), else the sum of the
    days ``daily`` has in it (None: no day at all)."""
    start, last = _bounds(end, step)
    if end in totals.index:
        row = totals.loc[end]
        days = row.get("days")
        n = (last - start).days + 1 if is_missing(days) else int(days)
        exported = {m: row.get(m) for m in KPIS}
        return PeriodSum(start, last, n, exported, summed=row.get("source") == "days")
    if daily.empty or "impressions" not in daily:
        return None
    idx = pd.Index(daily.index)
    inside = daily[(idx >= start) & (idx <= last)].dropna(subset=["impressions"])
    if inside.empty:
        return None
    sums = {m: inside[m].sum(min_count=1) for m in COUNTS if m in inside}
    values: dict[str, Any] = dict(sums)
    for name in RATES:
        m = METRICS[name]
        num, den = sums.get(m.numerator), sums.get(m.denominator)
        values[name] = None if is_missing(num) or is_missing(den) or not den else num / den
    return PeriodSum(start, last, len(inside), values, summed=True)


def _last_year(end: dt.date) -> dt.date:
    return month_end(dt.date(end.year - 1, end.month, 1))


def _before(end: dt.date, step: str) -> dt.date:
    return (
        week_start(end) - dt.timedelta(days=1)
        if step == "week"
        else month_start(end) - dt.timedelta(days=1)
    )


def add_comparisons(totals: pd.DataFrame, daily: pd.DataFrame, step: str) -> pd.DataFrame:
    """Each week's or month's comparison with the period before (``prev_*``, ``<m>_prev``,
    ``<m>_vs_prev``) and, for a month, with the same month a year before (``ly_*``,
    ``<m>_ly``, ``<m>_vs_ly``): ``*_basis`` (see :func:`basis`, empty: nothing to compare
    with), the other period's ``*_start``, ``*_end``, ``*_length`` and ``*_days`` of data,
    and ``*_mixed``: visitor counts left uncompared (one period exported, the other summed
    from days: see :func:`mixed`)."""
    out = totals.copy()
    sides = [("prev", lambda e: _before(e, step))]
    if step == "month":
        sides.append(("ly", _last_year))
    for key, other_end in sides:
        recs = []
        for end in out.index:
            now = period_sum(out, daily, end, step)
            other = period_sum(totals, daily, other_end(end), step)
            rec: dict[str, Any] = {
                f"{key}_basis": "",
                f"{key}_days": np.nan,
                f"{key}_length": np.nan,
            }
            if now is not None and other is not None:
                rec.update(
                    {
                        f"{key}_basis": basis(now, other),
                        f"{key}_days": other.days,
                        f"{key}_length": other.length,
                        f"{key}_start": other.start,
                        f"{key}_end": other.end,
                        f"{key}_mixed": any(mixed(now, other, m) for m in KPIS),
                    }
                )
                for m in KPIS:
                    rec[f"{m}_{key}"] = other.values.get(m)
                    rec[f"{m}_vs_{key}"] = change(now, other, m)
            recs.append(rec)
        extra = pd.DataFrame(recs, index=out.index)
        for col in extra:
            out[col] = extra[col]
    return out
