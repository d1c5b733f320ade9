"""A column of cells read at once: the common cells (plain numbers, ids, rates, Y/N, text) by
whole-column work, any other cell through :func:`~generator.ingest.cells.parse_cell`, with the
same value, type, problem or error as that cell read alone."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .cells import _FLAGS, _NO, _SLOW, _YES, MISSING, parse_cell


def _text_fast(v: str) -> Any:
    t = v.strip()
    return None if t in MISSING else t


def _flag_fast(v: str) -> Any:
    t = v.strip()
    if t in MISSING:
        return None
    u = t.upper()
    return True if u in _YES else False if u in _NO else _SLOW


def _id_fast(v: str) -> Any:
    t = v.strip()
    if t in MISSING:
        return None
    digits = t.lstrip("'")
    return digits if digits.isdigit() else _SLOW


def _rate_fast(v: str) -> Any:
    t = v.strip()
    if t in MISSING:
        return None
    t = t.replace(",", "")
    try:
        rate = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        return _SLOW
    return rate if math.isfinite(rate) else _SLOW


def _number_text_fast(v: str) -> Any:
    t = v.strip()
    return None if t in MISSING else _SLOW


def _number_texts_fast(cells: list[str], type_: str, non_negative: bool) -> list[Any]:
    """A whole int or float column of text cells (a CSV's, thousands separators and all), each
    read as :func:`~generator.ingest.cells.parse_cell` reads it (``float`` of the text without
    its separators): the value, None where missing, or _SLOW for the cells parse_cell would
    find a problem in. One cell that is no number: every cell its own way."""
    texts = [v.strip() for v in cells]
    try:
        nums = [0.0 if t in MISSING else float(t.replace(",", "").replace("，", "")) for t in texts]
    except ValueError:
        return list(map(_number_text_fast, cells))
    got = _numbers_fast(nums, type_, non_negative)
    return [None if t in MISSING else g for t, g in zip(texts, got, strict=True)]


# the fast path of a text cell, by column type: the value parse_cell gives, or _SLOW
_TEXT_FAST: dict[str, Callable[[str], Any]] = {
    "text": _text_fast,
    "flag": _flag_fast,
    "id": _id_fast,
    "rate": _rate_fast,
    "int": _number_text_fast,
    "float": _number_text_fast,
}


def _numbers_fast(cells: list[Any], type_: str, non_negative: bool) -> list[Any]:
    """Number cells (float or int, never bool) of an int, float or rate column, all at once:
    the value parse_cell gives (and that passes the non-negative check), or _SLOW."""
    try:
        arr = np.asarray(cells, dtype=np.float64)
    except (OverflowError, ValueError, TypeError):
        return [_SLOW] * len(cells)
    ok = np.isfinite(arr)
    if type_ == "int":
        ok &= (arr == np.floor(arr)) & (arr >= 0) & (arr < 2.0**63)
        got: list[Any] = np.where(ok, arr, 0).astype(np.int64).tolist()
    else:
        if non_negative:
            ok &= ~(arr < 0)
        got = arr.tolist()
    if ok.all():
        return got
    return [g if k else _SLOW for g, k in zip(got, ok.tolist(), strict=True)]


def parse_column(
    cells: list[Any], type_: str, non_negative: bool = False
) -> tuple[list[Any], list[tuple[int, str, str]]]:
    """A whole column of cells → what :func:`parse_cell` gives each (a number below zero in a
    ``non_negative`` column is a problem too, code ``negative``): the typed values (None where
    missing or unreadable) and the unreadable cells as (index, problem code, the cell as the
    problem shows it). Plain cells (numbers, digit ids, rates like '1.15%', Y/N) take a fast
    path, all at once; every other cell goes through :func:`parse_cell` itself."""
    numeric = type_ in ("int", "float", "rate")
    text_fast = _TEXT_FAST.get(type_)
    types = set(map(type, cells))
    values: list[Any]
    if numeric and types <= {float, int}:
        values = _numbers_fast(cells, type_, non_negative)
    elif type_ == "flag" and types == {str}:  # the commonest, without a call per cell
        values = [
            None if (t := v.strip()) in MISSING else _FLAGS.get(t.upper(), _SLOW) for v in cells
        ]
    elif type_ in ("int", "float") and types == {str}:  # a CSV's numbers
        values = _number_texts_fast(cells, type_, non_negative)
    elif type_ == "text" and types == {str}:
        values = [None if (t := v.strip()) in MISSING else t for v in cells]
    elif text_fast is not None and types == {str}:
        values = list(map(text_fast, cells))
    else:
        values = [None if v is None else _SLOW for v in cells]
        at = []  # the number cells, parsed together
        for i, v in enumerate(cells):
            t = type(v)
            if t is str:
                if text_fast is not None:
                    values[i] = text_fast(v)
            elif numeric and (t is float or t is int):
                at.append(i)
        if at:
            got = _numbers_fast([cells[i] for i in at], type_, non_negative)
            for i, g in zip(at, got, strict=True):
                values[i] = g
    if non_negative and type_ == "rate" and str in types:  # a text rate below zero: its problem
        values = [_SLOW if v is not _SLOW and v is not None and v < 0 else v for v in values]
    bad: list[tuple[int, str, str]] = []
    if _SLOW not in values:
        return values, bad
    for i, v in enumerate(values):
        if v is not _SLOW:
            continue
        value, code, shown = parse_cell(cells[i], type_)
        if code is None and non_negative and value is not None and value < 0:
            value, code = None, "negative"  # money and hours (floats) below zero
        values[i] = value
        if code:
            bad.append((i, code, shown))
    return values, bad
