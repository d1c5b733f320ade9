"""A day's incidents (issue 15, item 4), from the inputs and the store's anomalies: anomalies
looked for on each category, country, channel and top product too, merged into incidents
(metrics/incidents.py), and each incident as the to-do line says it (:class:`AnomalyFact`):
entity, metric, change, 「第 N 天」, cause chain with shares adding up to 100 %, owner, stake.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from ..config import Settings
from ..foundation.formats import fmt_change
from ..foundation.titles import short_title
from ..i18n import translate
from ..inputs import Inputs
from .day_facts import AnomalyFact
from .metrics.anomalies import Anomaly
from .metrics.entities import Entities, EntityAnomaly, build_entities, entity_anomalies
from .metrics.incidents import OTHER, Incident, Share, find_incidents, percents
from .metrics.registry import METRICS

TITLE_CHARS = 40  # a product's title in a cause chain, cut


def incident_entities(
    inputs: Inputs,
    daily: pd.DataFrame,
    category_of: dict[str, str],
    dimensions: list[tuple[str, str, pd.DataFrame]],
    settings: Settings,
    since: dt.date | None = None,
    counted: dict[str, set[str]] | None = None,
) -> Entities:
    """The categories, countries, channels and top products anomalies are looked for on
    (from ``since`` on: metrics/entities.py ``build_entities``; ``counted``: the products
    with a count, per column, when already found)."""
    return build_entities(
        daily,
        inputs.day_rows,
        category_of,
        dimensions,
        top_n=settings.anomaly_top_products,
        weeks=settings.anomaly_weeks,
        since=since,
        counted=counted,
    )


def entity_found(
    entities: Entities, settings: Settings, days: list[dt.date]
) -> dict[dt.date, list[EntityAnomaly]]:
    """The anomalies of those entities on ``days``."""
    s = settings
    return entity_anomalies(
        entities,
        weeks=s.anomaly_weeks,
        k=s.anomaly_k,
        min_change=s.anomaly_min_change,
        min_baseline=s.anomaly_min_baseline,
        days=set(days),
    )


def incidents_on(
    daily: pd.DataFrame,
    anomalies: dict[dt.date, list[Anomaly]],
    found: dict[dt.date, list[EntityAnomaly]],
    entities: Entities,
    settings: Settings,
    days: list[dt.date],
) -> dict[dt.date, list[Incident]]:
    """The incidents of ``days``, from every day's store and entity anomalies (an incident
    of a day may have started days before)."""
    return find_incidents(daily, anomalies, found, entities, settings.anomaly_weeks, set(days))


def entity_text(dimension: str, key: str, label: str, lang: str, owner: str | None = None) -> str:
    """An entity as a reader recognises it: 店铺; 类目 X; 产品 title（ID …，负责人 …）."""
    if dimension == "store":
        return translate("dim_store", lang)
    if dimension != "product":
        return f"{translate('dim_' + dimension, lang)} {key}"
    return translate("dim_product", lang) + " " + product_text(key, label, owner, lang)


def product_text(key: str, label: str, owner: str | None, lang: str) -> str:
    title = short_title(label, TITLE_CHARS)
    who = translate("incident_owner", lang, owner=owner) if owner else ""
    return translate("incident_product", lang, title=title, id=key, owner=who)


def link_text(link: list[Share], lang: str) -> str:
    """One chain link: its contributors with whole percents that add up to 100."""
    parts = []
    for share, pct in zip(link, percents([s.share for s in link]), strict=True):
        if share.key == OTHER:
            name = translate("dim_other", lang)
        elif share.dimension == "product":
            name = product_text(share.key, share.label, share.owner, lang)
        else:
            name = share.key
        parts.append(f"{name} {pct}%")
    return (
        translate("dim_" + link[0].dimension, lang) + " " + translate("sep_list", lang).join(parts)
    )


def chain_text(inc: Incident, lang: str) -> str:
    """metric → funnel step → category / country / channel → product, in one line."""
    parts = []
    if inc.step is not None:
        name, lg = inc.step
        parts.append(f"{translate('step_' + name, lang)} {fmt_change(math.expm1(lg))}")
    parts += [link_text(link, lang) for link in inc.chain]
    return " → ".join(parts) if parts else "—"


def change_phrase(a: EntityAnomaly, lang: str) -> str:
    direction = translate("went_up" if a.direction == "up" else "went_down", lang)
    change = fmt_change(abs(a.change)).lstrip("+")
    return translate(
        "incident_change",
        lang,
        metric=METRICS[a.metric].label(lang),
        direction=direction,
        change=change,
    )


def incident_fact(inc: Incident, lang: str) -> AnomalyFact:
    """An incident as its to-do line says it."""
    main = inc.main
    others = inc.headline[1:3]
    since = (
        translate("incident_since", lang, n=inc.day_n, start=inc.start.isoformat())
        if inc.day_n > 1
        else ""
    )
    return AnomalyFact(
        main.metric,
        label=METRICS[main.metric].label(lang),
        direction_text=translate("went_up" if main.direction == "up" else "went_down", lang),
        change_text=fmt_change(abs(main.change)).lstrip("+"),
        cause_short=chain_text(inc, lang),
        entity=entity_text(main.dimension, main.key, main.label, lang, inc.owner),
        also="".join(translate("incident_also", lang, text=change_phrase(a, lang)) for a in others),
        since=since,
        incident_id=inc.id,
        start=inc.start,
        day_n=inc.day_n,
        stake=inc.stake,
        stake_unit=inc.stake_unit,
        owner=inc.owner,
    )
