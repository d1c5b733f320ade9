"""Operator sheets of the demo store (.xlsx, header on row 1): inquiries, regions, traffic
sources, store overview, visitor details, product scores, zero-effect products, showcase and
the new-product plan — all drawn from the products history so that they agree with it.

The one-day category drop of the products files has a cause here: the category lost its US
search ranking that day, so the drop sits in the United States (regions) and in the search
channels 搜索 and 外贸直通车 (traffic sources); recommendation and venue traffic stay put.
"""

from __future__ import annotations

from .base import (  # noqa: F401
    ASK,
    BTYPES,
    CHANNELS,
    CLOSE,
    CODES,
    EVENT,
    GREET,
    INTRO,
    PROJECTS,
    REPLY_HOURS,
    RICH,
    SEARCH_CHANNELS,
    SHORT,
    TEMPLATES,
    UNITS,
    UNREPLIED,
    _contacts,
    _message,
    _shares,
    _split_drop,
    country_mix,
    day_ratio,
)
from .inquiries import (  # noqa: F401
    _plant_inquiries,
    inquiries,
    inquiry_rows,
)
from .plant import (  # noqa: F401
    plant_sheets,
)
from .scores import (  # noqa: F401
    new_products,
    product_scores,
    showcase,
    zero_effect_sheet,
)
from .traffic import (  # noqa: F401
    regions,
    store_overview,
    store_visitors,
    traffic_sources,
)
from .visitors import (  # noqa: F401
    visitor_rows,
)
