"""Any demo store from 1 to 10,000 products writes (issue 17), and its answer key lists only the
situations that could be planted in a store that size."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.cli.runs import MAX_DEMO_PRODUCTS, MIN_DEMO_DAYS
from generator.demo import MAX_PRODUCTS, MIN_DAYS, write_demo_exports
from generator.demo.products import _simulate
from generator.ingest import parse_export

AS_OF = dt.date(2026, 11, 21)


def _products_of(root, day: dt.date, fmt: str) -> set[str]:
    path = root / "exports" / "daily" / f"Products-{day.isoformat()}.{fmt}"
    parsed = parse_export(path.name, path.read_bytes())
    assert (parsed.kind.name, parsed.warnings) == ("products", [])
    rows = parsed.rows
    return set(rows["product_id"].astype(str))


def _answer_ids(answers: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in answers["answers"]:
        e = a["entity"]
        ids = (
            {e["id"]} if "id" in e else set(e.get("ids", ())) if e["kind"] == "products" else set()
        )
        out[a["key"]] = ids
    return out


@pytest.mark.parametrize(("n", "fmt"), [(1, "xls"), (3, "csv")])
def test_a_store_of_a_few_products_writes_and_its_key_lists_only_what_was_planted(tmp_path, n, fmt):
    # (the 产品分析 files as CSV, as make bench-large writes them: read by the real reader)
    summary = write_demo_exports(
        tmp_path, AS_OF, n_products=n, n_days=MIN_DAYS, workers=1, products_format=fmt
    )
    answers = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert summary.products == n
    listed = _products_of(tmp_path, AS_OF, fmt)
    assert len(listed) == n
    keys = _answer_ids(answers)
    # the stories that need a product each: 1 product is the top product, nothing else
    expected = {"category_drop", "top_product_drop"}
    if n >= 3:
        expected |= {"idle_product", "rising_product"}
    assert expected <= set(keys)
    if n == 1:
        assert not {"idle_product", "rising_product", "p4p_leak", "new_products"} & set(keys)
        assert "rising" not in summary.details
    # every product the key names is in the exports, and no product has two stories
    named = [p for k, ids in keys.items() if k != "top_product_drop" for p in ids]
    assert set(named) <= listed
    assert len(named) == len(set(named))
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    for key in keys:
        for pid in keys[key]:
            assert pid in readme


def test_ten_thousand_products_simulate():
    # the writer's panel at its largest store, one day (the old demo stopped from ~550 products)
    s = _simulate(AS_OF, MAX_PRODUCTS, 1, 7)
    assert len(s.ids) == len(set(s.ids)) == MAX_PRODUCTS
    picks = [s.facts[k] for k in ("riser", "idle", "leak", "dead", "top_product")]
    assert None not in picks
    assert len(set(picks)) == len(picks)
    assert s.top_display.count("Y") == 100  # 1 % of the store


def test_the_command_line_takes_the_demo_limits(tmp_path):
    assert (MAX_DEMO_PRODUCTS, MIN_DEMO_DAYS) == (MAX_PRODUCTS, MIN_DAYS)
    runner = CliRunner()
    for args in (["--products", "0"], ["--products", "10001"], ["--days", "1"]):
        res = runner.invoke(main, ["demo", "--workspace", str(tmp_path), "--no-build", *args])
        assert res.exit_code == 2, res.output
        assert "Invalid value" in res.output
    assert not (tmp_path / "exports").exists()
