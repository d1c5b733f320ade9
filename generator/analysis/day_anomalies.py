"""A day's anomalies (issue 4) as the daily analysis reads them: the products' categories, the
dimensions an anomaly's cause is looked for in, every day's store anomalies with their causes
and incidents, and each as the to-do line says it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd

from ..config import Settings
from ..foundation.formats import fmt_change, fmt_rate
from ..i18n import translate
from ..inputs import Inputs
from .day_facts import AnomalyFact
from .day_incidents import compute_incidents
from .metrics.anomalies import Anomaly, find_anomalies
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


def compute_anomalies(
    inputs: Inputs, daily: pd.DataFrame, settings: Settings
) -> tuple[dict[dt.date, list[Anomaly]], dict[dt.date, list[Incident]]]:
    """Every day's store anomalies with causes, from the first day with data to the as-of
    date (a day with no file is reported as missing), and every day's incidents (anomalies of
    the store, categories, countries, channels and top products, merged)."""
    days = [day for day in daily.index if day <= inputs.as_of]
    if days:
        first = daily["impressions"].first_valid_index()
        days = [day for day in days if first is not None and day >= first]
    rows = inputs.day_rows
    category_of = categories_of(rows, settings)
    # the categories as a cause only when there are two or more (else 未分类 is no cause)
    several = len(set(category_of.values())) > 1
    dimensions = anomaly_dimensions(inputs.sheets)
    anomalies = find_anomalies(
        daily,
        rows.assign(product_id=rows["product_id"].astype(str)) if len(rows) else rows,
        days,
        weeks=settings.anomaly_weeks,
        k=settings.anomaly_k,
        min_change=settings.anomaly_min_change,
        category_of=category_of if several else None,
        dimensions=[d for d in dimensions if d[2]["key"].nunique() > 1],
    )
    incidents = compute_incidents(inputs, daily, anomalies, category_of, dimensions, settings)
    return anomalies, incidents


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
