"""What a page's Markdown conversion reads besides the page, for :mod:`generator.page_cache` to
know when a kept conversion still holds: the config and versions (:func:`config_digest`), the
lookups of other files the conversion made (:class:`RecordingFiles`, :func:`found`), whether it
said anything (:class:`Said`), and its table of contents as plain data (:func:`toc_tokens`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = 1  # of the page cache's file and its entries: another format is not read
PACKAGES = ("mkdocs", "markdown", "mkdocs-material", "pymdown-extensions")
# the plugins whose page events leave a page's Markdown a function of its file: with only
# these, an unchanged file is not read again (PageCache.wrap)
SOURCE_PLUGINS = frozenset({"opsreport", "search", "material/search"})
CODE = tuple(
    Path(__file__).with_name(name)
    for name in ("page_conversion.py", "page_cache.py", "mkdocs_plugin.py")
)


def plain(value: Any) -> Any:
    """Config values as JSON (mkdocs' sub-configs are mappings; anything else by ``repr``)."""
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)  # an object's repr may hold its address: then no entry ever matches


def config_digest(config: Any) -> str:
    """What conversion depends on besides the page: config, versions and this code."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    h = hashlib.sha256()
    h.update(
        json.dumps(
            {
                "format": FORMAT,
                "python": sys.version,
                "versions": versions,
                "config": {
                    k: plain(config.get(k))
                    for k in (
                        "markdown_extensions",
                        "mdx_configs",
                        "use_directory_urls",
                        "validation",
                    )
                },
            },
            sort_keys=True,
        ).encode()
    )
    for path in CODE:
        h.update(path.read_bytes())
    return h.hexdigest()


def lookup_of(files: Any) -> Callable[[str], Any]:
    """``files.get_file_from_path``, without making a path object of a path that is already
    a file's ``src_uri`` (a kept page's dozens of lookups were a fifth of its build)."""
    uris = getattr(files, "src_uris", None)
    if not isinstance(uris, Mapping):
        return files.get_file_from_path  # type: ignore[no-any-return]

    def lookup(path: str) -> Any:
        file = uris.get(path)
        return file if file is not None else files.get_file_from_path(path)

    return lookup


def found(file: Any) -> list[Any] | None:
    """What a lookup told the conversion: nothing, or the file's path, URL and exclusion."""
    if file is None:
        return None
    return [file.src_uri, file.url, bool(file.inclusion.is_excluded())]


class RecordingFiles:
    """The build's ``Files``, recording each lookup and its answer. Any other use marks the
    conversion as one that cannot be checked later (``other``)."""

    def __init__(self, files: Any) -> None:
        self._files = files
        self.lookups: dict[str, list[Any] | None] = {}
        self.other = False

    def get_file_from_path(self, path: str) -> Any:
        file = self._files.get_file_from_path(path)
        self.lookups[path] = found(file)
        return file

    def __getattr__(self, name: str) -> Any:
        self.other = True
        return getattr(self._files, name)

    def __iter__(self) -> Iterator[Any]:
        self.other = True
        return iter(self._files)

    def __len__(self) -> int:
        self.other = True
        return len(self._files)

    def __contains__(self, item: object) -> bool:
        self.other = True
        return item in self._files


class Said(logging.Handler):
    """Counts the messages logged while a page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def toc_tokens(items: Any) -> list[dict[str, Any]]:
    """A TableOfContents as the tokens ``mkdocs.structure.toc.get_toc`` builds it from."""
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)}
        for a in items
    ]


def links_recorded() -> bool:
    # Page.render keeps links_to_anchors only when its logger is not at DEBUG
    return logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG
