"""A store built day by day says what a store built at once from the same files says: the
facts kept from earlier builds (analysis/memo.py) are those a full recompute makes, and a new
day computes only the periods it touches."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from generator.config import Workspace, load_settings
from generator.pipeline import run_pipeline
from generator.render.monthly import CSV_NAMES
from tests.conftest import BuiltDemo

DATED = re.compile(r"(\d{4}-\d{2}-\d{2})")
# a frozen month is frozen when it first becomes final: its page says on which day, and a
# store built day by day froze it earlier than one built at once — here before October's
# monthly export landed; the latest frozen month's downloads are copied under downloads/
# (the cache is internal)
FROZEN_COPIES = tuple(f"downloads/{stem}." for stem in CSV_NAMES)
BY_DESIGN = ("archive/", ".opsreport-cache.json", *FROZEN_COPIES)


def _day_of(path: Path, last: dt.date) -> dt.date:
    found = DATED.search(path.name)
    return dt.date.fromisoformat(found.group(1)) if found else last


def _release(
    files: list[Path],
    src: Path,
    ws: Workspace,
    upto: dt.date,
    last: dt.date,
    hold: tuple[str, ...] = (),
) -> None:
    """Put the exports dated up to ``upto`` into the workspace's inbox, as a morning would
    (but those whose path starts with one of ``hold``: exports that land late)."""
    for p in files:
        dest = ws.root / "exports" / p.relative_to(src)
        if p.relative_to(src).as_posix().startswith(hold):
            continue
        if _day_of(p, last) <= upto and not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, dest)


def _tree(folder: Path) -> dict[str, bytes]:
    out = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(BY_DESIGN)
    }
    if ".opsreport-files" in out:  # the list of files written, but those above
        lines = out[".opsreport-files"].decode("utf-8").splitlines()
        out[".opsreport-files"] = "\n".join(
            x for x in lines if not x.startswith(BY_DESIGN)
        ).encode()
    return out


def test_day_by_day_equals_all_at_once(built_demo: BuiltDemo, tmp_path: Path) -> None:
    full = built_demo.workspace
    src = full.root / "exports"
    files = sorted(p for p in src.rglob("*") if p.is_file())
    ws = Workspace(tmp_path / "ws")
    ws.root.mkdir()
    shutil.copy2(full.config_file, ws.config_file)
    settings = load_settings(ws)
    last = built_demo.as_of
    # the day before; the last day without its product export and last month's (they land
    # late); then with them
    late = (f"daily/Products-{last.isoformat()}", "monthly/Products-2026-10-31")
    steps = [(last - dt.timedelta(days=1), late), (last, late), (last, ())]
    results = []
    for day, hold in steps:
        _release(files, src, ws, day, last, hold)
        results.append(run_pipeline(ws, settings, day, build=False))
    first, new_day, landed = results
    # the first build computed every period; the new day only the periods it touches
    assert first.computed["facts:day"] > 30
    assert new_day.computed.get("facts:day", 0) <= 10, new_day.computed
    assert new_day.computed.get("facts:month", 0) <= 1, new_day.computed
    # the late export changes its own day's pages, not the whole history's (a count column
    # that turned from float to int once the last day had its rows changed every key)
    assert landed.computed.get("facts:day", 0) <= 5, landed.computed
    # a day's anomalies and incidents read only that day and the weeks before it (the new
    # day brings the week's 买家地域 / 流量来源 sheets: the seven days they cover)
    assert new_day.computed.get("anomalies:day", 0) <= 7, new_day.computed
    assert landed.computed.get("anomalies:day", 0) <= 1, landed.computed
    assert landed.computed.get("incidents:day", 0) <= 1, landed.computed
    # and a month's review, the months it reads (October's export: its review and November's,
    # which compares with it)
    assert new_day.computed.get("review:month", 0) <= 1, new_day.computed
    assert 1 <= landed.computed.get("review:month", 0) <= 2, landed.computed
    assert landed.computed.get("facts:week", 0) <= 2, landed.computed
    assert landed.rendered["daily"] <= 5, landed.rendered
    assert landed.rendered["weekly"] <= 2, landed.rendered
    assert landed.rendered["monthly"] <= 1, landed.rendered
    got, want = _tree(ws.content), _tree(full.content)
    assert sorted(got) == sorted(want)
    differ = [name for name in want if got[name] != want[name]]
    assert not differ, f"pages that differ from a full recompute: {differ[:10]}"
