"""The monthly review's facts (issue 7, the operator's monthly routine), for every month of
the store: the product analysis, the P4P growth score, the exposure view, rising, hot,
zero-effect and new products. Pure functions of the inputs, the keyword library and the
settings (see :mod:`.metrics.monthly` for the computations); the page only formats a
:class:`Review` and its to-do items come from the rules of :mod:`.rules.monthly`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..config import Settings
from ..foundation.parallel import cores, fork_map, strided
from ..foundation.periods import month_review_day, month_start
from ..inputs import Inputs
from .memo import Horizon, Memo, key_of, recall
from .metrics import monthly as mm
from .metrics.products import categorise, previous_period, product_table, uncategorised
from .metrics.promoted import mark_promoted, promoted
from .metrics.zero_effect import with_traffic


@dataclass(frozen=True)
class Review:
    """One month's review (the fingerprint and the page are made from it)."""

    end: dt.date
    day: dt.date  # the review day: snapshots as of it
    products: pd.DataFrame  # the month's product table with feedback and source words
    sources: list[list[str]]  # per product: the traffic words it is found by
    words: pd.DataFrame  # the month's traffic words
    growth: dict[str, Any] | None  # the P4P growth score (metrics.monthly.growth_score)
    exposure: pd.DataFrame  # high exposure, low clicks
    rising: pd.DataFrame
    hot: pd.DataFrame  # most feedback, with the words to keep and to add
    zero: pd.DataFrame  # zero-effect products with their verdicts
    new: pd.DataFrame  # published this month
    pending: pd.DataFrame  # the plan's products not yet published
    has: dict[str, bool]  # which inputs the store holds
    history_days: int = 0  # days of daily product exports up to the review day
    # to-do items of the weekly analysis at month scale (its sections list them): the month's
    # to-do points at them
    review_items: int = 0
    # the monthly rules' findings (generator/analysis/rules/monthly.py), in the page's order
    findings: tuple[Any, ...] = ()
    # their to-do items (rules.Action), open since the first month each was found
    actions: tuple[Any, ...] = ()

    @property
    def zero_safe(self) -> pd.DataFrame:
        """Zero-effect products safe to delete (every word stays covered)."""
        return self.zero[self.zero["verdict"] == "safe"]

    @property
    def zero_unsafe(self) -> pd.DataFrame:
        """Zero-effect products whose words must be re-used before deleting (or not judged)."""
        return self.zero[~self.zero["verdict"].isin(["safe", "optimise"])]

    @property
    def zero_optimise(self) -> pd.DataFrame:
        """Products without inquiry or TM chat that still draw traffic (clicks above the
        threshold or a page-1 rank): optimise them, never delete them."""
        return self.zero[self.zero["verdict"] == "optimise"]

    @property
    def titles(self) -> dict[str, str]:
        """Product ID → title (the to-do items name products by it): the month's product
        table's, else the rising products' own."""
        out: dict[str, str] = {}
        for frame in (self.rising, self.products):
            if len(frame) and "title" in frame and "product_id" in frame:
                for pid, title in zip(frame["product_id"], frame["title"], strict=True):
                    if isinstance(title, str) and title.strip():
                        out[str(pid)] = title.strip()
        return out

    @property
    def losing_words(self) -> list[str]:
        """The words the unsafe zero-effect products would take with them (repeats kept)."""
        return [w for ws in self.zero_unsafe["keywords_losing_coverage"] for w in ws]

    def with_review_items(self, n: int) -> Review:
        return dataclasses.replace(self, review_items=n)

    def with_findings(self, found: list[Any]) -> Review:
        return dataclasses.replace(self, findings=tuple(found))

    def with_actions(self, actions: list[Any]) -> Review:
        return dataclasses.replace(self, actions=tuple(actions))

    def parts(self) -> list[Any]:
        """What the page shows, for the reuse fingerprint."""
        return [
            self.day,
            self.products,
            repr(self.sources),
            self.words,
            repr(self.growth),
            self.exposure.astype(str),
            self.rising.astype(str),
            self.hot.astype(str),
            self.zero.astype(str),
            self.new.astype(str),
            self.pending.astype(str),
            repr(sorted(self.has.items())),
        ]


