"""The header row and the kind of a sheet, the columns a sheet lacks, and the period written
above the header or in the file name."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..kinds import KINDS, Kind
from .cells import _iso

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


_LOOKUPS: dict[str, dict[str, str]] = {}


def _header_lookup(kind: Kind) -> dict[str, str]:
    """Each known header of ``kind``, cleaned and lowered → its column name (made once)."""
    if kind.name in _LOOKUPS and KINDS.get(kind.name) is kind:
        return _LOOKUPS[kind.name]
    table = {}
    for col in kind.columns:
        for h in col.headers:
            table[clean_header(h).lower()] = col.name
    if KINDS.get(kind.name) is kind:
        _LOOKUPS[kind.name] = table
    return table


def _signature_headers(kind: Kind) -> list[set[str]]:
    """For each signature column of ``kind``, its headers as :func:`_header_lookup` keys them."""
    lookup = _header_lookup(kind)
    return [{h for h, name in lookup.items() if name == s} for s in kind.signature]


def identify(grid: list[list[Any]]) -> Match | None:
    """The kind and header row whose known headers match best in the first rows."""
    best: tuple[int, Match] | None = None
    # each cell of the first rows cleaned once: (column, cleaned and lowered, as written)
    heads = [
        [
            (c, h.lower(), str(cell).strip())
            for c, cell in enumerate(row)
            if (h := clean_header(cell))
        ]
        for row in grid[:HEADER_SCAN_ROWS]
    ]
    found = [{h for _c, h, _s in row} for row in heads]
    for kind in KINDS.values():
        lookup = _header_lookup(kind)
        signature = _signature_headers(kind)
        for r, row in enumerate(heads):
            if not all(hs & found[r] for hs in signature):
                continue  # a signature column without its header: not this kind's header row
            mapping: dict[int, str] = {}
            extra: list[str] = []
            for c, h, shown in row:
                name = lookup.get(h)
                if name and name not in mapping.values():
                    mapping[c] = name
                else:
                    extra.append(shown)
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
