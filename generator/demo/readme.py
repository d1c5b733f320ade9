"""The demo workspace's README: what the store is, what each folder holds, and the checklist of
planted situations (Chinese first, then English)."""

from __future__ import annotations

from .common import SHEET_WEEKS, VISITOR_DAYS, World
from .products import _CATEGORIES, OWNERS, DemoSummary, _Store
from .sheets import CHANNELS, EVENT
from .vocab import ZERO_WINDOW

# kind → (folder/file pattern, Chinese description, English description)
_FILES: tuple[tuple[str, str, str, str], ...] = (
    (
        "products",
        "daily|weekly|monthly/Products-YYYY-MM-DD.xls",
        "产品分析：每天、每个完整周（周日~周六）、每个完整自然月一个",
        "product analysis: one per day, per complete Sunday–Saturday week, per complete month",
    ),
    (
        "traffic_keywords",
        "keywords/getKeywords-YYYY-MM-DD.xls",
        "引流关键词：每周一个（日期为周六），我的曝光/点击对比 Top10 平均，关键词指数、卖家规模指数",
        "traffic keywords: weekly (named by the Saturday), my impressions/clicks vs the Top10 average, search index, seller scale",
    ),
    (
        "keyword_index",
        "keywords/HotKeyword-YYYY-MM-DD-<词>.xls",
        "关键词指数：每月 3、10、17 日各查一个词（30 天窗口），最后一天查上升产品的词",
        "keyword index: one query on the 3rd, 10th and 17th of each month (30-day window), the rising product's word on the last day",
    ),
    (
        "p4p_account",
        "p4p/P4P-account-YYYY-MM-DD.xls",
        "直通车账户报告：每周一个文件，每天一行（含未满一周的最后几天）",
        "P4P account report: one file a week, one row a day (the unfinished last week too)",
    ),
    (
        "p4p_campaigns",
        "p4p/P4P-campaigns-YYYY-MM-DD.xls",
        "直通车推广计划报告：每周",
        "P4P campaigns: weekly",
    ),
    (
        "p4p_keywords",
        "p4p/P4P-keywords-YYYY-MM-DD.xls",
        "直通车关键词报告：每周",
        "P4P keywords: weekly",
    ),
    (
        "p4p_search_terms",
        "p4p/P4P-searchterms-YYYY-MM-DD.xls",
        "直通车买家搜索词报告：每周",
        "P4P buyer search terms: weekly",
    ),
    (
        "p4p_products",
        "p4p/P4P-products-YYYY-MM-DD.xls",
        "直通车产品报告：每周，表头在第 1 行，花费单位为分",
        "P4P products: weekly, header on row 1, spend in fen",
    ),
    (
        "store_overview",
        "sheets/store_overview-YYYY-MM-DD.xlsx",
        "店铺概况：每天三行（我的 / 同行平均 / 同行优秀）",
        "store overview: three rows a day (mine / peer average / peer best)",
    ),
    (
        "traffic_sources",
        "sheets/traffic_sources-YYYY-MM-DD.xlsx",
        "流量来源：每天每个渠道一行",
        "traffic sources: a row per channel per day",
    ),
    (
        "regions",
        "sheets/regions-YYYY-MM-DD.xlsx",
        "买家地域：每周一个文件，每天每个国家一行",
        "regions: one file a week, a row per country per day",
    ),
    (
        "visitors",
        "sheets/visitors-YYYY-MM-DD.xlsx",
        f"访客详情：最近 {VISITOR_DAYS} 天，所有询盘访客及每天最多 100 个其他访客",
        f"visitor details: the last {VISITOR_DAYS} days, every inquiring visitor and up to 100 others a day",
    ),
    (
        "inquiries",
        "sheets/inquiries-YYYY-MM-DD.xlsx",
        "询盘：北京时间，每周一个文件",
        "inquiries: China time, one file a week",
    ),
    (
        "product_scores",
        "sheets/product_scores-YYYY-MM-DD.xlsx",
        "商品成长分：每周快照",
        "product growth scores: weekly snapshots",
    ),
    (
        "p4p_growth",
        "sheets/p4p_growth-YYYY-MM-DD.xlsx",
        "直通车成长分：每周一个总分行（维度=总分）加 6 个维度明细行，每月一个文件",
        "P4P growth score: each Saturday a total row (维度 = 总分) and six dimension rows, one file a month",
    ),
    (
        "keyword_ranks",
        "sheets/keyword_ranks-YYYY-MM-DD.xlsx",
        "关键词排名：每周二查询",
        "keyword ranks: checked every Tuesday",
    ),
    (
        "zero_effect",
        "sheets/zero_effect-YYYY-MM-DD.xlsx",
        "零效果产品：月度检查（每月 3 日）一次",
        "zero-effect products: the monthly check (the 3rd)",
    ),
    (
        "showcase",
        "sheets/showcase-YYYY-MM-DD.xlsx",
        "橱窗：当前橱窗位",
        "showcase: the current slots",
    ),
    ("rfq", "sheets/rfq-YYYY-MM-DD.xlsx", "RFQ：每周一个文件", "RFQs: one file a week"),
    (
        "competitor_keywords",
        "sheets/competitor_keywords-YYYY-MM-DD.xlsx",
        "同行与拓展关键词：一次收集",
        "peers' and dropdown words: one collection",
    ),
    (
        "new_products",
        "sheets/new_products-YYYY-MM-DD.xlsx",
        "新品计划：选品人员的计划，含期间内已发布的新品",
        "new-product plan from the selection staff, with the products published in the period",
    ),
)


