"""The rule as data: every to-do item on the site — daily, weekly, monthly — comes from a
:class:`Rule` registered here with :func:`rule`: its name, the period it judges, its scope,
the settings it reads, and its check, a function of that period's facts and the settings
that yields :class:`Finding` s. A finding becomes an :class:`Action` (the to-do line) with
its message from the one catalog (``todo_<name>`` in generator/i18n.py).

Thresholds come from the settings (config.py), never from the rules' files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...config import Settings
from ...foundation.titles import short_title
from ...i18n import translate

Check = Callable[[Any, Settings], Iterable["Finding"]]
PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Rule:
    name: str
    period: str  # day | week | month: whose facts it reads
    scope: str  # store | inquiries | p4p | country | data | products | keywords | showcase …
    settings: tuple[str, ...] = ()  # the settings it reads (the config reference lists them)
    check: Check | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """Its message's key in the catalog (generator/i18n.py)."""
        return f"todo_{self.name}"


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: about ``subject``, shown at ``anchor`` of the period's page
    (or at ``link``, a path from the site root, when the evidence is elsewhere), with the
    values its message needs."""

    rule: str
    subject: str
    anchor: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)
    link: str = ""
    # what is at stake, in the period's facts (never estimated): money spent (``yuan``),
    # inquiries (``leads``) or impressions; None when the facts have no such number
    stake: float | None = field(default=None, kw_only=True)
    stake_unit: str | None = field(default=None, kw_only=True)  # yuan | leads | impressions
    # the product's or word's owner (产品负责人), where one is known
    owner: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Action:
    date: dt.date
    scope: str
    rule: str
    subject: str
    message: str
    # the evidence on the site, relative to the site root (e.g. daily/2026-11-21.md#p4p)
    link: str = ""
    stake: float | None = None  # the finding's, per ``period``
    stake_unit: str | None = None
    owner: str | None = None
    since: dt.date | None = None  # the end of the first period the same item was open
    key: str = ""  # rule + subject: the same item on consecutive periods
    period: str = "day"  # day | week | month: the span of ``date`` (and of the stake)
    # the finding's values (a page that escapes them one by one builds its own text)
    values: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def open_periods(self) -> int:
        """For how many periods (days, weeks, months) the item has been open, this one
        included."""
        if self.since is None or self.since >= self.date:
            return 1
        if self.period == "month":
            return (self.date.year - self.since.year) * 12 + self.date.month - self.since.month + 1
        return (self.date - self.since).days // (7 if self.period == "week" else 1) + 1


RULES: dict[str, Rule] = {}


def positive(value: Any) -> float | None:
    """A stake from the facts: a positive number, else None (nothing to size: no stake is
    ever estimated)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if v > 0 else None


def product_label(pid: Any, titles: Mapping[str, Any], lang: str) -> str:
    """A product as every to-do item names it: its short title (cut at a word,
    :func:`short_title`) and its ID, 「Wholesale Solar Motion…（ID 1600191252679）」; the ID
    alone when the facts know no title for it. The title is untrusted text: the page escapes
    the message (or this value) when it writes it."""
    key = str(pid)
    given = titles.get(key)
    title = short_title(given) if isinstance(given, str) else ""
    if not title:
        return key
    return translate("todo_product", lang, title=title, id=key)


def rule(
    name: str, period: str, scope: str, settings: tuple[str, ...] = ()
) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``name`` (in the order rules are listed: to-do lists
    keep it)."""
    assert period in PERIODS, period

    def register(check: Check) -> Check:
        assert name not in RULES, f"two rules named {name}"
        RULES[name] = Rule(name, period, scope, tuple(settings), check)
        return check

    return register


def message(rule_name: str, lang: str, **values: Any) -> str:
    """A finding's text; a ``variant`` value picks the rule's variant text
    (``todo_<name><variant>`` in the catalog), e.g. what is left for a product already
    promoted."""
    variant = str(values.pop("variant", "") or "")
    return translate(RULES[rule_name].key + variant, lang, **values)


def findings(period: str, facts: Any, settings: Settings) -> list[Finding]:
    """What every rule of ``period`` finds in ``facts``, rule by rule."""
    return [
        f
        for r in RULES.values()
        if r.period == period and r.check is not None
        for f in r.check(facts, settings)
    ]


def to_actions(
    end: dt.date, page: str, found: Iterable[Finding], lang: str, period: str = ""
) -> list[Action]:
    """The to-do lines of findings on the period page ``page`` (its path from the site root)
    of the ``period`` (default: the rule's) ending ``end``; each open since ``end`` (or the
    finding's own ``since`` value) until :func:`~.todo.carry_since` finds it open before."""
    return [
        Action(
            end,
            RULES[f.rule].scope,
            f.rule,
            f.subject,
            message(f.rule, lang, **f.values),
            f.link or f"{page}#{f.anchor}",
            stake=f.stake,
            stake_unit=f.stake_unit if f.stake is not None else None,
            owner=f.owner,
            since=_since(f, end),
            key=f"{f.rule}:{f.subject}",
            period=period or RULES[f.rule].period,
            values=dict(f.values),
        )
        for f in found
    ]


def _since(f: Finding, end: dt.date) -> dt.date:
    """The first day a finding says it was open: its ``since`` value (a date or an ISO date),
    else its ``day_n`` (day N of an incident: N − 1 days before ``end``), else ``end``."""
    given, day_n = f.values.get("since"), f.values.get("day_n")
    if isinstance(given, str):
        try:
            given = dt.date.fromisoformat(given[:10])
        except ValueError:
            given = None
    if isinstance(given, dt.datetime):
        given = given.date()
    if not isinstance(given, dt.date) and isinstance(day_n, int) and day_n > 1:
        given = end - dt.timedelta(days=day_n - 1)
    return given if isinstance(given, dt.date) and given < end else end


def actions(end: dt.date, period: str, page: str, facts: Any, settings: Settings) -> list[Action]:
    """Every to-do item of one period page from its facts."""
    return to_actions(end, page, findings(period, facts, settings), settings.language, period)
