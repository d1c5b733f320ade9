"""The demo store writes every input kind like the backend and the operators do: names, format,
behaviour, determinism, agreement between the kinds, and the planted situations — checked on the
files themselves, read with the real reader."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import os
import re
import statistics
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from generator.demo import OWNERS, DemoSummary, write_demo_exports
from generator.demo.products import _simulate
from generator.ingest import kind_by_file_name, parse_export
from generator.kinds import KINDS, PRODUCTS

AS_OF = dt.date(2026, 11, 21)  # a Saturday
N_PRODUCTS, N_DAYS = 20, 70  # the small store: every planted situation must still be there
HEADERS = [c.zh for c in PRODUCTS.columns]
COL = {c.name: i for i, c in enumerate(PRODUCTS.columns)}
# sha256 of exports/daily/Products-2026-11-21.xls (as_of 2026-11-21, 20 products, 70 days, seed 7),
# recorded after the plants became plain arithmetic (issue 15): the products files must never
# change with the other kinds
PRODUCTS_SHA256 = "3d120064b1123a23299b78b7f56fdbdd4c7e262141a2c30b22b2e9dacd01ebc1"


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


@pytest.fixture(scope="module")
def parsed(demo) -> dict[str, tuple[str, pd.DataFrame, list[str]]]:
    """Every file under exports/, read with the real reader:
    rel path → (kind, rows, warnings, period start, period end, granularity)."""
    root = demo[0] / "exports"
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            rel = p.relative_to(root).as_posix()
            r = parse_export(rel, p.read_bytes())
            out[rel] = (
                r.kind.name,
                r.rows,
                r.warnings,
                r.period_start,
                r.period_end,
                r.granularity,
            )
    return out


def rows_of(parsed, kind: str, pattern: str = "") -> pd.DataFrame:
    """The rows of every file of a kind, without browser duplicates (ingest skips those)."""
    frames = [
        f
        for rel, (k, f, *_) in sorted(parsed.items())
        if k == kind and pattern in rel and "(1)" not in rel
    ]
    return pd.concat(frames, ignore_index=True)


def latest(parsed, kind: str) -> tuple[str, pd.DataFrame]:
    rel = max(
        (rel for rel, (k, *_) in parsed.items() if k == kind and "(1)" not in rel),
        key=lambda r: (re.search(r"\d{4}-\d{2}-\d{2}", r).group(0), r),  # type: ignore[union-attr]
    )
    return rel, parsed[rel][1]


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


def _mtimes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_mtime_ns
        for p in sorted((root / "exports").rglob("*"))
        if p.is_file()
    }


def _products_day(root: Path, day: dt.date) -> dict[str, list]:
    return _data(root / "exports" / "daily" / f"Products-{day.isoformat()}.xls")


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


# --------------------------------------------------------------------------------------------
# The products files (unchanged by the other kinds)
# --------------------------------------------------------------------------------------------


def test_products_files_are_unchanged_for_the_same_seed(demo):
    root, _, _ = demo
    path = root / "exports" / "daily" / "Products-2026-11-21.xls"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == PRODUCTS_SHA256


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

    everything = [p for p in exports.rglob("*") if p.is_file()]
    assert summary.files == len(everything)
    assert sorted(p.name for p in exports.iterdir()) == sorted(
        ["daily", "weekly", "monthly", "keywords", "p4p", "sheets"]
    )
    assert (summary.days, summary.products) == (70, 20)
    assert (summary.first_day, summary.last_day) == (first, AS_OF)
    assert calls[0] == (0, summary.files)
    assert calls[-1] == (summary.files, summary.files)
    assert len(calls) == summary.files + 1  # (0, total) first, then one call per file
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 演示店铺")
    assert readme.index("# 演示店铺") < readme.index("# Demo store")


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
    present = {d: set(_products_day(root, d)) for d in _days()}
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
        "直通车漏钱词",
        "直通车成长分",
        "实力优品冲刺",
        "成长分下降",
        "零效果产品（删除会丢词）",
        "零效果产品（可安全删除）",
        "未覆盖的同行关键词",
        "上升产品",
        "有流量没询盘",
        ("流量下降原因", "询盘下降及原因"),  # whether the day's few inquiries fall is chance here
        "重复询盘",
        "模板询盘",
        "超过 24 小时未回复的询盘",
        "墨西哥",
    ]
    for kind in kinds:
        assert any(p["what"].startswith(kind) for p in summary.planted), kind  # type: ignore[arg-type]
    for p in summary.planted:
        assert set(p) == {"what", "what_en", "where"} and all(p.values())
    for key in ("inquiry_drop", "p4p_waste", "score_band", "zero_unique", "zero_covered",
                "uncovered", "rising", "duplicates", "templates", "unreplied"):  # fmt: skip
        assert key in summary.details, key
    assert len(summary.categories) == 5
    assert all(w == w.lower() for words in summary.categories.values() for w in words)


def test_the_dropped_category_falls_by_the_planted_factor(demo):
    """Issue 15: the category's search impressions are × 0.15 that day (plain arithmetic, not
    tuned to make the store total cross a detector's band)."""
    root, summary, _ = demo
    plant = next(a for a in summary.answers["answers"] if a["key"] == "category_drop")
    store = _simulate(AS_OF, N_PRODUCTS, N_DAYS, 7)
    cat = store.facts["cat_drop"]
    ids = {store.ids[p] for p in range(len(store.ids)) if store.category[p] == cat}

    def impressions(d: dt.date) -> int:
        rows = _products_day(root, d)
        return sum(int(r[COL["search_impressions"]]) for pid, r in rows.items() if pid in ids)

    drop = dt.date.fromisoformat(plant["days"][0])
    before = [impressions(drop - dt.timedelta(days=i)) for i in range(1, 8)]
    assert impressions(drop) < 0.35 * statistics.median(before)  # × 0.15, with the noise


