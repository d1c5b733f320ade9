"""The weekly analysis's parts: its periods (:class:`Scale`, :class:`Span`), what it reads
(:class:`Context`) and the facts of each section, computed by generator/analysis/metrics/weekly.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..config import Settings
from ..foundation.periods import month_key, month_review_day, month_start, week_report_day
from ..inputs import Inputs
from .dated_rows import DatedRows
from .metrics import weekly as wk
from .metrics.monthly import growth_days, growth_score
from .metrics.promoted import mark_promoted, promoted
from .product_texts import ProductTexts

HISTORY_WEEKS = 12
# the sheets a period reads only near its days: kind → (date column, dated by report spans)
NEAR = {
    "store_overview": ("date", False),
    "traffic_sources": ("date", False),
    "regions": ("date", False),
    "p4p_account": ("date", False),
    "keyword_ranks": ("date", False),
    "product_scores": ("date", False),
    "p4p_growth": ("date", False),
    "showcase": ("period_end", False),
    "p4p_keywords": ("period_end", True),
    "p4p_products": ("period_end", True),
    "p4p_campaigns": ("period_end", True),
    "traffic_keywords": ("period_end", True),
}


@dataclass(frozen=True)
class Scale:
    """The period the analysis runs over: a week (the weekly page) or a month (the monthly
    review's "weekly analysis at month scale")."""

    step: str  # "week" or "month"

    @property
    def section(self) -> str:
        return "weekly" if self.step == "week" else "monthly"

    def name(self, end: dt.date) -> str:
        return end.isoformat() if self.step == "week" else month_key(end)

    def start(self, end: dt.date) -> dt.date:
        return end - dt.timedelta(days=6) if self.step == "week" else month_start(end)

    def this(self) -> str:
        return "wk_this_week" if self.step == "week" else "wk_this_month"

    def last(self) -> str:
        return "wk_last_week" if self.step == "week" else "wk_last_month"

    def gap_chart(self) -> str:
        return "wk_gap_chart" if self.step == "week" else "wk_gap_chart_month"

    def page(self, end: dt.date) -> str:
        """The period's page, from the site root."""
        return f"{self.section}/{self.name(end)}.md"

    def report_day(self, end: dt.date, as_of: dt.date) -> dt.date:
        if self.step == "week":
            return week_report_day(end, as_of)
        return month_review_day(end, as_of)


WEEK, MONTH = Scale("week"), Scale("month")


@dataclass(frozen=True)
class Context:
    """What the weekly analysis reads: the inputs, the totals per week and month, the keyword
    library and the reader's day."""

    inputs: Inputs
    weekly: pd.DataFrame
    monthly: pd.DataFrame
    library: pd.DataFrame
    settings: Settings
    today: dt.date | None = None

    @cached_property
    def day_texts(self) -> dict[str, ProductTexts]:
        """The daily product rows' owners and titles, read once for every period."""
        return ProductTexts.of_columns(self.inputs.day_rows, ("owner", "title"))

    @cached_property
    def dated(self) -> dict[str, DatedRows]:
        """The sheets of :data:`NEAR` and the weekly and monthly product rows in date order,
        to cut each period's rows from them (analysis/dated_rows.py)."""
        out = {k: DatedRows.of(self.sheet(k), col, spans) for k, (col, spans) in NEAR.items()}
        for step, rows in (("week", self.inputs.week_rows), ("month", self.inputs.month_rows)):
            out[step] = DatedRows.of(rows, "period_end")
        return out

    @cached_property
    def growth_days(self) -> np.ndarray | None:
        """The days with a P4P growth score (metrics/monthly.py growth_days)."""
        return growth_days(self.sheet("p4p_growth"))

    def ready(self) -> None:
        """Read what every period reads once, before the periods are shared out."""
        self.day_texts  # noqa: B018
        self.dated  # noqa: B018
        self.growth_days  # noqa: B018

    def between(self, kind: str, start: dt.date, end: dt.date) -> pd.DataFrame:
        """Sheet ``kind``'s rows from ``start`` to ``end`` (by :data:`NEAR`'s column; a
        superset of them: the metrics cut their own days from it)."""
        return self.dated[kind].between(start, end)

    def latest(self, kind: str, day: dt.date, snapshots: int = 1) -> pd.DataFrame:
        """Sheet ``kind``'s rows of its last ``snapshots`` days on or before ``day`` (or more)."""
        return self.dated[kind].latest(day, snapshots)

    def totals(self, scale: Scale) -> pd.DataFrame:
        return self.weekly if scale.step == "week" else self.monthly

    def sheet(self, kind: str) -> pd.DataFrame:
        return self.inputs.sheets.get(kind, pd.DataFrame())

    def latest_week(self) -> dt.date | None:
        weeks = [w for w in self.weekly.index if w <= self.inputs.as_of]
        return max(weeks) if weeks else None

    def ends(self, scale: Scale) -> list[dt.date]:
        """The periods with facts: every week (month) of the totals up to the as-of date."""
        return [w for w in self.totals(scale).index if w <= self.inputs.as_of]


@dataclass(frozen=True)
class Span:
    """A period, the one before, and the day its snapshots are read."""

    scale: Scale
    start: dt.date
    end: dt.date
    prev_start: dt.date
    prev_end: dt.date
    report_day: dt.date

    def history(self, ctx: Context) -> list[tuple[dt.date, dt.date]]:
        """The last HISTORY_WEEKS periods up to this one (for the trend charts)."""
        periods = [w for w in ctx.totals(self.scale).index if w <= self.end][-HISTORY_WEEKS:]
        return [(self.scale.start(w), w) for w in periods]


def _rows(ctx: Context, span: Span) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The period's and the previous period's product rows (dates compared as timestamps)."""
    rows = ctx.inputs.week_rows if span.scale.step == "week" else ctx.inputs.month_rows
    if not len(rows):
        return pd.DataFrame(), pd.DataFrame()
    return _ending(ctx, span.scale, span.end), _ending(ctx, span.scale, span.prev_end)


def _ending(ctx: Context, scale: Scale, end: dt.date) -> pd.DataFrame:
    """The product rows of ``scale``'s period ending ``end``."""
    rows = ctx.dated[scale.step].between(end, end)
    return rows[rows["period_end"].dt.normalize() == pd.Timestamp(end)]


def _earlier_rows(ctx: Context, span: Span) -> pd.DataFrame:
    """The product rows of the period before the previous one (a rise held two periods)."""
    rows = ctx.inputs.week_rows if span.scale.step == "week" else ctx.inputs.month_rows
    if not len(rows):
        return pd.DataFrame()
    return _ending(ctx, span.scale, span.prev_start - dt.timedelta(days=1))


def _first_day(history: list[tuple[dt.date, dt.date]], start: dt.date) -> dt.date:
    """The first day of the periods up to this one (they end by this period's end)."""
    return min((a for a, _ in history), default=start)


def _showcase_count(rows: pd.DataFrame) -> int | None:
    if not len(rows) or "showcase" not in rows:
        return None
    return int(rows["showcase"].fillna(False).astype(bool).sum())


def store_facts(ctx: Context, span: Span) -> dict[str, Any]:
    """Against peers, the traffic mix, the regions, the showcase counts."""
    s, start, end = ctx.settings, span.start, span.end
    history = span.history(ctx)
    this_rows, prev_rows = _rows(ctx, span)
    overview = ctx.between("store_overview", _first_day(history, start), end)
    return {
        "peers": wk.peer_table(
            ctx.between("store_overview", span.prev_start, end),
            start,
            end,
            span.prev_start,
            span.prev_end,
        ),
        "peer_history": wk.peer_histories(
            overview, history, ["search_impressions", "store_visitors"]
        ),
        "showcase_count": _showcase_count(this_rows),
        "showcase_count_prev": _showcase_count(prev_rows),
        "mix": wk.traffic_mix(
            ctx.between("traffic_sources", start, end),
            start,
            end,
            s.traffic_channel_groups,
            {
                "scene": s.traffic_mix_scene,
                "paid": s.traffic_mix_paid,
                "natural": s.traffic_mix_natural,
            },
        ),
        "regions": wk.region_table(
            ctx.between("regions", start, end), start, end, s.weekly_imprecise_min_clicks
        ),
        "growth_level": _growth_level(ctx, span.report_day),
    }


def _growth_level(ctx: Context, day: dt.date) -> str | None:
    """The P4P growth level as of ``day`` (None: no 直通车成长分 sheet row by then)."""
    rows, days = ctx.sheet("p4p_growth"), ctx.growth_days
    n = 0 if days is None else int(np.searchsorted(days, np.datetime64(day, "D"), side="right"))
    if days is not None and n:  # from the last day with a score on: its level is that day's
        rows = ctx.between("p4p_growth", days[n - 1].item(), day)
    growth = growth_score(rows, day, ctx.settings.growth_target_score)
    return growth["level"] if growth else None


def _diagnosed_words(words: pd.DataFrame, diagnosis: pd.DataFrame) -> pd.DataFrame:
    """The P4P words with their diagnosis codes: abnormal; waste or no_clicks (the keyword
    library's verdict); low_ctr_<whose>."""
    if not len(words):
        return words.assign(diagnosis=pd.Series(dtype=object))
    on_words = diagnosis["subject_type"] == "keyword"
    word_diag = dict(
        zip(diagnosis.loc[on_words, "subject"], diagnosis.loc[on_words, "diagnosis"], strict=True)
    )
    codes = [
        ";".join(
            code
            for code, on in (
                ("abnormal", ab),
                (str(no), bool(no)),
                (f"low_ctr_{word_diag.get(k, '')}", k in word_diag),
            )
            if on
        )
        for k, ab, no in zip(words["keyword"], words["abnormal"], words["waste"], strict=True)
    ]
    return words.assign(diagnosis=codes)


def p4p_facts(ctx: Context, span: Span) -> dict[str, Any]:
    """The P4P strategy: account totals, words, products, the CTR diagnosis, CPC, campaigns."""
    s, start, end = ctx.settings, span.start, span.end
    history = span.history(ctx)
    words = wk.p4p_keyword_table(
        ctx.between("p4p_keywords", start, end),
        start,
        end,
        s.keyword_broad_max_ctr,
        s.keyword_broad_min_impressions,
        s.keyword_waste_max_chance,
        s.keyword_waste_min_spend,
    )
    products = wk.p4p_product_table(ctx.between("p4p_products", start, end), start, end)
    links_from = start - dt.timedelta(days=28)
    links = wk.dated_in(
        ctx.between("keyword_ranks", links_from, span.report_day),
        "date",
        links_from,
        span.report_day,
    )
    if len(links) and "is_p4p" in links:
        links = links[links["is_p4p"].fillna(False).astype(bool)]
    diagnosis = wk.ctr_diagnosis(
        words, products, links, s.weekly_low_ctr_ratio, s.weekly_ctr_min_impressions
    )
    words = _diagnosed_words(words, diagnosis)
    return {
        "p4p_now": wk.p4p_totals(ctx.between("p4p_account", start, end), start, end),
        "p4p_prev": wk.p4p_totals(
            ctx.between("p4p_account", span.prev_start, span.prev_end),
            span.prev_start,
            span.prev_end,
        ),
        "p4p_words": words,
        "p4p_products": products,
        "diagnosis": diagnosis,
        "cpc_trend": wk.cpc_trend(
            ctx.between("p4p_account", _first_day(history, start), end), history
        ),
        "cpc_drivers": wk.cpc_drivers(words),
        "campaigns": wk.campaign_checks(
            ctx.between("p4p_campaigns", start, end),
            start,
            end,
            s.p4p_min_hours,
            s.p4p_min_budget_use,
        ),
    }


def product_facts(ctx: Context, span: Span, plan_from: dt.date | None) -> dict[str, Any]:
    """实力优品, keywords (against the Top10, the publishing plan from ``plan_from`` for the
    latest week, rank checks) and the showcase."""
    s, day = ctx.settings, span.report_day
    scores = ctx.latest("product_scores", day, snapshots=2)  # the latest and the one before
    this_rows, prev_rows = _rows(ctx, span)
    visitors = (
        this_rows[["product_id", "visitors"]]
        if len(this_rows)
        else pd.DataFrame(columns=["product_id", "visitors"])
    )
    snapshot = wk.latest_on_or_before(scores, "date", day)
    top10 = wk.keyword_vs_top10(
        ctx.between("traffic_keywords", span.start, span.end), span.start, span.end
    )
    plan = None
    if plan_from is not None:
        plan = wk.publishing_plan(
            wk.uncovered_keywords(ctx.library, top10), plan_from, s.publish_per_day
        )
    ranks, rank_info = wk.rank_summary(ctx.latest("keyword_ranks", day), day, s.page1_target)
    shown_now = wk.latest_on_or_before(ctx.latest("showcase", day), "period_end", day)
    showcase = wk.showcase_summary(
        shown_now,
        this_rows
        if len(this_rows)
        else pd.DataFrame(
            columns=["product_id", "title", "search_impressions", "visitors", "inquiries"]
        ),
        snapshot,
        s.star_target,
    )
    in_p4p, shown = promoted(
        this_rows, ctx.latest("showcase", day), ctx.latest("p4p_products", day), day
    )
    weekly = span.scale.step == "week"  # a week's rise must hold two weeks running
    earlier = _earlier_rows(ctx, span) if weekly else None
    rising = wk.rising_products(this_rows, prev_rows, s.change_large, shown, earlier=earlier)
    if not weekly:  # a month's new listings are under 新品, not "rising"
        rising = rising[rising["impressions_prev"] > 0]
    rising = mark_promoted(rising, in_p4p, shown)
    return {
        "score_fell": wk.score_changes(scores, day),
        "stars": wk.star_candidates(scores, day, s.star_band_low, s.star_target, visitors),
        "score_date": pd.Timestamp(snapshot["date"].iloc[0]).date() if len(snapshot) else None,
        "top10": top10,
        "uncovered": plan,
        "ranks": ranks,
        "rank_info": rank_info,
        "showcase": showcase,
        "rising": rising,
        "owners": latest_texts(ctx.day_texts["owner"], this_rows, "owner", span.end),
        # the titles the to-do items name products by (analysis/rules/base.py product_label)
        "titles": latest_texts(ctx.day_texts["title"], this_rows, "title", span.end),
    }


def latest_texts(
    history: ProductTexts, rows: pd.DataFrame, column: str, end: dt.date
) -> dict[str, str]:
    """Product ID → ``column`` (its owner 产品负责人, its title): the latest value in the daily
    ``history`` up to the period's end, the period's own ``rows`` winning."""
    out = history.upto(end)
    out.update(ProductTexts.of(rows, column).upto(end))
    return out
