"""Each weekly and monthly section's one-line finding (issue 16, summary first): said from the
facts the section already shows — counts of its rows, its totals, its largest row — not a new
analysis. '' where the section has nothing to say (its input is missing: the section is then
the short notice saying so)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..foundation.formats import fmt, fmt_change
from .markup import md_text

if TYPE_CHECKING:
    from ..analysis.monthly import Review
    from .weekly_parts import Page
    from .writer import Renderer


def _n(frame: Any) -> int:
    return 0 if frame is None else len(frame)


def _num(value: Any) -> float:
    v = pd.to_numeric(value, errors="coerce")
    return 0.0 if pd.isna(v) else float(v)


# -- the weekly sections (also the monthly review's weekly analysis at month scale) -------------
def peers(p: Page) -> str:
    rows = p.f.peers
    if rows.empty:
        return ""
    gaps = pd.to_numeric(rows["gap_avg"], errors="coerce")
    return p.r.t("fd_peers", n=len(rows), below=int((gaps < 0).sum()))


def mix(p: Page) -> str:
    m = p.f.mix
    if not len(m):
        return ""
    top = m.sort_values("share", ascending=False).iloc[0]
    ref = top.get("reference")
    return p.r.t(
        "fd_mix",
        group=p.r.t(f"wk_group_{top['group']}"),
        share=fmt(top["share"], "rate"),
        reference=fmt(ref, "rate") if ref is not None and not pd.isna(ref) else "—",
    )


def regions(p: Page) -> str:
    reg = p.f.regions
    if not len(reg):
        return ""
    bad = int((reg["verdict"] == "imprecise").sum())
    good = int((reg["verdict"] == "converts").sum())
    return p.r.t("fd_regions", n=len(reg), bad=bad, good=good)


def p4p(p: Page) -> str:
    now = p.f.p4p_now
    if not now:
        return ""
    words = p.f.p4p_words
    inquiries = _num(words["inquiries"].sum()) if len(words) and "inquiries" in words else None
    flagged = int((words["diagnosis"] != "").sum()) if len(words) else 0
    return p.r.t(
        "fd_p4p",
        period=p.period,
        spend=fmt(now["spend"], "yuan"),
        inquiries=fmt(inquiries, "count") if inquiries is not None else "—",
        words=flagged,
    )


def stars(p: Page) -> str:
    if p.missing["product_scores"] or p.f.score_date is None:
        return ""
    return p.r.t(
        "fd_stars", fell=_n(p.f.score_fell), near=_n(p.f.stars), target=f"{p.s.star_target:g}"
    )


def keywords(p: Page) -> str:
    r, f = p.r, p.f
    parts = []
    if f.rank_info:
        info = f.rank_info
        parts.append(
            r.t(
                "fd_keywords_ranks",
                page1=info["page1"],
                words=info["words"],
                share=fmt(info["share"], "rate"),
                target=fmt(info["target"], "rate"),
            )
        )
    if len(f.top10):
        parts.append(r.t("fd_keywords_top10", n=len(f.top10)))
    if f.uncovered is not None:
        parts.append(r.t("fd_keywords_plan", n=len(f.uncovered)))
    return r.t("sep_clause").join(parts)


def showcase(p: Page) -> str:
    r, f, s = p.r, p.f, p.s
    parts = []
    if f.showcase:
        sc = f.showcase
        parts.append(
            r.t(
                "fd_showcase",
                slots=sc["slots"],
                share=fmt(sc["inquiry_share"], "rate"),
                target=fmt(s.showcase_inquiry_target, "rate"),
                candidates=_n(sc["candidates"]),
            )
        )
    if len(f.rising):
        parts.append(r.t("fd_rising", n=len(f.rising)))
    return r.t("sep_clause").join(parts)


WEEKLY = {
    "peers": peers,
    "mix": mix,
    "regions": regions,
    "p4p": p4p,
    "stars": stars,
    "keywords": keywords,
    "showcase": showcase,
}


# -- the parts every week's and month's page has (KPIs, categories, owners, products) ---------
def kpis(r: Renderer, rows: list[dict[str, Any]], than: str) -> str:
    items = []
    for k in rows[:3]:
        kind = "rate" if k["unit"] == "rate" else "count"
        text = f"{k['metric']} {fmt(k['value'], kind)}"
        change = k.get("vs_previous")
        if than and change is not None and not pd.isna(change):
            text = r.t("with_note", text=text, note=f"{than} {fmt_change(change)}")
        items.append(text)
    return r.t("sep_list").join(items)


def categories(r: Renderer, cats: pd.DataFrame) -> str:
    if cats.empty or "impressions" not in cats:
        return ""
    top = cats.sort_values(["impressions", "category"], ascending=[False, True]).iloc[0]
    return r.t(
        "fd_categories",
        n=len(cats),
        top=md_text(top["category"]),
        share=fmt(top.get("impressions_share"), "rate"),
    )


def owners(r: Renderer, table: pd.DataFrame) -> str:
    if table.empty or "inquiries" not in table:
        return ""
    top = table.sort_values(["inquiries", "owner"], ascending=[False, True]).iloc[0]
    return r.t(
        "fd_owners",
        n=len(table),
        top=md_text(top["owner"]),
        inquiries=fmt(top["inquiries"], "count"),
    )


def products(r: Renderer, frame: pd.DataFrame) -> str:
    if frame.empty:
        return ""
    with_inq = int((pd.to_numeric(frame["inquiries"], errors="coerce").fillna(0) > 0).sum())
    return r.t("fd_products", n=len(frame), inquiries=with_inq)


# -- the monthly review's own sections --------------------------------------------------------
def analysis(r: Renderer, rv: Review) -> str:
    p = rv.products
    if p.empty:
        return ""
    inq = pd.to_numeric(p["inquiries"], errors="coerce").fillna(0)
    return r.t("fd_products", n=len(p), inquiries=int((inq > 0).sum()))


def rising(r: Renderer, rv: Review) -> str:
    if not rv.has["day_rows"] or rv.rising.empty:
        return ""
    return r.t("fd_month_rising", n=len(rv.rising), days=r.s.monthly_rising_days)


def hot(r: Renderer, rv: Review) -> str:
    return r.t("fd_hot", n=len(rv.hot)) if len(rv.hot) else ""


def new(r: Renderer, rv: Review) -> str:
    parts = [r.t("fd_new", n=len(rv.new))]
    if rv.has["plan"]:
        parts.append(r.t("fd_new_pending", n=len(rv.pending)))
    return r.t("sep_clause").join(parts)
