"""What every generator of the demo's other kinds shares: the products store, its calendar, a
random stream per kind (apart from the products stream), text helpers and the countries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..foundation.periods import week_start
from .products import _I, _periods, _Store

SHEET_WEEKS = 13  # operator sheets cover the last ~90 days (13 weeks)
VISITOR_DAYS = 31  # 访客详情 keeps 31 days

# Countries as the Chinese backend names them, their share of the store's search traffic, the
# platform language of the market, and the buyers' first/last name pools.
COUNTRIES: tuple[tuple[str, str, float, str], ...] = (
    ("美国", "United States", 0.33, "en"),
    ("英国", "United Kingdom", 0.07, "en"),
    ("德国", "Germany", 0.06, "de"),
    ("加拿大", "Canada", 0.05, "en"),
    ("澳大利亚", "Australia", 0.05, "en"),
    ("法国", "France", 0.04, "fr"),
    ("西班牙", "Spain", 0.035, "es"),
    ("意大利", "Italy", 0.03, "it"),
    ("荷兰", "Netherlands", 0.025, "nl"),
    ("巴西", "Brazil", 0.03, "pt"),
    ("墨西哥", "Mexico", 0.025, "es"),
    ("俄罗斯", "Russia", 0.02, "ru"),
    ("沙特阿拉伯", "Saudi Arabia", 0.025, "ar"),
    ("阿联酋", "United Arab Emirates", 0.025, "ar"),
    ("印度", "India", 0.04, "en"),
    ("南非", "South Africa", 0.015, "en"),
    ("波兰", "Poland", 0.015, "pl"),
    ("土耳其", "Turkey", 0.015, "tr"),
    ("日本", "Japan", 0.015, "ja"),
    ("智利", "Chile", 0.012, "es"),
    ("菲律宾", "Philippines", 0.013, "en"),
    ("越南", "Vietnam", 0.01, "vi"),
)
US = 0
MEXICO = 10

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        (
            "James",
            "Michael",
            "Robert",
            "David",
            "John",
            "Sarah",
            "Emily",
            "Jessica",
            "Daniel",
            "Laura",
            "Kevin",
            "Brian",
            "Amanda",
            "Chris",
            "Mark",
            "Olivia",
            "Ryan",
            "Jason",
        ),
        (
            "Smith",
            "Johnson",
            "Brown",
            "Miller",
            "Wilson",
            "Taylor",
            "Anderson",
            "Thomas",
            "Moore",
            "Clark",
            "Lewis",
            "Walker",
            "Hall",
            "Young",
            "King",
            "Wright",
            "Scott",
        ),
    ),
    "es": (
        ("Carlos", "José", "Luis", "María", "Ana", "Javier", "Diego", "Sofía", "Miguel", "Lucía"),
        ("García", "Martínez", "López", "Hernández", "González", "Pérez", "Sánchez", "Ramírez"),
    ),
    "pt": (
        ("João", "Pedro", "Lucas", "Mariana", "Gabriel", "Beatriz", "Rafael", "Camila"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira"),
    ),
    "de": (
        ("Lukas", "Jonas", "Felix", "Anna", "Lena", "Stefan", "Markus", "Julia"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann"),
    ),
    "fr": (
        ("Pierre", "Louis", "Camille", "Julien", "Claire", "Antoine", "Nicolas", "Manon"),
        ("Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon"),
    ),
    "ru": (
        ("Alexey", "Dmitry", "Sergey", "Olga", "Irina", "Ivan", "Nikolai", "Elena"),
        ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkov", "Petrov", "Morozov"),
    ),
    "ar": (
        ("Mohammed", "Ahmed", "Ali", "Omar", "Khalid", "Fatima", "Yousef", "Hassan"),
        ("Al-Sayed", "Al-Harbi", "Al-Qahtani", "Haddad", "Nasser", "Saleh", "Rahman", "Aziz"),
    ),
    "other": (
        ("Marco", "Giulia", "Jan", "Piotr", "Mehmet", "Kenji", "Nguyen", "Anh", "Pieter", "Raj"),
        (
            "Rossi",
            "de Vries",
            "Kowalski",
            "Yilmaz",
            "Tanaka",
            "Tran",
            "Jansen",
            "Sharma",
            "Bianchi",
        ),
    ),
}


def tokens(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class World:
    """The products store and everything the other kinds share."""

    s: _Store
    as_of: dt.date
    seed: int
    exports: Path
    jobs: list[tuple] = field(default_factory=list)
    planted: list[dict] = field(default_factory=list)
    quirks: list[dict] = field(default_factory=list)  # {"what", "what_en", "file"}
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (original, copy) paths
    shared: dict[str, Any] = field(default_factory=dict)  # results one generator gives another
    keywords: int | None = None  # English words in the vocabulary (None: with the store's size)

    def __post_init__(self) -> None:
        s = self.s
        self.P = len(s.ids)
        self.T = int(s.facts["T"])
        self.first_day = s.first_day
        self.last = self.T - 1
        self.title_tokens = [set(tokens(t)) for t in s.titles]
        self.title_lower = [t.lower() for t in s.titles]
        self.cat_of = s.category.astype(int)
        # complete Sunday–Saturday weeks inside the written range: the weekly products files'
        self.weeks = [(a, b) for g, a, b in _periods(self.first_day, self.as_of) if g == "week"]
        # operator sheets: the last 13 Sunday–Saturday spans, the newest one cut at as_of
        spans = []
        sun = week_start(self.as_of)
        for _ in range(SHEET_WEEKS):
            start = max(sun, self.first_day)
            end = min(sun + dt.timedelta(days=6), self.as_of)
            if start <= end:
                spans.append((start, end))
            sun -= dt.timedelta(days=7)
            if sun + dt.timedelta(days=6) < self.first_day:
                break
        self.sheet_spans = sorted(spans)
        self.sheet_first = self.sheet_spans[0][0]

    # -- calendar -------------------------------------------------------------------------
    def t(self, day: dt.date) -> int:
        return self.s.t(day)

    def day(self, t: int) -> dt.date:
        return self.s.day(int(t))

    def rng(self, k: int) -> np.random.Generator:
        """The random stream of one generator: apart from the products stream and the others."""
        return np.random.default_rng([self.seed, 2, k])

    def panel(self, name: str) -> np.ndarray:
        return self.s.ints[_I[name]]

    def rel(self, path: Path) -> str:
        return path.relative_to(self.exports).as_posix()

    def weekly(self, a: np.ndarray, start: dt.date, end: dt.date) -> np.ndarray:
        """Sum of a (..., T) array over the days start..end."""
        return a[..., self.t(start) : self.t(end) + 1].sum(axis=-1)


def pct(x: float) -> str:
    """A rate as the backend shows it: '1.15%'."""
    return f"{100.0 * x:.2f}%"
