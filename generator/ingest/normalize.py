"""Find the header row, identify the kind, and turn raw cells into typed values.

The input contract (kinds.py; the site's inputs page): rates are ``'1.15%'`` strings; flags
``Y``/``N``; product IDs are digit strings that spreadsheets turn into floats; ``-``, ``--`` and blanks are missing, never zero; re-saved
CSVs carry thousands separators; totals rows (合计, 总计) are not data.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..foundation.periods import granularity
from ..i18n import translate
from ..kinds import KINDS, Kind

MISSING = {"", "-", "--", "—", "n/a", "N/A", "null", "None", "nan"}
TOTAL_MARKERS = ("合计", "总计", "total", "Total", "TOTAL", "汇总")
PERIOD_RE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2})\s*[~至]\s*(\d{4}-\d{1,2}-\d{1,2})|(\d{4}-\d{2}-\d{2})\s*-\s*(\d{4}-\d{2}-\d{2})"
)
FILE_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
HEADER_SCAN_ROWS = 20
SHOWN_VALUE = 40  # characters of a bad cell quoted in a row problem


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


def parse_cell(value: Any, type_: str) -> tuple[Any, str | None, str]:
    """One cell → typed value (or None for missing), the problem's code if it could not be
    read (:data:`PROBLEM_CODES`), and the cell as the problem shows it."""
    if value is None:
        return None, None, ""
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING:
            return None, None, text
    else:
        text = None
    shown = text if text is not None else _cell_text(value)
    if type_ == "text":
        if text is None and isinstance(value, float) and value.is_integer():
            # a number cell (an id typed into Excel): not '12345.0'
            return str(int(value)), None, shown
        return shown, None, shown
    if type_ == "id":
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
            if (
                isinstance(exp := d.as_tuple().exponent, int) and exp > 0
            ):  # '1.60156E+12': digits lost
                return None, "lost_digits", shown
            if d.is_finite() and d == d.to_integral_value() and d >= 0:
                return str(int(d)), None, shown
        except InvalidOperation:
            pass
        return None, "not_id", shown
    if type_ == "flag":
        t = (text if text is not None else str(value)).upper()
        if t in ("Y", "YES", "是", "TRUE", "1"):
            return True, None, shown
        if t in ("N", "NO", "否", "FALSE", "0"):
            return False, None, shown
        return None, "not_flag", str(value)
    if type_ in ("int", "float"):
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
    if type_ == "rate":
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
    if type_ == "datetime":
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
    if type_ == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None, shown
        if isinstance(value, dt.date):
            return value, None, shown
        try:
            return _iso(str(text).replace("/", "-")[:10]), None, shown
        except (ValueError, TypeError):
            return None, "not_date", str(value)
    raise ValueError(f"unknown column type {type_}")


def _cell_text(value: Any) -> str:
    """A number cell as Excel shows it: -999.0 as -999."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def is_total_row(row: list[Any]) -> bool:
    first = next((str(c).strip() for c in row if c not in (None, "")), "")
    return first.startswith(TOTAL_MARKERS)


ROW = "_row"  # the key under which a normalised row keeps its Excel row number


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

# dates in columns that do not date the row (published, added to a showcase, a plan) may lie
# further back or ahead than the window, but not before the site existed or decades ahead
EARLIEST_PLAUSIBLE = dt.date(1999, 1, 1)
LATER_PLAUSIBLE_YEARS = 5


@dataclass(frozen=True)
class Window:
    """The plausible dates of the data: from ``past_years`` before the store's earliest data
    (or today, if earlier) to ``future_days`` after today."""

    first: dt.date
    last: dt.date
    past_years: int = 5
    future_days: int = 7

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def __str__(self) -> str:
        return f"{self.first} ~ {self.last}"

    def explain(self, lang: str = "en") -> str:
        return translate(
            "window_explain", lang, window=str(self), years=self.past_years, days=self.future_days
        )


