"""Assembling the keyword library: one entry per normalised word with its spellings and
sources, the numbers of each source (:mod:`.figures`), the English original of a non-English
word, the live products covering it, its status and action (:mod:`.statuses`), the words
needing action first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import figures
from .coverage import coverage
from .schema import LIBRARY_COLUMNS, SOURCE_BIT, SOURCES, STATUSES, KeywordRules, empty_library
from .sources import current, observations
from .statuses import judge
from .words import display_form, english_candidates, language_of, normalise_keyword


def _spellings(obs: pd.DataFrame) -> pd.DataFrame:
    """Per key: the most used spelling (``keyword``) and every spelling (``variants``)."""
    counts = obs.groupby(["key", "variant"], sort=False).size().rename("n").reset_index()
    counts["not_key"] = counts["variant"] != counts["key"]
    counts["len"] = counts["variant"].str.len()
    counts = counts.sort_values(
        ["key", "n", "not_key", "len", "variant"], ascending=[True, False, True, True, True]
    )
    keyword = counts.groupby("key", sort=True)["variant"].first()
    variants = (
        counts.sort_values(["key", "variant"]).groupby("key", sort=True)["variant"].agg(" | ".join)
    )
    lib = pd.DataFrame({"keyword": keyword, "variants": variants})
    lib.index.name = "key"
    return lib


def _entries(obs: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame]:
    """The library's entries (keys and spellings, first and last seen, sources, language), the
    raw word → key map, and the observations with their keys and spellings."""
    raws = pd.unique(obs["raw"])
    keymap = {raw: normalise_keyword(raw) for raw in raws}
    keymap = {raw: k for raw, k in keymap.items() if k}
    obs["key"] = obs["raw"].map(keymap)
    obs = obs.dropna(subset=["key"])
    obs["variant"] = obs["raw"].map({raw: display_form(raw) for raw in keymap})
    lib = _spellings(obs)
    g = obs.groupby("key", sort=True)
    lib["first_seen"] = g["date"].min()
    lib["last_seen"] = g["date"].max()
    src_sets = obs[["key", "source"]].drop_duplicates()
    src_sets["bit"] = src_sets["source"].map(SOURCE_BIT).astype(np.int64)
    lib["source_mask"] = src_sets.groupby("key")["bit"].sum()
    order = {s: i for i, s in enumerate(sorted(SOURCES))}
    lib["sources"] = (
        src_sets.assign(o=src_sets["source"].map(order))
        .sort_values(["key", "o"])
        .groupby("key")["source"]
        .agg(";".join)
    )
    lib["language"] = [language_of(k) for k in lib["keyword"]]
    return lib, keymap, obs


def _translation_pairs(
    src: dict[str, pd.DataFrame], keymap: dict[str, str], r: KeywordRules
) -> dict[str, str]:
    """Foreign key → English key: the P4P search-term report's matches, then ``translations``."""
    pairs_map: dict[str, str] = {}
    st = src["p4p_search_terms"]
    if len(st) and {"search_term", "matched_keyword"} <= set(st.columns):
        for term, matched in (
            st[["search_term", "matched_keyword"]]
            .dropna()
            .drop_duplicates()
            .itertuples(index=False)
        ):
            a, b = keymap.get(str(term).strip()), normalise_keyword(matched)
            if a and b and a != b:
                pairs_map.setdefault(a, b)
    for eng, others in sorted((r.translations or {}).items()):
        b = normalise_keyword(eng)
        for other in others:
            a = normalise_keyword(other)
            if a and b and a != b:
                pairs_map[a] = b
    return pairs_map


