"""Anomalies where they happen (issue 15, item 4): looked for on categories, countries and the
top products too; one incident is one to-do item, 「第 N 天」 while it lasts, with a cause chain
whose shares add up to 100 %; a dimension with one value is never a cause. Tiny hand-made
stores: a few products over six weeks."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.analysis import totals
from generator.analysis.daily import DailyAnalysis, compute_daily_facts
from generator.analysis.day_anomalies import compute_anomalies
from generator.analysis.metrics.anomalies import Contributor, top_contributors
from generator.analysis.metrics.incidents import normalised, percents
from generator.config import Settings
from generator.inputs import Inputs

START = dt.date(2026, 9, 6)  # a Sunday
DAYS = [START + dt.timedelta(days=i) for i in range(47)]  # six weeks and five days
LAST = DAYS[-1]
S = Settings()

# product id → title, owner, (impressions, clicks, visitors, inquiries) on a normal day
PRODUCTS = {
    "1001": ("Solar garden light 20 LED", "张三", (3000, 150, 135, 6)),
    "1002": ("Solar wall lamp motion sensor", "李四", (500, 25, 22, 1)),
    "2001": ("LED flood light 100W", "王五", (4000, 100, 90, 4)),
    "2002": ("LED street light 200W", "王五", (2500, 60, 54, 2)),
    "3001": ("Camping lantern small", "赵六", (300, 2, 2, 0)),
}
CATEGORIES = {"太阳能灯": ["solar"], "LED 灯": ["led flood", "led street"], "露营": ["camping"]}


def rows(change=lambda pid, day, values: values) -> pd.DataFrame:
    """Every product's daily row; ``change(pid, day, counts)`` plants what a test needs."""
    recs = []
    for day in DAYS:
        for pid, (title, owner, counts) in PRODUCTS.items():
            imp, clk, vis, inq = change(pid, day, counts)
            recs.append(
                {
                    "period_start": pd.Timestamp(day),
                    "period_end": pd.Timestamp(day),
                    "product_id": pid,
                    "title": title,
                    "owner": owner,
                    "search_impressions": float(imp),
                    "search_clicks": float(clk),
                    "visitors": float(vis),
                    "inquiries": float(inq),
                    "tm_buyers": 0.0,
                }
            )
    return pd.DataFrame(recs)


def analysed(
    frame: pd.DataFrame, settings: Settings = S, sheets: dict | None = None
) -> DailyAnalysis:
    inputs = Inputs(as_of=LAST, day_rows=frame, sheets=sheets or {})
    daily, _, _ = totals(inputs, settings)
    anomalies, incidents = compute_anomalies(inputs, daily, settings)
    return compute_daily_facts(inputs, daily, anomalies, settings, incidents=incidents)


def todo(result: DailyAnalysis, day: dt.date) -> list[str]:
    return [a.message for a in result.actions.get(day, []) if a.rule == "anomaly"]


