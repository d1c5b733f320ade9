"""The daily analysis (issue 4): every day's anomalies with their causes, its facts
(inquiries, P4P, channels, countries) and its to-do items, from the inputs and the day totals.
Pure functions of frames, the settings and the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..config import Settings
from ..foundation.parallel import cores, fork_map, strided
from ..foundation.periods import overdue_cutoff
from ..foundation.values import is_missing
from ..i18n import translate
from ..inputs import Inputs
from .day_anomalies import anomaly_fact
from .day_facts import AnomalyFact, DayFacts
from .day_incidents import incident_fact
from .memo import Horizon, Memo, key_of, recall
from .metrics.anomalies import Anomaly
from .metrics.bands import MIN_BAND_POINTS
from .metrics.daily import (
    by_dimension_days,
    campaign_budget,
    language_countries,
    p4p_day,
    with_dates,
)
from .metrics.incidents import Incident
from .metrics.inquiries import analyse_day, mark_duplicates, visit_paths
from .rules import LANGUAGE_SITES, Action, daily_actions
from .unreplied import open_on, prepare, read_moment

# a daily page's sections and the kind each is made from
DAY_SECTION_INPUTS = {
    "inquiries": "inquiries",
    "p4p": "p4p_account",
    "channels": "traffic_sources",
    "countries": "regions",
}
# the days of history a day's anomaly band needs (MIN_BAND_POINTS weeks)
HISTORY_NEEDED = 7 * MIN_BAND_POINTS


@dataclass
class DailyAnalysis:
    """Per day up to the as-of date: its anomalies (the store's), its incidents (anomalies of
    the store, categories, countries, channels and top products, merged), its facts and its
    to-do items."""

    anomalies: dict[dt.date, list[Anomaly]]
    facts: dict[dt.date, DayFacts]
    actions: dict[dt.date, list[Action]]
    incidents: dict[dt.date, list[Incident]] = field(default_factory=dict)


class Dated:
    """A frame's rows by a date column, found by binary search: :meth:`between` gives exactly
    ``frame[(first <= date) & (date <= last)]`` (same rows, same order, same index) without
    comparing every row on every day — the facts of each day read a few days of rows."""

    def __init__(self, frame: pd.DataFrame, col: str) -> None:
        self.frame = frame
        if frame.empty or col not in frame:
            self.order = np.zeros(0, dtype=np.intp)
            self.days = np.zeros(0, dtype="datetime64[D]")
            return
        days = pd.to_datetime(frame[col], errors="coerce").dt.normalize().to_numpy()
        self.order = np.argsort(days, kind="stable")  # NaT last: never found
        self.days = days[self.order]

    def between(self, first: dt.date, last: dt.date) -> pd.DataFrame:
        if not len(self.order):
            return self.frame.iloc[0:0]
        lo = np.searchsorted(self.days, np.datetime64(first, "D"), side="left")
        hi = np.searchsorted(self.days, np.datetime64(last, "D"), side="right")
        return self.frame.iloc[np.sort(self.order[lo:hi])]


@dataclass
class DayInputs:
    """The sheets the day facts read, dated once for every day."""

    settings: Settings
    daily: pd.DataFrame  # the store's day totals
    anomalies: dict[dt.date, list[Anomaly]]
    incidents: dict[dt.date, list[Incident]]
    spans: dict[str, list[tuple[dt.date, dt.date]]]  # per section: the days its files cover
    inquiries: pd.DataFrame
    inquiry_days: set[dt.date]
    account: pd.DataFrame
    campaigns: pd.DataFrame
    sources: pd.DataFrame
    regions: pd.DataFrame
    visitors: pd.DataFrame  # 访客详情: the inquiring buyers' visit paths
    as_of: dt.date | None = None  # the data's date and the reader's: when a day's page is read
    today: dt.date | None = None
    open_inquiries: pd.DataFrame = field(default_factory=pd.DataFrame)  # unreplied.prepare'd
    # the dated sheets by day, for the few days each day reads (made by day_inputs)
    by_day: dict[str, Dated] = field(default_factory=dict)
    # per sheet: every day's table by country (channel), made at once on first use
    tables: dict[str, dict[dt.date, pd.DataFrame]] = field(default_factory=dict)

    def day_table(self, name: str, day: dt.date, key: str, cols: list[str]) -> pd.DataFrame:
        """The day's table of ``name`` by ``key`` (:func:`by_dimension_day`; empty: no rows)."""
        if name not in self.tables:
            self.tables[name] = by_dimension_days(getattr(self, name), key, "date", cols)
        return self.tables[name].get(day, _NO_TABLE)

    def rows(self, name: str, first: dt.date, last: dt.date) -> pd.DataFrame:
        """``name``'s rows dated first … last (the whole sheet filtered, as the day sees it)."""
        if name not in self.by_day:
            frame = getattr(self, name)
            self.by_day[name] = Dated(frame, NAME_DATE[name])
        return self.by_day[name].between(first, last)


_NO_TABLE = pd.DataFrame()

