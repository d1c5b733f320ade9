"""Benchmark the demo build on this machine: `make bench`.

Writes the full-size demo store (300 products × 400 days) into a fresh folder, then measures a
first build (ingest, metrics + render, mkdocs) and a rebuild with nothing new, each in its own
process so peak memory (max RSS) is per build. Prints one table; targets on a 2-core machine:
the whole demo build under 60 s, a rebuild with nothing new under 20 s.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-21"
ROOT = Path(__file__).resolve().parents[1]  # the repository: tests/fixtures holds the samples
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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


def bench_keywords(n: int = 20_000, lang: str = "zh") -> dict[str, float]:
    """Build the library of ``n`` synthetic words and render its pages; seconds and bytes.

    ``page_bytes`` is the library page's Markdown (Material adds a fixed ~40 KB of theme HTML),
    ``json_bytes`` the table's data file: together what the page transfers besides the shared,
    cached assets."""
    import gzip

    from generator.analysis.keywords import build_library
    from generator.config import Settings
    from generator.render.keywords import DATA_PATH, render_keyword_pages
    from generator.render.pages import make_env
    from tests.fixtures.keyword_samples import sample_sources

    as_of = dt.date(2026, 11, 21)
    sources = sample_sources(n, as_of)
    t0 = time.perf_counter()
    lib = build_library(sources, as_of, Settings(), lang=lang)
    t1 = time.perf_counter()
    files = render_keyword_pages(lib, Settings(), lang, make_env())
    t2 = time.perf_counter()
    page = files["keywords/index.md"]
    data = files[DATA_PATH]
    return {
        "words": float(len(lib)),
        "build_seconds": t1 - t0,
        "render_seconds": t2 - t1,
        "seconds": t2 - t0,
        "page_bytes": float(len(page)),
        "json_bytes": float(len(data)),
        "page_json_bytes": float(len(page) + len(data)),
        "page_json_gzip_bytes": float(len(gzip.compress(page)) + len(gzip.compress(data))),
        "xlsx_bytes": float(len(files["downloads/keyword-library.xlsx"])),
    }


def site_size(site: Path) -> tuple[int, int]:
    """(pages, bytes) of a built site."""
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, size


def build(root: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), AS_OF], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


INGEST_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from generator.config import Workspace
from generator.ingest import ingest_inbox
from generator.store import open_store
ws = Workspace(Path(sys.argv[1]))
t = time.perf_counter()
with open_store(ws.db_path) as store:
    report = ingest_inbox(ws, store)
    rows = store.query("SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM traffic_keywords) AS n")["n"][0]
seconds = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"seconds": seconds, "rss_mb": me.ru_maxrss / 1024, "cpu": cpu,
                  "worker_rss_mb": kids.ru_maxrss / 1024, "ingested": report.count("ingested"),
                  "rejected": report.count("rejected"), "rows": int(rows)}))
"""


def _big_products_file(args: tuple[Path, int, int]) -> None:
    """One day of a 2,000-product store, as the backend writes it (BIFF8, preamble, row 6)."""
    import random

    from generator.demo import HEADERS
    from generator.demo.writers import native_job, write_job

    folder, day_index, n_products = args
    day = dt.date(2025, 11, 22) + dt.timedelta(days=day_index)
    rng = random.Random(day_index)
    rows = []
    for i in range(n_products):
        row: list[object] = []
        for h in HEADERS:
            if h == "产品ID":
                v: object = str(1600000000000 + i * 7919)
            elif h == "产品名称":
                v = f"Outdoor Solar Garden Light Model {i} Waterproof IP65"
            elif h.startswith("是否"):
                v = "Y" if (i + day_index) % 5 == 0 else "N"
            elif h.endswith("率"):
                v = f"{rng.random() * 5:.2f}%"
            elif h == "产品负责人":
                v = "张伟"
            else:
                v = rng.randint(0, 400)
            row.append(v)
        rows.append(row)
    path = folder / f"Products-{day}.xls"
    write_job(native_job(path, "产品分析", HEADERS, rows, title="产品分析", period=(day, day)))


