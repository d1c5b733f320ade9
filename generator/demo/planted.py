"""What a reader should find: the planted product situations, told with the planted values
(the rule applied to the simulated numbers, the day, the product), never measured on the
generated data with the generator's own detectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..foundation.periods import (
    last_published_month_end,
    month_key,
    reader_today,
    week_end,
)
from .catalogue import _CATEGORIES
from .panel import _Store
from .plants import (
    CAT_FACTOR,
    DEAD_IMPRESSIONS,
    HOLIDAY_FACTOR,
    IDLE_CLICKS,
    IDLE_IMPRESSIONS,
    TOP_DAYS,
    TOP_FACTOR,
)


def final_month(as_of: dt.date, lag_days: int = 2) -> str:
    """The latest month whose review is final as of ``as_of`` (final on the 3rd of the next
    month): the monthly page where the month-scale plants show (the month in progress has
    no page yet)."""
    return month_key(last_published_month_end(reader_today(as_of, None, lag_days)))


def _planted(s: _Store, **k: Any) -> list[dict]:
    return [*_plant_new(s, k), *_plant_gone(s, k), *_plant_drops(s, k), *_plant_stories(s, k)]


def _names(s: _Store) -> tuple[Any, Any, str, Any]:
    """How a panel day index is named: its day, its month, the final month, its week's page."""
    day = lambda t: s.day(int(t)).isoformat()  # noqa: E731
    month = lambda t: day(t)[:7]  # noqa: E731
    T = s.ints.shape[2]
    final = final_month(s.day(T - 1))

    def weekly(t: int) -> str:
        return week_end(s.day(t)).isoformat()

    return day, month, final, weekly


