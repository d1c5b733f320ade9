"""A simulated Alibaba.com seller store that writes every input the generator reads.

:func:`write_demo_exports` builds a deterministic store (categories, owners, products with
English titles, a products × days panel) and writes, into ``root/exports``:

- ``daily/``, ``weekly/``, ``monthly/``: the native 产品分析 ``Products-YYYY-MM-DD.xls`` files
  (BIFF8 via xlwt, header on Excel row 6; kinds.py PRODUCTS);
- ``keywords/``: 引流关键词 ``getKeywords-*.xls`` (weekly) and 关键词指数 ``HotKeyword-*.xls``;
- ``p4p/``: the 外贸直通车 account, campaign, keyword, search-term and product reports (weekly);
- ``sheets/``: the operator sheets (``<kind>-YYYY-MM-DD.xlsx``, header on row 1);

plus a README that lists the situations planted in the data, so that a reader can check the
site against them, and ``answers.json``: the answer key, computed from the planted values alone
(:mod:`.answers`). Everything but the products files is drawn from random streams of its own,
so the products files are the same as before the other kinds existed.

Same ``(as_of, n_products, n_days, seed)`` → byte-identical files (and the same modification
times: each file carries the day an operator would have downloaded it, so ingest order is
fixed too).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from ..foundation.parallel import can_fork
from ..foundation.periods import day_final_day, month_final_day, reader_today, week_final_day
from . import keywords, p4p, sheets
from .answers import answer_key
from .common import World
from .products import (
    _FOLDER,
    CATEGORIES,
    HEADERS,
    OWNERS,
    SHEET_NAME,
    DemoSummary,
    _job,
    _periods,
    _simulate,
    _static,
    _write_xls,
)
from .readme import readme
from .words import build_vocab, zero_effect
from .writers import csv_job, write_job

__all__ = [
    "CATEGORIES",
    "HEADERS",
    "MAX_PRODUCTS",
    "MIN_DAYS",
    "OWNERS",
    "SHEET_NAME",
    "DemoSummary",
    "write_demo_exports",
]

MAX_PRODUCTS = 10_000  # any store from 1 to this many products writes (test_demo_sizes.py)
# the planted situations need 6 weeks: the top product's 5 bad days ~40 days back, the P4P
# leak's 4 complete weeks, the category drop's 7-day baseline (fewer days would plant them
# outside the exports while the answer key still listed them)
MIN_DAYS = 42

_WORKER_STATIC: tuple | None = None


def _worker_init(static: tuple) -> None:
    global _WORKER_STATIC
    _WORKER_STATIC = static


def _run(job: tuple) -> str:
    what, body = job
    if what == "products":
        assert _WORKER_STATIC is not None
        _write_xls(_WORKER_STATIC, body)
        return body[0]
    return write_job(body)


def _other_kinds(w: World) -> None:
    """Every input kind besides the products files, in a fixed order (each kind draws from its
    own random stream, so the order matters only for the shared results)."""
    zero_effect(w)
    v = build_vocab(w)
    p4p.write_p4p(w, v)
    keywords.traffic_keywords(w, v)
    keywords.keyword_index(w, v)
    w.shared["country_mix"] = sheets.country_mix(w)
    w.shared["store_visitors"] = sheets.store_visitors(w)
    recs = sheets.inquiries(w, v)
    sheets.inquiry_rows(w, recs)
    sheets.regions(w, recs)
    sheets.traffic_sources(w, recs)
    sheets.store_overview(w, recs)
    sheets.visitor_rows(w, v, recs)
    sheets.product_scores(w)
    sheets.zero_effect_sheet(w, v)
    sheets.showcase(w)
    sheets.new_products(w, v)
    keywords.keyword_ranks(w, v)
    keywords.competitor_keywords(w, v)
    keywords.rfq(w, v)
    keywords.plant_keywords(w, v)
    sheets.plant_sheets(w, recs)
    _quirks(w)


# --------------------------------------------------------------------------------------------
# Quirks real files have
# --------------------------------------------------------------------------------------------


def _find(w: World, name: str) -> int | None:
    return next((i for i, job in enumerate(w.jobs) if Path(job[1]).name == name), None)


def _thousands(v: object) -> object:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    return f"{v:,}" if isinstance(v, int) else f"{v:,.1f}"


def _quirks(w: World) -> None:
    weeks = [end for _, end in w.weeks]
    # a GB18030 CSV re-save of one keyword export: thousands separators, '-' for missing, 总计 row
    if len(weeks) >= 3:
        d = weeks[-3]
        i = _find(w, f"getKeywords-{d.isoformat()}.xls")
        if i is not None:
            _, path, (_sheet, head, headers, rows, _totals) = w.jobs[i]
            out = [[h] for h in head] + [[], [], headers]
            for r in rows:
                r = list(r)
                if r[4] == 0 and r[5] == 0:
                    r[4] = r[5] = "-"
                out.append([_thousands(x) for x in r])
            out.append(
                ["总计", _thousands(sum(r[1] for r in rows)), _thousands(sum(r[2] for r in rows))]
            )
            csv_path = Path(path).with_suffix(".csv")
            w.jobs[i] = csv_job(csv_path, out, "gb18030")
            w.quirks.append(
                {
                    "what": "引流关键词的 CSV 另存（GB18030 编码，千位分隔符，缺失值为 -，末尾有总计行）",
                    "what_en": "a keyword export re-saved as CSV by Chinese Excel (GB18030, thousands separators, '-' for missing, a 总计 row)",
                    "file": w.rel(csv_path),
                }
            )
    # a re-saved P4P product report whose ids became floats
    if len(weeks) >= 2:
        d = weeks[-2]
        i = _find(w, f"P4P-products-{d.isoformat()}.xls")
        if i is not None:
            _, path, (_sheet, head, headers, rows, _totals) = w.jobs[i]
            out = [headers]
            for k, r in enumerate(rows):
                r = list(r)
                r[0] = f"{float(r[0]):.12e}" if k % 2 else f"{float(r[0]):.1f}"
                r[2] = f"{float(r[2]):.1f}"
                out.append(r)
            csv_path = Path(path).with_suffix(".csv")
            w.jobs[i] = csv_job(csv_path, out, "utf-8-sig")
            w.quirks.append(
                {
                    "what": "直通车产品报告的 CSV 另存：产品ID 和计划ID 变成了浮点数（1600000000000.0、1.600000000000e+12）",
                    "what_en": "a P4P product report re-saved as CSV: product and campaign ids turned into floats "
                    "(1600000000000.0, 1.600000000000e+12)",
                    "file": w.rel(csv_path),
                }
            )
    # browser duplicates: the same bytes under a "(1)" name
    for name in (
        f"getKeywords-{weeks[-1].isoformat()}.xls" if weeks else "",
        f"product_scores-{w.sheet_spans[-1][1].isoformat()}.xlsx",
    ):
        i = _find(w, name)
        if i is not None:
            path = Path(w.jobs[i][1])
            copy = path.with_name(f"{path.stem} (1){path.suffix}")
            w.duplicates.append((str(path), str(copy)))
            w.quirks.append(
                {
                    "what": "浏览器重复下载：同一文件以「(1)」结尾再存了一份（内容相同，应被跳过）",
                    "what_en": "a browser duplicate: the same file saved again with ' (1)' (same bytes, skipped)",
                    "file": w.rel(copy),
                }
            )
    w.quirks.append(
        {
            "what": "直通车账户报告与推广计划报告末尾有「合计」行（不是数据）",
            "what_en": "P4P account and campaign reports end with a 合计 (totals) row, which is not data",
            "file": "p4p/P4P-account-*.xls, p4p/P4P-campaigns-*.xls",
        }
    )
    w.quirks.append(
        {
            "what": "多语言关键词行：平台自动翻译的西班牙语、葡萄牙语、俄语、阿拉伯语词",
            "what_en": "multilingual keyword rows: Spanish, Portuguese, Russian and Arabic words auto-translated by the platform",
            "file": "keywords/*.xls, p4p/P4P-searchterms-*.xls",
        }
    )


# --------------------------------------------------------------------------------------------
# Modification times: the day an operator would have downloaded each file
# --------------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
LAG_DAYS = 2  # the demo's backend: daily data final at T-2 (the default lag_days)


def _download_day(rel: str, as_of: dt.date) -> dt.date:
    name = rel.rsplit("/", 1)[-1]
    m = _DATE.search(name)
    day = dt.date.fromisoformat(m.group(1)) if m else as_of
    if rel.startswith("daily/"):
        ready = day_final_day(day, LAG_DAYS)
    elif rel.startswith("monthly/"):  # named by the month's last day: published on the 3rd
        ready = month_final_day(day)
    elif name.startswith(("HotKeyword-", "keyword_ranks-")):
        ready = day
    elif rel.startswith("sheets/"):
        ready = day + dt.timedelta(days=1)
    else:  # weekly files, named by their Saturday: published on Tuesday
        ready = week_final_day(day)
    return min(ready, reader_today(as_of, None, LAG_DAYS))


def _set_mtimes(exports: Path, as_of: dt.date, paths: list[Path], copies: dict[Path, Path]) -> None:
    rels = sorted(w.relative_to(exports).as_posix() for w in paths)
    per_day: dict[dt.date, int] = {}
    stamp: dict[str, int] = {}
    for rel in rels:
        day = _download_day(rel, as_of)
        k = per_day.get(day, 0)
        per_day[day] = k + 1
        # 09:00 China time (01:00 UTC) on that day, a second apart in path order
        secs = calendar.timegm((day.year, day.month, day.day, 1, 0, 0)) + k
        stamp[rel] = secs * 1_000_000_000
    for copy, original in copies.items():
        stamp[copy.relative_to(exports).as_posix()] = (
            stamp[original.relative_to(exports).as_posix()] + 600 * 10**9
        )
    for rel, ns in stamp.items():
        os.utime(exports / rel, ns=(ns, ns))


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def write_demo_exports(
    root: Path,
    as_of: dt.date,
    *,
    n_products: int = 300,
    n_days: int = 400,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 2,
    keywords: int | None = None,
    products_format: str = "xls",
) -> DemoSummary:
    """Write a demo store's exports of every kind into ``root/exports`` and a README into ``root``.

    ``keywords``: about how many English words the store's keyword exports hold a week (plus
    their translations; default: 140 to 380 with the store's size — ``make bench-large`` asks
    for 2,000). ``products_format="csv"``: the 产品分析 files as Chinese Excel's CSV re-save
    (GB18030) instead of the backend's .xls — the same rows, many times faster to write.

    ``progress(done, total)`` is called as files are written; ``workers`` > 1 writes the files
    in that many processes (the output is the same either way).
    """
    if not 1 <= n_products <= MAX_PRODUCTS:
        raise ValueError(
            f"n_products={n_products}: the demo store has 1 to {MAX_PRODUCTS:,} products"
        )
    if products_format not in ("xls", "csv"):
        raise ValueError(f"products_format={products_format!r}: 'xls' or 'csv'")
    if n_days < MIN_DAYS:
        raise ValueError(f"n_days={n_days}: the demo store needs at least {MIN_DAYS} days")
    root = Path(root)
    exports = root / "exports"
    for folder in (*_FOLDER.values(), "keywords", "p4p", "sheets"):
        (exports / folder).mkdir(parents=True, exist_ok=True)

    s = _simulate(as_of, n_products, n_days, seed)
    periods = _periods(s.first_day, as_of)
    jobs: list[tuple] = [
        ("products", _job(s, gran, start, end, exports, f".{products_format}"))
        for gran, start, end in periods
    ]
    w = World(s, as_of, seed, exports, keywords=keywords)
    _other_kinds(w)
    jobs += [("other", job) for job in w.jobs]
    static = _static(s)
    total = len(jobs) + len(w.duplicates)
    if progress:
        progress(0, total)
    done = _write_jobs(jobs, static, workers, progress, total)
    copies: dict[Path, Path] = {}
    for original, copy in w.duplicates:
        shutil.copyfile(original, copy)
        copies[Path(copy)] = Path(original)
        done += 1
        if progress:
            progress(done, total)
    written = [Path(job[1][0]) if job[0] == "products" else Path(job[1][1]) for job in jobs]
    _set_mtimes(exports, as_of, written + list(copies), copies)

    counts = {g: sum(1 for p in periods if p[0] == g) for g in _FOLDER}
    summary = DemoSummary(
        files=total,
        products=n_products,
        days=n_days,
        first_day=s.first_day,
        last_day=as_of,
        planted=s.planted + [{k: p[k] for k in ("what", "what_en", "where")} for p in w.planted],
        categories={k: list(v) for k, v in CATEGORIES.items()},
        details={
            p["key"]: {k: v for k, v in p.items() if k not in ("what", "what_en", "where", "key")}
            for p in w.planted
        },
        answers=answer_key(w),
    )
    files_by_kind = _count_kinds(exports, written + list(copies))
    (root / "README.md").write_text(readme(s, w, summary, counts, files_by_kind), encoding="utf-8")
    (root / "answers.json").write_text(
        json.dumps(summary.answers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return summary


def _write_jobs(
    jobs: list[tuple],
    static: tuple,
    workers: int,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> int:
    """Write the files of ``jobs``, in ``workers`` processes when there are many; return how
    many were written (``progress`` counts up to ``total``)."""
    done = 0
    if workers > 1 and len(jobs) > 20 and can_fork():
        # fork: no re-import of the caller's __main__ (spawn would need an `if __name__` guard
        # there); where there is no fork (Windows, OPSREPORT_PORTABLE=1), one process writes
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(static,)
        ) as pool:
            # the big files first, so that no worker ends with a long one alone
            order = sorted(range(len(jobs)), key=lambda i: (jobs[i][0] != "other", i))
            futures = [pool.submit(_run, jobs[i]) for i in order]
            for fut in as_completed(futures):
                fut.result()
                done += 1
                if progress:
                    progress(done, total)
    else:
        _worker_init(static)
        for job in jobs:
            _run(job)
            done += 1
            if progress:
                progress(done, total)
    return done


def _count_kinds(exports: Path, paths: list[Path]) -> dict[str, int]:
    from ..ingest import kind_by_file_name

    out: dict[str, int] = {}
    for p in paths:
        kind = kind_by_file_name(p.name)
        name = kind.name if kind else "?"
        out[name] = out.get(name, 0) + 1
    return out
