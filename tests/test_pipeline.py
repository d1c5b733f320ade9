"""End to end on a real workspace: ingest → store → pages → mkdocs build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import xlwt
from click.testing import CliRunner

from generator.cli import main
from generator.config import Settings, Workspace
from generator.demo import HEADERS
from generator.foundation.errors import BuildError
from generator.page_cache import read_cache
from generator.pipeline import run_pipeline
from generator.site import page_cache_file
from generator.store import open_store
from tests.conftest import BuiltDemo


def write_products_xls(path: Path, day: dt.date, products: list[dict[str, object]]) -> None:
    """A product analysis export as the backend writes it: preamble, header on row 6."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("产品分析")
    sheet.write(0, 0, f"产品分析 时间周期{day}~{day}")
    for j, h in enumerate(HEADERS):
        sheet.write(5, j, h)
    for i, p in enumerate(products, start=6):
        values = {
            "产品ID": p["id"],
            "产品名称": p["title"],
            "搜索曝光次数": p.get("imp", 100),
            "搜索点击次数": p.get("clk", 5),
            "访问人数": p.get("vis", 4),
            "询盘个数": p.get("inq", 1),
            "搜索点击率": "5.00%",
            "是否橱窗": "N",
            "产品负责人": p.get("owner", "张伟"),
        }
        for j, h in enumerate(HEADERS):
            if h in values:
                sheet.write(i, j, values[h])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))


def test_the_demo_site_is_built_with_every_section(built_demo: BuiltDemo) -> None:
    site = built_demo.workspace.site
    for page in (
        "index.html",
        "daily/index.html",
        "daily/2026-11-12.html",
        "weekly/index.html",
        "weekly/2026-11-21.html",
        "monthly/index.html",
        "monthly/2026-10.html",
        "import-status.html",
        "glossary.html",
        "keywords/index.html",
    ):
        assert (site / page).is_file(), f"{page} missing from the built site"
        html = (site / page).read_text(encoding="utf-8")
        assert "<h1" in html and 'class="md-content' in html, f"{page} has no rendered content"
    daily = (site / "daily/2026-11-12.html").read_text(encoding="utf-8")
    assert daily.count('class="ops-chart"') >= 3, "the daily page lost its charts"
    assert (
        site / "assets/javascripts/vega.min.js"
    ).stat().st_size > 500_000  # vendored, not a CDN link
    assert not list(built_demo.workspace.root.glob(".site-build-*")), (
        "a temporary build folder was left behind"
    )


