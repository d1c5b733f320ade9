"""The scheduler behind ``opsreport schedule``: daily builds, the weekly analysis and the
monthly review and archive, at times read in the configured time zone.

How it decides (honestly): the ``schedule`` package only paces the foreground loop — it calls
:meth:`Scheduler.tick` every ``schedule_tick_seconds``. ``schedule`` reads the machine's local
naive clock, so it does not decide what is due. Each tick computes, from an injected clock
(``now()``, timezone-aware) and the run history in the store, which jobs are due:

- a job's *slot* is the latest time it should have run: every day at ``schedule_daily_time``
  (daily), on ``schedule_weekly_day`` (weekly), on day ``schedule_monthly_day`` (monthly), in
  ``schedule_timezone``;
- a job is due when no successful scheduled run that included it started at or after its
  latest slot (on the very first start, every job's latest slot is due: one build does all). Only the latest slot counts, so after downtime the first tick catches up once
  (one build, a missed monthly archive made once), not once per missed day;
- a failed run is retried at a later tick once its back-off has passed
  (``schedule_retry_minutes`` doubled per failure of that slot, at most
  ``schedule_retry_max_minutes``); a newer slot is tried at once. A failure is logged with its
  traceback and recorded; it never ends the loop.

All due jobs of a tick run as one build (the pipeline builds every page anyway), recorded in
the run history with the jobs it covered. The monthly job then calls :func:`archive_month`,
which checks the build froze the month that became final (issue 7's archive). After a
successful run that includes the daily job, the build's morning is pushed to the configured
group chats and mailboxes (:mod:`generator.ops.notify`, ``notify`` injectable): a failed push
is retried there and recorded, never a failed run.

One scheduler per workspace: :func:`acquire_lock` takes a lock on ``store/schedule.lock``
holding the pid (:mod:`generator.foundation.portable`); the system releases it when the process
dies, however it dies, and its pool workers never hold it. Each tick holds the workspace's build
lock while it reads the history and runs: a manual build in progress makes it wait, not fail.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from .config import Settings, Workspace
from .foundation.errors import ConfigError, StoreError, WorkspaceError
from .foundation.periods import (
    WEEKDAYS,
    aware_utc,
    default_as_of,
    last_published_month_end,
    local_date,
    month_key,
    reader_today,
    schedule_zone,
)
from .foundation.portable import ProcessLock
from .foundation.values import records
from .ops.runs import Clock, pid_lock, record_run, store_lock, utc_now
from .store import open_store

log = logging.getLogger("opsreport.schedule")

JOBS = ("daily", "weekly", "monthly")
SCHEDULED = ("schedule", "catch-up")  # triggers of the scheduler's own runs
LOCK_FILE = "schedule.lock"

Build = Callable[[list[str], dt.date, dt.datetime], Any]  # jobs, as-of, started at → result
Notify = Callable[[Any], Any]  # a daily build's result → the push of its morning


class ScheduleLockError(WorkspaceError):
    """Another scheduler holds this workspace."""


# -- when ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """The schedule's times, read from the settings once."""

    zone: ZoneInfo
    at: dt.time
    weekday: int  # Monday = 0
    monthday: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Plan:
        m = re.fullmatch(r"(\d{1,2}):(\d{2})", settings.schedule_daily_time.strip())
        if not m or int(m[1]) > 23 or int(m[2]) > 59:
            raise ConfigError(
                f"schedule_daily_time: {settings.schedule_daily_time!r} is not a time of day",
                'write it as HH:MM in 24-hour form, e.g. "09:00"',
            )
        return cls(
            zone=schedule_zone(settings.schedule_timezone),
            at=dt.time(int(m[1]), int(m[2])),
            weekday=WEEKDAYS.index(settings.schedule_weekly_day),
            monthday=settings.schedule_monthly_day,
        )

    def runs_on(self, job: str, day: dt.date) -> bool:
        if job == "daily":
            return True
        if job == "weekly":
            return day.weekday() == self.weekday
        if job == "monthly":
            return day.day == self.monthday
        raise ValueError(f"unknown job {job!r}")

    def slots_before(self, job: str, now: dt.datetime, n: int = 2) -> list[dt.datetime]:
        """The latest ``n`` slots of ``job`` at or before ``now``, newest first."""
        local = now.astimezone(self.zone)
        found: list[dt.datetime] = []
        day = local.date()
        for _ in range(31 * n + 1):
            if self.runs_on(job, day):
                slot = dt.datetime.combine(day, self.at, tzinfo=self.zone)
                if slot <= local:
                    found.append(slot)
                    if len(found) == n:
                        break
            day -= dt.timedelta(days=1)
        return found


