"""The monthly review on the demo store (its planted situations are found) and the archive:
a final month is frozen once, later builds leave it byte for byte as it is — even after the
store is rebuilt or the exports are gone — and ``--refresh`` keeps the previous version."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.analysis.metrics import monthly as mm
from generator.cli import main
from generator.foundation.errors import WorkspaceError
from generator.ops.archive import read_archive
from generator.pipeline import run_pipeline
from generator.store import open_store
from tests.conftest import BuiltDemo

MONTH = "2026-10"


def hashes(root: Path, *folders: str) -> dict[str, str]:
    out = {}
    for folder in folders:
        for p in sorted((root / folder).rglob("*")):
            if p.is_file():
                out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def zero_rows(demo: BuiltDemo) -> dict[str, dict[str, str]]:
    path = demo.workspace.content / f"monthly/{MONTH}-zero-effect.csv"
    return {r["product_id"]: r for r in csv.DictReader(path.open(encoding="utf-8-sig"))}


# -- the demo's planted situations ----------------------------------------------------------------
def test_planted_zero_effect_products_are_split_by_keyword_coverage(built_demo: BuiltDemo) -> None:
    """Split by coverage — and, issue 15, a product that still draws clicks or holds a page-1
    rank is 'optimise, don't delete', never in a delete list."""
    rows = zero_rows(built_demo)
    unique = built_demo.summary.details["zero_unique"]
    covered = built_demo.summary.details["zero_covered"]["products"]
    assert unique["products"] and covered, "the demo planted no zero-effect products"
    limit = built_demo.settings.zero_effect_max_clicks

    def draws(pid: str) -> bool:
        return int(rows[pid]["clicks"]) > limit or rows[pid]["best_rank"] != ""

    for pid, row in rows.items():
        assert (row["verdict"] == "optimise") == draws(pid), row
    for pid, word in zip(unique["products"], unique["words"], strict=True):
        assert rows[pid]["verdict"] == ("optimise" if draws(pid) else "recover_first"), rows[pid]
        assert word in rows[pid]["keywords_losing_coverage"].split("; "), rows[pid]
        assert int(rows[pid]["days_without_effect"]) >= 90
    for pid in covered:
        assert rows[pid]["verdict"] == ("optimise" if draws(pid) else "safe"), rows[pid]
        assert rows[pid]["keywords_losing_coverage"] == ""
    page = (built_demo.workspace.content / f"monthly/{MONTH}.md").read_text(encoding="utf-8")
    unsafe_part, rest = page.split("### 可以安全删除")
    unsafe_part = unsafe_part.split("### 先覆盖这些词再删除")[1]
    safe_part, _, keep_part = rest.split("## 新品")[0].partition("### 还有流量：优化，不要删除")
    for pid in unique["products"]:
        assert (pid in unsafe_part) != draws(pid)
        assert pid not in safe_part
    for pid in covered:
        assert (pid in safe_part) != draws(pid)
    for pid in [p for p in rows if draws(p)]:
        assert pid not in safe_part and pid not in unsafe_part
    drawing = sorted((p for p in rows if draws(p)), key=lambda p: (-int(rows[p]["clicks"]), p))
    shown = drawing[: built_demo.settings.top_products]  # the page's table: most clicks first
    assert all(pid in keep_part for pid in shown) if keep_part else not shown


def test_the_planted_rising_product_is_found(built_demo: BuiltDemo) -> None:
    planted = built_demo.summary.details["rising"]
    page = (built_demo.workspace.content / f"monthly/{MONTH}.md").read_text(encoding="utf-8")
    rising = page.split("## 上升产品")[1].split("## 热门产品")[0]
    assert planted["product"] in rising
    todo = page.split("## 本月要做")[1].split("## 先看这里")[0]
    # led by the action (showcase and P4P now), the product named by its title and ID
    pid = planted["product"]
    item = next(x for x in todo.splitlines() if f"（ID {pid}）" in x)
    assert item.startswith("- 上升产品 ") and not item.startswith(f"- 上升产品 {pid}"), item


