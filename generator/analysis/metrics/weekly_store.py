"""The weekly analysis's shared period helpers and its store sections: against peers, the
traffic mix, regions. How periods and snapshots are read: see weekly.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from .compare import PeriodSum, basis

# overview metrics compared with peers: store column → name used on the page
PEER_METRICS = (
    "search_impressions",
    "store_visitors",
    "inquiries",
    "ta_orders",
    "ta_amount_usd",
)
SUBJECT_MINE, SUBJECT_AVG, SUBJECT_BEST = "我的", "同行平均", "同行优秀"
PEER_HISTORY_COLUMNS = ["period_end", "subject", "value"]


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.date


def _days(series: pd.Series) -> int:
    """How many days ``series`` has (its dates' count; no per-row date objects)."""
    return int(pd.to_datetime(series).dt.normalize().nunique())


def dated_in(frame: pd.DataFrame, col: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows whose ``col`` date lies within [start, end]."""
    if frame.empty or col not in frame:
        return frame.iloc[0:0]
    d = pd.to_datetime(frame[col])  # compared as timestamps: no per-row date objects
    return frame[((d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))).to_numpy()]


def reports_in(frame: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows of the span reports that lie inside [start, end], of one report length only (a
    monthly report and the weekly ones of the same days are never added together): the length
    whose reports cover most days of the period, the longer on a tie (a report spanning the
    whole period before the shorter ones that tile it). The rows' ``attrs["covers"]`` is
    (first day, last day, days covered) — what a section says its numbers cover."""
    if frame.empty or "period_start" not in frame or "period_end" not in frame:
        return dated_in(frame, "period_end", start, end)
    first, last = pd.to_datetime(frame["period_start"]), pd.to_datetime(frame["period_end"])
    inside = frame[((first >= pd.Timestamp(start)) & (last <= pd.Timestamp(end))).to_numpy()]
    if inside.empty:
        return inside
    lengths = report_days(inside)
    best: tuple[int, int] | None = None
    for length in sorted(set(lengths)):
        spans = inside.loc[(lengths == length).to_numpy(), ["period_start", "period_end"]]
        days = _covered(spans["period_start"], spans["period_end"])
        if best is None or (days, int(length)) > best:
            best = (days, int(length))
    assert best is not None
    rows = inside[(lengths == best[1]).to_numpy()].copy()
    rows.attrs["covers"] = (  # as days (no per-row date objects)
        pd.to_datetime(rows["period_start"]).min().date(),
        pd.to_datetime(rows["period_end"]).max().date(),
        best[0],
    )
    return rows


def _covered(first: pd.Series, last: pd.Series) -> int:
    """How many days the spans [first, last] cover together (each day once)."""
    a = pd.to_datetime(first).to_numpy(dtype="datetime64[ns]")
    b = pd.to_datetime(last).to_numpy(dtype="datetime64[ns]")
    day, tick = np.timedelta64(1, "D"), np.timedelta64(1, "ns")
    days = [np.arange(x, y + tick, day) for x, y in set(zip(a, b, strict=True))]
    return len(np.unique(np.concatenate(days))) if days else 0


def report_days(frame: pd.DataFrame) -> pd.Series:
    """Days each report row covers (period_end − period_start + 1)."""
    return (pd.to_datetime(frame["period_end"]) - pd.to_datetime(frame["period_start"])).dt.days + 1


def _ratio(a: Any, b: Any) -> float | None:
    if a is None or b is None or pd.isna(a) or pd.isna(b) or not b:
        return None
    return float(a) / float(b)


def latest_on_or_before(frame: pd.DataFrame, col: str, day: dt.date) -> pd.DataFrame:
    """The rows of the latest snapshot (``col`` date) on or before ``day``."""
    if frame.empty or col not in frame:
        return frame.iloc[0:0]
    d = pd.to_datetime(frame[col]).dt.normalize()  # as timestamps: no per-row date objects
    d = d[d <= pd.Timestamp(day)]
    if d.empty:
        return frame.iloc[0:0]
    return frame.loc[d[d == d.max()].index]


# -- against peers ---------------------------------------------------------------------------
def peer_table(
    overview: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    prev_start: dt.date,
    prev_end: dt.date,
) -> pd.DataFrame:
    """Per overview metric: mine this period and the previous one, the change, 同行平均 and
    同行优秀 over the same period, and my gap to each (mine ÷ peer − 1). A metric no row of
    the period has is left out; a peer figure the sheet lacks stays empty. The change compares
    like with like (``basis``, metrics/compare.py): totals where both periods have every day,
    else per day (``prev_days`` of ``prev_length`` days before), or none ('short')."""
    cols = [
        "metric",
        "mine",
        "previous",
        "change",
        "basis",
        "prev_start",
        "prev_end",
        "prev_days",
        "prev_length",
        "peer_avg",
        "peer_best",
        "gap_avg",
        "gap_best",
    ]
    now = dated_in(overview, "date", start, end)
    if now.empty:
        return pd.DataFrame(columns=cols)
    before = dated_in(overview, "date", prev_start, prev_end)

    def total(frame: pd.DataFrame, subject: str, metric: str) -> float | None:
        if metric not in frame:
            return None
        got = frame.loc[frame["subject"] == subject, metric]
        value = got.sum(min_count=1)
        return None if pd.isna(value) else float(value)

    def days(frame: pd.DataFrame) -> int:
        return _days(frame.loc[frame["subject"] == SUBJECT_MINE, "date"])

    # like with like: totals of two complete periods, else per day (metrics/compare.py)
    how = basis(
        PeriodSum(start, end, days(now), {}), PeriodSum(prev_start, prev_end, days(before), {})
    )
    scale = (days(now), days(before)) if how == "per_day" else (1, 1)
    rows = []
    for m in PEER_METRICS:
        mine = total(now, SUBJECT_MINE, m)
        if mine is None:
            continue
        prev = total(before, SUBJECT_MINE, m)
        avg, best = total(now, SUBJECT_AVG, m), total(now, SUBJECT_BEST, m)
        change = (
            None if how == "short" or prev is None else _ratio(mine / scale[0], prev / scale[1])
        )
        rows.append(
            {
                "metric": m,
                "mine": mine,
                "previous": prev,
                "change": None if change is None else change - 1,
                "basis": how if prev is not None else "",
                "prev_start": prev_start,
                "prev_end": prev_end,
                "prev_days": days(before),
                "prev_length": (prev_end - prev_start).days + 1,
                "peer_avg": avg,
                "peer_best": best,
                "gap_avg": None if _ratio(mine, avg) is None else _ratio(mine, avg) - 1,  # type: ignore[operator]
                "gap_best": None if _ratio(mine, best) is None else _ratio(mine, best) - 1,  # type: ignore[operator]
            }
        )
    return pd.DataFrame(rows, columns=cols)


def peer_history(
    overview: pd.DataFrame, periods: list[tuple[dt.date, dt.date]], metric: str
) -> pd.DataFrame:
    """Per period: my total of ``metric`` and the two peer totals (long form for a chart:
    columns period_end, subject, value). Periods without overview rows are left out."""
    if overview.empty or metric not in overview or not periods:
        return pd.DataFrame(columns=PEER_HISTORY_COLUMNS)
    return _peer_history(_peer_rows(overview, periods), metric)


def peer_histories(
    overview: pd.DataFrame, periods: list[tuple[dt.date, dt.date]], metrics: list[str]
) -> pd.DataFrame:
    """:func:`peer_history` of each of ``metrics``, one after the other, each with its
    ``metric``; the periods' rows found once for all."""
    rows = None
    parts = []
    for metric in metrics:
        if overview.empty or metric not in overview or not periods:
            part = peer_history(overview, periods, metric)  # none
        else:
            if rows is None:
                rows = _peer_rows(overview, periods)
            part = _peer_history(rows, metric)
        parts.append(part.assign(metric=metric))
    return pd.concat(parts, ignore_index=True)


def _peer_rows(overview: pd.DataFrame, periods: list[tuple[dt.date, dt.date]]) -> pd.DataFrame:
    """The overview rows of mine and the peers in the periods, with their ``period_end``."""
    # only the periods' rows are mapped to a period (the sheet holds every day of the store)
    overview = dated_in(overview, "date", min(a for a, _ in periods), max(b for _, b in periods))
    days = pd.to_datetime(overview["date"]).dt.normalize()  # no per-row date objects
    period_of: dict[pd.Timestamp, dt.date] = {}
    for start, end in periods:
        for i in range((end - start).days + 1):
            period_of.setdefault(pd.Timestamp(start + dt.timedelta(days=i)), end)
    ends = days.map(period_of)
    rows = overview.assign(period_end=ends)[ends.notna()]
    return rows[rows["subject"].isin([SUBJECT_MINE, SUBJECT_AVG, SUBJECT_BEST])]


def _peer_history(rows: pd.DataFrame, metric: str) -> pd.DataFrame:
    """:func:`peer_history` of :func:`_peer_rows`."""
    cols = PEER_HISTORY_COLUMNS
    got = rows.groupby(["period_end", "subject"])[metric].sum(min_count=1).dropna().reset_index()
    order = {SUBJECT_MINE: 0, SUBJECT_AVG: 1, SUBJECT_BEST: 2}
    got = got.assign(_o=got["subject"].map(order)).sort_values(["period_end", "_o"])
    return (
        got.rename(columns={metric: "value"})[cols].astype({"value": float}).reset_index(drop=True)
    )


# -- traffic mix and regions -----------------------------------------------------------------
def traffic_mix(
    sources: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    groups: dict[str, list[str]],
    references: dict[str, float],
) -> pd.DataFrame:
    """Store visitors per channel group (scene/venue, paid, natural — natural includes the
    私域 channels, as the article counts them) as shares of all, beside the platform-wide
    reference shares (the article's 45 / 45 / 10: the platform's mix, not a target for one
    store, so no gap is judged); a channel in no group counts as 'other' (no reference)."""
    cols = ["group", "visitors", "share", "reference"]
    rows = dated_in(sources, "date", start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    group_of = {ch: g for g, chans in groups.items() for ch in chans}
    grouped = (
        rows.assign(group=[group_of.get(str(c), "other") for c in rows["channel"]])
        .groupby("group")["store_visitors"]
        .sum()
    )
    total = float(grouped.sum())
    recs = []
    for g in [*groups, "other"]:
        if g == "other" and g not in grouped:
            continue
        v = float(grouped.get(g, 0))
        recs.append(
            {
                "group": g,
                "visitors": v,
                "share": v / total if total else None,
                "reference": references.get(g),
            }
        )
    return pd.DataFrame(recs, columns=cols)


def region_table(
    regions: pd.DataFrame, start: dt.date, end: dt.date, min_clicks: int
) -> pd.DataFrame:
    """Per country: impressions, clicks, visitors, inquiring buyers, buyers per click and a
    verdict: 'converts' (has inquiries) or 'imprecise' (at least ``min_clicks`` clicks and no
    inquiry: a candidate to cut from regional P4P). Most clicks first."""
    cols = [
        "country",
        "search_impressions",
        "search_clicks",
        "visitors",
        "inquiry_buyers",
        "inquiries_per_click",
        "verdict",
    ]
    rows = dated_in(regions, "date", start, end)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    vals = [c for c in cols[1:5] if c in rows]
    out = rows.groupby("country")[vals].sum(min_count=1).reset_index()
    for c in cols[1:5]:
        if c not in out:
            out[c] = np.nan
    clicks = out["search_clicks"].fillna(0)
    buyers = out["inquiry_buyers"]
    out["inquiries_per_click"] = (buyers / clicks).where(clicks > 0)
    has_buyers = buyers.notna()
    out["verdict"] = np.where(
        has_buyers & (buyers > 0),
        "converts",
        np.where(has_buyers & (buyers == 0) & (clicks >= min_clicks), "imprecise", ""),
    )
    return out.sort_values(["search_clicks", "country"], ascending=[False, True])[cols].reset_index(
        drop=True
    )


# regional promotion (地域推广) is open from this P4P growth level (直通车成长等级) on
REGIONAL_LEVEL = "L4"


def regional_allowed(level: str | None) -> bool | None:
    """Whether a store at ``level`` can promote by region (None: the level is unknown)."""
    digits = "".join(c for c in str(level or "") if c.isdigit())
    if not digits:
        return None
    return int(digits) >= int(REGIONAL_LEVEL[1:])
