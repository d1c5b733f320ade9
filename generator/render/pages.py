"""The site's pages: Jinja2 templates in ``site_templates/`` render the Markdown of every
page, and the tables behind them are written as downloads. :class:`Renderer` is the page
writer (writer.py) with the site's pages: home.py, the period pages (daily.py, index.py,
period_page.py, periods.py, weekly.py, monthly.py), the keyword pages, import status,
inputs, build status and the glossary. It formats what :func:`~generator.analysis.analyse`
found; nothing here reads the clock or the store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..analysis.keywords import STATUSES
from ..config import Settings
from .build_status import render_build_status
from .downloads import to_csv
from .glossary import render_glossary
from .home import HomePage
from .import_status import render_status
from .inputs import render_inputs
from .keywords import render_keyword_pages, status_link, workbook_job
from .periods import PeriodPages, code_version, fingerprint
from .writer import TEMPLATES, Output, make_env, write_workbooks

__all__ = [
    "CACHE_FILE",
    "TEMPLATES",
    "Output",
    "Renderer",
    "code_version",
    "fingerprint",
    "make_env",
    "render_site",
    "write_workbooks",
]

CACHE_FILE = ".opsreport-cache.json"


class Renderer(HomePage, PeriodPages):
    def render_all(self) -> Output:
        d = self.data
        self.kw_links = self.keyword_links(1)
        days = [day for day in d.daily.dropna(subset=["impressions"]).index if day <= d.as_of]
        weeks = [w for w in d.weekly.index if w <= d.as_of]
        months = [m for m in d.monthly.index if m <= d.as_of]
        self.render_home(days)
        # a daily page for every day with products, and for every day whose other data
        # (inquiries, P4P, channels, countries) has something to show: its actions link there
        page_days = sorted({*days, *[day for day, f in self.facts.items() if f.has_sections]})
        self.render_sections(
            [
                ("day", page_days, d.daily, d.day_rows),
                ("week", weeks, d.weekly, d.week_rows),
                ("month", months, d.monthly, d.month_rows),
            ]
        )
        self.render_keywords()
        render_status(self)
        render_inputs(self)
        render_build_status(self)
        render_glossary(self)
        return self.out

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
