"""Buyer privacy: what of a buyer reaches a page or a download.

A report site is read by a whole team and often published on an office server, so by default
(``show_buyer_details = false``) a buyer is shown as initials ("J. S.", a Chinese name as its
surname and "*"), e-mail addresses and phone numbers are masked (``j***@example.com``,
``****5678``) and an inquiry's message is never published whole: a short excerpt with every
e-mail, phone number, link and the buyer's own name masked, enough to see why it is a template.

The masking is applied where a page or a download builds its displayed table
(:func:`buyer_rows`), never in the metrics: duplicate and template detection work on the full
text. Teams whose site is private set ``show_buyer_details = true`` to see everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..foundation.values import is_missing

EXCERPT_CHARS = 30  # characters of an inquiry's (masked) message a page shows
MASK = "***"

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>\"']+")
# a run of digits with the usual phone separators, at least 7 digits (checked below)
PHONE = re.compile(r"(?<![0-9A-Za-z+])\+?\(?\d[\d\s().\-/]{5,}\d(?![0-9A-Za-z])")
DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")
# names written in scripts without letter case and without spaces between the parts
CJK = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "歐陽",
        "諸葛",
        "東方",
        "長孫",
        "夏侯",
        "軒轅",
        "獨孤",
        "南宮",
        "西門",
    ]
)


def mask_email(email: str) -> str:
    """``john.smith@example.com`` → ``j***@example.com`` (the first character of the local part
    and the domain stay)."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}{MASK}@{domain}" if local else f"{MASK}@{domain}"


def mask_digits(text: str) -> str:
    """A phone number or an id: every digit but the last four at most (none of a short one),
    as a fixed run of stars, so neither the number nor its length can be read."""
    digits = re.sub(r"\D", "", text)
    keep = min(4, max(0, len(digits) - 4))
    return "*" * 4 + (digits[-keep:] if keep else "")


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    if len(re.sub(r"\D", "", text)) < 7 or DATE.fullmatch(text.strip()):
        return text  # a quantity or a date, not a phone number
    return mask_digits(text)


def _mask_url(match: re.Match[str]) -> str:
    """``https://wa.me/1555…`` → ``https://***``: a link can carry a name, a number or a shop."""
    scheme, sep, _ = match.group(0).partition("//")
    return (scheme + sep if sep else "www.") + MASK


def _surname(name: str) -> str:
    compact = "".join(name.split())
    return compact[:2] if compact[:2] in COMPOUND_SURNAMES else compact[:1]


def mask_name(name: Any) -> str | None:
    """A buyer as initials: ``John Smith`` → ``J. S.``, ``王小明`` → ``王*``, ``欧阳娜娜`` →
    ``欧阳*``; an e-mail or a number given as the buyer is masked as one. Missing stays missing."""
    if is_missing(name):
        return None
    text = " ".join(str(name).split())
    if not text:
        return ""
    email = EMAIL.search(text)
    if email:
        return mask_email(email.group(0))
    if len(re.sub(r"\D", "", text)) >= 5:  # a visitor id or a phone number, not a name
        prefix = re.match(r"[^\W\d_]{0,3}", text)
        return (prefix.group(0) if prefix else "") + mask_digits(text)
    if CJK.search(text):
        return _surname(text) + "*"
    initials = []
    for token in text.split():
        letter = next((c for c in token if c.isalnum()), "")
        if letter:
            initials.append(letter.upper() + ".")
    if not initials:
        return MASK
    return " ".join([initials[0], initials[-1]] if len(initials) > 1 else initials)


def _name_parts(name: str) -> list[tuple[re.Pattern[str], str]]:
    """Patterns that find a buyer's own name (whole, and each part) inside a message."""
    text = " ".join(name.split())
    if not text or EMAIL.search(text):
        return []
    masked = mask_name(text) or MASK
    parts: list[tuple[re.Pattern[str], str]] = [(re.compile(re.escape(text), re.I), masked)]
    if CJK.search(text):
        compact = "".join(text.split())
        given = compact[len(_surname(compact)) :]
        if compact != text:
            parts.append((re.compile(re.escape(compact)), masked))
        if len(given) >= 2:
            parts.append((re.compile(re.escape(given)), "*"))
        return parts
    for token in text.split():
        word = re.sub(r"^\W+|\W+$", "", token)
        if len(word) >= 2:
            parts.append(
                (re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.I), word[0].upper() + ".")
            )
    return parts


def mask_text(text: Any, names: Iterable[Any] = ()) -> str:
    """Free text with every link, e-mail address and phone number in it masked, and the given
    buyers' names shown as initials."""
    if is_missing(text):
        return ""
    out = " ".join(str(text).split())
    out = URL.sub(_mask_url, out)
    out = EMAIL.sub(lambda m: mask_email(m.group(0)), out)
    out = PHONE.sub(_mask_phone, out)
    for name in names:
        if is_missing(name):
            continue
        for pattern, replacement in _name_parts(str(name)):
            out = pattern.sub(replacement, out)
    return out


def excerpt(text: Any, names: Iterable[Any] = (), limit: int = EXCERPT_CHARS) -> str:
    """The start of a message (``limit`` characters, then "…"), masked before it is cut."""
    masked = mask_text(text, names)
    if len(masked) <= limit:
        return masked
    cut = masked[:limit]
    space = cut.rfind(" ")
    if masked[limit] != " " and space > limit // 2:
        cut = cut[:space]  # at a word's end where there are words (not in Chinese)
    return cut.rstrip() + "…"


def buyer_rows(
    frame: pd.DataFrame,
    show_details: bool,
    names: tuple[str, ...] = ("buyer", "visitor_id"),
    texts: tuple[str, ...] = ("message",),
) -> pd.DataFrame:
    """Inquiry or visitor rows as a page or a download shows them: with ``show_details`` as
    they are, else buyers as initials and messages as masked excerpts."""
    if show_details or frame.empty:
        return frame
    out = frame.copy()
    people = [c for c in names if c in out]
    who = out[people[0]] if people else pd.Series(None, index=out.index, dtype=object)
    for col in texts:
        if col in out:
            out[col] = [
                None if is_missing(t) else excerpt(t, [b])
                for t, b in zip(out[col], who, strict=True)
            ]
    for col in people:
        out[col] = [mask_name(b) for b in out[col]]
    return out
