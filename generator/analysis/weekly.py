"""The weekly analysis (the weekly routine) as facts: for every week, and for every month at
month scale (the monthly review shows the weekly analysis over its month), a
:class:`WeekFacts` computed from the inputs, the totals and the settings, with the weekly
rules' findings and the to-do items they make (generator/analysis/rules/weekly.py).

Snapshots (growth scores, rank checks, showcase) are read as of the period's report day: the
Tuesday after the week (when the week is final), or the as-of date if earlier; for a month,
its review day (the 3rd of the next month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from ..foundation.parallel import cores, fork_map, strided
from ..foundation.periods import reader_today, week_final_day
from .memo import Horizon, Memo, frame_digest, key_of, recall, row_digests
from .rules import findings, to_actions
from .rules.todo import carry_since
from .week_facts import WeekFacts
from .weekly_parts import (
    HISTORY_WEEKS,
    MONTH,
    WEEK,
    Context,
    Scale,
    Span,
    p4p_facts,
    product_facts,
    store_facts,
)

__all__ = [
    "HISTORY_WEEKS",
    "MONTH",
    "WEEK",
    "Context",
    "Scale",
    "WeekFacts",
    "all_facts",
    "week_facts",
]
# the inputs the weekly analysis reads; a missing one is named on its section
INPUT_KINDS = (
    "store_overview",
    "traffic_sources",
    "regions",
    "p4p_account",
    "p4p_keywords",
    "p4p_products",
    "p4p_campaigns",
    "product_scores",
    "traffic_keywords",
    "keyword_ranks",
    "showcase",
)
# the frames a period's facts read (its product rows at every granularity and its sheets)
WEEK_FRAMES = (
    "day_rows",
    "week_rows",
    "month_rows",
    *(f"sheet:{k}" for k in (*INPUT_KINDS, "p4p_growth")),
)


def frames_of(scale: Scale) -> tuple[str, ...]:
    """The frames a period of ``scale`` reads: a week the weekly product exports, a month the
    monthly ones (a late monthly export changes no week)."""
    other = "month_rows" if scale.step == "week" else "week_rows"
    return tuple(f for f in WEEK_FRAMES if f != other)


def period(ctx: Context, end: dt.date, scale: Scale = WEEK) -> tuple[dt.date, dt.date]:
    totals = ctx.totals(scale)
    row = totals.loc[end] if end in totals.index else None
    start = row.get("period_start") if row is not None else None
    if start is None or pd.isna(start):
        start = scale.start(end)
    return pd.Timestamp(start).date(), end


def all_facts(
    ctx: Context, scale: Scale, memo: Memo | None = None, horizon: Horizon | None = None
) -> dict[dt.date, WeekFacts]:
    """The facts of every period of ``scale``, on every core when there are many; with a
    ``memo``, only the periods whose key changed are computed (the others are kept)."""
    ends = ctx.ends(scale)

    def compute(todo: list[dt.date]) -> dict[dt.date, WeekFacts]:
        if todo:
            ctx.ready()  # read once here, not in every worker
        parts = fork_map(
            lambda c, chunk: [(w, week_facts(c, w, scale)) for w in chunk],
            ctx,
            strided(todo, cores()),
            parallel=len(todo) >= 4,  # a week's or month's facts take a tenth of a second
        )
        return dict(item for part in parts for item in part)

    def keys(code: str, h: Horizon) -> dict[dt.date, str]:
        library = frame_digest(ctx.library) if scale.step == "week" else ""
        rows = row_digests(ctx.totals(scale))
        return {e: period_key(ctx, e, scale, code, h, library, rows) for e in ends}

    return recall(memo, horizon, f"facts:{scale.step}", ends, keys, compute)


def _latest(ctx: Context, end: dt.date, scale: Scale) -> tuple[bool, dt.date | None]:
    """Whether ``end`` is the latest week, and the day its publishing plan starts."""
    is_latest = scale.step == "week" and end == ctx.latest_week()
    plan_from = None
    if is_latest:  # from the Wednesday after the report, or the reader's tomorrow if later
        plan_from = max(
            week_final_day(end) + dt.timedelta(days=1),
            reader_today(ctx.inputs.as_of, ctx.today, ctx.settings.lag_days) + dt.timedelta(days=1),
        )
    return is_latest, plan_from


def period_key(
    ctx: Context,
    end: dt.date,
    scale: Scale,
    code: str,
    horizon: Horizon,
    library: str,
    rows: pd.Series,
) -> str:
    """What the facts of the period ending ``end`` are made of (analysis/memo.py): the code,
    the settings, the period and its report day, every input row up to the last day it reads,
    its totals and the period before's (``rows``: :func:`~.memo.row_digests` of the totals),
    and for the latest week the keyword library and the reader's dates."""
    start, end = period(ctx, end, scale)
    report_day = scale.report_day(end, ctx.inputs.as_of)
    is_latest, plan_from = _latest(ctx, end, scale)
    near = rows[rows.index <= end].iloc[-2:]
    return key_of(
        code,
        ctx.settings,
        scale.step,
        start,
        end,
        report_day,
        is_latest,
        plan_from,
        horizon.upto(max(end, report_day), frames_of(scale)),
        horizon.empties(INPUT_KINDS),
        list(ctx.totals(scale).columns),
        near.to_dict(),
        (library, ctx.inputs.as_of, ctx.today) if is_latest else None,
    )


def week_facts(ctx: Context, end: dt.date, scale: Scale = WEEK) -> WeekFacts:
    """The facts of the period ending ``end``, its findings and its to-do items."""
    s, as_of = ctx.settings, ctx.inputs.as_of
    start, end = period(ctx, end, scale)
    prev_end = start - dt.timedelta(days=1)
    prev_start = scale.start(prev_end) if scale.step == "month" else start - dt.timedelta(days=7)
    is_latest, plan_from = _latest(ctx, end, scale)
    span = Span(scale, start, end, prev_start, prev_end, scale.report_day(end, as_of))
    facts = WeekFacts(
        step=scale.step,
        start=start,
        end=end,
        report_day=span.report_day,
        latest=is_latest,
        **store_facts(ctx, span),
        **p4p_facts(ctx, span),
        **product_facts(ctx, span, plan_from),
        missing={k: ctx.sheet(k).empty for k in INPUT_KINDS},
    )
    found = findings("week", facts, s)
    acts = to_actions(end, scale.page(end), found, s.language, scale.step)
    return replace(facts, findings=found, actions=acts)


SECTIONS = ("peers", "mix", "regions", "p4p", "stars", "keywords", "showcase")


def with_since(by_end: dict[dt.date, WeekFacts], period: str) -> dict[dt.date, WeekFacts]:
    """The periods' facts, each to-do item open on the period before too keeping its first
    period as ``since`` (rules.todo.carry_since)."""
    carried = carry_since({end: f.actions for end, f in by_end.items()}, period)
    return {end: f.with_actions(carried[end]) for end, f in by_end.items()}
