"""The playbook's heuristics as data: each rule has a name, a scope, the settings it reads and
its message (a key of the one catalog, ``todo_<name>``); :func:`daily_actions` turns one day's facts into action items.

Thresholds come from the settings (config.py), never from this file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..i18n import translate

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


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # store | inquiries | p4p | country | data
    settings: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Its message's key in the catalog (generator/i18n.py)."""
        return f"todo_{self.name}"


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "missing_data",
            "data",
        ),
        Rule(
            "anomaly",
            "store",
            ("anomaly_k", "anomaly_weeks", "anomaly_min_change"),
        ),
        Rule(
            "unreplied_inquiries",
            "inquiries",
            ("reply_within_hours",),
        ),
        Rule(
            "slow_replies",
            "inquiries",
            ("reply_target_hours",),
        ),
        Rule(
            "low_quality_inquiries",
            "inquiries",
            ("duplicate_window_days",),
        ),
        Rule(
            "p4p_hours",
            "p4p",
            ("p4p_min_hours",),
        ),
        Rule(
            "p4p_budget",
            "p4p",
            ("p4p_min_budget_use",),
        ),
        Rule(
            "p4p_waste_words",
            "p4p",
        ),
        Rule(
            "language_site",
            "country",
            ("country_rise",),
        ),
    )
}


@dataclass(frozen=True)
class Action:
    date: dt.date
    scope: str
    rule: str
    subject: str
    message: str
    link: str = (
        ""  # the evidence on the site, relative to the site root (e.g. daily/2026-11-21.html#…)
    )


def message(rule: str, lang: str, **values: Any) -> str:
    return translate(RULES[rule].key, lang, **values)


def daily_actions(day: dt.date, facts: dict[str, Any], settings: Settings) -> list[Action]:
    """The action items of one day from its facts (anomalies, inquiries, P4P, countries)."""
    lang = settings.language
    page = f"daily/{day.isoformat()}.md"
    out: list[Action] = []

    def add(rule: str, about: str, anchor: str, **values: Any) -> None:
        out.append(
            Action(
                day,
                RULES[rule].scope,
                rule,
                about,
                message(rule, lang, **values),
                f"{page}#{anchor}",
            )
        )

    for a in facts.get("anomalies", []):
        if a.get("missing"):
            out.append(
                Action(
                    day,
                    "data",
                    "missing_data",
                    "products",
                    message("missing_data", lang, day=day.isoformat()),
                    "import-status.md",
                )
            )
            continue
        add(
            "anomaly",
            a["metric"],
            facts.get("anomaly_anchor", "anomalies"),
            metric=a["label"],
            direction=a["direction_text"],
            change=a["change_text"],
            cause=a["cause_short"],
        )
    inq = facts.get("inquiries")
    if inq and inq.get("count"):
        for owner, n in inq.get("unreplied_by_owner", []):
            add(
                "unreplied_inquiries",
                owner,
                "inquiries",
                owner=owner,
                n=n,
                hours=settings.reply_within_hours,
            )
        avg = inq.get("avg_reply_hours")
        if avg is not None and avg > settings.reply_target_hours:
            add(
                "slow_replies",
                "reply_time",
                "inquiries",
                value=f"{avg:.1f}",
                target=settings.reply_target_hours,
            )
        low = inq.get("duplicates", 0) + inq.get("templates", 0)
        if low:
            add(
                "low_quality_inquiries",
                "inquiries",
                "inquiries",
                n=low,
                share=f"{inq.get('quality_share', 0):.0%}",
            )
    p4p = facts.get("p4p")
    if p4p:
        hours = p4p.get("promo_hours")
        if hours is not None and hours < settings.p4p_min_hours:
            add(
                "p4p_hours",
                "promo_hours",
                "p4p",
                value=f"{hours:.1f}",
                target=settings.p4p_min_hours,
            )
        use = p4p.get("budget_use")
        if use is not None and use < settings.p4p_min_budget_use:
            add(
                "p4p_budget",
                "budget_use",
                "p4p",
                value=f"{use:.0%}",
                target=f"{settings.p4p_min_budget_use:.0%}",
            )
        for word, spend in p4p.get("waste_words", [])[:5]:
            add("p4p_waste_words", word, "p4p", subject=word, spend=f"{spend:.2f}")
    for country, change, language in facts.get("language_countries", []):
        add(
            "language_site",
            country,
            "countries",
            subject=country,
            change=f"{change:+.0%}",
            language=language,
        )
    return out


# -- weekly report rules (issue 6) ------------------------------------------------------------
# Facts come from generator/render/weekly.py (computed by generator/analysis/metrics/weekly.py); every
# threshold is a setting. Actions link to the anchors of the weekly page.
WEEKLY_RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "peer_gap",
            "store",
        ),
        Rule(
            "imprecise_regions",
            "country",
            ("weekly_imprecise_min_clicks",),
        ),
        Rule(
            "traffic_mix",
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
            "p4p",
            ("keyword_broad_max_ctr", "keyword_broad_min_impressions"),
        ),
        Rule(
            "spend_no_inquiry",
            "p4p",
        ),
        Rule(
            "ctr_word",
            "p4p",
            ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
        ),
        Rule(
            "ctr_both",
            "p4p",
            ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
        ),
        Rule(
            "ctr_product",
            "p4p",
            ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
        ),
        Rule(
            "campaign_hours",
            "p4p",
            ("p4p_min_hours",),
        ),
        Rule(
            "campaign_hours_budget",
            "p4p",
            ("p4p_min_hours", "p4p_min_budget_use"),
        ),
        Rule(
            "campaign_budget",
            "p4p",
            ("p4p_min_budget_use",),
        ),
        Rule(
            "score_fell",
            "products",
        ),
        Rule(
            "star_push",
            "products",
            ("star_band_low", "star_target"),
        ),
        Rule(
            "uncovered_words",
            "keywords",
            ("publish_per_day",),
        ),
        Rule(
            "page1_share",
            "keywords",
            ("page1_target",),
        ),
        Rule(
            "rising_product",
            "showcase",
            ("change_large",),
        ),
        Rule(
            "showcase_inquiries",
            "showcase",
            ("showcase_inquiry_target",),
        ),
        Rule(
            "showcase_stars",
            "showcase",
            ("showcase_star_target",),
        ),
    )
}
RULES.update(WEEKLY_RULES)


def weekly_actions(end: dt.date, page: str, facts: dict[str, Any], lang: str) -> list[Action]:
    """The action items of one weekly page (``page``: its path from the site root) from the
    findings weekly_pages.py collected: (rule, subject, anchor, values) tuples in order."""
    return [
        Action(
            end,
            RULES[rule].scope,
            rule,
            subject,
            message(rule, lang, **values),
            f"{page}#{anchor}",
        )
        for rule, subject, anchor, values in facts.get("findings", [])
    ]
