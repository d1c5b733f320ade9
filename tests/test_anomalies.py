"""Anomaly detection and cause attribution against cases with a known answer."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from generator.analysis.metrics.anomalies import (
    baseline_day,
    contributions,
    detect,
    funnel_terms,
    top_contributors,
)

START = dt.date(2026, 9, 6)  # a Sunday
DAYS = [START + dt.timedelta(days=i) for i in range(70)]
LAST = DAYS[-1]


def store(seed: int = 1, days: list[dt.date] = DAYS) -> pd.DataFrame:
    """A store with a weekday rhythm (weekends −25 %) and a little noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in days:
        rhythm = 0.75 if d.weekday() >= 5 else 1.0
        imp = 40000 * rhythm * rng.normal(1, 0.02)
        clk = imp * 0.025 * rng.normal(1, 0.02)
        vis = clk * 0.9
        inq = vis * 0.04 * rng.normal(1, 0.03)
        rows.append({"impressions": imp, "clicks": clk, "visitors": vis, "inquiries": inq})
    frame = pd.DataFrame(rows, index=days)
    frame["ctr"] = frame["clicks"] / frame["impressions"]
    frame["inquiry_rate"] = frame["inquiries"] / frame["visitors"]
    return frame


def run(frame: pd.DataFrame, day: dt.date):
    return detect(frame, day, weeks=8, k=3.0, min_change=0.15)


def test_a_quiet_week_with_a_weekly_rhythm_raises_nothing() -> None:
    frame = store()
    for d in DAYS[-7:]:  # weekends are 25 % lower, and compared with weekends
        assert run(frame, d) == [], d


def test_an_impressions_drop_is_flagged_and_the_funnel_puts_it_on_impressions() -> None:
    frame = store()
    for col in ("impressions", "clicks", "visitors", "inquiries"):
        frame.loc[LAST, col] *= 0.4  # a Saturday's 27 inquiries fall to 11: beyond counting noise
    found = {a.metric: a for a in run(frame, LAST)}
    assert {"impressions", "clicks", "visitors", "inquiries"} <= set(found)
    assert "ctr" not in found and "inquiry_rate" not in found
    inq = found["inquiries"]
    assert inq.change == pytest.approx(-0.6, abs=0.05)
    terms = funnel_terms("inquiries", frame.loc[LAST].to_dict(), baseline_day(frame, LAST, 8))
    steps = {s: share for s, _, share in terms}
    assert max(steps, key=lambda s: steps[s]) == "impressions"
    assert steps["impressions"] > 0.9


def test_the_funnel_log_changes_add_up_to_the_change() -> None:
    today = {"impressions": 30000, "clicks": 900, "visitors": 800, "inquiries": 20}
    base = {"impressions": 40000, "clicks": 1000, "visitors": 900, "inquiries": 36}
    terms = funnel_terms("inquiries", today, base)
    assert sum(t for _, t, _ in terms) == pytest.approx(math.log(20 / 36))
    assert sum(s for _, _, s in terms) == pytest.approx(1.0)
    assert [s for s, _, _ in terms] == ["impressions", "ctr", "visitors_per_click", "inquiry_rate"]


def test_a_ctr_fall_on_steady_impressions_is_put_on_ctr() -> None:
    frame = store()
    frame.loc[LAST, "clicks"] *= 0.6
    frame.loc[LAST, "visitors"] *= 0.6
    frame.loc[LAST, "inquiries"] *= 0.6
    frame["ctr"] = frame["clicks"] / frame["impressions"]
    found = {a.metric for a in run(frame, LAST)}
    assert "ctr" in found and "impressions" not in found
    terms = funnel_terms("inquiries", frame.loc[LAST].to_dict(), baseline_day(frame, LAST, 8))
    assert max(terms, key=lambda t: abs(t[2]))[0] == "ctr"


def test_a_day_without_data_is_missing_never_a_drop_to_zero() -> None:
    frame = store()
    frame.loc[LAST, :] = np.nan
    found = run(frame, LAST)
    assert len(found) == 1 and found[0].missing and found[0].metric == "data"
    assert found[0].change is None
    assert "missing" in found[0].cause_text()


def test_too_little_history_raises_nothing() -> None:
    frame = store(days=DAYS[:20])
    frame.iloc[-1] *= 0.3
    assert run(frame, DAYS[19]) == []


def test_two_causes_in_opposite_directions_get_signed_shares() -> None:
    """Product A falls by 100 a day while product B rises by 40: the net change is −60, A
    explains 167 % of it and B −67 %; A is ranked first and B is not blamed for the fall."""
    rows = []
    for d in DAYS:
        a, b, c = 300.0, 100.0, 50.0
        if d == LAST:
            a, b = 200.0, 140.0
        rows += [
            {"date": d, "key": "A", "value": a},
            {"date": d, "key": "B", "value": b},
            {"date": d, "key": "C", "value": c},
        ]
    items = contributions(pd.DataFrame(rows), LAST, 8, "product", {"A": "Solar lamp"})
    by_key = {c.key: c for c in items}
    assert by_key["A"].share == pytest.approx(100 / 60)
    assert by_key["B"].share == pytest.approx(-40 / 60)
    assert "C" not in by_key  # it did not move
    top = top_contributors(items, "down")
    assert [c.key for c in top] == ["A"]
    assert top[0].label == "Solar lamp"


def test_an_entity_missing_on_the_day_counts_as_zero_that_day() -> None:
    rows = [
        {"date": d, "key": k, "value": 10.0}
        for d in DAYS
        for k in ("A", "B")
        if not (d == LAST and k == "B")
    ]
    items = {c.key: c for c in contributions(pd.DataFrame(rows), LAST, 8, "product")}
    assert items["B"].delta == pytest.approx(-10.0) and items["B"].share == pytest.approx(1.0)


def test_shares_of_sparse_counts_add_up_to_the_total_change() -> None:
    """Forty products that each get an inquiry now and then: every product's median is 0, so
    shares against medians would blow up (one product losing 2 of a total drop of 1 is 200 %).
    Against the mean the shares add up to the store's change and none passes 100 %."""
    rng = np.random.default_rng(3)
    rows = []
    for d in DAYS:
        counts = rng.binomial(1, 0.3, size=40)
        if d == LAST:
            counts[:20] = 0  # half the products get nothing that day
        rows += [{"date": d, "key": f"P{i}", "value": float(n)} for i, n in enumerate(counts)]
    frame = pd.DataFrame(rows)
    items = contributions(frame, LAST, 8, "product")
    totals = frame.groupby("date")["value"].sum()
    history = [LAST - dt.timedelta(days=7 * k) for k in range(1, 9)]
    change = totals[LAST] - totals[history].mean()
    assert sum(c.delta for c in items) == pytest.approx(change)
    assert sum(c.share for c in items) == pytest.approx(1.0)
    assert max(abs(c.share) for c in items) < 1.0
