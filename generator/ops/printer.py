"""Printing an exported page to PDF (A4): with a headless Chromium (Chromium, Chrome or Edge,
found on the PATH or where they install) where there is one, else with WeasyPrint where it is
installed; where neither is, an error that says what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..foundation.errors import WorkspaceError

BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
)
# where Chrome and Edge install on Windows and macOS (not on the PATH there)
INSTALLED = (
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
PRINT_SECONDS = 180


def find_printer() -> str | None:
    """``chromium:<path>`` for a headless Chromium, ``weasyprint`` where WeasyPrint imports,
    else None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return f"chromium:{found}"
    for path in INSTALLED:
        if Path(path).is_file():
            return f"chromium:{path}"
    try:
        import weasyprint  # type: ignore[import-not-found]  # noqa: F401
    except Exception:  # not installed, or its system libraries are missing
        return None
    return "weasyprint"


def no_printer() -> WorkspaceError:
    return WorkspaceError(
        "no PDF printer found: neither Chromium (or Chrome, Edge) nor WeasyPrint is installed",
        "install Chromium (Debian/Ubuntu: `apt-get install chromium`; Windows: Edge or Chrome"
        " is enough) or WeasyPrint (`pip install weasyprint`), or open the .html file in a"
        " browser and print it to PDF",
    )


def print_pdf(html_file: Path, pdf: Path, printer: str | None = None) -> str:
    """Print ``html_file`` to ``pdf`` (A4, the file's own @page rules; replaced as a whole).
    Returns the printer used."""
    printer = printer or find_printer()
    if printer is None:
        raise no_printer()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    try:
        if printer == "weasyprint":
            import weasyprint

            weasyprint.HTML(filename=str(html_file)).write_pdf(str(tmp))
        else:
            _chromium(printer.split(":", 1)[1], html_file, tmp)
        if not tmp.is_file() or not tmp.read_bytes()[:5] == b"%PDF-":
            raise WorkspaceError(
                f"the PDF printer ({printer}) wrote no PDF for {html_file.name}",
                "open the .html file in a browser and print it to PDF",
            )
        os.replace(tmp, pdf)
    finally:
        tmp.unlink(missing_ok=True)
    return printer


def _chromium(browser: str, html_file: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="opsreport-print-") as profile:
        args = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={out}",
            html_file.resolve().as_uri(),
        ]
        if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(
                args,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=PRINT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise WorkspaceError(
                f"printing {html_file.name} to PDF took more than {PRINT_SECONDS} s and was stopped",
                "open the .html file in a browser and print it to PDF",
            ) from exc
        if done.returncode != 0 and not out.is_file():
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise WorkspaceError(
                f"{Path(browser).name} could not print {html_file.name} to PDF"
                f" ({' '.join(detail) or f'exit {done.returncode}'})",
                "open the .html file in a browser and print it to PDF",
            )
