"""Pages: Jinja2 templates in ``site_templates/`` render the Markdown of every page, and the
tables behind them are written as downloads. Nothing here reads the clock or the store: a
page is a function of the computed tables and the as-of date.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from ..analysis import Analysis
from ..analysis.freshness import freshness
from ..analysis.keywords import STATUSES
from ..analysis.metrics.anomalies import MIN_BAND_POINTS as MIN_BAND_WEEKS
from ..analysis.metrics.anomalies import Anomaly, find_anomalies
from ..analysis.metrics.daily import (
    by_dimension_day,
    campaign_budget,
    language_countries,
    p4p_day,
    waste_words,
    with_dates,
)
from ..analysis.metrics.inquiries import analyse_day, mark_duplicates, visit_paths
from ..analysis.metrics.products import (
    categorise,
    category_table,
    change_band,
    owner_table,
    previous_period,
    previous_periods,
    product_table,
)
from ..analysis.metrics.registry import KPIS, METRICS
from ..analysis.privacy import buyer_rows
from ..analysis.rules import LANGUAGE_SITES, Action, daily_actions
from ..config import Settings
from ..foundation.parallel import can_fork, cores, fork_map, strided
from ..foundation.periods import (
    month_end,
    month_key,
    month_start,
    overdue_cutoff,
    same_month_last_year,
    week_end,
    week_final,
    week_final_day,
    week_start,
)
from ..foundation.resources import templates_dir
from ..i18n import translate
from ..ingest.normalize import RowProblem
from ..kinds import KINDS
from . import charts, markup
from .build_status import render_build_status
from .downloads import to_csv, to_xlsx
from .inputs import kind_link, mentioned_kind, mentions_an_export, render_inputs
from .keywords import render_keyword_pages, status_link, workbook_job
from .markup import Col, chart_block, fmt, fmt_change, html_table, is_missing, md_text

TEMPLATES = templates_dir()
RECENT_DAYS = 90
# a daily page's sections and the kind each is made from
DAY_SECTION_INPUTS = {
    "inquiries": "inquiries",
    "p4p": "p4p_account",
    "channels": "traffic_sources",
    "countries": "regions",
}
RECENT_WEEKS = 12
RECENT_MONTHS = 13


@dataclass
class Output:
    """Every generated file: path relative to content/ → bytes; ``keys`` remembers what each
    XLSX was made from, so an unchanged table's workbook is reused, not rebuilt."""

    files: dict[str, bytes] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # period page → fingerprint, files, charts (title + Vega-Lite spec, in the page's order)

    def add(self, path: str, data: str | bytes) -> None:
        self.files[path] = data.encode("utf-8") if isinstance(data, str) else data


def make_env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown: untrusted text goes through the md filter or html_table
    )


