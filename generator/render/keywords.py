"""Pages of the keyword library: ``keywords/index.md`` (what to do first, one chart, the whole
library as a table the browser searches, filters and sorts), one page per status, the table's
data as the script ``keywords/library.js`` and the downloads ``keyword-library.csv`` / ``.xlsx``.

The big table is drawn by ``assets/javascripts/keywords.js`` from the compact JSON file (arrays,
not objects per row; dates as days before the as-of date; statuses, sources, languages and
actions as indexes into small lists), so 20,000 words stay well under 2 MB. Every text from the
data reaches a page only through :func:`generator.render.markup.html_table` / ``md_text`` / chart
attributes (escaped), and reaches the table through ``textContent``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
from typing import Any

import altair as alt
import jinja2
import numpy as np
import pandas as pd

from ..analysis.keywords import (
    ACTIONS,
    LANGUAGES,
    SOURCES,
    STATUS_ACTIONS,
    STATUSES,
    KeywordRules,
    action_text,
    language_label,
    source_label,
    status_counts,
    status_label,
)
from ..i18n import translate
from .downloads import to_csv, to_xlsx
from .markup import Col, chart_block, html_table, md_text

# The table's data: a script setting one global, loaded by a <script> tag (keywords.js), so that
# it loads on a page opened from a folder (file://) too, where fetch() cannot read files.
DATA_PATH = "keywords/library.js"
DATA_GLOBAL = "opsKeywordLibrary"
CSV_PATH = "downloads/keyword-library.csv"
XLSX_PATH = "downloads/keyword-library.xlsx"
CHART_MAX_POINTS = 800  # words drawn in the chart (every actionable one first)
TOP_ROWS = 50  # rows of a status page's static table (the interactive table has them all)
PAGE_SIZE = 100  # rows per page of the interactive table

# the download's columns, exactly (issue 5)
CSV_COLUMNS: tuple[str, ...] = (
    "keyword",
    "language",
    "sources",
    "first_seen",
    "last_seen",
    "search_index",
    "competition",
    "impressions",
    "clicks",
    "inquiries",
    "top10_impressions",
    "p4p_spend",
    "p4p_clicks",
    "covering_products",
    "rank",
    "status",
    "action",
)
_CSV_KINDS = {
    "first_seen": "date",
    "last_seen": "date",
    "search_index": "count",
    "competition": "count",
    "impressions": "count",
    "clicks": "count",
    "inquiries": "count",
    "top10_impressions": "number",
    "p4p_spend": "number",
    "p4p_clicks": "count",
    "covering_products": "count",
}
# the workbook's header per column: a catalog key (its text in the site's language)
XLSX_HEADERS: dict[str, str] = {
    "keyword": "kw_col_keyword",
    "language": "kw_col_language",
    "sources": "kw_col_sources",
    "first_seen": "kw_col_first_seen",
    "last_seen": "kw_col_last_seen",
    "search_index": "kw_col_search_index",
    "competition": "kw_col_competition",
    "impressions": "kw_xlsx_impressions",
    "clicks": "kw_xlsx_clicks",
    "inquiries": "kw_col_inquiries",
    "top10_impressions": "kw_col_top10_impressions",
    "p4p_spend": "kw_col_p4p_spend",
    "p4p_clicks": "kw_col_p4p_clicks",
    "covering_products": "kw_xlsx_covering_products",
    "rank": "kw_col_rank",
    "status": "kw_col_status",
    "action": "kw_col_action",
}

STATUS_COLORS = {
    "risk": "#8250df",
    "waste": "#cf222e",
    "broad": "#bc4c00",
    "opportunity": "#1a7f37",
    "uncovered": "#1f6feb",
    "p4p_candidate": "#bf8700",
    "natural_candidate": "#0a7b83",
    "keep": "#8c959f",
}


def status_slug(status: str) -> str:
    return status.replace("_", "-")


# the columns of the interactive table: (column, format); formats are keywords.js's
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("keyword", "keyword"),
    ("status", "status"),
    ("action", "action"),
    ("search_index", "int"),
    ("index_trend", "pct"),
    ("competition", "int"),
    ("impressions", "int"),
    ("clicks", "int"),
    ("inquiries", "int"),
    ("top10_impressions", "num1"),
    ("p4p_spend", "num2"),
    ("p4p_clicks", "int"),
    ("p4p_cpc", "num2"),
    ("star_rating", "num1"),
    ("covering_products", "int"),
    ("rank", "rank"),
    ("language", "language"),
    ("sources", "sources"),
    ("first_seen", "date"),
    ("last_seen", "date"),
)
# the JSON row: these fields, in this order
JSON_FIELDS: tuple[str, ...] = (
    "keyword",
    "variants",
    "original",
    "language",
    "translated",
    "sources",
    "first_seen",
    "last_seen",
    "search_index",
    "index_trend",
    "competition",
    "impressions",
    "clicks",
    "inquiries",
    "top10_impressions",
    "p4p_spend",
    "p4p_clicks",
    "p4p_cpc",
    "star_rating",
    "covering_products",
    "rank",
    "status",
    "action",
)


# -- data file --------------------------------------------------------------------------------------


def _ints(values: Any) -> list[int | None]:
    arr = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    return [None if np.isnan(v) else round(v) for v in arr]


def _floats(values: Any, digits: int) -> list[float | int | None]:
    arr = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    out: list[float | int | None] = []
    for v in arr:
        if np.isnan(v) or np.isinf(v):
            out.append(None)
        else:
            r = round(float(v), digits)
            out.append(int(r) if r.is_integer() else r)
    return out


def _days_before(values: Any, as_of: dt.date) -> list[int | None]:
    out: list[int | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
            out.append(None)
        else:
            d = v.date() if isinstance(v, dt.datetime) else v
            out.append((as_of - d).days)
    return out


def _column(values: list[Any], n: int) -> Any:
    """A column in the smallest of three forms: runs ``{"runs": [value, count, …]}`` when it
    changes rarely (statuses, sorted first); sparse ``{"d": default, "at": [gaps], "v": [values]}``
    when fewer than half the rows differ from its most common value (``at``: row numbers as gaps
    from the previous one, the first from -1); else the plain array (``null`` when missing)."""
    runs: list[Any] = []
    for v in values:
        if runs and runs[-2] == v and type(runs[-2]) is type(v):
            runs[-1] += 1
        else:
            runs += [v, 1]
    if len(runs) // 2 <= max(1, n // 16):
        return {"runs": runs}
    counts: dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    default = max(counts, key=lambda v: (counts[v], v is None))
    if (n - counts[default]) * 2 >= n:
        return values
    gaps, kept, last = [], [], -1
    for i, v in enumerate(values):
        if v != default or type(v) is not type(default):
            gaps.append(i - last)
            kept.append(v)
            last = i
    return {"d": default, "at": gaps, "v": kept}


def library_json(library: pd.DataFrame, as_of: dt.date, lang: str) -> bytes:
    """The table's data, by column: ``{"v", "as_of", "n", "fields", "statuses", "sources",
    "languages", "actions", "cols": {field: column}}``; a column is an array of ``n`` values
    (``null`` when missing) or sparse (see :func:`_column`). Statuses, languages and actions are
    indexes into their lists, ``sources`` a bit mask over the sources list, dates days before
    ``as_of``, ``index_trend`` in whole percent, ``rank`` page × 1000 + position, ``translated``
    1 or 0."""
    status_ix = {s: i for i, s in enumerate(STATUSES)}
    action_ix = {a: i for i, a in enumerate(ACTIONS)}
    langs = sorted(set(library["language"]) | set(LANGUAGES)) if len(library) else sorted(LANGUAGES)
    lang_ix = {c: i for i, c in enumerate(langs)}
    n = len(library)
    variants = []
    for kw, var in zip(library["keyword"], library["variants"], strict=True):
        others = [v for v in str(var).split(" | ") if v and v != kw]
        variants.append("\n".join(others))
    cols: dict[str, list[Any]] = {
        "keyword": [str(k) for k in library["keyword"]],
        "variants": variants,
        "original": [o if isinstance(o, str) else "" for o in library["original"]],
        "language": [lang_ix[c] for c in library["language"]],
        "translated": [1 if t else 0 for t in library["translated"]],
        "sources": [int(m) for m in library["source_mask"]],
        "first_seen": _days_before(library["first_seen"], as_of),
        "last_seen": _days_before(library["last_seen"], as_of),
        "search_index": _ints(library["search_index"]),
        "index_trend": _ints(pd.to_numeric(library["index_trend"], errors="coerce") * 100),
        "competition": _ints(library["competition"]),
        "impressions": _ints(library["impressions"]),
        "clicks": _ints(library["clicks"]),
        "inquiries": _ints(library["inquiries"]),
        "top10_impressions": _floats(library["top10_impressions"], 1),
        "p4p_spend": _floats(library["p4p_spend"], 2),
        "p4p_clicks": _ints(library["p4p_clicks"]),
        "p4p_cpc": _floats(library["p4p_cpc"], 2),
        "star_rating": _floats(library["star_rating"], 1),
        "covering_products": _ints(library["covering_products"]),
        "rank": _ints(library["rank_value"]),
        "status": [status_ix[s] for s in library["status"]],
        "action": [action_ix[a] for a in library["action_key"]],
    }
    head = {
        "v": 1,
        "as_of": as_of.isoformat(),
        "n": n,
        "fields": list(JSON_FIELDS),
        "statuses": [[s, status_label(s, lang)] for s in STATUSES],
        "sources": [[s, source_label(s, lang)] for s in SOURCES],
        "languages": [[c, language_label(c, lang)] for c in langs],
        "actions": [[a, action_text(a, lang)] for a in ACTIONS],
    }

    def dump(value: Any) -> str:
        # '<' as \u003c: the file stays inert even if a browser is made to read it as HTML
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")

    body = ",\n".join(f"{dump(f)}:{dump(_column(cols[f], n))}" for f in JSON_FIELDS)
    return (dump(head)[:-1] + ',"cols":{\n' + body + "\n}}\n").encode("utf-8")


def library_script(library: pd.DataFrame, as_of: dt.date, lang: str) -> bytes:
    """``keywords/library.js``: ``window.opsKeywordLibrary = `` the JSON of :func:`library_json`
    (JSON is a JavaScript expression; ``<`` stays escaped)."""
    return (
        f"window.{DATA_GLOBAL} = ".encode() + library_json(library, as_of, lang).rstrip() + b";\n"
    )


# -- chart ------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _chart_template(lang: str, min_index: float, max_comp: float) -> dict[str, Any]:
    labels = [status_label(s, lang) for s in STATUSES]
    colors = [STATUS_COLORS[s] for s in STATUSES]
    points = (
        alt.Chart()
        .mark_circle(size=28, opacity=0.75)
        .encode(
            x=alt.X(
                "c:Q", title=translate("kw_col_competition", lang), scale=alt.Scale(type="symlog")
            ),
            y=alt.Y(
                "i:Q", title=translate("kw_col_search_index", lang), scale=alt.Scale(type="symlog")
            ),
            color=alt.Color(
                "s:N",
                title=translate("kw_col_status", lang),
                scale=alt.Scale(domain=labels, range=colors),
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            tooltip=[
                alt.Tooltip("k:N", title=translate("kw_col_keyword", lang)),
                alt.Tooltip("s:N", title=translate("kw_col_status", lang)),
                alt.Tooltip("i:Q", title=translate("kw_col_search_index", lang), format=",.0f"),
                alt.Tooltip("c:Q", title=translate("kw_col_competition", lang), format=",.0f"),
                alt.Tooltip("m:Q", title=translate("kw_col_impressions", lang), format=",.0f"),
                alt.Tooltip(
                    "p:Q", title=translate("kw_col_covering_products", lang), format=",.0f"
                ),
            ],
        )
    )
    one = alt.Data(values=[{}])
    x_rule = (
        alt.Chart(one).mark_rule(color="#57606a", strokeDash=[4, 3]).encode(x=alt.datum(max_comp))
    )
    y_rule = (
        alt.Chart(one).mark_rule(color="#57606a", strokeDash=[4, 3]).encode(y=alt.datum(min_index))
    )
    spec = (
        alt.layer(points, x_rule, y_rule)
        .properties(width="container", height=340, title=translate("kw_chart_title", lang))
        .to_dict()
    )
    # the points take the page's data (set per page); the rules keep their one-row data
    spec["layer"][0].pop("data", None)
    spec.pop("datasets", None)
    spec.pop("data", None)
    return spec


def chart_words(library: pd.DataFrame, limit: int = CHART_MAX_POINTS) -> pd.DataFrame:
    """The words the chart draws: those with an index and a competition, every word needing
    action first (by status, then index), then the others by index; at most ``limit``."""
    got = library.dropna(subset=["search_index", "competition"])
    if got.empty:
        return got
    order = {s: i for i, s in enumerate(STATUSES)}
    got = got.assign(
        _act=(got["status"] == "keep").astype(int),
        _ord=got["status"].map(order),
    ).sort_values(["_act", "_ord", "search_index", "keyword"], ascending=[True, True, False, True])
    return got.head(limit).drop(columns=["_act", "_ord"])


def library_chart(
    library: pd.DataFrame, rules: KeywordRules, lang: str
) -> tuple[dict[str, Any], int]:
    words = chart_words(library)
    spec = json.loads(
        json.dumps(
            _chart_template(
                lang, float(rules.opportunity_min_index), float(rules.opportunity_max_competition)
            )
        )
    )
    values = [
        {
            "k": str(k),
            "s": status_label(s, lang),
            "i": int(i),
            "c": int(c),
            "m": None if pd.isna(m) else int(m),
            "p": None if pd.isna(p) else int(p),
        }
        for k, s, i, c, m, p in zip(
            words["keyword"],
            words["status"],
            words["search_index"],
            words["competition"],
            words["impressions"],
            words["covering_products"],
            strict=True,
        )
    ]
    spec["data"] = {"values": values}
    # the rules' own one-row data stays on their layers
    return spec, len(values)


# -- page pieces ------------------------------------------------------------------------------------


def app_html(lang: str, status: str = "", page_size: int = PAGE_SIZE) -> str:
    """The interactive table's skeleton (one raw-HTML block, no blank lines): keywords.js fills
    it from ``library.js``. Labels are ours, escaped all the same."""
    e = html.escape
    status_opts = [f'<option value="">{e(translate("kw_all_statuses", lang))}</option>'] + [
        f'<option value="{e(s)}"{" selected" if s == status else ""}>{e(status_label(s, lang))}</option>'
        for s in STATUSES
    ]
    source_opts = [f'<option value="">{e(translate("kw_all_sources", lang))}</option>'] + [
        f'<option value="{e(s)}">{e(source_label(s, lang))}</option>' for s in SOURCES
    ]
    heads = "".join(
        f'<th data-col="{e(c)}" data-fmt="{e(f)}" class="{"num" if f in ("int", "num1", "num2", "pct", "rank") else "txt"}" '
        f'tabindex="0" aria-sort="none">{e(translate("kw_col_" + c, lang))}</th>'
        for c, f in TABLE_COLUMNS
    )
    msgs = {
        "shown": translate("kw_shown", lang, shown="{shown}", total="{total}"),
        "page": translate("kw_page", lang, page="{page}", pages="{pages}"),
        "none": translate("kw_none_match", lang),
        "failed": translate("kw_failed", lang),
        "translated": translate("kw_translated", lang),
        "original": translate("kw_original", lang),
    }
    attrs = " ".join(f'data-msg-{k}="{e(v)}"' for k, v in msgs.items())
    return (
        f'<div id="kw-app" class="kw-app" data-src="{DATA_PATH.rsplit("/", 1)[-1]}" data-status="{e(status)}" '
        f'data-page-size="{int(page_size)}" data-lang="{e(lang)}" {attrs} data-search-exclude>'
        '<div class="kw-controls">'
        f'<input type="search" class="kw-q" placeholder="{e(translate("kw_search", lang))}" aria-label="{e(translate("kw_search", lang))}" autocomplete="off">'
        f'<select class="kw-status" aria-label="{e(translate("kw_col_status", lang))}">{"".join(status_opts)}</select>'
        f'<select class="kw-source" aria-label="{e(translate("kw_col_sources", lang))}">{"".join(source_opts)}</select>'
        f'<span class="kw-count" aria-live="polite">{e(translate("kw_loading", lang))}</span>'
        "</div>"
        f'<div class="kw-table-wrap"><table class="kw-table"><thead><tr>{heads}</tr></thead><tbody></tbody></table></div>'
        '<div class="kw-pager">'
        f'<button type="button" class="kw-prev" disabled>‹ {e(translate("kw_prev", lang))}</button>'
        '<span class="kw-page"></span>'
        f'<button type="button" class="kw-next" disabled>{e(translate("kw_next", lang))} ›</button>'
        "</div></div>"
        f'<noscript><p>{e(translate("kw_noscript", lang))} <a href="../{CSV_PATH}">keyword-library.csv</a></p></noscript>'
    )


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
        Col("top10_impressions", translate("kw_col_top10_impressions", lang), "number"),
        Col("p4p_spend", translate("kw_col_p4p_spend", lang), "number"),
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


def workbook_job(library: pd.DataFrame, lang: str) -> tuple[str, pd.DataFrame, list[Col], str]:
    """What ``keyword-library.xlsx`` is made of, as a job for ``pages.write_workbooks``:
    (path, frame, columns, sheet) — headers, status and source labels and actions in the site's
    language."""
    cols = [
        Col(c, translate(XLSX_HEADERS[c], lang), _CSV_KINDS.get(c, "text")) for c in CSV_COLUMNS
    ]
    frame = library[list(CSV_COLUMNS)]
    sep = translate("list_sep_sources", lang)
    people = frame.assign(
        status=[status_label(s, lang) for s in frame["status"]],
        sources=[
            sep.join(source_label(s, lang) for s in str(v).split(";") if s)
            for v in frame["sources"]
        ],
        action=[action_text(a, lang) for a in library["action_key"]],
    )
    return XLSX_PATH, people, cols, translate("kw_xlsx_sheet", lang)


def downloads(library: pd.DataFrame, lang: str, xlsx: bool = True) -> dict[str, bytes]:
    """``keyword-library.csv`` (the columns of :data:`CSV_COLUMNS`; status and source ids, the
    action in the library's language) and ``keyword-library.xlsx`` (headers and labels in the
    site's language, frozen header row, filters)."""
    csv_cols = [Col(c, c, _CSV_KINDS.get(c, "text")) for c in CSV_COLUMNS]
    out = {CSV_PATH: to_csv(library[list(CSV_COLUMNS)], csv_cols)}
    if xlsx:
        path, frame, cols, sheet = workbook_job(library, lang)
        out[path] = to_xlsx(frame, cols, sheet=sheet)
    return out


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
        seen = (
            [d for d in library["last_seen"] if d is not None and not pd.isna(d)]
            if len(library)
            else []
        )
        as_of = max(seen) if seen else dt.date(2000, 1, 1)  # never the clock
    counts = status_counts(library)
    files: dict[str, bytes] = {}
    files[DATA_PATH] = library_script(library, as_of, lang)
    files.update(downloads(library, lang, xlsx=xlsx))

    download = f"{translate('kw_download', lang)}: [CSV](../{CSV_PATH}) · [XLSX](../{XLSX_PATH})"
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
                n=f"{counts[s]:,}",
                action=_first_action(library, s, lang),
            )
        )
    keep_line = translate(
        "kw_keep_item",
        lang,
        label=status_label("keep", lang),
        link="keep.md",
        n=f"{counts['keep']:,}",
    )
    spec, shown = library_chart(library, rules, lang)
    chart = chart_block(spec, translate("kw_chart_title", lang)) if shown else ""
    order = translate("kw_precedence_sep", lang).join(status_label(s, lang) for s in STATUSES)
    files["keywords/index.md"] = (
        env.get_template("keywords.md.j2")
        .render(
            title=translate("kw_title", lang),
            lead=translate(
                "kw_lead",
                lang,
                as_of=as_of.isoformat(),
                n=f"{len(library):,}",
                days=rules.window_days,
            ),
            first_title=translate("kw_first", lang),
            first=first,
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
                shown=f"{shown:,}",
                total=f"{len(library):,}",
            )
            if shown
            else "",
            table_title=translate("kw_table", lang),
            table_note=translate("kw_table_note", lang),
            download=download,
            app=app_html(lang),
        )
        .encode("utf-8")
    )
    colon = translate("colon", lang)
    labelled = _with_labels(library, lang) if len(library) else library
    for s in STATUSES:
        top = top_words(labelled, s)
        others = " · ".join(
            f"[{status_label(o, lang)}]({status_slug(o)}.md) {counts[o]:,}"
            for o in STATUSES
            if o != s
        )
        files[f"keywords/{status_slug(s)}.md"] = (
            env.get_template("keywords_status.md.j2")
            .render(
                title=translate("kw_status_title", lang, label=status_label(s, lang)),
                rule_line=f"**{translate('kw_status_rule', lang)}**{colon}{_rule_text(s, rules, lang)}",
                action_line=f"**{translate('kw_status_action', lang)}**{colon}{_first_action(library, s, lang)}",
                count=translate("kw_status_count", lang, n=f"{counts[s]:,}"),
                top_title=translate(
                    "kw_status_top",
                    lang,
                    n=min(TOP_ROWS, counts[s]),
                    by=translate(f"kw_by_{_STATUS_SORT[s]}", lang),
                )
                if counts[s]
                else "",
                top=html_table(top, _table_cols(lang), searchable=False) if counts[s] else "",
                none=translate("kw_status_none", lang) if not counts[s] else "",
                all_title=translate("kw_status_all", lang),
                app=app_html(lang, status=s) if counts[s] else "",
                download=download,
                back=f"[{translate('kw_back', lang)}](index.md)",
                others_line=f"{translate('kw_other_statuses', lang)}{colon}{others}",
            )
            .encode("utf-8")
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
    label = status_label(status, lang) + (f" {count:,}" if count is not None else "")
    return f"[{label}]({'../' * depth}keywords/{status_slug(status)}.md)"
