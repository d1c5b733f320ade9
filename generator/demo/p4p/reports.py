"""The P4P report files: the account's days, and each week's campaigns, keywords, buyer search
terms and promoted products; the growth score by month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..common import World, pct
from ..plants import leak_day_values
from ..products import _BURN, _CATEGORIES
from ..vocab import Vocab
from ..writers import native_job
from .account import _account_files, _growth_sheets
from .base import (
    CAMPAIGNS,
    NOTE,
    SITEWIDE,
    SRC,
    _money,
)
from .plant import _plant_p4p
from .simulate import simulate_p4p

CAMPAIGN_HEAD = [
    "计划名称",
    "计划类型",
    "日预算(元)",
    "曝光量",
    "点击量",
    "点击率",
    "花费",
    "平均点击花费",
    "推广时长",
    "询盘数",
    "商机量",
]
KEYWORD_HEAD = [
    "关键词",
    "推广评分",
    "出价",
    "曝光量",
    "点击量",
    "点击率",
    "花费",
    "平均点击花费",
    "推广时长",
    "询盘数",
]
SEARCH_TERM_HEAD = ["买家搜索词", "匹配关键词", "曝光量", "点击量", "点击率", "花费"]
PRODUCT_HEAD = [
    "产品ID",
    "商品信息",
    "计划ID",
    "计划名称",
    "曝光量",
    "点击量",
    "花费(分)",
    "全站商机量",
    "全站商机-询盘量",
    "全站商机-TM咨询量",
]


def write_p4p(w: World, v: Vocab) -> None:
    q = simulate_p4p(w, v)
    w.shared["p4p"] = q
    rng = w.rng(4)
    folder = w.exports / "p4p"
    folder.mkdir(parents=True, exist_ok=True)
    _account_files(w, q, folder)
    # per keyword per week (kept for the keyword export and the planted list)
    kw_week: dict[dt.date, dict[str, np.ndarray]] = {}
    for start, end in w.weeks:
        wk = _keyword_week(w, v, q, rng, start, end)
        kw_week[end] = {"imp": wk.k_imp, "clk": wk.k_clk, "spend": wk.k_sp, "inq": wk.k_inq}
        _campaign_file(w, q, folder, wk)
        _keyword_file(w, v, q, folder, wk)
        _search_term_file(w, v, q, rng, folder, wk)
        _product_file(w, q, rng, folder, wk)
    q["kw_week"] = kw_week
    _growth_sheets(w, q, rng)
    _plant_p4p(w, v, q)


@dataclass
class _Week:
    """One week of the P4P reports: its days (a..b-1 on the panel), each campaign's totals,
    each keyword's share of its campaign, and each campaign's inquiries and opportunities."""

    start: dt.date
    end: dt.date
    a: int
    b: int
    Iw: np.ndarray
    Kw: np.ndarray
    Sw: np.ndarray
    Hw: np.ndarray
    k_imp: np.ndarray
    k_clk: np.ndarray
    k_sp: np.ndarray
    k_inq: np.ndarray
    c_inq: np.ndarray
    c_opp: np.ndarray


def _keyword_week(
    w: World, v: Vocab, q: dict, rng: np.random.Generator, start: dt.date, end: dt.date
) -> _Week:
    """A week's campaign totals, split among each campaign's keywords (random draws, in order)."""
    imps, clks, spend, hours = q["imps"], q["clks"], q["spend"], q["hours"]
    C = len(CAMPAIGNS)
    kw_word, kw_camp = q["kw_word"], q["kw_camp"]
    nk = len(kw_word)
    a, b = w.t(start), w.t(end) + 1
    Iw, Kw = imps[:, a:b].sum(axis=1), clks[:, a:b].sum(axis=1)
    Sw, Hw = spend[:, a:b].sum(axis=1), hours[:, a:b].sum(axis=1)
    # the leak's week (planted values), taken out of its campaign before the split
    li, lc, ls = (x[a:b].sum() for x in leak_day_values(list(w.s.facts["leak_days"]), w.T))
    lk = int(q["waste"][0]) if len(q["waste"]) else None
    split_i, split_k, split_s = Iw.copy(), Kw.copy(), Sw.copy()
    if lk is not None:
        c = int(kw_camp[lk])
        split_i[c], split_k[c], split_s[c] = Iw[c] - li, Kw[c] - lc, round(Sw[c] - ls, 2)
    # keywords
    idx_w = v.idx[kw_word, a:b].mean(axis=1) / np.maximum(v.idx[kw_word, _BURN:].mean(axis=1), 1e-9)
    k_imp = np.zeros(nk, dtype=np.int64)
    k_clk = np.zeros(nk, dtype=np.int64)
    k_sp = np.zeros(nk)
    for c in range(len(_CATEGORIES)):
        ks = np.flatnonzero(kw_camp == c)
        if not len(ks) or Iw[c] == 0:
            continue
        if li and lk is not None and kw_camp[lk] == c:
            ks = ks[ks != lk]  # the leak's keyword gets its planted values below
            if not len(ks):
                continue
        wt = q["base_w"][ks] * idx_w[ks]
        k_imp[ks] = rng.multinomial(int(split_i[c]), wt / wt.sum())
        e = k_imp[ks] * q["kw_ctr"][ks]
        if e.sum() > 0 and split_k[c] > 0:
            k_clk[ks] = np.minimum(rng.multinomial(int(split_k[c]), e / e.sum()), k_imp[ks])
        cb = k_clk[ks] * q["bid"][ks]
        if cb.sum() > 0:
            k_sp[ks] = np.round(split_s[c] * cb / cb.sum(), 2)
    if li and lk is not None:
        k_imp[lk], k_clk[lk], k_sp[lk] = li, lc, round(float(ls), 2)
    k_inq = rng.binomial(k_clk, q["inq_rate"])
    c_inq = np.zeros(C, dtype=np.int64)
    for c in range(C):
        c_inq[c] = (
            k_inq[kw_camp == c].sum() if c < len(_CATEGORIES) else rng.binomial(int(Kw[c]), 0.03)
        )
    c_opp = c_inq + rng.binomial(Kw, 0.015)
    return _Week(start, end, a, b, Iw, Kw, Sw, Hw, k_imp, k_clk, k_sp, k_inq, c_inq, c_opp)


def _campaign_file(w: World, q: dict, folder: Path, wk: _Week) -> None:
    """The week's campaigns report."""
    start, end, b = wk.start, wk.end, wk.b
    Iw, Kw, Sw, Hw, c_inq, c_opp = wk.Iw, wk.Kw, wk.Sw, wk.Hw, wk.c_inq, wk.c_opp
    budget = q["budget"]
    C = len(CAMPAIGNS)
    rows = []
    for c in range(C):
        if Iw[c] == 0:
            continue
        name, typ = CAMPAIGNS[c]
        rows.append(
            [
                name,
                typ,
                float(budget[c, b - 1]),
                int(Iw[c]),
                int(Kw[c]),
                pct(Kw[c] / Iw[c]),
                _money(Sw[c]),
                _money(Sw[c] / Kw[c]) if Kw[c] else "-",
                round(float(Hw[c]), 1),
                int(c_inq[c]),
                int(c_opp[c]),
            ]
        )
    if rows:
        ti, tk, ts = int(Iw.sum()), int(Kw.sum()), _money(float(Sw.sum()))
        totals = [
            "合计",
            None,
            float(budget[q["active"], b - 1].sum()),
            ti,
            tk,
            pct(tk / ti if ti else 0),
            ts,
            _money(ts / tk) if tk else "-",
            None,
            int(c_inq.sum()),
            int(c_opp.sum()),
        ]
        w.jobs.append(
            native_job(
                folder / f"P4P-campaigns-{end.isoformat()}.xls",
                "推广计划报告",
                CAMPAIGN_HEAD,
                rows,
                title="直通车推广计划报告",
                period=(start, end),
                source=SRC,
                note=NOTE,
                totals=totals,
            )
        )


