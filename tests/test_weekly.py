"""The weekly report's rules on small hand-built data (each threshold at its edge), and on the
demo store: the planted P4P waste words, 75–79 point products, the fallen growth score and
the uncovered peer words appear in their sections and downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from generator.analysis import Analysis, analyse
from generator.analysis.keywords import KeywordRules, build_library, normalise_keyword
from generator.analysis.metrics import weekly as wk
from generator.analysis.metrics.registry import SOURCE_COLUMN
from generator.analysis.rules import findings, to_actions
from generator.analysis.rules.base import RULES
from generator.analysis.weekly import WeekFacts
from generator.config import ConfigError, Settings, make_settings
from generator.ingest import parse_export
from generator.inputs import Inputs, load_inputs
from generator.render.pages import Renderer
from generator.render.weekly import weekly_facts
from generator.store import open_store
from tests.conftest import BuiltDemo

D = dt.date
SUN, SAT = D(2026, 11, 15), D(2026, 11, 21)
PREV_SUN, PREV_SAT = D(2026, 11, 8), D(2026, 11, 14)


def weekly_report(rows: list[dict], start: dt.date = SUN, end: dt.date = SAT) -> pd.DataFrame:
    """Rows of a span report (P4P keyword/campaign/product, traffic keywords) for one period."""
    return pd.DataFrame(rows).assign(
        period_start=pd.Timestamp(start), period_end=pd.Timestamp(end), granularity="week"
    )


# -- against peers ---------------------------------------------------------------------------
def overview_rows() -> pd.DataFrame:
    rows = []
    for day in pd.date_range(PREV_SUN, SAT):
        this_week = day.date() >= SUN
        for subject, visitors in (
            ("我的", 100 if this_week else 80),
            ("同行平均", 125),
            ("同行优秀", 200),
        ):
            rows.append(
                {
                    "date": day,
                    "subject": subject,
                    "store_visitors": visitors,
                    "search_impressions": 1000,
                    "ta_orders": 1 if subject == "我的" else None,
                }
            )
    return pd.DataFrame(rows)


def test_peer_table_compares_the_week_with_last_week_and_with_both_peer_rows() -> None:
    table = wk.peer_table(overview_rows(), SUN, SAT, PREV_SUN, PREV_SAT).set_index("metric")
    v = table.loc["store_visitors"]
    assert (v["mine"], v["previous"], v["peer_avg"], v["peer_best"]) == (700, 560, 875, 1400)
    assert v["change"] == pytest.approx(0.25)
    assert v["gap_avg"] == pytest.approx(-0.2)
    assert v["gap_best"] == pytest.approx(-0.5)
    # the sheet has no peer figure for Trade Assurance orders: empty, never 0
    ta = table.loc["ta_orders"]
    assert ta["mine"] == 7 and pd.isna(ta["peer_avg"]) and pd.isna(ta["gap_avg"])
    assert "inquiries" not in table.index  # not in the sheet: left out, not shown as 0


def test_peer_history_has_one_value_per_subject_and_week() -> None:
    hist = wk.peer_history(overview_rows(), [(PREV_SUN, PREV_SAT), (SUN, SAT)], "store_visitors")
    mine = hist[hist["subject"] == "我的"].set_index("period_end")["value"]
    assert mine.to_dict() == {PREV_SAT: 560, SAT: 700}
    assert len(hist) == 6


def test_a_month_is_one_period_too() -> None:
    month = wk.peer_table(overview_rows(), PREV_SUN, SAT, D(2026, 10, 25), D(2026, 11, 7))
    assert month.set_index("metric").loc["store_visitors", "mine"] == 560 + 700


# -- traffic mix and regions -----------------------------------------------------------------
def test_traffic_mix_groups_channels_and_shows_the_platform_reference() -> None:
    sources = pd.DataFrame(
        {
            "date": [pd.Timestamp(SUN)] * 4 + [pd.Timestamp(PREV_SAT)],
            "channel": ["搜索", "外贸直通车", "会场", "新渠道", "搜索"],
            "store_visitors": [50, 30, 10, 10, 999],
        }
    )
    groups = {"scene": ["会场"], "paid": ["外贸直通车"], "natural": ["搜索"]}
    mix = wk.traffic_mix(
        sources, SUN, SAT, groups, {"scene": 0.45, "paid": 0.45, "natural": 0.1}
    ).set_index("group")
    assert mix.loc["natural", "share"] == pytest.approx(0.5)
    assert mix.loc["natural", "reference"] == pytest.approx(0.1)
    assert mix.loc["other", "visitors"] == 10 and pd.isna(mix.loc["other", "reference"])
    assert "gap" not in mix  # the platform's mix is no target: nothing is judged against it


def test_the_private_domain_channels_count_as_natural_as_the_article_says() -> None:
    """店内 / 站内收藏 / 直接访问 (私域) are natural traffic with search, not scene/venue."""
    s = Settings()
    channels = {
        "搜索": 10,
        "店内": 7,
        "站内收藏": 5,
        "直接访问": 3,
        "会场": 20,
        "系统推荐": 15,
        "外贸直通车": 30,
        "顶级展位": 10,
    }
    sources = pd.DataFrame(
        {
            "date": [pd.Timestamp(SUN)] * len(channels),
            "channel": list(channels),
            "store_visitors": list(channels.values()),
        }
    )
    refs = {"scene": s.traffic_mix_scene, "paid": s.traffic_mix_paid}
    refs["natural"] = s.traffic_mix_natural
    mix = wk.traffic_mix(sources, SUN, SAT, s.traffic_channel_groups, refs).set_index("group")
    assert mix["visitors"].to_dict() == {"scene": 35, "paid": 40, "natural": 25}
    assert mix["reference"].to_dict() == pytest.approx(
        {"scene": 0.45, "paid": 0.45, "natural": 0.1}
    )


def test_a_mix_far_from_the_platform_reference_makes_no_to_do_item() -> None:
    mix = pd.DataFrame(
        {
            "group": ["scene", "paid", "natural"],
            "visitors": [5.0, 5.0, 90.0],
            "share": [0.05, 0.05, 0.9],
            "reference": [0.45, 0.45, 0.1],
        }
    )
    assert "traffic_mix" not in RULES
    assert findings("week", week_facts_of(mix=mix), Settings()) == []


def test_an_old_workspace_config_with_the_retired_mix_tolerance_still_loads() -> None:
    assert (
        make_settings({"traffic_mix_tolerance": 0.1, "traffic_mix_paid": 0.4}).traffic_mix_paid
        == 0.4
    )
    with pytest.raises(ConfigError):
        make_settings({"traffic_mix_tolerence": 0.1})


def test_a_region_with_clicks_and_no_inquiry_is_imprecise_from_the_threshold_on() -> None:
    regions = pd.DataFrame(
        {
            "date": [pd.Timestamp(SUN)] * 4,
            "country": ["A", "B", "C", "D"],
            "search_impressions": [1000] * 4,
            "search_clicks": [30, 29, 5, 40],
            "inquiry_buyers": [0, 0, 1, None],
        }
    )
    verdict = wk.region_table(regions, SUN, SAT, min_clicks=30).set_index("country")["verdict"]
    assert verdict.to_dict() == {"A": "imprecise", "B": "", "C": "converts", "D": ""}


# -- P4P -------------------------------------------------------------------------------------
def p4p_words() -> pd.DataFrame:
    return weekly_report(
        [
            # CTR just below 0.2 % with 701 impressions: abnormal
            {"keyword": "at edge", "impressions": 1000, "clicks": 1, "spend": 3.0, "inquiries": 0},
            {"keyword": "broad", "impressions": 701, "clicks": 1, "spend": 3.0, "inquiries": 1},
            # 700 impressions is not more than 700
            {
                "keyword": "700 exactly",
                "impressions": 700,
                "clicks": 1,
                "spend": 3.0,
                "inquiries": 1,
            },
            # CTR exactly 0.2 % is not below it
            {
                "keyword": "ctr exactly",
                "impressions": 1500,
                "clicks": 3,
                "spend": 9.0,
                "inquiries": 1,
            },
            {"keyword": "good", "impressions": 1000, "clicks": 50, "spend": 100.0, "inquiries": 2},
            {"keyword": "free", "impressions": 10, "clicks": 0, "spend": 0.0, "inquiries": 0},
        ]
    )


def test_abnormal_words_need_both_a_low_ctr_and_more_than_the_impressions() -> None:
    t = wk.p4p_keyword_table(p4p_words(), SUN, SAT, 0.002, 700).set_index("keyword")
    assert t.loc["at edge", "abnormal"] and t.loc["broad", "abnormal"]
    assert not t.loc["700 exactly", "abnormal"]
    assert not t.loc["ctr exactly", "abnormal"]
    assert not t.loc["good", "abnormal"]
    assert t.loc["good", "cpc"] == pytest.approx(2.0)


def test_spend_without_inquiry_is_flagged_only_where_the_report_counts_inquiries() -> None:
    t = wk.p4p_keyword_table(p4p_words(), SUN, SAT, 0.002, 700).set_index("keyword")
    assert t.loc["at edge", "no_inquiry"]
    assert not t.loc["good", "no_inquiry"]
    assert not t.loc["free", "no_inquiry"]  # nothing spent
    blind = p4p_words().drop(columns="inquiries")
    t2 = wk.p4p_keyword_table(blind, SUN, SAT, 0.002, 700)
    assert not t2["no_inquiry"].any() and t2["inquiries"].isna().all()


def test_over_two_weeks_the_impression_threshold_doubles_and_reports_add_up() -> None:
    two = pd.concat(
        [
            weekly_report(
                [{"keyword": "w", "impressions": 701, "clicks": 1, "spend": 1.0}],
                PREV_SUN,
                PREV_SAT,
            ),
            weekly_report([{"keyword": "w", "impressions": 600, "clicks": 1, "spend": 1.0}]),
        ]
    )
    t = wk.p4p_keyword_table(two, PREV_SUN, SAT, 0.002, 700)
    assert t["impressions"].iloc[0] == 1301
    assert not t["abnormal"].iloc[0]  # 1301 is not more than 2 × 700
    one = wk.p4p_keyword_table(two, PREV_SUN, PREV_SAT, 0.002, 700)
    assert one["abnormal"].iloc[0]


def monthly_report(rows: list[dict], start: dt.date, end: dt.date) -> pd.DataFrame:
    return weekly_report(rows, start, end).assign(granularity="month")


def test_a_week_with_a_weekly_and_a_monthly_report_spends_the_weekly_reports() -> None:
    """Issue 15: a monthly 关键词报告 added to the store turned 本周花费 54.39 into 234.39 元."""
    both = pd.concat(
        [
            weekly_report([{"keyword": "w", "impressions": 100, "clicks": 5, "spend": 54.39}]),
            monthly_report(
                [{"keyword": "w", "impressions": 900, "clicks": 40, "spend": 180.0}],
                D(2026, 10, 23),
                SAT,  # a 30-day report exported the same Saturday
            ),
        ]
    )
    t = wk.p4p_keyword_table(both, SUN, SAT, 0.002, 700)
    assert t["spend"].tolist() == [pytest.approx(54.39)]
    assert wk.reports_in(both, SUN, SAT).attrs["covers"] == (SUN, SAT, 7)


def test_a_month_with_weekly_reports_and_a_monthly_one_uses_the_monthly_one() -> None:
    weeks = [
        weekly_report(
            [{"keyword": "w", "impressions": 100, "clicks": 5, "spend": 50.0}],
            D(2026, 11, 1) + dt.timedelta(days=7 * i),
            D(2026, 11, 7) + dt.timedelta(days=7 * i),
        )
        for i in range(4)
    ]
    month = monthly_report(
        [{"keyword": "w", "impressions": 500, "clicks": 30, "spend": 230.0}],
        D(2026, 11, 1),
        D(2026, 11, 30),
    )
    # a week reaching into the month from October is not the month's
    october = weekly_report(
        [{"keyword": "w", "impressions": 70, "clicks": 3, "spend": 30.0}],
        D(2026, 10, 25),
        D(2026, 10, 31),
    )
    with_month = pd.concat([*weeks, month, october])
    t = wk.p4p_keyword_table(with_month, D(2026, 11, 1), D(2026, 11, 30), 0.002, 700)
    assert t["spend"].tolist() == [pytest.approx(230.0)]  # the monthly report, not 430
    # without the monthly report: the four weeks inside the month, saying the days they cover
    only_weeks = pd.concat([*weeks, october])
    t = wk.p4p_keyword_table(only_weeks, D(2026, 11, 1), D(2026, 11, 30), 0.002, 700)
    assert t["spend"].tolist() == [pytest.approx(200.0)]
    covers = wk.reports_in(only_weeks, D(2026, 11, 1), D(2026, 11, 30)).attrs["covers"]
    assert covers == (D(2026, 11, 1), D(2026, 11, 28), 28)


def test_ctr_diagnosis_blames_the_word_when_its_products_do_well_elsewhere() -> None:
    words = pd.DataFrame(
        {
            "keyword": ["outdoor", "solar lamp", "garden lamp"],
            "impressions": [2000, 1000, 1000],
            "clicks": [2, 60, 50],
        }
    )
    products = pd.DataFrame(
        {"product_id": ["P1", "P2"], "impressions": [1500, 1500], "clicks": [55, 57]}
    )
    links = pd.DataFrame({"keyword": ["outdoor", "outdoor"], "product_id": ["P1", "P2"]})
    d = wk.ctr_diagnosis(words, products, links, low_ratio=0.5, min_impressions=100)
    assert d[["subject_type", "subject", "diagnosis"]].to_records(index=False).tolist() == [
        ("keyword", "outdoor", "word")
    ]


def test_ctr_diagnosis_blames_the_product_when_it_is_low_on_every_word() -> None:
    words = pd.DataFrame(
        {"keyword": ["a", "b", "c"], "impressions": [1000, 1000, 1000], "clicks": [40, 40, 40]}
    )
    products = pd.DataFrame(
        {
            "product_id": ["BAD", "OK1", "OK2"],
            "impressions": [1000, 1000, 1000],
            "clicks": [5, 50, 50],
        }
    )
    links = pd.DataFrame(
        {"keyword": ["a", "b", "a", "c"], "product_id": ["BAD", "BAD", "OK1", "OK2"]}
    )
    d = wk.ctr_diagnosis(words, products, links, low_ratio=0.5, min_impressions=100)
    assert d[["subject_type", "subject", "diagnosis"]].to_records(index=False).tolist() == [
        ("product", "BAD", "product")
    ]
    # a word low with every product it shows points at the products, not the word, when those
    # products are shown with a word that is not low too (y draws clicks elsewhere)
    words2 = pd.DataFrame({"keyword": ["x", "y"], "impressions": [1000, 1000], "clicks": [5, 80]})
    products2 = pd.DataFrame({"product_id": ["Q"], "impressions": [1000], "clicks": [5]})
    links2 = pd.DataFrame({"keyword": ["x", "y"], "product_id": ["Q", "Q"]})
    d2 = wk.ctr_diagnosis(words2, products2, links2, 0.5, 100).set_index("subject")
    assert d2.loc["x", "diagnosis"] == "product"
    assert d2.loc["Q", "diagnosis"] == "product"
    # a low word and a low product shown only with each other: neither side can be cleared,
    # and neither blames the other
    links3 = pd.DataFrame({"keyword": ["x"], "product_id": ["Q"]})
    d3 = wk.ctr_diagnosis(words2, products2, links3, 0.5, 100).set_index("subject")
    assert d3.loc["x", "diagnosis"] == d3.loc["Q", "diagnosis"] == "both"


def test_ctr_diagnosis_threshold_edges() -> None:
    # reference CTR = 100 / 2000 = 5 %; low below 2.5 %
    words = pd.DataFrame(
        {"keyword": ["edge", "under", "few"], "impressions": [1000, 800, 99], "clicks": [25, 19, 0]}
    )
    words = pd.concat(
        [words, pd.DataFrame({"keyword": ["big"], "impressions": [101], "clicks": [56]})]
    )
    d = wk.ctr_diagnosis(
        words,
        pd.DataFrame(columns=["product_id", "impressions", "clicks"]),
        pd.DataFrame(),
        0.5,
        100,
    )
    assert list(d["subject"]) == ["under"]  # 2.5 % is not below 2.5 %; 99 impressions too few


def test_campaign_hours_and_budget_use_at_their_thresholds() -> None:
    camps = weekly_report(
        [
            # weekly reports give total hours: 140 h / 7 days = 20 h a day, not under 20
            {"campaign": "A", "budget": 100.0, "spend": 560.0, "promo_hours": 140.0},
            {"campaign": "B", "budget": 100.0, "spend": 559.0, "promo_hours": 139.3},
        ]
    )
    c = wk.campaign_checks(camps, SUN, SAT, min_hours=20, min_budget_use=0.8).set_index("campaign")
    assert c.loc["A", "hours_per_day"] == pytest.approx(20)
    assert not c.loc["A", "low_hours"] and not c.loc["A", "low_budget"]  # 560 / 700 = 80 %
    assert c.loc["B", "low_hours"] and c.loc["B", "low_budget"]


def test_a_paused_campaign_is_not_told_to_spend_more() -> None:
    camps = weekly_report(
        [
            {"campaign": "paused", "budget": 100.0, "spend": 0.0, "promo_hours": 0.0},
            {"campaign": "barely", "budget": 100.0, "spend": 1.0, "promo_hours": 0.5},
        ]
    )
    c = wk.campaign_checks(camps, SUN, SAT, min_hours=20, min_budget_use=0.8).set_index("campaign")
    assert not c.loc["paused", "low_hours"] and not c.loc["paused", "low_budget"]
    assert c.loc["barely", "low_hours"] and c.loc["barely", "low_budget"]


def test_account_totals_and_cpc_trend() -> None:
    account = pd.DataFrame(
        {
            "date": pd.date_range(PREV_SUN, SAT),
            "impressions": [1000] * 14,
            "clicks": [10] * 7 + [20] * 7,
            "spend": [30.0] * 14,
            "promo_hours": [24.0] * 14,
            "budget": [50.0] * 14,
        }
    )
    t = wk.p4p_totals(account, SUN, SAT)
    assert t is not None
    assert t["ctr"] == pytest.approx(0.02) and t["cpc"] == pytest.approx(1.5)
    assert t["budget_use"] == pytest.approx(0.6)
    trend = wk.cpc_trend(account, [(PREV_SUN, PREV_SAT), (SUN, SAT)])
    assert list(trend["cpc"]) == pytest.approx([3.0, 1.5])
    assert wk.p4p_totals(account, D(2027, 1, 1), D(2027, 1, 7)) is None


def test_cpc_drivers_are_the_words_paying_over_the_average() -> None:
    words = pd.DataFrame(
        {"keyword": ["dear", "cheap"], "clicks": [10, 10], "spend": [40.0, 20.0], "cpc": [4.0, 2.0]}
    )
    drivers = wk.cpc_drivers(words)
    assert list(drivers["keyword"]) == ["dear"] and drivers["excess"].iloc[0] == pytest.approx(10)


def test_p4p_products_spend_is_in_yuan_and_spend_without_inquiry_is_flagged() -> None:
    rows = weekly_report(
        [
            {
                "product_id": "1",
                "product_info": "T1",
                "campaign": "c1",
                "impressions": 10,
                "clicks": 1,
                "spend_fen": 250,
                "inquiries": 0,
            },
            {
                "product_id": "1",
                "product_info": "T1",
                "campaign": "c2",
                "impressions": 10,
                "clicks": 1,
                "spend_fen": 150,
                "inquiries": 0,
            },
            {
                "product_id": "2",
                "product_info": "T2",
                "campaign": "c1",
                "impressions": 10,
                "clicks": 1,
                "spend_fen": 100,
                "inquiries": 1,
            },
        ]
    )
    t = wk.p4p_product_table(rows, SUN, SAT).set_index("product_id")
    assert t.loc["1", "spend"] == pytest.approx(4.0) and t.loc["1", "no_inquiry"]
    assert not t.loc["2", "no_inquiry"]


# -- 实力优品 ---------------------------------------------------------------------------------
def scores() -> pd.DataFrame:
    rows = []
    for day, values in (
        (PREV_SAT, {"A": 94, "B": 78, "C": 74.9, "D": 75, "E": 79.9, "F": 80}),
        (SAT, {"A": 79, "B": 79, "C": 74.9, "D": 75, "E": 79.9, "F": 80}),
    ):
        for pid, score in values.items():
            rows.append(
                {
                    "date": pd.Timestamp(day),
                    "product_id": pid,
                    "title": f"title {pid}",
                    "growth_score": float(score),
                    "info_quality": 3.1 if (pid == "A" and day == SAT) else 4.7,
                    "tier": "实力优品" if score >= 80 else "潜力品",
                }
            )
    return pd.DataFrame(rows)


def test_a_fallen_growth_score_comes_with_what_fell_with_it() -> None:
    fell = wk.score_changes(scores(), SAT)
    assert list(fell["product_id"]) == ["A"]
    a = fell.iloc[0]
    assert (a["score_prev"], a["score"], a["info_quality_prev"], a["info_quality"]) == (
        94,
        79,
        4.7,
        3.1,
    )
    assert (a["tier_prev"], a["tier"]) == ("实力优品", "潜力品")
    assert wk.score_changes(scores(), PREV_SAT).empty  # one snapshot: nothing to compare


def test_star_candidates_band_edges_order_and_settings() -> None:
    visitors = pd.DataFrame({"product_id": ["A", "B", "D", "E"], "visitors": [10, 50, 5, 1]})
    got = wk.star_candidates(scores(), SAT, 75, 80, visitors)
    # 74.9 and 80 are outside; 75 and 79.9 inside; closest first, then most visitors
    assert list(got["product_id"]) == ["E", "B", "A", "D"]
    assert got.set_index("product_id").loc["D", "gap"] == 5
    wider = wk.star_candidates(scores(), SAT, 70, 90, visitors)
    assert set(wider["product_id"]) == {"A", "B", "C", "D", "E", "F"}


# -- keywords --------------------------------------------------------------------------------
def library() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "keyword": ["Solar Lights", "camping kettle", "covered", "risky", "no peers"],
            "key": ["solar light", "camping kettle", "covered", "risky", "no peers"],
            "status": ["uncovered", "opportunity", "keep", "risk", "uncovered"],
            "covering_products": [0, 0, 3, 0, 0],
            "top10_impressions": [400.0, 900.0, 100.0, 50.0, 0.0],
            "impressions": [5.0, 3.0, 80.0, 1.0, 0.0],
            "planned": [False, True, False, False, False],
        }
    )


def test_uncovered_words_reuse_the_library_and_take_the_period_figures() -> None:
    top10 = weekly_report(
        [{"keyword": "solar lights", "impressions": 2, "clicks": 0, "top10_impressions": 120.0}]
    )
    got = wk.uncovered_keywords(library(), wk.keyword_vs_top10(top10, SUN, SAT))
    assert list(got["keyword"]) == ["camping kettle", "Solar Lights"]
    solar = got.set_index("keyword").loc["Solar Lights"]
    assert (solar["peer_top10_impressions"], solar["my_impressions"]) == (120, 2)


def test_publishing_plan_puts_five_words_a_day_for_a_week() -> None:
    words = pd.DataFrame({"keyword": [f"w{i}" for i in range(37)]})
    plan = wk.publishing_plan(words, D(2026, 11, 25), per_day=5)
    days = plan["suggested_day"]
    assert days.iloc[0] == days.iloc[4] == D(2026, 11, 25)
    assert days.iloc[5] == D(2026, 11, 26)
    assert days.iloc[34] == D(2026, 12, 1)
    assert days.iloc[35] is None  # beyond the week: next week's plan


def test_rank_summary_page1_share_and_double_exposure() -> None:
    ranks = pd.DataFrame(
        {
            "date": pd.Timestamp(D(2026, 11, 17)),
            "keyword": ["a", "a", "b", "b", "c"],
            "product_id": ["P", "P", "Q", "R", "S"],
            "page": [1, 1, 1, 1, 3],
            "position": [4, 2, 5, 1, 9],
            "is_p4p": [False, True, False, True, False],
        }
    )
    table, info = wk.rank_summary(ranks, SAT, 0.7)
    t = table.set_index("keyword")
    assert t.loc["a", "double_exposure"] and not t.loc["b", "double_exposure"]
    assert (t.loc["c", "organic_page"], t.loc["c", "organic_position"]) == (3, 9)
    assert info["page1"] == 2 and info["share"] == pytest.approx(2 / 3) and info["double"] == 1
    before, none = wk.rank_summary(ranks, D(2026, 11, 16), 0.7)  # before the first check
    assert before.empty and none == {}


def test_rank_checks_keep_one_product_organic_and_by_p4p_for_one_word_and_day() -> None:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = book.add_worksheet()
    for i, row in enumerate(
        [
            ["查询日期", "关键词", "产品ID", "页码", "位置", "是否P4P"],
            ["2026-11-17", "garden hose", "1600380725841", 1, 3, "Y"],
            ["2026-11-17", "garden hose", "1600380725841", 1, 12, "N"],
        ]
    ):
        ws.write_row(i, 0, row)
    book.close()
    parsed = parse_export("keyword_ranks-2026-11-17.xlsx", buf.getvalue())
    assert len(parsed.rows) == 2
    table, info = wk.rank_summary(parsed.rows, SAT, 0.7)
    assert table["double_exposure"].tolist() == [True] and info["double"] == 1


# -- showcase --------------------------------------------------------------------------------
def test_showcase_shares_weakest_and_candidates() -> None:
    products = pd.DataFrame(
        {
            "product_id": ["A", "B", "C", "D"],
            "title": ["a", "b", "c", "d"],
            "search_impressions": [100, 50, 500, 10],
            "visitors": [10, 5, 50, 1],
            "inquiries": [3, 0, 6, 1],
        }
    )
    snap = pd.DataFrame({"product_id": ["A", "B", "C"], "growth_score": [85.0, 79.0, 90.0]})
    showcase = pd.DataFrame({"slot": [1, 2], "product_id": ["A", "B"]})
    got = wk.showcase_summary(showcase, products, snap, 80)
    assert got is not None
    assert got["inquiry_share"] == pytest.approx(0.3)  # 3 of 10: at the 30 % target
    assert got["star_share"] == pytest.approx(0.5)
    assert list(got["weakest"]["product_id"]) == ["B", "A"]
    assert list(got["candidates"]["product_id"]) == ["C", "D"]
    assert wk.showcase_summary(showcase.iloc[0:0], products, snap, 80) is None


# -- the page on the demo --------------------------------------------------------------------
def latest_week_page(demo: BuiltDemo) -> tuple[str, str]:
    weekly = demo.workspace.content / "weekly"
    name = sorted(p.stem for p in weekly.glob("????-??-??.md"))[-1]
    return name, (weekly / f"{name}.md").read_text(encoding="utf-8")


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8-sig")))


def test_downloads_have_the_issue_headers_beside_the_page_and_as_latest_copies(
    built_demo: BuiltDemo,
) -> None:
    content = built_demo.workspace.content
    name, page = latest_week_page(built_demo)
    headers = {
        "uncovered-keywords": "keyword,peer_top10_impressions,my_impressions,covering_products,suggested_day",
        "p4p-keywords": "keyword,impressions,clicks,ctr,spend,cpc,inquiries,diagnosis",
        "star-candidates": "product_id,title,score,gap,visitors",
    }
    for kind, header in headers.items():
        beside = content / f"weekly/{name}-{kind}.csv"
        latest = content / f"downloads/{kind}.csv"
        assert beside.read_text(encoding="utf-8-sig").splitlines()[0] == header
        assert latest.read_bytes() == beside.read_bytes()
        assert (content / f"downloads/{kind}.xlsx").is_file()
        assert f"({name}-{kind}.csv)" in page


def test_the_uncovered_words_workbook_has_the_pages_headers_not_code_names(
    built_demo: BuiltDemo,
) -> None:
    """The XLSX is for people: its header row reads as the page's table (it read
    peer_top10_impressions, my_impressions…); the CSV keeps the names, for machines."""
    from python_calamine import CalamineWorkbook

    name, page = latest_week_page(built_demo)
    book = CalamineWorkbook.from_path(
        str(built_demo.workspace.content / f"weekly/{name}-uncovered-keywords.xlsx")
    )
    header = book.get_sheet_by_index(0).to_python()[0]
    assert header == ["关键词", "Top10 平均曝光", "我的曝光", "覆盖产品数", "建议发布日"], header
    assert all(h in page for h in header if h != "覆盖产品数")  # the page's own words


def test_the_planted_p4p_waste_words_are_judged_on_their_evidence(built_demo: BuiltDemo) -> None:
    """Issue 15: the planted words have a few clicks a week and no inquiry; they are "waste" on
    the weekly page only when their clicks make zero inquiries unlikely at the account's rate
    (below 5 %) or they spent over 200 元, never "no clicks" while they have clicks."""
    name, page = latest_week_page(built_demo)
    words = built_demo.summary.details["p4p_waste"]["words"]
    assert words
    rows = rows_of(built_demo.workspace.content / f"weekly/{name}-p4p-keywords.csv")
    counted = [r for r in rows if r["inquiries"] != ""]
    rate = sum(float(r["inquiries"]) for r in counted) / sum(float(r["clicks"]) for r in counted)
    table = {r["keyword"]: r for r in rows}
    page = page.replace("\\", "")
    end = dt.date.fromisoformat(name)
    assert f"数据来自覆盖 {end - dt.timedelta(days=6)} 至 {end} 的报表（7 天" in page
    for w in words:
        row = table[w]
        clicks, spend = float(row["clicks"]), float(row["spend"])
        codes = row["diagnosis"].split(";")
        evident = (1 - rate) ** clicks < 0.05 or spend > 200
        assert ("waste" in codes) == evident, row
        assert ("no_clicks" in codes) == (clicks == 0), row
        assert (f"直通车词「{w}」本周花费" in page) == (evident or clicks == 0), w


def test_the_planted_75_to_79_products_and_the_fallen_score_are_in_the_stars_section(
    built_demo: BuiltDemo,
) -> None:
    name, page = latest_week_page(built_demo)
    band = built_demo.summary.details["score_band"]["products"]
    got = rows_of(built_demo.workspace.content / f"weekly/{name}-star-candidates.csv")
    ids = [r["product_id"] for r in got]
    assert set(band) <= set(ids)
    assert all(
        75 <= float(r["score"]) < 80 and float(r["gap"]) == 80 - float(r["score"]) for r in got
    )
    gaps = [float(r["gap"]) for r in got]
    assert gaps == sorted(gaps)
    fell = built_demo.summary.details["score_fell"]["product"]
    stars = page.split("{#stars}")[1].split("\n## ")[0]
    assert fell in stars and "成长分从" in page and "信息质量分从" in page


def test_the_planted_uncovered_peer_words_are_in_the_plan(built_demo: BuiltDemo) -> None:
    name, _page = latest_week_page(built_demo)
    planted = built_demo.summary.details["uncovered"]["words"]
    got = rows_of(built_demo.workspace.content / f"weekly/{name}-uncovered-keywords.csv")
    words = {r["keyword"]: r for r in got}
    for w in planted:
        assert w in words, (w, sorted(words))
        assert float(words[w]["peer_top10_impressions"]) > float(words[w]["my_impressions"])
        assert words[w]["covering_products"] == "0"
    days = [r["suggested_day"] for r in got if r["suggested_day"]]
    per_day = {d: days.count(d) for d in days}
    assert max(per_day.values()) <= built_demo.settings.publish_per_day
    assert min(days) > name  # the plan is for the coming week


def test_every_weekly_section_is_on_the_page_and_actions_link_to_it(built_demo: BuiltDemo) -> None:
    _name, page = latest_week_page(built_demo)
    for anchor in ("todo", "peers", "mix", "regions", "p4p", "stars", "keywords", "showcase"):
        assert "{#" + anchor + "}" in page, anchor
    todo = page.split("{#todo}")[1].split("\n## ")[0]
    assert "](../weekly/" in todo


def test_missing_inputs_say_what_file_is_missing(built_demo: BuiltDemo) -> None:
    with open_store(built_demo.workspace.db_path, read_only=True) as store:
        inputs = load_inputs(store, built_demo.as_of)
    bare = analyse(replace(inputs, sheets={}), built_demo.settings)
    r = Renderer(Settings(), bare)
    end = max(w for w in bare.weekly.index if w <= bare.as_of)
    sections = r.sections_for("week", end)
    assert "store_overview-YYYY-MM-DD.xlsx" in sections["peers"]
    assert "product_scores-YYYY-MM-DD.xlsx" in sections["stars"]
    assert "showcase-YYYY-MM-DD.xlsx" in sections["showcase"]
    assert "P4P-keywords-YYYY-MM-DD.xls" in sections["p4p"]
    assert "0.00%" not in sections["peers"]


def test_rising_products_rose_by_the_threshold_or_are_new() -> None:
    now = pd.DataFrame(
        {
            "product_id": ["EDGE", "UNDER", "NEW", "SHOWN", "BIG"],
            "title": ["e", "u", "n", "s", "b"],
            "search_impressions": [120, 119, 50, 900, 5000],
        }
    )
    before = pd.DataFrame(
        {
            "product_id": ["EDGE", "UNDER", "SHOWN", "BIG"],
            "search_impressions": [100, 100, 100, 4000],
        }
    )
    got = wk.rising_products(now, before, 0.2, exclude={"SHOWN"})
    # +20 % is enough, +19 % is not; a product with none before rises; showcase ones are left out
    assert list(got["product_id"]) == ["BIG", "NEW", "EDGE"]
    assert got.set_index("product_id").loc["BIG", "impressions_change"] == pytest.approx(0.25)


# -- findings → action items on a hand-built store -------------------------------------------
def hand_built_site(
    hours: float, showcase_inquiries: int, score: float, campaigns: pd.DataFrame | None = None
) -> Analysis:
    """One week of data: 10 inquiries, the showcase product with ``showcase_inquiries`` of them,
    the account promoting ``hours`` a day, one product scoring ``score``."""
    end = pd.Timestamp(SAT)
    week_rows = pd.DataFrame(
        {
            "period_start": [pd.Timestamp(SUN)] * 2,
            "period_end": [end, end],
            "product_id": ["S", "O"],
            "title": ["showcase one", "other one"],
            "search_impressions": [100, 100],
            "visitors": [10, 10],
            "inquiries": [showcase_inquiries, 10 - showcase_inquiries],
            "showcase": [True, False],
        }
    )
    for col in SOURCE_COLUMN.values():  # an export has every count column
        if col not in week_rows:
            week_rows[col] = 0
    account = pd.DataFrame(
        {
            "date": pd.date_range(SUN, SAT),
            "impressions": 1000,
            "clicks": 30,
            "spend": 80.0,
            "promo_hours": hours,
            "budget": 100.0,
        }
    )
    scores = pd.DataFrame(
        {"date": [end], "product_id": ["O"], "title": ["other one"], "growth_score": [score]}
    )
    showcase = pd.DataFrame(
        {"period_start": [end], "period_end": [end], "slot": [1], "product_id": ["S"]}
    )
    inputs = Inputs(
        as_of=SAT,
        week_rows=week_rows,
        sheets={
            "p4p_account": account,
            "product_scores": scores,
            "showcase": showcase,
            **({"p4p_campaigns": campaigns} if campaigns is not None else {}),
        },
    )
    return analyse(inputs, Settings())


def rules_fired(site: Analysis) -> set[str]:
    """The weekly rules that fired, and "todo" when the page's to-do list has items."""
    r = Renderer(Settings(), site)
    todo = r.sections_for("week", SAT)["todo"]
    fired = {f.rule for f in weekly_facts(r, SAT).findings}
    return fired | ({"todo"} if todo else set())


