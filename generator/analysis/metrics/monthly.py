"""The monthly review's own analysis (the monthly routine): the P4P growth score against
its target, source words per product, the exposure view, rising, hot, zero-effect and new
products. Pure functions of frames and dates: no store, no clock, no text for pages.

Words are compared as the keyword library compares them (:func:`normalise_keyword`): a title
*covers* a word when it holds every token of the word (small English words such as "for"
need not be there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ...foundation.periods import month_final_day, month_start
from ..keywords import cover_tokens, covering, normalise_keyword, title_index

# the kinds the monthly review reads besides the product exports (SiteData.sheets)
MONTHLY_DATED = ("p4p_growth",)
MONTHLY_CURRENT = ("zero_effect", "new_products", "traffic_keywords", "keyword_index")
TOTAL_DIMENSIONS = ("", "总分", "total", "Total", "合计")


# -- words ----------------------------------------------------------------------------------------
def word_tokens(word: str) -> list[str]:
    """The tokens a title must hold to cover ``word`` (as the keyword library decides)."""
    return cover_tokens(normalise_keyword(word))


def words_of_titles(titles: Sequence[Any], words: Iterable[str]) -> list[list[str]]:
    """For each title, the words (in the order given) it covers."""
    index = title_index(titles)
    out: list[list[str]] = [[] for _ in titles]
    for w in words:
        for i in sorted(covering(word_tokens(w), index)):
            out[i].append(w)
    return out


def traffic_words(traffic: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """引流关键词 of the periods ending in [start, end], one row per normalised word: impressions,
    clicks, CTR and the latest search index; most clicks first."""
    cols = ["word", "impressions", "clicks", "ctr", "search_index"]
    if traffic is None or traffic.empty:
        return pd.DataFrame(columns=cols)
    ends = pd.to_datetime(traffic["period_end"]).dt.date
    frame = traffic[(ends >= start) & (ends <= end)]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    frame = frame.assign(
        word=[normalise_keyword(k) for k in frame["keyword"]],
        _end=pd.to_datetime(frame["period_end"]),
        impressions=pd.to_numeric(frame["impressions"], errors="coerce"),
        clicks=pd.to_numeric(frame["clicks"], errors="coerce"),
        search_index=pd.to_numeric(frame.get("search_index"), errors="coerce")
        if "search_index" in frame
        else np.nan,
    )
    frame = frame[frame["word"] != ""]
    g = frame.groupby("word").agg(impressions=("impressions", "sum"), clicks=("clicks", "sum"))
    latest = frame.sort_values("_end").dropna(subset=["search_index"]).groupby("word").last()
    g["search_index"] = latest["search_index"].reindex(g.index)
    g["ctr"] = (g["clicks"] / g["impressions"]).where(g["impressions"] > 0)
    g = g.reset_index().sort_values(
        ["clicks", "impressions", "word"], ascending=[False, False, True]
    )
    return g[cols].reset_index(drop=True)


def source_words(titles: Sequence[Any], words: pd.DataFrame, n: int = 3) -> list[list[str]]:
    """Per title, the traffic words it covers that brought the most clicks (then impressions):
    the words the product is found by."""
    useful = words[(words["clicks"] > 0) | (words["impressions"] > 0)] if len(words) else words
    got = words_of_titles(titles, list(useful["word"]) if len(useful) else [])
    return [g[:n] for g in got]


def index_trend(
    traffic: pd.DataFrame, keyword_index: pd.DataFrame, day: dt.date, days: int = 28
) -> dict[str, float]:
    """Per normalised word: how its search index moved over the ``days`` before ``day``. From
    引流关键词's weekly 关键词指数 (latest against the value ``days`` earlier), else from
    关键词指数 downloads (their 30-day 搜索涨幅)."""
    out: dict[str, float] = {}
    if keyword_index is not None and len(keyword_index) and "search_growth" in keyword_index:
        ends = pd.to_datetime(keyword_index["period_end"]).dt.date
        ki = keyword_index[(ends <= day) & (ends > day - dt.timedelta(days=days))]
        ki = ki.assign(_end=pd.to_datetime(ki["period_end"])).sort_values("_end")
        for k, g in zip(ki["keyword"], ki["search_growth"], strict=True):
            if pd.notna(g):
                out[normalise_keyword(k)] = float(g)
    if traffic is not None and len(traffic) and "search_index" in traffic:
        ends = pd.to_datetime(traffic["period_end"]).dt.date
        tr = traffic[(ends <= day) & (ends > day - dt.timedelta(days=days + 14))]
        names = {k: normalise_keyword(k) for k in tr["keyword"].unique()}
        tr = pd.DataFrame(
            {
                "word": tr["keyword"].map(names),
                "_end": pd.to_datetime(tr["period_end"]),
                "idx": pd.to_numeric(tr["search_index"], errors="coerce"),
            }
        ).dropna(subset=["idx"])
        if tr.empty:  # no keyword report in the window (only later or earlier ones)
            return out
        # per word and date the highest index; per word the latest, and the first on or before
        # ``days - 7`` days earlier than that
        by = tr.groupby(["word", "_end"], sort=True)["idx"].max().reset_index()
        last = by.groupby("word").tail(1).set_index("word")
        cut = by["word"].map(last["_end"]) - pd.Timedelta(days=days - 7)
        first = by[by["_end"] <= cut].groupby("word").head(1).set_index("word")["idx"]
        first = first[first > 0]
        for word, before in first.items():
            out[str(word)] = float(last.at[word, "idx"] / before - 1)
    return out


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


# -- zero-effect products ------------------------------------------------------------------------
ZERO_COLUMNS = [
    "product_id",
    "title",
    "owner",
    "days_without_effect",
    "keywords",
    "keywords_losing_coverage",
    "verdict",
]


def live_products(day_rows: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The products of the latest daily export on or before ``day`` (product_id, title, owner)."""
    if day_rows is None or day_rows.empty:
        return pd.DataFrame(columns=["product_id", "title", "owner"])
    stamps = pd.to_datetime(day_rows["period_end"])  # compared as timestamps: no per-row dates
    keep = stamps <= pd.Timestamp(day)
    if not keep.any():
        return pd.DataFrame(columns=["product_id", "title", "owner"])
    cur = day_rows[(stamps == stamps[keep].max()).to_numpy()]
    owner = cur["owner"] if "owner" in cur else pd.Series([None] * len(cur), index=cur.index)
    return pd.DataFrame(
        {"product_id": cur["product_id"].astype(str), "title": cur["title"], "owner": owner}
    ).drop_duplicates("product_id")


