"""Work on every core: one fork-based map for the pipeline's many small, independent jobs
(parsing exports, rendering period pages, computing each day's facts, building workbooks).

Fork, not spawn: the workers inherit the big read-only state (frames, the renderer) instead of
receiving it pickled; only the items and the results cross between processes. Where there is
no ``fork`` (Windows), or the portable paths are forced (``OPSREPORT_PORTABLE=1``), the same
map runs in this process: every caller works either way.

Workers hold none of the parent's locks (:mod:`generator.foundation.portable` drops them at
fork), die with the parent (:mod:`generator.foundation.lifeline`), and are ended when the map is
interrupted (an error, Ctrl+C, SIGTERM) instead of being waited for.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_STATE: tuple[Callable[[Any, Any], Any], Any] | None = None


def cores() -> int:
    return min(4, os.cpu_count() or 1)


def can_fork() -> bool:
    from .portable import portable

    return cores() > 1 and not portable() and "fork" in multiprocessing.get_all_start_methods()


def _start_worker(parent: int) -> None:
    """In each worker, first: the default SIGTERM (not the CLI's clean-up handler, which is
    the parent's), and the lifeline to the parent."""
    from .lifeline import die_with_parent

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)


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
    if not parallel:
        return [func(shared, item) for item in items]
    return list(fork_imap(func, shared, items, chunksize=chunksize))


def fork_imap(
    func: Callable[[S, T], R],
    shared: S,
    items: Sequence[T],
    *,
    chunksize: int = 1,
) -> Iterator[R]:
    """:func:`fork_map`'s results one at a time, in order, as the workers finish them: the
    caller works on the first ones (writing them, say) while the workers go on with the rest.
    In this process, one by one, where the machine cannot fork. A worker that dies raises
    ``BrokenProcessPool`` from the next result; leaving the loop early ends the workers."""
    if not can_fork() or len(items) < 2:
        yield from (func(shared, item) for item in items)
        return
    global _STATE
    _STATE = (func, shared)
    try:
        ctx = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(
            max_workers=cores(), mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            yield from pool.map(_apply, items, chunksize=chunksize)
        except BaseException:  # an error, Ctrl+C, or the caller closing the loop early
            _stop(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        _STATE = None


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: an interrupted map does not wait for the work left."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for proc in workers:
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        proc.join(timeout=5)


def strided(items: Sequence[T], parts: int) -> list[list[T]]:
    """``items`` dealt into ``parts`` lists, so each gets a share of early and late ones."""
    return [list(items[k::parts]) for k in range(parts)]
