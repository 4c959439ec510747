"""The loopback server the tests, benchmarks and `make slides` serve a built site with (scripts/serve_site.py)."""

from __future__ import annotations

import socket
import struct
import time
import urllib.request
from pathlib import Path

import pytest

import serve_site


def test_a_download_the_browser_drops_leaves_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A browser that leaves a page mid-load resets its connection: the server says nothing and serves on."""
    (tmp_path / "big.bin").write_bytes(bytes(30_000_000))  # more than the sockets' buffers hold
    (tmp_path / "index.html").write_text("<!doctype html><title>ok</title>", encoding="utf-8")
    with serve_site.serve(tmp_path) as url:
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(100).startswith(b"HTTP/1.1 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        time.sleep(0.5)  # the server's thread meets the reset
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
    assert "Traceback" not in capsys.readouterr().err
