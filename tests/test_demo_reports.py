"""What the operator would check on the demo store's site: the planted situations are found."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pandas as pd
import pytest

from generator.analysis.metrics.inquiries import mark_duplicates, mark_templates
from generator.demo.sheets import SHORT
from generator.render.markup import md_text
from generator.store import open_store
from tests.conftest import BuiltDemo, make_demo


def anomalies(demo: BuiltDemo) -> list[dict[str, str]]:
    path = demo.workspace.content / "downloads/anomalies.csv"
    return list(csv.DictReader(path.open(encoding="utf-8-sig")))


def test_a_quiet_week_of_the_demo_raises_no_anomaly(built_demo: BuiltDemo) -> None:
    """Nothing is planted in the last week: no traffic anomaly. (Inquiries are left out: at
    about two a day, a chance day of 5 is rare but real, and whether it counts is JUDGE's
    noise model, not the demo's.)"""
    week = {str(dt.date(2026, 11, 15) + dt.timedelta(days=i)) for i in range(7)}
    traffic = {"impressions", "clicks", "ctr", "visitors"}
    found = [a for a in anomalies(built_demo) if a["date"] in week and a["metric"] in traffic]
    assert found == []
    page = (built_demo.workspace.content / "daily/2026-11-17.md").read_text(encoding="utf-8")
    assert "今天没有异常" in page


@pytest.fixture(scope="module")
def store_of_120(tmp_path_factory: pytest.TempPathFactory) -> BuiltDemo:
    """A demo store big enough for a day's inquiries to stand out from chance (the session's
    20-product store gets about two a day: no drop of those can be told from noise)."""
    size = {"n_products": 120, "n_days": 70, "seed": 7}
    return make_demo(tmp_path_factory.mktemp("demo120"), build=False, size=size)


# The demo plants the day's drop on one category (× 0.15, plain arithmetic, issue 15 item 14),
# no longer deepened past the detector's own band: the page finds it on the category, with the
# products behind it, whatever the store's total did.
def test_the_planted_category_drop_is_an_incident_on_its_day_with_its_products(
    store_of_120: BuiltDemo,
) -> None:
    plant = store_of_120.summary.details["inquiry_drop"]
    page = (store_of_120.workspace.content / f"daily/{plant['day']}.md").read_text(encoding="utf-8")
    section = page.split("## 异常", 1)[1].split("\n## ", 1)[0]
    line = next(x for x in section.splitlines() if f"类目 {plant['category']}" in x)
    assert "低" in line and "原因" in line and "产品" in line, line
    todo = page.split("## 今日待办", 1)[1].split("\n## ", 1)[0]
    assert sum(f"类目 {plant['category']}" in x for x in todo.splitlines()) == 1, todo


def test_every_anomaly_has_a_cause_or_says_the_data_is_missing(built_demo: BuiltDemo) -> None:
    rows = anomalies(built_demo)
    assert rows, "the demo has planted traffic changes; none was found"
    for a in rows:
        assert a["cause"].startswith(("funnel:", "missing:")), a
        assert a["metric"] in {
            "impressions",
            "clicks",
            "ctr",
            "visitors",
            "inquiries",
            "inquiry_rate",
            "data",
        }


def inquiries_of(demo: BuiltDemo) -> pd.DataFrame:
    with open_store(demo.workspace.db_path, read_only=True) as store:
        frame = store.rows("inquiries")
    return frame.assign(stat_date=pd.to_datetime(frame["stat_date"]).dt.date)


def test_the_planted_duplicate_inquiries_are_flagged(built_demo: BuiltDemo) -> None:
    frame = inquiries_of(built_demo)
    flagged = set(
        frame.loc[mark_duplicates(frame, built_demo.settings.duplicate_window_days), "inquiry_id"]
    )
    ids = built_demo.summary.details["duplicates"]["ids"]
    assert ids, "the demo planted no duplicate inquiries"
    planted = {second for _first, second in ids}  # the first of each pair is a new lead
    assert planted <= flagged
    # any other is a chance repeat: the same buyer on the same product within the window
    window = dt.timedelta(days=built_demo.settings.duplicate_window_days)
    for rec in frame[frame["inquiry_id"].isin(flagged - planted)].to_dict("records"):
        same = frame[(frame["buyer"] == rec["buyer"]) & (frame["product_id"] == rec["product_id"])]
        at = pd.Timestamp(rec["inquiry_time"])
        earlier = [t for t in pd.to_datetime(same["inquiry_time"]) if at - window <= t < at]
        assert earlier, rec


def test_the_planted_template_inquiries_are_flagged(built_demo: BuiltDemo) -> None:
    frame = inquiries_of(built_demo)
    s = built_demo.settings
    flagged: set[str] = set()
    for _day, group in frame.groupby("stat_date"):
        flagged |= set(
            group.loc[
                mark_templates(group, s.template_similarity, s.template_max_chars), "inquiry_id"
            ]
        )
    planted = set(built_demo.summary.details["templates"]["ids"])
    assert planted, "the demo planted no template inquiries"
    assert planted <= flagged
    # issue 15: a template is generic text; the demo's one-line generic messages ("Hi",
    # "price?"…) are templates too, and nothing else is
    others = frame[frame["inquiry_id"].isin(flagged - planted)]
    assert set(others["message"]) <= set(SHORT), set(others["message"])


def test_the_planted_unreplied_inquiries_are_on_the_home_pages_live_list(
    built_demo: BuiltDemo,
) -> None:
    # issue 15: not only on the page of the day they arrived, but live on the home page,
    # each named, with its owner on the to-do list (one item per owner)
    frame = inquiries_of(built_demo).set_index("inquiry_id")
    ids = built_demo.summary.details["unreplied"]["ids"]
    home = (built_demo.workspace.content / "index.md").read_text(encoding="utf-8")
    listed = re.findall(r'col-inquiry_id">([^<]+)<', home[home.index("{#unreplied}") :])
    assert ids and set(ids) <= set(listed)
    for owner in set(frame.loc[ids, "owner"]):
        said = rf"{re.escape(owner)} 有 \d+ 条询盘超过 24 小时未回复，最久的已等 \d+ 小时"
        assert len(re.findall(said, home)) == 1, owner
    day = frame.loc[ids[0], "stat_date"]
    page = (built_demo.workspace.content / f"daily/{day}.md").read_text(encoding="utf-8")
    assert "## 询盘 {#inquiries}" in page and "超时未回复" in page  # the day's per-owner table


def test_the_keyword_library_finds_the_planted_words(built_demo: BuiltDemo) -> None:
    lib = pd.read_csv(built_demo.workspace.content / "downloads/keyword-library.csv")
    by_word = lib.set_index("keyword")
    details = built_demo.summary.details
    assert details["uncovered"]["words"] and details["p4p_waste"]["words"]
    for word in details["uncovered"]["words"]:
        assert by_word.loc[word, "status"] in {"uncovered", "opportunity"}, word
        assert by_word.loc[word, "covering_products"] == 0
    for word in details["p4p_waste"]["words"]:
        got = by_word.loc[word]
        # issue 15: waste needs evidence; a word with an inquiry, or with a few clicks and
        # little spend (far from zero inquiries being unlikely at ~2 %), is not waste
        if got["status"] == "waste":
            assert got["inquiries"] == 0, word
        if 0 < got["p4p_clicks"] < 10 and got["p4p_spend"] <= 200:
            assert got["status"] != "waste", word


def test_a_word_from_several_sources_and_languages_is_one_entry_with_a_flagged_translation(
    built_demo: BuiltDemo,
) -> None:
    from generator.analysis.keywords import build_library
    from generator.inputs import keyword_sources

    with open_store(built_demo.workspace.db_path, read_only=True) as store:
        lib = build_library(
            keyword_sources(store, built_demo.as_of), built_demo.as_of, built_demo.settings
        )
    translated = lib[lib["translated"].astype(bool)]
    assert len(translated), "no auto-translated keyword row was recognised"
    found = False
    for rec in translated.to_dict("records"):
        english = lib[lib["keyword"] == rec["original"]]
        if len(english) == 1 and len(str(english.iloc[0]["sources"]).split(";")) >= 3:
            assert rec["language"] != "en" and english.iloc[0]["language"] == "en"
            found = True
    assert found, "no English word with three sources and a flagged translation"
    duplicated = lib[lib["keyword"].duplicated(keep=False)]
    assert lib["keyword"].is_unique and lib["key"].is_unique, duplicated  # one entry per word


def test_every_page_the_demo_readme_points_to_exists(built_demo: BuiltDemo) -> None:
    """The demo's README says where to look for each planted situation; each page it names is
    in the site (no pointer to a month that is not final yet)."""
    pages = set()
    for item in built_demo.summary.planted:
        pages |= set(
            re.findall(
                r"\b(?:daily|weekly)/\d{4}-\d\d-\d\d\b|\bmonthly/\d{4}-\d\d\b", item["where"]
            )
        )
    assert any(p.startswith("monthly/") for p in pages)
    missing = sorted(p for p in pages if not (built_demo.workspace.content / f"{p}.md").is_file())
    assert missing == []


def test_actions_csv_holds_every_days_to_do_items(built_demo: BuiltDemo) -> None:
    """`actions.csv` (date, scope, rule, subject, message, stake, its unit, owner, since) across
    all days: each day's rows are the to-do items of that day's page, in its ranked order (the
    shown ones, then the folded rest)."""
    content = built_demo.workspace.content
    path = content / "downloads/actions.csv"
    assert (
        path.read_text(encoding="utf-8-sig").split("\n")[0]
        == "date,scope,rule,subject,message,stake,stake_unit,owner,since"
    )
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    days = sorted({r["date"] for r in rows})
    assert len(days) > 5
    for day in (days[0], days[-1]):
        page = (content / f"daily/{day}.md").read_text(encoding="utf-8")
        todo = page.split("{#todo}", 1)[1].split("\n## ", 1)[0]
        items = [line for line in todo.splitlines() if line.startswith("- ")]
        mine = [r for r in rows if r["date"] == day]
        assert len(items) == len(mine)
        for line, r in zip(items, mine, strict=True):
            assert line.startswith(f"- {md_text(r['message'])} "), (line, r)
            assert (" — " in line) == bool(r["stake"] or r["owner"] or r["since"] != day), line
    index = (content / "daily/index.md").read_text(encoding="utf-8")
    assert "../downloads/actions.csv" in index
