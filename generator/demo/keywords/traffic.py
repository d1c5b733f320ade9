"""引流关键词 (weekly, native) and 关键词指数 (a few queries a month, native): my impressions on a
word come from the products that cover it, shared among the words a title holds by search index."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..common import World, pct
from ..products import _CATEGORIES
from ..vocab import Vocab
from ..writers import native_job
from .base import HEADERS_TK, MAX_ROWS, NOTE, SRC


def traffic_keywords(w: World, v: Vocab) -> None:
    rng = w.rng(5)
    q = w.shared["p4p"]
    folder = w.exports / "keywords"
    folder.mkdir(parents=True, exist_ok=True)
    si = w.panel("search_impressions")
    english = v.english()
    cov = v.cov.astype(float)
    uncovered = english & ~v.cov.any(axis=1)
    tr = np.flatnonzero(~english)
    tr_share = rng.uniform(0.03, 0.15, size=len(tr))
    kw_pos = {wi: k for k, wi in enumerate(q["kw_word"])}
    # words that must be in the library every week: the planted peers' words and the words only
    # a zero-effect product holds (a few impressions reach it even so)
    planted = set(v.peers_planted) | set(v.zero_words)
    comp_drift = rng.normal(0.0, 0.03, size=(len(w.weeks), v.W)).cumsum(axis=0)
    history: dict[dt.date, dict[str, np.ndarray]] = {}
    # at most MAX_ROWS rows, as the backend's export; a store asked for more keywords holds more
    cap = max(MAX_ROWS, w.keywords or 0)
    for wi, (start, end) in enumerate(w.weeks):
        a, b = w.t(start), w.t(end) + 1
        idx_w = v.idx[:, a:b].mean(axis=1)
        si_p = si[:, a:b].sum(axis=1).astype(float)
        M = cov * idx_w[:, None]
        col = M.sum(axis=0)
        share = np.divide(M, col[None, :], out=np.zeros_like(M), where=col[None, :] > 0)
        exp = 0.7 * share @ si_p
        exp[uncovered] = 0.004 * idx_w[uncovered]
        exp[tr] = exp[v.base[tr]] * tr_share
        organic = rng.poisson(exp)
        for i in sorted(planted):
            organic[i] = max(organic[i], 1 + int(rng.poisson(2)))
        clicks = rng.binomial(organic, v.ctr)
        p_imp = np.zeros(v.W, dtype=np.int64)
        p_clk = np.zeros(v.W, dtype=np.int64)
        hours = np.full(v.W, np.nan)
        kw = q["kw_week"][end]
        for word_i, k in kw_pos.items():
            p_imp[word_i], p_clk[word_i] = kw["imp"][k], kw["clk"][k]
            if kw["imp"][k]:
                hours[word_i] = round(float(q["hours"][q["kw_camp"][k], a:b].sum()), 1)
        imp = organic + p_imp
        clk = clicks + p_clk
        top10 = np.round(idx_w * v.top10_k, 1)
        top10_c = np.round(top10 * v.top10_ctr, 1)
        comp = np.maximum(1, np.rint(v.comp * np.exp(comp_drift[wi]))).astype(int)
        history[end] = {
            "imp": imp,
            "clk": clk,
            "top10": top10,
            "index": np.rint(idx_w).astype(int),
            "comp": comp,
        }
        rows = _traffic_rows(v, imp, clk, p_imp, p_clk, hours, top10, top10_c, idx_w, comp, cap)
        w.jobs.append(
            native_job(
                folder / f"getKeywords-{end.isoformat()}.xls",
                "引流关键词",
                HEADERS_TK,
                rows,
                title="引流关键词",
                period=(start, end),
                source=SRC,
                note=NOTE,
            )
        )
    w.shared["tk_history"] = history


def _traffic_rows(
    v: Vocab,
    imp: np.ndarray,
    clk: np.ndarray,
    p_imp: np.ndarray,
    p_clk: np.ndarray,
    hours: np.ndarray,
    top10: np.ndarray,
    top10_c: np.ndarray,
    idx_w: np.ndarray,
    comp: np.ndarray,
    cap: int,
) -> list[list]:
    """A week's 引流关键词 rows: the words with impressions, most first (at most ``cap``)."""
    rows_i = [i for i in np.argsort(-imp, kind="stable").tolist() if imp[i] > 0][:cap]
    rows_i.sort(key=lambda i: (-imp[i], v.words[i]))
    rows = []
    for i in rows_i:
        rows.append(
            [
                v.words[i],
                int(imp[i]),
                int(clk[i]),
                pct(clk[i] / imp[i]),
                int(p_imp[i]),
                int(p_clk[i]),
                "-" if np.isnan(hours[i]) else float(hours[i]),
                float(top10[i]),
                float(top10_c[i]),
                int(np.rint(idx_w[i])),
                int(comp[i]),
            ]
        )
    return rows


def keyword_index(w: World, v: Vocab) -> None:
    """A few 关键词指数 downloads a month (3rd, 10th, 17th; each a 30-day window), plus the rising
    product's word on the last day."""
    rng = w.rng(6)
    folder = w.exports / "keywords"
    english = v.english()
    heads = []
    for c in np.argsort([-c.traffic_share for c in _CATEGORIES], kind="stable").tolist():
        heads += [
            i for i in range(v.W) if english[i] and v.cat[i] == c and v.kind[i] in ("head", "core")
        ][:3]
    order = []
    for r in range(3):  # the main word of each category first, then the second ones…
        order += [h for j, h in enumerate(heads) if j % 3 == r]
    dates: list[dt.date] = []
    m = w.first_day.replace(day=1)
    while m <= w.as_of:
        for d in (3, 10, 17):
            day = m.replace(day=d)
            if w.first_day <= day <= w.as_of:
                dates.append(day)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    rising = [i for i in v.rising_words if english[i]]
    queries = [(d, order[k % len(order)]) for k, d in enumerate(d for d in dates if d != w.as_of)]
    if rising:
        queries.append((w.as_of, rising[0]))
    head = [
        "关键词",
        "搜索指数",
        "搜索涨幅",
        "点击率",
        "卖家规模指数",
        "点击率涨幅",
        "卖家规模指数涨幅",
    ]
    files = []
    for day, qi in queries:
        t = w.t(day)
        now = v.idx[:, t - 29 : t + 1].mean(axis=1)
        before = v.idx[:, t - 59 : t - 29].mean(axis=1)
        toks = set(v.words[qi].split())
        related = [
            i
            for i in range(v.W)
            if v.cat[i] == v.cat[qi]
            and (
                toks & set(v.words[i].split())
                or (not english[i] and toks & set(v.words[v.base[i]].split()))
            )
        ]
        related = sorted(set(related) - {qi}, key=lambda i: (-now[i], v.words[i]))[:39]
        rows = []
        for i in [qi, *related]:
            rows.append(
                [
                    v.words[i],
                    int(np.rint(now[i])),
                    pct(now[i] / before[i] - 1.0),
                    pct(v.top10_ctr[i]),
                    int(v.comp[i]),
                    pct(float(rng.normal(0, 0.05))),
                    pct(float(rng.normal(0.01, 0.04))),
                ]
            )
        name = f"HotKeyword-{day.isoformat()}-{v.words[qi]}.xls"
        files.append(name)
        w.jobs.append(
            native_job(
                folder / name,
                "关键词指数",
                head,
                rows,
                title="关键词指数",
                period=(day - dt.timedelta(days=29), day),
                source=f"查询词：{v.words[qi]}",
                note=NOTE,
            )
        )
    w.shared["keyword_index_files"] = files
