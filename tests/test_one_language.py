"""One language per site (issue 16): every page of the Chinese site reads Chinese — reasons
and fixes of a rejected file, kind names, chart tooltips, the as-of date, what to do — and
every page of the English site reads English. Product titles, keywords, buyer text and the
store's own names are data and may be in either language; so are the backend's own names on
the inputs and glossary pages (its Chinese headers, the English headers a file may carry,
how to fill a sheet), which tell the operator what to look for in a file, and its menu paths
anywhere (where an export comes from, as the Chinese backend shows it).

One small store (the demo's last two weeks with its browser duplicates, a broken .xlsx and
a sheet with an extra column) is ingested
once and rendered in each language (pages only: mkdocs adds no text of its own). Plus the
command line: `opsreport init` comments and an error message in each language.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import tomllib
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from generator.analysis import analyse
from generator.analysis.metrics.registry import METRICS
from generator.cli import main
from generator.config import Settings, Workspace
from generator.config.help_zh import HELP_ZH
from generator.config.settings import SETTINGS
from generator.ingest import ingest_inbox
from generator.inputs import load_inputs
from generator.kinds import KINDS
from generator.render.pages import Renderer
from generator.store import open_store

AS_OF = dt.date(2026, 11, 21)
SINCE = dt.date(2026, 11, 8)
BROKEN = "Products-2026-11-20.xlsx"  # a cut-off download: a zip header and nothing else
EXTRA = "competitor_keywords-2026-11-21.xlsx"  # given a column X1 no kind has

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'+./-]*")
# English a Chinese reader meets on the Chinese site on purpose: units and platform terms, the
# file formats, the tools they open files with
ZH_ALLOWED = {
    "ID", "CTR", "P4P", "TM", "CSV", "XLSX", "XLS", "RFQ", "GMV", "CNY", "USD", "US$", "CPC",
    "MAD", "UTF", "T-2", "Excel", "JavaScript", "LED", "SKU", "Top10", "Ctrl+End", "MB", "KB",
    "IANA", "TOML",
}  # fmt: skip


@pytest.fixture(scope="session")
def store(small_exports: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = Workspace(tmp_path_factory.mktemp("one-language"))
    for p in small_exports:
        m = re.search(r"(\d{4}-\d{2}-\d{2})", p.name)
        if m and dt.date.fromisoformat(m.group(1)) < SINCE:
            continue
        dst = ws.exports / p.parent.name / p.name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, dst)
    (ws.exports / BROKEN).write_bytes(b"PK\x03\x04" + bytes(60))
    # a sheet with a column the kind does not have: read, with a warning on import status
    sheet = ws.exports / "sheets" / EXTRA
    book = openpyxl.load_workbook(sheet)
    rows = book.worksheets[0]
    width = rows.max_column
    rows.cell(1, width + 1, "X1")
    for i in range(2, rows.max_row + 1):
        rows.cell(i, width + 1, i)
    book.save(sheet)
    with open_store(ws.db_path) as s:
        report = ingest_inbox(ws, s)
    assert report.count("rejected") == 1 and report.count("skipped") >= 1
    return ws.db_path


def render(db: Path, lang: str) -> dict[str, str]:
    settings = Settings(store_name="测试店", language=lang)
    with open_store(db) as s:
        data = analyse(load_inputs(s, AS_OF), settings)
    out = Renderer(settings, data).render_all()
    return {rel: bytes(v).decode("utf-8") for rel, v in out.files.items() if rel.endswith(".md")}


def data_words(db: Path) -> set[str]:
    """Every word of every text the store holds from the exports: titles, keywords, buyers'
    names and messages, countries, owners, campaign names… (the log tables are not data)."""
    con = duckdb.connect(str(db), read_only=True)
    words: set[str] = set()
    try:
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
            if table in ("file_events", "row_problems", "runs", "meta", "ingest_log"):
                continue
            cols = con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                " AND data_type = 'VARCHAR'",
                [table],
            ).fetchall()
            for (col,) in cols:
                for (v,) in con.execute(f'SELECT DISTINCT "{col}" FROM "{table}"').fetchall():
                    if v:
                        words.update(w.lower() for w in WORD.findall(v))
                        words.update(CJK.findall(v))
    finally:
        con.close()
    # the store's settings shown on pages are data too (the risk words, the store's name)
    for text in (*Settings().keyword_risk_words, "测试店"):
        words.update(w.lower() for w in WORD.findall(text))
        words.update(CJK.findall(text))
    return words


def visible(md: str) -> str:
    """The text a reader sees: without front matter, code, HTML tags, link targets, URLs,
    attribute lists, admonition types and HTML entities."""
    md = re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S)
    md = re.sub(r"```.*?```", " ", md, flags=re.S)
    md = re.sub(r"`[^`\n]*`", " ", md)
    md = re.sub(r"<script.*?</script>", " ", md, flags=re.S)
    md = re.sub(r"<[^>]+>", " ", md)
    md = re.sub(r"\]\([^)]*\)", "] ", md)
    md = re.sub(r"https?://\S+", " ", md)
    md = re.sub(r"[^\s/]*\.(?:xlsx|xls|csv)\b", " ", md)  # file names: data
    md = re.sub(r"\{[:#.][^}]*\}", " ", md)
    md = re.sub(r"^\s*(!!!|\?\?\?\+?|===)\s*\w*", " ", md, flags=re.M)
    md = re.sub(r"&[a-z]+;|&#\d+;", " ", md)
    # a keyword's automatic translation is data (the keyword's own words, translated)
    md = re.sub(r"（自动翻译：[^）]*）|\(auto-translated: [^)]*\)", " ", md)
    return md.replace("\\", "")


def contract_words() -> tuple[set[str], set[str]]:
    """The backend's names the inputs and glossary pages show by design: (English words of
    the headers a file may carry and of the file names, Chinese runs of the headers, kind
    names, menu paths and how to fill a sheet)."""
    en: set[str] = set(METRICS)
    zh: set[str] = set()
    zh.add("时间周期")  # the period line above an export's header, quoted as the file has it
    for k in KINDS.values():
        en.update(WORD.findall(k.file_pattern))
        for text in (k.zh, k.source, k.template_hint, *k.notes):
            zh.update(CJK.findall(text))
        for c in k.columns:
            zh.update(CJK.findall(c.zh))
            for alias in c.aliases:
                en.update(WORD.findall(alias))
                zh.update(CJK.findall(alias))
            en.update(WORD.findall(c.unit))
            for choice in c.choices:
                zh.update(CJK.findall(choice))
                en.update(WORD.findall(choice))
    return en, zh


def foreign(pages: dict[str, str], lang: str, data: set[str]) -> dict[str, list[str]]:
    """Per page, the words of the other language no reader of ``lang`` should meet."""
    contract_en, contract_zh = contract_words()
    # where an export comes from, quoted on any page as the (Chinese) backend shows it
    backend_zh = {w for k in KINDS.values() for w in CJK.findall(k.source)}
    found: dict[str, list[str]] = {}
    for rel, md in sorted(pages.items()):
        text = visible(md)
        contract = rel in ("inputs.md", "glossary.md")
        if lang == "zh":
            bad = [
                w
                for w in WORD.findall(text)
                if w.rstrip(".") not in ZH_ALLOWED
                and w.lower().rstrip(".") not in data
                and not re.search(r"[_\d./]", w)  # setting names, file names, ids, L1+
                and not re.fullmatch(r"[A-Z]{1,4}", w)  # units and levels: L, Y / N, RTS
                and not re.fullmatch(r"[a-z]{2}", w)  # a language site's code: ar, ja
                and not (contract and w in contract_en)
            ]
        else:
            bad = [
                w
                for w in CJK.findall(text)
                if w not in data
                and not re.fullmatch(r"[\u3000-\u303f\uff00-\uffef]+", w)  # 「」 in data lines
                and not (contract and w in contract_zh)
                and w not in backend_zh
            ]
        if bad:
            found[rel] = sorted(set(bad))
    return found


@pytest.fixture(scope="session")
def sites(store: Path) -> dict[str, dict[str, str]]:
    return {lang: render(store, lang) for lang in ("zh", "en")}


def test_the_chinese_site_reads_chinese(store: Path, sites: dict[str, dict[str, str]]) -> None:
    pages = sites["zh"]
    status = visible(pages["import-status.md"])
    # the broken file is named with its reason and its fix, in Chinese
    line = next(row for row in pages["import-status.md"].split("<tr>") if BROKEN in row)
    assert "已损坏或不完整" in line and "重新下载" in line, line
    # the demo's browser duplicates, skipped
    assert re.search(r"与 \S+\.xlsx? 内容相同", pages["import-status.md"])
    assert "as-of" not in status
    assert "多出的列已放在一边：X1" in status  # a warning of a file that was read
    found = foreign(pages, "zh", data_words(store))
    assert not found, found


def test_the_english_site_reads_english(store: Path, sites: dict[str, dict[str, str]]) -> None:
    pages = sites["en"]
    status = visible(pages["import-status.md"])
    line = next(row for row in pages["import-status.md"].split("<tr>") if BROKEN in row)
    assert "damaged or incomplete" in line and "download the export again" in line, line
    assert "Product analysis" in status  # the kind by its English name
    assert "extra columns kept aside: X1" in status
    found = foreign(pages, "en", data_words(store))
    assert not found, found


def test_no_reader_page_tells_the_reader_to_run_a_command(sites: dict[str, dict[str, str]]) -> None:
    """Readers (the boss, the operators) are told what to do in words; a command stays only on
    the inputs page, whose reader is the person who drops the files in and runs the tool."""
    for lang, pages in sites.items():
        for rel, md in pages.items():
            if rel != "inputs.md":
                assert "opsreport " not in md, (lang, rel)


def chart_titles(md: str) -> list[str]:
    """Every tooltip row's and axis's title of the page's charts ('' for a row without one)."""
    titles: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for row in node.get("tooltip", []) if isinstance(node.get("tooltip"), list) else []:
                titles.append(str(row.get("title") or ""))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for spec in re.findall(r"data-spec='([^']*)'", md):
        walk(json.loads(html.unescape(spec)))
    return titles


