"""Ingest: every file in the inbox is ingested, skipped (same bytes already held) or rejected
with a reason that names the file, the problem and the fix. A rejected file never stops the
others; the original bytes of every ingested file are kept in the store folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..config import Settings, Workspace
from ..errors import IngestError
from ..parallel import can_fork, fork_map
from ..periods import CHINA, PACIFIC
from .kinds import KINDS, Kind
from .normalize import (
    Known,
    RowProblem,
    RowProblems,
    Window,
    find_period,
    identify,
    known_products,
    named_kind_gap,
    nearest_kind,
    normalise_rows,
    parse_value,
    period_granularity,
    plausible_window,
    screen_rows,
    suggest_header,
)
from .readers import read_grid

if TYPE_CHECKING:  # store.py imports .kinds, which runs this package: no import cycle at run time
    from ..store import Store

TEMPLATE_DIR = "templates"  # exports/templates/: the operator-sheet templates, never read
SKIP_DIRS = {TEMPLATE_DIR}
SUFFIXES = {".xls", ".xlsx", ".csv", ".htm", ".html", ".txt"}


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


@dataclass
class FileResult:
    path: Path
    name: str
    sha256: str
    status: str  # ingested | skipped | rejected | unchanged
    kind: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    rows: int = 0
    problem: str = ""
    fix: str = ""
    warnings: list[str] = field(default_factory=list)
    row_problems: list[RowProblem] = field(default_factory=list)


@dataclass
class IngestReport:
    results: list[FileResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def rejected(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "rejected"]

    def summary(self) -> str:
        return (
            f"{self.count('ingested')} ingested, {self.count('skipped') + self.count('unchanged')} already held,"
            f" {self.count('rejected')} rejected"
        )


def inbox_files(folder: Path) -> list[Path]:
    """Export files in the inbox (recursively), oldest first so a later re-export wins."""
    if not folder.is_dir():
        return []
    found = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder).parts
        if not p.is_file() or any(part.startswith(".") or part in SKIP_DIRS for part in rel[:-1]):
            continue
        if p.name.startswith((".", "~$")) or p.suffix.lower() not in SUFFIXES:
            continue
        found.append(p)
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, str(p)))


def kind_by_file_name(name: str) -> Kind | None:
    """The kind a file's name claims (``Products-2026-11-21.xls`` → products), if any."""
    base = Path(name).name.lower()
    for kind in KINDS.values():
        prefix = kind.file_pattern.split("YYYY")[0].lower()
        if prefix and base.startswith(prefix):
            return kind
    return None


# columns the generator computes at ingest (:func:`derive_columns`): never in a file, so not
# on an operator sheet's template either
DERIVED: dict[str, tuple[str, ...]] = {"inquiries": ("stat_date",)}


def derive_columns(kind: Kind, rows: list[dict[str, Any]]) -> None:
    """Columns the generator adds: an inquiry's China-time timestamp → its US-Pacific
    statistics date (kept beside the original time)."""
    if kind.name == "inquiries":
        for r in rows:
            t = r.get("inquiry_time")
            r["stat_date"] = (
                t.replace(tzinfo=CHINA).astimezone(PACIFIC).date() if t is not None else None
            )


