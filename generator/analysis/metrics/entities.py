"""The entities an anomaly is looked for on besides the store (issue 15, item 4): each
category (when the store has more than one), country (买家地域), channel (流量来源) and the top
products by impressions over the baseline weeks — as days × entities frames, judged with the
store's same-weekday robust band and counting noise floor, and a minimum baseline so that
small entities do not flood the list. Pure functions of frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...foundation.shared_text import numbered_texts
from .anomalies import COUNTS, SOURCE, pivot_sum
from .bands import MIN_BAND_POINTS, robust_band, same_weekday_history

ENTITY_METRICS = ("impressions", "clicks", "visitors", "inquiries")
# impressions swing far more than counting noise (search ranking moves every day): an entity's
# impressions are judged from ten times the minimum baseline of the other counts
IMPRESSIONS_FACTOR = 10


@dataclass(frozen=True)
class EntityAnomaly:
    """One metric of one entity outside its band on one day."""

    day: dt.date
    dimension: str  # store | category | country | channel | product
    key: str
    label: str
    metric: str
    value: float
    baseline: float
    low: float
    high: float

    @property
    def change(self) -> float:
        return self.value / self.baseline - 1 if self.baseline else 0.0

    @property
    def direction(self) -> str:
        return "up" if self.value > self.baseline else "down"

    @property
    def ident(self) -> tuple[str, str, str, str]:
        return (self.dimension, self.key, self.metric, self.direction)


@dataclass
class Entities:
    """Per (dimension, metric): the entities' day values (days × keys, every calendar day the
    store has; 0 where an entity had no row on a day with data), their labels and owners."""

    values: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    # the same as rows (date, key, value), for the shares of a change (contributions)
    long: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # product id → owner
    category_of: dict[str, str] = field(default_factory=dict)  # product id → category
    top: pd.DataFrame | None = None  # days × products: among the top N by baseline impressions
    _by_day: dict[tuple[str, str], dict[dt.date, pd.DataFrame]] = field(
        default_factory=dict, repr=False
    )

    def rows_on(self, which: tuple[str, str], days: set[dt.date]) -> pd.DataFrame | None:
        """The rows of (dimension, metric) on ``days`` (None: no such dimension)."""
        frame = self.long.get(which)
        if frame is None:
            return None
        if which not in self._by_day:
            self._by_day[which] = dict(list(frame.groupby("date", sort=False)))
        by_day = self._by_day[which]
        parts = [by_day[d] for d in sorted(days) if d in by_day]
        return pd.concat(parts) if parts else frame.iloc[:0]


def wide(frame: pd.DataFrame, days: pd.Index, present: pd.Series) -> pd.DataFrame:
    """``frame`` (date, key, value) as days × keys: 0 for an absent key on a day with data,
    missing on a day without."""
    if frame.empty:
        return pd.DataFrame(index=days)
    out = pivot_sum(frame).reindex(days).fillna(0.0)
    mask = present.reindex(days, fill_value=False).to_numpy(dtype=bool)
    out.loc[~mask, :] = np.nan
    return out


def lag_sum(frame: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """The sum over the same weekday of the ``weeks`` weeks before (frame on calendar days)."""
    total = frame.shift(7).fillna(0.0)
    for k in range(2, weeks + 1):
        total = total + frame.shift(7 * k).fillna(0.0)
    return total


def lag_median(frame: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """The same-weekday median of the weeks before; missing with under MIN_BAND_POINTS."""
    med = _lag_median_at(frame.to_numpy(dtype="float64"), np.arange(len(frame)), weeks)
    return pd.DataFrame(med, index=frame.index, columns=frame.columns)


# rows whose lag medians are taken at a time: their stack (weeks × rows × entities) stays
# small enough to sort in the processor's cache (a large store's 730 days × 5,000 products at
# once: 4.5 times slower, and 230 MB more)
LAG_BLOCK = 32


def _lag_median_at(values: np.ndarray, rows: np.ndarray, weeks: int) -> np.ndarray:
    """:func:`lag_median` of the rows (positions) ``rows`` of ``values`` only."""
    if len(rows) > LAG_BLOCK:  # each row's median is its own: the same, block by block
        return np.concatenate(
            [
                _lag_median_at(values, rows[at : at + LAG_BLOCK], weeks)
                for at in range(0, len(rows), LAG_BLOCK)
            ]
        )
    stack = np.full((weeks, len(rows), values.shape[1]), np.nan)
    for k in range(1, weeks + 1):
        back = rows - 7 * k
        ok = back >= 0
        stack[k - 1, ok] = values[back[ok]]
    enough = (~np.isnan(stack)).sum(axis=0) >= MIN_BAND_POINTS
    return np.where(enough, nan_median(stack), np.nan)


def nan_median(stack: np.ndarray) -> np.ndarray:
    """``np.nanmedian(stack, axis=0)``, the same numbers, by one sort (NaN sorts last) and a
    look at each cell's middle: numpy's walks the cells one by one (seconds on a large
    store's history); missing where every value is."""
    ordered = np.sort(stack, axis=0)
    n = (~np.isnan(stack)).sum(axis=0)
    low = np.take_along_axis(ordered, np.maximum(n - 1, 0)[None] // 2, axis=0)[0]
    high = np.take_along_axis(ordered, np.maximum(n, 1)[None] // 2, axis=0)[0]
    with np.errstate(invalid="ignore"):
        med = np.where(n % 2 == 1, high, (low + high) / 2)
    return np.where(n > 0, med, np.nan)


SPREAD_SCALE = 1.4826  # a MAD as a standard deviation's size
SPREAD_MIN_DAYS = 7  # the usual spread from a week of days on (0 before)


def usual_spread(values: pd.DataFrame, med: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """How far an entity's days usually lie from their weekday's median, as a log ratio
    (scaled MAD over every day of the ``weeks`` weeks before, not only the same weekday's
    few; 0 while there is under a week of them): eight
    same-weekday values can by chance lie close together and make any ordinary day look
    unusual — across many entities that would be several false alarms a day."""
    with np.errstate(all="ignore"):
        dev = np.log((values + 1) / (med + 1)).abs()
    window = dev.shift(1).rolling(weeks * 7, min_periods=SPREAD_MIN_DAYS)
    return (SPREAD_SCALE * window.median()).fillna(0.0)


def _usual_spread_at(values: np.ndarray, rows: np.ndarray, weeks: int) -> np.ndarray:
    """:func:`usual_spread` (with :func:`lag_median`) of the rows ``rows`` only: the medians
    of the days each of them reads, not of every day of the frame (a new day's few rows)."""
    width = weeks * 7
    spans = [np.arange(max(0, i - width), i, dtype=np.int64) for i in rows]
    read = np.unique(np.concatenate(spans)) if spans else np.zeros(0, dtype=np.int64)
    med = _lag_median_at(values, read, weeks)
    with np.errstate(all="ignore"):
        dev = np.abs(np.log((values[read] + 1) / (med + 1)))
    out = np.zeros((len(rows), values.shape[1]))
    for n, span in enumerate(spans):
        block = dev[np.searchsorted(read, span)]  # (each of its days is among those read)
        enough = (~np.isnan(block)).sum(axis=0) >= SPREAD_MIN_DAYS
        if enough.any():
            out[n] = np.where(enough, SPREAD_SCALE * nan_median(block), 0.0)
    return out


# with this many days or fewer to judge, the medians are taken for the days they read only
# (a new day); with more, over the whole frame at once (a first build's every day)
FEW_DAYS = 14


def entity_anomalies(
    entities: Entities,
    *,
    weeks: int,
    k: float,
    min_change: float,
    min_baseline: float,
    days: set[dt.date] | None = None,
) -> dict[dt.date, list[EntityAnomaly]]:
    """Every day's anomalies (of ``days``, when given) of categories, countries, channels and
    top products. The median picks the candidates quickly; each is then judged by the band
    (robust_band)."""
    out: dict[dt.date, list[EntityAnomaly]] = {}
    for (dim, metric), values in entities.values.items():
        if values.empty:
            continue
        judged = (
            np.arange(len(values))
            if days is None
            else np.flatnonzero(values.index.isin(list(days)))
        )
        floor = min_baseline * (IMPRESSIONS_FACTOR if metric == "impressions" else 1)
        raw = values.to_numpy(dtype="float64")
        if len(judged) <= FEW_DAYS:
            now = raw[judged]
            med = _lag_median_at(raw, judged, weeks)
            spread = _usual_spread_at(raw, judged, weeks)
        else:
            med_frame = lag_median(values, weeks)
            now, med = raw[judged], med_frame.to_numpy()[judged]
            spread = usual_spread(values, med_frame, weeks).to_numpy()[judged]
        with np.errstate(all="ignore"):
            rel = np.abs(now / med - 1)
            log_change = np.abs(np.log((now + 1) / (med + 1)))
        cand = (rel > min_change) & (med >= floor) & (log_change > k * spread)
        if dim == "product" and entities.top is not None:
            top = entities.top.reindex(index=values.index[judged], columns=values.columns)
            cand &= top.fillna(False).to_numpy(dtype=bool)
        rows_, cols_ = np.nonzero(cand)
        for day, key in zip(values.index[judged[rows_]], values.columns[cols_], strict=True):
            value = float(values.at[day, key])
            band = robust_band(same_weekday_history(values[key], day, weeks), k, metric in COUNTS)
            if band is None or band[1] <= value <= band[2]:
                continue
            label = entities.labels.get(dim, {}).get(str(key), str(key))
            a = EntityAnomaly(day, dim, str(key), label, metric, value, band[0], band[1], band[2])
            out.setdefault(day, []).append(a)
    return out


def add_dimension(
    out: Entities,
    dim: str,
    metric: str,
    frame: pd.DataFrame,
    days: pd.Index,
    present: pd.Series,
    since: dt.date | None = None,
    keys: int | None = None,
) -> None:
    """One (dimension, metric) of ``frame`` (date, key, value), when it has two keys or more
    (in the whole history; ``keys``: how many, when ``frame`` holds only some of its days): a
    dimension with one value is never where an anomaly happens, nor its cause. With
    ``since``, only its days from then on."""
    frame = frame.dropna(subset=["value"])
    if (frame["key"].nunique() if keys is None else keys) < 2:
        return
    if since is not None:
        frame = frame[(frame["date"] >= since).to_numpy(dtype=bool)]
    out.long[(dim, metric)] = frame
    out.values[(dim, metric)] = wide(frame, days, present)


def counted_products(day_rows: pd.DataFrame) -> dict[str, set[str]]:
    """Each count column of :data:`SOURCE` in ``day_rows``: the products (IDs as text) with a
    value in it on some day. The IDs are numbered once, then each column is a look at
    numbers (a large store's history is millions of rows)."""
    if "product_id" not in day_rows:
        return {}
    codes, names = numbered_texts(day_rows["product_id"])
    out = {}
    for col in SOURCE.values():
        if col in day_rows:
            has = day_rows[col].notna().to_numpy(dtype=bool)
            seen = np.bincount(codes[has], minlength=len(names)) > 0  # (a count, not a sort)
            out[col] = set(names[seen])
    return out


def lookback_days(weeks: int) -> int:
    """How far before a day its entity anomalies and incidents read: the same weekday's
    ``weeks`` weeks for the median, and the ``weeks`` weeks before each day of the usual
    spread's window (:func:`usual_spread`), a week to spare."""
    return 7 * (2 * weeks + 1)


def build_entities(
    daily: pd.DataFrame,
    day_rows: pd.DataFrame,
    category_of: dict[str, str],
    dimensions: list[tuple[str, str, pd.DataFrame]],
    *,
    top_n: int,
    weeks: int,
    since: dt.date | None = None,
    counted: dict[str, set[str]] | None = None,
) -> Entities:
    """The categories, countries, channels and products of a store's daily data. ``daily``:
    the store's totals on every calendar day; ``dimensions``: (metric, dimension, rows) of the
    countries and channels (:func:`generator.analysis.day_anomalies.anomaly_dimensions`).

    With ``since``, the days from then on only: a day's anomalies and incidents are the same
    as from the whole history when ``since`` is :func:`lookback_days` or more before it
    (the names, owners and which dimensions have two keys still come from the whole
    history), at the cost of the days looked at, not of the history."""
    out = Entities(category_of=category_of)
    days = daily.index if since is None else daily.index[daily.index >= since]
    present = daily["impressions"].notna() if len(daily) else pd.Series(dtype=bool)
    if len(day_rows):
        last = day_rows.drop_duplicates("product_id", keep="last")
        out.labels["product"] = {
            str(p): str(t) for p, t in zip(last["product_id"], last["title"], strict=True)
        }
        if "owner" in last:
            out.owners = {
                str(p): str(o)
                for p, o in zip(last["product_id"], last["owner"], strict=True)
                if isinstance(o, str) and o.strip()
            }
        # the days looked at only, each a date once they are few (a new day's weeks, not the
        # history); which products and categories have a count is the whole history's
        recent = day_rows
        if since is not None:
            recent = day_rows[(pd.to_datetime(day_rows["period_end"]) >= pd.Timestamp(since))]
        dates = pd.to_datetime(recent["period_end"]).dt.date
        counted = counted_products(day_rows) if counted is None else counted
        products = recent["product_id"].astype(str)  # (once for every metric)
        categories = products.map(category_of).fillna("")
        for metric in ENTITY_METRICS:
            col = SOURCE[metric]
            if col not in day_rows:
                continue
            ids = counted[col]
            frame = pd.DataFrame({"date": dates, "key": products, "value": recent[col]})
            add_dimension(out, "product", metric, frame, days, present, since, len(ids))
            cats = frame.assign(key=categories)
            kinds = len({category_of.get(p, "") for p in ids})
            add_dimension(out, "category", metric, cats, days, present, since, kinds)
        imp = out.values.get(("product", "impressions"))
        if imp is not None:
            base = lag_sum(imp, weeks)
            rank = base.rank(axis=1, ascending=False, method="first")
            out.top = (rank <= top_n) & (base > 0)
    for metric, dim, frame in dimensions:
        seen = pd.Series(True, index=pd.Index(frame["date"].unique())).reindex(
            days, fill_value=False
        )
        frame = frame.assign(key=frame["key"].astype(str))
        add_dimension(out, dim, metric, frame, days, seen, since)
    return out
