"""The day's action items, each rule at the edge of its threshold, and the P4P/countries facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import string

import numpy as np
import pandas as pd
import pytest

from generator.analysis.daily import compute_daily_facts
from generator.analysis.day_facts import AnomalyFact, DayFacts
from generator.analysis.metrics.daily import (
    by_dimension_day,
    by_dimension_days,
    language_countries,
    p4p_day,
)
from generator.analysis.rules import LANGUAGE_SITES, RULES, daily_actions
from generator.analysis.unreplied import OwnerWait
from generator.config import Settings
from generator.i18n import CATALOG
from generator.inputs import Inputs

DAY = dt.date(2026, 11, 21)
S = Settings()


def rules_of(facts: DayFacts) -> list[str]:
    return [a.rule for a in daily_actions(facts, S)]


@pytest.mark.parametrize(("hours", "raised"), [(19.9, True), (20.0, False)])
def test_p4p_promotion_hours_under_20(hours: float, raised: bool) -> None:
    assert ("p4p_hours" in rules_of(DayFacts(DAY, p4p={"promo_hours": hours}))) is raised


@pytest.mark.parametrize(("use", "raised"), [(0.79, True), (0.80, False)])
def test_p4p_budget_use_under_80_percent(use: float, raised: bool) -> None:
    assert ("p4p_budget" in rules_of(DayFacts(DAY, p4p={"budget_use": use}))) is raised


@pytest.mark.parametrize(("avg", "raised"), [(8.1, True), (8.0, False)])
def test_average_reply_time_over_8_hours(avg: float, raised: bool) -> None:
    inquiries = {"count": 3, "avg_reply_hours": avg}
    assert ("slow_replies" in rules_of(DayFacts(DAY, inquiries=inquiries))) is raised


def test_each_owner_with_overdue_inquiries_gets_an_item_linking_to_the_live_list() -> None:
    waits = [OwnerWait("李娜", 2, 61.5), OwnerWait("张伟", 1, 30.0)]
    found = daily_actions(DayFacts(DAY, unreplied=waits), S)
    items = [a for a in found if a.rule == "unreplied_inquiries"]
    assert [a.subject for a in items] == ["李娜", "张伟"]
    # whole hours waited, as the home page's live list says them (61.5 h → 61)
    assert "李娜 有 2 条询盘超过 24 小时未回复，最久的已等 61 小时" in items[0].message
    assert items[0].link == "index.md#unreplied"


def test_a_missing_day_asks_for_the_export_and_a_quiet_day_asks_nothing() -> None:
    [action] = daily_actions(DayFacts(DAY, [AnomalyFact("data", missing=True)]), S)
    assert (action.rule, action.link) == ("missing_data", "import-status.md")
    assert "2026-11-21" in action.message
    assert rules_of(DayFacts(DAY)) == []


def test_an_anomaly_says_the_metric_the_change_and_its_cause() -> None:
    fact = AnomalyFact("inquiries", False, "询盘数", "下降", "35.0%", "国家 Brazil (60%)")
    [action] = daily_actions(DayFacts(DAY, [fact]), S)
    assert action.rule == "anomaly" and action.subject == "inquiries"
    assert all(part in action.message for part in ("询盘数", "下降", "35.0%", "Brazil (60%)"))
    assert action.link == "daily/2026-11-21.md#anomalies"


def test_a_rising_language_site_country_is_an_item() -> None:
    facts = DayFacts(DAY, language_countries=[("Brazil", 0.45, "pt")])
    found = {a.rule: a for a in daily_actions(facts, S)}
    assert set(found) == {"language_site"}
    assert "Brazil" in found["language_site"].message and "+45%" in found["language_site"].message


def test_the_english_site_gets_english_actions() -> None:
    [action] = daily_actions(DayFacts(DAY, p4p={"promo_hours": 12.0}), Settings(language="en"))
    assert action.message.startswith("P4P ran 12.0 h, under 20.0 h")


def test_p4p_day_against_the_week_and_budget_use() -> None:
    days = [DAY - dt.timedelta(days=i) for i in range(8)]
    account = pd.DataFrame(
        {
            "date": days,
            "impressions": [1000] * 8,
            "clicks": [10] * 8,
            "spend": [40.0] + [50.0] * 7,
            "promo_hours": [18.0] + [24.0] * 7,
            "budget": [None] * 8,
        }
    )
    got = p4p_day(account, DAY, budget=100.0)
    assert got is not None
    assert got["budget_use"] == pytest.approx(0.4)
    assert got["week"]["spend"] == pytest.approx(50.0)
    assert got["cpc"] == pytest.approx(4.0)
    assert (
        p4p_day(account, DAY + dt.timedelta(days=1), 100.0) is None
    )  # no data: nothing, not zeros


def test_a_weekly_keyword_report_never_speaks_for_a_day() -> None:
    """A week's P4P keyword report (a word spending 28.96 元 that week) does not become the day's
    wasted words: the day's P4P section and to-do list hold the day's account figures only."""
    days = [DAY - dt.timedelta(days=i) for i in range(7)]
    account = pd.DataFrame(
        {
            "date": days,
            "impressions": [1000] * 7,
            "clicks": [10] * 7,
            "spend": [24.04] * 7,
            "promo_hours": [24.0] * 7,
            "budget": [None] * 7,
        }
    )
    week = pd.DataFrame(
        {
            "period_start": [days[-1]] * 2,
            "period_end": [DAY] * 2,
            "granularity": ["week"] * 2,
            "keyword": ["solar garden light", "garden lamp"],
            "spend": [28.96, 12.0],
            "clicks": [9, 0],
            "impressions": [900, 100],
            "inquiries": [0, 0],
        }
    )
    inputs = Inputs(DAY, sheets={"p4p_account": account, "p4p_keywords": week})
    facts = compute_daily_facts(inputs, pd.DataFrame(columns=["impressions"]), {}, S)
    for day in days:
        p4p = facts.facts[day].p4p
        assert p4p is not None and p4p["spend"] == pytest.approx(24.04)
        assert "solar garden light" not in repr(p4p)
        assert all("solar garden light" not in a.message for a in facts.actions.get(day, []))


@pytest.mark.parametrize(("today", "raised"), [(130, True), (129, False)])
def test_a_language_site_country_rising_by_30_percent(today: int, raised: bool) -> None:
    days = [DAY - dt.timedelta(days=i) for i in range(8)]
    regions = pd.DataFrame(
        [
            {
                "date": d,
                "country": c,
                "search_impressions": (today if d == DAY else 100) if c == "Brazil" else 500,
                "search_clicks": 5,
                "inquiry_buyers": 1,
            }
            for d in days
            for c in ("Brazil", "United States")
        ]
    )
    table = by_dimension_day(
        regions, DAY, "country", "date", ["search_impressions", "search_clicks", "inquiry_buyers"]
    )
    found = language_countries(table, LANGUAGE_SITES, 0.3)
    assert found == ([("Brazil", pytest.approx(today / 100 - 1), "pt")] if raised else [])


def test_every_days_country_tables_at_once_equal_each_days_own() -> None:
    """The daily pages' country and channel tables are made for all days in one pass
    (by_dimension_days); each is the table the one-day function makes: same rows, order,
    values and types, with gaps, a missing figure and rows in no particular order."""
    rng = np.random.default_rng(3)
    rows = [
        {
            "date": DAY - dt.timedelta(days=int(i)),
            "country": str(c),
            "search_impressions": int(rng.integers(0, 400)),
            "search_clicks": float(rng.integers(0, 20)) if rng.random() > 0.1 else np.nan,
            "inquiry_buyers": int(rng.integers(0, 3)),
        }
        for i in rng.permutation([*range(0, 12), *range(15, 30)])
        for c in rng.choice(["Brazil", "United States", "India", "Spain"], size=3)
    ]
    regions = pd.DataFrame(rows * 2)  # two rows of a country on a day are added up
    cols = ["search_impressions", "search_clicks", "inquiry_buyers"]
    tables = by_dimension_days(regions, "country", "date", cols)
    assert sorted(tables) == sorted(set(regions["date"]))
    for day, table in tables.items():
        one = by_dimension_day(regions, day, "country", "date", cols)
        pd.testing.assert_frame_equal(table, one, check_exact=True)
        assert len(table) and (table.dtypes == one.dtypes).all()


def test_every_rule_names_real_settings_and_takes_the_same_values_in_both_languages() -> None:
    """A misspelt setting in a rule, or a placeholder only one language's message has (a
    KeyError on that language's site only), fails here."""
    fields = {f.name for f in dataclasses.fields(Settings)}

    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for rule in RULES.values():
        assert set(rule.settings) <= fields, rule.name
        zh, en = CATALOG[rule.key]
        assert placeholders(zh) == placeholders(en), rule.name


def test_every_to_do_item_comes_from_the_one_rules_registry() -> None:
    """No module outside generator/analysis/rules makes a to-do item or a finding, and the
    render stage judges nothing: it only shows the items the analysis made."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "generator"
    rules = package / "analysis" / "rules"
    makers, judges, unknown = [], [], []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            where = f"{path.relative_to(package)}:{node.lineno}"
            if name in ("Action", "Finding") and rules not in path.parents:
                makers.append(where)
            first = node.args[0] if node.args else None
            if name == "Finding" and isinstance(first, ast.Constant):
                unknown += [] if first.value in RULES else [f"{where} {first.value}"]
            if name in ("findings", "to_actions", "daily_actions") and "render" in path.parts:
                judges.append(where)
    assert not makers, f"to-do items made outside the rules: {makers}"
    assert not judges, f"rules run while rendering: {judges}"
    assert not unknown, f"findings of rules that are not registered: {unknown}"
    periods = {r.period for r in RULES.values()}
    assert periods == {"day", "week", "month"}
    assert all(r.check is not None for r in RULES.values() if r.period == "month")
