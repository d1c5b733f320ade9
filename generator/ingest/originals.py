"""The kept originals: each export's bytes written atomically into store/originals/ and checked
against their hash; :func:`check_originals` finds and repairs the ones that no longer match."""

from __future__ import annotations

import hashlib
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Workspace
from ..foundation.errors import IngestError, explain_os_error
from ..foundation.files import sync_folder, write_atomic

if TYPE_CHECKING:
    from ..store import Store


from .hashes import FileHashes
from .inbox import inbox_files
from .readers import Limits, too_big


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


def read_export(
    path: Path, rel: str, limits: Limits, hashes: FileHashes, known: Container[str]
) -> tuple[str, bytes | None, IngestError | None]:
    """An inbox file's hash and bytes, or why it cannot be read. A file the store holds
    (``known``: hashes) and unchanged since its hash was noted is not read; the bytes come
    only when the store does not hold them yet."""
    try:
        st = path.stat()
        if st.st_size > limits.max_file_bytes:
            raise too_big(rel, st.st_size, limits)
        noted = hashes.noted(path, st)
        if noted is not None and noted in known:
            return (noted, None, None)
        raw = read_once(path)
    except IngestError as exc:
        return ("", None, exc)
    except OSError as exc:
        return (
            "",
            None,
            IngestError(
                rel,
                f"the file cannot be read: {exc.strerror or exc}",
                "close it in Excel (or the program holding it) and check its permissions",
            ),
        )
    sha = sha256(raw)
    hashes.note(path, st, sha)
    return (sha, None if sha in known else raw, None)


def file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def keep_original(
    workspace: Workspace,
    name: str,
    sha: str,
    data: bytes,
    sync_dir: bool = True,
    hashes: FileHashes | None = None,
) -> Path:
    """The original's place in the store, written atomically from the bytes that were parsed
    (unless the same bytes are already there) and checked against their hash. With
    ``sync_dir=False`` the caller flushes the originals folder (:func:`sync_originals`) before
    it commits the file's rows. With ``hashes``, the copy's hash is noted as it is checked
    (the next build does not read it again)."""
    original = workspace.originals / f"{sha[:16]}-{Path(name).name}"
    if (file_sha(original) if hashes is None else hashes.sha(original)) == sha:
        return original
    write_in_store(original, data, sync_dir)
    st = original.stat()
    if file_sha(original) != sha:
        raise OSError(f"the copy written to {original} does not read back the same")
    if hashes is not None:
        hashes.note(original, st, sha, ours=True)
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
    hashes: FileHashes | None = None,
) -> list[OriginalProblem]:
    """Every original the ingest log names, hashed: a missing or changed one is written again
    from the inbox when a file there has the same bytes (``inbox``: sha256 → path; default: the
    inbox is hashed when needed), else named with the file to put back. With ``hashes``, an
    original unchanged since its hash was noted is not read again (a build's check); without,
    every one is read (``opsreport check``)."""
    log = store.query("SELECT sha256, file_name, original FROM ingest_log ORDER BY file_id")
    found: list[OriginalProblem] = []
    for sha, name, original in zip(log["sha256"], log["file_name"], log["original"], strict=True):
        path = workspace.root / str(original)
        got = file_sha(path) if hashes is None else hashes.sha(path)
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
