"""One page of the built site as one self-contained HTML file, to forward through WeChat or
DingTalk or to print: the page's own content (the Material header, navigation, search and
footer left out), the site's stylesheets inlined, every chart drawn as inline SVG (the page's
Vega-Lite specs, rendered with vl-convert), its tables as they are. It needs no script and
fetches nothing: no font, no CDN, no file beside it. Links to other pages of the site become
plain text (they would lead nowhere from a forwarded file); links into the page and to
websites stay.

The file is made from the built page in ``site/`` (``use_directory_urls: false``: a page is
``site/<PAGE>.html``, a section's or a frozen month's ``site/<PAGE>/index.html``), so it is the
page as the site shows it, frozen banner and all."""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import html
import json
import mimetypes
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..foundation.errors import WorkspaceError
from ..i18n import translate

# where a page's content starts and ends in Material's main template
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>', re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# a chart block (render/markup.py chart_block): its spec in a data-spec attribute, single-quoted
# as the generator writes it, or double-quoted where another builder rewrote the HTML
_CHART = re.compile(r"<div\b([^>]*\bclass=\"ops-chart\"[^>]*)>\s*</div>")
_SPEC = re.compile(r"""\s*\bdata-spec=(?:'([^']*)'|"([^"]*)")""")
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a\s*>", re.S | re.I)
_HREF = re.compile(r"""\bhref=(["'])(.*?)\1""", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r"""\bsrc=(["'])(.*?)\1""", re.S | re.I)
_STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]*)\"", re.I)
_BODY = re.compile(r"<body\b([^>]*)>", re.I)
_CSS_URL = re.compile(r"""url\(\s*("[^"]*"|'[^']*'|[^)'"]*)\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"@import[^;]*;", re.I)
_CSS_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
CHART_WIDTH = 680  # px: a chart made to fill the page's width is drawn this wide (A4's text width)

# what the file adds to the site's own styles: one column of text, charts fitting the width,
# and A4 print (the site's print.css, inlined with the rest, keeps tables and cards whole)
EXPORT_CSS = """
body { display: block; margin: 0; background: var(--md-default-bg-color, #fff); }
.ops-export { max-width: 61rem; min-width: 0; margin: 0 auto; padding: 1.2rem 1rem 2rem; }
.ops-export .ops-chart { display: block; margin: 1em 0; }
.ops-export .ops-chart svg { display: block; max-width: 100%; height: auto; }
.ops-export .ops-table { overflow-x: auto; }
.ops-export-source { margin-top: 2.5em; padding-top: .6em; font-size: .64rem;
  color: var(--md-default-fg-color--light, #666); border-top: 1px solid #ddd; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  .ops-export { max-width: none; padding: 0; }
  .ops-export .ops-chart, .ops-export table, .ops-export tr, .ops-export .admonition,
  .ops-export .ops-kpi, .ops-export .ops-kpis { break-inside: avoid; page-break-inside: avoid; }
  .ops-export h1, .ops-export h2, .ops-export h3 { break-after: avoid; page-break-after: avoid; }
  .ops-export .ops-table { overflow: visible; }
  .ops-export details > summary::after { display: none; }
}
"""


@dataclass(frozen=True)
class PageFile:
    page: str  # the page's name, e.g. monthly/2026-10
    source: Path  # the built page it was made from
    html: str
    charts: int


def page_names(site: Path) -> list[str]:
    """Every page of the built site by the name ``export`` takes: its path without ``.html``
    (``daily/2026-11-21``), a folder's ``index.html`` by the folder (``archive/2026-10``)."""
    names = []
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or rel == "404.html":
            continue
        name = rel[: -len(".html")]
        if name.endswith("/index"):
            name = name[: -len("/index")]
        names.append(name)
    return names


def normalize_page(page: str) -> str:
    """What a reader may type for a page, as its name: a leading ``/`` or ``site/``, a
    trailing ``.html``, ``.md``, ``/index.html`` or ``/`` are all the same page."""
    name = page.strip().replace("\\", "/").lstrip("/")
    if name.startswith("site/"):
        name = name[len("site/") :]
    for suffix in ("/index.html", "/index.md", ".html", ".md", "/"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name or "index"


def find_page(site: Path, page: str, workspace_root: Path) -> tuple[str, Path]:
    """The built file of ``page``; an unknown page is an error naming the nearest pages."""
    name = normalize_page(page)
    for candidate in (site / f"{name}.html", site / name / "index.html"):
        if candidate.is_file() and site in candidate.resolve().parents:
            return name, candidate
    names = page_names(site)
    near = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    if not near:  # the same section's latest pages, else the sections
        section = name.split("/")[0]
        near = [n for n in names if n.startswith(f"{section}/")][-5:] or [
            n for n in names if "/" not in n
        ][:8]
    raise WorkspaceError(
        f"no page {page} in the built site (pages near it: {', '.join(near)})",
        f"name a page as in the site's addresses, e.g. `opsreport export"
        f" {near[0] if near else 'index'} --workspace {workspace_root} --output"
        f" {(near[0] if near else 'index').replace('/', '-')}.html`",
    )


def _sized(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as drawn into a file: a chart as wide as its page gets the file's width."""
    spec = dict(spec)
    if spec.get("width") == "container":
        spec["width"] = CHART_WIDTH
    return spec


def chart_key(spec: dict[str, Any]) -> str:
    """What a drawn chart is found by (:func:`draw_charts`): its spec, as canonical JSON."""
    return json.dumps(_sized(spec), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def draw_charts(
    specs: Iterable[dict[str, Any]], stop: threading.Event | None = None
) -> dict[str, str]:
    """The charts of ``specs`` drawn as SVG ahead of the files they go into (by
    :func:`chart_key`), until ``stop`` is set. A chart that cannot be drawn is left out: it is
    drawn again, and its problem said, when its file is made."""
    drawn: dict[str, str] = {}
    for spec in specs:
        if stop is not None and stop.is_set():
            break
        key = chart_key(spec)
        if key in drawn:
            continue
        import vl_convert as vlc  # (an 87 MB import: only once there is a chart to draw)

        try:
            drawn[key] = vlc.vegalite_to_svg(_sized(spec))
        except ValueError:  # what vl-convert raises for a spec it cannot draw
            continue
    return drawn


def _chart_svg(spec: dict[str, Any], drawn: Mapping[str, str] | None = None) -> str:
    svg = drawn.get(chart_key(spec)) if drawn else None
    if svg is None:
        import vl_convert as vlc

        svg = vlc.vegalite_to_svg(_sized(spec))
    # no XML prologue inside HTML; the SVG scales with its viewBox (CSS: max-width 100%)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def _no_fetch(m: re.Match[str]) -> str:
    """A ``url(…)`` of a stylesheet: kept when its data is inside it, else none (a font or an
    image of the theme is not fetched from anywhere)."""
    target = m.group(1).strip("'\"").strip()
    return m.group(0) if target.lower().startswith("data:") else "none"


def _inline_css(page: Path, head: str, site: Path) -> str:
    parts = []
    for tag in _STYLESHEET.findall(head):
        m = _HREF.search(tag)
        if not m:
            continue
        href = html.unescape(m.group(2)).split("?")[0].split("#")[0]
        if _EXTERNAL.match(href):
            continue  # a stylesheet from elsewhere is not fetched
        path = (page.parent / href).resolve()
        if site not in path.parents or not path.is_file():
            continue
        css = path.read_text(encoding="utf-8", errors="replace")
        css = _CSS_MAP.sub("", _CSS_IMPORT.sub("", css))
        css = _CSS_URL.sub(_no_fetch, css)
        parts.append(f"/* {path.name} */\n{css}")
    return "\n".join(parts).replace("</", "<\\/")


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _content(
    article: str, page: Path, site: Path, drawn: Mapping[str, str] | None = None
) -> tuple[str, int]:
    """The page's content made self-contained; and how many charts it draws."""
    body = _SCRIPT.sub("", article)
    body = _COMMENT.sub("", body)
    count = 0

    def chart(m: re.Match[str]) -> str:
        nonlocal count
        attrs = m.group(1)
        found = _SPEC.search(attrs)
        if found is None:  # a chart block with no spec: nothing to draw
            return m.group(0)
        spec = json.loads(html.unescape(found.group(1) or found.group(2) or "{}"))
        count += 1
        return f"<div{_SPEC.sub('', attrs)}>{_chart_svg(spec, drawn)}</div>"

    body = _CHART.sub(chart, body)

    def link(m: re.Match[str]) -> str:
        attrs, text = m.group(1), m.group(2)
        href = _HREF.search(attrs)
        target = html.unescape(href.group(2)) if href else ""
        if not href or target.startswith("#"):
            return m.group(0)
        if re.match(r"^(?:https?|mailto):", target, re.I):
            return m.group(0)
        return f"<span>{text}</span>"  # a page or file of the site: not there in a sent file

    body = _LINK.sub(link, body)

    def image(m: re.Match[str]) -> str:
        src = _SRC.search(m.group(0))
        if not src or src.group(2).startswith("data:"):
            return m.group(0)
        target = html.unescape(src.group(2))
        path = (page.parent / target.split("?")[0].split("#")[0]).resolve()
        if _EXTERNAL.match(target) or site not in path.parents or not path.is_file():
            return ""  # nothing is fetched from elsewhere
        return m.group(0).replace(src.group(0), f'src="{_data_uri(path)}"')

    body = _IMG.sub(image, body)
    return body.strip(), count


def make_page_file(
    site: Path,
    page: str,
    workspace_root: Path,
    when: dt.datetime | None = None,
    drawn: Mapping[str, str] | None = None,
) -> PageFile:
    """The self-contained HTML of ``page`` (see the module's text); ``drawn``: charts drawn
    ahead (:func:`draw_charts`), the others are drawn here."""
    site = site.resolve()
    name, source = find_page(site, page, workspace_root)
    text = source.read_text(encoding="utf-8")
    start = _ARTICLE.search(text)
    end = text.rfind("</article>")
    if start is None or end < start.end():
        raise WorkspaceError(
            f"{source} has no page content to export (not a page of the report site)",
            f"build the site again with `opsreport build --workspace {workspace_root}`",
        )
    head = text[: text.find("</head>")] if "</head>" in text else text[: start.start()]
    content, charts = _content(text[start.end() : end], source, site, drawn)
    title_m = _TITLE.search(head)
    title = title_m.group(1).strip() if title_m else name
    lang_m = _LANG.search(text)
    lang = lang_m.group(1) if lang_m else "zh"
    body_m = _BODY.search(text)
    body_attrs = body_m.group(1) if body_m else ""
    body_attrs = " ".join(
        f'{k}="{v}"'
        for k, v in re.findall(r"\b(dir|data-md-color-[a-z]+)=\"([^\"]*)\"", body_attrs)
    )
    when = when or dt.datetime.now().astimezone()
    source_line = translate(
        "export_page_source",
        "en" if lang.startswith("en") else "zh",
        title=title,
        page=html.escape(name),
        when=when.strftime("%Y-%m-%d %H:%M"),
    )
    doc = (
        "<!doctype html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{_inline_css(source, head, site)}\n{EXPORT_CSS}</style>\n"
        f"</head>\n<body {body_attrs}>\n"
        f'<main class="ops-export md-typeset">\n{content}\n'
        f'<p class="ops-export-source">{source_line}</p>\n</main>\n</body>\n</html>\n'
    )
    return PageFile(name, source, doc, charts)


def opened_for_print(doc: str) -> str:
    """The file with every folded block open: printed, a page shows all it holds."""
    return re.sub(r"<details\b(?![^>]*\bopen\b)", "<details open", doc)
