"""Files that used to kill, hang or corrupt an ingest (issue 13): what the operator notices.

A 5 KB workbook with one cell at XFD1048576 is rejected with its size while the build goes on;
whatever goes wrong with one file rejects only that file (a fuzz corpus of mutated exports);
originals are written from the bytes that were read and repaired by `opsreport check`; hidden
files and links are skipped with a line; UTF-16 / Big5 CSVs are read or named; the terminal
never receives a control character from a file.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import generator.ingest as ingest
from generator.cli import main
from generator.config import Settings, Workspace
from generator.foundation.errors import IngestError, WorkspaceError, printable
from generator.ingest import check_originals, ingest_inbox, parse_export, readers
from generator.kinds import KINDS, PRODUCTS
from generator.store import open_store
from tests.fixtures import make_fixtures as fx

REQUIRED = [c.zh for c in PRODUCTS.columns if c.required]  # 产品ID,产品名称,曝光,点击,访问,询盘
INQUIRY_HEADER = [c.zh for c in KINDS["inquiries"].columns if c.name != "stat_date"]


def products_csv(n: int, seed: int = 0) -> str:
    rows = [
        f"{1601562216700 + i},Tent model {i} waterproof,{100 + i + seed},{i % 9},{i % 7},{i % 3}"
        for i in range(n)
    ]
    return ",".join(REQUIRED) + "\n" + "\n".join(rows) + "\n"


def inquiries_csv(times: list[str], message: str = "Need a quote") -> str:
    lines = [",".join(INQUIRY_HEADER)]
    for i, t in enumerate(times):
        cells = dict.fromkeys(INQUIRY_HEADER, "")
        cells.update(
            {"询盘时间": t, "询盘ID": f"9{i:05d}", "买家": f"Buyer {i}", "询盘内容": message}
        )
        lines.append(",".join(f'"{v}"' if ("," in v or "\n" in v) else v for v in cells.values()))
    return "\n".join(lines) + "\n"


def xlsx_bytes(
    grid: list[list[Any]],
    extra: str | None = None,
    dimension: str | None = None,
    far_row: int = 0,
) -> bytes:
    """A minimal real .xlsx (inline strings) of ``grid``; ``extra``: one more cell there."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    rows = []
    for r, row in enumerate(grid, start=1):
        cells = "".join(
            f'<c r="{letters[c]}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
            if isinstance(v, str)
            else f'<c r="{letters[c]}{r}"><v>{v}</v></c>'
            for c, v in enumerate(row)
        )
        rows.append(f'<row r="{r}">{cells}</row>')
    if extra:
        row_no = "".join(ch for ch in extra if ch.isdigit())
        rows.append(f'<row r="{row_no}"><c r="{extra}" t="inlineStr"><is><t>x</t></is></c></row>')
    if far_row:  # the last row again, far below the table
        cells = "".join(
            f'<c r="{letters[c]}{far_row}" t="inlineStr"><is><t>{v}</t></is></c>'
            for c, v in enumerate(grid[-1])
        )
        rows.append(f'<row r="{far_row}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    ns = "http://schemas.openxmlformats.org"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">{dim}'
            f"<sheetData>{''.join(rows)}</sheetData></worksheet>",
        )
    return buf.getvalue()


PRODUCT_GRID = [REQUIRED] + [[f"160156221670{i}", f"Tent {i}", 100 + i, i, i, 0] for i in range(5)]


def workspace(tmp_path: Path, files: dict[str, bytes | str]) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    for i, (name, data) in enumerate(files.items()):
        path = ws.exports / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
    return ws


def outcomes(report: ingest.IngestReport) -> dict[str, str]:
    return {r.name: r.status for r in report.results}


# -- bounded reading ---------------------------------------------------------------------------


