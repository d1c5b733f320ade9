"""Every kind the generator reads (issue 3): a file of each, with Chinese and with English
headers, reads to the same typed rows, the right kind, period and granularity, and lands in
``current_<kind>``; each quirk file behaves as the input contract (kinds.py) says; each bad
input is rejected with one message naming the file, the problem and the fix, while the rest of the inbox is
ingested and nothing of the bad file reaches the store. Fixtures: tests/fixtures/kinds_fixtures.py.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import zipfile
import zlib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from generator.config import Workspace
from generator.foundation.errors import IngestError
from generator.ingest import ingest_inbox, parse_export
from generator.ingest.normalize import clean_header
from generator.ingest.readers import is_encrypted_workbook, read_grid
from generator.kinds import KINDS
from generator.store import SQL_TYPES, open_store
from tests.fixtures import kinds_fixtures as kf

CHINA = ZoneInfo("Asia/Shanghai")
PACIFIC = ZoneInfo("America/Los_Angeles")
LANGUAGES = ("chinese", "english")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return kf.write_fixtures(tmp_path_factory.mktemp("kinds"))


def parse(files: dict[str, Path], quirk: str):
    path = files[quirk]
    return parse_export(path.name, path.read_bytes())


def workspace_with(tmp_path: Path, files: dict[str, Path], quirks: list[str]) -> Workspace:
    """A workspace whose inbox holds copies of these fixtures, ingest order as listed."""
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    for i, quirk in enumerate(quirks):
        dest = ws.exports / files[quirk].name
        shutil.copyfile(files[quirk], dest)
        stamp = 1_800_000_000 + 60 * i
        os.utime(dest, (stamp, stamp))
    return ws


# -- what a cell should read as (worked out here, independently of the code) ---------------


def expected(raw: Any, type_: str) -> Any:
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "-", "--")):
        return None
    if type_ in ("id", "text"):
        return str(raw)
    if type_ == "int":
        return int(str(raw).replace(",", ""))
    if type_ == "float":
        return float(str(raw).replace(",", ""))
    if type_ == "rate":
        return float(raw.rstrip("%")) / 100
    if type_ == "flag":
        return {"Y": True, "N": False}[raw]
    if type_ == "date":
        return dt.date.fromisoformat(raw)
    if type_ == "datetime":
        return dt.datetime.strptime(raw, "%Y-%m-%d %H:%M")
    raise AssertionError(type_)


def pacific_date(china_time: dt.datetime) -> dt.date:
    return china_time.replace(tzinfo=CHINA).astimezone(PACIFIC).date()


def expected_rows(kind: str, columns: tuple[str, ...], rows) -> list[dict[str, Any]]:
    spec = KINDS[kind]
    out = []
    for raw in rows:
        rec: dict[str, Any] = {c.name: None for c in spec.columns}
        for name, value in zip(columns, raw, strict=True):
            rec[name] = expected(value, spec.column(name).type)
        if kind == "inquiries":
            rec["stat_date"] = pacific_date(rec["inquiry_time"])
        out.append(rec)
    return out


def norm(value: Any, type_: str) -> Any:
    """A frame or store cell as a plain Python value of the column's type (None if missing)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):
        value = value.item()
    if type_ == "date":
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        return value.date() if isinstance(value, dt.datetime) else value
    if type_ == "datetime":
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if type_ == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def records(frame: pd.DataFrame, kind: str) -> list[dict[str, Any]]:
    spec = KINDS[kind]
    return [
        {c.name: norm(row[c.name], c.type) for c in spec.columns}
        for row in frame.to_dict("records")
    ]