def days_without_effect(day_rows: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Per product seen in the daily history up to ``day`` (index: product_id): ``days`` since
    its last inquiry or TM chat (``had_effect``), or — never any — since it first appears, the
    first day counted (a lower bound when the history is short)."""
    empty = pd.DataFrame({"days": pd.Series(dtype="int64"), "had_effect": pd.Series(dtype=bool)})
    if day_rows is None or day_rows.empty:
        return empty
    stamps = pd.to_datetime(day_rows["period_end"])
    keep = (stamps <= pd.Timestamp(day)).to_numpy()
    rows = day_rows[keep]
    if rows.empty:
        return empty
    effect = pd.to_numeric(rows["inquiries"], errors="coerce").fillna(0) > 0
    if "tm_buyers" in rows:
        effect |= pd.to_numeric(rows["tm_buyers"], errors="coerce").fillna(0) > 0
    frame = pd.DataFrame(
        {
            "product_id": rows["product_id"].astype(str).to_numpy(),
            "date": stamps[keep].to_numpy(),
            "effect": effect.to_numpy(),
        }
    )
    first = frame.groupby("product_id")["date"].min()
    last_effect = frame[frame["effect"]].groupby("product_id")["date"].max().reindex(first.index)
    had = last_effect.notna()
    today = pd.Timestamp(day)
    since_effect = (today - last_effect).dt.days
    since_first = (today - first).dt.days + 1
    days = since_effect.where(had, since_first).astype("int64")
    return pd.DataFrame({"days": days.to_numpy(), "had_effect": had.to_numpy()}, index=first.index)


def zero_effect(
    day_rows: pd.DataFrame,
    sheet: pd.DataFrame,
    words: Iterable[str],
    day: dt.date,
    min_days: int = 90,
) -> pd.DataFrame:
    """Zero-effect products as of ``day``: live products with no inquiry and no TM chat for at
    least ``min_days`` days, from the daily history and the operator's 零效果产品 sheet (its
    latest copy on or before ``day``; its days count on from the sheet's date unless the
    history shows an effect since). For each: the ``words`` its title covers, the ones no live
    non-zero-effect product covers (they would be lost), and the verdict ``safe`` (every word
    stays covered), ``recover_first`` (re-use the losing words first) or ``no_words`` (no
    keyword data to judge by). Longest without effect first."""
    live = live_products(day_rows, day)
    hist = days_without_effect(day_rows, day)
    # plain dicts: looked up once per product (``.at`` per product dominated this function)
    hist_days: dict[str, int] = {str(k): int(v) for k, v in hist["days"].items()}
    hist_had: dict[str, bool] = {str(k): bool(v) for k, v in hist["had_effect"].items()}
    titles: dict[str, Any] = dict(zip(live["product_id"], live["title"], strict=True))
    owners: dict[str, Any] = dict(zip(live["product_id"], live["owner"], strict=True))
    days: dict[str, int] = {pid: hist_days[pid] for pid in live["product_id"] if pid in hist_days}
    if sheet is not None and len(sheet):
        ends = pd.to_datetime(sheet["period_end"]).dt.date
        sheet = sheet[(ends <= day).to_numpy()]
        if len(sheet):
            ends = pd.to_datetime(sheet["period_end"]).dt.date
            sheet_day = ends.max()
            since = (day - sheet_day).days
            for rec in sheet[(ends == sheet_day).to_numpy()].to_dict("records"):
                pid = str(rec["product_id"])
                if len(live) and pid not in titles:
                    continue  # deleted since (or never in the daily exports): not live
                counted = int(rec["zero_days"]) + since
                if pid in hist_days:
                    if hist_had[pid] and hist_days[pid] < since:
                        counted = hist_days[pid]  # an inquiry or TM chat since
                    else:
                        counted = max(counted, hist_days[pid])
                days[pid] = counted
                titles.setdefault(pid, rec.get("title"))
                if owners.get(pid) is None or pd.isna(owners.get(pid)):
                    owners[pid] = rec.get("owner")
    zero = sorted((pid for pid, n in days.items() if n >= min_days), key=lambda p: (-days[p], p))
    if not zero:
        return pd.DataFrame(columns=ZERO_COLUMNS)
    words = list(dict.fromkeys(w for w in (normalise_keyword(x) for x in words) if w))
    zero_set = set(zero)
    live_ids = set(live["product_id"])
    others = [pid for pid in titles if pid not in zero_set and pid in live_ids]
    other_index = title_index([titles[p] for p in others])
    zero_words = words_of_titles([titles[p] for p in zero], words)
    recs = []
    for pid, covered in zip(zero, zero_words, strict=True):
        losing = [w for w in covered if not covering(word_tokens(w), other_index)]
        verdict = "no_words" if not words else "recover_first" if losing else "safe"
        recs.append(
            {
                "product_id": pid,
                "title": titles.get(pid),
                "owner": owners.get(pid),
                "days_without_effect": days[pid],
                "keywords": covered,
                "keywords_losing_coverage": losing,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(recs, columns=ZERO_COLUMNS)


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
    (``trend``: word → change). Most growth first."""
    cols = ["product_id", "title", "impressions_recent", "impressions_before", "growth", "words"]
    live = live_products(day_rows, day)
    if live.empty:
        return pd.DataFrame(columns=cols)
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