def readme(
    s: _Store, w: World, summary: DemoSummary, counts: dict[str, int], by_kind: dict[str, int]
) -> str:
    P = len(s.ids)
    cat_n = [int((s.category == c).sum()) for c in range(len(_CATEGORIES))]
    own_n = {o: s.owners.count(o) for o in OWNERS}
    first, last = summary.first_day.isoformat(), summary.last_day.isoformat()
    sheet_first = w.sheet_first.isoformat()
    groups: dict[str, list[str]] = {"scene": [], "paid": [], "natural": []}
    for name, group, _ in CHANNELS:
        groups[group].append(name)
    groups["scene"].append(EVENT)
    width = max(len(f[1]) for f in _FILES)
    facts = (P, cat_n, own_n, first, last, sheet_first, groups, width, summary, counts, by_kind, w)
    return "\n".join([*_readme_zh(*facts), *_readme_en(*facts)])


def _readme_zh(
    P: int,
    cat_n: list[int],
    own_n: dict[str, int],
    first: str,
    last: str,
    sheet_first: str,
    groups: dict[str, list[str]],
    width: int,
    summary: DemoSummary,
    counts: dict[str, int],
    by_kind: dict[str, int],
    w: World,
) -> list[str]:
    """The Chinese half of the demo's README."""
    return [
        "# 演示店铺（模拟数据）",
        "",
        "这是一个模拟的阿里巴巴国际站店铺，主营户外与庭院产品。所有数字由程序按固定随机种子生成，"
        "同样的参数每次生成完全相同的文件。后台导出文件（产品分析、引流关键词、关键词指数、直通车报告）"
        "的格式与后台一致（.xls，前 5 行为说明，第 6 行为表头；直通车产品报告表头在第 1 行）；"
        "后台不能导出的页面由运营人员抄成 .xlsx 表格（第 1 行为表头）。",
        "",
        f"- 统计期间：{first} ~ {last}（{summary.days} 天，美国太平洋时间；询盘为北京时间）",
        f"- 产品数：{P}（含期间内新上架和已下架的产品）",
        f"- 文件：产品分析 日 {counts['day']} 个、周 {counts['week']} 个、月 {counts['month']} 个；全部类型共 {summary.files} 个",
        f"- 运营表格覆盖最近 {SHEET_WEEKS} 周（{sheet_first} 起）；直通车、引流关键词、关键词指数覆盖整个期间",
        "",
        "## 类目",
        "",
        "| 类目 | English | 产品数 | 标题识别词 |",
        "|---|---|---|---|",
        *[
            f"| {c.zh} | {c.en} | {n} | {', '.join(c.words)} |"
            for c, n in zip(_CATEGORIES, cat_n, strict=True)
        ],
        "",
        "## 产品负责人",
        "",
        "| 负责人 | 产品数 |",
        "|---|---|",
        *[f"| {o} | {n} |" for o, n in own_n.items()],
        "",
        "## 文件结构",
        "",
        "```",
        "exports/",
        *[f"  {f[1]:<{width}}  {f[2]}（{by_kind.get(f[0], 0)} 个）" for f in _FILES],
        "```",
        "",
        "周、月产品文件中的次数为各日之和；访问人数、询盘人数、TM咨询人数按人去重（周 ×0.85、月 ×0.75），"
        "因此不等于各日之和；点击率、询盘率按期间数字重新计算；近90天商机人数取期末值。",
        "",
        "各类数据之间的关系：直通车账户每天的曝光、点击 = 当天产品分析的标准推广 + 全站推广曝光、点击；"
        "引流关键词中我的曝光来自标题包含该词的产品，外贸直通车曝光 = 同一周直通车关键词报告的数字；"
        "店铺概况「我的」的搜索曝光、点击、询盘个数 = 当天各产品之和；买家地域与流量来源的访问人数之和 = 店铺访问人数；"
        "询盘表按产品分析每天的询盘个数生成（另有少量 TM、RFQ 询盘），所以按统计日期大致相符。",
        "",
        f"- 零效果产品：近 {ZERO_WINDOW} 天没有询盘、也没有 TM 咨询（无反馈）的在线产品；仍有点击的要优化，不删除。",
        f"- 流量渠道分组：场景/会场 {'、'.join(groups['scene'])}；付费 {'、'.join(groups['paid'])}；自然 {'、'.join(groups['natural'])}"
        "（约 45% / 45% / 10%）。",
        "- 直通车周报表中的推广时长为一周合计小时数（账户报告为每天的小时数）。",
        "",
        "## 文件中的真实怪癖",
        "",
        *[f"- {q['what']}：`{q['file']}`" for q in w.quirks],
        "",
        "## 网站上应该看到什么（核对清单）",
        "",
        "下面的情况是按固定规则写进数据的（例如「某类目当天搜索曝光 × 0.15」「某个词每周 300 次点击、"
        "1,000 元、0 询盘」），不是用生成器自己的判断标准调出来的。",
        "",
        *[f"- [ ] {item['what']}  \n  查看：{item['where']}" for item in summary.planted],
        "",
        *_answers(summary, "zh"),
        "---",
        "",
    ]


