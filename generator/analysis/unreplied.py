"""Unreplied inquiries as a live list (issue 15, item 8): every inquiry with no first reply in
the latest data and older than ``reply_within_hours``, with its ID, the buyer's country, the
product (title and ID), the owner and the hours it has waited — until it is replied.

The hours are zone-correct: inquiry times are China time (the Message Center's clock); "now"
is the moment the reader reads the site, the daily build's time (``schedule_daily_time``) on
the reader's day in ``schedule_timezone`` (:func:`~generator.foundation.periods.reader_moment`).
A daily page for an earlier day judges the inquiries open at the moment that page was read,
with the replies made by then. No buyer name or contact is kept here: the list carries none.
Pure functions of frames, the settings and explicit dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..config import Settings
from ..foundation.periods import in_china, reader_moment, reader_today

COLUMNS = ("inquiry_id", "inquiry_time", "country", "product_id", "title", "owner", "hours")
NO_OWNER = "—"


@dataclass(frozen=True)
class OwnerWait:
    """One owner's open inquiries: how many, and how long the oldest has waited."""

    owner: str
    n: int
    oldest_hours: float


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c == "hours" else object) for c in COLUMNS}
    )


@dataclass
class Unreplied:
    """The live list: inquiries waiting past ``within_hours`` at ``now`` (aware, in the
    reader's zone), oldest first."""

    now: dt.datetime | None = None
    within_hours: float = 24
    rows: pd.DataFrame = field(default_factory=empty_rows)

    @property
    def owners(self) -> list[OwnerWait]:
        return owner_waits(self.rows)


def prepare(inquiries: pd.DataFrame) -> pd.DataFrame:
    """The columns the list needs, once for many days: one row per inquiry (a reply in any
    copy of it counts), times parsed (``_time``, ``_reply``), a missing owner as —."""
    if inquiries.empty or "inquiry_time" not in inquiries or "_time" in inquiries:
        return inquiries
    frame = pd.DataFrame({c: inquiries.get(c) for c in COLUMNS[:-1]}, index=inquiries.index)
    frame["_time"] = pd.to_datetime(inquiries["inquiry_time"], errors="coerce")
    frame["_reply"] = pd.to_datetime(inquiries.get("first_reply_time"), errors="coerce")
    frame["owner"] = [
        NO_OWNER if pd.isna(o) or not str(o).strip() else str(o) for o in frame["owner"]
    ]
    frame = frame[frame["_time"].notna()]
    if frame["inquiry_id"].notna().any():
        frame = frame.sort_values("_reply", na_position="first", kind="stable").drop_duplicates(
            "inquiry_id", keep="last"
        )
    return frame


def open_inquiries(
    inquiries: pd.DataFrame,
    now_china: dt.datetime,
    within_hours: float,
    replied_by: dt.datetime | None = None,
) -> pd.DataFrame:
    """Inquiries not replied and older than ``within_hours`` at ``now_china`` (naive China
    time), oldest first. A reply counts when the data has one (``replied_by`` None: the live
    list) or when it came at or before ``replied_by`` (an earlier day, as it was then)."""
    frame = prepare(inquiries)
    if frame.empty or "_time" not in frame:
        return empty_rows()
    late, hours = _late(frame, now_china, within_hours, replied_by)
    out = frame.loc[late, list(COLUMNS[:-1])].assign(hours=hours[late].astype("float64"))
    out = out.sort_values(["hours", "inquiry_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def _late(
    frame: pd.DataFrame,
    now_china: dt.datetime,
    within_hours: float,
    replied_by: dt.datetime | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Which prepared rows are open past ``within_hours``, and every row's hours waited (on
    plain arrays: a daily analysis asks once per day of history)."""
    replies = frame["_reply"].to_numpy("datetime64[ns]")
    replied = ~np.isnat(replies)
    if replied_by is not None:
        replied &= replies <= np.datetime64(pd.Timestamp(replied_by), "ns")
    now = np.datetime64(pd.Timestamp(now_china), "ns")
    hours = (now - frame["_time"].to_numpy("datetime64[ns]")) / np.timedelta64(1, "h")
    return ~replied & (hours > within_hours), hours


def owner_waits(rows: pd.DataFrame) -> list[OwnerWait]:
    """Per owner: the open inquiries and the oldest's hours, the longest wait first."""
    waits: dict[str, list[float]] = {}
    for owner, hours in zip(rows["owner"], rows["hours"], strict=True):
        waits.setdefault(str(owner), []).append(float(hours))
    got = [OwnerWait(o, len(h), max(h)) for o, h in waits.items()]
    return sorted(got, key=lambda w: (-w.oldest_hours, w.owner))


def read_moment(day: dt.date, as_of: dt.date, today: dt.date | None, s: Settings) -> dt.datetime:
    """The moment the page of statistics day ``day`` is read: the reader's day is as far after
    ``day`` as the site's reader day is after ``as_of``, at the daily build's time."""
    offset = reader_today(as_of, today, s.lag_days) - as_of
    return reader_moment(day + offset, s.schedule_daily_time, s.schedule_timezone)


def unreplied_list(
    inquiries: pd.DataFrame, as_of: dt.date, today: dt.date | None, s: Settings
) -> Unreplied:
    """The live list the home page shows, as the reader reads the site."""
    now = read_moment(as_of, as_of, today, s)
    rows = open_inquiries(inquiries, in_china(now), s.reply_within_hours)
    return Unreplied(now, s.reply_within_hours, rows)


def open_on(
    inquiries: pd.DataFrame, day: dt.date, as_of: dt.date, today: dt.date | None, s: Settings
) -> list[OwnerWait]:
    """Per owner, the inquiries open when the page of ``day`` is read (the live list's for the
    as-of day; an earlier day's with the replies made by then)."""
    now = in_china(read_moment(day, as_of, today, s))
    frame = prepare(inquiries)
    if frame.empty or "_time" not in frame:
        return []
    late, hours = _late(frame, now, s.reply_within_hours, None if day >= as_of else now)
    owners = frame["owner"].to_numpy()[late]
    return owner_waits(pd.DataFrame({"owner": owners, "hours": hours[late]}))
