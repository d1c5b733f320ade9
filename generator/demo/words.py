"""The keyword universe drawn for the demo store (:func:`build_vocab`): the word list, each
word's numbers and daily search index, which titles cover it; and the zero-effect products
(:func:`zero_effect`) and the rising product, which shape the words. The word lists themselves
are data in :mod:`.vocab`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np

from .common import World, tokens
from .products import _CATEGORIES
from .vocab import BROAD, HEADS, PEER_WORDS, TRANSLATIONS, ZERO_WINDOW, Vocab, _parse_title


def zero_effect(w: World) -> None:
    """Zero-effect products at the monthly check (the latest 3rd of a month): present, and no
    inquiry and no TM chat in the 90 days before it. Also each product's publish date."""
    rng = w.rng(1)
    s, f = w.s, w.s.facts
    publish = f["publish"]
    old_days = rng.integers(120, 1500, size=w.P)
    published = [
        w.day(int(publish[p]))
        if publish[p] > 0
        else w.first_day - dt.timedelta(days=int(old_days[p]))
        for p in range(w.P)
    ]
    z = w.as_of.replace(day=3)
    if z > w.as_of:
        z = (z.replace(day=1) - dt.timedelta(days=1)).replace(day=3)
    if z < w.first_day:
        z = w.as_of
    tz = w.t(z)
    effect = (w.panel("inquiries") + w.panel("tm_buyers"))[:, : tz + 1] > 0
    any_effect = effect.any(axis=1)
    last_effect = tz - np.argmax(effect[:, ::-1], axis=1)
    zero_days = np.where(
        any_effect,
        tz - last_effect,
        [(z - published[p]).days for p in range(w.P)],
    )
    zero_days = np.minimum(zero_days, [(z - published[p]).days for p in range(w.P)])
    ze = [p for p in range(w.P) if s.present[p, tz] and zero_days[p] >= ZERO_WINDOW]
    ze.sort(key=lambda p: (-int(zero_days[p]), s.ids[p]))
    w.shared.update(published=published, zero_day=z, zero_days=zero_days, zero=ze)


def _unique_ngram(w: World, p: int, others: list[int]) -> str | None:
    """A 2–4 word phrase of p's title, holding a word of its product kind, that no other title
    holds (token rule)."""
    lead, core, tails = _parse_title(w.s.titles[p], int(w.cat_of[p]))
    parts = w.s.titles[p].lower().split()
    core_parts = core.lower().split()
    noun = core_parts[-1]
    cands = [core_parts, lead.lower().split() + core_parts]
    if tails:
        cands.append(core_parts + tails[0].lower().split())
    for n in (2, 3, 4):  # shorter phrases around the product kind's noun
        cands += [parts[i : i + n] for i in range(len(parts) - n + 1) if noun in parts[i : i + n]]
    for gram in cands:
        if len(gram) < 2 or len(gram) > 5:
            continue
        if not all(re.fullmatch(r"[a-z0-9]+", g) and not g.isdigit() for g in gram):
            continue
        need = set(gram)
        if not any(need <= w.title_tokens[o] for o in others):
            return " ".join(gram)
    return None


def build_vocab(w: World) -> Vocab:
    rng = w.rng(2)
    unique, covered_type, non_ze_live, allowed = _zero_effect_words(w)
    words, cat, kind, lang, base, peers, n_english = _word_list(w, rng, allowed, unique)
    cat_a = np.array(cat)
    base_a = np.array(base)
    idx0, comp, top10_k, top10_ctr, ctr, peers_planted = _word_numbers(
        w, rng, words, cat, kind, base, peers, n_english
    )
    idx = _search_index(w, rng, idx0)
    cov, sub = _coverage(w, words, n_english)
    v = Vocab(
        words=words,
        cat=cat_a,
        lang=lang,
        base=base_a,
        kind=kind,
        comp=np.maximum(1, np.rint(comp)).astype(int),
        ctr=ctr,
        top10_k=top10_k,
        top10_ctr=top10_ctr,
        idx=idx,
        cov=cov,
        sub=sub,
        peers_planted=peers_planted,
    )
    v.zero_words = sorted(v.pos[g] for g in unique.values() if g in v.pos)
    w.shared.update(
        allowed=allowed,
        zero_unique=unique,
        zero_covered=covered_type,
        non_ze_live=non_ze_live,
    )
    _rising(w, v)
    return v


