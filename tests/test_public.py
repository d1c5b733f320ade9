"""The package's public face: ``from generator import …`` gives the library's entry points
without slowing the command line, and ``Analysis.frames()`` turns every fact into a table,
whatever typed facts the analysis holds."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass, field

import pandas as pd

from generator.analysis.frames import frames_of

HEAVY = ("pandas", "duckdb", "altair", "numpy")


def imported_after(code: str) -> set[str]:
    got = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(got.stdout.split())


def test_the_public_names_are_imported_when_first_used() -> None:
    assert not imported_after("import generator") & set(HEAVY)
    help_text = "sys.argv = ['opsreport', '--help']\nfrom generator.cli import main\n"
    help_text += "try:\n    main()\nexcept SystemExit:\n    pass"
    assert not imported_after(help_text) & set(HEAVY)  # `opsreport --help` stays quick
    import generator
    from generator import Workspace, analyse, load_inputs, load_settings, open_store
    from generator.analysis import analyse as analyse_
    from generator.config import Workspace as Workspace_
    from generator.config import load_settings as load_settings_
    from generator.inputs import load_inputs as load_inputs_
    from generator.store import open_store as open_store_

    assert (Workspace, analyse, load_inputs, load_settings, open_store) == (
        Workspace_,
        analyse_,
        load_inputs_,
        load_settings_,
        open_store_,
    )
    assert set(generator.__all__) <= set(dir(generator))


@dataclass
class Action:
    rule: str
    subject: str


@dataclass
class Inquiries:
    count: int
    rows: pd.DataFrame


@dataclass
class DayFacts:
    inquiries: Inquiries
    p4p: dict[str, float]
    products: pd.DataFrame
    actions: list[Action] = field(default_factory=list)


@dataclass
class Facts:  # the shapes other typed facts take on Analysis
    daily: pd.DataFrame
    days: dict[dt.date, DayFacts]
    todo: dict[dt.date, list[Action]]
    sheets: dict[str, pd.DataFrame]
    as_of: dt.date


def test_frames_are_made_from_whatever_facts_there_are() -> None:
    d1, d2 = dt.date(2026, 11, 20), dt.date(2026, 11, 21)
    day = {
        d: DayFacts(
            Inquiries(n, pd.DataFrame({"buyer": [f"b{i}" for i in range(n)]})),
            {"spend": 10.0 * n},
            pd.DataFrame({"product_id": ["p1"], "impressions": [n * 100]}),
            [Action("reply", f"b{i}") for i in range(n)],
        )
        for d, n in ((d1, 1), (d2, 2))
    }
    facts = Facts(
        daily=pd.DataFrame({"impressions": [100, 200]}, index=[d1, d2]),
        days=day,
        todo={d1: [Action("p4p", "w1")], d2: [Action("reply", "b0"), Action("p4p", "w2")]},
        sheets={"inquiries": pd.DataFrame({"x": [1]})},
        as_of=d2,
    )
    got = frames_of(facts)
    assert set(got) == {
        "daily",
        "days",
        "days.inquiries.rows",
        "days.products",
        "days.actions",
        "todo",
        "sheets.inquiries",
    }
    assert got["daily"] is facts.daily  # a DataFrame as it is
    assert got["days"].index.name == "period"
    assert got["days"].to_dict("index") == {
        d1: {"inquiries.count": 1, "p4p.spend": 10.0},
        d2: {"inquiries.count": 2, "p4p.spend": 20.0},
    }
    assert got["days.inquiries.rows"].to_dict("records") == [
        {"period": d1, "buyer": "b0"},
        {"period": d2, "buyer": "b0"},
        {"period": d2, "buyer": "b1"},
    ]
    assert list(got["days.products"]["impressions"]) == [100, 200]
    assert len(got["days.actions"]) == 3
    assert got["todo"].to_dict("records") == [
        {"period": d1, "rule": "p4p", "subject": "w1"},
        {"period": d2, "rule": "reply", "subject": "b0"},
        {"period": d2, "rule": "p4p", "subject": "w2"},
    ]
    assert got["sheets.inquiries"] is facts.sheets["inquiries"]
