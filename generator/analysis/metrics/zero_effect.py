"""Zero-effect products (the monthly review): live products without inquiry or TM chat for
long, from the daily history and the operator's 零效果产品 sheet, and the words deleting them
would lose. Pure functions of frames and dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ...foundation.values import records
from ..keywords import covering, normalise_keyword, title_index
from .monthly_words import word_tokens, words_of_titles
from .products import by_product

ZERO_COLUMNS = [
    "product_id",
    "title",
    "owner",
    "days_without_effect",
    "keywords",
    "keywords_losing_coverage",
    "verdict",
    "clicks",
    "impressions",
    "best_rank",
    "best_word",
]


def window_traffic(day_rows: pd.DataFrame, day: dt.date, days: int) -> pd.DataFrame:
    """Per product (index: product_id): search ``clicks`` and ``impressions`` over the
    ``days`` up to ``day`` from the daily product exports."""
    cols = ["clicks", "impressions"]
    if day_rows is None or day_rows.empty:
        return pd.DataFrame(columns=cols)
    stamps = pd.to_datetime(day_rows["period_end"])
    t = pd.Timestamp(day)
    keep = ((stamps <= t) & (stamps > t - pd.Timedelta(days=days))).to_numpy()
    rows = day_rows[keep]
    frame = pd.DataFrame(
        {
            "product_id": rows["product_id"].astype(str).to_numpy(),
            "clicks": pd.to_numeric(rows.get("search_clicks"), errors="coerce"),
            "impressions": pd.to_numeric(rows.get("search_impressions"), errors="coerce"),
        }
    )
    return frame.fillna(0).groupby("product_id")[cols].sum()


def best_ranks(ranks: pd.DataFrame | None, day: dt.date, days: int) -> dict[str, tuple[int, str]]:
    """Per product: its best page-1 position over the ``days`` up to ``day`` in the 关键词排名
    sheet (organic or P4P) and the word: ``product_id → (position, keyword)``."""
    if ranks is None or ranks.empty or "product_id" not in ranks:
        return {}
    dates = pd.to_datetime(ranks["date"], errors="coerce")
    t = pd.Timestamp(day)
    page = pd.to_numeric(ranks["page"], errors="coerce")
    keep = ((dates <= t) & (dates > t - pd.Timedelta(days=days)) & (page == 1)).to_numpy()
    rows = ranks[keep & ranks["product_id"].notna().to_numpy()]
    best: dict[str, tuple[int, str]] = {}
    for rec in records(rows):
        pos = pd.to_numeric(rec.get("position"), errors="coerce")
        pos = int(pos) if pd.notna(pos) else 99
        pid, word = str(rec["product_id"]), str(rec["keyword"])
        if pid not in best or (pos, word) < best[pid]:
            best[pid] = (pos, word)
    return best


def with_traffic(
    zero: pd.DataFrame,
    day_rows: pd.DataFrame,
    ranks: pd.DataFrame | None,
    day: dt.date,
    days: int,
    max_clicks: int,
) -> pd.DataFrame:
    """``zero`` with each product's clicks, impressions and best page-1 rank over the
    ``days``; a product with more than ``max_clicks`` clicks or a page-1 rank gets the verdict
    ``optimise`` (it still draws traffic: optimise it, don't delete it)."""
    traffic = window_traffic(day_rows, day, days)
    best = best_ranks(ranks, day, days)
    pids = zero["product_id"].astype(str)
    clicks = pids.map(traffic["clicks"]).fillna(0).astype("int64")
    draws = (clicks > max_clicks) | pids.isin(list(best))
    return zero.assign(
        clicks=clicks,
        impressions=pids.map(traffic["impressions"]).fillna(0).astype("int64"),
        best_rank=[best[p][0] if p in best else None for p in pids],
        best_word=[best[p][1] if p in best else None for p in pids],
        verdict=zero["verdict"].where(~draws, "optimise"),
    )


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
    read = [c for c in ("product_id", "inquiries", "tm_buyers") if c in day_rows.columns]
    rows = day_rows.loc[keep, read]  # the columns read, not a copy of the whole history
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
    first = by_product(frame["product_id"], frame["date"].to_numpy(), "min")
    effect = frame[frame["effect"]]
    last_effect = by_product(effect["product_id"], effect["date"].to_numpy(), "max")
    last_effect = last_effect.reindex(first.index)
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
            for rec in records(sheet[(ends == sheet_day).to_numpy()]):
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
