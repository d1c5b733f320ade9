"""`opsreport export PAGE --output FILE.html`: one page of the built site as one file to forward
(styles, charts as SVG and tables inside, no script, nothing fetched), its A4 PDF, and the
frozen month's review kept as one file beside it in the archive. Printed, weekly and monthly
pages (the site's and the exported file) come out on A4 without navigation.

Uses the session's small built demo; one Chromium for the module (tests/test_browser.py)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.ops import export as export_module
from generator.ops.printer import find_printer
from tests.test_browser import browser  # noqa: F401  # the browser fixture is shared

if TYPE_CHECKING:
    from conftest import BuiltDemo

MONTH = "2026-10"
PAGES = ("daily/2026-11-21", "weekly/2026-11-21", f"monthly/{MONTH}")
# tags that make a browser fetch what their src / href names
FETCHING = re.compile(
    r"<(?:script|img|link|iframe|source|video|audio|object|embed|image|use)\b[^>]*"
    r"\b(?:src|href|data|xlink:href)\s*=",
    re.I,
)
NAV_LABELS = ("跳转至", "回到页面顶部", "最近一次成功构建")  # the frame's own words
A4 = re.compile(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)")


def export(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", *args])
    return result.exit_code, result.output


def site_charts(built_demo: BuiltDemo, page: str) -> int:
    text = (Path(built_demo.workspace.site) / f"{page}.html").read_text(encoding="utf-8")
    return text.count("data-spec='")


def is_a4(w: bytes, h: bytes) -> bool:  # 210 × 297 mm is 595.3 × 841.9 pt (Letter: 612 × 792)
    return abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1.5


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@pytest.fixture(scope="module")
def exported(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three pages exported once, each into its own folder, by the command line."""
    out = {}
    for page in PAGES:
        folder = tmp_path_factory.mktemp(page.split("/")[0])
        target = folder / f"{page.replace('/', '-')}.html"
        code, said = export(page, "-w", str(built_demo.workspace.root), "-o", str(target))
        assert code == 0, said
        last = said.strip().splitlines()[-1]
        assert last.startswith(f"已把页面 {page}（") and str(target) in last, last
        assert sorted(p.name for p in folder.iterdir()) == [target.name]  # one file, no more
        out[page] = target
    return out


@pytest.mark.parametrize("page", PAGES)
def test_a_page_is_one_file_with_its_charts_drawn_and_nothing_to_fetch(
    page: str, exported: dict[str, Path], built_demo: BuiltDemo
) -> None:
    text = exported[page].read_text(encoding="utf-8")
    charts = site_charts(built_demo, page)
    assert charts >= 2, f"the site's {page} has {charts} charts"
    # each chart of the page drawn as SVG in place of its spec
    drawn = re.findall(r'<div class="ops-chart"[^>]*>\s*<svg\b', text)
    assert len(drawn) == charts and "data-spec=" not in text
    assert "<script" not in text.lower()
    assert not FETCHING.findall(text), FETCHING.findall(text)[:3]
    urls = re.findall(r"url\(\s*['\"]?([^'\")]{0,12})", text)
    assert urls and all(u.startswith("data:") for u in urls), set(urls)
    assert "@import" not in text and "sourceMappingURL" not in text
    assert not re.search(r"""\bhref=["'](?!#|https?:|mailto:)""", text)  # no link to a site file
    # the page's own content, and none of the site's frame around it
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text)
    assert h1 and page.split("/")[1] in h1.group(1)
    for frame in ("md-header", "md-sidebar", "md-nav", "md-footer", "md-search", "md-tabs"):
        assert f'class="{frame}' not in text, frame
    for label in NAV_LABELS:
        assert label not in text, label
    assert "<table" in text and "<style>" in text


def test_bad_page_names_the_pages_near_it(built_demo: BuiltDemo, tmp_path: Path) -> None:
    root = str(built_demo.workspace.root)
    target = tmp_path / "w.html"
    code, said = export("weekly/2026-11-20", "-w", root, "-o", str(target))
    assert code == 1 and "网站里没有页面 weekly/2026-11-20" in said, said
    assert "weekly/2026-11-21" in said and "opsreport export weekly/" in said
    assert not target.exists()
    code, said = export("monthly/2026-10", "-w", root, "-o", str(tmp_path / "m.docx"))
    assert code == 1 and ".html 或 .pdf" in said and "--output m.html" in said
    code, said = export("-w", root, "-o", str(tmp_path / "site.zip"), "--pdf")
    assert code == 1 and "--pdf 只用于一个页面" in said
    # the page's name as a reader may type it: the file's path in site/
    code, said = export("/monthly/2026-10.html", "-w", root, "-o", str(tmp_path / "m.html"))
    assert code == 0 and (tmp_path / "m.html").is_file(), said


def test_no_printer_is_said_with_what_to_install(
    built_demo: BuiltDemo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "find_printer", lambda: None)
    target = tmp_path / "m.html"
    code, said = export(
        f"monthly/{MONTH}", "-w", str(built_demo.workspace.root), "-o", str(target), "--pdf"
    )
    assert code == 1 and "找不到 PDF 打印程序" in said, said
    assert "apt-get install chromium" in said and "pip install weasyprint" in said
    assert not list(tmp_path.iterdir())  # said before anything is written


