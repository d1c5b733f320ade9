"""Operator sheets of the demo store (.xlsx, header on row 1): inquiries, regions, traffic
sources, store overview, visitor details, product scores, zero-effect products, showcase and
the new-product plan — all drawn from the products history so that they agree with it.

The one-day category drop of the products files has a cause here: the category lost its US
search ranking that day, so the drop sits in the United States (regions) and in the search
channels 搜索 and 外贸直通车 (traffic sources); recommendation and venue traffic stay put.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict

import numpy as np

from ..kinds import BUYER_LEVELS
from ..foundation.periods import china_time, week_end
from .common import COUNTRIES, MEXICO, NAMES, US, VISITOR_DAYS, World, pct
from .products import _CATEGORIES, _WEEKDAY, final_month
from .vocab import Vocab, _parse_title
from .writers import sheet_job

CODES = (
    "US",
    "GB",
    "DE",
    "CA",
    "AU",
    "FR",
    "ES",
    "IT",
    "NL",
    "BR",
    "MX",
    "RU",
    "SA",
    "AE",
    "IN",
    "ZA",
    "PL",
    "TR",
    "JP",
    "CL",
    "PH",
    "VN",
)
RICH = {0, 1, 2, 3, 4, 5, 8}
CHANNELS: tuple[tuple[str, str, float], ...] = (
    ("搜索", "natural", 0.10),
    ("外贸直通车", "paid", 0.40),
    ("顶级展位", "paid", 0.05),
    ("系统推荐", "scene", 0.24),
    ("会场", "scene", 0.08),
    ("会场-新品首发", "scene", 0.03),
    ("店内", "scene", 0.03),
    ("站内收藏", "scene", 0.02),
    ("直接访问", "scene", 0.02),
    ("询盘", "scene", 0.01),
    ("信保", "scene", 0.01),
    ("站外", "scene", 0.005),
    ("其他", "scene", 0.005),
)
EVENT = "会场-采购节"
SEARCH_CHANNELS = ("搜索", "外贸直通车")
UNITS = ("Pieces", "Sets", "Pieces", "Units", "Pieces")
REPLY_HOURS = {"张伟": 1.5, "李娜": 3.0, "王芳": 5.0, "刘洋": 16.0, "陈静": 2.5}
UNREPLIED = {"刘洋": 0.12}
TEMPLATES = (
    "Hello, I am interested in your product. Please send me the price list and catalog. Thank you.",
    "Hello, I am interested in your products. Please send me the price list and catalogue. Thank you!",
)
SHORT = ("Hi", "price?", "Please send catalog", "Hello, what is the price?", "Send me price list")
GREET = ("Hello,", "Hi,", "Dear supplier,", "Good day,", "Dear Sales Manager,", "Hi there,")
INTRO = (
    "We are {btype} in {country} and we are interested in your {short}.",
    "I saw your {short} on Alibaba and would like to order for our {project}.",
    "Our company imports {cat} for the {country} market.",
    "We need {qty} {unit} of {short} for a {project}.",
    "We are looking for a reliable supplier of {short}.",
)
ASK = (
    "Could you quote the FOB price for {qty} {unit}?",
    "Please send the price, MOQ and lead time for {qty} {unit}.",
    "Can you do custom logo and packaging? Our quantity is {qty} {unit}.",
    "What is the warranty, and do you have CE/RoHS certificates?",
    "Please share the catalog and the CIF price to {country}.",
    "Is a sample available before the order of {qty} {unit}?",
)
CLOSE = (
    "Thanks.",
    "Best regards, {name}",
    "Looking forward to your reply.",
    "Regards, {name}",
    "Thank you, {name}",
)
BTYPES = (
    "a distributor",
    "a wholesaler",
    "a retail chain",
    "a contractor",
    "an online shop",
    "an importer",
)
PROJECTS = (
    "hotel project",
    "garden center",
    "online store",
    "municipal project",
    "resort",
    "new season",
)


def _shares(base: np.ndarray) -> np.ndarray:
    return base / base.sum()


def country_mix(w: World) -> np.ndarray:
    """(T, countries) daily shares of the store's search traffic: Mexico rises over the last 4 weeks."""
    rng = w.rng(10)
    base = np.array([c[2] for c in COUNTRIES])
    T = w.T
    mix = np.repeat(base[None, :], T, axis=0) * rng.lognormal(0.0, 0.08, size=(T, len(base)))
    ramp = np.clip((np.arange(T) - (w.last - 27)) / 27.0, 0.0, 1.0)
    mix[:, MEXICO] *= 1.0 + 1.6 * ramp
    return mix / mix.sum(axis=1, keepdims=True)


def day_ratio(x: np.ndarray, t: int) -> float:
    """A day's value as a share of the median of the 7 days before (at most 1)."""
    med = float(np.median(x[t - 7 : t]))
    return min(1.0, float(x[t]) / med) if med > 0 else 1.0


def _split_drop(
    rng: np.random.Generator, total: int, shares: np.ndarray, hit: np.ndarray, ratio: float
) -> np.ndarray:
    """Split ``total`` by ``shares`` on a day that fell to ``ratio`` of normal, the loss sitting
    in the ``hit`` columns (up to 85 % of their normal share); the others keep about their usual."""
    expected = total / ratio
    hit_exp = expected * float(shares[hit].sum())
    hit_now = int(min(total, max(0, round(hit_exp - min(expected - total, 0.85 * hit_exp)))))
    out = np.zeros(len(shares), dtype=np.int64)
    out[hit] = rng.multinomial(hit_now, _shares(shares[hit]))
    out[~hit] = rng.multinomial(total - hit_now, _shares(shares[~hit]))
    return out


