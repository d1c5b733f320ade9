"""Plausibility and screening: the window of plausible dates, product ids shortened by a
spreadsheet restored by their titles, and the rows left out or cells emptied, with why."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..i18n import translate
from ..kinds import Kind
from .cells import ROW, RowProblem, RowProblems, Table

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


def known_products(titles: list[Any], ids: list[Any], known: Known | None = None) -> Known:
    """``known`` (a copy) with the (title, product id) pairs of the rows (their ``titles`` and
    ``ids``, side by side) added."""
    out: Known = {t: set(ids) for t, ids in (known or {}).items()}
    for title, pid in zip(titles, ids, strict=True):
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
    rows: Table  # the rows kept (restored ids filled in)
    problems: list[RowProblem]  # rejected rows' problems and the restored ids, by row
    emptied: list[RowProblem]  # optional cells left empty (warnings)
    bad_rows: int  # rows left out
    verdict: str = ""  # why the whole file is rejected (empty: it is not)
    fix: str = ""


def _plain_id(pid: Any) -> bool:
    """An id no title can restore: ASCII digits not ending in 000 (:func:`_as_shortened`
    reads no shortened number in it)."""
    return isinstance(pid, str) and pid.isascii() and pid.isdigit() and not pid.endswith("000")


def screen_rows(
    kind: Kind,
    rows: Table,
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
    more than half the rows are bad. Only the rows that can have a problem are looked at one
    by one (:meth:`_Screening.open_rows`); the others are kept as they are."""
    how = _Screening.of(kind, rows, problems, window, known, headers or {})
    out: list[RowProblem] = []
    emptied: list[RowProblem] = []
    left_out: set[int] = set()
    for i in how.open_rows(rows):
        record = rows.record(i)
        fatal, restored = how.screen(record, emptied)
        if fatal:
            left_out.add(i)
            out.extend(sorted(fatal, key=lambda p: p.header))
            continue
        out.extend(restored)
        rows.put(i, record)
    bad = len(left_out)
    kept = rows.take([i for i in range(len(rows)) if i not in left_out]) if bad else rows
    screened = Screened(kept, out, emptied, bad)
    total = len(rows)
    if bad and (not len(kept) or bad * 2 > total):
        rejected = [p for p in out if p.action == "rejected"]
        why = (
            f"all {total} data row(s) have unreadable or implausible values"
            if not len(kept)
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


@dataclass
class _Screening:
    """What :func:`screen_rows` judges each row by: the kind, the cell problems by row, the
    known titles and ids, the dated columns and their windows."""

    kind: Kind
    headers: dict[str, str]
    by_row: dict[int, list[RowProblem]]
    titles: Known
    store_ids: set[str]
    id_count: dict[str, int]
    required: set[str]
    dated: set[str]
    other_dates: set[str]
    window: Window | None
    wide: Window | None
    shortened: list[int]  # the rows whose product id a title may restore

    @classmethod
    def of(
        cls,
        kind: Kind,
        rows: Table,
        problems: list[RowProblem],
        window: Window | None,
        known: Known | None,
        headers: dict[str, str],
    ) -> _Screening:
        by_row: dict[int, list[RowProblem]] = {}
        for p in problems:
            by_row.setdefault(p.row, []).append(p)
        cols = rows.columns
        ids = cols.get("product_id", [None] * len(rows))
        # the titles restore ids: needed only when an id lost digits or may be shortened
        restorable = any(p.code == "lost_digits" and p.column == "product_id" for p in problems)
        shortened = [i for i, pid in enumerate(ids) if pid and not _plain_id(pid)]
        restorable = restorable or bool(shortened)
        titles = known_products(cols["title"], ids, known) if "title" in cols and restorable else {}
        store_ids = {pid for ids in (known or {}).values() for pid in ids}
        id_count = dict(Counter(pid for pid in cols.get("product_id", ()) if pid))
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
        required = {c.name for c in kind.required}
        return cls(
            kind,
            headers,
            by_row,
            titles,
            store_ids,
            id_count,
            required,
            dated,
            other_dates,
            window,
            wide,
            shortened,
        )

    def open_rows(self, rows: Table) -> list[int]:
        """The rows :meth:`screen` may change or leave out: those with a cell problem, an id a
        title may restore, a required key missing, or a date to check. :meth:`screen` finds
        nothing in any other row."""
        n = len(rows)
        if self.dated or self.other_dates:
            return list(range(n))
        cols = rows.columns
        open_: set[int] = {i for i, r in enumerate(rows.excel_rows) if r in self.by_row}
        if self.titles:
            open_.update(self.shortened)
        for name in self.kind.key:
            if self.kind.column(name).required and name in cols:
                open_.update(i for i, v in enumerate(cols[name]) if v is None)
        return sorted(open_)

    def screen(
        self, record: dict[str, Any], emptied: list[RowProblem]
    ) -> tuple[list[RowProblem], list[RowProblem]]:
        """One row's fatal problems and restored ids; optional cells emptied go to ``emptied``
        (and out of ``record``)."""
        kind, headers, row = self.kind, self.headers, record[ROW]
        fatal: list[RowProblem] = []
        restored: list[RowProblem] = []
        for p in list(self.by_row.get(row, [])):
            if p.code == "lost_digits" and p.column == "product_id" and self.titles:
                pid, fits = restore_id(p.value, record.get("title"), self.titles)
                if pid:
                    record[p.column] = pid
                    restored.append(replace(p, code="restored", detail=pid, action="restored"))
                    continue
                if fits > 1:
                    p = replace(p, code="lost_digits_ambiguous", detail=str(fits))
            if p.code == "negative" or p.column in self.required or p.column == kind.date_column:
                fatal.append(p)
            else:
                emptied.append(replace(p, action="emptied"))
        pid = record.get("product_id")
        if self.titles and pid and pid not in self.store_ids and self.id_count.get(pid, 0) == 1:
            full, _fits = restore_id(pid, record.get("title"), self.titles, exclude=pid)
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
        self.check_dates(record, fatal, emptied)
        return fatal, restored

    def check_dates(
        self, record: dict[str, Any], fatal: list[RowProblem], emptied: list[RowProblem]
    ) -> None:
        """A date outside its window: fatal in a required or dating column, else emptied."""
        row = record[ROW]
        for name in sorted(self.dated | self.other_dates):
            value = record.get(name)
            if value is None:
                continue
            day = value.date() if isinstance(value, dt.datetime) else value
            limits = self.window if name in self.dated else self.wide
            if limits is None or day in limits:
                continue
            p = RowProblem(
                row, name, self.headers.get(name, name), str(value)[:19], "outside_window"
            )
            p = replace(p, detail=str(limits))
            if name in self.required or name == self.kind.date_column:
                fatal.append(p)
            else:
                record[name] = None
                emptied.append(replace(p, action="emptied"))
