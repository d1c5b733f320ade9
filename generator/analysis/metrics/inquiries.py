"""Inquiries (询盘) from the Message Center sheet: quality, duplicates, templates, replies.

Inquiry times are China time (UTC+8); each row also carries its US-Pacific statistics date
(``stat_date``), which is the day a daily page covers. Pure functions of DataFrames.
"""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher

import numpy as np
import pandas as pd

QUALITY_LEVELS = ("L1", "L2", "L3", "L4")
GENERIC_WORDS = frozenset(
    [
        "hi",
        "hello",
        "dear",
        "sir",
        "madam",
        "friend",
        "friends",
        "supplier",
        "sellers",
        "seller",
        "i",
        "am",
        "im",
        "i'm",
        "we",
        "are",
        "interested",
        "in",
        "please",
        "pls",
        "kindly",
        "send",
        "me",
        "us",
        "your",
        "the",
        "this",
        "that",
        "a",
        "an",
        "product",
        "products",
        "item",
        "items",
        "price",
        "prices",
        "pricing",
        "list",
        "quotation",
        "quote",
        "catalog",
        "catalogue",
        "details",
        "detail",
        "moq",
        "best",
        "offer",
        "thanks",
        "thank",
        "you",
        "regards",
        "need",
        "want",
        "know",
        "more",
        "information",
        "info",
        "about",
        "for",
        "of",
        "on",
        "and",
        "to",
        "can",
        "could",
        "would",
        "like",
        "get",
    ]
)


def normalise_text(text: object) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", str(text or "").lower()).split())


def is_generic(text: object, max_chars: int) -> bool:
    """Very short or content-free text ("Hi, please send price"): a template inquiry."""
    t = normalise_text(text)
    return len(t) <= max_chars or all(w in GENERIC_WORDS for w in t.split())


def mark_duplicates(frame: pd.DataFrame, window_days: int) -> pd.Series:
    """True for an inquiry whose buyer already asked about the same product within the window
    before it (the first one is not a duplicate)."""
    out = pd.Series(False, index=frame.index)
    if frame.empty:
        return out
    ordered = frame.sort_values("inquiry_time")
    none = pd.Series(None, index=ordered.index, dtype=object)
    buyer = [str(b).strip().lower() for b in ordered["buyer"]]
    item = [
        str(p or t or "")
        for p, t in zip(ordered.get("product_id", none), ordered.get("title", none), strict=True)
    ]
    # the time since the buyer's previous inquiry about the product (NaT for the first)
    gap = (
        ordered["inquiry_time"]
        .groupby([np.asarray(buyer, dtype=object), np.asarray(item, dtype=object)], sort=False)
        .diff()
    )
    out[gap.index[(gap <= pd.Timedelta(days=window_days)).to_numpy()]] = True
    return out


def mark_templates(frame: pd.DataFrame, similarity: float, max_chars: int) -> pd.Series:
    """True for an inquiry whose text is generic, or near-identical (≥ ``similarity``) to the
    text of an inquiry from another buyer."""
    out = pd.Series(False, index=frame.index)
    texts = (
        {idx: normalise_text(t) for idx, t in frame["message"].items()}
        if "message" in frame
        else {}
    )
    buyers = frame["buyer"].astype(str).str.strip().str.lower().to_dict() if len(frame) else {}
    items = list(texts.items())
    words = {idx: set(t.split()) for idx, t in items}
    for idx, text in items:
        if is_generic(text, max_chars):
            out[idx] = True
    for i, (a, ta) in enumerate(items):
        if not ta:
            continue
        matcher = SequenceMatcher(None, "", ta, autojunk=False)  # ta indexed once
        for b, tb in items[i + 1 :]:
            if buyers[a] == buyers[b] or not tb or (out[a] and out[b]):
                continue
            if abs(len(ta) - len(tb)) > 0.3 * max(len(ta), len(tb)):
                continue
            if ta == tb:
                out[a] = out[b] = True
                continue
            wa, wb = words[a], words[b]
            if len(wa & wb) < 0.6 * max(len(wa), len(wb)):
                continue  # too few words in common to be 90 % alike
            matcher.set_seq1(tb)
            if (
                matcher.real_quick_ratio() >= similarity
                and matcher.quick_ratio() >= similarity
                and matcher.ratio() >= similarity
            ):
                out[a] = out[b] = True
    return out


