"""The morning in a message: what the home page's first screen says — the ranked to-do (at most
:data:`TOP` items, render/todo.home_items), the headline KPIs with their judgement and change
(render/kpis.py), the open inquiries count (analysis/unreplied.py) and the link to the day's
page — as one :class:`Morning`, and that message in each form it travels in: a group robot's
Markdown (WeCom, DingTalk), a Feishu ``post``, and a mail's HTML and plain text. Each form fits
its platform's size limit by dropping whole items from the end, never by cutting a character.

Untrusted text (product titles in to-do items, the store name) is plain text in the
:class:`Morning`; each form escapes it for its place (Markdown marks turned into their
full-width look-alikes, HTML escaped). Nothing here reads the clock, the store or the network.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin

from ..analysis import Analysis
from ..analysis.metrics.registry import METRICS
from ..config import Settings
from ..foundation.formats import fmt, fmt_text
from . import charts
from .kpis import _kind
from .pages import Renderer
from .todo import home_items, meta

TOP = 5  # to-do items in a push
CHART_METRIC = "impressions"  # the trend chart sent as an image (the home page's first)
FEISHU_LOCALES = {"zh": "zh_cn", "en": "en_us"}  # a post's content, by the site's language
TEXT_MAX = 240  # characters of one item: a long title does not fill the message

_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")


def plain(markdown: str) -> str:
    """Text the page writer escaped for Markdown (render/markup.md_text) back as plain text."""
    return html.unescape(_MD_ESCAPED.sub(r"\1", markdown))


@dataclass
class Item:
    text: str  # plain text: what to do, with its stake, owner and age
    link: str  # its evidence, as an address on the site


@dataclass
class Kpi:
    metric: str
    value: str
    change: str  # the judgement and change against the baseline (as the card says it)
    verdict: str  # up | down | normal | short | none


@dataclass
class Morning:
    """One day's push, in plain text (every form escapes it for its own place)."""

    lang: str
    day: str  # ISO date of the day shown
    title: str
    url: str  # the day's page on the site
    link_text: str
    todo_title: str
    todo: list[Item] = field(default_factory=list)
    todo_more: str = ""  # 「其余 N 条见日报」 or ''
    todo_none: str = ""
    kpi_title: str = ""
    kpis: list[Kpi] = field(default_factory=list)
    open_inquiries: str = ""  # the count sentence ('' without an inquiry sheet)
    open_count: int | None = None
    chart_title: str = ""
    chart: dict[str, Any] | None = None  # Vega-Lite spec of the trend chart
    cut_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Morning:
        data = dict(data)
        data["todo"] = [Item(**i) for i in data.get("todo", [])]
        data["kpis"] = [Kpi(**k) for k in data.get("kpis", [])]
        return cls(**data)


def page_url(site_url: str, link: str) -> str:
    """A page link as the site's pages write it (``daily/2026-11-21.md#todo``) as an address
    under ``site_url`` (the built site's ``.html``, ``use_directory_urls: false``)."""
    path, _, anchor = link.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, path) + (f"#{anchor}" if anchor else "")


