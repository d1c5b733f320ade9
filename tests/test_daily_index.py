"""The daily index scales with the history (issue 17, DESIGN *Navigation that scales*): it lists
the days of the latest three months, and each earlier month's days are on a page of their own
that it links, so that a new day changes a table of some 90 days, not one of the whole history.
Every day is still one click from the index or from its month's page, and every link leads to
a page of the built site."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.config import Settings, Workspace, load_settings, render_config
from generator.demo import write_demo_exports
from generator.pipeline import run_pipeline
from generator.render.index import DAILY_INDEX_MONTHS
from tests.conftest import AS_OF, BuiltDemo, make_demo

DAY = re.compile(r'href="((?:\.\./)?)(\d{4}-\d{2}-\d{2})\.html"')
MONTH = re.compile(r"\]\(months/(\d{4}-\d{2})\.md\)")


@pytest.fixture(scope="module")
def long_demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltDemo:
    """A store of 100 days (four calendar months) with a handful of products."""
    return make_demo(
        tmp_path_factory.mktemp("long"), size={"n_products": 3, "n_days": 100, "seed": 3}
    )


def day_pages(content: Path) -> list[str]:
    return sorted(p.stem for p in (content / "daily").glob("*.md") if p.stem[:1].isdigit())


def test_the_index_lists_the_latest_months_and_each_earlier_month_has_its_page(
    long_demo: BuiltDemo,
) -> None:
    content, site = long_demo.workspace.content, long_demo.workspace.site
    days = day_pages(content)
    months = sorted({d[:7] for d in days})
    assert len(months) > DAILY_INDEX_MONTHS  # the store is long enough to page
    recent, earlier = months[-DAILY_INDEX_MONTHS:], months[:-DAILY_INDEX_MONTHS]

    index = (content / "daily/index.md").read_text(encoding="utf-8")
    listed = [d for up, d in DAY.findall(index) if not up]
    assert listed == sorted((d for d in days if d[:7] in recent), reverse=True)  # newest first
    assert f"共 {len(days)} 天" in index  # the lead still counts every day
    assert f"最近 {DAILY_INDEX_MONTHS} 个月的 {len(listed)} 天" in index
    assert MONTH.findall(index) == earlier[::-1]  # every earlier month, newest first

    seen = list(listed)
    for month in earlier:
        page = (content / f"daily/months/{month}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {month} 的日报")
        linked = [(up, d) for up, d in DAY.findall(page)]
        assert all(up == "../" for up, _ in linked)  # from daily/months/ up to daily/
        assert [d for _, d in linked] == sorted((d for d in days if d[:7] == month), reverse=True)
        assert f"{month} 共 {len(linked)} 天" in page
        assert "](../index.md)" in page  # back to the latest days
        seen += [d for _, d in linked]
        assert (site / f"daily/months/{month}.html").is_file()
    assert sorted(seen) == days  # every day once, on the index or on its month's page
    for d in seen:
        assert (site / f"daily/{d}.html").is_file()


def test_a_history_of_three_months_or_less_is_one_table(built_demo: BuiltDemo) -> None:
    content = built_demo.workspace.content
    days = day_pages(content)
    assert len({d[:7] for d in days}) <= DAILY_INDEX_MONTHS
    index = (content / "daily/index.md").read_text(encoding="utf-8")
    assert sorted(d for _, d in DAY.findall(index)) == days
    assert not MONTH.findall(index) and not (content / "daily/months").exists()


def test_a_month_that_is_no_longer_earlier_loses_its_page(
    long_demo: BuiltDemo, tmp_path: Path
) -> None:
    # the same store as of the end of the month before: its oldest month is one of the latest
    # three again, listed on the index, and its own page is gone
    earlier_as_of = long_demo.as_of.replace(day=1) - dt.timedelta(days=1)
    shutil.copytree(long_demo.workspace.root, tmp_path / "ws", symlinks=True)
    ws = Workspace(tmp_path / "ws")
    oldest = min(day_pages(ws.content))[:7]
    assert (ws.content / f"daily/months/{oldest}.md").is_file()  # paged as of the last day
    run_pipeline(ws, load_settings(ws), earlier_as_of, build=False)
    days = day_pages(ws.content)
    months = sorted({d[:7] for d in days})
    assert max(days) <= earlier_as_of.isoformat()
    pages = sorted(p.stem for p in (ws.content / "daily/months").glob("*.md"))
    assert pages == months[:-DAILY_INDEX_MONTHS]
    assert not (ws.content / "daily/months" / f"{months[-DAILY_INDEX_MONTHS]}.md").exists()


def test_after_a_month_without_exports_the_latest_months_are_calendar_months(
    tmp_path: Path,
) -> None:
    # October's exports never came: the index lists September and November (the latest three
    # calendar months: its text says so), not August as a third month with days
    summary = write_demo_exports(tmp_path, AS_OF, n_products=3, n_days=100, seed=3, workers=1)
    for p in (tmp_path / "exports").rglob("*"):
        if p.is_file() and "2026-10" in p.name:
            p.unlink()
    ws = Workspace(tmp_path)
    settings = Settings(categories=summary.categories)
    ws.config_file.write_text(render_config(settings), encoding="utf-8")
    run_pipeline(ws, load_settings(ws), AS_OF, build=False)

    days = day_pages(ws.content)
    assert {d[:7] for d in days} == {"2026-08", "2026-09", "2026-11"}  # the gap is real
    index = (ws.content / "daily/index.md").read_text(encoding="utf-8")
    listed = [d for _, d in DAY.findall(index)]
    assert listed == sorted((d for d in days if d >= "2026-09"), reverse=True)
    assert f"最近 {DAILY_INDEX_MONTHS} 个月的 {len(listed)} 天" in index
    assert MONTH.findall(index) == ["2026-08"]
    august = (ws.content / "daily/months/2026-08.md").read_text(encoding="utf-8")
    assert sorted(d for _, d in DAY.findall(august)) == [d for d in days if d < "2026-09"]
