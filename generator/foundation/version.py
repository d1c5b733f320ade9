"""The code a build is made by: one hash of the generator's source, its page templates and the
versions of the libraries that shape its output. A page, a period's facts or a whole build
made by other code is stale."""

from __future__ import annotations

import functools
import hashlib
import re
from importlib import metadata

from .resources import PACKAGE, templates_dir


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the generator's code and templates and the shaping libraries' versions."""
    h = hashlib.sha256()
    templates = templates_dir()
    roots = (PACKAGE,) if PACKAGE in templates.parents else (PACKAGE, templates)
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in (".py", ".j2", ".js", ".css", ".html", ".yml"):
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    for name in _dependencies():
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-".encode())
    return h.hexdigest()


def _dependencies() -> list[str]:
    """The libraries opsreport depends on (their versions shape its output), and numpy."""
    try:
        required = metadata.requires("opsreport") or []
    except metadata.PackageNotFoundError:  # run from a source tree without an install
        required = []
    names = {re.split(r"[ ;<>=!~\[]", r, maxsplit=1)[0] for r in required if "extra ==" not in r}
    return sorted(names | {"numpy"})
