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

from dataclasses import dataclass, field

import numpy as np

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
