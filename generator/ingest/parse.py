"""One export, read, identified and normalised: its kind, rows, period and warnings, or an
:class:`IngestError` that names the problem and the fix; :func:`store_parsed` writes it into
the store."""

from __future__ import annotations

import datetime as dt
import math
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..foundation.errors import IngestError
from ..foundation.periods import stat_date
from ..kinds import KINDS, Kind
from ..kinds.examples import EXAMPLE_ROWS
from .normalize import (
    Known,
    Match,
    RowProblem,
    RowProblems,
    Screened,
    Table,
    Window,
    find_period,
    identify,
    named_kind_gap,
    nearest_kind,
    normalise_rows,
    parse_value,
    period_granularity,
    screen_rows,
    suggest_header,
)
from .readers import Limits, decode_text, read_grid

if TYPE_CHECKING:
    pass


@dataclass
class Parsed:
    kind: Kind
    rows: pd.DataFrame
    period_start: dt.date
    period_end: dt.date
    granularity: str
    period_source: str
    warnings: list[str]
    # rows left out and ids restored (by Excel row): stored with the file, shown on the
    # import-status page
    row_problems: list[RowProblem] = field(default_factory=list)

    @property
    def unrestored(self) -> bool:
        """Rows left out for an id that lost digits: a later known product may restore them."""
        return any(p.code.startswith("lost_digits") for p in self.row_problems)


def kind_by_file_name(name: str) -> Kind | None:
    """The kind a file's name claims (``Products-2026-11-21.xls`` → products), if any."""
    base = Path(name).name.lower()
    for kind in KINDS.values():
        prefix = kind.file_pattern.split("YYYY")[0].lower()
        if prefix and base.startswith(prefix):
            return kind
    return None


def derive_columns(kind: Kind, rows: Table) -> None:
    """Columns the generator adds: an inquiry's China-time timestamp → its US-Pacific
    statistics date (kept beside the original time)."""
    if kind.name == "inquiries":
        times = rows.columns["inquiry_time"]
        rows.columns["stat_date"] = [stat_date(t) if t is not None else None for t in times]


def drop_example_rows(kind: Kind, rows: Table) -> tuple[Table, bool]:
    """The rows without the operator-sheet template's example row (if it was left in), and
    whether one was dropped."""
    example = EXAMPLE_ROWS.get(kind.name)
    if not example:
        return rows, False
    none = [None] * len(rows)
    want = [
        (rows.columns.get(n, none), parse_value(v, kind.column(n).type)[0])
        for n, v in example.items()
    ]
    keep = [i for i in range(len(rows)) if any(values[i] != v for values, v in want)]
    if len(keep) == len(rows):
        return rows, False
    return rows.take(keep), True


def period_of(
    kind: Kind, rows: Table, grid: list[list[Any]], header_row: int, name: str
) -> tuple[dt.date, dt.date, str] | None:
    """A file's period: for sheets dated row by row, the span of their dates; else the preamble
    (时间周期…~…), else the date in the file name (the period's last day)."""
    if kind.date_column:
        dates = [d for d in rows.columns[kind.date_column] if d is not None]
        if dates:
            return min(dates), max(dates), f"column {kind.column(kind.date_column).zh}"
    return find_period(grid, header_row, name)


def restore_columns_fix(kind: Kind) -> str:
    """How to get a lost column back: export again, or (an operator sheet, which the backend
    cannot export) restore the template's header."""
    if kind.sheet:
        return (
            f"add the column back with its header as in the template exports/templates/"
            f"{kind.file_pattern} (opsreport templates writes it), then save again"
        )
    return f"export it again from {kind.source} without removing columns"


