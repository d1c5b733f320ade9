"""The keyword library (issue 5): normalisation, languages and translations, the numbers per
word, and every status rule at its thresholds (both sides of each edge)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from generator.analysis.keywords import (
    LIBRARY_COLUMNS,
    STATUSES,
    KeywordRules,
    build_library,
    display_form,
    language_of,
    normalise_keyword,
    singular,
    status_counts,
)
from tests.fixtures.keyword_samples import sample_library, sample_sources, sample_words

AS_OF = dt.date(2026, 11, 21)  # a Saturday
WEEK = (dt.date(2026, 11, 15), AS_OF)


# -- helpers --------------------------------------------------------------------------------------


def periodic(
    rows: list[dict[str, Any]],
    start: dt.date = WEEK[0],
    end: dt.date = WEEK[1],
    gran: str = "week",
) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["period_start"] = pd.Timestamp(start)
    frame["period_end"] = pd.Timestamp(end)
    frame["granularity"] = gran
    return frame


def traffic(
    keyword: str,
    impressions: int = 100,
    clicks: int = 5,
    top10: float = 0.0,
    index: int | None = 50,
    competition: int | None = 50,
    **period: Any,
) -> pd.DataFrame:
    return periodic(
        [
            {
                "keyword": keyword,
                "impressions": impressions,
                "clicks": clicks,
                "p4p_impressions": 0,
                "p4p_clicks": 0,
                "top10_impressions": top10,
                "search_index": index,
                "competition": competition,
            }
        ],
        **period,
    )


def p4p(
    keyword: str,
    spend: float,
    clicks: int,
    inquiries: float | None = None,
    impressions: int = 500,
    stars: float = 4.0,
) -> pd.DataFrame:
    return periodic(
        [
            {
                "keyword": keyword,
                "star_rating": stars,
                "bid": 2.0,
                "impressions": impressions,
                "clicks": clicks,
                "spend": spend,
                "inquiries": np.nan if inquiries is None else inquiries,
            }
        ]
    )


def index_rows(*rows: tuple[str, int, int], growth: float = 0.0) -> pd.DataFrame:
    return periodic(
        [
            {"keyword": k, "search_index": i, "competition": c, "search_growth": growth}
            for k, i, c in rows
        ],
        start=AS_OF - dt.timedelta(days=29),
        gran="month",
    )


def products(*titles: str, end: dt.date = AS_OF) -> pd.DataFrame:
    return periodic(
        [{"product_id": f"16000000000{i:02d}", "title": t} for i, t in enumerate(titles)],
        start=end,
        end=end,
        gran="day",
    )


def visitors(*rows: tuple[str, str | None, str | None, bool]) -> pd.DataFrame:
    """(visitor id, preferred keywords, store search terms, inquired)"""
    return pd.DataFrame(
        [
            {
                "visit_date": pd.Timestamp(AS_OF),
                "visitor_id": v,
                "page_views": 2,
                "preferred_keywords": pref,
                "store_search_terms": search,
                "inquired": inquired,
                "period_start": pd.Timestamp(AS_OF - dt.timedelta(days=6)),
                "period_end": pd.Timestamp(AS_OF),
                "granularity": "range",
            }
            for v, pref, search, inquired in rows
        ]
    )


def cat(*frames: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True)


def build(rules: Any = None, lang: str = "zh", **sources: pd.DataFrame) -> pd.DataFrame:
    return build_library(sources, AS_OF, rules, lang=lang)


def row(lib: pd.DataFrame, word: str) -> pd.Series:
    got = lib[lib["key"] == normalise_keyword(word)]
    assert len(got) == 1, f"{word!r}: {len(got)} entries in {list(lib['keyword'])}"
    return got.iloc[0]


def status_of(lib: pd.DataFrame, word: str) -> str:
    return str(row(lib, word)["status"])


NOT_COVERING = products("Stainless Steel Kitchen Knife Set")


# -- normalisation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("lights", "light"),
        ("boxes", "box"),
        ("batteries", "battery"),
        ("glasses", "glass"),
        ("brushes", "brush"),
        ("watches", "watch"),
        ("knives", "knife"),
        ("shelves", "shelf"),
        ("gloves", "glove"),
        ("shoes", "shoe"),
        ("potatoes", "potato"),
        ("cases", "case"),
        ("hoses", "hose"),
        ("buses", "bus"),
        ("cookies", "cookie"),
        ("headaches", "headache"),
        ("sofas", "sofa"),
        ("leds", "led"),
        ("women", "woman"),
        ("children", "child"),
    ],
)
def test_plural_nouns_become_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


@pytest.mark.parametrize(
    "word",
    ["glass", "bus", "grass", "mattress", "series", "species", "tennis", "chassis", "cactus",
     "status", "news", "jeans", "scissors", "lens", "gas", "canvas", "this", "abs", "pcs", "3s"],
)  # fmt: skip
def test_words_that_only_look_plural_stay(word: str) -> None:
    assert singular(word) == word


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Solar Lights", "solar light"),
        ("  SOLAR   lights ", "solar light"),
        ("solar-lights!", "solar light"),
        ("Solar_Light, outdoor.", "solar light outdoor"),
        ("men's shoes", "men shoe"),
        ("1.5m USB cables", "1.5m usb cable"),
        ("Ｓｏｌａｒ　Ｌｉｇｈｔｓ", "solar light"),  # full-width, as a Chinese IME types it
        ("glass boxes", "glass box"),
        ("LED Batteries", "led battery"),
        ("tijeras de podar", "tijeras de podar"),  # not English: no plural folding
        ("luces solares", "luces solares"),
        ("户外 露营，帐篷", "户外 露营 帐篷"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_folds_case_whitespace_punctuation_and_plural(text: Any, key: str) -> None:
    assert normalise_keyword(text) == key


def test_variants_share_one_entry_and_are_kept() -> None:
    lib = build(
        traffic_keywords=cat(
            traffic("Solar Lights", 300, index=None),
            traffic("solar light", 200, index=None),
            traffic("solar-light", 10, index=None),
        ),
        keyword_index=index_rows(("SOLAR LIGHT", 900, 40)),
    )
    assert len(lib) == 1
    got = lib.iloc[0]
    assert got["key"] == "solar light"
    assert got["variants"].split(" | ") == ["solar light", "solar lights", "solar-light"]
    assert got["keyword"] == "solar light"  # seen most often (traffic + index)
    assert got["impressions"] == 510  # the variants' numbers add up
    assert got["search_index"] == 900
    assert display_form("  Solar-LIGHTS ") == "solar-lights"


# -- languages and translations ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("solar garden light", "en"),
        ("太阳能灯", "zh"),
        ("ソーラーライト", "ja"),
        ("太陽光ライト", "ja"),  # kanji and kana: Japanese
        ("태양광 조명", "ko"),
        ("ไฟโซล่าเซลล์", "th"),
        ("ضوء شمسي", "ar"),
        ("солнечный фонарь", "ru"),
        ("tienda de campaña", "es"),
        ("luz solar de jardín", "es"),
        ("silla plegable", "es"),
        ("barraca de camping", "pt"),
        ("cadeira dobrável", "pt"),
        ("lampe solaire pour jardin", "fr"),
        ("tente de camping", "fr"),
        ("Solarleuchte für den Garten", "de"),
        ("sedia pieghevole da giardino", "it"),
        ("e bike battery", "en"),  # one weak stop word is not enough
        ("die casting machine", "en"),
        ("price per piece", "en"),
    ],
)
def test_language_of(text: str, lang: str) -> None:
    assert language_of(text) == lang


def test_a_translated_traffic_word_is_flagged_not_merged() -> None:
    lib = build(
        traffic_keywords=cat(traffic("solar light", 900), traffic("luz solar", 40)),
        products=products("Solar Light Outdoor Garden LED"),
    )
    assert len(lib) == 2
    es = row(lib, "luz solar")
    assert es["language"] == "es"
    assert bool(es["translated"]) is True
    assert es["original"] == "solar light"
    assert es["covering_products"] == 1  # covered through its English original
    en = row(lib, "solar light")
    assert bool(en["translated"]) is False and en["original"] == ""


def test_no_translation_flag_without_the_english_original_in_the_library() -> None:
    lib = build(traffic_keywords=cat(traffic("luz solar", 40), traffic("camping chair", 10)))
    assert bool(row(lib, "luz solar")["translated"]) is False
    assert row(lib, "luz solar")["original"] == ""


def test_only_traffic_words_are_flagged_but_originals_are_found_from_any_source() -> None:
    lib = build(
        traffic_keywords=traffic("camping tent"),
        competitor_keywords=periodic(
            [{"keyword": "barraca de camping", "source": "相关词"}], start=AS_OF, gran="day"
        ),
    )
    pt = row(lib, "barraca de camping")
    assert pt["original"] == "camping tent"
    assert bool(pt["translated"]) is False  # collected by the operator, not auto-translated


def test_originals_from_p4p_search_terms_and_from_config() -> None:
    terms = periodic(
        [
            {
                "search_term": "садовый шланг растягивающийся",
                "matched_keyword": "Garden Hoses",
                "impressions": 10,
                "clicks": 1,
                "spend": 1.0,
            }
        ]
    )
    lib = build(
        traffic_keywords=cat(
            traffic("garden hose"),
            traffic("садовый шланг растягивающийся"),
            traffic("mangueira mágica"),
        ),
        p4p_search_terms=terms,
        rules=KeywordRules(translations={"garden hose": ["mangueira mágica"]}),
    )
    ru = row(lib, "садовый шланг растягивающийся")
    assert (ru["original"], bool(ru["translated"])) == ("garden hose", True)
    pt = row(lib, "mangueira mágica")
    assert (pt["original"], bool(pt["translated"])) == ("garden hose", True)


def test_a_word_in_three_sources_and_two_languages() -> None:
    """The issue's check: one entry with three sources, and a flagged translation."""
    lib = build(
        traffic_keywords=cat(traffic("Camping Tents", 1200), traffic("tienda de campaña", 40)),
        keyword_index=index_rows(("camping tent", 5100, 800)),
        rfq=pd.DataFrame(
            [
                {
                    "date": pd.Timestamp(AS_OF - dt.timedelta(days=2)),
                    "rfq_title": "Need 500 camping tents",
                    "keyword": "camping tent",
                    "period_start": pd.Timestamp(AS_OF - dt.timedelta(days=6)),
                    "period_end": pd.Timestamp(AS_OF),
                    "granularity": "range",
                }
            ]
        ),
    )
    assert len(lib) == 2
    en = row(lib, "camping tent")
    assert en["sources"] == "keyword_index;rfq;traffic_keywords"
    assert en["variants"] == "camping tent | camping tents"
    assert en["first_seen"] == AS_OF - dt.timedelta(days=2)
    assert en["last_seen"] == AS_OF
    assert en["rfq_count"] == 1
    es = row(lib, "tienda de campaña")
    assert bool(es["translated"]) is True and es["original"] == "camping tent"


