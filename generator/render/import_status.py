"""The import-status page: every kind's freshness, the files rejected or skipped with the
fix, the latest files read, and the rows left out or repaired in the current files.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.freshness import freshness
from ..foundation.formats import fmt
from ..i18n import kind_label
from ..ingest.messages import localize, localize_joined
from ..ingest.normalize import RowProblem
from .inputs import kind_link, mentioned_kind, mentions_an_export
from .markup import Col, html_table
from .writer import PageWriter


def render_status(r: PageWriter) -> None:
    d = r.data
    kinds = freshness(d.kinds, d.as_of, r.s.lag_days)
    kinds["fresh"] = [
        "—"
        if b is None or pd.isna(b)
        else r.t("fresh_ok")
        if b == 0
        else r.t("fresh_late", n=int(b))
        for b in kinds["behind"]
    ]
    kinds["kind_label"] = [kind_label(k, r.lang) for k in kinds["kind"]]
    kinds["gran"] = [r.t(f"gran_{g}") for g in kinds["granularity"]]
    kind_cols = [
        Col("kind_label", r.t("col_kind"), link=lambda rec: kind_link(rec["kind"])),
        Col("gran", r.t("col_granularity")),
        Col("periods", r.t("col_periods"), "count"),
        Col("first_day", r.t("col_first_day"), "date"),
        Col("last_day", r.t("col_last_day"), "date"),
        Col("expected", r.t("col_expected"), "date"),
        Col("rows", r.t("col_rows"), "count"),
        Col("fresh", r.t("col_fresh")),
    ]
    ev = d.events
    # the stored reason and fix (English as the ingest wrote them) in the site's language
    ev = ev.assign(
        problem=[localize(p, r.lang) for p in ev["problem"]],
        fix=[localize(f, r.lang) for f in ev["fix"]],
    )
    rejected = ev[ev["status"].isin(["rejected", "damaged"])]  # both need the operator
    skipped = ev[ev["status"] == "skipped"]
    file_cols = [
        Col("file_name", r.t("col_file")),
        Col("problem", r.t("col_problem")),
        # a fix that names an export or sheet links to where the inputs page explains it
        Col(
            "fix",
            r.t("col_fix"),
            link=lambda rec: (
                kind_link(mentioned_kind(rec.get("kind"), rec.get("problem"), rec.get("fix")))
                if mentions_an_export(rec.get("fix"))
                else None
            ),
        ),
    ]
    log = d.log.sort_values(["period_end", "period_start", "file_name"], ascending=False)
    log = log.assign(
        period=[
            f"{fmt(a, 'date')} ~ {fmt(b, 'date')}"
            for a, b in zip(log["period_start"], log["period_end"], strict=True)
        ]
    )
    log["kind_label"] = [kind_label(k, r.lang) for k in log["kind"]]
    log["warnings"] = [localize_joined(w, r.lang) for w in log["warnings"]]
    recent_cols = [
        Col("file_name", r.t("col_file")),
        Col("kind_label", r.t("col_kind")),
        Col("period", r.t("col_period")),
        Col("rows", r.t("col_rows"), "count"),
        Col("warnings", r.t("col_problem")),
    ]
    n_recent = 30
    rows_table, rows_more = row_problem_table(r)
    r.render(
        "import_status.md.j2",
        "import-status.md",
        title=r.t("status_title"),
        lead=r.t("status_lead", as_of=d.as_of.isoformat()) + "\n\n" + r.t("status_see_inputs"),
        kinds=html_table(kinds, kind_cols),
        rejected=html_table(rejected, file_cols) if len(rejected) else "",
        skipped=html_table(skipped, file_cols) if len(skipped) else "",
        recent=html_table(log.head(n_recent), recent_cols),
        rows=rows_table,
        rows_more=r.t("status_rows_more", n=rows_more) if rows_more else "",
        recent_title=r.t("status_recent", n=min(n_recent, len(log)), total=len(log)),
    )


def row_problem_table(r: PageWriter, cap: int = 100) -> tuple[str, int]:
    """The rows left out and the ids restored in the current files: row number, column,
    value, what is wrong and the fix (the first ``cap``), and how many more there are."""
    rp = r.data.row_problems
    if not len(rp):
        return "", 0
    rp = rp[rp["current"]]
    shown = rp.head(cap)
    problems = [RowProblem.of_stored(r) for r in shown.itertuples()]
    table = shown.assign(
        problem=[p.problem(r.lang) for p in problems],
        fix=[p.fix(r.lang) for p in problems],
    )
    cols = [
        Col("file_name", r.t("col_file")),
        Col("excel_row", r.t("col_row")),
        Col("header", r.t("col_column")),
        Col("value", r.t("col_value")),
        Col("problem", r.t("col_row_problem")),
        Col("fix", r.t("col_fix")),
    ]
    return (html_table(table, cols) if len(table) else ""), max(0, len(rp) - cap)
