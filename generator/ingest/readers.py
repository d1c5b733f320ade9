"""Sniff a file's bytes and read its first sheet into a grid of cells.

Native exports are BIFF8 ``.xls`` (OLE2), some are ``.xlsx``; operators re-save as ``.csv``
(UTF-8 or GB18030). A file that starts like an HTML page is a login page saved under an
``.xls`` name. Excel files are read with python-calamine, which handles both formats.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from python_calamine import CalamineWorkbook

from ..errors import IngestError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

Grid = list[list[Any]]


def sniff(data: bytes) -> str:
    """The real format of the bytes: ``xls``, ``xlsx``, ``html``, ``csv``, ``empty`` or ``binary``."""
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


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM) first, then GB18030 (Chinese Excel)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data[:1], 0, 1, "neither UTF-8 nor GB18030")


def read_grid(name: str, data: bytes) -> tuple[Grid, str]:
    """The first sheet as rows of cells, and the format read. Raises :class:`IngestError`."""
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
        try:
            text, _enc = decode_text(data)
        except UnicodeDecodeError:
            raise IngestError(
                name,
                "the CSV is neither UTF-8 nor GB18030 text",
                "open it in Excel and save it again as CSV",
            ) from None
        sample = text[:4096]
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect)), "csv"
    if fmt == "xls" and is_encrypted_workbook(data):
        raise IngestError(name, *PASSWORD_PROTECTED)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise ValueError("the workbook has no sheet")
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for damaged files
        detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        if "password" in detail.lower() or "encrypt" in detail.lower():
            raise IngestError(name, *PASSWORD_PROTECTED) from None
        raise IngestError(
            name,
            f"the {fmt} file is damaged or incomplete (probably a cut-off download): {detail}",
            "download the export again from the backend (a sheet you fill in: open your copy"
            " in Excel and save it again) and replace this file",
        ) from None
    return [list(r) for r in rows], fmt
