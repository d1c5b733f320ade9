"""The page writer every page module is given: the settings, the language and the analysis
(``r.s``, ``r.lang``, ``r.data``), the texts (``r.t``, ``r.label``), the Markdown pages and
downloads it writes (``r.render``, ``r.write_table``, ``r.table_downloads``, ``r.workbook``),
the notice of a missing input, the KPI tables and the column sets of the product tables.
Nothing here reads the clock or the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from ..analysis import Analysis
from ..analysis.day_anomalies import categoriser
from ..analysis.day_facts import DayFacts
from ..analysis.metrics.anomalies import Anomaly
from ..analysis.metrics.compare import MIN_DAYS
from ..analysis.metrics.registry import METRICS
from ..analysis.rules import Action
from ..analysis.rules.todo import cost_per_lead
from ..config import Settings
from ..foundation.formats import fmt
from ..foundation.parallel import fork_map
from ..foundation.resources import templates_dir
from ..i18n import kind_label, translate
from ..kinds import KINDS
from . import todo
from .downloads import to_csv, to_xlsx
from .kpis import KpiWriter
from .markup import Col, html_table, md_text

TEMPLATES = templates_dir()


@dataclass(frozen=True)
class OnDisk:
    """A file of the last build's, taken as it is in content/ (a reused period page's): its
    size and modification time are those the last build wrote, so its bytes are those it
    wrote. Read only when needed (the archive freezing a month); never written again."""

    content: Path  # the content folder
    rel: str  # the file's path in it (joined only when read: thousands are kept a build)
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        return self.content / self.rel

    def read(self) -> bytes:
        return self.path.read_bytes()


@dataclass
class Output:
    """Every generated file: path relative to content/ → bytes (or :class:`OnDisk`, a file
    left as the last build wrote it); ``keys`` remembers what each XLSX was made from, so an
    unchanged table's workbook is reused, not rebuilt."""

    files: dict[str, bytes | OnDisk] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    pages: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # period page → fingerprint, files, charts (title + Vega-Lite spec, in the page's order)
    # period pages rendered by this build per section (daily, weekly, monthly); the others
    # were taken unchanged from the last build
    rendered: dict[str, int] = field(default_factory=dict)

    def add(self, path: str, data: str | bytes) -> None:
        self.files[path] = data.encode("utf-8") if isinstance(data, str) else data

    def data(self, path: str) -> bytes:
        """The bytes of the file at ``path`` (read from content/ when left there)."""
        got = self.files[path]
        return got.read() if isinstance(got, OnDisk) else got


def make_env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown: untrusted text goes through the md filter or html_table
    )


class PageWriter(KpiWriter):
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
        self.categorise = categoriser(settings)  # a product's category from its title
        self.kw_links = ""

    # what the analysis found per day (analysis.daily)
    @property
    def anomalies(self) -> dict[dt.date, list[Anomaly]]:
        return self.data.day_anomalies

    @property
    def facts(self) -> dict[dt.date, DayFacts]:
        return self.data.day_facts

    @property
    def actions(self) -> dict[dt.date, list[Action]]:
        return self.data.day_actions

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

    def missing_input(self, kind: str, shows: str, depth: int = 1) -> str:
        """The one notice of a section that lacks its input: which export or sheet, where in
        the backend it comes from, what the section would show, and a link to the
        import-status page. When the store holds the kind for other dates, it says that this
        period has none (and which dates it has)."""
        k = KINDS[kind]
        values = {
            "kind": kind_label(k.name, self.lang),
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
        # the same words on every period page that lacks the file: kept out of the search
        # index (the import-status page, which says what is missing, is in it)
        return '!!! warning ""\n    ' + text + "\n    {: data-search-exclude }"

    def action_lines(self, actions: list[Action], depth: int) -> list[str]:
        """To-do lines with their stake, owner and age (render/todo.py), in the given order."""
        return [todo.line(self, a, depth) for a in actions]

    def day_cost_per_lead(self, day: dt.date) -> float | None:
        """The day's P4P spend per inquiry (the to-do order values an inquiry at it)."""
        facts = self.facts.get(day)
        spend = (facts.p4p or {}).get("spend") if facts else None
        inquiries = (
            self.data.daily["inquiries"].get(day) if "inquiries" in self.data.daily else None
        )
        return cost_per_lead(spend, None if inquiries is None or pd.isna(inquiries) else inquiries)

    # -- tables -------------------------------------------------------------------
    def comparison_label(self, row: pd.Series, side: str) -> tuple[str, str]:
        """A comparison column's header (「环比」, 「环比（日均）」 …) and the sentence saying why
        it is per day or not made (empty when two complete periods compare their totals)."""
        key = {"prev": "vs_previous", "ly": "vs_last_year"}[side]
        how = row.get(f"{side}_basis")
        mixed = self.t("compare_mixed") if row.get(f"{side}_mixed") in (True,) else ""
        if how not in ("per_day", "short"):
            return self.t(key), mixed
        days, length = row.get(f"{side}_days"), row.get(f"{side}_length")
        note = self.t(
            f"compare_{how}",
            other=self.t(f"compare_other_{side}"),
            start=fmt(row.get(f"{side}_start"), "date"),
            end=fmt(row.get(f"{side}_end"), "date"),
            days=int(days),
            length=int(length),
            n=MIN_DAYS,
        )
        return self.t(f"{key}_{how}"), " ".join(x for x in (note, mixed) if x)

    def kpi_table(
        self,
        rows: list[dict[str, Any]],
        baseline_label: str,
        with_previous: bool = False,
        with_last_year: bool = False,
        labels: tuple[str, str] = ("", ""),
    ) -> str:
        """The KPI table; ``labels``: the headers of the comparison columns (default 环比, 同比)."""
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
                Col("vs_previous", labels[0] or self.t("vs_previous"), "change"),
            ]
        if with_last_year:
            cols.append(Col("vs_last_year", labels[1] or self.t("vs_last_year"), "change"))
        return html_table(formatted, cols, searchable=False)

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


# what a page module is given (pages.Renderer is a PageWriter with the site's own pages)
Renderer = PageWriter


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
