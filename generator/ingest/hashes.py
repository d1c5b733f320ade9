"""The hashes of files that have not changed since they were last read, kept between builds in
``store/file-hashes.cache``: a build reads only the exports and kept originals that are new or
changed, as git's index does, instead of hashing the whole history's bytes every time.

A file is taken as unchanged while its size, modification time, change time and inode are the
ones noted when it was hashed (a write changes the change time, even one that puts the
modification time back). A file modified within :data:`SETTLING_NS` of being noted is not noted:
on a file system whose times are coarse, a second write in the same tick would not show (the
originals a build writes itself, under its lock, are noted as they are checked).
``opsreport check`` and ``opsreport build --full`` hash every file. The cache is only a
shortcut: deleting it, or a damaged one, costs one build that hashes everything again."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from ..foundation.files import write_atomic

NAME = "file-hashes.cache"  # in the workspace's store/, beside the page caches
FORMAT = 1
SETTLING_NS = 2_000_000_000  # a file this recently modified is hashed again next time

Stamp = tuple[int, int, int, int]  # size, modification time, change time (ns), inode


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class FileHashes:
    """The hashes noted at ``path`` (none with ``trust`` off: every file is hashed); each file
    hashed or found through it is noted again, and :meth:`save` keeps only those."""

    def __init__(self, path: Path | None, root: Path, trust: bool = True) -> None:
        self.path = path
        self._root = os.path.join(str(root), "")  # files are noted by their path in it
        self.old: dict[str, list[object]] = self._load() if path is not None and trust else {}
        self.new: dict[str, list[object]] = {}

    def _load(self) -> dict[str, list[object]]:
        assert self.path is not None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT:
                files = data.get("files")
                if isinstance(files, dict):
                    return files
        except (OSError, ValueError):  # missing or damaged: every file is hashed
            pass
        return {}

    def _name(self, path: Path) -> str:
        text, root = str(path), self._root
        return text[len(root) :].replace(os.sep, "/") if text.startswith(root) else text

    def noted(self, path: Path, st: os.stat_result) -> str | None:
        """The hash noted for ``path`` when the file is as it was then (``st``: its stat now)."""
        name = self._name(path)
        entry = self.old.get(name)
        if (
            isinstance(entry, list)
            and len(entry) == 5
            and isinstance(entry[4], str)
            and tuple(entry[:4]) == stamp_of(st)
        ):
            self.new[name] = entry
            return entry[4]
        return None

    def note(self, path: Path, st: os.stat_result, sha: str, ours: bool = False) -> None:
        """``sha`` is the hash of ``path``'s bytes, read after ``st`` was taken; ``ours``: a
        file this build just wrote into the store (under the build lock: no one else writes it
        within the same tick), noted however recent."""
        if ours or st.st_mtime_ns < time.time_ns() - SETTLING_NS:
            self.new[self._name(path)] = [*stamp_of(st), sha]

    def sha(self, path: Path) -> str | None:
        """The hash of the file's bytes: the noted one while the file is unchanged, else read
        and hashed (None when it cannot be read)."""
        try:
            st = path.stat()
            sha = self.noted(path, st)
            if sha is not None:
                return sha
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        self.note(path, st, sha)
        return sha

    def save(self) -> None:
        """Keep the hashes of the files seen this time (atomically; a failure only means they
        are hashed again)."""
        if self.path is None:
            return
        try:
            data = json.dumps({"format": FORMAT, "files": self.new}).encode()
            write_atomic(self.path, data, sync_dir=False)
        except OSError:
            pass
