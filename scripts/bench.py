"""Benchmark the demo build on this machine: `make bench` (flags: `python scripts/bench.py -h`).

Writes the full-size demo store (300 products × 400 days) into a fresh folder, holds back the
last day's exports (its daily 产品分析 file and its 关键词指数 files), then measures in one run:

- a first build without that day (ingest, metrics + render, mkdocs);
- a new day: the held-back files dropped into the inbox and the site rebuilt;
- a rebuild with nothing new;
- a raw ``mkdocs build`` of the same pages (the yardstick: the three builds are printed as
  multiples of it, against issue 17's targets: cold ≤ 4×, a new day ≤ 1.5×, nothing new ≤ 0.5×);
- the build of one new day at 100, 200, 400 and 800 days of history (a 60-product store, so
  that the row stays cheap; the median of three days added one after another), which should
  stay within 1.5× of each other;
- the keyword library at 20,000 words and the ingest of a 2,000-product year.

Each build runs in its own process, so peak memory (max RSS) is per build. The helpers are
shared with ``scripts/bench_large.py`` (``make bench-large``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-21"
ROOT = Path(__file__).resolve().parents[1]  # the repository: tests/fixtures holds the samples
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# issue 17's targets, in multiples of a raw mkdocs build of the same pages
COLD_X, NEW_DAY_X, NOTHING_X = 4.0, 1.5, 0.5
HISTORY_DAYS = (100, 200, 400, 800)
HISTORY_PRODUCTS = 60
HISTORY_SPREAD = 1.5  # the new day's build at 100 … 800 days of history: max / min
HISTORY_RUNS = 3  # new days built per history length: their median is its figure

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
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({**r.seconds, "total": total, "rss_mb": rss, "workers_rss_mb": workers,
                  "ingested": r.ingest.count("ingested"), "written": r.written.written,
                  "unchanged": r.written.unchanged,
                  "nothing_new": getattr(r, "unchanged", None),  # the pipeline said so (issue 17)
                  "computed": getattr(r, "computed", {}),
                  "rendered": getattr(r, "rendered", {})}))
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
        got = last_json(proc.stdout)
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
            (
                "ingest: throughput (target ≥ 250,000 rows/s)",
                "",
                f"{got['rows'] / got['seconds']:,.0f} rows/s",
            ),
            (
                "ingest: CPU (this process and its workers)",
                "",
                f"{got['cpu']:.1f} s",
            ),
            ("ingest: peak memory (target ≤ 1 GB)", "", f"{got['rss_mb']:.0f} MB"),
            ("ingest: a parsing worker's peak memory", "", f"{got['worker_rss_mb']:.0f} MB"),
        ]
    finally:
        shutil.rmtree(root if inbox is None else root / "store", ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Helpers shared with scripts/bench_large.py
# --------------------------------------------------------------------------------------------


def write_store(
    root: Path, as_of: dt.date, products: int, days: int, **demo: object
) -> tuple[object, float]:
    """The demo store's exports and an opsreport.toml in ``root``; (summary, seconds)."""
    from generator.config import Settings, render_config
    from generator.demo import write_demo_exports

    t = time.perf_counter()
    summary = write_demo_exports(root, as_of, n_products=products, n_days=days, **demo)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t
    (root / "opsreport.toml").write_text(
        render_config(Settings(store_name="示例户外用品店", categories=summary.categories)),
        encoding="utf-8",
    )
    return summary, seconds


def last_day_files(root: Path, as_of: dt.date) -> list[Path]:
    """The exports an operator adds for one new day: the day's 产品分析 file and its 关键词指数
    files (the weekly, monthly and operator files of that date stay: they are not a day's)."""
    exports = root / "exports"
    day = as_of.isoformat()
    index = (exports / "keywords").glob(f"HotKeyword-{day}-*")
    return sorted([*(exports / "daily").glob(f"Products-{day}.*"), *index])


def hold_back(root: Path, files: list[Path]) -> Path:
    """Move ``files`` out of the workspace (to a folder beside it, same names, same modification
    times); return that folder."""
    held = Path(tempfile.mkdtemp(prefix="opsreport-bench-held-", dir=root.parent))
    for f in files:
        dest = held / f.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f, dest)
    return held


def drop_in(root: Path, held: Path) -> int:
    """Put the held-back files back into the inbox, as an operator would; how many."""
    files = [p for p in held.rglob("*") if p.is_file()]
    for f in files:
        os.replace(f, root / f.relative_to(held))
    shutil.rmtree(held)
    return len(files)


