"""The store's keyword universe: the words buyers search with, drawn from the titles' vocabulary
(category heads, product kinds, lead and spec combinations), peers' words that no title of mine
holds, auto-translated variants, and a daily search index per word.

Also decides, from the products history, the zero-effect products (no inquiry and no TM chat in
90 days) and the rising product, because both shape which words exist and how they move.

Coverage: a title *covers* a word when it holds every token of it (token rule) — and the
stricter substring rule is checked too wherever a planted claim depends on it, so that the claim
holds whichever rule a page uses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from .common import World, tokens
from .products import _CATEGORIES

ZERO_WINDOW = 90  # days without inquiry or TM chat → zero-effect (the backend's 90-day list)

HEADS: tuple[tuple[str, ...], ...] = (
    ("solar light", "solar lights", "solar lamp", "outdoor solar light", "solar led light"),
    ("patio furniture", "outdoor furniture", "garden furniture", "rattan furniture", "patio set"),
    ("landscape lighting", "outdoor flood light", "led flood light", "outdoor spotlight"),
    ("camping gear", "camping equipment", "outdoor camping", "camping tent", "camping chair"),
    ("garden tools", "gardening tools", "garden tool set", "garden hose", "pruning shears"),
)
# Broad words that bring impressions and hardly any clicks (P4P: CTR < 0.2 %).
BROAD: tuple[str, ...] = ("garden light", "outdoor furniture", "outdoor light", "camping", "garden")

# Words peers sell and this store does not: each holds a token that no title of mine holds
# (checked again at run time against the generated titles).
PEER_WORDS: tuple[tuple[str, ...], ...] = (
    (
        "solar fountain pump",
        "solar fairy lights",
        "solar christmas lights",
        "solar chandelier",
        "solar mason jar lights",
        "solar bird bath fountain",
    ),
    ("patio gazebo", "outdoor swing chair", "fire pit table", "garden pergola", "adirondack chair"),
    ("led strip light outdoor", "swimming pool light", "neon flex light", "garden pole light"),
    ("trekking poles", "camping shower tent", "dry bag waterproof", "camping kettle", "bivy sack"),
    ("lawn mower", "leaf blower", "garden kneeler", "wheelbarrow", "watering can"),
)

# Auto-translated variants of English words (the platform serves these markets).
TRANSLATIONS: dict[str, dict[str, str]] = {
    "solar light": {"es": "luz solar", "ru": "солнечный фонарь", "ar": "ضوء شمسي"},
    "solar garden light": {
        "es": "luz solar de jardín",
        "pt": "luz solar de jardim",
        "ru": "солнечный садовый светильник",
        "ar": "ضوء حديقة بالطاقة الشمسية",
    },
    "solar street light": {
        "es": "farola solar",
        "pt": "poste de luz solar",
        "ru": "солнечный уличный фонарь",
        "ar": "إنارة شوارع بالطاقة الشمسية",
    },
    "solar wall light": {
        "es": "aplique solar de pared",
        "pt": "arandela solar",
        "ru": "солнечный настенный светильник",
        "ar": "مصباح جداري شمسي",
    },
    "solar flood light": {
        "es": "reflector solar",
        "pt": "refletor solar",
        "ru": "солнечный прожектор",
        "ar": "كشاف بالطاقة الشمسية",
    },
    "solar string lights": {
        "es": "guirnalda de luces solar",
        "pt": "cordão de luz solar",
        "ru": "солнечная гирлянда",
    },
    "patio furniture": {
        "es": "muebles de patio",
        "pt": "móveis de jardim",
        "ru": "садовая мебель",
        "ar": "أثاث حدائق",
    },
    "rattan sofa set": {
        "es": "juego de sofá de ratán",
        "pt": "conjunto de sofá de rattan",
        "ru": "диван из ротанга",
        "ar": "طقم كنب راتان",
    },
    "patio umbrella": {
        "es": "sombrilla de patio",
        "pt": "guarda-sol de jardim",
        "ru": "садовый зонт",
    },
    "led floodlight": {
        "es": "reflector led",
        "pt": "refletor led",
        "ru": "светодиодный прожектор",
        "ar": "كشاف ليد",
    },
    "landscape spotlight": {"es": "foco de jardín", "ru": "ландшафтный прожектор"},
    "camping tent": {
        "es": "tienda de campaña",
        "pt": "barraca de camping",
        "ru": "палатка для кемпинга",
        "ar": "خيمة تخييم",
    },
    "sleeping bag": {"es": "saco de dormir", "ru": "спальный мешок", "ar": "كيس نوم"},
    "folding camping chair": {
        "es": "silla plegable de camping",
        "pt": "cadeira dobrável de camping",
        "ru": "складной туристический стул",
    },
    "pruning shears": {
        "es": "tijeras de podar",
        "pt": "tesoura de poda",
        "ru": "секатор",
        "ar": "مقص تقليم",
    },
    "expandable garden hose": {
        "es": "manguera de jardín extensible",
        "pt": "mangueira de jardim expansível",
        "ru": "растягивающийся садовый шланг",
    },
    "garden hose": {"es": "manguera de jardín", "pt": "mangueira de jardim", "ar": "خرطوم حديقة"},
    "pressure sprayer": {"es": "pulverizador a presión", "pt": "pulverizador de pressão"},
}


@dataclass
class Vocab:
    words: list[str]
    cat: np.ndarray  # (W,)
    lang: list[str]
    base: np.ndarray  # (W,) the English word a translation comes from (itself for English)
    kind: list[str]  # head | core | combo | peer | zero | translation
    comp: np.ndarray  # (W,) 卖家规模指数
    ctr: np.ndarray  # (W,) my click-through rate on the word
    top10_k: np.ndarray  # (W,) Top10 average weekly impressions per point of index
    top10_ctr: np.ndarray  # (W,)
    idx: np.ndarray  # (W, T) daily search index
    cov: np.ndarray  # (W, P) token rule
    sub: np.ndarray  # (W, P) substring rule
    pos: dict[str, int] = field(default_factory=dict)
    peers_planted: list[int] = field(default_factory=list)
    rising_words: list[int] = field(default_factory=list)
    zero_words: list[int] = field(default_factory=list)  # words only a zero-effect product holds

    def __post_init__(self) -> None:
        self.pos = {w: i for i, w in enumerate(self.words)}

    @property
    def W(self) -> int:
        return len(self.words)

    def english(self) -> np.ndarray:
        return np.array([lg == "en" for lg in self.lang])


def _parse_title(title: str, c: int) -> tuple[str, str, list[str]]:
    """(lead, core, tails) of a generated title."""
    cat = _CATEGORIES[c]
    core = max((k for k in cat.cores if k in title), key=len)
    lead, rest = title.split(core, 1)
    tails, rest = [], rest.strip()
    while rest:
        part = next(
            (t for t in sorted(cat.tail, key=len, reverse=True) if rest.startswith(t)), None
        )
        if part is None:
            break
        tails.append(part)
        rest = rest[len(part) :].strip()
    return lead.strip(), core, tails


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
    s, f = w.s, w.s.facts
    P, T = w.P, w.T
    live_now = s.present[:, w.last]
    z = w.shared["zero_day"]
    tz = w.t(z)
    ze = w.shared["zero"]
    ze_set = set(ze)
    around = np.asarray(s.present[:, tz:].any(axis=1), dtype=bool)  # listed since the check
    non_ze_live = [p for p in range(P) if live_now[p] and p not in ze_set]
    all_tokens = set().union(*w.title_tokens)

    # Zero-effect products: some whose words nobody else covers, some whose words stay covered.
    n_each = 2 if len(ze) < 12 else 3
    unique: dict[int, str] = {}
    covered_type: list[int] = []
    for p in ze:
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

    n_en = int(np.clip(120 + 0.8 * P, 140, 380))
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
    W = len(words)
    cat_a = np.array(cat)
    base_a = np.array(base)

    # -- numbers per word --------------------------------------------------------------------
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


def _rising(w: World, v: Vocab) -> None:
    """The rising product: the most growing search impressions (last 4 weeks vs the 4 before)
    among products with real traffic; the index of its own words rises over the last 8 weeks."""
    si = w.panel("search_impressions")
    last = w.last
    a = si[:, last - 27 : last + 1].sum(axis=1)
    b = si[:, max(last - 55, 0) : last - 27].sum(axis=1)
    live = w.s.present[:, last]
    floor = max(200.0, float(np.median(a[live])))
    ratio = (a + 1.0) / (b + 1.0)
    cands = [p for p in range(w.P) if live[p] and a[p] >= floor]
    p = max(cands, key=lambda q: (ratio[q], -q))
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
