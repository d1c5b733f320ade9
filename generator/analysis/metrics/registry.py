"""Metric definitions: one registry that the computations, the pages and the glossary share.

A metric has one English name used everywhere in code and downloads (``inquiries``), its
Chinese and English labels, a unit, and how it is computed from the exports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    name: str
    zh: str
    en: str
    unit: str  # count | rate | usd
    formula_zh: str
    formula_en: str
    source: str  # kind and column(s) it comes from
    numerator: str = ""  # for rates: computed from two summed counts, never averaged
    denominator: str = ""
    additive: bool = True  # can a period's value be summed from its days?

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def formula(self, lang: str) -> str:
        return self.formula_zh if lang == "zh" else self.formula_en


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "impressions",
            "搜索曝光",
            "Impressions",
            "count",
            "产品分析中全部产品「搜索曝光次数」之和",
            "Sum of 搜索曝光次数 (search impressions) over all products",
            "products.搜索曝光次数",
        ),
        Metric(
            "clicks",
            "搜索点击",
            "Clicks",
            "count",
            "全部产品「搜索点击次数」之和",
            "Sum of 搜索点击次数 (search clicks) over all products",
            "products.搜索点击次数",
        ),
        Metric(
            "ctr",
            "点击率",
            "CTR",
            "rate",
            "搜索点击 ÷ 搜索曝光（由合计计算，不取各产品点击率的平均）",
            "Clicks ÷ impressions (from the totals, not an average of product rates)",
            "products",
            numerator="clicks",
            denominator="impressions",
            additive=False,
        ),
        Metric(
            "visitors",
            "访客数",
            "Visitors",
            "count",
            "全部产品「访问人数」之和（同一买家访问多个产品会被重复计算）",
            "Sum of 访问人数 (product page visitors); a buyer who visits several products counts once per product",
            "products.访问人数",
            additive=False,
        ),
        Metric(
            "inquiries",
            "询盘数",
            "Inquiries",
            "count",
            "全部产品「询盘个数」之和（数据参谋口径，美国太平洋时间）",
            "Sum of 询盘个数 over all products (Data Advisor count, US-Pacific dates)",
            "products.询盘个数",
        ),
        Metric(
            "inquiry_rate",
            "询盘转化率",
            "Inquiry rate",
            "rate",
            "询盘数 ÷ 访客数",
            "Inquiries ÷ visitors",
            "products",
            numerator="inquiries",
            denominator="visitors",
            additive=False,
        ),
        Metric(
            "tm_buyers",
            "TM咨询人数",
            "TM buyers",
            "count",
            "全部产品「TM咨询人数」之和",
            "Sum of TM咨询人数 (buyers who chatted on TradeManager)",
            "products.TM咨询人数",
            additive=False,
        ),
    )
}

KPIS = ("impressions", "clicks", "ctr", "visitors", "inquiries", "inquiry_rate", "tm_buyers")
COUNTS = tuple(m for m in KPIS if METRICS[m].unit == "count")
RATES = tuple(m for m in KPIS if METRICS[m].unit == "rate")
# the product export's column behind each count metric
SOURCE_COLUMN = {
    "impressions": "search_impressions",
    "clicks": "search_clicks",
    "visitors": "visitors",
    "inquiries": "inquiries",
    "tm_buyers": "tm_buyers",
}
