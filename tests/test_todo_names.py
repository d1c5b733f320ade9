"""Issue 16: a to-do item names a product by its short title and its ID — 「产品 Wholesale
Solar Motion…（ID 1600191252679）」 — never by the 13-digit ID alone (unless no title is known);
a title is untrusted text and reads as text on the page. Hand-made facts, no store."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from types import SimpleNamespace
from typing import Any

import markdown
import pandas as pd
import pytest

from generator.analysis.monthly import Review
from generator.analysis.product_texts import ProductTexts
from generator.analysis.rules import RULES, findings, to_actions
from generator.analysis.rules.base import product_label
from generator.analysis.weekly_parts import latest_texts
from generator.config import Settings
from generator.foundation.titles import short_title
from generator.i18n import translate
from generator.render import todo
from generator.render.monthly_todo import _todo_text
from tests.test_weekly import SAT, week_facts_of

PID, OTHER, BARE = "1600191252679", "1600574394746", "1600938341273"
TITLE = (
    "Wholesale Solar Motion Sensor Security Light Auto On/Off Pathway Lamp for Yard Lawn Driveway"
)
SHORT = short_title(TITLE)  # 「Wholesale Solar Motion Sensor Security…」
NASTY = "*Hot* <b>Lamp</b> [Buy](x.example) _u_ #1 Garden Light Outdoor Waterproof"
TITLES = {PID: TITLE, OTHER: NASTY}  # BARE: no title known


def named(text: str, pid: str = PID, short: str = SHORT) -> bool:
    """``text`` names the product by its short title and its ID, side by side."""
    return f"{short}（ID {pid}）" in text or f"{short} (ID {pid})" in text


def week_texts(lang: str = "zh", **fields: Any) -> dict[str, str]:
    """Each weekly finding's rule → its message, for facts with ``fields`` and the titles."""
    s = Settings(language=lang)
    found = findings("week", week_facts_of(titles=TITLES, **fields), s)
    return {a.rule: a.message for a in to_actions(SAT, "weekly/x.md", found, lang, "week")}


def test_the_helper_names_short_title_and_id_and_falls_back_to_the_id() -> None:
    assert SHORT.endswith("…") and len(SHORT) <= 40
    assert product_label(PID, TITLES, "zh") == f"{SHORT}（ID {PID}）"
    assert product_label(PID, TITLES, "en") == f"{SHORT} (ID {PID})"
    assert product_label(int(PID), TITLES, "zh") == f"{SHORT}（ID {PID}）"
    for titles in ({}, {BARE: ""}, {BARE: "   "}, {BARE: None}):
        assert product_label(BARE, titles, "zh") == BARE


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_weekly_product_rule_names_the_product_by_title_and_id(lang: str) -> None:
    score_fell = pd.DataFrame({"product_id": [PID], "score": [77.0], "score_prev": [85.0]})
    stars = pd.DataFrame({"product_id": [BARE, PID, OTHER, "1600000000004"]})
    rising = pd.DataFrame(
        {"product_id": [PID], "impressions_prev": [100.0], "impressions": [180.0]}
    )
    showcase = {"inquiry_share": 0.1, "star_share": 0.1, "weakest": pd.DataFrame(), "kept": [PID]}
    texts = week_texts(lang, score_fell=score_fell, stars=stars, rising=rising, showcase=showcase)
    for name in ("score_fell", "rising_product", "showcase_inquiries", "showcase_stars"):
        assert named(texts[name]), (name, texts[name])
    star = texts["star_push"]  # the first three, each with its title (or its ID alone)
    assert named(star) and named(star, OTHER, short_title(NASTY)), star
    assert BARE in star and f"ID {BARE}" not in star and "1600000000004" not in star
    assert ("成长分从 85 降到 77" if lang == "zh" else "fell from 85 to 77") in texts["score_fell"]


