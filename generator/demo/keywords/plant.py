"""What the keyword files plant: the words a reader should find, measured on the files written."""

from __future__ import annotations

import datetime as dt

from ...foundation.periods import week_end
from ..common import World
from ..products import final_month
from ..vocab import Vocab


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
