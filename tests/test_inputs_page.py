"""The site is its own manual: the 数据说明 / Inputs page says, for every kind the generator
reads, where in the backend it is, its file name, how its period is found and every header
with its English alias, format and unit — generated from the kinds table, so it cannot drift
from what ingest reads. It sits in the nav next to the import status, whose kinds and fixes
link to it."""

from __future__ import annotations

import html
import re

from generator.config import Settings
from generator.kinds import KINDS
from generator.render.inputs import PAGE, kind_anchor, render_inputs
from generator.render.pages import Renderer
from tests.conftest import BuiltDemo


def test_every_kind_is_on_the_inputs_page_with_where_and_every_header(
    built_demo: BuiltDemo,
) -> None:
    page = (built_demo.workspace.site / "inputs.html").read_text(encoding="utf-8")
    for kind in KINDS.values():
        part = page.split(f'id="{kind_anchor(kind.name)}"', 1)
        assert len(part) == 2, f"no section for {kind.name}"
        section = part[1].split("<h3", 1)[0]
        for text in (kind.source, kind.file_pattern, *(c.zh for c in kind.columns)):
            assert html.escape(text, quote=False) in section, f"{kind.name}: {text} missing"
        for column in kind.columns:
            assert html.escape(" / ".join(column.aliases), quote=False) in section
        if kind.sheet:
            assert f"exports/templates/{kind.file_pattern}" in section
            assert html.escape(kind.template_hint, quote=False) in section
    assert "opsreport templates" in page and "T-2" in page and "时间周期" in page


def test_the_inputs_page_is_in_the_nav_next_to_the_import_status(built_demo: BuiltDemo) -> None:
    nav = built_demo.workspace.mkdocs_file.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in nav.splitlines() if ln.strip().startswith("- ")]
    at = lines.index('- "数据说明": inputs.md')
    assert lines[at + 1] == '- "数据导入状态": import-status.md'
    home = (built_demo.workspace.site / "index.html").read_text(encoding="utf-8")
    assert 'href="inputs.html"' in home


def test_the_import_status_links_each_kind_to_its_inputs_section(built_demo: BuiltDemo) -> None:
    site = built_demo.workspace.site
    status = (site / "import-status.html").read_text(encoding="utf-8")
    inputs = (site / "inputs.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="inputs\.html#([a-z-]+)"', status))
    assert f"{kind_anchor('products')}" in links
    for anchor in links:
        assert f'id="{anchor}"' in inputs, f"import status links to a missing section {anchor}"
    assert 'href="inputs.html">数据说明</a>' in status  # the lead points to the page too


def test_the_inputs_page_speaks_english() -> None:
    r = Renderer(Settings(language="en"), None)  # type: ignore[arg-type]  # the page needs no data
    render_inputs(r)
    text = r.out.files[PAGE].decode("utf-8")
    assert text.startswith("# Inputs: which files to download and fill")
    assert "Where in the backend: " in text and "whole number" in text
    assert "要下载" not in text and "后台位置" not in text
