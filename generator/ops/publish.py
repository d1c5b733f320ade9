"""Publishing: copy the built ``site/`` into the folder a web server serves (setting
``publish_dir``) so that readers switch from the old site to the new one in one step.

The new site is copied beside the served folder (``<name>.new``), then the two folders are
exchanged in one ``renameat2(RENAME_EXCHANGE)`` call (Linux): a reader gets either the whole
old site or the whole new one, never a mix or nothing. The old site is kept beside it as
``<name>.previous`` for :func:`rollback`. Where the kernel or file system cannot exchange
(or on Windows), renames are used (a window of microseconds without the folder):
:func:`generator.foundation.portable.exchange`.

Every folder a publish writes carries a marker file (``.opsreport-publish``). A publish only
ever replaces or deletes a folder that carries it (or an empty one), and never one that is,
contains or lies inside the workspace: :func:`generator.config.check_publish_path` checks
this when the settings are read and again here, right before anything is moved.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..config import (
    PUBLISH_MARKER,
    Settings,
    Workspace,
    check_publish_path,
    path_setting,
    publish_siblings,
)
from ..foundation.errors import ConfigError, WorkspaceError
from ..foundation.portable import exchange, remove_tree

__all__ = ["exchange", "previous_of", "publish_site", "rollback", "staging_of", "target"]


def target(workspace: Workspace, settings: Settings) -> Path | None:
    """The publish folder (relative paths start at the workspace), or None when off."""
    return path_setting(workspace.root, settings.publish_dir)


def previous_of(path: Path) -> Path:
    return publish_siblings(path)["previous"]


def staging_of(path: Path) -> Path:
    return publish_siblings(path)["staging"]


def checked_target(workspace: Workspace, settings: Settings) -> Path:
    """The publish folder, checked right before anything in or beside it is moved."""
    dest = target(workspace, settings)
    if dest is None:
        raise WorkspaceError(
            "publishing is off: the setting publish_dir is empty",
            'set publish_dir = "/path/the/web/server/serves" in opsreport.toml',
        )
    problem = check_publish_path(workspace.root, "publish_dir", settings.publish_dir)
    if problem:
        text, _, fix = problem.partition(" — ")
        raise ConfigError(text, fix)
    return dest


def publish_site(workspace: Workspace, settings: Settings) -> Path:
    """Replace the publish folder by a copy of ``site/``; keep the replaced one for rollback."""
    dest = checked_target(workspace, settings)
    if not (workspace.site / "index.html").is_file():
        raise WorkspaceError(
            f"no built site in {workspace.site} to publish",
            f"run `opsreport build --workspace {workspace.root}` first",
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_of(dest)
    if staging.exists():  # left by a publish that was killed midway (it carries the marker)
        remove_tree(staging)
    staging.mkdir()
    (staging / PUBLISH_MARKER).write_text(
        "Written by opsreport publish: this folder is replaced by the next publish.\n",
        encoding="utf-8",
    )
    shutil.copytree(workspace.site, staging, dirs_exist_ok=True)
    if dest.exists():
        exchange(staging, dest)  # staging now holds the old site
        old = previous_of(dest)
        if old.exists():
            remove_tree(old)
        os.replace(staging, old)
    else:
        os.replace(staging, dest)
    return dest


def rollback(workspace: Workspace, settings: Settings) -> Path:
    """Put the previous published site back (the current one becomes the previous: running
    it twice rolls forward again)."""
    dest = checked_target(workspace, settings)
    old = previous_of(dest)
    if not old.is_dir() or not dest.is_dir():
        raise WorkspaceError(
            f"nothing to roll back to: {old} does not exist",
            "a previous site is kept from the second publish on",
        )
    exchange(old, dest)
    return dest
