"""The whole story, in order: ingest the inbox into the store, compute the metrics as of one
date, render the pages, write them into content/, and build the site with mkdocs.

The CLI and the scheduler call :func:`run_pipeline`; nothing else does the work.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import analyse
from .config import Settings, Workspace
from .ingest import IngestReport, ingest_inbox
from .inputs import load_inputs
from .ops.archive import sync_archive
from .ops.publish import publish_site
from .ops.runs import build_lock
from .render.pages import Output, render_site
from .site import WriteStats, build_site, site_assets, write_content, write_mkdocs_config
from .store import open_store

Progress = Callable[[str, int, int, str], None]  # stage, done, total, detail


@dataclass
class PipelineResult:
    as_of: dt.date
    ingest: IngestReport
    written: WriteStats
    seconds: dict[str, float] = field(default_factory=dict)
    site_built: bool = False
    published: Path | None = None
    archived: list[str] = field(default_factory=list)  # months frozen into the archive


log = logging.getLogger(__name__)


def run_pipeline(
    workspace: Workspace,
    settings: Settings,
    as_of: dt.date,
    *,
    build: bool = True,
    progress: Progress | None = None,
    built_at: dt.datetime | None = None,
    refresh: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> PipelineResult:
    """Ingest, render, build and (with ``publish_dir`` set) publish. ``built_at`` is the
    time shown in every page's footer as the last successful build (default: now);
    ``today`` the reader's date, which decides the months that are final (default: as_of +
    lag_days; the scheduler passes its own date, in its time zone). One build of a workspace
    runs at a time (:func:`build_lock`)."""
    with build_lock(workspace):
        return _run(workspace, settings, as_of, build, progress, built_at, refresh, today)


def _run(
    workspace: Workspace,
    settings: Settings,
    as_of: dt.date,
    build: bool,
    progress: Progress | None,
    built_at: dt.datetime | None,
    refresh: tuple[str, ...],
    today: dt.date | None,
) -> PipelineResult:
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    with open_store(workspace.db_path) as store:
        report = ingest_inbox(
            workspace,
            store,
            settings=settings,
            today=today,
            as_of=as_of,
            progress=(lambda i, n, f: progress("ingest", i, n, f)) if progress else None,
        )
        seconds["ingest"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        if progress:
            progress("render", 0, 1, "")
        inputs = load_inputs(store, as_of)
    data = analyse(inputs, settings, today)
    output: Output = render_site(settings, data, workspace.content)
    archived = sync_archive(workspace, settings, data, output, refresh)
    output.files.update(site_assets(workspace.content))
    written = write_content(workspace.content, output)
    write_mkdocs_config(workspace, settings, built_at=built_at)
    seconds["render"] = time.perf_counter() - t1
    if progress:
        progress("render", 1, 1, "")
    result = PipelineResult(as_of, report, written, seconds, archived=archived)
    if build:
        t2 = time.perf_counter()
        if progress:
            progress("mkdocs", 0, 1, "")
        build_site(workspace)
        seconds["mkdocs"] = time.perf_counter() - t2
        result.site_built = True
        if progress:
            progress("mkdocs", 1, 1, "")
        if settings.publish_dir.strip():
            result.published = publish_site(workspace, settings)
    return result
