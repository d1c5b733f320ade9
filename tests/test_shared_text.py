"""The store reads a kind's rows with one string per distinct text (a product's id, title and
owner repeat on every one of its days), in chunks: what the analysis reads is unchanged, only
the copies are gone."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from generator.foundation.shared_text import share_text

SHARED_MIN_ROWS = 1000


def _copies(n: int) -> list[str | None]:
    # a fresh string object per cell, as the store hands them over
    return ["".join(["Solar Light ", str(i % 7)]) if i % 5 else None for i in range(n)]


def test_equal_texts_become_one_object_and_the_values_stay() -> None:
    n = SHARED_MIN_ROWS * 3
    frame = pd.DataFrame(
        {
            "title": _copies(n),
            "clicks": np.arange(n, dtype=float),
            "in_p4p": ([True, False, None] * n)[:n],
            "ids": [str(10**12 + i) for i in range(n)],  # all distinct: left alone
        }
    )
    before = frame.copy(deep=True)
    titles = frame["title"].tolist()
    assert titles[1] is not titles[8]  # equal, but two objects
    share_text(frame)
    pd.testing.assert_frame_equal(frame, before)
    got = frame["title"].tolist()
    assert got[1] is got[8] and got[1] == "Solar Light 1"
    assert frame["title"].isna().tolist() == before["title"].isna().tolist()  # still missing
    assert len({id(t) for t in got if isinstance(t, str)}) == 7
    assert frame["in_p4p"].tolist()[:3] == [True, False, None]  # not text: as it was


def test_memory_of_repeated_titles_drops() -> None:
    n = SHARED_MIN_ROWS * 20
    frame = pd.DataFrame({"title": ["".join(["Garden Lamp IP65 ", str(i % 50)]) for i in range(n)]})
    before = sum(sys.getsizeof(t) for t in {id(t): t for t in frame["title"]}.values())
    share_text(frame)
    after = sum(sys.getsizeof(t) for t in {id(t): t for t in frame["title"]}.values())
    assert after * 100 < before


def test_a_changed_text_cell_changes_its_rows_hash_and_only_its_own() -> None:
    """The kept facts are keyed by their rows' hashes, text hashed through its distinct values:
    a title edited on one day, or a missing owner filled in, must change that row's hash (its
    day is computed again), and no other row's."""
    from generator.analysis.memo import row_digests

    n = SHARED_MIN_ROWS * 2
    frame = share_text(
        pd.DataFrame(
            {
                "title": [f"Lamp {i % 9}" for i in range(n)],
                "owner": [None if i % 4 == 0 else "张伟" for i in range(n)],
                "clicks": np.arange(n),
            }
        )
    )
    base = row_digests(frame).to_numpy()
    assert len(set(base)) == n  # rows differ by their clicks
    for column, row, value in (("title", 10, "Lamp 10"), ("owner", 8, "张伟"), ("owner", 9, "nan")):
        changed = frame.copy()
        changed.loc[row, column] = value
        got = row_digests(changed).to_numpy()
        assert got[row] != base[row], (column, value)
        assert (np.delete(got, row) == np.delete(base, row)).all()
    assert (row_digests(frame.copy()).to_numpy() == base).all()  # the same rows, the same hashes


