"""The weekly analysis's product sections: 实力优品 (growth scores), keyword coverage against
the Top10 and the publishing plan, rank checks, the showcase and rising products."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..keywords import normalise_keyword
from .weekly_store import _dates, latest_on_or_before, reports_in


# -- 实力优品 ---------------------------------------------------------------------------------
def _snapshots(scores: pd.DataFrame, day: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The latest growth-score snapshot on or before ``day`` and the one before it."""
    now = latest_on_or_before(scores, "date", day)
    if now.empty:
        return now, now
    before = latest_on_or_before(scores, "date", _dates(now["date"]).iloc[0] - dt.timedelta(days=1))
    return now, before


def score_changes(scores: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Products whose growth score fell between the two latest snapshots up to ``day``, with
    what fell with it (information quality, tier); largest fall first."""
    cols = [
        "product_id",
        "title",
        "score",
        "score_prev",
        "score_change",
        "info_quality",
        "info_quality_prev",
        "tier",
        "tier_prev",
        "date",
        "date_prev",
    ]
    now, before = _snapshots(scores, day)
    if now.empty or before.empty:
        return pd.DataFrame(columns=cols)
    keep = ["product_id", "title", "growth_score", "info_quality", "tier", "date"]
    a = now[[c for c in keep if c in now]].astype({"product_id": str})
    b = before[[c for c in keep if c in before]].astype({"product_id": str})
    m = a.merge(b, on="product_id", suffixes=("", "_prev"))
    m = m.rename(columns={"growth_score": "score", "growth_score_prev": "score_prev"})
    for c in ("info_quality", "info_quality_prev", "tier", "tier_prev", "title"):
        if c not in m:
            m[c] = None
    m["score_change"] = m["score"] - m["score_prev"]
    m = m[m["score_change"] < 0]
    m["date"], m["date_prev"] = _dates(m["date"]), _dates(m["date_prev"])
    return m.sort_values(["score_change", "product_id"])[cols].reset_index(drop=True)


def star_candidates(
    scores: pd.DataFrame, day: dt.date, low: float, target: float, visitors: pd.DataFrame
) -> pd.DataFrame:
    """Products of the latest snapshot up to ``day`` scoring at least ``low`` and below
    ``target`` (75–79 for 80), with their gap to the target and the period's visitors
    (``visitors``: product_id, visitors); closest first, then most visitors."""
    cols = ["product_id", "title", "score", "gap", "visitors"]
    now = latest_on_or_before(scores, "date", day)
    if now.empty:
        return pd.DataFrame(columns=cols)
    band = now[(now["growth_score"] >= low) & (now["growth_score"] < target)]
    out = pd.DataFrame(
        {
            "product_id": band["product_id"].astype(str),
            "title": band.get("title"),
            "score": band["growth_score"].astype(float),
            "gap": target - band["growth_score"].astype(float),
        }
    )
    v = (
        visitors.assign(product_id=visitors["product_id"].astype(str))
        .groupby("product_id")["visitors"]
        .sum()
        if len(visitors)
        else pd.Series(dtype=float)
    )
    out["visitors"] = out["product_id"].map(v).fillna(0)
    return out.sort_values(["gap", "visitors", "product_id"], ascending=[True, False, True])[
        cols
    ].reset_index(drop=True)


# -- keywords --------------------------------------------------------------------------------
def keyword_vs_top10(traffic: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per word (引流关键词 reports ending in the period): my impressions and clicks against
    the Top10 average, and my share of it (mine ÷ Top10). Most Top10 impressions first."""
    cols = [
        "keyword",
        "impressions",
        "clicks",
        "top10_impressions",
        "top10_clicks",
        "impressions_vs_top10",
        "clicks_vs_top10",
    ]
    rows = reports_in(traffic, start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    vals = [c for c in cols[1:5] if c in rows]
    out = rows.groupby("keyword")[vals].sum(min_count=1).reset_index()
    if "top10_clicks" not in out:
        out["top10_clicks"] = np.nan
    out["impressions_vs_top10"] = (out["impressions"] / out["top10_impressions"]).where(
        out["top10_impressions"] > 0
    )
    out["clicks_vs_top10"] = (out["clicks"] / out["top10_clicks"]).where(out["top10_clicks"] > 0)
    return out.sort_values(["top10_impressions", "keyword"], ascending=[False, True])[
        cols
    ].reset_index(drop=True)


def uncovered_keywords(library: pd.DataFrame, top10: pd.DataFrame) -> pd.DataFrame:
    """The keyword library's words to publish (status uncovered, or opportunity with no
    covering product: the library's coverage, no live product's title or keywords hold the
    word) that peers get impressions on, with the period's Top10 and my
    impressions where the period has the word (else the library's); most peer impressions
    first."""
    cols = ["keyword", "peer_top10_impressions", "my_impressions", "covering_products", "planned"]
    if library.empty:
        return pd.DataFrame(columns=cols)
    # the library's words to publish: uncovered, or opportunity words nothing covers yet
    lib = library[
        library["status"].isin(["uncovered", "opportunity"])
        & (library["covering_products"].fillna(0) == 0)
    ]
    if lib.empty:
        return pd.DataFrame(columns=cols)
    period = (
        top10.assign(_k=[normalise_keyword(k) for k in top10["keyword"]]).set_index("_k")
        if len(top10)
        else pd.DataFrame(columns=["top10_impressions", "impressions"])
    )
    period = period[~period.index.duplicated()]
    keys = lib["key"].astype(str)
    peer = keys.map(period["top10_impressions"]) if len(period) else pd.Series(np.nan, lib.index)
    mine = keys.map(period["impressions"]) if len(period) else pd.Series(np.nan, lib.index)
    out = pd.DataFrame(
        {
            "keyword": lib["keyword"],
            "peer_top10_impressions": peer.fillna(lib["top10_impressions"]).astype(float),
            "my_impressions": mine.fillna(lib["impressions"]).astype(float),
            "covering_products": lib["covering_products"].fillna(0).astype(float),
            "planned": lib["planned"].fillna(False).astype(bool),
        }
    )
    out = out[out["peer_top10_impressions"].fillna(0) > 0]
    return out.sort_values(
        ["peer_top10_impressions", "keyword"], ascending=[False, True]
    ).reset_index(drop=True)[cols]


def publishing_plan(
    words: pd.DataFrame, first_day: dt.date, per_day: int, days: int = 7
) -> pd.DataFrame:
    """Spread the words over the coming ``days`` days, ``per_day`` a day in their order (most
    peer impressions first); words beyond the plan get no day (next week's plan)."""
    out = words.copy()
    out["suggested_day"] = [
        first_day + dt.timedelta(days=i // per_day) if i // per_day < days else None
        for i in range(len(out))
    ]
    return out


def rank_summary(
    ranks: pd.DataFrame, day: dt.date, target: float
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The latest rank check on or before ``day``: per word the best organic and best P4P
    (page, position), whether it is on page 1 organically (``page1``: a P4P position is bought,
    not ranked, so it does not count) and ``double_exposure`` (one product on page 1 both
    organically and by P4P). Returns the table and {date, words, page1, share, target,
    double}."""
    cols = [
        "keyword",
        "organic_page",
        "organic_position",
        "p4p_page",
        "p4p_position",
        "page1",
        "double_exposure",
    ]
    snap = latest_on_or_before(ranks, "date", day)
    if snap.empty:
        return pd.DataFrame(columns=cols), {}
    snap = snap.assign(
        is_p4p=snap["is_p4p"].fillna(False).astype(bool) if "is_p4p" in snap else False,
        product_id=snap["product_id"].astype(str) if "product_id" in snap else "",
    )
    snap = snap.sort_values(["keyword", "page", "position"])
    org = snap[~snap["is_p4p"]].groupby("keyword")[["page", "position"]].first()
    paid = snap[snap["is_p4p"]].groupby("keyword")[["page", "position"]].first()
    first = snap[snap["page"] == 1]
    both = first.groupby(["keyword", "product_id"])["is_p4p"].nunique()
    double = set(both[both == 2].index.get_level_values(0))
    words = sorted(snap["keyword"].unique())
    organic1 = set(first.loc[~first["is_p4p"], "keyword"])  # on page 1 organically
    table = pd.DataFrame(
        {
            "keyword": words,
            "organic_page": org["page"].reindex(words).to_numpy(),
            "organic_position": org["position"].reindex(words).to_numpy(),
            "p4p_page": paid["page"].reindex(words).to_numpy(),
            "p4p_position": paid["position"].reindex(words).to_numpy(),
            "page1": [w in organic1 for w in words],
            "double_exposure": [w in double for w in words],
        },
        columns=cols,
    )
    n = len(table)
    page1 = int(table["page1"].sum())
    info = {
        "date": _dates(snap["date"]).iloc[0],
        "words": n,
        "page1": page1,
        "share": page1 / n if n else None,
        "target": target,
        "double": int(table["double_exposure"].sum()),
    }
    return table, info


# -- showcase --------------------------------------------------------------------------------
def showcase_summary(
    showcase: pd.DataFrame,
    products: pd.DataFrame,
    scores: pd.DataFrame,
    star_score: float,
    n: int = 5,
) -> dict[str, Any] | None:
    """Showcase products' share of the period's inquiries and the share of 实力优品 among them
    (growth score ≥ ``star_score`` in the latest snapshot given), the ``n`` weakest showcase
    products (fewest inquiries, then fewest impressions) and the ``n`` best products outside
    the showcase to swap in (most inquiries, then impressions). ``kept``: the showcase products
    never offered to swap out — the only one, or the store's #1 by search impressions.
    ``products`` are the period's product rows (product_id, title, search_impressions, inquiries, visitors)."""
    if showcase.empty:
        return None
    ids = set(showcase["product_id"].astype(str))
    rows = products.assign(product_id=products["product_id"].astype(str))
    per = (
        rows.groupby("product_id")
        .agg(
            title=("title", "last"),
            impressions=("search_impressions", "sum"),
            visitors=("visitors", "sum"),
            inquiries=("inquiries", "sum"),
        )
        .reset_index()
    )
    score_of = (
        scores.assign(product_id=scores["product_id"].astype(str))
        .set_index("product_id")["growth_score"]
        .to_dict()
        if len(scores)
        else {}
    )
    per["score"] = per["product_id"].map(score_of)
    total = float(per["inquiries"].sum())
    inside = per[per["product_id"].isin(ids)]
    missing = sorted(ids - set(per["product_id"]))
    if missing:
        inside = pd.concat(
            [
                inside,
                pd.DataFrame(
                    {
                        "product_id": missing,
                        "title": None,
                        "impressions": 0.0,
                        "visitors": 0.0,
                        "inquiries": 0.0,
                        "score": [score_of.get(p) for p in missing],
                    }
                ),
            ],
            ignore_index=True,
        )
    outside = per[~per["product_id"].isin(ids)]
    # never swap out the only showcase product, nor the store's #1 by exposure
    top = float(per["impressions"].max()) if len(per) else 0.0
    if len(ids) == 1:
        keep = pd.Series(True, index=inside.index)
    else:
        keep = inside["impressions"].eq(top) & (top > 0)
    scored = inside["score"].notna()
    stars = int((inside.loc[scored, "score"] >= star_score).sum())
    return {
        "slots": len(ids),
        "inquiries": float(inside["inquiries"].sum()),
        "total_inquiries": total,
        "inquiry_share": float(inside["inquiries"].sum()) / total if total else None,
        "stars": stars,
        "star_share": stars / int(scored.sum()) if scored.any() else None,
        "weakest": inside[~keep].sort_values(["inquiries", "impressions", "product_id"]).head(n),
        "kept": sorted(inside.loc[keep, "product_id"]),
        "candidates": outside.sort_values(
            ["inquiries", "impressions", "product_id"], ascending=[False, False, True]
        ).head(n),
    }


def rising_products(
    now: pd.DataFrame,
    before: pd.DataFrame,
    min_rise: float,
    exclude: set[str],
    n: int = 5,
    earlier: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Products (outside ``exclude``, e.g. the showcase) whose search impressions rose by at
    least ``min_rise`` over the previous period, or that had none before; most gained first.
    ``now``/``before``/``earlier``: product rows (product_id, title, search_impressions).
    With ``earlier`` (the period before ``before``; the weekly scale passes it) the rise must
    hold two periods running: the product had impressions in ``earlier`` (it was not launched
    inside the window) and rose by ``min_rise`` in both periods."""
    cols = ["product_id", "title", "impressions", "impressions_prev", "impressions_change"]
    if earlier is not None:
        cols.insert(3, "impressions_prev2")
    if now.empty:
        return pd.DataFrame(columns=cols)
    a = now.assign(product_id=now["product_id"].astype(str)).groupby("product_id")
    out = a.agg(title=("title", "last"), impressions=("search_impressions", "sum"))
    out["impressions_prev"] = out.index.map(_impressions(before)).fillna(0).astype(float)
    out = out.reset_index()
    out = out[~out["product_id"].isin(exclude) & (out["impressions"] > out["impressions_prev"])]
    out["impressions_change"] = (out["impressions"] / out["impressions_prev"] - 1).where(
        out["impressions_prev"] > 0
    )
    rose = out["impressions_change"].isna() | (out["impressions_change"] >= min_rise - 1e-9)
    if earlier is not None:
        out["impressions_prev2"] = out["product_id"].map(_impressions(earlier)).astype(float)
        prev, prev2 = out["impressions_prev"], out["impressions_prev2"]
        rose &= (prev2 > 0) & (out["impressions_change"].notna())
        rose &= prev >= (1 + min_rise) * prev2 - 1e-9
    # the gain before the filter: assigning a Series to an empty frame would take its rows
    out = out.assign(_gain=out["impressions"] - out["impressions_prev"])[rose]
    return (
        out.sort_values(["_gain", "product_id"], ascending=[False, True])[cols]
        .head(n)
        .reset_index(drop=True)
    )


def _impressions(rows: pd.DataFrame) -> pd.Series:
    """Search impressions per product (index: product_id as text)."""
    if rows is None or not len(rows):
        return pd.Series(dtype=float)
    b = rows.assign(product_id=rows["product_id"].astype(str))
    return b.groupby("product_id")["search_impressions"].sum()