class Renderer:
    def __init__(
        self,
        settings: Settings,
        data: Analysis,
        content: Path | None = None,
        previous: dict[str, Any] | None = None,
    ) -> None:
        self.content = content
        self.previous_keys: dict[str, str] = (previous or {}).get("xlsx", {})
        self.previous_pages: dict[str, dict[str, Any]] = (previous or {}).get("pages", {})
        self.s = settings
        self.lang = settings.language
        self.data = data
        self.env = make_env()
        self.env.filters["md"] = md_text
        self.env.globals["t"] = self.t
        self.env.globals["anchor"] = lambda name: (
            "{#" + name + "}"
        )  # attr_list id; `{#` alone opens a Jinja comment
        self.out = Output()
        self.xlsx_jobs: list[tuple[str, pd.DataFrame, list[Col], str]] = []
        self._categories: dict[str, str] = {}
        self.anomalies: dict[dt.date, list[Anomaly]] = {}
        self.facts: dict[dt.date, dict[str, Any]] = {}
        self.kw_links = ""
        self.actions: dict[dt.date, list[Action]] = {}

    def compute_anomalies(self) -> None:
        """Every day's anomalies with causes, from the first day with data to the as-of date
        (a day with no file is reported as missing)."""
        d = self.data
        days = [day for day in d.daily.index if day <= d.as_of]
        if days:
            first = d.daily["impressions"].first_valid_index()
            days = [day for day in days if first is not None and day >= first]
        rows = d.day_rows
        # a product's category from its last row's title: one lookup per product, not per row
        last = rows.drop_duplicates("product_id", keep="last") if len(rows) else rows
        category_of = (
            {p: self.categorise(t) for p, t in zip(last["product_id"], last["title"], strict=True)}
            if len(last)
            else {}
        )
        self.anomalies = find_anomalies(
            d.daily,
            rows,
            days,
            weeks=self.s.anomaly_weeks,
            k=self.s.anomaly_k,
            min_change=self.s.anomaly_min_change,
            category_of=category_of,
            dimensions=self.anomaly_dimensions(),
        )

    def anomaly_dimensions(self) -> list[tuple[str, str, pd.DataFrame]]:
        """Countries (买家地域) and channels (流量来源) as causes, where the sheets have them."""
        out = []
        sources = (
            (
                "regions",
                "country",
                "date",
                {
                    "impressions": "search_impressions",
                    "clicks": "search_clicks",
                    "visitors": "visitors",
                    "inquiries": "inquiry_buyers",
                },
            ),
            (
                "traffic_sources",
                "channel",
                "date",
                {"visitors": "store_visitors", "inquiries": "inquiry_buyers"},
            ),
        )
        for kind, dim, date_col, cols in sources:
            frame = self.data.sheets.get(kind, pd.DataFrame())
            if frame.empty:
                continue
            dated = pd.to_datetime(frame[date_col]).dt.date
            key = "country" if dim == "country" else "channel"
            for metric, col in cols.items():
                if col in frame and frame[col].notna().any():
                    out.append(
                        (
                            metric,
                            dim,
                            pd.DataFrame({"date": dated, "key": frame[key], "value": frame[col]}),
                        )
                    )
        return out

    def render_keywords(self) -> None:
        lib = self.data.keywords
        self.out.files.update(
            render_keyword_pages(
                lib, self.s, self.lang, self.env, as_of=self.data.as_of, xlsx=False
            )
        )
        path, frame, cols, sheet = workbook_job(lib, self.lang)
        self.workbook(path, frame, cols, sheet, to_csv(frame, cols))

    def keyword_links(self, depth: int) -> str:
        """Links to the library's action groups. No counts: a period page stays as it was
        when the library changes, so the counts live on the library's own page."""
        groups = [g for g in STATUSES if g != "keep"]
        return " · ".join(status_link(g, depth, self.lang) for g in groups)

    def compute_daily_facts(self) -> None:
        """Per day: the facts the rules read (anomalies, inquiries, P4P, countries) and the
        resulting actions, for every day up to the as-of date."""
        d, s = self.data, self.s
        sheets = d.sheets
        inquiries = sheets.get("inquiries", pd.DataFrame())
        account = with_dates(sheets.get("p4p_account", pd.DataFrame()), "date")
        regions = with_dates(sheets.get("regions", pd.DataFrame()), "date")
        sources = with_dates(sheets.get("traffic_sources", pd.DataFrame()), "date")
        campaigns = with_dates(sheets.get("p4p_campaigns", pd.DataFrame()), "period_end")
        p4p_words = with_dates(sheets.get("p4p_keywords", pd.DataFrame()), "period_end")
        if len(inquiries):
            inquiries = inquiries.assign(stat_date=pd.to_datetime(inquiries["stat_date"]).dt.date)
            inquiries["duplicate"] = mark_duplicates(inquiries, s.duplicate_window_days)
        inquiry_days = set(inquiries["stat_date"]) if len(inquiries) else set()
        # every day with data of any kind has its facts (and a page): a day with inquiries or
        # P4P but no product export too
        sheet_days = {
            day
            for frame, col in ((account, "date"), (regions, "date"), (sources, "date"))
            if len(frame)
            for day in frame[col]
        }
        days = sorted(
            day
            for day in {
                *self.anomalies,
                *d.daily.dropna(subset=["impressions"]).index,
                *inquiry_days,
                *sheet_days,
            }
            if isinstance(day, dt.date) and day <= d.as_of
        )
        self._facts_inputs = (
            inquiries,
            inquiry_days,
            account,
            campaigns,
            p4p_words,
            sources,
            regions,
        )
        for day, facts, actions in self.facts_for_days(days):
            self.facts[day] = facts
            self.actions[day] = actions

    def facts_for_days(
        self, days: list[dt.date]
    ) -> list[tuple[dt.date, dict[str, Any], list[Action]]]:
        """The facts of many days, on every core when there are many."""
        parts = fork_map(
            lambda r, chunk: [r.facts_for_day(d) for d in chunk],
            self,
            strided(days, cores()),
            parallel=len(days) >= 60,
        )
        return sorted((item for part in parts for item in part), key=lambda item: item[0])

    def facts_for_day(self, day: dt.date) -> tuple[dt.date, dict[str, Any], list[Action]]:
        s = self.s
        inquiries, inquiry_days, account, campaigns, p4p_words, sources, regions = (
            self._facts_inputs
        )
        facts: dict[str, Any] = {
            "anomalies": [self.anomaly_fact(a) for a in self.anomalies.get(day, [])]
        }
        if day in inquiry_days:
            window = inquiries[
                (inquiries["stat_date"] >= day - dt.timedelta(days=s.duplicate_window_days))
                & (inquiries["stat_date"] <= day)
            ]
            got = analyse_day(
                window,
                day,
                now=overdue_cutoff(day),
                window_days=s.duplicate_window_days,
                similarity=s.template_similarity,
                max_chars=s.template_max_chars,
                reply_within=s.reply_within_hours,
            )
            if got["count"]:
                owners: pd.DataFrame = got["owners"]  # type: ignore[assignment]
                got["unreplied_by_owner"] = [
                    (o, int(n))
                    for o, n in zip(owners["owner"], owners["unreplied_late"], strict=True)
                    if n > 0
                ]
                facts["inquiries"] = got
        if len(account):
            budget = campaign_budget(campaigns, day)
            p4p = p4p_day(account, day, budget)
            if p4p is not None:
                p4p["waste_words"] = waste_words(p4p_words, day)
                facts["p4p"] = p4p
        if len(sources):
            ch = by_dimension_day(
                sources, day, "channel", "date", ["store_visitors", "inquiry_buyers"]
            )
            if len(ch):
                facts["channels"] = ch
        if len(regions):
            countries = by_dimension_day(
                regions,
                day,
                "country",
                "date",
                ["search_impressions", "search_clicks", "inquiry_buyers"],
            )
            if len(countries):
                facts["countries"] = countries
                facts["language_countries"] = language_countries(
                    countries, LANGUAGE_SITES, s.country_rise
                )
        return day, facts, daily_actions(day, facts, s)

    def anomaly_fact(self, a: Anomaly) -> dict[str, Any]:
        if a.missing:
            return {"missing": True, "metric": "data"}
        top = a.contributors[0] if a.contributors else None
        if top is not None:
            cause = f"{self.t('dim_' + top.dimension)} {top.key} ({top.share:.0%})"
        elif a.funnel:
            step = max(a.funnel, key=lambda st: abs(st[2]))
            cause = f"{self.t('step_' + step[0])} {fmt_change(math.expm1(step[1]))}"
        else:
            cause = "—"
        return {
            "metric": a.metric,
            "label": METRICS[a.metric].label(self.lang),
            "direction_text": self.t("went_up" if a.direction == "up" else "went_down"),
            "change_text": fmt_change(abs(a.change or 0)).lstrip("+"),
            "cause_short": cause,
        }

    def missing_days_merged(self, actions: list[Action]) -> list[Action]:
        """The home page's to-do with each run of consecutive days without a product export
        said once (a store whose exports stopped a month ago gets one line, not thirty)."""
        out: list[Action] = []
        run: list[Action] = []

        def flush() -> None:
            if len(run) > 1:
                first, last = run[0].date.isoformat(), run[-1].date.isoformat()
                text = self.t("missing_days", first=first, last=last, n=len(run))
                out.append(replace(run[0], message=text))
            else:
                out.extend(run)
            run.clear()

        for a in actions:
            if a.rule == "missing_data":
                if run and a.date != run[-1].date + dt.timedelta(days=1):
                    flush()
                run.append(a)
            else:
                flush()
                out.append(a)
        flush()
        return out

    def action_lines(self, actions: list[Action], depth: int) -> list[str]:
        up = "../" * depth
        return [f"{md_text(a.message)} [{self.t('evidence')}]({up}{a.link})" for a in actions]

    def actions_table(self) -> pd.DataFrame:
        recs = [
            {
                "date": a.date,
                "scope": a.scope,
                "rule": a.rule,
                "subject": a.subject,
                "message": a.message,
            }
            for day in sorted(self.actions)
            for a in self.actions[day]
        ]
        return pd.DataFrame(recs, columns=["date", "scope", "rule", "subject", "message"])

    def actions_cols(self) -> list[Col]:
        return [
            Col("date", self.t("date"), "date"),
            Col("scope", self.t("col_scope")),
            Col("rule", self.t("col_rule")),
            Col("subject", self.t("col_subject")),
            Col("message", self.t("col_message")),
        ]

    def day_sections(self, day: dt.date) -> dict[str, str]:
        """The inquiries, P4P, channels and countries sections of a daily page; a section
        without data says whether the day had none or which input is missing."""
        facts = self.facts.get(day, {})
        out = {"inquiries": "", "p4p": "", "countries": "", "channels": ""}
        channels = facts.get("channels")
        if channels is not None and len(channels):
            total = channels["store_visitors"].sum()
            channels = channels.assign(share=channels["store_visitors"] / total if total else None)
            out["channels"] = html_table(
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
        inq = facts.get("inquiries")
        if inq:
            summary = [
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
                        "—"
                        if inq["avg_reply_hours"] is None
                        else f"{inq['avg_reply_hours']:.1f} h",
                    ),
                    ("inq_in_time", fmt(inq["in_time_share"], "rate")),
                    ("inq_unreplied", fmt(inq["unreplied_late"], "count")),
                )
            ]
            owners = inq["owners"]
            rows = inq["rows"]
            flagged = rows[rows["duplicate"] | rows["template"]].assign(
                flag=lambda f: [
                    (self.t("inq_flag_duplicate") if du else "")
                    + (" " + self.t("inq_flag_template") if te else "")
                    for du, te in zip(f["duplicate"], f["template"], strict=True)
                ]
            )
            paths = visit_paths(rows, self.data.sheets.get("visitors", pd.DataFrame()))
            # buyers as initials, messages as masked excerpts (unless show_buyer_details):
            # detection above used the full rows, only the displayed rows are masked
            masked = "" if self.s.show_buyer_details else self.t("inq_masked")
            flagged = buyer_rows(flagged, self.s.show_buyer_details)
            paths = buyer_rows(paths, self.s.show_buyer_details)
            parts = [
                html_table(
                    summary,
                    [Col("name", self.t("metric")), Col("value", self.t("value"))],
                    searchable=False,
                ),
                html_table(
                    owners,
                    [
                        Col("owner", self.t("col_owner")),
                        Col("inquiries", self.t("inq_count"), "count"),
                        Col("in_time_share", self.t("inq_in_time"), "rate"),
                        Col("avg_reply_hours", self.t("inq_avg_reply"), "number"),
                        Col("unreplied_late", self.t("inq_unreplied"), "count"),
                    ],
                    searchable=False,
                ),
            ]
            if len(flagged):
                parts.append(f"**{self.t('inq_flagged')}**")
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
                parts.append(f"**{self.t('inq_paths')}**")
                parts.append(
                    html_table(
                        paths,
                        [
                            Col("buyer", self.t("inq_buyer")),
                            Col("visit_date", self.t("date"), "date"),
                            Col("visit_path", self.t("inq_path")),
                            Col("page_views", self.t("inq_views"), "count"),
                            Col("seconds", self.t("inq_seconds"), "count"),
                        ],
                        caption=masked,
                        searchable=False,
                    )
                )
            out["inquiries"] = "\n\n".join(parts)
        p4p = facts.get("p4p")
        if p4p:
            week = p4p.get("week", {})
            rows_ = []
            for key, kind in (
                ("impressions", "count"),
                ("clicks", "count"),
                ("ctr", "rate"),
                ("spend", "number"),
                ("cpc", "number"),
                ("promo_hours", "number"),
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
            if p4p.get("waste_words"):
                words = pd.DataFrame(p4p["waste_words"], columns=["keyword", "spend"])
                parts.append(f"**{self.t('p4p_waste')}**")
                parts.append(
                    html_table(
                        words,
                        [
                            Col("keyword", self.t("dim_keyword")),
                            Col("spend", self.t("p4p_spend"), "number"),
                        ],
                        searchable=False,
                    )
                )
            out["p4p"] = "\n\n".join(parts)
        countries = facts.get("countries")
        if countries is not None and len(countries):
            out["countries"] = html_table(
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
        inputs = self.day_inputs(day)
        for key, kind in DAY_SECTION_INPUTS.items():
            if out[key]:
                continue
            if inputs[key] == "covered":
                out[key] = (
                    self.t("day_no_inquiries")
                    if key == "inquiries"
                    else self.t("day_no_rows", kind=f"{KINDS[kind].zh} ({kind})")
                )
            else:
                out[key] = self.missing_input(kind, self.t(f"shows_day_{key}"))
        return out

    def history_days(self, day: dt.date, days: int) -> int:
        """Days with product data among the ``days`` days before ``day``."""
        window = self.data.daily["impressions"].loc[day - dt.timedelta(days=days) : day]
        return int(window.drop(day, errors="ignore").notna().sum())

    def no_anomaly_text(self, day: dt.date, home: bool = False) -> str:
        """What a day without anomalies says: all within the normal range, or, when the day has
        no band to judge by (too little history), how much history there is and is needed."""
        band = self.data.daily.get("impressions_low")
        if band is not None and day in band.index and not is_missing(band.loc[day]):
            return self.t("todo_none" if home else "anomalies_none", weeks=self.s.anomaly_weeks)
        need = 7 * MIN_BAND_WEEKS
        return (
            self.t("history_short", n=self.history_days(day, need), m=need)
            + " "
            + self.t("history_short_anomalies")
        )

    def baseline_short(self, step: str, end: dt.date, totals: pd.DataFrame) -> str:
        """Said instead of a judgement when a period has too few periods before it for its
        baseline (the median needs at least half of the window present)."""
        window = {
            "day": self.s.baseline_days,
            "week": self.s.baseline_weeks,
            "month": self.s.baseline_months,
        }[step]
        values = totals["impressions"] if "impressions" in totals else pd.Series(dtype=float)
        have = sum(
            1
            for p in previous_periods(end, window, step)
            if p in values.index and not is_missing(values.loc[p])
        )
        key = {"day": "history_short", "week": "history_short_weeks"}.get(
            step, "history_short_months"
        )
        return self.t(key, n=have, m=max(1, (window + 1) // 2))

    def missing_products(self, day: dt.date) -> str:
        """A daily page of a day with other data but no product export."""
        return self.missing_input("products", self.t("shows_day_products"))

    def covered_days(self, kind: str) -> list[tuple[dt.date, dt.date]]:
        """The spans (file periods) the store's rows of a dated kind cover, cached."""
        cache: dict[str, list[tuple[dt.date, dt.date]]] = self.__dict__.setdefault("_spans", {})
        if kind not in cache:
            frame = self.data.sheets.get(kind, pd.DataFrame())
            spans: set[tuple[dt.date, dt.date]] = set()
            if len(frame) and {"period_start", "period_end"} <= set(frame.columns):
                pairs = frame[["period_start", "period_end"]].drop_duplicates()
                spans = {
                    (pd.Timestamp(a).date(), pd.Timestamp(b).date())
                    for a, b in zip(pairs["period_start"], pairs["period_end"], strict=True)
                    if not is_missing(a) and not is_missing(b)
                }
            cache[kind] = sorted(spans)
        return cache[kind]

    def day_inputs(self, day: dt.date) -> dict[str, str]:
        """Per daily section without data: 'covered' (the kind's files cover the day: it had
        none) or 'missing' (no file covers it)."""
        out = {}
        for key, kind in DAY_SECTION_INPUTS.items():
            spans = self.covered_days(kind)
            out[key] = "covered" if any(a <= day <= b for a, b in spans) else "missing"
        return out

    def anomaly_lines(self, found: list[Anomaly]) -> list[str]:
        lines = []
        for a in found:
            if a.missing:
                lines.append(self.t("anomaly_missing", day=a.day.isoformat()))
                continue
            kind = "rate" if METRICS[a.metric].unit == "rate" else "count"
            text = self.t(
                "anomaly_sentence",
                metric=METRICS[a.metric].label(self.lang),
                value=fmt(a.value, kind),
                weeks=self.s.anomaly_weeks,
                base=fmt(a.baseline, kind),
                direction=self.t("anomaly_up" if a.direction == "up" else "anomaly_down"),
                change=fmt_change(abs(a.change or 0)).lstrip("+"),
                low=fmt(max(a.low or 0, 0), kind),
                high=fmt(a.high, kind),
            )
            if len(a.funnel) > 1:
                steps = sorted(a.funnel, key=lambda st: -abs(st[2]))
                text += " " + self.t(
                    "anomaly_funnel",
                    steps=self.t("sep_list").join(
                        self.t(
                            "anomaly_step",
                            step=self.t(f"step_{name}"),
                            change=fmt_change(math.expm1(lg)),
                            share=f"{share:.0%}",
                        )
                        for name, lg, share in steps
                    ),
                )
            if a.contributors:
                items = []
                for c in a.contributors:
                    label = (
                        md_text(c.key)
                        if c.dimension != "product"
                        else f"{md_text(c.key)} {md_text(str(c.label)[:50])}"
                    )
                    items.append(
                        self.t(
                            "with_note",
                            text=f"{self.t('dim_' + c.dimension)} {label}",
                            note=f"{c.share:.0%}",
                        )
                    )
                text += " " + self.t("anomaly_from", items=self.t("sep_clause").join(items))
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

    def missing_input(self, kind: str, shows: str, depth: int = 1) -> str:
        """The one notice of a section that lacks its input: which export or sheet, where in
        the backend it comes from, what the section would show, and a link to the
        import-status page. When the store holds the kind for other dates, it says that this
        period has none (and which dates it has)."""
        k = KINDS[kind]
        values = {
            "kind": f"{k.zh} ({k.name})",
            "pattern": f"`{k.file_pattern}`",
            "source": k.source,
            "shows": shows,
            "status": "../" * depth + "import-status.md",
        }
        d = self.data
        held = d.kinds
        mine = held[held["kind"] == kind] if "kind" in held and len(held) else held.iloc[0:0]
        if kind == "products":
            has = len(d.day_rows) + len(d.week_rows) + len(d.month_rows) > 0
        elif kind in d.sheets:
            has = len(d.sheets[kind]) > 0  # rows up to the as-of date
        else:
            rows = mine["rows"] if "rows" in mine else pd.Series(dtype="float64")
            has = pd.to_numeric(rows, errors="coerce").fillna(0).sum() > 0
        if has:
            text = self.t("missing_input_period", **values)
        else:
            text = self.t("missing_input", **values)
        return '!!! warning ""\n    ' + text

    def categorise(self, title: str | None) -> str:
        key = title or ""
        if key not in self._categories:
            self._categories[key] = categorise(title, self.s.categories)
        return self._categories[key]

    # -- helpers --------------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        return translate(key, self.lang, **values)

    def label(self, name: str) -> str:
        if name in METRICS:
            return METRICS[name].label(self.lang)
        return self.t(f"col_{name}")

    def render(self, template: str, path: str, **ctx: Any) -> None:
        self.out.add(path, self.env.get_template(template).render(**ctx))

    def workbook(
        self, path: str, frame: pd.DataFrame, cols: list[Col], sheet: str, csv: bytes
    ) -> None:
        """An XLSX download: taken from the last build when its table (the CSV bytes, the
        headers and the sheet name) is unchanged, else queued to be built on every core."""
        key = hashlib.sha256(
            csv + json.dumps([c.label for c in cols] + [sheet]).encode()
        ).hexdigest()
        cached = self.content / path if self.content else None
        if cached is not None and self.previous_keys.get(path) == key and cached.is_file():
            self.out.add(path, cached.read_bytes())
        else:
            self.xlsx_jobs.append((path, frame, cols, sheet))
        self.out.keys[path] = key

    def write_table(
        self,
        stem: str,
        frame: pd.DataFrame,
        cols: list[Col],
        sheet: str,
        people: list[Col] | None = None,
    ) -> None:
        """A table as ``stem``.csv (the columns' snake_case names, for machines) and
        ``stem``.xlsx (their labels, or ``people``'s, for people)."""
        csv = to_csv(frame, cols)
        self.out.add(f"{stem}.csv", csv)
        self.workbook(f"{stem}.xlsx", frame, list(people or cols), sheet, csv)

    def table_downloads(
        self, frame: pd.DataFrame, cols: list[Col], stem: str, page_depth: int
    ) -> str:
        """Write CSV + XLSX for a table; return the Markdown links to them from the page."""
        self.write_table(f"downloads/{stem}", frame, cols, stem.rsplit("/", 1)[-1])
        up = "../" * page_depth
        return (
            f"{self.t('download')}: [CSV]({up}downloads/{stem}.csv) · "
            f"[XLSX]({up}downloads/{stem}.xlsx)"
        )

    def kpi_rows(
        self, row: pd.Series, previous: pd.Series | None = None, last_year: pd.Series | None = None
    ) -> list[dict[str, Any]]:
        rows = []
        for m in KPIS:
            change = row.get(f"{m}_change")
            rec = {
                "metric": METRICS[m].label(self.lang),
                "name": m,
                "unit": METRICS[m].unit,
                "weekday_change": row.get(f"{m}_wd_change"),
                "value": row.get(m),
                "baseline": row.get(f"{m}_base"),
                "change": change,
                "band": self.t(
                    "band_"
                    + change_band(
                        change, self.s.change_small, self.s.change_clear, self.s.change_large
                    )
                ),
                "band_key": change_band(
                    change, self.s.change_small, self.s.change_clear, self.s.change_large
                ),
            }
            if previous is not None:
                pv = previous.get(m)
                rec["previous"] = pv
                rec["vs_previous"] = (
                    (row.get(m) / pv - 1)
                    if not is_missing(pv) and pv and not is_missing(row.get(m))
                    else None
                )
            if last_year is not None:
                ly = last_year.get(m)
                rec["vs_last_year"] = (
                    (row.get(m) / ly - 1)
                    if not is_missing(ly) and ly and not is_missing(row.get(m))
                    else None
                )
            rows.append(rec)
        return rows

    def kpi_table(
        self,
        rows: list[dict[str, Any]],
        baseline_label: str,
        with_previous: bool = False,
        with_last_year: bool = False,
    ) -> str:
        formatted = []
        for r in rows:
            kind = "rate" if r["unit"] == "rate" else "count"
            rec = {
                "metric": r["metric"],
                "value": fmt(r["value"], kind),
                "baseline": fmt(r["baseline"], kind),
                "change": r["change"],
                "judgement": r["band"],
            }
            if with_previous:
                rec["previous"] = fmt(r.get("previous"), kind)
                rec["vs_previous"] = r.get("vs_previous")
            if with_last_year:
                rec["vs_last_year"] = r.get("vs_last_year")
            formatted.append(rec)
        cols = [
            Col("metric", self.t("metric")),
            Col("value", self.t("value")),
            Col("baseline", baseline_label),
            Col("change", self.t("change"), "change"),
            Col("judgement", self.t("judgement")),
        ]
        if with_previous:
            cols += [
                Col("previous", self.t("previous")),
                Col("vs_previous", self.t("vs_previous"), "change"),
            ]
        if with_last_year:
            cols.append(Col("vs_last_year", self.t("vs_last_year"), "change"))
        return html_table(formatted, cols, searchable=False)

    def kpi_cards(self, rows: list[dict[str, Any]]) -> str:
        import html as _html

        cards = []
        for r in rows:
            kind = "rate" if r["unit"] == "rate" else "count"
            ch = r["change"]
            cls = (
                "flat"
                if is_missing(ch) or abs(ch) <= self.s.change_small
                else ("up" if ch > 0 else "down")
            )
            cards.append(
                f'<div class="ops-kpi {cls} band-{r["band_key"]}"><div class="ops-kpi-label">{_html.escape(r["metric"])}</div>'
                f'<div class="ops-kpi-value">{_html.escape(fmt(r["value"], kind))}</div>'
                f'<div class="ops-kpi-change">{_html.escape(fmt_change(ch))} · {_html.escape(self.t("baseline"))} '
                f"{_html.escape(fmt(r['baseline'], kind))}</div></div>"
            )
        return '<div class="ops-kpis">' + "".join(cards) + "</div>"

    # -- tables ---------------------------------------------------------------------------
    def product_cols(self, full: bool) -> list[Col]:
        cols = [
            Col("product_id", self.label("product_id")),
            Col("title", self.label("title")),
            Col("category", self.label("category")),
            Col("owner", self.label("owner")),
            Col("impressions", self.label("impressions"), "count"),
            Col("clicks", self.label("clicks"), "count"),
            Col("ctr", self.label("ctr"), "rate"),
            Col("visitors", self.label("visitors"), "count"),
            Col("inquiries", self.label("inquiries"), "count"),
            Col("inquiry_rate", self.label("inquiry_rate"), "rate"),
        ]
        if full:
            cols[5:5] = [Col("impressions_prev", self.label("impressions_prev"), "count")]
            cols += [
                Col("inquiries_prev", self.label("inquiries_prev"), "count"),
                Col("tm_buyers", self.label("tm_buyers"), "count"),
                Col("showcase", self.label("showcase"), "flag"),
                Col("in_p4p", self.label("in_p4p"), "flag"),
            ]
        return cols

    def category_cols(self) -> list[Col]:
        return [
            Col("category", self.label("category")),
            Col("products", self.label("products"), "count"),
            Col("impressions", self.label("impressions"), "count"),
            Col("impressions_share", self.label("impressions_share"), "rate"),
            Col("impressions_change", self.label("impressions_change"), "change"),
            Col("clicks", self.label("clicks"), "count"),
            Col("ctr", self.label("ctr"), "rate"),
            Col("visitors", self.label("visitors"), "count"),
            Col("inquiries", self.label("inquiries"), "count"),
            Col("inquiries_share", self.label("inquiries_share"), "rate"),
            Col("inquiries_change", self.label("inquiries_change"), "change"),
            Col("inquiry_rate", self.label("inquiry_rate"), "rate"),
        ]

    def owner_cols(self) -> list[Col]:
        return [
            Col("owner", self.label("owner")),
            Col("products", self.label("products"), "count"),
            *[
                Col(m, self.label(m), "rate" if METRICS[m].unit == "rate" else "count")
                for m in ("impressions", "clicks", "ctr", "visitors", "inquiries", "inquiry_rate")
            ],
        ]

    # -- pages ----------------------------------------------------------------------------
    def render_all(self) -> Output:
        d = self.data
        self.compute_anomalies()
        self.compute_daily_facts()
        self.kw_links = self.keyword_links(1)
        days = [day for day in d.daily.dropna(subset=["impressions"]).index if day <= d.as_of]
        weeks = [w for w in d.weekly.index if w <= d.as_of]
        months = [m for m in d.monthly.index if m <= d.as_of]
        self.render_home(days)
        # a daily page for every day with products, and for every day whose other data
        # (inquiries, P4P, channels, countries) has something to show: its actions link there
        shown = ("inquiries", "p4p", "channels", "countries")
        page_days = sorted(
            {*days, *[day for day, f in self.facts.items() if any(k in f for k in shown)]}
        )
        self.render_periods("day", page_days, d.daily, d.day_rows)
        self.render_periods("week", weeks, d.weekly, d.week_rows)
        self.render_periods("month", months, d.monthly, d.month_rows)
        self.render_keywords()
        self.render_status()
        render_inputs(self)
        render_build_status(self)
        self.render_glossary()
        return self.out

    def recent_trend(self, end: dt.date, n: int, metrics: tuple[str, ...]) -> list[str]:
        window = self.data.daily.loc[end - dt.timedelta(days=n - 1) : end]
        base = self.t("baseline_day", n=self.s.baseline_days)
        return [
            chart_block(
                charts.trend_chart(
                    window,
                    m,
                    METRICS[m].label(self.lang),
                    base,
                    METRICS[m].unit,
                    band_label=self.t("band_label"),
                ),
                METRICS[m].label(self.lang),
            )
            for m in metrics
        ]

    def render_home(self, days: list[dt.date]) -> None:
        store = md_text(self.s.store_name)  # a setting: any text, shown as it is
        title = self.t("site_title", store=store)
        if not days:
            # other kinds without product exports: say which export is missing, and show
            # what the other data asks to do
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
            return
        day = days[-1]
        row = self.data.daily.loc[day]
        rows = self.kpi_rows(row)
        link = f"daily/{day.isoformat()}.md"
        n = min(self.s.trend_days, len(self.data.daily.loc[:day]))
        self.render(
            "home.md.j2",
            "index.md",
            title=self.t("home_title", store=store, day=day.isoformat()),
            day=day.isoformat(),
            lead=self.t("home_lead", day=day.isoformat(), n=self.s.baseline_days),
            todo=self.action_lines(
                self.missing_days_merged(
                    [a for dd in sorted(self.actions) if dd >= day for a in self.actions[dd]]
                ),
                0,
            ),
            todo_none=self.no_anomaly_text(day, home=True),
            cards=self.kpi_cards(rows),
            charts=self.recent_trend(day, n, ("impressions", "clicks", "visitors", "inquiries")),
            trend_title=self.t("trend_title", n=n),
            trend_note=self.t("trend_note", n=self.s.baseline_days),
            day_link=f"[{self.t('see_day', day=day.isoformat())}]({link})",
        )

    def period_name(self, step: str, end: dt.date) -> str:
        return month_key(end) if step == "month" else end.isoformat()

    def period_title(self, step: str, end: dt.date, start: dt.date) -> str:
        if step == "day":
            return self.t("daily_title", day=end.isoformat(), weekday=self.t(f"wd_{end.weekday()}"))
        if step == "week":
            return self.t("weekly_title", start=start.isoformat(), end=end.isoformat())
        return self.t("monthly_title", month=month_key(end))

    def render_periods(
        self, step: str, ends: list[dt.date], totals: pd.DataFrame, rows: pd.DataFrame
    ) -> None:
        section = {"day": "daily", "week": "weekly", "month": "monthly"}[step]
        window = {
            "day": self.s.baseline_days,
            "week": self.s.baseline_weeks,
            "month": self.s.baseline_months,
        }[step]
        base_label = self.t(f"baseline_{step}", n=window)
        names = [self.period_name(step, e) for e in ends]
        empty = rows.iloc[0:0]
        by_end = {ts.date(): g for ts, g in rows.groupby("period_end")} if len(rows) else {}
        # one hash per row of the totals, once: a page's window is then fingerprinted by its
        # rows' hashes (hashing a 90-day window for each of 400 days was most of a rebuild)
        row_hash = pd.Series(
            pd.util.hash_pandas_object(totals, index=True).to_numpy(), index=totals.index
        )

        def rows_of(index: Any) -> str:
            return hashlib.sha256(row_hash.loc[index].to_numpy().tobytes()).hexdigest()

        todo: list[tuple[int, str, str]] = []
        for i, end in enumerate(ends):
            prev_end = previous_period(end, step)
            if step == "day":
                window = totals.loc[end - dt.timedelta(days=RECENT_DAYS - 1) : end]
            else:
                window = totals.loc[
                    ends[
                        max(0, i + 1 - (RECENT_WEEKS if step == "week" else RECENT_MONTHS)) : i + 1
                    ]
                ]
                if step == "month":
                    window = pd.concat(
                        [window, totals.loc[same_month_last_year(totals.index, end)]]
                    )
            key = f"{section}/{names[i]}"
            fp = fingerprint(
                self.s,
                step,
                names[i - 1] if i else None,
                names[i + 1] if i + 1 < len(ends) else None,
                rows_of(window.index),
                rows_of([e for e in (end, prev_end) if e in totals.index]),
                by_end.get(end, empty),
                by_end.get(prev_end, empty),
                [
                    (a.metric, a.value, a.baseline, a.low, a.high, a.cause_text())
                    for a in self.anomalies.get(end, [])
                ]
                if step == "day"
                else None,
                self.kw_links,
                self.partial_note(step, end),
                *self.fingerprint_parts_for(step, end),
            )
            if self.reuse(key, fp):
                continue
            todo.append((i, key, fp))
        args = (step, section, ends, names, totals, by_end, empty, base_label)
        for out, jobs in self.render_many(todo, args):
            self.out.files.update(out.files)
            self.out.keys.update(out.keys)
            self.out.pages.update(out.pages)
            self.xlsx_jobs.extend(jobs)
        self.render_index(step, section, ends, totals, names)

    def render_chunk(
        self, chunk: list[tuple[int, str, str]], args: tuple[Any, ...], workbooks: bool
    ) -> tuple[Output, list[tuple[str, pd.DataFrame, list[Col], str]]]:
        """Render some period pages into a fresh Output; with ``workbooks``, build their XLSX
        downloads too (in a worker process) instead of leaving them as jobs."""
        saved = (self.out, self.xlsx_jobs)
        self.out, self.xlsx_jobs = Output(), []
        try:
            for i, key, fp in chunk:
                files_before, jobs_before = set(self.out.files), len(self.xlsx_jobs)
                with markup.collect_charts() as made:
                    self.render_period(args[0], args[1], i, *args[2:])
                produced = set(self.out.files) - files_before
                produced |= {job[0] for job in self.xlsx_jobs[jobs_before:]}
                # a monthly review's charts, for the archive to freeze with it (other pages'
                # would only make the cache ten times bigger)
                page = self.out.files[f"{key}.md"].decode("utf-8") if args[1] == "monthly" else ""
                self.out.pages[key] = {
                    "fp": fp,
                    "files": sorted(produced),
                    "charts": markup.charts_on(page, made),
                }
            if workbooks:
                self.out.files.update(write_workbooks(self.xlsx_jobs, parallel=False))
                self.xlsx_jobs = []
            return self.out, self.xlsx_jobs
        finally:
            self.out, self.xlsx_jobs = saved

    def render_many(
        self, todo: list[tuple[int, str, str]], args: tuple[Any, ...]
    ) -> list[tuple[Output, list[tuple[str, pd.DataFrame, list[Col], str]]]]:
        """Render the period pages that changed, on every core when there are many (a first
        build of a year of history has hundreds); each worker builds its pages' workbooks."""
        if len(todo) < 40 or not can_fork():
            return [self.render_chunk(todo, args, workbooks=False)]
        return fork_map(
            lambda r, chunk: r.render_chunk(chunk, args, workbooks=True),
            self,
            strided(todo, cores()),
        )

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

    def fingerprint_parts_for(self, step: str, end: dt.date) -> list[Any]:
        """What a period page shows besides its products, for the reuse fingerprint."""
        from . import monthly as monthly_pages
        from . import weekly as weekly_pages

        if step == "day":
            return self.day_fingerprint_parts(end)
        if step == "week":
            return weekly_pages.fingerprint_parts(self, end)
        return monthly_pages.fingerprint_parts(self, end)

    def day_fingerprint_parts(self, day: dt.date) -> list[Any]:
        """What a daily page shows besides the products: its actions and its facts."""
        facts = self.facts.get(day, {})
        inq = facts.get("inquiries") or {}
        parts: list[Any] = [repr(self.actions.get(day)), repr(facts.get("p4p"))]
        parts += [
            v
            for v in (
                inq.get("rows"),
                inq.get("owners"),
                facts.get("countries"),
                facts.get("channels"),
            )
            if isinstance(v, pd.DataFrame)
        ]
        parts.append(repr({k: v for k, v in inq.items() if not isinstance(v, pd.DataFrame)}))
        # the sections' notices: which inputs the store holds, which cover the day
        parts.append(repr(self.day_inputs(day)))
        parts.append(
            repr({k: len(self.data.sheets.get(k, ())) > 0 for k in DAY_SECTION_INPUTS.values()})
        )
        return parts

    def reuse(self, key: str, fp: str) -> bool:
        """Take an unchanged period page and its downloads from the last build."""
        entry = self.previous_pages.get(key)
        if self.content is None or not entry or entry.get("fp") != fp or "charts" not in entry:
            return False  # (a cache from before pages kept their charts: render again)
        files = {}
        for rel in entry["files"]:
            path = self.content / rel
            if not path.is_file():
                return False
            files[rel] = path.read_bytes()
        self.out.files.update(files)
        self.out.pages[key] = entry
        for rel in entry["files"]:
            if rel in self.previous_keys:
                self.out.keys[rel] = self.previous_keys[rel]
        return True

    def render_period(
        self,
        step: str,
        section: str,
        i: int,
        ends: list[dt.date],
        names: list[str],
        totals: pd.DataFrame,
        by_end: dict[dt.date, pd.DataFrame],
        empty: pd.DataFrame,
        base_label: str,
    ) -> None:
        end = ends[i]
        row = totals.loc[end] if end in totals.index else pd.Series(dtype=object)
        has_products = not is_missing(row.get("impressions"))
        start = row["period_start"] if not is_missing(row.get("period_start")) else end
        prev_end = previous_period(end, step)
        prev = totals.loc[prev_end] if prev_end in totals.index else None
        last_year = None
        if step == "month":
            ly_ends = same_month_last_year(totals.index, end)
            last_year = totals.loc[ly_ends[0]] if ly_ends else None
        kpis = self.kpi_rows(row, prev if step != "day" else None, last_year)
        name = names[i]
        products = product_table(
            by_end.get(end, empty),
            end,
            by_end.get(prev_end, empty) if prev is not None else None,
            self.categorise,
        )
        cats = category_table(products)
        owners = owner_table(products)
        stem = f"{section}/{name}"
        charts_html = []
        if step == "day":
            charts_html = self.recent_trend(end, RECENT_DAYS, ("impressions", "inquiries"))
        else:
            charts_html = self.period_charts(step, totals, ends[: i + 1], name)
        if len(cats) > 1:
            charts_html.append(
                chart_block(
                    charts.category_bars(
                        cats,
                        "impressions",
                        METRICS["impressions"].label(self.lang),
                        self.label("category"),
                    ),
                    self.t("by_category"),
                )
            )
        start_here = self.start_here(kpis, cats, products, base_label)
        # a week or month summed from its days has no product rows of its own: say so, not
        # three empty tables
        no_rows = (
            self.missing_input("products", self.t("shows_period_products"))
            if has_products and products.empty
            else ""
        )
        if has_products and is_missing(row.get("impressions_base")):
            start_here.insert(0, self.baseline_short(step, end, totals))
        self.render(
            f"{section}.md.j2",
            f"{section}/{name}.md",
            title=self.period_title(step, end, start),
            note=self.t(f"period_note_{step}", day=end.isoformat()) + self.draft_note(step, end),
            derived=self.t("source_days") if row.get("source") == "days" else "",
            partial=self.partial_note(step, end),
            start_here=start_here,
            anomalies=(
                self.anomaly_lines(self.anomalies.get(end, []))
                or ([self.no_anomaly_text(end)] if has_products else [])
            )
            if step == "day"
            else [],
            products_missing="" if has_products else self.missing_products(end),
            anomalies_link="../downloads/anomalies.csv" if step == "day" else "",
            anomaly_note=self.t("anomaly_share_note") if self.anomalies.get(end) else "",
            keyword_links=self.kw_links,
            todo=self.action_lines(self.actions.get(end, []), 1) if step == "day" else [],
            sections=self.sections_for(step, end),
            kpi_table=self.kpi_table(
                kpis,
                base_label,
                with_previous=step != "day",
                with_last_year=step == "month" and last_year is not None,
            ),
            charts=charts_html,
            categories=no_rows or html_table(cats, self.category_cols(), searchable=False),
            categories_download=""
            if no_rows
            else self.table_downloads(cats, self.category_cols(), f"{stem}-categories", 1),
            owners=html_table(owners, self.owner_cols(), searchable=False)
            if step != "day" and not no_rows
            else "",
            owners_download=(
                self.table_downloads(owners, self.owner_cols(), f"{stem}-owners", 1)
                if step != "day" and not no_rows
                else ""
            ),
            products=no_rows
            or html_table(
                products.head(self.s.top_products), self.product_cols(False), searchable=False
            ),
            products_title=self.t("top_products", n=self.s.top_products),
            products_note="" if no_rows else self.t("all_in_download", n=len(products)),
            products_download=""
            if no_rows
            else self.table_downloads(products, self.product_cols(True), f"{stem}-products", 1),
            prev_link=f"[{names[i - 1]}]({names[i - 1]}.md)" if i > 0 else self.t("none"),
            next_link=f"[{names[i + 1]}]({names[i + 1]}.md)"
            if i + 1 < len(ends)
            else self.t("none"),
        )

    @functools.cached_property
    def rejected_rows(self) -> dict[tuple[str, dt.date], int]:
        """(granularity, period end) → rows left out of that period's current product export."""
        rp = self.data.row_problems
        if not len(rp):
            return {}
        mine = rp[(rp["kind"] == "products") & (rp["action"] == "rejected") & rp["current"]]
        counts = mine.groupby(["granularity", "period_end"])["excel_row"].nunique()
        return {(g, pd.Timestamp(e).date()): int(n) for (g, e), n in counts.items()}

    def partial_note(self, step: str, end: dt.date) -> str:
        """「部分数据：X 行被拒绝」 on a period page whose product export had rows left out."""
        n = self.rejected_rows.get((step, end), 0)
        return self.t("partial_day", n=n, link="../import-status.md#rows-left-out") if n else ""

    def draft_note(self, step: str, end: dt.date) -> str:
        """A week's page before the Tuesday after it says its numbers may still change."""
        if step != "week":
            return ""
        if week_final(end, self.data.reader_today(self.s.lag_days)):
            return ""
        return " " + self.t("week_draft", day=week_final_day(end).isoformat())

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
                    frame, m, METRICS[m].label(self.lang), label, METRICS[m].unit, current
                ),
                METRICS[m].label(self.lang),
            )
            for m in ("impressions", "inquiries")
        ]

    def start_here(
        self,
        kpis: list[dict[str, Any]],
        cats: pd.DataFrame,
        products: pd.DataFrame,
        base_label: str,
    ) -> list[str]:
        """The few sentences a reader needs first: moves beyond 'normal', the categories that
        moved most, and the products with the most inquiries."""
        items = []
        for r in kpis:
            if r["band_key"] in ("clear", "large"):
                kind = "rate" if r["unit"] == "rate" else "count"
                text = self.t(
                    "kpi_sentence",
                    metric=r["metric"],
                    value=fmt(r["value"], kind),
                    baseline=base_label,
                    judgement=r["band"],
                    change=fmt_change(r["change"]),
                )
                wd = r.get("weekday_change")
                if wd is not None and not is_missing(wd):
                    key = "kpi_weekday_normal" if abs(wd) <= self.s.change_small else "kpi_weekday"
                    text = (
                        text.rstrip("。.")
                        + self.t("sep_clause")
                        + self.t(key, change=fmt_change(wd))
                        + self.t("full_stop")
                    )
                items.append(text)
        moved = cats.dropna(subset=["impressions_change"])
        moved = moved[moved["impressions_change"].abs() > self.s.change_clear]
        for rec in (
            moved.reindex(moved["impressions_change"].abs().sort_values(ascending=False).index)
            .head(2)
            .to_dict("records")
        ):
            items.append(
                self.t(
                    "category_moves",
                    category=md_text(rec["category"]),
                    direction=self.t("up" if rec["impressions_change"] > 0 else "down"),
                    change=fmt_change(abs(rec["impressions_change"])).lstrip("+"),
                    share=fmt(rec["impressions_share"], "rate"),
                )
            )
        top = products[products["inquiries"] > 0].head(3)
        if len(top):
            names = "、".join(
                self.t(
                    "with_note",
                    text=md_text(str(r["title"])[:60]),
                    note=fmt(r["inquiries"], "count"),
                )
                for r in top.to_dict("records")
            )
            items.append(self.t("product_moves", items=names))
        return items

    def render_index(
        self, step: str, section: str, ends: list[dt.date], totals: pd.DataFrame, names: list[str]
    ) -> None:
        frame = totals.reindex(ends).copy() if ends else totals.iloc[0:0].copy()
        frame["name"] = names
        frame = frame.iloc[::-1]
        first = {"day": "date", "week": "week", "month": "month"}[step]
        link: Callable[[dict[str, Any]], str] = lambda r: f"{r['name']}.html"  # noqa: E731
        cols = [Col("name", self.t(first), "text", link=link)]
        if step == "week":
            cols.append(Col("period_start", self.label("period_start"), "date"))
        cols += [
            Col(m, METRICS[m].label(self.lang), "rate" if METRICS[m].unit == "rate" else "count")
            for m in KPIS
            if m != "tm_buyers"
        ]
        cols.append(
            Col(
                "inquiries_change",
                f"{METRICS['inquiries'].label(self.lang)} · {self.t('change')}",
                "change",
            )
        )
        dl_cols = [
            Col("period_start", "period_start", "date"),
            Col("period_end", "period_end", "date"),
            *[
                Col(
                    m, METRICS[m].label(self.lang), "rate" if METRICS[m].unit == "rate" else "count"
                )
                for m in KPIS
            ],
            *[
                Col(
                    f"{m}_base",
                    f"{METRICS[m].label(self.lang)} · {self.t('baseline')}",
                    "rate" if METRICS[m].unit == "rate" else "count",
                )
                for m in KPIS
            ],
        ]
        frame["period_end"] = list(frame.index)
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
        extra = ""
        if step == "day":
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
            in_progress=in_progress,
            table=html_table(frame, cols, searchable=False) if ends else "",
            download=self.table_downloads(frame, dl_cols, f"{section}/{section}-totals", 1),
            extra=extra,
            chart=""
            if step == "day" or not ends
            else "\n\n".join(self.period_charts(step, totals, ends, names[-1])),
        )

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

    def render_status(self) -> None:
        d = self.data
        kinds = freshness(d.kinds, d.as_of, self.s.lag_days)
        kinds["fresh"] = [
            "—"
            if b is None or pd.isna(b)
            else self.t("fresh_ok")
            if b == 0
            else self.t("fresh_late", n=int(b))
            for b in kinds["behind"]
        ]
        kinds["kind_label"] = [f"{KINDS[k].zh} ({k})" if k in KINDS else k for k in kinds["kind"]]
        kinds["gran"] = [self.t(f"gran_{g}") for g in kinds["granularity"]]
        kind_cols = [
            Col("kind_label", self.t("col_kind"), link=lambda rec: kind_link(rec["kind"])),
            Col("gran", self.t("col_granularity")),
            Col("periods", self.t("col_periods"), "count"),
            Col("first_day", self.t("col_first_day"), "date"),
            Col("last_day", self.t("col_last_day"), "date"),
            Col("expected", self.t("col_expected"), "date"),
            Col("rows", self.t("col_rows"), "count"),
            Col("fresh", self.t("col_fresh")),
        ]
        ev = d.events
        rejected = ev[ev["status"].isin(["rejected", "damaged"])]  # both need the operator
        skipped = ev[ev["status"] == "skipped"]
        file_cols = [
            Col("file_name", self.t("col_file")),
            Col("problem", self.t("col_problem")),
            # a fix that names an export or sheet links to where the inputs page explains it
            Col(
                "fix",
                self.t("col_fix"),
                link=lambda rec: (
                    kind_link(mentioned_kind(rec.get("kind"), rec.get("problem"), rec.get("fix")))
                    if mentions_an_export(rec.get("fix"))
                    else None
                ),
            ),
        ]
        log = d.log.sort_values(["period_end", "period_start", "file_name"], ascending=False)
        log = log.assign(
            period=[
                f"{fmt(a, 'date')} ~ {fmt(b, 'date')}"
                for a, b in zip(log["period_start"], log["period_end"], strict=True)
            ]
        )
        recent_cols = [
            Col("file_name", self.t("col_file")),
            Col("kind", self.t("col_kind")),
            Col("period", self.t("col_period")),
            Col("rows", self.t("col_rows"), "count"),
            Col("warnings", self.t("col_problem")),
        ]
        n_recent = 30
        rows_table, rows_more = self.row_problem_table()
        self.render(
            "import_status.md.j2",
            "import-status.md",
            title=self.t("status_title"),
            lead=self.t("status_lead", as_of=d.as_of.isoformat())
            + "\n\n"
            + self.t("status_see_inputs"),
            kinds=html_table(kinds, kind_cols),
            rejected=html_table(rejected, file_cols) if len(rejected) else "",
            skipped=html_table(skipped, file_cols) if len(skipped) else "",
            recent=html_table(log.head(n_recent), recent_cols),
            rows=rows_table,
            rows_more=self.t("status_rows_more", n=rows_more) if rows_more else "",
            recent_title=self.t("status_recent", n=min(n_recent, len(log)), total=len(log)),
        )

    def row_problem_table(self, cap: int = 100) -> tuple[str, int]:
        """The rows left out and the ids restored in the current files: row number, column,
        value, what is wrong and the fix (the first ``cap``), and how many more there are."""
        rp = self.data.row_problems
        if not len(rp):
            return "", 0
        rp = rp[rp["current"]]
        shown = rp.head(cap)
        problems = [RowProblem.of_stored(r) for r in shown.itertuples()]
        table = shown.assign(
            problem=[p.problem(self.lang) for p in problems],
            fix=[p.fix(self.lang) for p in problems],
        )
        cols = [
            Col("file_name", self.t("col_file")),
            Col("excel_row", self.t("col_row")),
            Col("header", self.t("col_column")),
            Col("value", self.t("col_value")),
            Col("problem", self.t("col_row_problem")),
            Col("fix", self.t("col_fix")),
        ]
        return (html_table(table, cols) if len(table) else ""), max(0, len(rp) - cap)

    def render_glossary(self) -> None:
        rows = [
            {
                "label": m.label(self.lang),
                "name": m.name,
                "unit": self.t(f"unit_{m.unit}"),
                "formula": m.formula(self.lang),
                "source": m.source,
            }
            for m in METRICS.values()
        ]
        cols = [
            Col("label", self.t("col_name")),
            Col("name", self.t("col_english")),
            Col("unit", self.t("col_unit")),
            Col("formula", self.t("col_formula")),
            Col("source", self.t("col_source")),
        ]
        kinds = [
            {
                "label": f"{k.zh} ({k.name})",
                "name": k.file_pattern,
                "unit": "",
                "formula": k.source,
                "source": ", ".join(c.zh for c in k.columns),
            }
            for k in KINDS.values()
        ]
        self.render(
            "glossary.md.j2",
            "glossary.md",
            title=self.t("glossary_title"),
            lead=self.t("glossary_lead"),
            time_rules=self.t("glossary_time"),
            metrics=html_table(rows, cols),
            kinds=html_table(kinds, cols),
        )


