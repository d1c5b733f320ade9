"""Robot webhook addresses, signing secrets and mail passwords are credentials: whoever holds
one can post to the team's group. They never reach a page, a log line or an error message as
they are: :func:`mask_url` keeps the host and path (enough to tell which robot) and hides every
query value; :func:`redact` takes any text (an exception's message, a server's reply) and
replaces each secret it holds."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

MASK = "***"


def mask_url(url: str) -> str:
    """``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***``: the scheme, host and path
    of a webhook, each query value masked; a Feishu hook (its token is the last path part)
    keeps only the path up to it. '' for ''."""
    text = url.strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return MASK
    if not parts.hostname:
        return MASK
    path = parts.path
    if "/hook/" in path:  # open.feishu.cn/open-apis/bot/v2/hook/<token>
        path = path.split("/hook/", 1)[0] + "/hook/" + MASK
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    out = f"{parts.scheme}://{host}{path}"
    if parts.query:
        keys = [q.split("=", 1)[0] for q in parts.query.split("&") if q]
        out += "?" + "&".join(f"{k}={MASK}" for k in keys)
    return out


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (and every webhook's query and token) replaced by ***."""
    out = str(text)
    for secret in sorted({s.strip() for s in secrets if s and s.strip()}, key=len, reverse=True):
        out = out.replace(secret, mask_url(secret) if "://" in secret else MASK)
        if "://" in secret:
            parts = urlsplit(secret)
            for q in parts.query.split("&"):
                value = q.split("=", 1)[-1] if "=" in q else ""
                if len(value) >= 4:
                    out = out.replace(value, MASK)
            token = parts.path.rsplit("/", 1)[-1]
            if len(token) >= 8:
                out = out.replace(token, MASK)
    return out
