"""The situations planted in the products panel, in plain arithmetic.

Each plant is a fixed rule applied to the simulated numbers ("× 0.15 on that day", "40 clicks a
day, no inquiry"), never tuned to what a detector of the generator would flag: the answer key
(:mod:`.answers`) is computed from these values alone, so the tests that compare the site with
it can fail. Nothing here imports from the analysis.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np

from ..foundation.periods import month_start, week_end
from .catalogue import _CATEGORIES

CAT_FACTOR = 0.15  # the dropped category's search impressions and inquiry rate, on its day
TOP_FACTOR = 0.2  # the top product's expected traffic on its 5 bad days
TOP_DAYS = 5
HOLIDAY_FACTOR = 0.7  # the store's expected traffic in the holiday week
RISE_FACTOR = 2.5  # the rising product's expected traffic from the 1st of the final month on
IDLE_IMPRESSIONS = 1000  # the idle product: search impressions a day
IDLE_CLICKS = 40  # … search clicks a day
IDLE_VISITORS = 34  # … visitors a day; no inquiry, no TM chat on any day
DEAD_IMPRESSIONS = 2  # the dead product: search impressions a day, no click, no inquiry, no TM
LEAK_WEEKS = 4  # the P4P leak: the last complete weeks
LEAK_IMPRESSIONS = (1000,) * 7  # a day, Sunday to Saturday: 7,000 a week
LEAK_CLICKS = (43, 43, 43, 43, 43, 43, 42)  # 300 a week
LEAK_SPEND = (142.86,) * 6 + (142.84,)  # 1,000.00 元 a week
LEAK_BUDGET = 145.0  # added to its campaign's daily budget


class Picks(NamedTuple):
    """The products given a planted story in the panel (indexes), and when."""

    # None where the store has too few stable products for that story (fewer than 10 products)
    riser: int | None
    rise_t: int
    idle: int | None
    dead: int | None  # zero-effect without traffic, its main word held by another product
    leak: int | None
    leak_days: list[int]  # panel indexes of the leak's days (whole weeks, oldest first)


def stable_products(
    order: list[int], top: int, dying: list[int], deleted: list[int], live: np.ndarray
) -> list[int]:
    """The old products with no other story, most popular first (``order``: old products by
    popularity)."""
    taken = {top, *dying, *deleted}
    return [p for p in order if p not in taken and bool(live[p])]


def core(title: str, c: int) -> str:
    """A generated title's product kind (the longest of its category's cores it holds)."""
    return max((k for k in _CATEGORIES[c].cores if k in title), key=len, default=title)


def _dead(rest: list[int], titles: list[str], category: np.ndarray) -> int | None:
    """The least popular of ``rest`` whose product kind another of ``rest`` also holds."""
    for p in reversed(rest):
        kind = core(titles[p], int(category[p])).lower()
        if any(o != p and kind in titles[o].lower() for o in rest):
            return p
    return None


def pick(
    stable: list[int],
    in_p4p: np.ndarray,
    titles: list[str],
    category: np.ndarray,
    dates: list[dt.date],
    as_of: dt.date,
    final: str,
) -> Picks:
    """The riser (the stable product a quarter down the popularity order: enough traffic to
    rise, not so much that the store's level moves with it), the idle product (the stable product
    in the middle of the popularity order), the leak's product (the most popular stable product
    promoted in P4P, else the third), the dead product (the least popular one whose product kind
    another stable product holds), and their days."""
    riser = stable[len(stable) // 4] if stable else None
    rest = [p for p in stable if p != riser]
    idle = rest[len(rest) // 2] if rest else None
    promoted = [p for p in rest if p != idle and bool(in_p4p[p])]
    leak = promoted[0] if promoted else next((p for p in rest if p != idle), None)
    dead = _dead([p for p in rest if p not in (idle, leak)], titles, category)
    first = month_start(dt.date.fromisoformat(final + "-01"))
    t_of = {d: t for t, d in enumerate(dates)}
    rise_t = t_of.get(first, 0)
    last_sat = week_end(as_of) if week_end(as_of) == as_of else week_end(as_of) - dt.timedelta(7)
    days = [last_sat - dt.timedelta(days=i) for i in range(7 * LEAK_WEEKS - 1, -1, -1)]
    leak_days = [t_of[d] for d in days if d in t_of] if leak is not None else []
    return Picks(riser, rise_t, idle, dead, leak, leak_days)


def apply_idle(
    p: int | None, si: np.ndarray, clicks: np.ndarray, visitors: np.ndarray, q: np.ndarray
) -> None:
    """The idle product: the same impressions, clicks and visitors every day, and an inquiry
    rate of 0 (its TM chats are set to 0 by the caller after they are drawn)."""
    if p is None:
        return
    si[p] = IDLE_IMPRESSIONS
    clicks[p] = IDLE_CLICKS
    visitors[p] = IDLE_VISITORS
    q[p] = 0.0


def apply_dead(
    p: int | None, si: np.ndarray, clicks: np.ndarray, visitors: np.ndarray, q: np.ndarray
) -> None:
    """The dead product: a couple of impressions a day, no click, no visitor, no inquiry (its
    TM chats are set to 0 by the caller)."""
    if p is not None:
        si[p], clicks[p], visitors[p], q[p] = DEAD_IMPRESSIONS, 0, 0, 0.0


def leak_day_values(days: list[int], T: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The leak's impressions, clicks and spend per panel day (0 outside its weeks)."""
    imp = np.zeros(T, dtype=np.int64)
    clk = np.zeros(T, dtype=np.int64)
    spend = np.zeros(T)
    for i, t in enumerate(days):
        imp[t] = LEAK_IMPRESSIONS[i % 7]
        clk[t] = LEAK_CLICKS[i % 7]
        spend[t] = LEAK_SPEND[i % 7]
    return imp, clk, spend


def add_leak(
    pk: Picks, impressions: tuple[np.ndarray, ...], clicks: tuple[np.ndarray, ...]
) -> None:
    """The leak's impressions and clicks, added to the leak product's panels (all, marketing
    and standard P4P): its keyword's traffic lands on that product."""
    if pk.leak is None:
        return
    imp, clk, _ = leak_day_values(pk.leak_days, impressions[0].shape[1])
    for a in impressions:
        a[pk.leak] += imp
    for a in clicks:
        a[pk.leak] += clk