def test_a_5_kb_workbook_reaching_xfd1048576_is_rejected_with_its_size_and_the_build_goes_on(
    tmp_path,
):
    bomb = xlsx_bytes(PRODUCT_GRID, extra="XFD1048576")
    assert len(bomb) < 5 * 1024
    ws = workspace(
        tmp_path,
        {
            "Products-2026-11-18.csv": products_csv(4),
            "Products-2026-11-19.xlsx": bomb,
            "Products-2026-11-20.csv": products_csv(4, seed=1),
        },
    )
    (ws.root / "opsreport.toml").write_text('store_name = "t"\n')
    # a real process: before the fix python-calamine aborted it (SIGABRT, exit 134)
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "ingest", "--workspace", str(ws.root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "新读入 2 个，已有 0 个，拒绝 1 个" in run.stdout  # in the workspace's language
    said = " ".join(run.stderr.split())
    assert "拒绝 Products-2026-11-19.xlsx" in said
    # in Chinese, the workspace's default language (issue 16)
    assert "第 1,048,576 行、第 16,384 列" in said and "max_sheet_rows" in said
    assert "Ctrl+End" in said  # the fix
    with open_store(ws.db_path, read_only=True) as store:
        assert sorted(store.ingest_log()["file_name"]) == [
            "Products-2026-11-18.csv",
            "Products-2026-11-20.csv",
        ]
        events = store.last_run_events()
    assert list(events[events["status"] == "rejected"]["file_name"]) == ["Products-2026-11-19.xlsx"]


def no_ref_xlsx(body: str) -> bytes:
    """``xlsx_bytes`` with the sheet data replaced by ``body`` (rows and cells without r)."""
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(PRODUCT_GRID))) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                head, _, rest = data.decode().partition("<sheetData>")
                tail = rest.partition("</sheetData>")[2]
                data = f"{head}<sheetData>{body}</sheetData>{tail}".encode()
            out.writestr(name, data)
    return buf.getvalue()


def test_a_3_kb_workbook_of_rows_and_cells_without_references_is_rejected_not_a_crash(tmp_path):
    # python-calamine places a <row/> or <c/> without r after the one before: 100,000 bare
    # rows and 16,383 bare cells make it allocate 52 GB and abort the process (SIGABRT)
    cell = '<c t="inlineStr"><is><t>x</t></is></c>'
    bomb = no_ref_xlsx("<row/>" * 100_000 + "<row>" + "<c/>" * 16_383 + cell + "</row>")
    assert len(bomb) < 5 * 1024
    ws = workspace(tmp_path, {"Products-2026-11-19.xlsx": bomb})
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--workspace", str(ws.root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr[-2000:]  # rejected, not killed by a signal
    said = "".join(run.stderr.split())  # the lines are wrapped to the terminal's width
    assert "Products-2026-11-19.xlsx：读取XLSX文件时读取程序崩溃了" in said
    # a workbook written without references (some tools do) is still read
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in REQUIRED)
    rows = "".join(
        f'<row><c t="inlineStr"><is><t>160156221670{i}</t></is></c>'
        f'<c t="inlineStr"><is><t>Tent {i}</t></is></c>' + "<c><v>5</v></c>" * 4 + "</row>"
        for i in range(3)
    )
    parsed = parse_export("Products-2026-11-19.xlsx", no_ref_xlsx(f"<row>{header}</row>{rows}"))
    assert len(parsed.rows) == 3


def with_shared_strings(data: bytes, count: str) -> bytes:
    """``data`` (an .xlsx) with a shared-string table of one string declaring ``count``."""
    ns = "http://schemas.openxmlformats.org"
    sst = f'<sst xmlns="{ns}/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">'
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for name in src.namelist():
            part = src.read(name)
            if name == "xl/_rels/workbook.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rId9" Type="{ns}/officeDocument/2006/relationships/'
                    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'.encode(),
                )
            out.writestr(name, part)
        out.writestr("xl/sharedStrings.xml", f"{sst}<si><t>Tent</t></si></sst>")
    return buf.getvalue()


