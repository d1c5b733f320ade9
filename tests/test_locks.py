"""Locks that die with their owner, builds that wait for each other, and the portable paths
(issue 13: a killed build or scheduler leaves no process and no lock behind; issue 12: it runs
where there is no fcntl, no fork and no folder-over-folder rename). Real processes: the
builds and schedulers run as `opsreport` subprocesses and are killed for real."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.config import Workspace
from generator.foundation.parallel import can_fork
from generator.foundation.portable import take_lock
from generator.store import open_store
from tests.conftest import BuiltDemo

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("OPSREPORT_PORTABLE", None)
LINUX = sys.platform.startswith("linux")


def opsreport(*args: str, block_fcntl: bool = False) -> list[str]:
    """The CLI as a subprocess; ``block_fcntl``: as on Windows, ``import fcntl`` fails."""
    pre = "import sys; sys.modules['fcntl'] = None; " if block_fcntl else ""
    return [sys.executable, "-c", pre + "from generator.cli import main; main()", *args]


def wait_for(check: Callable[[], object], what: str, limit: float = 120) -> None:
    """Poll for a state a subprocess reaches (the limit only stops a hung test)."""
    end = time.monotonic() + limit
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def lock_is_free(path: Path) -> bool:
    def busy(pid: str) -> None:
        raise AssertionError(f"{path.name} is still held (pid {pid})")

    take_lock(path, busy).close()
    return True


# -- workers never hold the locks, and die with their parent ------------------------------
WORKERS = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from generator.config import Workspace
    from generator.foundation.lifeline import stop_on_sigterm
    from generator.foundation.parallel import fork_map
    from generator.ops.runs import store_lock
    from generator.scheduler import acquire_lock

    ws = Workspace(Path(sys.argv[1]))
    stop_on_sigterm()  # as the CLI does

    def work(_, i):
        (ws.root / f"worker-{os.getpid()}").write_text(str(i))
        time.sleep(600)

    with store_lock(ws.store_dir), acquire_lock(ws):
        fork_map(work, None, list(range(8)))
    """
)


@pytest.mark.skipif(not LINUX or not can_fork(), reason="reads /proc; needs a pool")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_parent_leaves_no_worker_and_no_lock(tmp_path: Path, sig: int) -> None:
    """kill -9 (or a plain kill) of a process whose pool workers run: the workers end within
    seconds and neither the build lock nor the scheduler lock stays held."""
    ws = Workspace(tmp_path)
    proc = subprocess.Popen([sys.executable, "-c", WORKERS, str(tmp_path)], env=ENV)
    try:
        wait_for(lambda: len(list(tmp_path.glob("worker-*"))) >= 2, "two workers at work")
        workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
        assert set(workers) <= set(descendants(proc.pid))
        os.kill(proc.pid, sig)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 143)
    wait_for(lambda: not any(running(w) for w in workers), "the workers to end", limit=5)
    assert lock_is_free(ws.store_dir / "build.lock")
    assert lock_is_free(ws.store_dir / "schedule.lock")


def test_a_forked_child_does_not_share_the_lock(tmp_path: Path) -> None:
    """The lock is this process's: a child forked while it is held does not hold it, so it
    is free the moment the owner lets go, although the child lives on."""
    path = tmp_path / "build.lock"
    held = take_lock(path, lambda pid: None)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child only waits
        os.close(write)
        os.read(read, 1)
        os._exit(0)
    os.close(read)
    try:
        held.close()
        got = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from generator.foundation.portable import take_lock\n"
                "def busy(pid): sys.exit('held by ' + pid)\n"
                f"take_lock(Path({str(path)!r}), busy).close()",
            ],
            env=ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert got.returncode == 0, got.stderr
    finally:
        os.write(write, b"x")
        os.close(write)
        os.waitpid(child, 0)


