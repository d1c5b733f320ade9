"""The command line: a thin skin over the library. Each command loads the workspace, calls one
library function, shows progress, and ends with one line saying what it did and where the
output is. Library errors become ``Error: …`` (exit 1); usage errors exit 2.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import socketserver
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape as esc
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Settings, Workspace, load_settings, render_config
from .foundation.errors import OpsReportError, explain_os_error, printable
from .foundation.periods import default_as_of, parse_date
from .i18n import translate

console = Console(stderr=True, highlight=False)  # markup on: values go through esc()
out = Console(highlight=False, soft_wrap=True, markup=False)


def shown(value: Any) -> str:
    """Untrusted text (file names, cell text) for a console with markup: control characters
    shown as their codes, markup escaped."""
    return esc(printable(value))


WORKSPACE_HELP = (
    "The store's workspace folder (inbox, store, pages, site). Default: the current folder."
)


def workspace_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help=WORKSPACE_HELP,
    )(f)


def as_of_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        default=None,
        help="The last statistics day to report on. Default: T-2 in US-Pacific time.",
    )(f)


def handle_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors, a workspace that cannot be written and a damaged store become one
    ``Error: …`` line with the fix (exit 1), never a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except OpsReportError as exc:
            raise click.ClickException(printable(str(exc), keep_lines=True)) from exc
        except OSError as exc:
            known = explain_os_error(exc)
            if known is None:
                raise
            raise click.ClickException(printable(str(known), keep_lines=True)) from exc
        except Exception as exc:
            if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            from .store import explain_db_error  # a store error surfacing after it opened

            db = Workspace(kwargs.get("workspace") or Path(".")).db_path
            damaged = explain_db_error(db, exc)
            if damaged is None:
                raise
            raise click.ClickException(printable(str(damaged), keep_lines=True)) from exc

    return wrapper


def resolve_as_of(
    value: str | None,
    settings: Settings,
    workspace: Workspace | None = None,
    today: dt.date | None = None,
    past: bool = True,
) -> dt.date:
    """The as-of date given (or the default, T-2), refused when it lies outside the plausible
    dates around today and the store's data (``--as-of 9999-12-31`` would build for ever).
    ``past=False``: only a date after the window is refused (the demo writes its data
    around any earlier as-of date)."""
    if value is None:
        return default_as_of(lag_days=settings.lag_days)
    try:
        day = parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None
    from .ingest import window_for

    today = today or dt.date.today()
    window = window_for(settings, today, None)
    if day < window.first and workspace is not None:  # the store's data may reach further back
        window = window_for(settings, today, store_first_day(workspace))
    if day > window.last or (past and day < window.first):
        raise click.BadParameter(
            f"{day} lies outside {window.explain()}. Give a date in that window, or widen it"
            " with plausible_past_years / plausible_future_days in opsreport.toml",
            param_hint="--as-of",
        )
    return day


def store_first_day(workspace: Workspace) -> dt.date | None:
    """The earliest day of the store's data, if the store can be read now."""
    if not workspace.db_path.exists():
        return None
    from .store import open_store

    try:
        with open_store(workspace.db_path, read_only=True, kinds=False) as store:
            return store.first_day()
    except Exception:  # locked by a running build, or damaged: judged by today alone
        return None


def store_context(workspace: Workspace, settings: Settings, today: dt.date) -> tuple[Any, Any]:
    """The plausible window and the known products (title → ids) of the workspace's store,
    for checking files as ingest would; without a readable store, today's window and none."""
    from .ingest import window_for

    products: dict[str, set[str]] = {}
    earliest = None
    if workspace.db_path.exists():
        from .store import open_store

        try:
            with open_store(workspace.db_path, read_only=True, kinds=False) as store:
                earliest, products = store.first_day(), store.product_titles()
        except Exception:  # locked by a running build, damaged, or older than these tables
            pass
    return window_for(settings, today, earliest), products


ROW_PROBLEMS_SHOWN = 20