# --------------------------------------------------------------------------------------------
# Inquiries
# --------------------------------------------------------------------------------------------


def _message(
    rng: np.random.Generator, short: str, cat: str, qty: int, unit: str, country: str, name: str
) -> str:
    args = {
        "short": short,
        "cat": cat,
        "qty": qty,
        "unit": unit.lower(),
        "country": country,
        "name": name.split()[0],
        "btype": str(rng.choice(BTYPES)),
        "project": str(rng.choice(PROJECTS)),
    }
    parts = [
        str(rng.choice(GREET)),
        str(rng.choice(INTRO)),
        str(rng.choice(ASK)),
        str(rng.choice(CLOSE)),
    ]
    return " ".join(p.format(**args) for p in parts)


def _contacts(name: str, k: int) -> tuple[str, str]:
    """A buyer's e-mail address and WhatsApp number, from the name and the buyer's number (no
    random draw, so the rest of the demo is unchanged): reserved example domains and the
    fictional 555-01xx numbers, so no real person is written."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    local = ".".join(re.findall(r"[a-z]+", plain)) or "buyer"
    email = f"{local}{k}@example.{('com', 'net', 'org')[k % 3]}"
    phone = f"+1 {201 + k % 700} 555 01{k % 100:02d}"
    return email, phone


def inquiries(w: World, v: Vocab) -> list[dict]:
    rng = w.rng(11)
    s, f = w.s, w.s.facts
    inq = w.panel("inquiries")
    visitors = w.panel("visitors")
    mk, al = w.panel("marketing_clicks"), w.panel("all_clicks")
    mix = w.shared["country_mix"]
    a0, a1 = w.t(w.sheet_first), w.last
    mkt_share = mk[:, a0 : a1 + 1].sum(axis=1) / np.maximum(1, al[:, a0 : a1 + 1].sum(axis=1))
    cat_t, cat_drop = int(f["cat_t"]), int(f["cat_drop"])
    short = [_parse_title(s.titles[p], int(w.cat_of[p]))[1].lower() for p in range(w.P)]
    buyers: list[dict] = []
    by_country: dict[int, list[int]] = defaultdict(list)

    def buyer(ci: int) -> dict:
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

    def seconds(ci: int) -> int:
        if ci in (0, 3, 9, 10, 19):  # the Americas: Pacific daytime
            h = rng.uniform(6, 19)
        elif ci in (12, 13, 14, 18, 20, 21):  # Middle East, Asia: the Pacific night
            h = rng.uniform(0, 6) if rng.random() < 0.6 else rng.uniform(20, 24)
        else:  # Europe, Africa: the Pacific early morning
            h = rng.uniform(0, 10)
        return int(h * 3600)

    recs: list[dict] = []
    for t in range(a0, a1 + 1):
        day = w.day(t)
        day_mix = mix[t]
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
    now = china_time(w.as_of + dt.timedelta(days=1), 0)  # the end of as_of, China time
    for r in recs:
        b = buyer(r["ci"])
        r["buyer"] = b
        r["sec"] = seconds(r["ci"])
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
    recs.sort(key=lambda r: (r["time"], r["p"] if r["p"] is not None else -1))
    base_id = 10_000_000_000 + int(rng.integers(10**8, 9 * 10**8))
    for k, r in enumerate(recs):
        r["id"] = str(base_id + 7 * k + int(rng.integers(0, 7)))
    _plant_inquiries(w, recs, rng, now)
    return recs


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


def store_visitors(w: World) -> np.ndarray:
    rng = w.rng(12)
    vis = w.panel("visitors").sum(axis=0).astype(float)
    return np.rint(0.82 * vis).astype(np.int64) + rng.poisson(0.03 * vis)


def regions(w: World, recs: list[dict]) -> None:
    rng = w.rng(13)
    mix = w.shared["country_mix"]
    sv = w.shared["store_visitors"]
    cat_t = int(w.s.facts["cat_t"])
    hit = np.zeros(len(COUNTRIES), dtype=bool)
    hit[US] = True
    si, ck = w.panel("search_impressions").sum(axis=0), w.panel("search_clicks").sum(axis=0)
    buyers: dict[tuple[int, int], set] = defaultdict(set)
    for r in recs:
        buyers[(r["t"], r["ci"])].add(r["buyer"]["k"])
    head = ["日期", "国家", "搜索曝光次数", "搜索点击次数", "访问人数", "询盘人数"]
    table: dict[int, np.ndarray] = {}
    for start, end in w.sheet_spans:
        rows = []
        for t in range(w.t(start), w.t(end) + 1):
            day = w.day(t)
            cols = []
            for series in (si, ck, sv):
                total = int(series[t])
                if t == cat_t:
                    cols.append(_split_drop(rng, total, mix[t], hit, day_ratio(series, t)))
                else:
                    cols.append(rng.multinomial(total, mix[t]))
            ib = np.array([len(buyers.get((t, ci), ())) for ci in range(len(COUNTRIES))])
            table[t] = np.stack([*cols, ib])
            for ci in range(len(COUNTRIES)):
                vals = [int(cols[0][ci]), int(cols[1][ci]), int(cols[2][ci]), int(ib[ci])]
                if any(vals):
                    rows.append([day, COUNTRIES[ci][0], *vals])
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"regions-{end.isoformat()}.xlsx", "买家地域", head, rows
            )
        )
    w.shared["regions"] = table


def traffic_sources(w: World, recs: list[dict]) -> None:
    rng = w.rng(14)
    sv = w.shared["store_visitors"]
    tm = w.panel("tm_buyers").sum(axis=0)
    cat_t = int(w.s.facts["cat_t"])
    ratio = day_ratio(sv, cat_t)
    names = [c[0] for c in CHANNELS] + [EVENT]
    base = np.array([c[2] for c in CHANNELS] + [0.0])
    ev_a = w.t(w.sheet_first) + max(0, (w.last - w.t(w.sheet_first)) // 2 - 10)
    hit = np.array([n in SEARCH_CHANNELS for n in names])
    ch_of_src = {
        "营销": names.index("外贸直通车"),
        "TM": names.index("询盘"),
        "RFQ": names.index("其他"),
    }
    day_buyers: dict[int, list[dict]] = defaultdict(list)
    for r in recs:
        day_buyers[r["t"]].append(r)
    head = ["日期", "流量渠道", "店铺访问人数", "店内询盘人数", "店内TM咨询人数", "商机转化率"]
    table: dict[int, np.ndarray] = {}
    for start, end in w.sheet_spans:
        rows = []
        for t in range(w.t(start), w.t(end) + 1):
            sh = base.copy()
            if ev_a <= t < ev_a + 21:
                sh[-1], sh[names.index("系统推荐")] = 0.06, sh[names.index("系统推荐")] - 0.06
            sh = _shares(sh * rng.lognormal(0.0, 0.06, len(sh)))
            vis = (
                _split_drop(rng, int(sv[t]), sh, hit, ratio)
                if t == cat_t
                else rng.multinomial(int(sv[t]), sh)
            )
            inq = np.zeros(len(names), dtype=np.int64)
            seen: set[int] = set()
            for r in day_buyers.get(t, []):
                if r["buyer"]["k"] in seen:
                    continue
                seen.add(r["buyer"]["k"])
                ch = ch_of_src.get(r["source"])
                if ch is None:
                    ch = int(rng.choice(len(names), p=_shares(vis + 0.01)))
                inq[ch] += 1
            tmc = rng.multinomial(int(tm[t]), _shares(vis + 0.01))
            table[t] = np.stack([vis, inq, tmc])
            for j, name in enumerate(names):
                if vis[j] == 0 and inq[j] == 0 and tmc[j] == 0:
                    continue
                rate = (inq[j] + tmc[j]) / vis[j] if vis[j] else 0.0
                rows.append(
                    [w.day(t), name, int(vis[j]), int(inq[j]), int(tmc[j]), pct(min(rate, 1.0))]
                )
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"traffic_sources-{end.isoformat()}.xlsx",
                "流量来源",
                head,
                rows,
            )
        )
    w.shared["channels"] = (names, table)


def store_overview(w: World, recs: list[dict]) -> None:
    rng = w.rng(15)
    f = w.s.facts
    sv = w.shared["store_visitors"]
    tot = {
        n: w.panel(n).sum(axis=0)
        for n in (
            "search_impressions",
            "search_clicks",
            "all_impressions",
            "all_clicks",
            "inquiries",
            "inquiry_buyers",
            "tm_buyers",
            "orders",
            "marketing_impressions",
            "marketing_clicks",
        )
    }
    by_day: dict[int, list[dict]] = defaultdict(list)
    for r in recs:
        by_day[r["t"]].append(r)
    a0 = w.t(w.sheet_first)
    days = list(range(a0, w.last + 1))
    weekday = np.array([_WEEKDAY[w.day(t).weekday()] for t in days])
    hol = int(f["hol_t"])
    platform = np.where([(hol <= t < hol + 7) for t in days], 0.7, 1.0)
    head = [
        "日期",
        "对象",
        "店铺访问人数",
        "店铺访问次数",
        "搜索曝光次数",
        "搜索点击次数",
        "全店曝光次数",
        "全店点击次数",
        "询盘个数",
        "询盘人数",
        "TM咨询人数",
        "商机人数",
        "L1+买家询盘人数占比",
        "及时回复率",
        "平均回复时长",
        "信保交易订单个数",
        "信保交易金额(美元)",
        "营销曝光次数",
        "营销点击次数",
    ]
    mine: dict[int, list] = {}
    for t in days:
        rs = by_day.get(t, [])
        people = {r["buyer"]["k"]: r["buyer"]["level"] for r in rs}
        l1 = sum(1 for lv in people.values() if lv != "L0") / len(people) if people else 0.0
        replied = [r for r in rs if r["reply"] is not None]
        timely = (
            sum(1 for r in replied if (r["reply"] - r["time"]).total_seconds() <= 86400) / len(rs)
            if rs
            else 1.0
        )
        hours = (
            float(np.mean([(r["reply"] - r["time"]).total_seconds() / 3600 for r in replied]))
            if replied
            else None
        )
        orders = int(rng.binomial(int(tot["orders"][t]), 0.5))
        amount = round(float(orders * rng.lognormal(np.log(1800), 0.5)), 2) if orders else 0.0
        mine[t] = [
            int(sv[t]),
            int(np.rint(sv[t] * rng.uniform(1.25, 1.45))),
            int(tot["search_impressions"][t]),
            int(tot["search_clicks"][t]),
            int(tot["all_impressions"][t]),
            int(tot["all_clicks"][t]),
            int(tot["inquiries"][t]),
            int(tot["inquiry_buyers"][t]),
            int(tot["tm_buyers"][t]),
            int(tot["inquiry_buyers"][t] + tot["tm_buyers"][t]),
            pct(l1),
            pct(timely),
            round(hours, 1) if hours is not None else "-",
            orders,
            amount,
            int(tot["marketing_impressions"][t]),
            int(tot["marketing_clicks"][t]),
        ]
    # peers: the store's typical day (not its incidents), scaled; they share the platform's holiday
    num_cols = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16]
    level = {
        c: float(np.mean([mine[t][c] / weekday[i] for i, t in enumerate(days)])) for c in num_cols
    }
    avg_k = {
        0: 0.8,
        1: 0.8,
        2: 0.95,
        3: 0.85,
        4: 0.9,
        5: 0.85,
        6: 0.7,
        7: 0.7,
        8: 0.75,
        9: 0.72,
        13: 0.9,
        14: 0.8,
        15: 1.1,
        16: 1.0,
    }
    rows = defaultdict(list)
    for i, t in enumerate(days):
        rows[t].append([w.day(t), "我的", *mine[t]])
        for subject, k2, rates in (
            ("同行平均", 1.0, (0.55, 0.88, 6.5)),
            ("同行优秀", 3.4, (0.66, 0.97, 2.1)),
        ):
            vals = []
            for c in range(len(mine[t])):
                if c in num_cols:
                    x = level[c] * avg_k[c] * k2 * weekday[i] * platform[i] * rng.lognormal(0, 0.05)
                    vals.append(round(x, 2) if c == 14 else int(np.rint(x)))
                elif c == 10:
                    vals.append(pct(rates[0] * rng.uniform(0.95, 1.05)))
                elif c == 11:
                    vals.append(pct(min(1.0, rates[1] * rng.uniform(0.97, 1.02))))
                else:
                    vals.append(round(rates[2] * rng.uniform(0.85, 1.15), 1))
            rows[t].append([w.day(t), subject, *vals])
    for start, end in w.sheet_spans:
        out = [r for t in range(w.t(start), w.t(end) + 1) for r in rows[t]]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"store_overview-{end.isoformat()}.xlsx",
                "店铺概况",
                head,
                out,
            )
        )


# --------------------------------------------------------------------------------------------
# Visitors (访客详情, 31 days)
# --------------------------------------------------------------------------------------------


def visitor_rows(w: World, v: Vocab, recs: list[dict]) -> None:
    rng = w.rng(16)
    s = w.s
    mix = w.shared["country_mix"]
    sv = w.shared["store_visitors"]
    visitors = w.panel("visitors")
    tm = w.panel("tm_buyers").sum(axis=0)
    english = v.english()
    cat_words = [
        [i for i in range(v.W) if v.cat[i] == c and (english[i] or rng.random() < 0.3)]
        for c in range(len(_CATEGORIES))
    ]
    first = max(w.first_day, w.as_of - dt.timedelta(days=VISITOR_DAYS - 1))
    by_day: dict[int, list[dict]] = defaultdict(list)
    for r in recs:
        if r["source"] in ("普通", "营销") and r["day"] >= first:
            by_day[r["t"]].append(r)
    cap = 100
    head = [
        "访问日期",
        "访客ID",
        "国家",
        "浏览次数",
        "停留时长(秒)",
        "全站偏好关键词",
        "进店搜索词",
        "买家层级",
        "是否询盘",
        "是否TM咨询",
        "访问路径",
    ]

    def words_for(c: int, n: int) -> str:
        pool = cat_words[c]
        return (
            ",".join(
                v.words[i] for i in rng.choice(pool, size=min(n, len(pool)), replace=False).tolist()
            )
            if pool
            else ""
        )

    def path(live_in: list[list[int]], c: int, end_with: list[int]) -> list[int]:
        same = [p for p in live_in[c] if p not in end_with]
        k = int(rng.integers(0, 3))
        pre = (
            [int(x) for x in rng.choice(same, size=min(k, len(same)), replace=False)]
            if same
            else []
        )
        return pre + end_with

    rows_by_day: dict[int, list] = {}
    for t in range(w.t(first), w.last + 1):
        day = w.day(t)
        rows = []
        ids: set[str] = set()
        grouped: dict[int, list[dict]] = defaultdict(list)
        for r in by_day.get(t, []):
            grouped[r["buyer"]["k"]].append(r)
        n_tm = int(tm[t])
        # the day's products with visitors, once per day (not once per visitor)
        seen = np.flatnonzero(visitors[:, t] > 0)
        share = _shares(visitors[seen, t].astype(float)) if len(seen) else seen
        live_in = [seen[w.cat_of[seen] == c].tolist() for c in range(len(_CATEGORIES))]
        for _, rs in sorted(grouped.items()):
            b = rs[0]["buyer"]
            prods = list(dict.fromkeys(r["p"] for r in rs))
            pth = path(live_in, int(w.cat_of[prods[-1]]), prods)
            chat = rng.random() < 0.2 and n_tm > 0
            n_tm -= int(chat)
            ids.add(b["vid"])
            rows.append(
                [
                    day,
                    b["vid"],
                    COUNTRIES[rs[0]["ci"]][0],
                    len(pth) + int(rng.integers(0, 4)),
                    int(rng.integers(120, 1500)),
                    words_for(int(w.cat_of[prods[-1]]), int(rng.integers(1, 4))),
                    v.words[int(rng.choice(cat_words[int(w.cat_of[prods[-1]])]))]
                    if rng.random() < 0.25 and cat_words[int(w.cat_of[prods[-1]])]
                    else None,
                    b["level"],
                    "Y",
                    "Y" if chat else "N",
                    ">".join(s.ids[p] for p in pth),
                ]
            )
        others = max(0, min(cap, int(sv[t]) - len(rows)))
        for _ in range(others):
            if not len(seen):
                break
            ci = int(rng.choice(len(COUNTRIES), p=mix[t]))
            p = int(rng.choice(seen, p=share))
            c = int(w.cat_of[p])
            pth = path(live_in, c, [p])
            vid = f"{CODES[ci]}{int(rng.integers(10**7, 10**8))}"
            if vid in ids:
                continue
            ids.add(vid)
            lv = BUYER_LEVELS[int(rng.choice(5, p=[0.6, 0.25, 0.1, 0.04, 0.01]))]
            chat = n_tm > 0 and rng.random() < 0.05
            n_tm -= int(chat)
            rows.append(
                [
                    day,
                    vid,
                    COUNTRIES[ci][0],
                    len(pth) + int(rng.integers(0, 3)),
                    int(rng.integers(5, 300)),
                    words_for(c, int(rng.integers(1, 4))),
                    v.words[int(rng.choice(cat_words[c]))]
                    if rng.random() < 0.1 and cat_words[c]
                    else None,
                    lv,
                    "N",
                    "Y" if chat else "N",
                    ">".join(s.ids[x] for x in pth),
                ]
            )
        rows.sort(key=lambda r: r[1])
        rows_by_day[t] = rows
    for start, end in w.sheet_spans:
        if end < first:
            continue
        out = [
            r for t in range(w.t(max(start, first)), w.t(end) + 1) for r in rows_by_day.get(t, [])
        ]
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"visitors-{end.isoformat()}.xlsx", "访客详情", head, out
            )
        )


# --------------------------------------------------------------------------------------------
# Product scores, zero effect, showcase, new products
# --------------------------------------------------------------------------------------------


def product_scores(w: World) -> None:
    rng = w.rng(17)
    s, f = w.s, w.s.facts
    clicks, inq = w.panel("search_clicks"), w.panel("inquiries")
    publish = f["publish"]
    quality = np.round(rng.uniform(2.5, 5.0, size=w.P), 1)
    walk = np.zeros(w.P)
    snaps = [end for _, end in w.sheet_spans]
    ze = set(w.shared["zero"])
    scores: dict[dt.date, np.ndarray] = {}
    q_by: dict[dt.date, np.ndarray] = {}
    pct_by: dict[dt.date, np.ndarray] = {}
    for d in snaps:
        t = w.t(d)
        live = s.present[:, t]
        eff = (
            (clicks[:, max(0, t - 27) : t + 1] + 5 * inq[:, max(0, t - 27) : t + 1])
            .sum(axis=1)
            .astype(float)
        )
        order = np.argsort(np.argsort(np.where(live, eff, -1.0), kind="stable"), kind="stable")
        rank_pct = order / max(1, w.P - 1)
        walk = np.clip(walk + rng.normal(0, 0.8, w.P), -3, 3)
        scores[d] = np.clip(30 + 6 * quality + 35 * rank_pct + walk, 20, 99)
        q_by[d] = quality.copy()
        pct_by[d] = rank_pct
    last = snaps[-1]
    t_last = w.t(last)
    new_now = {p for p in range(w.P) if publish[p] > 0 and (t_last - publish[p]) < 30}
    live_now = s.present[:, t_last]
    # planted: products in the 75–79 band (the 实力优品 line is 80), and one whose score fell
    n_band = 3 if w.P < 100 else 5
    cands = [
        p
        for p in range(w.P)
        if live_now[p] and p not in new_now and p not in ze and 66 <= scores[last][p] <= 90
    ]
    cands.sort(key=lambda p: (abs(scores[last][p] - 77), s.ids[p]))
    band = cands[:n_band]
    targets = (78, 76, 79, 75, 77)
    for j, p in enumerate(band):
        off = targets[j] - float(np.round(scores[last][p]))
        for d in snaps:
            scores[d][p] = np.clip(scores[d][p] + off, 20, 99)
        scores[last][p] = targets[j]
        if len(snaps) > 1:  # stays below the line the week before too
            scores[snaps[-2]][p] = min(scores[snaps[-2]][p], 79)
    high = [
        p for p in range(w.P) if live_now[p] and p not in new_now and p not in band and p not in ze
    ]
    fell = max(high, key=lambda p: (scores[last][p], s.ids[p])) if high and len(snaps) > 1 else None
    if fell is not None:
        before = scores[snaps[-2]][fell]
        q_by[last][fell] = max(1.0, round(quality[fell] - 1.6, 1))
        scores[last][fell] = min(before - 8, 79.0)
    head = ["统计日期", "产品ID", "产品名称", "产品类型", "产品分层", "成长分", "信息质量分"]
    rts = f["rts"]
    for d in snaps:
        t = w.t(d)
        rows = []
        for p in np.argsort(-scores[d], kind="stable").tolist():
            if not s.present[p, t]:
                continue
            sc = int(np.rint(scores[d][p]))
            new = publish[p] > 0 and (t - publish[p]) < 30
            tier = (
                "新品"
                if new
                else "爆品"
                if sc >= 90 and pct_by[d][p] >= 0.97
                else "实力优品"
                if sc >= 80
                else "潜力品"
                if sc >= 60
                else "低分品"
            )
            rows.append(
                [
                    d,
                    s.ids[p],
                    s.titles[p],
                    "交易品" if rts[p] else "商机品",
                    tier,
                    float(sc),
                    float(q_by[d][p]),
                ]
            )
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"product_scores-{d.isoformat()}.xlsx",
                "商品成长分",
                head,
                rows,
            )
        )
    w.shared["scores"] = {d: np.rint(scores[d]).astype(int) for d in snaps}
    parts = [f"{s.ids[p]}（{targets[j]} 分，差 {80 - targets[j]} 分）" for j, p in enumerate(band)]
    parts_en = [
        f"{s.ids[p]} ({targets[j]} points, {80 - targets[j]} short)" for j, p in enumerate(band)
    ]
    w.planted.append(
        {
            "what": f"实力优品冲刺：{len(band)} 个产品 {last} 成长分在 75–79 分，差一点到 80 分："
            + "、".join(parts),
            "what_en": f"Push to 实力优品: {len(band)} products at 75–79 growth points on {last}, just short of 80: "
            + "; ".join(parts_en),
            "where": f"sheets/product_scores-{last.isoformat()}.xlsx; weekly/{last.isoformat()}",
            "key": "score_band",
            "products": [s.ids[p] for p in band],
        }
    )
    if fell is not None:
        b4, now = int(np.rint(scores[snaps[-2]][fell])), int(np.rint(scores[last][fell]))
        w.planted.append(
            {
                "what": f"成长分下降：产品 {s.ids[fell]}（{s.titles[fell]}）从 {snaps[-2]} 的 {b4} 分降到 {last} 的 {now} 分，"
                f"同时信息质量分从 {quality[fell]:g} 降到 {q_by[last][fell]:g}（资料被改差了）",
                "what_en": f"Growth score fell: {s.ids[fell]} ({s.titles[fell]}) from {b4} on {snaps[-2]} to {now} on {last}; its "
                f"information quality fell with it, {quality[fell]:g} → {q_by[last][fell]:g}",
                "where": f"sheets/product_scores-{snaps[-2].isoformat()}.xlsx → sheets/product_scores-{last.isoformat()}.xlsx; weekly/{last.isoformat()}",
                "key": "score_fell",
                "product": s.ids[fell],
            }
        )


def zero_effect_sheet(w: World, v: Vocab) -> None:
    s = w.s
    z = w.shared["zero_day"]
    ze = w.shared["zero"]
    published = w.shared["published"]
    zd = w.shared["zero_days"]
    head = ["产品ID", "产品名称", "负责人", "发布时间", "零效果天数"]
    rows = [[s.ids[p], s.titles[p], s.owners[p], published[p], int(zd[p])] for p in ze]
    name = f"sheets/zero_effect-{z.isoformat()}.xlsx"
    if rows:
        w.jobs.append(sheet_job(w.exports / name, "零效果产品", head, rows))
    uniq, cov = w.shared["zero_unique"], w.shared["zero_covered"]
    non_ze = w.shared["non_ze_live"]
    if uniq:
        parts = [
            f"{s.ids[p]}（{s.titles[p]}，{int(zd[p])} 天无询盘/TM）独有的词「{g}」"
            for p, g in sorted(uniq.items())
        ]
        parts_en = [
            f"{s.ids[p]} ({s.titles[p]}, {int(zd[p])} days without inquiry or TM) alone holds '{g}'"
            for p, g in sorted(uniq.items())
        ]
        w.planted.append(
            {
                "what": "零效果产品（删除会丢词）：这些产品超过 90 天没有询盘和 TM 咨询，但它们的词没有其他产品覆盖，删除前要把词用到新标题里："
                + "；".join(parts),
                "what_en": "Zero-effect products whose words nobody else covers (no inquiry or TM chat for over 90 days; deleting "
                "them loses the word): " + "; ".join(parts_en),
                "where": f"{name}; monthly/{final_month(w.as_of)}; keyword library",
                "key": "zero_unique",
                "products": [s.ids[p] for p in sorted(uniq)],
                "words": [g for _, g in sorted(uniq.items())],
            }
        )
    if cov:
        parts, parts_en = [], []
        for p in cov:
            core = _parse_title(s.titles[p], int(w.cat_of[p]))[1].lower()
            other = next(o for o in non_ze if core in w.title_lower[o])
            parts.append(
                f"{s.ids[p]}（{int(zd[p])} 天；主词「{core}」仍由在线产品 {s.ids[other]} 覆盖）"
            )
            parts_en.append(
                f"{s.ids[p]} ({int(zd[p])} days; its main word '{core}' stays covered by live product {s.ids[other]})"
            )
        w.planted.append(
            {
                "what": "零效果产品（可安全删除）：这些产品的词都还有其他在线产品覆盖："
                + "、".join(parts),
                "what_en": "Zero-effect products that are safe to delete (every word of theirs is covered by another live product): "
                + "; ".join(parts_en),
                "where": f"{name}; monthly/{final_month(w.as_of)}",
                "key": "zero_covered",
                "products": [s.ids[p] for p in cov],
            }
        )


def showcase(w: World) -> None:
    rng = w.rng(18)
    s, f = w.s, w.s.facts
    slots = [p for p in range(w.P) if f["showcase"][p] and s.present[p, w.last]]
    slots.sort(key=lambda p: s.ids[p])
    rows = []
    for j, p in enumerate(slots, start=1):
        added = w.as_of - dt.timedelta(days=int(rng.integers(20, 400)))
        if f["publish"][p] > 0:
            added = max(added, w.day(int(f["publish"][p])) + dt.timedelta(days=1))
        rows.append([j, s.ids[p], min(added, w.as_of)])
    if rows:
        w.jobs.append(
            sheet_job(
                w.exports / "sheets" / f"showcase-{w.as_of.isoformat()}.xlsx",
                "橱窗",
                ["橱窗位置", "产品ID", "加入日期"],
                rows,
            )
        )


def new_products(w: World, v: Vocab) -> None:
    rng = w.rng(19)
    s, f = w.s, w.s.facts
    allowed = w.shared["allowed"]
    english = v.english()
    rows = []
    for p in sorted(f["new"], key=lambda p: (f["publish"][p], s.ids[p])):
        pub = w.day(int(f["publish"][p]))
        mine = [
            v.words[i]
            for i in range(v.W)
            if english[i] and v.kind[i] in ("core", "combo") and v.cov[i, p]
        ]
        if not mine:
            mine = [_parse_title(s.titles[p], int(w.cat_of[p]))[1].lower()]
        rows.append(
            [
                pub - dt.timedelta(days=int(rng.integers(3, 13))),
                s.titles[p],
                _CATEGORIES[int(w.cat_of[p])].zh,
                ", ".join(mine[:3]),
                "已发布",
                s.ids[p],
            ]
        )
    planned = set()
    peers = list(v.peers_planted)
    for j, i in enumerate(peers[: max(1, len(peers) // 2)]):
        c = int(v.cat[i])
        cat = _CATEGORIES[c]
        title = f"{rng.choice(cat.lead)} {v.words[i].title()} {rng.choice(cat.tail)}"
        kws = ", ".join(x for x in (v.words[i], f"{v.words[i]} wholesale") if allowed(x))
        rows.append([w.as_of + dt.timedelta(days=j - 2), title, cat.zh, kws, "待发布", None])
        planned.add(i)
    w.shared["planned_peers"] = planned
    head = ["计划日期", "产品名称", "类目", "目标关键词", "状态", "产品ID"]
    w.jobs.append(
        sheet_job(
            w.exports / "sheets" / f"new_products-{w.as_of.isoformat()}.xlsx",
            "新品计划",
            head,
            rows,
        )
    )


# --------------------------------------------------------------------------------------------
# What the sheets plant
# --------------------------------------------------------------------------------------------


def plant_sheets(w: World, recs: list[dict]) -> None:
    s, f = w.s, w.s.facts
    t = int(f["cat_t"])
    day = w.day(t)
    cat = _CATEGORIES[int(f["cat_drop"])]
    n_day: dict[int, int] = defaultdict(int)
    for r in recs:
        n_day[r["t"]] += 1
    before = [n_day[x] for x in range(t - 7, t)]
    med = float(np.median(before))
    reg = w.shared["regions"]
    us_now = int(reg[t][0][US])
    us_med = float(np.median([reg[x][0][US] for x in range(t - 7, t) if x in reg]))
    rest_now = int(reg[t][0].sum() - us_now)
    rest_med = float(
        np.median([reg[x][0].sum() - reg[x][0][US] for x in range(t - 7, t) if x in reg])
    )
    names, table = w.shared["channels"]
    hit = [names.index(n) for n in SEARCH_CHANNELS]
    other = [j for j in range(len(names)) if j not in hit]
    srch_now = int(table[t][0][hit].sum())
    srch_med = float(np.median([table[x][0][hit].sum() for x in range(t - 7, t) if x in table]))
    oth_now = int(table[t][0][other].sum())
    oth_med = float(np.median([table[x][0][other].sum() for x in range(t - 7, t) if x in table]))
    us_inq = int(reg[t][3][US])
    ch = lambda a, b: f"{a / b - 1:+.0%}" if b else "n/a"  # noqa: E731
    dropped = n_day[t] < 0.8 * med
    lead = "询盘下降及原因" if dropped else "流量下降原因"
    lead_en = "Inquiry drop and its cause" if dropped else "Cause of the traffic drop"
    saturday = week_end(day)
    span_end = next(e for a, e in w.sheet_spans if a <= day <= e)
    w.planted.append(
        {
            "what": f"{lead}：{day} 询盘 {n_day[t]} 条（前 7 天中位数 {med:g}）。原因是类目「{cat.zh}」当天在美国的搜索排名掉了："
            f"美国搜索曝光 {us_now}（前 7 天中位数 {us_med:g}，{ch(us_now, us_med)}），其他国家合计 {rest_now}（{ch(rest_now, rest_med)}）；"
            f"美国询盘人数 {us_inq}；渠道上 搜索+外贸直通车 访客 {srch_now}（{ch(srch_now, srch_med)}），"
            f"其他渠道 {oth_now}（{ch(oth_now, oth_med)}）",
            "what_en": f"{lead_en}: {n_day[t]} inquiries on {day} (median {med:g} in the 7 days before). The category {cat.en} lost "
            f"its US search ranking that day: US search impressions {us_now} (median {us_med:g}, {ch(us_now, us_med)}), all other "
            f"countries {rest_now} ({ch(rest_now, rest_med)}); US inquiring buyers {us_inq}; channels 搜索 + 外贸直通车 "
            f"{srch_now} visitors ({ch(srch_now, srch_med)}), the other channels {oth_now} ({ch(oth_now, oth_med)})",
            "where": f"daily/{day}; sheets/inquiries-{span_end}.xlsx; sheets/regions-{span_end}.xlsx; "
            f"sheets/traffic_sources-{span_end}.xlsx; weekly/{saturday}",
            "key": "inquiry_drop",
            "day": day.isoformat(),
            "category": cat.zh,
            "inquiry_drop": dropped,
        }
    )
    plant = w.shared["inq_plant"]
    if plant["pairs"]:
        parts = [
            f"买家 {r1['buyer']['name']}（{COUNTRIES[r1['ci']][0]}）在 {r1['day']} 和 {r2['day']} 两次询价产品 {s.ids[r1['p']]}"
            f"（询盘ID {r1['id']}、{r2['id']}）"
            for r1, r2 in plant["pairs"]
        ]
        parts_en = [
            f"{r1['buyer']['name']} ({COUNTRIES[r1['ci']][1]}) asked about {s.ids[r1['p']]} on {r1['day']} and again on "
            f"{r2['day']} (ids {r1['id']}, {r2['id']})"
            for r1, r2 in plant["pairs"]
        ]
        w.planted.append(
            {
                "what": "重复询盘（同一买家 7 天内对同一产品再次询盘）：" + "；".join(parts),
                "what_en": "Duplicate inquiries (same buyer, same product, within 7 days): "
                + "; ".join(parts_en),
                "where": "; ".join(
                    sorted(
                        {
                            f"sheets/inquiries-{next(e for a, e in w.sheet_spans if a <= r['day'] <= e)}.xlsx"
                            for pair in plant["pairs"]
                            for r in pair
                        }
                    )
                )
                + "; daily pages of those days",
                "key": "duplicates",
                "ids": [[r1["id"], r2["id"]] for r1, r2 in plant["pairs"]],
            }
        )
    if plant["templates"]:
        tpl = plant["templates"]
        days = sorted({r["day"] for r in tpl})
        w.planted.append(
            {
                "what": f"模板询盘：{len(tpl)} 个不同买家（{'、'.join(sorted({COUNTRIES[r['ci']][0] for r in tpl}))}，均为 L0）在 "
                f"{days[0]}~{days[-1]} 发来几乎一样的通用内容「{TEMPLATES[0]}」（询盘ID {'、'.join(r['id'] for r in tpl)}）",
                "what_en": f"Template inquiries: {len(tpl)} different L0 buyers sent near-identical generic text between {days[0]} and "
                f'{days[-1]}: "{TEMPLATES[0]}" (ids {", ".join(r["id"] for r in tpl)})',
                "where": "; ".join(
                    sorted(
                        {
                            f"sheets/inquiries-{next(e for a, e in w.sheet_spans if a <= r['day'] <= e)}.xlsx"
                            for r in tpl
                        }
                    )
                )
                + "; daily pages of those days",
                "key": "templates",
                "ids": [r["id"] for r in tpl],
            }
        )
    waiting = plant["waiting"]
    if waiting:
        by_owner: dict[str, int] = defaultdict(int)
        for r in waiting:
            by_owner[r["owner"]] += 1
        txt = "、".join(
            f"{o} {n} 条" for o, n in sorted(by_owner.items(), key=lambda x: (-x[1], x[0]))
        )
        txt_en = ", ".join(
            f"{o} {n}" for o, n in sorted(by_owner.items(), key=lambda x: (-x[1], x[0]))
        )
        w.planted.append(
            {
                "what": f"超过 24 小时未回复的询盘（截至 {w.as_of} 北京时间日末）：共 {len(waiting)} 条，按负责人：{txt}",
                "what_en": f"Inquiries unreplied for more than 24 hours (at the end of {w.as_of}, China time): {len(waiting)}, by owner: {txt_en}",
                "where": f"sheets/inquiries-{w.sheet_spans[-1][1]}.xlsx; daily/{w.as_of}",
                "key": "unreplied",
                "ids": [r["id"] for r in waiting],
            }
        )
    # a Spanish-speaking market rising: suggest multi-language products
    last = w.last
    a = [reg[x][0][MEXICO] for x in range(last - 27, last + 1) if x in reg]
    b = [reg[x][0][MEXICO] for x in range(last - 55, last - 27) if x in reg]
    if a and b and sum(b) > 0:
        w.planted.append(
            {
                "what": f"墨西哥（西班牙语市场）搜索曝光上升：最近 4 周 {sum(a)}，前 4 周 {sum(b)}（{sum(a) / sum(b) - 1:+.0%}）——建议发布西班牙语多语言产品",
                "what_en": f"Mexico (a Spanish-language market) rising: {sum(a)} search impressions in the last 4 weeks vs {sum(b)} "
                f"in the 4 before ({sum(a) / sum(b) - 1:+.0%}) — publish Spanish multi-language products",
                "where": f"sheets/regions-*.xlsx (last 8 weeks); weekly/{w.weeks[-1][1] if w.weeks else w.as_of}",
                "key": "country_rising",
            }
        )
