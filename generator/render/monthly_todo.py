"""The monthly review's to-do list: what the monthly rules find, their text values escaped,
ranked by what is at stake and folded after ``todo_max_monthly`` (render/todo.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.monthly import Review
from ..analysis.rules import Action
from ..analysis.rules.base import message
from ..analysis.rules.todo import cost_per_lead
from . import todo
from .markup import md_text

if TYPE_CHECKING:
    from .writer import Renderer


def todo_lines(r: Renderer, rv: Review) -> str:
    """The month's to-do list: what the monthly rules find (their text values escaped), ranked
    by what is at stake (the month's P4P spend per inquiry values an inquiry), the first
    ``todo_max_monthly`` shown, the rest folded below."""
    scale = r.data.month_scale.get(rv.end)
    spend = (scale.p4p_now or {}).get("spend") if scale is not None else None
    inq = r.data.monthly["inquiries"].get(rv.end) if "inquiries" in r.data.monthly else None
    cpl = cost_per_lead(spend, None if inq is None or pd.isna(inq) else inq)
    return todo.block(r, list(rv.actions), 1, r.s.todo_max_monthly, cpl, lambda a: _todo_text(r, a))


def _todo_text(r: Renderer, a: Action) -> str:
    values: dict[str, Any] = {
        k: v if k == "variant" else _md_value(r, v) for k, v in a.values.items()
    }
    if a.rule == "month_review":  # it points at the review's own section
        anchor = a.link.rsplit("#", 1)[-1]
        values["link"] = f"[{r.t('mr_weekly_review')}](#{anchor})"
    return message(a.rule, r.lang, **values)


def _md_value(r: Renderer, value: Any) -> Any:
    """A finding's value as the page shows it: text escaped, lists joined, fractions short."""
    if isinstance(value, list):
        return r.t("sep_list").join(md_text(x) for x in value)
    if isinstance(value, float):
        return f"{value:g}"
    return md_text(value) if isinstance(value, str) else value