# the date column each of DayInputs' sheets is read by
NAME_DATE = {
    "inquiries": "stat_date",
    "account": "date",
    "campaigns": "period_end",
    "sources": "date",
    "regions": "date",
    "visitors": "visit_date",
}


def day_inputs(
    sheets: dict[str, pd.DataFrame],
    daily: pd.DataFrame,
    anomalies: dict[dt.date, list[Anomaly]],
    incidents: dict[dt.date, list[Incident]],
    settings: Settings,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> DayInputs:
    inquiries = sheets.get("inquiries", pd.DataFrame())
    if len(inquiries):
        inquiries = inquiries.assign(stat_date=pd.to_datetime(inquiries["stat_date"]).dt.date)
        inquiries["duplicate"] = mark_duplicates(inquiries, settings.duplicate_window_days)
    return DayInputs(
        settings,
        daily,
        anomalies,
        incidents,
        {
            key: covered_days(sheets.get(kind, pd.DataFrame()))
            for key, kind in DAY_SECTION_INPUTS.items()
        },
        inquiries,
        set(inquiries["stat_date"]) if len(inquiries) else set(),
        with_dates(sheets.get("p4p_account", pd.DataFrame()), "date"),
        with_dates(sheets.get("p4p_campaigns", pd.DataFrame()), "period_end"),
        with_dates(sheets.get("traffic_sources", pd.DataFrame()), "date"),
        with_dates(sheets.get("regions", pd.DataFrame()), "date"),
        inquired_visitors(sheets.get("visitors", pd.DataFrame())),
        as_of,
        today,
        prepare(inquiries) if len(inquiries) else inquiries,
    )


def inquired_visitors(visitors: pd.DataFrame) -> pd.DataFrame:
    """The visitors marked as inquiring (是否询盘), when the sheet marks any: the only ones
    :func:`~.metrics.inquiries.visit_paths` matches, chosen once for every day."""
    if "inquired" in visitors and visitors["inquired"].notna().any():
        return visitors[visitors["inquired"].fillna(False).astype(bool)]
    return visitors


def compute_daily_facts(
    inputs: Inputs,
    daily: pd.DataFrame,
    anomalies: dict[dt.date, list[Anomaly]],
    settings: Settings,
    today: dt.date | None = None,
    incidents: dict[dt.date, list[Incident]] | None = None,
    memo: Memo | None = None,
    horizon: Horizon | None = None,
) -> DailyAnalysis:
    """Per day: the facts the rules read (anomalies, incidents, inquiries, P4P, countries)
    and the resulting actions, for every day up to the as-of date with data of any kind (a day
    with inquiries or P4P but no product export too); ``today`` is the reader's date (when a
    day's unreplied inquiries are judged)."""
    incidents = incidents or {}
    given = day_inputs(inputs.sheets, daily, anomalies, incidents, settings, inputs.as_of, today)
    sheet_days = {
        day
        for frame in (given.account, given.regions, given.sources)
        if len(frame)
        for day in frame["date"]
    }
    days = sorted(
        day
        for day in {
            *anomalies,
            *daily.dropna(subset=["impressions"]).index,
            *given.inquiry_days,
            *sheet_days,
            # the as-of day's to-do holds the live unreplied inquiries, whatever arrived that day
            *([inputs.as_of] if len(given.inquiries) else []),
        }
        if isinstance(day, dt.date) and day <= inputs.as_of
    )

    def compute(todo: list[dt.date]) -> dict[dt.date, tuple[DayFacts, list[Action]]]:
        return {d: (f, a) for d, f, a in facts_for_days(given, todo)}

    made = recall(
        memo,
        horizon,
        "facts:day",
        days,
        lambda code, h: {d: day_key(given, d, code, h) for d in days},
        compute,
    )
    done = [(d, *made[d]) for d in days]
    return DailyAnalysis(
        anomalies,
        {day: facts for day, facts, _ in done},
        {day: actions for day, _, actions in done},
        incidents,
    )


def facts_for_days(
    given: DayInputs, days: list[dt.date]
) -> list[tuple[dt.date, DayFacts, list[Action]]]:
    """The facts of many days, on every core when there are many."""
    parts = fork_map(
        lambda g, chunk: [facts_for_day(g, d) for d in chunk],
        given,
        strided(days, cores()),
        parallel=len(days) >= 60,
    )
    return sorted((item for part in parts for item in part), key=lambda item: item[0])


# the sheets a day's facts read (their being empty at all changes nothing else of a day)
DAY_KINDS = ("inquiries", "visitors", "p4p_account", "p4p_campaigns", "traffic_sources", "regions")
DAY_FRAMES = ("day_rows", *(f"sheet:{k}" for k in DAY_KINDS))


def day_key(given: DayInputs, day: dt.date, code: str, horizon: Horizon) -> str:
    """What a day's facts are made of (analysis/memo.py): the code, the settings, the inputs
    up to the moment its page is read (its unreplied inquiries are those open then), its
    anomalies and incidents, which sheets cover it, and for the as-of day the reader's date."""
    s, as_of = given.settings, given.as_of or day
    moment = read_moment(day, as_of, given.today, s)
    return key_of(
        code,
        s,
        day,
        moment,
        day >= as_of,
        horizon.upto(max(day, moment.date()), DAY_FRAMES),
        horizon.empties(DAY_KINDS),
        [(k, any(a <= day <= b for a, b in spans)) for k, spans in sorted(given.spans.items())],
        given.anomalies.get(day),
        given.incidents.get(day),
        (as_of, given.today) if day >= as_of else None,
    )


def anomaly_facts(given: DayInputs, day: dt.date) -> list[AnomalyFact]:
    """A day's to-do facts: a missing product export, then one per incident."""
    lang = given.settings.language
    missing = [anomaly_fact(a, lang) for a in given.anomalies.get(day, []) if a.missing]
    return missing + [incident_fact(inc, lang) for inc in given.incidents.get(day, [])]


def inquiry_facts(given: DayInputs, day: dt.date) -> dict[str, Any] | None:
    """The day's inquiries: counts, quality, duplicates, templates, replies by owner."""
    s = given.settings
    window = given.rows("inquiries", day - dt.timedelta(days=s.duplicate_window_days), day)
    got = analyse_day(
        window,
        day,
        now=overdue_cutoff(day),
        window_days=s.duplicate_window_days,
        similarity=s.template_similarity,
        max_chars=s.template_max_chars,
        reply_within=s.reply_within_hours,
    )
    if not got["count"]:
        return None
    # the day's inquiries are matched to visitors of their own day only
    visitors = given.rows("visitors", day, day)
    got["paths"] = visit_paths(got["rows"], visitors)  # type: ignore[arg-type]
    return got


def facts_for_day(given: DayInputs, day: dt.date) -> tuple[dt.date, DayFacts, list[Action]]:
    s = given.settings
    facts = DayFacts(
        day,
        anomaly_facts(given, day),
        section_inputs={
            key: "covered" if any(a <= day <= b for a, b in spans) else "missing"
            for key, spans in given.spans.items()
        },
        history_days=history_days(given.daily, day, HISTORY_NEEDED) if len(given.daily) else 0,
    )
    if day in given.inquiry_days:
        facts.inquiries = inquiry_facts(given, day)
    if len(given.open_inquiries):  # open when the day's page is read, whenever they arrived
        facts.unreplied = open_on(given.open_inquiries, day, given.as_of or day, given.today, s)
    if len(given.account):
        budget = campaign_budget(given.rows("campaigns", dt.date.min, day), day)
        p4p = p4p_day(given.rows("account", day - dt.timedelta(days=7), day), day, budget)
        if p4p is not None:  # the day's account figures only: a keyword report spans a week
            facts.p4p = p4p
    if len(given.sources):
        cols = ["store_visitors", "inquiry_buyers"]
        ch = given.day_table("sources", day, "channel", cols)
        if len(ch):
            facts.channels = ch
    if len(given.regions):
        cols = ["search_impressions", "search_clicks", "inquiry_buyers"]
        countries = given.day_table("regions", day, "country", cols)
        if len(countries):
            facts.countries = countries
            facts.language_countries = language_countries(countries, LANGUAGE_SITES, s.country_rise)
    return day, facts, daily_actions(facts, s)


def missing_days_merged(actions: list[Action], lang: str) -> list[Action]:
    """To-do items with each run of consecutive days without a product export said once (a
    store whose exports stopped a month ago gets one line, not thirty)."""
    out: list[Action] = []
    run: list[Action] = []

    def flush() -> None:
        if len(run) > 1:
            first, last = run[0].date.isoformat(), run[-1].date.isoformat()
            text = translate("missing_days", lang, first=first, last=last, n=len(run))
            out.append(replace(run[0], message=text))
        else:
            out.extend(run)
        run.clear()

    for a in actions:
        if a.rule == "missing_data":
            if run and a.date != run[-1].date + dt.timedelta(days=1):
                flush()
            run.append(a)
        else:
            flush()
            out.append(a)
    flush()
    return out


def history_days(daily: pd.DataFrame, day: dt.date, days: int) -> int:
    """Days with product data among the ``days`` days before ``day``."""
    window = daily["impressions"].loc[day - dt.timedelta(days=days) : day]
    return int(window.drop(day, errors="ignore").notna().sum())


def covered_days(frame: pd.DataFrame) -> list[tuple[dt.date, dt.date]]:
    """The spans (file periods) a dated kind's rows cover."""
    spans: set[tuple[dt.date, dt.date]] = set()
    if len(frame) and {"period_start", "period_end"} <= set(frame.columns):
        pairs = frame[["period_start", "period_end"]].drop_duplicates()
        spans = {
            (pd.Timestamp(a).date(), pd.Timestamp(b).date())
            for a, b in zip(pairs["period_start"], pairs["period_end"], strict=True)
            if not is_missing(a) and not is_missing(b)
        }
    return sorted(spans)
