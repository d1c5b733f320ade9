"""Raw cells into typed values (the input contract: rates as '1.15%' strings, Y/N flags,
product ids as digit strings, '-' and blanks missing, never zero), and the problems of the rows
left out."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..i18n import translate

MISSING = {"", "-", "--", "—", "n/a", "N/A", "null", "None", "nan"}
SHOWN_VALUE = 40  # characters of a bad cell quoted in a row problem

ROW = "_row"  # the key under which a normalised row keeps its Excel row number


def _iso(text: str) -> dt.date:
    y, m, d = (int(x) for x in text.split("-"))
    return dt.date(y, m, d)


@dataclass(frozen=True)
class RowProblem:
    """One cell of one row that could not be taken as it was: the row left out (``rejected``),
    the cell left empty (``emptied``, an optional column), or a shortened product id restored
    by the row's title (``restored``). ``row`` is the row number Excel shows (the preamble and
    the header counted); ``header`` the column's header as the file writes it; ``value`` the
    cell as read; ``code`` one of :data:`PROBLEM_CODES`; ``detail`` the restored id or the
    plausible dates."""

    row: int
    column: str
    header: str
    value: str
    code: str
    detail: str = ""
    action: str = "rejected"  # rejected | emptied | restored

    @classmethod
    def of_stored(cls, r: Any) -> RowProblem:
        """The problem as :meth:`generator.store.Store.row_problems` gives it back (a row of
        that frame, as ``itertuples`` yields it)."""
        return cls(r.excel_row, r.column_name, r.header, r.value, r.code, r.detail, r.action)

    def problem(self, lang: str = "en") -> str:
        """What is wrong, in words (the header not included); a long value is cut."""
        shown = (
            self.value if len(self.value) <= SHOWN_VALUE else self.value[: SHOWN_VALUE - 1] + "…"
        )
        return translate(f"rowprob_{self.code}", lang, v=shown, d=self.detail)

    def fix(self, lang: str = "en") -> str:
        return translate(f"rowfix_{self.code}", lang, column=self.header, d=self.detail)

    def line(self, lang: str = "en") -> str:
        """``Excel row 8, 花费: '-999' is negative → correct the value…``"""
        return translate(
            "rowprob_line",
            lang,
            row=self.row,
            column=self.header,
            problem=self.problem(lang),
            fix=self.fix(lang),
        )


@dataclass
class Table:
    """Typed rows, column by column: every column of the kind (None where the sheet lacks it or
    a cell is missing) and each row's Excel row number (:data:`ROW`)."""

    columns: dict[str, list[Any]]
    excel_rows: list[int]

    def __len__(self) -> int:
        return len(self.excel_rows)

    def record(self, i: int) -> dict[str, Any]:
        """Row ``i`` as a dict (with its Excel row number under :data:`ROW`)."""
        out = {name: values[i] for name, values in self.columns.items()}
        out[ROW] = self.excel_rows[i]
        return out

    def put(self, i: int, record: dict[str, Any]) -> None:
        """Row ``i`` set from ``record`` (as :meth:`record` gave it, changed)."""
        for name, values in self.columns.items():
            values[i] = record.get(name)

    def take(self, keep: list[int]) -> Table:
        """The rows at ``keep``, in that order."""
        return Table(
            {name: [values[i] for i in keep] for name, values in self.columns.items()},
            [self.excel_rows[i] for i in keep],
        )


# every code a row problem can have (each has its rowprob_ and rowfix_ texts in i18n.py)
PROBLEM_CODES = (
    "not_id",
    "lost_digits",
    "lost_digits_ambiguous",
    "restored",
    "not_flag",
    "not_number",
    "not_whole",
    "negative",
    "too_large",
    "not_rate",
    "not_datetime",
    "not_date",
    "outside_window",
    "missing",
)


@dataclass
class RowProblems:
    """Row-level data problems: deduplicated by (column, problem) and capped."""

    items: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add(self, row: int, column: str, problem: str) -> None:
        self.items.setdefault((column, problem), []).append(row)

    def messages(self, cap: int = 5) -> list[str]:
        out = []
        for (column, problem), rows in sorted(self.items.items()):
            shown = ", ".join(str(r) for r in rows[:cap]) + (
                f" and {len(rows) - cap} more" if len(rows) > cap else ""
            )
            out.append(f"column {column}: {problem} (Excel row {shown})")
        return out

    @classmethod
    def of(cls, problems: list[RowProblem]) -> RowProblems:
        got = cls()
        for p in problems:
            got.add(p.row, p.header, p.problem())
        return got


