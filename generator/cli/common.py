"""What every command shares: the consoles, the --workspace and --as-of options, the error
handling, the as-of check, the progress bars and the printing of rejected files."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape as esc
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import __version__
from ..config import Settings, Workspace, workspace_language
from ..foundation.errors import OpsReportError, explain_os_error, printable
from ..foundation.periods import default_as_of, parse_date
from ..i18n import translate

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


def say(key: str, lang: str, **values: Any) -> str:
    """A message of the command line, from the catalog (generator/i18n.py), in ``lang``."""
    return translate(key, lang, **values)


def cli_language(workspace: Path | None, override: str | None = None) -> str:
    """The language the command line speaks: ``--language``, else the workspace's ``language``
    setting, else Chinese (the default setting); a config that cannot be read counts as unset."""
    if override in ("zh", "en"):
        return override
    return workspace_language(workspace or Path("."))


class LocalizedError(click.ClickException):
    """An ``Error: …`` line in the command line's language (「错误：…」 in Chinese)."""

    def __init__(self, message: str, lang: str) -> None:
        super().__init__(message)
        self.lang = lang

    def show(self, file: Any = None) -> None:
        click.echo(
            translate("cli_error", self.lang, message=self.format_message()), err=True, file=file
        )


def error_text(exc: OpsReportError, lang: str) -> str:
    """The error's problem and fix in ``lang`` (a message the catalog does not know: as it is)."""
    from ..ingest.messages import localize

    if not exc.fix:
        return localize(exc.problem, lang)
    return translate(
        "cli_problem_fix", lang, problem=localize(exc.problem, lang), fix=localize(exc.fix, lang)
    )


def handle_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors, a workspace that cannot be written and a damaged store become one
    ``Error: …`` line with the fix (exit 1), never a traceback; in the workspace's language."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except OpsReportError as exc:
            lang = cli_language(kwargs.get("workspace"), kwargs.get("language"))
            text = error_text(exc, lang)
            raise LocalizedError(printable(text, keep_lines=True), lang) from exc
        except OSError as exc:
            known = explain_os_error(exc)
            if known is None:
                raise
            lang = cli_language(kwargs.get("workspace"), kwargs.get("language"))
            raise LocalizedError(printable(error_text(known, lang), keep_lines=True), lang) from exc
        except Exception as exc:
            if type(exc).__module__.split(".")[0] not in ("duckdb", "_duckdb"):
                raise
            from ..store import explain_db_error  # a store error surfacing after it opened

            db = Workspace(kwargs.get("workspace") or Path(".")).db_path
            damaged = explain_db_error(db, exc)
            if damaged is None:
                raise
            lang = cli_language(kwargs.get("workspace"), kwargs.get("language"))
            raise LocalizedError(
                printable(error_text(damaged, lang), keep_lines=True), lang
            ) from exc

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
    from ..ingest import window_for

    today = today or dt.date.today()
    window = window_for(settings, today, None)
    if day < window.first and workspace is not None:  # the store's data may reach further back
        window = window_for(settings, today, store_first_day(workspace))
    if day > window.last or (past and day < window.first):
        lang = settings.language
        raise click.BadParameter(
            say("cli_as_of_outside", lang, day=day, window=window.explain(lang)),
            param_hint="--as-of",
        )
    return day


def store_first_day(workspace: Workspace) -> dt.date | None:
    """The earliest day of the store's data, if the store can be read now."""
    if not workspace.db_path.exists():
        return None
    from ..store import open_store

    try:
        with open_store(workspace.db_path, read_only=True, kinds=False) as store:
            return store.first_day()
    except Exception:  # locked by a running build, or damaged: judged by today alone
        return None


def store_context(workspace: Workspace, settings: Settings, today: dt.date) -> tuple[Any, Any]:
    """The plausible window and the known products (title → ids) of the workspace's store,
    for checking files as ingest would; without a readable store, today's window and none."""
    from ..ingest import window_for

    products: dict[str, set[str]] = {}
    earliest = None
    if workspace.db_path.exists():
        from ..store import open_store

        try:
            with open_store(workspace.db_path, read_only=True, kinds=False) as store:
                earliest, products = store.first_day(), store.product_titles()
        except Exception:  # locked by a running build, damaged, or older than these tables
            pass
    return window_for(settings, today, earliest), products


ROW_PROBLEMS_SHOWN = 20