def _keyword_file(w: World, v: Vocab, q: dict, folder: Path, wk: _Week) -> None:
    """The week's keywords report."""
    start, end, Hw = wk.start, wk.end, wk.Hw
    k_imp, k_clk, k_sp, k_inq = wk.k_imp, wk.k_clk, wk.k_sp, wk.k_inq
    kw_word, kw_camp = q["kw_word"], q["kw_camp"]
    nk = len(kw_word)
    rows = []
    for k in sorted(range(nk), key=lambda k: (-k_imp[k], v.words[kw_word[k]])):
        if k_imp[k] == 0:
            continue
        rows.append(
            [
                v.words[kw_word[k]],
                float(q["stars"][k]),
                float(q["bid"][k]),
                int(k_imp[k]),
                int(k_clk[k]),
                pct(k_clk[k] / k_imp[k]),
                _money(k_sp[k]),
                _money(k_sp[k] / k_clk[k]) if k_clk[k] else "-",
                round(float(Hw[kw_camp[k]]), 1),
                int(k_inq[k]),
            ]
        )
    if rows:
        w.jobs.append(
            native_job(
                folder / f"P4P-keywords-{end.isoformat()}.xls",
                "关键词报告",
                KEYWORD_HEAD,
                rows,
                title="直通车关键词报告",
                period=(start, end),
                source=SRC,
                note=NOTE,
            )
        )


