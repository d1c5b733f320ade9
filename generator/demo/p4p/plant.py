"""What the P4P reports plant: the leak (a keyword with planted weekly values), the growth
score, budgets and broad words."""

from __future__ import annotations

import datetime as dt

from ..common import World
from ..plants import LEAK_CLICKS, LEAK_IMPRESSIONS, LEAK_SPEND
from ..products import final_month
from ..vocab import Vocab
from .base import (
    CAMPAIGNS,
    GROWTH_DIMS,
    NEW_CAMPAIGN,
    TARGET_SCORE,
    _level,
)


def _plant_p4p(w: World, v: Vocab, q: dict) -> None:
    weeks = [end for _, end in w.weeks][-4:]
    if not weeks:
        return
    _plant_waste(w, v, q, weeks)
    end = _plant_growth(w, q)
    start = w.weeks[-1][0]
    _plant_budget(w, q, start, end)
    _plant_abnormal(w, v, q, start, end)


def _plant_waste(w: World, v: Vocab, q: dict, weeks: list[dt.date]) -> None:
    """The P4P leak: one keyword with planted weekly values in the last complete weeks."""
    if not q["waste"]:
        return
    k = int(q["waste"][0])
    word = v.words[q["kw_word"][k]]
    camp = CAMPAIGNS[int(q["kw_camp"][k])][0]
    w.shared["leak_word"] = word
    leak_weeks = [d for d in weeks if w.t(d) in set(w.s.facts["leak_days"])]
    clicks, spend, imps = sum(LEAK_CLICKS), sum(LEAK_SPEND), sum(LEAK_IMPRESSIONS)
    files = ", ".join(f"p4p/P4P-keywords-{d.isoformat()}.xls" for d in leak_weeks)
    w.planted.append(
        {
            "what": f"直通车漏钱词：「{word}」（{camp}）在最近 {len(leak_weeks)} 个整周每周曝光 {imps:,}、点击 {clicks}、"
            f"花费 {spend:,.2f} 元、询盘 0（任何一周都没有询盘），买家搜索词里混有不相关的词——证据充分，应暂停或改为精确匹配",
            "what_en": f"A P4P leak: '{word}' ({camp}) has {imps:,} impressions, {clicks} clicks, CNY {spend:,.2f} spent and 0 "
            f"inquiries in each of the last {len(leak_weeks)} complete weeks (no inquiry in any week; its buyer search terms "
            "include unrelated words) — enough evidence: pause it or make it exact match",
            "where": f"{files}; weekly/{weeks[-1].isoformat()}; keyword library",
            "key": "p4p_waste",
            "words": [word],
        }
    )


def _plant_growth(w: World, q: dict) -> dt.date:
    """The latest growth score and the dimensions losing most points; returns its week's end."""
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
    return end


def _plant_budget(w: World, q: dict, start: dt.date, end: dt.date) -> None:
    """Budget use and promotion hours in the last complete week."""
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


def _plant_abnormal(w: World, v: Vocab, q: dict, start: dt.date, end: dt.date) -> None:
    """Broad keywords with impressions and almost no clicks in the last complete week."""
    wk = q["kw_week"][end]
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
