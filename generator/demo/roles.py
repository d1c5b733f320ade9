"""The simulated catalogue and its products' stories: categories, titles and owners; base
popularity and click rates; the new, taking-off, dying and deleted products and when; the ids."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .catalogue import _CATEGORIES, OWNERS
from .panel import _BURN


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


class _Roles(NamedTuple):
    """Each product's base popularity and click rate, and the products with a story: new ones
    (some take off), dying ones, deleted ones, the top product."""

    pop: np.ndarray
    zombie: np.ndarray
    ctr: np.ndarray
    new: np.ndarray
    top_product: int
    dying: list[int]
    deleted: list[int]
    takeoff: list[int]
    old_ranked: list[int]


class _Timing(NamedTuple):
    """When each product is published and deleted, its traffic multiplier over time (take-off
    ramps, decays) and the days it is listed."""

    publish: np.ndarray
    del_day: np.ndarray
    mult: np.ndarray
    decay_start: dict[int, int]
    quiet: list[int]
    present: np.ndarray


def _catalogue(rng: np.random.Generator, P: int) -> tuple[np.ndarray, list[str], list[str]]:
    """Each product's category, title and owner."""
    per_cat = _counts(P, [c.product_share for c in _CATEGORIES])
    category = rng.permutation(np.repeat(np.arange(len(_CATEGORIES)), per_cat))
    titles = _titles(rng, category)
    owners = []
    for c in category.tolist():
        opts = _CATEGORIES[c].owners
        owners.append(str(rng.choice(OWNERS)) if rng.random() < 0.1 else str(rng.choice(opts)))
    return category, titles, owners


SMALL_STORE = 10  # from this many products on, every story has its product(s)


def _role_counts(P: int) -> tuple[int, int, int, int]:
    """How many products are new (of them, taking off), dying and deleted. A store of fewer than
    :data:`SMALL_STORE` products keeps the top product and three stable ones (the riser, the
    idle product, the leak's product) first, then gives one product each to a take-off, a dying
    one, a deleted one and a quiet new one, as far as they go (``P`` = 1: only the top product)."""
    if P >= SMALL_STORE:
        return (
            max(2, round(8 * P / 300)),
            max(1, round(3 * P / 300)),
            max(1, round(5 * P / 300)),
            max(1, round(3 * P / 300)),
        )
    spare = max(0, P - 4)
    takeoff, dying, deleted, quiet = (int(spare > k) for k in range(4))
    return takeoff + quiet, takeoff, dying, deleted


def _roles(rng: np.random.Generator, P: int, category: np.ndarray) -> _Roles:
    """Base popularity (a few products get most traffic), click rates, and the roles, disjoint:
    new products get the highest ids (published last)."""
    n_new, n_takeoff, n_dying, n_deleted = _role_counts(P)

    # Base popularity (expected search impressions a day): a few products get most traffic,
    # a long tail of listings gets almost nothing; each category gets its share of the store.
    pop = rng.lognormal(mean=0.0, sigma=1.5, size=P)
    zombie = rng.random(P) < 0.25  # listings nobody finds: mostly all-zero rows
    pop[zombie] *= rng.uniform(0.002, 0.03, size=int(zombie.sum()))
    store_mean = 115.0  # search impressions per product per day at trend 1
    for c, cat in enumerate(_CATEGORIES):
        m = category == c
        if m.any():  # a store of fewer than 5 products leaves categories empty
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
    return _Roles(pop, zombie, ctr, new, top_product, dying, deleted, takeoff, old_ranked)


def _timing(
    rng: np.random.Generator, D: int, T: int, last: int, t_all: np.ndarray, ro: _Roles
) -> _Timing:
    """Publish days (take-offs and quiet new products), decays and deletions."""
    P = len(ro.pop)
    pop, new, dying, deleted, takeoff, old_ranked = (
        ro.pop,
        ro.new,
        ro.dying,
        ro.deleted,
        ro.takeoff,
        ro.old_ranked,
    )
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
    return _Timing(publish, del_day, mult, decay_start, quiet, present)


def _ids(rng: np.random.Generator, P: int, new: np.ndarray, publish: np.ndarray) -> np.ndarray:
    """Ids: 13-digit strings, growing with publish time."""
    old = np.flatnonzero(publish == 0)
    ids = np.zeros(P, dtype=np.int64)
    ids[rng.permutation(old)] = 1_600_000_000_000 + np.sort(
        rng.choice(10**9, size=len(old), replace=False)
    )
    new_by_day = sorted(new.tolist(), key=lambda p: (publish[p], p))
    ids[new_by_day] = 1_601_000_000_000 + np.sort(
        rng.choice(10**9, size=len(new_by_day), replace=False)
    )
    return ids
