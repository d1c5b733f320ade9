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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from .. import __version__
from ..foundation.errors import StoreError, explain_os_error
from ..kinds import KINDS
from .reads import StoreReads
from .schema import (  # noqa: F401  (the names other modules import from generator.store)
    DAMAGE_MARKERS,
    MIGRATIONS,
    REBUILD_COMMAND,
    SCHEMA,
    SCHEMA_VERSION,
    SQL_TYPES,
    NoMigration,
    _log_tables,
    _main_columns,
    _unversioned_to_v1,
    db_errors,
    explain_db_error,
    is_lock_conflict,
    rebuild_fix,
    stored_version,
)
from .writes import StoreWrites

QUIET = "SET enable_progress_bar = false"  # run on each connection: see Store.__init__


class Store(StoreReads, StoreWrites):
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
                # no progress bar of DuckDB's own: a long read (a large store's rows) would
                # draw one over the build's
                self.con.execute(QUIET)
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


def read_old_log(path: Path) -> pd.DataFrame:
    """The ingest log (file_id, sha256, file_name, original, ingested_at) of a store that may be
    older, newer or damaged, read without changing it; :class:`StoreError` when it cannot be."""
    with db_errors(path):
        con = duckdb.connect(str(path), read_only=True)
    try:
        with db_errors(path):
            con.execute(QUIET)
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
