"""The site build converts only the pages that changed (issue 17): each page's conversion is
kept in store/mkdocs-pages.cache and used again while the page and its links' targets are the
same. The site is byte for byte the one a build converting every page makes, a link to a page
that is gone is still reported (and fails the strict build), a broken cache is ignored."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from generator.finished_pages import LAST_BUILD
from generator.foundation.errors import BuildError
from generator.mkdocs_plugin import LAST_BUILD_JS
from generator.page_cache import PageCache, read_cache
from generator.page_conversion import FORMAT
from generator.site import build_site, page_cache_file
from tests.conftest import BuiltDemo


def snapshot(site: Path) -> dict[str, str]:
    """Every page and the search index, by content."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.suffix == ".html" or p.name == "search_index.json"
    }


def search_docs(site: Path) -> dict[str, list[Any]]:
    """The search index's entries, by page."""
    index = json.loads((site / "search/search_index.json").read_bytes())
    docs: dict[str, list[Any]] = {}
    for doc in index["docs"]:
        docs.setdefault(doc["location"].split("#")[0], []).append(doc)
    return docs


def cache_of(demo: BuiltDemo) -> dict[str, Any]:
    data = read_cache(page_cache_file(demo.workspace))
    assert data is not None, "the page cache was not written, or cannot be read"
    return data


def pages(demo: BuiltDemo) -> int:
    return sum(1 for _ in demo.workspace.content.rglob("*.md"))


def test_a_warm_cache_converts_only_the_edited_page_and_the_rest_is_the_same(
    copy_demo: BuiltDemo,
) -> None:
    # the demo's site was built converting every page (its cache was empty)
    site = copy_demo.workspace.site
    cold, cold_index = snapshot(site), search_docs(site)
    assert cache_of(copy_demo)["stats"]["reused"] == 0
    page = copy_demo.workspace.content / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充说明：库存单位。\n", "utf-8")
    served_index = (site / "index.html").stat().st_ino
    served_glossary = (site / "glossary.html").stat().st_ino
    before = (site / "glossary.html").read_bytes()
    held = copy_demo.workspace.root / "held-glossary.html"  # the served file, whatever its path
    os.link(site / "glossary.html", held)

    build_site(copy_demo.workspace)

    stats = cache_of(copy_demo)["stats"]
    n = pages(copy_demo)
    assert stats == {
        "converted": 1,
        "reused": n - 1,
        "not_kept": 0,
        "search_reused": n - 1,
        "html_reused": n - 1,  # the theme applied again to the edited page only
        "unread": n - 1,  # the others' files unchanged: not even read
    }
    warm = snapshot(copy_demo.workspace.site)
    assert "补充说明：库存单位。" in (copy_demo.workspace.site / "glossary.html").read_text("utf-8")
    # the other pages are the served site's files, linked; the edited one a new file
    assert (site / "index.html").stat().st_ino == served_index
    assert (site / "glossary.html").stat().st_ino != served_glossary
    assert held.read_bytes() == before  # nothing was written through a link into it
    changed = {k for k in cold if cold[k] != warm.get(k)}
    # only the edited page and the search index differ from the build that converted all
    assert changed == {"glossary.html", "search/search_index.json"}
    assert warm.keys() == cold.keys()
    warm_index = search_docs(site)
    assert warm_index.keys() == cold_index.keys()
    assert [k for k in cold_index if warm_index[k] != cold_index[k]] == ["glossary.html"]


