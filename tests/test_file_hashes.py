"""A build reads only the exports and kept originals that changed since their hash was noted
(store/file-hashes.cache): a long store's history is not read and hashed on every build. A file
written again is read again whatever its modification time says; ``opsreport check`` and
``--full`` read every file."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Workspace, load_settings
from generator.ingest import ingest_inbox
from generator.ingest.hashes import NAME
from generator.pipeline import run_pipeline
from generator.store import open_store
from tests.test_ingest_hardening import products_csv, workspace

LONG_AGO = 1_700_000_000  # a time long settled (2023)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose bytes are read (exports and originals alike)."""
    seen: list[str] = []
    read_bytes = Path.read_bytes

    def spy(self: Path) -> bytes:
        seen.append(self.name)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    return seen


def ingest(ws: Workspace, rehash: bool = False):  # type: ignore[no-untyped-def]
    with open_store(ws.db_path) as store:
        return ingest_inbox(ws, store, rehash=rehash)


def original_of(ws: Workspace, name: str) -> Path:
    with open_store(ws.db_path) as store:
        log = store.ingest_log()
    return ws.root / dict(zip(log["file_name"], log["original"], strict=True))[name]


def noted_workspace(tmp_path: Path) -> Workspace:
    """Three exports (written long ago) ingested: they and their kept originals noted."""
    ws = workspace(
        tmp_path,
        {f"Products-2026-11-{d}.csv": products_csv(3 + d % 3, d) for d in (18, 19, 20)},
    )
    assert ingest(ws).count("ingested") == 3
    return ws


def test_a_build_with_nothing_changed_reads_no_file(tmp_path, reads):
    """Not the exports, nor the originals the build before wrote (noted as they were
    checked, though just written)."""
    ws = noted_workspace(tmp_path)
    reads.clear()
    report = ingest(ws)
    assert [r.status for r in report.results] == ["unchanged"] * 3
    assert reads == []
    (ws.exports / "Products-2026-11-21.csv").write_text(products_csv(2, 21))
    report = ingest(ws)
    assert report.count("ingested") == 1
    # the new file only: read, and its kept original checked as it is written
    assert reads and all(name.endswith("Products-2026-11-21.csv") for name in reads)


def test_an_export_written_again_is_read_though_its_size_and_time_are_the_same(tmp_path, reads):
    ws = noted_workspace(tmp_path)
    path = ws.exports / "Products-2026-11-19.csv"
    before = path.stat()
    data = path.read_bytes()
    changed = data.replace(b"Tent model 1 ", b"Tent model X ")
    assert changed != data and len(changed) == len(data)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the time put back
    reads.clear()
    report = ingest(ws)
    assert "Products-2026-11-19.csv" in reads
    assert {r.name: r.status for r in report.results}["Products-2026-11-19.csv"] == "ingested"


def test_a_damaged_original_is_found_though_its_size_and_time_are_the_same(tmp_path):
    ws = noted_workspace(tmp_path)
    original = original_of(ws, "Products-2026-11-18.csv")
    good = original.read_bytes()
    original.write_bytes(b"x" * len(good))
    os.utime(original, (LONG_AGO, LONG_AGO))
    report = ingest(ws)
    assert [(o.file_name, o.repaired) for o in report.originals] == [
        ("Products-2026-11-18.csv", True)
    ]
    assert original.read_bytes() == good


def test_check_and_full_read_every_file_whatever_the_cache_says(tmp_path, reads):
    """A change the file system does not show (a disk's bit rot; here the noted stamp forged
    to match) is for ``opsreport check`` and ``build --full``, which read every file."""
    ws = noted_workspace(tmp_path)
    original = original_of(ws, "Products-2026-11-20.csv")
    good = original.read_bytes()

    def damage_unseen() -> None:
        """The original damaged, and its noted stamp made to match."""
        original.write_bytes(good[:-3] + b"???")
        cache = ws.store_dir / NAME
        noted = json.loads(cache.read_text(encoding="utf-8"))
        st = original.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        noted["files"][original.relative_to(ws.root).as_posix()][:4] = stamp
        cache.write_text(json.dumps(noted), encoding="utf-8")

    damage_unseen()
    assert ingest(ws).originals == []  # a build trusts the cache: it read nothing
    reads.clear()
    run = CliRunner().invoke(main, ["check", "--workspace", str(ws.root)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert "修复了 1 个原件，0 个需要放回" in run.stdout
    assert original.read_bytes() == good
    assert original.name in reads and len(set(reads)) >= 3
    damage_unseen()  # again, for --full
    (ws.root / "opsreport.toml").write_text('store_name = "t"\n')
    result = run_pipeline(ws, load_settings(ws), dt.date(2026, 11, 20), build=False, full=True)
    assert [(o.file_name, o.repaired) for o in result.ingest.originals] == [
        ("Products-2026-11-20.csv", True)
    ]


def test_a_file_modified_just_now_is_read_again_next_time(tmp_path, reads):
    """On a file system with coarse times, a second write in the same tick would not show:
    a file modified within seconds of being hashed is not noted."""
    ws = noted_workspace(tmp_path)
    path = ws.exports / "Products-2026-11-21.csv"
    path.write_text(products_csv(2, 21))
    assert time.time() - path.stat().st_mtime < 2
    ingest(ws)
    reads.clear()
    ingest(ws)
    assert "Products-2026-11-21.csv" in reads


def test_a_damaged_or_missing_cache_only_costs_reading_everything(tmp_path, reads):
    ws = noted_workspace(tmp_path)
    cache = ws.store_dir / NAME
    for damage in (b"\x00not json", b'{"format": 1, "files": []}', None):
        if damage is None:
            cache.unlink()
        else:
            cache.write_bytes(damage)
        reads.clear()
        report = ingest(ws)
        assert [r.status for r in report.results] == ["unchanged"] * 3
        assert len(reads) == 6  # three exports, three originals
        assert json.loads(cache.read_text(encoding="utf-8"))["files"]  # noted again


def test_a_moved_workspace_keeps_its_noted_hashes(tmp_path, reads):
    ws = noted_workspace(tmp_path)
    moved = Workspace(ws.root.rename(tmp_path / "moved"))
    reads.clear()
    report = ingest(moved)
    assert [r.status for r in report.results] == ["unchanged"] * 3
    assert reads == []
