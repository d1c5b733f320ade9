"""Which product titles cover a keyword: a title covers a word when it holds every one of the
word's tokens (normalised like keys; English small words such as 'for' need not be there)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .lexicon import COVER_STOP
from .words import normalise_keyword


def title_index(titles: Sequence[Any]) -> dict[str, set[int]]:
    """token → the positions of the titles holding it (titles normalised like keys)."""
    index: dict[str, set[int]] = {}
    for i, title in enumerate(titles):
        for tok in set(normalise_keyword(title).split()):
            index.setdefault(tok, set()).add(i)
    return index


def cover_tokens(key: str) -> list[str]:
    """The tokens of a normalised key that a title must hold to cover it (English small words
    such as 'for' and 'with' need not be in the title)."""
    return [t for t in key.split() if t not in COVER_STOP]


def covering(tokens: Sequence[str], index: dict[str, set[int]]) -> set[int]:
    """The positions of the titles (``title_index``) that hold every one of ``tokens``."""
    sets = [index.get(t) for t in tokens]
    if not tokens or any(s is None for s in sets):
        return set()
    found = sorted((s for s in sets if s is not None), key=len)
    acc = found[0]
    for s in found[1:]:
        acc = acc & s
        if not acc:
            break
    return set(acc)


def coverage(keys: Sequence[str], titles: Sequence[str]) -> np.ndarray:
    """How many titles cover each (normalised) key."""
    index = title_index(titles)
    return np.array([len(covering(cover_tokens(k), index)) for k in keys], dtype=np.int64)
