"""Ingest: every file in the inbox is ingested, skipped (same bytes already held) or rejected
with a reason that names the file, the problem and the fix. A rejected file never stops the
others — whatever goes wrong while reading, normalising or storing it — and files that are not
read (hidden files, broken links, links out of the inbox) each get a line saying why.

Each file is read once into memory: its hash, its parsing and its kept original all come from
the same bytes. The original is written atomically (temporary file, fsync, rename) into
``store/originals/`` and its hash checked; :func:`check_originals` finds and repairs stored
originals that no longer match the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import stat
import traceback
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..config import Settings, Workspace
from ..foundation.errors import IngestError, WorkspaceError, explain_os_error
from ..foundation.files import write_atomic
from ..foundation.parallel import can_fork, fork_map
from ..foundation.periods import stat_date
from ..kinds import KINDS, TEMPLATE_DIR, Kind
from ..kinds.examples import EXAMPLE_ROWS
from .normalize import (
    Known,
    RowProblem,
    RowProblems,
    Window,
    find_period,
    identify,
    named_kind_gap,
    nearest_kind,
    normalise_rows,
    parse_value,
    period_granularity,
    plausible_window,
    screen_rows,
    suggest_header,
)
from .readers import CHILD_BYTES, Limits, decode_text, read_grid, too_big

if TYPE_CHECKING:
    from ..store import Store

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
    originals: list[OriginalProblem] = field(default_factory=list)  # stored originals checked

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def rejected(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "rejected"]

    @property
    def not_read(self) -> list[FileResult]:
        """Files passed over unread (hidden files, broken links, links out of the inbox)."""
        return [r for r in self.results if r.status == "skipped" and not r.sha256]

    def summary(self) -> str:
        held = self.count("skipped") + self.count("unchanged") - len(self.not_read)
        return (
            f"{self.count('ingested')} ingested, {held} already held,"
            f" {self.count('rejected')} rejected"
            + (f", {len(self.not_read)} not read" if self.not_read else "")
        )


@dataclass
class Skipped:
    """A file in the inbox that is not read, and why."""

    name: str
    problem: str
    fix: str


def scan_inbox(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """Export files in the inbox (recursively), oldest first so a later re-export wins, and the
    files not read with the reason: hidden files (of an export's type) and folders (a leading
    dot), broken links, links that lead out of the inbox (never followed) and links to folders.
    Office lock files (``~$…``), ``templates/`` and files of other types (``.DS_Store``,
    ``notes.docx``) are passed over without a word."""
    if not folder.is_dir():
        return [], []
    root = folder.resolve()
    found: list[tuple[int, str, Path]] = []
    skipped: list[Skipped] = []

    def rel(p: Path) -> str:
        return str(p.relative_to(folder))

    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here)
        for d in sorted(dirs):
            p = base / d
            if d in SKIP_DIRS:
                dirs.remove(d)
            elif d.startswith("."):
                dirs.remove(d)
                skipped.append(
                    Skipped(
                        rel(p) + "/",
                        "hidden folder (its name starts with a dot): not read",
                        "rename it without the leading dot if it holds exports",
                    )
                )
            elif p.is_symlink():
                skipped.append(
                    Skipped(
                        rel(p) + "/",
                        "a link to a folder: not followed",
                        "move or copy the folder itself into exports/",
                    )
                )
        for n in sorted(names):
            p = base / n
            if n.startswith("~$") or p.suffix.lower() not in SUFFIXES:
                continue  # Excel's lock file beside an open workbook; not an export's type
            if n.startswith("."):
                skipped.append(
                    Skipped(
                        rel(p),
                        "hidden file (its name starts with a dot): not read",
                        "rename it without the leading dot if it is an export, or delete it",
                    )
                )
                continue
            if p.is_symlink():
                try:
                    target = p.resolve(strict=True)
                except (OSError, RuntimeError):
                    skipped.append(
                        Skipped(
                            rel(p),
                            f"broken link: it points to {os.readlink(p)}, which does not exist",
                            "copy the export itself into exports/ and delete the link",
                        )
                    )
                    continue
                if not target.is_relative_to(root):
                    skipped.append(
                        Skipped(
                            rel(p),
                            f"a link to {target}, outside exports/: not followed",
                            "copy the export itself into exports/ and delete the link",
                        )
                    )
                    continue
            try:
                info = p.stat()
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((info.st_mtime_ns, str(p), p))
    return [p for _t, _s, p in sorted(found)], skipped


def inbox_files(folder: Path) -> list[Path]:
    """Export files in the inbox (recursively), oldest first so a later re-export wins."""
    return scan_inbox(folder)[0]


def kind_by_file_name(name: str) -> Kind | None:
    """The kind a file's name claims (``Products-2026-11-21.xls`` → products), if any."""
    base = Path(name).name.lower()
    for kind in KINDS.values():
        prefix = kind.file_pattern.split("YYYY")[0].lower()
        if prefix and base.startswith(prefix):
            return kind
    return None


