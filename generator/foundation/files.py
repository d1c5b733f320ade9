"""File helpers every stage may use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def write_atomic(path: Path, data: bytes, sync_dir: bool = True) -> None:
    """Write ``data`` to ``path`` so that it is either the old file or all of ``data``: a
    temporary file beside it, flushed to disk, renamed over it. ``sync_dir=False`` leaves
    the folder's flush (the rename reaching the disk) to the caller: :func:`sync_folder` once
    after several files written into the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    if sync_dir:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush ``folder`` itself to disk: the files renamed into it are there after a crash."""
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class WriteStats:
    """How many files a write of ``content/`` changed, left as they were and removed."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.written + self.unchanged