def _keywords_file(args: tuple[Path, int]) -> None:
    import random

    from generator.demo.writers import native_job, write_job
    from generator.kinds import TRAFFIC_KEYWORDS

    folder, week = args
    end = dt.date(2025, 11, 22) + dt.timedelta(days=7 * week)  # Saturdays
    rng = random.Random(week)
    cols = TRAFFIC_KEYWORDS.columns
    rows = [
        [
            f"solar light keyword {i}"
            if c.name == "keyword"
            else (f"{rng.random() * 3:.2f}%" if c.type == "rate" else rng.randint(0, 900))
            for c in cols
        ]
        for i in range(500)
    ]
    heads = [c.zh for c in cols]
    write_job(
        native_job(
            folder / f"getKeywords-{end}.xls",
            "引流关键词",
            heads,
            rows,
            title="引流关键词",
            period=(end - dt.timedelta(days=6), end),
        )
    )


def write_ingest_inbox(root: Path) -> float:
    """The bench's inbox (365 × 2,000 products + 52 × 500 words) under ``root/exports``;
    seconds taken (0 when ``root`` already holds it)."""
    from concurrent.futures import ProcessPoolExecutor

    daily, weekly = root / "exports" / "daily", root / "exports" / "keywords"
    if daily.is_dir() and len(list(daily.iterdir())) == 365 and len(list(weekly.iterdir())) == 52:
        return 0.0
    daily.mkdir(parents=True, exist_ok=True)
    weekly.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_big_products_file, [(daily, d, 2000) for d in range(365)], chunksize=8))
        list(pool.map(_keywords_file, [(weekly, w) for w in range(52)]))
    return time.perf_counter() - t


def ingest_throughput(inbox: Path | None = None) -> list[tuple[str, str, str]]:
    """A year of daily product exports for a 2,000-product store plus a year of weekly keyword
    exports, ingested into an empty store (targets: under 60 s, peak memory under 1 GB).
    With ``inbox``, the exports are written there once and kept for the next run (only the
    store is removed)."""
    root = inbox or Path(tempfile.mkdtemp(prefix="opsreport-bench-ingest-"))
    shutil.rmtree(root / "store", ignore_errors=True)
    try:
        written = write_ingest_inbox(root)
        size = sum(p.stat().st_size for p in (root / "exports").rglob("*") if p.is_file())
        proc = subprocess.run(
            [sys.executable, "-c", INGEST_CHILD, str(root)],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        return [
            (
                "inbox written (not timed against target)",
                f"{got['ingested'] + got['rejected']} files, {size / 1e6:.0f} MB",
                f"{written:.1f} s",
            ),
            (
                "ingest 365 × 2,000 products + 52 × 500 words (target < 60 s)",
                f"{got['rows']:,} rows",
                f"{got['seconds']:.1f} s",
            ),
            ("ingest: throughput", "", f"{got['rows'] / got['seconds']:,.0f} rows/s"),
            (
                "ingest: CPU (this process and its workers)",
                "",
                f"{got['cpu']:.1f} s",
            ),
            ("ingest: peak memory (target < 1 GB)", "", f"{got['rss_mb']:.0f} MB"),
            ("ingest: a parsing worker's peak memory", "", f"{got['worker_rss_mb']:.0f} MB"),
        ]
    finally:
        shutil.rmtree(root if inbox is None else root / "store", ignore_errors=True)


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    for name, what, value in rows:
        print(f"  {name:<{width}}  {what:>26}  {value:>14}")


def main() -> None:
    if "--ingest-only" in sys.argv:  # `python scripts/bench.py --ingest-only [INBOX_DIR]`
        rest = sys.argv[sys.argv.index("--ingest-only") + 1 :]
        print("opsreport bench — ingest only")
        print_rows(ingest_throughput(Path(rest[0]) if rest else None))
        return
    from generator.config import Settings, render_config
    from generator.demo import write_demo_exports

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
        kw = bench_keywords(20_000)
        rows += [
            (
                "keyword library, 20,000 words: build + render (target < 10 s)",
                "",
                f"{kw['seconds']:.1f} s",
            ),
            (
                "keyword library page + its data (target < 2 MB)",
                "",
                f"{kw['page_json_bytes'] / 1e6:.2f} MB",
            ),
        ]
        rows += ingest_throughput()
        print(
            f"opsreport bench — demo store, {summary.products} products × {summary.days} days, as of {AS_OF}"
        )
        print_rows(rows)
        ok = first["total"] < 60 and again["total"] < 20
        print(
            f"Bench done: first build {first['total']:.1f} s, rebuild {again['total']:.1f} s "
            f"({'within' if ok else 'OVER'} targets); workspace removed ({root})."
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
