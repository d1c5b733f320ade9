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
    Table,
    _cell_text,
    _iso,
    parse_cell,
    parse_value,
)
from .columns import parse_column
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


def normalise_rows(grid: list[list[Any]], match: Match) -> tuple[Table, list[RowProblem], int]:
    """Typed rows below the header, with their Excel row numbers; the cells that could not be
    read (left empty here: :func:`screen_rows` decides whether the row stays), in row order;
    totals and blank rows dropped (their count returned). Each column is read at once
    (:func:`parse_column`)."""
    kind = match.kind
    header = grid[match.header_row]
    body: list[list[Any]] = []
    excel_rows: list[int] = []
    dropped = 0
    for offset, raw in enumerate(grid[match.header_row + 1 :]):
        first = raw[0] if raw else None
        if type(first) is str and (text := first.strip()):  # the usual row: an id or a name
            if text.startswith(TOTAL_MARKERS):
                dropped += 1
                continue
        elif all(c is None or str(c).strip() == "" for c in raw):
            continue
        elif is_total_row(raw):
            dropped += 1
            continue
        body.append(raw)
        excel_rows.append(match.header_row + 2 + offset)
    width = len(body[0]) if body else 0
    if all(len(raw) == width for raw in body):
        by_index: list[Any] = list(zip(*body, strict=True)) if body else []
    else:
        width = max(len(raw) for raw in body)
        by_index = [[raw[i] if i < len(raw) else None for raw in body] for i in range(width)]
    columns: dict[str, list[Any]] = {c.name: [None] * len(body) for c in kind.columns}
    found: list[tuple[int, int, RowProblem]] = []
    for order, (idx, name) in enumerate(match.mapping.items()):
        col = kind.column(name)
        cells = list(by_index[idx]) if idx < width else [None] * len(body)
        values, bad = parse_column(cells, col.type, col.non_negative)
        columns[name] = values
        if bad:
            head = (str(header[idx]).strip() if idx < len(header) else col.zh) or col.zh
            for i, code, shown in bad:
                found.append((i, order, RowProblem(excel_rows[i], name, head, shown, code)))
    found.sort(key=lambda f: (f[0], f[1]))
    return Table(columns, excel_rows), [p for _i, _o, p in found], dropped


# -- plausibility and screening -------------------------------------------------------------


def period_granularity(start: dt.date, end: dt.date) -> str:
    return granularity(start, end)
