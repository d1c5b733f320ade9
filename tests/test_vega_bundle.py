"""The Vega bundle every site carries is made from the installed vl-convert (no network) once
per user and version, then kept in the user's cache folder for every workspace's first build
(bundling takes vl-convert more than a second). A kept bundle that does not match its hash, or a
cache that cannot be written, costs only the bundling."""

from __future__ import annotations

from pathlib import Path

import pytest
import vl_convert

from generator import site


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """The user's cache folder in ``tmp_path``; how many times vl-convert bundled."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    calls: list[int] = []
    bundle = vl_convert.javascript_bundle

    def counting(*args: object, **kwargs: object) -> str:
        calls.append(1)
        return bundle(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vl_convert, "javascript_bundle", counting)
    return calls


def kept_file() -> Path:
    folder = site.bundle_cache()
    assert folder is not None
    (kept,) = folder.glob("vega-*.js")
    return kept


def test_the_bundle_is_made_once_and_kept_for_every_workspace(bundled: list[int]) -> None:
    first = site.vega_bundle()
    assert first.startswith(b"/* Vega + Vega-Lite + vega-embed, bundled by vl-convert-python ")
    assert b"vegaEmbed" in first and len(first) > 500_000
    assert site.vega_bundle() == first and len(bundled) == 1
    assert kept_file().read_bytes() == first


def test_a_damaged_kept_bundle_is_made_again(bundled: list[int]) -> None:
    good = site.vega_bundle()
    kept = kept_file()
    kept.write_bytes(good[: len(good) // 2])  # cut short, the header intact
    assert site.vega_bundle() == good and len(bundled) == 2
    assert kept.read_bytes() == good  # and kept again
    kept.with_suffix(".sha256").unlink()
    assert site.vega_bundle() == good and len(bundled) == 3


def test_a_cache_that_cannot_be_written_only_costs_the_bundling(
    bundled: list[int], tmp_path: Path
) -> None:
    (tmp_path / "cache").write_text("a file where the folder goes")
    assert site.vega_bundle() == site.vega_bundle()
    assert len(bundled) == 2
