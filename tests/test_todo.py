"""The to-do list (the playbook's "The to-do list"): every item sized where the facts have a
number (money, inquiries, impressions, with its unit and period), owned where a product has an
owner, ranked by that stake, cut at the page's setting with the rest folded on the same page,
and an item open on consecutive days said once, with since when."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from generator.analysis import analyse
from generator.analysis.rules import RULES, to_actions
from generator.analysis.rules.todo import rank
from generator.config import Settings
from generator.i18n import translate
from generator.inputs import Inputs
from generator.render import todo

DAY = dt.date(2026, 11, 21)
WEEK_END = dt.date(2026, 11, 21)


def writer(lang: str = "zh", **settings: Any) -> Any:
    """What the to-do rendering reads of a page writer: the texts and the settings."""
    s = Settings(language=lang, **settings)
    return SimpleNamespace(
        s=s,
        lang=lang,
        t=lambda key, **v: translate(key, lang, **v),
        day_cost_per_lead=lambda day: None,
    )


def waste_words(spends: list[float]) -> SimpleNamespace:
    """A week's facts with P4P words the keyword library would pause, one per spend."""
    words = pd.DataFrame(
        {
            "keyword": [f"word {i}" for i in range(len(spends))],
            "spend": spends,
            "clicks": [30] * len(spends),
            "waste": ["no_inquiry"] * len(spends),
            "zero_chance": [0.01] * len(spends),
        }
    )
    words.attrs["rate"] = 0.15
    return SimpleNamespace(p4p_words=words, step="week")


def week_actions(facts: Any, s: Settings) -> list[Any]:
    found = list(RULES["spend_no_inquiry"].check(facts, s))  # type: ignore[misc]
    return to_actions(WEEK_END, "weekly/2026-W47.md", found, s.language, "week")


def test_a_1039_yuan_leak_is_ranked_before_a_4_yuan_one_and_before_unsized_items() -> None:
    s = Settings()
    # the rules' order puts the small word first; an unsized item (no money in its facts) too
    small_first = week_actions(waste_words([4.14]), s) + week_actions(waste_words([1039.0]), s)
    unsized = to_actions(
        WEEK_END,
        "weekly/2026-W47.md",
        list(RULES["page1_share"].check(SimpleNamespace(rank_info={"share": 0.4}), s)),  # type: ignore[misc]
        "zh",
        "week",
    )
    ranked = rank(unsized + small_first)
    assert [a.stake for a in ranked] == [1039.0, 4.14, None]
    page = todo.block(writer(), unsized + small_first, 1, s.todo_max_weekly)
    assert page.index("1,039.00 元/周") < page.index("4.14 元/周") < page.index("首页")


def test_leads_are_valued_at_the_cost_per_inquiry_when_known() -> None:
    from generator.analysis.rules import Finding

    found = [
        Finding(
            "p4p_hours",
            "promo_hours",
            "p4p",
            {"value": "18.0", "target": 20},
            stake=300.0,
            stake_unit="yuan",
        ),
        Finding(
            "slow_replies",
            "reply_time",
            "inquiries",
            {"value": "9", "target": 8},
            stake=2.0,
            stake_unit="leads",
        ),
    ]
    acts = to_actions(DAY, "daily/x.md", found, "zh", "day")
    assert [a.rule for a in rank(acts)] == ["slow_replies", "p4p_hours"]  # no cost: leads first
    assert [a.rule for a in rank(acts, cost_per_lead=100.0)] == ["p4p_hours", "slow_replies"]
    assert [a.rule for a in rank(acts, cost_per_lead=200.0)] == ["slow_replies", "p4p_hours"]


def test_the_list_is_cut_at_the_setting_and_the_rest_folds_below_on_the_same_page() -> None:
    s = Settings(weekly_waste_max_items=20)
    acts = week_actions(waste_words([float(100 + i) for i in range(13)]), s)
    assert len(acts) == 13
    page = todo.block(writer(todo_max_weekly=10), acts, 1, 10)
    shown, _, folded = page.partition("<details markdown>")
    assert shown.count("\n- ") + shown.startswith("- ") == 10
    assert "<summary>其余 3 条" in folded and folded.count("\n- ") == 3
    assert "112.00 元/周" in shown and "102.00 元/周" in folded and "100.00 元/周" in folded
    assert "还有" not in page  # no 「还有 N 条待办」 counter
    assert "<details" not in todo.block(writer(), acts[:10], 1, 10)


def p4p_short_hours(days: list[dt.date]) -> Inputs:
    account = pd.DataFrame(
        {
            "date": days,
            "impressions": [1000] * len(days),
            "clicks": [10] * len(days),
            "spend": [24.04] * len(days),
            "promo_hours": [18.0] * len(days),
            "budget": [100.0] * len(days),
        }
    )
    return Inputs(days[-1], sheets={"p4p_account": account})


