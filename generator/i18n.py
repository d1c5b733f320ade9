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
        "最新的完整数据日是 **{day}**（美国太平洋时间，T-2 后数据才完整）。以下为各项指标与同星期几（近 {n} 周）中位数的对比。",
        "The latest final day is **{day}** (US-Pacific time; daily data is final after T-2). Each figure is compared with the median of the same weekday, last {n} weeks.",
    ),
    "todo": ("今日待办", "To do"),
    "home_movers": (
        "变化最大的产品（曝光，与上周同日比）",
        "Products that moved most (impressions, vs the same weekday last week)",
    ),
    "home_movers_none": (
        "没有可比的产品：需要当天和上周同日的产品分析导出。",
        "No product to compare: the product exports of the day and of the same weekday a week before are needed.",
    ),
    "home_mover": (
        "{title}（ID {id}）曝光 {before} → {now}（{change}）· 询盘 {inq_before} → {inq_now}",
        "{title} (ID {id}) impressions {before} → {now} ({change}) · inquiries {inq_before} → {inq_now}",
    ),
    "home_open_title": ("待回复询盘", "Open inquiries"),
    "home_open_inquiries": (
        "现在共 **{n} 条**询盘超过 {hours} 小时未回复，最久的 {k} 条：",
        "**{n}** inquiries have waited more than {hours} h for a reply now; the {k} oldest:",
    ),
    "home_open_inquiry": (
        "询盘 {id} · {country} · 已等 {hours} 小时",
        "Inquiry {id} · {country} · waiting {hours} h",
    ),
    "home_open_all": ("查看全部 {n} 条", "All {n} of them"),
    "home_latest_week": ("最新周报 {week}", "Latest week {week}"),
    "home_latest_month": ("最新月报 {month}", "Latest month {month}"),
    "spark_title": ("{metric} 近 {n} 天", "{metric}, last {n} days"),
    "missing_days": (
        "{first} ~ {last} 共 {n} 天没有产品分析数据：请在后台导出这些天的 Products-YYYY-MM-DD.xls 放进 exports/。",
        "No product analysis for the {n} days {first} ~ {last}: export those days' Products-YYYY-MM-DD.xls from the backend into exports/.",
    ),
    "todo_none": (
        "各项指标都在正常波动范围内，今天没有需要特别处理的变化。",
        "Every metric is within its normal range: nothing needs special attention today.",
    ),
    # the morning pushed to a group chat and mailed (render/notify.py, ops/notify.py)
    "notify_title": ("{store} · {day} 早报", "{store} · morning of {day}"),
    "notify_todo": ("今日待办（前 {n} 条）", "To do (top {n})"),
    "notify_todo_more": ("其余 {n} 条见日报", "{n} more on the daily page"),
    "notify_todo_none": ("今天没有待办。", "Nothing to do today."),
    "notify_kpis": ("核心指标", "Headline KPIs"),
    "notify_open": (
        "待回复询盘：{n} 条超过 {hours} 小时未回复",
        "Open inquiries: {n} waiting more than {hours} h",
    ),
    "notify_open_none": (
        "待回复询盘：没有超过 {hours} 小时未回复的询盘",
        "Open inquiries: none waiting more than {hours} h",
    ),
    "notify_link": ("打开 {day} 日报", "Open the daily page of {day}"),
    "notify_cut": ("（消息过长，其余见日报）", "(message too long: the rest is on the page)"),
    "notify_pushes": ("群推送和邮件", "Group-chat pushes and mail"),
    "notify_pushes_lead": (
        "每次定时日报构建后（或运行 `opsreport notify`）推送的结果，每个渠道只列最近一次；本页在构建时写成，所以显示的是这次构建之前的推送。",
        "The result of the push after each scheduled daily build (or `opsreport notify`), the latest per channel; this page is written during a build, so it shows the pushes before it.",
    ),
    "notify_channel_wecom": ("企业微信", "WeCom"),
    "notify_channel_dingtalk": ("钉钉", "DingTalk"),
    "notify_channel_feishu": ("飞书", "Feishu / Lark"),
    "notify_channel_email": ("邮件", "E-mail"),
    "col_push_channel": ("渠道", "Channel"),
    "col_push_at": ("时间", "Time"),
    "col_push_target": ("地址（已隐藏密钥）", "Address (secrets hidden)"),
    "col_push_result": ("结果", "Result"),
    "col_push_attempts": ("尝试次数", "Attempts"),
    "col_push_detail": ("说明", "Detail"),
    "push_ok": ("成功", "sent"),
    "push_failed": ("失败", "failed"),
    "see_day": ("查看 {day} 日报", "Open the daily report of {day}"),
    "trend_title": ("近 {n} 天趋势", "Last {n} days"),
    "trend_note": (
        "实线为每日数值，虚线为同星期几（近 {n} 周）中位数（基线），阴影为正常范围（超出即为异常）。",
        "Solid line: daily value; dashed: median of the same weekday, last {n} weeks (baseline); shaded: the normal range (outside it is an anomaly).",
    ),
    "band_label": ("正常范围", "normal range"),
    "no_data": (
        "还没有数据。把后台导出的文件放进 exports 文件夹，然后重新生成报表。",
        "No data yet. Put the backend's exports into the exports folder, then build the report again.",
    ),
    # a section without its input, or with too little history (issue 12)
    "missing_input": (
        "缺少 {kind} 数据（文件名如 {pattern}）：来源 {source}；放进 exports/ 后重新构建。有了它，这里会显示{shows}。[数据导入状态]({status})",
        "No {kind} data (files named like {pattern}): it comes from {source}; put it into exports/ and build again. With it, this shows {shows}. [Import status]({status})",
    ),
    "missing_input_period": (
        "本期没有 {kind} 数据（其他日期有；文件名如 {pattern}）：来源 {source}；放进 exports/ 后重新构建。有了它，这里会显示{shows}。[数据导入状态]({status})",
        "No {kind} data for this period (other dates have it; files named like {pattern}): it comes from {source}; put it into exports/ and build again. With it, this shows {shows}. [Import status]({status})",
    ),
    "history_short": (
        "历史数据不足：已有 {n} 天，需要 {m} 天。",
        "Not enough history: {n} days so far, {m} days needed.",
    ),
    "history_short_weeks": (
        "历史数据不足：已有 {n} 周，需要 {m} 周。",
        "Not enough history: {n} weeks so far, {m} weeks needed.",
    ),
    "history_short_months": (
        "历史数据不足：已有 {n} 个完整月，需要 {m} 个。",
        "Not enough history: {n} complete months so far, {m} needed.",
    ),
    "history_short_anomalies": (
        "还不能判断异常：需要前 4 周同一天的数据作对比。",
        "Anomalies cannot be judged yet: they need the same weekday of the 4 weeks before.",
    ),
    "shows_day_products": (
        "这一天的核心指标、类目和产品",
        "this day's key figures, categories and products",
    ),
    "shows_home": (
        "最新一天的核心指标和近期趋势",
        "the latest day's key figures and the recent trend",
    ),
    "shows_day_inquiries": (
        "这一天的询盘：数量、质量、重复和模板询盘、回复时效、按负责人",
        "this day's inquiries: count, quality, duplicates and templates, reply times, by owner",
    ),
    "shows_day_p4p": (
        "这一天的直通车花费、点击、推广时长和预算使用",
        "this day's P4P spend, clicks, promotion hours and budget use",
    ),
    "shows_day_channels": (
        "这一天各渠道的访客和询盘人数",
        "this day's visitors and inquiring buyers per channel",
    ),
    "shows_day_countries": (
        "这一天各国家的曝光、点击和询盘人数",
        "this day's impressions, clicks and inquiring buyers per country",
    ),
    "day_no_inquiries": (
        "这一天没有询盘（询盘表覆盖了这一天）。",
        "No inquiries on this day (the inquiries sheet covers it).",
    ),
    "day_no_rows": (
        "这一天没有数据行（{kind} 覆盖了这一天）。",
        "No rows for this day ({kind} covers it).",
    ),
    "shows_period_products": (
        "本期按类目、负责人和产品的明细（本期的数字由每日数据相加）",
        "this period by category, owner and product (its figures are the sums of its days)",
    ),
    "shows_day_sections": (
        "这一天的询盘、直通车、渠道和国家",
        "this day's inquiries, P4P, channels and countries",
    ),
    # KPI table
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "baseline": ("基线", "Baseline"),
    "change": ("变化", "Change"),
    "judgement": ("判断", "Judgement"),
    # one judgement per metric (analysis/metrics/judge.py)
    "verdict_none": ("—", "—"),
    "verdict_short": ("历史不足", "too little history"),
    "verdict_normal": ("正常", "normal"),
    "verdict_up_small": ("小幅上升", "small rise"),
    "verdict_up_clear": ("明显上升", "clear rise"),
    "verdict_up_large": ("大幅上升", "large rise"),
    "verdict_down_small": ("小幅下降", "small fall"),
    "verdict_down_clear": ("明显下降", "clear fall"),
    "verdict_down_large": ("大幅下降", "large fall"),
    "kpi_card_short": (
        "历史不足：同星期几已有 {n} 周，需要 {m} 周",
        "too little history: {n} of {m} weeks of this weekday",
    ),
    "baseline_day": ("同星期几（近 {n} 周）中位数", "median of the same weekday, last {n} weeks"),
    "baseline_week": ("前 {n} 周中位数", "median of the {n} weeks before"),
    "baseline_month": (
        "前 {n} 个月中位数（按天折算到本月）",
        "median of the {n} months before (per day, scaled to this month)",
    ),
    "vs_previous": ("环比", "vs previous"),
    "vs_last_year": ("同比", "vs last year"),
    # a comparison with an incomplete period (analysis/metrics/compare.py)
    "vs_previous_per_day": ("环比（日均）", "vs previous (per day)"),
    "vs_previous_short": ("环比（无法比较）", "vs previous (not comparable)"),
    "vs_last_year_per_day": ("同比（日均）", "vs last year (per day)"),
    "vs_last_year_short": ("同比（无法比较）", "vs last year (not comparable)"),
    "change_per_day": ("变化（日均）", "Change (per day)"),
    "change_short": ("变化（无法比较）", "Change (not comparable)"),
    "compare_mixed": (
        "访客数、TM咨询人数和询盘转化率不比：一期是整期导出（每人计一次），另一期是逐日相加（每天重复计）。",
        "Visitors, TM buyers and the inquiry rate are not compared: one period is a whole-period export (each buyer once), the other a sum of days (each day again).",
    ),
    "compare_other_prev": ("上期", "The previous period"),
    "compare_other_ly": ("去年同月", "The same month last year"),
    "compare_per_day": (
        "{other}（{start} 至 {end}，{length} 天）只有 {days} 天的数据，总量不可比：按日均比较。",
        "{other} ({start} to {end}, {length} days) has data on {days} days; totals do not compare: compared per day.",
    ),
    "compare_short": (
        "{other}（{start} 至 {end}，{length} 天）只有 {days} 天的数据，少于 {n} 天：无法比较。",
        "{other} ({start} to {end}, {length} days) has data on only {days} days, fewer than {n}: no comparison.",
    ),
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
        "**{category}** 的曝光{than}{direction} {change}（占全店曝光 {share}）。",
        "**{category}** impressions {direction} {change} {than} ({share} of the store's impressions).",
    ),
    "than_previous_week": ("较上周", "on the week before"),
    "than_previous_month": ("较上月", "on the month before"),
    "incident_first": (
        "**{entity}** 的{metric}比同星期几的常态{direction} {change}{since}：见[异常与原因](#anomalies)。",
        "**{entity}**: {metric} {direction} {change} against the same weekday{since}: see [anomalies](#anomalies).",
    ),
    "up": ("上升", "rose"),
    "down": ("下降", "fell"),
    "product_moves": ("询盘最多的产品：{items}。", "Most inquiries: {items}."),
    "kpi_sentence": (
        "**{metric}** {value}，较{baseline}（{base}）{judgement}（{change}），超出正常范围 {low}–{high}。",
        "**{metric}** {value}: a {judgement} against the {baseline} ({base}, {change}), outside the normal range {low}–{high}.",
    ),
    "kpi_all_normal": (
        "各项指标都在正常范围内（已计入小数字的随机波动）。",
        "Every figure is within its normal range (allowing for the chance swings of small numbers).",
    ),
    "history_short_weekday": (
        "历史数据不足：同星期几已有 {n} 周的数据，需要 {m} 周，暂不判断涨跌。",
        "Not enough history: {n} weeks of this weekday so far, {m} needed; no rise or fall is judged yet.",
    ),
    # anomalies
    "anomalies": ("异常与原因", "Anomalies and their causes"),
    "anomalies_none": (
        "今天没有异常：各项指标都在前 {weeks} 周同一天的正常范围内。",
        "A quiet day: every metric is within its normal range for this weekday (the {weeks} weeks before).",
    ),
    "anomaly_up": ("高", "above"),
    "anomaly_down": ("低", "below"),
    "anomaly_missing": (
        "**没有数据**：{day} 没有产品分析文件——这不是掉到 0。请在后台导出 Products-{day}.xls 放进 exports/。",
        "**No data** for {day}: no product analysis file — not a drop to zero. Export Products-{day}.xls from the backend into exports/.",
    ),
    "anomaly_share_note": (
        "占比 = 该项的变化 ÷ 同向变化的各项之和，加上「其他」合计 100%；反向变化的项不算原因。只有一个值的维度（如全部未分类、只有一个国家）不算原因。",
        "Share = that item's change ÷ the sum of the changes that went the same way; with 'other' they add up to 100 %. Items that moved the other way are not causes; a dimension with one value (all uncategorised, one country) is no cause.",
    ),
    "anomalies_all": ("全部异常（所有日期）", "All anomalies (every day)"),
    "dim_category": ("类目", "category"),
    "dim_product": ("产品", "product"),
    "dim_country": ("国家", "country"),
    "dim_channel": ("渠道", "channel"),
    "dim_keyword": ("关键词", "keyword"),
    "dim_store": ("店铺", "store"),
    "dim_other": ("其他", "other"),
    "incident_product": ("{title}（ID {id}{owner}）", "{title} (ID {id}{owner})"),
    "incident_owner": ("，负责人 {owner}", ", owner {owner}"),
    "incident_change": ("{metric}{direction} {change}", "{metric} {direction} {change}"),
    "incident_also": ("、{text}", ", {text}"),
    "incident_since": ("（第 {n} 天，自 {start} 起）", " (day {n}, since {start})"),
    "incident_cause": ("原因：{chain}。", "Cause: {chain}."),
    "incident_sentence": (
        "**{entity}**：{metric} {value}，比前 {weeks} 周同一天的中位数 {base} {direction} {change}（正常范围 {low} ~ {high}）{also}{since}。",
        "**{entity}**: {metric} {value} is {change} {direction} the median of this weekday over {weeks} weeks ({base}; normal range {low} to {high}){also}{since}.",
    ),
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
    "col_stake": ("涉及数额", "At stake"),
    "col_stake_unit": (
        "单位（元 yuan / 询盘 leads / 曝光 impressions）",
        "Unit (yuan / leads / impressions)",
    ),
    "col_since": ("首次出现", "Open since"),
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
    "inq_masked": (
        "买家只显示姓名缩写，邮箱、电话和链接已打码，询盘内容只显示开头（设置 show_buyer_details）。",
        "Buyers are shown as initials, e-mails, phones and links masked, messages as their first words (setting show_buyer_details).",
    ),
    "inq_time": ("询盘时间（北京）", "Time (China)"),
    "inq_buyer": ("买家", "Buyer"),
    "inq_flag": ("标记", "Flag"),
    "inq_message": ("询盘内容", "Message"),
    "inq_paths": ("询盘买家的访问路径（访客详情）", "Visit paths of inquiring buyers"),
    "inq_path": ("访问路径", "Path"),
    "inq_paths_note": (
        "推断：访客详情只有匿名访客ID，询盘表没有；这里把询盘与同一天、同一国家、标为询盘且访问路径里有该询盘产品的访客对上。"
        "只对上一位访客时列出其路径，对上几位时只写“不确定”。",
        "Inferred: the visitor sheet has only anonymous visitor IDs, the inquiry sheet has none; an "
        "inquiry is matched to the visitors marked as inquiring on the same day, from the same "
        "country, whose path holds the inquired product. One match shows its path; several are "
        "only marked as uncertain.",
    ),
    "inq_match": ("匹配", "Match"),
    "unreplied_title": ("未回复的询盘", "Unreplied inquiries"),
    "unreplied_now": (
        "超过 {hours} 小时还没有首次回复的询盘，最久的在前；回复后下一次构建就不再列出。"
        "等待时长算到 {now}（{zone}，每日构建的时间）；询盘时间按北京时间（消息中心）计。",
        "Inquiries with no first reply after {hours} h, the longest waiting first; a replied one "
        "leaves the list at the next build. Hours waited up to {now} ({zone}, the daily "
        "build's time); inquiry times are China time (Message Center).",
    ),
    "unreplied_none": (
        "没有超过 {hours} 小时未回复的询盘。",
        "No inquiry has waited more than {hours} h for a reply.",
    ),
    "unreplied_more": (
        "另有 {n} 条未列出，全部在下载里。",
        "{n} more, all of them in the download.",
    ),
    "col_inquiry_id": ("询盘ID", "Inquiry ID"),
    "col_buyer_country": ("买家国家", "Buyer country"),
    "col_hours_waiting": ("已等待（小时）", "Hours waiting"),
    "inq_match_inferred": ("推断", "inferred"),
    "inq_match_ambiguous": ("不确定（{n} 个候选）", "uncertain ({n} candidates)"),
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
    "index_earlier_days": (
        "下表是最近 {months} 个月的 {n} 天；更早的日报按月查看：{links}",
        "The table lists the {n} days of the latest {months} months; earlier days by month: {links}",
    ),
    "daily_month_title": ("{month} 的日报", "Daily reports of {month}"),
    "index_lead_day_month": (
        "{month} 共 {n} 天，最新在前。点日期打开当天的日报；最近的日子在[日报](../index.md)。",
        "{n} days of {month}, newest first. Click a date to open its report; the latest days are"
        " in [Daily reports](../index.md).",
    ),
    "incomplete_period": (
        "{start} ~ {end} 缺 {n} 天（{days}）",
        "{start} ~ {end}: {n} day(s) missing ({days})",
    ),
    "incomplete_weeks": (
        "这些周缺产品分析数据，所以没有周报：{items}。补上缺的 Products-YYYY-MM-DD.xls（或这一周的产品分析周导出）放进 exports/ 后重新构建。[数据导入状态]({status})",
        "These weeks lack product analysis days, so they have no report: {items}. Add the missing Products-YYYY-MM-DD.xls (or the week's product analysis export) to exports/ and build again. [Import status]({status})",
    ),
    "incomplete_months": (
        "这些月缺产品分析数据，所以没有月报：{items}。补上缺的 Products-YYYY-MM-DD.xls（或这个月的产品分析月导出）放进 exports/ 后重新构建。[数据导入状态]({status})",
        "These months lack product analysis days, so they have no report: {items}. Add the missing Products-YYYY-MM-DD.xls (or the month's product analysis export) to exports/ and build again. [Import status]({status})",
    ),
    "week_draft": (
        "**草稿**：本周数据在 {day}（周二）才完整，之前的数字可能还会变。",
        "**Draft**: this week's data is final on {day} (Tuesday); the numbers may still change until then.",
    ),
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
    "uncategorised": ("未分类", "Uncategorised"),  # a product no configured category holds
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
    # each kind of export by its name (never its id): the Chinese one is the kind's own (kinds/)
    "kind_products": ("产品分析", "Product analysis"),
    "kind_traffic_keywords": ("引流关键词", "Traffic keywords"),
    "kind_keyword_index": ("关键词指数", "Keyword index"),
    "kind_p4p_account": ("直通车账户报告", "P4P account report"),
    "kind_p4p_campaigns": ("直通车推广计划报告", "P4P campaign report"),
    "kind_p4p_keywords": ("直通车关键词报告", "P4P keyword report"),
    "kind_p4p_search_terms": ("直通车买家搜索词报告", "P4P buyer search-term report"),
    "kind_p4p_products": ("直通车产品报告", "P4P product report"),
    "kind_store_overview": ("店铺概况", "Store overview"),
    "kind_traffic_sources": ("流量来源", "Traffic sources"),
    "kind_regions": ("买家地域", "Buyer regions"),
    "kind_visitors": ("访客详情", "Visitor details"),
    "kind_inquiries": ("询盘", "Inquiries"),
    "kind_product_scores": ("商品成长分", "Product growth scores"),
    "kind_p4p_growth": ("直通车成长分", "P4P growth score"),
    "kind_keyword_ranks": ("关键词排名", "Keyword ranks"),
    "kind_zero_effect": ("零效果产品", "Zero-effect products"),
    "kind_showcase": ("橱窗", "Showcase"),
    "kind_rfq": ("RFQ商机", "RFQ opportunities"),
    "kind_competitor_keywords": ("同行与拓展关键词", "Competitor and expansion keywords"),
    "kind_new_products": ("新品计划", "New-product plan"),
    # the command line (cli/): its error line, the end of `opsreport init`
    "cli_error": ("错误：{message}", "Error: {message}"),
    "cli_problem_fix": ("{problem}——{fix}", "{problem} — {fix}"),
    "cli_init_ready": (
        "工作区已就绪：{root}；把后台导出的文件放进 {exports}。",
        "Workspace ready at {root}: put exports into {exports}.",
    ),
    "cli_init_kept": (
        "工作区已就绪：{root}；把后台导出的文件放进 {exports}（保留了原有的 opsreport.toml）。",
        "Workspace ready at {root}: put exports into {exports} (kept the existing opsreport.toml).",
    ),
    # …its status words (a file's or a row's outcome, the first word of a line)
    "cli_word_rejected": ("拒绝", "rejected"),
    "cli_word_skipped": ("跳过", "skipped"),
    "cli_word_repaired": ("已修复", "repaired"),
    "cli_word_damaged": ("已损坏", "damaged"),
    "cli_word_row": ("行", "row"),
    "cli_word_warning": ("提醒", "warning"),
    "cli_word_ok": ("可读入", "ok"),
    "cli_word_not_reread": ("未能重读", "not re-read"),
    "cli_word_missing": ("缺原件", "missing"),
    "cli_word_rows": ("行数不符", "rows"),
    "cli_repaired": (
        "{problem}；已用 exports/{file} 重新写入",
        "{problem}; written again from exports/{file}",
    ),
    "cli_rows_more": (
        "… 另有 {n} 个行问题：数据导入状态页列出了全部",
        "… and {n} more row problem(s): the import-status page lists them",
    ),
    # …the one line at the end of each command: what it did and where the output is
    "cli_ingest_summary": (
        "新读入 {ingested} 个，已有 {held} 个，拒绝 {rejected} 个",
        "{ingested} ingested, {held} already held, {rejected} rejected",
    ),
    "cli_ingest_not_read": ("，{n} 个未读取", ", {n} not read"),
    "cli_ingest_done": ("读入完成：{summary}——数据库 {db}", "Ingest: {summary} — store {db}"),
    "cli_ingest_strict": (
        "--strict：有文件被拒绝或带有提醒（见上方）",
        "--strict: some files were rejected or had warnings (listed above)",
    ),
    "cli_build_done": (
        "网站已构建（数据截至 {day}）：{summary}；{written} 个页面/下载文件有变化，{unchanged} 个未变——打开 {index}",
        "Built the site as of {day}: {summary}; {written} page/download file(s) changed, {unchanged} unchanged — open {index}",
    ),
    "cli_build_unchanged": (
        "没有新数据，站点未变（数据截至 {day}；{summary}）——打开 {index}；要重新计算全部页面请加 --full",
        "Nothing new, the site is unchanged (as of {day}; {summary}) — open {index}; add --full to compute every page again",
    ),
    "cli_status_no_store": (
        "状态：{store_dir} 里还没有数据库——请运行 `opsreport ingest --workspace {root}`。",
        "Status: no store yet in {store_dir} — run `opsreport ingest --workspace {root}`.",
    ),
    "cli_status_title": ("数据截至 {day}", "as of {day}"),
    "cli_status_done": (
        "状态：共 {pairs} 组数据（类型×粒度），{rejected} 个文件被拒绝，{rows} 行未计入——数据库 {db}",
        "Status: {pairs} kind/granularity pair(s) held, {rejected} file(s) rejected, {rows} row(s) left out — store {db}",
    ),
    "cli_templates_done": (
        "模板：已写入 {n} 个手工表模板到 {folder}——复制一个，填好，按日期存进 exports/",
        "Templates: {n} operator-sheet templates written to {folder} — copy one, fill it, save it into exports/ under its date",
    ),
    "cli_validate_ok": (
        "{kind}，{start} ~ {end}，{rows} 行",
        "{kind}, {start} ~ {end}, {rows} rows",
    ),
    "cli_validate_done": (
        "检查文件：{ok}/{n} 个文件可以读入；没有写入任何内容。",
        "Validate: {ok} of {n} file(s) can be ingested; nothing was written.",
    ),
    "cli_validate_bad": (
        "{n} 个文件会被拒绝（原因见上方）",
        "{n} file(s) would be rejected (reasons above)",
    ),
    "cli_rebuild_missing": (
        "日志里有 {n} 个文件在 {originals} 里没有原件（例如 {example}）：把这些导出文件放回 exports/，再运行 `opsreport build`",
        "{n} logged file(s) have no original in {originals} (e.g. {example}): put those exports back into exports/ and run `opsreport build`",
    ),
    "cli_rebuild_history": (
        "已复制运行记录：{runs} 次运行，{events} 条文件记录。",
        "Run history copied: {runs} run(s), {events} file event(s).",
    ),
    "cli_rebuild_history_lost": (
        "无法从旧数据库复制运行记录（将重新开始记录）：{problem}",
        "The run history could not be copied from the old store (it starts again): {problem}",
    ),
    "cli_rebuild_backup": ("旧数据库保留为 {path}。", "The old store is kept as {path}."),
    "cli_rebuild_done": (
        "数据库已重建：{reread}/{total} 个原件已重读{not_all}——数据库 {db}",
        "Rebuilt the store: {reread} of {total} original(s) re-read{not_all} — store {db}",
    ),
    "cli_rebuild_not_all": ("，{n} 个未能重读", ", {n} could not be"),
    "cli_check_no_store": (
        "检查：{store_dir} 里还没有数据库——无需检查。",
        "Check: no store yet in {store_dir} — nothing to check.",
    ),
    "cli_check_rows": (
        "日志记录 {logged} 行，数据库里有 {stored} 行\n         → 把文件放回 exports/，删除数据库文件夹后重新构建",
        "the log says {logged} row(s), the store holds {stored}\n         → put the file back into exports/, delete the store's folder and build again",
    ),
    "cli_check_done": (
        "检查：日志里有 {held} 个文件，修复了 {repaired} 个原件，{left} 个需要放回，{rows} 个缺行——数据库 {db}",
        "Check: {held} file(s) in the log, {repaired} original(s) repaired, {left} to put back, {rows} with missing rows — store {db}",
    ),
    "cli_check_left": (
        "数据库有需要你处理的问题（见上方）",
        "the store has problems that need you (listed above)",
    ),
    "cli_serve_no_site": ("{site} 里还没有构建好的网站", "no built site in {site}"),
    "cli_serve_no_site_fix": (
        "请先运行 `opsreport build --workspace {root}`",
        "run `opsreport build --workspace {root}` first",
    ),
    "cli_serving": (
        "正在提供 {site}：http://{host}:{port}/ ——按 Ctrl+C 停止。",
        "Serving {site} at http://{host}:{port}/ — press Ctrl+C to stop.",
    ),
    "cli_serve_stopped": ("已停止提供网站。", "Stopped serving."),
    "cli_request_failed": (
        "来自 {client} 的请求失败：{error}",
        "request from {client} failed: {error}",
    ),
    "cli_rolled_back": (
        "已回退：{dest} 又是上一次发布的网站；被替换的网站在 {previous}",
        "Rolled back: {dest} is the previously published site again; the one it replaced is in {previous}",
    ),
    "cli_published": ("已把 {site} 发布到 {dest}；{kept}", "Published {site} to {dest}; {kept}"),
    "cli_published_kept": (
        "被替换的网站保留在 {previous}",
        "the site it replaced is kept in {previous}",
    ),
    "cli_published_first": ("之前那里没有网站", "nothing was there before it"),
    "cli_exported": (
        "已把网站（{files} 个文件，{size} MB）写入 {path}——解压后打开 {folder}/index.html",
        "Wrote the site ({files} files, {size} MB) to {path} — unzip it and open {folder}/index.html",
    ),
    "cli_exported_page": (
        "已把页面 {page}（{charts} 张图表，{size} KB）写入 {path}——一个文件，直接打开或转发",
        "Wrote the page {page} ({charts} charts, {size} KB) to {path} — one file, open or forward it",
    ),
    "cli_exported_page_pdf": ("，PDF 写入 {pdf}", "; its PDF to {pdf}"),
    "cli_export_pdf_needs_page": (
        "--pdf 只用于一个页面：请写出页面，例如 opsreport export monthly/2026-10 --pdf …",
        "--pdf prints one page: name it, e.g. opsreport export monthly/2026-10 --pdf …",
    ),
    "cli_exported_pdf": (
        "已把页面 {page} 打印为 PDF（A4，{size} KB），写入 {pdf}",
        "Printed the page {page} to PDF (A4, {size} KB) at {pdf}",
    ),
    "export_page_source": (
        "摘自「{title}」（网站页面 {page}），导出于 {when}。",
        "From “{title}” (the site's page {page}), exported on {when}.",
    ),
    # one page exported as a file (ops/page_file.py, ops/printer.py): the command line's error
    # texts, read back into Chinese by ingest/messages.py (its _PARTS)
    "export_err_no_page": (
        "网站里没有页面 {page}（相近的页面：{near}）",
        "no page {page} in the built site (pages near it: {near})",
    ),
    "export_err_no_page_fix": (
        "按网站地址里的写法给出页面，例如 `opsreport export {example} --workspace {root} --output {out}`",
        "name a page as in the site's addresses, e.g. `opsreport export {example} --workspace {root} --output {out}`",
    ),
    "export_err_no_content": (
        "{source} 里没有可导出的页面内容（不是报表网站的页面）",
        "{source} has no page content to export (not a page of the report site)",
    ),
    "export_err_no_content_fix": (
        "请重新构建网站：`opsreport build --workspace {root}`",
        "build the site again with `opsreport build --workspace {root}`",
    ),
    "export_err_suffix": (
        "{name}：一个页面写成一个 .html 文件（或它的 .pdf）",
        "{name}: a page is written as one .html file (or its .pdf)",
    ),
    "export_err_suffix_fix": (
        "输出文件名请以 .html 或 .pdf 结尾，例如 --output {name}",
        "name the output with .html or .pdf, e.g. --output {name}",
    ),
    "export_err_inside": (
        "{output} 在网站文件夹 {site} 里面",
        "{output} is inside the site folder {site}",
    ),
    "export_err_inside_fix": (
        "把文件写到 site/ 之外，例如工作区文件夹里",
        "write the file outside site/, e.g. into the workspace folder",
    ),
    "export_err_name_file": (
        "请给出文件名，例如 --output page.html",
        "name a file, e.g. --output page.html",
    ),
    "export_err_no_printer": (
        "找不到 PDF 打印程序：没有安装 Chromium（或 Chrome、Edge），也没有 WeasyPrint",
        "no PDF printer found: neither Chromium (or Chrome, Edge) nor WeasyPrint is installed",
    ),
    "export_err_no_printer_fix": (
        "安装 Chromium（Debian/Ubuntu：`apt-get install chromium`；Windows 有 Edge 或 Chrome 即可）或 WeasyPrint（`pip install weasyprint`），或者用浏览器打开 .html 文件再打印为 PDF",
        "install Chromium (Debian/Ubuntu: `apt-get install chromium`; Windows: Edge or Chrome is enough) or WeasyPrint (`pip install weasyprint`), or open the .html file in a browser and print it to PDF",
    ),
    "export_err_no_pdf": (
        "PDF 打印程序（{printer}）没有为 {name} 写出 PDF",
        "the PDF printer ({printer}) wrote no PDF for {name}",
    ),
    "export_err_no_pdf_fix": (
        "用浏览器打开 .html 文件，再打印为 PDF",
        "open the .html file in a browser and print it to PDF",
    ),
    "export_err_print_slow": (
        "把 {name} 打印为 PDF 超过 {allowed} 秒，已停止",
        "printing {name} to PDF took more than {allowed} s and was stopped",
    ),
    "export_err_print_failed": (
        "{browser} 无法把 {name} 打印为 PDF（{detail}）",
        "{browser} could not print {name} to PDF ({detail})",
    ),
    "cli_archive_not_month": (
        "「{month}」不是月份；请写成 YYYY-MM，例如 2026-10",
        "'{month}' is not a month; write it as YYYY-MM, e.g. 2026-10",
    ),
    "cli_archive_not_final": (
        "{month} 还没有定稿：{day} 定稿，届时再归档",
        "{month} is not final yet: it becomes final on {day}; archive it then",
    ),
    "cli_archive_none": (
        "{month} 无法归档：数据库里没有这个月的月度产品导出",
        "{month} could not be archived: the store holds no monthly product export for it",
    ),
    "cli_archive_refroze": (
        "已重新冻结 {month}（{day}），在 {folder}",
        "Re-froze {month} on {day} in {folder}",
    ),
    "cli_archive_froze": (
        "已冻结 {month}（{day}），在 {folder}",
        "Froze {month} on {day} in {folder}",
    ),
    "cli_archive_held": (
        "早已冻结：{month}（{day}），在 {folder}",
        "Already frozen: {month} on {day} in {folder}",
    ),
    "cli_archive_versions": (
        "；旁边保留了 {n} 个旧版本",
        "; {n} previous version(s) kept beside it",
    ),
    "cli_demo_wrote": (
        "已为 {products} 个产品写入 {files} 个导出文件（{first} ~ {last}），在 {exports}",
        "Wrote {files} export files for {products} products, {first} ~ {last}, into {exports}",
    ),
    "cli_demo_exports_only": (
        "示例导出文件已写入 {exports}；用 `opsreport build --workspace {root}` 构建。",
        "Demo exports written to {exports}; build with `opsreport build --workspace {root}`.",
    ),
    "cli_demo_built": (
        "示例网站已构建：{index}——直接从文件夹打开，或用 `opsreport serve --workspace {root}` 提供（可搜索），然后打开 http://127.0.0.1:8000/",
        "Demo site built: {index} — open it from the folder, or serve it (with search) by `opsreport serve --workspace {root}` then http://127.0.0.1:8000/",
    ),
    "cli_notify_none": (
        "没有设置推送渠道：请在 opsreport.toml 中填写 notify_wecom_webhook、notify_dingtalk_webhook、notify_feishu_webhook 或 notify_email_to 和 smtp_host（也可以用环境变量，如 OPSREPORT_NOTIFY_WECOM_WEBHOOK），再运行一次",
        "no push channel is set: fill notify_wecom_webhook, notify_dingtalk_webhook, notify_feishu_webhook, or notify_email_to and smtp_host in opsreport.toml (or the environment, e.g. OPSREPORT_NOTIFY_WECOM_WEBHOOK) and run again",
    ),
    "cli_notify_no_morning": (
        "工作区 {root} 还没有可推送的早报：先运行 `opsreport build --workspace {root}`（需要有产品数据），再运行一次",
        "workspace {root} has no morning to push yet: run `opsreport build --workspace {root}` first (it needs product data), then run this again",
    ),
    "cli_notify_channel": (
        "{channel}（{target}）：{result}，尝试 {attempts} 次{detail}",
        "{channel} ({target}): {result} after {attempts} attempt(s){detail}",
    ),
    "cli_notify_failed": (
        "推送失败：{channels}——检查地址和密钥，结果也显示在构建状态页",
        "push failed: {channels} — check the addresses and secrets; the result also shows on the build-status page",
    ),
    "cli_notify_done": (
        "已推送 {day} 的早报到 {channels}——日报 {url}",
        "Pushed the morning of {day} to {channels} — daily page {url}",
    ),
    "cli_schedule_nothing": (
        "定时任务：现在没有到期的任务——网站 {site}",
        "Schedule: nothing due now — site {site}",
    ),
    "cli_schedule_failed": (
        "{jobs} 失败（{error}）；上一版网站保持不变，下次运行会重试——详情见上方",
        "{jobs} failed ({error}); the previous site is left in place and the next run retries — traceback above",
    ),
    "cli_schedule_ran": (
        "定时任务：已运行 {jobs}（{trigger}），数据截至 {day}——网站 {site}{published}",
        "Schedule: ran {jobs} ({trigger}) as of {day} — site {site}{published}",
    ),
    "cli_schedule_published": ("，已发布到 {dest}", ", published to {dest}"),
    "cli_scheduling": (
        "定时构建 {root}：每天 {daily}，每周 {weekly}，每月 {monthly} 日（{zone}）；每 {tick} 秒检查一次。按 Ctrl+C 停止。",
        "Scheduling {root}: daily at {daily}, weekly on {weekly}, monthly on day {monthly} ({zone}); checking every {tick} s. Ctrl+C stops.",
    ),
    "cli_schedule_stopped": ("定时任务已停止——网站 {site}", "Scheduler stopped — site {site}"),
    "cli_as_of_outside": (
        "{day} 不在 {window} 内。请给出这个范围内的日期，或在 opsreport.toml 里用 plausible_past_years / plausible_future_days 放宽范围",
        "{day} lies outside {window}. Give a date in that window, or widen it with plausible_past_years / plausible_future_days in opsreport.toml",
    ),
    "cli_build_wait": (
        "正在等待 {root} 的另一次构建（进程 {pid}）结束…",
        "waiting for another build of {root} (pid {pid}) to finish…",
    ),
    "cli_store_busy": (
        "数据库正被一次构建使用（进程 {pid}）；等待它读完导出文件…",
        "the store is in use by a build (pid {pid}); waiting for it to finish reading the exports…",
    ),
    "cli_store_busy_timeout": (
        "{seconds} 秒后数据库 {db} 仍被一次构建使用（进程 {pid}）——构建结束后再运行这个命令",
        "the store {db} is still in use by a build (pid {pid}) after {seconds} s — run this command again when the build has ended",
    ),
    # import status
    "status_title": ("数据导入状态", "Import status"),
    "status_lead": (
        "报表的计算日期为 **{as_of}**。下表列出每类数据最新到哪一天、是否已是后台能提供的最新数据。",
        "The report is computed as of **{as_of}**. Below: how far each kind of data reaches, and whether it is as fresh as the backend allows.",
    ),
    "status_kinds": ("各类数据", "Data held"),
    "status_rejected": ("被拒绝的文件", "Rejected files"),
    "status_rejected_none": ("没有被拒绝的文件。", "No file was rejected."),
    "status_rejected_lead": (
        "这些文件没有导入，其他文件不受影响。按「怎么办」处理后再运行一次即可。",
        "These files were not ingested; the other files were. Do what the last column says and run again.",
    ),
    "status_skipped": ("跳过的文件（重复或未读取）", "Skipped files (duplicates or not read)"),
    "status_recent": (
        "已导入的文件（按周期最新的 {n} 个，共 {total} 个）",
        "Ingested files ({n} with the latest periods, of {total})",
    ),
    # rows left out, cells emptied, ids restored (issue 12 item 3; issue 13 plausibility)
    "status_rows": ("被拒绝的行与恢复的 ID", "Rows left out and ids restored"),
    "status_rows_lead": (
        "这些文件已导入，但其中的某些行没有导入（读不出的值、负数、日期不合理），或商品ID按标题恢复。行号与 Excel 中看到的一致（含表头上方的说明行）。改正后重新导出或保存，再运行一次即可。",
        "These files were ingested, but some of their rows were left out (unreadable values, negative numbers, implausible dates) or a product id was restored by its title. Row numbers are the ones Excel shows (the lines above the header counted). Correct them, export or save again and run again.",
    ),
    "status_rows_more": (
        "…… 另有 {n} 条未列出（运行报表的同事可在命令行的导入状态中查看全部）。",
        "… and {n} more not listed (whoever runs the report sees them all in the command line's import status).",
    ),
    "col_row": ("行", "Row"),
    "col_column": ("列", "Column"),
    "col_value": ("值", "Value"),
    "col_row_problem": ("问题", "Problem"),
    "partial_day": (
        "部分数据：{n} 行被拒绝，见[导入状态]({link})。本页的合计不含这些行。",
        "Partial data: {n} row(s) rejected, see the [import status]({link}). This page's totals leave them out.",
    ),
    "rowprob_line": (
        "第 {row} 行 {column}：{problem} → {fix}",
        "Excel row {row}, {column}: {problem} → {fix}",
    ),
    "rowprob_not_id": ("{v} 不是产品ID", "'{v}' is not a product id"),
    "rowprob_lost_digits": (
        "{v} 丢了位数（表格软件把 ID 缩短了），按标题也找不到对应的产品",
        "'{v}' lost digits (a spreadsheet shortened the id) and its title names no known product",
    ),
    "rowprob_lost_digits_ambiguous": (
        "{v} 丢了位数（表格软件把 ID 缩短了），同一标题有 {d} 个已知产品都可能是它",
        "'{v}' lost digits (a spreadsheet shortened the id) and {d} known products with its title fit it",
    ),
    "rowprob_restored": ("{v} 按标题恢复为 {d}", "'{v}' lost digits; restored to {d} by its title"),
    "rowprob_not_flag": ("{v} 不是 Y/N", "'{v}' is not Y/N"),
    "rowprob_not_number": ("{v} 不是数字", "'{v}' is not a number"),
    "rowprob_not_whole": ("{v} 不是整数", "'{v}' is not a whole number"),
    "rowprob_negative": ("{v} 是负数", "'{v}' is negative"),
    "rowprob_too_large": ("{v} 太大", "'{v}' is too large"),
    "rowprob_not_rate": ("{v} 不是百分比", "'{v}' is not a percentage"),
    "rowprob_not_datetime": (
        "{v} 不是日期时间（YYYY-MM-DD HH:MM）",
        "'{v}' is not a date and time (YYYY-MM-DD HH:MM)",
    ),
    "rowprob_not_date": ("{v} 不是日期（YYYY-MM-DD）", "'{v}' is not a date (YYYY-MM-DD)"),
    "rowprob_outside_window": (
        "{v} 不在合理日期范围 {d} 内",
        "'{v}' lies outside the plausible dates {d}",
    ),
    "rowprob_missing": ("是空的", "is empty"),
    "rowfix_not_id": (
        "把产品ID写成纯数字（Excel 中先把该列设为文本格式）",
        "write the product id as digits (format the column as Text in Excel first)",
    ),
    "rowfix_lost_digits": (
        "重新从后台导出，不要用 Excel 打开后另存为 CSV；或先把 ID 列设为文本格式再保存",
        "export it again from the backend and do not re-save it in Excel, or format the id column as Text before saving",
    ),
    "rowfix_lost_digits_ambiguous": (
        "重新从后台导出，不要用 Excel 打开后另存为 CSV；或先把 ID 列设为文本格式再保存",
        "export it again from the backend and do not re-save it in Excel, or format the id column as Text before saving",
    ),
    "rowfix_restored": (
        "无需处理；以后导出后不要用 Excel 另存，或先把 ID 列设为文本格式",
        "nothing to do; next time do not re-save the export in Excel, or format the id column as Text first",
    ),
    "rowfix_not_flag": ("填写 Y 或 N", "write Y or N"),
    "rowfix_not_number": ("填写数字，不带文字或单位", "write a number without text or units"),
    "rowfix_not_whole": ("填写整数", "write a whole number"),
    "rowfix_negative": (
        "次数和金额不能小于零：改正该值，或重新导出",
        "counts and amounts are never below zero: correct the value or export the file again",
    ),
    "rowfix_too_large": (
        "改正该值（多半是粘贴错了或多打了数字）",
        "correct the value (probably a pasted id or a typo)",
    ),
    "rowfix_not_rate": ("填写百分比，如 1.15%", "write a percentage like 1.15%"),
    "rowfix_not_datetime": (
        "按后台显示的北京时间填写，如 2026-11-21 09:30",
        "write the date and time like 2026-11-21 09:30",
    ),
    "rowfix_not_date": ("按 2026-11-21 的格式填写日期", "write the date like 2026-11-21"),
    "rowfix_outside_window": (
        "检查日期（多半是年份写错）；合理范围见设置 plausible_past_years / plausible_future_days",
        "check the date (most likely its year); the settings plausible_past_years / plausible_future_days set the plausible dates",
    ),
    "rowfix_missing": ("填写 {column}，或删除该行", "fill in {column} or delete the row"),
    "window_explain": (
        "合理日期范围 {window}（店铺最早数据或今天之前 {years} 年，到今天之后 {days} 天）",
        "the plausible dates {window} (from {years} years before the store's earliest data or today, to {days} days after today)",
    ),
    "fresh_ok": ("最新", "up to date"),
    "fresh_late": ("缺 {n} 期", "{n} behind"),
    "gran_day": ("日", "day"),
    "gran_week": ("周", "week"),
    "gran_month": ("月", "month"),
    "gran_range": ("其他", "other"),
    # inputs page (数据说明): what to download, from where, under which name
    "inputs": ("数据说明", "Inputs"),
    "in_title": ("数据说明：要下载和填写哪些文件", "Inputs: which files to download and fill"),
    "in_lead": (
        "网站的每个数字都来自放进工作目录 `exports/` 文件夹的文件：后台导出的文件（下载后原样放入），以及后台不能导出、由运营人员按模板填写的表格。"
        "放好文件后运行 `opsreport build`。文件的种类按表头识别（中文表头，或下表中的英文表头），不只看文件名；"
        "`.xls`、`.xlsx` 以及另存为 CSV（UTF-8 或 GB18030）的文件都能读取，也可以放在 `exports/` 的子文件夹里。"
        "已导入过的文件（内容相同）会跳过；原始文件保存在 `store/originals/`，所以 `exports/` 可以清空。读取失败的文件列在「数据导入状态」页，附原因和处理方法。",
        "Every figure of the site comes from the files in the workspace's `exports/` folder: the backend's exports (dropped in as downloaded) "
        "and the sheets the operators fill from templates for the pages the backend cannot export. Then run `opsreport build`. "
        "A file's kind is found by its headers (Chinese, or the English headers listed below), never by its name alone; "
        "`.xls`, `.xlsx` and CSV re-saves (UTF-8 or GB18030) are all read, also from sub-folders of `exports/`. "
        "A file already ingested (same content) is skipped; the originals are kept in `store/originals/`, so `exports/` can be emptied. "
        "Files that cannot be read are listed on the Import status page with the reason and the fix.",
    ),
    "in_routine": (
        "**最重要的是产品分析导出**（{products}，文件 `{file}`）：每天下载前一个完整日（T-2），每周二下载上一周（周日至周六），每月 3 日下载上个月。"
        "每周二再下载引流关键词（{keywords}）。直通车报告、关键词指数和各个手工表格按下表下载或填写：缺少某类数据时，用到它的部分会说明需要补哪个文件。",
        "**The product analysis export matters most** ({products}, file `{file}`): every day the last final day (T-2), every Tuesday the week before (Sunday–Saturday), on the 3rd the month before. "
        "Every Tuesday also the traffic keywords (引流关键词, {keywords}). The P4P reports, the keyword index and the operator sheets as listed below: "
        "where a kind is missing, the section that needs it says which file to add.",
    ),
    "in_periods_title": ("日期与周期", "Dates and periods"),
    "in_periods": (
        "- 数据参谋的统计日期是**美国太平洋时间**；询盘（消息中心）用北京时间，所以两边的询盘数不会完全一致。\n"
        "- 每周为**周日至周六**。每日数据 T-2 后完整，周数据每周二、月数据每月 3 日发布。\n"
        "- 后台导出文件的周期取自第一行（如 `时间周期2026-11-15~2026-11-21`），没有时取文件名中的日期（即周期的最后一天，如 `Products-2026-11-21.xls`）；"
        "按行记日期的表格取其日期列的范围。周期长度决定是日、周还是月数据。\n"
        "- 同一周期再次导出的文件会替换之前的数字（两份都保存）；浏览器重复下载的 `(1)` 文件会被跳过。\n"
        "- 产品ID 被 Excel 改成 `1.6e+12` 之类的科学计数法时，请把该列设为文本后重新保存。",
        "- Data Advisor (数据参谋) dates are **US-Pacific**; inquiries (Message Center) use China time, so the two inquiry counts never match exactly.\n"
        "- Weeks run **Sunday to Saturday**. Daily data is final after T-2; weekly data is published on Tuesdays, monthly on the 3rd.\n"
        "- An export's period comes from its first row (e.g. `时间周期2026-11-15~2026-11-21`), else from the date in its file name (the period's last day, e.g. `Products-2026-11-21.xls`); "
        "a sheet dated row by row spans the dates of its date column. The period's length makes it day, week or month data.\n"
        "- A re-export of the same period replaces the earlier numbers (both are kept); browser duplicates `(1)` are skipped.\n"
        "- A product ID that Excel turned into `1.6e+12` must be set to text and saved again.",
    ),
    "in_native_title": ("后台导出文件", "Backend exports"),
    "in_sheets_title": (
        "手工表格（后台不能导出的页面）",
        "Operator sheets (pages the backend cannot export)",
    ),
    "in_sheets_how": (
        "运行 `opsreport templates`，每种表格的 `.xlsx` 模板会写到 `exports/templates/`（该文件夹不会被读取）。"
        "复制一个模板，按其「说明」表和下表从后台页面抄写数字，再以日期命名保存到 `exports/`，例如 `store_overview-2026-11-21.xlsx`。"
        "第 2 行是示例行，留着也会被忽略。",
        "Run `opsreport templates`: an `.xlsx` template for each sheet is written to `exports/templates/` (a folder that is never read). "
        "Copy a template, fill it from the backend page as its Notes sheet and the table below say, and save it into `exports/` under its date, "
        "e.g. `store_overview-2026-11-21.xlsx`. Row 2 is an example row; if it is left in, it is ignored.",
    ),
    "in_details_title": ("每类文件的表头", "The headers of each kind"),
    "in_details_lead": (
        "表头按后台写法（中文）或英文表头都能识别；标为「必需」的列缺少时该文件不会导入，其他列可以没有。",
        "Headers are recognised as the backend writes them (Chinese) or by their English names; a file lacking a required column is not ingested, the other columns may be absent.",
    ),
    "in_col_kind": ("数据", "Data"),
    "in_col_source": ("后台位置", "Where in the backend"),
    "in_col_file": ("文件名", "File name"),
    "in_col_signature": ("识别用的表头", "Headers that identify it"),
    "in_col_how": ("怎么填", "How to fill it"),
    "in_col_header": ("表头", "Header"),
    "in_col_aliases": ("英文表头 / 其他写法", "English header / other spellings"),
    "in_col_type": ("格式", "Format"),
    "in_col_required": ("必需", "Required"),
    "in_col_choices": ("可填的值", "Allowed values"),
    "in_required": ("必需", "required"),
    "in_optional": ("可选", "optional"),
    "in_where": ("后台位置：{where}", "Where in the backend: {where}"),
    "in_file": ("文件名：`{file}`", "File name: `{file}`"),
    "in_period_file": (
        "周期：第一行的时间周期，或文件名中的日期（周期最后一天）",
        "Period: the first row's 时间周期, or the date in the file name (the period's last day)",
    ),
    "in_period_weekly": (
        "周期：每周一份；没有时间周期行时，文件名中的日期是这一周的最后一天，按周判断是否最新",
        "Period: one file a week; without a 时间周期 line the date in the file name is the week's last day, and freshness is judged by weeks",
    ),
    "in_period_column": (
        "周期：按「{column}」列逐行记日期；较新的文件按日替换旧的",
        "Period: dated row by row by its {column} column; a newer file replaces an older one day by day",
    ),
    "in_template": (
        "模板：`opsreport templates` 写出 `exports/templates/{file}`。",
        "Template: `opsreport templates` writes `exports/templates/{file}`.",
    ),
    "in_type_id": ("编号（文本）", "ID (text)"),
    "in_type_text": ("文本", "text"),
    "in_type_int": ("整数", "whole number"),
    "in_type_float": ("数字", "number"),
    "in_type_rate": ("百分比，如 1.15%", "percentage, e.g. 1.15%"),
    "in_type_flag": ("Y / N", "Y / N"),
    "in_type_date": ("日期，如 2026-11-21", "date, e.g. 2026-11-21"),
    "in_type_datetime": ("日期时间，如 2026-11-21 09:30", "date and time, e.g. 2026-11-21 09:30"),
    "status_see_inputs": (
        "要下载或填写哪些文件、在后台哪里，见[数据说明](inputs.md)。",
        "Which files to download or fill, and where in the backend: see [Inputs](inputs.md).",
    ),
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
    "unit_yuan": ("元", "CNY"),
    "unit_hours": ("小时", "h"),
    "header_unit": ("{label}（{unit}）", "{label} ({unit})"),
    # weekly report (issue 6): keys go below this line
    "wk_todo": ("本周待办", "To do this week"),
    "wk_section_todo": ("本节待办", "To do"),
    "sec_wk_peers": ("与同行对比", "Against peers"),
    "sec_wk_mix": ("流量结构", "Traffic mix"),
    "sec_wk_regions": (
        "买家地域：哪些国家转化，哪些不精准",
        "Regions: which convert, which are imprecise",
    ),
    "sec_wk_p4p": ("直通车策略", "P4P strategy"),
    "sec_wk_stars": ("实力优品", "Strong products (growth score)"),
    "sec_wk_keywords": ("关键词覆盖与排名", "Keyword coverage and rank"),
    "sec_wk_showcase": ("橱窗", "Showcase"),
    # each section's one-line finding (summary first, render/findings.py) and its folded details
    "fd_peers": (
        "{n} 项指标中 {below} 项低于同行平均",
        "{below} of {n} figures below the peer average",
    ),
    "fd_mix": (
        "最大来源：{group}，占 {share}（参考 {reference}）",
        "Largest source: {group}, {share} (reference {reference})",
    ),
    "fd_regions": (
        "{n} 个国家/地区：{good} 个有转化，{bad} 个点击多却没有询盘",
        "{n} countries: {good} convert, {bad} have clicks without inquiries",
    ),
    "fd_p4p": (
        "直通车：{period}花费 {spend} 元，{inquiries} 条询盘，{words} 个词待处理",
        "P4P: {spend} CNY spent {period}, {inquiries} inquiries, {words} words to handle",
    ),
    "fd_stars": (
        "{fell} 个产品评分下降，{near} 个差一点到 {target} 分",
        "{fell} products' scores fell, {near} are just under {target}",
    ),
    "fd_keywords_ranks": (
        "{page1}/{words} 个词在首页（{share}，目标 {target}）",
        "{page1} of {words} words on page 1 ({share}, target {target})",
    ),
    "fd_keywords_top10": ("{n} 个词与 Top10 对比", "{n} words against the Top10"),
    "fd_keywords_plan": ("{n} 个未覆盖词待发布", "{n} uncovered words to publish"),
    "fd_showcase": (
        "{slots} 个橱窗位，询盘占 {share}（目标 {target}），{candidates} 个候选",
        "{slots} showcase slots, {share} of inquiries (target {target}), {candidates} candidates",
    ),
    "fd_rising": ("{n} 个产品曝光上升", "{n} products rising in impressions"),
    "fd_categories": (
        "{n} 个类目；曝光最多：{top}（占 {share}）",
        "{n} categories; most impressions: {top} ({share})",
    ),
    "fd_owners": (
        "{n} 位负责人；询盘最多：{top}（{inquiries} 条）",
        "{n} owners; most inquiries: {top} ({inquiries})",
    ),
    "fd_products": ("{n} 个产品，{inquiries} 个有询盘", "{n} products, {inquiries} with inquiries"),
    "fold_summary": ("明细：{what}（点击展开）", "Details: {what} (click to open)"),
    "fold_tables": ("{n} 个表格", "{n} table(s)"),
    "fold_charts": ("{n} 个图表", "{n} chart(s)"),
    "wk_funnel_note": (
        "各类目的转化漏斗：曝光 → 点击 → 访客 → 询盘。",
        "The funnel per category: impressions → clicks → visitors → inquiries.",
    ),
    "wk_what_peers": (
        "本期与同行平均、同行优秀的对比",
        "this period against the peer average and the best peers",
    ),
    "wk_what_mix": (
        "各渠道访客占比，旁附平台整体流量结构作参考",
        "each channel group's share of visitors, beside the platform-wide mix as a reference",
    ),
    "wk_what_regions": (
        "各国家的点击与询盘，以及有点击没询盘的国家",
        "clicks and inquiries per country, and the countries with clicks but no inquiry",
    ),
    "wk_what_p4p_account": (
        "直通车本期的花费、点击率、平均点击花费与推广时长",
        "the period's P4P spend, CTR, CPC and promotion hours",
    ),
    "wk_what_p4p_keywords": (
        "每个推广词的花费、询盘与点击率诊断",
        "each P4P word's spend, inquiries and CTR diagnosis",
    ),
    "wk_what_p4p_products": (
        "每个推广产品的花费与询盘",
        "each promoted product's spend and inquiries",
    ),
    "wk_what_stars": (
        "成长分下降的产品和差一点到实力优品的产品",
        "products whose growth score fell and products just short of a strong product",
    ),
    "wk_what_top10": (
        "每个词我的曝光、点击与 Top10 平均的对比",
        "my impressions and clicks per word against the Top10 average",
    ),
    "wk_what_ranks": (
        "主词的排名（页码、位置）、首页占比和双曝光",
        "the rank of the tracked words (page, position), page-1 share and double exposure",
    ),
    "wk_what_showcase": (
        "橱窗产品的询盘占比、实力优品占比和建议替换的产品",
        "the showcase's inquiry share, strong-product share and products to swap",
    ),
    "wk_mine": ("我的", "Mine"),
    "wk_peer_avg": ("同行平均", "Peer average"),
    "wk_peer_best": ("同行优秀", "Best peers"),
    "wk_gap_avg": ("比同行平均", "vs peer average"),
    "wk_gap_best": ("比同行优秀", "vs best peers"),
    "wk_this_week": ("本周", "This week"),
    "wk_last_week": ("上周", "Last week"),
    "wk_showcase_products": ("橱窗产品数", "Showcase products"),
    "wk_p4p_ctr": ("直通车点击率", "P4P CTR"),
    # a to-do item's size, owner and age (render/todo.py), and the rest of a long list
    "todo_stake": ("涉及 {amount} {unit}/{period}", "{amount} {unit}/{period} at stake"),
    "todo_stake_unspent": (
        "预算剩余 {amount} 元/{period}",
        "{amount} CNY/{period} of budget unspent",
    ),
    "todo_stake_open": ("涉及 {amount} 条待回复询盘", "{amount} inquiries waiting"),
    "todo_unit_yuan": ("元", "yuan"),
    "todo_unit_leads": ("条询盘", "inquiries"),
    "todo_unit_impressions": ("次曝光", "impressions"),
    "todo_unit_clicks": ("次点击", "clicks"),
    "todo_unit_visitors": ("位访客", "visitors"),
    "todo_period_day": ("天", "day"),
    "todo_period_week": ("周", "week"),
    "todo_period_month": ("月", "month"),
    "todo_owner": ("负责人 {owner}", "owner {owner}"),
    "todo_since_day": ("已持续 {n} 天（自 {since}）", "open {n} days (since {since})"),
    "todo_since_week": (
        "已持续 {n} 周（自 {start}~{since} 那周起）",
        "open {n} weeks (since the week {start}~{since})",
    ),
    "todo_since_month": ("已持续 {n} 个月（自 {since}）", "open {n} months (since {since})"),
    "todo_rest": (
        "其余 {n} 条（同样按涉及的金额或询盘排序）",
        "{n} more (ranked the same way, by money or inquiries at stake)",
    ),
    "todo_rest_home": ("其余 {n} 条：{link}", "{n} more: {link}"),
    "wk_p4p_cpc": ("直通车平均点击花费（元）", "P4P avg CPC (CNY)"),
    "wk_pp": ("{v} 个百分点", "{v} pp"),
    "wk_gap_chart": ("近 {n} 周：我的与同行", "Last {n} weeks: mine against peers"),
    "wk_gap_chart_month": ("近 {n} 个月：我的与同行", "Last {n} months: mine against peers"),
    "wk_this_month": ("本月", "This month"),
    "wk_period_week": ("本周", "this week"),
    "wk_period_month": ("本月", "this month"),
    "wk_last_month": ("上月", "Last month"),
    "wk_subject": ("对象", "Subject"),
    "wk_group": ("渠道组", "Channel group"),
    "wk_group_scene": ("场景/会场", "Scene/venue"),
    "wk_group_paid": ("付费", "Paid"),
    "wk_group_natural": (
        "自然（私域、自然排名、买家偏好）",
        "Natural (store-own traffic, natural ranking, buyer preference)",
    ),
    "wk_group_other": ("其他（未分组）", "Other (no group)"),
    "wk_share": ("占比", "Share"),
    "wk_target": ("平台整体参考（非目标）", "Platform-wide reference (not a target)"),
    "wk_mix_note": (
        "店铺访客按渠道分组的占比。旁边是平台整体的流量结构（场景/会场约 45%、付费约 45%、自然约 10%，"
        "自然含私域：店内、站内收藏、直接访问），只作参考，不是本店的目标，与它的差距不算待办。",
        "Store visitors by channel group. Beside them, the platform-wide mix (about 45 % scene/venue, "
        "45 % paid, 10 % natural; natural includes store-own traffic, favourites and direct visits), "
        "a reference, not this store's target: a gap to it is no to-do item.",
    ),
    "wk_regions_note": (
        "不精准：{period}搜索点击至少 {n} 次却没有询盘的国家，可考虑从地域推广中去掉。",
        "Imprecise: countries with at least {n} search clicks {period} and no inquiry; candidates to cut from regional P4P.",
    ),
    "wk_regions_note_low": (
        "不精准：{period}搜索点击至少 {n} 次却没有询盘的国家。地域推广需要直通车成长等级 {need} 及以上，本店是 {level}：还不能按国家去掉，先把成长分提上去。",
        "Imprecise: countries with at least {n} search clicks {period} and no inquiry. Regional P4P needs growth level {need} or above and the store is at {level}: countries cannot be cut yet; raise the growth score first.",
    ),
    "wk_regions_note_unknown": (
        "不精准：{period}搜索点击至少 {n} 次却没有询盘的国家。只有直通车成长等级达到 {need} 才能做地域推广、去掉这些国家；没有直通车成长分表，本店等级未知。",
        "Imprecise: countries with at least {n} search clicks {period} and no inquiry. Only from P4P growth level {need} on can regional P4P cut these countries; without the P4P growth sheet the store's level is unknown.",
    ),
    "wk_per_click": ("询盘人数/点击", "Buyers per click"),
    "wk_verdict": ("判断", "Verdict"),
    "wk_verdict_converts": ("有转化", "converts"),
    "wk_verdict_imprecise": ("不精准", "imprecise"),
    "wk_p4p_lead": (
        "{period}直通车花费 {spend} 元，点击 {clicks}，点击率 {ctr}，平均点击花费 {cpc} 元，日均推广 {hours} 小时，预算使用率 {use}。",
        "{period_cap} P4P spent ¥{spend} for {clicks} clicks: CTR {ctr}, CPC ¥{cpc}, {hours} h a day, budget use {use}.",
    ),
    "wk_p4p_words": (
        "推广词：花费与询盘（前 {n} 个，共 {total} 个，完整表格见下载）",
        "P4P words: spend and inquiries ({n} of {total}; the download has all)",
    ),
    "wk_p4p_products": ("推广产品：花费与询盘", "Promoted products: spend and inquiries"),
    "wk_diagnosis": ("诊断", "Diagnosis"),
    "wk_report_covers": (
        "数据来自覆盖 {start} 至 {end} 的报表（{days} 天，只用这段时间内、同一长度的报表）。",
        "From the reports covering {start} to {end} ({days} days; only reports inside the period, of one length).",
    ),
    "wk_diag_abnormal": ("异常词（点击率过低）", "abnormal (CTR too low)"),
    "wk_diag_no_inquiry": ("有花费无询盘", "spend without inquiry"),
    "wk_diag_waste": ("浪费：点击够多仍无询盘", "waste: enough clicks, no inquiry"),
    "wk_diag_no_clicks": ("有花费无点击", "spend without a click"),
    "wk_diag_low_ctr_word": ("点击率低：问题在词", "low CTR: the word"),
    "wk_diag_low_ctr_product": ("点击率低：问题在产品", "low CTR: the products"),
    "wk_diag_low_ctr_both": (
        "点击率低：词和产品都有问题",
        "low CTR: both the word and the products",
    ),
    "wk_ctr_diagnosis": ("点击率诊断", "CTR diagnosis"),
    "wk_ctr_note": (
        "点击率低于全部推广词点击率的 {ratio} 即为低。一个词在多个产品上都低 → 问题在词；一个产品在多个词上都低 → 问题在产品的主图或标题。",
        "Low: a CTR under {ratio} of all P4P words' CTR. One word low across products → the word; one product low across words → its image or title.",
    ),
    "wk_subject_keyword": ("关键词", "keyword"),
    "wk_subject_product": ("产品", "product"),
    "wk_blame_word": ("问题在词：换词或改匹配方式", "the word: change it or its match"),
    "wk_blame_product": ("问题在产品：优化主图和标题", "the product: improve its image and title"),
    "wk_blame_both": (
        "词和产品都偏低：换更精准的词，同时优化主图和标题",
        "both: narrow the word and improve the image and title",
    ),
    "wk_reference": ("参考点击率", "Reference CTR"),
    "wk_cpc_trend": (
        "近 {n} 周平均点击花费从 {first} 元变为 {last} 元。",
        "Over the last {n} weeks the CPC went from ¥{first} to ¥{last}.",
    ),
    "wk_cpc_drivers": ("拉高平均点击花费的词", "Words that pull the CPC up"),
    "wk_excess": ("多花的钱（元）", "Extra spend (CNY)"),
    "wk_campaigns": ("推广计划：推广时长与预算使用", "Campaigns: hours and budget use"),
    "wk_campaign": ("推广计划", "Campaign"),
    "wk_hours_per_day": ("日均推广时长（小时）", "Hours a day"),
    "wk_budget": ("日预算（元）", "Daily budget (CNY)"),
    "wk_scores_of": ("成长分数据日期：{day}。", "Growth scores of {day}."),
    "wk_score_fell": ("成长分下降的产品", "Products whose growth score fell"),
    "wk_score_fell_none": ("没有产品的成长分下降。", "No product's growth score fell."),
    "wk_score": ("成长分", "Score"),
    "wk_score_prev": ("之前", "Before"),
    "wk_quality": ("信息质量分", "Information quality"),
    "wk_quality_prev": ("之前信息质量分", "Quality before"),
    "wk_tier": ("分层", "Tier"),
    "wk_tier_prev": ("之前分层", "Tier before"),
    "wk_fell_quality": (
        "（信息质量分从 {before} 降到 {now}）",
        " (information quality fell from {before} to {now})",
    ),
    "wk_star_band": (
        "{low}–{high} 分的产品：差一点到 {target} 分",
        "Products at {low}–{high}: just short of {target}",
    ),
    "wk_gap_to": ("距 {target} 分", "Gap to {target}"),
    "wk_none": ("没有。", "None."),
    "wk_vs_top10": (
        "我的曝光、点击与 Top10 平均（前 {n} 个词，共 {total} 个）",
        "My impressions and clicks against the Top10 average ({n} of {total} words)",
    ),
    "wk_my_impressions": ("我的曝光", "My impressions"),
    "wk_my_clicks": ("我的点击", "My clicks"),
    "wk_top10_impressions": ("Top10 平均曝光", "Top10 avg impressions"),
    "wk_top10_clicks": ("Top10 平均点击", "Top10 avg clicks"),
    "wk_vs_top10_share": ("我的/Top10", "Mine ÷ Top10"),
    "wk_uncovered": (
        "未覆盖的词（{n} 个）：同行有曝光，但没有在线产品的标题或关键词包含它们。发布计划：每天 {per_day} 个新品。",
        "Uncovered words ({n}): peers get impressions, no live product's title or keywords hold them. Plan: {per_day} new products a day.",
    ),
    "wk_suggested_day": ("建议发布日", "Suggested day"),
    "wk_in_plan": ("新品计划", "In plan"),
    "wk_planned": ("已列入", "planned"),
    "wk_uncovered_latest": (
        "未覆盖词和发布计划见最新一周的周报：[周报列表](../weekly/index.md)的第一周（覆盖情况按关键词库的当前状态判断）。",
        "Uncovered words and the publishing plan are on the latest week's page: the first in the [list of weeks](../weekly/index.md) (coverage is the keyword library's current state).",
    ),
    "wk_rank_lead": (
        "{day} 的排名查询：{words} 个词中 {page1} 个自然排名在首页（{share}，目标 {target}；直通车位置不算）；{double} 个词同一产品自然和直通车都在首页（双曝光）。",
        "Rank check of {day}: {page1} of {words} words on page 1 organically ({share}; target {target}; P4P positions not counted); {double} words have one product on page 1 both organically and by P4P (double exposure).",
    ),
    "wk_shown": (
        "显示前 {n} 个，共 {total} 个，完整列表见下载。",
        "{n} of {total} shown; the download has all.",
    ),
    "wk_p4p_position": ("直通车位置", "P4P position"),
    "wk_organic_page": ("自然页码", "Organic page"),
    "wk_p4p_page": ("直通车页码", "P4P page"),
    "wk_position": ("位置", "Position"),
    "wk_page1": ("自然首页", "Organic page 1"),
    "wk_double": ("双曝光", "Double exposure"),
    "wk_showcase_lead": (
        "{slots} 个橱窗产品带来{period}询盘的 {share}（目标 ≥ {target}）；其中 {stars} 个是实力优品（{star_share}，目标 ≥ {star_target}）。",
        "{slots} showcase products brought {share} of the inquiries {period} (target ≥ {target}); {stars} of them are strong products ({star_share}; target ≥ {star_target}).",
    ),
    "wk_showcase_weakest": ("最弱的橱窗产品（建议换下）", "Weakest showcase products (swap out)"),
    "wk_rising": (
        "搜索曝光上升的橱窗外产品（周报要连续两周上升；建议加入橱窗，还不在直通车的也加入直通车）",
        "Products outside the showcase whose search impressions rise (two weeks running on the weekly page): add them to the showcase, and to P4P if not in it yet",
    ),
    "wk_in_p4p": ("已在直通车", "In P4P"),
    "wk_showcase_kept": (
        "不建议换下：{ids}（唯一的橱窗产品或店铺搜索曝光第一）。",
        "Not to swap out: {ids} (the only showcase product or the store's #1 by search impressions).",
    ),
    "wk_showcase_candidates": (
        "最好的非橱窗产品（建议换上）",
        "Best products outside the showcase (swap in)",
    ),
    #
    #
    # monthly review and archive (issue 7): keys go below this line
    "archive": ("月度归档", "Archive"),
    "mr_final_note": (
        "本月已于 {day} 定稿，归档见 [月度归档](../archive/index.md)。",
        "This month became final on {day}; see the [archive](../archive/index.md).",
    ),
    "mr_draft_note": (
        "本月将于 {day} 定稿（次月 3 日）；之前每次生成都会更新本页，定稿后冻结进月度归档。",
        "This month becomes final on {day} (the 3rd of the next month); until then every build updates this page, then it is frozen into the archive.",
    ),
    "mr_todo": ("本月要做", "To do this month"),
    "mb_title": ("{month} 月度概览", "{month} at a glance"),
    "mb_value": ("{month} 全月", "{month}, whole month"),
    "mb_no_last_year": (
        "同比：没有去年同月（{month} 的去年同月）的数据，无法比较。",
        "Vs last year: no data for the same month last year, nothing to compare {month} with.",
    ),
    "mb_p4p": (
        "P4P（直通车）{month} 花费 **{spend} 元**（{days} 天）· P4P 产品带来询盘 **{inquiries} 条** · 每条询盘成本 **{cpl} 元**",
        "P4P {month}: spend **CNY {spend}** ({days} days) · inquiries from promoted products **{inquiries}** · cost per inquiry **CNY {cpl}**",
    ),
    "mb_p4p_no_inquiries": (
        "P4P（直通车）{month} 花费 **{spend} 元**（{days} 天）；没有 P4P 产品报表的询盘数，无法算每条询盘成本。",
        "P4P {month}: spend **CNY {spend}** ({days} days); no P4P product report with inquiries, so no cost per inquiry.",
    ),
    "mb_no_p4p": (
        "P4P（直通车）：{month} 没有 P4P 账户报表数据，花费与询盘成本无法计算。",
        "P4P: no P4P account report for {month}; spend and cost per inquiry cannot be given.",
    ),
    "mb_growth": (
        "P4P 成长分等级 **{level}**（{score} 分，{date}）",
        "P4P growth level **{level}** ({score} points, {date})",
    ),
    "mb_no_growth": ("P4P 成长分：没有成长分数据。", "P4P growth score: no growth-score data."),
    "mb_changes": (
        "{month} 变化最大的三项（曝光，与上月比）",
        "{month}: the three biggest changes (impressions, vs the month before)",
    ),
    "mb_no_changes": (
        "没有可比的产品数据：需要本月和上月的月度产品分析导出。",
        "Nothing to compare: the monthly product exports of this month and the month before are needed.",
    ),
    "mb_change_product": (
        "产品 {title}（ID {id}）：{per}曝光 {before} 次（{prev}）→ {now} 次（{month}），{change}；{per}询盘 {inq_before} → {inq_now} 条",
        "Product {title} (ID {id}): impressions{per} {before} ({prev}) → {now} ({month}), {change}; inquiries{per} {inq_before} → {inq_now}",
    ),
    "mb_change_category": (
        "类目 {category}：{per}曝光 {before} 次（{prev}）→ {now} 次（{month}），{change}；{per}询盘 {inq_before} → {inq_now} 条",
        "Category {category}: impressions{per} {before} ({prev}) → {now} ({month}), {change}; inquiries{per} {inq_before} → {inq_now}",
    ),
    "mb_daily": ("日均", " per day"),
    "mb_per_day": (
        "{prev} 有 {days_prev} 天的产品数据、本月 {days} 天，天数不同：按日均比较。",
        "{prev} has product data on {days_prev} days and this month on {days}; totals do not compare: compared per day.",
    ),
    "mb_cause": (
        "。主要原因：产品 {title}（ID {id}），占该类目曝光变化的 {share}",
        ". Mostly: product {title} (ID {id}), {share} of the category's change",
    ),
    "mr_todo_none": (
        "本月复盘没有需要立即处理的事项。",
        "Nothing in this review needs action now.",
    ),
    "mr_weekly_review": ("月度数据复盘", "The month in review"),
    # column headers of the monthly downloads' XLSX
    "col_days_without_effect": ("无效果天数", "Days without effect"),
    "col_keywords": ("关键词", "Keywords"),
    "col_keywords_losing_coverage": ("删除后失去覆盖的词", "Words that lose coverage"),
    "col_verdict": ("结论", "Verdict"),
    "col_best_rank": ("首页最好位置", "Best page-1 position"),
    "col_best_word": ("排在首页的词", "Word on page 1"),
    "col_visitors_prev": ("上月访客数", "Visitors last month"),
    "col_feedback": ("反馈（询盘+TM）", "Feedback (inquiries + TM)"),
    "col_source_words": ("来源词（推断）", "Source words (inferred)"),
    "col_exposure_reason": (
        "高曝光低点击的可能原因",
        "Likely reason for high exposure, low clicks",
    ),
    "col_date": ("日期", "Date"),
    "col_dimension": ("维度", "Dimension"),
    "col_points": ("得分", "Points"),
    "col_max_points": ("满分", "Max points"),
    "col_level": ("等级", "Level"),
    "col_target_score": ("目标分", "Target score"),
    "mr_weekly_review_note": (
        "（周分析按月汇总的部分将在周报功能合并后加入此处。）",
        "(The weekly analysis at month scale will be added here once the weekly report is merged.)",
    ),
    "mr_growth": ("直通车成长分", "P4P growth score"),
    "fd_month_rising": (
        "{n} 个产品近 {days} 天曝光上升",
        "{n} products rising in impressions over the last {days} days",
    ),
    "fd_hot": ("{n} 个热门产品", "{n} hot products"),
    "fd_new": ("本月 {n} 个新品", "{n} new products this month"),
    "fd_new_pending": ("{n} 个计划中未发布", "{n} planned, not yet published"),
    "mr_growth_score": ("成长分", "Growth score"),
    "mr_growth_line": (
        "{date} 成长分 **{score}**（{level}），目标 {target_level}（{target} 分，可开通区域推广），还差 **{gap}** 分。",
        "On {date} the growth score is **{score}** ({level}); the target is {target_level} ({target} points, which unlocks regional promotion): **{gap}** points to go.",
    ),
    "mr_growth_shows": (
        "成长分和等级的变化、距 L4 还差几分、哪些维度能补分",
        "the score and level over time, the distance to L4, and which dimensions can give the missing points",
    ),
    "mr_dimension": ("维度", "Dimension"),
    "mr_points": ("得分", "Points"),
    "mr_max_points": ("满分", "Max"),
    "mr_missing_points": ("可补分", "Missing"),
    "mr_analysis": ("产品分析", "Product analysis"),
    "mr_no_products": (
        "{month} 的月度产品分析（每个产品的四种排序、曝光问题和产品分布图）",
        "the product analysis of {month} (four rankings of every product, exposure problems, the product map)",
    ),
    "mr_traffic_shows": (
        "每个产品的来源词（引流关键词）",
        "each product's source words (traffic keywords)",
    ),
    "mr_source_words": ("来源词（推断）", "Source words (inferred)"),
    "mr_source_words_note": (
        "来源词（推断）：后台没有按产品给出来源词。这里取本月店铺引流关键词报告里有曝光或点击的词，"
        "产品标题包含该词的全部词根就算作它的来源词（按点击、曝光排序，最多 3 个）；"
        "是按标题推断的，不是后台数据，一个词可能同时算到几个产品上。",
        "Source words (inferred): the backend gives no source words per product. These are the "
        "words of the store's traffic keyword reports of the month with impressions or clicks "
        "whose every token the product's title holds (most clicks, then impressions, at most 3); "
        "inferred from the titles, not the backend's data, and one word may count for several products.",
    ),
    "mr_by_inquiries": ("按询盘排序", "By inquiries"),
    "mr_by_feedback": ("按反馈（询盘 + TM 咨询）排序", "By feedback (inquiries + TM chats)"),
    "mr_by_visitors": ("按访客排序（趋势与转化）", "By visitors (trend and conversion)"),
    "mr_by_clicks": ("按点击排序", "By clicks"),
    "mr_none_view": ("本月没有产品。", "No product this month."),
    "mr_inquiry_words": (
        "有询盘的产品的来源词（推断，可加入直通车或关键词库）：{words}",
        "Source words (inferred) of the products with inquiries (candidates for P4P or the keyword library): {words}",
    ),
    "mr_feedback": ("反馈", "Feedback"),
    "mr_visitors_prev": ("上月访客", "Visitors last month"),
    "mr_exposure": ("高曝光低点击", "High exposure, low clicks"),
    "mr_exposure_none": (
        "没有高曝光低点击的产品。",
        "No product with high exposure and low clicks.",
    ),
    "mr_main_word": ("主要来源词", "Main source word"),
    "mr_main_word_ctr": ("该词点击率", "Its CTR"),
    "mr_reason": ("可能原因", "Likely reason"),
    "mr_reason_image_title": (
        "主图或标题不吸引点击：换主图、优化标题",
        "Main image or title: change the image, improve the title",
    ),
    "mr_reason_broad_word": (
        "大词只带曝光不带点击：暂停或降低该词",
        "A broad word that brings nothing: pause it",
    ),
    "mr_map": ("产品分布图", "Product map"),
    "mr_map_note": (
        "每个点是一个产品：横轴曝光、纵轴点击率、点越大询盘越多。右下角是曝光高但点击率低的产品。",
        "One dot per product: impressions across, CTR up, bigger dots have more inquiries. Bottom right: high exposure, low CTR.",
    ),
    "mr_rising": ("上升产品", "Rising products"),
    "mr_no_daily": (
        "按每日产品导出判断的流量上升产品",
        "the products whose traffic is rising, judged from the daily product exports",
    ),
    "mr_rising_shows": (
        "关键词搜索指数的变化（判断上升产品）",
        "how the words' search index moves (to find rising products)",
    ),
    "mr_rising_none": (
        "没有流量和关键词指数同时上升的产品（最近 {days} 天对比之前 {days} 天）。",
        "No product whose traffic and words' search index both rise (last {days} days against the {days} before).",
    ),
    "mr_rising_lead": (
        "截至 {day}，最近 {days} 天搜索曝光明显上升、且关键词搜索指数也在上升的产品（这 {days} 天内新上架的产品不算，见“新品”）——还不在橱窗或直通车的，现在就加入：",
        "As of {day}, products whose search impressions rose over the last {days} days and whose words' search index rises too (products launched within those {days} days are listed under New products instead) — add those not yet in the showcase or P4P now:",
    ),
    "mr_recent": ("最近曝光", "Recent impressions"),
    "mr_before": ("之前曝光", "Impressions before"),
    "mr_rising_words": ("升温的词", "Rising words"),
    "mr_in_showcase": ("已在橱窗", "In showcase"),
    "mr_hot": ("热门产品", "Hot products"),
    "mr_hot_none": (
        "本月没有询盘或 TM 咨询的产品。",
        "No product had inquiries or TM chats this month.",
    ),
    "mr_hot_lead": (
        "询盘和 TM 咨询最多的产品：标题里保留带来点击的词（来源词，推断），只补词、不要大改。"
        "可补充的词只差标题里的一个词根，这个词根在同类目产品的标题里用过，且该词在引流关键词报告里有搜索指数或曝光；"
        "没有类目的产品不给补词建议。",
        "The products with the most inquiries and TM chats: keep the words that bring clicks (source words, inferred); add words, do not rewrite the title. "
        "A word to add misses one token of the title, a token used in the titles of the product's category, and has a search index or impressions in the traffic keyword reports; "
        "a product with no category gets no words to add.",
    ),
    "mr_keep_words": ("保留的词", "Keep"),
    "mr_add_words": ("可补充的词", "Could add"),
    "mr_zero": ("零效果产品", "Zero-effect products"),
    "mr_zero_shows": (
        "超过 90 天没有询盘和 TM 咨询的产品，以及删除它们会丢哪些词",
        "products without inquiry or TM chat for over 90 days, and which words deleting them would lose",
    ),
    "mr_zero_short": (
        "历史数据不足：已有 {n} 天，需要 {days} 天（每日产品导出），还不能判断哪些产品零效果。",
        "Not enough history: {n} days so far, {days} days needed (daily product exports): zero-effect products cannot be told yet.",
    ),
    "mr_zero_none": (
        "截至 {day}，没有超过 {days} 天无效果的在线产品。",
        "As of {day}, no live product has gone {days} days without effect.",
    ),
    "mr_zero_no_words": (
        "没有关键词数据（关键词库为空）：无法判断删除会丢哪些词，先不要删除。",
        "No keyword data (the keyword library is empty): which words a deletion loses cannot be judged; do not delete yet.",
    ),
    "mr_zero_lead": (
        "截至 {day}，{n} 个在线产品超过 {days} 天没有询盘和 TM 咨询：{safe} 个可以安全删除（它们的词都还有其他在线产品覆盖），{unsafe} 个要先把独有的词用到新标题里再删除，{keep} 个还有流量，要优化而不是删除。",
        "As of {day}, {n} live product(s) have had no inquiry and no TM chat for over {days} days: {safe} are safe to delete (another live product covers each of their words), {unsafe} must have their own words re-used in new titles first, {keep} still draw traffic and are to be optimised, not deleted.",
    ),
    "mr_zero_lead_optimise": (
        "其中 {n} 个还有流量（{days} 天内搜索点击超过 {max_clicks} 次，或有关键词排在首页）：优化，不要删除。",
        "Of these, {n} still draw traffic (more than {max_clicks} search clicks in {days} days, or a word on page 1): optimise them, don't delete them.",
    ),
    "mr_optimise_title": (
        "还有流量：优化，不要删除",
        "Still drawing traffic: optimise, don't delete",
    ),
    "mr_verdict_optimise": ("优化，不要删除", "optimise, don't delete"),
    "mr_unsafe_title": ("先覆盖这些词再删除", "Delete only after re-covering these words"),
    "mr_safe_title": ("可以安全删除", "Safe to delete"),
    "mr_zero_days": ("无效果天数", "Days without effect"),
    "mr_losing": ("会丢失的词", "Words losing coverage"),
    "mr_zero_words": ("覆盖的词", "Words covered"),
    "mr_losing_words": ("要用到新标题里的词：{words}", "Words to re-use in new titles: {words}"),
    "mr_verdict_safe": ("可安全删除", "safe to delete"),
    "mr_verdict_recover_first": ("先覆盖词再删除", "re-cover words first"),
    "mr_verdict_no_words": ("无关键词数据", "no keyword data"),
    "mr_new": ("新品", "New products"),
    "mr_new_none": ("{month} 没有新上架的产品。", "No product was published in {month}."),
    "mr_first_seen": ("首次出现", "First seen"),
    "mr_target_words": ("目标关键词", "Target keywords"),
    "mr_plan_shows": ("选品人员的新品计划", "the selection staff's new-product plan"),
    "mr_plan": ("待发布的新品计划", "Planned, not yet published"),
    "mr_plan_date": ("计划日期", "Plan date"),
    "mr_status": ("状态", "Status"),
    "mr_downloads": ("本月下载", "This month's downloads"),
    "archive_title": ("月度归档", "Monthly archive"),
    "archive_lead": (
        "每个月在次月 3 日定稿后冻结在这里，之后的生成不会再改动（需要时可以有意重新冻结某个月，旧版本会保留在旁边）。",
        "Each month is frozen here once final (the 3rd of the next month); later builds never change it (a month can be re-frozen on purpose; the old version is kept beside it).",
    ),
    "archive_count": ("共 {n} 个月已归档。", "{n} month(s) archived."),
    "archive_empty": ("还没有定稿的月份。", "No month is final yet."),
    "archive_frozen_on": ("冻结日期", "Frozen on"),
    "archive_briefs": ("各月概览", "Each month at a glance"),
    "archive_no_brief": (
        "这个月冻结时月报还没有概览，请打开该月月报查看。",
        "This month was frozen before the month brief existed; open its page for its figures.",
    ),
    "archive_previous": ("旧版本", "previous"),
    "archive_banner": (
        "本页是 {month} 月度复盘的冻结版本，冻结于 {day}；之后的生成不会改动它。",
        "This is the frozen review of {month}, frozen on {day}; later builds never change it.",
    ),
    #
    #
    # scheduled builds, publishing and build status (issue 8): keys go below this line
    #
    #
    "build_status": ("构建状态", "Build status"),
    "run_lead": (
        "每次生成报表（手动或定时）都记录在这里（最近 {n} 次，最新的在前）。时间为{tz}。",
        "Every build of the report, by hand or scheduled, is recorded here (the last {n}, newest first). Times are {tz}.",
    ),
    "run_todo": ("需要处理", "To do"),
    "run_alert_failed": (
        "最近一次构建（{time}，{trigger}）没有成功：{error}。网站仍是上一次成功构建的版本。查看运行日志中的完整错误，修好后重新生成报表；定时任务会在下一次检查时按退避间隔自动重试。",
        "The latest build ({time}, {trigger}) did not succeed: {error}. The site is still the last successful build. Read the full error in the run's log, fix it and build the report again; the scheduler retries at its next check, with back-off.",
    ),
    "run_alert_recovered": (
        "上一次构建（{time}，{trigger}）没有成功：{error}。本次构建已成功，网站是最新的；如果同样的错误再次出现，查看运行日志中的完整错误。",
        "The build before this one ({time}, {trigger}) did not succeed: {error}. This build succeeded and the site is current; if the error comes back, read the full error in the run's log.",
    ),
    "run_result_current": ("本次构建", "this build"),
    "run_pages_writing": ("写入中", "being written"),
    "run_recovered": ("已恢复", "Recovered"),
    "run_tz_china": ("北京时间", "China time (Beijing)"),
    "run_footer_time": ("{time}（{tz}）", "{time} ({tz})"),
    "run_last_ok": (
        "最近一次成功构建：**{time}**（{tz}）。",
        "Last successful build: **{time}** ({tz}).",
    ),
    "run_last_ok_none": ("还没有成功完成的构建记录。", "No successful build recorded yet."),
    "privacy_masked": (
        "买家信息：已隐藏。页面和下载中买家只显示姓名缩写，邮箱和电话已打码，询盘内容只显示开头几个字。只有站点不对外公开时，才可在 opsreport.toml 中设置 `show_buyer_details = true` 显示全部。",
        "Buyer details: hidden. Pages and downloads show buyers as initials, e-mails and phone numbers masked, and only the first words of an inquiry. Only when the site is not readable outside the team, set `show_buyer_details = true` in opsreport.toml to show everything.",
    ),
    "privacy_shown": (
        "买家信息：全部显示（`show_buyer_details = true`）。页面和下载中有买家姓名、邮箱、电话和完整询盘内容：请勿把本站发布到团队以外可访问的地方。",
        "Buyer details: shown (`show_buyer_details = true`). Pages and downloads carry buyers' names, e-mails, phone numbers and whole inquiries: do not publish this site where anyone outside the team can read it.",
    ),
    "run_schedule": (
        "定时构建：每天 {time} 构建日报；每{weekday}做周分析；每月 {day} 日做月度复盘并归档（{tz}）。",
        "Scheduled builds: the daily build at {time} every day; the weekly analysis every {weekday}; the monthly review and archive on day {day} of each month ({tz}).",
    ),
    "run_recent": ("最近的运行", "Recent runs"),
    "run_none": (
        "还没有运行记录：每次生成报表（手动或定时）都会记录在这里。",
        "No run recorded yet: every build of the report, by hand or scheduled, is recorded here.",
    ),
    "run_trigger_cli": ("手动", "by hand"),
    "run_trigger_schedule": ("定时", "scheduled"),
    "run_trigger_catch-up": ("补跑", "catch-up"),
    "run_job_build": ("构建", "build"),
    "run_job_daily": ("日报", "daily"),
    "run_job_weekly": ("周分析", "weekly"),
    "run_job_monthly": ("月度复盘与归档", "monthly and archive"),
    "run_result_ok": ("成功", "ok"),
    "run_result_failed": ("失败", "failed"),
    "run_result_running": ("进行中", "in progress"),
    "run_result_interrupted": ("中断（进程被终止）", "interrupted (process killed)"),
    "col_run_started": ("开始", "Started"),
    "col_run_ended": ("结束", "Ended"),
    "col_run_trigger": ("触发", "Trigger"),
    "col_run_jobs": ("任务", "Jobs"),
    "col_run_as_of": ("数据日", "As of"),
    "col_run_files": ("读入文件", "Files ingested"),
    "col_run_pages": ("写入文件", "Files written"),
    "col_run_result": ("结果", "Result"),
    "col_run_error": ("错误", "Error"),
    "last_build": ("最近一次成功构建：", "Last successful build:"),
    "palette_to_dark": ("切换到深色模式", "Switch to dark mode"),
    "palette_to_light": ("切换到浅色模式", "Switch to light mode"),
    "search_from_folder": (
        "从文件夹打开时不能搜索，请用上方的导航找页面",
        "Search does not work on a site opened from a folder: use the navigation above",
    ),
    # keyword library (issue 5)
    "kw_title": ("关键词库", "Keyword library"),
    "kw_lead": (
        "截至 **{as_of}**，共 **{n}** 个词（合并了大小写、标点和英文单复数的写法）。每个词记住它来自哪些数据源、首次与最近出现的日期；曝光、点击、询盘和直通车数字为各数据源最近 {days} 天的合计。",
        "As of **{as_of}**: **{n}** words (spellings differing in case, punctuation or English plural are one word). Each word remembers its sources and when it was first and last seen; impressions, clicks, inquiries and P4P figures are the sums of each source's last {days} days.",
    ),
    "kw_first": ("先做这些", "What to do first"),
    "kw_first_none": (
        "没有需要处理的词：所有词都是「保持」。",
        "No word needs action: every word is 'keep'.",
    ),
    "kw_count_item": (
        "**[{label}]({link})**：{n} 个词 — {action}",
        "**[{label}]({link})**: {n} words — {action}",
    ),
    "kw_keep_item": ("[{label}]({link})：{n} 个词", "[{label}]({link}): {n} words"),
    "kw_chart_title": ("关键词指数与卖家规模指数", "Search index against competition"),
    "kw_chart_note": (
        "每个点是一个词，颜色为状态；虚线为机会词的门槛（关键词指数 ≥ {idx}、卖家规模指数 ≤ {comp}），左上角是机会区。图中为需要处理的词和指数最高的词，共 {shown} 个（全部 {total} 个）。",
        "Each dot is a word, coloured by status; the dashed lines are the opportunity thresholds (index ≥ {idx}, competition ≤ {comp}): the top-left corner is where opportunities lie. Shown: the words needing action and the highest-index others, {shown} of {total}.",
    ),
    "kw_table": ("全部关键词", "All words"),
    "kw_table_note": (
        "输入词语搜索（同时搜索各种写法），按状态或来源筛选，点击表头排序。",
        "Type to search (all spellings are searched), filter by status or source, click a column header to sort.",
    ),
    "kw_download": ("下载", "Download"),
    "kw_noscript": (
        "交互表格需要 JavaScript。全部关键词见 CSV 下载：",
        "The interactive table needs JavaScript. Every word is in the CSV download:",
    ),
    "kw_loading": ("正在加载关键词…", "Loading words…"),
    "kw_search": ("搜索关键词", "Search words"),
    "kw_all_statuses": ("全部状态", "All statuses"),
    "kw_all_sources": ("全部来源", "All sources"),
    "kw_prev": ("上一页", "Previous"),
    "kw_next": ("下一页", "Next"),
    "kw_shown": ("显示 {shown} / {total} 个词", "{shown} of {total} words"),
    "kw_page": ("第 {page} / {pages} 页", "page {page} of {pages}"),
    "kw_none_match": ("没有匹配的词。", "No word matches."),
    "kw_failed": (
        "关键词数据加载失败（直接打开本地文件时浏览器不允许读取数据文件；请通过报表网站的地址打开，或下载 CSV）。",
        "The word data could not be loaded (browsers block data files on pages opened from disk: open the report through the site's address, or download the CSV).",
    ),
    "kw_translated": ("自动翻译", "auto-translated"),
    "kw_original": ("原词", "original"),
    "kw_status_title": ("关键词库 · {label}", "Keyword library · {label}"),
    "kw_status_rule": ("规则", "Rule"),
    "kw_status_action": ("动作", "Action"),
    "kw_status_count": ("共 **{n}** 个词。", "**{n}** words."),
    "kw_status_top": ("优先处理（前 {n} 个，按{by}排序）", "First (top {n}, by {by})"),
    "kw_status_all": ("该状态的全部词", "Every word of this status"),
    "kw_status_none": ("目前没有这种状态的词。", "No word has this status now."),
    "kw_back": ("返回关键词库", "Back to the keyword library"),
    "kw_other_statuses": ("其他状态", "Other statuses"),
    "kw_precedence": (
        "每个词只有一个状态，按以下顺序取第一个成立的规则：{order}。",
        "Each word has one status: the first rule that holds, in this order: {order}.",
    ),
    # the keyword library's status rules
    "kw_rule_risk": (
        "词中含有品牌词或违禁词（配置 keyword_risk_words：{words}）。",
        "The word holds a brand or prohibited word (setting keyword_risk_words: {words}).",
    ),
    "kw_rule_waste": (
        "最近 {days} 天直通车花费 > {spend} 元，但没有点击，或（报表有询盘数时）没有询盘。",
        "In the last {days} days P4P spent more than CNY {spend} on it with no click, or (where the report counts inquiries) no inquiry.",
    ),
    "kw_rule_broad": (
        "每周曝光 > {imp}，点击率 < {ctr}，且没有询盘：带来曝光却没有效果的大词。",
        "More than {imp} impressions a week, CTR below {ctr} and no inquiry: a broad word that brings nothing.",
    ),
    "kw_rule_opportunity": (
        "关键词指数 ≥ {idx} 且卖家规模指数 ≤ {comp}：搜索多、竞争少。",
        "Search index ≥ {idx} and competition (seller scale) ≤ {comp}: much searched, little competition.",
    ),
    "kw_rule_uncovered": (
        "同行有曝光（Top10 平均曝光 > 0）或关键词指数 ≥ {idx}，但我没有任何在线产品的标题包含这个词（自动翻译的词看它的英文原词）。",
        "Peers get impressions on it (Top10 average > 0) or its index is ≥ {idx}, and no live product title of mine holds the word (an auto-translated word counts its English original's products).",
    ),
    "kw_rule_p4p_candidate": (
        "自然流量带来询盘（最近 {days} 天有 ≥ {n} 个搜索过此词的访客询盘），但还没有加入直通车。",
        "It brings inquiries naturally (≥ {n} inquiring visitors searched it in the last {days} days) and is not in P4P.",
    ),
    "kw_rule_natural_candidate": (
        "在直通车中且带来询盘（≥ {n}），卖家规模指数 ≤ {comp}：竞争小，可以争取自然排名。",
        "In P4P with inquiries (≥ {n}) and competition ≤ {comp}: little competition, so it can rank naturally.",
    ),
    "kw_rule_keep": ("以上规则都不成立。", "None of the rules above holds."),
    # sort keys of the library's status pages
    "kw_by_impressions": ("曝光", "impressions"),
    "kw_by_p4p_spend": ("直通车花费", "P4P spend"),
    "kw_by_search_index": ("关键词指数", "search index"),
    "kw_by_top10_impressions": ("Top10 平均曝光", "Top10 impressions"),
    "kw_by_natural_inquiries": ("自然询盘", "natural inquiries"),
    "kw_by_p4p_inquiries": ("直通车询盘", "P4P inquiries"),
    # columns of the library's table and chart
    "kw_col_keyword": ("关键词", "Keyword"),
    "kw_col_variants": ("写法", "Spellings"),
    "kw_col_language": ("语言", "Language"),
    "kw_col_sources": ("来源", "Sources"),
    "kw_col_first_seen": ("首次出现", "First seen"),
    "kw_col_last_seen": ("最近出现", "Last seen"),
    "kw_col_search_index": ("关键词指数", "Search index"),
    "kw_col_index_trend": ("指数变化", "Index trend"),
    "kw_col_competition": ("卖家规模指数", "Competition"),
    "kw_col_impressions": ("曝光", "Impressions"),
    "kw_col_clicks": ("点击", "Clicks"),
    "kw_col_inquiries": ("询盘", "Inquiries"),
    "kw_col_top10_impressions": ("Top10平均曝光", "Top10 impressions"),
    "kw_col_p4p_spend": ("直通车花费(元)", "P4P spend (CNY)"),
    "kw_col_p4p_clicks": ("直通车点击", "P4P clicks"),
    "kw_col_p4p_cpc": ("平均点击花费(元)", "P4P CPC (CNY)"),
    "kw_col_star_rating": ("推广评分", "Stars"),
    "kw_col_covering_products": ("覆盖产品", "Covering products"),
    "kw_col_rank": ("排名(页-位)", "Rank (page-pos)"),
    "kw_col_status": ("状态", "Status"),
    "kw_col_action": ("建议动作", "Action"),
    # headers of keyword-library.xlsx where they differ from the table's
    "kw_xlsx_impressions": ("我的曝光", "My impressions"),
    "kw_xlsx_clicks": ("我的点击", "My clicks"),
    "kw_xlsx_covering_products": ("覆盖产品数", "Covering products"),
    "kw_xlsx_sheet": ("关键词库", "Keyword library"),
    # keyword library: sources, statuses, actions, word languages (generator/analysis/keywords/)
    "kw_source_traffic_keywords": ("引流关键词", "Traffic keywords"),
    "kw_source_keyword_index": ("关键词指数", "Keyword index"),
    "kw_source_p4p_keywords": ("直通车关键词", "P4P keywords"),
    "kw_source_p4p_search_terms": ("直通车买家搜索词", "P4P search terms"),
    "kw_source_visitor_preferred": ("访客偏好词", "Visitors' preferred words"),
    "kw_source_store_search": ("进店搜索词", "Store search terms"),
    "kw_source_rfq": ("RFQ", "RFQ"),
    "kw_source_peers": ("同行店铺", "Peer stores"),
    "kw_source_dropdown": ("搜索下拉词", "Search dropdown"),
    "kw_source_related": ("相关词", "Related words"),
    "kw_source_tools": ("软件采集", "Collected by tools"),
    "kw_source_collected": ("其他收集", "Collected, other"),
    "kw_source_new_products": ("新品计划", "New-product plan"),
    "kw_source_keyword_ranks": ("排名查询", "Rank checks"),
    "kw_label_risk": ("品牌/违禁词风险", "Brand or prohibited word"),
    "kw_label_waste": ("浪费词", "Waste"),
    "kw_label_broad": ("无效大词", "Broad word without effect"),
    "kw_label_opportunity": ("机会词", "Opportunity word"),
    "kw_label_uncovered": ("未覆盖词", "Uncovered"),
    "kw_label_p4p_candidate": ("直通车候选", "P4P candidate"),
    "kw_label_natural_candidate": ("自然排名候选", "Natural-ranking candidate"),
    "kw_label_keep": ("保持", "Keep"),
    "kw_action_avoid": (
        "品牌/违禁词：不要用在标题和直通车里，已用的立即替换",
        "Brand or prohibited word: keep it out of titles and P4P; replace it where used",
    ),
    "kw_action_pause": (
        "暂停：直通车花了钱，没有点击，或点击已足够多仍没有询盘",
        "Pause it: P4P spends on it without a click, or enough clicks brought no inquiry",
    ),
    "kw_action_narrow": (
        "大词无效果：暂停或降低出价，改用更精准的长尾词",
        "Broad word without effect: pause it or lower the bid; use precise long-tail words",
    ),
    "kw_action_publish_opportunity": (
        "机会词且未覆盖：尽快发布标题含此词的新品",
        "Opportunity word no product covers: publish a product titled with it soon",
    ),
    "kw_action_push": (
        "机会词：写进相关产品标题并加入直通车，争取首页",
        "Opportunity word: put it in the covering products' titles and in P4P to reach page 1",
    ),
    "kw_action_publish": (
        "发布标题含此词的新品（发布）",
        "Publish a product whose title holds the word",
    ),
    "kw_action_publish_planned": (
        "已在新品计划中：按计划尽快发布",
        "In the new-product plan: publish it as planned",
    ),
    "kw_action_publish_language": (
        "发布该语种的多语言产品覆盖此词",
        "Publish a multi-language product in the word's language",
    ),
    "kw_action_add_p4p": (
        "加入直通车：自然流量已带来询盘",
        "Add it to P4P: it already brings inquiries naturally",
    ),
    "kw_action_rank_naturally": (
        "优化标题争取自然排名，之后降低直通车出价",
        "Optimise titles to rank naturally, then lower the P4P bid",
    ),
    "kw_action_keep": ("保持", "Keep"),
    "lang_en": ("英语", "English"),
    "lang_zh": ("中文", "Chinese"),
    "lang_es": ("西班牙语", "Spanish"),
    "lang_pt": ("葡萄牙语", "Portuguese"),
    "lang_fr": ("法语", "French"),
    "lang_de": ("德语", "German"),
    "lang_it": ("意大利语", "Italian"),
    "lang_ru": ("俄语", "Russian"),
    "lang_ar": ("阿拉伯语", "Arabic"),
    "lang_ja": ("日语", "Japanese"),
    "lang_ko": ("韩语", "Korean"),
    "lang_th": ("泰语", "Thai"),
    "lang_tr": ("土耳其语", "Turkish"),
    "lang_vi": ("越南语", "Vietnamese"),
    "lang_pl": ("波兰语", "Polish"),
    "lang_he": ("希伯来语", "Hebrew"),
    "lang_el": ("希腊语", "Greek"),
    # to-do items: one message per rule of generator/analysis/rules.py (todo_<rule name>)
    # a product in a to-do item ({product}): its short title and its ID (rules/base.py product_label)
    "todo_product": ("{title}（ID {id}）", "{title} (ID {id})"),
    "todo_missing_data": (
        "{day} 没有产品分析数据：请在后台导出 Products-{day}.xls 放进 exports/。",
        "No product analysis for {day}: export Products-{day}.xls from the backend into exports/.",
    ),
    "todo_anomaly": (
        "{entity} {metric}{direction} {change}{also}{since}，原因：{cause}。查看明细并处理。",
        "{entity} {metric} {direction} {change}{also}{since}; cause: {cause}. Check the detail and act.",
    ),
    "todo_anomaly_plain": (
        "{entity} {metric}{direction} {change}{also}{since}。查看明细并处理。",
        "{entity} {metric} {direction} {change}{also}{since}. Check the detail and act.",
    ),
    "todo_unreplied_inquiries": (
        "{owner} 有 {n} 条询盘超过 {hours} 小时未回复，最久的已等 {oldest} 小时，请立即回复。",
        "{owner} has {n} inquiries unreplied for over {hours} h, the oldest waiting {oldest} h: reply now.",
    ),
    "todo_slow_replies": (
        "平均回复时长 {value} 小时，超过目标 {target} 小时。",
        "Average reply time is {value} h, over the {target} h target.",
    ),
    "todo_low_quality_inquiries": (
        "{n} 条重复或模板询盘，不算新商机；优质询盘（L1+）占 {share}。",
        "{n} duplicate or template inquiries are not new leads; quality (L1+) share {share}.",
    ),
    "todo_p4p_hours": (
        "直通车推广时长 {value} 小时，低于 {target} 小时：检查预算和出价，让推广覆盖全天。",
        "P4P ran {value} h, under {target} h: check budget and bids so ads run all day.",
    ),
    "todo_p4p_budget": (
        "直通车预算使用率 {value}，低于 {target}：预算没花出去，提高出价或增加推广词。",
        "P4P used {value} of its budget, under {target}: raise bids or add words so it is spent.",
    ),
    "todo_language_site": (
        "来自 {subject} 的曝光上升 {change}：发布 {language} 多语言产品。",
        "Impressions from {subject} rose {change}: publish {language} multi-language products.",
    ),
    "todo_peer_gap": (
        "{metric} 比同行平均低 {gap}：对照同行优秀找差距（产品数量、关键词覆盖、直通车）。",
        "{metric} is {gap} below the peer average: compare with the best peers (products, keyword coverage, P4P).",
    ),
    "todo_imprecise_regions": (
        "{n} 个国家有点击没询盘（{subject}）：考虑从地域推广中去掉。",
        "{n} countries get clicks without inquiries ({subject}): consider cutting them from regional P4P.",
    ),
    "todo_abnormal_words": (
        "直通车异常词「{subject}」：曝光 {impressions}、点击率 {ctr}——大词没有点击，改精准匹配或降价。",
        "Abnormal P4P word “{subject}”: {impressions} impressions, CTR {ctr}: a broad word without clicks; narrow the match or lower the bid.",
    ),
    "todo_spend_no_inquiry": (
        "直通车词「{subject}」{period}花费 {spend} 元、{clicks} 次点击，没有询盘（账户点击→询盘率 {rate}，这么多点击零询盘的概率 {chance}）：暂停或降价。",
        "P4P word “{subject}” spent ¥{spend} on {clicks} clicks {period} without an inquiry (account click→inquiry rate {rate}; chance of no inquiry from that many clicks {chance}): pause it or lower its bid.",
    ),
    "todo_spend_no_clicks": (
        "直通车词「{subject}」{period}花费 {spend} 元，没有一次点击：检查匹配方式和出价。",
        "P4P word “{subject}” spent ¥{spend} {period} without a single click: check its match type and bid.",
    ),
    "todo_spend_no_inquiry_more": (
        "另有 {n} 个直通车词同样花了钱没有效果（共 {spend} 元）：见直通车关键词表和下载。",
        "{n} more P4P word(s) spent without effect (¥{spend} in all): see the P4P keyword table and download.",
    ),
    "todo_ctr_word": (
        "「{subject}」点击率 {ctr}，远低于推广词整体的 {reference}：问题在词（大词或不精准），换词或改匹配方式。",
        "“{subject}” has a CTR of {ctr}, far below all words’ {reference}: the word is at fault (broad or off-target); change it or its match.",
    ),
    "todo_ctr_word_of_product": (
        "产品 {product} 点击率 {ctr}，远低于推广词整体的 {reference}，它的推广词也都偏低：问题在词（大词或不精准），换词或改匹配方式。",
        "Product {product} has a CTR of {ctr}, far below all words’ {reference}, and so do its words: the words are at fault (broad or off-target); change them or their match.",
    ),
    "todo_ctr_both": (
        "「{subject}」点击率 {ctr}，远低于推广词整体的 {reference}，和它搭配的词/产品也都偏低：换更精准的词，同时优化主图和标题。",
        "“{subject}” has a CTR of {ctr}, far below all words’ {reference}, and so do the words/products it goes with: narrow the words and improve the image and title.",
    ),
    "todo_ctr_both_of_product": (
        "产品 {product} 点击率 {ctr}，远低于推广词整体的 {reference}，和它搭配的词也都偏低：换更精准的词，同时优化主图和标题。",
        "Product {product} has a CTR of {ctr}, far below all words’ {reference}, and so do the words it goes with: narrow the words and improve the image and title.",
    ),
    "todo_ctr_product": (
        "产品 {product} 点击率 {ctr}，远低于推广词整体的 {reference}：问题在产品，优化主图和标题。",
        "Product {product} has a CTR of {ctr}, far below all words’ {reference}: the product is at fault; improve its main image and title.",
    ),
    "todo_ctr_product_of_word": (
        "「{subject}」点击率 {ctr}，远低于推广词整体的 {reference}，它推广的产品也都偏低：问题在产品，优化这些产品的主图和标题。",
        "“{subject}” has a CTR of {ctr}, far below all words’ {reference}, and so do the products it shows: the products are at fault; improve their main images and titles.",
    ),
    "todo_campaign_hours": (
        "推广计划「{subject}」日均推广 {value} 小时，低于 {target} 小时：提高预算或降低出价。",
        "Campaign “{subject}” runs {value} h a day, under {target} h: raise its budget or lower its bids.",
    ),
    "todo_campaign_hours_budget": (
        "推广计划「{subject}」日均只推广 {hours} 小时，预算却只用了 {use}：不是预算不够，检查推广时段设置和出价（出价太低时全天都拿不到展示）。",
        "Campaign “{subject}” runs only {hours} h a day yet uses only {use} of its budget: not the budget; check its time settings and bids (bids too low win no impressions all day).",
    ),
    "todo_campaign_budget": (
        "推广计划「{subject}」预算使用率 {value}，低于 {target}：加词或提高出价。",
        "Campaign “{subject}” uses {value} of its budget, under {target}: add words or raise bids.",
    ),
    "todo_score_fell": (
        "产品 {product} 成长分从 {before} 降到 {now}{cause}：检查资料并修复。",
        "The growth score of product {product} fell from {before} to {now}{cause}: check and repair its listing.",
    ),
    "todo_star_push": (
        "{n} 个产品在 {low}–{high} 分，差一点到 {target} 分（实力优品）：优先优化 {products}。",
        "{n} products score {low}–{high}, just short of {target} (a strong product): start with {products}.",
    ),
    "todo_uncovered_words": (
        "{n} 个同行有曝光的词没有产品覆盖：按发布计划每天发 {per_day} 个新品（下载表格）。",
        "{n} words peers get impressions on have no product of mine: publish {per_day} new products a day as planned (download).",
    ),
    "todo_page1_share": (
        "自然排名首页词占比 {share}（直通车位置不算），低于目标 {target}：优化排名靠后的主词。",
        "Organic page-1 share of tracked words is {share} (P4P positions not counted), under the {target} target: work on the words ranked low.",
    ),
    "todo_rising_product": (
        "产品 {product} 搜索曝光上升（{trend}）：加入橱窗和直通车。",
        "Search impressions of product {product} rise ({trend}): add it to the showcase and P4P.",
    ),
    "todo_rising_product_in_p4p": (
        "产品 {product} 搜索曝光上升（{trend}），已在直通车：加入橱窗。",
        "Search impressions of product {product} rise ({trend}) and it is in P4P already: add it to the showcase.",
    ),
    "todo_showcase_inquiries": (
        "橱窗产品询盘占比 {share}，低于 {target}：替换最弱的橱窗产品。",
        "Showcase products bring {share} of inquiries, under {target}: swap out the weakest.",
    ),
    "todo_showcase_inquiries_add": (
        "橱窗产品询盘占比 {share}，低于 {target}：{kept} 是唯一的橱窗产品或店铺曝光第一，不要换下；把询盘多的产品加入橱窗。",
        "Showcase products bring {share} of inquiries, under {target}: {kept} is the only showcase product or the store's #1 by exposure, so keep it; add products with inquiries to the showcase.",
    ),
    "todo_showcase_stars_add": (
        "橱窗中实力优品占比 {share}，低于 {target}：{kept} 是唯一的橱窗产品或店铺曝光第一，不要换下；把实力优品加入橱窗。",
        "Strong products make up {share} of the showcase, under {target}: {kept} is the only showcase product or the store's #1 by exposure, so keep it; add strong products to the showcase.",
    ),
    "todo_showcase_stars": (
        "橱窗中实力优品占比 {share}，低于 {target}：换入实力优品。",
        "Strong products make up {share} of the showcase, under {target}: swap strong products in.",
    ),
    # the monthly review's (generator/analysis/rules/monthly.py)
    "todo_growth_gap": (
        "直通车成长分距 {target_level} 还差 {gap} 分：先补 {dims}",
        "P4P growth score is {gap} points short of {target_level}: work on {dims} first",
    ),
    "todo_high_exposure": (
        "{n} 个产品曝光高、点击低：看“产品分析 → 高曝光低点击”，换主图/改标题，或暂停不出效果的大词",
        "{n} product(s) with high exposure and low clicks: see Product analysis → High exposure, low clicks; change the main image or title, or pause the broad word",
    ),
    "todo_rising_month": (
        "上升产品 {product}：现在加入橱窗和直通车",
        "Rising product {product}: add it to the showcase and P4P now",
    ),
    "todo_rising_month_in_p4p": (
        "上升产品 {product} 已在直通车：加入橱窗，并把升温的词加到它的推广词里",
        "Rising product {product} is in P4P already: add it to the showcase and add its rising words to its P4P keywords",
    ),
    "todo_rising_month_in_showcase": (
        "上升产品 {product} 已在橱窗：加入直通车，推广升温的词",
        "Rising product {product} is in the showcase already: add it to P4P on its rising words",
    ),
    "todo_rising_month_promoted": (
        "上升产品 {product} 已在橱窗和直通车：检查升温的词是否在推广词里、出价能否排上首页",
        "Rising product {product} is in the showcase and P4P already: check its rising words are among its P4P keywords and bid for page 1",
    ),
    "todo_zero_effect_unsafe": (
        "{n} 个零效果产品删除前先把 {words} 个独有的词用到新标题里",
        "{n} zero-effect product(s): re-use their {words} uncovered word(s) in new titles before deleting",
    ),
    "todo_zero_effect_safe": (
        "{n} 个零效果产品可以安全删除",
        "{n} zero-effect product(s) are safe to delete",
    ),
    "todo_zero_effect_optimise": (
        "{n} 个产品 {days} 天没有询盘和 TM 咨询，但还有流量（共 {clicks} 次搜索点击，或有词排在首页）：优化标题、主图和详情，不要删除",
        "{n} product(s) without inquiry or TM chat for {days} days still draw traffic ({clicks} search clicks in all, or a word on page 1): optimise the title, main image and details; don't delete them",
    ),
    "todo_month_review": (
        "{link}有 {n} 条待办（同行、地域、直通车、实力优品、关键词、橱窗），见各节开头的「本节待办」",
        "{link} has {n} action items (peers, regions, P4P, strong products, keywords, showcase): see “To do” at the top of each section",
    ),
    # the command line's progress bars (in the workspace's language)
    "stage_ingest": ("读取导出文件", "ingest"),
    "stage_render": ("计算并生成页面", "render"),
    "stage_mkdocs": ("构建网站", "mkdocs build"),
    "stage_rebuild": ("重建数据库", "rebuild store"),
    "stage_demo": ("生成示例数据", "demo exports"),
    # punctuation between texts
    "sep_list": ("、", ", "),
    "sep_clause": ("；", "; "),
    "list_sep_sources": ("；", "; "),
    "colon": ("：", ": "),
    "semicolon": ("；", "; "),
    "full_stop": ("。", "."),
    "with_note": ("{text}（{note}）", "{text} ({note})"),
    "kw_precedence_sep": (" → ", " > "),
    "kw_translated_word": (
        "{keyword}（自动翻译：{original}）",
        "{keyword} (auto-translated: {original})",
    ),
    "inq_flag_duplicate": ("重复", "duplicate"),
    "inq_flag_template": ("模板", "template"),
    # weekdays
    "wd_0": ("周一", "Mon"),
    "wd_1": ("周二", "Tue"),
    "wd_2": ("周三", "Wed"),
    "wd_3": ("周四", "Thu"),
    "wd_4": ("周五", "Fri"),
    "wd_5": ("周六", "Sat"),
    "wd_6": ("周日", "Sun"),
}


def kind_label(kind: str, lang: str) -> str:
    """A kind of export by its name on the site of ``lang`` (「产品分析」, "Product analysis"),
    never its id; an id this version does not know (from an older store) as it is."""
    key = f"kind_{kind}"
    return translate(key, lang) if key in CATALOG else kind


def translate(key: str, lang: str, **values: object) -> str:
    try:
        zh, en = CATALOG[key]
    except KeyError:
        raise KeyError(f"no text '{key}' in the catalog (generator/i18n.py)") from None
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
