"""The table downloads' workbook, written directly: one sheet, the header row bold on a grey
fill with a border, each column's width and number format, the header frozen, a filter over
the table.

A general writer (xlsxwriter) spent about 30 ms on a table through its per-cell machinery, most
of a first build's render time (a store's history has over a thousand tables); this writes the
same parts (workbook, styles, shared strings, one worksheet) from a few string templates, a
column of cells at a time. The bytes are deterministic: the same table gives the same file
(fixed zip dates and order), so an unchanged download stays unchanged.

Text is escaped as Excel expects (``&<>``, control characters as ``_xHHHH_`` and a literal
``_xHHHH_`` protected), and is never a formula: cells are numbers or shared strings only.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Sequence
from io import BytesIO

# cell values: text, a number, or None (left empty)
Cell = str | float | None

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

_CONTENT_TYPES = (
    _DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_FONT = '<sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/>'
_THIN = '<{0} style="thin"><color auto="1"/></{0}>'


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """Text as a shared string's XML: escaped, control characters as Excel writes them."""
    if "_x" in value:
        value = _ESCAPE_LIKE.sub(r"_x005F\1", value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    value = html.escape(value, quote=False)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<si><t xml:space="preserve">{value}</t></si>'
    return f"<si><t>{value}</t></si>"


def _width(chars: float) -> float:
    """A column width in characters as Excel stores it (with its cell padding)."""
    return int(chars * 7 + 0.5 + 5) / 7


def sheet_name(name: str) -> str:
    """A valid sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    return _INVALID_SHEET.sub("_", name)[:31].strip("'") or "Sheet1"


class _Strings:
    """The shared strings: each distinct text once, by its index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        got = self.index.get(value)
        if got is None:
            got = self.index[value] = len(self.index)
        return got

    def xml(self) -> str:
        n = len(self.index)
        return (
            _DECLARATION
            + f'<sst xmlns="{_MAIN}" count="{n}" uniqueCount="{n}">'
            + "".join(_text(s) for s in self.index)
            + "</sst>"
        )


def _number_styles(formats: Sequence[str | None]) -> tuple[list[str], list[int]]:
    """The distinct format codes, and each column's style: 0 the default, 1 the header, then
    one per format code."""
    codes: list[str] = []
    style_of: list[int] = []
    for code in formats:
        if code is None:
            style_of.append(0)
            continue
        if code not in codes:
            codes.append(code)
        style_of.append(2 + codes.index(code))
    return codes, style_of


def _styles(codes: list[str]) -> str:
    num_fmts = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{html.escape(c)}"/>' for i, c in enumerate(codes)
    )
    border = "".join(_THIN.format(side) for side in ("left", "right", "top", "bottom"))
    xfs = (
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1"'
        ' applyFill="1" applyBorder="1"/>'
        + "".join(
            f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0"'
            ' applyNumberFormat="1"/>'
            for i in range(len(codes))
        )
    )
    return (
        _DECLARATION
        + f'<styleSheet xmlns="{_MAIN}">'
        + (f'<numFmts count="{len(codes)}">{num_fmts}</numFmts>' if codes else "")
        + f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFEEF2F7"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        f"<border>{border}<diagonal/></border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{2 + len(codes)}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _sheet_rows(
    headers: Sequence[str],
    columns: Sequence[Sequence[Cell]],
    letters: list[str],
    style_of: list[int],
    strings: _Strings,
) -> str:
    """The rows: the header, then the cells, made a column at a time (empty for a missing
    value) and joined row by row."""
    nrows = len(columns[0]) if columns else 0
    header = "".join(
        f'<c r="{letters[j]}1" s="1" t="s"><v>{strings(h)}</v></c>' for j, h in enumerate(headers)
    )
    made: list[list[str]] = []
    rows = range(2, nrows + 2)
    for j, cells in enumerate(columns):
        ref, s = letters[j], style_of[j]
        style = f' s="{s}"' if s else ""
        # a number that is not finite (an infinite change) has no value a sheet can hold:
        # ``v - v`` is 0 only for a finite one
        made.append(
            [
                ""
                if v is None
                else f'<c r="{ref}{r}"{style} t="s"><v>{strings(v)}</v></c>'
                if isinstance(v, str)
                else f'<c r="{ref}{r}"{style}><v>{v:.16G}</v></c>'
                if v - v == 0
                else ""
                for r, v in zip(rows, cells, strict=True)
            ]
        )
    span = f"1:{max(len(headers), 1)}"
    body = [f'<row r="1" spans="{span}">{header}</row>']
    body += [
        f'<row r="{r}" spans="{span}">{"".join(cells)}</row>'
        for r, cells in zip(rows, zip(*made, strict=True), strict=True)
    ]
    return "".join(body)


def _worksheet(
    rows: str, nrows: int, letters: list[str], widths: Sequence[float], style_of: list[int]
) -> str:
    last = letters[-1] if letters else "A"
    cols_xml = "".join(
        f'<col min="{j + 1}" max="{j + 1}" width="{_width(widths[j]):.16G}"'
        + (f' style="{style_of[j]}"' if style_of[j] else "")
        + ' customWidth="1"/>'
        for j in range(len(letters))
    )
    return (
        _DECLARATION + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<dimension ref="A1:{last}{nrows + 1}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols_xml}</cols>" if cols_xml else "")
        + f"<sheetData>{rows}</sheetData>"
        + (f'<autoFilter ref="A1:{last}{max(1, nrows) + 1}"/>' if letters else "")
        + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )


def _workbook(sheet: str, nrows: int, letters: list[str]) -> str:
    """The workbook part: the sheet's name, and the filter's range as Excel names it."""
    name = sheet_name(sheet)
    quoted = "'" + name.replace("'", "''") + "'"
    defined = (
        f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{html.escape(quoted, quote=False)}!$A$1:${letters[-1]}${max(1, nrows) + 1}</definedName></definedNames>"
        if letters
        else ""
    )
    return (
        _DECLARATION + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<bookViews><workbookView/></bookViews><sheets><sheet name="{html.escape(name)}"'
        f' sheetId="1" r:id="rId1"/></sheets>{defined}</workbook>'
    )


def _package(parts: list[tuple[str, str]]) -> bytes:
    """The parts zipped, with fixed dates and order: the same parts give the same bytes."""
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, text.encode("utf-8"), compresslevel=1)
    return buf.getvalue()


def write_xlsx(
    sheet: str,
    headers: Sequence[str],
    columns: Sequence[Sequence[Cell]],
    *,
    widths: Sequence[float],
    formats: Sequence[str | None],
) -> bytes:
    """A workbook of one sheet: ``headers`` on row 1 (bold, grey, bordered, frozen, filtered),
    then ``columns`` (each a column's cells, all of the same length), column ``j`` ``widths[j]``
    characters wide with the number format ``formats[j]`` (an Excel format code, or None)."""
    nrows = len(columns[0]) if columns else 0
    strings = _Strings()
    codes, style_of = _number_styles(formats)
    letters = [column_letter(j) for j in range(len(headers))]
    rows = _sheet_rows(headers, columns, letters, style_of, strings)
    return _package(
        [
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _workbook(sheet, nrows, letters)),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/styles.xml", _styles(codes)),
            ("xl/sharedStrings.xml", strings.xml()),
            ("xl/worksheets/sheet1.xml", _worksheet(rows, nrows, letters, widths, style_of)),
        ]
    )
