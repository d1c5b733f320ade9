"""The keyword library (关键词库): every word the operator's sources hold, one entry per
normalised word, with its numbers, a status and an action.

Pure functions over DataFrames: :func:`build_library` takes the current rows of each keyword
kind (``{kind: DataFrame}``, as the store returns them: ``period_start``/``period_end``/
``granularity`` on every row, the kind's date column on row-dated kinds) and the as-of date, and
returns one row per word. Nothing here reads the store, the clock or the settings object
directly: thresholds come in as :class:`KeywordRules` (or anything with ``keyword_*``
attributes, such as :class:`generator.config.Settings`).

Windows. Sums (impressions, clicks, Top10, P4P spend/clicks/inquiries, natural inquiries, RFQs)
cover the last ``window_days`` days *of data* of each kind: the window ends at the kind's latest
period end (or row date) on or before the as-of date, so a kind exported a few days late still
counts. Of a kind exported at several granularities the one that covers the window best is
used, never two at once (a month file and its weeks would count twice). Search index and
competition are the latest values seen; first/last seen span the whole history.

Status precedence (one status per word, the first rule that holds wins):

1. ``risk`` — the word holds a brand or prohibited word of ``risk_words``;
2. ``waste`` — P4P spent more than ``waste_min_spend`` on it with no click, or with no inquiry
   where the P4P report counts inquiries → pause;
3. ``broad`` — more than ``broad_min_impressions`` impressions a week, CTR below
   ``broad_max_ctr`` and no inquiry: a broad word without effect;
4. ``opportunity`` — search index ≥ ``opportunity_min_index`` and competition (卖家规模指数)
   ≤ ``opportunity_max_competition``;
5. ``uncovered`` — peers get impressions on it (Top10 > 0) or its index ≥
   ``uncovered_min_index``, and no live product title covers it → publish;
6. ``p4p_candidate`` — brought ≥ ``p4p_candidate_min_inquiries`` inquiries naturally (inquiring
   visitors who searched it) and is not in P4P → add to P4P;
7. ``natural_candidate`` — in P4P with ≥ ``natural_min_inquiries`` P4P inquiries and competition
   ≤ ``natural_max_competition`` → rank it naturally, then lower the bid;
8. ``keep``.

Translations. The platform auto-translates English listings; 引流关键词 then holds words in
other languages. A non-English word's English original is found from the P4P search-term
report (a foreign search term matched to an English keyword), from ``translations`` (config),
or from a small built-in glossary of common product words. Such a word keeps its own entry
(never merged with the original), is covered by whatever covers its original, and — when it
came from 引流关键词 — is flagged ``translated``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import translate
from ..inputs import KEYWORD_KINDS
from ..kinds import KINDS

# -- what the library reads ---------------------------------------------------------------------


# source ids (labels: ``kw_source_<id>`` in i18n.CATALOG); the order is the bit order of ``source_mask``
SOURCES: tuple[str, ...] = (
    "traffic_keywords",
    "keyword_index",
    "p4p_keywords",
    "p4p_search_terms",
    "visitor_preferred",
    "store_search",
    "rfq",
    "peers",
    "dropdown",
    "related",
    "tools",
    "collected",
    "new_products",
    "keyword_ranks",
)
SOURCE_BIT = {s: 1 << i for i, s in enumerate(SOURCES)}

# status ids in precedence order (labels: ``kw_label_<id>`` in i18n.CATALOG)
STATUSES: tuple[str, ...] = (
    "risk",
    "waste",
    "broad",
    "opportunity",
    "uncovered",
    "p4p_candidate",
    "natural_candidate",
    "keep",
)

# status id → its usual action key (the library refines some words' action)
STATUS_ACTIONS: dict[str, str] = {
    "risk": "avoid",
    "waste": "pause",
    "broad": "narrow",
    "opportunity": "push",
    "uncovered": "publish",
    "p4p_candidate": "add_p4p",
    "natural_candidate": "rank_naturally",
    "keep": "keep",
}

# action keys (texts: ``kw_action_<key>`` in i18n.CATALOG)
ACTIONS: tuple[str, ...] = (
    "avoid",
    "pause",
    "narrow",
    "publish_opportunity",
    "push",
    "publish",
    "publish_planned",
    "publish_language",
    "add_p4p",
    "rank_naturally",
    "keep",
)

# the word languages the library names (``lang_<code>`` in i18n.CATALOG)
LANGUAGES: tuple[str, ...] = (
    "en",
    "zh",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "ru",
    "ar",
    "ja",
    "ko",
    "th",
    "tr",
    "vi",
    "pl",
    "he",
    "el",
)

DEFAULT_RISK_WORDS: tuple[str, ...] = ("replica", "counterfeit", "knockoff", "1:1 copy")

LIBRARY_COLUMNS: tuple[str, ...] = (
    "keyword",  # the most used spelling of the word
    "variants",  # every spelling seen, ' | '-joined
    "language",
    "translated",  # an auto-translated 引流关键词 row whose English original is in the library
    "original",  # the English original of a non-English word, where known
    "sources",  # source ids, sorted, ';'-joined
    "first_seen",
    "last_seen",
    "search_index",
    "index_trend",
    "competition",
    "impressions",
    "clicks",
    "ctr",
    "inquiries",  # natural + P4P
    "natural_inquiries",
    "p4p_inquiries",
    "top10_impressions",
    "p4p_impressions",
    "p4p_spend",
    "p4p_clicks",
    "p4p_cpc",
    "star_rating",
    "in_p4p",
    "covering_products",
    "rank",
    "rank_value",  # page × 1000 + position, for sorting
    "double_exposure",  # organic and P4P both on page 1
    "rfq_count",
    "visitors",
    "planned",  # a target word of a product still to be published
    "status",
    "action",
    "action_key",
    "key",  # the normalised word
    "source_mask",
)


# -- rules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeywordRules:
    """The thresholds of the status rules. Defaults are the settings' (config.py)."""

    window_days: int = 28
    opportunity_min_index: float = 200
    opportunity_max_competition: float = 10
    uncovered_min_index: float = 200
    waste_min_spend: float = 0.0
    broad_min_impressions: float = 700  # per 7 days
    broad_max_ctr: float = 0.002
    p4p_candidate_min_inquiries: int = 1
    natural_min_inquiries: int = 1
    natural_max_competition: float = 30
    risk_words: tuple[str, ...] = DEFAULT_RISK_WORDS
    translations: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Any) -> KeywordRules:
        """Read ``keyword_<name>`` attributes (the Settings fields); missing ones keep defaults."""
        if isinstance(settings, KeywordRules):
            return settings
        if settings is None:
            return cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            got = getattr(settings, f"keyword_{f.name}", None)
            if got is None and isinstance(settings, Mapping):
                got = settings.get(f"keyword_{f.name}", settings.get(f.name))
            if got is not None:
                values[f.name] = tuple(got) if f.name == "risk_words" else got
        return cls(**values)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- normalisation ----------------------------------------------------------------------------------

