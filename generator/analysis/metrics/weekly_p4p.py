"""The weekly analysis's P4P strategy: account totals, CPC, keywords, products, the CTR
diagnosis, campaigns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from ...foundation.values import records
from ..keywords.waste import account_rate, waste_verdicts, zero_chance
from .weekly_store import _days, _ratio, dated_in, report_days, reports_in


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
        "days": _days(rows["date"]),
    }


def cpc_trend(account: pd.DataFrame, periods: list[tuple[dt.date, dt.date]]) -> pd.DataFrame:
    """CPC (spend ÷ clicks) per period, for the periods with account rows."""
    recs = []
    if periods:  # cut the account to the periods once, not the whole sheet per period
        account = dated_in(account, "date", min(a for a, _ in periods), max(b for _, b in periods))
    for start, end in periods:  # as p4p_totals sums them: only clicks and spend
        rows = dated_in(account, "date", start, end)
        if rows.empty:
            continue
        clicks, spend = float(rows["clicks"].sum()), float(rows["spend"].sum())
        cpc = _ratio(spend, clicks)
        if cpc is not None:
            recs.append({"period_end": end, "cpc": cpc, "clicks": clicks})
    return pd.DataFrame(recs, columns=["period_end", "cpc", "clicks"])


def p4p_keyword_table(
    keywords: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    abnormal_max_ctr: float,
    abnormal_min_impressions: int,
    waste_max_chance: float = 0.05,
    waste_min_spend: float = 200.0,
) -> pd.DataFrame:
    """Per P4P keyword over the period (reports of one length inside it, see
    :func:`reports_in`; ``attrs["covers"]`` says which days): impressions, clicks, CTR, spend,
    CPC, inquiries; flags ``abnormal`` (CTR below ``abnormal_max_ctr`` with more than
    ``abnormal_min_impressions`` impressions, scaled to the period's length in weeks) and
    ``no_inquiry`` (spent, no inquiry where the report counts inquiries); ``waste``: the
    keyword library's verdict (:func:`waste_verdicts`) and ``zero_chance``, the chance of no
    inquiry from its clicks at the account's rate. Most spend first."""
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
        "waste",
        "zero_chance",
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
    out["waste"] = waste_verdicts(
        out["clicks"], out["inquiries"], out["spend"], waste_max_chance, waste_min_spend
    )
    rate = account_rate(out["clicks"], out["inquiries"])
    out["zero_chance"] = zero_chance(out["clicks"], rate)
    out = out.sort_values(["spend", "keyword"], ascending=[False, True])[cols].reset_index(
        drop=True
    )
    out.attrs.update(rows.attrs, rate=rate)
    return out


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
    # each word's products and each product's words, once (not the links searched per case)
    shown: dict[str, dict[str, set[str]]] = {"keyword": {}, "product_id": {}}
    for w, p in zip(link["keyword"], link["product_id"], strict=True):
        shown["keyword"].setdefault(w, set()).add(p)
        shown["product_id"].setdefault(p, set()).add(w)
    recs = []
    for subject_type, low, key, other, other_low, other_known, own in (
        ("keyword", low_words, "keyword", "product_id", lp, known_products, "word"),
        ("product", low_products, "product_id", "keyword", lw, known_words, "product"),
    ):
        blame_other = "product" if own == "word" else "word"
        own_low = lw if own == "word" else lp
        own_known = known_words if own == "word" else known_products
        for r in records(low.sort_values(["ctr", "subject"])):
            mates = shown[key].get(r["subject"], set()) & other_known
            if mates and mates <= other_low:
                back = set().union(*(shown[other][m] for m in mates)) & own_known
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
