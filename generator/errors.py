"""The exceptions the library raises. Only ``cli.py`` turns them into ``Error: …``.

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
