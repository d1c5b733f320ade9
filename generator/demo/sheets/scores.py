"""The product sheets: product scores, zero-effect products, the showcase and the new-product
plan."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..common import World
from ..products import _CATEGORIES, final_month
from ..vocab import Vocab, _parse_title
from ..writers import sheet_job


def product_scores(w: World) -> None:
    rng = w.rng(17)
    s, f = w.s, w.s.facts
    clicks, inq = w.panel("search_clicks"), w.panel("inquiries")
    publish = f["publish"]
    quality = np.round(rng.uniform(2.5, 5.0, size=w.P), 1)
    walk = np.zeros(w.P)
    snaps = [end for _, end in w.sheet_spans]
    ze = set(w.shared["zero"])
    scores: dict[dt.date, np.ndarray] = {}
    q_by: dict[dt.date, np.ndarray] = {}
    pct_by: dict[dt.date, np.ndarray] = {}
    for d in snaps:
        t = w.t(d)
        live = s.present[:, t]
        eff = (
            (clicks[:, max(0, t - 27) : t + 1] + 5 * inq[:, max(0, t - 27) : t + 1])
            .sum(axis=1)
            .astype(float)
        )
        order = np.argsort(np.argsort(np.where(live, eff, -1.0), kind="stable"), kind="stable")
        rank_pct = order / max(1, w.P - 1)
        walk = np.clip(walk + rng.normal(0, 0.8, w.P), -3, 3)
        scores[d] = np.clip(30 + 6 * quality + 35 * rank_pct + walk, 20, 99)
        q_by[d] = quality.copy()
        pct_by[d] = rank_pct
    last = snaps[-1]
    t_last = w.t(last)
    new_now = {p for p in range(w.P) if publish[p] > 0 and (t_last - publish[p]) < 30}
    live_now = s.present[:, t_last]
    # planted: products in the 75–79 band (the 实力优品 line is 80), and one whose score fell
    n_band = 3 if w.P < 100 else 5
    cands = [
        p
        for p in range(w.P)
        if live_now[p] and p not in new_now and p not in ze and 66 <= scores[last][p] <= 90
    ]
    cands.sort(key=lambda p: (abs(scores[last][p] - 77), s.ids[p]))
    band = cands[:n_band]
    targets = (78, 76, 79, 75, 77)
    for j, p in enumerate(band):
        off = targets[j] - float(np.round(scores[last][p]))
        for d in snaps:
            scores[d][p] = np.clip(scores[d][p] + off, 20, 99)
        scores[last][p] = targets[j]
        if len(snaps) > 1:  # stays below the line the week before too
            scores[snaps[-2]][p] = min(scores[snaps[-2]][p], 79)
    high = [
        p for p in range(w.P) if live_now[p] and p not in new_now and p not in band and p not in ze
    ]
    fell = max(high, key=lambda p: (scores[last][p], s.ids[p])) if high and len(snaps) > 1 else None
    if fell is not None:
        before = scores[snaps[-2]][fell]
        q_by[last][fell] = max(1.0, round(quality[fell] - 1.6, 1))
        scores[last][fell] = min(before - 8, 79.0)
    _score_files(w, snaps, scores, q_by, pct_by)
    w.shared["scores"] = {d: np.rint(scores[d]).astype(int) for d in snaps}
    _plant_scores(w, snaps, scores, quality, q_by, band, targets, fell)


def _score_files(
    w: World,
    snaps: list[dt.date],
    scores: dict[dt.date, np.ndarray],
    q_by: dict[dt.date, np.ndarray],
    pct_by: dict[dt.date, np.ndarray],
) -> None:
    """A product scores sheet per snapshot, best first, with each product's tier."""
    s, f = w.s, w.s.facts
    publish = f["publish"]
    head = ["统计日期", "产品ID", "产品名称", "产品类型", "产品分层", "成长分", "信息质量分"]
    rts = f["rts"]
    for d in snaps:
        t = w.t(d)
        rows = []
        for p in np.argsort(-scores[d], kind="stable").tolist():
            if not s.present[p, t]:
                continue
            sc = int(np.rint(scores[d][p]))
            new = publish[p] > 0 and (t - publish[p]) < 30
            tier = (
                "新品"
                if new
                else "爆品"
                if sc >= 90 and pct_by[d][p] >= 0.97
                else "实力优品"
                if sc >= 80
                else "潜力品"
                if sc >= 60
                else "低分品"
            )
            rows.append(
                [
                    d,
                    s.ids[p],
                    s.titles[p],
                    "交易品" if rts[p] else "商机品",
                    tier,
                    float(sc),
                    float(q_by[d][p]),
                ]
            )
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"product_scores-{d.isoformat()}.xlsx",
                "商品成长分",
                head,
                rows,
            )
        )


