"""`records(frame)` gives what `frame.to_dict("records")` gives: the same keys, values and Python
types, for every kind of column the pages' tables and charts are made of."""

from __future__ import annotations

import datetime as dt
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from generator.foundation.values import records


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if a is b or a == b:
        return True
    return isinstance(a, float) and math.isnan(a) and math.isnan(b)  # type: ignore[arg-type]


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pick = rng.random(n) < 0.3  # where a cell is missing
    days = pd.date_range("2026-01-01", periods=n, freq="D")
    return pd.DataFrame(
        {
            "product_id": [f"P{i:04d}" for i in range(n)],
            "title": pd.Series(["不锈钢 <b>保温杯</b>"] * n).where(~pick),
            "clicks": rng.integers(0, 9, n),
            "ctr": np.where(pick, np.nan, rng.random(n)),
            "float32": rng.random(n).astype("float32"),
            "day": days,
            "day_nat": pd.Series(days).where(~pick),
            "seen": rng.random(n) < 0.5,
            "nullable": pd.array(np.where(pick, None, rng.integers(0, 5, n)), dtype="Int64"),
            "mixed": [np.int64(3), 2.5, None, "x", dt.date(2026, 1, 2)] * (n // 5)
            + [np.float64(1.5)] * (n % 5),
            "category": pd.Categorical(rng.choice(["a", "b"], n)),
            "utc": pd.date_range("2026-01-01", periods=n, freq="h", tz="UTC"),
        }
    )


@pytest.mark.parametrize("n", [0, 1, 7, 60])
def test_records_equal_to_dict(n: int) -> None:
    frame = _frame(n, seed=n)
    want = frame.to_dict("records")
    got = records(frame)
    assert len(got) == len(want) == n
    for g, w in zip(got, want, strict=True):
        assert list(g) == list(w)
        bad = {k: (g[k], w[k]) for k in w if not _same(g[k], w[k])}
        assert not bad, bad


def test_records_of_a_slice_and_of_no_columns() -> None:
    frame = _frame(20, seed=3)
    part = frame[frame["clicks"] > 4].head(3)[["title", "ctr", "day"]]
    got, want = records(part), part.to_dict("records")
    assert len(got) == len(want) == 3
    assert all(_same(g[k], w[k]) for g, w in zip(got, want, strict=True) for k in w)
    assert records(pd.DataFrame(index=range(2))) == [{}, {}]


def test_records_with_a_repeated_column_is_pandas_own() -> None:
    frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        got = records(frame)
    assert got == [{"a": 2}]
    assert said, "pandas warns that a column is left out"