def _zero_effect_words(
    w: World,
) -> tuple[dict[int, str], list[int], list[int], Callable[[str], bool]]:
    """Zero-effect products: some whose words nobody else covers (product → its own n-gram),
    some whose words stay covered; the live products that are not zero-effect; and the rule
    that keeps a word off the covered ones (``allowed``)."""
    s = w.s
    P = w.P
    live_now = s.present[:, w.last]
    z = w.shared["zero_day"]
    tz = w.t(z)
    ze = w.shared["zero"]
    ze_set = set(ze)
    around = np.asarray(s.present[:, tz:].any(axis=1), dtype=bool)  # listed since the check
    non_ze_live = [p for p in range(P) if live_now[p] and p not in ze_set]

    # Zero-effect products: some whose words nobody else covers, some whose words stay covered.
    n_each = 2 if len(ze) < 12 else 3
    unique: dict[int, str] = {}
    covered_type: list[int] = []
    dead = s.facts["dead"]
    if dead in ze_set:  # planted: no traffic, its product kind held by another product
        _, core, _ = _parse_title(s.titles[dead], int(w.cat_of[dead]))
        if any(core.lower() in w.title_lower[o] for o in non_ze_live):
            covered_type.append(dead)
    for p in ze:
        if p in (s.facts["idle"], *covered_type):
            continue  # the idle one draws traffic: "optimise, don't delete" (planted apart)
        others = [o for o in range(P) if around[o] and o != p]
        if len(unique) < n_each:
            gram = _unique_ngram(w, p, others)
            if gram:
                unique[p] = gram
                continue
        if len(covered_type) < n_each:
            _, core, _ = _parse_title(s.titles[p], int(w.cat_of[p]))
            if any(core.lower() in w.title_lower[o] for o in non_ze_live):
                covered_type.append(p)

    def allowed(text: str) -> bool:
        """A word may be written anywhere unless it would make a 'covered' zero-effect product
        the only holder of a word (token or substring rule)."""
        need = set(tokens(text))
        low = text.lower()
        for p in covered_type:
            if need <= w.title_tokens[p] and not any(
                need <= w.title_tokens[o] for o in non_ze_live
            ):
                return False
            if low in w.title_lower[p] and not any(low in w.title_lower[o] for o in non_ze_live):
                return False
        return True

    return unique, covered_type, non_ze_live, allowed