# -- numbers per word -------------------------------------------------------------------------------


def test_sums_cover_the_window_and_one_granularity_only() -> None:
    weeks = [
        traffic(
            "solar light",
            100 * (k + 1),
            k,
            start=AS_OF - dt.timedelta(days=7 * k + 6),
            end=AS_OF - dt.timedelta(days=7 * k),
        )
        for k in range(6)
    ]
    month = traffic(
        "solar light", 99999, 9, start=AS_OF - dt.timedelta(days=29), end=AS_OF, gran="month"
    )
    lib = build(traffic_keywords=cat(*weeks, month), rules=KeywordRules(window_days=28))
    # the four weeks ending on the as-of date: 100 + 200 + 300 + 400; not the month file too
    assert row(lib, "solar light")["impressions"] == 1000
    assert row(lib, "solar light")["first_seen"] == AS_OF - dt.timedelta(days=35)


def test_rows_after_the_as_of_date_are_ignored() -> None:
    later = traffic(
        "solar light",
        5000,
        start=AS_OF + dt.timedelta(days=1),
        end=AS_OF + dt.timedelta(days=7),
    )
    lib = build(traffic_keywords=cat(traffic("solar light", 100), later))
    assert row(lib, "solar light")["impressions"] == 100
    assert row(lib, "solar light")["last_seen"] == AS_OF


