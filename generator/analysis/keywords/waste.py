"""Is a P4P word wasting money? One verdict per word, the same for the keyword library and the
weekly page: evidence, not a single click (see PLAYBOOK "How findings are judged", Evidence)."""

from __future__ import annotations

import pandas as pd

WASTE, NO_CLICKS = "waste", "no_clicks"


def account_rate(clicks: pd.Series, inquiries: pd.Series) -> float | None:
    """The account's P4P click→inquiry rate over the same span: all inquiries ÷ all clicks of
    the words whose report counts inquiries (None without such clicks)."""
    known = inquiries.notna()
    total = float(clicks[known].fillna(0).sum())
    return float(inquiries[known].sum()) / total if total > 0 else None


def zero_chance(clicks: pd.Series, rate: float | None) -> pd.Series:
    """P(0 inquiries | n clicks) = (1 − rate)^n at the account's rate (1.0 without a rate)."""
    if not rate:
        return pd.Series(1.0, index=clicks.index)
    return (1.0 - min(rate, 1.0)) ** clicks.fillna(0).astype(float)


def waste_verdicts(
    clicks: pd.Series,
    inquiries: pd.Series,
    spend: pd.Series,
    max_chance: float,
    min_spend: float,
) -> pd.Series:
    """Per word: ``"waste"`` when it spent, has no inquiry (where the report counts them) and
    either its clicks make zero inquiries unlikely at the account's rate (chance below
    ``max_chance``) or it spent more than ``min_spend``; ``"no_clicks"`` when it spent without a
    single click; else ``""``. A word with an inquiry is never waste."""
    clicks = clicks.astype(float)
    spent = spend.fillna(0).astype(float) > 0
    has_inquiry = inquiries.fillna(0).astype(float) > 0
    no_inquiry = inquiries.notna() & ~has_inquiry
    chance = zero_chance(clicks, account_rate(clicks, inquiries))
    evidence = (chance < max_chance) | (spend.fillna(0).astype(float) > min_spend)
    clicked = clicks.fillna(0) > 0
    out = pd.Series("", index=clicks.index, dtype=object)
    out[(spent & ~has_inquiry & ~clicked).to_numpy()] = NO_CLICKS
    out[(spent & no_inquiry & clicked & evidence).to_numpy()] = WASTE
    return out
