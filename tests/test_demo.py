"""The demo store writes 产品分析 exports like the backend: names, format, behaviour, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import statistics
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from generator.demo import OWNERS, DemoSummary, write_demo_exports
from generator.ingest.kinds import PRODUCTS

AS_OF = dt.date(2026, 11, 21)  # a Saturday
N_PRODUCTS, N_DAYS = 20, 70  # the small store: every planted situation must still be there
HEADERS = [c.zh for c in PRODUCTS.columns]
COL = {c.name: i for i, c in enumerate(PRODUCTS.columns)}


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, DemoSummary, list[tuple[int, int]]]:
    root = tmp_path_factory.mktemp("demo")
    calls: list[tuple[int, int]] = []
    summary = write_demo_exports(
        root,
        AS_OF,
        progress=lambda done, total: calls.append((done, total)),
        n_products=N_PRODUCTS,
        n_days=N_DAYS,
    )
    return root, summary, calls


def _rows(path: Path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _data(path: Path) -> dict[str, list]:
    """Product id → row, for the rows under the header on Excel row 6."""
    return {r[0]: r for r in _rows(path)[6:] if r and r[0] != ""}


def _days() -> list[dt.date]:
    return [AS_OF - dt.timedelta(days=i) for i in range(N_DAYS - 1, -1, -1)]


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_files_have_the_expected_names_and_counts(demo):
    root, summary, calls = demo
    exports = root / "exports"
    daily = sorted(p.name for p in (exports / "daily").iterdir())
    assert daily == [f"Products-{d.isoformat()}.xls" for d in _days()]

    first = _days()[0]
    saturdays = [first + dt.timedelta(days=i) for i in range(N_DAYS)]
    weeks = [d for d in saturdays if d.weekday() == 5 and d - dt.timedelta(days=6) >= first]
    assert sorted(p.name for p in (exports / "weekly").iterdir()) == [
        f"Products-{d.isoformat()}.xls" for d in weeks
    ]
    assert len(weeks) == 10  # 2026-09-13 is a Sunday, 2026-11-21 a Saturday
    # 2026-09-13 ~ 2026-11-21 holds one complete month: October
    assert sorted(p.name for p in (exports / "monthly").iterdir()) == ["Products-2026-10-31.xls"]

    assert summary.files == 70 + 10 + 1
    assert (summary.days, summary.products) == (70, 20)
    assert (summary.first_day, summary.last_day) == (first, AS_OF)
    assert calls[-1] == (summary.files, summary.files)
    assert len(calls) == summary.files + 1  # (0, total) first, then one call per file
    assert (root / "README.md").read_text(encoding="utf-8").startswith("# 演示店铺")


@pytest.mark.parametrize(
    ("folder", "name", "period"),
    [
        ("daily", "Products-2026-11-12.xls", "2026-11-12~2026-11-12"),
        ("weekly", "Products-2026-11-14.xls", "2026-11-08~2026-11-14"),
        ("monthly", "Products-2026-10-31.xls", "2026-10-01~2026-10-31"),
    ],
)
def test_a_file_looks_like_the_backend_export(demo, folder, name, period):
    root, summary, _ = demo
    path = root / "exports" / folder / name
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # OLE2 / BIFF8, not xlsx or html
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["产品分析"]
    rows = _rows(path)
    assert rows[0][0] == f"产品分析 时间周期{period}"
    assert all(cell == "" for row in rows[3:5] for cell in row)
    assert rows[5] == HEADERS
    data = rows[6:]
    assert len(data) >= 15
    words = summary.categories
    for row in data:
        pid = row[COL["product_id"]]
        assert isinstance(pid, str) and pid.isdigit() and 10 <= len(pid) <= 13
        title = row[COL["title"]]
        assert isinstance(title, str) and 0 < len(title) <= 128
        assert sum(any(w in title.lower() for w in ws) for ws in words.values()) == 1, title
        for flag in ("showcase", "top_display", "in_p4p"):
            assert row[COL[flag]] in {"Y", "N"}
        for rate in ("search_ctr", "inquiry_rate"):
            assert re.fullmatch(r"\d+\.\d\d%", row[COL[rate]]), row[COL[rate]]
        for c in PRODUCTS.columns:
            if c.type == "int":
                v = row[COL[c.name]]
                assert (
                    isinstance(v, (int, float))
                    and not isinstance(v, bool)
                    and v >= 0
                    and v == int(v)
                )
        assert isinstance(row[COL["rts_gmv_usd"]], (int, float))
        assert row[COL["owner"]] in OWNERS
        imp, clk = row[COL["search_impressions"]], row[COL["search_clicks"]]
        assert clk <= imp <= row[COL["all_impressions"]]
        assert row[COL["marketing_impressions"]] <= row[COL["all_impressions"]]
        assert row[COL["inquiry_buyers"]] <= row[COL["inquiries"]]
        expected = f"{100 * clk / imp:.2f}%" if imp else "0.00%"
        assert row[COL["search_ctr"]] == expected
    assert len({r[0] for r in data}) == len(data)


def test_weeks_add_up_counts_and_deduplicate_people(demo):
    root, _, _ = demo
    exports = root / "exports"
    days = [dt.date(2026, 11, 8) + dt.timedelta(days=i) for i in range(7)]
    daily = [_data(exports / "daily" / f"Products-{d.isoformat()}.xls") for d in days]
    week = _data(exports / "weekly" / "Products-2026-11-14.xls")
    assert set(week) == set().union(*daily)
    for pid, row in week.items():

        def total(name: str, pid: str = pid) -> int:
            return sum(int(d[pid][COL[name]]) for d in daily if pid in d)

        assert row[COL["search_impressions"]] == total("search_impressions")
        assert row[COL["inquiries"]] == total("inquiries")
        assert row[COL["visitors"]] == round(total("visitors") * 0.85)
        assert row[COL["inquiry_buyers"]] == round(total("inquiry_buyers") * 0.85)


def test_new_products_appear_on_their_publish_day_and_deleted_ones_disappear(demo):
    root, summary, _ = demo
    present = {
        d: set(_data(root / "exports" / "daily" / f"Products-{d.isoformat()}.xls")) for d in _days()
    }
    first, last = present[_days()[0]], present[AS_OF]
    planted = " ".join(p["what"] + p["where"] for p in summary.planted)

    new = last - first
    assert new, "no product was published during the period"
    for pid in new:
        on = [d for d in _days() if pid in present[d]]
        assert on == [d for d in _days() if d >= on[0]]  # absent before, present every day after
        assert pid in planted and on[0].isoformat() in planted

    deleted = first - last
    assert deleted, "no product was deleted during the period"
    for pid in deleted:
        on = [d for d in _days() if pid in present[d]]
        assert on == [d for d in _days() if d <= on[-1]]  # present until a day, then gone for good
        gone = on[-1] + dt.timedelta(days=1)
        assert pid in planted and gone.isoformat() in planted


def test_every_planted_situation_is_there_at_the_small_size(demo):
    _, summary, _ = demo
    kinds = [
        "新品起量",
        "新品上架",
        "产品衰退",
        "产品下架",
        "类目单日突降",
        "头部产品点击骤降",
        "假日周",
    ]
    for kind in kinds:
        assert any(p["what"].startswith(kind) for p in summary.planted), kind
    for p in summary.planted:
        assert set(p) == {"what", "what_en", "where"} and all(p.values())
    assert len(summary.categories) == 5
    assert all(w == w.lower() for words in summary.categories.values() for w in words)


def test_the_category_drop_is_visible_in_the_store_total(demo):
    root, _, _ = demo
    daily = root / "exports" / "daily"

    def store_impressions(d: dt.date) -> int:
        return sum(
            int(r[COL["search_impressions"]])
            for r in _data(daily / f"Products-{d.isoformat()}.xls").values()
        )

    drop = AS_OF - dt.timedelta(days=9)
    before = [store_impressions(drop - dt.timedelta(days=i)) for i in range(1, 8)]
    assert store_impressions(drop) < 0.75 * statistics.median(before)


def test_same_arguments_give_the_same_bytes(demo, tmp_path):
    root, summary, _ = demo
    again = write_demo_exports(
        tmp_path, AS_OF, workers=1, n_products=N_PRODUCTS, n_days=N_DAYS
    )  # in-process: same bytes as the pool
    assert again == summary
    assert _hashes(tmp_path) == _hashes(root)


def test_another_seed_gives_another_store(demo, tmp_path):
    root, _, _ = demo
    write_demo_exports(tmp_path, AS_OF, seed=8, workers=1, n_products=N_PRODUCTS, n_days=N_DAYS)
    name = f"exports/daily/Products-{AS_OF.isoformat()}.xls"
    assert (tmp_path / name).read_bytes() != (root / name).read_bytes()


@pytest.mark.parametrize(("n_products", "n_days"), [(5, 70), (20, 10)])
def test_too_small_a_store_is_refused(tmp_path, n_products, n_days):
    with pytest.raises(ValueError, match="at least"):
        write_demo_exports(tmp_path, AS_OF, n_products=n_products, n_days=n_days)
