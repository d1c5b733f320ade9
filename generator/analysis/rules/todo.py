"""The to-do list of a page: ranked by what is at stake, short, and an item open for days
said once with since when (the playbook's "The to-do list").

The order, simple enough to say on the page:

1. items with a stake, the largest first. Money spent (元) and leads (inquiries) are ranked
   together when the period's cost per inquiry is known (P4P spend ÷ inquiries of the
   period): an inquiry counts as that many 元. Without it, leads come first (a buyer's
   inquiry is what the money is spent for), then money;
2. then budget left unspent (元 not lost but not working: an opportunity, not a leak);
3. then items sized in impressions, clicks or visitors, the most first;
4. then items the facts give no number for, in the order of the rules (the page's sections).

Ties keep the rules' order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .base import Action

# "open_leads": inquiries waiting now (a count at a moment, not per period); "unspent_yuan":
# budget left unspent in the period
UNITS = ("yuan", "leads", "open_leads", "unspent_yuan", "impressions", "clicks", "visitors")


def _group_and_value(a: Action, cost_per_lead: float | None) -> tuple[int, float]:
    if a.stake is None or a.stake_unit not in UNITS:
        return 4, 0.0
    if a.stake_unit == "unspent_yuan":
        return 2, a.stake
    if a.stake_unit in ("impressions", "clicks", "visitors"):
        return 3, a.stake
    if a.stake_unit in ("leads", "open_leads"):
        if cost_per_lead:
            return 1, a.stake * cost_per_lead
        return 0, a.stake
    return 1, a.stake


def rank(actions: Iterable[Action], cost_per_lead: float | None = None) -> list[Action]:
    """``actions`` in the order above (a stable sort: ties keep the rules' order)."""

    def order(a: Action) -> tuple[int, float]:
        group, value = _group_and_value(a, cost_per_lead)
        return group, -value

    return sorted(actions, key=order)


def cost_per_lead(spend: float | None, inquiries: float | None) -> float | None:
    """The period's cost of one inquiry in 元 (P4P spend ÷ inquiries), when both are known."""
    if spend is None or inquiries is None or not inquiries > 0 or not spend > 0:
        return None
    return float(spend) / float(inquiries)


def previous_end(end: dt.date, period: str) -> dt.date:
    """The end of the period before the one ending ``end``."""
    if period == "month":
        return end.replace(day=1) - dt.timedelta(days=1)
    return end - dt.timedelta(days=7 if period == "week" else 1)


def carry_since(by_end: Mapping[dt.date, list[Action]], period: str) -> dict[dt.date, list[Action]]:
    """Each period's items, an item that was on the previous period's list too (the same
    ``key``) keeping its first period as ``since``: open for days, not new every day."""
    out: dict[dt.date, list[Action]] = {}
    for end in sorted(by_end):
        before = {a.key: a for a in out.get(previous_end(end, period), [])}
        items = []
        for a in by_end[end]:
            prev = before.get(a.key)
            since = prev.since if prev is not None else None
            if since is not None and (a.since is None or since < a.since):
                a = replace(a, since=since)
            items.append(a)
        out[end] = items
    return out


def latest_by_key(actions: Iterable[Action]) -> list[Action]:
    """One item per key and first day, the latest (the same item open on a run of days is
    said once, with since when), in the order of its latest listing."""
    seen: dict[tuple[str, dt.date | None], Action] = {}
    for a in actions:
        k = (a.key, a.since)
        if k in seen and seen[k].date > a.date:
            continue
        seen.pop(k, None)
        seen[k] = a
    return list(seen.values())