def test_a_1_kb_shared_string_table_declaring_4_billion_strings_is_rejected_not_a_crash(
    tmp_path,
):
    # python-calamine reserved 4,294,967,295 × 24 bytes (103 GB) for it and aborted (SIGABRT)
    bomb = with_shared_strings(xlsx_bytes(PRODUCT_GRID), "4294967295")
    ws = workspace(tmp_path, {"Products-2026-11-19.xlsx": bomb})
    run = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "--workspace", str(ws.root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr[-2000:]  # rejected, not killed by a signal
    assert "Products-2026-11-19.xlsx：读取XLSX文件时读取程序崩溃了" in "".join(run.stderr.split())
    # an honest count is read as before
    good = with_shared_strings(xlsx_bytes(PRODUCT_GRID), "1")
    assert len(parse_export("Products-2026-11-19.xlsx", good).rows) == 5


def test_a_lying_dimension_alone_does_not_reject_a_good_workbook():
    data = xlsx_bytes(PRODUCT_GRID, dimension="A1:XFD1048576")
    parsed = parse_export("Products-2026-11-19.xlsx", data)
    assert len(parsed.rows) == 5


def test_limits_are_settings(tmp_path):
    data = xlsx_bytes(PRODUCT_GRID, far_row=5000)
    assert len(parse_export("Products-2026-11-19.xlsx", data).rows) == 5  # a duplicate row
    small = readers.Limits(max_file_mb=200, max_rows=1000, max_columns=500)
    with pytest.raises(IngestError) as info:
        parse_export("Products-2026-11-19.xlsx", data, small)
    assert "row 5,000" in info.value.problem and "max_sheet_rows = 1,000" in info.value.problem


def test_an_xls_whose_dimensions_record_claims_a_huge_sheet_is_rejected_before_reading():
    native = bytearray(fx.fixture_bytes()["native"])
    at = native.find(b"\x00\x02\x0e\x00")  # the sheet's DIMENSIONS record (BIFF8)
    assert at > 0
    struct.pack_into("<IIHH", native, at + 4, 0, 0x0FFFFFFF, 0, 0xFFFF)
    with pytest.raises(IngestError) as info:  # python-calamine trusted it and aborted
        parse_export("Products-2026-11-20.xls", bytes(native))
    assert "row 268,435,455" in info.value.problem


def test_a_crash_of_the_native_reader_in_its_child_process_rejects_only_that_file(
    monkeypatch,
):
    """Workbooks too big to measure safely are read in a child process: if the reader dies
    there, the file is rejected and this process lives on."""
    monkeypatch.setattr(readers, "CHILD_BYTES", 0)  # every workbook read in a child
    monkeypatch.setattr(readers, "read_workbook", lambda *a: os.abort())
    with pytest.raises(IngestError) as info:
        parse_export("Products-2026-11-19.xlsx", xlsx_bytes(PRODUCT_GRID))
    assert "crashed" in info.value.problem and "signal 6" in info.value.problem
    # a reader that hangs is stopped
    monkeypatch.setattr(readers, "CHILD_SECONDS", 1)
    monkeypatch.setattr(readers, "read_workbook", lambda *a: time.sleep(60))
    started = time.monotonic()
    with pytest.raises(IngestError) as info:
        parse_export("Products-2026-11-19.xlsx", xlsx_bytes(PRODUCT_GRID))
    assert "took more than 1 s and was stopped" in info.value.problem
    assert time.monotonic() - started < 10
    monkeypatch.undo()
    monkeypatch.setattr(readers, "CHILD_BYTES", 0)
    assert len(parse_export("Products-2026-11-19.xlsx", xlsx_bytes(PRODUCT_GRID)).rows) == 5


def test_a_file_past_max_file_mb_is_rejected_without_being_read(tmp_path, monkeypatch):
    big = products_csv(4) + "#" * (1024 * 1024 + 10) + "\n"
    ws = workspace(
        tmp_path, {"Products-2026-11-18.csv": big, "Products-2026-11-19.csv": products_csv(3)}
    )
    reads: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: reads.append(p.name) or real(p))
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store, settings=Settings(max_file_mb=1))
    assert outcomes(report) == {
        "Products-2026-11-18.csv": "rejected",
        "Products-2026-11-19.csv": "ingested",
    }
    assert "1.0 MB, more than max_file_mb = 1 MB" in report.rejected[0].problem
    assert "Products-2026-11-18.csv" not in reads


