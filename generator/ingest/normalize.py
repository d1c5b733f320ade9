"""Find the header row, identify the kind, and turn raw cells into typed values.

The input contract (kinds.py; the site's inputs page): rates are ``'1.15%'`` strings; flags
``Y``/``N``; product IDs are digit strings that spreadsheets turn into floats; ``-``, ``--`` and blanks are missing, never zero; re-saved
CSVs carry thousands separators; totals rows (合计, 总计) are not data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..foundation.periods import granularity
from .cells import (  # noqa: F401
    MISSING,
    PROBLEM_CODES,
    ROW,
    SHOWN_VALUE,
    RowProblem,
    RowProblems,
    _cell_text,
    _iso,
    parse_cell,
    parse_value,
)
from .headers import (  # noqa: F401
    FILE_DATE_RE,
    HEADER_SCAN_ROWS,
    PERIOD_RE,
    Match,
    clean_header,
    find_period,
    identify,
    named_kind_gap,
    nearest_kind,
    suggest_header,
)
from .screen import (  # noqa: F401
    EARLIEST_PLAUSIBLE,
    LATER_PLAUSIBLE_YEARS,
    Known,
    Screened,
    Window,
    known_products,
    plausible_window,
    restore_id,
    screen_rows,
    years_before,
)

TOTAL_MARKERS = ("合计", "总计", "total", "Total", "TOTAL", "汇总")


def is_total_row(row: list[Any]) -> bool:
    first = next((str(c).strip() for c in row if c not in (None, "")), "")
    return first.startswith(TOTAL_MARKERS)


def normalise_rows(
    grid: list[list[Any]], match: Match
) -> tuple[list[dict[str, Any]], list[RowProblem], int]:
    """Typed rows below the header, each with its Excel row number under :data:`ROW`; the
    cells that could not be read (left empty here: :func:`screen_rows` decides whether the
    row stays); totals and blank rows dropped (their count returned)."""
    kind = match.kind
    header = grid[match.header_row]
    problems: list[RowProblem] = []
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
        record[ROW] = excel_row
        for idx, name in match.mapping.items():
            col = kind.column(name)
            cell = raw[idx] if idx < len(raw) else None
            value, code, shown = parse_cell(cell, col.type)
            if code is None and col.non_negative and value is not None and value < 0:
                value, code = None, "negative"  # money and hours (floats) below zero
            if code:
                head = str(header[idx]).strip() if idx < len(header) else col.zh
                problems.append(RowProblem(excel_row, name, head or col.zh, shown, code))
            record[name] = value
        rows.append(record)
    return rows, problems, dropped


# -- plausibility and screening -------------------------------------------------------------


def period_granularity(start: dt.date, end: dt.date) -> str:
    return granularity(start, end)
