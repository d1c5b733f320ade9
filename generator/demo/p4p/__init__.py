"""外贸直通车 (P4P) reports of the demo store, consistent with the products files: the account's
impressions and clicks each day are the products' standard + site-wide promotion impressions
and clicks; campaigns split them by product (category keyword campaigns, new-product growth,
site-wide); keywords and buyer search terms split each keyword campaign's week.

Also the P4P growth score (营销能力 / 成长分), computed from the trailing four weeks of P4P data.
"""

from __future__ import annotations

from .account import ACCOUNT_HEAD, _account_files, _growth_sheets  # noqa: F401
from .base import (  # noqa: F401
    CAMPAIGNS,
    CPC,
    GROWTH_DIMS,
    IRRELEVANT,
    NEW_CAMPAIGN,
    NOTE,
    SITEWIDE,
    SRC,
    TARGET_SCORE,
    _level,
    _money,
)
from .plant import (  # noqa: F401
    _plant_p4p,
)
from .reports import (  # noqa: F401
    write_p4p,
)
from .simulate import (  # noqa: F401
    simulate_p4p,
)
