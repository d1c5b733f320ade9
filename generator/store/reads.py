"""What the store reads back: the run history, the current rows of a kind, the ingest log, the
row problems and the periods each kind covers."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ..foundation.shared_text import share_text
from ..kinds import KINDS, PROVENANCE
from .chunks import Gathered

# a kind's rows are read this many DuckDB vectors (2,048 rows each) at a time, their text
# shared as they come (:func:`share_text`): a store of years of a large catalogue is never
# held twice, as Python strings per cell, while it is read
CHUNK_VECTORS = 50
# the most DuckDB keeps for a read (sorting the rows, caching pages) before it spills to disk:
# its own default is most of the machine's memory, on top of what the build holds
READ_MEMORY = "256MB"
# a read of this many rows or more has each text column whose distinct values are at most
# DICTIONARY_SHARE of its rows (a product's ID, title and owner on each of its days) sent by
# DuckDB as numbers into those values (a temporary ENUM type): no Python string per cell to
# make, nor to hash to share it (:meth:`StoreReads._dictionary`)
DICTIONARY_ROWS = 100_000
DICTIONARY_SHARE = 0.05
# the kept facts read at a time (:meth:`StoreReads.kept_facts`)
FACTS_AT_ONCE = 16
# the column a digested read adds for its rows' digests (:meth:`StoreReads.digested`)
DIGEST = "opsreport_row_digest"


class StoreReads:
    """The reading half of :class:`generator.store.Store`."""

    con: duckdb.DuckDBPyConnection
    path: Path

    def runs(self, limit: int | None = None) -> pd.DataFrame:
        """The run history, newest first."""
        sql = "SELECT * FROM runs ORDER BY started_at DESC, run_id DESC"
        return self.query(sql + (f" LIMIT {int(limit)}" if limit else ""))

    def state_digest(self) -> str:
        """A hash of everything a build reads from the store besides the run history: the
        files held (the ingest log), the latest run's rejected and skipped files (not the time
        it saw them) and the rows left out. Equal digests: the store holds the same data."""
        h = hashlib.sha256()
        for sql in (
            """SELECT file_id, sha256, file_name, kind, period_start, period_end, granularity,
                      rows, warnings FROM ingest_log ORDER BY file_id""",
            """SELECT status, file_name, sha256, kind, period_start, period_end, problem
               FROM file_events WHERE status IN ('rejected', 'skipped', 'damaged')
               AND run_at = (SELECT max(run_at) FROM file_events) ORDER BY ALL""",
            "SELECT count(*), max(file_id) FROM row_problems",
        ):
            h.update(repr(self.con.execute(sql).fetchall()).encode())
        return h.hexdigest()

    def kept_facts(self) -> Iterator[tuple[tuple[str, dt.date], str, bytes]]:
        """The computed facts kept from the last build: ((scope, period), key, data), a few
        at a time (a large store keeps hundreds of MB: never all of them read at once), on a
        cursor of their own (the store may be asked other things meanwhile)."""
        with self.con.cursor() as cursor:
            cursor.execute("SELECT scope, period, key, data FROM facts")
            while rows := cursor.fetchmany(FACTS_AT_ONCE):
                for scope, period, key, data in rows:
                    yield (scope, period), key, bytes(data)

    def meta(self, key: str) -> str | None:
        """A value the store keeps about itself (``meta``), or None."""
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def pushes(self) -> dict[str, dict[str, Any]]:
        """The last push of each channel (ops/notify.py), by channel: kept in ``meta`` as
        ``push:<channel>`` → JSON (time, result, attempts, masked address and detail)."""
        import json

        rows = self.con.execute(
            "SELECT key, value FROM meta WHERE key LIKE 'push:%' ORDER BY key"
        ).fetchall()
        out: dict[str, dict[str, Any]] = {}
        for key, value in rows:
            try:
                record = json.loads(value)
            except ValueError:
                continue
            if isinstance(record, dict):
                out[str(key)[len("push:") :]] = record
        return out

    # -- reading ------------------------------------------------------------------------
    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def query_rows(
        self,
        sql: str,
        params: list[Any] | None = None,
        vectors: int = CHUNK_VECTORS,
        order: str = "",
    ) -> pd.DataFrame:
        """:meth:`query` for reads of many rows: the same frame (columns, types, values,
        order), read in chunks with its text shared (:func:`share_text`) and DuckDB held to
        :data:`READ_MEMORY`, so a large store's rows are never in memory twice. ``order``
        (an ``ORDER BY`` clause) sorts the rows read, and only them: the count and the
        distinct texts asked before (:meth:`_dictionary`) need no sort."""
        try:
            self.con.execute(f"SET memory_limit = '{READ_MEMORY}'")
        except duckdb.OutOfMemoryException:  # DuckDB holds more that it cannot put on disk
            return self._read_rows(sql, params, vectors, order)
        try:
            return self._read_rows(sql, params, vectors, order)
        except duckdb.OutOfMemoryException:
            # DuckDB could not spill to disk (a store in a folder it cannot write beside):
            # read with as much memory as DuckDB takes
            self.con.execute("RESET memory_limit")
            return self._read_rows(sql, params, vectors, order)
        finally:
            self.con.execute("RESET memory_limit")

    def _read_rows(
        self, sql: str, params: list[Any] | None, vectors: int, order: str
    ) -> pd.DataFrame:
        sql, coded, types, rows = self._dictionary(sql, params or [], order)
        try:
            cursor = self.con.execute(sql, params or [])
            first = cursor.fetch_df_chunk(vectors)
            if not len(first):
                return first  # no rows: as DuckDB gives them
            # (a frame's columns have names of their own: DuckDB sends a second "a" as "a_1")
            gathered = Gathered(rows, coded)
            seen: dict[str, dict[str, str]] = {}
            chunk = first
            while len(chunk):
                gathered.add(share_text(chunk, seen))
                chunk = cursor.fetch_df_chunk(vectors)
        finally:
            for name in types:
                self.con.execute(f"DROP TYPE IF EXISTS {name}")
        return gathered.frame()

    def _dictionary(
        self, sql: str, params: list[Any], order: str = ""
    ) -> tuple[str, dict[str, pd.api.extensions.ExtensionDtype], list[str], int]:
        """``sql`` (sorted by ``order``) with its repeated text columns cast to temporary ENUM
        types when it reads :data:`DICTIONARY_ROWS` rows or more; those columns with the text
        type DuckDB gives them otherwise, the types (to drop once read) and the rows counted.
        The rows are counted and their texts listed unsorted (a sort in each would double
        their cost)."""
        read = f"{sql} {order}" if order else sql
        # a short read (most of them) costs one count, nothing more
        got = self.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        rows = int(got[0]) if got else 0
        if rows < DICTIONARY_ROWS:
            return read, {}, [], rows
        described = self.con.execute(f"SELECT * FROM ({sql}) LIMIT 0", params).description or []
        names = [str(d[0]) for d in described]
        texts = [str(d[0]) for d in described if str(d[1]) == "VARCHAR"]
        dtype = _text_dtype()
        if not texts or len(set(names)) != len(names) or not isinstance(dtype, pd.StringDtype):
            return read, {}, [], rows  # (object text, before pandas 3: read as it was)
        cap = int(rows * DICTIONARY_SHARE) + 1  # this many distinct values: not coded
        coded: dict[str, str] = {}  # column → its type
        types: list[str] = []
        try:
            for c in texts:
                name = f"opsreport_text_{len(types)}"
                self.con.execute(f"DROP TYPE IF EXISTS {name}")
                self.con.execute(
                    f"CREATE TEMP TYPE {name} AS ENUM (SELECT DISTINCT {_quoted(c)} FROM ({sql})"
                    f" WHERE {_quoted(c)} IS NOT NULL LIMIT {cap})",
                    params,
                )
                types.append(name)
                size = self.con.execute(f"SELECT len(enum_range(NULL::{name}))").fetchone()
                # (a column with no text at all comes as DuckDB sends it: object, None)
                if size is not None and 0 < int(size[0]) < cap:
                    coded[c] = name
        except duckdb.Error:  # a DuckDB without temporary types, or short of memory: as text
            coded = {}
        if not coded:
            return read, {}, types, rows
        cast = ", ".join(f"{_quoted(c)}::{t} AS {_quoted(c)}" for c, t in coded.items())
        return f"SELECT * REPLACE ({cast}) FROM ({read})", dict.fromkeys(coded, dtype), types, rows

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

    def latest(self, kind: str, end: dt.date | None = None) -> pd.DataFrame:
        """The current rows of ``kind`` whose period ends last (up to ``end``), at every
        granularity (the day's rows first): what a kind holds "now", without its history."""
        bound, params = ("WHERE period_end <= ?", [end]) if end is not None else ("", [])
        return self.query_rows(
            f"""SELECT * FROM current_{kind} WHERE period_end =
                (SELECT max(period_end) FROM current_{kind} {bound})""",
            params,
            order="ORDER BY granularity <> 'day', granularity",
        )

    def rows(
        self, kind: str, start: dt.date | None = None, end: dt.date | None = None
    ) -> pd.DataFrame:
        """The current rows of a kind dated row by row, with dates within [start, end]."""
        return self._current(kind, KINDS[kind].date_column, start, end)

    def digested(
        self, kind: str, *, dated: bool, granularity: str | None = None, end: dt.date | None = None
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """:meth:`rows` (``dated``) or :meth:`current` of ``kind`` up to ``end``, and one
        digest per row, hashed by DuckDB as it reads them (no pass over the frame after): of
        every column, but for a kind dated row by row, of what the row says, not where it came
        from (:data:`~generator.kinds.PROVENANCE`; the same row in the next day's rolling sheet
        is the same input). Equal rows, equal digests, in every build of this DuckDB."""
        day = KINDS[kind].date_column if dated else "period_end"
        frame = self._current(kind, day, None, end, granularity, digest=True)
        return frame, frame.pop(DIGEST).to_numpy(dtype="uint64")

    def _current(
        self,
        kind: str,
        day: str,
        start: dt.date | None,
        end: dt.date | None,
        granularity: str | None = None,
        digest: bool = False,
    ) -> pd.DataFrame:
        """The current rows of ``kind`` whose ``day`` column is within [start, end], by ``day``
        (with ``digest``, each row's digest in the column :data:`DIGEST`)."""
        what = "*"
        if digest:
            described = self.con.execute(f"SELECT * FROM current_{kind} LIMIT 0").description
            columns = [str(d[0]) for d in described or []]
            if KINDS[kind].date_column:
                columns = [c for c in columns if c not in PROVENANCE]
            what = f"*, hash({', '.join(_quoted(c) for c in columns)}) AS {DIGEST}"
        sql, params = f"SELECT {what} FROM current_{kind} WHERE true", []
        for clause, value in (
            ("granularity = ?", granularity),
            (f"{day} >= ?", start),
            (f"{day} <= ?", end),
        ):
            if value is not None:
                sql += f" AND {clause}"
                params.append(value)
        return self.query_rows(sql, params, order=f"ORDER BY {day}")

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


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def _text_dtype() -> Any:
    """The type DuckDB gives a text column (pandas 3: ``str``; before: object), asked once."""
    with duckdb.connect() as con:
        return con.execute("SELECT ''::VARCHAR AS t").df()["t"].dtype