def _originals(
    lib: pd.DataFrame,
    obs: pd.DataFrame,
    src: dict[str, pd.DataFrame],
    keymap: dict[str, str],
    r: KeywordRules,
) -> pd.DataFrame:
    """English originals of non-English words: a known pair, else the most seen English word
    with the tokens of one of the word's glossary translations."""
    english = lib[lib["language"] == "en"]
    by_tokens: dict[frozenset[str], str] = {}
    weight = obs.groupby("key").size()
    for key in sorted(english.index, key=lambda k: (-int(weight.get(k, 0)), k)):
        by_tokens.setdefault(frozenset(key.split()), key)
    pairs_map = _translation_pairs(src, keymap, r)
    originals = []
    eng_keys = set(english.index)
    for key, language in zip(lib.index, lib["language"], strict=True):
        got = ""
        if language != "en":
            cand = pairs_map.get(key)
            if cand is not None and cand in eng_keys:
                got = cand
            else:
                for toks in english_candidates(key):
                    hit = by_tokens.get(toks)
                    if hit:
                        got = hit
                        break
        originals.append(got)
    lib["original"] = originals
    lib["translated"] = (lib["original"] != "") & (
        (lib["source_mask"] & SOURCE_BIT["traffic_keywords"]) > 0
    )
    return lib


def _covering_products(lib: pd.DataFrame, src: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Coverage: live products (the latest products file) whose title holds every token; a
    translated word is covered by whatever covers its original."""
    products = src["products"]
    lib["covering_products"] = np.nan
    if len(products) and "title" in products:
        latest = products[products["period_end"] == products["period_end"].max()]
        live = latest.dropna(subset=["title"]).drop_duplicates(
            subset=["product_id"] if "product_id" in latest else None
        )
        cover = pd.Series(
            coverage(list(lib.index), live["title"].astype(str).tolist()),
            index=lib.index,
            dtype=float,
        )
        via = lib["original"].map(cover).where(lib["original"] != "")
        lib["covering_products"] = via.fillna(cover)
    return lib


def _ordered(lib: pd.DataFrame) -> pd.DataFrame:
    """The words needing action first (by status, then index, impressions, word), typed."""
    rank = {s: i for i, s in enumerate(STATUSES)}
    lib["_order"] = lib["status"].map(rank)
    lib["_index"] = lib["search_index"].fillna(-1)
    lib = lib.sort_values(
        ["_order", "_index", "impressions", "keyword"],
        ascending=[True, False, False, True],
        na_position="last",
    )
    lib = lib.reset_index()
    for col in ("first_seen", "last_seen"):
        lib[col] = [d.date() if pd.notna(d) else None for d in lib[col]]
    for col in ("translated", "in_p4p", "double_exposure", "planned"):
        lib[col] = lib[col].fillna(False).astype(bool)
    lib["source_mask"] = lib["source_mask"].fillna(0).astype(np.int64)
    return lib[list(LIBRARY_COLUMNS)]


def build_library(
    sources: Mapping[str, pd.DataFrame],
    as_of: dt.date,
    rules: Any = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """The keyword library as of ``as_of``: one row per normalised word, columns
    :data:`LIBRARY_COLUMNS`, the words needing action first. ``sources`` maps kinds of
    :data:`KEYWORD_KINDS` to their current rows (missing kinds are fine); ``rules`` is a
    :class:`KeywordRules`, a Settings object or None (defaults); ``lang`` the action's language."""
    r = KeywordRules.from_settings(rules)
    src = current(sources, pd.Timestamp(as_of))
    obs = observations(src)
    if obs.empty:
        return empty_library()
    lib, keymap, obs = _entries(obs)
    lib, tk_days = figures.search_numbers(lib, src, keymap, r)
    lib = figures.p4p_numbers(lib, src, keymap, r)
    lib = figures.visitor_numbers(lib, src, keymap, r)
    lib = figures.rfq_numbers(lib, src, keymap, r)
    lib = figures.planned_words(lib, src, keymap)
    lib = figures.rank_numbers(lib, src, keymap)
    lib = _originals(lib, obs, src, keymap, r)
    lib = _covering_products(lib, src)
    lib = judge(lib, r, tk_days, lang)
    return _ordered(lib)