CACHE_FILE = ".opsreport-cache.json"


def render_site(settings: Settings, data: Analysis, content: Path | None = None) -> Output:
    """Every page and download as bytes. With ``content``, workbooks whose table is unchanged
    since the last build are taken from there instead of being rebuilt."""
    previous: dict[str, Any] = {}
    if content is not None and (content / CACHE_FILE).is_file():
        try:
            previous = json.loads((content / CACHE_FILE).read_text(encoding="utf-8"))
        except ValueError:
            previous = {}
    renderer = Renderer(settings, data, content, previous if isinstance(previous, dict) else {})
    out = renderer.render_all()
    out.files.update(write_workbooks(renderer.xlsx_jobs))
    return out


def _workbook(job: tuple[str, pd.DataFrame, list[Col], str]) -> tuple[str, bytes]:
    path, frame, cols, sheet = job
    return path, to_xlsx(frame, cols, sheet=sheet)


def write_workbooks(
    jobs: list[tuple[str, pd.DataFrame, list[Col], str]], parallel: bool = True
) -> dict[str, bytes]:
    """Build the XLSX downloads, on every core when there are many."""
    return dict(
        fork_map(
            lambda _, job: _workbook(job),
            None,
            jobs,
            parallel=parallel and len(jobs) >= 50,
            chunksize=16,
        )
    )


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the generator's code and templates: a page rendered by other code is stale."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    # an installed wheel holds the templates inside the package: hash them once
    for root in (package,) if package in TEMPLATES.parents else (package, TEMPLATES):
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in (".py", ".j2", ".js", ".css"):
                h.update(p.relative_to(root).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def fingerprint(*parts: Any) -> str:
    """A hash of everything a page is made of: frames by content, other parts by repr."""
    h = hashlib.sha256(code_version().encode())
    for part in parts:
        if isinstance(part, pd.DataFrame) and "file_id" in part.columns:
            # store rows are immutable per file: the files they come from identify them
            h.update(repr(sorted(int(f) for f in part["file_id"].unique())).encode())
        elif isinstance(part, pd.DataFrame):
            # the values' text: exact for numbers, and any cell (lists too) has one
            h.update(repr(list(part.columns)).encode())
            h.update(repr(part.index.tolist()).encode())
            h.update(repr(part.to_numpy().tolist()).encode())
        else:
            h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
