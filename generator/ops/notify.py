"""Push the morning (render/notify.py) to the team's group chats and mailboxes: a 企业微信
(WeCom) group robot, a 钉钉 (DingTalk) custom robot with its 加签 signature, a 飞书 (Feishu /
Lark) custom bot with its signature, and an HTML mail over SMTP with the trend chart inline.

Each channel whose setting is filled is tried; a failed push is retried with back-off
(:data:`DELAYS`, injectable) and never raises: the build it follows has succeeded whatever
the chat says. The last result of each channel is kept in the store (``meta``, read back for
the build-status page) and logged — addresses and secrets masked (foundation/secrets.py).

The pipeline saves each build's morning as ``store/morning.json``; the scheduler pushes it
after a daily build, ``opsreport notify`` pushes the last one again.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from ..config import Settings, Workspace
from ..foundation.secrets import mask_url, redact
from ..render.notify import Morning, chat_markdown, email_html, email_text, feishu_post
from ..store import open_store
from .runs import Clock, store_lock, utc_now

log = logging.getLogger("opsreport.notify")

MORNING_FILE = "morning.json"
DELAYS: tuple[float, ...] = (2.0, 8.0)  # seconds before the 2nd and 3rd attempt
TIMEOUT = 15.0  # seconds per HTTP request or SMTP conversation
# the platforms' limits (their robot documentation)
WECOM_MARKDOWN_BYTES = 4096
WECOM_IMAGE_BYTES = 2 * 1024 * 1024
DINGTALK_BYTES = 20000
FEISHU_BODY_BYTES = 30 * 1024
FEISHU_CONTENT_BYTES = FEISHU_BODY_BYTES - 1024  # room for msg_type, timestamp and sign

Sleep = Callable[[float], None]


class PushError(Exception):
    """A push the platform refused or could not be reached (the message is masked)."""


@dataclass
class PushResult:
    channel: str
    ok: bool
    attempts: int
    target: str  # the address, masked
    detail: str = ""  # the platform's answer or the error, masked

    def record(self, at: dt.datetime) -> dict[str, Any]:
        naive = at.astimezone(dt.UTC).replace(tzinfo=None)
        return {
            "at": naive.isoformat(timespec="seconds"),
            "ok": self.ok,
            "attempts": self.attempts,
            "target": self.target,
            "detail": self.detail,
        }


# -- the morning between the build and the push -----------------------------------------------
def save_morning(workspace: Workspace, morning: Morning | None) -> None:
    """Keep the build's morning for the push (``opsreport notify`` sends it again)."""
    path = workspace.store_dir / MORNING_FILE
    if morning is None:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(morning.to_json(), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_morning(workspace: Workspace) -> Morning | None:
    path = workspace.store_dir / MORNING_FILE
    try:
        return Morning.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


# -- signatures --------------------------------------------------------------------------------
def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64,
    URL-encoded (the value of ``&sign=``)."""
    text = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), text, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def dingtalk_url(webhook: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return webhook
    sign = dingtalk_sign(secret, timestamp_ms)
    joiner = "&" if "?" in webhook else "?"
    return f"{webhook}{joiner}timestamp={timestamp_ms}&sign={sign}"


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature: HMAC-SHA256 keyed by "timestamp\\nsecret" over an empty message,
    base64 (``sign`` in the JSON body, beside ``timestamp`` in seconds)."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


# -- HTTP ----------------------------------------------------------------------------------------
def post_json(url: str, payload: dict[str, Any], ok: Callable[[dict[str, Any]], bool]) -> str:
    """POST ``payload`` as JSON; the platform's answer when ``ok(answer)``, else
    :class:`PushError` (HTTP errors and unreadable answers too)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            text = resp.read(65536).decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        raise PushError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise PushError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
    try:
        answer = json.loads(text)
    except ValueError:
        raise PushError(f"not a JSON answer: {text[:200]!r}") from None
    if not isinstance(answer, dict) or not ok(answer):
        raise PushError(f"refused: {text[:300]}")
    return text[:300]


def _errcode_ok(answer: dict[str, Any]) -> bool:  # WeCom, DingTalk: {"errcode": 0, …}
    return answer.get("errcode") == 0


def _code_ok(answer: dict[str, Any]) -> bool:  # Feishu: {"code": 0, …} (older: StatusCode)
    return answer.get("code", answer.get("StatusCode")) == 0


# -- the channels -----------------------------------------------------------------------------------
def chart_png(spec: dict[str, Any] | None) -> bytes | None:
    """The trend chart as PNG (vl-convert), or None when there is none or it cannot be drawn."""
    if not spec:
        return None
    try:
        import vl_convert

        return bytes(vl_convert.vegalite_to_png(spec, scale=2))
    except Exception as exc:  # a chart is a nice-to-have: the text goes out without it
        log.warning("the trend chart could not be drawn for the push: %s", exc)
        return None


def send_wecom(s: Settings, m: Morning, png: bytes | None, now: Clock) -> str:
    url = s.notify_wecom_webhook
    text = chat_markdown(m, WECOM_MARKDOWN_BYTES)
    answer = post_json(url, {"msgtype": "markdown", "markdown": {"content": text}}, _errcode_ok)
    if png is not None and len(png) <= WECOM_IMAGE_BYTES:
        image = {"base64": base64.b64encode(png).decode(), "md5": hashlib.md5(png).hexdigest()}
        post_json(url, {"msgtype": "image", "image": image}, _errcode_ok)
    return answer


def send_dingtalk(s: Settings, m: Morning, png: bytes | None, now: Clock) -> str:
    ts = int(now().timestamp() * 1000)
    url = dingtalk_url(s.notify_dingtalk_webhook, s.notify_dingtalk_secret, ts)
    frame = {"msgtype": "markdown", "markdown": {"title": m.title, "text": ""}}
    # the whole body counts: leave the title and the JSON around the text their room (the
    # text's quotes and line breaks are escaped in JSON: counted on its JSON form below)
    room = DINGTALK_BYTES - len(json.dumps(frame, ensure_ascii=False).encode()) - 64
    text = chat_markdown(m, room)
    escapes = len(json.dumps(text, ensure_ascii=False).encode()) - len(text.encode())
    if escapes > 64:
        text = chat_markdown(m, room - escapes)
    payload = {"msgtype": "markdown", "markdown": {"title": m.title, "text": text}}
    return post_json(url, payload, _errcode_ok)


def send_feishu(s: Settings, m: Morning, png: bytes | None, now: Clock) -> str:
    payload: dict[str, Any] = {"msg_type": "post", "content": feishu_post(m, FEISHU_CONTENT_BYTES)}
    if s.notify_feishu_secret:
        ts = int(now().timestamp())
        payload = {"timestamp": str(ts), "sign": feishu_sign(s.notify_feishu_secret, ts), **payload}
    return post_json(s.notify_feishu_webhook, payload, _code_ok)


def send_email(s: Settings, m: Morning, png: bytes | None, now: Clock) -> str:
    sender = s.smtp_from or s.smtp_user
    msg = EmailMessage()
    msg["Subject"] = m.title
    msg["From"] = sender
    msg["To"] = ", ".join(s.notify_email_to)
    msg.set_content(email_text(m))
    cid = make_msgid(domain="opsreport") if png is not None else None
    msg.add_alternative(email_html(m, cid[1:-1] if cid else None), subtype="html")
    if png is not None and cid:
        html_part = msg.get_payload()[1]  # type: ignore[index]
        assert isinstance(html_part, EmailMessage)
        html_part.add_related(png, maintype="image", subtype="png", cid=cid, filename="trend.png")
    try:
        if s.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.smtp_host, s.smtp_port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=TIMEOUT)
        with smtp:
            if s.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
            refused = smtp.send_message(msg, from_addr=sender, to_addrs=list(s.notify_email_to))
    except (smtplib.SMTPException, OSError) as exc:
        raise PushError(f"{type(exc).__name__}: {exc}") from None
    if refused:
        raise PushError(f"refused recipients: {', '.join(refused)}")
    return f"sent to {len(s.notify_email_to)} recipient(s)"


