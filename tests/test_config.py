from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Settings, Workspace, load_settings, make_settings, render_config
from generator.foundation.errors import ConfigError, WorkspaceError


def test_defaults_round_trip_through_the_written_file(tmp_path: Path) -> None:
    settings = Settings(
        store_name='Acme "Solar"', categories={"太阳能灯": ["solar", "lamp"]}, language="en"
    )
    (tmp_path / "opsreport.toml").write_text(render_config(settings), encoding="utf-8")
    assert load_settings(Workspace(tmp_path)) == settings


def test_every_invalid_setting_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as err:
        make_settings(
            {"language": "fr", "baseline_weeks": 0, "change_larg": 0.3, "top_products": "ten"}
        )
    text = str(err.value)
    assert "4 invalid setting(s)" in text
    assert "language: must be one of zh, en" in text
    assert "baseline_weeks: must be at least 1" in text
    assert "change_larg: unknown setting (did you mean change_" in text
    assert "top_products: expected int" in text


def test_broken_toml_names_the_file_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "opsreport.toml").write_text("store_name = 我的店\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"opsreport\.toml is not valid TOML") as err:
        load_settings(Workspace(tmp_path))
    assert "quotes" in err.value.fix


def test_cli_overrides_win_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "opsreport.toml").write_text('language = "zh"\n', encoding="utf-8")
    assert load_settings(Workspace(tmp_path), {"language": "en"}).language == "en"


def test_a_missing_workspace_says_how_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="opsreport init"):
        load_settings(Workspace(tmp_path / "nope"))