# -- every failure of one file stays with that file --------------------------------------------


def test_a_stray_quote_in_a_small_csv_is_rejected_and_keeps_that_days_good_data(tmp_path):
    good = products_csv(29)
    lines = good.splitlines()
    lines[3] = lines[3].replace("Tent model 2", '"Tent model 2')  # one unclosed quote
    ws = workspace(tmp_path, {"day/Products-2026-11-19.csv": good})
    with open_store(ws.db_path) as store:
        assert ingest_inbox(ws, store).count("ingested") == 1
        (ws.exports / "again").mkdir()
        (ws.exports / "again" / "Products-2026-11-19.csv").write_text("\n".join(lines) + "\n")
        report = ingest_inbox(ws, store)
        held = store.current("products")
    assert outcomes(report)["again/Products-2026-11-19.csv"] == "rejected"
    assert "quote" in report.rejected[0].problem and "lost" in report.rejected[0].problem
    assert len(held) == 29  # before the fix: 3 rows replaced the day's 29


def test_a_stray_quote_in_a_large_csv_is_rejected_not_a_crash(tmp_path):
    lines = products_csv(4000).splitlines()
    lines[2] = lines[2].replace("Tent model 1", '"Tent model 1')  # the cell grows past 128 KB
    ws = workspace(
        tmp_path,
        {
            "Products-2026-11-18.csv": "\n".join(lines) + "\n",
            "Products-2026-11-19.csv": products_csv(3),
        },
    )
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
    assert outcomes(report) == {
        "Products-2026-11-18.csv": "rejected",
        "Products-2026-11-19.csv": "ingested",
    }
    assert "quote" in report.rejected[0].problem


def test_a_message_with_line_breaks_and_commas_is_not_taken_for_a_stray_quote():
    text = inquiries_csv(
        ["2026-11-19 10:00:00", "2026-11-19 11:00:00"],
        message="Hello, we need 500 pcs, OEM logo.\nPrice, MOQ?\nThanks, Tom",
    )
    parsed = parse_export("inquiries-2026-11-19.csv", text.encode())
    assert len(parsed.rows) == 2
    assert parsed.rows["message"].iloc[0].count("\n") == 2


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "inquiries-2026-11-19.csv",
            inquiries_csv(["2026-11-19 10:00:00", "0001-01-01 00:00:00"]),
            ("询盘时间", "0001-01-01", "1678"),
        ),
    ],
)
def test_values_no_report_can_hold_reject_the_file_at_ingest(tmp_path, name, text, words):
    ws = workspace(tmp_path, {name: text, "Products-2026-11-20.csv": products_csv(3)})
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        assert store.row_mismatches() == []
    assert outcomes(report) == {name: "rejected", "Products-2026-11-20.csv": "ingested"}
    assert all(w in report.rejected[0].problem for w in words), report.rejected[0].problem


