"""Altair chart specs. Each chart's spec is built by Altair once per shape (cached), without
schema validation at build time (``to_dict(validate=False)``: tests/test_chart_specs.py
validates every chart kind the demo site draws against the Vega-Lite schema), then each page's
data is put into a copy: fast for hundreds of pages, and deterministic (Altair ≥ 6 names params
by content). Drawn in the browser by the vendored Vega bundle.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import altair as alt
import pandas as pd

from ...foundation.formats import CHART_COUNT, chart_axis, chart_formats, chart_value
from ...foundation.values import records
from ..markup import is_missing

BLUE = "#1f6feb"
GREY = "#8c959f"
ORANGE = "#d4701c"


def _chart_cell(v: Any) -> Any:
    if type(v) is float:  # the usual cell, without the general checks: NaN is missing
        return None if v != v else chart_value(v)
    if is_missing(v):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return chart_value(v) if isinstance(v, float) else v


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _chart_cell(v) for k, v in rec.items()} for rec in records(frame)]


def _with_data(
    template: dict[str, Any], records: list[dict[str, Any]], **patch: Any
) -> dict[str, Any]:
    spec = copy.deepcopy(template)
    spec["data"] = {"values": records}
    spec.update(patch)
    return spec


DAY_TICKS_UP_TO = 14  # days: a trend this short is labelled day by day


@functools.lru_cache(maxsize=256)
def _trend_template(
    label: str,
    baseline_label: str,
    unit: str,
    height: int,
    band_label: str,
    lang: str,
    date_label: str,
) -> dict[str, Any]:
    fmt, axis = chart_formats(unit, lang)
    base = alt.Chart(alt.Data(values=[])).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%m-%d", labelOverlap=True))
    )
    line = base.mark_line(
        color=BLUE, strokeWidth=2, point=alt.OverlayMarkDef(size=12, color=BLUE)
    ).encode(
        y=alt.Y("value:Q", title=label, axis=alt.Axis(**axis)),
        tooltip=[
            alt.Tooltip("date:T", title=date_label, format="%Y-%m-%d"),
            alt.Tooltip("value:Q", title=label, format=fmt),
            alt.Tooltip("baseline:Q", title=baseline_label, format=fmt),
        ],
    )
    median = base.mark_line(color=GREY, strokeDash=[4, 3], strokeWidth=1.5).encode(y="baseline:Q")
    band = base.mark_area(color=GREY, opacity=0.18).encode(
        y="low:Q",
        y2="high:Q",
        tooltip=[
            alt.Tooltip("low:Q", title=f"{band_label} ↓", format=fmt),
            alt.Tooltip("high:Q", title=f"{band_label} ↑", format=fmt),
        ],
    )
    return (
        alt.layer(band, median, line)
        .properties(width="container", height=height, title=label)
        .to_dict(validate=False)
    )


def trend_chart(
    series: pd.DataFrame,
    metric: str,
    label: str,
    baseline_label: str,
    unit: str,
    height: int = 140,
    band_label: str = "normal range",
    lang: str = "zh",
    date_label: str = "Date",
) -> dict[str, Any]:
    """A metric's daily value (solid), its baseline (dashed) and its normal band (shaded: the
    same weekday's median ± k·MAD), with tooltips."""
    nan = [None] * len(series)
    frame = pd.DataFrame(
        {
            "date": list(series.index),
            "value": series[metric].to_numpy(),
            "baseline": series[f"{metric}_base"].to_numpy(),
            "low": series[f"{metric}_low"].to_numpy() if f"{metric}_low" in series else nan,
            "high": series[f"{metric}_high"].to_numpy() if f"{metric}_high" in series else nan,
        }
    )
    spec = _with_data(
        _trend_template(label, baseline_label, unit, height, band_label, lang, date_label),
        _records(frame),
    )
    if 0 < len(frame) <= DAY_TICKS_UP_TO:
        # a short history gets one tick a day: the default time ticks fall every few hours
        # there, and the axis would repeat each date (12-02 12-02 12-02 12-03 …)
        days = [
            {"year": d.year, "month": d.month, "date": d.day, "utc": True}
            for d in pd.to_datetime(pd.Series(frame["date"]))
        ]
        for layer in spec["layer"]:
            x = layer["encoding"]["x"]
            x["axis"] = {**x.get("axis", {}), "values": days}
    return spec


@functools.lru_cache(maxsize=256)
def _bars_template(label: str, period_label: str, unit: str, lang: str) -> dict[str, Any]:
    fmt, axis = chart_formats(unit, lang)
    return (
        alt.Chart(alt.Data(values=[]))
        .mark_bar()
        .encode(
            x=alt.X("period:N", title=None, sort=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("value:Q", title=label, axis=alt.Axis(**axis)),
            color=alt.condition("datum.current", alt.value(BLUE), alt.value("#b6c8e6")),
            tooltip=[
                alt.Tooltip("period:N", title=period_label),
                alt.Tooltip("value:Q", title=label, format=fmt),
            ],
        )
        .properties(width="container", height=160, title=label)
        .to_dict(validate=False)
    )


def period_bars(
    frame: pd.DataFrame,
    metric: str,
    label: str,
    period_label: str,
    unit: str,
    highlight: str,
    lang: str = "zh",
) -> dict[str, Any]:
    """One bar per period (week or month), the current one highlighted."""
    data = pd.DataFrame(
        {"period": frame["period"], "value": frame[metric], "current": frame["period"] == highlight}
    )
    return _with_data(_bars_template(label, period_label, unit, lang), _records(data))


@functools.lru_cache(maxsize=64)
def _category_template(label: str, category_label: str, lang: str) -> dict[str, Any]:
    return (
        alt.Chart(alt.Data(values=[]))
        .mark_bar(color=ORANGE)
        .encode(
            y=alt.Y("category:N", title=None, sort="-x"),
            x=alt.X("value:Q", title=label, axis=alt.Axis(**chart_axis("count", lang))),
            tooltip=[
                alt.Tooltip("category:N", title=category_label),
                alt.Tooltip("value:Q", title=label, format=CHART_COUNT),
            ],
        )
        .properties(width="container", height=80, title=label)
        .to_dict(validate=False)
    )


def category_bars(
    frame: pd.DataFrame, metric: str, label: str, category_label: str, lang: str = "zh"
) -> dict[str, Any]:
    """Horizontal bars: one category each, sorted by the metric."""
    data = frame[["category", metric]].rename(columns={metric: "value"})
    return _with_data(
        _category_template(label, category_label, lang),
        _records(data),
        height=max(80, 24 * len(data)),
    )
