"""What differs between the systems opsreport runs on (Linux, macOS, Windows), in one place:
the lock that keeps one build (and one scheduler) per workspace, whether a process is alive,
and how a built folder replaces the one in use.

Two paths, chosen at run time — no module here or elsewhere imports ``fcntl`` at load time:

- **native** (Linux, macOS): an ``flock`` on the lock file; the folders are exchanged in one
  ``renameat2(RENAME_EXCHANGE)`` call where the kernel has it.
- **portable** (Windows; anywhere with ``OPSREPORT_PORTABLE=1``, which tests use to run the
  Windows paths on Linux): a byte-range lock (``msvcrt.locking`` on Windows, ``os.lockf``
  elsewhere) taken by polling, and a swap by renames (old aside, new in, old removed) that
  retries while another program holds a file open; no ``fork`` (see
  :mod:`generator.foundation.parallel`).

Both locks belong to the process that took them: a process forked while one is held (a
worker of :func:`generator.foundation.parallel.fork_map`) drops its copy at once (``flock``
locks would otherwise be shared with it), and the system releases the lock when its owner dies,
however it dies. The lock file holds the owner's pid, so a waiter can say whom it waits for.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import shutil
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

PORTABLE_ENV = "OPSREPORT_PORTABLE"
LOCK_OFFSET = (
    1 << 20
)  # the byte the portable lock takes: far past the pid text, so it stays readable
POLL_SECONDS = 0.2
AT_FDCWD = -100
RENAME_EXCHANGE = 2
SWAP_RETRIES = 10  # Windows: a file open in another program (indexer, antivirus) blocks a rename


def portable() -> bool:
    """True on Windows, and wherever ``OPSREPORT_PORTABLE=1`` forces the portable paths."""
    return os.name == "nt" or os.environ.get(PORTABLE_ENV, "") not in ("", "0")


# -- is a process alive ------------------------------------------------------------------
def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would terminate it there
        win: Any = ctypes  # WinDLL and get_last_error exist only there
        kernel32 = win.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(win.get_last_error() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


# -- the lock ----------------------------------------------------------------------------
_held_paths: dict[Path, int] = {}  # portable locks this process holds (byte-range locks are
# per process: a second take in the same process would succeed, so it is refused here)
_held_lock = threading.Lock()
_native_locks: weakref.WeakSet[ProcessLock] = weakref.WeakSet()


class ProcessLock:
    """An exclusive lock on a file, held until :meth:`close` or the end of the process."""

    def __init__(self, path: Path, fd: int, native: bool) -> None:
        self.path = path
        self.fd = fd
        self.native = native
        self.owner = os.getpid()
        self.closed = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if os.getpid() != self.owner:  # a forked copy: its descriptor was already let go
            return
        if not self.native:
            with _held_lock:
                _held_paths.pop(self.path, None)
            with contextlib.suppress(OSError):
                _unlock_range(self.fd)
        os.close(self.fd)

    def __enter__(self) -> ProcessLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _forget_in_child(self) -> None:
        """In a forked child: point the descriptor at the null device, so the child no longer
        shares the parent's ``flock`` (closing it alone would leave a stale number)."""
        null = os.open(os.devnull, os.O_RDWR)
        try:
            os.dup2(null, self.fd)
        finally:
            os.close(null)
        self.closed = True


def _after_fork_in_child() -> None:
    for lock in list(_native_locks):
        if not lock.closed:
            with contextlib.suppress(OSError):
                lock._forget_in_child()
    _held_paths.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _flock(fd: int, block: bool) -> bool:
    import fcntl  # only on the native path: Windows has no fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _lock_range(fd: int) -> bool:
    """Take the lock byte without waiting; False when another process holds it."""
    os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
    try:
        if os.name == "nt":
            msvcrt: Any = importlib.import_module("msvcrt")
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            os.lockf(fd, os.F_TLOCK, 1)
    except OSError:  # EACCES / EAGAIN (POSIX), EDEADLOCK / EACCES (Windows)
        return False
    return True


