"""Reading messy 产品分析 exports: what the user notices when files land in exports/.

Every good quirk file reads to the right rows; every bad one is rejected with one message that
names the file, the problem and the fix, and never stops the other files; the CLI says what it
did; the import-status page lists every rejected file, escaped. No mkdocs build here.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Settings, Workspace
from generator.foundation.errors import IngestError
from generator.ingest import inbox_files, ingest_inbox, parse_export
from generator.ingest.messages import localize
from generator.ingest.normalize import find_period, parse_value
from generator.kinds import PRODUCTS
from generator.pipeline import run_pipeline
from generator.store import open_store
from tests.fixtures import make_fixtures as fx

AS_OF = dt.date(2026, 11, 21)
IDS = [r["product_id"] for r in fx.PRODUCT_ROWS]
TYPES = {c.name: c.type for c in PRODUCTS.columns}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.write_fixtures(tmp_path_factory.mktemp("fixtures"))


@pytest.fixture
def inbox(tmp_path: Path) -> Workspace:
    """A workspace whose exports/ holds every fixture, good and bad."""
    ws = Workspace(tmp_path / "ws")
    fx.write_fixtures(ws.exports)
    return ws


def parse(files: dict[str, Path], quirk: str):
    path = files[quirk]
    return parse_export(path.name, path.read_bytes())


def expected(value: Any, type_: str) -> Any:
    """What a cell written by the fixture should read as (computed independently of the code)."""
    if value in ("-", "--", ""):
        return None
    if type_ == "flag":
        return {"Y": True, "N": False}[value]
    if type_ == "rate":
        return float(value.rstrip("%")) / 100
    return value


def cell(value: Any) -> Any:
    """A frame cell with pandas' missing markers turned into None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


# -- good files ------------------------------------------------------------------------------


@pytest.mark.parametrize("quirk", list(fx.GOOD))
def test_good_file_reads_its_period_granularity_and_rows(files, quirk):
    start, end, gran, source, n = fx.GOOD[quirk]
    parsed = parse(files, quirk)
    assert parsed.kind.name == "products"
    assert (parsed.period_start, parsed.period_end) == (start, end)
    assert parsed.granularity == gran
    assert parsed.period_source == source
    assert len(parsed.rows) == n, "the totals row (合计/总计) must not be counted as a product"
    assert parsed.warnings == []


@pytest.mark.parametrize("quirk", list(fx.GOOD))
def test_good_file_values_match_what_the_backend_showed(files, quirk):
    source = fx.reexport_rows() if quirk == "reexport_same_period" else fx.PRODUCT_ROWS
    frame = parse(files, quirk).rows
    got = {r["product_id"]: r for r in frame.to_dict("records")}
    assert list(got) == [r["product_id"] for r in source]
    for want in source:
        row = got[want["product_id"]]
        for name, raw in want.items():
            value = expected(raw, TYPES[name])
            if (
                quirk == "gb18030_resave"
                and want["product_id"] == IDS[1]
                and name in ("visitors", "search_ctr", "favourites")
            ):
                value = None  # written as -, -- and blank by the re-save: missing, never zero
            actual = cell(row[name])
            if isinstance(value, float):
                assert actual == pytest.approx(value), (quirk, name)
            else:
                assert actual == value, (quirk, name, raw)


@pytest.mark.parametrize("quirk", ["native", "english_headers", "gb18030_resave", "utf8_bom"])
def test_product_ids_are_digit_strings(files, quirk):
    ids = parse(files, quirk).rows["product_id"].tolist()
    assert ids == IDS
    assert all(isinstance(i, str) and i.isdigit() and len(i) == 13 for i in ids)


def test_resaved_csv_ids_in_scientific_and_float_notation_are_restored(files):
    text = files["gb18030_resave"].read_bytes().decode("gb18030")
    assert "1.601562216792e+12" in text and "1601562216793.0" in text  # the quirk is really there
    assert parse(files, "gb18030_resave").rows["product_id"].tolist() == IDS


