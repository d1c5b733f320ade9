"""The keyword library's pages, data file and downloads (issue 5): exact CSV columns, an XLSX
for Excel, untrusted words kept as text everywhere, and a page + data size that stays under
2 MB for 20,000 words. (The browser test of the built site lives with the other browser tests.)"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from typing import Any

import markdown
import openpyxl
import pandas as pd
import pytest

from generator.analysis.keywords import STATUSES, KeywordRules, build_library
from generator.config import Settings
from generator.render.keywords import (
    CHART_MAX_POINTS,
    CSV_COLUMNS,
    CSV_PATH,
    DATA_GLOBAL,
    DATA_PATH,
    JSON_FIELDS,
    TOP_ROWS,
    XLSX_PATH,
    app_html,
    render_keyword_pages,
    status_link,
    status_slug,
    workbook_job,
)
from generator.render.pages import make_env
from tests.fixtures.keyword_samples import sample_library

AS_OF = dt.date(2026, 11, 21)
MAX_BYTES = 2_000_000
EVIL = ("<script>alert(1)</script>", "lamp | shade", "**bold** lamp", "=cmd|' /C calc'!A0")


def periodic(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["period_start"] = pd.Timestamp(AS_OF - dt.timedelta(days=6))
    frame["period_end"] = pd.Timestamp(AS_OF)
    frame["granularity"] = "week"
    return frame


def small_library(lang: str = "zh") -> pd.DataFrame:
    words = [
        ("solar light", 9000, 120, 800.0, 5000, 40),
        ("luz solar", 300, 4, 90.0, 400, 5),
        ("patio gazebo", 12, 0, 900.0, 1500, 4),
        ("garden", 9000, 3, 100.0, 800, 300),
        *[(w, 50, 1, 10.0, 300, 60) for w in EVIL],
    ]
    traffic = periodic(
        [
            {
                "keyword": k,
                "impressions": i,
                "clicks": c,
                "top10_impressions": t,
                "search_index": x,
                "competition": comp,
            }
            for k, i, c, t, x, comp in words
        ]
    )
    p4p = periodic(
        [
            {
                "keyword": "solar light",
                "star_rating": 5,
                "impressions": 900,
                "clicks": 200,  # at the account's 3 %, no inquiry from 200 clicks is unlikely
                "spend": 75.5,
                "inquiries": 0,
            },
            {
                "keyword": "solar wall lamp",  # sets the account's click→inquiry rate: 3 %
                "star_rating": 5,
                "impressions": 9000,
                "clicks": 1000,
                "spend": 900.0,
                "inquiries": 36,
            },
        ]
    )
    products = periodic([{"product_id": "1600000000001", "title": "Solar Light Outdoor"}])
    return build_library(
        {"traffic_keywords": traffic, "p4p_keywords": p4p, "products": products}, AS_OF, lang=lang
    )


@functools.cache
def pages(lang: str = "zh") -> dict[str, bytes]:
    return render_keyword_pages(small_library(lang), Settings(), lang, make_env(), as_of=AS_OF)


@functools.cache
def big() -> tuple[pd.DataFrame, dict[str, bytes]]:
    lib = sample_library(20_000, AS_OF)
    return lib, render_keyword_pages(lib, Settings(), "zh", make_env(), as_of=AS_OF, xlsx=False)


def raw_json(data: bytes) -> Any:
    """The JSON that library.js assigns to its global (a browser runs the script)."""
    head, tail = f"window.{DATA_GLOBAL} = ".encode(), b";\n"
    assert data.startswith(head) and data.endswith(tail), data[:60]
    return json.loads(data[len(head) : -len(tail)])


def decode(data: bytes) -> dict[str, list[Any]]:
    """library.js back into full columns (what keywords.js does)."""
    raw = raw_json(data)
    n = raw["n"]
    out: dict[str, list[Any]] = {}
    for f in raw["fields"]:
        col = raw["cols"][f]
        if isinstance(col, list):
            out[f] = col
        elif "runs" in col:
            out[f] = [
                v
                for v, k in zip(col["runs"][::2], col["runs"][1::2], strict=True)
                for _ in range(k)
            ]
        else:
            values, i = [col["d"]] * n, -1
            for gap, v in zip(col["at"], col["v"], strict=True):
                i += gap
                values[i] = v
            out[f] = values
        assert len(out[f]) == n, f
    return out


# -- files ------------------------------------------------------------------------------------------


def test_every_page_and_download_is_written() -> None:
    files = pages()
    expected = {"keywords/index.md", DATA_PATH, CSV_PATH, XLSX_PATH}
    expected |= {f"keywords/{status_slug(s)}.md" for s in STATUSES}
    assert set(files) == expected


def test_index_links_every_status_page_it_names() -> None:
    index = pages()["keywords/index.md"].decode()
    for link in re.findall(r"\]\(([^)#]+\.md)\)", index):
        assert f"keywords/{link}" in pages(), link
    assert "(waste.md)" in index and "(uncovered.md)" in index and "(keep.md)" in index
    assert "../downloads/keyword-library.csv" in index


def test_csv_header_is_exactly_the_issues_columns() -> None:
    rows = list(csv.reader(io.StringIO(pages()[CSV_PATH].decode("utf-8-sig"))))
    assert rows[0] == [
        "keyword", "language", "sources", "first_seen", "last_seen", "search_index",
        "competition", "impressions", "clicks", "inquiries", "top10_impressions", "p4p_spend",
        "p4p_clicks", "covering_products", "rank", "status", "action",
    ]  # fmt: skip
    assert list(CSV_COLUMNS) == rows[0]
    by_word = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_word["solar light"]["status"] == "waste"
    assert by_word["solar light"]["p4p_spend"] == "75.50"  # money: to the fen
    assert by_word["solar light"]["inquiries"] == "0"
    assert by_word["patio gazebo"]["inquiries"] == ""  # unknown, not zero
    assert by_word["'=cmd|' /c calc'!a0"]["keyword"].startswith("'=")  # Excel formula defused


XLSX_HEADER_ROW = {
    "zh": [
        "关键词", "语言", "来源", "首次出现", "最近出现", "关键词指数", "卖家规模指数", "我的曝光",
        "我的点击", "询盘", "Top10平均曝光", "直通车花费(元)", "直通车点击", "覆盖产品数",
        "排名(页-位)", "状态", "建议动作",
    ],
    "en": [
        "Keyword", "Language", "Sources", "First seen", "Last seen", "Search index",
        "Competition", "My impressions", "My clicks", "Inquiries", "Top10 impressions",
        "P4P spend (CNY)", "P4P clicks", "Covering products", "Rank (page-pos)", "Status",
        "Action",
    ],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_is_in_the_sites_language_with_a_frozen_header_and_filters(lang: str) -> None:
    """The workbook an English site offers is English (it was Chinese on every site): headers,
    sheet name, statuses, sources and actions; the Chinese site's stays as it was."""
    book = openpyxl.load_workbook(io.BytesIO(pages(lang)[XLSX_PATH]))
    ws = book.active
    header = [c.value for c in ws[1]]
    assert header == XLSX_HEADER_ROW[lang]
    assert ws.title == {"zh": "关键词库", "en": "Keyword library"}[lang]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    waste = rows["solar light"]
    status, sources, action = (waste[h] for h in (header[-2], header[2], header[-1]))
    if lang == "zh":
        assert status == "浪费词" and action.startswith("暂停")
        assert sources == "直通车关键词；引流关键词"
    else:
        cjk = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
        assert status == "Waste" and action.startswith("Pause it")
        assert sources == "P4P keywords; Traffic keywords"
        assert not any(cjk.search(str(v)) for v in [*header, ws.title, status, sources, action])
    assert ws.max_row == len(small_library(lang)) + 1


