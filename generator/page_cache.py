"""A page's Markdown converted once: the HTML, table of contents, title and anchors that
``mkdocs.structure.pages.Page.render`` computes, kept per page in one file between builds.

On a new day only a few dozen of the site's pages change their Markdown, yet MkDocs converts
every one of them again (most of a ``mkdocs build``). The opsreport plugin replaces each page's
``render`` with :meth:`PageCache.render`, which sets exactly what ``Page.render`` sets from the
page's entry when the entry's key matches and converts (and keeps the result) otherwise.

An entry is used only when all of these are what they were when it was made:

- the key: the page's Markdown as handed to ``render`` (after every plugin's
  ``on_page_markdown``), its source path, destination and URL, and a digest of what conversion
  reads from the config (``markdown_extensions``, ``mdx_configs``, ``use_directory_urls``,
  ``validation``), the MkDocs / Markdown / Material / Python versions and this plugin's code;
- every lookup of another file the conversion made (a link's target: there or not, its URL):
  a link to a page that is gone is converted again, and MkDocs warns about it again.

A page whose file is byte for byte what it was (and whose lookups give the same answers) is
not even read: its source, meta and conversion come from its entry (:meth:`PageCache.wrap`),
while only this plugin and the search plugin are configured (another plugin's
``on_page_read_source`` or ``on_page_markdown`` could make other Markdown of the same file).
On a new day nearly every page is such a page, and reading, lifting and hashing each one again
made the build's time grow with the length of the history.

A conversion that logged anything (a link warning, which fails a ``strict`` build) or read
the file list other than by lookup is not kept: a page served from the cache never hides a
message a real conversion would give.

The theme's template is applied to a page again only when what it reads changed: the page
(its converted content, table of contents, title, meta, URL and neighbours), the config, the
navigation and the templates (:mod:`generator.finished_pages`). Otherwise the page's finished HTML
from the last build is written as it was, with the footer's build time (the only part that
changes on every build) filled in: the theme's template took most of a build in which a few
pages changed, and every page changed in a build of a new day only by that time.

The files are written at the end of the build (temporary file, then renamed), with only the
entries this build used, as a pickle (:func:`read_cache`: a JSON file of 12 MB took 0.16 s to
read and write again on a store of 800 days, a pickle 0.10 s); one that cannot be read is
ignored (every page converted). The
cache is used only when ``generator/site.py`` asks for it (:data:`ENV_FILE`): a plain
``mkdocs build`` of the workspace converts every page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .page_conversion import (
    FORMAT,
    SOURCE_PLUGINS,
    RecordingFiles,
    Said,
    config_digest,
    found,
    links_recorded,
    lookup_of,
    toc_tokens,
)

log = logging.getLogger("mkdocs.plugins.opsreport")

ENV_FILE = "OPSREPORT_PAGE_CACHE"  # the cache file's path: set by generator/site.py
ENV_READ = "OPSREPORT_PAGE_CACHE_READ"  # "0": convert every page, then write a fresh cache
# the site being served: a page written with its file's bytes is linked (generator/mkdocs_plugin.py)
SERVED_ENV = "OPSREPORT_SERVED_SITE"
CACHE_NAME = "mkdocs-pages.cache"  # in the workspace's store/, outside content/ and site/


class PageCache:
    """The entries of one build: read from ``path`` at the start (unless ``read`` is off),
    written back with the entries this build used by :meth:`save`."""

    def __init__(self, path: Path, read: bool = True) -> None:
        self.path = path
        self.old: dict[str, Any] = self._load() if read else {}
        self.new: dict[str, Any] = {}
        self.digest: str | None = None
        self.converted = 0
        self.reused = 0
        self.not_kept = 0
        self.indexed_again = 0  # pages whose search entries came from the cache
        self.read = read
        self.sources: dict[str, str] = {}  # each page's source key (PageCache.source_key)
        self.not_read: set[str] = set()  # pages not read again (file unchanged): wrap

    def _load(self) -> dict[str, Any]:
        data = read_cache(self.path)
        pages = None if data is None else data.get("pages")
        return pages if isinstance(pages, dict) else {}

    def key(self, page: Any, config: Any) -> str:
        if self.digest is None:  # once, when every plugin's on_config has run
            self.digest = config_digest(config)
        f = page.file
        head = [self.digest, f.src_uri, f.dest_uri, f.url, repr(f.inclusion), links_recorded()]
        h = hashlib.sha256(json.dumps(head).encode())
        h.update(page.markdown.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def source_key(self, page: Any, config: Any) -> str | None:
        """The page's file as written (bytes), with what its conversion reads besides (the
        digest, paths, URL): None when other plugins are configured or the file cannot be read
        (then the page is read and converted the ordinary way)."""
        if not set(config.get("plugins") or ()) <= SOURCE_PLUGINS:
            return None
        if self.digest is None:
            self.digest = config_digest(config)
        f = page.file
        try:
            raw = f.content_bytes
        except (OSError, AssertionError):
            return None
        head = ["source", self.digest, f.src_uri, f.dest_uri, f.url, repr(f.inclusion)]
        h = hashlib.sha256(json.dumps([*head, links_recorded()]).encode())
        h.update(raw)
        return h.hexdigest()

    def identity(self, src: str) -> str | None:
        """What the page's converted content is a function of, when its entry says (its
        source key and the answers of its lookups): the finished page's key uses it instead of
        hashing the content (generator/finished_pages.py). None for a page without one."""
        entry = self.new.get(src)
        if not isinstance(entry, dict) or not isinstance(entry.get("source"), str):
            return None
        text = json.dumps([entry["source"], entry.get("lookups")], sort_keys=True)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def wrap(self, page: Any, config: Any = None, files: Any = None) -> bool:
        """Give ``page`` a ``render`` that uses this cache. With ``config`` and ``files``
        (``on_pre_page``), a page whose file and lookups are as they were in its entry is not
        read: its ``read_source`` sets the meta kept and an empty Markdown, its ``render``
        nothing (the conversion is set from the entry here); True then."""
        src = page.file.src_uri
        source = None if config is None else self.source_key(page, config)
        if source is not None:
            self.sources[src] = source
            entry = self.old.get(src)
            if (
                isinstance(entry, dict)
                and entry.get("source") == source
                and isinstance(entry.get("meta"), dict)
                and self._apply(page, entry, files)
            ):
                meta: dict[str, Any] = entry["meta"]

                def read_source(config: Any) -> None:
                    page.markdown, page.meta = "", dict(meta)

                def render_nothing(config: Any, files: Any) -> None:
                    pass  # set from the entry by _apply

                page.read_source = read_source
                page.render = render_nothing
                self.new[src] = entry
                self.reused += 1
                self.not_read.add(src)
                return True
        original: Callable[[Any, Any], None] = page.render

        def render(config: Any, files: Any) -> None:
            self.render(page, original, config, files)

        page.render = render
        return False

    def render(
        self, page: Any, original: Callable[[Any, Any], None], config: Any, files: Any
    ) -> None:
        src = page.file.src_uri
        key = self.key(page, config)
        entry = self.old.get(src)
        if isinstance(entry, dict) and entry.get("key") == key and self._apply(page, entry, files):
            kept = {k: v for k, v in entry.items() if k not in ("source", "meta")}
            self.new[src] = {**kept, **self._read_as(page)}
            self.reused += 1
            return
        recording, said = RecordingFiles(files), Said()
        loggers = (logging.getLogger(), logging.getLogger("mkdocs"))
        for logger in loggers:
            logger.addHandler(said)
        try:
            original(config, recording)
        finally:
            for logger in loggers:
                logger.removeHandler(said)
        self.converted += 1
        if said.count or recording.other:
            self.not_kept += 1
            return
        links = getattr(page, "links_to_anchors", None) if links_recorded() else None
        self.new[src] = {
            "key": key,
            "lookups": recording.lookups,
            "content": page.content,
            "toc": toc_tokens(page.toc),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": None
            if links is None
            else [[target.src_uri, dict(anchors)] for target, anchors in links.items()],
            **self._read_as(page),
        }

    def _read_as(self, page: Any) -> dict[str, Any]:
        """The page's source key and meta, for the next build not to read it while its file is
        the same; nothing when it has no source key or its meta is not plain JSON."""
        source = self.sources.get(page.file.src_uri)
        meta = page.meta
        try:
            plain = isinstance(meta, dict) and json.loads(json.dumps(meta)) == meta
        except (TypeError, ValueError):
            plain = False
        return {"source": source, "meta": meta} if source is not None and plain else {}

    def _apply(self, page: Any, entry: dict[str, Any], files: Any) -> bool:
        """Set what ``Page.render`` sets, from ``entry``; False (nothing set) when a lookup
        gives another answer now or the entry is not what this code writes."""
        from mkdocs.structure.toc import get_toc

        lookup = lookup_of(files)
        try:
            lookups = entry["lookups"]
            for path, answer in lookups.items():
                if found(lookup(path)) != answer:
                    return False
            links = None
            if entry["links"] is not None:
                links = {}
                for target, anchors in entry["links"]:
                    file = lookup(target)
                    if file is None or not isinstance(anchors, dict):
                        return False
                    links[file] = dict(anchors)
            content, title = entry["content"], entry["title"]
            if not isinstance(content, str) or not isinstance(title, str | None):
                return False
            toc = get_toc(entry["toc"])
            anchors = set(entry["anchors"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return False
        page.content = content
        page.toc = toc
        page._title_from_render = title
        page.present_anchor_ids = anchors
        if links is not None:
            page.links_to_anchors = links
        return True

    def wrap_search(self, config: Any) -> None:
        """Make the search plugin's index take a page's entries from the cache when what it
        reads of the page (content, contents, URL, title, meta) is as it was: parsing and
        segmenting every page again was a third of a build with few changed pages."""
        plugin = _search_plugin(config)
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if index is None or add is None or getattr(add, "_opsreport", False):
            return

        def add_entry(page: Any) -> None:
            self.index(page, index, add)

        add_entry._opsreport = True  # type: ignore[attr-defined]
        index.add_entry_from_context = add_entry

    def index(self, page: Any, index: Any, add: Callable[[Any], None]) -> None:
        src = page.file.src_uri
        h = hashlib.sha256(
            json.dumps(
                [page.url, str(page.title), repr(sorted(page.meta.items())), toc_tokens(page.toc)]
            ).encode("utf-8", "surrogatepass")
        )
        h.update((page.content or "").encode("utf-8", "surrogatepass"))
        key = h.hexdigest()
        old = self.old.get(src)
        kept = old.get("search") if isinstance(old, dict) else None
        if isinstance(kept, list) and len(kept) == 2 and kept[0] == key:
            entries = [dict(e) for e in kept[1]]
            self.indexed_again += 1
        else:
            n = len(index.entries)
            add(page)
            entries = [dict(e) for e in index.entries[n:]]
            del index.entries[n:]
        index.entries.extend(entries)
        if src in self.new:  # only with a kept conversion (same page, same build)
            self.new[src] = {**self.new[src], "search": [key, entries]}

    def save(self, html_reused: int = 0) -> None:
        """Write the entries this build used (atomically), with the build's counts (and
        ``html_reused``: the pages whose finished HTML was kept, generator/finished_pages.py);
        a failure only loses the cache."""
        data = {
            "format": FORMAT,
            "stats": {
                "converted": self.converted,
                "reused": self.reused,
                "not_kept": self.not_kept,
                "search_reused": self.indexed_again,
                "html_reused": html_reused,
                "unread": len(self.not_read),
            },
            "pages": self.new,
        }
        tmp = self.path.with_name(f".{self.path.name}.tmp")  # one build at a time (build lock)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as f:
                pickle.dump(data, f, protocol=5)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.debug("page cache not written: %s", exc)
            tmp.unlink(missing_ok=True)
        log.debug("page cache: %d pages converted, %d from the cache", self.converted, self.reused)


def read_cache(path: Path) -> dict[str, Any] | None:
    """The cache file's data (``format``, ``stats``, ``pages``), or None when it is missing,
    damaged or not of this format (then every page is converted)."""
    try:
        with path.open("rb") as f:
            data = pickle.load(f)
    except Exception:  # missing, unreadable, cut short, or not a pickle (an older JSON cache)
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _search_plugin(config: Any) -> Any:
    plugins = config.get("plugins") or {}
    for name in ("material/search", "search"):
        try:
            return plugins[name]
        except (KeyError, TypeError):
            continue
    return None


def from_environment() -> PageCache | None:
    """The cache generator/site.py asked for, or None (a plain ``mkdocs build``)."""
    path = os.environ.get(ENV_FILE, "")
    if not path:
        return None
    return PageCache(Path(path), read=os.environ.get(ENV_READ, "1") != "0")