@pytest.mark.parametrize("diagnosis", ["product", "word", "both"])
def test_a_ctr_verdict_on_a_product_names_it_and_one_on_a_word_does_not_call_it_a_product(
    diagnosis: str,
) -> None:
    rows = pd.DataFrame(
        {
            "subject_type": ["product", "keyword"],
            "subject": [PID, "solar light"],
            "diagnosis": [diagnosis, diagnosis],
            "ctr": [0.001, 0.002],
            "reference": [0.02, 0.02],
            "impressions": [5000.0, 4000.0],
        }
    )
    s = Settings(language="zh")
    found = findings("week", week_facts_of(titles=TITLES, diagnosis=rows), s)
    texts = [a.message for a in to_actions(SAT, "weekly/x.md", found, "zh", "week")]
    on_product, on_word = texts
    assert named(on_product) and on_product.startswith("产品 "), on_product
    assert "「solar light」" in on_word and not on_word.startswith("产品"), on_word


def test_a_rising_product_of_the_month_is_named_by_title_and_id() -> None:
    rv = Review(
        end=dt.date(2026, 10, 31),
        day=dt.date(2026, 11, 3),
        products=pd.DataFrame({"product_id": [PID, BARE], "title": [TITLE, None]}),
        sources=[[], []],
        words=pd.DataFrame(),
        growth=None,
        exposure=pd.DataFrame(),
        rising=pd.DataFrame(
            {"product_id": [PID, BARE], "title": [TITLE, float("nan")], "in_p4p": [False, True]}
        ),
        hot=pd.DataFrame(),
        zero=pd.DataFrame(columns=["verdict", "keywords_losing_coverage"]),
        new=pd.DataFrame(),
        pending=pd.DataFrame(),
        has={"day_rows": True},
    )
    for lang in ("zh", "en"):
        s = Settings(language=lang)
        found = [f for f in findings("month", rv, s) if f.rule == "rising_month"]
        acts = to_actions(rv.end, "monthly/2026-10.md", found, lang, "month")
        first, bare = (shown_text(_todo_text(page(lang), a))[1] for a in acts)
        assert named(first), first
        assert BARE in bare and "ID" not in bare and "nan" not in bare, bare
    assert dataclasses.replace(rv, products=rv.products.head(0)).titles == {PID: TITLE}


def page(lang: str) -> Any:
    """What a to-do line reads of a page writer."""
    return SimpleNamespace(
        s=Settings(language=lang),
        lang=lang,
        t=lambda key, **v: translate(key, lang, **v),
        day_cost_per_lead=lambda day: None,
    )


def shown_text(line: str) -> tuple[str, str]:
    """A Markdown line as the site shows it: its HTML and the text a reader sees."""
    out = markdown.markdown(line)
    return out, html.unescape(re.sub(r"<[^>]+>", "", out))


def test_a_title_with_markdown_and_html_reads_as_text_in_the_rendered_line() -> None:
    score_fell = pd.DataFrame({"product_id": [OTHER], "score": [70.0], "score_prev": [80.0]})
    facts = week_facts_of(titles=TITLES, score_fell=score_fell)
    found = list(RULES["score_fell"].check(facts, Settings()))  # type: ignore[misc]
    (a,) = to_actions(SAT, "weekly/x.md", found, "zh", "week")
    out, text = shown_text(todo.line(page("zh"), a, 1))
    assert named(text, OTHER, short_title(NASTY)), text
    assert "<b>" not in out and "<em>" not in out and "<strong>" not in out, out
    assert "[Buy](x.example)" in text and "*Hot* <b>Lamp</b>" in text, text
    assert out.count("<a ") == 1 and 'href="x.example"' not in out, out
    # the monthly page escapes value by value: the same reading
    rv_text = _todo_text(page("zh"), dataclasses.replace(a, rule="score_fell"))
    out, text = shown_text(rv_text)
    assert named(text, OTHER, short_title(NASTY)) and "<b>" not in out and "<a " not in out, out


def test_the_titles_map_takes_the_latest_title_up_to_the_periods_end() -> None:
    days = pd.DataFrame(
        {
            "product_id": [PID, PID, PID, BARE],
            "title": ["Old Title", "  New Title ", "Future Title", None],
            "period_end": pd.to_datetime(["2026-11-10", "2026-11-20", "2026-11-30", "2026-11-20"]),
        }
    )
    assert ProductTexts.of(days, "title").upto(dt.date(2026, 11, 21)) == {PID: "New Title"}


