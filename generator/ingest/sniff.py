"""A file's format from its bytes (OLE2, zip, HTML, text and its encoding), encrypted
workbooks, and CSV text read into a grid."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..foundation.errors import IngestError
from .limits import Grid, Limits

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


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
        width = measured = 0  # the widest row so far (cells not blank), of grid[:measured]
        for row in reader:
            if len(row) > limits.max_columns:
                raise IngestError(
                    name,
                    f"line {reader.line_num} of the CSV has {len(row):,} columns, more than"
                    f" max_sheet_columns = {limits.max_columns:,}",
                    "open it in Excel, delete the columns after the table and save again",
                )
            if "\n" not in "".join(row):  # the usual row: no cell spans lines
                grid.append(row)
                continue
            for seen in (*grid[measured:], row):  # measured only when a cell spans lines
                width = max(width, sum(1 for c in seen if c.strip()))
            measured = len(grid) + 1
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