def print_row_problems(problems: list[tuple[str, Any]]) -> None:
    """(file name, RowProblem) lines: each once, the first 20, then how many more."""
    lines = list(dict.fromkeys(f"{name}: {p.line()}" for name, p in problems))
    for line in lines[:ROW_PROBLEMS_SHOWN]:
        console.print(f"  [yellow]row[/yellow] {shown(line)}", markup=True, soft_wrap=True)
    if len(lines) > ROW_PROBLEMS_SHOWN:
        console.print(
            f"  … and {len(lines) - ROW_PROBLEMS_SHOWN} more row problem(s): the import-status"
            " page lists them"
        )


def progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}", style="dim"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def stage_label(stage: str) -> str:
    """A progress bar's label: Chinese and English both (the terminal has no site language)."""
    return f"{translate('stage_' + stage, 'zh')} {translate('stage_' + stage, 'en')}"


def run_with_progress(
    workspace: Workspace,
    settings: Settings,
    as_of: dt.date,
    build: bool = True,
    refresh: tuple[str, ...] = (),
) -> Any:
    from .ops.runs import record_run, utc_now
    from .pipeline import run_pipeline

    with progress_bar() as bar:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int, detail: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage_label(stage), total=max(total, 1), detail="")
            bar.update(
                tasks[stage], completed=done, total=max(total, 1), detail=shown(detail[-50:])
            )

        started = utc_now()
        return record_run(  # every run goes into the run history (build-status page)
            workspace.db_path,
            lambda: run_pipeline(
                workspace,
                settings,
                as_of,
                build=build,
                progress=report,
                built_at=started,
                refresh=refresh,
            ),
            trigger="cli",
            jobs=["build"],
            as_of=as_of,
            started=started,
        )


def print_rejected(results: list[Any], originals: Sequence[Any] = ()) -> None:
    """The files rejected or not read, and the stored originals found damaged, each with the
    problem and the fix."""
    for r in results:
        if r.status in ("rejected", "skipped"):
            colour = "red" if r.status == "rejected" else "yellow"
            console.print(
                f"[{colour}]{r.status}[/{colour}] {shown(r.name)}: {shown(r.problem)}"
                f"\n         → {shown(r.fix)}",
                markup=True,
            )
    for o in originals:
        if o.repaired:
            console.print(
                f"[yellow]repaired[/yellow] {shown(o.original)}: {shown(o.problem)}; written again"
                f" from exports/{shown(o.file_name)}",
                markup=True,
            )
        else:
            console.print(
                f"[red]damaged[/red] {shown(o.original)}: {shown(o.problem)}\n         → {shown(o.fix)}",
                markup=True,
            )


def skipped_results(skipped: list[Any]) -> list[Any]:
    from .ingest import FileResult

    return [
        FileResult(Path(k.name), k.name, "", "skipped", problem=k.problem, fix=k.fix)
        for k in skipped
    ]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="opsreport")
def main() -> None:
    """opsreport: a daily/weekly/monthly report site for an Alibaba.com International Station
    store, built from the backend's exports.

    \b
    Typical morning:
      1. drop the new exports into  <workspace>/exports/
      2. opsreport build --workspace mystore
      3. open mystore/site/index.html (or: opsreport serve --workspace mystore)
    """
    from .foundation.lifeline import stop_on_sigterm

    stop_on_sigterm()  # a plain `kill` unwinds like Ctrl+C: locks, children, temp folders


@main.command()
@workspace_option
@handle_errors
def init(workspace: Path) -> None:
    """Create an empty workspace: the exports/ inbox and an opsreport.toml with every setting.

    \b
    Example:
      opsreport init --workspace mystore
    """
    ws = Workspace(workspace)
    ws.exports.mkdir(parents=True, exist_ok=True)
    ws.content.mkdir(parents=True, exist_ok=True)
    created = not ws.config_file.exists()
    if created:
        ws.config_file.write_text(render_config(Settings()), encoding="utf-8")
    out.print(
        f"Workspace ready at {ws.root}: put exports into {ws.exports}"
        f"{'' if created else ' (kept the existing opsreport.toml)'}."
    )


