"""The keyword library's word lists: English plurals, the scripts, stop words, product words
and accents that tell a word's language, the glossary of common product words in other
languages, and the small words a covering title need not hold. Data only (a table module may
run past the ~400 lines of a code module)."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


# -- English plurals (words.singular) ---------------------------------------------------------------

IRREGULAR = {
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
INVARIANT = words(
    """series species news means jeans pants shorts trousers scissors pliers tongs goggles clothes
    chaos cosmos ethos kudos asbestos thermos lens gas yes this his has was its plus bus canvas
    atlas bias alias christmas texas vegas adidas mattress physics electronics mathematics
    economics athletics aerobics gymnastics headquarters barracks crossroads whereabouts less
    always perhaps towards afterwards sometimes"""
)
IE_WORDS = words(
    """cookie movie hoodie beanie calorie brownie smoothie selfie pie tie lie die zombie rookie
    goalie veggie onesie bootie genie prairie pixie auntie necktie bowtie birdie lingerie
    sweetie budgie collie"""
)
O_ES = words(
    """potato tomato hero echo volcano mango cargo tornado mosquito torpedo veto domino buffalo
    embargo"""
)
CHE_WORDS = words(
    """headache ache niche cache quiche cliche moustache mustache avalanche creche psyche
    microfiche panache attache tranche"""
)
US_WORDS = words(
    """bus virus bonus status campus cactus chorus focus fungus octopus walrus circus corpus census
    stylus abacus sinus minibus omnibus syllabus apparatus thesaurus platypus citrus lotus plus
    asparagus eucalyptus hibiscus papyrus nexus radius genus onus surplus prospectus"""
)
AS_WORDS = words("canvas atlas gas alias bias christmas texas pampas")
I_PLURALS = words("taxis skis bikinis kiwis emojis wikis alibis safaris minis maxis")


# -- language (words.language_of) ---------------------------------------------------------------

SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("ja", ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("zh", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))),
    ("th", ((0x0E00, 0x0E7F),)),
    ("ar", ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("ru", ((0x0400, 0x04FF),)),
    ("he", ((0x0590, 0x05FF),)),
    ("el", ((0x0370, 0x03FF),)),
)
LATIN_LANGS = ("es", "pt", "fr", "it", "de", "tr", "pl", "vi")
# stop words: weight 1, or 0.5 where the word is also English or ambiguous on its own
STOP: dict[str, dict[str, float]] = {
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
LEXICON: dict[str, frozenset[str]] = {
    "es": words(
        """luz luces lampara silla sillas mesa mesas jardin tienda tiendas bolsa caja ropa zapatos
        mujer hombre ninos cocina cama agua farola reflector foco muebles sombrilla manguera tijeras
        podar saco dormir plegable pared calle precio venta barato juego aplique guirnalda linterna
        campana impermeable pulverizador presion extensible"""
    ),
    "pt": words(
        """luz lampada cadeira cadeiras mesa jardim barraca barracas bolsa caixa roupa sapatos
        mulher homem cozinha cama agua refletor moveis mangueira tesoura poda dobravel parede rua
        poste cordao conjunto preco atacado barato arandela lanterna guarda expansivel"""
    ),
    "fr": words(
        """lumiere lumieres lampe chaise chaises jardin tente tentes sac boite vetements chaussures
        femme homme cuisine lit eau projecteur meubles tuyau secateur pliante pliant mur rue prix
        lanterne etanche"""
    ),
    "it": words(
        """luce luci lampada sedia sedie tavolo giardino tenda borsa scatola abbigliamento scarpe
        donna uomo cucina letto acqua faro mobili ombrellone forbici pieghevole parete strada
        prezzo ingrosso"""
    ),
    "de": words(
        """licht lampe stuhl tisch garten zelt tasche kiste kleidung schuhe frau herren damen kuche
        bett wasser strahler mobel schirm schlauch schere wand strasse preis grosshandel leuchte
        wasserdicht"""
    ),
}
ACCENTS: dict[str, dict[str, float]] = {
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


# -- English originals of translated words (words.english_candidates) ----------------------------

# English token ← foreign forms. Latin forms are matched without accents (a plural 's'/'es' is
# also tried); Cyrillic and Arabic forms are stems matched as prefixes. A heuristic for the most
# common product words, not a dictionary: extend it through the ``translations`` setting.
GLOSSARY_SRC: dict[str, str] = {
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


AR_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب")


# -- coverage: the small words a title need not hold (coverage.cover_tokens) -----------------------

COVER_STOP = words("a an and by for from in of on or the to with")
