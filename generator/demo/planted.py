"""What a reader should find: the planted product situations, measured on the generated data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ..foundation.periods import (
    last_published_month_end,
    month_key,
    reader_today,
    week_end,
)
from .catalogue import _CATEGORIES
from .panel import (
    _BURN,
    _I,
    _Store,
)

# --------------------------------------------------------------------------------------------
# What a reader should find: the planted situations, measured on the generated data
# --------------------------------------------------------------------------------------------


def final_month(as_of: dt.date, lag_days: int = 2) -> str:
    """The latest month whose review is final as of ``as_of`` (final on the 3rd of the next
    month): the monthly page where the month-scale plants show (the month in progress has
    no page yet)."""
    return month_key(last_published_month_end(reader_today(as_of, None, lag_days)))


def _planted(s: _Store, **k: Any) -> list[dict]:
    return [*_plant_new(s, k), *_plant_gone(s, k), *_plant_drops(s, k)]


def _views(s: _Store) -> tuple[Any, Any, Any, int, Any, Any, str, Any]:
    """The panels the plants are measured on (search impressions, clicks, inquiries), the
    panel's length, and how a day index is named (its day, month, week's page; the final month)."""
    si = s.ints[_I["search_impressions"]]
    clicks = s.ints[_I["search_clicks"]]
    inq = s.ints[_I["inquiries"]]
    T = si.shape[1]
    day = lambda t: s.day(int(t)).isoformat()  # noqa: E731
    month = lambda t: day(t)[:7]  # noqa: E731
    final = final_month(s.day(T - 1))

    def weekly(t: int) -> str:
        return week_end(s.day(t)).isoformat()

    return si, clicks, inq, T, day, month, final, weekly


def _plant_new(s: _Store, k: dict[str, Any]) -> list[dict]:
    """New products: the ones that take off, and the ones that stay small."""
    si, _clicks, _inq, T, day, month, final, weekly = _views(s)
    out: list[dict] = []
    for p in k["takeoff"]:
        t0 = int(k["publish"][p])
        a, b = min(t0 + 21, T - 7), min(t0 + 27, T - 1)
        later = si[:, a : b + 1].sum(axis=1)
        rank = int((later > later[p]).sum()) + 1
        first_week = int(si[p, t0 : t0 + 7].sum())
        week3 = int(si[p, a : b + 1].sum())
        out.append(
            {
                "what": f"新品起量：产品 {s.ids[p]}（{s.titles[p]}）于 {day(t0)} 上架，此前的导出中没有它；"
                f"第一周搜索曝光 {first_week}，约三周后（{day(a)}~{day(b)}）一周 {week3}，"
                f"排到全店第 {rank} 名",
                "what_en": f"New product takes off: {s.ids[p]} ({s.titles[p]}) published {day(t0)}, absent "
                f"from earlier files; search impressions {first_week} in its first week, "
                f"{week3} three weeks later ({day(a)}~{day(b)}), rank {rank} in the store",
                "where": f"daily/{day(t0)} (first appearance); weekly/{weekly(t0)} … weekly/{weekly(b)}; "
                + (f"monthly/{month(t0)}; " if month(t0) <= final else "")
                + "product table",
            }
        )
    if k["quiet"]:
        quiet = sorted(k["quiet"], key=lambda p: k["publish"][p])
        listing = "、".join(f"{s.ids[p]}（{day(k['publish'][p])}）" for p in quiet)
        listing_en = ", ".join(f"{s.ids[p]} ({day(k['publish'][p])})" for p in quiet)
        out.append(
            {
                "what": f"新品上架（未起量）：{len(quiet)} 个产品在期间内上架，上架日前不出现在导出中，之后流量一般：{listing}",
                "what_en": f"New listings that stay small: {len(quiet)} product{'s' * (len(quiet) != 1)} published during the period, "
                f"absent before their publish day, modest traffic after: {listing_en}",
                "where": "; ".join(f"daily/{day(k['publish'][p])}" for p in quiet)
                + "; product table",
            }
        )
    return out


def _plant_gone(s: _Store, k: dict[str, Any]) -> list[dict]:
    """Products dying out (still listed) and products deleted."""
    si, _clicks, _inq, T, day, month, final, _weekly = _views(s)
    out: list[dict] = []
    dying = sorted(k["dying"], key=lambda p: k["decay_start"][p])
    if dying:
        parts, parts_en = [], []
        for p in dying:
            t0 = int(k["decay_start"][p])
            before = int(si[p, max(t0 - 28, 0) : t0].sum())
            tail = int(si[p, T - 28 :].sum())
            parts.append(
                f"{s.ids[p]}（{day(t0)} 起，衰退前 28 天曝光 {before}，最近 28 天 {tail}）"
            )
            parts_en.append(
                f"{s.ids[p]} (from {day(t0)}; 28 days before: {before} impressions, last 28 days: {tail})"
            )
        out.append(
            {
                "what": f"产品衰退：{len(dying)} 个原本有流量的产品搜索曝光逐步衰减到接近 0（仍在线，变成零效果产品）："
                + "、".join(parts),
                "what_en": f"Products dying out: {len(dying)} product{'s' * (len(dying) != 1)} with traffic decaying towards zero (still listed, "
                f"become zero-effect products): " + "; ".join(parts_en),
                "where": "product table; monthly pages "
                + ", ".join(
                    sorted(
                        {
                            f"monthly/{month(k['decay_start'][p])}"
                            for p in dying
                            if month(k["decay_start"][p]) <= final
                        }
                    )
                ),
            }
        )
    for p in sorted(k["deleted"], key=lambda p: k["del_day"][p]):
        t0 = int(k["del_day"][p])
        out.append(
            {
                "what": f"产品下架：产品 {s.ids[p]}（{s.titles[p]}）最后出现在 {day(t0 - 1)} 的导出中，{day(t0)} 起不再出现",
                "what_en": f"Product deleted: {s.ids[p]} ({s.titles[p]}) last appears on {day(t0 - 1)}, "
                f"absent from {day(t0)} on",
                "where": f"daily/{day(t0 - 1)} → daily/{day(t0)}; product table",
            }
        )
    return out


def _plant_drops(s: _Store, k: dict[str, Any]) -> list[dict]:
    """The one-day category drop, the top product's click collapse and the holiday week."""
    si, clicks, inq, T, day, _month, _final, weekly = _views(s)
    out: list[dict] = []
    t = int(k["cat_t"])
    cat = _CATEGORIES[k["cat_drop"]]
    store_day = int(si[:, t].sum())
    med_si = float(np.median(si[:, t - 7 : t].sum(axis=0)))
    inq_day = int(inq[:, t].sum())
    med_inq = float(np.median(inq[:, t - 7 : t].sum(axis=0)))
    also = also_en = ""
    if k["others_cut"] > 0.005:
        also = f"，其他类目同日也下降约 {round(k['others_cut'] * 100)}%"
        also_en = f" (the other categories dip by about {round(k['others_cut'] * 100)}% too)"
    out.append(
        {
            "what": f"类目单日突降：{day(t)} 类目「{cat.zh}」搜索曝光下降约 {round(k['cut'] * 100)}%（仅此一天）{also}，"
            f"全店搜索曝光 {store_day}，为前 7 天中位数 {med_si:.0f} 的 {store_day / med_si:.0%}；"
            f"全店询盘 {inq_day}（前 7 天中位数 {med_inq:.0f}）",
            "what_en": f"One-day category drop: on {day(t)} search impressions of category {cat.zh} ({cat.en}) "
            f"fall by about {round(k['cut'] * 100)}% for that day only{also_en}; store search impressions "
            f"{store_day} = {store_day / med_si:.0%} of the median of the 7 days before ({med_si:.0f}); "
            f"store inquiries {inq_day} (median {med_inq:.0f})",
            "where": f"daily/{day(t)}; category table; weekly/{weekly(t)}",
        }
    )
    p, t = int(k["top_product"]), int(k["drop_t"])
    month_clicks = clicks[:, max(t - 28, 0) : t].sum(axis=1)
    rank = int((month_clicks > month_clicks[p]).sum()) + 1
    usual = float(np.median(clicks[p, t - 7 : t]))
    during = float(clicks[p, t : t + 5].mean())
    out.append(
        {
            "what": f"头部产品点击骤降：搜索点击排名第 {rank} 的产品 {s.ids[p]}（{s.titles[p]}）在 {day(t)}~{day(t + 4)} "
            f"排名掉落，搜索曝光和点击约下降 80%（点击日均 {during:.1f}，前 7 天中位数 {usual:.0f}），{day(t + 5)} 恢复",
            "what_en": f"Top product click collapse: the store's number {rank} product by search clicks, {s.ids[p]} ({s.titles[p]}) loses its "
            f"ranking {day(t)}~{day(t + 4)}: search impressions and clicks fall ~80% (clicks "
            f"{during:.1f}/day vs median {usual:.0f} in the 7 days usual), recovers on {day(t + 5)}",
            "where": f"daily/{day(t)} … daily/{day(t + 4)}; weekly/{weekly(t)}; product table",
        }
    )
    t = int(k["hol_t"])
    week = int(si[:, t : t + 7].sum())
    around = [
        int(si[:, a : a + 7].sum())
        for a in (t - 14, t - 7, t + 7, t + 14)
        if a >= _BURN and a + 7 <= T
    ]
    ref = float(np.mean(around)) if around else float(week)
    out.append(
        {
            "what": f"假日周：{day(t)}~{day(t + 6)} 全店流量约 -30%（搜索曝光 {week}，前后各两周平均 {ref:.0f}，"
            f"为其 {week / ref:.0%}）",
            "what_en": f"Holiday week: {day(t)}~{day(t + 6)} store-wide traffic about -30% (search impressions "
            f"{week} vs {ref:.0f} on average in the two weeks either side, {week / ref:.0%})",
            "where": f"weekly/{day(t + 6)}; daily/{day(t)} … daily/{day(t + 6)}",
        }
    )
    return out
