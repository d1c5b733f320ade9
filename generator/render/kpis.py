"""The KPIs of a period as the pages show them: each with the analysis' one judgement
(analysis/metrics/judge.py: baseline, band, change, verdict), as cards (home page), sentences
(「先看这里」 and the home page's lead) and the short-history notice. Formats only.
"""

from __future__ import annotations

import datetime as dt
import html as _html
from typing import Any

import pandas as pd

from ..analysis.metrics.judge import verdict_key
from ..analysis.metrics.registry import KPIS, METRICS
from ..config import Settings
from ..foundation.formats import FORMATS, fmt_change, fmt_text
from .markup import is_missing


def _int(value: Any) -> int:
    return 0 if is_missing(value) else int(value)


def _kind(unit: str) -> str:
    """A metric's unit as a format kind (foundation/formats.py): count, rate, usd."""
    return unit if unit in FORMATS else "count"


class KpiWriter:
    """The KPI parts of the page writer (writer.PageWriter gives ``lang`` and ``t``)."""

    lang: str
    s: Settings

    def t(self, key: str, **values: Any) -> str:
        raise NotImplementedError

    def kpi_rows(self, row: pd.Series, sides: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """The KPIs of a period's row with the analysis' one judgement of each (baseline, band,
        change, verdict: analysis/metrics/judge.py); with ``sides`` ('prev', 'ly'), the
        comparisons made with the period before and the same month last year (like with like:
        analysis/metrics/compare.py)."""
        rows = []
        for m in KPIS:
            verdict = row.get(f"{m}_verdict")
            verdict = verdict if isinstance(verdict, str) else "none"
            size = row.get(f"{m}_size")
            key = verdict_key(verdict, size)
            rec = {
                "metric": METRICS[m].label(self.lang),
                "name": m,
                "unit": METRICS[m].unit,
                "value": row.get(m),
                "baseline": row.get(f"{m}_base"),
                "change": row.get(f"{m}_change"),
                "low": row.get(f"{m}_low"),
                "high": row.get(f"{m}_high"),
                "verdict": verdict,
                "size": size if verdict in ("up", "down") else "",
                "have": row.get(f"{m}_have"),
                "need": row.get(f"{m}_need"),
                "band": self.t(key),
                "band_key": size if verdict in ("up", "down") else verdict,  # css band-large
            }
            if "prev" in sides:
                rec["previous"] = row.get(f"{m}_prev")
                rec["vs_previous"] = row.get(f"{m}_vs_prev")
            if "ly" in sides:
                rec["vs_last_year"] = row.get(f"{m}_vs_ly")
            rows.append(rec)
        return rows

    def kpi_sentences(self, rows: list[dict[str, Any]], base_label: str) -> list[str]:
        """One sentence per KPI the judgement calls up or down (outside its band and beyond
        the minimum change), largest change first; none for a normal or short one."""
        moved = [r for r in rows if r["verdict"] in ("up", "down")]
        moved.sort(key=lambda r: -abs(r["change"]))
        out = []
        for r in moved:
            kind = _kind(r["unit"])
            out.append(
                self.t(
                    "kpi_sentence",
                    metric=r["metric"],
                    value=fmt_text(r["value"], kind, self.lang),
                    baseline=base_label,
                    base=fmt_text(r["baseline"], kind, self.lang),
                    judgement=r["band"],
                    change=fmt_change(r["change"]),
                    low=fmt_text(r["low"], kind, self.lang),
                    high=fmt_text(r["high"], kind, self.lang),
                )
            )
        return out

    def headline(self, rows: list[dict[str, Any]], base_label: str, unit: str) -> str:
        """The lead's verdict: the KPIs outside their band, or that all are normal, or that
        the history is too short to judge (how much there is and how much is needed)."""
        moved = self.kpi_sentences(rows, base_label)
        if moved:
            return "\n\n".join(moved)  # a paragraph each
        short = next((r for r in rows if r["name"] == "impressions"), None)
        if short is not None and short["verdict"] == "short":
            return self.short_history(short, unit)
        if any(r["verdict"] == "normal" for r in rows):
            return self.t("kpi_all_normal")
        return ""

    def short_history(self, r: dict[str, Any], unit: str) -> str:
        """「历史数据不足：同星期几已有 N 周…」 from a KPI's judgement (unit: day | week | month)."""
        key = {"day": "history_short_weekday", "week": "history_short_weeks"}.get(
            unit, "history_short_months"
        )
        return self.t(key, n=_int(r.get("have")), m=_int(r.get("need")))

    def kpi_cards(self, rows: list[dict[str, Any]], extras: dict[str, str] | None = None) -> str:
        """A day's card per KPI, marked by its judgement: blue ▲ or orange ▼ (look.css) only
        when the value left its band (up / down), grey when normal; a short history says how
        many weeks of the same weekday there are. ``extras``: HTML put at the foot of a KPI's
        card (the home page's sparklines), by KPI name."""
        cards = []
        for r in rows:
            kind = _kind(r["unit"])
            cls = r["verdict"] if r["verdict"] in ("up", "down") else "flat"
            line = self.kpi_change_line(r)
            cards.append(
                f'<div class="ops-kpi {cls} band-{r["band_key"]}"><div class="ops-kpi-label">{_html.escape(r["metric"])}</div>'
                f'<div class="ops-kpi-value">{_html.escape(fmt_text(r["value"], kind, self.lang))}</div>'
                f'<div class="ops-kpi-change">{_html.escape(line)}</div>'
                f"{(extras or {}).get(r['name'], '')}</div>"
            )
        return '<div class="ops-kpis">' + "".join(cards) + "</div>"

    def kpi_change_line(self, r: dict[str, Any]) -> str:
        """A card's second line: its judgement and change against the baseline, or how much
        history it lacks (the morning push says the same)."""
        if r["verdict"] == "short":
            return self.t("kpi_card_short", n=_int(r["have"]), m=_int(r["need"]))
        kind = _kind(r["unit"])
        return (
            f"{r['band']} {fmt_change(r['change'])} · {self.t('baseline')} "
            f"{fmt_text(r['baseline'], kind, self.lang)}"
        )

    def home_lead(self, day: dt.date, rows: list[dict[str, Any]]) -> str:
        """The home page's lead: the day and its baseline, then the judgement's headline."""
        weeks = self.s.anomaly_weeks
        head = self.headline(rows, self.t("baseline_day", n=weeks), "day")
        lead = self.t("home_lead", day=day.isoformat(), n=weeks)
        return f"{lead}\n\n{head}" if head else lead