def by_key(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    key = KINDS[kind].key or tuple(c.name for c in KINDS[kind].columns)
    return sorted(rows, key=lambda r: tuple(str(r[k]) for k in key))


def assert_rows(actual: list[dict[str, Any]], want: list[dict[str, Any]], kind: str) -> None:
    assert len(actual) == len(want), (kind, len(actual), len(want))
    for got, exp in zip(by_key(actual, kind), by_key(want, kind), strict=True):
        for name, value in exp.items():
            if isinstance(value, float):
                assert got[name] == pytest.approx(value), (kind, name, got[name], value)
            else:
                assert got[name] == value, (kind, name, got[name], value)
                assert type(got[name]) is type(value), (kind, name, got[name], value)


def typed(value: Any, type_: str) -> bool:
    """Whether a normalised cell has the Python type its column's type promises."""
    return {
        "id": lambda v: isinstance(v, str) and v.isdigit(),
        "text": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "float": lambda v: isinstance(v, float),
        "rate": lambda v: isinstance(v, float),
        "flag": lambda v: isinstance(v, bool),
        "date": lambda v: type(v) is dt.date,
        "datetime": lambda v: isinstance(v, dt.datetime),
    }[type_](value)


# -- kinds.py as data ------------------------------------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_has_a_chinese_header_and_an_english_alias(kind):
    for col in KINDS[kind].columns:
        assert CJK.search(col.zh), (kind, col.name, col.zh)
        assert col.aliases, (kind, col.name)
        english = col.aliases[0]
        assert english.strip() and english.isascii() and re.search("[A-Za-z]", english), (
            kind,
            col.name,
            english,
        )
        assert col.type in SQL_TYPES, (kind, col.name, col.type)


@pytest.mark.parametrize("kind", list(KINDS))
def test_no_two_columns_of_a_kind_share_a_header(kind):
    seen: dict[str, str] = {}
    for col in KINDS[kind].columns:
        for header in col.headers:
            h = clean_header(header).lower()  # how the reader compares headers
            assert seen.setdefault(h, col.name) == col.name, (kind, header, seen[h], col.name)


@pytest.mark.parametrize("kind", list(KINDS))
def test_signature_key_and_date_column_are_columns_of_the_kind(kind):
    spec = KINDS[kind]
    names = {c.name for c in spec.columns}
    assert set(spec.signature) <= names
    assert set(spec.key) <= names
    assert spec.date_column == "" or spec.column(spec.date_column).type == "date"
    assert all(spec.column(s).required for s in spec.signature), "a signature column is required"
    assert spec.file_pattern.lower().endswith(".xlsx" if spec.sheet else (".xls", ".xlsx"))


def test_the_fixtures_cover_every_kind_and_every_column():
    assert set(kf.SAMPLES) == set(KINDS)
    for kind, sample in kf.SAMPLES.items():
        assert set(sample.columns) == {c.name for c in KINDS[kind].columns} - kf.DERIVED, kind
        assert 2 <= len(sample.rows) <= 4, kind


# -- a file of every kind, Chinese and English headers -----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_reads_to_its_rows_period_and_granularity(files, kind, language):
    sample = kf.SAMPLES[kind]
    parsed = parse(files, f"{kind}_{language}_headers")
    start, end, gran, source = sample.period
    assert parsed.kind.name == kind
    assert (parsed.period_start, parsed.period_end, parsed.granularity) == (start, end, gran)
    assert parsed.period_source == source
    assert parsed.warnings == []
    assert list(parsed.rows.columns) == [c.name for c in KINDS[kind].columns]
    assert_rows(records(parsed.rows, kind), expected_rows(kind, sample.columns, sample.rows), kind)


@pytest.mark.parametrize("kind", list(KINDS))
def test_chinese_and_english_headers_give_the_same_rows(files, kind):
    zh = parse(files, f"{kind}_chinese_headers")
    en = parse(files, f"{kind}_english_headers")
    pd.testing.assert_frame_equal(zh.rows, en.rows)
    assert (zh.period_start, zh.period_end, zh.granularity) == (
        en.period_start,
        en.period_end,
        en.granularity,
    )


@pytest.mark.parametrize("kind", list(KINDS))
def test_values_are_normalised_to_their_column_types(files, kind):
    spec = KINDS[kind]
    rows = records(parse(files, f"{kind}_chinese_headers").rows, kind)
    for col in spec.columns:
        values = [r[col.name] for r in rows if r[col.name] is not None]
        assert values, (kind, col.name, "the fixture leaves the column empty")
        for v in values:
            assert typed(v, col.type), (kind, col.name, col.type, v)


def test_the_files_are_laid_out_as_exports_md_says(files):
    for kind, spec in KINDS.items():
        for language in LANGUAGES:
            path = files[f"{kind}_{language}_headers"]
            data = path.read_bytes()
            grid, fmt = read_grid(path.name, data)
            header = kf.headers(kind, kf.SAMPLES[kind].columns, english=language == "english")
            if spec.sheet:
                assert (path.suffix, fmt, data[:2]) == (".xlsx", "xlsx", b"PK"), path.name
                assert grid[0] == header, path.name  # header on row 1
                sheets = CalamineWorkbook.from_path(str(path)).sheet_names
                assert sheets == [spec.zh, "说明"]  # the data first, then the template's notes
            else:
                assert (path.suffix, fmt, data[:4]) == (".xls", "xls", b"\xd0\xcf\x11\xe0")
                if kind == "p4p_products":  # header on the first row, no preamble
                    assert grid[0] == header
                else:
                    assert grid[5] == header, path.name  # header on Excel row 6
                    if language == "chinese":
                        a, b = kf.SAMPLES[kind].preamble  # type: ignore[misc]
                        assert grid[0][0] == f"{spec.zh} 时间周期{a}~{b}"


def test_operator_sheets_hold_real_date_cells(files):
    grid, _ = read_grid("x.xlsx", files["inquiries_chinese_headers"].read_bytes())
    assert grid[1][0] == dt.datetime(2026, 11, 21, 9, 30)  # what Excel makes of 2026-11-21 09:30
    grid, _ = read_grid("x.xlsx", files["store_overview_chinese_headers"].read_bytes())
    assert grid[1][0] == dt.date(2026, 11, 20)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_accepted_under_its_backend_file_name(files, kind):
    name = kf.backend_name(kind)
    parsed = parse_export(name, files[f"{kind}_chinese_headers"].read_bytes())
    assert parsed.kind.name == kind
    assert len(parsed.rows) == len(kf.SAMPLES[kind].rows)
    if kf.named_by_date(kind):
        assert (parsed.period_end, parsed.period_source) == (kf.AS_OF, "file name")


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (
            "对象,店铺访问次数\n我的,3\n",
            ["'日期'", "'店铺访问人数' (nearest header found: '店铺访问次数')", "'搜索曝光次数'"],
        ),
        ("日期,对象\n2026-11-21,我的\n", ["'店铺访问人数'", "'搜索曝光次数'"]),
    ],
)
def test_a_file_named_like_a_kind_but_missing_its_columns_names_them(header, missing):
    """Too few headers to be recognised, but the name says 店铺概况: the message lists the
    required headers the sheet lacks (not 'no known export') and points to the template."""
    with pytest.raises(IngestError) as info:
        parse_export(f"store_overview-{kf.AS_OF}.csv", header.encode())
    assert info.value.problem == (
        "店铺概况 (store_overview) is missing required column(s) " + "; ".join(missing)
    )
    assert "exports/templates/store_overview-YYYY-MM-DD.xlsx" in info.value.fix


