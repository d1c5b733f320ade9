"""A weekly report named by one day (the P4P product report: no 时间周期 line, its file name
carries the week's last day) is stored as a one-day period; its freshness is judged by weeks,
not as a daily kind 「缺 6 期」 on the import-status page."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import AS_OF

from generator.analysis.freshness import freshness
from generator.config import Settings, Workspace, load_settings, render_config
from generator.pipeline import run_pipeline
from generator.store import open_store

FRIDAY = AS_OF + dt.timedelta(days=6)  # a week after the latest week's Saturday


@pytest.fixture(scope="module")
def p4p_products_only(
    small_exports: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> Workspace:
    ws = Workspace(tmp_path_factory.mktemp("p4p-weekly"))
    files = [p for p in small_exports if p.name.startswith("P4P-products-")]
    assert len(files) >= 2, "the small demo writes one P4P product report per week"
    for p in files:
        dst = ws.exports / p.parent.name / p.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, dst)
    ws.config_file.write_text(render_config(Settings(store_name="测试店")), encoding="utf-8")
    result = run_pipeline(ws, load_settings(ws), FRIDAY, build=False)
    assert result.ingest.count("rejected") == 0
    return ws


def test_a_weekly_product_report_is_judged_by_weeks(p4p_products_only: Workspace) -> None:
    with open_store(p4p_products_only.db_path) as store:
        kinds = store.kind_periods()
    stored = kinds[kinds["kind"] == "p4p_products"]
    assert list(stored["granularity"]) == ["day"]  # one day from the file name, as stored
    got = freshness(stored, FRIDAY, 2).iloc[0]
    assert got["granularity"] == "week"
    assert got["last"] == AS_OF  # the Saturday that ends the latest week
    assert got["behind"] == 0  # that week is the latest the backend has published
    # a week later it is one week behind, not 「缺 13 期」
    assert freshness(stored, FRIDAY + dt.timedelta(days=7), 2).iloc[0]["behind"] == 1


def test_the_import_status_page_shows_it_as_weekly_and_up_to_date(
    p4p_products_only: Workspace,
) -> None:
    page = (p4p_products_only.content / "import-status.md").read_text(encoding="utf-8")
    row = next(
        line for line in page.split("<tr>") if "kind-p4p-products" in line
    )  # its name links to its entry
    cells = row.replace("</td>", "|").split("|")
    assert any(c.endswith(">周") for c in cells), row
    assert "最新" in row and "缺" not in row, row


def test_the_inputs_page_says_the_product_report_is_weekly(p4p_products_only: Workspace) -> None:
    page = (p4p_products_only.content / "inputs.md").read_text(encoding="utf-8")
    section = page.split("{#kind-p4p-products}", 1)[1].split("\n### ", 1)[0]
    assert "每周一份" in section and "按周判断" in section