@main.command()
@workspace_option
@handle_errors
def templates(workspace: Path) -> None:
    """Write an .xlsx template for every operator sheet into exports/templates/.

    The pages the backend cannot export (store overview, traffic sources, regions, visitors,
    inquiries, scores, ranks…) are copied by hand: copy a template out of exports/templates/,
    fill it from the page (its 说明 Notes sheet says which page and how), and save it into
    exports/ under its date, e.g. store_overview-2026-11-21.xlsx. Row 2 is an example row; if
    it is left in, ingest ignores it. Running it again rewrites the templates.

    \b
    Example:
      opsreport templates --workspace mystore
    """
    from .kinds import TEMPLATE_DIR
    from .templates import write_templates

    ws = Workspace(workspace)
    paths = write_templates(ws)
    out.print(
        f"Templates: {len(paths)} operator-sheet templates written to {ws.exports / TEMPLATE_DIR}"
        " — copy one, fill it, save it into exports/ under its date"
    )


@main.command()
@workspace_option
@click.option("--strict", is_flag=True, help="Exit 1 if any file was rejected or had row warnings.")
@handle_errors
def ingest(workspace: Path, strict: bool) -> None:
    """Read new files from exports/ into the workspace's store (files already held are skipped).

    \b
    Example:
      opsreport ingest --workspace mystore
    """
    from .ingest import ingest_inbox
    from .ops.runs import store_lock
    from .store import open_store

    ws = Workspace(workspace)
    settings = load_settings(ws)
    with store_lock(ws.store_dir), progress_bar() as bar, open_store(ws.db_path) as store:
        task = bar.add_task(stage_label("ingest"), total=1, detail="")
        report = ingest_inbox(
            ws,
            store,
            progress=lambda i, n, f: bar.update(
                task, completed=i, total=max(n, 1), detail=shown(f[-50:])
            ),
            settings=settings,
        )
    print_rejected(report.results, report.originals)
    warned = [r for r in report.results if r.warnings]
    for r in warned:
        console.print(
            f"[yellow]warning[/yellow] {shown(r.name)}: " + shown("; ".join(r.warnings)),
            markup=True,
        )
    print_row_problems([(r.name, p) for r in report.results for p in r.row_problems])
    out.print(f"Ingest: {report.summary()} — store {ws.db_path}")
    if strict and (report.rejected or warned):
        raise click.ClickException(
            "--strict: some files were rejected or had warnings (listed above)"
        )


@main.command()
@workspace_option
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def validate(workspace: Path, files: tuple[Path, ...]) -> None:
    """Check export files without writing anything; exit 1 if any would be rejected.

    With no FILES, checks every file in the workspace's exports/ folder.

    \b
    Examples:
      opsreport validate --workspace mystore
      opsreport validate ~/Downloads/Products-2026-11-21.xls
    """
    from .foundation.errors import IngestError
    from .ingest import parse_export, scan_inbox, unexpected
    from .ingest.readers import Limits, too_big

    ws = Workspace(workspace)
    settings = load_settings(ws) if ws.config_file.exists() else Settings()
    limits = Limits.of(settings)
    window, products = store_context(ws, settings, dt.date.today())
    paths, skipped = (list(files), []) if files else scan_inbox(ws.exports)
    print_rejected(skipped_results(skipped))
    bad = 0
    row_problems: list[tuple[str, Any]] = []
    for p in paths:
        try:
            size = p.stat().st_size
            if size > limits.max_file_bytes:
                raise too_big(p.name, size, limits)
            parsed = parse_export(p.name, p.read_bytes(), limits, window=window, known=products)
        except Exception as exc:  # any failure is this file's rejection, not a crash
            err = exc if isinstance(exc, IngestError) else unexpected(p.name, exc)
            bad += 1
            console.print(
                f"[red]rejected[/red] {shown(p)}: {shown(err.problem)}\n         → {shown(err.fix)}",
                markup=True,
            )
            continue
        note = ("; " + "; ".join(parsed.warnings)) if parsed.warnings else ""
        console.print(
            f"[green]ok[/green] {shown(p)}: {parsed.kind.name}, {parsed.period_start} ~ {parsed.period_end},"
            f" {len(parsed.rows)} rows{shown(note)}",
            markup=True,
        )
        row_problems += [(str(p), problem) for problem in parsed.row_problems]
    print_row_problems(row_problems)
    out.print(
        f"Validate: {len(paths) - bad} of {len(paths)} file(s) can be ingested; nothing was written."
    )
    if bad:
        raise click.ClickException(f"{bad} file(s) would be rejected (reasons above)")


