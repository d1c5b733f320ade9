"""Anomalies that explain themselves (the daily routine: sudden rise or fall).

A day's metric is an anomaly when it leaves its robust band: the median of the same weekday in
the weeks before ± k · MAD (scaled to a standard deviation, floored by the counting noise of
small numbers). The same weekday, because B2B traffic has a strong weekly rhythm: a Saturday is
compared with Saturdays. Each anomaly then states its cause:

- the funnel step that moved: inquiries = impressions × CTR × visitors per click × inquiry rate,
  so log(inquiries / baseline) is the sum of the log changes of the four factors — exactly;
- the products, categories, countries, channels or keywords whose own change added up to it,
  each with its share of the changes that went the same way (never over 100 %, never negative).

A day without data is reported as missing, never as a drop to zero. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .bands import same_weekday_history
from .judge import Rules, judge

# metric → the funnel factors whose log changes add up to its own
FUNNEL = {
    "impressions": ("impressions",),
    "clicks": ("impressions", "ctr"),
    "visitors": ("impressions", "ctr", "visitors_per_click"),
    "inquiries": ("impressions", "ctr", "visitors_per_click", "inquiry_rate"),
    "ctr": ("ctr",),
    "inquiry_rate": ("inquiry_rate",),
}
WATCHED = ("impressions", "clicks", "ctr", "visitors", "inquiries", "inquiry_rate")
COUNTS = {"impressions", "clicks", "visitors", "inquiries", "tm_buyers"}
DENOMINATOR = {"ctr": "impressions", "inquiry_rate": "visitors"}


@dataclass(frozen=True)
class Contributor:
    dimension: str  # product | category | country | channel | keyword
    key: str  # the id or name
    label: str  # what a reader recognises (a product's title)
    value: float
    baseline: float
    delta: float
    share: float  # delta ÷ the sum of all deltas of the dimension (top_contributors: of
    # the deltas that went the way of the change)


@dataclass
class Anomaly:
    day: dt.date
    metric: str
    value: float | None
    baseline: float | None
    low: float | None
    high: float | None
    missing: bool = False
    funnel: list[tuple[str, float, float]] = field(default_factory=list)  # step, log change, share
    contributors: list[Contributor] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.missing or self.value is None or not self.baseline:
            return None
        return self.value / self.baseline - 1

    @property
    def direction(self) -> str:
        return "missing" if self.missing else ("up" if (self.change or 0) > 0 else "down")

    def cause_text(self) -> str:
        """The cause in one machine-readable line: funnel steps, then ranked contributors."""
        if self.missing:
            return "missing: no data for this day"
        parts = []
        if self.funnel:
            steps = sorted(self.funnel, key=lambda s: -abs(s[2]))
            parts.append(
                "funnel: "
                + ", ".join(
                    f"{name} {math.expm1(lg):+.1%} ({share:.0%})" for name, lg, share in steps
                )
            )
        by_dim: dict[str, list[Contributor]] = {}
        for c in self.contributors:
            by_dim.setdefault(c.dimension, []).append(c)
        for dim, items in by_dim.items():
            parts.append(f"{dim}: " + ", ".join(f"{c.key} ({c.share:.0%})" for c in items))
        return "; ".join(parts)


def detect(
    daily: pd.DataFrame,
    day: dt.date,
    *,
    weeks: int,
    k: float,
    min_change: float,
    metrics: tuple[str, ...] = WATCHED,
) -> list[Anomaly]:
    """The anomalies of one day in the store's daily totals (index: every calendar day)."""
    if day not in daily.index or pd.isna(daily.loc[day, "impressions"]):
        has_history = any(not pd.isna(v) for v in daily["impressions"].loc[:day].to_numpy())
        return [Anomaly(day, "data", None, None, None, None, missing=True)] if has_history else []
    rules = Rules(k, min_change, 0.0, 0.0, 0.0)  # the sizes are the cards' business
    found = []
    for m in metrics:
        value = daily.loc[day, m]
        if pd.isna(value):
            continue
        trials = daily.loc[day, DENOMINATOR[m]] if m in DENOMINATOR else None
        j = judge(
            value,
            same_weekday_history(daily[m], day, weeks),
            count=m in COUNTS,
            trials=None if trials is None or pd.isna(trials) else float(trials),
            rules=rules,
        )
        if j.verdict in ("up", "down"):  # the cards' own test: one judgement per metric
            found.append(Anomaly(day, m, float(value), j.base, j.low, j.high))
    return found


