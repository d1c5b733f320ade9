"""The keyword files' notes, the 引流关键词 header and its row cap."""

from __future__ import annotations

SRC = "数据来源：数据参谋 → 选词参谋（演示店铺，模拟数据）"
NOTE = "注：统计日期为美国太平洋时间"
HEADERS_TK = [
    "词",
    "曝光量",
    "点击量",
    "点击率",
    "外贸直通车曝光",
    "外贸直通车点击",
    "推广时长",
    "Top10平均曝光",
    "Top10平均点击",
    "关键词指数",
    "卖家规模指数",
]
MAX_ROWS = 500
