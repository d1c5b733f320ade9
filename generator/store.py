"""The store: one embedded DuckDB file per workspace. The only module that talks to DuckDB.

Tables: ``ingest_log`` (one row per file version ingested), ``row_problems`` (the rows of an
ingested file that were left out, and the product ids restored, by Excel row), ``file_events`` (what each run
did with each file: ingested, skipped, rejected), ``runs`` (every build run: start and end in
UTC, trigger, jobs, files ingested, pages written, result, error), and one table per kind with the period
bounds and the ``file_id`` it came from. ``current_<kind>`` views keep, for every
(period_start, period_end), only the rows of the newest file: a re-export supersedes the
earlier one for reporting while both stay stored.

The store records its layout's version in ``meta`` (``schema_version``). Opening a store
written by an older opsreport migrates it step by step (:data:`MIGRATIONS`, version → version
+ 1; a kind table gains the columns a newer ``kinds.py`` added); a store that cannot be
migrated, a store from a newer opsreport and a damaged file each raise a :class:`StoreError`
that names `opsreport rebuild-store`, which re-reads ``store/originals/`` into a new store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from . import __version__
from .foundation.errors import StoreError, explain_os_error
from .kinds import KINDS, Kind

SQL_TYPES = {
    "datetime": "TIMESTAMP",
    "id": "VARCHAR",
    "text": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "rate": "DOUBLE",
    "flag": "BOOLEAN",
    "date": "DATE",
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS file_ids START 1;
CREATE TABLE IF NOT EXISTS ingest_log (
    file_id BIGINT PRIMARY KEY, sha256 VARCHAR UNIQUE, file_name VARCHAR, original VARCHAR,
    kind VARCHAR, period_start DATE, period_end DATE, granularity VARCHAR, period_source VARCHAR,
    rows BIGINT, warnings VARCHAR, ingested_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS file_events (
    run_at TIMESTAMP, file_name VARCHAR, sha256 VARCHAR, status VARCHAR, kind VARCHAR,
    period_start DATE, period_end DATE, rows BIGINT, problem VARCHAR, fix VARCHAR
);
CREATE TABLE IF NOT EXISTS row_problems (
    file_id BIGINT, excel_row BIGINT, column_name VARCHAR, header VARCHAR, value VARCHAR,
    code VARCHAR, detail VARCHAR, action VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
    run_id BIGINT PRIMARY KEY, started_at TIMESTAMP, ended_at TIMESTAMP, trigger VARCHAR,
    jobs VARCHAR, as_of DATE, pid BIGINT, files_ingested BIGINT, pages_written BIGINT,
    result VARCHAR, error VARCHAR
);
"""


SCHEMA_VERSION = 1
"""The layout this code writes. Raise it, with a step in :data:`MIGRATIONS`, whenever a log
table changes; new kind columns need no step (they are added on open)."""

REBUILD_COMMAND = "opsreport rebuild-store"
# DuckDB's words for a file it cannot read as a database: a torn write, random bytes, a
# checksum that does not match (checked where an error surfaces after the file opened)
DAMAGE_MARKERS = (
    "not a valid duckdb database",
    "corrupt database",
    "could not read enough bytes",
    "checksum",
    "serialization error",
    "internal error",
)


def rebuild_fix(path: Path) -> str:
    """The fix for a store that cannot be used: rebuild it from the originals."""
    return (
        f"run `{REBUILD_COMMAND} --workspace {path.parent.parent}`: it re-reads every original"
        f" in {path.parent / 'originals'} into a new store (the originals are never changed;"
        " the old file is kept as a backup until the new store is in place)"
    )


def is_lock_conflict(exc: BaseException) -> bool:
    """Another process holds the file (a build running): not damage; its caller waits."""
    return "could not set lock" in str(exc).lower()


