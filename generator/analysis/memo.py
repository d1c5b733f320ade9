"""Facts kept from the last build: a period's facts are computed again only when what they are
made of changed.

A period's key (:meth:`Horizon.key`) hashes the code, the settings, the period and the dates
that decide it (its report day, whether it is the latest), and every input row dated up to the
last day it reads (:class:`Horizon`). Rows are immutable once stored and a new day's rows are
dated after every earlier period's horizon, so a new day leaves every earlier period's key as
it was. The memo itself is plain data handed in by the pipeline (it keeps the entries in the
store); the analysis stays pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from ..config import Settings
from ..foundation.shared_text import distinct_objects
from ..inputs import Inputs
from ..kinds import KINDS, PROVENANCE

T = TypeVar("T")
Entry = tuple[str, Any]  # (key, facts)


@dataclass
class Memo:
    """Facts by (scope, period end) with the key they were computed for: ``kept`` from the last
    build, ``fresh`` (every entry of this build, reused or computed) after the analysis."""

    kept: dict[tuple[str, dt.date], Entry] = field(default_factory=dict)
    code: str = ""  # the code version (foundation.version), given by the pipeline
    fresh: dict[tuple[str, dt.date], Entry] = field(default_factory=dict)
    computed: set[tuple[str, dt.date]] = field(default_factory=set)

    def recall(
        self,
        scope: str,
        keys: dict[dt.date, str],
        compute: Callable[[list[dt.date]], dict[dt.date, T]],
    ) -> dict[dt.date, T]:
        """The facts of every period of ``keys`` (in its order): kept where the kept key is
        the period's key, the others made by ``compute`` (one call, for all of them at once)."""
        todo = [e for e, k in keys.items() if self.kept.get((scope, e), ("",))[0] != k]
        made = compute(todo)
        self.computed.update((scope, e) for e in made)
        out: dict[dt.date, T] = {}
        for end, key in keys.items():
            out[end] = made[end] if end in made else self.kept[(scope, end)][1]
            self.fresh[(scope, end)] = (key, out[end])
        return out


def recall(
    memo: Memo | None,
    horizon: Horizon | None,
    scope: str,
    periods: list[dt.date],
    keys: Callable[[str, Horizon], dict[dt.date, str]],
    compute: Callable[[list[dt.date]], dict[dt.date, T]],
) -> dict[dt.date, T]:
    """The facts of ``periods``, in their order. With a memo (and the horizon its keys read)
    :meth:`Memo.recall` keeps every period whose key, ``keys(code, horizon)``, is unchanged;
    without one, every period is computed."""
    if memo is None or horizon is None:
        made = compute(periods)
        return {p: made[p] for p in periods}
    return memo.recall(scope, keys(memo.code, horizon), compute)


def _row_day(frame: pd.DataFrame, kind: str | None) -> pd.Series:
    """The day a row belongs to: its own date for kinds dated row by row, else its period's
    first day (a period that started by the horizon may be read by it)."""
    column = KINDS[kind].date_column if kind in KINDS else None
    if column and column in frame.columns:
        days = pd.to_datetime(frame[column], errors="coerce")
    elif "period_start" in frame.columns:
        days = pd.to_datetime(frame["period_start"], errors="coerce")
    else:
        return pd.Series(pd.Timestamp.min, index=frame.index)
    return days.fillna(pd.Timestamp.min)