def test_infinity_in_an_optional_column_is_not_stored_and_said(tmp_path):
    """`Infinity` once passed ingest and crashed the XLSX step: now that cell is left empty
    with a warning naming the column and the Excel row, and the row's other numbers count."""
    name = "Products-2026-11-19.csv"
    text = ",".join([*REQUIRED, "RTS线上实收GMV"]) + "\n1601562216792,Tent,1,1,1,0,Infinity\n"
    ws = workspace(tmp_path, {name: text, "Products-2026-11-20.csv": products_csv(3)})
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        assert store.row_mismatches() == []
        gmv = store.query("SELECT rts_gmv_usd, search_clicks FROM products WHERE title = 'Tent'")
    assert outcomes(report) == {name: "ingested", "Products-2026-11-20.csv": "ingested"}
    assert gmv["rts_gmv_usd"].isna().all() and gmv["search_clicks"].tolist() == [1]
    warned = next(r for r in report.results if r.name == name).warnings
    assert any("RTS线上实收GMV" in w and "Infinity" in w and "row 2" in w for w in warned)


def test_an_unexpected_error_while_storing_rejects_only_that_file(tmp_path, monkeypatch):
    ws = workspace(
        tmp_path,
        {"Products-2026-11-18.csv": products_csv(3), "Products-2026-11-19.csv": products_csv(4, 1)},
    )
    with open_store(ws.db_path) as store:
        real = store.add_files  # the batch's write, and each file's write (add_file)

        def add_files(files):
            return real(
                [
                    # the INSERT of that file's rows fails
                    f._replace(rows=f.rows.assign(search_impressions="not a number"))
                    if f.log["file_name"].endswith("18.csv")
                    else f
                    for f in files
                ]
            )

        monkeypatch.setattr(store, "add_files", add_files)
        report = ingest_inbox(ws, store)
        assert outcomes(report) == {
            "Products-2026-11-18.csv": "rejected",
            "Products-2026-11-19.csv": "ingested",
        }
        assert "could not be read" in report.rejected[0].problem
        assert store.row_mismatches() == []
        assert list(store.ingest_log()["file_name"]) == ["Products-2026-11-19.csv"]


def test_a_file_whose_rows_fail_in_a_batch_is_the_only_one_rejected(tmp_path, monkeypatch):
    """Files are written several to a transaction. When one file's rows cannot be written,
    the batch is rolled back and written file by file: that file is rejected with its error,
    the files before and after it are in, their ids in the files' order, and the files after
    it are read as if it had never come (its product titles restore no ids)."""
    head = ",".join(REQUIRED)
    names = [f"Products-2026-11-1{d}.csv" for d in range(4)]
    bad = names[1]
    ws = workspace(
        tmp_path,
        {
            names[0]: products_csv(3),
            bad: f"{head}\n1600000012345,Solar Lantern,100,1,1,0\n",
            # its id lost digits: only a stored Solar Lantern could restore it
            names[2]: f"{head}\n1600000000000,Solar Lantern,90,1,1,0\n",
            names[3]: products_csv(4, 1),
        },
    )
    with open_store(ws.db_path) as store:
        real, batches = store.add_files, []

        def add_files(files):
            batches.append([f.log["file_name"] for f in files])
            return real(
                [
                    f._replace(rows=f.rows.assign(search_impressions="not a number"))
                    if f.log["file_name"] == bad
                    else f
                    for f in files
                ]
            )

        monkeypatch.setattr(store, "add_files", add_files)
        report = ingest_inbox(ws, store)
        log = store.query("SELECT file_name, rows FROM ingest_log ORDER BY file_id")
        lantern = store.query("SELECT product_id FROM products WHERE title = 'Solar Lantern'")
        assert store.row_mismatches() == [] and store.row_problems().empty
        events = store.query("SELECT file_name, status FROM file_events WHERE file_name <> ''")
    assert batches[0] == names  # the four in one transaction first
    assert [(r.name, r.status) for r in report.results] == [
        (names[0], "ingested"),
        (bad, "rejected"),
        (names[2], "ingested"),
        (names[3], "ingested"),
    ]
    [rejected] = report.rejected
    assert "could not be read" in rejected.problem and "not a number" in rejected.problem
    assert log.values.tolist() == [[names[0], 3], [names[2], 1], [names[3], 4]]
    assert lantern["product_id"].tolist() == ["1600000000000"]  # as if the bad file never came
    assert events.values.tolist() == [[r.name, r.status] for r in report.results]


