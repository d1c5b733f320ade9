"""The commands that set up a workspace and read its exports: init, templates, ingest,
validate, rebuild-store, check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from rich.markup import escape as esc

from ..config import Settings, Workspace, load_settings, render_config
from ..i18n import kind_label, translate
from .common import (
    LocalizedError,
    cli_language,
    console,
    handle_errors,
    main,
    out,
    print_problem,
    print_rejected,
    print_row_problems,
    progress_bar,
    say,
    shown,
    skipped_results,
    stage_label,
    store_context,
    workspace_option,
)


@main.command()
@workspace_option
@click.option(
    "--language",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="The site's language, written into opsreport.toml; its comments are in it too.",
)
@handle_errors
def init(workspace: Path, language: str) -> None:
    """创建空工作区：exports/ 收件夹和带全部设置的 opsreport.toml。

    Create an empty workspace: the exports/ inbox and an opsreport.toml with every setting.

    \b
    Example:
      opsreport init --workspace mystore
      opsreport init --workspace mystore --language en
    """
    ws = Workspace(workspace)
    ws.exports.mkdir(parents=True, exist_ok=True)
    ws.content.mkdir(parents=True, exist_ok=True)
    created = not ws.config_file.exists()
    if created:
        ws.config_file.write_text(render_config(Settings(language=language)), encoding="utf-8")
    lang = cli_language(ws.root)  # the existing file's language when it was kept
    key = "cli_init_ready" if created else "cli_init_kept"
    out.print(translate(key, lang, root=ws.root, exports=ws.exports))


@main.command()
@workspace_option
@handle_errors
def templates(workspace: Path) -> None:
    """把每张手工表的 .xlsx 模板写到 exports/templates/。

    Write an .xlsx template for every operator sheet into exports/templates/.

    The pages the backend cannot export (store overview, traffic sources, regions, visitors,
    inquiries, scores, ranks…) are copied by hand: copy a template out of exports/templates/,
    fill it from the page (its 说明 Notes sheet says which page and how), and save it into
    exports/ under its date, e.g. store_overview-2026-11-21.xlsx. Row 2 is an example row; if
    it is left in, ingest ignores it. Running it again rewrites the templates.

    \b
    Example:
      opsreport templates --workspace mystore
    """
    from ..kinds import TEMPLATE_DIR
    from ..templates import write_templates

    ws = Workspace(workspace)
    lang = cli_language(ws.root)
    paths = write_templates(ws)
    out.print(say("cli_templates_done", lang, n=len(paths), folder=ws.exports / TEMPLATE_DIR))


@main.command()
@workspace_option
@click.option("--strict", is_flag=True, help="Exit 1 if any file was rejected or had row warnings.")
@handle_errors
def ingest(workspace: Path, strict: bool) -> None:
    """把 exports/ 里的新文件读入工作区的数据库（已读入的跳过）。

    Read new files from exports/ into the workspace's store (files already held are skipped).

    \b
    Example:
      opsreport ingest --workspace mystore
    """
    from ..ingest import ingest_inbox
    from ..ingest.messages import localize_joined
    from ..ops.runs import store_lock
    from ..store import open_store

    ws = Workspace(workspace)
    settings = load_settings(ws)
    with store_lock(ws.store_dir), progress_bar() as bar, open_store(ws.db_path) as store:
        task = bar.add_task(stage_label("ingest", settings.language), total=1, detail="")
        report = ingest_inbox(
            ws,
            store,
            progress=lambda i, n, f: bar.update(
                task, completed=i, total=max(n, 1), detail=shown(f[-50:])
            ),
            settings=settings,
        )
    lang = settings.language
    print_rejected(report.results, report.originals, lang)
    warned = [r for r in report.results if r.warnings]
    for r in warned:
        warnings = localize_joined("; ".join(r.warnings), lang)
        print_problem("warning", "yellow", r.name, warnings, "", lang)
    print_row_problems([(r.name, p) for r in report.results for p in r.row_problems], lang)
    out.print(say("cli_ingest_done", lang, summary=report.summary(lang), db=ws.db_path))
    if strict and (report.rejected or warned):
        raise LocalizedError(say("cli_ingest_strict", lang), lang)


@main.command()
@workspace_option
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def validate(workspace: Path, files: tuple[Path, ...]) -> None:
    """只检查导出文件，不写入任何内容；有文件会被拒绝时退出码为 1。

    Check export files without writing anything; exit 1 if any would be rejected.

    With no FILES, checks every file in the workspace's exports/ folder.

    \b
    Examples:
      opsreport validate --workspace mystore
      opsreport validate ~/Downloads/Products-2026-11-21.xls
    """
    from ..foundation.errors import IngestError
    from ..ingest import parse_export, scan_inbox, unexpected
    from ..ingest.messages import localize, localize_joined
    from ..ingest.readers import Limits, too_big

    ws = Workspace(workspace)
    settings = load_settings(ws) if ws.config_file.exists() else Settings()
    lang = settings.language
    limits = Limits.of(settings)
    window, products = store_context(ws, settings, dt.date.today())
    paths, skipped = (list(files), []) if files else scan_inbox(ws.exports)
    print_rejected(skipped_results(skipped), lang=lang)
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
            problem, fix = localize(err.problem, lang), localize(err.fix, lang)
            print_problem("rejected", "red", p, problem, fix, lang)
            continue
        sep = translate("semicolon", lang)
        note = (sep + localize_joined("; ".join(parsed.warnings), lang)) if parsed.warnings else ""
        what = say(
            "cli_validate_ok",
            lang,
            kind=kind_label(parsed.kind.name, lang),
            start=parsed.period_start,
            end=parsed.period_end,
            rows=len(parsed.rows),
        )
        console.print(
            f"[green]{say('cli_word_ok', lang)}[/green] {shown(p)}{translate('colon', lang)}"
            f"{shown(what + note)}",
            markup=True,
        )
        row_problems += [(str(p), problem) for problem in parsed.row_problems]
    print_row_problems(row_problems, lang)
    out.print(say("cli_validate_done", lang, ok=len(paths) - bad, n=len(paths)))
    if bad:
        raise LocalizedError(say("cli_validate_bad", lang, n=bad), lang)


@main.command("rebuild-store")
@workspace_option
@handle_errors
def rebuild_store(workspace: Path) -> None:
    """用 store/originals/ 里的原件重建数据库。

    Rebuild the store from store/originals/: for a damaged store, or one written by a newer
    opsreport, or one that cannot be upgraded.

    Every original is read again into a new store file beside the old one, which is then
    swapped in; the run history is copied when the old store can still be read. The old file is
    kept as store/opsreport.duckdb.bak-<time> until the new one is in place (and after, when it
    holds something the new one lacks). Originals are never changed or deleted.

    \b
    Example:
      opsreport rebuild-store --workspace mystore
    """
    from ..ingest.messages import localize
    from ..ops.rebuild import rebuild_store as rebuild

    ws = Workspace(workspace)
    settings = load_settings(ws)
    lang = settings.language
    with progress_bar() as bar:
        task = bar.add_task(stage_label("rebuild", lang), total=1, detail="")
        report = rebuild(
            ws,
            settings,
            progress=lambda i, n, f: bar.update(
                task, completed=i, total=max(n, 1), detail=shown(f[-50:])
            ),
        )
    for name, problem, fix in report.rejected:
        print_problem("not_reread", "red", name, localize(problem, lang), localize(fix, lang), lang)
    if report.missing:
        missing = say(
            "cli_rebuild_missing",
            lang,
            n=len(report.missing),
            originals=ws.originals,
            example=report.missing[0],
        )
        console.print(
            f"[yellow]{say('cli_word_missing', lang)}[/yellow] {esc(missing)}",
            markup=True,
            soft_wrap=True,
        )
    if report.history is not None:
        copied = say(
            "cli_rebuild_history",
            lang,
            runs=report.history.get("runs", 0),
            events=report.history.get("file_events", 0),
        )
        console.print(esc(copied), soft_wrap=True)
    elif report.history_problem:
        lost = say("cli_rebuild_history_lost", lang, problem=report.history_problem)
        console.print(esc(lost), soft_wrap=True)
    if report.backup is not None:
        console.print(esc(say("cli_rebuild_backup", lang, path=report.backup)), soft_wrap=True)
    not_all = say("cli_rebuild_not_all", lang, n=len(report.rejected)) if report.rejected else ""
    out.print(
        say(
            "cli_rebuild_done",
            lang,
            reread=report.reread,
            total=report.total,
            not_all=not_all,
            db=ws.db_path,
        )
    )


@main.command()
@workspace_option
@handle_errors
def check(workspace: Path) -> None:
    """检查数据库：每个保存的原件与读入日志、每个文件的行数。

    Check the store: every kept original against the ingest log, and every file's rows.

    A missing or damaged original is written again from exports/ when the same file is still
    there; otherwise the file to put back is named. Builds and ingests run this check first,
    on the files whose size or times changed since they were last hashed; this command reads
    every file.
    Exit 1 if something is left to fix.

    \b
    Example:
      opsreport check --workspace mystore
    """
    from ..ingest import check_originals
    from ..ops.runs import store_lock
    from ..store import open_store

    ws = Workspace(workspace)
    lang = load_settings(ws).language
    if not ws.db_path.exists():
        out.print(say("cli_check_no_store", lang, store_dir=ws.store_dir))
        return
    with store_lock(ws.store_dir), open_store(ws.db_path) as store:
        held = len(store.ingest_log())
        originals = check_originals(ws, store)
        rows = store.row_mismatches()
    print_rejected([], originals, lang)
    for name, logged, stored in rows:
        mismatch = say("cli_check_rows", lang, logged=logged, stored=stored)
        print_problem("rows", "red", name, mismatch, "", lang)
    left = [o for o in originals if not o.repaired]
    repaired = len(originals) - len(left)
    out.print(
        say(
            "cli_check_done",
            lang,
            held=held,
            repaired=repaired,
            left=len(left),
            rows=len(rows),
            db=ws.db_path,
        )
    )
    if left or rows:
        raise LocalizedError(say("cli_check_left", lang), lang)
