"""Site: write the generated files into ``content/`` (only those whose bytes changed), give the
workspace its ``mkdocs.yml`` and vendored assets, and run a real ``mkdocs build`` into a
temporary folder that replaces ``site/`` only when the build succeeded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import jinja2
import yaml

from .config import Settings, Workspace
from .foundation.errors import BuildError, ConfigError
from .foundation.files import WriteStats, write_atomic
from .foundation.portable import exchange, pid_alive, remove_tree
from .i18n import translate
from .page_cache import CACHE_NAME, ENV_FILE, ENV_READ, SERVED_ENV
from .render.build_status import footer_time
from .render.pages import CACHE_FILE, TEMPLATES, Output
from .render.writer import OnDisk

MANIFEST = ".opsreport-files"
OVERRIDES = "overrides"  # Material custom_dir, in the workspace beside mkdocs.yml
STALE_BUILD_HOURS = 6  # a temporary build folder untouched this long was left by a killed build
MARKER = "# Written by opsreport"
THEME_LANGUAGE = {"zh": "zh", "en": "en"}


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly these bytes. Atomic per file."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _vl_convert_version() -> str:
    """The installed vl-convert's version, from its package record: importing it loads an
    87 MB library, which the morning's first build reads from disk (seconds) only to find
    the bundle it made last time."""
    from importlib import metadata

    try:
        return metadata.version("vl-convert-python")
    except metadata.PackageNotFoundError:
        return "unknown"


def bundle_cache() -> Path | None:
    """The folder where the Vega bundle is kept for every workspace of this user: the user's
    cache folder (``%LOCALAPPDATA%``; elsewhere ``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
    return Path(base) / "opsreport"


def vega_bundle() -> bytes:
    """Vega, Vega-Lite and vega-embed in one file, from the installed vl-convert (no network).
    Bundling takes vl-convert more than a second, so the bundle is kept in :func:`bundle_cache`
    (by vl-convert's version, checked against its hash), for every workspace's first build;
    a cache that cannot be read or written is passed over."""
    version = _vl_convert_version()
    header = f"/* Vega + Vega-Lite + vega-embed, bundled by vl-convert-python {version} */\n"
    folder = bundle_cache()
    kept = None if folder is None else folder / f"vega-{version}.js"
    if kept is not None:
        try:
            data = kept.read_bytes()
            digest = kept.with_suffix(".sha256").read_text(encoding="ascii").strip()
            if data.startswith(header.encode()) and hashlib.sha256(data).hexdigest() == digest:
                return data
        except (OSError, ValueError):
            pass
    import vl_convert

    bundle: str = vl_convert.javascript_bundle()  # type: ignore[call-arg]
    data = (header + bundle).encode("utf-8")
    if kept is not None:
        try:  # (read before its hash is written, the bundle is made again, not trusted)
            write_atomic(kept, data, sync_dir=False)
            write_atomic(kept.with_suffix(".sha256"), hashlib.sha256(data).hexdigest().encode())
        except OSError:
            pass
    return data


def site_assets(content: Path) -> dict[str, bytes]:
    """The static assets pages need, vendored: CSS, the chart loader and the Vega bundle."""
    files = {}
    root = TEMPLATES / "assets"
    for p in sorted(root.rglob("*")):
        if p.is_file():
            files[f"assets/{p.relative_to(root).as_posix()}"] = p.read_bytes()
    vega = content / "assets/javascripts/vega.min.js"
    stamp = f"vl-convert-python {_vl_convert_version()} */".encode()
    if vega.exists():
        with vega.open("rb") as fh:
            head = fh.readline()
        files["assets/javascripts/vega.min.js"] = (
            vega.read_bytes() if stamp in head else vega_bundle()
        )
    else:
        files["assets/javascripts/vega.min.js"] = vega_bundle()
    return files


def write_content(content: Path, output: Output) -> WriteStats:
    """Write every generated file; remove files an earlier build generated and this one did not."""
    stats = WriteStats()
    content.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(output.files.items()):
        if isinstance(data, OnDisk):  # a reused page's, as the last build wrote it
            stats.unchanged += 1
        elif write_if_changed(content / rel, data):
            stats.written += 1
        else:
            stats.unchanged += 1
    manifest = content / MANIFEST
    if manifest.exists():
        for rel in manifest.read_text(encoding="utf-8").splitlines():
            if rel and rel not in output.files and (content / rel).is_file():
                (content / rel).unlink()
                stats.removed += 1
    write_if_changed(manifest, ("\n".join(sorted(output.files)) + "\n").encode("utf-8"))
    # each page's files with the size and modification time they have now: the next build
    # takes them as they are while these hold (render/periods.py, reuse)
    pages = {
        key: {
            **entry,
            "stamps": [_stamp(content, rel, output.files.get(rel)) for rel in entry["files"]],
        }
        for key, entry in output.pages.items()
    }
    write_if_changed(
        content / CACHE_FILE,
        json.dumps({"xlsx": output.keys, "pages": pages}, sort_keys=True).encode("utf-8"),
    )
    return stats


def _stamp(content: Path, rel: str, data: bytes | OnDisk | None) -> list[int]:
    """A file's size and modification time in content/ (a file left as it was: those it was
    taken with; a file not there, none that matches)."""
    if isinstance(data, OnDisk):
        return [data.size, data.mtime_ns]
    try:
        st = (content / rel).stat()
    except OSError:
        return [-1, -1]
    return [st.st_size, st.st_mtime_ns]


def write_theme_overrides(workspace: Workspace) -> None:
    """Material theme overrides (``custom_dir``): the footer shows the last successful build
    time from ``extra`` in mkdocs.yml, so no page's Markdown changes from build to build."""
    root = TEMPLATES / OVERRIDES
    for p in sorted(root.rglob("*")):
        if p.is_file():
            write_if_changed(workspace.root / OVERRIDES / p.relative_to(root), p.read_bytes())


def yaml_scalar(value: object) -> str:
    """One value as a YAML scalar, quoted and escaped by the YAML serializer: quotes,
    backslashes, ``#``, ``: `` or a leading ``&``/``*``/``!`` in a setting stay text."""
    text: str = yaml.safe_dump(
        value, allow_unicode=True, default_style='"', width=float("inf"), explicit_end=False
    )
    return text.strip()


def write_mkdocs_config(
    workspace: Workspace, settings: Settings, built_at: dt.datetime | None = None
) -> bool:
    """Give the workspace its mkdocs.yml: rewritten while it carries opsreport's marker line,
    created when missing, left alone once the user removed the marker. ``built_at`` (default:
    now) is shown in every page's footer: the site is swapped in only if the build succeeds,
    so a published page always shows the time of the last successful build.

    Every value is written by the YAML serializer (``yaml`` filter); the site name is plain
    text there and HTML-escaped for the theme by the opsreport plugin."""
    path = workspace.mkdocs_file
    if path.exists() and not path.read_text(encoding="utf-8").startswith(MARKER):
        return False
    write_theme_overrides(workspace)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = yaml_scalar
    lang = settings.language
    site_name = translate("site_title", lang, store=settings.store_name)
    # the theme prints site_url's pages unescaped into href="…": a quote or a bracket in it
    # is percent-encoded (the address is the same), never written as it is
    site_url = quote(settings.site_url, safe=":/?#[]@!$&'()*+,;=%~")
    text = env.get_template("mkdocs.yml.j2").render(
        site_name=site_name,
        theme_language=THEME_LANGUAGE[lang],
        site_url=site_url,
        nav={
            k: translate(k, lang)
            for k in (
                "home",
                "daily",
                "weekly",
                "monthly",
                "archive",
                "keywords",
                "inputs",
                "import_status",
                "build_status",
                "glossary",
            )
        },
        custom_dir=OVERRIDES,
        last_build=footer_time(built_at or dt.datetime.now(tz=dt.UTC), settings),
        last_build_label=translate("last_build", lang),
        build_status_label=translate("build_status", lang),
        search_from_folder=translate("search_from_folder", lang),
        palette_to_dark=translate("palette_to_dark", lang),
        palette_to_light=translate("palette_to_light", lang),
    )
    # read back: the values must come out as they went in, whatever the settings hold
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        loaded = {"error": str(exc)}
    for name, key, want in (
        ("store_name", "site_name", site_name),
        ("site_url", "site_url", site_url),
    ):
        if loaded.get(key) != want:
            raise ConfigError(
                f"{name}: {getattr(settings, name)!r} cannot be written into mkdocs.yml",
                f"change {name} in opsreport.toml (plain text on one line) and build again",
            )
    return write_if_changed(path, text.encode("utf-8"))


BUILD_PREFIX = ".site-build-"


def page_cache_file(workspace: Workspace) -> Path:
    """Where the opsreport plugin keeps each page's conversion between builds."""
    return workspace.store_dir / CACHE_NAME


def build_site(workspace: Workspace, reuse: bool = True) -> Path:
    """``mkdocs build`` into a temporary folder beside ``site/``, then swap it in. A failed
    build raises :class:`BuildError` and leaves the previous site as it was. The mkdocs child
    dies with this process (:mod:`generator.foundation.lifeline`); an interrupted build (Ctrl+C, SIGTERM)
    removes its temporary folder, and a killed one's is removed by the next build.

    Pages whose Markdown and links are unchanged since the last build are not converted again
    (:mod:`generator.page_cache`); ``reuse=False`` converts every page (and keeps the result)."""
    root = workspace.root.resolve()
    remove_stale_builds(root)
    tmp = Path(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{os.getpid()}-", dir=root))
    try:
        _mkdocs(workspace, root, tmp, reuse)
        site = root / workspace.site.name
        if site.exists():
            swap_in(tmp, site)
        else:
            os.replace(tmp, site)
    finally:
        if tmp.exists():  # a failed or interrupted build's, or the previous site after a swap
            remove_tree(tmp)
    return site


def _mkdocs(workspace: Workspace, root: Path, tmp: Path, reuse: bool) -> None:
    cmd = [
        sys.executable,
        "-m",
        "generator.foundation.lifeline",  # runs `python -m mkdocs …` tied to this process
        str(os.getpid()),
        "mkdocs",
        "build",
        "--strict",
        "--clean",  # not --quiet: it hides the warnings strict counts
        "--config-file",
        str(root / workspace.mkdocs_file.name),
        "--site-dir",
        str(tmp),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0", "NO_MKDOCS_2_WARNING": "1"}
    env[ENV_FILE] = str(page_cache_file(Workspace(root)))
    env[ENV_READ] = "1" if reuse else "0"
    if reuse:  # a page with the served one's bytes is linked to it (generator/mkdocs_plugin.py)
        env[SERVED_ENV] = str(root / workspace.site.name)
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        lines = (proc.stderr + proc.stdout).strip().splitlines()
        detail = "\n".join(
            [ln for ln in lines if ln.startswith(("WARNING", "ERROR", "Error", "Aborted"))][:12]
            or lines[-12:]
        )
        raise BuildError(
            f"mkdocs build failed; the previous site is left in place:\n{detail}",
            "fix what the message names (a page or mkdocs.yml); run `opsreport build` again",
        )


def swap_in(new: Path, current: Path) -> None:
    """Put the folder ``new`` in the place of ``current``; ``new`` then holds the old one.
    Native: one atomic exchange, ``current`` never missing. Portable (Windows, where a folder
    cannot be renamed over another): the old one aside, the new one in, retried while a file
    is in use (:func:`generator.foundation.portable.exchange`)."""
    exchange(new, current)


def remove_stale_builds(root: Path) -> int:
    """Delete temporary build folders that a killed build left behind: those of a process
    that is gone (their name holds its pid), and any untouched for hours (older names)."""
    removed = 0
    limit = time.time() - STALE_BUILD_HOURS * 3600
    for p in root.glob(f"{BUILD_PREFIX}*"):
        if not p.is_dir():
            continue
        pid = p.name[len(BUILD_PREFIX) :].split("-", 1)[0]
        gone = pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid))
        if gone or p.stat().st_mtime < limit:
            remove_tree(p)
            removed += 1
    return removed
