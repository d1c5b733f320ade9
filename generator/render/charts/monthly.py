"""The monthly review's charts: the product map (impressions against CTR) and the P4P growth
score over time with its target."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from ...foundation.formats import CHART_COUNT, CHART_RATE, chart_axis
from .. import charts


def product_map(
    frame: pd.DataFrame, label: Callable[[str], str], lang: str = "zh"
) -> dict[str, Any]:
    """Impressions against CTR, one dot per product sized by inquiries (``label``: a
    column's name for the reader)."""
    data = frame[["product_id", "title", "impressions", "ctr", "inquiries"]].copy()
    data = data[pd.to_numeric(data["impressions"], errors="coerce").fillna(0) > 0]
    data["title"] = data["title"].astype(str).str.slice(0, 60)
    return charts._with_data(
        _map_template(label("impressions"), label("ctr"), label("inquiries"), label("title"), lang),
        charts._records(data),
    )


@functools.lru_cache(maxsize=8)
def _map_template(imp: str, ctr: str, inq: str, title: str, lang: str) -> dict[str, Any]:
    return (
        alt.Chart(alt.Data(values=[]))
        .mark_circle(color=charts.BLUE, opacity=0.6)
        .encode(
            x=alt.X(
                "impressions:Q",
                title=imp,
                scale=alt.Scale(type="symlog"),
                axis=alt.Axis(**chart_axis("count", lang)),
            ),
            y=alt.Y("ctr:Q", title=ctr, axis=alt.Axis(**chart_axis("rate", "zh"))),
            size=alt.Size("inquiries:Q", title=inq, scale=alt.Scale(range=[15, 600])),
            tooltip=[
                alt.Tooltip("product_id:N", title="ID"),
                alt.Tooltip("title:N", title=title),
                alt.Tooltip("impressions:Q", title=imp, format=CHART_COUNT),
                alt.Tooltip("ctr:Q", title=ctr, format=CHART_RATE),
                alt.Tooltip("inquiries:Q", title=inq, format=CHART_COUNT),
            ],
        )
        .properties(width="container", height=320, title=f"{imp} × {ctr}")
        .to_dict(validate=False)
    )


@functools.lru_cache(maxsize=8)
def _growth_template(
    label: str, date_label: str, target: float, level_label: str
) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[]))
    line = base.mark_line(point=True, color=charts.BLUE).encode(
        x=alt.X("date:T", title=date_label),
        y=alt.Y("growth_score:Q", title=label, scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("date:T", title=date_label),
            alt.Tooltip("growth_score:Q", title=label),
            alt.Tooltip("level:N", title=level_label),
        ],
    )
    rule = (
        alt.Chart(alt.Data(values=[{"target": target}]))
        .mark_rule(color=charts.ORANGE, strokeDash=[4, 3])
        .encode(y="target:Q")
    )
    return (
        (line + rule).properties(width="container", height=200, title=label).to_dict(validate=False)
    )


def growth_chart(
    history: pd.DataFrame, label: str, date_label: str, target: float, level_label: str = "Level"
) -> dict[str, Any]:
    """The score over time (top-level data) with the target as a dashed rule."""
    spec = _growth_template(label, date_label, target, level_label)
    layers = [dict(layer) for layer in spec["layer"]]
    layers[0].pop("data", None)  # the line takes the chart's data
    return charts._with_data(spec, charts._records(history), layer=layers)