def test_same_arguments_give_the_same_bytes_and_times(demo, tmp_path):
    root, summary, _ = demo
    again = write_demo_exports(
        tmp_path, AS_OF, workers=1, n_products=N_PRODUCTS, n_days=N_DAYS
    )  # in-process: same bytes as the pool
    assert again == summary
    assert _hashes(tmp_path) == _hashes(root)
    assert _mtimes(tmp_path) == _mtimes(root)  # the same ingest order too


def test_another_seed_gives_another_store(demo, tmp_path):
    root, _, _ = demo
    write_demo_exports(tmp_path, AS_OF, seed=8, workers=1, n_products=N_PRODUCTS, n_days=N_DAYS)
    for name in (
        f"exports/daily/Products-{AS_OF.isoformat()}.xls",
        f"exports/keywords/getKeywords-{AS_OF.isoformat()}.xls",
        f"exports/sheets/inquiries-{AS_OF.isoformat()}.xlsx",
    ):
        assert (tmp_path / name).read_bytes() != (root / name).read_bytes()


@pytest.mark.parametrize(("n_products", "n_days"), [(0, 70), (10_001, 70), (20, 41)])
def test_a_store_out_of_size_is_refused(tmp_path, n_products, n_days):
    # 1 to 10,000 products (tests/test_demo_sizes.py), at least 42 days
    with pytest.raises(ValueError, match=r"1 to 10,000 products|at least 42 days"):
        write_demo_exports(tmp_path, AS_OF, n_products=n_products, n_days=n_days)
    assert not (tmp_path / "exports").exists()


# --------------------------------------------------------------------------------------------
# Every kind, read with the real reader
# --------------------------------------------------------------------------------------------


def test_every_kind_is_written_and_each_file_parses_to_the_kind_its_name_says(parsed):
    assert {kind for kind, *_ in parsed.values()} == set(KINDS)
    for rel, (kind, rows, warnings, *_) in parsed.items():
        named = kind_by_file_name(rel.rsplit("/", 1)[-1])
        assert named is not None and named.name == kind, rel
        assert not warnings, (rel, warnings)
        assert len(rows) > 0, rel


def test_each_kind_lives_in_its_folder_in_its_format(demo, parsed):
    root = demo[0] / "exports"
    folder = {"keywords": {"traffic_keywords", "keyword_index"}, "p4p": set()}
    folder["p4p"] = {k for k in KINDS if k.startswith("p4p_") and k != "p4p_growth"}
    for rel, (kind, *_) in parsed.items():
        top = rel.split("/", 1)[0]
        head = (root / rel).read_bytes()[:4]
        if kind == "products":
            assert top in ("daily", "weekly", "monthly")
        elif KINDS[kind].sheet:
            assert top == "sheets" and rel.endswith(".xlsx") and head == b"PK\x03\x04", rel
        else:
            assert kind in folder[top], rel
            if rel.endswith(".xls"):
                assert head == b"\xd0\xcf\x11\xe0", rel