def test_weekly_actions_fire_beyond_their_thresholds_and_not_at_them() -> None:
    at = rules_fired(hand_built_site(hours=20.0, showcase_inquiries=3, score=74.9))
    assert not at & {"p4p_hours", "showcase_inquiries", "star_push"}, at
    beyond = rules_fired(hand_built_site(hours=19.9, showcase_inquiries=2, score=75.0))
    assert {"p4p_hours", "showcase_inquiries", "star_push", "todo"} <= beyond, beyond
    # 实力优品 share among showcase products has no score for the showcase product: no verdict
    assert "showcase_stars" not in beyond


def test_weekly_page_of_a_store_with_few_inputs_renders_and_links_its_actions() -> None:
    r = Renderer(Settings(), hand_built_site(hours=10.0, showcase_inquiries=1, score=77.0))
    sections = r.sections_for("week", SAT)
    assert "#p4p" in sections["todo"] and "#showcase" in sections["todo"]
    # each finding's message, its figures as formatted for the page, linking to its section
    todo = [
        line.split(" [查看依据](../weekly/2026-11-21.md") for line in sections["todo"].splitlines()
    ]
    assert [(msg.replace("\\", ""), link) for msg, link in todo] == [
        # short hours alone have no money of their own: unsized, in the rules' order
        (
            "- 直通车推广时长 10.0 小时，低于 20 小时：检查预算和出价，让推广覆盖全天。",
            "#p4p)",
        ),
        # a product named by its title and ID (issue 16)
        (
            "- 1 个产品在 75–79 分，差一点到 80 分（实力优品）：优先优化 other one（ID O）。",
            "#stars)",
        ),
        # S is the only showcase product: add products, never "swap out the weakest"
        (
            "- 橱窗产品询盘占比 10.0%，低于 30.0%：showcase one（ID S） 是唯一的橱窗产品或店铺曝光第一，"
            "不要换下；把询盘多的产品加入橱窗。",
            "#showcase)",
        ),
    ]
    assert "traffic_sources-YYYY-MM-DD.xlsx" in sections["mix"]
    assert "keyword_ranks-YYYY-MM-DD.xlsx" in sections["keywords"]


