"""Ingest: every file in the inbox is ingested, skipped (same bytes already held) or rejected
with a reason that names the file, the problem and the fix. A rejected file never stops the
others — whatever goes wrong while reading, normalising or storing it — and files that are not
read (hidden files, broken links, links out of the inbox) each get a line saying why.

Each file is read once into memory: its hash, its parsing and its kept original all come from
the same bytes. The original is written atomically (temporary file, fsync, rename) into
``store/originals/`` and its hash checked; :func:`check_originals` finds and repairs stored
originals that no longer match the log.

The files' rows are written in batches (up to :data:`BATCH_FILES` files or
:data:`BATCH_ROWS` rows), each in one transaction with the files' log rows and row problems:
a file is in the store whole or not at all, and its file id follows the files' order. The
originals folder is flushed once a batch, before its transaction (each original's bytes were
flushed before its rename). A batch that cannot be written is written file by file, so that
only the file that fails is rejected. The results and events come in the files' order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, Workspace
from ..foundation.errors import IngestError, WorkspaceError
from .hashes import NAME as HASHES_NAME
from .hashes import FileHashes
from .inbox import SKIP_DIRS, SUFFIXES, Skipped, inbox_files, scan_inbox  # noqa: F401
from .normalize import Known, Window, plausible_window
from .originals import (  # noqa: F401
    OriginalProblem,
    check_originals,
    file_sha,
    keep_original,
    read_export,
    read_once,
    sha256,
    sync_originals,
    write_in_store,
)
from .parse import (  # noqa: F401
    FIRST_DAY,
    LAST_DAY,
    Parsed,
    cap_list,
    derive_columns,
    drop_example_rows,
    kind_by_file_name,
    parse_export,
    period_of,
    restore_columns_fix,
    unexpected,
    unstorable,
)
from .prepared import Prepared, _parse_job, parse_new_files, take_parsed  # noqa: F401
from .readers import Limits
from .report import FileResult, IngestReport
from .stored import learn_products, new_file, store_parsed  # noqa: F401

if TYPE_CHECKING:
    from ..store import Store
    from ..store.writes import NewFile


Entry = tuple[Path, str, str, bytes | None, IngestError | None]  # path, name, + read_export


def ingest_inbox(
    workspace: Workspace,
    store: Store | None,
    *,
    write: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
    rehash: bool = False,
) -> IngestReport:
    """Ingest every inbox file into ``store``; with ``write=False`` only check them (validate).
    Writing first checks the stored originals (:func:`check_originals`). With ``settings`` (as
    the CLI and the pipeline call it), dates must lie in the plausible window (its size in
    ``settings``) around the store's data, ``today`` (default: the date of ``now``) and the
    ``as_of`` date being built, if earlier.

    A file (export or original) unchanged since its hash was noted is not read again
    (:mod:`generator.ingest.hashes`); ``rehash`` reads and hashes every one."""
    run_at = now or dt.datetime.now().replace(microsecond=0)
    files, skipped = scan_inbox(workspace.exports)
    hashes = FileHashes(workspace.store_dir / HASHES_NAME, workspace.root, not rehash)
    run = _Run(
        workspace, store if write else None, Limits.of(settings or Settings()), run_at, hashes
    )
    run.learn_store(store, settings, today or run_at.date(), as_of)
    for skip in skipped:
        res = FileResult(
            workspace.exports / skip.name,
            skip.name,
            "",
            "skipped",
            problem=skip.problem,
            fix=skip.fix,
        )
        run.results.append(res)
        run.event(res)
    # each file read once: hashed, and (when new) parsed and kept from those same bytes
    entries = [run.read(path) for path in files]
    originals: list[OriginalProblem] = []
    if run.store is not None:
        inbox = {sha: path for path, _rel, sha, _d, _e in entries if sha}
        originals = check_originals(workspace, run.store, inbox, hashes=run.hashes)
        run.damaged(originals)
    run.prepared = parse_new_files(
        [(rel, data) for _p, rel, _s, data, _e in entries if data is not None],
        run.limits,
        run.window,
        run.products,
    )
    try:
        for i, entry in enumerate(entries):
            if progress:
                progress(i, len(files), entry[1])
            run.take(entry)
        run.finish()
    finally:
        run.prepared.close()
    if progress:
        progress(len(files), len(files), "")
    if run.store is not None:
        run.store.add_events(run.events)
        run.hashes.save()
    return IngestReport(run.results, originals)


@dataclass
class _Run:
    """One ingest run: what the store knows, the results and the file events so far.
    ``store`` is None when nothing is written (validate)."""

    workspace: Workspace
    store: Store | None
    limits: Limits
    run_at: dt.datetime
    hashes: FileHashes  # the files' noted hashes (read again only when changed)
    known: dict[str, str] = field(default_factory=dict)  # sha256 → file name, held already
    products: Known = field(default_factory=dict)
    window: Window | None = None
    prepared: Prepared = field(default_factory=lambda: Prepared([], iter(())))
    results: list[FileResult] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    # the files taken since the last write, in order: their results wait for their rows
    batch: list[_Taken] = field(default_factory=list)
    before: Known = field(default_factory=dict)  # the products known before the batch
    learnt: set[tuple[Any, Any]] = field(default_factory=set)  # (title, id) in ``products``

    def __post_init__(self) -> None:
        self.events.append({"run_at": self.run_at, "file_name": "", "sha256": "", "status": "run"})

    def learn_store(
        self, store: Store | None, settings: Settings | None, today: dt.date, as_of: dt.date | None
    ) -> None:
        """The files and products the store holds, and the plausible window around its data."""
        earliest = None
        if store is not None:
            log = store.query("SELECT sha256, file_name FROM ingest_log")
            self.known = dict(zip(log["sha256"], log["file_name"], strict=True))
            self.products, earliest = store.product_titles(), store.first_day()
        if as_of is not None and earliest is not None:
            earliest = min(earliest, as_of)
        if settings is not None:
            self.window = window_for(settings, today, earliest or as_of)

    def event(self, res: FileResult, **more: Any) -> None:
        self.events.append(
            {
                "run_at": self.run_at,
                "file_name": res.name,
                "sha256": res.sha256,
                "status": res.status,
                "problem": res.problem,
                "fix": res.fix,
                **more,
            }
        )

    def damaged(self, originals: list[OriginalProblem]) -> None:
        for o in originals:
            if not o.repaired:  # listed on the import status page until it is put back
                self.events.append(
                    {
                        "run_at": self.run_at,
                        "file_name": o.original,
                        "sha256": "",
                        "status": "damaged",
                        "problem": o.problem,
                        "fix": o.fix,
                    }
                )

    def read(self, path: Path) -> Entry:
        """A file's bytes and hash (the bytes only when the store does not hold them yet), or
        why it cannot be read (:func:`read_export`)."""
        rel = str(path.relative_to(self.workspace.exports))
        return (path, rel, *read_export(path, rel, self.limits, self.hashes, self.known))

    def take(self, entry: Entry, ahead: dict[str, tuple[str, Any]] | None = None) -> None:
        """One file: held already (unchanged, or a duplicate), ingested, or rejected. An
        ingested file's rows join the batch written by :meth:`flush`; its result and event
        wait for them, and so do those of the files after it. ``ahead``: what the workers
        made of it, when it is taken again (:meth:`one_by_one`)."""
        path, rel, sha, data, error = entry
        if sha and any(t.new is not None and t.res.sha256 == sha for t in self.batch):
            self.flush()  # the same bytes twice: the second is a duplicate once the first is in
        if sha in self.known:
            same = self.known[sha] == rel
            res = FileResult(
                path,
                rel,
                sha,
                "unchanged" if same else "skipped",
                problem="" if same else f"same content as {self.known[sha]}",
                fix="" if same else "nothing to do: a browser duplicate can be deleted",
            )
            self.settle(_Taken(entry, {}, res))
            return
        ahead = self.ahead_of(rel) if ahead is None and error is None else (ahead or {})
        new = None
        try:
            if error is not None:
                raise error
            assert data is not None
            # a copy: taken again after a failed batch, the file has the same result to use
            parsed = take_parsed(dict(ahead), rel, data, self.limits, self.window, self.products)
            res = FileResult(
                path,
                rel,
                sha,
                "ingested",
                parsed.kind.name,
                parsed.period_start,
                parsed.period_end,
                len(parsed.rows),
                warnings=parsed.warnings,
                row_problems=parsed.row_problems,
            )
            if self.store is not None:
                # the folder is flushed once for the batch, before its rows are committed
                original = keep_original(
                    self.workspace, rel, sha, data, sync_dir=False, hashes=self.hashes
                )
                kept = str(original.relative_to(self.workspace.root))
                new = new_file(parsed, sha, rel, kept, self.run_at)
        except IngestError as exc:
            res = FileResult(path, rel, sha, "rejected", problem=exc.problem, fix=exc.fix)
        except WorkspaceError:  # the store cannot be written: no file can be kept
            raise
        except Exception as exc:  # whatever else goes wrong stays with this file
            err = unexpected(rel, exc)
            res = FileResult(path, rel, sha, "rejected", problem=err.problem, fix=err.fix)
        if res.status == "rejected":
            self.settle(_Taken(entry, ahead, res))
            return
        if new is not None and not any(t.new is not None for t in self.batch):
            self.before = {title: set(ids) for title, ids in self.products.items()}
        # learnt now, for the files after it; forgotten again if its rows cannot be written
        learn_products(self.products, parsed, self.learnt)
        self.settle(_Taken(entry, ahead, res, parsed, new))
        waiting = [t for t in self.batch if t.new is not None]
        if len(waiting) >= BATCH_FILES or sum(t.res.rows for t in waiting) >= BATCH_ROWS:
            self.flush()

    def ahead_of(self, rel: str) -> dict[str, tuple[str, Any]]:
        """What the workers made of the file (nothing when it was not parsed ahead, or its
        worker died)."""
        try:
            return {rel: self.prepared.pop(rel)} if rel in self.prepared else {}
        except KeyError:
            return {}

    def settle(self, taken: _Taken) -> None:
        """A file's result, told now or, behind files whose rows are not written yet, in its
        turn after them."""
        if taken.new is not None or self.batch:
            self.batch.append(taken)
        else:
            self.tell(taken)

    def tell(self, taken: _Taken) -> None:
        """A file's result and event (rows written, when there are any)."""
        res = taken.res
        self.results.append(res)
        if res.status in ("skipped", "rejected"):
            self.event(res)
        elif res.status == "ingested":
            if self.store is not None:
                self.event(
                    res,
                    kind=res.kind,
                    period_start=res.period_start,
                    period_end=res.period_end,
                    rows=res.rows,
                    problem="; ".join(res.warnings),
                    fix=None,
                )
            if res.sha256:
                self.known[res.sha256] = res.name

    def flush(self) -> None:
        """Write the batch's files in one transaction (their originals kept already, the
        folder flushed first), then tell their results and those of the files between them.
        When the transaction fails, :meth:`one_by_one`."""
        batch, self.batch = self.batch, []
        waiting = [t.new for t in batch if t.new is not None]
        if waiting:
            assert self.store is not None
            try:
                sync_originals(self.workspace)
                self.store.add_files(waiting)
            except WorkspaceError:
                raise
            except Exception:  # rolled back: which file fails is found one by one
                self.one_by_one(batch)
                return
        for taken in batch:
            self.tell(taken)

    def one_by_one(self, batch: list[_Taken]) -> None:
        """A batch whose transaction failed, written file by file, as each was before there
        were batches (the originals folder flushed before each): the file that fails is
        rejected with its error, the ones before it are in. The files after it were taken
        knowing the products of a file that is not in: they are taken again (from what the
        workers made of them), as a new batch."""
        assert self.store is not None
        self.products, self.learnt = self.before, set()
        for at, taken in enumerate(batch):
            if taken.new is None or taken.parsed is None:
                self.tell(taken)
                continue
            try:
                sync_originals(self.workspace)
                self.store.add_file(*taken.new)
            except WorkspaceError:
                raise
            except Exception as exc:
                res, err = taken.res, unexpected(taken.res.name, exc)
                failed = FileResult(
                    res.path, res.name, res.sha256, "rejected", problem=err.problem, fix=err.fix
                )
                self.tell(_Taken(taken.entry, taken.ahead, failed))
                for later in batch[at + 1 :]:
                    self.take(later.entry, later.ahead)
                return
            learn_products(self.products, taken.parsed, self.learnt)
            self.tell(taken)

    def finish(self) -> None:
        """Write the files still waiting."""
        while self.batch:
            self.flush()


BATCH_FILES = 50  # files written in one transaction (at most): 100 measured no faster, +90 MB
BATCH_ROWS = 200_000  # rows written in one transaction: a batch ends when it reaches them


@dataclass
class _Taken:
    """A file taken: its entry and what the workers made of it (to take it again), its
    result and, while its rows wait to be written, what it was parsed into and the file to
    write."""

    entry: Entry
    ahead: dict[str, tuple[str, Any]]
    res: FileResult
    parsed: Parsed | None = None
    new: NewFile | None = None


def window_for(settings: Settings, today: dt.date, earliest: dt.date | None) -> Window:
    """The plausible dates for a store whose data starts on ``earliest`` (None: no data)."""
    return plausible_window(
        today, earliest, settings.plausible_past_years, settings.plausible_future_days
    )
