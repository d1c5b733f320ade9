"""The build-status page is written during the build it lists first: that row says the build
is in progress (「进行中」, pages 「写入中」), with its start time and the files its ingest
took, instead of blank end and count cells."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF

from generator.config import Settings, Workspace, load_settings, render_config
from generator.ops.runs import record_run
from generator.pipeline import run_pipeline


def cells(page: str) -> list[list[str]]:
    """The build-status table's rows, as the text of their cells."""
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in table.split("</tr>")
        if "<td" in row
    ]


@pytest.fixture(scope="module")
def workspace(small_exports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("running"))
    files = [p for p in small_exports if p.name.startswith("P4P-products-")][:3]
    for p in files:
        dst = ws.exports / p.parent.name / p.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, dst)
    ws.config_file.write_text(render_config(Settings(store_name="测试店")), encoding="utf-8")
    return ws


def test_the_running_build_row_says_in_progress_with_what_is_known(workspace: Workspace) -> None:
    ws, settings = workspace, load_settings(workspace)
    clock = iter(dt.datetime(2026, 11, 23, 1, m, tzinfo=dt.UTC) for m in range(0, 60, 5)).__next__
    result = record_run(
        ws.db_path,
        lambda: run_pipeline(ws, settings, AS_OF, build=False),
        trigger="cli",
        jobs=["build"],
        as_of=AS_OF,
        clock=clock,
    )
    assert result.ingest.count("ingested") == 3
    page = (ws.content / "build-status.md").read_text(encoding="utf-8")
    (row,) = cells(page)  # the page was written by the one run, while it ran
    started, ended, _trigger, _jobs, as_of, files, pages, result_label, _error = row
    assert started == "2026-11-23 09:00"  # Asia/Shanghai, the default schedule time zone
    assert ended == "进行中"
    assert as_of == AS_OF.isoformat()
    assert files == "3"  # the files this build's ingest took
    assert pages == "写入中"
    assert result_label == "本次构建"
    # the next build lists it finished: its end, its files and the files it wrote
    run_pipeline(ws, settings, AS_OF, build=False)
    page = (ws.content / "build-status.md").read_text(encoding="utf-8")
    (row,) = cells(page)
    assert row[1] == "2026-11-23 09:05" and row[5] == "3"
    assert re.fullmatch(r"\d[\d,]*", row[6]) and int(row[6].replace(",", "")) > 10
    assert row[7] == "成功"
