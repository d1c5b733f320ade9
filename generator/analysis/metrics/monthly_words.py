"""The monthly review's words: which traffic words a title covers, the words a product is
found by, how the words' search index moves, and the words a hot product's title should keep
or could add. Pure functions of frames and dates.

Words are compared as the keyword library compares them (:func:`normalise_keyword`): a title
*covers* a word when it holds every token of the word (small English words such as "for"
need not be there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..keywords import cover_tokens, covering, normalise_keyword, title_index
from .weekly_store import reports_in


def word_tokens(word: str) -> list[str]:
    """The tokens a title must hold to cover ``word`` (as the keyword library decides)."""
    return cover_tokens(normalise_keyword(word))


def words_of_titles(titles: Sequence[Any], words: Iterable[str]) -> list[list[str]]:
    """For each title, the words (in the order given) it covers."""
    index = title_index(titles)
    out: list[list[str]] = [[] for _ in titles]
    for w in words:
        for i in sorted(covering(word_tokens(w), index)):
            out[i].append(w)
    return out


def traffic_words(traffic: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """引流关键词 of the reports inside [start, end], of one report length (:func:`reports_in`:
    a monthly report and the weekly ones are never added together), one row per normalised
    word: impressions, clicks, CTR and the latest search index; most clicks first."""
    cols = ["word", "impressions", "clicks", "ctr", "search_index"]
    if traffic is None or traffic.empty:
        return pd.DataFrame(columns=cols)
    frame = reports_in(traffic, start, end)
    if frame.empty:
        return pd.DataFrame(columns=cols)
    frame = frame.assign(
        word=[normalise_keyword(k) for k in frame["keyword"]],
        _end=pd.to_datetime(frame["period_end"]),
        impressions=pd.to_numeric(frame["impressions"], errors="coerce"),
        clicks=pd.to_numeric(frame["clicks"], errors="coerce"),
        search_index=pd.to_numeric(frame.get("search_index"), errors="coerce")
        if "search_index" in frame
        else np.nan,
    )
    frame = frame[frame["word"] != ""]
    g = frame.groupby("word").agg(impressions=("impressions", "sum"), clicks=("clicks", "sum"))
    latest = frame.sort_values("_end").dropna(subset=["search_index"]).groupby("word").last()
    g["search_index"] = latest["search_index"].reindex(g.index)
    g["ctr"] = (g["clicks"] / g["impressions"]).where(g["impressions"] > 0)
    g = g.reset_index().sort_values(
        ["clicks", "impressions", "word"], ascending=[False, False, True]
    )
    return g[cols].reset_index(drop=True)


def source_words(titles: Sequence[Any], words: pd.DataFrame, n: int = 3) -> list[list[str]]:
    """Per title, the traffic words it covers that brought the most clicks (then impressions):
    the words the product is found by."""
    useful = words[(words["clicks"] > 0) | (words["impressions"] > 0)] if len(words) else words
    got = words_of_titles(titles, list(useful["word"]) if len(useful) else [])
    return [g[:n] for g in got]


def index_trend(
    traffic: pd.DataFrame, keyword_index: pd.DataFrame, day: dt.date, days: int = 28
) -> dict[str, float]:
    """Per normalised word: how its search index moved over the ``days`` before ``day``. From
    引流关键词's weekly 关键词指数 (latest against the value ``days`` earlier), else from
    关键词指数 downloads (their 30-day 搜索涨幅)."""
    out: dict[str, float] = {}
    if keyword_index is not None and len(keyword_index) and "search_growth" in keyword_index:
        ends = pd.to_datetime(keyword_index["period_end"]).dt.date
        ki = keyword_index[(ends <= day) & (ends > day - dt.timedelta(days=days))]
        ki = ki.assign(_end=pd.to_datetime(ki["period_end"])).sort_values("_end")
        for k, g in zip(ki["keyword"], ki["search_growth"], strict=True):
            if pd.notna(g):
                out[normalise_keyword(k)] = float(g)
    if traffic is not None and len(traffic) and "search_index" in traffic:
        ends = pd.to_datetime(traffic["period_end"]).dt.date
        tr = traffic[(ends <= day) & (ends > day - dt.timedelta(days=days + 14))]
        names = {k: normalise_keyword(k) for k in tr["keyword"].unique()}
        tr = pd.DataFrame(
            {
                "word": tr["keyword"].map(names),
                "_end": pd.to_datetime(tr["period_end"]),
                "idx": pd.to_numeric(tr["search_index"], errors="coerce"),
            }
        ).dropna(subset=["idx"])
        if tr.empty:  # no keyword report in the window (only later or earlier ones)
            return out
        # per word and date the highest index; per word the latest, and the first on or before
        # ``days - 7`` days earlier than that
        by = tr.groupby(["word", "_end"], sort=True)["idx"].max().reset_index()
        last = by.groupby("word").tail(1).set_index("word")
        cut = by["word"].map(last["_end"]) - pd.Timedelta(days=days - 7)
        first = by[by["_end"] <= cut].groupby("word").head(1).set_index("word")["idx"]
        first = first[first > 0]
        for word, before in first.items():
            out[str(word)] = float(last.at[word, "idx"] / before - 1)
    return out


def category_vocab(
    titles: Sequence[Any], categories: Sequence[Any], catalogue: pd.DataFrame, unknown: str
) -> list[set[str]]:
    """Per title, the tokens of the titles of its category in ``catalogue`` (title, category):
    the words an operator could add without leaving the product's category. A product of no
    known category (``unknown``) has only its own title's tokens."""
    by_cat: dict[str, set[str]] = {}
    for t, c in zip(catalogue["title"], catalogue["category"], strict=True):
        by_cat.setdefault(str(c), set()).update(normalise_keyword(t).split())
    out = []
    for t, c in zip(titles, categories, strict=True):
        own = set(normalise_keyword(t).split())
        known = c is not None and str(c) not in ("", "nan", unknown)
        out.append(own | by_cat.get(str(c), set()) if known else own)
    return out


def title_suggestions(
    titles: Sequence[Any],
    words: pd.DataFrame,
    n: int = 3,
    vocab: Sequence[set[str]] | None = None,
) -> tuple[list[list[str]], list[list[str]]]:
    """Per title: the words to keep (covered, and they bring clicks) and words to add (the
    title misses exactly one of their tokens, that token is used in the product's category —
    ``vocab``, :func:`category_vocab`; without it, none — and they are searched: a search
    index or impressions in the data, highest index first) — improve the title, do not
    rewrite it."""
    keep = source_words(titles, words, n)
    if words.empty or vocab is None:
        return keep, [[] for _ in titles]
    idx = pd.to_numeric(words["search_index"], errors="coerce").fillna(0)
    shown = pd.to_numeric(words["impressions"], errors="coerce").fillna(0)
    ranked = words.assign(_idx=idx)[(idx > 0) | (shown > 0)].sort_values(
        ["_idx", "impressions", "word"], ascending=[False, False, True]
    )
    add: list[list[str]] = []
    for title, known in zip(titles, vocab, strict=True):
        toks = set(normalise_keyword(title).split())
        got = []
        for w in ranked["word"]:
            missing = [t for t in word_tokens(w) if t not in toks]
            if len(word_tokens(w)) >= 2 and len(missing) == 1 and missing[0] in known:
                got.append(w)
                if len(got) >= n:
                    break
        add.append(got)
    return keep, add
