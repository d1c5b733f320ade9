"""Issue 17: a week's (a month's) facts read only the sheet rows near the period, found by a
binary search in the store's date order — the same facts as from the whole sheets, for the
demo's every week and month; an unordered sheet or a report ending before it starts is read
whole (no cut that could miss a row), and so is the growth sheet when a day has two scores."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pandas as pd

from generator.analysis import totals
from generator.analysis.dated_rows import DatedRows
from generator.analysis.keywords import build_library
from generator.analysis.metrics import weekly as wk
from generator.analysis.metrics.monthly import growth_days
from generator.analysis.weekly import MONTH, WEEK, Context, WeekFacts, week_facts
from generator.analysis.weekly_parts import _growth_level
from generator.config import Settings
from generator.inputs import Inputs, load_inputs
from generator.store import open_store
from tests.conftest import BuiltDemo

D = dt.date


def days(*dates: str) -> pd.Series:
    return pd.Series(pd.to_datetime(list(dates), format="ISO8601"))


def test_a_periods_rows_are_those_the_whole_sheet_gives_any_time_of_day() -> None:
    sheet = pd.DataFrame(
        {
            "date": days(
                "2026-11-01", "2026-11-02 09:30", "2026-11-02 23:00", "2026-11-03", "2026-11-09"
            ),
            "clicks": [1, 2, 3, 4, 5],
        }
    )
    rows = DatedRows.of(sheet, "date")
    for start, end in (
        (D(2026, 11, 2), D(2026, 11, 2)),
        (D(2026, 11, 2), D(2026, 11, 8)),
        (D(2026, 10, 1), D(2026, 11, 30)),
    ):
        near = rows.between(start, end)
        assert len(near) < len(sheet) or (start, end) == (D(2026, 10, 1), D(2026, 11, 30))
        pd.testing.assert_frame_equal(
            wk.dated_in(near, "date", start, end), wk.dated_in(sheet, "date", start, end)
        )
    assert rows.between(D(2026, 11, 2), D(2026, 11, 2))["clicks"].tolist() == [2, 3]
    # no row in the period: the whole sheet (the metric finds none in it itself)
    assert rows.between(D(2026, 11, 5), D(2026, 11, 6)) is sheet


def test_the_latest_snapshots_on_or_before_a_day_are_the_whole_sheets() -> None:
    scores = pd.DataFrame(
        {
            "date": days(
                "2026-10-05", "2026-10-05", "2026-10-19", "2026-10-19", "2026-11-02", "2026-11-16"
            ),
            "product_id": ["A", "B", "A", "B", "A", "A"],
            "growth_score": [80.0, 70.0, 78.0, 72.0, 75.0, 90.0],
        }
    )
    rows = DatedRows.of(scores, "date")
    day = D(2026, 11, 10)
    assert rows.latest(day, snapshots=2)["date"].dt.day.tolist() == [19, 19, 2]
    pd.testing.assert_frame_equal(
        wk.latest_on_or_before(rows.latest(day), "date", day),
        wk.latest_on_or_before(scores, "date", day),
    )
    pd.testing.assert_frame_equal(
        wk.score_changes(rows.latest(day, 2), day), wk.score_changes(scores, day)
    )
    assert wk.score_changes(rows.latest(day, 2), day)["score_change"].tolist() == [-3.0]
    assert rows.latest(D(2026, 10, 1)) is scores  # none yet: the whole sheet


def test_an_unordered_sheet_or_a_report_ending_before_it_starts_is_read_whole() -> None:
    shuffled = pd.DataFrame(
        {"date": days("2026-11-03", "2026-11-01", "2026-11-02"), "clicks": [1, 2, 3]}
    )
    assert DatedRows.of(shuffled, "date").between(D(2026, 11, 1), D(2026, 11, 1)) is shuffled
    reports = pd.DataFrame(
        {
            "period_start": days("2026-11-01", "2026-11-15", "2026-11-08"),
            "period_end": days("2026-11-07", "2026-11-14", "2026-11-21"),  # the 2nd: backwards
            "keyword": ["a", "b", "c"],
        }
    )
    assert (
        DatedRows.of(reports, "period_end", spans=True).between(D(2026, 11, 15), D(2026, 11, 21))
        is reports
    )
    fine = reports.iloc[[0, 2]]
    near = DatedRows.of(fine, "period_end", spans=True).between(D(2026, 11, 8), D(2026, 11, 21))
    assert near["keyword"].tolist() == ["c"]


def growth_rows(days_levels: list[tuple[str, str | None, str]]) -> pd.DataFrame:
    """A 直通车成长分 sheet: per (day, level, dimension) a row; the total row has the score."""
    return pd.DataFrame(
        [
            {
                "date": pd.Timestamp(day),
                "dimension": dim,
                "growth_score": 70.0 + i if dim == "总分" else None,
                "level": level,
                "points": 10.0,
                "max_points": 20.0,
            }
            for i, (day, level, dim) in enumerate(days_levels)
        ]
    )


def test_the_growth_level_of_a_week_is_read_from_its_last_scored_day_as_from_all() -> None:
    sheet = growth_rows(
        [
            ("2026-11-02", "L2", "总分"),
            ("2026-11-02", None, "推广时长"),
            ("2026-11-09", "L3", "总分"),
            ("2026-11-09", None, "推广时长"),
            ("2026-11-12", None, "推广时长"),  # no score that day
            ("2026-11-16", None, "总分"),  # a score without a level
        ]
    )
    inputs = Inputs(as_of=D(2026, 11, 21), sheets={"p4p_growth": sheet})
    empty = pd.DataFrame()
    near = Context(inputs, empty, empty, empty, Settings())
    whole = Context(inputs, empty, empty, empty, Settings())
    whole.__dict__["growth_days"] = None
    assert near.growth_days is not None and len(near.growth_days) == 3
    got = {}
    for day in pd.date_range("2026-11-01", "2026-11-21").date:
        got[day] = _growth_level(near, day)
        assert got[day] == _growth_level(whole, day), day
    assert [got[D(2026, 11, d)] for d in (1, 2, 10, 13, 16)] == [None, "L2", "L3", "L3", None]
    # two scored rows on one day: which is the day's is the whole sheet's to say
    twice = pd.concat([sheet, growth_rows([("2026-11-09", "L4", "总分")])], ignore_index=True)
    assert growth_days(twice) is None


def same(a: WeekFacts, b: WeekFacts) -> list[str]:
    """The fields in which two periods' facts differ."""

    def equal(x: Any, y: Any) -> bool:
        if isinstance(x, pd.DataFrame) or isinstance(y, pd.DataFrame):
            try:
                pd.testing.assert_frame_equal(x, y, check_exact=True)
            except AssertionError:
                return False
            return True
        if isinstance(x, dict) and isinstance(y, dict):
            return x.keys() == y.keys() and all(equal(x[k], y[k]) for k in x)
        return repr(x) == repr(y)

    return [
        f.name for f in dataclasses.fields(a) if not equal(getattr(a, f.name), getattr(b, f.name))
    ]


def test_every_demo_weeks_and_months_facts_are_those_of_the_whole_sheets(
    built_demo: BuiltDemo,
) -> None:
    with open_store(built_demo.workspace.db_path) as store:
        inputs = load_inputs(store, built_demo.as_of)
    s = built_demo.settings
    _daily, weekly, monthly = totals(inputs, s)
    library = build_library(inputs.keyword_sources, inputs.as_of, s, lang=s.language)
    near = Context(inputs, weekly, monthly, library, s)
    whole = Context(inputs, weekly, monthly, library, s)
    whole.__dict__["dated"] = {k: DatedRows(r.frame, None, None) for k, r in near.dated.items()}
    whole.__dict__["growth_days"] = None
    assert any(r.dates is not None for r in near.dated.values())  # the demo's sheets are cut
    assert near.growth_days is not None
    for scale in (WEEK, MONTH):
        ends = near.ends(scale)
        assert ends
        for end in ends:
            assert same(week_facts(near, end, scale), week_facts(whole, end, scale)) == [], end
