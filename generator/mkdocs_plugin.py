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
nothing the theme's template reads has changed (:mod:`generator.page_cache`), and a file the
build writes with the bytes the served site already has is linked to that file instead of
written again (creating a file cost more than all the rest of an unchanged page's build).

The footer's build time (``extra.last_build``, the one part of every page that changed on every
build) is not in the pages: the plugin writes it into ``assets/javascripts/last-build.js``,
which fills it in, so an unchanged page is the same file from build to build.
"""

from __future__ import annotations

import json
import marshal
import os
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin

from .finished_pages import HTML_NAME, LAST_BUILD, FinishedPages
from .page_cache import SERVED_ENV, PageCache, from_environment

LAST_BUILD_JS = "assets/javascripts/last-build.js"  # listed in mkdocs.yml's extra_javascript

BLOCK = re.compile(
    r'^<div class="ops-chart"[^>]*></div>$'
    r'|^<div class="ops-table" data-search-exclude>.*?</table></div>$',
    re.MULTILINE | re.DOTALL,
)
MARK = re.compile(r"<!-- ops-block (\d+) -->")


class _WholeFileMarshal:
    """``marshal`` for jieba, reading its dictionary's cache file whole: ``marshal.load`` on a
    file reads it an object at a time (0.55 s for the 9 MB dictionary, loaded by every build
    that indexes a page, against 0.17 s for its bytes). Everything else is ``marshal``'s."""

    @staticmethod
    def load(file: Any) -> Any:
        return marshal.loads(file.read())

    def __getattr__(self, name: str) -> Any:
        return getattr(marshal, name)


WHOLE_FILE_MARSHAL = _WholeFileMarshal()


def remember_jieba_cuts() -> None:
    """Make ``jieba.cut(text)`` remember its answer per text (other calls pass through), and
    jieba load its dictionary whole (:data:`WHOLE_FILE_MARSHAL`)."""
    try:
        import jieba
    except ImportError:  # Material segments Chinese only when jieba is installed
        return
    if getattr(jieba, "marshal", None) is marshal:
        jieba.marshal = WHOLE_FILE_MARSHAL  # type: ignore[attr-defined]
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