def test_index_trend_over_four_weeks_else_search_growth() -> None:
    old = traffic(
        "solar light",
        index=1000,
        start=AS_OF - dt.timedelta(days=34),
        end=AS_OF - dt.timedelta(days=28),
    )
    new = traffic("solar light", index=1250)
    lib = build(
        traffic_keywords=cat(old, new, traffic("garden hose", index=300)),
        keyword_index=index_rows(("garden hose", 310, 20), ("solar light", 1200, 30), growth=0.1),
    )
    assert row(lib, "solar light")["index_trend"] == pytest.approx(0.25)
    assert row(lib, "garden hose")["index_trend"] == pytest.approx(0.1)
    # same end date: 引流关键词 gives index and competition
    assert row(lib, "solar light")["search_index"] == 1250


def test_p4p_numbers_and_cpc() -> None:
    lib = build(p4p_keywords=p4p("solar light", 30.0, 12, inquiries=2, stars=5))
    got = row(lib, "solar light")
    assert (got["p4p_spend"], got["p4p_clicks"], got["p4p_inquiries"]) == (30.0, 12, 2)
    assert got["p4p_cpc"] == pytest.approx(2.5)
    assert got["star_rating"] == 5
    assert bool(got["in_p4p"]) is True
    assert got["inquiries"] == 2


