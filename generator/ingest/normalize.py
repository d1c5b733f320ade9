"""Find the header row, identify the kind, and turn raw cells into typed values.

The input contract (kinds.py; the site's inputs page): rates are ``'1.15%'`` strings; flags
``Y``/``N``; product IDs are digit strings that spreadsheets turn into floats; ``-``, ``--`` and blanks are missing, never zero; re-saved
CSVs carry thousands separators; totals rows (合计, 总计) are not data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..periods import granularity
from .kinds import KINDS, Kind

MISSING = {"", "-", "--", "—", "n/a", "N/A", "null", "None", "nan"}
TOTAL_MARKERS = ("合计", "总计", "total", "Total", "TOTAL", "汇总")
PERIOD_RE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2})\s*[~至]\s*(\d{4}-\d{1,2}-\d{1,2})|(\d{4}-\d{2}-\d{2})\s*-\s*(\d{4}-\d{2}-\d{2})"
)
FILE_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
HEADER_SCAN_ROWS = 20


def clean_header(cell: Any) -> str:
    return re.sub(r"\s+", "", str(cell or "")).replace("（", "(").replace("）", ")")


@dataclass
class Match:
    kind: Kind
    header_row: int
    mapping: dict[int, str]  # grid column index → column name
    extra: list[str]  # headers no column of the kind knows


def _header_lookup(kind: Kind) -> dict[str, str]:
    table = {}
    for col in kind.columns:
        for h in col.headers:
            table[clean_header(h).lower()] = col.name
    return table


def identify(grid: list[list[Any]]) -> Match | None:
    """The kind and header row whose known headers match best in the first rows."""
    best: tuple[int, Match] | None = None
    for kind in KINDS.values():
        lookup = _header_lookup(kind)
        for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
            mapping: dict[int, str] = {}
            extra: list[str] = []
            for c, cell in enumerate(row):
                h = clean_header(cell)
                if not h:
                    continue
                name = lookup.get(h.lower())
                if name and name not in mapping.values():
                    mapping[c] = name
                else:
                    extra.append(str(cell).strip())
            if not all(s in mapping.values() for s in kind.signature):
                continue
            score = len(mapping)
            if best is None or score > best[0]:
                best = (score, Match(kind, r, mapping, extra))
    return best[1] if best else None


def nearest_kind(grid: list[list[Any]]) -> tuple[Kind, list[str], list[str]] | None:
    """For an unknown file: the kind it resembles most, its missing signature headers, and the
    headers found, so the error can say what is off."""
    best = None
    for kind in KINDS.values():
        lookup = _header_lookup(kind)
        for row in grid[:HEADER_SCAN_ROWS]:
            names = {lookup.get(clean_header(c).lower()) for c in row} - {None}
            hits = len(names & set(kind.signature))
            if hits >= max(2, (len(kind.signature) + 1) // 2) and (best is None or hits > best[0]):
                found = [str(c).strip() for c in row if clean_header(c)]
                missing = [kind.column(s).zh for s in kind.signature if s not in names]
                best = (hits, kind, missing, found)
    return (best[1], best[2], best[3]) if best else None


def named_kind_gap(kind: Kind, grid: list[list[Any]]) -> tuple[list[str], list[str]] | None:
    """For a file named like ``kind`` whose header matches no kind: the required headers of
    ``kind`` missing from the row (of the first 20) that has most of its headers, and the
    headers found on that row."""
    lookup = _header_lookup(kind)
    best: tuple[set[str], list[str]] | None = None
    for row in grid[:HEADER_SCAN_ROWS]:
        names = {lookup.get(clean_header(c).lower()) for c in row} - {None}
        if names and (best is None or len(names) > len(best[0])):
            best = ({n for n in names if n}, [str(c).strip() for c in row if clean_header(c)])
    if best is None:
        return None
    return [c.zh for c in kind.required if c.name not in best[0]], best[1]


def suggest_header(missing: str, found: list[str]) -> str:
    close = difflib.get_close_matches(missing, found, n=1, cutoff=0.4)
    return f" (nearest header found: '{close[0]}')" if close else ""


def find_period(
    grid: list[list[Any]], header_row: int, file_name: str
) -> tuple[dt.date, dt.date, str] | None:
    """Period from the preamble (``时间周期2026-11-15~2026-11-21``), else the file name's date
    (the period's last day; one day)."""
    for row in grid[:header_row]:
        for cell in row:
            m = PERIOD_RE.search(str(cell or ""))
            if m:
                a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                try:
                    start, end = _iso(a), _iso(b)
                except ValueError:
                    continue
                if start <= end:
                    return start, end, "preamble"
    m = FILE_DATE_RE.search(
        re.split(r"[\\/]", file_name)[-1]
    )  # the file's own name, not its folders
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return day, day, "file name"
    return None


def _iso(text: str) -> dt.date:
    y, m, d = (int(x) for x in text.split("-"))
    return dt.date(y, m, d)


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


def parse_value(value: Any, type_: str) -> tuple[Any, str | None]:
    """One cell → typed value (or None for missing), and a problem text if it could not be read."""
    if value is None:
        return None, None
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING:
            return None, None
    else:
        text = None
    if type_ == "text":
        if text is None and isinstance(value, float) and value.is_integer():
            return str(int(value)), None  # a number cell (an id typed into Excel): not '12345.0'
        return (text if text is not None else str(value)), None
    if type_ == "id":
        if isinstance(value, float):
            return (str(int(value)) if value.is_integer() else None), (
                None if value.is_integer() else f"'{value}' is not a product id"
            )
        if isinstance(value, int):
            return str(value), None
        assert text is not None
        t = text.lstrip("'")
        if t.isdigit():
            return t, None
        try:
            d = Decimal(t)
            if (
                isinstance(exp := d.as_tuple().exponent, int) and exp > 0
            ):  # '1.60156E+12': digits lost
                return None, f"'{text}' lost digits (a spreadsheet shortened the id)"
            if d.is_finite() and d == d.to_integral_value():
                return str(int(d)), None
        except InvalidOperation:
            pass
        return None, f"'{text}' is not a product id"
    if type_ == "flag":
        t = (text if text is not None else str(value)).upper()
        if t in ("Y", "YES", "是", "TRUE", "1"):
            return True, None
        if t in ("N", "NO", "否", "FALSE", "0"):
            return False, None
        return None, f"'{value}' is not Y/N"
    if type_ in ("int", "float"):
        if isinstance(value, bool):
            return None, f"'{value}' is not a number"
        if isinstance(value, (int, float)):
            num = float(value)
        else:
            assert text is not None
            try:
                num = float(text.replace(",", "").replace("，", ""))
            except ValueError:
                return None, f"'{text}' is not a number"
        if type_ == "int":
            if not num.is_integer():
                return None, f"'{value}' is not a whole number"
            shown = text if text is not None else int(num)  # a number cell -3.0 shows as -3
            if num < 0:
                return None, f"'{shown}' is negative"
            if num >= 2**63:  # would not fit the store's BIGINT and stop the whole ingest
                return None, f"'{shown}' is too large"
            return int(num), None
        return num, None
    if type_ == "rate":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value), None
        assert text is not None
        t = text.replace(",", "")
        try:
            return (float(t[:-1]) / 100 if t.endswith("%") else float(t)), None
        except ValueError:
            return None, f"'{text}' is not a percentage"
    if type_ == "datetime":
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None, microsecond=0), None
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day), None
        t = str(text).replace("/", "-").replace("T", " ")
        for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(t, form), None
            except ValueError:
                continue
        return None, f"'{value}' is not a date and time (YYYY-MM-DD HH:MM)"
    if type_ == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        try:
            return _iso(str(text).replace("/", "-")[:10]), None
        except (ValueError, TypeError):
            return None, f"'{value}' is not a date (YYYY-MM-DD)"
    raise ValueError(f"unknown column type {type_}")


def is_total_row(row: list[Any]) -> bool:
    first = next((str(c).strip() for c in row if c not in (None, "")), "")
    return first.startswith(TOTAL_MARKERS)


def normalise_rows(
    grid: list[list[Any]], match: Match
) -> tuple[list[dict[str, Any]], RowProblems, int]:
    """Typed rows below the header; totals and blank rows dropped (their count returned)."""
    kind = match.kind
    types = {c.name: c.type for c in kind.columns}
    problems = RowProblems()
    rows: list[dict[str, Any]] = []
    dropped = 0
    for offset, raw in enumerate(grid[match.header_row + 1 :]):
        excel_row = match.header_row + 2 + offset
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        if is_total_row(raw):
            dropped += 1
            continue
        record: dict[str, Any] = {c.name: None for c in kind.columns}
        for idx, name in match.mapping.items():
            cell = raw[idx] if idx < len(raw) else None
            value, problem = parse_value(cell, types[name])
            if problem:
                problems.add(excel_row, kind.column(name).zh, problem)
            record[name] = value
        rows.append(record)
    return rows, problems, dropped


def period_granularity(start: dt.date, end: dt.date) -> str:
    return granularity(start, end)
