"""Operator-sheet templates: one ``.xlsx`` per page the backend cannot export.

Each workbook has the sheet itself (Chinese headers in kind order, required ones orange with a
「必填 / required」 comment, one grey example row, dropdowns and number/date validation over
rows 2–5000) and a ``说明 Notes`` sheet (which page to copy, how, the file name to save under,
every column in words). The operator copies a template out of ``exports/templates/``, fills it
and saves it into ``exports/`` under its date; ingest reads it like any other export and
ignores the example row if it was left in.

:data:`generator.kinds.examples.EXAMPLE_ROWS` is the one source of the example row: the
templates write it and ingest drops a row equal to it. Same code → byte-identical workbooks (fixed creation time).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .config import Workspace
from .foundation.errors import WorkspaceError
from .foundation.periods import CHINA_ZONE
from .kinds import DERIVED, KINDS, TEMPLATE_DIR, Column, Kind
from .kinds.examples import EXAMPLE_ROWS

FIXED_TIME = dt.datetime(2026, 1, 1)  # workbook creation time: same bytes on every run
LAST_ROW = 5000  # validations cover Excel rows 2..LAST_ROW
EXAMPLE_DAY = "2026-11-21"  # the date a copy's file name shows in the notes
NOTES_SHEET = "说明 Notes"


TYPE_WORDS = {
    "id": "编号（文本，数字不要变成科学计数）/ ID, kept as text",
    "text": "文字 / text",
    "int": "整数，不小于 0 / whole number ≥ 0",
    "float": "数字 / number",
    "rate": "百分比，如 1.15% / percentage such as 1.15%",
    "flag": "Y 或 N / Y or N",
    "date": "日期，如 2026-11-21 / date",
    "datetime": "日期时间，如 2026-11-21 09:30 / date and time",
}
UNIT_WORDS = {
    "hours": "小时 / hours",
    "seconds": "秒 / seconds",
    "USD": "美元 / USD",
    "CNY": "元 / CNY",
    CHINA_ZONE: "北京时间 / China time",
}
NUM_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}
REQUIRED_COLOUR = "#F8CBAD"  # orange: must be filled
OPTIONAL_COLOUR = "#DDEBF7"  # blue: may be left empty


def sheet_kinds() -> list[Kind]:
    """The operator-sheet kinds, in contract order."""
    return [k for k in KINDS.values() if k.sheet]


def template_columns(kind: Kind) -> tuple[Column, ...]:
    """The columns the operator fills (the kind's columns minus those derived at ingest)."""
    derived = DERIVED.get(kind.name, ())
    return tuple(c for c in kind.columns if c.name not in derived)


def template_name(kind: Kind) -> str:
    """``store_overview-YYYY-MM-DD.xlsx``: the kind's file pattern, date placeholder kept."""
    return Path(kind.file_pattern).with_suffix(".xlsx").name


def dated_name(kind: Kind, day: str = EXAMPLE_DAY) -> str:
    """The name a filled copy is saved under, e.g. ``store_overview-2026-11-21.xlsx``."""
    return template_name(kind).replace("YYYY-MM-DD", day)


def is_id_column(col: Column) -> bool:
    """IDs are kept as text cells so that Excel does not turn them into floats."""
    return col.type == "id" or col.name.endswith("_id")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _type_words(col: Column) -> str:
    words = TYPE_WORDS[col.type]
    if col.type == "text" and is_id_column(col):
        words = "编号（文本）/ ID, kept as text"
    if col.unit:
        words += "；单位 unit: " + UNIT_WORDS.get(col.unit, col.unit)
    return words


def _validation(col: Column) -> dict[str, object] | None:
    if col.choices:
        listed = " / ".join(col.choices)
        return {
            "validate": "list",
            "source": list(col.choices),
            "error_title": "请从下拉列表选择",
            "error_message": f"「{col.zh}」只能填：{listed}。请从下拉列表中选择。",
        }
    if col.type == "int":
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": "请填写整数",
            "error_message": f"「{col.zh}」请填写不小于 0 的整数（不要带单位或文字）。",
        }
    if col.type == "float":
        return {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": "请填写数字",
            "error_message": f"「{col.zh}」请填写不小于 0 的数字（不要带单位或文字）。",
        }
    if col.type == "date":
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2099, 12, 31),
            "error_title": "请填写日期",
            "error_message": f"「{col.zh}」请填写日期，如 2026-11-21。",
        }
    return None


