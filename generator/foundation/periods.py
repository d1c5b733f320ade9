"""Every time rule, once: US-Pacific statistics dates, Sunday–Saturday weeks, when a day, a
week and a month become final, the reader's day, and China time for the Message Center.

- Statistics dates (Data Advisor) are US-Pacific days; weeks run Sunday to Saturday and are
  named by their Saturday; months by their last day (or ``YYYY-MM``).
- Daily data is final at T-``lag_days`` (T-2); a week is final on the Tuesday after it; a
  month on the 3rd of the next month.
- The reader's day is the day the site is read: the scheduler's date in its time zone
  (``schedule_timezone``), else the as-of date + ``lag_days``. It decides which weeks and
  months are final.
- Inquiries carry China time (Asia/Shanghai); their statistics date is the US-Pacific day
  they fall in; the overdue-reply cut-off is a China-time moment computed with the real zones,
  so it is right on both sides of a daylight-saving change.

Everything here is a pure function of its arguments; the only place that reads the clock is
:func:`default_as_of`, and only when the user gave no ``--as-of``. No other module builds a
time zone or writes one of these rules itself (``tests/test_periods.py`` checks).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

PACIFIC_ZONE = "America/Los_Angeles"  # Data Advisor's statistics dates
CHINA_ZONE = "Asia/Shanghai"  # the Message Center's times; the default schedule_timezone
PACIFIC = ZoneInfo(PACIFIC_ZONE)
CHINA = ZoneInfo(CHINA_ZONE)

WEEK_FINAL_AFTER_DAYS = 3  # a week (named by its Saturday) is final on the Tuesday after it
MONTH_FINAL_DAY = 3  # a month is final on the 3rd of the next month
END_OF_DAY = dt.time(23, 59)  # the last minute of a statistics day
# schedule_weekly_day's values, in datetime.weekday() order
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# -- days ---------------------------------------------------------------------------------
def last_final_day(today: dt.date, lag_days: int) -> dt.date:
    """The latest final statistics day on the (US-Pacific) day ``today``: T-``lag_days``."""
    return today - dt.timedelta(days=lag_days)


def day_final_day(day: dt.date, lag_days: int) -> dt.date:
    """The (US-Pacific) day statistics day ``day`` becomes final: T+``lag_days``."""
    return day + dt.timedelta(days=lag_days)


def default_as_of(now: dt.datetime | None = None, lag_days: int = 2) -> dt.date:
    """The latest final statistics day: today in US-Pacific time minus the lag (T-2)."""
    now = now or dt.datetime.now(tz=PACIFIC)
    return last_final_day(now.astimezone(PACIFIC).date(), lag_days)


def reader_today(as_of: dt.date, today: dt.date | None, lag_days: int) -> dt.date:
    """The reader's day for data as of ``as_of``: ``today`` when known (the scheduler's date
    in its time zone), else as_of + ``lag_days`` (the day T-2 data is read)."""
    return today if today else as_of + dt.timedelta(days=lag_days)


def schedule_zone(name: str) -> ZoneInfo:
    """The ``schedule_timezone`` setting as a zone, or a ConfigError naming the setting."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"schedule_timezone: unknown time zone {name!r}",
            f'use an IANA name such as "{CHINA_ZONE}" or "{PACIFIC_ZONE}"',
        ) from exc


def local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The date of ``moment`` in ``zone`` (the reader's day where the scheduler runs: 09:00 on
    the 3rd in Shanghai is still the 2nd in US-Pacific)."""
    return moment.astimezone(zone).date()


def aware_utc(value: Any) -> dt.datetime:
    """A time read back from the store (naive UTC) as a timezone-aware UTC datetime."""
    import pandas as pd  # lazy: the CLI starts without pandas

    return pd.Timestamp(value).to_pydatetime().replace(tzinfo=dt.UTC)


# -- weeks --------------------------------------------------------------------------------
def week_start(day: dt.date) -> dt.date:
    """The Sunday that starts the Sunday–Saturday week holding ``day``."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def week_end(day: dt.date) -> dt.date:
    """The Saturday that ends the week holding ``day``; weeks are named by it."""
    return week_start(day) + dt.timedelta(days=6)


def week_final_day(end: dt.date) -> dt.date:
    """The Tuesday after the week ending on Saturday ``end``: the week is final then."""
    return end + dt.timedelta(days=WEEK_FINAL_AFTER_DAYS)


def week_final(end: dt.date, today: dt.date) -> bool:
    """Whether the week ending ``end`` is final on the reader's day ``today``."""
    return today >= week_final_day(end)


def week_report_day(end: dt.date, as_of: dt.date) -> dt.date:
    """The day a week's report reads snapshots: the day it becomes final, or the as-of date
    while it is not."""
    return min(week_final_day(end), as_of)


