"""Golden tests: the Markdown pages and chart specs for a fixed as-of date match the files
committed under tests/golden/. Refresh them with `pytest --update-golden` and review the diff.

Each page's charts are stored apart as pretty-printed JSON (`<page>.chart-N.json`) and
replaced in the Markdown golden by a marker, so a diff shows what changed where.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import BuiltDemo

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "index.md",
    "daily/index.md",
    "daily/2026-11-12.md",
    "weekly/index.md",
    "weekly/2026-11-21.md",
    "monthly/index.md",
    "monthly/2026-10.md",
    "import-status.md",
    "build-status.md",
    "glossary.md",
]
CHART = re.compile(r"data-spec='([^']*)'")


def split_charts(markdown: str) -> tuple[str, list[dict]]:
    specs: list[dict] = []

    def marker(m: re.Match[str]) -> str:
        specs.append(json.loads(html.unescape(m.group(1))))
        return f"data-spec='(chart {len(specs)})'"

    return CHART.sub(marker, markdown), specs


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(built_demo: BuiltDemo, update_golden: bool, page: str) -> None:
    text = (built_demo.workspace.content / page).read_text(encoding="utf-8")
    markdown, specs = split_charts(text)
    files = {page: markdown}
    for i, spec in enumerate(specs, start=1):
        files[f"{page}.chart-{i}.json"] = (
            json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        )
    if update_golden:
        for stale in GOLDEN.glob(f"{page}.chart-*.json"):
            stale.unlink()
        for rel, body in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(body, encoding="utf-8")
        return
    expected_charts = sorted(p.name for p in GOLDEN.glob(f"{page}.chart-*.json"))
    assert sorted(Path(rel).name for rel in files if rel != page) == expected_charts, (
        f"{page}: the number of charts changed; run pytest --update-golden and review the diff"
    )
    for rel, body in files.items():
        golden = GOLDEN / rel
        assert golden.exists(), f"no golden file {golden}; run pytest --update-golden and review it"
        assert body == golden.read_text(encoding="utf-8"), (
            f"{rel} differs from {golden}; if the change is intended, run pytest --update-golden and review the diff"
        )


def test_every_chart_is_a_vega_lite_spec_with_data(built_demo: BuiltDemo) -> None:
    found = 0
    for page in PAGES:
        _, specs = split_charts((built_demo.workspace.content / page).read_text(encoding="utf-8"))
        found += len(specs)
        for spec in specs:
            assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
            assert spec["data"]["values"], f"a chart on {page} has no data"
    assert found >= 10, f"only {found} charts found on {PAGES}: the pages or the pattern changed"
