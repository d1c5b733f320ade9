"""The kept originals: each export's bytes written atomically into store/originals/ and checked
against their hash; :func:`check_originals` finds and repairs the ones that no longer match."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Workspace
from ..foundation.errors import explain_os_error
from ..foundation.files import sync_folder, write_atomic

if TYPE_CHECKING:
    from ..store import Store


from .inbox import inbox_files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_once(path: Path) -> bytes:
    """A file's bytes, read once: the hash, the parsing and the kept original all use them."""
    return path.read_bytes()


def write_in_store(path: Path, data: bytes, sync_dir: bool = True) -> None:
    """:func:`write_atomic` into the store: a store folder that cannot be written (a file where
    the folder belongs, no permission, a full disk) stops the command with that problem and
    its fix — it is not a problem of the file being kept."""
    try:
        write_atomic(path, data, sync_dir)
    except OSError as exc:
        explained = explain_os_error(exc)
        if explained is not None:
            raise explained from None
        raise


def file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def keep_original(
    workspace: Workspace, name: str, sha: str, data: bytes, sync_dir: bool = True
) -> Path:
    """The original's place in the store, written atomically from the bytes that were parsed
    (unless the same bytes are already there) and checked against their hash. With
    ``sync_dir=False`` the caller flushes the originals folder (:func:`sync_originals`) before
    it commits the file's rows."""
    original = workspace.originals / f"{sha[:16]}-{Path(name).name}"
    if file_sha(original) == sha:
        return original
    write_in_store(original, data, sync_dir)
    if file_sha(original) != sha:
        raise OSError(f"the copy written to {original} does not read back the same")
    return original


def sync_originals(workspace: Workspace) -> None:
    """Flush the originals folder: the originals kept with ``sync_dir=False`` are on disk under
    their names (their bytes were flushed when each was written)."""
    try:
        sync_folder(workspace.originals)
    except OSError as exc:
        explained = explain_os_error(exc)
        if explained is not None:
            raise explained from None
        raise


@dataclass
class OriginalProblem:
    """A stored original that does not match the ingest log: repaired from the inbox, or not."""

    file_name: str
    original: str
    problem: str
    repaired: bool
    fix: str = ""


def check_originals(
    workspace: Workspace,
    store: Store,
    inbox: dict[str, Path] | None = None,
    repair: bool = True,
) -> list[OriginalProblem]:
    """Every original the ingest log names, hashed: a missing or changed one is written again
    from the inbox when a file there has the same bytes (``inbox``: sha256 → path; default: the
    inbox is hashed when needed), else named with the file to put back."""
    log = store.query("SELECT sha256, file_name, original FROM ingest_log ORDER BY file_id")
    found: list[OriginalProblem] = []
    for sha, name, original in zip(log["sha256"], log["file_name"], log["original"], strict=True):
        path = workspace.root / str(original)
        got = file_sha(path)
        if got == sha:
            continue
        problem = (
            "the stored original is missing"
            if not path.exists()
            else "the stored original does not match the file that was ingested (damaged or"
            " cut short)"
        )
        if inbox is None:
            inbox = {}
            for p in inbox_files(workspace.exports):
                h = file_sha(p)
                if h:
                    inbox.setdefault(h, p)
        source = inbox.get(sha)
        if repair and source is not None:
            try:
                data = source.read_bytes()
                if sha256(data) == sha:
                    write_in_store(path, data)
                    if file_sha(path) == sha:
                        found.append(OriginalProblem(name, str(original), problem, True))
                        continue
            except OSError:
                pass
        found.append(
            OriginalProblem(
                name,
                str(original),
                problem,
                False,
                f"put the file {name} (sha256 {sha[:16]}…) back into exports/ and run"
                f" `opsreport check --workspace {workspace.root}`",
            )
        )
    return found
