"""The build-status page (``content/build-status.md``): the recent runs from the store's run
history, newest first, led by what to do when the latest run failed, and the schedule.

Times are stored as naive UTC and shown in the schedule's time zone (``schedule_timezone``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pandas as pd

from ..config import Settings
from ..foundation.formats import fmt, fmt_minute
from ..foundation.periods import CHINA_ZONE, WEEKDAYS, aware_utc, schedule_zone
from ..i18n import translate
from ..inputs import RECENT_RUNS
from .markup import Col, html_table, md_text

if TYPE_CHECKING:
    from .writer import Renderer


def local_time(value: Any, zone: ZoneInfo) -> str:
    """A stored naive-UTC time as 'YYYY-MM-DD HH:MM' in ``zone`` ('' when missing)."""
    if value is None or pd.isna(value):
        return ""
    return fmt_minute(aware_utc(value).astimezone(zone))


def footer_time(built_at: dt.datetime, settings: Settings) -> str:
    """The footer's 'last successful build' value, in the schedule's time zone."""
    zone = schedule_zone(settings.schedule_timezone)
    tz = zone_label(zone, settings.language)
    return translate(
        "run_footer_time", settings.language, time=fmt_minute(built_at.astimezone(zone)), tz=tz
    )


def zone_label(zone: ZoneInfo, lang: str) -> str:
    """The schedule's zone for the reader: 北京时间 / China time for Asia/Shanghai, else its name."""
    return translate("run_tz_china", lang) if zone.key == CHINA_ZONE else zone.key


def error_line(text: Any) -> str:
    """The last line of a recorded traceback: the exception and its message."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    lines = [ln for ln in str(text).strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def run_columns(t: Callable[..., str]) -> list[Col]:
    """The run history table's columns."""
    return [
        Col("started", t("col_run_started")),
        Col("ended", t("col_run_ended")),
        Col("trigger_label", t("col_run_trigger")),
        Col("jobs_label", t("col_run_jobs")),
        Col("as_of", t("col_run_as_of"), "date"),
        Col("files_shown", t("col_run_files")),  # counts, or what a running build knows
        Col("pages_shown", t("col_run_pages")),
        Col("result_label", t("col_run_result")),
        Col("error_line", t("col_run_error")),
    ]


def render_build_status(r: Renderer) -> None:
    s = r.s
    zone = schedule_zone(s.schedule_timezone)
    runs = r.data.runs.copy()
    t = r.t
    if len(runs):
        runs["started"] = [local_time(v, zone) for v in runs["started_at"]]
        runs["ended"] = [local_time(v, zone) for v in runs["ended_at"]]
        runs["trigger_label"] = [t(f"run_trigger_{v}") for v in runs["trigger"]]
        runs["jobs_label"] = [
            ", ".join(t(f"run_job_{j}") for j in str(v).split(",") if j) for v in runs["jobs"]
        ]
        runs["result_label"] = [t(f"run_result_{v}") for v in runs["result"]]
        runs["error_line"] = [error_line(v) for v in runs["error"]]
    # The page is written during a run, and published only if that run builds the site: a
    # reader sees it from a build that succeeded. The newest row still running is this build.
    current = bool(len(runs)) and runs.iloc[0]["result"] == "running"
    if len(runs):
        runs["files_shown"] = [fmt(v, "count") for v in runs["files_ingested"]]
        runs["pages_shown"] = [fmt(v, "count") for v in runs["pages_written"]]
    if current:
        # this build's own row: it has not ended and its pages are being written now; the
        # files its ingest took are known (the pipeline notes them on the row)
        first = runs.index[0]
        runs.loc[first, "result_label"] = t("run_result_current")
        runs.loc[first, "ended"] = t("run_result_running")
        runs.loc[first, "pages_shown"] = t("run_pages_writing")
        if pd.isna(runs.loc[first, "files_ingested"]):
            runs.loc[first, "files_shown"] = t("run_result_running")
    finished = runs[runs["result"] != "running"] if len(runs) else runs
    ok = finished[finished["result"] == "ok"] if len(finished) else finished
    alerts: list[str] = []
    if len(finished) and finished.iloc[0]["result"] != "ok":
        last = finished.iloc[0]
        alerts.append(
            t(
                "run_alert_recovered" if current else "run_alert_failed",
                time=last["started"],
                trigger=last["trigger_label"],
                error=md_text(last["error_line"] or t(f"run_result_{last['result']}")),
            )
        )
    tz = zone_label(zone, r.lang)
    if current:
        last_ok = t("run_last_ok", time=runs.iloc[0]["started"], tz=tz)
    elif len(ok):
        last_ok = t("run_last_ok", time=ok.iloc[0]["ended"] or ok.iloc[0]["started"], tz=tz)
    else:
        last_ok = t("run_last_ok_none")
    r.render(
        "build_status.md.j2",
        "build-status.md",
        title=t("build_status"),
        lead=t("run_lead", tz=tz, n=RECENT_RUNS),
        alerts=alerts,
        alert_style="info" if current else "warning",
        alert_title=t("run_recovered") if current else t("run_todo"),
        last_ok=last_ok,
        schedule=t(
            "run_schedule",
            time=md_text(s.schedule_daily_time),
            weekday=t(f"wd_{WEEKDAYS.index(s.schedule_weekly_day)}"),
            day=s.schedule_monthly_day,
            tz=tz,
        ),
        privacy=t("privacy_shown" if s.show_buyer_details else "privacy_masked"),
        table=html_table(runs, run_columns(t), searchable=False) if len(runs) else "",
        empty=t("run_none"),
        pushes=push_section(r, zone),
    )


PUSH_CHANNELS = ("wecom", "dingtalk", "feishu", "email")


def push_section(r: Renderer, zone: ZoneInfo) -> str:
    """The last push of each channel (ops/notify.py records them, addresses masked there):
    when, where, the result, the attempts and the error; '' when nothing was ever pushed."""
    pushes = r.data.pushes
    if not pushes:
        return ""
    t = r.t
    rows = []
    for channel in sorted(
        pushes, key=lambda c: PUSH_CHANNELS.index(c) if c in PUSH_CHANNELS else 9
    ):
        p = pushes[channel]
        at = p.get("at")
        rows.append(
            {
                "channel": t(f"notify_channel_{channel}") if channel in PUSH_CHANNELS else channel,
                "at": local_time(pd.Timestamp(at), zone) if at else "",
                "target": str(p.get("target", "")),
                "result": t("push_ok" if p.get("ok") else "push_failed"),
                "attempts": fmt(p.get("attempts"), "count"),
                "detail": str(p.get("detail", ""))[:300],
            }
        )
    cols = [
        Col("channel", t("col_push_channel")),
        Col("at", t("col_push_at")),
        Col("target", t("col_push_target")),
        Col("result", t("col_push_result")),
        Col("attempts", t("col_push_attempts")),
        Col("detail", t("col_push_detail")),
    ]
    return t("notify_pushes_lead") + "\n\n" + html_table(rows, cols, searchable=False)
