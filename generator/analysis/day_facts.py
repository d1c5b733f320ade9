"""One day's facts, as the daily rules (:mod:`.rules.daily`) and the daily page read them:
its anomalies (as short texts for the to-do), its inquiries, P4P, channels and countries.
Computed by :mod:`.daily`; a test builds one by hand in a line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .unreplied import OwnerWait


@dataclass(frozen=True)
class AnomalyFact:
    """An incident as the to-do says it (or a day without a product export: ``missing``)."""

    metric: str
    missing: bool = False
    label: str = ""  # the metric's name in the site's language
    direction_text: str = ""  # 上升 / rose …
    change_text: str = ""  # 35%
    cause_short: str = ""  # the cause chain (funnel step → category … → product), or —
    # an incident's (analysis/metrics/incidents.py): who it is about (店铺, 类目 X, 产品 …),
    # the main entity's other metrics that moved, 「（第 N 天，自 … 起）」 from day 2 on
    entity: str = ""
    also: str = ""
    since: str = ""
    incident_id: str = ""
    start: dt.date | None = None
    day_n: int = 1
    stake: float | None = None  # leads (or impressions) lost or gained vs the baseline
    stake_unit: str | None = None  # leads | impressions
    owner: str | None = None  # a product incident's owner


@dataclass
class DayFacts:
    """What one day had; a part without data is None (or empty)."""

    day: dt.date
    anomalies: list[AnomalyFact] = field(default_factory=list)
    # analyse_day's result (count, quality, owners, rows …) plus the inquiring buyers' visit
    # paths (paths)
    inquiries: dict[str, Any] | None = None
    # per owner, the inquiries (of any day) still unreplied past reply_within_hours when the
    # day's page is read (analysis/unreplied.py)
    unreplied: list[OwnerWait] = field(default_factory=list)
    # p4p_day's result (impressions … promo_hours, budget_use, week): the day's account only
    p4p: dict[str, Any] | None = None
    channels: pd.DataFrame | None = None  # per channel: visitors, inquiry buyers, changes
    countries: pd.DataFrame | None = None  # per country: search impressions, clicks …
    # (country, change, language) of language-site countries that rose
    language_countries: list[tuple[str, float, str]] = field(default_factory=list)
    # per daily section without data: "covered" (the kind's files cover the day: it had
    # none) or "missing" (no file covers it)
    section_inputs: dict[str, str] = field(default_factory=dict)
    # days with product data among the few weeks before: said when the day has no band yet
    history_days: int = 0

    @property
    def has_sections(self) -> bool:
        """Whether the day has inquiries, P4P, channels or countries to show (then it has a
        daily page even without a product export)."""
        return any(v is not None for v in (self.inquiries, self.p4p, self.channels, self.countries))
