"""Inquiry analysis on hand-built rows with a known answer."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from generator.analysis.metrics.inquiries import (
    analyse_day,
    is_generic,
    mark_duplicates,
    mark_templates,
    visit_paths,
)

DAY = dt.date(2026, 11, 20)


def inquiry(
    i: int,
    buyer: str,
    product: str,
    when: str,
    text: str,
    level: str = "L1",
    owner: str = "张伟",
    reply: str | None = None,
    country: str = "Nigeria",
) -> dict:
    t = dt.datetime.fromisoformat(when)
    return {
        "inquiry_id": f"Q{i}",
        "buyer": buyer,
        "country": country,
        "product_id": product,
        "title": "Solar lamp",
        "inquiry_time": t,
        "stat_date": DAY,
        "buyer_level": level,
        "owner": owner,
        "first_reply_time": dt.datetime.fromisoformat(reply) if reply else pd.NaT,
        "message": text,
    }


LONG_A = "We need 2000 pcs of the 500W solar street light with 5 year warranty, delivered to Lagos, CIF price please"
LONG_B = "Could you quote 300 rattan garden sofas in grey, with cushions, FOB Ningbo, and the lead time for a 40HQ?"


def test_the_same_buyer_and_product_within_the_window_is_a_duplicate() -> None:
    frame = pd.DataFrame(
        [
            inquiry(1, "Ali", "P1", "2026-11-15 10:00", LONG_A),
            inquiry(
                2, "ali ", "P1", "2026-11-21 09:00", LONG_A + " again"
            ),  # 6 days later, same buyer
            inquiry(3, "Ali", "P2", "2026-11-21 09:30", LONG_B),  # another product
            inquiry(4, "Bob", "P1", "2026-11-21 10:00", LONG_B),  # another buyer
            inquiry(5, "Ali", "P1", "2026-11-30 10:00", LONG_A),  # 9 days after the last: new again
        ]
    )
    assert list(mark_duplicates(frame, 7)) == [False, True, False, False, False]


def test_duplicates_count_from_the_previous_inquiry_whatever_the_row_order() -> None:
    frame = pd.DataFrame(
        [
            inquiry(3, "Ali", "P1", "2026-11-22 10:00", LONG_A),  # 7 days after the 2nd: in
            inquiry(1, "Ali", "P1", "2026-11-10 10:00", LONG_A),
            inquiry(2, "Ali", "P1", "2026-11-15 10:00", LONG_A),  # 5 days after the 1st
            inquiry(4, "Ali", "", "2026-11-23 10:00", LONG_A),  # no product: keyed by title
            inquiry(5, "Ali", "", "2026-12-01 10:00", LONG_A),  # 8 days after the 4th: out
        ],
        index=[30, 10, 20, 40, 50],
    )
    assert mark_duplicates(frame, 7).to_dict() == {
        30: True,
        10: False,
        20: True,
        40: False,
        50: False,
    }


GENERIC = (
    "Hello, I am interested in your product. Please send me the price list and catalog. Thank you."
)


def test_generic_text_and_near_identical_generic_text_across_buyers_are_templates() -> None:
    frame = pd.DataFrame(
        [
            inquiry(
                1, "Ali", "P1", "2026-11-21 09:00", "Hi, please send me your price list. Thanks"
            ),
            inquiry(2, "Bob", "P2", "2026-11-21 09:10", GENERIC + " Our company is big."),
            inquiry(
                3, "Cem", "P3", "2026-11-21 09:20", GENERIC + " Our company is large."
            ),  # the same generic text, another buyer
            inquiry(4, "Dan", "P4", "2026-11-21 09:30", LONG_B),
            inquiry(
                5, "Bob", "P5", "2026-11-21 09:40", GENERIC + " Our company is big."
            ),  # near-identical to Cem's (another buyer): a template too
        ]
    )
    assert list(mark_templates(frame, 0.9, 25)) == [True, True, True, False, True]


def test_near_identical_text_with_quantity_sample_or_market_is_a_lead() -> None:
    """Buyers sending the same form with their own quantity, market and sample request are
    leads (issue 15: they were labelled 模板询盘)."""
    frame = pd.DataFrame(
        [
            inquiry(1, "Bob", "P2", "2026-11-21 09:10", LONG_A),
            inquiry(2, "Cem", "P3", "2026-11-21 09:20", LONG_A.replace("Lagos", "Accra")),
            inquiry(
                3,
                "Eve",
                "P3",
                "2026-11-21 09:30",
                "Hello, we need 500 pieces for the Mexico market. Is a sample available?",
            ),
            inquiry(
                4,
                "Fay",
                "P3",
                "2026-11-21 09:40",
                "Hello, we need 800 pieces for the Brazil market. Is a sample available?",
            ),
        ]
    )
    assert list(mark_templates(frame, 0.9, 25)) == [False, False, False, False]


def test_generic_means_no_quantity_sample_market_or_specifics() -> None:
    generic = [
        "price?",
        "Hi, please send me your price list. Thanks",
        GENERIC,
        "你好，请发报价",
        "您好，请发一下产品目录和价格，谢谢",
    ]
    leads = [
        "Hi, price for 500 pcs?",  # a quantity with a unit
        "Please send price, we need 1,000 pieces",
        "Can I get a sample first?",  # a sample request
        "Please send price, we sell in Nigeria",  # a market
        "Hello, price of the 500W IP65 light?",  # product specifics
        "您好，我们需要500个，请报价",  # 数量
        "请问可以先寄样品吗？",  # 样品
        "你好，我们是美国的批发商，请报价",  # 市场
        LONG_B,
    ]
    assert [is_generic(t, 25) for t in generic] == [True] * len(generic)
    assert [is_generic(t, 25) for t in leads] == [False] * len(leads)


def test_a_day_counts_quality_replies_and_the_unreplied_by_owner() -> None:
    frame = pd.DataFrame(
        [
            inquiry(
                1, "Ali", "P1", "2026-11-21 01:00", LONG_A, "L2", "张伟", reply="2026-11-21 03:00"
            ),
            inquiry(
                2, "Bob", "P2", "2026-11-21 02:00", LONG_B, "L0", "张伟", reply="2026-11-22 08:00"
            ),
            inquiry(3, "Cem", "P3", "2026-11-21 05:00", LONG_A[::-1], "L0", "李娜"),
        ]
    )
    got = analyse_day(
        frame,
        DAY,
        now=dt.datetime(2026, 11, 22, 12, 0),
        window_days=7,
        similarity=0.9,
        max_chars=25,
        reply_within=24,
    )
    assert got["count"] == 3 and got["quality"] == 1
    assert got["avg_reply_hours"] == (2 + 30) / 2
    assert got["unreplied_late"] == 1
    owners = got["owners"].set_index("owner")
    assert owners.loc["李娜", "unreplied_late"] == 1
    assert owners.loc["张伟", "in_time_share"] == 0.5


def visitor(vid: str, day: dt.date, country: str, path: str, inquired: bool = True) -> dict:
    return {
        "visitor_id": vid,
        "visit_date": day,
        "country": country,
        "inquired": inquired,
        "visit_path": path,
        "page_views": path.count(">") + 1,
        "seconds": 60,
    }


def test_visit_paths_match_inquiries_on_day_country_and_product_not_on_ids() -> None:
    # as on real sheets: the inquiry names a buyer, 访客详情 an anonymous visitor ID
    q = pd.DataFrame(
        [
            inquiry(1, "Ali Hassan", "P1", "2026-11-21 01:00", LONG_A),
            inquiry(2, "Bruno Silva", "P2", "2026-11-21 02:00", LONG_B, country="Brazil"),
            inquiry(3, "Chidi Obi", "P3", "2026-11-21 03:00", LONG_B),
            # the day before, from Nigeria about P1 too: that day's visitor is his, not Ali's
            {
                **inquiry(4, "Dayo Ade", "P1", "2026-11-19 03:00", LONG_B),
                "stat_date": DAY - dt.timedelta(days=1),
            },
        ]
    )
    v = pd.DataFrame(
        [
            visitor("NG40917733", DAY, "Nigeria", "P9>P1"),  # Ali's visit
            visitor("NG55555555", DAY, "Nigeria", "P1", inquired=False),  # looked, did not ask
            visitor("NG61234567", DAY - dt.timedelta(days=1), "Nigeria", "P1"),  # another day
            visitor("US12345678", DAY, "United States", "P2"),  # Bruno is in Brazil
            visitor("NG70000001", DAY, "Nigeria", "P4>P3"),  # two Nigerians asked about P3
            visitor("NG70000002", DAY, "Nigeria", "P3"),
        ]
    )
    paths = visit_paths(q, v).set_index("inquiry_id")
    assert sorted(paths.index) == ["Q1", "Q3", "Q4"]  # Bruno's country has no visitor with P2
    assert paths.loc["Q1", "visit_path"] == "P9>P1" and paths.loc["Q1", "candidates"] == 1
    assert paths.loc["Q4", "visit_path"] == "P1" and paths.loc["Q4", "candidates"] == 1
    # two candidates: said, no path picked
    assert paths.loc["Q3", "candidates"] == 2 and pd.isna(paths.loc["Q3", "visit_path"])


def test_the_same_buyer_repeating_himself_is_not_a_template() -> None:
    frame = pd.DataFrame(
        [
            inquiry(1, "Bob", "P2", "2026-11-21 09:10", LONG_A),
            inquiry(2, "Dan", "P4", "2026-11-21 09:30", LONG_B),
            inquiry(3, "Bob", "P5", "2026-11-21 09:40", LONG_A),
        ]
    )
    assert list(mark_templates(frame, 0.9, 25)) == [False, False, False]
