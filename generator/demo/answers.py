"""The demo's answer key: what a reader of the site should find, computed from the planted
values alone (the plants' rules, days and products, :mod:`.plants`), never from the generated
numbers or the generator's analysis. Written as ``answers.json`` next to the README.

Each answer: ``key``; ``page`` (the content page, without ``.md``, where it shows); ``entity``
(kind and id or name); ``verdict``; ``days`` (ISO dates); the planted numbers; ``part`` — the
piece of the site that finds it when that is being rebuilt (issue 15: INCIDENT, JUDGE, TODO,
INQUIRY), else None; ``zh``/``en``: the answer in words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .catalogue import _CATEGORIES
from .common import COUNTRIES, World
from .planted import final_month
from .plants import (
    CAT_FACTOR,
    DEAD_IMPRESSIONS,
    IDLE_CLICKS,
    IDLE_IMPRESSIONS,
    LEAK_CLICKS,
    LEAK_IMPRESSIONS,
    LEAK_SPEND,
    RISE_FACTOR,
    TOP_DAYS,
    TOP_FACTOR,
)


def _iso(days: list[dt.date]) -> list[str]:
    return [d.isoformat() for d in days]


def review_day(final: str) -> dt.date:
    """The day a month's review is made: the 3rd of the next month (when it turns final)."""
    first = dt.date.fromisoformat(final + "-01")
    return (first + dt.timedelta(days=32)).replace(day=3)


def answer_key(w: World) -> dict[str, Any]:
    """The answer key of the demo store of ``w`` (after every kind is planted)."""
    return {
        "as_of": w.as_of.isoformat(),
        "first_day": w.first_day.isoformat(),
        "final_month": final_month(w.as_of),
        "answers": [*_drops(w), *_products(w), *_p4p(w), *_inquiries(w)],
    }


def _product(w: World, p: int) -> dict[str, Any]:
    return {"kind": "product", "id": w.s.ids[p], "title": w.s.titles[p], "owner": w.s.owners[p]}


def _drops(w: World) -> list[dict]:
    f = w.s.facts
    t = int(f["cat_t"])
    cat = _CATEGORIES[int(f["cat_drop"])]
    day = w.day(t)
    top = int(f["top_product"])
    bad = [w.day(int(f["drop_t"]) + i) for i in range(TOP_DAYS)]
    return [
        {
            "key": "category_drop",
            "part": "INCIDENT",
            "page": f"daily/{day.isoformat()}",
            "entity": {"kind": "category", "name": cat.zh, "name_en": cat.en},
            "verdict": "drop",
            "metric": "impressions",
            "days": _iso([day]),
            "factor": CAT_FACTOR,
            "zh": f"{day} 的日报：类目「{cat.zh}」搜索曝光大幅下降（预期 × {CAT_FACTOR:g}），是当天异常的原因",
            "en": f"daily {day}: category {cat.en}'s search impressions collapse (expected × {CAT_FACTOR:g}), "
            "the cause of that day's anomaly",
        },
        {
            "key": "top_product_drop",
            "part": "INCIDENT",
            "page": f"daily/{bad[0].isoformat()}",
            "entity": _product(w, top),
            "verdict": "drop",
            "metric": "clicks",
            "days": _iso(bad),
            "factor": TOP_FACTOR,
            "zh": f"{bad[0]}~{bad[-1]} 的日报：产品 {w.s.ids[top]} 点击骤降（预期 × {TOP_FACTOR:g}），"
            f"是一个持续 {TOP_DAYS} 天的事件（第 1 天 … 第 {TOP_DAYS} 天）",
            "en": f"daily {bad[0]}~{bad[-1]}: product {w.s.ids[top]}'s clicks collapse (expected × "
            f"{TOP_FACTOR:g}), one incident over {TOP_DAYS} days",
        },
    ]


def _products(w: World) -> list[dict]:
    f = w.s.facts
    final = final_month(w.as_of)
    review = review_day(final)
    window_start = max(w.first_day, review - dt.timedelta(days=89))
    days = (review - window_start).days + 1  # exported days in the review's 90 days
    since = w.day(int(f["rise_t"]))
    new = sorted(int(p) for p in f["new"] if w.day(int(f["publish"][p])) <= review)
    out = _dead(w, final)
    if f["idle"] is not None:
        out.append(_idle(w, int(f["idle"]), final, review, days))
    if f["riser"] is not None:
        out.append(_riser(w, int(f["riser"]), final, since))
    if new:
        out.append(
            {
                "key": "new_products",
                "part": None,
                "page": f"monthly/{final}",
                "entity": {"kind": "products", "ids": [w.s.ids[p] for p in new]},
                "verdict": "new",
                "days": _iso([w.day(int(f["publish"][p])) for p in new]),
                "zh": f"{final} 月报：{len(new)} 个新品（上架于数据期内）是新品，不是上升产品",
                "en": f"monthly {final}: {len(new)} products published inside the data are new, not rising",
            }
        )
    return out


