"""What an ingest says: each file's result (ingested, skipped, rejected, unchanged; its kind,
period, rows, problem and fix) and the run's report with its one-line summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import translate
from .normalize import RowProblem
from .originals import OriginalProblem


@dataclass
class FileResult:
    path: Path
    name: str
    sha256: str
    status: str  # ingested | skipped | rejected | unchanged
    kind: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    rows: int = 0
    problem: str = ""
    fix: str = ""
    warnings: list[str] = field(default_factory=list)
    row_problems: list[RowProblem] = field(default_factory=list)


@dataclass
class IngestReport:
    results: list[FileResult]
    originals: list[OriginalProblem] = field(default_factory=list)  # stored originals checked

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def rejected(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "rejected"]

    @property
    def not_read(self) -> list[FileResult]:
        """Files passed over unread (hidden files, broken links, links out of the inbox)."""
        return [r for r in self.results if r.status == "skipped" and not r.sha256]

    def summary(self, lang: str = "en") -> str:
        held = self.count("skipped") + self.count("unchanged") - len(self.not_read)
        text = translate(
            "cli_ingest_summary",
            lang,
            ingested=self.count("ingested"),
            held=held,
            rejected=self.count("rejected"),
        )
        if self.not_read:
            text += translate("cli_ingest_not_read", lang, n=len(self.not_read))
        return text
