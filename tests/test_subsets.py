"""Any subset of the inputs builds (issue 12): stores made of some of the demo's export files —
none, one, each kind alone, each kind left out, gaps, data outside a month's window, data that
stops long before the as-of date. Every build completes and writes every page; a section
without its input names the export and where it comes from; with too little history no page
calls anything "normal"; no page holds a traceback, an empty table or a broken link.

One small demo export set (10 products × 52 days, so that October is a whole month) is written
once per session; each case copies the files it keeps into its own workspace and ingests them.
Most cases render without mkdocs (links are checked here); a few run the real ``mkdocs build
--strict``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from generator.analysis import analyse
from generator.config import Settings, Workspace, load_settings, render_config
from generator.ingest import ingest_inbox, kind_by_file_name
from generator.inputs import load_inputs
from generator.kinds import KINDS
from generator.pipeline import PipelineResult, run_pipeline
from generator.render.pages import Renderer
from generator.store import open_store

AS_OF = dt.date(2026, 11, 21)
RECENT = dt.date(2026, 11, 8)  # most cases keep two weeks: 2026-11-08 … 2026-11-21
LAST_WEEK = dt.date(2026, 11, 15)  # the per-kind cases keep one: 2026-11-15 … 2026-11-21
KEPT_PAGES = ("index.md", "import-status.md", "glossary.md", "keywords/index.md")
SECTIONS = ("daily", "weekly", "monthly")
NORMAL = ("正常范围内", "正常波动范围内")  # a verdict; 正常范围 alone is a chart's legend

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def kind_of(path: Path) -> str:
    kind = kind_by_file_name(path.name)
    assert kind is not None, path
    return kind.name


def day_of(path: Path) -> dt.date | None:
    m = _DATE.search(path.name)
    return dt.date.fromisoformat(m.group(1)) if m else None


def recent(path: Path, since: dt.date = RECENT) -> bool:
    """The files of the days since ``since``, and the October month export (its monthly
    review)."""
    day = day_of(path)
    return path.parent.name == "monthly" or day is None or day >= since


@pytest.fixture(scope="session")
def exports(small_exports: list[Path]) -> list[Path]:
    return small_exports


def build(
    files: list[Path],
    root: Path,
    keep: Callable[[Path], bool],
    *,
    as_of: dt.date = AS_OF,
    mkdocs: bool = False,
    **settings: object,
) -> tuple[Workspace, PipelineResult]:
    ws = Workspace(root)
    kept = [p for p in files if keep(p)]
    for p in kept:
        dst = ws.exports / p.parent.name / p.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, dst)
    ws.config_file.write_text(
        render_config(Settings(store_name="测试店", **settings)),  # type: ignore[arg-type]
        encoding="utf-8",
    )
    result = run_pipeline(ws, load_settings(ws), as_of, build=mkdocs)
    assert result.ingest.count("rejected") == 0
    check_site(ws.content, mkdocs)
    if mkdocs:
        assert (ws.root / "site" / "index.html").is_file()
    return ws, result


_LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")


def check_site(content: Path, built: bool) -> None:
    """What a reader would notice: every page there, no traceback, no empty table on a
    report page, no link to a page that does not exist (mkdocs --strict checks those where
    it runs)."""
    check_pages(
        {
            p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
            for p in content.rglob("*.md")
        },
        links=not built,
    )


def check_pages(pages: dict[str, str], links: bool = True) -> None:
    for rel in KEPT_PAGES + tuple(f"{s}/index.md" for s in SECTIONS):
        assert rel in pages, rel
    for rel, text in pages.items():
        assert "Traceback" not in text and "Error:" not in text, rel
        if rel.split("/")[0] in SECTIONS and not rel.endswith("index.md"):
            assert "<tbody></tbody>" not in text, f"an empty table on {rel}"
        for target in _LINK.findall(text) if links else ():
            path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            # the archive is copied in from the workspace's archive folder by the pipeline
            assert path in pages or path.startswith("archive/"), f"{rel} → {target}"


@pytest.fixture(scope="session")
def last_week_store(exports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The last week of every kind (and October's month export), ingested once: the per-kind
    cases copy this store and delete the kinds they leave out."""
    ws = Workspace(tmp_path_factory.mktemp("last-week"))
    for p in exports:
        if recent(p, LAST_WEEK):
            dst = ws.exports / p.parent.name / p.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, dst)
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
    assert report.count("rejected") == 0
    return ws.db_path


def render_without(db: Path, tmp_path: Path, drop: set[str]) -> dict[str, str]:
    """The pages (rendered, not built) of a store that never had the kinds in ``drop``."""
    path = tmp_path / db.name
    shutil.copyfile(db, path)
    con = duckdb.connect(str(path))
    for kind in sorted(drop):
        con.execute(f"DELETE FROM {kind}")
        con.execute("DELETE FROM ingest_log WHERE kind = ?", [kind])
    con.close()
    settings = Settings(store_name="测试店")
    with open_store(path) as store:
        data = analyse(load_inputs(store, AS_OF), settings)
    out = Renderer(settings, data).render_all()  # the pages; their XLSX downloads are not built
    pages = {rel: bytes(v).decode("utf-8") for rel, v in out.files.items() if rel.endswith(".md")}
    check_pages(pages)
    return pages