def compose_morning(settings: Settings, data: Analysis) -> Morning | None:
    """The day's push from the analysis, or None when there is no day with product data (the
    home page then has no morning to show either)."""
    r = Renderer(settings, data)
    days = [d for d in data.daily.dropna(subset=["impressions"]).index if d <= data.as_of]
    if not days:
        return None
    day: dt.date = days[-1]
    t = r.t
    shown, rest = home_items(r, r.home_todo(day), day, TOP)
    items = []
    for a in shown:
        text = " ".join(str(a.message).split())
        more = plain(meta(r, a))
        text = f"{text} — {more}" if more else text
        if len(text) > TEXT_MAX:
            text = text[: TEXT_MAX - 1] + "…"
        items.append(Item(text, page_url(settings.site_url, a.link or f"daily/{day}.md")))
    rows = r.kpi_rows(data.daily.loc[day])
    kpis = [
        Kpi(
            k["metric"],
            fmt_text(k["value"], _kind(k["unit"]), r.lang),
            plain(r.kpi_change_line(k)),
            k["verdict"],
        )
        for k in rows
    ]
    open_text, open_count = "", None
    if len(data.sheets.get("inquiries", ())):
        live = data.unreplied
        open_count = len(live.rows)
        hours = fmt(live.within_hours, "count")
        open_text = (
            t("notify_open", n=fmt(open_count, "count"), hours=hours)
            if open_count
            else t("notify_open_none", hours=hours)
        )
    n = min(settings.trend_days, len(data.daily.loc[:day]))
    window = data.daily.loc[day - dt.timedelta(days=n - 1) : day]
    label = METRICS[CHART_METRIC].label(r.lang)
    chart = charts.trend_chart(
        window,
        CHART_METRIC,
        label,
        t("baseline_day", n=settings.anomaly_weeks),
        METRICS[CHART_METRIC].unit,
        band_label=t("band_label"),
        lang=r.lang,
        date_label=t("col_date"),
    )
    iso = day.isoformat()
    return Morning(
        lang=r.lang,
        day=iso,
        title=t("notify_title", store=" ".join(settings.store_name.split()), day=iso),
        url=page_url(settings.site_url, f"daily/{iso}.md"),
        link_text=t("notify_link", day=iso),
        todo_title=t("notify_todo", n=TOP),
        todo=items,
        todo_more=t("notify_todo_more", n=len(rest)) if rest else "",
        todo_none=t("notify_todo_none"),
        kpi_title=t("notify_kpis"),
        kpis=kpis,
        open_inquiries=open_text,
        open_count=open_count,
        chart_title=f"{label} · {t('trend_title', n=n)}",
        chart=chart,
        cut_note=t("notify_cut"),
    )


# -- the forms ------------------------------------------------------------------------------
_CHAT_MARKS = str.maketrans(
    {
        "[": "［",
        "]": "］",
        "<": "＜",
        ">": "＞",
        "*": "＊",
        "`": "｀",
        "_": "＿",
        "#": "＃",
        "~": "～",
        "|": "｜",
    }
)


def chat_text(text: str) -> str:
    """Plain text for a robot's Markdown, which has no escape: each mark that could start a
    link, a mention, bold or a heading becomes its full-width look-alike; one line."""
    return " ".join(str(text).split()).translate(_CHAT_MARKS)