def test_the_weekly_to_do_is_ranked_by_stake_short_and_folds_the_rest(
    built_demo: BuiltDemo,
) -> None:
    """The list at the top: every item of the week's sections once, the ones with money at
    stake first (most 元 first), at most ``todo_max_weekly`` shown and the rest in a
    「其余 N 条」 block on the page — no 「还有 N 条待办」 counters."""
    import re

    page = (built_demo.workspace.content / "weekly/2026-11-21.md").read_text(encoding="utf-8")
    todo = page.split("{#todo}", 1)[1].split("\n## ", 1)[0]
    shown_part, _, folded = todo.partition("<details markdown>")
    shown = [x for x in shown_part.splitlines() if x.startswith("- ")]
    rest = [x for x in folded.splitlines() if x.startswith("- ")]
    assert "还有" not in todo
    # a section's items: the first three, the rest in its own 「其余 N 条」, above its details
    in_sections = [
        x
        for part in page.split("**本节待办**")[1:]
        for x in part.split('<details class="ops-fold"', 1)[0].split("\n## ", 1)[0].splitlines()
        if x.startswith("- ")
    ]
    assert sorted(shown + rest) == sorted(in_sections)
    assert len(shown) == min(Settings().todo_max_weekly, len(in_sections))
    if rest:
        assert f"<summary>其余 {len(rest)} 条" in folded
    money = [re.search(r"涉及 ([\d,.]+) 元/周", x) for x in shown + rest]
    sized = [float(m.group(1).replace(",", "")) for m in money if m]
    assert sized, "the demo week spends on P4P words without inquiries"
    assert sized == sorted(sized, reverse=True)
    first_unsized = next((i for i, m in enumerate(money) if not m), len(money))
    assert all(m is None for m in money[first_unsized:]) or any(
        "次曝光" in x or "条询盘" in x for x in (shown + rest)[first_unsized:]
    )


