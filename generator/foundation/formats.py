"""formats: every number format, once — how a number is written on a page (tables and text),
in a chart (Vega's d3-format strings for axes and tooltips, the precision of the data a page
carries) and in a download (CSV cells, XLSX number formats).

A format is named by a kind (``count``, ``rate``, ``change``, ``usd``, ``number``, ``date``,
``flag``, ``text``): a table column (:class:`generator.render.markup.Col`) says its kind, and
the page, the CSV and the XLSX each write it their way. Missing values show as ``—`` on a page
and as an empty cell in a download (never 0).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from .values import is_missing

MISSING = "—"


# -- on a page ------------------------------------------------------------------------------------
def fmt_count(value: Any) -> str:
    """12,345 (a fraction with one decimal below 100: 12.5)."""
    if is_missing(value):
        return MISSING
    v = float(value)
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 or abs(v) >= 100 else f"{v:,.1f}"


def fmt_rate(value: Any, digits: int = 2) -> str:
    """A fraction as a percentage: 0.0123 → 1.23%."""
    return MISSING if is_missing(value) else f"{float(value) * 100:.{digits}f}%"


def fmt_change(value: Any) -> str:
    """A relative change with its sign: +12.3%, −4.0% (a real minus sign), ±0.0%."""
    if is_missing(value) or math.isinf(float(value)):
        return MISSING
    v = float(value) * 100
    if round(v, 1) == 0:
        return "±0.0%"
    return f"+{v:.1f}%" if v > 0 else f"−{abs(v):.1f}%"


def fmt_usd(value: Any) -> str:
    """$1,234.50"""
    return MISSING if is_missing(value) else f"${float(value):,.2f}"


def iso_day(value: Any) -> str:
    """A date, a time or a date's text (not missing) as YYYY-MM-DD."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def yes_no(value: Any) -> str:
    """A flag (not missing) as Y or N."""
    return "Y" if bool(value) else "N"


def fmt_date(value: Any) -> str:
    """YYYY-MM-DD"""
    return MISSING if is_missing(value) else iso_day(value)


def fmt_flag(value: Any) -> str:
    """Y or N"""
    return MISSING if is_missing(value) else yes_no(value)


def fmt_minute(value: dt.datetime) -> str:
    """A time to the minute, as the build-status page and the footer show it: YYYY-MM-DD HH:MM."""
    return value.strftime("%Y-%m-%d %H:%M")


def fmt_number(value: Any) -> str:
    """Four significant digits (0.1235, 12.35), whole with separators from 100 on (1,235)."""
    if is_missing(value):
        return MISSING
    v = float(value)
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.4g}"


FORMATS: dict[str, Callable[[Any], str]] = {
    "number": fmt_number,
    "count": fmt_count,
    "rate": fmt_rate,
    "change": fmt_change,
    "usd": fmt_usd,
    "date": fmt_date,
    "flag": fmt_flag,
    "text": lambda v: MISSING if is_missing(v) else str(v),
}


def fmt(value: Any, kind: str) -> str:
    """A value as a page shows it, by its kind (a key of :data:`FORMATS`)."""
    return FORMATS[kind](value)


# -- in a chart (d3-format strings, drawn by Vega in the browser) ---------------------------------
CHART_COUNT = ",.0f"  # tooltip: 12,345
CHART_COUNT_AXIS = "~s"  # axis: 12k
CHART_RATE = ".2%"  # tooltip: 1.23%
CHART_RATE_AXIS = ".1%"  # axis: 1.2%


def chart_formats(unit: str) -> tuple[str, str]:
    """A metric's (tooltip, axis) formats by its unit (``rate`` or a count)."""
    return (CHART_RATE, CHART_RATE_AXIS) if unit == "rate" else (CHART_COUNT, CHART_COUNT_AXIS)


def chart_value(value: float) -> float:
    """A number as a chart's data carries it: four significant digits, what a chart can show
    (pages stay small)."""
    return float(f"{value:.4g}")


# -- in a download --------------------------------------------------------------------------------
CSV_NUMBERS = frozenset({"rate", "change", "number", "count", "usd"})

XLSX_FORMATS = {
    "count": "#,##0",
    "rate": "0.00%",
    "change": "+0.0%;-0.0%;0.0%",
    "usd": "$#,##0.00",
    "date": "yyyy-mm-dd",
}


def csv_number(value: Any, kind: str) -> str:
    """A number (not missing) as a CSV cell: rates and changes as fractions to 6 places
    without trailing zeros (0.0123), ``number`` to 6 significant digits, counts and amounts
    whole without '.0' (12), else to 2 places (12.50)."""
    if kind in ("rate", "change"):
        return f"{float(value):.6f}".rstrip("0").rstrip(".")
    if kind == "number":
        return f"{float(value):.6g}"
    v = float(value)
    return str(int(v)) if v.is_integer() else f"{v:.2f}"
