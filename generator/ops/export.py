"""Export: the built site as one zip file, to send to someone outside the office network. The
zip holds one folder (named after the zip) with the whole site; unzipped, its ``index.html``
opens from the folder (file://) with no server: charts, the keyword library and every link work
there, and the search box gives way to a one-line note (the search needs a server).

Or one page of it as one self-contained HTML file (:mod:`.page_file`), to forward in a chat,
and its PDF (A4) where a printer is found (:mod:`.printer`)."""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..config import Workspace
from ..foundation.errors import WorkspaceError
from ..foundation.files import write_atomic
from .page_file import make_page_file, opened_for_print
from .printer import find_printer, no_printer, print_pdf


@dataclass(frozen=True)
class Export:
    path: Path  # the zip written
    folder: str  # the folder inside it that holds index.html
    files: int
    size: int  # bytes of the zip


def built_site(workspace: Workspace) -> Path:
    site = workspace.site.resolve()
    if not (site / "index.html").is_file():
        raise WorkspaceError(
            f"no built site in {workspace.site} to export",
            f"run `opsreport build --workspace {workspace.root}` first",
        )
    return site


def export_site(workspace: Workspace, output: Path) -> Export:
    """Write ``site/`` into the zip ``output`` (replaced as a whole: a failed export leaves an
    earlier file of that name as it was)."""
    site = built_site(workspace)
    output = output.expanduser().resolve()
    if output.suffix.lower() != ".zip":
        raise WorkspaceError(
            f"{output.name}: the whole site is written as one .zip file",
            f"name the output with .zip, e.g. --output {output.with_suffix('.zip').name}",
        )
    if site == output.parent or site in output.parents:
        raise WorkspaceError(
            f"{output} is inside the site folder {site} it would hold",
            "write the zip outside site/, e.g. into the workspace folder",
        )
    if output.is_dir():
        raise WorkspaceError(f"{output} is a folder", "name a file, e.g. --output site.zip")
    folder = output.stem
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    files = 0
    try:
        with zipfile.ZipFile(
            tmp, "w", compression=zipfile.ZIP_DEFLATED, strict_timestamps=False
        ) as zf:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    zf.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
                    files += 1
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return Export(output, folder, files, output.stat().st_size)


@dataclass(frozen=True)
class PageExport:
    page: str  # the page's name, e.g. monthly/2026-10
    html: Path | None  # the self-contained HTML file written (None: only its PDF was asked for)
    pdf: Path | None  # the PDF written, if any
    charts: int
    size: int  # bytes of the files written


def export_page(workspace: Workspace, page: str, output: Path, pdf: bool = False) -> PageExport:
    """Write the built page ``page`` as one self-contained HTML file ``output`` (``.html``),
    and its A4 PDF beside it with ``pdf``; an ``output`` ending in ``.pdf`` is the PDF alone.
    A missing printer is said before anything is written."""
    site = built_site(workspace)
    output = output.expanduser().resolve()
    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise WorkspaceError(
            f"{output.name}: a page is written as one .html file (or its .pdf)",
            f"name the output with .html or .pdf, e.g. --output {output.with_suffix('.html').name}",
        )
    if site == output.parent or site in output.parents:
        raise WorkspaceError(
            f"{output} is inside the site folder {site}",
            "write the file outside site/, e.g. into the workspace folder",
        )
    if output.is_dir():
        raise WorkspaceError(f"{output} is a folder", "name a file, e.g. --output page.html")
    want_pdf = pdf or suffix == ".pdf"
    printer = find_printer() if want_pdf else None
    if want_pdf and printer is None:
        raise no_printer()
    made = make_page_file(site, page, workspace.root)
    html_path: Path | None = None
    pdf_path: Path | None = None
    size = 0
    if suffix != ".pdf":
        html_path = output
        write_atomic(html_path, made.html.encode("utf-8"))
        size += html_path.stat().st_size
    if want_pdf:
        pdf_path = output if suffix == ".pdf" else output.with_suffix(".pdf")
        with tempfile.TemporaryDirectory(prefix="opsreport-export-") as tmp:
            printable = Path(tmp) / f"{made.page.replace('/', '-')}.html"
            printable.write_text(opened_for_print(made.html), encoding="utf-8")
            print_pdf(printable, pdf_path, printer)
        size += pdf_path.stat().st_size
    return PageExport(made.page, html_path, pdf_path, made.charts, size)
