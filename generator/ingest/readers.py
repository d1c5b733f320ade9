"""Sniff a file's bytes and read its first sheet into a grid of cells.

Native exports are BIFF8 ``.xls`` (OLE2), some are ``.xlsx``; operators re-save as ``.csv``
(UTF-8 or GB18030). A file that starts like an HTML page is a login page saved under an
``.xls`` name. Excel files are read with python-calamine, which handles both formats.

Reading is bounded: the file's size, and the rows and columns a sheet really uses (its cell
references, measured cheaply from the raw bytes before python-calamine sees them), are checked
against :class:`Limits` first — calamine allocates the whole rectangle up to the farthest cell,
so one cell at ``XFD1048576`` in a 5 KB workbook would abort the process. A workbook that is
big, or whose extent cannot be measured, is read in a child process, so that even a native
crash of the reader can only reject that one file.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import re
import struct
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook

from ..foundation.errors import IngestError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")

Grid = list[list[Any]]
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How big a file and its first sheet may be (settings max_file_mb, max_sheet_rows,
    max_sheet_columns)."""

    max_file_mb: int = 200
    max_rows: int = 1_000_000
    max_columns: int = 500

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MB

    @classmethod
    def of(cls, settings: Any) -> Limits:
        return cls(settings.max_file_mb, settings.max_sheet_rows, settings.max_sheet_columns)


# a sheet read in this process at most this big (bytes, and cells of its rectangle); a bigger
# one, or one whose extent cannot be measured, is read in a child process
CHILD_BYTES = 4 * MB
CHILD_CELLS = 2_000_000
CHILD_SECONDS = (
    120  # a child reading longer than this (+1 s per MB) is stopped: the file is rejected
)


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} bytes"


def too_big(name: str, size: int, limits: Limits) -> IngestError:
    return IngestError(
        name,
        f"the file is {size_text(size)}, more than max_file_mb = {limits.max_file_mb} MB",
        "export a shorter period (or fewer rows), or raise max_file_mb in opsreport.toml if the"
        " file is really an export",
    )


def sniff(data: bytes) -> str:
    """The real format of the bytes: ``xls``, ``xlsx``, ``html``, ``csv``, ``empty`` or ``binary``."""
    if data.startswith((*UTF16_BOMS, *UTF32_BOMS)) or utf16_without_bom(data):
        return "csv" if data[2:].strip(b"\x00 \t\r\n") else "empty"
    if not data.strip():
        return "empty"
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype", b"<?xml", b"<head", b"<meta")):
        return "html"
    if b"\x00" in data[:4096]:
        return "binary"
    return "csv"


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for text whose every other byte is NUL (ASCII in UTF-16)."""
    head = data[:2048]
    if len(head) < 8 or len(head) % 2:
        head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) >= 0.6 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.6 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


# An .xlsx saved with a password to open is not a zip but an OLE2 container (MS-OFFCRYPTO)
# whose directory holds these streams; python-calamine only says it cannot detect the format.
ENCRYPTED_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptedPackage", "EncryptionInfo"))

PASSWORD_PROTECTED = (
    "the workbook is password-protected",
    "remove the password in Excel (File → Info → Protect Workbook → Encrypt with Password:"
    " clear it) and save again",
)


def is_encrypted_workbook(data: bytes) -> bool:
    """An OLE2 file whose directory names the EncryptedPackage or EncryptionInfo stream: an
    encrypted (password-protected) Office workbook. Directory entries are 128-byte records,
    aligned to 128 bytes in the file, that start with the UTF-16LE name and hold its byte length
    (with the closing NUL) at offset 64; a cell's text that merely contains the name does not."""
    if not data.startswith(OLE2_MAGIC):
        return False
    for name in ENCRYPTED_STREAMS:
        at = data.find(name)
        while at != -1:
            if at % 128 == 0 and int.from_bytes(data[at + 64 : at + 66], "little") == len(name) + 2:
                return True
            at = data.find(name, at + 1)
    return False


