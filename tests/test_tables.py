"""Tables you can read (issue 16): report pages use the width, no column is hidden on a desktop,
the first column stays put on a phone, no page is wider than a phone, a header click sorts,
the back-to-top button leaves the keyword filters free; and product titles cut short at a word
boundary with the whole title on hover.

The browser tests reuse the built demo and the Chromium set-up of test_browser.py.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest
from test_browser import DAILY, MONTHLY, _newest_weekly, browser, site_url  # noqa: F401

from generator.foundation.titles import short_title
from generator.render.markup import Col, html_table

if TYPE_CHECKING:
    from conftest import BuiltDemo

LONG = (
    "Wholesale Solar Motion Sensor Security Light Auto On/Off Pathway Lamp for Yard Lawn Driveway"
)

# --- short titles (no browser) -----------------------------------------------------------------


def test_short_title_cuts_at_a_word_boundary() -> None:
    short = short_title(LONG)
    assert short == "Wholesale Solar Motion Sensor Security…"
    assert len(short) <= 40
    words = LONG.split()
    # every word shown is a whole word of the title
    assert all(w in words for w in short.rstrip("…").split())
    assert short_title("Solar Lamp, Outdoor Waterproof Garden Light, Motion Sensor") == (
        "Solar Lamp, Outdoor Waterproof Garden…"
    )
    # short titles and Chinese titles: as they are, or cut between characters
    assert short_title("Portable Camping Hammock") == "Portable Camping Hammock"
    chinese = "太阳能庭院灯户外防水草坪灯家用花园别墅景观灯超亮感应壁灯路灯" * 2
    assert len(chinese) > 40 and short_title(chinese) == chinese[:39] + "…"
    # a single word longer than the room: cut inside, the only way to keep the limit
    assert short_title("x" * 60) == "x" * 39 + "…"
    assert short_title(None) == "" and short_title("  a \n b ") == "a b"


def test_product_cell_shows_short_title_full_title_on_hover_and_id() -> None:
    title = 'Garden <script>alert("x")</script> Light & Lamp ' + LONG
    out = html_table(
        [
            {"product_id": "1600191252679", "title": title, "clicks": 1234.0, "ctr": None},
            {"product_id": "1600000000002", "title": "Hammock", "clicks": 7, "ctr": 0.0202},
        ],
        [
            Col("product_id", "产品ID"),
            Col("title", "产品名称"),
            Col("clicks", "点击", "count"),
            Col("ctr", "点击率", "rate"),
        ],
    )
    assert "<script>" not in out
    cell = re.search(r'<td class="[^"]*col-title"[^>]*title="([^"]*)">(.*?)</td>', out)
    assert cell is not None, out
    assert html.unescape(cell.group(1)) == " ".join(title.split())  # the whole title on hover
    shown = html.unescape(re.sub(r"<[^>]+>", " ", cell.group(2)))
    assert short_title(title) in shown and "1600191252679" in shown  # short title and the ID
    assert LONG not in shown
    # the ID shares the product's cell: one product column, not two
    assert len(re.findall(r"<th[ >]", out)) == 3 and "产品ID" not in out
    # number cells carry their raw value for the sorter; a missing one carries none
    assert 'data-v="1234"' in out and 'data-v="0.0202"' in out
    assert re.search(r'<td class="num col-ctr">—</td>', out)


# --- in the browser ----------------------------------------------------------------------------

KEYWORDS = "keywords/index.html"


@pytest.fixture(scope="module")
def at(browser: Any, site_url: str) -> Iterator[Callable[[int, str], Any]]:  # noqa: F811
    """``at(width, path)``: the page open in Chromium ``width`` px wide (one tab per width),
    nothing loaded from outside the site."""
    contexts: dict[int, Any] = {}
    pages: dict[int, Any] = {}
    host = urlsplit(site_url).hostname

    def only_local(route: Any) -> None:
        if urlsplit(route.request.url).hostname == host:
            route.continue_()
        else:
            route.abort()

    def open_at(width: int, path: str) -> Any:
        """The page at ``path``; the one already open there when it is (each load of a report
        page costs a second: the tests read it in turn, the last one changes it)."""
        if width in pages and pages[width].url == urljoin(site_url, path):
            return pages[width]
        if width not in pages:
            ctx = browser.new_context(
                viewport={"width": width, "height": 900}, service_workers="block"
            )
            ctx.route("**/*", only_local)
            contexts[width] = ctx
            pages[width] = ctx.new_page()
            pages[width].set_default_timeout(10_000)
        page = pages[width]
        response = page.goto(urljoin(site_url, path), wait_until="load")
        assert response is not None and response.status == 200, path
        page.wait_for_function("() => document.querySelector('.md-content') !== null")
        return page

    yield open_at
    for ctx in contexts.values():
        ctx.close()


@pytest.mark.browser
def test_desktop_weekly_uses_the_width_and_shows_every_column(
    at: Callable[[int, str], Any], built_demo: BuiltDemo
) -> None:
    weekly = _newest_weekly(Path(built_demo.workspace.site))
    page = at(1440, weekly)
    facts = page.evaluate(
        """() => {
      const article = document.querySelector('.md-content__inner').getBoundingClientRect();
      const boxes = [...document.querySelectorAll('.ops-table')];
      const cells = boxes.flatMap(b => [...b.querySelectorAll('th, td')]);
      return {
        article: article.width,
        tables: boxes.length,
        hidden: cells.filter(c => getComputedStyle(c).display === 'none').length,
        // a table wider than its box hides its right-hand columns until scrolled
        cut: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).map(b =>
          [...b.querySelectorAll('th')].map(th => th.textContent.trim()).join(' | ')),
      };
    }"""
    )
    assert facts["article"] >= 1000, f"{weekly}: the article is {facts['article']} px wide"
    assert facts["tables"] >= 5, f"{weekly}: {facts['tables']} tables"
    assert facts["hidden"] == 0, f"{weekly}: {facts['hidden']} table cells display:none"
    assert not facts["cut"], f"{weekly}: tables wider than the page at 1440 px: {facts['cut']}"


# an element sticking out of the page's right edge, outside any box that scrolls on its own
OVERFLOW_JS = """(width) => [...document.body.querySelectorAll('*')].filter(e => {
  if (e.closest('.ops-table, .kw-table-wrap, .md-typeset__scrollwrap, .md-sidebar, .md-search,'
      + ' .md-tabs, [hidden]')) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.right > width + 1;
}).slice(0, 5).map(e => `${e.tagName}.${e.className}: right ${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.mark.browser
def test_phone_pages_are_no_wider_than_the_phone(
    at: Callable[[int, str], Any], built_demo: BuiltDemo
) -> None:
    weekly = _newest_weekly(Path(built_demo.workspace.site))
    for path in ("index.html", DAILY, MONTHLY, KEYWORDS, weekly):  # weekly: the next test's
        page = at(390, path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path}: the page is {width} px wide on a 390 px phone"
        assert page.evaluate(OVERFLOW_JS, 390) == [], f"{path}: sticks out at 390 px"


@pytest.mark.browser
def test_phone_product_table_keeps_its_first_column(
    at: Callable[[int, str], Any], built_demo: BuiltDemo
) -> None:
    weekly = _newest_weekly(Path(built_demo.workspace.site))
    page = at(390, weekly)
    box = page.locator(".ops-table:has(td.col-title)").first
    box.evaluate("b => { const d = b.closest('details'); if (d) d.open = true; }")  # folded
    box.scroll_into_view_if_needed()
    # the box that scrolls sideways (the most): the table's own box, or one Material wrapped it in
    scroller_js = """b => [b, ...b.querySelectorAll('*')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .reduce((best, e) => !best || e.scrollWidth - e.clientWidth
            > best.scrollWidth - best.clientWidth ? e : best, null)"""
    before = box.evaluate(
        f"b => {{ const s = ({scroller_js})(b);"
        " return {x: b.querySelector('tbody td').getBoundingClientRect().x,"
        " room: s ? s.scrollWidth - s.clientWidth : 0}; }"
    )
    assert before["room"] > 100, f"the product table fits a phone: nothing to scroll {before}"
    after = box.evaluate(
        f"""b => {{ const s = ({scroller_js})(b); s.scrollLeft = 200;
        const td = b.querySelector('tbody td'); const r = td.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + 4, r.y + r.height / 2);
        return {{scrolled: s.scrollLeft, x: r.x, onTop: td.contains(top)}}; }}"""
    )
    assert after["scrolled"] >= 100
    assert abs(after["x"] - before["x"]) <= 1, f"the product cell moved: {before} → {after}"
    assert after["onTop"], f"the product cell is covered by the scrolled cells: {after}"


@pytest.mark.browser
def test_number_header_sorts_rows_by_value(
    at: Callable[[int, str], Any], built_demo: BuiltDemo
) -> None:
    weekly = _newest_weekly(Path(built_demo.workspace.site))
    page = at(1440, weekly)
    box = page.locator(".ops-table:has(td.col-title)").first
    box.evaluate("b => { const d = b.closest('details'); if (d) d.open = true; }")  # folded
    header = box.locator("th.num").first
    index = header.evaluate("th => th.cellIndex")
    values_js = f"b => [...b.querySelectorAll('tbody tr')].map(r => r.cells[{index}].getAttribute('data-v'))"
    shown_js = f"b => [...b.querySelectorAll('tbody tr')].map(r => r.cells[{index}].textContent)"
    raw = box.evaluate(values_js)
    numbers = [float(v) for v in raw if v is not None]
    assert len(numbers) >= 3 and numbers != sorted(numbers, reverse=True), raw
    button = header.locator("button")
    assert button.count() == 1, f"no sort button in the header {header.inner_html()!r}"
    button.click()  # largest first
    assert header.get_attribute("aria-sort") == "descending"
    after = [float(v) for v in box.evaluate(values_js) if v is not None]
    assert after == sorted(numbers, reverse=True), after
    texts = box.evaluate(shown_js)
    assert texts[0] != texts[-1]
    button.focus()
    page.keyboard.press("Enter")  # the keyboard does the same: smallest first now
    assert header.get_attribute("aria-sort") == "ascending"
    after = [float(v) for v in box.evaluate(values_js) if v is not None]
    assert after == sorted(numbers), after


@pytest.mark.browser
def test_back_to_top_leaves_the_keyword_filters_free(at: Callable[[int, str], Any]) -> None:
    page = at(390, KEYWORDS)
    page.wait_for_selector(".kw-controls")
    top = page.evaluate(
        "() => document.querySelector('.kw-controls').getBoundingClientRect().top + scrollY"
    )
    # read on past the filters, then back up to them: Material shows its button on the way up
    page.mouse.wheel(0, top + 600)
    page.wait_for_timeout(400)
    page.mouse.wheel(0, -600)
    page.wait_for_function("() => !document.querySelector('.md-top').hidden")
    page.wait_for_timeout(300)  # its transition
    boxes = page.evaluate(
        """() => [document.querySelector('.md-top'), document.querySelector('.kw-controls')]
          .map(e => { const r = e.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; })"""
    )
    (bl, bt, br, bb), (fl, ft, fr, fb) = boxes
    assert -5 < ft < 300, f"the filters are not near the top of the screen: {boxes}"
    overlap = bl < fr and fl < br and bt < fb and ft < bb
    assert not overlap, f"the back-to-top button {boxes[0]} covers the filters {boxes[1]}"
