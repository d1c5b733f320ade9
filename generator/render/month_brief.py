"""The boss's month in one screen: at the top of each monthly page (and, frozen with it, in
the archive index) the month's KPIs with month-over-month and year-over-year (the analysis'
comparison columns, labelled by how they compare), the P4P spend with its inquiries and cost
per inquiry, the P4P growth-score level, and the three biggest changes with what caused them
(analysis/movers.py). Every number says its period and unit; missing data says so.

The block sits between two HTML comments (:data:`START`, :data:`END`) so that the archive
index can take it from a frozen page as it was frozen.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.metrics.products import previous_period, product_table
from ..analysis.metrics.registry import COUNTS, SOURCE_COLUMN
from ..analysis.movers import Move, biggest_changes
from ..analysis.rules.todo import cost_per_lead
from ..foundation.formats import fmt, fmt_change
from ..foundation.periods import month_key, month_start
from .markup import Col, html_table, is_missing, md_text

if TYPE_CHECKING:
    from .writer import Renderer

START = "<!-- month-brief -->"
END = "<!-- /month-brief -->"
CHANGES = 3
TITLE_CHARS = 28


def _yuan(value: float) -> str:
    return f"{value:,.2f}"


def _per_day(value: float) -> str:
    """A count's mean per day (inquiries: 0.19 a day)."""
    return f"{value:,.2f}"