@pytest.mark.parametrize("coded", [False, True])
def test_a_read_in_chunks_is_the_frame_duckdb_gives(tmp_path, monkeypatch, coded) -> None:
    """Columns, types, values, missing cells and order as ``.df()`` gives them, when the
    missing cells and the text fall in different chunks (2,048 rows each here). ``coded``: the
    read is long enough (here: 1,000 rows) for its repeated texts to come from DuckDB as
    numbers into their distinct values (a temporary ENUM type each, dropped once read); a
    text of many distinct values still comes as text."""
    import generator.store.reads as reads
    from generator.store import open_store

    if coded:
        monkeypatch.setattr(reads, "DICTIONARY_ROWS", 1000)
    label = '"the ""label"""'  # a column name with a double quote in it
    n = 5000
    with open_store(tmp_path / "s.duckdb") as store:
        store.con.execute(
            f"""CREATE TABLE t AS SELECT i,
                   CASE WHEN i > 4500 AND i % 3 = 0 THEN NULL ELSE i END AS late_null_int,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
                   CASE WHEN i % 11 = 0 THEN NULL ELSE 'title ' || (i % 13) END AS title,
                   CASE WHEN i % 4 = 0 THEN '' ELSE '标签 "' || (i % 3) || '"' END AS {label},
                   'ref ' || i AS ref,
                   NULL::VARCHAR AS nobody,
                   CASE WHEN i < 3000 THEN NULL ELSE 'late ' || (i % 5) END AS late,
                   DATE '2026-01-01' + (i % 400)::INTEGER AS day,
                   i * 0.5 AS half
                FROM range({n}) r(i)"""
        )
        queries = (
            ("SELECT * FROM t ORDER BY day, i", []),
            ("SELECT * FROM t WHERE i >= ? ORDER BY i DESC", [1200]),
            ("SELECT * FROM t WHERE i < 0", []),
            ("SELECT i AS n, title AS n, i * 2 AS n_1 FROM t ORDER BY i", []),  # names twice
        )
        for sql, params in queries:
            want = store.query(sql, params)
            got = store.query_rows(sql, params, vectors=1)
            pd.testing.assert_frame_equal(got, want)
        types = "SELECT type_name FROM duckdb_types() WHERE type_name LIKE 'opsreport%'"
        assert store.query(types).empty  # each read's types dropped
        _sql, texts, made, rows = store._dictionary(queries[0][0], [])
        assert rows == n
        # not ref: its texts are all distinct
        assert set(texts) == ({"title", 'the "label"', "late"} if coded else set())
        assert len(store.query(types)) == len(made) == (5 if coded else 0)  # (this one not read)
        titles = store.query_rows("SELECT title FROM t ORDER BY i", vectors=1)["title"].tolist()
        assert titles[1] is titles[1 + 13 * 200]  # rows 4,096 apart, two chunks: one object
        # rows counted wrong (written between the count and the read): the same frame
        want = store.query(queries[0][0])
        counted = reads.StoreReads._dictionary
        for miscount in (0, 1, n - 1, n + 2048):
            with monkeypatch.context() as m:
                m.setattr(
                    reads.StoreReads,
                    "_dictionary",
                    lambda self, *a, _m=miscount: (*counted(self, *a)[:3], _m),
                )
                pd.testing.assert_frame_equal(store.query_rows(queries[0][0], vectors=1), want)
        limit = store.query("SELECT current_setting('memory_limit') AS m")["m"][0]
        assert limit != "244.1 MiB"  # DuckDB's own limit again once the read is done


