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

import pandas as pd

from .analysis.keywords import build_library
from .analysis.metrics.anomalies import add_bands
from .analysis.metrics.monthly import MONTHLY_CURRENT, MONTHLY_DATED
from .analysis.metrics.products import add_baseline, daily_calendar, roll_up, store_totals
from .config import Settings, Workspace
from .ingest import IngestReport, ingest_inbox
from .ops.archive import sync_archive
from .ops.publish import publish_site
from .ops.runs import build_lock
from .render.build_status import RECENT_RUNS
from .render.keywords import keyword_sources
from .render.pages import Output, SiteData, render_site
from .site import WriteStats, build_site, site_assets, write_content, write_mkdocs_config
from .store import Store, open_store

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


def load_site_data(store: Store, settings: Settings, as_of: dt.date) -> SiteData:
    """Everything the pages show, computed from the store as of ``as_of`` (later data ignored)."""
    day_rows = store.current("products", "day", end=as_of)
    week_rows = store.current("products", "week", end=as_of)
    month_rows = store.current("products", "month", end=as_of)
    daily = store_totals(day_rows)
    if len(daily):
        daily = daily_calendar(daily, min(daily.index), max(max(daily.index), as_of))
    weekly = roll_up(daily, "week", store_totals(week_rows))
    monthly = roll_up(daily, "month", store_totals(month_rows))
    for frame in (day_rows, week_rows, month_rows):
        frame["period_end"] = pd.to_datetime(frame["period_end"])
    return SiteData(
        as_of=as_of,
        daily=add_bands(
            add_baseline(daily, settings.baseline_days, "day"),
            weeks=settings.anomaly_weeks,
            k=settings.anomaly_k,
        ),
        weekly=add_baseline(weekly[weekly.index <= as_of], settings.baseline_weeks, "week"),
        monthly=add_baseline(monthly[monthly.index <= as_of], settings.baseline_months, "month"),
        day_rows=day_rows,
        week_rows=week_rows,
        month_rows=month_rows,
        kinds=store.kind_periods(),
        keywords=build_library(
            keyword_sources(store, as_of), as_of, settings, lang=settings.language
        ),
        sheets={
            **{
                k: store.rows(k, end=as_of)
                for k in ("inquiries", "visitors", "p4p_account", "regions", "traffic_sources")
            },
            **{k: store.current(k, end=as_of) for k in ("p4p_campaigns", "p4p_keywords")},
            # the weekly report's inputs (issue 6) and the monthly review's (issue 7)
            **{
                k: store.rows(k, end=as_of)
                for k in ("store_overview", "product_scores", "keyword_ranks", *MONTHLY_DATED)
            },
            **{
                k: store.current(k, end=as_of)
                for k in dict.fromkeys(
                    ("traffic_keywords", "p4p_products", "showcase", *MONTHLY_CURRENT)
                )
            },
        },
        events=store.last_run_events(),
        log=store.ingest_log(),
        row_problems=store.row_problems(),
        runs=store.runs(limit=RECENT_RUNS),
    )


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
        data = load_site_data(store, settings, as_of)
        data.today = today
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
