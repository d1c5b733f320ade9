"""A page's finished HTML (the theme's template applied) kept between builds, in
``store/mkdocs-html.cache`` beside the conversions (:mod:`generator.page_cache`).

The theme's template is applied to a page again only when what it reads changed: the page (its
converted content with the blocks the plugin puts back, table of contents, title, meta, URLs,
place in the navigation and neighbours), the config, the navigation and the templates
(:func:`layout_digest`). Otherwise the page's HTML from the last build is written as it was:
the template took most of a build in which a few pages changed. The footer's build time is
not in the pages (the plugin's ``last-build.js`` shows it); :data:`LAST_BUILD` stands for it in
the config the template and :func:`layout_digest` read, which is then the same every build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import zlib
from pathlib import Path
from typing import Any

from .page_conversion import config_digest, plain, toc_tokens

HTML_NAME = "mkdocs-html.cache"  # in the workspace's store/, beside mkdocs-pages.cache
FORMAT = 1
# stands for the footer's build time in the config (the time itself is in last-build.js)
LAST_BUILD = "opsreport-last-build-e3b0c442"

log = logging.getLogger("mkdocs.plugins.opsreport")


def _nav_items(items: Any) -> list[Any]:
    return [
        [
            str(getattr(i, "title", "")),
            getattr(i, "url", None),
            _nav_items(getattr(i, "children", None) or []),
        ]
        for i in items
    ]


# config the theme's template does not read: the plugins (objects), the theme (digested on
# its own) and the folder being built (a new temporary one each build)
IGNORED = ("plugins", "theme", "site_dir")


def layout_digest(config: Any, nav: Any) -> str:
    """What the theme's template reads besides the page: the whole config (but the plugins'
    objects and the output folder), the theme and its templates (the custom_dir's files by
    content; the theme's own by its version), the navigation, and what :func:`config_digest`
    covers."""
    theme = config.get("theme")
    dirs = [str(d) for d in getattr(theme, "dirs", [])]
    text = json.dumps(
        {
            "config": {k: plain(v) for k, v in config.items() if k not in IGNORED},
            "theme": {str(k): plain(v) for k, v in theme.items()} if theme else None,
            "theme_name": getattr(theme, "name", None),
            "dirs": dirs,
            "nav": _nav_items(nav or []),
        },
        sort_keys=True,
        default=str,
    )
    # the workspace's own folder by name only: a moved or copied workspace keeps its pages
    where = config.get("config_file_path")
    if isinstance(where, str) and where:
        text = text.replace(json.dumps(str(Path(where).parent))[1:-1], "<workspace>")
    h = hashlib.sha256(config_digest(config).encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    custom = getattr(theme, "custom_dir", None)  # the workspace's overrides
    if custom:
        root = Path(custom)
        for p in sorted(root.rglob("*")) if root.is_dir() else ():
            if p.is_file():
                h.update(str(p.relative_to(root)).encode() + b"\x00" + p.read_bytes())
    return h.hexdigest()


class FinishedPages:
    """The finished pages of one build: read from ``path`` at the start (unless ``read`` is
    off), written back with the pages this build used by :meth:`save`."""

    def __init__(self, path: Path, read: bool = True) -> None:
        self.path = path
        self.old: dict[str, tuple[Any, ...]] = self._load() if read else {}
        self.new: dict[str, tuple[Any, ...]] = {}
        self.keys: dict[str, str] = {}  # the key of each page the theme renders this build
        self.layout: str | None = None
        self.reused = 0  # pages whose finished HTML came from the cache

    def _load(self) -> dict[str, tuple[Any, ...]]:
        try:
            with self.path.open("rb") as f:
                data = pickle.load(f)
            if isinstance(data, dict) and data.get("format") == FORMAT:
                pages = data.get("pages")
                if isinstance(pages, dict):
                    return pages
        except Exception:  # missing, or not a pickle of this cache: every page rendered
            pass
        return {}

    def finished_key(
        self, page: Any, config: Any, nav: Any, blocks: list[str], identity: str | None = None
    ) -> str:
        """Everything the theme's template reads to make ``page``'s HTML: the layout (config,
        navigation, templates, versions: :func:`layout_digest`), and the page's converted
        content (with the blocks the plugin puts back), table of contents, title, meta, URLs,
        place in the navigation and neighbours. With ``identity`` (what the content and the
        blocks are a function of: the page's file and its links' answers,
        :meth:`generator.page_cache.PageCache.identity`), that stands for the content and the
        blocks, which are then not hashed (nor, for a page not read, lifted)."""
        if self.layout is None:
            self.layout = layout_digest(config, nav)

        def near(p: Any) -> list[str] | None:
            return None if p is None else [p.url, str(p.title)]

        head = [
            self.layout,
            page.file.src_uri,
            page.file.dest_uri,
            page.url,
            page.canonical_url,
            page.edit_url,
            bool(page.is_homepage),
            str(page.title),
            json.dumps(page.meta, sort_keys=True, default=str),
            toc_tokens(page.toc),
            near(page.previous_page),
            near(page.next_page),
            [near(a) for a in page.ancestors],
        ]
        h = hashlib.sha256(json.dumps(head, default=str).encode("utf-8", "surrogatepass"))
        if identity is not None:
            h.update(b"identity\x00" + identity.encode())
            return h.hexdigest()
        h.update((page.content or "").encode("utf-8", "surrogatepass"))
        for block in blocks:
            h.update(b"\x00" + block.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def kept(
        self, page: Any, config: Any, nav: Any, blocks: list[str], identity: str | None = None
    ) -> tuple[Any, ...] | None:
        """The last build's entry for ``page`` when what the template reads is the same (then
        :meth:`html` gives its HTML, or the plugin links the served file when :meth:`stamp`
        says it is that HTML); None (the theme renders it, :meth:`keep_finished` keeps it)
        otherwise."""
        src = page.file.src_uri
        key = self.finished_key(page, config, nav, blocks, identity)
        entry = self.old.get(src)
        if isinstance(entry, tuple) and len(entry) in (2, 3) and entry[0] == key:
            return entry
        self.keys[src] = key
        return None

    @staticmethod
    def stamp(entry: tuple[Any, ...]) -> tuple[int, int] | None:
        """The size and modification time of the file the last build wrote from ``entry``."""
        if len(entry) == 3 and isinstance(entry[2], tuple) and len(entry[2]) == 2:
            return entry[2]
        return None

    def use(self, src: str, entry: tuple[Any, ...]) -> None:
        """``entry`` is this build's page too."""
        self.new[src] = entry
        self.reused += 1

    def html(self, src: str, entry: tuple[Any, ...]) -> str | None:
        """The kept page's HTML (then used); None when it cannot be read (rendered again)."""
        try:
            html: str = zlib.decompress(entry[1]).decode("utf-8", "surrogatepass")
        except (zlib.error, TypeError, UnicodeDecodeError):
            self.keys[src] = entry[0]
            return None
        self.use(src, (entry[0], entry[1]))
        return html

    def keep_finished(self, page: Any, html: str) -> None:
        """Keep the HTML the theme made for ``page`` (asked for by :meth:`kept`)."""
        key = self.keys.pop(page.file.src_uri, None)
        if key is not None:
            data = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
            self.new[page.file.src_uri] = (key, data)

    def stamp_written(self, written: dict[str, str]) -> None:
        """Note the size and modification time of each page's file as this build wrote (or
        linked) it, ``written``: source → path: the next build links it while they hold."""
        for src, path in written.items():
            entry = self.new.get(src)
            if entry is None:
                continue
            try:
                st = os.stat(path)
            except OSError:
                continue
            self.new[src] = (entry[0], entry[1], (st.st_size, st.st_mtime_ns))

    def save(self) -> None:
        """Write the pages this build used (atomically); a failure only loses the cache."""
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            with tmp.open("wb") as f:
                pickle.dump({"format": FORMAT, "pages": self.new}, f, protocol=5)
            os.replace(tmp, self.path)
        except OSError as exc:
            log.debug("page cache (finished pages) not written: %s", exc)
            tmp.unlink(missing_ok=True)
