"""A morning read (issue 16): the home page is the morning in one screen — the ranked to-do,
KPI tiles with a sparkline and the change against the same weekday, the products that moved
most (short title and ID), the open inquiries — and the boss's month is in one screen at the
top of each monthly page and in the archive index (KPIs with 环比 and 同比, P4P spend and cost
per inquiry, growth level, the three biggest changes with their cause). Missing data says so.

Uses the session's demo (conftest ``built_demo``) and the tiny export set (``small_exports``);
one browser check (the first 900 px at 1440 px) reuses test_browser's server and Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest
from test_browser import CHARTS_SETTLED_JS, browser, site_url  # noqa: F401 (fixtures)

from generator.analysis.movers import biggest_changes, product_movers
from generator.config import Settings, Workspace, load_settings, render_config
from generator.pipeline import run_pipeline

if TYPE_CHECKING:
    from conftest import BuiltDemo

AS_OF = dt.date(2026, 11, 21)
BRIEF = re.compile(r"<!-- month-brief -->(.*?)<!-- /month-brief -->", re.S)


def products(rows: list[tuple[str, str, str, float, float, float, float]]) -> pd.DataFrame:
    cols = ["product_id", "title", "category", "impressions", "impressions_prev"]
    cols += ["inquiries", "inquiries_prev"]
    return pd.DataFrame(rows, columns=cols)


# -- the moves (pure) -----------------------------------------------------------------------------
def test_product_movers_rank_by_the_size_of_the_move_either_way() -> None:
    table = products(
        [
            ("1", "A", "x", 100, 110, 1, 1),  # −10
            ("2", "B", "x", 50, 250, 0, 2),  # −200
            ("3", "C", "x", 400, 260, 3, 1),  # +140
            ("4", "D", "x", 80, None, 0, None),  # new: nothing to compare with
            ("5", "E", "x", 70, 70, 0, 0),  # did not move
        ]
    )
    moved = product_movers(table, 3)
    assert [m.key for m in moved] == ["2", "3", "1"]
    assert moved[0].title == "B" and moved[0].change == pytest.approx(-0.8)
    assert product_movers(table.iloc[0:0], 3) == []


def test_biggest_changes_name_the_category_and_the_product_that_moved_it() -> None:
    table = products(
        [
            ("1", "Solar lamp", "灯", 100, 900, 0, 5),  # the lamp category fell by 1,000
            ("2", "Garden lamp", "灯", 300, 500, 1, 1),
            ("3", "Tent", "帐篷", 700, 400, 2, 1),  # tents rose by 300
            ("4", "Chair", "椅子", 50, 60, 0, 0),
        ]
    )
    moves = biggest_changes(table, 3)
    assert [m.key for m in moves] == ["灯", "帐篷", "椅子"]
    lamp = moves[0]
    assert (lamp.impressions, lamp.impressions_prev) == (400, 1400)
    assert lamp.cause_id == "1" and lamp.cause_title == "Solar lamp"
    assert lamp.cause_share == pytest.approx(0.8)
    # one category: the products themselves are the changes
    one = table.assign(category="未分类")
    assert [m.dimension for m in biggest_changes(one, 3)] == ["product"] * 3


# -- the home page --------------------------------------------------------------------------------
def test_home_opens_with_todo_tiles_movers_and_open_inquiries(built_demo: BuiltDemo) -> None:
    md = (built_demo.workspace.content / "index.md").read_text(encoding="utf-8")
    first, _, rest = md.partition('<div class="ops-morning-side"')
    side = rest.split("</div>\n</div>", 1)[0] if rest else ""
    # the first screen: to-do and open inquiries on the left, tiles and movers on the right
    assert "{#todo}" in first and "{#open-inquiries}" in first
    assert first.index("{#todo}") < first.index("{#open-inquiries}")
    assert 'class="ops-kpis"' in side and "{#movers}" in side
    # a sparkline per tile: seven KPIs, each with a chart of its last 28 days
    assert side.count('class="ops-spark"') == 7
    assert "近 28 天" in side
    # movers: three products with a short title (full on hover) and the 13-digit ID
    movers = re.findall(r"^1\. (.*)$", side.split("{#movers}", 1)[1], re.M)
    assert len(movers) == 3, movers
    for line in movers:
        assert re.search(r'<span title="[^"]+">[^<]{1,28}</span>（ID \d{13}）曝光 ', line), line
    # open inquiries: a count and the oldest, the full list further down
    assert re.search(r"现在共 \*\*\d+ 条\*\*询盘超过 \d+ 小时未回复", first)
    assert "](#unreplied)" in first and "{#unreplied}" in rest
    # the latest week's and month's pages one click away; the 90-day trend below
    assert "[最新周报 2026-11-21](weekly/2026-11-21.md)" in md
    assert "[最新月报 2026-10](monthly/2026-10.md)" in md
    assert md.index("天趋势") > md.index("{#unreplied}") > md.index("{#movers}")


@pytest.mark.browser
def test_home_first_screen_at_1440_holds_the_morning(browser: Any, site_url: str) -> None:  # noqa: F811
    """At 1440 × 900 the to-do, the tiles (sparklines drawn), the movers and the open
    inquiries sit within the first 900 px."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "index.html", wait_until="load")
        page.wait_for_function(CHARTS_SETTLED_JS, timeout=20_000)
        boxes = page.evaluate(
            """() => Object.fromEntries([
              ['todo', '#todo'], ['first item', '.ops-morning-todo ul li'],
              ['tiles', '.ops-kpis'], ['sparkline', '.ops-spark svg'],
              ['movers', '.ops-morning-side ol'],
              ['open inquiries', '.ops-morning-todo p a[href$="#unreplied"]'],
            ].map(([k, s]) => {
              const e = document.querySelector(s);
              if (!e) return [k, null];
              const b = e.getBoundingClientRect();
              return [k, {top: b.top + scrollY, bottom: b.bottom + scrollY, width: b.width}];
            }))"""
        )
    finally:
        context.close()
    for name, box in boxes.items():
        assert box is not None, f"home page: no {name}"
        assert box["bottom"] <= 900, f"home page at 1440 × 900: {name} ends at {box['bottom']} px"
        assert box["width"] > 0, name