def derive_columns(kind: Kind, rows: list[dict[str, Any]]) -> None:
    """Columns the generator adds: an inquiry's China-time timestamp → its US-Pacific
    statistics date (kept beside the original time)."""
    if kind.name == "inquiries":
        for r in rows:
            t = r.get("inquiry_time")
            r["stat_date"] = stat_date(t) if t is not None else None


def drop_example_rows(kind: Kind, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """The rows without the operator-sheet template's example row (if it was left in), and
    whether one was dropped."""
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
        if fmt == "csv" and decode_text(data)[1] == "big5":
            raise IngestError(
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
    unstorable(name, kind, rows)
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


# pandas (nanosecond timestamps) holds dates from 1677-09-22 to 2262-04-11
FIRST_DAY, LAST_DAY = dt.date(1678, 1, 1), dt.date(2261, 12, 31)


def unstorable(name: str, kind: Kind, rows: list[dict[str, Any]]) -> None:
    """Reject values no report can hold: an infinite or not-a-number amount (a cell reading
    'Infinity'), a date before 1678 or after 2261 (0001-01-01 from an empty date cell)."""
    for col in kind.columns:
        if col.type in ("float", "rate", "int"):
            bad = [
                (i, r[col.name])
                for i, r in enumerate(rows)
                if isinstance(r.get(col.name), float) and math.isinf(r[col.name])
            ]
            what = "is infinite (a cell reading Infinity or a number too large)"
        elif col.type in ("date", "datetime"):
            bad = [
                (i, v)
                for i, r in enumerate(rows)
                if isinstance(v := r.get(col.name), dt.date)
                and not FIRST_DAY <= (v.date() if isinstance(v, dt.datetime) else v) <= LAST_DAY
            ]
            what = "is not a date a report can hold (before 1678 or after 2261)"
        else:
            continue
        if bad:
            shown = ", ".join(str(v) for _i, v in bad[:3])
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


def _parse_job(
    limits: Limits,
    job: tuple[str, bytes],
    window: Window | None = None,
    products: Known | None = None,
) -> tuple[str, Any]:
    name, data = job
    try:
        return "ok", parse_export(name, data, limits, window=window, known=products)
    except IngestError as exc:  # sent back as plain values: exceptions with fields do not pickle
        return "error", (exc.file_name, exc.problem, exc.fix)
    except Exception as exc:
        err = unexpected(name, exc)
        return "error", (err.file_name, err.problem, err.fix)


def parse_new_files(
    new: list[tuple[str, bytes]],
    limits: Limits,
    window: Window | None = None,
    products: Known | None = None,
) -> dict[str, tuple[str, Any]]:
    """Parse the files not held yet, on every core when there are many (a first ingest of a
    year of exports). Writing stays sequential, in the files' order. Big files are left to the
    sequential pass (which reads them in a child process of its own)."""
    jobs = [(name, data) for name, data in new if len(data) <= CHILD_BYTES]
    if len(jobs) < 40 or not can_fork():
        return {}  # few files: parsed one by one as they are written, with the progress bar
    try:
        results = fork_map(
            lambda lim, job: _parse_job(lim, job, window, products), limits, jobs, chunksize=8
        )
    except BrokenProcessPool:  # a worker died: parse one by one, each file on its own
        return {}
    return {name: result for (name, _data), result in zip(jobs, results, strict=True)}


def take_parsed(
    prepared: dict[str, tuple[str, Any]],
    name: str,
    data: bytes,
    limits: Limits,
    window: Window | None = None,
    products: Known | None = None,
) -> Parsed:
    """The file parsed ahead of time, or parsed now. A file parsed ahead with ids that lost
    digits is parsed again: a file ingested since may name their products."""
    if name not in prepared:
        return parse_export(name, data, limits, window=window, known=products)
    status, value = prepared.pop(name)
    if (status == "ok" and value.unrestored) or (status == "error" and "lost digits" in value[1]):
        return parse_export(name, data, limits, window=window, known=products)
    if status == "error":
        raise IngestError(*value)
    return value  # type: ignore[no-any-return]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_once(path: Path) -> bytes:
    """A file's bytes, read once: the hash, the parsing and the kept original all use them."""
    return path.read_bytes()


def write_in_store(path: Path, data: bytes) -> None:
    """:func:`write_atomic` into the store: a store folder that cannot be written (a file where
    the folder belongs, no permission, a full disk) stops the command with that problem and
    its fix — it is not a problem of the file being kept."""
    try:
        write_atomic(path, data)
    except OSError as exc:
        explained = explain_os_error(exc)
        if explained is not None:
            raise explained from None
        raise


def file_sha(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


def keep_original(workspace: Workspace, name: str, sha: str, data: bytes) -> Path:
    """The original's place in the store, written atomically from the bytes that were parsed
    (unless the same bytes are already there) and checked against their hash."""
    original = workspace.originals / f"{sha[:16]}-{Path(name).name}"
    if file_sha(original) == sha:
        return original
    write_in_store(original, data)
    if file_sha(original) != sha:
        raise OSError(f"the copy written to {original} does not read back the same")
    return original


@dataclass
class OriginalProblem:
    """A stored original that does not match the ingest log: repaired from the inbox, or not."""

    file_name: str
    original: str
    problem: str
    repaired: bool
    fix: str = ""


def check_originals(
    workspace: Workspace,
    store: Store,
    inbox: dict[str, Path] | None = None,
    repair: bool = True,
) -> list[OriginalProblem]:
    """Every original the ingest log names, hashed: a missing or changed one is written again
    from the inbox when a file there has the same bytes (``inbox``: sha256 → path; default: the
    inbox is hashed when needed), else named with the file to put back."""
    log = store.query("SELECT sha256, file_name, original FROM ingest_log ORDER BY file_id")
    found: list[OriginalProblem] = []
    for sha, name, original in zip(log["sha256"], log["file_name"], log["original"], strict=True):
        path = workspace.root / str(original)
        got = file_sha(path)
        if got == sha:
            continue
        problem = (
            "the stored original is missing"
            if not path.exists()
            else "the stored original does not match the file that was ingested (damaged or"
            " cut short)"
        )
        if inbox is None:
            inbox = {}
            for p in inbox_files(workspace.exports):
                h = file_sha(p)
                if h:
                    inbox.setdefault(h, p)
        source = inbox.get(sha)
        if repair and source is not None:
            try:
                data = source.read_bytes()
                if sha256(data) == sha:
                    write_in_store(path, data)
                    if file_sha(path) == sha:
                        found.append(OriginalProblem(name, str(original), problem, True))
                        continue
            except OSError:
                pass
        found.append(
            OriginalProblem(
                name,
                str(original),
                problem,
                False,
                f"put the file {name} (sha256 {sha[:16]}…) back into exports/ and run"
                f" `opsreport check --workspace {workspace.root}`",
            )
        )
    return found


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
    Writing first checks the stored originals (:func:`check_originals`). With ``settings`` (as
    the CLI and the pipeline call it), dates must lie in the plausible window (its size in
    ``settings``) around the store's data, ``today`` (default: the date of ``now``) and the
    ``as_of`` date being built, if earlier."""
    limits = Limits.of(settings or Settings())
    run_at = now or dt.datetime.now().replace(microsecond=0)
    files, skipped = scan_inbox(workspace.exports)
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

    def event(res: FileResult, **more: Any) -> None:
        events.append(
            {
                "run_at": run_at,
                "file_name": res.name,
                "sha256": res.sha256,
                "status": res.status,
                "problem": res.problem,
                "fix": res.fix,
                **more,
            }
        )

    for skip in skipped:
        res = FileResult(
            workspace.exports / skip.name,
            skip.name,
            "",
            "skipped",
            problem=skip.problem,
            fix=skip.fix,
        )
        results.append(res)
        event(res)
    # each file read once: hashed, and (when new) parsed and kept from those same bytes
    entries: list[tuple[Path, str, str, bytes | None, IngestError | None]] = []
    for path in files:
        rel = str(path.relative_to(workspace.exports))
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                raise too_big(rel, size, limits)
            raw = read_once(path)
        except IngestError as exc:
            entries.append((path, rel, "", None, exc))
            continue
        except OSError as exc:
            entries.append(
                (
                    path,
                    rel,
                    "",
                    None,
                    IngestError(
                        rel,
                        f"the file cannot be read: {exc.strerror or exc}",
                        "close it in Excel (or the program holding it) and check its permissions",
                    ),
                )
            )
            continue
        sha = sha256(raw)
        entries.append((path, rel, sha, None if sha in known else raw, None))
    originals: list[OriginalProblem] = []
    if write and store is not None:
        inbox = {sha: path for path, _rel, sha, _d, _e in entries if sha}
        originals = check_originals(workspace, store, inbox)
        for o in originals:
            if not o.repaired:  # listed on the import status page until it is put back
                events.append(
                    {
                        "run_at": run_at,
                        "file_name": o.original,
                        "sha256": "",
                        "status": "damaged",
                        "problem": o.problem,
                        "fix": o.fix,
                    }
                )
    prepared = parse_new_files(
        [(rel, data) for _p, rel, _s, data, _e in entries if data is not None],
        limits,
        window,
        products,
    )
    for i, (path, rel, sha, data, error) in enumerate(entries):
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
                event(res)
            continue
        try:
            if error is not None:
                raise error
            assert data is not None
            parsed = take_parsed(prepared, rel, data, limits, window, products)
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
                original = keep_original(workspace, rel, sha, data)
                store_parsed(
                    store, parsed, sha, rel, str(original.relative_to(workspace.root)), run_at
                )
        except IngestError as exc:
            res = FileResult(path, rel, sha, "rejected", problem=exc.problem, fix=exc.fix)
        except WorkspaceError:  # the store cannot be written: no file can be kept
            raise
        except Exception as exc:  # whatever else goes wrong stays with this file
            err = unexpected(rel, exc)
            res = FileResult(path, rel, sha, "rejected", problem=err.problem, fix=err.fix)
        if res.status == "rejected":
            results.append(res)
            event(res)
            continue
        if write and store is not None:
            event(
                res,
                kind=res.kind,
                period_start=res.period_start,
                period_end=res.period_end,
                rows=res.rows,
                problem="; ".join(res.warnings),
                fix=None,
            )
        if sha:
            known[sha] = rel
        learn_products(products, parsed)
        results.append(res)
    if progress:
        progress(len(files), len(files), "")
    if write and store is not None:
        store.add_events(events)
    return IngestReport(results, originals)


def store_parsed(
    store: Store, parsed: Parsed, sha: str, name: str, original: str, ingested_at: dt.datetime
) -> int:
    """Write one parsed file: its rows, its row problems and its ingest-log row, in one
    transaction (ingest and rebuild-store alike); return its file id."""
    return store.add_file(
        {
            "sha256": sha,
            "file_name": name,
            "original": original,
            "period_start": parsed.period_start,
            "period_end": parsed.period_end,
            "granularity": parsed.granularity,
            "period_source": parsed.period_source,
            "warnings": "\n".join(parsed.warnings),
            "ingested_at": ingested_at,
        },
        parsed.kind,
        parsed.rows,
        [vars(p) for p in parsed.row_problems],
    )


def learn_products(products: Known, parsed: Parsed) -> None:
    """Add a stored file's (title → product ids) to ``products``, in place, so the next files'
    shortened ids can be restored by their titles."""
    if "title" in parsed.rows and "product_id" in parsed.rows:
        for title, pid in zip(parsed.rows["title"], parsed.rows["product_id"], strict=True):
            if title and pid:
                products.setdefault(str(title).strip(), set()).add(str(pid))


def window_for(settings: Settings, today: dt.date, earliest: dt.date | None) -> Window:
    """The plausible dates for a store whose data starts on ``earliest`` (None: no data)."""
    return plausible_window(
        today, earliest, settings.plausible_past_years, settings.plausible_future_days
    )
