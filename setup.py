"""Packaging step pyproject.toml cannot say: the page templates and assets live in
``site_templates/`` at the repository's top level, and a wheel carries them inside the package
as ``generator/_site_templates/`` (where ``generator.foundation.resources`` looks first). An
editable install reads them from the source tree instead, so nothing is copied then."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "site_templates"
PACKAGED = Path("generator", "_site_templates")


class BuildWithTemplates(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not SOURCE.is_dir():
            raise SystemExit(f"site_templates/ is missing from {HERE}: cannot package the pages")
        target = Path(self.build_lib) / PACKAGED
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False) and SOURCE.is_dir():
            root = Path(self.build_lib) / PACKAGED
            outputs += [str(root / p.relative_to(SOURCE)) for p in SOURCE.rglob("*") if p.is_file()]
        return outputs


setup(cmdclass={"build_py": BuildWithTemplates})