def test_without_a_p4p_report_traffic_tells_which_words_are_in_p4p() -> None:
    paid = traffic("solar light", 900)
    paid["p4p_impressions"] = 300
    lib = build(
        traffic_keywords=cat(paid, traffic("garden hose")),
        visitors=visitors(("V1", None, "solar light", True), ("V2", None, "garden hose", True)),
    )
    assert bool(row(lib, "solar light")["in_p4p"]) is True
    assert row(lib, "solar light")["p4p_impressions"] == 300
    assert status_of(lib, "solar light") == "keep"  # in P4P: not a P4P candidate
    assert status_of(lib, "garden hose") == "p4p_candidate"


def test_coverage_counts_live_titles_holding_every_token() -> None:
    old = products("Solar Fountain Pump", end=AS_OF - dt.timedelta(days=1))  # not live any more
    live = products(
        "Solar Lights Outdoor Waterproof",
        "Outdoor Solar Garden Light 2 Pack",
        "LED String Lights for Garden",
    )
    lib = build(
        traffic_keywords=cat(
            traffic("solar light"),
            traffic("garden light"),
            traffic("solar fountain pump"),
            traffic("light for garden"),
        ),
        products=cat(old, live),
    )
    assert row(lib, "solar light")["covering_products"] == 2
    assert row(lib, "garden light")["covering_products"] == 2
    assert row(lib, "light for garden")["covering_products"] == 2  # 'for' need not be in a title
    assert row(lib, "solar fountain pump")["covering_products"] == 0


def test_coverage_is_missing_without_products_data() -> None:
    lib = build(traffic_keywords=traffic("solar light", top10=500))
    assert pd.isna(row(lib, "solar light")["covering_products"])
    assert status_of(lib, "solar light") == "keep"  # unknown coverage is not 'uncovered'


def test_rank_is_the_best_organic_position_of_the_latest_check() -> None:
    def check(day: dt.date, page: int, position: int, is_p4p: bool) -> dict[str, Any]:
        return {
            "date": pd.Timestamp(day),
            "keyword": "solar light",
            "product_id": "1600000000001",
            "page": page,
            "position": position,
            "is_p4p": is_p4p,
            "period_start": pd.Timestamp(day),
            "period_end": pd.Timestamp(day),
            "granularity": "day",
        }

    before = AS_OF - dt.timedelta(days=7)
    ranks = pd.DataFrame(
        [
            check(before, 1, 1, False),
            check(AS_OF, 2, 7, False),
            check(AS_OF, 1, 30, False),
            check(AS_OF, 1, 2, True),
        ]
    )
    got = row(build(keyword_ranks=ranks), "solar light")
    assert got["rank"] == "1-30"
    assert got["rank_value"] == 1030
    assert bool(got["double_exposure"]) is True


