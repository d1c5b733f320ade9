"""The demo's P4P campaigns, costs per click, growth-score dimensions and the file notes."""

from __future__ import annotations

from ..products import _CATEGORIES

NEW_CAMPAIGN = 5
SITEWIDE = 6
CAMPAIGNS: tuple[tuple[str, str], ...] = (
    *((f"{c.zh}-关键词推广", "关键词推广") for c in _CATEGORIES),
    ("新品成长计划", "新品成长"),
    ("全站推-爆品助推", "全站推"),
)
CPC = (3.2, 4.5, 3.8, 2.6, 1.9, 2.2, 1.5)  # CNY per click at the start of the range
GROWTH_DIMS = (
    ("推广时长", 20.0),
    ("预算使用率", 20.0),
    ("推广产品覆盖", 15.0),
    ("关键词质量", 15.0),
    ("点击率", 15.0),
    ("账户活跃度", 15.0),
)
TARGET_SCORE = 81.0  # L4
IRRELEVANT = (
    ("solar panel", "solar generator", "solar water heater"),
    ("office chair", "indoor sofa bed"),
    ("car headlight", "flashlight torch"),
    ("camping car", "tent rental"),
    ("garden design service", "hose clamp"),
)
SRC = "数据来源：外贸直通车 → 数据报告（演示店铺，模拟数据）"
NOTE = "注：花费单位为元，推广时长单位为小时；统计日期为美国太平洋时间"


def _level(score: float) -> str:
    return (
        "L1"
        if score < 40
        else "L2"
        if score < 60
        else "L3"
        if score < 81
        else "L4"
        if score < 91
        else "L5"
    )


def _money(x: float) -> float:
    return float(round(x + 1e-9, 2))
