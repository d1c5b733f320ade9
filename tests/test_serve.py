"""`opsreport serve` as a reader's browser meets it, on a real server on 127.0.0.1: the site's
files and nothing else — no folder listings — and a malformed path is a 4xx, not a traceback
(issue 13)."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from generator.config import Workspace

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        con.putrequest("GET", path, skip_accept_encoding=True)
        con.endheaders()
        resp = con.getresponse()
        return resp.status, resp.read()
    finally:
        con.close()


def as_from_a_terminal() -> None:
    """Ctrl+C as a terminal delivers it: a library used by an earlier test in the same worker
    process can leave SIGINT ignored or blocked, and a child inherits both (the serve child then
    never saw the test's Ctrl+C and was killed after 20 s, without its closing line)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_serve_gives_files_not_folders_and_no_traceback(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    (ws.site / "daily").mkdir(parents=True)
    (ws.site / "index.html").write_text("<h1>home</h1>", encoding="utf-8")
    (ws.site / "daily" / "2026-11-21.html").write_text("day", encoding="utf-8")
    (ws.site / "weekly").mkdir()
    (ws.site / "weekly" / "index.html").write_text("weeks", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("store password", encoding="utf-8")  # beside site/
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from generator.cli import main; main()",
            "serve",
            "--workspace",
            str(ws.root),
            "--port",
            str(port),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    try:
        end = time.monotonic() + 60
        while True:
            try:
                status, body = get(port, "/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < end, "the server never answered"
                time.sleep(0.1)
        assert status == 200 and b"home" in body
        assert get(port, "/daily/2026-11-21.html") == (200, b"day")
        assert get(port, "/weekly/") == (200, b"weeks")  # a folder with its index.html
        status, body = get(port, "/daily/")  # a folder without one: no listing
        assert status == 404 and b"2026-11-21" not in body
        assert get(port, "/daily")[0] in (301, 404)
        for bad in ("/%00", "/daily/%00.html", "/%2e%2e/%00", "/..%2fsecret.txt", "/../secret.txt"):
            status, body = get(port, bad)
            assert 400 <= status < 500, (bad, status)
            assert b"store password" not in body  # nothing outside site/ is served
        assert get(port, "/")[0] == 200  # still serving
    finally:
        proc.send_signal(signal.SIGINT)
        stopping = time.monotonic()
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    assert "Traceback" not in err, err
    took = time.monotonic() - stopping
    assert "已停止提供网站。" in out, (out, err, f"exit {proc.returncode} after {took:.1f} s")