def lift(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each big block (:data:`BLOCK`) replaced by a mark, and the blocks."""
    blocks: list[str] = []

    def mark(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return f"<!-- ops-block {len(blocks) - 1} -->"

    return BLOCK.sub(mark, markdown), blocks


def lifted(page: Any) -> list[str]:
    """The blocks :func:`lift` takes out of the page's Markdown, for a page that was not read
    (its conversion came from the cache with their marks in it)."""
    from mkdocs.utils import meta

    markdown, _ = meta.get_data(page.file.content_string)
    return lift(markdown)[1]


def last_build_script(time: str) -> str:
    """The script that shows ``time`` in every footer (``.opsreport-last-build-time``), on the
    first load and after each of Material's instant navigations. The time is a JSON string and
    set as text: a setting's text stays text."""
    return f"""// Written by opsreport at each build: the time of the last successful build, shown in
// every page's footer (overrides/partials/copyright.html).
(function () {{
  var time = {json.dumps(time)};
  function fill() {{
    var spans = document.querySelectorAll(".opsreport-last-build-time");
    for (var i = 0; i < spans.length; i++) spans[i].textContent = time;
  }}
  if (typeof document$ !== "undefined") document$.subscribe(fill);  // instant navigation
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();  // and the first load (from a folder, document$ may never emit)
}})();
"""


# what a page's template writes when the served page's file is linked in its place (never
# written: the writer links instead)
LINKED = "<!-- opsreport: the served site's page, linked -->"


def _linking_writer(write: Any, site_dir: str, served: str, linked: dict[str, str]) -> Any:
    """``mkdocs.utils.write_file`` that links the served site's file for a page known to be it
    (``linked``: output path → served file; the page's output is only :data:`LINKED`) or for
    one that holds the same bytes, and writes otherwise. A file already at the path is
    removed first, so nothing is ever written through a link into the served site."""

    def same_as_served(content: bytes, output_path: str) -> str | None:
        rel = os.path.relpath(output_path, site_dir)
        if rel.startswith(os.pardir):
            return None
        old = os.path.join(served, rel)
        try:
            if os.path.getsize(old) == len(content):
                with open(old, "rb") as f:
                    return old if f.read() == content else None
        except OSError:  # not there
            pass
        return None

    def write_file(content: bytes, output_path: str) -> None:
        if os.path.lexists(output_path):
            os.unlink(output_path)
        known = linked.pop(output_path, None)
        source = known or same_as_served(content, output_path)
        if source is not None:
            os.makedirs(os.path.dirname(output_path), exist_ok=True)
            try:
                os.link(source, output_path)
                return
            except OSError:  # no links here (FAT, another file system)
                if known is not None:  # the page's bytes are the served file's
                    with open(known, "rb") as f:
                        content = f.read()
        write(content, output_path)

    write_file._opsreport = True  # type: ignore[attr-defined]
    return write_file


def _linker(file: Any, made: set[str]) -> Any:
    """``file.copy_file`` as a hard link to its source (a copy where links cannot be made).
    ``made``: the folders made so far in this build (a store's thousands of downloads share a
    few dozen folders: each was asked for again, three system calls a file)."""
    copy = file.copy_file

    def copy_file(dirty: bool = False) -> None:
        if dirty or getattr(file, "_content", None) is not None:
            copy(dirty)
            return
        dest = file.abs_dest_path
        folder = os.path.dirname(dest)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
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
        self.write_file: Any = None  # mkdocs.utils.write_file, while ours stands in for it
        self.served: str | None = None  # the served site, when its pages may be linked
        self.linked: dict[str, str] = {}  # output path → the served file to link there
        self.written: dict[str, str] = {}  # each page's output path (stamped after the build)

    def on_config(self, config: Any, **kwargs: Any) -> Any:
        remember_jieba_cuts()
        self.cache = from_environment()
        self.pages = (
            None
            if self.cache is None
            else FinishedPages(self.cache.path.with_name(HTML_NAME), self.cache.read)
        )
        extra = config.get("extra")
        if isinstance(extra, Mapping):
            built = extra.get("last_build")
            if isinstance(built, str) and built:  # shown by last-build.js, not in the pages
                self.last_build = built
                extra["last_build"] = LAST_BUILD  # type: ignore[index]
        served = os.environ.get(SERVED_ENV, "")
        if self.cache is not None and served and os.path.isdir(served):
            import mkdocs.utils

            if not getattr(mkdocs.utils.write_file, "_opsreport", False):
                self.served = served
                self.write_file = mkdocs.utils.write_file
                mkdocs.utils.write_file = _linking_writer(
                    self.write_file, str(config["site_dir"]), served, self.linked
                )
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
        made: set[str] = set()
        for f in files:
            src = getattr(f, "abs_src_path", None)
            if (
                f.is_documentation_page()
                or f.generated_by
                or not src
                or not src.startswith(docs + os.sep)
            ):
                continue
            f.copy_file = _linker(f, made)
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
                self.written[src] = page.file.abs_dest_path
                identity = None if self.cache is None else self.cache.identity(src)
                blocks = self.blocks.get(src, [])
                entry = pages.kept(page, config, self.nav, blocks, identity)
                if entry is not None:
                    served = self._served_page(page, pages.stamp(entry))
                    if served is not None:  # the served page is this HTML: linked, not read
                        pages.use(src, entry)
                        self.linked[page.file.abs_dest_path] = served
                        self.finished[src] = LINKED
                        return again
                    html = pages.html(src, entry)
                    if html is not None:
                        self.finished[src] = html
                        return again
                if self.cache is not None and src in self.cache.not_read:
                    self.blocks[src] = lifted(page)  # the theme applies: blocks to put back
            return original(name, *args, **kw)

        get_template._opsreport = True  # type: ignore[attr-defined]
        env.get_template = get_template
        return env

    def _served_page(self, page: Any, stamp: tuple[int, int] | None) -> str | None:
        """The served site's file of ``page`` when it is the one the last build wrote (its
        size and modification time are the ones noted then)."""
        if self.served is None or stamp is None:
            return None
        path = os.path.join(self.served, *page.file.dest_uri.split("/"))
        try:
            st = os.stat(path)
        except OSError:
            return None
        return path if (st.st_size, st.st_mtime_ns) == tuple(stamp) else None

    def on_page_context(self, context: Any, page: Any, config: Any, **kwargs: Any) -> Any:
        if self.cache is not None:  # before the search plugin's (ours is listed first)
            self.cache.wrap_search(config)
        html = self.finished.get(page.file.src_uri)
        if html is not None:
            context["opsreport_finished"] = Markup(html)
        return context

    def on_page_markdown(self, markdown: str, page: Any, **kwargs: Any) -> str:
        out, self.blocks[page.file.src_uri] = lift(markdown)
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
        return output

    def on_post_build(self, config: Any, **kwargs: Any) -> None:
        if self.last_build is not None:
            script = os.path.join(str(config["site_dir"]), *LAST_BUILD_JS.split("/"))
            os.makedirs(os.path.dirname(script), exist_ok=True)
            if os.path.lexists(script):  # never written through a link
                os.unlink(script)
            with open(script, "w", encoding="utf-8") as f:
                f.write(last_build_script(self.last_build))
        self._restore_writer()
        if self.cache is not None and self.pages is not None:
            self.pages.stamp_written(self.written)
            self.pages.save()
            self.cache.save(html_reused=self.pages.reused)

    def on_build_error(self, **kwargs: Any) -> None:
        self._restore_writer()

    def _restore_writer(self) -> None:
        if self.write_file is not None:
            import mkdocs.utils

            mkdocs.utils.write_file = self.write_file
            self.write_file = None
