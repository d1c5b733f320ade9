"""The scheduler driven by a fake clock through a month: what runs when, failures and
back-off, catch-up after downtime, time zones, and one instance per workspace."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.config import Settings, Workspace
from generator.foundation.errors import ConfigError
from generator.ingest import IngestReport
from generator.pipeline import PipelineResult
from generator.scheduler import Plan, ScheduleLockError, Scheduler, acquire_lock
from generator.site import WriteStats
from generator.store import open_store

SH = ZoneInfo("Asia/Shanghai")


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.t = start

    def __call__(self) -> dt.datetime:
        return self.t

    def set(self, day: dt.date, hour: int, minute: int = 0) -> None:
        self.t = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SH)


class FakeBuild:
    """Stands in for the pipeline (the real one is run by the CLI tests): records each call
    and fails on the days it is told to."""

    def __init__(self, fail_on: set[dt.date] | None = None) -> None:
        self.calls: list[tuple[dt.datetime, list[str], dt.date]] = []
        self.fail_on = fail_on or set()

    def __call__(self, jobs: list[str], as_of: dt.date, started: dt.datetime) -> PipelineResult:
        self.calls.append((started, jobs, as_of))
        if started.astimezone(SH).date() in self.fail_on:
            raise RuntimeError("mkdocs build failed: disk full")
        return PipelineResult(as_of, IngestReport([]), WriteStats(written=5))


def make(tmp_path: Path, fail_on: set[dt.date] | None = None, **settings: object):
    ws = Workspace(tmp_path)
    clock = FakeClock(dt.datetime(2026, 11, 30, 12, tzinfo=SH))
    build = FakeBuild(fail_on)
    sched = Scheduler(ws, Settings(**settings), now=clock, build=build)  # type: ignore[arg-type]
    return sched, clock, build


def history(ws: Workspace):
    with open_store(ws.db_path) as store:
        return store.runs().sort_values("run_id")


def test_a_month_daily_every_day_weekly_on_tuesdays_archive_on_the_3rd(tmp_path: Path) -> None:
    bad_day = dt.date(2026, 12, 10)
    sched, clock, build = make(tmp_path, fail_on={bad_day})
    clock.set(dt.date(2026, 11, 30), 9, 30)  # first start: the latest slot of each job is due
    first = sched.tick()
    assert first is not None and first.ok and set(first.jobs) == {"daily", "weekly", "monthly"}
    build.calls.clear()
    days = [dt.date(2026, 12, 1) + dt.timedelta(days=i) for i in range(31)]
    for day in days:
        for hour, minute in ((8, 59), (9, 0), (9, 5), (15, 0)):
            clock.set(day, hour, minute)
            sched.tick()
    by_day: dict[dt.date, list[list[str]]] = {}
    for started, jobs, _ in build.calls:
        by_day.setdefault(started.date(), []).append(jobs)
    # every day builds at 09:00 sharp: the only other builds are the failing day's retries
    at_nine = [s.date() for s, _, _ in build.calls if s.time() == dt.time(9, 0)]
    assert at_nine == days
    others = [s for s, _, _ in build.calls if s.time() != dt.time(9, 0)]
    next_day = bad_day + dt.timedelta(days=1)
    assert [(s.date(), s.time()) for s in others] == [
        (bad_day, dt.time(15, 0)),  # retried after its back-off (not at 09:05)…
        (next_day, dt.time(8, 59)),  # …and at the next tick, where it succeeds
    ]
    weekly_days = [d for d, runs in by_day.items() if any("weekly" in j for j in runs)]
    assert weekly_days == [d for d in days if d.weekday() == 1]  # Tuesdays
    assert len(weekly_days) == 5
    monthly_days = [d for d, runs in by_day.items() if any("monthly" in j for j in runs)]
    assert monthly_days == [dt.date(2026, 12, 3)]
    # the failing day did not stop anything: the next day builds at 09:00 as usual
    assert by_day[next_day] == [["daily"], ["daily"]]
    runs = history(sched.workspace)
    failed = runs[runs["result"] == "failed"]
    assert len(failed) == 2
    assert "RuntimeError: mkdocs build failed: disk full" in failed.iloc[0]["error"]
    assert "Traceback" in failed.iloc[0]["error"]
    ok = runs[runs["result"] == "ok"]
    assert len(ok) == 1 + 31
    assert (ok["pages_written"] == 5).all()
    assert set(runs["trigger"]) == {"schedule"}
    # the as-of date is T-2 in US-Pacific time: 09:00 Shanghai on Dec 5 is Dec 4 in LA
    assert next(a for s, _, a in build.calls if s.date() == dt.date(2026, 12, 5)) == dt.date(
        2026, 12, 2
    )


def test_a_restart_after_three_days_down_catches_up_once(tmp_path: Path) -> None:
    sched, clock, build = make(tmp_path)
    for day in (dt.date(2026, 11, 30), dt.date(2026, 12, 1)):
        clock.set(day, 9, 0)
        sched.tick()
    build.calls.clear()
    # down on the 2nd, 3rd (the monthly archive) and 4th; restarted on the 5th at 08:00
    clock.set(dt.date(2026, 12, 5), 8, 0)
    got = sched.tick()
    assert got is not None and got.ok
    assert got.trigger == "catch-up"
    assert got.jobs == ["daily", "monthly"]
    clock.set(dt.date(2026, 12, 5), 8, 30)  # a later tick the same morning: nothing more
    assert sched.tick() is None
    assert len(build.calls) == 1  # caught up once, not once per missed day
    clock.set(dt.date(2026, 12, 5), 9, 0)
    again = sched.tick()
    assert again is not None and again.jobs == ["daily"] and again.trigger == "schedule"
    runs = history(sched.workspace)
    assert list(runs["trigger"]) == ["schedule", "schedule", "catch-up", "schedule"]
    assert list(runs["jobs"])[2] == "daily,monthly"


def test_back_off_doubles_up_to_the_maximum(tmp_path: Path) -> None:
    day = dt.date(2026, 12, 8)
    sched, clock, build = make(
        tmp_path, fail_on={day}, schedule_retry_minutes=10, schedule_retry_max_minutes=30
    )
    clock.set(day, 9, 0)
    for minute in range(0, 120):
        clock.t = dt.datetime.combine(day, dt.time(9, 0), tzinfo=SH) + dt.timedelta(minutes=minute)
        result = sched.tick()
        assert result is None or not result.ok  # a failure never raises out of a tick
    tries = [(s - build.calls[0][0]).seconds // 60 for s, _, _ in build.calls]
    assert tries == [0, 10, 30, 60, 90]  # waits 10, 20, then 30 (the maximum) each time


def test_times_are_read_in_the_configured_zone_not_the_machines(tmp_path: Path) -> None:
    sched, clock, build = make(tmp_path, schedule_timezone="America/Los_Angeles")
    la = ZoneInfo("America/Los_Angeles")
    clock.t = dt.datetime(2026, 12, 2, 8, 59, tzinfo=la).astimezone(dt.UTC)
    sched.tick()  # first start: yesterday's 09:00 LA slot is due
    build.calls.clear()
    clock.t = dt.datetime(2026, 12, 2, 8, 59, tzinfo=la).astimezone(dt.UTC)
    assert sched.tick() is None
    clock.t = dt.datetime(2026, 12, 2, 9, 0, tzinfo=la).astimezone(SH)  # same instant, other zone
    got = sched.tick()
    assert got is not None and got.jobs == ["daily"]


def test_bad_schedule_settings_are_named() -> None:
    with pytest.raises(ConfigError, match="schedule_daily_time"):
        Plan.from_settings(Settings(schedule_daily_time="9h"))
    with pytest.raises(ConfigError, match="schedule_timezone"):
        Plan.from_settings(Settings(schedule_timezone="Asia/Peking"))
    with pytest.raises(ConfigError, match="schedule_monthly_day: must be at most 28"):
        from generator.config import make_settings

        make_settings({"schedule_monthly_day": 31})


def test_the_lock_names_the_pid_holding_it_and_is_released_on_close(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    held = acquire_lock(ws)
    with pytest.raises(ScheduleLockError, match=f"pid {os.getpid()}"):
        acquire_lock(ws)
    held.close()
    acquire_lock(ws).close()


def opsreport(*args: str) -> list[str]:
    return [sys.executable, "-c", "from generator.cli import main; main()", *args]


def wait_for(check, what: str, limit: float = 120) -> None:
    """Poll for a state a subprocess reaches (not a timing assertion: the limit only stops
    a hung test)."""
    end = time.monotonic() + limit
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
def test_a_second_scheduler_on_one_workspace_exits_with_a_clear_message(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    # a tick far in the future keeps the first one idle after its first check
    (ws / "opsreport.toml").write_text("schedule_tick_seconds = 3600\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    first = subprocess.Popen(
        opsreport("schedule", "--workspace", str(ws)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lock = ws / "store" / "schedule.lock"
    try:
        wait_for(
            lambda: lock.exists() and lock.read_text().strip() == str(first.pid),
            "the first scheduler's lock",
        )
        second = subprocess.run(
            opsreport("schedule", "--workspace", str(ws), "--once"),
            env=env,
            capture_output=True,
            text=True,
        )
        assert second.returncode == 1
        assert f"另一个 `opsreport schedule`（进程 {first.pid}）已在工作区" in (second.stderr)
        assert first.poll() is None  # the first one goes on
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    # the killed one does not keep the workspace: a new scheduler gets the lock
    held = acquire_lock(Workspace(ws))
    assert lock.read_text().strip() == str(os.getpid())
    held.close()


# `opsreport schedule --once` with the real pipeline (a first start runs every job as one build,
# then nothing is due) is tested end to end with the morning's push: tests/test_notify.py


def test_a_tick_that_cannot_read_the_history_does_not_end_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sched, _, _ = make(tmp_path)

    def locked() -> None:
        raise OSError("Could not set lock on file: held by another process")

    monkeypatch.setattr(sched, "history", locked)
    assert sched.tick() is None
    monkeypatch.undo()
    got = sched.tick()
    assert got is not None and got.ok


def test_the_monthly_archive_step_freezes_the_final_month_when_a_build_did_not(copy_demo) -> None:
    """Issue 7's archive, wired into the monthly job: the build froze October (final on Nov 3);
    with October gone from the archive, the monthly step freezes it again, once."""
    import shutil

    from generator.ops.archive import read_archive
    from generator.scheduler import archive_month

    ws, settings = copy_demo.workspace, copy_demo.settings
    assert "2026-10" in {f.month for f in read_archive(ws)}
    assert archive_month(ws, settings, copy_demo.as_of) == []  # nothing to do
    shutil.rmtree(ws.root / "archive" / "2026-10")
    assert archive_month(ws, settings, copy_demo.as_of) == ["2026-10"]
    assert (ws.site / "archive" / "2026-10" / "index.html").is_file()
    assert archive_month(ws, settings, copy_demo.as_of) == []


def test_the_monthly_job_at_0900_shanghai_on_the_3rd_freezes_the_month(copy_demo) -> None:
    """09:00 on Nov 3 in Shanghai is still Nov 2 in US-Pacific, so the data day (T-2) is
    Oct 31. The month is final for the reader on the 3rd: the scheduled monthly job freezes
    October then, stamped Nov 3; a manual build as of Oct 31 (reader's day Nov 2) does not."""
    import shutil

    from generator.ops.archive import read_archive
    from generator.pipeline import run_pipeline
    from generator.scheduler import pipeline_build

    ws, settings = copy_demo.workspace, copy_demo.settings
    shutil.rmtree(ws.root / "archive" / "2026-10")
    run_pipeline(ws, settings, dt.date(2026, 10, 31), build=False)
    assert "2026-10" not in {f.month for f in read_archive(ws) if f.current}
    started = dt.datetime(2026, 11, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    pipeline_build(ws, settings)(["daily", "monthly"], dt.date(2026, 10, 31), started)
    frozen = {f.month: f for f in read_archive(ws) if f.current}
    assert frozen["2026-10"].frozen_on == dt.date(2026, 11, 3)
    assert (ws.site / "archive" / "2026-10" / "index.html").is_file()


def test_a_manual_build_waits_for_a_running_build_of_the_same_workspace(copy_demo) -> None:
    """A scheduled build and `opsreport build` on one workspace: the second says it waits,
    then builds once the first is done (DuckDB would otherwise refuse it with a lock error)."""
    import threading

    from generator.ops.runs import build_lock

    ws = copy_demo.workspace
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    err: list[str] = []
    # a build in progress in this process, ingesting: it holds the lock and the store open
    with build_lock(ws), open_store(ws.db_path):
        manual = subprocess.Popen(
            opsreport("build", "--workspace", str(ws.root), "--as-of", "2026-11-21", "--full"),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reader = threading.Thread(target=lambda: err.extend(manual.stderr), daemon=True)
        reader.start()
        wait_for(lambda: any("另一次构建" in line for line in err), "the wait")
        time.sleep(1)
        assert manual.poll() is None  # still waiting, not failed
    out = manual.stdout.read()
    assert manual.wait(timeout=240) == 0, "".join(err)
    reader.join(timeout=10)
    assert f"正在等待 {ws.root} 的另一次构建（进程 {os.getpid()}）结束" in "".join(err)
    assert "网站已构建（数据截至 2026-11-21）" in out
