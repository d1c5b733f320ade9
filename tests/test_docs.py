"""The README, the CLI help and the config reference stay true: every command and setting is
documented, every command's help has an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import SETTINGS, Settings, render_config

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`opsreport {command}`" in README, f"README's CLI table lacks `opsreport {command}`"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "-h"])
    assert result.exit_code == 0
    assert re.search(rf"opsreport {command}\b", result.output), (
        f"`opsreport {command} -h` shows no example"
    )
    assert "--workspace" in result.output


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_in_the_readme_config_reference(name: str) -> None:
    assert re.search(rf"^\| `{name}` \|", README, re.M), f"README's config table lacks `{name}`"


def test_readme_quick_start_has_exactly_the_two_setup_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\$ (.+)$", quick, re.M) == ["make demo", "make test"]


def test_makefile_has_the_targets_the_readme_names() -> None:
    makefile = (Path(__file__).parent.parent / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "lint", "serve", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile lacks `{target}`"
        assert f"make {target}" in README


def test_init_writes_every_setting_with_its_help() -> None:
    text = render_config(Settings())
    for name, f in SETTINGS.items():
        assert f.metadata["help"] in text
        assert re.search(rf"^(\[)?{name}\b", text, re.M), (
            f"{name} missing from the generated opsreport.toml"
        )
