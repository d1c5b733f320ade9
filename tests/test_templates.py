"""Operator-sheet templates: what an operator gets from `opsreport templates`, and what the store
gets back when a filled copy lands in exports/.

Every sheet kind gets a workbook with the Chinese headers, dropdowns and a notes sheet; a copy
filled with openpyxl (as Excel would save it) ingests to exactly the rows filled; a template
dropped in unfilled puts nothing in the store; two runs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import time
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Workspace
from generator.ingest import ingest_inbox, parse_export
from generator.ingest.normalize import parse_value
from generator.kinds import KINDS, TEMPLATE_DIR, Column, Kind
from generator.kinds.examples import EXAMPLE_ROWS
from generator.store import open_store
from generator.templates import dated_name, template_columns, template_name, write_templates

SHEET_KINDS = [k for k in KINDS.values() if k.sheet]
SHEET_NAMES = [k.name for k in SHEET_KINDS]
DAY = "2026-11-21"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ws = Workspace(tmp_path_factory.mktemp("tpl"))
    paths = write_templates(ws)
    return {p.name: p for p in paths}


def template_of(templates: dict[str, Path], kind: Kind) -> Path:
    return templates[template_name(kind)]


def validations(path: Path) -> dict[str, Any]:
    """Data validations of the data sheet, by the header of the column they cover; each must
    cover Excel rows 2-5000 of one column."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    headers = {c.column_letter: c.value for c in ws[1]}
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            letter = "".join(ch for ch in rng.split(":")[0] if ch.isalpha())
            assert rng == f"{letter}2:{letter}5000"
            found[headers[letter]] = dv
    return found


# -- the workbooks -----------------------------------------------------------------------------


def test_there_are_thirteen_operator_sheets_and_each_has_a_template(templates):
    assert len(SHEET_KINDS) == 13
    assert sorted(templates) == sorted(f"{k.name}-YYYY-MM-DD.xlsx" for k in SHEET_KINDS)
    assert set(EXAMPLE_ROWS) == set(SHEET_NAMES)
    for path in templates.values():
        assert path.parent.name == TEMPLATE_DIR and path.parent.parent.name == "exports"


@pytest.mark.parametrize("name", SHEET_NAMES)
def test_template_has_the_chinese_headers_an_example_row_and_notes(templates, name):
    kind = KINDS[name]
    book = openpyxl.load_workbook(template_of(templates, kind))
    assert book.sheetnames == [kind.zh, "说明 Notes"]
    ws = book.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers == [c.zh for c in template_columns(kind)]
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 2  # the header and one example row
    for cell, col in zip(ws[1], template_columns(kind), strict=True):
        assert cell.font.b
        assert cell.comment is not None
        assert cell.comment.text.startswith(
            "必填 / required" if col.required else "选填 / optional"
        )
    required_fill = {
        c.fill.fgColor.rgb
        for c, col in zip(ws[1], template_columns(kind), strict=True)
        if col.required
    }
    optional_fill = {
        c.fill.fgColor.rgb
        for c, col in zip(ws[1], template_columns(kind), strict=True)
        if not col.required
    }
    assert len(required_fill) == 1 and not required_fill & optional_fill
    example = EXAMPLE_ROWS[name]
    for cell, col in zip(ws[2], template_columns(kind), strict=True):
        assert cell.font.i and cell.font.color is not None
        value = example.get(col.name)
        if col.type == "date":
            assert isinstance(value, dt.date)
            assert cell.value == dt.datetime.combine(value, dt.time())  # a real Excel date
            assert cell.number_format == "yyyy-mm-dd"
        elif col.type == "datetime":
            assert cell.value == value and cell.number_format == "yyyy-mm-dd hh:mm"
        elif col.type == "id" or col.name.endswith("_id"):
            assert isinstance(cell.value, str) and cell.value.isdigit() and len(cell.value) == 13
            assert cell.number_format == "@"
            letter = cell.column_letter
            assert ws.column_dimensions[letter].width >= 15
        elif col.type == "rate":
            assert isinstance(cell.value, str) and cell.value.endswith("%")
        elif col.type in ("int", "float"):
            assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
        else:
            assert cell.value == value
    notes = "\n".join(
        str(c.value) for row in book["说明 Notes"].iter_rows() for c in row if c.value is not None
    )
    assert kind.source in notes and kind.template_hint in notes
    assert dated_name(kind) in notes and f"{name}-{DAY}.xlsx" in notes
    assert "第 2 行" in notes and "ignored on import" in notes
    for col in template_columns(kind):
        assert col.zh in notes and col.aliases[0] in notes
        assert all(choice in notes for choice in col.choices)


