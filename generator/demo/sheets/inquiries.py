"""The inquiries sheet (询盘): one record per inquiry, drawn from the products' inquiries, with
the planted ones; its rows as the backend lists them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ...foundation.periods import china_time
from ...kinds import BUYER_LEVELS
from ..common import COUNTRIES, NAMES, US, World
from ..products import _CATEGORIES
from ..vocab import Vocab, _parse_title
from ..writers import sheet_job
from .base import (
    CODES,
    REPLY_HOURS,
    RICH,
    SHORT,
    TEMPLATES,
    UNITS,
    UNREPLIED,
    _contacts,
    _message,
    _shares,
)


def inquiries(w: World, v: Vocab) -> list[dict]:
    rng = w.rng(11)
    s, f = w.s, w.s.facts
    a0, a1 = w.t(w.sheet_first), w.last
    mk, al = w.panel("marketing_clicks"), w.panel("all_clicks")
    mkt_share = mk[:, a0 : a1 + 1].sum(axis=1) / np.maximum(1, al[:, a0 : a1 + 1].sum(axis=1))
    short = [_parse_title(s.titles[p], int(w.cat_of[p]))[1].lower() for p in range(w.P)]
    recs: list[dict] = []
    for t in range(a0, a1 + 1):
        recs += _day_records(w, rng, t, mkt_share, int(f["cat_t"]), int(f["cat_drop"]))
    now = china_time(w.as_of + dt.timedelta(days=1), 0)  # the end of as_of, China time
    buyers = _Buyers(rng)
    for r in recs:
        _fill_record(w, rng, r, buyers.buyer(r["ci"]), now, short)
    recs.sort(key=lambda r: (r["time"], r["p"] if r["p"] is not None else -1))
    base_id = 10_000_000_000 + int(rng.integers(10**8, 9 * 10**8))
    for k, r in enumerate(recs):
        r["id"] = str(base_id + 7 * k + int(rng.integers(0, 7)))
    _plant_inquiries(w, recs, rng, now)
    return recs


def _day_records(
    w: World,
    rng: np.random.Generator,
    t: int,
    mkt_share: np.ndarray,
    cat_t: int,
    cat_drop: int,
) -> list[dict]:
    """A day's inquiries: one per product inquiry (its country from the day's mix, fewer from
    the US in the category's drop), then a few TM and RFQ inquiries."""
    inq, visitors = w.panel("inquiries"), w.panel("visitors")
    recs: list[dict] = []
    day = w.day(t)
    day_mix = w.shared["country_mix"][t]
    ps = np.flatnonzero(inq[:, t] > 0)
    n_day = int(inq[:, t].sum())
    for p in ps.tolist():
        for _ in range(int(inq[p, t])):
            m = day_mix.copy()
            if t == cat_t and w.cat_of[p] == cat_drop:
                m[US] *= 0.1  # the category lost its US ranking that day
            ci = int(rng.choice(len(m), p=m / m.sum()))
            src = "营销" if rng.random() < mkt_share[p] else "普通"
            recs.append({"t": t, "day": day, "p": p, "ci": ci, "source": src})
    seen_prods = np.flatnonzero(visitors[:, t] > 0)
    for _ in range(int(rng.poisson(0.08 * n_day + 0.05))):
        if not len(seen_prods):
            break
        p = int(rng.choice(seen_prods, p=_shares(visitors[seen_prods, t].astype(float))))
        recs.append(
            {
                "t": t,
                "day": day,
                "p": p,
                "ci": int(rng.choice(len(day_mix), p=day_mix)),
                "source": "TM",
            }
        )
    for _ in range(int(rng.poisson(0.04 * n_day + 0.05))):
        recs.append(
            {
                "t": t,
                "day": day,
                "p": None,
                "ci": int(rng.choice(len(day_mix), p=day_mix)),
                "source": "RFQ",
                "c": int(rng.choice(len(_CATEGORIES))),
            }
        )
    return recs