def _plant_new(s: _Store, k: dict[str, Any]) -> list[dict]:
    """New products: the ones that take off, and the ones that stay small."""
    day, month, final, weekly = _names(s)
    out: list[dict] = []
    for p in k["takeoff"]:
        t0 = int(k["publish"][p])
        out.append(
            {
                "what": f"新品起量：产品 {s.ids[p]}（{s.titles[p]}）于 {day(t0)} 上架，此前的导出中没有它；"
                "上架时流量约为最终的 4%，约三周后达到全店前 3% 产品的水平（新品，不是「上升产品」）",
                "what_en": f"New product takes off: {s.ids[p]} ({s.titles[p]}) published {day(t0)}, absent "
                "from earlier files; about 4% of its final traffic at launch, at the level of the store's "
                "top 3% of products about three weeks later (a new product, not a 'rising' one)",
                "where": f"daily/{day(t0)} (first appearance); weekly/{weekly(t0)}; "
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
    day, month, final, _weekly = _names(s)
    out: list[dict] = []
    dying = sorted(k["dying"], key=lambda p: k["decay_start"][p])
    if dying:
        parts = [f"{s.ids[p]}（{day(k['decay_start'][p])} 起）" for p in dying]
        parts_en = [f"{s.ids[p]} (from {day(k['decay_start'][p])})" for p in dying]
        out.append(
            {
                "what": f"产品衰退：{len(dying)} 个原本有流量的产品，预期流量从某天起按 e^(−天数/τ) 衰减到接近 0（仍在线）："
                + "、".join(parts),
                "what_en": f"Products dying out: {len(dying)} product{'s' * (len(dying) != 1)} whose expected traffic decays as "
                "e^(−days/τ) from a given day (still listed): " + "; ".join(parts_en),
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
    day, _month, _final, weekly = _names(s)
    out: list[dict] = []
    t = int(k["cat_t"])
    cat = _CATEGORIES[k["cat_drop"]]
    pct = round((1 - CAT_FACTOR) * 100)
    out.append(
        {
            "what": f"类目单日突降：{day(t)} 类目「{cat.zh}」（当天预期搜索曝光最多的类目）的搜索曝光和询盘率都乘以 "
            f"{CAT_FACTOR:g}（−{pct}%，仅此一天），其他类目不变",
            "what_en": f"One-day category drop: on {day(t)} the search impressions and the inquiry rate of category "
            f"{cat.zh} ({cat.en}), the category with the most expected impressions that day, are multiplied by "
            f"{CAT_FACTOR:g} (−{pct}%, that day only); the other categories are unchanged",
            "where": f"daily/{day(t)}; category table; weekly/{weekly(t)}",
        }
    )
    p, t = int(k["top_product"]), int(k["drop_t"])
    end = t + TOP_DAYS - 1
    out.append(
        {
            "what": f"头部产品点击骤降：搜索点击最多的老产品 {s.ids[p]}（{s.titles[p]}）在 {day(t)}~{day(end)} "
            f"排名掉落，预期搜索曝光和点击乘以 {TOP_FACTOR:g}（−{round((1 - TOP_FACTOR) * 100)}%），{day(end + 1)} 恢复",
            "what_en": f"Top product click collapse: the old product with the most search clicks, {s.ids[p]} ({s.titles[p]}), "
            f"loses its ranking {day(t)}~{day(end)}: expected search impressions and clicks × {TOP_FACTOR:g} "
            f"(−{round((1 - TOP_FACTOR) * 100)}%), back on {day(end + 1)}",
            "where": f"daily/{day(t)} … daily/{day(end)}; weekly/{weekly(t)}; product table",
        }
    )
    t = int(k["hol_t"])
    out.append(
        {
            "what": f"假日周：{day(t)}~{day(t + 6)} 全店预期流量乘以 {HOLIDAY_FACTOR:g}"
            f"（−{round((1 - HOLIDAY_FACTOR) * 100)}%）",
            "what_en": f"Holiday week: {day(t)}~{day(t + 6)} the store's expected traffic × {HOLIDAY_FACTOR:g} "
            f"(−{round((1 - HOLIDAY_FACTOR) * 100)}%)",
            "where": f"weekly/{day(t + 6)}; daily/{day(t)} … daily/{day(t + 6)}",
        }
    )
    return out


def _plant_stories(s: _Store, k: dict[str, Any]) -> list[dict]:
    """The idle product (traffic, no inquiry: optimise, don't delete)."""
    _day, _month, final, _weekly = _names(s)
    pk = k["picks"]
    p = pk.idle
    dead = []
    if pk.dead is not None:
        d = pk.dead
        dead.append(
            {
                "what": f"没流量没询盘：老产品 {s.ids[d]}（{s.titles[d]}）每天搜索曝光 {DEAD_IMPRESSIONS}、点击 0、询盘 0、"
                "TM 咨询 0；它的产品词还有别的在线产品覆盖",
                "what_en": f"No traffic, no inquiry: the old product {s.ids[d]} ({s.titles[d]}) has {DEAD_IMPRESSIONS} "
                "search impressions, 0 clicks, 0 inquiries and 0 TM chats a day; another live product holds its product kind",
                "where": f"monthly/{final} (zero-effect products); product table",
            }
        )
    if p is None:  # too few products for an idle one
        return dead
    return [
        *dead,
        {
            "what": f"有流量没询盘：老产品 {s.ids[p]}（{s.titles[p]}）在导出的每一天都是搜索曝光 {IDLE_IMPRESSIONS}、"
            f"点击 {IDLE_CLICKS}、询盘 0、TM 咨询 0——零效果，但还有流量：应优化（标题、主图、价格），不要删除",
            "what_en": f"Traffic, no inquiry: the old product {s.ids[p]} ({s.titles[p]}) has {IDLE_IMPRESSIONS} search "
            f"impressions, {IDLE_CLICKS} clicks, 0 inquiries and 0 TM chats on every day of the exports — "
            "zero-effect but it still draws traffic: optimise it (title, main image, price), don't delete it",
            "where": f"monthly/{final} (zero-effect products); product table",
        },
    ]