def test_a_week_before_its_tuesday_is_marked_as_a_draft(built_demo: BuiltDemo) -> None:
    """As of Saturday 2026-11-21 (the reader's Monday 11-23), the week ending that day is final
    only on Tuesday 11-24; the week before is final."""
    content = built_demo.workspace.content
    latest = (content / "weekly/2026-11-21.md").read_text(encoding="utf-8")
    before = (content / "weekly/2026-11-14.md").read_text(encoding="utf-8")
    assert "**草稿**：本周数据在 2026-11-24（周二）才完整" in latest.split("\n## ", 1)[0]
    assert "草稿" not in before


def test_a_campaign_short_on_both_hours_and_budget_use_gets_one_consistent_action() -> None:
    """Few hours with budget left over is not a budget problem: one item about time settings
    and bids, not "raise the budget" next to "the budget is not spent"."""
    campaigns = weekly_report(
        [
            {"campaign": "A", "budget": 100.0, "spend": 100.0, "promo_hours": 70.0},
            {"campaign": "B", "budget": 100.0, "spend": 600.0, "promo_hours": 70.0},
        ]
    )
    site = hand_built_site(hours=24.0, showcase_inquiries=3, score=70.0, campaigns=campaigns)
    fired = {(f.rule, f.subject) for f in site.weeks[SAT].findings}
    assert {f for f in fired if f[1] in ("A", "B")} == {
        ("campaign_hours_budget", "A"),
        ("campaign_hours", "B"),
    }


