"""The exceptions the library raises. Only ``cli.py`` turns them into ``Error: …``.

Every message names what is wrong (the file, sheet, row or setting) and ends with the fix.
"""

from __future__ import annotations


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
