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

from ...foundation.values import records

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


# what makes an inquiry a lead, not a template: a quantity (a number with a unit, or pieces),
# a sample request, a named market or country, or product specifics (a spec with a unit, a
# certificate, a trade term, a custom order)
_UNITS = (
    r"pcs|pc|pieces?|sets?|units?|cartons?|boxes|pallets?|containers?|rolls?|pairs?|tons?|"
    r"meters?|metres?|kgs?|kg|w|v|mah|mm|cm|m|lm|lumens?|watts?|hq|gp|ft|inch(?:es)?|"
    r"件|个|套|台|只|箱|柜|米|吨|瓦|片|条|双|支"
)
_QUANTITY = re.compile(
    rf"\d[\d,.]*\s*(?:{_UNITS})(?![a-z])|(?:quantity|qty|order of|数量|采购)\D{{0,12}}\d"
    r"|\bip\s?6\d\b"
)
_SPECIFIC = re.compile(
    r"\b(?:samples?|sampling|fob|cif|exw|ddp|oem|odm|logo|warranty|ce|rohs|fcc|"
    r"certificates?|packaging|lead time|colou?rs?|size|specification)\b"
    r"|样品|样板|打样|试单|规格|尺寸|颜色|定制|认证|包装|交期|报价到"
)
_MARKETS = re.compile(
    r"\b(?:usa|us market|america|united states|canada|mexico|brazil|chile|peru|colombia|"
    r"argentina|uk|england|britain|germany|france|spain|italy|netherlands|poland|russia|"
    r"turkey|saudi|arabia|uae|dubai|qatar|israel|iran|iraq|egypt|nigeria|lagos|ghana|accra|"
    r"kenya|south africa|morocco|algeria|india|pakistan|bangladesh|vietnam|thailand|"
    r"malaysia|indonesia|philippines|singapore|japan|korea|australia|new zealand|europe|"
    r"africa|middle east|latin america)\b"
    r"|美国|加拿大|墨西哥|巴西|智利|英国|德国|法国|西班牙|意大利|荷兰|波兰|俄罗斯|土耳其|沙特|"
    r"阿联酋|迪拜|以色列|埃及|尼日利亚|加纳|肯尼亚|南非|印度|巴基斯坦|越南|泰国|马来西亚|"
    r"印尼|菲律宾|新加坡|日本|韩国|澳大利亚|欧洲|非洲|中东|南美"
)


def has_specifics(text: object) -> bool:
    """True when an inquiry's text names a quantity (a number with a unit or of pieces), asks
    for a sample, names a market or country, or gives product specifics: a lead, whatever its
    wording."""
    t = str(text or "").lower()
    return any(p.search(t) for p in (_QUANTITY, _SPECIFIC, _MARKETS))


def is_generic(text: object, max_chars: int) -> bool:
    """Content-free text ("Hi, please send price"): very short or only greeting and asking
    words, and no quantity, sample request, market or product specifics (:func:`has_specifics`)."""
    if has_specifics(text):
        return False
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
    """True for an inquiry whose text is generic (:func:`is_generic`), or near-identical
    (≥ ``similarity``) to the text of an inquiry from another buyer while neither names a
    quantity, sample, market or product specifics (:func:`has_specifics`): a buyer who wrote
    those details is a lead even when the wording is common."""
    out = pd.Series(False, index=frame.index)
    texts = (
        {idx: normalise_text(t) for idx, t in frame["message"].items()}
        if "message" in frame
        else {}
    )
    buyers = frame["buyer"].astype(str).str.strip().str.lower().to_dict() if len(frame) else {}
    raw = frame["message"].to_dict() if "message" in frame else {}
    items = [(idx, t) for idx, t in texts.items() if not has_specifics(raw[idx])]
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


PATH_COLUMNS = [
    "buyer",
    "inquiry_id",
    "product_id",
    "visit_date",
    "visit_path",
    "page_views",
    "seconds",
    "candidates",
]


def _key(value: object) -> str:
    return "" if value is None or value is pd.NA or value != value else str(value).strip().lower()


def _path_ids(path: object) -> set[str]:
    return {p.strip() for p in str(path or "").split(">") if p.strip()}


def visit_paths(inquiry_rows: pd.DataFrame, visitors: pd.DataFrame) -> pd.DataFrame:
    """The visit path of each inquiring buyer, *inferred*: 访客详情 names visitors by an
    anonymous visitor ID that the inquiry sheet does not carry, so an inquiry is matched to
    the visitors marked as inquiring (是否询盘) on its statistics day, from its country, whose
    path holds the inquired product. One candidate: its path, pages and seconds
    (``candidates`` 1). Several (or a visitor claimed by inquiries of different buyers): the
    inquiry's row says how many, without a path (``candidates`` > 1). None: no row."""
    if inquiry_rows.empty or visitors.empty or "visit_path" not in visitors:
        return pd.DataFrame(columns=PATH_COLUMNS)
    v = visitors
    if "inquired" in v and v["inquired"].notna().any():
        v = v[v["inquired"].fillna(False).astype(bool)]
    days = pd.to_datetime(v["visit_date"], errors="coerce").dt.date
    v = v[days.isin(set(inquiry_rows["stat_date"]))]
    v = v.assign(
        _day=pd.to_datetime(v["visit_date"]).dt.date,
        _country=[_key(c) for c in v.get("country", pd.Series("", index=v.index))],
        _ids=[_path_ids(p) for p in v["visit_path"]],
    )
    # the visitors of each (day, country), in row order: each inquiry looks in its own only
    places: dict[tuple[object, str], list[tuple[int, set[str]]]] = {}
    for i, day, place, ids in zip(v.index, v["_day"], v["_country"], v["_ids"], strict=True):
        places.setdefault((day, place), []).append((i, ids))
    found: list[tuple[dict[str, object], list[int]]] = []
    for q in records(inquiry_rows):
        product, country = str(q.get("product_id") or "").strip(), _key(q.get("country"))
        if not product or not country:
            continue
        same = places.get((q["stat_date"], country), [])
        hits = [i for i, ids in same if product in ids]
        if hits:
            found.append((q, hits))
    # a visitor claimed by inquiries of more than one buyer cannot be told apart either
    claimed: dict[int, set[str]] = {}
    for q, hits in found:
        for i in hits:
            claimed.setdefault(i, set()).add(_key(q.get("buyer")))
    rows = []
    for q, hits in found:
        n = len(hits) if len(hits) > 1 else len(claimed[hits[0]])
        one = v.loc[hits[0]] if n == 1 else None
        rows.append(
            {
                "buyer": q.get("buyer"),
                "inquiry_id": q.get("inquiry_id"),
                "product_id": q.get("product_id"),
                "visit_date": q["stat_date"],
                "visit_path": None if one is None else one["visit_path"],
                "page_views": None if one is None else one.get("page_views"),
                "seconds": None if one is None else one.get("seconds"),
                "candidates": n,
            }
        )
    if not rows:
        return pd.DataFrame(columns=PATH_COLUMNS)
    out = pd.DataFrame(rows, columns=PATH_COLUMNS)
    return out.sort_values(["candidates", "inquiry_id"], kind="stable").reset_index(drop=True)
