"""Shared fixtures: the network guard, one strict build, its server, the browser."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

import offline_chromium
import serve_site
from site_tools import PROJECT, mkdocs_build


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths and socketpairs stay on this machine
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a host name that was not resolved first


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a connection to, or looks up, a non-loopback host."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(address: object) -> None:
        if not _is_loopback(address):
            pytest.fail(f"test tried to reach the network: {address!r}", pytrace=False)

    def connect(self: socket.socket, address: object) -> None:
        guard(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        guard(address)
        return real_connect_ex(self, address)

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        # A name lookup would send a DNS query to the (non-loopback) resolver.
        if host is not None:
            guard((host.decode() if isinstance(host, bytes) else host, 0))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One `mkdocs build --strict` for the whole session, served with gzip on a port-0
    loopback server. The build's site_url is that server, as on the real host: the
    sitemap (which instant navigation needs) and the QR code then name it."""
    if os.environ.get("SITE_BUILT_DIR") and os.environ.get("SITE_BUILT_URL"):
        # tests/test_new_session.py built and serves SITE_PROJECT already: check that build.
        yield Path(os.environ["SITE_BUILT_DIR"]), os.environ["SITE_BUILT_URL"]
        return
    site_dir = tmp_path_factory.mktemp("site")
    with serve_site.serve(site_dir) as url:
        result = mkdocs_build(PROJECT, site_dir, SITE_URL=url)
        assert result.returncode == 0, result.stderr
        yield site_dir, url


@pytest.fixture(scope="session")
def built_site(served_site: tuple[Path, str]) -> Path:
    return served_site[0]


@pytest.fixture(scope="session")
def site_url(served_site: tuple[Path, str]) -> str:
    return served_site[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as pw:
        chromium = offline_chromium.launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, site_url: str):  # type: ignore[no-untyped-def]
    """A fresh page (new context: empty localStorage) that fails on off-site requests."""
    context = browser.new_context(base_url=site_url, locale="ja-JP")
    context.set_default_timeout(15_000)
    page = context.new_page()
    offsite: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:")) else offsite.append(r.url))
    yield page
    context.close()
    assert not offsite, f"requests left the site: {offsite}"