@dataclass
class _Buyers:
    """The inquiring buyers: a new one, or (sometimes) one from the same country again."""

    rng: np.random.Generator
    buyers: list[dict] = field(default_factory=list)
    by_country: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def buyer(self, ci: int) -> dict:
        rng, buyers, by_country = self.rng, self.buyers, self.by_country
        if by_country[ci] and rng.random() < 0.15:
            return buyers[int(rng.choice(by_country[ci]))]
        group = COUNTRIES[ci][3] if COUNTRIES[ci][3] in NAMES else "other"
        first, last = NAMES[group]
        lv = rng.choice(
            5, p=[0.35, 0.3, 0.18, 0.12, 0.05] if ci in RICH else [0.55, 0.25, 0.12, 0.06, 0.02]
        )
        name = f"{rng.choice(first)} {rng.choice(last)}"
        email, phone = _contacts(name, len(buyers))
        b = {
            "name": name,
            "vid": f"{CODES[ci]}{int(rng.integers(10**7, 10**8))}",
            "ci": ci,
            "level": BUYER_LEVELS[int(lv)],
            "k": len(buyers),
            "email": email,
            "phone": phone,
        }
        buyers.append(b)
        by_country[ci].append(len(buyers) - 1)
        return b


def _seconds(rng: np.random.Generator, ci: int) -> int:
    """A buyer's time of day (seconds, China time) by where the buyer is."""
    if ci in (0, 3, 9, 10, 19):  # the Americas: Pacific daytime
        h = rng.uniform(6, 19)
    elif ci in (12, 13, 14, 18, 20, 21):  # Middle East, Asia: the Pacific night
        h = rng.uniform(0, 6) if rng.random() < 0.6 else rng.uniform(20, 24)
    else:  # Europe, Africa: the Pacific early morning
        h = rng.uniform(0, 10)
    return int(h * 3600)


def _fill_record(
    w: World, rng: np.random.Generator, r: dict, b: dict, now: dt.datetime, short: list[str]
) -> None:
    """An inquiry's buyer, time, quantity, owner, reply and message (random draws, in order)."""
    s = w.s
    r["buyer"] = b
    r["sec"] = _seconds(rng, r["ci"])
    r["time"] = china_time(r["day"], r["sec"])
    c = int(w.cat_of[r["p"]]) if r["p"] is not None else r["c"]
    r["cat"] = c
    r["qty"] = int(rng.choice([20, 50, 100, 200, 300, 500, 1000, 2000, 5000]))
    r["unit"] = UNITS[c]
    owner = s.owners[r["p"]] if r["p"] is not None else _CATEGORIES[c].owners[0]
    r["owner"] = owner
    delay = rng.lognormal(np.log(REPLY_HOURS.get(owner, 4.0)), 0.9)
    reply = r["time"] + dt.timedelta(hours=float(delay))
    recent = r["t"] > w.last - 7  # older inquiries have all been answered, some late
    late = recent and rng.random() < UNREPLIED.get(owner, 0.02)
    r["reply"] = None if (reply > now or late) else reply.replace(second=0, microsecond=0)
    r["second"] = "Y" if r["reply"] is not None and delay < 48 and rng.random() < 0.55 else "N"
    if r["p"] is None:
        kw = _CATEGORIES[c].cores[int(rng.integers(len(_CATEGORIES[c].cores)))].lower()
        r["message"] = (
            f"Quotation for RFQ: {kw}, {r['qty']} {r['unit'].lower()}. Please check our offer."
        )
    elif b["level"] == "L0" and rng.random() < 0.06:
        r["message"] = str(rng.choice(SHORT))
    else:
        r["message"] = _message(
            rng,
            short[r["p"]],
            _CATEGORIES[c].en.lower(),
            r["qty"],
            r["unit"],
            COUNTRIES[r["ci"]][1],
            b["name"],
        )
        # buyers leave their contacts in the message, as real ones do
        if b["k"] % 3 == 0:
            r["message"] += f" Email: {b['email']}"
        elif b["k"] % 3 == 1:
            r["message"] += f" WhatsApp: {b['phone']}"


