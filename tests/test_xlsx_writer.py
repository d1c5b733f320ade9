"""The table downloads' workbooks (render/xlsx.py, written without a general XLSX library): what
Excel users see — headers with units, numbers as numbers in each column's format, the frozen
header and the filter — read back with two independent readers (openpyxl and python-calamine),
a stranger's text kept as text, and the same table giving the same bytes."""

from __future__ import annotations

import io
import math
import zipfile
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

from generator.render.downloads import to_xlsx
from generator.render.markup import Col
from generator.render.xlsx import column_letter, sheet_name

COLS = [
    Col("title", "产品名称"),
    Col("spend", "花费", "yuan"),
    Col("ctr", "点击率", "rate"),
    Col("clicks", "点击", "count"),
    Col("change", "变化", "change"),
    Col("day", "日期", "date"),
    Col("owner", "负责人"),
]

UNTRUSTED = [
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script> & co",
    "  padded  ",
    "bell\x07 and _x0041_ literally",
    "中文标题 Solar Light",
]


def table() -> pd.DataFrame:
    n = len(UNTRUSTED)
    return pd.DataFrame(
        {
            "title": UNTRUSTED,
            "spend": [1234.5, np.nan, 0.0, 7.25, 1e9],
            "ctr": [0.0123, 0.5, np.nan, 1.0, 0.0],
            "clicks": pd.array([12, None, 0, 3, 40], dtype="Int64"),
            "change": [0.25, -0.5, np.inf, -np.inf, np.nan],
            "day": pd.to_datetime(["2026-11-21", None, "2026-11-20", "2026-01-01", "2025-12-31"]),
            "owner": ["张伟", None, "李娜", "张伟", ""][:n],
        }
    )


def calamine_rows(data: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_a_download_reads_back_as_the_table_in_two_readers() -> None:
    data = to_xlsx(table(), COLS, "产品表现")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    assert header == ["产品名称", "花费（元）", "点击率", "点击", "变化", "日期", "负责人"]
    assert ws.title == "产品表现"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G6"
    assert all(c.font.b for c in ws[1]) and not ws["A2"].font.b
    formats = [c.number_format for c in ws[2]]
    assert formats == [
        "General",
        "#,##0.00",
        "0.0%",
        "#,##0",
        "+0.0%;-0.0%;0.0%",
        "yyyy-mm-dd",
        "General",
    ]
    assert ws.column_dimensions["A"].width > 50  # titles get room
    first = [c.value for c in ws[2]]
    assert first == [UNTRUSTED[0], 1234.5, 0.0123, 12, 0.25, "2026-11-21", "张伟"]
    # missing values are empty cells, never 0; a non-finite change is left empty
    second = [c.value for c in ws[3]]
    assert second[1:4] == [None, 0.5, None] and second[5:] == [None, None]
    assert ws["E4"].value is None and ws["E5"].value is None
    assert ws["B6"].value == 1e9
    rows = calamine_rows(data)
    assert rows[0] == header
    assert [r[0] for r in rows[1:]] == UNTRUSTED  # text comes back exactly, spaces and all
    assert rows[1][1] == 1234.5 and rows[2][1] == "" and rows[3][1] == 0.0


def test_a_strangers_text_stays_text() -> None:
    """A title that looks like a formula is a text cell (nothing runs when the file opens), and
    markup or control characters do not break the file."""
    data = to_xlsx(table(), COLS, "s")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = ws["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            ElementTree.fromstring(z.read(name))  # every part is well-formed XML
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and "<script>" not in z.read("xl/sharedStrings.xml").decode()


def test_the_same_table_gives_the_same_bytes_and_an_empty_one_still_opens() -> None:
    assert to_xlsx(table(), COLS, "s") == to_xlsx(table(), COLS, "s")
    empty = to_xlsx(table().iloc[:0], COLS, "s")
    ws = openpyxl.load_workbook(io.BytesIO(empty)).active
    assert [c.value for c in ws[1]][:2] == ["产品名称", "花费（元）"]
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:G2"


def test_sheet_names_and_column_letters_are_what_excel_accepts() -> None:
    assert sheet_name("产品:表[1]/a?") == "产品_表_1__a_"
    assert len(sheet_name("x" * 40)) == 31 and sheet_name("") == "Sheet1"
    named = openpyxl.load_workbook(io.BytesIO(to_xlsx(table(), COLS, "Bob's & <Co>"))).active
    assert named.title == "Bob's & <Co>" and named.auto_filter.ref == "A1:G6"
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
    wide = pd.DataFrame({f"c{i}": [float(i)] for i in range(30)})
    data = to_xlsx(wide, [Col(f"c{i}", f"列{i}", "count") for i in range(30)], "宽表")
    rows = calamine_rows(data)
    assert rows[1] == [float(i) for i in range(30)]
    assert not any(isinstance(v, float) and math.isnan(v) for v in rows[1])
