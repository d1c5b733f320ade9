"""One way of writing numbers (generator/foundation/formats.py): money with 2 decimals, shares
and hours with 1, counts whole, 万 for large counts in the Chinese site's text and cards,
tables with full numbers, chart tooltips that write what the table writes and chart axes in
万 (zh) or k/M (en); and on a built site the same figure reads the same on a card, in a table
and in the chart's data and tooltip format."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.foundation.formats import (
    chart_axis,
    chart_tooltip,
    chart_value,
    fmt,
    fmt_text,
)
from generator.render.charts import trend_chart
from generator.render.downloads import header_with_unit
from generator.render.todo import amount

if TYPE_CHECKING:
    from conftest import BuiltDemo


@pytest.mark.parametrize(
    ("value", "kind", "table", "zh_text", "en_text"),
    [
        # money: 元 (and US$) with separators and 2 decimals, in tables and text alike
        (1039.25, "yuan", "1,039.25", "1,039.25", "1,039.25"),
        (1039.0, "yuan", "1,039.00", "1,039.00", "1,039.00"),
        (4.14, "yuan", "4.14", "4.14", "4.14"),
        (1234.5, "usd", "US$1,234.50", "US$1,234.50", "US$1,234.50"),
        # shares: one decimal
        (0.7, "rate", "70.0%", "70.0%", "70.0%"),
        (0.123456, "rate", "12.3%", "12.3%", "12.3%"),
        # hours: one decimal (8.41 / 4.367 / 0.9586 were written as they came)
        (8.41, "hours", "8.4", "8.4", "8.4"),
        (4.367, "hours", "4.4", "4.4", "4.4"),
        (0.9586, "hours", "1.0", "1.0", "1.0"),
        # counts: whole, a median of counts too (39.5 visitors → 40, as the chart rounds)
        (37207, "count", "37,207", "37,207", "37,207"),
        (39.5, "count", "40", "40", "40"),
        (38.5, "count", "39", "39", "39"),
        # 万 from 100,000 in the Chinese site's text and cards; tables keep the full number
        (103456, "count", "103,456", "10.3万", "103,456"),
        (99999, "count", "99,999", "99,999", "99,999"),
        (None, "count", "—", "—", "—"),
        (float("inf"), "rate", "—", "—", "—"),
    ],
)
def test_each_kind_reads_one_way_in_tables_and_in_text(
    value: Any, kind: str, table: str, zh_text: str, en_text: str
) -> None:
    assert fmt(value, kind) == table
    assert fmt_text(value, kind, "zh") == zh_text
    assert fmt_text(value, kind, "en") == en_text


def test_a_todo_stake_reads_as_the_table_writes_it() -> None:
    """The same spend read 1039.25 元 in a to-do line and 1,039 in the table."""
    assert amount(1039.25, "yuan", "zh") == fmt(1039.25, "yuan") == "1,039.25"
    assert amount(4.14, "yuan", "en") == "4.14"
    assert amount(250_000, "impressions", "zh") == "25.0万"
    assert amount(250_000, "impressions", "en") == "250,000"


def test_download_headers_carry_the_unit_of_their_raw_numbers() -> None:
    assert header_with_unit("花费", "yuan") == "花费（元）"
    assert header_with_unit("花费（元）", "yuan") == "花费（元）"  # not twice
    assert header_with_unit("Spend", "yuan") == "Spend (CNY)"
    assert header_with_unit("推广时长", "hours") == "推广时长（小时）"
    assert header_with_unit("点击", "count") == "点击"
    assert header_with_unit("Avg first reply (h)", "hours") == "Avg first reply (h)"
    assert header_with_unit("Hours a day", "hours") == "Hours a day"
    assert header_with_unit("GMV", "usd") == "GMV (USD)"


def test_chart_tooltips_use_the_table_format_and_axes_万_or_k_m() -> None:
    assert chart_tooltip("count") == ",.0f"  # d3: 37,207
    assert chart_tooltip("rate") == ".1%"  # d3: 70.0%
    assert chart_tooltip("yuan") == ",.2f"  # d3: 1,039.25
    assert chart_tooltip("hours") == ",.1f"
    zh, en = chart_axis("count", "zh")["labelExpr"], chart_axis("count", "en")["labelExpr"]
    assert "10000" in zh and "'万'" in zh and "'k'" not in zh and "'M'" not in zh
    assert "'k'" in en and "'M'" in en and "万" not in en
    assert chart_axis("rate", "zh") == chart_axis("rate", "en") == {"format": ".0%"}


def test_chart_data_keeps_a_count_exact() -> None:
    """A tooltip said 37,210 beside a card's 37,207: the chart's data was cut to 4 digits."""
    assert chart_value(37207.0) == 37207
    assert chart_value(1234567.0) == 1234567
    assert chart_value(0.123456789) == pytest.approx(0.123457)


def test_a_charts_axis_reads_万_on_the_chinese_site_and_k_on_the_english_one() -> None:
    """Drawn by the real Vega (vl-convert, offline): the axis labels, and the data a tooltip
    reads (exact: 37,207, not 37,210)."""
    import pandas as pd
    import vl_convert

    days = pd.date_range("2026-11-01", periods=5)
    series = pd.DataFrame(
        {"v": [37207.0, 52000.0, 61000.0, 45000.0, 30000.0], "v_base": [39.5] * 5},
        index=[d.date() for d in days],
    )
    labels = {}
    for lang in ("zh", "en"):
        spec = trend_chart(series, "v", "v", "b", "count", lang=lang)
        assert spec["data"]["values"][0]["value"] == 37207
        svg = vl_convert.vegalite_to_svg(spec)
        labels[lang] = set(re.findall(r">([0-9.]+(?:万|k|M))</text>", svg))
    assert labels["zh"] and all(t.endswith("万") for t in labels["zh"]), labels
    assert labels["en"] and all(t.endswith("k") for t in labels["en"]), labels


# -- on a built site --------------------------------------------------------------------------

_CARD = re.compile(
    r'ops-kpi-label">([^<]+)</div><div class="ops-kpi-value">([^<]+)</div>'
    r'<div class="ops-kpi-change">[^<]*· [^<]* ([^<· ]+)</div>'
)
_CHART = re.compile(r"data-spec='([^']*)'")
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r'<td class="[^"]*col-([a-z_0-9]+)[^"]*"[^>]*>(?:<a [^>]*>)?([^<]*)')


def _charts(page: str) -> dict[str, dict[str, Any]]:
    """A page's charts by title (the first of a title)."""
    out: dict[str, dict[str, Any]] = {}
    for m in _CHART.findall(page):
        spec = json.loads(html.unescape(m))
        out.setdefault(str(spec.get("title")), spec)
    return out


