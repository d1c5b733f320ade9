"""Settings: one object, a default and a one-line help for every field.

Loaded from the workspace's ``opsreport.toml`` (all keys optional), then CLI overrides.
Validation collects every error and reports them at once (mkdocs' ``load_config`` habit).
The config reference in the README is checked against :data:`SETTINGS` by a test.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..foundation.errors import ConfigError, WorkspaceError
from ..foundation.secrets import MASK, mask_url, redact
from .help_zh import HELP_ZH
from .settings import CONFIG_FILE, SETTINGS, Settings


def _texts(value: Any) -> list[str]:
    """Every piece of text a setting holds (a dict's names and words, a list's items)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [*value, *(w for v in value.values() for w in _texts(v))]
    return []


def _text_error(name: str, value: Any) -> str | None:
    """Settings reach pages, mkdocs.yml and chart specs, where any character is escaped for
    its place; a control character (a line break, a tab, NUL…) has no place to go."""
    for text in _texts(value):
        bad = next((c for c in text if ord(c) < 32 or 127 <= ord(c) < 160), None)
        if bad is not None:
            shown = MASK if SETTINGS[name].metadata.get("secret") else repr(text)
            return (
                f"{name}: {shown} holds the control character U+{ord(bad):04X}; "
                "write it as text on one line"
            )
    f = SETTINGS[name]
    if f.metadata.get("url") and value:
        from urllib.parse import urlsplit

        parts = urlsplit(value) if not any(c.isspace() for c in value) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            shown = (mask_url(value) or MASK) if f.metadata.get("secret") else repr(value)
            return f'{name}: expected an address like "http://192.168.1.20:8000/", got {shown}'
    allowed = f.metadata.get("keys")
    if allowed and isinstance(value, dict):
        unknown = [k for k in value if k not in allowed]
        if unknown:
            return (
                f"{name}: unknown name(s) {', '.join(map(repr, unknown))}; use {', '.join(allowed)}"
            )
    return None


def _check(name: str, value: Any) -> tuple[Any, str | None]:
    f = SETTINGS[name]
    default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
    kind = type(default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is dict:
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
            for k, v in value.items()
        )
        if not ok:
            return value, f'{name}: expected a table of name = ["word", …], got {value!r}'
        return value, _text_error(name, value)
    if not isinstance(value, kind) or isinstance(value, bool) != isinstance(default, bool):
        return value, f"{name}: expected {kind.__name__}, got {value!r}"
    if "choices" in f.metadata and value not in f.metadata["choices"]:
        return value, f"{name}: must be one of {', '.join(f.metadata['choices'])}, got {value!r}"
    if "min" in f.metadata and value < f.metadata["min"]:
        return value, f"{name}: must be at least {f.metadata['min']}, got {value!r}"
    if "max" in f.metadata and value > f.metadata["max"]:
        return value, f"{name}: must be at most {f.metadata['max']}, got {value!r}"
    return value, _text_error(name, value)


PUBLISH_MARKER = ".opsreport-publish"  # in every folder a publish writes: only those are replaced
OWN_FOLDERS = ("store", "exports", "content", "site", "archive")


def path_setting(root: Path, value: str) -> Path | None:
    """A path setting's folder: ``~`` expanded, relative paths from the workspace ``root``;
    None when the setting is empty (off)."""
    if not value.strip():
        return None
    path = Path(value).expanduser()
    return (path if path.is_absolute() else root / path).resolve()


def publish_siblings(dest: Path) -> dict[str, Path]:
    """The folders a publish to ``dest`` writes, moves or deletes."""
    return {
        "": dest,
        "previous": dest.with_name(f"{dest.name}.previous"),
        "staging": dest.with_name(f"{dest.name}.new"),
        "swap": dest.with_name(f"{dest.name}.new.swap"),
        "rollback": dest.with_name(f"{dest.name}.previous.swap"),
    }


def check_publish_path(root: Path, name: str, value: str) -> str | None:
    """Why the folder of setting ``name`` must not be published into (replaced, moved aside,
    later deleted), or None when it is safe: it must not be, contain or lie inside the
    workspace (its store, exports, pages, site, archive), and a folder that exists must be
    empty or carry the marker an earlier publish wrote."""
    dest = path_setting(root, value)
    if dest is None:
        return None
    root = root.resolve()
    fix = (
        f"point {name} at a folder of its own outside the workspace {root}, empty or written"
        ' by an earlier publish, e.g. "/var/www/opsreport"'
    )
    if dest == Path(dest.anchor):  # "/" or "C:\\": no siblings, and it holds everything
        return f"{name} = {value!r}: {dest} contains the workspace {root} — {fix}"
    for role, path in publish_siblings(dest).items():
        what = f"{path} (its {role} folder)" if role else str(path)
        if path == root:
            problem = f"{what} is the workspace itself"
        elif path in root.parents:
            problem = f"{what} contains the workspace {root}"
        elif root in path.parents:
            inside = path.relative_to(root).parts[0]
            where = f"its {inside}/ folder" if inside in OWN_FOLDERS else "the workspace"
            problem = f"{what} lies inside {where} ({root})"
        elif path.is_symlink() or (path.exists() and not path.is_dir()):
            problem = f"{what} exists and is not a folder"
        elif path.is_dir() and not (path / PUBLISH_MARKER).is_file() and any(path.iterdir()):
            problem = (
                f"{what} is a folder that is not empty and was not written by opsreport"
                f" (no {PUBLISH_MARKER} in it; if an earlier opsreport published it, create"
                " that empty file in it)"
            )
        else:
            continue
        return (
            f"{name} = {value!r}: {problem} — publishing would replace it and later delete"
            f" it; {fix}"
        )
    return None


