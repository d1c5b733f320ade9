"""The morning pushed to group chats and mailed (issue 18): a local HTTP server plays WeCom,
DingTalk and Feishu — it checks each payload's shape, size and signature (recomputed here) and
answers as the platform does — and a local aiosmtpd server receives the mail. A failing server
proves the retry; `opsreport schedule --once` pushes after its real daily build; no address or
secret reaches the site or the log."""

from __future__ import annotations

import base64
import datetime as dt
import email
import hashlib
import hmac
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

from generator.config import Settings, Workspace, load_settings, make_settings
from generator.foundation.errors import ConfigError
from generator.foundation.secrets import mask_url
from generator.ops.notify import push_channel, push_morning
from generator.render.notify import Item, Kpi, Morning, chat_markdown, feishu_post
from generator.store import open_store

DING_SECRET = "SECdingdingsecret0123456789abcdef"
FEISHU_SECRET = "feishusecretQWERTY123"
WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING_TOKEN = "dingtoken98975521a1b23c02cdd1"
FEISHU_TOKEN = "feishu-hook-token-abcdef123456"
SMTP_PASSWORD = "smtp-pass-Zx9!"


class Platforms(BaseHTTPRequestHandler):
    """WeCom, DingTalk and Feishu, as far as their robots' webhooks go."""

    server: Any

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        body = json.loads(raw)
        self.server.seen.append((url.path, query, body, len(raw)))
        if url.path == "/flaky":
            self.server.flaky -= 1
            if self.server.flaky >= 0:
                self.answer(500, {"error": "busy"})
                return
            self.answer(200, {"errcode": 0, "errmsg": "ok"})
        elif url.path == "/cgi-bin/webhook/send":
            self.answer(200, wecom(query, body))
        elif url.path == "/robot/send":
            self.answer(200, dingtalk(query, body, self.server.ding_secret))
        elif url.path.startswith("/open-apis/bot/v2/hook/"):
            self.answer(200, feishu(url.path, body, self.server.feishu_secret, len(raw)))
        else:
            self.answer(404, {"errcode": 404, "errmsg": "no such robot"})


def wecom(query: dict[str, list[str]], body: dict[str, Any]) -> dict[str, Any]:
    if query.get("key") != [WECOM_KEY]:
        return {"errcode": 93000, "errmsg": "invalid webhook url"}
    if body.get("msgtype") == "markdown":
        content = body["markdown"]["content"]
        if not content or len(content.encode()) > 4096:
            return {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        return {"errcode": 0, "errmsg": "ok"}
    if body.get("msgtype") == "image":
        png = base64.b64decode(body["image"]["base64"], validate=True)
        if hashlib.md5(png).hexdigest() != body["image"]["md5"]:
            return {"errcode": 301019, "errmsg": "media md5 not match"}
        if len(png) > 2 * 1024 * 1024 or not png.startswith(b"\x89PNG"):
            return {"errcode": 40009, "errmsg": "invalid image size"}
        return {"errcode": 0, "errmsg": "ok"}
    return {"errcode": 40008, "errmsg": "invalid message type"}


def dingtalk(query: dict[str, list[str]], body: dict[str, Any], secret: str) -> dict[str, Any]:
    if query.get("access_token") != [DING_TOKEN]:
        return {"errcode": 300001, "errmsg": "token is not exist"}
    ts = query["timestamp"][0]
    if abs(time.time() * 1000 - int(ts)) > 3600_000:
        return {"errcode": 310000, "errmsg": "sign not match, more: timestamp too old"}
    want = base64.b64encode(
        hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    # parse_qs decoded the URL-encoded sign once: it must be the base64 itself
    if query["sign"] != [want]:
        return {"errcode": 310000, "errmsg": "sign not match"}
    md = body.get("markdown", {})
    if body.get("msgtype") != "markdown" or not md.get("title") or not md.get("text"):
        return {"errcode": 40035, "errmsg": "缺少参数 json"}
    if len(json.dumps(body, ensure_ascii=False).encode()) > 20000:
        return {"errcode": 460101, "errmsg": "message too long, exceed 20000 bytes"}
    return {"errcode": 0, "errmsg": "ok"}


def feishu(path: str, body: dict[str, Any], secret: str, size: int) -> dict[str, Any]:
    if not path.endswith("/" + FEISHU_TOKEN):
        return {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
    ts = body.get("timestamp", "0")
    key = f"{ts}\n{secret}".encode()
    want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    if body.get("sign") != want or abs(time.time() - int(ts)) > 3600:
        return {
            "code": 19021,
            "msg": "sign match fail or timestamp is not within one hour from current time",
        }
    if size > 30 * 1024:
        return {"code": 9499, "msg": "request body too large"}
    post = body.get("content", {}).get("post", {}).get("zh_cn", {})
    ok = body.get("msg_type") == "post" and post.get("title") and post.get("content")
    tags = {el.get("tag") for para in post.get("content", []) for el in para}
    if not ok or not tags <= {"text", "a", "at", "img"}:
        return {"code": 9499, "msg": "Bad Request"}
    return {"code": 0, "msg": "success", "data": {}}


@pytest.fixture(scope="module")
def platforms() -> Iterator[Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Platforms)
    server.seen = []  # type: ignore[attr-defined]
    server.flaky = 0  # type: ignore[attr-defined]
    server.ding_secret = DING_SECRET  # type: ignore[attr-defined]
    server.feishu_secret = FEISHU_SECRET  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def base_url(server: Any) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def robot_settings(server: Any, **more: Any) -> dict[str, Any]:
    base = base_url(server)
    return {
        "notify_wecom_webhook": f"{base}/cgi-bin/webhook/send?key={WECOM_KEY}",
        "notify_dingtalk_webhook": f"{base}/robot/send?access_token={DING_TOKEN}",
        "notify_dingtalk_secret": DING_SECRET,
        "notify_feishu_webhook": f"{base}/open-apis/bot/v2/hook/{FEISHU_TOKEN}",
        "notify_feishu_secret": FEISHU_SECRET,
        **more,
    }


TINY_CHART = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"d": "11-20", "v": 3}, {"d": "11-21", "v": 5}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "d", "type": "ordinal"},
        "y": {"field": "v", "type": "quantitative"},
    },
}