def _gb_share(text: str) -> float:
    """The share of the text's CJK characters that are common simplified Chinese (GB2312)."""
    cjk = [ch for ch in text[:20000] if ord(ch) >= 0x2E80]
    if not cjk:
        return 1.0
    common = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(cjk)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 (with a BOM, or plain ASCII-range UTF-16), UTF-8 (with or
    without BOM), then GB18030 (Chinese Excel) — or Big5 (Traditional Chinese Excel) when the
    bytes read as Big5 and as GB18030 give mostly rare characters."""
    if data.startswith(UTF32_BOMS):
        return data.decode("utf-32"), "utf-32"
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    wide = utf16_without_bom(data)
    if wide:
        return data.decode(wide, errors="replace"), wide
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _gb_share(text) >= 0.8:
        return text, "gb18030"
    try:
        return data.decode("big5"), "big5"
    except UnicodeDecodeError:
        pass
    if text:
        return text, "gb18030"
    raise UnicodeDecodeError("gb18030", data[:1], 0, 1, "neither UTF-8 nor GB18030")


# -- the extent of a sheet, measured from the raw bytes ---------------------------------------

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
    while pos + 4 <= end:
        rid, length = unpack("<HH", stream, pos)
        body = pos + 4
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
        pos = body + length
    return rows, cols, len(stream)


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


# -- CSV ------------------------------------------------------------------------------------


def read_csv(name: str, data: bytes, limits: Limits) -> tuple[Grid, str]:
    """The rows of a CSV text file, and its encoding. A quote opened and never closed swallows
    the lines after it into one cell: that is rejected as malformed, not read as fewer rows."""
    lines = data.count(b"\n")
    if lines > limits.max_rows:
        raise IngestError(
            name,
            f"the CSV has {lines:,} lines, more than max_sheet_rows = {limits.max_rows:,}",
            "export a shorter period, or raise max_sheet_rows in opsreport.toml",
        )
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError:
        raise IngestError(
            name,
            "the CSV is neither UTF-8, UTF-16, UTF-32, GB18030 nor Big5 text",
            "open it in Excel and save it again as CSV",
        ) from None
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    delimiter = getattr(dialect, "delimiter", ",")
    old_limit = csv.field_size_limit()
    grid: Grid = []
    try:
        csv.field_size_limit(max(old_limit, len(text) + 1))
        reader = csv.reader(io.StringIO(text), dialect)
        width = 0
        for row in reader:
            if len(row) > limits.max_columns:
                raise IngestError(
                    name,
                    f"line {reader.line_num} of the CSV has {len(row):,} columns, more than"
                    f" max_sheet_columns = {limits.max_columns:,}",
                    "open it in Excel, delete the columns after the table and save again",
                )
            width = max(width, sum(1 for c in row if c.strip()))
            for col, cell in enumerate(row):
                swallowed = _swallowed_lines(cell, delimiter, width)
                if swallowed:
                    raise IngestError(
                        name,
                        f'malformed CSV: a quote (") opened in column {col + 1} of the record'
                        f" ending on line {reader.line_num} is never closed where it should be,"
                        f" so {swallowed} following line(s) of the table would be read as one"
                        " cell and their rows lost",
                        "open the file in a text editor, find that cell and remove the stray"
                        " quote (or export the file again), then save it again",
                    )
            grid.append(row)
    except csv.Error as exc:
        raise IngestError(
            name,
            f"malformed CSV near line {len(grid) + 1}: {exc}",
            "open it in Excel and save it again as CSV, or export the file again",
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    return grid, encoding


def _swallowed_lines(cell: str, delimiter: str, width: int) -> int:
    """How many table rows a cell holds: lines inside one cell that have as many separators as
    the table has columns are rows that a stray quote swallowed (a text with line breaks, such
    as an inquiry message, has few of them)."""
    if "\n" not in cell or width < 3:
        return 0
    need = max(2, width - 2)
    return sum(1 for line in cell.split("\n")[1:] if line.count(delimiter) >= need)


# -- reading --------------------------------------------------------------------------------


def damaged(name: str, fmt: str, detail: str) -> IngestError:
    if "password" in detail.lower() or "encrypt" in detail.lower():
        return IngestError(name, *PASSWORD_PROTECTED)
    return IngestError(
        name,
        f"the {fmt} file is damaged or incomplete (probably a cut-off download): {detail}",
        "download the export again from the backend (a sheet you fill in: open your copy"
        " in Excel and save it again) and replace this file",
    )


def read_workbook(name: str, fmt: str, data: bytes) -> Grid:
    """The first sheet of an .xls/.xlsx, read by python-calamine in this process."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise ValueError("the workbook has no sheet")
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several error types (a Rust panic too)
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise damaged(name, fmt, detail) from None
    return [list(r) for r in rows]


