"""The weekly analysis (the weekly routine): against peers, traffic mix, regions, P4P strategy,
实力优品, keyword coverage and rank, showcase. Pure functions on DataFrames.

Every function takes a period (``start``, ``end``, both inclusive) and never assumes 7 days,
so the monthly review calls the same functions with a month. Sheets dated row by row
(overview, P4P account, regions, traffic sources) are cut by their date column; reports that
cover a span (P4P keyword/campaign/product reports, traffic keywords) count when their
``period_end`` falls in the period; snapshots (growth scores, rank checks, showcase) are taken
as the latest on or before a given day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ..keywords import normalise_keyword

# overview metrics compared with peers: store column → name used on the page
PEER_METRICS = (
    "search_impressions",
    "store_visitors",
    "inquiries",
    "ta_orders",
    "ta_amount_usd",
)
SUBJECT_MINE, SUBJECT_AVG, SUBJECT_BEST = "我的", "同行平均", "同行优秀"


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.date


def dated_in(frame: pd.DataFrame, col: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose ``col`` date lies within [start, end]."""
    if frame.empty or col not in frame:
        return frame.iloc[0:0]
    d = pd.to_datetime(frame[col])  # compared as timestamps: no per-row date objects
    return frame[((d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))).to_numpy()]


def reports_in(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows of span reports whose period ends within [start, end]."""
    return dated_in(frame, "period_end", start, end)


def report_days(frame: pd.DataFrame) -> pd.Series:
    """Days each report row covers (period_end − period_start + 1)."""
    return (pd.to_datetime(frame["period_end"]) - pd.to_datetime(frame["period_start"])).dt.days + 1


def _ratio(a: Any, b: Any) -> float | None:
    if a is None or b is None or pd.isna(a) or pd.isna(b) or not b:
        return None
    return float(a) / float(b)


def latest_on_or_before(frame: pd.DataFrame, col: str, day: dt.date) -> pd.DataFrame:
    """The rows of the latest snapshot (``col`` date) on or before ``day``."""
    if frame.empty or col not in frame:
        return frame.iloc[0:0]
    d = pd.to_datetime(frame[col]).dt.normalize()  # as timestamps: no per-row date objects
    d = d[d <= pd.Timestamp(day)]
    if d.empty:
        return frame.iloc[0:0]
    return frame.loc[d[d == d.max()].index]


# -- against peers ---------------------------------------------------------------------------
def peer_table(
    overview: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    prev_start: dt.date,
    prev_end: dt.date,
) -> pd.DataFrame:
    """Per overview metric: mine this period and the previous one, the change, 同行平均 and
    同行优秀 over the same period, and my gap to each (mine ÷ peer − 1). A metric no row of
    the period has is left out; a peer figure the sheet lacks stays empty."""
    cols = ["metric", "mine", "previous", "change", "peer_avg", "peer_best", "gap_avg", "gap_best"]
    now = dated_in(overview, "date", start, end)
    if now.empty:
        return pd.DataFrame(columns=cols)
    before = dated_in(overview, "date", prev_start, prev_end)

    def total(frame: pd.DataFrame, subject: str, metric: str) -> float | None:
        if metric not in frame:
            return None
        got = frame.loc[frame["subject"] == subject, metric]
        value = got.sum(min_count=1)
        return None if pd.isna(value) else float(value)

    rows = []
    for m in PEER_METRICS:
        mine = total(now, SUBJECT_MINE, m)
        if mine is None:
            continue
        prev = total(before, SUBJECT_MINE, m)
        avg, best = total(now, SUBJECT_AVG, m), total(now, SUBJECT_BEST, m)
        change = _ratio(mine, prev)
        rows.append(
            {
                "metric": m,
                "mine": mine,
                "previous": prev,
                "change": None if change is None else change - 1,
                "peer_avg": avg,
                "peer_best": best,
                "gap_avg": None if _ratio(mine, avg) is None else _ratio(mine, avg) - 1,  # type: ignore[operator]
                "gap_best": None if _ratio(mine, best) is None else _ratio(mine, best) - 1,  # type: ignore[operator]
            }
        )
    return pd.DataFrame(rows, columns=cols)


def peer_history(
    overview: pd.DataFrame, periods: list[tuple[dt.date, dt.date]], metric: str
) -> pd.DataFrame:
    """Per period: my total of ``metric`` and the two peer totals (long form for a chart:
    columns period_end, subject, value). Periods without overview rows are left out."""
    cols = ["period_end", "subject", "value"]
    if overview.empty or metric not in overview or not periods:
        return pd.DataFrame(columns=cols)
    # only the periods' rows are mapped to a period (the sheet holds every day of the store)
    overview = dated_in(overview, "date", min(a for a, _ in periods), max(b for _, b in periods))
    days = pd.to_datetime(overview["date"]).dt.normalize()  # no per-row date objects
    period_of: dict[pd.Timestamp, dt.date] = {}
    for start, end in periods:
        for i in range((end - start).days + 1):
            period_of.setdefault(pd.Timestamp(start + dt.timedelta(days=i)), end)
    ends = days.map(period_of)
    rows = overview.assign(period_end=ends)[ends.notna()]
    rows = rows[rows["subject"].isin([SUBJECT_MINE, SUBJECT_AVG, SUBJECT_BEST])]
    got = rows.groupby(["period_end", "subject"])[metric].sum(min_count=1).dropna().reset_index()
    order = {SUBJECT_MINE: 0, SUBJECT_AVG: 1, SUBJECT_BEST: 2}
    got = got.assign(_o=got["subject"].map(order)).sort_values(["period_end", "_o"])
    return (
        got.rename(columns={metric: "value"})[cols].astype({"value": float}).reset_index(drop=True)
    )


# -- traffic mix and regions -----------------------------------------------------------------
def traffic_mix(
    sources: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    groups: dict[str, list[str]],
    targets: dict[str, float],
) -> pd.DataFrame:
    """Store visitors per channel group (scene/venue, paid, natural) as shares of all, against
    the target shares; a channel in no group counts as 'other' (no target)."""
    cols = ["group", "visitors", "share", "target", "gap"]
    rows = dated_in(sources, "date", start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    group_of = {ch: g for g, chans in groups.items() for ch in chans}
    grouped = (
        rows.assign(group=[group_of.get(str(c), "other") for c in rows["channel"]])
        .groupby("group")["store_visitors"]
        .sum()
    )
    total = float(grouped.sum())
    recs = []
    for g in [*groups, "other"]:
        if g == "other" and g not in grouped:
            continue
        v = float(grouped.get(g, 0))
        share = v / total if total else None
        target = targets.get(g)
        recs.append(
            {
                "group": g,
                "visitors": v,
                "share": share,
                "target": target,
                "gap": None if share is None or target is None else share - target,
            }
        )
    return pd.DataFrame(recs, columns=cols)


def region_table(
    regions: pd.DataFrame, start: dt.date, end: dt.date, min_clicks: int
) -> pd.DataFrame:
    """Per country: impressions, clicks, visitors, inquiring buyers, buyers per click and a
    verdict: 'converts' (has inquiries) or 'imprecise' (at least ``min_clicks`` clicks and no
    inquiry: a candidate to cut from regional P4P). Most clicks first."""
    cols = [
        "country",
        "search_impressions",
        "search_clicks",
        "visitors",
        "inquiry_buyers",
        "inquiries_per_click",
        "verdict",
    ]
    rows = dated_in(regions, "date", start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    vals = [c for c in cols[1:5] if c in rows]
    out = rows.groupby("country")[vals].sum(min_count=1).reset_index()
    for c in cols[1:5]:
        if c not in out:
            out[c] = np.nan
    clicks = out["search_clicks"].fillna(0)
    buyers = out["inquiry_buyers"]
    out["inquiries_per_click"] = (buyers / clicks).where(clicks > 0)
    has_buyers = buyers.notna()
    out["verdict"] = np.where(
        has_buyers & (buyers > 0),
        "converts",
        np.where(has_buyers & (buyers == 0) & (clicks >= min_clicks), "imprecise", ""),
    )
    return out.sort_values(["search_clicks", "country"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


# -- P4P -------------------------------------------------------------------------------------
def p4p_totals(account: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """The period's P4P account totals: impressions, clicks, spend, CTR, CPC, mean promotion
    hours a day, budget use (spend ÷ the days' budgets, where the report has budgets)."""
    rows = dated_in(account, "date", start, end)
    if rows.empty:
        return None
    imp, clk, spend = (float(rows[c].sum()) for c in ("impressions", "clicks", "spend"))
    budget = rows["budget"].sum(min_count=1) if "budget" in rows else np.nan
    return {
        "impressions": imp,
        "clicks": clk,
        "spend": spend,
        "ctr": _ratio(clk, imp),
        "cpc": _ratio(spend, clk),
        "promo_hours": float(rows["promo_hours"].mean()),
        "budget_use": None if pd.isna(budget) else _ratio(spend, budget),
        "days": int(_dates(rows["date"]).nunique()),
    }


def cpc_trend(account: pd.DataFrame, periods: list[tuple[dt.date, dt.date]]) -> pd.DataFrame:
    """CPC (spend ÷ clicks) per period, for the periods with account rows."""
    recs = []
    if periods:  # cut the account to the periods once, not the whole sheet per period
        account = dated_in(account, "date", min(a for a, _ in periods), max(b for _, b in periods))
    for start, end in periods:
        t = p4p_totals(account, start, end)
        if t is not None and t["cpc"] is not None:
            recs.append({"period_end": end, "cpc": t["cpc"], "clicks": t["clicks"]})
    return pd.DataFrame(recs, columns=["period_end", "cpc", "clicks"])


def p4p_keyword_table(
    keywords: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    abnormal_max_ctr: float,
    abnormal_min_impressions: int,
) -> pd.DataFrame:
    """Per P4P keyword over the period: impressions, clicks, CTR, spend, CPC, inquiries; flags
    ``abnormal`` (CTR below ``abnormal_max_ctr`` with more than ``abnormal_min_impressions``
    impressions, scaled to the period's length in weeks) and ``no_inquiry`` (spent, no inquiry
    where the report counts inquiries). Most spend first."""
    cols = [
        "keyword",
        "impressions",
        "clicks",
        "ctr",
        "spend",
        "cpc",
        "inquiries",
        "abnormal",
        "no_inquiry",
    ]
    rows = reports_in(keywords, start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    has_inq = "inquiries" in rows and rows["inquiries"].notna().any()
    vals = ["impressions", "clicks", "spend", *(["inquiries"] if has_inq else [])]
    out = rows.groupby("keyword")[vals].sum(min_count=1).reset_index()
    if not has_inq:
        out["inquiries"] = np.nan
    out["ctr"] = (out["clicks"] / out["impressions"]).where(out["impressions"] > 0)
    out["cpc"] = (out["spend"] / out["clicks"]).where(out["clicks"] > 0)
    weeks = max(1.0, ((end - start).days + 1) / 7)
    out["abnormal"] = (out["impressions"] > abnormal_min_impressions * weeks) & (
        out["ctr"].fillna(0) < abnormal_max_ctr
    )
    out["no_inquiry"] = (out["spend"].fillna(0) > 0) & (out["inquiries"].fillna(-1) == 0)
    return out.sort_values(["spend", "keyword"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


def p4p_product_table(products: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Per promoted product over the period (all campaigns): impressions, clicks, CTR, spend
    (CNY; the report gives fen), inquiries, and ``no_inquiry`` (spent without one)."""
    cols = [
        "product_id",
        "title",
        "impressions",
        "clicks",
        "ctr",
        "spend",
        "inquiries",
        "no_inquiry",
    ]
    rows = reports_in(products, start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.assign(
        spend=rows["spend_fen"] / 100 if "spend_fen" in rows else np.nan,
        product_id=rows["product_id"].astype(str),
    )
    has_inq = "inquiries" in rows and rows["inquiries"].notna().any()
    vals = ["impressions", "clicks", "spend", *(["inquiries"] if has_inq else [])]
    out = rows.groupby("product_id")[vals].sum(min_count=1)
    out["title"] = rows.groupby("product_id")["product_info"].last()
    out = out.reset_index()
    if not has_inq:
        out["inquiries"] = np.nan
    out["ctr"] = (out["clicks"] / out["impressions"]).where(out["impressions"] > 0)
    out["no_inquiry"] = (out["spend"].fillna(0) > 0) & (out["inquiries"].fillna(-1) == 0)
    return out.sort_values(["spend", "product_id"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


def cpc_drivers(words: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The words that pull the CPC up: CPC above the overall CPC, ranked by how much they add
    to the total spend over paying the overall CPC for their clicks ((cpc − overall) × clicks)."""
    cols = ["keyword", "clicks", "cpc", "spend", "excess"]
    if words.empty or not words["clicks"].sum():
        return pd.DataFrame(columns=cols)
    overall = words["spend"].sum() / words["clicks"].sum()
    paid = words[words["clicks"] > 0]
    out = paid.assign(excess=(paid["cpc"] - overall) * paid["clicks"])
    out = out[out["excess"] > 0]
    return (
        out.sort_values(["excess", "keyword"], ascending=[False, True])[cols]
        .head(n)
        .reset_index(drop=True)
    )


def ctr_diagnosis(
    words: pd.DataFrame,
    products: pd.DataFrame,
    links: pd.DataFrame,
    low_ratio: float,
    min_impressions: int,
) -> pd.DataFrame:
    """Who is at fault for a low CTR, stated per case. ``words`` and ``products`` have
    impressions and clicks (keyword / product_id); ``links`` (keyword, product_id) says which
    products a word shows (the rank checks' P4P rows). A word or product is low when its CTR
    is below ``low_ratio`` × the CTR of all words, with at least ``min_impressions``.

    - a low word whose products draw clicks elsewhere (not low themselves) → ``word``: the
      word is broad or off-target; change the match, lower the bid or pause it;
    - a low word whose every linked product is low too → ``product``: the products shown;
    - a low product whose words are not low (or unknown) → ``product``: its image or title
      does not draw clicks;
    - a low product whose every linked word is low too → ``word``;
    - but when those partners are low only alongside low partners of this side (a low word
      shown only with low products that are shown only with low words) → ``both``: neither
      side can be cleared, so both are stated (never each blaming the other).

    Returns subject_type (keyword | product), subject, impressions, clicks, ctr, reference
    and diagnosis (word | product | both), words first, lowest CTR first."""
    cols = ["subject_type", "subject", "impressions", "clicks", "ctr", "reference", "diagnosis"]
    if words.empty or not words["impressions"].sum():
        return pd.DataFrame(columns=cols)
    reference = float(words["clicks"].sum() / words["impressions"].sum())

    def lows(frame: pd.DataFrame, key: str) -> tuple[pd.DataFrame, set[str]]:
        if frame.empty:
            return frame.assign(subject=[], ctr=[]), set()
        f = frame.assign(subject=frame[key].astype(str))
        f = f.groupby("subject")[["impressions", "clicks"]].sum().reset_index()
        f["ctr"] = (f["clicks"] / f["impressions"]).where(f["impressions"] > 0)
        low = f[(f["impressions"] >= min_impressions) & (f["ctr"] < low_ratio * reference)]
        return low, set(low["subject"])

    low_words, lw = lows(words, "keyword")
    low_products, lp = lows(products, "product_id")
    link = (
        links[["keyword", "product_id"]].astype(str).drop_duplicates()
        if len(links)
        else pd.DataFrame(columns=["keyword", "product_id"])
    )
    known_products = set(products["product_id"].astype(str)) if len(products) else set()
    known_words = set(words["keyword"].astype(str))
    recs = []
    for subject_type, low, key, other, other_low, other_known, own in (
        ("keyword", low_words, "keyword", "product_id", lp, known_products, "word"),
        ("product", low_products, "product_id", "keyword", lw, known_words, "product"),
    ):
        blame_other = "product" if own == "word" else "word"
        own_low = lw if own == "word" else lp
        own_known = known_words if own == "word" else known_products
        for r in low.sort_values(["ctr", "subject"]).to_dict("records"):
            mates = set(link.loc[link[key] == r["subject"], other]) & other_known
            if mates and mates <= other_low:
                back = set(link.loc[link[other].isin(mates), key]) & own_known
                diagnosis = "both" if back <= own_low else blame_other
            else:
                diagnosis = own
            recs.append(
                {
                    "subject_type": subject_type,
                    "subject": r["subject"],
                    "impressions": float(r["impressions"]),
                    "clicks": float(r["clicks"]),
                    "ctr": float(r["ctr"]),
                    "reference": reference,
                    "diagnosis": diagnosis,
                }
            )
    return pd.DataFrame(recs, columns=cols)


def campaign_checks(
    campaigns: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    min_hours: float,
    min_budget_use: float,
) -> pd.DataFrame:
    """Per campaign over the period: mean promotion hours a day (the reports' hours are per
    report span), budget use (spend ÷ daily budget × days), spend and inquiries, with flags
    ``low_hours`` (< ``min_hours``) and ``low_budget`` (< ``min_budget_use``), never raised for
    a campaign that did not run or spend at all in the period (paused)."""
    cols = [
        "campaign",
        "hours_per_day",
        "budget",
        "budget_use",
        "spend",
        "inquiries",
        "low_hours",
        "low_budget",
    ]
    rows = reports_in(campaigns, start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.assign(
        _days=report_days(rows),
        _cap=rows["budget"] * report_days(rows) if "budget" in rows else np.nan,
    )
    recs = []
    for name, g in rows.groupby("campaign", sort=True):
        days = float(g["_days"].sum())
        hours = (
            float(g["promo_hours"].sum()) / days
            if "promo_hours" in g and g["promo_hours"].notna().any() and days
            else None
        )
        cap = g["_cap"].sum(min_count=1)
        spend = float(g["spend"].sum())
        use = None if pd.isna(cap) or not cap else spend / float(cap)
        inq = g["inquiries"].sum(min_count=1) if "inquiries" in g else np.nan
        running = spend > 0 or bool(hours)
        recs.append(
            {
                "campaign": name,
                "hours_per_day": hours,
                "budget": None if "budget" not in g else g["budget"].iloc[-1],
                "budget_use": use,
                "spend": spend,
                "inquiries": None if pd.isna(inq) else float(inq),
                # a campaign that neither ran nor spent all period is paused, not under-used
                "low_hours": running and hours is not None and hours < min_hours,
                "low_budget": running and use is not None and use < min_budget_use,
            }
        )
    return pd.DataFrame(recs, columns=cols)


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
    (page, position), whether it is on page 1, and ``double_exposure`` (one product on page 1
    both organically and by P4P). Returns the table and {date, words, page1, share, target,
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
    table = pd.DataFrame(
        {
            "keyword": words,
            "organic_page": org["page"].reindex(words).to_numpy(),
            "organic_position": org["position"].reindex(words).to_numpy(),
            "p4p_page": paid["page"].reindex(words).to_numpy(),
            "p4p_position": paid["position"].reindex(words).to_numpy(),
            "page1": [w in set(first["keyword"]) for w in words],
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
    the showcase to swap in (most inquiries, then impressions). ``products`` are the period's
    product rows (product_id, title, search_impressions, inquiries, visitors)."""
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
    scored = inside["score"].notna()
    stars = int((inside.loc[scored, "score"] >= star_score).sum())
    return {
        "slots": len(ids),
        "inquiries": float(inside["inquiries"].sum()),
        "total_inquiries": total,
        "inquiry_share": float(inside["inquiries"].sum()) / total if total else None,
        "stars": stars,
        "star_share": stars / int(scored.sum()) if scored.any() else None,
        "weakest": inside.sort_values(["inquiries", "impressions", "product_id"]).head(n),
        "candidates": outside.sort_values(
            ["inquiries", "impressions", "product_id"], ascending=[False, False, True]
        ).head(n),
    }


def rising_products(
    now: pd.DataFrame, before: pd.DataFrame, min_rise: float, exclude: set[str], n: int = 5
) -> pd.DataFrame:
    """Products (outside ``exclude``, e.g. the showcase) whose search impressions rose by at
    least ``min_rise`` over the previous period, or that had none before; most gained first.
    ``now``/``before``: product rows (product_id, title, search_impressions)."""
    cols = ["product_id", "title", "impressions", "impressions_prev", "impressions_change"]
    if now.empty:
        return pd.DataFrame(columns=cols)
    a = now.assign(product_id=now["product_id"].astype(str)).groupby("product_id")
    out = a.agg(title=("title", "last"), impressions=("search_impressions", "sum"))
    if len(before):
        b = before.assign(product_id=before["product_id"].astype(str))
        prev = b.groupby("product_id")["search_impressions"].sum()
    else:
        prev = pd.Series(dtype=float)
    out["impressions_prev"] = out.index.map(prev).fillna(0).astype(float)
    out = out.reset_index()
    out = out[~out["product_id"].isin(exclude) & (out["impressions"] > out["impressions_prev"])]
    out["impressions_change"] = (out["impressions"] / out["impressions_prev"] - 1).where(
        out["impressions_prev"] > 0
    )
    rose = out["impressions_change"].isna() | (out["impressions_change"] >= min_rise - 1e-9)
    out = out[rose].assign(_gain=out["impressions"] - out["impressions_prev"])
    return (
        out.sort_values(["_gain", "product_id"], ascending=[False, True])[cols]
        .head(n)
        .reset_index(drop=True)
    )
