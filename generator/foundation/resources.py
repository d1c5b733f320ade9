"""Where the page templates and site assets are: ``site_templates/`` at the repository's top
level in a source tree or an editable install, ``generator/_site_templates/`` inside an
installed wheel (setup.py copies them there)."""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError

PACKAGE = Path(__file__).resolve().parent.parent  # generator/
PACKAGED = PACKAGE / "_site_templates"  # a wheel install
SOURCE = PACKAGE.parent / "site_templates"  # the repository (source tree, editable install)


def templates_dir() -> Path:
    """The folder holding ``home.md.j2``, ``mkdocs.yml.j2``, ``assets/`` and ``overrides/``."""
    for folder in (PACKAGED, SOURCE):
        if (folder / "mkdocs.yml.j2").is_file():
            return folder
    raise BuildError(
        f"opsreport's page templates are missing (looked in {PACKAGED} and {SOURCE})",
        "reinstall opsreport: `pip install .` in the repository (or `pip install -e .`)",
    )