def test_native_exports_have_the_preamble_and_sheets_the_header_on_row_one(demo):
    root = demo[0] / "exports"
    rows = _rows(root / "keywords" / f"getKeywords-{AS_OF.isoformat()}.xls")
    assert rows[0][0] == "引流关键词 时间周期2026-11-15~2026-11-21"
    assert rows[5][:4] == ["词", "曝光量", "点击量", "点击率"]
    rows = _rows(root / "p4p" / f"P4P-products-{AS_OF.isoformat()}.xls")
    assert rows[0][:3] == ["产品ID", "商品信息", "计划ID"]  # header on the first row
    rows = _rows(root / "sheets" / f"inquiries-{AS_OF.isoformat()}.xlsx")
    assert rows[0][:3] == ["询盘时间", "询盘ID", "买家"]
    assert isinstance(rows[1][0], dt.datetime)


def test_periods_are_found_as_the_reader_expects(parsed):
    weekly = {"traffic_keywords", "p4p_campaigns", "p4p_keywords", "p4p_search_terms"}
    for rel, (kind, _rows, _w, start, end, gran) in parsed.items():
        named = dt.date.fromisoformat(re.search(r"\d{4}-\d{2}-\d{2}", rel).group(0))  # type: ignore[union-attr]
        if kind in weekly:  # from the preamble: the Sunday–Saturday week, named by its Saturday
            assert (gran, end, end - start) == ("week", named, dt.timedelta(days=6)), rel
        elif kind == "keyword_index":  # a 30-day window ending on the download day
            assert (end, (end - start).days) == (named, 29), rel
        elif kind in (
            "zero_effect",
            "showcase",
            "competitor_keywords",
            "new_products",
            "p4p_products",
        ):
            assert start == end == named, rel  # no dates in the rows: the file name's day
        elif kind != "products":  # dated row by row: the span of the rows, ending on the name's day
            assert end <= named and (end - start).days <= 30, rel
    account = rows_of(parsed, "p4p_account")
    days = sorted(account["date"])
    assert days == sorted(set(days)) and days[-1] == AS_OF


def test_the_quirks_are_there_and_read(demo, parsed):
    root = demo[0] / "exports"
    csvs = [rel for rel in parsed if rel.endswith(".csv")]
    kw_csv = next(rel for rel in csvs if "getKeywords" in rel)
    raw = (root / kw_csv).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gb18030")
    assert re.search(r'"\d{1,3}(,\d{3})+"', text) and ",-," in text and "总计" in text
    assert parsed[kw_csv][0] == "traffic_keywords" and len(parsed[kw_csv][1]) > 50
    # "1,234" read as 1234 and the 总计 row left out: the rows add up to the file's own total
    total = next(r for r in csv.reader(io.StringIO(text)) if r and r[0] == "总计")
    kw = parsed[kw_csv][1]
    assert [kw["impressions"].sum(), kw["clicks"].sum()] == [
        int(v.replace(",", "")) for v in total[1:3]
    ]
    ids_csv = next(rel for rel in csvs if "P4P-products" in rel)
    text = (root / ids_csv).read_text(encoding="utf-8-sig")
    assert re.search(r"\n1\.6\d{11}e\+12,", text) and re.search(r"\n16\d{11}\.0,", text)
    ids = parsed[ids_csv][1]["product_id"]
    assert ids.str.fullmatch(r"\d{13}").all()
    # the float ids read back to the very ids the .xls reports carry (no digit lost or changed)
    xls = rows_of(parsed, "p4p_products", ".xls")
    assert set(ids) <= set(xls["product_id"])
    assert set(parsed[ids_csv][1]["campaign_id"]) <= set(xls["campaign_id"])
    dups = [rel for rel in parsed if "(1)" in rel]
    assert len(dups) >= 2
    for rel in dups:
        original = root / rel.replace(" (1)", "")
        assert (root / rel).read_bytes() == original.read_bytes()
        assert (root / rel).stat().st_mtime_ns > original.stat().st_mtime_ns  # read after it
    account = _rows(root / "p4p" / f"P4P-account-{AS_OF.isoformat()}.xls")
    assert account[-1][0] == "合计"
    assert len(parsed[f"p4p/P4P-account-{AS_OF.isoformat()}.xls"][1]) == 7  # 合计 is not data
    words = rows_of(parsed, "traffic_keywords")["keyword"]
    assert words.str.contains(r"[\u0400-\u04ff]").any()  # Russian
    assert words.str.contains(r"[\u0600-\u06ff]").any()  # Arabic
    assert words.str.contains(r"\b(?:luz|de jardín|farola)\b").any()  # Spanish