@dataclass(frozen=True)
class Due:
    job: str
    slot: dt.datetime
    late: bool  # an earlier slot was missed too: this run catches up


def due_jobs(
    plan: Plan, history: pd.DataFrame, now: dt.datetime, retry: tuple[int, int]
) -> list[Due]:
    """The jobs to run at ``now`` given the run history (see the module docstring)."""
    runs = [r for r in records(history) if r["trigger"] in SCHEDULED]
    due = []
    for job in JOBS:
        slots = plan.slots_before(job, now)
        if not slots:
            continue
        slot = slots[0]
        mine = [r for r in runs if job in str(r["jobs"]).split(",")]
        oks = [aware_utc(r["started_at"]) for r in mine if r["result"] == "ok"]
        if oks and max(oks) >= slot:
            continue
        failed = [
            aware_utc(r["started_at"] if pd.isna(r["ended_at"]) else r["ended_at"])
            for r in mine
            if r["result"] in ("failed", "interrupted") and aware_utc(r["started_at"]) >= slot
        ]
        if failed:
            wait = min(retry[0] * 2 ** (len(failed) - 1), retry[1])
            if now < max(failed) + dt.timedelta(minutes=wait):
                continue
        late = bool(oks) and len(slots) > 1 and max(oks) < slots[1]
        due.append(Due(job, slot, late))
    return due


# -- one instance --------------------------------------------------------------------------
def acquire_lock(workspace: Workspace) -> ProcessLock:
    """Hold the workspace's scheduler lock until the returned file is closed or the process
    ends; raise :class:`ScheduleLockError` naming the pid that holds it."""
    path = workspace.store_dir / LOCK_FILE

    def refuse(pid: str) -> None:
        raise ScheduleLockError(
            f"another `opsreport schedule` (pid {pid}) is already running on workspace "
            f"{workspace.root} (lock {path})",
            f"let it run, or stop it first (kill {pid}); one scheduler per workspace",
        )

    return pid_lock(path, refuse)


# -- what --------------------------------------------------------------------------------
def archive_month(
    workspace: Workspace, settings: Settings, as_of: dt.date, today: dt.date | None = None
) -> list[str]:
    """The archive step of the monthly job, after its build. The build itself freezes every
    month that has become final (:func:`generator.ops.archive.sync_archive`); this makes sure
    the last final month is in the archive, and freezes what is due if a build did not (a
    month with no rendered page yet). Returns the months frozen here."""
    from .ops.archive import read_archive

    month = month_key(last_published_month_end(reader_today(as_of, today, settings.lag_days)))
    if any(f.month == month and f.current for f in read_archive(workspace)):
        return []
    return archive_due(workspace, settings, as_of, today=today)


def archive_due(
    workspace: Workspace,
    settings: Settings,
    as_of: dt.date,
    build: bool = True,
    today: dt.date | None = None,
) -> list[str]:
    """For the scheduler: build as of ``as_of`` and freeze every month that became final and is
    not archived yet. Returns the months frozen."""
    from .pipeline import run_pipeline

    return run_pipeline(workspace, settings, as_of, build=build, today=today).archived


def pipeline_build(workspace: Workspace, settings: Settings) -> Build:
    """The real work of a scheduled run: the pipeline, then the archive hook when monthly."""

    def build(jobs: list[str], as_of: dt.date, started: dt.datetime) -> Any:
        from .pipeline import run_pipeline

        # the reader's date where the scheduler runs: it decides which months are final and
        # get archived
        today = local_date(started, schedule_zone(settings.schedule_timezone))
        result = run_pipeline(workspace, settings, as_of, built_at=started, today=today)
        if "monthly" in jobs:
            archive_month(workspace, settings, as_of, today)
        return result

    return build


