"""The keyword library's downloads: ``keyword-library.csv`` (ids, for tools) and
``keyword-library.xlsx`` (headers and labels in the site's language)."""

from __future__ import annotations

import pandas as pd

from ..analysis.keywords import action_text, source_label, status_label
from ..i18n import translate
from .downloads import to_csv, to_xlsx
from .markup import Col

CSV_PATH = "downloads/keyword-library.csv"
XLSX_PATH = "downloads/keyword-library.xlsx"

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
    "top10_impressions": "count",
    "p4p_spend": "yuan",
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
