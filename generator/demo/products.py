"""The demo store's products panel (the catalogue is in :mod:`.catalogue`, the panel's types in
:mod:`.panel`, the planted situations in :mod:`.planted`, the native 产品分析 files in
:mod:`.product_files`; their names are importable from here too).

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

import numpy as np

from ..analysis.metrics.anomalies import robust_band
from ..config import Settings
from ..foundation.periods import (
    week_start,
)
from .catalogue import (  # noqa: F401
    _CATEGORIES,
    CATEGORIES,
    OWNERS,
    _Category,
)
from .panel import (  # noqa: F401
    _BURN,
    _DEDUP,
    _I,
    _INT_COLS,
    _PEOPLE,
    _WEEKDAY,
    HEADERS,
    SHEET_NAME,
    DemoSummary,
    _Store,
)
from .planted import (  # noqa: F401
    _planted,
    final_month,
)
from .product_files import (  # noqa: F401
    _FOLDER,
    _job,
    _periods,
    _rate,
    _static,
    _write_xls,
)


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
