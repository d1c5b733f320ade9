"""Export: the built site as one zip file, to send to someone outside the office network. The
zip holds one folder (named after the zip) with the whole site; unzipped, its ``index.html``
opens from the folder (file://) with no server: charts, the keyword library and every link work
there, and the search box gives way to a one-line note (the search needs a server)."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..config import Workspace
from ..foundation.errors import WorkspaceError


@dataclass(frozen=True)
class Export:
    path: Path  # the zip written
    folder: str  # the folder inside it that holds index.html
    files: int
    size: int  # bytes of the zip


def export_site(workspace: Workspace, output: Path) -> Export:
    """Write ``site/`` into the zip ``output`` (replaced as a whole: a failed export leaves an
    earlier file of that name as it was)."""
    site = workspace.site.resolve()
    if not (site / "index.html").is_file():
        raise WorkspaceError(
            f"no built site in {workspace.site} to export",
            f"run `opsreport build --workspace {workspace.root}` first",
        )
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
