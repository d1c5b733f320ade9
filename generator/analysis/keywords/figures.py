"""The numbers of each word of the keyword library, one source at a time. Each step takes the
library (indexed by key), the current rows of every kind (``src``), the raw word → key map and
the rules, and returns the library with its columns added.

Sums (impressions, clicks, Top10, P4P spend/clicks/inquiries, natural inquiries, RFQs) cover the
window of each kind (:func:`.sources.window`); search index and competition are the latest
values seen."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import KeywordRules
from .sources import (
    dated_window,
    index_trend,
    key_sums,
    keyed,
    latest_values,
    num,
    split_list,
    window,
)

_SEARCH_COLUMNS = (
    "impressions",
    "clicks",
    "top10_impressions",
    "tk_p4p_impressions",
    "tk_index",
    "tk_competition",
    "tk_date",
    "index_trend",
    "ki_index",
    "ki_competition",
    "ki_growth",
    "ki_date",
)


def _traffic(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str], days: int
) -> tuple[pd.DataFrame, int]:
    """引流关键词: impressions, clicks, Top10 over the window; index and competition latest;
    and how many days its window covers (7 without it)."""
    tk_all = (
        keyed(src["traffic_keywords"], "keyword", keymap) if len(src["traffic_keywords"]) else None
    )
    tk_days = 7
    if tk_all is not None and len(tk_all):
        tk, tk_days = window(tk_all, days)
        lib = lib.join(key_sums(tk, ["impressions", "clicks", "top10_impressions"]))
        lib = lib.join(
            key_sums(tk, ["p4p_impressions"]).rename(
                columns={"p4p_impressions": "tk_p4p_impressions"}
            )
        )
        tk_latest = latest_values(
            tk_all, "period_end", {"tk_index": "search_index", "tk_competition": "competition"}
        )
        tk_latest["tk_date"] = tk_all.groupby("key")["period_end"].max()
        lib = lib.join(tk_latest)
        lib["index_trend"] = index_trend(tk_all, days)
    return lib, tk_days


def _keyword_index(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str]
) -> pd.DataFrame:
    """关键词指数: the latest index, competition and growth of each word."""
    ki = src["keyword_index"]
    if len(ki) and "keyword" in ki:
        ki = keyed(ki, "keyword", keymap)
        ki_latest = latest_values(
            ki,
            "period_end",
            {
                "ki_index": "search_index",
                "ki_competition": "competition",
                "ki_growth": "search_growth",
            },
        )
        ki_latest["ki_date"] = ki.groupby("key")["period_end"].max()
        lib = lib.join(ki_latest)
    return lib


def search_numbers(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str], r: KeywordRules
) -> tuple[pd.DataFrame, int]:
    """Impressions, clicks, Top10, search index, competition and index trend; and the days
    引流关键词's window covers. The newest of the two sources gives index and competition
    (引流关键词 on a tie)."""
    lib, tk_days = _traffic(lib, src, keymap, r.window_days)
    lib = _keyword_index(lib, src, keymap)
    for col in _SEARCH_COLUMNS:
        if col not in lib:
            lib[col] = pd.NaT if col.endswith("_date") else np.nan
    ki_newer = lib["ki_date"].notna() & (lib["tk_date"].isna() | (lib["ki_date"] > lib["tk_date"]))
    lib["search_index"] = lib["tk_index"].where(
        ~ki_newer & lib["tk_index"].notna(), lib["ki_index"]
    )
    lib["search_index"] = lib["search_index"].fillna(lib["tk_index"])
    lib["competition"] = lib["tk_competition"].where(
        ~ki_newer & lib["tk_competition"].notna(), lib["ki_competition"]
    )
    lib["competition"] = lib["competition"].fillna(lib["tk_competition"])
    lib["index_trend"] = lib["index_trend"].fillna(lib["ki_growth"])
    return lib, tk_days


def p4p_numbers(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str], r: KeywordRules
) -> pd.DataFrame:
    """P4P keywords over the window: spend, clicks, impressions, inquiries, stars, CPC."""
    pk = src["p4p_keywords"]
    lib["in_p4p"] = False
    for col in ("p4p_spend", "p4p_clicks", "p4p_impressions", "p4p_inquiries", "star_rating"):
        lib[col] = np.nan
    if len(pk) and "keyword" in pk:
        pk, _ = window(keyed(pk, "keyword", keymap), r.window_days)
        sums = key_sums(pk, ["spend", "clicks", "impressions", "inquiries"]).rename(
            columns={
                "spend": "p4p_spend",
                "clicks": "p4p_clicks",
                "impressions": "p4p_impressions",
                "inquiries": "p4p_inquiries",
            }
        )
        stars = latest_values(pk, "period_end", {"star_rating": "star_rating"})
        lib.update(sums)
        lib.update(stars)
        lib["in_p4p"] = lib.index.isin(pk["key"])
    else:  # no P4P keyword report: 引流关键词's P4P impressions tell which words are in P4P
        lib["in_p4p"] = lib["tk_p4p_impressions"].fillna(0) > 0
        lib["p4p_impressions"] = lib["tk_p4p_impressions"].where(lib["in_p4p"])
    lib["p4p_cpc"] = (lib["p4p_spend"] / lib["p4p_clicks"]).where(lib["p4p_clicks"] > 0)
    return lib


def _visitor_words(vis: pd.DataFrame, keymap: dict[str, str]) -> pd.DataFrame:
    """(key, visitor, inquired) per word a visitor preferred or searched; ``inquired`` only for
    a store search (进店搜索词) by a visitor who inquired."""
    ids = (
        vis["visitor_id"].astype(str) if "visitor_id" in vis else vis.index.to_series().astype(str)
    )
    inquired = (
        vis["inquired"].fillna(False).astype(bool)
        if "inquired" in vis
        else pd.Series(False, index=vis.index)
    )
    found = []
    for col in ("preferred_keywords", "store_search_terms"):
        if col in vis:
            words = split_list(vis[col])
            found.append(
                pd.DataFrame(
                    {
                        "key": words.str.strip().map(keymap).to_numpy(),
                        "visitor": ids.loc[words.index].to_numpy(),
                        "inquired": inquired.loc[words.index].to_numpy()
                        & (col == "store_search_terms"),
                    }
                )
            )
    return pd.concat(found).dropna(subset=["key"]) if found else pd.DataFrame()


def visitor_numbers(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str], r: KeywordRules
) -> pd.DataFrame:
    """Visitors: how many saw the word (preferred or store search), and the inquiring ones who
    searched it to enter the store (进店搜索词): its natural inquiries. Site-wide preferred
    words tell what a buyer likes anywhere, not what brought them here. Then inquiries (natural
    + P4P) and CTR."""
    lib["natural_inquiries"] = np.nan
    lib["visitors"] = np.nan
    vis = src["visitors"]
    if len(vis):
        pairs = _visitor_words(dated_window(vis, "visit_date", r.window_days), keymap)
        if len(pairs):
            lib["visitors"] = pairs.groupby("key")["visitor"].nunique()
            asked = pairs[pairs["inquired"]].groupby("key")["visitor"].nunique()
            lib["natural_inquiries"] = (
                asked.reindex(lib.index).fillna(0).where(lib["visitors"].notna())
            )
    known = lib["natural_inquiries"].notna() | lib["p4p_inquiries"].notna()
    lib["inquiries"] = (lib["natural_inquiries"].fillna(0) + lib["p4p_inquiries"].fillna(0)).where(
        known
    )
    lib["ctr"] = (lib["clicks"] / lib["impressions"]).where(lib["impressions"] > 0)
    return lib


def rfq_numbers(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str], r: KeywordRules
) -> pd.DataFrame:
    """RFQs in the window."""
    rfq = src["rfq"]
    lib["rfq_count"] = np.nan
    if len(rfq) and "keyword" in rfq:
        rfq = keyed(dated_window(rfq, "date", r.window_days), "keyword", keymap)
        lib["rfq_count"] = rfq.groupby("key").size()
    return lib


def planned_words(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str]
) -> pd.DataFrame:
    """The new-product plan: words of products still to publish."""
    lib["planned"] = False
    newp = src["new_products"]
    if len(newp) and "target_keywords" in newp:
        status = newp["status"].astype(str) if "status" in newp else pd.Series("", index=newp.index)
        todo = newp[~status.str.contains("已发布|published", case=False, regex=True, na=False)]
        words = split_list(todo["target_keywords"])
        lib["planned"] = lib.index.isin(set(words.str.strip().map(keymap).dropna()))
    return lib


def _latest_checks(kr: pd.DataFrame) -> pd.DataFrame:
    """Each word's rows of its latest rank check, flagged ``p4p`` / ``organic``, with
    ``value`` = page × 1000 + position."""
    kr = kr[kr["date"] == kr.groupby("key")["date"].transform("max")]
    p4p_flag = (
        kr["is_p4p"].fillna(False).astype(bool)
        if "is_p4p" in kr
        else pd.Series(False, index=kr.index)
    )
    kr = kr.assign(p4p=p4p_flag.to_numpy(), organic=~p4p_flag.to_numpy())
    kr["value"] = kr["page"] * 1000 + kr["position"]
    return kr


def rank_numbers(
    lib: pd.DataFrame, src: dict[str, pd.DataFrame], keymap: dict[str, str]
) -> pd.DataFrame:
    """Tracked rank: the latest check, organic rows first; double exposure when organic and P4P
    are both on page 1."""
    lib["rank"] = ""
    lib["rank_value"] = np.nan
    lib["double_exposure"] = False
    kr = src["keyword_ranks"]
    if not (len(kr) and {"keyword", "page", "position"} <= set(kr.columns)):
        return lib
    kr = keyed(kr, "keyword", keymap)
    kr = kr.assign(page=num(kr, "page"), position=num(kr, "position")).dropna(
        subset=["page", "position"]
    )
    if not len(kr):
        return lib
    kr = _latest_checks(kr)
    has_organic = kr.groupby("key")["organic"].transform("any")
    best = kr[kr["organic"] | ~has_organic].sort_values(["key", "value"]).groupby("key").first()
    lib["rank_value"] = best["value"]
    lib["rank"] = (
        (best["page"].astype(int).astype(str) + "-" + best["position"].astype(int).astype(str))
        .reindex(lib.index)
        .fillna("")
    )
    org1 = kr[kr["organic"] & (kr["page"] == 1)].groupby("key").size()
    p4p1 = kr[kr["p4p"] & (kr["page"] == 1)].groupby("key").size()
    lib["double_exposure"] = lib.index.isin(org1.index.intersection(p4p1.index))
    return lib
