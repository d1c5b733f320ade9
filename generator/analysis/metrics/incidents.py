"""Anomalies where they happen, as incidents (issue 15, item 4).

Detection runs on the store (:func:`.anomalies.detect`) and on each category (when the store
has more than one), country, channel and the top products — the same same-weekday robust band
and counting noise floor, and a minimum baseline so small entities do not flood the list.

Anomalies of one day that go the same way are one incident when they are related (the store
and whatever moved with it; a category and its products); the same (entity, metric, direction)
on consecutive days continues an incident (「第 N 天」). Each incident carries its cause chain:
metric → funnel step → category / country / channel → product, each link with its share of the
change among the contributors that moved with it, the rest as 「其他」: shares add up to 100 %,
none negative. A dimension with a single value (every product 未分类, one country) is no cause.
Pure functions of frames.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from .anomalies import (
    DENOMINATOR,
    FUNNEL,
    Anomaly,
    Contributor,
    baseline_day,
    contributions,
    funnel_terms,
)
from .entities import ENTITY_METRICS, Entities, EntityAnomaly

# the levels of a cause chain, top down; the store is above them all
LEVEL = {"store": 0, "category": 1, "country": 2, "channel": 3, "product": 4}
# the headline metric of an incident: the most downstream one that moved (leads first)
HEADLINE = ("inquiries", "visitors", "clicks", "impressions", "inquiry_rate", "ctr", "tm_buyers")
# the count a funnel step is seen in, for the breakdown by category / country / product
STEP_COUNT = {
    "impressions": "impressions",
    "ctr": "clicks",
    "visitors_per_click": "visitors",
    "inquiry_rate": "inquiries",
}
OTHER = ""  # the key of the 「其他」 rest of a chain link


@dataclass(frozen=True)
class Share:
    """One contributor of a chain link with its share of the change (0–1); key ``""`` is the
    rest (「其他」)."""

    dimension: str
    key: str
    label: str
    share: float
    owner: str | None = None


@dataclass
class Incident:
    """One incident on one day: its entity, the anomalies it groups, its cause chain."""

    id: str
    start: dt.date
    day: dt.date
    day_n: int
    members: list[EntityAnomaly]
    step: tuple[str, float] | None = None  # the funnel step that moved most, its log change
    chain: list[list[Share]] = field(default_factory=list)  # per dimension, top down
    owner: str | None = None  # a product incident's owner
    stake: float | None = None  # leads (or impressions) lost or gained vs the baseline
    stake_unit: str | None = None  # leads | impressions

    @property
    def main(self) -> EntityAnomaly:
        """The headline: the top entity's most downstream count (a rate only when no count
        moved: a CTR that rose because impressions fell is not the news)."""
        counts = [m for m in self.members if m.metric in ENTITY_METRICS] or self.members
        top = min(LEVEL[m.dimension] for m in counts)
        mine = [m for m in counts if LEVEL[m.dimension] == top]
        return min(mine, key=lambda m: HEADLINE.index(m.metric) if m.metric in HEADLINE else 99)

    @property
    def headline(self) -> list[EntityAnomaly]:
        """The main entity's anomalies, headline metric first."""
        main = self.main
        mine = [m for m in self.members if (m.dimension, m.key) == (main.dimension, main.key)]
        return sorted(mine, key=lambda m: HEADLINE.index(m.metric) if m.metric in HEADLINE else 99)

    @property
    def direction(self) -> str:
        return self.main.direction


def store_members(found: list[Anomaly]) -> list[EntityAnomaly]:
    return [
        EntityAnomaly(a.day, "store", "", "", a.metric, a.value, a.baseline, a.low, a.high)
        for a in found
        if not a.missing
        and a.value is not None
        and a.baseline
        and a.low is not None
        and a.high is not None
    ]


def day_groups(
    members: list[EntityAnomaly], category_of: dict[str, str]
) -> list[list[EntityAnomaly]]:
    """The related anomalies of one day: per direction, everything that moved with a store
    anomaly; else a category with its products; else each entity alone."""
    groups: list[list[EntityAnomaly]] = []
    for direction in ("down", "up"):
        same = [m for m in members if m.direction == direction]
        if not same:
            continue
        if any(m.dimension == "store" for m in same):
            groups.append(same)
            continue
        by_entity: dict[tuple[str, str], list[EntityAnomaly]] = {}
        for m in same:
            by_entity.setdefault((m.dimension, m.key), []).append(m)
        cats = {key for dim, key in by_entity if dim == "category"}
        for (dim, key), items in sorted(by_entity.items(), key=lambda e: (LEVEL[e[0][0]], e[0][1])):
            if dim == "product" and category_of.get(key) in cats:
                continue  # goes with its category
            if dim == "category":
                items = items + [
                    m
                    for (d2, k2), ms in by_entity.items()
                    if d2 == "product" and category_of.get(k2) == key
                    for m in ms
                ]
            groups.append(items)
    return rates_joined(groups)


