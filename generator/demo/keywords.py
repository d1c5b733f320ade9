"""Keyword files of the demo store: 引流关键词 (weekly, native), 关键词指数 (a few queries a month,
native), and the operator sheets that hold words: keyword ranks (Tuesdays), peers' and
dropdown words, RFQs.

My impressions on a word come from the products that cover it: each product's weekly search
impressions are shared among the words its title holds, by search index; the P4P part of a
word is the P4P keyword report's number for the same week.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..foundation.periods import week_end
from .common import COUNTRIES, World, pct
from .products import _CATEGORIES, final_month
from .vocab import Vocab
from .writers import native_job, sheet_job

SRC = "数据来源：数据参谋 → 选词参谋（演示店铺，模拟数据）"
NOTE = "注：统计日期为美国太平洋时间"
HEADERS_TK = [
    "词",
    "曝光量",
    "点击量",
    "点击率",
    "外贸直通车曝光",
    "外贸直通车点击",
    "推广时长",
    "Top10平均曝光",
    "Top10平均点击",
    "关键词指数",
    "卖家规模指数",
]
MAX_ROWS = 500


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
        rows_i = [i for i in np.argsort(-imp, kind="stable").tolist() if imp[i] > 0][:MAX_ROWS]
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


def keyword_ranks(w: World, v: Vocab) -> None:
    """Weekly rank checks (Tuesdays): the P4P keywords and main words; the best organic product
    of mine per word, and the P4P ad's product when another product holds the ad slot."""
    rng = w.rng(7)
    q = w.shared["p4p"]
    hist = w.shared["tk_history"]
    s = w.s
    si = w.panel("search_impressions")
    showcase = s.facts["showcase"]
    english = v.english()
    tracked = sorted(
        set(q["kw_word"])
        | {i for i in range(v.W) if english[i] and v.kind[i] == "head" and v.cov[i].any()}
        | {i for i in v.rising_words if english[i]},
        key=lambda i: v.words[i],
    )
    kw_pos = {wi: k for k, wi in enumerate(q["kw_word"])}
    head = ["查询日期", "关键词", "产品ID", "页码", "位置", "是否P4P", "是否橱窗"]
    for start, end in w.sheet_spans:
        tue = start + dt.timedelta(days=(1 - start.weekday()) % 7)
        if tue > end:
            continue
        t = w.t(tue)
        # the last complete keyword week before the check
        done = [e for _, e in w.weeks if e < tue]
        if not done:
            continue
        h = hist[done[-1]]
        live = s.present[:, t]
        recent = si[:, max(0, t - 7) : t].sum(axis=1)
        rows = []
        for i in tracked:
            prods = np.flatnonzero(v.cov[i] & live)
            if not len(prods):
                continue
            best = int(prods[np.argmax(recent[prods])])
            strength = h["imp"][i] / max(h["top10"][i], 1.0)
            page = (
                1
                if strength >= 0.6
                else 2
                if strength >= 0.3
                else 3
                if strength >= 0.12
                else int(rng.integers(4, 7))
            )
            if page <= 5:
                pos = int(np.clip(rng.normal(8 if page == 1 else 24, 10), 1, 48))
                rows.append(
                    [tue, v.words[i], s.ids[best], page, pos, "N", "Y" if showcase[best] else "N"]
                )
            k = kw_pos.get(i)
            if k is not None and q["stars"][k] >= 4 and q["kw_week"][done[-1]]["imp"][k] > 0:
                ad = [
                    int(p)
                    for p in prods[np.argsort(-recent[prods], kind="stable")]
                    if int(p) != best
                ]
                if ad:
                    rows.append(
                        [
                            tue,
                            v.words[i],
                            s.ids[ad[0]],
                            1,
                            int(rng.integers(1, 6)),
                            "Y",
                            "Y" if showcase[ad[0]] else "N",
                        ]
                    )
        if rows:
            w.jobs.append(
                sheet_job(
                    w.exports / "sheets" / f"keyword_ranks-{tue.isoformat()}.xlsx",
                    "排名查询",
                    head,
                    rows,
                )
            )


def competitor_keywords(w: World, v: Vocab) -> None:
    rng = w.rng(8)
    allowed = w.shared["allowed"]
    english = v.english()
    rows: list[list] = []
    seen: set[tuple[str, str]] = set()

    def add(word: str, source: str, note: str) -> None:
        if (word, source) not in seen and allowed(word):
            seen.add((word, source))
            rows.append([word, source, note])

    peers = [i for i in range(v.W) if v.kind[i] == "peer"]
    for i in v.peers_planted:
        add(v.words[i], "同行店铺", "同行主推产品标题")
    for i in v.zero_words:
        add(v.words[i], "软件采集", "老产品标题词")
    for i in peers:
        add(v.words[i], "软件采集" if rng.random() < 0.5 else "同行店铺", "")
    heads = [i for i in range(v.W) if english[i] and v.kind[i] == "head"]
    for i in heads:
        for suffix in (" for garden", " outdoor", " wholesale"):
            if rng.random() < 0.35:
                add(v.words[i] + suffix, "下拉词", "搜索框下拉")
    others = [i for i in range(v.W) if v.kind[i] in ("core", "combo")]
    for i in sorted(rng.choice(others, size=min(len(others), 25), replace=False).tolist()):
        add(v.words[i], "相关词", "")
    for i in [i for i in range(v.W) if not english[i]][:8]:
        add(v.words[i], "相关词", "多语言")
    head = ["关键词", "来源", "备注"]
    w.jobs.append(
        sheet_job(
            w.exports / "sheets" / f"competitor_keywords-{w.as_of.isoformat()}.xlsx",
            "关键词收集",
            head,
            rows,
        )
    )


