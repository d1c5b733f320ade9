"""Run history: every build, by hand or by the scheduler, is one row of the store's ``runs``
table — start, end, trigger, jobs, files ingested, pages written, result and error.

:func:`record_run` wraps the work of one run: it writes the row as 'running' first, so a run
killed midway is visible (the next run marks it 'interrupted'), then its outcome. It holds the
workspace's build lock (:func:`build_lock`) from before its first look at the store to the
end, so a second build waits for the first instead of meeting DuckDB's file lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import workspace_language
from ..foundation.lifeline import Terminated
from ..foundation.portable import ProcessLock, pid_alive, take_lock
from ..i18n import translate
from ..store import Store, open_store

if TYPE_CHECKING:
    from ..config import Workspace

TRIGGERS = ("cli", "schedule", "catch-up")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def to_utc_naive(moment: dt.datetime) -> dt.datetime:
    """The store keeps times as naive UTC."""
    if moment.tzinfo is None:
        raise ValueError("run times must be timezone-aware")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def pid_lock(path: Path, busy: Callable[[str], None]) -> ProcessLock:
    """Take an exclusive lock on ``path`` and write this process's pid into it; the lock
    holds until the returned lock is closed or the process ends, however it ends (forked
    workers never hold it: :mod:`generator.foundation.portable`). When another process holds it,
    ``busy(its pid)`` is called first: raise to give up, return to wait."""
    return take_lock(path, busy)


log = logging.getLogger("generator.pipeline")
BUILD_LOCK = "build.lock"
_held: set[Path] = set()  # the stores whose build lock this process holds


@contextlib.contextmanager
def store_lock(store_dir: Path) -> Iterator[None]:
    """One build of a workspace at a time, across processes (a scheduled build, a manual
    `opsreport build`, an ingest): the second waits for the first, saying so. The system
    releases the lock when a process dies, so a killed build never leaves it held.
    Re-entrant in one process: a build inside a recorded run must not wait on itself."""
    path = store_dir / BUILD_LOCK
    key = path.resolve()
    if key in _held:
        yield
        return

    def wait(pid: str) -> None:
        lang = workspace_language(store_dir.parent)
        message = translate("cli_build_wait", lang, root=store_dir.parent, pid=pid)
        log.warning(message)
        print(message, file=sys.stderr, flush=True)

    with pid_lock(path, wait):
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)


@contextlib.contextmanager
def build_lock(workspace: Workspace) -> Iterator[None]:
    """One build of a workspace at a time, across processes (:func:`store_lock`): a
    second build waits for the first, saying so; a killed build never leaves it held."""
    with store_lock(workspace.store_dir):
        yield


def close_dead_runs(store: Store) -> int:
    """Mark the runs left 'running' by a process that no longer exists as 'interrupted'."""
    running = store.query("SELECT DISTINCT pid FROM runs WHERE result = 'running'")
    dead = [int(p) for p in running["pid"].dropna() if not pid_alive(int(p))]
    return store.mark_interrupted(
        dead, "the process stopped before the run ended (killed or crashed)"
    )


def outcome_counts(result: Any) -> tuple[int | None, int | None]:
    """(files ingested, pages written) of a :class:`~generator.pipeline.PipelineResult`."""
    ingest = getattr(result, "ingest", None)
    written = getattr(result, "written", None)
    files = ingest.count("ingested") if ingest is not None else None
    pages = written.written if written is not None else None
    return files, pages


def short_error(exc: BaseException) -> str:
    """The traceback of a failed run, capped: the last frames and the message matter."""
    text = "".join(traceback.format_exception(exc)).strip()
    return text if len(text) <= 4000 else "…\n" + text[-4000:]


def record_run(
    db_path: Path,
    work: Callable[[], Any],
    *,
    trigger: str,
    jobs: Iterable[str],
    as_of: dt.date,
    clock: Clock = utc_now,
    started: dt.datetime | None = None,
) -> Any:
    """Run ``work()`` as one recorded run and return what it returns; a failure is recorded
    with its traceback and raised again. ``started`` (default: ``clock()``) is the run's start:
    pass the time the work shows as its build time, so the history and the footer agree."""
    if trigger not in TRIGGERS:
        raise ValueError(f"unknown trigger {trigger!r}")
    with store_lock(db_path.parent):
        return _record(db_path, work, trigger, jobs, as_of, clock, started)


def _record(
    db_path: Path,
    work: Callable[[], Any],
    trigger: str,
    jobs: Iterable[str],
    as_of: dt.date,
    clock: Clock,
    started: dt.datetime | None,
) -> Any:
    with open_store(db_path, kinds=False) as store:
        close_dead_runs(store)
        run_id = store.start_run(
            to_utc_naive(started or clock()), trigger, ",".join(jobs), as_of, os.getpid()
        )
    try:
        result = work()
    except BaseException as exc:
        stopped = isinstance(exc, (KeyboardInterrupt, Terminated))
        with open_store(db_path, kinds=False) as store:
            store.finish_run(
                run_id,
                to_utc_naive(clock()),
                "interrupted" if stopped else "failed",
                error=f"stopped ({type(exc).__name__}) before the run ended"
                if stopped
                else short_error(exc),
            )
        raise
    files, pages = outcome_counts(result)
    with open_store(db_path, kinds=False) as store:
        store.finish_run(run_id, to_utc_naive(clock()), "ok", files, pages)
    return result
