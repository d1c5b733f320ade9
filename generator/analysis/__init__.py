"""The analysis stage: every number the site shows, computed from the inputs before any page
is written.

:func:`analyse` is a pure function of the :class:`~generator.inputs.Inputs`, the settings and
an explicit as-of date (the inputs'): no Jinja, Altair, DuckDB or file access here. Its
result, :class:`Analysis`, holds the store's totals per day, week and month with their
baselines, and the keyword library; the render stage only formats what it finds there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..config import Settings
from ..foundation.periods import reader_today
from ..inputs import Inputs
from .daily import compute_daily_facts
from .day_anomalies import compute_anomalies
from .day_facts import DayFacts
from .frames import frames_of
from .keywords import build_library, empty_library
from .memo import Horizon, Memo
from .metrics.anomalies import Anomaly
from .metrics.compare import add_comparisons
from .metrics.incidents import Incident
from .metrics.judge import Rules, judge_totals
from .metrics.products import daily_calendar, roll_up, store_totals
from .monthly import Review, month_reviews
from .rules import Action, findings, to_actions
from .rules.todo import carry_since
from .unreplied import Unreplied, unreplied_list
from .weekly import MONTH, WEEK, Context, WeekFacts, all_facts, with_since


@dataclass
class Analysis:
    """What the pages are made of (every frame as of ``inputs.as_of``)."""

    inputs: Inputs
    daily: pd.DataFrame  # store totals per calendar day with baselines and bands (index: date)
    weekly: pd.DataFrame  # … per week (Sun–Sat, index: its Saturday)
    monthly: pd.DataFrame  # … per month (index: its last day)
    keywords: pd.DataFrame = field(default_factory=empty_library)  # the keyword library
    months: dict[dt.date, Review] = field(default_factory=dict)  # each month's review
    # (granularity, period end) → rows left out of that period's product export
    rejected_rows: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    # per day up to the as-of date (analysis.daily): its anomalies with their causes, its
    # facts (inquiries, P4P, channels, countries) and its to-do items
    day_anomalies: dict[dt.date, list[Anomaly]] = field(default_factory=dict)
    day_facts: dict[dt.date, DayFacts] = field(default_factory=dict)
    day_actions: dict[dt.date, list[Action]] = field(default_factory=dict)
    # per day: its incidents (anomalies of the store, categories, countries, channels and top
    # products, merged over related metrics and consecutive days, with their cause chains)
    day_incidents: dict[dt.date, list[Incident]] = field(default_factory=dict)
    # the reader's date (the scheduler's, in its time zone): decides which weeks and months
    # are final; default as_of + lag_days
    today: dt.date | None = None
    # the weekly analysis of every week, and of every month at month scale (index: period end)
    weeks: dict[dt.date, WeekFacts] = field(default_factory=dict)
    month_scale: dict[dt.date, WeekFacts] = field(default_factory=dict)
    # the inquiries waiting for a first reply past reply_within_hours, as the reader reads the
    # site (the home page's live list)
    unreplied: Unreplied = field(default_factory=Unreplied)
    # (scope, period end) → the key its facts were kept or computed for (analysis/memo.py:
    # the code, the settings and every input they read); empty without a memo. Equal keys,
    # equal facts: a page takes a period's key for the facts it shows instead of hashing them
    keys: dict[tuple[str, dt.date], str] = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        return self.inputs.as_of

    # the inputs, as the pages read them
    @property
    def day_rows(self) -> pd.DataFrame:
        return self.inputs.day_rows

    @property
    def week_rows(self) -> pd.DataFrame:
        return self.inputs.week_rows

    @property
    def month_rows(self) -> pd.DataFrame:
        return self.inputs.month_rows

    @property
    def sheets(self) -> dict[str, pd.DataFrame]:
        return self.inputs.sheets

    @property
    def kinds(self) -> pd.DataFrame:
        return self.inputs.kinds

    @property
    def events(self) -> pd.DataFrame:
        return self.inputs.events

    @property
    def log(self) -> pd.DataFrame:
        return self.inputs.log

    @property
    def runs(self) -> pd.DataFrame:
        return self.inputs.runs

    @property
    def pushes(self) -> dict[str, dict[str, Any]]:
        return self.inputs.pushes

    @property
    def row_problems(self) -> pd.DataFrame:
        return self.inputs.row_problems

    def reader_today(self, lag_days: int) -> dt.date:
        """The reader's day: decides which weeks and months are final."""
        return reader_today(self.as_of, self.today, lag_days)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every fact as a table by name (``daily``, ``keywords``, ``inputs.day_rows`` …),
        for a notebook; made from the fields, whatever they are (:mod:`.frames`)."""
        return frames_of(self)


def rejected_rows(row_problems: pd.DataFrame) -> dict[tuple[str, dt.date], int]:
    """(granularity, period end) → rows left out of that period's current product export."""
    rp = row_problems
    if not len(rp):
        return {}
    mine = rp[(rp["kind"] == "products") & (rp["action"] == "rejected") & rp["current"]]
    counts = mine.groupby(["granularity", "period_end"])["excel_row"].nunique()
    return {(g, pd.Timestamp(e).date()): int(n) for (g, e), n in counts.items()}


