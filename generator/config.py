"""Settings: one object, a default and a one-line help for every field.

Loaded from the workspace's ``opsreport.toml`` (all keys optional), then CLI overrides.
Validation collects every error and reports them at once (mkdocs' ``load_config`` habit).
The config reference in the README is checked against :data:`SETTINGS` by a test.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .foundation.errors import ConfigError, WorkspaceError
from .foundation.periods import CHINA_ZONE, WEEKDAYS

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
    baseline_days: int = _setting(7, "Trailing days whose median is a day's baseline.", min=1)
    baseline_weeks: int = _setting(4, "Trailing weeks whose median is a week's baseline.", min=1)
    baseline_months: int = _setting(3, "Trailing months whose median is a month's baseline.", min=1)
    trend_days: int = _setting(90, "Days shown in the home page's trend chart.", min=7)
    change_small: float = _setting(
        0.05, "A change beyond this share is 'small' (playbook: ±5 % is normal).", min=0
    )
    change_clear: float = _setting(0.10, "A change beyond this share is 'clear'.", min=0)
    change_large: float = _setting(
        0.20, "A change beyond this share is 'large' and goes on the to-do list.", min=0
    )
    anomaly_k: float = _setting(
        3.0, "An anomaly lies beyond median ± anomaly_k × MAD of the same weekday.", min=0.5
    )
    anomaly_weeks: int = _setting(
        8, "Weeks of the same weekday that make an anomaly's band.", min=4
    )
    anomaly_min_change: float = _setting(
        0.15, "…and differs from that median by more than this share.", min=0
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
        0.0,
        "P4P spend (CNY, in the window) above which a word with no click or no inquiry is 'waste' (pause).",
        min=0,
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
    # weekly report settings (issue 6) go below this line
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
        0.45, "Reference share of scene/venue channels in store visitors.", min=0
    )
    traffic_mix_paid: float = _setting(0.45, "Reference share of paid channels.", min=0)
    traffic_mix_natural: float = _setting(0.10, "Reference share of natural search.", min=0)
    traffic_mix_tolerance: float = _setting(
        0.10,
        "A channel group this far (share points) from its reference share is an action.",
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
                "店内",
                "站内收藏",
                "直接访问",
                "询盘",
                "信保",
                "站外",
                "其他",
            ],
            "paid": ["外贸直通车", "顶级展位"],
            "natural": ["搜索"],
        },
        "Traffic mix: group (scene, paid, natural) → the 流量来源 channels in it.",
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


SETTINGS = {f.name: f for f in Settings.fields()}


def _texts(value: Any) -> list[str]:
    """Every piece of text a setting holds (a dict's names and words, a list's items)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [*value, *(w for v in value.values() for w in _texts(v))]
    return []


def _text_error(name: str, value: Any) -> str | None:
    """Settings reach pages, mkdocs.yml and chart specs, where any character is escaped for
    its place; a control character (a line break, a tab, NUL…) has no place to go."""
    for text in _texts(value):
        bad = next((c for c in text if ord(c) < 32 or 127 <= ord(c) < 160), None)
        if bad is not None:
            return (
                f"{name}: {text!r} holds the control character U+{ord(bad):04X}; "
                "write it as text on one line"
            )
    f = SETTINGS[name]
    if f.metadata.get("url") and value:
        from urllib.parse import urlsplit

        parts = urlsplit(value) if not any(c.isspace() for c in value) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            return f'{name}: expected an address like "http://192.168.1.20:8000/", got {value!r}'
    allowed = f.metadata.get("keys")
    if allowed and isinstance(value, dict):
        unknown = [k for k in value if k not in allowed]
        if unknown:
            return (
                f"{name}: unknown name(s) {', '.join(map(repr, unknown))}; use {', '.join(allowed)}"
            )
    return None


def _check(name: str, value: Any) -> tuple[Any, str | None]:
    f = SETTINGS[name]
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
    kind = type(default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is dict:
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
            for k, v in value.items()
        )
        if not ok:
            return value, f'{name}: expected a table of name = ["word", …], got {value!r}'
        return value, _text_error(name, value)
    if not isinstance(value, kind) or isinstance(value, bool) != isinstance(default, bool):
        return value, f"{name}: expected {kind.__name__}, got {value!r}"
    if "choices" in f.metadata and value not in f.metadata["choices"]:
        return value, f"{name}: must be one of {', '.join(f.metadata['choices'])}, got {value!r}"
    if "min" in f.metadata and value < f.metadata["min"]:
        return value, f"{name}: must be at least {f.metadata['min']}, got {value!r}"
    if "max" in f.metadata and value > f.metadata["max"]:
        return value, f"{name}: must be at most {f.metadata['max']}, got {value!r}"
    return value, _text_error(name, value)


PUBLISH_MARKER = ".opsreport-publish"  # in every folder a publish writes: only those are replaced
OWN_FOLDERS = ("store", "exports", "content", "site", "archive")


