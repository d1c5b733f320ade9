"""The input contract as data: one :class:`Kind` per export, with its header signature and an
alias table (Chinese header as the backend writes it, English alias, unit).

Adding a kind, or a real variant of a header, is an entry here, not a code change.
The site's inputs page (inputs_page.py) is generated from this table; the operator-sheet
templates (templates.py) and their example rows (:mod:`generator.kinds.examples`) too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..foundation.periods import CHINA_ZONE

MONEY_UNITS = ("CNY", "USD", "CNY fen")
# the columns the store adds to every row, saying where it came from (its file and the file's
# period): for a kind dated row by row, not part of what the row says (the same row in the
# next day's rolling sheet is the same input)
PROVENANCE = ("file_id", "period_start", "period_end")
DURATION_UNITS = ("hours", "seconds")


@dataclass(frozen=True)
class Column:
    name: str  # the one English name used in code and in the store
    zh: str  # the header as the backend writes it
    type: str  # id | text | int | float | rate | flag | date | datetime
    required: bool = True
    unit: str = ""
    aliases: tuple[str, ...] = ()  # English header and other known spellings
    choices: tuple[str, ...] = ()  # the fixed values an operator sheet allows (template validation)

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.zh, *self.aliases)

    @property
    def non_negative(self) -> bool:
        """Counts (impressions, clicks, inquiries…), money (spend, cost, budget, GMV) and
        durations are never below zero: a row with a negative one is left out at ingest."""
        return self.type == "int" or self.unit in MONEY_UNITS or self.unit in DURATION_UNITS


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
    # the column whose values date each row (operator sheets, P4P daily reports): the file's
    # period is the span of those dates, and a later file supersedes an earlier one day by day
    date_column: str = ""
    sheet: bool = False  # an operator sheet (copied from a page), with an .xlsx template
    template_hint: str = ""  # how to fill the template: which page, what to copy
    # how often the backend publishes it, when its files do not say: "week" for a weekly report
    # dated by one day in its file name (stored as a one-day period, judged fresh by weeks)
    cadence: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


def _c(
    name: str,
    zh: str,
    type: str,
    en: str,
    *more: str,
    required: bool = True,
    unit: str = "",
    choices: tuple[str, ...] = (),
) -> Column:
    if type == "flag" and not choices:
        choices = ("Y", "N")
    return Column(
        name=name,
        zh=zh,
        type=type,
        required=required,
        unit=unit,
        aliases=(en, *more),
        choices=choices,
    )


def optional(col: Column) -> Column:
    """A shared column where a report may leave it out."""
    return replace(col, required=False)


# columns that read the same in several reports (one definition each)
P4P_IMPRESSIONS = _c("impressions", "曝光量", "int", "Impressions")
P4P_CLICKS = _c("clicks", "点击量", "int", "Clicks")
CTR = _c("ctr", "点击率", "rate", "CTR", required=False)
P4P_SPEND = _c("spend", "花费", "float", "Spend (CNY)", "花费(元)", unit="CNY")
KEYWORD = _c("keyword", "关键词", "text", "Keyword")
DATE = _c("date", "日期", "date", "Date")
P4P_BUDGET = _c(
    "budget", "日预算(元)", "float", "Daily Budget (CNY)", "日预算", required=False, unit="CNY"
)
P4P_CPC = _c(
    "cpc", "平均点击花费", "float", "Avg CPC (CNY)", "平均点击花费(元)", required=False, unit="CNY"
)
P4P_PROMO_HOURS = _c(
    "promo_hours",
    "推广时长",
    "float",
    "Promotion Hours",
    "推广时长(小时)",
    required=False,
    unit="hours",
)
P4P_INQUIRIES = _c("inquiries", "询盘数", "int", "Inquiries", required=False)
COMPETITION = _c("competition", "卖家规模指数", "int", "Seller Scale Index", required=False)
PRODUCT_ID = _c("product_id", "产品ID", "id", "Product ID")
PRODUCT_NAME = _c("title", "产品名称", "text", "Product Name")
COUNTRY = _c("country", "国家", "text", "Country")
OWNER = _c("owner", "负责人", "text", "Owner", required=False)
QUANTITY = _c("quantity", "数量", "float", "Quantity", required=False)
GROWTH_SCORE = _c("growth_score", "成长分", "float", "Growth Score")
# store-wide figures (店铺概况, 买家地域) that the product report also has per product
VISITORS_COUNT = _c("visitors", "访问人数", "int", "Visitors")
STORE_VISITORS = _c("store_visitors", "店铺访问人数", "int", "Store Visitors")
SEARCH_IMPRESSIONS = _c("search_impressions", "搜索曝光次数", "int", "Search Impressions")
SEARCH_CLICKS = _c("search_clicks", "搜索点击次数", "int", "Search Clicks", required=False)
INQUIRIES_COUNT = _c("inquiries", "询盘个数", "int", "Inquiries")
INQUIRY_BUYERS = _c("inquiry_buyers", "询盘人数", "int", "Inquiring Buyers", required=False)
ALL_IMPRESSIONS = _c("all_impressions", "全店曝光次数", "int", "All Impressions", required=False)
ALL_CLICKS = _c("all_clicks", "全店点击次数", "int", "All Clicks", required=False)
MARKETING_IMPRESSIONS = _c(
    "marketing_impressions", "营销曝光次数", "int", "Marketing Impressions", required=False
)
MARKETING_CLICKS = _c("marketing_clicks", "营销点击次数", "int", "Marketing Clicks", required=False)

SUBJECTS = ("我的", "同行平均", "同行优秀")
BUYER_LEVELS = ("L0", "L1", "L2", "L3", "L4")


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
        VISITORS_COUNT,
        INQUIRIES_COUNT,
        INQUIRY_BUYERS,
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
        ALL_IMPRESSIONS,
        ALL_CLICKS,
        MARKETING_IMPRESSIONS,
        MARKETING_CLICKS,
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


def _k(
    name: str,
    zh: str,
    source: str,
    pattern: str,
    signature: tuple[str, ...],
    columns: tuple[Column, ...],
    key: tuple[str, ...] = (),
    confidence: str = "inferred",
    date_column: str = "",
    sheet: bool = False,
    hint: str = "",
    cadence: str = "",
) -> Kind:
    return Kind(
        name=name,
        zh=zh,
        source=source,
        file_pattern=pattern,
        signature=signature,
        columns=columns,
        key=key,
        confidence=confidence,
        date_column=date_column,
        sheet=sheet,
        template_hint=hint,
        cadence=cadence,
    )


# -- native exports -------------------------------------------------------------------------
TRAFFIC_KEYWORDS = _k(
    "traffic_keywords",
    "引流关键词",
    "数据参谋 → 选词参谋 → 引流关键词 → 导出",
    "getKeywords-YYYY-MM-DD.xls",
    ("keyword", "impressions", "clicks", "top10_impressions"),
    (
        _c("keyword", "词", "text", "Keyword", "关键词"),
        P4P_IMPRESSIONS,
        P4P_CLICKS,
        CTR,
        _c("p4p_impressions", "外贸直通车曝光", "int", "P4P Impressions", required=False),
        _c("p4p_clicks", "外贸直通车点击", "int", "P4P Clicks", required=False),
        _c("promo_hours", "推广时长", "float", "Promotion Hours", required=False, unit="hours"),
        _c("top10_impressions", "Top10平均曝光", "float", "Top10 Avg Impressions"),
        _c("top10_clicks", "Top10平均点击", "float", "Top10 Avg Clicks", required=False),
        _c("search_index", "关键词指数", "int", "Search Index", "搜索指数", required=False),
        COMPETITION,
    ),
    key=("keyword",),
    confidence="confirmed",
)
KEYWORD_INDEX = _k(
    "keyword_index",
    "关键词指数",
    "数据参谋 → 关键词指数 → 搜索 → 下载",
    "HotKeyword-YYYY-MM-DD-<query>.xls",
    ("keyword", "search_index", "search_growth"),
    (
        KEYWORD,
        _c("search_index", "搜索指数", "int", "Search Index"),
        _c("search_growth", "搜索涨幅", "rate", "Search Growth"),
        CTR,
        COMPETITION,
        _c("ctr_growth", "点击率涨幅", "rate", "CTR Growth", required=False),
        _c("competition_growth", "卖家规模指数涨幅", "rate", "Seller Scale Growth", required=False),
    ),
    key=("keyword",),
    confidence="likely",
)
P4P_ACCOUNT = _k(
    "p4p_account",
    "直通车账户报告",
    "直通车 → 数据报告 → 账户报告 → 下载",
    "P4P-account-YYYY-MM-DD.xls",
    ("date", "impressions", "clicks", "spend", "promo_hours"),
    (
        DATE,
        P4P_IMPRESSIONS,
        P4P_CLICKS,
        CTR,
        _c("spend", "花费(元)", "float", "Spend (CNY)", "花费", unit="CNY"),
        _c(
            "cpc",
            "平均点击花费(元)",
            "float",
            "Avg CPC (CNY)",
            "平均点击花费",
            required=False,
            unit="CNY",
        ),
        _c("promo_hours", "推广时长(小时)", "float", "Promotion Hours", "推广时长", unit="hours"),
        P4P_BUDGET,
    ),
    key=("date",),
    date_column="date",
)
P4P_CAMPAIGNS = _k(
    "p4p_campaigns",
    "直通车推广计划报告",
    "直通车 → 数据报告 → 推广计划 → 下载",
    "P4P-campaigns-YYYY-MM-DD.xls",
    ("campaign", "campaign_type", "impressions", "clicks"),
    (
        _c("campaign", "计划名称", "text", "Campaign"),
        _c("campaign_type", "计划类型", "text", "Campaign Type"),
        P4P_BUDGET,
        P4P_IMPRESSIONS,
        P4P_CLICKS,
        CTR,
        P4P_SPEND,
        P4P_CPC,
        P4P_PROMO_HOURS,
        P4P_INQUIRIES,
        _c("opportunities", "商机量", "int", "Opportunities", required=False),
    ),
    key=("campaign",),
)
P4P_KEYWORDS = _k(
    "p4p_keywords",
    "直通车关键词报告",
    "直通车 → 数据报告 → 关键词 → 下载",
    "P4P-keywords-YYYY-MM-DD.xls",
    ("keyword", "star_rating", "bid", "impressions"),
    (
        KEYWORD,
        _c("star_rating", "推广评分", "float", "Quality Stars", unit="stars"),
        _c("bid", "出价", "float", "Bid (CNY)", "出价(元)", unit="CNY"),
        P4P_IMPRESSIONS,
        P4P_CLICKS,
        CTR,
        P4P_SPEND,
        P4P_CPC,
        P4P_PROMO_HOURS,
        P4P_INQUIRIES,
    ),
    key=("keyword",),
)
P4P_SEARCH_TERMS = _k(
    "p4p_search_terms",
    "直通车买家搜索词报告",
    "直通车 → 数据报告 → 搜索词 → 下载",
    "P4P-searchterms-YYYY-MM-DD.xls",
    ("search_term", "matched_keyword", "impressions"),
    (
        _c("search_term", "买家搜索词", "text", "Search Term"),
        _c("matched_keyword", "匹配关键词", "text", "Matched Keyword"),
        P4P_IMPRESSIONS,
        P4P_CLICKS,
        CTR,
        P4P_SPEND,
    ),
    key=("search_term", "matched_keyword"),
)
P4P_PRODUCTS = _k(
    "p4p_products",
    "直通车产品报告",
    "直通车 → 数据报告 → 推广产品 → 下载",
    "P4P-products-YYYY-MM-DD.xls",
    ("product_id", "product_info", "campaign"),
    (
        PRODUCT_ID,
        _c("product_info", "商品信息", "text", "Product"),
        _c("campaign_id", "计划ID", "id", "Campaign ID", required=False),
        _c("campaign", "计划名称", "text", "Campaign"),
        P4P_IMPRESSIONS,
        P4P_CLICKS,
        _c("spend_fen", "花费(分)", "int", "Spend (CNY cents)", required=False, unit="CNY fen"),
        _c("opportunities", "全站商机量", "int", "Site-wide Opportunities", required=False),
        _c("inquiries", "全站商机-询盘量", "int", "Site-wide Inquiries", required=False),
        _c("tm_inquiries", "全站商机-TM咨询量", "int", "Site-wide TM Inquiries", required=False),
    ),
    key=("product_id", "campaign"),
    confidence="likely",
    cadence="week",  # the week's promoted products, named by a day: no 时间周期 line
)

# -- operator sheets (copied from pages the backend cannot export) -----------------------------
STORE_OVERVIEW = _k(
    "store_overview",
    "店铺概况",
    "数据参谋 → 店铺概况 / 数据概览",
    "store_overview-YYYY-MM-DD.xlsx",
    ("date", "subject", "store_visitors", "search_impressions"),
    (
        _c("date", "日期", "date", "Date", "周期结束", "Period End"),
        _c("span_start", "周期开始", "date", "Period Start", required=False),
        _c("subject", "对象", "text", "Subject", choices=SUBJECTS),
        STORE_VISITORS,
        _c("store_visits", "店铺访问次数", "int", "Store Visits", required=False),
        SEARCH_IMPRESSIONS,
        SEARCH_CLICKS,
        ALL_IMPRESSIONS,
        ALL_CLICKS,
        optional(INQUIRIES_COUNT),
        INQUIRY_BUYERS,
        _c("tm_buyers", "TM咨询人数", "int", "TM Buyers", required=False),
        _c("opportunity_buyers", "商机人数", "int", "Opportunity Buyers", required=False),
        _c("quality_buyer_share", "L1+买家询盘人数占比", "rate", "L1+ Buyer Share", required=False),
        _c("reply_rate", "及时回复率", "rate", "Timely Reply Rate", required=False),
        _c("reply_hours", "平均回复时长", "float", "Avg Reply Hours", required=False, unit="hours"),
        _c("ta_orders", "信保交易订单个数", "int", "Trade Assurance Orders", required=False),
        _c(
            "ta_amount_usd",
            "信保交易金额(美元)",
            "float",
            "Trade Assurance Amount (USD)",
            required=False,
            unit="USD",
        ),
        MARKETING_IMPRESSIONS,
        MARKETING_CLICKS,
    ),
    key=("date", "subject"),
    date_column="date",
    sheet=True,
    hint="数据参谋 → 店铺概况：选择日期（或周/月），把「我的」「同行平均」「同行优秀」三行的数字分别抄成三行。",
)
TRAFFIC_SOURCES = _k(
    "traffic_sources",
    "流量来源",
    "数据参谋 → 流量来源",
    "traffic_sources-YYYY-MM-DD.xlsx",
    ("date", "channel", "store_visitors"),
    (
        DATE,
        _c("channel", "流量渠道", "text", "Channel"),
        STORE_VISITORS,
        _c("inquiry_buyers", "店内询盘人数", "int", "Inquiring Buyers", required=False),
        _c("tm_buyers", "店内TM咨询人数", "int", "TM Buyers", required=False),
        _c("opportunity_rate", "商机转化率", "rate", "Opportunity Rate", required=False),
    ),
    key=("date", "channel"),
    date_column="date",
    sheet=True,
    hint="数据参谋 → 流量来源：每个渠道一行（搜索、系统推荐、会场、询盘、信保、站内收藏、直接访问、店内、站外、其他…）。",
)
REGIONS = _k(
    "regions",
    "买家地域",
    "数据参谋 → 买家地域",
    "regions-YYYY-MM-DD.xlsx",
    ("date", "country", "search_impressions"),
    (
        _c("date", "日期", "date", "Date", "周期"),
        COUNTRY,
        SEARCH_IMPRESSIONS,
        SEARCH_CLICKS,
        optional(VISITORS_COUNT),
        INQUIRY_BUYERS,
    ),
    key=("date", "country"),
    date_column="date",
    sheet=True,
    hint="数据参谋 → 买家地域：每个国家一行。",
)
VISITORS = _k(
    "visitors",
    "访客详情",
    "数据参谋 → 访客详情（只保留 31 天）",
    "visitors-YYYY-MM-DD.xlsx",
    ("visit_date", "visitor_id", "page_views"),
    (
        _c("visit_date", "访问日期", "date", "Visit Date"),
        _c("visitor_id", "访客ID", "text", "Visitor ID"),
        optional(COUNTRY),
        _c("page_views", "浏览次数", "int", "Page Views"),
        _c(
            "seconds",
            "停留时长(秒)",
            "int",
            "Time on Site (s)",
            "停留时长",
            required=False,
            unit="seconds",
        ),
        _c("preferred_keywords", "全站偏好关键词", "text", "Preferred Keywords", required=False),
        _c("store_search_terms", "进店搜索词", "text", "Store Search Terms", required=False),
        _c("buyer_level", "买家层级", "text", "Buyer Level", required=False, choices=BUYER_LEVELS),
        _c("inquired", "是否询盘", "flag", "Inquired", required=False),
        _c("tm_chat", "是否TM咨询", "flag", "TM Chat", required=False),
        _c("visit_path", "访问路径", "text", "Visit Path", required=False),
    ),
    key=("visit_date", "visitor_id"),
    date_column="visit_date",
    sheet=True,
    hint="数据参谋 → 访客详情：每个访客一行；访问路径写产品ID，按顺序用 > 分隔。后台只保留 31 天，请每周抄一次。",
)
INQUIRIES = _k(
    "inquiries",
    "询盘",
    "询盘 / 消息中心（北京时间）",
    "inquiries-YYYY-MM-DD.xlsx",
    ("inquiry_time", "inquiry_id", "buyer"),
    (
        _c("inquiry_time", "询盘时间", "datetime", "Inquiry Time (China)", unit=CHINA_ZONE),
        _c("inquiry_id", "询盘ID", "text", "Inquiry ID"),
        _c("buyer", "买家", "text", "Buyer"),
        optional(COUNTRY),
        _c("buyer_level", "买家等级", "text", "Buyer Level", required=False, choices=BUYER_LEVELS),
        optional(PRODUCT_ID),
        optional(PRODUCT_NAME),
        QUANTITY,
        _c("unit", "单位", "text", "Unit", required=False),
        _c(
            "source",
            "来源",
            "text",
            "Source",
            required=False,
            choices=("普通", "RFQ", "TM", "营销"),
        ),
        OWNER,
        _c(
            "first_reply_time",
            "首次回复时间",
            "datetime",
            "First Reply Time (China)",
            required=False,
            unit=CHINA_ZONE,
        ),
        _c("second_reply", "是否二次回复", "flag", "Second Reply", required=False),
        _c("message", "询盘内容", "text", "Message", required=False),
        # derived at ingest: the US-Pacific statistics date of the China-time inquiry time
        _c(
            "stat_date",
            "统计日期(美国太平洋时间)",
            "date",
            "Statistics Date (US-Pacific)",
            required=False,
        ),
    ),
    key=("inquiry_id",),
    date_column="stat_date",
    sheet=True,
    hint="询盘（消息中心）：每条询盘一行，时间按后台显示的北京时间填写，如 2026-11-21 09:30。",
)
PRODUCT_SCORES = _k(
    "product_scores",
    "商品成长分",
    "产品运营工作台 / 商品成长分",
    "product_scores-YYYY-MM-DD.xlsx",
    ("date", "product_id", "growth_score"),
    (
        _c("date", "统计日期", "date", "Date"),
        PRODUCT_ID,
        optional(PRODUCT_NAME),
        _c(
            "product_type",
            "产品类型",
            "text",
            "Product Type",
            required=False,
            choices=("交易品", "商机品"),
        ),
        _c(
            "tier",
            "产品分层",
            "text",
            "Tier",
            required=False,
            choices=("爆品", "实力优品", "潜力品", "低分品", "新品"),
        ),
        GROWTH_SCORE,
        _c("info_quality", "信息质量分", "float", "Information Quality", required=False),
    ),
    key=("date", "product_id"),
    date_column="date",
    sheet=True,
    hint="产品运营工作台 → 商品成长分：每个产品一行；产品分层填 爆品 / 实力优品 / 潜力品 / 低分品 / 新品。",
)
P4P_GROWTH = _k(
    "p4p_growth",
    "直通车成长分",
    "直通车 → 营销能力 / 成长分",
    "p4p_growth-YYYY-MM-DD.xlsx",
    ("date", "growth_score", "level"),
    (
        DATE,
        GROWTH_SCORE,
        _c("level", "等级", "text", "Level", choices=("L1", "L2", "L3", "L4", "L5")),
        _c("dimension", "维度", "text", "Dimension", required=False),
        _c("points", "得分", "float", "Points", required=False),
        _c("max_points", "满分", "float", "Max Points", required=False),
    ),
    key=("date", "dimension"),
    date_column="date",
    sheet=True,
    hint="直通车 → 营销能力：每天一行总分与等级；得分明细可另起多行，同一日期，填 维度/得分/满分。",
)
KEYWORD_RANKS = _k(
    "keyword_ranks",
    "关键词排名",
    "排名查询（频繁查询会被限制）",
    "keyword_ranks-YYYY-MM-DD.xlsx",
    ("date", "keyword", "page", "position"),
    (
        _c("date", "查询日期", "date", "Query Date"),
        KEYWORD,
        optional(PRODUCT_ID),
        _c("page", "页码", "int", "Page"),
        _c("position", "位置", "int", "Position"),
        _c("is_p4p", "是否P4P", "flag", "Is P4P", required=False),
        _c("is_showcase", "是否橱窗", "flag", "Is Showcase", required=False),
    ),
    # organic and P4P are two rows: one product can be on page 1 both ways for a word and day
    key=("date", "keyword", "product_id", "is_p4p"),
    date_column="date",
    sheet=True,
    hint="排名查询：每个关键词（及排上的产品）一行；查不到排名的词可以不填。",
)
ZERO_EFFECT = _k(
    "zero_effect",
    "零效果产品",
    "数据参谋 → 零效果产品（90/150/180 天）",
    "zero_effect-YYYY-MM-DD.xlsx",
    ("product_id", "title", "zero_days"),
    (
        PRODUCT_ID,
        PRODUCT_NAME,
        OWNER,
        _c("published", "发布时间", "date", "Published", required=False),
        _c("zero_days", "零效果天数", "int", "Days Without Effect"),
    ),
    key=("product_id",),
    sheet=True,
    hint="数据参谋 → 零效果产品：每个产品一行。可选：生成器也会从产品分析的历史里自己算。",
)
SHOWCASE = _k(
    "showcase",
    "橱窗",
    "橱窗管理",
    "showcase-YYYY-MM-DD.xlsx",
    ("slot", "product_id"),
    (
        _c("slot", "橱窗位置", "int", "Showcase Slot"),
        PRODUCT_ID,
        _c("added", "加入日期", "date", "Added", required=False),
    ),
    key=("slot",),
    sheet=True,
    hint="橱窗管理：每个橱窗位一行。",
)
RFQ = _k(
    "rfq",
    "RFQ商机",
    "商机 / RFQ",
    "rfq-YYYY-MM-DD.xlsx",
    ("date", "rfq_title", "keyword"),
    (
        DATE,
        _c("rfq_title", "RFQ标题", "text", "RFQ Title"),
        KEYWORD,
        optional(COUNTRY),
        QUANTITY,
        _c("quoted", "是否报价", "flag", "Quoted", required=False),
    ),
    key=("date", "rfq_title"),
    date_column="date",
    sheet=True,
    hint="商机 / RFQ：每条 RFQ 一行，关键词填买家用的主要词。",
)
COMPETITOR_KEYWORDS = _k(
    "competitor_keywords",
    "同行与拓展关键词",
    "同行店铺、搜索下拉词、相关词、软件采集",
    "competitor_keywords-YYYY-MM-DD.xlsx",
    ("keyword", "source"),
    (
        KEYWORD,
        _c("source", "来源", "text", "Source"),
        _c("note", "备注", "text", "Note", required=False),
    ),
    key=("keyword", "source"),
    sheet=True,
    hint="收集到的词：每个词一行；来源写 同行店铺 / 下拉词 / 相关词 / 软件采集。",
)
NEW_PRODUCTS = _k(
    "new_products",
    "新品计划",
    "选品人员提供",
    "new_products-YYYY-MM-DD.xlsx",
    ("plan_date", "title", "target_keywords"),
    (
        _c("plan_date", "计划日期", "date", "Plan Date"),
        PRODUCT_NAME,
        _c("category", "类目", "text", "Category", required=False),
        _c("target_keywords", "目标关键词", "text", "Target Keywords"),
        _c("status", "状态", "text", "Status", required=False, choices=("待发布", "已发布")),
        optional(PRODUCT_ID),
    ),
    key=("plan_date", "title"),
    sheet=True,
    hint="选品人员的新品计划：每个新品一行；发布后把状态改为 已发布 并填产品ID。",
)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        PRODUCTS,
        TRAFFIC_KEYWORDS,
        KEYWORD_INDEX,
        P4P_ACCOUNT,
        P4P_CAMPAIGNS,
        P4P_KEYWORDS,
        P4P_SEARCH_TERMS,
        P4P_PRODUCTS,
        STORE_OVERVIEW,
        TRAFFIC_SOURCES,
        REGIONS,
        VISITORS,
        INQUIRIES,
        PRODUCT_SCORES,
        P4P_GROWTH,
        KEYWORD_RANKS,
        ZERO_EFFECT,
        SHOWCASE,
        RFQ,
        COMPETITOR_KEYWORDS,
        NEW_PRODUCTS,
    )
}

# columns the generator computes at ingest (:func:`generator.ingest.derive_columns`): never in a
# file, so not on an operator sheet's template either
DERIVED: dict[str, tuple[str, ...]] = {"inquiries": ("stat_date",)}

TEMPLATE_DIR = "templates"  # exports/templates/: the operator-sheet templates, never read
