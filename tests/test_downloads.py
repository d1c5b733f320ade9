"""CSV downloads open cleanly in Excel: UTF-8 with a byte-order mark (without it, a Chinese
Windows Excel reads the bytes as GBK and the Chinese text comes out garbled), the headers intact,
the formula guard on cells kept."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from generator.render.downloads import to_csv
from generator.render.keywords import CSV_COLUMNS
from generator.render.markup import Col

if TYPE_CHECKING:
    from conftest import BuiltDemo

BOM = codecs.BOM_UTF8
SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def read_as_excel(data: bytes) -> list[list[str]]:
    """The rows as Excel reads a CSV that starts with a UTF-8 BOM."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def expected_first_header(rel: str) -> str | None:
    name = rel.rsplit("/", 1)[-1]
    if name == "keyword-library.csv":
        return CSV_COLUMNS[0]
    if name in ("anomalies.csv", "actions.csv"):
        return "date"
    if name.endswith("-products.csv") and "/daily/" in f"/{rel}":
        return "product_id"
    if name.endswith("-categories.csv"):
        return "category"
    return None


def test_to_csv_writes_a_bom_and_keeps_the_formula_guard() -> None:
    frame = pd.DataFrame({"category": ["太阳能灯", "=HYPERLINK(1)"], "inquiries": [3, 0]})
    data = to_csv(frame, [Col("category", "类目"), Col("inquiries", "询盘数", "count")])
    assert data.startswith(BOM) and not data[len(BOM) :].startswith(BOM)
    rows = read_as_excel(data)
    assert rows == [["category", "inquiries"], ["太阳能灯", "3"], ["'=HYPERLINK(1)", "0"]]


def test_a_number_reads_the_same_on_the_page_and_in_the_csv() -> None:
    """formats: each kind written once for the page and once for the CSV."""
    from generator.foundation.formats import fmt

    cases = [  # value, kind, on the page, in the CSV
        (0.0123, "rate", "1.2%", "0.0123"),
        (-0.04, "change", "−4.0%", "-0.04"),
        (0.0004, "change", "±0.0%", "0.0004"),
        (12345.0, "count", "12,345", "12345"),
        (12.5, "count", "13", "12.50"),  # a median of counts: whole on the page, raw in the CSV
        (1234.5, "usd", "US$1,234.50", "1234.50"),
        (1039.25, "yuan", "1,039.25", "1039.25"),
        (4.367, "hours", "4.4", "4.37"),
        (0.123456789, "number", "0.1235", "0.123457"),
        (None, "count", "—", ""),
    ]
    cols = [Col(f"c{i}", f"c{i}", kind) for i, (_, kind, _, _) in enumerate(cases)]
    frame = pd.DataFrame([{c.name: v for c, (v, *_) in zip(cols, cases, strict=True)}])
    assert [fmt(v, k) for v, k, _, _ in cases] == [page for _, _, page, _ in cases]
    assert read_as_excel(to_csv(frame, cols))[1] == [csv for *_, csv in cases]


def test_every_csv_of_a_built_site_opens_in_excel(built_demo: BuiltDemo) -> None:
    content = Path(built_demo.workspace.content)
    files = sorted(content.rglob("*.csv"))
    assert len(files) > 20, f"only {len(files)} CSV files in {content}"
    checked = set()
    for path in files:
        rel = path.relative_to(content).as_posix()
        data = path.read_bytes()
        assert data.startswith(BOM), f"{rel}: no UTF-8 BOM, Excel would read it as GBK"
        rows = read_as_excel(data)
        header = rows[0]
        assert "\ufeff" not in "".join(header), f"{rel}: a second BOM in the header {header[:3]}"
        bad = [h for h in header if not SNAKE.fullmatch(h)]
        assert not bad, f"{rel}: header cells {bad}"
        want = expected_first_header(rel)
        if want is not None:
            assert header[0] == want, f"{rel}: first header {header[0]!r}, expected {want!r}"
            checked.add(want)
        assert all(len(r) == len(header) for r in rows), f"{rel}: ragged rows"
    assert checked == {"product_id", "category", "date", CSV_COLUMNS[0]}, checked

    # The Chinese text comes back as it was: the demo's categories in a day's categories CSV.
    day = built_demo.as_of.isoformat()
    rows = read_as_excel((content / f"downloads/daily/{day}-categories.csv").read_bytes())
    shown = {r[0] for r in rows[1:]}
    assert shown and shown <= set(built_demo.summary.categories), shown
