"""Ingest: every file in the inbox is ingested, skipped (same bytes already held) or rejected
with a reason that names the file, the problem and the fix. A rejected file never stops the
others — whatever goes wrong while reading, normalising or storing it — and files that are not
read (hidden files, broken links, links out of the inbox) each get a line saying why.

Each file is read once into memory: its hash, its parsing and its kept original all come from
the same bytes. The original is written atomically (temporary file, fsync, rename) into
``store/originals/`` and its hash checked; :func:`check_originals` finds and repairs stored
originals that no longer match the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings, Workspace
from ..foundation.errors import IngestError, WorkspaceError
from ..foundation.parallel import can_fork, fork_imap
from .inbox import SKIP_DIRS, SUFFIXES, Skipped, inbox_files, scan_inbox  # noqa: F401
from .normalize import Known, Window, plausible_window
from .originals import (  # noqa: F401
    OriginalProblem,
    check_originals,
    file_sha,
    keep_original,
    read_once,
    sha256,
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
    learn_products,
    parse_export,
    period_of,
    restore_columns_fix,
    store_parsed,
    unexpected,
    unstorable,
)
from .readers import CHILD_BYTES, Limits, too_big
from .report import FileResult, IngestReport

if TYPE_CHECKING:
    from ..store import Store


def _parse_job(
    limits: Limits,
    job: tuple[str, bytes],
    window: Window | None = None,
    products: Known | None = None,
) -> tuple[str, Any]:
    name, data = job
    try:
        return "ok", parse_export(name, data, limits, window=window, known=products)
    except IngestError as exc:  # sent back as plain values: exceptions with fields do not pickle
        return "error", (exc.file_name, exc.problem, exc.fix)
    except Exception as exc:
        err = unexpected(name, exc)
        return "error", (err.file_name, err.problem, err.fix)


class Prepared:
    """The files parsed ahead in worker processes, in the order they were given: a file's
    result is waited for when it is taken (:meth:`pop`), so the files before it are written
    while the workers parse the ones after. If a worker dies, the files not received yet are
    parsed one by one as they are taken."""

    def __init__(self, names: list[str], results: Iterator[tuple[str, Any]]) -> None:
        self._names = names
        self._next = 0  # the index in ``names`` of the next result to receive
        self._results = results
        self._got: dict[str, tuple[str, Any]] = {}
        self._ahead = set(names)

    def __contains__(self, name: object) -> bool:
        return name in self._ahead

    def pop(self, name: str) -> tuple[str, Any]:
        while name not in self._got:
            try:
                got = next(self._results)
            except (BrokenProcessPool, StopIteration):  # a worker died: the rest one by one
                self._ahead = set(self._got)
                raise KeyError(name) from None
            self._got[self._names[self._next]] = got
            self._next += 1
        self._ahead.discard(name)
        return self._got.pop(name)

    def close(self) -> None:
        """End the workers (when the files are not all taken: an error stopped the run)."""
        closing = getattr(self._results, "close", None)
        if closing is not None:
            closing()


def parse_new_files(
    new: list[tuple[str, bytes]],
    limits: Limits,
    window: Window | None = None,
    products: Known | None = None,
) -> Prepared:
    """Parse the files not held yet, on every core when there are many (a first ingest of a
    year of exports). Writing stays sequential, in the files' order, and goes on while the
    workers parse the files after (:class:`Prepared`). Big files are left to the sequential
    pass (which reads them in a child process of its own)."""
    jobs = [(name, data) for name, data in new if len(data) <= CHILD_BYTES]
    if len(jobs) < 40 or not can_fork():
        # few files: parsed one by one as they are written, with the progress bar
        return Prepared([], iter(()))
    results = fork_imap(
        lambda lim, job: _parse_job(lim, job, window, products), limits, jobs, chunksize=4
    )
    return Prepared([name for name, _data in jobs], results)


def take_parsed(
    prepared: dict[str, tuple[str, Any]] | Prepared,
    name: str,
    data: bytes,
    limits: Limits,
    window: Window | None = None,
    products: Known | None = None,
) -> Parsed:
    """The file parsed ahead of time, or parsed now. A file parsed ahead with ids that lost
    digits is parsed again: a file ingested since may name their products."""
    try:
        if name not in prepared:
            raise KeyError(name)
        status, value = prepared.pop(name)
    except KeyError:  # not parsed ahead (or its worker died)
        return parse_export(name, data, limits, window=window, known=products)
    if (status == "ok" and value.unrestored) or (status == "error" and "lost digits" in value[1]):
        return parse_export(name, data, limits, window=window, known=products)
    if status == "error":
        raise IngestError(*value)
    return value  # type: ignore[no-any-return]


Entry = tuple[
    Path, str, str, bytes | None, IngestError | None
]  # path, name, sha256, new bytes, error


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
) -> IngestReport:
    """Ingest every inbox file into ``store``; with ``write=False`` only check them (validate).
    Writing first checks the stored originals (:func:`check_originals`). With ``settings`` (as
    the CLI and the pipeline call it), dates must lie in the plausible window (its size in
    ``settings``) around the store's data, ``today`` (default: the date of ``now``) and the
    ``as_of`` date being built, if earlier."""
    run_at = now or dt.datetime.now().replace(microsecond=0)
    files, skipped = scan_inbox(workspace.exports)
    run = _Run(workspace, store if write else None, Limits.of(settings or Settings()), run_at)
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
        originals = check_originals(workspace, run.store, inbox)
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
    finally:
        run.prepared.close()
    if progress:
        progress(len(files), len(files), "")
    if run.store is not None:
        run.store.add_events(run.events)
    return IngestReport(run.results, originals)


@dataclass
class _Run:
    """One ingest run: what the store knows, the results and the file events so far.
    ``store`` is None when nothing is written (validate)."""

    workspace: Workspace
    store: Store | None
    limits: Limits
    run_at: dt.datetime
    known: dict[str, str] = field(default_factory=dict)  # sha256 → file name, held already
    products: Known = field(default_factory=dict)
    window: Window | None = None
    prepared: Prepared = field(default_factory=lambda: Prepared([], iter(())))
    results: list[FileResult] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

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
        why it cannot be read."""
        rel = str(path.relative_to(self.workspace.exports))
        try:
            size = path.stat().st_size
            if size > self.limits.max_file_bytes:
                raise too_big(rel, size, self.limits)
            raw = read_once(path)
        except IngestError as exc:
            return (path, rel, "", None, exc)
        except OSError as exc:
            return (
                path,
                rel,
                "",
                None,
                IngestError(
                    rel,
                    f"the file cannot be read: {exc.strerror or exc}",
                    "close it in Excel (or the program holding it) and check its permissions",
                ),
            )
        sha = sha256(raw)
        return (path, rel, sha, None if sha in self.known else raw, None)

    def take(self, entry: Entry) -> None:
        """One file: held already (unchanged, or a duplicate), ingested, or rejected."""
        path, rel, sha, data, error = entry
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
            self.results.append(res)
            if not same:
                self.event(res)
            return
        try:
            if error is not None:
                raise error
            assert data is not None
            parsed = take_parsed(self.prepared, rel, data, self.limits, self.window, self.products)
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
                original = keep_original(self.workspace, rel, sha, data)
                kept = str(original.relative_to(self.workspace.root))
                store_parsed(self.store, parsed, sha, rel, kept, self.run_at)
        except IngestError as exc:
            res = FileResult(path, rel, sha, "rejected", problem=exc.problem, fix=exc.fix)
        except WorkspaceError:  # the store cannot be written: no file can be kept
            raise
        except Exception as exc:  # whatever else goes wrong stays with this file
            err = unexpected(rel, exc)
            res = FileResult(path, rel, sha, "rejected", problem=err.problem, fix=err.fix)
        if res.status == "rejected":
            self.results.append(res)
            self.event(res)
            return
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
        if sha:
            self.known[sha] = rel
        learn_products(self.products, parsed)
        self.results.append(res)


def window_for(settings: Settings, today: dt.date, earliest: dt.date | None) -> Window:
    """The plausible dates for a store whose data starts on ``earliest`` (None: no data)."""
    return plausible_window(
        today, earliest, settings.plausible_past_years, settings.plausible_future_days
    )
