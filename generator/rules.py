"""The playbook's heuristics as data: each rule has a name, a scope, the settings it reads and
its message in both languages; :func:`daily_actions` turns one day's facts into action items.

Thresholds come from the settings (config.py), never from this file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .config import Settings

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
    zh: str
    en: str
    settings: tuple[str, ...] = ()


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "missing_data",
            "data",
            "{day} 没有产品分析数据：请在后台导出 Products-{day}.xls 放进 exports/。",
            "No product analysis for {day}: export Products-{day}.xls from the backend into exports/.",
        ),
        Rule(
            "anomaly",
            "store",
            "{metric}{direction} {change}，主要原因：{cause}。查看明细并处理。",
            "{metric} {direction} {change}; mostly: {cause}. Check the detail and act.",
            ("anomaly_k", "anomaly_weeks", "anomaly_min_change"),
        ),
        Rule(
            "unreplied_inquiries",
            "inquiries",
            "{owner} 有 {n} 条询盘超过 {hours} 小时未回复，请立即回复。",
            "{owner} has {n} inquiries unreplied for over {hours} h: reply now.",
            ("reply_within_hours",),
        ),
        Rule(
            "slow_replies",
            "inquiries",
            "平均回复时长 {value} 小时，超过目标 {target} 小时。",
            "Average reply time is {value} h, over the {target} h target.",
            ("reply_target_hours",),
        ),
        Rule(
            "low_quality_inquiries",
            "inquiries",
            "{n} 条重复或模板询盘，不算新商机；优质询盘（L1+）占 {share}。",
            "{n} duplicate or template inquiries are not new leads; quality (L1+) share {share}.",
            ("duplicate_window_days",),
        ),
        Rule(
            "p4p_hours",
            "p4p",
            "直通车推广时长 {value} 小时，低于 {target} 小时：检查预算和出价，让推广覆盖全天。",
            "P4P ran {value} h, under {target} h: check budget and bids so ads run all day.",
            ("p4p_min_hours",),
        ),
        Rule(
            "p4p_budget",
            "p4p",
            "直通车预算使用率 {value}，低于 {target}：预算没花出去，提高出价或增加推广词。",
            "P4P used {value} of its budget, under {target}: raise bids or add words so it is spent.",
            ("p4p_min_budget_use",),
        ),
        Rule(
            "p4p_waste_words",
            "p4p",
            "关键词「{subject}」花费 {spend} 元，没有点击或询盘：暂停或降低出价。",
            "Keyword “{subject}” spent ¥{spend} without clicks or inquiries: pause it or lower its bid.",
        ),
        Rule(
            "language_site",
            "country",
            "来自 {subject} 的曝光上升 {change}：发布 {language} 多语言产品。",
            "Impressions from {subject} rose {change}: publish {language} multi-language products.",
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
    r = RULES[rule]
    return (r.zh if lang == "zh" else r.en).format(**values)


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
# Facts come from generator/weekly_pages.py (computed by generator/metrics/weekly.py); every
# threshold is a setting. Actions link to the anchors of the weekly page.
WEEKLY_RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "peer_gap",
            "store",
            "{metric} 比同行平均低 {gap}：对照同行优秀找差距（产品数量、关键词覆盖、直通车）。",
            "{metric} is {gap} below the peer average: compare with the best peers (products, keyword coverage, P4P).",
        ),
        Rule(
            "imprecise_regions",
            "country",
            "{n} 个国家有点击没询盘（{subject}）：考虑从地域推广中去掉。",
            "{n} countries get clicks without inquiries ({subject}): consider cutting them from regional P4P.",
            ("weekly_imprecise_min_clicks",),
        ),
        Rule(
            "traffic_mix",
            "store",
            "{group}流量占 {share}，参考 {target}：调整渠道投入。",
            "{group} brings {share} of visitors against a reference of {target}: rebalance the channels.",
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
            "直通车异常词「{subject}」：曝光 {impressions}、点击率 {ctr}——大词没有点击，改精准匹配或降价。",
            "Abnormal P4P word “{subject}”: {impressions} impressions, CTR {ctr}: a broad word without clicks; narrow the match or lower the bid.",
            ("keyword_broad_max_ctr", "keyword_broad_min_impressions"),
        ),
        Rule(
            "spend_no_inquiry",
            "p4p",
            "直通车词「{subject}」{period}花费 {spend} 元没有询盘：暂停或降价。",
            "P4P word “{subject}” spent ¥{spend} {period} without an inquiry: pause it or lower its bid.",
        ),
        Rule(
            "ctr_word",
            "p4p",
            "「{subject}」点击率 {ctr}，远低于推广词整体的 {reference}：问题在词（大词或不精准），换词或改匹配方式。",
            "“{subject}” has a CTR of {ctr}, far below all words’ {reference}: the word is at fault (broad or off-target); change it or its match.",
            ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
        ),
        Rule(
            "ctr_both",
            "p4p",
            "「{subject}」点击率 {ctr}，远低于推广词整体的 {reference}，和它搭配的词/产品也都偏低：换更精准的词，同时优化主图和标题。",
            "“{subject}” has a CTR of {ctr}, far below all words’ {reference}, and so do the words/products it goes with: narrow the words and improve the image and title.",
            ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
        ),
        Rule(
            "ctr_product",
            "p4p",
            "产品 {subject} 点击率 {ctr}，远低于推广词整体的 {reference}：问题在产品，优化主图和标题。",
            "Product {subject} has a CTR of {ctr}, far below all words’ {reference}: the product is at fault; improve its main image and title.",
            ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions"),
        ),
        Rule(
            "campaign_hours",
            "p4p",
            "推广计划「{subject}」日均推广 {value} 小时，低于 {target} 小时：提高预算或降低出价。",
            "Campaign “{subject}” runs {value} h a day, under {target} h: raise its budget or lower its bids.",
            ("p4p_min_hours",),
        ),
        Rule(
            "campaign_hours_budget",
            "p4p",
            "推广计划「{subject}」日均只推广 {hours} 小时，预算却只用了 {use}：不是预算不够，检查推广时段设置和出价（出价太低时全天都拿不到展示）。",
            "Campaign “{subject}” runs only {hours} h a day yet uses only {use} of its budget: not the budget; check its time settings and bids (bids too low win no impressions all day).",
            ("p4p_min_hours", "p4p_min_budget_use"),
        ),
        Rule(
            "campaign_budget",
            "p4p",
            "推广计划「{subject}」预算使用率 {value}，低于 {target}：加词或提高出价。",
            "Campaign “{subject}” uses {value} of its budget, under {target}: add words or raise bids.",
            ("p4p_min_budget_use",),
        ),
        Rule(
            "score_fell",
            "products",
            "产品 {subject} 成长分从 {before} 降到 {now}{cause}：检查资料并修复。",
            "Product {subject}'s growth score fell from {before} to {now}{cause}: check and repair its listing.",
        ),
        Rule(
            "star_push",
            "products",
            "{n} 个产品在 {low}–{high} 分，差一点到 {target} 分（实力优品）：优先优化 {subject}。",
            "{n} products score {low}–{high}, just short of {target} (实力优品): start with {subject}.",
            ("star_band_low", "star_target"),
        ),
        Rule(
            "uncovered_words",
            "keywords",
            "{n} 个同行有曝光的词没有产品覆盖：按发布计划每天发 {per_day} 个新品（下载表格）。",
            "{n} words peers get impressions on have no product of mine: publish {per_day} new products a day as planned (download).",
            ("publish_per_day",),
        ),
        Rule(
            "page1_share",
            "keywords",
            "首页词占比 {share}，低于目标 {target}：优化排名靠后的主词。",
            "Page-1 share of tracked words is {share}, under the {target} target: work on the words ranked low.",
            ("page1_target",),
        ),
        Rule(
            "rising_product",
            "showcase",
            "产品 {subject} 搜索曝光上升（{before} → {now}）：加入橱窗和直通车。",
            "Product {subject}'s search impressions rise ({before} → {now}): add it to the showcase and P4P.",
            ("change_large",),
        ),
        Rule(
            "showcase_inquiries",
            "showcase",
            "橱窗产品询盘占比 {share}，低于 {target}：替换最弱的橱窗产品。",
            "Showcase products bring {share} of inquiries, under {target}: swap out the weakest.",
            ("showcase_inquiry_target",),
        ),
        Rule(
            "showcase_stars",
            "showcase",
            "橱窗中实力优品占比 {share}，低于 {target}：换入实力优品。",
            "实力优品 make up {share} of the showcase, under {target}: swap 实力优品 in.",
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
