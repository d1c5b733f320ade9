"""How the site looks, in headless Chromium: the light / dark toggle switches the scheme and
redraws the charts for it; a printed weekly page leaves out the navigation, header and footer
and keeps its charts and every folded block open; up / down are told apart by an arrow, not
by colour alone.

Reuses the demo site, the server and the system Chromium of tests/test_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import test_browser as _browser
from test_browser import Tab, _newest_weekly

# the fixtures of tests/test_browser.py: its demo site's server, Chromium and a fresh tab
browser, site_url, tab = _browser.browser, _browser.site_url, _browser.tab

if TYPE_CHECKING:
    from conftest import BuiltDemo

pytestmark = pytest.mark.browser

SCHEME_JS = "() => document.body.getAttribute('data-md-color-scheme')"
CHART_SCHEMES_JS = """() => [...document.querySelectorAll('.ops-chart')].map(
  el => [el.getAttribute('data-drawn'), el.getAttribute('data-scheme')])"""
# the colour of the first axis label of the first drawn chart
AXIS_LABEL_FILL_JS = """() => {
  const t = document.querySelector('.ops-chart svg .role-axis-label text');
  return t ? getComputedStyle(t).fill || t.getAttribute('fill') : null;
}"""


def _visible(tab: Tab, selector: str) -> bool:
    return bool(
        tab.page.evaluate(
            """(sel) => [...document.querySelectorAll(sel)].some(el => {
                 const r = el.getBoundingClientRect();
                 return getComputedStyle(el).display !== 'none' && r.width > 0 && r.height > 0;
               })""",
            selector,
        )
    )


def test_the_dark_toggle_switches_the_scheme_and_redraws_the_charts(tab: Tab) -> None:
    tab.open("daily/2026-11-12.html")
    tab.wait_for_charts("daily")
    assert tab.page.evaluate(SCHEME_JS) == "default"
    light_fill = tab.page.evaluate(AXIS_LABEL_FILL_JS)
    toggle = tab.page.locator('label[for="__palette_1"]:visible')
    assert toggle.count() == 1, "no light / dark toggle in the header"
    assert toggle.get_attribute("title") == "切换到深色模式"
    assert toggle.locator("svg").count() == 1  # Material's icon, inlined: nothing fetched
    toggle.click()
    assert tab.page.evaluate(SCHEME_JS) == "slate"
    tab.page.wait_for_function(
        "() => [...document.querySelectorAll('.ops-chart')].every("
        "el => el.getAttribute('data-drawn') === 'yes' && el.getAttribute('data-scheme') === 'slate')"
    )
    states = tab.page.evaluate(CHART_SCHEMES_JS)
    assert states and all(s == ["yes", "slate"] for s in states), states
    dark_fill = tab.page.evaluate(AXIS_LABEL_FILL_JS)
    assert light_fill != dark_fill, (light_fill, dark_fill)  # the labels are light on dark
    bg = tab.page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert bg not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), bg
    # the choice is remembered on the next page
    tab.open("index.html")
    assert tab.page.evaluate(SCHEME_JS) == "slate"
    back = tab.page.locator('label[for="__palette_0"]:visible')
    assert back.get_attribute("title") == "切换到浅色模式"
    back.click()
    assert tab.page.evaluate(SCHEME_JS) == "default"
    tab.assert_clean("dark toggle")


def test_a_printed_weekly_page_has_its_charts_and_no_navigation(
    tab: Tab, built_demo: BuiltDemo
) -> None:
    path = _newest_weekly(Path(built_demo.workspace.site))
    tab.open(path)
    tab.wait_for_charts(path)
    for sel in (".md-header", ".md-tabs", ".md-footer"):
        assert _visible(tab, sel), f"{sel} not on the screen page"
    folded = tab.page.locator("details:not([open])").count()
    assert folded >= 1, "the weekly page has no folded block to print"
    tab.page.emulate_media(media="print")
    hidden = [
        s
        for s in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-search")
        if _visible(tab, s)
    ]
    assert not hidden, f"printed with {hidden}"
    charts = tab.page.evaluate(
        "() => [...document.querySelectorAll('.ops-chart svg')].filter(s => s.checkVisibility())"
        ".map(s => s.getBoundingClientRect()).filter(r => r.width > 50 && r.height > 50).length"
    )
    assert charts >= 1, "no chart printed"
    # every folded block prints open: what it holds is rendered, not only its summary
    shown = tab.page.evaluate(
        """() => [...document.querySelectorAll('details:not([open])')].map(d =>
             [...d.children].filter(c => c.tagName !== 'SUMMARY').some(c => c.checkVisibility()))"""
    )
    assert len(shown) == folded and all(shown), f"{shown.count(False)} folded block(s) print closed"
    pdf = tab.page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf[:4] == b"%PDF"
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf))
    assert boxes, "no page size in the PDF"
    # A4 is 595 × 842 pt (US Letter, Chromium's default, would be 612 × 792)
    assert all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes), boxes
    # a reader in dark mode prints on white paper with dark text
    tab.page.emulate_media(media="screen")
    tab.page.locator('label[for="__palette_1"]:visible').click()
    assert tab.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    tab.page.emulate_media(media="print")
    colours = tab.page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('.md-typeset')).color]"""
    )
    assert colours[0] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") and colours[1].startswith(
        "rgba(0, 0, 0"
    ), colours
    tab.assert_clean("print")


def test_up_and_down_are_told_apart_without_colour(tab: Tab) -> None:
    tab.open("daily/2026-11-12.html")
    got = tab.page.evaluate(
        """() => [...document.querySelectorAll('td.up, td.down, .ops-kpi.up .ops-kpi-change,'
             + ' .ops-kpi.down .ops-kpi-change')].map(el => [
               el.matches('.up, .up *') ? 'up' : 'down',
               getComputedStyle(el, '::before').content,
               getComputedStyle(el).color])"""
    )
    assert got, "no rise or fall marked on the daily page"
    arrows = {d: {a for dd, a, _ in got if dd == d} for d in ("up", "down")}
    colours = {d: {c for dd, _, c in got if dd == d} for d in ("up", "down")}
    assert arrows == {"up": {'"▲\xa0"'}, "down": {'"▼\xa0"'}}, arrows
    assert not colours["up"] & colours["down"], colours
    # neither is green nor red: blue for up, orange for down
    assert colours["up"] <= {"rgb(11, 92, 173)"} and colours["down"] <= {"rgb(179, 83, 0)"}, colours