def rates_joined(groups: list[list[EntityAnomaly]]) -> list[list[EntityAnomaly]]:
    """A group of rates only (CTR, inquiry rate) joins the group where its denominator moved
    the other way (impressions fell, so CTR rose): one event, one incident."""
    out = [g for g in groups if any(m.metric not in DENOMINATOR for m in g)]
    for group in groups:
        if all(m.metric in DENOMINATOR for m in group):
            home = next(
                (
                    g
                    for g in out
                    if any(
                        m.metric == DENOMINATOR[r.metric] and m.direction != r.direction
                        for m in g
                        for r in group
                    )
                ),
                None,
            )
            if home is None:
                out.append(group)
            else:
                home.extend(group)
    return out


def link_days(
    groups_by_day: dict[dt.date, list[list[EntityAnomaly]]],
) -> list[tuple[str, dt.date, int, list[EntityAnomaly]]]:
    """(incident id, start, day N, members) per day and group: a group continues yesterday's
    incident when they share an (entity, metric, direction)."""
    out = []
    open_: list[tuple[str, dt.date, set[tuple[str, str, str, str]]]] = []  # yesterday's
    prev: dt.date | None = None
    for day in sorted(groups_by_day):
        if prev is None or day != prev + dt.timedelta(days=1):
            open_ = []
        today = []
        taken: set[str] = set()
        for group in groups_by_day[day]:
            idents = {m.ident for m in group}
            match = next(
                (
                    o
                    for o in sorted(open_, key=lambda o: o[1])
                    if o[2] & idents and o[0] not in taken
                ),
                None,
            )
            if match is None:
                first = Incident("", day, day, 1, group).main
                iid = f"{day.isoformat()}:{first.dimension}:{first.key}:{first.metric}:{first.direction}"
                start = day
            else:
                iid, start = match[0], match[1]
                taken.add(iid)
            out.append((iid, start, (day - start).days + 1, group))
            today.append((iid, start, idents))
        open_, prev = today, day
    return out


def normalised(
    items: list[Contributor], direction: str, dimension: str, n: int, min_share: float = 0.05
) -> list[Share]:
    """The contributors that moved with the change, each with its share of their sum, the
    largest ``n`` (at least ``min_share``) named and the rest as 「其他」: adds up to 1."""
    sign = 1 if direction == "up" else -1
    along = [c for c in items if c.delta * sign > 0]
    total = sum(abs(c.delta) for c in along)
    if not total:
        return []
    ranked = sorted(along, key=lambda c: (-abs(c.delta), c.key))
    named = [c for c in ranked[:n] if abs(c.delta) / total >= min_share]
    out = [Share(dimension, c.key, str(c.label), abs(c.delta) / total) for c in named]
    rest = 1 - sum(s.share for s in out)
    if rest > 0.005:
        out.append(Share(dimension, OTHER, "", rest))
    return out


def percents(shares: list[float]) -> list[int]:
    """Whole percents that add up to 100 (largest remainder), for shares that add up to 1."""
    raw = [s * 100 for s in shares]
    base = [math.floor(r) for r in raw]
    left = 100 - sum(base)
    for i in sorted(range(len(raw)), key=lambda i: -(raw[i] - base[i]))[: max(left, 0)]:
        base[i] += 1
    return base


def entity_counts(
    main: EntityAnomaly, entities: Entities, daily: pd.DataFrame, weeks: int
) -> tuple[dict[str, float], dict[str, float]]:
    """The main entity's counts on the day and their same-weekday baselines (medians)."""
    if main.dimension == "store":
        return daily.loc[main.day].to_dict(), baseline_day(daily, main.day, weeks)
    today, base = {}, {}
    for m in ENTITY_METRICS:
        values = entities.values.get((main.dimension, m))
        if values is None or main.key not in values:
            continue
        series = values[main.key]
        today[m] = float(series.get(main.day, math.nan))
        history = [
            float(v)
            for v in (series.get(main.day - dt.timedelta(days=7 * i)) for i in range(1, weeks + 1))
            if v is not None and not pd.isna(v)
        ]
        base[m] = float(pd.Series(history).median()) if history else math.nan
    return today, base