@pytest.fixture(scope="module")
def three_days() -> Any:
    days = [DAY - dt.timedelta(days=2), DAY - dt.timedelta(days=1), DAY]
    return days, analyse(p4p_short_hours(days), Settings())


def test_the_same_finding_on_three_days_is_open_since_day_one(three_days: Any) -> None:
    days, analysis = three_days
    items = [[a for a in analysis.day_actions[d] if a.rule == "p4p_hours"] for d in days]
    assert [len(i) for i in items] == [1, 1, 1]
    assert [i[0].since for i in items] == [days[0]] * 3
    assert [i[0].open_periods for i in items] == [1, 2, 3]
    r = writer()
    last = todo.line(r, items[2][0], 1)
    assert "已持续 3 天（自 11-19）" in last
    assert "涉及" not in last  # short hours alone: no money of their own, none invented
    budget = next(a for a in analysis.day_actions[DAY] if a.rule == "p4p_budget")
    assert "预算剩余 75.96 元/天" in todo.line(r, budget, 1)  # the budget left: 100 − 24.04 元
    assert "已持续" not in todo.line(r, items[0][0], 1)  # new on its first day
    # the home page (the last day's items and the days after it) shows it once, with its age
    home = todo.home_lines(r, [a for d in days for a in analysis.day_actions[d]], days[0])
    assert sum("推广时长" in line or "promotion" in line for line in home) == 1
    assert any("已持续 3 天" in line for line in home)


def test_a_finding_gone_for_a_day_is_new_again() -> None:
    days = [DAY - dt.timedelta(days=3), DAY - dt.timedelta(days=1), DAY]
    analysis = analyse(p4p_short_hours(days), Settings())
    last = next(a for a in analysis.day_actions[DAY] if a.rule == "p4p_hours")
    assert last.since == days[1] and last.open_periods == 2


def test_stake_unit_period_and_owner_in_the_line_in_both_languages() -> None:
    from generator.analysis.rules import Finding

    found = [
        Finding(
            "spend_no_inquiry",
            "solar light",
            "p4p",
            {
                "subject": "solar light",
                "spend": "1039.00",
                "clicks": "40",
                "rate": "1%",
                "chance": "1%",
                "period": "本周",
            },
            stake=1039.0,
            stake_unit="yuan",
            owner="张三 *x*",
        ),
    ]
    for lang, want in (
        ("zh", ["涉及 1,039.00 元/周", "负责人 张三 \\*x\\*"]),
        ("en", ["1,039.00 yuan/week at stake", "owner 张三 \\*x\\*"]),
    ):
        a = to_actions(WEEK_END, "weekly/2026-W47.md", found, lang, "week")[0]
        line = todo.line(writer(lang), a, 1)
        for text in want:
            assert text in line, (lang, line)
    leads = to_actions(
        DAY,
        "daily/x.md",
        [
            Finding(
                "slow_replies",
                "reply_time",
                "inquiries",
                {"value": "9", "target": 8},
                stake=3.0,
                stake_unit="leads",
            )
        ],
        "en",
        "day",
    )[0]
    assert "3 inquiries/day at stake" in todo.line(writer("en"), leads, 1)


def test_inquiries_waiting_now_are_a_count_not_a_rate_per_day() -> None:
    """The unreplied inquiries are waiting at one moment: 「2 条待回复询盘」, never 「/天」,
    ranked like leads (before money when no cost per inquiry is known)."""
    from generator.analysis.rules import Finding

    found = [
        Finding(
            "p4p_budget",
            "budget_use",
            "p4p",
            {"value": "40%", "target": "80%"},
            stake=300.0,
            stake_unit="yuan",
        ),
        Finding(
            "unreplied_inquiries",
            "李娜",
            values={"owner": "李娜", "n": 2, "hours": 24, "oldest": "60"},
            stake=2.0,
            stake_unit="open_leads",
            owner="李娜",
        ),
    ]
    acts = to_actions(DAY, "daily/x.md", found, "zh", "day")
    assert [a.rule for a in rank(acts)] == ["unreplied_inquiries", "p4p_budget"]
    waiting = todo.line(writer("zh"), acts[1], 0)
    assert "涉及 2 条待回复询盘" in waiting and "/天" not in waiting, waiting
    week = to_actions(WEEK_END, "weekly/x.md", [found[0]], "zh", "week")[0]
    from dataclasses import replace

    old = replace(week, since=WEEK_END - dt.timedelta(days=14))
    assert old.open_periods == 3
    assert "已持续 3 周（自 11-01~11-07 那周起）" in todo.line(writer("zh"), old, 0)


