"""The monthly review's three downloads (zero-effect products, the product analysis, the
growth score), written beside the page as CSV and XLSX; the archive freezes them with it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..analysis.monthly import Review
from ..foundation.values import records
from .markup import Col

CSV_NAMES = ("zero-effect", "product-analysis", "growth-score")


def joined(items: Any) -> str:
    """A list of words as one cell ("a; b")."""
    return "; ".join(items) if isinstance(items, list) else ("" if items is None else str(items))


ZERO_CSV = [
    Col("product_id", "product_id"),
    Col("title", "title"),
    Col("days_without_effect", "days_without_effect", "count"),
    Col("keywords", "keywords"),
    Col("keywords_losing_coverage", "keywords_losing_coverage"),
    Col("verdict", "verdict"),
    Col("clicks", "clicks", "count"),
    Col("impressions", "impressions", "count"),
    Col("best_rank", "best_rank", "count"),
    Col("best_word", "best_word"),
]
ANALYSIS_CSV = [
    Col(c, c, k)
    for c, k in (
        ("product_id", "text"),
        ("title", "text"),
        ("category", "text"),
        ("owner", "text"),
        ("impressions", "count"),
        ("clicks", "count"),
        ("ctr", "rate"),
        ("visitors", "count"),
        ("visitors_prev", "count"),
        ("inquiries", "count"),
        ("tm_buyers", "count"),
        ("feedback", "count"),
        ("inquiry_rate", "rate"),
        ("source_words", "text"),
        ("exposure_reason", "text"),
    )
]
GROWTH_CSV = [
    Col(c, c, k)
    for c, k in (
        ("date", "date"),
        ("dimension", "text"),
        ("points", "number"),
        ("max_points", "number"),
        ("level", "text"),
        ("target_score", "number"),
    )
]


def downloads(rv: Review) -> dict[str, tuple[pd.DataFrame, list[Col]]]:
    """The month's three downloads: (table, CSV columns) by name."""
    z = rv.zero.assign(
        keywords=[joined(w) for w in rv.zero["keywords"]],
        keywords_losing_coverage=[joined(w) for w in rv.zero["keywords_losing_coverage"]],
    )
    reasons = dict(zip(rv.exposure["product_id"], rv.exposure["reason"], strict=True))
    p = rv.products.assign(exposure_reason=[reasons.get(x, "") for x in rv.products["product_id"]])
    g = rv.growth
    recs: list[dict[str, Any]] = []
    if g is not None:
        recs += [
            {
                "date": h["date"],
                "dimension": "total",
                "points": h["growth_score"],
                "max_points": 100.0,
                "level": h["level"],
                "target_score": g["target"],
            }
            for h in records(g["history"])
        ]
        recs += [
            {
                "date": g["date"],
                "dimension": d["dimension"],
                "points": d["points"],
                "max_points": d["max_points"],
                "level": g["level"],
                "target_score": g["target"],
            }
            for d in records(g["dimensions"])
        ]
    growth = pd.DataFrame(recs, columns=[c.name for c in GROWTH_CSV])
    return {
        "zero-effect": (z, ZERO_CSV),
        "product-analysis": (p, ANALYSIS_CSV),
        "growth-score": (growth, GROWTH_CSV),
    }
