"""What the store writes: the kind tables and their views, the files ingested with their rows
and row problems, the file events and the run history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import numpy as np
import pandas as pd

from .. import __version__
from ..foundation.errors import StoreError
from ..kinds import Kind
from .schema import SQL_TYPES, rebuild_fix


class NewFile(NamedTuple):
    """A file to store: its ingest-log values (sha256, file_name, original, period_start,
    period_end, granularity, period_source, warnings, ingested_at), kind, rows and row
    problems."""

    log: dict[str, Any]
    kind: Kind
    rows: pd.DataFrame
    row_problems: list[dict[str, Any]] | None = None


def _joinable_runs(files: list[tuple[int, NewFile]]) -> list[list[tuple[int, NewFile]]]:
    """The files grouped for :meth:`StoreWrites._insert_rows`: the files of one kind that
    follow each other (among that kind's files) with frames of the same columns and types,
    none of them Python objects, are joined (DuckDB reads a joined frame as it reads each of
    them); any other file goes alone, read as it always was. Each kind's rows keep the files'
    order."""
    runs: list[list[tuple[int, NewFile]]] = []
    last: dict[str, tuple[list[tuple[int, NewFile]], tuple[Any, ...] | None]] = {}
    for file_id, f in files:
        dtypes = tuple(f.rows.dtypes)
        objects = any(isinstance(d, np.dtype) and d.kind == "O" for d in dtypes)
        shape = None if objects else (tuple(f.rows.columns), dtypes)
        run, prev = last.get(f.kind.name, ([], None))
        if shape is not None and shape == prev:
            run.append((file_id, f))
            continue
        runs.append([(file_id, f)])
        last[f.kind.name] = (runs[-1], shape)
    return runs


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
        return self.add_files([NewFile(log, kind, rows, row_problems)])[0]

    def add_files(self, files: list[NewFile]) -> list[int]:
        """Write several files as :meth:`add_file` does, all in one transaction (all of them
        or none): one statement for the log rows, one for the row problems and, for each kind,
        one for the rows of the files in a row that can be joined. The file ids follow the
        files' order (the ``current_`` views take the highest); returned in that order."""
        if not files:
            return []
        self.con.begin()
        try:
            got = self.con.execute(
                "SELECT nextval('file_ids') FROM range(?)", [len(files)]
            ).fetchall()
            ids = sorted(int(r[0]) for r in got)
            self.insert_values(
                "ingest_log",
                [
                    [
                        file_id,
                        f.log["sha256"],
                        f.log["file_name"],
                        f.log["original"],
                        f.kind.name,
                        f.log["period_start"],
                        f.log["period_end"],
                        f.log["granularity"],
                        f.log["period_source"],
                        len(f.rows),
                        f.log["warnings"],
                        f.log["ingested_at"],
                    ]
                    for file_id, f in zip(ids, files, strict=True)
                ],
            )
            for run in _joinable_runs(list(zip(ids, files, strict=True))):
                self._insert_rows(run)
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
                    for file_id, f in zip(ids, files, strict=True)
                    for p in f.row_problems or ()
                ],
            )
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return ids

    def _insert_rows(self, run: list[tuple[int, NewFile]]) -> None:
        """The rows of files of one kind in one statement: one file's with its own values as
        parameters, several files' frames joined with those values as columns."""
        kind, first = run[0][1].kind, run[0][1].rows
        names = ", ".join(str(c) for c in first.columns)
        if len(run) == 1:
            file_id, f = run[0]
            self.con.register("incoming", first)
            self.con.execute(
                f"INSERT INTO {kind.name} (file_id, period_start, period_end, granularity, {names})"
                f" SELECT ?, ?, ?, ?, {names} FROM incoming",
                [file_id, f.log["period_start"], f.log["period_end"], f.log["granularity"]],
            )
            self.con.unregister("incoming")
            return
        counts = [len(f.rows) for _id, f in run]
        rows = pd.concat([f.rows for _i, f in run], ignore_index=True)
        for at, (name, values) in enumerate(
            (
                ("file_id", np.array([i for i, _f in run], dtype=np.int64)),
                ("period_start", np.array([f.log["period_start"] for _i, f in run], "M8[D]")),
                ("period_end", np.array([f.log["period_end"] for _i, f in run], "M8[D]")),
                ("granularity", np.array([f.log["granularity"] for _i, f in run], object)),
            )
        ):
            rows.insert(at, name, np.repeat(values, counts))
        self.con.register("incoming", rows)
        self.con.execute(
            f"INSERT INTO {kind.name} (file_id, period_start, period_end, granularity, {names})"
            f" SELECT file_id, period_start, period_end, granularity, {names} FROM incoming"
        )
        self.con.unregister("incoming")

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
