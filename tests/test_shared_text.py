"""The inputs stage keeps one string per distinct text (a product's id, title and owner repeat
on every one of its days): what the analysis reads is unchanged, only the copies are gone."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from generator.inputs import SHARED_MIN_ROWS, share_text


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


def test_small_frames_are_left_as_read() -> None:
    frame = pd.DataFrame({"title": _copies(10)})
    titles = frame["title"].tolist()
    share_text(frame)
    assert [id(t) for t in frame["title"]] == [id(t) for t in titles]


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
