"""The weekly analysis (the weekly routine): against peers, traffic mix, regions
(weekly_store.py), P4P strategy (weekly_p4p.py), 实力优品, keyword coverage and rank, showcase
(weekly_products.py). Pure functions on DataFrames; this module gathers them.

Every function takes a period (``start``, ``end``, both inclusive) and never assumes 7 days,
so the monthly review calls the same functions with a month. Sheets dated row by row
(overview, P4P account, regions, traffic sources) are cut by their date column; reports that
cover a span (P4P keyword/campaign/product reports, traffic keywords) count when their
``period_end`` falls in the period; snapshots (growth scores, rank checks, showcase) are taken
as the latest on or before a given day.
"""

from __future__ import annotations

from .weekly_p4p import (
    campaign_checks,
    cpc_drivers,
    cpc_trend,
    ctr_diagnosis,
    p4p_keyword_table,
    p4p_product_table,
    p4p_totals,
)
from .weekly_products import (
    keyword_vs_top10,
    publishing_plan,
    rank_summary,
    rising_products,
    score_changes,
    showcase_summary,
    star_candidates,
    uncovered_keywords,
)
from .weekly_store import (
    PEER_METRICS,
    REGIONAL_LEVEL,
    SUBJECT_AVG,
    SUBJECT_BEST,
    SUBJECT_MINE,
    dated_in,
    latest_on_or_before,
    peer_histories,
    peer_history,
    peer_table,
    region_table,
    regional_allowed,
    report_days,
    reports_in,
    traffic_mix,
)

__all__ = [
    "PEER_METRICS",
    "REGIONAL_LEVEL",
    "SUBJECT_AVG",
    "SUBJECT_BEST",
    "SUBJECT_MINE",
    "campaign_checks",
    "cpc_drivers",
    "cpc_trend",
    "ctr_diagnosis",
    "dated_in",
    "keyword_vs_top10",
    "latest_on_or_before",
    "p4p_keyword_table",
    "p4p_product_table",
    "p4p_totals",
    "peer_histories",
    "peer_history",
    "peer_table",
    "publishing_plan",
    "rank_summary",
    "region_table",
    "regional_allowed",
    "report_days",
    "reports_in",
    "rising_products",
    "score_changes",
    "showcase_summary",
    "star_candidates",
    "traffic_mix",
    "uncovered_keywords",
]