def test_the_site_loads_nothing_from_outside(built_demo: BuiltDemo) -> None:
    html = (built_demo.workspace.site / "daily/2026-11-12.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for tag in ('<script src="http', '<link href="http', '<img src="http'):
        assert tag not in html


def test_navigation_lists_sections_only(built_demo: BuiltDemo) -> None:
    """Material puts the nav into every page: a day per nav entry would make the site grow with
    the square of its pages."""
    html = (built_demo.workspace.site / "daily/2026-11-12.html").read_text(encoding="utf-8")
    nav = html.split("md-nav--primary", 1)[1].split("</nav>", 1)[0]
    assert nav.count('class="md-nav__item') <= 10
    assert "2026-11-11" not in nav and "2026-10" not in nav


def test_a_rebuild_with_nothing_new_rewrites_no_file(copy_demo: BuiltDemo) -> None:
    ws = copy_demo.workspace
    before = {p: p.stat().st_mtime_ns for p in ws.content.rglob("*.md")}
    result = run_pipeline(ws, copy_demo.settings, copy_demo.as_of, build=False)
    assert result.ingest.count("ingested") == 0
    assert result.written.written == 0
    assert result.written.removed == 0  # reused pages keep their CSV and XLSX downloads
    assert len(list(ws.content.glob("downloads/daily/2*.xlsx"))) == 2 * len(
        list(ws.content.glob("daily/2*.md"))
    )
    after = {p: p.stat().st_mtime_ns for p in ws.content.rglob("*.md")}
    assert after == before


def test_a_new_day_changes_only_the_pages_it_touches(copy_demo: BuiltDemo) -> None:
    ws = copy_demo.workspace
    day = copy_demo.as_of + dt.timedelta(days=1)
    write_products_xls(
        ws.exports / f"Products-{day}.xls",
        day,
        [{"id": "1601000000001", "title": "New Solar Lamp"}],
    )
    before = {p: p.read_bytes() for p in ws.content.rglob("*.md")}
    result = run_pipeline(ws, copy_demo.settings, day, build=False)
    assert result.ingest.count("ingested") == 1
    changed = {
        p.relative_to(ws.content).as_posix()
        for p in ws.content.rglob("*.md")
        if before.get(p) != p.read_bytes()
    }
    assert (
        f"daily/{day}.md" in changed and f"daily/{copy_demo.as_of}.md" in changed
    )  # its "next" link
    assert "daily/2026-10-01.md" not in changed
    assert "monthly/2026-10.md" not in changed


def test_a_failed_build_leaves_the_previous_site(copy_demo: BuiltDemo) -> None:
    ws = copy_demo.workspace
    index = (ws.site / "index.html").read_bytes()
    ws.mkdocs_file.write_text(
        ws.mkdocs_file.read_text(encoding="utf-8")
        .split("\n", 1)[1]
        .replace("glossary.md", "no-such-page.md"),
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="previous site is left in place"):
        run_pipeline(ws, copy_demo.settings, copy_demo.as_of)
    assert (ws.site / "index.html").read_bytes() == index
    assert not list(ws.root.glob(".site-build-*"))


def test_strangers_text_is_escaped_on_pages_and_in_downloads(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    day = dt.date(2026, 11, 21)
    evil = "<script>alert(1)</script> | **Solar** [x](http://evil.test) =cmd"
    for i in range(3):
        d = day - dt.timedelta(days=i)
        write_products_xls(
            ws.exports / f"Products-{d}.xls",
            d,
            [{"id": "1601000000001", "title": evil, "owner": "<b>王</b>", "inq": 3}],
        )
    run_pipeline(ws, Settings(), day)
    page = (ws.content / f"daily/{day}.md").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<b>王</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html = (ws.site / f"daily/{day}.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert 'href="http://evil.test"' not in html
    csv = (ws.content / f"downloads/daily/{day}-products.csv").read_text(encoding="utf-8-sig")
    assert "<script>alert(1)</script>" in csv  # machines get the text as it was


def test_the_site_can_be_english(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    day = dt.date(2026, 11, 21)
    write_products_xls(
        ws.exports / f"Products-{day}.xls", day, [{"id": "1601000000001", "title": "Lamp"}]
    )
    run_pipeline(ws, Settings(language="en", store_name="Acme"), day)
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert "Acme · overview of 2026-11-21" in home
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in home.replace("搜索", "")), (
        "Chinese text left on an English page"
    )
    assert 'lang="en"' in (ws.site / "index.html").read_text(encoding="utf-8")


def test_build_via_the_cli_ends_with_one_line_saying_where_the_site_is(
    copy_demo: BuiltDemo,
) -> None:
    result = CliRunner().invoke(
        main,
        ["build", "--workspace", str(copy_demo.workspace.root), "--as-of", "2026-11-21", "--full"],
    )
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    # in the workspace's language, Chinese (issue 16)
    assert last.startswith("网站已构建（数据截至 2026-11-21）") and "site/index.html" in last
    # --full converts every page again: the demo's page cache was not read (tests/test_page_cache.py)
    data = read_cache(page_cache_file(copy_demo.workspace))
    assert data is not None
    stats = data["stats"]
    assert stats["reused"] == 0 and stats["converted"] > 0


def test_a_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--workspace", str(tmp_path), "--as-of", "21.11.2026"]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_a_new_inquiries_sheet_re_renders_the_days_it_covers(copy_demo: BuiltDemo) -> None:
    """A page is reused only while everything it shows is unchanged: a corrected inquiries
    sheet for an old day must reach that day's page."""
    import openpyxl

    ws = copy_demo.workspace
    src = sorted(ws.exports.rglob("inquiries-*.xlsx"))[-1]
    book = openpyxl.load_workbook(src)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    col = headers.index("负责人") + 1
    sheet.cell(row=2, column=col, value="新来的小王")
    inquiry_id = str(sheet.cell(row=2, column=headers.index("询盘ID") + 1).value)
    out = ws.exports / "sheets" / f"{src.stem}-fixed.xlsx"
    book.save(out)
    result = run_pipeline(ws, copy_demo.settings, copy_demo.as_of, build=False)
    assert result.ingest.count("ingested") == 1
    with open_store(ws.db_path, read_only=True) as store:
        rows = store.rows("inquiries")
    days = sorted(
        {
            str(d)
            for d in pd.to_datetime(rows.loc[rows["inquiry_id"] == inquiry_id, "stat_date"]).dt.date
        }
    )
    assert days, f"inquiry {inquiry_id} is not in the store"
    pages = sorted(
        p.stem
        for p in ws.content.glob("daily/2*.md")
        if "新来的小王" in p.read_text(encoding="utf-8")
    )
    assert pages == days, "the corrected inquiry must reach its own day's page, and only that one"


def test_a_plan_for_an_old_month_re_renders_its_review(copy_demo: BuiltDemo) -> None:
    """A monthly page is reused only while its review is unchanged: a 新品计划 sheet that
    arrives late for October (read by the month's review and by nothing else of the month)
    must reach October's page, with its product still to publish."""
    import openpyxl

    ws = copy_demo.workspace
    src = sorted(ws.exports.rglob("new_products-*.xlsx"))[-1]
    book = openpyxl.load_workbook(src)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    row = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    row[headers.index("产品名称")].value = "Plan Product ZX9"
    row[headers.index("状态")].value = "待发布"
    book.save(ws.exports / "sheets" / "new_products-2026-10-31.xlsx")
    page = ws.content / "monthly" / "2026-10.md"
    assert "Plan Product ZX9" not in page.read_text(encoding="utf-8")
    result = run_pipeline(ws, copy_demo.settings, copy_demo.as_of, build=False)
    assert result.ingest.count("ingested") == 1
    assert "Plan Product ZX9" in page.read_text(encoding="utf-8")


def test_a_reused_pages_files_edited_or_removed_are_written_again(copy_demo: BuiltDemo) -> None:
    """An unchanged period page is left in content/ as the last build wrote it (not read
    back): one of its files edited by hand (same size) or removed is written again as the build
    makes it, and only those pages are rendered again; the other pages' files stay untouched."""
    ws = copy_demo.workspace
    days = sorted(ws.content.glob("daily/2*.md"))
    edited, left = days[0], days[1]
    removed = ws.content / "downloads" / "daily" / f"{days[2].stem}-products.csv"
    want = {edited: edited.read_bytes(), removed: removed.read_bytes()}
    mtime = left.stat().st_mtime_ns
    edited.write_bytes(want[edited].replace(b"#", b"=", 1))  # the same size, other bytes
    removed.unlink()
    result = run_pipeline(ws, copy_demo.settings, copy_demo.as_of, build=False)
    assert {p: p.read_bytes() for p in want} == want
    assert result.rendered == {"daily": 2, "weekly": 0, "monthly": 0}
    assert left.stat().st_mtime_ns == mtime


def test_an_empty_workspace_builds_a_site_that_says_what_to_do(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    result = run_pipeline(ws, Settings(), dt.date(2026, 11, 21))
    assert result.site_built
    assert "把后台导出的文件放进 exports 文件夹" in (ws.content / "index.md").read_text(
        encoding="utf-8"
    )
    assert (ws.site / "daily/index.html").is_file()


def test_kept_facts_that_cannot_be_read_are_computed_again(copy_demo: BuiltDemo) -> None:
    """A store whose kept weekly facts were written by other code (or damaged): the next
    build computes every week again, and the weeks' pages say what they said."""
    ws = copy_demo.workspace
    with open_store(ws.db_path) as store:
        weeks = int(
            store.query("SELECT count(*) AS n FROM facts WHERE scope = 'facts:week'")["n"][0]
        )
        store.con.execute("UPDATE facts SET data = 'not a pickle'::BLOB WHERE scope = 'facts:week'")
    day = copy_demo.as_of + dt.timedelta(days=1)
    write_products_xls(
        ws.exports / f"Products-{day}.xls",
        day,
        [{"id": "1601000000001", "title": "New Solar Lamp"}],
    )
    pages = sorted(ws.content.glob("weekly/2*.md"))[:-1]  # (the latest week's has the new day)
    before = {p: p.read_bytes() for p in pages}
    result = run_pipeline(ws, copy_demo.settings, day, build=False)
    assert result.computed["facts:week"] >= weeks > 1
    assert {p: p.read_bytes() for p in pages} == before
