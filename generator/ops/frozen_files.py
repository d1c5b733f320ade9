"""Each frozen month's review as one file beside it in the archive: the self-contained HTML page
(ops/page_file.py) and, where a printer is found, its A4 PDF (ops/printer.py)."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..config import Workspace
from ..foundation.errors import OpsReportError
from ..foundation.files import write_atomic
from .archive import ARCHIVE_DIR, CHARTS, REVIEW, Frozen, archive_root, read_archive
from .page_file import draw_charts, make_page_file, opened_for_print
from .printer import find_printer, print_pdf

log = logging.getLogger(__name__)


def draw_frozen_charts(workspace: Workspace, stop: threading.Event | None = None) -> dict[str, str]:
    """The charts of every frozen month whose review file is not made yet, drawn as SVG from
    the archive's chart specs (``charts.json``), until ``stop`` is set: drawn while ``mkdocs
    build`` makes the pages the files are made from (:func:`drawing_frozen_charts`). A month
    whose specs cannot be read is left to :func:`keep_frozen_files`."""
    root = archive_root(workspace)
    specs: list[dict[str, Any]] = []
    for v in _newest_first(workspace):
        if _review(root, v, ".html").is_file():
            continue
        try:
            charts = json.loads((root / v.folder / CHARTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(charts, list):
            specs += [
                c["spec"] for c in charts if isinstance(c, dict) and isinstance(c.get("spec"), dict)
            ]
    return draw_charts(specs, stop)


@contextmanager
def drawing_frozen_charts(workspace: Workspace) -> Iterator[Callable[[], dict[str, str]]]:
    """While the body runs (``mkdocs build``, in its own process), the frozen months' charts
    are drawn in a thread (:func:`draw_frozen_charts`); the callable given waits for them. A
    body that fails stops the drawing; a drawing that fails gives no charts (each file then
    draws its own)."""
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="opsreport-charts") as pool:
        job = pool.submit(draw_frozen_charts, workspace, stop)

        def drawn() -> dict[str, str]:
            try:
                return job.result()
            except Exception as exc:  # the files draw their own charts
                log.warning("the frozen months' charts were not drawn ahead: %s", exc)
                return {}

        try:
            yield drawn
        finally:
            stop.set()  # (after drawn(): nothing left to stop)


def keep_frozen_files(
    workspace: Workspace, pdf: bool = True, drawn: Mapping[str, str] | None = None
) -> list[Path]:
    """Beside each frozen version that has none yet, its review as one self-contained HTML file
    made from the built site's frozen page, and (``pdf``) the newest month's PDF where a printer
    is found; each also
    copied into this build's ``site/`` and ``content/`` (later builds copy it with the rest).
    A file that cannot be made is left for the next build: the built site stands. Returns
    the files written. ``drawn``: charts drawn ahead (:func:`drawing_frozen_charts`).

    The newest month comes first: its PDF prints (in the printer's own process) while the
    older months' files are made (their charts drawn here, one after another)."""
    site = workspace.site.resolve()
    root = archive_root(workspace)
    written: list[Path] = []
    printer: str | bool | None = False  # looked for once, when a PDF is first wanted
    frozen = _newest_first(workspace)
    # the newest month is printed (the review the team forwards); an older month's PDF is one
    # `opsreport export archive/YYYY-MM --pdf` away (a store's first build freezes a year of
    # months, and printing each would take most of that build)
    newest = frozen[0].month if frozen else None
    printing: list[tuple[Future[None], Path, str, str]] = []  # the PDFs, while they print
    # charts not drawn ahead are drawn one after another, in this process: vl-convert's
    # JavaScript runtime, started here already (the charts drawn ahead), hangs in a forked
    # worker (a first build once waited forever on it)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="opsreport-print") as pool:
        for v in frozen:
            page = f"{ARCHIVE_DIR}/{v.folder}"
            html_file, pdf_file = _review(root, v, ".html"), _review(root, v, ".pdf")
            if not (site / page / "index.html").is_file():
                continue
            try:
                if not html_file.is_file():
                    made = make_page_file(site, page, workspace.root, drawn=drawn)
                    write_atomic(html_file, made.html.encode("utf-8"))
                    written.append(html_file)
                if pdf and v.month == newest and not pdf_file.is_file():
                    if printer is False:
                        printer = find_printer()
                    if isinstance(printer, str):
                        job = pool.submit(_print, html_file, pdf_file, printer)
                        printing.append((job, pdf_file, page, v.month))
            except (OpsReportError, OSError, ValueError) as exc:  # vl-convert raises ValueError
                log.warning("the frozen review of %s was not written as one file: %s", v.month, exc)
                continue
            _place(html_file, workspace, site, page)
            if pdf_file.is_file():
                _place(pdf_file, workspace, site, page)
        for job, pdf_file, page, month in printing:
            try:
                job.result()
            except (OpsReportError, OSError, ValueError) as exc:
                log.warning("the frozen review of %s was not printed to PDF: %s", month, exc)
            else:
                written.append(pdf_file)
                _place(pdf_file, workspace, site, page)
    return written


def _newest_first(workspace: Workspace) -> list[Frozen]:
    """The frozen versions, the newest month first (its current version before others)."""
    return sorted(read_archive(workspace), key=lambda v: v.month, reverse=True)


def _review(root: Path, v: Frozen, suffix: str) -> Path:
    """A frozen version's review as one file (``.html``, ``.pdf``), beside it in the archive."""
    return root / v.folder / f"{REVIEW.format(month=v.month)}{suffix}"


def _print(html_file: Path, pdf_file: Path, printer: str) -> None:
    """The review's PDF, printed from a copy of its file with every folded block open."""
    with tempfile.TemporaryDirectory(prefix="opsreport-print-") as tmp:
        printable = Path(tmp) / html_file.name
        printable.write_text(opened_for_print(html_file.read_text(encoding="utf-8")), "utf-8")
        print_pdf(printable, pdf_file, printer)


def _place(made_file: Path, workspace: Workspace, site: Path, page: str) -> None:
    """A frozen month's file copied into the built site and content/, where it is not yet."""
    if made_file.is_file():
        for where in (site / page, workspace.content / page):
            if where.is_dir() and not (where / made_file.name).is_file():
                shutil.copyfile(made_file, where / made_file.name)