def _idle(w: World, idle: int, final: str, review: dt.date, days: int) -> dict:
    return {
        "key": "idle_product",
        "part": None,
        "page": f"monthly/{final}",
        "entity": _product(w, idle),
        "verdict": "optimise",
        "clicks_per_day": IDLE_CLICKS,
        "impressions_per_day": IDLE_IMPRESSIONS,
        "review_day": review.isoformat(),
        "clicks_in_review": IDLE_CLICKS * days,  # 40 a day × the exported days in the 90
        "zh": f"{final} 月报：产品 {w.s.ids[idle]} 零效果但每天 {IDLE_CLICKS} 次点击——应优化，不要删除"
        f"（{review} 前的 90 天里点击 {IDLE_CLICKS * days}）",
        "en": f"monthly {final}: product {w.s.ids[idle]} has no inquiry but {IDLE_CLICKS} clicks a day — "
        f"optimise, don't delete ({IDLE_CLICKS * days} clicks in the 90 days to {review})",
    }


def _riser(w: World, riser: int, final: str, since: dt.date) -> dict:
    return {
        "key": "rising_product",
        "part": None,
        "page": f"monthly/{final}",
        "entity": _product(w, riser),
        "verdict": "rising",
        "since": since.isoformat(),
        "factor": RISE_FACTOR,
        "in_p4p": w.s.in_p4p[riser] == "Y",
        "in_showcase": w.s.showcase[riser] == "Y",
        "zh": f"{final} 月报：老产品 {w.s.ids[riser]} 是上升产品（{since} 起预期流量 × {RISE_FACTOR:g}）",
        "en": f"monthly {final}: the old product {w.s.ids[riser]} is rising (expected traffic × "
        f"{RISE_FACTOR:g} from {since})",
    }


def _dead(w: World, final: str) -> list[dict]:
    """The dead product (no click, no inquiry, its product kind held by another live product),
    when the demo could plant one as safe to delete."""
    p = w.s.facts["dead"]
    if p is None or p not in w.shared["zero_covered"]:
        return []
    return [
        {
            "key": "dead_product",
            "part": None,
            "page": f"monthly/{final}",
            "entity": _product(w, int(p)),
            "verdict": "safe",
            "clicks_per_day": 0,
            "impressions_per_day": DEAD_IMPRESSIONS,
            "zh": f"{final} 月报：产品 {w.s.ids[p]} 零效果、没有点击，它的词都有别的在线产品覆盖——可以安全删除",
            "en": f"monthly {final}: product {w.s.ids[p]} has no inquiry and no click, and other live products "
            "hold its words — safe to delete",
        }
    ]


def _p4p(w: World) -> list[dict]:
    q = w.shared["p4p"]
    if not len(q["waste"]):
        return []
    k = int(q["waste"][0])
    word = w.shared["leak_word"]
    days = {int(t) for t in w.s.facts["leak_days"]}
    weeks = [end for start, end in w.weeks if w.t(start) in days and w.t(end) in days]
    clicks, spend, imps = sum(LEAK_CLICKS), round(sum(LEAK_SPEND), 2), sum(LEAK_IMPRESSIONS)
    return [
        {
            "key": "p4p_leak",
            "part": None,
            "page": f"weekly/{weeks[-1].isoformat()}",
            "entity": {"kind": "keyword", "word": word, "campaign": int(q["kw_camp"][k])},
            "verdict": "waste",
            "weeks": _iso(weeks),
            "clicks_per_week": clicks,
            "spend_per_week": spend,
            "impressions_per_week": imps,
            "inquiries": 0,
            "zh": f"每个周报 {weeks[0]} … {weeks[-1]} 和关键词库：直通车词「{word}」一周点击 {clicks}、花费 "
            f"{spend:,.2f} 元、询盘 0——浪费（暂停），且是周待办里钱最多的一条",
            "en": f"weekly {weeks[0]} … {weeks[-1]} and the keyword library: P4P word '{word}' {clicks} clicks, "
            f"CNY {spend:,.2f}, 0 inquiries a week — waste (pause), the weekly to-do item with most money",
        }
    ]


def _inquiries(w: World) -> list[dict]:
    waiting = w.shared["inq_plant"]["waiting"]
    if not waiting:
        return []
    rows = [
        {
            "id": str(r["id"]),
            "owner": r["owner"],
            "product": w.s.ids[int(r["p"])] if r.get("p") is not None else None,
            "country": COUNTRIES[int(r["ci"])][0],
        }
        for r in waiting
    ]
    return [
        {
            "key": "unreplied",
            "part": "INQUIRY",
            "page": "index",
            "entity": {"kind": "inquiries", "ids": [r["id"] for r in rows], "rows": rows},
            "verdict": "unreplied",
            "zh": f"首页：{len(rows)} 条未回复询盘（询盘ID、国家、产品、负责人）一直列着，直到回复",
            "en": f"home page: {len(rows)} unreplied inquiries (id, country, product, owner) listed until replied",
        }
    ]
