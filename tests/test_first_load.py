"""A light first load (issue 17): the bytes a reader's browser fetches over HTTP for the home
page of a freshly opened site, and then for a later page with the cache warm; the search index
is fetched only when the reader goes to search, and it holds what readers search (page titles,
to-do items, product titles, keywords), not the numbers of every table.

Counted by the HTTP server that serves the built demo (every byte it sends: headers and
bodies, including what the search worker fetches), in the system Chromium.
"""

from __future__ import annotations

import functools
import html
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.test_browser import CHARTS_SETTLED_JS, VIEWPORT, _SiteHandler
from tests.test_browser import browser as browser

if TYPE_CHECKING:
    from conftest import BuiltDemo

pytestmark = pytest.mark.browser

FIRST_LOAD_MAX = 1_500_000  # bytes: the home page, nothing cached
LATER_PAGE_MAX = 300_000  # bytes: any later page, the cache warm
INDEX = "search/search_index.json"


class _CountingHandler(_SiteHandler):
    """The site handler, adding up what it sends per path (headers and body)."""

    def setup(self) -> None:
        super().setup()
        raw, sent = self.wfile, self.server.sent  # type: ignore[attr-defined]
        handler = self

        class Counted:
            def write(self, data: bytes) -> int:
                path = urlsplit(getattr(handler, "path", "") or "").path
                with sent_lock:
                    sent[path] += len(data)
                return raw.write(data)

            def flush(self) -> None:
                raw.flush()

            def __getattr__(self, name: str) -> Any:
                return getattr(raw, name)

        self.wfile = Counted()  # type: ignore[assignment]


sent_lock = threading.Lock()


@pytest.fixture(scope="module")
def served(built_demo: BuiltDemo) -> Iterator[tuple[str, Counter[str]]]:
    site = Path(built_demo.workspace.site)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_CountingHandler, directory=str(site))
    )
    server.sent = Counter()  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="counting-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server.sent  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function(CHARTS_SETTLED_JS, timeout=20_000)
    page.wait_for_load_state("networkidle")


def _take(sent: Counter[str]) -> Counter[str]:
    with sent_lock:
        out = Counter(sent)
        sent.clear()
    return out


def _biggest(got: Counter[str]) -> str:
    return ", ".join(f"{path} {n:,}" for path, n in got.most_common(6))


def test_first_load_and_later_page_are_light(
    browser: Any,
    served: tuple[str, Counter[str]],
    built_demo: BuiltDemo,
) -> None:
    base, sent = served
    # a plain context: no request routing (Playwright turns the HTTP cache off with it)
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _take(sent)
        page.goto(base + "index.html", wait_until="load")
        _settle(page)
        first = _take(sent)
        total = sum(first.values())
        assert total <= FIRST_LOAD_MAX, (
            f"first load of the home page: {total:,} bytes > {FIRST_LOAD_MAX:,}; biggest: "
            f"{_biggest(first)}"
        )
        assert "/" + INDEX not in first, (
            f"the home page fetched the search index ({first['/' + INDEX]:,} bytes) before "
            "the reader went to search"
        )

        later = (
            "daily/" + sorted(p.stem for p in built_demo.workspace.content.glob("daily/2*.md"))[-2]
        )
        page.goto(f"{base}{later}.html", wait_until="load")
        _settle(page)
        second = _take(sent)
        total = sum(second.values())
        assert total <= LATER_PAGE_MAX, (
            f"{later} after the home page: {total:,} bytes > {LATER_PAGE_MAX:,}; biggest: "
            f"{_biggest(second)}"
        )

        # the reader goes to search: the index comes now, and search finds what they search
        page.locator(".md-search__input").click()
        hits = _search(page, _keyword(built_demo))
        assert any("/keywords/" in h for h in hits), f"a keyword's search: {hits}"
        assert sent["/" + INDEX] > 0, "the search index was not fetched when searching"
        assert hosts == {urlsplit(base).netloc}, f"requests left the site: {hosts}"
        assert not errors, errors
    finally:
        context.close()


def _search(page: Any, words: str) -> list[str]:
    box = page.locator(".md-search__input")
    box.fill("")
    page.keyboard.insert_text(words)
    page.keyboard.press("End")
    hits = page.locator(".md-search-result__item a")
    hits.first.wait_for(state="visible")
    return list(hits.evaluate_all("links => links.map(a => a.href)"))


