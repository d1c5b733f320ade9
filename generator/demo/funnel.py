"""The simulated panel: the store's rhythm and events in the expected impressions, each
product's funnel, the integer columns drawn through it, and the store built from them."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

import numpy as np

from ..analysis.metrics.anomalies import robust_band
from ..config import Settings
from ..foundation.periods import (
    week_start,
)
from .catalogue import _CATEGORIES
from .panel import _BURN, _INT_COLS, _WEEKDAY, _Store
from .planted import _planted
from .roles import _Roles, _Timing


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


class _Rhythm(NamedTuple):
    """The expected search impressions (products × days) and the store-wide events in them."""

    lam: np.ndarray
    hol_t: int
    drop_t: int
    cat_t: int
    cat_drop: int
    cut: float
    others_cut: float


class _Funnel(NamedTuple):
    """Each product's funnel rates and promotion flags."""

    visit_share: np.ndarray
    other_visits: np.ndarray
    inq_rate: np.ndarray
    all_k: np.ndarray
    showcase: np.ndarray
    top_display: np.ndarray
    in_p4p: np.ndarray
    sitewide: np.ndarray
    marketing_share: np.ndarray
    std_share: np.ndarray
    rts: np.ndarray
    price: np.ndarray


def _rhythm(
    rng: np.random.Generator,
    as_of: dt.date,
    first_day: dt.date,
    dates: list[dt.date],
    last: int,
    t_all: np.ndarray,
    category: np.ndarray,
    ro: _Roles,
    ti: _Timing,
) -> _Rhythm:
    """The store's rhythm (weekdays, trend, season), the holiday week, the top product's lost
    ranking, the noise, and the one-day category drop."""
    P, T = ti.mult.shape
    pop, top_product, mult, present = ro.pop, ro.top_product, ti.mult, ti.present
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
    return _Rhythm(lam, hol_t, drop_t, cat_t, cat_drop, cut, others_cut)


def _funnel(rng: np.random.Generator, P: int, pop: np.ndarray, new: np.ndarray) -> _Funnel:
    """Each product's funnel rates, showcase and top display, P4P promotion, trade and price."""
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
    return _Funnel(
        visit_share,
        other_visits,
        inq_rate,
        all_k,
        showcase,
        top_display,
        in_p4p,
        sitewide,
        marketing_share,
        std_share,
        rts,
        price,
    )


def _panel(
    rng: np.random.Generator,
    seed: int,
    t_all: np.ndarray,
    category: np.ndarray,
    ctr: np.ndarray,
    present: np.ndarray,
    rh: _Rhythm,
    fu: _Funnel,
) -> tuple[np.ndarray, np.ndarray]:
    """The panel's integer columns (:data:`_INT_COLS` × products × days) and the GMV, drawn
    from the expected impressions through the funnel."""
    P, T = present.shape
    lam, cat_t, cat_drop, cut, others_cut = rh.lam, rh.cat_t, rh.cat_drop, rh.cut, rh.others_cut
    visit_share, other_visits, inq_rate, all_k = (
        fu.visit_share,
        fu.other_visits,
        fu.inq_rate,
        fu.all_k,
    )
    sitewide, marketing_share, std_share = fu.sitewide, fu.marketing_share, fu.std_share
    rts, price = fu.rts, fu.price
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
    return ints, gmv


def _store_of(
    first_day: dt.date,
    T: int,
    ids: np.ndarray,
    titles: list[str],
    category: np.ndarray,
    owners: list[str],
    ro: _Roles,
    ti: _Timing,
    rh: _Rhythm,
    fu: _Funnel,
    ints: np.ndarray,
    gmv: np.ndarray,
) -> _Store:
    """The simulated store, its planted situations, and the facts the other kinds read."""
    pop, zombie, ctr, new, top_product, dying, deleted, takeoff, _ = ro
    publish, del_day, _, decay_start, quiet, present = ti
    _, hol_t, drop_t, cat_t, cat_drop, cut, others_cut = rh
    showcase, top_display, in_p4p, sitewide = fu.showcase, fu.top_display, fu.in_p4p, fu.sitewide
    rts, price = fu.rts, fu.price
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
