"""One judgement per metric per period (issue 15 item 3; PLAYBOOK *How findings are judged*).

Tiny hand-made stores (two products, five weeks, the product rows the store gives the
analysis): a day is judged against the same weekday of the weeks before, with the counting
noise of small numbers, and the KPI cards, the home page's lead, 「先看这里」 and the anomaly
list say the same of every day."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from generator.analysis import Analysis, analyse
from generator.analysis.metrics.anomalies import WATCHED
from generator.analysis.metrics.products import category_table, product_table
from generator.analysis.metrics.registry import METRICS
from generator.config import Settings
from generator.inputs import Inputs
from generator.render.pages import Renderer

D = dt.date
FIRST = D(2026, 10, 11)  # a Sunday: five weeks to Saturday 11-14
TUESDAY = D(2026, 11, 10)  # the fifth Tuesday: four steady Tuesdays before it
SETTINGS = Settings()


def steady(day: dt.date) -> tuple[int, int, int, int]:
    """A store with a strong weekly rhythm: 1,000 impressions on weekdays, 400 at weekends
    (a little day-to-day wobble), 2 % CTR, 80 % visitors per click, an inquiry a weekday."""
    wobble = ((day - FIRST).days * 37) % 21 - 10  # −10 … +10, no weekly pattern
    weekend = day.weekday() >= 5
    imp = (400 if weekend else 1000) + wobble
    clicks = round(imp * 0.02)
    visitors = round(clicks * 0.8)
    return imp, clicks, visitors, 0 if weekend else 1


def product_rows(days: dict[dt.date, tuple[int, int, int, int]]) -> pd.DataFrame:
    """The daily product rows (as the store gives them): each day's totals split 60/40."""
    rows = []
    for day, counts in days.items():
        first = [round(c * 0.6) for c in counts]
        for pid, title, share in (
            ("1601", "Solar garden light", first),
            ("1602", "Patio chair", [c - f for c, f in zip(counts, first, strict=True)]),
        ):
            imp, clk, vis, inq = share
            rows.append(
                {
                    "file_id": 1,
                    "period_start": day,
                    "period_end": pd.Timestamp(day),
                    "granularity": "day",
                    "product_id": pid,
                    "title": title,
                    "owner": "张伟",
                    "search_impressions": imp,
                    "search_clicks": clk,
                    "visitors": vis,
                    "inquiries": inq,
                    "tm_buyers": 0,
                    "showcase": False,
                    "in_p4p": False,
                }
            )
    return pd.DataFrame(rows)


def store(
    last: dt.date, changes: dict[dt.date, tuple[int, int, int, int]] | None = None
) -> Analysis:
    days = {FIRST + dt.timedelta(days=i): None for i in range((last - FIRST).days + 1)}
    values = {d: (changes or {}).get(d) or steady(d) for d in days}
    return analyse(Inputs(as_of=last, day_rows=product_rows(values)), SETTINGS)


@pytest.fixture(scope="session")
def rhythm() -> Analysis:
    """Five quiet weeks, and 3 inquiries instead of 1 on the last Tuesday."""
    imp, clk, vis, _ = steady(TUESDAY)
    return store(D(2026, 11, 14), {TUESDAY: (imp, clk, vis, 3)})