# -- the weekly rules on hand-made facts ------------------------------------------------------
def week_facts_of(step: str = "week", **fields: object) -> WeekFacts:
    """A period's facts with nothing found in them but ``fields``."""
    none = pd.DataFrame()
    base: dict[str, object] = {
        "step": step,
        "start": SUN,
        "end": SAT,
        "report_day": SAT,
        "latest": False,
        "peers": pd.DataFrame(columns=["metric", "gap_avg"]),
        "peer_history": none,
        "p4p_now": None,
        "p4p_prev": None,
        "showcase_count": None,
        "showcase_count_prev": None,
        "mix": pd.DataFrame(columns=["group", "visitors", "share", "reference"]),
        "regions": pd.DataFrame(columns=["country", "verdict"]),
        "p4p_words": none,
        "p4p_products": none,
        "diagnosis": pd.DataFrame(columns=["subject", "diagnosis", "ctr", "reference"]),
        "cpc_trend": none,
        "cpc_drivers": none,
        "campaigns": pd.DataFrame(columns=["campaign", "low_hours", "low_budget"]),
        "score_fell": none,
        "stars": none,
        "score_date": None,
        "top10": none,
        "uncovered": None,
        "ranks": none,
        "rank_info": None,
        "showcase": None,
        "rising": none,
        "missing": {},
    }
    return WeekFacts(**{**base, **fields})  # type: ignore[arg-type]


