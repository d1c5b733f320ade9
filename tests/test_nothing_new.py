"""A build with nothing new computes nothing and leaves the site as it was; anything new — a
file, a rejected file, a setting, the site gone, --full — builds again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

from click.testing import CliRunner

from generator.analysis.memo import key_of
from generator.cli import main
from generator.config import Settings
from generator.pipeline import build_key, run_pipeline
from tests.conftest import BuiltDemo


def _stamps(demo: BuiltDemo) -> dict[str, int]:
    """Every file of content/ and site/ with its modification time."""
    root = demo.workspace.root
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for folder in (demo.workspace.content, demo.workspace.site)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_nothing_new_touches_nothing(copy_demo: BuiltDemo) -> None:
    before = _stamps(copy_demo)
    result = run_pipeline(copy_demo.workspace, copy_demo.settings, copy_demo.as_of)
    assert result.unchanged
    assert "render" not in result.seconds and "mkdocs" not in result.seconds
    assert _stamps(copy_demo) == before


def test_cli_says_nothing_new(copy_demo: BuiltDemo) -> None:
    args = ["build", "--workspace", str(copy_demo.workspace.root), "--as-of", "2026-11-21"]
    said = CliRunner().invoke(main, args)
    assert said.exit_code == 0, said.output
    assert "没有新数据，站点未变" in said.output
    assert str(copy_demo.workspace.site / "index.html") in said.output
    # --full builds anyway: tests/test_pipeline.py's CLI test builds with it


def test_a_new_or_rejected_file_builds_again(copy_demo: BuiltDemo) -> None:
    ws = copy_demo.workspace
    inbox = ws.root / "exports"
    (inbox / "broken.xlsx").write_bytes(b"not a workbook")
    result = run_pipeline(ws, copy_demo.settings, copy_demo.as_of)
    assert not result.unchanged
    assert result.ingest.count("rejected") == 1
    # the same rejected file still in the inbox next time: nothing new
    again = run_pipeline(ws, copy_demo.settings, copy_demo.as_of)
    assert again.unchanged


def test_the_key_reads_dates_settings_and_store() -> None:
    day = dt.date(2026, 11, 21)
    key = build_key("store", Settings(), day, None)
    assert key == build_key("store", Settings(), day, None)
    assert key != build_key("store", Settings(), day - dt.timedelta(days=1), None)
    assert key != build_key("store", Settings(), day, day + dt.timedelta(days=2))
    assert key != build_key("store2", Settings(), day, None)
    assert key != build_key("store", Settings(language="en"), day, None)


def test_a_missing_site_builds_again(copy_demo: BuiltDemo) -> None:
    ws, s = copy_demo.workspace, copy_demo.settings
    shutil.rmtree(ws.site)
    rebuilt = run_pipeline(ws, s, copy_demo.as_of)
    assert not rebuilt.unchanged and (ws.site / "index.html").is_file()


def test_a_delivery_setting_computes_and_renders_nothing_again(copy_demo: BuiltDemo) -> None:
    """Adding a group robot changes how the site is delivered, not what it says: the build
    runs (the settings changed) but keeps every fact and every period page."""
    settings = dataclasses.replace(
        copy_demo.settings,
        notify_wecom_webhook="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
        smtp_port=25,
        archive_pdf=False,
    )
    result = run_pipeline(copy_demo.workspace, settings, copy_demo.as_of, build=False)
    assert not result.unchanged
    assert result.computed == {}
    assert result.rendered and sum(result.rendered.values()) == 0, result.rendered


def test_a_setting_the_pages_read_is_in_every_key() -> None:
    base = key_of(Settings())
    assert key_of(dataclasses.replace(Settings(), todo_max_daily=3)) != base
    assert key_of(dataclasses.replace(Settings(), anomaly_k=2.5)) != base
    assert key_of(dataclasses.replace(Settings(), notify_feishu_secret="s", smtp_port=25)) == base
