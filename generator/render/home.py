"""The home page, the morning in one screen (1440 × 900): the ranked to-do (from that day on,
a run of days without a product export said once), the last day's KPI tiles with a 28-day
sparkline and the change against the same weekday, the products that moved most, the open
inquiries (count and the oldest three) and links to the latest day, week and month; below it
the judgement's sentences, the full list of unreplied inquiries and the recent trend. Without
product exports: which export is missing and what the other data asks to do.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd

from ..analysis.metrics.products import product_table
from ..analysis.metrics.registry import KPIS, METRICS
from ..analysis.movers import Move, product_movers
from ..analysis.rules import Action
from ..foundation.formats import fmt, fmt_change, fmt_minute
from ..foundation.periods import month_key
from ..foundation.values import records
from .charts.spark import sparkline
from .daily import DailyPage
from .markup import Col, chart_block, html_table, is_missing, md_text
from .todo import home_lines

HOME_UNREPLIED_ROWS = 10  # the oldest shown on the home page; all of them in the download
SPARK_DAYS = 28  # a tile's sparkline: the last four weeks
MOVERS = 3  # the products that moved most, on the first screen
OLDEST = 3  # the oldest unreplied inquiries on the first screen
SHORT_TITLE = 28  # characters of a product's title on the first screen (full on hover)


def short_title(title: str, n: int = SHORT_TITLE) -> str:
    """A title cut to ``n`` characters, whole words where it has spaces, as HTML with the
    full title on hover (escaped)."""
    text = " ".join(str(title).split())
    if len(text) > n:
        cut = text[: n - 1]
        if " " in cut and not text[n - 1].isspace():
            cut = cut.rsplit(" ", 1)[0]
        short = cut.rstrip(" ,;:-–—") + "…"
    else:
        short = text
    return f'<span title="{html.escape(text)}">{html.escape(short)}</span>'


class HomePage(DailyPage):
    def render_home(self, days: list[dt.date]) -> None:
        store = md_text(self.s.store_name)  # a setting: any text, shown as it is
        if not days:
            self.render_home_without_products(self.t("site_title", store=store))
            return
        day = days[-1]
        row = self.data.daily.loc[day]
        rows = self.kpi_rows(row)
        n = min(self.s.trend_days, len(self.data.daily.loc[:day]))
        todo = self.home_todo(day)
        self.render(
            "home.md.j2",
            "index.md",
            title=self.t("home_title", store=store, day=day.isoformat()),
            day=day.isoformat(),
            lead=self.t("home_lead", day=day.isoformat(), n=self.s.anomaly_weeks),
            headline=self.headline(rows, self.t("baseline_day", n=self.s.anomaly_weeks), "day"),
            todo=home_lines(self, todo, day),
            todo_none=self.no_anomaly_text(day, home=True),
            cards=self.kpi_cards(rows, self.sparklines(day)),
            movers=self.movers_lines(day),
            open_inquiries=self.open_inquiries(),
            latest=self.latest_links(day),
            charts=self.recent_trend(day, n, ("impressions", "clicks", "visitors", "inquiries")),
            trend_title=self.t("trend_title", n=n),
            trend_note=self.t("trend_note", n=self.s.anomaly_weeks),
            unreplied=self.unreplied_section(),
        )

    def home_todo(self, day: dt.date) -> list[Action]:
        """The to-do items of the home page (and the morning push): ``day``'s and after."""
        todo = [a for dd in sorted(self.actions) if dd >= day for a in self.actions[dd]]
        # the live unreplied inquiries once, as of now, not again for each day since ``day``
        return [a for a in todo if a.rule != "unreplied_inquiries" or a.date == self.data.as_of]

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
            headline="",
            todo=self.action_lines([a for dd in other[-1:] for a in self.actions[dd]], 0),
            todo_none="",
            cards="",
            movers=[],
            open_inquiries=self.open_inquiries(),
            latest="",
            charts=[],
            trend_title="",
            trend_note="",
            unreplied=self.unreplied_section(),
        )

    def sparklines(self, day: dt.date) -> dict[str, str]:
        """Each KPI's last SPARK_DAYS days up to ``day`` as a small chart for its tile."""
        window = self.data.daily.loc[day - dt.timedelta(days=SPARK_DAYS - 1) : day]
        out = {}
        for m in KPIS:
            if m not in window or window[m].notna().sum() < 2:
                continue
            label = METRICS[m].label(self.lang)
            spec = sparkline(window[m], label, self.t("date"), METRICS[m].unit)
            title = self.t("spark_title", metric=label, n=SPARK_DAYS)
            out[m] = f'<div class="ops-spark">{chart_block(spec, title)}</div>'
        return out

    def day_movers(self, day: dt.date) -> list[Move]:
        """The products whose impressions moved most on ``day`` against the same weekday a
        week before (the comparable day), from the two days' product exports."""
        rows = self.data.day_rows
        if not len(rows):
            return []
        # the days as timestamps (a long history's millions of rows: no date object each)
        ends = pd.to_datetime(rows["period_end"]).dt.normalize()
        week_ago = day - dt.timedelta(days=7)
        now = rows[(ends == pd.Timestamp(day)).to_numpy(dtype=bool)]
        before = rows[(ends == pd.Timestamp(week_ago)).to_numpy(dtype=bool)]
        if now.empty or before.empty:
            return []
        return product_movers(product_table(now, day, before, self.categorise), MOVERS)

    def movers_lines(self, day: dt.date) -> list[str]:
        """「标题…（ID …）曝光 1,234 → 567（−54.1%）· 询盘 3 → 1」 for each mover."""
        out = []
        for m in self.day_movers(day):
            out.append(
                self.t(
                    "home_mover",
                    title=short_title(m.title),
                    id=html.escape(m.key),
                    before=fmt(m.impressions_prev, "count"),
                    now=fmt(m.impressions, "count"),
                    change=fmt_change(m.change) if m.change is not None else "—",
                    inq_before=fmt(m.inquiries_prev, "count"),
                    inq_now=fmt(m.inquiries, "count"),
                )
            )
        return out

    def latest_links(self, day: dt.date) -> str:
        """Links to the day's page, the latest week's and the latest month's."""
        as_of = self.data.as_of
        links = [f"[{self.t('see_day', day=day.isoformat())}](daily/{day.isoformat()}.md)"]
        weeks = [w for w in self.data.weekly.index if w <= as_of]
        if weeks:
            w = max(weeks).isoformat()
            links.append(f"[{self.t('home_latest_week', week=w)}](weekly/{w}.md)")
        months = [m for m in self.data.monthly.index if m <= as_of]
        if months:
            mk = month_key(max(months))
            links.append(f"[{self.t('home_latest_month', month=mk)}](monthly/{mk}.md)")
        return " · ".join(links)

    def open_inquiries(self) -> str:
        """The first screen's open inquiries: how many wait past reply_within_hours and the
        oldest three; the full list is further down (#unreplied). Empty without an inquiry
        sheet."""
        if not len(self.data.sheets.get("inquiries", ())):
            return ""
        live = self.data.unreplied
        rows = live.rows
        if rows.empty:
            return self.t("unreplied_none", hours=live.within_hours)
        head = self.t(
            "home_open_inquiries",
            n=fmt(len(rows), "count"),
            hours=live.within_hours,
            k=min(OLDEST, len(rows)),
        )
        items = [
            self.t(
                "home_open_inquiry",
                id=md_text(str(r["inquiry_id"])),
                country="—" if is_missing(r["country"]) else md_text(str(r["country"])),
                hours=fmt(int(r["hours"]), "count"),
            )
            for r in records(rows.head(OLDEST))
        ]
        more = f"[{self.t('home_open_all', n=fmt(len(rows), 'count'))}](#unreplied)"
        return head + "\n\n" + "\n".join(f"- {i}" for i in items) + "\n\n" + more

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