def test_the_peer_gap_rule_fires_beyond_the_clear_change_and_not_at_it() -> None:
    peers = pd.DataFrame({"metric": ["inquiries", "store_visitors"], "gap_avg": [-0.11, -0.10]})
    found = findings("week", week_facts_of(peers=peers), Settings(change_clear=0.10))
    assert [(f.rule, f.subject, f.values["gap"]) for f in found] == [
        ("peer_gap", "inquiries", "11.0%")
    ]


def test_a_low_ctr_is_one_item_per_subject_blaming_the_word_the_product_or_both() -> None:
    diagnosis = pd.DataFrame(
        {
            "subject": ["big word", "P1", "odd word"],
            "diagnosis": ["word", "product", "both"],
            "ctr": [0.001, 0.002, 0.003],
            "reference": [0.02] * 3,
        }
    )
    found = findings("week", week_facts_of(diagnosis=diagnosis), Settings())
    assert [(f.rule, f.subject) for f in found] == [
        ("ctr_word", "big word"),
        ("ctr_product", "P1"),
        ("ctr_both", "odd word"),
    ]


def test_the_weekly_account_hours_rule_and_its_month_scale_wording() -> None:
    s = Settings()
    short = {"promo_hours": 19.9, "budget_use": 0.9}
    assert [f.rule for f in findings("week", week_facts_of(p4p_now=short), s)] == ["p4p_hours"]
    full = {"promo_hours": 20.0, "budget_use": 0.9}
    assert findings("week", week_facts_of(p4p_now=full), s) == []
    words = pd.DataFrame(
        {
            "keyword": ["w"],
            "abnormal": [False],
            "no_inquiry": [True],
            "spend": [212.5],
            "clicks": [5.0],
            "waste": ["waste"],
            "zero_chance": [0.9],
        }
    )
    month = week_facts_of("month", p4p_words=words)
    (item,) = to_actions(SAT, "monthly/2026-11.md", findings("week", month, s), "zh")
    assert item.message.startswith("直通车词「w」本月花费 212.50 元、5 次点击，没有询盘")
    assert item.link == "monthly/2026-11.md#p4p"