def library_words(library: pd.DataFrame, day: dt.date) -> list[str]:
    """The keyword library's words known on the review day, sorted: a later build (whose
    library has grown) judges a past month by the same words."""
    return known_words(library)(day)


def known_words(library: pd.DataFrame) -> Callable[[dt.date], list[str]]:
    """:func:`library_words` of any day, the library read once (a build keys every month of
    the history by them: reading it again for each month was 2.4 ms a month)."""
    if library.empty or "key" not in library:
        return lambda day: []
    seen = pd.to_datetime(library["first_seen"], errors="coerce").to_numpy(dtype="datetime64[ns]")
    keys = library["key"].to_numpy(dtype=object)
    usable = np.fromiter((isinstance(k, str) and bool(k) for k in keys), bool, len(keys))
    always = usable & np.isnat(seen)  # no first day: known on every day

    def words(day: dt.date) -> list[str]:
        with np.errstate(invalid="ignore"):  # (NaT compares False)
            known = always | (usable & (seen <= np.datetime64(pd.Timestamp(day), "ns")))
        return sorted({str(k) for k in keys[known]})

    return words


def history_days(day_rows: pd.DataFrame, day: dt.date) -> int:
    """Days of daily product exports up to ``day`` (the first day counted)."""
    if day_rows.empty:
        return 0
    first = pd.to_datetime(day_rows["period_end"]).min().date()
    return max(0, (day - first).days + 1)


def month_products(inputs: Inputs, end: dt.date, settings: Settings) -> pd.DataFrame:
    """The month's product table (against the month before) with feedback and last month's
    visitors."""
    memo: dict[str, str] = {}

    def category(title: str | None) -> str:
        key = title or ""
        if key not in memo:
            memo[key] = categorise(title, settings.categories, uncategorised(settings.language))
        return memo[key]

    rows = inputs.month_rows
    ends = pd.to_datetime(rows["period_end"]).dt.date if len(rows) else pd.Series(dtype=object)
    prev_end = previous_period(end, "month")
    current = rows[(ends == end).to_numpy()] if len(rows) else rows
    previous = rows[(ends == prev_end).to_numpy()] if len(rows) else rows
    products = product_table(current, end, previous if len(previous) else None, category)
    prev_table = product_table(previous, prev_end, None, category) if len(previous) else None
    return mm.with_feedback(products, prev_table)


def hot_products(
    products: pd.DataFrame, words: pd.DataFrame, top: int, lang: str = "zh"
) -> pd.DataFrame:
    """The ``top`` products with the most feedback, with the title words to keep and to add."""
    hot = products[products["feedback"] > 0].sort_values(
        ["feedback", "inquiries", "product_id"], ascending=[False, False, True]
    )
    hot = hot.head(top)
    vocab = mm.category_vocab(
        list(hot["title"]), list(hot["category"]), products, uncategorised(lang)
    )
    keep, add = mm.title_suggestions(list(hot["title"]), words, vocab=vocab)
    return hot.assign(
        keep_words=["; ".join(k) for k in keep], add_words=["; ".join(a) for a in add]
    )


