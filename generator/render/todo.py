"""A page's to-do list as Markdown: each item with what is at stake (amount, unit and
period), its owner and, when open for more than one period, since when; ranked by the stake
(generator/analysis/rules/todo.py says the order) and cut at the page's setting, the rest in
a 「其余 N 条」 block on the same page (it works offline, and opens for print).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

import pandas as pd

from ..analysis.daily import missing_days_merged
from ..analysis.rules import Action
from ..analysis.rules.todo import latest_by_key, rank
from ..config import Settings
from ..foundation.formats import fmt, fmt_text
from .markup import Col, md_text

Text = Callable[[Action], str]


class PageWriter(Protocol):
    """What a to-do list reads of the page writer (render/writer.py)."""

    s: Settings
    lang: str

    def t(self, key: str, **values: Any) -> str: ...

    def day_cost_per_lead(self, day: dt.date) -> float | None: ...

    def label(self, name: str) -> str: ...


def amount(value: float, unit: str, lang: str) -> str:
    """A stake as the line says it, as the tables write it (foundation/formats.py): money
    with 2 decimals (1,039.25), counts whole (in 万 from 100,000 on the Chinese site)."""
    if unit == "yuan":
        return fmt(value, "yuan")
    return fmt_text(value, "count", lang)


def since_text(r: PageWriter, a: Action) -> str:
    """「已持续 3 天（自 11-18）」 for an item open for more than one period, else ''."""
    n = a.open_periods
    if n < 2 or a.since is None:
        return ""
    since = a.since.strftime("%Y-%m" if a.period == "month" else "%m-%d")
    # a week is named by its Saturday: say the whole week, Sunday to Saturday
    start = (a.since - dt.timedelta(days=6)).strftime("%m-%d")
    return r.t(f"todo_since_{a.period}", n=n, since=since, start=start)


def meta(r: PageWriter, a: Action) -> str:
    """The stake, the owner and the age of an item, joined: what follows its message."""
    parts = []
    if a.stake is not None and a.stake_unit == "unspent_yuan":
        parts.append(
            r.t(
                "todo_stake_unspent",
                amount=amount(a.stake, "yuan", r.lang),
                period=r.t(f"todo_period_{a.period}"),
            )
        )
    elif a.stake is not None and a.stake_unit == "open_leads":
        parts.append(r.t("todo_stake_open", amount=amount(a.stake, a.stake_unit, r.lang)))
    elif a.stake is not None and a.stake_unit:
        parts.append(
            r.t(
                "todo_stake",
                amount=amount(a.stake, a.stake_unit, r.lang),
                unit=r.t(f"todo_unit_{a.stake_unit}"),
                period=r.t(f"todo_period_{a.period}"),
            )
        )
    if a.owner:
        parts.append(r.t("todo_owner", owner=md_text(a.owner)))
    if since := since_text(r, a):
        parts.append(since)
    return " · ".join(parts)


def line(r: PageWriter, a: Action, depth: int, text: Text | None = None) -> str:
    """One to-do line: its message (escaped), its stake, owner and age, its evidence."""
    msg = text(a) if text else md_text(a.message)
    more = meta(r, a)
    up = "../" * depth
    body = f"{msg} — {more}" if more else msg
    return f"{body} [{r.t('evidence')}]({up}{a.link})"


def split(
    actions: list[Action], limit: int, cost_per_lead: float | None = None
) -> tuple[list[Action], list[Action]]:
    """The ranked items shown, and the rest."""
    ranked = rank(actions, cost_per_lead)
    return ranked[:limit], ranked[limit:]


def block(
    r: PageWriter,
    actions: list[Action],
    depth: int,
    limit: int,
    cost_per_lead: float | None = None,
    text: Text | None = None,
) -> str:
    """The page's list: the first ``limit`` ranked items, the rest folded below them."""
    shown, rest = split(actions, limit, cost_per_lead)
    out = "\n".join(f"- {line(r, a, depth, text)}" for a in shown)
    if rest:
        items = "\n".join(f"- {line(r, a, depth, text)}" for a in rest)
        summary = r.t("todo_rest", n=len(rest))
        out += f"\n\n<details markdown>\n<summary>{summary}</summary>\n\n{items}\n\n</details>"
    return out


def home_items(
    r: PageWriter, actions: list[Action], day: dt.date, limit: int | None = None
) -> tuple[list[Action], list[Action]]:
    """The home page's items (of ``day`` and the days after it): each once, ranked and cut
    like the day's page (or at ``limit``: the morning push shows fewer); and the rest."""
    once = latest_by_key(missing_days_merged(actions, r.lang))
    return split(once, r.s.todo_max_daily if limit is None else limit, r.day_cost_per_lead(day))


def home_lines(r: PageWriter, actions: list[Action], day: dt.date) -> list[str]:
    """The home page's list (items of ``day`` and the days after it): each item once, with
    since when, ranked and cut like the day's page; the rest are on that page, one click
    away."""
    shown, rest = home_items(r, actions, day)
    lines = [line(r, a, 0) for a in shown]
    if rest:
        link = f"[{r.t('see_day', day=day.isoformat())}](daily/{day.isoformat()}.md#todo)"
        lines.append(r.t("todo_rest_home", n=len(rest), link=link))
    return lines


ACTION_COLUMNS = ["date", "scope", "rule", "subject", "message", "stake", "stake_unit", "owner"]


def actions_table(r: PageWriter, by_day: dict[dt.date, list[Action]]) -> pd.DataFrame:
    """Every day's to-do items (``actions.csv``) in the order of its page (ranked by stake),
    with the stake, its unit, the owner and the first day the item was open."""
    recs = [
        {**{c: getattr(a, c) for c in ACTION_COLUMNS}, "since": a.since}
        for day in sorted(by_day)
        for a in rank(by_day[day], r.day_cost_per_lead(day))
    ]
    return pd.DataFrame(recs, columns=[*ACTION_COLUMNS, "since"])


def actions_cols(r: PageWriter) -> list[Col]:
    return [
        Col("date", r.t("date"), "date"),
        Col("scope", r.t("col_scope")),
        Col("rule", r.t("col_rule")),
        Col("subject", r.t("col_subject")),
        Col("message", r.t("col_message")),
        Col("stake", r.t("col_stake"), "number"),
        Col("stake_unit", r.t("col_stake_unit")),
        Col("owner", r.label("owner")),
        Col("since", r.t("col_since"), "date"),
    ]