def test_files_carry_their_download_day_so_ingest_reads_them_in_order(demo):
    from generator.ingest import inbox_files

    root = demo[0] / "exports"
    order = [p.relative_to(root).as_posix() for p in inbox_files(root)]
    assert order.index(f"daily/Products-{AS_OF.isoformat()}.xls") > order.index(
        "daily/Products-2026-11-01.xls"
    )
    for rel in order:
        if "(1)" in rel:
            assert order.index(rel) > order.index(rel.replace(" (1)", ""))
    newest = max(os.stat(root / rel).st_mtime for rel in order)
    assert dt.datetime.fromtimestamp(newest, dt.UTC).date() <= AS_OF + dt.timedelta(days=2)


# --------------------------------------------------------------------------------------------
# The kinds agree with each other
# --------------------------------------------------------------------------------------------


def test_p4p_account_is_the_products_promotion_traffic(demo, parsed):
    root = demo[0]
    account = rows_of(parsed, "p4p_account").set_index("date")
    for day in (AS_OF, AS_OF - dt.timedelta(days=9), dt.date(2026, 10, 1)):
        prods = _products_day(root, day).values()
        imp = sum(
            int(r[COL["std_p4p_impressions"]] + r[COL["sitewide_p4p_impressions"]]) for r in prods
        )
        clk = sum(int(r[COL["std_p4p_clicks"]] + r[COL["sitewide_p4p_clicks"]]) for r in prods)
        assert (account.loc[day, "impressions"], account.loc[day, "clicks"]) == (imp, clk)
        assert account.loc[day, "promo_hours"] <= 24


def test_keyword_p4p_numbers_are_the_p4p_keyword_report(parsed):
    week = AS_OF.isoformat()
    tk = parsed[f"keywords/getKeywords-{week}.xls"][1].set_index("keyword")
    pk = parsed[f"p4p/P4P-keywords-{week}.xls"][1].set_index("keyword")
    assert len(pk) > 0  # the loop below checks something
    for word, row in pk.iterrows():
        assert tk.loc[word, "p4p_impressions"] == row["impressions"]
        assert tk.loc[word, "impressions"] >= row["impressions"]
    campaigns = parsed[f"p4p/P4P-campaigns-{week}.xls"][1]
    assert pk["spend"].sum() <= campaigns["spend"].sum() + 1


def test_store_overview_regions_and_sources_add_up_to_the_products(demo, parsed):
    root = demo[0]
    ov = rows_of(parsed, "store_overview")
    mine = ov[ov["subject"] == "我的"].set_index("date")
    assert set(ov["subject"]) == {"我的", "同行平均", "同行优秀"}
    regions = rows_of(parsed, "regions").groupby("date").sum(numeric_only=True)
    sources = rows_of(parsed, "traffic_sources").groupby("date").sum(numeric_only=True)
    for day in (AS_OF, AS_OF - dt.timedelta(days=9), AS_OF - dt.timedelta(days=30)):
        prods = _products_day(root, day).values()
        si = sum(int(r[COL["search_impressions"]]) for r in prods)
        inq = sum(int(r[COL["inquiries"]]) for r in prods)
        assert mine.loc[day, "search_impressions"] == si == regions.loc[day, "search_impressions"]
        assert mine.loc[day, "inquiries"] == inq
        assert regions.loc[day, "visitors"] == mine.loc[day, "store_visitors"]
        assert sources.loc[day, "store_visitors"] == mine.loc[day, "store_visitors"]


