"""The daily routine's rules (issue 4): each a function of one day's facts (a
:class:`~generator.analysis.day_facts.DayFacts`: anomalies, inquiries, P4P, countries) and
the settings. Actions link to the anchors of the daily page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...config import Settings
from ...foundation.formats import fmt
from ..day_facts import DayFacts
from .base import Action, Finding, actions, positive, rule

# the countries whose language the platform serves with a language site (the daily routine's countries)
LANGUAGE_SITES = {
    "Spain": "es",
    "Mexico": "es",
    "Colombia": "es",
    "Chile": "es",
    "Peru": "es",
    "Argentina": "es",
    "Brazil": "pt",
    "Portugal": "pt",
    "France": "fr",
    "Russia": "ru",
    "Saudi Arabia": "ar",
    "United Arab Emirates": "ar",
    "Egypt": "ar",
    "Germany": "de",
    "Italy": "it",
    "Japan": "ja",
    "South Korea": "ko",
    "Korea": "ko",
    "Turkey": "tr",
    "Vietnam": "vi",
    "Thailand": "th",
    "Indonesia": "id",
    "Netherlands": "nl",
    "Israel": "he",
    "Poland": "pl",
    "西班牙": "es",
    "墨西哥": "es",
    "巴西": "pt",
    "葡萄牙": "pt",
    "法国": "fr",
    "俄罗斯": "ru",
    "沙特阿拉伯": "ar",
    "阿联酋": "ar",
    "德国": "de",
    "意大利": "it",
    "日本": "ja",
    "韩国": "ko",
    "土耳其": "tr",
    "越南": "vi",
    "泰国": "th",
    "印度尼西亚": "id",
    "荷兰": "nl",
    "以色列": "he",
    "波兰": "pl",
}


@rule("missing_data", "day", "data")
def missing_data(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    for a in facts.anomalies:
        if a.missing:
            yield Finding(
                "missing_data",
                "products",
                values={"day": facts.day.isoformat()},
                link="import-status.md",
            )


@rule(
    "anomaly",
    "day",
    "store",
    (
        "anomaly_k",
        "anomaly_weeks",
        "anomaly_min_change",
        "anomaly_top_products",
        "anomaly_min_baseline",
    ),
)
def anomaly(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    """One item per incident (not per metric), 「第 N 天」 while it lasts, with its cause chain."""
    for a in facts.anomalies:
        if not a.missing:
            yield Finding(
                "anomaly",
                a.incident_id or a.metric,
                "anomalies",
                {
                    "entity": a.entity,
                    "metric": a.label,
                    "direction": a.direction_text,
                    "change": a.change_text,
                    "also": a.also,
                    "since": a.since,
                    "cause": a.cause_short,
                    "day_n": a.day_n,
                    # a product's own drop has no further cause to name
                    "variant": "" if a.cause_short not in ("", "—") else "_plain",
                },
                stake=a.stake,
                stake_unit=a.stake_unit,
                owner=a.owner,
            )


def _inquiries(facts: DayFacts) -> dict[str, Any]:
    inq = facts.inquiries
    return inq if inq and inq.get("count") else {}


# the live list of unreplied inquiries on the home page (analysis/unreplied.py)
UNREPLIED_LINK = "index.md#unreplied"


@rule("unreplied_inquiries", "day", "inquiries", ("reply_within_hours",))
def unreplied_inquiries(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    """One item per owner with inquiries (of any day) unreplied past reply_within_hours when
    the day's page is read: how many, and how long the oldest has waited."""
    for w in facts.unreplied:
        yield Finding(
            "unreplied_inquiries",
            w.owner,
            values={
                "owner": w.owner,
                "n": w.n,
                "hours": s.reply_within_hours,
                # whole hours waited, as the home page's list says them
                "oldest": fmt(int(w.oldest_hours), "count"),
            },
            link=UNREPLIED_LINK,
            stake=float(w.n),
            stake_unit="open_leads",  # waiting now, not per day
            owner=w.owner,
        )


@rule("slow_replies", "day", "inquiries", ("reply_target_hours",))
def slow_replies(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    avg = _inquiries(facts).get("avg_reply_hours")
    if avg is not None and avg > s.reply_target_hours:
        yield Finding(
            "slow_replies",
            "reply_time",
            "inquiries",
            {"value": fmt(avg, "hours"), "target": s.reply_target_hours},
            stake=positive(_inquiries(facts).get("count")),
            stake_unit="leads",
        )


@rule("low_quality_inquiries", "day", "inquiries", ("duplicate_window_days",))
def low_quality_inquiries(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    inq = _inquiries(facts)
    low = inq.get("duplicates", 0) + inq.get("templates", 0)
    if low:
        yield Finding(
            "low_quality_inquiries",
            "inquiries",
            "inquiries",
            {"n": low, "share": fmt(inq.get("quality_share", 0), "rate")},
        )


@rule("p4p_hours", "day", "p4p", ("p4p_min_hours",))
def p4p_hours(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    hours = (facts.p4p or {}).get("promo_hours")
    if hours is not None and hours < s.p4p_min_hours:
        yield Finding(
            "p4p_hours",
            "promo_hours",
            "p4p",
            {"value": fmt(hours, "hours"), "target": s.p4p_min_hours},
        )  # short hours have no money of their own to show (the budget item has it)


@rule("p4p_budget", "day", "p4p", ("p4p_min_budget_use",))
def p4p_budget(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    use = (facts.p4p or {}).get("budget_use")
    if use is not None and use < s.p4p_min_budget_use:
        p4p = facts.p4p or {}
        budget, spend = p4p.get("budget"), p4p.get("spend")
        left = budget - spend if budget is not None and spend is not None else None
        yield Finding(
            "p4p_budget",
            "budget_use",
            "p4p",
            {"value": fmt(use, "rate"), "target": fmt(s.p4p_min_budget_use, "rate")},
            stake=positive(left),  # the day's budget left unspent
            stake_unit="unspent_yuan" if positive(left) is not None else None,
        )


@rule("language_site", "day", "country", ("country_rise",))
def language_site(facts: DayFacts, s: Settings) -> Iterator[Finding]:
    for country, change, language in facts.language_countries:
        yield Finding(
            "language_site",
            country,
            "countries",
            {"subject": country, "change": f"{change:+.0%}", "language": language},
        )


def daily_actions(facts: DayFacts, settings: Settings) -> list[Action]:
    """The action items of one day from its facts (anomalies, inquiries, P4P, countries)."""
    day = facts.day
    return actions(day, "day", f"daily/{day.isoformat()}.md", facts, settings)
