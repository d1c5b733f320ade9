"""The facts of one week (or of one month at month scale): what the weekly page shows and
the weekly rules judge (computed by generator/analysis/weekly.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class WeekFacts:
    """Everything a weekly page (or the month-scale part of a monthly one) shows besides the
    shared layout. Frames are as the metrics (generator/analysis/metrics/weekly*.py) make
    them."""

    step: str
    start: dt.date
    end: dt.date
    report_day: dt.date
    latest: bool  # the latest week (its downloads are also copied to downloads/)
    peers: pd.DataFrame  # overview metrics: mine, previous, peer average and best
    peer_history: pd.DataFrame  # mine/peers per period, search impressions and visitors
    p4p_now: dict[str, Any] | None  # P4P account totals of the period
    p4p_prev: dict[str, Any] | None  # … of the period before
    showcase_count: int | None
    showcase_count_prev: int | None
    mix: pd.DataFrame  # traffic channel groups: share and target
    regions: pd.DataFrame
    p4p_words: pd.DataFrame  # P4P keywords with their diagnosis codes (";"-joined)
    p4p_products: pd.DataFrame
    diagnosis: pd.DataFrame  # low CTR: the word's fault, the product's or both
    cpc_trend: pd.DataFrame
    cpc_drivers: pd.DataFrame
    campaigns: pd.DataFrame
    score_fell: pd.DataFrame
    stars: pd.DataFrame  # 实力优品 candidates
    score_date: dt.date | None  # the growth-score snapshot's day
    top10: pd.DataFrame  # my impressions and clicks against the Top10 average per word
    uncovered: pd.DataFrame | None  # the publishing plan (the latest week only)
    ranks: pd.DataFrame
    rank_info: dict[str, Any] | None
    showcase: dict[str, Any] | None  # slots, shares, weakest and candidates (None: no showcase)
    rising: pd.DataFrame
    missing: dict[str, bool]  # input kind → missing
    growth_level: str | None = None  # P4P growth level (直通车成长等级) as of the report day
    owners: dict[str, str] = field(default_factory=dict)  # product ID → owner (产品负责人)
    titles: dict[str, str] = field(default_factory=dict)  # product ID → title (to-do items)
    # the weekly rules' findings and the to-do items of its page (analysis/rules: Finding,
    # Action; typed loosely here so the rules can read these facts without an import circle)
    findings: list[Any] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)

    def fingerprint_parts(self) -> list[Any]:
        """What the page shows from these facts, for its reuse fingerprint (the actions are
        made from the findings)."""
        parts: list[Any] = []
        for f in sorted(fields(self), key=lambda f: f.name):
            v = getattr(self, f.name)
            if f.name == "actions":
                continue
            if isinstance(v, pd.DataFrame):
                parts.append(v)
            elif isinstance(v, dict) and f.name == "showcase":
                parts += [
                    x if isinstance(x, pd.DataFrame) else repr(x) for _, x in sorted(v.items())
                ]
            elif f.name == "findings":
                parts.append(repr([(x.rule, x.subject, x.anchor, x.values) for x in v]))
            else:
                parts.append(repr(v))
        return parts
