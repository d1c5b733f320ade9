"""The day's P4P, countries and channels against their baselines. Pure functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ...foundation.values import records


def with_dates(frame: pd.DataFrame, col: str) -> pd.DataFrame:
    """The frame with ``col`` as plain dates (unchanged when it already is)."""
    if frame.empty or (
        isinstance(frame[col].iloc[0], dt.date) and not isinstance(frame[col].iloc[0], dt.datetime)
    ):
        return frame  # already plain dates
    return frame.assign(**{col: pd.to_datetime(frame[col]).dt.date})


def p4p_day(account: pd.DataFrame, day: dt.date, budget: float | None) -> dict[str, Any] | None:
    """The day's P4P account figures against the mean of the 7 days before; budget use is
    spend ÷ the daily budget (the account report's, else the campaigns' total)."""
    frame = with_dates(account, "date")
    if frame.empty or day not in set(frame["date"]):
        return None
    today = frame[frame["date"] == day].iloc[-1]
    week = frame[(frame["date"] < day) & (frame["date"] >= day - dt.timedelta(days=7))]
    cols = ["impressions", "clicks", "spend", "promo_hours"]
    out: dict[str, Any] = {c: float(today[c]) if not pd.isna(today[c]) else None for c in cols}
    out["ctr"] = out["clicks"] / out["impressions"] if out["impressions"] else None
    out["cpc"] = out["spend"] / out["clicks"] if out["clicks"] else None
    own_budget = today.get("budget")
    b: float | None = (
        float(own_budget) if own_budget is not None and not pd.isna(own_budget) else budget
    )
    out["budget"] = b
    out["budget_use"] = out["spend"] / b if b and out["spend"] is not None else None
    if len(week):
        means: dict[str, Any] = {c: float(week[c].mean()) for c in cols}
        means["ctr"] = means["clicks"] / means["impressions"] if means["impressions"] else None
        means["cpc"] = means["spend"] / means["clicks"] if means["clicks"] else None
        out["week"] = means
    else:
        out["week"] = {}
    return out


def campaign_budget(campaigns: pd.DataFrame, day: dt.date) -> float | None:
    """The total daily budget of the campaigns in the latest campaign report up to ``day``."""
    if campaigns.empty or "budget" not in campaigns:
        return None
    frame = with_dates(campaigns, "period_end")
    frame = frame[frame["period_end"] <= day]
    if frame.empty:
        return None
    latest = frame[frame["period_end"] == frame["period_end"].max()]
    total = latest["budget"].sum(min_count=1)
    return None if pd.isna(total) else float(total)


def by_dimension_day(
    frame: pd.DataFrame, day: dt.date, key: str, date_col: str, values: list[str], days: int = 7
) -> pd.DataFrame:
    """Per country (or channel): the day's values, the median of the ``days`` days before and
    the change; most impressions (first value) first."""
    cols = [key, *values, *[f"{v}_base" for v in values], *[f"{v}_change" for v in values]]
    data = with_dates(frame, date_col)
    if data.empty or day not in set(data[date_col]):
        return pd.DataFrame(columns=cols)
    today = data[data[date_col] == day].groupby(key)[values].sum(min_count=1)
    before = data[(data[date_col] < day) & (data[date_col] >= day - dt.timedelta(days=days))]
    daily = before.groupby([date_col, key])[values].sum(min_count=1).reset_index()
    base = daily.groupby(key)[values].median()
    out = today.join(base.add_suffix("_base"), how="left")
    for v in values:
        out[f"{v}_change"] = (out[v] / out[f"{v}_base"] - 1).where(out[f"{v}_base"] > 0)
    return (
        out.reset_index()
        .sort_values([values[0], key], ascending=[False, True])[cols]
        .reset_index(drop=True)
    )


def by_dimension_days(
    frame: pd.DataFrame, key: str, date_col: str, values: list[str], days: int = 7
) -> dict[dt.date, pd.DataFrame]:
    """:func:`by_dimension_day` of every day with a row of some ``key``, from one pass over
    the whole frame: the sums per (day, key) once; each day's baseline is the median of its
    ``days`` days before (each (day, key) sum counted under each of the ``days`` days after
    it); each day's table sorted as the one-day function sorts it. A day without a row of any
    key has no table (:func:`by_dimension_day` gives an empty one)."""
    cols = [key, *values, *[f"{v}_base" for v in values], *[f"{v}_change" for v in values]]
    data = with_dates(frame, date_col)
    if data.empty:
        return {}
    sums = data.groupby([date_col, key])[values].sum(min_count=1)
    if sums.empty:
        return {}
    before = pd.concat(
        [
            sums.set_axis(
                pd.MultiIndex.from_arrays(
                    [
                        [d + dt.timedelta(days=k) for d in sums.index.get_level_values(0)],
                        sums.index.get_level_values(1),
                    ],
                    names=[date_col, key],
                )
            )
            for k in range(1, days + 1)
        ]
    )
    base = before.groupby(level=[0, 1])[values].median()
    out = sums.join(base.add_suffix("_base"), how="left")
    for v in values:
        out[f"{v}_change"] = (out[v] / out[f"{v}_base"] - 1).where(out[f"{v}_base"] > 0)
    out = out.reset_index().sort_values([date_col, values[0], key], ascending=[True, False, True])
    return {
        day: part[cols].reset_index(drop=True) for day, part in out.groupby(date_col, sort=False)
    }


def language_countries(
    countries: pd.DataFrame, sites: dict[str, str], rise: float, min_impressions: float = 50
) -> list[tuple[str, float, str]]:
    """Countries with a platform language site whose impressions rose by ``rise`` or more."""
    out = []
    for rec in records(countries):
        lang = sites.get(str(rec["country"]))
        change = rec.get("search_impressions_change")
        if (
            lang
            and change is not None
            and not np.isnan(change)
            and change >= rise
            and (rec.get("search_impressions") or 0) >= min_impressions
        ):
            out.append((str(rec["country"]), float(change), lang))
    return out
