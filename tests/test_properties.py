"""Property-based tests (issue 12): random valid stores — days missing, products appearing and
disappearing, a day's export with no rows, week and month exports or none, P4P account
reports of a single row — are written as real .xls exports, ingested and rendered. Every
store builds, and each day's, week's and month's headline totals (on the page and in the
totals download) are the sums of the input rows of that span: the period's own export where
there is one, else its days when every day is there.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Settings, Workspace, load_settings, render_config
from generator.demo.writers import native_job, write_job
from generator.ingest import kind_by_file_name
from generator.kinds import KINDS, P4P_ACCOUNT, PRODUCTS
from generator.pipeline import run_pipeline

FIRST = dt.date(2026, 11, 8)  # a Sunday: two whole weeks, the last two of the demo's exports
DAYS = [FIRST + dt.timedelta(days=i) for i in range(14)]
WEEKS = [(DAYS[0], DAYS[6]), (DAYS[7], DAYS[13])]
OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
IDS = [f"16000000000{i:02d}" for i in range(1, 5)]
TITLES = {p: f"Outdoor Solar Light Model {i}" for i, p in enumerate(IDS)}
METRICS = ("impressions", "clicks", "visitors", "inquiries")
COLUMN = {
    "impressions": "search_impressions",
    "clicks": "search_clicks",
    "visitors": "visitors",
    "inquiries": "inquiries",
}
LABEL = {
    "impressions": "搜索曝光",
    "clicks": "搜索点击",
    "visitors": "访客数",
    "inquiries": "询盘数",
}

Row = dict[str, Any]
# the kinds besides products and the P4P account report that a store may hold
OTHER_KINDS = sorted(set(KINDS) - {"products", "p4p_account"})


def product_row(draw: st.DrawFn, pid: str) -> Row:
    imp = draw(st.integers(0, 400))
    clicks = draw(st.integers(0, imp // 5 if imp else 0))
    visitors = draw(st.integers(0, clicks + 2))
    return {
        "product_id": pid,
        "impressions": imp,
        "clicks": clicks,
        "visitors": visitors,
        "inquiries": draw(st.integers(0, visitors)),
    }


def product_rows(draw: st.DrawFn, min_size: int = 0) -> list[Row]:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=min_size, max_size=len(IDS), unique=True))
    return [product_row(draw, p) for p in sorted(ids)]


@st.composite
def stores(draw: st.DrawFn) -> dict[str, Any]:
    """Which day exports there are and their rows (a day may have none, or a file with no
    rows), the week and month exports, the P4P account's days, and the as-of date."""
    days: dict[dt.date, list[Row]] = {}
    for day in DAYS:
        if draw(st.booleans()) or draw(st.booleans()):  # three days in four have a file
            days[day] = product_rows(draw)
    weeks = {end: product_rows(draw, min_size=1) for start, end in WEEKS if draw(st.booleans())}
    month = product_rows(draw, min_size=1) if draw(st.booleans()) else None
    p4p = {
        day: (draw(st.integers(0, 900)), draw(st.integers(0, 40)))
        for day in draw(st.lists(st.sampled_from(DAYS), max_size=4, unique=True))
    }
    as_of = draw(st.sampled_from([DAYS[-1], DAYS[-1] + dt.timedelta(days=3)]))
    # a few other kinds, as the demo writes them for these two weeks
    others = draw(st.lists(st.sampled_from(OTHER_KINDS), max_size=3, unique=True))
    return {
        "days": days,
        "weeks": weeks,
        "month": month,
        "p4p": p4p,
        "as_of": as_of,
        "others": sorted(others),
    }


def write_products(folder: Path, start: dt.date, end: dt.date, rows: list[Row]) -> None:
    headers = [c.zh for c in PRODUCTS.columns if c.required]
    by_name = {c.name: c.zh for c in PRODUCTS.columns}
    assert headers == [by_name[n] for n in ("product_id", "title", *COLUMN.values())]
    body = [[r["product_id"], TITLES[r["product_id"]], *(r[m] for m in METRICS)] for r in rows]
    folder.mkdir(parents=True, exist_ok=True)
    write_job(
        native_job(
            folder / f"Products-{end.isoformat()}.xls",
            "产品分析",
            headers,
            body,
            title=PRODUCTS.zh,
            period=(start, end),
        )
    )


