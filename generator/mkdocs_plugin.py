"""The `opsreport` MkDocs plugin: big raw-HTML blocks skip Markdown and the search index.

Every period page carries charts (a Vega-Lite spec in an attribute) and tables kept out of
search (``data-search-exclude``), written by :mod:`generator.render.markup` as one raw-HTML block
each. Markdown would parse each of them with its HTML parser, and Material's search plugin
would parse them again to find the text it must leave out: most of a rebuild's time. The
plugin lifts them out before Markdown, leaving an HTML comment in their place, and puts them
back into the finished page. The page's HTML is the same; its search entry is too, because
these blocks were never in it. Searchable tables are left to Markdown and search.

It HTML-escapes the site name for the theme (the store name is a setting, mkdocs.yml holds it
as plain text).

It also remembers how jieba cut each run of Chinese text for the search index: Material's
search plugin cuts every run on every page, and 400 daily pages repeat the same phrases. The
words are the same (jieba is deterministic for one dictionary); a third of the build's time was
spent cutting them again.

When generator/site.py asks for it, each page's conversion is kept between builds and used
again while the page and every link it makes are unchanged, and so is its finished HTML while
nothing the theme's template reads has changed (:mod:`generator.page_cache`): the footer's build
time stands as a placeholder in the kept HTML and is filled in as each page is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin

from .finished_pages import HTML_NAME, LAST_BUILD, FinishedPages
from .page_cache import PageCache, from_environment

BLOCK = re.compile(
    r'^<div class="ops-chart"[^>]*></div>$'
    r'|^<div class="ops-table" data-search-exclude>.*?</table></div>$',
    re.MULTILINE | re.DOTALL,
)
MARK = re.compile(r"<!-- ops-block (\d+) -->")


def remember_jieba_cuts() -> None:
    """Make ``jieba.cut(text)`` remember its answer per text (other calls pass through)."""
    try:
        import jieba
    except ImportError:  # Material segments Chinese only when jieba is installed
        return
    if getattr(jieba.cut, "_opsreport", False):
        return
    original = jieba.cut
    seen: dict[Any, tuple[str, ...]] = {}

    def cut(sentence: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return original(sentence, *args, **kwargs)
        words = seen.get(sentence)
        if words is None:
            words = seen[sentence] = tuple(original(sentence))
        return iter(words)

    cut._opsreport = True  # type: ignore[attr-defined]
    jieba.cut = cut


def lifted(page: Any) -> list[str]:
    """The blocks :meth:`OpsreportPlugin.on_page_markdown` lifts out of the page's Markdown, for
    a page that was not read (its conversion came from the cache with their marks in it)."""
    from mkdocs.utils import meta

    markdown, _ = meta.get_data(page.file.content_string)
    return [m.group(0) for m in BLOCK.finditer(markdown)]


def _linker(file: Any) -> Any:
    """``file.copy_file`` as a hard link to its source (a copy where links cannot be made)."""
    copy = file.copy_file

    def copy_file(dirty: bool = False) -> None:
        if dirty or getattr(file, "_content", None) is not None:
            copy(dirty)
            return
        dest = file.abs_dest_path
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        try:
            os.link(file.abs_src_path, dest)
        except OSError:  # another file system, a file there already, no links (FAT)
            copy(dirty)

    return copy_file


class OpsreportPlugin(BasePlugin):  # type: ignore[type-arg]
    def __init__(self) -> None:
        self.blocks: dict[str, list[str]] = {}
        self.cache: PageCache | None = None
        self.pages: FinishedPages | None = None  # the theme applied (generator/finished_pages.py)
        self.nav: Any = None
        self.last_build: str | None = None
        self.finished: dict[str, str] = {}  # pages whose kept HTML is written again

    def on_config(self, config: Any, **kwargs: Any) -> Any:
        remember_jieba_cuts()
        self.cache = from_environment()
        self.pages = (
            None
            if self.cache is None
            else FinishedPages(self.cache.path.with_name(HTML_NAME), self.cache.read)
        )
        extra = config.get("extra")
        if self.cache is not None and isinstance(extra, Mapping):
            built = extra.get("last_build")
            if isinstance(built, str) and built:  # the one part of a page each build changes
                self.last_build = built
                extra["last_build"] = LAST_BUILD  # type: ignore[index]
        # The theme prints site_name into HTML unescaped (MkDocs' Jinja does not autoescape)
        # in the header, the drawer and <title>, and once through `| e`: as Markup, the
        # escaped name comes out once-escaped in all of them, so a store name is only text.
        name = config.get("site_name")
        if isinstance(name, str) and not isinstance(name, Markup):
            config["site_name"] = escape(name)
        return config

    def on_pre_page(self, page: Any, config: Any, files: Any, **kwargs: Any) -> Any:
        if self.cache is not None:  # an unchanged page is not read (PageCache.wrap)
            self.cache.wrap(page, config, files)
        return page

    def on_files(self, files: Any, config: Any, **kwargs: Any) -> Any:
        """The content's own files (downloads, charts' data, assets) linked into the new site
        rather than copied, where the file system allows: every content file is replaced, never
        rewritten in place (generator/site.py ``write_if_changed``), so the site being served
        keeps its files while the next build writes new ones. Only when site.py asks for it."""
        if self.cache is None:
            return files
        docs = str(config["docs_dir"])
        for f in files:
            src = getattr(f, "abs_src_path", None)
            if (
                f.is_documentation_page()
                or f.generated_by
                or not src
                or not src.startswith(docs + os.sep)
            ):
                continue
            f.copy_file = _linker(f)
        return files

    def on_nav(self, nav: Any, **kwargs: Any) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, config: Any, **kwargs: Any) -> Any:
        """The theme's template of a page whose finished HTML is kept: one that writes it."""
        pages = self.pages
        if pages is None or getattr(env.get_template, "_opsreport", False):
            return env
        original = env.get_template
        again = env.from_string("{{ opsreport_finished }}")

        def get_template(name: Any, *args: Any, **kw: Any) -> Any:
            page = getattr(config, "_current_page", None)  # set by MkDocs while it builds one
            if page is not None and name == page.meta.get("template", "main.html"):
                src = page.file.src_uri
                identity = None if self.cache is None else self.cache.identity(src)
                html = pages.finished(page, config, self.nav, self.blocks.get(src, []), identity)
                if html is not None:
                    self.finished[src] = html
                    return again
                if self.cache is not None and src in self.cache.not_read:
                    self.blocks[src] = lifted(page)  # the theme applies: blocks to put back
            return original(name, *args, **kw)

        get_template._opsreport = True  # type: ignore[attr-defined]
        env.get_template = get_template
        return env

    def on_page_context(self, context: Any, page: Any, config: Any, **kwargs: Any) -> Any:
        if self.cache is not None:  # before the search plugin's (ours is listed first)
            self.cache.wrap_search(config)
        html = self.finished.get(page.file.src_uri)
        if html is not None:
            context["opsreport_finished"] = Markup(html)
        return context

    def on_page_markdown(self, markdown: str, page: Any, **kwargs: Any) -> str:
        blocks: list[str] = []

        def lift(match: re.Match[str]) -> str:
            blocks.append(match.group(0))
            return f"<!-- ops-block {len(blocks) - 1} -->"

        out = BLOCK.sub(lift, markdown)
        self.blocks[page.file.src_uri] = blocks
        return out

    def on_post_page(self, output: str, page: Any, **kwargs: Any) -> str:
        src = page.file.src_uri
        blocks = self.blocks.pop(src, [])
        kept = self.finished.pop(src, None)
        if kept is not None:  # as the theme made it last time, blocks in place
            output = kept
        else:
            if blocks:
                output = MARK.sub(lambda m: blocks[int(m.group(1))], output)
            if self.pages is not None:
                self.pages.keep_finished(page, output)
        if self.last_build is not None:
            output = output.replace(LAST_BUILD, self.last_build)
        return output

    def on_post_template(self, output_content: str, **kwargs: Any) -> str:
        """The theme's own pages (404.html) show the build time too."""
        if self.last_build is not None:
            return output_content.replace(LAST_BUILD, self.last_build)
        return output_content

    def on_post_build(self, **kwargs: Any) -> None:
        if self.cache is not None and self.pages is not None:
            self.pages.save()
            self.cache.save(html_reused=self.pages.reused)