def title_suggestions(
    titles: Sequence[Any], words: pd.DataFrame, n: int = 3
) -> tuple[list[list[str]], list[list[str]]]:
    """Per title: the words to keep (covered, and they bring clicks) and words to add (the
    title misses exactly one of their tokens, and they are searched: highest search index,
    then impressions) — improve the title, do not rewrite it."""
    keep = source_words(titles, words, n)
    if words.empty:
        return keep, [[] for _ in titles]
    ranked = words.assign(
        _idx=pd.to_numeric(words["search_index"], errors="coerce").fillna(0)
    ).sort_values(["_idx", "impressions", "word"], ascending=[False, False, True])
    add: list[list[str]] = []
    for title in titles:
        toks = set(normalise_keyword(title).split())
        got = []
        for w in ranked["word"]:
            wt = word_tokens(w)
            if len(wt) >= 2 and sum(t not in toks for t in wt) == 1:
                got.append(w)
                if len(got) >= n:
                    break
        add.append(got)
    return keep, add


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
        rows = day_rows[keep].assign(
            _date=stamps[keep].to_numpy(),
            product_id=day_rows["product_id"].astype(str)[keep].to_numpy(),
        )
        if len(rows) and stamps[keep].min() < pd.Timestamp(start):
            first = rows.groupby("product_id")["_date"].min()
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
