"""The same fact reads the same wherever the site shows it (issue 15): a day's numbers on the
home page and on its daily page, a week's and a month's counts and the sum of their daily pages,
a P4P word's verdict in the weekly table, the weekly to-do list and the keyword library, a
zero-effect product's verdict in the monthly to-do list, its section and its download.

Checked on the session demo and on the store written by hand (tests/fixtures/hand_store.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from generator.config import Workspace
from tests.conftest import BuiltDemo
from tests.fixtures.pages import metric, number, page, section, table_rows

# additive counts: a week's or a month's figure is the sum of its days' (visitors are not:
# a buyer who comes back on three days is one visitor of the week)
COUNTS = ("搜索曝光", "搜索点击", "询盘数")


class Site:
    """A built store's content pages, its as-of day, a complete week and a final month."""

    def __init__(self, content: Path, as_of: dt.date, week_end: dt.date, month: str) -> None:
        self.content, self.as_of, self.week_end, self.month = content, as_of, week_end, month

    def read(self, rel: str) -> str:
        return page(self.content, rel)


@pytest.fixture(params=["demo", "hand"])
def site(request: pytest.FixtureRequest) -> Site:
    if request.param == "demo":
        demo: BuiltDemo = request.getfixturevalue("built_demo")
        # the demo (as of Saturday 11-21): the final week before the draft one, October
        return Site(demo.workspace.content, demo.as_of, dt.date(2026, 11, 14), "2026-10")
    hand: Workspace = request.getfixturevalue("hand_store")
    return Site(hand.content, dt.date(2026, 11, 7), dt.date(2026, 10, 31), "2026-10")


def test_the_home_page_reads_as_the_latest_daily_page(site: Site) -> None:
    home, day = site.read("index"), site.read(f"daily/{site.as_of.isoformat()}")
    assert f"daily/{site.as_of.isoformat()}.md" in home  # the home page is that day's
    for label in (*COUNTS, "点击率", "访客数", "询盘转化率"):
        assert metric(home, label) == metric(day, label), label


@pytest.mark.parametrize("label", COUNTS)
def test_a_week_is_the_sum_of_its_daily_pages(site: Site, label: str) -> None:
    days = [site.week_end - dt.timedelta(days=i) for i in range(7)]
    total = sum(number(metric(site.read(f"daily/{d.isoformat()}"), label)) for d in days)
    week = number(metric(site.read(f"weekly/{site.week_end.isoformat()}"), label))
    assert week == total, (label, week, total)


@pytest.mark.parametrize("label", COUNTS)
def test_a_month_is_the_sum_of_its_daily_pages(site: Site, label: str) -> None:
    first = dt.date.fromisoformat(site.month + "-01")
    days = [
        first + dt.timedelta(days=i)
        for i in range(31)
        if (first + dt.timedelta(i)).month == first.month
    ]
    total = sum(number(metric(site.read(f"daily/{d.isoformat()}"), label)) for d in days)
    month = number(metric(site.read(f"monthly/{site.month}"), label))
    assert month == total, (label, month, total)


def test_a_week_on_the_weekly_page_is_the_one_its_trend_chart_shows(site: Site) -> None:
    text = site.read(f"weekly/{site.week_end.isoformat()}")
    chart = re.search(r'aria-label="询盘数" data-spec=\'(.*?)\'', text)
    assert chart, "the weekly page has an inquiries chart"
    points = re.findall(r'"period":"([0-9-]+)","value":([0-9.]+)', chart.group(1))
    by_period = {p: float(v) for p, v in points}
    assert by_period[site.week_end.isoformat()] == number(metric(text, "询盘数"))


# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------


def _library(site: Site) -> dict[str, set[str]]:
    """Each keyword-library page's words."""
    folder = site.content / "keywords"
    return {
        p.stem: {r["keyword"] for r in table_rows(p.read_text(encoding="utf-8")) if "keyword" in r}
        for p in sorted(folder.glob("*.md"))
        if p.stem != "index"
    }


def test_a_word_has_one_verdict_in_the_library(site: Site) -> None:
    pages = _library(site)
    assert pages.get("waste"), "the store has waste words"
    seen: dict[str, str] = {}
    for name in ("waste", "keep", "broad", "risk"):
        for word in pages.get(name, set()):
            assert word not in seen, (word, seen.get(word), name)
            seen[word] = name


def test_the_weekly_waste_words_are_the_libraries_and_the_todo_lists(site: Site) -> None:
    """The week's table and its to-do list name the same waste words; a word that spent over
    the evidence spend in the week spent at least that in the library's span too, with no
    inquiry there unless the library counts one: it is waste in the library."""
    week_end = _latest_p4p_week(site)
    text = site.read(f"weekly/{week_end.isoformat()}")
    rows = [
        r for r in table_rows(section(text, "直通车")) if "diagnosis_label" in r and "keyword" in r
    ]
    waste = {r["keyword"] for r in rows if r["diagnosis_label"].startswith("浪费")}
    assert waste, "the latest P4P week has a waste word"
    todo = section(text, "本周待办")
    for r in rows:
        named = f"「{r['keyword']}」" in todo and "暂停" in todo
        if r["keyword"] in waste:
            assert named or "还有" in todo, r  # listed, or behind 「还有 N 条待办」
    library = _library(site)
    keep = {r["keyword"]: r for r in table_rows(site.read("keywords/keep")) if "keyword" in r}
    for r in rows:
        if r["keyword"] in waste and number(r["spend"]) > 200:
            word = r["keyword"]
            assert word in library["waste"] or number(keep[word]["inquiries"]) > 0, word


def _latest_p4p_week(site: Site) -> dt.date:
    ends = [
        dt.date.fromisoformat(p.name[:10])
        for p in (site.content / "weekly").glob("*-p4p-keywords.csv")
    ]
    return max(d for d in ends if d <= site.as_of)


def test_zero_effect_verdicts_agree_on_the_monthly_page(site: Site) -> None:
    text = site.read(f"monthly/{site.month}")
    with (site.content / f"monthly/{site.month}-zero-effect.csv").open(encoding="utf-8-sig") as f:
        verdicts = {r["product_id"]: r["verdict"] for r in csv.DictReader(f)}
    zero = section(text, "零效果产品")
    parts = {
        "optimise": zero.split("### 还有流量")[1].split("###")[0],
        "safe": zero.split("### 可以安全删除")[1].split("###")[0],
    }
    for pid, verdict in verdicts.items():
        for name, part in parts.items():
            assert (pid in part) == (verdict == name), (pid, verdict, name)
    todo = section(text, "本月要做")
    n_keep = sum(v == "optimise" for v in verdicts.values())
    n_safe = sum(v == "safe" for v in verdicts.values())
    if n_keep:
        assert f"{n_keep} 个产品 90 天没有询盘和 TM 咨询，但还有流量" in todo
    if n_safe:
        assert f"{n_safe} 个零效果产品可以安全删除" in todo
    else:
        assert "可以安全删除" not in todo