def _write_example(
    ws: Worksheet, col_index: int, col: Column, value: object, fmt: dict[str, Format]
) -> None:
    if isinstance(value, dt.datetime):
        ws.write_datetime(1, col_index, value, fmt["datetime"])
    elif isinstance(value, dt.date):
        ws.write_datetime(1, col_index, value, fmt["date"])  # type: ignore[arg-type]
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        ws.write_string(1, col_index, str(value), fmt["id" if is_id_column(col) else "text"])
    else:
        ws.write_number(1, col_index, value, fmt["text"])


def write_template(kind: Kind, path: Path) -> None:
    """Write one kind's template workbook to ``path``."""
    columns = template_columns(kind)
    example = EXAMPLE_ROWS[kind.name]
    book = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": f"{kind.zh} 模板 / {kind.name} template",
            "author": "opsreport",
            "created": FIXED_TIME,
        }
    )
    header = {
        required: book.add_format(
            {
                "bold": True,
                "bg_color": REQUIRED_COLOUR if required else OPTIONAL_COLOUR,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
            }
        )
        for required in (True, False)
    }
    grey = {"italic": True, "font_color": "#808080"}
    example_fmt = {
        "text": book.add_format(grey),
        "id": book.add_format({**grey, "num_format": "@"}),
        "date": book.add_format({**grey, "num_format": NUM_FORMATS["date"]}),
        "datetime": book.add_format({**grey, "num_format": NUM_FORMATS["datetime"]}),
    }
    column_fmt = {
        "id": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": NUM_FORMATS["date"]}),
        "datetime": book.add_format({"num_format": NUM_FORMATS["datetime"]}),
    }

    ws = book.add_worksheet(kind.zh[:31])
    for j, col in enumerate(columns):
        value = example.get(col.name)
        width = max(_display_width(col.zh) + 4, _display_width(_shown(value)) + 2, 10)
        key = "id" if is_id_column(col) else col.type
        ws.set_column(j, j, min(width, 48), column_fmt.get(key))
        ws.write_string(0, j, col.zh, header[col.required])
        ws.write_comment(
            0,
            j,
            ("必填 / required" if col.required else "选填 / optional")
            + f"\n{col.aliases[0]}\n{_type_words(col)}",
            {"author": "opsreport", "x_scale": 1.6, "y_scale": 1.4},
        )
        if value is not None:
            _write_example(ws, j, col, value, example_fmt)
        rule = _validation(col)
        if rule is not None:
            ws.data_validation(1, j, LAST_ROW - 1, j, rule)
    ws.freeze_panes(1, 0)
    ws.set_row(0, 22)

    _write_notes(book, kind, columns, example)
    book.close()


def _dating_note(kind: Kind) -> str:
    """How the rows of a filled copy are dated (the notes sheet's 日期 / Dates line)."""
    if kind.date_column:
        date_col = kind.column(kind.date_column)
        if kind.date_column in DERIVED.get(kind.name, ()):
            source_col = next(c for c in template_columns(kind) if c.type == "datetime")
            return (
                f"每行的「{source_col.zh}」（北京时间）决定统计日期（美国太平洋时间，导入时计算）。"
                f" / Each row's {source_col.aliases[0]} (China time) gives its US-Pacific"
                " statistics date, computed on import."
            )
        return (
            f"每行的「{date_col.zh}」决定数据日期；之后再导入同一日期的文件会替换旧数据。"
            f" / Each row's {date_col.aliases[0]} dates it; a later file with the same"
            " dates replaces the earlier rows."
        )
    return "文件名里的日期就是这份数据的日期。 / The date in the file name is the date of the data."