def wobbly_led(pid: str, day: dt.date, counts: tuple) -> tuple:
    """The LED products swing ±30 % from week to week: the store total is noisy."""
    if pid.startswith("2"):
        f = (1.0, 1.3, 0.7, 1.25, 0.75, 1.0, 1.3)[(day - START).days // 7]
        return tuple(round(c * f) for c in counts)
    return counts


@pytest.fixture(scope="module")
def category_drop() -> DailyAnalysis:
    """On the last day the solar lamps lose 85 % of their impressions; the store −30 %."""

    def plant(pid: str, day: dt.date, counts: tuple) -> tuple:
        counts = wobbly_led(pid, day, counts)
        if day == LAST and pid.startswith("1"):
            return (round(counts[0] * 0.15), *counts[1:])
        return counts

    return analysed(rows(plant), Settings(categories=CATEGORIES))


def test_a_category_losing_85_percent_is_found_on_the_category(
    category_drop: DailyAnalysis,
) -> None:
    store = [a for a in category_drop.anomalies.get(LAST, []) if a.metric == "impressions"]
    assert store == []  # the store's noisy total stays within its band: the old page was quiet
    incidents = category_drop.incidents[LAST]
    main = [i.main for i in incidents]
    assert ("category", "太阳能灯", "impressions", "down") in [m.ident for m in main]
    [line] = todo(category_drop, LAST)
    assert "类目 太阳能灯曝光数下降 85" in line or "类目 太阳能灯" in line
    # the cause chain goes down to the product that lost most of it, with its owner
    assert "Solar garden light 20 LED（ID 1001，负责人 张三）" in line


@pytest.fixture(scope="module")
def product_drop() -> DailyAnalysis:
    """The top product loses 80 % of its clicks (and what follows) for the last five days."""

    def plant(pid: str, day: dt.date, counts: tuple) -> tuple:
        if pid == "1001" and day >= LAST - dt.timedelta(days=4):
            imp, clk, vis, _inq = counts
            return (imp, clk * 0.2, vis * 0.2, 0)
        return counts

    return analysed(rows(plant))  # no categories configured: every product is 未分类


def test_a_five_day_product_drop_is_one_incident_with_day_n_and_one_item_a_day(
    product_drop: DailyAnalysis,
) -> None:
    days = [LAST - dt.timedelta(days=4 - i) for i in range(5)]
    ids = set()
    for n, day in enumerate(days, start=1):
        [incident] = product_drop.incidents[day]
        ids.add(incident.id)
        assert (incident.start, incident.day_n) == (days[0], n)
        [line] = todo(product_drop, day)  # one item, not one per metric
        assert ("第" in line) == (n > 1)
        if n > 1:
            assert f"（第 {n} 天，自 {days[0].isoformat()} 起）" in line
    assert len(ids) == 1
    assert product_drop.incidents.get(days[0] - dt.timedelta(days=1), []) == []


def test_with_one_category_the_cause_is_the_product_never_uncategorised(
    product_drop: DailyAnalysis,
) -> None:
    [incident] = product_drop.incidents[LAST]
    dims = [link[0].dimension for link in incident.chain]
    assert "category" not in dims and dims[-1] == "product"
    assert incident.chain[-1][0].key == "1001" and incident.chain[-1][0].owner == "张三"
    [line] = todo(product_drop, LAST)
    assert "未分类" not in line
    assert "Solar garden light 20 LED（ID 1001，负责人 张三）" in line
    # the store's own anomaly causes (the page's detail) do not name 未分类 either
    for a in product_drop.anomalies[LAST]:
        assert all(c.dimension != "category" for c in a.contributors)


def test_the_incident_says_what_is_at_stake_for_the_to_do(product_drop: DailyAnalysis) -> None:
    [fact] = [f for f in product_drop.facts[LAST].anomalies if not f.missing]
    assert fact.stake_unit == "leads" and fact.stake == pytest.approx(6, abs=1)
    assert fact.day_n == 5 and fact.start == LAST - dt.timedelta(days=4)
    [action] = [a for a in product_drop.actions[LAST] if a.rule == "anomaly"]
    assert action.link.endswith("#anomalies")


def test_shares_add_up_to_100_and_none_passes_100() -> None:
    """Product A falls by 100, B rises by 40, C falls by 20: the old shares were 125 %, −50 %
    and 25 % of the net −80; among the contributors that fell they are 83 % and 17 %."""

    def C(key: str, delta: float) -> Contributor:
        return Contributor("product", key, key, 0.0, 0.0, delta, delta / -80)

    link = normalised([C("A", -100), C("B", 40), C("C", -20)], "down", "product", 3)
    assert [(s.key, round(s.share, 3)) for s in link] == [("A", 0.833), ("C", 0.167)]
    assert percents([s.share for s in link]) == [83, 17]
    assert sum(percents([1 / 3, 1 / 3, 1 / 3])) == 100
    # the store anomaly's own causes (the download's cause column) no longer pass 100 %
    top = top_contributors([C("A", -100), C("B", 40), C("C", -20)], "down")
    assert [(c.key, round(c.share, 3)) for c in top] == [("A", 0.833), ("C", 0.167)]
    # many small contributors: the named ones and 「其他」 still add up to 100 %
    many = normalised([C(f"P{i}", -10 - i) for i in range(10)], "down", "product", 3)
    assert many[-1].key == "" and sum(s.share for s in many) == pytest.approx(1)


def test_every_chain_on_a_page_adds_up_to_100(category_drop, product_drop) -> None:
    for result in (category_drop, product_drop):
        for items in result.incidents.values():
            for inc in items:
                for link in inc.chain:
                    assert sum(s.share for s in link) == pytest.approx(1)
                    assert all(0 < s.share <= 1 for s in link)
        for day in result.actions:
            for line in todo(result, day):
                assert all(int(p) <= 100 for p in re.findall(r"(\d+)%", line)), line


def test_a_one_country_store_never_names_the_country_as_the_cause() -> None:
    """Every buyer region is the United States, which falls with the store: no cause."""
    regions = pd.DataFrame(
        [
            {
                "date": pd.Timestamp(day),
                "country": "United States",
                "search_impressions": 10300.0 * (0.5 if day == LAST else 1),
                "search_clicks": 337.0 * (0.5 if day == LAST else 1),
                "visitors": 300.0,
                "inquiry_buyers": 13.0,
            }
            for day in DAYS
        ]
    )

    def plant(pid: str, day: dt.date, counts: tuple) -> tuple:
        return tuple(c * 0.5 for c in counts) if day == LAST else counts

    result = analysed(rows(plant), sheets={"regions": regions})
    assert result.incidents[LAST]
    for inc in result.incidents[LAST]:
        assert all(m.dimension != "country" for m in inc.members)
        assert all(link[0].dimension != "country" for link in inc.chain)
    for a in result.anomalies[LAST]:
        assert all(c.dimension != "country" for c in a.contributors)
    assert not any("United States" in line for line in todo(result, LAST))


def test_a_small_product_going_from_2_to_0_clicks_is_no_incident() -> None:
    """The lantern's 2 clicks a day fall to 0 on the last three days, after jumping to 10 the
    day before (and a big product's clicks fall that day, for contrast): only the big one is
    an incident — small counts swing by chance."""

    def plant(pid: str, day: dt.date, counts: tuple) -> tuple:
        if pid == "3001" and day >= LAST - dt.timedelta(days=2):
            return (counts[0], 0, 0, 0)
        if pid == "3001" and day == LAST - dt.timedelta(days=3):
            return (counts[0], 10, 10, 0)
        if pid == "2002" and day == LAST - dt.timedelta(days=3):
            return (counts[0], 10, 9, 0)
        return counts

    result = analysed(rows(plant))
    big = result.incidents[LAST - dt.timedelta(days=3)]
    assert any(("product", "2002") in {(m.dimension, m.key) for m in i.members} for i in big)
    assert all(m.key != "3001" for i in big for m in i.members)
    for day in DAYS[-3:]:
        assert result.incidents.get(day, []) == [], day
        assert todo(result, day) == []


def test_ordinary_day_to_day_noise_does_not_flood_the_list() -> None:
    """Twenty products whose days vary by chance (±15 % and counting noise), nothing planted:
    over the four weeks judged, at most one incident every four days — not one or two a day
    (eight same-weekday values close together by chance made 44 of them)."""
    rng = np.random.default_rng(5)
    days = [START + dt.timedelta(days=i) for i in range(70)]
    base = rng.lognormal(7, 0.8, 20)
    recs = []
    for day in days:
        imp = rng.poisson(base * rng.lognormal(0, 0.15, 20))
        clk = rng.binomial(imp, 0.03)
        vis = rng.binomial(clk, 0.9)
        for i in range(20):
            recs.append(
                {
                    "period_start": pd.Timestamp(day),
                    "period_end": pd.Timestamp(day),
                    "product_id": str(5000 + i),
                    "title": ("Solar lamp", "LED flood light")[i % 2] + f" {i}",
                    "search_impressions": float(imp[i]),
                    "search_clicks": float(clk[i]),
                    "visitors": float(vis[i]),
                    "inquiries": float(rng.binomial(vis[i], 0.04)),
                    "tm_buyers": 0.0,
                }
            )
    inputs = Inputs(as_of=days[-1], day_rows=pd.DataFrame(recs))
    settings = Settings(categories={"太阳能灯": ["solar"], "LED 灯": ["led"]})
    daily, _, _ = totals(inputs, settings)
    _, incidents = compute_anomalies(inputs, daily, settings)
    judged = [d for d in days if d >= days[42]]
    assert sum(len(incidents.get(d, [])) for d in judged) <= 7


def test_a_days_entities_from_its_weeks_alone_find_what_the_whole_history_finds(
    tmp_path: Path,
) -> None:
    """A new day's incidents are looked for on the days it reads (metrics/entities.py
    ``lookback_days``), not the whole history again: on every day that has a window shorter
    than the history, the same entity anomalies and the same incidents, cause chains and all
    (a 200-day store: the window is 17 weeks)."""
    from generator.analysis.day_anomalies import anomaly_dimensions, categories_of
    from generator.analysis.day_incidents import entity_found, incident_entities, incidents_on
    from generator.analysis.metrics.entities import lookback_days
    from generator.config import Workspace
    from generator.demo import write_demo_exports
    from generator.ingest import ingest_inbox
    from generator.inputs import load_inputs
    from generator.store import open_store

    as_of = dt.date(2026, 11, 21)
    write_demo_exports(tmp_path, as_of, n_products=20, n_days=200, seed=7)
    ws, s = Workspace(tmp_path), Settings()
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        inputs = load_inputs(store, as_of)
    daily = totals(inputs, s)[0]
    anomalies, _ = compute_anomalies(inputs, daily, s)
    category_of, dims = categories_of(inputs.day_rows, s), anomaly_dimensions(inputs.sheets)
    whole = incident_entities(inputs, daily, category_of, dims, s)
    days = [d for d in daily.index if d <= as_of]
    found = entity_found(whole, s, days)
    back = dt.timedelta(days=lookback_days(s.anomaly_weeks))
    windowed = [d for d in days if d - back > days[0]]
    assert len(windowed) >= 60
    seen = 0
    for day in windowed[::4]:
        part = incident_entities(inputs, daily, category_of, dims, s, since=day - back)
        one = entity_found(part, s, [day])
        assert repr(one) == repr(entity_found(whole, s, [day]))
        # a day alone (its medians taken for the days it reads) as among every day (the
        # medians of the whole frame at once)
        assert repr(one.get(day, [])) == repr(found.get(day, []))
        alone = incidents_on(daily, anomalies, found, part, s, [day])
        assert repr(alone) == repr(incidents_on(daily, anomalies, found, whole, s, [day]))
        seen += len(alone.get(day, []))
    assert seen  # some of those days have incidents to compare


def test_a_few_days_medians_are_those_of_the_whole_frame() -> None:
    """A new day's entity medians and usual spread are taken for the days it reads only
    (metrics/entities.py ``_usual_spread_at``): the same numbers, to the bit, as the rolling
    median over the whole frame, whatever the gaps (random frames, missing days and keys)."""
    from generator.analysis.metrics import entities as ent

    rng, spread = np.random.default_rng(5), 0
    for _ in range(60):
        n, m, weeks = int(rng.integers(1, 160)), int(rng.integers(1, 5)), int(rng.integers(1, 9))
        a = rng.poisson(rng.uniform(0, 50), size=(n, m)).astype(float)
        a[rng.random((n, m)) < rng.uniform(0, 0.5)] = np.nan
        frame = pd.DataFrame(a, index=pd.date_range("2026-01-01", periods=n).date)
        med = ent.lag_median(frame, weeks)
        # the whole frame's medians (taken LAG_BLOCK rows at a time) against numpy's, row by row
        lagged = np.stack([np.roll(a, 7 * k, axis=0) for k in range(1, weeks + 1)])
        for k in range(1, weeks + 1):
            lagged[k - 1, : 7 * k] = np.nan  # (no week before the first)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing slice
            reference = np.nanmedian(lagged, axis=0)
        reference[(~np.isnan(lagged)).sum(axis=0) < ent.MIN_BAND_POINTS] = np.nan
        assert np.array_equal(med.to_numpy(), reference, equal_nan=True)
        whole = ent.usual_spread(frame, med, weeks).to_numpy()
        rows = np.sort(rng.choice(n, size=min(n, int(rng.integers(1, 15))), replace=False))
        assert np.array_equal(ent._usual_spread_at(a, rows, weeks), whole[rows])
        assert np.array_equal(
            ent._lag_median_at(a, rows, weeks), med.to_numpy()[rows], equal_nan=True
        )
        spread += bool(whole[rows].any())
    assert spread > 20  # (spreads that are not all 0 were compared too)
    # and the median they take, against numpy's, missing values, infinities and all
    for _ in range(300):
        shape = (int(rng.integers(1, 12)), *rng.integers(1, 6, size=int(rng.integers(1, 3))))
        stack = np.round(rng.normal(size=shape) * 10) * rng.choice([1, 1e-3, 1e6])
        stack[rng.random(shape) < rng.uniform(0, 0.9)] = np.nan
        stack[rng.random(shape) < 0.02] = np.inf
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-missing slice
            expected = np.nanmedian(stack, axis=0)
        assert np.array_equal(ent.nan_median(stack), expected, equal_nan=True)


def test_the_entities_days_by_keys_are_the_pivot_tables_of_their_rows() -> None:
    """Each entity's values, days × keys, are summed into one array (metrics/anomalies.py
    ``pivot_sum``), not grouped: the same frame as pandas' pivot table — order, names, types
    (whole counts stay whole where every cell has a row) — whatever the rows (repeats,
    blank values, missing keys and dates, days beyond the store's)."""
    from generator.analysis.metrics.anomalies import pivot_sum

    rng, whole = np.random.default_rng(8), 0
    start = dt.date(2026, 1, 1)
    for _ in range(150):
        n_days, n_keys, full = int(rng.integers(1, 12)), int(rng.integers(1, 5)), rng.random() < 0.4
        rows = [
            (start + dt.timedelta(days=d), f"k{k}" if full or rng.random() > 0.05 else None, v)
            for d in range(n_days)
            for k in range(n_keys)
            for v in rng.integers(0, 50, size=1 if rng.random() < 0.9 else 2)
            if full or rng.random() < 0.6
        ]
        if not rows:
            continue
        frame = pd.DataFrame(rows, columns=["date", "key", "value"])
        if rng.random() < 0.3:
            frame["value"] = frame["value"].astype(float)
            if rng.random() < 0.5:  # blank cells (a day before its export, a sheet's gap)
                frame.loc[rng.random(len(frame)) < 0.3, "value"] = np.nan
        pivot = frame.pivot_table(index="date", columns="key", values="value", aggfunc="sum")
        pd.testing.assert_frame_equal(pivot_sum(frame), pivot, check_exact=True)
        whole += all(str(t) == "int64" for t in pivot.dtypes)
    assert whole > 10  # (frames the pivot keeps whole were compared too)


def test_a_count_only_one_product_has_is_no_dimension_of_products() -> None:
    """Products whose inquiries cell is blank every day (an export that leaves it empty) have
    no inquiries: with one product left that has them, the products' inquiries are not a
    dimension an anomaly is looked for on; their impressions still are."""
    from generator.analysis.metrics.entities import build_entities, counted_products

    blank = rows(lambda pid, day, c: (*c[:3], c[3] if pid == "1001" else np.nan))
    assert counted_products(blank)["inquiries"] == {"1001"}
    assert counted_products(blank)["search_impressions"] == set(PRODUCTS)
    daily = blank.groupby(blank["period_end"].dt.date)[["search_impressions"]].sum()
    daily = daily.rename(columns={"search_impressions": "impressions"})
    category_of = dict.fromkeys(PRODUCTS, "灯")
    got = build_entities(
        daily, blank, category_of, [], top_n=S.anomaly_top_products, weeks=S.anomaly_weeks
    )
    assert ("product", "impressions") in got.values
    assert ("product", "inquiries") not in got.values
