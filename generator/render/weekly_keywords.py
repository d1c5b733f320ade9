"""The weekly page's keywords section (and the monthly review's, at month scale): my words
against the Top10, the publishing plan of uncovered words (the latest week), rank checks."""

from __future__ import annotations

from ..foundation.formats import fmt
from .markup import Col, html_table
from .weekly_parts import Page, _download, _join, _missing, _shown


def keywords(p: Page) -> str:
    """Keywords: against the Top10, the publishing plan, rank checks."""
    return _join(_top10(p), *_plan(p), *_ranks(p))


def _top10(p: Page) -> str:
    r, top10 = p.r, p.f.top10
    if not len(top10):
        return _missing(r, "traffic_keywords", "wk_what_top10")
    return _join(
        f"**{r.t('wk_vs_top10', n=min(20, len(top10)), total=len(top10))}**",
        html_table(
            top10.head(20),
            [
                Col("keyword", r.t("dim_keyword")),
                Col("impressions", r.t("wk_my_impressions"), "count"),
                Col("top10_impressions", r.t("wk_top10_impressions"), "count"),
                Col("impressions_vs_top10", r.t("wk_vs_top10_share"), "rate"),
                Col("clicks", r.t("wk_my_clicks"), "count"),
                Col("top10_clicks", r.t("wk_top10_clicks"), "count"),
                Col("clicks_vs_top10", r.t("wk_vs_top10_share"), "rate"),
            ],
            searchable=False,
        ),
    )


def _plan(p: Page) -> list[str]:
    """The latest week's plan; other periods link to the list of weeks, whose first is the
    latest (a link to the latest week itself would change every earlier page each week)."""
    r, plan = p.r, p.f.uncovered
    if plan is None:
        return [r.t("wk_uncovered_latest")]
    # the download's headers as the page's (they were the columns' code names)
    unc_cols = [
        Col("keyword", r.t("dim_keyword")),
        Col("peer_top10_impressions", r.t("wk_top10_impressions"), "count"),
        Col("my_impressions", r.t("wk_my_impressions"), "count"),
        Col("covering_products", r.t("kw_xlsx_covering_products"), "count"),
        Col("suggested_day", r.t("wk_suggested_day"), "date"),
    ]
    out = [f"**{r.t('wk_uncovered', n=len(plan), per_day=p.s.publish_per_day)}**"]
    if len(plan):
        out.append(_shown(r, 20, len(plan)))
        out.append(
            html_table(
                plan.head(20).assign(
                    planned_label=[r.t("wk_planned") if x else "" for x in plan["planned"].head(20)]
                ),
                [
                    Col("keyword", r.t("dim_keyword")),
                    Col("peer_top10_impressions", r.t("wk_top10_impressions"), "count"),
                    Col("my_impressions", r.t("wk_my_impressions"), "count"),
                    Col("suggested_day", r.t("wk_suggested_day"), "date"),
                    Col("planned_label", r.t("wk_in_plan")),
                ],
                searchable=False,
            )
        )
    else:
        out.append(r.t("wk_none"))
    out.append(_download(r, p.name, "uncovered-keywords", plan, unc_cols, True))
    return out


def _ranks(p: Page) -> list[str]:
    r, ranks, info = p.r, p.f.ranks, p.f.rank_info
    if not info:
        return [_missing(r, "keyword_ranks", "wk_what_ranks")]
    lead = r.t(
        "wk_rank_lead",
        day=info["date"].isoformat(),
        words=info["words"],
        page1=info["page1"],
        share=fmt(info["share"], "rate"),
        target=fmt(info["target"], "rate"),
        double=info["double"],
    )
    # the words to work on first: not on page 1, the best-ranked of them first
    ordered = ranks.sort_values(
        ["page1", "organic_page", "organic_position", "keyword"],
        ascending=[True, True, True, True],
        na_position="last",
    )
    rank_cols = [
        Col("keyword", r.t("dim_keyword")),
        Col("organic_page", r.t("wk_organic_page"), "count"),
        Col("organic_position", r.t("wk_position"), "count"),
        Col("p4p_page", r.t("wk_p4p_page"), "count"),
        Col("p4p_position", r.t("wk_p4p_position"), "count"),
        Col("page1", r.t("wk_page1"), "flag"),
        Col("double_exposure", r.t("wk_double"), "flag"),
    ]
    return [
        lead,
        _shown(r, 30, len(ordered)),
        html_table(ordered.head(30), rank_cols, searchable=False),
        r.table_downloads(ordered, rank_cols, f"{p.scale.section}/{p.name}-keyword-ranks", 1),
    ]
