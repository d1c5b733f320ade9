"""The monthly review's page sections (the operator's monthly routine): what to do this month,
the weekly analysis at month scale, the P4P growth score, the product analysis (four views,
the exposure view and the product map), rising, hot, zero-effect and new products, and the
month's downloads. The facts are the month's :class:`~generator.analysis.monthly.Review`
(computed by ``analyse``) and its to-do items the monthly rules' findings; this module turns
them into Markdown for ``site_templates/monthly.md.j2`` through the Renderer's helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.monthly import Review
from ..foundation.formats import fmt
from ..foundation.periods import month_final, month_final_day, month_key
from . import findings, fold
from .charts.monthly import growth_chart, product_map
from .markup import Col, chart_block, html_table, md_text
from .month_brief import month_brief
from .monthly_downloads import CSV_NAMES, downloads, joined
from .monthly_todo import todo_lines
from .weekly import MONTH, weekly_sections
from .weekly import SECTIONS as WEEKLY_SECTIONS
from .weekly import fingerprint_parts as weekly_fingerprint_parts

if TYPE_CHECKING:
    from .writer import Renderer

__all__ = ["CSV_NAMES", "SECTION_KEYS", "fingerprint_parts", "render_sections", "todo_lines"]

SECTION_KEYS = (
    "brief",
    "status",
    "todo",
    "weekly_review",
    "growth",
    "analysis",
    "rising",
    "hot",
    "zero",
    "new",
    "downloads",
)
# the product analysis's four views: (sort key, title, columns)
VIEWS = (
    ("inquiries", "mr_by_inquiries", ["inquiries", "inquiry_rate"]),
    ("feedback", "mr_by_feedback", ["feedback", "inquiries", "tm_buyers"]),
    (
        "visitors",
        "mr_by_visitors",
        ["visitors", "visitors_prev", "visitors_change", "inquiry_rate"],
    ),
    ("clicks", "mr_by_clicks", ["clicks", "ctr", "impressions"]),
)
VIEW_KINDS = {
    "inquiries": "count",
    "inquiry_rate": "rate",
    "feedback": "count",
    "tm_buyers": "count",
    "visitors": "count",
    "visitors_prev": "count",
    "visitors_change": "change",
    "clicks": "count",
    "ctr": "rate",
    "impressions": "count",
}
VIEW_HEADERS = {
    "feedback": "mr_feedback",
    "visitors_prev": "mr_visitors_prev",
    "visitors_change": "change",
}


def fingerprint_parts(
    r: Renderer, end: dt.date, keys: Mapping[tuple[str, dt.date], str] | None = None
) -> list[Any]:
    """What the monthly page shows, for its reuse fingerprint: the review's key when
    ``keys`` has it (analysis/memo.py: equal keys, equal reviews) with what the analysis added
    to it afterwards (its findings follow from the review, the settings and its review items;
    its to-do items carry the month before's), else the review itself; and the month-scale
    weekly analysis."""
    rv = r.data.months[end]
    key = (keys or {}).get(("review:month", end))
    own = rv.parts() if key is None else ["review:month", key, rv.review_items, repr(rv.actions)]
    return [*own, *weekly_fingerprint_parts(r, end, MONTH, keys)]


def render_sections(r: Renderer, end: dt.date) -> dict[str, str]:
    """The monthly page's sections of the month ending ``end``."""
    # the weekly analysis at month scale: the weekly report's sections over the whole month
    month_scale = weekly_sections(r, end, MONTH)
    rv = r.data.months[end]
    name = month_key(end)
    return {
        "brief": month_brief(r, end),  # the boss's month in one screen, at the page's top
        "status": _status(r, end),
        "todo": todo_lines(r, rv),
        "weekly_review": "\n\n".join(
            f"### {r.t('sec_wk_' + key)} {{#{key}}}\n\n{month_scale[key]}"
            for key in WEEKLY_SECTIONS
            if month_scale.get(key)
        ),
        "growth": _growth(r, rv),
        "analysis": _analysis(r, rv, name),
        "rising": _rising(r, rv),
        "hot": _hot(r, rv),
        "zero": _zero(r, rv, name),
        "new": _new(r, rv, name),
        # downloads beside the page (the archive freezes them with it)
        "downloads": write_downloads(r, rv, name),
    }


def write_downloads(r: Renderer, rv: Review, name: str) -> str:
    """Write the month's downloads beside its page (``name``: 2026-10); the line linking them."""
    for stem, (frame, csv_cols) in downloads(rv).items():
        people = [Col(c.name, r.label(c.name), c.kind) for c in csv_cols]  # Chinese headers
        r.write_table(f"monthly/{name}-{stem}", frame, csv_cols, stem, people)
    # each download named for the reader (the file names stay as they are)
    labels = {
        "zero-effect": "mr_zero",
        "product-analysis": "mr_analysis",
        "growth-score": "mr_growth",
    }
    return " · ".join(
        f"{r.t(labels[stem])}: [CSV]({name}-{stem}.csv) · [XLSX]({name}-{stem}.xlsx)"
        for stem in CSV_NAMES
    )


# -- the sections ---------------------------------------------------------------------------------
def _status(r: Renderer, end: dt.date) -> str:
    final = month_final_day(end)
    if month_final(end, r.data.reader_today(r.s.lag_days)):
        return r.t("mr_final_note", day=final.isoformat())
    return r.t("mr_draft_note", day=final.isoformat())


def _col(r: Renderer, name: str) -> Col:
    """The product columns every table starts (or ends) with."""
    if name == "source_words":
        return Col("source_words", r.t("mr_source_words"))
    return Col(name, r.label(name))


def _table(frame: pd.DataFrame, cols: list[Col]) -> str:
    return html_table(frame, cols, searchable=False)


def _growth(r: Renderer, rv: Review) -> str:
    g = rv.growth
    if g is None:
        return r.missing_input("p4p_growth", r.t("mr_growth_shows"))
    line = r.t(
        "mr_growth_line",
        date=g["date"].isoformat(),
        score=f"{g['score']:g}",
        level=g["level"] or "—",
        target=f"{g['target']:g}",
        target_level=md_text(r.s.growth_target_level),
        gap=f"{g['gap']:g}",
    )
    parts = []
    if len(g["history"]) > 1:
        parts.append(
            chart_block(
                growth_chart(
                    g["history"],
                    r.t("mr_growth_score"),
                    r.t("date"),
                    g["target"],
                    level_label=r.t("col_level"),
                ),
                r.t("mr_growth"),
            )
        )
    if len(g["dimensions"]):
        cols = [
            Col("dimension", r.t("mr_dimension")),
            Col("points", r.t("mr_points"), "number"),
            Col("max_points", r.t("mr_max_points"), "number"),
            Col("missing", r.t("mr_missing_points"), "number"),
        ]
        parts.append(_table(g["dimensions"], cols))
    return fold.section(r, line, "", "\n\n".join(parts))


def _analysis(r: Renderer, rv: Review, name: str) -> str:
    p = rv.products
    if p.empty:
        return r.missing_input("products", r.t("mr_no_products", month=name))
    parts = []
    if not rv.has["traffic"]:
        parts.append(r.missing_input("traffic_keywords", r.t("mr_traffic_shows")))
    else:
        parts.append(r.t("mr_source_words_note"))
    for key, title, cols in VIEWS:
        parts += _view(r, p, key, title, cols)
    parts.append(f"### {r.t('mr_exposure')}")
    parts.append(_exposure(r, rv))
    parts.append(chart_block(product_map(p, r.label, r.lang), r.t("mr_map")))
    parts.append(r.t("mr_map_note"))
    return fold.section(r, findings.analysis(r, rv), "", "\n\n".join(parts))


def _view(r: Renderer, p: pd.DataFrame, key: str, title: str, cols: list[str]) -> list[str]:
    """One view of the product analysis: the top products by ``key``."""
    top = p[pd.to_numeric(p[key], errors="coerce").fillna(0) > 0]
    top = top.sort_values([key, "product_id"], ascending=[False, True]).head(r.s.top_products)
    parts = [f"### {r.t(title)}"]
    if top.empty:
        return [*parts, r.t("mr_none_view")]
    if key == "inquiries":
        words = list(dict.fromkeys(w for ws in top["source_words"] for w in ws.split("; ") if w))
        if words:
            listed = r.t("sep_list").join(md_text(w) for w in words[:10])
            parts.append(r.t("mr_inquiry_words", words=listed))
    headers = [
        Col(c, r.t(VIEW_HEADERS[c]) if c in VIEW_HEADERS else r.label(c), VIEW_KINDS[c])
        for c in cols
    ]
    table = [_col(r, "product_id"), _col(r, "title"), *headers, _col(r, "source_words")]
    return [*parts, _table(top, table)]


def _exposure(r: Renderer, rv: Review) -> str:
    ex = rv.exposure
    if ex.empty:
        return r.t("mr_exposure_none")
    ex = ex.assign(reason_text=[r.t(f"mr_reason_{x}") for x in ex["reason"]])
    cols = [
        _col(r, "product_id"),
        _col(r, "title"),
        Col("impressions", r.label("impressions"), "count"),
        Col("ctr", r.label("ctr"), "rate"),
        Col("main_word", r.t("mr_main_word")),
        Col("main_word_ctr", r.t("mr_main_word_ctr"), "rate"),
        Col("reason_text", r.t("mr_reason")),
    ]
    return _table(ex.head(r.s.top_products), cols)


def _rising(r: Renderer, rv: Review) -> str:
    if not rv.has["day_rows"]:
        return r.missing_input("products", r.t("mr_no_daily"))
    days = r.s.monthly_rising_days
    if rv.rising.empty:
        note = (
            "" if rv.has["traffic"] else r.missing_input("traffic_keywords", r.t("mr_rising_shows"))
        )
        return "\n\n".join(x for x in (note, r.t("mr_rising_none", days=days)) if x)
    ri = rv.rising.assign(words_text=[joined(w) for w in rv.rising["words"]])
    cols = [
        _col(r, "product_id"),
        _col(r, "title"),
        Col("impressions_recent", r.t("mr_recent"), "count"),
        Col("impressions_before", r.t("mr_before"), "count"),
        Col("growth", r.t("change"), "change"),
        Col("words_text", r.t("mr_rising_words")),
        Col("in_showcase", r.t("mr_in_showcase"), "flag"),
        Col("in_p4p", r.t("wk_in_p4p"), "flag"),
    ]
    lead = r.t("mr_rising_lead", days=days, day=rv.day.isoformat())
    return fold.section(r, findings.rising(r, rv), "", "\n\n".join([lead, _table(ri, cols)]))


def _hot(r: Renderer, rv: Review) -> str:
    if rv.hot.empty:
        return r.t("mr_hot_none")
    cols = [
        _col(r, "product_id"),
        _col(r, "title"),
        Col("feedback", r.t("mr_feedback"), "count"),
        Col("keep_words", r.t("mr_keep_words")),
        Col("add_words", r.t("mr_add_words")),
    ]
    body = "\n\n".join([r.t("mr_hot_lead"), _table(rv.hot, cols)])
    return fold.section(r, findings.hot(r, rv), "", body)


def _zero(r: Renderer, rv: Review, name: str) -> str:
    s, z, day = r.s, rv.zero, rv.day.isoformat()
    if not rv.has["zero_sheet"] and rv.history_days < s.zero_effect_days and z.empty:
        return "\n\n".join(
            [
                r.missing_input("zero_effect", r.t("mr_zero_shows")),
                r.t("mr_zero_short", n=rv.history_days, days=s.zero_effect_days),
            ]
        )
    if z.empty:
        return r.t("mr_zero_none", days=s.zero_effect_days, day=day)
    safe, unsafe = _zero_texts(r, rv.zero_safe), _zero_texts(r, rv.zero_unsafe)
    lead = r.t(
        "mr_zero_lead",
        n=len(z),
        days=s.zero_effect_days,
        day=day,
        safe=len(safe),
        unsafe=len(unsafe),
        keep=len(rv.zero_optimise),
    )
    cols = [
        _col(r, "product_id"),
        _col(r, "title"),
        Col("days_without_effect", r.t("mr_zero_days"), "count"),
        Col("losing_text", r.t("mr_losing")),
        Col("keywords_text", r.t("mr_zero_words")),
    ]
    n = s.top_products
    parts = [f"### {r.t('mr_unsafe_title')}"]
    parts.append(_table(unsafe.head(n), cols) if len(unsafe) else r.t("none"))
    if rv.losing_words:
        listed = r.t("sep_list").join(md_text(w) for w in dict.fromkeys(rv.losing_words))
        parts.append(r.t("mr_losing_words", words=listed))
    parts.append(f"### {r.t('mr_safe_title')}")
    parts.append(_table(safe.head(n), cols[:3] + cols[4:]) if len(safe) else r.t("none"))
    parts += _zero_optimise(r, rv, n)
    parts.append(r.t("all_in_download", n=len(z)) + f" [CSV]({name}-zero-effect.csv)")
    no_words = "" if rv.has["library"] else r.t("mr_zero_no_words")
    # the lead says how many, and which can go: the finding
    return fold.section(r, lead, no_words, "\n\n".join(parts))


def _zero_optimise(r: Renderer, rv: Review, n: int) -> list[str]:
    """The products without effect that still draw traffic, with their numbers: never in
    the delete lists."""
    keep = rv.zero_optimise
    if keep.empty:
        return []
    s = r.s
    lead = r.t(
        "mr_zero_lead_optimise",
        n=len(keep),
        days=s.zero_effect_days,
        max_clicks=fmt(s.zero_effect_max_clicks, "count"),
    )
    cols = [
        _col(r, "product_id"),
        _col(r, "title"),
        Col("days_without_effect", r.t("mr_zero_days"), "count"),
        Col("clicks", r.label("clicks"), "count"),
        Col("impressions", r.label("impressions"), "count"),
        Col("best_rank", r.label("best_rank"), "count"),
        Col("best_word", r.label("best_word")),
    ]
    keep = keep.sort_values(["clicks", "product_id"], ascending=[False, True])
    return [f"### {r.t('mr_optimise_title')}", lead, _table(keep.head(n), cols)]


def _zero_texts(r: Renderer, z: pd.DataFrame) -> pd.DataFrame:
    return z.assign(
        keywords_text=[joined(w) for w in z["keywords"]],
        losing_text=[joined(w) for w in z["keywords_losing_coverage"]],
        verdict_text=[r.t(f"mr_verdict_{v}") for v in z["verdict"]],
    )


def _new(r: Renderer, rv: Review, name: str) -> str:
    target = Col("target_keywords", r.t("mr_target_words"))
    if rv.new.empty:
        parts = [r.t("mr_new_none", month=name)]
    else:
        cols = [
            _col(r, "product_id"),
            _col(r, "title"),
            Col("first_seen", r.t("mr_first_seen"), "date"),
            *(
                Col(c, r.label(c), "count")
                for c in ("impressions", "clicks", "visitors", "inquiries")
            ),
            target,
        ]
        parts = [_table(rv.new, cols)]
    if not rv.has["plan"]:
        parts.append(r.missing_input("new_products", r.t("mr_plan_shows")))
    elif len(rv.pending):
        cols = [
            Col("plan_date", r.t("mr_plan_date"), "date"),
            Col("title", r.label("title")),
            Col("category", r.label("category")),
            target,
            Col("status", r.t("mr_status")),
        ]
        parts += [f"**{r.t('mr_plan')}**", _table(rv.pending, cols)]
    return fold.section(r, findings.new(r, rv), "", "\n\n".join(parts))