CHILD_MEMORY = 4 * 1024 * MB  # the memory a child reader may take beyond what it inherits


def _limit_memory(data: bytes) -> None:
    """Cap the child's address space (where the OS allows it): an allocation past the cap
    fails inside the child, which dies alone, instead of making the machine swap or the OOM
    killer pick another process."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        cap = current + CHILD_MEMORY + 20 * len(data)
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, OSError, ValueError):
        pass


def _child_read(conn: Any, name: str, fmt: str, data: bytes, parent: int) -> None:
    from ..foundation.lifeline import die_with_parent

    die_with_parent(parent)  # a build killed while this child reads leaves no reader behind
    _limit_memory(data)
    try:  # a crash's backtrace is not the user's business: the rejection says what happened
        import faulthandler

        faulthandler.disable()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
    except OSError:
        pass
    try:
        conn.send(("ok", read_workbook(name, fmt, data)))
    except IngestError as exc:
        conn.send(("error", (exc.file_name, exc.problem, exc.fix)))
    finally:
        conn.close()


def read_workbook_in_child(name: str, fmt: str, data: bytes) -> Grid:
    """:func:`read_workbook` in a child process: if the native reader crashes (or runs out
    of memory, or hangs), only this file is rejected."""
    from ..foundation.portable import portable

    # fork where the system has it (cheap); spawn elsewhere (Windows, or portable mode forced)
    forks = not portable() and "fork" in multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if forks else "spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_read, args=(send, name, fmt, data, os.getpid()), daemon=True)
    child.start()
    send.close()
    allowed = CHILD_SECONDS + len(data) // MB
    deadline = time.monotonic() + allowed
    got: Any = None
    try:
        while got is None:
            if receive.poll(0.05):
                try:
                    got = receive.recv()
                except (EOFError, OSError):
                    break
            elif not child.is_alive() and not receive.poll(0):
                break
            elif time.monotonic() > deadline:
                child.kill()
                raise IngestError(
                    name,
                    f"reading the {fmt} file took more than {allowed} s and was stopped",
                    "open it in Excel and save it again (or export it again), then replace this file",
                )
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if got is None:
        code = child.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        raise IngestError(
            name,
            f"the {fmt} reader crashed on this file ({how}): the file is damaged or far bigger"
            " inside than it looks",
            "open it in Excel and save it again (or export it again), then replace this file",
        )
    status, value = got
    if status == "error":
        raise IngestError(*value)
    return value  # type: ignore[no-any-return]


def read_grid(name: str, data: bytes, limits: Limits | None = None) -> tuple[Grid, str]:
    """The first sheet as rows of cells, and the format read. Raises :class:`IngestError`."""
    limits = limits or Limits()
    if len(data) > limits.max_file_bytes:
        raise too_big(name, len(data), limits)
    fmt = sniff(data)
    if fmt == "empty":
        raise IngestError(
            name,
            "the file is empty (0 bytes or only blanks)",
            "export it again from the backend (a sheet you fill in: save it again from Excel)",
        )
    if fmt == "html":
        raise IngestError(
            name,
            "this is a web page (probably the login or session-expired page), not an Excel export",
            "log in to the seller backend again, export the report again, and replace this file",
        )
    if fmt == "binary":
        raise IngestError(
            name,
            "the file is neither Excel nor text",
            "export it again as .xls/.xlsx, or save it as CSV",
        )
    if fmt == "csv":
        grid, _encoding = read_csv(name, data, limits)
        return grid, "csv"
    if fmt == "xls" and is_encrypted_workbook(data):
        raise IngestError(name, *PASSWORD_PROTECTED)
    extent = check_extent(name, fmt, data, limits)
    small = extent is not None and extent[0] * extent[1] <= CHILD_CELLS
    if small and len(data) <= CHILD_BYTES:
        return read_workbook(name, fmt, data), fmt
    return read_workbook_in_child(name, fmt, data), fmt
