"""Summary first, details folded (issue 16): a weekly or monthly section opens with its
one-line finding and its to-do items; its tables and charts follow in a closed ``<details>``
block (md_in_html, like the to-do list's 「其余 N 条」), so that a page read with its details
folded fits in a few screens. The block opens with a click, charts inside draw when it opens
(assets/javascripts/charts.js) and every block opens for print (assets/javascripts/print.js).

The finding line is a paragraph of class ``ops-finding`` (attr_list); the tests find it so.
"""

from __future__ import annotations

import html
from typing import Any, Protocol

FINDING_CLASS = "ops-finding"
FOLD_CLASS = "ops-fold"
TABLE_MARK = 'class="ops-table"'
CHART_MARK = 'class="ops-chart"'


class Texts(Protocol):
    def t(self, key: str, **values: Any) -> str: ...


def finding(text: str) -> str:
    """The section's one-line finding (Markdown, its values already escaped)."""
    return f"{text}\n{{: .{FINDING_CLASS} }}" if text else ""


def details(r: Texts, body: str) -> str:
    """``body`` in a closed block whose summary says what is in it (「明细：3 个表格、1 个图表」);
    a body without a table or chart is short and stays open, as it is."""
    tables, charts = body.count(TABLE_MARK), body.count(CHART_MARK)
    if not tables and not charts:
        return body
    what = []
    if tables:
        what.append(r.t("fold_tables", n=tables))
    if charts:
        what.append(r.t("fold_charts", n=charts))
    summary = html.escape(r.t("fold_summary", what=r.t("sep_list").join(what)))
    # its tables, charts, notes and download lines are numbers and the same words every
    # period: kept out of the search index (the finding and to-do items above it are in)
    return (
        f'<details class="{FOLD_CLASS}" markdown data-search-exclude>\n<summary>{summary}</summary>\n\n'
        f"{body}\n\n</details>"
    )


def section(r: Texts, line: str, todo: str, body: str) -> str:
    """A section: its finding, its to-do items, then its details folded."""
    return "\n\n".join(p for p in (finding(line), todo, details(r, body)) if p)