def test_visitors_give_natural_inquiries_from_store_search_terms() -> None:
    lib = build(
        visitors=visitors(
            ("V1", "solar light, garden hose", "solar light", True),
            ("V2", "solar light", None, True),  # preferred only: seen, not an inquiry for it
            ("V3", "garden hose", "garden hose", False),
        )
    )
    assert (row(lib, "solar light")["visitors"], row(lib, "solar light")["natural_inquiries"]) == (
        2,
        1,
    )
    assert (row(lib, "garden hose")["visitors"], row(lib, "garden hose")["natural_inquiries"]) == (
        2,
        0,
    )
    assert row(lib, "solar light")["sources"] == "store_search;visitor_preferred"


def test_competitor_sheet_sources_and_the_new_product_plan() -> None:
    sheet = periodic(
        [
            {"keyword": "patio gazebo", "source": "同行店铺"},
            {"keyword": "patio gazebo", "source": "下拉词"},
            {"keyword": "fire pit table", "source": "软件采集"},
            {"keyword": "garden pergola", "source": "朋友推荐"},
        ],
        start=AS_OF,
        gran="day",
    )
    plan = periodic(
        [
            {
                "plan_date": AS_OF,
                "title": "Gazebo",
                "target_keywords": "patio gazebo，garden gazebo",
                "status": "待发布",
            },
            {
                "plan_date": AS_OF,
                "title": "Pit",
                "target_keywords": "fire pit table",
                "status": "已发布",
            },
        ],
        start=AS_OF,
        gran="day",
    )
    lib = build(competitor_keywords=sheet, new_products=plan)
    assert row(lib, "patio gazebo")["sources"] == "dropdown;new_products;peers"
    assert row(lib, "fire pit table")["sources"] == "new_products;tools"
    assert row(lib, "garden pergola")["sources"] == "collected"
    assert bool(row(lib, "patio gazebo")["planned"]) is True
    assert bool(row(lib, "garden gazebo")["planned"]) is True
    assert bool(row(lib, "fire pit table")["planned"]) is False


def test_empty_sources_give_an_empty_library_with_every_column() -> None:
    lib = build_library({}, AS_OF)
    assert list(lib.columns) == list(LIBRARY_COLUMNS)
    assert lib.empty


# -- status rules at their thresholds ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "competition", "expected"),
    [
        (200, 10, "opportunity"),
        (199, 10, "keep"),
        (200, 11, "keep"),
        (5000, 1, "opportunity"),
        (None, 1, "keep"),
    ],
)
def test_opportunity_rule(index: int | None, competition: int, expected: str) -> None:
    lib = build(traffic_keywords=traffic("patio gazebo", index=index, competition=competition))
    assert status_of(lib, "patio gazebo") == expected


def test_opportunity_thresholds_come_from_the_rules() -> None:
    rules = KeywordRules(opportunity_min_index=100, opportunity_max_competition=20)
    lib = build(traffic_keywords=traffic("patio gazebo", index=100, competition=20), rules=rules)
    assert status_of(lib, "patio gazebo") == "opportunity"


@pytest.mark.parametrize(
    ("top10", "index", "titles", "expected"),
    [
        (0.1, 50, ("Kitchen Knife",), "uncovered"),  # peers get impressions
        (0.0, 50, ("Kitchen Knife",), "keep"),
        (0.0, 200, ("Kitchen Knife",), "uncovered"),  # index at the threshold
        (0.0, 199, ("Kitchen Knife",), "keep"),
        (500.0, 900, ("Patio Gazebos 3x3m",), "keep"),  # a live title covers it
    ],
)
def test_uncovered_rule(top10: float, index: int, titles: tuple[str, ...], expected: str) -> None:
    lib = build(
        traffic_keywords=traffic("patio gazebo", top10=top10, index=index, competition=50),
        products=products(*titles),
    )
    assert status_of(lib, "patio gazebo") == expected
    if expected == "uncovered":
        assert row(lib, "patio gazebo")["action_key"] == "publish"


