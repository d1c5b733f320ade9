"""The whole story, in order, under the workspace's build lock: ingest the inbox into the
store → load the inputs as of one date → analyse (every number, typed) → render the pages →
freeze closed months into the archive → write content/ → build the site with mkdocs →
publish.

The CLI and the scheduler call :func:`run_pipeline`; nothing else does the work.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import os
import pickle
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings, Workspace
from .foundation.files import WriteStats
from .foundation.version import code_version
from .ingest import IngestReport, ingest_inbox
from .ops.publish import publish_site
from .ops.publish import target as publish_target
from .ops.runs import build_lock
from .store import Store, open_store

if TYPE_CHECKING:
    from .analysis.memo import Memo
    from .inputs import Inputs
    from .render.notify import Morning

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
    # nothing new: the store, the settings, the code and the dates are those of the last good
    # build, so nothing was computed and the site was left as it was
    unchanged: bool = False
    # the periods whose facts this build computed, per scope (facts:day, facts:week,
    # facts:month); the others were kept from the last build
    computed: dict[str, int] = field(default_factory=dict)
    # the period pages it rendered, per section (daily, weekly, monthly); the others were
    # taken from the last build
    rendered: dict[str, int] = field(default_factory=dict)
    morning: Morning | None = None  # the day's push (render/notify.py), sent by the scheduler


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
    full: bool = False,
) -> PipelineResult:
    """Ingest, render, build and (with ``publish_dir`` set) publish. ``built_at`` is the
    time shown in every page's footer as the last successful build (default: now);
    ``today`` the reader's date, which decides the months that are final (default: as_of +
    lag_days; the scheduler passes its own date, in its time zone). One build of a workspace
    runs at a time (:func:`build_lock`).

    A build that would make the site it made last time (:func:`build_key`: the same data in
    the store, settings, code and dates) stops after the ingest and says so
    (``PipelineResult.unchanged``); ``full`` builds anyway."""
    with build_lock(workspace):
        try:
            return _run(workspace, settings, as_of, build, progress, built_at, refresh, today, full)
        finally:
            gc.unfreeze()  # what _run froze is the collector's again


def kept_memo(store: Store) -> Memo:
    """The facts the last build computed, to be kept where their keys still hold."""
    from .analysis.memo import Memo

    kept = {}
    collecting = gc.isenabled()
    gc.disable()  # a long store's facts are a million objects, none of them garbage
    try:
        for period, key, data in store.kept_facts():
            try:
                kept[period] = (key, pickle.loads(data))
            except Exception:  # written by other code, or damaged: computed again
                continue
    finally:
        if collecting:
            gc.enable()
    return Memo(kept=kept, code=code_version())


def _loaded(store: Store, as_of: dt.date) -> tuple[Inputs, Memo]:
    """The inputs as of ``as_of`` and the kept facts. They live until the build ends
    (run_pipeline unfreezes them): the collector need not walk them again at every collection,
    which on a long history cost more than the new day's pages."""
    from .inputs import load_inputs

    inputs = load_inputs(store, as_of)
    memo = kept_memo(store)
    gc.freeze()
    return inputs, memo


def keep_memo(workspace: Workspace, memo: Memo) -> None:
    """Keep this build's facts in the store for the next build."""
    from .analysis.week_facts import packing_tables

    with packing_tables():  # a week's tables read by the next build only if it renders the week
        fresh = {
            period: (key, pickle.dumps(value, protocol=5) if period in memo.computed else None)
            for period, (key, value) in memo.fresh.items()
        }
    with open_store(workspace.db_path) as store:
        store.keep_facts(fresh)


def _site_built(workspace: Workspace, full: bool) -> dict[str, str]:
    """``mkdocs build`` (``full``: every page converted again); meanwhile a newly frozen
    month's charts are drawn, for its review as one file (returned, for keep_frozen_files)."""
    from .ops.frozen_files import drawing_frozen_charts
    from .site import build_site

    with drawing_frozen_charts(workspace) as drawn:
        build_site(workspace, reuse=not full)
        return drawn()


BUILD_KEY = "last_build_key"  # the store's meta key: the build key of the last good build


