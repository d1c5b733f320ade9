"""What the operator sheets share: the countries and channels, the inquiry texts, the buyer
types, and the helpers that split a day's numbers among them."""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from ..common import COUNTRIES, MEXICO, World

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
