"""Shared fixtures: a small demo workspace built once per session (real .xls exports, real
DuckDB store, real mkdocs build), and the --update-golden switch."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.config import Settings, Workspace, load_settings, render_config
from generator.demo import DemoSummary, write_demo_exports
from generator.pipeline import PipelineResult, run_pipeline

AS_OF = dt.date(2026, 11, 21)
SMALL = {"n_products": 20, "n_days": 70, "seed": 7}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class BuiltDemo:
    workspace: Workspace
    settings: Settings
    summary: DemoSummary
    result: PipelineResult
    as_of: dt.date


def make_demo(
    root: Path, build: bool = True, size: dict[str, int] | None = None, **overrides: object
) -> BuiltDemo:
    """A small demo store (or one of ``size``), ingested and (optionally) built, as `opsreport
    demo` makes it; ``overrides`` are settings."""
    ws = Workspace(root)
    # printing a frozen month's PDF starts a Chromium: the shared demo does it (its test is
    # tests/test_export_page.py), other stores only when a test asks
    overrides.setdefault("archive_pdf", False)
    summary = write_demo_exports(root, AS_OF, **(size or SMALL))  # type: ignore[arg-type]
    settings = Settings(store_name="示例户外用品店", categories=summary.categories, **overrides)  # type: ignore[arg-type]
    ws.config_file.write_text(render_config(settings), encoding="utf-8")
    settings = load_settings(ws)
    result = run_pipeline(ws, settings, AS_OF, build=build)
    return BuiltDemo(ws, settings, summary, result, AS_OF)


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltDemo]:
    """Read-only for tests: copy it (``copy_demo``) before changing anything."""
    root = tmp_path_factory.mktemp("demo")
    yield make_demo(root, archive_pdf=True)


@pytest.fixture
def copy_demo(built_demo: BuiltDemo, tmp_path: Path) -> BuiltDemo:
    """A private copy of the built demo workspace that a test may change."""
    root = tmp_path / "ws"
    shutil.copytree(built_demo.workspace.root, root, symlinks=True)
    ws = Workspace(root)
    return BuiltDemo(ws, load_settings(ws), built_demo.summary, built_demo.result, built_demo.as_of)


@pytest.fixture(scope="session")
def hand_store(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The store written by hand (tests/fixtures/hand_store.py), ingested, pages written."""
    from tests.fixtures import hand_store

    return hand_store.build(tmp_path_factory.mktemp("hand"))


@pytest.fixture(scope="session")
def small_exports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A tiny demo export set of every kind (10 products × 52 days to AS_OF, so October is a
    whole month), written once: tests copy the files they want into their own workspace."""
    root = tmp_path_factory.mktemp("small-exports")
    write_demo_exports(root, AS_OF, n_products=10, n_days=52, seed=11, workers=1)
    return sorted(p for p in (root / "exports").rglob("*") if p.is_file())
