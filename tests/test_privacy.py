"""Private by default, and every setting only text: what a stranger's data and a setting's
text can and cannot do on the built site.

The buyers' names, e-mails, phone numbers and messages are read from the demo's inquiry
exports (what the operator dropped into ``exports/``), then looked for in every built page,
the search index, every download and every chart spec: none may be there by default. One tiny
extra build with ``show_buyer_details = true`` and a hostile store name and category shows the
details on the daily pages and every setting as its literal text.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import yaml

from generator.analysis.privacy import buyer_rows, excerpt, mask_email, mask_name, mask_text
from generator.config import Settings, Workspace, load_settings, make_settings, render_config
from generator.demo import write_demo_exports
from generator.foundation.errors import ConfigError
from generator.i18n import translate
from generator.pipeline import run_pipeline
from generator.site import write_mkdocs_config
from tests.conftest import AS_OF, BuiltDemo

HOSTILE = "<script>alert(1)</script> & *x* \\ \"q\" 'q'"
TINY = {"n_products": 10, "n_days": 42, "seed": 7}
EXCERPT = 30

# -- the masking rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("John Smith", "J. S."),
        ("Omar Al-Qahtani", "O. A."),
        ("Marco de Vries", "M. V."),
        ("josé garcía", "J. G."),
        ("Carlos", "C."),
        ("J", "J."),
        ("王小明", "王*"),
        ("王芳", "王*"),
        ("王 小明", "王*"),
        ("欧阳娜娜", "欧阳*"),
        ("김민수", "김*"),
        ("anna@example.com", "a***@example.com"),
        ("US12345678", "US****5678"),
        (None, None),
    ],
)
def test_a_buyer_is_shown_as_initials(name: str | None, shown: str | None) -> None:
    assert mask_name(name) == shown


@pytest.mark.parametrize(
    ("text", "hidden", "kept"),
    [
        ("mail me: john.smith@example.com", ["john.smith", "ohn.smith@"], ["j***@example.com"]),
        ("a@b.co", ["a@b.co"], ["a***@b.co"]),
        ("WhatsApp +86 138 0013 8000 now", ["138 0013", "13800138000"], ["****8000 now"]),
        ("call 555-0134", ["555-0134", "5550134"], ["****134"]),  # 7 digits: 3 kept
        ("see https://wa.me/15551234567?text=hi", ["wa.me", "1555123"], ["https://***"]),
        ("order 500 pcs by 2026-12-01", [], ["order 500 pcs by 2026-12-01"]),
    ],
)
def test_contacts_and_links_in_a_message_are_masked(
    text: str, hidden: list[str], kept: list[str]
) -> None:
    masked = mask_text(text)
    for h in hidden:
        assert h not in masked
    for k in kept:
        assert k in masked


def test_an_excerpt_is_masked_before_it_is_cut_and_hides_the_buyers_own_name() -> None:
    message = "Hi, this is James Smith again, james@x.org, please quote 500 sets of lamps"
    short = excerpt(message, ["James Smith"])
    assert short == "Hi, this is J. S. again,…"
    assert "James" not in excerpt("Best regards, James", ["James Smith"])
    assert excerpt("我是王小明，电话13800138000", ["王小明"]) == "我是王*，电话****8000"
    assert excerpt("Hi", []) == "Hi"  # a short message is its own excerpt
    assert len(excerpt("x" * 200)) == EXCERPT + 1  # and a long one is cut, with "…"
    assert mask_email("x@y.z") == "x***@y.z"


def test_show_buyer_details_passes_the_rows_unchanged() -> None:
    import pandas as pd

    rows = pd.DataFrame({"buyer": ["John Smith"], "message": ["Hello " * 20 + "j@x.com"]})
    assert buyer_rows(rows, True).equals(rows)
    masked = buyer_rows(rows, False)
    assert masked.loc[0, "buyer"] == "J. S." and len(masked.loc[0, "message"]) <= EXCERPT + 1
    assert rows.loc[0, "buyer"] == "John Smith"  # the caller's frame is not changed


# -- what the demo wrote, and where it could show up --------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d[\d ()-]{6,}\d")


@dataclass
class Buyers:
    names: set[str]
    emails: set[str]
    phones: set[str]
    messages: set[str]


def demo_buyers(root: Path) -> Buyers:
    """The buyers' personal data as the demo wrote it into its inquiry exports."""
    found = Buyers(set(), set(), set(), set())
    for path in sorted((root / "exports").rglob("inquiries-*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        head = list(next(rows))
        b, m = head.index("买家"), head.index("询盘内容")
        for row in rows:
            found.names.add(str(row[b]))
            text = str(row[m] or "")
            found.emails.update(EMAIL.findall(text))
            found.phones.update(PHONE.findall(text))
            if len(text) > EXCERPT:
                found.messages.add(text)
        wb.close()
    return found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def workbook_text(path: Path) -> str:
    """Every text of a workbook: the XML of all its parts (shared and inline strings, sheet
    names, headers), one cell or string a line, unescaped. openpyxl reads the same cells,
    ten times slower (its styles): 7 s for the demo's 242 workbooks."""
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
    xml = re.sub(r"</si>|</c>|</row>|<sheet ", "\n", "\n".join(parts))
    return html.unescape(re.sub(r"<[^>]*>", "", xml))


def published_texts(root: Path) -> dict[str, str]:
    """Every published text, decoded: built pages (HTML-unescaped), the search index and
    other JSON (parsed, the keyword library's data too), chart specs (parsed from the pages),
    CSV and XLSX downloads (cells)."""
    out: dict[str, str] = {}
    site, content = root / "site", root / "content"
    for path in sorted(site.rglob("*.html")):
        raw = path.read_text(encoding="utf-8")
        out[str(path)] = html.unescape(raw)
        specs = [json.loads(html.unescape(s)) for s in re.findall(r"data-spec='([^']*)'", raw)]
        out[f"{path} charts"] = "\n".join(s for spec in specs for s in _strings(spec))
    for path in [*sorted(site.rglob("*.json")), *sorted(content.rglob("*.json"))]:
        out[str(path)] = "\n".join(_strings(json.loads(path.read_text(encoding="utf-8"))))
    for path in sorted(content.rglob("*.csv")):
        out[str(path)] = path.read_text(encoding="utf-8-sig")
    for path in sorted(content.rglob("*.xlsx")):
        out[str(path)] = workbook_text(path)
    assert any(p.endswith("search_index.json") for p in out)
    return out


def leaks(buyers: Buyers, texts: dict[str, str]) -> list[tuple[str, str]]:
    """(what, where) for every buyer detail found in a published text (case and spacing
    ignored; a phone number also as its digits alone)."""
    flat = {where: " ".join(text.lower().split()) for where, text in texts.items()}
    everything = "\x00".join(flat.values())
    needles = {" ".join(w.lower().split()): w for w in buyers.names | buyers.emails}
    needles.update({" ".join(w.lower().split()): w for w in buyers.messages})
    for phone in buyers.phones:
        needles[" ".join(phone.split())] = phone
        needles[re.sub(r"\D", "", phone)] = phone
    found = []
    for needle, what in sorted(needles.items()):
        if needle in everything:  # then say where
            found += [(what, where) for where, text in flat.items() if needle in text]
    return found


def test_no_buyer_detail_is_published_by_default(built_demo: BuiltDemo) -> None:
    root = built_demo.workspace.root
    assert not built_demo.settings.show_buyer_details
    buyers = demo_buyers(root)
    # the demo's buyers leave e-mails and phone numbers in their messages, as real ones do
    assert len(buyers.names) >= 20 and len(buyers.emails) >= 5 and len(buyers.phones) >= 5
    assert len(buyers.messages) >= 20
    texts = published_texts(root)
    assert sum(1 for p in texts if p.endswith(".xlsx")) >= 10
    assert leaks(buyers, texts) == []
    # the pages still show the duplicate and template inquiries, masked
    daily = "".join(t for p, t in texts.items() if "/site/daily/" in p and p.endswith(".html"))
    assert daily.count('class="txt col-buyer"') >= 4
    assert re.search(r'col-buyer">[A-Z]\. [A-Z]\.<', daily)
    assert re.search(r'col-message">Hi, this is [A-Z]\. [A-Z]\. again\.…<', daily)
    status = texts[str(root / "site/build-status.html")]
    assert translate("privacy_masked", "zh").split("。")[0] in status


# -- one tiny build: every detail shown, and hostile settings -----------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltDemo:
    """A tiny demo whose store, one category, a risk word, the growth level and the site
    address hold script, Markdown and YAML syntax, with every buyer detail shown."""
    root = tmp_path_factory.mktemp("hostile")
    ws = Workspace(root)
    summary = write_demo_exports(root, AS_OF, **TINY)  # type: ignore[arg-type]
    cats = dict(summary.categories)
    first = next(iter(cats))
    cats = {(f"{first} {HOSTILE}" if k == first else k): v for k, v in cats.items()}
    settings = Settings(
        store_name=HOSTILE,
        categories=cats,
        show_buyer_details=True,
        keyword_risk_words=["replica", HOSTILE],
        growth_target_level=HOSTILE,
        site_url='http://127.0.0.1:8000/"><script>alert(1)</script>/',
    )
    ws.config_file.write_text(render_config(settings), encoding="utf-8")
    settings = load_settings(ws)
    assert settings.store_name == HOSTILE  # the config file round-trips it
    result = run_pipeline(ws, settings, AS_OF)
    return BuiltDemo(ws, settings, summary, result, AS_OF)


class _Texts(HTMLParser):
    """The decoded text of <title>, <h1> and the header's site name in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.got: dict[str, list[str]] = {"title": [], "h1": [], "header": []}
        self.where: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        key = "title" if tag == "title" else "h1" if tag == "h1" else None
        if tag == "div" and cls == "md-header__topic":
            key = "header"
        if tag in ("meta", "link", "input", "img", "br", "hr"):
            return
        self.where.append(key)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("meta", "link", "input", "img", "br", "hr") and self.where:
            self.where.pop()

    def handle_data(self, data: str) -> None:
        for key in reversed(self.where):
            if key:
                self.got[key].append(data)
                break

    def text(self, key: str) -> str:
        return " ".join("".join(self.got[key]).split())


def page_texts(path: Path) -> _Texts:
    p = _Texts()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_hostile_settings_are_shown_as_their_text(hostile: BuiltDemo) -> None:
    root = hostile.workspace.root
    flat = " ".join(HOSTILE.split())
    site_title = translate("site_title", "zh", store=flat)
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert" not in raw.lower(), path
        assert "<em>x</em>" not in raw, path  # nor read as Markdown
    home = page_texts(root / "site/index.html")
    home_title = translate("home_title", "zh", store=flat, day="2026-11-21")
    assert home.text("h1") == home_title
    assert home.text("title") == site_title  # the theme titles the home page by the site
    assert home.text("header").startswith(site_title)
    daily = page_texts(root / "site/daily/2026-11-20.html")
    assert daily.text("title").endswith(f" - {site_title}")
    assert daily.text("header").startswith(site_title)
    # the category: literal in a page's table, in its chart spec and in the downloads
    category = next(k for k in hostile.settings.categories if HOSTILE in k)
    day_html = (root / "site/daily/2026-11-20.html").read_text(encoding="utf-8")
    assert " ".join(category.split()) in html.unescape(day_html)
    assert any(
        category in set(_strings(json.loads(html.unescape(s))))
        for s in re.findall(r"data-spec='([^']*)'", day_html)
    )
    table = root / "content/downloads/daily/2026-11-20-categories.csv"
    assert category in {row[0] for row in csv.reader(io.StringIO(table.read_text("utf-8-sig")))}
    risk = (root / "site/keywords/risk.html").read_text(encoding="utf-8")
    assert flat in html.unescape(re.sub(r"<[^>]+>", "", risk))
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == translate("site_title", "zh", store=HOSTILE)
    assert '"' not in config["site_url"] and "<" not in config["site_url"]


def test_show_buyer_details_shows_them_on_the_daily_pages(hostile: BuiltDemo) -> None:
    root = hostile.workspace.root
    buyers = demo_buyers(root)
    found = leaks(buyers, published_texts(root))
    where = {w for _, w in found}
    assert where and all("/daily/" in w for w in where), where
    kinds = {what for what, _ in found}
    assert kinds & buyers.names and kinds & buyers.emails and kinds & buyers.messages
    status = (root / "site/build-status.html").read_text(encoding="utf-8")
    assert "show_buyer_details = true" in html.unescape(status)


# -- settings that cannot be text on a page are refused, by name ---------------------------


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"store_name": "line one\nline two"}, "store_name"),
        ({"categories": {"灯\x00具": ["lamp"]}}, "categories"),
        ({"keyword_risk_words": ["ok", "bad\tword"]}, "keyword_risk_words"),
        ({"site_url": "javascript:alert(1)"}, "site_url"),
        ({"site_url": "http://my host/"}, "site_url"),
        ({"traffic_channel_groups": {"<b>paid</b>": ["外贸直通车"]}}, "traffic_channel_groups"),
    ],
)
def test_a_setting_that_cannot_be_text_is_refused_by_name(values: dict, named: str) -> None:
    with pytest.raises(ConfigError) as err:
        make_settings(values)
    assert f"{named}:" in str(err.value)


def test_mkdocs_yml_holds_any_store_name(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    for name in (HOSTILE, "a: b # c", "- &x *x !tag %y @z `q`", "\\", "'", '"'):
        settings = make_settings({"store_name": name, "site_url": "http://h/a'b\"c<d>\\e/"})
        write_mkdocs_config(ws, settings, dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
        config = yaml.safe_load(ws.mkdocs_file.read_text(encoding="utf-8"))
        assert config["site_name"] == translate("site_title", "zh", store=name)
        assert config["site_url"] == "http://h/a'b%22c%3Cd%3E%5Ce/"
        assert config["nav"][0] == {translate("home", "zh"): "index.md"}