def parse_export(
    name: str,
    data: bytes,
    limits: Limits | None = None,
    *,
    window: Window | None = None,
    known: Known | None = None,
) -> Parsed:
    """Read, identify and normalise one export. Raises :class:`IngestError`. Rows with values
    that cannot be read or are implausible (dates outside ``window``) are left out and listed;
    a shortened product id is restored by its title from ``known`` (title → ids)."""
    grid, fmt = read_grid(name, data, limits)
    match = identify(grid)
    if match is None:
        raise unknown_export(name, data, fmt, grid)
    kind = match.kind
    check_header(name, grid, match)
    rows, problems, _dropped = normalise_rows(grid, match)
    rows, example_dropped = drop_example_rows(kind, rows)
    screened = None
    if len(rows):
        headers = {n: str(grid[match.header_row][i]).strip() for i, n in match.mapping.items()}
        screened = screen_rows(kind, rows, problems, window=window, known=known, headers=headers)
        if screened.verdict:
            raise IngestError(name, screened.verdict, screened.fix)
        rows = screened.rows
    if not len(rows) or screened is None:
        raise IngestError(
            name,
            f"{kind.zh} ({kind.name}) has its header but no data rows"
            + (" (only the template's example row, which is ignored)" if example_dropped else ""),
            f"export it again from {kind.source}, or fill the sheet below its header",
        )
    unstorable(name, kind, rows)
    derive_columns(kind, rows)
    start, end, source = checked_period(name, kind, rows, grid, match.header_row, window)
    warnings = file_warnings(kind, rows, screened, match, example_dropped)
    frame = pd.DataFrame({c.name: rows.columns[c.name] for c in kind.columns})
    if kind.key:
        dupes = frame.duplicated(list(kind.key), keep="last")
        if dupes.any():
            warnings.append(
                f"{int(dupes.sum())} duplicate row(s) of the same {', '.join(kind.key)}; the last one is kept"
            )
            frame = frame[~dupes]
    return Parsed(
        kind,
        frame,
        start,
        end,
        period_granularity(start, end),
        source,
        warnings,
        screened.problems,
    )


def unknown_export(name: str, data: bytes, fmt: str, grid: list[list[Any]]) -> IngestError:
    """Why a file whose header matches no kind cannot be read: Big5 text, a kind named by the
    file name or nearly matched by the header but lacking columns, or no known export."""
    if fmt == "csv" and decode_text(data)[1] == "big5":
        return IngestError(
            name,
            "the CSV is Big5 (Traditional Chinese) text, and its headers are not the"
            " backend's Simplified Chinese ones (Big5 cannot hold them all)",
            "export the file again from the backend, or open it in Excel and save it as"
            " 'CSV UTF-8' with the original headers",
        )
    named = kind_by_file_name(name)
    gap = named_kind_gap(named, grid) if named else None
    near = nearest_kind(grid)
    if named and gap and gap[0] and (near is None or near[0].name == named.name):
        missing, found = gap
        hints = "; ".join(f"'{m}'{suggest_header(m, found)}" for m in missing)
        return IngestError(
            name,
            f"{named.zh} ({named.name}) is missing required column(s) {hints}",
            restore_columns_fix(named),
        )
    if near:
        kind, missing, found = near
        hints = "; ".join(f"'{m}'{suggest_header(m, found)}" for m in missing)
        return IngestError(
            name,
            f"looks like {kind.zh} ({kind.name}) but the header lacks {hints}",
            restore_columns_fix(kind),
        )
    return IngestError(
        name,
        "no known export: no row in the first 20 has the headers of any kind this tool reads",
        "check that it is one of the exports listed on the site's 数据说明 / Inputs page (e.g. 产品分析 Products-YYYY-MM-DD.xls); "
        "other files can be moved out of the inbox",
    )


def check_header(name: str, grid: list[list[Any]], match: Match) -> None:
    """Refuse a file named like another kind than its sheet, or lacking required columns."""
    kind = match.kind
    named = kind_by_file_name(name)
    if named is not None and named.name != kind.name:
        raise IngestError(
            name,
            f"the file is named like {named.zh} ({named.file_pattern}) but its sheet is {kind.zh} ({kind.name})",
            f"export {named.zh} again from {named.source}, or rename the file to {kind.file_pattern}",
        )
    found_headers = [str(c).strip() for c in grid[match.header_row] if str(c or "").strip()]
    lacking = [c for c in kind.required if c.name not in match.mapping.values()]
    if lacking:
        hints = "; ".join(f"'{c.zh}'{suggest_header(c.zh, found_headers)}" for c in lacking)
        raise IngestError(
            name,
            f"{kind.zh} ({kind.name}) is missing required column(s) {hints}",
            restore_columns_fix(kind),
        )