def build(root: Path, as_of: str = AS_OF) -> dict:
    """One ``run_pipeline`` in a child process: the pipeline's stage seconds (``ingest``,
    ``render``, ``mkdocs``, …), ``total``, peak memory of the process (``rss_mb``) and of its
    largest worker (``workers_rss_mb``), files ingested, pages written and unchanged."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), as_of], capture_output=True, text=True, check=True
    )
    return last_json(proc.stdout)


def last_json(stdout: str) -> dict:
    """The child's result: its last line that is a JSON object (a library may print after it)."""
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"no result in the child's output: {stdout[-500:]!r}")


def raw_mkdocs(root: Path) -> float:
    """Seconds of a plain ``mkdocs build`` of the workspace's built pages (its mkdocs.yml, as
    generator/site.py runs it, into a throw-away folder): the yardstick of issue 17."""
    out = Path(tempfile.mkdtemp(prefix="opsreport-bench-mkdocs-"))
    try:
        env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
        env.pop("OPSREPORT_PAGE_CACHE", None)  # every page converted: no page cache
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--clean"]
        cmd += ["-f", str(root / "mkdocs.yml"), "-d", str(out)]
        t = time.perf_counter()
        subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=True, env=env)
        return time.perf_counter() - t
    finally:
        shutil.rmtree(out, ignore_errors=True)


def sec(r: dict, key: str) -> float:
    """A stage's seconds from a build's result (stages may come and go as the pipeline changes)."""
    return float(r.get(key, 0.0))


def peak(r: dict) -> float:
    """The build's peak memory: its own or its largest worker's (forked analysis and render)."""
    return max(float(r.get("rss_mb", 0.0)), float(r.get("workers_rss_mb", 0.0)))


def stages(r: dict) -> str:
    return f"{sec(r, 'ingest'):.1f} / {sec(r, 'render'):.1f} / {sec(r, 'mkdocs'):.1f} s"


def said(r: dict) -> str:
    return {True: "yes", False: "no"}.get(r.get("nothing_new"), "—")


def computed(r: dict) -> str:
    """The periods a build computed (``facts:day`` …), when the pipeline tells."""
    got = r.get("computed") or {}
    return ", ".join(f"{k} {v}" for k, v in sorted(got.items())) or "—"


def rendered(r: dict) -> str:
    """The period pages a build rendered (the others were taken from the last build)."""
    got = r.get("rendered") or {}
    return ", ".join(f"{k} {v}" for k, v in got.items()) or "—"


def times(x: float, yardstick: float) -> str:
    return f"{x / yardstick:.1f}×" if yardstick > 0 else "—"


def day_by_day(root: Path, as_of: dt.date) -> tuple[dict, dict, dict]:
    """The workspace's cold build without its last day, that day added, and nothing new."""
    held = hold_back(root, last_day_files(root, as_of))
    cold = build(root, as_of.isoformat())
    added = drop_in(root, held)
    new_day = build(root, as_of.isoformat())
    new_day["added"] = added
    again = build(root, as_of.isoformat())
    return cold, new_day, again


