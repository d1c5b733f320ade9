"""The native 产品分析 files: every day, every complete week and month, as BIFF8 .xls."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import numpy as np
import xlwt

from ..foundation.periods import (
    month_end,
    week_end,
)
from ..kinds import PRODUCTS
from .panel import (
    _DEDUP,
    _I,
    _PEOPLE,
    HEADERS,
    SHEET_NAME,
    _Store,
)

# --------------------------------------------------------------------------------------------
# Periods and files
# --------------------------------------------------------------------------------------------


def _periods(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    out = [
        ("day", first + dt.timedelta(days=i), first + dt.timedelta(days=i))
        for i in range((last - first).days + 1)
    ]
    sat = week_end(first)
    while sat <= last:
        if sat - dt.timedelta(days=6) >= first:
            out.append(("week", sat - dt.timedelta(days=6), sat))
        sat += dt.timedelta(days=7)
    m = first.replace(day=1)
    while m <= last:
        if m >= first and month_end(m) <= last:
            out.append(("month", m, month_end(m)))
        m = month_end(m) + dt.timedelta(days=1)
    return out


_FOLDER = {"day": "daily", "week": "weekly", "month": "monthly"}


def _job(
    s: _Store, gran: str, start: dt.date, end: dt.date, root: Path, suffix: str = ".xls"
) -> tuple:
    a, b = s.t(start), s.t(end)
    pres = s.present[:, a : b + 1]
    rows = np.flatnonzero(pres.any(axis=1))
    ints = s.ints[:, rows, a : b + 1].sum(axis=2).T.copy()  # (n, K)
    k = _DEDUP[gran]
    if k != 1.0:
        for name in _PEOPLE:
            ints[:, _I[name]] = np.rint(ints[:, _I[name]] * k).astype(np.int64)
    # 近90天商机人数 is a snapshot: its value on the last day of the period the product was online.
    last_on = b - np.argmax(pres[rows, ::-1], axis=1)
    ints[:, _I["opportunity_buyers_90d"]] = s.ints[_I["opportunity_buyers_90d"], rows, last_on]
    gmv = np.round(s.gmv[rows, a : b + 1].sum(axis=1), 2)
    ids = np.array([int(s.ids[p]) for p in rows], dtype=np.int64)
    order = np.lexsort((ids, -ints[:, _I["search_impressions"]]))
    path = root / _FOLDER[gran] / f"Products-{end.isoformat()}{suffix}"
    return (str(path), start.isoformat(), end.isoformat(), rows[order], ints[order], gmv[order])


def _static(s: _Store) -> tuple:
    return (s.ids, s.titles, s.showcase, s.top_display, s.in_p4p, s.owners)


def _rate(num: int, den: int) -> str:
    return f"{100.0 * num / den:.2f}%" if den else "0.00%"


def _write_xls(static: tuple, job: tuple) -> None:
    ids, titles, showcase, top_display, in_p4p, owners = static
    path, start, end, rows, ints, gmv = job
    text = {
        "product_id": ids,
        "title": titles,
        "showcase": showcase,
        "top_display": top_display,
        "in_p4p": in_p4p,
        "owner": owners,
    }
    ci, ck, cv, cq = _I["search_impressions"], _I["search_clicks"], _I["visitors"], _I["inquiries"]
    plan: list[tuple[int, str, Any]] = []
    for c, column in enumerate(PRODUCTS.columns):
        if column.name in text:
            plan.append((c, "text", text[column.name]))
        elif column.name in _I:
            plan.append((c, "int", _I[column.name]))
        elif column.name == "search_ctr":
            plan.append((c, "rate", (ck, ci)))
        elif column.name == "inquiry_rate":
            plan.append((c, "rate", (cq, cv)))
        elif column.name == "rts_gmv_usd":
            plan.append((c, "gmv", None))
        else:  # pragma: no cover - a column added to PRODUCTS without a value here
            raise KeyError(column.name)

    if path.endswith(".csv"):
        _write_csv(path, start, end, rows, ints, gmv, plan)
        return
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(SHEET_NAME)
    ws.write(0, 0, f"{PRODUCTS.zh} 时间周期{start}~{end}")
    ws.write(1, 0, "数据来源：数据参谋 → 商品分析（演示店铺，模拟数据）")
    ws.write(2, 0, "注：统计日期为美国太平洋时间")
    header = ws.row(5)
    for c, name in enumerate(HEADERS):
        header.set_cell_text(c, name)
    for r, (p, vals, money) in enumerate(
        zip(rows.tolist(), ints.tolist(), gmv.tolist(), strict=True)
    ):
        row = ws.row(6 + r)
        for c, how, arg in plan:
            if how == "int":
                row.set_cell_number(c, vals[arg])
            elif how == "text":
                row.set_cell_text(c, arg[p])
            elif how == "rate":
                row.set_cell_text(c, _rate(vals[arg[0]], vals[arg[1]]))
            else:
                row.set_cell_number(c, money)
    wb.save(path)


def _write_csv(
    path: str,
    start: str,
    end: str,
    rows: np.ndarray,
    ints: np.ndarray,
    gmv: np.ndarray,
    plan: list[tuple[int, str, Any]],
) -> None:
    """The same file as the backend's .xls, saved as CSV by Chinese Excel (GB18030, the five
    preamble rows, header on row 6): many times faster to write, for very large stores."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerows(
        [
            [f"{PRODUCTS.zh} 时间周期{start}~{end}"],
            ["数据来源：数据参谋 → 商品分析（演示店铺，模拟数据）"],
            ["注：统计日期为美国太平洋时间"],
            [],
            [],
            list(HEADERS),
        ]
    )
    for p, vals, money in zip(rows.tolist(), ints.tolist(), gmv.tolist(), strict=True):
        out.writerow(
            [
                vals[arg]
                if how == "int"
                else arg[p]
                if how == "text"
                else _rate(vals[arg[0]], vals[arg[1]])
                if how == "rate"
                else money
                for _c, how, arg in plan
            ]
        )
    Path(path).write_bytes(buf.getvalue().encode("gb18030"))
