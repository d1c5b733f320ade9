"""The opsreport MkDocs plugin lifts charts and unsearched tables past Markdown and puts them
back: the page a reader gets is the same, the search index never holds them."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pandas as pd
import pytest

from generator.mkdocs_plugin import LINKED, OpsreportPlugin, _linking_writer
from generator.render.markup import Col, chart_block, html_table


def page(uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri))


def test_charts_and_unsearched_tables_come_back_unchanged_and_searchable_tables_stay() -> None:
    # a message keeps its line breaks (a product title is folded to one short line instead)
    rows = pd.DataFrame({"message": ["<b>Solar</b> lamp & 'co'", "Line\n\nbreak"], "n": [1, 2]})
    cols = [Col("message", "留言"), Col("n", "数", "count")]
    hidden = html_table(rows, cols, searchable=False)
    shown = html_table(rows, cols)
    chart = chart_block({"data": {"values": [{"t": "a > b"}]}, "mark": "bar"}, "趋势")
    text = f"# 标题\n\n{chart}\n\n文字\n\n{hidden}\n\n{shown}\n"
    plugin, p = OpsreportPlugin(), page("daily/2026-11-17.md")

    lifted = plugin.on_page_markdown(text, p)
    assert chart not in lifted and hidden not in lifted and shown in lifted
    html = markdown.markdown(lifted)
    out = plugin.on_post_page(f"<html><body>{html}</body></html>", p)

    assert out.count(chart) == 1 and out.count(hidden) == 1
    assert "<!-- ops-block" not in out
    assert "&lt;b&gt;Solar&lt;/b&gt;" in out  # escaped text stays text
    assert "\n" not in hidden and "\n" not in shown  # a cell's line break cannot end a table
    assert out.count("Line<br><br>break") == 2


def test_pages_are_kept_apart() -> None:
    plugin = OpsreportPlugin()
    a, b = page("a.md"), page("b.md")
    chart_a, chart_b = chart_block({"mark": "bar"}, "A"), chart_block({"mark": "line"}, "B")
    md_a = plugin.on_page_markdown(f"{chart_a}\n", a)
    md_b = plugin.on_page_markdown(f"{chart_b}\n", b)
    assert plugin.on_post_page(md_b, b) == f"{chart_b}\n"
    assert plugin.on_post_page(md_a, a) == f"{chart_a}\n"


def test_jieba_cuts_are_remembered_and_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    from generator.mkdocs_plugin import remember_jieba_cuts

    text = "询盘数较前7天中位数大幅下降，主要原因是太阳能灯类目".encode()
    plain = list(jieba.cut(text))
    original, cuts = jieba.cut, []

    def counted(sentence: Any, *args: Any, **kwargs: Any) -> Any:
        cuts.append(sentence)
        return original(sentence, *args, **kwargs)

    monkeypatch.setattr(jieba, "cut", counted)  # restored after the test
    monkeypatch.setattr(jieba, "marshal", jieba.marshal)  # (the plugin replaces it too)
    remember_jieba_cuts()
    wrapped = jieba.cut
    remember_jieba_cuts()  # a second call does not wrap twice
    assert jieba.cut is wrapped is not counted
    assert list(jieba.cut(text)) == plain == list(jieba.cut(text))
    assert cuts == [text]  # the second cut of the same text is remembered, not cut again
    assert list(jieba.cut(text, cut_all=True)) != plain  # other calls pass through
    assert cuts == [text, text]


def test_jieba_loads_its_dictionary_whole_and_segments_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import marshal

    import jieba

    from generator.mkdocs_plugin import WHOLE_FILE_MARSHAL, remember_jieba_cuts

    text = "询盘数较前7天中位数大幅下降，主要原因是太阳能灯类目"
    monkeypatch.setattr(jieba, "marshal", marshal)  # restored after the test
    monkeypatch.setattr(jieba, "cut", jieba.cut)
    plain = list(jieba.Tokenizer().cut(text))  # a tokenizer of its own, the usual way
    remember_jieba_cuts()
    assert jieba.marshal is WHOLE_FILE_MARSHAL
    fresh = jieba.Tokenizer()
    fresh.initialize()  # from the cache file, through WHOLE_FILE_MARSHAL.load
    assert list(fresh.cut(text)) == plain and len(fresh.FREQ) > 300_000
    cache = Path(fresh.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    with cache.open("rb") as f:
        whole = WHOLE_FILE_MARSHAL.load(f)
    with cache.open("rb") as f:
        assert whole == marshal.load(f)
    assert WHOLE_FILE_MARSHAL.dump is marshal.dump  # what else jieba asks of it: marshal's


def test_the_site_writer_links_served_files_and_copies_where_links_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page known to be the served one is linked (its output is only a marker), a file with
    the served bytes is linked, others are written; where the file system has no links
    (FAT, another drive) the served bytes are written instead of the marker."""
    served, new = tmp_path / "site", tmp_path / "build"
    (served / "daily").mkdir(parents=True)
    (served / "daily/a.html").write_bytes(b"<p>page a</p>")
    (served / "404.html").write_bytes(b"not found")
    written: list[str] = []

    def write(content: bytes, path: str) -> None:
        written.append(os.path.relpath(path, new))
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(content)

    def build(linked: dict[str, str]) -> None:
        shutil.rmtree(new, ignore_errors=True)
        writer = _linking_writer(write, str(new), str(served), linked)
        writer(LINKED.encode(), str(new / "daily/a.html"))
        writer(b"not found", str(new / "404.html"))
        writer(b"changed", str(new / "daily/b.html"))

    build({str(new / "daily/a.html"): str(served / "daily/a.html")})
    assert (new / "daily/a.html").samefile(served / "daily/a.html")
    assert (new / "404.html").samefile(served / "404.html")
    assert written == [os.path.join("daily", "b.html")]

    def no_links(src: str, dst: str) -> None:
        raise OSError("links not supported")

    monkeypatch.setattr(os, "link", no_links)
    written.clear()
    build({str(new / "daily/a.html"): str(served / "daily/a.html")})
    assert (new / "daily/a.html").read_bytes() == b"<p>page a</p>"  # not the marker
    assert not (new / "daily/a.html").samefile(served / "daily/a.html")
    assert (new / "404.html").read_bytes() == b"not found"
    assert sorted(written) == sorted(
        ["404.html", *(os.path.join("daily", f"{n}.html") for n in "ab")]
    )