def _search_term_file(
    w: World, v: Vocab, q: dict, rng: np.random.Generator, folder: Path, wk: _Week
) -> None:
    """The week's buyer search terms report: each keyword's week split among its terms."""
    start, end = wk.start, wk.end
    k_imp, k_clk, k_sp = wk.k_imp, wk.k_clk, wk.k_sp
    kw_word = q["kw_word"]
    nk = len(kw_word)
    rows = []
    for k in range(nk):
        if k_imp[k] == 0:
            continue
        t_imp = rng.multinomial(int(k_imp[k]), q["term_w"][k])
        tc = np.minimum(rng.multinomial(int(k_clk[k]), q["term_w"][k]), t_imp)
        tot_c = tc.sum()
        for j, term in enumerate(q["terms"][k]):
            if t_imp[j] == 0:
                continue
            sp = _money(k_sp[k] * tc[j] / tot_c) if tot_c else 0.0
            rows.append(
                [
                    term,
                    v.words[kw_word[k]],
                    int(t_imp[j]),
                    int(tc[j]),
                    pct(tc[j] / t_imp[j]),
                    sp,
                ]
            )
    rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    if rows:
        w.jobs.append(
            native_job(
                folder / f"P4P-searchterms-{end.isoformat()}.xls",
                "搜索词报告",
                SEARCH_TERM_HEAD,
                rows,
                title="直通车买家搜索词报告",
                period=(start, end),
                source=SRC,
                note=NOTE,
            )
        )


def _product_file(w: World, q: dict, rng: np.random.Generator, folder: Path, wk: _Week) -> None:
    """The week's promoted products: header on the first row, spend in fen."""
    end, a, b, Kw, Sw = wk.end, wk.a, wk.b, wk.Kw, wk.Sw
    s = w.s
    camp_of = q["camp"]
    std_i, std_k = w.panel("std_p4p_impressions"), w.panel("std_p4p_clicks")
    sw_i, sw_k = w.panel("sitewide_p4p_impressions"), w.panel("sitewide_p4p_clicks")
    rows = []
    pi_std, pk_std = std_i[:, a:b].sum(axis=1), std_k[:, a:b].sum(axis=1)
    pi_sw, pk_sw = sw_i[:, a:b].sum(axis=1), sw_k[:, a:b].sum(axis=1)
    for p in range(w.P):
        for c, imp, clk in (
            (int(camp_of[p]), pi_std[p], pk_std[p]),
            (SITEWIDE, pi_sw[p], pk_sw[p]),
        ):
            if imp == 0:
                continue
            fen = int(np.rint(100 * Sw[c] * clk / Kw[c])) if Kw[c] else 0
            opp = int(rng.binomial(int(clk), 0.05))
            inq = int(rng.binomial(opp, 0.7))
            rows.append(
                [
                    s.ids[p],
                    s.titles[p],
                    q["campaign_ids"][c],
                    CAMPAIGNS[c][0],
                    int(imp),
                    int(clk),
                    fen,
                    opp,
                    inq,
                    opp - inq,
                ]
            )
    rows.sort(key=lambda r: (-r[4], r[0], r[3]))
    if rows:
        w.jobs.append(
            native_job(
                folder / f"P4P-products-{end.isoformat()}.xls",
                "推广产品",
                PRODUCT_HEAD,
                rows,
                preamble=False,
            )
        )
