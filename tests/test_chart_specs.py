"""Every chart kind the site draws is a valid Vega-Lite spec. The pages build their specs
without Altair's schema validation (a build makes hundreds), so the schema is checked here,
once per kind: each distinct spec shape (the spec without its data) on the demo site."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import altair as alt
import pytest
from altair.utils.schemapi import validate_jsonschema

from tests.conftest import BuiltDemo

SPEC = re.compile(r"data-spec='([^']*)'")


def _shape(spec: Any) -> Any:
    """The spec without its data values: what makes it one kind of chart."""
    if isinstance(spec, dict):
        return {k: _shape(v) for k, v in spec.items() if k not in ("values", "datasets")}
    if isinstance(spec, list):
        return [_shape(v) for v in spec]
    return spec


def chart_kinds(built_demo: BuiltDemo) -> dict[str, dict[str, Any]]:
    """One spec per chart kind found in the demo's pages."""
    kinds: dict[str, dict[str, Any]] = {}
    for page in sorted(built_demo.workspace.content.rglob("*.md")):
        for raw in SPEC.findall(page.read_text(encoding="utf-8")):
            spec = json.loads(html.unescape(raw))
            kinds.setdefault(json.dumps(_shape(spec), sort_keys=True), spec)
    return kinds


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return alt.vegalite.v6.schema.core.load_schema()  # type: ignore[no-any-return]


def test_every_chart_kind_on_the_site_is_valid_vega_lite(
    built_demo: BuiltDemo, schema: dict[str, Any]
) -> None:
    kinds = chart_kinds(built_demo)
    # trends, sparklines, period and category bars, weekly lines and mix, the product map,
    # growth and the keyword chart: the demo draws a dozen kinds or more
    assert len(kinds) >= 10, sorted(kinds)[:3]
    for spec in kinds.values():
        assert spec["$schema"].endswith(f"{alt.SCHEMA_VERSION}.json")
        validate_jsonschema(spec, schema)  # raises with the path of the first bad property


def test_a_broken_spec_is_caught(built_demo: BuiltDemo, schema: dict[str, Any]) -> None:
    spec = next(iter(chart_kinds(built_demo).values()))
    broken = {**spec, "mark": {"type": "no-such-mark"}}
    with pytest.raises(Exception, match=r"no-such-mark|is not valid|not one of"):
        validate_jsonschema(broken, schema)
