"""The monthly review's rules (issue 7): each a function of one month's
:class:`~generator.analysis.monthly.Review` and the settings, in the order the page lists its
to-do items. Findings point at the anchors of the monthly page; the page escapes their text
values (titles, dimensions, levels) when it writes them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from ...config import Settings
from ...foundation.formats import fmt
from ...foundation.values import records
from ...i18n import translate
from ..monthly import Review
from .base import Finding, positive, product_label, rule


@rule("growth_gap", "month", "p4p", ("growth_target_score", "growth_target_level"))
def growth_gap(rv: Review, s: Settings) -> Iterator[Finding]:
    """The growth score is short of the target: the dimensions that close the gap first."""
    g = rv.growth
    if g is None or g["gap"] <= 0 or not len(g["dimensions"]):
        return
    dims = g["dimensions"]
    yield Finding(
        "growth_gap",
        "growth_score",
        "growth",
        {
            "gap": g["gap"],
            "target_level": s.growth_target_level,
            "dims": [str(d) for d in dims[dims["enough"]]["dimension"]],
        },
    )


@rule("high_exposure", "month", "products", ("exposure_top_share", "exposure_low_ctr"))
def high_exposure(rv: Review, s: Settings) -> Iterator[Finding]:
    """Products among the most shown that are clicked too little."""
    if len(rv.products) and len(rv.exposure):
        col = rv.exposure.get("impressions")
        stake = positive(col.sum()) if col is not None else None  # their impressions
        unit = "impressions" if stake is not None else None
        values = {"n": len(rv.exposure)}
        yield Finding("high_exposure", "products", "analysis", values, stake=stake, stake_unit=unit)


@rule(
    "rising_month",
    "month",
    "products",
    ("monthly_rising_days", "rising_min_growth", "rising_min_impressions", "rising_index_rise"),
)
def rising_month(rv: Review, s: Settings) -> Iterator[Finding]:
    """Each rising product: into the showcase and P4P now — or, when it is in one or both
    already, what is left to do (the ``variant`` of its message: ``todo_rising_month_in_p4p``,
    ``…_in_showcase``, ``…_promoted`` in the catalog)."""
    if not rv.has.get("day_rows") or not len(rv.rising):
        return  # (no names to look up: a large store's thousands of products, every month)
    owners, titles = _owners(rv.products), rv.titles
    for rec in records(rv.rising):
        pid = str(rec["product_id"])
        p4p, shown = bool(rec.get("in_p4p", False)), bool(rec.get("in_showcase", False))
        variant = {
            (False, False): "",
            (True, False): "_in_p4p",
            (False, True): "_in_showcase",
            (True, True): "_promoted",
        }[(p4p, shown)]
        values = {"product": product_label(pid, titles, s.language), "variant": variant}
        yield Finding("rising_month", pid, "rising", values, owner=owners.get(pid))


def _owners(products: pd.DataFrame) -> dict[str, str]:
    """Product ID → owner (产品负责人) in the month's product table."""
    if not len(products) or "owner" not in products or "product_id" not in products:
        return {}
    return {
        str(pid): owner.strip()
        for pid, owner in zip(products["product_id"], products["owner"], strict=True)
        if isinstance(owner, str) and owner.strip()
    }


@rule("zero_effect_unsafe", "month", "products", ("zero_effect_days",))
def zero_effect_unsafe(rv: Review, s: Settings) -> Iterator[Finding]:
    """Zero-effect products whose own words must go into new titles before they go."""
    unsafe = rv.zero_unsafe
    if len(unsafe):
        words = len(set(rv.losing_words))
        yield Finding("zero_effect_unsafe", "products", "zero", {"n": len(unsafe), "words": words})


@rule("zero_effect_safe", "month", "products", ("zero_effect_days",))
def zero_effect_safe(rv: Review, s: Settings) -> Iterator[Finding]:
    """Zero-effect products that can be deleted without losing a word."""
    safe = rv.zero_safe
    if len(safe):
        yield Finding("zero_effect_safe", "products", "zero", {"n": len(safe)})


@rule("zero_effect_optimise", "month", "products", ("zero_effect_days", "zero_effect_max_clicks"))
def zero_effect_optimise(rv: Review, s: Settings) -> Iterator[Finding]:
    """Products without inquiry or TM chat that still draw clicks or hold a page-1 rank:
    optimise them (title, main image, price, detail page), never delete them."""
    keep = rv.zero_optimise
    if len(keep):
        values = {
            "n": len(keep),
            "clicks": fmt(keep["clicks"].sum(), "count"),
            "days": s.zero_effect_days,
        }
        yield Finding("zero_effect_optimise", "products", "zero", values)


@rule("month_review", "month", "store")
def month_review(rv: Review, s: Settings) -> Iterator[Finding]:
    """The weekly analysis at month scale has its own items (at the top of each section, under its finding)."""
    if rv.review_items:
        link = translate("mr_weekly_review", s.language)  # the page makes it a link
        yield Finding("month_review", "review", "review", {"n": rv.review_items, "link": link})