def test_a_removed_page_is_reported_by_the_pages_linking_to_it(copy_demo: BuiltDemo) -> None:
    content = copy_demo.workspace.content
    gone = sorted((content / "daily").glob("20*.md"))[-5]
    linking = sorted(
        p.relative_to(content).as_posix()
        for p in content.rglob("*.md")
        if p != gone and f"({gone.name}" in p.read_text(encoding="utf-8")
    )
    assert linking  # its neighbours link to it
    gone.unlink()

    with pytest.raises(BuildError) as warm:  # with the entries kept before it went
        build_site(copy_demo.workspace)
    # the linking pages, and only they, were converted again, and their warnings not kept
    stats = cache_of(copy_demo)["stats"]
    assert stats["converted"] == len(linking) == stats["not_kept"]
    assert not set(linking) & set(cache_of(copy_demo)["pages"])
    with pytest.raises(BuildError) as cold:  # converting every page
        build_site(copy_demo.workspace, reuse=False)
    assert cache_of(copy_demo)["stats"]["reused"] == 0
    assert str(warm.value) == str(cold.value)
    for src in linking:
        assert f"Doc file '{src}' contains a link '{gone.name}'" in str(warm.value)


def test_a_broken_cache_is_ignored(copy_demo: BuiltDemo, tmp_path: Path) -> None:
    cold = snapshot(copy_demo.workspace.site)
    path = page_cache_file(copy_demo.workspace)
    data = cache_of(copy_demo)
    for entry in data["pages"].values():  # keys still match; what they hold does not
        entry["toc"], entry["lookups"] = "x", {"index.md": None}
    path.write_bytes(pickle.dumps(data, protocol=5))

    build_site(copy_demo.workspace)

    assert snapshot(copy_demo.workspace.site) == cold
    assert cache_of(copy_demo)["stats"]["converted"] == pages(copy_demo)
    # cut short, not a pickle (an older cache's JSON), not this format, not a dict, not there:
    # nothing is read, nothing raises
    whole = path.read_bytes()
    for raw in (
        whole[:1000],
        json.dumps({"format": FORMAT, "pages": {}}).encode(),
        pickle.dumps({"format": 0, "pages": {"index.md": {}}}),
        pickle.dumps([]),
    ):
        path.write_bytes(raw)
        assert PageCache(path).old == {}
    assert PageCache(tmp_path / "missing").old == {}


def test_a_new_build_time_leaves_every_unchanged_page_the_same_file(copy_demo: BuiltDemo) -> None:
    """Every build has a new build time: the footer shows it through last-build.js, so a page
    that did not change otherwise is not rendered again and is the very file of the served site
    (linked, not written: browsers keep their copy too). The same bytes as a build that renders
    every page."""
    ws = copy_demo.workspace
    yml = ws.root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    old = re.search(r'^  last_build: "(.*)"$', text, re.MULTILINE)
    assert old is not None
    new = "2099-01-02 09:00（北京时间）"
    yml.write_text(text.replace(old.group(1), new), encoding="utf-8")
    made = [Path("404.html")]  # every page, and the theme's own
    made += [p.relative_to(ws.content).with_suffix(".html") for p in ws.content.rglob("*.md")]
    before = snapshot(ws.site)
    # a served page edited in place is not the file the last build wrote: written again
    edited = Path("glossary.html")
    with (ws.site / edited).open("a", encoding="utf-8") as f:
        f.write("<!-- edited in the served site -->")
    served = {p: (ws.site / p).stat().st_ino for p in made}

    build_site(ws)

    assert cache_of(copy_demo)["stats"]["html_reused"] == pages(copy_demo)
    now = {p: (ws.site / p).stat().st_ino for p in made}
    assert {p for p in made if now[p] != served[p]} == {edited}  # the others: the same files
    assert "edited in the served site" not in (ws.site / edited).read_text("utf-8")
    assert {k: v for k, v in snapshot(ws.site).items() if k != "search/search_index.json"} == {
        k: v for k, v in before.items() if k != "search/search_index.json"
    }
    html = [(ws.site / p).read_text("utf-8") for p in made]
    assert all(
        old.group(1) not in t and LAST_BUILD not in t and "opsreport-last-build-time" in t
        for t in html
    )
    script = (ws.site / LAST_BUILD_JS).read_text("utf-8")
    assert json.dumps(new) in script and json.dumps(old.group(1)) not in script
    warm = snapshot(ws.site)
    build_site(ws, reuse=False)  # the theme applied to every page, every page written
    assert cache_of(copy_demo)["stats"]["html_reused"] == 0
    assert snapshot(ws.site) == warm
    assert (ws.site / "index.html").stat().st_ino != served[Path("index.html")]


