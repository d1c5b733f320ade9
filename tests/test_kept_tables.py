"""A kept week's (or month's) facts come back from the store with their tables still pickled:
a new day's build reads every kept period's to-do items, but the tables only of the pages it
renders again (analysis/week_facts.py)."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pandas as pd

from generator.analysis.week_facts import TABLES, WeekFacts, packing_tables
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
    # unread, they are kept again as the same bytes
    assert pickle.dumps(carried, protocol=5) == pickle.dumps(
        pickle.loads(pickle.dumps(carried, protocol=5)), protocol=5
    )


def test_kept_tables_read_on_first_use_are_the_tables_computed(built_demo: BuiltDemo) -> None:
    for facts in kept_periods(built_demo).values():
        # every field, the tables read: dataclasses.replace reads each field
        whole = dataclasses.replace(facts)
        assert set(TABLES) <= set(vars(facts))  # the first table asked for read them all
        again = pickle.loads(pickle.dumps(whole, protocol=5))
        for f in dataclasses.fields(WeekFacts):
            assert same(getattr(whole, f.name), getattr(again, f.name)), f.name
        assert len(facts.peers.columns) and isinstance(facts.owners, dict)


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
