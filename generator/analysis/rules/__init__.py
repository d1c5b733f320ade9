"""Every to-do item on the site comes from here: the rules of the daily routine
(:mod:`.daily`), the weekly report (:mod:`.weekly`) and the monthly review
(:mod:`.monthly`), registered in :data:`RULES` (see :mod:`.base`)."""

from . import monthly as monthly  # registers the monthly rules
from . import weekly as weekly  # registers the weekly rules
from .base import RULES, Action, Finding, Rule, actions, findings, message, rule, to_actions
from .daily import LANGUAGE_SITES, daily_actions

__all__ = [
    "LANGUAGE_SITES",
    "RULES",
    "Action",
    "Finding",
    "Rule",
    "actions",
    "daily_actions",
    "findings",
    "message",
    "rule",
    "to_actions",
]
