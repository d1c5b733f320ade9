"""The import contract (issue 14): the stages import only downward and the package has no
import circles. `lint-imports` checks the contracts in pyproject.toml ``[tool.importlinter]``;
here it runs on the package as it is (must pass) and on a copy with a new upward import, a new
circle and a module placed in no layer (must fail, naming each)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))
LAYERS = "Stages import only downward (cli → … → foundation)"
ACYCLIC = "No import circles, at any depth of the package"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=root, env=env, capture_output=True, text=True
    )


def test_the_package_keeps_its_import_contracts() -> None:
    got = lint_imports(ROOT)
    assert got.returncode == 0, got.stdout + got.stderr
    assert f"{LAYERS} KEPT" in got.stdout
    assert f"{ACYCLIC} KEPT" in got.stdout


def test_an_upward_import_a_circle_or_an_unplaced_module_breaks_the_contract(
    tmp_path: Path,
) -> None:
    shutil.copytree(
        ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    package = tmp_path / "generator"

    def add(module: str, code: str) -> None:
        with (package / module).open("a", encoding="utf-8") as fh:
            fh.write(f"\n\ndef _added() -> None:\n    {code}  # noqa: F401\n")

    # a circle inside one layer (the analysis stage): metrics.weekly imports keywords already
    add("analysis/keywords/library.py", "from ..metrics import weekly")
    got = lint_imports(tmp_path)
    assert got.returncode == 1, got.stdout
    assert f"{LAYERS} KEPT" in got.stdout
    assert f"{ACYCLIC} BROKEN" in got.stdout
    assert "No cycles are allowed in generator." in got.stdout

    # the store (a low stage) reaching up to the pipeline, and a module in no layer
    shutil.copy(
        ROOT / "generator/analysis/keywords/library.py", package / "analysis/keywords/library.py"
    )
    add("store/__init__.py", "from ..pipeline import run_pipeline")
    (package / "newstage.py").write_text('"""In no layer yet."""\n', encoding="utf-8")
    got = lint_imports(tmp_path)
    assert got.returncode == 1, got.stdout
    assert f"{LAYERS} BROKEN" in got.stdout
    assert "generator.store is not allowed to import generator.pipeline" in got.stdout
    assert "- generator.newstage" in got.stdout


def test_every_chart_spec_is_made_in_one_place() -> None:
    """Altair (the Vega-Lite specs) is used only in generator/render/charts/: a page module
    adds data to a chart made there, it does not make its own."""
    makers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "generator").rglob("*.py")
        if "altair" in path.read_text(encoding="utf-8")
        and (ROOT / "generator/render/charts") not in path.parents
    )
    assert not makers, makers
