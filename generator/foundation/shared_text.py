"""Text read from the store, one object per distinct string.

DuckDB hands every cell its own Python string: a product's id, title and owner, repeated on
each of its days, took most of a large store's memory. :func:`share_text` makes equal strings
one object as the rows are read (the store's ``query_rows``); :func:`distinct_objects` then
finds the distinct texts of a column by where their objects live, without hashing or
comparing a text, so a work on each distinct text (a hash, a strip) is a work on every cell."""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np
import pandas as pd


def share_text(frame: pd.DataFrame, seen: dict[str, dict[str, str]] | None = None) -> pd.DataFrame:
    """``frame`` with each text column's equal strings made one object (in place; returned);
    ``seen``, per column, the strings already met (a read in chunks shares across them). The
    values, their order and the missing cells are as they were; only the copies are gone
    (5,000 products × 730 days: 3.65 million copies of each id, title and owner)."""
    seen = {} if seen is None else seen
    for name in frame.columns:
        column = frame[name]
        text = isinstance(column.dtype, pd.StringDtype)  # the store's VARCHAR (pandas 3)
        if not text and (
            column.dtype != object or pd.api.types.infer_dtype(column, skipna=True) != "string"
        ):
            continue
        codes, uniques = pd.factorize(column)
        if not len(uniques):
            continue
        known = seen.setdefault(str(name), {})
        distinct = uniques.to_numpy(dtype=object)  # (an Index iterated: a call per item)
        shared = np.array([known.setdefault(u, u) for u in distinct], dtype=object)
        values = column.to_numpy(dtype=object, copy=True)
        present = codes >= 0
        values[present] = shared[codes[present]]
        # a string array keeps the objects it is given (python storage)
        frame[name] = pd.array(values, dtype=column.dtype) if text else values
    return frame


def distinct_objects(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (an object array) as codes into its distinct objects, and those objects,
    found by the addresses an object array holds. Equal texts shared (:func:`share_text`),
    these are about the distinct texts; equal texts not shared are only found twice."""
    values = np.ascontiguousarray(values, dtype=object)
    if not len(values):
        return np.zeros(0, dtype=np.intp), values
    view = (ctypes.c_ssize_t * len(values)).from_address(values.ctypes.data)
    codes, _ = pd.factorize(np.ctypeslib.as_array(view).copy())  # read while values holds them
    first = np.empty(int(codes.max()) + 1, dtype=np.intp)
    first[codes[::-1]] = np.arange(len(values))[::-1]
    return codes, values[first]


def numbered_texts(values: Any) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (product IDs and the like) as text, numbered in the texts' order: each
    value's number, and the distinct texts they number (each distinct object made text once,
    ``str`` of it, as ``astype(str)`` makes it; equal texts from two objects one number)."""
    codes, objects = distinct_objects(np.asarray(values, dtype=object))
    rank, texts = pd.factorize(np.array([str(o) for o in objects], dtype=object), sort=True)
    return (rank[codes] if len(codes) else codes), np.asarray(texts, dtype=object)