def morning(n_items: int = 3, text: str = "回复 2 条询盘", **kw: Any) -> Morning:
    return Morning(
        lang="zh",
        day="2026-11-21",
        title="示例店 · 2026-11-21 早报",
        url="http://192.168.1.20:8000/daily/2026-11-21.html",
        link_text="打开 2026-11-21 日报",
        todo_title="今日待办（前 5 条）",
        todo=[
            Item(f"{i}. {text}", f"http://192.168.1.20:8000/daily/2026-11-21.html#t{i}")
            for i in range(n_items)
        ],
        todo_more="其余 4 条见日报",
        todo_none="今天没有待办。",
        kpi_title="核心指标",
        kpis=[Kpi("搜索曝光", "1,709", "正常 +5.2% · 基线 1,625", "normal")],
        open_inquiries="待回复询盘：2 条超过 24 小时未回复",
        open_count=2,
        chart_title="搜索曝光 · 近 42 天趋势",
        chart=kw.pop("chart", TINY_CHART),
        cut_note="（消息过长，其余见日报）",
        **kw,
    )


def no_sleep(_: float) -> None:
    pass


def test_each_robot_gets_its_own_payload_and_signature(platforms: Any, tmp_path: Path) -> None:
    platforms.seen.clear()
    ws = Workspace(tmp_path)
    ws.store_dir.mkdir()
    s = make_settings(robot_settings(platforms))
    results = push_morning(ws, s, morning(), delays=(0, 0), sleep=no_sleep)
    assert [(r.channel, r.ok, r.attempts) for r in results] == [
        ("wecom", True, 1),
        ("dingtalk", True, 1),
        ("feishu", True, 1),
    ], [r.detail for r in results]
    paths = [p for p, *_ in platforms.seen]
    # WeCom: the markdown, then the chart as an image (checked: base64, md5, PNG)
    assert paths == [
        "/cgi-bin/webhook/send",
        "/cgi-bin/webhook/send",
        "/robot/send",
        f"/open-apis/bot/v2/hook/{FEISHU_TOKEN}",
    ]
    assert [b["msgtype"] for p, _, b, _ in platforms.seen[:2]] == ["markdown", "image"]
    text = platforms.seen[0][2]["markdown"]["content"]
    assert "1. 0. 回复 2 条询盘" in text and "**1,709**" in text
    assert "[打开 2026-11-21 日报](http://192.168.1.20:8000/daily/2026-11-21.html)" in text
    assert "待回复询盘：2 条" in text
    # the results are kept for the build-status page, addresses masked
    with open_store(ws.db_path, kinds=False) as store:
        kept = store.pushes()
    assert set(kept) == {"wecom", "dingtalk", "feishu"}
    assert kept["wecom"]["ok"] and kept["wecom"]["target"].endswith("/cgi-bin/webhook/send?key=***")
    assert WECOM_KEY not in json.dumps(kept) and FEISHU_TOKEN not in json.dumps(kept)