def test_resaved_csv_is_gb18030_with_thousands_separators(files):
    data = files["gb18030_resave"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert '"12,345"' in data.decode("gb18030")
    rows = parse(files, "gb18030_resave").rows.set_index("product_id")
    assert rows.loc[IDS[1], "search_impressions"] == 12345
    assert rows.loc[IDS[1], "all_impressions"] == 15000


def test_rates_flags_and_missing_cells(files):
    rows = parse(files, "native").rows.set_index("product_id")
    assert rows.loc[IDS[0], "search_ctr"] == pytest.approx(0.0115)
    assert rows.loc[IDS[0], "inquiry_rate"] == pytest.approx(0.12)
    assert cell(rows.loc[IDS[0], "showcase"]) is True
    assert cell(rows.loc[IDS[1], "showcase"]) is False
    assert set(rows["in_p4p"]) == {True, False}
    assert cell(rows.loc[IDS[2], "inquiry_rate"]) is None  # '-' in the export: missing, not 0
    assert cell(rows.loc[IDS[2], "owner"]) is None
    resaved = parse(files, "gb18030_resave").rows.set_index("product_id")
    for col in ("visitors", "search_ctr", "favourites"):  # '-', '--', ''
        assert cell(resaved.loc[IDS[1], col]) is None, col
        assert resaved[col].isna().sum() == 1, col
    assert resaved.loc[IDS[2], "visitors"] == 0  # a real zero stays zero


def test_utf8_bom_header_is_found_and_week_read_from_preamble(files):
    assert files["utf8_bom"].read_bytes().startswith(b"\xef\xbb\xbf")
    parsed = parse(files, "utf8_bom")
    assert parsed.rows.columns[0] == "product_id"
    assert (parsed.period_start.weekday(), parsed.granularity) == (6, "week")  # Sunday–Saturday


def test_native_file_is_real_biff8_laid_out_like_the_backend(files):
    from python_calamine import CalamineWorkbook

    data = files["native"].read_bytes()
    assert data[:4] == b"\xd0\xcf\x11\xe0"
    grid = (
        CalamineWorkbook.from_path(str(files["native"]))
        .get_sheet_by_index(0)
        .to_python(skip_empty_area=False)
    )
    assert grid[0][0] == "产品分析 时间周期2026-11-20~2026-11-20"
    assert grid[5] == [c.zh for c in PRODUCTS.columns]  # header on Excel row 6
    assert grid[-1][0] == "合计"
    assert files["browser_duplicate"].read_bytes() == data


@pytest.mark.parametrize(
    ("value", "type_", "want"),
    [
        ("1601562216792", "id", "1601562216792"),
        ("'1601562216792", "id", "1601562216792"),
        ("1.601562216792e+12", "id", "1601562216792"),
        ("1601562216792.0", "id", "1601562216792"),
        (1601562216792.0, "id", "1601562216792"),
        (1601562216792, "id", "1601562216792"),
        ("1.15%", "rate", 0.0115),
        ("12.00%", "rate", 0.12),
        (0.0115, "rate", 0.0115),
        ("1,234", "int", 1234),
        ("1，234", "int", 1234),
        (1234.0, "int", 1234),
        ("Y", "flag", True),
        ("N", "flag", False),
        ("-", "int", None),
        ("--", "rate", None),
        ("", "flag", None),
        (None, "int", None),
        ("  ", "text", None),
    ],
)
def test_parse_value(value, type_, want):
    got, problem = parse_value(value, type_)
    assert problem is None
    assert got == (pytest.approx(want) if isinstance(want, float) else want)
    assert type(got) is type(want)


@pytest.mark.parametrize(
    ("value", "type_", "words"),
    [
        ("1.60156E+12", "id", "lost digits"),  # Excel shortened the id: never guess the lost digits
        ("12.5", "id", "not a product id"),
        ("Infinity", "id", "not a product id"),
        ("-5", "int", "negative"),
        ("2.5", "int", "whole number"),
        ("99999999999999999999", "int", "too large"),
        ("abc", "int", "not a number"),
        ("x%", "rate", "percentage"),
        ("maybe", "flag", "Y/N"),
    ],
)
def test_parse_value_problems(value, type_, words):
    got, problem = parse_value(value, type_)
    assert got is None
    assert problem and words in problem


def test_period_date_comes_from_the_file_name_not_its_folder():
    grid = [[c.zh for c in PRODUCTS.columns]]
    assert (
        find_period(grid, 0, "2026-11-01/Products-2026-11-19.csv")[:2]
        == (dt.date(2026, 11, 19),) * 2
    )
    assert find_period(grid, 0, "Products-2026-11-21 (1).xls")[:2] == (dt.date(2026, 11, 21),) * 2
    assert find_period(grid, 0, "Products.xls") is None
    assert find_period(grid, 0, "Products-2026-02-30.xls") is None


def test_preamble_period_wins_over_the_file_name():
    grid = [["产品分析 时间周期2026-11-15 至 2026-11-21"], [], [c.zh for c in PRODUCTS.columns]]
    assert find_period(grid, 2, "Products-2026-11-30.xls") == (
        dt.date(2026, 11, 15),
        dt.date(2026, 11, 21),
        "preamble",
    )


# -- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize("quirk", list(fx.BAD))
def test_bad_file_is_rejected_with_one_message_naming_file_problem_and_fix(files, quirk):
    path = files[quirk]
    with pytest.raises(IngestError) as info:
        parse_export(path.name, path.read_bytes())
    exc = info.value
    message = str(exc)
    assert message.startswith(f"{path.name}: ")
    assert exc.problem and exc.fix and exc.problem in message and exc.fix in message
    assert "Traceback" not in message and "\n" not in message
    for word in fx.BAD[quirk]:
        assert word.lower() in message.lower(), (quirk, word, message)


def test_login_page_message_says_log_in(files):
    with pytest.raises(IngestError) as info:
        parse(files, "login_page")
    assert "login" in info.value.problem and "web page" in info.value.problem
    assert "log in" in info.value.fix


def test_missing_column_names_the_nearest_header(files):
    with pytest.raises(IngestError) as info:
        parse(files, "missing_required_column")
    assert "'询盘个数'" in info.value.problem
    assert "nearest header found: '询盘人数'" in info.value.problem


def test_truncated_file_is_the_first_half_of_a_real_export(files):
    native = files["native"].read_bytes()
    assert native.startswith(files["truncated"].read_bytes())
    assert files["empty"].stat().st_size == 0


def test_lossy_scientific_id_rejects_the_file_instead_of_merging_products():
    header = ",".join(c.zh for c in PRODUCTS.columns if c.required)
    body = "\n".join(
        f"{i},Tent {n},{100 + n},{n},{n},0" for n, i in enumerate(["1.60156E+12", "1.60156E+12"])
    )
    with pytest.raises(IngestError) as info:
        parse_export("Products-2026-11-19.csv", f"{header}\n{body}\n".encode())
    assert "产品ID" in info.value.problem and "lost digits" in info.value.problem


def test_a_count_too_large_for_the_store_rejects_that_file_only(tmp_path):
    ws = Workspace(tmp_path)
    ws.exports.mkdir()
    header = ",".join(c.zh for c in PRODUCTS.columns if c.required)
    (ws.exports / "Products-2026-11-18.csv").write_text(
        f"{header}\n1601562216792,Tent,99999999999999999999,1,1,0\n"
    )
    (ws.exports / "Products-2026-11-19.csv").write_text(f"{header}\n1601562216792,Tent,100,1,1,0\n")
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
    status = {r.name: r.status for r in report.results}
    assert status == {"Products-2026-11-18.csv": "rejected", "Products-2026-11-19.csv": "ingested"}
    assert "too large" in report.rejected[0].problem


# -- the inbox -------------------------------------------------------------------------------


def test_inbox_reads_oldest_first_and_ignores_lock_and_template_files(inbox):
    (inbox.exports / "~$products_native.xls").write_bytes(b"lock")
    (inbox.exports / "templates").mkdir()
    (inbox.exports / "templates" / "products_template.xlsx").write_bytes(b"PK")
    (inbox.exports / "notes.docx").write_bytes(b"x")
    names = [p.name for p in inbox_files(inbox.exports)]
    assert names == [name for _quirk, name in fx.ORDER]


def test_one_inbox_ingests_good_files_and_rejects_each_bad_one_once(inbox):
    with open_store(inbox.db_path) as store:
        report = ingest_inbox(inbox, store)
    by_name = {r.name: r for r in report.results}
    assert len(report.results) == len(by_name) == len(fx.ORDER)  # one outcome per file
    for quirk, name in fx.ORDER:
        r = by_name[name]
        if quirk == "browser_duplicate":
            assert r.status == "skipped"
            assert fx.NAMES["native"] in r.problem
        elif quirk in fx.GOOD:
            start, end, _gran, _src, n = fx.GOOD[quirk]
            assert (r.status, r.kind, r.period_start, r.period_end, r.rows) == (
                "ingested",
                "products",
                start,
                end,
                n,
            )
        else:
            assert r.status == "rejected", name
            assert r.problem and r.fix
            text = f"{r.problem} {r.fix}".lower()
            assert all(w.lower() in text for w in fx.BAD[quirk]), (name, text)
    assert report.summary() == "5 ingested, 1 already held, 8 rejected"


def test_files_written_in_batches_say_and_store_what_they_did_one_by_one(tmp_path, monkeypatch):
    """The files' rows are written several to a transaction: every file's outcome, the events
    of the import-status page, their order and the stored rows are those of files written
    one at a time (good files, a browser duplicate and rejected files in between)."""
    import generator.ingest as ingest

    source = tmp_path / "source"
    fx.write_fixtures(source)

    def run(batch_files: int) -> tuple[list[dict[str, Any]], dict[str, pd.DataFrame]]:
        monkeypatch.setattr(ingest, "BATCH_FILES", batch_files)
        ws = Workspace(tmp_path / f"batch-{batch_files}")
        shutil.copytree(source, ws.exports)
        with open_store(ws.db_path) as store:
            report = ingest_inbox(ws, store, now=dt.datetime(2026, 11, 21, 9, 0))
            tables = {
                t: store.query(f"SELECT * FROM {t}")
                for t in ("ingest_log", "products", "row_problems", "file_events")
            }
        outcomes = [{k: v for k, v in vars(r).items() if k != "path"} for r in report.results]
        return outcomes, tables

    one_by_one, alone = run(1)
    batched, together = run(100)
    assert batched == one_by_one
    assert [o["status"] for o in batched].count("ingested") == 5
    for table, frame in alone.items():  # the same rows, in the same order, the same file ids
        pd.testing.assert_frame_equal(together[table], frame)


def test_ingesting_twice_ingests_nothing_the_second_time(inbox):
    with open_store(inbox.db_path) as store:
        first = ingest_inbox(inbox, store)
        second = ingest_inbox(inbox, store)
        log = store.ingest_log()
    assert first.count("ingested") == 5
    assert second.count("ingested") == 0
    assert {r.name for r in second.results if r.status == "unchanged"} == {
        fx.NAMES[q] for q in fx.GOOD if q != "browser_duplicate"
    }
    assert len(log) == 5


def test_many_new_files_parse_on_every_core_with_the_same_outcome(tmp_path, monkeypatch):
    """A first ingest of many files parses them in worker processes: each file gets the same
    outcome, in the same order, and the store the same rows as when parsed one by one."""
    import generator.ingest.prepared as prepared

    calls: list[int] = []
    real_fork_imap = prepared.fork_imap

    def spy(func, shared, items, **kw):
        calls.append(len(items))
        return real_fork_imap(func, shared, items, **kw)

    monkeypatch.setattr(prepared, "fork_imap", spy)
    source = tmp_path / "source"
    fx.write_fixtures(source)
    for folder in ("a", "b", "c"):  # 4 × the same fixture bytes: enough files to fork
        # copied, not written again: openpyxl stamps the time into an .xlsx, so a second
        # write that crosses a second would make a "new" file and the count would drift
        shutil.copytree(source, source / folder, ignore=shutil.ignore_patterns("a", "b", "c"))

    def run(parallel: bool) -> tuple[list[dict[str, Any]], pd.DataFrame]:
        ws = Workspace(tmp_path / ("parallel" if parallel else "serial"))
        shutil.copytree(source, ws.exports)  # the same bytes and times in both runs
        monkeypatch.setattr(prepared, "can_fork", lambda: parallel)
        with open_store(ws.db_path) as store:
            report = ingest_inbox(ws, store, now=dt.datetime(2026, 11, 21, 9, 0))
            rows = store.query("SELECT * EXCLUDE (file_id) FROM products ORDER BY ALL")
        # everything but the path (the two workspaces differ): name, sha, status, kind,
        # period, rows, problem, fix, warnings
        outcomes = [{k: v for k, v in vars(r).items() if k != "path"} for r in report.results]
        return outcomes, rows

    serial, serial_rows = run(parallel=False)
    assert calls == []
    parallel, parallel_rows = run(parallel=True)
    assert calls == [4 * len(fx.ORDER)]  # every file new: all parsed ahead, in workers
    assert parallel == serial
    assert sum(o["status"] == "ingested" for o in parallel) == 5
    pd.testing.assert_frame_equal(parallel_rows, serial_rows)


def test_a_parsing_worker_that_dies_midway_leaves_the_rest_to_the_ingest_itself(
    tmp_path, monkeypatch
):
    """Files are written while the workers parse the ones after; a worker that dies (killed,
    out of memory) partway costs nothing: the files it did not parse are parsed one by one,
    and every file is ingested with its rows."""
    import os

    import generator.ingest.prepared as prepared

    ws = Workspace(tmp_path)
    ws.exports.mkdir(parents=True)
    heads = [c.zh for c in PRODUCTS.columns if c.required]
    for day in range(45):  # more than the 40 that make an ingest parse on every core
        date = dt.date(2026, 10, 1) + dt.timedelta(days=day)
        body = ",".join(str(1600000000001 + day) if h == "产品ID" else "7" for h in heads)
        (ws.exports / f"Products-{date}.csv").write_text(
            ",".join(heads) + "\n" + body + "\n", encoding="utf-8"
        )
    real_job = prepared._parse_job

    def dies_on_the_tenth(limits, job, *more):
        if job[0] == "Products-2026-10-10.csv":
            os._exit(1)  # in a worker: the pool breaks
        return real_job(limits, job, *more)

    monkeypatch.setattr(prepared, "_parse_job", dies_on_the_tenth)
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        rows = store.query("SELECT count(*) AS n FROM products")["n"][0]
    assert [r.status for r in report.results] == ["ingested"] * 45
    assert rows == 45


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result, result.stdout.strip().splitlines()


def test_cli_ingest_twice_says_zero_ingested_the_second_time(inbox):
    first, out1 = invoke("ingest", "--workspace", str(inbox.root))
    assert first.exit_code == 0, first.output
    assert out1[-1].startswith("读入完成：新读入 5 个，已有 1 个，拒绝 8 个")  # zh: the default
    for quirk in fx.BAD:  # each rejected file: one line naming it
        said = "".join(first.stderr.split())  # lines wrapped to the terminal's width
        assert said.count(f"拒绝{fx.NAMES[quirk].replace(' ', '')}：") == 1, quirk
    second, out2 = invoke("ingest", "--workspace", str(inbox.root))
    assert second.exit_code == 0
    assert out2[-1].startswith("读入完成：新读入 0 个，已有 6 个，拒绝 8 个")
    assert str(inbox.db_path) in out2[-1]


def test_cli_ingest_strict_exits_1_when_a_file_is_rejected(inbox):
    result, _ = invoke("ingest", "--workspace", str(inbox.root), "--strict")
    assert result.exit_code == 1
    assert "拒绝" in result.output and "--strict：" in result.output


def tree(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }


def test_cli_validate_exit_codes_and_writes_nothing(inbox, files, tmp_path):
    before = tree(inbox.root)
    good, out = invoke("validate", "--workspace", str(inbox.root), str(files["native"]))
    assert good.exit_code == 0, good.output
    assert out[-1].startswith("检查文件：1/1 个文件可以读入")
    bad, _ = invoke("validate", "--workspace", str(inbox.root), str(files["login_page"]))
    assert bad.exit_code == 1
    assert "登录页" in bad.output and fx.NAMES["login_page"] in bad.output
    whole, out = invoke("validate", "--workspace", str(inbox.root))
    assert whole.exit_code == 1
    assert "检查文件：6/14 个文件可以读入；没有写入任何内容。" in out
    assert "8 个文件会被拒绝" in whole.output
    assert tree(inbox.root) == before
    assert not inbox.store_dir.exists() and not inbox.db_path.exists()


# -- the import-status page ------------------------------------------------------------------


def test_import_status_page_lists_every_rejected_file_with_problem_and_fix(inbox):
    settings = Settings(store_name="测试店铺")
    result = run_pipeline(inbox, settings, AS_OF, build=False)
    assert not result.site_built
    page = (inbox.content / "import-status.md").read_text(encoding="utf-8")
    rejected = {r.name: r for r in result.ingest.rejected}
    assert set(rejected) == {fx.NAMES[q] for q in fx.BAD}
    # the fix may be a link to the inputs page: compare the text a reader sees
    shown = re.sub(r'<a href="inputs\.html[^"]*">(.*?)</a>', r"\1", page)
    for name, r in rejected.items():
        # the reason and the fix in Chinese, the site's language (issue 16)
        problem, fix = localize(r.problem, "zh"), localize(r.fix, "zh")
        assert problem != r.problem and fix != r.fix, (name, r.problem, r.fix)
        row = (
            f'<td class="txt col-file_name">{html.escape(name)}</td>'
            f'<td class="txt col-problem">{html.escape(problem)}</td>'
            f'<td class="txt col-fix">{html.escape(fix)}</td>'
        )
        assert row in shown, name
    assert html.escape(fx.NAMES["browser_duplicate"]) in page  # the skipped duplicate is listed too
    # A second run (nothing new) still shows what is wrong in the inbox.
    run_pipeline(inbox, settings, AS_OF, build=False)
    page = (inbox.content / "import-status.md").read_text(encoding="utf-8")
    assert all(html.escape(name) in page for name in rejected)


def test_import_status_page_escapes_untrusted_file_names(tmp_path, files):
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    shutil.copyfile(files["native"], ws.exports / "Products-2026-11-20.xls")
    evil_rejected = "<script>alert(1)<script>-login.xls"
    evil_skipped = '<img src=x onerror="alert(2)"> (1).xls'
    (ws.exports / evil_rejected).write_bytes(files["login_page"].read_bytes())
    (ws.exports / evil_skipped).write_bytes(files["native"].read_bytes())
    run_pipeline(ws, Settings(), AS_OF, build=False)
    page = (ws.content / "import-status.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert html.escape(evil_rejected) in page
    assert html.escape(evil_skipped) in page
