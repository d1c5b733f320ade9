"""Unreplied inquiries as a live list on the home page (issue 15, item 8) and the inquiring
buyer's visit path joined on what the sheets share (item 11), on tiny hand-made sheets: the
analysis and the pages a reader opens."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pytest

from generator.analysis import Analysis, analyse
from generator.config import Settings
from generator.inputs import Inputs
from generator.render.pages import Renderer

FRIDAY = dt.date(2026, 11, 20)  # the statistics day (US Pacific) of the inquiries
AS_OF = dt.date(2026, 11, 21)  # Saturday's data, read on Monday (T-2)
MONDAY = dt.date(2026, 11, 23)
S = Settings()


def inquiry(
    i: str,
    when: str,
    owner: str,
    reply: str | None = None,
    *,
    country: str = "Nigeria",
    product: str = "P1",
    title: str = "Solar street light 500W",
    buyer: str = "Ali Hassan",
) -> dict:
    t = dt.datetime.fromisoformat(when)  # China time, as the Message Center writes it
    return {
        "inquiry_time": t,
        "inquiry_id": i,
        "buyer": buyer,
        "country": country,
        "buyer_level": "L1",
        "product_id": product,
        "title": title,
        "source": "普通",
        "owner": owner,
        "first_reply_time": dt.datetime.fromisoformat(reply) if reply else pd.NaT,
        "message": f"We need 2000 pcs, contact {buyer.split()[0].lower()}@example.com",
        "stat_date": FRIDAY,
    }


INQUIRIES = pd.DataFrame(
    [
        # Friday 17:00 in China: 64 h before Monday 09:00 in China
        inquiry("Q1", "2026-11-20 17:00", "张伟"),
        # an hour later, another owner, a title to escape
        inquiry(
            "Q2",
            "2026-11-20 18:00",
            "李娜",
            title="<b>Garden</b> lamp & pole",
            country="Brazil",
            product="P2",
            buyer="Bruno Silva",
        ),
        inquiry("Q3", "2026-11-20 19:00", "张伟"),  # 张伟's second: 62 h
        # replied (on Saturday): not on the list
        inquiry(
            "Q4",
            "2026-11-20 16:00",
            "张伟",
            reply="2026-11-21 10:00",
            country="Ghana",
            buyer="Kofi Mensah",
        ),
    ]
)


def analysed(
    settings: Settings = S, today: dt.date | None = MONDAY, **sheets: pd.DataFrame
) -> Analysis:
    inputs = Inputs(AS_OF, sheets={"inquiries": INQUIRIES, **sheets})
    return analyse(inputs, settings, today)


@pytest.fixture(scope="module")
def monday() -> Analysis:
    return analysed()


def page(data: Analysis, day: dt.date | None = None) -> str:
    """The home page (``day`` None) or a daily page as the site writes it."""
    r = Renderer(S, data)
    if day is None:
        r.render_home([])  # no product export in these stores
        return bytes(r.out.files["index.md"]).decode("utf-8")
    r.render_periods("day", [day], data.daily, data.day_rows)
    return bytes(r.out.files[f"daily/{day.isoformat()}.md"]).decode("utf-8")


@pytest.fixture(scope="module")
def home(monday: Analysis) -> str:
    return page(monday)


def test_an_unreplied_friday_inquiry_waits_64_hours_on_monday_morning(monday: Analysis) -> None:
    rows = monday.unreplied.rows
    assert list(rows["inquiry_id"]) == ["Q1", "Q2", "Q3"]  # oldest first, Q4 was replied
    assert list(rows["hours"]) == [64.0, 63.0, 62.0]
    assert list(rows["country"]) == ["Nigeria", "Brazil", "Nigeria"]
    assert "buyer" not in rows and "message" not in rows  # no buyer, no contact


def test_now_is_the_readers_moment_in_the_schedules_zone() -> None:
    # read at 09:00 on Monday in California: Tuesday 01:00 in China (PST, UTC-8)
    pacific = dataclasses.replace(S, schedule_timezone="America/Los_Angeles")
    got = analysed(pacific).unreplied
    assert got.now == dt.datetime(2026, 11, 23, 9, 0, tzinfo=got.now.tzinfo)
    assert list(got.rows["hours"]) == [80.0, 79.0, 78.0]
    # without a reader's date, the T-2 day: Monday (as_of + lag_days) still
    assert list(analysed(today=None).unreplied.rows["hours"]) == [64.0, 63.0, 62.0]


def test_the_home_page_lists_them_escaped_and_says_when_now_is(home: str) -> None:
    section = home[home.index("{#unreplied}") :]
    # the to-do above it says the same waits (the as-of day's rule reads the live list)
    todo = home[: home.index("{#unreplied}")]
    assert "张伟 有 2 条询盘超过 24 小时未回复，最久的已等 64 小时" in todo
    assert "2026-11-23 09:00（Asia/Shanghai" in section
    assert section.index("Q1") < section.index("Q2") < section.index("Q3")
    assert "Q4" not in section  # replied on Saturday
    assert ">64<" in section and ">62<" in section
    assert "&lt;b&gt;Garden&lt;/b&gt; lamp &amp; pole" in section and "<b>Garden" not in home
    assert "example.com" not in home and "Hassan" not in home and "Bruno" not in home


def test_a_reply_in_the_latest_data_takes_it_off_the_list() -> None:
    replied = INQUIRIES.assign(
        first_reply_time=INQUIRIES["first_reply_time"].where(
            INQUIRIES["inquiry_id"] != "Q1", dt.datetime(2026, 11, 22, 20, 0)
        )
    )
    got = analyse(Inputs(AS_OF, sheets={"inquiries": replied}), S, MONDAY)
    assert "Q1" not in list(got.unreplied.rows["inquiry_id"])
    home = page(got)
    assert ">Q1<" not in home and ">Q2<" in home


def test_the_rule_gives_one_item_per_owner_with_the_count_and_the_oldest(
    monday: Analysis,
) -> None:
    items = [a for a in monday.day_actions[AS_OF] if a.rule == "unreplied_inquiries"]
    assert [a.subject for a in items] == ["张伟", "李娜"]  # the longest wait first
    assert "张伟 有 2 条询盘超过 24 小时未回复，最久的已等 64 小时" in items[0].message
    assert "李娜 有 1 条询盘超过 24 小时未回复，最久的已等 63 小时" in items[1].message
    assert all(a.link == "index.md#unreplied" for a in items)
    # Friday's own page was read on Sunday 09:00: Q1 had waited 40 h, Q4 was replied by then
    friday = [a for a in monday.day_actions[FRIDAY] if a.rule == "unreplied_inquiries"]
    assert [a.subject for a in friday] == ["张伟", "李娜"]
    assert "最久的已等 40 小时" in friday[0].message


def test_the_rules_finding_carries_stake_and_owner(monday: Analysis) -> None:
    from generator.analysis.rules import RULES

    check = RULES["unreplied_inquiries"].check
    assert check is not None
    found = list(check(monday.day_facts[AS_OF], S))
    assert [(f.owner, f.stake, f.stake_unit) for f in found] == [
        ("张伟", 2.0, "open_leads"),
        ("李娜", 1.0, "open_leads"),
    ]


def visitor(vid: str, country: str, path: str, inquired: bool = True) -> dict:
    return {
        "visit_date": FRIDAY,
        "visitor_id": vid,
        "country": country,
        "page_views": path.count(">") + 1,
        "seconds": 300,
        "inquired": inquired,
        "visit_path": path,
    }


def test_the_visit_path_is_inferred_from_day_country_and_product() -> None:
    visitors = pd.DataFrame(
        [
            visitor("NG40917733", "Nigeria", "P7>P1"),  # the Nigerian who asked about P1
            visitor("US12345678", "United States", "P8>P2"),  # P2's buyer is in Brazil
        ]
    )
    got = analysed(visitors=visitors)
    paths = got.day_facts[FRIDAY].inquiries["paths"]  # type: ignore[index]
    assert set(paths["inquiry_id"]) == {"Q1", "Q3"}  # the Nigerian's inquiries about P1
    assert set(paths["visit_path"]) == {"P7>P1"} and "Q2" not in set(paths["inquiry_id"])
    daily = page(got, FRIDAY)
    assert "P7&gt;P1" in daily and "推断" in daily and "P8&gt;P2" not in daily


def test_a_long_list_shows_the_oldest_and_downloads_all_without_buyers() -> None:
    many = pd.DataFrame(
        [
            inquiry(f"L{i:02d}", f"2026-11-20 {i:02d}:00", "张伟", buyer="Ali Hassan")
            for i in range(12)
        ]
    )
    got = analyse(Inputs(AS_OF, sheets={"inquiries": many}), S, MONDAY)
    r = Renderer(S, got)
    r.render_home([])
    home = bytes(r.out.files["index.md"]).decode("utf-8")
    shown = re.findall(r'col-inquiry_id">([^<]+)<', home)
    assert shown == [f"L{i:02d}" for i in range(10)]  # the ten oldest, oldest first
    assert "另有 2 条未列出" in home and "(downloads/unreplied-inquiries.csv)" in home
    csv = bytes(r.out.files["downloads/unreplied-inquiries.csv"]).decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0] == "inquiry_id,country,title,product_id,owner,hours" and len(lines) == 13
    assert "Hassan" not in csv and "example.com" not in csv