class Horizon:
    """Hashes of every input row up to a day, each in constant time after one pass: per frame,
    the rows sorted by day, their hashes summed (a multiset hash) cumulatively. Rows read
    from the store come hashed by DuckDB as they are read (``Inputs.row_digests``: no second
    pass over a large store's millions of rows); others are hashed here (:func:`_row_hashes`),
    over the same columns (:func:`_values`)."""

    def __init__(self, inputs: Inputs) -> None:
        frames: list[tuple[str, str | None, pd.DataFrame]] = [
            ("day_rows", "products", inputs.day_rows),
            ("week_rows", "products", inputs.week_rows),
            ("month_rows", "products", inputs.month_rows),
            *((f"sheet:{k}", k, f) for k, f in sorted(inputs.sheets.items())),
        ]
        self.parts: list[tuple[str, np.ndarray, np.ndarray]] = []
        for name, kind, frame in frames:
            if frame is None or not len(frame):
                self.parts.append((name, np.array([], dtype="datetime64[ns]"), np.zeros(1, "u8")))
                continue
            days = _row_day(frame, kind).to_numpy(dtype="datetime64[ns]")
            hashes = inputs.row_digests.get(name)
            if hashes is None or len(hashes) != len(frame):  # (inputs not read from a store)
                hashes = _row_hashes(_values(frame, kind))
            order = np.argsort(days, kind="stable")
            cum = np.concatenate([[0], np.cumsum(hashes[order], dtype="u8")]).astype("u8")
            self.parts.append((name, days[order], cum))
        self.empty = tuple(sorted((k, f is None or f.empty) for k, f in inputs.sheets.items()))

    def empties(self, kinds: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
        """Which of ``kinds`` the store has no rows of (a kind that arrives with later rows
        only changes what an earlier period says of it being missing)."""
        return tuple((k, e) for k, e in self.empty if k in kinds)

    def upto(self, day: dt.date | None, only: tuple[str, ...] | None = None) -> str:
        """A hash of every row dated up to ``day`` (every row with None) of the frames named
        ``only`` (day_rows, week_rows, month_rows, sheet:<kind>)."""
        h = hashlib.sha256()
        limit = None if day is None else np.datetime64(pd.Timestamp(day), "ns")
        for name, days, cum in self.parts:
            if only is not None and name not in only:
                continue
            n = len(days) if limit is None else int(np.searchsorted(days, limit, side="right"))
            h.update(f"{name}:{n}:{int(cum[n])};".encode())
        return h.hexdigest()


def _values(frame: pd.DataFrame, kind: str | None) -> pd.DataFrame:
    """What of a row the analysis reads: for kinds dated row by row, all but its provenance
    (which files cover a day is part of a day's key on its own)."""
    column = KINDS[kind].date_column if kind in KINDS else None
    if column and column in frame.columns:
        return frame.drop(columns=[c for c in PROVENANCE if c in frame.columns])
    return frame


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """One hash per row: each column hashed on its own (numbers and dates by their bits, text
    through its distinct values), then combined, without a converted copy of the frame."""
    out = np.full(len(frame), np.uint64(0x345678), dtype="u8")
    mult = np.uint64(1000003)
    width = frame.shape[1]
    with np.errstate(over="ignore"):
        for i in range(width):
            out ^= _column_hashes(frame.iloc[:, i])
            out *= mult
            mult += np.uint64(82520 + 2 * (width - i))
        out += np.uint64(97531)
    return out


_MISSING_TEXT = np.uint64(0x9E3779B97F4A7C15)  # a missing text cell's hash


def _column_hashes(column: pd.Series) -> np.ndarray:
    dtype = column.dtype
    if _is_text(column):
        return _text_hashes(column)
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        # a count column is int64 when every row has it and float64 when one row lacks it
        # (the newest day before its export lands): hashed alike (as floats; pandas hashes
        # -0.0 as 0.0 and every NaN alike), or a new day changes every key
        return pd.util.hash_array(column.to_numpy(dtype="float64"))
    if isinstance(dtype, np.dtype) and dtype.kind in "bmM":
        return pd.util.hash_array(column.to_numpy())
    try:
        return pd.util.hash_array(column.to_numpy(dtype=object))
    except TypeError:  # a cell pandas cannot hash (a list): its text
        return pd.util.hash_array(column.astype(str).to_numpy(dtype=object))


def _is_text(column: pd.Series) -> bool:
    if isinstance(column.dtype, pd.StringDtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=True) == "string"


def _text_hashes(column: pd.Series) -> np.ndarray:
    """A text column's cells hashed through its distinct values: each distinct text hashed
    once (a product's title repeats on each of its days), then taken by position."""
    codes, texts = distinct_objects(column.to_numpy(dtype=object))
    missing = pd.isna(texts)
    hashed = np.full(len(texts), _MISSING_TEXT, dtype="u8")
    if not missing.all():
        hashed[~missing] = pd.util.hash_array(texts[~missing])
    return hashed[codes]


def row_digests(frame: pd.DataFrame) -> pd.Series:
    """One hash per row of ``frame`` (its index and values), by its index: a key takes the
    rows it reads from here instead of hashing them again for each period."""
    if not len(frame):
        return pd.Series([], dtype="u8")
    return pd.Series(_row_hashes(frame.reset_index()), index=frame.index)


def frame_digest(frame: pd.DataFrame) -> str:
    """A hash of a frame's columns, index and values."""
    h = hashlib.sha256(repr(list(frame.columns)).encode())
    if len(frame):
        h.update(_row_hashes(frame.reset_index()).tobytes())
    return h.hexdigest()


def key_of(*parts: Any) -> str:
    """A hash of ``parts`` by their text (settings: those a fact can read)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.read_by_pages_text if isinstance(part, Settings) else repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
