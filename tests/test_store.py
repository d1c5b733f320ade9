"""The store is the history: what an ingest leaves in DuckDB and under store/originals/.

A browser duplicate is not stored twice; a re-export of the same period supersedes the earlier
rows for reporting while both files stay logged and archived; missing cells are NULL, never 0;
a failing insert leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from generator.config import Workspace
from generator.ingest import ingest_inbox, parse_export
from generator.kinds import PRODUCTS
from generator.store import Store, open_store
from tests.fixtures import make_fixtures as fx

DAY = dt.date(2026, 11, 20)
IDS = [r["product_id"] for r in fx.PRODUCT_ROWS]


@pytest.fixture
def inbox(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    fx.write_fixtures(ws.exports)
    return ws


@pytest.fixture
def ingested(inbox: Workspace) -> Workspace:
    with open_store(inbox.db_path) as store:
        ingest_inbox(inbox, store, now=dt.datetime(2026, 11, 22, 9, 0))
    return inbox


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_ingest_log_holds_each_file_version_once(ingested):
    with open_store(ingested.db_path, read_only=True) as store:
        log = store.ingest_log()
    names = log["file_name"].tolist()
    assert names == [
        fx.NAMES[q]
        for q in ("native", "english_headers", "gb18030_resave", "utf8_bom", "reexport_same_period")
    ]
    assert (
        fx.NAMES["browser_duplicate"] not in names
    )  # same bytes as native: skipped, not stored twice
    assert log["sha256"].is_unique
    assert set(log["kind"]) == {"products"}
    by_name = log.set_index("file_name")
    for quirk, (start, end, gran, source, n) in fx.GOOD.items():
        if quirk == "browser_duplicate":
            continue
        rec = by_name.loc[fx.NAMES[quirk]]
        assert (rec["period_start"].date(), rec["period_end"].date()) == (start, end)
        assert (rec["granularity"], rec["period_source"], rec["rows"]) == (gran, source, n)


def test_reexport_supersedes_the_same_period_while_both_files_are_kept(ingested):
    with open_store(ingested.db_path, read_only=True) as store:
        log = store.ingest_log().set_index("file_name")
        native_id = int(log.loc[fx.NAMES["native"], "file_id"])
        reexport_id = int(log.loc[fx.NAMES["reexport_same_period"], "file_id"])
        current = store.query(
            "SELECT * FROM current_products WHERE period_end = ? ORDER BY product_id", [DAY]
        )
        stored = store.query(
            "SELECT file_id, count(*) AS n FROM products WHERE period_end = ? GROUP BY ALL ORDER BY file_id",
            [DAY],
        )
        day_rows = store.current("products", "day")
    assert reexport_id > native_id
    assert set(current["file_id"]) == {reexport_id}
    want = {r["product_id"]: r for r in fx.reexport_rows()}
    assert sorted(current["product_id"]) == sorted(want)
    assert IDS[2] not in set(current["product_id"])  # the lantern left with the re-export
    for rec in current.to_dict("records"):
        assert rec["search_impressions"] == want[rec["product_id"]]["search_impressions"]
    assert stored.to_dict("records") == [
        {"file_id": native_id, "n": 4},
        {"file_id": reexport_id, "n": 3},
    ]
    # reporting sees the current rows only: 11-19 (4 rows) and 11-20 (3 rows of the re-export)
    assert day_rows.groupby(day_rows["period_end"].dt.date).size().to_dict() == {
        dt.date(2026, 11, 19): 4,
        DAY: 3,
    }


def test_original_bytes_are_kept_under_store_originals(ingested):
    with open_store(ingested.db_path, read_only=True) as store:
        log = store.ingest_log()
    kept = sorted(ingested.originals.iterdir())
    assert len(kept) == len(log) == 5
    for rec in log.to_dict("records"):
        original = ingested.root / rec["original"]
        assert original.parent == ingested.originals
        assert sha(original) == rec["sha256"] == sha(ingested.exports / rec["file_name"])
    # both versions of 2026-11-20 are archived byte for byte
    assert {sha(p) for p in kept} >= {
        sha(ingested.exports / fx.NAMES["native"]),
        sha(ingested.exports / fx.NAMES["reexport_same_period"]),
    }


def test_missing_cells_are_null_not_zero_and_ids_are_text(ingested):
    with open_store(ingested.db_path, read_only=True) as store:
        resaved = store.query(
            "SELECT p.* FROM products p JOIN ingest_log l USING (file_id) WHERE l.file_name = ? ORDER BY p.product_id",
            [fx.NAMES["gb18030_resave"]],
        ).set_index("product_id")
        types = dict(
            store.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_name = 'products'"
            ).fetchall()
        )
        totals = store.query(
            "SELECT count(*) AS n FROM products WHERE product_id IN ('合计', '总计') OR product_id IS NULL"
        )
    assert types["product_id"] == "VARCHAR"
    assert sorted(resaved.index) == sorted(IDS)
    row = resaved.loc[IDS[1]]
    for col in ("visitors", "search_ctr", "favourites"):
        assert _missing(row[col]), col
    assert row["search_impressions"] == 12345  # "12,345" in the re-saved CSV
    assert resaved.loc[IDS[2], "visitors"] == 0
    assert resaved.loc[IDS[0], "search_ctr"] == pytest.approx(0.0115)
    assert bool(resaved.loc[IDS[0], "showcase"]) is True
    assert totals["n"].iloc[0] == 0


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def test_kind_periods_counts_current_rows_per_granularity(ingested):
    with open_store(ingested.db_path, read_only=True) as store:
        kinds = store.kind_periods()
    got = {(r["granularity"], r["periods"], r["rows"]) for r in kinds.to_dict("records")}
    # day: 11-19 (4) + 11-20 (3, the re-export; the superseded 4 rows are not counted)
    assert got == {("day", 2, 7), ("week", 1, 4), ("month", 1, 4)}


def test_second_ingest_changes_nothing_in_the_store(ingested):
    with open_store(ingested.db_path) as store:
        before = (
            store.ingest_log(),
            store.query("SELECT count(*) AS n FROM products")["n"].iloc[0],
        )
        report = ingest_inbox(ingested, store, now=dt.datetime(2026, 11, 23, 9, 0))
        after = (store.ingest_log(), store.query("SELECT count(*) AS n FROM products")["n"].iloc[0])
        events = store.last_run_events()
    assert report.count("ingested") == 0
    assert before[0].equals(after[0]) and before[1] == after[1] == 4 + 4 + 4 + 4 + 3
    # what the status page reads: each rejected file's latest outcome is from the latest run
    rejected = events[events["status"] == "rejected"]
    assert set(rejected["file_name"]) == {fx.NAMES[q] for q in fx.BAD}
    assert set(rejected["run_at"].dt.date) == {dt.date(2026, 11, 23)}
    assert all(rejected["problem"].str.len() > 0) and all(rejected["fix"].str.len() > 0)
    # the stored problem and fix are the ones this run gave, word for word
    stored = {r["file_name"]: (r["problem"], r["fix"]) for r in rejected.to_dict("records")}
    assert stored == {r.name: (r.problem, r.fix) for r in report.rejected}
    for quirk, words in fx.BAD.items():
        text = " ".join(stored[fx.NAMES[quirk]]).lower()
        assert all(w.lower() in text for w in words), (quirk, text)
    # and the browser duplicate, skipped again, is the only other file listed
    assert list(events.loc[events["status"] == "skipped", "file_name"]) == [
        fx.NAMES["browser_duplicate"]
    ]
    assert len(events) == len(fx.BAD) + 1


class FailingConnection:
    """A DuckDB connection that fails on the n-th insert of product rows (a full disk, say),
    or on every insert that holds the rows of the file named ``fail_for``."""

    def __init__(self, con: Any, fail_on: int = 1, fail_for: str = "") -> None:
        self._con = con
        self.inserts = 0
        self.fail_on = fail_on
        self.fail_for = fail_for
        self.ids: set[int] = set()  # the file ids given to ``fail_for``
        self.frame: Any = None  # the frame registered last

    def register(self, name: str, frame: Any) -> Any:
        self.frame = frame
        return self._con.register(name, frame)

    def execute(self, sql: str, *args: Any) -> Any:
        params = list(args[0]) if args else []
        if sql.startswith("INSERT INTO ingest_log") and self.fail_for:
            # 12 values a log row: file_id, sha256, file_name, …
            self.ids |= {
                params[at] for at in range(0, len(params), 12) if params[at + 2] == self.fail_for
            }
        if sql.startswith("INSERT INTO products"):
            self.inserts += 1
            ids = set(params[:1]) or set(self.frame["file_id"])
            if self.inserts == self.fail_on or ids & self.ids:
                raise OSError("No space left on device")
        return self._con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def test_failing_insert_leaves_no_log_row_and_no_product_rows(inbox):
    path = inbox.exports / fx.NAMES["native"]
    parsed = parse_export(path.name, path.read_bytes())
    log = {
        "sha256": sha(path),
        "file_name": path.name,
        "original": "",
        "period_start": DAY,
        "period_end": DAY,
        "granularity": "day",
        "period_source": "preamble",
        "warnings": "",
        "ingested_at": dt.datetime(2026, 11, 22),
    }
    with open_store(inbox.db_path) as store:
        store.con = FailingConnection(store.con)  # type: ignore[assignment]
        with pytest.raises(OSError, match="No space"):
            store.add_file(log, PRODUCTS, parsed.rows)
        assert store.con.inserts == 1  # the log row was written before the failure
        store.con = store.con._con  # type: ignore[attr-defined]
        assert store.ingest_log().empty
        assert store.query("SELECT count(*) AS n FROM products")["n"].iloc[0] == 0
        held = store.query("SELECT * FROM ingest_log WHERE sha256 = ?", [log["sha256"]])
        assert held.empty
        # the same file goes in cleanly afterwards
        file_id = store.add_file(log, PRODUCTS, parsed.rows)
        assert (
            store.query("SELECT count(*) AS n FROM products WHERE file_id = ?", [file_id])[
                "n"
            ].iloc[0]
            == 4
        )


def test_failing_insert_mid_inbox_rejects_that_file_only_and_the_next_run_takes_it(inbox):
    with open_store(inbox.db_path) as store:
        gb18030 = fx.NAMES["gb18030_resave"]  # written in a batch with the files around it
        store.con = FailingConnection(store.con, 0, gb18030)  # type: ignore[assignment]
        first = ingest_inbox(inbox, store)  # the failure stays with the file that met it
        store.con = store.con._con  # type: ignore[attr-defined]
        failed = [r for r in first.rejected if "No space left" in r.problem]
        assert [r.name for r in failed] == [gb18030] and first.count("ingested") == 4
        log = store.ingest_log()
        assert failed[0].name not in log["file_name"].tolist()  # the failed file left no trace
        assert store.row_mismatches() == []  # every file's rows match its log row
    with open_store(inbox.db_path) as store:
        report = ingest_inbox(inbox, store)
        assert report.count("ingested") == 1 and report.count("unchanged") == 4
        assert len(store.ingest_log()) == 5


def test_store_reopens_read_only_and_keeps_data(ingested):
    with open_store(ingested.db_path, read_only=True) as store:
        assert len(store.ingest_log()) == 5
    reopened = Store(
        ingested.db_path
    )  # reopening for writing keeps everything (schema is idempotent)
    try:
        assert len(reopened.ingest_log()) == 5
    finally:
        reopened.close()


def test_latest_is_the_last_period_up_to_the_date_and_nothing_older(ingested):
    """The keyword library reads the products as they are now (Store.latest), not a second copy
    of their whole history: the last period's rows, every granularity, the day's rows first."""
    with open_store(ingested.db_path, read_only=True) as store:
        everything = store.current("products")
        ends = sorted(set(everything["period_end"]))
        latest = store.latest("products")
        assert set(latest["period_end"]) == {ends[-1]}
        assert len(latest) == int((everything["period_end"] == ends[-1]).sum())
        assert latest["granularity"].iloc[0] == "day" or "day" not in set(latest["granularity"])
        # as of an earlier period's end: that period, not the later ones
        before = store.latest("products", end=ends[-2].date())
        assert set(before["period_end"]) == {ends[-2]}
        assert store.latest("products", end=dt.date(2000, 1, 1)).empty


def _a_later_file(store: Store, kind: str, day: Any, where: str, replace: str = "") -> int:
    """A later file of ``kind`` for the one day ``day`` (its ingest-log row), holding a copy
    of the current rows ``where`` (one ``?``: the day) picks, dated that day; its file id."""
    fid = int(store.query("SELECT max(file_id) + 1 AS f FROM ingest_log")["f"][0])
    store.con.execute(
        """INSERT INTO ingest_log (file_id, sha256, file_name, kind, period_start,
           period_end, granularity, rows) VALUES (?, ?, ?, ?, ?, ?, 'day', 0)""",
        [fid, f"copy-{fid}", f"{kind}-copy-{fid}.xlsx", kind, day, day],
    )
    store.con.execute(
        f"""INSERT INTO {kind} SELECT * REPLACE ({fid} AS file_id, ?::DATE AS period_start,
            ?::DATE AS period_end{replace}) FROM current_{kind} WHERE {where}""",
        [day, day, day],
    )
    return fid


def test_latest_puts_the_days_rows_first_when_a_longer_period_ends_that_day_too(ingested):
    """A day's export ending on the date a week's (or month's) ends: both are the latest
    period; the day's rows come first (the keyword library takes each product's first row:
    the day's title)."""
    with open_store(ingested.db_path) as store:
        longer = store.latest("products")
        last = longer["period_end"].iloc[0].date()
        _a_later_file(store, "products", last, "period_end = ?", ", 'day' AS granularity")
        got = list(store.latest("products")["granularity"])
    kinds = sorted(set(longer["granularity"]))
    assert kinds and "day" not in kinds
    assert got == ["day"] * len(longer) + list(longer["granularity"])


def test_a_rows_digest_is_what_it_says_not_which_file_brought_it(built_demo, tmp_path):
    """Each row comes with its digest (``Store.digested``; what a period's facts are keyed by,
    analysis/memo.py). Next morning's rolling sheet brings the same day's rows again in a new
    file: the same rows keep their digests, the one cell the backend corrected changes its
    row's digest and no other's, and so the keys of the days up to the day before stay."""
    import shutil
    from collections import Counter

    from generator.analysis.memo import Horizon
    from generator.inputs import load_inputs

    db = tmp_path / "store.duckdb"
    shutil.copy2(built_demo.workspace.db_path, db)
    with open_store(db) as store:
        rows, digests = store.digested("visitors", dated=True)
        assert len(digests) == len(rows) > 100
        day = rows["visit_date"].max()
        fid = _a_later_file(store, "visitors", day, "visit_date = ?")
        before = load_inputs(store, built_demo.as_of)
        same, same_digests = store.digested("visitors", dated=True)
        store.con.execute(
            """UPDATE visitors SET page_views = coalesce(page_views, 0) + 1
               WHERE file_id = ? AND visitor_id = (SELECT min(visitor_id) FROM visitors
               WHERE file_id = ?)""",
            [fid, fid],
        )
        after = load_inputs(store, built_demo.as_of)
        changed, changed_digests = store.digested("visitors", dated=True)
    assert Counter(same_digests.tolist()) == Counter(digests.tolist())  # a new file, same rows
    on_day = (changed["visit_date"] == day).to_numpy()
    was = Counter(same_digests[(same["visit_date"] == day).to_numpy()].tolist())
    now = Counter(changed_digests[on_day].tolist())
    assert sum((was - now).values()) == 1 and sum((now - was).values()) == 1
    assert Counter(changed_digests[~on_day].tolist()) == Counter(
        same_digests[~(same["visit_date"] == day).to_numpy()].tolist()
    )
    # every frame the keys read comes with one digest per row (else the keys would hash a
    # large store's rows again, in pandas, without a word)
    framed = {"day_rows": before.day_rows, "week_rows": before.week_rows}
    framed |= {"month_rows": before.month_rows}
    framed |= {f"sheet:{k}": f for k, f in before.sheets.items()}
    assert {n: len(f) for n, f in framed.items()} == {
        n: len(d) for n, d in before.row_digests.items()
    }
    old, new = Horizon(before), Horizon(after)
    frames = ("sheet:visitors",)
    assert old.upto(day - dt.timedelta(days=1), frames) == new.upto(
        day - dt.timedelta(days=1), frames
    )
    assert old.upto(day, frames) != new.upto(day, frames)


def test_kept_facts_come_whole_while_the_store_is_asked_other_things(tmp_path: Path) -> None:
    """The kept facts are read a few at a time: every one of them comes, as it was kept, even
    when the store is asked something else between two of them."""
    fresh = {
        ("facts:day", dt.date(2026, 1, 1) + dt.timedelta(days=i)): (f"key {i}", bytes([i]) * i)
        for i in range(50)
    }
    with open_store(tmp_path / "s.duckdb") as store:
        store.keep_facts(fresh)
        got = {}
        for period, key, data in store.kept_facts():
            got[period] = (key, data)
            assert store.query("SELECT count(*) AS n FROM facts")["n"][0] == 50
    assert got == fresh
