"""Benchmark a large store on this machine: `make bench-large` (flags: `-h`).

Writes a demo store of 5,000 products × 730 days with about 2,000 keywords a week (issue 17),
holds back the last day's exports, and measures, each build in its own process:

- the first build (ingest, metrics + render, mkdocs) and its peak memory;
- a new day: the held-back files dropped into the inbox and the site rebuilt;
- the site: pages, size, bytes per page by section, and the search index — the pages' size
  should grow with their number (linear), not with the history each page shows.

Targets (issue 17): first build ≤ 3 min, a new day ≤ 30 s, peak memory ≤ 1.5 GB. The 产品分析
files are written as GB18030 CSV (the reader takes them as it takes the backend's .xls; xlwt
would need most of an hour for 4.3 million rows; ``--format xls`` all the same). The store
still takes minutes to write; ``--products 500 --days 120`` is a quick run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from bench import (  # scripts/bench.py, beside this file
    AS_OF,
    build,
    computed,
    drop_in,
    hold_back,
    last_day_files,
    peak,
    print_rows,
    sec,
    stages,
    write_store,
)

FIRST_S, NEW_DAY_S, PEAK_MB = 180.0, 30.0, 1536.0


def keywords_a_week(root: Path) -> int:
    """Rows of the newest weekly 引流关键词 export (read with the generator's own reader)."""
    from generator.ingest import parse_export

    files = sorted((root / "exports" / "keywords").glob("getKeywords-*.xls"))
    files = [f for f in files if "(1)" not in f.name]
    if not files:
        return 0
    return len(parse_export(files[-1].name, files[-1].read_bytes()).rows)


def site_sections(site: Path) -> tuple[list[tuple[str, str, str]], dict[str, float]]:
    """Rows on the site's size: pages and bytes per page by section, the search index and the
    shared assets; and the totals."""
    by: dict[str, list[int]] = {}
    for p in site.rglob("*.html"):
        rel = p.relative_to(site).parts
        section = rel[0] if len(rel) > 1 else "(top)"
        by.setdefault(section, []).append(p.stat().st_size)
    html = sum(sum(v) for v in by.values())
    pages = sum(len(v) for v in by.values())
    index = sum(p.stat().st_size for p in site.rglob("search_index.json"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    rows = [
        (
            f"site: {section}/ pages",
            f"{len(sizes)} pages, {sum(sizes) / 1e6:.1f} MB",
            f"{sum(sizes) / len(sizes) / 1e3:.0f} KB/page",
        )
        for section, sizes in sorted(by.items(), key=lambda kv: -len(kv[1]))
    ]
    rows += [
        (
            "site: all pages",
            f"{pages} pages, {html / 1e6:.1f} MB",
            f"{html / max(pages, 1) / 1e3:.0f} KB/page",
        ),
        ("site: search index", "", f"{index / 1e6:.2f} MB"),
        (
            "site: other files (assets, data, downloads)",
            "",
            f"{(total - html - index) / 1e6:.1f} MB",
        ),
        ("site: total", f"{pages} pages", f"{total / 1e6:.1f} MB"),
    ]
    return rows, {"pages": pages, "html": html, "index": index, "total": total}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--products", type=int, default=5000, help="products (5,000)")
    ap.add_argument("--days", type=int, default=730, help="days of history (730)")
    ap.add_argument("--keywords", type=int, default=2000, help="English keywords a week (2,000)")
    ap.add_argument(
        "--format",
        choices=("csv", "xls"),
        default="csv",
        help="the 产品分析 files: csv (GB18030 re-save, default: .xls of 5,000 products x 730 "
        "days takes the writer most of an hour) or xls (as the backend)",
    )
    ap.add_argument(
        "--keep", type=Path, help="write the store here and keep it (default: a temp folder)"
    )
    a = ap.parse_args(argv)
    as_of = dt.date.fromisoformat(AS_OF)
    root = a.keep or Path(tempfile.mkdtemp(prefix="opsreport-bench-large-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        summary, demo_s = write_store(
            root, as_of, a.products, a.days, keywords=a.keywords, products_format=a.format
        )
        words = keywords_a_week(root)
        held = hold_back(root, last_day_files(root, as_of))
        first = build(root, AS_OF)
        added = drop_in(root, held)
        new_day = build(root, AS_OF)
        site_rows, _ = site_sections(root / "site")
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)
    top = max(peak(first), peak(new_day))
    rows = [
        ("demo exports written", f"{summary.files} files", f"{demo_s:.1f} s"),  # type: ignore[attr-defined]
        ("keywords in the newest weekly export", "", f"{words:,}"),
        ("first build: ingest / render / mkdocs", f"{first['ingested']} files", stages(first)),
        (
            f"first build: total (target ≤ {FIRST_S:.0f} s)",
            f"{first['written']} files",
            f"{first['total']:.1f} s",
        ),
        ("first build: peak memory", f"process {first['rss_mb']:.0f} MB", f"{peak(first):.0f} MB"),
        ("a new day: ingest / render / mkdocs", f"{added} files", stages(new_day)),
        (
            f"a new day: total (target ≤ {NEW_DAY_S:.0f} s)",
            f"{new_day['written']} pages",
            f"{new_day['total']:.1f} s",
        ),
        ("a new day: periods computed", computed(new_day), ""),
        (
            "a new day: peak memory",
            f"process {new_day['rss_mb']:.0f} MB",
            f"{peak(new_day):.0f} MB",
        ),
        (f"peak memory, any build (target ≤ {PEAK_MB / 1024:.1f} GB)", "", f"{top:.0f} MB"),
        *site_rows,
    ]
    print_rows(
        f"opsreport bench-large — demo store, {a.products:,} products × {a.days} days, "
        f"{a.keywords:,} keywords a week asked, 产品分析 as {a.format}, as of {AS_OF}",
        rows,
    )
    ok = first["total"] <= FIRST_S and new_day["total"] <= NEW_DAY_S and top <= PEAK_MB
    print(
        f"Bench-large done: first build {first['total']:.1f} s, a new day {new_day['total']:.1f} s "
        f"(mkdocs {sec(new_day, 'mkdocs'):.1f} s), peak {top:.0f} MB — "
        f"{'within' if ok else 'OVER'} targets; "
        + (f"workspace kept in {root}." if a.keep else f"workspace removed ({root}).")
    )


if __name__ == "__main__":
    sys.exit(main())