def last_published_week_end(today: dt.date) -> dt.date:
    """The Saturday of the latest week that is final (published) on ``today``."""
    saturday = week_end(today) - dt.timedelta(days=7)  # the last Saturday before today's week
    return saturday if week_final(saturday, today) else saturday - dt.timedelta(days=7)


# -- months -------------------------------------------------------------------------------
def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_end_of(month: str) -> dt.date:
    """The last day of the month named ``YYYY-MM``."""
    return month_end(dt.date.fromisoformat(f"{month}-01"))


def month_final_day(end: dt.date) -> dt.date:
    """The day the month holding ``end`` becomes final: the 3rd of the next month."""
    return (month_end(end) + dt.timedelta(days=1)).replace(day=MONTH_FINAL_DAY)


def month_final(end: dt.date, today: dt.date) -> bool:
    """Whether the month holding ``end`` is final on the reader's day ``today``."""
    return today >= month_final_day(end)


def month_review_day(end: dt.date, as_of: dt.date) -> dt.date:
    """The day a month's review reads snapshots (growth score, zero-effect sheet, ranks of
    words, rising products): the day it becomes final, or the as-of date while it is not."""
    return min(as_of, month_final_day(end))


def last_published_month_end(today: dt.date) -> dt.date:
    """The last day of the latest month that is final (published) on ``today``."""
    last = month_start(today) - dt.timedelta(days=1)
    return last if month_final(last, today) else month_start(last) - dt.timedelta(days=1)


def same_month_last_year(ends: Iterable[dt.date], end: dt.date) -> list[dt.date]:
    """The period ends among ``ends`` in ``end``'s month a year before (a month's comparison)."""
    return [e for e in ends if e.year == end.year - 1 and e.month == end.month]


def granularity(start: dt.date, end: dt.date) -> str:
    """Day, week or month from a period's bounds (anything else is a ``range``)."""
    if start == end:
        return "day"
    if (end - start).days == 6 and start == week_start(start):
        return "week"
    if start == month_start(start) and end == month_end(start):
        return "month"
    return "range"


# -- China time (the Message Center) --------------------------------------------------------
def stat_date(china_time: dt.datetime) -> dt.date:
    """The US-Pacific statistics date of a (naive) China-time moment, e.g. an inquiry's time:
    08:30 on the 22nd in China is still the 21st in US-Pacific."""
    return china_time.replace(tzinfo=CHINA).astimezone(PACIFIC).date()


def china_time(day: dt.date, seconds: float = 0) -> dt.datetime:
    """``seconds`` after the US-Pacific midnight that starts statistics day ``day``, as naive
    China time (wall-clock seconds: across a daylight-saving change, through UTC)."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=PACIFIC)
    return (local + dt.timedelta(seconds=int(seconds))).astimezone(CHINA).replace(tzinfo=None)


def end_of_stat_day_in_china(day: dt.date) -> dt.datetime:
    """The last minute (23:59) of the US-Pacific statistics day ``day``, as naive China time:
    15:59 on the next day in winter (PST, UTC-8), 14:59 in summer (PDT, UTC-7)."""
    local = dt.datetime.combine(day, END_OF_DAY, tzinfo=PACIFIC)
    return local.astimezone(CHINA).replace(tzinfo=None)


def overdue_cutoff(day: dt.date) -> dt.datetime:
    """The China-time moment a daily page for statistics day ``day`` judges replies at: the end
    of the US-Pacific day after it (when the data is read). An inquiry of ``day`` still
    unreplied ``reply_within_hours`` before this moment is overdue."""
    return end_of_stat_day_in_china(day + dt.timedelta(days=1))


DEFAULT_READ_AT = dt.time(9, 0)  # schedule_daily_time's default: the daily build


def reader_moment(day: dt.date, at: str, zone: str) -> dt.datetime:
    """The moment the reader reads the site on their day ``day``: the daily build's time
    ``at`` (``schedule_daily_time``, HH:MM; 09:00 when it is not a time) in ``zone``
    (``schedule_timezone``), timezone-aware. Waiting times (unreplied inquiries) run to it."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", at.strip())
    hhmm = (
        dt.time(int(m[1]), int(m[2]))
        if m and int(m[1]) <= 23 and int(m[2]) <= 59
        else DEFAULT_READ_AT
    )
    return dt.datetime.combine(day, hhmm, tzinfo=schedule_zone(zone))


def in_china(moment: dt.datetime) -> dt.datetime:
    """An aware moment as naive China time, the Message Center's clock (inquiry times)."""
    return moment.astimezone(CHINA).replace(tzinfo=None)


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` → date, with an error message that says the expected form."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-21"
        ) from exc