def test_id_and_date_columns_are_formatted_for_the_whole_column(templates):
    ws = openpyxl.load_workbook(template_of(templates, KINDS["inquiries"])).worksheets[0]
    letters = {c.value: c.column_letter for c in ws[1]}
    for header in ("询盘ID", "产品ID"):  # typed IDs stay text, not 1.60156E+12
        assert ws.column_dimensions[letters[header]].number_format == "@"
    for header in ("询盘时间", "首次回复时间"):
        assert ws.column_dimensions[letters[header]].number_format == "yyyy-mm-dd hh:mm"
    assert "统计日期(美国太平洋时间)" not in letters  # derived on import, not typed


@pytest.mark.parametrize("name", SHEET_NAMES)
def test_choice_int_and_date_columns_are_validated(templates, name):
    kind = KINDS[name]
    found = validations(template_of(templates, kind))
    for col in template_columns(kind):
        dv = found.get(col.zh)
        if col.choices:
            assert dv.type == "list"
            assert dv.formula1 == '"' + ",".join(col.choices) + '"'
        elif col.type == "int":
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif col.type == "date":
            assert dv.type == "date"
        if dv is not None:  # a Chinese message naming the column when a value is refused
            assert dv.showErrorMessage and f"「{col.zh}」" in dv.error and "请" in dv.error


def test_the_contract_lists_are_dropdowns(templates):
    store = validations(template_of(templates, KINDS["store_overview"]))
    assert store["对象"].formula1 == '"我的,同行平均,同行优秀"'
    for kind, header in (("inquiries", "买家等级"), ("visitors", "买家层级")):
        assert validations(template_of(templates, KINDS[kind]))[header].formula1 == (
            '"L0,L1,L2,L3,L4"'
        )
    flags = validations(template_of(templates, KINDS["visitors"]))
    assert flags["是否询盘"].formula1 == flags["是否TM咨询"].formula1 == '"Y,N"'


def test_example_rows_are_valid_values_of_their_columns():
    for name, example in EXAMPLE_ROWS.items():
        kind = KINDS[name]
        assert set(example) <= {c.name for c in template_columns(kind)}
        assert {c.name for c in kind.required} <= set(example), name
        for col_name, value in example.items():
            col = kind.column(col_name)
            parsed, problem = parse_value(value, col.type)
            assert problem is None and parsed is not None, (name, col_name)
            if col.choices:
                assert value in col.choices


def test_two_runs_write_identical_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = {p.name: p.read_bytes() for p in write_templates(Workspace(tmp_path / "a"))}
    time.sleep(1.05)  # a clock in the zip entries or the properties would show
    again = write_templates(Workspace(tmp_path / "a"))
    second = {p.name: p.read_bytes() for p in write_templates(Workspace(tmp_path / "b"))}
    assert first == second == {p.name: p.read_bytes() for p in again}


def test_a_missing_workspace_is_an_error_not_a_new_folder(tmp_path):
    result = CliRunner().invoke(main, ["templates", "--workspace", str(tmp_path / "nope")])
    assert result.exit_code == 1
    # no workspace, no language setting: Chinese, the default (issue 16)
    assert "不存在" in result.output and "opsreport init" in result.output
    assert not (tmp_path / "nope").exists()


# -- round trip: fill a copy, ingest it --------------------------------------------------------


def fill_value(col: Column, i: int) -> Any:
    """What an operator types into row ``i`` (0-based) of a column."""
    if col.choices:
        return col.choices[(i + 1) % len(col.choices)]
    if col.type == "date":
        return dt.date(2026, 11, 19) + dt.timedelta(days=i)
    if col.type == "datetime":
        return dt.datetime(2026, 11, 19 + i, 8 + i, 15)
    if col.type == "id" or col.name.endswith("_id"):
        return str(1601562216900 + 7 * i)
    if col.type == "int":
        return 10 * (i + 1) + len(col.zh)
    if col.type == "float":
        return 1.5 + i
    if col.type == "rate":
        return f"{1.25 + i}%" if i % 2 == 0 else 0.0325  # text or a number: both are read
    return f"{col.aliases[0]} {i + 1}"


def filled_rows(kind: Kind, n: int = 3) -> list[dict[str, Any]]:
    """``n`` rows; the second leaves the optional columns that are not part of the key empty."""
    rows = []
    for i in range(n):
        row = {c.name: fill_value(c, i) for c in template_columns(kind)}
        if i == 1:
            for c in template_columns(kind):
                if not c.required and c.name not in kind.key:
                    row[c.name] = None
        rows.append(row)
    return rows


def expected(value: Any, col: Column) -> Any:
    """What a filled cell should read as (computed independently of the code)."""
    if value is None:
        return None
    if col.type == "flag":
        return {"Y": True, "N": False}[value]
    if col.type == "rate" and isinstance(value, str):
        return float(value.rstrip("%")) / 100
    return value


