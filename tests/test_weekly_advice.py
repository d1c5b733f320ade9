"""Issue 15, item 12: weekly advice that can be carried out and does not contradict itself —
no swapping out the only showcase product or the store's #1 by exposure, no cutting
countries from regional P4P below growth level L4, and page 1 counted on organic ranks only.
Hand-made facts and a tiny hand-made store; each case where the advice was false and one
where it still holds."""

from __future__ import annotations

import pandas as pd

from generator.analysis import analyse
from generator.analysis.metrics import weekly as wk
from generator.analysis.metrics.registry import SOURCE_COLUMN
from generator.analysis.rules import findings, to_actions
from generator.config import Settings
from generator.inputs import Inputs
from generator.render.pages import Renderer
from tests.test_weekly import SAT, SUN, week_facts_of


# -- showcase: what may be swapped out --------------------------------------------------------
def products(impressions: list[int], inquiries: list[int]) -> pd.DataFrame:
    ids = [chr(ord("A") + i) for i in range(len(impressions))]
    return pd.DataFrame(
        {
            "product_id": ids,
            "title": [i.lower() for i in ids],
            "search_impressions": impressions,
            "visitors": [1] * len(ids),
            "inquiries": inquiries,
        }
    )


def showcase_of(*ids: str) -> pd.DataFrame:
    return pd.DataFrame({"slot": range(1, len(ids) + 1), "product_id": list(ids)})


NO_SCORES = pd.DataFrame(columns=["product_id", "growth_score"])


def test_the_only_showcase_product_is_never_offered_to_swap_out() -> None:
    # A: the only showcase product, and the store's #1 by exposure
    got = wk.showcase_summary(showcase_of("A"), products([900, 50, 40], [1, 5, 4]), NO_SCORES, 80)
    assert got is not None and got["weakest"].empty and got["kept"] == ["A"]
    # the only one even when it is not the #1
    got = wk.showcase_summary(showcase_of("B"), products([900, 50, 40], [1, 5, 4]), NO_SCORES, 80)
    assert got is not None and got["weakest"].empty and got["kept"] == ["B"]


def test_the_stores_top_product_by_exposure_stays_in_the_showcase() -> None:
    # A and B in the showcase; A (#1 by impressions, no inquiry) used to be the "weakest"
    rows = products([900, 50, 40], [0, 1, 5])
    got = wk.showcase_summary(showcase_of("A", "B"), rows, NO_SCORES, 80)
    assert got is not None
    assert list(got["weakest"]["product_id"]) == ["B"] and got["kept"] == ["A"]
    # neither is the #1 (C outside is): both may be swapped out, weakest first
    rows = products([100, 50, 900], [0, 1, 5])
    got = wk.showcase_summary(showcase_of("A", "B"), rows, NO_SCORES, 80)
    assert got is not None
    assert list(got["weakest"]["product_id"]) == ["A", "B"] and got["kept"] == []


def showcase_texts(showcase: dict[str, object]) -> list[str]:
    found = findings("week", week_facts_of(showcase=showcase), Settings())
    return [a.message for a in to_actions(SAT, "weekly/x.md", found, "zh")]


def test_the_showcase_rules_say_add_when_nothing_may_be_swapped_out() -> None:
    rows = products([900, 50, 40], [1, 5, 4])  # showcase: 1 of 10 inquiries, under 30 %
    only = wk.showcase_summary(showcase_of("A"), rows, NO_SCORES, 80)
    assert only is not None
    texts = showcase_texts(only)
    assert len(texts) == 1 and "替换最弱" not in texts[0]
    assert "A 是唯一的橱窗产品或店铺曝光第一，不要换下" in texts[0] and "加入橱窗" in texts[0]
    # two showcase products, B may go: the swap advice still stands
    two = wk.showcase_summary(
        showcase_of("A", "B"), products([900, 50, 40], [1, 0, 9]), NO_SCORES, 80
    )
    assert two is not None
    assert showcase_texts(two) == ["橱窗产品询盘占比 10.0%，低于 30.0%：替换最弱的橱窗产品。"]


def test_the_showcase_page_names_the_product_it_keeps() -> None:
    end = pd.Timestamp(SAT)
    rows = pd.DataFrame(
        {
            "period_start": [pd.Timestamp(SUN)] * 2,
            "period_end": [end, end],
            "product_id": ["TOP", "O"],
            "title": ["top one", "other one"],
            "search_impressions": [900, 100],
            "visitors": [10, 10],
            "inquiries": [1, 9],
            "showcase": [True, False],
        }
    )
    for col in SOURCE_COLUMN.values():
        if col not in rows:
            rows[col] = 0
    shown = pd.DataFrame(
        {"period_start": [end], "period_end": [end], "slot": [1], "product_id": ["TOP"]}
    )
    site = analyse(Inputs(as_of=SAT, week_rows=rows, sheets={"showcase": shown}), Settings())
    section = Renderer(Settings(), site).sections_for("week", SAT)["showcase"]
    assert "不建议换下：TOP" in section
    assert "替换最弱" not in Renderer(Settings(), site).sections_for("week", SAT)["todo"]