def test_traffic_mix_is_about_45_45_10(parsed):
    src = rows_of(parsed, "traffic_sources")
    total = src["store_visitors"].sum()
    paid = src[src["channel"].isin(["外贸直通车", "顶级展位"])]["store_visitors"].sum() / total
    natural = src[src["channel"] == "搜索"]["store_visitors"].sum() / total
    assert 0.38 < paid < 0.52 and 0.06 < natural < 0.14 and 0.38 < 1 - paid - natural < 0.52


def test_inquiries_follow_the_products_daily_counts(demo, parsed):
    root = demo[0]
    inq = rows_of(parsed, "inquiries")
    assert inq["inquiry_id"].is_unique
    assert set(inq["buyer_level"]) <= {"L0", "L1", "L2", "L3", "L4"}
    assert set(inq["owner"]) <= set(OWNERS)
    by_day = inq.groupby("stat_date").size()
    sheet_total = products_total = 0
    for day in _days()[-63:]:
        sheet_total += int(by_day.get(day, 0))
        products_total += sum(int(r[COL["inquiries"]]) for r in _products_day(root, day).values())
    assert products_total <= sheet_total <= 1.3 * products_total + 5
    # China time: the stamp is 15 or 16 hours ahead of the US-Pacific statistics day
    assert ((inq["inquiry_time"].dt.date - inq["stat_date"]).map(lambda d: d.days) >= 0).all()
    replied = inq.dropna(subset=["first_reply_time"])
    assert (replied["first_reply_time"] >= replied["inquiry_time"]).all()
    assert inq["first_reply_time"].isna().any()


def test_visitors_keep_31_days_with_the_paths_of_inquiring_visitors(demo, parsed):
    root = demo[0]
    vis = rows_of(parsed, "visitors")
    assert vis["visit_date"].min() == AS_OF - dt.timedelta(days=30)
    assert vis["visit_date"].max() == AS_OF
    asked = vis[vis["inquired"]]
    assert len(asked) > 10
    ids = set().union(*(_products_day(root, d) for d in _days()))
    for path in vis["visit_path"]:
        assert set(path.split(">")) <= ids


# --------------------------------------------------------------------------------------------
# The planted situations, found in the files
# --------------------------------------------------------------------------------------------


def test_inquiry_drop_cause_sits_in_the_us_and_the_search_channels(demo, parsed):
    _, summary, _ = demo
    day = dt.date.fromisoformat(summary.details["inquiry_drop"]["day"])
    reg = rows_of(parsed, "regions")
    us = reg[reg["country"] == "美国"].set_index("date")["search_impressions"]
    rest = reg[reg["country"] != "美国"].groupby("date")["search_impressions"].sum()
    week = [day - dt.timedelta(days=i) for i in range(1, 8)]
    # the category's × 0.15 is a smaller share of the store than the old tuned cut: the US takes
    # the store's loss, the rest stays
    assert us[day] < 0.6 * statistics.median(us[d] for d in week)
    assert rest[day] > 0.8 * statistics.median(rest[d] for d in week)


def test_p4p_words_spend_without_inquiries(demo, parsed):
    words = demo[1].details["p4p_waste"]["words"]
    assert words
    kw = rows_of(parsed, "p4p_keywords")
    last4 = pd.concat(
        [
            rows_of(parsed, "p4p_keywords", (AS_OF - dt.timedelta(days=7 * i)).isoformat())
            for i in range(4)
        ]
    )
    for word in words:
        assert kw[kw["keyword"] == word]["inquiries"].sum() == 0  # never, in any week
        recent = last4[last4["keyword"] == word]
        assert recent["spend"].sum() > 10 and recent["clicks"].sum() > 0
    terms = rows_of(parsed, "p4p_search_terms")
    assert terms[terms["matched_keyword"].isin(words)]["search_term"].nunique() > len(words)


def test_products_at_75_to_79_growth_points(demo, parsed):
    ids = demo[1].details["score_band"]["products"]
    _, scores = latest(parsed, "product_scores")
    got = scores.set_index("product_id").loc[ids, "growth_score"]
    assert got.between(75, 79).all() and len(ids) >= 3
    fell = demo[1].details["score_fell"]["product"]
    both = rows_of(parsed, "product_scores")
    mine = both[both["product_id"] == fell].sort_values("date")
    assert mine["growth_score"].iloc[-2] - mine["growth_score"].iloc[-1] >= 5
    assert mine["info_quality"].iloc[-1] < mine["info_quality"].iloc[-2]


