"""The monthly archive: once a month is final (the 3rd of the next month), its review — the
Markdown page, its chart specs and its downloads — is frozen under ``<workspace>/archive/
YYYY-MM/``, stamped with the day it was frozen. That folder is the source of truth: later
builds only copy it into ``content/archive/`` (so wiping ``content/``, rebuilding the store or
losing old exports never changes a frozen month), and never write into it again, except on
purpose with ``opsreport archive MONTH --refresh``, which moves the old version aside
(``YYYY-MM-vYYYY-MM-DD``) and keeps it.

A frozen page links only to files frozen with it, to other frozen months and to section index
pages that every build writes; any other link becomes plain text, so ``mkdocs --strict``
never finds a broken link in it.

The pipeline calls :func:`sync_archive` on every build; the archive never calls the pipeline
(the scheduler's :func:`generator.scheduler.archive_due` builds, and the build freezes).

Once the site with a frozen month is built, :func:`generator.ops.frozen_files.keep_frozen_files` keeps the month's review
as one self-contained HTML file beside it (``YYYY-MM-review.html``, made from the built frozen
page as ``opsreport export`` makes it) and, for the newest month, its A4 PDF (``YYYY-MM-review.pdf``) where a printer
is found: written once, when missing, never again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.metrics.registry import METRICS
from ..config import Settings, Workspace
from ..foundation.errors import WorkspaceError
from ..foundation.formats import fmt
from ..foundation.periods import month_end_of, month_final, month_final_day
from ..i18n import translate
from ..render import charts
from ..render.markup import Col, chart_block, html_table
from ..render.month_brief import END as BRIEF_END
from ..render.month_brief import START as BRIEF_START
from ..render.monthly import CSV_NAMES

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..render.pages import Output

ARCHIVE_DIR = "archive"
META = "frozen.json"
PAGE = "index.md"
# A frozen page is a copy of a month's review: Material's search leaves it out (front matter,
# added when the page is copied into the site), the month's live page is found instead, and
# the archive's index (searchable) links every frozen version.
SEARCH_EXCLUDED = b"---\nsearch:\n  exclude: true\n---\n\n"
CHARTS = "charts.json"
MONTH_PAGE = re.compile(r"^monthly/(\d{4}-\d{2})\.md$")
MONTH_NAME = re.compile(r"^\d{4}-\d{2}$")
VERSION_NAME = re.compile(r"^(\d{4}-\d{2})-v(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
STABLE = frozenset(
    {
        "index.md",
        "daily/index.md",
        "weekly/index.md",
        "monthly/index.md",
        "keywords/index.md",
        "archive/index.md",
        "import-status.md",
        "glossary.md",
    }
)
HEADLINE = ("impressions", "clicks", "visitors", "inquiries", "inquiry_rate")
REVIEW = "{month}-review"  # the frozen review as one file: .html, and .pdf where printed
log = logging.getLogger(__name__)
MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")


@dataclass
class Frozen:
    """One frozen version of a month, as read from its folder."""

    folder: str  # YYYY-MM (the current version) or YYYY-MM-vYYYY-MM-DD (a previous one)
    month: str
    frozen_on: dt.date
    headline: dict[str, Any]
    current: bool


def archive_root(workspace: Workspace) -> Path:
    return workspace.root / ARCHIVE_DIR


def read_archive(workspace: Workspace) -> list[Frozen]:
    """Every frozen version in the workspace, oldest month first, current before previous."""
    root = archive_root(workspace)
    out: list[Frozen] = []
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        meta_path = folder / META
        if not meta_path.is_file():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        out.append(
            Frozen(
                folder=folder.name,
                month=meta["month"],
                frozen_on=dt.date.fromisoformat(meta["frozen_on"]),
                headline=meta.get("headline", {}),
                current=bool(MONTH_NAME.match(folder.name)),
            )
        )
    out.sort(key=lambda f: (f.month, not f.current, f.frozen_on, f.folder))
    return out


def rewrite_links(md: str, here: dict[str, str], archived: set[str], depth_prefix: str) -> str:
    """Links of a month page (written for ``monthly/``) rewritten for its frozen folder."""

    def target(link: str) -> str | None:
        if re.match(r"^[a-z]+:|^#|^/", link):
            return link
        path, _, frag = link.partition("#")
        resolved = posixpath.normpath(posixpath.join("monthly", path))
        suffix = f"#{frag}" if frag else ""
        if resolved in here:
            return here[resolved] + suffix
        m = MONTH_PAGE.match(resolved)
        if m and m.group(1) in archived:
            return f"../{m.group(1)}/{PAGE}{suffix}"
        if resolved in STABLE:
            return depth_prefix + resolved + suffix
        return None

    def sub(m: re.Match[str]) -> str:
        got = target(m.group(2))
        return m.group(1) if got is None else f"[{m.group(1)}]({got})"

    return MD_LINK.sub(sub, md)


def freeze_month(
    workspace: Workspace,
    settings: Settings,
    data: Analysis,
    output: Output,
    month: str,
    frozen_on: dt.date,
) -> Path:
    """Freeze the month's page, its files and its charts (as the render stage recorded them
    in the page's entry, ``output.pages``) from this build's output into the archive.
    An existing current version is moved aside first (``--refresh``)."""
    key = f"monthly/{month}"
    entry = output.pages.get(key)
    page = f"monthly/{month}.md"
    if page not in output.files:
        raise WorkspaceError(
            f"no review page of {month} in this build (its product exports are not in the store)",
            "put the month's exports back into exports/ and build again",
        )
    # the page's entry lists every file rendered with it (its downloads, XLSX included)
    files = sorted({f for f in (entry["files"] if entry else [page]) if f in output.files})
    root = archive_root(workspace)
    dest = root / month
    archived = {f.month for f in read_archive(workspace) if f.current and f.month != month}
    here = {rel: posixpath.basename(rel) for rel in files if rel != page}
    here[page] = PAGE
    lang = settings.language
    md = output.data(page).decode("utf-8")
    md = rewrite_links(md, here, archived, "../../")
    title, _, rest = md.partition("\n")
    banner = translate("archive_banner", lang, month=month, day=frozen_on.isoformat())
    md = f'{title}\n\n!!! note ""\n    {banner}\n{rest}'
    # the charts the render stage made for the page (kept with a page reused from the last
    # build). Their titles are left out: charts.json has never had them (the pattern that read
    # the specs back out of the page missed them), and a frozen month stays as it was.
    specs = [{"title": "", "spec": c["spec"]} for c in (entry["charts"] if entry else [])]
    blobs: dict[str, bytes] = {PAGE: md.encode("utf-8")}
    for rel in files:
        if rel != page:
            blobs[posixpath.basename(rel)] = output.data(rel)
    blobs[CHARTS] = json.dumps(specs, ensure_ascii=False, sort_keys=True, indent=1).encode()
    end = month_end_of(month)
    row = data.monthly.loc[end] if end in data.monthly.index else None
    headline = {
        m: (None if row is None or pd.isna(row.get(m)) else float(row.get(m))) for m in HEADLINE
    }
    meta = {
        "month": month,
        "frozen_on": frozen_on.isoformat(),
        "as_of": data.as_of.isoformat(),
        "headline": headline,
        "files": {n: hashlib.sha256(b).hexdigest() for n, b in sorted(blobs.items())},
    }
    tmp = root / f".{month}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for fname, blob in blobs.items():
        (tmp / fname).write_bytes(blob)
    (tmp / META).write_text(json.dumps(meta, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    # only now, with the new version complete, move the old one aside (``--refresh``): a
    # failure before this point leaves the month as it was
    if dest.exists():
        old = json.loads((dest / META).read_text(encoding="utf-8"))
        base = f"{month}-v{old['frozen_on']}"
        aside, n = root / base, 2
        while aside.exists():
            aside, n = root / f"{base}-{n}", n + 1
        dest.rename(aside)
    tmp.rename(dest)
    return dest


def due(output: Output, today: dt.date, archived: Iterable[str]) -> list[str]:
    """The months this build rendered that are final on the reader's day ``today`` and not
    archived yet, oldest first."""
    have = set(archived)
    months = sorted(m.group(1) for rel in output.files if (m := MONTH_PAGE.match(rel)))
    return [m for m in months if m not in have and month_final(month_end_of(m), today)]


def sync_archive(
    workspace: Workspace,
    settings: Settings,
    data: Analysis,
    output: Output,
    refresh: Iterable[str] = (),
) -> list[str]:
    """Freeze the months that became final (and those in ``refresh``, on purpose), then put
    the whole archive into ``output``: each version's files under ``archive/``, the index,
    and the latest final month's downloads under ``downloads/``. Returns the months frozen."""
    frozen_on = data.reader_today(settings.lag_days)
    current = {f.month for f in read_archive(workspace) if f.current}
    todo = due(output, frozen_on, current)
    for month in sorted(set(refresh)):
        if not month_final(month_end_of(month), frozen_on):
            raise WorkspaceError(
                f"{month} is not final yet (final on {month_final_day(month_end_of(month))})",
                "archive a month from the 3rd of the next month on",
            )
        todo.append(month)
    done = []
    for month in sorted(set(todo)):
        freeze_month(workspace, settings, data, output, month, frozen_on)
        done.append(month)
    output.files.update(archive_files(workspace, settings))
    return done