def _short(title: str) -> str:
    text = " ".join(str(title).split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def month_brief(r: Renderer, end: dt.date) -> str:
    """The block's Markdown (empty when the month has no totals)."""
    if end not in r.data.monthly.index:
        return ""
    row = r.data.monthly.loc[end]
    month = month_key(end)
    facts = "\n".join(f"- {x}" for x in (p4p_line(r, end, month), growth_line(r, end)))
    changes = f"**{r.t('mb_changes', month=month)}**\n\n{changes_lines(r, end)}"
    # the KPIs on the left, the money and the changes on the right (one column on a phone)
    left = f"<div markdown>\n\n{kpi_lines(r, row, month)}\n\n</div>"
    right = f"<div markdown>\n\n{facts}\n\n{changes}\n\n</div>"
    body = (
        f"**{r.t('mb_title', month=month)}**\n\n"
        f'<div class="ops-month-brief-cols" markdown>\n{left}\n{right}\n</div>'
    )
    return f'{START}\n<div class="ops-month-brief" markdown>\n\n{body}\n\n</div>\n{END}'


def kpi_lines(r: Renderer, row: pd.Series, month: str) -> str:
    """The KPIs of the month with 环比 and 同比, like with like (the comparison's own label:
    totals, per day, or not comparable) and the notes saying why."""
    with_ly = bool(row.get("ly_basis"))
    sides = ("prev", "ly") if with_ly else ("prev",)
    rows = r.kpi_rows(row, sides)
    labels = {side: r.comparison_label(row, side) for side in sides}
    recs = []
    for k in rows:
        kind = "rate" if k["unit"] == "rate" else "count"
        recs.append(
            {
                "metric": k["metric"],
                "value": fmt(k["value"], kind),
                "vs_previous": k.get("vs_previous"),
                "vs_last_year": k.get("vs_last_year") if with_ly else None,
            }
        )
    cols = [
        Col("metric", r.t("metric")),
        Col("value", r.t("mb_value", month=month)),
        Col("vs_previous", labels["prev"][0], "change"),
        Col("vs_last_year", labels["ly"][0] if with_ly else r.t("vs_last_year"), "change"),
    ]
    notes = [note for _, note in labels.values() if note]
    if not with_ly:
        notes.append(r.t("mb_no_last_year", month=month))
    return "\n\n".join([html_table(recs, cols, searchable=False), *notes])


def p4p_line(r: Renderer, end: dt.date, month: str) -> str:
    """「P4P 花费 1,039.25 元（2026-10）· P4P 询盘 12 条 · 每条询盘 86.60 元」, or what is missing."""
    scale = r.data.month_scale.get(end)
    now = (scale.p4p_now if scale is not None else None) or {}
    spend = now.get("spend")
    if spend is None:
        return r.t("mb_no_p4p", month=month)
    inquiries = _p4p_inquiries(scale.p4p_products if scale is not None else None)
    if inquiries is None:
        return r.t("mb_p4p_no_inquiries", month=month, spend=_yuan(spend), days=now.get("days", 0))
    cpl = cost_per_lead(spend, inquiries)
    return r.t(
        "mb_p4p",
        month=month,
        spend=_yuan(spend),
        days=now.get("days", 0),
        inquiries=fmt(inquiries, "count"),
        cpl=_yuan(cpl) if cpl is not None else "—",
    )


def _p4p_inquiries(products: Any) -> float | None:
    """The inquiries the P4P product report counts for the month (None: it counts none)."""
    if not isinstance(products, pd.DataFrame) or "inquiries" not in products:
        return None
    inq = products["inquiries"]
    return float(inq.sum()) if inq.notna().any() else None


def growth_line(r: Renderer, end: dt.date) -> str:
    rv = r.data.months.get(end)
    g = rv.growth if rv is not None else None
    if not g:
        return r.t("mb_no_growth")
    return r.t(
        "mb_growth",
        level=md_text(g["level"]) if g.get("level") else "—",
        score=f"{g['score']:g}",
        date=g["date"].isoformat(),
    )


def month_products(r: Renderer, end: dt.date) -> tuple[pd.DataFrame, int]:
    """A month's product rows (as the export names its columns) and the days they cover: its
    monthly export, else the sum of its days' exports."""
    rows = r.data.month_rows
    if len(rows):
        mine = rows[pd.to_datetime(rows["period_end"]).dt.date == end]
        if len(mine):
            return mine, end.day
    days = r.data.day_rows
    if not len(days):
        return days, 0
    when = pd.to_datetime(days["period_end"]).dt.date
    mine = days[(when >= month_start(end)) & (when <= end)]
    if mine.empty:
        return mine, 0
    counts = [SOURCE_COLUMN[m] for m in COUNTS if SOURCE_COLUMN[m] in mine]
    rest = [c for c in mine.columns if c not in counts and c != "product_id"]
    mine = mine.sort_values("period_end")
    summed = mine.groupby("product_id", as_index=False).agg(
        {**dict.fromkeys(counts, "sum"), **dict.fromkeys(rest, "last")}
    )
    return summed, int(when[(when >= month_start(end)) & (when <= end)].nunique())


def changes_lines(r: Renderer, end: dt.date) -> str:
    """The month's three biggest changes against the month before, totals when both months
    are whole, else per day (and said so)."""
    prev_end = previous_period(end, "month")
    now, days_now = month_products(r, end)
    before, days_before = month_products(r, prev_end)
    if now.empty or before.empty:
        return r.t("mb_no_changes")
    table = product_table(now, end, before, r.categorise)
    per_day = days_now != days_before
    if per_day:
        for c in ("impressions", "inquiries"):
            table[c] = table[c] / days_now
            table[f"{c}_prev"] = table[f"{c}_prev"] / days_before
    moves = biggest_changes(table, CHANGES)
    if not moves:
        return r.t("mb_no_changes")
    note = (
        r.t("mb_per_day", prev=month_key(prev_end), days_prev=days_before, days=days_now)
        if per_day
        else ""
    )
    lines = "\n".join(f"1. {change_text(r, m, end, prev_end, per_day)}" for m in moves)
    return f"{note}\n\n{lines}" if note else lines


def change_text(
    r: Renderer, m: Move, end: dt.date, prev_end: dt.date, per_day: bool = False
) -> str:
    kind = "number" if per_day else "count"  # a day's mean has decimals
    values = {
        "before": fmt(m.impressions_prev, kind),
        "now": fmt(m.impressions, kind),
        "change": fmt_change(m.change) if m.change is not None else "—",
        "inq_before": _per_day(m.inquiries_prev) if per_day else fmt(m.inquiries_prev, kind),
        "inq_now": _per_day(m.inquiries) if per_day else fmt(m.inquiries, kind),
        "per": r.t("mb_daily") if per_day else "",
        "prev": month_key(prev_end),
        "month": month_key(end),
    }
    if m.dimension == "product":
        return r.t("mb_change_product", title=md_text(_short(m.title)), id=md_text(m.key), **values)
    text = r.t("mb_change_category", category=md_text(m.key), **values)
    if m.cause_id and m.cause_share is not None and not is_missing(m.cause_share):
        text += r.t(
            "mb_cause",
            title=md_text(_short(m.cause_title)),
            id=md_text(m.cause_id),
            share=fmt(min(max(m.cause_share, 0.0), 1.0), "rate"),
        )
    return text
