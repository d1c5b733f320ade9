"""The command line: a thin skin over the library. Each command loads the workspace, calls one
library function, shows progress, and ends with one line saying what it did and where the
output is. Library errors become ``Error: …`` (exit 1); usage errors exit 2.

``main`` is the click group (the ``opsreport`` console script); the commands live by what they
do: ``workspace`` (init, templates, ingest, validate, rebuild-store, check), ``site`` (build,
archive, serve, publish, export), ``runs`` (status, demo, schedule).
"""

from __future__ import annotations

from . import notify, runs, site, workspace  # noqa: F401  (each registers its commands on main)
from .common import main, resolve_as_of, run_with_progress

__all__ = ["main", "resolve_as_of", "run_with_progress"]
