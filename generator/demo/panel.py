"""The demo's products panel: its integer columns, the store it simulates (ids, titles, the
products x days arrays) and the summary the demo returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..kinds import PRODUCTS

SHEET_NAME = "产品分析"
HEADERS: tuple[str, ...] = tuple(c.zh for c in PRODUCTS.columns)

# Integer columns of the panel, in this order.
_INT_COLS: tuple[str, ...] = (
    "search_impressions",
    "search_clicks",
    "visitors",
    "inquiries",
    "inquiry_buyers",
    "opportunity_buyers_90d",
    "favourites",
    "shares",
    "compares",
    "orders",
    "tm_buyers",
    "rts_buyers",
    "all_impressions",
    "all_clicks",
    "marketing_impressions",
    "marketing_clicks",
    "std_p4p_impressions",
    "std_p4p_clicks",
    "sitewide_p4p_impressions",
    "sitewide_p4p_clicks",
)
_I = {name: i for i, name in enumerate(_INT_COLS)}
# People are de-duplicated over a period: a week's visitors are fewer than the sum of its days.
_PEOPLE = ("visitors", "inquiry_buyers", "tm_buyers")
_DEDUP = {"day": 1.0, "week": 0.85, "month": 0.75}

_BURN = 89  # days simulated before the first written day, so 近90天商机人数 is full from day one
# Monday..Sunday: US buyers rest at weekends (about -25 %).
_WEEKDAY = np.array([1.04, 1.07, 1.06, 1.04, 0.96, 0.74, 0.77])


@dataclass(frozen=True)
class DemoSummary:
    files: int
    products: int
    days: int
    first_day: dt.date
    last_day: dt.date
    # {"what": Chinese, "what_en": English, "where": pages to look at}: situations to check on the site
    planted: list[dict]
    categories: dict[str, list[str]]  # category (Chinese) -> lower-case English title words
    # machine-readable facts of the situations planted in the other kinds, by situation key
    # ("inquiry_drop", "p4p_waste", "uncovered", …): words, ids and products to look for
    details: dict[str, dict] = field(default_factory=dict)
    # the answer key (demo/answers.py): what the site should find, from the planted values alone
    answers: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------------------------


@dataclass
class _Store:
    first_day: dt.date
    ids: list[str]
    titles: list[str]
    category: np.ndarray  # (P,) index into _CATEGORIES
    owners: list[str]
    showcase: list[str]
    top_display: list[str]
    in_p4p: list[str]
    present: np.ndarray  # (P, T) bool
    ints: np.ndarray  # (K, P, T) int64
    gmv: np.ndarray  # (P, T) float, USD
    planted: list[dict]
    # what the simulation decided (roles, days, arrays), for the other kinds; drawing them
    # consumed no random numbers, so keeping them changes nothing in the products files
    facts: dict[str, Any] = field(default_factory=dict)

    def day(self, t: int) -> dt.date:
        return self.first_day + dt.timedelta(days=t - _BURN)

    def t(self, day: dt.date) -> int:
        return (day - self.first_day).days + _BURN
