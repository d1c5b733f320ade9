"""Escaping and markup for pages. Text from strangers (product titles, keywords, buyer
names, messages) goes through :func:`md_text` in Markdown and :func:`html.escape` in tables;
nothing untrusted reaches a page any other way. Numbers are written by
:mod:`generator.foundation.formats` (``fmt`` and ``fmt_change`` are still importable from here).
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..foundation.formats import FORMATS, fmt
from ..foundation.titles import short_title
from ..foundation.values import is_missing, records

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_text(value: Any) -> str:
    """Untrusted text for inline Markdown: HTML-escaped, Markdown punctuation backslashed,
    line breaks folded, so it renders as the same characters and nothing else."""
    text = " ".join(str(value if value is not None else "").split())
    text = html.escape(text, quote=True)
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class Col:
    name: str
    label: str
    kind: str = "text"  # a key of formats.FORMATS
    link: Callable[[dict[str, Any]], str | None] | None = None


def html_table(
    rows: Sequence[dict[str, Any]] | pd.DataFrame,
    cols: Sequence[Col],
    caption: str = "",
    searchable: bool = True,
    search_cols: Sequence[str] = (),
) -> str:
    """A table as one raw-HTML block (no blank lines, every cell escaped). Tables repeated on
    every period page are kept out of the search index (``searchable=False``); with
    ``search_cols``, only those columns' cells are in it (a keyword, not its numbers).

    A number cell carries its raw value in ``data-v`` (the sorter, tables.js, sorts by it, not
    by the written text). A product's title is cut short (:func:`short_title`) with the full
    title in the cell's ``title`` (shown on hover); where the table also has the product's ID,
    the two share one cell, the title over the ID, so that a product is one column wide."""
    table = records(rows) if isinstance(rows, pd.DataFrame) else list(rows)
    names = [c.name for c in cols]
    merged = "title" in names and "product_id" in names
    shown = [c for c in cols if not (merged and c.name == "product_id")]
    attr = "" if searchable or search_cols else " data-search-exclude"
    # Material's search skips an element with this attribute, and what is inside it
    skip = " data-search-exclude" if search_cols else ""
    out = [f'<div class="ops-table"{attr}><table>']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append(
        f"<thead{skip}><tr>"
        + "".join(f'<th class="{_side(c)}">{html.escape(c.label)}</th>' for c in shown)
        + "</tr></thead><tbody>"
    )
    # what does not change from row to row, once per column
    plan = []
    for c in shown:
        cls = _side(c) + f" col-{c.name}"
        if c.kind == "date":
            cls += " date"  # kept on one line
        write = FORMATS.get(c.kind) or functools.partial(fmt, kind=c.kind)  # unknown: fmt says
        plan.append((c, c.name, c.kind, write, _side(c) == "num", cls))
    for rec in table:
        cells = []
        for c, name, kind, write, num, cls in plan:
            if name == "title":
                cells.append(_title_cell(rec, c, with_id=merged))
                continue
            value: Any = rec.get(name)
            text = html.escape(write(value))
            if "\n" in text:  # a line break in a cell (a message, a title) must not end the block
                text = text.replace("\r\n", "\n").replace("\n", "<br>")
            href = c.link(rec) if c.link else None
            if href:
                text = f'<a href="{html.escape(href)}">{text}</a>'
            if kind == "change" and not is_missing(value):
                v = float(value)
                cell_cls = cls + (" up" if v > 0.0005 else " down" if v < -0.0005 else "")
            else:
                cell_cls = cls
            raw = _raw(value, c) if num else ""
            cells.append(f'<td class="{cell_cls}"{raw}>{text}</td>')
        if search_cols:
            cells = [
                cell if c.name in search_cols else cell.replace("<td ", f"<td{skip} ", 1)
                for c, cell in zip(shown, cells, strict=True)
            ]
        # with search_cols the cells and rows are apart (search reads the text of a table as
        # one run: two keywords side by side would be one word)
        gap = " " if search_cols else ""
        out.append("<tr>" + gap.join(cells) + "</tr>" + gap)
    out.append("</tbody></table></div>")
    return "".join(out)


def _side(c: Col) -> str:
    return "num" if c.kind not in ("text", "date", "flag") else "txt"


def _raw(value: Any, c: Col) -> str:
    """A number cell's ``data-v`` attribute: its value unformatted (none for a missing value,
    which the sorter puts last)."""
    if _side(c) != "num" or is_missing(value) or isinstance(value, str):
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return f' data-v="{number:.12g}"'


def _title_cell(rec: dict[str, Any], c: Col, with_id: bool) -> str:
    """A product title cut short, the whole title in ``title`` (hover), and, ``with_id``, the
    product's ID under it."""
    full = " ".join(str(rec.get(c.name) if not is_missing(rec.get(c.name)) else "").split())
    short = short_title(full)
    text = html.escape(short or fmt(None, "text"))
    href = c.link(rec) if c.link else None
    if href:
        text = f'<a href="{html.escape(href)}">{text}</a>'
    if with_id:
        pid = rec.get("product_id")
        pid_text = html.escape(fmt(pid, "text"))
        text = f'<span class="ops-ptitle">{text}</span><span class="ops-pid">{pid_text}</span>'
        cls = "txt col-product col-title"
    else:
        cls = "txt col-title"
    hover = f' title="{html.escape(full)}"' if full else ""
    return f'<td class="{cls}"{hover}>{text}</td>'


def chart_block(spec: dict[str, Any], title: str = "") -> str:
    """A chart as a raw-HTML block: the Vega-Lite spec as JSON in a ``data-spec`` attribute,
    drawn in the browser by the vendored Vega bundle (assets/javascripts/charts.js).

    Not an inline ``<script type="application/json">``: Material's instant navigation re-creates
    inline scripts without their type, and the JSON would then run as JavaScript. The attribute
    is HTML-escaped, so no text in the data can leave it."""
    payload = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    label = f' aria-label="{html.escape(title)}"' if title else ""
    # single-quoted attribute: JSON's many double quotes stay as they are (pages stay small)
    escaped = html.escape(payload, quote=False).replace("'", "&#x27;")
    block = f'<div class="ops-chart" role="img"{label} data-spec=\'{escaped}\'></div>'
    if _MADE:
        _MADE[-1].append((block, title, payload))
    return block


# The charts made while pages are rendered (innermost page last): (block, title, spec JSON).
_MADE: list[list[tuple[str, str, str]]] = []


@contextlib.contextmanager
def collect_charts() -> Iterator[list[tuple[str, str, str]]]:
    """Collect the charts :func:`chart_block` makes while one page is rendered, so that the
    page's charts are known without reading them back out of the page (the archive freezes
    them beside a month's review as ``charts.json``)."""
    made: list[tuple[str, str, str]] = []
    _MADE.append(made)
    try:
        yield made
    finally:
        _MADE.pop()


def charts_on(page: str, made: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """The charts of ``made`` that ``page`` shows, in the page's order, once per place it
    shows them (a chart made and not placed is not the page's): title and Vega-Lite spec."""
    found: list[tuple[int, str, str]] = []
    for block, title, payload in dict.fromkeys(made):
        at = page.find(block)
        while at >= 0:
            found.append((at, title, payload))
            at = page.find(block, at + len(block))
    return [{"title": title, "spec": json.loads(payload)} for _, title, payload in sorted(found)]
