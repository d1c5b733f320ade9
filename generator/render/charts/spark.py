"""A KPI tile's sparkline: the last few weeks of one metric as a thin line, no axes, a
tooltip with the day and the value (the home page's tiles). Built by Altair once per shape,
each tile's data put into a copy (like the other charts)."""

from __future__ import annotations

import functools
from typing import Any

import altair as alt
import pandas as pd

from ...foundation.formats import chart_tooltip
from . import BLUE, _records, _with_data

SPARK_HEIGHT = 28  # px: a tile stays a tile


@functools.lru_cache(maxsize=64)
def _spark_template(label: str, date_label: str, unit: str) -> dict[str, Any]:
    fmt = chart_tooltip(unit)
    line = (
        alt.Chart(alt.Data(values=[]))
        .mark_line(color=BLUE, strokeWidth=1.5, point=False)
        .encode(
            x=alt.X("date:T", axis=None),
            y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("date:T", title=date_label, format="%Y-%m-%d"),
                alt.Tooltip("value:Q", title=label, format=fmt),
            ],
        )
    )
    last = (
        line.mark_point(color=BLUE, filled=True, size=14)
        .transform_window(n="row_number()", sort=[alt.SortField("date", order="descending")])
        .transform_filter("datum.n == 1")
    )
    chart = (
        alt.layer(line, last)
        .properties(width="container", height=SPARK_HEIGHT)
        .configure_view(strokeWidth=0)
        .configure(padding=0, background="transparent")
    )
    return chart.to_dict(validate=False)


def sparkline(series: pd.Series, label: str, date_label: str, unit: str) -> dict[str, Any]:
    """One metric's days (``series``: index dates) as a sparkline spec; missing days are gaps."""
    frame = pd.DataFrame({"date": list(series.index), "value": series.to_numpy()})
    return _with_data(_spark_template(label, date_label, unit), _records(frame))