def test_uncovered_word_in_the_plan_and_in_another_language() -> None:
    plan = periodic(
        [
            {
                "plan_date": AS_OF,
                "title": "Gazebo",
                "target_keywords": "patio gazebo",
                "status": "待发布",
            }
        ],
        start=AS_OF,
        gran="day",
    )
    lib = build(
        traffic_keywords=cat(
            traffic("patio gazebo", top10=300), traffic("садовый навес", top10=30)
        ),
        products=NOT_COVERING,
        new_products=plan,
    )
    assert row(lib, "patio gazebo")["action_key"] == "publish_planned"
    assert row(lib, "садовый навес")["action_key"] == "publish_language"


# the account's other word: 1,000 clicks and 20 inquiries set the click→inquiry rate near 2 %
GOOD_WORD = ("solar lamp", 2000.0, 1000, 20)


@pytest.mark.parametrize(
    ("spend", "clicks", "inquiries", "expected"),
    [
        (0.01, 0, None, "waste"),  # spent without a click
        (0.0, 0, None, "keep"),  # no spend
        (4.14, 1, 0, "keep"),  # one click: no evidence (issue 15)
        (28.96, 9, 0, "keep"),  # 9 clicks: (1 − 20/1009)^9 ≈ 84 % chance of none anyway
        (100.0, 150, 0, "keep"),  # (1 − 20/1150)^150 ≈ 7.2 %: not below 5 %
        (100.0, 200, 0, "waste"),  # (1 − 20/1200)^200 ≈ 3.5 %
        (150.0, 283, 0, "waste"),  # ≈ 1.2 %
        (250.0, 5, 0, "waste"),  # few clicks, but spend above 200 元
        (5000.0, 1165, 1, "keep"),  # a word with an inquiry is never waste (issue 15)
        (12.0, 5, None, "keep"),  # the report does not count inquiries
    ],
)
def test_waste_needs_evidence(
    spend: float, clicks: int, inquiries: float | None, expected: str
) -> None:
    lib = build(
        p4p_keywords=cat(p4p(*GOOD_WORD), p4p("solar light", spend, clicks, inquiries)),
        rules=KeywordRules(window_days=7),
    )
    assert status_of(lib, "solar light") == expected
    assert status_of(lib, "solar lamp") != "waste"
    if expected == "waste":
        assert row(lib, "solar light")["action_key"] == "pause"


def test_a_word_with_a_natural_inquiry_is_never_waste() -> None:
    """Issue 15: 1,165 clicks, an inquiry and rank 1 read 「暂停」 in the library."""
    evident = cat(p4p(*GOOD_WORD), p4p("solar light", 5000.0, 1165, 0))
    lib = build(p4p_keywords=evident, rules=KeywordRules(window_days=7))
    assert status_of(lib, "solar light") == "waste"  # the evidence alone: waste
    asked = visitors(("v1", None, "solar light", True))
    lib = build(p4p_keywords=evident, visitors=asked, rules=KeywordRules(window_days=7))
    assert status_of(lib, "solar light") != "waste"
    assert row(lib, "solar light")["inquiries"] == 1


def test_without_an_account_rate_only_spend_makes_waste() -> None:
    lib = build(p4p_keywords=p4p("solar light", 150.0, 283, 0), rules=KeywordRules())
    assert status_of(lib, "solar light") == "keep"  # no inquiry anywhere: no rate to judge by
    lib = build(p4p_keywords=p4p("solar light", 200.01, 283, 0), rules=KeywordRules())
    assert status_of(lib, "solar light") == "waste"


@pytest.mark.parametrize(("spend", "expected"), [(5.0, "keep"), (5.01, "waste")])
def test_waste_minimum_spend(spend: float, expected: str) -> None:
    lib = build(
        p4p_keywords=p4p("solar light", spend, 1, 0), rules=KeywordRules(waste_min_spend=5.0)
    )
    assert status_of(lib, "solar light") == expected


