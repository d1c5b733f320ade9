"""The inputs stage: every kind's rows, read from the store once, as of one date.

:func:`load_inputs` is the only place the analysis's data comes from: one read per kind (the
product exports at each granularity, the operator sheets, the keyword library's sources) and
the store's own records (what it holds per kind, the last run's rejected files, the ingest
log, row problems, the run history). Rows after the as-of date are left out, so a build as of
a past date sees the store as it was then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..kinds import KINDS

if TYPE_CHECKING:
    from ..store import Store

RECENT_RUNS = 30  # the runs the build-status page lists
# kinds read row by row up to the as-of date (dated rows), and kinds read as their current
# export per period
DATED_KINDS = (
    "inquiries",
    "visitors",
    "p4p_account",
    "regions",
    "traffic_sources",
    "store_overview",  # the weekly report's inputs
    "product_scores",
    "keyword_ranks",
    "p4p_growth",  # the monthly review's
)
CURRENT_KINDS = (
    "p4p_campaigns",
    "p4p_keywords",
    "traffic_keywords",
    "p4p_products",
    "showcase",
    "zero_effect",
    "new_products",
    "keyword_index",
)
# what the keyword library reads
KEYWORD_KINDS: tuple[str, ...] = (
    "traffic_keywords",
    "keyword_index",
    "p4p_keywords",
    "p4p_search_terms",
    "visitors",
    "rfq",
    "competitor_keywords",
    "new_products",
    "keyword_ranks",
    "products",
)

# the kinds the library reads only as they are now (their last period): the products' titles,
# for coverage; their history would be a second copy of every product row in memory
LATEST_ONLY = frozenset({"products"})

RUN_COLUMNS = [
    "run_id",
    "started_at",
    "ended_at",
    "trigger",
    "jobs",
    "as_of",
    "pid",
    "files_ingested",
    "pages_written",
    "result",
    "error",
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame()


def empty_runs() -> pd.DataFrame:
    """An empty run history (the store's ``runs`` columns)."""
    return pd.DataFrame(columns=list(RUN_COLUMNS))


@dataclass
class Inputs:
    """Everything the analysis reads, as of ``as_of`` (later rows left out)."""

    as_of: dt.date
    day_rows: pd.DataFrame = field(default_factory=_frame)  # current product rows, per day
    week_rows: pd.DataFrame = field(default_factory=_frame)  # … per week
    month_rows: pd.DataFrame = field(default_factory=_frame)  # … per month
    sheets: dict[str, pd.DataFrame] = field(default_factory=dict)  # the other kinds' rows
    keyword_sources: dict[str, pd.DataFrame] = field(default_factory=dict)
    kinds: pd.DataFrame = field(default_factory=_frame)  # store.kind_periods()
    events: pd.DataFrame = field(default_factory=_frame)  # last run's rejected, skipped files
    log: pd.DataFrame = field(default_factory=_frame)  # store.ingest_log()
    row_problems: pd.DataFrame = field(default_factory=_frame)  # rows left out, ids restored
    runs: pd.DataFrame = field(default_factory=empty_runs)  # store.runs(): the run history
    pushes: dict[str, dict[str, Any]] = field(default_factory=dict)  # last push per channel
    # each row's digest, by frame (day_rows, week_rows, month_rows, sheet:<kind>), as the store
    # hashed it when it read the rows: what a period's facts are keyed by (analysis/memo.py)
    row_digests: dict[str, np.ndarray] = field(default_factory=dict)

    def sheet(self, kind: str) -> pd.DataFrame:
        """A kind's rows (empty when the store has none)."""
        return self.sheets.get(kind, pd.DataFrame())


def keyword_sources(store: Store, as_of: dt.date) -> dict[str, pd.DataFrame]:
    """The current rows of every kind the keyword library reads, up to ``as_of``: row-dated
    kinds by their dates, the others by their periods' ends, and the products as of their
    last period (:data:`LATEST_ONLY`)."""
    return {
        k: store.latest(k, end=as_of)
        if k in LATEST_ONLY
        else store.rows(k, end=as_of)
        if KINDS[k].date_column
        else store.current(k, end=as_of)
        for k in KEYWORD_KINDS
    }


def load_inputs(store: Store, as_of: dt.date) -> Inputs:
    """Every kind's rows as of ``as_of``: one read per kind (its text shared: the store's
    :meth:`~generator.store.reads.StoreReads.query_rows`), each row with its digest
    (``Inputs.row_digests``)."""
    rows, digests = {}, {}
    for g in ("day", "week", "month"):
        rows[g], digests[f"{g}_rows"] = store.digested(
            "products", dated=False, granularity=g, end=as_of
        )
        rows[g]["period_end"] = pd.to_datetime(rows[g]["period_end"])
    sheets = {}
    for kinds, dated in ((DATED_KINDS, True), (CURRENT_KINDS, False)):
        for k in kinds:
            sheets[k], digests[f"sheet:{k}"] = store.digested(k, dated=dated, end=as_of)
    return Inputs(
        as_of=as_of,
        day_rows=rows["day"],
        week_rows=rows["week"],
        month_rows=rows["month"],
        sheets=sheets,
        keyword_sources=keyword_sources(store, as_of),
        kinds=store.kind_periods(),
        events=store.last_run_events(),
        log=store.ingest_log(),
        row_problems=store.row_problems(),
        runs=store.runs(limit=RECENT_RUNS),
        pushes=store.pushes(),
        row_digests=digests,
    )
