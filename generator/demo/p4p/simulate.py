"""The P4P simulation: campaigns, daily costs and budgets, keywords with their bids and stars,
and buyer search terms, from the products' promotion impressions and clicks."""

from __future__ import annotations

import math

import numpy as np

from ..common import World
from ..plants import LEAK_BUDGET, leak_day_values
from ..products import _BURN, _CATEGORIES
from ..vocab import BROAD, Vocab
from .base import (
    CAMPAIGNS,
    CPC,
    IRRELEVANT,
    NEW_CAMPAIGN,
    SITEWIDE,
)


def simulate_p4p(w: World, v: Vocab) -> dict:
    rng = w.rng(3)
    q = _costs(w, rng)
    kw_camp, kw_word = _pick_keywords(w, v, rng, q["camp"])
    kv = _keyword_values(w, v, rng, q["spend"], kw_camp, kw_word)
    terms, term_w = _search_terms(w, v, rng, kw_camp, kw_word, kv["waste"])
    return {
        **q,
        "kw_word": kw_word,
        "kw_camp": np.array(kw_camp, dtype=int),
        **kv,
        "terms": terms,
        "term_w": term_w,
        "campaign_ids": [
            str(3_000_000_000 + int(x))
            for x in rng.choice(10**8, size=len(CAMPAIGNS), replace=False)
        ],
    }


def _costs(w: World, rng: np.random.Generator) -> dict:
    """Each campaign's daily impressions and clicks (the products' promotion numbers), its cost
    per click, monthly budgets, spend and promotion hours."""
    f = w.s.facts
    T, P = w.T, w.P
    new = set(f["new"])
    camp = np.array([NEW_CAMPAIGN if p in new else int(w.cat_of[p]) for p in range(P)])
    std_i, std_k = w.panel("std_p4p_impressions"), w.panel("std_p4p_clicks")
    # the P4P leak (in the leak product's standard P4P clicks): priced at its own spend, below
    leak_c = int(camp[f["leak"]]) if f["leak"] is not None else -1  # -1: no leak
    _, leak_clk, leak_spend = leak_day_values(list(f["leak_days"]), T)
    sw_i, sw_k = w.panel("sitewide_p4p_impressions"), w.panel("sitewide_p4p_clicks")
    C = len(CAMPAIGNS)
    imps = np.zeros((C, T), dtype=np.int64)
    clks = np.zeros((C, T), dtype=np.int64)
    for c in range(SITEWIDE):
        m = camp == c
        imps[c], clks[c] = std_i[m].sum(axis=0), std_k[m].sum(axis=0)
    imps[SITEWIDE], clks[SITEWIDE] = sw_i.sum(axis=0), sw_k.sum(axis=0)
    t_rel = (np.arange(T) - _BURN) / 365.0
    cpc = np.array(CPC)[:, None] * (1.0 + 0.12 * t_rel)[None, :] * rng.lognormal(0, 0.08, (C, T))
    want = (clks - np.where(np.arange(C)[:, None] == leak_c, leak_clk[None, :], 0)) * cpc
    written = slice(_BURN, T)
    # daily budgets, revised on the 1st of each month from the 4 weeks before: most campaigns
    # keep a little headroom; 新品成长 gets too little (it stops early), 园艺工具 far too much
    budget = np.full((C, T), 10.0)
    month_start = [t for t in range(T) if w.day(t).day == 1 or t == 0]
    for k, m0 in enumerate(month_start):
        m1 = month_start[k + 1] if k + 1 < len(month_start) else T
        ref = want[:, max(0, m0 - 28) : max(m0, 28)]
        for c in range(C):
            q = (
                float(np.quantile(ref[c], 0.45 if c == NEW_CAMPAIGN else 0.8))
                if ref[c].any()
                else 0.0
            )
            if c == 4:
                q *= 2.2
            step = 5.0 if q >= 50 else 1.0
            budget[c, m0:m1] = max(5.0, math.ceil(q / step) * step)
    spend = np.minimum(want, budget)
    hours = np.where(
        want > budget,
        np.clip(24.0 * budget / np.maximum(want, 1e-9), 6.0, 24.0),
        24.0 - rng.uniform(0.0, 1.5, (C, T)),
    )
    hours = np.where(imps > 0, hours, 0.0)
    spend = np.round(spend, 2)
    spend[leak_c] = np.round(spend[leak_c] + leak_spend, 2)  # 1,000.00 元 a week
    budget[leak_c] += np.where(leak_spend > 0, LEAK_BUDGET, 0.0)
    active = imps[:, written].sum(axis=1) > 0

    return {
        "camp": camp,
        "imps": imps,
        "clks": clks,
        "spend": spend,
        "hours": hours,
        "budget": budget,
        "active": active,
        "leak_camp": leak_c,
    }


