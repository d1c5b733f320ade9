"""A day's anomalies (issue 4) as the daily analysis reads them: the products' categories, the
dimensions an anomaly's cause is looked for in, every day's store anomalies with their causes
and incidents, and each as the to-do line says it."""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable

import pandas as pd

from ..config import Settings
from ..foundation.formats import fmt_change, fmt_rate
from ..i18n import translate
from ..inputs import Inputs
from .day_facts import AnomalyFact
from .day_incidents import entity_found, incident_entities, incidents_on
from .memo import Horizon, Memo, frame_digest, key_of, recall
from .metrics.anomalies import SOURCE, Anomaly, find_anomalies
from .metrics.entities import Entities, EntityAnomaly, counted_products, lookback_days
from .metrics.incidents import Incident
from .metrics.products import categorise as categorise_title
from .metrics.products import uncategorised
from .metrics.registry import METRICS


def categorise(title: str | None, settings: Settings) -> str:
    """A product's category from its title (the first of ``settings.categories`` whose words
    it contains)."""
    return categorise_title(title, settings.categories, uncategorised(settings.language))


def categoriser(settings: Settings) -> Callable[[str | None], str]:
    """:func:`categorise` for many titles: each distinct title is looked up once."""
    seen: dict[str, str] = {}

    def of(title: str | None) -> str:
        key = title or ""
        if key not in seen:
            seen[key] = categorise(title, settings)
        return seen[key]

    return of


def anomaly_dimensions(sheets: dict[str, pd.DataFrame]) -> list[tuple[str, str, pd.DataFrame]]:
    """Countries (买家地域) and channels (流量来源) as causes, where the sheets have them."""
    out = []
    sources = (
        (
            "regions",
            "country",
            {
                "impressions": "search_impressions",
                "clicks": "search_clicks",
                "visitors": "visitors",
                "inquiries": "inquiry_buyers",
            },
        ),
        (
            "traffic_sources",
            "channel",
            {"visitors": "store_visitors", "inquiries": "inquiry_buyers"},
        ),
    )
    for kind, dim, cols in sources:
        frame = sheets.get(kind, pd.DataFrame())
        if frame.empty:
            continue
        dated = pd.to_datetime(frame["date"]).dt.date
        for metric, col in cols.items():
            if col in frame and frame[col].notna().any():
                values = pd.DataFrame({"date": dated, "key": frame[dim], "value": frame[col]})
                out.append((metric, dim, values))
    return out


def categories_of(rows: pd.DataFrame, settings: Settings) -> dict[str, str]:
    """A product's category from its last row's title: one lookup per product, not per row."""
    last = rows.drop_duplicates("product_id", keep="last") if len(rows) else rows
    of = categoriser(settings)
    return (
        {str(p): of(t) for p, t in zip(last["product_id"], last["title"], strict=True)}
        if len(last)
        else {}
    )


# the frames a day's anomalies and incidents read, up to that day (analysis/memo.py)
ANOMALY_FRAMES = ("day_rows", "sheet:regions", "sheet:traffic_sources")


