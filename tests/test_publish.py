"""Publishing and the run history as a reader and an operator meet them: the served folder
is swapped whole, a build killed midway leaves the published site intact, rollback works,
every run is on the build-status page, and every page's footer shows the last good build."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import PUBLISH_MARKER, Settings, Workspace, load_settings
from generator.foundation import portable
from generator.foundation.errors import WorkspaceError
from generator.ops.publish import previous_of, publish_site, rollback
from generator.ops.runs import record_run
from generator.store import open_store
from tests.conftest import BuiltDemo


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def fake_site(ws: Workspace, text: str) -> None:
    ws.site.mkdir(parents=True, exist_ok=True)
    (ws.site / "index.html").write_text(text, encoding="utf-8")


def test_publish_swaps_the_folder_and_keeps_the_previous_for_rollback(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    settings = Settings(publish_dir="../www/report")
    fake_site(ws, "v1")
    dest = publish_site(ws, settings)
    assert dest == (tmp_path / "www/report").resolve()
    assert (dest / "index.html").read_text() == "v1"
    fake_site(ws, "v2")
    (ws.site / "new.html").write_text("new page")
    publish_site(ws, settings)
    assert (dest / "index.html").read_text() == "v2" and (dest / "new.html").exists()
    assert (previous_of(dest) / "index.html").read_text() == "v1"
    assert not (tmp_path / "www/report.new").exists()  # nothing half-made left beside it
    rollback(ws, settings)
    assert (dest / "index.html").read_text() == "v1" and not (dest / "new.html").exists()
    rollback(ws, settings)  # again: forward
    assert (dest / "index.html").read_text() == "v2"


@pytest.mark.parametrize("system", ["no renameat2", "portable"])
def test_publish_works_where_the_folders_cannot_be_exchanged_in_one_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    def no_renameat2(*_: object, **__: object) -> object:
        raise OSError("no renameat2 here")

    if system == "portable":  # the Windows path: renames, never renameat2
        monkeypatch.setenv("OPSREPORT_PORTABLE", "1")
        monkeypatch.setattr(portable.ctypes, "CDLL", no_renameat2)
    else:
        monkeypatch.setattr(portable.ctypes, "CDLL", no_renameat2)
    ws = Workspace(tmp_path / "ws")
    settings = Settings(publish_dir=str(tmp_path / "www"))
    fake_site(ws, "v1")
    publish_site(ws, settings)
    fake_site(ws, "v2")
    dest = publish_site(ws, settings)
    assert (dest / "index.html").read_text() == "v2"
    assert (previous_of(dest) / "index.html").read_text() == "v1"


def test_publish_says_what_is_missing(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    with pytest.raises(WorkspaceError, match="publish_dir is empty"):
        publish_site(ws, Settings())
    with pytest.raises(WorkspaceError, match="no built site"):
        publish_site(ws, Settings(publish_dir="../www"))
    fake_site(ws, "v1")
    publish_site(ws, Settings(publish_dir="../www"))
    with pytest.raises(WorkspaceError, match="nothing to roll back to"):
        rollback(ws, Settings(publish_dir="../www"))
    assert (ws.site / "index.html").read_text() == "v1"


def test_publish_and_rollback_commands_say_what_they_did(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    ws.config_file.write_text('publish_dir = "../www"\n', encoding="utf-8")
    fake_site(ws, "v1")
    first = CliRunner().invoke(main, ["publish", "--workspace", str(ws.root)])
    assert first.exit_code == 0, first.output
    last = " ".join(first.stdout.split())
    assert last.startswith(f"已把 {ws.site} 发布到 ") and "之前那里没有网站" in last
    fake_site(ws, "v2")
    second = CliRunner().invoke(main, ["publish", "--workspace", str(ws.root)])
    assert "被替换的网站保留在" in " ".join(second.stdout.split())
    back = CliRunner().invoke(main, ["publish", "--workspace", str(ws.root), "--rollback"])
    assert back.exit_code == 0, back.output
    assert "已回退" in back.stdout
    assert (tmp_path / "www/index.html").read_text() == "v1"


def test_every_page_footer_shows_the_last_successful_build(built_demo: BuiltDemo) -> None:
    site = built_demo.workspace.site
    for page in ("index.html", "daily/2026-11-12.html", "build-status.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        footer = html.split('class="opsreport-last-build"', 1)[1].split("</div>", 1)[0]
        assert "最近一次成功构建：" in footer and "build-status.html" in footer
        # the time itself is filled in by last-build.js (the browser tests read it on screen)
        assert '<span class="opsreport-last-build-time"></span>' in footer
        assert "last-build.js" in html
    script = (site / "assets/javascripts/last-build.js").read_text(encoding="utf-8")
    shown = json.loads(re.search(r"var time = (\"[^\"]*\");", script).group(1))  # type: ignore[union-attr]
    # the zone as a Chinese reader names it (issue 16)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）", shown), shown
    # the time comes from mkdocs.yml, not from the pages' Markdown
    assert "最近一次成功构建" not in (built_demo.workspace.content / "index.md").read_text(
        encoding="utf-8"
    )


def test_a_run_is_recorded_as_started_when_its_build_says_it_started(tmp_path: Path) -> None:
    """The footer shows the build's own start (``built_at``); the run history must hold the
    same moment, not a second reading of the clock a little later."""
    ws = Workspace(tmp_path)
    started = dt.datetime(2026, 11, 23, 1, 0, 59, 999000, tzinfo=dt.UTC)
    later = iter(dt.datetime(2026, 11, 23, 1, m, tzinfo=dt.UTC) for m in (1, 2, 3)).__next__
    record_run(
        ws.db_path,
        lambda: None,
        trigger="cli",
        jobs=["build"],
        as_of=dt.date(2026, 11, 21),
        clock=later,
        started=started,
    )
    with open_store(ws.db_path, kinds=False) as store:
        run = store.runs().iloc[0]
    assert run["started_at"].to_pydatetime() == started.replace(tzinfo=None)
    assert run["ended_at"].to_pydatetime() == dt.datetime(2026, 11, 23, 1, 1)
    assert run["result"] == "ok"


def test_the_build_status_page_lists_runs_and_leads_with_a_failure(copy_demo: BuiltDemo) -> None:
    from generator.pipeline import run_pipeline

    ws, settings = copy_demo.workspace, copy_demo.settings
    clock = iter(dt.datetime(2026, 11, 23, 1, m, tzinfo=dt.UTC) for m in range(0, 60, 5)).__next__

    def broken() -> None:
        raise RuntimeError("the <b>disk</b> is full")

    with pytest.raises(RuntimeError):
        record_run(
            ws.db_path,
            broken,
            trigger="schedule",
            jobs=["daily"],
            as_of=copy_demo.as_of,
            clock=clock,
        )
    # the page is written during the next run: it shows the failure and this run in progress
    run_pipeline(ws, settings, copy_demo.as_of, build=False)
    page = (ws.content / "build-status.md").read_text(encoding="utf-8")
    assert '!!! warning "需要处理"' in page
    assert "最近一次构建（2026-11-23 09:00，定时）没有成功" in page
    assert "&lt;b&gt;disk&lt;/b&gt;" in page or "\\<b\\>disk" in page  # stays text
    assert "<b>disk</b>" not in page
    record_run(
        ws.db_path,
        lambda: run_pipeline(ws, settings, copy_demo.as_of, build=False),
        trigger="cli",
        jobs=["build"],
        as_of=copy_demo.as_of,
        clock=clock,
    )
    # the page that run wrote (and would have published): itself as this build, the failure
    # before it as recovered, the last success is this build
    page = (ws.content / "build-status.md").read_text(encoding="utf-8")
    assert "需要处理" not in page and "本次构建已成功" in page and "本次构建" in page
    assert "最近一次成功构建：**2026-11-23 09:10**" in page
    run_pipeline(ws, settings, copy_demo.as_of, build=False)
    page = (ws.content / "build-status.md").read_text(encoding="utf-8")
    assert "!!! warning" not in page
    assert "最近一次成功构建：**2026-11-23 09:15**" in page
    assert page.count("<tr>") == 1 + 2  # header and the two runs
    assert "手动" in page and "定时" in page and "失败" in page and "成功" in page


def opsreport(*args: str) -> list[str]:
    return [sys.executable, "-c", "from generator.cli import main; main()", *args]


@pytest.mark.slow
def test_a_build_killed_midway_leaves_the_published_site_intact(copy_demo: BuiltDemo) -> None:
    ws = copy_demo.workspace
    text = ws.config_file.read_text(encoding="utf-8")
    assert 'publish_dir = ""' in text
    ws.config_file.write_text(
        text.replace('publish_dir = ""', 'publish_dir = "../public"'), encoding="utf-8"
    )
    settings = load_settings(ws)
    dest = publish_site(ws, settings)
    site_before, published_before = snapshot(ws.site), snapshot(dest)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    build = [*opsreport("build", "--workspace", str(ws.root), "--as-of", "2026-11-21")]
    proc = subprocess.Popen(
        build, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        end = time.monotonic() + 300  # only stops a hung test; nothing is timed
        while not any(ws.root.glob(".site-build-*/assets")):  # mkdocs is writing the new site
            assert proc.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < end, "mkdocs never started"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its mkdocs child
        proc.wait()
    assert list(ws.root.glob(".site-build-*")), "killed before the swap: its half-site is left"
    assert snapshot(ws.site) == site_before
    assert snapshot(dest) == published_before
    with open_store(ws.db_path) as store:
        assert list(store.runs()["result"]) == ["running"]  # the killed run, as it was left
    again = subprocess.run(build, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"打开 {ws.site / 'index.html'}" in again.stdout
    published = snapshot(dest)
    assert published.pop(PUBLISH_MARKER)  # the folder says opsreport wrote it…
    assert published == snapshot(ws.site)  # …and the new build is published…
    assert snapshot(dest) != published_before  # …with its new footer time
    assert snapshot(previous_of(dest)) == published_before  # …and the old one kept
    with open_store(ws.db_path) as store:
        assert list(store.runs()["result"]) == ["ok", "interrupted"]
