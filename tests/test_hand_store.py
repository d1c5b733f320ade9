"""A store written by hand (tests/fixtures/hand_store.py, not the demo generator), checked
against answers worked out on paper: the computation sits next to each expected value.

The store: 3 products over 2026-09-20 … 2026-11-07 (as of Saturday 11-07), daily values
  P1 Sep 200 impressions / 10 clicks / 8 visitors / 1 inquiry a day, from Oct 1 300/15/12/1,
     3 inquiries on Thursday 11-05;
  P2 100/5/4/0 every day (idle); P3 2/0/0/0 every day (dead);
  zero-effect sheet of 11-01: P2 120 days, P3 200 days;
  P4P week 11-01…11-07: solar garden light 50 clicks 150 元 6 inquiries, garden lamp 120 clicks
     180 元 0, solar path light 10 clicks 30 元 0, led pathway light 30 clicks 210 元 0; the week
     10-25…10-31: solar garden light 50 clicks 150 元 6 inquiries; account days 11-01…11-07
     80 元 × 6 + 90 元, 30 clicks a day;
  inquiries of 11-05 (Pacific): 9000000001 replied, 9000000002 never replied, 9000000003 replied.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Workspace
from tests.fixtures import hand_store as H
from tests.fixtures.pages import metric, number, page, section, table_rows


@pytest.fixture
def hand(hand_store: Workspace) -> Workspace:
    return hand_store


def read(ws: Workspace, rel: str) -> str:
    return page(ws.content, rel)


def p4p_words(text: str) -> dict[str, dict[str, str]]:
    return {
        r["keyword"]: r
        for r in table_rows(section(text, "直通车"))
        if "keyword" in r and "diagnosis_label" in r
    }


# --------------------------------------------------------------------------------------------
# A day: 2026-11-05 (Thursday)
# --------------------------------------------------------------------------------------------


def test_a_day_reads_as_computed_by_hand(hand: Workspace) -> None:
    day = read(hand, "daily/2026-11-05")
    assert metric(day, "询盘数") == "3"  # P1 3 + P2 0 + P3 0
    assert metric(day, "搜索曝光") == "402"  # P1 300 + P2 100 + P3 2 (an October day)
    assert metric(day, "搜索点击") == "20"  # 15 + 5 + 0
    # the Message Center sheet: 11-05 23:00, 11-06 02:00, 11-06 12:00 China time are
    # 07:00, 10:00, 20:00 on 11-05 in US Pacific time (PST = China − 16 h): 3 inquiries
    inquiries = {r["name"]: r["value"] for r in table_rows(section(day, "询盘")) if "name" in r}
    assert inquiries["询盘数"] == "3"
    # the account's 11-05: 500 impressions, 30 clicks, 80.00 元
    p4p = {r["name"]: r["value"] for r in table_rows(section(day, "直通车"))}
    assert (p4p["曝光"], p4p["点击"], p4p["花费（元）"]) == ("500", "30", "80.00")
    # 9000000002 (李娜) has no reply, waiting since 11-06 02:00 China time: over 24 hours
    todo = section(day, "今日待办")
    assert "李娜 有 1 条询盘超过 24 小时未回复" in todo


# JUDGE part (same-weekday baseline, noise model for counts): every Thursday before had 1
# inquiry; 3 when 1 is usual has a Poisson chance P(X ≥ 3 | 1) = 1 − e^−1 (1 + 1 + 1/2) = 8.0 %,
# not unlikely: the day must not be called a large change (today: 「+200.0% 大幅」).
def test_three_inquiries_after_ones_is_not_a_large_change(hand: Workspace) -> None:
    day = read(hand, "daily/2026-11-05")
    assert not [x for x in section(day, "先看这里").splitlines() if "**询盘数**" in x]
    assert metric(day, "询盘数", "judgement") == "正常"


# --------------------------------------------------------------------------------------------
# A week: 2026-11-01 … 11-07
# --------------------------------------------------------------------------------------------


def test_a_week_reads_as_computed_by_hand(hand: Workspace) -> None:
    week = read(hand, "weekly/2026-11-07")
    assert metric(week, "搜索曝光") == "2,814"  # 7 days × 402
    assert metric(week, "搜索点击") == "140"  # 7 × 20
    assert metric(week, "询盘数") == "9"  # 6 days × 1 + 3 on 11-05
    assert metric(week, "询盘数", "baseline") == "7"  # the 4 weeks before: 7 each
    assert metric(week, "询盘数", "change") == "+28.6%"  # 9 / 7 − 1
    # P4P spend 6 × 80 + 90 = 570 元, clicks 7 × 30 = 210
    assert "本周直通车花费 570.00 元，点击 210" in section(week, "直通车")


def test_waste_words_by_the_evidence_rule(hand: Workspace) -> None:
    """Account rate 6 inquiries ÷ (50 + 120 + 10 + 30) clicks = 2.857 %; chance of 0 inquiries
    (1 − 0.02857)^clicks; waste when that is below 5 % or spend is over 200 元."""
    week = read(hand, "weekly/2026-11-07")
    words = p4p_words(week)
    # garden lamp: 0.97143^120 = e^(120 × −0.028988) = e^−3.479 = 3.09 % < 5 %: waste (180 元)
    assert words["garden lamp"]["diagnosis_label"].startswith("浪费")
    # led pathway light: 0.97143^30 = 41.91 % but 210 元 > 200 元: waste
    assert words["led pathway light"]["diagnosis_label"].startswith("浪费")
    # solar path light: 0.97143^10 = 74.83 % and 30 元: not enough evidence
    assert not words["solar path light"]["diagnosis_label"].startswith("浪费")
    # solar garden light has 6 inquiries: never waste
    assert not words["solar garden light"]["diagnosis_label"].startswith("浪费")
    todo = section(week, "本周待办")
    assert (
        "3.1%" in todo and "41.9%" in todo and "solar path light" not in todo
    )  # shares: 1 decimal
    # TODO part (ranked by stake): 210 元 before 180 元 — already so today
    assert todo.index("led pathway light") < todo.index("garden lamp")


# JUDGE part: 9 inquiries when 7 is usual, P(X ≥ 9 | 7) = 27.1 %: not a large change (today:
# 「较前 4 周中位数大幅变化（+28.6%）」).
def test_nine_inquiries_after_sevens_is_not_a_large_change(hand: Workspace) -> None:
    week = read(hand, "weekly/2026-11-07")
    assert not [x for x in section(week, "先看这里").splitlines() if "**询盘数**" in x]
    assert metric(week, "询盘数", "judgement") == "正常"


# --------------------------------------------------------------------------------------------
# A month: October, reviewed on 11-03
# --------------------------------------------------------------------------------------------


def test_october_against_an_incomplete_september_per_day(hand: Workspace) -> None:
    month = read(hand, "monthly/2026-10")
    assert metric(month, "搜索曝光") == "12,462"  # 31 days × 402
    assert metric(month, "搜索曝光", "previous") == "3,322"  # September 20–30: 11 days × 302
    # per day 402 / 302 − 1 = +33.1 %, never the raw 12,462 / 3,322 − 1 = +275.1 %
    assert metric(month, "搜索曝光", "vs_previous") == "+33.1%"
    assert "+275.1%" not in month
    assert metric(month, "询盘数", "vs_previous") == "±0.0%"  # 31/31 vs 11/11 a day
    assert "只有 11 天的数据" in month and "日均" in month  # the comparison says so


def test_zero_effect_optimise_versus_delete(hand: Workspace) -> None:
    zero = section(read(hand, "monthly/2026-10"), "零效果产品")
    keep = zero.split("### 还有流量")[1]
    safe = zero.split("### 可以安全删除")[1].split("###")[0]
    # P2: 120 days on the sheet of 11-01 + 2 = 122 ≥ 90; clicks 9-20 … 11-03 = 45 days × 5 =
    # 225 > 10: optimise, don't delete
    assert H.P2 in keep and "225" in keep and H.P2 not in safe
    # P3: 200 + 2 = 202 days, 0 clicks; its one library word "solar garden light" is held by
    # P1 (live, with inquiries): safe to delete
    assert H.P3 in safe and H.P3 not in keep
    assert H.P1 not in zero  # an inquiry every day


def test_the_keyword_library_agrees(hand: Workspace) -> None:
    """Library (both weeks): rate 12 ÷ 260 = 4.615 %; garden lamp 0.95385^120 = 0.35 % → waste;
    led pathway light 210 元 > 200 → waste; solar path light 0.95385^10 = 62.3 %, 30 元 → not."""
    waste = {r["keyword"]: r for r in table_rows(read(hand, "keywords/waste"))}
    keep = {r["keyword"]: r for r in table_rows(read(hand, "keywords/keep"))}
    assert set(waste) == {"garden lamp", "led pathway light"}
    assert "solar path light" in keep
    sgl = keep["solar garden light"]
    # two weeks of 6 inquiries, 150 元, 50 clicks
    assert (sgl["inquiries"], sgl["p4p_spend"], sgl["p4p_clicks"]) == ("12", "300.00", "100")
    assert number(waste["led pathway light"]["p4p_spend"]) == 210


# INQUIRY part (a live unreplied list on the home page): 9000000002 (德国, P1, 李娜) has waited
# since 11-06 02:00 China time and is still open on 11-07.
def test_the_unreplied_inquiry_is_on_the_home_page(hand: Workspace) -> None:
    home = read(hand, "index")
    assert "9000000002" in home and "李娜" in home and H.P1 in home


def test_the_inputs_are_real_files(hand: Workspace) -> None:
    exports = Path(hand.root) / "exports"
    xls = (exports / "daily" / "Products-2026-11-05.xls").read_bytes()
    assert xls[:4] == bytes.fromhex("D0CF11E0")  # BIFF8 (OLE2)
    assert (exports / "sheets" / "inquiries-2026-11-07.xlsx").read_bytes()[:2] == b"PK"
    raw = (exports / "p4p" / "P4P-keywords-2026-11-07.csv").read_bytes()
    assert "关键词".encode("gbk") in raw  # GBK, as Chinese Excel saves it
