"""The weekly page's sections (and the monthly review's, at month scale) besides P4P and
keywords: against peers, the traffic mix, regions, 实力优品, the showcase. Each formats what
the weekly analysis found (generator/analysis/weekly.py); weekly.py puts its finding and its
to-do items above it and folds it (render/fold.py)."""

from __future__ import annotations

from ..analysis.metrics.compare import MIN_DAYS
from ..analysis.metrics.registry import METRICS
from ..analysis.metrics.weekly import REGIONAL_LEVEL, regional_allowed
from ..analysis.weekly import HISTORY_WEEKS
from ..foundation.formats import fmt
from ..foundation.values import records
from .markup import Col, html_table, md_text
from .weekly_parts import (
    Page,
    _download,
    _gap_chart,
    _join,
    _label,
    _missing,
    _mix_chart,
    _shown,
)


def peers(p: Page) -> str:
    """Against peers: the overview metrics, P4P CTR/CPC and the showcase count against the period before and the peers, with the gap chart."""
    r, f, scale, name = p.r, p.f, p.scale, p.name
    peers = f.peers.assign(label=[_label(r, m) for m in f.peers["metric"]])
    kind = {"ta_amount_usd": "usd"}
    peer_rows = [
        {
            "label": rec["label"],
            "mine": fmt(rec["mine"], kind.get(rec["metric"], "count")),
            "previous": fmt(rec["previous"], kind.get(rec["metric"], "count")),
            "change": rec["change"],
            "peer_avg": fmt(rec["peer_avg"], kind.get(rec["metric"], "count")),
            "gap_avg": rec["gap_avg"],
            "peer_best": fmt(rec["peer_best"], kind.get(rec["metric"], "count")),
            "gap_best": rec["gap_best"],
        }
        for rec in records(peers)
    ]
    now, prev = f.p4p_now or {}, f.p4p_prev or {}
    own = [
        (r.t("wk_p4p_ctr"), now.get("ctr"), prev.get("ctr"), "rate"),
        (r.t("wk_p4p_cpc"), now.get("cpc"), prev.get("cpc"), "yuan"),
        (r.t("wk_showcase_products"), f.showcase_count, f.showcase_count_prev, "count"),
    ]
    for label, v, before, k in own:
        if v is None:
            continue
        peer_rows.append(
            {
                "label": label,
                "mine": fmt(v, k),
                "previous": fmt(before, k),
                "change": (v / before - 1) if before else None,
                "peer_avg": "—",
                "gap_avg": None,
                "peer_best": "—",
                "gap_best": None,
            }
        )
    how, note = _peer_basis(p)
    peer_cols = [
        Col("label", r.t("metric")),
        Col("mine", r.t(scale.this())),
        Col("previous", r.t(scale.last())),
        Col("change", r.t(f"change_{how}") if how else r.t("change"), "change"),
        Col("peer_avg", r.t("wk_peer_avg")),
        Col("gap_avg", r.t("wk_gap_avg"), "change"),
        Col("peer_best", r.t("wk_peer_best")),
        Col("gap_best", r.t("wk_gap_best"), "change"),
    ]
    return _join(
        _missing(r, "store_overview", "wk_what_peers") if f.peers.empty else "",
        note,
        html_table(peer_rows, peer_cols, searchable=False) if peer_rows else "",
        f"**{r.t(scale.gap_chart(), n=HISTORY_WEEKS)}**" if len(f.peer_history) else "",
        _gap_chart(r, f.peer_history, name, scale),
    )


def _peer_basis(p: Page) -> tuple[str, str]:
    """How the peer table's change compares ('' for totals, 'per_day', 'short') and the
    sentence saying why (the analysis decided: metrics/compare.py)."""
    r, peers = p.r, p.f.peers
    how = next((b for b in peers.get("basis", []) if b in ("per_day", "short")), "")
    if not how:
        return "", ""
    rec = peers[peers["basis"] == how].iloc[0]
    note = r.t(
        f"compare_{how}",
        other=r.t(p.scale.last()),
        start=fmt(rec["prev_start"], "date"),
        end=fmt(rec["prev_end"], "date"),
        days=int(rec["prev_days"]),
        length=int(rec["prev_length"]),
        n=MIN_DAYS,
    )
    return how, note


def mix(p: Page) -> str:
    """The traffic mix: the store's channel groups beside the platform-wide reference (no
    to-do item comes of a gap to it)."""
    r, f = p.r, p.f
    mix = f.mix
    if not len(mix):
        return _missing(r, "traffic_sources", "wk_what_mix")
    mix_rows = mix.assign(group_label=[r.t(f"wk_group_{g}") for g in mix["group"]])
    return _join(
        r.t("wk_mix_note"),
        html_table(
            mix_rows,
            [
                Col("group_label", r.t("wk_group")),
                Col("visitors", r.t("ch_visitors"), "count"),
                Col("share", r.t("wk_share"), "rate"),
                Col("reference", r.t("wk_target"), "rate"),
            ],
            searchable=False,
        ),
        _mix_chart(r, mix),
    )


# the regions note by whether the store's P4P growth level allows regional promotion
_REGIONS_NOTE = {
    True: "wk_regions_note",
    False: "wk_regions_note_low",
    None: "wk_regions_note_unknown",
}


