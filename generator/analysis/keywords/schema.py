"""The keyword library's vocabulary: its sources, statuses (in precedence order), actions and
word languages, its columns, the thresholds of the status rules (:class:`KeywordRules`), and
the labels of each in the site's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

from ...i18n import translate

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
    waste_min_spend: float = 200.0
    waste_max_chance: float = 0.05
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


def empty_library() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in LIBRARY_COLUMNS})


# -- labels ---------------------------------------------------------------------------------------


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