def path_setting(root: Path, value: str) -> Path | None:
    """A path setting's folder: ``~`` expanded, relative paths from the workspace ``root``;
    None when the setting is empty (off)."""
    if not value.strip():
        return None
    path = Path(value).expanduser()
    return (path if path.is_absolute() else root / path).resolve()


def publish_siblings(dest: Path) -> dict[str, Path]:
    """The folders a publish to ``dest`` writes, moves or deletes."""
    return {
        "": dest,
        "previous": dest.with_name(f"{dest.name}.previous"),
        "staging": dest.with_name(f"{dest.name}.new"),
        "swap": dest.with_name(f"{dest.name}.new.swap"),
        "rollback": dest.with_name(f"{dest.name}.previous.swap"),
    }


def check_publish_path(root: Path, name: str, value: str) -> str | None:
    """Why the folder of setting ``name`` must not be published into (replaced, moved aside,
    later deleted), or None when it is safe: it must not be, contain or lie inside the
    workspace (its store, exports, pages, site, archive), and a folder that exists must be
    empty or carry the marker an earlier publish wrote."""
    dest = path_setting(root, value)
    if dest is None:
        return None
    root = root.resolve()
    fix = (
        f"point {name} at a folder of its own outside the workspace {root}, empty or written"
        ' by an earlier publish, e.g. "/var/www/opsreport"'
    )
    if dest == Path(dest.anchor):  # "/" or "C:\\": no siblings, and it holds everything
        return f"{name} = {value!r}: {dest} contains the workspace {root} — {fix}"
    for role, path in publish_siblings(dest).items():
        what = f"{path} (its {role} folder)" if role else str(path)
        if path == root:
            problem = f"{what} is the workspace itself"
        elif path in root.parents:
            problem = f"{what} contains the workspace {root}"
        elif root in path.parents:
            inside = path.relative_to(root).parts[0]
            where = f"its {inside}/ folder" if inside in OWN_FOLDERS else "the workspace"
            problem = f"{what} lies inside {where} ({root})"
        elif path.is_symlink() or (path.exists() and not path.is_dir()):
            problem = f"{what} exists and is not a folder"
        elif path.is_dir() and not (path / PUBLISH_MARKER).is_file() and any(path.iterdir()):
            problem = (
                f"{what} is a folder that is not empty and was not written by opsreport"
                f" (no {PUBLISH_MARKER} in it; if an earlier opsreport published it, create"
                " that empty file in it)"
            )
        else:
            continue
        return (
            f"{name} = {value!r}: {problem} — publishing would replace it and later delete"
            f" it; {fix}"
        )
    return None


def make_settings(
    values: dict[str, Any], source: str = "settings", root: Path | None = None
) -> Settings:
    """Validate ``values`` against :data:`SETTINGS`; raise one error listing every problem.
    With the workspace ``root``, path settings are checked against it too."""
    errors: list[str] = []
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in SETTINGS:
            close = [s for s in SETTINGS if s.split("_")[0] in name]
            hint = f" (did you mean {close[0]}?)" if close else ""
            errors.append(f"{name}: unknown setting{hint}")
            continue
        clean[name], err = _check(name, value)
        if not err and root is not None and SETTINGS[name].metadata.get("path"):
            err = check_publish_path(root, name, value)
        if err:
            errors.append(err)
    if errors:
        raise ConfigError(
            f"{source} has {len(errors)} invalid setting(s):\n  - " + "\n  - ".join(errors),
            "fix them (every setting is listed in the README's config reference) and run again",
        )
    return Settings(**clean)


@dataclass(frozen=True)
class Workspace:
    """A store's folder: inbox, store, generated pages, site and config."""

    root: Path

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def store_dir(self) -> Path:
        return self.root / "store"

    @property
    def db_path(self) -> Path:
        return self.store_dir / "opsreport.duckdb"

    @property
    def originals(self) -> Path:
        return self.store_dir / "originals"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"


def load_settings(workspace: Workspace, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the workspace's ``opsreport.toml`` (if any), apply overrides, validate all at once."""
    if not workspace.root.is_dir():
        raise WorkspaceError(
            f"workspace folder {workspace.root} does not exist",
            f"create it with `opsreport init --workspace {workspace.root}`",
        )
    values: dict[str, Any] = {}
    if workspace.config_file.exists():
        try:
            values = tomllib.loads(workspace.config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{workspace.config_file} is not valid TOML: {exc}",
                'fix the line it names (strings need quotes: store_name = "…")',
            ) from exc
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return make_settings(values, source=str(workspace.config_file.name), root=workspace.root)


def render_config(settings: Settings) -> str:
    """The settings as an ``opsreport.toml`` text with every help line as a comment."""
    lines = ["# opsreport workspace settings. Every key is optional; defaults shown.", ""]
    tables = []
    for f in Settings.fields():
        value = getattr(settings, f.name)
        if isinstance(value, dict):
            tables.append((f, value))
            continue
        lines.append(f"# {f.metadata['help']}")
        lines.append(f"{f.name} = {_toml_value(value)}")
    for f, value in tables:
        lines += ["", f"# {f.metadata['help']}", f"[{f.name}]"]
        lines += [f"{_toml_value(k)} = {_toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
