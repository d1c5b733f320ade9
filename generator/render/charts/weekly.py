"""The weekly report's chart templates (the data is added per page): lines of mine against
peers per period, and the traffic mix."""

from __future__ import annotations

from typing import Any

import altair as alt

from ...foundation.formats import CHART_RATE, chart_axis, chart_tooltip

_LINES: dict[tuple[str, ...], dict[str, Any]] = {}


def lines_template(
    label: str, period_label: str, subject_label: str, kind: str = "count", lang: str = "zh"
) -> dict[str, Any]:
    """Lines per subject over the periods; ``kind`` is the measure's format kind
    (foundation/formats.py: the tooltip writes what the table writes, the axis 万 or k/M)."""
    key = (label, period_label, subject_label, kind, lang)
    if key not in _LINES:
        _LINES[key] = (
            alt.Chart(alt.Data(values=[]))
            .mark_line(point=True)
            .encode(
                x=alt.X("week:N", title=None, sort=None, axis=alt.Axis(labelAngle=-45)),
                y=alt.Y("value:Q", title=label, axis=alt.Axis(**chart_axis(kind, lang))),
                color=alt.Color("subject:N", title=subject_label, sort=None),
                tooltip=[
                    alt.Tooltip("week:N", title=period_label),
                    alt.Tooltip("subject:N", title=subject_label),
                    alt.Tooltip("value:Q", title=label, format=chart_tooltip(kind)),
                ],
            )
            .properties(width="container", height=180, title=label)
            .to_dict(validate=False)
        )
    return _LINES[key]


def mix_template(
    share_label: str, group_label: str, title: str, kind_label: str = "Series"
) -> dict[str, Any]:
    """The traffic mix: each channel group's share beside the platform's reference."""
    key = ("mix", share_label, group_label, title, kind_label)
    if key not in _LINES:
        _LINES[key] = (
            alt.Chart(alt.Data(values=[]))
            .mark_bar()
            .encode(
                y=alt.Y("group:N", title=None, sort=None),
                yOffset=alt.YOffset("kind:N", sort=None),
                x=alt.X("value:Q", title=share_label, axis=alt.Axis(**chart_axis("rate", "zh"))),
                color=alt.Color("kind:N", title=None, sort=None),
                tooltip=[
                    alt.Tooltip("group:N", title=group_label),
                    alt.Tooltip("kind:N", title=kind_label),
                    alt.Tooltip("value:Q", title=share_label, format=CHART_RATE),
                ],
            )
            .properties(width="container", height=160, title=title)
            .to_dict(validate=False)
        )
    return _LINES[key]
