"""A sha256 manifest of every file the generator writes into ``content/``, for the demo
store and for stores the demo did not write (a small English store, one day of history, a
store with only product exports, a store without keyword reports). Record it before moving
code; compare after: a refactor is done when nothing changed except what changed on purpose.

    python scripts/manifest.py record /tmp/before.json
    python scripts/manifest.py compare /tmp/before.json      # exit 1 when a file differs
    python scripts/manifest.py compare /tmp/before.json --only small-en   # one store

Each store is rendered twice (a first build, then a rebuild that reuses unchanged pages) and
both are recorded. The build-status page (run times) and the reuse cache (its keys hold the code's
fingerprint) are left out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

AS_OF = dt.date(2026, 11, 21)
BUILT_AT = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
VOLATILE = ("build-status.md", ".opsreport-cache.json")  # run times; fingerprints of the code


def _drop(exports: Path, folders: tuple[str, ...] = (), keep: tuple[str, ...] = ()) -> None:
    """Take away whole folders of exports; with ``keep``, every file whose name has none of
    those parts."""
    for folder in folders:
        shutil.rmtree(exports / folder, ignore_errors=True)
    for path in list(exports.rglob("*")):
        if keep and path.is_file() and not any(k in path.name for k in keep):
            path.unlink()


# name → (products, days, language, what to take away from the demo's exports)
STORES: dict[str, tuple[int, int, str, dict[str, tuple[str, ...]]]] = {
    "demo": (300, 400, "zh", {}),
    "small-en": (25, 75, "en", {}),
    "one-day": (
        12,
        42,
        "zh",
        {
            "folders": ("keywords", "p4p", "sheets", "monthly", "weekly"),
            "keep": (AS_OF.isoformat(),),
        },
    ),
    "products-only": (20, 50, "zh", {"folders": ("keywords", "p4p", "sheets", "monthly")}),
    "no-keywords": (30, 90, "zh", {"folders": ("keywords",)}),
}


def _store(name: str, root: Path) -> dict[str, str]:
    from generator.config import Settings, Workspace, load_settings, render_config
    from generator.demo import write_demo_exports
    from generator.pipeline import run_pipeline

    products, days, lang, drop = STORES[name]
    ws = Workspace(root)
    root.mkdir(parents=True, exist_ok=True)
    summary = write_demo_exports(root, AS_OF, n_products=products, n_days=days, seed=7)
    _drop(ws.exports, **drop)
    settings = Settings(store_name="示例户外用品店", categories=summary.categories, language=lang)
    ws.config_file.write_text(render_config(settings), encoding="utf-8")
    settings = load_settings(ws)
    out: dict[str, str] = {}
    for build in ("first", "again"):
        run_pipeline(ws, settings, AS_OF, build=False, built_at=BUILT_AT, today=AS_OF)
        for path in sorted(ws.content.rglob("*")):
            rel = path.relative_to(ws.content).as_posix()
            if path.is_file() and not rel.endswith(VOLATILE):
                out[f"{build}/{rel}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def manifest(only: list[str]) -> dict[str, dict[str, str]]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in only or STORES:
            print(f"rendering {name} …", file=sys.stderr, flush=True)
            out[name] = _store(name, Path(tmp) / name)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("action", choices=("record", "compare"))
    p.add_argument("file", type=Path)
    p.add_argument("--only", action="append", default=[], choices=list(STORES))
    a = p.parse_args()
    now = manifest(a.only)
    if a.action == "record":
        a.file.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        n = sum(len(v) for v in now.values())
        print(f"Recorded {n} files of {len(now)} stores in {a.file}")
        return 0
    before = json.loads(a.file.read_text(encoding="utf-8"))
    changed = 0
    for name, files in now.items():
        old = {k: v for k, v in before.get(name, {}).items() if not k.endswith(VOLATILE)}
        for rel in sorted(set(old) | set(files)):
            if old.get(rel) != files.get(rel):
                state = "added" if rel not in old else "gone" if rel not in files else "changed"
                print(f"{name}: {state:8} {rel}")
                changed += 1
    total = sum(len(v) for v in now.values())
    print(f"Compared {total} files of {len(now)} stores with {a.file}: {changed} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
