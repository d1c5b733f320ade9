"""The extent of a sheet (its rows and columns), measured cheaply from the raw bytes of an
.xlsx (its cell references) or an .xls (its BIFF records) before python-calamine reads it."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from typing import Any

from ..foundation.errors import IngestError
from .limits import CHILD_CELLS, MB, Limits, size_text

# the r="B12" of a cell and the r="12" of a row (other elements of a sheet have no r attribute)
_REF_COL = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{1,4})")
_REF_ROW = re.compile(rb"\sr\s*=\s*[\"']\$?[A-Za-z]{0,4}\$?([0-9]{1,12})[\"']")
# a row or cell without its r attribute: python-calamine places it after the one before, so
# a few KB of bare <row/> and <c/> reach any row and column without a reference to measure
_NO_REF = re.compile(rb"<(?:\w+:)?(?:row|c)\b(?![^>]*\sr\s*=)[^>]*>")
# the counts a shared-string table declares: python-calamine reserves room for that many
# strings before reading one, so a 1 KB table declaring 4,294,967,295 aborts the process
_SST_COUNT = re.compile(rb"\b(?:uniqueCount|count)\s*=\s*[\"']\s*([0-9]{1,20})")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?\b(?:\w+:)?id\s*=\s*[\"']([^\"']+)[\"']")
_REL = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTR = re.compile(rb"\b(Id|Target)\s*=\s*[\"']([^\"']*)[\"']")


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _declared_strings(z: zipfile.ZipFile) -> int:
    """The largest string count a shared-string table of the workbook declares (0: none)."""
    most = 0
    for name in z.namelist():
        if name.lower().endswith("sharedstrings.xml"):
            with z.open(name) as stream:
                head = stream.read(64 * 1024)
            start = head[: head.find(b"<si")] if b"<si" in head else head
            most = max(most, *map(int, _SST_COUNT.findall(start)), 0)
    return most


def _first_sheet_part(z: zipfile.ZipFile) -> list[str]:
    """The first sheet's part name (the one python-calamine reads), or every worksheet when the
    workbook's index cannot be read."""
    parts = [
        n for n in z.namelist() if n.lower().startswith("xl/worksheets/") and n.endswith(".xml")
    ]
    try:
        book = z.open("xl/workbook.xml").read(2 * MB)
        rels = z.open("xl/_rels/workbook.xml.rels").read(2 * MB)
        first = _SHEET.search(book)
        if first:
            for rel in _REL.findall(rels):
                attrs = dict(_ATTR.findall(rel))
                if attrs.get(b"Id") == first.group(1):
                    target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
                    name = target if target.startswith("xl/") else "xl/" + target
                    if name in z.namelist():
                        return [name]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        pass
    return parts


def _chunks(stream: Any, size: int = MB) -> Iterator[bytes]:
    while chunk := stream.read(size):
        yield chunk