def month_review(inputs: Inputs, library: pd.DataFrame, settings: Settings, end: dt.date) -> Review:
    """The review of the month ending ``end``, as of ``inputs.as_of``."""
    s, sheet = settings, inputs.sheet
    day = month_review_day(end, inputs.as_of)
    traffic = sheet("traffic_keywords")
    words = mm.traffic_words(traffic, month_start(end), end)
    products = month_products(inputs, end, s)
    sources = mm.source_words(list(products["title"]), words)
    products = products.assign(source_words=["; ".join(w) for w in sources])
    known = library_words(library, day)
    trend = mm.index_trend(traffic, sheet("keyword_index"), day, s.monthly_rising_days)
    new, pending = mm.new_products(inputs.day_rows, sheet("new_products"), end)
    return Review(
        end=end,
        day=day,
        products=products,
        sources=sources,
        words=words,
        growth=mm.growth_score(sheet("p4p_growth"), day, s.growth_target_score),
        exposure=mm.exposure_view(
            products, words, sources, s.exposure_top_share, s.exposure_low_ctr
        ),
        rising=mark_promoted(
            mm.rising_products(
                inputs.day_rows,
                trend,
                sorted({*known, *trend}),
                day,
                s.monthly_rising_days,
                s.rising_min_growth,
                s.rising_min_impressions,
                s.rising_index_rise,
            ),
            *promoted(inputs.day_rows, sheet("showcase"), sheet("p4p_products"), day),
        ),
        hot=hot_products(products, words, s.monthly_hot_products, s.language),
        zero=with_traffic(
            mm.zero_effect(inputs.day_rows, sheet("zero_effect"), known, day, s.zero_effect_days),
            inputs.day_rows,
            sheet("keyword_ranks"),
            day,
            s.zero_effect_days,
            s.zero_effect_max_clicks,
        ),
        new=new,
        pending=pending,
        has={
            "traffic": len(traffic) > 0,
            "growth": len(sheet("p4p_growth")) > 0,
            "library": len(known) > 0,
            "day_rows": len(inputs.day_rows) > 0,
            "zero_sheet": len(sheet("zero_effect")) > 0,
            "plan": len(sheet("new_products")) > 0,
        },
        history_days=history_days(inputs.day_rows, day),
    )


# what a month's review reads up to its review day; the 新品计划 sheet it reads whole (a plan
# lists products to come); the sheets whose being empty at all it says
REVIEW_FRAMES = (
    "day_rows",
    "month_rows",
    *(
        f"sheet:{k}"
        for k in (
            "traffic_keywords",
            "keyword_index",
            "p4p_growth",
            "keyword_ranks",
            "showcase",
            "p4p_products",
            "zero_effect",
        )
    ),
)
WHOLE_FRAMES = ("sheet:new_products",)
REVIEW_KINDS = ("traffic_keywords", "p4p_growth", "zero_effect", "new_products")


def review_key(
    inputs: Inputs,
    words: Callable[[dt.date], list[str]],
    settings: Settings,
    end: dt.date,
    code: str,
    horizon: Horizon,
) -> str:
    """What the review of the month ending ``end`` is made of (analysis/memo.py): the code,
    the settings, the month and its review day, every row it reads up to that day, the plan,
    and the keyword library's words known on that day (``words``: :func:`known_words`)."""
    day = month_review_day(end, inputs.as_of)
    return key_of(
        code,
        settings,
        end,
        day,
        horizon.upto(max(end, day), REVIEW_FRAMES),
        horizon.upto(None, WHOLE_FRAMES),
        horizon.empties(REVIEW_KINDS),
        words(day),
    )


def month_reviews(
    inputs: Inputs,
    months: list[dt.date],
    library: pd.DataFrame,
    settings: Settings,
    memo: Memo | None = None,
    horizon: Horizon | None = None,
) -> dict[dt.date, Review]:
    """The review of every month in ``months`` up to the as-of date; on every core when
    there are several; with a ``memo``, only the months whose key changed."""
    ends = sorted(m for m in months if m <= inputs.as_of)
    known = known_words(library)

    def compute(todo: list[dt.date]) -> dict[dt.date, Review]:
        if len(todo) < 4:
            return {m: month_review(inputs, library, settings, m) for m in todo}
        parts = fork_map(
            lambda shared, chunk: [(m, month_review(*shared, m)) for m in chunk],
            (inputs, library, settings),
            strided(todo, cores()),
        )
        return dict(item for part in parts for item in part)

    return recall(
        memo,
        horizon,
        "review:month",
        ends,
        lambda code, h: {m: review_key(inputs, known, settings, m, code, h) for m in ends},
        compute,
    )