def test_the_review_shows_growth_score_and_downloads_have_the_issue_headers(
    built_demo: BuiltDemo,
) -> None:
    content = built_demo.workspace.content
    page = (content / f"monthly/{MONTH}.md").read_text(encoding="utf-8")
    with open_store(built_demo.workspace.db_path, read_only=True) as store:
        growth = store.rows("p4p_growth")
    got = mm.growth_score(growth, dt.date(2026, 11, 3), built_demo.settings.growth_target_score)
    assert got is not None
    assert f"成长分 **{got['score']:g}**（{got['level']}）" in page
    assert f"还差 **{got['gap']:g}** 分" in page
    headers = {
        "zero-effect": "product_id,title,days_without_effect,keywords,keywords_losing_coverage,verdict",
        "product-analysis": "product_id,title,category,owner,impressions,clicks,ctr,visitors",
        "growth-score": "date,dimension,points,max_points,level,target_score",
    }
    for stem, head in headers.items():
        beside = (content / f"monthly/{MONTH}-{stem}.csv").read_bytes()
        assert beside.decode("utf-8-sig").startswith(head), stem
        # the latest final month's, under the issue's names
        assert (content / f"downloads/{stem}.csv").read_bytes() == beside


# -- the archive ----------------------------------------------------------------------------------
def test_every_final_month_is_frozen_with_its_date(built_demo: BuiltDemo) -> None:
    ws = built_demo.workspace
    versions = read_archive(ws)
    assert [v.month for v in versions] == [MONTH]  # the small demo's only complete month
    meta = json.loads((ws.root / "archive" / MONTH / "frozen.json").read_text(encoding="utf-8"))
    assert meta["frozen_on"] == "2026-11-23"  # as-of 2026-11-21 + T-2: the reader's today
    page = (ws.content / f"archive/{MONTH}/index.md").read_text(encoding="utf-8")
    assert "冻结于 2026-11-23" in page
    assert "](../downloads/" not in page  # its downloads are frozen beside it
    assert (ws.content / f"archive/{MONTH}/{MONTH}-products.csv").is_file()
    # the review's own downloads are frozen with it, byte for byte as the build wrote them
    for stem in ("zero-effect", "product-analysis", "growth-score"):
        for ext in ("csv", "xlsx"):
            name = f"{MONTH}-{stem}.{ext}"
            frozen = (ws.root / "archive" / MONTH / name).read_bytes()
            assert frozen == (ws.content / f"monthly/{name}").read_bytes(), name
            assert frozen == (ws.content / f"archive/{MONTH}/{name}").read_bytes(), name
    specs = json.loads((ws.content / f"archive/{MONTH}/charts.json").read_text(encoding="utf-8"))
    assert len(specs) == page.count('class="ops-chart"') >= 3
    index = (ws.content / "archive/index.md").read_text(encoding="utf-8")
    assert f"{MONTH}/index.html" in index and index.count('class="ops-chart"') == 2
    assert (ws.site / f"archive/{MONTH}/index.html").is_file()  # mkdocs --strict built it


def test_rebuilds_leave_every_archived_file_byte_identical(copy_demo: BuiltDemo) -> None:
    ws, settings, as_of = copy_demo.workspace, copy_demo.settings, copy_demo.as_of
    before = hashes(ws.root, "archive", "content/archive")
    assert len(before) > 10
    run_pipeline(ws, settings, as_of, build=False)
    assert hashes(ws.root, "archive", "content/archive") == before
    # the store rebuilt from scratch, and a later as-of date
    ws.db_path.unlink()
    shutil.rmtree(ws.content)
    result = run_pipeline(ws, settings, as_of + dt.timedelta(days=5), build=False)
    assert result.archived == []
    assert hashes(ws.root, "archive", "content/archive") == before
    # the month's exports gone: no page for it any more, the frozen copy stays
    for p in ws.exports.rglob(f"*{MONTH}-*"):
        p.unlink()
    ws.db_path.unlink()
    run_pipeline(ws, settings, as_of, build=False)
    assert not (ws.content / f"monthly/{MONTH}.md").exists()
    assert hashes(ws.root, "archive", "content/archive") == before


def test_refresh_freezes_again_and_keeps_the_previous_version(copy_demo: BuiltDemo) -> None:
    ws, settings = copy_demo.workspace, copy_demo.settings
    old = hashes(ws.root / "archive", MONTH)
    later = copy_demo.as_of + dt.timedelta(days=3)
    result = run_pipeline(ws, settings, later, build=False, refresh=(MONTH,))
    assert result.archived == [MONTH]
    aside = f"{MONTH}-v2026-11-23"
    assert {v.folder for v in read_archive(ws)} == {MONTH, aside}
    assert hashes(ws.root / "archive", aside) == {
        k.replace(MONTH + "/", aside + "/", 1): v for k, v in old.items()
    }
    meta = json.loads((ws.root / "archive" / MONTH / "frozen.json").read_text(encoding="utf-8"))
    assert meta["frozen_on"] == "2026-11-26"
    assert (ws.content / f"archive/{aside}/index.md").is_file()
    assert f"{aside}/index.md" in (ws.content / "archive/index.md").read_text(encoding="utf-8")


