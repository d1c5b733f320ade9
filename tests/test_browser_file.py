"""The site opened from a folder (file://), as someone does who got it by `opsreport export` or
double-clicks site/index.html: charts draw, the keyword library loads, every navigation link
reaches a file, the search box gives way to a one-line note, and nothing is requested from
anywhere but the folder. Uses the shared demo site and the system Chromium (see test_browser).
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.i18n import translate
from tests.test_browser import (  # the browser fixture is shared, not copied
    CHART_STATES_JS,
    CHART_TIMEOUT_MS,
    CHARTS_SETTLED_JS,
    DAILY,
    VIEWPORT,
    browser,  # noqa: F401
)

if TYPE_CHECKING:
    from conftest import BuiltDemo

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("file", "data", "blob", "about")


@dataclass
class FileTab:
    page: Any
    root: Path
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, rel: str) -> None:
        self.page.goto((self.root / rel).resolve().as_uri(), wait_until="load")

    def wait_for_charts(self, where: str) -> int:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS)
        except PlaywrightTimeout:
            pytest.fail(
                f"{where}: charts not drawn from file:// within {CHART_TIMEOUT_MS} ms: "
                f"{self.page.evaluate(CHART_STATES_JS)}; errors {self.errors}",
                pytrace=False,
            )
        states = self.page.evaluate(CHART_STATES_JS)
        bad = [s for s in states if s["drawn"] != "yes" or not s["svg"]]
        assert not bad, f"{where}: charts not drawn: {bad}; errors {self.errors}"
        return len(states)

    def assert_clean(self, where: str) -> None:
        assert not self.errors, f"{where}: errors in the browser console: {self.errors}"
        away = sorted({u for u in self.requests if urlsplit(u).scheme not in LOCAL_SCHEMES})
        assert not away, f"{where}: requests that left the folder: {away}"


@contextlib.contextmanager
def file_tab(chromium: Any, root: Path) -> Iterator[FileTab]:
    context = chromium.new_context(viewport=VIEWPORT, service_workers="block")
    tab = FileTab(page=None, root=root)

    def only_files(route: Any) -> None:
        if urlsplit(route.request.url).scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    tab.page = page
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on(
        "console", lambda m: tab.errors.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda exc: tab.errors.append(f"pageerror: {exc}"))
    page.set_default_timeout(CHART_TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def site_tab(browser: Any, built_demo: BuiltDemo) -> Iterator[FileTab]:  # noqa: F811
    with file_tab(browser, Path(built_demo.workspace.site)) as tab:
        yield tab


@pytest.fixture(scope="module")
def unzipped(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site as `opsreport export` writes it, unzipped elsewhere."""
    where = tmp_path_factory.mktemp("export")
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--workspace",
            str(built_demo.workspace.root),
            "--output",
            str(where / "shop.zip"),
        ],
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(where / "shop.zip") as zf:
        zf.extractall(where / "unzipped")
    return where / "unzipped/shop"


def _file_of(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", f"a link that leaves the folder: {url}"
    return Path(unquote(parts.path))


def test_home_from_a_folder_draws_charts_and_links_every_nav_page(
    site_tab: FileTab, built_demo: BuiltDemo
) -> None:
    site = Path(built_demo.workspace.site)
    site_tab.open("index.html")
    assert site_tab.wait_for_charts("index.html") >= 1
    # the footer's build time, filled in by last-build.js from the folder too
    footer = site_tab.page.locator(".opsreport-last-build").inner_text()
    assert re.search(r"最近一次成功构建：\s*\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）", footer), footer

    nav = site_tab.page.locator(".md-tabs__link, .md-nav__link[href]").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert len(nav) >= 9, nav
    for url in nav:
        target = _file_of(url.split("#", 1)[0])
        assert target.is_file(), f"nav link {url} → no file {target}"
        assert target.is_relative_to(site.resolve()), f"nav link {url} leaves the site"

    # the search cannot run from file://: a note stands in its place, the box is hidden
    note = site_tab.page.locator(".ops-search-note")
    assert note.is_visible(), "no search note on a page opened from a folder"
    assert note.text_content() == translate("search_from_folder", built_demo.settings.language)
    assert not site_tab.page.locator(".md-search").is_visible()
    assert not site_tab.page.locator("label.md-header__button[for='__search']").is_visible()

    # following a nav tab and then a day opens them from the folder; the day's charts draw
    site_tab.page.locator(".md-tabs__link", has_text=translate("daily", "zh")).click()
    site_tab.page.wait_for_url("**/daily/index.html")
    site_tab.page.locator("article a", has_text=Path(DAILY).stem).first.click()
    site_tab.page.wait_for_url(f"**/{DAILY}")
    assert site_tab.wait_for_charts(DAILY) >= 1
    site_tab.assert_clean("index.html → daily")


def test_on_a_phone_the_search_note_leaves_the_site_name_whole(
    browser: Any,  # noqa: F811
    built_demo: BuiltDemo,
) -> None:
    with file_tab(browser, Path(built_demo.workspace.site)) as tab:
        tab.page.set_viewport_size({"width": 390, "height": 844})
        tab.open("index.html")
        assert tab.page.locator(".ops-search-note").is_visible()
        title = tab.page.locator(".md-header__topic .md-ellipsis").first
        shown, needed = title.evaluate("t => [t.clientWidth, t.scrollWidth]")
        assert shown >= needed, f"the site's name is cut to {shown} of {needed} px on a phone"


def test_keyword_library_from_a_folder_shows_its_rows(site_tab: FileTab) -> None:
    page = "keywords/index.html"
    site_tab.open(page)
    app = site_tab.page.locator("#kw-app[data-ready=yes]")
    app.wait_for(state="attached")
    rows = int(site_tab.page.get_attribute("#kw-app", "data-rows") or 0)
    assert rows > 10, f"{page}: {rows} words shown"
    cells = site_tab.page.locator("#kw-app tbody td.kw-c-keyword").all_text_contents()
    assert len(cells) > 10 and all(cells), cells[:5]
    site_tab.page.select_option(".kw-status", "uncovered")
    site_tab.page.wait_for_function(
        "(rows => rows.length > 0 && rows.every(r => r.classList.contains('kw-s-uncovered')))"
        "([...document.querySelectorAll('#kw-app tbody tr')])"
    )
    site_tab.assert_clean(page)


def test_the_unzipped_export_opens_from_its_folder(browser: Any, unzipped: Path) -> None:  # noqa: F811
    with file_tab(browser, unzipped) as tab:
        tab.open("index.html")
        assert tab.wait_for_charts("unzipped index.html") >= 1
        assert tab.page.locator(".ops-search-note").is_visible()
        tab.open("keywords/index.html")
        tab.page.locator("#kw-app[data-ready=yes]").wait_for(state="attached")
        assert int(tab.page.get_attribute("#kw-app", "data-rows") or 0) > 10
        tab.assert_clean("the unzipped export")