@pytest.mark.skipif(find_printer() is None, reason="no Chromium or WeasyPrint here")
def test_the_monthly_review_prints_to_an_a4_pdf(built_demo: BuiltDemo, tmp_path: Path) -> None:
    target = tmp_path / "月报.pdf"
    code, said = export(f"monthly/{MONTH}", "-w", str(built_demo.workspace.root), "-o", str(target))
    assert code == 0, said
    assert said.strip().splitlines()[-1].endswith(f"写入 {target}")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # the PDF alone
    pdf = target.read_bytes()
    assert pdf[:5] == b"%PDF-"
    boxes = set(A4.findall(pdf))
    assert boxes and all(is_a4(w, h) for w, h in boxes), boxes
    assert 2 <= pdf_pages(pdf) <= 40, pdf_pages(pdf)


def test_the_archive_keeps_the_frozen_month_as_one_file(built_demo: BuiltDemo) -> None:
    ws = built_demo.workspace
    kept = ws.root / "archive" / MONTH / f"{MONTH}-review.html"
    assert kept.is_file(), sorted(p.name for p in kept.parent.iterdir())
    text = kept.read_text(encoding="utf-8")
    specs = json.loads((ws.root / "archive" / MONTH / "charts.json").read_text(encoding="utf-8"))
    assert len(re.findall(r'<div class="ops-chart"[^>]*>\s*<svg\b', text)) == len(specs) >= 3
    assert "<script" not in text and not FETCHING.findall(text)
    assert "冻结于 2026-11-23" in text  # the frozen page, banner and all
    # the built site serves it beside the frozen page
    assert (Path(ws.site) / f"archive/{MONTH}/{kept.name}").read_bytes() == kept.read_bytes()
    pdf = kept.with_suffix(".pdf")
    if find_printer() is not None:
        assert pdf.read_bytes()[:5] == b"%PDF-"
        assert (Path(ws.site) / f"archive/{MONTH}/{pdf.name}").is_file()
    assert MONTH in html.unescape(text[text.find("<title>") : text.find("</title>")])