_IRREGULAR = {
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "geese": "goose",
    "mice": "mouse",
    "people": "person",
    "knives": "knife",
    "leaves": "leaf",
    "shelves": "shelf",
    "wolves": "wolf",
    "halves": "half",
    "lives": "life",
    "wives": "wife",
    "scarves": "scarf",
    "loaves": "loaf",
    "thieves": "thief",
    "calves": "calf",
    "hooves": "hoof",
    "elves": "elf",
    "selves": "self",
    "oxen": "ox",
    "dice": "die",
    "axes": "axe",
}
_INVARIANT = _words(
    """series species news means jeans pants shorts trousers scissors pliers tongs goggles clothes
    chaos cosmos ethos kudos asbestos thermos lens gas yes this his has was its plus bus canvas
    atlas bias alias christmas texas vegas adidas mattress physics electronics mathematics
    economics athletics aerobics gymnastics headquarters barracks crossroads whereabouts less
    always perhaps towards afterwards sometimes"""
)
_IE_WORDS = _words(
    """cookie movie hoodie beanie calorie brownie smoothie selfie pie tie lie die zombie rookie
    goalie veggie onesie bootie genie prairie pixie auntie necktie bowtie birdie lingerie
    sweetie budgie collie"""
)
_O_ES = _words(
    """potato tomato hero echo volcano mango cargo tornado mosquito torpedo veto domino buffalo
    embargo"""
)
_CHE_WORDS = _words(
    """headache ache niche cache quiche cliche moustache mustache avalanche creche psyche
    microfiche panache attache tranche"""
)
_US_WORDS = _words(
    """bus virus bonus status campus cactus chorus focus fungus octopus walrus circus corpus census
    stylus abacus sinus minibus omnibus syllabus apparatus thesaurus platypus citrus lotus plus
    asparagus eucalyptus hibiscus papyrus nexus radius genus onus surplus prospectus"""
)
_AS_WORDS = _words("canvas atlas gas alias bias christmas texas pampas")
_I_PLURALS = _words("taxis skis bikinis kiwis emojis wikis alibis safaris minis maxis")


def singular(token: str) -> str:
    """The singular of an English noun token (simple rules and a small exception list); other
    tokens unchanged: glass, bus, series, tennis and numbers stay as they are."""
    t = token
    if len(t) < 4 or not t.isalpha() or not t.isascii() or not t.endswith("s"):
        return _IRREGULAR.get(t, t)
    if t in _IRREGULAR:
        return _IRREGULAR[t]
    if t in _INVARIANT or t.endswith(("ss", "us")):
        return t
    if t.endswith("is"):
        return t[:-1] if t in _I_PLURALS else t
    if t.endswith("ies"):
        if t[:-1] in _IE_WORDS or any(t[:-1].endswith(w) for w in _IE_WORDS if len(w) > 3):
            return t[:-1]
        return t[:-3] + "y" if len(t) > 4 else t[:-1]
    if t.endswith("oes"):
        return t[:-2] if t[:-2] in _O_ES else t[:-1]
    if t.endswith("sses") or t.endswith("shes") or t.endswith("xes") or t.endswith("zzes"):
        return t[:-2]
    if t.endswith("ches"):
        return t[:-1] if t[:-1] in _CHE_WORDS or t[:-1].endswith(tuple(_CHE_WORDS)) else t[:-2]
    if t.endswith("uses"):
        return t[:-2] if t[:-2] in _US_WORDS or t[:-2].endswith(("bus", "virus")) else t[:-1]
    if t.endswith("ases"):
        return t[:-2] if t[:-2] in _AS_WORDS else t[:-1]
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

