"""The store-wide sheets: store visitors, regions, traffic sources and the store overview."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..common import COUNTRIES, US, World, pct
from ..products import _WEEKDAY
from ..writers import sheet_job
from .base import (
    CHANNELS,
    EVENT,
    SEARCH_CHANNELS,
    _shares,
    _split_drop,
    day_ratio,
)


def store_visitors(w: World) -> np.ndarray:
    rng = w.rng(12)
    vis = w.panel("visitors").sum(axis=0).astype(float)
    return np.rint(0.82 * vis).astype(np.int64) + rng.poisson(0.03 * vis)


def regions(w: World, recs: list[dict]) -> None:
    rng = w.rng(13)
    mix = w.shared["country_mix"]
    sv = w.shared["store_visitors"]
    cat_t = int(w.s.facts["cat_t"])
    hit = np.zeros(len(COUNTRIES), dtype=bool)
    hit[US] = True
    si, ck = w.panel("search_impressions").sum(axis=0), w.panel("search_clicks").sum(axis=0)
    buyers: dict[tuple[int, int], set] = defaultdict(set)
    for r in recs:
        buyers[(r["t"], r["ci"])].add(r["buyer"]["k"])
    head = ["日期", "国家", "搜索曝光次数", "搜索点击次数", "访问人数", "询盘人数"]
    table: dict[int, np.ndarray] = {}
    for start, end in w.sheet_spans:
        rows = []
        for t in range(w.t(start), w.t(end) + 1):
            day = w.day(t)
            cols = []
            for series in (si, ck, sv):
                total = int(series[t])
                if t == cat_t:
                    cols.append(_split_drop(rng, total, mix[t], hit, day_ratio(series, t)))
                else:
                    cols.append(rng.multinomial(total, mix[t]))
            ib = np.array([len(buyers.get((t, ci), ())) for ci in range(len(COUNTRIES))])
            table[t] = np.stack([*cols, ib])
            for ci in range(len(COUNTRIES)):
                vals = [int(cols[0][ci]), int(cols[1][ci]), int(cols[2][ci]), int(ib[ci])]
                if any(vals):
                    rows.append([day, COUNTRIES[ci][0], *vals])
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"regions-{end.isoformat()}.xlsx", "买家地域", head, rows
            )
        )
    w.shared["regions"] = table


def traffic_sources(w: World, recs: list[dict]) -> None:
    rng = w.rng(14)
    sv = w.shared["store_visitors"]
    tm = w.panel("tm_buyers").sum(axis=0)
    cat_t = int(w.s.facts["cat_t"])
    ratio = day_ratio(sv, cat_t)
    names = [c[0] for c in CHANNELS] + [EVENT]
    base = np.array([c[2] for c in CHANNELS] + [0.0])
    ev_a = w.t(w.sheet_first) + max(0, (w.last - w.t(w.sheet_first)) // 2 - 10)
    hit = np.array([n in SEARCH_CHANNELS for n in names])
    ch_of_src = {
        "营销": names.index("外贸直通车"),
        "TM": names.index("询盘"),
        "RFQ": names.index("其他"),
    }
    day_buyers: dict[int, list[dict]] = defaultdict(list)
    for r in recs:
        day_buyers[r["t"]].append(r)
    head = ["日期", "流量渠道", "店铺访问人数", "店内询盘人数", "店内TM咨询人数", "商机转化率"]
    table: dict[int, np.ndarray] = {}
    for start, end in w.sheet_spans:
        rows = []
        for t in range(w.t(start), w.t(end) + 1):
            sh = base.copy()
            if ev_a <= t < ev_a + 21:
                sh[-1], sh[names.index("系统推荐")] = 0.06, sh[names.index("系统推荐")] - 0.06
            sh = _shares(sh * rng.lognormal(0.0, 0.06, len(sh)))
            vis = (
                _split_drop(rng, int(sv[t]), sh, hit, ratio)
                if t == cat_t
                else rng.multinomial(int(sv[t]), sh)
            )
            inq = np.zeros(len(names), dtype=np.int64)
            seen: set[int] = set()
            for r in day_buyers.get(t, []):
                if r["buyer"]["k"] in seen:
                    continue
                seen.add(r["buyer"]["k"])
                ch = ch_of_src.get(r["source"])
                if ch is None:
                    ch = int(rng.choice(len(names), p=_shares(vis + 0.01)))
                inq[ch] += 1
            tmc = rng.multinomial(int(tm[t]), _shares(vis + 0.01))
            table[t] = np.stack([vis, inq, tmc])
            for j, name in enumerate(names):
                if vis[j] == 0 and inq[j] == 0 and tmc[j] == 0:
                    continue
                rate = (inq[j] + tmc[j]) / vis[j] if vis[j] else 0.0
                rows.append(
                    [w.day(t), name, int(vis[j]), int(inq[j]), int(tmc[j]), pct(min(rate, 1.0))]
                )
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"traffic_sources-{end.isoformat()}.xlsx",
                "流量来源",
                head,
                rows,
            )
        )
    w.shared["channels"] = (names, table)


OVERVIEW_HEAD = [
    "日期",
    "对象",
    "店铺访问人数",
    "店铺访问次数",
    "搜索曝光次数",
    "搜索点击次数",
    "全店曝光次数",
    "全店点击次数",
    "询盘个数",
    "询盘人数",
    "TM咨询人数",
    "商机人数",
    "L1+买家询盘人数占比",
    "及时回复率",
    "平均回复时长",
    "信保交易订单个数",
    "信保交易金额(美元)",
    "营销曝光次数",
    "营销点击次数",
]


def store_overview(w: World, recs: list[dict]) -> None:
    rng = w.rng(15)
    f = w.s.facts
    tot = {
        n: w.panel(n).sum(axis=0)
        for n in (
            "search_impressions",
            "search_clicks",
            "all_impressions",
            "all_clicks",
            "inquiries",
            "inquiry_buyers",
            "tm_buyers",
            "orders",
            "marketing_impressions",
            "marketing_clicks",
        )
    }
    a0 = w.t(w.sheet_first)
    days = list(range(a0, w.last + 1))
    weekday = np.array([_WEEKDAY[w.day(t).weekday()] for t in days])
    hol = int(f["hol_t"])
    platform = np.where([(hol <= t < hol + 7) for t in days], 0.7, 1.0)
    mine = _my_days(w, rng, recs, days, tot)
    rows = _peer_rows(w, rng, mine, days, weekday, platform)
    for start, end in w.sheet_spans:
        out = [r for t in range(w.t(start), w.t(end) + 1) for r in rows[t]]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"store_overview-{end.isoformat()}.xlsx",
                "店铺概况",
                OVERVIEW_HEAD,
                out,
            )
        )


def _my_days(
    w: World, rng: np.random.Generator, recs: list[dict], days: list[int], tot: dict
) -> dict[int, list]:
    """The store's own row (我的) of each day: the products' sums, the inquiries' reply times,
    orders drawn from the products' (random draws, in day order)."""
    sv = w.shared["store_visitors"]
    by_day: dict[int, list[dict]] = defaultdict(list)
    for r in recs:
        by_day[r["t"]].append(r)
    mine: dict[int, list] = {}
    for t in days:
        rs = by_day.get(t, [])
        people = {r["buyer"]["k"]: r["buyer"]["level"] for r in rs}
        l1 = sum(1 for lv in people.values() if lv != "L0") / len(people) if people else 0.0
        replied = [r for r in rs if r["reply"] is not None]
        timely = (
            sum(1 for r in replied if (r["reply"] - r["time"]).total_seconds() <= 86400) / len(rs)
            if rs
            else 1.0
        )
        hours = (
            float(np.mean([(r["reply"] - r["time"]).total_seconds() / 3600 for r in replied]))
            if replied
            else None
        )
        orders = int(rng.binomial(int(tot["orders"][t]), 0.5))
        amount = round(float(orders * rng.lognormal(np.log(1800), 0.5)), 2) if orders else 0.0
        mine[t] = [
            int(sv[t]),
            int(np.rint(sv[t] * rng.uniform(1.25, 1.45))),
            int(tot["search_impressions"][t]),
            int(tot["search_clicks"][t]),
            int(tot["all_impressions"][t]),
            int(tot["all_clicks"][t]),
            int(tot["inquiries"][t]),
            int(tot["inquiry_buyers"][t]),
            int(tot["tm_buyers"][t]),
            int(tot["inquiry_buyers"][t] + tot["tm_buyers"][t]),
            pct(l1),
            pct(timely),
            round(hours, 1) if hours is not None else "-",
            orders,
            amount,
            int(tot["marketing_impressions"][t]),
            int(tot["marketing_clicks"][t]),
        ]
    return mine


