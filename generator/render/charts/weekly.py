"""The weekly report's chart templates (the data is added per page): lines of mine against
peers per period, and the traffic mix."""

from __future__ import annotations

from typing import Any

import altair as alt

_LINES: dict[tuple[str, ...], dict[str, Any]] = {}


def lines_template(
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
                x=alt.X("value:Q", title=share_label, axis=alt.Axis(format=".0%")),
                color=alt.Color("kind:N", title=None, sort=None),
                tooltip=[
                    alt.Tooltip("group:N", title=group_label),
                    alt.Tooltip("kind:N", title=kind_label),
                    alt.Tooltip("value:Q", title=share_label, format=".1%"),
                ],
            )
            .properties(width="container", height=160, title=title)
            .to_dict()
        )
    return _LINES[key]
