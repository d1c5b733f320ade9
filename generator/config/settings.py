"""The settings table: every setting of a workspace with its default and its one-line help
(``opsreport init`` writes them all; the README's config reference is checked against
:data:`SETTINGS`). A new setting goes here, next to related ones."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..foundation.periods import CHINA_ZONE, WEEKDAYS

CONFIG_FILE = "opsreport.toml"


def _setting(default: Any, help: str, **kw: Any) -> Any:
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help, **kw})
    return field(default=default, metadata={"help": help, **kw})


@dataclass(frozen=True)
class Settings:
    """Every setting of a workspace. Thresholds of the operator's routine are settings, never constants."""

    store_name: str = _setting("我的店铺", "Store name shown in the site title.")
    language: str = _setting(
        "zh", "Language of the site: zh (Chinese, default) or en (English).", choices=("zh", "en")
    )
    site_url: str = _setting(
        "http://127.0.0.1:8000/",
        "Address readers open the site at; Material's instant navigation works there (default: opsreport serve's).",
        url=True,
    )
    lag_days: int = _setting(
        2, "Days until daily data is final (T-2); sets the default as-of date.", min=0
    )
    plausible_past_years: int = _setting(
        5,
        "Dates more than this many years before the store's earliest data (or today) are implausible: such files, rows and --as-of dates are refused.",
        min=1,
    )
    plausible_future_days: int = _setting(
        7,
        "Dates more than this many days after today are implausible: such files, rows and --as-of dates are refused.",
        min=0,
    )
    baseline_weeks: int = _setting(4, "Trailing weeks whose median is a week's baseline.", min=1)
    baseline_months: int = _setting(3, "Trailing months whose median is a month's baseline.", min=1)
    trend_days: int = _setting(90, "Days shown in the home page's trend chart.", min=7)
    change_small: float = _setting(
        0.05, "A change beyond this share is 'small' (playbook: ±5 % is normal).", min=0
    )
    change_clear: float = _setting(0.10, "A change beyond this share is 'clear'.", min=0)
    change_large: float = _setting(
        0.20,
        "A change beyond this share is 'large' (sizes a rise or fall that is already outside its normal band).",
        min=0,
    )
    anomaly_k: float = _setting(
        3.0,
        "A figure is outside its normal band (an anomaly, a blue ▲ or orange ▼ card) beyond median ± anomaly_k × MAD (a day: of the same weekday).",
        min=0.5,
    )
    anomaly_weeks: int = _setting(
        8,
        "Weeks of the same weekday that make a day's baseline and its band (cards and anomalies alike).",
        min=4,
    )
    anomaly_min_change: float = _setting(
        0.15,
        "…and differs from that median by more than this share (days, weeks and months alike).",
        min=0,
    )
    anomaly_top_products: int = _setting(
        20,
        "Anomalies are looked for on the products with the most impressions over the baseline weeks: this many.",
        min=0,
    )
    anomaly_min_baseline: float = _setting(
        10.0,
        "A category, country, channel or product is checked on a count only when its same-weekday median is at least this (impressions: ten times this).",
        min=1,
    )
    duplicate_window_days: int = _setting(
        7, "Same buyer and product within this many days: a duplicate inquiry.", min=1
    )
    template_similarity: float = _setting(
        0.9, "Texts this similar (0–1) from different buyers: template inquiries.", min=0
    )
    template_max_chars: int = _setting(
        25, "An inquiry text this short (characters) counts as a template.", min=0
    )
    show_buyer_details: bool = _setting(
        False,
        "Show buyers' names, e-mails, phones and whole inquiry messages on pages and downloads (only for a private site; default: initials, masked contacts, short excerpts).",
    )
    reply_within_hours: int = _setting(
        24, "An inquiry not replied within this many hours is overdue.", min=1
    )
    reply_target_hours: float = _setting(
        8.0, "Target for the average first-reply time, in hours.", min=0
    )
    p4p_min_hours: float = _setting(
        20.0, "P4P should promote at least this many hours a day.", min=0
    )
    p4p_min_budget_use: float = _setting(
        0.8, "P4P should spend at least this share of its daily budget.", min=0
    )
    country_rise: float = _setting(
        0.3,
        "A language-site country whose impressions rise by this share → publish in its language.",
        min=0,
    )
    keyword_window_days: int = _setting(
        28,
        "Keyword library: days of each source's latest data summed per word (impressions, clicks, P4P, inquiries).",
        min=7,
    )
    keyword_opportunity_min_index: int = _setting(
        200, "Opportunity word: search index (关键词指数) at least this…", min=0
    )
    keyword_opportunity_max_competition: int = _setting(
        10, "…and competition (卖家规模指数) at most this.", min=0
    )
    keyword_uncovered_min_index: int = _setting(
        200,
        "A word no live product title holds is 'uncovered' (publish) when peers get impressions on it or its index reaches this.",
        min=0,
    )
    keyword_waste_min_spend: float = _setting(
        200.0,
        "P4P spend (CNY, over the span judged) above which a word with no inquiry is 'waste' (pause) whatever its clicks.",
        min=0,
    )
    keyword_waste_max_chance: float = _setting(
        0.05,
        "…or its clicks make zero inquiries this unlikely at the account's click→inquiry rate ((1 − rate)^clicks; 0.05 = 5 %).",
        min=0,
        max=1,
    )
    keyword_broad_min_impressions: int = _setting(
        700, "Broad word without effect: more than this many impressions a week…", min=0
    )
    keyword_broad_max_ctr: float = _setting(
        0.002, "…a CTR below this (0.002 = 0.2 %) and no inquiry.", min=0
    )
    keyword_p4p_candidate_min_inquiries: int = _setting(
        1,
        "Inquiring buyers who searched a word to enter the store (进店搜索词) that make it a P4P candidate when not in P4P.",
        min=1,
    )
    keyword_natural_min_inquiries: int = _setting(
        1, "P4P inquiries that make a P4P word a natural-ranking candidate…", min=1
    )
    keyword_natural_max_competition: int = _setting(
        30, "…when its competition (卖家规模指数) is at most this.", min=0
    )
    keyword_risk_words: list[str] = _setting(
        ["replica", "counterfeit", "knockoff", "1:1 copy"],
        "Brand or prohibited words: a keyword holding one is a risk; add your brands and the platform's banned words.",
    )
    keyword_translations: dict[str, list[str]] = _setting(
        {},
        "Keyword library: English word → its translations, for auto-translated words the built-in glossary misses.",
    )
    # to-do lists: ranked by what is at stake, the rest in a 「其余 N 条」 block on the page
    todo_max_daily: int = _setting(
        7,
        "To-do list: at most this many items on a daily page (and the home page); the rest fold away below.",
        min=1,
    )
    todo_max_weekly: int = _setting(
        10,
        "To-do list: at most this many items at the top of a weekly page; the rest fold away below.",
        min=1,
    )
    todo_max_monthly: int = _setting(
        10,
        "To-do list: at most this many items on a monthly page; the rest fold away below.",
        min=1,
    )
    # weekly report settings (issue 6) go below this line
    weekly_waste_max_items: int = _setting(
        10,
        "Weekly to-do list: at most this many wasted P4P words (most spend first); the rest is one item with a count, all are in the table.",
        min=1,
    )
    weekly_low_ctr_ratio: float = _setting(
        0.5,
        "Weekly CTR diagnosis: a word or product is low below this share of the account's P4P CTR.",
        min=0,
    )
    weekly_ctr_min_impressions: int = _setting(
        200,
        "Weekly CTR diagnosis: only words and products with at least this many impressions.",
        min=0,
    )
    weekly_imprecise_min_clicks: int = _setting(
        30,
        "Weekly: a country with at least this many search clicks and no inquiry is imprecise (cut from regional P4P).",
        min=1,
    )
    traffic_mix_scene: float = _setting(
        0.45,
        "Platform-wide share of scene/venue traffic (the article's 45 %), shown as a reference, not a target.",
        min=0,
    )
    traffic_mix_paid: float = _setting(
        0.45, "Platform-wide share of paid traffic (reference, not a target).", min=0
    )
    traffic_mix_natural: float = _setting(
        0.10,
        "Platform-wide share of natural traffic: 私域, natural ranking, buyer preference (reference, not a target).",
        min=0,
    )
    star_band_low: float = _setting(
        75.0, "实力优品 push: products scoring at least this and below star_target.", min=0
    )
    star_target: float = _setting(
        80.0, "Growth score (成长分) at which a product is 实力优品.", min=0
    )
    showcase_inquiry_target: float = _setting(
        0.30, "Showcase products should bring at least this share of inquiries.", min=0
    )
    showcase_star_target: float = _setting(
        0.50, "At least this share of showcase products should be 实力优品.", min=0
    )
    page1_target: float = _setting(
        0.70, "Target share of tracked words with a product on page 1.", min=0
    )
    publish_per_day: int = _setting(
        5, "Weekly publishing plan: new products a day to cover uncovered words.", min=1
    )
    traffic_channel_groups: dict[str, list[str]] = _setting(
        {
            "scene": [
                "系统推荐",
                "会场",
                "会场-新品首发",
                "会场-采购节",
                "询盘",
                "信保",
                "站外",
                "其他",
            ],
            "paid": ["外贸直通车", "顶级展位"],
            # the article's natural traffic: natural ranking and 私域 (store-own, favourites,
            # direct visits)
            "natural": ["搜索", "店内", "站内收藏", "直接访问"],
        },
        "Traffic mix: group (scene, paid, natural; 私域 channels are natural) → the 流量来源 channels in it.",
        keys=("scene", "paid", "natural"),
    )
    #
    #
    # monthly review and archive settings (issue 7) go below this line
    growth_target_score: float = _setting(
        81.0,
        "Monthly review: the P4P growth score to reach (81 = L4, unlocks regional promotion).",
        min=0,
    )
    growth_target_level: str = _setting("L4", "Monthly review: the level that target score gives.")
    zero_effect_days: int = _setting(
        90,
        "Monthly review: days without inquiry or TM chat that make a product zero-effect.",
        min=1,
    )
    zero_effect_max_clicks: int = _setting(
        10,
        "Monthly review: search clicks over those days above which a zero-effect product is "
        "optimised, not deleted.",
        min=0,
    )
    monthly_rising_days: int = _setting(
        28,
        "Monthly review: days of traffic compared with the days before to find rising products.",
        min=7,
    )
    rising_min_growth: float = _setting(
        0.5,
        "Monthly review: growth of search impressions that makes a product rising (0.5 = +50%).",
        min=0,
    )
    rising_min_impressions: int = _setting(
        200, "Monthly review: search impressions a rising product needs in those days.", min=0
    )
    rising_index_rise: float = _setting(
        0.1,
        "Monthly review: rise of a word's search index that makes it rising (0.1 = +10%).",
        min=0,
    )
    exposure_top_share: float = _setting(
        0.2,
        "Monthly review: the share of products with the most impressions checked for low clicks.",
        min=0,
    )
    exposure_low_ctr: float = _setting(
        0.5,
        "Monthly review: CTR below this times the store's CTR is low (high exposure, low clicks).",
        min=0,
    )
    monthly_hot_products: int = _setting(
        10,
        "Monthly review: hot products (most inquiries and TM chats) given title suggestions.",
        min=1,
    )
    #
    #
    # scheduling and publishing settings (issue 8) go below this line
    #
    #
    schedule_timezone: str = _setting(
        CHINA_ZONE,
        "Time zone the schedule's times and days are read in (IANA name), not the machine's.",
    )
    schedule_daily_time: str = _setting(
        "09:00",
        "opsreport schedule: time of the daily build (HH:MM, after the backend's morning update).",
    )
    schedule_weekly_day: str = _setting(
        "tuesday",
        "Day of the weekly analysis build (the week is final on Tuesday), at the daily time.",
        choices=WEEKDAYS,
    )
    schedule_monthly_day: int = _setting(
        3,
        "Day of the month of the monthly review and archive build (the month is final on the 3rd), at the daily time.",
        min=1,
        max=28,
    )
    archive_pdf: bool = _setting(
        True,
        "Print the newest frozen month's review to an A4 PDF beside it in archive/ (needs Chromium, Chrome, Edge or WeasyPrint; skipped without one); an older month's: opsreport export archive/YYYY-MM --pdf. Every frozen month's one-file HTML is always kept.",
    )
    schedule_tick_seconds: int = _setting(
        60, "opsreport schedule: seconds between two checks for due jobs.", min=1
    )
    schedule_retry_minutes: int = _setting(
        10,
        "A failed scheduled run is retried after this many minutes, doubled after each failure…",
        min=1,
    )
    schedule_retry_max_minutes: int = _setting(
        120, "…up to this many minutes between two retries.", min=1
    )
    publish_dir: str = _setting(
        "",
        "Folder a web server serves, outside the workspace: replaced atomically by each successful build, the previous one kept for rollback (empty: off; relative paths start at the workspace, e.g. ../www).",
        path=True,
    )
    # group-chat and e-mail push of the morning (issue 18): each empty setting is off; the
    # addresses and secrets may come from the environment (OPSREPORT_<NAME>) instead
    notify_wecom_webhook: str = _setting(
        "",
        "WeCom group robot webhook the daily build pushes the morning to (empty: off).",
        url=True,
        env=True,
        secret=True,
    )
    notify_dingtalk_webhook: str = _setting(
        "",
        "DingTalk custom robot webhook the daily build pushes the morning to (empty: off).",
        url=True,
        env=True,
        secret=True,
    )
    notify_dingtalk_secret: str = _setting(
        "",
        "The DingTalk robot's signing secret (SEC…); empty when the robot uses keywords or IPs.",
        env=True,
        secret=True,
    )
    notify_feishu_webhook: str = _setting(
        "",
        "Feishu / Lark custom bot webhook the daily build pushes the morning to (empty: off).",
        url=True,
        env=True,
        secret=True,
    )
    notify_feishu_secret: str = _setting(
        "",
        "The Feishu bot's signature secret; empty when the bot has none.",
        env=True,
        secret=True,
    )
    notify_email_to: list[str] = _setting(
        [], "E-mail addresses the daily build mails the morning to (empty: no mail)."
    )
    smtp_host: str = _setting("", "Mail server (SMTP) that sends the morning mail.", env=True)
    smtp_port: int = _setting(
        465, "Its port: 465 with implicit TLS, 587 with STARTTLS, 25 plain.", min=1, max=65535
    )
    smtp_tls: str = _setting(
        "ssl",
        "How the mail connection is encrypted: ssl (implicit TLS), starttls or none.",
        choices=("ssl", "starttls", "none"),
    )
    smtp_user: str = _setting("", "SMTP login (empty: no login).", env=True)
    smtp_password: str = _setting(
        "",
        "SMTP password or authorisation code (better from OPSREPORT_SMTP_PASSWORD).",
        env=True,
        secret=True,
    )
    smtp_from: str = _setting("", "Sender address of the mail (default: smtp_user).", env=True)
    max_file_mb: int = _setting(
        200, "An export bigger than this (MB) is rejected before it is read.", min=1
    )
    max_sheet_rows: int = _setting(
        1_000_000,
        "A sheet reaching past this row (a stray cell far below the table) is rejected before it is read.",
        min=1,
    )
    max_sheet_columns: int = _setting(
        500, "A sheet reaching past this column is rejected before it is read.", min=1
    )
    top_products: int = _setting(
        20, "Product rows shown on a page (the download has them all).", min=1
    )
    categories: dict[str, list[str]] = _setting(
        {},
        "Product categories: name → words of the title that put a product in it (first match wins).",
    )

    @classmethod
    def fields(cls) -> list[dataclasses.Field[Any]]:
        return list(dataclasses.fields(cls))

    def read_by_pages(self) -> tuple[tuple[str, Any], ...]:
        """The settings a fact or a period page can read, by name: what a kept fact or page is
        keyed by. How the site is delivered (pushes, mail, publishing, the scheduler's retries,
        the ingest's size limits, the archive's PDF) is left out: adding a robot's webhook
        does not make a year of pages be computed again."""
        return tuple((n, getattr(self, n)) for n in SETTINGS if n not in DELIVERY)

    @cached_property
    def read_by_pages_text(self) -> bytes:
        """:meth:`read_by_pages` as the text a key hashes, made once per settings (a build
        keys every period of the history by it: 45 µs each, 0.08 s on 800 days). Settings are
        frozen; the text is not a field (not compared, not in ``repr``)."""
        return repr(self.read_by_pages()).encode()


SETTINGS = {f.name: f for f in Settings.fields()}
# settings no fact and no period page reads (they decide delivery; Settings.read_by_pages)
DELIVERY = frozenset(
    {
        *(name for name in SETTINGS if name.startswith(("notify_", "smtp_"))),
        "publish_dir",
        "archive_pdf",
        "schedule_tick_seconds",
        "schedule_retry_minutes",
        "schedule_retry_max_minutes",
        "max_file_mb",
        "max_sheet_rows",
        "max_sheet_columns",
    }
)
