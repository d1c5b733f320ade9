"""The keyword library's interactive table: its data file ``keywords/library.js`` (compact
JSON by column, see :func:`library_json`) and the table's skeleton (:func:`app_html`), which
``assets/javascripts/keywords.js`` fills from that file."""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

import numpy as np
import pandas as pd

from ..analysis.keywords import (
    ACTIONS,
    LANGUAGES,
    SOURCES,
    STATUSES,
    action_text,
    language_label,
    source_label,
    status_label,
)
from ..foundation.formats import whole
from ..i18n import translate
from .keyword_downloads import CSV_PATH

# The table's data: a script setting one global, loaded by a <script> tag (keywords.js), so that
# it loads on a page opened from a folder (file://) too, where fetch() cannot read files.
DATA_PATH = "keywords/library.js"
DATA_GLOBAL = "opsKeywordLibrary"
PAGE_SIZE = 100  # rows per page of the interactive table

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
    ("top10_impressions", "int"),  # a count: whole, as everywhere
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
    return [None if np.isnan(v) or np.isinf(v) else whole(v) for v in arr]


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


def _json_columns(library: pd.DataFrame, as_of: dt.date, langs: list[str]) -> dict[str, list[Any]]:
    """Each field of :data:`JSON_FIELDS` as a list of ``len(library)`` plain values."""
    status_ix = {s: i for i, s in enumerate(STATUSES)}
    action_ix = {a: i for i, a in enumerate(ACTIONS)}
    lang_ix = {c: i for i, c in enumerate(langs)}
    variants = []
    for kw, var in zip(library["keyword"], library["variants"], strict=True):
        others = [v for v in str(var).split(" | ") if v and v != kw]
        variants.append("\n".join(others))
    return {
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
        "top10_impressions": _ints(library["top10_impressions"]),
        "p4p_spend": _floats(library["p4p_spend"], 2),
        "p4p_clicks": _ints(library["p4p_clicks"]),
        "p4p_cpc": _floats(library["p4p_cpc"], 2),
        "star_rating": _floats(library["star_rating"], 1),
        "covering_products": _ints(library["covering_products"]),
        "rank": _ints(library["rank_value"]),
        "status": [status_ix[s] for s in library["status"]],
        "action": [action_ix[a] for a in library["action_key"]],
    }


def _dump(value: Any) -> str:
    # '<' as \u003c: the file stays inert even if a browser is made to read it as HTML
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def library_json(library: pd.DataFrame, as_of: dt.date, lang: str) -> bytes:
    """The table's data, by column: ``{"v", "as_of", "n", "fields", "statuses", "sources",
    "languages", "actions", "cols": {field: column}}``; a column is an array of ``n`` values
    (``null`` when missing) or sparse (see :func:`_column`). Statuses, languages and actions are
    indexes into their lists, ``sources`` a bit mask over the sources list, dates days before
    ``as_of``, ``index_trend`` in whole percent, ``rank`` page × 1000 + position, ``translated``
    1 or 0."""
    langs = sorted(set(library["language"]) | set(LANGUAGES)) if len(library) else sorted(LANGUAGES)
    n = len(library)
    cols = _json_columns(library, as_of, langs)
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
    body = ",\n".join(f"{_dump(f)}:{_dump(_column(cols[f], n))}" for f in JSON_FIELDS)
    return (_dump(head)[:-1] + ',"cols":{\n' + body + "\n}}\n").encode("utf-8")


def library_script(library: pd.DataFrame, as_of: dt.date, lang: str) -> bytes:
    """``keywords/library.js``: ``window.opsKeywordLibrary = `` the JSON of :func:`library_json`
    (JSON is a JavaScript expression; ``<`` stays escaped)."""
    return (
        f"window.{DATA_GLOBAL} = ".encode() + library_json(library, as_of, lang).rstrip() + b";\n"
    )


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