Sender = Callable[[Settings, Morning, "bytes | None", Clock], str]
CHANNELS: dict[str, Sender] = {
    "wecom": send_wecom,
    "dingtalk": send_dingtalk,
    "feishu": send_feishu,
    "email": send_email,
}


def channels(s: Settings) -> list[str]:
    """The channels whose settings are filled, in order."""
    on = {
        "wecom": bool(s.notify_wecom_webhook.strip()),
        "dingtalk": bool(s.notify_dingtalk_webhook.strip()),
        "feishu": bool(s.notify_feishu_webhook.strip()),
        "email": bool(s.notify_email_to and s.smtp_host.strip()),
    }
    return [c for c in CHANNELS if on[c]]


def secrets_of(s: Settings) -> list[str]:
    return [
        s.notify_wecom_webhook,
        s.notify_dingtalk_webhook,
        s.notify_dingtalk_secret,
        s.notify_feishu_webhook,
        s.notify_feishu_secret,
        s.smtp_password,
    ]


def target_of(s: Settings, channel: str) -> str:
    if channel == "email":
        return f"smtp://{s.smtp_host}:{s.smtp_port} → {len(s.notify_email_to)}"
    return mask_url(getattr(s, f"notify_{channel}_webhook"))


def push_channel(
    s: Settings,
    channel: str,
    m: Morning,
    png: bytes | None,
    *,
    delays: Sequence[float] = DELAYS,
    sleep: Sleep = time.sleep,
    now: Clock = utc_now,
) -> PushResult:
    """One channel, tried ``len(delays) + 1`` times with those waits between; never raises."""
    send = CHANNELS[channel]
    secrets = secrets_of(s)
    target = target_of(s, channel)
    detail = ""
    for attempt in range(1, len(delays) + 2):
        try:
            answer = send(s, m, png, now)
        except Exception as exc:  # a chat that fails must not fail anything else
            detail = redact(
                str(exc) if isinstance(exc, PushError) else f"{type(exc).__name__}: {exc}", secrets
            )
            log.warning("push to %s (%s) failed, attempt %d: %s", channel, target, attempt, detail)
            if attempt <= len(delays):
                sleep(delays[attempt - 1])
            continue
        return PushResult(channel, True, attempt, target, redact(answer, secrets))
    return PushResult(channel, False, len(delays) + 1, target, detail)


