"""The whole story, in order, under the workspace's build lock: ingest the inbox into the
store → load the inputs as of one date → analyse (every number, typed) → render the pages →
freeze closed months into the archive → write content/ → build the site with mkdocs →
publish.

The CLI and the scheduler call :func:`run_pipeline`; nothing else does the work.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .analysis import analyse
from .config import Settings, Workspace
from .ingest import IngestReport, ingest_inbox
from .inputs import load_inputs
from .ops.archive import keep_frozen_files, sync_archive
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


class _Clock:
    """Times the stages (``PipelineResult.seconds``) and reports their progress."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self._started: dict[str, float] = {}

    def start(self, stage: str) -> None:
        self._started[stage] = time.perf_counter()
        if self.progress:
            self.progress(stage, 0, 1, "")

    def stop(self, stage: str) -> None:
        self.seconds[stage] = time.perf_counter() - self._started[stage]
        if self.progress:
            self.progress(stage, 1, 1, "")

    def ticks(self, stage: str) -> Callable[[int, int, str], None] | None:
        progress = self.progress
        if progress is None:
            return None
        return lambda i, n, detail: progress(stage, i, n, detail)


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
    """The story, in order (the build lock is held): ingest → load inputs → analyse → render →
    archive → write → build → publish."""
    clock = _Clock(progress)
    clock.seconds["ingest"] = time.perf_counter()
    with open_store(workspace.db_path) as store:
        report = ingest_inbox(
            workspace,
            store,
            settings=settings,
            today=today,
            as_of=as_of,
            progress=clock.ticks("ingest"),
        )
        clock.seconds["ingest"] = time.perf_counter() - clock.seconds["ingest"]
        store.note_run_files(os.getpid(), report.count("ingested"))  # this run's row, if any
        clock.start("render")  # the generator's own work: inputs, analysis, pages
        inputs = load_inputs(store, as_of)
    t = time.perf_counter()
    analysis = analyse(inputs, settings, today)  # every number, before any page
    clock.seconds["analyse"] = time.perf_counter() - t
    output: Output = render_site(settings, analysis, workspace.content)
    archived = sync_archive(workspace, settings, analysis, output, refresh)
    output.files.update(site_assets(workspace.content))
    written = write_content(workspace.content, output)
    write_mkdocs_config(workspace, settings, built_at=built_at)
    clock.stop("render")
    result = PipelineResult(as_of, report, written, clock.seconds, archived=archived)
    if build:
        clock.start("mkdocs")
        build_site(workspace)
        clock.stop("mkdocs")
        result.site_built = True
        keep_frozen_files(workspace, settings.archive_pdf)  # a frozen month's review as one file
        if settings.publish_dir.strip():
            result.published = publish_site(workspace, settings)
    return result