@pytest.fixture(scope="module")
def stores(files, tmp_path_factory) -> dict[str, Workspace]:
    """Per header language, one workspace with that language's file of every kind ingested."""
    out = {}
    for language in LANGUAGES:
        root = tmp_path_factory.mktemp(f"store_{language}")
        ws = workspace_with(root, files, [f"{k}_{language}_headers" for k in KINDS])
        with open_store(ws.db_path) as store:
            report = ingest_inbox(ws, store)
        assert report.count("ingested") == len(KINDS), [
            (r.name, r.problem) for r in report.rejected
        ]
        out[language] = ws
    return out


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_lands_in_its_current_view(stores, kind, language):
    sample = kf.SAMPLES[kind]
    start, end, gran, source = sample.period
    with open_store(stores[language].db_path, read_only=True) as store:
        current = store.query(f"SELECT * FROM current_{kind}")
        log = store.query("SELECT * FROM ingest_log WHERE kind = ?", [kind])
        dated = store.rows(kind) if KINDS[kind].date_column else None
    assert len(log) == 1
    got = log.iloc[0]
    assert got["file_name"] == kf.file_name(kind, f"{language}_headers")
    assert (norm(got["period_start"], "date"), norm(got["period_end"], "date")) == (start, end)
    assert (got["granularity"], got["period_source"], got["rows"]) == (
        gran,
        source,
        len(sample.rows),
    )
    want = expected_rows(kind, sample.columns, sample.rows)
    assert_rows(records(current, kind), want, kind)
    assert set(current["granularity"]) == {gran}
    if dated is not None:  # Store.rows: the same rows, in date order
        assert_rows(records(dated, kind), want, kind)
        dates = [norm(d, "date") for d in dated[KINDS[kind].date_column]]
        assert dates == sorted(dates)


