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

from ..config import Workspace
from ..errors import IngestError
from ..parallel import can_fork, fork_map
from ..periods import CHINA, PACIFIC
from .kinds import KINDS, Kind
from .normalize import (
    find_period,
    identify,
    named_kind_gap,
    nearest_kind,
    normalise_rows,
    parse_value,
    period_granularity,
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


def parse_export(name: str, data: bytes) -> Parsed:
    """Read, identify and normalise one export. Raises :class:`IngestError`."""
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
            "check that it is one of the exports listed on the site's 数据说明 / Inputs page (e.g. 产品分析 Products-YYYY-MM-DD.xls); "
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
    required = {c.zh for c in kind.required}
    fatal = [
        m
        for (col, problem), m in zip(sorted(problems.items), problems.messages(), strict=True)
        if col in required or "negative" in problem
    ]
    if fatal:
        raise IngestError(
            name,
            "unreadable values: " + "; ".join(fatal),
            "correct those cells (numbers without text and not below zero, rates like 1.15%, "
            "dates like 2026-11-21) or export the file again",
        )
    if not rows:
        raise IngestError(
            name,
            f"{kind.zh} ({kind.name}) has its header but no data rows"
            + (" (only the template's example row, which is ignored)" if example_dropped else ""),
            f"export it again from {kind.source}, or fill the sheet below its header",
        )
    derive_columns(kind, rows)
    for key_name in kind.key:
        key_col = kind.column(key_name)
        if not key_col.required:
            continue  # an optional part of the key (a total row has no 维度) may be empty
        missing_keys = sum(1 for r in rows if r.get(key_name) is None)
        if missing_keys:
            raise IngestError(
                name,
                f"{missing_keys} row(s) have no {key_col.zh}",
                f"fill in {key_col.zh} or delete those rows, then save again",
            )
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
    warnings = problems.messages()
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
    return Parsed(kind, frame, start, end, period_granularity(start, end), source, warnings)


def _parse_job(job: tuple[str, bytes]) -> tuple[str, Any]:
    name, data = job
    try:
        return "ok", parse_export(name, data)
    except IngestError as exc:  # sent back as plain values: exceptions with fields do not pickle
        return "error", (exc.file_name, exc.problem, exc.fix)


def parse_new_files(workspace: Workspace, new: list[Path]) -> dict[str, tuple[str, Any]]:
    """Parse the files not held yet, on every core when there are many (a first ingest of a
    year of exports). Writing stays sequential, in the files' order."""
    if len(new) < 40 or not can_fork():
        return {}  # few files: parsed one by one as they are written, with the progress bar
    jobs = [(str(path.relative_to(workspace.exports)), path.read_bytes()) for path in new]
    results = fork_map(lambda _, job: _parse_job(job), None, jobs, chunksize=8)
    return {name: result for (name, _data), result in zip(jobs, results, strict=True)}


def take_parsed(prepared: dict[str, tuple[str, Any]], name: str, data: bytes) -> Parsed:
    """The file parsed ahead of time, or parsed now."""
    if name not in prepared:
        return parse_export(name, data)
    status, value = prepared.pop(name)
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
) -> IngestReport:
    """Ingest every inbox file into ``store``; with ``write=False`` only check them (validate)."""
    run_at = now or dt.datetime.now().replace(microsecond=0)
    files = inbox_files(workspace.exports)
    known: dict[str, str] = {}
    if store is not None:
        log = store.query("SELECT sha256, file_name FROM ingest_log")
        known = dict(zip(log["sha256"], log["file_name"], strict=True))
    results: list[FileResult] = []
    events: list[dict[str, Any]] = [
        {"run_at": run_at, "file_name": "", "sha256": "", "status": "run"}
    ]
    # each file read and hashed once; only the new ones are read again, to be parsed
    shas = [hashlib.sha256(path.read_bytes()).hexdigest() for path in files]
    prepared = parse_new_files(
        workspace, [path for path, sha in zip(files, shas, strict=True) if sha not in known]
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
            parsed = take_parsed(prepared, rel, path.read_bytes())
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
        results.append(res)
    if progress:
        progress(len(files), len(files), "")
    if write and store is not None:
        store.add_events(events)
    return IngestReport(results)
