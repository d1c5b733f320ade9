"""The store: one embedded DuckDB file per workspace. The only module that talks to DuckDB.

Tables: ``ingest_log`` (one row per file version ingested), ``file_events`` (what each run
did with each file: ingested, skipped, rejected), ``runs`` (every build run: start and end in
UTC, trigger, jobs, files ingested, pages written, result, error), and one table per kind with the period
bounds and the ``file_id`` it came from. ``current_<kind>`` views keep, for every
(period_start, period_end), only the rows of the newest file: a re-export supersedes the
earlier one for reporting while both stay stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .ingest.kinds import KINDS, Kind

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
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
    run_id BIGINT PRIMARY KEY, started_at TIMESTAMP, ended_at TIMESTAMP, trigger VARCHAR,
    jobs VARCHAR, as_of DATE, pid BIGINT, files_ingested BIGINT, pages_written BIGINT,
    result VARCHAR, error VARCHAR
);
"""


class Store:
    def __init__(self, path: Path, read_only: bool = False, kinds: bool = True) -> None:
        """``kinds=False``: only the log tables (ingest log, events, runs), for the quick
        opens of the run history."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(path), read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA)
            for kind in KINDS.values() if kinds else ():
                self._ensure_kind(kind)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_kind(self, kind: Kind) -> None:
        cols = ", ".join(f"{c.name} {SQL_TYPES[c.type]}" for c in kind.columns)
        self.con.execute(
            f"CREATE TABLE IF NOT EXISTS {kind.name} (file_id BIGINT, period_start DATE, period_end DATE,"
            f" granularity VARCHAR, {cols})"
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
    def has_file(self, sha256: str) -> bool:
        return (
            self.con.execute("SELECT 1 FROM ingest_log WHERE sha256 = ?", [sha256]).fetchone()
            is not None
        )

    def add_file(self, log: dict[str, Any], kind: Kind, rows: pd.DataFrame) -> int:
        """Write the rows and their ingest-log row in one transaction; return the file id."""
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

    def ingest_log(self) -> pd.DataFrame:
        return self.query("SELECT * FROM ingest_log ORDER BY file_id")

    def last_run_events(self) -> pd.DataFrame:
        """What the latest ingest run said about each file it could not take: rejected
        files (tried again every run while they stay in the inbox) and skipped duplicates."""
        return self.query(
            """SELECT * FROM file_events WHERE status IN ('rejected', 'skipped')
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


@contextmanager
def open_store(path: Path, read_only: bool = False, kinds: bool = True) -> Iterator[Store]:
    store = Store(path, read_only=read_only, kinds=kinds)
    try:
        yield store
    finally:
        store.close()


def store_in_use(exc: BaseException) -> bool:
    """True when DuckDB refused to open the store because another process has it open (a
    build writing to it): worth a wait and another try, not a traceback."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()
