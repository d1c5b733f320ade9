"""The glossary page: every metric (its name, unit, formula and source) and every kind of
export (its file name, where in the backend it comes from, its columns).
"""

from __future__ import annotations

from ..analysis.metrics.registry import METRICS
from ..i18n import kind_label
from ..kinds import KINDS
from .markup import Col, html_table
from .writer import PageWriter


def _source(source: str, lang: str) -> str:
    """A metric's source (``products.搜索曝光次数``) as the reader names it: the kind, then the
    export's column header (产品分析 · 搜索曝光次数)."""
    kind, _, column = source.partition(".")
    return f"{kind_label(kind, lang)} · {column}" if column else kind_label(kind, lang)


def render_glossary(r: PageWriter) -> None:
    rows = [
        {
            "label": m.label(r.lang),
            "name": m.name,
            "unit": r.t(f"unit_{m.unit}"),
            "formula": m.formula(r.lang),
            "source": _source(m.source, r.lang),
        }
        for m in METRICS.values()
    ]
    cols = [
        Col("label", r.t("col_name")),
        Col("name", r.t("col_english")),
        Col("unit", r.t("col_unit")),
        Col("formula", r.t("col_formula")),
        Col("source", r.t("col_source")),
    ]
    kinds = [
        {
            "label": kind_label(k.name, r.lang),
            "name": k.file_pattern,
            "unit": "",
            "formula": k.source,
            "source": ", ".join(c.zh for c in k.columns),
        }
        for k in KINDS.values()
    ]
    r.render(
        "glossary.md.j2",
        "glossary.md",
        title=r.t("glossary_title"),
        lead=r.t("glossary_lead"),
        time_rules=r.t("glossary_time"),
        metrics=html_table(rows, cols),
        kinds=html_table(kinds, cols),
    )