def drop_example_rows(kind: Kind, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """The rows without the operator-sheet template's example row (if it was left in), and
    whether one was dropped."""
    from ..templates import EXAMPLE_ROWS  # lazy: templates imports this package

    example = EXAMPLE_ROWS.get(kind.name)
    if not example:
        return rows, False
    want = {n: parse_value(v, kind.column(n).type)[0] for n, v in example.items()}
    kept = [r for r in rows if any(r.get(n) != v for n, v in want.items())]
    return kept, len(kept) < len(rows)


def period_of(
    kind: Kind, rows: list[dict[str, Any]], grid: list[list[Any]], header_row: int, name: str
) -> tuple[dt.date, dt.date, str] | None:
    """A file's period: for sheets dated row by row, the span of their dates; else the preamble
    (时间周期…~…), else the date in the file name (the period's last day)."""
    if kind.date_column:
        dates = [r[kind.date_column] for r in rows if r.get(kind.date_column) is not None]
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
    name: str, data: bytes, *, window: Window | None = None, known: Known | None = None
) -> Parsed:
    """Read, identify and normalise one export. Raises :class:`IngestError`. Rows with values
    that cannot be read or are implausible (dates outside ``window``) are left out and listed;
    a shortened product id is restored by its title from ``known`` (title → ids)."""
    grid, _fmt = read_grid(name, data)
    match = identify(grid)
    if match is None:
        named = kind_by_file_name(name)
        gap = named_kind_gap(named, grid) if named else None
        near = nearest_kind(grid)
        if named and gap and gap[0] and (near is None or near[0].name == named.name):
            missing, found = gap
            hints = "; ".join(f"'{m}'{suggest_header(m, found)}" for m in missing)
            raise IngestError(
                name,
                f"{named.zh} ({named.name}) is missing required column(s) {hints}",
                restore_columns_fix(named),
            )
        if near:
            kind, missing, found = near
            hints = "; ".join(f"'{m}'{suggest_header(m, found)}" for m in missing)
            raise IngestError(
                name,
                f"looks like {kind.zh} ({kind.name}) but the header lacks {hints}",
                restore_columns_fix(kind),
            )
        raise IngestError(
            name,
            "no known export: no row in the first 20 has the headers of any kind this tool reads",
            "check that it is one of the exports listed in the README (e.g. 产品分析 Products-YYYY-MM-DD.xls); "
            "other files can be moved out of the inbox",
        )
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
    rows, problems, _dropped = normalise_rows(grid, match)
    rows, example_dropped = drop_example_rows(kind, rows)
    if rows:
        headers = {n: str(grid[match.header_row][i]).strip() for i, n in match.mapping.items()}
        screened = screen_rows(kind, rows, problems, window=window, known=known, headers=headers)
        if screened.verdict:
            raise IngestError(name, screened.verdict, screened.fix)
        rows = screened.rows
    if not rows:
        raise IngestError(
            name,
            f"{kind.zh} ({kind.name}) has its header but no data rows"
            + (" (only the template's example row, which is ignored)" if example_dropped else ""),
            f"export it again from {kind.source}, or fill the sheet below its header",
        )
    derive_columns(kind, rows)
    period = period_of(kind, rows, grid, match.header_row, name)
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
            odd = sorted(
                {str(r[col.name]) for r in rows if r.get(col.name) not in (None, *col.choices)}
            )
            if odd:
                warnings.append(
                    f"column {col.zh}: unexpected value(s) {', '.join(odd[:5])} "
                    f"(expected {' / '.join(col.choices)})"
                )
    if match.extra:
        warnings.append("extra columns kept aside: " + ", ".join(match.extra))
    frame = pd.DataFrame(rows, columns=[c.name for c in kind.columns])
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


def cap_list(items: list[int], cap: int = 10) -> str:
    shown = ", ".join(str(i) for i in items[:cap])
    return shown + (f" and {len(items) - cap} more" if len(items) > cap else "")


def _parse_job(
    job: tuple[str, bytes], window: Window | None = None, products: Known | None = None
) -> tuple[str, Any]:
    name, data = job
    try:
        return "ok", parse_export(name, data, window=window, known=products)
    except IngestError as exc:  # sent back as plain values: exceptions with fields do not pickle
        return "error", (exc.file_name, exc.problem, exc.fix)


def parse_new_files(
    workspace: Workspace,
    new: list[Path],
    window: Window | None = None,
    products: Known | None = None,
) -> dict[str, tuple[str, Any]]:
    """Parse the files not held yet, on every core when there are many (a first ingest of a
    year of exports). Writing stays sequential, in the files' order."""
    if len(new) < 40 or not can_fork():
        return {}  # few files: parsed one by one as they are written, with the progress bar
    jobs = [(str(path.relative_to(workspace.exports)), path.read_bytes()) for path in new]
    results = fork_map(lambda _, job: _parse_job(job, window, products), None, jobs, chunksize=8)
    return {name: result for (name, _data), result in zip(jobs, results, strict=True)}


def take_parsed(
    prepared: dict[str, tuple[str, Any]],
    name: str,
    data: bytes,
    window: Window | None = None,
    products: Known | None = None,
) -> Parsed:
    """The file parsed ahead of time, or parsed now. A file parsed ahead with ids that lost
    digits is parsed again: a file ingested since may name their products."""
    if name not in prepared:
        return parse_export(name, data, window=window, known=products)
    status, value = prepared.pop(name)
    if (status == "ok" and value.unrestored) or (status == "error" and "lost digits" in value[1]):
        return parse_export(name, data, window=window, known=products)
    if status == "error":
        raise IngestError(*value)
    return value  # type: ignore[no-any-return]


