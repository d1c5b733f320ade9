"""A section's index page (daily/, weekly/, monthly/): every period's totals with links,
the weeks or months that have no report yet and why, and (daily) the downloads of every
day's anomalies and to-do items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..analysis.metrics.registry import KPIS, METRICS
from ..foundation.periods import month_end, month_key, month_start, week_end, week_start
from . import charts
from .daily import DailyPage
from .markup import Col, chart_block, html_table

RECENT_WEEKS = 12
RECENT_MONTHS = 13
# the months of days the daily index lists; each earlier month's days are on a page of their
# own (daily/months/YYYY-MM.md), which stays as it is once the month is over: a new day then
# changes a table of some 90 days, not one of the whole history (800 rows, 380 KB, on a phone)
DAILY_INDEX_MONTHS = 3


def unit_kind(metric: str) -> str:
    return "rate" if METRICS[metric].unit == "rate" else "count"


class IndexPages(DailyPage):
    def render_index(
        self, step: str, section: str, ends: list[dt.date], totals: pd.DataFrame, names: list[str]
    ) -> None:
        frame = totals.reindex(ends).copy() if ends else totals.iloc[0:0].copy()
        frame["name"] = names
        frame = frame.iloc[::-1]
        frame["period_end"] = list(frame.index)
        extra = earlier = ""
        listed = frame
        if step == "day":
            listed, earlier = self.daily_months(frame)
            extra = (
                self.t("anomalies_all")
                + " · "
                + self.table_downloads(self.anomaly_table(), self.anomaly_cols(), "anomalies", 1)
                + "\n\n"
                + self.t("actions_all")
                + " · "
                + self.table_downloads(self.actions_table(), self.actions_cols(), "actions", 1)
            )
        self.render(
            "section_index.md.j2",
            f"{section}/index.md",
            title=self.t(f"{section}_index_title"),
            lead=self.t(f"index_lead_{step}", n=len(ends)),
            earlier=earlier,
            in_progress=self.in_progress(step, ends),
            table=html_table(listed, self.index_cols(step), searchable=False) if ends else "",
            download=self.table_downloads(
                frame, self.index_download_cols(), f"{section}/{section}-totals", 1
            ),
            extra=extra,
            chart=""
            if step == "day" or not ends
            else "\n\n".join(self.period_charts(step, totals, ends, names[-1])),
        )

    def daily_months(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
        """The days the daily index lists (those of the latest :data:`DAILY_INDEX_MONTHS`
        calendar months up to the newest day, newest first) and the links to the earlier
        months, each of whose days are written on a page of its own (none: every day is
        listed). Calendar months: after a gap, "the latest three months" are still those."""
        if frame.empty:
            return frame, ""
        first = month_start(max(frame["period_end"]))
        for _ in range(DAILY_INDEX_MONTHS - 1):
            first = month_start(first - dt.timedelta(days=1))
        months = pd.Series([month_key(e) for e in frame["period_end"]], index=frame.index)
        shown = (months >= month_key(first)).to_numpy()
        if shown.all():
            return frame, ""
        cols = self.index_cols("day", up="../")
        links = []
        for month in sorted(set(months[~shown]), reverse=True):
            days = frame[(months == month).to_numpy()]
            self.render(
                "section_index.md.j2",
                f"daily/months/{month}.md",
                title=self.t("daily_month_title", month=month),
                lead=self.t("index_lead_day_month", month=month, n=len(days)),
                earlier="",
                in_progress="",
                chart="",
                download="",
                extra="",
                table=html_table(days, cols, searchable=False),
            )
            links.append(f"[{month}](months/{month}.md)")
        earlier = self.t(
            "index_earlier_days",
            months=DAILY_INDEX_MONTHS,
            n=int(shown.sum()),
            links=" · ".join(links),
        )
        return frame[shown], earlier

    def index_cols(self, step: str, up: str = "") -> list[Col]:
        """The index table's columns: the period (linked; ``up``: from a page one folder
        down), the KPIs, the inquiries' change."""
        first = {"day": "date", "week": "week", "month": "month"}[step]
        link: Callable[[dict[str, Any]], str] = lambda r: f"{up}{r['name']}.html"  # noqa: E731
        cols = [Col("name", self.t(first), "text", link=link)]
        if step == "week":
            cols.append(Col("period_start", self.label("period_start"), "date"))
        cols += [
            Col(m, METRICS[m].label(self.lang), unit_kind(m)) for m in KPIS if m != "tm_buyers"
        ]
        cols.append(
            Col(
                "inquiries_change",
                f"{METRICS['inquiries'].label(self.lang)} · {self.t('change')}",
                "change",
            )
        )
        return cols

    def index_download_cols(self) -> list[Col]:
        return [
            Col("period_start", "period_start", "date"),
            Col("period_end", "period_end", "date"),
            *[Col(m, METRICS[m].label(self.lang), unit_kind(m)) for m in KPIS],
            *[
                Col(
                    f"{m}_base",
                    f"{METRICS[m].label(self.lang)} · {self.t('baseline')}",
                    unit_kind(m),
                )
                for m in KPIS
            ],
        ]

    def in_progress(self, step: str, ends: list[dt.date]) -> str:
        """The week or month under way (no report yet), and the ones that have none."""
        in_progress = ""
        as_of = self.data.as_of
        if step == "week" and (not ends or ends[-1] < as_of):
            ws = week_start(as_of)
            in_progress = self.t(
                "in_progress_week",
                start=ws.isoformat(),
                end=(ws + dt.timedelta(days=6)).isoformat(),
            )
        if step == "month" and (not ends or ends[-1] < as_of):
            in_progress = self.t("in_progress_month", month=month_key(as_of))
        incomplete = self.incomplete_periods(step, ends)
        if incomplete:
            in_progress = f"{in_progress}\n\n{incomplete}" if in_progress else incomplete
        return in_progress

    def incomplete_periods(self, step: str, ends: list[dt.date], most: int = 6) -> str:
        """Why a week or month since the store's first day of product data has no report:
        neither its period export nor every one of its days is there (the days before the
        store's first one do not count). Names the latest ``most`` of them with their missing days (empty:
        none)."""
        if step not in ("week", "month") or "impressions" not in self.data.daily:
            return ""
        starter, ender = (week_start, week_end) if step == "week" else (month_start, month_end)
        have = set(self.data.daily["impressions"].dropna().index)
        if not have:
            return ""
        first, done = min(have), set(ends)
        items = []
        every = {ender(first)}  # each period from the store's first day to the as-of date
        while (nxt := ender(max(every) + dt.timedelta(days=1))) <= self.data.as_of:
            every.add(nxt)
        for end in sorted(every, reverse=True):
            if end in done or end > self.data.as_of:
                continue
            start = starter(end)
            span = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
            # days before the history's first are where the store's history begins, not a gap
            missing = [d for d in span if d not in have and d > first]
            if not missing:
                continue
            shown = "、".join(d.isoformat() for d in missing[:3]) + (
                "…" if len(missing) > 3 else ""
            )
            items.append(
                self.t(
                    "incomplete_period",
                    start=start.isoformat(),
                    end=end.isoformat(),
                    n=len(missing),
                    days=shown,
                )
            )
        if not items:
            return ""
        more = len(items) - most
        return self.t(
            f"incomplete_{step}s",
            items="；".join(items[:most]) + ("…" if more > 0 else ""),
            status="../import-status.md",
        )

    def period_name(self, step: str, end: dt.date) -> str:
        return month_key(end) if step == "month" else end.isoformat()

    def period_charts(
        self, step: str, totals: pd.DataFrame, ends: list[dt.date], current: str
    ) -> list[str]:
        n = RECENT_WEEKS if step == "week" else RECENT_MONTHS
        recent = ends[-n:]
        frame = totals.loc[recent].copy()
        frame["period"] = [self.period_name(step, e) for e in recent]
        label = self.t("week" if step == "week" else "month")
        return [
            chart_block(
                charts.period_bars(
                    frame,
                    m,
                    METRICS[m].label(self.lang),
                    label,
                    METRICS[m].unit,
                    current,
                    self.lang,
                ),
                METRICS[m].label(self.lang),
            )
            for m in ("impressions", "inquiries")
        ]
