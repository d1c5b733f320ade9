"""Metrics on hand-built frames: totals, rates from sums, baselines, roll-ups, tables."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from generator.analysis.metrics.products import (
    category_table,
    change_band,
    product_table,
    roll_up,
    store_totals,
)
from generator.analysis.metrics.registry import KPIS, METRICS

D = dt.date


def rows(day: dt.date, data: list[tuple[str, str, int, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file_id": 1,
                "period_start": day,
                "period_end": pd.Timestamp(day),
                "granularity": "day",
                "product_id": pid,
                "title": title,
                "owner": "张伟",
                "search_impressions": imp,
                "search_clicks": clk,
                "visitors": vis,
                "inquiries": inq,
                "tm_buyers": 0,
                "showcase": False,
                "in_p4p": True,
            }
            for pid, title, imp, clk, vis, inq in data
        ]
    )


def test_rates_come_from_summed_counts_not_averaged_rates() -> None:
    frame = rows(
        D(2026, 11, 1), [("1", "Solar lamp", 1000, 10, 10, 1), ("2", "Patio chair", 10, 5, 5, 0)]
    )
    totals = store_totals(frame)
    day = totals.loc[D(2026, 11, 1)]
    assert day["impressions"] == 1010
    assert day["ctr"] == pytest.approx(15 / 1010)  # not the mean of 1% and 50%
    assert day["inquiry_rate"] == pytest.approx(1 / 15)


def test_a_zero_denominator_gives_a_missing_rate() -> None:
    totals = store_totals(rows(D(2026, 11, 1), [("1", "x", 0, 0, 0, 0)]))
    assert pd.isna(totals.loc[D(2026, 11, 1), "ctr"])


def daily_series(values: dict[dt.date, float]) -> pd.DataFrame:
    frame = pd.DataFrame({m: [np.nan] * len(values) for m in KPIS}, index=list(values))
    frame["impressions"] = list(values.values())
    frame["products"] = 1
    return frame


def test_a_week_without_its_export_is_summed_from_complete_days_only() -> None:
    days = [D(2026, 11, 1) + dt.timedelta(days=i) for i in range(10)]  # Sun 11-01 .. Tue 11-10
    daily = daily_series(dict.fromkeys(days, 10.0))
    for m in ("clicks", "visitors", "inquiries", "tm_buyers"):
        daily[m] = 1.0
    weekly = roll_up(daily, "week", store_totals(rows(D(2026, 11, 1), [])))
    assert list(weekly.index) == [D(2026, 11, 7)]  # the second week is incomplete
    assert weekly.loc[D(2026, 11, 7), "impressions"] == 70
    assert weekly.loc[D(2026, 11, 7), "source"] == "days"


def test_product_table_sorts_by_inquiries_then_impressions_and_keeps_last_period() -> None:
    cur = rows(
        D(2026, 11, 2),
        [
            ("1", "Solar lamp", 500, 5, 5, 0),
            ("2", "Patio chair", 100, 5, 5, 2),
            ("3", "Camping tent", 900, 9, 9, 0),
        ],
    )
    prev = rows(D(2026, 11, 1), [("1", "Solar lamp", 250, 5, 5, 1)])
    table = product_table(cur, D(2026, 11, 2), prev, lambda t: (t or "").split()[0])
    assert list(table["product_id"]) == ["2", "3", "1"]
    assert table.set_index("product_id").loc["1", "impressions_prev"] == 250
    assert pd.isna(table.set_index("product_id").loc["3", "impressions_prev"])
    cats = category_table(table)
    assert cats["impressions_share"].sum() == pytest.approx(1.0)
    assert cats.set_index("category").loc["Solar", "impressions_change"] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("change", "band"),
    [
        (0.05, "normal"),
        (-0.0501, "small"),
        (0.10, "small"),
        (0.1001, "clear"),
        (-0.2, "clear"),
        (0.2001, "large"),
        (None, "none"),
    ],
)
def test_change_bands_follow_the_playbook_at_their_edges(change: float | None, band: str) -> None:
    assert change_band(change, 0.05, 0.10, 0.20) == band


def test_every_kpi_has_a_definition_in_both_languages() -> None:
    for name in KPIS:
        m = METRICS[name]
        assert m.zh and m.en and m.formula_zh and m.formula_en
        if m.unit == "rate":
            assert m.numerator in METRICS and m.denominator in METRICS