@main.command()
@workspace_option
@as_of_option
@click.option(
    "--language", type=click.Choice(["zh", "en"]), default=None, help="Override the site language."
)
@handle_errors
def build(workspace: Path, as_of: str | None, language: str | None) -> None:
    """Ingest new exports, compute the reports, write the pages and build the site.

    A failed build leaves the previous site in place.

    \b
    Examples:
      opsreport build --workspace mystore
      opsreport build --workspace mystore --as-of 2026-11-21
    """
    ws = Workspace(workspace)
    settings = load_settings(ws, {"language": language})
    day = resolve_as_of(as_of, settings, ws)
    result = run_with_progress(ws, settings, day)
    print_rejected(result.ingest.results, result.ingest.originals)
    w = result.written
    out.print(
        f"Built the site as of {day}: {result.ingest.summary()}; {w.written} page/download file(s) changed,"
        f" {w.unchanged} unchanged — open {ws.site / 'index.html'}"
    )


@main.command("rebuild-store")
@workspace_option
@handle_errors
def rebuild_store(workspace: Path) -> None:
    """Rebuild the store from store/originals/: for a damaged store, or one written by a newer
    opsreport, or one that cannot be upgraded.

    Every original is read again into a new store file beside the old one, which is then
    swapped in; the run history is copied when the old store can still be read. The old file is
    kept as store/opsreport.duckdb.bak-<time> until the new one is in place (and after, when it
    holds something the new one lacks). Originals are never changed or deleted.

    \b
    Example:
      opsreport rebuild-store --workspace mystore
    """
    from .ops.rebuild import rebuild_store as rebuild

    ws = Workspace(workspace)
    settings = load_settings(ws)
    with progress_bar() as bar:
        task = bar.add_task(stage_label("rebuild"), total=1, detail="")
        report = rebuild(
            ws,
            settings,
            progress=lambda i, n, f: bar.update(
                task, completed=i, total=max(n, 1), detail=shown(f[-50:])
            ),
        )
    for name, problem, fix in report.rejected:
        console.print(
            f"[red]not re-read[/red] {esc(name)}: {esc(problem)}\n         → {esc(fix)}",
            markup=True,
        )
    if report.missing:
        console.print(
            f"[yellow]missing[/yellow] {len(report.missing)} logged file(s) have no original in"
            f" {esc(str(ws.originals))} (e.g. {esc(report.missing[0])}): put those exports back"
            " into exports/ and run `opsreport build`",
            markup=True,
            soft_wrap=True,
        )
    if report.history is not None:
        console.print(
            f"Run history copied: {report.history.get('runs', 0)} run(s),"
            f" {report.history.get('file_events', 0)} file event(s).",
            soft_wrap=True,
        )
    elif report.history_problem:
        console.print(
            "The run history could not be copied from the old store (it starts again): "
            + esc(report.history_problem),
            soft_wrap=True,
        )
    if report.backup is not None:
        console.print(f"The old store is kept as {esc(str(report.backup))}.", soft_wrap=True)
    out.print(
        f"Rebuilt the store: {report.reread} of {report.total} original(s) re-read"
        f"{f', {len(report.rejected)} could not be' if report.rejected else ''} — store {ws.db_path}"
    )