@pytest.mark.parametrize(
    ("impressions", "clicks", "expected"),
    [
        (701, 1, "broad"),  # CTR 0.14 %
        (700, 1, "keep"),  # not more than 700 a week
        (1000, 2, "keep"),  # CTR exactly 0.2 %
        (1000, 1, "broad"),
        (1001, 2, "broad"),  # CTR just below 0.2 %
    ],
)
def test_broad_rule(impressions: int, clicks: int, expected: str) -> None:
    lib = build(traffic_keywords=traffic("garden", impressions, clicks))
    assert status_of(lib, "garden") == expected


def test_broad_rule_reads_weekly_impressions_and_needs_no_inquiry() -> None:
    two_weeks = cat(
        traffic("garden", 700, 0),
        traffic(
            "garden",
            704,
            1,
            start=WEEK[0] - dt.timedelta(days=7),
            end=WEEK[1] - dt.timedelta(days=7),
        ),
    )
    assert status_of(build(traffic_keywords=two_weeks), "garden") == "broad"  # 702 a week
    two_weeks_low = cat(
        traffic("garden", 700, 0),
        traffic(
            "garden",
            700,
            1,
            start=WEEK[0] - dt.timedelta(days=7),
            end=WEEK[1] - dt.timedelta(days=7),
        ),
    )
    assert status_of(build(traffic_keywords=two_weeks_low), "garden") == "keep"
    with_inquiry = build(
        traffic_keywords=traffic("garden", 5000, 1),
        visitors=visitors(("V1", None, "garden", True)),
    )
    assert status_of(with_inquiry, "garden") != "broad"


@pytest.mark.parametrize(
    ("inquired", "in_p4p", "minimum", "expected"),
    [
        (True, False, 1, "p4p_candidate"),
        (False, False, 1, "keep"),
        (True, True, 1, "keep"),  # already in P4P (and its P4P numbers say keep)
        (True, False, 2, "keep"),  # one inquiry, two needed
    ],
)
def test_p4p_candidate_rule(inquired: bool, in_p4p: bool, minimum: int, expected: str) -> None:
    sources: dict[str, pd.DataFrame] = {"visitors": visitors(("V1", None, "hose reel", inquired))}
    if in_p4p:
        sources["p4p_keywords"] = p4p("hose reel", 10.0, 4, inquiries=None)
    lib = build(rules=KeywordRules(p4p_candidate_min_inquiries=minimum), **sources)
    assert status_of(lib, "hose reel") == expected


@pytest.mark.parametrize(
    ("inquiries", "competition", "expected"),
    [
        (1, 30, "natural_candidate"),
        (1, 31, "keep"),
        (3, 5, "natural_candidate"),
        (1, None, "keep"),  # competition unknown
    ],
)
def test_natural_candidate_rule(inquiries: int, competition: int | None, expected: str) -> None:
    lib = build(
        p4p_keywords=p4p("hose reel", 40.0, 20, inquiries=inquiries),
        traffic_keywords=traffic("hose reel", 400, 20, index=150, competition=competition),
    )
    assert status_of(lib, "hose reel") == expected


def test_risk_rule_matches_whole_words_of_a_configurable_list() -> None:
    lib = build(
        traffic_keywords=cat(
            traffic("rolex replica watch"),
            traffic("Replicas Bags"),
            traffic("replicate kit"),
            traffic("nike style shoes"),
        ),
        rules=KeywordRules(risk_words=("replica", "Nike")),
    )
    assert status_of(lib, "rolex replica watch") == "risk"
    assert status_of(lib, "replicas bags") == "risk"  # the plural too
    assert status_of(lib, "nike style shoes") == "risk"
    assert status_of(lib, "replicate kit") == "keep"
    assert row(lib, "nike style shoes")["action_key"] == "avoid"