def explain_db_error(path: Path, exc: BaseException, opening: bool = False) -> StoreError | None:
    """A DuckDB error as the user's problem and fix, or None when it is neither damage nor a
    permission problem (a lock held by a build, or a bug: raised as it is). While ``opening``,
    any other error means the file cannot be read as a store."""
    if not isinstance(exc, duckdb.Error) or is_lock_conflict(exc):
        return None
    text = " ".join(str(exc).split())
    low = text.lower()
    if "permission denied" in low or "read-only file system" in low:
        return StoreError(
            f"the store {path} is not writable ({text[:200]})",
            f"give the user that runs opsreport write permission on {path.parent} and the"
            " files in it, then run again",
        )
    if opening or any(m in low for m in DAMAGE_MARKERS):
        return StoreError(
            f"the store {path} is damaged or is not a DuckDB file ({text[:200]})",
            rebuild_fix(path),
        )
    return None


@contextmanager
def db_errors(path: Path) -> Iterator[None]:
    """A DuckDB error while opening or reading the store at ``path`` raised as the user's
    problem and fix (:func:`explain_db_error`: damaged, not writable) where it is known."""
    try:
        yield
    except duckdb.Error as exc:
        known = explain_db_error(path, exc, opening=True)
        if known is None:
            raise
        raise known from exc


def _main_columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Every table of the store's own database: table → column → SQL type."""
    rows = con.execute(
        """SELECT table_name, column_name, data_type FROM duckdb_columns()
           WHERE database_name = current_database() AND schema_name = 'main'
           AND NOT internal ORDER BY table_name, column_index"""
    ).fetchall()
    views = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = current_database()"
        ).fetchall()
    }
    out: dict[str, dict[str, str]] = {}
    for table, column, sql_type in rows:
        if table not in views:
            out.setdefault(table, {})[column] = sql_type
    return out


def _log_tables() -> dict[str, dict[str, str]]:
    """The log tables as :data:`SCHEMA` makes them (read from a throwaway in-memory store)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        return _main_columns(con)
    finally:
        con.close()


class NoMigration(Exception):
    """A store whose tables a migration step does not recognise: it must be rebuilt."""


def _unversioned_to_v1(con: duckdb.DuckDBPyConnection) -> None:
    """A store from before the version was recorded: its log tables must be the ones this code
    writes (the run history and the row problems may be missing: they are created empty)."""
    have = _main_columns(con)
    for table, columns in _log_tables().items():
        if table == "meta" or (table in ("runs", "row_problems") and table not in have):
            continue
        lacking = [c for c, t in columns.items() if have.get(table, {}).get(c) != t]
        if lacking:
            raise NoMigration(f"its table {table} lacks {', '.join(lacking)}")


# version → the step that brings a store of that version to version + 1 (0: unversioned)
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {0: _unversioned_to_v1}


def stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store's schema version: None for an empty (new) file, 0 for a store written before
    versions were recorded."""
    tables = _main_columns(con)
    if "meta" in tables:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is not None:
            return int(row[0])
    return 0 if tables else None


