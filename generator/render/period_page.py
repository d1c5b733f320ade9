"""A period page (a day, a week or a month): its KPIs against the baseline, the first
sentences to read, the charts, the categories, owners and products with their downloads, and
the sections of its own kind (daily.py, weekly.py, monthly.py). It formats what the analysis
found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..analysis.day_incidents import incident_fact
from ..analysis.metrics.products import (
    category_table,
    owner_table,
    previous_period,
    product_table,
)
from ..analysis.metrics.registry import METRICS
from ..foundation.formats import fmt, fmt_change
from ..foundation.periods import month_key, week_final, week_final_day
from ..foundation.titles import short_title
from ..foundation.values import records
from . import charts, findings, fold, todo
from .daily import RECENT_DAYS
from .index import IndexPages
from .markup import chart_block, html_table, is_missing, md_text


class PeriodPage(IndexPages):
    def render_period(
        self,
        step: str,
        section: str,
        i: int,
        ends: list[dt.date],
        names: list[str],
        totals: pd.DataFrame,
        by_end: Mapping[dt.date, pd.DataFrame],
        empty: pd.DataFrame,
        base_label: str,
    ) -> None:
        end = ends[i]
        row = totals.loc[end] if end in totals.index else pd.Series(dtype=object)
        has_products = not is_missing(row.get("impressions"))
        start = row["period_start"] if not is_missing(row.get("period_start")) else end
        prev_end = previous_period(end, step)
        prev = totals.loc[prev_end] if prev_end in totals.index else None
        # the comparisons the analysis made, like with like (analysis/metrics/compare.py)
        with_ly = step == "month" and bool(row.get("ly_basis"))
        sides = () if step == "day" else ("prev", "ly") if with_ly else ("prev",)
        kpis = self.kpi_rows(row, sides)
        name = names[i]
        products = product_table(
            by_end.get(end, empty),
            end,
            by_end.get(prev_end, empty) if prev is not None else None,
            self.categorise,
        )
        cats = category_table(products)
        start_here = self.start_here(kpis, cats, products, base_label, step, end)
        # a week or month summed from its days has no product rows of its own: say so, not
        # three empty tables
        no_rows = (
            self.missing_input("products", self.t("shows_period_products"))
            if has_products and products.empty
            else ""
        )
        if has_products and row.get("impressions_verdict") == "short":
            start_here.insert(0, self.short_history(kpis[0], step))  # KPIS[0]: impressions
        kpi_table = self.compared_kpi_table(kpis, row, base_label, sides)
        than = self.comparison_label(row, "prev")[0] if "prev" in sides else ""
        charts = self.page_charts(step, end, totals, ends[: i + 1], name, cats)
        parts = self.product_parts(step, f"{section}/{name}", products, cats, no_rows)
        self.render(
            f"{section}.md.j2",
            f"{section}/{name}.md",
            title=self.period_title(step, end, start),
            note=self.t(f"period_note_{step}", day=end.isoformat()) + self.draft_note(step, end),
            derived=self.t("source_days") if row.get("source") == "days" else "",
            partial=self.partial_note(step, end),
            start_here=start_here,
            **self.day_parts(step, end, has_products),
            keyword_links=self.kw_links,
            sections=self.sections_for(step, end),
            kpi_table=kpi_table,
            charts=charts,
            **parts,
            folded=self.folded_parts(step, kpis, than, kpi_table, charts, parts, cats, products),
            prev_link=f"[{names[i - 1]}]({names[i - 1]}.md)" if i > 0 else self.t("none"),
            next_link=f"[{names[i + 1]}]({names[i + 1]}.md)"
            if i + 1 < len(ends)
            else self.t("none"),
        )

    def compared_kpi_table(
        self, kpis: list[dict[str, Any]], row: pd.Series, base_label: str, sides: tuple[str, ...]
    ) -> str:
        """The KPI table with its comparison columns labelled by how they compare (totals, or
        per day where a period is incomplete), and the sentences saying why."""
        labelled = {side: self.comparison_label(row, side) for side in sides}
        notes = [note for _, note in labelled.values() if note]
        table = self.kpi_table(
            kpis,
            base_label,
            with_previous="prev" in sides,
            with_last_year="ly" in sides,
            labels=(labelled.get("prev", ("", ""))[0], labelled.get("ly", ("", ""))[0]),
        )
        return "\n\n".join([*notes, table])

    def sections_for(self, step: str, end: dt.date) -> dict[str, str]:
        """The sections a period page adds to its layout: the daily report's (issue 4), the
        weekly analysis (issue 6), the monthly review (issue 7, with the weekly analysis at
        month scale)."""
        from . import monthly as monthly_pages
        from . import weekly as weekly_pages

        if step == "day":
            return self.day_sections(end)
        if step == "week":
            none = {"inquiries": "", "p4p": "", "countries": "", "channels": ""}
            return {**none, **weekly_pages.weekly_sections(self, end)}
        return monthly_pages.render_sections(self, end)

    def day_parts(self, step: str, end: dt.date, has_products: bool) -> dict[str, Any]:
        """A daily page's anomalies, its to-do and the notice of a missing product export
        (a week's or month's page has none of these)."""
        day = step == "day"
        return {
            "anomalies": (
                self.incident_lines(end) or ([self.no_anomaly_text(end)] if has_products else [])
            )
            if day
            else [],
            "products_missing": "" if has_products else self.missing_products(end),
            "anomalies_link": "../downloads/anomalies.csv" if day else "",
            "anomaly_note": self.t("anomaly_share_note") if self.incidents.get(end) else "",
            "todo": todo.block(
                self,
                self.actions.get(end, []),
                1,
                self.s.todo_max_daily,
                self.day_cost_per_lead(end),
            )
            if day
            else "",
        }

    def page_charts(
        self,
        step: str,
        end: dt.date,
        totals: pd.DataFrame,
        ends: list[dt.date],
        name: str,
        cats: pd.DataFrame,
    ) -> list[str]:
        """The trend (a day: the last 90 days; a week or month: the recent ones) and the
        categories' impressions."""
        if step == "day":
            charts_html = self.recent_trend(end, RECENT_DAYS, ("impressions", "inquiries"))
        else:
            charts_html = self.period_charts(step, totals, ends, name)
        if len(cats) > 1:
            charts_html.append(
                chart_block(
                    charts.category_bars(
                        cats,
                        "impressions",
                        METRICS["impressions"].label(self.lang),
                        self.label("category"),
                        self.lang,
                    ),
                    self.t("by_category"),
                )
            )
        return charts_html

    def product_parts(
        self, step: str, stem: str, products: pd.DataFrame, cats: pd.DataFrame, no_rows: str
    ) -> dict[str, str]:
        """The categories, owners (not on a daily page) and top products, with downloads."""
        owners = owner_table(products)
        with_owners = step != "day" and not no_rows
        return {
            "categories": no_rows or html_table(cats, self.category_cols(), searchable=False),
            "categories_download": ""
            if no_rows
            else self.table_downloads(cats, self.category_cols(), f"{stem}-categories", 1),
            "owners": html_table(owners, self.owner_cols(), searchable=False)
            if with_owners
            else "",
            "owners_download": (
                self.table_downloads(owners, self.owner_cols(), f"{stem}-owners", 1)
                if with_owners
                else ""
            ),
            "products": no_rows
            or html_table(
                products.head(self.s.top_products), self.product_cols(False), searchable=False
            ),
            "products_title": self.t("top_products", n=self.s.top_products),
            "products_note": "" if no_rows else self.t("all_in_download", n=len(products)),
            "products_download": ""
            if no_rows
            else self.table_downloads(products, self.product_cols(True), f"{stem}-products", 1),
        }

    def folded_parts(
        self,
        step: str,
        kpis: list[dict[str, Any]],
        than: str,
        kpi_table: str,
        charts: list[str],
        parts: dict[str, str],
        cats: pd.DataFrame,
        products: pd.DataFrame,
    ) -> dict[str, str]:
        """A week's or month's KPIs, categories, owners and products as their finding, the
        KPI table, and the charts and long tables folded (render/fold.py); none on a day.
        ``than``: the KPI table's header of the change against the period before (「环比」,
        「环比（日均）」), which the finding repeats."""
        if step == "day":
            return {}

        def join(*xs: str) -> str:
            return "\n\n".join(x for x in xs if x and x.strip())

        cat_note = self.t("wk_funnel_note") if step == "week" else ""
        owners = owner_table(products) if parts["owners"] else pd.DataFrame()
        return {
            "kpis": join(
                fold.finding(findings.kpis(self, kpis, than)),
                kpi_table,
                fold.details(self, join(*charts)),
            ),
            "categories": fold.section(
                self,
                findings.categories(self, cats),
                "",
                join(cat_note, parts["categories"], parts["categories_download"]),
            ),
            "owners": fold.section(
                self,
                findings.owners(self, owners),
                "",
                join(parts["owners"], parts["owners_download"]),
            )
            if parts["owners"]
            else "",
            "products": fold.section(
                self,
                findings.products(self, products),
                "",
                join(parts["products"], f"{parts['products_note']} {parts['products_download']}"),
            ),
        }

    def period_title(self, step: str, end: dt.date, start: dt.date) -> str:
        if step == "day":
            return self.t("daily_title", day=end.isoformat(), weekday=self.t(f"wd_{end.weekday()}"))
        if step == "week":
            return self.t("weekly_title", start=start.isoformat(), end=end.isoformat())
        return self.t("monthly_title", month=month_key(end))

    def partial_note(self, step: str, end: dt.date) -> str:
        """「部分数据：X 行被拒绝」 on a period page whose product export had rows left out."""
        n = self.data.rejected_rows.get((step, end), 0)
        return self.t("partial_day", n=n, link="../import-status.md#rows-left-out") if n else ""

    def draft_note(self, step: str, end: dt.date) -> str:
        """A week's page before the Tuesday after it says its numbers may still change."""
        if step != "week":
            return ""
        if week_final(end, self.data.reader_today(self.s.lag_days)):
            return ""
        return " " + self.t("week_draft", day=week_final_day(end).isoformat())

    def start_here(
        self,
        kpis: list[dict[str, Any]],
        cats: pd.DataFrame,
        products: pd.DataFrame,
        base_label: str,
        step: str = "week",
        end: dt.date | None = None,
    ) -> list[str]:
        """The few sentences a reader needs first: the KPIs their judgement calls up or down
        (the cards' and the anomaly list's one judgement), then on a day its incidents (the
        same judgement for categories, countries, channels and products), on a week or month
        the categories that moved most against the period before; and the products with the
        most inquiries."""
        items = self.kpi_sentences(kpis, base_label)
        if step == "day":
            items += self.incident_firsts(end) if end is not None else []
        else:
            items += self.category_moves(cats, step)
        top = products[products["inquiries"] > 0].head(3)
        if len(top):
            names = "、".join(
                self.t(
                    "with_note",
                    text=md_text(short_title(r["title"])),
                    note=fmt(r["inquiries"], "count"),
                )
                for r in records(top)
            )
            items.append(self.t("product_moves", items=names))
        return items

    def incident_firsts(self, day: dt.date) -> list[str]:
        """A day's incidents in one short line each, the numbers of the anomaly section."""
        out = []
        for inc in self.incidents.get(day, []):
            fact = incident_fact(inc, self.lang)
            out.append(
                self.t(
                    "incident_first",
                    entity=md_text(fact.entity),
                    metric=fact.label,
                    direction=fact.direction_text,
                    change=fact.change_text,
                    since=md_text(fact.since),
                )
            )
        return out

    def category_moves(self, cats: pd.DataFrame, step: str) -> list[str]:
        """The two categories whose impressions moved most against the period before."""
        if "impressions_change" not in cats:
            return []
        moved = cats.dropna(subset=["impressions_change"])
        moved = moved[moved["impressions_change"].abs() > self.s.change_clear]
        return [
            self.t(
                "category_moves",
                category=md_text(rec["category"]),
                direction=self.t("up" if rec["impressions_change"] > 0 else "down"),
                change=fmt_change(abs(rec["impressions_change"])).lstrip("+"),
                share=fmt(rec["impressions_share"], "rate"),
                than=self.t(f"than_previous_{step}"),
            )
            for rec in records(
                moved.reindex(
                    moved["impressions_change"].abs().sort_values(ascending=False).index
                ).head(2)
            )
        ]