def write_p4p(folder: Path, days: dict[dt.date, tuple[int, int]]) -> None:
    """One P4P account report per day that has figures (a single-row report each)."""
    headers = [
        P4P_ACCOUNT.column(n).zh for n in ("date", "impressions", "clicks", "spend", "promo_hours")
    ]
    folder.mkdir(parents=True, exist_ok=True)
    for day, (imp, clicks) in sorted(days.items()):
        write_job(
            native_job(
                folder / f"P4P-account-{day.isoformat()}.xls",
                "账户报告",
                headers,
                [[day.isoformat(), imp, clicks, round(clicks * 1.5, 2), 8.0]],
                title=P4P_ACCOUNT.zh,
                period=(day, day),
            )
        )


def expected(store: dict[str, Any]) -> dict[str, dict[dt.date, dict[str, int]]]:
    """The headline totals per span: day, week (by its Saturday) and October (by its last
    day), from the rows written for that span."""

    def sums(rows: list[Row]) -> dict[str, int]:
        return {m: sum(r[m] for r in rows) for m in METRICS}

    days = {d: sums(rows) for d, rows in store["days"].items() if rows}
    weeks: dict[dt.date, dict[str, int]] = {}
    for start, end in WEEKS:
        if end in store["weeks"]:
            weeks[end] = sums(store["weeks"][end])
        elif all(start + dt.timedelta(days=i) in days for i in range(7)):
            weeks[end] = {
                m: sum(days[start + dt.timedelta(days=i)][m] for i in range(7)) for m in METRICS
            }
    months = {OCTOBER[1]: sums(store["month"])} if store["month"] else {}
    return {"day": days, "week": weeks, "month": months}


def shown(page: str, label: str) -> int:
    """The value of a metric's row in a page's key-figure table."""
    m = re.search(
        rf'<td class="txt col-metric">{label}</td><td class="txt col-value">([^<]*)</td>', page
    )
    assert m, label
    return int(m.group(1).replace(",", ""))


def totals_download(content: Path, section: str) -> pd.DataFrame:
    path = content / "downloads" / section / f"{section}-totals.csv"
    frame = pd.read_csv(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return frame.set_index("period_end")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(store=stores())
def test_random_stores_build_and_add_up(
    scratch: Path, small_exports: list[Path], store: dict[str, Any]
) -> None:
    root = scratch / "ws"
    shutil.rmtree(root, ignore_errors=True)
    ws = Workspace(root)
    for p in small_exports:
        kind = kind_by_file_name(p.name)
        m = re.search(r"\d{4}-\d{2}-\d{2}", p.name)
        if kind and kind.name in store["others"] and m and m.group(0) >= FIRST.isoformat():
            dst = ws.exports / p.parent.name / p.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, dst)
    for day, rows in store["days"].items():
        write_products(ws.exports / "daily", day, day, rows)
    for start, end in WEEKS:
        if end in store["weeks"]:
            write_products(ws.exports / "weekly", start, end, store["weeks"][end])
    if store["month"]:
        write_products(ws.exports / "monthly", *OCTOBER, store["month"])
    write_p4p(ws.exports / "p4p", store["p4p"])
    ws.config_file.write_text(render_config(Settings(store_name="测试店")), encoding="utf-8")
    as_of = store["as_of"]
    run_pipeline(ws, load_settings(ws), as_of, build=False)

    want = expected(store)
    names = {"day": "daily", "week": "weekly", "month": "monthly"}
    for step, section in names.items():
        got = {
            p.stem
            for p in (ws.content / section).glob("*.md")
            if p.name != "index.md"
            and (step != "day" or "产品分析 数据" not in p.read_text(encoding="utf-8"))
        }
        key = (lambda d: d.strftime("%Y-%m")) if step == "month" else dt.date.isoformat
        assert got == {key(d) for d in want[step]}, step
        csv = totals_download(ws.content, section)
        for end, sums in want[step].items():
            page = (ws.content / section / f"{key(end)}.md").read_text(encoding="utf-8")
            for m in METRICS:
                assert shown(page, LABEL[m]) == sums[m], (step, end, m)
                assert csv.loc[end.isoformat(), m] == sums[m], (step, end, m)
    # the P4P account's figures of a day with a page, on that page
    for day, (imp, _clicks) in store["p4p"].items():
        page = ws.content / "daily" / f"{day.isoformat()}.md"
        assert page.is_file(), day
        text = page.read_text(encoding="utf-8")
        assert "## 直通车 {#p4p}" in text
        assert f'<td class="txt col-value">{imp:,}</td>' in text
    for page in ws.content.rglob("*.md"):
        assert "Traceback" not in page.read_text(encoding="utf-8")