def archive_files(workspace: Workspace, settings: Settings) -> dict[str, bytes]:
    """The content files of the archive: every frozen version's files, the index, and the
    latest current month's downloads under their plain names in ``downloads/``."""
    root = archive_root(workspace)
    versions = read_archive(workspace)
    files: dict[str, bytes] = {}
    for v in versions:
        for p in sorted((root / v.folder).iterdir()):
            if p.is_file() and p.name != META:
                data = p.read_bytes()
                if p.name == PAGE:
                    data = SEARCH_EXCLUDED + data
                files[f"{ARCHIVE_DIR}/{v.folder}/{p.name}"] = data
    latest = [v for v in versions if v.current]
    if latest:
        last = latest[-1]
        for stem in CSV_NAMES:
            for ext in ("csv", "xlsx"):
                src = root / last.folder / f"{last.month}-{stem}.{ext}"
                if src.is_file():
                    files[f"downloads/{stem}.{ext}"] = src.read_bytes()
    briefs = {v.month: frozen_brief(root / v.folder / PAGE) for v in versions if v.current}
    files[f"{ARCHIVE_DIR}/index.md"] = archive_index(versions, settings, briefs).encode("utf-8")
    return files


def frozen_brief(page: Path) -> str | None:
    """The month brief (render/month_brief.py) of a frozen page, as it was frozen; None when
    the page has none (frozen before there was one)."""
    if not page.is_file():
        return None
    text = page.read_text(encoding="utf-8")
    start, end = text.find(BRIEF_START), text.find(BRIEF_END)
    if start < 0 or end < start:
        return None
    return text[start : end + len(BRIEF_END)]


