"""Work on every core: one fork-based map for the pipeline's many small, independent jobs
(parsing exports, rendering period pages, computing each day's facts, building workbooks).

Fork, not spawn: the workers inherit the big read-only state (frames, the renderer) instead of
receiving it pickled; only the items and the results cross between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_STATE: tuple[Callable[[Any, Any], Any], Any] | None = None


def cores() -> int:
    return min(4, os.cpu_count() or 1)


def can_fork() -> bool:
    return cores() > 1 and "fork" in multiprocessing.get_all_start_methods()


def _apply(item: Any) -> Any:
    assert _STATE is not None, "fork_map hands its function to the workers by fork"
    func, shared = _STATE
    return func(shared, item)


def fork_map(
    func: Callable[[S, T], R],
    shared: S,
    items: Sequence[T],
    *,
    parallel: bool = True,
    chunksize: int = 1,
) -> list[R]:
    """``[func(shared, item) for item in items]``, in order, on every core when ``parallel``
    and the machine can fork; in this process otherwise."""
    if not parallel or not can_fork() or len(items) < 2:
        return [func(shared, item) for item in items]
    global _STATE
    _STATE = (func, shared)
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=cores(), mp_context=ctx) as pool:
            return list(pool.map(_apply, items, chunksize=chunksize))
    finally:
        _STATE = None


def strided(items: Sequence[T], parts: int) -> list[list[T]]:
    """``items`` dealt into ``parts`` lists, so each gets a share of early and late ones."""
    return [list(items[k::parts]) for k in range(parts)]
