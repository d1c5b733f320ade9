"""The weekly report's rules (issue 6): each a check of one period's
:class:`~generator.analysis.week_facts.WeekFacts` — a week, or a month at month scale (the
monthly review's weekly analysis uses the same rules) — and the settings. Actions link to
the anchors of the period's page; the rules are registered in the order of the page's
sections (the to-do list keeps it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...config import Settings
from ...foundation.formats import fmt, fmt_change
from ...foundation.values import records
from ...i18n import translate
from ...kinds import KINDS
from ..metrics.weekly_store import regional_allowed
from .base import RULES, Finding, Rule, positive, product_label, rule

if TYPE_CHECKING:
    from ..week_facts import WeekFacts


def _t(s: Settings, key: str, **values: Any) -> str:
    return translate(key, s.language, **values)


def _sep(s: Settings) -> str:
    return _t(s, "sep_list")


def overview_label(metric: str, lang: str) -> str:
    """A store-overview metric's name as the backend's header says it (its English alias)."""
    col = KINDS["store_overview"].column(metric)
    return col.zh if lang == "zh" else col.aliases[0]


def _known(v: Any) -> bool:
    return v is not None and not pd.isna(v)


def _yuan(stake: float | None) -> str | None:
    return "yuan" if stake is not None else None


def _unspent(rec: Any) -> dict[str, Any]:
    """The stake of an item about budget use: the budget left unspent over the period (元),
    spend ÷ use − spend. Short hours alone have no money of their own to show: no stake."""
    spend, use = positive(rec.get("spend")), rec.get("budget_use")
    left = positive(spend / use - spend) if spend and use else None
    return {"stake": left, "stake_unit": "unspent_yuan" if left is not None else None}


def _spent(rec: Any) -> dict[str, Any]:
    """The stake of an item about P4P money: the period's spend (元) of its word, campaign or
    account, when it spent any."""
    stake = positive(rec.get("spend"))
    return {"stake": stake, "stake_unit": _yuan(stake)}


@rule("peer_gap", "week", "store", ("change_clear",))
def peer_gap(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """An overview metric further below the peers' average than ``change_clear``."""
    for rec in records(f.peers):
        gap = rec["gap_avg"]
        if _known(gap) and gap < -s.change_clear:
            metric = rec["metric"]
            values = {
                "metric": overview_label(metric, s.language),
                "gap": fmt_change(abs(gap)).lstrip("+"),
            }
            yield Finding("peer_gap", metric, "peers", values)


