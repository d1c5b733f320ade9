"""Build the demo site with Zensical too (Material for MkDocs' successor): CI's step after
`make test`, allowed to fail. Prints one line: what Zensical built, against MkDocs' site.

A small demo store (10 products × 45 days) is written and built as `opsreport demo` does (real
`mkdocs build`); then `zensical build` reads the same generated mkdocs.yml, into its own folder
(a failed Zensical build never touches the MkDocs site). Zensical runs no MkDocs plugin, so the
opsreport plugin (charts and big tables kept out of Markdown and of the search index) is not
run there: the line says what still came through (pages, charts, the site's own CSS/JS).

Usage: .venv/bin/python scripts/zensical_check.py [--keep DIR]   (exit 0: built; 1: not)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-21"
BIN = Path(sys.executable).parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith("assets/")
    }


def check(root: Path) -> tuple[bool, str]:
    opsreport = BIN / "opsreport"
    zensical = shutil.which("zensical", path=str(BIN)) or shutil.which("zensical")
    if zensical is None:
        return False, "zensical: not installed (pip install zensical)"
    version = subprocess.run(
        [zensical, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    demo = ["demo", "-w", str(root), "--as-of", AS_OF, "--products", "10", "--days", "45"]
    made = subprocess.run(
        [str(opsreport), *demo],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        return False, f"zensical {version}: the demo site did not build with MkDocs first"
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    # the same configuration, into its own folder, not strict: its warnings are counted (MkDocs
    # builds strict; Zensical stops at the first page with a warning there)
    config = re.sub(r"(?m)^site_dir:.*$", "site_dir: site-zensical", config)
    config = re.sub(r"(?m)^strict:.*$", "strict: false", config)
    (root / "zensical-mkdocs.yml").write_text(config, encoding="utf-8")
    started = time.perf_counter()
    run = subprocess.run(
        [zensical, "build", "-f", "zensical-mkdocs.yml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_COLOR": "1", "TERM": "dumb", "PATH": str(BIN) + ":/usr/bin:/bin"},
        timeout=900,
    )
    seconds = time.perf_counter() - started
    said = ANSI.sub("", run.stdout + run.stderr)
    warnings = len(re.findall(r"(?m)^\s*Warning:", said))
    kinds = sorted(set(re.findall(r"(?m)^\s*Warning:\s*(.+?)\s*$", said)))
    mk, zs = pages(root / "site"), pages(root / "site-zensical")
    charts_mk = sum(t.count('class="ops-chart"') for t in mk.values())
    charts_zs = sum(t.count('class="ops-chart"') for t in zs.values())
    own = all("charts.js" in t and "extra.css" in t for t in zs.values() if "md-content" in t)
    detail = (
        f"{len(zs)}/{len(mk)} pages, {charts_zs}/{charts_mk} charts, own CSS/JS"
        f" {'on every page' if own and zs else 'missing'}, {warnings} warnings"
        + (f" ({'; '.join(kinds)}: --strict would stop)" if kinds else "")
        + f", {seconds:.0f} s"
    )
    if run.returncode != 0 or not zs:
        last = [line for line in said.strip().splitlines() if line.strip()][-1:]
        return False, f"zensical {version}: FAILED ({' '.join(last)}); {detail}"
    ok = len(zs) == len(mk) and charts_zs == charts_mk and own and not warnings
    return ok, f"zensical {version}: {'built' if ok else 'built, differs'}: {detail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        ok, line = check(args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="opsreport-zensical-") as tmp:
            ok, line = check(Path(tmp) / "demo")
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
