"""The monthly review's own analysis (the monthly routine): the P4P growth score against
its target, the product table with feedback, the exposure view, rising and new products.
Pure functions of frames and dates: no store, no clock, no text for pages. The words are in
:mod:`.monthly_words`, the zero-effect products in :mod:`.zero_effect` (both re-exported
here, the review's one module to import).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ...foundation.periods import month_final_day, month_start
from ..keywords import normalise_keyword
from .monthly_words import (
    category_vocab,
    index_trend,
    source_words,
    title_suggestions,
    traffic_words,
    word_tokens,
    words_of_titles,
)
from .products import by_product
from .zero_effect import ZERO_COLUMNS, days_without_effect, live_products, zero_effect

__all__ = [
    "TOTAL_DIMENSIONS",
    "ZERO_COLUMNS",
    "category_vocab",
    "days_without_effect",
    "exposure_view",
    "growth_score",
    "index_trend",
    "live_products",
    "new_products",
    "rising_products",
    "source_words",
    "title_suggestions",
    "traffic_words",
    "window_sums",
    "with_feedback",
    "word_tokens",
    "words_of_titles",
    "zero_effect",
]

TOTAL_DIMENSIONS = ("", "总分", "total", "Total", "合计")


# -- P4P growth score -----------------------------------------------------------------------------
def growth_score(frame: pd.DataFrame, day: dt.date, target: float) -> dict[str, Any] | None:
    """The P4P growth score (直通车成长分) as of ``day``: its history (one row per date), the
    latest score and level, the gap to ``target`` and, from the score details of that date,
    the dimensions with missing points, largest first (``enough``: those that close the gap
    when taken in that order). None without data."""
    if frame is None or frame.empty:
        return None
    data = frame.assign(_date=pd.to_datetime(frame["date"]).dt.date)
    data = data[data["_date"] <= day]
    if data.empty:
        return None
    dim = data["dimension"].fillna("").astype(str) if "dimension" in data else None
    totals = data if dim is None else data[dim.isin(TOTAL_DIMENSIONS)]
    totals = totals.dropna(subset=["growth_score"]).sort_values("_date")
    if totals.empty:
        return None
    history = (
        totals[["_date", "growth_score", "level"]]
        .groupby("_date")
        .last()
        .reset_index()
        .rename(columns={"_date": "date"})
    )
    latest = history.iloc[-1]
    score = float(latest["growth_score"])
    gap = max(0.0, float(target) - score)
    dims = pd.DataFrame(columns=["dimension", "points", "max_points", "missing", "enough"])
    if dim is not None and {"points", "max_points"} <= set(data.columns):
        d = data[(data["_date"] == latest["date"]) & ~dim.isin(TOTAL_DIMENSIONS)]
        d = d.dropna(subset=["points", "max_points"])
        if len(d):
            d = d.assign(
                points=d["points"].astype(float),
                max_points=d["max_points"].astype(float),
            )
            d = d.assign(missing=d["max_points"] - d["points"])
            d = d[d["missing"] > 0].sort_values(["missing", "dimension"], ascending=[False, True])
            before = d["missing"].cumsum() - d["missing"]
            d = d.assign(enough=before < gap)
            dims = d[["dimension", "points", "max_points", "missing", "enough"]].reset_index(
                drop=True
            )
    return {
        "date": latest["date"],
        "score": score,
        "level": None if pd.isna(latest["level"]) else str(latest["level"]),
        "target": float(target),
        "gap": gap,
        "history": history,
        "dimensions": dims,
    }


def growth_days(frame: pd.DataFrame) -> np.ndarray | None:
    """The days with a total growth score, ascending (datetime64[D]): :func:`growth_score`'s
    latest is the last of them on or before its day, read from that day's rows alone — so
    only when no day has two (None otherwise, or without the columns)."""
    if frame is None or frame.empty or not {"date", "growth_score"} <= set(frame.columns):
        return None
    dim = frame["dimension"].fillna("").astype(str) if "dimension" in frame else None
    totals = frame if dim is None else frame[dim.isin(TOTAL_DIMENSIONS)]
    days = pd.to_datetime(totals.dropna(subset=["growth_score"])["date"])
    if not pd.api.types.is_datetime64_dtype(days.dtype):
        return None  # (with a time zone: no day of its own)
    days = days.dt.normalize()
    if days.isna().any() or days.duplicated().any():
        return None
    return np.sort(days.to_numpy(dtype="datetime64[D]"))


# -- product analysis ----------------------------------------------------------------------------
def with_feedback(products: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The month's product table with feedback (inquiries + TM chats), last month's visitors
    and the change of visitors."""
    out = products.copy()
    tm = pd.to_numeric(out["tm_buyers"], errors="coerce").fillna(0)
    out["feedback"] = pd.to_numeric(out["inquiries"], errors="coerce").fillna(0) + tm
    if previous is not None and len(previous):
        prev = previous.assign(product_id=previous["product_id"].astype(str)).set_index(
            "product_id"
        )
        out["visitors_prev"] = out["product_id"].astype(str).map(prev["visitors"])
    else:
        out["visitors_prev"] = np.nan
    vp = pd.to_numeric(out["visitors_prev"], errors="coerce")
    out["visitors_change"] = (pd.to_numeric(out["visitors"], errors="coerce") / vp - 1).where(
        vp > 0
    )
    return out