_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("ja", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("zh", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))),
    ("th", ((0x0E00, 0x0E7F),)),
    ("ar", ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("ru", ((0x0400, 0x04FF),)),
    ("he", ((0x0590, 0x05FF),)),
    ("el", ((0x0370, 0x03FF),)),
)
_LATIN_LANGS = ("es", "pt", "fr", "it", "de", "tr", "pl", "vi")
# stop words: weight 1, or 0.5 where the word is also English or ambiguous on its own
_STOP: dict[str, dict[str, float]] = {
    "es": {
        "de": 1,
        "la": 1,
        "el": 1,
        "los": 1,
        "las": 1,
        "para": 1,
        "con": 1,
        "del": 1,
        "y": 0.5,
        "por": 1,
        "sin": 1,
        "una": 1,
        "un": 1,
        "al": 0.5,
        "a": 0.5,
    },
    "pt": {
        "de": 1,
        "da": 1,
        "do": 0.5,
        "das": 1,
        "dos": 1,
        "para": 1,
        "com": 0.5,
        "sem": 0.5,
        "em": 1,
        "e": 0.5,
        "um": 1,
        "uma": 1,
        "ao": 1,
        "na": 1,
        "a": 0.5,
    },
    "fr": {
        "de": 1,
        "la": 1,
        "le": 1,
        "les": 1,
        "pour": 1,
        "avec": 1,
        "des": 1,
        "du": 1,
        "et": 1,
        "sans": 1,
        "une": 1,
        "un": 1,
        "au": 0.5,
        "aux": 0.5,
        "en": 0.5,
    },
    "it": {
        "di": 1,
        "da": 1,
        "per": 0.5,
        "con": 1,
        "il": 1,
        "la": 1,
        "le": 1,
        "del": 1,
        "della": 1,
        "dei": 1,
        "delle": 1,
        "e": 0.5,
        "senza": 1,
        "uno": 0.5,
        "una": 1,
        "al": 0.5,
    },
    "de": {
        "für": 1,
        "mit": 1,
        "und": 1,
        "der": 1,
        "die": 0.5,
        "das": 1,
        "von": 1,
        "aus": 0.5,
        "ohne": 1,
        "ein": 1,
        "eine": 1,
        "zum": 1,
        "zur": 1,
        "im": 0.5,
    },
}
# common product words that give a Latin-script language away (accents stripped)
_LEXICON: dict[str, frozenset[str]] = {
    "es": _words(
        """luz luces lampara silla sillas mesa mesas jardin tienda tiendas bolsa caja ropa zapatos
        mujer hombre ninos cocina cama agua farola reflector foco muebles sombrilla manguera tijeras
        podar saco dormir plegable pared calle precio venta barato juego aplique guirnalda linterna
        campana impermeable pulverizador presion extensible"""
    ),
    "pt": _words(
        """luz lampada cadeira cadeiras mesa jardim barraca barracas bolsa caixa roupa sapatos
        mulher homem cozinha cama agua refletor moveis mangueira tesoura poda dobravel parede rua
        poste cordao conjunto preco atacado barato arandela lanterna guarda expansivel"""
    ),
    "fr": _words(
        """lumiere lumieres lampe chaise chaises jardin tente tentes sac boite vetements chaussures
        femme homme cuisine lit eau projecteur meubles tuyau secateur pliante pliant mur rue prix
        lanterne etanche"""
    ),
    "it": _words(
        """luce luci lampada sedia sedie tavolo giardino tenda borsa scatola abbigliamento scarpe
        donna uomo cucina letto acqua faro mobili ombrellone forbici pieghevole parete strada
        prezzo ingrosso"""
    ),
    "de": _words(
        """licht lampe stuhl tisch garten zelt tasche kiste kleidung schuhe frau herren damen kuche
        bett wasser strahler mobel schirm schlauch schere wand strasse preis grosshandel leuchte
        wasserdicht"""
    ),
}
_ACCENTS: dict[str, dict[str, float]] = {
    "ñ": {"es": 3},
    "¿": {"es": 3},
    "¡": {"es": 3},
    "ã": {"pt": 3},
    "õ": {"pt": 3},
    "ç": {"pt": 1, "fr": 1},
    "â": {"pt": 1, "fr": 1},
    "ê": {"pt": 1, "fr": 1},
    "ô": {"pt": 1, "fr": 1},
    "á": {"es": 1, "pt": 1},
    "í": {"es": 1, "pt": 1},
    "ó": {"es": 1, "pt": 1},
    "ú": {"es": 1, "pt": 1},
    "é": {"es": 0.5, "fr": 0.5, "pt": 0.5, "it": 0.5},
    "è": {"fr": 1, "it": 1},
    "à": {"fr": 1, "it": 1, "pt": 0.5},
    "ù": {"fr": 1, "it": 1},
    "ë": {"fr": 2},
    "ï": {"fr": 2},
    "î": {"fr": 2},
    "û": {"fr": 2},
    "œ": {"fr": 3},
    "æ": {"fr": 1},
    "ò": {"it": 2},
    "ì": {"it": 2},
    "ä": {"de": 2},
    "ö": {"de": 2, "tr": 1},
    "ü": {"de": 2, "tr": 1},
    "ß": {"de": 3},
    "ğ": {"tr": 3},
    "ş": {"tr": 3},
    "ı": {"tr": 3},
    "ą": {"pl": 3},
    "ę": {"pl": 3},
    "ł": {"pl": 3},
    "ń": {"pl": 2},
    "ś": {"pl": 2},
    "ź": {"pl": 3},
    "ż": {"pl": 3},
    "ơ": {"vi": 3},
    "ư": {"vi": 3},
    "đ": {"vi": 3},
    "ạ": {"vi": 3},
    "ả": {"vi": 3},
    "ế": {"vi": 3},
    "ệ": {"vi": 3},
    "ộ": {"vi": 3},
    "ố": {"vi": 3},
    "ờ": {"vi": 3},
    "ủ": {"vi": 3},
}


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
            for lang, ranges in _SCRIPTS:
                if any(a <= o <= b for a, b in ranges):
                    found.add(lang)
                    break
        for lang, _ in _SCRIPTS:  # kana before han: Japanese mixes both
            if lang in found:
                return lang
    score = dict.fromkeys(_LATIN_LANGS, 0.0)
    for ch in s:
        for lang, w in _ACCENTS.get(ch, {}).items():
            score[lang] += w
    words = _NON_WORD.sub(" ", s).split()
    for word in words:
        for lang, stops in _STOP.items():
            score[lang] += stops.get(word, 0.0)
        bare = _strip_accents(word)
        for lang, lex in _LEXICON.items():
            if bare in lex:
                score[lang] += 1.0
    best = max(_LATIN_LANGS, key=lambda lg: score[lg])  # ties: the first in _LATIN_LANGS
    return best if score[best] >= 1.0 else "en"


# -- English originals of translated words ----------------------------------------------------------

