"""Pages of the keyword library: ``keywords/index.md`` (what to do first, one chart, the whole
library as a table the browser searches, filters and sorts), one page per status, the table's
data as the script ``keywords/library.js`` and the downloads ``keyword-library.csv`` / ``.xlsx``.

The big table is drawn by ``assets/javascripts/keywords.js`` from the compact JSON file (arrays,
not objects per row; dates as days before the as-of date; statuses, sources, languages and
actions as indexes into small lists), so 20,000 words stay well under 2 MB. Every text from the
data reaches a page only through :func:`generator.render.markup.html_table` / ``md_text`` / chart
attributes (escaped), and reaches the table through ``textContent``.

This module writes the pages; the table's data and skeleton are :mod:`.keyword_app`'s, the chart
:mod:`.charts.keywords`'s, the downloads :mod:`.keyword_downloads`' (their names stay importable
from here).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2
import pandas as pd

from ..analysis.keywords import (
    STATUS_ACTIONS,
    STATUSES,
    KeywordRules,
    action_text,
    status_counts,
    status_label,
)
from ..foundation.formats import fmt
from ..i18n import translate
from .charts.keywords import CHART_MAX_POINTS, library_chart
from .keyword_app import (
    DATA_GLOBAL,
    DATA_PATH,
    JSON_FIELDS,
    TABLE_COLUMNS,
    app_html,
    library_script,
)
from .keyword_downloads import (
    CSV_COLUMNS,
    CSV_PATH,
    XLSX_HEADERS,
    XLSX_PATH,
    downloads,
    workbook_job,
)
from .markup import Col, chart_block, html_table, md_text

__all__ = [
    "CHART_MAX_POINTS",
    "CSV_COLUMNS",
    "CSV_PATH",
    "DATA_GLOBAL",
    "DATA_PATH",
    "JSON_FIELDS",
    "TABLE_COLUMNS",
    "TOP_ROWS",
    "XLSX_HEADERS",
    "XLSX_PATH",
    "app_html",
    "downloads",
    "render_keyword_pages",
    "status_link",
    "status_slug",
    "top_words",
    "workbook_job",
]

TOP_ROWS = 50  # rows of a status page's static table (the interactive table has them all)


def status_slug(status: str) -> str:
    return status.replace("_", "-")


def _rule_text(status: str, rules: KeywordRules, lang: str) -> str:
    ctr = f"{rules.broad_max_ctr * 100:g}%"
    table: dict[str, dict[str, Any]] = {
        "risk": {"words": ", ".join(md_text(w) for w in rules.risk_words) or "—"},
        "waste": {"days": rules.window_days, "spend": f"{rules.waste_min_spend:g}"},
        "broad": {"imp": f"{rules.broad_min_impressions:g}", "ctr": ctr},
        "opportunity": {
            "idx": f"{rules.opportunity_min_index:g}",
            "comp": f"{rules.opportunity_max_competition:g}",
        },
        "uncovered": {"idx": f"{rules.uncovered_min_index:g}"},
        "p4p_candidate": {"days": rules.window_days, "n": rules.p4p_candidate_min_inquiries},
        "natural_candidate": {
            "n": rules.natural_min_inquiries,
            "comp": f"{rules.natural_max_competition:g}",
        },
        "keep": {},
    }
    values = table[status]
    return (
        translate(f"kw_rule_{status}", lang, **values)
        if values
        else translate(f"kw_rule_{status}", lang)
    )


_STATUS_SORT: dict[str, str] = {
    "risk": "impressions",
    "waste": "p4p_spend",
    "broad": "impressions",
    "opportunity": "search_index",
    "uncovered": "top10_impressions",
    "p4p_candidate": "natural_inquiries",
    "natural_candidate": "p4p_inquiries",
    "keep": "impressions",
}


def _table_cols(lang: str) -> list[Col]:
    return [
        Col("keyword", translate("kw_col_keyword", lang)),
        Col("search_index", translate("kw_col_search_index", lang), "count"),
        Col("index_trend", translate("kw_col_index_trend", lang), "change"),
        Col("competition", translate("kw_col_competition", lang), "count"),
        Col("impressions", translate("kw_col_impressions", lang), "count"),
        Col("clicks", translate("kw_col_clicks", lang), "count"),
        Col("inquiries", translate("kw_col_inquiries", lang), "count"),
        Col("top10_impressions", translate("kw_col_top10_impressions", lang), "count"),
        Col("p4p_spend", translate("kw_col_p4p_spend", lang), "yuan"),
        Col("p4p_clicks", translate("kw_col_p4p_clicks", lang), "count"),
        Col("covering_products", translate("kw_col_covering_products", lang), "count"),
        Col("rank", translate("kw_col_rank", lang)),
    ]


def _with_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.assign(
        keyword=[
            translate("kw_translated_word", lang, keyword=k, original=o) if t else k
            for k, t, o in zip(
                frame["keyword"], frame["translated"], frame["original"], strict=True
            )
        ],
    )


def top_words(library: pd.DataFrame, status: str, n: int = TOP_ROWS) -> pd.DataFrame:
    """A status's words in the order to handle them (its sort column, largest first)."""
    got = library[library["status"] == status]
    by = _STATUS_SORT[status]
    return got.sort_values(
        [by, "search_index", "keyword"], ascending=[False, False, True], na_position="last"
    ).head(n)