def test_a_review_that_cannot_be_printed_still_has_its_page_file_in_the_site(
    copy_demo: BuiltDemo, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The PDF prints beside the other months' files being made; when it fails, the month's
    HTML file is still kept and served, and the build's log says what went wrong."""
    from generator.foundation.errors import WorkspaceError
    from generator.ops import frozen_files

    ws = copy_demo.workspace
    for made in [*ws.root.glob("archive/*/*-review.*"), *ws.site.glob("archive/*/*-review.*")]:
        made.unlink()
    for made in ws.content.glob("archive/*/*-review.*"):
        made.unlink()

    def broken(html_file: Path, pdf: Path, printer: str | None = None) -> str:
        raise WorkspaceError("the printer stopped", "print it from a browser")

    monkeypatch.setattr(frozen_files, "find_printer", lambda: "chromium:/nowhere")
    monkeypatch.setattr(frozen_files, "print_pdf", broken)
    written = frozen_files.keep_frozen_files(ws)
    months = sorted(p.parent.name for p in ws.root.glob("archive/*/frozen.json"))
    assert months and MONTH in months
    assert sorted(p.name for p in written) == [f"{m}-review.html" for m in months]
    for m in months:  # every month's file, the newest (the one printed) too, in the site
        assert (ws.site / "archive" / m / f"{m}-review.html").is_file()
        assert not (ws.site / "archive" / m / f"{m}-review.pdf").exists()
    assert "was not printed to PDF: the printer stopped" in caplog.text


def test_charts_drawn_while_mkdocs_builds_make_the_same_file(
    copy_demo: BuiltDemo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newly frozen month's charts are drawn from the archive's specs while the site builds;
    its review file is then made without drawing any chart again, and is the same file."""
    import datetime as dt

    import vl_convert

    from generator.ops import frozen_files
    from generator.ops.page_file import make_page_file

    ws = copy_demo.workspace
    page = f"archive/{MONTH}"
    when = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    alone = make_page_file(ws.site, page, ws.root, when=when)
    for made in ws.root.glob("archive/*/*-review.html"):
        made.unlink()
    with frozen_files.drawing_frozen_charts(ws) as drawn:
        charts = drawn()
    specs = json.loads((ws.root / page / "charts.json").read_text(encoding="utf-8"))
    assert len(charts) >= len(specs) >= 3
    calls: list[object] = []
    draw = vl_convert.vegalite_to_svg
    monkeypatch.setattr(
        vl_convert, "vegalite_to_svg", lambda *a, **k: calls.append(a) or draw(*a, **k)
    )
    ahead = make_page_file(ws.site, page, ws.root, when=when, drawn=charts)
    assert calls == [] and ahead.charts == alone.charts == len(specs)
    assert ahead.html == alone.html


def test_a_failed_site_build_stops_the_drawing_and_damaged_specs_are_passed_over(
    copy_demo: BuiltDemo,
) -> None:
    import threading

    from generator.ops import frozen_files
    from generator.ops.page_file import draw_charts

    ws = copy_demo.workspace
    for made in ws.root.glob("archive/*/*-review.html"):
        made.unlink()
    charts = ws.root / "archive" / MONTH / "charts.json"
    specs = [c["spec"] for c in json.loads(charts.read_text(encoding="utf-8"))]
    # a failed mkdocs build: its error goes on; the drawing is told to stop, and stops
    with (
        pytest.raises(RuntimeError, match="mkdocs failed"),
        frozen_files.drawing_frozen_charts(ws),
    ):
        raise RuntimeError("mkdocs failed")
    stopped = threading.Event()
    stopped.set()
    assert draw_charts(specs, stopped) == {} and len(draw_charts(specs[:1])) == 1
    # specs that cannot be read: nothing drawn ahead, and the file draws its own charts
    charts.write_text("[{not json", encoding="utf-8")
    assert frozen_files.draw_frozen_charts(ws) == {}
    written = frozen_files.keep_frozen_files(ws, pdf=False, drawn={})
    assert [p.name for p in written] == [f"{MONTH}-review.html"]
    text = written[0].read_text(encoding="utf-8")
    assert len(re.findall(r'<div class="ops-chart"[^>]*>\s*<svg\b', text)) == len(specs)


# -- in Chromium: offline, and printed on A4 -------------------------------------------------------
@pytest.fixture
def offline_tab(browser: Any) -> Iterator[tuple[Any, list[str]]]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    seen: list[str] = []

    def only_the_file(route: Any) -> None:
        seen.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    page.on("request", lambda r: seen.append(r.url))
    try:
        yield page, seen
    finally:
        context.close()


VISIBLE_CHARTS_JS = """() => [...document.querySelectorAll('.ops-chart svg')]
  .map(s => s.getBoundingClientRect()).filter(r => r.width > 100 && r.height > 50).length"""
SHOWN_JS = """(sel) => [...document.querySelectorAll(sel)].some(el => el.checkVisibility())"""


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_the_file_opens_offline_fetching_nothing_but_itself(
    page: str,
    exported: dict[str, Path],
    built_demo: BuiltDemo,
    offline_tab: tuple[Any, list[str]],
) -> None:
    tab, seen = offline_tab
    url = exported[page].resolve().as_uri()
    tab.goto(url)
    tab.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert tab.evaluate(VISIBLE_CHARTS_JS) == site_charts(built_demo, page)
    assert set(seen) == {url}, sorted(set(seen))
    # on a phone the page keeps to the screen's width (tables scroll in their box)
    tab.set_viewport_size({"width": 390, "height": 800})
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 392


@pytest.mark.browser
@pytest.mark.parametrize("page", ("weekly/2026-11-21", f"monthly/{MONTH}"))
def test_weekly_and_monthly_print_on_a4_without_navigation(
    page: str,
    exported: dict[str, Path],
    built_demo: BuiltDemo,
    offline_tab: tuple[Any, list[str]],
) -> None:
    tab, _ = offline_tab
    title = page.split("/")[1]
    counts = {}
    for name, url in (
        ("site", (Path(built_demo.workspace.site) / f"{page}.html").resolve().as_uri()),
        ("file", exported[page].resolve().as_uri()),
    ):
        tab.goto(url)
        if name == "site":  # the site's charts are drawn by its scripts
            tab.wait_for_function(
                "() => [...document.querySelectorAll('.ops-chart')]"
                ".every(e => e.getAttribute('data-drawn') === 'yes')",
                timeout=30_000,
            )
        tab.emulate_media(media="print")
        for sel in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
            assert not tab.evaluate(SHOWN_JS, sel), f"{name}: {sel} printed"
        assert tab.evaluate(SHOWN_JS, "h1") and title in tab.inner_text("h1")
        assert tab.evaluate(VISIBLE_CHARTS_JS) >= 1, f"{name}: no chart printed"
        printed = tab.evaluate("() => document.body.innerText")
        for label in ("跳转至", "回到页面顶部"):
            assert label not in printed, f"{name}: {label} printed"
        # charts fit the paper's width: none wider than its printed column
        widest = tab.evaluate(
            "() => Math.max(...[...document.querySelectorAll('.ops-chart svg')]"
            ".map(s => s.getBoundingClientRect().width))"
        )
        column = tab.evaluate("() => document.querySelector('h1').getBoundingClientRect().width")
        assert widest <= column + 1, f"{name}: a chart {widest}px wide in a {column}px column"
        pdf = tab.pdf(format="A4", print_background=True)
        boxes = set(A4.findall(pdf))
        assert boxes and all(is_a4(w, h) for w, h in boxes), boxes
        counts[name] = pdf_pages(pdf)
        tab.emulate_media(media="screen")
    # a sane length: more than a page, no page per chart or per row; the file no longer than
    # the site's own print
    assert all(2 <= n <= 40 for n in counts.values()), counts
    assert counts["file"] <= counts["site"] + 2, counts