def _word_list(
    w: World,
    rng: np.random.Generator,
    allowed: Callable[[str], bool],
    unique: dict[int, str],
) -> tuple[list[str], list[int], list[str], list[str], list[int], list[int], int]:
    """The words (English heads, cores, the titles' combinations, peers' words, the zero-effect
    n-grams, then translations): each word's category, kind, language and English base, the
    peers' words and how many are English."""
    s, P = w.s, w.P
    all_tokens = set().union(*w.title_tokens)
    # English words: with the store's size (140 … 380), or as many as asked (``keywords``)
    n_en = w.keywords or int(np.clip(120 + 0.8 * P, 140, 380))
    words: list[str] = []
    cat: list[int] = []
    kind: list[str] = []
    seen: set[str] = set()

    def add(text: str, c: int, k: str) -> bool:
        if text in seen or not allowed(text):
            return False
        seen.add(text)
        words.append(text)
        cat.append(c)
        kind.append(k)
        return True

    for c, cat_ in enumerate(_CATEGORIES):
        for h in HEADS[c]:
            add(h, c, "head")
        for core in cat_.cores:
            add(core.lower(), c, "core")
    for c, b in enumerate(BROAD):
        add(b, min(c, len(_CATEGORIES) - 1), "head")
    # combinations the titles hold, the most common first, until each category has its share
    share = np.array([0.5 * c.product_share + 0.5 * c.traffic_share for c in _CATEGORIES])
    quota = np.maximum(8, np.round(share / share.sum() * n_en)).astype(int)
    for c in range(len(_CATEGORIES)):
        counts: dict[str, int] = {}
        for p in np.flatnonzero(w.cat_of == c).tolist():
            lead, core, tails = _parse_title(s.titles[p], c)
            cands = [f"{lead} {core}".lower()] + [f"{core} {t}".lower() for t in tails]
            if tails:
                cands.append(f"{lead} {core} {tails[0]}".lower())
            for x in cands:
                counts[x] = counts.get(x, 0) + 1
        have = sum(1 for k in cat if k == c)
        ranked = sorted(counts, key=lambda x: (-counts[x], x))
        # the most common ones, then a random draw of the rest
        head_n = max(0, min(len(ranked), (quota[c] - have) // 2))
        pick = ranked[:head_n]
        rest = ranked[head_n:]
        if rest:
            more = rng.permutation(len(rest))[: max(0, quota[c] - have - head_n)]
            pick += [rest[i] for i in sorted(more.tolist())]
        for x in pick:
            add(x, c, "combo")
    peers: list[int] = []
    for c, group in enumerate(PEER_WORDS):
        for x in group:
            if set(tokens(x)) - all_tokens and add(x, c, "peer"):
                peers.append(len(words) - 1)
    for p, gram in sorted(unique.items()):
        if gram not in seen:
            add(gram, int(w.cat_of[p]), "zero")
    n_english = len(words)
    lang = ["en"] * n_english
    base = list(range(n_english))
    for i in range(n_english):
        for lg, text in TRANSLATIONS.get(words[i], {}).items():
            if text not in seen:
                seen.add(text)
                words.append(text)
                cat.append(cat[i])
                kind.append("translation")
                lang.append(lg)
                base.append(i)

    return words, cat, kind, lang, base, peers, n_english


def _word_numbers(
    w: World,
    rng: np.random.Generator,
    words: list[str],
    cat: list[int],
    kind: list[str],
    base: list[int],
    peers: list[int],
    n_english: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Each word's search index level, competition, top-10 numbers and click rate; the planted
    uncovered peer words."""
    P, W = w.P, len(words)
    seen = set(words)
    # numbers per word --------------------------------------------------------------------
    lo = {"head": 2500.0, "core": 900.0, "combo": 160.0, "peer": 700.0, "zero": 120.0}
    sd = {"head": 0.4, "core": 0.6, "combo": 0.8, "peer": 0.4, "zero": 0.3}
    market = np.array([(c.traffic_share / 0.11) ** 0.5 for c in _CATEGORIES])
    idx0 = np.empty(W)
    comp = np.empty(W)
    for i in range(W):
        k = kind[i]
        if k == "translation":
            continue
        idx0[i] = rng.lognormal(np.log(lo[k]), sd[k]) * market[cat[i]]
        comp[i] = {
            "head": rng.uniform(60, 150),
            "core": rng.uniform(20, 80),
            "combo": rng.uniform(3, 40),
            "peer": rng.uniform(4, 40),
            "zero": rng.uniform(2, 12),
        }[k]
    for i in range(n_english, W):
        idx0[i] = idx0[base[i]] * rng.uniform(0.04, 0.2)
        comp[i] = rng.uniform(1, 15)
    # the planted uncovered peer words: the most searched of them, a few with little competition
    n_peer = min(len(peers), 4 if P < 100 else 6)
    peers_planted = sorted(peers, key=lambda i: -idx0[i])[:n_peer]
    for j, i in enumerate(peers_planted):
        idx0[i] = max(idx0[i], 900.0) * (1.0 + 0.25 * (n_peer - j))
        if j % 2 == 1:
            comp[i] = rng.uniform(3, 9)  # opportunity word: index ≥ 200, competition ≤ 10
    top10_k = rng.lognormal(np.log(3.0), 0.3, size=W)
    top10_k[[i for i in range(W) if kind[i] in ("peer", "translation")]] *= 0.5
    top10_k[peers_planted] = rng.uniform(5.0, 7.0, size=len(peers_planted))
    top10_ctr = np.clip(rng.lognormal(np.log(0.025), 0.3, size=W), 0.006, 0.08)
    ctr = np.clip(rng.lognormal(np.log(0.02), 0.35, size=W), 0.004, 0.06)
    for b in BROAD:
        if b in seen and b in words:
            ctr[words.index(b)] = 0.0012

    return idx0, comp, top10_k, top10_ctr, ctr, peers_planted


def _search_index(w: World, rng: np.random.Generator, idx0: np.ndarray) -> np.ndarray:
    """Each word's daily search index: its level, the season, a random walk, the holiday week."""
    T, W = w.T, len(idx0)
    f = w.s.facts
    # -- daily search index ----------------------------------------------------------------------
    t_all = np.arange(T)
    dates = [w.day(int(t)) for t in t_all]
    doy = np.array([d.timetuple().tm_yday for d in dates])
    season = 1.0 + 0.08 * np.cos(2 * np.pi * (doy - 75) / 365.25)
    steps = rng.normal(0.0, 0.012, size=(W, T))
    walk = np.cumsum(steps, axis=1)
    walk -= walk.mean(axis=1, keepdims=True)
    idx = idx0[:, None] * season[None, :] * np.exp(walk)
    hol = int(f["hol_t"])
    idx[:, hol : hol + 7] *= 0.75

    return idx


def _coverage(w: World, words: list[str], n_english: int) -> tuple[np.ndarray, np.ndarray]:
    """Which products' titles hold each English word (all its tokens; as a substring)."""
    P, W = w.P, len(words)
    # -- coverage ----------------------------------------------------------------------------------
    word_tokens = [set(tokens(x)) for x in words]
    cov = np.zeros((W, P), dtype=bool)
    sub = np.zeros((W, P), dtype=bool)
    for i in range(n_english):
        need, low = word_tokens[i], words[i]
        for p in range(P):
            if need <= w.title_tokens[p]:
                cov[i, p] = True
                sub[i, p] = low in w.title_lower[p]

    return cov, sub


def _rising(w: World, v: Vocab) -> None:
    """The rising product is the planted one (an old product whose expected traffic is × 2.5
    from the 1st of the final month on, :mod:`.plants`); the index of its own words rises over
    the last 8 weeks."""
    if w.s.facts["riser"] is None:  # too few products for a rising one
        v.rising_words = []
        w.shared["rising"] = None
        return
    si = w.panel("search_impressions")
    last = w.last
    a = si[:, last - 27 : last + 1].sum(axis=1)
    b = si[:, max(last - 55, 0) : last - 27].sum(axis=1)
    ratio = (a + 1.0) / (b + 1.0)
    p = int(w.s.facts["riser"])
    mine = [
        i
        for i in range(v.W)
        if v.lang[i] == "en" and v.kind[i] in ("core", "combo") and v.cov[i, p]
    ]
    words = mine + [i for i in range(v.W) if v.lang[i] != "en" and v.base[i] in mine]
    ramp = np.clip((np.arange(w.T) - (last - 55)) / 55.0, 0.0, 1.0)
    v.idx[words] *= (1.0 + 0.7 * ramp)[None, :]
    v.rising_words = words
    w.shared.update(rising=p, rising_ratio=float(ratio[p]), rising_a=int(a[p]), rising_b=int(b[p]))
