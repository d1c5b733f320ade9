"""Which products are already promoted (in P4P 直通车 or in the showcase 橱窗) as of a day:
from the product exports' flags (是否P4P / 是否橱窗), the 直通车产品报告 and the 橱窗 sheet.
A rising product already promoted is not told to join what it is in (issue 15)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .weekly_store import latest_on_or_before


def _flagged(rows: pd.DataFrame, col: str) -> set[str]:
    if rows is None or rows.empty or col not in rows:
        return set()
    flag = rows[col].map(lambda v: bool(v) if pd.notna(v) else False).astype(bool)
    return set(rows.loc[flag, "product_id"].astype(str))


def _ids(rows: pd.DataFrame) -> set[str]:
    if rows is None or rows.empty or "product_id" not in rows:
        return set()
    return {str(p) for p in rows["product_id"].dropna()}


def promoted(
    rows: pd.DataFrame, showcase: pd.DataFrame, p4p_products: pd.DataFrame, day: dt.date
) -> tuple[set[str], set[str]]:
    """``(in_p4p, in_showcase)``: product IDs in P4P and in the showcase as of ``day``.
    ``rows``: product rows (the latest export on or before ``day`` is read)."""

    def latest(frame: pd.DataFrame) -> pd.DataFrame:
        if frame is None or frame.empty:
            return pd.DataFrame()
        return latest_on_or_before(frame.reset_index(drop=True), "period_end", day)

    now = latest(rows)
    in_p4p = _flagged(now, "in_p4p") | _ids(latest(p4p_products))
    shown = _flagged(now, "showcase") | _ids(latest(showcase))
    return in_p4p, shown


def mark_promoted(rising: pd.DataFrame, in_p4p: set[str], in_showcase: set[str]) -> pd.DataFrame:
    """``rising`` with the flags ``in_p4p`` and ``in_showcase``."""
    pids = rising["product_id"].astype(str)
    return rising.assign(
        in_p4p=pids.isin(list(in_p4p)).astype(bool),
        in_showcase=pids.isin(list(in_showcase)).astype(bool),
    )
