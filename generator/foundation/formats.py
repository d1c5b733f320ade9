"""formats: every number format, once — how a number is written on a page (tables and text),
in a chart (Vega's d3-format strings for axes and tooltips, the precision of the data a page
carries) and in a download (CSV cells, XLSX number formats).

A format is named by a kind: ``count`` (whole, 12,345), ``rate`` (a share, one decimal:
70.0%), ``change`` (+12.3%), ``yuan`` (money, 2 decimals: 1,039.25), ``usd`` (US$1,234.50),
``hours`` (one decimal: 8.4), ``number`` (a score: 4 significant digits), ``date``, ``flag``,
``text``. A table column (:class:`generator.render.markup.Col`) says its kind, and the page,
the CSV and the XLSX each write it their way. Tables write full numbers with separators;
sentences and cards (:func:`fmt_text`) write a large count in 万 on the Chinese site; chart
tooltips use the d3-format that writes the table's text, chart axes 万 (zh) or k/M (en).
Missing values show as ``—`` on a page and as an empty cell in a download (never 0). Every
rounding is half away from zero, as the browser's (``toFixed``) is, so a page and a chart's
tooltip agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .values import is_missing

MISSING = "—"


def _absent(value: Any) -> bool:
    """Missing, or a number that is not one (an infinite ratio): written as missing."""
    if is_missing(value):
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


# -- rounding as the browser rounds ----------------------------------------------------------------
def _fixed(value: float, digits: int) -> str:
    """``value`` to ``digits`` decimals with separators, rounded as JavaScript's ``toFixed``
    (and so Vega's d3-format) rounds: the exact binary value, a tie away from zero. Python's
    own format rounds a tie to even (38.5 → 38) and a chart would then say 39. Not a
    number (an infinite ratio) is missing."""
    if not math.isfinite(value):
        return MISSING
    q = Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # never −0
    return f"{q:,.{digits}f}"


def whole(value: float) -> int:
    """A count as a whole number, a tie away from zero (39.5 → 40) as a page writes it; for
    data the browser writes (the keyword library's table)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- on a page (tables keep full numbers; text and cards use :func:`fmt_text`) --------------------
def fmt_count(value: Any) -> str:
    """A count, whole with separators: 12,345; a median or mean of counts too (39.5 → 40)."""
    return MISSING if _absent(value) else _fixed(float(value), 0)


def fmt_rate(value: Any, digits: int = 1) -> str:
    """A fraction as a percentage with one decimal: 0.7 → 70.0%."""
    return MISSING if _absent(value) else _fixed(float(value) * 100, digits) + "%"


def fmt_change(value: Any) -> str:
    """A relative change with its sign: +12.3%, −4.0% (a real minus sign), ±0.0%."""
    if _absent(value):
        return MISSING
    text = _fixed(float(value) * 100, 1)
    if text in ("0.0", "-0.0"):
        return "±0.0%"
    return f"−{text[1:]}%" if text.startswith("-") else f"+{text}%"


def fmt_yuan(value: Any) -> str:
    """An amount in 元 with separators and 2 decimals: 1,039.25 (the unit is in the column's
    header; a sentence adds it: :func:`money_text`)."""
    return MISSING if _absent(value) else _fixed(float(value), 2)


def fmt_usd(value: Any) -> str:
    """An amount in US dollars: US$1,234.50"""
    if _absent(value):
        return MISSING
    text = _fixed(float(value), 2)
    return f"−US${text[1:]}" if text.startswith("-") else f"US${text}"


def fmt_hours(value: Any) -> str:
    """Hours with one decimal: 8.4 (the unit is in the header; a sentence adds it)."""
    return MISSING if _absent(value) else _fixed(float(value), 1)


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
    """A score or another measure with no unit: four significant digits (0.1235, 12.35),
    whole with separators from 100 on (1,235)."""
    if _absent(value):
        return MISSING
    v = float(value)
    return _fixed(v, 0) if abs(v) >= 100 else f"{v:.4g}"


FORMATS: dict[str, Callable[[Any], str]] = {
    "number": fmt_number,
    "count": fmt_count,
    "rate": fmt_rate,
    "change": fmt_change,
    "yuan": fmt_yuan,
    "usd": fmt_usd,
    "hours": fmt_hours,
    "date": fmt_date,
    "flag": fmt_flag,
    "text": lambda v: MISSING if is_missing(v) else str(v),
}


def fmt(value: Any, kind: str) -> str:
    """A value as a table shows it, by its kind (a key of :data:`FORMATS`): full numbers with
    separators (a reader copies them into Excel)."""
    return FORMATS[kind](value)


WAN_FROM = 100_000  # on the Chinese site, text and cards write a count from here in 万
# a language's large-number unit for text and cards (the Chinese site counts in 万); a language
# without one writes the full number
LARGE_UNIT: dict[str, tuple[int, str]] = {"zh": (10_000, "万")}


def fmt_text(value: Any, kind: str, lang: str) -> str:
    """A value as a sentence or a card says it: as :func:`fmt`, but on the Chinese site a
    count from 100,000 on in 万 with one decimal (103,456 → 10.3万)."""
    large = LARGE_UNIT.get(lang)
    if kind == "count" and large and not _absent(value) and abs(float(value)) >= WAN_FROM:
        return _fixed(float(value) / large[0], 1) + large[1]
    return fmt(value, kind)


UNIT_KINDS = ("yuan", "usd", "hours")  # kinds whose header names a unit (i18n ``unit_<kind>``)


# -- in a chart (d3-format strings and Vega expressions, drawn by Vega in the browser) ------------
CHART_COUNT = ",.0f"  # tooltip: 12,345 — as a table writes it
CHART_RATE = ".1%"  # tooltip: 70.0%
CHART_RATE_AXIS = ".0%"  # axis: 70%
CHART_YUAN = ",.2f"  # tooltip: 1,039.25
CHART_HOURS = ",.1f"  # tooltip: 8.4

CHART_TOOLTIPS = {
    "count": CHART_COUNT,
    "rate": CHART_RATE,
    "change": "+.1%",
    "yuan": CHART_YUAN,
    "usd": "$,.2f",
    "hours": CHART_HOURS,
}

# an axis of amounts (Vega expressions): 万 on the Chinese site (3.5万), k / M on the English
# one (35k, 1.2M)
CHART_AXIS_LABELS: dict[str, str] = {
    "zh": (
        "abs(datum.value) >= 10000 ? format(datum.value / 10000, '~r') + '万'"
        " : format(datum.value, ',~r')"
    ),
    "en": (
        "abs(datum.value) >= 1000000 ? format(datum.value / 1000000, '~r') + 'M'"
        " : abs(datum.value) >= 1000 ? format(datum.value / 1000, '~r') + 'k'"
        " : format(datum.value, ',~r')"
    ),
}


def chart_axis(kind: str, lang: str) -> dict[str, Any]:
    """The axis properties of a measure (``alt.Axis(**chart_axis(kind, lang))``): percentages
    for rates, 万 (zh) or k/M (en) for every other amount."""
    if kind in ("rate", "change"):
        return {"format": CHART_RATE_AXIS}
    return {"labelExpr": CHART_AXIS_LABELS.get(lang, CHART_AXIS_LABELS["en"])}


def chart_tooltip(kind: str) -> str:
    """The d3-format of a measure in a tooltip: the same text a table writes (1,234 · 70.0% ·
    1,039.25 · 8.4)."""
    return CHART_TOOLTIPS.get(kind, CHART_COUNT)


def chart_formats(unit: str, lang: str) -> tuple[str, dict[str, Any]]:
    """A metric's (tooltip format, axis properties) by its unit (``rate``, ``yuan``, ``hours``
    or a count)."""
    return chart_tooltip(unit), chart_axis(unit, lang)


def chart_value(value: float) -> float | int:
    """A number as a chart's data carries it: a whole number exactly (the tooltip says what the
    card says: 37,207, not 37,210), a fraction to 6 significant digits (a share's tooltip
    shows 3), a larger one to 2 decimals (pages stay small; a tooltip shows at most 2)."""
    if not math.isfinite(value):
        return value
    if float(value).is_integer():
        return int(value)
    return round(value, 2) if abs(value) >= 1000 else float(f"{value:.6g}")


# -- in a download --------------------------------------------------------------------------------
CSV_NUMBERS = frozenset({"rate", "change", "number", "count", "yuan", "usd", "hours"})

XLSX_FORMATS = {
    "count": "#,##0",
    "rate": "0.0%",
    "change": "+0.0%;-0.0%;0.0%",
    "yuan": "#,##0.00",
    "usd": "$#,##0.00",
    "hours": "0.0",
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
