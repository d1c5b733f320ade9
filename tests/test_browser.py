"""The built demo site in headless Chromium, as a reader sees it: charts drawn (also after
Material's instant navigation), no script errors, nothing fetched from outside, Chinese search
finds daily pages, download links work.

Uses the system Chromium (``apt-get install chromium``), never a Playwright-downloaded browser.
Set OPSREPORT_SCREENSHOTS=/some/dir to also save screenshots of the home and a daily page.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest

if TYPE_CHECKING:
    from conftest import BuiltDemo

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
DAILY = "daily/2026-11-12.html"
MONTHLY = "monthly/2026-10.html"
ARCHIVE = "archive/index.html"
FROZEN = "archive/2026-10/index.html"
SEARCH_WORD = "询盘"  # "inquiry": in every daily page's headings and text
CHART_TIMEOUT_MS = 20_000

# True once every chart on the page has settled (drawn or failed) and there is at least one.
CHARTS_SETTLED_JS = """() => {
  const charts = [...document.querySelectorAll('.ops-chart')];
  return charts.length > 0 && charts.every(el => {
    const state = el.getAttribute('data-drawn');
    return state === 'failed' || (state === 'yes' && el.querySelector('svg') !== null);
  });
}"""
CHART_STATES_JS = """() => [...document.querySelectorAll('.ops-chart')].map(el => ({
  drawn: el.getAttribute('data-drawn'), svg: el.querySelector('svg') !== null,
  text: (el.querySelector('.ops-chart-view') || {}).textContent || ''}))"""


# --- fixtures --------------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site as-is, except that sitemap.xml's page addresses get this server's
    origin (scheme, host, port) in place of the one from mkdocs.yml's site_url: as if the site
    were served at its site_url. Material's instant navigation only takes over links listed
    there, and this server's port is a random one."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if urlsplit(self.path).path != "/sitemap.xml":
            return super().do_GET()
        origin = f"http://{self.headers.get('Host', '')}"
        text = (Path(self.directory) / "sitemap.xml").read_text(encoding="utf-8")
        body = re.sub(r"<loc>\s*https?://[^/<]+", f"<loc>{origin}", text).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site_url(built_demo: BuiltDemo) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (instant navigation and search need http)."""
    site = Path(built_demo.workspace.site)
    assert (site / "index.html").is_file(), f"no built site at {site}"
    handler = functools.partial(_SiteHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        pytest.fail(
            "System Chromium not found (looked for `chromium` on PATH and /usr/bin/chromium). "
            "Install it with `apt-get install chromium`; do not use `playwright install`.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Tab:
    """One page in a fresh browser context, with everything a test wants to assert on."""

    page: Any
    base: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(urljoin(self.base, path), wait_until="load")
        assert response is not None and response.status == 200, (
            f"{path}: {response and response.status}"
        )

    def external(self) -> list[str]:
        """Requests that left the local server (all were aborted by the route, see `tab`)."""
        local = urlsplit(self.base).netloc
        out = set(self.blocked)
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.netloc != local:
                out.add(url)
        return sorted(out)

    def wait_for_charts(self, where: str) -> list[dict[str, Any]]:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS)
        except PlaywrightTimeout:
            pytest.fail(
                f"{where}: charts not drawn within {CHART_TIMEOUT_MS} ms; chart states "
                f"{self.page.evaluate(CHART_STATES_JS)}; console/page errors {self.errors}",
                pytrace=False,
            )
        states: list[dict[str, Any]] = self.page.evaluate(CHART_STATES_JS)
        bad = [s for s in states if s["drawn"] != "yes" or not s["svg"]]
        if bad:
            pytest.fail(
                f"{where}: {len(bad)} of {len(states)} charts not drawn: {bad}; "
                f"errors {self.errors}",
                pytrace=False,
            )
        return states

    def assert_clean(self, where: str) -> None:
        assert not self.errors, f"{where}: errors in the browser console: {self.errors}"
        external = self.external()
        assert not external, f"{where}: the page tried to load from outside the site: {external}"


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    local_host = urlsplit(site_url).hostname
    t = Tab(page=None, base=site_url)

    def only_local(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == local_host:
            route.continue_()
        else:
            t.blocked.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    t.page = page
    page.on("request", lambda request: t.requests.append(request.url))
    page.on(
        "console", lambda m: t.errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda exc: t.errors.append(f"pageerror: {exc}"))
    page.set_default_timeout(CHART_TIMEOUT_MS)
    try:
        yield t
    finally:
        context.close()


def _newest_weekly(site: Path) -> str:
    html = (site / "weekly/index.html").read_text(encoding="utf-8")
    weeks = sorted(set(re.findall(r'href="(\d{4}-\d{2}-\d{2})\.html"', html)))
    assert weeks, "weekly/index.html links to no weekly page"
    return f"weekly/{weeks[-1]}.html"


def _screenshot(tab: Tab, name: str) -> None:
    folder = os.environ.get("OPSREPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(Path(folder) / f"{name}.png"))
        tab.page.screenshot(path=str(Path(folder) / f"{name}-full.png"), full_page=True)


# --- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["home", "daily", "weekly", "monthly", "archive", "frozen"])
def test_charts_draw_offline_without_errors(tab: Tab, built_demo: BuiltDemo, which: str) -> None:
    path = {
        "home": "index.html",
        "daily": DAILY,
        "weekly": _newest_weekly(Path(built_demo.workspace.site)),
        "monthly": MONTHLY,
        "archive": ARCHIVE,
        "frozen": FROZEN,
    }[which]
    tab.open(path)
    states = tab.wait_for_charts(path)
    assert len(states) >= 1, f"{path}: no chart on the page"
    if which in ("monthly", "frozen"):
        # the monthly review's own charts: growth score history and the product map
        labels = tab.page.evaluate(
            "() => [...document.querySelectorAll('.ops-chart')].map(e => e.getAttribute('aria-label'))"
        )
        assert "产品分布图" in labels and "直通车成长分" in labels, labels
        assert len(states) >= 5, f"{path}: {len(states)} charts"
    # The drawn charts have real marks in them, not an empty svg (a KPI tile's sparkline is
    # a thin one: wide, not tall).
    sizes = tab.page.evaluate(
        "() => [...document.querySelectorAll('.ops-chart svg')]"
        ".map(s => [s.closest('.ops-spark') !== null, s.getBoundingClientRect()])"
        ".map(([spark, r]) => [spark, r.width, r.height])"
    )
    assert all(w > 50 and h > (15 if spark else 50) for spark, w, h in sizes), (
        f"{path}: chart svg sizes {sizes}"
    )
    tab.page.wait_for_load_state("networkidle")
    tab.assert_clean(path)
    if which in ("home", "daily"):
        _screenshot(tab, {"home": "home", "daily": "daily-2026-11-12"}[which])


def test_charts_draw_after_instant_navigation(tab: Tab, built_demo: BuiltDemo) -> None:
    tab.open("index.html")
    tab.wait_for_charts("index.html")
    tab.page.evaluate("() => { window.__opsNoReload = 'still-here'; }")

    tab.page.locator(".md-tabs__link", has_text="日报").click()
    tab.page.wait_for_url("**/daily/index.html")
    date_link = tab.page.locator("article.md-content__inner a", has_text="2026-11-12")
    date_link.first.click()
    tab.page.wait_for_url(f"**/{DAILY}")
    tab.page.locator("h1", has_text="2026-11-12").wait_for()

    if tab.page.evaluate("() => window.__opsNoReload") != "still-here":
        sitemap = tab.page.request.get(urljoin(tab.base, "sitemap.xml")).text()
        pytest.fail(
            "following the links reloaded the page: instant navigation did not take over "
            f"({sitemap.count('<loc>')} page(s) in sitemap.xml; Material only takes over links "
            "listed there, and mkdocs lists none without a site_url)",
            pytrace=False,
        )
    states = tab.wait_for_charts(f"{DAILY} after instant navigation")
    assert len(states) >= 1
    # the footer's build time (filled in by last-build.js) is there after instant navigation
    footer = tab.page.locator(".opsreport-last-build").inner_text()
    assert re.search(r"最近一次成功构建：\s*\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）", footer), footer

    tab.assert_clean(f"{DAILY} after instant navigation")


def test_chinese_search_finds_daily_pages(tab: Tab, built_demo: BuiltDemo) -> None:
    index = json.loads(
        (Path(built_demo.workspace.site) / "search/search_index.json").read_text(encoding="utf-8")
    )
    # jieba split the Chinese text into words (separated by \u200b): the word is its own token.
    tokens = {
        tok
        for doc in index["docs"]
        if doc["location"].startswith("daily/")
        for tok in re.split(r"[\s\u200b]+", doc["title"] + " " + doc["text"])
    }
    assert SEARCH_WORD in tokens, f"{SEARCH_WORD!r} is not a word in the daily pages' search index"

    tab.open("index.html")
    # At 1280 px wide the search box sits in the header: the reader clicks into it.
    tab.page.locator(".md-search__input").click()
    # A Chinese input method commits the word as text, then a key comes up.
    tab.page.keyboard.insert_text(SEARCH_WORD)
    tab.page.keyboard.press("End")

    hits = tab.page.locator(".md-search-result__item a[href*='daily/']")
    hits.first.wait_for(state="visible")
    hrefs = hits.evaluate_all("links => links.map(a => a.href)")
    assert any(re.search(r"/daily/\d{4}-\d{2}-\d{2}\.html", h) for h in hrefs), hrefs
    tab.assert_clean("search")


def test_daily_downloads_resolve(tab: Tab) -> None:
    tab.open(DAILY)
    links: list[str] = tab.page.locator("article a").evaluate_all(
        "links => links.map(a => a.href).filter(h => /\\.(csv|xlsx)$/.test(h))"
    )
    csvs = [u for u in links if u.endswith(".csv")]
    xlsxs = [u for u in links if u.endswith(".xlsx")]
    assert csvs and xlsxs, f"{DAILY}: download links {links}"

    for url in links:
        response = tab.page.request.get(url)
        assert response.status == 200, f"{url}: HTTP {response.status}"
        body = response.body()
        assert body, f"{url} is empty"
        if url.endswith(".xlsx"):
            assert zipfile.is_zipfile(io.BytesIO(body)), f"{url} is not an xlsx file"

    products = next((u for u in csvs if "products" in u), csvs[0])
    text = tab.page.request.get(products).body().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert {"product_id", "inquiries"} <= set(header), f"{products}: header {header}"
    bad = [h for h in header if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", h)]
    assert not bad, f"{products}: headers not snake_case: {bad}"


def _daily_pages_with_todo(content: Path) -> list[str]:
    return sorted(
        p.stem
        for p in (content / "daily").glob("2*.md")
        if "{#todo}" in p.read_text(encoding="utf-8")
    )


def test_daily_todo_links_resolve_to_their_evidence(tab: Tab, built_demo: BuiltDemo) -> None:
    """Each to-do item links to the section (or page) that shows why; following it lands on a
    page that has that section."""
    days = _daily_pages_with_todo(built_demo.workspace.content)
    assert days, "no daily page of the demo has a to-do list"
    page = f"daily/{days[-1]}.html"
    tab.open(page)
    tab.wait_for_charts(page)
    links: list[str] = tab.page.locator("#todo + ul a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert links, f"{page}: the to-do list has no links"
    for href in links:
        target, _, anchor = href.partition("#")
        response = tab.page.request.get(target)
        assert response.status == 200, f"{page}: to-do link {href} → HTTP {response.status}"
        if anchor:
            tab.page.goto(href, wait_until="load")
            assert tab.page.locator(f"[id='{anchor}']").count() == 1, (
                f"{href}: no section #{anchor}"
            )
    tab.assert_clean(page)


def test_keyword_library_search_and_status_filter(tab: Tab, built_demo: BuiltDemo) -> None:
    """Type a word into the library's search: only matching rows remain; the status filter
    keeps only that status; nothing is loaded from outside."""
    page = "keywords/index.html"
    tab.open(page)
    tab.page.wait_for_selector("#kw-app[data-ready=yes]")
    total = int(tab.page.get_attribute("#kw-app", "data-rows") or 0)
    assert total > 10, f"{page}: the library shows {total} words"
    tab.page.fill(".kw-q", "solar")
    tab.page.wait_for_function(f"document.querySelector('#kw-app').dataset.rows !== '{total}'")
    shown = tab.page.locator("#kw-app tbody td.kw-c-keyword").all_text_contents()
    assert shown and all("solar" in w.lower() for w in shown), shown[:10]
    matching = tab.page.get_attribute("#kw-app", "data-rows")
    assert matching is not None and 0 < int(matching) < total, matching
    tab.page.fill(".kw-q", "")
    # the filter of a status the library has (waste when the evidence makes any word waste)
    library = built_demo.workspace.content / "downloads/keyword-library.csv"
    with library.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    present = {r["status"] for r in rows}
    status = next(s for s in ("waste", "uncovered", "opportunity") if s in present)
    tab.page.select_option(".kw-status", status)
    tab.page.wait_for_function(
        "(rows => rows.length > 0 && rows.every(r => r.classList.contains('kw-s-"
        + status
        + "')))([...document.querySelectorAll('#kw-app tbody tr')])"
    )
    classes = tab.page.locator("#kw-app tbody tr").evaluate_all(
        "rows => rows.map(r => r.className)"
    )
    words = {r["keyword"] for r in rows if r["status"] == status}
    shown = set(tab.page.locator("#kw-app tbody td.kw-c-keyword").all_text_contents())
    # a cell is the word, with its translation after it for a word in another language
    other = {c for c in shown if not any(c.startswith(w) for w in words)}
    assert shown and not other, f"the {status} filter shows other words: {sorted(other)[:5]}"
    assert classes and set(classes) == {f"kw-s-{status}"}, f"rows of other statuses: {set(classes)}"
    tab.assert_clean(page)


def test_weekly_peer_and_mix_charts_draw(tab: Tab, built_demo: BuiltDemo) -> None:
    """The weekly page's own charts (mine against 同行平均/同行优秀 over 12 weeks, the traffic
    mix against its reference) are drawn, with marks for every subject."""
    path = _newest_weekly(Path(built_demo.workspace.site))
    tab.open(path)
    tab.wait_for_charts(path)
    labels = tab.page.evaluate(
        "() => [...document.querySelectorAll('.ops-chart')].map(c => c.getAttribute('aria-label'))"
    )
    for label in ("搜索曝光次数", "店铺访问人数", "流量结构"):
        assert label in labels, f"{path}: no drawn chart {label!r} among {labels}"
    legend = tab.page.evaluate(
        "() => [...document.querySelectorAll('.ops-chart[aria-label=\"搜索曝光次数\"] svg text')]"
        ".map(t => t.textContent)"
    )
    assert {"我的", "同行平均", "同行优秀"} <= set(legend), legend
    tab.assert_clean(path)