# settings an older ``opsreport init`` wrote that nothing reads any more: accepted, ignored
RETIRED = frozenset(
    {
        # issue 15: the traffic mix is shown beside the platform's reference, never a to-do
        "traffic_mix_tolerance",
        # issue 15: a day is judged against the same weekday of the anomaly_weeks weeks before
        "baseline_days",
    }
)


def _secret_texts(values: Any) -> list[str]:
    """The text of every secret setting in ``values``, however deep it was written."""
    found: list[str] = []
    if isinstance(values, dict):
        for key, value in values.items():
            meta = SETTINGS[key].metadata if key in SETTINGS else {}
            if meta.get("secret") and isinstance(value, str):
                found.append(value)
            else:
                found += _secret_texts(value)
    return found


def make_settings(
    values: dict[str, Any], source: str = "settings", root: Path | None = None
) -> Settings:
    """Validate ``values`` against :data:`SETTINGS`; raise one error listing every problem.
    With the workspace ``root``, path settings are checked against it too."""
    errors: list[str] = []
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name in RETIRED:
            continue  # written by an older ``opsreport init``: no longer read
        if name not in SETTINGS:
            close = [s for s in SETTINGS if s.split("_")[0] in name]
            hint = f" (did you mean {close[0]}?)" if close else ""
            errors.append(f"{name}: unknown setting{hint}")
            continue
        clean[name], err = _check(name, value)
        if not err and root is not None and SETTINGS[name].metadata.get("path"):
            err = check_publish_path(root, name, value)
        if err:
            errors.append(err)
    if errors:
        # a webhook or secret written in the wrong place (under a table) is still a secret
        hidden = _secret_texts(values)
        errors = [redact(e, hidden) for e in errors]
        raise ConfigError(
            f"{source} has {len(errors)} invalid setting(s):\n  - " + "\n  - ".join(errors),
            "fix them (every setting is listed in the README's config reference) and run again",
        )
    return Settings(**clean)


@dataclass(frozen=True)
class Workspace:
    """A store's folder: inbox, store, generated pages, site and config."""

    root: Path

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def store_dir(self) -> Path:
        return self.root / "store"

    @property
    def db_path(self) -> Path:
        return self.store_dir / "opsreport.duckdb"

    @property
    def originals(self) -> Path:
        return self.store_dir / "originals"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"


def workspace_language(root: Path) -> str:
    """The ``language`` setting of the workspace at ``root`` for its messages, read without
    validating the rest: a config that is missing or cannot be read counts as the default, zh."""
    try:
        config = Workspace(root).config_file
        value = tomllib.loads(config.read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError):
        value = None
    return value if value in ("zh", "en") else "zh"


ENV_PREFIX = "OPSREPORT_"


def env_name(setting: str) -> str:
    """The environment variable a setting may come from: ``OPSREPORT_SMTP_PASSWORD``."""
    return ENV_PREFIX + setting.upper()


def env_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings marked ``env`` that are set (not empty) in the environment: they win over
    ``opsreport.toml``, so a webhook or a password need not be written into the workspace."""
    environ = os.environ if environ is None else environ
    return {
        f.name: environ[env_name(f.name)]
        for f in Settings.fields()
        if f.metadata.get("env") and environ.get(env_name(f.name), "").strip()
    }


def load_settings(workspace: Workspace, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the workspace's ``opsreport.toml`` (if any), then the environment's
    ``OPSREPORT_<NAME>`` for the settings that allow it (webhooks, secrets, SMTP login), apply
    overrides, validate all at once."""
    if not workspace.root.is_dir():
        raise WorkspaceError(
            f"workspace folder {workspace.root} does not exist",
            f"create it with `opsreport init --workspace {workspace.root}`",
        )
    values: dict[str, Any] = {}
    if workspace.config_file.exists():
        try:
            values = tomllib.loads(workspace.config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"{workspace.config_file} is not valid TOML: {exc}",
                'fix the line it names (strings need quotes: store_name = "…")',
            ) from exc
    values.update(env_settings())
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return make_settings(values, source=str(workspace.config_file.name), root=workspace.root)


def render_config(settings: Settings) -> str:
    """The settings as an ``opsreport.toml`` text with every help line as a comment, in the
    settings' ``language`` (Chinese by default)."""
    zh = settings.language == "zh"

    def help_of(f: dataclasses.Field[Any]) -> str:
        return HELP_ZH.get(f.name, f.metadata["help"]) if zh else f.metadata["help"]

    lines = [
        "# opsreport 工作区设置。每一项都可以不写；这里写的是默认值。"
        if zh
        else "# opsreport workspace settings. Every key is optional; defaults shown.",
        "",
    ]
    tables = []
    for f in Settings.fields():
        value = getattr(settings, f.name)
        if isinstance(value, dict):
            tables.append((f, value))
            continue
        lines.append(f"# {help_of(f)}")
        lines.append(f"{f.name} = {_toml_value(value)}")
    for f, value in tables:
        lines += ["", f"# {help_of(f)}", f"[{f.name}]"]
        lines += [f"{_toml_value(k)} = {_toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