def _peer_rows(
    w: World,
    rng: np.random.Generator,
    mine: dict[int, list],
    days: list[int],
    weekday: np.ndarray,
    platform: np.ndarray,
) -> dict[int, list]:
    """Each day's rows: the store's, then the peers' average and best (random draws, in order)."""
    # peers: the store's typical day (not its incidents), scaled; they share the platform's holiday
    num_cols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16]
    level = {
        c: float(np.mean([mine[t][c] / weekday[i] for i, t in enumerate(days)])) for c in num_cols
    }
    avg_k = {
        0: 0.8,
        1: 0.8,
        2: 0.95,
        3: 0.85,
        4: 0.9,
        5: 0.85,
        6: 0.7,
        7: 0.7,
        8: 0.75,
        9: 0.72,
        13: 0.9,
        14: 0.8,
        15: 1.1,
        16: 1.0,
    }
    rows = defaultdict(list)
    for i, t in enumerate(days):
        rows[t].append([w.day(t), "我的", *mine[t]])
        for subject, k2, rates in (
            ("同行平均", 1.0, (0.55, 0.88, 6.5)),
            ("同行优秀", 3.4, (0.66, 0.97, 2.1)),
        ):
            vals = []
            for c in range(len(mine[t])):
                if c in num_cols:
                    x = level[c] * avg_k[c] * k2 * weekday[i] * platform[i] * rng.lognormal(0, 0.05)
                    vals.append(round(x, 2) if c == 14 else int(np.rint(x)))
                elif c == 10:
                    vals.append(pct(rates[0] * rng.uniform(0.95, 1.05)))
                elif c == 11:
                    vals.append(pct(min(1.0, rates[1] * rng.uniform(0.97, 1.02))))
                else:
                    vals.append(round(rates[2] * rng.uniform(0.85, 1.15), 1))
            rows[t].append([w.day(t), subject, *vals])
    return rows


# --------------------------------------------------------------------------------------------
# Visitors (访客详情, 31 days)
# --------------------------------------------------------------------------------------------