def _plant_scores(
    w: World,
    snaps: list[dt.date],
    scores: dict[dt.date, np.ndarray],
    quality: np.ndarray,
    q_by: dict[dt.date, np.ndarray],
    band: list[int],
    targets: tuple[int, ...],
    fell: int | None,
) -> None:
    """What the scores plant: products just short of 80, and one whose score fell."""
    s = w.s
    last = snaps[-1]
    parts = [f"{s.ids[p]}（{targets[j]} 分，差 {80 - targets[j]} 分）" for j, p in enumerate(band)]
    parts_en = [
        f"{s.ids[p]} ({targets[j]} points, {80 - targets[j]} short)" for j, p in enumerate(band)
    ]
    w.planted.append(
        {
            "what": f"实力优品冲刺：{len(band)} 个产品 {last} 成长分在 75–79 分，差一点到 80 分："
            + "、".join(parts),
            "what_en": f"Push to 实力优品: {len(band)} products at 75–79 growth points on {last}, just short of 80: "
            + "; ".join(parts_en),
            "where": f"sheets/product_scores-{last.isoformat()}.xlsx; weekly/{last.isoformat()}",
            "key": "score_band",
            "products": [s.ids[p] for p in band],
        }
    )
    if fell is not None:
        b4, now = int(np.rint(scores[snaps[-2]][fell])), int(np.rint(scores[last][fell]))
        w.planted.append(
            {
                "what": f"成长分下降：产品 {s.ids[fell]}（{s.titles[fell]}）从 {snaps[-2]} 的 {b4} 分降到 {last} 的 {now} 分，"
                f"同时信息质量分从 {quality[fell]:g} 降到 {q_by[last][fell]:g}（资料被改差了）",
                "what_en": f"Growth score fell: {s.ids[fell]} ({s.titles[fell]}) from {b4} on {snaps[-2]} to {now} on {last}; its "
                f"information quality fell with it, {quality[fell]:g} → {q_by[last][fell]:g}",
                "where": f"sheets/product_scores-{snaps[-2].isoformat()}.xlsx → sheets/product_scores-{last.isoformat()}.xlsx; weekly/{last.isoformat()}",
                "key": "score_fell",
                "product": s.ids[fell],
            }
        )


