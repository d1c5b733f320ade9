"""The simulated panel: the store's rhythm and events in the expected impressions, each
product's funnel, the integer columns drawn through it, and the store built from them."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np

from ..foundation.periods import (
    week_start,
)
from .catalogue import _CATEGORIES
from .panel import _BURN, _INT_COLS, _WEEKDAY, _Store
from .planted import _planted
from .plants import (
    CAT_FACTOR,
    HOLIDAY_FACTOR,
    TOP_DAYS,
    TOP_FACTOR,
    Picks,
    add_leak,
    apply_dead,
    apply_idle,
)
from .roles import _Roles, _Timing


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
    store[hol_t : hol_t + 7] *= HOLIDAY_FACTOR

    # Top product loses its ranking for 5 days ~40 days before as_of.
    # (kept after the holiday week and before the category drop's 7-day baseline in short ranges)
    drop_t = min(max(last - 40, hol_t + 7), last - 21)
    mult[top_product, drop_t : drop_t + TOP_DAYS] *= TOP_FACTOR

    noise = rng.lognormal(mean=-0.02, sigma=0.2, size=(P, T))
    lam = pop[:, None] * mult * store[None, :] * noise * present

    # One category loses 85 % of its search impressions for one day (× CAT_FACTOR): the one
    # with the most expected impressions on the first Tuesday–Thursday 9 days before as_of.
    cat_t = place(9, 1)
    while dates[cat_t].weekday() not in (1, 2, 3) and cat_t < last:
        cat_t += 1
    day_by_cat = np.array([lam[category == c, cat_t].sum() for c in range(len(_CATEGORIES))])
    cat_drop = int(np.argmax(day_by_cat))
    cut, others_cut = 1.0 - CAT_FACTOR, 0.0
    lam[category == cat_drop, cat_t] *= 1.0 - cut
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
    n_top = max(1, round(P * 0.01))  # drawn from the 5 most popular, or twice as many as drawn
    top_display[
        rng.choice(np.argsort(-pop, kind="stable")[: max(5, 2 * n_top)], size=n_top, replace=False)
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
    pk: Picks,
) -> tuple[np.ndarray, np.ndarray]:
    """The panel's integer columns (:data:`_INT_COLS` × products × days) and the GMV, drawn
    from the expected impressions through the funnel."""
    P, T = present.shape
    lam, cat_t, cat_drop, cut, others_cut = rh.lam, rh.cat_t, rh.cat_drop, rh.cut, rh.others_cut
    visit_share, other_visits, inq_rate, all_k = fu[:4]
    sitewide, marketing_share, std_share = fu.sitewide, fu.marketing_share, fu.std_share
    rts, price = fu.rts, fu.price
    col = lambda a: a[:, None]  # noqa: E731
    si = rng.poisson(lam)
    clicks = rng.binomial(si, col(ctr))
    visitors = rng.binomial(clicks, col(visit_share)) + rng.poisson(lam * col(ctr * other_visits))
    q = np.repeat(col(inq_rate), T, axis=1)
    q[category == cat_drop, cat_t] *= 1.0 - cut  # the buyers who would have asked did not find it
    q[category != cat_drop, cat_t] *= 1.0 - others_cut
    apply_idle(pk.idle, si, clicks, visitors, q)
    apply_dead(pk.dead, si, clicks, visitors, q)
    inquiries = rng.binomial(visitors, q)
    inquiry_buyers = inquiries - rng.binomial(np.maximum(inquiries - 1, 0), 0.12)
    tm_buyers = rng.binomial(visitors, 0.012)
    tm_buyers[[p for p in (pk.idle, pk.dead) if p is not None]] = 0  # nor TM chats
    favourites = rng.binomial(visitors, 0.035)
    shares = rng.binomial(visitors, 0.004)
    compares = rng.binomial(visitors, 0.012)
    rts_buyers = rng.binomial(visitors, 0.01) * col(rts)
    orders = rts_buyers + rng.binomial(inquiries, 0.06)
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
    add_leak(pk, (all_impr, mkt_impr, std_impr), (all_clicks, mkt_clicks, std_clicks))

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
    pk: Picks,
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
        "riser": pk.riser,
        "rise_t": pk.rise_t,
        "idle": pk.idle,
        "dead": pk.dead,
        "leak": pk.leak,
        "leak_days": pk.leak_days,
    }
    s.planted = _planted(s, **s.facts, picks=pk)
    return s