def exposure_view(
    products: pd.DataFrame,
    words: pd.DataFrame,
    sources: Sequence[Sequence[str]],
    top_share: float = 0.2,
    low_ctr: float = 0.5,
) -> pd.DataFrame:
    """High exposure, low clicks: products among the ``top_share`` most shown whose CTR is
    below ``low_ctr`` × the store's CTR. ``reason``: ``broad_word`` when the word that shows
    the product most gets clicked below that line too (a broad word that brings nothing),
    else ``image_title`` (the main image or the title does not make people click)."""
    cols = [*products.columns, "main_word", "main_word_ctr", "reason"]
    if products.empty:
        return pd.DataFrame(columns=cols)
    imp = pd.to_numeric(products["impressions"], errors="coerce").fillna(0)
    clk = pd.to_numeric(products["clicks"], errors="coerce").fillna(0)
    total_imp = imp.sum()
    if total_imp <= 0:
        return pd.DataFrame(columns=cols)
    store_ctr = clk.sum() / total_imp
    n_top = max(1, int(np.ceil(len(products) * top_share)))
    cut = imp.sort_values(ascending=False).iloc[n_top - 1]
    ctr = (clk / imp).where(imp > 0)
    mask = (imp >= cut) & (imp > 0) & (ctr < low_ctr * store_ctr)
    by_word = words.set_index("word") if len(words) else pd.DataFrame(columns=["impressions"])
    recs = []
    for i in np.flatnonzero(mask.to_numpy()):
        rec = products.iloc[int(i)].to_dict()
        mine = [w for w in sources[int(i)] if w in by_word.index]
        main = max(mine, key=lambda w: by_word.at[w, "impressions"]) if mine else None
        main_ctr = by_word.at[main, "ctr"] if main else None
        rec["main_word"] = main
        rec["main_word_ctr"] = main_ctr
        rec["reason"] = (
            "broad_word"
            if main is not None and pd.notna(main_ctr) and main_ctr < low_ctr * store_ctr
            else "image_title"
        )
        recs.append(rec)
    out = pd.DataFrame(recs, columns=cols)
    return out.sort_values("impressions", ascending=False).reset_index(drop=True)


def window_sums(
    day_rows: pd.DataFrame, day: dt.date, days: int, column: str = "search_impressions"
) -> tuple[pd.Series, pd.Series]:
    """Per product: ``column`` summed over the ``days`` up to ``day`` and the ``days`` before."""
    if day_rows is None or day_rows.empty:
        return pd.Series(dtype=float), pd.Series(dtype=float)
    dates = pd.to_datetime(day_rows["period_end"])
    val = pd.to_numeric(day_rows[column], errors="coerce").fillna(0)
    pid = day_rows["product_id"].astype(str)
    t = pd.Timestamp(day)
    recent = (dates <= t) & (dates > t - pd.Timedelta(days=days))
    before = (dates <= t - pd.Timedelta(days=days)) & (dates > t - pd.Timedelta(days=2 * days))
    return val[recent].groupby(pid[recent]).sum(), val[before].groupby(pid[before]).sum()