def _plant_inquiries(
    w: World, recs: list[dict], rng: np.random.Generator, now: dt.datetime
) -> None:
    small = w.P < 100
    last_t = w.last
    # duplicate inquiries: the same buyer asks about the same product again within 7 days
    n_dup = 2 if small else 4
    pairs: list[tuple[dict, dict]] = []
    used_p: set[int] = set()
    cand = [r for r in recs if r["source"] == "普通" and r["t"] > last_t - 35]
    for i in rng.permutation(len(cand)).tolist():
        r1 = cand[i]
        if len(pairs) == n_dup:
            break
        if r1["p"] in used_p:
            continue
        for r2 in cand[i + 1 :]:
            gap = (r2["time"] - r1["time"]).total_seconds() / 86400
            if r2["p"] == r1["p"] and 1.0 <= gap <= 6.0 and r2["buyer"] is not r1["buyer"]:
                pairs.append((r1, r2))
                used_p.add(r1["p"])
                break
    for r1, r2 in pairs:
        r2["buyer"] = r1["buyer"]
        r2["ci"] = r1["ci"]
        b = r1["buyer"]  # asking again, the buyer leaves every way to reach them
        r2["message"] = (
            f"Hi, this is {b['name']} again. Please reply to {b['email']} or WhatsApp "
            f"{b['phone']}. " + r2["message"]
        )
    # template inquiries: the same generic text from several buyers within a few days
    n_tpl = 4 if small else 7
    dup_ids = {id(r) for pair in pairs for r in pair}
    pool = [
        r for r in recs if r["source"] == "普通" and r["t"] > last_t - 14 and id(r) not in dup_ids
    ]
    tpl: list[dict] = []
    seen_b: set[int] = set()
    by_t: dict[int, list[dict]] = defaultdict(list)
    for r in pool:
        by_t[r["t"]].append(r)
    days = sorted(by_t)[:3]  # a wave over three days, about two weeks ago
    for k in range(max((len(by_t[t]) for t in days), default=0)):
        for t in days:
            if len(tpl) < n_tpl and k < len(by_t[t]) and by_t[t][k]["buyer"]["k"] not in seen_b:
                tpl.append(by_t[t][k])
                seen_b.add(by_t[t][k]["buyer"]["k"])
    for j, r in enumerate(tpl):
        r["buyer"] = dict(r["buyer"], level="L0")
        r["message"] = TEMPLATES[j % len(TEMPLATES)]
    # unreplied for more than 24 hours: one owner lets a few inquiries wait
    old = [
        r
        for r in recs
        if r["t"] > last_t - 7 and r["time"] < now - dt.timedelta(hours=30) and id(r) not in dup_ids
    ]
    owners = sorted(
        {r["owner"] for r in old},
        key=lambda o: (o != "刘洋", -sum(1 for r in old if r["owner"] == o), o),
    )
    waiting: list[dict] = []
    if owners:
        mine = [r for r in old if r["owner"] == owners[0]]
        for r in mine[-3:]:
            r["reply"], r["second"] = None, "N"
        waiting = [
            r for r in recs if r["reply"] is None and r["time"] < now - dt.timedelta(hours=24)
        ]
    w.shared["inq_plant"] = {"pairs": pairs, "templates": tpl, "waiting": waiting, "now": now}


def inquiry_rows(w: World, recs: list[dict]) -> None:
    s = w.s
    head = [
        "询盘时间",
        "询盘ID",
        "买家",
        "国家",
        "买家等级",
        "产品ID",
        "产品名称",
        "数量",
        "单位",
        "来源",
        "负责人",
        "首次回复时间",
        "是否二次回复",
        "询盘内容",
    ]
    for start, end in w.sheet_spans:
        rows = []
        for r in recs:
            if start <= r["day"] <= end:
                p = r["p"]
                rows.append(
                    [
                        r["time"],
                        r["id"],
                        r["buyer"]["name"],
                        COUNTRIES[r["ci"]][0],
                        r["buyer"]["level"],
                        s.ids[p] if p is not None else None,
                        s.titles[p] if p is not None else None,
                        float(r["qty"]),
                        r["unit"],
                        r["source"],
                        r["owner"],
                        r["reply"],
                        r["second"],
                        r["message"],
                    ]
                )
        if rows:
            w.jobs.append(
                sheet_job(
                    w.exports / "sheets" / f"inquiries-{end.isoformat()}.xlsx", "询盘", head, rows
                )
            )


# --------------------------------------------------------------------------------------------
# Regions, traffic sources, store overview
# --------------------------------------------------------------------------------------------
