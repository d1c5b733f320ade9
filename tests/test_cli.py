"""The CLI as a user meets it: every command ends with one line saying what it did and where."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import BuiltDemo


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_init_creates_the_inbox_and_a_commented_config(tmp_path: Path) -> None:
    ws = tmp_path / "mystore"
    result = CliRunner().invoke(main, ["init", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    assert (ws / "exports").is_dir()
    # Chinese, the default language: the comments and the last line (issue 16)
    assert "# 网站语言" in (ws / "opsreport.toml").read_text(encoding="utf-8")
    assert last_line(result.stdout).startswith(f"工作区已就绪：{ws}")
    again = CliRunner().invoke(main, ["init", "--workspace", str(ws)])
    assert "保留了原有的 opsreport.toml" in again.stdout


def test_status_shows_each_kind_and_its_freshness(built_demo: BuiltDemo) -> None:
    result = CliRunner().invoke(
        main, ["status", "--workspace", str(built_demo.workspace.root), "--as-of", "2026-11-21"]
    )
    assert result.exit_code == 0, result.output
    # the daily products row, in the workspace's language (Chinese, issue 16): the kind's
    # name, latest held day, the day the backend has, and fresh
    assert re.search(r"产品分析\W+日\W.*\b2026-11-21\W+2026-11-21\W.*最新", result.stdout), (
        result.stdout
    )
    assert re.match(
        r"状态：共 \d+ 组数据（类型×粒度），0 个文件被拒绝", last_line(result.stdout)
    ), last_line(result.stdout)


def test_status_says_when_the_days_are_behind(built_demo: BuiltDemo) -> None:
    result = CliRunner().invoke(
        main, ["status", "--workspace", str(built_demo.workspace.root), "--as-of", "2026-11-24"]
    )
    assert result.exit_code == 0, result.output
    assert "缺 3 期" in result.stdout  # daily data reaches 11-21; the backend has up to 11-24


def test_status_on_an_empty_workspace_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["status", "--workspace", str(tmp_path)])
    assert result.exit_code == 0
    assert "opsreport ingest" in last_line(result.stdout)


def test_serve_without_a_site_says_to_build_first(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--workspace", str(tmp_path)])
    assert result.exit_code == 1
    # an empty workspace speaks the default language, Chinese (issue 16)
    assert "错误：" in result.output and "opsreport build" in result.output


def test_demo_writes_exports_and_says_where(tmp_path: Path) -> None:
    ws = tmp_path / "demo"
    result = CliRunner().invoke(
        main,
        [
            "demo",
            "--workspace",
            str(ws),
            "--as-of",
            "2026-11-21",
            "--products",
            "12",
            "--days",
            "50",
            "--no-build",
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(list((ws / "exports" / "daily").glob("Products-*.xls"))) == 50
    assert "categories" in (ws / "opsreport.toml").read_text(encoding="utf-8")
    assert last_line(result.stdout).startswith(f"示例导出文件已写入 {ws / 'exports'}")
