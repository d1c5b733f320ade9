"""The visitor details sheet (访客详情): the last 31 days' visitors, one row each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from ...kinds import BUYER_LEVELS
from ..common import COUNTRIES, VISITOR_DAYS, World
from ..products import _CATEGORIES
from ..vocab import Vocab
from ..writers import sheet_job
from .base import (
    CODES,
    _shares,
)


def visitor_rows(w: World, v: Vocab, recs: list[dict]) -> None:
    rng = w.rng(16)
    s = w.s
    mix = w.shared["country_mix"]
    sv = w.shared["store_visitors"]
    visitors = w.panel("visitors")
    tm = w.panel("tm_buyers").sum(axis=0)
    english = v.english()
    cat_words = [
        [i for i in range(v.W) if v.cat[i] == c and (english[i] or rng.random() < 0.3)]
        for c in range(len(_CATEGORIES))
    ]
    first = max(w.first_day, w.as_of - dt.timedelta(days=VISITOR_DAYS - 1))
    by_day: dict[int, list[dict]] = defaultdict(list)
    for r in recs:
        if r["source"] in ("普通", "营销") and r["day"] >= first:
            by_day[r["t"]].append(r)
    cap = 100
    head = [
        "访问日期",
        "访客ID",
        "国家",
        "浏览次数",
        "停留时长(秒)",
        "全站偏好关键词",
        "进店搜索词",
        "买家层级",
        "是否询盘",
        "是否TM咨询",
        "访问路径",
    ]

    def words_for(c: int, n: int) -> str:
        pool = cat_words[c]
        return (
            ",".join(
                v.words[i] for i in rng.choice(pool, size=min(n, len(pool)), replace=False).tolist()
            )
            if pool
            else ""
        )

    def path(live_in: list[list[int]], c: int, end_with: list[int]) -> list[int]:
        same = [p for p in live_in[c] if p not in end_with]
        k = int(rng.integers(0, 3))
        pre = (
            [int(x) for x in rng.choice(same, size=min(k, len(same)), replace=False)]
            if same
            else []
        )
        return pre + end_with

    rows_by_day: dict[int, list] = {}
    for t in range(w.t(first), w.last + 1):
        day = w.day(t)
        rows = []
        ids: set[str] = set()
        grouped: dict[int, list[dict]] = defaultdict(list)
        for r in by_day.get(t, []):
            grouped[r["buyer"]["k"]].append(r)
        n_tm = int(tm[t])
        # the day's products with visitors, once per day (not once per visitor)
        seen = np.flatnonzero(visitors[:, t] > 0)
        share = _shares(visitors[seen, t].astype(float)) if len(seen) else seen
        live_in = [seen[w.cat_of[seen] == c].tolist() for c in range(len(_CATEGORIES))]
        for _, rs in sorted(grouped.items()):
            b = rs[0]["buyer"]
            prods = list(dict.fromkeys(r["p"] for r in rs))
            pth = path(live_in, int(w.cat_of[prods[-1]]), prods)
            chat = rng.random() < 0.2 and n_tm > 0
            n_tm -= int(chat)
            ids.add(b["vid"])
            rows.append(
                [
                    day,
                    b["vid"],
                    COUNTRIES[rs[0]["ci"]][0],
                    len(pth) + int(rng.integers(0, 4)),
                    int(rng.integers(120, 1500)),
                    words_for(int(w.cat_of[prods[-1]]), int(rng.integers(1, 4))),
                    v.words[int(rng.choice(cat_words[int(w.cat_of[prods[-1]])]))]
                    if rng.random() < 0.25 and cat_words[int(w.cat_of[prods[-1]])]
                    else None,
                    b["level"],
                    "Y",
                    "Y" if chat else "N",
                    ">".join(s.ids[p] for p in pth),
                ]
            )
        others = max(0, min(cap, int(sv[t]) - len(rows)))
        for _ in range(others):
            if not len(seen):
                break
            ci = int(rng.choice(len(COUNTRIES), p=mix[t]))
            p = int(rng.choice(seen, p=share))
            c = int(w.cat_of[p])
            pth = path(live_in, c, [p])
            vid = f"{CODES[ci]}{int(rng.integers(10**7, 10**8))}"
            if vid in ids:
                continue
            ids.add(vid)
            lv = BUYER_LEVELS[int(rng.choice(5, p=[0.6, 0.25, 0.1, 0.04, 0.01]))]
            chat = n_tm > 0 and rng.random() < 0.05
            n_tm -= int(chat)
            rows.append(
                [
                    day,
                    vid,
                    COUNTRIES[ci][0],
                    len(pth) + int(rng.integers(0, 3)),
                    int(rng.integers(5, 300)),
                    words_for(c, int(rng.integers(1, 4))),
                    v.words[int(rng.choice(cat_words[c]))]
                    if rng.random() < 0.1 and cat_words[c]
                    else None,
                    lv,
                    "N",
                    "Y" if chat else "N",
                    ">".join(s.ids[x] for x in pth),
                ]
            )
        rows.sort(key=lambda r: r[1])
        rows_by_day[t] = rows
    for start, end in w.sheet_spans:
        if end < first:
            continue
        out = [
            r for t in range(w.t(max(start, first)), w.t(end) + 1) for r in rows_by_day.get(t, [])
        ]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"visitors-{end.isoformat()}.xlsx", "访客详情", head, out
            )
        )


# --------------------------------------------------------------------------------------------
# Product scores, zero effect, showcase, new products
# --------------------------------------------------------------------------------------------