def evidence_week() -> pd.DataFrame:
    def word(keyword: str, clicks: int, spend: float, inquiries: int) -> dict:
        return {"keyword": keyword, "impressions": 2000, "clicks": clicks, "spend": spend,
                "inquiries": inquiries}  # fmt: skip

    return weekly_report(
        [
            word("solar lamp", 1000, 2000.0, 20),  # the account's rate: about 2 %
            word("one click", 1, 4.14, 0),  # issue 15: not waste
            word("nine clicks", 9, 28.96, 0),  # issue 15: not waste, not "no clicks"
            word("rank one", 1165, 1039.0, 1),  # issue 15: an inquiry, never waste
            word("no clicks", 0, 3.0, 0),
            *(word(f"leak {i:02d}", 300, 300.0 + i, 0) for i in range(12)),
        ]
    )


def test_wasted_words_need_evidence_come_by_spend_and_are_few() -> None:
    table = wk.p4p_keyword_table(evidence_week(), SUN, SAT, 0.002, 700, 0.05, 200.0)
    found = findings("week", week_facts_of(p4p_words=table), Settings(weekly_waste_max_items=10))
    p4p = [f for f in found if f.rule.startswith("spend_no")]
    assert [f.subject for f in p4p[:10]] == [f"leak {i:02d}" for i in range(11, 1, -1)]
    assert {f.rule for f in p4p[:10]} == {"spend_no_inquiry"}
    # the rest: two more leaks and the word without a click, as one item with their count
    assert (p4p[10].rule, p4p[10].values["n"]) == ("spend_no_inquiry", 3)
    assert len(p4p) == 11
    # every finding becomes a to-do line (the count line has its own text)
    lines = [a.message for a in to_actions(SAT, "weekly/x.md", found, "zh")]
    assert "另有 3 个直通车词同样花了钱没有效果" in lines[found.index(p4p[10])]
    shown = {f.subject for f in p4p}
    assert not shown & {"one click", "nine clicks", "rank one", "solar lamp"}
    few = findings("week", week_facts_of(p4p_words=table), Settings(weekly_waste_max_items=20))
    assert ("spend_no_clicks", "no clicks") in {(f.rule, f.subject) for f in few}
    item = next(f for f in few if f.subject == "leak 11")
    assert item.values["clicks"] == "300" and item.values["spend"] == "311.00"