def rising_products(
    day_rows: pd.DataFrame,
    trend: dict[str, float],
    words: Sequence[str],
    day: dt.date,
    days: int = 28,
    min_growth: float = 0.5,
    min_impressions: int = 200,
    index_rise: float = 0.1,
) -> pd.DataFrame:
    """Products whose search impressions over the ``days`` up to ``day`` reach
    ``min_impressions`` and grew by at least ``min_growth`` against the ``days`` before, and
    whose title covers at least one word whose search index rose by ``index_rise`` or more
    (``trend``: word → change). Products first seen inside those ``days`` or the ``days``
    before are left out: they were launched during the comparison (the review lists them as new
    products). Most growth first."""
    cols = ["product_id", "title", "impressions_recent", "impressions_before", "growth", "words"]
    live = live_products(day_rows, day)
    if live.empty:
        return pd.DataFrame(columns=cols)
    ends = pd.to_datetime(day_rows["period_end"])
    first = by_product(day_rows["product_id"], ends.to_numpy(), "min")
    # launched after the comparison began (inside the ``days`` before, or the ``days`` up to
    # ``day``): it did not exist for the whole base, so any traffic is a "rise". Products of
    # the store's first export are not launches (their history is unknown, not new).
    start = pd.Timestamp(day) - pd.Timedelta(days=2 * days)
    launched = first[(first > start) & (first > ends.min())].index
    live = live[~live["product_id"].isin(list(launched))]
    recent, before = window_sums(day_rows, day, days)
    live = live.assign(
        impressions_recent=live["product_id"].map(recent).fillna(0),
        impressions_before=live["product_id"].map(before).fillna(0),
    )
    up = live[
        (live["impressions_recent"] >= min_impressions)
        & (live["impressions_recent"] >= (1 + min_growth) * live["impressions_before"])
    ]
    if up.empty:
        return pd.DataFrame(columns=cols)
    hot = [normalise_keyword(w) for w in words if trend.get(normalise_keyword(w), -1) >= index_rise]
    covered = words_of_titles(list(up["title"]), list(dict.fromkeys(hot)))
    up = up.assign(words=covered)
    up = up[[len(w) > 0 for w in up["words"]]]
    up = up.assign(
        growth=(up["impressions_recent"] / up["impressions_before"] - 1).where(
            up["impressions_before"] > 0
        )
    )
    up = up.sort_values(
        ["impressions_before", "impressions_recent"], ascending=[True, False]
    ).sort_values("growth", ascending=False, na_position="first", kind="stable")
    return up[cols].reset_index(drop=True)


def new_products(
    day_rows: pd.DataFrame, plan: pd.DataFrame, end: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Products published in the month ending ``end`` (first seen in the daily exports that
    month, with history before it) with their first traffic in the month, joined to the
    selection staff's plan (新品计划); and the plan's products not yet published."""
    cols = [
        "product_id",
        "title",
        "first_seen",
        "impressions",
        "clicks",
        "visitors",
        "inquiries",
        "target_keywords",
    ]
    plan_cols = ["plan_date", "title", "category", "target_keywords", "status"]
    start = month_start(end)
    published = pd.DataFrame(columns=cols)
    if day_rows is not None and len(day_rows):
        stamps = pd.to_datetime(day_rows["period_end"])
        keep = (stamps <= pd.Timestamp(end)).to_numpy()
        read = ("title", "search_impressions", "search_clicks", "visitors", "inquiries")
        # the columns read, not every column of the history up to the month (a copy of most
        # of a large store's rows for each month)
        rows = day_rows.loc[keep, [c for c in read if c in day_rows.columns]].assign(
            _date=stamps[keep].to_numpy(),
            product_id=day_rows["product_id"].astype(str)[keep].to_numpy(),
        )
        if len(rows) and stamps[keep].min() < pd.Timestamp(start):
            first = by_product(rows["product_id"], rows["_date"].to_numpy(), "min")
            first = first[(first >= pd.Timestamp(start)) & (first <= pd.Timestamp(end))]
            new = pd.Series([t.date() for t in first], index=first.index, dtype=object)
            month = rows[
                rows["product_id"].isin(new.index) & (rows["_date"] >= pd.Timestamp(start))
            ]
            sums = month.groupby("product_id")[
                ["search_impressions", "search_clicks", "visitors", "inquiries"]
            ].sum()
            titles = month.sort_values("_date").groupby("product_id")["title"].last()
            published = pd.DataFrame(
                {
                    "product_id": list(new.index),
                    "title": [titles.get(p) for p in new.index],
                    "first_seen": list(new.to_numpy()),
                    "impressions": [sums.at[p, "search_impressions"] for p in new.index],
                    "clicks": [sums.at[p, "search_clicks"] for p in new.index],
                    "visitors": [sums.at[p, "visitors"] for p in new.index],
                    "inquiries": [sums.at[p, "inquiries"] for p in new.index],
                    "target_keywords": None,
                }
            )
    pending = pd.DataFrame(columns=plan_cols)
    if plan is not None and len(plan):
        ends = pd.to_datetime(plan["period_end"]).dt.date
        known = ends <= month_final_day(end)
        if known.any():
            latest = plan[ends == ends[known].max()]  # the plan's latest copy known by then
            ids = latest["product_id"].astype(str) if "product_id" in latest else None
            if ids is not None and len(published):
                targets = dict(zip(ids, latest["target_keywords"], strict=True))
                published["target_keywords"] = published["product_id"].map(targets)
            status = (
                latest["status"].fillna("")
                if "status" in latest
                else pd.Series("", index=latest.index)
            )
            todo = latest[status != "已发布"]
            pending = (
                todo.reindex(columns=plan_cols)
                .sort_values(["plan_date", "title"])
                .reset_index(drop=True)
            )
    published = published.sort_values(["first_seen", "product_id"]).reset_index(drop=True)
    return published, pending
