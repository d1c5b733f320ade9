"""A whole column read at once (the ingest's fast path) gives each cell exactly what reading it
alone gives: the same value, of the same type, and the same problem — for any mix of cells."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.cells import MISSING, parse_cell
from generator.ingest.columns import parse_column

TYPES = ("id", "text", "int", "float", "rate", "flag", "date", "datetime")

words = st.sampled_from(
    [
        *sorted(MISSING),
        " Y ",
        "n",
        "是",
        "否",
        "TRUE",
        "maybe",
        "1.15%",
        " -2.5% ",
        "3,4%",
        "1e999",
        "-1e999%",
        "nan%",
        "1_000",
        "1,234",
        "１２",
        "'1600000000123",
        "1.60156E+12",
        "1600000000000",
        "-7",
        "0.5",
        "2026-11-21",
        "2026/11/21 08:30",
        "abc",
        "",
        "  ",
    ]
)
cells = st.one_of(
    words,  # the backend's and the operators' usual cells, most often
    words,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 2.0**63, 2.0**63 - 1024, 1.6e12, 12.5, -3.0]),
    words,
    st.text(max_size=6),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
)


def one_by_one(column: list[Any], type_: str, non_negative: bool) -> tuple[list, list]:
    """The column read a cell at a time, as the ingest did before: parse_cell, then a number
    below zero in a non-negative column is a problem."""
    values, bad = [], []
    for i, cell in enumerate(column):
        value, code, shown = parse_cell(cell, type_)
        if code is None and non_negative and value is not None and value < 0:
            value, code = None, "negative"
        values.append(value)
        if code:
            bad.append((i, code, shown))
    return values, bad


@pytest.mark.parametrize(
    ("type_", "code"),
    [("id", "not_id"), ("int", "not_number"), ("float", "not_number"), ("rate", "not_rate")],
)
def test_a_date_in_a_number_column_is_that_rows_problem_not_the_files(type_, code) -> None:
    """Excel turns a typed "2026-11-21" into a date cell: in an ID or number column it is the
    row's problem, shown as the operator sees it (it used to stop the whole file)."""
    cell = dt.datetime(2026, 11, 21, 8, 30)
    assert parse_cell(cell, type_) == (None, code, "2026-11-21 08:30:00")
    assert parse_cell(dt.date(2026, 11, 21), type_) == (None, code, "2026-11-21")
    values, bad = parse_column([3.0, cell, 5.0], type_, False)
    assert values[1] is None
    assert bad == [(1, code, "2026-11-21 08:30:00")]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("type_", TYPES)
@settings(max_examples=100, deadline=None)
@given(
    column=st.lists(cells, max_size=12),
    non_negative=st.booleans(),
    uniform=st.sampled_from([None, "float", "str"]),
)
def test_a_column_read_at_once_reads_each_cell_as_reading_it_alone(
    column, type_, non_negative, uniform
):
    if uniform == "float":  # all numbers: the whole-column path
        column = [c for c in column if type(c) in (float, int)]
    elif uniform == "str":  # all text: the per-type text path
        column = [c for c in column if isinstance(c, str)]
    if type_ in ("id", "text", "flag", "date", "datetime"):
        non_negative = False  # only numbers are ever non-negative columns
    want_values, want_bad = one_by_one(column, type_, non_negative)  # no cell raises
    values, bad = parse_column(column, type_, non_negative)
    assert len(values) == len(want_values)
    assert all(same(a, b) for a, b in zip(values, want_values, strict=True)), (values, want_values)
    assert bad == want_bad


number_texts = st.one_of(
    st.sampled_from(
        [
            *sorted(MISSING),
            *("1,234", "1，234", "1_000", "-7", "0.5", "１２", " 12 ", "1e999", "nan", "-0"),
            *("3.0", "9223372036854775807", "9.3e18", "-1e-9", "12abc"),
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda i: f"{i:,}"),  # a re-saved CSV's
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@pytest.mark.parametrize("type_", ("int", "float"))
@settings(max_examples=200, deadline=None)
@given(
    column=st.lists(number_texts, max_size=12),
    non_negative=st.booleans(),
    clean=st.booleans(),
)
def test_a_csvs_number_column_read_at_once_reads_each_cell_as_alone(
    column, type_, non_negative, clean
):
    """A CSV's numbers are text: a column of them is read at once (one that is no number, and
    the column is read cell by cell), each cell as parse_cell reads it."""
    if clean:  # the usual CSV column: numbers, separators, blanks (the whole-column path)
        column = [c for c in column if c not in ("12abc", "1e999", "nan") and "inf" not in c]
    want_values, want_bad = one_by_one(column, type_, non_negative)
    values, bad = parse_column(column, type_, non_negative)
    assert all(same(a, b) for a, b in zip(values, want_values, strict=True)), (values, want_values)
    assert len(values) == len(want_values)
    assert bad == want_bad