def totals(inputs: Inputs, settings: Settings) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The store's totals per day (every calendar day from the first export to the as-of
    date), per week and per month (exported, or summed from a complete set of days), each
    with one judgement per KPI (metrics/judge.py: baseline, band, change, verdict; a day's is
    the anomaly list's own test) and its comparison with the period before (and a month with
    the same month last year), like with like (metrics/compare.py)."""
    as_of = inputs.as_of
    daily = store_totals(inputs.day_rows)
    if len(daily):
        daily = daily_calendar(daily, min(daily.index), max(max(daily.index), as_of))
    weekly = roll_up(daily, "week", store_totals(inputs.week_rows))
    monthly = roll_up(daily, "month", store_totals(inputs.month_rows))
    rules = Rules(
        k=settings.anomaly_k,
        min_change=settings.anomaly_min_change,
        small=settings.change_small,
        clear=settings.change_clear,
        large=settings.change_large,
    )
    return (
        judge_totals(daily, "day", settings.anomaly_weeks, rules),
        add_comparisons(
            judge_totals(weekly[weekly.index <= as_of], "week", settings.baseline_weeks, rules),
            daily,
            "week",
        ),
        add_comparisons(
            judge_totals(monthly[monthly.index <= as_of], "month", settings.baseline_months, rules),
            daily,
            "month",
        ),
    )


def analyse(
    inputs: Inputs, settings: Settings, today: dt.date | None = None, memo: Memo | None = None
) -> Analysis:
    """Every fact the site shows, as of ``inputs.as_of``; ``today`` is the reader's date
    (default: as_of + lag_days). With a ``memo`` (analysis/memo.py), a period whose inputs,
    settings and code are those of its kept facts is not computed again; ``memo.fresh`` then
    holds this build's facts for the next."""
    daily, weekly, monthly = totals(inputs, settings)
    library = build_library(inputs.keyword_sources, inputs.as_of, settings, lang=settings.language)
    ctx = Context(inputs, weekly, monthly, library, settings, today)
    horizon = Horizon(inputs) if memo is not None else None
    month_scale = with_since(all_facts(ctx, MONTH, memo, horizon), "month")
    months = {}
    reviews = month_reviews(inputs, list(monthly.index), library, settings, memo, horizon)
    for end, review in reviews.items():
        if end in month_scale:
            review = review.with_review_items(len(month_scale[end].actions))
        months[end] = review.with_findings(findings("month", review, settings))
    month_actions = carry_since(
        {
            end: to_actions(end, MONTH.page(end), rv.findings, settings.language, "month")
            for end, rv in months.items()
        },
        "month",
    )
    months = {end: rv.with_actions(month_actions[end]) for end, rv in months.items()}
    anomalies, incidents = compute_anomalies(inputs, daily, settings, memo, horizon)
    days = compute_daily_facts(inputs, daily, anomalies, settings, today, incidents, memo, horizon)
    return Analysis(
        inputs=inputs,
        daily=daily,
        weekly=weekly,
        monthly=monthly,
        keywords=library,
        months=months,
        day_anomalies=days.anomalies,
        day_facts=days.facts,
        day_actions=carry_since(days.actions, "day"),
        day_incidents=days.incidents,
        rejected_rows=rejected_rows(inputs.row_problems),
        today=today,
        weeks=with_since(all_facts(ctx, WEEK, memo, horizon), "week"),
        month_scale=month_scale,
        unreplied=unreplied_list(
            inputs.sheets.get("inquiries", pd.DataFrame()), inputs.as_of, today, settings
        ),
        keys={period: key for period, (key, _) in memo.fresh.items()} if memo else {},
    )
