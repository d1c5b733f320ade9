"""Table downloads: CSV for machines (snake_case headers that stay stable across versions;
UTF-8 with a BOM, so that Excel opens the Chinese text ungarbled) and XLSX for people (the
page's headers, number formats, frozen header, filters).

Both are written deterministically, so an unchanged table gives unchanged bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..foundation.formats import (
    CSV_NUMBERS,
    UNIT_KINDS,
    XLSX_FORMATS,
    csv_number,
    iso_day,
    yes_no,
)
from ..i18n import translate
from .markup import Col
from .xlsx import Cell, write_xlsx


def header_with_unit(label: str, kind: str) -> str:
    """A download's header with the unit its raw numbers are in, in the header's own language
    (a header with a Chinese character is Chinese), unless it names it already: 「花费」 →
    「花费（元）」, "Spend" → "Spend (CNY)"."""
    if kind not in UNIT_KINDS:
        return label
    lang = "zh" if re.search(r"[\u4e00-\u9fff]", label) else "en"
    unit = translate(f"unit_{kind}", lang)
    if re.search(rf"(?<!\w){re.escape(unit)}(?!\w)|hour", label, re.IGNORECASE):
        return label
    return translate("header_unit", lang, label=label, unit=unit)


def _export_value(value: object, kind: str) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if kind == "flag":
        return yes_no(value)
    if kind == "date":
        return iso_day(value)
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object, kind: str) -> str:
    """One cell as written to CSV: flags Y/N, dates YYYY-MM-DD, numbers as
    :func:`~generator.foundation.formats.csv_number` writes them; missing is empty (never 0)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    if kind == "flag":
        return yes_no(value)
    if kind == "date":
        return iso_day(value)
    if kind in CSV_NUMBERS:
        return csv_number(value, kind)
    text = str(value)
    # a stranger's text that Excel would run as a formula is written as text
    return "'" + text if text[:1] in _FORMULA_START else text


def _csv_cells(column: pd.Series, kind: str) -> list[str]:
    """One column's cells as :func:`_csv_cell` writes them; a column of numbers without the
    per-cell type checks."""
    if kind in CSV_NUMBERS and pd.api.types.is_numeric_dtype(column.dtype):
        numbers = column.to_numpy(dtype=float, na_value=np.nan).tolist()  # as csv_number reads
        return ["" if x != x else csv_number(x, kind) for x in numbers]  # NaN: empty
    if kind in CSV_NUMBERS or kind in ("flag", "date"):
        return [_csv_cell(v, kind) for v in column.tolist()]
    # text: a str cell as it is (behind the formula guard), anything else as _csv_cell has it
    return [
        ("'" + v if v[:1] in _FORMULA_START else v) if v.__class__ is str else _csv_cell(v, kind)
        for v in column.tolist()
    ]


def to_csv(frame: pd.DataFrame, cols: Sequence[Col]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in cols])
    # the cells made a column at a time, written row by row
    cells = [_csv_cells(frame[c.name], c.kind) for c in cols]
    writer.writerows(zip(*cells, strict=True) if cells else ([] for _ in range(len(frame))))
    # UTF-8 with a BOM: Excel (a Chinese Windows one too) reads the file as UTF-8 only then
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_cells(column: pd.Series, kind: str) -> list[Cell]:
    """One column's cells as written to XLSX: text, a float, or None (left empty)."""
    if kind not in ("flag", "date") and pd.api.types.is_numeric_dtype(column.dtype):
        numbers = column.to_numpy(dtype=float, na_value=np.nan).tolist()
        return [None if x != x else x for x in numbers]  # NaN: missing
    return [
        value
        if value.__class__ is str and kind not in ("flag", "date")
        else _xlsx_cell(value, kind)
        for value in column.tolist()
    ]


def _xlsx_cell(value: object, kind: str) -> Cell:
    v = _export_value(value, kind)
    return v if v is None or isinstance(v, str) else float(v)  # type: ignore[arg-type]


def to_xlsx(frame: pd.DataFrame, cols: Sequence[Col], sheet: str) -> bytes:
    """The table as a workbook for people: the page's headers (with their units), each
    column's number format, the header frozen, a filter over the table."""
    headers = [header_with_unit(c.label, c.kind) for c in cols]  # raw numbers: their unit
    widths = [
        60 if c.name == "title" else max(10, min(60, len(label) * 2 + 2))
        for c, label in zip(cols, headers, strict=True)
    ]
    return write_xlsx(
        sheet,
        headers,
        [_xlsx_cells(frame[c.name], c.kind) for c in cols],
        widths=widths,
        formats=[XLSX_FORMATS.get(c.kind) for c in cols],
    )
