"""Periods compare like with like (issue 15): two complete months compare totals; a month
against an incomplete one (the store's first, 18-day September) compares per day, labelled;
too few days: no comparison. Hand-made daily totals and overview rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from generator.analysis import Analysis
from generator.analysis.metrics import weekly as wk
from generator.analysis.metrics.compare import add_comparisons
from generator.analysis.metrics.products import daily_calendar, roll_up, store_totals
from generator.analysis.metrics.registry import KPIS
from generator.config import Settings
from generator.inputs import Inputs
from generator.render.pages import Renderer

D = dt.date
NONE = pd.DataFrame()


def daily(spans: list[tuple[dt.date, dt.date, float]]) -> pd.DataFrame:
    """Daily store totals: ``per_day`` impressions (a tenth as clicks, visitors, a hundredth as
    inquiries) on every day of each span; a calendar from the first day to the last."""
    values: dict[dt.date, float] = {}
    for first, last, per_day in spans:
        for i in range((last - first).days + 1):
            values[first + dt.timedelta(days=i)] = per_day
    frame = pd.DataFrame({m: [np.nan] * len(values) for m in KPIS}, index=list(values))
    frame["impressions"] = list(values.values())
    frame["clicks"] = frame["visitors"] = frame["impressions"] / 10
    frame["inquiries"] = frame["impressions"] / 100
    frame["tm_buyers"] = 0.0
    frame["products"] = 1
    return daily_calendar(frame, min(values), max(values))


def months(spans: list[tuple[dt.date, dt.date, float]]) -> pd.DataFrame:
    cal = daily(spans)
    no_exports = store_totals(pd.DataFrame())
    return add_comparisons(roll_up(cal, "month", no_exports), cal, "month")


def kpi_table(row: pd.Series, sides: tuple[str, ...] = ("prev",)) -> str:
    r = Renderer(Settings(), Analysis(Inputs(as_of=D(2026, 11, 5)), NONE, NONE, NONE))
    return r.compared_kpi_table(r.kpi_rows(row, sides), row, "baseline", sides)


OCT = D(2026, 10, 31)


def test_a_month_against_an_18_day_month_compares_per_day_and_says_so() -> None:
    got = months([(D(2026, 9, 13), D(2026, 9, 30), 100.0), (D(2026, 10, 1), OCT, 110.0)])
    assert list(got.index) == [OCT]  # September stays without a page of its own
    row = got.loc[OCT]
    assert row["prev_basis"] == "per_day" and row["prev_days"] == 18
    assert row["impressions_prev"] == 1800  # the previous total as it is
    # per day: 110 against 100, not 3,410 against 1,800 (+89.4 %)
    assert row["impressions_vs_prev"] == pytest.approx(0.10)
    assert row["inquiries_vs_prev"] == pytest.approx(0.10)
    assert row["ctr_vs_prev"] == pytest.approx(0.0)  # a rate compares the same either way
    page = kpi_table(row)
    assert "环比（日均）" in page and "+10.0%" in page and "+89.4%" not in page
    assert "上期（2026-09-01 至 2026-09-30，30 天）只有 18 天的数据" in page


def test_two_complete_months_compare_their_totals() -> None:
    got = months([(D(2026, 9, 1), D(2026, 9, 30), 100.0), (D(2026, 10, 1), OCT, 110.0)])
    row = got.loc[OCT]
    assert row["prev_basis"] == "total"
    assert row["impressions_vs_prev"] == pytest.approx(3410 / 3000 - 1)
    page = kpi_table(row)
    assert ">环比<" in page and "日均" not in page and "只有" not in page
    assert "+13.7%" in page


def test_a_few_days_before_are_no_comparison_at_all() -> None:
    got = months([(D(2026, 9, 25), D(2026, 9, 30), 100.0), (D(2026, 10, 1), OCT, 110.0)])
    row = got.loc[OCT]
    assert row["prev_basis"] == "short" and pd.isna(row["impressions_vs_prev"])
    page = kpi_table(row)
    assert "环比（无法比较）" in page and "只有 6 天的数据，少于 7 天：无法比较" in page


def test_year_over_year_against_an_incomplete_month_is_per_day() -> None:
    got = months(
        [
            (D(2025, 10, 22), D(2025, 10, 31), 50.0),  # the store began on 2025-10-22
            (D(2025, 11, 1), D(2026, 9, 30), 80.0),
            (D(2026, 10, 1), OCT, 110.0),
        ]
    )
    row = got.loc[OCT]
    assert row["ly_basis"] == "per_day" and row["ly_days"] == 10
    assert row["impressions_vs_ly"] == pytest.approx(110 / 50 - 1)
    assert row["prev_basis"] == "total"  # September is complete
    page = kpi_table(row, ("prev", "ly"))
    assert ">环比<" in page and "同比（日均）" in page and "+120.0%" in page
    assert "去年同月（2025-10-01 至 2025-10-31，31 天）只有 10 天的数据" in page


def overview(spans: list[tuple[dt.date, dt.date, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"date": day, "subject": "我的", "store_visitors": v, "search_impressions": 10 * v}
            for first, last, v in spans
            for day in pd.date_range(first, last)
        ]
    )


def test_the_peer_table_compares_an_18_day_month_per_day() -> None:
    rows = overview([(D(2026, 9, 13), D(2026, 9, 30), 30), (D(2026, 10, 1), OCT, 30)])
    table = wk.peer_table(rows, D(2026, 10, 1), OCT, D(2026, 9, 1), D(2026, 9, 30))
    v = table.set_index("metric").loc["store_visitors"]
    assert (v["mine"], v["previous"]) == (930, 540)  # totals shown as they are
    assert v["basis"] == "per_day" and v["change"] == pytest.approx(0.0)  # not +72.2 %
    full = overview([(D(2026, 9, 1), D(2026, 9, 30), 30), (D(2026, 10, 1), OCT, 30)])
    whole = wk.peer_table(full, D(2026, 10, 1), OCT, D(2026, 9, 1), D(2026, 9, 30))
    w = whole.set_index("metric").loc["store_visitors"]
    assert w["basis"] == "total" and w["change"] == pytest.approx(930 / 900 - 1)


def test_visitors_of_a_month_export_are_not_compared_with_a_sum_of_days() -> None:
    """A month's export counts a buyer once; September summed from its days counts them each
    day: impressions compare, visitors and the inquiry rate do not (and the page says why)."""
    cal = daily([(D(2026, 9, 1), D(2026, 9, 30), 100.0)])
    export = pd.DataFrame(
        [{"period_start": D(2026, 10, 1), "products": 1, "source": "export"}], index=[OCT]
    )
    for m, v in {"impressions": 3100, "clicks": 310, "visitors": 200, "inquiries": 31}.items():
        export[m] = float(v)
    export["tm_buyers"] = 0.0
    got = add_comparisons(roll_up(cal, "month", export), cal, "month").loc[OCT]
    assert got["prev_basis"] == "total" and got["prev_mixed"]
    assert got["impressions_vs_prev"] == pytest.approx(3100 / 3000 - 1)
    assert pd.isna(got["visitors_vs_prev"]) and pd.isna(got["inquiry_rate_vs_prev"])
    assert got["ctr_vs_prev"] == pytest.approx(0.0)
    page = kpi_table(got)
    assert ">环比<" in page and "访客数、TM咨询人数和询盘转化率不比" in page
