"""`opsreport rebuild-store`: a new store made from ``store/originals/``, for a store that is
damaged, was written by a newer opsreport, or cannot be migrated.

Every original is read again into a fresh store file beside the old one, in the order the old
store ingested them when its log can still be read (so a re-export supersedes the same rows
as before), else oldest first. The run history is copied from the old store when it can be.
Then the new file is swapped in; the old one is kept as ``opsreport.duckdb.bak-<timestamp>``
until the new one is in place, and beyond when it holds something the new one lacks (history
that could not be copied, originals missing or no longer readable). Originals are only read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import Settings, Workspace
from ..foundation.errors import IngestError, OpsReportError, WorkspaceError
from ..foundation.parallel import can_fork, fork_map
from ..foundation.values import records
from ..ingest import (
    Known,
    _parse_job,
    learn_products,
    new_file,
    sha256,
    take_parsed,
    window_for,
)
from ..ingest.readers import Limits
from ..store import Store, read_old_log
from ..store.writes import NewFile
from .runs import build_lock

Progress = Callable[[int, int, str], None]  # done, total, detail
PREFIX = re.compile(r"^[0-9a-f]{16}-")  # store/originals/<first 16 hex of sha256>-<name>
BATCH = 64  # originals parsed at once (on every core), then written in one transaction


@dataclass
class Original:
    path: Path  # in store/originals/
    name: str  # the file's name as it was ingested (its period may come from it)
    sha256: str  # as logged, or the 16 hex digits of its name
    ingested_at: Any = None


@dataclass
class RebuildReport:
    store: Path
    total: int = 0  # originals found
    reread: int = 0  # re-read into the new store
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (name, problem, fix)
    missing: list[str] = field(default_factory=list)  # logged, but no original on disk
    history: dict[str, int] | None = None  # rows copied per table; None: not copied
    history_problem: str = ""
    backup: Path | None = None  # the old store, when it is kept


def find_originals(
    workspace: Workspace, log: pd.DataFrame | None
) -> tuple[list[Original], list[str]]:
    """The originals to re-read, in the old store's ingest order when its log is known (then
    also the logged files whose original is gone), else oldest first; files the log does not
    know come last."""
    folder = workspace.originals
    on_disk = sorted(
        (p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [],
        key=lambda p: (p.stat().st_mtime_ns, p.name),
    )
    found: list[Original] = []
    missing: list[str] = []
    seen: set[Path] = set()
    if log is not None:
        for rec in records(log):
            path = workspace.root / str(rec["original"])
            if path.resolve() in seen:
                continue
            if not path.is_file():
                missing.append(str(rec["file_name"]))
                continue
            seen.add(path.resolve())
            found.append(
                Original(path, str(rec["file_name"]), str(rec["sha256"]), rec["ingested_at"])
            )
    for path in on_disk:
        if path.resolve() in seen:
            continue
        name = PREFIX.sub("", path.name)
        found.append(Original(path, name, path.name[:16] if name != path.name else ""))
    return found, missing


def _sha_matches(original: Original, sha: str) -> bool:
    return not original.sha256 or sha.startswith(original.sha256)


def rebuild_store(
    workspace: Workspace,
    settings: Settings | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> RebuildReport:
    """Rebuild the workspace's store from its originals (one build of a workspace at a time:
    a scheduled build waits for it). Raises :class:`WorkspaceError` when there is nothing to
    rebuild from; the old store is then left as it is."""
    with build_lock(workspace):
        when = now or dt.datetime.now().replace(microsecond=0)
        return _rebuild(workspace, settings or Settings(), progress, when)


def _rebuild(
    workspace: Workspace, settings: Settings, progress: Progress | None, now: dt.datetime
) -> RebuildReport:
    db = workspace.db_path
    report = RebuildReport(store=db)
    log: pd.DataFrame | None = None
    if db.exists():
        try:
            log = read_old_log(db)
        except OpsReportError as exc:
            report.history_problem = exc.problem
    originals, report.missing = find_originals(workspace, log)
    report.total = len(originals)
    if not originals:
        raise WorkspaceError(
            f"no originals in {workspace.originals}: nothing to rebuild the store from",
            "put the exports into exports/ and run `opsreport build` (it ingests them and keeps"
            " their originals); the store was left as it is",
        )
    stamp = now.strftime("%Y%m%d-%H%M%S")
    fresh = db.with_name(f"{db.name}.rebuild-{stamp}")
    for stale in (fresh, fresh.with_name(fresh.name + ".wal")):
        stale.unlink(missing_ok=True)
    try:
        with Store(fresh) as store:
            _reread(store, workspace.root, originals, report, settings, progress, now)
            if db.exists():
                try:
                    report.history = store.copy_history(db)
                except Exception as exc:  # a damaged or foreign file: the history starts again
                    report.history_problem = " ".join(str(exc).split())[:200]
        report.backup = _swap(db, fresh, stamp)
    except BaseException:
        for left in (fresh, fresh.with_name(fresh.name + ".wal")):
            left.unlink(missing_ok=True)
        raise
    with Store(db, read_only=True, kinds=False):
        pass  # the new store opens: the old one is no longer needed unless it holds more
    complete = report.history is not None and not report.missing and not report.rejected
    if complete and report.backup is not None:
        for old in (report.backup, report.backup.with_name(report.backup.name + ".wal")):
            old.unlink(missing_ok=True)
        report.backup = None
    return report


def _reread(
    store: Store,
    root: Path,
    originals: list[Original],
    report: RebuildReport,
    settings: Settings,
    progress: Progress | None,
    now: dt.datetime,
) -> None:
    """Every original parsed and stored as ingest does it (:func:`ingest._parse_job`,
    :func:`take_parsed`, :func:`new_file`): the same limits, the plausible window of a first
    ingest, ids restored by titles learnt from the files before, row problems kept. Each batch
    of originals is written in one transaction (:meth:`Store.add_files`): a failure fails the
    rebuild, as it did when they were written one by one."""
    held: set[str] = set()
    total = len(originals)
    limits = Limits.of(settings)
    window = window_for(settings, now.date(), None)
    products: Known = {}
    for start in range(0, total, BATCH):
        batch = originals[start : start + BATCH]
        jobs = [(o.name, o.path.read_bytes()) for o in batch]
        parallel = can_fork() and len(originals) >= 40
        ahead = fork_map(
            lambda lim, job: _parse_job(lim, job, window, products),
            limits,
            jobs,
            parallel=parallel,
            chunksize=4,
        )
        waiting: list[NewFile] = []  # the batch's files, written in one transaction
        for i, (original, (name, data), result) in enumerate(zip(batch, jobs, ahead, strict=True)):
            if progress:
                progress(start + i, total, original.name)
            sha = sha256(data)
            if not _sha_matches(original, sha):
                report.rejected.append(
                    (
                        original.name,
                        f"the original {original.path.name} does not match the hash logged when it"
                        " was ingested: the copy is damaged",
                        f"put the export {original.name} back into exports/ and run `opsreport build`",
                    )
                )
                continue
            if sha in held:
                continue  # the same bytes under two names: stored once, as ingest does
            try:  # parsed again when its ids lost digits and a file before names them
                parsed = take_parsed({name: result}, name, data, limits, window, products)
            except IngestError as exc:
                report.rejected.append((original.name, exc.problem, exc.fix))
                continue
            waiting.append(
                new_file(
                    parsed,
                    sha,
                    original.name,
                    str(original.path.relative_to(root)),
                    _when(original.ingested_at, now),
                )
            )
            learn_products(products, parsed)
            held.add(sha)
            report.reread += 1
        store.add_files(waiting)
    if progress:
        progress(total, total, "")


def _when(value: Any, now: dt.datetime) -> dt.datetime:
    if value is None or pd.isna(value):
        return now
    return pd.Timestamp(value).to_pydatetime()


def _swap(db: Path, fresh: Path, stamp: str) -> Path | None:
    """Put ``fresh`` in the store's place; the old file (and its write-ahead log, which
    belongs to it alone) become ``<name>.bak-<stamp>``. Returns the backup, if there was an
    old store."""
    backup = db.with_name(f"{db.name}.bak-{stamp}") if db.exists() else None
    wal = db.with_name(db.name + ".wal")
    if backup is not None:
        os.replace(db, backup)
        if wal.exists():
            os.replace(wal, backup.with_name(backup.name + ".wal"))
    elif wal.exists():  # a log left without its database would be replayed into the new one
        os.replace(wal, db.with_name(f"{db.name}.wal.bak-{stamp}"))
    try:
        os.replace(fresh, db)
    except BaseException:
        if backup is not None:
            with contextlib.suppress(OSError):
                os.replace(backup, db)
        raise
    return backup