def test_a_month_not_final_cannot_be_archived(copy_demo: BuiltDemo) -> None:
    with pytest.raises(WorkspaceError, match="not final yet"):
        run_pipeline(
            copy_demo.workspace,
            copy_demo.settings,
            copy_demo.as_of,
            build=False,
            refresh=("2026-11",),
        )
    got = CliRunner().invoke(
        main,
        [
            "archive",
            "2026-11",
            "--workspace",
            str(copy_demo.workspace.root),
            "--as-of",
            "2026-11-21",
        ],
    )
    assert got.exit_code == 1 and "还没有定稿" in got.output and "2026-12-03" in got.output
    got = CliRunner().invoke(
        main, ["archive", "November", "--workspace", str(copy_demo.workspace.root)]
    )
    assert got.exit_code == 2 and "YYYY-MM" in got.output


def test_frozen_links_point_only_at_frozen_files_other_frozen_months_and_index_pages() -> None:
    from generator.ops.archive import rewrite_links

    md = (
        "[CSV](../downloads/monthly/2026-10-products.csv) · [z](2026-10-zero-effect.csv) · "
        "[prev](2026-09.md) · [next](2026-11.md) · [all](index.md) · [arch](../archive/index.md) · "
        "[day](../daily/2026-10-31.md) · [kw](../keywords/waste.md#top) · [web](https://example.com) · "
        "![img](x.png)"
    )
    here = {
        "downloads/monthly/2026-10-products.csv": "2026-10-products.csv",
        "monthly/2026-10-zero-effect.csv": "2026-10-zero-effect.csv",
    }
    got = rewrite_links(md, here, {"2026-09"}, "../../")
    assert got == (
        "[CSV](2026-10-products.csv) · [z](2026-10-zero-effect.csv) · "
        "[prev](../2026-09/index.md) · next · [all](../../monthly/index.md) · "
        "[arch](../../archive/index.md) · day · kw · [web](https://example.com) · ![img](x.png)"
    )


def test_the_scheduler_archives_what_is_due(copy_demo: BuiltDemo) -> None:
    from generator.scheduler import archive_due

    ws = copy_demo.workspace
    assert archive_due(ws, copy_demo.settings, copy_demo.as_of, build=False) == []
    shutil.rmtree(ws.root / "archive")
    early = dt.date(2026, 10, 31)  # October is not final yet: nothing to freeze
    assert archive_due(ws, copy_demo.settings, early, build=False) == []
    assert not (ws.content / f"archive/{MONTH}/index.md").exists()
    assert archive_due(ws, copy_demo.settings, copy_demo.as_of, build=False) == [MONTH]
    assert (ws.content / f"archive/{MONTH}/index.md").is_file()


def test_a_month_frozen_from_a_reused_page_keeps_its_charts(
    copy_demo: BuiltDemo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.render.pages import Renderer

    ws = copy_demo.workspace
    frozen = (ws.root / "archive" / MONTH / "charts.json").read_bytes()
    assert len(json.loads(frozen)) >= 3
    shutil.rmtree(ws.root / "archive")  # frozen again by a build that takes the page as it is
    reused: list[str] = []
    reuse = Renderer.reuse

    def spy(self: Renderer, key: str, fp: str) -> bool:
        if got := reuse(self, key, fp):
            reused.append(key)
        return got

    monkeypatch.setattr(Renderer, "reuse", spy)
    result = run_pipeline(ws, copy_demo.settings, copy_demo.as_of, build=False)
    assert result.archived == [MONTH]
    assert f"monthly/{MONTH}" in reused  # taken from the last build, not rendered again
    assert (ws.root / "archive" / MONTH / "charts.json").read_bytes() == frozen


def test_a_page_cached_without_its_charts_is_rendered_again(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from generator.render.pages import Output, Renderer

    (tmp_path / "monthly").mkdir()
    (tmp_path / "monthly/2026-10.md").write_text("# 2026-10\n", encoding="utf-8")
    entry = {"fp": "f", "files": ["monthly/2026-10.md"]}
    r = SimpleNamespace(content=tmp_path, previous_pages={"monthly/2026-10": entry})
    r.out, r.previous_keys = Output(), {}
    assert not Renderer.reuse(r, "monthly/2026-10", "f")  # type: ignore[arg-type]
    entry["charts"] = []
    assert Renderer.reuse(r, "monthly/2026-10", "f")  # type: ignore[arg-type]
    assert r.out.files == {"monthly/2026-10.md": b"# 2026-10\n"}
