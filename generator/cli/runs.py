"""The commands that watch and drive the runs: status, demo, schedule."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..config import Settings, Workspace, load_settings, render_config
from ..foundation.errors import printable
from . import common
from .common import (
    as_of_option,
    console,
    handle_errors,
    main,
    out,
    print_row_problems,
    progress_bar,
    read_when_free,
    resolve_as_of,
    stage_label,
    workspace_option,
)


@main.command()
@workspace_option
@as_of_option
@handle_errors
def status(workspace: Path, as_of: str | None) -> None:
    """Show what the store holds per kind, how fresh it is, and the files rejected.

    \b
    Example:
      opsreport status --workspace mystore
    """
    import pandas as pd

    from ..analysis.freshness import freshness

    ws = Workspace(workspace)
    settings = load_settings(ws)
    day = resolve_as_of(as_of, settings, ws)
    if not ws.db_path.exists():
        out.print(
            f"Status: no store yet in {ws.store_dir} — run `opsreport ingest --workspace {ws.root}`."
        )
        return
    kinds, events, rows = read_when_free(
        ws, lambda store: (store.kind_periods(), store.last_run_events(), store.row_problems())
    )
    table = Table(title=f"as of {day}")
    for col in ("kind", "period", "periods", "first", "latest", "backend has", "rows", "fresh"):
        table.add_column(col, no_wrap=True)
    for rec in freshness(kinds, day, settings.lag_days).to_dict("records"):
        behind = rec["behind"]
        fresh = (
            "—"
            if behind is None or pd.isna(behind)
            else "up to date"
            if behind == 0
            else f"{int(behind)} behind"
        )
        table.add_row(
            rec["kind"],
            rec["granularity"],
            str(rec["periods"]),
            str(rec["first_day"])[:10],
            str(rec["last"]),
            str(rec["expected"] or "—"),
            str(rec["rows"]),
            fresh,
        )
    Console(highlight=False, markup=False, width=max(out.width, 140)).print(table)
    rejected = events[events["status"].isin(["rejected", "damaged"])]
    for rec in rejected.to_dict("records"):
        out.print(
            f"{rec['status']} {printable(rec['file_name'])}: {printable(rec['problem'])}"
            f" → {printable(rec['fix'])}"
        )
    from ..ingest.normalize import RowProblem

    rows = rows[rows["current"].astype(bool)]
    print_row_problems([(r.file_name, RowProblem.of_stored(r)) for r in rows.itertuples()])
    left_out = rows[rows["action"] == "rejected"].drop_duplicates(["file_id", "excel_row"])
    out.print(
        f"Status: {len(kinds)} kind/granularity pair(s) held, {len(rejected)} file(s) rejected,"
        f" {len(left_out)} row(s) left out — store {ws.db_path}"
    )


@main.command()
@workspace_option
@as_of_option
@click.option(
    "--products", default=300, show_default=True, help="Number of products in the demo store."
)
@click.option("--days", default=400, show_default=True, help="Days of history.")
@click.option("--seed", default=7, show_default=True, help="Random seed (same seed, same files).")
@click.option("--no-build", is_flag=True, help="Only write the exports; do not build the site.")
@handle_errors
def demo(
    workspace: Path, as_of: str | None, products: int, days: int, seed: int, no_build: bool
) -> None:
    """Write a realistic demo store's exports into a workspace and build its site.

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
        task = bar.add_task(stage_label("demo"), total=1, detail="")
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
    console.print(
        f"Wrote {summary.files} export files for {summary.products} products, "
        f"{summary.first_day} ~ {summary.last_day}, into {ws.exports}",
        soft_wrap=True,
    )
    if no_build:
        out.print(
            f"Demo exports written to {ws.exports}; build with `opsreport build --workspace {ws.root}`."
        )
        return
    common.run_with_progress(ws, settings, day)
    out.print(
        f"Demo site built: {(ws.site / 'index.html').resolve()} — open it from the folder, or"
        f" serve it (with search) by `opsreport serve --workspace {ws.root}` then"
        " http://127.0.0.1:8000/"
    )


@main.command()
@workspace_option
@click.option("--once", is_flag=True, help="Run what is due now and exit (for cron or CI).")
@handle_errors
def schedule(workspace: Path, once: bool) -> None:
    """Rebuild on schedule in the foreground: the daily build at schedule_daily_time, the
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
    from ..scheduler import Plan, Scheduler, acquire_lock
    from ..store import verify_store

    ws = Workspace(workspace)
    settings = load_settings(ws)
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
            got = scheduler.tick()
            where = ws.site / "index.html"
            if got is None:
                out.print(f"Schedule: nothing due now — site {where}")
                return
            if not got.ok:
                raise click.ClickException(
                    f"{', '.join(got.jobs)} failed ({got.error}); the previous site is left in"
                    f" place and the next run retries — traceback above"
                )
            published = getattr(got.result, "published", None)
            out.print(
                f"Schedule: ran {', '.join(got.jobs)} ({got.trigger}) as of {got.as_of} — site"
                f" {where}" + (f", published to {published}" if published else "")
            )
            return
        out.print(
            f"Scheduling {ws.root}: daily at {settings.schedule_daily_time}, weekly on"
            f" {settings.schedule_weekly_day}, monthly on day {settings.schedule_monthly_day}"
            f" ({settings.schedule_timezone}); checking every {settings.schedule_tick_seconds} s."
            " Ctrl+C stops."
        )
        with contextlib.suppress(KeyboardInterrupt, Terminated):  # Ctrl+C, or `kill`
            scheduler.run_forever()
        out.print(f"Scheduler stopped — site {ws.site / 'index.html'}")
    finally:
        lock.close()