@main.command()
@click.argument("month")
@workspace_option
@as_of_option
@click.option(
    "--refresh",
    is_flag=True,
    help="Freeze the month again from this build; the previous version is kept beside it.",
)
@handle_errors
def archive(workspace: Path, month: str, as_of: str | None, refresh: bool) -> None:
    """Build, and freeze a final month's review (page, chart specs, downloads) into the archive.

    Builds freeze every month that became final on their own; a frozen month never changes
    again. With --refresh, MONTH is frozen again on purpose and the old version is kept.

    \b
    Examples:
      opsreport archive 2026-10 --workspace mystore
      opsreport archive 2026-10 --workspace mystore --refresh
    """
    from .foundation.periods import month_end_of, month_final, month_final_day, reader_today
    from .ops.archive import MONTH_NAME, archive_root, read_archive

    if not MONTH_NAME.match(month):
        raise click.BadParameter(f"'{month}' is not a month; write it as YYYY-MM, e.g. 2026-10")
    ws = Workspace(workspace)
    settings = load_settings(ws)
    day = resolve_as_of(as_of, settings, ws)
    end = month_end_of(month)
    if not month_final(end, reader_today(day, None, settings.lag_days)):
        raise click.ClickException(
            f"{month} is not final yet: it becomes final on {month_final_day(end)}; archive it then"
        )
    result = run_with_progress(ws, settings, day, refresh=(month,) if refresh else ())
    print_rejected(result.ingest.results, result.ingest.originals)
    held = [f for f in read_archive(ws) if f.month == month]
    if not held:
        raise click.ClickException(
            f"{month} could not be archived: the store holds no monthly product export for it"
        )
    now = next(f for f in held if f.current)
    verb = (
        "Re-froze"
        if month in result.archived and refresh
        else ("Froze" if month in result.archived else "Already frozen:")
    )
    out.print(
        f"{verb} {month} on {now.frozen_on} in {archive_root(ws) / month}"
        + (f"; {len(held) - 1} previous version(s) kept beside it" if len(held) > 1 else "")
    )


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The built site's files, and nothing else: no folder listings (a folder without an
    index.html is 404), and a malformed path (``/%00``) is 400, not a traceback."""

    def list_directory(self, path: Any) -> None:
        self.send_error(404, "File not found")
        return None

    def send_head(self) -> Any:
        try:
            return super().send_head()
        except ValueError:  # e.g. an embedded NUL in the path
            self.send_error(400, "Bad request path")
            return None


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line per failed request (a reader's browser that hung up), no traceback."""
        import sys

        exc = sys.exc_info()[1]
        console.print(esc(f"request from {client_address[0]} failed: {type(exc).__name__}: {exc}"))


@main.command()
@workspace_option
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0: the office network).",
)
@handle_errors
def serve(workspace: Path, port: int, host: str) -> None:
    """Serve the built site over HTTP (what a reader's browser opens). Ctrl+C stops it.

    \b
    Example:
      opsreport serve --workspace mystore --port 8000
    """
    from .foundation.errors import WorkspaceError

    ws = Workspace(workspace)
    if not (ws.site / "index.html").exists():
        raise WorkspaceError(
            f"no built site in {ws.site}", f"run `opsreport build --workspace {ws.root}` first"
        )
    handler = functools.partial(SiteHandler, directory=str(ws.site))
    socketserver.TCPServer.allow_reuse_address = True
    with SiteServer((host, port), handler) as httpd:
        out.print(f"Serving {ws.site} at http://{host}:{port}/ — press Ctrl+C to stop.")
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()
    out.print("Stopped serving.")


STORE_WAIT_SECONDS = 120.0


def read_when_free(ws: Workspace, read: Callable[[Any], Any]) -> Any:
    """``read(store)`` on a read-only connection; while a build holds the store (DuckDB lets
    one process write, and no other read meanwhile), wait for it, saying so, up to
    STORE_WAIT_SECONDS."""
    import time

    from .foundation.portable import holder
    from .ops.runs import BUILD_LOCK
    from .store import is_lock_conflict, open_store

    end = time.monotonic() + STORE_WAIT_SECONDS
    said = False
    while True:
        try:
            with open_store(ws.db_path, read_only=True) as store:
                return read(store)
        except Exception as exc:
            if not is_lock_conflict(exc):
                raise
            pid = holder(ws.store_dir / BUILD_LOCK)
            if time.monotonic() > end:
                raise click.ClickException(
                    f"the store {ws.db_path} is still in use by a build (pid {pid}) after"
                    f" {STORE_WAIT_SECONDS:.0f} s — run this command again when the build has"
                    " ended"
                ) from None
            if not said:
                console.print(
                    f"the store is in use by a build (pid {esc(pid)}); waiting for it to"
                    " finish reading the exports…"
                )
                said = True
            time.sleep(0.25)


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

    from .analysis.freshness import freshness

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
    from .ingest.normalize import RowProblem

    rows = rows[rows["current"].astype(bool)]
    print_row_problems([(r.file_name, RowProblem.of_stored(r)) for r in rows.itertuples()])
    left_out = rows[rows["action"] == "rejected"].drop_duplicates(["file_id", "excel_row"])
    out.print(
        f"Status: {len(kinds)} kind/granularity pair(s) held, {len(rejected)} file(s) rejected,"
        f" {len(left_out)} row(s) left out — store {ws.db_path}"
    )


