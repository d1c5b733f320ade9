"""The demo does not grade itself (issue 15, item 14): its plants are plain arithmetic, its answer
key (answers.json) is computed from the planted values alone, and the site's pages must say what
the key says. Uses the session demo (tests/conftest.py): no new store is built here.

Each answer is checked where a reader would look for it: incidents per category and product on
the daily page, the leak first in the ranked weekly to-do, the live unreplied list on the home
page, the optimise / delete verdicts and the rising products on the monthly review.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import json
from pathlib import Path

from generator.store import open_store
from tests.conftest import BuiltDemo
from tests.fixtures.pages import page as read_page
from tests.fixtures.pages import section, table_rows

DEMO = Path(__file__).resolve().parents[1] / "generator" / "demo"


def key(demo: BuiltDemo) -> dict:
    return json.loads((demo.workspace.root / "answers.json").read_text(encoding="utf-8"))


def answer(demo: BuiltDemo, name: str) -> dict:
    found = [a for a in key(demo)["answers"] if a["key"] == name]
    assert len(found) == 1, f"the answer key has no single {name!r}"
    return found[0]


def page(demo: BuiltDemo, rel: str) -> str:
    return read_page(demo.workspace.content, rel)


# --------------------------------------------------------------------------------------------
# The plants are plain arithmetic: nothing in the demo reads the generator's judgement
# --------------------------------------------------------------------------------------------


def _imported(path: Path) -> set[str]:
    """The absolute module names a demo module imports (relative imports resolved)."""
    package = ["generator", *path.relative_to(DEMO.parent).parent.parts]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out |= {mod} | {f"{mod}.{a.name}" for a in node.names}
    return out


def test_the_demo_imports_nothing_from_the_analysis_or_the_pages() -> None:
    files = sorted(DEMO.rglob("*.py"))
    assert len(files) > 20  # the whole demo package is read
    for path in files:
        for mod in _imported(path):
            assert not mod.startswith(("generator.analysis", "generator.render")), (path, mod)


def test_the_answer_key_is_written_with_the_workspace(built_demo: BuiltDemo) -> None:
    k = key(built_demo)
    assert k == built_demo.summary.answers
    assert k["as_of"] == built_demo.as_of.isoformat()
    names = {a["key"] for a in k["answers"]}
    assert names == {
        "category_drop",
        "top_product_drop",
        "idle_product",
        "dead_product",
        "rising_product",
        "new_products",
        "p4p_leak",
        "unreplied",
    }
    readme = (built_demo.workspace.root / "README.md").read_text(encoding="utf-8")
    for a in k["answers"]:  # the human-readable list says the same
        assert a["zh"] in readme and a["en"] in readme


def test_the_exports_hold_the_planted_values(built_demo: BuiltDemo) -> None:
    """The key is from the planted values; the files must carry them exactly (300 clicks,
    1,000.00 元, 0 inquiries a week for the leak; 40 clicks, 0 inquiries a day for the idle)."""
    leak, idle = answer(built_demo, "p4p_leak"), answer(built_demo, "idle_product")
    with open_store(built_demo.workspace.db_path, read_only=True) as store:
        kw = store.query("SELECT * FROM current_p4p_keywords")
        days = store.query("SELECT * FROM current_products WHERE granularity = 'day'")
    kw = kw[kw["keyword"] == leak["entity"]["word"]]
    weeks = {str(d)[:10]: r for d, r in zip(kw["period_end"], kw.to_dict("records"), strict=True)}
    for end in leak["weeks"]:
        row = weeks[end]
        assert (int(row["clicks"]), float(row["spend"]), int(row["inquiries"])) == (300, 1000.0, 0)
    assert kw["inquiries"].astype(float).sum() == 0  # no inquiry in any week
    mine = days[days["product_id"].astype(str) == idle["entity"]["id"]]
    assert len(mine) == (built_demo.as_of - built_demo.summary.first_day).days + 1
    assert set(mine["search_clicks"].astype(int)) == {40}
    assert (mine["inquiries"].astype(int).sum(), mine["tm_buyers"].astype(int).sum()) == (0, 0)


# --------------------------------------------------------------------------------------------
# The site says what the key says
# --------------------------------------------------------------------------------------------


def test_the_p4p_leak_is_waste_on_every_weekly_page_and_in_the_library(
    built_demo: BuiltDemo,
) -> None:
    a = answer(built_demo, "p4p_leak")
    word = a["entity"]["word"]
    for end in a["weeks"]:
        text = page(built_demo, f"weekly/{end}")
        rows = {
            r["keyword"]: r
            for r in table_rows(section(text, "直通车"))
            if "keyword" in r and "diagnosis_label" in r
        }
        assert word in rows, end
        assert rows[word]["clicks"] == "300" and rows[word]["inquiries"] == "0", rows[word]
        assert rows[word]["spend"] == "1,000.00", rows[word]  # money: 2 decimals
        assert rows[word]["diagnosis_label"].startswith("浪费"), rows[word]
        todo = section(text, "本周待办")
        assert f"「{word}」" in todo and "暂停" in todo, end
    waste = {r.get("keyword") for r in table_rows(page(built_demo, "keywords/waste"))}
    keep = {r.get("keyword") for r in table_rows(page(built_demo, "keywords/keep"))}
    assert word in waste and word not in keep


# TODO part (to-do items ranked by their stake, the stake shown): the leak is the weekly
# to-do item with the most money at stake, so it comes first and says its 1,000 元.
def test_the_p4p_leak_is_the_first_weekly_todo_item(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "p4p_leak")
    todo = section(page(built_demo, a["page"]), "本周待办")
    first = next(line for line in todo.splitlines() if line.startswith("- "))
    assert f"「{a['entity']['word']}」" in first and "1,000" in first, first


def test_the_idle_product_is_optimised_not_deleted(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "idle_product")
    pid = a["entity"]["id"]
    month = a["page"].split("/")[1]
    with (built_demo.workspace.content / f"monthly/{month}-zero-effect.csv").open(
        encoding="utf-8-sig"
    ) as f:
        rows = {r["product_id"]: r for r in csv.DictReader(f)}
    assert rows[pid]["verdict"] == "optimise"
    assert int(rows[pid]["clicks"]) == a["clicks_in_review"]  # 40 a day × the days in the 90
    zero = section(page(built_demo, a["page"]), "零效果产品")
    keep = zero.split("### 还有流量")[1]
    assert pid in keep and f"{a['clicks_in_review']:,}" in keep
    safe = zero.split("### 可以安全删除")[1].split("###")[0]
    assert pid not in safe


def test_the_dead_product_is_safe_to_delete(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "dead_product")
    zero = section(page(built_demo, a["page"]), "零效果产品")
    safe = zero.split("### 可以安全删除")[1].split("###")[0]
    assert a["entity"]["id"] in safe
    assert a["entity"]["id"] not in zero.split("### 还有流量")[1]


def test_the_rising_product_is_listed_with_its_promotion(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "rising_product")
    pid = a["entity"]["id"]
    text = page(built_demo, a["page"])
    rising = section(text, "上升产品")
    assert pid in rising
    item = next(x for x in section(text, "本月要做").splitlines() if pid in x)
    assert ("已在直通车" in item) == a["in_p4p"], item
    assert ("已在橱窗" in item) == a["in_showcase"], item


# A launch during the comparison (inside the 28 days or the 28 before them) is new, not rising:
# every later day "rises" against a window where it barely existed.
def test_new_products_are_not_rising(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "new_products")
    assert a["entity"]["ids"]
    rising = section(page(built_demo, a["page"]), "上升产品")
    todo = section(page(built_demo, a["page"]), "本月要做")
    for pid in a["entity"]["ids"]:
        assert pid not in rising and f"上升产品 {pid}" not in todo, pid


# INCIDENT part (anomalies per category, causes): the category's collapse is that day's
# anomaly, named with the category.
def test_the_category_drop_is_found_on_its_day_with_the_category(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "category_drop")
    found = section(page(built_demo, a["page"]), "异常与原因")
    assert "没有异常" not in found
    assert a["entity"]["name"] in found


# INCIDENT part (one incident over consecutive days, 「第 N 天」): the top product's 5 bad days
# are one incident, named with the product on each of its days.
def test_the_top_product_drop_is_one_incident_over_its_days(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "top_product_drop")
    for n, day in enumerate(a["days"], start=1):
        found = section(page(built_demo, f"daily/{day}"), "异常与原因")
        assert a["entity"]["id"] in found, day
        if n > 1:
            assert f"第 {n} 天" in found, day


# INQUIRY part (the live unreplied list on the home page): every planted unreplied inquiry is
# on the home page with its id and owner until replied.
def test_the_unreplied_inquiries_are_on_the_home_page(built_demo: BuiltDemo) -> None:
    a = answer(built_demo, "unreplied")
    home = page(built_demo, "index")
    for row in a["entity"]["rows"]:
        assert row["id"] in home and row["owner"] in home, row


def test_the_answer_key_days_are_inside_the_demo(built_demo: BuiltDemo) -> None:
    first = dt.date.fromisoformat(key(built_demo)["first_day"])
    for a in key(built_demo)["answers"]:
        for d in a.get("days", []) + a.get("weeks", []):
            assert first <= dt.date.fromisoformat(d) <= built_demo.as_of, (a["key"], d)
        assert (built_demo.workspace.content / f"{a['page']}.md").is_file(), a["page"]
