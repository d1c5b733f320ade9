"""The weekly report's rules (issue 6). Their findings are collected from the week's facts
by generator/render/weekly.py (``findings``) for now; every threshold is a setting. Actions
link to the anchors of the weekly page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .base import RULES, Action, Finding, Rule, to_actions

_LISTED = (
    Rule(
        "peer_gap",
        "week",
        "store",
    ),
    Rule(
        "imprecise_regions",
        "week",
        "country",
        ("weekly_imprecise_min_clicks",),
    ),
    Rule(
        "traffic_mix",
        "week",
        "store",
        (
            "traffic_mix_scene",
            "traffic_mix_paid",
            "traffic_mix_natural",
            "traffic_mix_tolerance",
        ),
    ),
    Rule(
        "abnormal_words",
        "week",
        "p4p",
        ("keyword_broad_max_ctr", "keyword_broad_min_impressions"),
    ),
    Rule(
        "spend_no_inquiry",
        "week",
        "p4p",
    ),
    Rule(
        "ctr_word",
        "week",
        "p4p",
        ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
    ),
    Rule(
        "ctr_both",
        "week",
        "p4p",
        ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
    ),
    Rule(
        "ctr_product",
        "week",
        "p4p",
        ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
    ),
    Rule(
        "campaign_hours",
        "week",
        "p4p",
        ("p4p_min_hours",),
    ),
    Rule(
        "campaign_hours_budget",
        "week",
        "p4p",
        ("p4p_min_hours", "p4p_min_budget_use"),
    ),
    Rule(
        "campaign_budget",
        "week",
        "p4p",
        ("p4p_min_budget_use",),
    ),
    Rule(
        "score_fell",
        "week",
        "products",
    ),
    Rule(
        "star_push",
        "week",
        "products",
        ("star_band_low", "star_target"),
    ),
    Rule(
        "uncovered_words",
        "week",
        "keywords",
        ("publish_per_day",),
    ),
    Rule(
        "page1_share",
        "week",
        "keywords",
        ("page1_target",),
    ),
    Rule(
        "rising_product",
        "week",
        "showcase",
        ("change_large",),
    ),
    Rule(
        "showcase_inquiries",
        "week",
        "showcase",
        ("showcase_inquiry_target",),
    ),
    Rule(
        "showcase_stars",
        "week",
        "showcase",
        ("showcase_star_target",),
    ),
)
RULES.update((r.name, r) for r in _LISTED)
WEEKLY_RULES = {r.name: r for r in _LISTED}


def weekly_actions(end: dt.date, page: str, facts: dict[str, Any], lang: str) -> list[Action]:
    """The action items of one weekly page (``page``: its path from the site root) from the
    findings collected from its facts: (rule, subject, anchor, values) tuples in order."""
    found = [
        Finding(r, subject, anchor, values)
        for r, subject, anchor, values in facts.get("findings", [])
    ]
    return to_actions(end, page, found, lang)