def _default_as_of(library: pd.DataFrame) -> dt.date:
    """The latest last-seen date (never the clock)."""
    seen = (
        [d for d in library["last_seen"] if d is not None and not pd.isna(d)]
        if len(library)
        else []
    )
    return max(seen) if seen else dt.date(2000, 1, 1)  # never the clock


def _download_line(lang: str) -> str:
    return f"{translate('kw_download', lang)}: [CSV](../{CSV_PATH}) · [XLSX](../{XLSX_PATH})"


def _first_lines(library: pd.DataFrame, counts: dict[str, int], lang: str) -> list[str]:
    """'What to do first': one line per status needing action that has words."""
    first = []
    for s in STATUSES:
        if s == "keep" or not counts[s]:
            continue
        first.append(
            translate(
                "kw_count_item",
                lang,
                label=status_label(s, lang),
                link=f"{status_slug(s)}.md",
                n=fmt(counts[s], "count"),
                action=_first_action(library, s, lang),
            )
        )
    return first


def _index_page(
    library: pd.DataFrame,
    rules: KeywordRules,
    lang: str,
    env: jinja2.Environment,
    as_of: dt.date,
    counts: dict[str, int],
) -> bytes:
    """``keywords/index.md``: what to do first, the chart, the whole library's table."""
    keep_line = translate(
        "kw_keep_item",
        lang,
        label=status_label("keep", lang),
        link="keep.md",
        n=fmt(counts["keep"], "count"),
    )
    spec, shown = library_chart(library, rules, lang)
    chart = chart_block(spec, translate("kw_chart_title", lang)) if shown else ""
    order = translate("kw_precedence_sep", lang).join(status_label(s, lang) for s in STATUSES)
    return (
        env.get_template("keywords.md.j2")
        .render(
            title=translate("kw_title", lang),
            lead=translate(
                "kw_lead",
                lang,
                as_of=as_of.isoformat(),
                n=fmt(len(library), "count"),
                days=rules.window_days,
            ),
            first_title=translate("kw_first", lang),
            first=_first_lines(library, counts, lang),
            first_none=translate("kw_first_none", lang),
            keep_line=keep_line,
            precedence=translate("kw_precedence", lang, order=order),
            chart=chart,
            chart_title=translate("kw_chart_title", lang),
            chart_note=translate(
                "kw_chart_note",
                lang,
                idx=f"{rules.opportunity_min_index:g}",
                comp=f"{rules.opportunity_max_competition:g}",
                shown=fmt(shown, "count"),
                total=fmt(len(library), "count"),
            )
            if shown
            else "",
            table_title=translate("kw_table", lang),
            table_note=translate("kw_table_note", lang),
            download=_download_line(lang),
            app=app_html(lang),
        )
        .encode("utf-8")
    )


