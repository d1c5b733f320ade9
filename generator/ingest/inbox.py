"""The inbox: the export files in exports/, oldest first, and the files not read with why."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..kinds import TEMPLATE_DIR

SKIP_DIRS = {TEMPLATE_DIR}
SUFFIXES = {".xls", ".xlsx", ".csv", ".htm", ".html", ".txt"}


@dataclass
class Skipped:
    """A file in the inbox that is not read, and why."""

    name: str
    problem: str
    fix: str


def scan_inbox(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Export files in the inbox (recursively), oldest first so a later re-export wins, and the
    files not read with the reason: hidden files (of an export's type) and folders (a leading
    dot), broken links, links that lead out of the inbox (never followed) and links to folders.
    Office lock files (``~$…``), ``templates/`` and files of other types (``.DS_Store``,
    ``notes.docx``) are passed over without a word."""
    if not folder.is_dir():
        return [], []
    root = folder.resolve()
    found: list[tuple[int, str, Path]] = []
    skipped: list[Skipped] = []

    def rel(p: Path) -> str:
        return str(p.relative_to(folder))

    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here)
        for d in sorted(dirs):
            p = base / d
            if d in SKIP_DIRS:
                dirs.remove(d)
            elif d.startswith("."):
                dirs.remove(d)
                skipped.append(
                    Skipped(
                        rel(p) + "/",
                        "hidden folder (its name starts with a dot): not read",
                        "rename it without the leading dot if it holds exports",
                    )
                )
            elif p.is_symlink():
                skipped.append(
                    Skipped(
                        rel(p) + "/",
                        "a link to a folder: not followed",
                        "move or copy the folder itself into exports/",
                    )
                )
        for n in sorted(names):
            p = base / n
            if n.startswith("~$") or p.suffix.lower() not in SUFFIXES:
                continue  # Excel's lock file beside an open workbook; not an export's type
            if n.startswith("."):
                skipped.append(
                    Skipped(
                        rel(p),
                        "hidden file (its name starts with a dot): not read",
                        "rename it without the leading dot if it is an export, or delete it",
                    )
                )
                continue
            if p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(
                        Skipped(
                            rel(p),
                            f"broken link: it points to {os.readlink(p)}, which does not exist",
                            "copy the export itself into exports/ and delete the link",
                        )
                    )
                    continue
                if not target.is_relative_to(root):
                    skipped.append(
                        Skipped(
                            rel(p),
                            f"a link to {target}, outside exports/: not followed",
                            "copy the export itself into exports/ and delete the link",
                        )
                    )
                    continue
            try:
                info = p.stat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((info.st_mtime_ns, str(p), p))
    return [p for _t, _s, p in sorted(found)], skipped


def inbox_files(folder: Path) -> list[Path]:
    """Export files in the inbox (recursively), oldest first so a later re-export wins."""
    return scan_inbox(folder)[0]
