"""The keyword library's chart: search index against competition, one point per word (every
word needing action first), coloured by status, with the opportunity thresholds as rules."""

from __future__ import annotations

import functools
import json
from typing import Any

import altair as alt
import pandas as pd

from ...analysis.keywords import STATUSES, KeywordRules, status_label
from ...foundation.formats import CHART_COUNT, chart_axis
from ...i18n import translate

CHART_MAX_POINTS = 800  # words drawn in the chart (every actionable one first)

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


@functools.lru_cache(maxsize=16)
def _chart_template(lang: str, min_index: float, max_comp: float) -> dict[str, Any]:
    labels = [status_label(s, lang) for s in STATUSES]
    colors = [STATUS_COLORS[s] for s in STATUSES]
    points = (
        alt.Chart()
        .mark_circle(size=28, opacity=0.75)
        .encode(
            x=alt.X(
                "c:Q",
                title=translate("kw_col_competition", lang),
                scale=alt.Scale(type="symlog"),
                axis=alt.Axis(**chart_axis("count", lang)),
            ),
            y=alt.Y(
                "i:Q",
                title=translate("kw_col_search_index", lang),
                scale=alt.Scale(type="symlog"),
                axis=alt.Axis(**chart_axis("count", lang)),
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
                alt.Tooltip(
                    "i:Q", title=translate("kw_col_search_index", lang), format=CHART_COUNT
                ),
                alt.Tooltip("c:Q", title=translate("kw_col_competition", lang), format=CHART_COUNT),
                alt.Tooltip("m:Q", title=translate("kw_col_impressions", lang), format=CHART_COUNT),
                alt.Tooltip(
                    "p:Q", title=translate("kw_col_covering_products", lang), format=CHART_COUNT
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
        .to_dict(validate=False)
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
