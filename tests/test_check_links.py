"""scripts/check_links.py against real servers on loopback addresses.

Each scenario gets a tiny route on a ThreadingHTTPServer bound to port 0 on
127.0.0.x (tests/local_http.py); the server counts hits, requests in flight
and bytes sent, so the tests check what the checker did on the wire, not
only what it printed.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

import check_links
import link_sources
from linkcheck import collect, config, fetch, judge, report
from linkcheck.model import Link, PageRef, Result, Verdict
from linkcheck.page import page_anchors, page_notice, page_title
from local_http import Route, Server, respond, servers, status

DATA = Path(__file__).parent / "data" / "links"
ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024


# --- the loopback server ----------------------------------------------------------


@pytest.fixture()
def serve() -> Iterator[Callable[..., Server]]:
    """Start servers on demand: serve(routes, host='127.0.0.1') -> Server."""
    with servers() as start:
        yield start


# --- routes -------------------------------------------------------------------


def html(body: str | bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    data = body.encode() if isinstance(body, str) else body
    return lambda h: respond(h, 200, data, {"Content-Type": content_type})


def fixture(name: str, content_type: str = "text/html; charset=utf-8") -> Route:
    return html((DATA / name).read_bytes(), content_type)


def redirect(code: int, location: str) -> Route:
    return lambda h: respond(h, code, b"", {"Location": location})


def sequence(*routes: Route) -> Route:
    """The n-th request gets the n-th route; the last one repeats."""
    calls = Counter[str]()

    def route(h: BaseHTTPRequestHandler) -> None:
        n = calls["n"]
        calls["n"] += 1
        routes[min(n, len(routes) - 1)](h)

    return route


def slow(seconds: float) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        respond(h, 200, b"<title>slow</title>")

    return route


def hang(h: BaseHTTPRequestHandler) -> None:
    """Accept the request and never answer (until the test ends)."""
    h.server.state.stop.wait(30)  # type: ignore[attr-defined]
    h.close_connection = True


def drip(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every 50 ms: no single read ever times out."""
    state: Server = h.server.state  # type: ignore[attr-defined]
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(10 * MiB))
    h.end_headers()

    def trickle() -> None:
        for _ in range(400):  # 20 s at most
            if state.stop.wait(0.05):
                return
            h.wfile.write(b"<")
            h.wfile.flush()

    with_errors_ignored(trickle)
    h.close_connection = True


