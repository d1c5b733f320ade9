"""The README, the CLI help and the config reference stay true: every command and setting is
documented, every command's help has an example."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import SETTINGS, Settings, render_config
from generator.kinds import KINDS
from tests.conftest import BuiltDemo

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
    from generator.config.help_zh import HELP_ZH

    text = render_config(Settings())  # Chinese, the default language (issue 16)
    english = render_config(Settings(language="en"))
    for name, f in SETTINGS.items():
        assert HELP_ZH[name] in text
        assert f.metadata["help"] in english
        assert re.search(rf"^(\[)?{name}\b", text, re.M), (
            f"{name} missing from the generated opsreport.toml"
        )


# -- the project is its own manual ---------------------------------------------------------------
ROOT = Path(__file__).parent.parent
OUTSIDE = ("shared/docs", "EXPORTS.md", "PLAYBOOK.md", "DESIGN.md", "STYLE.md")


def test_nothing_points_to_files_outside_the_repository() -> None:
    texts = {"README.md": README}
    for folder in ("generator", "site_templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2", ".md", ".html", ".yml", ".js"):
                texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    for command in ["", *COMMANDS]:
        result = CliRunner().invoke(main, [command, "-h"] if command else ["-h"])
        texts[f"opsreport {command} -h"] = result.output
    found = [(name, word) for name, text in texts.items() for word in OUTSIDE if word in text]
    assert not found, f"references to files a user does not have: {found}"


def test_the_readme_lists_every_export_and_sheet_with_its_place_and_file_name() -> None:
    inputs = README.split("## Inputs: what to download and fill", 1)[1].split("\n## ", 1)[0]
    for kind in KINDS.values():
        row = f"| {kind.zh} `{kind.name}` | {kind.source} | `{kind.file_pattern}` |"
        assert row in inputs, f"README's inputs tables lack (or misstate) {kind.name}: {row}"
    assert "opsreport templates" in inputs


# The README's console samples: each line a command prints must have the shape of what that
# command prints today (the same words; numbers, dates and paths may differ).
CONSOLE = re.compile(r"```console\n(.*?)```", re.S)
NOT_OURS = {"make test"}  # pytest's own summary line


def readme_samples() -> list[tuple[str, list[str]]]:
    """(command, the output lines shown under it) for every command of every console block."""
    samples: list[tuple[str, list[str]]] = []
    for block in CONSOLE.findall(README):
        for line in block.splitlines():
            if line.startswith("$ "):
                samples.append((line[2:].split("  #")[0].strip(), []))
            elif line.strip() not in ("", "...", "…") and samples:
                samples[-1][1].append(line)
    return samples


def shape(line: str) -> re.Pattern[str]:
    """A sample line as a pattern: a word with a slash is a path or an address (anything
    without a space), digits are any number, every other word must be the same."""
    words = [
        r"\S+" if "/" in word else re.sub(r"\d+", r"\\d+", re.escape(word)) for word in line.split()
    ]
    return re.compile(r"\s+".join(words))


def command_name(command: str) -> str:
    words = command.split()
    if words[0].endswith("opsreport"):
        return f"opsreport {words[1]}"
    return " ".join(words[:2])


@pytest.fixture
def printed(
    built_demo: BuiltDemo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """What each command of the README's samples prints now. The demo's export writing and
    the pipeline are the session's small demo (its numbers differ, its words do not)."""
    import generator.cli.common as cli
    import generator.demo as demo

    monkeypatch.setattr(demo, "write_demo_exports", lambda *a, **k: built_demo.summary)
    monkeypatch.setattr(cli, "run_with_progress", lambda *a, **k: built_demo.result)
    monkeypatch.chdir(tmp_path)  # the workspaces named as the README names them
    runner = CliRunner()
    ws = "mystore"
    got = {
        "make demo": runner.invoke(main, ["demo", "--workspace", "demo"]),
        "opsreport init": runner.invoke(main, ["init", "--workspace", ws]),
        "opsreport build": runner.invoke(main, ["build", "--workspace", ws]),
        "opsreport templates": runner.invoke(main, ["templates", "--workspace", ws]),
    }
    for name, result in got.items():
        assert result.exit_code == 0, (name, result.output)
    return {name: result.output for name, result in got.items()}


def test_the_readme_sample_output_is_what_the_commands_print(printed: dict[str, str]) -> None:
    samples = [(c, lines) for c, lines in readme_samples() if lines]
    assert {command_name(c) for c, _ in samples} >= {"make demo", "opsreport build"}
    for command, lines in samples:
        name = command_name(command)
        if name in NOT_OURS:
            continue
        assert name in printed, f"README shows output of `{command}`: add it to `printed`"
        real = [" ".join(line.split()) for line in printed[name].splitlines() if line.strip()]
        for line in lines:
            pattern = shape(line)
            assert any(pattern.fullmatch(r) for r in real), (
                f"README's sample line under `{command}` is not what it prints now:\n"
                f"  README: {line}\n  prints: " + "\n          ".join(real)
            )


def test_the_shape_check_tells_a_changed_line() -> None:
    sample = (
        "Built the site as of 2026-11-23: 1 ingested, 0 rejected — open mystore/site/index.html"
    )
    pattern = shape(sample)
    assert pattern.fullmatch(
        "Built the site as of 2026-12-04: 12 ingested, 3 rejected — open /tmp/x/site/index.html"
    )
    assert not pattern.fullmatch(
        "Built the site as of 2026-12-04: 12 files, 3 rejected — open /tmp/x/site/index.html"
    )


# The README's notebook lines, run as they are on the small demo (named "mystore" there).
NOTEBOOK = re.compile(r"## Every number in a notebook\n.*?```python\n(.*?)```", re.S)


def test_the_readme_notebook_lines_give_the_numbers_the_site_shows(
    built_demo: BuiltDemo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.foundation.formats import fmt

    code = NOTEBOOK.search(README)
    assert code, "the README has no notebook section"
    (tmp_path / "mystore").symlink_to(built_demo.workspace.root)
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), names)
    frames = names["frames"]
    assert isinstance(frames, dict)
    assert {"daily", "weekly", "monthly", "keywords", "inputs.day_rows"} <= set(frames)
    daily, as_of = frames["daily"], built_demo.as_of
    assert daily.index.max() == as_of and len(frames["keywords"]) > 0
    # the as-of day's impressions, as its daily page shows them
    page = (built_demo.workspace.content / f"daily/{as_of}.md").read_text(encoding="utf-8")
    assert fmt(daily.loc[as_of, "impressions"], "count") in page
