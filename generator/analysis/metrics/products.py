"""Metrics from the product analysis export: store totals per day, week and month (each judged
against its baseline in judge.py), and per-product and per-category tables.

Pure functions of DataFrames; nothing here reads the clock or the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ...foundation.periods import month_end, month_start, week_end, week_start
from ...foundation.shared_text import numbered_texts
from ...i18n import translate
from .registry import COUNTS, METRICS, RATES, SOURCE_COLUMN

UNCATEGORISED = "未分类"


def by_product(ids: Any, values: Any, how: str) -> pd.Series:
    """``values`` reduced per product (``how``: ``"min"`` or ``"max"``, missing values left
    out), indexed by the product IDs as text in their text order: what grouping by
    ``ids.astype(str)`` gives, with each distinct ID made text once and the rows grouped by
    number (a long history's millions of rows)."""
    rank, names = numbered_texts(ids)
    got = getattr(pd.Series(values).groupby(rank), how)()
    index = pd.Index(names[got.index.to_numpy(dtype=np.intp)])
    return pd.Series(got.to_numpy(), index=index.rename("product_id"))


def add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Rates from summed counts; a zero denominator gives missing, never 0 or infinity."""
    for name in RATES:  # on the arrays: a table's rates are a few hundred small divisions
        m = METRICS[name]
        den = frame[m.denominator].to_numpy(dtype="float64", na_value=np.nan)
        num = frame[m.numerator].to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[name] = np.where(den > 0, num / den, np.nan)
    return frame


def store_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per period (indexed by period_end) with the store's totals of every KPI."""
    cols = {SOURCE_COLUMN[m]: m for m in COUNTS}
    if rows.empty:
        out = pd.DataFrame(columns=["period_start", "products", *COUNTS, *RATES])
        out.index.name = "period_end"
        return out
    by_end = rows.groupby("period_end")
    # the sums in one pass (a period whose every cell is blank sums to blank, not 0)
    sums = by_end[list(cols)].sum(min_count=1).rename(columns=cols)
    grouped = pd.DataFrame(
        {"period_start": by_end["period_start"].min(), "products": by_end["product_id"].nunique()}
    ).join(sums)
    grouped.index = pd.to_datetime(grouped.index).date
    grouped.index.name = "period_end"
    grouped["period_start"] = pd.to_datetime(grouped["period_start"]).dt.date
    grouped["source"] = "export"
    return add_rates(grouped.astype(dict.fromkeys(COUNTS, "float64")))


def daily_calendar(daily: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Daily totals on every calendar day from first to last; a day with no file is missing."""
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    out = daily.reindex(days)
    out.index.name = "period_end"
    out["period_start"] = out.index
    return out


def roll_up(daily: pd.DataFrame, period: str, exported: pd.DataFrame) -> pd.DataFrame:
    """Week (Sun–Sat) or month totals: the period export where there is one, else the sum of a
    complete set of days (marked ``source = 'days'``; visitor counts are then summed per day)."""
    starter, ender = (week_start, week_end) if period == "week" else (month_start, month_end)
    have = daily.dropna(subset=["impressions"])
    frames = []
    if not have.empty:
        keys = pd.Series([ender(d) for d in have.index], index=have.index)
        for end, group in have.groupby(keys):
            start = starter(end)
            if end in exported.index or len(group) != (end - start).days + 1:
                continue
            row = group[list(COUNTS)].sum().to_dict()
            row.update(
                period_start=start, products=group["products"].max(), source="days", days=len(group)
            )
            frames.append(pd.DataFrame([row], index=[end]))
    out = pd.concat([exported, *frames]) if frames else exported.copy()
    out.index.name = "period_end"
    return add_rates(out.sort_index())


def _previous_periods(end: dt.date, window: int, step: str) -> list[dt.date]:
    if step == "day":
        return [end - dt.timedelta(days=i) for i in range(1, window + 1)]
    if step == "week":
        return [end - dt.timedelta(days=7 * i) for i in range(1, window + 1)]
    out, cur = [], end
    for _ in range(window):
        cur = month_start(cur) - dt.timedelta(days=1)
        out.append(cur)
    return out


def previous_periods(end: dt.date, window: int, step: str) -> list[dt.date]:
    """The ``window`` periods before ``end``, latest first (a baseline's window)."""
    return _previous_periods(end, window, step)


def previous_period(end: dt.date, step: str) -> dt.date:
    return _previous_periods(end, 1, step)[0]


def uncategorised(lang: str) -> str:
    """The category of a product no configured category holds, in the site's language."""
    return translate("uncategorised", lang)


def categorise(
    title: str | None, categories: dict[str, list[str]], other: str = UNCATEGORISED
) -> str:
    low = (title or "").lower()
    for name, words in categories.items():
        if any(w.lower() in low for w in words):
            return name
    return other


PRODUCT_COLUMNS = [
    "product_id",
    "title",
    "category",
    "owner",
    "impressions",
    "impressions_prev",
    "clicks",
    "ctr",
    "visitors",
    "inquiries",
    "inquiries_prev",
    "inquiry_rate",
    "tm_buyers",
    "showcase",
    "in_p4p",
]


def product_table(
    current: pd.DataFrame,
    end: dt.date,
    previous: pd.DataFrame | None,
    categorise_title: Callable[[str | None], str],
) -> pd.DataFrame:
    """Every product of one period (``current``: that period's rows) with its KPIs and the
    previous period's impressions and inquiries; sorted by inquiries, then impressions (the
    operator's first sort)."""
    if current.empty:
        return pd.DataFrame(columns=PRODUCT_COLUMNS)
    renamed = {v: k for k, v in SOURCE_COLUMN.items()}
    table = current.rename(columns=renamed)[
        ["product_id", "title", "owner", *COUNTS, "showcase", "in_p4p"]
    ].copy()
    table["category"] = [categorise_title(t) for t in table["title"]]
    if previous is not None and len(previous):
        prev = previous.rename(columns=renamed).set_index("product_id")
        table["impressions_prev"] = table["product_id"].map(prev["impressions"])
        table["inquiries_prev"] = table["product_id"].map(prev["inquiries"])
    else:
        table["impressions_prev"] = np.nan
        table["inquiries_prev"] = np.nan
    table = add_rates(table)
    table = table.sort_values(
        ["inquiries", "impressions", "product_id"],
        ascending=[False, False, True],
        na_position="last",
    )
    return table[PRODUCT_COLUMNS].reset_index(drop=True)


def group_totals(frame: pd.DataFrame, by: str, columns: list[str]) -> pd.DataFrame:
    """Per value of ``by`` (sorted; a missing one left out): its distinct products and the sum
    of each column (missing where the group has no figure) — ``groupby(by)[columns]
    .sum(min_count=1)`` with ``products`` (nunique) first, as floats, on the arrays: a page's
    table has a few hundred rows and the groupby's own cost was most of its time. The figures
    are counts (whole numbers), so the sums are exact in any order."""
    codes, uniques = pd.factorize(frame[by], sort=True)
    n = len(uniques)
    ok = codes >= 0
    ids, _ = pd.factorize(frame["product_id"])
    both = ok & (ids >= 0)
    pairs = np.unique(codes[both].astype(np.int64) * (len(ids) + 1) + ids[both])
    out: dict[str, Any] = {
        by: uniques,
        "products": np.bincount(pairs // (len(ids) + 1), minlength=n).astype(np.int64),
    }
    for col in columns:
        values = frame[col].to_numpy(dtype="float64", na_value=np.nan)
        has = ok & ~np.isnan(values)
        total = np.bincount(codes[has], weights=values[has], minlength=n).astype(np.float64)
        total[np.bincount(codes[has], minlength=n) == 0] = np.nan  # min_count=1
        out[col] = total
    return pd.DataFrame(out)


def category_table(products: pd.DataFrame) -> pd.DataFrame:
    """Per category: products, KPIs, share of the store's impressions and inquiries, change of
    impressions and inquiries against the previous period."""
    cols = [
        "category",
        "products",
        *COUNTS,
        "ctr",
        "inquiry_rate",
        "impressions_share",
        "inquiries_share",
        "impressions_change",
        "inquiries_change",
    ]
    if products.empty:
        return pd.DataFrame(columns=cols)
    g = group_totals(products, "category", [*COUNTS, "impressions_prev", "inquiries_prev"])
    g = add_rates(g)  # group_totals gives the sums as floats already
    for m in ("impressions", "inquiries"):
        total = g[m].sum()
        g[f"{m}_share"] = g[m] / total if total else np.nan
        g[f"{m}_change"] = (g[m] / g[f"{m}_prev"] - 1).where(g[f"{m}_prev"] > 0)
    return g.sort_values(["impressions", "category"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


def owner_table(products: pd.DataFrame) -> pd.DataFrame:
    """Per owner (产品负责人): products and their KPIs."""
    cols = ["owner", "products", *COUNTS, "ctr", "inquiry_rate"]
    if products.empty:
        return pd.DataFrame(columns=cols)
    frame = products[["owner", "product_id", *COUNTS]]
    g = group_totals(frame.assign(owner=frame["owner"].fillna("—")), "owner", list(COUNTS))
    g = add_rates(g)  # group_totals gives the sums as floats already
    return g.sort_values(["inquiries", "owner"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


def change_band(change: float | None, small: float, clear: float, large: float) -> str:
    """normal / small / clear / large, by the size of a relative change (playbook bands)."""
    if change is None or pd.isna(change):
        return "none"
    size = abs(change)
    if size > large:
        return "large"
    if size > clear:
        return "clear"
    if size > small:
        return "small"
    return "normal"
