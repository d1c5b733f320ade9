"""The time rules: US-Pacific statistics dates, Sunday–Saturday weeks, T-2 finality.

Everything here is a pure function of its arguments; the only place that reads the clock is
:func:`default_as_of`, and only when the user gave no ``--as-of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")
CHINA = ZoneInfo("Asia/Shanghai")


def default_as_of(now: dt.datetime | None = None, lag_days: int = 2) -> dt.date:
    """The latest final statistics day: today in US-Pacific time minus the lag (T-2)."""
    now = now or dt.datetime.now(tz=PACIFIC)
    return now.astimezone(PACIFIC).date() - dt.timedelta(days=lag_days)


def week_start(day: dt.date) -> dt.date:
    """The Sunday that starts the Sunday–Saturday week holding ``day``."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def week_end(day: dt.date) -> dt.date:
    """The Saturday that ends the week holding ``day``; weeks are named by it."""
    return week_start(day) + dt.timedelta(days=6)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def same_month_last_year(ends: Iterable[dt.date], end: dt.date) -> list[dt.date]:
    """The period ends among ``ends`` in ``end``'s month a year before (a month's comparison)."""
    return [e for e in ends if e.year == end.year - 1 and e.month == end.month]


def last_final_week_end(as_of: dt.date) -> dt.date:
    """The Saturday of the latest week whose every day is final at ``as_of``."""
    end = week_end(as_of)
    return end if end <= as_of else end - dt.timedelta(days=7)


def last_final_month_end(as_of: dt.date) -> dt.date:
    """The last day of the latest calendar month that is complete at ``as_of``."""
    end = month_end(as_of)
    return end if end <= as_of else month_start(as_of) - dt.timedelta(days=1)


def granularity(start: dt.date, end: dt.date) -> str:
    """Day, week or month from a period's bounds (anything else is a ``range``)."""
    if start == end:
        return "day"
    if (end - start).days == 6 and start == week_start(start):
        return "week"
    if start == month_start(start) and end == month_end(start):
        return "month"
    return "range"


def reader_lag(as_of: dt.date, today: dt.date | None, lag_days: int) -> int:
    """Days from the data's as-of date to the reader's today: ``today`` when known (the
    scheduler's date in its time zone), else ``lag_days`` (T-2). Decides "final on the 3rd"."""
    return (today - as_of).days if today else lag_days


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` → date, with an error message that says the expected form."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-21"
        ) from exc