def archive_index(
    versions: list[Frozen], settings: Settings, briefs: dict[str, str | None] | None = None
) -> str:
    lang = settings.language

    def t(key: str, **kw: Any) -> str:
        return translate(key, lang, **kw)

    def label(m: str) -> str:
        return METRICS[m].label(lang)

    current = [v for v in versions if v.current]
    rows = []
    for v in reversed(current):
        rec: dict[str, Any] = {"month": v.month, "frozen_on": v.frozen_on, "folder": v.folder}
        rec.update({m: v.headline.get(m) for m in HEADLINE})
        rows.append(rec)
    cols = [
        Col("month", t("month"), link=lambda r: f"{r['folder']}/index.html"),
        Col("frozen_on", t("archive_frozen_on"), "date"),
        *[Col(m, label(m), "rate" if m == "inquiry_rate" else "count") for m in HEADLINE],
    ]
    parts = [f"# {t('archive_title')}", "", t("archive_lead"), ""]
    if not rows:
        parts += [t("archive_empty"), ""]
        return "\n".join(parts)
    parts += [html_table(rows, cols, searchable=False), ""]
    recent = current[-12:]
    frame = pd.DataFrame(
        {
            "period": [v.month for v in recent],
            **{m: [v.headline.get(m) for v in recent] for m in ("impressions", "inquiries")},
        }
    )
    for m in ("inquiries", "impressions"):
        parts += [
            chart_block(
                charts.period_bars(
                    frame, m, label(m), t("month"), METRICS[m].unit, recent[-1].month, lang
                ),
                label(m),
            ),
            "",
        ]
    if briefs is not None:  # the boss's month in one screen, each month's, latest first
        parts += [f"## {t('archive_briefs')}", ""]
        for v in reversed(current):
            brief = briefs.get(v.month)
            parts += [
                f"### [{v.month}]({v.folder}/index.md)",
                "",
                brief or t("archive_no_brief"),
                "",
            ]
    olds = [  # read_archive's order: by month, then by the day each was frozen
        f"- {v.month}: [{t('archive_previous')} {v.frozen_on.isoformat()}]({v.folder}/index.md)"
        for v in versions
        if not v.current
    ]
    if olds:
        parts += [f"## {t('archive_previous')}", "", *olds, ""]
    parts.append(t("archive_count", n=fmt(len(current), "count")))
    return "\n".join(parts) + "\n"