def funnel_factors(row: pd.Series | dict) -> dict[str, float]:
    get = row.get
    imp, clk, vis, inq = (
        float(get(x) or 0) for x in ("impressions", "clicks", "visitors", "inquiries")
    )
    return {
        "impressions": imp,
        "ctr": clk / imp if imp else math.nan,
        "visitors_per_click": vis / clk if clk else math.nan,
        "inquiry_rate": inq / vis if vis else math.nan,
    }


def baseline_day(daily: pd.DataFrame, day: dt.date, weeks: int) -> dict[str, float]:
    """The baseline counts of a day: the median of each count over the same weekdays before."""
    return {
        m: float(np.median(h)) if (h := same_weekday_history(daily[m], day, weeks)) else math.nan
        for m in ("impressions", "clicks", "visitors", "inquiries")
    }


def funnel_terms(
    metric: str, today: dict[str, float], base: dict[str, float]
) -> list[tuple[str, float, float]]:
    """(step, log change, share of the total log change) for the metric's funnel steps. The
    log changes add up exactly to the log change of the product of the steps."""
    steps = FUNNEL.get(metric, ())
    f_now, f_base = funnel_factors(today), funnel_factors(base)
    terms = []
    for s in steps:
        a, b = f_now[s], f_base[s]
        if not (a > 0 and b > 0):
            return []  # a zero or missing step: no log decomposition, the contributors say it
        terms.append((s, math.log(a / b)))
    total = sum(t for _, t in terms)
    return [(s, t, (t / total) if total else 0.0) for s, t in terms]


