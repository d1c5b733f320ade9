"""Numbers as the site writes them (counts, rates, changes, money, dates, flags): one
formatting for the pages, the downloads' captions and the to-do items' messages."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from .values import is_missing


def fmt_count(value: Any) -> str:
    if is_missing(value):
        return "—"
    v = float(value)
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 or abs(v) >= 100 else f"{v:,.1f}"


def fmt_rate(value: Any, digits: int = 2) -> str:
    return "—" if is_missing(value) else f"{float(value) * 100:.{digits}f}%"


def fmt_change(value: Any) -> str:
    if is_missing(value) or math.isinf(float(value)):
        return "—"
    v = float(value) * 100
    if round(v, 1) == 0:
        return "±0.0%"
    return f"+{v:.1f}%" if v > 0 else f"−{abs(v):.1f}%"


def fmt_usd(value: Any) -> str:
    return "—" if is_missing(value) else f"${float(value):,.2f}"


def fmt_date(value: Any) -> str:
    if is_missing(value):
        return "—"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10]


def fmt_flag(value: Any) -> str:
    if is_missing(value):
        return "—"
    return "Y" if bool(value) else "N"


def fmt_number(value: Any) -> str:
    if is_missing(value):
        return "—"
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
    "text": lambda v: "—" if is_missing(v) else str(v),
}


def fmt(value: Any, kind: str) -> str:
    return FORMATS[kind](value)
