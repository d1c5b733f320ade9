"""Publishing: copy the built ``site/`` into the folder a web server serves (setting
``publish_dir``) so that readers switch from the old site to the new one in one step.

The new site is copied beside the served folder (``<name>.new``), then the two folders are
exchanged in one ``renameat2(RENAME_EXCHANGE)`` call (Linux): a reader gets either the whole
old site or the whole new one, never a mix or nothing. The old site is kept beside it as
``<name>.previous`` for :func:`rollback`. Where the kernel or file system cannot exchange,
three renames are used (a window of microseconds without the folder).
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

from .config import Settings, Workspace
from .errors import WorkspaceError

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def target(workspace: Workspace, settings: Settings) -> Path | None:
    """The publish folder (relative paths are inside the workspace), or None when off."""
    if not settings.publish_dir.strip():
        return None
    path = Path(settings.publish_dir).expanduser()
    return (path if path.is_absolute() else workspace.root / path).resolve()


def previous_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.previous")


def staging_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.new")


def exchange(a: Path, b: Path) -> None:
    """Swap two existing folders atomically where the system can; else by three renames."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rc = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
        if rc == 0:
            return
    except (AttributeError, OSError):  # no renameat2 in this libc
        pass
    aside = a.with_name(f"{a.name}.swap")
    shutil.rmtree(aside, ignore_errors=True)
    os.replace(b, aside)
    os.replace(a, b)
    os.replace(aside, a)


def publish_site(workspace: Workspace, settings: Settings) -> Path:
    """Replace the publish folder by a copy of ``site/``; keep the replaced one for rollback."""
    dest = target(workspace, settings)
    if dest is None:
        raise WorkspaceError(
            "publishing is off: the setting publish_dir is empty",
            'set publish_dir = "/path/the/web/server/serves" in opsreport.toml',
        )
    if not (workspace.site / "index.html").is_file():
        raise WorkspaceError(
            f"no built site in {workspace.site} to publish",
            f"run `opsreport build --workspace {workspace.root}` first",
        )
    own = [workspace.site.resolve(), workspace.content.resolve()]
    if dest == workspace.root.resolve() or any(d == dest or d in dest.parents for d in own):
        raise WorkspaceError(
            f"publish_dir {dest} is the workspace itself, or its site/ or content/ folder",
            "point publish_dir at a folder of its own, e.g. /var/www/opsreport",
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_of(dest)
    shutil.rmtree(staging, ignore_errors=True)  # left by a publish that was killed midway
    shutil.copytree(workspace.site, staging)
    if dest.exists():
        exchange(staging, dest)  # staging now holds the old site
        old = previous_of(dest)
        shutil.rmtree(old, ignore_errors=True)
        os.replace(staging, old)
    else:
        os.replace(staging, dest)
    return dest


def rollback(workspace: Workspace, settings: Settings) -> Path:
    """Put the previous published site back (the current one becomes the previous: running
    it twice rolls forward again)."""
    dest = target(workspace, settings)
    if dest is None:
        raise WorkspaceError(
            "publishing is off: the setting publish_dir is empty",
            "set publish_dir in opsreport.toml to the folder your web server serves",
        )
    old = previous_of(dest)
    if not old.is_dir() or not dest.is_dir():
        raise WorkspaceError(
            f"nothing to roll back to: {old} does not exist",
            "a previous site is kept from the second publish on",
        )
    exchange(old, dest)
    return dest
