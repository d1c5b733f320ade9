"""The operator sheets that hold words: keyword ranks (Tuesdays), peers' and dropdown words, RFQs."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..common import COUNTRIES, World
from ..products import _CATEGORIES
from ..vocab import Vocab
from ..writers import sheet_job


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