def pipeline_notify(
    workspace: Workspace, settings: Settings, now: Callable[[], dt.datetime]
) -> Notify:
    """After a daily build: push its morning to the configured group chats and mailboxes
    (ops/notify.py; a failed push is retried there, recorded, and never raises)."""

    def notify(result: Any) -> Any:
        from .ops.notify import load_morning, push_morning

        morning = getattr(result, "morning", None)
        if morning is None and getattr(result, "unchanged", False):
            morning = load_morning(workspace)  # nothing new: the last build's morning stands
        return push_morning(workspace, settings, morning, now=now)

    return notify


@dataclass
class TickResult:
    jobs: list[str]
    trigger: str
    as_of: dt.date
    ok: bool
    result: Any = None
    error: str = ""
    pushed: Any = None  # the push results after a daily build (ops/notify.PushResult list)


class Scheduler:
    """Decides and runs due jobs at each tick. ``now`` and ``build`` are injected, so tests
    drive it through a month with a fake clock and a build that can fail on cue."""

    def __init__(
        self,
        workspace: Workspace,
        settings: Settings,
        *,
        now: Clock = utc_now,
        build: Build | None = None,
        notify: Notify | None = None,
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.plan = Plan.from_settings(settings)
        self.now = now
        self.build = build or pipeline_build(workspace, settings)
        self.notify = notify or pipeline_notify(workspace, settings, now)

    def history(self) -> pd.DataFrame:
        with open_store(self.workspace.db_path, kinds=False) as store:
            return store.runs()

    def due(self, now: dt.datetime) -> list[Due]:
        s = self.settings
        retry = (s.schedule_retry_minutes, s.schedule_retry_max_minutes)
        return due_jobs(self.plan, self.history(), now, retry)

    def tick(self) -> TickResult | None:
        """Run what is due now, as one recorded run; never raises for a failed build. Waits
        while another build of the workspace runs (it may change what is due)."""
        with store_lock(self.workspace.store_dir):
            return self._tick()

    def _tick(self) -> TickResult | None:
        now = self.now()
        try:
            due = self.due(now)
        except StoreError:  # damaged, or from a newer opsreport: no later tick can fix that
            raise
        except Exception:  # e.g. the store held by a build in another process: next tick
            log.exception("could not read the run history; trying again at the next tick")
            return None
        if not due:
            return None
        jobs = [d.job for d in due]
        trigger = "catch-up" if any(d.late for d in due) else "schedule"
        as_of = default_as_of(now, lag_days=self.settings.lag_days)
        log.info("running %s (%s) as of %s", ", ".join(jobs), trigger, as_of)
        try:
            result = record_run(
                self.workspace.db_path,
                lambda: self.build(jobs, as_of, now),
                trigger=trigger,
                jobs=jobs,
                as_of=as_of,
                clock=self.now,
                started=now,
            )
        except Exception as exc:  # the one place that catches everything: the loop goes on
            log.exception("%s failed; retried at a later tick with back-off", ", ".join(jobs))
            return TickResult(jobs, trigger, as_of, False, error=f"{type(exc).__name__}: {exc}")
        log.info("%s done (as of %s)", ", ".join(jobs), as_of)
        pushed = None
        if "daily" in jobs:
            try:  # the build succeeded: whatever the chats say, it stays a success
                pushed = self.notify(result)
            except Exception:
                log.exception("pushing the morning failed")
        return TickResult(jobs, trigger, as_of, True, result, pushed=pushed)

    def run_forever(self, stop: Callable[[], bool] = lambda: False) -> None:
        """The foreground loop: a tick now, then one every ``schedule_tick_seconds``."""
        import time

        import schedule

        ticker = schedule.Scheduler()
        ticker.every(self.settings.schedule_tick_seconds).seconds.do(self.tick)
        self.tick()
        while not stop():
            ticker.run_pending()
            idle = ticker.idle_seconds
            time.sleep(max(0.0, min(idle if idle is not None else 1.0, 1.0)))
