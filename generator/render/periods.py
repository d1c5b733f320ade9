"""The period pages of a section (every day, week or month): each page's fingerprint (what
it is made of), an unchanged page taken from the last build, the changed ones rendered — on
every core when there are many — and the section's index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from stat import S_ISREG
from typing import Any, NamedTuple

import pandas as pd

from ..analysis.memo import row_digests
from ..analysis.metrics.products import previous_period
from ..config import Settings
from ..foundation.parallel import can_fork, cores, fork_map, strided
from ..foundation.periods import same_month_last_year
from ..foundation.version import code_version
from . import markup
from .daily import RECENT_DAYS
from .index import RECENT_MONTHS, RECENT_WEEKS
from .markup import Col
from .period_page import PeriodPage
from .writer import OnDisk, Output, write_workbooks

# what render_chunk gives back: the pages' files and the workbooks left to build
Rendered = tuple[Output, list[tuple[str, pd.DataFrame, list[Col], str]]]


class PeriodRows(Mapping[dt.date, pd.DataFrame]):
    """A frame's rows by period end, each period's taken only when asked for: a build renders
    a few periods of hundreds, and splitting every one grew with the history."""

    def __init__(self, rows: pd.DataFrame) -> None:
        self._rows = rows
        self._at = {
            pd.Timestamp(ts).date(): positions
            for ts, positions in rows.groupby("period_end").indices.items()
            if not pd.isna(ts)
        }
        self._taken: dict[dt.date, pd.DataFrame] = {}

    def __getitem__(self, end: dt.date) -> pd.DataFrame:
        got = self._taken.get(end)
        if got is None:
            got = self._taken[end] = self._rows.take(self._at[end])
        return got

    def __iter__(self) -> Iterator[dt.date]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


# a changed page: its position, key, fingerprint and quick fingerprint (both "" until made)
Todo = list[tuple[int, str, str, str]]


class Positions(dict[dt.date, int]):
    """Each period end of a totals frame → its row (the ends ascending, as the totals' index
    is), with the ends between two days found by bisection: a day page's window of 90 days,
    asked day by day for 800 days, was 73,000 lookups on every build."""

    def __init__(self, ends: Any) -> None:
        super().__init__((end, i) for i, end in enumerate(ends))

    @cached_property
    def ordered(self) -> list[dt.date]:
        return sorted(self)

    def between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The ends from ``first`` to ``last`` (both included), ascending."""
        return self.ordered[bisect_left(self.ordered, first) : bisect_right(self.ordered, last)]


class Plan(NamedTuple):
    """One section's pages to render: what rendering them needs (``render_period``'s
    arguments), the changed pages, and how to make a page's two fingerprints (by its facts,
    by its facts' keys) from its position."""

    args: tuple[Any, ...]
    todo: Todo
    prints: Callable[[int], tuple[str, str]]


