"""The P4P account report (a file per week of daily rows) and the growth score (营销能力, a sheet
per month)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np

from ..common import World, pct
from ..writers import native_job, sheet_job
from .base import (
    GROWTH_DIMS,
    NOTE,
    SRC,
    _level,
    _money,
)

ACCOUNT_HEAD = [
    "日期",
    "曝光量",
    "点击量",
    "点击率",
    "花费(元)",
    "平均点击花费(元)",
    "推广时长(小时)",
    "日预算(元)",
]


def _account_files(w: World, q: dict, folder: Path) -> None:
    """The account report: one file per week of daily rows, and the days of the unfinished week."""
    imps, clks, spend, hours, budget = q["imps"], q["clks"], q["spend"], q["hours"], q["budget"]
    spans = list(w.weeks)
    last_sat = spans[-1][1] if spans else w.first_day - dt.timedelta(days=1)
    if last_sat < w.as_of:
        spans_account = [*spans, (last_sat + dt.timedelta(days=1), w.as_of)]
    else:
        spans_account = spans
    for start, end in spans_account:
        rows: list[list[Any]] = []
        tot = [0, 0, 0.0]
        for i in range((end - start).days + 1):
            d = start + dt.timedelta(days=i)
            t = w.t(d)
            imp, clk, cost = (
                int(imps[:, t].sum()),
                int(clks[:, t].sum()),
                _money(float(spend[:, t].sum())),
            )
            hrs = float(np.average(hours[:, t], weights=imps[:, t])) if imp else 0.0
            rows.append(
                [
                    d.isoformat(),
                    imp,
                    clk,
                    pct(clk / imp if imp else 0),
                    cost,
                    _money(cost / clk) if clk else "-",
                    round(hrs, 1),
                    float(budget[q["active"], t].sum()),
                ]
            )
            tot = [tot[0] + imp, tot[1] + clk, tot[2] + cost]
        totals = [
            "合计",
            tot[0],
            tot[1],
            pct(tot[1] / tot[0] if tot[0] else 0),
            _money(tot[2]),
            _money(tot[2] / tot[1]) if tot[1] else "-",
            None,
            None,
        ]
        w.jobs.append(
            native_job(
                folder / f"P4P-account-{end.isoformat()}.xls",
                "账户报告",
                ACCOUNT_HEAD,
                rows,
                title="直通车账户报告",
                period=(start, end),
                source=SRC,
                note=NOTE,
                totals=totals,
            )
        )


def _growth_sheets(w: World, q: dict, rng: np.random.Generator) -> None:
    """The growth score: weekly (Saturdays), one sheet per month; kept in ``q["growth"]``."""
    imps, clks, spend, hours, budget = q["imps"], q["clks"], q["spend"], q["hours"], q["budget"]
    s = w.s
    nk = len(q["kw_word"])
    in_p4p = np.asarray(w.s.facts["in_p4p"], dtype=bool)
    quality = float((q["stars"] >= 4).mean()) if nk else 0.0
    n_w = max(1, len(w.weeks) - 1)
    target = 66.0 + 11.5 * np.arange(len(w.weeks)) / n_w + rng.normal(0.0, 0.6, len(w.weeks))
    target[-1] = 77.5  # the latest week: L3, a few points short of L4
    by_month: dict[tuple[int, int], list[list]] = {}
    growth: list[tuple[dt.date, float, dict[str, float]]] = []
    for wi, (_, end) in enumerate(w.weeks):
        t = w.t(end)
        a = max(0, t - 27)
        imp, clk = imps[:, a : t + 1].sum(), clks[:, a : t + 1].sum()
        hrs = float((hours[:, a : t + 1] * imps[:, a : t + 1]).sum() / max(imp, 1))
        use = (
            float(spend[:, a : t + 1].sum() / budget[q["active"], a : t + 1].sum())
            if q["active"].any()
            else 0.0
        )
        live = s.present[:, t]
        cover = float((in_p4p & live).sum() / max(1, live.sum()))
        ctr = float(clk / imp) if imp else 0.0
        pts = {
            "推广时长": 20.0 * min(1.0, hrs / 23.5),
            "预算使用率": 20.0 * min(1.0, use / 0.95),
            "推广产品覆盖": 15.0 * min(1.0, cover / 0.6),
            "关键词质量": 15.0 * min(1.0, quality / 0.9),
            "点击率": 15.0 * min(1.0, ctr / 0.04),
        }
        pts = {k: round(x * 2) / 2 for k, x in pts.items()}
        # 账户活跃度 (logins, adjustments) is what the data cannot show: it fills the path
        pts["账户活跃度"] = float(
            np.clip(round((target[wi] - sum(pts.values())) * 2) / 2, 6.0, 15.0)
        )
        score = float(sum(pts.values()))
        growth.append((end, score, pts))
        lvl = _level(score)
        rows = by_month.setdefault((end.year, end.month), [])
        rows.append([end, score, lvl, "总分", score, 100.0])
        for dim, mx in GROWTH_DIMS:
            rows.append([end, score, lvl, dim, pts[dim], mx])
    g_head = ["日期", "成长分", "等级", "维度", "得分", "满分"]
    for (_, _), rows in sorted(by_month.items()):
        last: dt.date = rows[-1][0]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"p4p_growth-{last.isoformat()}.xlsx",
                "营销能力",
                g_head,
                rows,
            )
        )
    q["growth"] = growth
