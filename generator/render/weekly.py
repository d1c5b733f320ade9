"""The weekly report's sections (the weekly routine): computed by generator/analysis/metrics/weekly.py,
judged by the weekly rules (generator/analysis/rules.py), rendered here as Markdown for
site_templates/weekly.md.j2. Wired into pages.py only through ``Renderer.sections_for`` and
``Renderer.fingerprint_parts_for``.

Snapshots (growth scores, rank checks, showcase) are read as of the week's report day: the
Tuesday after the week (when the week is final), or the as-of date if earlier.

The monthly review shows the same analysis at month scale (``MONTH``): the month against the
one before, snapshots as of its review day (the 3rd of the next month), its own downloads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from ..analysis.metrics import weekly as wk
from ..analysis.metrics.registry import METRICS
from ..analysis.rules import Action, weekly_actions
from ..foundation.parallel import cores, fork_map, strided
from ..foundation.periods import (
    month_key,
    month_review_day,
    month_start,
    week_final_day,
    week_report_day,
)
from ..kinds import KINDS
from .charts import _records, _with_data
from .markup import Col, chart_block, fmt, fmt_change, html_table

if TYPE_CHECKING:
    from .writer import Renderer

HISTORY_WEEKS = 12
SECTIONS = ("peers", "mix", "regions", "p4p", "stars", "keywords", "showcase")


@dataclass(frozen=True)
class Scale:
    """The period the analysis runs over: a week (the weekly page) or a month (the monthly
    review's "weekly analysis at month scale")."""

    step: str  # "week" or "month"

    @property
    def section(self) -> str:
        return "weekly" if self.step == "week" else "monthly"

    def name(self, end: dt.date) -> str:
        return end.isoformat() if self.step == "week" else month_key(end)

    def start(self, end: dt.date) -> dt.date:
        return end - dt.timedelta(days=6) if self.step == "week" else month_start(end)

    def this(self) -> str:
        return "wk_this_week" if self.step == "week" else "wk_this_month"

    def last(self) -> str:
        return "wk_last_week" if self.step == "week" else "wk_last_month"

    def gap_chart(self) -> str:
        return "wk_gap_chart" if self.step == "week" else "wk_gap_chart_month"

    def totals(self, r: Renderer) -> pd.DataFrame:
        return r.data.weekly if self.step == "week" else r.data.monthly

    def report_day(self, end: dt.date, as_of: dt.date) -> dt.date:
        if self.step == "week":
            return week_report_day(end, as_of)
        return month_review_day(end, as_of)


WEEK, MONTH = Scale("week"), Scale("month")


def _period(r: Renderer, end: dt.date, scale: Scale = WEEK) -> tuple[dt.date, dt.date]:
    totals = scale.totals(r)
    row = totals.loc[end] if end in totals.index else None
    start = row.get("period_start") if row is not None else None
    if start is None or pd.isna(start):
        start = scale.start(end)
    return pd.Timestamp(start).date(), end


def latest_week(r: Renderer) -> dt.date | None:
    weeks = [w for w in r.data.weekly.index if w <= r.data.as_of]
    return max(weeks) if weeks else None


def weekly_facts(r: Renderer, end: dt.date, scale: Scale = WEEK) -> dict[str, Any]:
    """Everything a weekly page (or the month-scale part of a monthly one) shows besides the
    shared layout, computed once per period (on first use for every period at once, on every
    core when there are many)."""
    cache: dict[tuple[str, dt.date], dict[str, Any]] = r.__dict__.setdefault("_weekly_facts", {})
    if (scale.step, end) not in cache:
        ends = [
            w for w in scale.totals(r).index if w <= r.data.as_of and (scale.step, w) not in cache
        ]
        if end not in ends:
            ends.append(end)
        parts = fork_map(
            lambda rr, chunk: [((scale.step, w), compute_facts(rr, w, scale)) for w in chunk],
            r,
            strided(ends, cores()),
            parallel=len(ends) >= 20,
        )
        cache.update(item for part in parts for item in part)
    return cache[(scale.step, end)]


def compute_facts(r: Renderer, end: dt.date, scale: Scale = WEEK) -> dict[str, Any]:
    s, d = r.s, r.data
    sheets = d.sheets
    empty = pd.DataFrame()
    start, end = _period(r, end, scale)
    prev_end = start - dt.timedelta(days=1)
    prev_start = scale.start(prev_end) if scale.step == "month" else start - dt.timedelta(days=7)
    report_day = scale.report_day(end, d.as_of)
    is_latest = scale.step == "week" and end == latest_week(r)
    periods = [w for w in scale.totals(r).index if w <= end][-HISTORY_WEEKS:]
    history = [(scale.start(w), w) for w in periods]

    overview = sheets.get("store_overview", empty)
    account = sheets.get("p4p_account", empty)
    p4p_words = sheets.get("p4p_keywords", empty)
    p4p_products = sheets.get("p4p_products", empty)
    campaigns = sheets.get("p4p_campaigns", empty)
    scores = sheets.get("product_scores", empty)
    ranks = sheets.get("keyword_ranks", empty)
    showcase = sheets.get("showcase", empty)
    traffic = sheets.get("traffic_keywords", empty)
    rows = d.week_rows if scale.step == "week" else d.month_rows
    # the period's and the previous period's product rows (dates compared as timestamps)
    row_ends = rows["period_end"].dt.normalize() if len(rows) else None
    this_rows = rows[row_ends == pd.Timestamp(end)] if len(rows) else pd.DataFrame()
    prev_rows = rows[row_ends == pd.Timestamp(prev_end)] if len(rows) else pd.DataFrame()

    f: dict[str, Any] = {
        "step": scale.step,
        "start": start,
        "end": end,
        "report_day": report_day,
        "latest": is_latest,
    }
    f["peers"] = wk.peer_table(overview, start, end, prev_start, prev_end)
    f["peer_history"] = pd.concat(
        [
            wk.peer_history(overview, history, m).assign(metric=m)
            for m in ("search_impressions", "store_visitors")
        ],
        ignore_index=True,
    )
    f["p4p_now"] = wk.p4p_totals(account, start, end)
    f["p4p_prev"] = wk.p4p_totals(account, prev_start, prev_end)
    f["showcase_count"] = (
        int(this_rows["showcase"].fillna(False).astype(bool).sum())
        if len(this_rows) and "showcase" in this_rows
        else None
    )
    f["showcase_count_prev"] = (
        int(prev_rows["showcase"].fillna(False).astype(bool).sum())
        if len(prev_rows) and "showcase" in prev_rows
        else None
    )
    f["mix"] = wk.traffic_mix(
        sheets.get("traffic_sources", empty),
        start,
        end,
        s.traffic_channel_groups,
        {
            "scene": s.traffic_mix_scene,
            "paid": s.traffic_mix_paid,
            "natural": s.traffic_mix_natural,
        },
    )
    f["regions"] = wk.region_table(
        sheets.get("regions", empty), start, end, s.weekly_imprecise_min_clicks
    )
    words = wk.p4p_keyword_table(
        p4p_words, start, end, s.keyword_broad_max_ctr, s.keyword_broad_min_impressions
    )
    products = wk.p4p_product_table(p4p_products, start, end)
    links = wk.dated_in(ranks, "date", start - dt.timedelta(days=28), report_day)
    if len(links) and "is_p4p" in links:
        links = links[links["is_p4p"].fillna(False).astype(bool)]
    diagnosis = wk.ctr_diagnosis(
        words, products, links, s.weekly_low_ctr_ratio, s.weekly_ctr_min_impressions
    )
    word_diag = dict(
        zip(
            diagnosis.loc[diagnosis["subject_type"] == "keyword", "subject"],
            diagnosis.loc[diagnosis["subject_type"] == "keyword", "diagnosis"],
            strict=True,
        )
    )
    if len(words):
        words = words.assign(
            diagnosis=[
                ";".join(
                    code
                    for code, on in (
                        ("abnormal", ab),
                        ("no_inquiry", no),
                        (f"low_ctr_{word_diag.get(k, '')}", k in word_diag),
                    )
                    if on
                )
                for k, ab, no in zip(
                    words["keyword"], words["abnormal"], words["no_inquiry"], strict=True
                )
            ]
        )
    else:
        words = words.assign(diagnosis=pd.Series(dtype=object))
    f["p4p_words"] = words
    f["p4p_products"] = products
    f["diagnosis"] = diagnosis
    f["cpc_trend"] = wk.cpc_trend(account, history)
    f["cpc_drivers"] = wk.cpc_drivers(words)
    f["campaigns"] = wk.campaign_checks(
        campaigns, start, end, s.p4p_min_hours, s.p4p_min_budget_use
    )
    visitors = (
        this_rows[["product_id", "visitors"]]
        if len(this_rows)
        else pd.DataFrame(columns=["product_id", "visitors"])
    )
    f["score_fell"] = wk.score_changes(scores, report_day)
    f["stars"] = wk.star_candidates(scores, report_day, s.star_band_low, s.star_target, visitors)
    snapshot = wk.latest_on_or_before(scores, "date", report_day)
    f["score_date"] = pd.Timestamp(snapshot["date"].iloc[0]).date() if len(snapshot) else None
    f["top10"] = wk.keyword_vs_top10(traffic, start, end)
    if is_latest:
        plan = wk.publishing_plan(
            wk.uncovered_keywords(d.keywords, f["top10"]),
            # from the Wednesday after the report, or the reader's tomorrow when that has passed
            max(
                week_final_day(end) + dt.timedelta(days=1),
                d.reader_today(s.lag_days) + dt.timedelta(days=1),
            ),
            s.publish_per_day,
        )
    else:
        plan = None
    f["uncovered"] = plan
    f["ranks"], f["rank_info"] = wk.rank_summary(ranks, report_day, s.page1_target)
    shown_now = wk.latest_on_or_before(showcase, "period_end", report_day)
    f["showcase"] = wk.showcase_summary(
        shown_now,
        this_rows
        if len(this_rows)
        else pd.DataFrame(
            columns=["product_id", "title", "search_impressions", "visitors", "inquiries"]
        ),
        snapshot,
        s.star_target,
    )
    shown = set(shown_now["product_id"].astype(str)) if len(shown_now) else set()
    rising = wk.rising_products(this_rows, prev_rows, s.change_large, shown)
    if scale.step == "month":  # a month's new listings are under 新品, not "rising"
        rising = rising[rising["impressions_prev"] > 0]
    f["rising"] = rising
    f["missing"] = {
        k: sheets.get(k, empty).empty
        for k in (
            "store_overview",
            "traffic_sources",
            "regions",
            "p4p_account",
            "p4p_keywords",
            "p4p_products",
            "p4p_campaigns",
            "product_scores",
            "traffic_keywords",
            "keyword_ranks",
            "showcase",
        )
    }
    f["findings"] = findings(r, f)
    return f


def fingerprint_parts(r: Renderer, end: dt.date, scale: Scale = WEEK) -> list[Any]:
    f = weekly_facts(r, end, scale)
    parts: list[Any] = []
    for k in sorted(f):
        v = f[k]
        if isinstance(v, pd.DataFrame):
            parts.append(v)
        elif isinstance(v, dict) and k == "showcase":
            parts += [x if isinstance(x, pd.DataFrame) else repr(x) for _, x in sorted(v.items())]
        else:
            parts.append(repr(v))
    return parts


def _sep(r: Renderer) -> str:
    return r.t("sep_list")


# -- findings → action items -----------------------------------------------------------------
def _label(r: Renderer, metric: str) -> str:
    col = KINDS["store_overview"].column(metric)
    return col.zh if r.lang == "zh" else col.aliases[0]


def findings(r: Renderer, f: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(rule, subject, anchor, values) per finding, section by section."""
    s = r.s
    out: list[tuple[str, str, str, dict[str, Any]]] = []

    def add(rule: str, key: str, anchor: str, /, **values: Any) -> None:
        out.append((rule, key, anchor, values))

    for rec in f["peers"].to_dict("records"):
        gap = rec["gap_avg"]
        if gap is not None and not pd.isna(gap) and gap < -s.change_clear:
            metric = rec["metric"]
            gap_text = fmt_change(abs(gap)).lstrip("+")
            add("peer_gap", metric, "peers", metric=_label(r, metric), gap=gap_text)
    for rec in f["mix"].to_dict("records"):
        gap = rec["gap"]
        if gap is not None and not pd.isna(gap) and abs(gap) > s.traffic_mix_tolerance:
            add(
                "traffic_mix",
                rec["group"],
                "mix",
                group=r.t(f"wk_group_{rec['group']}"),
                share=fmt(rec["share"], "rate"),
                target=fmt(rec["target"], "rate"),
            )
    bad = f["regions"][f["regions"]["verdict"] == "imprecise"]
    if len(bad):
        names = _sep(r).join(str(c) for c in bad["country"].head(5))
        add("imprecise_regions", names, "regions", n=len(bad), subject=names)
    words = f["p4p_words"]
    for rec in words[words["abnormal"]].head(5).to_dict("records") if len(words) else []:
        add(
            "abnormal_words",
            rec["keyword"],
            "p4p",
            subject=rec["keyword"],
            impressions=fmt(rec["impressions"], "count"),
            ctr=fmt(rec["ctr"], "rate"),
        )
    for rec in words[words["no_inquiry"]].head(5).to_dict("records") if len(words) else []:
        add(
            "spend_no_inquiry",
            rec["keyword"],
            "p4p",
            subject=rec["keyword"],
            spend=f"{rec['spend']:.2f}",
            period=r.t(f"wk_period_{f['step']}"),
        )
    for rec in f["diagnosis"].head(6).to_dict("records"):
        rule = {"word": "ctr_word", "product": "ctr_product"}.get(rec["diagnosis"], "ctr_both")
        add(
            rule,
            rec["subject"],
            "p4p",
            subject=rec["subject"],
            ctr=fmt(rec["ctr"], "rate"),
            reference=fmt(rec["reference"], "rate"),
        )
    now = f["p4p_now"]
    hours_target = f"{s.p4p_min_hours:g}"
    use_target = fmt(s.p4p_min_budget_use, "rate")
    if now and now["promo_hours"] is not None and now["promo_hours"] < s.p4p_min_hours:
        add(
            "p4p_hours",
            "promo_hours",
            "p4p",
            value=f"{now['promo_hours']:.1f}",
            target=hours_target,
        )
    if now and now["budget_use"] is not None and now["budget_use"] < s.p4p_min_budget_use:
        add(
            "p4p_budget",
            "budget_use",
            "p4p",
            value=fmt(now["budget_use"], "rate"),
            target=use_target,
        )
    for rec in f["campaigns"].to_dict("records"):
        name, low_hours, low_budget = rec["campaign"], rec["low_hours"], rec["low_budget"]
        hours = f"{rec['hours_per_day']:.1f}" if low_hours else ""
        use = fmt(rec["budget_use"], "rate") if low_budget else ""
        if low_hours and low_budget:
            # short hours with budget left: not the budget (that advice would contradict the
            # budget-use one); the bids or the campaign's time settings
            add("campaign_hours_budget", name, "p4p", subject=name, hours=hours, use=use)
        elif low_hours:
            add("campaign_hours", name, "p4p", subject=name, value=hours, target=hours_target)
        elif low_budget:
            add("campaign_budget", name, "p4p", subject=name, value=use, target=use_target)
    for rec in f["score_fell"].head(5).to_dict("records"):
        cause = ""
        q, qp = rec.get("info_quality"), rec.get("info_quality_prev")
        if q is not None and qp is not None and not pd.isna(q) and not pd.isna(qp) and q < qp:
            cause = r.t("wk_fell_quality", before=f"{qp:g}", now=f"{q:g}")
        add(
            "score_fell",
            rec["product_id"],
            "stars",
            subject=rec["product_id"],
            before=f"{rec['score_prev']:g}",
            now=f"{rec['score']:g}",
            cause=cause,
        )
    stars = f["stars"]
    if len(stars):
        add(
            "star_push",
            "star_candidates",
            "stars",
            n=len(stars),
            low=f"{s.star_band_low:g}",
            high=f"{s.star_target - 1:g}",
            target=f"{s.star_target:g}",
            subject=_sep(r).join(str(p) for p in stars["product_id"].head(3)),
        )
    plan = f["uncovered"]
    if plan is not None and len(plan):
        add("uncovered_words", "uncovered", "keywords", n=len(plan), per_day=s.publish_per_day)
    info = f["rank_info"]
    if info and info["share"] is not None and info["share"] < s.page1_target:
        page1_share, page1_target = fmt(info["share"], "rate"), fmt(s.page1_target, "rate")
        add("page1_share", "page1", "keywords", share=page1_share, target=page1_target)
    for rec in f["rising"].head(3).to_dict("records"):
        add(
            "rising_product",
            rec["product_id"],
            "showcase",
            subject=rec["product_id"],
            before=fmt(rec["impressions_prev"], "count"),
            now=fmt(rec["impressions"], "count"),
        )
    sc = f["showcase"]
    if sc:
        for rule, share, target in (
            ("showcase_inquiries", sc["inquiry_share"], s.showcase_inquiry_target),
            ("showcase_stars", sc["star_share"], s.showcase_star_target),
        ):
            if share is not None and share < target:
                add(
                    rule,
                    "showcase",
                    "showcase",
                    share=fmt(share, "rate"),
                    target=fmt(target, "rate"),
                )
    return out


# -- rendering -------------------------------------------------------------------------------
def _missing(r: Renderer, kind: str, what: str) -> str:
    return r.missing_input(kind, r.t(what))


TODO_PER_SECTION = 2  # the page's to-do list: the first items of each section, then a count


def todo_digest(r: Renderer, actions: list[Action]) -> str:
    """The to-do list at the top: each section's first items and, when it has more, how many
    more and where (every section ends with its full list)."""
    lines: list[str] = []
    for key in SECTIONS:
        mine = [a for a in actions if a.link.endswith("#" + key)]
        lines += r.action_lines(mine[:TODO_PER_SECTION], 1)
        if len(mine) > TODO_PER_SECTION:
            section = f"[{r.t('sec_wk_' + key)}](#{key})"
            lines.append(r.t("wk_todo_more", n=len(mine) - TODO_PER_SECTION, section=section))
    return "\n".join(f"- {line}" for line in lines)


def _actions(r: Renderer, actions: list[Action], anchor: str) -> str:
    lines = r.action_lines([a for a in actions if a.link.endswith("#" + anchor)], 1)
    if not lines:
        return ""
    return f"**{r.t('wk_section_todo')}**\n\n" + "\n".join(f"- {line}" for line in lines)


def _shown(r: Renderer, n: int, total: int) -> str:
    """'n of total shown, all in the download' when a table is cut."""
    return r.t("wk_shown", n=n, total=total) if total > n else ""


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _download(
    r: Renderer,
    name: str,
    kind: str,
    frame: pd.DataFrame,
    cols: list[Col],
    latest: bool,
    section: str = "weekly",
) -> str:
    """A download beside its page (weekly/<week>-<kind>.csv/.xlsx, monthly/<month>-…) and, for
    the latest week, its copy under downloads/<kind>.csv/.xlsx. Returns the page's links."""
    r.write_table(f"{section}/{name}-{kind}", frame, cols, kind)
    if latest:
        r.write_table(f"downloads/{kind}", frame, cols, kind)
    colon = r.t("colon")
    return f"{r.t('download')}{colon}[CSV]({name}-{kind}.csv) · [XLSX]({name}-{kind}.xlsx)"


def _gap_chart(r: Renderer, history: pd.DataFrame, current: str, scale: Scale = WEEK) -> str:
    """Mine against 同行平均 and 同行优秀 per week or month (search impressions, visitors)."""
    if history.empty:
        return ""
    names = {
        wk.SUBJECT_MINE: r.t("wk_mine"),
        wk.SUBJECT_AVG: r.t("wk_peer_avg"),
        wk.SUBJECT_BEST: r.t("wk_peer_best"),
    }
    out = []
    for metric in ("search_impressions", "store_visitors"):
        data = history[history["metric"] == metric]
        if data.empty:
            continue
        frame = pd.DataFrame(
            {
                "week": [scale.name(e) for e in data["period_end"]],
                "subject": [names[x] for x in data["subject"]],
                "value": data["value"].to_numpy(),
            }
        )
        label = _label(r, metric)
        out.append(
            chart_block(
                _with_data(
                    _lines_template(label, r.t(scale.step), r.t("wk_subject")), _records(frame)
                ),
                label,
            )
        )
    return "\n\n".join(out)


_LINES: dict[tuple[str, ...], dict[str, Any]] = {}


def _lines_template(
    label: str, period_label: str, subject_label: str, value_format: str = ",.0f"
) -> dict[str, Any]:
    key = (label, period_label, subject_label, value_format)
    if key not in _LINES:
        _LINES[key] = (
            alt.Chart(alt.Data(values=[]))
            .mark_line(point=True)
            .encode(
                x=alt.X("week:N", title=None, sort=None, axis=alt.Axis(labelAngle=-45)),
                y=alt.Y("value:Q", title=label, axis=alt.Axis(format="~s")),
                color=alt.Color("subject:N", title=subject_label, sort=None),
                tooltip=[
                    alt.Tooltip("week:N", title=period_label),
                    alt.Tooltip("subject:N", title=subject_label),
                    alt.Tooltip("value:Q", title=label, format=value_format),
                ],
            )
            .properties(width="container", height=180, title=label)
            .to_dict()
        )
    return _LINES[key]


def _mix_chart(r: Renderer, mix: pd.DataFrame) -> str:
    recs = []
    for rec in mix.to_dict("records"):
        g = r.t(f"wk_group_{rec['group']}")
        recs.append({"group": g, "kind": r.t("wk_share"), "value": rec["share"]})
        if rec["target"] is not None and not pd.isna(rec["target"]):
            recs.append({"group": g, "kind": r.t("wk_target"), "value": rec["target"]})
    frame = pd.DataFrame(recs)
    key = ("mix", r.t("wk_share"), r.t("wk_group"))
    if key not in _LINES:
        _LINES[key] = (
            alt.Chart(alt.Data(values=[]))
            .mark_bar()
            .encode(
                y=alt.Y("group:N", title=None, sort=None),
                yOffset=alt.YOffset("kind:N", sort=None),
                x=alt.X("value:Q", title=r.t("wk_share"), axis=alt.Axis(format=".0%")),
                color=alt.Color("kind:N", title=None, sort=None),
                tooltip=[
                    alt.Tooltip("group:N", title=r.t("wk_group")),
                    alt.Tooltip("kind:N", title=""),
                    alt.Tooltip("value:Q", title=r.t("wk_share"), format=".1%"),
                ],
            )
            .properties(width="container", height=160, title=r.t("sec_wk_mix"))
            .to_dict()
        )
    return chart_block(_with_data(_LINES[key], _records(frame)), r.t("sec_wk_mix"))


def weekly_sections(r: Renderer, end: dt.date, scale: Scale = WEEK) -> dict[str, str]:
    """The weekly page's sections (Markdown), each ending with its action items, and
    ``todo`` (every action item of the week); with ``MONTH``, the same for a month, for the
    monthly page."""
    f = weekly_facts(r, end, scale)
    s = r.s
    name = scale.name(end)
    page = f"{scale.section}/{name}.md"
    period = r.t(f"wk_period_{scale.step}")
    actions = weekly_actions(end, page, f, r.lang)
    miss = f["missing"]
    out: dict[str, str] = {"todo": todo_digest(r, actions)}

    # against peers
    peers = f["peers"].assign(label=[_label(r, m) for m in f["peers"]["metric"]])
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
        for rec in peers.to_dict("records")
    ]
    now, prev = f["p4p_now"] or {}, f["p4p_prev"] or {}
    own = [
        (r.t("wk_p4p_ctr"), now.get("ctr"), prev.get("ctr"), "rate"),
        (r.t("wk_p4p_cpc"), now.get("cpc"), prev.get("cpc"), "number"),
        (r.t("wk_showcase_products"), f["showcase_count"], f["showcase_count_prev"], "count"),
    ]
    for label, v, p, k in own:
        if v is None:
            continue
        peer_rows.append(
            {
                "label": label,
                "mine": fmt(v, k),
                "previous": fmt(p, k),
                "change": (v / p - 1) if p else None,
                "peer_avg": "—",
                "gap_avg": None,
                "peer_best": "—",
                "gap_best": None,
            }
        )
    peer_cols = [
        Col("label", r.t("metric")),
        Col("mine", r.t(scale.this())),
        Col("previous", r.t(scale.last())),
        Col("change", r.t("change"), "change"),
        Col("peer_avg", r.t("wk_peer_avg")),
        Col("gap_avg", r.t("wk_gap_avg"), "change"),
        Col("peer_best", r.t("wk_peer_best")),
        Col("gap_best", r.t("wk_gap_best"), "change"),
    ]
    out["peers"] = _join(
        _missing(r, "store_overview", "wk_what_peers") if f["peers"].empty else "",
        html_table(peer_rows, peer_cols, searchable=False) if peer_rows else "",
        f"**{r.t(scale.gap_chart(), n=HISTORY_WEEKS)}**" if len(f["peer_history"]) else "",
        _gap_chart(r, f["peer_history"], name, scale),
        _actions(r, actions, "peers"),
    )

    # traffic mix
    mix = f["mix"]
    if len(mix):
        mix_rows = mix.assign(
            group_label=[r.t(f"wk_group_{g}") for g in mix["group"]],
            # a difference of shares is in percentage points, not a percent change
            gap_pp=["—" if pd.isna(g) else r.t("wk_pp", v=f"{g * 100:+.1f}") for g in mix["gap"]],
        )
        out["mix"] = _join(
            r.t("wk_mix_note"),
            html_table(
                mix_rows,
                [
                    Col("group_label", r.t("wk_group")),
                    Col("visitors", r.t("ch_visitors"), "count"),
                    Col("share", r.t("wk_share"), "rate"),
                    Col("target", r.t("wk_target"), "rate"),
                    Col("gap_pp", r.t("wk_gap_points")),
                ],
                searchable=False,
            ),
            _mix_chart(r, mix),
            _actions(r, actions, "mix"),
        )
    else:
        out["mix"] = _missing(r, "traffic_sources", "wk_what_mix")

    # regions
    reg = f["regions"]
    if len(reg):
        reg = reg.assign(
            verdict_label=[r.t(f"wk_verdict_{v}") if v else "" for v in reg["verdict"]]
        )
        out["regions"] = _join(
            r.t("wk_regions_note", n=s.weekly_imprecise_min_clicks, period=period),
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
            _actions(r, actions, "regions"),
        )
    else:
        out["regions"] = _missing(r, "regions", "wk_what_regions")

    # P4P strategy
    words = f["p4p_words"]
    word_cols = [
        Col("keyword", "keyword"),
        Col("impressions", "impressions", "count"),
        Col("clicks", "clicks", "count"),
        Col("ctr", "ctr", "rate"),
        Col("spend", "spend", "number"),
        Col("cpc", "cpc", "number"),
        Col("inquiries", "inquiries", "count"),
        Col("diagnosis", "diagnosis"),
    ]
    word_labels = [
        Col("keyword", r.t("dim_keyword")),
        Col("impressions", r.t("p4p_impressions"), "count"),
        Col("clicks", r.t("p4p_clicks"), "count"),
        Col("ctr", r.t("p4p_ctr"), "rate"),
        Col("spend", r.t("p4p_spend"), "number"),
        Col("cpc", r.t("p4p_cpc"), "number"),
        Col("inquiries", r.t("inq_count"), "count"),
        Col("diagnosis_label", r.t("wk_diagnosis")),
    ]
    p4p_parts: list[str] = []
    if not now:
        p4p_parts.append(_missing(r, "p4p_account", "wk_what_p4p_account"))
    else:
        p4p_parts.append(
            r.t(
                "wk_p4p_lead",
                period=period,
                period_cap=period[:1].upper() + period[1:],
                spend=fmt(now["spend"], "number"),
                clicks=fmt(now["clicks"], "count"),
                ctr=fmt(now["ctr"], "rate"),
                cpc=fmt(now["cpc"], "number"),
                hours=f"{now['promo_hours']:.1f}",
                use=fmt(now["budget_use"], "rate"),
            )
        )
    if words.empty:
        p4p_parts.append(_missing(r, "p4p_keywords", "wk_what_p4p_keywords"))
    if len(words):
        shown = words.assign(
            diagnosis_label=[
                _sep(r).join(r.t(f"wk_diag_{c}") for c in str(v).split(";") if c)
                for v in words["diagnosis"]
            ]
        )
        flagged = shown[shown["diagnosis"] != ""]
        top = pd.concat([flagged, shown[shown["diagnosis"] == ""].head(10)]).head(20)
        p4p_parts += [
            f"**{r.t('wk_p4p_words', n=len(top), total=len(words))}**",
            html_table(top, word_labels, searchable=False),
            _download(r, name, "p4p-keywords", words, word_cols, f["latest"], scale.section),
        ]
    prods = f["p4p_products"]
    if len(prods):
        p4p_parts += [
            f"**{r.t('wk_p4p_products')}**",
            html_table(
                prods.head(15),
                [
                    Col("product_id", r.label("product_id")),
                    Col("title", r.label("title")),
                    Col("impressions", r.t("p4p_impressions"), "count"),
                    Col("clicks", r.t("p4p_clicks"), "count"),
                    Col("ctr", r.t("p4p_ctr"), "rate"),
                    Col("spend", r.t("p4p_spend"), "number"),
                    Col("inquiries", r.t("inq_count"), "count"),
                    Col("no_inquiry", r.t("wk_diag_no_inquiry"), "flag"),
                ],
                searchable=False,
            ),
        ]
    else:
        p4p_parts.append(_missing(r, "p4p_products", "wk_what_p4p_products"))
    diag = f["diagnosis"]
    if len(diag):
        diag = diag.assign(
            type_label=[r.t(f"wk_subject_{x}") for x in diag["subject_type"]],
            diagnosis_label=[r.t(f"wk_blame_{x}") for x in diag["diagnosis"]],
        )
        p4p_parts += [
            f"**{r.t('wk_ctr_diagnosis')}**",
            r.t("wk_ctr_note", ratio=fmt(s.weekly_low_ctr_ratio, "rate")),
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
    trend, drivers = f["cpc_trend"], f["cpc_drivers"]
    if len(trend) > 1:
        p4p_parts.append(
            r.t(
                "wk_cpc_trend",
                first=fmt(trend["cpc"].iloc[0], "number"),
                last=fmt(trend["cpc"].iloc[-1], "number"),
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
        p4p_parts.append(
            chart_block(
                _with_data(
                    _lines_template(label, r.t(scale.step), r.t("wk_subject"), ",.2f"),
                    _records(frame),
                ),
                label,
            )
        )
    if len(drivers):
        p4p_parts += [
            f"**{r.t('wk_cpc_drivers')}**",
            html_table(
                drivers,
                [
                    Col("keyword", r.t("dim_keyword")),
                    Col("clicks", r.t("p4p_clicks"), "count"),
                    Col("cpc", r.t("p4p_cpc"), "number"),
                    Col("excess", r.t("wk_excess"), "number"),
                ],
                searchable=False,
            ),
        ]
    camps = f["campaigns"]
    if len(camps):
        p4p_parts += [
            f"**{r.t('wk_campaigns')}**",
            html_table(
                camps,
                [
                    Col("campaign", r.t("wk_campaign")),
                    Col("hours_per_day", r.t("wk_hours_per_day"), "number"),
                    Col("budget", r.t("wk_budget"), "number"),
                    Col("budget_use", r.t("p4p_budget_use"), "rate"),
                    Col("spend", r.t("p4p_spend"), "number"),
                    Col("inquiries", r.t("inq_count"), "count"),
                ],
                searchable=False,
            ),
        ]
    p4p_parts.append(_actions(r, actions, "p4p"))
    out["p4p"] = _join(*p4p_parts)

    # 实力优品
    star_cols = [
        Col("product_id", "product_id"),
        Col("title", "title"),
        Col("score", "score", "number"),
        Col("gap", "gap", "number"),
        Col("visitors", "visitors", "count"),
    ]
    if miss["product_scores"] or f["score_date"] is None:
        out["stars"] = _missing(r, "product_scores", "wk_what_stars")
    else:
        fell = f["score_fell"]
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
        parts = [r.t("wk_scores_of", day=str(f["score_date"] or "—"))]
        if len(fell):
            parts += [
                f"**{r.t('wk_score_fell')}**",
                _shown(r, 10, len(fell)),
                html_table(fell.head(10), fell_cols, searchable=False),
                r.table_downloads(fell, fell_cols, f"{scale.section}/{name}-score-fell", 1),
            ]
        else:
            parts.append(r.t("wk_score_fell_none"))
        stars = f["stars"]
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
            _download(r, name, "star-candidates", stars, star_cols, f["latest"], scale.section)
        )
        parts.append(_actions(r, actions, "stars"))
        out["stars"] = _join(*parts)

    # keywords
    kw_parts: list[str] = []
    top10 = f["top10"]
    if len(top10):
        kw_parts += [
            f"**{r.t('wk_vs_top10', n=min(20, len(top10)), total=len(top10))}**",
            html_table(
                top10.head(20),
                [
                    Col("keyword", r.t("dim_keyword")),
                    Col("impressions", r.t("wk_my_impressions"), "count"),
                    Col("top10_impressions", r.t("wk_top10_impressions"), "number"),
                    Col("impressions_vs_top10", r.t("wk_vs_top10_share"), "rate"),
                    Col("clicks", r.t("wk_my_clicks"), "count"),
                    Col("top10_clicks", r.t("wk_top10_clicks"), "number"),
                    Col("clicks_vs_top10", r.t("wk_vs_top10_share"), "rate"),
                ],
                searchable=False,
            ),
        ]
    else:
        kw_parts.append(_missing(r, "traffic_keywords", "wk_what_top10"))
    plan = f["uncovered"]
    unc_cols = [
        Col("keyword", "keyword"),
        Col("peer_top10_impressions", "peer_top10_impressions", "number"),
        Col("my_impressions", "my_impressions", "count"),
        Col("covering_products", "covering_products", "count"),
        Col("suggested_day", "suggested_day", "date"),
    ]
    if plan is not None:
        kw_parts.append(f"**{r.t('wk_uncovered', n=len(plan), per_day=s.publish_per_day)}**")
        if len(plan):
            kw_parts.append(_shown(r, 20, len(plan)))
            kw_parts.append(
                html_table(
                    plan.head(20).assign(
                        planned_label=[
                            r.t("wk_planned") if p else "" for p in plan["planned"].head(20)
                        ]
                    ),
                    [
                        Col("keyword", r.t("dim_keyword")),
                        Col("peer_top10_impressions", r.t("wk_top10_impressions"), "number"),
                        Col("my_impressions", r.t("wk_my_impressions"), "count"),
                        Col("suggested_day", r.t("wk_suggested_day"), "date"),
                        Col("planned_label", r.t("wk_in_plan")),
                    ],
                    searchable=False,
                )
            )
        else:
            kw_parts.append(r.t("wk_none"))
        kw_parts.append(_download(r, name, "uncovered-keywords", plan, unc_cols, True))
    else:
        latest = latest_week(r)
        kw_parts.append(
            r.t("wk_uncovered_latest")
            + (f" [{latest.isoformat()}](../weekly/{latest.isoformat()}.md)" if latest else "")
        )
    ranks, info = f["ranks"], f["rank_info"]
    if info:
        kw_parts.append(
            r.t(
                "wk_rank_lead",
                day=info["date"].isoformat(),
                words=info["words"],
                page1=info["page1"],
                share=fmt(info["share"], "rate"),
                target=fmt(info["target"], "rate"),
                double=info["double"],
            )
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
        kw_parts += [
            _shown(r, 30, len(ordered)),
            html_table(ordered.head(30), rank_cols, searchable=False),
            r.table_downloads(ordered, rank_cols, f"{scale.section}/{name}-keyword-ranks", 1),
        ]
    else:
        kw_parts.append(_missing(r, "keyword_ranks", "wk_what_ranks"))
    kw_parts.append(_actions(r, actions, "keywords"))
    out["keywords"] = _join(*kw_parts)

    # showcase
    sc = f["showcase"]
    rising = f["rising"]
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
            ],
            searchable=False,
        )
        if len(rising)
        else "",
        _actions(r, actions, "showcase"),
    ]
    if sc:
        product_cols = [
            Col("product_id", r.label("product_id")),
            Col("title", r.label("title")),
            Col("impressions", METRICS["impressions"].label(r.lang), "count"),
            Col("inquiries", METRICS["inquiries"].label(r.lang), "count"),
            Col("score", r.t("wk_score"), "number"),
        ]
        out["showcase"] = _join(
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
            f"**{r.t('wk_showcase_candidates')}**",
            html_table(sc["candidates"], product_cols, searchable=False)
            if len(sc["candidates"])
            else r.t("wk_none"),
            *rising_parts,
        )
    else:
        out["showcase"] = _join(_missing(r, "showcase", "wk_what_showcase"), *rising_parts)
    return out
