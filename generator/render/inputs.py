"""The inputs page (``content/inputs.md``, 数据说明 / Inputs): which exports to download, where
in the backend, under which file name, the period rules, and which operator sheets to fill and
how. Every kind's part is generated from the kinds table (``generator/kinds/__init__.py``) — its
backend path, file name, headers, English aliases, units — so the page says what ingest reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..i18n import kind_label
from ..kinds import KINDS, Kind
from .markup import Col, html_table, md_text

if TYPE_CHECKING:
    from .writer import Renderer

PAGE = "inputs.md"


def kind_anchor(kind: str) -> str:
    """The id of a kind's section on the inputs page."""
    return f"kind-{kind.replace('_', '-')}"


def kind_link(kind: str | None, prefix: str = "", markdown: bool = False) -> str:
    """The inputs page, at ``kind``'s section when it is known. ``prefix``: the way up from
    the linking page (``../``); ``markdown``: a Markdown link's target (``inputs.md``, checked
    by mkdocs) instead of a raw-HTML table's (``inputs.html``, which mkdocs leaves as it is)."""
    page = PAGE if markdown else PAGE.replace(".md", ".html")
    if kind and kind in KINDS:
        return f"{prefix}{page}#{kind_anchor(kind)}"
    return f"{prefix}{page}"


def mentioned_kind(*texts: Any) -> str | None:
    """The kind a problem or fix text names (its backend path, file name or Chinese name)."""
    joined = " ".join(str(t) for t in texts if isinstance(t, str))
    for kind in KINDS.values():
        prefix = kind.file_pattern.split("YYYY")[0]
        if kind.source in joined or f"({kind.name})" in joined or (prefix and prefix in joined):
            return kind.name
    return None


def mentions_an_export(text: Any) -> bool:
    words = ("export", "导出", "template", "模板", "sheet", "表格")
    return isinstance(text, str) and any(w in text.lower() for w in words)


def _overview(r: Renderer, kinds: list[Kind]) -> str:
    rows = [
        {
            "label": kind_label(k.name, r.lang),
            "source": k.source,
            "file": k.file_pattern,
            "how": k.template_hint
            if k.sheet
            else ", ".join(c.zh for c in k.columns if c.name in k.signature),
            "anchor": kind_anchor(k.name),
        }
        for k in kinds
    ]
    last = "in_col_how" if kinds and kinds[0].sheet else "in_col_signature"
    cols = [
        Col("label", r.t("in_col_kind"), link=lambda rec: f"#{rec['anchor']}"),
        Col("source", r.t("in_col_source")),
        Col("file", r.t("in_col_file")),
        Col("how", r.t(last)),
    ]
    return html_table(rows, cols)


def _columns(r: Renderer, kind: Kind) -> str:
    rows = [
        {
            "zh": c.zh,
            "aliases": " / ".join(c.aliases),
            "type": r.t(f"in_type_{c.type}"),
            "unit": c.unit or "—",
            "required": r.t("in_required") if c.required else r.t("in_optional"),
            "choices": " / ".join(c.choices) if c.choices else "—",
        }
        for c in kind.columns
    ]
    cols = [
        Col("zh", r.t("in_col_header")),
        Col("aliases", r.t("in_col_aliases")),
        Col("type", r.t("in_col_type")),
        Col("unit", r.t("col_unit")),
        Col("required", r.t("in_col_required")),
        Col("choices", r.t("in_col_choices")),
    ]
    return html_table(rows, cols)  # searchable: a header typed into search finds its kind


def render_inputs(r: Renderer) -> None:
    native = [k for k in KINDS.values() if not k.sheet]
    sheets = [k for k in KINDS.values() if k.sheet]
    details = [
        {
            "title": md_text(kind_label(k.name, r.lang)),
            "anchor": kind_anchor(k.name),
            "where": md_text(k.source),
            "file": k.file_pattern,  # in a code span: shown as it is
            "period": r.t("in_period_column", column=md_text(k.column(k.date_column).zh))
            if k.date_column
            else r.t("in_period_weekly" if k.cadence == "week" else "in_period_file"),
            "hint": md_text(k.template_hint),
            "sheet": k.sheet,
            "columns": _columns(r, k),
        }
        for k in KINDS.values()
    ]
    products = KINDS["products"]
    r.render(
        "inputs.md.j2",
        PAGE,
        title=r.t("in_title"),
        lead=r.t("in_lead"),
        routine=r.t(
            "in_routine",
            products=md_text(products.source),
            file=products.file_pattern,  # in a code span
            keywords=md_text(KINDS["traffic_keywords"].source),
        ),
        periods=r.t("in_periods"),
        native=_overview(r, native),
        sheets_how=r.t("in_sheets_how"),
        sheets=_overview(r, sheets),
        details=details,
    )