def _write_notes(
    book: xlsxwriter.Workbook, kind: Kind, columns: tuple[Column, ...], example: dict[str, object]
) -> None:
    ns = book.add_worksheet(NOTES_SHEET)
    title = book.add_format({"bold": True, "font_size": 14})
    label = book.add_format({"bold": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    required_fmt = book.add_format({"bg_color": REQUIRED_COLOUR, "valign": "top"})
    optional_fmt = book.add_format({"bg_color": OPTIONAL_COLOUR, "valign": "top"})

    copy_name = dated_name(kind)
    dating = _dating_note(kind)
    lines = [
        ("后台页面 / Backend page", kind.source),
        ("怎么填 / How to fill", kind.template_hint),
        (
            "保存为 / Save as",
            f"另存一份，文件名里的 YYYY-MM-DD 换成数据日期，例如 {copy_name}，"
            f"放进 exports/ 文件夹（不要放在 exports/templates/ 里）。"
            f" / Save a copy named with the data's date, e.g. {copy_name}, into exports/"
            " (not exports/templates/).",
        ),
        ("日期 / Dates", dating),
        (
            "示例行 / Example row",
            "第 2 行（灰色斜体）是示例：请用真实数据覆盖或删除。原样留下的示例行导入时会被忽略。"
            " / Row 2 (grey italic) is an example: replace it or delete it. Left as it is,"
            " it is ignored on import.",
        ),
        (
            "表头 / Headers",
            "橙色 = 必填，蓝色 = 选填；表头和列的顺序不要改。有下拉箭头的列只能选列表里的值。"
            " / Orange = required, blue = optional; keep the headers as they are."
            " Columns with a dropdown take only the listed values.",
        ),
    ]
    ns.write_string(0, 0, f"{kind.zh}（{kind.name}）填写说明 / Notes", title)
    row = 2
    for name, text in lines:
        ns.write_string(row, 0, name, label)
        ns.merge_range(row, 1, row, 5, text, wrap)
        ns.set_row(row, 15 * max(2, -(-_display_width(text) // 110)))
        row += 1
    row += 1
    for j, name in enumerate(
        (
            "表头 Header",
            "英文 English",
            "类型 / 单位 Type / unit",
            "必填 Required",
            "可选值 Allowed values",
            "示例 Example",
        )
    ):
        ns.write_string(row, j, name, head)
    for col in columns:
        row += 1
        fmt = required_fmt if col.required else optional_fmt
        ns.write_string(row, 0, col.zh, fmt)
        ns.write_string(row, 1, col.aliases[0], wrap)
        ns.write_string(row, 2, _type_words(col), wrap)
        ns.write_string(row, 3, "必填 required" if col.required else "选填 optional", wrap)
        ns.write_string(row, 4, " / ".join(col.choices), wrap)
        value = example.get(col.name)
        ns.write_string(row, 5, "" if value is None else _shown(value), wrap)
    ns.set_column(0, 0, 24)
    ns.set_column(1, 1, 28)
    ns.set_column(2, 2, 44)
    ns.set_column(3, 3, 14)
    ns.set_column(4, 4, 30)
    ns.set_column(5, 5, 44)


def write_templates(workspace: Workspace) -> list[Path]:
    """Write one template per operator-sheet kind into ``<workspace>/exports/templates/``."""
    if not workspace.root.is_dir():
        raise WorkspaceError(
            f"workspace folder {workspace.root} does not exist",
            f"create it with `opsreport init --workspace {workspace.root}`",
        )
    folder = workspace.exports / TEMPLATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in sheet_kinds():
        path = folder / template_name(kind)
        write_template(kind, path)
        written.append(path)
    return written
