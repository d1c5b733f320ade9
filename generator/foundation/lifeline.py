"""Child processes that die with their parent: the pool workers of
:func:`generator.foundation.parallel.fork_map` and the ``mkdocs build`` child of a build.

A build killed with ``kill -9`` cannot clean up after itself, so its children watch it: on
Linux the kernel sends them SIGKILL when it dies (``prctl(PR_SET_PDEATHSIG)``); everywhere a
watchdog thread sees the parent gone (the child's parent pid changes) within a second and ends
the child.

``python -m generator.foundation.lifeline PARENT_PID MODULE ARG…`` runs
``python -m MODULE ARG…`` tied to PARENT_PID in this way (the build runs mkdocs so).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import runpy
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """End this process when process ``parent`` (its parent) ends."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError, TypeError):
            libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols: libc's
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not _parent_alive(parent):  # it died before the death signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()


def _parent_alive(parent: int) -> bool:
    if os.name == "nt":
        from .portable import pid_alive

        return pid_alive(parent)
    return os.getppid() == parent  # a child whose parent died is given to another process


def _watch(parent: int) -> None:
    while _parent_alive(parent):
        time.sleep(WATCH_SECONDS)
    os._exit(1)


class Terminated(SystemExit):
    """Raised in the main thread by SIGTERM (see :func:`stop_on_sigterm`): like Ctrl+C, the
    command unwinds — its locks released, its children ended, its temporary folders removed —
    and exits with 143 (128 + SIGTERM)."""


def _terminated(signum: int, _frame: object) -> None:
    signal.signal(signum, signal.SIG_IGN)  # one is enough: the clean-up must not be cut short
    raise Terminated(128 + signum)


def stop_on_sigterm() -> None:
    """Make a plain ``kill`` (SIGTERM) stop this process as cleanly as Ctrl+C does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def main(argv: list[str]) -> None:
    parent, module, *args = argv
    die_with_parent(int(parent))
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
