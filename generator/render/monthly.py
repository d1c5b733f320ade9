"""The monthly review's sections (the operator's monthly routine): what to do this month, the P4P
growth score, the product analysis (four views, the exposure view and the product map),
rising, hot, zero-effect and new products, and the month's downloads. Computations live in
:mod:`generator.analysis.metrics.monthly`; this module turns them into Markdown for
``site_templates/monthly.md.j2`` through the Renderer's helpers.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from ..analysis.metrics import monthly as mm
from ..analysis.metrics.products import previous_period, product_table
from ..foundation.parallel import cores, fork_map, strided
from ..foundation.periods import (
    month_final,
    month_final_day,
    month_key,
    month_review_day,
    month_start,
)
from . import charts
from .markup import Col, chart_block, html_table, md_text
from .weekly import MONTH, _sep, weekly_sections
from .weekly import SECTIONS as WEEKLY_SECTIONS
from .weekly import fingerprint_parts as weekly_fingerprint_parts

if TYPE_CHECKING:
    from .writer import Renderer

SECTION_KEYS = (
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
CSV_NAMES = ("zero-effect", "product-analysis", "growth-score")


@dataclass
class Review:
    """One month's computed review (the fingerprint and the page are made from it)."""

    end: dt.date
    day: dt.date  # the review day: snapshots as of it
    products: pd.DataFrame
    sources: list[list[str]]
    words: pd.DataFrame
    growth: dict[str, Any] | None
    exposure: pd.DataFrame
    rising: pd.DataFrame
    hot: pd.DataFrame
    zero: pd.DataFrame
    new: pd.DataFrame
    pending: pd.DataFrame
    has: dict[str, bool]  # which inputs the store holds

    def parts(self) -> list[Any]:
        return [
            self.day,
            self.products,
            repr(self.sources),
            self.words,
            repr(self.growth),
            self.exposure.astype(str),
            self.rising.astype(str),
            self.hot.astype(str),
            self.zero.astype(str),
            self.new.astype(str),
            self.pending.astype(str),
            repr(sorted(self.has.items())),
        ]


def _sheet(r: Renderer, kind: str) -> pd.DataFrame:
    return r.data.sheets.get(kind, pd.DataFrame())


def library_words(library: pd.DataFrame, day: dt.date) -> list[str]:
    """The keyword library's words known on the review day, sorted: a later build (whose
    library has grown) judges a past month by the same words."""
    if library.empty or "key" not in library:
        return []
    seen = pd.to_datetime(library["first_seen"], errors="coerce")
    known = library[(seen.isna() | (seen <= pd.Timestamp(day))).to_numpy()]
    return sorted({str(k) for k in known["key"] if isinstance(k, str) and k})


def compute_review(r: Renderer, end: dt.date) -> Review:
    """The month ending ``end``, cached on the renderer (fingerprint, then page); on first
    use every month's at once, on every core."""
    cache: dict[dt.date, Review] = r.__dict__.setdefault("_monthly_reviews", {})
    if end in cache:
        return cache[end]
    months = [m for m in r.data.monthly.index if m <= r.data.as_of and m not in cache]
    if end in months and len(months) >= 4:
        parts = fork_map(
            lambda rr, chunk: [(m, _compute_review(rr, m)) for m in chunk],
            r,
            strided(months, cores()),
        )
        cache.update(item for part in parts for item in part)
        return cache[end]
    cache[end] = _compute_review(r, end)
    return cache[end]


