"""The visitor details sheet (访客详情): the last 31 days' visitors, one row each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

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

VISITOR_HEAD = [
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
VISITOR_CAP = 100  # rows a day beyond the inquiring buyers


def visitor_rows(w: World, v: Vocab, recs: list[dict]) -> None:
    rng = w.rng(16)
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
    draw = _Visitors(w, v, rng, cat_words)
    rows_by_day: dict[int, list] = {}
    for t in range(w.t(first), w.last + 1):
        rows_by_day[t] = draw.day_rows(t, by_day.get(t, []))
    for start, end in w.sheet_spans:
        if end < first:
            continue
        out = [
            r for t in range(w.t(max(start, first)), w.t(end) + 1) for r in rows_by_day.get(t, [])
        ]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"visitors-{end.isoformat()}.xlsx",
                "访客详情",
                VISITOR_HEAD,
                out,
            )
        )


@dataclass
class _Visitors:
    """Draws the visitor rows of each day (one random stream, days in order)."""

    w: World
    v: Vocab
    rng: np.random.Generator
    cat_words: list[list[int]]

    def words_for(self, c: int, n: int) -> str:
        pool = self.cat_words[c]
        return (
            ",".join(
                self.v.words[i]
                for i in self.rng.choice(pool, size=min(n, len(pool)), replace=False).tolist()
            )
            if pool
            else ""
        )

    def path(self, live_in: list[list[int]], c: int, end_with: list[int]) -> list[int]:
        same = [p for p in live_in[c] if p not in end_with]
        k = int(self.rng.integers(0, 3))
        pre = (
            [int(x) for x in self.rng.choice(same, size=min(k, len(same)), replace=False)]
            if same
            else []
        )
        return pre + end_with

    def day_rows(self, t: int, inquired: list[dict]) -> list:
        """The day's rows: the inquiring buyers, then other visitors up to the store's count."""
        w = self.w
        rows: list = []
        ids: set[str] = set()
        grouped: dict[int, list[dict]] = defaultdict(list)
        for r in inquired:
            grouped[r["buyer"]["k"]].append(r)
        n_tm = int(w.panel("tm_buyers").sum(axis=0)[t])
        # the day's products with visitors, once per day (not once per visitor)
        visitors = w.panel("visitors")
        seen = np.flatnonzero(visitors[:, t] > 0)
        share = _shares(visitors[seen, t].astype(float)) if len(seen) else seen
        live_in = [seen[w.cat_of[seen] == c].tolist() for c in range(len(_CATEGORIES))]
        for _, rs in sorted(grouped.items()):
            n_tm = self.inquirer_row(t, rs, live_in, n_tm, ids, rows)
        others = max(0, min(VISITOR_CAP, int(w.shared["store_visitors"][t]) - len(rows)))
        for _ in range(others):
            if not len(seen):
                break
            n_tm = self.other_row(t, seen, share, live_in, n_tm, ids, rows)
        rows.sort(key=lambda r: r[1])
        return rows

    def inquirer_row(
        self,
        t: int,
        rs: list[dict],
        live_in: list[list[int]],
        n_tm: int,
        ids: set[str],
        rows: list,
    ) -> int:
        """A buyer who inquired that day; returns the TM chats left to place."""
        w, v, rng = self.w, self.v, self.rng
        cat_words = self.cat_words
        b = rs[0]["buyer"]
        prods = list(dict.fromkeys(r["p"] for r in rs))
        pth = self.path(live_in, int(w.cat_of[prods[-1]]), prods)
        chat = rng.random() < 0.2 and n_tm > 0
        n_tm -= int(chat)
        ids.add(b["vid"])
        rows.append(
            [
                w.day(t),
                b["vid"],
                COUNTRIES[rs[0]["ci"]][0],
                len(pth) + int(rng.integers(0, 4)),
                int(rng.integers(120, 1500)),
                self.words_for(int(w.cat_of[prods[-1]]), int(rng.integers(1, 4))),
                v.words[int(rng.choice(cat_words[int(w.cat_of[prods[-1]])]))]
                if rng.random() < 0.25 and cat_words[int(w.cat_of[prods[-1]])]
                else None,
                b["level"],
                "Y",
                "Y" if chat else "N",
                ">".join(w.s.ids[p] for p in pth),
            ]
        )
        return n_tm

    def other_row(
        self,
        t: int,
        seen: np.ndarray,
        share: np.ndarray,
        live_in: list[list[int]],
        n_tm: int,
        ids: set[str],
        rows: list,
    ) -> int:
        """Another visitor (a duplicate id is drawn and left out); returns the TM chats left."""
        w, v, rng = self.w, self.v, self.rng
        ci = int(rng.choice(len(COUNTRIES), p=w.shared["country_mix"][t]))
        p = int(rng.choice(seen, p=share))
        c = int(w.cat_of[p])
        pth = self.path(live_in, c, [p])
        vid = f"{CODES[ci]}{int(rng.integers(10**7, 10**8))}"
        if vid in ids:
            return n_tm
        ids.add(vid)
        lv = BUYER_LEVELS[int(rng.choice(5, p=[0.6, 0.25, 0.1, 0.04, 0.01]))]
        chat = n_tm > 0 and rng.random() < 0.05
        n_tm -= int(chat)
        rows.append(
            [
                w.day(t),
                vid,
                COUNTRIES[ci][0],
                len(pth) + int(rng.integers(0, 3)),
                int(rng.integers(5, 300)),
                self.words_for(c, int(rng.integers(1, 4))),
                v.words[int(rng.choice(self.cat_words[c]))]
                if rng.random() < 0.1 and self.cat_words[c]
                else None,
                lv,
                "N",
                "Y" if chat else "N",
                ">".join(w.s.ids[x] for x in pth),
            ]
        )
        return n_tm


# --------------------------------------------------------------------------------------------
# Product scores, zero effect, showcase, new products
# --------------------------------------------------------------------------------------------
