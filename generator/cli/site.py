"""The commands that make, keep and hand out the site: build, archive, serve, publish, export."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socketserver
from pathlib import Path
from typing import Any

import click
from rich.markup import escape as esc

from ..config import Workspace, load_settings
from . import common
from .common import (
    as_of_option,
    console,
    handle_errors,
    main,
    out,
    print_rejected,
    resolve_as_of,
    workspace_option,
)


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
    result = common.run_with_progress(ws, settings, day)
    print_rejected(result.ingest.results, result.ingest.originals, settings.language)
    w = result.written
    out.print(
        f"Built the site as of {day}: {result.ingest.summary()}; {w.written} page/download file(s) changed,"
        f" {w.unchanged} unchanged — open {ws.site / 'index.html'}"
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
    from ..foundation.periods import month_end_of, month_final, month_final_day, reader_today
    from ..ops.archive import MONTH_NAME, archive_root, read_archive

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
    result = common.run_with_progress(ws, settings, day, refresh=(month,) if refresh else ())
    print_rejected(result.ingest.results, result.ingest.originals, settings.language)
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
    from ..foundation.errors import WorkspaceError

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
    from ..ops.publish import previous_of, publish_site
    from ..ops.publish import rollback as roll_back

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
    from ..ops.export import export_site
    from ..ops.runs import build_lock

    ws = Workspace(workspace)
    # a build running now swaps site/ when it is done: zip the whole of one site or the other
    with build_lock(ws) if ws.store_dir.is_dir() else contextlib.nullcontext():
        got = export_site(ws, output)
    out.print(
        f"Wrote the site ({got.files} files, {got.size / 1e6:.1f} MB) to {got.path}"
        f" — unzip it and open {got.folder}/index.html"
    )