def _readme_en(
    P: int,
    cat_n: list[int],
    own_n: dict[str, int],
    first: str,
    last: str,
    sheet_first: str,
    groups: dict[str, list[str]],
    width: int,
    summary: DemoSummary,
    counts: dict[str, int],
    by_kind: dict[str, int],
    w: World,
) -> list[str]:
    """The English half of the demo's README."""
    return [
        "# Demo store (simulated data)",
        "",
        "A simulated Alibaba.com store selling outdoor and garden products. Every number is generated "
        "from a fixed random seed: the same parameters give byte-identical files. The backend exports "
        "(product analysis, traffic keywords, keyword index, P4P reports) are laid out like the backend's "
        "(.xls, 5 preamble rows, header on row 6; the P4P product report has its header on row 1); the pages "
        "the backend cannot export are operator sheets (.xlsx, header on row 1).",
        "",
        f"- Period: {first} to {last} ({summary.days} days, US Pacific dates; inquiries in China time)",
        f"- Products: {P} (including products published or deleted during the period)",
        f"- Files: {counts['day']} daily, {counts['week']} weekly and {counts['month']} monthly product files; "
        f"{summary.files} files of every kind in all",
        f"- Operator sheets cover the last {SHEET_WEEKS} weeks (from {sheet_first}); P4P, traffic keywords and the "
        "keyword index cover the whole period",
        "- Categories: "
        + "; ".join(
            f"{c.zh} ({c.en}, {n} products; title words: {', '.join(c.words)})"
            for c, n in zip(_CATEGORIES, cat_n, strict=True)
        ),
        "- Owners (sub-accounts): " + ", ".join(f"{o} ({n})" for o, n in own_n.items()),
        "",
        "Layout:",
        "",
        *[f"- `{f[1]}` — {f[3]} ({by_kind.get(f[0], 0)} files)" for f in _FILES],
        "",
        "Weekly and monthly product counts are sums of the days, except visitors, inquiring buyers and TM "
        "buyers, which are de-duplicated people (×0.85 a week, ×0.75 a month); rates are recomputed; 90-day "
        "opportunity buyers is the value at the period's end.",
        "",
        "How the kinds agree: the P4P account's daily impressions and clicks are the products' standard + "
        "site-wide promotion numbers of that day; my impressions on a keyword come from the products whose "
        "title holds it, and its P4P impressions are the P4P keyword report's for the same week; the store "
        "overview's search impressions, clicks and inquiries for 我的 are the sums over the products; regions "
        "and traffic sources add up to the store visitors; the inquiry sheet follows the products' daily "
        "inquiry counts (plus a few TM and RFQ inquiries).",
        "",
        f"- Zero-effect products: listed products with no inquiry and no TM chat in the last {ZERO_WINDOW} days; "
        "the ones that still get clicks are optimised, not deleted.",
        f"- Channel groups: scene/venue {', '.join(groups['scene'])}; paid {', '.join(groups['paid'])}; natural "
        f"{', '.join(groups['natural'])} (about 45% / 45% / 10%).",
        "- In the weekly P4P reports, promotion hours are the week's total (the account report gives hours a day).",
        "",
        "## Quirks real files have",
        "",
        *[f"- {q['what_en']}: `{q['file']}`" for q in w.quirks],
        "",
        "## What the site should show",
        "",
        "These situations are written into the data by fixed rules (e.g. 'a category's search impressions "
        "× 0.15 that day', 'a word with 300 clicks, CNY 1,000 and 0 inquiries a week'), never tuned to "
        "the generator's own detectors.",
        "",
        *[f"- [ ] {item['what_en']}  \n  Where: {item['where']}" for item in summary.planted],
        "",
        *_answers(summary, "en"),
    ]


def _answers(summary: DemoSummary, lang: str) -> list[str]:
    """The answer key's section (answers.json in words)."""
    head = {
        "zh": [
            "## 答案（answers.json）",
            "",
            "只根据写进去的数值算出的答案：在哪一页、哪个类目/产品/词/询盘、什么结论、哪几天。",
        ],
        "en": [
            "## Answer key (answers.json)",
            "",
            "Computed from the planted values alone: which page, which category / product / word / "
            "inquiry, which verdict, which days.",
        ],
    }[lang]
    where = {"zh": "（`{}`）", "en": " (`{}`)"}[lang]  # the page, in the head's language
    lines = [f"- {a[lang]}" + where.format(a["page"]) for a in summary.answers.get("answers", [])]
    return [*head, "", *lines, ""]
