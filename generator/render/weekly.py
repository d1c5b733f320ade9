"""The weekly report's page (the weekly routine): the analysis's facts
(generator/analysis/weekly.py, judged by generator/analysis/rules/weekly.py) rendered as
Markdown sections for site_templates/weekly.md.j2. Wired into pages.py only through
``Renderer.sections_for`` and ``Renderer.fingerprint_parts_for``.

The monthly review shows the same analysis at month scale (``MONTH``): the month against the
one before, snapshots as of its review day (the 3rd of the next month), its own downloads.
The sections are in weekly_sections.py, weekly_p4p.py and weekly_keywords.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.rules import Action
from ..analysis.rules.todo import cost_per_lead
from ..analysis.weekly import (
    HISTORY_WEEKS,
    MONTH,
    SECTIONS,
    WEEK,
    Scale,
    WeekFacts,
)
from . import findings, fold, todo
from .weekly_keywords import keywords
from .weekly_p4p import p4p
from .weekly_parts import Page, _actions, _label, _sep
from .weekly_sections import mix, peers, regions, showcase, stars

if TYPE_CHECKING:
    from .writer import Renderer

__all__ = [
    "HISTORY_WEEKS",
    "MONTH",
    "SECTIONS",
    "WEEK",
    "Scale",
    "_label",
    "_sep",
    "fingerprint_parts",
    "todo_digest",
    "weekly_facts",
    "weekly_sections",
]

RENDER: dict[str, Callable[[Page], str]] = {
    "peers": peers,
    "mix": mix,
    "regions": regions,
    "p4p": p4p,
    "stars": stars,
    "keywords": keywords,
    "showcase": showcase,
}


def weekly_facts(r: Renderer, end: dt.date, scale: Scale = WEEK) -> WeekFacts:
    """The weekly analysis of the week (or, with ``MONTH``, the month) ending ``end``, as the
    analysis stage computed it (``Analysis.weeks`` / ``Analysis.month_scale``)."""
    return (r.data.weeks if scale.step == "week" else r.data.month_scale)[end]


def fingerprint_parts(
    r: Renderer,
    end: dt.date,
    scale: Scale = WEEK,
    keys: Mapping[tuple[str, dt.date], str] | None = None,
) -> list[Any]:
    """What the page shows of the period's facts, for its reuse fingerprint: the key they
    were kept or computed for when ``keys`` has it (analysis/memo.py: equal keys, equal
    facts; their to-do items are not in the fingerprint: they are made from the findings),
    else the facts themselves."""
    scope = f"facts:{scale.step}"
    key = (keys or {}).get((scope, end))
    if key is not None:
        return [scope, key]
    return weekly_facts(r, end, scale).fingerprint_parts()


def todo_digest(r: Renderer, f: WeekFacts, actions: list[Action]) -> str:
    """The to-do list at the top: every item of the period ranked by what is at stake (P4P
    spend per inquiry of the period values an inquiry), the first ``todo_max_weekly`` shown,
    the rest folded below them (every section also ends with its own items)."""
    spend = (f.p4p_now or {}).get("spend")
    totals = r.data.weekly if f.step == "week" else r.data.monthly
    inq = totals["inquiries"].get(f.end) if "inquiries" in totals else None
    cpl = cost_per_lead(spend, None if inq is None or pd.isna(inq) else inq)
    limit = r.s.todo_max_weekly if f.step == "week" else r.s.todo_max_monthly
    return todo.block(r, actions, 1, limit, cpl)


def weekly_sections(r: Renderer, end: dt.date, scale: Scale = WEEK) -> dict[str, str]:
    """The weekly page's sections (Markdown), each its one-line finding, its action items and
    its tables and charts folded (render/fold.py), and ``todo`` (every action item of the
    week); with ``MONTH``, the same for a month, for the monthly page."""
    page = Page(r, weekly_facts(r, end, scale), scale)
    out = {"todo": todo_digest(r, page.f, page.actions)}
    for key in SECTIONS:
        line = findings.WEEKLY[key](page)
        out[key] = fold.section(r, line, _actions(r, page.actions, key), RENDER[key](page))
    return out