def test_rendering_is_deterministic() -> None:
    again = render_keyword_pages(small_library(), Settings(), "zh", make_env(), as_of=AS_OF)
    assert again == pages()


def test_english_pages() -> None:
    files = pages("en")
    assert files["keywords/index.md"].decode().startswith("# Keyword library")
    assert "Pause it" in files["keywords/waste.md"].decode()
    assert "All statuses" in files["keywords/index.md"].decode()


# -- untrusted text -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_untrusted_keywords_are_escaped_on_every_page(lang: str) -> None:
    for path, data in pages(lang).items():
        if not path.endswith(".md"):
            continue
        text = data.decode()
        assert "<script>" not in text, path
        html = markdown.markdown(text, extensions=["attr_list", "tables"])
        assert "<script" not in html, path
        assert "<strong>bold</strong>" not in html, path
    page = pages(lang)["keywords/uncovered.md"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text in the static table
    assert "lamp | shade" in page  # no table cell split: the table is HTML, not Markdown
    assert "**bold** lamp" in page


def test_untrusted_keywords_are_text_in_the_json() -> None:
    data = pages()[DATA_PATH]
    assert b"<" not in data  # escaped as \u003c: inert even if read as HTML
    cols = decode(data)
    for word in EVIL:
        assert word.casefold() in cols["keyword"]


def test_the_chart_spec_is_an_escaped_attribute() -> None:
    index = pages()["keywords/index.md"].decode()
    attr = re.search(r"data-spec='([^']*)'", index)
    assert attr is not None
    spec = json.loads(
        attr.group(1)
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
    )
    words = {v["k"] for v in spec["data"]["values"]}
    assert "<script>alert(1)</script>" in words
    assert "data" not in spec["layer"][0]  # the points take the page's data
    assert all(layer["data"] == {"values": [{}]} for layer in spec["layer"][1:])  # threshold rules
    assert "datasets" not in spec


def test_the_app_skeleton() -> None:
    html = app_html("zh", status="waste")
    assert '<div id="kw-app"' in html and 'data-src="library.js"' in html
    assert 'data-status="waste"' in html
    assert '<option value="waste" selected>' in html
    assert "<noscript>" in html and "../downloads/keyword-library.csv" in html
    assert "\n\n" not in html  # one raw-HTML block for Markdown
    waste = pages()["keywords/waste.md"].decode()
    assert 'data-status="waste"' in waste


def test_status_link_and_workbook_job_for_the_site() -> None:
    assert (
        status_link("p4p_candidate", 1, "zh", 12) == "[直通车候选 12](../keywords/p4p-candidate.md)"
    )
    assert status_link("uncovered", 0, "en") == "[Uncovered](keywords/uncovered.md)"
    for lang in ("zh", "en"):
        path, frame, cols, sheet = workbook_job(small_library(lang), lang)
        assert path == XLSX_PATH and sheet == {"zh": "关键词库", "en": "Keyword library"}[lang]
        assert [c.label for c in cols] == XLSX_HEADER_ROW[lang]
        assert {"zh": "浪费词", "en": "Waste"}[lang] in set(frame["status"])


# -- the data file --------------------------------------------------------------------------------


def test_json_round_trips_the_library() -> None:
    lib = small_library()
    raw = raw_json(pages()[DATA_PATH])
    assert raw["fields"] == list(JSON_FIELDS)
    assert raw["as_of"] == AS_OF.isoformat()
    assert [s for s, _ in raw["statuses"]] == list(STATUSES)
    cols = decode(pages()[DATA_PATH])
    for i, rec in enumerate(lib.to_dict("records")):
        assert cols["keyword"][i] == rec["keyword"]
        assert raw["statuses"][cols["status"][i]][0] == rec["status"]
        assert cols["search_index"][i] == (
            None if pd.isna(rec["search_index"]) else int(rec["search_index"])
        )
        assert cols["last_seen"][i] == (AS_OF - rec["last_seen"]).days
        sources = [
            raw["sources"][b][0] for b in range(len(raw["sources"])) if cols["sources"][i] >> b & 1
        ]
        assert ";".join(sorted(sources)) == rec["sources"]
    solar = cols["keyword"].index("solar light")
    assert cols["p4p_spend"][solar] == 75.5
    luz = cols["keyword"].index("luz solar")
    assert (cols["translated"][luz], cols["original"][luz]) == (1, "solar light")


def test_an_empty_library_renders() -> None:
    empty = build_library({}, AS_OF)
    files = render_keyword_pages(empty, Settings(), "zh", make_env(), as_of=AS_OF)
    assert raw_json(files[DATA_PATH])["n"] == 0
    assert "没有需要处理的词" in files["keywords/index.md"].decode()
    assert "ops-chart" not in files["keywords/index.md"].decode()


# -- 20,000 words ---------------------------------------------------------------------------------


def test_20000_words_stay_under_2_mb_per_page_with_the_data() -> None:
    lib, files = big()
    assert len(lib) == 20_000
    data = len(files[DATA_PATH])
    for s in STATUSES:
        page = len(files[f"keywords/{status_slug(s)}.md"])
        assert page + data < MAX_BYTES, (s, page, data)
    index = len(files["keywords/index.md"])
    assert index + data < MAX_BYTES, (index, data)
    assert data < 1_500_000


def test_20000_words_the_chart_is_capped() -> None:
    _, files = big()
    index = files["keywords/index.md"].decode()
    attr = re.search(r"data-spec='([^']*)'", index)
    assert attr is not None
    spec = json.loads(attr.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    values = spec["data"]["values"]
    assert len(values) == CHART_MAX_POINTS  # 10,000+ actionable words: the cap is reached
    assert "保持" not in {v["s"] for v in values}  # every actionable word before any kept one


def test_20000_words_the_data_decodes_to_every_row() -> None:
    lib, files = big()
    cols = decode(files[DATA_PATH])
    assert cols["keyword"] == list(lib["keyword"])
    assert len(set(cols["keyword"])) == len(lib)


def test_status_pages_hold_at_most_the_top_rows() -> None:
    lib, files = big()
    counts = lib["status"].value_counts()
    for s in STATUSES:
        page = files[f"keywords/{status_slug(s)}.md"].decode()
        n = int(counts.get(s, 0))
        # header + the top 50 (or all), and the interactive table's header; none when empty
        assert page.count("<tr>") == (min(n, TOP_ROWS) + 2 if n else 0), (s, n)
    assert counts.max() > TOP_ROWS  # the cap is exercised
    assert KeywordRules().opportunity_min_index == 200
