from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

import generator
from generator.analysis.metrics.inquiries import analyse_day
from generator.foundation.errors import ConfigError
from generator.foundation.periods import (
    default_as_of,
    end_of_stat_day_in_china,
    granularity,
    last_published_month_end,
    last_published_week_end,
    month_end,
    month_final,
    month_final_day,
    month_review_day,
    overdue_cutoff,
    parse_date,
    reader_today,
    schedule_zone,
    stat_date,
    week_end,
    week_final,
    week_final_day,
    week_report_day,
    week_start,
)

D = dt.date
T = dt.datetime


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


def test_a_week_is_final_on_the_tuesday_after_it() -> None:
    sat = D(2026, 11, 14)
    assert week_final_day(sat) == D(2026, 11, 17) and week_final_day(sat).weekday() == 1
    assert not week_final(sat, D(2026, 11, 16)) and week_final(sat, D(2026, 11, 17))
    # snapshots are read on that Tuesday, or on the as-of date while it has not come
    assert week_report_day(sat, D(2026, 11, 21)) == D(2026, 11, 17)
    assert week_report_day(sat, D(2026, 11, 15)) == D(2026, 11, 15)
    # what the backend has published by a reader's day: Monday the 16th still shows the 7th
    assert last_published_week_end(D(2026, 11, 16)) == D(2026, 11, 7)
    assert last_published_week_end(D(2026, 11, 17)) == D(2026, 11, 14)


def test_a_month_is_final_on_the_3rd_of_the_next_month() -> None:
    end = D(2026, 10, 31)
    assert month_final_day(end) == D(2026, 11, 3)
    assert month_final_day(D(2026, 12, 31)) == D(2027, 1, 3)
    # as-of is T-2: the reader's day is as_of + lag, unless the scheduler says which day it is
    assert not month_final(end, reader_today(D(2026, 10, 31), None, 2))
    assert month_final(end, reader_today(D(2026, 11, 1), None, 2))
    assert not month_final(end, reader_today(D(2026, 11, 1), None, 1))
    assert month_final(end, reader_today(D(2026, 11, 1), D(2026, 11, 3), 2))
    assert month_review_day(end, D(2026, 11, 21)) == D(2026, 11, 3)
    assert month_review_day(end, D(2026, 11, 1)) == D(2026, 11, 1)
    assert last_published_month_end(D(2026, 11, 2)) == D(2026, 9, 30)
    assert last_published_month_end(D(2026, 11, 3)) == D(2026, 10, 31)
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


def test_an_unknown_schedule_timezone_names_the_setting() -> None:
    assert schedule_zone("Asia/Shanghai").key == "Asia/Shanghai"
    with pytest.raises(ConfigError, match="schedule_timezone"):
        schedule_zone("Beijing")


# -- China time across the US daylight-saving change --------------------------------------------
def test_an_inquirys_statistics_date_is_its_us_pacific_day() -> None:
    assert stat_date(T(2026, 11, 22, 8, 30)) == D(2026, 11, 21)  # PST: China is 16 h ahead
    assert stat_date(T(2026, 11, 22, 16, 30)) == D(2026, 11, 22)
    assert stat_date(T(2026, 7, 22, 15, 30)) == D(2026, 7, 22)  # PDT: 15 h ahead


@pytest.mark.parametrize(
    ("day", "china"),
    [
        # the end of the US-Pacific statistics day is 16:00 the next day in China under PST
        # (UTC-8) and 15:00 under PDT (UTC-7); DST starts 2026-03-08 and ends 2026-11-01
        (D(2026, 3, 7), T(2026, 3, 8, 15, 59)),
        (D(2026, 3, 9), T(2026, 3, 10, 14, 59)),
        (D(2026, 10, 31), T(2026, 11, 1, 14, 59)),
        (D(2026, 11, 2), T(2026, 11, 3, 15, 59)),
    ],
)
def test_the_end_of_a_statistics_day_in_china_time_follows_us_daylight_saving(
    day: dt.date, china: dt.datetime
) -> None:
    assert end_of_stat_day_in_china(day) == china
    assert overdue_cutoff(day - dt.timedelta(days=1)) == china  # a day's page is read a day later


def _unreplied(times: list[dt.datetime]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "inquiry_id": f"Q{i}",
                "buyer": f"buyer {i}",
                "product_id": f"P{i}",
                "inquiry_time": t,
                "stat_date": stat_date(t),
                "buyer_level": "L1",
                "owner": "张伟",
                "first_reply_time": pd.NaT,
                "message": f"Please quote {i}00 pcs of the solar street light, CIF Lagos, with lead time.",
            }
            for i, t in enumerate(times)
        ]
    )


