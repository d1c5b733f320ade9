"""外贸直通车 (P4P) reports of the demo store, consistent with the products files: the account's
impressions and clicks each day are the products' standard + site-wide promotion impressions
and clicks; campaigns split them by product (category keyword campaigns, new-product growth,
site-wide); keywords and buyer search terms split each keyword campaign's week.

Also the P4P growth score (营销能力 / 成长分), computed from the trailing four weeks of P4P data.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

from .common import World, pct
from .products import _BURN, _CATEGORIES, final_month
from .vocab import BROAD, Vocab
from .writers import native_job, sheet_job

NEW_CAMPAIGN = 5
SITEWIDE = 6
CAMPAIGNS: tuple[tuple[str, str], ...] = (
    *((f"{c.zh}-关键词推广", "关键词推广") for c in _CATEGORIES),
    ("新品成长计划", "新品成长"),
    ("全站推-爆品助推", "全站推"),
)
CPC = (3.2, 4.5, 3.8, 2.6, 1.9, 2.2, 1.5)  # CNY per click at the start of the range
GROWTH_DIMS = (
    ("推广时长", 20.0),
    ("预算使用率", 20.0),
    ("推广产品覆盖", 15.0),
    ("关键词质量", 15.0),
    ("点击率", 15.0),
    ("账户活跃度", 15.0),
)
TARGET_SCORE = 81.0  # L4
IRRELEVANT = (
    ("solar panel", "solar generator", "solar water heater"),
    ("office chair", "indoor sofa bed"),
    ("car headlight", "flashlight torch"),
    ("camping car", "tent rental"),
    ("garden design service", "hose clamp"),
)
SRC = "数据来源：外贸直通车 → 数据报告（演示店铺，模拟数据）"
NOTE = "注：花费单位为元，推广时长单位为小时；统计日期为美国太平洋时间"


def _level(score: float) -> str:
    return (
        "L1"
        if score < 40
        else "L2"
        if score < 60
        else "L3"
        if score < 81
        else "L4"
        if score < 91
        else "L5"
    )


def _money(x: float) -> float:
    return float(round(x + 1e-9, 2))


def simulate_p4p(w: World, v: Vocab) -> dict:
    rng = w.rng(3)
    s, f = w.s, w.s.facts
    T, P = w.T, w.P
    new = set(f["new"])
    camp = np.array([NEW_CAMPAIGN if p in new else int(w.cat_of[p]) for p in range(P)])
    std_i, std_k = w.panel("std_p4p_impressions"), w.panel("std_p4p_clicks")
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
    want = clks * cpc
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
    active = imps[:, written].sum(axis=1) > 0

    # keywords of the category campaigns
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
    nk = len(kw_word)
    kw_camp_a = np.array(kw_camp, dtype=int)
    stars = rng.choice([5.0, 4.0, 3.0, 2.0, 1.0], size=nk, p=[0.35, 0.35, 0.18, 0.08, 0.04])
    bid = np.round(np.array([CPC[c] for c in kw_camp]) * rng.uniform(1.1, 1.6, nk), 1)
    kw_ctr = v.ctr[kw_word] * 1.1
    inq_rate = rng.uniform(0.02, 0.06, nk)
    base_w = v.idx[kw_word, _BURN:].mean(axis=1) ** 0.8 * (stars / 4.0)
    # planted: keywords that spend and never bring an inquiry — well-spending words of their
    # campaigns (not the broad ones, not the biggest one), from different campaigns if possible
    n_waste = 2 if P < 100 else 3
    recent = spend[:, T - 28 :].sum(axis=1)
    pull = base_w * kw_ctr * bid
    exp_spend = np.zeros(nk)
    for c in range(len(_CATEGORIES)):
        ks = np.flatnonzero(kw_camp_a == c)
        if len(ks) and pull[ks].sum() > 0:
            exp_spend[ks] = recent[c] * pull[ks] / pull[ks].sum()
    order = [
        k
        for k in np.argsort(-exp_spend, kind="stable").tolist()
        if v.words[kw_word[k]] not in BROAD
    ]
    waste: list[int] = []
    for k in order[1:]:
        if len(waste) < n_waste and (
            kw_camp[k] not in {kw_camp[j] for j in waste} or len(order) - 1 <= n_waste
        ):
            waste.append(k)
    for k in order[1:]:
        if len(waste) < n_waste and k not in waste:
            waste.append(k)
    waste.sort()
    inq_rate[waste] = 0.0
    stars[waste] = np.maximum(stars[waste], 4.0)

    # buyer search terms per keyword
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

    return {
        "camp": camp,
        "imps": imps,
        "clks": clks,
        "spend": spend,
        "hours": hours,
        "budget": budget,
        "active": active,
        "kw_word": kw_word,
        "kw_camp": kw_camp_a,
        "stars": stars,
        "bid": bid,
        "kw_ctr": kw_ctr,
        "inq_rate": inq_rate,
        "base_w": base_w,
        "waste": waste,
        "terms": terms,
        "term_w": term_w,
        "campaign_ids": [
            str(3_000_000_000 + int(x)) for x in rng.choice(10**8, size=C, replace=False)
        ],
    }


def write_p4p(w: World, v: Vocab) -> None:
    q = simulate_p4p(w, v)
    w.shared["p4p"] = q
    rng = w.rng(4)
    s = w.s
    folder = w.exports / "p4p"
    folder.mkdir(parents=True, exist_ok=True)
    imps, clks, spend, hours, budget = q["imps"], q["clks"], q["spend"], q["hours"], q["budget"]
    C = len(CAMPAIGNS)
    kw_word, kw_camp = q["kw_word"], q["kw_camp"]
    nk = len(kw_word)
    std_i, std_k = w.panel("std_p4p_impressions"), w.panel("std_p4p_clicks")
    sw_i, sw_k = w.panel("sitewide_p4p_impressions"), w.panel("sitewide_p4p_clicks")
    # per keyword per week (kept for the keyword export and the planted list)
    kw_week: dict[dt.date, dict[str, np.ndarray]] = {}

    # account: one file per week of daily rows, and the days of the unfinished week
    spans = list(w.weeks)
    last_sat = spans[-1][1] if spans else w.first_day - dt.timedelta(days=1)
    if last_sat < w.as_of:
        spans_account = [*spans, (last_sat + dt.timedelta(days=1), w.as_of)]
    else:
        spans_account = spans
    acc_head = [
        "日期",
        "曝光量",
        "点击量",
        "点击率",
        "花费(元)",
        "平均点击花费(元)",
        "推广时长(小时)",
        "日预算(元)",
    ]
    for start, end in spans_account:
        rows: list[list[Any]] = []
        tot = [0, 0, 0.0]
        for i in range((end - start).days + 1):
            d = start + dt.timedelta(days=i)
            t = w.t(d)
            imp, clk, cost = (
                int(imps[:, t].sum()),
                int(clks[:, t].sum()),
                _money(float(spend[:, t].sum())),
            )
            hrs = float(np.average(hours[:, t], weights=imps[:, t])) if imp else 0.0
            rows.append(
                [
                    d.isoformat(),
                    imp,
                    clk,
                    pct(clk / imp if imp else 0),
                    cost,
                    _money(cost / clk) if clk else "-",
                    round(hrs, 1),
                    float(budget[q["active"], t].sum()),
                ]
            )
            tot = [tot[0] + imp, tot[1] + clk, tot[2] + cost]
        totals = [
            "合计",
            tot[0],
            tot[1],
            pct(tot[1] / tot[0] if tot[0] else 0),
            _money(tot[2]),
            _money(tot[2] / tot[1]) if tot[1] else "-",
            None,
            None,
        ]
        w.jobs.append(
            native_job(
                folder / f"P4P-account-{end.isoformat()}.xls",
                "账户报告",
                acc_head,
                rows,
                title="直通车账户报告",
                period=(start, end),
                source=SRC,
                note=NOTE,
                totals=totals,
            )
        )

    camp_head = [
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
    kw_head = [
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
    st_head = ["买家搜索词", "匹配关键词", "曝光量", "点击量", "点击率", "花费"]
    pp_head = [
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
    camp_of = q["camp"]
    for start, end in w.weeks:
        a, b = w.t(start), w.t(end) + 1
        Iw, Kw = imps[:, a:b].sum(axis=1), clks[:, a:b].sum(axis=1)
        Sw, Hw = spend[:, a:b].sum(axis=1), hours[:, a:b].sum(axis=1)
        # keywords
        idx_w = v.idx[kw_word, a:b].mean(axis=1) / np.maximum(
            v.idx[kw_word, _BURN:].mean(axis=1), 1e-9
        )
        k_imp = np.zeros(nk, dtype=np.int64)
        k_clk = np.zeros(nk, dtype=np.int64)
        k_sp = np.zeros(nk)
        for c in range(len(_CATEGORIES)):
            ks = np.flatnonzero(kw_camp == c)
            if not len(ks) or Iw[c] == 0:
                continue
            wt = q["base_w"][ks] * idx_w[ks]
            k_imp[ks] = rng.multinomial(int(Iw[c]), wt / wt.sum())
            e = k_imp[ks] * q["kw_ctr"][ks]
            if e.sum() > 0 and Kw[c] > 0:
                k_clk[ks] = np.minimum(rng.multinomial(int(Kw[c]), e / e.sum()), k_imp[ks])
            cb = k_clk[ks] * q["bid"][ks]
            if cb.sum() > 0:
                k_sp[ks] = np.round(Sw[c] * cb / cb.sum(), 2)
        k_inq = rng.binomial(k_clk, q["inq_rate"])
        kw_week[end] = {"imp": k_imp, "clk": k_clk, "spend": k_sp, "inq": k_inq}
        c_inq = np.zeros(C, dtype=np.int64)
        for c in range(C):
            c_inq[c] = (
                k_inq[kw_camp == c].sum()
                if c < len(_CATEGORIES)
                else rng.binomial(int(Kw[c]), 0.03)
            )
        c_opp = c_inq + rng.binomial(Kw, 0.015)
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
                    camp_head,
                    rows,
                    title="直通车推广计划报告",
                    period=(start, end),
                    source=SRC,
                    note=NOTE,
                    totals=totals,
                )
            )
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
                    kw_head,
                    rows,
                    title="直通车关键词报告",
                    period=(start, end),
                    source=SRC,
                    note=NOTE,
                )
            )
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
                    st_head,
                    rows,
                    title="直通车买家搜索词报告",
                    period=(start, end),
                    source=SRC,
                    note=NOTE,
                )
            )
        # products: header on the first row, spend in fen
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
                    pp_head,
                    rows,
                    preamble=False,
                )
            )
    q["kw_week"] = kw_week

    # growth score: weekly (Saturdays), one sheet per month
    in_p4p = np.asarray(w.s.facts["in_p4p"], dtype=bool)
    quality = float((q["stars"] >= 4).mean()) if nk else 0.0
    n_w = max(1, len(w.weeks) - 1)
    target = 66.0 + 11.5 * np.arange(len(w.weeks)) / n_w + rng.normal(0.0, 0.6, len(w.weeks))
    target[-1] = 77.5  # the latest week: L3, a few points short of L4
    by_month: dict[tuple[int, int], list[list]] = {}
    growth: list[tuple[dt.date, float, dict[str, float]]] = []
    for wi, (_, end) in enumerate(w.weeks):
        t = w.t(end)
        a = max(0, t - 27)
        imp, clk = imps[:, a : t + 1].sum(), clks[:, a : t + 1].sum()
        hrs = float((hours[:, a : t + 1] * imps[:, a : t + 1]).sum() / max(imp, 1))
        use = (
            float(spend[:, a : t + 1].sum() / budget[q["active"], a : t + 1].sum())
            if q["active"].any()
            else 0.0
        )
        live = s.present[:, t]
        cover = float((in_p4p & live).sum() / max(1, live.sum()))
        ctr = float(clk / imp) if imp else 0.0
        pts = {
            "推广时长": 20.0 * min(1.0, hrs / 23.5),
            "预算使用率": 20.0 * min(1.0, use / 0.95),
            "推广产品覆盖": 15.0 * min(1.0, cover / 0.6),
            "关键词质量": 15.0 * min(1.0, quality / 0.9),
            "点击率": 15.0 * min(1.0, ctr / 0.04),
        }
        pts = {k: round(x * 2) / 2 for k, x in pts.items()}
        # 账户活跃度 (logins, adjustments) is what the data cannot show: it fills the path
        pts["账户活跃度"] = float(
            np.clip(round((target[wi] - sum(pts.values())) * 2) / 2, 6.0, 15.0)
        )
        score = float(sum(pts.values()))
        growth.append((end, score, pts))
        lvl = _level(score)
        rows = by_month.setdefault((end.year, end.month), [])
        rows.append([end, score, lvl, "总分", score, 100.0])
        for dim, mx in GROWTH_DIMS:
            rows.append([end, score, lvl, dim, pts[dim], mx])
    g_head = ["日期", "成长分", "等级", "维度", "得分", "满分"]
    for (_, _), rows in sorted(by_month.items()):
        last: dt.date = rows[-1][0]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"p4p_growth-{last.isoformat()}.xlsx",
                "营销能力",
                g_head,
                rows,
            )
        )
    q["growth"] = growth
    _plant_p4p(w, v, q)


def _plant_p4p(w: World, v: Vocab, q: dict) -> None:
    weeks = [end for _, end in w.weeks][-4:]
    if not weeks:
        return
    kw_week = q["kw_week"]
    files = ", ".join(f"p4p/P4P-keywords-{d.isoformat()}.xls" for d in weeks)
    parts, parts_en = [], []
    for k in q["waste"]:
        sp = sum(float(kw_week[d]["spend"][k]) for d in weeks)
        ck = sum(int(kw_week[d]["clk"][k]) for d in weeks)
        iq = sum(int(kw_week[d]["inq"][k]) for d in weeks)
        assert iq == 0
        word = v.words[q["kw_word"][k]]
        camp = CAMPAIGNS[int(q["kw_camp"][k])][0]
        parts.append(f"「{word}」（{camp}，近 4 周花费 {sp:.2f} 元、点击 {ck}、询盘 0）")
        parts_en.append(
            f"'{word}' ({camp}: CNY {sp:.2f} spent, {ck} clicks, 0 inquiries in the last 4 weeks)"
        )
    w.planted.append(
        {
            "what": f"直通车只花钱不出询盘：{len(parts)} 个关键词持续花费却没有询盘，买家搜索词里混有不相关的词："
            + "、".join(parts),
            "what_en": f"P4P keywords that spend without inquiries: {len(parts)} keywords keep spending with no inquiry "
            "(their buyer search terms include unrelated words): " + "; ".join(parts_en),
            "where": f"{files}; p4p/P4P-searchterms-{weeks[-1].isoformat()}.xls; weekly/{weeks[-1].isoformat()}",
            "key": "p4p_waste",
            "words": [v.words[q["kw_word"][k]] for k in q["waste"]],
        }
    )
    end, score, pts = q["growth"][-1]
    gaps = sorted(((mx - pts[d], d, mx) for d, mx in GROWTH_DIMS), reverse=True)[:2]
    gap_txt = "、".join(f"{d}（{pts[d]:g}/{mx:g}）" for _, d, mx in gaps)
    gap_en = ", ".join(f"{d} ({pts[d]:g}/{mx:g})" for _, d, mx in gaps)
    w.planted.append(
        {
            "what": f"直通车成长分：{end} 为 {score:g} 分（{_level(score)}），距 L4 的 {TARGET_SCORE:g} 分差 "
            f"{max(0.0, TARGET_SCORE - score):g} 分；失分最多的维度：{gap_txt}",
            "what_en": f"P4P growth score: {score:g} ({_level(score)}) on {end}, {max(0.0, TARGET_SCORE - score):g} points short of "
            f"L4 ({TARGET_SCORE:g}); the dimensions losing most points: {gap_en}",
            "where": f"sheets/p4p_growth-{end.isoformat()}.xlsx; monthly/{final_month(end)} (history)",
            "key": "p4p_growth",
        }
    )
    # budget use and promotion hours in the last complete week
    start = w.weeks[-1][0]
    a, b = w.t(start), w.t(end) + 1
    lines, lines_en = [], []
    for c in (4, NEW_CAMPAIGN):  # the two campaigns whose budgets are set badly
        if not q["imps"][c, a:b].sum():
            continue
        hrs = float(q["hours"][c, a:b].mean())
        use = float(q["spend"][c, a:b].sum() / q["budget"][c, a:b].sum())
        cap = float(q["budget"][c, b - 1])
        name = CAMPAIGNS[c][0]
        if hrs < 20:
            lines.append(f"「{name}」日均推广时长 {hrs:.1f} 小时（预算 {cap:g} 元经常提前用完）")
            lines_en.append(
                f"'{name}' runs {hrs:.1f} h a day (its CNY {cap:g} budget runs out early)"
            )
        elif use < 0.8:
            lines.append(f"「{name}」预算使用率 {use:.0%}（预算 {cap:g} 元）")
            lines_en.append(f"'{name}' uses {use:.0%} of its CNY {cap:g} budget")
    if lines:
        w.planted.append(
            {
                "what": f"直通车预算与推广时长（{start}~{end}）：" + "；".join(lines),
                "what_en": f"P4P budget and hours ({start}~{end}): " + "; ".join(lines_en),
                "where": f"p4p/P4P-campaigns-{end.isoformat()}.xls; p4p/P4P-account-{end.isoformat()}.xls; weekly/{end.isoformat()}",
                "key": "p4p_budget",
            }
        )
    wk = kw_week[end]
    bad = [
        k
        for k in range(len(q["kw_word"]))
        if wk["imp"][k] > 700 and wk["clk"][k] < 0.002 * wk["imp"][k]
    ]
    if bad:
        txt = "、".join(
            f"「{v.words[q['kw_word'][k]]}」（曝光 {int(wk['imp'][k])}，点击 {int(wk['clk'][k])}）"
            for k in bad
        )
        txt_en = "; ".join(
            f"'{v.words[q['kw_word'][k]]}' ({int(wk['imp'][k])} impressions, {int(wk['clk'][k])} clicks)"
            for k in bad
        )
        w.planted.append(
            {
                "what": f"直通车异常关键词（点击率 < 0.2% 且曝光 > 700，{start}~{end}）：{txt}——大词带来曝光却没有点击",
                "what_en": f"Abnormal P4P keywords (CTR < 0.2% with > 700 impressions, {start}~{end}): {txt_en} — broad words",
                "where": f"p4p/P4P-keywords-{end.isoformat()}.xls; weekly/{end.isoformat()}",
                "key": "p4p_abnormal",
            }
        )