def pivot_sum(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame.pivot_table(index="date", columns="key", values="value", aggfunc="sum")``, the
    same frame, without the group-by: each value added into its (date, key) cell of one array
    (a large store's weeks of products are hundreds of thousands of rows). A cell whose rows
    are all blank sums to 0, one without rows is missing, as in the pivot; the values are
    counts, whole numbers, so the order they are added in changes no sum."""
    dates, keys = frame["date"], frame["key"]
    kept = (dates.notna() & keys.notna()).to_numpy(dtype=bool)  # (as the group-by drops them)
    day, day_names = pd.factorize(dates[kept], sort=True)
    key, key_names = pd.factorize(keys[kept], sort=True)
    values = frame["value"][kept]
    width = len(key_names)
    cells = day.astype(np.int64) * width + key
    size = len(day_names) * width
    weights = values.to_numpy(dtype="float64", na_value=np.nan)
    sums = np.bincount(cells, weights=np.where(np.isnan(weights), 0.0, weights), minlength=size)
    # whole numbers stay whole when every cell has a row, as the pivot keeps them
    filled = np.bincount(cells, minlength=size) > 0
    whole = isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu"
    data = sums.astype(values.dtype) if whole and filled.all() else np.where(filled, sums, np.nan)
    return pd.DataFrame(
        data.reshape(len(day_names), width),
        index=pd.Index(day_names, name="date"),
        columns=pd.Index(key_names, name="key"),
    )


def contributions(
    frame: pd.DataFrame,
    day: dt.date,
    weeks: int,
    dimension: str,
    labels: dict[str, str] | None = None,
) -> list[Contributor]:
    """Each entity's change on ``day`` against its own same-weekday mean. ``frame``: one row
    per (date, key) with a ``value``; an entity absent on a day counts 0 that day (it had no
    traffic, or was deleted). Shares are of the sum of all deltas, which is the total's change
    against its mean: the mean adds up across entities, a median does not (most products have a
    median of 0 inquiries, and one product that lost 2 would show as 200 % of a drop of 1)."""
    if frame.empty:
        return []
    wide = pivot_sum(frame)
    days = [day - dt.timedelta(days=7 * k) for k in range(1, weeks + 1)]
    have = [d for d in days if d in wide.index]
    if day not in wide.index or len(have) < 4:
        return []
    today = wide.loc[day].fillna(0.0)
    base = wide.loc[have].fillna(0.0).mean()
    delta = today - base
    total = float(delta.sum())
    if total == 0:
        return []
    out = []
    for key in delta.index:
        d = float(delta[key])
        if d == 0:
            continue
        out.append(
            Contributor(
                dimension,
                str(key),
                (labels or {}).get(str(key), str(key)),
                float(today[key]),
                float(base[key]),
                d,
                d / total,
            )
        )
    return out


def top_contributors(
    items: list[Contributor], direction: str, n: int = 3, min_share: float = 0.05
) -> list[Contributor]:
    """The contributors that moved with the change, largest first, each with its share of the
    changes that went that way (0–100 %: one that moved against it is no cause, and a share
    of the net change passes 100 % when others moved the other way)."""
    sign = 1 if direction == "up" else -1
    moving = [c for c in items if c.delta * sign > 0]
    total = sum(abs(c.delta) for c in moving)
    along = [replace(c, share=abs(c.delta) / total) for c in moving] if total else []
    along = [c for c in along if c.share >= min_share]
    return sorted(along, key=lambda c: (-c.share, c.key))[:n]


SOURCE = {
    "impressions": "search_impressions",
    "clicks": "search_clicks",
    "visitors": "visitors",
    "inquiries": "inquiries",
}


def find_anomalies(
    daily: pd.DataFrame,
    day_rows: pd.DataFrame,
    days: list[dt.date],
    *,
    weeks: int,
    k: float,
    min_change: float,
    category_of: dict[str, str] | None = None,
    dimensions: list[tuple[str, str, pd.DataFrame]] | None = None,
) -> dict[dt.date, list[Anomaly]]:
    """Every day's anomalies with their causes: the funnel, then the categories and products
    that moved with the change. ``day_rows``: the daily product rows (period_end, product_id,
    title and the count columns)."""
    out: dict[dt.date, list[Anomaly]] = {}
    titles = (  # each product's last title (over arrays: a text column iterated cell by cell
        # is slow)
        dict(
            zip(
                day_rows["product_id"].to_numpy(dtype=object),
                day_rows["title"].to_numpy(dtype=object),
                strict=False,
            )
        )
        if len(day_rows)
        else {}
    )
    rows = day_rows
    if len(day_rows):  # the days the anomalies read only, each a date (a new day's weeks)
        read = {day - dt.timedelta(days=7 * i) for day in days for i in range(weeks + 1)}
        stamps = pd.to_datetime(day_rows["period_end"])
        near = stamps.isin(pd.to_datetime(sorted(read))).to_numpy()
        rows = day_rows[near].assign(date=stamps[near].dt.date)
    for day in days:
        found = detect(daily, day, weeks=weeks, k=k, min_change=min_change)
        if not found:
            continue
        needed = {day - dt.timedelta(days=7 * i) for i in range(weeks + 1)}
        window = rows[rows["date"].isin(needed)] if len(rows) else rows
        for a in found:
            if a.missing:
                continue
            base = baseline_day(daily, day, weeks)
            a.funnel = funnel_terms(a.metric, daily.loc[day].to_dict(), base)
            count = a.metric
            if count not in SOURCE or window.empty:
                continue  # a rate is explained by its funnel step; its counts have their own anomaly
            col = SOURCE[count]
            products = window[["date", "product_id", col]].rename(
                columns={"product_id": "key", col: "value"}
            )
            items = []
            if category_of:
                cats = products.assign(key=products["key"].map(lambda p: category_of.get(p, "")))
                items += top_contributors(
                    contributions(cats, day, weeks, "category"), a.direction, n=2
                )
            for metric, dim, frame in dimensions or []:
                if metric == a.metric and len(frame):
                    items += top_contributors(
                        contributions(frame, day, weeks, dim), a.direction, n=2
                    )
            items += top_contributors(
                contributions(products, day, weeks, "product", titles), a.direction, n=3
            )
            a.contributors = items
        out[day] = found
    return out
