"""Benchmark the demo build on this machine: `make bench`.

Writes the full-size demo store (300 products × 400 days) into a fresh folder, then measures a
first build (ingest, metrics + render, mkdocs) and a rebuild with nothing new, each in its own
process so peak memory (max RSS) is per build. Prints one table; targets on a 2-core machine:
the whole demo build under 60 s, a rebuild with nothing new under 20 s.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-21"

CHILD = r"""
import datetime as dt, json, resource, sys, time
from pathlib import Path
from generator.config import Workspace, load_settings
from generator.pipeline import run_pipeline
ws = Workspace(Path(sys.argv[1]))
t = time.perf_counter()
r = run_pipeline(ws, load_settings(ws), dt.date.fromisoformat(sys.argv[2]))
total = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({**r.seconds, "total": total, "rss_mb": rss, "ingested": r.ingest.count("ingested"),
                  "written": r.written.written, "unchanged": r.written.unchanged}))
"""


def build(root: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), AS_OF], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    from generator.config import Settings, render_config
    from generator.demo import write_demo_exports
    from generator.site import site_size

    root = Path(tempfile.mkdtemp(prefix="opsreport-bench-"))
    try:
        t = time.perf_counter()
        summary = write_demo_exports(root, dt.date.fromisoformat(AS_OF))
        demo_s = time.perf_counter() - t
        (root / "opsreport.toml").write_text(
            render_config(Settings(store_name="示例户外用品店", categories=summary.categories)),
            encoding="utf-8",
        )
        first = build(root)
        again = build(root)
        pages, size = site_size(root / "site")
        rows = [
            ("demo exports written", f"{summary.files} files", f"{demo_s:.1f} s"),
            ("first build: ingest", f"{first['ingested']} files", f"{first['ingest']:.1f} s"),
            (
                "first build: metrics + render",
                f"{first['written']} files",
                f"{first['render']:.1f} s",
            ),
            ("first build: mkdocs", f"{pages} pages", f"{first['mkdocs']:.1f} s"),
            ("first build: total (target < 60 s)", "", f"{first['total']:.1f} s"),
            ("first build: peak memory", "", f"{first['rss_mb']:.0f} MB"),
            (
                "rebuild, nothing new: total (target < 20 s)",
                f"{again['written']} changed / {again['unchanged']} same",
                f"{again['total']:.1f} s",
            ),
            (
                "rebuild: ingest / render / mkdocs",
                "",
                f"{again['ingest']:.1f} / {again['render']:.1f} / {again['mkdocs']:.1f} s",
            ),
            ("rebuild: peak memory", "", f"{again['rss_mb']:.0f} MB"),
            ("site", f"{pages} pages", f"{size / 1e6:.1f} MB"),
        ]
        width = max(len(r[0]) for r in rows)
        print(
            f"opsreport bench — demo store, {summary.products} products × {summary.days} days, as of {AS_OF}"
        )
        for name, what, value in rows:
            print(f"  {name:<{width}}  {what:>24}  {value:>10}")
        ok = first["total"] < 60 and again["total"] < 20
        print(
            f"Bench done: first build {first['total']:.1f} s, rebuild {again['total']:.1f} s "
            f"({'within' if ok else 'OVER'} targets); workspace removed ({root})."
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    _ = resource  # max RSS is read in the child processes


if __name__ == "__main__":
    main()