def reply_hours(frame: pd.DataFrame) -> pd.Series:
    """Hours from an inquiry to its first reply (missing when there is no reply)."""
    if frame.empty or "first_reply_time" not in frame:
        return pd.Series(dtype="float64")
    delta = pd.to_datetime(frame["first_reply_time"]) - pd.to_datetime(frame["inquiry_time"])
    return delta.dt.total_seconds() / 3600


def analyse_day(
    inquiries: pd.DataFrame,
    day: dt.date,
    *,
    now: dt.datetime,
    window_days: int,
    similarity: float,
    max_chars: int,
    reply_within: float,
) -> dict[str, object]:
    """One statistics day: counts, quality share, duplicates, templates, reply timeliness by
    owner and the inquiries still unreplied after ``reply_within`` hours at ``now`` (China time).

    Duplicates look back ``window_days`` before the day, so ``inquiries`` should hold them."""
    frame = inquiries.copy()
    if frame.empty:
        return {"count": 0, "rows": frame}
    if "duplicate" not in frame:  # the caller may have marked the whole history once
        frame["duplicate"] = mark_duplicates(frame, window_days)
    today = frame[frame["stat_date"] == day].copy()
    if today.empty:
        return {"count": 0, "rows": today}
    today["template"] = mark_templates(today, similarity, max_chars)
    today["quality"] = today["buyer_level"].isin(QUALITY_LEVELS)
    today["reply_hours"] = reply_hours(today)
    age = (pd.Timestamp(now) - pd.to_datetime(today["inquiry_time"])).dt.total_seconds() / 3600
    today["unreplied_late"] = today["first_reply_time"].isna() & (age > reply_within)
    today["replied_in_time"] = today["reply_hours"] <= reply_within
    owners = (
        today.assign(owner=today["owner"].fillna("—"))
        .groupby("owner")
        .agg(
            inquiries=("inquiry_id", "count"),
            replied_in_time=("replied_in_time", "sum"),
            avg_reply_hours=("reply_hours", "mean"),
            unreplied_late=("unreplied_late", "sum"),
        )
        .reset_index()
    )
    owners["in_time_share"] = owners["replied_in_time"] / owners["inquiries"]
    return {
        "count": len(today),
        "quality": int(today["quality"].sum()),
        "quality_share": float(today["quality"].mean()),
        "duplicates": int(today["duplicate"].sum()),
        "templates": int(today["template"].sum()),
        "avg_reply_hours": float(np.nanmean(today["reply_hours"]))
        if today["reply_hours"].notna().any()
        else None,
        "in_time_share": float(today["replied_in_time"].mean()),
        "unreplied_late": int(today["unreplied_late"].sum()),
        "owners": owners.sort_values(
            ["unreplied_late", "owner"], ascending=[False, True]
        ).reset_index(drop=True),
        "rows": today.sort_values("inquiry_time").reset_index(drop=True),
    }


def visit_paths(inquiry_rows: pd.DataFrame, visitors: pd.DataFrame) -> pd.DataFrame:
    """For inquiring buyers who also appear in 访客详情 (the buyer is the visitor id), the
    products they looked at, in order, and how long they stayed, on the days up to the inquiry."""
    cols = ["buyer", "inquiry_id", "visit_date", "visit_path", "page_views", "seconds"]
    if inquiry_rows.empty or visitors.empty:
        return pd.DataFrame(columns=cols)
    v = visitors.assign(key=visitors["visitor_id"].astype(str).str.strip().str.lower())
    q = inquiry_rows.assign(key=inquiry_rows["buyer"].astype(str).str.strip().str.lower())
    joined = q.merge(v, on="key", how="inner")
    joined = joined[pd.to_datetime(joined["visit_date"]).dt.date <= joined["stat_date"]]
    return joined[cols].sort_values(["buyer", "visit_date"]).reset_index(drop=True)
