"""What the weekly page's sections share: the page being written (:class:`Page`), the to-do
lines of a section, downloads, cut tables, and the trend and mix charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from ..analysis.metrics import weekly as wk
from ..analysis.rules import Action
from ..analysis.rules.weekly import overview_label
from ..analysis.weekly import WEEK, Scale, WeekFacts
from ..config import Settings
from ..foundation.values import records
from . import todo
from .charts import _records, _with_data
from .charts.weekly import lines_template as _lines_template
from .charts.weekly import mix_template
from .markup import Col, chart_block

if TYPE_CHECKING:
    from .writer import Renderer


@dataclass(frozen=True)
class Page:
    """One weekly page (or the month-scale part of a monthly one) being written."""

    r: Renderer
    f: WeekFacts
    scale: Scale

    @property
    def s(self) -> Settings:
        return self.r.s

    @property
    def name(self) -> str:
        return self.scale.name(self.f.end)

    @property
    def period(self) -> str:
        """本周 / 本月 as the sentences say it."""
        return self.r.t(f"wk_period_{self.scale.step}")

    @property
    def actions(self) -> list[Action]:
        return self.f.actions

    @property
    def missing(self) -> dict[str, bool]:
        return self.f.missing


def _sep(r: Renderer) -> str:
    return r.t("sep_list")


def _label(r: Renderer, metric: str) -> str:
    return overview_label(metric, r.lang)


def _missing(r: Renderer, kind: str, what: str) -> str:
    return r.missing_input(kind, r.t(what))


# a section shows this many of its to-do items above its details, the rest folded below them
SECTION_TODO = 3


def _actions(r: Renderer, actions: list[Action], anchor: str) -> str:
    """The section's to-do items (ranked; the page's list at the top has them all): the first
    ``SECTION_TODO`` shown, the rest in a 「其余 N 条」 block (render/todo.py, as every list).
    A copy of items of the list at the top, so kept out of the search index (found there)."""
    mine = [a for a in actions if a.link.endswith("#" + anchor)]
    if not mine:
        return ""
    items = todo.block(r, mine, 1, SECTION_TODO)
    return (
        f'<div class="ops-section-todo" markdown data-search-exclude>\n\n'
        f"**{r.t('wk_section_todo')}**\n\n{items}\n\n</div>"
    )


def _shown(r: Renderer, n: int, total: int) -> str:
    """'n of total shown, all in the download' when a table is cut."""
    return r.t("wk_shown", n=n, total=total) if total > n else ""


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _download(
    r: Renderer,
    name: str,
    kind: str,
    frame: pd.DataFrame,
    cols: list[Col],
    latest: bool,
    section: str = "weekly",
) -> str:
    """A download beside its page (weekly/<week>-<kind>.csv/.xlsx, monthly/<month>-…) and, for
    the latest week, its copy under downloads/<kind>.csv/.xlsx. Returns the page's links."""
    r.write_table(f"{section}/{name}-{kind}", frame, cols, kind)
    if latest:
        r.write_table(f"downloads/{kind}", frame, cols, kind)
    colon = r.t("colon")
    return f"{r.t('download')}{colon}[CSV]({name}-{kind}.csv) · [XLSX]({name}-{kind}.xlsx)"


def _gap_chart(r: Renderer, history: pd.DataFrame, current: str, scale: Scale = WEEK) -> str:
    """Mine against 同行平均 and 同行优秀 per week or month (search impressions, visitors)."""
    if history.empty:
        return ""
    names = {
        wk.SUBJECT_MINE: r.t("wk_mine"),
        wk.SUBJECT_AVG: r.t("wk_peer_avg"),
        wk.SUBJECT_BEST: r.t("wk_peer_best"),
    }
    out = []
    for metric in ("search_impressions", "store_visitors"):
        data = history[history["metric"] == metric]
        if data.empty:
            continue
        frame = pd.DataFrame(
            {
                "week": [scale.name(e) for e in data["period_end"]],
                "subject": [names[x] for x in data["subject"]],
                "value": data["value"].to_numpy(),
            }
        )
        label = _label(r, metric)
        out.append(
            chart_block(
                _with_data(
                    _lines_template(label, r.t(scale.step), r.t("wk_subject"), "count", r.lang),
                    _records(frame),
                ),
                label,
            )
        )
    return "\n\n".join(out)


def _mix_chart(r: Renderer, mix: pd.DataFrame) -> str:
    recs = []
    for rec in records(mix):
        g = r.t(f"wk_group_{rec['group']}")
        recs.append({"group": g, "kind": r.t("wk_share"), "value": rec["share"]})
        if rec["reference"] is not None and not pd.isna(rec["reference"]):
            recs.append({"group": g, "kind": r.t("wk_target"), "value": rec["reference"]})
    frame = pd.DataFrame(recs)
    template = mix_template(
        r.t("wk_share"), r.t("wk_group"), r.t("sec_wk_mix"), kind_label=r.t("wk_subject")
    )
    return chart_block(_with_data(template, _records(frame)), r.t("sec_wk_mix"))
