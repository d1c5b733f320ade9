"""One catalog for every UI string and page text: Chinese first, English by one setting.

Templates call ``t("key")``; code calls :func:`translate`. A missing key is an error, never a
silent fallback, so a test can check both languages are complete.
"""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # site and navigation
    "site_title": ("{store} 运营报表", "{store} operations report"),
    "home": ("首页", "Home"),
    "daily": ("日报", "Daily"),
    "weekly": ("周报", "Weekly"),
    "monthly": ("月报", "Monthly"),
    "import_status": ("数据导入状态", "Import status"),
    "keywords": ("关键词库", "Keyword library"),
    "keyword_links": ("关键词库", "Keyword library"),
    "glossary": ("指标说明", "Glossary"),
    # home
    "home_title": ("{store} · {day} 日报概览", "{store} · overview of {day}"),
    "home_lead": (
        "最新的完整数据日是 **{day}**（美国太平洋时间，T-2 后数据才完整）。以下为各项指标与前 {n} 天中位数的对比。",
        "The latest final day is **{day}** (US-Pacific time; daily data is final after T-2). Each figure is compared with the median of the {n} days before.",
    ),
    "todo": ("今日待办", "To do"),
    "todo_none": (
        "各项指标都在正常波动范围内，今天没有需要特别处理的变化。",
        "Every metric is within its normal range: nothing needs special attention today.",
    ),
    "see_day": ("查看 {day} 日报", "Open the daily report of {day}"),
    "trend_title": ("近 {n} 天趋势", "Last {n} days"),
    "trend_note": (
        "实线为每日数值，虚线为前 {n} 天中位数（基线），阴影为同一星期几的正常范围（超出即为异常）。",
        "Solid line: daily value; dashed: median of the {n} days before (baseline); shaded: the normal range for that weekday (outside it is an anomaly).",
    ),
    "band_label": ("正常范围", "normal range"),
    "no_data": (
        "还没有数据。把后台导出的文件放进 `exports/` 文件夹，然后运行 `opsreport build`。",
        "No data yet. Put the backend's exports into `exports/` and run `opsreport build`.",
    ),
    # KPI table
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "baseline": ("基线", "Baseline"),
    "change": ("变化", "Change"),
    "judgement": ("判断", "Judgement"),
    "band_none": ("—", "—"),
    "band_normal": ("正常", "normal"),
    "band_small": ("小幅", "small"),
    "band_clear": ("明显", "clear"),
    "band_large": ("大幅", "large"),
    "baseline_day": ("前 {n} 天中位数", "median of the {n} days before"),
    "baseline_week": ("前 {n} 周中位数", "median of the {n} weeks before"),
    "baseline_month": ("前 {n} 个月中位数", "median of the {n} months before"),
    "vs_previous": ("环比", "vs previous"),
    "vs_last_year": ("同比", "vs last year"),
    "previous": ("上期", "Previous"),
    # period pages
    "daily_title": ("日报 {day}（{weekday}）", "Daily report {day} ({weekday})"),
    "weekly_title": ("周报 {start} ~ {end}", "Weekly report {start} ~ {end}"),
    "monthly_title": ("月报 {month}", "Monthly report {month}"),
    "period_note_day": (
        "统计日期为美国太平洋时间的 {day}。每日数据在 T-2 后才完整；询盘中心（消息中心）按北京时间统计，其询盘数与数据参谋不会完全一致。",
        "Statistics for {day}, US-Pacific time. Daily data is final after T-2; the Message Center counts inquiries in China time, so its count never matches Data Advisor exactly.",
    ),
    "period_note_week": (
        "周期为周日至周六（美国太平洋时间），周数据每周二更新。",
        "Weeks run Sunday to Saturday (US-Pacific time); weekly data is published on Tuesdays.",
    ),
    "period_note_month": (
        "自然月（美国太平洋时间），月数据于次月 3 日更新。",
        "Calendar month (US-Pacific time); monthly data is published on the 3rd of the next month.",
    ),
    "source_days": (
        "本期没有导出的周/月文件，数值为每日数据之和（访客、TM 人数按天相加，会偏高）。",
        "No period export for this one: figures are sums of the days (visitors and TM buyers are summed per day and so run high).",
    ),
    "kpis": ("核心指标", "Key figures"),
    "what_to_do": ("先看这里", "Start here"),
    "chart_recent": ("近 {n} 天", "Last {n} days"),
    "chart_weeks": ("近 {n} 周", "Last {n} weeks"),
    "chart_months": ("近 {n} 个月", "Last {n} months"),
    "by_category": ("按类目", "By category"),
    "by_owner": ("按负责人", "By owner"),
    "top_products": (
        "产品（按询盘、曝光排序，前 {n} 个）",
        "Products (by inquiries, then impressions; top {n})",
    ),
    "all_in_download": (
        "共 {n} 个产品，完整列表请下载。",
        "{n} products in all; download the full list.",
    ),
    "download": ("下载", "Download"),
    "prev_next": ("上一期：{prev} · 下一期：{next}", "Previous: {prev} · Next: {next}"),
    "none": ("无", "none"),
    "category_moves": (
        "**{category}** 的曝光{direction} {change}（占全店曝光 {share}）。",
        "**{category}** impressions {direction} {change} ({share} of the store's impressions).",
    ),
    "up": ("上升", "rose"),
    "down": ("下降", "fell"),
    "product_moves": ("询盘最多的产品：{items}。", "Most inquiries: {items}."),
    "kpi_sentence": (
        "**{metric}** {value}，较{baseline}{judgement}变化（{change}）。",
        "**{metric}** {value}: a {judgement} change against the {baseline} ({change}).",
    ),
    "kpi_weekday": (
        "与前几周的同一天相比 {change}",
        "against the same weekday of the weeks before: {change}",
    ),
    "kpi_weekday_normal": (
        "与前几周的同一天相比正常（{change}），主要是周内规律",
        "normal for this weekday ({change}): mostly the weekly rhythm",
    ),
    # anomalies
    "anomalies": ("异常与原因", "Anomalies and their causes"),
    "anomalies_none": (
        "今天没有异常：各项指标都在前 {weeks} 周同一天的正常范围内。",
        "A quiet day: every metric is within its normal range for this weekday (the {weeks} weeks before).",
    ),
    "anomaly_sentence": (
        "**{metric}** {value}，比前 {weeks} 周同一天的中位数 {base} {direction} {change}（正常范围 {low} ~ {high}）。",
        "**{metric}** {value} is {change} {direction} the median of this weekday over {weeks} weeks ({base}; normal range {low} to {high}).",
    ),
    "anomaly_up": ("高", "above"),
    "anomaly_down": ("低", "below"),
    "anomaly_funnel": ("漏斗：{steps}。", "Funnel: {steps}."),
    "anomaly_step": ("{step} {change}（占 {share}）", "{step} {change} ({share} of it)"),
    "anomaly_from": ("主要来自：{items}。", "Mostly from: {items}."),
    "anomaly_missing": (
        "**没有数据**：{day} 没有产品分析文件——这不是掉到 0。请在后台导出 Products-{day}.xls 放进 exports/。",
        "**No data** for {day}: no product analysis file — not a drop to zero. Export Products-{day}.xls from the backend into exports/.",
    ),
    "anomaly_share_note": (
        "占比 = 该项的变化 ÷ 总变化；其他项反向变化时，某一项可超过 100%。",
        "Share = that item's change ÷ the total change; when others moved the other way, one item can exceed 100 %.",
    ),
    "anomalies_all": ("全部异常（所有日期）", "All anomalies (every day)"),
    "dim_category": ("类目", "category"),
    "dim_product": ("产品", "product"),
    "dim_country": ("国家", "country"),
    "dim_channel": ("渠道", "channel"),
    "dim_keyword": ("关键词", "keyword"),
    "step_impressions": ("曝光", "impressions"),
    "step_ctr": ("点击率", "CTR"),
    "step_visitors_per_click": ("访客/点击", "visitors per click"),
    "step_inquiry_rate": ("询盘转化率", "inquiry rate"),
    "col_low": ("正常下限", "Normal low"),
    "col_high": ("正常上限", "Normal high"),
    "col_cause": ("原因", "Cause"),
    # to-do, inquiries, P4P, countries
    "went_up": ("上升", "rose"),
    "went_down": ("下降", "fell"),
    "evidence": ("查看依据", "evidence"),
    "actions_all": ("全部待办（所有日期）", "All action items (every day)"),
    "col_scope": ("范围", "Scope"),
    "col_rule": ("规则", "Rule"),
    "col_subject": ("对象", "Subject"),
    "col_message": ("内容", "Message"),
    "sec_inquiries": ("询盘", "Inquiries"),
    "sec_inquiries_note": (
        "询盘来自消息中心，按北京时间记录；这里按美国太平洋时间归到统计日，所以与数据参谋的询盘数不会完全一致。",
        "Inquiries come from the Message Center in China time; they are counted here on their US-Pacific day, so the count never matches Data Advisor exactly.",
    ),
    "sec_p4p": ("直通车", "P4P"),
    "sec_countries": ("国家", "Countries"),
    "sec_channels": ("流量来源", "Traffic sources"),
    "ch_visitors": ("店铺访问人数", "Store visitors"),
    "ch_share": ("占比", "Share"),
    "inq_count": ("询盘数", "Inquiries"),
    "inq_quality": ("优质询盘（L1+）", "Quality (L1+)"),
    "inq_duplicates": ("重复询盘", "Duplicates"),
    "inq_templates": ("模板询盘", "Templates"),
    "inq_avg_reply": ("平均首次回复（小时）", "Avg first reply (h)"),
    "inq_in_time": ("24 小时内回复", "Replied within 24 h"),
    "inq_unreplied": ("超时未回复", "Overdue, unreplied"),
    "inq_flagged": ("重复或模板询盘", "Duplicate or template inquiries"),
    "inq_time": ("询盘时间（北京）", "Time (China)"),
    "inq_buyer": ("买家", "Buyer"),
    "inq_flag": ("标记", "Flag"),
    "inq_message": ("询盘内容", "Message"),
    "inq_paths": ("询盘买家的访问路径（访客详情）", "Visit paths of inquiring buyers"),
    "inq_path": ("访问路径", "Path"),
    "inq_views": ("浏览次数", "Views"),
    "inq_seconds": ("停留（秒）", "Seconds"),
    "inq_buyers": ("询盘人数", "Inquiring buyers"),
    "p4p_impressions": ("曝光", "Impressions"),
    "p4p_clicks": ("点击", "Clicks"),
    "p4p_ctr": ("点击率", "CTR"),
    "p4p_spend": ("花费（元）", "Spend (CNY)"),
    "p4p_cpc": ("平均点击花费（元）", "Avg CPC (CNY)"),
    "p4p_promo_hours": ("推广时长（小时）", "Promotion hours"),
    "p4p_budget_use": ("预算使用率", "Budget use"),
    "p4p_week_mean": ("前 7 天平均", "Mean of the 7 days before"),
    "p4p_waste": ("花了钱却没有点击或询盘的词", "Words that spent without a click or inquiry"),
    # index pages
    "daily_index_title": ("日报", "Daily reports"),
    "weekly_index_title": ("周报", "Weekly reports"),
    "monthly_index_title": ("月报", "Monthly reports"),
    "index_lead_day": (
        "共 {n} 天，最新在前。点日期打开当天的日报。",
        "{n} days, newest first. Click a date to open its report.",
    ),
    "index_lead_week": (
        "共 {n} 周（周日至周六），最新在前。",
        "{n} weeks (Sunday–Saturday), newest first.",
    ),
    "index_lead_month": ("共 {n} 个月，最新在前。", "{n} months, newest first."),
    "in_progress_week": (
        "本周（{start} ~ {end}）尚未结束，周六后的周二出周报。",
        "This week ({start} ~ {end}) is not over yet; its report follows on the Tuesday after it ends.",
    ),
    "in_progress_month": (
        "本月（{month}）尚未结束，次月 3 日出月报。",
        "This month ({month}) is not over yet; its report follows on the 3rd of next month.",
    ),
    "date": ("日期", "Date"),
    "week": ("周", "Week"),
    "month": ("月份", "Month"),
    # columns
    "col_product_id": ("产品ID", "Product ID"),
    "col_title": ("产品名称", "Product"),
    "col_category": ("类目", "Category"),
    "col_owner": ("负责人", "Owner"),
    "col_products": ("产品数", "Products"),
    "col_impressions_prev": ("上期曝光", "Impressions (prev.)"),
    "col_inquiries_prev": ("上期询盘", "Inquiries (prev.)"),
    "col_showcase": ("橱窗", "Showcase"),
    "col_in_p4p": ("直通车", "P4P"),
    "col_impressions_share": ("曝光占比", "Impressions share"),
    "col_inquiries_share": ("询盘占比", "Inquiries share"),
    "col_impressions_change": ("曝光环比", "Impressions change"),
    "col_inquiries_change": ("询盘环比", "Inquiries change"),
    "col_period_start": ("开始日期", "Start"),
    "col_period_end": ("结束日期", "End"),
    "col_file": ("文件", "File"),
    "col_status": ("状态", "Status"),
    "col_kind": ("类型", "Kind"),
    "col_period": ("周期", "Period"),
    "col_rows": ("行数", "Rows"),
    "col_problem": ("问题", "Problem"),
    "col_fix": ("怎么办", "What to do"),
    "col_granularity": ("粒度", "Granularity"),
    "col_periods": ("期数", "Periods"),
    "col_first_day": ("最早", "First"),
    "col_last_day": ("最新", "Latest"),
    "col_fresh": ("是否最新", "Up to date"),
    "col_expected": ("后台最新可有", "Backend has up to"),
    "col_name": ("名称", "Name"),
    "col_unit": ("单位", "Unit"),
    "col_formula": ("计算方法", "How it is computed"),
    "col_source": ("来源", "Source"),
    "col_english": ("英文名（下载文件列名）", "Name in downloads"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # import status
    "status_title": ("数据导入状态", "Import status"),
    "status_lead": (
        "报表的计算日期（as-of）为 **{as_of}**。下表列出每类数据最新到哪一天、是否已是后台能提供的最新数据。",
        "The report is computed as of **{as_of}**. Below: how far each kind of data reaches, and whether it is as fresh as the backend allows.",
    ),
    "status_kinds": ("各类数据", "Data held"),
    "status_rejected": ("被拒绝的文件", "Rejected files"),
    "status_rejected_none": ("没有被拒绝的文件。", "No file was rejected."),
    "status_rejected_lead": (
        "这些文件没有导入，其他文件不受影响。按「怎么办」处理后再运行一次即可。",
        "These files were not ingested; the other files were. Do what the last column says and run again.",
    ),
    "status_skipped": ("跳过的重复文件", "Skipped duplicates"),
    "status_recent": (
        "已导入的文件（按周期最新的 {n} 个，共 {total} 个）",
        "Ingested files ({n} with the latest periods, of {total})",
    ),
    "status_ingested": ("已导入", "ingested"),
    "status_skipped_word": ("已跳过", "skipped"),
    "status_rejected_word": ("已拒绝", "rejected"),
    "fresh_ok": ("最新", "up to date"),
    "fresh_late": ("缺 {n} 期", "{n} behind"),
    "gran_day": ("日", "day"),
    "gran_week": ("周", "week"),
    "gran_month": ("月", "month"),
    "gran_range": ("其他", "other"),
    # glossary
    "glossary_title": ("指标说明", "Glossary"),
    "glossary_lead": (
        "每个指标的含义和计算方法。下载文件（CSV）的列名使用英文名。",
        "What each metric means and how it is computed. CSV downloads use the English names as column headers.",
    ),
    "glossary_time": (
        "时间口径：数据参谋的统计日期是美国太平洋时间；每周为周日至周六；每日数据 T-2 后完整，周数据周二、月数据 3 日更新；询盘中心按北京时间。",
        "Time: Data Advisor dates are US-Pacific; weeks run Sunday to Saturday; daily data is final after T-2, weekly on Tuesdays, monthly on the 3rd; the Message Center uses China time.",
    ),
    "unit_count": ("个/次/人", "count"),
    "unit_rate": ("%", "%"),
    "unit_usd": ("美元", "USD"),
    # weekly report (issue 6): keys go below this line
    #
    #
    # monthly review and archive (issue 7): keys go below this line
    #
    #
    # scheduled builds, publishing and build status (issue 8): keys go below this line
    #
    #
    # weekdays
    "wd_0": ("周一", "Mon"),
    "wd_1": ("周二", "Tue"),
    "wd_2": ("周三", "Wed"),
    "wd_3": ("周四", "Thu"),
    "wd_4": ("周五", "Fri"),
    "wd_5": ("周六", "Sat"),
    "wd_6": ("周日", "Sun"),
}


def translate(key: str, lang: str, **values: object) -> str:
    try:
        zh, en = CATALOG[key]
    except KeyError:
        raise KeyError(f"no text '{key}' in the catalog (generator/i18n.py)") from None
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