def print_rows(title: str, rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(title)
    for name, what, value in rows:
        print(f"  {name:<{width}}  {what:>26}  {value:>14}")


# --------------------------------------------------------------------------------------------
# make bench
# --------------------------------------------------------------------------------------------


def history_rows(
    history: tuple[int, ...], products: int, as_of: dt.date, runs: int = HISTORY_RUNS
) -> list[tuple[str, str, str]]:
    """The build of one new day on stores of ``history`` days (``products`` products each):
    the store is built without its last ``runs`` days, then they are added one by one, a
    build after each (three mornings in a row); the median of those builds is its figure
    (one build swings by a fifth on a shared machine, more than the spread being judged)."""
    got: list[float] = []
    rows = []
    for days in history:
        root = Path(tempfile.mkdtemp(prefix=f"opsreport-bench-{days}d-"))
        totals: list[float] = []
        try:
            write_store(root, as_of, products, days)
            mornings = [as_of - dt.timedelta(days=k) for k in reversed(range(runs))]
            held = [hold_back(root, last_day_files(root, day)) for day in mornings]
            build(root, as_of.isoformat())
            for folder in held:
                drop_in(root, folder)
                r = build(root, as_of.isoformat())
                totals.append(r["total"])
        finally:
            shutil.rmtree(root, ignore_errors=True)
        middle = statistics.median(totals)
        got.append(middle)
        rows.append(
            (
                f"a new day after {days} days of history ({products} products)",
                f"median of {' / '.join(f'{t:.1f}' for t in totals)} s",
                f"{middle:.1f} s",
            )
        )
    if len(got) > 1:
        spread = max(got) / min(got)
        ok = "within" if spread <= HISTORY_SPREAD else "OVER"
        rows.append(
            (
                f"a new day: slowest / fastest median of the {len(got)} (target ≤ {HISTORY_SPREAD}×)",
                ok,
                f"{spread:.2f}×",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--products", type=int, default=300, help="demo store size (300)")
    ap.add_argument("--days", type=int, default=400, help="days of history (400)")
    ap.add_argument(
        "--history",
        default=",".join(map(str, HISTORY_DAYS)),
        help="days of history for the new-day rows, comma-separated; 'none' to skip",
    )
    ap.add_argument("--history-products", type=int, default=HISTORY_PRODUCTS)
    ap.add_argument("--skip-ingest", action="store_true", help="no 2,000-product ingest rows")
    ap.add_argument(
        "--ingest-only",
        nargs="?",
        const="",
        metavar="INBOX",
        help="only the ingest rows; with INBOX, its inbox is kept there for the next run",
    )
    ap.add_argument("--skip-keywords", action="store_true", help="no keyword library rows")
    a = ap.parse_args(argv)
    if a.ingest_only is not None:  # `python scripts/bench.py --ingest-only [INBOX_DIR]`
        inbox = Path(a.ingest_only) if a.ingest_only else None
        print_rows("opsreport bench — ingest only", ingest_throughput(inbox))
        return
    history = () if a.history == "none" else tuple(int(x) for x in a.history.split(","))
    as_of = dt.date.fromisoformat(AS_OF)

    root = Path(tempfile.mkdtemp(prefix="opsreport-bench-"))
    try:
        summary, demo_s = write_store(root, as_of, a.products, a.days)
        cold, new_day, again = day_by_day(root, as_of)
        raw = raw_mkdocs(root)
        pages, size = site_size(root / "site")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows = [
        ("demo exports written", f"{summary.files} files", f"{demo_s:.1f} s"),  # type: ignore[attr-defined]
        (
            "first build (without the last day): ingest",
            f"{cold['ingested']} files",
            f"{sec(cold, 'ingest'):.1f} s",
        ),
        (
            "first build: metrics + render",
            f"{cold['written']} files",
            f"{sec(cold, 'render'):.1f} s",
        ),
        ("first build: mkdocs", f"{pages} pages", f"{sec(cold, 'mkdocs'):.1f} s"),
        ("first build: total (target ≤ 30 s)", "", f"{cold['total']:.1f} s"),
        (
            "first build: peak memory",
            f"workers {cold.get('workers_rss_mb', 0):.0f} MB",
            f"{cold['rss_mb']:.0f} MB",
        ),
        (
            "a new day: total (target ≤ 10 s + mkdocs)",
            f"{new_day['added']} files, {new_day['written']} pages",
            f"{new_day['total']:.1f} s",
        ),
        ("a new day: ingest / render / mkdocs", "", stages(new_day)),
        ("a new day: periods computed", computed(new_day), ""),
        ("a new day: period pages rendered", rendered(new_day), ""),
        (
            "nothing new: total (target ≤ 3 s)",
            f"{again['written']} changed / {again['unchanged']} same",
            f"{again['total']:.1f} s",
        ),
        ("nothing new: ingest / render / mkdocs", "", stages(again)),
        ("nothing new: the build said so (没有新数据，站点未变)", "", said(again)),
        ("nothing new: peak memory", "", f"{peak(again):.0f} MB"),
        ("raw mkdocs build of the same pages", f"{pages} pages", f"{raw:.1f} s"),
        (f"cold build ÷ raw mkdocs (target ≤ {COLD_X:g}×)", "", times(cold["total"], raw)),
        (f"a new day ÷ raw mkdocs (target ≤ {NEW_DAY_X:g}×)", "", times(new_day["total"], raw)),
        (f"nothing new ÷ raw mkdocs (target ≤ {NOTHING_X:g}×)", "", times(again["total"], raw)),
        ("site", f"{pages} pages", f"{size / 1e6:.1f} MB"),
    ]
    rows += history_rows(history, a.history_products, as_of)
    if not a.skip_keywords:
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
    if not a.skip_ingest:
        rows += ingest_throughput()
    print_rows(
        f"opsreport bench — demo store, {summary.products} products × {summary.days} days, as of {AS_OF}",  # type: ignore[attr-defined]
        rows,
    )
    ok = (
        raw > 0
        and cold["total"] <= COLD_X * raw
        and new_day["total"] <= NEW_DAY_X * raw
        and again["total"] <= NOTHING_X * raw
    )
    print(
        f"Bench done: raw mkdocs {raw:.1f} s; cold {cold['total']:.1f} s ({times(cold['total'], raw)}), "
        f"a new day {new_day['total']:.1f} s ({times(new_day['total'], raw)}), nothing new "
        f"{again['total']:.1f} s ({times(again['total'], raw)}) — {'within' if ok else 'OVER'} "
        f"issue 17's targets; workspace removed ({root})."
    )


if __name__ == "__main__":
    main()
