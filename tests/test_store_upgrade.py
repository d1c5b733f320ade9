"""The store survives upgrades and damage: a store written before versions were recorded
(tests/fixtures/store_v0.sql, captured from that code) is migrated and builds; a store from a
newer opsreport, one that cannot be migrated and a damaged file each give one error naming
`opsreport rebuild-store`; `rebuild-store` gives back the same rows from store/originals/ and
keeps the run history; a workspace that cannot be written says which path and what to do.
Originals are never touched.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Settings, Workspace
from generator.foundation.errors import StoreError, explain_os_error
from generator.ingest import ingest_inbox
from generator.kinds import KINDS
from generator.ops.runs import record_run
from generator.pipeline import run_pipeline
from generator.store import SCHEMA_VERSION, Store, open_store
from tests.conftest import BuiltDemo
from tests.fixtures import make_fixtures as fx
from tests.test_pipeline import write_products_xls

V0_SQL = Path(__file__).parent / "fixtures" / "store_v0.sql"
AS_OF = "2026-11-21"
T0 = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)


def raw(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def old_store(root: Path) -> Workspace:
    """A workspace whose store is the one the code before schema versions wrote."""
    ws = Workspace(root)
    ws.store_dir.mkdir(parents=True)
    con = duckdb.connect(str(ws.db_path))
    con.execute(V0_SQL.read_text(encoding="utf-8"))
    con.close()
    return ws


def counts(path: Path) -> dict[str, int]:
    """Rows per table and per current view: what a rebuild or a migration must keep."""
    tables = ["ingest_log", *KINDS, *(f"current_{k}" for k in KINDS)]
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- migration -------------------------------------------------------------------------------
def test_an_unversioned_store_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    ws = old_store(tmp_path / "ws")
    before = counts(ws.db_path)
    products_before = raw(ws.db_path, "SELECT * FROM current_products ORDER BY ALL")
    assert before["ingest_log"] == 5 and before["products"] > 0
    assert not raw(ws.db_path, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'meta'")
    with open_store(ws.db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert len(store.runs()) == 1  # the old run history is still there
    assert counts(ws.db_path) == before
    assert raw(ws.db_path, "SELECT * FROM current_products ORDER BY ALL") == products_before
    assert raw(ws.db_path, "SELECT value FROM meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]


def test_a_migrated_store_builds_and_keeps_its_history(tmp_path: Path) -> None:
    ws = old_store(tmp_path / "ws")
    fx.write_fixtures(ws.exports)  # the files the old store holds, and the ones it rejected
    day = dt.date(2026, 11, 21)
    result = record_run(
        ws.db_path,
        lambda: run_pipeline(ws, Settings(), day, build=False),
        trigger="cli",
        jobs=["build"],
        as_of=day,
    )
    assert "5 already held" in result.ingest.summary()  # the old store's files, by their hash
    assert result.written.written > 0 and (ws.content / "import-status.md").is_file()
    assert (ws.content / f"daily/{fx.NATIVE_PERIOD[1]}.md").is_file()
    # its rejected files' fixes link to where the inputs page explains the export
    status = (ws.content / "import-status.md").read_text(encoding="utf-8")
    assert '<a href="inputs.html#kind-products">从 数据参谋' in status  # 从 数据参谋 … 重新导出
    runs = raw(ws.db_path, "SELECT run_id, result FROM runs ORDER BY run_id")
    assert runs == [(1, "ok"), (2, "ok")]


def test_a_kind_table_gains_the_columns_a_newer_kinds_table_added(tmp_path: Path) -> None:
    ws = old_store(tmp_path / "ws")
    raw(ws.db_path, "DROP VIEW current_products; ALTER TABLE products DROP COLUMN owner")
    day = dt.date(2026, 11, 25)
    write_products_xls(
        ws.exports / f"Products-{day}.xls", day, [{"id": "1601000000009", "title": "Lamp"}]
    )
    with open_store(ws.db_path) as store:
        assert ingest_inbox(ws, store).count("ingested") == 1
        got = store.current("products")
    new = got["period_end"].astype(str).str[:10] == str(day)
    assert got.loc[new, "owner"].tolist() == ["张伟"]
    assert len(got[~new]) and got.loc[~new, "owner"].isna().all()  # not in the old rows


def test_a_store_from_a_newer_opsreport_says_so_and_names_rebuild_store(tmp_path: Path) -> None:
    ws = old_store(tmp_path / "ws")
    Store(ws.db_path).close()
    raw(ws.db_path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = ws.db_path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError) as err:
            Store(ws.db_path, read_only=read_only)
        assert "this store was written by a newer opsreport (v99" in str(err.value)
        assert "upgrade opsreport, or run `opsreport rebuild-store" in str(err.value)
    result = CliRunner().invoke(main, ["status", "--workspace", str(ws.root), "--as-of", AS_OF])
    assert result.exit_code == 1
    assert "newer opsreport (v99" in result.output and "upgrade opsreport" in result.output
    assert "Traceback" not in result.output
    assert ws.db_path.read_bytes() == before  # refused, not changed


def test_an_old_store_that_cannot_be_migrated_names_rebuild_store(tmp_path: Path) -> None:
    ws = old_store(tmp_path / "ws")
    raw(ws.db_path, "ALTER TABLE ingest_log DROP COLUMN warnings")
    with pytest.raises(StoreError) as err:
        Store(ws.db_path)
    assert "cannot be upgraded in place" in str(err.value) and "warnings" in str(err.value)
    assert f"opsreport rebuild-store --workspace {ws.root}" in str(err.value)
    assert not raw(ws.db_path, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'meta'")


# -- rebuild-store ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def small_store(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """One of the demo's exports of every kind (three daily product exports), ingested, with
    one recorded run. Read-only for tests: copy it first."""
    src = built_demo.workspace.exports
    ws = Workspace(tmp_path_factory.mktemp("small") / "ws")
    picked: dict[tuple[str, str], list[Path]] = {}
    for path in sorted(src.rglob("*")):
        if path.is_file() and "templates" not in path.parts:
            group = (path.parent.name, re.sub(r"\d{4}-\d\d-\d\d.*", "", path.name))
            picked.setdefault(group, []).append(path)
    for (folder, _name), paths in picked.items():
        for path in paths[-3:] if folder == "daily" else paths[-1:]:
            dest = ws.exports / path.relative_to(src)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
    # files with rows left out and an id restored by its title (which needs the file before)
    fx.write_row_fixtures(
        ws.exports / "rows", only={"eighty_products", "excel_shortened_id", "three_bad_rows_of_50"}
    )
    with open_store(ws.db_path) as store:
        ingest_inbox(ws, store, now=dt.datetime(2026, 11, 22, 9, 0))
    record_run(ws.db_path, lambda: None, trigger="cli", jobs=["build"], as_of=dt.date(2026, 11, 21))
    return ws


@pytest.fixture
def small(small_store: Workspace, tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(small_store.root, root)
    return Workspace(root)


def sample(path: Path) -> dict[str, list[tuple]]:
    """Whole rows of a few kinds (file ids included: the order of ingest is kept)."""
    return {
        k: raw(path, f"SELECT * FROM current_{k} ORDER BY ALL LIMIT 25")
        for k in ("products", "inquiries", "p4p_keywords", "store_overview", "traffic_keywords")
    }


def test_rebuild_store_gives_back_the_same_rows_and_keeps_the_history(small: Workspace) -> None:
    before, rows_before = counts(small.db_path), sample(small.db_path)
    log_before = raw(small.db_path, "SELECT * FROM ingest_log ORDER BY file_id")
    runs_before = raw(small.db_path, "SELECT * FROM runs")
    problems = "SELECT * FROM row_problems ORDER BY ALL"
    problems_before = raw(small.db_path, problems)
    assert {p[5] for p in problems_before} >= {"restored", "negative"}, problems_before
    originals = tree_hashes(small.originals)
    assert sum(1 for k in KINDS if before[k]) == len(KINDS), "the sample lacks a kind"
    result = CliRunner().invoke(main, ["rebuild-store", "--workspace", str(small.root)])
    assert result.exit_code == 0, result.output
    n = len(log_before)
    last = result.stdout.strip().splitlines()[-1]
    assert last == f"数据库已重建：{n}/{n} 个原件已重读——数据库 {small.db_path}"
    assert "已复制运行记录：1 次运行" in result.output
    assert counts(small.db_path) == before
    assert sample(small.db_path) == rows_before
    assert raw(small.db_path, "SELECT * FROM ingest_log ORDER BY file_id") == log_before
    assert raw(small.db_path, "SELECT * FROM runs") == runs_before
    assert raw(small.db_path, problems) == problems_before  # rebuilt as ingest stores them
    assert tree_hashes(small.originals) == originals
    assert sorted(p.name for p in small.store_dir.glob("opsreport.duckdb*")) == [
        "opsreport.duckdb"
    ]  # success: no backup, no half-built file left
    record_run(
        small.db_path, lambda: None, trigger="cli", jobs=["build"], as_of=dt.date(2026, 11, 21)
    )
    assert raw(small.db_path, "SELECT run_id FROM runs ORDER BY 1") == [(1,), (2,)]


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 3],
    "random bytes": lambda data: os.urandom(len(data)),
    "not a DuckDB file": lambda data: b"<html>login page</html>\n" * 100,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_store_names_the_file_and_rebuild_store_in_every_command(
    small: Workspace, damage: str
) -> None:
    ws, db = small, small.db_path
    db.write_bytes(DAMAGE[damage](db.read_bytes()))
    damaged, originals = db.read_bytes(), tree_hashes(ws.originals)
    for command in (["build", "--as-of", AS_OF], ["status"], ["ingest"], ["schedule", "--once"]):
        result = CliRunner().invoke(main, [*command, "--workspace", str(ws.root)])
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), command
        assert "Traceback" not in result.output
        text = " ".join(result.output.split())
        assert f"数据库 {db} 已损坏或不是 DuckDB 文件" in text, command  # zh: the default
        assert f"opsreport rebuild-store --workspace {ws.root}" in text, command
        assert db.read_bytes() == damaged and tree_hashes(ws.originals) == originals


def test_rebuild_store_mends_a_damaged_store_and_keeps_the_damaged_file(small: Workspace) -> None:
    before = counts(small.db_path)
    originals = tree_hashes(small.originals)
    damaged = small.db_path.read_bytes()[:5000]
    small.db_path.write_bytes(damaged)
    result = CliRunner().invoke(main, ["rebuild-store", "--workspace", str(small.root)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "无法从旧数据库复制运行记录（将重新开始记录）" in text
    [backup] = small.store_dir.glob("opsreport.duckdb.bak-*")
    assert backup.read_bytes() == damaged and f"旧数据库保留为 {backup}" in text
    assert counts(small.db_path) == before
    assert tree_hashes(small.originals) == originals
    status = CliRunner().invoke(main, ["status", "--workspace", str(small.root), "--as-of", AS_OF])
    assert status.exit_code == 0, status.output


def test_rebuild_store_turns_a_newer_store_into_one_this_version_reads(small: Workspace) -> None:
    before = counts(small.db_path)
    raw(small.db_path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    refused = CliRunner().invoke(main, ["ingest", "--workspace", str(small.root)])
    assert refused.exit_code == 1 and "newer opsreport (v99" in refused.output
    result = CliRunner().invoke(main, ["rebuild-store", "--workspace", str(small.root)])
    assert result.exit_code == 0, result.output
    assert "已复制运行记录：1 次运行" in result.output
    assert counts(small.db_path) == before
    with open_store(small.db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_rebuild_store_with_no_originals_changes_nothing(tmp_path: Path) -> None:
    ws = old_store(tmp_path / "ws")  # its log names originals that are not there
    before = ws.db_path.read_bytes()
    result = CliRunner().invoke(main, ["rebuild-store", "--workspace", str(ws.root)])
    assert result.exit_code == 1
    assert f"no originals in {ws.originals}" in result.output
    assert ws.db_path.read_bytes() == before


# -- a workspace that cannot be written -----------------------------------------------------------
def test_a_file_where_the_store_folder_should_be_is_named(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    fx.write_fixtures(ws.exports)
    ws.store_dir.write_text("not a folder")
    for command in (["ingest"], ["build", "--as-of", AS_OF], ["schedule", "--once"]):
        result = CliRunner().invoke(main, [*command, "--workspace", str(ws.root)])
        assert result.exit_code == 1, (command, result.output)
        assert "Traceback" not in result.output
        text = " ".join(result.output.split())
        assert f"{ws.store_dir} is a file where opsreport needs a folder" in text, command
        assert "move or rename" in text
    assert ws.store_dir.read_text() == "not a folder"


def test_a_file_where_the_originals_folder_should_be_is_named_not_blamed_on_the_export(
    tmp_path: Path,
) -> None:
    ws = Workspace(tmp_path / "ws")
    fx.write_fixtures(ws.exports)
    ws.store_dir.mkdir()
    ws.originals.write_text("not a folder")  # was: every new export rejected, "save it again"
    result = CliRunner().invoke(main, ["ingest", "--workspace", str(ws.root)])
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert f"{ws.originals} is a file where opsreport needs a folder" in text
    assert "rejected" not in text and "Traceback" not in text
    assert ws.originals.read_text() == "not a folder"


def test_a_file_where_the_content_folder_should_be_is_named(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    ws.content.write_text("not a folder")
    result = CliRunner().invoke(main, ["init", "--workspace", str(ws.root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    assert f"{ws.content} is a file where opsreport needs a folder" in text


def test_a_path_that_is_not_writable_is_named_with_what_to_do(tmp_path: Path) -> None:
    target = tmp_path / "ws" / "store" / "opsreport.duckdb"
    err = explain_os_error(PermissionError(errno.EACCES, "Permission denied", str(target)))
    assert err is not None
    assert str(err).startswith(f"{target} is not writable (Permission denied)")
    assert f"write permission on {target.parent}" in str(err)
    assert explain_os_error(OSError(errno.EIO, "Input/output error", str(target))) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_store_folder_is_named(small: Workspace) -> None:
    small.store_dir.chmod(0o555)
    small.db_path.chmod(0o444)
    try:
        result = CliRunner().invoke(main, ["ingest", "--workspace", str(small.root)])
    finally:
        small.store_dir.chmod(0o755)
        small.db_path.chmod(0o644)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "not writable" in result.output and str(small.store_dir) in result.output
