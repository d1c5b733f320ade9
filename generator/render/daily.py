"""The daily page (issue 4): the sections a day's page adds to the period layout — its
anomalies in words, inquiries, P4P, channels and countries — and the downloads of every day's
anomalies and to-do items. It formats what the analysis found (``r.data.day_facts``,
``day_anomalies``, ``day_actions``); it computes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..analysis.daily import DAY_SECTION_INPUTS, HISTORY_NEEDED
from ..analysis.day_facts import DayFacts
from ..analysis.day_incidents import incident_fact
from ..analysis.metrics.incidents import Incident
from ..analysis.metrics.registry import METRICS
from ..analysis.privacy import buyer_rows
from ..foundation.formats import fmt, fmt_change
from ..i18n import kind_label
from . import charts, todo
from .markup import Col, chart_block, html_table, is_missing, md_text
from .writer import PageWriter

RECENT_DAYS = 90


class DailyPage(PageWriter):
    def day_sections(self, day: dt.date) -> dict[str, str]:
        """The inquiries, P4P, channels and countries sections of a daily page; a section
        without data says whether the day had none or which input is missing."""
        facts = self.facts.get(day) or DayFacts(day)
        out = {
            "inquiries": self.inquiries_section(facts.inquiries) if facts.inquiries else "",
            "p4p": self.p4p_section(facts.p4p) if facts.p4p else "",
            "countries": self.countries_section(facts.countries),
            "channels": self.channels_section(facts.channels),
        }
        for key, kind in DAY_SECTION_INPUTS.items():
            if out[key]:
                continue
            if facts.section_inputs.get(key) == "covered":
                out[key] = (
                    self.t("day_no_inquiries")
                    if key == "inquiries"
                    else self.t("day_no_rows", kind=kind_label(kind, self.lang))
                )
            else:
                out[key] = self.missing_input(kind, self.t(f"shows_day_{key}"))
        return out

    def channels_section(self, channels: pd.DataFrame | None) -> str:
        if channels is None or not len(channels):
            return ""
        total = channels["store_visitors"].sum()
        channels = channels.assign(share=channels["store_visitors"] / total if total else None)
        return html_table(
            channels,
            [
                Col("channel", self.t("dim_channel")),
                Col("store_visitors", self.t("ch_visitors"), "count"),
                Col("share", self.t("ch_share"), "rate"),
                Col("store_visitors_change", self.t("change"), "change"),
                Col("inquiry_buyers", self.t("inq_buyers"), "count"),
                Col("inquiry_buyers_change", self.t("change"), "change"),
            ],
            searchable=False,
        )

    def inquiries_section(self, inq: dict[str, Any]) -> str:
        """The day's inquiries: the summary, per owner, the flagged ones and the buyers' paths
        (buyers as initials and messages masked unless show_buyer_details)."""
        owners = inq["owners"]
        rows = inq["rows"]
        flagged = rows[rows["duplicate"] | rows["template"]].assign(
            flag=lambda f: [
                (self.t("inq_flag_duplicate") if du else "")
                + (" " + self.t("inq_flag_template") if te else "")
                for du, te in zip(f["duplicate"], f["template"], strict=True)
            ]
        )
        paths = inq["paths"]
        # buyers as initials, messages as masked excerpts (unless show_buyer_details):
        # detection above used the full rows, only the displayed rows are masked
        masked = "" if self.s.show_buyer_details else self.t("inq_masked")
        flagged = buyer_rows(flagged, self.s.show_buyer_details)
        paths = buyer_rows(paths, self.s.show_buyer_details)
        parts = [
            html_table(
                self.inquiry_summary(inq),
                [Col("name", self.t("metric")), Col("value", self.t("value"))],
                searchable=False,
            ),
            html_table(
                owners,
                [
                    Col("owner", self.t("col_owner")),
                    Col("inquiries", self.t("inq_count"), "count"),
                    Col("in_time_share", self.t("inq_in_time"), "rate"),
                    Col("avg_reply_hours", self.t("inq_avg_reply"), "hours"),
                    Col("unreplied_late", self.t("inq_unreplied"), "count"),
                ],
                searchable=False,
            ),
        ]
        if len(flagged):
            parts.append(f"**{self.t('inq_flagged')}**\n{{: data-search-exclude }}")
            parts.append(
                html_table(
                    flagged,
                    [
                        Col("inquiry_time", self.t("inq_time")),
                        Col("buyer", self.t("inq_buyer")),
                        Col("product_id", self.label("product_id")),
                        Col("flag", self.t("inq_flag")),
                        Col("message", self.t("inq_message")),
                    ],
                    caption=masked,
                    searchable=False,
                )
            )
        if len(paths):
            # inferred from day + country + product, never the backend's own link: said so
            paths = paths.assign(
                match=[
                    self.t("inq_match_inferred") if n == 1 else self.t("inq_match_ambiguous", n=n)
                    for n in paths["candidates"]
                ]
            )
            # the same words every day: kept out of the search index (the table is too)
            parts.append(f"**{self.t('inq_paths')}**\n{{: data-search-exclude }}")
            parts.append(f"{self.t('inq_paths_note')}\n{{: data-search-exclude }}")
            parts.append(
                html_table(
                    paths,
                    [
                        Col("buyer", self.t("inq_buyer")),
                        Col("product_id", self.label("product_id")),
                        Col("visit_date", self.t("date"), "date"),
                        Col("visit_path", self.t("inq_path")),
                        Col("page_views", self.t("inq_views"), "count"),
                        Col("seconds", self.t("inq_seconds"), "count"),
                        Col("match", self.t("inq_match")),
                    ],
                    caption=masked,
                    searchable=False,
                )
            )
        return "\n\n".join(parts)

    def inquiry_summary(self, inq: dict[str, Any]) -> list[dict[str, str]]:
        """The day's inquiries in numbers: count, quality, duplicates, templates, replies."""
        return [
            {"name": self.t(k), "value": v}
            for k, v in (
                ("inq_count", fmt(inq["count"], "count")),
                (
                    "inq_quality",
                    f"{fmt(inq['quality'], 'count')}（{fmt(inq['quality_share'], 'rate')}）",
                ),
                ("inq_duplicates", fmt(inq["duplicates"], "count")),
                ("inq_templates", fmt(inq["templates"], "count")),
                (
                    "inq_avg_reply",
                    fmt(inq["avg_reply_hours"], "hours"),  # the label says 小时
                ),
                ("inq_in_time", fmt(inq["in_time_share"], "rate")),
                ("inq_unreplied", fmt(inq["unreplied_late"], "count")),
            )
        ]

    def p4p_section(self, p4p: dict[str, Any]) -> str:
        """The day's P4P against its week's mean, and the words that spent without result."""
        week = p4p.get("week", {})
        rows_ = []
        for key, kind in (
            ("impressions", "count"),
            ("clicks", "count"),
            ("ctr", "rate"),
            ("spend", "yuan"),
            ("cpc", "yuan"),
            ("promo_hours", "hours"),
        ):
            v, w = p4p.get(key), week.get(key)
            rows_.append(
                {
                    "name": self.t(f"p4p_{key}"),
                    "value": fmt(v, kind),
                    "week": fmt(w, kind),
                    "change": (v / w - 1) if v is not None and w else None,
                }
            )
        rows_.append(
            {
                "name": self.t("p4p_budget_use"),
                "value": fmt(p4p.get("budget_use"), "rate"),
                "week": "—",
                "change": None,
            }
        )
        parts = [
            html_table(
                rows_,
                [
                    Col("name", self.t("metric")),
                    Col("value", self.t("value")),
                    Col("week", self.t("p4p_week_mean")),
                    Col("change", self.t("change"), "change"),
                ],
                searchable=False,
            )
        ]
        return "\n\n".join(parts)

    def countries_section(self, countries: pd.DataFrame | None) -> str:
        if countries is None or not len(countries):
            return ""
        return html_table(
            countries.head(15),
            [
                Col("country", self.t("dim_country")),
                Col("search_impressions", METRICS["impressions"].label(self.lang), "count"),
                Col("search_impressions_change", self.t("change"), "change"),
                Col("search_clicks", METRICS["clicks"].label(self.lang), "count"),
                Col("search_clicks_change", self.t("change"), "change"),
                Col("inquiry_buyers", self.t("inq_buyers"), "count"),
                Col("inquiry_buyers_change", self.t("change"), "change"),
            ],
            searchable=False,
        )

    def no_anomaly_text(self, day: dt.date, home: bool = False) -> str:
        """What a day without anomalies says: all within the normal range, or, when the day has
        no band to judge by (too little history), how much history there is and is needed."""
        band = self.data.daily.get("impressions_low")
        if band is not None and day in band.index and not is_missing(band.loc[day]):
            return self.t("todo_none" if home else "anomalies_none", weeks=self.s.anomaly_weeks)
        facts = self.facts.get(day) or DayFacts(day)
        return (
            self.t("history_short", n=facts.history_days, m=HISTORY_NEEDED)
            + " "
            + self.t("history_short_anomalies")
        )

    def missing_products(self, day: dt.date) -> str:
        """A daily page of a day with other data but no product export."""
        return self.missing_input("products", self.t("shows_day_products"))

    @property
    def incidents(self) -> dict[dt.date, list[Incident]]:
        return self.data.day_incidents

    def incident_lines(self, day: dt.date) -> list[str]:
        """A day's anomaly section: a missing product export, then one line per incident —
        entity, metric, change against its band, 「第 N 天」, cause chain."""
        lines = [
            self.t("anomaly_missing", day=a.day.isoformat())
            for a in self.anomalies.get(day, [])
            if a.missing
        ]
        for inc in self.incidents.get(day, []):
            a = inc.main
            kind = "rate" if METRICS[a.metric].unit == "rate" else "count"
            fact = incident_fact(inc, self.lang)
            text = self.t(
                "incident_sentence",
                entity=md_text(fact.entity),
                metric=METRICS[a.metric].label(self.lang),
                value=fmt(a.value, kind),
                weeks=self.s.anomaly_weeks,
                base=fmt(a.baseline, kind),
                direction=self.t("anomaly_up" if a.direction == "up" else "anomaly_down"),
                change=fmt_change(abs(a.change)).lstrip("+"),
                low=fmt(max(a.low, 0), kind),
                high=fmt(a.high, kind),
                also=md_text(fact.also),
                since=md_text(fact.since),
            )
            if fact.cause_short not in ("", "—"):
                text += " " + self.t("incident_cause", chain=md_text(fact.cause_short))
            lines.append(text)
        return lines

    def anomaly_table(self) -> pd.DataFrame:
        recs = []
        for day in sorted(self.anomalies):
            for a in self.anomalies[day]:
                recs.append(
                    {
                        "date": day,
                        "metric": a.metric,
                        "value": a.value,
                        "baseline": a.baseline,
                        "change": a.change,
                        "low": a.low,
                        "high": a.high,
                        "cause": a.cause_text(),
                    }
                )
        return pd.DataFrame(
            recs, columns=["date", "metric", "value", "baseline", "change", "low", "high", "cause"]
        )

    def anomaly_cols(self) -> list[Col]:
        return [
            Col("date", self.t("date"), "date"),
            Col("metric", self.t("metric")),
            Col("value", self.t("value"), "number"),
            Col("baseline", self.t("baseline"), "number"),
            Col("change", self.t("change"), "change"),
            Col("low", self.t("col_low"), "number"),
            Col("high", self.t("col_high"), "number"),
            Col("cause", self.t("col_cause")),
        ]

    def actions_table(self) -> pd.DataFrame:
        return todo.actions_table(self, self.actions)

    def actions_cols(self) -> list[Col]:
        return todo.actions_cols(self)

    def day_fingerprint_parts(
        self, day: dt.date, keys: Mapping[tuple[str, dt.date], str]
    ) -> list[Any]:
        """What a daily page shows besides the products: its actions and its facts (by
        their key, when ``keys`` has it: analysis/memo.py, equal keys, equal facts)."""
        sheets = {k: len(self.data.sheets.get(k, ())) > 0 for k in DAY_SECTION_INPUTS.values()}
        key = keys.get(("facts:day", day))
        if key is not None:
            return [repr(self.actions.get(day)), "facts:day", key, repr(sheets)]
        facts = self.facts.get(day) or DayFacts(day)
        inq = facts.inquiries or {}
        parts: list[Any] = [repr(self.actions.get(day)), repr(facts.p4p)]
        parts += [
            v
            for v in (
                inq.get("rows"),
                inq.get("owners"),
                inq.get("paths"),
                facts.countries,
                facts.channels,
            )
            if isinstance(v, pd.DataFrame)
        ]
        parts.append(repr({k: v for k, v in inq.items() if not isinstance(v, pd.DataFrame)}))
        # the sections' notices: which inputs the store holds, which cover the day
        parts.append(repr(facts.section_inputs))
        parts.append(repr(sheets))
        return parts

    def recent_trend(self, end: dt.date, n: int, metrics: tuple[str, ...]) -> list[str]:
        window = self.data.daily.loc[end - dt.timedelta(days=n - 1) : end]
        base = self.t("baseline_day", n=self.s.anomaly_weeks)
        return [
            chart_block(
                charts.trend_chart(
                    window,
                    m,
                    METRICS[m].label(self.lang),
                    base,
                    METRICS[m].unit,
                    band_label=self.t("band_label"),
                    lang=self.lang,
                    date_label=self.t("col_date"),
                ),
                METRICS[m].label(self.lang),
            )
            for m in metrics
        ]
