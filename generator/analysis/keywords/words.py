"""A word as the keyword library keys it: folded and, in English, singular
(:func:`normalise_keyword`); its spelling as a variant (:func:`display_form`); its language
(:func:`language_of`); and the English words a foreign word may translate to
(:func:`english_candidates`). The word lists are in :mod:`.lexicon`."""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Any

import numpy as np

from .lexicon import (
    ACCENTS,
    AR_PREFIXES,
    AS_WORDS,
    CHE_WORDS,
    GLOSSARY_SRC,
    I_PLURALS,
    IE_WORDS,
    INVARIANT,
    IRREGULAR,
    LATIN_LANGS,
    LEXICON,
    O_ES,
    SCRIPTS,
    STOP,
    US_WORDS,
)

# -- normalisation ----------------------------------------------------------------------------------


def singular(token: str) -> str:
    """The singular of an English noun token (simple rules and a small exception list); other
    tokens unchanged: glass, bus, series, tennis and numbers stay as they are."""
    t = token
    if len(t) < 4 or not t.isalpha() or not t.isascii() or not t.endswith("s"):
        return IRREGULAR.get(t, t)
    if t in IRREGULAR:
        return IRREGULAR[t]
    if t in INVARIANT or t.endswith(("ss", "us")):
        return t
    if t.endswith("is"):
        return t[:-1] if t in I_PLURALS else t
    if t.endswith("ies"):
        if t[:-1] in IE_WORDS or any(t[:-1].endswith(w) for w in IE_WORDS if len(w) > 3):
            return t[:-1]
        return t[:-3] + "y" if len(t) > 4 else t[:-1]
    if t.endswith("oes"):
        return t[:-2] if t[:-2] in O_ES else t[:-1]
    if t.endswith("sses") or t.endswith("shes") or t.endswith("xes") or t.endswith("zzes"):
        return t[:-2]
    if t.endswith("ches"):
        return t[:-1] if t[:-1] in CHE_WORDS or t[:-1].endswith(tuple(CHE_WORDS)) else t[:-2]
    if t.endswith("uses"):
        return t[:-2] if t[:-2] in US_WORDS or t[:-2].endswith(("bus", "virus")) else t[:-1]
    if t.endswith("ases"):
        return t[:-2] if t[:-2] in AS_WORDS else t[:-1]
    return t[:-1]


_APOSTROPHES = re.compile(r"['’`ʼ‘]")
_LOOSE_DOTS = re.compile(r"(?<!\d)\.|\.(?!\d)")
_NON_WORD = re.compile(r"[^\w\s.]|_")


def _fold(text: Any) -> str:
    """Case, width, whitespace and punctuation folded; dots kept only inside numbers."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    s = unicodedata.normalize("NFKC", str(text)).casefold()
    s = _APOSTROPHES.sub("", s)
    s = _LOOSE_DOTS.sub(" ", s)
    s = _NON_WORD.sub(" ", s)
    return " ".join(s.split())


def display_form(text: Any) -> str:
    """A spelling as a variant: case, width and whitespace folded, punctuation kept."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


_NORMAL_CACHE: dict[str, str] = {}


def normalise_keyword(text: Any) -> str:
    """The library's key of a word: case, width, whitespace and punctuation folded, and — for
    English — each noun in the singular (``Solar-Lights`` → ``solar light``, ``boxes`` → ``box``,
    ``batteries`` → ``battery``; ``glass`` and ``bus`` stay)."""
    raw = "" if text is None else str(text)
    got = _NORMAL_CACHE.get(raw)
    if got is not None:
        return got
    folded = _fold(raw)
    if folded and language_of(raw) == "en":
        folded = " ".join(singular(t) for t in folded.split())
    if len(_NORMAL_CACHE) < 500_000:
        _NORMAL_CACHE[raw] = folded
    return folded


# -- language ---------------------------------------------------------------------------------------


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


_LANG_CACHE: dict[str, str] = {}


def language_of(text: Any) -> str:
    """The language of a word: by script (zh, ja, ko, th, ar, ru, he, el), else by stop words,
    common product words and accents (es, pt, fr, it, de; tr, pl, vi by their letters), else en."""
    raw = "" if text is None else str(text)
    got = _LANG_CACHE.get(raw)
    if got is not None:
        return got
    lang = _language(raw)
    if len(_LANG_CACHE) < 500_000:
        _LANG_CACHE[raw] = lang
    return lang


def _language(raw: str) -> str:
    s = unicodedata.normalize("NFKC", raw).casefold()
    if not s.isascii():
        found = set()
        for ch in s:
            o = ord(ch)
            if o < 0x0370:
                continue
            for lang, ranges in SCRIPTS:
                if any(a <= o <= b for a, b in ranges):
                    found.add(lang)
                    break
        for lang, _ in SCRIPTS:  # kana before han: Japanese mixes both
            if lang in found:
                return lang
    score = dict.fromkeys(LATIN_LANGS, 0.0)
    for ch in s:
        for lang, w in ACCENTS.get(ch, {}).items():
            score[lang] += w
    words = _NON_WORD.sub(" ", s).split()
    for word in words:
        for lang, stops in STOP.items():
            score[lang] += stops.get(word, 0.0)
        bare = _strip_accents(word)
        for lang, lex in LEXICON.items():
            if bare in lex:
                score[lang] += 1.0
    best = max(LATIN_LANGS, key=lambda lg: score[lg])  # ties: the first in LATIN_LANGS
    return best if score[best] >= 1.0 else "en"


# -- English originals of translated words ----------------------------------------------------------


def _build_glossary() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    for english, forms in GLOSSARY_SRC.items():
        for form in forms.split():
            if form.isascii() or any("a" <= c <= "z" for c in _strip_accents(form)):
                exact.setdefault(_strip_accents(form), english)
            else:
                stems.append((form, english))
    stems.sort(key=lambda p: -len(p[0]))
    return exact, stems


_EXACT, _STEMS = _build_glossary()


def _gloss(token: str) -> str | None:
    """The English of one foreign token ('' for a stop word), or None when unknown."""
    bare = _strip_accents(token)
    if bare.isascii():
        for cand in (
            bare,
            bare[:-1] if bare.endswith("s") else "",
            bare[:-2] if bare.endswith("es") else "",
        ):
            if cand and cand in _EXACT:
                return _EXACT[cand]
        return None
    forms = [token]
    if any("\u0600" <= c <= "\u06ff" for c in token):
        for p in AR_PREFIXES:
            if token.startswith(p) and len(token) - len(p) >= 2:
                forms.append(token[len(p) :])
    for form in forms:
        for stem, english in _STEMS:
            if form.startswith(stem):
                return english
    return None


def english_candidates(key: str) -> list[frozenset[str]]:
    """The English token sets a non-English key may translate to, word by word (unknown Latin
    tokens are kept: 'led', 'solar' and 'camping' are the same in many languages)."""
    options: list[list[str]] = []
    for tok in key.split():
        got = _gloss(tok)
        if got is None:
            if not _strip_accents(tok).isascii():
                return []
            options.append([_strip_accents(tok)])
        elif got:
            options.append([got])
    if not options:
        return []
    out = []
    for combo in itertools.islice(itertools.product(*options), 16):
        toks = frozenset(t for part in combo for t in part.split())
        if toks:
            out.append(toks)
    return out