def test_p4p_growth_is_short_of_l4(parsed):
    _, g = latest(parsed, "p4p_growth")
    total = g[g["dimension"] == "总分"].sort_values("date").iloc[-1]
    assert total["level"] == "L3" and total["growth_score"] < 81
    details = g[(g["date"] == total["date"]) & (g["dimension"] != "总分")]
    assert len(details) == 6 and details["points"].sum() == total["growth_score"]


def _library(parsed) -> set[str]:
    """Every keyword the inputs hold (the keyword library's sources)."""
    words: set[str] = set()
    for kind, col in (
        ("traffic_keywords", "keyword"),
        ("keyword_index", "keyword"),
        ("p4p_keywords", "keyword"),
        ("p4p_search_terms", "search_term"),
        ("p4p_search_terms", "matched_keyword"),
        ("competitor_keywords", "keyword"),
        ("rfq", "keyword"),
        ("keyword_ranks", "keyword"),
        ("visitors", "store_search_terms"),
    ):
        words |= set(rows_of(parsed, kind)[col].dropna())
    for kind, col, sep in (
        ("visitors", "preferred_keywords", ","),
        ("new_products", "target_keywords", ","),
    ):
        for cell in rows_of(parsed, kind)[col].dropna():
            words |= {w.strip() for w in cell.split(sep) if w.strip()}
    return words


def test_zero_effect_products_with_and_without_words_of_their_own(demo, parsed):
    root, summary, _ = demo
    _, ze = latest(parsed, "zero_effect")
    assert (ze["zero_days"] >= 90).all()
    now = _products_day(root, AS_OF)
    titles = {pid: r[COL["title"]] for pid, r in now.items()}
    ze_ids = set(ze["product_id"])
    library = _library(parsed)
    unique = summary.details["zero_unique"]
    assert unique["products"] and summary.details["zero_covered"]["products"]  # both planted
    for pid, word in zip(unique["products"], unique["words"], strict=True):
        assert pid in ze_ids and word in library
        assert word in titles[pid].lower()
        others = [t for p, t in titles.items() if p != pid]
        assert not any(_tokens(word) <= _tokens(t) for t in others), word
    live = {p: t for p, t in titles.items() if p not in ze_ids}
    english = {w for w in library if w.isascii()}
    for pid in summary.details["zero_covered"]["products"]:
        assert pid in ze_ids
        title = titles[pid]
        for word in english:
            if _tokens(word) <= _tokens(title):
                assert any(_tokens(word) <= _tokens(t) for t in live.values()), (pid, word)
            if word in title.lower():
                assert any(word in t.lower() for t in live.values()), (pid, word)


def test_uncovered_peer_keywords_have_high_top10_and_no_title(demo, parsed):
    root, summary, _ = demo
    words = summary.details["uncovered"]["words"]
    assert len(words) >= 4
    _, tk = latest(parsed, "traffic_keywords")
    tk = tk.set_index("keyword")
    titles = set().union(
        *({r[COL["title"]] for r in _products_day(root, d).values()} for d in _days())
    )
    for word in words:
        assert tk.loc[word, "top10_impressions"] >= 5000
        assert tk.loc[word, "top10_impressions"] > 50 * tk.loc[word, "impressions"]
        assert not any(_tokens(word) <= _tokens(t) for t in titles), word
    peers = rows_of(parsed, "competitor_keywords")
    assert set(words) <= set(peers["keyword"])


