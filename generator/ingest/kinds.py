"""The input contract as data: one :class:`Kind` per export, with its header signature and an
alias table (Chinese header as the backend writes it, English alias, unit).

Adding a kind, or a real variant of a header, is an entry here, not a code change.
EXPORTS.md is the reference for every header.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str  # the one English name used in code and in the store
    zh: str  # the header as the backend writes it
    type: str  # id | text | int | float | rate | flag | date
    required: bool = True
    unit: str = ""
    aliases: tuple[str, ...] = ()  # English header and other known spellings

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.zh, *self.aliases)


@dataclass(frozen=True)
class Kind:
    name: str
    zh: str  # what the operator calls it
    source: str  # where in the backend it comes from
    file_pattern: str
    signature: tuple[str, ...]  # column names that identify the kind
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that identify a row within one period
    confidence: str = "confirmed"
    notes: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


def _c(
    name: str, zh: str, type: str, en: str, *more: str, required: bool = True, unit: str = ""
) -> Column:
    return Column(name=name, zh=zh, type=type, required=required, unit=unit, aliases=(en, *more))


PRODUCTS = Kind(
    name="products",
    zh="产品分析",
    source="数据参谋 → 商品(产品)分析 → 导出数据",
    file_pattern="Products-YYYY-MM-DD.xls",
    signature=("product_id", "title", "search_impressions", "search_clicks"),
    key=("product_id",),
    columns=(
        _c("product_id", "产品ID", "id", "Product ID", "商品ID"),
        _c("title", "产品名称", "text", "Product Name", "商品名称", "Product Title"),
        _c("showcase", "是否橱窗", "flag", "Showcase", required=False),
        _c("top_display", "是否顶展", "flag", "Top Display", required=False),
        _c("in_p4p", "是否P4P", "flag", "In P4P", required=False),
        _c("search_impressions", "搜索曝光次数", "int", "Search Impressions", "曝光次数"),
        _c("search_clicks", "搜索点击次数", "int", "Search Clicks", "点击次数"),
        _c("search_ctr", "搜索点击率", "rate", "Search CTR", required=False),
        _c("visitors", "访问人数", "int", "Visitors"),
        _c("inquiries", "询盘个数", "int", "Inquiries"),
        _c("inquiry_buyers", "询盘人数", "int", "Inquiring Buyers", required=False),
        _c("inquiry_rate", "询盘率", "rate", "Inquiry Rate", required=False),
        _c(
            "opportunity_buyers_90d",
            "近90天商机人数",
            "int",
            "Opportunity Buyers (90 days)",
            required=False,
        ),
        _c("favourites", "收藏人数", "int", "Favourites", required=False),
        _c("shares", "分享人数", "int", "Shares", required=False),
        _c("compares", "对比人数", "int", "Compares", required=False),
        _c("orders", "提交订单个数", "int", "Submitted Orders", required=False),
        _c("tm_buyers", "TM咨询人数", "int", "TM Buyers", "TradeManager Buyers", required=False),
        _c("owner", "产品负责人", "text", "Owner", "负责人", required=False),
        _c("rts_buyers", "RTS线上买家数", "int", "RTS Buyers", required=False),
        _c("rts_gmv_usd", "RTS线上实收GMV", "float", "RTS GMV", required=False, unit="USD"),
        _c("all_impressions", "全店曝光次数", "int", "All Impressions", required=False),
        _c("all_clicks", "全店点击次数", "int", "All Clicks", required=False),
        _c("marketing_impressions", "营销曝光次数", "int", "Marketing Impressions", required=False),
        _c("marketing_clicks", "营销点击次数", "int", "Marketing Clicks", required=False),
        _c(
            "std_p4p_impressions",
            "标准推广曝光次数",
            "int",
            "Standard Promotion Impressions",
            required=False,
        ),
        _c(
            "std_p4p_clicks", "标准推广点击次数", "int", "Standard Promotion Clicks", required=False
        ),
        _c(
            "sitewide_p4p_impressions",
            "全站推广曝光次数",
            "int",
            "Site-wide Promotion Impressions",
            required=False,
        ),
        _c(
            "sitewide_p4p_clicks",
            "全站推广点击次数",
            "int",
            "Site-wide Promotion Clicks",
            required=False,
        ),
    ),
)

KINDS: dict[str, Kind] = {k.name: k for k in (PRODUCTS,)}
