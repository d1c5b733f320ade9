"""Bad rows, not bad files (issue 12 item 3) and plausible dates (issue 13 item 9): a file with
a few bad rows keeps its good ones and lists the bad ones with the row number Excel shows; an
id Excel shortened is restored by its title; files, rows and --as-of dates outside the
plausible window are refused, with the window in the message."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from generator.cli import main, resolve_as_of
from generator.config import Settings, Workspace
from generator.foundation.errors import IngestError
from generator.ingest import ingest_inbox, parse_export
from generator.ingest.normalize import parse_value, plausible_window
from generator.kinds import PRODUCTS
from generator.pipeline import run_pipeline
from generator.store import open_store
from tests.fixtures import kinds_fixtures as kf
from tests.fixtures import make_fixtures as fx

SMALL_CSV = (
    ",".join(c.zh for c in PRODUCTS.columns if c.required) + "\n1601562216792,Tent,100,1,1,0\n"
).encode()
TODAY = dt.date(2026, 11, 23)  # the clock of these tests: the window is 2021-11-23 ~ 2026-11-30
WINDOW = "2021-11-23 ~ 2026-11-30"
AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def rows_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.write_row_fixtures(tmp_path_factory.mktemp("rows"))


def inbox(tmp_path: Path, files: dict[str, Path], quirks: list[str]) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    for q in quirks:
        shutil.copy2(files[q], ws.exports / files[q].name)
    return ws


@pytest.fixture(scope="module")
def built(rows_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """80 products on 11-18, the re-saved CSV of 11-19 with one shortened id, the 50-row day of
    11-20 with three bad rows, and the exports dated 1900 and 2099: ingested and rendered."""
    ws = inbox(tmp_path_factory.mktemp("built"), rows_files, [q for q, _n in fx.ROW_QUIRKS])
    run_pipeline(ws, Settings(), AS_OF, build=False, today=TODAY)
    return ws


def file_rows(ws: Workspace, name: str) -> tuple[int, list[tuple]]:
    with open_store(ws.db_path, read_only=True) as store:
        log = store.ingest_log()
        rp = store.row_problems()
    held = log[log["file_name"] == name]
    assert len(held) == 1, f"{name} was not ingested"
    mine = rp[rp["file_name"] == name]
    return int(held["rows"].item()), [
        (r.excel_row, r.header, r.value, r.code, r.detail, r.action) for r in mine.itertuples()
    ]


# -- the shortened id ------------------------------------------------------------------------


def test_the_shortened_id_csv_keeps_79_rows_and_restores_the_80th(built: Workspace) -> None:
    name = fx.NAMES_ROWS["excel_shortened_id"]
    rows, problems = file_rows(built, name)
    assert rows == 80
    # header on row 1, the 80 products on rows 2..81: the 80th is Excel row 81
    assert problems == [(81, "产品ID", fx.SHORTENED_AS, "restored", fx.SHORTENED_ID, "restored")]
    with open_store(built.db_path, read_only=True) as store:
        day = store.current("products", "day", dt.date(2026, 11, 19), dt.date(2026, 11, 19))
    assert len(day) == 80 and day["product_id"].notna().all()
    restored = day[day["product_id"] == fx.SHORTENED_ID]
    assert restored["title"].tolist() == [fx.many_products(80)[79]["title"]]
    page = (built.content / "import-status.md").read_text(encoding="utf-8")
    assert "按标题恢复为 1600000012345" in page
    assert re.search(
        r">81<.*>产品ID<.*>1\.600000e\+12<.*>1\.600000e\+12 按标题恢复为 1600000012345<", page
    )


def test_a_shortened_id_whose_title_is_unknown_is_a_bad_row(rows_files) -> None:
    data = rows_files["excel_shortened_id"].read_bytes()
    parsed = parse_export(rows_files["excel_shortened_id"].name, data)  # nothing known
    assert len(parsed.rows) == 79 and fx.SHORTENED_ID not in set(parsed.rows["product_id"])
    [p] = parsed.row_problems
    assert (p.row, p.value, p.code, p.action) == (81, fx.SHORTENED_AS, "lost_digits", "rejected")
    assert "1 row(s) left out (Excel row 81)" in " ".join(parsed.warnings)
    # two known products with that title that both fit the shortened id: ambiguous, left out
    title = fx.many_products(80)[79]["title"]
    known = {title: {fx.SHORTENED_ID, "1600000049999"}}
    parsed = parse_export(rows_files["excel_shortened_id"].name, data, known=known)
    assert [(p.row, p.code, p.detail) for p in parsed.row_problems] == [
        (81, "lost_digits_ambiguous", "2")
    ]
    # one known product with that title whose id does not read as 1.600000e+12: not restored
    parsed = parse_export(
        rows_files["excel_shortened_id"].name, data, known={title: {"1601999999999"}}
    )
    assert [p.code for p in parsed.row_problems] == ["lost_digits"]


def test_an_id_that_lost_its_last_digits_is_restored_by_its_title() -> None:
    header = ",".join(c.zh for c in PRODUCTS.columns if c.required)
    body = "1600000000000,Solar Lantern,100,1,1,0\n1601562216792,Tent,50,1,1,0\n"
    known = {"Solar Lantern": {"1600000012345"}, "Tent": {"1601562216792"}}
    parsed = parse_export("Products-2026-11-19.csv", f"{header}\n{body}".encode(), known=known)
    assert sorted(parsed.rows["product_id"]) == ["1600000012345", "1601562216792"]
    assert [(p.row, p.value, p.detail) for p in parsed.row_problems] == [
        (2, "1600000000000", "1600000012345")
    ]
    # a new product whose id merely ends in zeros, with a title no product has: kept as it is
    parsed = parse_export(
        "Products-2026-11-19.csv",
        f"{header}\n1600000000000,Brand New Hammock,1,0,0,0\n".encode(),
        known=known,
    )
    assert parsed.rows["product_id"].tolist() == ["1600000000000"] and not parsed.row_problems


# -- a few bad rows of many ------------------------------------------------------------------


def test_three_bad_rows_of_50_keep_47_and_are_listed_with_their_row_numbers(
    built: Workspace,
) -> None:
    name = fx.NAMES_ROWS["three_bad_rows_of_50"]
    rows, problems = file_rows(built, name)
    assert rows == 47
    assert [(r, h, v, code) for r, h, v, code, _d, _a in problems] == [
        (11, "搜索曝光次数", "12万", "not_number"),
        (26, "询盘个数", "-2", "negative"),
        (40, "产品ID", "1.61E+12", "lost_digits"),
    ]
    assert [r for r, _n, _v in fx.THREE_BAD_ROWS] == [11, 26, 40]
    page = (built.content / "import-status.md").read_text(encoding="utf-8")
    section = page.split("被拒绝的行与恢复的 ID")[1]
    for row, header, value in ((11, "搜索曝光次数", "12万"), (26, "询盘个数", "-2")):
        cells = f'<td class="txt col-file_name">{html.escape(name)}</td><td class="txt col-excel_row">{row}</td><td class="txt col-header">{header}</td><td class="txt col-value">{value}</td>'
        assert cells in section, row
    assert "1.61E+12 丢了位数" in section and "次数和金额不能小于零" in section
    # the day's page says its data is partial, with a link to the list
    day = (built.content / "daily" / "2026-11-20.md").read_text(encoding="utf-8")
    top = day.split("\n## ")[0]
    assert "部分数据：3 行被拒绝，见[导入状态](../import-status.md#rows-left-out)" in top
    assert "{#rows-left-out}" in page
    other = (built.content / "daily" / "2026-11-18.md").read_text(encoding="utf-8")
    assert "部分数据" not in other


def test_status_and_ingest_list_row_problems_capped(built: Workspace, tmp_path: Path) -> None:
    got = CliRunner().invoke(
        main, ["status", "--workspace", str(built.root), "--as-of", "2026-11-21"]
    )
    assert got.exit_code == 0, got.output
    # in the workspace's language, Chinese (issue 16)
    assert "第 26 行 询盘个数：-2 是负数 → 次数和金额不能小于零" in got.output
    assert "第 81 行 产品ID：1.600000e+12 按标题恢复为 1600000012345" in got.output
    assert "，1 个文件被拒绝" not in got.output  # the last run rejected 2: 1900 and 2099
    assert re.search(r"2 个文件被拒绝，3 行未计入", got.output), got.output
    # 30 bad rows of 100: the first 20 lines, then how many more
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    header = ",".join(c.zh for c in PRODUCTS.columns if c.required)
    body = "".join(
        f"{1601562216000 + i},Tent {i},{-1 if i % 10 < 3 else 100},1,1,0\n" for i in range(100)
    )
    day = dt.date.today() - dt.timedelta(days=2)  # `opsreport ingest` judges dates by the clock
    (ws.exports / f"Products-{day}.csv").write_text(f"{header}\n{body}", encoding="utf-8")
    got = CliRunner().invoke(main, ["ingest", "--workspace", str(ws.root)])
    assert got.exit_code == 0, got.output
    lines = [ln for ln in got.output.splitlines() if ln.strip().startswith("行 ")]
    assert len(lines) == 20 and "第 2 行 搜索曝光次数：-1 是负数" in lines[0]
    assert "… 另有 10 个行问题" in got.output
    said = "".join(got.output.split())
    assert "有30行未读取" in said and "新读入1个" in said
    again = CliRunner().invoke(main, ["validate", "--workspace", str(ws.root)])
    assert again.exit_code == 0 and "… 另有 10 个行问题" in again.output


def test_more_than_half_bad_rejects_the_file_and_says_why() -> None:
    header = ",".join(c.zh for c in PRODUCTS.columns if c.required)
    body = "1601562216792,Tent,-1,1,1,0\n1601562216793,Chair,abc,1,1,0\n1601562216794,Bag,5,1,1,0\n"
    with pytest.raises(IngestError) as info:
        parse_export("Products-2026-11-19.csv", f"{header}\n{body}".encode())
    assert info.value.problem.startswith("2 of 3 data rows have unreadable")
    assert "more than half" in info.value.problem
    assert "'-1' is negative (Excel row 2)" in info.value.problem
    assert "'abc' is not a number (Excel row 3)" in info.value.problem
    assert "correct those cells" in info.value.fix


@pytest.mark.parametrize("quirk", list(kf.PARTIAL))
def test_other_kinds_keep_their_good_rows(quirk: str) -> None:
    name, kept, bad = kf.PARTIAL[quirk]
    data = kf.partial_bytes()[quirk]
    window = plausible_window(TODAY, None)
    parsed = parse_export(name, data, window=window)
    assert len(parsed.rows) == kept
    got = [(p.row, p.header, p.value) for p in parsed.row_problems]
    assert got == [(row, header, value) for row, header, value, _w in bad]
    for p, (_r, _h, _v, words) in zip(parsed.row_problems, bad, strict=True):
        assert words in p.problem(), p.problem()


def test_negative_spend_row_is_left_out_and_not_summed(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    name = kf.PARTIAL["p4p_account_negative_spend"][0]
    (ws.exports / name).write_bytes(kf.partial_bytes()["p4p_account_negative_spend"])
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store, today=TODAY)
        held = store.rows("p4p_account")
    assert report.results[0].status == "ingested"
    assert [d.date() for d in held["date"]] == [dt.date(2026, 11, d) for d in (18, 20, 21)]
    assert (held["spend"] >= 0).all()
    assert held["spend"].sum() == pytest.approx(45.60 + 38.90 + 60.00)


# -- plausible dates -------------------------------------------------------------------------


@pytest.mark.parametrize("quirk", ["dated_1900", "dated_2099"])
def test_exports_dated_1900_or_2099_are_rejected_with_the_window(built: Workspace, quirk) -> None:
    year = quirk[-4:]
    with open_store(built.db_path, read_only=True) as store:
        events = store.last_run_events()
        log = store.ingest_log()
        days = store.current("products", "day")
    rec = events[events["file_name"] == fx.NAMES_ROWS[quirk]].to_dict("records")
    assert len(rec) == 1 and rec[0]["status"] == "rejected"
    assert f"its period {year}-01-01 ~ {year}-01-01 (preamble) lies outside" in rec[0]["problem"]
    # the store was empty: from 5 years before the as-of date (earlier than today)
    assert "plausible dates 2021-11-21 ~ 2026-11-30" in rec[0]["problem"]
    assert "plausible_past_years" in rec[0]["fix"]
    assert fx.NAMES_ROWS[quirk] not in set(log["file_name"])
    assert all(dt.date(2021, 1, 1) < d.date() < dt.date(2027, 1, 1) for d in days["period_end"])
    assert not (built.content / "daily" / f"{year}-01-01.md").exists()


def test_the_window_reaches_back_from_the_store_data_and_forward_from_today() -> None:
    w = plausible_window(TODAY, None)
    assert str(w) == WINDOW
    assert str(plausible_window(TODAY, dt.date(2020, 2, 29))) == "2015-02-28 ~ 2026-11-30"
    assert str(plausible_window(TODAY, dt.date(2030, 1, 1), 2, 0)) == "2024-11-23 ~ 2026-11-23"
    assert dt.date(2026, 11, 30) in w and dt.date(2026, 12, 1) not in w


def test_a_row_dated_outside_the_window_is_left_out_without_a_window_too_far_dates_stay() -> None:
    data = kf.partial_bytes()["p4p_account_row_dated_1900"]
    name = kf.PARTIAL["p4p_account_row_dated_1900"][0]
    assert len(parse_export(name, data).rows) == 4  # no window given: only readable matters
    parsed = parse_export(name, data, window=plausible_window(TODAY, None))
    assert parsed.period_start == dt.date(2026, 11, 19)  # the 1900 row does not widen it
    [p] = parsed.row_problems
    assert p.problem() == f"'1900-01-01' lies outside the plausible dates {WINDOW}"
    assert p.problem("zh") == f"1900-01-01 不在合理日期范围 {WINDOW} 内"


def test_as_of_outside_the_window_is_refused_with_the_window(tmp_path: Path) -> None:
    settings = Settings()
    assert resolve_as_of("2026-11-21", settings, today=TODAY) == AS_OF
    for bad in ("9999-12-31", "2026-12-01", "1900-01-01"):
        with pytest.raises(Exception, match=r"不在 合理日期范围") as info:  # zh: the default
            resolve_as_of(bad, settings, today=TODAY)
        assert WINDOW in str(info.value)
    ws = tmp_path / "ws"
    ws.mkdir()
    for args in (
        ["status", "--as-of", "9999-12-31"],
        ["archive", "2026-10", "--as-of", "9999-12-31"],
        ["demo", "--as-of", "9999-12-31", "--no-build"],
    ):
        got = CliRunner().invoke(main, [*args, "--workspace", str(ws)])
        assert got.exit_code == 2, (args, got.output)
        assert "--as-of" in got.output and "不在 合理日期范围" in got.output
    assert list(ws.iterdir()) == []  # the demo wrote nothing


def test_build_as_of_9999_is_refused_quickly_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    started = time.monotonic()
    got = subprocess.run(
        [
            *(sys.executable, "-c", "from generator.cli import main; main()", "build"),
            *("--workspace", str(tmp_path / "ws"), "--as-of", "9999-12-31"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert got.returncode == 2, got.stderr
    assert "不在 合理日期范围" in got.stderr
    assert "plausible_future_days" in got.stderr
    assert time.monotonic() - started < 30


def test_row_problems_are_written_with_the_rows_or_not_at_all(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    frame = parse_export("Products-2026-11-19.csv", SMALL_CSV).rows
    log = {
        "sha256": "x",
        "file_name": "Products-2026-11-19.csv",
        "original": "",
        "period_start": dt.date(2026, 11, 19),
        "period_end": dt.date(2026, 11, 19),
        "granularity": "day",
        "period_source": "file name",
        "warnings": "",
        "ingested_at": dt.datetime(2026, 11, 21, 9, 0),
    }
    problem = {
        "row": 3,
        "column": "search_impressions",
        "header": "搜索曝光次数",
        "value": "-1",
        "code": "negative",
        "detail": "",
        "action": "rejected",
    }
    with open_store(ws.db_path) as store:
        # a row problem the table cannot hold: the whole file is rolled back
        with pytest.raises(duckdb.ConversionException):
            store.add_file(log, PRODUCTS, frame, [{**problem, "row": "not a row"}])
        assert store.ingest_log().empty and store.current("products").empty
        assert store.row_problems().empty
        store.add_file(log, PRODUCTS, frame, [problem])
        got = store.row_problems()
    assert got[["excel_row", "header", "value", "code"]].values.tolist() == [
        [3, "搜索曝光次数", "-1", "negative"]
    ]
    assert got["current"].tolist() == [True]


@pytest.mark.parametrize(
    ("value", "type_"),
    [("Infinity", "float"), ("-inf", "float"), ("1e999", "int"), ("inf%", "rate")],
)
def test_infinite_numbers_are_unreadable_not_stored(value: str, type_: str) -> None:
    got, problem = parse_value(value, type_)
    assert got is None and problem and "not a" in problem


def test_a_long_bad_value_is_quoted_cut_short():
    """A 400-digit cell was echoed in full in every row line: it is quoted cut to 40
    characters, so the line stays readable on the page and in the terminal."""
    from generator.ingest.normalize import RowProblem

    value = "9" * 400
    line = RowProblem(8, "search_clicks", "搜索点击次数", value, "negative").line("zh")
    assert "9" * 39 + "…" in line and "9" * 41 not in line
    assert RowProblem(8, "search_clicks", "搜索点击次数", "-5", "negative").line("zh").count("-5")