def test_the_rising_product_and_its_words(demo, parsed):
    root, summary, _ = demo
    pid = summary.details["rising"]["product"]
    words = [w for w in summary.details["rising"]["words"] if w.isascii()]
    plant = next(a for a in summary.answers["answers"] if a["key"] == "rising_product")
    assert plant["entity"]["id"] == pid

    def si(days: list[dt.date]) -> int:
        total = 0
        for d in days:
            row = _products_day(root, d).get(pid)
            total += int(row[COL["search_impressions"]]) if row else 0
        return total

    since = dt.date.fromisoformat(plant["since"])  # expected traffic × 2.5 from that day on
    after = [since + dt.timedelta(days=i) for i in range(14)]
    before = [since - dt.timedelta(days=i) for i in range(1, 15)]
    assert si(after) > 1.8 * si(before)
    index = parsed[f"keywords/HotKeyword-{AS_OF.isoformat()}-{words[0]}.xls"][1].set_index(
        "keyword"
    )
    assert index.loc[words[0], "search_growth"] >= 0.2
    weeks = sorted(
        rel
        for rel, (k, *_) in parsed.items()
        if k == "traffic_keywords" and rel.endswith(".xls") and "(1)" not in rel
    )
    now, before = (
        parsed[weeks[-1]][1].set_index("keyword"),
        parsed[weeks[-9]][1].set_index("keyword"),
    )
    assert now.loc[words[0], "search_index"] > 1.15 * before.loc[words[0], "search_index"]


def test_duplicate_and_template_inquiries(demo, parsed):
    summary = demo[1]
    inq = rows_of(parsed, "inquiries").set_index("inquiry_id")
    assert summary.details["duplicates"]["ids"] and summary.details["unreplied"]["ids"]
    for a, b in summary.details["duplicates"]["ids"]:
        ra, rb = inq.loc[a], inq.loc[b]
        assert ra["buyer"] == rb["buyer"] and ra["product_id"] == rb["product_id"]
        assert dt.timedelta(0) < rb["inquiry_time"] - ra["inquiry_time"] <= dt.timedelta(days=7)
    ids = summary.details["templates"]["ids"]
    tpl = inq.loc[ids]
    assert tpl["buyer"].nunique() == len(ids) >= 4 and (tpl["buyer_level"] == "L0").all()
    texts = list(tpl["message"])
    assert all(difflib.SequenceMatcher(None, texts[0], t).ratio() > 0.9 for t in texts)
    # ordinary messages are not near-identical to the template
    others = inq.drop(index=ids)["message"].head(200)
    assert not any(difflib.SequenceMatcher(None, texts[0], t).ratio() > 0.9 for t in others)
    waiting = inq.loc[summary.details["unreplied"]["ids"]]
    end = dt.datetime.combine(AS_OF + dt.timedelta(days=1), dt.time()) + dt.timedelta(hours=15)
    assert waiting["first_reply_time"].isna().all()
    assert (waiting["inquiry_time"] < end - dt.timedelta(hours=24)).all()


def test_a_spanish_market_rises(parsed):
    reg = rows_of(parsed, "regions")
    mx = reg[reg["country"] == "墨西哥"].set_index("date")["search_impressions"]
    last = sum(mx.get(AS_OF - dt.timedelta(days=i), 0) for i in range(28))
    before = sum(mx.get(AS_OF - dt.timedelta(days=i), 0) for i in range(28, 56))
    assert last > 1.3 * before


# --------------------------------------------------------------------------------------------
# A medium store: the inquiry drop itself, and its channels
# --------------------------------------------------------------------------------------------


def test_medium_store_inquiry_drop_is_concentrated_in_the_us_and_search(tmp_path):
    summary = write_demo_exports(tmp_path, AS_OF, n_products=60, n_days=70)
    assert summary.details["inquiry_drop"]["inquiry_drop"] is True
    day = dt.date.fromisoformat(summary.details["inquiry_drop"]["day"])
    week = [day - dt.timedelta(days=i) for i in range(1, 8)]
    sheets = tmp_path / "exports" / "sheets"

    def read(pattern: str) -> pd.DataFrame:
        return pd.concat(
            [parse_export(p.name, p.read_bytes()).rows for p in sorted(sheets.glob(pattern))]
        )

    per_day = read("inquiries-*.xlsx").groupby("stat_date").size()
    # (a day without any inquiry has no row)
    assert per_day.get(day, 0) < 0.8 * statistics.median(per_day.get(d, 0) for d in week)
    src = read("traffic_sources-*.xlsx")
    search = (
        src[src["channel"].isin(["搜索", "外贸直通车"])].groupby("date")["store_visitors"].sum()
    )
    rest = src[~src["channel"].isin(["搜索", "外贸直通车"])].groupby("date")["store_visitors"].sum()
    assert search[day] < 0.6 * statistics.median(search[d] for d in week)
    assert rest[day] > 0.8 * statistics.median(rest[d] for d in week)
