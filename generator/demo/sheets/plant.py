"""What the sheets plant: the category's search drop in the United States and the search
channels, measured on the sheets written."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ...foundation.periods import week_end
from ..common import COUNTRIES, MEXICO, US, World
from ..products import _CATEGORIES
from .base import (
    SEARCH_CHANNELS,
    TEMPLATES,
)


def plant_sheets(w: World, recs: list[dict]) -> None:
    _plant_drop(w, recs)
    _plant_repeats(w)
    _plant_unreplied(w)
    _plant_rising(w)


def _plant_drop(w: World, recs: list[dict]) -> None:
    """The one-day category drop and its cause: US search ranking, search channels."""
    f = w.s.facts
    t = int(f["cat_t"])
    day = w.day(t)
    cat = _CATEGORIES[int(f["cat_drop"])]
    n_day: dict[int, int] = defaultdict(int)
    for r in recs:
        n_day[r["t"]] += 1
    before = [n_day[x] for x in range(t - 7, t)]
    med = float(np.median(before))
    reg = w.shared["regions"]
    us_now = int(reg[t][0][US])
    us_med = float(np.median([reg[x][0][US] for x in range(t - 7, t) if x in reg]))
    rest_now = int(reg[t][0].sum() - us_now)
    rest_med = float(
        np.median([reg[x][0].sum() - reg[x][0][US] for x in range(t - 7, t) if x in reg])
    )
    names, table = w.shared["channels"]
    hit = [names.index(n) for n in SEARCH_CHANNELS]
    other = [j for j in range(len(names)) if j not in hit]
    srch_now = int(table[t][0][hit].sum())
    srch_med = float(np.median([table[x][0][hit].sum() for x in range(t - 7, t) if x in table]))
    oth_now = int(table[t][0][other].sum())
    oth_med = float(np.median([table[x][0][other].sum() for x in range(t - 7, t) if x in table]))
    us_inq = int(reg[t][3][US])
    ch = lambda a, b: f"{a / b - 1:+.0%}" if b else "n/a"  # noqa: E731
    dropped = n_day[t] < 0.8 * med
    lead = "询盘下降及原因" if dropped else "流量下降原因"
    lead_en = "Inquiry drop and its cause" if dropped else "Cause of the traffic drop"
    saturday = week_end(day)
    span_end = next(e for a, e in w.sheet_spans if a <= day <= e)
    w.planted.append(
        {
            "what": f"{lead}：{day} 询盘 {n_day[t]} 条（前 7 天中位数 {med:g}）。原因是类目「{cat.zh}」当天在美国的搜索排名掉了："
            f"美国搜索曝光 {us_now}（前 7 天中位数 {us_med:g}，{ch(us_now, us_med)}），其他国家合计 {rest_now}（{ch(rest_now, rest_med)}）；"
            f"美国询盘人数 {us_inq}；渠道上 搜索+外贸直通车 访客 {srch_now}（{ch(srch_now, srch_med)}），"
            f"其他渠道 {oth_now}（{ch(oth_now, oth_med)}）",
            "what_en": f"{lead_en}: {n_day[t]} inquiries on {day} (median {med:g} in the 7 days before). The category {cat.en} lost "
            f"its US search ranking that day: US search impressions {us_now} (median {us_med:g}, {ch(us_now, us_med)}), all other "
            f"countries {rest_now} ({ch(rest_now, rest_med)}); US inquiring buyers {us_inq}; channels 搜索 + 外贸直通车 "
            f"{srch_now} visitors ({ch(srch_now, srch_med)}), the other channels {oth_now} ({ch(oth_now, oth_med)})",
            "where": f"daily/{day}; sheets/inquiries-{span_end}.xlsx; sheets/regions-{span_end}.xlsx; "
            f"sheets/traffic_sources-{span_end}.xlsx; weekly/{saturday}",
            "key": "inquiry_drop",
            "day": day.isoformat(),
            "category": cat.zh,
            "inquiry_drop": dropped,
        }
    )


def _plant_repeats(w: World) -> None:
    """Duplicate inquiries (same buyer, same product, within 7 days) and template inquiries."""
    s = w.s
    plant = w.shared["inq_plant"]
    if plant["pairs"]:
        parts = [
            f"买家 {r1['buyer']['name']}（{COUNTRIES[r1['ci']][0]}）在 {r1['day']} 和 {r2['day']} 两次询价产品 {s.ids[r1['p']]}"
            f"（询盘ID {r1['id']}、{r2['id']}）"
            for r1, r2 in plant["pairs"]
        ]
        parts_en = [
            f"{r1['buyer']['name']} ({COUNTRIES[r1['ci']][1]}) asked about {s.ids[r1['p']]} on {r1['day']} and again on "
            f"{r2['day']} (ids {r1['id']}, {r2['id']})"
            for r1, r2 in plant["pairs"]
        ]
        w.planted.append(
            {
                "what": "重复询盘（同一买家 7 天内对同一产品再次询盘）：" + "；".join(parts),
                "what_en": "Duplicate inquiries (same buyer, same product, within 7 days): "
                + "; ".join(parts_en),
                "where": "; ".join(
                    sorted(
                        {
                            f"sheets/inquiries-{next(e for a, e in w.sheet_spans if a <= r['day'] <= e)}.xlsx"
                            for pair in plant["pairs"]
                            for r in pair
                        }
                    )
                )
                + "; daily pages of those days",
                "key": "duplicates",
                "ids": [[r1["id"], r2["id"]] for r1, r2 in plant["pairs"]],
            }
        )
    if plant["templates"]:
        tpl = plant["templates"]
        days = sorted({r["day"] for r in tpl})
        w.planted.append(
            {
                "what": f"模板询盘：{len(tpl)} 个不同买家（{'、'.join(sorted({COUNTRIES[r['ci']][0] for r in tpl}))}，均为 L0）在 "
                f"{days[0]}~{days[-1]} 发来几乎一样的通用内容「{TEMPLATES[0]}」（询盘ID {'、'.join(r['id'] for r in tpl)}）",
                "what_en": f"Template inquiries: {len(tpl)} different L0 buyers sent near-identical generic text between {days[0]} and "
                f'{days[-1]}: "{TEMPLATES[0]}" (ids {", ".join(r["id"] for r in tpl)})',
                "where": "; ".join(
                    sorted(
                        {
                            f"sheets/inquiries-{next(e for a, e in w.sheet_spans if a <= r['day'] <= e)}.xlsx"
                            for r in tpl
                        }
                    )
                )
                + "; daily pages of those days",
                "key": "templates",
                "ids": [r["id"] for r in tpl],
            }
        )


def _plant_unreplied(w: World) -> None:
    """Inquiries unreplied for more than 24 hours, by owner."""
    waiting = w.shared["inq_plant"]["waiting"]
    if waiting:
        by_owner: dict[str, int] = defaultdict(int)
        for r in waiting:
            by_owner[r["owner"]] += 1
        txt = "、".join(
            f"{o} {n} 条" for o, n in sorted(by_owner.items(), key=lambda x: (-x[1], x[0]))
        )
        txt_en = ", ".join(
            f"{o} {n}" for o, n in sorted(by_owner.items(), key=lambda x: (-x[1], x[0]))
        )
        w.planted.append(
            {
                "what": f"超过 24 小时未回复的询盘（截至 {w.as_of} 北京时间日末）：共 {len(waiting)} 条，按负责人：{txt}",
                "what_en": f"Inquiries unreplied for more than 24 hours (at the end of {w.as_of}, China time): {len(waiting)}, by owner: {txt_en}",
                "where": f"sheets/inquiries-{w.sheet_spans[-1][1]}.xlsx; daily/{w.as_of}",
                "key": "unreplied",
                "ids": [r["id"] for r in waiting],
            }
        )


def _plant_rising(w: World) -> None:
    """A Spanish-speaking market rising: suggest multi-language products."""
    reg = w.shared["regions"]
    last = w.last
    a = [reg[x][0][MEXICO] for x in range(last - 27, last + 1) if x in reg]
    b = [reg[x][0][MEXICO] for x in range(last - 55, last - 27) if x in reg]
    if a and b and sum(b) > 0:
        w.planted.append(
            {
                "what": f"墨西哥（西班牙语市场）搜索曝光上升：最近 4 周 {sum(a)}，前 4 周 {sum(b)}（{sum(a) / sum(b) - 1:+.0%}）——建议发布西班牙语多语言产品",
                "what_en": f"Mexico (a Spanish-language market) rising: {sum(a)} search impressions in the last 4 weeks vs {sum(b)} "
                f"in the 4 before ({sum(a) / sum(b) - 1:+.0%}) — publish Spanish multi-language products",
                "where": f"sheets/regions-*.xlsx (last 8 weeks); weekly/{w.weeks[-1][1] if w.weeks else w.as_of}",
                "key": "country_rising",
            }
        )
