"""Writing one file of the demo store: native BIFF8 ``.xls`` (xlwt, like the backend), operator
sheets ``.xlsx`` (xlsxwriter, header on row 1) and operator re-saves ``.csv``.

A job is a plain tuple ``(format, path, payload)`` so that worker processes can write it; the
bytes depend on the job only (xlsx creation time fixed), never on the clock or the order.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import xlsxwriter
import xlwt

Row = list[Any]

# The creation time written into every .xlsx (docProps/core.xml): fixed, so bytes are stable.
XLSX_CREATED = dt.datetime(2026, 1, 1, 0, 0, 0)


def native_job(
    path: Path,
    sheet: str,
    headers: list[str],
    rows: list[Row],
    *,
    title: str = "",
    period: tuple[dt.date, dt.date] | None = None,
    source: str = "",
    note: str = "",
    totals: Row | None = None,
    preamble: bool = True,
) -> tuple:
    """A native export: five preamble rows (title with 时间周期, source, note), header on Excel
    row 6, data, optionally a 合计 row; or, with ``preamble=False``, the header on row 1."""
    head: list[str] = []
    if preamble:
        first = title
        if period is not None:
            first += f" 时间周期{period[0].isoformat()}~{period[1].isoformat()}"
        head = [first, source, note]
    return ("xls", str(path), (sheet, head, headers, rows, totals))


def sheet_job(path: Path, sheet: str, headers: list[str], rows: list[Row]) -> tuple:
    """An operator sheet (.xlsx): header on row 1, one row per record."""
    return ("xlsx", str(path), (sheet, headers, rows))


def csv_job(path: Path, rows: list[Row], encoding: str) -> tuple:
    """A re-save as CSV (all cells already text), in ``encoding`` (gb18030 for Chinese Excel)."""
    return ("csv", str(path), (rows, encoding))


def _write_xls(path: str, payload: tuple) -> None:
    sheet, head, headers, rows, totals = payload
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    r0 = 0
    if head:
        for i, text in enumerate(head):
            if text:
                ws.write(i, 0, text)
        r0 = 5
    row = ws.row(r0)
    for c, name in enumerate(headers):
        row.set_cell_text(c, name)
    body = rows + ([totals] if totals is not None else [])
    for r, values in enumerate(body, start=r0 + 1):
        row = ws.row(r)
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, str):
                row.set_cell_text(c, v)
            else:
                row.set_cell_number(c, v)
    wb.save(path)


def _write_xlsx(path: str, payload: tuple) -> None:
    sheet, headers, rows = payload
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    wb.set_properties({"created": XLSX_CREATED, "author": "演示店铺"})
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.freeze_panes(1, 0)
    for c, name in enumerate(headers):
        ws.set_column(c, c, max(10, min(40, 2 * len(name) + 2)))
        ws.write_string(0, c, name, bold)
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, dt.datetime):
                ws.write_datetime(r, c, v, stamp)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), day)
            else:
                ws.write_number(r, c, v)
    wb.close()


def _write_csv(path: str, payload: tuple) -> None:
    rows, encoding = payload
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        writer.writerow(["" if v is None else v for v in r])
    Path(path).write_bytes(buf.getvalue().encode(encoding))


def write_job(job: tuple) -> str:
    fmt, path, payload = job
    {"xls": _write_xls, "xlsx": _write_xlsx, "csv": _write_csv}[fmt](path, payload)
    return path
