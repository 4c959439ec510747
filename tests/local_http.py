"""Loopback HTTP servers for tests: a route per path, counted on the wire, always stopped.

Each server is a ThreadingHTTPServer bound to port 0 on a 127.0.0.x address.
It counts hits, request starts, User-Agents, requests in flight and (for
routes that report them) bytes sent, so a test can check what a client did,
not only what it printed. Not a test module: test files import it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Server:
    host: str
    routes: dict[str, Route]
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    starts: list[float] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    sent: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        state: Server = self.server.state  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        with state.lock:
            state.hits[path] += 1
            state.starts.append(time.monotonic())
            state.user_agents.append(self.headers.get("User-Agent", ""))
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            state.routes.get(path, status(404))(self)
        finally:
            with state.lock:
                state.in_flight -= 1

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def servers() -> Iterator[Callable[..., Server]]:
    """Start servers on demand in the block: start(routes, host='127.0.0.1') -> Server.

    Leaving the block stops every one of them, bounded in time."""
    running: list[tuple[Server, ThreadingHTTPServer, threading.Thread]] = []

    def start(routes: dict[str, Route], host: str = "127.0.0.1") -> Server:
        state = Server(host, routes)
        httpd = ThreadingHTTPServer((host, 0), Handler)
        httpd.daemon_threads = True
        httpd.state = state  # type: ignore[attr-defined]
        state.port = httpd.server_address[1]
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        running.append((state, httpd, thread))  # stopped below even if the probe fails
        socket.create_connection((host, state.port), timeout=5).close()  # accepting
        return state

    try:
        yield start
    finally:
        for state, httpd, thread in running:
            state.stop.set()  # releases hanging and dripping handlers
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)


def respond(h: BaseHTTPRequestHandler, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
    h.send_response(code)
    for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
        h.send_header(name, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda h: respond(h, code, f"<title>{code}</title>".encode(), headers)