def test_a_wrong_secret_is_refused_retried_and_reported_without_the_secret(
    platforms: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "SECnotthesecretatall999"
    s = make_settings(robot_settings(platforms, notify_dingtalk_secret=wrong))
    waits: list[float] = []
    with caplog.at_level(logging.INFO, logger="opsreport.notify"):
        got = push_channel(s, "dingtalk", morning(), None, delays=(0.1, 0.4), sleep=waits.append)
    assert not got.ok and got.attempts == 3 and waits == [0.1, 0.4]
    assert "sign not match" in got.detail
    shown = caplog.text + got.detail + got.target
    assert "sign not match" in caplog.text
    for secret in (wrong, DING_TOKEN, quote_plus(wrong)):
        assert secret not in shown
    assert got.target.endswith("/robot/send?access_token=***")


def test_a_server_error_is_retried_with_back_off_until_it_answers(
    platforms: Any, tmp_path: Path
) -> None:
    platforms.flaky = 1  # one 500, then ok
    s = make_settings({"notify_wecom_webhook": f"{base_url(platforms)}/flaky"})
    waits: list[float] = []
    got = push_channel(s, "wecom", morning(chart=None), None, delays=(0.5, 2.0), sleep=waits.append)
    assert got.ok and got.attempts == 2 and waits == [0.5]
    platforms.flaky = 5  # never recovers within the attempts: failed, not raised
    got = push_channel(s, "wecom", morning(chart=None), None, delays=(0, 0), sleep=no_sleep)
    assert not got.ok and got.attempts == 3 and "HTTP 500" in got.detail
    platforms.flaky = 0


def test_unreachable_robot_fails_quietly() -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = make_settings({"notify_feishu_webhook": f"http://127.0.0.1:{port}/open-apis/bot/v2/hook/x"})
    got = push_channel(s, "feishu", morning(), None, delays=(0,), sleep=no_sleep)
    assert not got.ok and got.attempts == 2 and "refused" in got.detail.lower()


def test_messages_fit_the_platform_limits_and_cut_between_characters() -> None:
    long = morning(n_items=5, text="户外露营帐篷防水加厚" * 60)  # 5 × 600 characters
    text = chat_markdown(long, 4096)
    assert len(text.encode()) <= 4096
    assert "（消息过长，其余见日报）" in text  # whole items dropped, said so
    assert text.endswith("(http://192.168.1.20:8000/daily/2026-11-21.html)")  # the link stays
    text.encode("utf-8").decode("utf-8")  # no half character
    post = feishu_post(long, 2000)
    assert len(json.dumps(post, ensure_ascii=False).encode()) <= 2000
    # a short one is not cut
    assert "消息过长" not in chat_markdown(morning(), 4096)


def test_untrusted_text_cannot_make_links_mentions_or_bold() -> None:
    m = morning(text="[点我](http://evil.example) <@all> **急** `x`")
    text = chat_markdown(m, 4096)
    assert "](http://evil.example)" not in text and "<@all>" not in text
    assert "**急**" not in text and "［点我］" in text
    post = json.dumps(feishu_post(m, 30000), ensure_ascii=False)
    assert '"tag": "a", "text": "↗"' in post and "evil.example" in post  # as plain text only


def test_mail_is_html_with_the_chart_inline(tmp_path: Path) -> None:
    from aiosmtpd.controller import Controller

    got: list[Message] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            got.append(email.message_from_bytes(envelope.content))
            got[-1]["X-Rcpt"] = ",".join(envelope.rcpt_tos)
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        s = make_settings(
            {
                "notify_email_to": ["ops@example.com", "boss@example.com"],
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_tls": "none",
                "smtp_from": "report@example.com",
            }
        )
        ws = Workspace(tmp_path)
        ws.store_dir.mkdir()
        m = morning(text="<script>alert(1)</script> 回复询盘")
        results = push_morning(ws, s, m, delays=(0,), sleep=no_sleep)
    finally:
        controller.stop()
    assert [(r.channel, r.ok) for r in results] == [("email", True)], results
    (mail,) = got
    assert mail["X-Rcpt"] == "ops@example.com,boss@example.com"
    assert "2026-11-21" in str(
        email.header.make_header(email.header.decode_header(mail["Subject"]))
    )
    parts = {p.get_content_type(): p for p in mail.walk()}
    assert {"text/plain", "text/html", "image/png"} <= set(parts)
    page = parts["text/html"].get_payload(decode=True).decode()
    cid = parts["image/png"]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in page  # the chart inline, not an attachment to open
    assert parts["image/png"].get_payload(decode=True).startswith(b"\x89PNG")
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert "http://192.168.1.20:8000/daily/2026-11-21.html" in page


def test_secrets_come_from_the_environment_and_errors_mask_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(tmp_path)
    ws.config_file.write_text('notify_dingtalk_secret = "from-file"\n', encoding="utf-8")
    monkeypatch.setenv("OPSREPORT_NOTIFY_DINGTALK_SECRET", DING_SECRET)
    monkeypatch.setenv("OPSREPORT_SMTP_PASSWORD", SMTP_PASSWORD)
    s = load_settings(ws)
    assert s.notify_dingtalk_secret == DING_SECRET and s.smtp_password == SMTP_PASSWORD
    monkeypatch.setenv(
        "OPSREPORT_NOTIFY_WECOM_WEBHOOK", f"qyapi.weixin.qq.com/send?key={WECOM_KEY}"
    )
    with pytest.raises(ConfigError) as err:
        load_settings(ws)
    assert "notify_wecom_webhook" in str(err.value) and WECOM_KEY not in str(err.value)
    assert (
        mask_url(f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}")
        == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***"
    )
    assert Settings().notify_wecom_webhook == ""  # off by default
    # written by mistake under a table: the error names the table, not the secret
    monkeypatch.delenv("OPSREPORT_NOTIFY_WECOM_WEBHOOK")
    ws.config_file.write_text(f'[categories]\nnotify_feishu_secret = "{FEISHU_SECRET}"\n', "utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(ws)
    assert "categories" in str(err.value) and FEISHU_SECRET not in str(err.value)


def test_schedule_once_pushes_after_the_daily_build_and_keeps_secrets_out_of_site_and_log(
    copy_demo: Any,
    platforms: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from click.testing import CliRunner

    from generator import scheduler
    from generator.cli import main

    archived: list[dt.date] = []
    monkeypatch.setattr(
        scheduler, "archive_month", lambda ws, s, as_of, today=None: archived.append(as_of)
    )
    ws = copy_demo.workspace
    before = (ws.site / "index.html").stat().st_mtime_ns
    settings = robot_settings(platforms)
    config = ws.config_file.read_text(encoding="utf-8")
    for name in ("notify_wecom_webhook", "notify_feishu_webhook", "notify_feishu_secret"):
        # the webhooks in the file (opsreport init wrote them empty) …
        config = re.sub(f"^{name} = .*$", f'{name} = "{settings[name]}"', config, flags=re.M)
    ws.config_file.write_text(config, encoding="utf-8")
    # … the DingTalk robot and its secret from the environment
    monkeypatch.setenv("OPSREPORT_NOTIFY_DINGTALK_WEBHOOK", settings["notify_dingtalk_webhook"])
    monkeypatch.setenv("OPSREPORT_NOTIFY_DINGTALK_SECRET", DING_SECRET)
    monkeypatch.setattr("generator.ops.notify.DELAYS", (0.0, 0.0))
    # a push before the build (`opsreport notify`, the fixture's morning) that the Feishu bot
    # refuses: the build-status page the scheduled build writes shows it
    platforms.feishu_secret = "another-secret"
    first = CliRunner().invoke(main, ["notify", "--workspace", str(ws.root)])
    platforms.feishu_secret = FEISHU_SECRET
    assert first.exit_code == 1, first.output
    assert "飞书" in first.output and "sign match fail" in first.output
    platforms.seen.clear()
    with caplog.at_level(logging.INFO):
        got = CliRunner().invoke(main, ["schedule", "--workspace", str(ws.root), "--once"])
    assert got.exit_code == 0, got.output
    # a first start: the latest slot of every job is due, and all run as one real build
    assert (
        got.stdout.strip()
        .splitlines()[-1]
        .startswith("定时任务：已运行 日报、周分析、月度复盘与归档（定时），数据截至 ")
    )
    assert (ws.site / "index.html").stat().st_mtime_ns != before  # the site was rebuilt
    with open_store(ws.db_path) as store:
        runs = store.runs().sort_values("run_id")
    assert list(runs["jobs"]) == ["daily,weekly,monthly"]
    assert list(runs["result"]) == ["ok"] and list(runs["trigger"]) == ["schedule"]
    assert archived == [runs.iloc[0]["as_of"].date()]  # the monthly job called the archive hook
    assert "日报, 周分析, 月度复盘与归档" in (ws.site / "build-status.html").read_text("utf-8")
    # the morning of the day just built went to each robot
    paths = [p for p, *_ in platforms.seen]
    assert paths.count("/cgi-bin/webhook/send") == 2 and "/robot/send" in paths
    ding = next(b for p, _, b, _ in platforms.seen if p == "/robot/send")
    day = copy_demo.as_of.isoformat()
    assert day in ding["markdown"]["title"] and f"daily/{day}.html" in ding["markdown"]["text"]
    with open_store(ws.db_path, kinds=False) as store:
        kept = store.pushes()
    assert all(kept[c]["ok"] for c in ("wecom", "dingtalk", "feishu")), kept
    # the build-status page shows the pushes before the build: Feishu refused, masked
    page = (ws.site / "build-status.html").read_text(encoding="utf-8")
    assert "群推送和邮件" in page and "飞书" in page and "失败" in page
    assert "/open-apis/bot/v2/hook/***" in page
    # no address or secret anywhere in the site, the output or the log
    secrets = [WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET, "another-secret"]
    assert "push to dingtalk (http://127.0.0.1:" in caplog.text  # logged, masked
    assert "/robot/send?access_token=***" in caplog.text
    outputs = first.output + got.output + caplog.text
    for path in ws.site.rglob("*"):
        if path.is_file() and path.suffix in (
            ".html",
            ".js",
            ".json",
            ".xml",
            ".csv",
            ".md",
            ".txt",
        ):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [s for s in secrets if s in text], path
    assert not [s for s in secrets if s in outputs]
    for path in ws.content.rglob("*.md"):
        assert not [s for s in secrets if s in path.read_text(encoding="utf-8")], path
    # then nothing is due: no second run, no second push
    platforms.seen.clear()
    again = CliRunner().invoke(main, ["schedule", "--workspace", str(ws.root), "--once"])
    assert again.exit_code == 0, again.output
    assert again.stdout.strip().splitlines()[-1].startswith("定时任务：现在没有到期的任务")
    with open_store(ws.db_path) as store:
        assert len(store.runs()) == 1
    assert platforms.seen == []


def test_a_long_morning_fits_dingtalk_whole_body(platforms: Any) -> None:
    platforms.seen.clear()
    s = make_settings(robot_settings(platforms))
    long = morning(n_items=5, text="“户外”\\露营\n帐篷" * 900)  # escapes grow in JSON
    long.kpis = long.kpis * 40
    got = push_channel(s, "dingtalk", long, None, delays=(), sleep=no_sleep)
    assert got.ok, got.detail  # the server refuses a body over 20000 bytes
    (_, _, body, size) = platforms.seen[-1]
    assert size <= 20000 and "消息过长" in body["markdown"]["text"]


def test_dingtalk_sign_is_url_encoded_in_the_address() -> None:
    from generator.ops.notify import dingtalk_url

    url = dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=t", DING_SECRET, 1)
    sign = url.split("&sign=", 1)[1]
    want = base64.b64encode(
        hmac.new(DING_SECRET.encode(), f"1\n{DING_SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    assert url.startswith("https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign=")
    assert sign == quote_plus(want) and sign.endswith("%3D")  # base64's '=' (and + /) encoded
