"""The demo store's products panel (the catalogue is in :mod:`.catalogue`, the panel's types in
:mod:`.panel`, the planted situations in :mod:`.planted`, the native 产品分析 files in
:mod:`.product_files`, the simulation's steps in :mod:`.roles` and :mod:`.funnel`; their names are
importable from here too).

:func:`_simulate` builds a deterministic store (categories, owners, products with English
titles) and a numeric panel (products × days) with numpy from ``default_rng(seed)``; the
``Products-YYYY-MM-DD.xls`` files (BIFF8 via xlwt, five preamble rows, header on Excel row 6;
kinds.py PRODUCTS) are written for every day, every complete Sunday–Saturday week and every
complete month. The planted product situations are plain arithmetic (:mod:`.plants`).

Nothing else may draw from this random stream: the products files must stay byte-identical
for the same ``(as_of, n_products, n_days, seed)`` (the other kinds use their own streams).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .catalogue import (  # noqa: F401
    _CATEGORIES,
    CATEGORIES,
    OWNERS,
    _Category,
)
from .funnel import _funnel, _panel, _rhythm, _store_of
from .panel import (  # noqa: F401
    _BURN,
    _DEDUP,
    _I,
    _INT_COLS,
    _PEOPLE,
    _WEEKDAY,
    HEADERS,
    SHEET_NAME,
    DemoSummary,
    _Store,
)
from .planted import (  # noqa: F401
    _planted,
    final_month,
)
from .plants import RISE_FACTOR, pick, stable_products
from .product_files import (  # noqa: F401
    _FOLDER,
    _job,
    _periods,
    _rate,
    _static,
    _write_xls,
)
from .roles import _catalogue, _ids, _roles, _timing


def _simulate(as_of: dt.date, n_products: int, n_days: int, seed: int) -> _Store:
    rng = np.random.default_rng(seed)
    P, D = n_products, n_days
    T = D + _BURN
    first_day = as_of - dt.timedelta(days=D - 1)
    t_all = np.arange(T)
    dates = [first_day + dt.timedelta(days=int(t) - _BURN) for t in t_all]
    last = T - 1  # index of as_of

    category, titles, owners = _catalogue(rng, P)
    ro = _roles(rng, P, category)
    ti = _timing(rng, D, T, last, t_all, ro)
    ids = _ids(rng, P, ro.new, ti.publish)
    rh = _rhythm(rng, as_of, first_day, dates, last, t_all, category, ro, ti)
    fu = _funnel(rng, P, ro.pop, ro.new)
    stable = stable_products(
        ro.old_ranked, ro.top_product, ro.dying, ro.deleted, ti.present[:, last]
    )
    pk = pick(stable, fu.in_p4p, titles, category, dates, as_of, final_month(as_of))
    if pk.riser is not None:  # the rising product: × 2.5 from the 1st on
        rh.lam[pk.riser, pk.rise_t :] *= RISE_FACTOR
    ints, gmv = _panel(rng, seed, t_all, category, ro.ctr, ti.present, rh, fu, pk)
    return _store_of(first_day, T, ids, titles, category, owners, ro, ti, rh, fu, ints, gmv, pk)