def rfq(w: World, v: Vocab) -> None:
    rng = w.rng(9)
    english = v.english()
    by_cat = [
        [
            i
            for i in range(v.W)
            if english[i] and v.cat[i] == c and v.kind[i] in ("head", "core", "peer", "combo")
        ]
        for c in range(len(_CATEGORIES))
    ]
    share = np.array([c.traffic_share for c in _CATEGORIES])
    cshare = np.array([c[2] for c in COUNTRIES])
    forms = (
        "Looking for {kw}, {qty} pcs",
        "Need {qty} pieces of {kw}",
        "Purchasing {kw} for {country} market",
        "Request for quotation: {kw}",
        "Wholesale {kw} wanted, {qty} units",
    )
    lam = 1.5 + w.P / 120
    head = ["日期", "RFQ标题", "关键词", "国家", "数量", "是否报价"]
    for start, end in w.sheet_spans:
        rows = []
        for k in range((end - start).days + 1):
            day = start + dt.timedelta(days=k)
            titles = set()
            for _ in range(int(rng.poisson(lam))):
                c = int(rng.choice(len(share), p=share / share.sum()))
                if not by_cat[c]:
                    continue
                i = int(rng.choice(by_cat[c]))
                ci = int(rng.choice(len(cshare), p=cshare / cshare.sum()))
                qty = int(rng.choice([50, 100, 200, 300, 500, 1000, 2000, 5000]))
                title = str(rng.choice(forms)).format(
                    kw=v.words[i], qty=qty, country=COUNTRIES[ci][1]
                )
                if title in titles:
                    continue
                titles.add(title)
                rows.append(
                    [
                        day,
                        title,
                        v.words[i],
                        COUNTRIES[ci][0],
                        float(qty),
                        "Y" if rng.random() < 0.6 else "N",
                    ]
                )
        if rows:
            w.jobs.append(
                sheet_job(w.exports / "sheets" / f"rfq-{end.isoformat()}.xlsx", "RFQ", head, rows)
            )


def plant_keywords(w: World, v: Vocab) -> None:
    hist = w.shared["tk_history"]
    if not w.weeks:
        return
    end = w.weeks[-1][1]
    h = hist[end]
    plans = w.shared.get("planned_peers", set())
    parts, parts_en = [], []
    for i in v.peers_planted:
        tag = "（已列入新品计划）" if i in plans else ""
        parts.append(
            f"「{v.words[i]}」（Top10 平均曝光 {h['top10'][i]:g}，我的曝光 {int(h['imp'][i])}，关键词指数 {int(h['index'][i])}，"
            f"卖家规模指数 {int(h['comp'][i])}）{tag}"
        )
        parts_en.append(
            f"'{v.words[i]}' (Top10 average {h['top10'][i]:g} impressions, mine {int(h['imp'][i])}, index "
            f"{int(h['index'][i])}, seller scale {int(h['comp'][i])}){' (in the new-product plan)' if tag else ''}"
        )
    w.planted.append(
        {
            "what": f"未覆盖的同行关键词（{w.weeks[-1][0]}~{end}）：同行 Top10 曝光高，但我没有任何产品标题包含这些词："
            + "、".join(parts),
            "what_en": f"Uncovered peer keywords ({w.weeks[-1][0]}~{end}): peers' Top10 get many impressions, no product title of mine "
            "holds the word: " + "; ".join(parts_en),
            "where": f"keywords/getKeywords-{end.isoformat()}.xls; sheets/competitor_keywords-{w.as_of.isoformat()}.xlsx; "
            f"weekly/{end.isoformat()}; keyword library",
            "key": "uncovered",
            "words": [v.words[i] for i in v.peers_planted],
        }
    )
    # the rising product and its words' search index
    p = w.shared["rising"]
    s = w.s
    english = v.english()
    words = [i for i in v.rising_words if english[i]]
    files = [
        f
        for f in w.shared["keyword_index_files"]
        if f.startswith(f"HotKeyword-{w.as_of.isoformat()}-")
    ]
    t = w.last
    grow = {
        i: v.idx[i, t - 29 : t + 1].mean() / v.idx[i, t - 59 : t - 29].mean() - 1.0 for i in words
    }
    wtxt = "、".join(f"「{v.words[i]}」搜索指数 30 天涨 {grow[i]:.0%}" for i in words[:3])
    wtxt_en = ", ".join(f"'{v.words[i]}' search index +{grow[i]:.0%} in 30 days" for i in words[:3])
    a, b = w.shared["rising_a"], w.shared["rising_b"]
    w.planted.append(
        {
            "what": f"上升产品：{s.ids[p]}（{s.titles[p]}）最近 4 周搜索曝光 {a}，前 4 周 {b}，流量上升；它的关键词也在升温：{wtxt}——建议加入橱窗和直通车",
            "what_en": f"Rising product: {s.ids[p]} ({s.titles[p]}) got {a} search impressions in the last 4 weeks vs {b} in the 4 "
            f"before; its words heat up too: {wtxt_en} — add it to showcase and P4P",
            "where": "; ".join(
                [
                    *(f"keywords/{f}" for f in files),
                    f"keywords/getKeywords-{end.isoformat()}.xls",
                    f"weekly/{week_end(w.as_of - dt.timedelta(days=6)).isoformat()}",
                    f"monthly/{final_month(w.as_of)}",
                    "product table",
                ]
            ),
            "key": "rising",
            "product": s.ids[p],
            "words": [v.words[i] for i in words],
        }
    )
