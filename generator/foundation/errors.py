"""The exceptions the library raises. Only the CLI (``generator/cli/``) turns them into ``Error: …``.

Every message names what is wrong (the file, sheet, row or setting) and ends with the fix.
"""

from __future__ import annotations

import re


class OpsReportError(Exception):
    """Base class: a problem the user can act on."""

    def __init__(self, problem: str, fix: str = "") -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} — {fix}" if fix else problem)


class ConfigError(OpsReportError):
    """The workspace config has one or more invalid settings (all are listed)."""


class WorkspaceError(OpsReportError):
    """The workspace folder is missing, or is not a workspace."""


class StoreError(OpsReportError):
    """The store file cannot be used: damaged, written by a newer opsreport, from a version
    with no migration, or not writable. The fix names the command that repairs it."""


class IngestError(OpsReportError):
    """One export file cannot be read; the other files go on."""

    def __init__(self, file_name: str, problem: str, fix: str) -> None:
        self.file_name = file_name
        super().__init__(problem, fix)

    def __str__(self) -> str:
        return f"{self.file_name}: {self.problem} — {self.fix}"


class BuildError(OpsReportError):
    """The site could not be built; the previous site is left in place."""


# C0 and C1 control characters (escape codes, carriage returns, bells…) and the bidi controls
# that reorder what a terminal shows; tab and line feed kept where a message spans lines
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\t\n]")


def _code(m: re.Match[str]) -> str:
    n = ord(m.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def printable(text: object, keep_lines: bool = False) -> str:
    """Text for the terminal: every control character (an ANSI escape code in a file name or
    a cell) shown as its code, e.g. ``\\x1b``, instead of acting on the terminal."""
    value = _CONTROL.sub(_code, str(text))
    if keep_lines:
        return value
    return _BREAKS.sub(lambda m: "\\t" if m.group() == "\t" else "\\n", value)


def explain_os_error(exc: OSError) -> WorkspaceError | None:
    """A failed write in the workspace as the user's problem and fix: a folder that is not
    writable, a file where a folder should be, a full disk. None for any other error."""
    import errno
    from pathlib import Path

    name = exc.filename if isinstance(exc.filename, (str, Path)) else None
    where = Path(name) if name else None
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and where is not None:
        blocker = next((p for p in (where, *where.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return WorkspaceError(
                f"{blocker} is a file where opsreport needs a folder ({exc.strerror})",
                f"move or rename {blocker} out of the way (opsreport creates the folder), or use"
                " another --workspace, then run again",
            )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and where is not None:
        folder = where if where.is_dir() else where.parent
        return WorkspaceError(
            f"{where} is not writable ({exc.strerror})",
            f"give the user that runs opsreport write permission on {folder} (or, on a"
            " read-only share, copy the workspace to a writable folder and use that"
            " --workspace), then run again",
        )
    if exc.errno == errno.ENOSPC:
        return WorkspaceError(
            f"the disk is full while writing {where or 'the workspace'}",
            "free some space on that disk, then run again (the previous site is left in place)",
        )
    if exc.errno == errno.ENOENT and where is not None and not where.parent.is_dir():
        return WorkspaceError(
            f"{where} cannot be made: its folder {where.parent} does not exist ({exc.strerror})",
            f"create {where.parent} (or correct the setting that points there, such as"
            " publish_dir), then run again",
        )
    if exc.errno == errno.ENOENT and where is not None:
        return WorkspaceError(
            f"{where} cannot be made there ({exc.strerror}): that place does not hold folders"
            " opsreport can create",
            "point the setting that names it (such as publish_dir) at an ordinary folder,"
            " then run again",
        )
    return None
