"""The biggest moves, for the first screen: a day's products that moved most against the
same weekday a week before (the home page), and a month's three biggest changes with their
cause — a category and the product that moved it most, or (one category) the products
themselves (the monthly page's top and the archive index). Pure functions of the product
tables (metrics/products.py: ``product_table`` with ``impressions_prev``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..foundation.values import records


@dataclass(frozen=True)
class Move:
    """One change: its subject (a category, or a product with its title), the impressions and
    inquiries of the period and the one compared with, and what moved it (a product)."""

    dimension: str  # product | category
    key: str  # the product ID or the category name
    title: str  # the product's title ('' for a category)
    impressions: float
    impressions_prev: float
    inquiries: float
    inquiries_prev: float
    cause_id: str = ""  # the product that moved a category most
    cause_title: str = ""
    cause_share: float | None = None  # its share of the category's impressions change (0–1)

    @property
    def delta(self) -> float:
        return self.impressions - self.impressions_prev

    @property
    def change(self) -> float | None:
        """The relative change of impressions (None when nothing to compare with)."""
        return self.delta / self.impressions_prev if self.impressions_prev else None


def _comparable(products: pd.DataFrame) -> pd.DataFrame:
    """The products seen in both periods, with their impressions' change."""
    if products.empty or "impressions_prev" not in products:
        return products.iloc[0:0].assign(delta=pd.Series(dtype=float))
    both = products.dropna(subset=["impressions", "impressions_prev"])
    return both.assign(delta=both["impressions"] - both["impressions_prev"])


def _num(value: object) -> float:
    return 0.0 if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _product_move(rec: dict[str, object]) -> Move:
    return Move(
        "product",
        str(rec["product_id"]),
        str(rec.get("title") or ""),
        _num(rec["impressions"]),
        _num(rec["impressions_prev"]),
        _num(rec.get("inquiries")),
        _num(rec.get("inquiries_prev")),
    )


def product_movers(products: pd.DataFrame, n: int = 3) -> list[Move]:
    """The ``n`` products whose impressions moved most (either way, in count), inquiries
    breaking ties; products without a comparable figure, and those that did not move, left
    out."""
    both = _comparable(products)
    both = both[both["delta"] != 0]
    if both.empty:
        return []
    both = both.assign(
        _size=both["delta"].abs(),
        _inq=(both["inquiries"].fillna(0) - both["inquiries_prev"].fillna(0)).abs(),
    ).sort_values(["_size", "_inq", "product_id"], ascending=[False, False, True])
    return [_product_move(r) for r in records(both.head(n))]


def biggest_changes(products: pd.DataFrame, n: int = 3) -> list[Move]:
    """A period's ``n`` biggest changes against the period before: the categories whose
    impressions moved most, each with the product that moved it most and that product's share
    of the change; with a single category, the products themselves."""
    both = _comparable(products)
    if both.empty:
        return []
    if both["category"].nunique() < 2:
        return product_movers(products, n)
    cats = both.groupby("category")[
        ["impressions", "impressions_prev", "inquiries", "inquiries_prev"]
    ].sum(min_count=1)
    cats = cats.assign(delta=cats["impressions"] - cats["impressions_prev"])
    cats = cats[cats["delta"] != 0]
    order = cats["delta"].abs().sort_values(ascending=False, kind="stable").index[:n]
    out = []
    for cat in order:
        c = cats.loc[cat]
        mine = both[both["category"] == cat]
        # the product that moved the category most, the same way the category moved
        same = mine[mine["delta"] * c["delta"] > 0]
        top = same.loc[same["delta"].abs().idxmax()] if len(same) else None
        out.append(
            Move(
                "category",
                str(cat),
                "",
                _num(c["impressions"]),
                _num(c["impressions_prev"]),
                _num(c["inquiries"]),
                _num(c["inquiries_prev"]),
                cause_id="" if top is None else str(top["product_id"]),
                cause_title="" if top is None else str(top.get("title") or ""),
                cause_share=None if top is None else float(top["delta"] / c["delta"]),
            )
        )
    return out
