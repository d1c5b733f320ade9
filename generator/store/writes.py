"""What the store writes: the kind tables and their views, the files ingested with their rows
and row problems, the file events and the run history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .. import __version__
from ..foundation.errors import StoreError
from ..kinds import Kind
from .schema import SQL_TYPES, rebuild_fix


class StoreWrites:
    """The writing half of :class:`generator.store.Store`."""

    con: duckdb.DuckDBPyConnection
    path: Path

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
            # the rows in one statement, the file's own values as parameters
            self.con.register("incoming", rows)
            names = ", ".join(str(c) for c in rows.columns)
            self.con.execute(
                f"INSERT INTO {kind.name} (file_id, period_start, period_end, granularity, {names})"
                f" SELECT ?, ?, ?, ?, {names} FROM incoming",
                [file_id, log["period_start"], log["period_end"], log["granularity"]],
            )
            self.con.unregister("incoming")
            if row_problems:
                self.insert_values(
                    "row_problems",
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

    def insert_values(self, table: str, rows: list[list[Any]], chunk: int = 500) -> None:
        """``rows`` (lists of one table row's values, bound as parameters) into ``table``, a
        few hundred in each statement: ``executemany`` runs one statement a row, which DuckDB
        makes slow (about 10 ms each)."""
        for at in range(0, len(rows), chunk):
            part = rows[at : at + chunk]
            mark = "(" + ", ".join("?" for _ in part[0]) + ")"
            self.con.execute(
                f"INSERT INTO {table} VALUES " + ", ".join(mark for _ in part),
                [v for row in part for v in row],
            )

    def add_events(self, events: list[dict[str, Any]]) -> None:
        if not events:
            return
        self.insert_values(
            "file_events",
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
    def note_push(self, channel: str, record: dict[str, Any]) -> None:
        """The last push of ``channel`` (replacing the one before): a JSON record in ``meta``
        (the caller has masked every address and secret in it)."""
        import json

        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [f"push:{channel}", json.dumps(record, ensure_ascii=False, default=str)],
        )

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

    def keep_facts(
        self,
        fresh: dict[tuple[str, dt.date], tuple[str, bytes | None]],
    ) -> None:
        """Keep this build's facts for the next: ``fresh`` holds every period of this build,
        with the data of those computed now (None: kept as it is). Periods no longer built
        are dropped."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            held = self.con.execute("SELECT scope, period FROM facts").fetchall()
            drop = [(s, p) for s, p in held if (s, p) not in fresh or fresh[(s, p)][1] is not None]
            if drop:
                self.con.executemany("DELETE FROM facts WHERE scope = ? AND period = ?", drop)
            new = [(s, p, k, d) for (s, p), (k, d) in fresh.items() if d is not None]
            if new:
                self.con.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", new)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def set_meta(self, key: str, value: str) -> None:
        """Keep a value about the store (``meta``), replacing the one before."""
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def note_run_files(self, pid: int, files: int) -> None:
        """What the run in progress in process ``pid`` knows before it ends: the files its
        ingest took (the build-status page it writes shows them on its own row)."""
        self.con.execute(
            """UPDATE runs SET files_ingested = coalesce(files_ingested, 0) + ?
               WHERE result = 'running' AND pid = ?""",
            [files, pid],
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