def test_chart_tooltips_name_each_value_in_the_sites_language(
    sites: dict[str, dict[str, str]],
) -> None:
    """A tooltip row without a title shows its field id (「date」, 「kind」) to the reader."""
    for lang, pages in sites.items():
        titles = [t for md in pages.values() for t in chart_titles(md)]
        assert len(titles) > 20, lang  # the trends, the weekly lines, the mix, the growth score
        assert "" not in titles, lang
        if lang == "zh":
            assert "日期" in titles
            assert not [t for t in titles if re.search(r"[a-z]{3,}", t)], set(titles)
        else:
            assert "Date" in titles
            assert not [t for t in titles if CJK.search(t)], set(titles)


def test_init_writes_its_comments_in_the_chosen_language(tmp_path: Path) -> None:
    assert set(HELP_ZH) == set(SETTINGS), "every setting needs its Chinese help line"
    runner = CliRunner()
    zh = runner.invoke(main, ["init", "--workspace", str(tmp_path / "zh")])
    en = runner.invoke(main, ["init", "--workspace", str(tmp_path / "en"), "--language", "en"])
    assert zh.exit_code == en.exit_code == 0, (zh.output, en.output)
    assert "工作区已就绪" in zh.output and "Workspace ready" in en.output
    zh_text = (tmp_path / "zh" / "opsreport.toml").read_text(encoding="utf-8")
    en_text = (tmp_path / "en" / "opsreport.toml").read_text(encoding="utf-8")
    assert tomllib.loads(zh_text)["language"] == "zh" and tomllib.loads(en_text)["language"] == "en"
    zh_comments = [line for line in zh_text.splitlines() if line.startswith("#")]
    en_comments = [line for line in en_text.splitlines() if line.startswith("#")]
    assert len(zh_comments) == len(en_comments) == len(SETTINGS) + 1
    assert all(CJK.search(line) for line in zh_comments), [
        line for line in zh_comments if not CJK.search(line)
    ]
    # English comments: no Chinese beyond the platform's own terms quoted in them
    assert all(len("".join(CJK.findall(line))) <= 8 for line in en_comments)
    assert sum(bool(CJK.search(line)) for line in en_comments) < 12


def test_a_command_line_error_speaks_the_workspaces_language(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = str(tmp_path / "nope")
    zh = runner.invoke(main, ["build", "--workspace", missing])
    en = runner.invoke(main, ["build", "--workspace", missing, "--language", "en"])
    assert zh.exit_code == en.exit_code == 1
    assert zh.output.startswith("错误：工作区文件夹") and "不存在" in zh.output, zh.output
    assert en.output.startswith("Error: workspace folder") and "does not exist" in en.output
    # a workspace set to English speaks English without --language
    runner.invoke(main, ["init", "--workspace", str(tmp_path / "en"), "--language", "en"])
    (tmp_path / "en" / "opsreport.toml").write_text('language = "en"\nlag_days = -1\n')
    bad = runner.invoke(main, ["build", "--workspace", str(tmp_path / "en")])
    assert bad.exit_code == 1 and bad.output.startswith("Error: "), bad.output
