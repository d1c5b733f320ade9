"""Screenshots of the demo site for a reviewer: home, daily, weekly, monthly, archive and
keyword pages at 1440 px (a desktop) and 390 px (a phone), light scheme, charts drawn; and
the daily page in the dark scheme, which a system set to dark gets on the first visit.

Written to ``screenshots/`` at the project root (gitignored), or to the folder named by
OPSREPORT_SCREENSHOTS; the test prints where. Reuses the demo site, the server and the
system Chromium of tests/test_browser.py. Chinese text needs a CJK font on the machine
(``fc-list | grep -i wqy``: WenQuanYi Micro Hei), else it shows as boxes.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest
import test_browser as _browser
from test_browser import CHARTS_SETTLED_JS, _newest_weekly

browser, site_url = _browser.browser, _browser.site_url  # tests/test_browser.py's fixtures

if TYPE_CHECKING:
    from conftest import BuiltDemo

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {1440: 900, 390: 844}  # desktop, phone (CSS px)
PAGES = {
    "home": "index.html",
    "daily": "daily/2026-11-12.html",
    "weekly": None,  # the newest week, found on the weekly index
    "monthly": "monthly/2026-10.html",
    "archive": "archive/index.html",
    "keywords": "keywords/index.html",
}


def _folder() -> Path:
    return Path(os.environ.get("OPSREPORT_SCREENSHOTS") or ROOT / "screenshots")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_screenshots_of_every_page_kind_at_desktop_and_phone_width(
    browser: Any,
    site_url: str,
    built_demo: BuiltDemo,
    request: pytest.FixtureRequest,
) -> None:
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    pages = {
        name: path or _newest_weekly(Path(built_demo.workspace.site))
        for name, path in PAGES.items()
    }
    written = []
    for width, height in WIDTHS.items():
        context = browser.new_context(
            viewport={"width": width, "height": height},
            service_workers="block",
            color_scheme="light",
        )
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))  # noqa: B023
            for name, path in pages.items():
                response = page.goto(urljoin(site_url, path), wait_until="load")
                assert response is not None and response.status == 200, path
                if page.locator(".ops-chart").count():
                    page.wait_for_function(CHARTS_SETTLED_JS, timeout=20_000)
                shot = folder / f"{name}-{width}.png"
                page.screenshot(path=str(shot))
                written.append(shot)
            assert not errors, errors
        finally:
            context.close()
    assert len(written) == len(PAGES) * len(WIDTHS)
    # a reader whose system is set to dark gets the dark scheme on the first visit
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, service_workers="block", color_scheme="dark"
    )
    try:
        page = context.new_page()
        page.goto(urljoin(site_url, pages["daily"]), wait_until="load")
        page.wait_for_function(CHARTS_SETTLED_JS, timeout=20_000)
        scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        assert scheme == "slate", scheme
        dark = folder / "daily-1440-dark.png"
        page.screenshot(path=str(dark))
    finally:
        context.close()
    for shot in written:
        w, h = _png_size(shot)
        assert w == int(shot.stem.rsplit("-", 1)[1]) and h == WIDTHS[w], (shot, w, h)
        assert shot.stat().st_size > 20_000, f"{shot}: nearly empty ({shot.stat().st_size} bytes)"
    message = f"screenshots: {len(written) + 1} PNGs in {folder}"
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and not hasattr(request.config, "workerinput"):
        reporter.write_line(message)
    print(message)