def mutations(seed_files: dict[str, bytes]) -> dict[str, bytes]:
    """A corpus of damaged exports: truncated, bit-flipped, huge cells, odd encodings, extreme
    numbers and dates, empty, zero bytes, an HTML impostor."""
    rnd = random.Random(13)
    out: dict[str, bytes] = {}
    for name, data in seed_files.items():
        stem, ext = name.rsplit(".", 1)
        for k, frac in enumerate((0.1, 0.5, 0.9)):
            out[f"{stem}-trunc{k}.{ext}"] = data[: int(len(data) * frac)]
        for k in range(6):
            flipped = bytearray(data)
            for _ in range(1 + k * 3):
                at = rnd.randrange(len(flipped))
                flipped[at] ^= 1 << rnd.randrange(8)
            out[f"{stem}-flip{k}.{ext}"] = bytes(flipped)
    csv_text = products_csv(6)
    base = "Products-2026-11-1"
    out[f"{base}0-huge-cell.csv"] = csv_text.replace("Tent model 3", "x" * 300_000).encode()
    out[f"{base}1-utf16.csv"] = csv_text.encode("utf-16")
    out[f"{base}2-utf32.csv"] = csv_text.encode("utf-32")
    out[f"{base}3-latin1.csv"] = (csv_text + "1601562216799,Café ñ,1,1,1,0\n").encode(
        "latin-1", "replace"
    )
    for k, number in enumerate(
        ("1e308", "-1e308", "NaN", "Infinity", "99999999999999999999", "-0")
    ):
        out[f"{base}4-num{k}.csv"] = (
            ",".join([*REQUIRED, "RTS线上实收GMV"]) + f"\n1601562216792,Tent,1,1,1,0,{number}\n"
        ).encode()
    for k, when in enumerate(
        ("0001-01-01 00:00:00", "9999-12-31 23:59:59", "1900-01-01 00:00:00", "2026-02-30 10:00:00")
    ):
        out[f"inquiries-2026-11-1{k}-date.csv"] = inquiries_csv([when]).encode()
    out[f"{base}5-empty.csv"] = b"\n\n  \n"
    out[f"{base}6-zero.xls"] = b""
    out[f"{base}7-html.xls"] = b"<html><head><title>Login</title></head><body>login</body></html>"
    out[f"{base}8-header-only.xlsx"] = xlsx_bytes([REQUIRED])
    out[f"{base}9-bomb.xlsx"] = xlsx_bytes(PRODUCT_GRID, extra="XFD100000")
    return out


def test_fuzz_every_damaged_file_is_ingested_or_rejected_with_a_reason_and_the_store_stays_consistent(
    tmp_path,
):
    t0 = time.perf_counter()
    seeds = fx.fixture_bytes()
    seed_files = {
        "Products-2026-11-20.xls": seeds["native"],
        "Products-2026-10-31.xlsx": seeds["english_headers"],
        "Products-2026-11-19.csv": seeds["gb18030_resave"],
        "inquiries-2026-11-19.csv": inquiries_csv(["2026-11-19 10:00:00"]).encode(),
    }
    corpus = mutations(seed_files)
    ws = workspace(tmp_path, corpus)
    # validate (the CLI, in this process): never an exception, one line per file
    result = CliRunner().invoke(
        main, ["validate", "--workspace", str(ws.root)], catch_exceptions=False
    )
    assert result.exit_code == 1  # some files would be rejected
    assert f"/{len(corpus)} 个文件可以读入" in result.stdout
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        again = ingest_inbox(ws, store)
        assert store.row_mismatches() == []
        assert check_originals(ws, store, repair=False) == []
        log = store.ingest_log()
    assert len(report.results) == len(corpus)
    for r in report.results:
        assert r.status in ("ingested", "rejected", "skipped"), r
        if r.status == "rejected":
            assert r.problem and r.fix, r
    ingested = [r for r in report.results if r.status == "ingested"]
    assert sorted(log["file_name"]) == sorted(r.name for r in ingested)
    assert dict(zip(log["file_name"], log["rows"], strict=True)) == {
        r.name: r.rows for r in ingested
    }
    assert again.count("ingested") == 0 and again.count("rejected") == report.count("rejected")
    assert 0 < len(ingested) < len(corpus)
    assert time.perf_counter() - t0 < 40