# English token ← foreign forms. Latin forms are matched without accents (a plural 's'/'es' is
# also tried); Cyrillic and Arabic forms are stems matched as prefixes. A heuristic for the most
# common product words, not a dictionary: extend it through the ``translations`` setting.
_GLOSSARY_SRC: dict[str, str] = {
    "light": "luz luces lumiere luce luci licht leuchte iluminacion iluminacao eclairage aplique "
    "свет светильник фонар освещ ضوء إنارة انارة اضاءة إضاءة",
    "lamp": "lampara lampada lampe ламп مصباح",
    "lantern": "linterna lanterna lanterne laterne فانوس",
    "solar": "solar solaire solare solarbetrieben солнеч شمس",
    "garden": "jardin jardim giardino garten сад حديق حدائق",
    "street": "calle rua rue strada strasse улич شارع شوارع",
    "street light": "farola poste",
    "wall": "pared parede mur parete wand насте стен جدار جداري حائط",
    "wall light": "arandela",
    "flood light": "reflector refletor projecteur proiettore strahler прожектор كشاف",
    "string light": "guirnalda cordao гирлянд",
    "chair": "silla cadeira chaise sedia stuhl стул кресл كرسي",
    "table": "mesa tavolo tisch стол طاول",
    "tent": "tienda barraca tente tenda zelt палат خيم",
    "camping": "camping campana campismo acampada kemping кемпинг туристическ تخييم",
    "bag": "bolsa bolso saco sac borsa tasche сумк мешок حقيب كيس",
    "sleeping": "dormir sommeil спальн نوم",
    "folding": "plegable dobravel pliant pliante pieghevole klapp складн قابل",
    "furniture": "mueble muebles movel moveis meuble meubles mobili mobel мебел أثاث اثاث",
    "sofa": "sofa canape divano диван كنب",
    "set": "juego conjunto ensemble набор طقم",
    "rattan": "ratan rattan rotin ротанг راتان",
    "umbrella": "sombrilla paraguas parasol ombrellone schirm зонт مظل",
    "patio": "patio",
    "hose": "manguera mangueira tuyau schlauch шланг خرطوم",
    "pruning": "podar poda taille potatura تقليم",
    "pruning shear": "секатор",
    "shear": "tijeras tesoura secateur forbici schere ножниц مقص",
    "expandable": "extensible expansivel растягива",
    "sprayer": "pulverizador pulverisateur spruher опрыскивател رشاش",
    "pressure": "presion pressao pression pressione druck давлен ضغط",
    "waterproof": "impermeable impermeavel etanche wasserdicht водонепроница مقاوم",
    "led": "led светодиод ليد",
    "kitchen": "cocina cozinha cuisine cucina kuche кухн مطبخ",
    "bed": "cama lit letto bett кроват سرير",
    "shoe": "zapato sapato chaussure scarpa schuh обув حذاء",
    "woman": "mujer mulher femme donna frau damen женск نسائي",
    "man": "hombre homem homme uomo mann herren мужск رجالي",
    "water": "agua eau acqua wasser вод ماء مياه",
    "box": "caja caixa boite scatola kiste коробк ящик صندوق",
    "glass": "vidrio vidro verre vetro glas стекл زجاج",
    "outdoor": "exterieur aperto наружн улиц خارجي",
    "": "de la el los las para con del y por sin una un al a da do das dos com sem em e um uma ao "
    "na le les pour avec des du et une au aux en di il della dei delle senza uno für mit und der "
    "die das von aus ohne ein eine zum zur im для с и из на в от по و من في ب بالطاقة طاقة "
    "энерг",
}


def _build_glossary() -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    for english, forms in _GLOSSARY_SRC.items():
        for form in forms.split():
            if form.isascii() or any("a" <= c <= "z" for c in _strip_accents(form)):
                exact.setdefault(_strip_accents(form), english)
            else:
                stems.append((form, english))
    stems.sort(key=lambda p: -len(p[0]))
    return exact, stems


_EXACT, _STEMS = _build_glossary()
_AR_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب")


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
        for p in _AR_PREFIXES:
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


# -- reading the sources ----------------------------------------------------------------------------

_LIST_SPLIT = r"[,，;；、|\n]+"
_MISSING_WORDS = frozenset({"", "-", "--", "—", "n/a", "na", "none", "null"})


def _frame(sources: Mapping[str, pd.DataFrame], kind: str) -> pd.DataFrame:
    got = sources.get(kind)
    return got if got is not None else pd.DataFrame()


def _ts(series: pd.Series) -> pd.Series:
    """Dates as midnight timestamps of one resolution (the store's, microseconds)."""
    return pd.to_datetime(series, errors="coerce").dt.normalize().astype("datetime64[us]")


def _upto(frame: pd.DataFrame, col: str, as_of: pd.Timestamp) -> pd.DataFrame:
    if frame.empty or col not in frame:
        return frame.iloc[0:0]
    frame = frame.assign(**{col: _ts(frame[col])})
    if "period_start" in frame:
        frame["period_start"] = _ts(frame["period_start"])
    if "period_end" in frame and col != "period_end":
        frame["period_end"] = _ts(frame["period_end"])
    return frame[frame[col] <= as_of]


_GRAN_ORDER = {"day": 0, "week": 1, "month": 2}


def _window(frame: pd.DataFrame, days: int) -> tuple[pd.DataFrame, int]:
    """The rows of the last ``days`` days of a periodic kind's data, at the one granularity that
    covers them best; and how many days those rows cover."""
    if frame.empty:
        return frame, 0
    best: tuple[Any, ...] | None = None
    for gran, g in frame.groupby("granularity", sort=True, dropna=False):
        latest = g["period_end"].max()
        start = latest - pd.Timedelta(days=days - 1)
        inwin = g[g["period_start"] >= start]
        if inwin.empty:  # periods longer than the window: the latest one
            inwin = g[g["period_end"] == latest]
        periods = inwin[["period_start", "period_end"]].drop_duplicates()
        covered = int(((periods["period_end"] - periods["period_start"]).dt.days + 1).sum())
        cand = (
            latest,
            min(covered, days),
            -_GRAN_ORDER.get(str(gran), 3),
            str(gran),
            inwin,
            covered,
        )
        if best is None or cand[:4] > best[:4]:
            best = cand
    assert best is not None
    return best[4], max(1, best[5])


def _dated_window(frame: pd.DataFrame, col: str, days: int) -> pd.DataFrame:
    if frame.empty:
        return frame
    latest = frame[col].max()
    return frame[frame[col] > latest - pd.Timedelta(days=days)]


