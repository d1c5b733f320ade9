"""The home page: the last day's KPI cards, its to-do (from that day on, a run of days
without a product export said once), the live list of unreplied inquiries and the recent
trend; without product exports, which export is missing and what the other data asks to do.
"""

from __future__ import annotations

import datetime as dt

from ..foundation.formats import fmt_minute
from .daily import DailyPage
from .markup import Col, html_table, md_text
from .todo import home_lines

HOME_UNREPLIED_ROWS = 10  # the oldest shown on the home page; all of them in the download


class HomePage(DailyPage):
    def render_home(self, days: list[dt.date]) -> None:
        store = md_text(self.s.store_name)  # a setting: any text, shown as it is
        if not days:
            self.render_home_without_products(self.t("site_title", store=store))
            return
        day = days[-1]
        row = self.data.daily.loc[day]
        rows = self.kpi_rows(row)
        link = f"daily/{day.isoformat()}.md"
        n = min(self.s.trend_days, len(self.data.daily.loc[:day]))
        todo = [a for dd in sorted(self.actions) if dd >= day for a in self.actions[dd]]
        # the live unreplied inquiries once, as of now, not again for each day since ``day``
        todo = [a for a in todo if a.rule != "unreplied_inquiries" or a.date == self.data.as_of]
        self.render(
            "home.md.j2",
            "index.md",
            title=self.t("home_title", store=store, day=day.isoformat()),
            day=day.isoformat(),
            lead=self.home_lead(day, rows),
            todo=home_lines(self, todo, day),
            todo_none=self.no_anomaly_text(day, home=True),
            cards=self.kpi_cards(rows),
            charts=self.recent_trend(day, n, ("impressions", "clicks", "visitors", "inquiries")),
            trend_title=self.t("trend_title", n=n),
            trend_note=self.t("trend_note", n=self.s.anomaly_weeks),
            day_link=f"[{self.t('see_day', day=day.isoformat())}]({link})",
            unreplied=self.unreplied_section(),
        )

    def render_home_without_products(self, title: str) -> None:
        """Other kinds without product exports: say which export is missing, and show what
        the other data asks to do."""
        other = sorted(self.actions)
        self.render(
            "home.md.j2",
            "index.md",
            title=title,
            day=None,
            lead=self.missing_input("products", self.t("shows_home"), depth=0)
            if other
            else self.t("no_data"),
            todo=self.action_lines([a for dd in other[-1:] for a in self.actions[dd]], 0),
            todo_none="",
            cards="",
            charts=[],
            trend_title="",
            trend_note="",
            day_link="",
            unreplied=self.unreplied_section(),
        )

    def unreplied_section(self) -> str:
        """The inquiries waiting past reply_within_hours, oldest first, with the moment the
        hours run to; no buyer is named (only the country). Empty without an inquiry sheet."""
        if not len(self.data.sheets.get("inquiries", ())):
            return ""
        live = self.data.unreplied
        hours = live.within_hours
        parts = []
        if live.now is not None:
            zone = getattr(live.now.tzinfo, "key", str(live.now.tzinfo))
            parts.append(
                self.t("unreplied_now", now=fmt_minute(live.now), zone=md_text(zone), hours=hours)
            )
        rows = live.rows
        if rows.empty:
            parts.append(self.t("unreplied_none", hours=hours))
            return "\n\n".join(parts)
        rows = rows.assign(hours=[int(h) for h in rows["hours"]])
        cols = [
            Col("inquiry_id", self.t("col_inquiry_id")),
            Col("country", self.t("col_buyer_country")),
            Col("title", self.label("title")),
            Col("product_id", self.label("product_id")),
            Col("owner", self.t("col_owner")),
            Col("hours", self.t("col_hours_waiting"), "count"),
        ]
        shown = rows.head(HOME_UNREPLIED_ROWS)
        parts.append(html_table(shown, cols, searchable=False))
        if len(rows) > len(shown):
            link = self.table_downloads(rows, cols, "unreplied-inquiries", 0)
            parts.append(self.t("unreplied_more", n=len(rows) - len(shown)) + " " + link)
        return "\n\n".join(parts)