# -- the month in one screen ----------------------------------------------------------------------
def brief_of(text: str) -> str:
    m = BRIEF.search(text)
    assert m, "no month brief"
    return m.group(1)


def check_brief(brief: str) -> None:
    # the KPIs with the comparisons as the analysis made them (a short September: per day)
    assert "2026-10 全月" in brief
    assert "环比（日均）" in brief and "同比" in brief
    assert "同比：没有去年同月" in brief  # the demo has no October 2025: said, not a blank
    assert re.search(r"花费 \*\*[\d,]+\.\d\d 元\*\*（31 天）", brief)
    assert re.search(r"询盘 \*\*\d+ 条\*\* · 每条询盘成本 \*\*[\d,]+\.\d\d 元\*\*", brief)
    assert re.search(r"成长分等级 \*\*L\d\*\*（[\d.]+ 分，2026-10-\d\d）", brief)
    changes = re.findall(r"^1\. (.*)$", brief, re.M)
    assert len(changes) == 3, changes
    for line in changes:
        assert "（2026-09）→" in line and "（2026-10）" in line, line
    assert any(re.search(r"主要原因：产品 .+（ID \d{13}）", line) for line in changes)


def test_monthly_page_opens_with_the_month_in_one_screen(built_demo: BuiltDemo) -> None:
    md = (built_demo.workspace.content / "monthly/2026-10.md").read_text(encoding="utf-8")
    check_brief(brief_of(md))
    assert md.index("<!-- /month-brief -->") < md.index("## 本月要做")


def test_archive_index_has_each_months_brief(built_demo: BuiltDemo) -> None:
    md = (built_demo.workspace.content / "archive/index.md").read_text(encoding="utf-8")
    assert "## 各月概览" in md
    part = md.split("### [2026-10](2026-10/index.md)", 1)
    assert len(part) == 2, "no brief heading for 2026-10"
    check_brief(brief_of(part[1]))


def test_missing_p4p_and_one_month_are_said(small_exports: list[Path], tmp_path: Path) -> None:
    """Product exports only (no P4P, no growth score): October's month export and the days of
    the last two weeks. The brief says what is missing; home still has its movers."""
    ws = Workspace(tmp_path / "ws")
    for p in small_exports:
        name = p.name
        day = re.search(r"\d{4}-\d{2}-\d{2}", name)
        keep = name.startswith("Products-") and (
            p.parent.name == "monthly" or (day is not None and day.group(0) >= "2026-11-08")
        )
        if keep:
            dst = ws.exports / p.parent.name / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, dst)
    ws.config_file.write_text(render_config(Settings(store_name="测试店")), encoding="utf-8")
    run_pipeline(ws, load_settings(ws), AS_OF, build=False)
    month = (ws.content / "monthly/2026-10.md").read_text(encoding="utf-8")
    brief = brief_of(month)
    assert "2026-10 没有 P4P 账户报表数据" in brief
    assert "没有成长分数据" in brief
    assert "同比：没有去年同月" in brief
    assert "没有可比的产品数据" in brief  # no September to compare with
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert "{#movers}" in home and "{#open-inquiries}" not in home  # no inquiry export
