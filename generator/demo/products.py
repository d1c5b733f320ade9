"""The demo store's catalogue and its products panel, and the native 产品分析 files.

:func:`_simulate` builds a deterministic store (categories, owners, products with English
titles) and a numeric panel (products × days) with numpy from ``default_rng(seed)``; the
``Products-YYYY-MM-DD.xls`` files (BIFF8 via xlwt, five preamble rows, header on Excel row 6;
kinds.py PRODUCTS) are written for every day, every complete Sunday–Saturday week and every
complete month. The planted product situations are measured on the generated data.

Nothing else may draw from this random stream: the products files must stay byte-identical
for the same ``(as_of, n_products, n_days, seed)`` (the other kinds use their own streams).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import xlwt

from ..analysis.metrics.anomalies import robust_band
from ..config import Settings
from ..foundation.periods import (
    last_published_month_end,
    month_end,
    month_key,
    reader_today,
    week_end,
    week_start,
)
from ..kinds import PRODUCTS

# --------------------------------------------------------------------------------------------
# The store: categories, owners, titles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Category:
    zh: str
    en: str
    words: tuple[str, ...]  # lower-case title words that identify the category (and no other)
    cores: tuple[str, ...]  # product kinds; every one holds one of ``words``
    lead: tuple[str, ...]
    tail: tuple[str, ...]
    product_share: float  # share of the catalogue
    traffic_share: float  # share of the store's search impressions
    owners: tuple[str, ...]


OWNERS: tuple[str, ...] = ("张伟", "李娜", "王芳", "刘洋", "陈静")

_CATEGORIES: tuple[_Category, ...] = (
    _Category(
        zh="太阳能灯",
        en="Solar lights",
        words=("solar",),
        cores=(
            "Solar Garden Light",
            "Solar Pathway Light",
            "Solar Wall Light",
            "Solar Street Light",
            "Solar String Lights",
            "Solar Fence Post Cap Light",
            "Solar Flood Light",
            "Solar Deck Step Light",
            "Solar Hanging Lantern",
            "Solar Motion Sensor Security Light",
            "Solar Stake Light",
            "Solar Lawn Lamp",
        ),
        lead=(
            "Outdoor",
            "Waterproof",
            "Hot Sale",
            "Wholesale",
            "Factory Price",
            "Decorative",
            "Commercial",
            "New Design",
            "High Brightness",
        ),
        tail=(
            "IP65",
            "IP67",
            "LED",
            "Warm White",
            "RGB Color Changing",
            "Dusk to Dawn",
            "Auto On/Off",
            "Stainless Steel",
            "ABS Plastic",
            "Die-cast Aluminum",
            "for Yard Lawn Driveway",
            "2 Pack",
            "6 Pack",
            "10 Pack",
            "100W",
            "300W",
            "500W",
            "Remote Control",
            "3 Lighting Modes",
            "Pathway Lamp",
        ),
        product_share=0.35,
        traffic_share=0.56,
        owners=("张伟", "李娜"),
    ),
    _Category(
        zh="庭院家具",
        en="Patio furniture",
        words=("patio", "rattan", "wicker", "furniture"),
        cores=(
            "Patio Furniture Set",
            "Rattan Sofa Set",
            "Patio Dining Table Set",
            "Wicker Lounge Chair",
            "Patio Sun Lounger",
            "Rattan Hanging Egg Chair",
            "Patio Umbrella",
            "Aluminum Patio Bench",
            "Teak Patio Dining Chair",
            "Outdoor Furniture Cover",
            "Rattan Daybed",
            "Patio Bar Set",
        ),
        lead=(
            "Outdoor",
            "Modern",
            "Luxury",
            "Hotel Resort",
            "Nordic Style",
            "Garden",
            "Wholesale",
            "Commercial",
        ),
        tail=(
            "Aluminum Frame",
            "PE Rattan",
            "Weatherproof",
            "with Cushions",
            "4 Piece",
            "5 Piece",
            "7 Piece",
            "UV Resistant",
            "Teak Wood",
            "Powder Coated Steel",
            "for Balcony Poolside",
            "Knock-down Design",
            "Waterproof Cover",
            "Olefin Fabric",
        ),
        product_share=0.1625,
        traffic_share=0.11,
        owners=("王芳",),
    ),
    _Category(
        zh="户外照明",
        en="Outdoor lighting",
        words=("landscape", "floodlight", "bollard", "spotlight"),
        cores=(
            "LED Floodlight",
            "Landscape Spotlight",
            "LED Bollard Light",
            "Landscape Path Light",
            "Landscape Well Light",
            "RGB Landscape Flood Light",
            "Stadium LED Floodlight",
            "Garden Spotlight",
            "Underwater Landscape Light",
            "LED Wall Washer Floodlight",
            "Bollard Lawn Light",
            "Tree Uplight Spotlight",
        ),
        lead=(
            "Outdoor",
            "Commercial",
            "Industrial",
            "Architectural",
            "Wholesale",
            "High Power",
            "Hot Sale",
        ),
        tail=(
            "12V",
            "24V",
            "AC 100-277V",
            "IP65",
            "IP66",
            "IP68",
            "Die-cast Aluminum",
            "Brass",
            "3000K Warm White",
            "RGBW",
            "50W",
            "100W",
            "200W",
            "CE RoHS",
            "for Tree Wall Pathway",
            "DMX Control",
            "Low Voltage",
            "5 Years Warranty",
        ),
        product_share=0.1625,
        traffic_share=0.11,
        owners=("李娜", "张伟"),
    ),
    _Category(
        zh="露营装备",
        en="Camping gear",
        words=("camping", "tent", "sleeping", "hiking", "backpacking"),
        cores=(
            "Camping Tent",
            "Folding Camping Chair",
            "Sleeping Bag",
            "Rechargeable Camping Lantern",
            "Hiking Backpack",
            "Camping Hammock",
            "Camping Cookware Set",
            "Roof Top Tent",
            "Folding Camping Table",
            "Backpacking Stove",
            "Inflatable Sleeping Pad",
            "Camping Cot",
        ),
        lead=(
            "Outdoor",
            "Portable",
            "Ultralight",
            "Waterproof",
            "Wholesale",
            "Custom Logo",
            "Hot Sale",
        ),
        tail=(
            "Waterproof",
            "4 Person",
            "2 Person",
            "Instant Pop Up",
            "Aluminum Alloy",
            "Oxford 600D",
            "for Outdoor Travel",
            "Family Size",
            "Windproof",
            "with Carry Bag",
            "Lightweight",
            "3 Season",
            "Double Layer",
        ),
        product_share=0.1625,
        traffic_share=0.11,
        owners=("刘洋",),
    ),
    _Category(
        zh="园艺工具",
        en="Garden tools",
        words=(
            "pruning",
            "pruner",
            "shears",
            "trowel",
            "rake",
            "hose",
            "sprayer",
            "weeder",
            "loppers",
            "gardening",
        ),
        cores=(
            "Pruning Shears",
            "Bypass Pruner",
            "Hand Trowel",
            "Garden Rake",
            "Expandable Garden Hose",
            "Pressure Sprayer",
            "Hedge Shears",
            "Gardening Tool Set",
            "Stand-Up Weeder",
            "Tree Loppers",
            "Garden Hose Nozzle",
            "Hose Reel Cart",
        ),
        lead=("Professional", "Heavy Duty", "Garden", "Wholesale", "Ergonomic", "OEM", "Hot Sale"),
        tail=(
            "Stainless Steel",
            "SK5 Blade",
            "Ergonomic Handle",
            "Carbon Steel",
            "Telescopic Handle",
            "Anti-slip Grip",
            "3 Piece",
            "10 Piece",
            "50FT",
            "100FT",
            "5L",
            "8L",
            "with Storage Bag",
            "Rust Resistant",
        ),
        product_share=0.1625,
        traffic_share=0.11,
        owners=("陈静", "王芳"),
    ),
)

CATEGORIES: dict[str, list[str]] = {c.zh: list(c.words) for c in _CATEGORIES}

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


def _counts(total: int, shares: Sequence[float]) -> list[int]:
    """Split ``total`` by ``shares`` (largest remainder), each part at least 1."""
    raw = [total * s for s in shares]
    out = [max(1, math.floor(r)) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - math.floor(raw[i]), reverse=True)
    i = 0
    while sum(out) < total:
        out[order[i % len(order)]] += 1
        i += 1
    while sum(out) > total:
        j = max(range(len(out)), key=lambda k: out[k])
        out[j] -= 1
    return out


def _titles(rng: np.random.Generator, category: np.ndarray) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for c in category.tolist():
        cat = _CATEGORIES[c]
        for _ in range(200):
            words: list[str] = [str(rng.choice(cat.lead)), str(rng.choice(cat.cores))]
            spec = False  # at most one size / power / rating spec ("100W", "5L", "IP65"…)
            for part in rng.choice(cat.tail, size=int(rng.integers(2, 5)), replace=False).tolist():
                is_spec = bool(re.match(r"(\d|IP\d)", part))
                if is_spec and spec:
                    continue
                if not set(part.lower().split()) & set(" ".join(words).lower().split()):
                    words.append(part)
                    spec = spec or is_spec
            title = " ".join(words)
            if title not in seen and len(title) <= 128:
                break
        seen.add(title)
        out.append(title)
    return out


def _ramp_takeoff(t: np.ndarray, pub: int) -> np.ndarray:
    """A new product that takes off: ~5 % of its final traffic at launch, ~full after 3 weeks."""
    g = 0.04 + 0.96 / (1.0 + np.exp(-(t - pub - 11) / 2.5))
    return np.where(t >= pub, g, 0.0)


def _spread(rng: np.random.Generator, n: int, lo: int, hi: int) -> list[int]:
    """``n`` distinct-ish days spread evenly over [lo, hi] with a little jitter."""
    if n <= 0:
        return []
    hi = max(hi, lo)
    step = (hi - lo + 1) / n
    out = []
    for k in range(n):
        a = lo + int(k * step)
        b = max(a, lo + int((k + 1) * step) - 1)
        out.append(int(rng.integers(a, b + 1)))
    return out


def _deepen_inquiry_drop(inquiries: np.ndarray, in_category: np.ndarray, t: int, seed: int) -> None:
    """Make the planted drop day's store inquiries a clear drop under the default settings.

    Buyers who would have asked about the category did not find it: when chance left the day's
    total inside the same weekday's normal range (the band the daily report uses), inquiries of
    that category, and then of the others, are taken away until the day lies below the band.
    """
    defaults = Settings()
    weeks = [t - 7 * i for i in range(1, defaults.anomaly_weeks + 1) if t - 7 * i >= _BURN]
    band = robust_band([float(inquiries[:, x].sum()) for x in weeks], defaults.anomaly_k, True)
    if band is None:
        return
    median, low, _ = band
    want = min(math.ceil(low) - 1, math.floor(median * (1 - defaults.anomaly_min_change)) - 1)
    if want < 0:
        return  # too few inquiries a day for any drop to stand out (a store of a few products)
    rng = np.random.default_rng([seed, 4242])  # its own stream: the rest of the panel is unchanged
    for rows in (in_category, ~in_category):
        need = int(inquiries[:, t].sum()) - max(want, 0)
        counts = inquiries[rows, t]
        if need <= 0 or counts.sum() == 0:
            continue
        taken = rng.multivariate_hypergeometric(counts, min(need, int(counts.sum())))
        inquiries[rows, t] = counts - taken


def _simulate(as_of: dt.date, n_products: int, n_days: int, seed: int) -> _Store:
    rng = np.random.default_rng(seed)
    P, D = n_products, n_days
    T = D + _BURN
    first_day = as_of - dt.timedelta(days=D - 1)
    t_all = np.arange(T)
    dates = [first_day + dt.timedelta(days=int(t) - _BURN) for t in t_all]
    last = T - 1  # index of as_of

    # ---- catalogue -------------------------------------------------------------------------
    per_cat = _counts(P, [c.product_share for c in _CATEGORIES])
    category = rng.permutation(np.repeat(np.arange(len(_CATEGORIES)), per_cat))
    titles = _titles(rng, category)
    owners = []
    for c in category.tolist():
        opts = _CATEGORIES[c].owners
        owners.append(str(rng.choice(OWNERS)) if rng.random() < 0.1 else str(rng.choice(opts)))

    n_new = max(2, round(8 * P / 300))
    n_takeoff = max(1, round(3 * P / 300))
    n_dying = max(1, round(5 * P / 300))
    n_deleted = max(1, round(3 * P / 300))

    # Base popularity (expected search impressions a day): a few products get most traffic,
    # a long tail of listings gets almost nothing; each category gets its share of the store.
    pop = rng.lognormal(mean=0.0, sigma=1.5, size=P)
    zombie = rng.random(P) < 0.25  # listings nobody finds: mostly all-zero rows
    pop[zombie] *= rng.uniform(0.002, 0.03, size=int(zombie.sum()))
    store_mean = 115.0  # search impressions per product per day at trend 1
    for c, cat in enumerate(_CATEGORIES):
        m = category == c
        pop[m] *= cat.traffic_share * store_mean * P / pop[m].sum()

    ctr = np.clip(rng.lognormal(np.log(0.022), 0.35, size=P), 0.008, 0.045)

    # Roles, disjoint.  New products get the highest ids (published last).
    order = np.argsort(-pop, kind="stable")
    found = np.flatnonzero(~zombie)
    candidates = found if len(found) >= n_new + 4 else np.arange(P)
    new = np.sort(rng.choice(candidates, size=n_new, replace=False))
    new_set = set(new.tolist())
    old_ranked = [int(p) for p in order if int(p) not in new_set]
    top_product = max(old_ranked, key=lambda p: pop[p] * ctr[p])  # most search clicks
    others = [p for p in old_ranked if p != top_product]
    live = [p for p in others if not zombie[p]]
    if len(live) < n_dying + n_deleted:
        live = others
    half = max(n_dying + n_deleted, len(live) // 2)
    dying = sorted(rng.choice(live[:half], size=n_dying, replace=False).tolist())
    rest = [p for p in live if p not in dying]
    quarter = len(rest) // 4
    pool = rest[quarter:] if len(rest) - quarter >= n_deleted else rest
    deleted = sorted(rng.choice(pool, size=n_deleted, replace=False).tolist())
    takeoff = sorted(rng.choice(new, size=n_takeoff, replace=False).tolist())
    # Re-balance so that the products that simply stay carry each category's share of traffic.
    stable = np.ones(P, dtype=bool)
    stable[[*new.tolist(), *dying, *deleted]] = False
    for c, cat in enumerate(_CATEGORIES):
        m = stable & (category == c)
        if pop[m].sum() > 0:
            old_c = (category == c) & ~np.isin(np.arange(P), new)
            pop[old_c] *= cat.traffic_share * store_mean * stable.sum() / pop[m].sum()

    ref = np.sort(pop[old_ranked])
    publish = np.zeros(P, dtype=int)
    del_day = np.full(P, T, dtype=int)  # first index the product is gone
    mult = np.ones((P, T))

    lo_t = _BURN + 7
    hi_t = max(lo_t, last - 27)
    for p, t0 in zip(
        takeoff, _spread(rng, len(takeoff), max(lo_t, _BURN + int(0.3 * D)), hi_t), strict=True
    ):
        publish[p] = t0
        pop[p] = float(np.quantile(ref, 0.97)) * rng.uniform(0.9, 1.3)
        mult[p] *= _ramp_takeoff(t_all, t0)
    quiet = [int(p) for p in new if p not in takeoff]
    for p, t0 in zip(quiet, _spread(rng, len(quiet), _BURN + 5, last - 5), strict=True):
        publish[p] = t0
        pop[p] = float(np.quantile(ref, rng.uniform(0.15, 0.5)))
        mult[p] *= np.clip(0.3 + 0.7 * (t_all - t0) / 14.0, 0.0, 1.0) * (t_all >= t0)
    tau = min(20.0, max(5.0, D / 8))
    decay_start = dict(
        zip(
            dying,
            _spread(rng, len(dying), _BURN + int(0.25 * D), _BURN + int(0.7 * D)),
            strict=True,
        )
    )
    for p, t0 in decay_start.items():
        mult[p] *= np.where(t_all >= t0, np.exp(-(t_all - t0) / tau), 1.0)
    for p, t0 in zip(
        deleted, _spread(rng, len(deleted), _BURN + int(0.2 * D), last - 7), strict=True
    ):
        del_day[p] = t0
    present = (t_all[None, :] >= publish[:, None]) & (t_all[None, :] < del_day[:, None])

    # Ids: 13-digit strings, growing with publish time.
    old = np.flatnonzero(publish == 0)
    ids = np.zeros(P, dtype=np.int64)
    ids[rng.permutation(old)] = 1_600_000_000_000 + np.sort(
        rng.choice(10**9, size=len(old), replace=False)
    )
    new_by_day = sorted(new.tolist(), key=lambda p: (publish[p], p))
    ids[new_by_day] = 1_601_000_000_000 + np.sort(
        rng.choice(10**9, size=len(new_by_day), replace=False)
    )

    # ---- the store's rhythm ----------------------------------------------------------------
    weekday = _WEEKDAY[[d.weekday() for d in dates]]
    trend = 1.0 + 0.15 * (t_all - _BURN) / 365.0
    doy = np.array([d.timetuple().tm_yday for d in dates])
    season = 1.0 + 0.08 * np.cos(2 * np.pi * (doy - 75) / 365.25)  # B2B buyers stock up for spring
    store = weekday * trend * season

    def place(days_before: int, length: int) -> int:
        """Index of a window of ``length`` days starting ``days_before`` days before as_of, kept in range."""
        return int(min(max(last - days_before, _BURN + 7), last - length + 1))

    # Holiday week: the Sunday–Saturday week ~60 days before as_of, −30 % for everybody.
    hol_sun = week_start(as_of - dt.timedelta(days=60))
    if hol_sun < first_day:
        hol_sun = week_start(first_day + dt.timedelta(days=6))
    hol_t = _BURN + (hol_sun - first_day).days
    store[hol_t : hol_t + 7] *= 0.70

    # Top product loses its ranking for 5 days ~40 days before as_of.
    # (kept after the holiday week and before the category drop's 7-day baseline in short ranges)
    drop_t = min(max(last - 40, hol_t + 7), last - 21)
    mult[top_product, drop_t : drop_t + 5] *= 0.2

    noise = rng.lognormal(mean=-0.02, sigma=0.2, size=(P, T))
    lam = pop[:, None] * mult * store[None, :] * noise * present

    # One category loses ~60 % of its search impressions for one day: the first working day
    # from Tuesday to Thursday (busy days, where a drop shows above the noise) 9 days before as_of.
    cat_t = place(9, 1)
    while dates[cat_t].weekday() not in (1, 2, 3) and cat_t < last:
        cat_t += 1
    day_by_cat = np.array([lam[category == c, cat_t].sum() for c in range(len(_CATEGORIES))])
    cat_drop = int(np.argmax(day_by_cat))
    total = lam[:, cat_t].sum()
    median7 = float(np.median(lam[:, cat_t - 7 : cat_t].sum(axis=0)))
    share = day_by_cat[cat_drop] / total
    target = 0.68 * median7  # the store's day clearly below its 7-day median
    cut = float(np.clip((1.0 - target / total) / share, 0.55, 0.9))
    # When one product of another category dominates a small store, the rest dips too.
    rest_day = total - day_by_cat[cat_drop]
    others_cut = (
        float(np.clip((total * (1.0 - cut * share) - target) / rest_day, 0.0, 0.5))
        if rest_day > 0
        else 0.0
    )
    lam[category == cat_drop, cat_t] *= 1.0 - cut
    lam[category != cat_drop, cat_t] *= 1.0 - others_cut

    # ---- the funnel ------------------------------------------------------------------------
    visit_share = rng.uniform(0.8, 0.95, size=P)
    other_visits = rng.uniform(0.1, 0.35, size=P)
    inq_rate = rng.uniform(0.02, 0.06, size=P)
    all_k = rng.uniform(1.5, 2.5, size=P)

    rank = np.empty(P, dtype=int)
    rank[np.argsort(-pop, kind="stable")] = np.arange(P)
    n_showcase = max(1, round(P * 0.06))
    showcase = np.zeros(P, dtype=bool)
    showcase[
        rng.choice(
            np.argsort(-pop, kind="stable")[: 2 * n_showcase], size=n_showcase, replace=False
        )
    ] = True
    top_display = np.zeros(P, dtype=bool)
    top_display[
        rng.choice(np.argsort(-pop, kind="stable")[:5], size=max(1, round(P * 0.01)), replace=False)
    ] = True
    in_p4p = rng.random(P) < np.where(rank < 0.3 * P, 0.6, 0.3)
    in_p4p[new] = True  # 新品成长: new listings are promoted
    sitewide = in_p4p & (rng.random(P) < 0.5)
    marketing_share = np.where(in_p4p | top_display, rng.uniform(0.2, 0.5, size=P), 0.0)
    std_share = np.where(in_p4p, rng.uniform(0.45, 0.9, size=P), 0.0)
    rts = rng.random(P) < 0.2
    price = rng.lognormal(np.log(60.0), 0.8, size=P)

    col = lambda a: a[:, None]  # noqa: E731
    si = rng.poisson(lam)
    clicks = rng.binomial(si, col(ctr))
    visitors = rng.binomial(clicks, col(visit_share)) + rng.poisson(lam * col(ctr * other_visits))
    q = np.repeat(col(inq_rate), T, axis=1)
    q[category == cat_drop, cat_t] *= 1.0 - cut  # the buyers who would have asked did not find it
    q[category != cat_drop, cat_t] *= 1.0 - others_cut
    inquiries = rng.binomial(visitors, q)
    inquiry_buyers = inquiries - rng.binomial(np.maximum(inquiries - 1, 0), 0.12)
    tm_buyers = rng.binomial(visitors, 0.012)
    favourites = rng.binomial(visitors, 0.035)
    shares = rng.binomial(visitors, 0.004)
    compares = rng.binomial(visitors, 0.012)
    rts_buyers = rng.binomial(visitors, 0.01) * col(rts)
    orders = rts_buyers + rng.binomial(inquiries, 0.06)
    # (after the last draw that reads inquiries: the panel's random stream stays as it was)
    _deepen_inquiry_drop(inquiries, category == cat_drop, cat_t, seed)
    inquiry_buyers = np.minimum(inquiry_buyers, inquiries)
    gmv = np.round(rts_buyers * col(price) * rng.lognormal(0.0, 0.35, size=(P, T)), 2)
    opp_daily = inquiry_buyers + tm_buyers
    csum = np.concatenate([np.zeros((P, 1), dtype=np.int64), np.cumsum(opp_daily, axis=1)], axis=1)
    window = csum[:, 1:] - csum[:, np.maximum(t_all + 1 - 90, 0)]
    opportunity = np.rint(window * 0.9).astype(np.int64)
    all_impr = si + rng.poisson(lam * col(all_k - 1.0))
    all_clicks = clicks + rng.binomial(all_impr - si, col(ctr * 0.5))
    mkt_impr = rng.binomial(all_impr, col(marketing_share))
    mkt_clicks = np.minimum(rng.binomial(mkt_impr, col(np.minimum(ctr * 1.1, 0.2))), all_clicks)
    std_impr = rng.binomial(mkt_impr, col(std_share))
    std_clicks = np.minimum(rng.binomial(mkt_clicks, col(std_share)), std_impr)
    sw_p = np.where(sitewide, 0.85, 0.0)
    sw_impr = rng.binomial(mkt_impr - std_impr, col(sw_p))
    sw_clicks = np.minimum(rng.binomial(mkt_clicks - std_clicks, col(sw_p)), sw_impr)

    values = {
        "search_impressions": si,
        "search_clicks": clicks,
        "visitors": visitors,
        "inquiries": inquiries,
        "inquiry_buyers": inquiry_buyers,
        "opportunity_buyers_90d": opportunity,
        "favourites": favourites,
        "shares": shares,
        "compares": compares,
        "orders": orders,
        "tm_buyers": tm_buyers,
        "rts_buyers": rts_buyers,
        "all_impressions": all_impr,
        "all_clicks": all_clicks,
        "marketing_impressions": mkt_impr,
        "marketing_clicks": mkt_clicks,
        "std_p4p_impressions": std_impr,
        "std_p4p_clicks": std_clicks,
        "sitewide_p4p_impressions": sw_impr,
        "sitewide_p4p_clicks": sw_clicks,
    }
    ints = np.stack([values[n] for n in _INT_COLS]).astype(np.int64) * present[None, :, :]
    gmv = gmv * present

    yn = lambda a: ["Y" if x else "N" for x in a.tolist()]  # noqa: E731
    s = _Store(
        first_day=first_day,
        ids=[str(int(x)) for x in ids],
        titles=titles,
        category=category,
        owners=owners,
        showcase=yn(showcase),
        top_display=yn(top_display),
        in_p4p=yn(in_p4p),
        present=present,
        ints=ints,
        gmv=gmv,
        planted=[],
    )
    s.planted = _planted(
        s,
        takeoff=takeoff,
        quiet=quiet,
        publish=publish,
        dying=dying,
        decay_start=decay_start,
        deleted=deleted,
        del_day=del_day,
        cat_drop=cat_drop,
        cat_t=cat_t,
        cut=cut,
        others_cut=others_cut,
        top_product=top_product,
        drop_t=drop_t,
        hol_t=hol_t,
    )
    s.facts = {
        "T": T,
        "publish": publish,
        "del_day": del_day,
        "zombie": zombie,
        "pop": pop,
        "ctr": ctr,
        "rts": rts,
        "price": price,
        "new": [int(p) for p in new],
        "takeoff": takeoff,
        "quiet": quiet,
        "dying": dying,
        "decay_start": decay_start,
        "deleted": deleted,
        "cat_drop": cat_drop,
        "cat_t": cat_t,
        "cut": cut,
        "others_cut": others_cut,
        "top_product": top_product,
        "drop_t": drop_t,
        "hol_t": hol_t,
        "in_p4p": in_p4p,
        "sitewide": sitewide,
        "showcase": showcase,
        "top_display": top_display,
    }
    return s


# --------------------------------------------------------------------------------------------
# What a reader should find: the planted situations, measured on the generated data
# --------------------------------------------------------------------------------------------


def final_month(as_of: dt.date, lag_days: int = 2) -> str:
    """The latest month whose review is final as of ``as_of`` (final on the 3rd of the next
    month): the monthly page where the month-scale plants show (the month in progress has
    no page yet)."""
    return month_key(last_published_month_end(reader_today(as_of, None, lag_days)))


def _planted(s: _Store, **k: Any) -> list[dict]:
    si = s.ints[_I["search_impressions"]]
    clicks = s.ints[_I["search_clicks"]]
    inq = s.ints[_I["inquiries"]]
    T = si.shape[1]
    day = lambda t: s.day(int(t)).isoformat()  # noqa: E731
    month = lambda t: day(t)[:7]  # noqa: E731
    final = final_month(s.day(T - 1))
    out: list[dict] = []

    def weekly(t: int) -> str:
        return week_end(s.day(t)).isoformat()

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


# --------------------------------------------------------------------------------------------
# Periods and files
# --------------------------------------------------------------------------------------------


def _periods(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = [
        ("day", first + dt.timedelta(days=i), first + dt.timedelta(days=i))
        for i in range((last - first).days + 1)
    ]
    sat = week_end(first)
    while sat <= last:
        if sat - dt.timedelta(days=6) >= first:
            out.append(("week", sat - dt.timedelta(days=6), sat))
        sat += dt.timedelta(days=7)
    m = first.replace(day=1)
    while m <= last:
        if m >= first and month_end(m) <= last:
            out.append(("month", m, month_end(m)))
        m = month_end(m) + dt.timedelta(days=1)
    return out


_FOLDER = {"day": "daily", "week": "weekly", "month": "monthly"}


def _job(s: _Store, gran: str, start: dt.date, end: dt.date, root: Path) -> tuple:
    a, b = s.t(start), s.t(end)
    pres = s.present[:, a : b + 1]
    rows = np.flatnonzero(pres.any(axis=1))
    ints = s.ints[:, rows, a : b + 1].sum(axis=2).T.copy()  # (n, K)
    k = _DEDUP[gran]
    if k != 1.0:
        for name in _PEOPLE:
            ints[:, _I[name]] = np.rint(ints[:, _I[name]] * k).astype(np.int64)
    # 近90天商机人数 is a snapshot: its value on the last day of the period the product was online.
    last_on = b - np.argmax(pres[rows, ::-1], axis=1)
    ints[:, _I["opportunity_buyers_90d"]] = s.ints[_I["opportunity_buyers_90d"], rows, last_on]
    gmv = np.round(s.gmv[rows, a : b + 1].sum(axis=1), 2)
    ids = np.array([int(s.ids[p]) for p in rows], dtype=np.int64)
    order = np.lexsort((ids, -ints[:, _I["search_impressions"]]))
    path = root / _FOLDER[gran] / f"Products-{end.isoformat()}.xls"
    return (str(path), start.isoformat(), end.isoformat(), rows[order], ints[order], gmv[order])


def _static(s: _Store) -> tuple:
    return (s.ids, s.titles, s.showcase, s.top_display, s.in_p4p, s.owners)


def _rate(num: int, den: int) -> str:
    return f"{100.0 * num / den:.2f}%" if den else "0.00%"


def _write_xls(static: tuple, job: tuple) -> None:
    ids, titles, showcase, top_display, in_p4p, owners = static
    path, start, end, rows, ints, gmv = job
    text = {
        "product_id": ids,
        "title": titles,
        "showcase": showcase,
        "top_display": top_display,
        "in_p4p": in_p4p,
        "owner": owners,
    }
    ci, ck, cv, cq = _I["search_impressions"], _I["search_clicks"], _I["visitors"], _I["inquiries"]
    plan: list[tuple[int, str, Any]] = []
    for c, column in enumerate(PRODUCTS.columns):
        if column.name in text:
            plan.append((c, "text", text[column.name]))
        elif column.name in _I:
            plan.append((c, "int", _I[column.name]))
        elif column.name == "search_ctr":
            plan.append((c, "rate", (ck, ci)))
        elif column.name == "inquiry_rate":
            plan.append((c, "rate", (cq, cv)))
        elif column.name == "rts_gmv_usd":
            plan.append((c, "gmv", None))
        else:  # pragma: no cover - a column added to PRODUCTS without a value here
            raise KeyError(column.name)

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(SHEET_NAME)
    ws.write(0, 0, f"{PRODUCTS.zh} 时间周期{start}~{end}")
    ws.write(1, 0, "数据来源：数据参谋 → 商品分析（演示店铺，模拟数据）")
    ws.write(2, 0, "注：统计日期为美国太平洋时间")
    header = ws.row(5)
    for c, name in enumerate(HEADERS):
        header.set_cell_text(c, name)
    for r, (p, vals, money) in enumerate(
        zip(rows.tolist(), ints.tolist(), gmv.tolist(), strict=True)
    ):
        row = ws.row(6 + r)
        for c, how, arg in plan:
            if how == "int":
                row.set_cell_number(c, vals[arg])
            elif how == "text":
                row.set_cell_text(c, arg[p])
            elif how == "rate":
                row.set_cell_text(c, _rate(vals[arg[0]], vals[arg[1]]))
            else:
                row.set_cell_number(c, money)
    wb.save(path)
