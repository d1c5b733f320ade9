"""A normal install: build the wheel, install it (not editable) into a fresh virtual environment
and build a small demo site with that install, from a folder outside the repository.

The fresh environment gets the third-party dependencies from the test's own environment through
a ``.pth`` line (cheap: nothing is downloaded or compiled), but ``generator`` itself must come
from the wheel: the test checks where it is imported from.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
# what a source checkout holds besides the project: never copied into the build folder
NOT_SOURCE = {
    ".venv",
    ".git",
    "build",
    "dist",
    "demo",
    "site",
    "content",
    "store",
    "exports",
    "overrides",
    "bench-workspace",
}
STORE = "示例户外用品店"


def _run(cmd: list[str], cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def _ignore(folder: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n == "__pycache__" or n.endswith((".egg-info", "_cache"))}
    if Path(folder) == REPO:
        skip |= {n for n in names if n in NOT_SOURCE}
    return skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel` builds from a copy of the source tree (a build writes into the
    tree it builds: the copy keeps the checkout clean). The copy holds the tests too, so that
    leaving them out of the wheel is the packaging's doing."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    shutil.copytree(REPO, src, ignore=_ignore, symlinks=True)
    assert (src / "tests").is_dir() and (src / "site_templates/home.md.j2").is_file()
    dist = root / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)], root)
    (built,) = dist.glob("opsreport-*.whl")
    return built


def test_wheel_carries_templates_and_assets_but_not_tests(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    source = REPO / "site_templates"
    expected = {
        f"generator/_site_templates/{p.relative_to(source).as_posix()}"
        for p in source.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected, "no templates in the source tree"
    missing = sorted(expected - names)
    assert not missing, f"the wheel lacks templates/assets: {missing}"
    assert "generator/foundation/resources.py" in names and "generator/cli/__init__.py" in names
    tests = sorted(n for n in names if n.startswith("tests/") or "/tests/" in n or "conftest" in n)
    assert not tests, f"the wheel ships the tests: {tests[:5]}"
    dist_info = "-".join(wheel.name.split("-")[:2]) + ".dist-info"
    tops = {n.split("/")[0] for n in names}
    assert tops == {"generator", dist_info}, f"the wheel installs more than the package: {tops}"


def test_wheel_install_builds_a_demo_site(wheel: Path, tmp_path: Path) -> None:
    """`pip install opsreport-….whl` (no -e) into a new venv; `opsreport demo` from a folder
    outside the repository builds a site whose home page links the store's pages."""
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        tmp_path,
    )
    site_packages = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            tmp_path,
        ).stdout.strip()
    )
    # the dependencies (not opsreport: its editable hook is a .pth there, and a directory
    # added by a .pth line does not have its own .pth files run)
    outer = sysconfig.get_paths()["purelib"]
    (site_packages / "zz_test_dependencies.pth").write_text(outer + "\n", encoding="utf-8")

    where = _run(
        [
            str(python),
            "-c",
            "import generator, generator.foundation.resources as r; "
            "print(generator.__file__); print(r.templates_dir())",
        ],
        tmp_path,
    ).stdout.split("\n")
    assert Path(where[0]).is_relative_to(venv), f"generator imported from {where[0]}, not the wheel"
    assert Path(where[1]) == site_packages / "generator/_site_templates", where[1]

    opsreport = venv / ("Scripts/opsreport.exe" if os.name == "nt" else "bin/opsreport")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    proc = _run(
        [
            str(opsreport),
            "demo",
            "--workspace",
            "shop",
            "--products",
            "10",
            "--days",
            "42",
            "--as-of",
            "2026-11-21",
        ],
        outside,
        timeout=300,
    )
    site = outside / "shop/site"
    index = site / "index.html"
    assert index.is_file(), f"no site/index.html after `opsreport demo`:\n{proc.stdout}"
    html = index.read_text(encoding="utf-8")
    assert STORE in html
    for page in (
        "daily/index.html",
        "weekly/index.html",
        "monthly/index.html",
        "keywords/index.html",
        "import-status.html",
        "glossary.html",
    ):
        assert f'href="{page}"' in html, f"index.html does not link {page}"
        assert (site / page).is_file(), f"{page} was not built"
    assert (site / "daily/2026-11-21.html").is_file()
    assert (site / "assets/javascripts/charts.js").is_file()
    assert str(site / "index.html") in proc.stdout
