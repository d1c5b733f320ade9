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
2. ``waste`` — P4P spent on it without a click, or with no inquiry (where the P4P report
   counts them) although its clicks make zero inquiries unlikely at the account's rate
   (below ``waste_max_chance``) or its spend is above ``waste_min_spend``; never a word with an
   inquiry (:func:`waste.waste_verdicts`, the weekly page's verdict too) → pause;
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

Modules: :mod:`.schema` (sources, statuses, actions, columns, :class:`KeywordRules`, labels),
:mod:`.words` (normalising, language, glossary; its word lists in :mod:`.lexicon`),
:mod:`.sources` (each kind's rows and words), :mod:`.figures` (each source's numbers),
:mod:`.coverage`, :mod:`.statuses` and :mod:`.library` (:func:`build_library`). Every public
name is importable from this package.
"""

from __future__ import annotations

from ...inputs import KEYWORD_KINDS
from .coverage import cover_tokens, covering, title_index
from .library import build_library
from .schema import (
    ACTIONS,
    DEFAULT_RISK_WORDS,
    LANGUAGES,
    LIBRARY_COLUMNS,
    SOURCE_BIT,
    SOURCES,
    STATUS_ACTIONS,
    STATUSES,
    KeywordRules,
    action_text,
    empty_library,
    language_label,
    source_label,
    status_counts,
    status_label,
)
from .words import display_form, english_candidates, language_of, normalise_keyword, singular

__all__ = [
    "ACTIONS",
    "DEFAULT_RISK_WORDS",
    "KEYWORD_KINDS",
    "LANGUAGES",
    "LIBRARY_COLUMNS",
    "SOURCES",
    "SOURCE_BIT",
    "STATUSES",
    "STATUS_ACTIONS",
    "KeywordRules",
    "action_text",
    "build_library",
    "cover_tokens",
    "covering",
    "display_form",
    "empty_library",
    "english_candidates",
    "language_label",
    "language_of",
    "normalise_keyword",
    "singular",
    "source_label",
    "status_counts",
    "status_label",
    "title_index",
]