def _split_list(series: pd.Series) -> pd.Series:
    """A column of comma-separated words, one word per row (index kept)."""
    s = series.dropna().astype(str)
    if s.empty:
        return s
    out = s.str.split(_LIST_SPLIT, regex=True).explode().str.strip()
    return out[~out.str.casefold().isin(_MISSING_WORDS)]


def _competitor_source(label: Any) -> str:
    text = str(label or "").casefold()
    for needles, source in (
        (("同行", "peer", "competitor"), "peers"),
        (("下拉", "dropdown", "suggest"), "dropdown"),
        (("相关", "related"), "related"),
        (("软件", "tool", "采集"), "tools"),
    ):
        if any(n in text for n in needles):
            return source
    return "collected"


def _observations(src: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every (raw word, source, date) the sources hold."""
    parts: list[pd.DataFrame] = []

    def add(words: pd.Series, source: str | pd.Series, dates: pd.Series) -> None:
        if len(words):
            parts.append(
                pd.DataFrame(
                    {
                        "raw": words.astype(str).to_numpy(),
                        "source": source if isinstance(source, str) else source.to_numpy(),
                        "date": dates.to_numpy(),
                    }
                )
            )

    for kind, col in (
        ("traffic_keywords", "keyword"),
        ("keyword_index", "keyword"),
        ("p4p_keywords", "keyword"),
        ("p4p_search_terms", "search_term"),
    ):
        f = src[kind]
        if len(f) and col in f:
            f = f.dropna(subset=[col])
            add(f[col], kind, f["period_end"])
    f = src["visitors"]
    for col, source in (
        ("preferred_keywords", "visitor_preferred"),
        ("store_search_terms", "store_search"),
    ):
        if len(f) and col in f:
            words = _split_list(f[col])
            add(words, source, f.loc[words.index, "visit_date"])
    for kind, date_col in (("rfq", "date"), ("keyword_ranks", "date")):
        f = src[kind]
        if len(f) and "keyword" in f:
            f = f.dropna(subset=["keyword"])
            add(f["keyword"], kind, f[date_col])
    f = src["competitor_keywords"]
    if len(f) and "keyword" in f:
        f = f.dropna(subset=["keyword"])
        labels = f["source"] if "source" in f else pd.Series("", index=f.index)
        add(f["keyword"], labels.map(_competitor_source), f["period_end"])
    f = src["new_products"]
    if len(f) and "target_keywords" in f:
        words = _split_list(f["target_keywords"])
        add(words, "new_products", f.loc[words.index, "period_end"])
    if not parts:
        return pd.DataFrame(
            {"raw": [], "source": [], "date": pd.Series([], dtype="datetime64[us]")}
        )
    obs = pd.concat(parts, ignore_index=True)
    obs["raw"] = obs["raw"].astype(str).str.strip()
    return obs[~obs["raw"].str.casefold().isin(_MISSING_WORDS)]


# -- the library ------------------------------------------------------------------------------------


def _keyed(frame: pd.DataFrame, col: str, keymap: dict[str, str]) -> pd.DataFrame:
    f = frame.dropna(subset=[col])
    keys = f[col].astype(str).str.strip().map(keymap)
    return f.assign(key=keys.to_numpy()).dropna(subset=["key"])


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    if col in frame:
        return pd.to_numeric(frame[col], errors="coerce")
    return pd.Series(np.nan, index=frame.index, dtype=float)


def _sum(frame: pd.DataFrame, cols: Iterable[str]) -> pd.DataFrame:
    """Per key, the sum of each column (missing when every value is missing)."""
    data = pd.DataFrame({c: _num(frame, c) for c in cols})
    data["key"] = frame["key"].to_numpy()
    return data.groupby("key").sum(min_count=1)


def _latest_values(frame: pd.DataFrame, date_col: str, cols: dict[str, str]) -> pd.DataFrame:
    """Per key, the values of the latest row (the highest search index among same-day rows)."""
    data = pd.DataFrame({new: _num(frame, old) for new, old in cols.items()})
    data["key"] = frame["key"].to_numpy()
    data["_date"] = frame[date_col].to_numpy()
    first = next(iter(cols))
    data = data.sort_values(["key", "_date", first], na_position="first")
    return data.groupby("key").last(skipna=False).drop(columns=["_date"])


def _index_trend(traffic: pd.DataFrame, days: int) -> pd.Series:
    """Per key: the change of 关键词指数 from ``days`` days before the latest value to it."""
    data = pd.DataFrame(
        {
            "key": traffic["key"].to_numpy(),
            "date": traffic["period_end"].to_numpy(),
            "idx": _num(traffic, "search_index").to_numpy(),
        }
    ).dropna(subset=["idx"])
    if data.empty:
        return pd.Series(dtype=float)
    data = data.groupby(["key", "date"], as_index=False)["idx"].max()
    last = data.sort_values("date").groupby("key").tail(1)
    last = last.assign(target=last["date"] - pd.Timedelta(days=days)).sort_values("target")
    hist = data.sort_values("date").rename(columns={"date": "then", "idx": "idx0"})
    merged = pd.merge_asof(
        last, hist, left_on="target", right_on="then", by="key", direction="backward"
    )
    ok = merged["then"].notna() & (merged["then"] > merged["target"] - pd.Timedelta(days=days))
    ok &= merged["idx0"] > 0
    trend = (merged["idx"] / merged["idx0"] - 1.0).where(ok)
    return pd.Series(trend.to_numpy(), index=merged["key"].to_numpy()).dropna()


_COVER_STOP = _words("a an and by for from in of on or the to with")


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
    return [t for t in key.split() if t not in _COVER_STOP]


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


def _coverage(keys: Sequence[str], titles: Sequence[str]) -> np.ndarray:
    """How many titles cover each (normalised) key."""
    index = title_index(titles)
    return np.array([len(covering(cover_tokens(k), index)) for k in keys], dtype=np.int64)


def _risk_mask(keys: pd.Series, words: Iterable[str]) -> np.ndarray:
    mask = np.zeros(len(keys), dtype=bool)
    padded = " " + keys + " "
    for w in words:
        norm = normalise_keyword(w)
        if not norm:
            continue
        if norm.isascii():
            mask |= padded.str.contains(" " + norm + " ", regex=False).to_numpy()
        else:
            mask |= keys.str.contains(norm, regex=False).to_numpy()
    return mask


def empty_library() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in LIBRARY_COLUMNS})


def build_library(
    sources: Mapping[str, pd.DataFrame],
    as_of: dt.date,
    rules: Any = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """The keyword library as of ``as_of``: one row per normalised word, columns
    :data:`LIBRARY_COLUMNS`, the words needing action first. ``sources`` maps kinds of
    :data:`KEYWORD_KINDS` to their current rows (missing kinds are fine); ``rules`` is a
    :class:`KeywordRules`, a Settings object or None (defaults); ``lang`` the action's language."""
    r = KeywordRules.from_settings(rules)
    day = pd.Timestamp(as_of)
    # row-dated kinds by their dates, the others by their periods' ends
    src = {
        k: _upto(_frame(sources, k), KINDS[k].date_column or "period_end", day)
        for k in KEYWORD_KINDS
    }
    obs = _observations(src)
    if obs.empty:
        return empty_library()

    # keys and spellings
    raws = pd.unique(obs["raw"])
    keymap = {raw: normalise_keyword(raw) for raw in raws}
    keymap = {raw: k for raw, k in keymap.items() if k}
    obs["key"] = obs["raw"].map(keymap)
    obs = obs.dropna(subset=["key"])
    obs["variant"] = obs["raw"].map({raw: display_form(raw) for raw in keymap})
    counts = obs.groupby(["key", "variant"], sort=False).size().rename("n").reset_index()
    counts["not_key"] = counts["variant"] != counts["key"]
    counts["len"] = counts["variant"].str.len()
    counts = counts.sort_values(
        ["key", "n", "not_key", "len", "variant"], ascending=[True, False, True, True, True]
    )
    keyword = counts.groupby("key", sort=True)["variant"].first()
    variants = (
        counts.sort_values(["key", "variant"]).groupby("key", sort=True)["variant"].agg(" | ".join)
    )
    lib = pd.DataFrame({"keyword": keyword, "variants": variants})
    lib.index.name = "key"
    g = obs.groupby("key", sort=True)
    lib["first_seen"] = g["date"].min()
    lib["last_seen"] = g["date"].max()
    src_sets = obs[["key", "source"]].drop_duplicates()
    src_sets["bit"] = src_sets["source"].map(SOURCE_BIT).astype(np.int64)
    lib["source_mask"] = src_sets.groupby("key")["bit"].sum()
    order = {s: i for i, s in enumerate(sorted(SOURCES))}
    lib["sources"] = (
        src_sets.assign(o=src_sets["source"].map(order))
        .sort_values(["key", "o"])
        .groupby("key")["source"]
        .agg(";".join)
    )
    lib["language"] = [language_of(k) for k in lib["keyword"]]

    # 引流关键词: impressions, clicks, Top10 over the window; index and competition latest
    tk_all = (
        _keyed(src["traffic_keywords"], "keyword", keymap) if len(src["traffic_keywords"]) else None
    )
    tk_days = 7
    if tk_all is not None and len(tk_all):
        tk, tk_days = _window(tk_all, r.window_days)
        lib = lib.join(_sum(tk, ["impressions", "clicks", "top10_impressions"]))
        lib = lib.join(
            _sum(tk, ["p4p_impressions"]).rename(columns={"p4p_impressions": "tk_p4p_impressions"})
        )
        tk_latest = _latest_values(
            tk_all, "period_end", {"tk_index": "search_index", "tk_competition": "competition"}
        )
        tk_latest["tk_date"] = tk_all.groupby("key")["period_end"].max()
        lib = lib.join(tk_latest)
        lib["index_trend"] = _index_trend(tk_all, r.window_days)
    ki = src["keyword_index"]
    if len(ki) and "keyword" in ki:
        ki = _keyed(ki, "keyword", keymap)
        ki_latest = _latest_values(
            ki,
            "period_end",
            {
                "ki_index": "search_index",
                "ki_competition": "competition",
                "ki_growth": "search_growth",
            },
        )
        ki_latest["ki_date"] = ki.groupby("key")["period_end"].max()
        lib = lib.join(ki_latest)
    for col in (
        "impressions",
        "clicks",
        "top10_impressions",
        "tk_p4p_impressions",
        "tk_index",
        "tk_competition",
        "tk_date",
        "index_trend",
        "ki_index",
        "ki_competition",
        "ki_growth",
        "ki_date",
    ):
        if col not in lib:
            lib[col] = pd.NaT if col.endswith("_date") else np.nan
    # the newest of the two sources gives index and competition (引流关键词 on a tie)
    ki_newer = lib["ki_date"].notna() & (lib["tk_date"].isna() | (lib["ki_date"] > lib["tk_date"]))
    lib["search_index"] = lib["tk_index"].where(
        ~ki_newer & lib["tk_index"].notna(), lib["ki_index"]
    )
    lib["search_index"] = lib["search_index"].fillna(lib["tk_index"])
    lib["competition"] = lib["tk_competition"].where(
        ~ki_newer & lib["tk_competition"].notna(), lib["ki_competition"]
    )
    lib["competition"] = lib["competition"].fillna(lib["tk_competition"])
    lib["index_trend"] = lib["index_trend"].fillna(lib["ki_growth"])

    # P4P keywords over the window
    pk = src["p4p_keywords"]
    lib["in_p4p"] = False
    for col in ("p4p_spend", "p4p_clicks", "p4p_impressions", "p4p_inquiries", "star_rating"):
        lib[col] = np.nan
    if len(pk) and "keyword" in pk:
        pk, _ = _window(_keyed(pk, "keyword", keymap), r.window_days)
        sums = _sum(pk, ["spend", "clicks", "impressions", "inquiries"]).rename(
            columns={
                "spend": "p4p_spend",
                "clicks": "p4p_clicks",
                "impressions": "p4p_impressions",
                "inquiries": "p4p_inquiries",
            }
        )
        stars = _latest_values(pk, "period_end", {"star_rating": "star_rating"})
        lib.update(sums)
        lib.update(stars)
        lib["in_p4p"] = lib.index.isin(pk["key"])
    else:  # no P4P keyword report: 引流关键词's P4P impressions tell which words are in P4P
        lib["in_p4p"] = lib["tk_p4p_impressions"].fillna(0) > 0
        lib["p4p_impressions"] = lib["tk_p4p_impressions"].where(lib["in_p4p"])
    lib["p4p_cpc"] = (lib["p4p_spend"] / lib["p4p_clicks"]).where(lib["p4p_clicks"] > 0)

    # visitors: how many saw the word (preferred or store search), and the inquiring ones who
    # searched it to enter the store (进店搜索词): its natural inquiries. Site-wide preferred
    # words tell what a buyer likes anywhere, not what brought them here.
    lib["natural_inquiries"] = np.nan
    lib["visitors"] = np.nan
    vis = src["visitors"]
    if len(vis):
        vis = _dated_window(vis, "visit_date", r.window_days)
        ids = (
            vis["visitor_id"].astype(str)
            if "visitor_id" in vis
            else vis.index.to_series().astype(str)
        )
        inquired = (
            vis["inquired"].fillna(False).astype(bool)
            if "inquired" in vis
            else pd.Series(False, index=vis.index)
        )
        found = []
        for col in ("preferred_keywords", "store_search_terms"):
            if col in vis:
                words = _split_list(vis[col])
                found.append(
                    pd.DataFrame(
                        {
                            "key": words.str.strip().map(keymap).to_numpy(),
                            "visitor": ids.loc[words.index].to_numpy(),
                            "inquired": inquired.loc[words.index].to_numpy()
                            & (col == "store_search_terms"),
                        }
                    )
                )
        pairs = pd.concat(found).dropna(subset=["key"]) if found else pd.DataFrame()
        if len(pairs):
            lib["visitors"] = pairs.groupby("key")["visitor"].nunique()
            asked = pairs[pairs["inquired"]].groupby("key")["visitor"].nunique()
            lib["natural_inquiries"] = (
                asked.reindex(lib.index).fillna(0).where(lib["visitors"].notna())
            )
    known = lib["natural_inquiries"].notna() | lib["p4p_inquiries"].notna()
    lib["inquiries"] = (lib["natural_inquiries"].fillna(0) + lib["p4p_inquiries"].fillna(0)).where(
        known
    )
    lib["ctr"] = (lib["clicks"] / lib["impressions"]).where(lib["impressions"] > 0)

    # RFQs in the window
    rfq = src["rfq"]
    lib["rfq_count"] = np.nan
    if len(rfq) and "keyword" in rfq:
        rfq = _keyed(_dated_window(rfq, "date", r.window_days), "keyword", keymap)
        lib["rfq_count"] = rfq.groupby("key").size()

    # the new-product plan: words of products still to publish
    lib["planned"] = False
    newp = src["new_products"]
    if len(newp) and "target_keywords" in newp:
        status = newp["status"].astype(str) if "status" in newp else pd.Series("", index=newp.index)
        todo = newp[~status.str.contains("已发布|published", case=False, regex=True, na=False)]
        words = _split_list(todo["target_keywords"])
        lib["planned"] = lib.index.isin(set(words.str.strip().map(keymap).dropna()))

    # tracked rank: the latest check, organic rows first
    lib["rank"] = ""
    lib["rank_value"] = np.nan
    lib["double_exposure"] = False
    kr = src["keyword_ranks"]
    if len(kr) and {"keyword", "page", "position"} <= set(kr.columns):
        kr = _keyed(kr, "keyword", keymap)
        kr = kr.assign(page=_num(kr, "page"), position=_num(kr, "position")).dropna(
            subset=["page", "position"]
        )
        if len(kr):
            kr = kr[kr["date"] == kr.groupby("key")["date"].transform("max")]
            p4p_flag = (
                kr["is_p4p"].fillna(False).astype(bool)
                if "is_p4p" in kr
                else pd.Series(False, index=kr.index)
            )
            kr = kr.assign(p4p=p4p_flag.to_numpy(), organic=~p4p_flag.to_numpy())
            kr["value"] = kr["page"] * 1000 + kr["position"]
            has_organic = kr.groupby("key")["organic"].transform("any")
            best = (
                kr[kr["organic"] | ~has_organic]
                .sort_values(["key", "value"])
                .groupby("key")
                .first()
            )
            lib["rank_value"] = best["value"]
            lib["rank"] = (
                (
                    best["page"].astype(int).astype(str)
                    + "-"
                    + best["position"].astype(int).astype(str)
                )
                .reindex(lib.index)
                .fillna("")
            )
            org1 = kr[kr["organic"] & (kr["page"] == 1)].groupby("key").size()
            p4p1 = kr[kr["p4p"] & (kr["page"] == 1)].groupby("key").size()
            lib["double_exposure"] = lib.index.isin(org1.index.intersection(p4p1.index))

    # English originals of non-English words
    english = lib[lib["language"] == "en"]
    by_tokens: dict[frozenset[str], str] = {}
    weight = obs.groupby("key").size()
    for key in sorted(english.index, key=lambda k: (-int(weight.get(k, 0)), k)):
        by_tokens.setdefault(frozenset(key.split()), key)
    pairs_map: dict[str, str] = {}
    st = src["p4p_search_terms"]
    if len(st) and {"search_term", "matched_keyword"} <= set(st.columns):
        for term, matched in (
            st[["search_term", "matched_keyword"]]
            .dropna()
            .drop_duplicates()
            .itertuples(index=False)
        ):
            a, b = keymap.get(str(term).strip()), normalise_keyword(matched)
            if a and b and a != b:
                pairs_map.setdefault(a, b)
    for eng, others in sorted((r.translations or {}).items()):
        b = normalise_keyword(eng)
        for other in others:
            a = normalise_keyword(other)
            if a and b and a != b:
                pairs_map[a] = b
    originals = []
    eng_keys = set(english.index)
    for key, language in zip(lib.index, lib["language"], strict=True):
        got = ""
        if language != "en":
            cand = pairs_map.get(key)
            if cand is not None and cand in eng_keys:
                got = cand
            else:
                for toks in english_candidates(key):
                    hit = by_tokens.get(toks)
                    if hit:
                        got = hit
                        break
        originals.append(got)
    lib["original"] = originals
    lib["translated"] = (lib["original"] != "") & (
        (lib["source_mask"] & SOURCE_BIT["traffic_keywords"]) > 0
    )

    # coverage: live products (the latest products file) whose title holds every token
    products = src["products"]
    lib["covering_products"] = np.nan
    if len(products) and "title" in products:
        latest = products[products["period_end"] == products["period_end"].max()]
        live = latest.dropna(subset=["title"]).drop_duplicates(
            subset=["product_id"] if "product_id" in latest else None
        )
        cover = pd.Series(
            _coverage(list(lib.index), live["title"].astype(str).tolist()),
            index=lib.index,
            dtype=float,
        )
        via = lib["original"].map(cover).where(lib["original"] != "")
        lib["covering_products"] = via.fillna(cover)

    lib = _statuses(lib, r, tk_days, lang)
    rank = {s: i for i, s in enumerate(STATUSES)}
    lib["_order"] = lib["status"].map(rank)
    lib["_index"] = lib["search_index"].fillna(-1)
    lib = lib.sort_values(
        ["_order", "_index", "impressions", "keyword"],
        ascending=[True, False, False, True],
        na_position="last",
    )
    lib = lib.reset_index()
    for col in ("first_seen", "last_seen"):
        lib[col] = [d.date() if pd.notna(d) else None for d in lib[col]]
    for col in ("translated", "in_p4p", "double_exposure", "planned"):
        lib[col] = lib[col].fillna(False).astype(bool)
    lib["source_mask"] = lib["source_mask"].fillna(0).astype(np.int64)
    return lib[list(LIBRARY_COLUMNS)]


def _statuses(lib: pd.DataFrame, r: KeywordRules, tk_days: int, lang: str) -> pd.DataFrame:
    idx = lib["search_index"]
    comp = lib["competition"]
    cover = lib["covering_products"]
    weekly_impr = lib["impressions"] * 7.0 / max(1, tk_days)
    ctr = lib["ctr"]
    # a word not in 引流关键词: its P4P impressions and clicks tell breadth
    p4p_ctr = (lib["p4p_clicks"] / lib["p4p_impressions"]).where(lib["p4p_impressions"] > 0)
    p4p_weekly = lib["p4p_impressions"] * 7.0 / max(1, r.window_days)
    use_p4p = lib["impressions"].isna()
    weekly_impr = weekly_impr.where(~use_p4p, p4p_weekly)
    ctr = ctr.where(~use_p4p, p4p_ctr)
    no_inquiry = lib["inquiries"].fillna(0) <= 0

    rules: list[tuple[str, pd.Series]] = [
        ("risk", pd.Series(_risk_mask(lib.index.to_series(), r.risk_words), index=lib.index)),
        (
            "waste",
            (lib["p4p_spend"] > r.waste_min_spend)
            & ((lib["p4p_clicks"].fillna(0) <= 0) | (lib["p4p_inquiries"] <= 0)),
        ),
        ("broad", (weekly_impr > r.broad_min_impressions) & (ctr < r.broad_max_ctr) & no_inquiry),
        ("opportunity", (idx >= r.opportunity_min_index) & (comp <= r.opportunity_max_competition)),
        (
            "uncovered",
            ((lib["top10_impressions"] > 0) | (idx >= r.uncovered_min_index)) & (cover == 0),
        ),
        (
            "p4p_candidate",
            (lib["natural_inquiries"] >= r.p4p_candidate_min_inquiries)
            & ~lib["in_p4p"].astype(bool),
        ),
        (
            "natural_candidate",
            lib["in_p4p"].astype(bool)
            & (lib["p4p_inquiries"] >= r.natural_min_inquiries)
            & (comp <= r.natural_max_competition),
        ),
    ]
    status = pd.Series("keep", index=lib.index, dtype=object)
    decided = pd.Series(False, index=lib.index)
    for name, mask in rules:
        hit = mask.fillna(False).astype(bool) & ~decided
        status[hit] = name
        decided |= hit
    action = status.map(STATUS_ACTIONS)
    uncovered_now = cover == 0
    action[(status == "opportunity") & uncovered_now] = "publish_opportunity"
    # words in another language: a listing in that language (an auto-translated word is
    # covered by its English original, but ranks better with a listing of its own)
    foreign = lib["language"] != "en"
    action[(status == "uncovered") & foreign & (lib["original"] == "")] = "publish_language"
    action[(status == "opportunity") & foreign] = "publish_language"
    action[
        (status.isin(["uncovered", "opportunity"])) & uncovered_now & lib["planned"].astype(bool)
    ] = "publish_planned"
    lib = lib.assign(status=status, action_key=action)
    lib["action"] = lib["action_key"].map(lambda k: action_text(k, lang))
    return lib


def action_text(key: str, lang: str = "zh") -> str:
    return translate(f"kw_action_{key}", lang)


def status_label(status: str, lang: str = "zh") -> str:
    return translate(f"kw_label_{status}", lang)


def source_label(source: str, lang: str = "zh") -> str:
    """A source's label; a source id the library does not know is shown as it is."""
    return translate(f"kw_source_{source}", lang) if source in SOURCES else source


def language_label(code: str, lang: str = "zh") -> str:
    """A word language's name; a code without one is shown as it is."""
    return translate(f"lang_{code}", lang) if code in LANGUAGES else code


def status_counts(library: pd.DataFrame) -> dict[str, int]:
    """Words per status, every status listed (in precedence order)."""
    got = library["status"].value_counts() if len(library) else pd.Series(dtype=int)
    return {s: int(got.get(s, 0)) for s in STATUSES}