def _rows(page: str) -> list[dict[str, str]]:
    return [dict(_CELL.findall(row)) for row in _ROW.findall(page)]


def _tooltip_format(spec: dict[str, Any], field: str) -> str | None:
    for layer in spec.get("layer", [spec]):
        for tip in layer.get("encoding", {}).get("tooltip", []):
            if tip.get("field") == field:
                return tip.get("format")
    return None


def _d3(value: float, spec: str) -> str:
    """The d3-formats of amounts as Vega writes them (JavaScript's toFixed: the exact
    binary value, a tie away from zero)."""
    from decimal import ROUND_HALF_UP, Decimal

    digits = {",.0f": 0, ",.1f": 1, ",.2f": 2}[spec]
    q = Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return f"{q:,.{digits}f}"


def test_a_days_figures_read_the_same_on_cards_tables_and_charts(built_demo: BuiltDemo) -> None:
    """The last day: each KPI's value and baseline read the same on the home page's card, in
    the day page's KPI table and in the trend chart's tooltip (its last point in its format)."""
    content = Path(built_demo.workspace.content)
    day = built_demo.as_of.isoformat()
    home = (content / "index.md").read_text(encoding="utf-8")
    page = (content / "daily" / f"{day}.md").read_text(encoding="utf-8")
    cards = {label: (value, base) for label, value, base in _CARD.findall(home)}
    assert len(cards) >= 5, f"KPI cards not found on the home page: {cards}"
    table = {r["metric"]: r for r in _rows(page) if "metric" in r and "value" in r}
    charts = {**_charts(page), **_charts(home)}
    on_card = on_chart = 0
    for label, (value, base) in cards.items():
        row = table.get(html.escape(label))
        if row is None:
            continue
        assert (row["value"], row["baseline"]) == (value, base), (label, row, value, base)
        on_card += 1
        # a share with one decimal (70.0%), a count whole (a median of counts too)
        pattern = r"[0-9]+\.[0-9]%" if value.endswith("%") else r"[0-9,]+(\.[0-9]万)?"
        assert all(re.fullmatch(pattern, v) for v in (value, base)), (label, value, base)
        chart = charts.get(label)
        if chart is None or _tooltip_format(chart, "value") != ",.0f":
            continue
        last = chart["data"]["values"][-1]
        assert str(last["date"])[:10] == day
        assert _d3(last["value"], ",.0f") == value, (label, last, value)
        assert _tooltip_format(chart, "baseline") == ",.0f"
        assert _d3(last["baseline"], ",.0f") == base, (label, last, base)
        on_chart += 1
    assert on_card >= 5 and on_chart >= 2, (on_card, on_chart, sorted(charts))


def test_a_weeks_figures_read_the_same_in_text_tables_and_charts(built_demo: BuiltDemo) -> None:
    """The last week: its impressions in the KPI table, the peers' table and the bars' data;
    its P4P CPC in the lead's sentence and the CPC chart's tooltip; money with 2 decimals and
    hours with 1 in the P4P tables."""
    content = Path(built_demo.workspace.content)
    page = (content / "weekly" / f"{built_demo.as_of.isoformat()}.md").read_text(encoding="utf-8")
    rows = _rows(page)
    charts = _charts(page)

    kpi = next(r for r in rows if r.get("metric") == "搜索曝光")
    peers = next(r for r in rows if r.get("label") == "搜索曝光次数")
    bars = charts["搜索曝光"]
    week = next(r for r in bars["data"]["values"] if r.get("current"))
    assert _tooltip_format(bars, "value") == ",.0f"
    assert kpi["value"] == peers["mine"] == _d3(week["value"], ",.0f"), (kpi, peers, week)

    lead = re.search(r"平均点击花费 ([0-9,]+\.[0-9]{2}) 元，日均推广 ([0-9.]+) 小时", page)
    assert lead, "the P4P lead does not write the CPC with 2 decimals and the hours with 1"
    cpc = charts["平均点击花费（元）"]
    assert _tooltip_format(cpc, "value") == ",.2f"
    assert _d3(cpc["data"]["values"][-1]["value"], ",.2f") == lead.group(1)
    assert re.fullmatch(r"[0-9]+\.[0-9]", lead.group(2)), lead.group(2)

    spend = [r["spend"] for r in rows if "spend" in r]
    hours = [r["hours_per_day"] for r in rows if "hours_per_day" in r]
    assert spend and all(re.fullmatch(r"[0-9,]+\.[0-9]{2}|—", c) for c in spend), spend
    assert hours and all(re.fullmatch(r"[0-9,]+\.[0-9]|—", c) for c in hours), hours