def ingest_inbox(
    workspace: Workspace,
    store: Store | None,
    *,
    write: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    now: dt.datetime | None = None,
    settings: Settings | None = None,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
) -> IngestReport:
    """Ingest every inbox file into ``store``; with ``write=False`` only check them (validate).
    With ``settings`` (as the CLI and the pipeline call it), dates must lie in the plausible
    window (its size in ``settings``) around the store's data, ``today`` (default: the date
    of ``now``) and the ``as_of`` date being built, if earlier."""
    run_at = now or dt.datetime.now().replace(microsecond=0)
    files = inbox_files(workspace.exports)
    known: dict[str, str] = {}
    products: Known = {}
    earliest = None
    if store is not None:
        log = store.query("SELECT sha256, file_name FROM ingest_log")
        known = dict(zip(log["sha256"], log["file_name"], strict=True))
        products, earliest = store.product_titles(), store.first_day()
    if as_of is not None and earliest is not None:
        earliest = min(earliest, as_of)
    window = (
        window_for(settings, today or run_at.date(), earliest or as_of)
        if settings is not None
        else None
    )
    results: list[FileResult] = []
    events: list[dict[str, Any]] = [
        {"run_at": run_at, "file_name": "", "sha256": "", "status": "run"}
    ]
    # each file read and hashed once; only the new ones are read again, to be parsed
    shas = [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]
    prepared = parse_new_files(
        workspace,
        [path for path, sha in zip(files, shas, strict=True) if sha not in known],
        window,
        products,
    )
    for i, (path, sha) in enumerate(zip(files, shas, strict=True)):
        rel = str(path.relative_to(workspace.exports))
        if progress:
            progress(i, len(files), rel)
        if sha in known:
            same = known[sha] == rel
            res = FileResult(
                path,
                rel,
                sha,
                "unchanged" if same else "skipped",
                problem="" if same else f"same content as {known[sha]}",
                fix="" if same else "nothing to do: a browser duplicate can be deleted",
            )
            results.append(res)
            if not same:
                events.append(
                    {
                        "run_at": run_at,
                        "file_name": rel,
                        "sha256": sha,
                        "status": "skipped",
                        "problem": res.problem,
                        "fix": res.fix,
                    }
                )
            continue
        try:
            parsed = take_parsed(prepared, rel, path.read_bytes(), window, products)
        except IngestError as exc:
            results.append(FileResult(path, rel, sha, "rejected", problem=exc.problem, fix=exc.fix))
            events.append(
                {
                    "run_at": run_at,
                    "file_name": rel,
                    "sha256": sha,
                    "status": "rejected",
                    "problem": exc.problem,
                    "fix": exc.fix,
                }
            )
            continue
        res = FileResult(
            path,
            rel,
            sha,
            "ingested",
            parsed.kind.name,
            parsed.period_start,
            parsed.period_end,
            len(parsed.rows),
            warnings=parsed.warnings,
            row_problems=parsed.row_problems,
        )
        if write and store is not None:
            original = workspace.originals / f"{sha[:16]}-{path.name}"
            original.parent.mkdir(parents=True, exist_ok=True)
            if not original.exists():
                shutil.copyfile(path, original)
            store.add_file(
                {
                    "sha256": sha,
                    "file_name": rel,
                    "original": str(original.relative_to(workspace.root)),
                    "period_start": parsed.period_start,
                    "period_end": parsed.period_end,
                    "granularity": parsed.granularity,
                    "period_source": parsed.period_source,
                    "warnings": "\n".join(parsed.warnings),
                    "ingested_at": run_at,
                },
                parsed.kind,
                parsed.rows,
                [vars(p) for p in parsed.row_problems],
            )
            events.append(
                {
                    "run_at": run_at,
                    "file_name": rel,
                    "sha256": sha,
                    "status": "ingested",
                    "kind": parsed.kind.name,
                    "period_start": parsed.period_start,
                    "period_end": parsed.period_end,
                    "rows": len(parsed.rows),
                    "problem": "; ".join(parsed.warnings),
                }
            )
        known[sha] = rel
        if "title" in parsed.rows and "product_id" in parsed.rows:  # for the next files' ids
            products = known_products(
                parsed.rows[["title", "product_id"]].to_dict("records"), products
            )
        results.append(res)
    if progress:
        progress(len(files), len(files), "")
    if write and store is not None:
        store.add_events(events)
    return IngestReport(results)


def window_for(settings: Settings, today: dt.date, earliest: dt.date | None) -> Window:
    """The plausible dates for a store whose data starts on ``earliest`` (None: no data)."""
    return plausible_window(
        today, earliest, settings.plausible_past_years, settings.plausible_future_days
    )