@pytest.mark.parametrize(
    ("day", "at_1700", "at_1830", "zone"),
    [
        # 17:00 and 18:30 US-Pacific on ``day``, written as China time (what the export holds)
        (D(2026, 3, 6), T(2026, 3, 7, 9, 0), T(2026, 3, 7, 10, 30), "PST"),
        (D(2026, 3, 9), T(2026, 3, 10, 8, 0), T(2026, 3, 10, 9, 30), "PDT"),
        (D(2026, 10, 30), T(2026, 10, 31, 8, 0), T(2026, 10, 31, 9, 30), "PDT"),
        (D(2026, 11, 2), T(2026, 11, 3, 9, 0), T(2026, 11, 3, 10, 30), "PST"),
    ],
)
def test_overdue_replies_are_judged_at_the_right_hour_in_summer_and_winter(
    day: dt.date, at_1700: dt.datetime, at_1830: dt.datetime, zone: str
) -> None:
    """With reply_within_hours = 30, a daily page (judged at the end of the US-Pacific day after)
    lists the inquiry from 17:00 (31 h before) as overdue, not the one from 18:30 (29.5 h).
    A fixed +16 h to China time judged an hour late in summer and listed both."""
    frame = _unreplied([at_1700, at_1830])
    assert set(frame["stat_date"]) == {day}
    got = analyse_day(
        frame,
        day,
        now=overdue_cutoff(day),
        window_days=7,
        similarity=0.9,
        max_chars=25,
        reply_within=30,
    )
    late = frame["inquiry_id"][got["rows"]["unreplied_late"].to_numpy()]  # type: ignore[index]
    assert list(late) == ["Q0"], zone


# -- the rules live here only --------------------------------------------------------------------
RULES_BUILT_ELSEWHERE = {
    "a time zone built": re.compile(r"\bZoneInfo\s*\("),
    "a zone name written": re.compile(r"""["'](America/Los_Angeles|Asia/Shanghai)["']"""),
    "a fixed zone offset": re.compile(r"timedelta\(\s*hours\s*=\s*1[56]\s*[,)]"),
    "a zone converted by hand": re.compile(r"\b(PACIFIC|CHINA)\b"),
    "final on the 3rd written out": re.compile(r"\.day\s*>=\s*3\b"),
    "final on Tuesday or the 3rd written out": re.compile(r"timedelta\(\s*days\s*=\s*3\s*\)"),
}


PERIODS = "foundation/periods.py"  # inside the package


def rules_outside_periods(package: Path) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).as_posix() == PERIODS:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in RULES_BUILT_ELSEWHERE.items():  # \s also spans line breaks
            for m in pattern.finditer(text):
                n = text.count("\n", 0, m.start()) + 1
                found.append(f"{path.relative_to(package)}:{n}: {what}: {m.group(0)!r}")
    return sorted(found)


def test_no_module_outside_periods_writes_a_time_rule_itself(tmp_path: Path) -> None:
    package = Path(generator.__file__).parent
    assert (package / PERIODS).exists()
    assert rules_outside_periods(package) == []
    # the scan finds the kind of line it is there to keep out (the old overdue cut-off)
    (tmp_path / PERIODS).parent.mkdir()
    (tmp_path / PERIODS).write_text('CHINA = ZoneInfo("Asia/Shanghai")\n', encoding="utf-8")
    (tmp_path / "pages.py").write_text(
        "now = dt.datetime.combine(day, dt.time(23, 59)) + dt.timedelta(\n    hours=16\n)\n"
        "tz = ZoneInfo(settings.schedule_timezone)\n",
        encoding="utf-8",
    )
    assert [f.split(":")[0] for f in rules_outside_periods(tmp_path)] == ["pages.py", "pages.py"]


def test_a_day_pages_window_is_every_day_of_the_90_the_totals_have() -> None:
    # what a day page's reuse fingerprint reads (render/periods.py): the totals' days in the
    # 90 days up to the page's day; found by bisection, they must be the days a plain look-up
    # of each of the 90 finds, with gaps in the days and at the edges of the history
    from generator.render.periods import Positions

    start = dt.date(2024, 1, 1)
    every = [start + dt.timedelta(days=i) for i in range(400)]
    gapped = [d for i, d in enumerate(every) if i % 3 and not 100 <= i < 220]
    for days in (every, gapped, every[:1], []):
        positions = Positions(days)
        assert positions == {d: i for i, d in enumerate(days)}
        for end in [*days[::5], start - dt.timedelta(days=1), every[-1] + dt.timedelta(days=30)]:
            first = end - dt.timedelta(days=89)
            looked_up = [
                first + dt.timedelta(days=k)
                for k in range(90)
                if first + dt.timedelta(days=k) in positions
            ]
            assert positions.between(first, end) == looked_up