@main.command()
@workspace_option
@handle_errors
def check(workspace: Path) -> None:
    """Check the store: every kept original against the ingest log, and every file's rows.

    A missing or damaged original is written again from exports/ when the same file is still
    there; otherwise the file to put back is named. Builds and ingests run this check first.
    Exit 1 if something is left to fix.

    \b
    Example:
      opsreport check --workspace mystore
    """
    from .ingest import check_originals
    from .ops.runs import store_lock
    from .store import open_store

    ws = Workspace(workspace)
    load_settings(ws)
    if not ws.db_path.exists():
        out.print(f"Check: no store yet in {ws.store_dir} — nothing to check.")
        return
    with store_lock(ws.store_dir), open_store(ws.db_path) as store:
        held = len(store.ingest_log())
        originals = check_originals(ws, store)
        rows = store.row_mismatches()
    print_rejected([], originals)
    for name, logged, stored in rows:
        console.print(
            f"[red]rows[/red] {shown(name)}: the log says {logged} row(s), the store holds {stored}"
            "\n         → put the file back into exports/, delete the store's folder and build again",
            markup=True,
        )
    left = [o for o in originals if not o.repaired]
    repaired = len(originals) - len(left)
    out.print(
        f"Check: {held} file(s) in the log, {repaired} original(s) repaired, {len(left)} to put"
        f" back, {len(rows)} with missing rows — store {ws.db_path}"
    )
    if left or rows:
        raise click.ClickException("the store has problems that need you (listed above)")


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
    from .demo import write_demo_exports

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
    run_with_progress(ws, settings, day)
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

    from .foundation.lifeline import Terminated
    from .scheduler import Plan, Scheduler, acquire_lock
    from .store import verify_store

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


@main.command()
@workspace_option
@click.option(
    "--rollback", is_flag=True, help="Put the previously published site back (again: forward)."
)
@handle_errors
def publish(workspace: Path, rollback: bool) -> None:
    """Publish the built site to publish_dir now (atomic swap; the replaced site is kept as
    <publish_dir>.previous), or roll back to the previous one. Builds publish on their own
    when publish_dir is set.

    \b
    Examples:
      opsreport publish --workspace mystore
      opsreport publish --workspace mystore --rollback
    """
    from .ops.publish import previous_of, publish_site
    from .ops.publish import rollback as roll_back

    ws = Workspace(workspace)
    settings = load_settings(ws)
    if rollback:
        dest = roll_back(ws, settings)
        out.print(
            f"Rolled back: {dest} is the previously published site again; the one it replaced"
            f" is in {previous_of(dest)}"
        )
        return
    dest = publish_site(ws, settings)
    kept = (
        f"the site it replaced is kept in {previous_of(dest)}"
        if previous_of(dest).is_dir()
        else "nothing was there before it"
    )
    out.print(f"Published {ws.site} to {dest}; {kept}")


@main.command()
@workspace_option
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="FILE.zip",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The zip file to write: the whole built site, in one folder named after the file.",
)
@handle_errors
def export(workspace: Path, output: Path) -> None:
    """Write the built site as one zip file, to send to someone outside the office network.
    Unzipped, its index.html opens from the folder without a server (search needs a server:
    the page says so).

    \b
    Example:
      opsreport export --workspace mystore --output mystore-site.zip
    """
    from .ops.export import export_site
    from .ops.runs import build_lock

    ws = Workspace(workspace)
    # a build running now swaps site/ when it is done: zip the whole of one site or the other
    with build_lock(ws) if ws.store_dir.is_dir() else contextlib.nullcontext():
        got = export_site(ws, output)
    out.print(
        f"Wrote the site ({got.files} files, {got.size / 1e6:.1f} MB) to {got.path}"
        f" — unzip it and open {got.folder}/index.html"
    )


if __name__ == "__main__":
    main()