def zero_effect_sheet(w: World, v: Vocab) -> None:
    s = w.s
    z = w.shared["zero_day"]
    ze = w.shared["zero"]
    published = w.shared["published"]
    zd = w.shared["zero_days"]
    head = ["产品ID", "产品名称", "负责人", "发布时间", "零效果天数"]
    rows = [[s.ids[p], s.titles[p], s.owners[p], published[p], int(zd[p])] for p in ze]
    name = f"sheets/zero_effect-{z.isoformat()}.xlsx"
    if rows:
        w.jobs.append(sheet_job(w.exports / name, "零效果产品", head, rows))
    uniq, cov = w.shared["zero_unique"], w.shared["zero_covered"]
    non_ze = w.shared["non_ze_live"]
    if uniq:
        parts = [
            f"{s.ids[p]}（{s.titles[p]}，{int(zd[p])} 天无询盘/TM）独有的词「{g}」"
            for p, g in sorted(uniq.items())
        ]
        parts_en = [
            f"{s.ids[p]} ({s.titles[p]}, {int(zd[p])} days without inquiry or TM) alone holds '{g}'"
            for p, g in sorted(uniq.items())
        ]
        w.planted.append(
            {
                "what": "零效果产品（删除会丢词）：这些产品超过 90 天没有询盘和 TM 咨询，但它们的词没有其他产品覆盖，删除前要把词用到新标题里："
                + "；".join(parts),
                "what_en": "Zero-effect products whose words nobody else covers (no inquiry or TM chat for over 90 days; deleting "
                "them loses the word): " + "; ".join(parts_en),
                "where": f"{name}; monthly/{final_month(w.as_of)}; keyword library",
                "key": "zero_unique",
                "products": [s.ids[p] for p in sorted(uniq)],
                "words": [g for _, g in sorted(uniq.items())],
            }
        )
    if cov:
        parts, parts_en = [], []
        for p in cov:
            core = _parse_title(s.titles[p], int(w.cat_of[p]))[1].lower()
            other = next(o for o in non_ze if core in w.title_lower[o])
            parts.append(
                f"{s.ids[p]}（{int(zd[p])} 天；主词「{core}」仍由在线产品 {s.ids[other]} 覆盖）"
            )
            parts_en.append(
                f"{s.ids[p]} ({int(zd[p])} days; its main word '{core}' stays covered by live product {s.ids[other]})"
            )
        w.planted.append(
            {
                "what": "零效果产品（可安全删除）：这些产品的词都还有其他在线产品覆盖："
                + "、".join(parts),
                "what_en": "Zero-effect products that are safe to delete (every word of theirs is covered by another live product): "
                + "; ".join(parts_en),
                "where": f"{name}; monthly/{final_month(w.as_of)}",
                "key": "zero_covered",
                "products": [s.ids[p] for p in cov],
            }
        )


def showcase(w: World) -> None:
    rng = w.rng(18)
    s, f = w.s, w.s.facts
    slots = [p for p in range(w.P) if f["showcase"][p] and s.present[p, w.last]]
    slots.sort(key=lambda p: s.ids[p])
    rows = []
    for j, p in enumerate(slots, start=1):
        added = w.as_of - dt.timedelta(days=int(rng.integers(20, 400)))
        if f["publish"][p] > 0:
            added = max(added, w.day(int(f["publish"][p])) + dt.timedelta(days=1))
        rows.append([j, s.ids[p], min(added, w.as_of)])
    if rows:
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"showcase-{w.as_of.isoformat()}.xlsx",
                "橱窗",
                ["橱窗位置", "产品ID", "加入日期"],
                rows,
            )
        )


def new_products(w: World, v: Vocab) -> None:
    rng = w.rng(19)
    s, f = w.s, w.s.facts
    allowed = w.shared["allowed"]
    english = v.english()
    rows = []
    for p in sorted(f["new"], key=lambda p: (f["publish"][p], s.ids[p])):
        pub = w.day(int(f["publish"][p]))
        mine = [
            v.words[i]
            for i in range(v.W)
            if english[i] and v.kind[i] in ("core", "combo") and v.cov[i, p]
        ]
        if not mine:
            mine = [_parse_title(s.titles[p], int(w.cat_of[p]))[1].lower()]
        rows.append(
            [
                pub - dt.timedelta(days=int(rng.integers(3, 13))),
                s.titles[p],
                _CATEGORIES[int(w.cat_of[p])].zh,
                ", ".join(mine[:3]),
                "已发布",
                s.ids[p],
            ]
        )
    planned = set()
    peers = list(v.peers_planted)
    for j, i in enumerate(peers[: max(1, len(peers) // 2)]):
        c = int(v.cat[i])
        cat = _CATEGORIES[c]
        title = f"{rng.choice(cat.lead)} {v.words[i].title()} {rng.choice(cat.tail)}"
        kws = ", ".join(x for x in (v.words[i], f"{v.words[i]} wholesale") if allowed(x))
        rows.append([w.as_of + dt.timedelta(days=j - 2), title, cat.zh, kws, "待发布", None])
        planned.add(i)
    w.shared["planned_peers"] = planned
    head = ["计划日期", "产品名称", "类目", "目标关键词", "状态", "产品ID"]
    w.jobs.append(
        sheet_job(
            w.exports / "sheets" / f"new_products-{w.as_of.isoformat()}.xlsx",
            "新品计划",
            head,
            rows,
        )
    )


# --------------------------------------------------------------------------------------------
# What the sheets plant
# --------------------------------------------------------------------------------------------