def checked_period(
    name: str,
    kind: Kind,
    rows: Table,
    grid: list[list[Any]],
    header_row: int,
    window: Window | None,
) -> tuple[dt.date, dt.date, str]:
    """The file's period (:func:`period_of`), refused when it cannot be found or lies outside
    the plausible ``window``."""
    period = period_of(kind, rows, grid, header_row, name)
    if period is None:
        hint = (
            f"keep the backend's file name ({kind.file_pattern}) or its first rows"
            if not kind.sheet
            else f"put the date in the file name, e.g. {kind.file_pattern}"
        )
        raise IngestError(
            name,
            "the period cannot be found: no 时间周期YYYY-MM-DD~YYYY-MM-DD above the header"
            + (f", no dates in {kind.column(kind.date_column).zh}" if kind.date_column else "")
            + " and no date in the file name",
            hint,
        )
    start, end, source = period
    if window is not None and not (start in window and end in window):
        raise IngestError(
            name,
            f"its period {start} ~ {end} ({source}) lies outside {window.explain()}",
            f"check the date in the file name and the 时间周期 line above the header, and export"
            f" it again from {kind.source}; if the date is right, widen the plausible dates"
            " (plausible_past_years, plausible_future_days in opsreport.toml)",
        )
    return period


def file_warnings(
    kind: Kind,
    rows: Table,
    screened: Screened,
    match: Match,
    example_dropped: bool,
) -> list[str]:
    """A file's warnings: cells emptied, rows left out, ids restored, the example row, values
    outside a column's choices and the extra columns."""
    warnings = RowProblems.of(screened.emptied).messages()
    left_out = sorted({p.row for p in screened.problems if p.action == "rejected"})
    restored = [p.row for p in screened.problems if p.action == "restored"]
    if left_out:
        warnings.append(
            f"{len(left_out)} row(s) left out (Excel row {cap_list(left_out)}); the other"
            f" {len(rows)} row(s) were taken — the import-status page lists each with its fix"
        )
    if restored:
        warnings.append(
            f"{len(restored)} shortened product id(s) restored by title (Excel row {cap_list(restored)})"
        )
    if example_dropped:
        warnings.append("the template's example row was ignored")
    for col in kind.columns:
        if col.choices and col.type != "flag":
            allowed = (None, *col.choices)
            odd = sorted({str(v) for v in rows.columns[col.name] if v not in allowed})
            if odd:
                warnings.append(
                    f"column {col.zh}: unexpected value(s) {', '.join(odd[:5])} "
                    f"(expected {' / '.join(col.choices)})"
                )
    if match.extra:
        warnings.append("extra columns kept aside: " + ", ".join(match.extra))
    return warnings


# pandas (nanosecond timestamps) holds dates from 1677-09-22 to 2262-04-11
FIRST_DAY, LAST_DAY = dt.date(1678, 1, 1), dt.date(2261, 12, 31)


def unstorable(name: str, kind: Kind, rows: Table) -> None:
    """Reject values no report can hold: an infinite or not-a-number amount (a cell reading
    'Infinity'), a date before 1678 or after 2261 (0001-01-01 from an empty date cell)."""
    for col in kind.columns:
        values = rows.columns[col.name]
        bad: list[Any]
        if col.type in ("float", "rate", "int"):
            if math.inf not in values and -math.inf not in values:
                continue
            bad = [v for v in values if isinstance(v, float) and math.isinf(v)]
            what = "is infinite (a cell reading Infinity or a number too large)"
        elif col.type in ("date", "datetime"):
            bad = [
                v
                for v in values
                if isinstance(v, dt.date)
                and not FIRST_DAY <= (v.date() if isinstance(v, dt.datetime) else v) <= LAST_DAY
            ]
            what = "is not a date a report can hold (before 1678 or after 2261)"
        else:
            continue
        if bad:
            shown = ", ".join(str(v) for v in bad[:3])
            raise IngestError(
                name,
                f"column {col.zh}: {len(bad)} value(s) {what}: {shown}",
                "correct those cells (or export the file again), then save again",
            )


def unexpected(name: str, exc: BaseException) -> IngestError:
    """Any other failure while reading, normalising or storing one file: that file is rejected
    with the error, the others go on."""
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" (in {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    detail = (str(exc).splitlines() or [""])[0][:200]
    return IngestError(
        name,
        f"the file could not be read: {type(exc).__name__}: {detail}{at}",
        "open it in Excel and save it again, or export it again; if it still fails, report"
        " this message with the file",
    )


def cap_list(items: list[int], cap: int = 10) -> str:
    shown = ", ".join(str(i) for i in items[:cap])
    return shown + (f" and {len(items) - cap} more" if len(items) > cap else "")