def test_every_weeks_titles_and_owners_are_those_up_to_its_end_read_from_the_history_once() -> None:
    """The weekly analysis reads the daily history's titles once for every week (issue 17):
    each week still names a product by its latest title up to that week's end — a renamed
    product by its old name before the renaming, its new one after, back again if renamed
    back; a blank title later keeps the last real one — and the week's own rows win."""
    renamed = {  # product → its titles, each from a day on (none before the first)
        PID: {
            "2026-10-01": "Solar Lamp",
            "2026-10-20": "Solar Lamp v2",
            "2026-11-10": "Solar Lamp",
        },
        OTHER: {
            "2026-10-15": "Garden Light",
            "2026-11-01": "  ",
            "2026-11-05": " Garden Light XL ",
        },
    }

    def title(pid: str, day: pd.Timestamp) -> str | None:
        since = [t for d, t in renamed[pid].items() if pd.Timestamp(d) <= day]
        return since[-1] if since else None

    rows = [
        {
            "product_id": pid,
            "period_end": day,
            "title": title(pid, day),
            "owner": "李娜" if day.day % 2 else "张三",
        }
        for day in pd.date_range("2026-10-01", "2026-11-30")
        for pid in renamed
        if title(pid, day) is not None
    ]
    frame = pd.DataFrame(rows)
    texts = ProductTexts.of(frame, "title")
    assert len(texts.texts) < len(frame) / 10  # only the changes are kept
    expected = {
        dt.date(2026, 10, 10): {PID: "Solar Lamp"},
        dt.date(2026, 10, 24): {PID: "Solar Lamp v2", OTHER: "Garden Light"},
        dt.date(2026, 11, 3): {PID: "Solar Lamp v2", OTHER: "Garden Light"},  # blank: kept
        dt.date(2026, 11, 7): {PID: "Solar Lamp v2", OTHER: "Garden Light XL"},
        dt.date(2026, 11, 14): {PID: "Solar Lamp", OTHER: "Garden Light XL"},
    }
    for end, titles in expected.items():
        assert texts.upto(end) == titles, end
        assert latest_texts(texts, frame.iloc[:0], "title", end) == titles, end
    week = frame[frame["period_end"] == pd.Timestamp("2026-11-14")].assign(title="This Week's Name")
    assert latest_texts(texts, week, "title", dt.date(2026, 11, 14)) == {
        PID: "This Week's Name",
        OTHER: "This Week's Name",
    }
    owners = ProductTexts.of(frame, "owner")
    assert owners.upto(dt.date(2026, 11, 14)) == {PID: "张三", OTHER: "张三"}  # the 14th's
    assert owners.upto(dt.date(2026, 11, 15)) == {PID: "李娜", OTHER: "李娜"}
    # both columns from one sort of the rows, as a plain reading says: each product's last
    # non-blank value by day (a day's rows in row order), with blanks, missing days and cells,
    # and rows out of date order
    import random

    rng = random.Random(4)
    shuffled = frame.sample(frac=1, random_state=3).reset_index(drop=True)
    for i in rng.sample(range(len(shuffled)), 40):
        column = rng.choice(["title", "owner", "period_end"])
        shuffled.loc[i, column] = (
            pd.NaT if column == "period_end" else rng.choice(["", None, " 王 "])
        )
    both = ProductTexts.of_columns(shuffled, ("owner", "title"))
    for column in ("owner", "title"):
        for end in pd.date_range("2026-09-30", "2026-12-01", freq="6D"):
            value = shuffled[column].map(lambda v: v.strip() if isinstance(v, str) else "")
            seen = shuffled.assign(v=value)[(value != "") & (shuffled["period_end"] <= end)]
            seen = seen.sort_values("period_end", kind="stable")
            plain = dict(zip(seen["product_id"].astype(str), seen["v"], strict=True))
            assert both[column].upto(end.date()) == plain, (column, end)