def _keyword(built_demo: BuiltDemo) -> str:
    """A keyword of the library shown on a status page, the one whose words are rarest in the
    rest of the site (so that its status page is among the first results)."""
    pages = sorted(built_demo.workspace.content.glob("keywords/*.md"))
    words = [
        html.unescape(w)
        for p in pages
        for w in re.findall(r'col-keyword">([^<]+)<', p.read_text(encoding="utf-8"))
    ]
    words = [w for w in words if re.fullmatch(r"[a-z][a-z ]+[a-z]", w)]
    assert words, "no keyword on the keyword library's status pages"
    return words[0]


# --- the index itself --------------------------------------------------------------------------


def _index(built_demo: BuiltDemo) -> dict[str, Any]:
    path = Path(built_demo.workspace.site) / INDEX
    index: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return index


def _flat(text: str) -> str:
    """Text as search reads it, without the word breaks (spaces, jieba's zero-width spaces),
    Markdown's backslashes and HTML escapes: one page's text contains another's."""
    return re.sub(r"[\s\u200b\\]+", "", html.unescape(text))


def test_search_index_keeps_what_readers_search(built_demo: BuiltDemo) -> None:
    """Page titles, to-do items, product titles and keywords are in the index; the numbers of
    tables, the same note on every page and the copies of a week's to-do items are not."""
    index = _index(built_demo)
    docs = index["docs"]
    by_page: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        by_page.setdefault(d["location"].split("#")[0], []).append(d)
    text = {
        page: " ".join(d["title"] + " " + d["text"] for d in ds) for page, ds in by_page.items()
    }
    content = built_demo.workspace.content

    # every period page is found by its title
    for md in sorted(content.glob("daily/2*.md")) + sorted(content.glob("weekly/2*.md")):
        page = f"{md.parent.name}/{md.stem}.html"
        assert page in by_page, f"{page} is not in the search index"
        title = md.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert _flat(title) == _flat(by_page[page][0]["title"]), (page, title)

    # the home page's to-do items, and the product titles they and the daily pages name
    home = content.joinpath("index.md").read_text(encoding="utf-8")
    todo = re.search(r"\{#todo\}\n\n((?:- .*\n)+)", home)
    assert todo, "the home page has no to-do list"
    first_item = todo.group(1).splitlines()[0][2:].split(" — ")[0]
    assert _flat(first_item) in _flat(text["index.html"]), first_item
    named = 0
    for md in sorted(content.glob("daily/2*.md")):
        page = f"daily/{md.stem}.html"
        for title in re.findall(r"([A-Z][A-Za-z0-9 ]+)…（", md.read_text(encoding="utf-8")):
            assert _flat(title) in _flat(text[page]), (page, title)
            named += 1
    assert named, "no daily page names a product"

    # a keyword of the library is found on its status page
    word = _keyword(built_demo)
    assert any(_flat(word) in _flat(t) for p, t in text.items() if p.startswith("keywords/")), word

    # not indexed: the note on every daily page, download lines, a week's section copies of
    # its to-do items, frozen copies of monthly pages (tables and charts never were)
    notes = [d for d in docs if d["location"].startswith("daily/") and "T-2" in d["text"]]
    assert not notes, f"{len(notes)} daily entries still hold the page note: {notes[0]}"
    downloads = [d["location"] for d in docs if "CSV · XLSX" in d["text"].replace("\u200b", "")]
    assert not [p for p in downloads if re.match(r"(daily|weekly)/2", p)], downloads[:5]
    for page, ds in by_page.items():
        if not page.startswith("weekly/2"):
            continue
        items = re.findall(r"<li>(.*?)</li>", " ".join(d["text"] for d in ds))
        twice = [i for i, n in Counter(items).items() if n > 1]
        assert not twice, f"{page}: to-do items indexed twice: {twice[:2]}"
    frozen = [d["location"] for d in docs if re.match(r"archive/\d{4}-\d{2}", d["location"])]
    assert not frozen, f"frozen copies of monthly pages are indexed: {frozen[:3]}"
    # the markers are attributes, never text a reader sees
    site = Path(built_demo.workspace.site)
    shown = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "{: data-search-exclude" in p.read_text(encoding="utf-8")
    ]
    assert not shown, f"pages show a search marker as text: {shown[:5]}"
