"""The loopback server the tests, benchmarks and `make slides` serve a built site with (scripts/serve_site.py)."""

from __future__ import annotations

import socket
import struct
import threading
import time
import urllib.request
from pathlib import Path

import pytest

import serve_site


def requests() -> list[threading.Thread]:
    """The threads of this process that serve a request (socketserver's ThreadingMixIn names them so)."""
    return [thread for thread in threading.enumerate() if "process_request_thread" in thread.name]


def test_a_download_the_browser_drops_leaves_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A browser that leaves a page mid-load resets its connection: the server says nothing and serves on."""
    (tmp_path / "big.bin").write_bytes(bytes(30_000_000))  # more than the sockets' buffers hold
    (tmp_path / "index.html").write_text("<!doctype html><title>ok</title>", encoding="utf-8")
    with serve_site.serve(tmp_path) as url:
        before = set(requests())
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(100).startswith(b"HTTP/1.1 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        deadline = time.monotonic() + 10
        while set(requests()) - before and time.monotonic() < deadline:
            time.sleep(0.05)  # the request's thread meets the reset and ends
        assert not set(requests()) - before, "the request's thread never ended"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    assert "Traceback" not in capsys.readouterr().err