def test_an_item_about_a_product_names_its_owner_from_the_product_rows() -> None:
    from generator.analysis.product_texts import ProductTexts
    from generator.analysis.weekly_parts import latest_texts

    days = pd.DataFrame(
        {
            "product_id": ["P1", "P1", "P2"],
            "owner": ["李娜", "张三", None],
            "period_end": pd.to_datetime(["2026-11-14", "2026-11-20", "2026-11-20"]),
        }
    )
    owners = latest_texts(ProductTexts.of(days, "owner"), days.iloc[:0], "owner", WEEK_END)
    assert owners == {"P1": "张三"}  # the latest row up to the week's end; no owner: none
    fell = pd.DataFrame(
        {"product_id": ["P1", "P2"], "score": [77.0, 60.0], "score_prev": [85.0, 70.0]}
    )
    facts = SimpleNamespace(score_fell=fell, owners=owners, titles={})
    found = list(RULES["score_fell"].check(facts, Settings()))  # type: ignore[misc]
    assert [(f.subject, f.owner, f.stake) for f in found] == [
        ("P1", "张三", None),
        ("P2", None, None),
    ]
    acts = to_actions(WEEK_END, "weekly/2026-W47.md", found, "zh", "week")
    assert "负责人 张三" in todo.line(writer(), acts[0], 1)
    assert " — " not in todo.line(writer(), acts[1], 1)  # nothing to say: no stake, no owner


def test_the_daily_page_and_the_home_page_cut_at_todo_max_daily(three_days: Any) -> None:
    from generator.render.pages import Renderer

    days, analysis = three_days
    day = days[-1]
    n = len(analysis.day_actions[day])
    assert n >= 2, analysis.day_actions[day]
    r = Renderer(Settings(todo_max_daily=1), analysis)
    page = r.day_parts("day", day, True)["todo"]
    shown, _, folded = page.partition("<details markdown>")
    assert len([x for x in shown.splitlines() if x.startswith("- ")]) == 1
    assert f"<summary>其余 {n - 1} 条" in folded
    home = todo.home_lines(r, analysis.day_actions[day], day)
    assert len(home) == 2 and home[-1].startswith(f"其余 {n - 1} 条：")
    assert f"(daily/{day.isoformat()}.md#todo)" in home[-1]
    wide = Renderer(Settings(), analysis)
    assert "<details" not in wide.day_parts("day", day, True)["todo"]


def test_a_finding_that_says_its_first_day_or_day_n_is_open_since_then() -> None:
    """An incident (another rule's finding) says 「第 N 天」 or its first day: the item's age."""
    from generator.analysis.rules import Finding

    def since(**values: Any) -> Any:
        f = Finding(
            "slow_replies", "reply_time", "inquiries", {"value": "9", "target": 8, **values}
        )
        return to_actions(DAY, "daily/x.md", [f], "zh", "day")[0]

    assert since(day_n=4).since == dt.date(2026, 11, 18)
    assert since(since="2026-11-20").open_periods == 2
    assert since(since=dt.date(2026, 11, 19)).open_periods == 3
    assert since(since="garbage").since == DAY and since().since == DAY
    assert "已持续 4 天（自 11-18）" in todo.line(writer(), since(day_n=4), 1)


def test_uncovered_words_are_sized_by_the_peers_impressions_on_them() -> None:
    s = Settings()
    words = pd.DataFrame({"keyword": ["a", "b"], "peer_top10_impressions": [500.0, 700.0]})
    found = list(RULES["uncovered_words"].check(SimpleNamespace(uncovered=words), s))  # type: ignore[misc]
    assert [(f.stake, f.stake_unit) for f in found] == [(1200.0, "impressions")]
    a = to_actions(WEEK_END, "weekly/2026-W47.md", found, "zh", "week")[0]
    assert "涉及 1,200 次曝光/周" in todo.line(writer(), a, 1)
    bare = SimpleNamespace(uncovered=words.drop(columns="peer_top10_impressions"))
    assert [f.stake for f in RULES["uncovered_words"].check(bare, s)] == [None]  # type: ignore[misc]


def test_a_leak_ranks_before_a_larger_unspent_budget() -> None:
    """Money spent for nothing is lost; budget left unspent is an opportunity: the 1,000 元
    leak comes first even when 2,211 元 of budget were left, and the line says which is which."""
    from generator.analysis.rules import Finding

    found = [
        Finding(
            "p4p_budget",
            "budget_use",
            "p4p",
            {"value": "78%", "target": "80%"},
            stake=2211.30,
            stake_unit="unspent_yuan",
        ),
        Finding(
            "spend_no_inquiry",
            "rattan",
            "p4p",
            {
                "subject": "rattan",
                "spend": "1000.00",
                "clicks": "300",
                "rate": "3.9%",
                "chance": "0.0%",
                "period": "本周",
            },
            stake=1000.0,
            stake_unit="yuan",
        ),
    ]
    acts = to_actions(WEEK_END, "weekly/x.md", found, "zh", "week")
    ranked = rank(acts, cost_per_lead=None)
    assert [a.rule for a in ranked] == ["spend_no_inquiry", "p4p_budget"]
    assert "预算剩余 2,211.30 元/周" in todo.line(writer("zh"), ranked[1], 0)
    assert "涉及 1,000.00 元/周" in todo.line(writer("zh"), ranked[0], 0)
