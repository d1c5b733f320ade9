"""A kept week's (or month's) facts come back from the store with their tables still pickled:
a new day's build reads every kept period's to-do items, but the tables only of the pages it
renders again (analysis/week_facts.py)."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pandas as pd

from generator.analysis import totals
from generator.analysis.keywords import build_library
from generator.analysis.week_facts import TABLES, WeekFacts, packing_tables
from generator.analysis.weekly import MONTH, WEEK, Context, week_facts
from generator.inputs import load_inputs
from generator.pipeline import kept_memo
from generator.store import open_store
from tests.conftest import BuiltDemo


def kept_periods(demo: BuiltDemo) -> dict[tuple[str, Any], WeekFacts]:
    with open_store(demo.workspace.db_path, read_only=True) as store:
        memo = kept_memo(store)
    return {
        period: facts
        for period, (_key, facts) in memo.kept.items()
        if period[0] in ("facts:week", "facts:month")
    }


def same(a: Any, b: Any) -> bool:
    if isinstance(a, pd.DataFrame):
        return isinstance(b, pd.DataFrame) and a.equals(b) and list(a.columns) == list(b.columns)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return repr(a) == repr(b)


def test_kept_facts_give_their_to_do_items_without_reading_their_tables(
    built_demo: BuiltDemo,
) -> None:
    periods = kept_periods(built_demo)
    assert sum(p[0] == "facts:week" for p in periods) >= 4, sorted(periods)
    assert any(p[0] == "facts:month" for p in periods)
    for facts in periods.values():
        assert not set(TABLES) & set(vars(facts)), "tables unpickled with the kept facts"
        assert isinstance(facts.actions, list) and facts.end is not None
    facts = periods[max(p for p in periods if p[0] == "facts:week")]
    carried = facts.with_actions([])
    assert carried.actions == [] and not set(TABLES) & set(vars(carried))
    # unread, they are kept again as they came (not pickled anew), and read back the same
    state = carried.__getstate__()
    assert isinstance(state, tuple) and state[1] is vars(facts)["_tables_pickled"]
    assert pickle.dumps(carried, protocol=5) == pickle.dumps(
        pickle.loads(pickle.dumps(carried, protocol=5)), protocol=5
    )


def test_kept_tables_read_on_first_use_are_the_tables_computed(built_demo: BuiltDemo) -> None:
    """The latest week's and month's tables, read from the store on first use, are the ones the
    analysis computes for them now (the store's inputs are those they were kept from)."""
    periods = kept_periods(built_demo)
    with open_store(built_demo.workspace.db_path, read_only=True) as store:
        inputs = load_inputs(store, built_demo.as_of)
    _daily, weekly, monthly = totals(inputs, built_demo.settings)
    library = build_library(
        inputs.keyword_sources, inputs.as_of, built_demo.settings, lang=built_demo.settings.language
    )
    ctx = Context(inputs, weekly, monthly, library, built_demo.settings, None)
    for scale in (WEEK, MONTH):
        end = max(e for step, e in periods if step == f"facts:{scale.step}")
        kept, computed = periods[(f"facts:{scale.step}", end)], week_facts(ctx, end, scale)
        assert not set(TABLES) & set(vars(kept))
        for name in TABLES:
            assert same(getattr(kept, name), getattr(computed, name)), (scale.step, name)
        assert set(TABLES) <= set(vars(kept))  # the first table asked for read them all


def test_facts_pickled_whole_by_older_code_still_load(built_demo: BuiltDemo) -> None:
    facts = dataclasses.replace(next(iter(kept_periods(built_demo).values())))
    old = WeekFacts.__new__(WeekFacts)
    old.__setstate__(dict(vars(facts)))  # the state pickle gave before the tables went apart
    assert same(old.peers, facts.peers) and old.actions == facts.actions


def test_facts_sent_back_by_a_worker_come_whole(built_demo: BuiltDemo) -> None:
    """Outside keep_memo (a worker sending its facts back, for pages the same build renders),
    the tables travel read: packed, a large store's first build took more memory."""
    whole = dataclasses.replace(next(iter(kept_periods(built_demo).values())))
    sent = pickle.loads(pickle.dumps(whole, protocol=5))
    assert set(TABLES) <= set(vars(sent))
    with packing_tables():
        kept = pickle.loads(pickle.dumps(whole, protocol=5))
    assert not set(TABLES) & set(vars(kept)) and same(kept.peers, whole.peers)