def print_row_problems(problems: list[tuple[str, Any]], lang: str = "en") -> None:
    """(file name, RowProblem) lines: each once, the first 20, then how many more."""
    colon = translate("colon", lang)
    lines = list(dict.fromkeys(f"{name}{colon}{p.line(lang)}" for name, p in problems))
    word = say("cli_word_row", lang)
    for line in lines[:ROW_PROBLEMS_SHOWN]:
        console.print(f"  [yellow]{word}[/yellow] {shown(line)}", markup=True, soft_wrap=True)
    if len(lines) > ROW_PROBLEMS_SHOWN:
        console.print("  " + say("cli_rows_more", lang, n=len(lines) - ROW_PROBLEMS_SHOWN))


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


def stage_label(stage: str, lang: str) -> str:
    """A progress bar's label, in the workspace's language."""
    return translate("stage_" + stage, lang)


def run_with_progress(
    workspace: Workspace,
    settings: Settings,
    as_of: dt.date,
    build: bool = True,
    refresh: tuple[str, ...] = (),
    full: bool = False,
) -> Any:
    from ..ops.runs import record_run, utc_now
    from ..pipeline import run_pipeline

    with progress_bar() as bar:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, total: int, detail: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(
                    stage_label(stage, settings.language), total=max(total, 1), detail=""
                )
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
                full=full,
            ),
            trigger="cli",
            jobs=["build"],
            as_of=as_of,
            started=started,
        )


def print_problem(word: str, colour: str, name: Any, problem: str, fix: str, lang: str) -> None:
    """``rejected name: problem`` and ``→ fix`` below it; ``word`` is a cli_word_ key."""
    colon = translate("colon", lang)
    console.print(
        f"[{colour}]{say('cli_word_' + word, lang)}[/{colour}] {shown(name)}{colon}{shown(problem)}"
        + (f"\n         → {shown(fix)}" if fix else ""),
        markup=True,
    )


def print_rejected(results: list[Any], originals: Sequence[Any] = (), lang: str = "en") -> None:
    """The files rejected or not read, and the stored originals found damaged, each with the
    problem and the fix (in ``lang``, the workspace's language)."""
    from ..ingest.messages import localize

    for r in results:
        if r.status in ("rejected", "skipped"):
            colour = "red" if r.status == "rejected" else "yellow"
            print_problem(
                r.status, colour, r.name, localize(r.problem, lang), localize(r.fix, lang), lang
            )
    for o in originals:
        if o.repaired:
            problem = say("cli_repaired", lang, problem=localize(o.problem, lang), file=o.file_name)
            print_problem("repaired", "yellow", o.original, problem, "", lang)
        else:
            print_problem(
                "damaged", "red", o.original, localize(o.problem, lang), localize(o.fix, lang), lang
            )


def skipped_results(skipped: list[Any]) -> list[Any]:
    from ..ingest import FileResult

    return [
        FileResult(Path(k.name), k.name, "", "skipped", problem=k.problem, fix=k.fix)
        for k in skipped
    ]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="opsreport")
def main() -> None:
    """opsreport：用阿里巴巴国际站后台的导出文件生成日报、周报、月报网站。

    opsreport: a daily/weekly/monthly report site for an Alibaba.com International Station
    store, built from the backend's exports.

    \b
    Typical morning:
      1. drop the new exports into  <workspace>/exports/
      2. opsreport build --workspace mystore
      3. open mystore/site/index.html (or: opsreport serve --workspace mystore)
    """
    from ..foundation.lifeline import stop_on_sigterm

    stop_on_sigterm()  # a plain `kill` unwinds like Ctrl+C: locks, children, temp folders


STORE_WAIT_SECONDS = 120.0


def read_when_free(ws: Workspace, read: Callable[[Any], Any], lang: str = "en") -> Any:
    """``read(store)`` on a read-only connection; while a build holds the store (DuckDB lets
    one process write, and no other read meanwhile), wait for it, saying so, up to
    STORE_WAIT_SECONDS."""
    import time

    from ..foundation.portable import holder
    from ..ops.runs import BUILD_LOCK
    from ..store import is_lock_conflict, open_store

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
                raise LocalizedError(
                    say(
                        "cli_store_busy_timeout",
                        lang,
                        db=ws.db_path,
                        pid=pid,
                        seconds=f"{STORE_WAIT_SECONDS:.0f}",
                    ),
                    lang,
                ) from None
            if not said:
                console.print(esc(say("cli_store_busy", lang, pid=pid)))
                said = True
            time.sleep(0.25)
