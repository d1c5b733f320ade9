from __future__ import annotations

import datetime as dt

import pytest

from generator.periods import (
    default_as_of,
    granularity,
    last_final_month_end,
    last_final_week_end,
    month_end,
    parse_date,
    week_end,
    week_start,
)

D = dt.date


def test_weeks_run_sunday_to_saturday() -> None:
    assert week_start(D(2026, 11, 18)) == D(2026, 11, 15)  # Wednesday → Sunday
    assert week_start(D(2026, 11, 15)) == D(2026, 11, 15)  # a Sunday starts its own week
    assert week_end(D(2026, 11, 21)) == D(2026, 11, 21)  # a Saturday ends it
    assert week_end(D(2026, 11, 22)) == D(2026, 11, 28)


def test_default_as_of_is_t_minus_2_in_us_pacific() -> None:
    # 2026-11-25 03:00 UTC is still 2026-11-24 in California: T-2 is the 22nd
    now = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)
    assert default_as_of(now) == D(2026, 11, 22)
    assert default_as_of(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)) == D(2026, 11, 23)


def test_final_periods_at_an_as_of_date() -> None:
    assert last_final_week_end(D(2026, 11, 21)) == D(2026, 11, 21)
    assert last_final_week_end(D(2026, 11, 20)) == D(2026, 11, 14)
    assert last_final_month_end(D(2026, 11, 30)) == D(2026, 11, 30)
    assert last_final_month_end(D(2026, 11, 29)) == D(2026, 10, 31)
    assert month_end(D(2024, 2, 10)) == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 11, 21), D(2026, 11, 21), "day"),
        (D(2026, 11, 15), D(2026, 11, 21), "week"),
        (D(2026, 11, 16), D(2026, 11, 22), "range"),  # Monday–Sunday is not a backend week
        (D(2026, 10, 1), D(2026, 10, 31), "month"),
    ],
)
def test_granularity_follows_from_the_period(start: dt.date, end: dt.date, expected: str) -> None:
    assert granularity(start, end) == expected


def test_a_bad_date_says_the_expected_form() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("21/11/2026")