def _status_page(
    library: pd.DataFrame,
    labelled: pd.DataFrame,
    s: str,
    rules: KeywordRules,
    lang: str,
    env: jinja2.Environment,
    counts: dict[str, int],
) -> bytes:
    """``keywords/<status>.md``: the status's rule and action, its top words, its table."""
    colon = translate("colon", lang)
    top = top_words(labelled, s)
    others = " · ".join(
        f"[{status_label(o, lang)}]({status_slug(o)}.md) {fmt(counts[o], 'count')}"
        for o in STATUSES
        if o != s
    )
    return (
        env.get_template("keywords_status.md.j2")
        .render(
            title=translate("kw_status_title", lang, label=status_label(s, lang)),
            rule_line=f"**{translate('kw_status_rule', lang)}**{colon}{_rule_text(s, rules, lang)}",
            action_line=f"**{translate('kw_status_action', lang)}**{colon}{_first_action(library, s, lang)}",
            count=translate("kw_status_count", lang, n=fmt(counts[s], "count")),
            top_title=translate(
                "kw_status_top",
                lang,
                n=min(TOP_ROWS, counts[s]),
                by=translate(f"kw_by_{_STATUS_SORT[s]}", lang),
            )
            if counts[s]
            else "",
            # the keywords are searchable (the site's search finds a word's status page), their
            # numbers are not
            top=html_table(top, _table_cols(lang), search_cols=["keyword"]) if counts[s] else "",
            none_line=translate("kw_status_none", lang) if not counts[s] else "",
            all_title=translate("kw_status_all", lang),
            app=app_html(lang, status=s) if counts[s] else "",
            download=_download_line(lang),
            back=f"[{translate('kw_back', lang)}](index.md)",
            others_line=f"{translate('kw_other_statuses', lang)}{colon}{others}",
        )
        .encode("utf-8")
    )


def render_keyword_pages(
    library: pd.DataFrame,
    settings: Any,
    lang: str,
    env: jinja2.Environment,
    as_of: dt.date | None = None,
    xlsx: bool = True,
) -> dict[str, bytes]:
    """Every file of the keyword library, paths relative to content/: ``keywords/index.md``,
    ``keywords/<status>.md`` (one per status), ``keywords/library.js`` and the two
    downloads. ``as_of`` (pass it) defaults to the latest last-seen date; ``xlsx=False`` leaves
    the workbook out, for a caller that builds workbooks itself from :func:`workbook_job`."""
    rules = KeywordRules.from_settings(settings)
    if as_of is None:
        as_of = _default_as_of(library)
    counts = status_counts(library)
    files: dict[str, bytes] = {}
    files[DATA_PATH] = library_script(library, as_of, lang)
    files.update(downloads(library, lang, xlsx=xlsx))
    files["keywords/index.md"] = _index_page(library, rules, lang, env, as_of, counts)
    labelled = _with_labels(library, lang) if len(library) else library
    for s in STATUSES:
        files[f"keywords/{status_slug(s)}.md"] = _status_page(
            library, labelled, s, rules, lang, env, counts
        )
    return files


def _first_action(library: pd.DataFrame, status: str, lang: str) -> str:
    """The action of a status: the most common one among its words (a status's words may differ
    in detail, e.g. an uncovered word already in the new-product plan)."""
    keys = (
        library.loc[library["status"] == status, "action_key"]
        if len(library)
        else pd.Series(dtype=object)
    )
    default = STATUS_ACTIONS[status]
    if len(keys):
        default = str(
            keys.value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0]
        )
    return action_text(default, lang)


def status_link(status: str, depth: int = 1, lang: str = "zh", count: int | None = None) -> str:
    """A Markdown link to a status page of the library, e.g. for the weekly page's 'uncovered
    words: 12' (``depth``: how deep the linking page is below content/)."""
    label = status_label(status, lang) + (f" {fmt(count, 'count')}" if count is not None else "")
    return f"[{label}]({'../' * depth}keywords/{status_slug(status)}.md)"
