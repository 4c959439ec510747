"""Serve a built site on a loopback address, gzip-compressed like a real host.

Usage: python scripts/serve_site.py [--host 127.0.0.1] [--port 0] SITE_DIR

Tests, benchmarks and `make audit` use this so that page weights and
Lighthouse scores are measured with gzip, as GitHub Pages serves them.
Only loopback addresses are accepted.

Exit codes: 0 on Ctrl-C, 2 on a bad option or a non-loopback host.
"""

from __future__ import annotations

import argparse
import gzip
import io
import ipaddress
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
)


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text types are gzipped when the client accepts it."""

    # Keep-alive, as a real host has: over the stdlib's HTTP/1.0 the browser opens a
    # connection per file, which Lighthouse then charges a round trip each.
    protocol_version = "HTTP/1.1"

    extensions_map = {  # noqa: RUF012 (the stdlib declares it an instance attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the slash URL
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts_gzip or not ctype.startswith(COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test and benchmark output clean


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that stops reading (a page left mid-load, a fetch cancelled) is no fault of the site's:
        # no traceback for it.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def check_loopback(host: str) -> None:
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"refusing to serve on non-loopback address {host!r}")


@contextmanager
def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve SITE_DIR in a daemon thread; yield its base URL; stop on exit."""
    check_loopback(host)
    handler = partial(GzipHandler, directory=str(site_dir))
    server = LoopbackServer((host, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir}: no index.html (build the site first)")
    try:
        check_loopback(args.host)
    except ValueError as exc:
        parser.error(str(exc))
    with serve(args.site_dir, args.host, args.port) as url:
        print(url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