def chain_dimensions(main: EntityAnomaly) -> list[str]:
    """Where a change of ``main`` is broken down: a store's by category, country, channel
    and product; a category's by its products; a country, channel or product is the end."""
    if main.dimension == "store":
        return ["category", "country", "channel", "product"]
    return ["product"] if main.dimension == "category" else []


def cause_chain(inc: Incident, entities: Entities, daily: pd.DataFrame, weeks: int) -> None:
    """Fill the incident's funnel step, its chain of contributors, owner and stake."""
    main = inc.main
    today, base = entity_counts(main, entities, daily, weeks)
    metric = main.metric
    if len(FUNNEL.get(metric, ())) > 1:
        terms = funnel_terms(metric, today, base)
        if terms:
            name, lg, _ = max(terms, key=lambda t: abs(t[2]))
            inc.step = (name, lg)
            metric = STEP_COUNT[name]
    metric = {"ctr": "clicks", "inquiry_rate": "inquiries"}.get(metric, metric)
    needed = {main.day - dt.timedelta(days=7 * i) for i in range(weeks + 1)}
    for dim in chain_dimensions(main):
        frame = entities.rows_on((dim, metric), needed)
        if frame is None:
            continue  # one value (or no data) in this dimension: no cause there
        if dim == "product" and main.dimension == "category":
            frame = frame[frame["key"].map(lambda p: entities.category_of.get(p) == main.key)]
        labels = entities.labels.get(dim, {})
        items = contributions(frame, main.day, weeks, dim, labels)
        link = normalised(items, inc.direction, dim, 3 if dim == "product" else 2)
        if dim == "product":
            link = [
                Share(s.dimension, s.key, s.label, s.share, entities.owners.get(s.key))
                for s in link
            ]
        if link:
            inc.chain.append(link)
    if main.dimension == "product":
        inc.owner = entities.owners.get(main.key)
    inc.stake, inc.stake_unit = stake_of(inc, today, base)


def stake_of(
    inc: Incident, today: dict[str, float], base: dict[str, float]
) -> tuple[float | None, str | None]:
    """The leads (inquiries) lost or gained against the baseline, when the entity's
    inquiries moved; else its impressions; else the headline count."""
    for metric, unit in (("inquiries", "leads"), ("impressions", "impressions")):
        moved = [m for m in inc.headline if m.metric == metric]
        if moved:
            return abs(moved[0].value - moved[0].baseline), unit
        a, b = today.get(metric, math.nan), base.get(metric, math.nan)
        if not (pd.isna(a) or pd.isna(b)) and abs(a - b) >= 1:
            return abs(a - b), unit
    main = inc.main
    if main.metric in ENTITY_METRICS:
        unit = "leads" if main.metric == "inquiries" else main.metric
        return abs(main.value - main.baseline), unit
    return None, None


def find_incidents(
    daily: pd.DataFrame,
    store_found: dict[dt.date, list[Anomaly]],
    entity_found: dict[dt.date, list[EntityAnomaly]],
    entities: Entities,
    weeks: int,
    days: set[dt.date] | None = None,
) -> dict[dt.date, list[Incident]]:
    """Every day's incidents (of ``days``, when given: the days before are still read, for
    which incidents continue): the day's related anomalies as one, continued over consecutive
    days, with their cause chains; largest stake first."""
    groups: dict[dt.date, list[list[EntityAnomaly]]] = {}
    for day in sorted({*store_found, *entity_found}):
        members = store_members(store_found.get(day, [])) + entity_found.get(day, [])
        if members:
            groups[day] = day_groups(members, entities.category_of)
    out: dict[dt.date, list[Incident]] = {}
    for iid, start, day_n, group in link_days(groups):
        if days is not None and group[0].day not in days:
            continue
        inc = Incident(iid, start, group[0].day, day_n, group)
        cause_chain(inc, entities, daily, weeks)
        out.setdefault(inc.day, []).append(inc)
    for items in out.values():
        items.sort(key=lambda i: (-unit_rank(i), -(i.stake or 0), i.id))
    return out


def unit_rank(inc: Incident) -> int:
    """Leads before impressions (a lost inquiry outweighs any number of impressions)."""
    return 1 if inc.stake_unit == "leads" else 0
