"""The home page: the last day's KPI cards, its to-do (from that day on, a run of days
without a product export said once), and the recent trend; without product exports, which
export is missing and what the other data asks to do.
"""

from __future__ import annotations

import datetime as dt

from .daily import DailyPage
from .markup import md_text
from .todo import home_lines


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
        self.render(
            "home.md.j2",
            "index.md",
            title=self.t("home_title", store=store, day=day.isoformat()),
            day=day.isoformat(),
            lead=self.t("home_lead", day=day.isoformat(), n=self.s.baseline_days),
            todo=home_lines(self, todo, day),
            todo_none=self.no_anomaly_text(day, home=True),
            cards=self.kpi_cards(rows),
            charts=self.recent_trend(day, n, ("impressions", "clicks", "visitors", "inquiries")),
            trend_title=self.t("trend_title", n=n),
            trend_note=self.t("trend_note", n=self.s.baseline_days),
            day_link=f"[{self.t('see_day', day=day.isoformat())}]({link})",
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
        )
