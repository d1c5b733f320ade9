"""The weekly page's P4P strategy section (and the monthly review's, at month scale): the
account's period, the words with their diagnosis, the products, the CTR diagnosis, the CPC
trend and drivers, the campaigns."""

from __future__ import annotations

import pandas as pd

from ..foundation.formats import fmt
from .charts import _records, _with_data
from .markup import Col, chart_block, html_table
from .weekly_parts import Page, _download, _join, _lines_template, _missing, _sep


def p4p(p: Page) -> str:
    """P4P strategy."""
    return _join(
        _lead(p),
        *_words(p),
        *_products(p),
        *_diagnosis(p),
        *_cpc(p),
        *_campaigns(p),
    )


def _lead(p: Page) -> str:
    r, now, period = p.r, p.f.p4p_now or {}, p.period
    if not now:
        return _missing(r, "p4p_account", "wk_what_p4p_account")
    return r.t(
        "wk_p4p_lead",
        period=period,
        period_cap=period[:1].upper() + period[1:],
        spend=fmt(now["spend"], "yuan"),
        clicks=fmt(now["clicks"], "count"),
        ctr=fmt(now["ctr"], "rate"),
        cpc=fmt(now["cpc"], "yuan"),
        hours=fmt(now["promo_hours"], "hours"),
        use=fmt(now["budget_use"], "rate"),
    )


def _words(p: Page) -> list[str]:
    """The flagged words first, then ten more; every word in the download."""
    r, words = p.r, p.f.p4p_words
    if words.empty:
        return [_missing(r, "p4p_keywords", "wk_what_p4p_keywords")]
    word_cols = [
        Col("keyword", "keyword"),
        Col("impressions", "impressions", "count"),
        Col("clicks", "clicks", "count"),
        Col("ctr", "ctr", "rate"),
        Col("spend", "spend", "yuan"),
        Col("cpc", "cpc", "yuan"),
        Col("inquiries", "inquiries", "count"),
        Col("diagnosis", "diagnosis"),
    ]
    word_labels = [
        Col("keyword", r.t("dim_keyword")),
        Col("impressions", r.t("p4p_impressions"), "count"),
        Col("clicks", r.t("p4p_clicks"), "count"),
        Col("ctr", r.t("p4p_ctr"), "rate"),
        Col("spend", r.t("p4p_spend"), "yuan"),
        Col("cpc", r.t("p4p_cpc"), "yuan"),
        Col("inquiries", r.t("inq_count"), "count"),
        Col("diagnosis_label", r.t("wk_diagnosis")),
    ]
    shown = words.assign(
        diagnosis_label=[
            _sep(r).join(r.t(f"wk_diag_{c}") for c in str(v).split(";") if c)
            for v in words["diagnosis"]
        ]
    )
    flagged = shown[shown["diagnosis"] != ""]
    top = pd.concat([flagged, shown[shown["diagnosis"] == ""].head(10)]).head(20)
    covers = words.attrs.get("covers")
    span = (
        [r.t("wk_report_covers", start=covers[0], end=covers[1], days=covers[2])] if covers else []
    )
    return [
        f"**{r.t('wk_p4p_words', n=len(top), total=len(words))}**",
        *span,
        html_table(top, word_labels, searchable=False),
        _download(r, p.name, "p4p-keywords", words, word_cols, p.f.latest, p.scale.section),
    ]


def _products(p: Page) -> list[str]:
    r, prods = p.r, p.f.p4p_products
    if not len(prods):
        return [_missing(r, "p4p_products", "wk_what_p4p_products")]
    return [
        f"**{r.t('wk_p4p_products')}**",
        html_table(
            prods.head(15),
            [
                Col("product_id", r.label("product_id")),
                Col("title", r.label("title")),
                Col("impressions", r.t("p4p_impressions"), "count"),
                Col("clicks", r.t("p4p_clicks"), "count"),
                Col("ctr", r.t("p4p_ctr"), "rate"),
                Col("spend", r.t("p4p_spend"), "yuan"),
                Col("inquiries", r.t("inq_count"), "count"),
                Col("no_inquiry", r.t("wk_diag_no_inquiry"), "flag"),
            ],
            searchable=False,
        ),
    ]


def _diagnosis(p: Page) -> list[str]:
    r, diag = p.r, p.f.diagnosis
    if not len(diag):
        return []
    diag = diag.assign(
        type_label=[r.t(f"wk_subject_{x}") for x in diag["subject_type"]],
        diagnosis_label=[r.t(f"wk_blame_{x}") for x in diag["diagnosis"]],
    )
    return [
        f"**{r.t('wk_ctr_diagnosis')}**",
        r.t("wk_ctr_note", ratio=fmt(p.s.weekly_low_ctr_ratio, "rate")),
        html_table(
            diag,
            [
                Col("type_label", r.t("wk_subject")),
                Col("subject", r.t("col_subject")),
                Col("impressions", r.t("p4p_impressions"), "count"),
                Col("ctr", r.t("p4p_ctr"), "rate"),
                Col("reference", r.t("wk_reference"), "rate"),
                Col("diagnosis_label", r.t("wk_diagnosis")),
            ],
            searchable=False,
        ),
    ]


def _cpc(p: Page) -> list[str]:
    """The CPC over the last periods (a chart) and the words paying over the average."""
    r, scale = p.r, p.scale
    trend, drivers = p.f.cpc_trend, p.f.cpc_drivers
    out: list[str] = []
    if len(trend) > 1:
        out.append(
            r.t(
                "wk_cpc_trend",
                first=fmt(trend["cpc"].iloc[0], "yuan"),
                last=fmt(trend["cpc"].iloc[-1], "yuan"),
                n=len(trend),
            )
        )
        frame = pd.DataFrame(
            {
                "week": [scale.name(e) for e in trend["period_end"]],
                "subject": r.t("p4p_cpc"),
                "value": trend["cpc"].to_numpy(),
            }
        )
        label = r.t("p4p_cpc")
        template = _lines_template(label, r.t(scale.step), r.t("wk_subject"), "yuan", r.lang)
        out.append(chart_block(_with_data(template, _records(frame)), label))
    if len(drivers):
        out += [
            f"**{r.t('wk_cpc_drivers')}**",
            html_table(
                drivers,
                [
                    Col("keyword", r.t("dim_keyword")),
                    Col("clicks", r.t("p4p_clicks"), "count"),
                    Col("cpc", r.t("p4p_cpc"), "yuan"),
                    Col("excess", r.t("wk_excess"), "yuan"),
                ],
                searchable=False,
            ),
        ]
    return out


def _campaigns(p: Page) -> list[str]:
    r, camps = p.r, p.f.campaigns
    if not len(camps):
        return []
    return [
        f"**{r.t('wk_campaigns')}**",
        html_table(
            camps,
            [
                Col("campaign", r.t("wk_campaign")),
                Col("hours_per_day", r.t("wk_hours_per_day"), "hours"),
                Col("budget", r.t("wk_budget"), "yuan"),
                Col("budget_use", r.t("p4p_budget_use"), "rate"),
                Col("spend", r.t("p4p_spend"), "yuan"),
                Col("inquiries", r.t("inq_count"), "count"),
            ],
            searchable=False,
        ),
    ]