def xlsx_extent(data: bytes, limits: Limits) -> tuple[int, int, int] | None:
    """(rows, columns, unpacked bytes) of the first sheet, from its cell and row references (the
    declared ``<dimension>`` can lie, and python-calamine ignores it); None when the zip or
    sheet cannot be read (python-calamine will say it is damaged), or when a row or cell has no
    reference or the shared strings declare more than a sheet holds (then the sheet is read in
    a child)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = _first_sheet_part(z)
            if not parts:
                return None
            if _declared_strings(z) > CHILD_CELLS:
                return None
            rows = cols = unpacked = 0
            cap = 10 * limits.max_file_bytes
            for part in parts:
                with z.open(part) as stream:
                    tail = b""
                    for chunk in _chunks(stream):
                        unpacked += len(chunk)
                        if unpacked > cap:
                            return rows, cols, unpacked
                        text = tail + chunk  # a reference cut by the chunk's end is whole here
                        if _NO_REF.search(text):
                            return None
                        cols = max(cols, *map(col_number, set(_REF_COL.findall(text))), 0)
                        rows = max(rows, *map(int, _REF_ROW.findall(text)), 0)
                        tail = text[-4096:]
            return rows, cols, unpacked
    except Exception:  # zipfile and zlib raise many types for a damaged zip
        return None


# BIFF8 records that hold one cell: row (u16) and column (u16) come first
_CELL_RECORDS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0201, 0x0205, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column (u16)


def xls_extent(data: bytes) -> tuple[int, int, int] | None:
    """(rows, columns, stream bytes) of the workbook's largest sheet, from its DIMENSIONS
    records (which python-calamine trusts) and its cell records; None when the OLE2 container
    cannot be read."""
    try:
        import olefile

        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return None
            stream = ole.openstream(name).read()
        finally:
            ole.close()
    except Exception:  # olefile raises many types for damaged containers
        return None
    rows = cols = 0
    pos, end = 0, len(stream)
    unpack = struct.unpack_from
    head = struct.Struct("<HHHH").unpack_from  # record id, length, then a cell's row, column
    cell_records, multi_records = _CELL_RECORDS, _MULTI_RECORDS
    # the walk, record by record; a cell record's row and column read with its header
    while pos + 8 <= end:
        rid, length, r, c = head(stream, pos)
        if rid in cell_records:
            if length >= 4:
                if r >= rows:
                    rows = r + 1
                if c >= cols:
                    cols = c + 1
        elif rid in multi_records:  # MULRK, MULBLANK: a row's run of cells
            if length >= 6 and pos + 4 + length <= end:
                if r >= rows:
                    rows = r + 1
                last = stream[pos + 2 + length] | stream[pos + 3 + length] << 8
                if last >= cols:
                    cols = last + 1
        elif rid == 0x0200:
            rows, cols = _other_extent(stream, pos, rid, length, rows, cols)
        pos += 4 + length
    while pos + 4 <= end:  # the last record, shorter than a cell's header
        rid, length = unpack("<HH", stream, pos)
        rows, cols = _other_extent(stream, pos, rid, length, rows, cols)
        pos += 4 + length
    return rows, cols, len(stream)


def _other_extent(
    stream: bytes, pos: int, rid: int, length: int, rows: int, cols: int
) -> tuple[int, int]:
    """``rows``, ``cols`` widened by the record at ``pos`` (DIMENSIONS, MULRK, MULBLANK, or a
    cell record near the stream's end)."""
    unpack = struct.unpack_from
    body, end = pos + 4, len(stream)
    if rid == 0x0200 and length >= 14 and body + 14 <= end:
        _rw0, rw1, _c0, c1 = unpack("<IIHH", stream, body)
        rows, cols = max(rows, rw1), max(cols, c1)
    elif rid == 0x0200 and length >= 10 and body + 10 <= end:
        _r0, r1, _c0, c1 = unpack("<HHHH", stream, body)
        rows, cols = max(rows, r1), max(cols, c1)
    elif rid in _CELL_RECORDS and length >= 4 and body + 4 <= end:
        r, c = unpack("<HH", stream, body)
        rows, cols = max(rows, r + 1), max(cols, c + 1)
    elif rid in _MULTI_RECORDS and length >= 6 and body + length <= end:
        r, _c = unpack("<HH", stream, body)
        (last,) = unpack("<H", stream, body + length - 2)
        rows, cols = max(rows, r + 1), max(cols, last + 1)
    return rows, cols


def check_extent(name: str, fmt: str, data: bytes, limits: Limits) -> tuple[int, int] | None:
    """Reject a sheet past the limits before it is read; return its (rows, columns), or None
    when they cannot be measured."""
    extent = xlsx_extent(data, limits) if fmt == "xlsx" else xls_extent(data)
    if extent is None:
        return None
    rows, cols, unpacked = extent
    if fmt == "xlsx" and unpacked > 10 * limits.max_file_bytes:
        raise IngestError(
            name,
            f"the sheet unpacks to more than {size_text(10 * limits.max_file_bytes)}"
            f" (10 × max_file_mb = {limits.max_file_mb} MB): far more than an export holds",
            "export a shorter period again from the backend, or raise max_file_mb in"
            " opsreport.toml if the file is really an export",
        )
    if rows > limits.max_rows or cols > limits.max_columns:
        raise IngestError(
            name,
            f"the sheet reaches row {rows:,} and column {cols:,}, more than max_sheet_rows ="
            f" {limits.max_rows:,} / max_sheet_columns = {limits.max_columns:,} (a stray cell far"
            " below or to the right of the table makes it that big)",
            "open it in Excel, press Ctrl+End to find the last cell, delete the rows and columns"
            " after the table and save again (or export it again); raise max_sheet_rows /"
            " max_sheet_columns in opsreport.toml if the sheet really is that big",
        )
    return rows, cols
