"""Keyword files of the demo store: 引流关键词 (weekly, native), 关键词指数 (a few queries a month,
native), and the operator sheets that hold words: keyword ranks (Tuesdays), peers' and
dropdown words, RFQs.

My impressions on a word come from the products that cover it: each product's weekly search
impressions are shared among the words its title holds, by search index; the P4P part of a
word is the P4P keyword report's number for the same week.
"""

from __future__ import annotations

from .base import (  # noqa: F401
    HEADERS_TK,
    MAX_ROWS,
    NOTE,
    SRC,
)
from .plant import (  # noqa: F401
    plant_keywords,
)
from .sheets import (  # noqa: F401
    competitor_keywords,
    keyword_ranks,
    rfq,
)
from .traffic import (  # noqa: F401
    _traffic_rows,
    keyword_index,
    traffic_keywords,
)
