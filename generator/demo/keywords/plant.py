"""What the keyword files plant: the words a reader should find."""

from __future__ import annotations

import datetime as dt

from ...foundation.periods import week_end
from ..common import World
from ..plants import RISE_FACTOR
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
    if p is None:  # too few products for a rising one
        return
    s = w.s
    english = v.english()
    words = [i for i in v.rising_words if english[i]]
    files = [
        f
        for f in w.shared["keyword_index_files"]
        if f.startswith(f"HotKeyword-{w.as_of.isoformat()}-")
    ]
    t0 = w.s.day(int(w.s.facts["rise_t"]))
    promo = []
    if w.s.in_p4p[p] == "Y":
        promo.append(("已在直通车", "already in P4P"))
    if w.s.showcase[p] == "Y":
        promo.append(("已在橱窗", "already in the showcase"))
    ptxt = "（" + "、".join(z for z, _ in promo) + "）" if promo else ""
    ptxt_en = " (" + ", ".join(e for _, e in promo) + ")" if promo else ""
    wtxt = "、".join(f"「{v.words[i]}」" for i in words[:3])
    wtxt_en = ", ".join(f"'{v.words[i]}'" for i in words[:3])
    w.planted.append(
        {
            "what": f"上升产品（老产品，不是新品）：{s.ids[p]}（{s.titles[p]}）{ptxt}从 {t0} 起预期流量乘以 {RISE_FACTOR:g}；"
            f"它的关键词搜索指数在最近 8 周内逐步上升到 1.7 倍：{wtxt}",
            "what_en": f"Rising product (an old one, not new): {s.ids[p]} ({s.titles[p]}){ptxt_en}: its expected traffic × "
            f"{RISE_FACTOR:g} from {t0} on; its words' search index climbs to 1.7× over the last 8 weeks: {wtxt_en}",
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
