"""Reading the keyword kinds: their rows up to the as-of date, a kind's window of data, and
every word each kind holds as an observation (raw word, source, date); per-key sums and latest
values of a kind's rows.

Windows. Sums cover the last ``window_days`` days *of data* of each kind: the window ends at the
kind's latest period end (or row date) on or before the as-of date, so a kind exported a few
days late still counts. Of a kind exported at several granularities the one that covers the
window best is used, never two at once (a month file and its weeks would count twice)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ...inputs import KEYWORD_KINDS
from ...kinds import KINDS

_LIST_SPLIT = r"[,，;；、|\n]+"
_MISSING_WORDS = frozenset({"", "-", "--", "—", "n/a", "na", "none", "null"})


def _frame(sources: Mapping[str, pd.DataFrame], kind: str) -> pd.DataFrame:
    got = sources.get(kind)
    return got if got is not None else pd.DataFrame()


def _ts(series: pd.Series) -> pd.Series:
    """Dates as midnight timestamps of one resolution (the store's, microseconds)."""
    return pd.to_datetime(series, errors="coerce").dt.normalize().astype("datetime64[us]")


def _upto(frame: pd.DataFrame, col: str, as_of: pd.Timestamp) -> pd.DataFrame:
    if frame.empty or col not in frame:
        return frame.iloc[0:0]
    frame = frame.assign(**{col: _ts(frame[col])})
    if "period_start" in frame:
        frame["period_start"] = _ts(frame["period_start"])
    if "period_end" in frame and col != "period_end":
        frame["period_end"] = _ts(frame["period_end"])
    return frame[frame[col] <= as_of]


_GRAN_ORDER = {"day": 0, "week": 1, "month": 2}


def window(frame: pd.DataFrame, days: int) -> tuple[pd.DataFrame, int]:
    """The rows of the last ``days`` days of a periodic kind's data, at the one granularity that
    covers them best; and how many days those rows cover."""
    if frame.empty:
        return frame, 0
    best: tuple[Any, ...] | None = None
    for gran, g in frame.groupby("granularity", sort=True, dropna=False):
        latest = g["period_end"].max()
        start = latest - pd.Timedelta(days=days - 1)
        inwin = g[g["period_start"] >= start]
        if inwin.empty:  # periods longer than the window: the latest one
            inwin = g[g["period_end"] == latest]
        periods = inwin[["period_start", "period_end"]].drop_duplicates()
        covered = int(((periods["period_end"] - periods["period_start"]).dt.days + 1).sum())
        cand = (
            latest,
            min(covered, days),
            -_GRAN_ORDER.get(str(gran), 3),
            str(gran),
            inwin,
            covered,
        )
        if best is None or cand[:4] > best[:4]:
            best = cand
    assert best is not None
    return best[4], max(1, best[5])


def dated_window(frame: pd.DataFrame, col: str, days: int) -> pd.DataFrame:
    if frame.empty:
        return frame
    latest = frame[col].max()
    return frame[frame[col] > latest - pd.Timedelta(days=days)]


def split_list(series: pd.Series) -> pd.Series:
    """A column of comma-separated words, one word per row (index kept)."""
    s = series.dropna().astype(str)
    if s.empty:
        return s
    out = s.str.split(_LIST_SPLIT, regex=True).explode().str.strip()
    return out[~out.str.casefold().isin(_MISSING_WORDS)]


def _competitor_source(label: Any) -> str:
    text = str(label or "").casefold()
    for needles, source in (
        (("同行", "peer", "competitor"), "peers"),
        (("下拉", "dropdown", "suggest"), "dropdown"),
        (("相关", "related"), "related"),
        (("软件", "tool", "采集"), "tools"),
    ):
        if any(n in text for n in needles):
            return source
    return "collected"


def current(sources: Mapping[str, pd.DataFrame], as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """Every kind of :data:`KEYWORD_KINDS` as of ``as_of`` (a missing kind is empty): row-dated
    kinds by their dates, the others by their periods' ends."""
    return {
        k: _upto(_frame(sources, k), KINDS[k].date_column or "period_end", as_of)
        for k in KEYWORD_KINDS
    }


def _sightings(
    src: dict[str, pd.DataFrame],
) -> Iterator[tuple[pd.Series, str | pd.Series, pd.Series]]:
    """(words, source, dates) of each kind that holds words, in source order."""
    for kind, col in (
        ("traffic_keywords", "keyword"),
        ("keyword_index", "keyword"),
        ("p4p_keywords", "keyword"),
        ("p4p_search_terms", "search_term"),
    ):
        f = src[kind]
        if len(f) and col in f:
            f = f.dropna(subset=[col])
            yield f[col], kind, f["period_end"]
    f = src["visitors"]
    for col, source in (
        ("preferred_keywords", "visitor_preferred"),
        ("store_search_terms", "store_search"),
    ):
        if len(f) and col in f:
            words = split_list(f[col])
            yield words, source, f.loc[words.index, "visit_date"]
    for kind, date_col in (("rfq", "date"), ("keyword_ranks", "date")):
        f = src[kind]
        if len(f) and "keyword" in f:
            f = f.dropna(subset=["keyword"])
            yield f["keyword"], kind, f[date_col]
    f = src["competitor_keywords"]
    if len(f) and "keyword" in f:
        f = f.dropna(subset=["keyword"])
        labels = f["source"] if "source" in f else pd.Series("", index=f.index)
        yield f["keyword"], labels.map(_competitor_source), f["period_end"]
    f = src["new_products"]
    if len(f) and "target_keywords" in f:
        words = split_list(f["target_keywords"])
        yield words, "new_products", f.loc[words.index, "period_end"]


def observations(src: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every (raw word, source, date) the sources hold."""
    parts = [
        pd.DataFrame(
            {
                "raw": words.astype(str).to_numpy(),
                "source": source if isinstance(source, str) else source.to_numpy(),
                "date": dates.to_numpy(),
            }
        )
        for words, source, dates in _sightings(src)
        if len(words)
    ]
    if not parts:
        return pd.DataFrame(
            {"raw": [], "source": [], "date": pd.Series([], dtype="datetime64[us]")}
        )
    obs = pd.concat(parts, ignore_index=True)
    obs["raw"] = obs["raw"].astype(str).str.strip()
    return obs[~obs["raw"].str.casefold().isin(_MISSING_WORDS)]


# -- per key ----------------------------------------------------------------------------------------


def keyed(frame: pd.DataFrame, col: str, keymap: dict[str, str]) -> pd.DataFrame:
    f = frame.dropna(subset=[col])
    keys = f[col].astype(str).str.strip().map(keymap)
    return f.assign(key=keys.to_numpy()).dropna(subset=["key"])


def num(frame: pd.DataFrame, col: str) -> pd.Series:
    if col in frame:
        return pd.to_numeric(frame[col], errors="coerce")
    return pd.Series(np.nan, index=frame.index, dtype=float)


def key_sums(frame: pd.DataFrame, cols: Iterable[str]) -> pd.DataFrame:
    """Per key, the sum of each column (missing when every value is missing)."""
    data = pd.DataFrame({c: num(frame, c) for c in cols})
    data["key"] = frame["key"].to_numpy()
    return data.groupby("key").sum(min_count=1)


def latest_values(frame: pd.DataFrame, date_col: str, cols: dict[str, str]) -> pd.DataFrame:
    """Per key, the values of the latest row (the highest search index among same-day rows)."""
    data = pd.DataFrame({new: num(frame, old) for new, old in cols.items()})
    data["key"] = frame["key"].to_numpy()
    data["_date"] = frame[date_col].to_numpy()
    first = next(iter(cols))
    data = data.sort_values(["key", "_date", first], na_position="first")
    return data.groupby("key").last(skipna=False).drop(columns=["_date"])


def index_trend(traffic: pd.DataFrame, days: int) -> pd.Series:
    """Per key: the change of 关键词指数 from ``days`` days before the latest value to it."""
    data = pd.DataFrame(
        {
            "key": traffic["key"].to_numpy(),
            "date": traffic["period_end"].to_numpy(),
            "idx": num(traffic, "search_index").to_numpy(),
        }
    ).dropna(subset=["idx"])
    if data.empty:
        return pd.Series(dtype=float)
    data = data.groupby(["key", "date"], as_index=False)["idx"].max()
    last = data.sort_values("date").groupby("key").tail(1)
    last = last.assign(target=last["date"] - pd.Timedelta(days=days)).sort_values("target")
    hist = data.sort_values("date").rename(columns={"date": "then", "idx": "idx0"})
    merged = pd.merge_asof(
        last, hist, left_on="target", right_on="then", by="key", direction="backward"
    )
    ok = merged["then"].notna() & (merged["then"] > merged["target"] - pd.Timedelta(days=days))
    ok &= merged["idx0"] > 0
    trend = (merged["idx"] / merged["idx0"] - 1.0).where(ok)
    return pd.Series(trend.to_numpy(), index=merged["key"].to_numpy()).dropna()