@pytest.fixture(scope="session")
def drop() -> Analysis:
    """Impressions (and the clicks and visitors they bring) halve on the fifth Tuesday."""
    imp, clk, vis, inq = steady(TUESDAY)
    return store(TUESDAY, {TUESDAY: (imp // 2, clk // 2, vis // 2, inq)})


def renderer(data: Analysis) -> Renderer:
    return Renderer(SETTINGS, data)


def base_label(r: Renderer) -> str:
    return r.t("baseline_day", n=SETTINGS.anomaly_weeks)


def cards_of(r: Renderer, day: dt.date) -> dict[str, str]:
    """Each KPI card's colour class (up / down / flat) by metric label."""
    html = r.kpi_cards(r.kpi_rows(r.data.daily.loc[day]))
    return {
        label: cls
        for cls, label in re.findall(
            r'<div class="ops-kpi (\w+) [^"]*"><div class="ops-kpi-label">([^<]+)<', html
        )
    }


def start_here(r: Renderer, day: dt.date) -> list[str]:
    """「先看这里」 as the daily page makes it (with the day's category and product tables)."""
    rows = r.data.day_rows
    products = product_table(rows[rows["period_end"] == pd.Timestamp(day)], day, None, r.categorise)
    return r.start_here(
        r.kpi_rows(r.data.daily.loc[day]), category_table(products), products, base_label(r)
    )


def anomalies_of(data: Analysis, day: dt.date) -> set[str]:
    """The store-level metrics in the day's anomaly list (not the categories', products'…)."""
    return {
        a.metric
        for a in data.day_anomalies.get(day, [])
        if not a.missing and getattr(a, "dimension", "store") in ("store", "", None)
    }


def said(items: list[str], metric: str) -> bool:
    return any(f"**{METRICS[metric].zh}**" in item for item in items)


def test_weekends_are_judged_against_weekends_and_are_not_red(rhythm: Analysis) -> None:
    daily = rhythm.daily
    saturday = D(2026, 11, 14)
    r = renderer(rhythm)
    assert set(cards_of(r, saturday).values()) == {"flat"}
    # ~400 impressions against 1,000-ish weekdays: −60 %, but Saturdays are ~400
    assert daily.loc[saturday, "impressions_change"] == pytest.approx(0, abs=0.05)
    judged = [d for d in daily.index if daily.loc[d, "impressions_verdict"] != "short"]
    weekends = [d for d in judged if d.weekday() >= 5]
    assert len(weekends) == 2  # the fifth weekend (four of each weekday before it)
    for day in weekends:
        assert daily.loc[day, "impressions_verdict"] == "normal"
        cards = cards_of(r, day)
        assert "down" not in cards.values() and "up" not in cards.values(), (day, cards)
        assert not any("**" in s and "超出正常范围" in s for s in start_here(r, day))
    # the cards' baseline says what it is
    assert base_label(r) == "同星期几（近 8 周）中位数"


def test_one_to_three_inquiries_is_normal(rhythm: Analysis) -> None:
    r = renderer(rhythm)
    assert cards_of(r, TUESDAY)["询盘数"] == "flat"
    assert not said(start_here(r, TUESDAY), "inquiries")
    assert "inquiries" not in anomalies_of(rhythm, TUESDAY)
    row = rhythm.daily.loc[TUESDAY]
    assert row["inquiries"] == 3 and row["inquiries_base"] == 1  # +200 %
    assert row["inquiries_verdict"] == "normal"
    assert row["inquiries_high"] >= 3  # a Poisson band: 1 ± 3·√1
    assert row["inquiry_rate_verdict"] == "normal"  # 3 of 16 visitors: binomial noise


def test_a_real_drop_is_large_on_the_cards_start_here_and_the_anomaly_list(drop: Analysis) -> None:
    row = drop.daily.loc[TUESDAY]
    assert row["impressions_verdict"] == "down" and row["impressions_size"] == "large"
    assert row["impressions_change"] == pytest.approx(-0.5, abs=0.02)
    assert row["impressions_have"] == 4
    r = renderer(drop)
    assert cards_of(r, TUESDAY)["搜索曝光"] == "down"
    items = start_here(r, TUESDAY)
    sentence = next(s for s in items if "**搜索曝光**" in s)
    assert "大幅下降" in sentence and "同星期几（近 8 周）中位数" in sentence
    assert "impressions" in anomalies_of(drop, TUESDAY)
    # the home page leads with it, in the same words
    r.render_home([TUESDAY])
    home = r.out.files["index.md"].decode()
    assert sentence in home
    assert 'class="ops-kpi down band-large"><div class="ops-kpi-label">搜索曝光' in home
    assert re.search(r"大幅下降 −(49\.\d|50\.\d)% · 基线 1,0\d\d", home)


def test_the_cards_start_here_and_the_anomaly_list_agree_on_every_day(
    rhythm: Analysis, drop: Analysis
) -> None:
    for data in (rhythm, drop):
        r = renderer(data)
        for day in data.daily.index:
            cards = cards_of(r, day)
            items = start_here(r, day)
            listed = anomalies_of(data, day)
            for m in WATCHED:
                moved = m in listed
                assert (cards[METRICS[m].zh] in ("up", "down")) == moved, (day, m, cards)
                assert said(items, m) == moved, (day, m, items)
                assert (data.daily.loc[day].get(f"{m}_verdict") in ("up", "down")) == moved
    assert any(drop.day_anomalies.values())  # the check above saw an anomaly, not only quiet


def test_two_days_of_history_say_short_history_never_normal() -> None:
    data = store(FIRST + dt.timedelta(days=1))
    r = renderer(data)
    day = FIRST + dt.timedelta(days=1)
    row = data.daily.loc[day]
    assert {row[f"{m}_verdict"] for m in WATCHED} == {"short"}
    rows = r.kpi_rows(row)
    assert all(x["band"] == "历史不足" for x in rows)
    cards = r.kpi_cards(rows)
    assert "历史不足：同星期几已有 0 周，需要 4 周" in cards and "正常" not in cards
    r.render_home([day])
    home = r.out.files["index.md"].decode()
    assert "历史数据不足：同星期几已有 0 周的数据，需要 4 周" in home
    assert "正常范围内" not in home.split("##")[0]  # the lead never calls it normal


def test_a_missing_day_is_not_judged_and_stays_missing() -> None:
    data = store(D(2026, 11, 14))
    gap = D(2026, 11, 11)
    inputs = data.inputs
    rows = inputs.day_rows[inputs.day_rows["period_end"] != pd.Timestamp(gap)]
    daily = analyse(Inputs(as_of=inputs.as_of, day_rows=rows), SETTINGS).daily
    assert pd.isna(daily.loc[gap, "impressions"])  # missing, never 0
    assert daily.loc[gap, "impressions_verdict"] == "none"
    # the days around it are judged as before
    assert daily.loc[D(2026, 11, 12), "impressions_verdict"] == "normal"


def test_a_week_is_judged_against_the_weeks_before_and_a_short_history_says_so(
    rhythm: Analysis,
) -> None:
    weekly = rhythm.weekly
    ends = list(weekly.index)
    assert len(ends) == 5
    first = weekly.loc[ends[0]]
    assert first["impressions_verdict"] == "short"
    assert (first["impressions_have"], first["impressions_need"]) == (0, 2)
    r = renderer(rhythm)
    text = r.short_history(r.kpi_rows(first)[0], "week")
    assert text == "历史数据不足：已有 0 周，需要 2 周。"
    # a steady store's weeks are normal
    assert set(weekly["impressions_verdict"].iloc[2:]) == {"normal"}


def test_a_count_is_judged_with_its_counting_noise_and_the_minimum_change() -> None:
    from generator.analysis.metrics.judge import Rules, judge

    rules = Rules(k=3.0, min_change=0.15, small=0.05, clear=0.10, large=0.20)
    steady_four = [10.0, 10.0, 10.0, 10.0]
    assert judge(3, [1.0] * 4, count=True, trials=None, rules=rules).verdict == "normal"
    up = judge(30, steady_four, count=True, trials=None, rules=rules)
    assert (up.verdict, up.size) == ("up", "large")
    assert judge(18, steady_four, count=True, trials=None, rules=rules).verdict == "normal"  # +80 %
    # outside a tight band but under the minimum change: normal, as in the anomaly list
    tight = [10_000.0, 10_010.0, 9_990.0, 10_000.0]
    near = judge(11_000, tight, count=True, trials=None, rules=rules)
    assert near.high is not None and near.high < 11_000 and near.verdict == "normal"
    short = judge(5, [10.0] * 3, count=True, trials=None, rules=rules)
    assert (short.verdict, short.have, short.need) == ("short", 3, 4)


def test_a_month_is_judged_per_day_against_months_of_other_lengths() -> None:
    from generator.analysis.metrics.judge import Rules, judge_totals
    from generator.analysis.metrics.products import add_rates

    rules = Rules(k=3.0, min_change=0.15, small=0.05, clear=0.10, large=0.20)
    ends = [D(2026, 11, 30), D(2026, 12, 31), D(2027, 1, 31), D(2027, 2, 28)]
    frame = pd.DataFrame(
        {
            "impressions": [1000.0 * e.day for e in ends],  # 1,000 a day in every month
            "clicks": [20.0 * e.day for e in ends],
            "visitors": [16.0 * e.day for e in ends],
            "inquiries": [1.0 * e.day for e in ends],
            "tm_buyers": [0.0] * 4,
        },
        index=ends,
    )
    got = judge_totals(add_rates(frame), "month", 3, rules)
    feb = got.loc[D(2027, 2, 28)]
    # February's 28,000 is no −10 % against 31,000-day months: per day it is the same
    assert feb["impressions_base"] == pytest.approx(28_000)
    assert feb["impressions_verdict"] == "normal"
    halved = frame.copy()
    halved.loc[D(2027, 2, 28), "impressions"] = 14_000.0
    feb = judge_totals(add_rates(halved), "month", 3, rules).loc[D(2027, 2, 28)]
    assert (feb["impressions_verdict"], feb["impressions_size"]) == ("down", "large")
    assert got.loc[D(2026, 12, 31), "impressions_verdict"] == "short"  # one month before it


def test_every_days_history_at_once_is_each_days_own() -> None:
    """judge_totals reads a day's same-weekday history from one pass over the calendar: the
    same values, in the same order, as looking each day up (missing days and values skipped)."""
    import random

    from generator.analysis.metrics.bands import same_weekday_histories, same_weekday_history

    rng = random.Random(7)
    days = [dt.date(2025, 3, 1) + dt.timedelta(days=i) for i in range(120)]
    values = [rng.choice([float("nan"), rng.randint(0, 40), rng.random()]) for _ in days]
    series = pd.Series(values, index=days)
    at_once = same_weekday_histories(series, 8)
    assert at_once is not None
    assert at_once == [same_weekday_history(series, d, 8) for d in days]
    assert sum(map(len, at_once)) > 300  # the calendar has history to read
    # a calendar with a day missing is looked up day by day
    assert same_weekday_histories(series.drop(days[50]), 8) is None
