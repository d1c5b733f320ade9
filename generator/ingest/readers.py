"""Sniff a file's bytes and read its first sheet into a grid of cells.

Native exports are BIFF8 ``.xls`` (OLE2), some are ``.xlsx``; operators re-save as ``.csv``
(UTF-8 or GB18030). A file that starts like an HTML page is a login page saved under an
``.xls`` name. Excel files are read with python-calamine, which handles both formats.

Reading is bounded: the file's size, and the rows and columns a sheet really uses (its cell
references, measured cheaply from the raw bytes before python-calamine sees them), are checked
against :class:`Limits` first — calamine allocates the whole rectangle up to the farthest cell,
so one cell at ``XFD1048576`` in a 5 KB workbook would abort the process. A workbook that is
big, or whose extent cannot be measured, is read in a child process, so that even a native
crash of the reader can only reject that one file.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import time
from typing import Any

from python_calamine import CalamineWorkbook

from ..foundation.errors import IngestError
from .extent import check_extent, xls_extent, xlsx_extent  # noqa: F401
from .limits import CHILD_CELLS, MB, Grid, Limits, size_text, too_big  # noqa: F401
from .sniff import (  # noqa: F401
    PASSWORD_PROTECTED,
    decode_text,
    is_encrypted_workbook,
    read_csv,
    sniff,
)

# a sheet read in this process at most this big (bytes, and cells of its rectangle); a bigger
# one, or one whose extent cannot be measured, is read in a child process
CHILD_BYTES = 4 * MB
CHILD_SECONDS = (
    120  # a child reading longer than this (+1 s per MB) is stopped: the file is rejected
)


def damaged(name: str, fmt: str, detail: str) -> IngestError:
    if "password" in detail.lower() or "encrypt" in detail.lower():
        return IngestError(name, *PASSWORD_PROTECTED)
    return IngestError(
        name,
        f"the {fmt} file is damaged or incomplete (probably a cut-off download): {detail}",
        "download the export again from the backend (a sheet you fill in: open your copy"
        " in Excel and save it again) and replace this file",
    )


def read_workbook(name: str, fmt: str, data: bytes) -> Grid:
    """The first sheet of an .xls/.xlsx, read by python-calamine in this process."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise ValueError("the workbook has no sheet")
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several error types (a Rust panic too)
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise damaged(name, fmt, detail) from None
    return [list(r) for r in rows]


CHILD_MEMORY = 4 * 1024 * MB  # the memory a child reader may take beyond what it inherits


def _limit_memory(data: bytes) -> None:
    """Cap the child's address space (where the OS allows it): an allocation past the cap
    fails inside the child, which dies alone, instead of making the machine swap or the OOM
    killer pick another process."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        cap = current + CHILD_MEMORY + 20 * len(data)
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, OSError, ValueError):
        pass


def _child_read(conn: Any, name: str, fmt: str, data: bytes, parent: int) -> None:
    from ..foundation.lifeline import die_with_parent

    die_with_parent(parent)  # a build killed while this child reads leaves no reader behind
    _limit_memory(data)
    try:  # a crash's backtrace is not the user's business: the rejection says what happened
        import faulthandler

        faulthandler.disable()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
    except OSError:
        pass
    try:
        conn.send(("ok", read_workbook(name, fmt, data)))
    except IngestError as exc:
        conn.send(("error", (exc.file_name, exc.problem, exc.fix)))
    finally:
        conn.close()


def read_workbook_in_child(name: str, fmt: str, data: bytes) -> Grid:
    """:func:`read_workbook` in a child process: if the native reader crashes (or runs out
    of memory, or hangs), only this file is rejected."""
    from ..foundation.portable import portable

    # fork where the system has it (cheap); spawn elsewhere (Windows, or portable mode forced)
    forks = not portable() and "fork" in multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if forks else "spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_read, args=(send, name, fmt, data, os.getpid()), daemon=True)
    child.start()
    send.close()
    allowed = CHILD_SECONDS + len(data) // MB
    deadline = time.monotonic() + allowed
    got: Any = None
    try:
        while got is None:
            if receive.poll(0.05):
                try:
                    got = receive.recv()
                except (EOFError, OSError):
                    break
            elif not child.is_alive() and not receive.poll(0):
                break
            elif time.monotonic() > deadline:
                child.kill()
                raise IngestError(
                    name,
                    f"reading the {fmt} file took more than {allowed} s and was stopped",
                    "open it in Excel and save it again (or export it again), then replace this file",
                )
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if got is None:
        code = child.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        raise IngestError(
            name,
            f"the {fmt} reader crashed on this file ({how}): the file is damaged or far bigger"
            " inside than it looks",
            "open it in Excel and save it again (or export it again), then replace this file",
        )
    status, value = got
    if status == "error":
        raise IngestError(*value)
    return value  # type: ignore[no-any-return]


def read_grid(name: str, data: bytes, limits: Limits | None = None) -> tuple[Grid, str]:
    """The first sheet as rows of cells, and the format read. Raises :class:`IngestError`."""
    limits = limits or Limits()
    if len(data) > limits.max_file_bytes:
        raise too_big(name, len(data), limits)
    fmt = sniff(data)
    if fmt == "empty":
        raise IngestError(
            name,
            "the file is empty (0 bytes or only blanks)",
            "export it again from the backend (a sheet you fill in: save it again from Excel)",
        )
    if fmt == "html":
        raise IngestError(
            name,
            "this is a web page (probably the login or session-expired page), not an Excel export",
            "log in to the seller backend again, export the report again, and replace this file",
        )
    if fmt == "binary":
        raise IngestError(
            name,
            "the file is neither Excel nor text",
            "export it again as .xls/.xlsx, or save it as CSV",
        )
    if fmt == "csv":
        grid, _encoding = read_csv(name, data, limits)
        return grid, "csv"
    if fmt == "xls" and is_encrypted_workbook(data):
        raise IngestError(name, *PASSWORD_PROTECTED)
    extent = check_extent(name, fmt, data, limits)
    small = extent is not None and extent[0] * extent[1] <= CHILD_CELLS
    if small and len(data) <= CHILD_BYTES:
        return read_workbook(name, fmt, data), fmt
    return read_workbook_in_child(name, fmt, data), fmt
