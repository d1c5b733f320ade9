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

from ..foundation.shared_text import distinct_objects


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
        # each distinct text stripped once (anything but text: missing)
        codes, distinct = distinct_objects(values.to_numpy(dtype=object))
        stripped = np.array([v.strip() if isinstance(v, str) else "" for v in distinct], object)
        texts = stripped[codes]
        keep = np.array([bool(t) for t in stripped], dtype=bool)[codes]
        if "period_end" in frame:
            ends = frame["period_end"]
            days = ends.dt.normalize().to_numpy(dtype="datetime64[ns]")
            keep = keep & ~np.isnat(days)  # no day: never on or before one
        else:  # undated rows: all of them, whatever the day
            days = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
        pids = frame["product_id"].to_numpy(dtype=object)[keep]
        products = np.array([str(p) for p in pids], dtype=object)
        texts_kept = texts[keep]
        days = days[keep]
        # the products as numbers in the IDs' text order: sorted as numbers, not as text (a
        # long history's millions of rows; the same order)
        rank, _ = pd.factorize(products, sort=True)
        if "period_end" in frame:  # by day, then product; a product's rows of one day in order
            order = np.lexsort((rank, days))
            products, texts_kept, days = products[order], texts_kept[order], days[order]
            rank = rank[order]
        # only a product's first value and its changes: a product's rows, in date order
        by_product = np.argsort(rank, kind="stable")
        p, t = products[by_product], texts_kept[by_product]
        new = np.ones(len(p), dtype=bool)
        new[1:] = (p[1:] != p[:-1]) | (t[1:] != t[:-1])
        changed = np.zeros(len(p), dtype=bool)
        changed[by_product[new]] = True
        return cls(days[changed], products[changed], texts_kept[changed])

    def upto(self, end: dt.date) -> dict[str, str]:
        """Product ID → its latest value on or before ``end`` (undated rows: every value, the
        last winning)."""
        if len(self.days) and np.isnat(self.days[0]):
            n = len(self.days)
        else:
            n = int(np.searchsorted(self.days, np.datetime64(pd.Timestamp(end)), side="right"))
        return dict(zip(self.products[:n], self.texts[:n], strict=True))