def regions(p: Page) -> str:
    """Regions: clicks without inquiries."""
    r, f, s, period = p.r, p.f, p.s, p.period
    reg = f.regions
    if len(reg):
        reg = reg.assign(
            verdict_label=[r.t(f"wk_verdict_{v}") if v else "" for v in reg["verdict"]]
        )
        return _join(
            r.t(
                _REGIONS_NOTE[regional_allowed(f.growth_level)],
                n=s.weekly_imprecise_min_clicks,
                period=period,
                need=REGIONAL_LEVEL,
                level=md_text(f.growth_level),
            ),
            html_table(
                reg.head(20),
                [
                    Col("country", r.t("dim_country")),
                    Col("search_impressions", METRICS["impressions"].label(r.lang), "count"),
                    Col("search_clicks", METRICS["clicks"].label(r.lang), "count"),
                    Col("visitors", METRICS["visitors"].label(r.lang), "count"),
                    Col("inquiry_buyers", r.t("inq_buyers"), "count"),
                    Col("inquiries_per_click", r.t("wk_per_click"), "rate"),
                    Col("verdict_label", r.t("wk_verdict")),
                ],
                searchable=False,
            ),
        )
    else:
        return _missing(r, "regions", "wk_what_regions")


def stars(p: Page) -> str:
    """实力优品: fallen scores and the candidates just under the target."""
    r, f, s, scale, name, miss = p.r, p.f, p.s, p.scale, p.name, p.missing
    star_cols = [
        Col("product_id", "product_id"),
        Col("title", "title"),
        Col("score", "score", "number"),
        Col("gap", "gap", "number"),
        Col("visitors", "visitors", "count"),
    ]
    if miss["product_scores"] or f.score_date is None:
        return _missing(r, "product_scores", "wk_what_stars")
    else:
        fell = f.score_fell
        fell_cols = [
            Col("product_id", r.label("product_id")),
            Col("title", r.label("title")),
            Col("score_prev", r.t("wk_score_prev"), "number"),
            Col("score", r.t("wk_score"), "number"),
            Col("score_change", r.t("change"), "number"),
            Col("info_quality_prev", r.t("wk_quality_prev"), "number"),
            Col("info_quality", r.t("wk_quality"), "number"),
            Col("tier_prev", r.t("wk_tier_prev")),
            Col("tier", r.t("wk_tier")),
        ]
        parts = [r.t("wk_scores_of", day=str(f.score_date or "—"))]
        if len(fell):
            parts += [
                f"**{r.t('wk_score_fell')}**",
                _shown(r, 10, len(fell)),
                html_table(fell.head(10), fell_cols, searchable=False),
                r.table_downloads(fell, fell_cols, f"{scale.section}/{name}-score-fell", 1),
            ]
        else:
            parts.append(r.t("wk_score_fell_none"))
        stars = f.stars
        parts.append(
            f"**{r.t('wk_star_band', low=f'{s.star_band_low:g}', high=f'{s.star_target - 1:g}', target=f'{s.star_target:g}')}**"
        )
        parts.append(_shown(r, 20, len(stars)))
        parts.append(
            html_table(
                stars.head(20),
                [
                    Col("product_id", r.label("product_id")),
                    Col("title", r.label("title")),
                    Col("score", r.t("wk_score"), "number"),
                    Col("gap", r.t("wk_gap_to", target=f"{s.star_target:g}"), "number"),
                    Col("visitors", METRICS["visitors"].label(r.lang), "count"),
                ],
                searchable=False,
            )
            if len(stars)
            else r.t("wk_none")
        )
        parts.append(
            _download(r, name, "star-candidates", stars, star_cols, f.latest, scale.section)
        )
        return _join(*parts)


def showcase(p: Page) -> str:
    """The showcase: its shares, weakest products and candidates, rising products."""
    r, f, s, scale, period = p.r, p.f, p.s, p.scale, p.period
    sc = f.showcase
    rising = f.rising
    rising_parts = [
        f"**{r.t('wk_rising')}**" if len(rising) else "",
        html_table(
            rising,
            [
                Col("product_id", r.label("product_id")),
                Col("title", r.label("title")),
                Col("impressions_prev", r.t(scale.last()), "count"),
                Col("impressions", r.t(scale.this()), "count"),
                Col("impressions_change", r.t("change"), "change"),
                Col("in_p4p", r.t("wk_in_p4p"), "flag"),
            ],
            searchable=False,
        )
        if len(rising)
        else "",
    ]
    if sc:
        product_cols = [
            Col("product_id", r.label("product_id")),
            Col("title", r.label("title")),
            Col("impressions", METRICS["impressions"].label(r.lang), "count"),
            Col("inquiries", METRICS["inquiries"].label(r.lang), "count"),
            Col("score", r.t("wk_score"), "number"),
        ]
        return _join(
            r.t(
                "wk_showcase_lead",
                period=period,
                slots=sc["slots"],
                share=fmt(sc["inquiry_share"], "rate"),
                target=fmt(s.showcase_inquiry_target, "rate"),
                stars=sc["stars"],
                star_share=fmt(sc["star_share"], "rate"),
                star_target=fmt(s.showcase_star_target, "rate"),
            ),
            f"**{r.t('wk_showcase_weakest')}**",
            html_table(sc["weakest"], product_cols, searchable=False)
            if len(sc["weakest"])
            else r.t("wk_none"),
            r.t("wk_showcase_kept", ids=md_text(r.t("sep_list").join(sc["kept"])))
            if sc.get("kept")
            else "",
            f"**{r.t('wk_showcase_candidates')}**",
            html_table(sc["candidates"], product_cols, searchable=False)
            if len(sc["candidates"])
            else r.t("wk_none"),
            *rising_parts,
        )
    else:
        return _join(_missing(r, "showcase", "wk_what_showcase"), *rising_parts)
