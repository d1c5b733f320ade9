"""How fresh each kind of data is: the latest period the store holds against the latest one the
backend can have published by the as-of date (daily final at T-2, weekly data on Tuesday for
the week to Saturday, monthly data on the 3rd)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..foundation.periods import (
    last_final_day,
    last_published_month_end,
    last_published_week_end,
    reader_today,
)
from ..foundation.values import records
from ..kinds import KINDS


def expected_latest(kind: str, granularity: str, as_of: dt.date, lag_days: int) -> dt.date | None:
    """The latest period end the backend can have published when ``as_of`` is final; None
    for snapshots that have no schedule (showcase, competitor words, plans…)."""
    k = KINDS.get(kind)
    if k is not None and k.sheet and not k.date_column:
        return None
    today = reader_today(as_of, None, lag_days)  # as_of is T-2: the day the reader opens the site
    if k is not None and k.sheet:
        # copied by hand, typically once a week (ranks on Tuesdays): a week old is up to date
        return as_of - dt.timedelta(days=6)
    if granularity == "day":
        return last_final_day(today, lag_days)
    if granularity == "week":  # published on the Tuesday after the Saturday that ends it
        return last_published_week_end(today)
    if granularity == "month":  # published on the 3rd of the next month
        return last_published_month_end(today)
    return None


def judged_granularity(kind: str, granularity: str) -> str:
    """The periods a kind's freshness is counted in: a weekly report stored as a one-day
    period (dated by its file name alone, e.g. the P4P product report) is judged by weeks."""
    k = KINDS.get(kind)
    if granularity == "day" and k is not None and k.cadence == "week" and not k.date_column:
        return "week"
    return granularity


def periods_behind(granularity: str, last: dt.date, expected: dt.date) -> int:
    if last >= expected:
        return 0
    if granularity == "day":
        return (expected - last).days
    if granularity == "week":
        return -(-(expected - last).days // 7)
    return (expected.year - last.year) * 12 + expected.month - last.month


def freshness(kinds: pd.DataFrame, as_of: dt.date, lag_days: int) -> pd.DataFrame:
    """``kinds`` (Store.kind_periods) with ``last`` (the latest period end, a date),
    ``expected`` and ``behind`` (None: no schedule); ``granularity`` is the one the kind is
    judged by (:func:`judged_granularity`)."""
    out = kinds.copy()
    lasts, expected, behind, grans = [], [], [], []
    for rec in records(out):
        last = rec["last_day"].date() if hasattr(rec["last_day"], "date") else rec["last_day"]
        gran = judged_granularity(rec["kind"], rec["granularity"])
        exp = expected_latest(rec["kind"], gran, as_of, lag_days)
        lasts.append(last)
        expected.append(exp)
        behind.append(None if exp is None else periods_behind(gran, last, exp))
        grans.append(gran)
    if len(out):
        out["granularity"] = grans
    out["last"] = lasts
    out["expected"] = expected
    out["behind"] = behind
    return out