def test_the_default_risk_list_is_used_without_settings() -> None:
    lib = build(traffic_keywords=traffic("counterfeit watches"))
    assert status_of(lib, "counterfeit watch") == "risk"


def test_precedence_risk_waste_broad_opportunity_uncovered() -> None:
    lib = build(
        traffic_keywords=cat(
            traffic("replica tent", 5000, 1, top10=100, index=900, competition=2),
            traffic("waste tent", 5000, 1, top10=100, index=900, competition=2),
            traffic("broad tent", 5000, 1, top10=100, index=900, competition=2),
            traffic("quiet tent", 300, 10, top10=100, index=900, competition=2),
            traffic("busy tent", 300, 10, top10=100, index=900, competition=200),
        ),
        p4p_keywords=cat(p4p("replica tent", 10, 0), p4p("waste tent", 10, 0)),
        products=NOT_COVERING,
    )
    assert [
        status_of(lib, w)
        for w in ("replica tent", "waste tent", "broad tent", "quiet tent", "busy tent")
    ] == [
        "risk",
        "waste",
        "broad",
        "opportunity",
        "uncovered",
    ]
    assert row(lib, "quiet tent")["action_key"] == "publish_opportunity"
    # the library lists the words needing action first, in precedence order
    assert list(lib["status"]) == ["risk", "waste", "broad", "opportunity", "uncovered"]


def test_actions_in_both_languages() -> None:
    zh = build(p4p_keywords=p4p("solar light", 10, 0), lang="zh")
    en = build(p4p_keywords=p4p("solar light", 10, 0), lang="en")
    assert "暂停" in zh.iloc[0]["action"]
    assert en.iloc[0]["action"].startswith("Pause")


def test_rules_from_settings_like_objects() -> None:
    settings = SimpleNamespace(
        keyword_opportunity_min_index=150,
        keyword_risk_words=["acme"],
        keyword_window_days=14,
        store_name="x",
    )
    rules = KeywordRules.from_settings(settings)
    assert rules.opportunity_min_index == 150
    assert rules.risk_words == ("acme",)
    assert rules.window_days == 14
    assert rules.opportunity_max_competition == 10  # not set: the playbook's default
    assert KeywordRules.from_settings(None) == KeywordRules()


# -- the real store and the synthetic library -------------------------------------------------------


def test_the_library_reads_the_stores_frames(tmp_path: Path) -> None:
    """Every keyword kind written as the backend/operator does, ingested, read back."""
    from generator.config import Workspace
    from generator.ingest import ingest_inbox
    from generator.inputs import KEYWORD_KINDS, keyword_sources
    from generator.store import open_store
    from tests.fixtures.kinds_fixtures import write_fixtures

    ws = Workspace(tmp_path)
    kinds = set(KEYWORD_KINDS)
    write_fixtures(ws.exports, only={f"{k}_chinese_headers" for k in kinds})
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        sources = keyword_sources(store, AS_OF)
    lib = build_library(sources, AS_OF)
    tent = row(lib, "camping tent")
    assert set(tent["sources"].split(";")) >= {
        "traffic_keywords",
        "keyword_index",
        "p4p_keywords",
        "rfq",
        "keyword_ranks",
    }
    assert tent["search_index"] == 5120 and tent["competition"] == 860
    assert tent["covering_products"] == 1
    assert tent["rank"] == "2-17"  # organic; the 1-5 is the P4P ad
    assert tent["p4p_spend"] == pytest.approx(118.0)
    # 4 clicks for 7.60 元 and no inquiry: too few clicks to call it waste (issue 15)
    assert row(lib, "folding chair")["status"] != "waste"
    assert set(lib["status"]) <= set(STATUSES)


def test_sample_library_has_n_distinct_words() -> None:
    words = sample_words(500)
    assert len(words) == 500
    assert len({normalise_keyword(w) for w in words}) == 500
    lib = sample_library(500)
    assert len(lib) == 500
    assert lib["key"].is_unique
    counts = status_counts(lib)
    assert sum(counts.values()) == 500 and list(counts) == list(STATUSES)
    assert {"traffic_keywords", "products"} <= set(sample_sources(50))
