"""How big a file and its first sheet may be, and the error for a file too big."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..foundation.errors import IngestError

Grid = list[list[Any]]
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How big a file and its first sheet may be (settings max_file_mb, max_sheet_rows,
    max_sheet_columns)."""

    max_file_mb: int = 200
    max_rows: int = 1_000_000
    max_columns: int = 500

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MB

    @classmethod
    def of(cls, settings: Any) -> Limits:
        return cls(settings.max_file_mb, settings.max_sheet_rows, settings.max_sheet_columns)


# a sheet of more cells than this (its rectangle) is read in a child process
CHILD_CELLS = 2_000_000


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def too_big(name: str, size: int, limits: Limits) -> IngestError:
    return IngestError(
        name,
        f"the file is {size_text(size)}, more than max_file_mb = {limits.max_file_mb} MB",
        "export a shorter period (or fewer rows), or raise max_file_mb in opsreport.toml if the"
        " file is really an export",
    )