def test_a_long_read_draws_no_progress_bar_of_duckdbs_own(tmp_path) -> None:
    """DuckDB draws its own bar on a read longer than two seconds (a large store's rows), over
    the build's progress: the store turns it off. Asked of a plain interpreter, where DuckDB
    turns it on (under pytest it is off anyway)."""
    import subprocess

    code = (
        "import sys, duckdb; from pathlib import Path; from generator.store import open_store\n"
        "print(duckdb.connect().execute(\"SELECT current_setting('enable_progress_bar')\")"
        ".fetchone()[0])\n"
        "with open_store(Path(sys.argv[1])) as s:\n"
        "    print(s.con.execute(\"SELECT current_setting('enable_progress_bar')\").fetchone()[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "s.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["True", "False"]  # DuckDB's default, then the store's


def test_a_count_column_hashes_alike_whole_or_with_a_gap() -> None:
    """A count column is whole numbers when every row has it and decimals when one row lacks
    it (the newest day before its export lands): the rows that have it hash alike either way,
    or one late export would compute every period again."""
    from generator.analysis.memo import row_digests

    whole = pd.DataFrame({"clicks": np.array([3, 0, 7], dtype="int64"), "title": ["a", "b", "c"]})
    gap = pd.DataFrame({"clicks": [3.0, 0.0, np.nan], "title": ["a", "b", "c"]})
    negative_zero = pd.DataFrame({"clicks": [3.0, -0.0, np.nan], "title": ["a", "b", "c"]})
    a, b = row_digests(whole).to_numpy(), row_digests(gap).to_numpy()
    assert (a[:2] == b[:2]).all() and a[2] != b[2]
    assert (row_digests(negative_zero).to_numpy() == b).all()
    swapped = pd.DataFrame({"title": ["a", "b", "c"], "clicks": [3, 0, 7]})
    assert (row_digests(swapped).to_numpy() != a).all()  # the columns' order is part of a row


@pytest.mark.parametrize("on_disk", [True, False])
def test_a_read_that_cannot_spill_to_disk_is_still_read(tmp_path, monkeypatch, on_disk) -> None:
    """Held to its read memory, DuckDB spills a large sort to disk beside the store; where it
    cannot (here: no temporary folder), the rows are read with DuckDB's own limit instead, not
    lost to an error — whether the limit cannot be set (the table's blocks still in memory)
    or the sort outgrows it (the table on disk)."""
    import generator.store.reads as reads
    from generator.store import open_store

    with open_store(tmp_path / "s.duckdb") as store:
        store.con.execute(
            "CREATE TABLE t AS SELECT i, repeat('x', 200) || (i % 17) AS title FROM range(60000) r(i)"
        )
        if on_disk:
            store.con.execute("CHECKPOINT")
        store.con.execute("SET temp_directory = ''")
        want = store.query("SELECT * FROM t ORDER BY title DESC, i")
        monkeypatch.setattr(reads, "READ_MEMORY", "2MB")
        got = store.query_rows("SELECT * FROM t ORDER BY title DESC, i")
        limit = store.query("SELECT current_setting('memory_limit') AS m")["m"][0]
    pd.testing.assert_frame_equal(got, want)
    assert not limit.startswith("1.9 MiB")


def test_a_value_per_product_is_what_grouping_by_the_ids_as_text_gives() -> None:
    """``by_product`` groups the rows by numbers into the distinct IDs (a long history's
    millions of rows): the same first and last days, in the IDs' text order ("10" before
    "9"), equal IDs that are two objects one product, a missing day left out."""
    from generator.analysis.metrics.products import by_product

    ids = ["".join(["9", ""]), "10", "".join(["1", "0"]), "9", "7"]  # equal texts, 2 objects
    days = pd.to_datetime(["2026-11-03", "2026-11-01", "2026-10-30", None, "2026-11-02"])
    for how in ("min", "max"):
        want = getattr(pd.Series(days).groupby(pd.Series(ids, dtype=object).astype(str)), how)()
        got = by_product(pd.Series(ids, dtype="str"), days.to_numpy(), how)
        assert list(got.index) == ["10", "7", "9"] == list(want.index)
        assert got.tolist() == want.tolist()
    assert by_product(pd.Series([], dtype="str"), days.to_numpy()[:0], "min").empty


def test_chunks_that_change_type_are_joined_as_pandas_joins_them() -> None:
    """A column whose chunks come in different types (numbers, then numbers with a missing
    cell, then fractions) is the column :func:`pandas.concat` makes of them, whatever the
    count of rows said."""
    from generator.store.chunks import Gathered

    chunks = [
        pd.DataFrame({"n": np.array([1, 2], "int64"), "day": pd.to_datetime(["2026-01-01"] * 2)}),
        pd.DataFrame({"n": np.array([3.5, 4.0]), "day": pd.to_datetime(["2026-01-02"] * 2)}),
        pd.DataFrame({"n": pd.array([5, None], "Int64"), "day": pd.to_datetime([None, None])}),
    ]
    want = pd.concat(chunks, ignore_index=True)
    for rows in (0, 4, 6, 9):
        gathered = Gathered(rows, {})
        for chunk in chunks:
            gathered.add(chunk.copy())
        pd.testing.assert_frame_equal(gathered.frame(), want)


def test_coded_chunks_whose_texts_differ_come_as_their_texts() -> None:
    """A coded text column whose chunks name different texts (DuckDB sends every text of the
    type in each chunk: this is the fall back) comes as the texts each chunk says, missing
    where a cell was NULL."""
    from generator.store.chunks import Gathered

    text = pd.StringDtype(na_value=np.nan)
    chunks = [
        pd.DataFrame({"t": pd.Categorical(["a", None, "b"], categories=["a", "b"])}),
        pd.DataFrame({"t": pd.Categorical(["b", "a"], categories=["a", "b"])}),
        pd.DataFrame({"t": pd.Categorical(["c", None], categories=["c"])}),
    ]
    want = pd.Series(["a", np.nan, "b", "b", "a", "c", np.nan], dtype=text, name="t")
    for rows in (5, 7, 9):
        gathered = Gathered(rows, {"t": text})
        for chunk in chunks:
            gathered.add(chunk)
        pd.testing.assert_series_equal(gathered.frame()["t"], want)
