"""The command line speaks the workspace's language (issue 16): on a Chinese workspace every line
a command prints — progress, the rejected files and row problems, the `status` table, the last
line saying what was done and where, the errors — is Chinese; on an English one, English.
File names, paths, setting names, URLs and command lines are allowed in either; so are the
Chinese names of the backend's exports and columns (data) in English lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.kinds import KINDS, PRODUCTS

REQUIRED = [c.zh for c in PRODUCTS.columns if c.required]  # 产品ID,产品名称,曝光,点击,访问,询盘


def products_csv(n: int, negative_row: int | None = None) -> str:
    rows = [
        f"{1601562216700 + i},Tent {i},{-5 if i == negative_row else 100 + i},{i % 9},{i % 7},{i % 3}"
        for i in range(n)
    ]
    return ",".join(REQUIRED) + "\n" + "\n".join(rows) + "\n"


def tiny_inbox(exports: Path) -> None:
    """Two product exports (one with a negative count: a row left out) and one broken file."""
    (exports / "Products-2026-11-20.csv").write_text(products_csv(3), encoding="gbk")
    (exports / "Products-2026-11-21.csv").write_text(products_csv(3, 1), encoding="gbk")
    (exports / "Products-2026-11-19.csv").write_text("nothing,to,see\n1,2,3\n", encoding="gbk")


# what either language may hold: paths, file names, URLs, command lines, options, settings
ALLOWED = [
    r"https?://\S+",
    r"`[^`]*`",
    r"opsreport \w[\w-]*",
    r"--[\w-]+",
    r"(?:/[^\s：，；（）。—「」,;()]+)+",  # a path
    r"[\w.-]+\.(?:csv|xlsx|xls|html|toml|duckdb)\b",
    r"\b[a-z]+(?:_[a-z0-9]+)+\b",  # a setting name
    r"\b\w+/",  # a folder: exports/
    r"\d{4}-\d{2}-\d{2}|YYYY-MM-DD",
]
# words that are names in Chinese text too
NAMES = {"ID", "Excel", "Ctrl", "TM", "RFQ", "P4P", "MB", "XLS", "XLSX", "CSV"}
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
# the Chinese names of exports, their columns and their site page (data on the English side)
DATA_ZH = {k.zh for k in KINDS.values()} | {c.zh for k in KINDS.values() for c in k.columns}
DATA_ZH |= {"数据说明"}


def english_words(text: str) -> set[str]:
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return set(re.findall(r"[A-Za-z]{2,}", text)) - NAMES


def chinese_words(text: str) -> set[str]:
    return set(CJK.findall(text)) - DATA_ZH - {"，", "："}


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, everything printed, and the last line of standard output."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    last = (result.stdout.strip().splitlines() or [""])[-1]
    return result.exit_code, result.stdout + result.stderr, last


@pytest.fixture(scope="module", params=["zh", "en"])
def said(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What each command printed on a tiny workspace of the language."""
    lang = request.param
    root = tmp_path_factory.mktemp(f"cli-{lang}")
    ws, bare = root / "ws", root / "bare"
    out: dict[str, tuple[int, str, str]] = {"lang": lang}  # type: ignore[dict-item]
    out["init"] = run("init", "-w", str(ws), "--language", lang)
    tiny_inbox(ws / "exports")
    out["ingest"] = run("ingest", "-w", str(ws))
    out["build"] = run("build", "-w", str(ws), "--as-of", "2026-11-21")
    out["status"] = run("status", "-w", str(ws), "--as-of", "2026-11-21")
    run("init", "-w", str(bare), "--language", lang)
    out["serve"] = run("serve", "-w", str(bare))
    return out


COMMANDS = ["init", "ingest", "build", "status", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_line_is_in_the_workspace_language(said: dict, command: str) -> None:
    code, text, last = said[command]
    assert code == (1 if command == "serve" else 0), text
    if said["lang"] == "zh":
        assert not english_words(text), text  # no English word outside names and paths
        if command != "serve":  # the error line goes to standard error
            assert CJK.search(last), text  # the last line, what was done and where, too
    else:
        assert not chinese_words(text), text


def test_the_lines_say_what_happened(said: dict) -> None:
    """The rejected file, the row left out and the counts, in the language's own words."""
    lang = said["lang"]
    ingest, status, serve = said["ingest"][1], said["status"][1], said["serve"][1]
    built = said["build"][2]  # the last line
    if lang == "zh":
        assert "拒绝 Products-2026-11-19.csv：" in " ".join(ingest.split())
        assert "行 Products-2026-11-21.csv：第 3 行" in ingest
        assert "新读入 2 个，已有 0 个，拒绝 1 个" in ingest
        assert built.startswith("网站已构建（数据截至 2026-11-21）")
        assert "产品分析 │ 日" in status and "最新" in status
        assert re.search(r"\d 个文件被拒绝，1 行未计入", status), status
        assert serve.startswith("错误：") and "还没有构建好的网站" in serve
    else:
        assert "rejected Products-2026-11-19.csv:" in " ".join(ingest.split())
        assert "row Products-2026-11-21.csv: Excel row 3" in ingest
        assert "2 ingested, 0 already held, 1 rejected" in ingest
        assert built.startswith("Built the site as of 2026-11-21")
        assert "Product analysis │ day" in status and "up to date" in status
        assert re.search(r"\d file\(s\) rejected, 1 row\(s\) left out", status), status
        assert serve.startswith("Error: no built site in")