def _unlock_range(fd: int) -> None:
    os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
    if os.name == "nt":
        msvcrt: Any = importlib.import_module("msvcrt")
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        os.lockf(fd, os.F_ULOCK, 1)


def holder(path: Path) -> str:
    """The pid written in a lock file ('unknown' when there is none)."""
    if path.resolve() in _held_paths:  # ours: opening it would let a byte-range lock go
        return str(os.getpid())
    try:
        with path.open("rb") as fh:  # the pid text lies before the locked byte
            text = fh.read(32).decode("ascii", "replace").strip("\x00 \r\n")
    except OSError:
        return "unknown"
    return text.split()[0] if text.split() else "unknown"


def take_lock(path: Path, busy: Callable[[str], None]) -> ProcessLock:
    """Take the lock on ``path`` and write this process's pid into it. When another process
    (or another part of this one) holds it, ``busy(its pid)`` is called first: raise to give
    up, return to wait until it is free."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = path.resolve()
    if portable():
        return _take_range(key, busy)
    fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _flock(fd, block=False):
            busy(_read_pid(fd))
            _flock(fd, block=True)
        _write_pid(fd)
    except BaseException:
        os.close(fd)
        raise
    lock = ProcessLock(key, fd, native=True)
    _native_locks.add(lock)
    return lock


def _take_range(key: Path, busy: Callable[[str], None]) -> ProcessLock:
    """The portable lock. A byte-range lock belongs to the process and is let go when the
    process closes *any* descriptor of the file, so a take in a process that holds it already
    waits here, before opening the file."""
    waited = False
    while key in _held_paths:
        if not waited:
            busy(str(os.getpid()))
            waited = True
        time.sleep(POLL_SECONDS)
    fd = os.open(key, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        while True:
            with _held_lock:
                got = key not in _held_paths and _lock_range(fd)
                if got:
                    _held_paths[key] = fd
            if got:
                break
            if not waited:
                busy(_read_pid(fd))
                waited = True
            time.sleep(POLL_SECONDS)
        _write_pid(fd)
    except BaseException:
        with _held_lock:
            if _held_paths.get(key) == fd:
                del _held_paths[key]
        os.close(fd)
        raise
    return ProcessLock(key, fd, native=False)


def _write_pid(fd: int) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode("ascii"))


def _read_pid(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip("\x00 \r\n")
    return text.split()[0] if text.split() else "unknown"


# -- replacing a folder by another -------------------------------------------------------
def exchange(a: Path, b: Path) -> None:
    """Swap two existing folders: in one atomic call where the system can (Linux), else by
    three renames (a window of microseconds in which ``b`` is missing)."""
    if not portable():
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            rc = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
            if rc == 0:
                return
        except (AttributeError, OSError, TypeError):  # no renameat2 in this libc
            pass
    aside = a.with_name(f"{a.name}.swap")
    shutil.rmtree(aside, ignore_errors=True)
    _retry(lambda: os.replace(b, aside))
    try:
        _retry(lambda: os.replace(a, b))
    except OSError:
        _retry(lambda: os.replace(aside, b))  # put b back as it was
        raise
    _retry(lambda: os.replace(aside, a))


def _retry(step: Callable[[], None]) -> None:
    """A rename, tried again for a few seconds while Windows says a file in it is in use."""
    for attempt in range(SWAP_RETRIES):
        try:
            step()
            return
        except PermissionError:
            if attempt == SWAP_RETRIES - 1:
                raise
            time.sleep(0.1 * 2 ** min(attempt, 4))


def remove_tree(path: Path) -> None:
    """``rmtree`` that also removes read-only files (Windows) and does not fail on a leftover."""

    def unlock(func: Callable[..., Any], name: str, _: object) -> None:
        with contextlib.suppress(OSError):
            os.chmod(name, 0o700)
            func(name)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=unlock)
    else:
        shutil.rmtree(path, onerror=unlock)