def test_the_keyword_library_and_the_weekly_page_agree_on_each_word() -> None:
    week = evidence_week()
    table = wk.p4p_keyword_table(week, SUN, SAT, 0.002, 700, 0.05, 200.0)
    lib = build_library({"p4p_keywords": week}, SAT, KeywordRules(window_days=7))
    status = dict(zip(lib["key"], lib["status"], strict=True))
    for keyword, verdict in zip(table["keyword"], table["waste"], strict=True):
        assert (status[normalise_keyword(keyword)] == "waste") == (verdict != ""), keyword
    assert (table["waste"] != "").sum() == 13


def test_analyse_holds_every_weeks_facts_and_to_do_items() -> None:
    site = hand_built_site(hours=10.0, showcase_inquiries=1, score=77.0)
    facts = site.weeks[SAT]
    assert (facts.start, facts.end, facts.latest) == (SUN, SAT, True)
    assert [a.rule for a in facts.actions] == [f.rule for f in facts.findings]
    assert "p4p_hours" in {a.rule for a in facts.actions}
    assert all(a.link.startswith("weekly/2026-11-21.md#") for a in facts.actions)


# -- rising products at weekly scale: two weeks running, launched ones left out (issue 15) ----
def three_weeks_site(impressions: dict[str, tuple[int | None, int | None, int]]) -> Analysis:
    """Three weeks of product rows ending ``SAT``; ``impressions``: product → search
    impressions two weeks ago, last week, this week (None: not in that week's export). The
    product "P4P" is flagged 是否P4P."""
    recs = []
    for back, i in ((14, 0), (7, 1), (0, 2)):
        end = pd.Timestamp(SAT - dt.timedelta(days=back))
        for pid, weeks in impressions.items():
            if weeks[i] is None:
                continue
            recs.append(
                {
                    "period_start": end - pd.Timedelta(days=6),
                    "period_end": end,
                    "product_id": pid,
                    "title": f"product {pid}",
                    "search_impressions": weeks[i],
                    "visitors": 5,
                    "inquiries": 1,
                    "showcase": False,
                    "in_p4p": pid == "P4P",
                }
            )
    week_rows = pd.DataFrame(recs)
    for col in SOURCE_COLUMN.values():
        if col not in week_rows:
            week_rows[col] = 0
    return analyse(Inputs(as_of=SAT, week_rows=week_rows), Settings())


def test_a_weekly_rise_must_hold_two_weeks_and_a_launch_is_not_a_rise() -> None:
    site = three_weeks_site(
        {
            "TWO": (100, 150, 200),  # +50 %, +33 %: two weeks running
            "ONE": (100, 100, 200),  # a one-week rise: not yet
            "DIP": (150, 100, 200),  # fell, then rose
            "LAUNCHED": (None, None, 3000),  # first seen this week
            "LASTWEEK": (None, 100, 400),  # first seen last week: launched inside the window
            "P4P": (100, 130, 170),  # rising, and in P4P already
        }
    )
    r = Renderer(Settings(), site)
    facts = weekly_facts(r, SAT)
    assert set(facts.rising["product_id"]) == {"TWO", "P4P"}
    todo = r.sections_for("week", SAT)["todo"].replace("\\", "")
    # each named by its title and ID (issue 16)
    assert "产品 product TWO（ID TWO） 搜索曝光上升（100 → 150 → 200）：加入橱窗和直通车。" in todo
    assert (
        "产品 product P4P（ID P4P） 搜索曝光上升（100 → 130 → 170），已在直通车：加入橱窗。" in todo
    )
    assert "（ID P4P） 搜索曝光上升（100 → 130 → 170）：加入橱窗和直通车" not in todo
    for pid in ("ONE", "DIP", "LAUNCHED", "LASTWEEK"):
        assert f"（ID {pid}）" not in todo, pid


def test_at_month_scale_one_months_rise_is_enough_but_a_launch_is_not() -> None:
    now = pd.DataFrame(
        {"product_id": ["A", "N"], "title": ["a", "n"], "search_impressions": [200, 500]}
    )
    before = pd.DataFrame({"product_id": ["A"], "search_impressions": [100]})
    got = wk.rising_products(now, before, 0.2, set())
    assert list(got["product_id"]) == ["N", "A"]  # the metric keeps it; the month drops "N"
    two = wk.rising_products(now, before, 0.2, set(), earlier=pd.DataFrame())
    assert two.empty  # no week before last: nothing has risen two weeks running
