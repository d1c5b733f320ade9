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
        none = cls(np.array([], dtype="datetime64[ns]"), np.array([], dtype=object), np.array([]))
        if not len(frame) or column not in frame or "product_id" not in frame:
            return none
        values = frame[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            return none  # no text in the column
        # each distinct text stripped once (anything but text: missing), and numbered: the
        # rows compare numbers, not texts
        codes, distinct = distinct_objects(values.to_numpy(dtype=object))
        stripped = np.array([v.strip() if isinstance(v, str) else "" for v in distinct], object)
        number, _ = pd.factorize(stripped)
        texts, text_of = stripped[codes], number[codes]
        keep = np.array([bool(t) for t in stripped], dtype=bool)[codes]
        if "period_end" in frame:
            ends = frame["period_end"]
            days = ends.dt.normalize().to_numpy(dtype="datetime64[ns]")
            keep = keep & ~np.isnat(days)  # no day: never on or before one
        else:  # undated rows: all of them, whatever the day
            days = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
        # each distinct product ID as text once; the products as numbers in the IDs' text
        # order (a long history's millions of rows: sorted as numbers, the same order)
        rank, names = numbered_texts(frame["product_id"].to_numpy(dtype=object)[keep])
        texts_kept, text_of, days = texts[keep], text_of[keep], days[keep]
        # only a product's first value and its changes: a product's rows in date order (a
        # day's rows in row order), then those few rows by day, product and row order
        by_product = np.lexsort((days, rank))
        p, t = rank[by_product], text_of[by_product]
        new = np.ones(len(p), dtype=bool)
        new[1:] = (p[1:] != p[:-1]) | (t[1:] != t[:-1])
        at = by_product[new]
        at = at[np.lexsort((at, rank[at], days[at]))] if "period_end" in frame else np.sort(at)
        products = names[rank[at]]
        return cls(days[at], products, texts_kept[at])

    def upto(self, end: dt.date) -> dict[str, str]:
        """Product ID → its latest value on or before ``end`` (undated rows: every value, the
        last winning)."""
        if len(self.days) and np.isnat(self.days[0]):
            n = len(self.days)
        else:
            n = int(np.searchsorted(self.days, np.datetime64(pd.Timestamp(end)), side="right"))
        return dict(zip(self.products[:n], self.texts[:n], strict=True))