def compute_anomalies(
    inputs: Inputs,
    daily: pd.DataFrame,
    settings: Settings,
    memo: Memo | None = None,
    horizon: Horizon | None = None,
) -> tuple[dict[dt.date, list[Anomaly]], dict[dt.date, list[Incident]]]:
    """Every day's store anomalies with causes, from the first day with data to the as-of
    date (a day with no file is reported as missing), and every day's incidents (anomalies of
    the store, categories, countries, channels and top products, merged). With a ``memo``,
    a day whose inputs up to that day (and the store-wide labels) are those of its kept
    anomalies is not looked at again: a day's anomalies read only that day and the weeks
    before it."""
    days = [day for day in daily.index if day <= inputs.as_of]
    if days:
        first = daily["impressions"].first_valid_index()
        days = [day for day in days if first is not None and day >= first]
    rows = inputs.day_rows
    category_of = categories_of(rows, settings)
    # the categories as a cause only when there are two or more (else 未分类 is no cause)
    several = len(set(category_of.values())) > 1
    dimensions = anomaly_dimensions(inputs.sheets)
    causes = [d for d in dimensions if d[2]["key"].nunique() > 1]
    counted = counted_products(rows)  # the whole history's: for the keys and the entities
    made: dict[dt.date | None, Entities] = {}

    def entities(todo: list[dt.date]) -> Entities:
        """Built when a day is looked at, from the days those days read (a new day's
        anomalies cost its weeks, not the whole history), once for each such start."""
        since: dt.date | None = min(todo) - dt.timedelta(days=lookback_days(settings.anomaly_weeks))
        if not days or since <= days[0]:
            since = None
        if since not in made:
            made[since] = incident_entities(
                inputs, daily, category_of, dimensions, settings, since=since, counted=counted
            )
        return made[since]

    def look(todo: list[dt.date]) -> dict[dt.date, Found]:
        if not todo:
            return {}
        store = find_anomalies(
            daily,
            rows.assign(product_id=rows["product_id"].astype(str)) if len(rows) else rows,
            todo,
            weeks=settings.anomaly_weeks,
            k=settings.anomaly_k,
            min_change=settings.anomaly_min_change,
            category_of=category_of if several else None,
            dimensions=causes,
        )
        found = entity_found(entities(todo), settings, todo)
        return {d: (store.get(d, []), found.get(d, [])) for d in todo}

    @functools.cache  # one set of keys for the anomalies and the incidents
    def keys(code: str, h: Horizon) -> dict[dt.date, str]:
        wide = (sorted(category_of.items()), several, _present(dimensions))
        return anomaly_keys(days, code, settings, h, rows, wide, counted)

    per_day = recall(memo, horizon, "anomalies:day", days, keys, look)
    anomalies = {d: store for d, (store, _) in per_day.items() if store}
    found = {d: ents for d, (_, ents) in per_day.items() if ents}

    def link(todo: list[dt.date]) -> dict[dt.date, list[Incident]]:
        if not todo:
            return {}
        got = incidents_on(daily, anomalies, found, entities(todo), settings, todo)
        return {d: got.get(d, []) for d in todo}

    per_day_incidents = recall(memo, horizon, "incidents:day", days, keys, link)
    return anomalies, {d: items for d, items in per_day_incidents.items() if items}


Found = tuple[list[Anomaly], list[EntityAnomaly]]  # a day's store and entity anomalies


def _present(dimensions: list[tuple[str, str, pd.DataFrame]]) -> list[tuple[str, str, bool]]:
    """Which countries' and channels' metrics have two keys or more over the whole history
    (only those are entities and causes)."""
    return [(m, d, f.dropna(subset=["value"])["key"].nunique() > 1) for m, d, f in dimensions]


def anomaly_keys(
    days: list[dt.date],
    code: str,
    settings: Settings,
    horizon: Horizon,
    rows: pd.DataFrame,
    wide: object,
    counted: dict[str, set[str]],
) -> dict[dt.date, str]:
    """What each day's anomalies and incidents are made of: the code, the settings, every row
    of the products, countries and channels up to that day, and what is read store-wide
    (``wide``: the categories; and here each product's latest title and owner, and which
    counts have two products or more: ``counted``, :func:`counted_products` of ``rows``)."""
    last = rows.drop_duplicates("product_id", keep="last") if len(rows) else rows
    named = last[[c for c in ("product_id", "title", "owner") if c in last.columns]]
    if len(named):  # by product, whatever order the rows came in
        order = named["product_id"].astype(str).to_numpy().argsort(kind="stable")
        named = named.iloc[order].reset_index(drop=True)
    counts = [(col, len(counted.get(col, ())) > 1) for col in SOURCE.values()]
    whole = key_of(code, settings, frame_digest(named), counts, wide)
    return {d: key_of(whole, d, horizon.upto(d, ANOMALY_FRAMES)) for d in days}


def anomaly_fact(a: Anomaly, lang: str) -> AnomalyFact:
    """An anomaly as its to-do line says it: the metric, which way, how much, the main cause."""
    if a.missing:
        return AnomalyFact("data", missing=True)
    top = a.contributors[0] if a.contributors else None
    if top is not None:
        cause = f"{translate('dim_' + top.dimension, lang)} {top.key} ({fmt_rate(top.share)})"
    elif a.funnel:
        step = max(a.funnel, key=lambda st: abs(st[2]))
        cause = f"{translate('step_' + step[0], lang)} {fmt_change(math.expm1(step[1]))}"
    else:
        cause = "—"
    return AnomalyFact(
        a.metric,
        label=METRICS[a.metric].label(lang),
        direction_text=translate("went_up" if a.direction == "up" else "went_down", lang),
        change_text=fmt_change(abs(a.change or 0)).lstrip("+"),
        cause_short=cause,
    )