class Store:
    def __init__(self, path: Path, read_only: bool = False, kinds: bool = True) -> None:
        """``kinds=False``: only the log tables (ingest log, events, runs), for the quick
        opens of the run history. Raises :class:`StoreError` for a damaged store, one from a
        newer opsreport, or one that cannot be migrated; migrates an older one."""
        self.path = path
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                unwritable = explain_os_error(exc)
                if unwritable is None:
                    raise
                raise unwritable from exc
        with db_errors(path):
            self.con = duckdb.connect(str(path), read_only=read_only)
        try:
            with db_errors(path):
                self._open(read_only, kinds)
        except BaseException:
            self.con.close()
            raise

    def _open(self, read_only: bool, kinds: bool) -> None:
        version = stored_version(self.con)
        if version is not None and version > SCHEMA_VERSION:
            writer = self.con.execute("SELECT value FROM meta WHERE key = 'written_by'").fetchone()
            raise StoreError(
                f"this store was written by a newer opsreport (v{version}"
                + (f", opsreport {writer[0]}" if writer else "")
                + f"); this opsreport {__version__} reads stores up to v{SCHEMA_VERSION}"
                f" ({self.path})",
                f"upgrade opsreport, or run `{REBUILD_COMMAND} --workspace"
                f" {self.path.parent.parent}` to rebuild it from the originals with this version",
            )
        if read_only:
            if version is not None and version < SCHEMA_VERSION and version not in MIGRATIONS:
                raise self._cannot_migrate(version, "no migration from that version")
            return  # an older store that migrates is readable as it is (only meta differs)
        if version is None:
            self.con.execute(SCHEMA)
            self._set_version(SCHEMA_VERSION)
        elif version < SCHEMA_VERSION:
            self._migrate(version)
        self.con.execute(SCHEMA)
        if kinds:
            have = _main_columns(self.con)
            for kind in KINDS.values():
                self._ensure_kind(kind, have.get(kind.name, {}))

    def _set_version(self, version: int) -> None:
        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?), ('written_by', ?)",
            [str(version), __version__],
        )

    def _cannot_migrate(self, version: int, why: str) -> StoreError:
        return StoreError(
            f"the store {self.path} was written by an older opsreport (v{version}) and cannot be"
            f" upgraded in place: {why}",
            rebuild_fix(self.path),
        )

    def _migrate(self, version: int) -> None:
        """Bring the store from ``version`` to :data:`SCHEMA_VERSION`, one step at a time,
        each step in one transaction with its new version number."""
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise self._cannot_migrate(version, "no migration from that version")
            self.con.begin()
            try:
                step(self.con)
                self.con.execute(
                    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
                )
                self._set_version(version + 1)
                self.con.commit()
            except NoMigration as exc:
                self.con.rollback()
                raise self._cannot_migrate(version, str(exc)) from None
            except BaseException:
                self.con.rollback()
                raise
            version += 1

    def schema_version(self) -> int | None:
        return stored_version(self.con)

    def copy_history(self, old: Path) -> dict[str, int]:
        """Copy the run history and the file events of the store file ``old`` (of any version:
        the columns both know) into this store; the run ids go on after the copied ones.
        Returns the rows copied per table; raises a DuckDB error when ``old`` cannot be read."""
        self.con.execute(f"ATTACH '{str(old).replace(chr(39), chr(39) * 2)}' AS old (READ_ONLY)")
        try:
            rows = self.con.execute(
                """SELECT table_name, column_name FROM duckdb_columns()
                   WHERE database_name = 'old' AND schema_name = 'main'"""
            ).fetchall()
            theirs: dict[str, set[str]] = {}
            for table, column in rows:
                theirs.setdefault(table, set()).add(column)
            ours = _main_columns(self.con)
            copied: dict[str, int] = {}
            self.con.begin()
            for table in ("runs", "file_events"):
                common = [c for c in ours[table] if c in theirs.get(table, set())]
                if not common:
                    copied[table] = 0
                    continue
                names = ", ".join(common)
                got = self.con.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM old.main.{table}"
                ).fetchone()
                copied[table] = int(got[0]) if got else 0
            top = self.con.execute("SELECT coalesce(max(run_id), 0) FROM runs").fetchone()
            self.con.execute("DROP SEQUENCE run_ids")
            self.con.execute(f"CREATE SEQUENCE run_ids START {int(top[0] if top else 0) + 1}")
            self.con.commit()
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self.con.rollback()
            raise
        finally:
            self.con.execute("DETACH old")
        return copied

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_kind(self, kind: Kind, have: dict[str, str]) -> None:
        """The kind's table and its ``current_`` view. A table from an older opsreport gains
        the columns added to the kind since (NULL in its old rows; `opsreport rebuild-store`
        re-reads them from the originals); a column whose type changed cannot be migrated."""
        cols = ", ".join(f"{c.name} {SQL_TYPES[c.type]}" for c in kind.columns)
        self.con.execute(
            f"CREATE TABLE IF NOT EXISTS {kind.name} (file_id BIGINT, period_start DATE, period_end DATE,"
            f" granularity VARCHAR, {cols})"
        )
        for c in kind.columns if have else ():
            want = SQL_TYPES[c.type]
            if c.name not in have:
                self.con.execute(f"ALTER TABLE {kind.name} ADD COLUMN {c.name} {want}")
            elif have[c.name] != want:
                raise StoreError(
                    f"the store {self.path} keeps {kind.zh} ({kind.name}) column {c.name} as"
                    f" {have[c.name]}; this opsreport {__version__} stores it as {want} and"
                    " cannot convert it in place",
                    rebuild_fix(self.path),
                )
        if kind.date_column:
            # dated row by row: for each date, the rows of the newest file that holds it
            view = f"""SELECT * FROM {kind.name}
                QUALIFY file_id = max(file_id) OVER (PARTITION BY {kind.date_column})"""
        else:
            view = f"""SELECT t.* FROM {kind.name} t JOIN (
                SELECT period_start, period_end, max(file_id) AS file_id FROM ingest_log
                WHERE kind = '{kind.name}' GROUP BY ALL
            ) latest USING (period_start, period_end, file_id)"""
        self.con.execute(f"CREATE OR REPLACE VIEW current_{kind.name} AS {view}")

    # -- ingest -------------------------------------------------------------------------
    def add_file(
        self,
        log: dict[str, Any],
        kind: Kind,
        rows: pd.DataFrame,
        row_problems: list[dict[str, Any]] | None = None,
    ) -> int:
        """Write the rows, their ingest-log row and the file's row problems (rows left out,
        ids restored: dicts with row, column, header, value, code, detail, action) in one
        transaction; return the file id."""
        self.con.begin()
        try:
            file_id = self.con.execute("SELECT nextval('file_ids')").fetchone()[0]  # type: ignore[index]
            self.con.execute(
                "INSERT INTO ingest_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    file_id,
                    log["sha256"],
                    log["file_name"],
                    log["original"],
                    kind.name,
                    log["period_start"],
                    log["period_end"],
                    log["granularity"],
                    log["period_source"],
                    len(rows),
                    log["warnings"],
                    log["ingested_at"],
                ],
            )
            frame = rows.copy()
            frame.insert(0, "granularity", log["granularity"])
            frame.insert(0, "period_end", log["period_end"])
            frame.insert(0, "period_start", log["period_start"])
            frame.insert(0, "file_id", file_id)
            self.con.register("incoming", frame)
            names = ", ".join(frame.columns)
            self.con.execute(f"INSERT INTO {kind.name} ({names}) SELECT {names} FROM incoming")
            self.con.unregister("incoming")
            if row_problems:
                self.con.executemany(
                    "INSERT INTO row_problems VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        [
                            file_id,
                            p["row"],
                            p["column"],
                            p["header"],
                            p["value"],
                            p["code"],
                            p["detail"],
                            p["action"],
                        ]
                        for p in row_problems
                    ],
                )
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return int(file_id)

    def add_events(self, events: list[dict[str, Any]]) -> None:
        if not events:
            return
        self.con.executemany(
            "INSERT INTO file_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    e["run_at"],
                    e["file_name"],
                    e["sha256"],
                    e["status"],
                    e.get("kind"),
                    e.get("period_start"),
                    e.get("period_end"),
                    e.get("rows"),
                    e.get("problem"),
                    e.get("fix"),
                ]
                for e in events
            ],
        )

    # -- run history ----------------------------------------------------------------------
    def start_run(
        self, started_at: dt.datetime, trigger: str, jobs: str, as_of: dt.date, pid: int
    ) -> int:
        """A new run, result 'running' until :meth:`finish_run`; times are naive UTC."""
        run_id = self.con.execute("SELECT nextval('run_ids')").fetchone()[0]  # type: ignore[index]
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?, ?, NULL, NULL, 'running', NULL)",
            [run_id, started_at, trigger, jobs, as_of, pid],
        )
        return int(run_id)

    def finish_run(
        self,
        run_id: int,
        ended_at: dt.datetime,
        result: str,
        files_ingested: int | None = None,
        pages_written: int | None = None,
        error: str | None = None,
    ) -> None:
        self.con.execute(
            """UPDATE runs SET ended_at = ?, result = ?, files_ingested = ?, pages_written = ?,
               error = ? WHERE run_id = ?""",
            [ended_at, result, files_ingested, pages_written, error, run_id],
        )

    def mark_interrupted(self, dead_pids: list[int], error: str) -> int:
        """Runs left 'running' by processes that no longer exist become 'interrupted'."""
        if not dead_pids:
            return 0
        marks = ", ".join("?" for _ in dead_pids)
        got = self.con.execute(
            f"""UPDATE runs SET result = 'interrupted', error = ?
                WHERE result = 'running' AND pid IN ({marks}) RETURNING run_id""",
            [error, *dead_pids],
        ).fetchall()
        return len(got)

    def runs(self, limit: int | None = None) -> pd.DataFrame:
        """The run history, newest first."""
        sql = "SELECT * FROM runs ORDER BY started_at DESC, run_id DESC"
        return self.query(sql + (f" LIMIT {int(limit)}" if limit else ""))

    # -- reading ------------------------------------------------------------------------
    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def current(
        self,
        kind: str,
        granularity: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> pd.DataFrame:
        """The current rows of one kind (at one granularity, or all), periods ending within
        [start, end]."""
        return self._current(kind, "period_end", start, end, granularity)

    def rows(
        self, kind: str, start: dt.date | None = None, end: dt.date | None = None
    ) -> pd.DataFrame:
        """The current rows of a kind dated row by row, with dates within [start, end]."""
        return self._current(kind, KINDS[kind].date_column, start, end)

    def _current(
        self,
        kind: str,
        day: str,
        start: dt.date | None,
        end: dt.date | None,
        granularity: str | None = None,
    ) -> pd.DataFrame:
        """The current rows of ``kind`` whose ``day`` column is within [start, end], by ``day``."""
        sql, params = f"SELECT * FROM current_{kind} WHERE true", []
        for clause, value in (
            ("granularity = ?", granularity),
            (f"{day} >= ?", start),
            (f"{day} <= ?", end),
        ):
            if value is not None:
                sql += f" AND {clause}"
                params.append(value)
        return self.query(sql + f" ORDER BY {day}", params)

    def row_mismatches(self) -> list[tuple[str, int, int]]:
        """Files whose rows in the store are not as many as their ingest-log row says: (file
        name, logged, stored). Empty in a consistent store."""
        counts = " UNION ALL ".join(
            f"SELECT file_id, count(*) AS n FROM {k} GROUP BY file_id" for k in KINDS
        )
        got = self.con.execute(
            f"""SELECT l.file_name, l.rows, coalesce(c.n, 0) FROM ingest_log l
                LEFT JOIN ({counts}) c USING (file_id)
                WHERE l.rows IS DISTINCT FROM coalesce(c.n, 0) ORDER BY l.file_id"""
        ).fetchall()
        return [(str(a), int(b or 0), int(c)) for a, b, c in got]

    def ingest_log(self) -> pd.DataFrame:
        return self.query("SELECT * FROM ingest_log ORDER BY file_id")

    def row_problems(self) -> pd.DataFrame:
        """Every held file's rows left out and ids restored, with the file's name, kind,
        period and whether it is still the current file of its period (newest files first)."""
        tables = set(self.query("SELECT table_name FROM duckdb_tables()")["table_name"])
        if "row_problems" not in tables:  # a read-only store written before this table
            return pd.DataFrame(
                columns=[
                    "file_id", "excel_row", "column_name", "header", "value", "code", "detail",
                    "action", "file_name", "kind", "granularity", "period_start", "period_end",
                    "current",
                ]
            )  # fmt: skip
        return self.query(
            """SELECT p.*, l.file_name, l.kind, l.granularity, l.period_start, l.period_end,
                      l.file_id = max(l.file_id) OVER (PARTITION BY l.kind, l.period_start, l.period_end)
                      AS current
               FROM row_problems p JOIN ingest_log l USING (file_id)
               ORDER BY p.file_id DESC, p.excel_row, p.header"""
        )

    def first_day(self) -> dt.date | None:
        """The earliest day of any data held (None: no data yet)."""
        got = self.con.execute("SELECT min(period_start) FROM ingest_log").fetchone()
        return got[0] if got and got[0] is not None else None

    def product_titles(self) -> dict[str, set[str]]:
        """Each product title held → the product ids seen with it (to restore shortened ids)."""
        parts = [
            f"SELECT DISTINCT trim(title) AS title, product_id FROM {k.name}"
            f" WHERE title IS NOT NULL AND product_id IS NOT NULL"
            for k in KINDS.values()
            if {"title", "product_id"} <= {c.name for c in k.columns}
        ]
        got = self.query(" UNION ".join(parts))
        out: dict[str, set[str]] = {}
        for title, pid in zip(got["title"], got["product_id"], strict=True):
            out.setdefault(title, set()).add(pid)
        return out

    def last_run_events(self) -> pd.DataFrame:
        """What the latest ingest run said about each file it could not take: rejected
        files (tried again every run while they stay in the inbox), skipped ones (duplicates,
        files not read) and damaged stored originals."""
        return self.query(
            """SELECT * FROM file_events WHERE status IN ('rejected', 'skipped', 'damaged')
               AND run_at = (SELECT max(run_at) FROM file_events) ORDER BY status, file_name"""
        )

    def kind_periods(self) -> pd.DataFrame:
        """What the store holds per kind: for kinds dated row by row, one line ('day') counting
        the distinct dates of the current rows; for the others, one line per granularity."""
        by_file = self._file_periods()
        views = set(self.query("SELECT view_name FROM duckdb_views()")["view_name"])
        dated = [k for k in KINDS.values() if k.date_column and f"current_{k.name}" in views]
        parts = [by_file[~by_file["kind"].isin([k.name for k in dated])]]
        for k in dated:
            got = self.query(
                f"""SELECT '{k.name}' AS kind, 'day' AS granularity, count(DISTINCT {k.date_column}) AS periods,
                    min({k.date_column}) AS first_day, max({k.date_column}) AS last_day, count(*)::BIGINT AS rows
                    FROM current_{k.name} HAVING count(*) > 0"""
            )
            parts.append(got)
        out = (
            pd.concat([p for p in parts if len(p)], ignore_index=True)
            if any(len(p) for p in parts)
            else by_file
        )
        return out.sort_values(["kind", "granularity"]).reset_index(drop=True)

    def _file_periods(self) -> pd.DataFrame:
        return self.query(
            """SELECT kind, granularity, count(DISTINCT (period_start, period_end)) AS periods,
                      min(period_start) AS first_day, max(period_end) AS last_day, sum(rows)::BIGINT AS rows
               FROM (SELECT * FROM ingest_log  -- the current file of each period: superseded rows not counted
                     QUALIFY row_number() OVER (PARTITION BY kind, period_start, period_end ORDER BY file_id DESC) = 1)
               GROUP BY ALL ORDER BY kind, granularity"""
        )


def read_old_log(path: Path) -> pd.DataFrame:
    """The ingest log (file_id, sha256, file_name, original, ingested_at) of a store that may be
    older, newer or damaged, read without changing it; :class:`StoreError` when it cannot be."""
    with db_errors(path):
        con = duckdb.connect(str(path), read_only=True)
    try:
        with db_errors(path):
            have = _main_columns(con).get("ingest_log", {})
            want = ("file_id", "sha256", "file_name", "original", "ingested_at")
            if not all(c in have for c in want):
                raise StoreError(f"the store {path} has no ingest log this opsreport can read")
            return con.execute(f"SELECT {', '.join(want)} FROM ingest_log ORDER BY file_id").df()
    finally:
        con.close()


def verify_store(path: Path) -> None:
    """Raise :class:`StoreError` now when the store cannot be used (damaged, from a newer
    opsreport, not migratable); a store held by a running build, or none yet, is fine."""
    if not path.exists():
        return
    try:
        Store(path, read_only=True, kinds=False).close()
    except duckdb.Error as exc:
        if not is_lock_conflict(exc):
            raise


@contextmanager
def open_store(path: Path, read_only: bool = False, kinds: bool = True) -> Iterator[Store]:
    store = Store(path, read_only=read_only, kinds=kinds)
    try:
        yield store
    finally:
        store.close()
