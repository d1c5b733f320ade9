"""`publish_dir` can never point a publish at the workspace, its parts, or a folder opsreport
did not write (issue 13: `publish_dir = ".."` moved the workspace aside and the next publish
deleted it). Refused when the settings are read — every command says so, with the setting,
the value and the fix — and again right before a publish moves anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import PUBLISH_MARKER, Settings, Workspace, load_settings
from generator.foundation.errors import ConfigError
from generator.ops.publish import previous_of, publish_site, rollback


def workspace(tmp_path: Path, publish_dir: str) -> Workspace:
    """A workspace with a built (tiny) site, its store and an original, and a sibling folder
    of someone else's files beside it."""
    ws = Workspace(tmp_path / "shop")
    for folder in ("exports", "content", "archive", "store/originals"):
        (ws.root / folder).mkdir(parents=True)
    (ws.store_dir / "originals" / "Products-2026-11-21.xls").write_bytes(b"original")
    ws.site.mkdir()
    (ws.site / "index.html").write_text("v1", encoding="utf-8")
    (tmp_path / "other-shop").mkdir()
    (tmp_path / "other-shop" / "notes.txt").write_text("keep me", encoding="utf-8")
    ws.config_file.write_text(f"publish_dir = {publish_dir!r}\n", encoding="utf-8")
    return ws


def everything(tmp_path: Path) -> dict[str, bytes]:
    return {
        p.relative_to(tmp_path).as_posix(): p.read_bytes()
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("..", "contains the workspace"),
        (".", "is the workspace itself"),
        ("store", "lies inside its store/ folder"),
        ("exports", "lies inside its exports/ folder"),
        ("content/www", "lies inside its content/ folder"),
        ("site", "lies inside its site/ folder"),
        ("archive", "lies inside its archive/ folder"),
        ("www", "lies inside the workspace"),
        ("{parent}", "contains the workspace"),
        ("/", "contains the workspace"),  # was a bare ValueError traceback
        ("../other-shop", "not empty and was not written by opsreport"),
        ("~", None),  # home: holds the workspace here, or is a folder of other files
    ],
)
def test_a_dangerous_publish_dir_is_refused_and_nothing_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, says: str | None
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    value = value.format(parent=tmp_path)
    ws = workspace(tmp_path, value)
    before = everything(tmp_path)
    with pytest.raises(ConfigError) as got:  # when the settings are read
        load_settings(ws)
    text = str(got.value)
    assert f"publish_dir = {value!r}" in text
    assert says is None or says in text
    assert "point publish_dir at a folder of its own outside the workspace" in text
    with pytest.raises(ConfigError):  # and again right before a publish moves anything
        publish_site(ws, Settings(publish_dir=value))
    with pytest.raises(ConfigError):
        rollback(ws, Settings(publish_dir=value))
    cli = CliRunner().invoke(main, ["publish", "--workspace", str(ws.root)])
    assert cli.exit_code == 1 and f"publish_dir = {value!r}" in cli.output
    assert everything(tmp_path) == before  # not one file moved or lost


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "..")
    ws.config_file.write_text('publish_dir = ".."\nlag_days = -1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="2 invalid setting") as got:
        load_settings(ws)
    assert "lag_days" in str(got.value) and "publish_dir" in str(got.value)


def test_a_good_empty_folder_is_published_and_marked_then_replaced(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "../www")
    (tmp_path / "www").mkdir()  # made empty by the admin for the web server
    settings = load_settings(ws)
    dest = publish_site(ws, settings)
    assert (dest / "index.html").read_text() == "v1" and (dest / PUBLISH_MARKER).is_file()
    # a folder from a previous publish (it carries the marker) is accepted and replaced
    (ws.site / "index.html").write_text("v2", encoding="utf-8")
    assert load_settings(ws) == settings
    publish_site(ws, settings)
    assert (dest / "index.html").read_text() == "v2"
    assert (previous_of(dest) / "index.html").read_text() == "v1"
    assert (previous_of(dest) / PUBLISH_MARKER).is_file()
    (ws.site / "index.html").write_text("v3", encoding="utf-8")
    publish_site(ws, settings)  # the marked .previous is replaced
    assert (previous_of(dest) / "index.html").read_text() == "v2"


def test_an_unmarked_previous_folder_is_never_deleted(tmp_path: Path) -> None:
    """`www.previous` is deleted by a publish: only when an earlier publish wrote it."""
    ws = workspace(tmp_path, "../www")
    publish_site(ws, load_settings(ws))
    theirs = tmp_path / "www.previous"
    theirs.mkdir()
    (theirs / "backup.sql").write_text("someone's backup", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"www\.previous \(its previous folder\) is a folder"):
        load_settings(ws)
    with pytest.raises(ConfigError):
        publish_site(ws, Settings(publish_dir="../www"))
    assert (theirs / "backup.sql").read_text() == "someone's backup"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_publish_dir_where_no_folder_can_be_made_is_an_error_not_a_traceback(tmp_path):
    """`/proc/www`: the setting passes every check, but no folder can be made there — the
    publish stops with the path and the fix (it gave a FileNotFoundError traceback)."""
    ws = workspace(tmp_path, "/proc/opsreport-test-www")
    result = CliRunner().invoke(main, ["publish", "--workspace", str(ws.root)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean `Error: …`, not a crash
    assert "/proc/opsreport-test-www" in result.output and "publish_dir" in result.output
    assert (ws.site / "index.html").read_text(encoding="utf-8") == "v1"


def test_a_folder_under_a_missing_folder_names_the_folder_to_create(tmp_path):
    import errno

    from generator.foundation.errors import explain_os_error

    where = tmp_path / "no-such" / "www"
    err = explain_os_error(FileNotFoundError(errno.ENOENT, "No such file", str(where)))
    assert err is not None
    assert f"create {where.parent}" in str(err) and "does not exist" in str(err)
