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
    LocalizedError,
    as_of_option,
    cli_language,
    console,
    handle_errors,
    main,
    out,
    print_rejected,
    resolve_as_of,
    say,
    workspace_option,
)


@main.command()
@workspace_option
@as_of_option
@click.option(
    "--language", type=click.Choice(["zh", "en"]), default=None, help="Override the site language."
)
@click.option(
    "--full",
    is_flag=True,
    help="Hash every file, compute, write and convert every page even when nothing is new (after a manual edit of content/).",
)
@handle_errors
def build(workspace: Path, as_of: str | None, language: str | None, full: bool) -> None:
    """读入新导出文件、计算报表、生成页面并构建网站。

    Ingest new exports, compute the reports, write the pages and build the site.

    A failed build leaves the previous site in place. When nothing is new (the same data,
    settings, code and dates as the last good build) nothing is computed and the site stays
    as it is; --full builds anyway.

    \b
    Examples:
      opsreport build --workspace mystore
      opsreport build --workspace mystore --as-of 2026-11-21
      opsreport build --workspace mystore --full
    """
    ws = Workspace(workspace)
    settings = load_settings(ws, {"language": language})
    day = resolve_as_of(as_of, settings, ws)
    result = common.run_with_progress(ws, settings, day, full=full)
    lang = settings.language
    print_rejected(result.ingest.results, result.ingest.originals, lang)
    if result.unchanged:
        out.print(
            say(
                "cli_build_unchanged",
                lang,
                day=day,
                summary=result.ingest.summary(lang),
                index=ws.site / "index.html",
            )
        )
        return
    w = result.written
    out.print(
        say(
            "cli_build_done",
            lang,
            day=day,
            summary=result.ingest.summary(lang),
            written=w.written,
            unchanged=w.unchanged,
            index=ws.site / "index.html",
        )
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
    """构建并冻结已定稿月份的月度复盘（页面、图表、下载）。

    Build, and freeze a final month's review (page, chart specs, downloads) into the archive.

    Builds freeze every month that became final on their own; a frozen month never changes
    again. With --refresh, MONTH is frozen again on purpose and the old version is kept.

    \b
    Examples:
      opsreport archive 2026-10 --workspace mystore
      opsreport archive 2026-10 --workspace mystore --refresh
    """
    from ..foundation.periods import month_end_of, month_final, month_final_day, reader_today
    from ..ops.archive import MONTH_NAME, archive_root, read_archive

    ws = Workspace(workspace)
    if not MONTH_NAME.match(month):
        lang = cli_language(ws.root)
        raise click.BadParameter(say("cli_archive_not_month", lang, month=month))
    settings = load_settings(ws)
    lang = settings.language
    day = resolve_as_of(as_of, settings, ws)
    end = month_end_of(month)
    if not month_final(end, reader_today(day, None, settings.lag_days)):
        raise LocalizedError(
            say("cli_archive_not_final", lang, month=month, day=month_final_day(end)), lang
        )
    result = common.run_with_progress(ws, settings, day, refresh=(month,) if refresh else ())
    print_rejected(result.ingest.results, result.ingest.originals, lang)
    held = [f for f in read_archive(ws) if f.month == month]
    if not held:
        raise LocalizedError(say("cli_archive_none", lang, month=month), lang)
    now = next(f for f in held if f.current)
    key = (
        "cli_archive_refroze"
        if month in result.archived and refresh
        else ("cli_archive_froze" if month in result.archived else "cli_archive_held")
    )
    versions = say("cli_archive_versions", lang, n=len(held) - 1) if len(held) > 1 else ""
    out.print(
        say(key, lang, month=month, day=now.frozen_on, folder=archive_root(ws) / month) + versions
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
    lang = "zh"  # the language of its one line per failed request

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line per failed request (a reader's browser that hung up), no traceback."""
        import sys

        exc = sys.exc_info()[1]
        error = f"{type(exc).__name__}: {exc}"
        said = say("cli_request_failed", self.lang, client=client_address[0], error=error)
        console.print(esc(said))


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
    """通过 HTTP 提供已构建的网站；按 Ctrl+C 停止。

    Serve the built site over HTTP (what a reader's browser opens). Ctrl+C stops it.

    \b
    Example:
      opsreport serve --workspace mystore --port 8000
    """
    from ..foundation.errors import WorkspaceError

    ws = Workspace(workspace)
    lang = cli_language(ws.root)
    if not (ws.site / "index.html").exists():
        raise WorkspaceError(
            say("cli_serve_no_site", lang, site=ws.site),
            say("cli_serve_no_site_fix", lang, root=ws.root),
        )
    handler = functools.partial(SiteHandler, directory=str(ws.site))
    socketserver.TCPServer.allow_reuse_address = True
    # Ctrl+C at any moment (serving, or closing while a request finishes) ends with the line
    with contextlib.suppress(KeyboardInterrupt), SiteServer((host, port), handler) as httpd:
        httpd.lang = lang
        out.print(say("cli_serving", lang, site=ws.site, host=host, port=port))
        httpd.serve_forever()
    out.print(say("cli_serve_stopped", lang))


@main.command()
@workspace_option
@click.option(
    "--rollback", is_flag=True, help="Put the previously published site back (again: forward)."
)
@handle_errors
def publish(workspace: Path, rollback: bool) -> None:
    """把已构建的网站发布到 publish_dir，或回退到上一版。

    Publish the built site to publish_dir now (atomic swap; the replaced site is kept as
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
    lang = settings.language
    if rollback:
        dest = roll_back(ws, settings)
        out.print(say("cli_rolled_back", lang, dest=dest, previous=previous_of(dest)))
        return
    dest = publish_site(ws, settings)
    kept = (
        say("cli_published_kept", lang, previous=previous_of(dest))
        if previous_of(dest).is_dir()
        else say("cli_published_first", lang)
    )
    out.print(say("cli_published", lang, site=ws.site, dest=dest, kept=kept))


@main.command()
@workspace_option
@click.argument("page", required=False, metavar="[PAGE]")
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Without PAGE: the .zip to write (the whole built site, in one folder named after the"
    " file). With PAGE: the .html file to write (or .pdf: its PDF alone).",
)
@click.option(
    "--pdf",
    is_flag=True,
    help="With PAGE: print the page to an A4 PDF beside the .html file (needs Chromium, Chrome,"
    " Edge or WeasyPrint).",
)
@handle_errors
def export(workspace: Path, page: str | None, output: Path, pdf: bool) -> None:
    """把已构建的网站打包成一个 zip 文件，或把一个页面写成一个可转发的 HTML 文件（及 PDF）。

    Without PAGE: write the built site as one zip file, to send to someone outside the office
    network. Unzipped, its index.html opens from the folder without a server (search needs a
    server: the page says so).

    With PAGE (as in the site's addresses: daily/2026-11-21, weekly/2026-11-21,
    monthly/2026-10, archive/2026-10): write that page as one self-contained HTML file to
    forward in WeChat or DingTalk: styles, charts (drawn as images) and tables inside, no
    navigation, no script, nothing fetched. --pdf (or an output ending in .pdf) prints it to
    an A4 PDF with a headless Chromium (or Chrome, Edge) or WeasyPrint.

    \b
    Examples:
      opsreport export --workspace mystore --output mystore-site.zip
      opsreport export monthly/2026-10 --workspace mystore --output 月报-2026-10.html --pdf
      opsreport export daily/2026-11-21 -w mystore -o 日报.html
    """
    from ..ops.export import export_page, export_site
    from ..ops.runs import build_lock

    ws = Workspace(workspace)
    lang = cli_language(ws.root)
    # a build running now swaps site/ when it is done: read the whole of one site or the other
    with build_lock(ws) if ws.store_dir.is_dir() else contextlib.nullcontext():
        if page is not None:
            done = export_page(ws, page, output, pdf=pdf)
        else:
            if pdf:
                raise LocalizedError(say("cli_export_pdf_needs_page", lang), lang)
            got = export_site(ws, output)
    if page is None:
        out.print(
            say(
                "cli_exported",
                lang,
                files=got.files,
                size=f"{got.size / 1e6:.1f}",
                path=got.path,
                folder=got.folder,
            )
        )
        return
    kb = f"{done.size / 1e3:,.0f}"
    if done.html is None:
        out.print(say("cli_exported_pdf", lang, page=done.page, size=kb, pdf=done.pdf))
        return
    line = say(
        "cli_exported_page", lang, page=done.page, charts=done.charts, size=kb, path=done.html
    )
    if done.pdf is not None:
        line += say("cli_exported_page_pdf", lang, pdf=done.pdf)
    out.print(line)
