"""`opsreport export --output FILE.zip`: the whole built site in one zip that works unzipped
(the browser opens the unzipped copy in test_browser_file)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from click.testing import CliRunner

from generator.cli import main

if TYPE_CHECKING:
    from conftest import BuiltDemo


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.output


def test_export_writes_the_whole_site_as_one_zip(built_demo: BuiltDemo, tmp_path: Path) -> None:
    site = Path(built_demo.workspace.site)
    target = tmp_path / "out/shop-2026-11-21.zip"
    code, output = export("--workspace", str(built_demo.workspace.root), "--output", str(target))
    assert code == 0, output
    assert output.strip().splitlines()[-1].startswith("已把网站（")
    assert f"写入 {target.resolve()}——解压后打开 shop-2026-11-21/index.html" in output

    with zipfile.ZipFile(target) as zf:
        assert zf.testzip() is None
        zf.extractall(tmp_path / "unzipped")
    got = tmp_path / "unzipped/shop-2026-11-21"
    expected = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    unzipped = {p.relative_to(got).as_posix() for p in got.rglob("*") if p.is_file()}
    assert unzipped == expected, sorted(expected ^ unzipped)[:10]
    assert (got / "index.html").read_bytes() == (site / "index.html").read_bytes()
    assert (got / "assets/javascripts/charts.js").is_file()
    assert (got / "keywords/library.js").is_file()
    daily = got / f"daily/{built_demo.as_of}.html"
    assert "ops-chart" in daily.read_text(encoding="utf-8"), "the day's page has no chart"
    assert f"{len(expected)} 个文件" in output

    # again: the zip is replaced, not appended to
    code, output = export("-w", str(built_demo.workspace.root), "-o", str(target))
    assert code == 0, output
    with zipfile.ZipFile(target) as zf:
        assert len(zf.namelist()) == len(expected)
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp file left


def test_export_says_what_is_wrong(built_demo: BuiltDemo, tmp_path: Path) -> None:
    code, output = export("-w", str(tmp_path / "none"), "-o", str(tmp_path / "a.zip"))
    assert code == 1 and "还没有可导出的网站" in output and "opsreport build" in output
    assert not (tmp_path / "none").exists()  # nothing created in a folder that is no workspace
    root = str(built_demo.workspace.root)
    code, output = export("-w", root, "-o", str(tmp_path / "site.html"))
    assert code == 1 and ".zip" in output and "--output site.zip" in output
    inside = Path(built_demo.workspace.site) / "copy.zip"
    code, output = export("-w", root, "-o", str(inside))
    assert code == 1 and "在它要打包的网站文件夹" in output and not inside.exists()
    code, output = export("-w", root)
    assert code == 2 and "--output" in output