def push_morning(
    workspace: Workspace,
    settings: Settings,
    morning: Morning | None,
    *,
    delays: Sequence[float] = DELAYS,
    sleep: Sleep = time.sleep,
    now: Clock = utc_now,
    only: Sequence[str] | None = None,
) -> list[PushResult]:
    """Push ``morning`` to every configured channel (or ``only`` those), record each result
    in the store and log it masked. Never raises for a failed push."""
    names = [c for c in channels(settings) if only is None or c in only]
    if morning is None or not names:
        return []
    png = chart_png(morning.chart) if {"wecom", "email"} & set(names) else None
    results = [
        push_channel(settings, c, morning, png, delays=delays, sleep=sleep, now=now) for c in names
    ]
    for r in results:
        log.info(
            "push to %s (%s): %s after %d attempt(s)",
            r.channel,
            r.target,
            "sent" if r.ok else "failed",
            r.attempts,
        )
    record_pushes(workspace, results, now())
    return results


def record_pushes(workspace: Workspace, results: list[PushResult], at: dt.datetime) -> None:
    """Keep each channel's last result in the store, for the build-status page."""
    try:
        with store_lock(workspace.store_dir), open_store(workspace.db_path, kinds=False) as store:
            for r in results:
                store.note_push(r.channel, r.record(at))
    except Exception as exc:  # the push happened; only its record is lost
        log.warning("could not record the push results in the store: %s", exc)


def morning_path(workspace: Workspace) -> Path:
    return workspace.store_dir / MORNING_FILE