def years_before(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` back (forward if negative), within the calendar's range."""
    year = min(9999, max(1, day.year - years))
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def plausible_window(
    today: dt.date, earliest: dt.date | None = None, past_years: int = 5, future_days: int = 7
) -> Window:
    """The dates data may plausibly have: ``past_years`` before the earlier of the store's
    earliest data and ``today``, to ``future_days`` after ``today``."""
    start = min(today, earliest) if earliest else today
    try:
        last = today + dt.timedelta(days=future_days)
    except OverflowError:
        last = dt.date.max
    return Window(years_before(start, past_years), last, past_years, future_days)


Known = dict[str, set[str]]  # a product title → the product ids known with it


def known_products(rows: list[dict[str, Any]], known: Known | None = None) -> Known:
    """``known`` (a copy) with the (title, product id) pairs of ``rows`` added."""
    out: Known = {t: set(ids) for t, ids in (known or {}).items()}
    for r in rows:
        title, pid = r.get("title"), r.get("product_id")
        if title and pid:
            out.setdefault(str(title).strip(), set()).add(str(pid))
    return out


def _shortened_to(pid: str, shown: Decimal) -> bool:
    """Whether the full id ``pid``, cut to the digits ``shown`` kept (rounded, as Excel's
    scientific notation does, or cut off), reads as ``shown``."""
    exp = shown.as_tuple().exponent
    if not isinstance(exp, int) or not pid.isdigit():
        return False
    unit = Decimal(1).scaleb(exp)
    full = Decimal(pid)
    return any(full.quantize(unit, rounding=r) == shown for r in (ROUND_HALF_UP, ROUND_DOWN))


def _as_shortened(text: str) -> Decimal | None:
    """A shortened id's number: ``'1.600000e+12'`` or ``1600000000000`` (three or more
    trailing zeros) as a Decimal whose exponent marks the digits kept; else None."""
    try:
        d = Decimal(text.strip().lstrip("'").replace(",", ""))
    except InvalidOperation:
        return None
    if not d.is_finite() or d <= 0 or d != d.to_integral_value():
        return None
    exp = d.as_tuple().exponent
    if isinstance(exp, int) and exp > 0:
        return d
    digits = str(int(d))
    zeros = len(digits) - len(digits.rstrip("0"))
    return Decimal(digits.rstrip("0") or "0").scaleb(zeros) if zeros >= 3 else None


def restore_id(text: str, title: Any, known: Known, exclude: str = "") -> tuple[str | None, int]:
    """The full id of a shortened one by its row's title: the one id known with exactly that
    title that reads as ``text`` once shortened; and how many such ids there are (0: unknown,
    2+: ambiguous)."""
    shown = _as_shortened(text)
    if shown is None or not title:
        return None, 0
    fits = sorted(
        pid
        for pid in known.get(str(title).strip(), ())
        if pid != exclude and _shortened_to(pid, shown)
    )
    return (fits[0] if len(fits) == 1 else None), len(fits)


@dataclass
class Screened:
    rows: list[dict[str, Any]]  # the rows kept (restored ids filled in)
    problems: list[RowProblem]  # rejected rows' problems and the restored ids, by row
    emptied: list[RowProblem]  # optional cells left empty (warnings)
    bad_rows: int  # rows left out
    verdict: str = ""  # why the whole file is rejected (empty: it is not)
    fix: str = ""


def screen_rows(
    kind: Kind,
    rows: list[dict[str, Any]],
    problems: list[RowProblem],
    *,
    window: Window | None = None,
    known: Known | None = None,
    headers: dict[str, str] | None = None,
) -> Screened:
    """Decide row by row: a row with an unreadable value in a required column, a negative
    count or amount, no key, or a date outside the plausible ``window`` is left out (listed
    with its Excel row number); a product id that lost digits is restored when its title
    names exactly one known product (``known``: the store's, with this file's added); an
    unreadable optional cell is left empty. The whole file is rejected when no row is left or
    more than half the rows are bad."""
    headers = headers or {}
    by_row: dict[int, list[RowProblem]] = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(p)
    titles = known_products(rows, known) if "title" in {c.name for c in kind.columns} else {}
    store_ids = {pid for ids in (known or {}).values() for pid in ids}
    id_count: dict[str, int] = {}
    for r in rows:
        if r.get("product_id"):
            id_count[r["product_id"]] = id_count.get(r["product_id"], 0) + 1
    required = {c.name for c in kind.required}
    dated = {
        c.name
        for c in kind.columns
        if c.name in headers and (c.name == kind.date_column or c.type == "datetime")
    }
    other_dates = {
        c.name
        for c in kind.columns
        if c.name in headers and c.type == "date" and c.name not in dated
    }
    # other dates (a launch date, a start date) may lie further back: a wider window
    wide = (
        Window(EARLIEST_PLAUSIBLE, years_before(window.last, -LATER_PLAUSIBLE_YEARS))
        if window is not None
        else None
    )
    kept: list[dict[str, Any]] = []
    out: list[RowProblem] = []
    emptied: list[RowProblem] = []
    bad = 0
    for record in rows:
        row = record[ROW]
        found = list(by_row.get(row, []))
        fatal: list[RowProblem] = []
        restored: list[RowProblem] = []
        for p in found:
            if p.code == "lost_digits" and p.column == "product_id" and titles:
                pid, fits = restore_id(p.value, record.get("title"), titles)
                if pid:
                    record[p.column] = pid
                    restored.append(replace(p, code="restored", detail=pid, action="restored"))
                    continue
                if fits > 1:
                    p = replace(p, code="lost_digits_ambiguous", detail=str(fits))
            if p.code == "negative" or p.column in required or p.column == kind.date_column:
                fatal.append(p)
            else:
                emptied.append(replace(p, action="emptied"))
        pid = record.get("product_id")
        if titles and pid and pid not in store_ids and id_count.get(pid, 0) == 1:
            full, _fits = restore_id(pid, record.get("title"), titles, exclude=pid)
            if full:  # '1600000000000', whose title names 1600000012345 only
                record["product_id"] = full
                head = headers.get("product_id", "product_id")
                restored.append(
                    RowProblem(row, "product_id", head, pid, "restored", full, "restored")
                )
        for name in kind.key:
            col = kind.column(name)
            if (
                col.required
                and record.get(name) is None
                and not any(p.column == name for p in fatal)
            ):
                fatal.append(RowProblem(row, name, headers.get(name, col.zh), "", "missing"))
        for name in sorted(dated | other_dates):
            value = record.get(name)
            if value is None:
                continue
            day = value.date() if isinstance(value, dt.datetime) else value
            limits = window if name in dated else wide
            if limits is None or day in limits:
                continue
            p = RowProblem(row, name, headers.get(name, name), str(value)[:19], "outside_window")
            p = replace(p, detail=str(limits))
            if name in required or name == kind.date_column:
                fatal.append(p)
            else:
                record[name] = None
                emptied.append(replace(p, action="emptied"))
        if fatal:
            bad += 1
            out.extend(sorted(fatal, key=lambda p: p.header))
            continue
        out.extend(restored)
        kept.append(record)
    screened = Screened(kept, out, emptied, bad)
    total = len(rows)
    if bad and (not kept or bad * 2 > total):
        rejected = [p for p in out if p.action == "rejected"]
        why = (
            f"all {total} data row(s) have unreadable or implausible values"
            if not kept
            else f"{bad} of {total} data rows have unreadable or implausible values (more than"
            " half: the file looks damaged, so none of it is taken)"
        )
        messages = RowProblems.of(rejected).messages()
        more = f"; and {len(messages) - 8} more" if len(messages) > 8 else ""
        screened.verdict = f"{why}: " + "; ".join(messages[:8]) + more
        fixes = list(dict.fromkeys(p.fix() for p in rejected))
        screened.fix = "correct those cells and save again, or export the file again: " + "; ".join(
            fixes[:4]
        )
    return screened


def period_granularity(start: dt.date, end: dt.date) -> str:
    return granularity(start, end)
