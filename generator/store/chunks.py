"""A long read's chunks, gathered into the frame DuckDB would give for the rows read at once
(:meth:`generator.store.reads.StoreReads.query_rows`)."""

from __future__ import annotations

import numpy as np
import pandas as pd


class Gathered:
    """A read's columns, gathered as its chunks come: a column of numbers, dates or flags
    (a plain NumPy type), and a coded text column's numbers, written into one array of the
    read's length (the rows counted before), so no chunk is kept and nothing is joined after;
    a column of any other type, or whose chunks change type or outgrow the count, kept as its
    chunks and joined at the end as :func:`pandas.concat` joins them. The frame is the one the
    chunks joined would make: columns, types, values and order."""

    def __init__(self, rows: int, coded: dict[str, pd.api.extensions.ExtensionDtype]) -> None:
        self.rows, self.coded, self.at = rows, coded, 0
        self.names: list[str] = []
        self.arrays: dict[str, np.ndarray] = {}  # column → its values (codes: coded text)
        # coded column → its type's texts, and those as objects with missing (code -1) last
        self.texts: dict[str, tuple[pd.Index, np.ndarray]] = {}
        self.parts: dict[str, list[pd.Series]] = {}

    def add(self, chunk: pd.DataFrame) -> None:
        if not self.names:
            self.names = [str(n) for n in chunk.columns]
        at, end = self.at, self.at + len(chunk)
        for name in self.names:
            column = chunk[name]
            if name in self.parts:
                self.parts[name].append(self._part(name, column))
                continue
            values = self._values(name, column)
            array = self.arrays.get(name)
            if array is None and values is not None and end <= self.rows:
                array = self.arrays[name] = np.empty(self.rows, dtype=values.dtype)
            if array is None or values is None or values.dtype != array.dtype or end > self.rows:
                self._to_parts(name)  # (its values so far as one chunk)
                self.parts[name].append(self._part(name, column))
                continue
            array[at:end] = values
        self.at = end

    def _values(self, name: str, column: pd.Series) -> np.ndarray | None:
        """The chunk's values to write (a coded column's numbers), or None: kept as a chunk."""
        if name in self.coded:
            categories = column.cat.categories
            if name not in self.texts:
                self._objects(name, categories)
            elif not self.texts[name][0].equals(categories):
                return None  # (never seen: every chunk has all of its type's texts)
            return column.cat.codes.to_numpy()
        if isinstance(column.dtype, np.dtype) and column.dtype != object:
            return column.to_numpy()
        return None

    def _part(self, name: str, column: pd.Series) -> pd.Series:
        if name in self.coded:  # the text DuckDB would have sent
            texts = self._objects(name, column.cat.categories)
            return _text(texts[column.cat.codes.to_numpy()], self.coded[name], name)
        return column  # (its index is dropped when the chunks are joined)

    def _objects(self, name: str, categories: pd.Index) -> np.ndarray:
        """A coded column's texts, each one object in every chunk, and missing last (the
        code -1 of a NULL)."""
        if name not in self.texts or not self.texts[name][0].equals(categories):
            objects = np.array([*categories.to_numpy(dtype=object), np.nan], dtype=object)
            self.texts[name] = (categories, objects)
        return self.texts[name][1]

    def _to_parts(self, name: str) -> None:
        array = self.arrays.pop(name, None)
        self.parts[name] = [] if array is None else [self._column(name, array)]

    def _column(self, name: str, array: np.ndarray) -> pd.Series:
        """A column's array as written so far (its first ``at`` rows)."""
        if name not in self.coded:
            return pd.Series(array[: self.at], name=name, copy=False)
        return _text(self.texts[name][1][array[: self.at]], self.coded[name], name)

    def frame(self) -> pd.DataFrame:
        columns = {}
        for name in self.names:  # each column made whole, and its chunks let go, in turn
            if name in self.parts:
                columns[name] = pd.concat(_alike(self.parts.pop(name)), ignore_index=True)
            else:
                columns[name] = self._column(name, self.arrays.pop(name))
        return pd.DataFrame(columns, copy=False)


def _text(values: np.ndarray, dtype: pd.api.extensions.ExtensionDtype, name: str) -> pd.Series:
    """Text values (one object per distinct text) as a column of DuckDB's text type."""
    return pd.Series(pd.array(values, dtype=dtype), name=name)


def _alike(parts: list[pd.Series]) -> list[pd.Series]:
    """A text column's chunks with one type: DuckDB sends a chunk whose every cell is NULL as
    objects (None), the others as text; the whole column read at once is text (missing)."""
    text = next((p.dtype for p in parts if isinstance(p.dtype, pd.StringDtype)), None)
    if text is None:
        return parts
    return [p.astype(text) if p.dtype == object and p.isna().all() else p for p in parts]