def huge(content_type: str, head: bytes = b"") -> Route:
    """A 64 MiB body, written in 64 KiB chunks; counts what the socket took."""

    def route(h: BaseHTTPRequestHandler) -> None:
        state: Server = h.server.state  # type: ignore[attr-defined]
        path = urlsplit(h.path).path
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(64 * MiB))
        h.end_headers()
        chunk = b"a" * (64 * 1024)

        def write_all() -> None:
            h.wfile.write(head)
            for _ in range((64 * MiB - len(head)) // len(chunk)):
                h.wfile.write(chunk)
                with state.lock:
                    state.sent[path] += len(chunk)

        with_errors_ignored(write_all)
        h.close_connection = True

    return route


def with_errors_ignored(action: Callable[[], object]) -> None:
    try:
        action()
    except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
        pass  # the checker hung up: that is the point


# --- running the checker -------------------------------------------------------

TEST_CONFIG = {
    "timeout": 2,
    "retries": 1,
    "backoff": 0.01,
    "retry-after-max": 0.05,
    "interval": 0,
    "cache-file": "cache.json",
}


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def report(self) -> dict:
        return json.loads(self.out)

    def link(self, url: str) -> dict:
        matches = [link for link in self.report["links"] if link["url"] == url]
        assert len(matches) == 1, f"{url} in {self.out}"
        return matches[0]


def write_config(tmp_path: Path, **overrides: object) -> Path:
    config = {**TEST_CONFIG, **{k.replace("_", "-"): v for k, v in overrides.items()}}
    lines = ["[tool.check_links]"] + [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    path = tmp_path / "pyproject.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_site(tmp_path: Path, pages: dict[str, list[str]]) -> Path:
    site = tmp_path / "site"
    for page, urls in pages.items():
        path = site / page
        path.parent.mkdir(parents=True, exist_ok=True)
        anchors = "\n".join(f'<a href="{url}">{url}</a>' for url in urls)
        path.write_text(f"<!doctype html><title>{page}</title>\n{anchors}\n", encoding="utf-8")
    return site


def in_own_thread(function, *args):  # type: ignore[no-untyped-def]
    """Call a CLI entry point that uses asyncio.run() on a thread of its own.

    Playwright's sync API, used by the browser tests of the same session, keeps
    an event loop running on the main thread, where asyncio.run() refuses to start.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, site: Path, *args: str, **config: object) -> Run:
    argv = ["--config", str(write_config(tmp_path, **config)), "--format", "json", *args, str(site)]
    try:
        code = in_own_thread(check_links.main, argv)
    except SystemExit as exc:  # argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return Run(code, out, err)


def check_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: str, *args: str, **config: object
) -> tuple[Run, dict]:
    result = run(capsys, tmp_path, make_site(tmp_path, {"index.html": [url]}), *args, **config)
    return result, result.link(url)


# --- one scenario per row of the verdict table -------------------------------------


def test_2xx_is_ok_and_sends_an_honest_user_agent(serve, capsys, tmp_path):
    server = serve({"/ok-page": fixture("page-with-anchors.html")})
    result, link = check_one(capsys, tmp_path, server.url("/ok-page"))
    assert (result.code, link["verdict"], link["status"]) == (0, "ok", 200), result.out
    assert server.user_agents[0].startswith("sagemaker-study-site-linkcheck/"), server.user_agents


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_is_redirected_with_the_final_url(serve, capsys, tmp_path, code):
    server = serve({"/moved": redirect(code, "/new-home-of-page"), "/new-home-of-page": fixture("home-page.html")})
    result, link = check_one(capsys, tmp_path, server.url("/moved"))
    assert link["verdict"] == "redirected", result.out
    assert link["final_url"] == server.url("/new-home-of-page")
    assert result.code == 0, "a redirect is a warning, not a failure"


@pytest.mark.parametrize("code", [302, 303, 307])
def test_temporary_redirect_is_ok(serve, capsys, tmp_path, code):
    server = serve({"/login-hop": redirect(code, "/somewhere/else"), "/somewhere/else": fixture("home-page.html")})
    result, link = check_one(capsys, tmp_path, server.url("/login-hop"))
    assert (result.code, link["verdict"]) == (0, "ok"), result.out


@pytest.mark.parametrize("code", [404, 410, 400, 451])
def test_client_errors_are_broken(serve, capsys, tmp_path, code):
    server = serve({"/gone": status(code)})
    result, link = check_one(capsys, tmp_path, server.url("/gone"))
    assert (result.code, link["verdict"], link["status"]) == (1, "broken", code), result.out


def test_dns_failure_is_broken(monkeypatch, capsys, tmp_path):
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # no query leaves the machine
        if host in ("no-such-host.invalid", b"no-such-host.invalid"):  # anyio passes IDNA bytes
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result, link = check_one(capsys, tmp_path, "http://no-such-host.invalid/page")
    assert (result.code, link["verdict"], link["reason"]) == (1, "broken", "DNS lookup failed"), result.out


def test_refused_connection_is_broken(capsys, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nobody listens there
    result, link = check_one(capsys, tmp_path, f"http://127.0.0.1:{port}/refused")
    assert (result.code, link["verdict"], link["reason"]) == (1, "broken", "connection refused"), result.out


def test_tls_failure_is_broken(serve, capsys, tmp_path):
    server = serve({"/": fixture("home-page.html")})  # plain HTTP answering a TLS handshake
    result, link = check_one(capsys, tmp_path, f"https://127.0.0.1:{server.port}/")
    assert (result.code, link["verdict"]) == (1, "broken"), result.out
    assert link["reason"].startswith("TLS failure"), link


@pytest.mark.parametrize("url", ["http://[::1/unclosed-bracket", "https:///no-host", "http://127.0.0.1:99999/"])
def test_malformed_url_is_broken_without_a_request(capsys, tmp_path, url):
    result, link = check_one(capsys, tmp_path, url)
    assert (result.code, link["verdict"]) == (1, "broken"), result.out
    assert link["reason"].startswith("malformed URL"), link


def test_redirect_loop_is_broken(serve, capsys, tmp_path):
    server = serve({"/loop-a": redirect(302, "/loop-b"), "/loop-b": redirect(301, "/loop-a")})
    result, link = check_one(capsys, tmp_path, server.url("/loop-a"))
    assert (link["verdict"], link["reason"]) == ("broken", "redirect loop"), result.out


@pytest.mark.parametrize(("hops", "verdict"), [(10, "ok"), (11, "broken")])
def test_more_than_ten_hops_is_broken(serve, capsys, tmp_path, hops, verdict):
    routes = {f"/hop-{i}": redirect(302, f"/hop-{i + 1}") for i in range(hops)}
    routes[f"/hop-{hops}"] = fixture("page-with-anchors.html")
    server = serve(routes)
    result, link = check_one(capsys, tmp_path, server.url("/hop-0"))
    assert link["verdict"] == verdict, result.out


def test_5xx_then_2xx_is_retried_and_ok(serve, capsys, tmp_path):
    server = serve({"/flaky": sequence(status(503), fixture("home-page.html"))})
    result, link = check_one(capsys, tmp_path, server.url("/flaky"))
    assert (link["verdict"], server.hits["/flaky"]) == ("ok", 2), result.out


@pytest.mark.parametrize("code", [429, 500, 503])
def test_persistent_429_or_5xx_is_broken_after_retries(serve, capsys, tmp_path, code):
    server = serve({"/down": status(code)})
    result, link = check_one(capsys, tmp_path, server.url("/down"), retries=2)
    assert (result.code, link["verdict"], link["status"]) == (1, "broken", code), result.out
    assert server.hits["/down"] == 3, "one try and two retries"


@pytest.mark.parametrize(("cap", "honoured"), [(5, True), (0.05, False)])
def test_retry_after_is_honoured_up_to_the_cap(serve, capsys, tmp_path, cap, honoured):
    server = serve({"/busy": sequence(status(429, {"Retry-After": "1"}), fixture("home-page.html"))})
    result, link = check_one(capsys, tmp_path, server.url("/busy"), retry_after_max=cap)
    assert link["verdict"] == "ok", result.out
    gap = server.starts[1] - server.starts[0]
    assert (gap >= 0.9) is honoured, f"second request {gap:.2f} s after the first (cap {cap})"


@pytest.mark.parametrize("code", [401, 403, 999])
def test_auth_and_bot_protection_are_unverified(serve, capsys, tmp_path, code):
    server = serve({"/guarded": status(code)})
    result, link = check_one(capsys, tmp_path, server.url("/guarded"))
    assert (result.code, link["verdict"], link["status"]) == (0, "unverified", code), result.out


def test_hanging_server_is_unverified_within_the_timeout(serve, capsys, tmp_path):
    server = serve({"/hang": hang})
    started = time.monotonic()
    result, link = check_one(capsys, tmp_path, server.url("/hang"), "--timeout", "0.3")
    elapsed = time.monotonic() - started
    assert (result.code, link["verdict"]) == (0, "unverified"), result.out
    assert "timed out" in link["reason"] and server.hits["/hang"] == 1, (link, server.hits)
    assert elapsed < 1.5, f"--timeout 0.3 took {elapsed:.1f} s"


def test_dripping_server_cannot_stretch_the_timeout(serve, capsys, tmp_path):
    server = serve({"/drip": drip})
    started = time.monotonic()
    result, link = check_one(capsys, tmp_path, server.url("/drip#anchor"), "--timeout", "0.5")
    elapsed = time.monotonic() - started
    assert link["verdict"] == "unverified" and "timed out" in link["reason"], result.out
    assert elapsed < 5, f"a body dripping for 20 s held the run for {elapsed:.1f} s"


def test_missing_fragment_is_broken(serve, capsys, tmp_path):
    server = serve({"/page-with-anchors": fixture("page-with-anchors.html")})
    result, link = check_one(capsys, tmp_path, server.url("/page-with-anchors#missing-anchor"))
    assert (result.code, link["verdict"]) == (1, "broken"), result.out
    assert "missing-anchor" in link["reason"]


@pytest.mark.parametrize("fragment", ["overview", "legacy-name", "概要", quote("概要"), "top", ""])
def test_present_fragment_is_ok(serve, capsys, tmp_path, fragment):
    server = serve({"/page-with-anchors": fixture("page-with-anchors.html")})
    result, link = check_one(capsys, tmp_path, server.url(f"/page-with-anchors#{fragment}"))
    assert link["verdict"] == "ok", result.out


@pytest.mark.parametrize(
    ("fragment", "verdict"),
    [
        ("料金", "ok"),
        (quote("料金"), "ok"),  # UTF-8 percent-encoding, as browsers write it
        (quote("無料利用枠", encoding="shift_jis"), "ok"),  # the page's own encoding
        ("存在しない見出し", "broken"),
    ],
)
def test_shift_jis_page_fragments(serve, capsys, tmp_path, fragment, verdict):
    # No charset in the header: the checker must find it in <meta http-equiv>.
    server = serve({"/shift-jis-page": fixture("shift-jis-page.html", "text/html")})
    result, link = check_one(capsys, tmp_path, server.url(f"/shift-jis-page#{fragment}"))
    assert link["verdict"] == verdict, result.out


def test_missing_fragment_on_a_script_anchor_host_is_unverified(serve, capsys, tmp_path):
    server = serve({"/page-with-anchors": fixture("page-with-anchors.html")}, host="127.0.0.2")
    result, link = check_one(
        capsys, tmp_path, server.url("/page-with-anchors#added-by-javascript"), script_anchor_hosts=["127.0.0.2"]
    )
    assert (result.code, link["verdict"]) == (0, "unverified"), result.out


@pytest.mark.parametrize("name", ["soft-404-title-english.html", "soft-404-title-japanese.html"])
def test_soft_404_title_is_broken(serve, capsys, tmp_path, name):
    server = serve({"/soft-404": fixture(name)})
    result, link = check_one(capsys, tmp_path, server.url("/soft-404"))
    assert (result.code, link["verdict"], link["status"]) == (1, "broken", 200), result.out
    assert link["reason"].startswith("soft 404"), link


def test_soft_404_title_patterns_are_configurable(serve, capsys, tmp_path):
    server = serve({"/closed": html("<title>Gone fishing</title>")})
    _, default = check_one(capsys, tmp_path, server.url("/closed"), "--no-cache")
    _, custom = check_one(capsys, tmp_path, server.url("/closed"), "--no-cache", soft_404_titles=["(?i)gone fishing"])
    assert (default["verdict"], custom["verdict"]) == ("ok", "broken")


def test_deep_link_redirected_to_home_is_broken(serve, capsys, tmp_path):
    server = serve({"/docs/removed/page.html": redirect(302, "/"), "/": fixture("home-page.html")})
    result, link = check_one(capsys, tmp_path, server.url("/docs/removed/page.html"))
    assert (result.code, link["verdict"]) == (1, "broken"), result.out
    assert "home page" in link["reason"]


# --- bounded reads -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "fragment", "verdict"),
    [
        ("application/pdf", "", "ok"),  # no body read at all
        ("text/html", "", "ok"),  # read up to </title> only
        ("text/html", "#far-down", "unverified"),  # read up to max-bytes, then give up
    ],
)
def test_huge_body_is_not_read_whole(serve, capsys, tmp_path, content_type, fragment, verdict):
    server = serve({"/huge": huge(content_type, b"<html><head><title>huge</title></head><body>")})
    result, link = check_one(capsys, tmp_path, server.url(f"/huge{fragment}"), max_bytes=MiB)
    assert link["verdict"] == verdict, result.out
    # The server notices only when its socket buffers fill up: allow for them.
    assert server.sent["/huge"] < 16 * MiB, f"the checker took {server.sent['/huge'] / MiB:.0f} MiB of 64"


# --- deduplication, sources, cache, exclusion, concurrency ---------------------------


FIXTURE_SOURCES = {"index.html": "docs/index.md", "session-01/sagemaker/index.html": "docs/session-01/sagemaker.md"}


def fixture_site(tmp_path: Path, base: str) -> Path:
    """tests/data/links/{site,docs} copied with {{BASE}} set to the server's URL.

    The site gets the link-sources.json a build would write, made by the hook's own functions.
    """
    for name in ("site", "docs"):
        shutil.copytree(DATA / name, tmp_path / name)
        for path in (tmp_path / name).rglob("*.*"):
            path.write_text(path.read_text(encoding="utf-8").replace("{{BASE}}", base), encoding="utf-8")
    sources = {
        page: {
            "source": source,
            "links": link_sources.first_lines(
                link_sources.links_in((tmp_path / "site" / page).read_text(encoding="utf-8")),
                (tmp_path / source).read_text(encoding="utf-8"),
            ),
        }
        for page, source in FIXTURE_SOURCES.items()
    }
    (tmp_path / "site" / link_sources.MAP_NAME).write_text(json.dumps(sources), encoding="utf-8")
    return tmp_path / "site"


def fixture_server(serve) -> Server:
    return serve(
        {
            "/ok-page": fixture("home-page.html"),
            "/page-with-anchors": fixture("page-with-anchors.html"),
            "/gone-410": status(410),
            "/diagram.png": html(b"\x89PNG", "image/png"),
            "/style.css": html(b"body{}", "text/css"),
        }
    )


def test_each_document_is_fetched_once_and_every_page_is_listed(serve, capsys, tmp_path):
    server = fixture_server(serve)
    result = run(capsys, tmp_path, fixture_site(tmp_path, server.url("")))
    assert server.hits == {
        "/ok-page": 1,
        "/page-with-anchors": 1,
        "/gone-410": 1,
        "/diagram.png": 1,
        "/style.css": 1,
    }, "five fragments and two pages, one GET each"
    pages = result.link(server.url("/ok-page"))["pages"]
    assert [(p["page"], p["line"]) for p in pages] == [("index.html", 3), ("session-01/sagemaker/index.html", 8)], pages
    assert [p["file"] for p in pages] == ["docs/index.md", "docs/session-01/sagemaker.md"], pages


def test_only_external_http_links_are_checked(serve, capsys, tmp_path):
    server = fixture_server(serve)
    result = run(capsys, tmp_path, fixture_site(tmp_path, server.url("")))
    checked = {link["url"] for link in result.report["links"]}
    assert checked == {
        server.url(p)
        for p in [
            "/ok-page",
            "/page-with-anchors#overview",
            "/page-with-anchors#概要",
            "/page-with-anchors#%E6%A6%82%E8%A6%81",
            "/page-with-anchors#legacy-name",
            "/page-with-anchors#missing-anchor",
            "/gone-410",
            "/diagram.png",
            "/style.css",
        ]
    }
    assert result.code == 1 and result.report["summary"]["broken"] == 2, result.report["summary"]


def test_cache_skips_ok_links_and_never_keeps_failures(serve, capsys, tmp_path):
    server = serve({"/ok-page": fixture("home-page.html"), "/gone-410": status(410)})
    site = make_site(tmp_path, {"index.html": [server.url("/ok-page"), server.url("/gone-410")]})
    first = run(capsys, tmp_path, site)
    second = run(capsys, tmp_path, site)
    assert server.hits == {"/ok-page": 1, "/gone-410": 2}, "the ok link came from the cache"
    assert second.link(server.url("/ok-page"))["verdict"] == "ok"
    assert (first.code, second.code) == (1, 1)
    run(capsys, tmp_path, site, "--no-cache")
    assert server.hits["/ok-page"] == 2, "--no-cache asks again"


def test_expired_cache_entries_are_checked_again(serve, capsys, tmp_path):
    server = serve({"/ok-page": fixture("home-page.html")})
    site = make_site(tmp_path, {"index.html": [server.url("/ok-page")]})
    run(capsys, tmp_path, site)
    cache = tmp_path / "cache.json"
    data = json.loads(cache.read_text())
    data["entries"][server.url("/ok-page")]["checked_at"] -= 25 * 3600
    cache.write_text(json.dumps(data))
    run(capsys, tmp_path, site)
    assert server.hits["/ok-page"] == 2, "a 25-hour-old entry is older than the 24 h default"


def test_excluded_links_are_reported_and_not_requested(serve, capsys, tmp_path):
    server = serve({})
    result, link = check_one(capsys, tmp_path, server.url("/private/console"), "--exclude", "/private/")
    assert (result.code, link["verdict"], server.hits.total()) == (0, "excluded", 0), result.out


def test_per_host_limit_is_never_exceeded(serve, capsys, tmp_path):
    first = serve({f"/slow/{i}": slow(0.15) for i in range(8)}, host="127.0.0.1")
    second = serve({f"/slow/{i}": slow(0.15) for i in range(8)}, host="127.0.0.2")
    urls = [server.url(f"/slow/{i}") for server in (first, second) for i in range(8)]
    result = run(capsys, tmp_path, make_site(tmp_path, {"index.html": urls}), "--per-host", "2")
    assert result.code == 0, result.out
    assert (first.max_in_flight, second.max_in_flight) == (2, 2), "per host, not in total"


def test_interval_spaces_request_starts_to_one_host(serve, capsys, tmp_path):
    server = serve({f"/page-{i}": fixture("home-page.html") for i in range(4)})
    urls = [server.url(f"/page-{i}") for i in range(4)]
    run(capsys, tmp_path, make_site(tmp_path, {"index.html": urls}), "--interval", "0.3")
    starts = sorted(server.starts)
    gaps = [round(b - a, 2) for a, b in itertools.pairwise(starts)]
    # Arrival times jitter on a busy machine; without the interval they would all be ~0.
    assert len(starts) == 4 and min(gaps) >= 0.15 and starts[-1] - starts[0] >= 0.8, gaps


# --- exit codes and formats ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--timeout", "0"], {}, "--timeout must be a finite number of seconds, more than 0"),
        (["--per-host", "0"], {}, "--per-host must be at least 1"),
        (["--interval", "-1"], {}, "--interval must be a finite number of seconds, 0 or more"),
        (["--exclude", "("], {}, "bad regular expression"),
        (["--format", "xml"], {}, "invalid choice"),
        (["--per-host", "four"], {}, "invalid int value"),
        ([], {"per-hots": 4}, "unknown key [tool.check_links] 'per-hots'"),
        ([], {"timeout": "fast"}, "timeout must be a float"),
    ],
)
def test_bad_options_exit_2_with_a_message(capsys, tmp_path, args, config, message):
    result = run(capsys, tmp_path, make_site(tmp_path, {"index.html": []}), *args, **config)
    assert result.code == 2 and message in result.err, result.err


def test_missing_site_dir_exits_2(capsys, tmp_path):
    result = run(capsys, tmp_path, tmp_path / "not-built")
    assert result.code == 2 and "no such directory" in result.err, result.err


def test_an_unexpected_error_exits_2_not_1(monkeypatch, capsys, tmp_path):
    # Exit 1 means "broken links" to the links workflow; a crash must not look like that.
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(check_links, "check", crash)
    result = run(capsys, tmp_path, make_site(tmp_path, {"index.html": []}))
    assert result.code == 2, (result.code, result.err)
    assert "check_links.py: error: RuntimeError: something unforeseen" in result.err, result.err
    assert "Traceback" not in result.err, result.err


def test_config_values_are_used_and_options_override_them(serve, capsys, tmp_path):
    server = serve({f"/slow/{i}": slow(0.1) for i in range(6)})
    urls = [server.url(f"/slow/{i}") for i in range(6)]
    site = make_site(tmp_path, {"index.html": urls})
    run(capsys, tmp_path, site, per_host=1)
    from_config = server.max_in_flight
    server.max_in_flight = 0
    run(capsys, tmp_path, site, "--per-host", "3", "--no-cache", per_host=1)
    assert (from_config, server.max_in_flight) == (1, 3)


def test_markdown_report_lists_problems_with_sources(serve, capsys, tmp_path):
    server = fixture_server(serve)
    result = run(capsys, tmp_path, fixture_site(tmp_path, server.url("")), "--format", "markdown")
    assert result.code == 1
    assert "## Broken links (fix these)" in result.out, result.out
    row = next(line for line in result.out.splitlines() if "/gone-410" in line)
    assert "| 410 |" in row and "docs/session-01/sagemaker.md:7" in row, row


def test_github_format_prints_annotations_at_the_markdown_line(serve, capsys, tmp_path):
    server = fixture_server(serve)
    result = run(capsys, tmp_path, fixture_site(tmp_path, server.url("")), "--format", "github")
    errors = [line for line in result.out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 2, result.out
    gone = next(line for line in errors if "gone-410" in line)
    assert "docs/session-01/sagemaker.md,line=7,title=broken link::" in gone, gone
    assert gone.endswith(f"{server.url('/gone-410')}: HTTP 410"), gone


def test_text_format_lists_problems_off_a_tty(serve, capsys, tmp_path):
    server = fixture_server(serve)
    result = run(capsys, tmp_path, fixture_site(tmp_path, server.url("")), "--format", "text")
    broken = [line for line in result.out.splitlines() if line.startswith("BROKEN")]
    assert len(broken) == 2 and any("gone-410" in line for line in broken), result.out
    assert "2 broken" in result.out.splitlines()[-1]


def test_text_format_is_a_table_on_a_tty(capsys):
    results = [
        Result(
            "https://example.com/gone",
            Verdict.BROKEN,
            404,
            reason="HTTP 404",
            pages=(PageRef("index.html", "docs/index.md", 3),),
        )
    ]
    assert report.report_text(results, tty=True) is None
    out = capsys.readouterr().out
    assert "https://example.com/gone" in out and "docs/index.md:3" in out and "┃" in out, out


def test_json_report_has_the_documented_shape(serve, capsys, tmp_path):
    server = fixture_server(serve)
    report = run(capsys, tmp_path, fixture_site(tmp_path, server.url(""))).report
    assert set(report) == {"links", "summary"}
    assert all(
        set(link) == {"url", "verdict", "status", "final_url", "reason", "notice", "pages"} for link in report["links"]
    ), report["links"][0]
    assert report["summary"] == {
        "total": 9,
        "ok": 7,
        "redirected": 0,
        "broken": 2,
        "unverified": 0,
        "excluded": 0,
        "notices": 0,
    }, report["summary"]


# --- pure functions ------------------------------------------------------------------


def test_extract_links_takes_href_src_and_link_but_not_hints():
    page = """<a href="https://a.example/x">a</a> <img src="http://b.example/i.png">
    <link rel="stylesheet" href="https://c.example/s.css"><link rel="preconnect" href="https://fonts.example">
    <a href="mailto:x@example.com">m</a><a href="tel:1">t</a><a href="javascript:go()">j</a>
    <a href="../relative/">r</a><div href="https://not-a-link.example/">d</div>"""
    assert collect.extract_links(LexborHTMLParser(page)) == [
        "https://a.example/x",
        "http://b.example/i.png",
        "https://c.example/s.css",
    ]


def test_the_hook_takes_the_urls_the_checker_will_read():
    body = (
        '<a href="https://a.example/p?a=1&amp;b=2">q</a> <img src="https://b.example/i.png" alt="">'
        '<a href="https://ja.wikipedia.org/wiki/機械学習">j</a> <a href="https://w.example/Foo_(bar)">p</a>'
        '<a href=\'https://a.example/p?a=1&amp;b=2\'>again</a> <a href="../local/">l</a> <a href="#top">t</a>'
    )
    assert link_sources.links_in(body) == [
        "https://a.example/p?a=1&b=2",
        "https://b.example/i.png",
        "https://ja.wikipedia.org/wiki/機械学習",
        "https://w.example/Foo_(bar)",
    ]
    found = collect.extract_links(LexborHTMLParser(body))
    assert [url for url in dict.fromkeys(found) if url.startswith("http")] == link_sources.links_in(body)


def test_each_url_gets_the_first_line_that_holds_it_whole_however_the_markdown_writes_it():
    markdown = (
        "---\ntitle: x\n---\n"
        "see https://a.example/docs/page.html\n"  # 4: holds .../docs only as part of a longer URL
        "[x](https://a.example/docs) and [q](https://a.example/p?a=1&amp;b=2)\n"  # 5
        "[j](https://ja.wikipedia.org/wiki/%E6%A9%9F%E6%A2%B0) [p](https://w.example/Foo_(bar))\n"  # 6
        "[ref]: https://c.example/path#frag\n"  # 7
    )
    urls = [
        "https://a.example/docs/page.html",
        "https://a.example/docs",
        "https://a.example/p?a=1&b=2",
        "https://ja.wikipedia.org/wiki/%E6%A9%9F%E6%A2%B0",
        "https://w.example/Foo_(bar)",
        "https://c.example/path#frag",
        "https://nowhere.example/",
    ]
    assert link_sources.first_lines(urls, markdown) == {
        "https://a.example/docs/page.html": 4,
        "https://a.example/docs": 5,
        "https://a.example/p?a=1&b=2": 5,
        "https://ja.wikipedia.org/wiki/%E6%A9%9F%E6%A2%B0": 6,
        "https://w.example/Foo_(bar)": 6,
        "https://c.example/path#frag": 7,
    }
    assert link_sources.first_lines(
        ["https://ja.wikipedia.org/wiki/機械"], "[j](https://ja.wikipedia.org/wiki/機械)"
    ) == {"https://ja.wikipedia.org/wiki/機械": 1}


def test_a_link_is_reported_with_the_recorded_file_and_line():
    links = [
        Link("https://a.example/p?a=1&b=2", "x/index.html"),
        Link("https://a.example/unknown", "x/index.html"),
        Link("https://a.example/p?a=1&b=2", "print/index.html"),
    ]
    sources = {"x/index.html": {"source": "docs/x.md", "links": {"https://a.example/p?a=1&b=2": 3}}}
    refs = collect.page_refs(links, sources)
    assert refs["https://a.example/p?a=1&b=2"] == (PageRef("x/index.html", "docs/x.md", 3), PageRef("print/index.html"))
    assert refs["https://a.example/unknown"] == (PageRef("x/index.html", "docs/x.md", None),)


def test_a_site_without_a_sources_map_is_checked_and_says_so(serve, capsys, tmp_path):
    server = fixture_server(serve)
    site = fixture_site(tmp_path, server.url(""))
    (site / link_sources.MAP_NAME).unlink()
    result = run(capsys, tmp_path, site, "--format", "markdown")
    assert result.code == 1, result.err
    assert "link-sources.json is missing" in result.err, result.err
    row = next(line for line in result.out.splitlines() if "/gone-410" in line)
    assert "session-01/sagemaker/index.html" in row and ".md:" not in row, row


def test_a_broken_sources_map_is_a_usage_error_naming_it(capsys, tmp_path):
    site = make_site(tmp_path, {"index.html": []})
    (site / link_sources.MAP_NAME).write_text("[1, 2", encoding="utf-8")
    result = run(capsys, tmp_path, site)
    assert result.code == 2, result.err
    assert "link-sources.json: not a link-sources map" in result.err, result.err


def test_title_and_anchors_come_from_one_parsed_tree():
    tree = LexborHTMLParser(
        '<title> Page\n  title </title><h2 id="overview">o</h2><a name="legacy-name"></a><p id="">empty</p>'
    )
    assert page_title(tree) == "Page title"
    assert page_anchors(tree) == {"overview", "legacy-name"}


def test_retry_after_accepts_seconds_and_http_dates():
    assert fetch.retry_after_seconds("120") == 120
    assert fetch.retry_after_seconds("Thu, 01 Jan 1970 00:01:40 GMT", now=40) == 60
    assert fetch.retry_after_seconds("soon") is None


@pytest.mark.parametrize(
    ("url", "final", "home"),
    [
        ("https://a.example/deep/page", "https://a.example/", True),
        ("https://aws.amazon.com/jp/sagemaker/old/", "https://aws.amazon.com/jp/", True),
        ("https://a.example/", "https://www.a.example/", False),
        ("https://a.example/deep/page", "https://a.example/deep/page/", False),
    ],
)
def test_is_home_redirect(url, final, home):
    assert judge.is_home_redirect(url, final) is home


# --- real-world-shaped links (issue 15) ------------------------------------------------


@pytest.mark.parametrize("target", ["/ai/", "/ai-ml/", "/ok", "/ok-page"])
def test_a_page_moved_to_a_short_path_is_redirected_not_a_home_page(serve, capsys, tmp_path, target):
    # /ai/ is a real section of aws.amazon.com: two letters are not a language home.
    server = serve({"/perm": redirect(301, target), target: fixture("page-with-anchors.html")})
    result, link = check_one(capsys, tmp_path, server.url("/perm"))
    seen = (result.code, link["verdict"], link["final_url"])
    assert seen == (0, "redirected", server.url(target)), result.out


@pytest.mark.parametrize(
    "home", ["/jp/?nc1=h_ls", "/jp/index.html", "/ja_jp/", "/en-us/", "/?utm_source=newsletter", "/index.html"]
)
def test_deep_link_sent_to_a_language_home_is_broken(serve, capsys, tmp_path, home):
    path = urlsplit(home).path
    server = serve({"/sagemaker/old-feature/": redirect(302, home), path: fixture("home-page.html")})
    result, link = check_one(capsys, tmp_path, server.url("/sagemaker/old-feature/"))
    assert (result.code, link["verdict"]) == (1, "broken"), result.out
    assert link["reason"].startswith("soft 404: a deep link redirected to the home page"), link


def test_deep_link_sent_to_where_the_host_root_leads_is_broken(serve, capsys, tmp_path):
    # Neither "/" nor a locale: only the host's own root says this is its home page.
    server = serve(
        {
            "/": redirect(302, "/portal/welcome"),
            "/portal/welcome": fixture("home-page.html"),
            "/docs/removed": redirect(301, "/portal/welcome"),
        }
    )
    result, link = check_one(capsys, tmp_path, server.url("/docs/removed"))
    assert (result.code, link["verdict"]) == (1, "broken"), result.out
    assert "home page" in link["reason"], link
    assert server.hits["/"] == 1, "the host's root is asked once"


@pytest.mark.parametrize(("code", "verdict"), [(302, "ok"), (301, "redirected")])
def test_home_link_with_a_tracking_query_sent_to_the_bare_home_is_not_broken(serve, capsys, tmp_path, code, verdict):
    server = serve({"/jp/": sequence(redirect(code, "/jp/"), fixture("home-page.html"))})
    result, link = check_one(capsys, tmp_path, server.url("/jp/?nc1=h_ls"))
    assert (result.code, link["verdict"]) == (0, verdict), result.out


@pytest.mark.parametrize(
    ("fragment", "reason"),
    [
        ("#/estimate?id=0123456789abcdef", "route"),  # calculator.aws
        ("#!/dashboard", "route"),
        ("#:~:text=Amazon%20SageMaker", "text fragment"),  # Chrome's "Copy link to highlight"
        ("#overview:~:text=Overview", "text fragment"),
    ],
)
def test_routes_and_text_fragments_are_not_checked_as_anchors(serve, capsys, tmp_path, fragment, reason):
    server = serve({"/": fixture("page-with-anchors.html")})
    result, link = check_one(capsys, tmp_path, server.url("/" + fragment))
    assert (result.code, link["verdict"]) == (0, "ok"), result.out
    assert reason in link["reason"], link


def test_the_anchor_before_a_text_directive_is_still_checked(serve, capsys, tmp_path):
    server = serve({"/": fixture("page-with-anchors.html")})
    result, link = check_one(capsys, tmp_path, server.url("/#missing-anchor:~:text=x"))
    seen = (result.code, link["verdict"], link["reason"])
    assert seen == (1, "broken", "#missing-anchor not found"), result.out


@pytest.mark.parametrize(
    ("title", "verdict"),
    [
        ("API Gateway の HTTP 404 エラーをトラブルシューティングする | AWS re:Post", "ok"),
        ("Troubleshoot 404 Not Found errors in Amazon S3 | AWS re:Post", "ok"),
        ("ページが存在しません", "broken"),
        ("404 Not Found", "broken"),
    ],
)
def test_soft_404_titles_are_error_pages_not_articles_about_errors(serve, capsys, tmp_path, title, verdict):
    server = serve({"/page": html(f"<!doctype html><title>{title}</title><p>text</p>")})
    result, link = check_one(capsys, tmp_path, server.url("/page"))
    assert link["verdict"] == verdict, result.out


def test_every_default_is_in_the_project_table_and_nowhere_else(tmp_path):
    table = config.project_defaults()
    assert set(table) == set(config.KEYS), set(config.KEYS) ^ set(table)
    lacking = tmp_path / "pyproject.toml"
    lacking.write_text(config.PYPROJECT.read_text(encoding="utf-8").replace("\ntimeout = 20", "\n"), encoding="utf-8")
    with pytest.raises(check_links.UsageError, match="lacks timeout"):
        config.project_defaults(lacking)


# Each configured pattern: a title of an error page it matches, and an article it leaves alone.
SOFT_404_EXAMPLES = {
    r"(?i)(error\s*)?404(\s*error)?": ("Error 404 | Example", "404 エラーの原因 | Example"),
    r"(?i)(404\W*)?(page\s+|file\s+)?not\s+found(\W*404)?": (
        "Page Not Found | Example Docs",
        "Fixing page not found errors | Example",
    ),
    r"(?i)(sorry\W*)?(the\s+|this\s+)?page\s+(does\s+not|doesn't)\s+exist\W*": (
        "Sorry, this page doesn't exist!",
        "What to do when a page does not exist - Example Blog",
    ),
    r"(404\W*)?(お探しの)?ページ(が|は)見つかりません(でした)?\W*": (
        "お探しのページは見つかりませんでした",
        "「ページが見つかりません」と表示される場合 | AWS re:Post",
    ),
    r"(404\W*)?(お探しの)?ページ(が|は)存在しません(でした)?\W*": (
        "404 - ページが存在しません",
        "ページが存在しませんと出る原因 | AWS re:Post",
    ),
}


@pytest.mark.parametrize("pattern", config.project_defaults()["soft-404-titles"])
def test_each_soft_404_pattern_fires_on_an_error_page_and_not_on_an_article(pattern):
    assert pattern in SOFT_404_EXAMPLES, f"add an example pair for {pattern!r}"
    error_page, article = SOFT_404_EXAMPLES[pattern]
    assert judge.is_soft_404_title(error_page, [pattern]), error_page
    assert not judge.is_soft_404_title(article, [pattern]), article


def sets_cookie_then_comes_back(h: BaseHTTPRequestHandler) -> None:
    """A consent or session gate: without the cookie, set it and redirect to the same URL."""
    if "gate=passed" in (h.headers.get("Cookie") or ""):
        respond(h, 200, (DATA / "home-page.html").read_bytes())
    else:
        respond(h, 302, b"", {"Location": h.path, "Set-Cookie": "gate=passed; Path=/"})


def refuses_cookies(h: BaseHTTPRequestHandler) -> None:
    respond(h, 400 if h.headers.get("Cookie") else 200, b"<title>clean</title>")


def test_a_cookie_gate_that_redirects_to_itself_is_not_a_loop(serve, capsys, tmp_path):
    server = serve({"/gate": sets_cookie_then_comes_back, "/z-other": refuses_cookies})
    urls = [server.url("/gate"), server.url("/z-other")]
    result = run(capsys, tmp_path, make_site(tmp_path, {"index.html": urls}), "--per-host", "1")
    assert result.link(urls[0])["verdict"] == "ok", result.out
    assert result.link(urls[1])["verdict"] == "ok", "the cookie stays within its own URL's check"
    assert server.hits["/gate"] == 2, server.hits


@pytest.mark.parametrize(("target", "verdict"), [("/new-page", "redirected"), ("/gone", "broken")])
def test_meta_refresh_is_reported_as_a_redirect(serve, capsys, tmp_path, target, verdict):
    page = (
        f"<!doctype html><html><head><title>Moved</title>"
        f'<meta http-equiv="Refresh" content="0; URL=\'{target}\'">'
        "</head><body>moved</body></html>"
    )
    server = serve({"/old-page": html(page), "/new-page": fixture("page-with-anchors.html"), "/gone": status(404)})
    result, link = check_one(capsys, tmp_path, server.url("/old-page"))
    assert (link["verdict"], link["final_url"]) == (verdict, server.url(target)), result.out
    if verdict == "redirected":
        assert "meta refresh" in link["reason"], link


# --- bounded time, the cache, credentials, the site directory (issue 18) -----------------


def test_timeout_bounds_one_url_with_its_retries(serve, capsys, tmp_path):
    server = serve({"/flaky-then-hang": sequence(status(503), hang)})
    started = time.monotonic()
    result, link = check_one(capsys, tmp_path, server.url("/flaky-then-hang"), "--timeout", "1", retries=2)
    elapsed = time.monotonic() - started
    assert link["verdict"] in ("broken", "unverified"), result.out
    assert elapsed < 1.7, f"--timeout 1 took {elapsed:.1f} s for one URL"
    assert "1 s" in link["reason"], link


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e999"])
def test_timeout_must_be_finite(capsys, tmp_path, value):
    result = run(capsys, tmp_path, make_site(tmp_path, {"index.html": []}), f"--timeout={value}")
    assert result.code == 2 and "--timeout must be" in result.err, result.err


@pytest.mark.parametrize(
    "content",
    [
        '{"version": 1, "entries": [1, 2]}',
        "[]",
        '{"version": 1, "entries": {"https://a.example/": {"checked_at": "yesterday"}}}',
        '{"version": 1, "entries": {"https://a.example/": 3}}',
        "not json at all",
    ],
)
def test_a_bad_cache_is_named_set_aside_and_rebuilt(serve, capsys, tmp_path, content):
    server = serve({"/ok-page": fixture("home-page.html")})
    cache = tmp_path / "cache.json"
    cache.write_text(content, encoding="utf-8")
    result, link = check_one(capsys, tmp_path, server.url("/ok-page"))
    assert (result.code, link["verdict"]) == (0, "ok"), result.out + result.err
    assert "cache.json" in result.err and "set aside" in result.err, result.err
    assert "Traceback" not in result.err, result.err
    assert (tmp_path / "cache.json.bad").read_text(encoding="utf-8") == content, "nothing is lost"
    assert server.url("/ok-page") in json.loads(cache.read_text())["entries"], "a new cache"


def test_an_unwritable_cache_is_a_warning_after_the_report(serve, capsys, tmp_path):
    server = serve({"/gone-410": status(410)})
    (tmp_path / "blocker").write_text("a file where the cache's folder should be")
    result, link = check_one(capsys, tmp_path, server.url("/gone-410"), cache_file="blocker/cache.json")
    assert (result.code, link["verdict"]) == (1, "broken"), "the report and its exit code stay"
    assert "warning" in result.err and "blocker/cache.json" in result.err, result.err
    assert "Traceback" not in result.err, result.err


@pytest.mark.parametrize("report_format", ["json", "text", "markdown", "github"])
def test_credentials_in_urls_are_redacted_and_never_cached(serve, capsys, tmp_path, report_format):
    server = serve({"/ok-page": fixture("home-page.html"), "/gone-410": status(410)})
    urls = [server.url(p).replace("://", "://reader:s3cret-pw@") for p in ("/ok-page", "/gone-410")]
    site = make_site(tmp_path, {"index.html": urls})
    result = run(capsys, tmp_path, site, "--format", report_format)
    assert result.code == 1, result.out
    assert "s3cret-pw" not in result.out + result.err, result.out + result.err
    assert f"//***@127.0.0.1:{server.port}/gone-410" in result.out, result.out
    assert "s3cret-pw" not in (tmp_path / "cache.json").read_text(), "no credentials on disk"
    assert server.hits["/ok-page"] == 1


@pytest.mark.parametrize("layout", ["empty", "no-html"])
def test_a_site_dir_without_html_exits_2(capsys, tmp_path, layout):
    site = tmp_path / "site"
    site.mkdir()
    if layout == "no-html":
        (site / "README.md").write_text("# not built\n")
    result = run(capsys, tmp_path, site)
    assert result.code == 2, result.err
    assert "no HTML files" in result.err and str(site) in result.err, result.err


def test_every_link_written_in_the_markdown_maps_to_the_line_that_holds_it(built_site: Path) -> None:
    links, site_url = collect.collect_links(built_site)
    refs = collect.page_refs(
        [link for link in links if not collect.is_internal(link.url, site_url)],
        collect.read_sources(built_site),
    )
    lines_found: set[tuple[str, str]] = set()
    for url, pages in refs.items():
        for ref in pages:
            if ref.file is None:  # the handout and the 404 page have no Markdown of their own
                assert ref.page in ("print/index.html", "404.html"), (url, ref)
                continue
            source = (ROOT / ref.file).read_text(encoding="utf-8")
            if ref.line is None:  # the theme's own links (Material's footer), not written in the page
                assert url not in source and url.replace("&", "&amp;") not in source, (url, ref)
                continue
            line = source.splitlines()[ref.line - 1]
            assert url in line or url.replace("&", "&amp;") in line, (url, ref, line)
            assert url not in "\n".join(source.splitlines()[: ref.line - 1]), ("not its first line", url, ref)
            lines_found.add((ref.file, url))
    # Every Markdown link and autolink to the web in docs/, found here by their Markdown syntax
    written = {
        (path.relative_to(ROOT).as_posix(), unescape(match[1] or match[2]))
        for path in (ROOT / "docs").rglob("*.md")
        if path.name != "source-notes.md"  # each session's source notes: not published (exclude_docs)
        for match in re.finditer(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>", path.read_text(encoding="utf-8"))
    }
    assert written <= lines_found, written - lines_found


# --- right at any scale, notices, safe reports, a shared cache, refused addresses (issue 27) ---


def test_200_redirected_links_on_one_host_are_all_verified_at_the_pace_the_limits_allow(serve, capsys, tmp_path):
    # Each link is a 301 and then a page: 400 requests to one host. The checker's own
    # queue makes a link's second hop wait behind the other links' first hops; that
    # wait is no part of its --timeout, so a one-second budget is plenty.
    interval = 0.02  # long enough that a busy machine's CPU, not the schedule, is never the limit
    routes = {f"/old/{i}": redirect(301, f"/new/{i}") for i in range(200)}
    routes |= {f"/new/{i}": html(f"<!doctype html><title>page {i}</title>") for i in range(200)}
    server = serve(routes)
    urls = [server.url(f"/old/{i}") for i in range(200)]
    site = make_site(tmp_path, {"index.html": urls})
    result = run(capsys, tmp_path, site, "--per-host", "4", "--interval", str(interval), "--timeout", "1")
    verdicts = Counter(link["verdict"] for link in result.report["links"])
    assert verdicts == {"redirected": 200}, (verdicts, [x["reason"] for x in result.report["links"]][:3])
    starts = sorted(server.starts)
    ideal = (len(starts) - 1) * interval  # every request, each redirect hop included, one interval apart
    assert len(starts) >= 400 and server.max_in_flight <= 4, (len(starts), server.max_in_flight)
    assert starts[-1] - starts[0] <= 1.3 * ideal, f"{starts[-1] - starts[0]:.2f} s for an ideal {ideal:.2f} s"


def test_a_retry_that_the_budget_cannot_fit_is_unverified_not_broken(serve, capsys, tmp_path):
    server = serve({"/flaky": sequence(status(503), status(503), fixture("home-page.html"))})
    result, link = check_one(capsys, tmp_path, server.url("/flaky"), "--timeout", "0.5", retries=2, backoff=1.0)
    assert (result.code, link["verdict"], link["status"]) == (0, "unverified", 503), result.out
    assert "retry skipped: budget" in link["reason"] and "--timeout 0.5 s" in link["reason"], link
    assert server.hits["/flaky"] == 1, "the checker chose not to wait, and said so"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("notice-forecast-english.html", "Amazon Forecast is no longer available to new customers."),
        ("notice-lookout-for-vision-english.html", "End of support notice: On October 31, 2025, AWS will"),
        ("notice-lookout-for-vision-japanese.html", "サポート終了通知: 2025 年 10 月 31 日、 AWS は"),
        ("notice-forecast-japanese.html", "Amazon Forecast は、新規顧客には利用できなくなりました。"),
    ],
)
def test_a_page_announcing_a_closing_keeps_its_verdict_and_gets_its_notice(serve, capsys, tmp_path, name, words):
    server = serve({"/page": fixture(name)})
    result, link = check_one(capsys, tmp_path, server.url("/page"))
    assert (result.code, link["verdict"]) == (0, "ok"), result.out
    assert link["notice"] is not None and link["notice"].startswith(words), link
    assert len(link["notice"]) <= 300 and "\n" not in link["notice"], link["notice"]
    assert result.report["summary"]["notices"] == 1


@pytest.mark.parametrize(
    "name", ["pricing-page-english.html", "pricing-page-japanese.html", "closing-mentioned-far-down.html"]
)
def test_a_page_that_only_talks_about_new_customers_has_no_notice(serve, capsys, tmp_path, name):
    server = serve({"/page": fixture(name)})
    result, link = check_one(capsys, tmp_path, server.url("/page"))
    assert (link["verdict"], link["notice"]) == ("ok", None), result.out


def test_a_redirected_page_keeps_its_verdict_with_its_notice_and_the_patterns_are_configurable(serve, capsys, tmp_path):
    server = serve({"/old": redirect(301, "/new"), "/new": fixture("notice-forecast-english.html")})
    _, link = check_one(capsys, tmp_path, server.url("/old"), "--no-cache")
    assert link["verdict"] == "redirected" and "no longer available" in link["notice"], link
    _, unset = check_one(capsys, tmp_path, server.url("/old"), "--no-cache", notice_patterns=[])
    _, custom = check_one(capsys, tmp_path, server.url("/old"), "--no-cache", notice_patterns=["(?i)guidelines"])
    assert (unset["notice"], custom["notice"]) == (None, "Guidelines and Quotas"), (unset, custom)


# Each configured notice pattern: a notice it finds, and a sentence about new customers it leaves alone.
NOTICE_EXAMPLES = {
    r"(?i)\bno\s+longer\s+(available|open)\s+to\s+new\s+customers\b": (
        "Amazon SageMaker A2I is no longer open to new customers. Existing customers can continue to use it.",
        "The AWS Free Tier is available to new customers for 12 months.",
    ),
    r"(?i)\bend\s+of\s+support\s+notice\b": (
        "End of support notice: On October 7, 2026, AWS will end support for Amazon Lookout for Equipment.",
        "Support for new customers: notice the new console.",
    ),
    r"(?i)\bwill\s+discontinue\s+support\s+for\b": (
        "On October 31, 2025, AWS will discontinue support for Amazon Lookout for Vision.",
        "AWS will continue support for existing and new customers.",
    ),
    "サポート終了通知": (
        "サポート終了通知: 2025 年 10 月 31 日、 AWS は Amazon Lookout for Vision のサポートを終了します。",
        "サポートの通知設定を変更できます。",
    ),
    "新規の?(お客様|顧客)(に|へ|は)は?\\s*(の提供を終了|利用できなくなりました)": (
        "Amazon SageMaker Ground Truth は新規のお客様への提供を終了しました。",
        "新規のお客様は、無料利用枠で 2 か月間お試しいただけます。",
    ),
}


@pytest.mark.parametrize("pattern", config.project_defaults()["notice-patterns"])
def test_each_notice_pattern_finds_a_notice_and_leaves_talk_of_new_customers_alone(pattern):
    assert pattern in NOTICE_EXAMPLES, f"add an example pair for {pattern!r}"
    notice, other = NOTICE_EXAMPLES[pattern]
    for text, expected in ((notice, notice), (other, None)):
        tree = LexborHTMLParser(f"<main><p>{text}</p><h1>Title</h1></main>")
        assert page_notice(tree, [pattern]) == expected, text


def notice_site(tmp_path: Path, urls: list[str]) -> Path:
    """A one-page site whose links the build recorded at docs/index.md, lines 10, 11, ..."""
    site = make_site(tmp_path, {"index.html": urls})
    lines = {url: 10 + i for i, url in enumerate(urls)}
    sources = {"index.html": {"source": "docs/index.md", "links": lines}}
    (site / link_sources.MAP_NAME).write_text(json.dumps(sources), encoding="utf-8")
    return site


@pytest.mark.parametrize("report_format", ["markdown", "text"])
def test_notices_come_first_in_their_own_section_with_page_line_and_notice(serve, capsys, tmp_path, report_format):
    server = serve({"/forecast": fixture("notice-forecast-japanese.html"), "/gone-410": status(410)})
    urls = [server.url("/gone-410"), server.url("/forecast")]
    result = run(capsys, tmp_path, notice_site(tmp_path, urls), "--format", report_format)
    assert result.code == 1, result.out
    lines = result.out.splitlines()
    if report_format == "markdown":
        headings = [line for line in lines if line.startswith("## ")]
        assert headings[0] == "## お知らせ" and len(headings) == 2, headings
        row = next(line for line in lines if "/forecast" in line)
        assert lines.index(row) < lines.index(headings[1]), "the notices come before the broken links"
    else:
        assert lines[0].startswith("お知らせ"), result.out
        at = next(i for i, line in enumerate(lines) if "/forecast" in line)
        row = lines[at] + lines[at + 1]
        assert at < next(i for i, line in enumerate(lines) if line.startswith("BROKEN")), result.out
    assert "docs/index.md:11" in row and "新規顧客には利用できなくなりました" in row, row


def test_a_notice_alone_exits_0(serve, capsys, tmp_path):
    server = serve({"/forecast": fixture("notice-forecast-english.html")})
    result = run(capsys, tmp_path, notice_site(tmp_path, [server.url("/forecast")]), "--format", "markdown")
    assert result.code == 0 and "## お知らせ" in result.out, result.out


HOSTILE = "<img src=x onerror=alert(1)> **bold** _em_ [click](https://evil.example/) @octocat #1 `tick` |pipe|"


def hostile_routes() -> dict[str, Route]:
    title = f"Page Not Found | {HOSTILE} &#27;[31m&#7;"  # the soft-404 part puts the whole title in the reason
    location = "/moved/<img src=x onerror=alert(1)>/**bold**/[click](https://evil.example/)/@octocat"
    banner = f"<main><p>Amazon X is no longer available to new customers. {HOSTILE} &#27;]0;owned&#7;</p></main>"
    return {
        "/title": html(f"<!doctype html><title>{title}</title><p>x</p>"),
        "/location": redirect(301, location),
        "/notice": html(f"<!doctype html><title>fine</title>{banner}"),
    }


def outside_code(rendered: str) -> str:
    return re.sub(r"<code>.*?</code>", "", rendered, flags=re.DOTALL)


@pytest.mark.parametrize("report_format", ["markdown", "text", "github", "json"])
def test_hostile_titles_locations_and_notices_are_escaped_in_every_format(serve, capsys, tmp_path, report_format):
    server = serve(hostile_routes())
    urls = [server.url(path) for path in ("/title", "/location", "/notice")]
    result = run(capsys, tmp_path, notice_site(tmp_path, urls), "--format", report_format)
    assert result.code == 1, result.out
    assert "octocat" in result.out and "evil.example" in result.out, "the web's text is shown, escaped"
    if report_format == "json":
        title = next(link for link in result.report["links"] if link["url"] == urls[0])["reason"]
        assert "<img src=x onerror=alert(1)>" in title, "JSON keeps the text; its readers escape it"
        return
    controls = [c for c in result.out if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert not controls, f"control bytes reached the {report_format} report: {controls!r}"
    if report_format == "markdown":
        from markdown_it import MarkdownIt

        rendered = MarkdownIt("commonmark").enable("table").render(result.out)
        assert rendered.count("<code>") >= 6, rendered
        left = outside_code(rendered)
        for unsafe in ("<img", "<strong>", "<em>", "evil.example", "@octocat", "#1"):
            assert unsafe not in left, f"{unsafe} outside a code span:\n{left}"
        links = re.findall(r'<a href="([^"]*)"', rendered)
        assert set(links) <= set(urls), f"only the links' own URLs are links: {links}"
        table_rows = [line for line in result.out.splitlines() if line.startswith("| ")]
        assert all(
            len(re.split(r"(?<!\\)\|", row)) == len(re.split(r"(?<!\\)\|", table_rows[0])) for row in table_rows[:2]
        )
    if report_format == "github":
        assert all(line.startswith(("::", "total=")) for line in result.out.splitlines()), result.out


def slow_until(other: threading.Event, mine: threading.Event) -> Route:
    """Answer once the other run has also reached its server: both runs are then mid-check."""

    def route(h: BaseHTTPRequestHandler) -> None:
        mine.set()
        other.wait(20)
        respond(h, 200, b"<!doctype html><title>ok</title>")

    return route


def checker(config_path: Path, site: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, str(ROOT / "scripts" / "check_links.py"), "--config", str(config_path), *args]
    return subprocess.Popen([*command, str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_concurrent_runs_sharing_the_cache_lose_nothing(serve, tmp_path):
    first, second = threading.Event(), threading.Event()
    server = serve({"/a": slow_until(second, first), "/b": slow_until(first, second)})
    config_path = write_config(tmp_path)
    runs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        runs.append(checker(config_path, make_site(tmp_path / name, {"index.html": [server.url(f"/{name}")]})))
    outcomes = [process.communicate(timeout=60) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], outcomes
    entries = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))["entries"]
    assert set(entries) == {server.url("/a"), server.url("/b")}, entries
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"


def test_ctrl_c_exits_with_one_line_and_keeps_what_was_verified(serve, tmp_path):
    server = serve({"/fast": fixture("home-page.html"), "/hang": hang})
    site = notice_site(tmp_path, [server.url("/fast"), server.url("/hang")])
    # One request at a time: /hang is asked only once /fast's answer has been judged.
    process = checker(write_config(tmp_path, timeout=30, per_host=1), site)
    deadline = time.monotonic() + 30
    while not server.hits["/hang"] and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130, (process.returncode, err)
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err, err
    entries = json.loads((tmp_path / "cache.json").read_text(encoding="utf-8"))["entries"]
    assert set(entries) == {server.url("/fast")}, entries


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service (link-local)
        "http://10.0.0.1/admin",
        "http://192.168.1.1/",
        "http://[fd00::1]/",  # unique-local
        "http://[fe80::1]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://build-cache.internal/",
    ],
)
def test_a_private_address_is_excluded_and_never_requested(capsys, tmp_path, url):
    # The autouse network guard fails the test if anything tries to connect or resolve.
    result, link = check_one(capsys, tmp_path, url)
    assert (result.code, link["verdict"]) == (0, "excluded"), result.out
    assert link["reason"].startswith("private address"), link


def test_a_redirect_to_a_private_address_is_excluded_and_not_followed(serve, capsys, tmp_path):
    server = serve({"/to-metadata": redirect(302, "http://169.254.169.254/latest/meta-data/iam/")})
    result, link = check_one(capsys, tmp_path, server.url("/to-metadata"))
    assert (result.code, link["verdict"]) == (0, "excluded"), result.out
    assert link["final_url"] == "http://169.254.169.254/latest/meta-data/iam/", link


def test_a_name_that_resolves_to_a_private_address_is_excluded(monkeypatch, capsys, tmp_path):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):  # the name's DNS answer, made up: no query leaves
        if host in ("intranet.example", b"intranet.example"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port or 80))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result, link = check_one(capsys, tmp_path, "http://intranet.example/wiki")
    assert (result.code, link["verdict"]) == (0, "excluded"), result.out
    assert "10.0.0.7" in link["reason"], link


# --- the weekly workflow (.github/workflows/links.yml) ---------------------------------


def links_workflow() -> dict:
    import yaml

    data = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def test_the_links_workflow_files_an_issue_on_broken_links_or_notices_with_least_privilege():
    workflow = links_workflow()
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {}, "no job gets a permission it does not name"
    writers = {name for name, job in jobs.items() if job.get("permissions", {}).get("issues") == "write"}
    assert writers == {"file-issue"}, writers
    filer = jobs["file-issue"]
    assert filer["permissions"] == {"issues": "write"}, filer["permissions"]
    assert not any("checkout" in str(step.get("uses", "")) for step in filer["steps"]), "it runs no repository code"
    assert "status == '1'" in filer["if"] and "notices == 'true'" in filer["if"], filer["if"]
    check_step = next(step for step in jobs["check"]["steps"] if step.get("id") == "check")
    assert f"'^## {report.NOTICES}$'" in check_step["run"], "the workflow looks for the report's own heading"
    node = next(step for step in jobs["check"]["steps"] if "setup-node" in str(step.get("uses", "")))
    assert node["with"]["node-version"] == "24", node


def test_every_action_of_the_links_workflow_is_pinned_by_commit_with_its_tag():
    text = (ROOT / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses, text
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), (action, comment)


def test_a_cached_link_keeps_its_notice(serve, capsys, tmp_path):
    server = serve({"/forecast": fixture("notice-forecast-english.html")})
    site = make_site(tmp_path, {"index.html": [server.url("/forecast")]})
    first, second = run(capsys, tmp_path, site), run(capsys, tmp_path, site)
    assert server.hits["/forecast"] == 1, "the second run read the cache"
    assert second.link(server.url("/forecast"))["reason"] == "cached", second.out
    assert second.link(server.url("/forecast"))["notice"] == first.link(server.url("/forecast"))["notice"] is not None
