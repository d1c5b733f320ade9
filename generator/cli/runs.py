"""The commands that watch and drive the runs: status, demo, schedule."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..config import Settings, Workspace, load_settings, render_config
from ..foundation.errors import printable
from ..i18n import CATALOG, kind_label, translate
from . import common
from .common import (
    LocalizedError,
    as_of_option,
    console,
    handle_errors,
    main,
    out,
    print_row_problems,
    progress_bar,
    read_when_free,
    resolve_as_of,
    say,
    stage_label,
    workspace_option,
)


@main.command()
@workspace_option
@as_of_option
@handle_errors
def status(workspace: Path, as_of: str | None) -> None:
    """查看数据库里各类数据有多新、哪些文件被拒绝。

    Show what the store holds per kind, how fresh it is, and the files rejected.

    \b
    Example:
      opsreport status --workspace mystore
    """
    from ..ingest.messages import localize

    ws = Workspace(workspace)
    settings = load_settings(ws)
    lang = settings.language
    day = resolve_as_of(as_of, settings, ws)
    if not ws.db_path.exists():
        out.print(say("cli_status_no_store", lang, store_dir=ws.store_dir, root=ws.root))
        return
    kinds, events, rows = read_when_free(
        ws,
        lambda store: (store.kind_periods(), store.last_run_events(), store.row_problems()),
        lang,
    )
    table = _status_table(kinds, day, settings.lag_days, lang)
    Console(highlight=False, markup=False, width=max(out.width, 140)).print(table)
    rejected = events[events["status"].isin(["rejected", "damaged"])]
    colon = translate("colon", lang)
    for rec in rejected.to_dict("records"):
        word = say(f"cli_word_{rec['status']}", lang)
        problem, fix = localize(rec["problem"], lang), localize(rec["fix"], lang)
        out.print(
            f"{word} {printable(rec['file_name'])}{colon}{printable(problem)} → {printable(fix)}"
        )
    from ..ingest.normalize import RowProblem

    rows = rows[rows["current"].astype(bool)]
    print_row_problems([(r.file_name, RowProblem.of_stored(r)) for r in rows.itertuples()], lang)
    left_out = rows[rows["action"] == "rejected"].drop_duplicates(["file_id", "excel_row"])
    out.print(
        say(
            "cli_status_done",
            lang,
            pairs=len(kinds),
            rejected=len(rejected),
            rows=len(left_out),
            db=ws.db_path,
        )
    )


def _status_table(kinds: Any, day: Any, lag_days: int, lang: str) -> Table:
    """The store's kinds, one row each: periods, first and last day, the latest the backend
    has, rows and how fresh (in the workspace's language)."""
    import pandas as pd

    from ..analysis.freshness import freshness

    table = Table(title=say("cli_status_title", lang, day=day))
    for col in (
        "kind",
        "granularity",
        "periods",
        "first_day",
        "last_day",
        "expected",
        "rows",
        "fresh",
    ):
        table.add_column(translate("col_" + col, lang), no_wrap=True)
    for rec in freshness(kinds, day, lag_days).to_dict("records"):
        behind = rec["behind"]
        fresh = (
            "—"
            if behind is None or pd.isna(behind)
            else translate("fresh_ok", lang)
            if behind == 0
            else translate("fresh_late", lang, n=int(behind))
        )
        gran = f"gran_{rec['granularity']}"
        table.add_row(
            kind_label(rec["kind"], lang),
            translate(gran, lang) if gran in CATALOG else rec["granularity"],
            str(rec["periods"]),
            str(rec["first_day"])[:10],
            str(rec["last"]),
            str(rec["expected"] or "—"),
            str(rec["rows"]),
            fresh,
        )
    return table


# generator.demo's MAX_PRODUCTS and MIN_DAYS (not imported here: the demo loads numpy; a test
# checks they agree)
MAX_DEMO_PRODUCTS = 10_000
MIN_DEMO_DAYS = 42


@main.command()
@workspace_option
@as_of_option
@click.option(
    "--products",
    default=300,
    show_default=True,
    type=click.IntRange(1, MAX_DEMO_PRODUCTS),
    help=f"Number of products in the demo store (1 to {MAX_DEMO_PRODUCTS:,}).",
)
@click.option(
    "--days",
    default=400,
    show_default=True,
    type=click.IntRange(MIN_DEMO_DAYS),
    help=f"Days of history (at least {MIN_DEMO_DAYS}: every planted situation needs its weeks).",
)
@click.option("--seed", default=7, show_default=True, help="Random seed (same seed, same files).")
@click.option("--no-build", is_flag=True, help="Only write the exports; do not build the site.")
@handle_errors
def demo(
    workspace: Path, as_of: str | None, products: int, days: int, seed: int, no_build: bool
) -> None:
    """把示例店铺的导出文件写进工作区并构建网站。

    Write a realistic demo store's exports into a workspace and build its site.

    \b
    Example:
      opsreport demo --workspace demo
    """
    from ..demo import write_demo_exports

    ws = Workspace(workspace)
    ws.root.mkdir(parents=True, exist_ok=True)
    base = load_settings(ws) if ws.config_file.exists() else Settings()
    day = resolve_as_of(as_of, base, ws, past=False)
    with progress_bar() as bar:
        task = bar.add_task(stage_label("demo", base.language), total=1, detail="")
        summary = write_demo_exports(
            ws.root,
            day,
            n_products=products,
            n_days=days,
            seed=seed,
            progress=lambda i, n: bar.update(task, completed=i, total=max(n, 1), detail=""),
        )
    if not ws.config_file.exists():
        settings = Settings(store_name="示例户外用品店", categories=summary.categories)
        ws.config_file.write_text(render_config(settings), encoding="utf-8")
    settings = load_settings(ws)
    lang = settings.language
    wrote = say(
        "cli_demo_wrote",
        lang,
        files=summary.files,
        products=summary.products,
        first=summary.first_day,
        last=summary.last_day,
        exports=ws.exports,
    )
    console.print(wrote, soft_wrap=True, markup=False)
    if no_build:
        out.print(say("cli_demo_exports_only", lang, exports=ws.exports, root=ws.root))
        return
    common.run_with_progress(ws, settings, day)
    index = (ws.site / "index.html").resolve()
    out.print(say("cli_demo_built", lang, index=index, root=ws.root))


@main.command()
@workspace_option
@click.option("--once", is_flag=True, help="Run what is due now and exit (for cron or CI).")
@handle_errors
def schedule(workspace: Path, once: bool) -> None:
    """按计划在前台定时构建（每天日报、每周周分析、每月复盘与归档）。

    Rebuild on schedule in the foreground: the daily build at schedule_daily_time, the
    weekly analysis on schedule_weekly_day, the monthly review and archive on
    schedule_monthly_day, read in schedule_timezone (default 09:00, Tuesday, the 3rd,
    Asia/Shanghai). After downtime the first check catches up once; a failed run is logged
    and retried with back-off. One scheduler per workspace. Ctrl+C stops it.

    \b
    Examples:
      opsreport schedule --workspace mystore
      opsreport schedule --workspace mystore --once     # from cron
    """
    import logging

    from rich.logging import RichHandler

    from ..foundation.lifeline import Terminated
    from ..foundation.periods import WEEKDAYS
    from ..scheduler import Plan, Scheduler, acquire_lock
    from ..store import verify_store

    ws = Workspace(workspace)
    settings = load_settings(ws)
    lang = settings.language
    Plan.from_settings(settings)  # a bad time or zone fails before anything runs
    verify_store(ws.db_path)  # …and a damaged store, which no retry can mend
    logging.basicConfig(
        level=logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, markup=False)],
    )
    lock = acquire_lock(ws)
    try:
        scheduler = Scheduler(ws, settings)
        if once:
            _schedule_once(ws, scheduler, lang)
            return
        out.print(
            say(
                "cli_scheduling",
                lang,
                root=ws.root,
                daily=settings.schedule_daily_time,
                weekly=translate(f"wd_{WEEKDAYS.index(settings.schedule_weekly_day)}", lang),
                monthly=settings.schedule_monthly_day,
                zone=settings.schedule_timezone,
                tick=settings.schedule_tick_seconds,
            )
        )
        with contextlib.suppress(KeyboardInterrupt, Terminated):  # Ctrl+C, or `kill`
            scheduler.run_forever()
        out.print(say("cli_schedule_stopped", lang, site=ws.site / "index.html"))
    finally:
        lock.close()


def _schedule_once(ws: Workspace, scheduler: Any, lang: str) -> None:
    """One check of the schedule (from cron): run what is due, say what ran and where."""
    got = scheduler.tick()
    where = ws.site / "index.html"
    if got is None:
        out.print(say("cli_schedule_nothing", lang, site=where))
        return
    jobs = translate("sep_list", lang).join(translate(f"run_job_{j}", lang) for j in got.jobs)
    if not got.ok:
        raise LocalizedError(say("cli_schedule_failed", lang, jobs=jobs, error=got.error), lang)
    published = getattr(got.result, "published", None)
    to = say("cli_schedule_published", lang, dest=published) if published else ""
    ran = say(
        "cli_schedule_ran",
        lang,
        jobs=jobs,
        trigger=translate(f"run_trigger_{got.trigger}", lang),
        day=got.as_of,
        site=where,
        published=to,
    )
    out.print(ran)