def stored(value: Any, col: Column) -> Any:
    """A store cell as a plain Python value."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if col.type == "date":
        return pd.Timestamp(value).date()
    if col.type == "datetime":
        return pd.Timestamp(value).to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def fill_copy(template: Path, target: Path, rows: list[dict[str, Any]], kind: Kind) -> None:
    """Overwrite the example row and write ``rows`` below the header, as Excel would save it."""
    book = openpyxl.load_workbook(template)
    ws = book.worksheets[0]
    cols = {c.zh: c for c in template_columns(kind)}
    letters = [(cell.column, cols[cell.value]) for cell in ws[1]]
    for i, row in enumerate(rows, start=2):
        for j, col in letters:
            ws.cell(row=i, column=j).value = row[col.name]
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


@pytest.mark.parametrize("name", SHEET_NAMES)
def test_a_filled_copy_ingests_exactly_the_rows_filled(templates, tmp_path, name):
    kind = KINDS[name]
    ws = Workspace(tmp_path / "ws")
    rows = filled_rows(kind)
    fill_copy(template_of(templates, kind), ws.exports / dated_name(kind, DAY), rows, kind)
    shutil.copytree(templates[template_name(kind)].parent, ws.exports / TEMPLATE_DIR)
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        got = store.query(f"SELECT * FROM current_{name}")
    assert [(r.name, r.status) for r in report.results] == [(f"{name}-{DAY}.xlsx", "ingested")], (
        report.results
    )  # the templates folder is never read
    assert report.results[0].warnings == []
    cols = template_columns(kind)
    actual = sorted(
        (tuple(stored(rec[c.name], c) for c in cols) for rec in got.to_dict("records")),
        key=str,
    )
    want = sorted((tuple(expected(r[c.name], c) for c in cols) for r in rows), key=str)
    assert len(actual) == len(rows)
    for a, w in zip(actual, want, strict=True):
        for c, x, y in zip(cols, a, w, strict=True):
            if isinstance(y, float):
                assert x == pytest.approx(y), (c.name, x, y)
            else:
                assert x == y, (c.name, x, y)
                assert type(x) is type(y), (c.name, x, y)
    if name == "inquiries":  # China 08:15 is the previous day in US-Pacific
        days = sorted(stored(v, kind.column("stat_date")) for v in got["stat_date"])
        assert days == [dt.date(2026, 11, 18), dt.date(2026, 11, 19), dt.date(2026, 11, 20)]


@pytest.mark.parametrize("name", SHEET_NAMES)
def test_an_unfilled_template_puts_nothing_in_the_store(templates, tmp_path, name):
    kind = KINDS[name]
    ws = Workspace(tmp_path / "ws")
    ws.exports.mkdir(parents=True)
    shutil.copyfile(template_of(templates, kind), ws.exports / dated_name(kind, DAY))
    shutil.copyfile(template_of(templates, kind), ws.exports / template_name(kind))
    with open_store(ws.db_path) as store:
        report = ingest_inbox(ws, store)
        held = store.query(f"SELECT count(*) AS n FROM {name}")["n"][0]
    assert len(report.results) == 2
    for r in report.results:  # under a real date and under the template's own name
        assert r.status == "rejected"
        assert "no data rows" in r.problem and "example row" in r.problem
    assert held == 0


def test_an_example_row_left_above_real_rows_is_dropped_with_a_warning(templates, tmp_path):
    kind = KINDS["store_overview"]
    example = EXAMPLE_ROWS["store_overview"]
    rows = [
        {c.name: example.get(c.name) for c in template_columns(kind)},
        *filled_rows(kind, 2),
    ]
    target = tmp_path / dated_name(kind, DAY)
    fill_copy(template_of(templates, kind), target, rows, kind)
    parsed = parse_export(target.name, target.read_bytes())
    assert len(parsed.rows) == 2
    assert "the template's example row was ignored" in parsed.warnings
    assert 128 not in set(parsed.rows["store_visitors"])  # the example's number


def test_a_row_that_differs_from_the_example_in_one_cell_is_kept(templates, tmp_path):
    kind = KINDS["regions"]
    row = {c.name: EXAMPLE_ROWS["regions"].get(c.name) for c in template_columns(kind)}
    row["visitors"] = 32
    target = tmp_path / dated_name(kind, DAY)
    fill_copy(template_of(templates, kind), target, [row], kind)
    parsed = parse_export(target.name, target.read_bytes())
    assert len(parsed.rows) == 1 and parsed.warnings == []


# -- the command -------------------------------------------------------------------------------


def test_cli_writes_the_templates_and_says_where(tmp_path):
    ws = Workspace(tmp_path)
    result = CliRunner().invoke(main, ["templates", "--workspace", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = ws.exports / TEMPLATE_DIR
    assert sorted(p.name for p in folder.iterdir()) == sorted(template_name(k) for k in SHEET_KINDS)
    assert result.stdout.strip().splitlines()[-1] == (
        f"模板：已写入 13 个手工表模板到 {folder}——复制一个，填好，按日期存进 exports/"
    )