# -- regions: regional promotion needs growth level L4 ----------------------------------------
REGIONS = pd.DataFrame({"country": ["India", "Chile"], "verdict": ["imprecise", "converts"]})


def region_rules(level: str | None) -> list[tuple[str, str]]:
    facts = week_facts_of(regions=REGIONS, growth_level=level)
    return [(f.rule, f.subject) for f in findings("week", facts, Settings())]


def test_cutting_a_country_is_advised_only_from_growth_level_l4() -> None:
    assert region_rules("L3") == []  # the false case: L3 cannot promote by region
    assert region_rules(None) == []  # unknown level: the note says "from L4", no to-do
    assert region_rules("L4") == [("imprecise_regions", "India")]
    assert region_rules("L5") == [("imprecise_regions", "India")]


def regions_site(growth: pd.DataFrame | None) -> Renderer:
    end = pd.Timestamp(SAT)
    rows = pd.DataFrame(
        {"period_start": [pd.Timestamp(SUN)], "period_end": [end], "product_id": ["P"]}
    )
    for col in ["title", "search_impressions", "visitors", "inquiries", *SOURCE_COLUMN.values()]:
        if col not in rows:
            rows[col] = 0
    regions = pd.DataFrame(
        {
            "date": [pd.Timestamp(SUN)] * 2,
            "country": ["India", "Chile"],
            "search_impressions": [1000, 1000],
            "search_clicks": [80, 40],
            "visitors": [20, 10],
            "inquiry_buyers": [0, 2],
        }
    )
    sheets = {"regions": regions, **({"p4p_growth": growth} if growth is not None else {})}
    return Renderer(
        Settings(), analyse(Inputs(as_of=SAT, week_rows=rows, sheets=sheets), Settings())
    )


def growth(level: str) -> pd.DataFrame:
    # the total row of the report day and, dated later, a level the week must not read
    return pd.DataFrame(
        {
            "date": [pd.Timestamp(SUN), pd.Timestamp(SAT) + pd.Timedelta(days=1)],
            "growth_score": [70.0, 90.0],
            "level": [level, "L5"],
        }
    )


def test_the_regions_section_reads_the_growth_sheet_and_says_when_cutting_applies() -> None:
    low = regions_site(growth("L3")).sections_for("week", SAT)
    assert "本店是 L3：还不能按国家去掉" in low["regions"]
    assert "地域推广" not in low["todo"] and "India" in low["regions"]
    unknown = regions_site(None).sections_for("week", SAT)
    assert "只有直通车成长等级达到 L4 才能做地域推广" in unknown["regions"]
    assert "地域推广" not in unknown["todo"]
    high = regions_site(growth("L4")).sections_for("week", SAT)
    assert "1 个国家有点击没询盘（India）：考虑从地域推广中去掉" in high["todo"]


# -- page 1: organic positions only ------------------------------------------------------------
def test_a_p4p_position_on_page_1_does_not_count_as_page_1() -> None:
    ranks = pd.DataFrame(
        {
            "date": pd.Timestamp(SUN),
            "keyword": ["paid only", "paid only", "organic", "both", "both"],
            "product_id": ["P", "P", "Q", "R", "R"],
            "page": [1, 4, 1, 1, 1],
            "position": [2, 7, 9, 3, 1],
            "is_p4p": [True, False, False, False, True],
        }
    )
    table, info = wk.rank_summary(ranks, SAT, 0.7)
    page1 = table.set_index("keyword")["page1"].to_dict()
    assert page1 == {"both": True, "organic": True, "paid only": False}
    assert info["page1"] == 2 and info["double"] == 1
    found = findings("week", week_facts_of(rank_info=info), Settings(page1_target=0.7))
    assert [(f.rule, f.values["share"]) for f in found] == [("page1_share", "66.7%")]
    message = to_actions(SAT, "weekly/x.md", found, "zh")[0].message
    assert "自然排名" in message and "直通车位置不算" in message
    # all three organic on page 1: at the target, no finding
    organic = ranks.assign(is_p4p=False)
    _, info = wk.rank_summary(organic, SAT, 0.7)
    assert findings("week", week_facts_of(rank_info=info), Settings(page1_target=0.7)) == []