class PeriodPages(PeriodPage):
    def render_periods(
        self, step: str, ends: list[dt.date], totals: pd.DataFrame, rows: pd.DataFrame
    ) -> None:
        """One section's period pages (see :meth:`render_sections`)."""
        self.render_sections([(step, ends, totals, rows)])

    def render_sections(
        self, sections: list[tuple[str, list[dt.date], pd.DataFrame, pd.DataFrame]]
    ) -> None:
        """The period pages of each ``(step, ends, totals, rows)``: the changed ones of every
        section rendered together (on every core when there are many: a section with few
        pages, the months, no longer waits alone on one core), then each section's index."""
        plans = [self.plan_periods(*section) for section in sections]
        for plan, done in zip(plans, self.render_many_sections(plans), strict=True):
            for out, jobs in done:
                self.out.files.update(out.files)
                self.out.keys.update(out.keys)
                self.out.pages.update(out.pages)
                self.xlsx_jobs.extend(jobs)
            step, section, ends, names, totals = plan.args[:5]
            self.render_index(step, section, ends, totals, names)

    def plan_periods(
        self, step: str, ends: list[dt.date], totals: pd.DataFrame, rows: pd.DataFrame
    ) -> Plan:
        """A section's pages: the unchanged ones taken from the last build, the others (and
        what rendering them needs) returned."""
        section = {"day": "daily", "week": "weekly", "month": "monthly"}[step]
        window = {
            "day": self.s.anomaly_weeks,  # weeks of the same weekday
            "week": self.s.baseline_weeks,
            "month": self.s.baseline_months,
        }[step]
        base_label = self.t(f"baseline_{step}", n=window)
        names = [self.period_name(step, e) for e in ends]
        empty = rows.iloc[0:0]
        by_end: Mapping[dt.date, pd.DataFrame] = PeriodRows(rows) if len(rows) else {}
        # store rows are immutable per file: the files a period's rows come from identify
        # them (each period's, in one pass)
        files = (
            {
                ts.date(): sorted(int(f) for f in ids)
                for ts, ids in rows.groupby("period_end")["file_id"].unique().items()
            }
            if len(rows) and "file_id" in rows.columns
            else None
        )
        # one hash per row of the totals, once: a page's window is then fingerprinted by its
        # rows' hashes (hashing a 90-day window for each of 400 days was most of a rebuild)
        hashes = row_digests(totals).to_numpy(dtype="u8")
        position = Positions(totals.index)

        def rows_of(index: Any) -> str:
            return hashlib.sha256(hashes[[position[e] for e in index]].tobytes()).hexdigest()

        def page(i: int) -> tuple[Any, ...]:
            return (step, i, ends, names, position, rows_of, by_end, empty, files)

        def prints(i: int) -> tuple[str, str]:
            return (
                self.page_fingerprint(*page(i), keys={}),
                self.page_fingerprint(*page(i), keys=self.data.keys),
            )

        todo: Todo = []
        for i, name in enumerate(names):
            key = f"{section}/{name}"
            if not self.previous_pages.get(key):
                # nothing to take from the last build (a first build's pages): rendered, its
                # fingerprints made where it is rendered (on every core, with it)
                todo.append((i, key, "", ""))
                continue
            # first by the keys of the facts it shows (cheap: no fact is hashed), then, when
            # one of those changed, by the facts themselves (a period computed again often
            # says what it said)
            quick = self.page_fingerprint(*page(i), keys=self.data.keys)
            if self.reuse(key, quick):
                continue
            fp = self.page_fingerprint(*page(i), keys={})
            if fp != quick and self.reuse(key, fp):
                self.out.pages[key] = {**self.out.pages[key], "kfp": quick}
            else:
                todo.append((i, key, fp, quick))
        args = (step, section, ends, names, totals, by_end, empty, base_label)
        self.out.rendered[section] = len(todo)
        return Plan(args, todo, prints)

    @cached_property
    def shared_fingerprint(self) -> str:
        """What every page is made of: the settings and the keyword links, hashed once."""
        return fingerprint(self.s, self.kw_links)

    def page_fingerprint(
        self,
        step: str,
        i: int,
        ends: list[dt.date],
        names: list[str],
        index: Positions,
        rows_of: Callable[[Any], str],
        by_end: Mapping[dt.date, pd.DataFrame],
        empty: pd.DataFrame,
        files: dict[dt.date, list[int]] | None = None,
        *,
        keys: Mapping[tuple[str, dt.date], str],
    ) -> str:
        """Everything period page ``i`` is made of: its neighbours, the totals its charts
        show (``index``: the totals' period ends, in order), its products (``files``: the
        files their rows come from, by period end), its anomalies, its notes and its own
        sections; the facts and anomalies ``keys`` has (``Analysis.keys``) by their key, the
        others by what they say."""
        end = ends[i]
        prev_end = previous_period(end, step)
        if step == "day":  # the recent days the totals have (every calendar day, in order)
            window = index.between(end - dt.timedelta(days=RECENT_DAYS - 1), end)
        else:
            n = RECENT_WEEKS if step == "week" else RECENT_MONTHS
            window = list(ends[max(0, i + 1 - n) : i + 1])
            if step == "month":
                window += same_month_last_year(index, end)
        return fingerprint(
            self.shared_fingerprint,
            step,
            names[i - 1] if i else None,
            names[i + 1] if i + 1 < len(ends) else None,
            rows_of(window),
            rows_of([e for e in (end, prev_end) if e in index]),
            *(
                (by_end.get(end, empty), by_end.get(prev_end, empty))
                if files is None
                else (files.get(end, []), files.get(prev_end, []))
            ),
            self.anomalies_part(end, keys) if step == "day" else None,
            self.partial_note(step, end),
            *self.fingerprint_parts_for(step, end, keys),
        )

    def anomalies_part(self, end: dt.date, keys: Mapping[tuple[str, dt.date], str]) -> Any:
        """A day's anomalies and incidents for its fingerprint: the keys they were kept or
        computed for (analysis/memo.py: equal keys, equal anomalies), else what they say."""
        kept = keys.get(("anomalies:day", end)), keys.get(("incidents:day", end))
        if kept[0] is not None and kept[1] is not None:
            return ("anomalies:day", *kept)
        return [
            (a.metric, a.value, a.baseline, a.low, a.high, a.cause_text())
            for a in self.anomalies.get(end, [])
        ] + [repr(inc) for inc in self.incidents.get(end, [])]

    def render_chunk(self, chunk: Todo, plan: Plan, workbooks: bool) -> Rendered:
        """Render some of ``plan``'s pages into a fresh Output; with ``workbooks``, build their
        XLSX downloads too (in a worker process) instead of leaving them as jobs."""
        args = plan.args
        saved = (self.out, self.xlsx_jobs)
        self.out, self.xlsx_jobs = Output(), []
        try:
            for i, key, fp, quick in chunk:
                if not fp:  # (not made when the plan was: see plan_periods)
                    fp, quick = plan.prints(i)
                files_before, jobs_before = set(self.out.files), len(self.xlsx_jobs)
                with markup.collect_charts() as made:
                    self.render_period(args[0], args[1], i, *args[2:])
                produced = set(self.out.files) - files_before
                produced |= {job[0] for job in self.xlsx_jobs[jobs_before:]}
                # a monthly review's charts, for the archive to freeze with it (other pages'
                # would only make the cache ten times bigger)
                page = self.out.data(f"{key}.md").decode("utf-8") if args[1] == "monthly" else ""
                self.out.pages[key] = {
                    "fp": fp,
                    "kfp": quick,
                    "files": sorted(produced),
                    "charts": markup.charts_on(page, made),
                }
            if workbooks:
                self.out.files.update(write_workbooks(self.xlsx_jobs, parallel=False))
                self.xlsx_jobs = []
            return self.out, self.xlsx_jobs
        finally:
            self.out, self.xlsx_jobs = saved

    def render_many_sections(self, plans: list[Plan]) -> list[list[Rendered]]:
        """Each plan's changed pages rendered, per plan; on every core when there are many (a
        first build of a year of history has hundreds), all sections' pages dealt to the
        workers together, each worker building its pages' workbooks."""
        if sum(len(plan.todo) for plan in plans) < 40 or not can_fork():
            return [[self.render_chunk(plan.todo, plan, workbooks=False)] for plan in plans]
        items = [(k, page) for k, plan in enumerate(plans) for page in plan.todo]

        def render(r: PeriodPages, chunk: list[tuple[int, tuple[int, str, str, str]]]) -> Any:
            by_plan: dict[int, Todo] = {}
            for k, page in chunk:
                by_plan.setdefault(k, []).append(page)
            return [
                (k, r.render_chunk(pages, plans[k], workbooks=True)) for k, pages in by_plan.items()
            ]

        done: list[list[Rendered]] = [[] for _ in plans]
        for part in fork_map(render, self, strided(items, cores())):
            for k, rendered in part:
                done[k].append(rendered)
        return done

    def fingerprint_parts_for(
        self, step: str, end: dt.date, keys: Mapping[tuple[str, dt.date], str]
    ) -> list[Any]:
        """What a period page shows besides its products, for the reuse fingerprint."""
        from . import monthly as monthly_pages
        from . import weekly as weekly_pages

        if step == "day":
            return self.day_fingerprint_parts(end, keys)
        if step == "week":
            return weekly_pages.fingerprint_parts(self, end, keys=keys)
        return monthly_pages.fingerprint_parts(self, end, keys)

    def reuse(self, key: str, fp: str) -> bool:
        """Take an unchanged period page (``fp`` the last build's, by what it showed or by
        its facts' keys) and its downloads from the last build: left in
        content/ as they are (not read) while each file's size and modification time are
        those the last build wrote (``stamps``: a file removed or edited since, the page is
        rendered again)."""
        entry = self.previous_pages.get(key)
        if (
            self.content is None
            or not entry
            or fp not in (entry.get("fp"), entry.get("kfp"))
            or "charts" not in entry
        ):
            return False  # (a cache from before pages kept their charts: render again)
        stamps = entry.get("stamps")
        files: dict[str, bytes | OnDisk] = {}
        if stamps is None or len(stamps) != len(entry["files"]):
            # a cache from before the stamps: the files as they are, read
            for rel in entry["files"]:
                path = self.content / rel
                if not path.is_file():
                    return False
                files[rel] = path.read_bytes()
        else:
            base = f"{self.content}{os.sep}"  # (os.stat of a string: a third of Path.stat's time)
            for rel, (size, mtime_ns) in zip(entry["files"], stamps, strict=True):
                try:
                    st = os.stat(base + rel)
                except OSError:
                    return False
                if not S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
                    return False
                files[rel] = OnDisk(self.content, rel, size, mtime_ns)
        self.out.files.update(files)
        self.out.pages[key] = entry
        for rel in entry["files"]:
            if rel in self.previous_keys:
                self.out.keys[rel] = self.previous_keys[rel]
        return True


def fingerprint(*parts: Any) -> str:
    """A hash of everything a page is made of: frames by content, other parts by repr."""
    h = hashlib.sha256(code_version().encode())
    for part in parts:
        if isinstance(part, pd.DataFrame) and "file_id" in part.columns:
            # store rows are immutable per file: the files they come from identify them
            h.update(repr(sorted(int(f) for f in part["file_id"].unique())).encode())
        elif isinstance(part, pd.DataFrame):
            # the values' text: exact for numbers, and any cell (lists too) has one
            h.update(repr(list(part.columns)).encode())
            h.update(repr(part.index.tolist()).encode())
            h.update(repr(part.to_numpy().tolist()).encode())
        elif isinstance(part, Settings):  # those a page can read
            h.update(part.read_by_pages_text)
        else:
            h.update(repr(part).encode())
        h.update(b"\x00")
    return h.hexdigest()