def _compute_review(r: Renderer, end: dt.date) -> Review:
    s, d = r.s, r.data
    day = month_review_day(end, d.as_of)
    rows = d.month_rows
    ends = pd.to_datetime(rows["period_end"]).dt.date if len(rows) else pd.Series(dtype=object)
    prev_end = previous_period(end, "month")
    current = rows[(ends == end).to_numpy()] if len(rows) else rows
    previous = rows[(ends == prev_end).to_numpy()] if len(rows) else rows
    products = product_table(current, end, previous if len(previous) else None, r.categorise)
    prev_table = product_table(previous, prev_end, None, r.categorise) if len(previous) else None
    products = mm.with_feedback(products, prev_table)
    traffic = _sheet(r, "traffic_keywords")
    words = mm.traffic_words(traffic, month_start(end), end)
    sources = mm.source_words(list(products["title"]), words)
    products = products.assign(source_words=["; ".join(w) for w in sources])
    library = library_words(d.keywords, day)
    trend = mm.index_trend(traffic, _sheet(r, "keyword_index"), day, s.monthly_rising_days)
    all_words = sorted({*library, *trend})
    hot = products[products["feedback"] > 0].sort_values(
        ["feedback", "inquiries", "product_id"], ascending=[False, False, True]
    )
    hot = hot.head(s.monthly_hot_products)
    keep, add = mm.title_suggestions(list(hot["title"]), words)
    hot = hot.assign(keep_words=["; ".join(k) for k in keep], add_words=["; ".join(a) for a in add])
    new, pending = mm.new_products(d.day_rows, _sheet(r, "new_products"), end)
    review = Review(
        end=end,
        day=day,
        products=products,
        sources=sources,
        words=words,
        growth=mm.growth_score(_sheet(r, "p4p_growth"), day, s.growth_target_score),
        exposure=mm.exposure_view(
            products, words, sources, s.exposure_top_share, s.exposure_low_ctr
        ),
        rising=mm.rising_products(
            d.day_rows,
            trend,
            all_words,
            day,
            s.monthly_rising_days,
            s.rising_min_growth,
            s.rising_min_impressions,
            s.rising_index_rise,
        ),
        hot=hot,
        zero=mm.zero_effect(d.day_rows, _sheet(r, "zero_effect"), library, day, s.zero_effect_days),
        new=new,
        pending=pending,
        has={
            "traffic": len(traffic) > 0,
            "growth": len(_sheet(r, "p4p_growth")) > 0,
            "library": len(library) > 0,
            "day_rows": len(d.day_rows) > 0,
            "zero_sheet": len(_sheet(r, "zero_effect")) > 0,
            "plan": len(_sheet(r, "new_products")) > 0,
        },
    )
    return review


def history_days(day_rows: pd.DataFrame, day: dt.date) -> int:
    """Days of daily product exports up to ``day`` (the first day counted)."""
    if day_rows.empty:
        return 0
    first = pd.to_datetime(day_rows["period_end"]).min().date()
    return max(0, (day - first).days + 1)


def fingerprint_parts(r: Renderer, end: dt.date) -> list[Any]:
    return [*compute_review(r, end).parts(), *weekly_fingerprint_parts(r, end, MONTH)]


# -- rendering ------------------------------------------------------------------------------------
def _missing(r: Renderer, kind: str, shows: str) -> str:
    return r.missing_input(kind, shows)


def _joined(items: Any) -> str:
    return "; ".join(items) if isinstance(items, list) else ("" if items is None else str(items))


def product_map(frame: pd.DataFrame, r: Renderer) -> dict[str, Any]:
    """Impressions against CTR, one dot per product sized by inquiries."""
    data = frame[["product_id", "title", "impressions", "ctr", "inquiries"]].copy()
    data = data[pd.to_numeric(data["impressions"], errors="coerce").fillna(0) > 0]
    data["title"] = data["title"].astype(str).str.slice(0, 60)
    return charts._with_data(
        _map_template(
            r.label("impressions"), r.label("ctr"), r.label("inquiries"), r.label("title")
        ),
        charts._records(data),
    )


@functools.lru_cache(maxsize=8)
def _map_template(imp: str, ctr: str, inq: str, title: str) -> dict[str, Any]:
    return (
        alt.Chart(alt.Data(values=[]))
        .mark_circle(color=charts.BLUE, opacity=0.6)
        .encode(
            x=alt.X("impressions:Q", title=imp, scale=alt.Scale(type="symlog")),
            y=alt.Y("ctr:Q", title=ctr, axis=alt.Axis(format=".1%")),
            size=alt.Size("inquiries:Q", title=inq, scale=alt.Scale(range=[15, 600])),
            tooltip=[
                alt.Tooltip("product_id:N", title="ID"),
                alt.Tooltip("title:N", title=title),
                alt.Tooltip("impressions:Q", title=imp, format=",.0f"),
                alt.Tooltip("ctr:Q", title=ctr, format=".2%"),
                alt.Tooltip("inquiries:Q", title=inq, format=",.0f"),
            ],
        )
        .properties(width="container", height=320, title=f"{imp} × {ctr}")
        .to_dict()
    )