def _pick_keywords(
    w: World, v: Vocab, rng: np.random.Generator, camp: np.ndarray
) -> tuple[list[int], list[int]]:
    """The keywords of the category campaigns: (campaign, word) of each, by campaign."""
    s = w.s
    kw_camp: list[int] = []
    kw_word: list[int] = []
    live_now = s.present[:, w.last]
    english = v.english()
    for c in range(len(_CATEGORIES)):
        prods = np.flatnonzero((camp == c) & live_now)
        n_c = int((w.cat_of == c).sum())
        kc = int(np.clip(3 + round(0.12 * n_c), 4, 20))
        cands = [
            i
            for i in range(v.W)
            if english[i]
            and v.cat[i] == c
            and v.kind[i] in ("head", "core", "combo")
            and (v.cov[i, prods].any() if len(prods) else False)
        ]
        broad = [i for i in range(v.W) if v.words[i] in BROAD and v.cat[i] == c]
        cands = [i for i in cands if i not in broad]
        if not cands:
            continue
        wt = v.idx[cands, _BURN:].mean(axis=1) ** 0.7
        pick = rng.choice(len(cands), size=min(kc, len(cands)), replace=False, p=wt / wt.sum())
        chosen = sorted(broad[:1] + [cands[j] for j in pick.tolist()], key=lambda i: v.words[i])
        kw_camp += [c] * len(chosen)
        kw_word += chosen
    return kw_camp, kw_word


def _keyword_values(
    w: World,
    v: Vocab,
    rng: np.random.Generator,
    spend: np.ndarray,
    kw_camp: list[int],
    kw_word: list[int],
) -> dict:
    """Each keyword's stars, bid, click rate, inquiry rate and weight; the planted keywords
    that spend and never bring an inquiry."""
    nk = len(kw_word)
    stars = rng.choice([5.0, 4.0, 3.0, 2.0, 1.0], size=nk, p=[0.35, 0.35, 0.18, 0.08, 0.04])
    bid = np.round(np.array([CPC[c] for c in kw_camp]) * rng.uniform(1.1, 1.6, nk), 1)
    kw_ctr = v.ctr[kw_word] * 1.1
    inq_rate = rng.uniform(0.02, 0.06, nk)
    base_w = v.idx[kw_word, _BURN:].mean(axis=1) ** 0.8 * (stars / 4.0)
    # planted: the leak's keyword, the first word (by spelling) of the leak product's campaign
    # that its title holds (not a broad one); it never brings an inquiry
    leak_c = q_camp_of(w)
    leak_p = w.s.facts["leak"]
    mine = (
        []
        if leak_p is None
        else [
            k
            for k in range(nk)
            if kw_camp[k] == leak_c
            and v.words[kw_word[k]] not in BROAD
            and v.cov[kw_word[k], leak_p]
        ]
        or [k for k in range(nk) if kw_camp[k] == leak_c and v.words[kw_word[k]] not in BROAD]
    )
    waste = sorted(mine, key=lambda k: v.words[kw_word[k]])[:1]
    inq_rate[waste] = 0.0
    stars[waste] = np.maximum(stars[waste], 4.0)

    return {
        "stars": stars,
        "bid": bid,
        "kw_ctr": kw_ctr,
        "inq_rate": inq_rate,
        "base_w": base_w,
        "waste": waste,
    }


def q_camp_of(w: World) -> int:
    """The campaign of the leak product (its category's; it is never a new product); -1 when
    the store is too small for a leak."""
    leak = w.s.facts["leak"]
    return -1 if leak is None else int(w.cat_of[int(leak)])


def _search_terms(
    w: World,
    v: Vocab,
    rng: np.random.Generator,
    kw_camp: list[int],
    kw_word: list[int],
    waste: list[int],
) -> tuple[list[list[str]], list[np.ndarray]]:
    """Each keyword's buyer search terms and their weights (the planted ones get unrelated terms)."""
    english = v.english()
    allowed = w.shared["allowed"]
    terms: list[list[str]] = []
    term_w: list[np.ndarray] = []
    for k, i in enumerate(kw_word):
        word = v.words[i]
        need = set(word.split())
        longer = [
            v.words[j]
            for j in range(v.W)
            if english[j] and j != i and need <= set(v.words[j].split()) and v.cat[j] == v.cat[i]
        ]
        extra = [
            x
            for x in (f"{word} wholesale", f"cheap {word}", f"{word} factory", f"{word} price")
            if allowed(x)
        ]
        tr = [v.words[j] for j in range(v.W) if v.base[j] == i and not english[j]]
        pool = longer[:6] + extra
        n = int(rng.integers(1, 4))
        got = (
            [word]
            + [
                pool[j]
                for j in sorted(
                    rng.choice(len(pool), size=min(n, len(pool)), replace=False).tolist()
                )
            ]
            if pool
            else [word]
        )
        got += tr[:2]
        if k in waste:
            got += [x for x in IRRELEVANT[kw_camp[k]] if allowed(x)]
        wts = rng.uniform(0.3, 1.0, len(got))
        wts[0] = 2.0
        if k in waste:
            wts[[j for j, x in enumerate(got) if x in IRRELEVANT[kw_camp[k]]]] = 2.5
        terms.append(got)
        term_w.append(wts / wts.sum())

    return terms, term_w
