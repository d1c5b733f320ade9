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
    stake: float | None = None  # the money or leads at stake
    stake_unit: str | None = None  # yuan | leads | impressions
    owner: str | None = None


@dataclass(frozen=True)
class Action:
    date: dt.date
    scope: str
    rule: str
    subject: str
    message: str
    # the evidence on the site, relative to the site root (e.g. daily/2026-11-21.md#p4p)
    link: str = ""


RULES: dict[str, Rule] = {}


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


def to_actions(end: dt.date, page: str, found: Iterable[Finding], lang: str) -> list[Action]:
    """The to-do lines of findings on the period page ``page`` (its path from the site root)."""
    return [
        Action(
            end,
            RULES[f.rule].scope,
            f.rule,
            f.subject,
            message(f.rule, lang, **f.values),
            f.link or f"{page}#{f.anchor}",
        )
        for f in found
    ]


def actions(end: dt.date, period: str, page: str, facts: Any, settings: Settings) -> list[Action]:
    """Every to-do item of one period page from its facts."""
    return to_actions(end, page, findings(period, facts, settings), settings.language)
