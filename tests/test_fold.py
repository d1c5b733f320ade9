"""Summary first, details folded (issue 16), in the Markdown of the demo's weekly and monthly
pages: every section with a table or chart opens with its one-line finding (before any table,
chart or folded block), and its charts and long tables sit in closed ``<details>`` blocks
(only the short KPI table stays open)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.i18n import translate
from generator.render.fold import FINDING_CLASS

if TYPE_CHECKING:
    from conftest import BuiltDemo

HEADING = re.compile(r"^(#{2,3}) (.+?)(?: \{#[\w-]+\})?$")
TABLE, CHART = 'class="ops-table"', 'class="ops-chart"'
FINDING = f"{{: .{FINDING_CLASS} }}"


def sections(text: str) -> list[tuple[str, list[str]]]:
    """The page's sections (## and ### headings outside folded blocks) with their lines."""
    out: list[tuple[str, list[str]]] = []
    depth = 0
    for line in text.splitlines():
        m = HEADING.match(line)
        if m and depth == 0:
            out.append((m.group(2), []))
            continue
        depth += line.count("<details") - line.count("</details>")
        if out:
            out[-1][1].append(line)
    return out


def pages(demo: BuiltDemo) -> list[Path]:
    content = Path(demo.workspace.content)
    found = [
        p
        for section in ("weekly", "monthly")
        for p in sorted((content / section).glob("2*.md"))
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", p.stem)
    ]
    assert any("monthly" in p.parts for p in found) and any("weekly" in p.parts for p in found)
    return found


def test_every_section_opens_with_its_finding(built_demo: BuiltDemo) -> None:
    checked = 0
    for page in pages(built_demo):
        for title, lines in sections(page.read_text(encoding="utf-8")):
            body = "\n".join(lines)
            if TABLE not in body and CHART not in body:
                continue  # a short section (a notice, a list of links) is its own summary
            blocks = [b for b in re.split(r"\n\s*\n", body.strip()) if b.strip()]
            first = blocks[0]
            assert first.endswith(FINDING), (
                f"{page.name} 「{title}」 does not open with its finding line: {first[:200]!r}"
            )
            finding = first.removesuffix(FINDING).strip()
            assert finding and "<" not in finding and "\n" not in finding, (
                f"{page.name} 「{title}」: the finding is not one line of text: {finding!r}"
            )
            checked += 1
    assert checked >= 20, f"only {checked} sections with tables or charts"


def test_charts_and_long_tables_are_folded(built_demo: BuiltDemo) -> None:
    kpis = translate("kpis", built_demo.settings.language)
    for page in pages(built_demo):
        for title, lines in sections(page.read_text(encoding="utf-8")):
            depth, open_tables = 0, 0
            for line in lines:
                depth += line.count("<details") - line.count("</details>")
                if depth == 0:
                    assert CHART not in line, f"{page.name} 「{title}」: a chart not folded"
                    open_tables += line.count(TABLE)
            allowed = 1 if title == kpis else 0  # the KPI table: short, the section itself
            assert open_tables <= allowed, (
                f"{page.name} 「{title}」: {open_tables} table(s) outside a folded block"
            )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fold_summary_says_what_is_inside(lang: str) -> None:
    from generator.render import fold

    class R:
        def t(self, key: str, **values: object) -> str:
            return translate(key, lang, **values)

    body = f"<div {TABLE}><table></table></div>\n\n<div {CHART} data-spec='{{}}'></div>"
    out = fold.details(R(), body)
    assert out.startswith('<details class="ops-fold" markdown data-search-exclude>'), out
    summary = re.search(r"<summary>(.*)</summary>", out)
    assert summary is not None
    assert ("1 个表格" if lang == "zh" else "1 table") in summary.group(1)
    assert fold.details(R(), "just text") == "just text"