@functools.lru_cache(maxsize=8)
def _growth_template(label: str, date_label: str, target: float) -> dict[str, Any]:
    base = alt.Chart(alt.Data(values=[]))
    line = base.mark_line(point=True, color=charts.BLUE).encode(
        x=alt.X("date:T", title=date_label),
        y=alt.Y("growth_score:Q", title=label, scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("date:T", title=date_label),
            alt.Tooltip("growth_score:Q", title=label),
            alt.Tooltip("level:N"),
        ],
    )
    rule = (
        alt.Chart(alt.Data(values=[{"target": target}]))
        .mark_rule(color=charts.ORANGE, strokeDash=[4, 3])
        .encode(y="target:Q")
    )
    return (line + rule).properties(width="container", height=200, title=label).to_dict()


def growth_chart(history: pd.DataFrame, r: Renderer, target: float) -> dict[str, Any]:
    """The score over time (top-level data) with the target as a dashed rule."""
    spec = _growth_template(r.t("mr_growth_score"), r.t("date"), target)
    layers = [dict(layer) for layer in spec["layer"]]
    layers[0].pop("data", None)  # the line takes the chart's data
    return charts._with_data(spec, charts._records(history), layer=layers)


def render_sections(r: Renderer, end: dt.date) -> dict[str, str]:
    rv = compute_review(r, end)
    name = month_key(end)
    s = r.s
    out = dict.fromkeys(SECTION_KEYS, "")
    todo: list[str] = []
    n = s.top_products
    pcols = {
        "product_id": Col("product_id", r.label("product_id")),
        "title": Col("title", r.label("title")),
        "source_words": Col("source_words", r.t("mr_source_words")),
    }

    final = month_final_day(end)
    out["status"] = (
        r.t("mr_final_note", day=final.isoformat())
        if month_final(end, r.data.reader_today(s.lag_days))
        else r.t("mr_draft_note", day=final.isoformat())
    )
    # the weekly analysis at month scale: the weekly report's sections over the whole month
    month_scale = weekly_sections(r, end, MONTH)
    out["weekly_review"] = "\n\n".join(
        f"### {r.t('sec_wk_' + key)} {{#{key}}}\n\n{month_scale[key]}"
        for key in WEEKLY_SECTIONS
        if month_scale.get(key)
    )

    # growth score
    g = rv.growth
    if g is None:
        out["growth"] = _missing(r, "p4p_growth", r.t("mr_growth_shows"))
    else:
        lines = [
            r.t(
                "mr_growth_line",
                date=g["date"].isoformat(),
                score=f"{g['score']:g}",
                level=g["level"] or "—",
                target=f"{g['target']:g}",
                target_level=md_text(s.growth_target_level),
                gap=f"{g['gap']:g}",
            )
        ]
        dims = g["dimensions"]
        if g["gap"] > 0 and len(dims):
            todo.append(
                r.t(
                    "mr_todo_growth",
                    gap=f"{g['gap']:g}",
                    target_level=md_text(s.growth_target_level),
                    dims=_sep(r).join(md_text(x) for x in dims[dims["enough"]]["dimension"]),
                )
            )
        parts = ["\n".join(lines)]
        if len(g["history"]) > 1:
            parts.append(chart_block(growth_chart(g["history"], r, g["target"]), r.t("mr_growth")))
        if len(dims):
            parts.append(
                html_table(
                    dims,
                    [
                        Col("dimension", r.t("mr_dimension")),
                        Col("points", r.t("mr_points"), "number"),
                        Col("max_points", r.t("mr_max_points"), "number"),
                        Col("missing", r.t("mr_missing_points"), "number"),
                    ],
                    searchable=False,
                )
            )
        out["growth"] = "\n\n".join(parts)

    # product analysis
    p = rv.products
    if p.empty:
        out["analysis"] = _missing(r, "products", r.t("mr_no_products", month=name))
    else:
        parts = []
        if not rv.has["traffic"]:
            parts.append(_missing(r, "traffic_keywords", r.t("mr_traffic_shows")))
        views = (
            ("inquiries", "mr_by_inquiries", ["inquiries", "inquiry_rate"]),
            ("feedback", "mr_by_feedback", ["feedback", "inquiries", "tm_buyers"]),
            (
                "visitors",
                "mr_by_visitors",
                ["visitors", "visitors_prev", "visitors_change", "inquiry_rate"],
            ),
            ("clicks", "mr_by_clicks", ["clicks", "ctr", "impressions"]),
        )
        kinds = {
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
        for key, title, cols in views:
            top = p[pd.to_numeric(p[key], errors="coerce").fillna(0) > 0]
            top = top.sort_values([key, "product_id"], ascending=[False, True]).head(n)
            parts.append(f"### {r.t(title)}")
            if top.empty:
                parts.append(r.t("mr_none_view"))
                continue
            if key == "inquiries":
                words = list(
                    dict.fromkeys(w for ws in top["source_words"] for w in ws.split("; ") if w)
                )
                if words:
                    parts.append(
                        r.t("mr_inquiry_words", words=_sep(r).join(md_text(w) for w in words[:10]))
                    )
            parts.append(
                html_table(
                    top,
                    [
                        pcols["product_id"],
                        pcols["title"],
                        *[
                            Col(
                                c,
                                r.t("mr_feedback")
                                if c == "feedback"
                                else r.t("mr_visitors_prev")
                                if c == "visitors_prev"
                                else r.t("change")
                                if c == "visitors_change"
                                else r.label(c),
                                kinds[c],
                            )
                            for c in cols
                        ],
                        pcols["source_words"],
                    ],
                    searchable=False,
                )
            )
        parts.append(f"### {r.t('mr_exposure')}")
        ex = rv.exposure
        if ex.empty:
            parts.append(r.t("mr_exposure_none"))
        else:
            ex = ex.assign(reason_text=[r.t(f"mr_reason_{x}") for x in ex["reason"]])
            todo.append(r.t("mr_todo_exposure", n=len(ex)))
            parts.append(
                html_table(
                    ex.head(n),
                    [
                        pcols["product_id"],
                        pcols["title"],
                        Col("impressions", r.label("impressions"), "count"),
                        Col("ctr", r.label("ctr"), "rate"),
                        Col("main_word", r.t("mr_main_word")),
                        Col("main_word_ctr", r.t("mr_main_word_ctr"), "rate"),
                        Col("reason_text", r.t("mr_reason")),
                    ],
                    searchable=False,
                )
            )
        parts.append(chart_block(product_map(p, r), r.t("mr_map")))
        parts.append(r.t("mr_map_note"))
        out["analysis"] = "\n\n".join(parts)

    # rising
    if not rv.has["day_rows"]:
        out["rising"] = _missing(r, "products", r.t("mr_no_daily"))
    else:
        ri = rv.rising
        note = "" if rv.has["traffic"] else _missing(r, "traffic_keywords", r.t("mr_rising_shows"))
        if ri.empty:
            out["rising"] = "\n\n".join(
                x for x in (note, r.t("mr_rising_none", days=s.monthly_rising_days)) if x
            )
        else:
            for rec in ri.to_dict("records"):
                todo.append(
                    r.t(
                        "mr_todo_rising",
                        product=md_text(rec["product_id"]),
                        title=md_text(str(rec["title"])[:60]),
                    )
                )
            ri = ri.assign(words_text=[_joined(w) for w in ri["words"]])
            out["rising"] = "\n\n".join(
                [
                    r.t("mr_rising_lead", days=s.monthly_rising_days, day=rv.day.isoformat()),
                    html_table(
                        ri,
                        [
                            pcols["product_id"],
                            pcols["title"],
                            Col("impressions_recent", r.t("mr_recent"), "count"),
                            Col("impressions_before", r.t("mr_before"), "count"),
                            Col("growth", r.t("change"), "change"),
                            Col("words_text", r.t("mr_rising_words")),
                        ],
                        searchable=False,
                    ),
                ]
            )

    # hot
    if rv.hot.empty:
        out["hot"] = r.t("mr_hot_none")
    else:
        out["hot"] = "\n\n".join(
            [
                r.t("mr_hot_lead"),
                html_table(
                    rv.hot,
                    [
                        pcols["product_id"],
                        pcols["title"],
                        Col("feedback", r.t("mr_feedback"), "count"),
                        Col("keep_words", r.t("mr_keep_words")),
                        Col("add_words", r.t("mr_add_words")),
                    ],
                    searchable=False,
                ),
            ]
        )

    # zero-effect
    z = rv.zero
    zparts = []
    span = history_days(r.data.day_rows, rv.day)
    if not rv.has["zero_sheet"] and span < s.zero_effect_days and z.empty:
        zparts.append(_missing(r, "zero_effect", r.t("mr_zero_shows")))
        zparts.append(r.t("mr_zero_short", n=span, days=s.zero_effect_days))
    elif z.empty:
        zparts.append(r.t("mr_zero_none", days=s.zero_effect_days, day=rv.day.isoformat()))
    else:
        if not rv.has["library"]:
            zparts.append(r.t("mr_zero_no_words"))
        z = z.assign(
            keywords_text=[_joined(w) for w in z["keywords"]],
            losing_text=[_joined(w) for w in z["keywords_losing_coverage"]],
            verdict_text=[r.t(f"mr_verdict_{v}") for v in z["verdict"]],
        )
        safe, unsafe = z[z["verdict"] == "safe"], z[z["verdict"] != "safe"]
        zparts.append(
            r.t(
                "mr_zero_lead",
                n=len(z),
                days=s.zero_effect_days,
                day=rv.day.isoformat(),
                safe=len(safe),
                unsafe=len(unsafe),
            )
        )
        losing = [w for ws in unsafe["keywords_losing_coverage"] for w in ws]
        if len(unsafe):
            todo.append(r.t("mr_todo_zero_unsafe", n=len(unsafe), words=len(set(losing))))
        if len(safe):
            todo.append(r.t("mr_todo_zero_safe", n=len(safe)))
        zcols = [
            pcols["product_id"],
            pcols["title"],
            Col("days_without_effect", r.t("mr_zero_days"), "count"),
            Col("losing_text", r.t("mr_losing")),
            Col("keywords_text", r.t("mr_zero_words")),
        ]
        zparts.append(f"### {r.t('mr_unsafe_title')}")
        zparts.append(
            html_table(unsafe.head(n), zcols, searchable=False) if len(unsafe) else r.t("none")
        )
        if losing:
            zparts.append(
                r.t(
                    "mr_losing_words", words=_sep(r).join(md_text(w) for w in dict.fromkeys(losing))
                )
            )
        zparts.append(f"### {r.t('mr_safe_title')}")
        zparts.append(
            html_table(safe.head(n), zcols[:3] + zcols[4:], searchable=False)
            if len(safe)
            else r.t("none")
        )
        zparts.append(r.t("all_in_download", n=len(z)) + f" [CSV]({name}-zero-effect.csv)")
    out["zero"] = "\n\n".join(zparts)

    # new products
    nparts = []
    if rv.new.empty:
        nparts.append(r.t("mr_new_none", month=name))
    else:
        nparts.append(
            html_table(
                rv.new,
                [
                    pcols["product_id"],
                    pcols["title"],
                    Col("first_seen", r.t("mr_first_seen"), "date"),
                    Col("impressions", r.label("impressions"), "count"),
                    Col("clicks", r.label("clicks"), "count"),
                    Col("visitors", r.label("visitors"), "count"),
                    Col("inquiries", r.label("inquiries"), "count"),
                    Col("target_keywords", r.t("mr_target_words")),
                ],
                searchable=False,
            )
        )
    if not rv.has["plan"]:
        nparts.append(_missing(r, "new_products", r.t("mr_plan_shows")))
    elif len(rv.pending):
        nparts.append(f"**{r.t('mr_plan')}**")
        nparts.append(
            html_table(
                rv.pending,
                [
                    Col("plan_date", r.t("mr_plan_date"), "date"),
                    Col("title", r.label("title")),
                    Col("category", r.label("category")),
                    Col("target_keywords", r.t("mr_target_words")),
                    Col("status", r.t("mr_status")),
                ],
                searchable=False,
            )
        )
    out["new"] = "\n\n".join(nparts)

    # downloads beside the page (the archive freezes them with it)
    for stem, (frame, csv_cols) in downloads(r, rv).items():
        people = [Col(c.name, r.label(c.name), c.kind) for c in csv_cols]  # Chinese headers
        r.write_table(f"monthly/{name}-{stem}", frame, csv_cols, stem, people)
    out["downloads"] = " · ".join(
        f"{stem}: [CSV]({name}-{stem}.csv) · [XLSX]({name}-{stem}.xlsx)" for stem in CSV_NAMES
    )
    n_review = sum(1 for line in month_scale["todo"].splitlines() if line.startswith("- "))
    if n_review:  # each section of the review ends with its own items
        todo.append(r.t("mr_todo_review", n=n_review, link=f"[{r.t('mr_weekly_review')}](#review)"))
    out["todo"] = "\n".join(f"- {line}" for line in todo)
    return out


ZERO_CSV = [
    Col("product_id", "product_id"),
    Col("title", "title"),
    Col("days_without_effect", "days_without_effect", "count"),
    Col("keywords", "keywords"),
    Col("keywords_losing_coverage", "keywords_losing_coverage"),
    Col("verdict", "verdict"),
]
ANALYSIS_CSV = [
    Col(c, c, k)
    for c, k in (
        ("product_id", "text"),
        ("title", "text"),
        ("category", "text"),
        ("owner", "text"),
        ("impressions", "count"),
        ("clicks", "count"),
        ("ctr", "rate"),
        ("visitors", "count"),
        ("visitors_prev", "count"),
        ("inquiries", "count"),
        ("tm_buyers", "count"),
        ("feedback", "count"),
        ("inquiry_rate", "rate"),
        ("source_words", "text"),
        ("exposure_reason", "text"),
    )
]
GROWTH_CSV = [
    Col(c, c, k)
    for c, k in (
        ("date", "date"),
        ("dimension", "text"),
        ("points", "number"),
        ("max_points", "number"),
        ("level", "text"),
        ("target_score", "number"),
    )
]


def downloads(r: Renderer, rv: Review) -> dict[str, tuple[pd.DataFrame, list[Col]]]:
    """The month's three downloads: (table, CSV columns) by name."""
    z = rv.zero.assign(
        keywords=[_joined(w) for w in rv.zero["keywords"]],
        keywords_losing_coverage=[_joined(w) for w in rv.zero["keywords_losing_coverage"]],
    )
    reasons = dict(zip(rv.exposure["product_id"], rv.exposure["reason"], strict=True))
    p = rv.products.assign(exposure_reason=[reasons.get(x, "") for x in rv.products["product_id"]])
    g = rv.growth
    recs: list[dict[str, Any]] = []
    if g is not None:
        recs += [
            {
                "date": h["date"],
                "dimension": "total",
                "points": h["growth_score"],
                "max_points": 100.0,
                "level": h["level"],
                "target_score": g["target"],
            }
            for h in g["history"].to_dict("records")
        ]
        recs += [
            {
                "date": g["date"],
                "dimension": d["dimension"],
                "points": d["points"],
                "max_points": d["max_points"],
                "level": g["level"],
                "target_score": g["target"],
            }
            for d in g["dimensions"].to_dict("records")
        ]
    growth = pd.DataFrame(recs, columns=[c.name for c in GROWTH_CSV])
    return {
        "zero-effect": (z, ZERO_CSV),
        "product-analysis": (p, ANALYSIS_CSV),
        "growth-score": (growth, GROWTH_CSV),
    }
