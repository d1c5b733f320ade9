"""New files parsed ahead, on every core, while the files before them are written
(:class:`Prepared`); a file not parsed ahead (or whose worker died) is parsed when taken."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..foundation.errors import IngestError
from ..foundation.parallel import can_fork, fork_imap
from .normalize import Known, Window
from .parse import Parsed, parse_export, unexpected
from .readers import CHILD_BYTES, Limits


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
