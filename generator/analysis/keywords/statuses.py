"""One status and one action per word of the keyword library: the first status rule that holds
wins (precedence :data:`STATUSES`), the status gives the usual action, and a few words' action
is refined (a listing in the word's language, a product already planned)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .schema import STATUS_ACTIONS, KeywordRules, action_text
from .waste import waste_verdicts
from .words import normalise_keyword


def _risk_mask(keys: pd.Series, words: Iterable[str]) -> np.ndarray:
    mask = np.zeros(len(keys), dtype=bool)
    padded = " " + keys + " "
    for w in words:
        norm = normalise_keyword(w)
        if not norm:
            continue
        if norm.isascii():
            mask |= padded.str.contains(" " + norm + " ", regex=False).to_numpy()
        else:
            mask |= keys.str.contains(norm, regex=False).to_numpy()
    return mask


def _breadth(lib: pd.DataFrame, r: KeywordRules, tk_days: int) -> tuple[pd.Series, pd.Series]:
    """Impressions per 7 days and CTR of each word; a word not in 引流关键词: its P4P
    impressions and clicks tell breadth."""
    weekly_impr = lib["impressions"] * 7.0 / max(1, tk_days)
    ctr = lib["ctr"]
    p4p_ctr = (lib["p4p_clicks"] / lib["p4p_impressions"]).where(lib["p4p_impressions"] > 0)
    p4p_weekly = lib["p4p_impressions"] * 7.0 / max(1, r.window_days)
    use_p4p = lib["impressions"].isna()
    return weekly_impr.where(~use_p4p, p4p_weekly), ctr.where(~use_p4p, p4p_ctr)


def _rules(lib: pd.DataFrame, r: KeywordRules, tk_days: int) -> list[tuple[str, pd.Series]]:
    """Each status but ``keep`` with the words its rule holds for, in precedence order."""
    idx = lib["search_index"]
    comp = lib["competition"]
    cover = lib["covering_products"]
    weekly_impr, ctr = _breadth(lib, r, tk_days)
    no_inquiry = lib["inquiries"].fillna(0) <= 0
    return [
        ("risk", pd.Series(_risk_mask(lib.index.to_series(), r.risk_words), index=lib.index)),
        (
            "waste",
            (
                waste_verdicts(
                    lib["p4p_clicks"],
                    lib["p4p_inquiries"],
                    lib["p4p_spend"],
                    r.waste_max_chance,
                    r.waste_min_spend,
                )
                != ""
            )
            & no_inquiry,  # an inquiry, natural or P4P: never waste
        ),
        ("broad", (weekly_impr > r.broad_min_impressions) & (ctr < r.broad_max_ctr) & no_inquiry),
        ("opportunity", (idx >= r.opportunity_min_index) & (comp <= r.opportunity_max_competition)),
        (
            "uncovered",
            ((lib["top10_impressions"] > 0) | (idx >= r.uncovered_min_index)) & (cover == 0),
        ),
        (
            "p4p_candidate",
            (lib["natural_inquiries"] >= r.p4p_candidate_min_inquiries)
            & ~lib["in_p4p"].astype(bool),
        ),
        (
            "natural_candidate",
            lib["in_p4p"].astype(bool)
            & (lib["p4p_inquiries"] >= r.natural_min_inquiries)
            & (comp <= r.natural_max_competition),
        ),
    ]


def _actions(lib: pd.DataFrame, status: pd.Series) -> pd.Series:
    """Each word's action key: its status's, refined for words nothing covers yet."""
    cover = lib["covering_products"]
    action = status.map(STATUS_ACTIONS)
    uncovered_now = cover == 0
    action[(status == "opportunity") & uncovered_now] = "publish_opportunity"
    # words in another language: a listing in that language (an auto-translated word is
    # covered by its English original, but ranks better with a listing of its own)
    foreign = lib["language"] != "en"
    action[(status == "uncovered") & foreign & (lib["original"] == "")] = "publish_language"
    action[(status == "opportunity") & foreign] = "publish_language"
    action[
        (status.isin(["uncovered", "opportunity"])) & uncovered_now & lib["planned"].astype(bool)
    ] = "publish_planned"
    return action


def judge(lib: pd.DataFrame, r: KeywordRules, tk_days: int, lang: str) -> pd.DataFrame:
    """``lib`` with ``status``, ``action_key`` and ``action`` (in ``lang``) per word; ``tk_days``:
    the days 引流关键词's window covers."""
    status = pd.Series("keep", index=lib.index, dtype=object)
    decided = pd.Series(False, index=lib.index)
    for name, mask in _rules(lib, r, tk_days):
        hit = mask.fillna(False).astype(bool) & ~decided
        status[hit] = name
        decided |= hit
    lib = lib.assign(status=status, action_key=_actions(lib, status))
    lib["action"] = lib["action_key"].map(lambda k: action_text(k, lang))
    return lib