# -- originals are never lost or torn ----------------------------------------------------------


def test_each_inbox_file_is_read_once_so_a_file_changing_during_ingest_cannot_tear_its_original(
    tmp_path, monkeypatch
):
    ws = workspace(
        tmp_path,
        {"Products-2026-11-18.csv": products_csv(3), "Products-2026-11-19.csv": products_csv(4, 1)},
    )
    first = {p.name: p.read_bytes() for p in ws.exports.iterdir()}
    reads: dict[str, int] = {}
    real = Path.read_bytes

    def read_and_change(path: Path) -> bytes:
        data = real(path)
        if path.parent == ws.exports:
            reads[path.name] = reads.get(path.name, 0) + 1
            path.write_bytes(data[: len(data) // 2])  # the browser is still writing it
        return data

    monkeypatch.setattr(Path, "read_bytes", read_and_change)
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        monkeypatch.undo()
        log = store.ingest_log()
        assert check_originals(ws, store, repair=False) == []
    assert reads == dict.fromkeys(first, 1)
    assert report.count("ingested") == 2
    for sha, original in zip(log["sha256"], log["original"], strict=True):
        kept = (ws.root / original).read_bytes()
        assert hashlib.sha256(kept).hexdigest() == sha
        assert kept in first.values()  # the bytes that were read, whole


def test_a_damaged_original_is_repaired_from_the_inbox_or_the_file_to_put_back_is_named(tmp_path):
    ws = workspace(
        tmp_path,
        {"Products-2026-11-18.csv": products_csv(3), "Products-2026-11-19.csv": products_csv(4, 1)},
    )
    (ws.root / "opsreport.toml").write_text('store_name = "t"\n')
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store)
        log = store.ingest_log()
    originals = {n: ws.root / o for n, o in zip(log["file_name"], log["original"], strict=True)}
    good = originals["Products-2026-11-18.csv"].read_bytes()
    originals["Products-2026-11-18.csv"].write_bytes(good[:10])  # a copy cut short
    run = CliRunner().invoke(main, ["check", "--workspace", str(ws.root)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert "修复了 1 个原件，0 个需要放回" in run.stdout
    assert originals["Products-2026-11-18.csv"].read_bytes() == good
    # gone from the inbox too: named, and the next ingest (every build) goes on and says so
    originals["Products-2026-11-18.csv"].unlink()
    (ws.exports / "Products-2026-11-18.csv").unlink()
    run = CliRunner().invoke(main, ["check", "--workspace", str(ws.root)], catch_exceptions=False)
    assert run.exit_code == 1
    said = " ".join(run.stderr.split())
    assert "保存的原件不见了" in said
    assert "把文件 Products-2026-11-18.csv" in said and "放回 exports/" in said
    (ws.exports / "Products-2026-11-20.csv").write_text(products_csv(2, 5))
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        events = store.last_run_events()
    assert report.count("ingested") == 1
    assert [(o.file_name, o.repaired) for o in report.originals] == [
        ("Products-2026-11-18.csv", False)
    ]
    # and the import status page lists it with the file to put back
    damaged = events[events["status"] == "damaged"].to_dict("records")
    assert len(damaged) == 1 and "Products-2026-11-18.csv" in damaged[0]["fix"]


def test_originals_are_written_atomically(tmp_path, monkeypatch):
    """A failure while the copy is written (a full disk) leaves no torn original behind, and
    stops the ingest with the disk's problem (not the file's: it is not to be saved again)."""
    ws = workspace(tmp_path, {"Products-2026-11-18.csv": products_csv(3)})

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # what write_atomic calls
    with open_store(ws.db_path) as store:
        with pytest.raises(WorkspaceError, match="the disk is full"):
            ingest_inbox(ws, store)
        assert len(store.ingest_log()) == 0
    assert list(ws.originals.iterdir()) == []  # no partial file, no temporary file


# -- smaller ones ------------------------------------------------------------------------------


def test_utf16_csv_is_read_like_its_utf8_twin_and_big5_is_named():
    text = products_csv(4)
    want = parse_export("Products-2026-11-19.csv", text.encode()).rows
    for encoded in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-32")):
        got = parse_export("Products-2026-11-19.csv", encoded).rows
        assert got.equals(want)
    # Traditional Chinese Excel saves Big5: simplified headers it cannot hold become '?'
    big5 = text.encode("big5", errors="replace")
    with pytest.raises(IngestError) as info:
        parse_export("Products-2026-11-19.csv", big5)
    assert "Big5" in info.value.problem


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_hidden_files_and_links_are_skipped_each_with_its_line(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "Products-2026-11-17.csv").write_text(products_csv(2))
    ws = workspace(
        tmp_path,
        {
            "Products-2026-11-18.csv": products_csv(3),
            ".Products-2026-11-19.csv": products_csv(3, 1),
            ".hidden/Products-2026-11-20.csv": products_csv(3, 2),
        },
    )
    (ws.exports / "broken.csv").symlink_to(tmp_path / "nowhere.csv")
    (ws.exports / "outside.csv").symlink_to(outside / "Products-2026-11-17.csv")
    (ws.exports / "inside-link.csv").symlink_to(ws.exports / "Products-2026-11-18.csv")
    (ws.root / "opsreport.toml").write_text('store_name = "t"\n')
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        events = store.last_run_events()
    skipped = {r.name: r.problem for r in report.results if r.status == "skipped"}
    assert "hidden file" in skipped[".Products-2026-11-19.csv"]
    assert "hidden folder" in skipped[".hidden/"]
    assert "broken link" in skipped["broken.csv"]
    assert "outside exports/" in skipped["outside.csv"] and "not followed" in skipped["outside.csv"]
    assert skipped["inside-link.csv"].startswith("same content as")  # followed: inside the inbox
    assert report.summary() == "1 ingested, 1 already held, 0 rejected, 4 not read"
    assert not any("2026-11-17" in p.name for p in ws.originals.iterdir())  # never copied in
    # the import status page and the CLI list them
    assert set(skipped) <= set(events["file_name"])
    run = CliRunner().invoke(
        main, ["validate", "--workspace", str(ws.root)], catch_exceptions=False
    )
    said = " ".join(run.stderr.split())
    assert "跳过 outside.csv：指向 exports/ 之外" in said and "跳过 broken.csv：失效的链接" in said


def test_control_characters_from_file_names_and_cells_never_reach_the_terminal(tmp_path):
    evil = "\x1b[2J\x1b]0;pwned\x07"
    ws = workspace(
        tmp_path,
        {
            f"Products-2026-11-19{evil}.csv": products_csv(2).replace("产品ID", f"产品ID{evil}"),
            f"x{evil}.xls": f"<html>{evil}</html>",
        },
    )
    (ws.root / "opsreport.toml").write_text('store_name = "t"\n')
    for command in ("validate", "ingest", "status"):
        run = CliRunner().invoke(
            main, [command, "--workspace", str(ws.root)], catch_exceptions=False
        )
        assert "\x1b" not in run.output and "\x07" not in run.output, command
    assert "\\x1b[2J" in run.output  # shown as its code
    assert printable("a\x1b[31mb\r\nc\u202e") == "a\\x1b[31mb\\x0d\\nc\\u202e"