# -- a killed build, a stopped scheduler ----------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_a_build_killed_mid_render_leaves_nothing_and_the_next_one_runs(
    copy_demo: BuiltDemo,
) -> None:
    ws = copy_demo.workspace
    build = opsreport("build", "--workspace", str(ws.root), "--as-of", "2026-11-21", "--full")
    proc = subprocess.Popen(build, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: any(ws.root.glob(".site-build-*/assets")), "mkdocs writing the site")
        children = descendants(proc.pid)
        assert children, "the mkdocs child"
    finally:
        proc.kill()  # the build alone, not its process group: its children must follow
        proc.wait()
    wait_for(lambda: not any(running(c) for c in children), "mkdocs to die with it", limit=5)
    assert lock_is_free(ws.store_dir / "build.lock")
    again = subprocess.run(build, env=ENV, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "正在等待" not in again.stderr and "waiting for another build" not in again.stderr
    assert not list(ws.root.glob(".site-build-*"))  # the killed build's half-site is gone
    with open_store(ws.db_path, kinds=False) as store:
        assert list(store.runs()["result"]) == ["ok", "interrupted"]


@pytest.mark.slow
@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_a_plain_kill_stops_the_scheduler_cleanly_and_a_restart_is_accepted(
    tmp_path: Path,
) -> None:
    """`kill PID` (as the lock message advises) while the scheduler's first build runs
    mkdocs: it stops the build, removes its temporary site, records the run as interrupted,
    releases its locks and exits 0; a new scheduler then starts. (An empty workspace: its
    build is short and still runs every stage.)"""
    ws = Workspace(tmp_path)
    ws.config_file.write_text("schedule_tick_seconds = 3600\n", encoding="utf-8")
    first = subprocess.Popen(
        opsreport("schedule", "--workspace", str(ws.root)),
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_for(lambda: any(ws.root.glob(".site-build-*/assets")), "the first build's mkdocs")
        children = descendants(first.pid)
        first.send_signal(signal.SIGTERM)
        out, _ = first.communicate(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0
    assert "定时任务已停止" in out
    assert children and not any(running(c) for c in children)
    assert not list(ws.root.glob(".site-build-*"))
    assert not ws.site.exists()  # the stopped build swapped nothing in
    with open_store(ws.db_path, kinds=False) as store:
        runs = store.runs()
    assert list(runs["result"]) == ["interrupted"] and "Terminated" in runs["error"].iloc[0]
    again = subprocess.run(
        opsreport("schedule", "--workspace", str(ws.root), "--once"),
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "already running" not in again.stderr
    assert "定时任务：现在没有到期的任务" in again.stdout  # the interrupted run waits its back-off


# -- two at once ------------------------------------------------------------------------------
def test_status_waits_while_a_build_holds_the_store(copy_demo: BuiltDemo) -> None:
    """DuckDB lets one process write and none read meanwhile: `status` during a build's
    ingest says it waits, then reads."""
    ws = copy_demo.workspace
    err: list[str] = []
    with open_store(ws.db_path):  # a build ingesting, in this process
        status = subprocess.Popen(
            opsreport("status", "--workspace", str(ws.root), "--as-of", "2026-11-21"),
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reader = threading.Thread(target=lambda: err.extend(status.stderr), daemon=True)
        reader.start()
        wait_for(lambda: any("正被一次构建使用" in line for line in err), "status to wait")
        assert status.poll() is None
    out = status.stdout.read()
    assert status.wait(timeout=60) == 0, "".join(err)
    reader.join(timeout=10)
    assert "Traceback" not in "".join(err)
    assert "状态：共 " in out and "组数据（类型×粒度）" in out


# -- portable paths ---------------------------------------------------------------------------
def test_no_module_imports_fcntl_at_load_time() -> None:
    """Windows has no fcntl: every module of the package imports without it."""
    for path in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: a function may import it when it runs
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert "fcntl" not in names, f"{path.relative_to(ROOT)} imports fcntl at load time"
    modules = [
        "generator."
        + p.relative_to(ROOT / "generator").with_suffix("").as_posix().replace("/", ".")
        for p in sorted((ROOT / "generator").rglob("*.py"))
        if p.name != "__main__.py"
    ]
    code = "import importlib, sys; sys.modules['fcntl'] = None\n" + "".join(
        f"importlib.import_module({m.removesuffix('.__init__')!r})\n" for m in modules
    )
    got = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True)
    assert got.returncode == 0, got.stderr


@pytest.mark.slow
def test_a_whole_build_runs_on_the_portable_paths(
    copy_demo: BuiltDemo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OPSREPORT_PORTABLE=1 with fcntl and fork unavailable, as on Windows: the byte-range
    lock makes the build wait for another holder, the build runs serially, and the new site
    replaces the old one by renames."""
    ws = copy_demo.workspace
    monkeypatch.setenv("OPSREPORT_PORTABLE", "1")
    env = {**ENV, "OPSREPORT_PORTABLE": "1"}
    cmd = opsreport(
        "build", "--workspace", str(ws.root), "--as-of", "2026-11-21", "--full", block_fcntl=True
    )
    cmd[2] = "import os; os.fork = None; " + cmd[2]  # any fork would fail the build
    before = os.stat(ws.site).st_ino
    err: list[str] = []
    lock = take_lock(ws.store_dir / "build.lock", lambda pid: None)  # a build in this process
    try:
        # its pid is in the file (read through the lock's own descriptor: a byte-range lock
        # is let go when its process closes any descriptor of the file)
        assert os.pread(lock.fd, 32, 0).decode().split() == [str(os.getpid())]
        build = subprocess.Popen(
            cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        reader = threading.Thread(target=lambda: err.extend(build.stderr), daemon=True)
        reader.start()
        wait_for(lambda: any("另一次构建" in line for line in err), "the wait")
        assert build.poll() is None
    finally:
        lock.close()
    out = build.stdout.read()
    assert build.wait(timeout=300) == 0, "".join(err)
    reader.join(timeout=10)
    assert f"（进程 {os.getpid()}）" in "".join(err)
    assert "网站已构建（数据截至 2026-11-21）" in out
    assert os.stat(ws.site).st_ino != before  # the new site was swapped in
    assert (ws.site / "index.html").is_file()
    leftovers = [p.name for p in ws.root.iterdir() if "site-build" in p.name or "swap" in p.name]
    assert leftovers == []
