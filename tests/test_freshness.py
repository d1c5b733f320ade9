from __future__ import annotations

import datetime as dt

import pytest

from generator.analysis.freshness import expected_latest, periods_behind

D = dt.date


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 24), D(2026, 11, 21)),  # Tuesday: last week's data is out
        (D(2026, 11, 23), D(2026, 11, 14)),  # Monday: not yet, the week before is the latest
        (D(2026, 11, 28), D(2026, 11, 21)),  # Saturday
    ],
)
def test_weekly_data_arrives_on_tuesday(today: dt.date, expected: dt.date) -> None:
    assert expected_latest("products", "week", today - dt.timedelta(days=2), 2) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 12, 3), D(2026, 11, 30)),
        (D(2026, 12, 2), D(2026, 10, 31)),
        (D(2027, 1, 2), D(2026, 11, 30)),
    ],
)
def test_monthly_data_arrives_on_the_third(today: dt.date, expected: dt.date) -> None:
    assert expected_latest("products", "month", today - dt.timedelta(days=2), 2) == expected


def test_daily_data_is_final_at_t_minus_2_and_snapshots_have_no_schedule() -> None:
    assert expected_latest("products", "day", D(2026, 11, 21), 2) == D(2026, 11, 21)
    assert expected_latest("showcase", "day", D(2026, 11, 21), 2) is None


def test_periods_behind() -> None:
    assert periods_behind("day", D(2026, 11, 18), D(2026, 11, 21)) == 3
    assert periods_behind("week", D(2026, 11, 7), D(2026, 11, 21)) == 2
    assert periods_behind("month", D(2026, 9, 30), D(2026, 11, 30)) == 2
    assert periods_behind("day", D(2026, 11, 21), D(2026, 11, 21)) == 0


def test_operator_sheets_copied_weekly_are_fresh_for_a_week() -> None:
    assert expected_latest("keyword_ranks", "day", D(2026, 11, 21), 2) == D(2026, 11, 15)
    assert periods_behind("day", D(2026, 11, 17), D(2026, 11, 15)) == 0