def build_key(
    state: str, settings: Settings, as_of: dt.date, today: dt.date | None, site_files: str = ""
) -> str:
    """What a whole build is made of: the store's data (``Store.state_digest``), the settings,
    the code, the as-of date, the reader's date (which decides what is final) and the site's
    own files in the workspace (:func:`site_files`: mkdocs.yml, the theme overrides)."""
    h = hashlib.sha256()
    parts = (code_version(), state, repr(settings), as_of.isoformat(), repr(today), site_files)
    for part in parts:
        h.update(part.encode())
        h.update(b"\x00")
    return h.hexdigest()


SITE_FILES = ("mkdocs.yml", "overrides")  # the workspace's files mkdocs reads besides content/


def site_files(workspace: Workspace) -> str:
    """A hash of the files ``mkdocs build`` reads from the workspace besides the pages, and of
    the archive's: a mkdocs.yml of the operator's own or a theme override edited since, or a
    frozen month removed, is a reason to build."""
    h = hashlib.sha256()
    for name in SITE_FILES:
        top = workspace.root / name
        for p in sorted([top] if top.is_file() else top.rglob("*") if top.is_dir() else []):
            if p.is_file():
                h.update(p.relative_to(workspace.root).as_posix().encode())
                h.update(hashlib.sha256(p.read_bytes()).digest())
    archive = workspace.root / "archive"
    for p in sorted(archive.rglob("*")) if archive.is_dir() else []:
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(archive).as_posix()}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _site_in_place(workspace: Workspace, settings: Settings) -> bool:
    """The last build's site (and its published copy) is still there."""
    if not (workspace.site / "index.html").is_file() or not workspace.content.is_dir():
        return False
    published = publish_target(workspace, settings)
    return published is None or (published / "index.html").is_file()


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
    full: bool = False,
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
            rehash=full,  # --full reads every file again, as well
        )
        clock.seconds["ingest"] = time.perf_counter() - clock.seconds["ingest"]
        store.note_run_files(os.getpid(), report.count("ingested"))  # this run's row, if any
        state = store.state_digest()
        key = build_key(state, settings, as_of, today, site_files(workspace))
        if (
            build
            and not full
            and not refresh
            and store.meta(BUILD_KEY) == key
            and _site_in_place(workspace, settings)
        ):
            return PipelineResult(as_of, report, WriteStats(), clock.seconds, unchanged=True)
        store.set_meta(BUILD_KEY, "")  # until this build ends well
        # the stages past the ingest, imported here: a build with nothing new never needs them
        from .analysis import analyse
        from .ops.archive import sync_archive
        from .ops.frozen_files import keep_frozen_files
        from .ops.notify import save_morning
        from .render.notify import compose_morning
        from .render.pages import render_site
        from .site import site_assets, write_content, write_mkdocs_config

        clock.start("render")  # the generator's own work: inputs, analysis, pages
        inputs, memo = _loaded(store, as_of)
    t = time.perf_counter()
    analysis = analyse(inputs, settings, today, memo)  # every number, before any page
    clock.seconds["analyse"] = time.perf_counter() - t
    keep_memo(workspace, memo)
    output = render_site(settings, analysis, workspace.content)
    archived = sync_archive(workspace, settings, analysis, output, refresh)
    output.files.update(site_assets(workspace.content))
    written = write_content(workspace.content, output)
    write_mkdocs_config(workspace, settings, built_at=built_at)
    clock.stop("render")
    morning = compose_morning(settings, analysis)
    result = PipelineResult(as_of, report, written, clock.seconds, archived=archived)
    result.rendered, result.computed = output.rendered, dict(Counter(s for s, _ in memo.computed))
    if build:
        clock.start("mkdocs")
        charts = _site_built(workspace, full)
        clock.stop("mkdocs")
        result.site_built = True
        keep_frozen_files(workspace, settings.archive_pdf, charts)
        if settings.publish_dir.strip():
            result.published = publish_site(workspace, settings)
        # the push links to the pages just built: kept only when they are there
        result.morning = morning
        save_morning(workspace, morning)
        with open_store(workspace.db_path) as store:  # with mkdocs.yml as this build wrote it
            store.set_meta(
                BUILD_KEY, build_key(state, settings, as_of, today, site_files(workspace))
            )
    return result