def _url(url: str) -> str:
    """An address inside ``[…](…)``: the characters that would end it, percent-encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _fit_bytes(build: Any, m: Morning, limit: int) -> Any:
    """``build(todo, kpis, cut)`` with as many items as fit in ``limit`` bytes: to-do items
    go from the end first, then KPIs; ``cut`` says the rest is on the page."""
    todo, kpis = list(m.todo), list(m.kpis)
    out = build(todo, kpis, False)
    while _size(out) > limit and (todo or kpis):
        if todo:
            todo.pop()
        else:
            kpis.pop()
        out = build(todo, kpis, True)
    return out


def _size(value: Any) -> int:
    import json

    if isinstance(value, str):
        return len(value.encode("utf-8"))
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def cut_utf8(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` UTF-8 bytes, cut between characters."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def chat_markdown(m: Morning, limit: int) -> str:
    """The robot Markdown of WeCom and DingTalk (their common subset: headings, bold, links,
    lists, quotes), at most ``limit`` UTF-8 bytes."""

    def build(todo: list[Item], kpis: list[Kpi], cut: bool) -> str:
        lines = [f"### {chat_text(m.title)}", "", f"**{chat_text(m.todo_title)}**", ""]
        if todo:
            lines += [
                f"{i}. {chat_text(a.text)} [↗]({_url(a.link)})" for i, a in enumerate(todo, 1)
            ]
        elif not m.todo:
            lines.append(chat_text(m.todo_none))
        if m.todo_more:
            lines.append(f"> {chat_text(m.todo_more)}")
        lines += ["", f"**{chat_text(m.kpi_title)}**", ""]
        lines += [
            f"- {chat_text(k.metric)}：**{chat_text(k.value)}** {chat_text(k.change)}" for k in kpis
        ]
        if m.open_inquiries:
            lines += ["", chat_text(m.open_inquiries)]
        if cut:
            lines += ["", chat_text(m.cut_note)]
        lines += ["", f"[{chat_text(m.link_text)}]({_url(m.url)})"]
        return "\n".join(lines)

    return cut_utf8(_fit_bytes(build, m, limit), limit)


def feishu_post(m: Morning, limit: int) -> dict[str, Any]:
    """A Feishu / Lark ``post`` (rich text) message's ``content``: paragraphs of text and link
    tags (plain text: Feishu shows it as it is), at most ``limit`` bytes of JSON."""

    def build(todo: list[Item], kpis: list[Kpi], cut: bool) -> dict[str, Any]:
        paras: list[list[dict[str, Any]]] = [[{"tag": "text", "text": m.todo_title}]]
        for i, a in enumerate(todo, 1):
            paras.append(
                [
                    {"tag": "text", "text": f"{i}. {a.text} "},
                    {"tag": "a", "text": "↗", "href": a.link},
                ]
            )
        if not m.todo:
            paras.append([{"tag": "text", "text": m.todo_none}])
        if m.todo_more:
            paras.append([{"tag": "text", "text": m.todo_more}])
        paras.append([{"tag": "text", "text": m.kpi_title}])
        paras += [[{"tag": "text", "text": f"{k.metric}：{k.value} {k.change}"}] for k in kpis]
        if m.open_inquiries:
            paras.append([{"tag": "text", "text": m.open_inquiries}])
        if cut:
            paras.append([{"tag": "text", "text": m.cut_note}])
        paras.append([{"tag": "a", "text": m.link_text, "href": m.url}])
        locale = FEISHU_LOCALES.get(m.lang, "zh_cn")
        return {"post": {locale: {"title": m.title, "content": paras}}}

    return _fit_bytes(build, m, limit)  # type: ignore[no-any-return]


def email_html(m: Morning, chart_cid: str | None) -> str:
    """The mail's HTML: the same content, every text escaped, the chart inline (``cid:``)."""
    e = html.escape
    parts = [
        '<html><body style="font-family:sans-serif;font-size:14px;color:#222">',
        f"<h2>{e(m.title)}</h2>",
        f"<h3>{e(m.todo_title)}</h3>",
    ]
    if m.todo:
        parts.append("<ol>")
        parts += [f'<li>{e(a.text)} <a href="{e(a.link)}">↗</a></li>' for a in m.todo]
        parts.append("</ol>")
    else:
        parts.append(f"<p>{e(m.todo_none)}</p>")
    if m.todo_more:
        parts.append(f"<p>{e(m.todo_more)}</p>")
    parts.append(f'<h3>{e(m.kpi_title)}</h3><table cellpadding="4">')
    parts += [
        f"<tr><td>{e(k.metric)}</td><td><b>{e(k.value)}</b></td><td>{e(k.change)}</td></tr>"
        for k in m.kpis
    ]
    parts.append("</table>")
    if m.open_inquiries:
        parts.append(f"<p>{e(m.open_inquiries)}</p>")
    if chart_cid:
        parts.append(
            f'<p><img src="cid:{e(chart_cid)}" alt="{e(m.chart_title)}" style="max-width:100%"></p>'
        )
    parts.append(f'<p><a href="{e(m.url)}">{e(m.link_text)}</a></p></body></html>')
    return "\n".join(parts)


def email_text(m: Morning) -> str:
    """The mail's plain-text part (for readers that show no HTML)."""
    lines = [m.title, "", m.todo_title]
    lines += [f"{i}. {a.text}  {a.link}" for i, a in enumerate(m.todo, 1)] or [m.todo_none]
    if m.todo_more:
        lines.append(m.todo_more)
    lines += ["", m.kpi_title]
    lines += [f"- {k.metric}: {k.value} {k.change}" for k in m.kpis]
    if m.open_inquiries:
        lines += ["", m.open_inquiries]
    lines += ["", f"{m.link_text}: {m.url}"]
    return "\n".join(lines)


__all__ = [
    "TOP",
    "Item",
    "Kpi",
    "Morning",
    "chat_markdown",
    "compose_morning",
    "cut_utf8",
    "email_html",
    "email_text",
    "feishu_post",
    "page_url",
    "plain",
]
