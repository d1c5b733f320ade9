"""Product ID → a text column of the product rows (its owner 产品负责人, its title) as of a day:
the latest non-empty value up to that day.

The weekly analysis asks this of the whole daily history for every week and month. Filtering
and sorting the history each time made the cost grow with the square of its length; a
:class:`ProductTexts` reads the history once, keeps only the rows where a product's value
changes, and answers each day with a prefix of them (titles and owners change rarely)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..foundation.shared_text import distinct_objects, numbered_texts


@dataclass(frozen=True)
class ProductTexts:
    """A column's stripped, non-empty values per product, in date order (ties by product ID),
    only where the product's value differs from its value before."""

    days: np.ndarray  # datetime64[ns], the rows' days (normalised), ascending
    products: np.ndarray  # product IDs as text
    texts: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame, column: str) -> ProductTexts:
        """The values of ``column`` in ``frame`` (product rows; with ``period_end``, dated)."""
        return cls.of_columns(frame, (column,))[column]

    @classmethod
    def of_columns(cls, frame: pd.DataFrame, columns: tuple[str, ...]) -> dict[str, ProductTexts]:
        """:meth:`of` each of ``columns``: the rows numbered by product and sorted once for
        all of them (a large store's history is millions of rows)."""
        none = cls(np.array([], dtype="datetime64[ns]"), np.array([], dtype=object), np.array([]))
        out = dict.fromkeys(columns, none)
        texts = [c for c in columns if c in frame and _text(frame[c])]
        if not len(frame) or "product_id" not in frame or not texts:
            return out
        dated = "period_end" in frame
        if dated:
            days = frame["period_end"].dt.normalize().to_numpy(dtype="datetime64[ns]")
        else:  # undated rows: all of them, whatever the day
            days = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
        # each distinct product ID as text once; the products as numbers in the IDs' text
        # order (sorted as numbers, the same order); every row by product, then day (a day's
        # rows in row order): a column's rows are those of this order that it keeps
        rank, names = numbered_texts(frame["product_id"].to_numpy(dtype=object))
        order = np.lexsort((days, rank))
        for column in texts:
            # each distinct text stripped once (anything but text: missing), and numbered:
            # the rows compare numbers, not texts
            codes, distinct = distinct_objects(frame[column].to_numpy(dtype=object))
            stripped = np.array([v.strip() if isinstance(v, str) else "" for v in distinct], object)
            number, _ = pd.factorize(stripped)
            keep = np.array([bool(t) for t in stripped], dtype=bool)[codes]
            if dated:
                keep &= ~np.isnat(days)  # no day: never on or before one
            # only a product's first value and its changes, then those few rows by day,
            # product and row order
            by_product = order[keep[order]]
            p, t = rank[by_product], number[codes[by_product]]
            new = np.ones(len(p), dtype=bool)
            new[1:] = (p[1:] != p[:-1]) | (t[1:] != t[:-1])
            at = by_product[new]
            at = at[np.lexsort((at, rank[at], days[at]))] if dated else np.sort(at)
            out[column] = cls(days[at], names[rank[at]], stripped[codes[at]])
        return out

    def upto(self, end: dt.date) -> dict[str, str]:
        """Product ID → its latest value on or before ``end`` (undated rows: every value, the
        last winning)."""
        if len(self.days) and np.isnat(self.days[0]):
            n = len(self.days)
        else:
            n = int(np.searchsorted(self.days, np.datetime64(pd.Timestamp(end)), side="right"))
        return dict(zip(self.products[:n], self.texts[:n], strict=True))


def _text(values: pd.Series) -> bool:
    """Whether a column can hold text (not one of numbers, dates or flags only)."""
    return values.dtype == object or pd.api.types.is_string_dtype(values)