def pages(content: Path, section: str) -> dict[str, str]:
    return {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((content / section).glob("*.md"))
        if p.name != "index.md"
    }


def every_page(content: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md"))


def test_nothing(exports: list[Path], tmp_path: Path) -> None:
    ws, _ = build(exports, tmp_path, lambda p: False, mkdocs=True)
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert "还没有数据" in home
    assert not any(n in every_page(ws.content) for n in NORMAL)


def test_one_product_export(exports: list[Path], tmp_path: Path) -> None:
    """One day of data: nothing to compare with, so nothing is called normal."""
    ws, _ = build(exports, tmp_path, lambda p: p.name == f"Products-{AS_OF}.xls")
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert "历史数据不足：已有 0 天，需要 28 天" in home
    day = (ws.content / "daily" / f"{AS_OF}.md").read_text(encoding="utf-8")
    assert "历史数据不足：已有 0 天，需要 28 天" in day  # no anomaly band
    # no same-weekday baseline (issue 15: a day is judged against its weekday, not 7 days)
    assert "历史数据不足：同星期几已有 0 周的数据，需要 4 周，暂不判断涨跌。" in day
    assert not any(n in every_page(ws.content) for n in NORMAL)
    # the English site says the same
    english = Settings(store_name="Test store", language="en")
    with open_store(ws.db_path, read_only=True) as store:
        data = analyse(load_inputs(store, AS_OF), english)
    out = Renderer(english, data).render_all()
    site = {rel: bytes(v).decode("utf-8") for rel, v in out.files.items() if rel.endswith(".md")}
    check_pages(site)
    assert "Not enough history: 0 days so far, 28 days needed." in site["index.md"]
    assert (
        "Not enough history: 0 weeks of this weekday so far, 4 needed; no rise or fall is judged yet."
        in site[f"daily/{AS_OF}.md"]
    )
    assert not any("within its normal range" in text for text in site.values())


def test_products_only(exports: list[Path], tmp_path: Path) -> None:
    ws, _ = build(exports, tmp_path, lambda p: kind_of(p) == "products" and recent(p))
    weekly = pages(ws.content, "weekly")
    assert weekly
    for text in weekly.values():
        # each section without its sheet names the file, the backend page and import status
        assert "缺少 店铺概况 数据（文件名如 `store_overview-YYYY-MM-DD.xlsx`）" in text
        assert "来源 数据参谋 → 店铺概况 / 数据概览" in text
        assert "[数据导入状态](../import-status.md)" in text
        assert "缺少 直通车账户报告 数据" in text
    month = pages(ws.content, "monthly")["2026-10"]
    assert "缺少 直通车成长分 数据" in month
    day = pages(ws.content, "daily")[str(AS_OF)]
    for kind in ("inquiries", "p4p_account", "traffic_sources", "regions"):
        k = KINDS[kind]
        assert f"缺少 {k.zh} 数据（文件名如 `{k.file_pattern}`）：来源 {k.source}" in day


def test_every_kind_but_products(exports: list[Path], tmp_path: Path) -> None:
    """No product export at all: the days with inquiries or P4P still get their pages, which
    say the product export is missing where the figures would be."""
    ws, _ = build(exports, tmp_path, lambda p: kind_of(p) != "products" and recent(p, LAST_WEEK))
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert "还没有数据" not in home
    assert "缺少 产品分析 数据" in home and "(import-status.md)" in home
    daily = pages(ws.content, "daily")
    assert str(AS_OF) in daily
    text = daily[str(AS_OF)]
    assert "缺少 产品分析 数据（文件名如 `Products-YYYY-MM-DD.xls`）" in text
    assert "来源 数据参谋 → 商品(产品)分析 → 导出数据" in text
    assert "## 询盘 {#inquiries}" in text and "## 直通车 {#p4p}" in text


def test_products_end_before_other_kinds(exports: list[Path], tmp_path: Path) -> None:
    """P4P and inquiries for the last two days, no product export for them: the home page's
    to-do list links to those days' pages, which exist (mkdocs --strict failed here)."""
    ws, _ = build(
        exports,
        tmp_path,
        lambda p: (
            recent(p, LAST_WEEK)
            and not (kind_of(p) == "products" and day_of(p) >= AS_OF.replace(day=20))
        ),
        mkdocs=True,
    )
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert f"daily/{AS_OF}.md#" in home
    text = (ws.content / "daily" / f"{AS_OF}.md").read_text(encoding="utf-8")
    assert "本期没有 产品分析 数据（其他日期有" in text


# the section that names a kind when the kind is left out (the kinds that feed only the
# keyword library have no notice of their own)
NOTICE = {
    "products": "daily/2026-11-21.md",
    "inquiries": "daily/2026-11-21.md",
    "store_overview": "weekly/2026-11-21.md",
    "traffic_sources": "weekly/2026-11-21.md",
    "regions": "weekly/2026-11-21.md",
    "p4p_account": "weekly/2026-11-21.md",
    "p4p_keywords": "weekly/2026-11-21.md",
    "p4p_products": "weekly/2026-11-21.md",
    "product_scores": "weekly/2026-11-21.md",
    "traffic_keywords": "weekly/2026-11-21.md",
    "keyword_ranks": "weekly/2026-11-21.md",
    "showcase": "weekly/2026-11-21.md",
    "p4p_growth": "monthly/2026-10.md",
    "zero_effect": "monthly/2026-10.md",
    "new_products": "monthly/2026-10.md",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_left_out(last_week_store: Path, tmp_path: Path, kind: str) -> None:
    pages = render_without(last_week_store, tmp_path, {kind})
    if kind in NOTICE:
        k = KINDS[kind]
        assert (
            f"缺少 {k.zh} 数据（文件名如 `{k.file_pattern}`）：来源 {k.source}"
            in (pages[NOTICE[kind]])
        )


@pytest.mark.parametrize("kind", sorted(k for k in KINDS if k != "products"))
def test_each_kind_alone(last_week_store: Path, tmp_path: Path, kind: str) -> None:
    render_without(last_week_store, tmp_path, set(KINDS) - {kind})


def test_three_week_gap(exports: list[Path], tmp_path: Path) -> None:
    gap = (dt.date(2026, 10, 25), dt.date(2026, 11, 14))
    ws, _ = build(
        exports,
        tmp_path,
        lambda p: (
            kind_of(p) == "products"
            and p.parent.name == "daily"
            and not gap[0] <= day_of(p) <= gap[1]
        ),  # type: ignore[operator]
    )
    daily = pages(ws.content, "daily")
    assert "2026-10-24" in daily and "2026-11-15" in daily
    assert "**没有数据**：2026-11-15" not in daily["2026-11-15"]
    assert "2026-11-01" not in daily  # product exports only: no page for a day in the gap
    # October lacks its last week: the monthly index says why it has no review, and which days
    months = (ws.content / "monthly/index.md").read_text(encoding="utf-8")
    assert "没有月报：2026-10-01 ~ 2026-10-31 缺 7 天（2026-10-25、" in months, months
    # and the weekly index names the three weeks of the gap, each with its missing days
    weeks = (ws.content / "weekly/index.md").read_text(encoding="utf-8")
    for start, end in (("10-25", "10-31"), ("11-01", "11-07"), ("11-08", "11-14")):
        assert f"2026-{start} ~ 2026-{end} 缺 7 天" in weeks, weeks
    assert "<table" not in months  # no month to list: no empty table either


def test_month_with_its_data_outside_its_window(exports: list[Path], tmp_path: Path) -> None:
    """October's products are there, its keyword report, P4P and sheets only for a later
    week: the monthly review builds (TypeError in index_trend before) and says which data
    this month lacks."""
    ws, _ = build(
        exports,
        tmp_path,
        lambda p: (
            recent(p, LAST_WEEK)
            and (kind_of(p) == "products" or (day_of(p) or AS_OF) >= dt.date(2026, 11, 15))
        ),
        mkdocs=True,
    )
    october = pages(ws.content, "monthly")["2026-10"]
    assert "本期没有 店铺概况 数据（其他日期有" in october
    assert "本期没有 直通车账户报告 数据" in october
    # a month's notices speak of the month, not of "this week"
    assert "本周" not in october, [line for line in october.splitlines() if "本周" in line]


def test_data_ends_a_month_before_as_of(exports: list[Path], tmp_path: Path) -> None:
    ws, _ = build(
        exports,
        tmp_path,
        lambda p: dt.date(2026, 10, 15) <= (day_of(p) or AS_OF) <= dt.date(2026, 10, 21),
    )
    daily = pages(ws.content, "daily")
    assert max(daily) == "2026-10-21"
    home = (ws.content / "index.md").read_text(encoding="utf-8")
    assert "**2026-10-21**" in home and "daily/2026-10-21.md" in home
    # the month of missing product exports is one to-do line, not one line per day
    missing = [line for line in home.splitlines() if "没有产品分析数据" in line]
    assert len(missing) == 1, missing[:3]
    assert "2026-10-22 ~ 2026-11-21 共 31 天" in missing[0].replace("\\", ""), missing
    # the import-status page says the product exports are a month behind
    status = (ws.content / "import-status.md").read_text(encoding="utf-8")
    behind = re.findall(r"<tr>(?:(?!</tr>).)*产品分析(?:(?!</tr>).)*缺 (\d+) 期", status)
    assert behind and max(int(n) for n in behind) >= 28, behind
