"""The store's layout: the SQL types, the log tables, the layout's version and the steps that
migrate an older store; how a damaged or locked store is told apart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..foundation.errors import StoreError

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
CREATE TABLE IF NOT EXISTS facts (
    scope VARCHAR, period DATE, key VARCHAR, data BLOB, PRIMARY KEY (scope, period)
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
    writes (the run history, the row problems and the kept facts may be missing: they are
    created empty)."""
    have = _main_columns(con)
    for table, columns in _log_tables().items():
        if table == "meta" or (table in ("runs", "row_problems", "facts") and table not in have):
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