@rule("imprecise_regions", "week", "country", ("weekly_imprecise_min_clicks",))
def imprecise_regions(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """Countries with clicks and no inquiry (one item for the first five), only for a store
    whose P4P growth level allows regional promotion (L4): below it there is nothing to cut,
    and with the level unknown the regions note says the advice applies from L4 on."""
    bad = f.regions[f.regions["verdict"] == "imprecise"]
    if len(bad) and regional_allowed(f.growth_level):
        names = _sep(s).join(str(c) for c in bad["country"].head(5))
        yield Finding("imprecise_regions", names, "regions", {"n": len(bad), "subject": names})


@rule(
    "abnormal_words",
    "week",
    "p4p",
    ("keyword_broad_max_ctr", "keyword_broad_min_impressions"),
)
def abnormal_words(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """P4P words shown a lot and hardly clicked (the first five)."""
    words = f.p4p_words
    for rec in records(words[words["abnormal"]].head(5)) if len(words) else []:
        values = {
            "subject": rec["keyword"],
            "impressions": fmt(rec["impressions"], "count"),
            "ctr": fmt(rec["ctr"], "rate"),
        }
        yield Finding("abnormal_words", rec["keyword"], "p4p", values, **_spent(rec))


@rule("spend_no_inquiry", "week", "p4p", ("keyword_waste_max_chance", "weekly_waste_max_items"))
def spend_no_inquiry(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """P4P words the keyword library would pause (:func:`waste_verdicts`: spent without a click,
    or with enough clicks or spend and no inquiry), most spend first, at most
    ``weekly_waste_max_items``; the rest as one item with their count and spend."""
    words = f.p4p_words
    if not len(words) or "waste" not in words:
        return
    hits = words[words["waste"] != ""].sort_values(["spend", "keyword"], ascending=[False, True])
    period = _t(s, f"wk_period_{f.step}")
    rate = words.attrs.get("rate")
    for rec in records(hits.head(s.weekly_waste_max_items)):
        values = {
            "subject": rec["keyword"],
            "spend": fmt(rec["spend"], "yuan"),
            "clicks": fmt(rec["clicks"], "count"),
            "rate": fmt(rate, "rate"),
            "chance": fmt(rec["zero_chance"], "rate"),
            "period": period,
        }
        name = "spend_no_clicks" if rec["waste"] == "no_clicks" else "spend_no_inquiry"
        yield Finding(name, rec["keyword"], "p4p", values, **_spent(rec))
    rest = hits.iloc[s.weekly_waste_max_items :]
    if len(rest):
        values = {"n": len(rest), "spend": fmt(rest["spend"].sum(), "yuan"), "variant": "_more"}
        yield Finding("spend_no_inquiry", "", "p4p", values, **_spent(rest.sum(numeric_only=True)))


_CTR = ("weekly_low_ctr_ratio", "weekly_ctr_min_impressions")


@rule("ctr_word", "week", "p4p", _CTR)
def low_ctr(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """A low CTR, blamed on the word (``ctr_word``), the product (``ctr_product``) or both
    (``ctr_both``): one verdict per subject, the diagnosis's first six in its order."""
    for rec in records(f.diagnosis.head(6)):
        name = {"word": "ctr_word", "product": "ctr_product"}.get(rec["diagnosis"], "ctr_both")
        values: dict[str, Any] = {
            "subject": rec["subject"],
            "ctr": fmt(rec["ctr"], "rate"),
            "reference": fmt(rec["reference"], "rate"),
        }
        on_product = rec.get("subject_type") == "product"
        if on_product:  # a product is named by its title and ID, its message says 「产品 …」
            values["product"] = product_label(rec["subject"], f.titles, s.language)
            values["variant"] = "" if name == "ctr_product" else "_of_product"
        elif name == "ctr_product":  # a word whose products are all low: the products' fault
            values["variant"] = "_of_word"
        stake = positive(rec.get("impressions"))
        unit = "impressions" if stake is not None else None
        owner = f.owners.get(str(rec["subject"])) if on_product else None
        yield Finding(
            name, rec["subject"], "p4p", values, stake=stake, stake_unit=unit, owner=owner
        )


def _week_rule(name: str, scope: str, settings: tuple[str, ...], check: Any) -> None:
    """A daily rule (its message and scope) judged on the period's facts too: registered as
    ``<name>@week``."""
    RULES[f"{name}@week"] = Rule(name, "week", scope, settings, check)


def p4p_hours(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """The account promoted fewer hours a day than ``p4p_min_hours`` over the period."""
    now = f.p4p_now
    if now and now["promo_hours"] is not None and now["promo_hours"] < s.p4p_min_hours:
        values = {"value": fmt(now["promo_hours"], "hours"), "target": f"{s.p4p_min_hours:g}"}
        yield Finding("p4p_hours", "promo_hours", "p4p", values)


def p4p_budget(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """The account used less of its budget than ``p4p_min_budget_use`` over the period."""
    now = f.p4p_now
    if now and now["budget_use"] is not None and now["budget_use"] < s.p4p_min_budget_use:
        values = {
            "value": fmt(now["budget_use"], "rate"),
            "target": fmt(s.p4p_min_budget_use, "rate"),
        }
        yield Finding("p4p_budget", "budget_use", "p4p", values, **_unspent(now))


_week_rule("p4p_hours", "p4p", ("p4p_min_hours",), p4p_hours)
_week_rule("p4p_budget", "p4p", ("p4p_min_budget_use",), p4p_budget)


@rule("campaign_hours_budget", "week", "p4p", ("p4p_min_hours", "p4p_min_budget_use"))
def campaigns(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """A campaign short on hours (``campaign_hours``), on budget use (``campaign_budget``),
    or on both (``campaign_hours_budget``: short hours with budget left is not the budget —
    that advice would contradict the budget-use one — but the bids or the time settings):
    one item per campaign, in the campaigns' order."""
    hours_target, use_target = f"{s.p4p_min_hours:g}", fmt(s.p4p_min_budget_use, "rate")
    for rec in records(f.campaigns):
        name, low_hours, low_budget = rec["campaign"], rec["low_hours"], rec["low_budget"]
        hours = fmt(rec["hours_per_day"], "hours") if low_hours else ""
        use = fmt(rec["budget_use"], "rate") if low_budget else ""
        if low_hours and low_budget:
            values = {"subject": name, "hours": hours, "use": use}
            yield Finding("campaign_hours_budget", name, "p4p", values, **_unspent(rec))
        elif low_hours:
            values = {"subject": name, "value": hours, "target": hours_target}
            yield Finding("campaign_hours", name, "p4p", values)
        elif low_budget:
            values = {"subject": name, "value": use, "target": use_target}
            yield Finding("campaign_budget", name, "p4p", values, **_unspent(rec))


@rule("score_fell", "week", "products")
def score_fell(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """A product whose growth score fell (the first five), with the quality score when it
    fell too."""
    for rec in records(f.score_fell.head(5)):
        cause = ""
        q: Any = rec.get("info_quality")
        qp: Any = rec.get("info_quality_prev")
        if _known(q) and _known(qp) and q < qp:
            cause = _t(s, "wk_fell_quality", before=f"{qp:g}", now=f"{q:g}")
        values = {
            "product": product_label(rec["product_id"], f.titles, s.language),
            "before": f"{rec['score_prev']:g}",
            "now": f"{rec['score']:g}",
            "cause": cause,
        }
        owner = f.owners.get(str(rec["product_id"]))
        yield Finding("score_fell", rec["product_id"], "stars", values, owner=owner)


@rule("star_push", "week", "products", ("star_band_low", "star_target"))
def star_push(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """Products just under the 实力优品 score."""
    if len(f.stars):
        values = {
            "n": len(f.stars),
            "low": f"{s.star_band_low:g}",
            "high": f"{s.star_target - 1:g}",
            "target": f"{s.star_target:g}",
            "products": _sep(s).join(
                product_label(p, f.titles, s.language) for p in f.stars["product_id"].head(3)
            ),
        }
        yield Finding("star_push", "star_candidates", "stars", values)


@rule("uncovered_words", "week", "keywords", ("publish_per_day",))
def uncovered_words(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """Peer words none of my products covers (the latest week's publishing plan)."""
    if f.uncovered is not None and len(f.uncovered):
        values = {"n": len(f.uncovered), "per_day": s.publish_per_day}
        # the impressions the Top10 peers' average gets on these words, none of them mine
        peer = f.uncovered.get("peer_top10_impressions")
        stake = positive(pd.to_numeric(peer, errors="coerce").sum()) if peer is not None else None
        unit = "impressions" if stake is not None else None
        yield Finding(
            "uncovered_words", "uncovered", "keywords", values, stake=stake, stake_unit=unit
        )


@rule("page1_share", "week", "keywords", ("page1_target",))
def page1_share(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """Fewer checked words on page 1 than ``page1_target``."""
    info = f.rank_info
    if info and info["share"] is not None and info["share"] < s.page1_target:
        values = {"share": fmt(info["share"], "rate"), "target": fmt(s.page1_target, "rate")}
        yield Finding("page1_share", "page1", "keywords", values)


@rule("rising_product", "week", "showcase", ("change_large",))
def rising_product(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """Products outside the showcase whose impressions rose (the first three): two weeks
    running at weekly scale. One already in P4P is told what is left (the showcase)."""
    for rec in records(f.rising.head(3)):
        steps = [rec.get("impressions_prev2"), rec["impressions_prev"], rec["impressions"]]
        trend = " → ".join(fmt(v, "count") for v in steps if v is not None and pd.notna(v))
        values = {
            "product": product_label(rec["product_id"], f.titles, s.language),
            "trend": trend,
            "variant": "_in_p4p" if rec.get("in_p4p") else "",
        }
        owner = f.owners.get(str(rec["product_id"]))
        yield Finding("rising_product", rec["product_id"], "showcase", values, owner=owner)


def _showcase_share(
    name: str, sc: dict[str, Any], share: Any, target: float, f: WeekFacts, s: Settings
) -> Iterator[Finding]:
    """With nothing to swap out (the only showcase product, or only the store's #1 by
    exposure besides products already kept), the advice is to add products, not to swap."""
    if share is not None and share < target:
        values = {"share": fmt(share, "rate"), "target": fmt(target, "rate")}
        weakest = sc.get("weakest")
        if weakest is not None and not len(weakest):
            kept = [product_label(p, f.titles, s.language) for p in sc.get("kept", [])]
            values |= {"kept": _sep(s).join(kept), "variant": "_add"}
        yield Finding(name, "showcase", "showcase", values)


@rule("showcase_inquiries", "week", "showcase", ("showcase_inquiry_target",))
def showcase_inquiries(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """The showcase products' share of inquiries under its target."""
    if f.showcase:
        share = f.showcase["inquiry_share"]
        target = s.showcase_inquiry_target
        yield from _showcase_share("showcase_inquiries", f.showcase, share, target, f, s)


@rule("showcase_stars", "week", "showcase", ("showcase_star_target",))
def showcase_stars(f: WeekFacts, s: Settings) -> Iterator[Finding]:
    """The share of 实力优品 among the showcase products under its target."""
    if f.showcase:
        share = f.showcase["star_share"]
        target = s.showcase_star_target
        yield from _showcase_share("showcase_stars", f.showcase, share, target, f, s)


# found by the checks of ctr_word and campaign_hours_budget (one verdict per subject)
for _listed in (
    Rule("ctr_both", "week", "p4p", _CTR),
    Rule("ctr_product", "week", "p4p", _CTR),
    Rule("campaign_hours", "week", "p4p", ("p4p_min_hours",)),
    Rule("campaign_budget", "week", "p4p", ("p4p_min_budget_use",)),
):
    RULES[_listed.name] = _listed