def test_a_page_not_read_keeps_its_front_matter_and_one_with_a_date_in_it_is_read(
    copy_demo: BuiltDemo,
) -> None:
    """An operator's page with front matter: a page that is not read gets its meta (here its
    title) from the cache; meta that JSON cannot hold as it is (a YAML date) makes its page
    read every build. The same bytes as a build that reads every page."""
    ws = copy_demo.workspace
    titled, dated = ws.content / "glossary.md", ws.content / "inputs.md"
    titled.write_text("---\ntitle: 术语（自定义）\n---\n" + titled.read_text("utf-8"), "utf-8")
    dated.write_text("---\nupdated: 2026-12-01\n---\n" + dated.read_text("utf-8"), "utf-8")
    build_site(ws)  # both converted; the titled one's meta kept

    build_site(ws)

    assert cache_of(copy_demo)["stats"]["unread"] == pages(copy_demo) - 1  # all but the dated
    assert "<title>术语（自定义）" in (ws.site / "glossary.html").read_text("utf-8")
    warm = snapshot(ws.site)
    build_site(ws, reuse=False)
    assert snapshot(ws.site) == warm


def test_a_changed_template_applies_the_theme_to_every_page_again(copy_demo: BuiltDemo) -> None:
    ws = copy_demo.workspace
    partial = ws.root / "overrides/partials/copyright.html"
    partial.write_text(partial.read_text("utf-8") + "<!-- edited -->\n", encoding="utf-8")

    build_site(ws)

    stats = cache_of(copy_demo)["stats"]
    assert stats["html_reused"] == 0
    assert stats["unread"] == pages(copy_demo)  # conversions kept, pages not read
    assert "<!-- edited -->" in (ws.site / "glossary.html").read_text("utf-8")
    # the charts and tables lifted out before Markdown are put back into pages not read
    warm = snapshot(ws.site)
    daily = sorted((ws.site / "daily").glob("20*.html"))[-1].read_text("utf-8")
    assert 'class="ops-chart"' in daily and "ops-block" not in daily
    build_site(ws, reuse=False)  # every page read and converted
    assert snapshot(ws.site) == warm


def test_a_page_is_read_again_when_another_plugin_could_change_its_markdown(
    copy_demo: BuiltDemo,
) -> None:
    """With a plugin besides opsreport's and the search plugin (an operator's own mkdocs.yml),
    every page is read: another plugin's page events may make other Markdown of the same file."""
    ws = copy_demo.workspace
    yml = ws.root / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    assert "\n  - search:" in text
    yml.write_text(text.replace("\n  - search:", "\n  - tags\n  - search:", 1), "utf-8")

    build_site(ws)

    stats = cache_of(copy_demo)["stats"]
    assert stats["unread"] == 0
    assert stats["reused"] == pages(copy_demo)  # still converted from the cache


def test_content_files_are_linked_into_the_site_and_a_new_build_never_changes_the_served_ones(
    copy_demo: BuiltDemo,
) -> None:
    """A download is linked into the built site, not copied; the next build replaces the
    content's file (never rewrites it), so the site being served keeps the old bytes until
    the new site is swapped in."""
    import os

    from generator.site import write_if_changed

    ws = copy_demo.workspace
    build_site(ws)
    rel = "downloads/actions.csv"
    content, served = ws.content / rel, ws.site / rel
    assert os.path.samefile(content, served)  # one file, two names
    before = served.read_bytes()
    write_if_changed(content, before + b"new,row\n")
    assert served.read_bytes() == before  # the served site is as it was
    build_site(ws)
    assert (ws.site / rel).read_bytes() == before + b"new,row\n"
