"""The facts of one week (or of one month at month scale): what the weekly page shows and
the weekly rules judge (computed by generator/analysis/weekly.py)."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import pandas as pd


@dataclass(frozen=True)
class WeekFacts:
    """Everything a weekly page (or the month-scale part of a monthly one) shows besides the
    shared layout. Frames are as the metrics (generator/analysis/metrics/weekly*.py) make
    them."""

    step: str
    start: dt.date
    end: dt.date
    report_day: dt.date
    latest: bool  # the latest week (its downloads are also copied to downloads/)
    peers: pd.DataFrame  # overview metrics: mine, previous, peer average and best
    peer_history: pd.DataFrame  # mine/peers per period, search impressions and visitors
    p4p_now: dict[str, Any] | None  # P4P account totals of the period
    p4p_prev: dict[str, Any] | None  # … of the period before
    showcase_count: int | None
    showcase_count_prev: int | None
    mix: pd.DataFrame  # traffic channel groups: share and target
    regions: pd.DataFrame
    p4p_words: pd.DataFrame  # P4P keywords with their diagnosis codes (";"-joined)
    p4p_products: pd.DataFrame
    diagnosis: pd.DataFrame  # low CTR: the word's fault, the product's or both
    cpc_trend: pd.DataFrame
    cpc_drivers: pd.DataFrame
    campaigns: pd.DataFrame
    score_fell: pd.DataFrame
    stars: pd.DataFrame  # 实力优品 candidates
    score_date: dt.date | None  # the growth-score snapshot's day
    top10: pd.DataFrame  # my impressions and clicks against the Top10 average per word
    uncovered: pd.DataFrame | None  # the publishing plan (the latest week only)
    ranks: pd.DataFrame
    rank_info: dict[str, Any] | None
    showcase: dict[str, Any] | None  # slots, shares, weakest and candidates (None: no showcase)
    rising: pd.DataFrame
    missing: dict[str, bool]  # input kind → missing
    growth_level: str | None = None  # P4P growth level (直通车成长等级) as of the report day
    owners: dict[str, str] = field(default_factory=dict)  # product ID → owner (产品负责人)
    titles: dict[str, str] = field(default_factory=dict)  # product ID → title (to-do items)
    # the weekly rules' findings and the to-do items of its page (analysis/rules: Finding,
    # Action; typed loosely here so the rules can read these facts without an import circle)
    findings: list[Any] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)

    # Kept in the store between builds (pickled inside :func:`packing_tables`), the tables go as
    # one inner pickle that is read on the first use of one of them: a new day's build reads
    # every kept period's to-do items (carried from period to period) but the tables only of
    # the pages it renders again, and unpickling a long history's tables took more than the
    # rest of its kept facts together. Unread, they are pickled again as the same bytes. Sent
    # back by a worker, facts are pickled whole: their pages are rendered by the same build (as
    # an inner pickle, a large store's first build took 150–280 MB more at its peak).
    def __getstate__(self) -> tuple[dict[str, Any], bytes] | dict[str, Any]:
        d = self.__dict__
        blob = d.get(_TABLES_BLOB)
        if blob is None and not _PACKING:
            return d
        if blob is None:
            blob = pickle.dumps({n: d[n] for n in TABLES}, protocol=5)
        return {n: d[n] for n in _LIGHT}, blob

    def __setstate__(self, state: tuple[dict[str, Any], bytes] | dict[str, Any]) -> None:
        if isinstance(state, dict):  # pickled whole
            self.__dict__.update(state)
            return
        light, blob = state
        self.__dict__.update(light)
        self.__dict__[_TABLES_BLOB] = blob

    if not TYPE_CHECKING:  # (for the type checker, a missing field stays an error)

        def __getattr__(self, name: str) -> Any:
            """A table of facts unpickled with its tables not read yet: read them now."""
            d = self.__dict__
            blob = d.get(_TABLES_BLOB)
            if name in TABLES and blob is not None:
                d.update(pickle.loads(blob))
                d.pop(_TABLES_BLOB, None)  # (after the update: a reader finds one or the other)
                return d[name]
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def with_actions(self, actions: list[Any]) -> WeekFacts:
        """These facts with other to-do items (``dataclasses.replace`` would read the tables)."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__, actions=actions)
        return new

    def fingerprint_parts(self) -> list[Any]:
        """What the page shows from these facts, for its reuse fingerprint (the actions are
        made from the findings)."""
        parts: list[Any] = []
        for f in sorted(fields(self), key=lambda f: f.name):
            v = getattr(self, f.name)
            if f.name == "actions":
                continue
            if isinstance(v, pd.DataFrame):
                parts.append(v)
            elif isinstance(v, dict) and f.name == "showcase":
                parts += [
                    x if isinstance(x, pd.DataFrame) else repr(x) for _, x in sorted(v.items())
                ]
            elif f.name == "findings":
                parts.append(repr([(x.rule, x.subject, x.anchor, x.values) for x in v]))
            else:
                parts.append(repr(v))
        return parts


_PACKING = False  # set by packing_tables: facts pickled now keep their tables apart


@contextmanager
def packing_tables() -> Iterator[None]:
    """Facts pickled inside are pickled to be kept (the store's memo, pipeline.keep_memo):
    their tables as one inner pickle, read when first used after unpickling."""
    global _PACKING
    before, _PACKING = _PACKING, True
    try:
        yield
    finally:
        _PACKING = before


_TABLES_BLOB = "_tables_pickled"
# what every build reads of every kept period (the to-do items and what they are made from);
# the other fields are the tables and lookups only the period's own page reads
_LIGHT = (
    "step",
    "start",
    "end",
    "report_day",
    "latest",
    "p4p_now",
    "p4p_prev",
    "showcase_count",
    "showcase_count_prev",
    "score_date",
    "missing",
    "growth_level",
    "findings",
    "actions",
)
TABLES = tuple(f.name for f in fields(WeekFacts) if f.name not in _LIGHT)