# -- quirk files -----------------------------------------------------------------------------


@pytest.mark.parametrize("quirk", list(kf.QUIRKS))
def test_quirk_file_reads_to_its_rows_and_period(files, quirk):
    spec = kf.QUIRKS[quirk]
    parsed = parse(files, quirk)
    assert parsed.kind.name == spec.kind
    assert (
        parsed.period_start,
        parsed.period_end,
        parsed.granularity,
        parsed.period_source,
    ) == spec.period
    columns = kf.SAMPLES[spec.kind].columns
    assert_rows(
        records(parsed.rows, spec.kind), expected_rows(spec.kind, columns, spec.rows), spec.kind
    )


def test_gb18030_resave_keeps_separators_dashes_and_drops_the_totals_row(files):
    data = files["traffic_keywords_gb18030_resave"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("gb18030")
    assert '"12,345"' in text and ",-," in text and "\r\n合计," in text
    rows = parse(files, "traffic_keywords_gb18030_resave").rows.set_index("keyword")
    assert list(rows.index) == ["露营帐篷", "camping tent", "折叠椅"]  # no 合计 row
    assert rows.loc["露营帐篷", "impressions"] == 12345
    assert rows.loc["露营帐篷", "top10_impressions"] == pytest.approx(22104.4)
    assert norm(rows.loc["camping tent", "p4p_impressions"], "int") is None  # '-': missing, not 0
    assert norm(rows.loc["折叠椅", "search_index"], "int") is None  # '--'


def test_multilingual_keyword_rows_keep_every_script(files, tmp_path):
    words = [r[0] for r in kf.MULTILINGUAL_ROWS]
    assert {"es", "ru", "ar", "zh"} <= {
        "es" if "ñ" in w else "ru" if re.search("[а-я]", w) else "ar" if re.search("[\u0600-\u06ff]", w)
        else "zh" if CJK.search(w) else "en" for w in words
    }  # fmt: skip
    assert parse(files, "traffic_keywords_multilingual_rows").rows["keyword"].tolist() == words
    ws = workspace_with(tmp_path, files, ["traffic_keywords_multilingual_rows"])
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        stored = store.query("SELECT keyword FROM current_traffic_keywords")["keyword"].tolist()
    assert sorted(stored) == sorted(words)


def test_p4p_product_ids_written_as_floats_are_digit_strings_again(files):
    text = files["p4p_products_ids_as_floats"].read_text("utf-8")
    assert "1.601562216792e+12" in text and "300123456.0" in text
    rows = parse(files, "p4p_products_ids_as_floats").rows
    assert rows["product_id"].tolist() == [kf.TENT, kf.CHAIR, kf.LANTERN]
    assert rows["campaign_id"].tolist() == ["300123456", "300123457", "300123457"]
    pd.testing.assert_frame_equal(rows, parse(files, "p4p_products_chinese_headers").rows)


def test_ids_typed_into_excel_as_numbers_read_as_digit_strings(files):
    grid, _ = read_grid("x.xlsx", files["inquiries_ids_as_number_cells"].read_bytes())
    assert isinstance(grid[1][1], float)  # the quirk is really there: 询盘ID is a number cell
    rows = parse(files, "inquiries_ids_as_number_cells").rows
    assert rows["inquiry_id"].tolist() == ["1029384756", "1029384757", "1029384701"]
    pd.testing.assert_frame_equal(rows, parse(files, "inquiries_chinese_headers").rows)


def test_inquiry_china_time_belongs_to_its_us_pacific_statistics_date(files, tmp_path):
    rows = parse(files, "inquiries_china_time_midnight").rows.set_index("inquiry_id")
    assert rows.loc["1029385001", "inquiry_time"] == pd.Timestamp("2026-11-22 08:30")  # kept
    assert {i: rows.loc[i, "stat_date"] for i in rows.index} == kf.MIDNIGHT_STAT_DATES
    ws = workspace_with(tmp_path, files, ["inquiries_china_time_midnight"])
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        day21 = store.rows("inquiries", dt.date(2026, 11, 21), dt.date(2026, 11, 21))
        day22 = store.rows("inquiries", dt.date(2026, 11, 22), dt.date(2026, 11, 22))
    assert day21["inquiry_id"].tolist() == ["1029385001"]  # 08:30 China = 16:30 Pacific, the 21st
    assert day22["inquiry_id"].tolist() == ["1029385002"]  # 17:30 China = 01:30 Pacific, the 22nd
    assert norm(day21["inquiry_time"].iloc[0], "datetime") == dt.datetime(2026, 11, 22, 8, 30)


def test_store_overview_keeps_three_subjects_for_one_date(files, tmp_path):
    parsed = parse(files, "store_overview_three_subjects")
    assert parsed.rows["subject"].tolist() == ["我的", "同行平均", "同行优秀"]
    assert parsed.warnings == []
    ws = workspace_with(
        tmp_path, files, ["store_overview_chinese_headers", "store_overview_three_subjects"]
    )
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        current = store.rows("store_overview")
    got = {(norm(d, "date"), s) for d, s in zip(current["date"], current["subject"], strict=True)}
    assert got == {
        (dt.date(2026, 11, 20), "我的"),  # the earlier file's other day stays
        (dt.date(2026, 11, 21), "我的"),
        (dt.date(2026, 11, 21), "同行平均"),
        (dt.date(2026, 11, 21), "同行优秀"),
    }
    peers = current.set_index("subject").loc["同行优秀"]
    assert peers["store_visitors"] == 160 and peers["ta_amount_usd"] == pytest.approx(8800.0)


def test_p4p_growth_total_row_without_a_dimension_is_kept(files, tmp_path):
    parsed = parse(files, "p4p_growth_total_row_without_dimension")
    rows = records(parsed.rows, "p4p_growth")
    total = [r for r in rows if r["dimension"] is None]
    assert len(rows) == 4 and len(total) == 1
    assert (total[0]["growth_score"], total[0]["level"], total[0]["points"]) == (72.0, "L3", None)
    ws = workspace_with(tmp_path, files, ["p4p_growth_total_row_without_dimension"])
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        assert len(store.rows("p4p_growth")) == 4


def test_p4p_account_reexport_supersedes_the_overlapping_days_only(files, tmp_path):
    ws = workspace_with(
        tmp_path, files, ["p4p_account_chinese_headers", "p4p_account_reexport_overlapping_days"]
    )
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        current = store.rows("p4p_account")
        stored = store.query("SELECT count(*) AS n FROM p4p_account")["n"].item()
        log = store.ingest_log()
    assert [r.status for r in report.results] == ["ingested", "ingested"]
    assert stored == 8  # both files stay in the store
    earlier, later = log["file_id"].tolist()
    days = {
        norm(d, "date"): (f, i, s)
        for d, f, i, s in zip(
            current["date"],
            current["file_id"],
            current["impressions"],
            current["spend"],
            strict=True,
        )
    }
    assert list(days) == [dt.date(2026, 11, d) for d in range(18, 24)]
    assert days[dt.date(2026, 11, 18)] == (earlier, 1520, pytest.approx(45.60))
    assert days[dt.date(2026, 11, 19)] == (earlier, 1610, pytest.approx(52.30))
    assert days[dt.date(2026, 11, 20)] == (later, 1450, pytest.approx(41.20))
    assert days[dt.date(2026, 11, 21)] == (later, 1760, pytest.approx(62.50))
    assert days[dt.date(2026, 11, 23)] == (later, 1500, pytest.approx(42.50))


def test_keyword_index_browser_duplicate_is_skipped(files, tmp_path):
    original = files["keyword_index_chinese_headers"]
    duplicate = files["keyword_index_browser_duplicate"]
    assert duplicate.name == "keyword_index_browser_duplicate (1).xls"
    assert duplicate.read_bytes() == original.read_bytes()
    ws = workspace_with(
        tmp_path, files, ["keyword_index_chinese_headers", "keyword_index_browser_duplicate"]
    )
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        log = store.ingest_log()
        rows = store.query("SELECT count(*) AS n FROM keyword_index")["n"].item()
    status = {r.name: (r.status, r.problem) for r in report.results}
    assert status[duplicate.name] == ("skipped", f"same content as {original.name}")
    assert status[original.name][0] == "ingested"
    assert (len(log), rows) == (1, 3)


# -- bad inputs ------------------------------------------------------------------------------


@pytest.mark.parametrize("quirk", list(kf.BAD))
def test_bad_input_is_rejected_with_one_message_naming_file_problem_and_fix(files, quirk):
    path = files[quirk]
    name, words = kf.BAD[quirk]
    assert path.name == name
    with pytest.raises(IngestError) as info:
        parse_export(path.name, path.read_bytes())
    exc = info.value
    message = str(exc)
    assert message.startswith(f"{path.name}: ")
    assert exc.problem and exc.fix and message == f"{path.name}: {exc.problem} — {exc.fix}"
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word.lower() in message.lower(), (quirk, word, message)


def test_bad_inputs_are_really_what_their_names_say(files):
    assert files["showcase_0_bytes"].stat().st_size == 0
    grid, _ = read_grid("x.xlsx", files["rfq_header_only"].read_bytes())
    assert [r for r in grid if any(c not in (None, "") for c in r)] == [
        kf.headers("rfq", kf.SAMPLES["rfq"].columns)
    ]
    grid, _ = read_grid("x.xlsx", files["store_overview_missing_required_column"].read_bytes())
    assert "店铺访问人数" not in grid[0] and "店铺访问次数" in grid[0]
    grid, _ = read_grid("x.xlsx", files["traffic_sources_unparseable_date"].read_bytes())
    assert grid[2][0] == "2026-13-45"  # Excel row 3: text, as Excel keeps a date it cannot read
    grid, _ = read_grid("x.xlsx", files["regions_negative_count"].read_bytes())
    assert grid[3][4] == -3  # Excel row 4, 访问人数
    assert (
        parse_export(
            "regions-2026-11-21.xlsx", files["store_overview_holds_regions_sheet"].read_bytes()
        ).kind.name
        == "regions"
    )  # a good regions sheet: only its name is wrong


def test_corrupt_workbook_is_a_zip_with_one_broken_member(files):
    data = files["visitors_corrupt_member"].read_bytes()
    broken = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # the zip itself opens
        assert "xl/workbook.xml" in z.namelist()
        for member in z.namelist():
            try:
                z.read(member)
            except (zipfile.BadZipFile, zlib.error):
                broken.append(member)
    assert broken == ["xl/worksheets/sheet1.xml"]


def test_password_protected_workbook_is_a_real_encrypted_ooxml_container(files):
    data = files["inquiries_password_protected"].read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert is_encrypted_workbook(data)
    msoffcrypto = pytest.importorskip("msoffcrypto")
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    assert office.is_encrypted()
    office.load_key(password=kf.PASSWORD)
    plain = io.BytesIO()
    office.decrypt(plain)
    parsed = parse_export("inquiries-2026-11-21.xlsx", plain.getvalue())  # with the password: fine
    assert parsed.kind.name == "inquiries" and len(parsed.rows) == 3


def test_password_protection_is_detected_without_msoffcrypto_too():
    """The container Excel writes, built by hand (the fixture's fallback without msoffcrypto)."""
    data = kf.cfb_encrypted_container(kf.sample_bytes(kf.SAMPLES["inquiries"]))
    assert is_encrypted_workbook(data)
    with pytest.raises(IngestError) as info:
        parse_export("inquiries-2026-11-21.xlsx", data)
    assert info.value.problem == "the workbook is password-protected"
    assert "remove the password" in info.value.fix


def test_an_ordinary_xls_is_not_taken_for_an_encrypted_one(files):
    for kind, spec in KINDS.items():
        if not spec.sheet:
            assert not is_encrypted_workbook(files[f"{kind}_chinese_headers"].read_bytes()), kind
    # a cell whose text is the stream name does not make a workbook encrypted
    sample = kf.SAMPLES["traffic_keywords"]
    rows = (("EncryptedPackage", *sample.rows[0][1:]), ("EncryptionInfo", *sample.rows[1][1:]))
    data = kf.sample_bytes(sample, rows=rows)
    assert not is_encrypted_workbook(data)
    assert parse_export("getKeywords-2026-11-21.xls", data).rows["keyword"].tolist() == [
        "EncryptedPackage",
        "EncryptionInfo",
    ]


def test_bad_inputs_never_stop_the_inbox_and_leave_nothing_in_the_store(files, tmp_path):
    good = [q for q, _name in kf.good_files()]
    bad = list(kf.BAD)
    ws = workspace_with(tmp_path, files, good + bad)
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        log = store.ingest_log()
        events = store.query("SELECT * FROM file_events WHERE status = 'rejected'")
        stray = {
            kind: store.query(
                f"SELECT count(*) AS n FROM {kind} WHERE file_id NOT IN (SELECT file_id FROM ingest_log)"
            )["n"].item()
            for kind in KINDS
        }
        held = {
            kind: store.query(f"SELECT count(*) AS n FROM {kind}")["n"].item() for kind in KINDS
        }
    status = {r.name: r for r in report.results}
    assert len(report.results) == len(good) + len(bad)
    for quirk in bad:
        r = status[kf.NAMES[quirk]]
        assert r.status == "rejected", quirk
        assert r.problem and r.fix
        text = f"{r.name}: {r.problem} — {r.fix}".lower()
        assert all(w.lower() in text for w in kf.BAD[quirk][1]), (quirk, text)
    for quirk in good:
        want = "skipped" if quirk == "keyword_index_browser_duplicate" else "ingested"
        assert status[kf.NAMES[quirk]].status == want, (quirk, status[kf.NAMES[quirk]].problem)
    assert report.summary() == f"{len(good) - 1} ingested, 1 already held, {len(bad)} rejected"
    # nothing of a bad file: no log row, no rows, no kept original; one rejection event each
    bad_names = {kf.NAMES[q] for q in bad}
    assert not bad_names & set(log["file_name"])
    assert sorted(events["file_name"]) == sorted(bad_names)
    assert all(n == 0 for n in stray.values()), stray
    per_kind = log.groupby("kind")["rows"].sum().to_dict()
    assert held == {k: per_kind.get(k, 0) for k in KINDS}
    kept = {p.name.split("-", 1)[1] for p in ws.originals.iterdir()}
    assert not bad_names & kept and len(kept) == len(good) - 1
    # the files of the kinds that had a bad file still landed
    with open_store(ws.db_path, read_only=True) as store:
        for kind in ("store_overview", "traffic_sources", "regions", "rfq", "showcase"):
            assert len(store.query(f"SELECT * FROM current_{kind}")) > 0, kind