def parse_value(value: Any, type_: str) -> tuple[Any, str | None]:
    """One cell → typed value (or None for missing), and a problem text if it could not be read."""
    got, code, shown = parse_cell(value, type_)
    return got, (translate(f"rowprob_{code}", "en", v=shown, d="") if code else None)


Cell = tuple[Any, str | None, str]  # typed value, problem code, the cell as a problem shows it


def parse_cell(value: Any, type_: str) -> Cell:
    """One cell → typed value (or None for missing), the problem's code if it could not be
    read (:data:`PROBLEM_CODES`), and the cell as the problem shows it."""
    if value is None:
        return None, None, ""
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING:
            return None, None, text
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = None
    else:  # a date, a TRUE/FALSE cell or anything else: read as the text it shows
        text = _cell_text(value)
    shown = text if text is not None else _cell_text(value)
    if type_ == "text":
        if text is None and isinstance(value, float) and value.is_integer():
            # a number cell (an id typed into Excel): not '12345.0'
            return str(int(value)), None, shown
        return shown, None, shown
    if type_ == "flag":
        t = (text if text is not None else str(value)).upper()
        if t in ("Y", "YES", "是", "TRUE", "1"):
            return True, None, shown
        if t in ("N", "NO", "否", "FALSE", "0"):
            return False, None, shown
        return None, "not_flag", str(value)
    parse = _PARSERS.get(type_)
    if parse is None:
        raise ValueError(f"unknown column type {type_}")
    return parse(value, text, shown, type_)


def _parse_id(value: Any, text: str | None, shown: str, _type: str) -> Cell:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), None, shown
        return None, "not_id", shown
    if isinstance(value, int):
        return str(value), None, shown
    assert text is not None
    t = text.lstrip("'")
    if t.isdigit():
        return t, None, shown
    try:
        d = Decimal(t)
        if isinstance(exp := d.as_tuple().exponent, int) and exp > 0:  # '1.60156E+12': digits lost
            return None, "lost_digits", shown
        if d.is_finite() and d == d.to_integral_value() and d >= 0:
            return str(int(d)), None, shown
    except InvalidOperation:
        pass
    return None, "not_id", shown


def _parse_number(value: Any, text: str | None, shown: str, type_: str) -> Cell:
    if isinstance(value, bool):
        return None, "not_number", str(value)
    if isinstance(value, (int, float)):
        num = float(value)
    else:
        assert text is not None
        try:
            num = float(text.replace(",", "").replace("，", ""))
        except ValueError:
            return None, "not_number", text
    if not math.isfinite(num):  # 'Infinity', '1e999': no count or amount is infinite
        return None, "not_number", shown
    if type_ == "int":
        if not num.is_integer():
            return None, "not_whole", str(value)
        shown = text if text is not None else str(int(num))  # a number cell -3.0 shows as -3
        if num < 0:
            return None, "negative", shown
        if num >= 2**63:  # would not fit the store's BIGINT and stop the whole ingest
            return None, "too_large", shown
        return int(num), None, shown
    return num, None, shown


def _parse_rate(value: Any, text: str | None, shown: str, _type: str) -> Cell:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(float(value)):
            return None, "not_rate", shown
        return float(value), None, shown
    assert text is not None
    t = text.replace(",", "")
    try:
        rate = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        return None, "not_rate", text
    return (rate, None, text) if math.isfinite(rate) else (None, "not_rate", text)


def _parse_datetime(value: Any, text: str | None, shown: str, _type: str) -> Cell:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0), None, shown
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), None, shown
    t = str(text).replace("/", "-").replace("T", " ")
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(t, form), None, shown
        except ValueError:
            continue
    return None, "not_datetime", str(value)


def _parse_date(value: Any, text: str | None, shown: str, _type: str) -> Cell:
    if isinstance(value, dt.datetime):
        return value.date(), None, shown
    if isinstance(value, dt.date):
        return value, None, shown
    try:
        return _iso(str(text).replace("/", "-")[:10]), None, shown
    except (ValueError, TypeError):
        return None, "not_date", str(value)


_PARSERS: dict[str, Callable[[Any, str | None, str, str], Cell]] = {
    "id": _parse_id,
    "int": _parse_number,
    "float": _parse_number,
    "rate": _parse_rate,
    "datetime": _parse_datetime,
    "date": _parse_date,
}


def _cell_text(value: Any) -> str:
    """A number cell as Excel shows it: -999.0 as -999."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# -- whole columns ------------------------------------------------------------------------------

_SLOW = object()  # a cell the column's fast path leaves to parse_cell
_YES = frozenset(("Y", "YES", "是", "TRUE", "1"))
_NO = frozenset(("N", "NO", "否", "FALSE", "0"))
_FLAGS = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}
