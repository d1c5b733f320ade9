"""Charts as a reader sees them: the trend of a store with only a few days of data labels each
day once (the default time ticks fall every few hours there, repeating each date)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import vl_convert as vlc

from generator.render import charts


def x_labels(days: int) -> list[str]:
    index = [dt.date(2026, 12, 2) + dt.timedelta(days=i) for i in range(days)]
    series = pd.DataFrame(
        {"impressions": [1000.0 + 10 * i for i in range(days)], "impressions_base": [None] * days},
        index=index,
    )
    spec = charts.trend_chart(series, "impressions", "搜索曝光", "前 7 天中位数", "count")
    svg = vlc.vegalite_to_svg(spec)  # the same Vega that draws it in the browser
    return re.findall(r"<text[^>]*>(\d\d-\d\d)</text>", svg)


def test_a_three_day_trend_labels_each_day_once() -> None:
    assert x_labels(3) == ["12-02", "12-03", "12-04"]


def test_a_one_day_trend_labels_its_day() -> None:
    assert x_labels(1) == ["12-02"]
